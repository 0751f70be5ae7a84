//! Agreement with botocore: `fixtures/sigv4_botocore.json` is the output of
//! `sigv4_botocore.py` (botocore's `SigV4Auth` on CodeArtifact-like
//! requests at a fixed time); our signer must produce the same
//! `Authorization`, `X-Amz-Date` and `X-Amz-Security-Token` for each.

use std::time::SystemTime;

use base64::Engine;
use codeartifact_runtime::sigv4::{
    Payload, SignableRequest, SigningCredentials, SigningKeyCache, SigningParams, SigningSettings,
    parse_amz_date, sign_traced,
};
use serde_json::Value;

fn fixture() -> Vec<Value> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/sigv4_botocore.json"
    );
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    let v: Value = serde_json::from_str(&text).expect("fixture is JSON");
    v["cases"].as_array().expect("cases array").clone()
}

fn str_of<'v>(v: &'v Value, key: &str) -> &'v str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("fixture field {key} missing"))
}

/// `https://host/path?query` into host, path and query pairs as sent.
fn split_url(url: &str) -> (&str, &str, Vec<(&str, &str)>) {
    let rest = url.strip_prefix("https://").expect("https URL");
    let (host, path_query) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let (path, query) = path_query.split_once('?').unwrap_or((path_query, ""));
    let pairs = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| p.split_once('=').unwrap_or((p, "")))
        .collect();
    (host, path, pairs)
}

fn check(case: &Value, cache: &SigningKeyCache) {
    let name = str_of(case, "name");
    let (host, path, query) = split_url(str_of(case, "url"));
    let mut headers: Vec<(&str, &str)> = case["headers"]
        .as_array()
        .expect("headers")
        .iter()
        .map(|h| {
            (
                h[0].as_str().expect("header name"),
                h[1].as_str().expect("header value"),
            )
        })
        .collect();
    headers.push(("host", host));
    let body = base64::engine::general_purpose::STANDARD
        .decode(str_of(case, "body_base64"))
        .expect("base64 body");
    let request = SignableRequest {
        method: str_of(case, "method"),
        path,
        query: &query,
        headers: &headers,
        payload: Payload::Bytes(&body),
    };
    let time: SystemTime = parse_amz_date(str_of(case, "time")).expect("fixture time");
    let params = SigningParams {
        credentials: SigningCredentials::new(
            str_of(case, "access_key_id"),
            str_of(case, "secret_access_key"),
            case["session_token"].as_str(),
        ),
        region: str_of(case, "region"),
        service: str_of(case, "service"),
        time,
        settings: SigningSettings::default(),
    };
    let (out, trace) = sign_traced(&request, &params, cache);
    let expected = &case["expected"];
    assert_eq!(
        trace.canonical_request,
        str_of(expected, "canonical_request"),
        "{name}: canonical request"
    );
    assert_eq!(
        trace.string_to_sign,
        str_of(expected, "string_to_sign"),
        "{name}: string to sign"
    );
    assert_eq!(
        out.authorization(),
        Some(str_of(expected, "authorization")),
        "{name}: Authorization"
    );
    let added: Vec<(&str, &str)> = out.headers().collect();
    let header = |n: &str| added.iter().find(|(k, _)| *k == n).map(|(_, v)| *v);
    assert_eq!(
        header("x-amz-date"),
        Some(str_of(expected, "x-amz-date")),
        "{name}: X-Amz-Date"
    );
    assert_eq!(
        header("x-amz-security-token"),
        expected["x-amz-security-token"].as_str(),
        "{name}: token"
    );
    assert_eq!(
        header("x-amz-content-sha256"),
        None,
        "{name}: no content hash header added"
    );
}

#[test]
fn same_authorization_as_botocore() {
    let cases = fixture();
    let names: Vec<&str> = cases.iter().map(|c| str_of(c, "name")).collect();
    for required in [
        "update_package_versions_status",
        "update_package_versions_status_with_session_token",
        "publish_package_version",
        "publish_package_version_with_session_token",
        "get_package_version_asset",
    ] {
        assert!(names.contains(&required), "fixture lacks {required}");
    }
    // One cache across all cases: entries for different secrets/scopes must
    // not leak into each other.
    let cache = SigningKeyCache::new();
    for case in &cases {
        check(case, &cache);
    }
    for case in &cases {
        check(case, &SigningKeyCache::new());
    }
}
