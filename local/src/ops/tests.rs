//! Behaviour tests of the handlers against spec §2–§6.

use serde_json::{Value, json};

use super::testing::*;

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
