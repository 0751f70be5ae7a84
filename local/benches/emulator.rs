//! Emulator benchmarks (a bench binary, not timed tests):
//!
//! 1. UpdatePackageVersionsStatus with 10 versions, 16 concurrent keep-alive
//!    clients, durable storage: requests/s, p50/p99.
//! 2. ListPackageVersions, one page of 50 from a package with 100,000
//!    versions: per-request latency over HTTP.
//! 3. Serving a 1 GiB asset: the server process's peak RSS.
//!
//! `cargo bench -p codeartifact-local --bench emulator [-- upvs|upvs-full|list|rss]`

#[path = "../tests/support/mod.rs"]
mod support;

use std::io::{BufRead, BufReader, Read, Write};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use codeartifact_local::ops::{Ctx, handle};
use codeartifact_local::{Durability, Options, Store};
use serde_json::{Value, json};
use support::*;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(idx).copied().unwrap_or_default()
}

fn versions_input(client: usize, target: &str) -> Value {
    let versions: Vec<String> = (0..10).map(|i| format!("{client}.{i}")).collect();
    pkg(json!({ "package": format!("p{client}"), "versions": versions, "targetStatus": target }))
}

fn upvs(durability: Durability) {
    let dir = tempfile::tempdir().expect("tempdir");
    let emu = Emulator::start(Options::persistent(dir.path()).durability(durability));
    let c = emu.client();
    seed(&c, &[]);
    for client in 0..16 {
        for i in 0..10 {
            let v = format!("{client}.{i}");
            let input = pkg(
                json!({ "package": format!("p{client}"), "packageVersion": v, "assetName": "a",
                "assetSHA256": sha256_hex(v.as_bytes()) }),
            );
            assert_eq!(
                c.call_with("PublishPackageVersion", input, Some(v.as_bytes()))
                    .status,
                200
            );
        }
    }
    let per_client = 1000;
    let barrier = Arc::new(Barrier::new(17));
    let threads: Vec<_> = (0..16)
        .map(|client| {
            let (c, barrier) = (c.clone(), barrier.clone());
            std::thread::spawn(move || {
                // Requests are signed up front so the clients measure the server.
                let requests: Vec<Vec<u8>> = (0..per_client)
                    .map(|i| {
                        c.encode(
                            "UpdatePackageVersionsStatus",
                            &versions_input(
                                client,
                                if i % 2 == 0 { "Archived" } else { "Unlisted" },
                            ),
                        )
                    })
                    .collect();
                let mut conn = Conn::open(c.addr);
                barrier.wait();
                let mut lat = Vec::with_capacity(per_client);
                for r in &requests {
                    let t = Instant::now();
                    let resp = conn.round_trip(r);
                    lat.push(t.elapsed());
                    assert_eq!(resp.status, 200, "{}", String::from_utf8_lossy(&resp.body));
                }
                lat
            })
        })
        .collect();
    barrier.wait();
    let start = Instant::now();
    let mut all: Vec<Duration> = threads
        .into_iter()
        .flat_map(|t| t.join().expect("client"))
        .collect();
    let elapsed = start.elapsed();
    all.sort();
    println!(
        "upvs: 16 clients x {per_client} requests (10 versions each), storage {durability:?}: {:.0} req/s, p50 {:?}, p99 {:?}",
        all.len() as f64 / elapsed.as_secs_f64(),
        percentile(&all, 0.5),
        percentile(&all, 0.99)
    );
}

/// Walks 500 consecutive pages; `page` takes the token and returns the next one.
fn walk_pages(label: &str, mut page: impl FnMut(Option<String>) -> Option<String>) {
    let mut token: Option<String> = None;
    let mut lat = Vec::new();
    for _ in 0..500 {
        let t = Instant::now();
        token = page(token);
        lat.push(t.elapsed());
    }
    lat.sort();
    println!(
        "{label}: p50 {:?}, p99 {:?}, max {:?}",
        percentile(&lat, 0.5),
        percentile(&lat, 0.99),
        lat.last().copied().unwrap_or_default()
    );
}

fn with_token(input: &Value, token: Option<String>) -> Value {
    let mut body = pkg(input.clone());
    if let Some(t) = token {
        body["nextToken"] = json!(t);
    }
    body
}

fn list() {
    let dir = tempfile::tempdir().expect("tempdir");
    let emu = Emulator::start(Options::persistent(dir.path()));
    let c = emu.client();
    seed(&c, &["seed"]);
    // Seeding 100,000 publishes over HTTP would time the publish path; the
    // rows go straight into the same database instead.
    let mut db =
        rusqlite::Connection::open(dir.path().join("codeartifact.sqlite3")).expect("open db");
    db.busy_timeout(Duration::from_secs(30))
        .expect("busy timeout");
    let tx = db.transaction().expect("tx");
    {
        let (package_id, revision, published): (i64, String, f64) = tx
            .query_row(
                "SELECT package_id, revision, published FROM versions WHERE version = 'seed'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .expect("seed version");
        let mut stmt = tx
            .prepare(
                "INSERT INTO versions (package_id, version, revision, status, published, origin_type, origin_repo)
                 VALUES (?1, ?2, ?3, ?4, ?5, 'INTERNAL', 'r1')",
            )
            .expect("prepare");
        for i in 0..99_999 {
            let status = if i % 10 == 0 { "Archived" } else { "Published" };
            stmt.execute(rusqlite::params![
                package_id,
                format!("1.{i:06}"),
                revision,
                status,
                published + i as f64
            ])
            .expect("insert");
        }
    }
    tx.commit().expect("commit");
    let cases = [
        ("first page", json!({ "maxResults": 50 })),
        (
            "status=Archived",
            json!({ "maxResults": 50, "status": "Archived" }),
        ),
        (
            "sortBy=PUBLISHED_TIME",
            json!({ "maxResults": 50, "sortBy": "PUBLISHED_TIME" }),
        ),
    ];
    let mut conn = Conn::open(c.addr);
    for (name, input) in cases.clone() {
        let label = format!(
            "list over HTTP (client signing included): 100,000 versions, page of 50 ({name}, 500 consecutive pages)"
        );
        walk_pages(&label, |token| {
            let resp =
                conn.round_trip(&c.encode("ListPackageVersions", &with_token(&input, token)));
            let doc = resp.json();
            assert_eq!(doc["versions"].as_array().map(Vec::len), Some(50), "{name}");
            doc["nextToken"].as_str().map(str::to_owned)
        });
    }
    list_in_process(dir.path(), &cases);
}

/// The same pages through the handler alone (no HTTP, signing or client).
fn list_in_process(dir: &std::path::Path, cases: &[(&str, Value)]) {
    let store = Store::open(Some(dir), Durability::Process).expect("store");
    let ctx = Ctx {
        account: "000000000000".into(),
        region: "us-east-1".into(),
        now: 0.0,
        operation: "ListPackageVersions",
    };
    for (name, input) in cases {
        let label =
            format!("list in process (handler only): 100,000 versions, page of 50 ({name})");
        walk_pages(&label, |token| {
            let out = handle(&store, &ctx, &with_token(input, token), None)
                .expect("list")
                .output;
            out["nextToken"].as_str().map(str::to_owned)
        });
    }
}

fn rss_kib(pid: u32, field: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

fn chunk(i: u64) -> Vec<u8> {
    (0..1024 * 1024u64)
        .map(|j| ((i * 31 + j) % 251) as u8)
        .collect()
}

fn rss() {
    const MIB: u64 = 1024;
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut child, addr) = spawn_binary(&[
        "--port".as_ref(),
        "0".as_ref(),
        "--data-dir".as_ref(),
        dir.path().as_os_str(),
    ]);
    let c = Client::new(addr);
    seed(&c, &[]);
    let mut h = <sha2::Sha256 as sha2::Digest>::new();
    for i in 0..MIB {
        sha2::Digest::update(&mut h, chunk(i));
    }
    let sha: String = sha2::Digest::finalize(h)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let input = pkg(json!({ "packageVersion": "big", "assetName": "big.bin", "assetSHA256": sha }));
    let mut head = c.encode("PublishPackageVersion", &input);
    // `encode` wrote `content-length: 0` and an empty body: patch the length.
    let text = String::from_utf8(head.clone()).expect("ascii head");
    head = text
        .replace(
            "content-length: 0\r\n",
            &format!("content-length: {}\r\n", MIB * 1024 * 1024),
        )
        .into_bytes();
    let mut conn = std::net::TcpStream::connect(c.addr).expect("connect");
    conn.write_all(&head).expect("head");
    for i in 0..MIB {
        conn.write_all(&chunk(i)).expect("upload");
    }
    let mut reader = BufReader::new(conn);
    let mut status = String::new();
    reader.read_line(&mut status).expect("publish status");
    assert!(status.contains(" 200 "), "publish: {status}");
    let pid = child.id();
    println!(
        "rss: after publishing 1 GiB: VmRSS {} KiB, VmHWM {} KiB",
        rss_kib(pid, "VmRSS"),
        rss_kib(pid, "VmHWM")
    );
    let req = c.encode(
        "GetPackageVersionAsset",
        &pkg(json!({ "packageVersion": "big", "asset": "big.bin" })),
    );
    let mut conn = std::net::TcpStream::connect(c.addr).expect("connect");
    conn.write_all(&req).expect("request");
    let mut buf = vec![0u8; 1 << 20];
    let (mut total, mut peak) = (0u64, 0u64);
    loop {
        match conn.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => total += n as u64,
        }
        peak = peak.max(rss_kib(pid, "VmRSS"));
        if total >= MIB * 1024 * 1024 {
            break;
        }
    }
    println!(
        "rss: serving 1 GiB asset ({} MiB read): peak sampled VmRSS {} KiB, VmHWM {} KiB",
        total / (1024 * 1024),
        peak,
        rss_kib(pid, "VmHWM")
    );
    let _ = child.kill();
    let _ = child.wait();
}

fn main() {
    let which: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let run = |name: &str| which.is_empty() || which.iter().any(|w| w == name);
    if run("upvs") {
        upvs(Durability::Process);
    }
    if run("upvs-full") {
        upvs(Durability::Power);
    }
    if run("list") {
        list();
    }
    if run("rss") {
        rss();
    }
}
