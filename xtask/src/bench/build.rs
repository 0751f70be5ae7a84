//! `cargo xtask bench build`: clean release builds of the official SDK's
//! minimal program and of ours, side by side in one run (the machine is
//! shared, so only builds measured under the same load compare). Downloads
//! are excluded (`cargo fetch` first).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use super::{loadavg, shell, write_section};

const BUILD_HEADING: &str = "## Build cost and binary size against the official SDK";

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
    /// The slowest compile units, from cargo's `--timings` report.
    slowest: Vec<String>,
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

pub(super) fn build(root: &Path, with_defaults: bool) -> Result<(), String> {
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
    let mut args = vec!["build", "--release", "--locked", "--timings"];
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
    let timings = target_dir.join("cargo-timings/cargo-timing.html");
    let slowest = slowest_units(&fs::read_to_string(timings).unwrap_or_default(), 6);
    Ok(Built {
        wall_s,
        cpu_s,
        crates,
        sizes,
        slowest,
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

fn mib(bytes: u64) -> String {
    format!("{:.2} MiB", bytes as f64 / (1024.0 * 1024.0))
}

/// The `k` longest units of a cargo `--timings` HTML report, as
/// "name version target seconds"; empty when the format is not recognised.
fn slowest_units(html: &str, k: usize) -> Vec<String> {
    let Some(start) = html.find("const UNIT_DATA = [") else {
        return Vec::new();
    };
    let value = |line: &str, key: &str| {
        let v = line.trim().strip_prefix(&format!("\"{key}\": "))?;
        let v: String = v
            .chars()
            .filter(|c| !matches!(c, '"' | '\\' | ','))
            .collect();
        Some(v.trim().to_owned())
    };
    let mut units = Vec::new();
    let (mut name, mut version, mut target) = (String::new(), String::new(), String::new());
    for line in html[start..].lines().skip(1) {
        if line.starts_with(']') {
            break;
        }
        if let Some(v) = value(line, "name") {
            name = v;
        } else if let Some(v) = value(line, "version") {
            version = v;
        } else if let Some(v) = value(line, "target") {
            target = v;
        } else if let Some(d) = value(line, "duration").and_then(|v| v.parse::<f64>().ok()) {
            let unit = format!("{name} {version} {target} {d:.1}");
            units.push((d, unit.split_whitespace().collect::<Vec<_>>().join(" ")));
        }
    }
    units.sort_by(|a, b| b.0.total_cmp(&a.0));
    units.into_iter().take(k).map(|(_, u)| u).collect()
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
    for m in results {
        if let Ok(b) = &m.outcome {
            t.push_str(&format!(
                "\nSlowest units of {} (seconds; two jobs overlap): {}\n",
                m.label,
                b.slowest.join(", ")
            ));
        }
    }
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
            "- {label} / official lean: wall {wall:.2} (goal <= 0.33: {}), CPU {cpu:.2} (<= 0.33: {}; \
             CPU depends less on the load than wall does)",
            verdict(wall <= 1.0 / 3.0),
            verdict(cpu <= 1.0 / 3.0)
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
    // The interim program (before the client existed) only serialized.
    let ours_does = if our_src.contains("serialize_request(") {
        "builds the input and serializes the request with the runtime (the client was not on main yet), no call"
    } else {
        "builds a `Client` and sends the call"
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

#[cfg(test)]
mod tests {
    use super::slowest_units;

    #[test]
    fn slowest_units_are_read_from_cargo_timings() {
        let html = "<script>\nconst UNIT_DATA = [\n  {\n    \"i\": 0,\n    \"name\": \"ring\",\n    \
                    \"version\": \"0.17.14\",\n    \"target\": \" build script (run)\",\n    \
                    \"duration\": 7.52,\n  },\n  {\n    \"i\": 1,\n    \"name\": \"tt\",\n    \
                    \"version\": \"0.1.0\",\n    \"target\": \" tt \\\"bin\\\"\",\n    \
                    \"duration\": 12.0,\n  }\n];\nconst OTHER = [\n    \"duration\": 99,\n";
        assert_eq!(
            slowest_units(html, 5),
            [
                "tt 0.1.0 tt bin 12.0",
                "ring 0.17.14 build script (run) 7.5"
            ]
        );
        assert_eq!(slowest_units(html, 1).len(), 1);
        assert!(slowest_units("no report", 5).is_empty());
    }
}
