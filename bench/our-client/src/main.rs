//! Bench client: our SDK calling `UpdatePackageVersionsStatus` against the
//! anchor-bench stub server, printing the one-line `key=value` result the
//! harness reads (`shared/anchor-bench/README.md`, "Output format").
//!
//! `--endpoint URL -n N -c C [--warmup W] [--max-seconds S] [--threads T]`.
//! `--threads 1` (the default) runs on a current-thread tokio runtime, the
//! cheapest for a client that mostly waits on one socket; `T > 1` uses a
//! multi-thread runtime with T workers (row label `ours-mtT`).

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use codeartifact::types::{PackageFormat, PackageVersionStatus};
use codeartifact::{Client, Config, Credentials, ProvideErrorMetadata};

struct Args {
    endpoint: String,
    n: usize,
    c: usize,
    warmup: usize,
    max_seconds: f64,
    threads: usize,
}

fn usage() -> ! {
    eprintln!(
        "usage: codeartifact-bench --endpoint URL [-n N] [-c C] [--warmup W] [--max-seconds S] [--threads T]"
    );
    std::process::exit(2)
}

fn num<T: std::str::FromStr>(value: Option<String>) -> T {
    value
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| usage())
}

fn parse_args() -> Args {
    let mut a = Args {
        endpoint: String::new(),
        n: 2000,
        c: 1,
        warmup: 20,
        max_seconds: 300.0,
        threads: 1,
    };
    let mut it = std::env::args().skip(1);
    while let Some(k) = it.next() {
        match k.as_str() {
            "--endpoint" => a.endpoint = it.next().unwrap_or_else(|| usage()),
            "-n" => a.n = num(it.next()),
            "-c" => a.c = num(it.next()),
            "--warmup" => a.warmup = num(it.next()),
            "--max-seconds" => a.max_seconds = num(it.next()),
            "--threads" => a.threads = num(it.next()),
            _ => usage(),
        }
    }
    if a.endpoint.is_empty() || a.c == 0 || a.threads == 0 {
        usage();
    }
    a
}

/// (user s, system s, max RSS KiB) of the whole process, all threads.
fn rusage() -> (f64, f64, i64) {
    use nix::sys::resource::{UsageWho, getrusage};
    match getrusage(UsageWho::RUSAGE_SELF) {
        Ok(u) => {
            let tv = |t: nix::sys::time::TimeVal| t.tv_sec() as f64 + t.tv_usec() as f64 / 1e6;
            (tv(u.user_time()), tv(u.system_time()), u.max_rss())
        }
        Err(_) => (0.0, 0.0, 0),
    }
}

/// The prepared input parts, cloned into every call as the anchors do.
struct Payload {
    versions: Vec<String>,
    revisions: HashMap<String, String>,
}

impl Payload {
    fn new() -> Self {
        let versions: Vec<String> = (0..10).map(|i| format!("1.0.{i}")).collect();
        let revisions = versions
            .iter()
            .enumerate()
            .map(|(i, v)| (v.clone(), format!("rev-{i:04}-abc")))
            .collect();
        Self {
            versions,
            revisions,
        }
    }
}

static ERROR_PRINTED: AtomicBool = AtomicBool::new(false);

/// One call; `Err` carries a short failure code.
async fn one_call(client: &Client, p: &Payload) -> Result<(), String> {
    let result = client
        .update_package_versions_status()
        .domain("bench-domain")
        .domain_owner("111122223333")
        .repository("bench-repo")
        .format(PackageFormat::Npm)
        .namespace("bench")
        .package("bench-pkg")
        .set_versions(Some(p.versions.clone()))
        .set_version_revisions(Some(p.revisions.clone()))
        .expected_status(PackageVersionStatus::Published)
        .target_status(PackageVersionStatus::Archived)
        .send()
        .await;
    match result {
        Ok(out) => match out.successful_versions().map_or(0, |m| m.len()) {
            10 => Ok(()),
            n => Err(format!("BadResponse(successfulVersions={n})")),
        },
        Err(e) => {
            if !ERROR_PRINTED.swap(true, Ordering::Relaxed) {
                eprintln!("first_error: {e}");
            }
            let code = e.code().map(str::to_owned);
            Err(code.unwrap_or_else(|| {
                format!("{e:?}")
                    .split(['(', ' ', '{'])
                    .next()
                    .unwrap_or("Unknown")
                    .to_owned()
            }))
        }
    }
}

#[derive(Default)]
struct WorkerResult {
    lat_us: Vec<u64>,
    ok: usize,
    err: usize,
    first_error: Option<String>,
}

fn pct(sorted: &[u64], q: f64) -> u64 {
    if sorted.is_empty() {
        return 0;
    }
    sorted[((sorted.len() as f64 - 1.0) * q).round() as usize]
}

async fn worker(
    client: Client,
    payload: Arc<Payload>,
    next: Arc<AtomicUsize>,
    n: usize,
    deadline: Instant,
) -> WorkerResult {
    let mut r = WorkerResult {
        lat_us: Vec::with_capacity(n + 1),
        ..Default::default()
    };
    while next.fetch_add(1, Ordering::Relaxed) < n && Instant::now() < deadline {
        let t = Instant::now();
        let out = one_call(&client, &payload).await;
        r.lat_us.push(t.elapsed().as_micros() as u64);
        match out {
            Ok(()) => r.ok += 1,
            Err(code) => {
                r.err += 1;
                r.first_error.get_or_insert(code);
            }
        }
    }
    r
}

async fn run(a: Args) {
    let t_setup = Instant::now();
    let config = Config::builder()
        .region("us-west-2")
        .credentials_provider(Credentials::from_keys(
            "AKIDOURBENCH00000000",
            "our-bench-secret-key-not-real-0000000",
            None,
        ))
        .endpoint_url(&a.endpoint)
        .build();
    let client = Client::new(config);
    let payload = Arc::new(Payload::new());
    let setup_ms = t_setup.elapsed().as_secs_f64() * 1e3;

    let mut warm_error = None;
    for _ in 0..a.warmup {
        if let Err(code) = one_call(&client, &payload).await {
            warm_error.get_or_insert(code);
        }
    }

    let deadline = Instant::now() + Duration::from_secs_f64(a.max_seconds);
    let next = Arc::new(AtomicUsize::new(0));
    let (u0, s0, _) = rusage();
    let t0 = Instant::now();
    let handles: Vec<_> = (0..a.c)
        .map(|_| {
            tokio::spawn(worker(
                client.clone(),
                payload.clone(),
                next.clone(),
                a.n,
                deadline,
            ))
        })
        .collect();
    let mut all = WorkerResult::default();
    for h in handles {
        match h.await {
            Ok(r) => {
                all.lat_us.extend(r.lat_us);
                all.ok += r.ok;
                all.err += r.err;
                if all.first_error.is_none() {
                    all.first_error = r.first_error;
                }
            }
            Err(e) => eprintln!("worker failed: {e}"),
        }
    }
    let wall = t0.elapsed().as_secs_f64();
    let (u1, s1, maxrss) = rusage();
    let done = all.ok + all.err;
    all.lat_us.sort_unstable();
    let cpu = (u1 - u0) + (s1 - s0);
    let label = if a.threads > 1 {
        format!("ours-mt{}", a.threads)
    } else {
        "ours".to_owned()
    };
    println!(
        "client={label} n={} c={} warmup={} ok={} err={} wall_s={wall:.6} rps={:.1} cpu_user_s={:.6} cpu_sys_s={:.6} \
         cpu_us_per_req={:.2} p50_us={} p99_us={} max_us={} maxrss_kb={maxrss} setup_ms={setup_ms:.1} timed_out={} first_error={}",
        a.n,
        a.c,
        a.warmup,
        all.ok,
        all.err,
        if wall > 0.0 { done as f64 / wall } else { 0.0 },
        u1 - u0,
        s1 - s0,
        if done > 0 {
            cpu * 1e6 / done as f64
        } else {
            0.0
        },
        pct(&all.lat_us, 0.50),
        pct(&all.lat_us, 0.99),
        all.lat_us.last().copied().unwrap_or(0),
        u8::from(done < a.n),
        all.first_error.or(warm_error).unwrap_or_else(|| "-".into()),
    );
}

fn main() {
    let a = parse_args();
    let runtime = if a.threads > 1 {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(a.threads)
            .enable_all()
            .build()
    } else {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
    };
    match runtime {
        Ok(rt) => rt.block_on(run(a)),
        Err(e) => {
            eprintln!("cannot start tokio: {e}");
            std::process::exit(1);
        }
    }
}
