//! The endpoint rules engine against the official endpoint tests in
//! `../shared/conformance/endpoints` (read in place, never copied).

use codeartifact_runtime::endpoint::{Endpoint, EndpointError, EndpointResolver, Params};
use serde_json::{Map, Value};
use std::path::PathBuf;

fn shared_dir() -> PathBuf {
    let dir = std::env::var_os("CODEARTIFACT_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared")));
    assert!(
        dir.join("conformance/endpoints").is_dir(),
        "shared conformance data is absent: expected {}/conformance/endpoints \
         (set CODEARTIFACT_SHARED_DIR to the directory holding `conformance/`)",
        dir.display()
    );
    dir
}

fn read(path: PathBuf) -> String {
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn endpoints_file(name: &str) -> String {
    read(shared_dir().join("conformance/endpoints").join(name))
}

fn model_file(name: &str) -> String {
    read(PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../model")).join(name))
}

struct Case {
    doc: String,
    params: Map<String, Value>,
    expect: Value,
}

fn cases(tests_json: &str) -> Vec<Case> {
    let doc: Value = serde_json::from_str(tests_json).expect("test file is JSON");
    doc["testCases"]
        .as_array()
        .expect("testCases array")
        .iter()
        .map(|c| Case {
            doc: c["documentation"].as_str().unwrap_or("").to_owned(),
            params: c
                .get("params")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default(),
            expect: c["expect"].clone(),
        })
        .collect()
}

/// `None` when the result matches the expectation, else what differs.
fn mismatch(result: &Result<Endpoint, EndpointError>, expect: &Value) -> Option<String> {
    if let Some(message) = expect.get("error").and_then(Value::as_str) {
        return match result {
            Err(EndpointError::Rule(got)) if got == message => None,
            other => Some(format!("expected error {message:?}, got {other:?}")),
        };
    }
    let want = &expect["endpoint"];
    let Ok(got) = result else {
        return Some(format!("expected endpoint {want}, got {result:?}"));
    };
    let url_ok = want["url"].as_str() == Some(got.url.as_str());
    // Absent properties or headers mean none.
    let want_props = want
        .get("properties")
        .cloned()
        .unwrap_or_else(|| Value::Object(Map::new()));
    let props_ok = want_props == Value::Object(got.properties.clone());
    let want_headers = want
        .get("headers")
        .cloned()
        .unwrap_or_else(|| Value::Object(Map::new()));
    let got_headers: Map<String, Value> = got
        .headers
        .iter()
        .map(|(k, v)| (k.clone(), Value::from(v.clone())))
        .collect();
    let headers_ok = want_headers == Value::Object(got_headers);
    (!(url_ok && props_ok && headers_ok)).then(|| format!("expected {want}, got {got:?}"))
}

/// Runs every case and returns the documentation of those that fail.
fn failures(resolver: &EndpointResolver, cases: &[Case], via_params: bool) -> Vec<String> {
    cases
        .iter()
        .filter_map(|case| {
            let result = if via_params {
                resolver.resolve(&to_params(&case.params))
            } else {
                resolver.resolve_named(&case.params)
            };
            mismatch(&result, &case.expect).map(|why| format!("{}: {why}", case.doc))
        })
        .collect()
}

/// The SDK-config form of a CodeArtifact case. The files give the booleans
/// explicitly or leave them to the rule set's default (false).
fn to_params(p: &Map<String, Value>) -> Params {
    let text = |k: &str| p.get(k).and_then(Value::as_str).map(str::to_owned);
    let flag = |k: &str| p.get(k).and_then(Value::as_bool).unwrap_or(false);
    Params {
        region: text("Region"),
        use_fips: flag("UseFIPS"),
        use_dual_stack: flag("UseDualStack"),
        endpoint: text("Endpoint"),
    }
}

fn codeartifact_resolver(partitions: &str) -> EndpointResolver {
    EndpointResolver::new(
        &model_file("endpoint-rule-set-1.json"),
        &endpoints_file(partitions),
    )
    .expect("the model's rule set and partitions load")
}

#[test]
fn model_rule_set_is_the_conformance_rule_set() {
    let model: Value = serde_json::from_str(&model_file("endpoint-rule-set-1.json")).unwrap();
    let shared: Value =
        serde_json::from_str(&endpoints_file("codeartifact-endpoint-rule-set.json")).unwrap();
    assert_eq!(model, shared);
}

/// Every case passes, through both the named-parameter and the `Params` entry point.
fn assert_all_pass(partitions: &str, tests: &str, expected_cases: usize) {
    let resolver = codeartifact_resolver(partitions);
    let cases = cases(&endpoints_file(tests));
    assert_eq!(cases.len(), expected_cases);
    for via_params in [false, true] {
        let failed = failures(&resolver, &cases, via_params);
        assert!(
            failed.is_empty(),
            "{} of {expected_cases} in {tests} failed (via_params={via_params}):\n{}",
            failed.len(),
            failed.join("\n")
        );
    }
}

#[test]
fn codeartifact_botocore_cases_with_current_partitions() {
    assert_all_pass("partitions.json", "codeartifact-endpoint-tests.json", 33);
}

#[test]
fn codeartifact_smithy_cases_with_2025_partitions() {
    assert_all_pass(
        "partitions.2025-04-03.json",
        "codeartifact-endpoint-tests.smithy-model.json",
        37,
    );
}

/// The partition data, not the engine, decides the iso dual-stack cases:
/// with the newer partitions exactly those 4 differ.
#[test]
fn codeartifact_smithy_cases_with_current_partitions_differ_only_on_iso_dual_stack() {
    let resolver = codeartifact_resolver("partitions.json");
    let cases = cases(&endpoints_file(
        "codeartifact-endpoint-tests.smithy-model.json",
    ));
    let failed: Vec<&Case> = cases
        .iter()
        .filter(|c| mismatch(&resolver.resolve_named(&c.params), &c.expect).is_some())
        .collect();
    assert_eq!(cases.len() - failed.len(), 33);
    assert_eq!(failed.len(), 4);
    for case in failed {
        let region = case.params["Region"].as_str().unwrap();
        assert!(
            region == "us-iso-east-1" || region == "us-isob-east-1",
            "{}",
            case.doc
        );
        assert_eq!(
            case.params["UseDualStack"],
            Value::Bool(true),
            "{}",
            case.doc
        );
        assert!(case.expect.get("error").is_some(), "{}", case.doc);
        // The newer partitions support dual-stack there, so an endpoint results.
        let endpoint = resolver
            .resolve_named(&case.params)
            .expect("dual-stack endpoint");
        assert!(endpoint.url.contains(".api.aws."), "{}", endpoint.url);
    }
}

const RULES_ENGINE_FILES: [&str; 15] = [
    "account-id",
    "array-index",
    "aws-region",
    "default-values",
    "eventbridge",
    "fns",
    "headers",
    "is-virtual-hostable-s3-bucket",
    "local-region-override",
    "parse-arn",
    "parse-url",
    "partition-fn",
    "substring",
    "uri-encode",
    "valid-hostlabel",
];

#[test]
fn rules_engine_cases() {
    let dir = shared_dir().join("conformance/endpoints/rules-engine");
    let partitions = endpoints_file("partitions.json");
    let mut total = 0;
    let mut failed = Vec::new();
    for name in RULES_ENGINE_FILES {
        let rules = read(dir.join(format!("valid-rules/{name}.json")));
        let resolver =
            EndpointResolver::new(&rules, &partitions).unwrap_or_else(|e| panic!("{name}: {e}"));
        let cases = cases(&read(dir.join(format!("test-cases/{name}.json"))));
        total += cases.len();
        failed.extend(
            failures(&resolver, &cases, false)
                .into_iter()
                .map(|f| format!("{name}: {f}")),
        );
    }
    assert_eq!(total, 101);
    assert!(
        failed.is_empty(),
        "{} of 101 failed:\n{}",
        failed.len(),
        failed.join("\n")
    );
}

#[test]
fn every_valid_rule_set_loads() {
    let dir = shared_dir().join("conformance/endpoints/rules-engine/valid-rules");
    let partitions = endpoints_file("partitions.json");
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).expect("valid-rules directory") {
        let path = entry.expect("dir entry").path();
        if let Err(e) = EndpointResolver::new(&read(path.clone()), &partitions) {
            panic!("{} does not load: {e}", path.display());
        }
        count += 1;
    }
    assert_eq!(count, 18);
}
