//! Behaviour tests of the handlers against spec §2–§6.

use serde_json::{Value, json};

use super::testing::*;

fn upvs(s: &crate::store::Store, pkg: &str, body: Value) -> Value {
    call(s, "UpdatePackageVersionsStatus", pkg_input(pkg, body)).expect("upvs")
}

fn status_of(s: &crate::store::Store, pkg: &str, v: &str) -> (String, String) {
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
fn make(s: &crate::store::Store, pkg: &str, v: &str, status: &str) {
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

#[test]
fn state_machine_table() {
    let from = [
        "Unfinished",
        "Published",
        "Unlisted",
        "Archived",
        "Disposed",
    ];
    let to = ["Published", "Unlisted", "Archived"];
    let s = setup();
    for (i, f) in from.iter().enumerate() {
        for (j, t) in to.iter().enumerate() {
            let v = format!("{i}.{j}.0");
            make(&s, "sm", &v, f);
            let (_, rev) = status_of(&s, "sm", &v);
            let out = upvs(&s, "sm", json!({ "versions": [v], "targetStatus": t }));
            if *f == "Disposed" {
                assert_eq!(
                    out["failedVersions"][&v]["errorCode"], "NOT_ALLOWED",
                    "{f}->{t}"
                );
                assert_eq!(out["successfulVersions"], json!({}));
                assert_eq!(status_of(&s, "sm", &v).0, "Disposed");
            } else {
                assert_eq!(
                    out["successfulVersions"][&v],
                    json!({ "revision": rev, "status": t }),
                    "{f}->{t}"
                );
                assert_eq!(out["failedVersions"], json!({}));
                assert_eq!(status_of(&s, "sm", &v), (t.to_string(), rev));
            }
        }
    }
}

#[test]
fn target_status_outside_the_settable_three_is_a_validation_error() {
    let s = setup();
    make(&s, "p", "1.0", "Published");
    for t in ["Unfinished", "Disposed", "Deleted"] {
        let err = call(
            &s,
            "UpdatePackageVersionsStatus",
            pkg_input("p", json!({ "versions": ["1.0"], "targetStatus": t })),
        )
        .unwrap_err();
        assert_eq!((err.code, err.status), ("ValidationException", 400), "{t}");
    }
    assert_eq!(status_of(&s, "p", "1.0").0, "Published");
}

#[test]
fn failures_skip_siblings_and_change_nothing() {
    let s = setup();
    for v in ["1.0", "2.0", "3.0"] {
        make(&s, "p", v, "Published");
    }
    let (_, rev1) = status_of(&s, "p", "1.0");
    // Stale revision on 1.0.
    let out = upvs(
        &s,
        "p",
        json!({
            "versions": ["1.0", "2.0", "3.0"], "versionRevisions": { "1.0": "stale" },
            "expectedStatus": "Published", "targetStatus": "Archived"
        }),
    );
    assert_eq!(out["successfulVersions"], json!({}));
    assert_eq!(
        out["failedVersions"]["1.0"],
        json!({
            "errorCode": "MISMATCHED_REVISION", "errorMessage": format!("current revision: {rev1}, expected revision: stale")
        })
    );
    for v in ["2.0", "3.0"] {
        assert_eq!(
            out["failedVersions"][v],
            json!({ "errorCode": "SKIPPED", "errorMessage": format!("version {v} is skipped") })
        );
        assert_eq!(status_of(&s, "p", v).0, "Published");
    }
    // Wrong expected status.
    let out = upvs(
        &s,
        "p",
        json!({ "versions": ["1.0"], "expectedStatus": "Unlisted", "targetStatus": "Archived" }),
    );
    assert_eq!(
        out["failedVersions"]["1.0"],
        json!({
            "errorCode": "MISMATCHED_STATUS", "errorMessage": "current status: Published, expected status: Unlisted"
        })
    );
    // Missing version.
    let out = upvs(
        &s,
        "p",
        json!({ "versions": ["9.9", "1.0"], "targetStatus": "Archived" }),
    );
    assert_eq!(out["failedVersions"]["9.9"]["errorCode"], "NOT_FOUND");
    assert_eq!(out["failedVersions"]["1.0"]["errorCode"], "SKIPPED");
    assert_eq!(status_of(&s, "p", "1.0").0, "Published");
    // Revision is checked before status.
    let out = upvs(
        &s,
        "p",
        json!({
            "versions": ["1.0"], "versionRevisions": { "1.0": "x" }, "expectedStatus": "Unlisted", "targetStatus": "Archived"
        }),
    );
    assert_eq!(
        out["failedVersions"]["1.0"]["errorCode"],
        "MISMATCHED_REVISION"
    );
}

#[test]
fn success_keeps_revision_and_already_in_target_is_success() {
    let s = setup();
    make(&s, "p", "1.0", "Published");
    let (_, rev) = status_of(&s, "p", "1.0");
    let out = upvs(
        &s,
        "p",
        json!({ "versions": ["1.0", "1.0"], "versionRevisions": { "1.0": rev }, "targetStatus": "Published" }),
    );
    assert_eq!(
        out,
        json!({ "successfulVersions": { "1.0": { "revision": rev, "status": "Published" } }, "failedVersions": {} })
    );
}

#[test]
fn request_level_validation() {
    let s = setup();
    make(&s, "p", "1.0", "Published");
    let many: Vec<String> = (0..101).map(|i| format!("v{i}")).collect();
    let cases = [
        pkg_input("p", json!({ "versions": many, "targetStatus": "Archived" })),
        pkg_input("p", json!({ "versions": [], "targetStatus": "Archived" })),
        pkg_input(
            "p",
            json!({ "versions": ["1.0"], "versionRevisions": { "2.0": "r" }, "targetStatus": "Archived" }),
        ),
        json!({ "domain": "d1", "repository": "r1", "format": "generic", "package": "p", "versions": ["1.0"], "targetStatus": "Archived" }),
        json!({ "domain": "d1", "repository": "r1", "format": "pypi", "namespace": "x", "package": "p", "versions": ["1.0"], "targetStatus": "Archived" }),
    ];
    for input in cases {
        let err = call(&s, "UpdatePackageVersionsStatus", input.clone()).unwrap_err();
        assert_eq!(err.code, "ValidationException", "{input}");
    }
    assert_eq!(status_of(&s, "p", "1.0").0, "Published");
}

#[test]
fn missing_resources_are_404_with_resource_type() {
    let s = setup();
    let body = json!({ "versions": ["1.0"], "targetStatus": "Archived" });
    let mut input = pkg_input("nope", body.clone());
    let err = call(&s, "UpdatePackageVersionsStatus", input.clone()).unwrap_err();
    assert_eq!(
        (err.status, err.fields["resourceType"].as_str()),
        (404, Some("package"))
    );
    input["repository"] = json!("zz");
    let err = call(&s, "UpdatePackageVersionsStatus", input.clone()).unwrap_err();
    assert_eq!(err.fields["resourceType"], "repository");
    input["domain"] = json!("zz");
    let err = call(&s, "UpdatePackageVersionsStatus", input).unwrap_err();
    assert_eq!(err.fields["resourceType"], "domain");
}

#[test]
fn concurrent_expected_status_updates_have_exactly_one_winner() {
    let s = std::sync::Arc::new(setup());
    for round in 0..5 {
        let v = format!("{round}.0");
        make(&s, "race", &v, "Published");
        let threads: Vec<_> = (0..16)
            .map(|i| {
                let s = s.clone();
                let v = v.clone();
                std::thread::spawn(move || {
                    let target = if i % 2 == 0 { "Archived" } else { "Unlisted" };
                    upvs(&s, "race", json!({ "versions": [v], "expectedStatus": "Published", "targetStatus": target }))
                })
            })
            .collect();
        let outs: Vec<Value> = threads
            .into_iter()
            .map(|t| t.join().expect("thread"))
            .collect();
        let wins = outs
            .iter()
            .filter(|o| o["successfulVersions"].get(&v).is_some())
            .count();
        let lost = outs
            .iter()
            .filter(|o| o["failedVersions"][&v]["errorCode"] == "MISMATCHED_STATUS")
            .count();
        assert_eq!((wins, lost), (1, 15));
    }
}

#[test]
fn publish_rules() {
    let s = setup();
    let first = publish(&s, "g", "1.0", "a.txt", b"one", true).unwrap();
    assert_eq!(first["status"], "Unfinished");
    assert_eq!(first["asset"]["hashes"]["SHA-256"], sha256_hex(b"one"));
    assert_eq!(
        first["asset"]["hashes"]["MD5"],
        "f97c5d29941bfb1b2fdab0874906ab82"
    );
    let second = publish(&s, "g", "1.0", "b.txt", b"two", true).unwrap();
    assert_ne!(first["versionRevision"], second["versionRevision"]);
    // Same bytes again: idempotent.
    let again = publish(&s, "g", "1.0", "b.txt", b"two", true).unwrap();
    assert_eq!(again["versionRevision"], second["versionRevision"]);
    // Different bytes under the same name: 409.
    assert_eq!(
        publish(&s, "g", "1.0", "b.txt", b"other", true)
            .unwrap_err()
            .status,
        409
    );
    // Final asset publishes the version; afterwards nothing can be added.
    assert_eq!(
        publish(&s, "g", "1.0", "c.txt", b"three", false).unwrap()["status"],
        "Published"
    );
    assert_eq!(
        publish(&s, "g", "1.0", "d.txt", b"four", false)
            .unwrap_err()
            .status,
        409
    );
    let assets = call(
        &s,
        "ListPackageVersionAssets",
        pkg_input("g", json!({ "packageVersion": "1.0" })),
    )
    .unwrap();
    assert_eq!(assets["assets"].as_array().unwrap().len(), 3);
    for bad in ["..", ".", " lead", "a  b", "a/b"] {
        assert_eq!(
            publish(&s, "g", "2.0", bad, b"x", false).unwrap_err().code,
            "ValidationException",
            "{bad}"
        );
    }
}

#[test]
fn publish_rejects_sha_mismatch_and_non_generic() {
    let s = setup();
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let blob = rt
        .block_on(crate::store::StagedBlob::from_bytes(&s.blobs, b"data"))
        .unwrap();
    let input = pkg_input(
        "g",
        json!({ "packageVersion": "1", "assetName": "a", "assetSHA256": sha256_hex(b"other") }),
    );
    let err = super::handle(&s, &ctx("PublishPackageVersion"), &input, Some(blob)).unwrap_err();
    assert_eq!(err.code, "ValidationException");
    let err = call(&s, "DescribePackage", pkg_input("g", json!({}))).unwrap_err();
    assert_eq!(err.status, 404, "a rejected publish creates nothing");
}

#[test]
fn dispose_blocks_downloads_and_delete_allows_republish() {
    let s = setup();
    make(&s, "p", "1.0", "Published");
    make(&s, "p", "2.0", "Archived");
    let get = |v: &str| {
        super::handle(
            &s,
            &ctx("GetPackageVersionAsset"),
            &pkg_input("p", json!({ "packageVersion": v, "asset": "a.bin" })),
            None,
        )
    };
    assert_eq!(get("1.0").unwrap().payload.unwrap().size, 3);
    assert_eq!(get("2.0").unwrap_err().status, 409);
    let out = call(
        &s,
        "DisposePackageVersions",
        pkg_input(
            "p",
            json!({ "versions": ["1.0"], "expectedStatus": "Published" }),
        ),
    )
    .unwrap();
    assert_eq!(out["successfulVersions"]["1.0"]["status"], "Disposed");
    assert!(get("1.0").is_err());
    let assets = call(
        &s,
        "ListPackageVersionAssets",
        pkg_input("p", json!({ "packageVersion": "1.0" })),
    )
    .unwrap();
    assert_eq!(assets["assets"], json!([]));
    let out = call(
        &s,
        "DeletePackageVersions",
        pkg_input("p", json!({ "versions": ["1.0", "2.0"] })),
    )
    .unwrap();
    assert_eq!(out["successfulVersions"]["2.0"]["status"], "Deleted");
    assert_eq!(
        call(
            &s,
            "DescribePackageVersion",
            pkg_input("p", json!({ "packageVersion": "1.0" }))
        )
        .unwrap_err()
        .status,
        404
    );
    assert_eq!(
        publish(&s, "p", "1.0", "a.bin", b"new", false).unwrap()["status"],
        "Published"
    );
}

#[test]
fn copy_quirks() {
    let s = setup();
    call(
        &s,
        "CreateRepository",
        json!({ "domain": "d1", "repository": "r2" }),
    )
    .unwrap();
    make(&s, "p", "1.0", "Published");
    make(&s, "p", "2.0", "Published");
    let copy = |body: Value| {
        let mut input = pkg_input("p", body);
        input["sourceRepository"] = json!("r1");
        input["destinationRepository"] = json!("r2");
        call(&s, "CopyPackageVersions", input)
    };
    assert_eq!(
        copy(json!({ "versions": ["1.0"], "versionRevisions": { "1.0": "x" } }))
            .unwrap_err()
            .code,
        "ValidationException"
    );
    let out = copy(json!({ "versions": ["1.0", "5.6.7"] })).unwrap();
    assert_eq!(
        out["failedVersions"]["5.6.7"],
        json!({ "errorCode": "NOT_FOUND", "errorMessage": "Could not find version 5.6.7" })
    );
    assert_eq!(out["failedVersions"]["1.0"]["errorCode"], "SKIPPED");
    let out = copy(json!({ "versions": ["1.0"] })).unwrap();
    assert_eq!(out["successfulVersions"]["1.0"]["status"], "Published");
    // Identical at the destination: in neither map.
    let out = copy(json!({ "versions": ["1.0", "2.0"] })).unwrap();
    assert_eq!(
        out,
        json!({ "successfulVersions": { "2.0": out["successfulVersions"]["2.0"].clone() }, "failedVersions": {} })
    );
}

#[test]
fn list_versions_pages_filters_and_sorts() {
    let s = setup();
    for i in 0..120 {
        publish(
            &s,
            "big",
            &format!("1.{i:03}"),
            "a",
            format!("{i}").as_bytes(),
            false,
        )
        .unwrap();
    }
    upvs(
        &s,
        "big",
        json!({ "versions": ["1.005", "1.006"], "targetStatus": "Archived" }),
    );
    let mut seen = Vec::new();
    let mut token: Option<String> = None;
    for _ in 0..10 {
        let mut body = json!({ "maxResults": 50 });
        if let Some(t) = &token {
            body["nextToken"] = json!(t);
        }
        let out = call(&s, "ListPackageVersions", pkg_input("big", body)).unwrap();
        seen.extend(
            out["versions"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v["version"].as_str().unwrap().to_owned()),
        );
        token = out
            .get("nextToken")
            .and_then(Value::as_str)
            .map(str::to_owned);
        if token.is_none() {
            break;
        }
    }
    let expected: Vec<String> = (0..120).map(|i| format!("1.{i:03}")).collect();
    assert_eq!(seen, expected);
    let archived = call(
        &s,
        "ListPackageVersions",
        pkg_input("big", json!({ "status": "Archived" })),
    )
    .unwrap();
    assert_eq!(archived["versions"].as_array().unwrap().len(), 2);
    assert_eq!(archived["defaultDisplayVersion"], "1.119");
    let bad = call(
        &s,
        "ListPackageVersions",
        pkg_input("big", json!({ "nextToken": "Zm9yZ2Vk" })),
    )
    .unwrap_err();
    assert_eq!(bad.code, "ValidationException");
}

#[test]
fn domains_and_repositories_lifecycle() {
    let s = setup();
    assert_eq!(
        call(&s, "CreateDomain", json!({ "domain": "d1" }))
            .unwrap_err()
            .status,
        409
    );
    assert_eq!(
        call(&s, "DeleteDomain", json!({ "domain": "d1" }))
            .unwrap_err()
            .status,
        409
    );
    let d = call(&s, "DescribeDomain", json!({ "domain": "d1" })).unwrap();
    assert_eq!(d["domain"]["repositoryCount"], 1);
    make(&s, "p", "1.0", "Published");
    call(
        &s,
        "DeleteRepository",
        json!({ "domain": "d1", "repository": "r1" }),
    )
    .unwrap();
    let out = call(&s, "DeleteDomain", json!({ "domain": "d1" })).unwrap();
    assert_eq!(out["domain"]["status"], "Deleted");
    for i in 0..10 {
        call(&s, "CreateDomain", json!({ "domain": format!("q{i}") })).unwrap();
    }
    assert_eq!(
        call(&s, "CreateDomain", json!({ "domain": "q10" }))
            .unwrap_err()
            .status,
        402
    );
    let ep = {
        call(
            &s,
            "CreateRepository",
            json!({ "domain": "q1", "repository": "repo" }),
        )
        .unwrap();
        call(
            &s,
            "GetRepositoryEndpoint",
            json!({ "domain": "q1", "repository": "repo", "format": "npm" }),
        )
        .unwrap()
    };
    assert_eq!(
        ep["repositoryEndpoint"],
        "https://q1-000000000000.d.codeartifact.us-east-1.amazonaws.com/npm/repo/"
    );
}
