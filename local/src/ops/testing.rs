//! Helpers for the handler unit tests.

use serde_json::{Value, json};

use super::{Ctx, Reply, handle};
use crate::error::ApiResult;
use crate::store::{Durability, StagedBlob, Store};

pub const ACCOUNT: &str = "000000000000";

pub fn store() -> Store {
    Store::open(None, Durability::Process).expect("in-memory store")
}

pub fn ctx(op: &'static str) -> Ctx {
    Ctx {
        account: ACCOUNT.into(),
        region: "us-east-1".into(),
        now: 1_700_000_000.5,
        operation: op,
    }
}

pub fn call(store: &Store, op: &'static str, input: Value) -> ApiResult<Value> {
    handle(store, &ctx(op), &input, None).map(|r: Reply| r.output)
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Publishes one generic asset to `r1`; returns the output.
pub fn publish(
    store: &Store,
    pkg: &str,
    version: &str,
    asset: &str,
    bytes: &[u8],
    unfinished: bool,
) -> ApiResult<Value> {
    publish_to(store, "r1", pkg, version, asset, bytes, unfinished)
}

pub fn publish_to(
    store: &Store,
    repo: &str,
    pkg: &str,
    version: &str,
    asset: &str,
    bytes: &[u8],
    unfinished: bool,
) -> ApiResult<Value> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    let blob: StagedBlob = rt.block_on(StagedBlob::from_bytes(&store.blobs, bytes))?;
    let mut input = pkg_input(
        pkg,
        json!({
            "packageVersion": version, "assetName": asset, "assetSHA256": sha256_hex(bytes), "unfinished": unfinished,
        }),
    );
    input["repository"] = json!(repo);
    handle(store, &ctx("PublishPackageVersion"), &input, Some(blob)).map(|r| r.output)
}

/// A store with domain `d1` and repository `r1`.
pub fn setup() -> Store {
    let s = store();
    call(&s, "CreateDomain", json!({ "domain": "d1" })).expect("domain");
    call(
        &s,
        "CreateRepository",
        json!({ "domain": "d1", "repository": "r1" }),
    )
    .expect("repo");
    s
}

pub fn pkg_input(pkg: &str, extra: Value) -> Value {
    let mut base = json!({ "domain": "d1", "repository": "r1", "format": "generic", "namespace": "ns", "package": pkg });
    if let (Some(b), Some(e)) = (base.as_object_mut(), extra.as_object()) {
        b.extend(e.clone());
    }
    base
}

pub fn upvs(s: &crate::store::Store, pkg: &str, body: Value) -> Value {
    call(s, "UpdatePackageVersionsStatus", pkg_input(pkg, body)).expect("upvs")
}

pub fn status_of(s: &crate::store::Store, pkg: &str, v: &str) -> (String, String) {
    let out = call(
        s,
        "DescribePackageVersion",
        pkg_input(pkg, json!({ "packageVersion": v })),
    )
    .expect("describe");
    let pv = &out["packageVersion"];
    (
        pv["status"].as_str().unwrap().to_owned(),
        pv["revision"].as_str().unwrap().to_owned(),
    )
}

/// Puts version `v` of `pkg` into `status` through the public operations.
pub fn make(s: &crate::store::Store, pkg: &str, v: &str, status: &str) {
    publish(s, pkg, v, "a.bin", v.as_bytes(), status == "Unfinished").expect("publish");
    match status {
        "Unlisted" | "Archived" => {
            upvs(s, pkg, json!({ "versions": [v], "targetStatus": status }));
        }
        "Disposed" => {
            call(
                s,
                "DisposePackageVersions",
                pkg_input(pkg, json!({ "versions": [v] })),
            )
            .expect("dispose");
        }
        _ => {}
    }
    assert_eq!(status_of(s, pkg, v).0, status);
}
