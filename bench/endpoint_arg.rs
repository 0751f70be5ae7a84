//! The command line both minimal programs take, shared by `#[path]` so they
//! stay the same program: `--endpoint http://127.0.0.1:PORT`, nothing else.
//! Any other endpoint is refused, so neither can ever reach AWS.

use std::process::ExitCode;

/// The endpoint, or the exit code after printing the usage.
pub fn endpoint_from_args() -> Result<String, ExitCode> {
    let mut args = std::env::args();
    let program = args.next().unwrap_or_default();
    match (args.next().as_deref(), args.next(), args.next()) {
        (Some("--endpoint"), Some(url), None) if url.starts_with("http://127.0.0.1:") => Ok(url),
        _ => {
            eprintln!("usage: {program} --endpoint http://127.0.0.1:PORT");
            Err(ExitCode::from(2))
        }
    }
}
