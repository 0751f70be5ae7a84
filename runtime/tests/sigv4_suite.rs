//! The aws-c-auth SigV4 test suite (`conformance/sigv4/aws-signing-test-suite/v4`,
//! 38 cases) in header and presigned-query form, and the classic botocore
//! suite (`conformance/sigv4/aws4_testsuite-classic`). Canonical request,
//! string to sign and signature are compared byte for byte. SigV4a (`v4a/`)
//! is out of scope: CodeArtifact does not use it.

mod sigv4_common;

use std::path::Path;
use std::time::{Duration, SystemTime};

use codeartifact_runtime::sigv4::{
    SignatureLocation, SigningCredentials, SigningKeyCache, SigningParams, SigningSettings,
    parse_amz_date, sign, sign_traced,
};
use sigv4_common::{RawRequest, read, shared_dir, signed_request_headers};

struct Context {
    access_key_id: String,
    secret: String,
    token: Option<String>,
    region: String,
    service: String,
    time: SystemTime,
    expires: u64,
    normalize: bool,
    sign_body: bool,
    omit_session_token: bool,
}

fn load_context(dir: &Path) -> Context {
    let v: serde_json::Value =
        serde_json::from_str(&read(&dir.join("context.json"))).expect("context.json is JSON");
    let s = |p: &str| v.pointer(p).and_then(|x| x.as_str()).map(str::to_owned);
    let b = |p: &str| v.pointer(p).and_then(|x| x.as_bool()).unwrap_or(false);
    let stamp = s("/timestamp").expect("timestamp").replace(['-', ':'], "");
    Context {
        access_key_id: s("/credentials/access_key_id").expect("access key"),
        secret: s("/credentials/secret_access_key").expect("secret"),
        token: s("/credentials/token"),
        region: s("/region").expect("region"),
        service: s("/service").expect("service"),
        time: parse_amz_date(&stamp).expect("timestamp in 2015-08-30T12:36:00Z form"),
        expires: v
            .pointer("/expiration_in_seconds")
            .and_then(|x| x.as_u64())
            .expect("expiration"),
        normalize: b("/normalize"),
        sign_body: b("/sign_body"),
        omit_session_token: b("/omit_session_token"),
    }
}

fn suite_cases() -> Vec<std::path::PathBuf> {
    let root = shared_dir().join("conformance/sigv4/aws-signing-test-suite/v4");
    assert!(root.is_dir(), "SigV4 suite absent: {}", root.display());
    let mut cases: Vec<_> = std::fs::read_dir(&root)
        .expect("read suite dir")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    cases
}

/// Signs one case in one form and compares every expected file.
fn check_case(dir: &Path, presign: bool) {
    let name = dir
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_owned();
    let prefix = if presign { "query" } else { "header" };
    let expected = |file: &str| read(&dir.join(format!("{prefix}-{file}")));
    let ctx = load_context(dir);
    let req = RawRequest::parse(&read(&dir.join("request.txt")));
    let (query, headers) = (req.query_refs(), req.header_refs());
    let request = req.signable(&query, &headers);
    let location = if presign {
        SignatureLocation::Query {
            expires_in: Duration::from_secs(ctx.expires),
        }
    } else {
        SignatureLocation::Headers
    };
    let settings = SigningSettings {
        normalize_path: ctx.normalize,
        double_encode_path: ctx.normalize,
        sign_body: ctx.sign_body,
        omit_session_token: ctx.omit_session_token,
        location,
    };
    let params = SigningParams {
        credentials: SigningCredentials::new(&ctx.access_key_id, &ctx.secret, ctx.token.as_deref()),
        region: &ctx.region,
        service: &ctx.service,
        time: ctx.time,
        settings,
    };
    let (out, trace) = sign_traced(&request, &params, &SigningKeyCache::new());
    // The untraced path (buffered hashing, cached key) must agree.
    let fast = sign(&request, &params, &SigningKeyCache::new());
    assert_eq!(
        fast.signature(),
        out.signature(),
        "{name}: sign vs sign_traced"
    );
    assert_eq!(
        trace.canonical_request,
        expected("canonical-request.txt"),
        "{name} {prefix}: canonical request"
    );
    assert_eq!(
        trace.string_to_sign,
        expected("string-to-sign.txt"),
        "{name} {prefix}: string to sign"
    );
    assert_eq!(
        out.signature(),
        expected("signature.txt").trim(),
        "{name} {prefix}: signature"
    );
    let signed = expected("signed-request.txt");
    if presign {
        check_presigned_line(&name, &req, &out, &signed);
    } else {
        check_signed_headers(&name, &req, &out, &signed);
    }
}

/// Every header the signer adds appears, with the same value, in the
/// expected signed request, and nothing the suite added is missing.
fn check_signed_headers(
    name: &str,
    req: &RawRequest,
    out: &codeartifact_runtime::sigv4::SigningOutput<'_>,
    signed: &str,
) {
    let expected = signed_request_headers(signed);
    let original = req.headers.len();
    let added: Vec<_> = expected[original..]
        .iter()
        .map(|(n, v)| (n.to_ascii_lowercase(), v.clone()))
        .collect();
    let mut ours: Vec<_> = out
        .headers()
        .map(|(n, v)| (n.to_owned(), v.to_owned()))
        .collect();
    let mut theirs = added.clone();
    ours.sort();
    theirs.sort();
    assert_eq!(ours, theirs, "{name} header: added headers");
}

/// The expected presigned request line equals the original URI with our
/// query parameters appended in our order.
fn check_presigned_line(
    name: &str,
    req: &RawRequest,
    out: &codeartifact_runtime::sigv4::SigningOutput<'_>,
    signed: &str,
) {
    let params: Vec<String> = out
        .query_params()
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    let query = match &req.raw_query {
        Some(q) => format!("{q}&{}", params.join("&")),
        None => params.join("&"),
    };
    let line = format!("{} {}?{} HTTP/1.1", req.method, req.path, query);
    assert_eq!(
        signed.lines().next().unwrap_or_default(),
        line,
        "{name} query: signed request line"
    );
}

fn run_all(presign: bool) {
    let cases = suite_cases();
    assert_eq!(cases.len(), 38, "the v4 suite has 38 cases");
    for dir in &cases {
        check_case(dir, presign);
    }
}

#[test]
fn all_v4_cases_in_header_form() {
    run_all(false);
}

#[test]
fn all_v4_cases_in_presigned_query_form() {
    run_all(true);
}

/// The classic suite: `NAME/NAME.req` in, `.creq`, `.sts`, `.authz` out.
/// The request carries its own `X-Amz-Date`; the session token, where there
/// is one, is the `X-Amz-Security-Token` of the signed request (`.sreq`),
/// and its readme defines `post-sts-header-after` as the case where the token
/// is added after signing.
fn check_classic_case(dir: &Path) {
    let name = dir
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_owned();
    let file = |ext: &str| read(&dir.join(format!("{name}.{ext}")));
    let req = RawRequest::parse(&file("req"));
    let header = |headers: &[(String, String)], wanted: &str| {
        headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(wanted))
            .map(|(_, v)| v.trim().to_owned())
    };
    let date = header(&req.headers, "x-amz-date").expect("classic requests carry X-Amz-Date");
    let token = header(
        &signed_request_headers(&file("sreq")),
        "x-amz-security-token",
    );
    let (query, headers) = (req.query_refs(), req.header_refs());
    let request = req.signable(&query, &headers);
    let params = SigningParams {
        credentials: SigningCredentials::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            token.as_deref(),
        ),
        region: "us-east-1",
        service: "service",
        time: parse_amz_date(&date).expect("X-Amz-Date"),
        settings: SigningSettings {
            omit_session_token: name == "post-sts-header-after",
            ..SigningSettings::default()
        },
    };
    let (out, trace) = sign_traced(&request, &params, &SigningKeyCache::new());
    // The untraced path (buffered hashing, cached key) must agree.
    let fast = sign(&request, &params, &SigningKeyCache::new());
    assert_eq!(
        fast.signature(),
        out.signature(),
        "{name}: sign vs sign_traced"
    );
    assert_eq!(
        trace.canonical_request,
        file("creq"),
        "classic {name}: canonical request"
    );
    assert_eq!(
        trace.string_to_sign,
        file("sts"),
        "classic {name}: string to sign"
    );
    assert_eq!(
        out.authorization(),
        Some(file("authz").trim()),
        "classic {name}: Authorization"
    );
}

#[test]
fn classic_suite() {
    let root = shared_dir().join("conformance/sigv4/aws4_testsuite-classic");
    assert!(
        root.is_dir(),
        "classic SigV4 suite absent: {}",
        root.display()
    );
    let mut dirs = vec![root.clone()];
    let mut cases = Vec::new();
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("read classic suite dir") {
            let path = entry.expect("dir entry").path();
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_owned();
            if path.join(format!("{name}.req")).is_file() {
                cases.push(path);
            } else if path.is_dir() {
                dirs.push(path);
            }
        }
    }
    cases.sort();
    assert_eq!(cases.len(), 34, "the classic suite has 34 cases");
    for dir in &cases {
        check_classic_case(dir);
    }
}
