//! `cargo xtask bench build [--with-defaults]` and `cargo xtask bench codegen [-n N]`.
//!
//! `build` compares clean release builds of `bench/official-minimal` (the
//! official SDK) and `bench/our-minimal` (our crate), plus our crate alone
//! inside the workspace, in ONE run: the machine is shared, so only builds
//! measured side by side under the same load compare. Downloads are excluded
//! (`cargo fetch` first). `codegen` times the codegen library in-process from
//! a release build of xtask. Both print a table and rewrite their own section
//! of `BENCHMARKS.md`, leaving other sections alone.

mod build;

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use xtask::{Mode, codegen};

const USAGE: &str =
    "usage: cargo xtask bench build [--with-defaults] | cargo xtask bench codegen [-n N]";
const CODEGEN_HEADING: &str = "## Code generation";

pub fn run(root: &Path, args: &[&str]) -> Result<(), String> {
    match args {
        ["build"] => build::build(root, false),
        ["build", "--with-defaults"] => build::build(root, true),
        ["codegen"] => bench_codegen(root, 20),
        ["codegen", "-n", n] => match n.parse() {
            Ok(n) if n > 0 => bench_codegen(root, n),
            _ => Err(USAGE.to_owned()),
        },
        _ => Err(USAGE.to_owned()),
    }
}

fn loadavg() -> String {
    fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".to_owned())
}

/// The trimmed stdout of a shell command, or "unknown".
fn shell(command: &str) -> String {
    Command::new("sh")
        .args(["-c", command])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_else(|| "unknown".to_owned())
}

fn bench_codegen(root: &Path, n: usize) -> Result<(), String> {
    if cfg!(debug_assertions) {
        // The target is for a release build of xtask: rerun as one.
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
        let n = n.to_string();
        let status = Command::new(cargo)
            .args([
                "run",
                "--release",
                "--quiet",
                "-p",
                "xtask",
                "--",
                "bench",
                "codegen",
                "-n",
                &n,
            ])
            .current_dir(root)
            .status()
            .map_err(|e| format!("cargo run --release: {e}"))?;
        return if status.success() {
            Ok(())
        } else {
            Err(format!("release xtask failed: {status}"))
        };
    }
    let load_start = loadavg();
    let mut times = Vec::with_capacity(n);
    let mut stale = 0;
    for _ in 0..n {
        let start = Instant::now();
        // What `cargo xtask codegen` does on a fresh tree (read the model,
        // generate, compare every file), without writing.
        let report = codegen(root, Mode::Check)?;
        times.push(start.elapsed());
        stale = report.changed.len() + report.removed.len();
    }
    let load_end = loadavg();
    times.sort();
    let median = times[n / 2];
    let (files, lines, gen_files, gen_lines) = count_generated(&root.join("generated/src"))?;
    let secs = |d: Duration| format!("{:.3} s", d.as_secs_f64());
    let body = format!(
        "Command: `cargo xtask bench codegen` (re-runs itself as a release build of xtask, then calls the codegen \
         library in-process N={n} times: read the model, generate, compare with `generated/`, write nothing).\n\n\
         Run: {}, {} CPUs, load average {load_start} at start, {load_end} at end.\n\n\
         | runs | median | min | max | goal |\n|---|---|---|---|---|\n\
         | {n} | {} | {} | {} | < 2 s: {} |\n\n\
         Generated code: {gen_files} files, {gen_lines} lines with the `@generated` header \
         ({files} `.rs` files, {lines} lines in `generated/src` including the handwritten facade).{}\n",
        shell("date -u +%Y-%m-%dT%H:%M:%SZ"),
        shell("nproc"),
        secs(median),
        secs(times[0]),
        secs(times[n - 1]),
        if median < Duration::from_secs(2) {
            "met"
        } else {
            "NOT met"
        },
        if stale > 0 {
            format!(" Note: {stale} generated files were stale at the time.")
        } else {
            String::new()
        },
    );
    println!("{body}");
    write_section(root, CODEGEN_HEADING, &body)
}

/// (all .rs files, their lines, files with the generated header, their lines).
fn count_generated(dir: &Path) -> Result<(usize, usize, usize, usize), String> {
    let mut counts = (0, 0, 0, 0);
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))? {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text =
                    fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
                let lines = text.lines().count();
                counts.0 += 1;
                counts.1 += lines;
                if text.starts_with(codeartifact_codegen::HEADER) {
                    counts.2 += 1;
                    counts.3 += lines;
                }
            }
        }
    }
    Ok(counts)
}

/// Replaces the section under `heading` in BENCHMARKS.md, or appends it.
fn write_section(root: &Path, heading: &str, body: &str) -> Result<(), String> {
    let path = root.join("BENCHMARKS.md");
    let text = fs::read_to_string(&path).unwrap_or_else(|_| {
        "# Benchmarks\n\nEach section is written by the command it names; re-running the command rewrites \
         only its own section.\n"
            .to_owned()
    });
    fs::write(&path, upsert_section(&text, heading, body))
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// `text` with the section under `heading` (up to the next `## `) replaced
/// by `body`, or with it appended: each benchmark owns its section.
fn upsert_section(text: &str, heading: &str, body: &str) -> String {
    let section = format!("{heading}\n\n{}\n", body.trim_end());
    let Some(at) = text.find(&format!("\n{heading}\n")) else {
        return format!("{}\n\n{section}", text.trim_end_matches('\n'));
    };
    let start = at + 1;
    let after = start + heading.len();
    match text[after..].find("\n## ") {
        Some(i) => format!("{}{section}\n{}", &text[..start], &text[after + i + 1..]),
        None => format!("{}{section}", &text[..start]),
    }
}

#[cfg(test)]
mod tests {
    use super::upsert_section;

    #[test]
    fn a_section_is_replaced_in_place_and_others_are_kept() {
        let text = "# Benchmarks\n\n## A\n\nold a\n\n## B\n\nb stays\n";
        let out = upsert_section(text, "## A", "new a\n");
        assert_eq!(out, "# Benchmarks\n\n## A\n\nnew a\n\n## B\n\nb stays\n");
        let out = upsert_section(&out, "## B", "new b");
        assert_eq!(out, "# Benchmarks\n\n## A\n\nnew a\n\n## B\n\nnew b\n");
    }

    #[test]
    fn a_new_section_is_appended() {
        let out = upsert_section("# Benchmarks\n\n## A\n\na\n", "## C", "c");
        assert_eq!(out, "# Benchmarks\n\n## A\n\na\n\n## C\n\nc\n");
    }
}
