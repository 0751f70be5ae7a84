//! Agreement with botocore: `fixtures/sigv4_botocore.json` is the output of
//! `sigv4_botocore.py` (botocore's `SigV4Auth` on CodeArtifact-like
//! requests at a fixed time); our signer must produce the same
//! `Authorization`, `X-Amz-Date` and `X-Amz-Security-Token` for each.

use std::time::SystemTime;

use base64::Engine;
use codeartifact_runtime::sigv4::{
    MAX_CLOCK_SKEW, Payload, SignableRequest, SigningCredentials, SigningKeyCache, SigningParams,
    SigningSettings, VerifyError, parse_amz_date, parse_request_auth, query_pairs, sign_traced,
    verify,
};
use serde_json::Value;

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/sigv4_botocore.json"
);
const SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/sigv4_botocore.py");

fn fixture_text() -> String {
    std::fs::read_to_string(FIXTURE).unwrap_or_else(|e| panic!("cannot read {FIXTURE}: {e}"))
}

fn fixture() -> Vec<Value> {
    let v: Value = serde_json::from_str(&fixture_text()).expect("fixture is JSON");
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
    (host, path, query_pairs(query).collect())
}

fn signing_params(case: &Value, time: SystemTime) -> SigningParams<'_> {
    SigningParams {
        credentials: SigningCredentials::new(
            str_of(case, "access_key_id"),
            str_of(case, "secret_access_key"),
            case["session_token"].as_str(),
        ),
        region: str_of(case, "region"),
        service: str_of(case, "service"),
        time,
        settings: SigningSettings::default(),
    }
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
    let params = signing_params(case, time);
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
    verify_botocore_request(case, &request, time);
}

/// The emulator's side: the request as botocore sent it verifies.
fn verify_botocore_request(case: &Value, request: &SignableRequest<'_>, time: SystemTime) {
    let expected = &case["expected"];
    let mut sent = request.headers.to_vec();
    sent.push(("X-Amz-Date", str_of(expected, "x-amz-date")));
    sent.extend(
        expected["x-amz-security-token"]
            .as_str()
            .map(|t| ("X-Amz-Security-Token", t)),
    );
    sent.push(("Authorization", str_of(expected, "authorization")));
    let sent = SignableRequest {
        headers: &sent,
        ..*request
    };
    let auth = parse_request_auth(&sent).expect("botocore's Authorization parses");
    let secret = str_of(case, "secret_access_key");
    assert_eq!(
        verify(&sent, &auth, secret, time, MAX_CLOCK_SKEW),
        Ok(()),
        "{}",
        str_of(case, "name")
    );
    assert_eq!(
        verify(&sent, &auth, "not-the-secret", time, MAX_CLOCK_SKEW),
        Err(VerifyError::SignatureMismatch)
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

/// The committed fixture is exactly what the script prints with the
/// installed botocore (CI installs it; elsewhere `pip install botocore`).
#[test]
fn script_reproduces_fixture() {
    let out = std::process::Command::new("python3")
        .arg(SCRIPT)
        .output()
        .unwrap_or_else(|e| panic!("python3 is needed to re-run {SCRIPT}: {e}"));
    assert!(
        out.status.success(),
        "{SCRIPT} failed (is botocore installed? `pip install botocore`): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout) == fixture_text(),
        "{SCRIPT} no longer reproduces {FIXTURE}; regenerate it and review the difference"
    );
}
