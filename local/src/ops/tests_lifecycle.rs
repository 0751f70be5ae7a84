//! Publish, dispose, delete, copy, listings, domains and repositories.

use serde_json::{Value, json};

use super::testing::*;

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
    // A differing version at the destination: ALREADY_EXISTS, then overwritten on request.
    publish_to(&s, "r2", "p", "3.0", "a.bin", b"theirs", false).unwrap();
    publish(&s, "p", "3.0", "a.bin", b"ours", false).unwrap();
    let out = copy(json!({ "versions": ["3.0"] })).unwrap();
    assert_eq!(out["failedVersions"]["3.0"]["errorCode"], "ALREADY_EXISTS");
    let out = copy(json!({ "versions": ["3.0"], "allowOverwrite": true })).unwrap();
    assert_eq!(out["successfulVersions"]["3.0"]["status"], "Published");
    let mut input = pkg_input("p", json!({ "packageVersion": "3.0" }));
    input["repository"] = json!("r2");
    let assets = call(&s, "ListPackageVersionAssets", input).unwrap();
    assert_eq!(
        assets["assets"][0]["hashes"]["SHA-256"],
        sha256_hex(b"ours")
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

#[test]
fn shared_blobs_outlive_one_owner() {
    let s = setup();
    publish(&s, "p", "1", "a", b"same bytes", false).unwrap();
    publish(&s, "p", "2", "a", b"same bytes", false).unwrap();
    let sha = sha256_hex(b"same bytes");
    call(
        &s,
        "DisposePackageVersions",
        pkg_input("p", json!({ "versions": ["1"] })),
    )
    .unwrap();
    assert!(s.blobs.path(&sha).exists(), "still used by version 2");
    let get = super::handle(
        &s,
        &ctx("GetPackageVersionAsset"),
        &pkg_input("p", json!({ "packageVersion": "2", "asset": "a" })),
        None,
    );
    assert_eq!(get.unwrap().payload.unwrap().size, 10);
    call(
        &s,
        "DeletePackageVersions",
        pkg_input("p", json!({ "versions": ["2"] })),
    )
    .unwrap();
    assert!(!s.blobs.path(&sha).exists(), "last owner gone");
}

/// Follows `nextToken` through every page of a listing; returns the items.
fn walk(s: &crate::store::Store, op: &'static str, input: Value, key: &str) -> Vec<Value> {
    let mut items = Vec::new();
    let mut token: Option<String> = None;
    for _ in 0..100 {
        let mut body = input.clone();
        body["maxResults"] = json!(2);
        if let Some(t) = &token {
            body["nextToken"] = json!(t);
        }
        let out = call(s, op, body).unwrap();
        items.extend(out[key].as_array().cloned().unwrap_or_default());
        token = out
            .get("nextToken")
            .and_then(Value::as_str)
            .map(str::to_owned);
        if token.is_none() {
            break;
        }
    }
    items
}

/// `"<a>/<b>"` for each item.
fn pairs(items: Vec<Value>, a: &str, b: &str) -> Vec<String> {
    items
        .iter()
        .map(|i| {
            format!(
                "{}/{}",
                i[a].as_str().unwrap_or(""),
                i[b].as_str().unwrap_or("")
            )
        })
        .collect()
}

#[test]
fn package_and_repository_listings_page_in_order() {
    let s = setup();
    call(&s, "CreateDomain", json!({ "domain": "d2" })).unwrap();
    for (d, r) in [("d2", "a"), ("d1", "z"), ("d1", "m"), ("d2", "r1")] {
        call(
            &s,
            "CreateRepository",
            json!({ "domain": d, "repository": r }),
        )
        .unwrap();
    }
    let repos = pairs(
        walk(&s, "ListRepositories", json!({}), "repositories"),
        "domainName",
        "name",
    );
    assert_eq!(repos, ["d1/m", "d1/r1", "d1/z", "d2/a", "d2/r1"]);
    for (ns, name) in [("b", "x"), ("a", "y"), ("a", "x"), ("c", "a"), ("a", "xx")] {
        let mut input = pkg_input(
            name,
            json!({ "restrictions": { "publish": "ALLOW", "upstream": "BLOCK" } }),
        );
        input["namespace"] = json!(ns);
        call(&s, "PutPackageOriginConfiguration", input).unwrap();
    }
    let pkgs = pairs(
        walk(
            &s,
            "ListPackages",
            json!({ "domain": "d1", "repository": "r1" }),
            "packages",
        ),
        "namespace",
        "package",
    );
    assert_eq!(pkgs, ["a/x", "a/xx", "a/y", "b/x", "c/a"]);
    let filtered = walk(
        &s,
        "ListPackages",
        json!({ "domain": "d1", "repository": "r1", "packagePrefix": "x" }),
        "packages",
    );
    assert_eq!(filtered.len(), 3);
}
