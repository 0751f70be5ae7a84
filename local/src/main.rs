//! `codeartifact-local`: run the emulator until SIGINT/SIGTERM.

use std::path::PathBuf;
use std::process::ExitCode;

use codeartifact_local::{Credential, Durability, Fault, Options, Server};

const USAGE: &str =
    "usage: codeartifact-local [--port N] [--host IP] (--data-dir DIR | --in-memory)
       [--credentials ID:SECRET[:ACCOUNT]]... [--no-auth] [--region R] [--sync normal|full]
       [--fault-rate F --fault throttle|unavailable|reset|delay=2s]

Defaults: --port 4566 --host 127.0.0.1 --data-dir ./.codeartifact-local, credentials test/test
(account 000000000000).";

fn value(args: &mut impl Iterator<Item = String>, flag: &str) -> Result<String, String> {
    args.next().ok_or_else(|| format!("{flag} needs a value"))
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Options, String> {
    let mut options = Options::persistent(PathBuf::from("./.codeartifact-local")).port(4566);
    let (mut rate, mut fault) = (None, None);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--port" => {
                options.port = value(&mut args, &arg)?
                    .parse()
                    .map_err(|e| format!("--port: {e}"))?
            }
            "--host" => {
                options.host = value(&mut args, &arg)?
                    .parse()
                    .map_err(|e| format!("--host: {e}"))?
            }
            "--data-dir" => options.data_dir = Some(PathBuf::from(value(&mut args, &arg)?)),
            "--in-memory" => options.data_dir = None,
            "--credentials" => {
                options = options.credential(Credential::parse(&value(&mut args, &arg)?)?)
            }
            "--no-auth" => options = options.no_auth(),
            "--region" => options = options.region(value(&mut args, &arg)?),
            "--sync" => {
                options.durability = match value(&mut args, &arg)?.as_str() {
                    "normal" => Durability::Process,
                    "full" => Durability::Power,
                    other => return Err(format!("--sync: expected normal or full, got '{other}'")),
                }
            }
            "--fault-rate" => {
                rate = Some(
                    value(&mut args, &arg)?
                        .parse::<f64>()
                        .map_err(|e| format!("--fault-rate: {e}"))?,
                )
            }
            "--fault" => fault = Some(Fault::parse(&value(&mut args, &arg)?)?),
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument '{other}'")),
        }
    }
    match (rate, fault) {
        (Some(r), Some(f)) => options = options.fault(r, f),
        (None, Some(f)) => options = options.fault(1.0, f),
        (Some(_), None) => return Err("--fault-rate needs --fault".into()),
        (None, None) => {}
    }
    Ok(options)
}

async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

#[tokio::main]
async fn main() -> ExitCode {
    let options = match parse_args(std::env::args().skip(1)) {
        Ok(o) => o,
        Err(msg) => {
            if !msg.is_empty() {
                eprintln!("error: {msg}");
            }
            eprintln!("{USAGE}");
            return if msg.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            };
        }
    };
    let storage = options
        .data_dir
        .as_ref()
        .map_or("in memory".to_owned(), |d| d.display().to_string());
    let running = match Server::start(options).await {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    // The first stdout line is the endpoint, so scripts can read it.
    println!("{}", running.endpoint_url());
    eprintln!(
        "codeartifact-local listening on {} (storage: {storage})",
        running.endpoint_url()
    );
    wait_for_signal().await;
    eprintln!("shutting down");
    running.shutdown().await;
    ExitCode::SUCCESS
}
