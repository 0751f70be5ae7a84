//! 16 clients racing UpdatePackageVersionsStatus with `expectedStatus` over
//! HTTP on durable storage: one winner per race, MISMATCHED_STATUS for the
//! rest, never a 5xx.

mod support;

use std::sync::{Arc, Barrier};

use codeartifact_local::Options;
use serde_json::{Value, json};
use support::*;

#[test]
fn exactly_one_client_wins_each_race() {
    let dir = tempfile::tempdir().expect("tempdir");
    let emu = Emulator::start(Options::persistent(dir.path()));
    let c = emu.client();
    seed(&c, &[]);
    for round in 0..4 {
        let versions: Vec<String> = (0..10).map(|i| format!("{round}.{i}")).collect();
        for v in &versions {
            publish(&c, v, v.as_bytes());
        }
        let barrier = Arc::new(Barrier::new(16));
        let threads: Vec<_> = (0..16)
            .map(|i| {
                let (c, barrier, versions) = (c.clone(), barrier.clone(), versions.clone());
                std::thread::spawn(move || {
                    let target = if i % 2 == 0 { "Archived" } else { "Unlisted" };
                    barrier.wait();
                    c.call(
                        "UpdatePackageVersionsStatus",
                        pkg(json!({ "versions": versions, "expectedStatus": "Published", "targetStatus": target })),
                    )
                })
            })
            .collect();
        let responses: Vec<Resp> = threads
            .into_iter()
            .map(|t| t.join().expect("client thread"))
            .collect();
        assert!(
            responses.iter().all(|r| r.status == 200),
            "no errors: {:?}",
            responses.iter().map(|r| r.status).collect::<Vec<_>>()
        );
        let docs: Vec<Value> = responses.iter().map(Resp::json).collect();
        let winners: Vec<&Value> = docs
            .iter()
            .filter(|d| d["failedVersions"] == json!({}))
            .collect();
        assert_eq!(winners.len(), 1, "round {round}");
        assert_eq!(
            winners[0]["successfulVersions"]
                .as_object()
                .map(|m| m.len()),
            Some(10)
        );
        for d in docs.iter().filter(|d| d["failedVersions"] != json!({})) {
            assert_eq!(d["successfulVersions"], json!({}));
            for v in &versions {
                assert_eq!(
                    d["failedVersions"][v]["errorCode"], "MISMATCHED_STATUS",
                    "{d}"
                );
            }
        }
        let listed = c
            .call("ListPackageVersions", pkg(json!({ "status": "Published" })))
            .json();
        assert_eq!(
            listed["versions"],
            json!([]),
            "round {round}: every version left Published"
        );
    }
}
