//! Bad input and authentication: each case gets the service's restJson1
//! error and changes nothing.

mod support;

use codeartifact_local::{Credential, Fault, Options};
use serde_json::json;
use support::*;

fn domain_count(c: &Client) -> usize {
    c.call("ListDomains", json!({})).json()["domains"]
        .as_array()
        .map_or(0, Vec::len)
}

fn assert_error(r: &Resp, status: u16, code: &str) {
    assert_eq!(
        (r.status, r.error_type()),
        (status, code),
        "{}",
        String::from_utf8_lossy(&r.body)
    );
    assert!(r.header("x-amzn-RequestId").is_some());
    assert!(
        r.json()["message"].as_str().is_some_and(|m| !m.is_empty()),
        "message in body"
    );
}

#[test]
fn malformed_bodies_and_routes_are_rejected_without_state_change() {
    let mut options = Options::in_memory();
    options.max_body_bytes = 4096;
    let emu = Emulator::start(options);
    let c = emu.client();
    seed(&c, &["1.0"]);
    let json_ct = || vec![("content-type".to_owned(), "application/json".to_owned())];
    let upvs = "/v1/package/versions/update_status?domain=d1&repository=r1&format=generic&namespace=ns&package=p";
    let cases: Vec<(&str, String, Vec<u8>, u16, &str)> = vec![
        (
            "POST",
            upvs.into(),
            b"{\"versions\": [\"1.0\"], ".to_vec(),
            400,
            "ValidationException",
        ),
        (
            "POST",
            upvs.into(),
            b"{\"versions\": \"1.0\", \"targetStatus\": \"Archived\"}".to_vec(),
            400,
            "ValidationException",
        ),
        (
            "POST",
            upvs.into(),
            b"{\"versions\": [\"1.0\"], \"targetStatus\": 7}".to_vec(),
            400,
            "ValidationException",
        ),
        (
            "POST",
            upvs.into(),
            b"{\"versions\": [\"\xff\xfe\"], \"targetStatus\": \"Archived\"}".to_vec(),
            400,
            "ValidationException",
        ),
        (
            "POST",
            upvs.into(),
            vec![b' '; 5000],
            413,
            "RequestEntityTooLargeException",
        ),
        (
            "POST",
            "/v1/no/such/route".into(),
            b"{}".to_vec(),
            400,
            "ValidationException",
        ),
        (
            "DELETE",
            "/v1/package/versions/update_status".into(),
            b"{}".to_vec(),
            400,
            "ValidationException",
        ),
        (
            "POST",
            "/v1/package/versions%2Fupdate_status".into(),
            b"{}".to_vec(),
            400,
            "ValidationException",
        ),
        (
            "POST",
            "/v1/package/../versions/update_status".into(),
            b"{}".to_vec(),
            400,
            "ValidationException",
        ),
        (
            "POST",
            upvs.replace("package=p", "package=.."),
            b"{\"versions\": [\"1.0\"], \"targetStatus\": \"Archived\"}".to_vec(),
            400,
            "ValidationException",
        ),
        (
            "POST",
            upvs.replace("package=p", "package=p%01x"),
            b"{\"versions\": [\"1.0\"], \"targetStatus\": \"Archived\"}".to_vec(),
            400,
            "ValidationException",
        ),
        (
            "POST",
            upvs.replace("repository=r1", "repository=..%2Fr1"),
            b"{\"versions\": [\"1.0\"], \"targetStatus\": \"Archived\"}".to_vec(),
            400,
            "ValidationException",
        ),
    ];
    for (method, target, body, status, code) in cases {
        let r = c.send(method, &target, json_ct(), &body, true);
        assert_error(&r, status, code);
        if status == 400
            && target.contains("update_status?")
            && !body.starts_with(b"{\"versions\": [\"1.0\"], \"targetStatus\": \"Archived\"}")
        {
            assert!(r.json()["reason"].is_string(), "reason for {target}");
        }
    }
    let r = c.send("POST", upvs, json_ct(), b"{", true);
    assert_eq!(r.json()["reason"], "CANNOT_PARSE");
    let r = c.send("GET", "/v1/unknown", json_ct(), b"", true);
    assert_eq!(r.json()["reason"], "UNKNOWN_OPERATION");
    let d = c
        .call(
            "DescribePackageVersion",
            pkg(json!({ "packageVersion": "1.0" })),
        )
        .json();
    assert_eq!(d["packageVersion"]["status"], "Published");
}

#[test]
fn constraint_violations_use_the_service_message_form() {
    let emu = Emulator::start(Options::in_memory());
    let c = emu.client();
    let r = c.call("CreateDomain", json!({ "domain": "Bad_Domain" }));
    assert_error(&r, 400, "ValidationException");
    let msg = r.json()["message"].as_str().unwrap_or("").to_owned();
    assert!(msg.starts_with("1 validation error detected: Value 'Bad_Domain' at 'domain' failed to satisfy constraint"), "{msg}");
    assert_eq!(domain_count(&c), 0);
}

#[test]
fn authentication_failures_are_403_and_change_nothing() {
    let emu = Emulator::start(Options::in_memory().credential(Credential::new(
        "alice",
        "s3cret",
        "111111111111",
    )));
    let c = emu.client();
    let create = |client: &Client| client.call("CreateDomain", json!({ "domain": "d1" }));
    let wrong_secret = Client {
        secret: "nope".into(),
        ..c.clone()
    };
    assert_error(&create(&wrong_secret), 403, "InvalidSignatureException");
    let unknown = Client {
        key: "who".into(),
        ..c.clone()
    };
    assert_error(&create(&unknown), 403, "UnrecognizedClientException");
    let skewed = Client {
        skew: -20 * 60,
        ..c.clone()
    };
    let r = create(&skewed);
    assert_error(&r, 403, "InvalidSignatureException");
    assert!(
        r.json()["message"]
            .as_str()
            .unwrap_or("")
            .starts_with("Signature expired")
    );
    let r = c.send("POST", "/v1/domain?domain=d1", vec![], b"{}", false);
    assert_error(&r, 403, "MissingAuthenticationTokenException");
    assert_eq!(domain_count(&c), 0);
    // A body altered after signing, without and with a signed x-amz-content-sha256.
    for declared in [false, true] {
        assert_error(&tampered(&c, declared), 403, "InvalidSignatureException");
    }
    // Other credentials map to their own account.
    let alice = Client {
        key: "alice".into(),
        secret: "s3cret".into(),
        ..c.clone()
    };
    assert_eq!(create(&alice).json()["domain"]["owner"], "111111111111");
    assert_eq!(domain_count(&c), 0, "test/test is another account");
}

/// Signs one UpdateRepository body and sends another.
fn tampered(c: &Client, declare_hash: bool) -> Resp {
    let target = "/v1/repository?domain=d1&repository=r1";
    let (signed, sent) = (b"{\"description\":\"a\"}", b"{\"description\":\"b\"}");
    let mut headers = vec![("host".to_owned(), c.addr.to_string())];
    if declare_hash {
        headers.push(("x-amz-content-sha256".to_owned(), sha256_hex(signed)));
    }
    c.sign("PUT", target, &mut headers, signed);
    c.send("PUT", target, headers, sent, false)
}

#[test]
fn no_auth_accepts_unsigned_requests() {
    let emu = Emulator::start(Options::in_memory().no_auth());
    let c = emu.client();
    let r = c.send("POST", "/v1/domain?domain=d1", vec![], b"", false);
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(r.json()["domain"]["owner"], "000000000000");
}

#[test]
fn injected_faults() {
    let emu = Emulator::start(Options::in_memory().fault(1.0, Fault::Throttle));
    let r = emu.client().call("ListDomains", json!({}));
    assert_error(&r, 429, "ThrottlingException");
    assert_eq!(r.header("Retry-After"), Some("1"));
    let emu = Emulator::start(Options::in_memory().fault(1.0, Fault::Unavailable));
    assert_error(
        &emu.client().call("ListDomains", json!({})),
        503,
        "ServiceUnavailableException",
    );
    let emu = Emulator::start(Options::in_memory().fault(1.0, Fault::Reset));
    assert_eq!(
        emu.client().call("ListDomains", json!({})).status,
        0,
        "connection dropped"
    );
    let emu = Emulator::start(
        Options::in_memory().fault(1.0, Fault::Delay(std::time::Duration::from_millis(300))),
    );
    let start = std::time::Instant::now();
    assert_eq!(emu.client().call("ListDomains", json!({})).status, 200);
    assert!(start.elapsed() >= std::time::Duration::from_millis(300));
}

#[test]
fn publish_checks_the_signed_sha_and_streams_assets_back() {
    let emu = Emulator::start(Options::in_memory());
    let c = emu.client();
    seed(&c, &[]);
    let bytes: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    let input = pkg(
        json!({ "packageVersion": "1", "assetName": "a.bin", "assetSHA256": sha256_hex(b"other") }),
    );
    let r = c.call_with("PublishPackageVersion", input, Some(&bytes));
    assert_eq!(r.status / 100, 4, "mismatched SHA-256 refused");
    assert_eq!(c.call("DescribePackage", pkg(json!({}))).status, 404);
    publish(&c, "1", &bytes);
    let r = c.call(
        "GetPackageVersionAsset",
        pkg(json!({ "packageVersion": "1", "asset": "a.bin" })),
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.body, bytes);
    assert_eq!(r.header("X-AssetName"), Some("a.bin"));
    assert!(r.header("X-PackageVersionRevision").is_some());
}

#[test]
fn control_characters_are_refused_in_identifiers_but_not_in_free_text() {
    let emu = Emulator::start(Options::in_memory());
    let c = emu.client();
    seed(&c, &["1.0"]);
    let r = c.call(
        "UpdatePackageVersionsStatus",
        pkg(json!({ "versions": ["1.0", "2.0\u{1}"], "targetStatus": "Archived" })),
    );
    assert_error(&r, 400, "ValidationException");
    let d = c
        .call(
            "DescribePackageVersion",
            pkg(json!({ "packageVersion": "1.0" })),
        )
        .json();
    assert_eq!(d["packageVersion"]["status"], "Published");
    let policy = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": []\n}";
    let r = c.call(
        "PutDomainPermissionsPolicy",
        json!({ "domain": "d1", "policyDocument": policy }),
    );
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let got = c
        .call("GetDomainPermissionsPolicy", json!({ "domain": "d1" }))
        .json();
    assert_eq!(got["policy"]["document"], policy);
}
