//! Wire agreement with botocore, the reference restJson1 implementation.
//!
//! `tests/botocore/gen_fixtures.py` had botocore serialize a request with
//! every member set for each of the 48 operations, and parse a sample
//! response and sample errors; its output is in `tests/fixtures/botocore/`.
//! Here the runtime must do the same: identical method, path, query (order
//! normalised), protocol headers and JSON body (compared as values), and the
//! same parsed values. The server half must read botocore's request back to
//! the input document, since awscli and boto3 talk to the emulator.

mod support;

use support::botocore::{
    Report, base64_field, expected_output, fixtures, headers_of, response_parts,
};

use std::collections::BTreeMap;

use codeartifact_runtime::protocol::{
    parse_error, parse_request, parse_response, route, serialize_request, validate,
};
use codeartifact_runtime::schema::{Location, OperationSpec, ServiceSpec, ShapeKind};
use serde_json::Value;

fn has_streaming_input(spec: &OperationSpec) -> bool {
    spec.input.members().iter().any(|m| {
        m.location == Location::Payload
            && matches!(
                m.target.kind,
                ShapeKind::Blob {
                    streaming: true,
                    ..
                }
            )
    })
}

fn check_request(spec: &'static OperationSpec, fx: &Value, r: &mut Report) {
    let op = spec.name;
    let expected = &fx["request"];
    let req = match serialize_request(spec, &fx["input"]) {
        Ok(req) => req,
        Err(e) => {
            return r
                .problems
                .push(format!("{op}: serialize_request failed: {e}"));
        }
    };
    r.eq(
        op,
        "method",
        req.method,
        expected["method"].as_str().unwrap(),
    );
    r.eq(
        op,
        "path",
        req.path.as_str(),
        expected["path"].as_str().unwrap(),
    );
    let mut query: Vec<Value> = req
        .query
        .iter()
        .map(|(n, v)| Value::from(vec![n.to_string(), v.clone()]))
        .collect();
    query.sort_by_key(|v| v.to_string());
    r.eq(
        op,
        "query pairs",
        Value::Array(query),
        expected["query"].clone(),
    );
    let sorted = |s: &str| {
        let mut parts: Vec<String> = s
            .split('&')
            .filter(|p| !p.is_empty())
            .map(str::to_owned)
            .collect();
        parts.sort();
        parts
    };
    r.eq(
        op,
        "encoded query",
        sorted(&req.query_string()),
        sorted(expected["query_string"].as_str().unwrap()),
    );
    check_headers(spec, &req.headers, &expected["headers"], r);
    let body: Option<Value> = req
        .body
        .as_ref()
        .map(|b| serde_json::from_slice(b).unwrap());
    r.eq(
        op,
        "body",
        body.unwrap_or(Value::Null),
        expected["body"].clone(),
    );
}

fn check_headers(
    spec: &'static OperationSpec,
    headers: &[(std::borrow::Cow<'static, str>, String)],
    expected: &Value,
    r: &mut Report,
) {
    let op = spec.name;
    let mut ours: BTreeMap<String, String> = headers
        .iter()
        .map(|(n, v)| (n.to_ascii_lowercase(), v.clone()))
        .collect();
    let theirs: BTreeMap<String, String> = headers_of(expected).into_iter().collect();
    // The one deliberate difference: botocore sends no Content-Type with a
    // streaming blob payload; we send Smithy's default for blobs.
    if has_streaming_input(spec) && !theirs.contains_key("content-type") {
        r.eq(
            op,
            "payload content-type",
            ours.remove("content-type").as_deref(),
            Some("application/octet-stream"),
        );
    }
    r.eq(op, "headers", ours, theirs);
}

fn check_server_side(
    service: &ServiceSpec,
    spec: &'static OperationSpec,
    fx: &Value,
    r: &mut Report,
) {
    let op = spec.name;
    let req = &fx["request"];
    let path = req["path"].as_str().unwrap();
    let routed = route(service, req["method"].as_str().unwrap(), path).map(|s| s.name);
    r.eq(op, "route", routed, Ok(op));
    let body = match &req["body"] {
        Value::Null => base64_field(&req["payload_base64"]),
        json => serde_json::to_vec(json).unwrap(),
    };
    let headers = headers_of(&req["headers"]);
    let parsed = parse_request(
        spec,
        path,
        req["query_string"].as_str().unwrap(),
        &headers,
        &body,
    );
    r.eq(
        op,
        "server parse of botocore's request",
        parsed,
        Ok(fx["input"].clone()),
    );
    r.eq(
        op,
        "validation of the input",
        validate(spec.input, &fx["input"]),
        vec![],
    );
}

fn check_response(spec: &'static OperationSpec, fx: &Value, r: &mut Report) {
    let op = spec.name;
    let (status, headers, bytes) = response_parts(&fx["response"]);
    let parsed = parse_response(spec, status, &headers, &bytes);
    let expected = expected_output(spec, fx);
    r.eq(
        op,
        "parsed response",
        parsed.map_err(|e| e.to_string()),
        Ok(expected),
    );
    for err in fx["errors"].as_array().unwrap() {
        let resp = &err["response"];
        let status = resp["status"].as_u64().unwrap() as u16;
        let parts = parse_error(
            spec,
            status,
            &headers_of(&resp["headers"]),
            resp["body"].as_str().unwrap().as_bytes(),
        );
        let code = err["code"].as_str().unwrap();
        r.eq(op, "error code", parts.code.as_str(), code);
        r.eq(
            op,
            &format!("{code} message"),
            parts.message.as_deref(),
            err["message"].as_str(),
        );
        r.eq(
            op,
            &format!("{code} request id"),
            parts.request_id.as_deref(),
            err["request_id"].as_str(),
        );
        r.eq(op, &format!("{code} status"), parts.status, status);
        r.eq(
            op,
            &format!("{code} fields"),
            parts.document,
            err["fields"].clone(),
        );
    }
}

fn check_service(service: &'static ServiceSpec) {
    let fixtures = fixtures();
    let mut names: Vec<&str> = fixtures
        .iter()
        .map(|f| f["operation"].as_str().unwrap())
        .collect();
    let mut ops: Vec<&str> = service.operations.iter().map(|o| o.name).collect();
    names.sort_unstable();
    ops.sort_unstable();
    assert_eq!(names, ops, "one fixture per operation");
    assert_eq!(ops.len(), 48);
    let mut report = Report {
        problems: Vec::new(),
        case: "",
    };
    for fx in &fixtures {
        let spec = service
            .operations
            .iter()
            .copied()
            .find(|o| o.name == fx["operation"])
            .unwrap();
        for (case, request) in [("all members", fx), ("required members", &fx["minimal"])] {
            report.case = case;
            check_request(spec, request, &mut report);
            check_server_side(service, spec, request, &mut report);
        }
        check_response(spec, fx, &mut report);
    }
    assert!(
        report.problems.is_empty(),
        "{} disagreements with botocore:\n{}",
        report.problems.len(),
        report.problems.join("\n")
    );
}

#[test]
fn runtime_on_model_tables_agrees_with_botocore() {
    check_service(support::model_tables::service());
}

/// The same checks on the tables the code generator emitted (with patterns,
/// so the fixture inputs are also validated against them).
#[test]
fn runtime_on_generated_tables_agrees_with_botocore() {
    check_service(&codeartifact::service::SERVICE);
}

/// Re-running the generator reproduces the committed fixtures, when python3
/// with botocore is available (CI installs it; elsewhere this says so).
#[test]
fn fixtures_are_reproducible() {
    let has_botocore = std::process::Command::new("python3")
        .args(["-c", "import botocore"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_botocore {
        eprintln!(
            "python3 with botocore not found: fixture freshness not checked (pip install botocore)"
        );
        return;
    }
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/botocore/gen_fixtures.py");
    let out = std::process::Command::new("python3")
        .args([script, "--check"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
