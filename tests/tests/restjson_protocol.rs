//! The Smithy restJson1 protocol tests, in botocore's JSON form
//! (`../shared/conformance/protocol-tests/botocore-json/`), run against the
//! runtime: every request-serialisation and response-parsing case whose
//! shapes our `schema` tables can express. Cases that need features
//! CodeArtifact's model does not use (floats, `jsonName`, timestamp formats,
//! documents, unions, prefix headers, host labels...) are skipped, and the
//! skip is counted so coverage cannot silently shrink.

mod support;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use codeartifact_runtime::protocol::{parse_error, parse_response, serialize_request};
use codeartifact_runtime::schema::{Shape, ShapeKind};
use serde_json::{Map, Value};
use support::model_tables::Loader;

fn corpus(file: &str) -> Vec<Value> {
    let dir = std::env::var("CODEARTIFACT_SHARED_DIR")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared").to_owned());
    let path = format!("{dir}/conformance/protocol-tests/botocore-json/{file}");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!("the shared conformance data is absent ({path}: {e}); set CODEARTIFACT_SHARED_DIR")
    });
    serde_json::from_str::<Value>(&text)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

/// Why the shapes reachable from `root` cannot be expressed, if they cannot.
fn unsupported(shapes: &Map<String, Value>, root: &str, stack: &mut Vec<String>) -> Option<String> {
    // Static tables cannot be built for recursive shapes at run time (the
    // generator emits them as mutually referencing statics).
    if stack.iter().any(|s| s == root) {
        return Some("recursive shape".to_owned());
    }
    stack.push(root.to_owned());
    let why = unsupported_here(shapes, root, stack);
    stack.pop();
    why
}

fn unsupported_here(
    shapes: &Map<String, Value>,
    root: &str,
    stack: &mut Vec<String>,
) -> Option<String> {
    let s = &shapes[root];
    let ty = s["type"].as_str().unwrap();
    if ![
        "string",
        "integer",
        "long",
        "boolean",
        "timestamp",
        "blob",
        "list",
        "map",
        "structure",
    ]
    .contains(&ty)
    {
        return Some(format!("type {ty}"));
    }
    for key in ["document", "union", "timestampFormat"] {
        if s.get(key).is_some() {
            return Some(key.to_owned());
        }
    }
    let mut children: Vec<&str> = ["member", "key", "value"]
        .iter()
        .filter_map(|k| s[*k]["shape"].as_str())
        .collect();
    for (name, m) in s["members"].as_object().into_iter().flatten() {
        for key in [
            "hostLabel",
            "jsonvalue",
            "idempotencyToken",
            "timestampFormat",
        ] {
            if m.get(key).is_some() {
                return Some(key.to_owned());
            }
        }
        match (m["location"].as_str(), m["locationName"].as_str()) {
            (Some("headers" | "statusCode"), _) => {
                return Some("prefix headers / status code".to_owned());
            }
            (None, Some(json_name)) if json_name != name => return Some("jsonName".to_owned()),
            _ => {}
        }
        children.push(m["shape"].as_str().unwrap());
    }
    children
        .into_iter()
        .find_map(|c| unsupported(shapes, c, stack))
}

/// botocore's parameter/result form to our document form: blobs base64.
fn to_document(shape: &Shape, value: &Value) -> Value {
    match (&shape.kind, value) {
        (ShapeKind::Blob { .. }, Value::String(s)) => Value::String(STANDARD.encode(s)),
        (ShapeKind::Structure(st), Value::Object(map)) => Value::Object(
            map.iter()
                .filter_map(|(k, v)| {
                    let m = st.members.iter().find(|m| m.name == k)?;
                    Some((k.clone(), to_document(m.target, v)))
                })
                .collect(),
        ),
        (ShapeKind::List { member, .. }, Value::Array(items)) => {
            items.iter().map(|v| to_document(member, v)).collect()
        }
        (ShapeKind::Map { value: vs, .. }, Value::Object(map)) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), to_document(vs, v)))
                .collect(),
        ),
        _ => value.clone(),
    }
}

fn decoded_pairs(query: &str) -> Vec<(String, String)> {
    let decode = |s: &str| percent_decode(s);
    let mut pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (n, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(n), decode(v))
        })
        .collect();
    pairs.sort();
    pairs
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

fn check_input_case(case: &Value, loader: &mut Loader<'_>) -> Result<(), String> {
    let spec = loader.operation(case["given"]["name"].as_str().unwrap(), &case["given"]);
    let doc = to_document(spec.input, &case["params"]);
    let req = serialize_request(spec, &doc).map_err(|e| e.to_string())?;
    let expected = &case["serialized"];
    let uri = expected["uri"].as_str().unwrap();
    let (path, query) = uri.split_once('?').unwrap_or((uri, ""));
    let mut problems = Vec::new();
    if req.method != expected["method"].as_str().unwrap() {
        problems.push(format!("method {}", req.method));
    }
    if req.path != path {
        problems.push(format!("path {} != {path}", req.path));
    }
    if decoded_pairs(&req.query_string()) != decoded_pairs(query) {
        problems.push(format!("query {} != {query}", req.query_string()));
    }
    for (name, value) in expected["headers"].as_object().into_iter().flatten() {
        if req.header(name) != value.as_str() {
            problems.push(format!("header {name}: {:?} != {value}", req.header(name)));
        }
    }
    for name in expected["forbidHeaders"].as_array().into_iter().flatten() {
        if req.header(name.as_str().unwrap()).is_some() {
            problems.push(format!("forbidden header {name} sent"));
        }
    }
    let body = req.body.as_deref().unwrap_or_default();
    let want = expected["body"].as_str().unwrap_or("");
    let same = match (
        serde_json::from_slice::<Value>(body),
        serde_json::from_str::<Value>(want),
    ) {
        (Ok(a), Ok(b)) => a == b,
        _ => body == want.as_bytes(),
    };
    if !same {
        problems.push(format!(
            "body {:?} != {want:?}",
            String::from_utf8_lossy(body)
        ));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

fn check_output_case(case: &Value, loader: &mut Loader<'_>) -> Result<(), String> {
    let spec = loader.operation(case["given"]["name"].as_str().unwrap(), &case["given"]);
    let resp = &case["response"];
    let status = resp["status_code"].as_u64().unwrap() as u16;
    let headers: Vec<(String, String)> = resp["headers"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
        .collect();
    let body = resp["body"].as_str().unwrap_or("").as_bytes();
    if let Some(code) = case["errorCode"].as_str() {
        let parts = parse_error(spec, status, &headers, body);
        let shape = spec
            .error(code)
            .ok_or_else(|| format!("code {} not modeled", parts.code))?;
        let expected = to_document(shape, &case["error"]);
        if parts.code != code || parts.document != expected {
            return Err(format!(
                "error {} {} != {code} {expected}",
                parts.code, parts.document
            ));
        }
        if let Some(message) = case["errorMessage"].as_str()
            && parts.message.as_deref() != Some(message)
        {
            return Err(format!("message {:?} != {message}", parts.message));
        }
        return Ok(());
    }
    let mut expected = to_document(spec.output, &case["result"]);
    if let (Some(m), Some(map)) = (spec.output.payload_member(), expected.as_object_mut())
        && matches!(
            m.target.kind,
            ShapeKind::Blob {
                streaming: true,
                ..
            }
        )
    {
        map.remove(m.name);
    }
    let parsed = parse_response(spec, status, &headers, body).map_err(|e| e.to_string())?;
    if parsed != expected {
        Err(format!("parsed {parsed} != {expected}"))
    } else {
        Ok(())
    }
}

/// Cases about features outside this engine: endpoint paths (the endpoint
/// resolver's), `httpChecksumRequired` and request compression (traits the
/// CodeArtifact model does not use).
const OUT_OF_SCOPE: &[(&str, &str)] = &[
    ("RestJsonHostWithPath", "endpoint path prefix"),
    ("RestJsonHttpChecksumRequired", "httpChecksumRequired"),
    ("SDKAppliedContentEncoding_restJson1", "requestCompression"),
    (
        "SDKAppendedGzipAfterProvidedEncoding_restJson1",
        "requestCompression",
    ),
];

fn run(file: &str, check: fn(&Value, &mut Loader<'_>) -> Result<(), String>, min_run: usize) {
    let (mut ran, mut skipped, mut failures) = (0, Vec::new(), Vec::new());
    for suite in corpus(file) {
        let shapes = suite["shapes"].as_object().unwrap();
        let mut loader = Loader::new(shapes);
        for case in suite["cases"].as_array().unwrap() {
            let id = case["id"].as_str().unwrap_or("?");
            let given = &case["given"];
            let mut roots: Vec<&str> = ["input", "output"]
                .iter()
                .filter_map(|k| given[*k]["shape"].as_str())
                .collect();
            roots.extend(
                given["errors"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|e| e["shape"].as_str()),
            );
            let out_of_scope = OUT_OF_SCOPE
                .iter()
                .find(|(c, _)| *c == id)
                .map(|(_, why)| (*why).to_owned());
            let why = out_of_scope.or_else(|| {
                roots
                    .iter()
                    .find_map(|r| unsupported(shapes, r, &mut Vec::new()))
            });
            if let Some(why) = why {
                skipped.push(format!("{id} ({why})"));
                continue;
            }
            ran += 1;
            if let Err(e) = check(case, &mut loader) {
                failures.push(format!("{id}: {e}"));
            }
        }
    }
    eprintln!(
        "{file}: {ran} cases run, {} skipped: {}",
        skipped.len(),
        skipped.join(", ")
    );
    assert!(
        failures.is_empty(),
        "{} failing cases:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(
        ran >= min_run,
        "only {ran} cases ran; the supported set shrank"
    );
}

#[test]
fn restjson1_request_serialisation_cases() {
    run("input/rest-json.json", check_input_case, 39);
}

#[test]
fn restjson1_response_parsing_cases() {
    run("output/rest-json.json", check_output_case, 32);
}
