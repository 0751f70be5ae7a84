//! SIGKILL in the middle of a write load: after a restart on the same data
//! directory, every acknowledged write is there.

mod support;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::process::Child;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::json;
use support::*;

fn spawn(dir: &std::path::Path) -> (Child, SocketAddr) {
    spawn_binary(&[
        "--port".as_ref(),
        "0".as_ref(),
        "--data-dir".as_ref(),
        dir.as_os_str(),
    ])
}

/// What a writer thread knows: versions it published (acknowledged) and,
/// per toggled version, the last acknowledged status and the one in flight.
#[derive(Default)]
struct Ledger {
    published: Vec<String>,
    status: HashMap<String, (String, Option<String>)>,
}

fn writer(c: Client, id: usize, stop: Arc<AtomicBool>, ledger: Arc<Mutex<Ledger>>) {
    let own = format!("seed-{id}");
    for i in 0..100_000 {
        if stop.load(Ordering::Relaxed) {
            return;
        }
        if i % 2 == 0 {
            let v = format!("w{id}-{i}");
            let input = pkg(
                json!({ "packageVersion": v, "assetName": "a.bin", "assetSHA256": sha256_hex(v.as_bytes()) }),
            );
            if c.call_with("PublishPackageVersion", input, Some(v.as_bytes()))
                .status
                != 200
            {
                return;
            }
            ledger.lock().expect("ledger").published.push(v);
        } else {
            let target = if i % 4 == 1 { "Archived" } else { "Published" };
            ledger
                .lock()
                .expect("ledger")
                .status
                .entry(own.clone())
                .or_insert(("Published".into(), None))
                .1 = Some(target.into());
            let r = c.call(
                "UpdatePackageVersionsStatus",
                pkg(json!({ "versions": [own], "targetStatus": target })),
            );
            if r.status != 200 {
                return;
            }
            ledger
                .lock()
                .expect("ledger")
                .status
                .insert(own.clone(), (target.into(), None));
        }
    }
}

#[test]
fn acknowledged_writes_survive_sigkill() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut child, addr) = spawn(dir.path());
    let c = Client::new(addr);
    seed(&c, &["seed-0", "seed-1", "seed-2", "seed-3"]);
    let stop = Arc::new(AtomicBool::new(false));
    let ledger = Arc::new(Mutex::new(Ledger::default()));
    let threads: Vec<_> = (0..4)
        .map(|id| {
            let (c, stop, ledger) = (c.clone(), stop.clone(), ledger.clone());
            std::thread::spawn(move || writer(c, id, stop, ledger))
        })
        .collect();
    std::thread::sleep(Duration::from_millis(1500));
    child.kill().expect("SIGKILL");
    let _ = child.wait();
    stop.store(true, Ordering::Relaxed);
    for t in threads {
        t.join().expect("writer");
    }
    let ledger = ledger.lock().expect("ledger");
    assert!(
        ledger.published.len() > 20,
        "load ran: {} publishes",
        ledger.published.len()
    );

    let (mut child, addr) = spawn(dir.path());
    let c = Client::new(addr);
    let mut missing = Vec::new();
    for v in &ledger.published {
        if c.call(
            "DescribePackageVersion",
            pkg(json!({ "packageVersion": v })),
        )
        .status
            != 200
        {
            missing.push(v.clone());
        }
    }
    for (v, (acked, pending)) in &ledger.status {
        let got = c
            .call(
                "DescribePackageVersion",
                pkg(json!({ "packageVersion": v })),
            )
            .json();
        let status = got["packageVersion"]["status"]
            .as_str()
            .unwrap_or("")
            .to_owned();
        assert!(
            status == *acked || Some(&status) == pending.as_ref(),
            "{v}: {status}, acked {acked}, pending {pending:?}"
        );
    }
    child.kill().expect("stop");
    let _ = child.wait();
    assert!(
        missing.is_empty(),
        "acknowledged publishes lost: {missing:?}"
    );
}

#[test]
fn sigterm_stops_the_binary_cleanly_and_keeps_data() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut child, addr) = spawn(dir.path());
    seed(&Client::new(addr), &["1.0"]);
    let status = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill -TERM");
    assert!(status.success());
    let exit = child.wait().expect("wait");
    assert!(exit.success(), "clean exit on SIGTERM: {exit:?}");
    let (mut child, addr) = spawn(dir.path());
    let r = Client::new(addr).call(
        "DescribePackageVersion",
        pkg(json!({ "packageVersion": "1.0" })),
    );
    assert_eq!(r.json()["packageVersion"]["status"], "Published");
    child.kill().expect("stop");
    let _ = child.wait();
}
