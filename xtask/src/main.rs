//! `cargo xtask codegen [--check]` and `cargo xtask update-model`.

mod bench;

use std::process::ExitCode;

use xtask::{Mode, codegen, model_update, workspace_root};

const USAGE: &str = "usage: cargo xtask codegen [--check] | cargo xtask update-model";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let root = workspace_root();
    let result = match args.as_slice() {
        ["codegen"] => run_codegen(&root, Mode::Write),
        ["codegen", "--check"] => run_codegen(&root, Mode::Check),
        ["update-model"] => model_update::update(&root).map(|version| {
            println!("model updated from botocore {version}; now run: cargo xtask codegen, then review snapshots");
        }),
        ["bench", rest @ ..] => bench::run(&root, rest),
        _ => Err(USAGE.to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

fn run_codegen(root: &std::path::Path, mode: Mode) -> Result<(), String> {
    let started = std::time::Instant::now();
    let report = codegen(root, mode)?;
    match mode {
        Mode::Write => {
            println!(
                "generated {} files ({} lines) in {} ms: {} written, {} stale removed",
                report.total,
                report.lines,
                started.elapsed().as_millis(),
                report.changed.len(),
                report.removed.len()
            );
            Ok(())
        }
        Mode::Check if report.is_fresh() => Ok(()),
        Mode::Check => {
            for p in &report.changed {
                eprintln!("stale: generated/{}", p.display());
            }
            for p in &report.removed {
                eprintln!("no longer generated: generated/{}", p.display());
            }
            Err("generated/ is out of date; run: cargo xtask codegen".to_owned())
        }
    }
}
