use serde_json::{Value, json};

use super::fixtures::*;
use crate::protocol::{parse_error, parse_response, serialize_request};

fn body_json(body: Option<&bytes::Bytes>) -> Value {
    serde_json::from_slice(body.expect("a body")).expect("JSON body")
}

#[test]
fn update_package_versions_status_request() {
    let input = json!({
        "domain": "my-domain", "domainOwner": "111122223333", "repository": "my-repo",
        "format": "generic", "namespace": "my-ns", "package": "my pkg",
        "versions": ["1.0.0", "2.0.0"], "versionRevisions": {"1.0.0": "rev1"},
        "expectedStatus": "Published", "targetStatus": "Archived", "notAMember": 1
    });
    let req = serialize_request(&UPVS, &input).unwrap();
    assert_eq!(req.method, "POST");
    assert_eq!(req.path, "/v1/package/versions/update_status");
    let query: Vec<(&str, &str)> = req
        .query
        .iter()
        .map(|(n, v)| (n.as_ref(), v.as_str()))
        .collect();
    assert_eq!(
        query,
        [
            ("domain", "my-domain"),
            ("domain-owner", "111122223333"),
            ("repository", "my-repo"),
            ("format", "generic"),
            ("namespace", "my-ns"),
            ("package", "my pkg"),
        ]
    );
    assert_eq!(
        req.query_string(),
        "domain=my-domain&domain-owner=111122223333&repository=my-repo&format=generic&namespace=my-ns&package=my%20pkg"
    );
    assert_eq!(req.header("content-type"), Some("application/json"));
    assert_eq!(
        body_json(req.body.as_ref()),
        json!({"versions": ["1.0.0", "2.0.0"], "versionRevisions": {"1.0.0": "rev1"},
               "expectedStatus": "Published", "targetStatus": "Archived"})
    );
}

#[test]
fn missing_required_members_are_all_listed() {
    let err = serialize_request(&UPVS, &json!({"domain": "d1", "format": null})).unwrap_err();
    assert_eq!(
        err.missing,
        [
            "repository",
            "format",
            "package",
            "versions",
            "targetStatus"
        ]
    );
    assert!(
        err.to_string().contains("repository, format, package"),
        "{err}"
    );
}

#[test]
fn nulls_are_omitted_from_the_body_at_every_level() {
    let input = json!({"domain": "d1", "repository": "r1", "format": "npm", "package": "p",
                       "versions": ["1"], "targetStatus": "Archived", "expectedStatus": null});
    let req = serialize_request(&UPVS, &input).unwrap();
    assert_eq!(
        body_json(req.body.as_ref()),
        json!({"versions": ["1"], "targetStatus": "Archived"})
    );
}

#[test]
fn streaming_payload_sends_no_json_body() {
    let input = json!({"domain": "d1", "repository": "r1", "format": "generic", "namespace": "ns",
        "package": "p", "packageVersion": "1.0", "assetName": "a.tgz",
        "assetSHA256": "ab".repeat(32), "unfinished": true});
    let req = serialize_request(&PUBLISH, &input).unwrap();
    assert_eq!(req.body, None);
    assert_eq!(req.header("Content-Type"), Some("application/octet-stream"));
    assert_eq!(
        req.header("x-amz-content-sha256"),
        Some("ab".repeat(32).as_str())
    );
    assert!(
        req.query
            .iter()
            .any(|(n, v)| n == "unfinished" && v == "true")
    );
    assert!(req.query.iter().any(|(n, v)| n == "version" && v == "1.0"));
}

#[test]
fn input_without_body_members_sends_no_body() {
    let input = json!({"domain": "d1", "repository": "r1", "format": "generic", "package": "p",
        "packageVersion": "1.0", "asset": "a b/c"});
    let req = serialize_request(&GET_ASSET, &input).unwrap();
    assert_eq!(req.body, None);
    assert_eq!(req.header("content-type"), None);
    assert!(
        req.query_string().ends_with("&asset=a%20b%2Fc"),
        "{}",
        req.query_string()
    );
}

#[test]
fn labels_literal_query_timestamps_and_lists() {
    let input = json!({"domain": "my-domain", "key": "a/b c", "since": 1_566_002_944.5,
        "versions": ["1", "2"], "maxResults": 10});
    let req = serialize_request(&LABELLED, &input).unwrap();
    assert_eq!(req.method, "PUT");
    assert_eq!(req.path, "/v1/domain/my-domain/object/a/b%20c");
    assert_eq!(
        req.query_string(),
        "list-type=2&since=2019-08-17T00%3A49%3A04.5Z&version=1&version=2&max-results=10"
    );
    assert_eq!(
        req.path_and_query(),
        format!("{}?{}", req.path, req.query_string())
    );
    // The input has a body member, so `{}` is sent even though it is unset.
    assert_eq!(req.body.as_deref(), Some(&b"{}"[..]));
}

#[test]
fn empty_label_is_rejected() {
    let err = serialize_request(&LABELLED, &json!({"domain": "", "key": "k"})).unwrap_err();
    assert_eq!(err.invalid, ["the URI label `domain` must not be empty"]);
    let err = serialize_request(&LABELLED, &json!(["not", "an", "object"])).unwrap_err();
    assert_eq!(err.invalid.len(), 1);
}

#[test]
fn parse_response_drops_unknown_fields_at_every_level() {
    let body = br#"{"successfulVersions": {"1.0": {"revision": "r", "status": "Archived", "extra": 1}},
        "failedVersions": {"2.0": {"errorCode": "SKIPPED", "errorMessage": "m"}}, "unknown": [1, 2], "nothing": null}"#;
    let headers: [(&str, &str); 1] = [("x-amzn-RequestId", "req-1")];
    let doc = parse_response(&UPVS, 200, &headers[..], body).unwrap();
    assert_eq!(
        doc,
        json!({"successfulVersions": {"1.0": {"revision": "r", "status": "Archived"}},
               "failedVersions": {"2.0": {"errorCode": "SKIPPED", "errorMessage": "m"}}})
    );
}

#[test]
fn parse_response_empty_and_bad_bodies() {
    let none: [(&str, &str); 0] = [];
    assert_eq!(
        parse_response(&UPVS, 200, &none[..], b"").unwrap(),
        json!({})
    );
    let err = parse_response(&UPVS, 200, &none[..], b"<html>oops</html>").unwrap_err();
    assert_eq!(err.status, 200);
    assert_eq!(err.excerpt, "<html>oops</html>");
    assert!(err.to_string().contains("HTTP 200"), "{err}");
    assert!(parse_response(&UPVS, 200, &none[..], b"[1]").is_err());
}

#[test]
fn streaming_output_takes_headers_and_leaves_the_body() {
    let mut headers = http::HeaderMap::new();
    headers.insert("x-assetname", "a.tgz".parse().unwrap());
    headers.insert("x-packageversion", "1.0".parse().unwrap());
    headers.insert("x-packageversionrevision", "REV".parse().unwrap());
    let doc = parse_response(&GET_ASSET, 200, &headers, b"\x00\x01 not json").unwrap();
    assert_eq!(
        doc,
        json!({"assetName": "a.tgz", "packageVersion": "1.0", "packageVersionRevision": "REV"})
    );
}

#[test]
fn throttling_error_reads_retry_after() {
    let headers = [
        (
            "X-Amzn-ErrorType",
            "ThrottlingException:http://internal.amazon.com/coral/",
        ),
        ("x-amzn-requestid", "abc-123"),
        ("Retry-After", "7"),
    ];
    let parts = parse_error(
        &UPVS,
        429,
        &headers[..],
        br#"{"message": "slow down", "extra": true}"#,
    );
    assert_eq!(parts.code, "ThrottlingException");
    assert_eq!(parts.message.as_deref(), Some("slow down"));
    assert_eq!(parts.request_id.as_deref(), Some("abc-123"));
    assert_eq!(parts.status, 429);
    assert_eq!(
        parts.document,
        json!({"message": "slow down", "retryAfterSeconds": 7})
    );
}

#[test]
fn unmodeled_error_keeps_the_body() {
    let none: [(&str, &str); 0] = [];
    let parts = parse_error(
        &UPVS,
        400,
        &none[..],
        br#"{"__type": "com.amazon#OddError", "Message": "odd"}"#,
    );
    assert_eq!(parts.code, "OddError");
    assert_eq!(parts.message.as_deref(), Some("odd"));
    assert_eq!(parts.document["Message"], "odd");
    let parts = parse_error(&UPVS, 502, &none[..], b"<html>Bad Gateway</html>");
    assert_eq!(
        (parts.code.as_str(), parts.message, parts.document),
        ("", None, json!({}))
    );
}

/// Every case of the shared error-code corpus (Smithy's expectations,
/// including the ones botocore itself ignores).
#[test]
fn error_code_parsing_conformance() {
    let dir = std::env::var("CODEARTIFACT_SHARED_DIR")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared").to_owned());
    let path = format!("{dir}/conformance/protocol-tests/error-code-parsing-cases.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!("the shared conformance data is absent ({path}: {e}); set CODEARTIFACT_SHARED_DIR")
    });
    let corpus: Value = serde_json::from_str(&text).unwrap();
    let cases = corpus["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 36);
    for case in cases {
        let response = &case["response"];
        let headers: Vec<(String, String)> = response["headers"]
            .as_object()
            .map(|h| {
                h.iter()
                    .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
                    .collect()
            })
            .unwrap_or_default();
        let body = response["body"].as_str().unwrap_or("");
        let status = response["status_code"].as_u64().unwrap() as u16;
        let parts = parse_error(&UPVS, status, &headers, body.as_bytes());
        assert_eq!(
            parts.code,
            case["expectedErrorCode"].as_str().unwrap(),
            "case {}",
            case["id"]
        );
        assert_eq!(parts.status, status);
        if let Some(expected) = case["expectedErrorFields"]["Message"].as_str() {
            assert_eq!(
                parts.message.as_deref(),
                Some(expected),
                "case {}",
                case["id"]
            );
        }
        if let Some(top) = case["expectedErrorFields"]["TopLevel"].as_str() {
            assert_eq!(parts.document["TopLevel"], top, "case {}", case["id"]);
        }
    }
}
