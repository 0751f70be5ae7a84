//! Keeps the README's coverage table true: it lists exactly the model's 48
//! operations, and each one answers a well-formed request with success.

mod support;

use std::collections::BTreeSet;

use codeartifact::service::SERVICE;
use codeartifact_local::Options;
use serde_json::{Value, json};
use support::*;

fn table_operations() -> BTreeSet<String> {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("local/README.md");
    let section = readme
        .split("## Coverage")
        .nth(1)
        .expect("a '## Coverage' section");
    section
        .lines()
        .take_while(|l| !l.starts_with("## "))
        .filter_map(|l| l.strip_prefix("| "))
        .filter_map(|l| l.split('|').next())
        .map(|cell| cell.trim().trim_matches('`').to_owned())
        .filter(|name| name.chars().next().is_some_and(|c| c.is_ascii_uppercase()))
        .filter(|name| name != "Operation")
        .collect()
}

/// One well-formed call per operation, in an order where each finds what it needs.
fn scenario(arn_domain: &str, arn_repo: &str) -> Vec<(&'static str, Value)> {
    let d = || json!({ "domain": "d1" });
    let r = |repo: &str| json!({ "domain": "d1", "repository": repo });
    let pv = |extra: Value| pkg(extra);
    let policy = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"codeartifact:*","Resource":"*"}]}"#;
    let group = "/generic/ns/*";
    vec![
        (
            "CreateDomain",
            json!({ "domain": "d1", "tags": [{ "key": "team", "value": "a" }] }),
        ),
        ("DescribeDomain", d()),
        ("ListDomains", json!({})),
        ("CreateRepository", r("r1")),
        (
            "CreateRepository",
            json!({ "domain": "d1", "repository": "r2", "upstreams": [{ "repositoryName": "r1" }] }),
        ),
        ("DescribeRepository", r("r2")),
        (
            "UpdateRepository",
            json!({ "domain": "d1", "repository": "r1", "description": "main" }),
        ),
        ("ListRepositories", json!({})),
        ("ListRepositoriesInDomain", d()),
        (
            "AssociateExternalConnection",
            json!({ "domain": "d1", "repository": "r2", "externalConnection": "public:npmjs" }),
        ),
        (
            "DisassociateExternalConnection",
            json!({ "domain": "d1", "repository": "r2", "externalConnection": "public:npmjs" }),
        ),
        (
            "PublishPackageVersion",
            pv(
                json!({ "packageVersion": "1.0", "assetName": "a.bin", "assetSHA256": sha256_hex(b"bytes") }),
            ),
        ),
        ("ListPackages", r("r1")),
        ("DescribePackage", pv(json!({}))),
        (
            "PutPackageOriginConfiguration",
            pv(json!({ "restrictions": { "publish": "ALLOW", "upstream": "BLOCK" } })),
        ),
        ("ListPackageVersions", pv(json!({}))),
        (
            "DescribePackageVersion",
            pv(json!({ "packageVersion": "1.0" })),
        ),
        (
            "ListPackageVersionAssets",
            pv(json!({ "packageVersion": "1.0" })),
        ),
        (
            "GetPackageVersionAsset",
            pv(json!({ "packageVersion": "1.0", "asset": "a.bin" })),
        ),
        (
            "GetPackageVersionReadme",
            pv(json!({ "packageVersion": "1.0" })),
        ),
        (
            "ListPackageVersionDependencies",
            pv(json!({ "packageVersion": "1.0" })),
        ),
        (
            "UpdatePackageVersionsStatus",
            pv(json!({ "versions": ["1.0"], "targetStatus": "Unlisted" })),
        ),
        (
            "CopyPackageVersions",
            json!({ "domain": "d1", "sourceRepository": "r1", "destinationRepository": "r2",
            "format": "generic", "namespace": "ns", "package": "p", "versions": ["1.0"] }),
        ),
        ("DisposePackageVersions", pv(json!({ "versions": ["1.0"] }))),
        ("DeletePackageVersions", pv(json!({ "versions": ["1.0"] }))),
        ("DeletePackage", pv(json!({}))),
        ("GetAuthorizationToken", d()),
        (
            "GetRepositoryEndpoint",
            json!({ "domain": "d1", "repository": "r1", "format": "generic" }),
        ),
        (
            "PutRepositoryPermissionsPolicy",
            json!({ "domain": "d1", "repository": "r1", "policyDocument": policy }),
        ),
        ("GetRepositoryPermissionsPolicy", r("r1")),
        ("DeleteRepositoryPermissionsPolicy", r("r1")),
        (
            "PutDomainPermissionsPolicy",
            json!({ "domain": "d1", "policyDocument": policy }),
        ),
        ("GetDomainPermissionsPolicy", d()),
        ("DeleteDomainPermissionsPolicy", d()),
        (
            "CreatePackageGroup",
            json!({ "domain": "d1", "packageGroup": group, "description": "ns tools" }),
        ),
        (
            "DescribePackageGroup",
            json!({ "domain": "d1", "packageGroup": group }),
        ),
        (
            "UpdatePackageGroup",
            json!({ "domain": "d1", "packageGroup": group, "contactInfo": "ops@example.com" }),
        ),
        (
            "UpdatePackageGroupOriginConfiguration",
            json!({ "domain": "d1", "packageGroup": group,
            "restrictions": { "PUBLISH": "ALLOW_SPECIFIC_REPOSITORIES" },
            "addAllowedRepositories": [{ "repositoryName": "r1", "originRestrictionType": "PUBLISH" }] }),
        ),
        ("ListPackageGroups", d()),
        (
            "ListSubPackageGroups",
            json!({ "domain": "d1", "packageGroup": "/*" }),
        ),
        (
            "GetAssociatedPackageGroup",
            json!({ "domain": "d1", "format": "generic", "namespace": "ns", "package": "p" }),
        ),
        (
            "ListAssociatedPackages",
            json!({ "domain": "d1", "packageGroup": group }),
        ),
        (
            "ListAllowedRepositoriesForGroup",
            json!({ "domain": "d1", "packageGroup": group, "originRestrictionType": "PUBLISH" }),
        ),
        (
            "DeletePackageGroup",
            json!({ "domain": "d1", "packageGroup": group }),
        ),
        (
            "TagResource",
            json!({ "resourceArn": arn_repo, "tags": [{ "key": "k", "value": "v" }] }),
        ),
        ("ListTagsForResource", json!({ "resourceArn": arn_repo })),
        (
            "UntagResource",
            json!({ "resourceArn": arn_domain, "tagKeys": ["team"] }),
        ),
        ("DeleteRepository", r("r2")),
        ("DeleteRepository", r("r1")),
        ("DeleteDomain", d()),
    ]
}

#[test]
fn readme_table_lists_every_operation_and_each_answers() {
    let table = table_operations();
    let model: BTreeSet<String> = SERVICE
        .operations
        .iter()
        .map(|o| o.name.to_owned())
        .collect();
    assert_eq!(model.len(), 48);
    assert_eq!(table, model, "local/README.md coverage table vs the model");
    let handled: BTreeSet<String> = codeartifact_local::ops::OPERATIONS
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(handled, model, "ops::OPERATIONS vs the model");

    let emu = Emulator::start(Options::in_memory());
    let c = emu.client();
    let arn_domain = "arn:aws:codeartifact:us-east-1:000000000000:domain/d1";
    let arn_repo = "arn:aws:codeartifact:us-east-1:000000000000:repository/d1/r1";
    let mut called = BTreeSet::new();
    for (op, input) in scenario(arn_domain, arn_repo) {
        let payload: Option<&[u8]> = (op == "PublishPackageVersion").then_some(b"bytes".as_slice());
        let r = c.call_with(op, input, payload);
        assert_eq!(r.status, 200, "{op}: {}", String::from_utf8_lossy(&r.body));
        assert!(
            r.header("x-amzn-RequestId")
                .is_some_and(|id| id.len() == 36),
            "{op}: request id"
        );
        let batch = [
            "UpdatePackageVersionsStatus",
            "CopyPackageVersions",
            "DisposePackageVersions",
            "DeletePackageVersions",
        ];
        if batch.contains(&op) {
            assert_eq!(r.json()["failedVersions"], json!({}), "{op}: {}", r.json());
        }
        called.insert(op.to_owned());
    }
    assert_eq!(called, model, "the scenario calls every operation");
}
