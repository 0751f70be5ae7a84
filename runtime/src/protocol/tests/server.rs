use serde_json::{Value, json};

use super::fixtures::*;
use crate::protocol::*;

const NO_HEADERS: [(&str, &str); 0] = [];

fn routed(method: &str, path: &str) -> Result<&'static str, RouteError> {
    route(&SERVICE, method, path).map(|op| op.name)
}

#[test]
fn routes_by_method_and_path() {
    assert_eq!(
        routed("POST", "/v1/package/versions/update_status").unwrap(),
        "UpdatePackageVersionsStatus"
    );
    assert_eq!(
        routed("GET", "/v1/package/version/asset").unwrap(),
        "GetPackageVersionAsset"
    );
    assert_eq!(
        routed("GET", "/v1/package/versions/update_status"),
        Err(RouteError::MethodNotAllowed {
            allowed: vec!["POST"]
        })
    );
    assert_eq!(
        routed("POST", "/v1/package/versions/update_status/"),
        Err(RouteError::NotFound)
    );
    assert_eq!(
        routed("POST", "/v1/package/versions%2Fupdate_status"),
        Err(RouteError::NotFound)
    );
    assert_eq!(
        routed("POST", "/v1/package/../versions/update_status"),
        Err(RouteError::NotFound)
    );
    assert_eq!(
        routed("GET", "/v1/domain/d1/object/a/b").unwrap(),
        "LabelledGet"
    );
    assert_eq!(
        routed("DELETE", "/v1/domain/d1/object/a"),
        Err(RouteError::MethodNotAllowed {
            allowed: vec!["PUT", "GET"]
        })
    );
    assert_eq!(
        routed("GET", "/v1/domain//object/a"),
        Err(RouteError::NotFound)
    );
    assert_eq!(
        routed("GET", "/v1/domain/d1/object/"),
        Err(RouteError::NotFound)
    );
}

fn upvs_input() -> Value {
    json!({
        "domain": "my-domain", "domainOwner": "111122223333", "repository": "my-repo",
        "format": "generic", "namespace": "my-ns", "package": "my-pkg+1",
        "versions": ["1.0.0", "2.0.0"], "versionRevisions": {"1.0.0": "rev1"},
        "expectedStatus": "Published", "targetStatus": "Archived"
    })
}

/// What the client writes, the server reads back unchanged; and what the
/// server answers, the client reads back unchanged.
#[test]
fn client_server_round_trips() {
    let cases = [
        (&UPVS, upvs_input()),
        (
            &PUBLISH,
            json!({"domain": "d1", "repository": "r1", "format": "generic", "namespace": "ns", "package": "p",
                   "packageVersion": "1.0", "assetName": "a b.tgz", "assetSHA256": "0a".repeat(32), "unfinished": false}),
        ),
        (
            &LABELLED,
            json!({"domain": "my-domain", "key": "a/b c/ü", "since": 1_566_002_944.25, "versions": ["1", "2"],
                   "maxResults": 10, "token": "secret"}),
        ),
    ];
    for (spec, input) in cases {
        let req = serialize_request(spec, &input).unwrap();
        assert_eq!(
            route(&SERVICE, req.method, &req.path).unwrap().name,
            spec.name
        );
        let body = req.body.clone().unwrap_or_default();
        let parsed =
            parse_request(spec, &req.path, &req.query_string(), &req.headers, &body).unwrap();
        assert_eq!(parsed, input, "{}", spec.name);
        assert_eq!(validate(spec.input, &parsed), vec![], "{}", spec.name);
    }
    let output = json!({"successfulVersions": {"1.0.0": {"revision": "r2", "status": "Archived"}},
                        "failedVersions": {"2.0.0": {"errorCode": "SKIPPED", "errorMessage": "skipped"}}});
    let resp = serialize_response(&UPVS, &output);
    assert_eq!(resp.status, 200);
    assert_eq!(resp.header("content-type"), Some("application/json"));
    assert_eq!(
        parse_response(&UPVS, resp.status, &resp.headers, &resp.body).unwrap(),
        output
    );

    let asset =
        json!({"assetName": "a.tgz", "packageVersion": "1.0", "packageVersionRevision": "REV"});
    let resp = serialize_response(&GET_ASSET, &asset);
    assert_eq!(resp.header("X-AssetName"), Some("a.tgz"));
    assert_eq!(
        resp.header("content-type"),
        Some("application/octet-stream")
    );
    assert!(resp.body.is_empty());
    assert_eq!(
        parse_response(&GET_ASSET, 200, &resp.headers, b"payload bytes").unwrap(),
        asset
    );
}

#[test]
fn errors_round_trip_with_headers() {
    let resp = serialize_error(
        &THROTTLING,
        &json!({"message": "slow down", "retryAfterSeconds": 3}),
        "req-9",
    );
    assert_eq!(resp.status, 429);
    assert_eq!(resp.header("x-amzn-errortype"), Some("ThrottlingException"));
    assert_eq!(resp.header("x-amzn-requestid"), Some("req-9"));
    assert_eq!(resp.header("retry-after"), Some("3"));
    assert_eq!(
        serde_json::from_slice::<Value>(&resp.body).unwrap(),
        json!({"message": "slow down"})
    );
    let parts = parse_error(&UPVS, resp.status, &resp.headers, &resp.body);
    assert_eq!(parts.code, "ThrottlingException");
    assert_eq!(parts.request_id.as_deref(), Some("req-9"));
    assert_eq!(
        parts.document,
        json!({"message": "slow down", "retryAfterSeconds": 3})
    );

    let doc = json!({"message": "bad", "reason": "FIELD_VALIDATION_FAILED"});
    let resp = serialize_error(&VALIDATION, &doc, "r");
    assert_eq!(resp.status, 400);
    assert_eq!(
        parse_error(&UPVS, 400, &resp.headers, &resp.body).document,
        doc
    );
}

#[test]
fn error_without_a_modeled_message_still_carries_one() {
    let resp = serialize_error(
        &VERSION_ERROR,
        &json!({"message": "m", "errorCode": "SKIPPED"}),
        "r",
    );
    assert_eq!(resp.status, 500);
    assert_eq!(
        serde_json::from_slice::<Value>(&resp.body).unwrap(),
        json!({"message": "m", "errorCode": "SKIPPED"})
    );
}

#[test]
fn query_values_are_coerced_and_checked() {
    let doc = parse_request(
        &LABELLED,
        "/v1/domain/d1/object/k",
        "max-results=5&version=1&version=2&since=2019-08-17T00:49:04Z&other=x",
        &NO_HEADERS[..],
        b"",
    )
    .unwrap();
    assert_eq!(
        doc,
        json!({"domain": "d1", "key": "k", "maxResults": 5, "versions": ["1", "2"], "since": 1_566_002_944})
    );
    let err = parse_request(
        &LABELLED,
        "/v1/domain/d1/object/k",
        "max-results=ten",
        &NO_HEADERS[..],
        b"",
    )
    .unwrap_err();
    assert_eq!(
        (err.kind, err.field.as_deref()),
        (RequestErrorKind::InvalidField, Some("maxResults"))
    );
    assert!(err.message.contains("max-results"), "{}", err.message);
    let err = parse_request(
        &LABELLED,
        "/v1/domain/d1/object/k",
        "max-results=99999999999",
        &NO_HEADERS[..],
        b"",
    )
    .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("maxResults"));
    let err = parse_request(
        &PUBLISH,
        "/v1/package/version/publish",
        "unfinished=yes",
        &NO_HEADERS[..],
        b"",
    )
    .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("unfinished"));
    let err = parse_request(&UPVS, "/", "domain=a&domain=b", &NO_HEADERS[..], b"").unwrap_err();
    assert_eq!(err.field.as_deref(), Some("domain"));
    let err = parse_request(&UPVS, "/", "domain=%FF", &NO_HEADERS[..], b"").unwrap_err();
    assert_eq!(err.kind, RequestErrorKind::CannotParse);
}

#[test]
fn bad_bodies_are_rejected() {
    for body in [
        &b"\xff\xfe"[..],
        b"{\"versions\": [",
        b"[1, 2]",
        b"\"text\"",
    ] {
        let err = parse_request(&UPVS, "/", "", &NO_HEADERS[..], body).unwrap_err();
        assert_eq!(err.kind, RequestErrorKind::CannotParse, "{body:?}");
        assert_eq!(err.reason(), "CANNOT_PARSE");
    }
    let err =
        parse_request(&UPVS, "/", "", &NO_HEADERS[..], br#"{"versions": "1.0"}"#).unwrap_err();
    assert_eq!(
        (err.kind, err.field.as_deref()),
        (RequestErrorKind::InvalidField, Some("versions"))
    );
    let err = parse_request(
        &UPVS,
        "/",
        "",
        &NO_HEADERS[..],
        br#"{"versions": ["1", 2]}"#,
    )
    .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("versions.2.member"));
    let err = parse_request(
        &UPVS,
        "/",
        "",
        &NO_HEADERS[..],
        br#"{"versionRevisions": {"1": 5}}"#,
    )
    .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("versionRevisions.1"));
    // Unknown fields, nulls, and members bound elsewhere are ignored.
    let doc = parse_request(
        &UPVS,
        "/",
        "",
        &NO_HEADERS[..],
        br#"{"domain": "x", "zzz": 1, "expectedStatus": null}"#,
    )
    .unwrap();
    assert_eq!(doc, json!({}));
    // A streaming payload is left to the caller.
    let doc = parse_request(
        &PUBLISH,
        "/",
        "",
        &[("X-Amz-Content-Sha256", "ab")][..],
        b"\xff raw",
    )
    .unwrap();
    assert_eq!(doc, json!({"assetSHA256": "ab"}));
}

#[test]
fn validation_lists_every_violation_in_the_service_format() {
    let doc = json!({"domain": "x", "repository": "my-repo", "format": "zip", "package": "a/b",
        "versions": ["1.0", "bad version"], "versionRevisions": {"1.0": "has space", "#": "r"}});
    let violations = validate(&UPVS_INPUT, &doc);
    let messages: Vec<String> = violations.iter().map(Violation::message).collect();
    assert_eq!(
        messages,
        [
            "Value 'x' at 'domain' failed to satisfy constraint: Member must have length greater than or equal to 2",
            "Value 'x' at 'domain' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-z][a-z0-9\\-]{0,48}[a-z0-9]",
            "Value 'zip' at 'format' failed to satisfy constraint: Member must satisfy enum value set: [npm, pypi, maven, nuget, generic, ruby, swift, cargo]",
            "Value 'a/b' at 'package' failed to satisfy constraint: Member must satisfy regular expression pattern: [^#/\\s]+",
            "Value 'bad version' at 'versions.2.member' failed to satisfy constraint: Member must satisfy regular expression pattern: [^#/\\s]+",
            "Value '{#=r, 1.0=has space}' at 'versionRevisions' failed to satisfy constraint: Map keys must satisfy constraint: [Member must satisfy regular expression pattern: [^#/\\s]+]",
            "Value '{#=r, 1.0=has space}' at 'versionRevisions' failed to satisfy constraint: Map value must satisfy constraint: [Member must satisfy regular expression pattern: \\S+]",
            "Value null at 'targetStatus' failed to satisfy constraint: Member must not be null",
        ]
    );
    let two = [violations[0].clone(), violations[7].clone()];
    assert_eq!(
        validation_message(&two),
        "2 validation errors detected: Value 'x' at 'domain' failed to satisfy constraint: Member must have length greater than or equal to 2; Value null at 'targetStatus' failed to satisfy constraint: Member must not be null"
    );
    assert!(validation_message(&two[..1]).starts_with("1 validation error detected: Value 'x'"));
}

#[test]
fn validation_of_lengths_ranges_types_and_secrets() {
    let versions: Vec<String> = (0..101).map(|i| i.to_string()).collect();
    let doc = json!({"domain": "my-domain", "repository": "my-repo", "format": "npm", "package": "p",
        "versions": versions, "targetStatus": "Archived", "expectedStatus": 5});
    let v = validate(&UPVS_INPUT, &doc);
    assert_eq!(v.len(), 2, "{v:?}");
    assert_eq!(v[0].path, "versions");
    assert_eq!(
        v[0].constraint,
        "Member must have length less than or equal to 100"
    );
    assert_eq!(
        v[1].message(),
        "Value 5 at 'expectedStatus' failed to satisfy constraint: Member must be a string"
    );

    let doc = json!({"domain": "dé", "key": "k", "maxResults": 0, "token": 1});
    let v = validate(&LABELLED_INPUT, &doc);
    let messages: Vec<String> = v.iter().map(Violation::message).collect();
    assert!(messages.contains(&"Value 0 at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1".to_owned()), "{messages:?}");
    // Length is counted in characters: "dé" has two, so only the pattern fails.
    assert!(
        !messages.iter().any(|m| m.contains("length")),
        "{messages:?}"
    );
    assert!(
        messages.contains(
            &"Value at 'token' failed to satisfy constraint: Member must be a string".to_owned()
        ),
        "{messages:?}"
    );
}

#[test]
fn non_streaming_payloads_round_trip() {
    let input = json!({"key": "k", "data": "AAEC/w=="});
    let req = serialize_request(&PUT_BLOB, &input).unwrap();
    assert_eq!(req.body.as_deref(), Some(&[0u8, 1, 2, 255][..]));
    assert_eq!(req.header("content-type"), Some("application/octet-stream"));
    let body = req.body.clone().unwrap_or_default();
    let parsed = parse_request(
        &PUT_BLOB,
        &req.path,
        &req.query_string(),
        &req.headers,
        &body,
    );
    assert_eq!(parsed.unwrap(), input);
    // Blob length is counted in decoded bytes: 4 here, 17 is too many.
    assert_eq!(validate(&PUT_BLOB_INPUT, &input), vec![]);
    let long = json!({"key": "k", "data": "AAAAAAAAAAAAAAAAAAAAAAA="});
    assert_eq!(
        validate(&PUT_BLOB_INPUT, &long)[0].constraint,
        "Member must have length less than or equal to 16"
    );
    // Without the payload there is no body and no content type.
    let bare = serialize_request(&PUT_BLOB, &json!({"key": "k"})).unwrap();
    assert_eq!(
        (bare.body.as_ref(), bare.header("content-type")),
        (None, None)
    );

    let output = json!({"info": {"revision": "r1", "status": "Published"}});
    let resp = serialize_response(&PUT_BLOB, &output);
    assert_eq!(
        serde_json::from_slice::<Value>(&resp.body).unwrap(),
        output["info"]
    );
    assert_eq!(
        parse_response(&PUT_BLOB, 200, &resp.headers, &resp.body).unwrap(),
        output
    );
    let empty = parse_request(&PUT_BLOB, "/v1/blob", "key=k", &NO_HEADERS[..], b"").unwrap();
    assert_eq!(empty, json!({"key": "k"}));
}
