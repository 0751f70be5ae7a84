//! Sign then verify, and every way verification must refuse: tampering,
//! skew, expiry, missing or malformed authentication. Also: secrets never
//! show in `Debug` or error text, and the caller's `x-amz-content-sha256`
//! is signed as given.

use std::time::{Duration, SystemTime};

use codeartifact_runtime::sigv4::{
    MAX_CLOCK_SKEW, Payload, SigV4Error, SignableRequest, SignatureLocation, SigningCredentials,
    SigningKeyCache, SigningOutput, SigningParams, SigningSettings, VerifyError, header_pairs,
    parse_authorization, parse_request_auth, query_pairs, sign, sign_traced, verify,
};

const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const TOKEN: &str = "FwoGZXIvYXdzEXAMPLETOKEN/with+chars==";
const BODY: &[u8] = br#"{"versions":["1.0.0","1.0.1"],"targetStatus":"Archived"}"#;
const QUERY: &[(&str, &str)] = &[
    ("domain", "my-domain"),
    ("repository", "my-repo"),
    ("format", "generic"),
];

fn t0() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(1_790_000_000)
}

fn params(token: Option<&'static str>, location: SignatureLocation) -> SigningParams<'static> {
    SigningParams {
        credentials: SigningCredentials::new("AKIDEXAMPLE", SECRET, token),
        region: "us-west-2",
        service: "codeartifact",
        time: t0(),
        settings: SigningSettings {
            location,
            ..SigningSettings::default()
        },
    }
}

const BASE_HEADERS: &[(&str, &str)] = &[
    ("host", "codeartifact.us-west-2.amazonaws.com"),
    ("content-type", "application/json"),
];

fn request<'a>(
    query: &'a [(&'a str, &'a str)],
    headers: &'a [(&'a str, &'a str)],
    body: &'a [u8],
) -> SignableRequest<'a> {
    SignableRequest {
        method: "POST",
        path: "/v1/package/versions/update_status",
        query,
        headers,
        payload: Payload::Bytes(body),
    }
}

/// The base request signed at `t0`.
fn sign_base(token: Option<&'static str>, location: SignatureLocation) -> SigningOutput<'static> {
    let req = request(QUERY, BASE_HEADERS, BODY);
    sign(&req, &params(token, location), &SigningKeyCache::new())
}

fn check(req: &SignableRequest<'_>, secret: &str, now: SystemTime) -> Result<(), VerifyError> {
    let auth = parse_request_auth(req)?;
    verify(req, &auth, secret, now, MAX_CLOCK_SKEW)
}

#[test]
fn round_trip_and_tampering() {
    for token in [None, Some(TOKEN)] {
        let out = sign_base(token, SignatureLocation::Headers);
        let headers = out.apply_to(BASE_HEADERS);
        let ok = request(QUERY, &headers, BODY);
        assert_eq!(check(&ok, SECRET, t0()), Ok(()));
        assert_eq!(
            check(&ok, SECRET, t0() + Duration::from_secs(14 * 60)),
            Ok(())
        );
        assert_eq!(
            check(&ok, "wrong-secret", t0()),
            Err(VerifyError::SignatureMismatch)
        );

        let tampered_body = request(QUERY, &headers, b"{\"versions\":[\"9.9.9\"]}");
        assert_eq!(
            check(&tampered_body, SECRET, t0()),
            Err(VerifyError::SignatureMismatch)
        );

        let mut bad_headers = headers.clone();
        bad_headers[1] = ("content-type", "text/plain");
        assert_eq!(
            check(&request(QUERY, &bad_headers, BODY), SECRET, t0()),
            Err(VerifyError::SignatureMismatch)
        );

        let query = [("domain", "other-domain"), QUERY[1], QUERY[2]];
        assert_eq!(
            check(&request(&query, &headers, BODY), SECRET, t0()),
            Err(VerifyError::SignatureMismatch)
        );
        let extra = [QUERY[0], QUERY[1], QUERY[2], ("namespace", "ns")];
        assert_eq!(
            check(&request(&extra, &headers, BODY), SECRET, t0()),
            Err(VerifyError::SignatureMismatch)
        );

        let moved = SignableRequest {
            path: "/v1/package/versions/delete",
            ..ok
        };
        assert_eq!(
            check(&moved, SECRET, t0()),
            Err(VerifyError::SignatureMismatch)
        );

        // Headers added after signing and not listed in SignedHeaders do not matter.
        let mut more = headers.clone();
        more.push(("user-agent", "test/1.0"));
        assert_eq!(check(&request(QUERY, &more, BODY), SECRET, t0()), Ok(()));
    }
}

/// A retry re-signs the request it sent: the stale signing headers are
/// replaced, not duplicated.
#[test]
fn re_signing_replaces_stale_signing_headers() {
    let first = sign_base(Some(TOKEN), SignatureLocation::Headers);
    let sent = first.apply_to(BASE_HEADERS);
    let later = t0() + Duration::from_secs(3600);
    let retry = sign(
        &request(QUERY, &sent, BODY),
        &SigningParams {
            time: later,
            ..params(Some(TOKEN), SignatureLocation::Headers)
        },
        &SigningKeyCache::new(),
    );
    let resent = retry.apply_to(&sent);
    assert_eq!(resent.len(), sent.len());
    assert_eq!(check(&request(QUERY, &resent, BODY), SECRET, later), Ok(()));
    assert!(matches!(
        check(&request(QUERY, &sent, BODY), SECRET, later),
        Err(VerifyError::RequestTimeTooSkewed { .. })
    ));
}

#[test]
fn tampered_session_token_is_a_mismatch() {
    let out = sign_base(Some(TOKEN), SignatureLocation::Headers);
    let headers: Vec<_> = out
        .apply_to(BASE_HEADERS)
        .into_iter()
        .map(|(n, v)| {
            if n == "x-amz-security-token" {
                (n, "forged")
            } else {
                (n, v)
            }
        })
        .collect();
    assert_eq!(
        check(&request(QUERY, &headers, BODY), SECRET, t0()),
        Err(VerifyError::SignatureMismatch)
    );
}

#[test]
fn skew_and_missing_date() {
    let out = sign_base(None, SignatureLocation::Headers);
    let headers = out.apply_to(BASE_HEADERS);
    let req = request(QUERY, &headers, BODY);
    let expired = "Signature expired: 20260921T141320Z is now earlier than 20260921T141420Z \
                   (20260921T142920Z - 15 min.)";
    let early = "Signature not yet current: 20260921T141320Z is still later than 20260921T141220Z \
                 (20260921T135720Z + 15 min.)";
    for (now, message) in [
        (t0() + Duration::from_secs(16 * 60), expired),
        (t0() - Duration::from_secs(16 * 60), early),
    ] {
        match check(&req, SECRET, now) {
            Err(
                e @ VerifyError::RequestTimeTooSkewed {
                    request_time,
                    server_time,
                    max_skew,
                },
            ) => {
                assert_eq!(
                    (request_time, server_time, max_skew),
                    (t0(), now, MAX_CLOCK_SKEW)
                );
                assert_eq!(e.to_string(), message);
                assert_eq!(e.error_code(), "InvalidSignatureException");
            }
            other => panic!("expected skew error, got {other:?}"),
        }
    }
    let no_date: Vec<_> = headers
        .iter()
        .copied()
        .filter(|(n, _)| *n != "x-amz-date")
        .collect();
    assert_eq!(
        check(&request(QUERY, &no_date, BODY), SECRET, t0()),
        Err(VerifyError::MissingDate)
    );
    let other_day: Vec<_> = headers
        .iter()
        .map(|&(n, v)| {
            if n == "x-amz-date" {
                (n, "20240101T000000Z")
            } else {
                (n, v)
            }
        })
        .collect();
    assert!(matches!(
        check(&request(QUERY, &other_day, BODY), SECRET, t0()),
        Err(VerifyError::InvalidScope(_))
    ));
}

#[test]
fn missing_and_malformed_authorization() {
    assert_eq!(
        check(&request(QUERY, BASE_HEADERS, BODY), SECRET, t0()),
        Err(VerifyError::Missing)
    );
    let codes = [
        (VerifyError::Missing, "MissingAuthenticationTokenException"),
        (VerifyError::Malformed("x"), "IncompleteSignatureException"),
        (VerifyError::MissingDate, "IncompleteSignatureException"),
        (VerifyError::UnknownAccessKey, "UnrecognizedClientException"),
        (VerifyError::SignatureMismatch, "InvalidSignatureException"),
    ];
    for (error, code) in codes {
        assert_eq!(error.error_code(), code);
    }
    let good = "AWS4-HMAC-SHA256 Credential=AK/20250101/us-east-1/codeartifact/aws4_request, \
                SignedHeaders=host;x-amz-date, Signature=";
    let sig = "a".repeat(64);
    let header = format!("{good}{sig}");
    let parsed = parse_authorization(&header).expect("well formed");
    assert_eq!(
        (
            parsed.access_key_id(),
            parsed.date(),
            parsed.region(),
            parsed.service(),
            parsed.signature()
        ),
        ("AK", "20250101", "us-east-1", "codeartifact", sig.as_str())
    );
    assert_eq!(
        parsed.signed_headers().collect::<Vec<_>>(),
        ["host", "x-amz-date"]
    );
    let malformed = [
        String::new(),
        format!("AWS4-HMAC-SHA1 Credential=AK/20250101/us-east-1/codeartifact/aws4_request, SignedHeaders=host, Signature={sig}"),
        format!("AWS4-HMAC-SHA256 Credential=AK/20250101/us-east-1/codeartifact, SignedHeaders=host, Signature={sig}"),
        format!("AWS4-HMAC-SHA256 Credential=AK/2025011/us-east-1/codeartifact/aws4_request, SignedHeaders=host, Signature={sig}"),
        format!("AWS4-HMAC-SHA256 Credential=AK/20250101/us-east-1/codeartifact/aws4_request, Signature={sig}"),
        format!("AWS4-HMAC-SHA256 Credential=AK/20250101/us-east-1/codeartifact/aws4_request, SignedHeaders=x-amz-date, Signature={sig}"),
        format!("AWS4-HMAC-SHA256 Credential=AK/20250101/us-east-1/codeartifact/aws4_request, SignedHeaders=x-amz-date;host, Signature={sig}"),
        "AWS4-HMAC-SHA256 Credential=AK/20250101/us-east-1/codeartifact/aws4_request, SignedHeaders=host, Signature=XYZ".into(),
        format!("{good}{sig}, Signature={sig}"),
    ];
    for header in &malformed {
        assert!(
            matches!(parse_authorization(header), Err(SigV4Error::Malformed(_))),
            "accepted: {header:?}"
        );
        let headers = [
            BASE_HEADERS[0],
            ("authorization", header.as_str()),
            ("x-amz-date", "20250101T000000Z"),
        ];
        assert!(matches!(
            check(&request(QUERY, &headers, BODY), SECRET, t0()),
            Err(VerifyError::Malformed(_))
        ));
    }
}

#[test]
fn presigned_round_trip_and_expiry() {
    let location = SignatureLocation::Query {
        expires_in: Duration::from_secs(600),
    };
    let out = sign_base(Some(TOKEN), location);
    assert_eq!(out.headers().count(), 0);
    let query: Vec<(&str, &str)> = QUERY
        .iter()
        .copied()
        .chain(out.query_params().iter().map(|(k, v)| (*k, v.as_str())))
        .collect();
    let req = request(&query, BASE_HEADERS, BODY);
    let auth = parse_request_auth(&req).expect("presigned auth");
    assert!(auth.is_presigned());
    assert_eq!(check(&req, SECRET, t0() + Duration::from_secs(599)), Ok(()));
    assert!(matches!(
        check(&req, SECRET, t0() + Duration::from_secs(601)),
        Err(VerifyError::Expired { .. })
    ));
    assert!(matches!(
        check(&req, SECRET, t0() - Duration::from_secs(16 * 60)),
        Err(VerifyError::RequestTimeTooSkewed { .. })
    ));
    let mut tampered = query.clone();
    tampered[0] = ("domain", "elsewhere");
    assert_eq!(
        check(&request(&tampered, BASE_HEADERS, BODY), SECRET, t0()),
        Err(VerifyError::SignatureMismatch)
    );
    // Both mechanisms at once is refused.
    let auth_header = [BASE_HEADERS[0], ("Authorization", "AWS4-HMAC-SHA256 x")];
    assert!(matches!(
        check(&request(&query, &auth_header, BODY), SECRET, t0()),
        Err(VerifyError::Malformed(_))
    ));
}

#[test]
fn caller_content_sha256_is_signed_as_given() {
    let asset_hash = "82808ab4b160d40a98482ecd805e1163fadba30ae18ec86c0f621eaa8f381077";
    let headers = [
        ("host", "codeartifact.us-west-2.amazonaws.com"),
        ("content-type", "application/octet-stream"),
        ("x-amz-content-sha256", asset_hash),
    ];
    // The body passed here differs from the asset the hash is of: the signer
    // must not recompute or replace it, even when asked to sign the body.
    let mut p = params(None, SignatureLocation::Headers);
    p.settings.sign_body = true;
    let req = request(QUERY, &headers, b"not the asset");
    let (out, trace) = sign_traced(&req, &p, &SigningKeyCache::new());
    assert!(
        trace
            .canonical_request
            .ends_with(&format!("\n{asset_hash}"))
    );
    assert!(
        trace
            .canonical_request
            .contains(&format!("\nx-amz-content-sha256:{asset_hash}\n"))
    );
    assert!(out.headers().all(|(n, _)| n != "x-amz-content-sha256"));
    assert!(out.authorization().is_some_and(|a| {
        a.contains("SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date,")
    }));
    let sent = out.apply_to(&headers);
    assert_eq!(
        check(&request(QUERY, &sent, b"any streamed body"), SECRET, t0()),
        Ok(())
    );
}

#[test]
fn key_cache_derives_once_per_scope() {
    let cache = SigningKeyCache::new();
    let req = request(QUERY, BASE_HEADERS, BODY);
    let p = params(None, SignatureLocation::Headers);
    let at = |secs: u64| SigningParams {
        time: t0() + Duration::from_secs(secs),
        ..p
    };
    let first = sign(&req, &p, &cache);
    let again = sign(&req, &at(60), &cache);
    assert_eq!(cache.len(), 1);
    assert_ne!(first.signature(), again.signature());
    let next_day = sign(&req, &at(86_400), &cache);
    assert_eq!(cache.len(), 2);
    let uncached = sign(&req, &at(86_400), &SigningKeyCache::new());
    assert_eq!(next_day.signature(), uncached.signature());
}

#[test]
fn secrets_never_shown() {
    let cache = SigningKeyCache::new();
    let p = params(Some(TOKEN), SignatureLocation::Headers);
    let out = sign(&request(QUERY, BASE_HEADERS, BODY), &p, &cache);
    let presigned = sign(
        &request(QUERY, BASE_HEADERS, BODY),
        &params(
            Some(TOKEN),
            SignatureLocation::Query {
                expires_in: Duration::from_secs(60),
            },
        ),
        &cache,
    );
    let errors = [
        VerifyError::SignatureMismatch,
        VerifyError::Missing,
        VerifyError::MissingDate,
    ];
    let sent = out.apply_to(BASE_HEADERS);
    let query = [("X-Amz-Security-Token", TOKEN), QUERY[0]];
    let texts = [
        format!("{:?}", request(&query, &sent, BODY)),
        format!("{p:?}"),
        format!("{:?}", p.credentials),
        format!("{out:?}"),
        format!("{presigned:?}"),
        format!("{cache:?}"),
        errors.iter().map(|e| format!("{e} {e:?}")).collect(),
    ];
    for text in &texts {
        assert!(
            !text.contains(SECRET) && !text.contains(TOKEN),
            "secret leaked in {text}"
        );
    }
    assert!(texts[0].contains("my-domain") && texts[0].contains("Bytes(56 bytes)"));
    assert!(texts[2].contains("AKIDEXAMPLE"));
}

/// The emulator's path: pairs taken from an `http` URI and `HeaderMap`.
#[test]
fn verify_from_http_parts() {
    let uri: http::Uri = "http://127.0.0.1:4566/v1/package/versions/update_status\
                          ?domain=my-domain&&repository=my%20repo&format=npm&flag"
        .parse()
        .expect("uri");
    let query: Vec<_> = query_pairs(uri.query().unwrap_or_default()).collect();
    assert_eq!(
        query,
        [
            ("domain", "my-domain"),
            ("repository", "my%20repo"),
            ("format", "npm"),
            ("flag", "")
        ]
    );
    let mut map = http::HeaderMap::new();
    map.insert(
        http::header::HOST,
        http::HeaderValue::from_static("127.0.0.1:4566"),
    );
    map.insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("application/json"),
    );
    let headers = header_pairs(&map);
    let client = SignableRequest {
        method: "POST",
        path: uri.path(),
        query: &query,
        headers: &headers,
        payload: Payload::Bytes(BODY),
    };
    let out = sign(
        &client,
        &params(Some(TOKEN), SignatureLocation::Headers),
        &SigningKeyCache::new(),
    );
    let mut sent = map.clone();
    for (name, value) in out.headers() {
        let value = http::HeaderValue::from_str(value).expect("header value");
        sent.insert(http::HeaderName::from_static(name), value);
    }
    let headers = header_pairs(&sent);
    let server = SignableRequest {
        headers: &headers,
        ..client
    };
    assert_eq!(check(&server, SECRET, t0()), Ok(()));
}
