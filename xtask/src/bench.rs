//! `cargo xtask bench build [--with-defaults]` and `cargo xtask bench codegen [-n N]`.
//!
//! `build` compares clean release builds of `bench/official-minimal` (the
//! official SDK) and `bench/our-minimal` (our crate), plus our crate alone
//! inside the workspace, in ONE run: the machine is shared, so only builds
//! measured side by side under the same load compare. Downloads are excluded
//! (`cargo fetch` first). `codegen` times the codegen library in-process from
//! a release build of xtask. Both print a table and rewrite their own section
//! of `BENCHMARKS.md`, leaving other sections alone.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use xtask::{Mode, codegen};

const USAGE: &str =
    "usage: cargo xtask bench build [--with-defaults] | cargo xtask bench codegen [-n N]";
const BUILD_HEADING: &str = "## Build cost and binary size against the official SDK";
const CODEGEN_HEADING: &str = "## Code generation";

pub fn run(root: &Path, args: &[&str]) -> Result<(), String> {
    match args {
        ["build"] => build(root, false),
        ["build", "--with-defaults"] => build(root, true),
        ["codegen"] => bench_codegen(root, 20),
        ["codegen", "-n", n] => match n.parse() {
            Ok(n) if n > 0 => bench_codegen(root, n),
            _ => Err(USAGE.to_owned()),
        },
        _ => Err(USAGE.to_owned()),
    }
}

/// One clean release build to measure.
struct Target {
    label: &'static str,
    /// The directory `cargo` runs in (a standalone project or the workspace).
    dir: PathBuf,
    cargo_args: &'static [&'static str],
    /// The binary whose size is reported, if the build makes one.
    bin: Option<&'static str>,
}

/// What one build cost and produced.
struct Measured {
    label: &'static str,
    outcome: Result<Built, String>,
    load_start: String,
}

struct Built {
    wall_s: f64,
    cpu_s: f64,
    crates: usize,
    sizes: Option<(u64, u64)>,
}

fn targets(root: &Path, with_defaults: bool) -> Vec<Target> {
    let official = root.join("bench/official-minimal");
    let mut out = vec![Target {
        label: "official-minimal (lean)",
        dir: official.clone(),
        cargo_args: &[],
        bin: Some("official-minimal"),
    }];
    if with_defaults {
        out.push(Target {
            label: "official-minimal (default features)",
            dir: official,
            cargo_args: &["--features", "sdk-defaults"],
            bin: Some("official-minimal"),
        });
    }
    out.push(Target {
        label: "our-minimal",
        dir: root.join("bench/our-minimal"),
        cargo_args: &[],
        bin: Some("our-minimal"),
    });
    out.push(Target {
        label: "codeartifact alone (-p codeartifact)",
        dir: root.to_path_buf(),
        cargo_args: &["-p", "codeartifact"],
        bin: None,
    });
    out
}

fn build(root: &Path, with_defaults: bool) -> Result<(), String> {
    let load_start = loadavg();
    let started = shell("date -u +%Y-%m-%dT%H:%M:%SZ");
    let targets = targets(root, with_defaults);
    // Same dependency versions as the workspace: the copy is pruned by cargo.
    let our_lock = root.join("bench/our-minimal/Cargo.lock");
    fs::copy(root.join("Cargo.lock"), &our_lock)
        .map_err(|e| format!("{}: {e}", our_lock.display()))?;
    let mut fetch_errors = Vec::new();
    for t in &targets {
        eprintln!("== cargo fetch in {} (untimed)", t.dir.display());
        if let Err(e) = run_cargo(&t.dir, &["fetch"], None) {
            fetch_errors.push(format!("{}: cargo fetch failed: {}", t.label, e.1));
        }
    }
    let mut results = Vec::new();
    for t in &targets {
        eprintln!("== clean cargo build --release: {}", t.label);
        let load = loadavg();
        let outcome = measure(root, t);
        if let Err(e) = &outcome {
            eprintln!("{}: {e}", t.label);
        }
        results.push(Measured {
            label: t.label,
            outcome,
            load_start: load,
        });
    }
    let load_end = loadavg();
    let table = build_table(&results);
    println!("{table}");
    let body = build_section(
        root,
        &started,
        &load_start,
        &load_end,
        &table,
        &fetch_errors,
    );
    write_section(root, BUILD_HEADING, &body)?;
    println!("written to BENCHMARKS.md, section \"{BUILD_HEADING}\"");
    Ok(())
}

/// A clean `cargo build --release` of `t` in its own target directory.
fn measure(root: &Path, t: &Target) -> Result<Built, String> {
    let slug: String = t
        .label
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let target_dir = root.join("target/bench-build").join(slug);
    if target_dir.exists() {
        fs::remove_dir_all(&target_dir).map_err(|e| format!("{}: {e}", target_dir.display()))?;
    }
    let mut args = vec!["build", "--release", "--locked"];
    args.extend_from_slice(t.cargo_args);
    let cpu_before = children_cpu_s();
    let start = Instant::now();
    let result = run_cargo(&t.dir, &args, Some(&target_dir));
    let wall_s = start.elapsed().as_secs_f64();
    let cpu_s = children_cpu_s() - cpu_before;
    let stderr = result.map_err(|(code, tail)| format!("build failed ({code}): {tail}"))?;
    let crates = stderr
        .lines()
        .filter(|l| l.trim_start().starts_with("Compiling "))
        .count();
    let sizes = match t.bin {
        Some(bin) => Some(binary_sizes(&target_dir.join("release").join(bin))?),
        None => None,
    };
    Ok(Built {
        wall_s,
        cpu_s,
        crates,
        sizes,
    })
}

/// Runs cargo with a clean build environment; Ok(stderr) or Err((status, stderr tail)).
fn run_cargo(
    dir: &Path,
    args: &[&str],
    target_dir: Option<&Path>,
) -> Result<String, (String, String)> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut cmd = Command::new(cargo);
    cmd.args(args).current_dir(dir);
    for var in [
        "CARGO_TARGET_DIR",
        "CARGO_BUILD_TARGET_DIR",
        "RUSTFLAGS",
        "CARGO_ENCODED_RUSTFLAGS",
        "CARGO_INCREMENTAL",
        "RUSTC_WRAPPER",
        "CARGO_BUILD_RUSTC_WRAPPER",
    ] {
        cmd.env_remove(var);
    }
    if let Some(t) = target_dir {
        cmd.env("CARGO_TARGET_DIR", t);
    }
    cmd.env("CARGO_TERM_COLOR", "never")
        .env("CARGO_TERM_PROGRESS_WHEN", "never");
    let out = cmd
        .output()
        .map_err(|e| ("not started".to_owned(), e.to_string()))?;
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    if out.status.success() {
        Ok(stderr)
    } else {
        let lines: Vec<&str> = stderr.lines().collect();
        let tail = lines[lines.len().saturating_sub(15)..].join("\n");
        Err((out.status.to_string(), tail))
    }
}

/// (release binary bytes, stripped bytes); strips a copy.
fn binary_sizes(bin: &Path) -> Result<(u64, u64), String> {
    let size = |p: &Path| {
        fs::metadata(p)
            .map(|m| m.len())
            .map_err(|e| format!("{}: {e}", p.display()))
    };
    let stripped = bin.with_extension("stripped");
    fs::copy(bin, &stripped).map_err(|e| format!("{}: {e}", stripped.display()))?;
    let status = Command::new("strip")
        .arg(&stripped)
        .status()
        .map_err(|e| format!("strip: {e}"))?;
    if !status.success() {
        return Err(format!("strip {} failed: {status}", stripped.display()));
    }
    Ok((size(bin)?, size(&stripped)?))
}

/// User + system CPU seconds of the children this process has waited for
/// (cargo, and through it every rustc and build script): fields 16 and 17 of
/// `/proc/self/stat`, in clock ticks. 0 where /proc is unavailable.
fn children_cpu_s() -> f64 {
    let Ok(stat) = fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // The command name may hold spaces; the fields after it are fixed.
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    let hz = shell("getconf CLK_TCK").parse::<f64>().unwrap_or(100.0);
    (ticks(13) + ticks(14)) / hz
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

fn mib(bytes: u64) -> String {
    format!("{:.2} MiB", bytes as f64 / (1024.0 * 1024.0))
}

fn build_table(results: &[Measured]) -> String {
    let mut t = String::from(
        "| build | wall | CPU (user+sys) | crates compiled | release binary | stripped | load avg at start |\n\
         |---|---|---|---|---|---|---|\n",
    );
    for m in results {
        let row = match &m.outcome {
            Ok(b) => {
                let (bin, stripped) = b
                    .sizes
                    .map_or(("-".to_owned(), "-".to_owned()), |(a, s)| (mib(a), mib(s)));
                format!(
                    "{:.1} s | {:.1} s | {} | {bin} | {stripped}",
                    b.wall_s, b.cpu_s, b.crates
                )
            }
            Err(e) => format!("FAILED: {} | - | - | - | -", e.replace(['\n', '|'], " ")),
        };
        t.push_str(&format!("| {} | {row} | {} |\n", m.label, m.load_start));
    }
    t.push('\n');
    t.push_str(&ratios(results));
    t
}

/// Ours over theirs (lean), and whether the issues' goals are met.
fn ratios(results: &[Measured]) -> String {
    let get = |label: &str| {
        results
            .iter()
            .find(|m| m.label == label)
            .and_then(|m| m.outcome.as_ref().ok())
    };
    let Some(theirs) = get("official-minimal (lean)") else {
        return "No ratio: the official SDK's build did not complete.\n".to_owned();
    };
    let mut out = String::new();
    let verdict = |ok: bool| if ok { "met" } else { "NOT met" };
    for label in ["our-minimal", "codeartifact alone (-p codeartifact)"] {
        let Some(ours) = get(label) else { continue };
        let wall = ours.wall_s / theirs.wall_s;
        let cpu = ours.cpu_s / theirs.cpu_s;
        out.push_str(&format!(
            "- {label} / official lean: wall {wall:.2}, CPU {cpu:.2} (goal <= 0.33: {})",
            verdict(wall <= 1.0 / 3.0)
        ));
        if let (Some((_, s_ours)), Some((_, s_theirs))) = (ours.sizes, theirs.sizes) {
            let size = s_ours as f64 / s_theirs as f64;
            out.push_str(&format!(
                "; stripped binary {size:.2} (goal <= 0.5: {})",
                verdict(size <= 0.5)
            ));
        }
        out.push('\n');
    }
    out
}

fn build_section(
    root: &Path,
    started: &str,
    load_start: &str,
    load_end: &str,
    table: &str,
    fetch_errors: &[String],
) -> String {
    let our_src =
        fs::read_to_string(root.join("bench/our-minimal/src/main.rs")).unwrap_or_default();
    let ours_does = if our_src.contains("Client::new(") {
        "builds a `Client` and sends the call"
    } else {
        "builds the input and serializes the request with the runtime (the client was not on main yet), no call"
    };
    let mut s = format!(
        "Command: `cargo xtask bench build` (one run, builds in sequence, `cargo fetch` first so no download is timed; \
         each build clean in its own `target/bench-build/<name>`, `cargo build --release --locked`).\n\n\
         Run: {started}, {} CPUs (`nproc`), {}, {}. Load average (1/5/15 min) at start {load_start}, at end {load_end}; \
         the machine is shared, so compare rows of the same run only.\n\n\
         Programs: `bench/official-minimal` (aws-sdk-codeartifact + aws-config, versions in its Cargo.lock, lean features \
         `default-https-client`,`rt-tokio`; one UpdatePackageVersionsStatus call) and `bench/our-minimal` \
         (our `codeartifact` crate; {ours_does}). The anchor measured the official lean build at 158 s and 10.3 MiB \
         stripped on an idle machine.\n\n{table}",
        shell("nproc"),
        shell("rustc -V"),
        shell("uname -m"),
    );
    for e in fetch_errors {
        s.push_str(&format!("\n{e}\n"));
    }
    s
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
