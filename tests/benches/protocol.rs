//! Cost of the restJson1 engine's steps for one UpdatePackageVersionsStatus
//! call with 10 versions: what a client spends per call besides signing and
//! I/O, and what the emulator spends per request besides storage.
//!
//! `cargo bench -p codeartifact-tests --bench protocol [-- ITERATIONS [SCENARIO]]`
//! prints one `key=value` line per scenario. For a stable figure on a noisy
//! machine, count instructions instead of time:
//! `valgrind --tool=callgrind target/release/deps/protocol-* 1000 SCENARIO`,
//! minus a run with 0 iterations, divided by the iteration count.
//!
//! Recorded 2026-11-28 (release, callgrind, 200 iterations, the generated
//! tables): client_serialize 17,100 instructions per call,
//! client_parse_response 48,700 (most of it building and dropping the
//! `serde_json::Value` document), client_parse_error 4,200,
//! server_parse_validate 92,200 (a third of it pattern matching),
//! server_serialize_response 57,400 (includes parsing the sample output).
//! The client's share of the 256k-instruction budget per call is serialize
//! plus parse, about 66k.

use std::hint::black_box;
use std::time::Instant;

use codeartifact_runtime::protocol::{
    parse_error, parse_request, parse_response, serialize_request, serialize_response, validate,
};
use serde_json::{Value, json};

fn input() -> Value {
    let versions: Vec<String> = (0..10).map(|i| format!("1.0.{i}")).collect();
    let revisions: serde_json::Map<String, Value> = versions
        .iter()
        .map(|v| (v.clone(), Value::from(format!("rev-{v}"))))
        .collect();
    json!({
        "domain": "my-domain", "domainOwner": "111122223333", "repository": "my-repo",
        "format": "generic", "namespace": "my-ns", "package": "my-package",
        "versions": versions, "versionRevisions": revisions,
        "expectedStatus": "Published", "targetStatus": "Archived"
    })
}

fn output_body() -> Vec<u8> {
    let ok: serde_json::Map<String, Value> = (0..10)
        .map(|i| {
            (
                format!("1.0.{i}"),
                json!({"revision": format!("rev-{i}"), "status": "Archived"}),
            )
        })
        .collect();
    serde_json::to_vec(&json!({"successfulVersions": ok, "failedVersions": {}})).unwrap_or_default()
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let iterations: u32 = args.first().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let only = args.get(1);
    let spec = &codeartifact::operation::update_package_versions_status::SPEC;
    let input = input();
    let body = output_body();
    let headers = [
        ("Content-Type", "application/json"),
        ("x-amzn-RequestId", "req-1"),
    ];
    let throttled = [
        ("x-amzn-ErrorType", "ThrottlingException"),
        ("Retry-After", "3"),
    ];
    let Ok(request) = serialize_request(spec, &input) else {
        return eprintln!("input does not serialize");
    };
    let request_body = request.body.clone().unwrap_or_default();
    let query = request.query_string();

    let scenarios: [(&str, &dyn Fn()); 5] = [
        ("client_serialize", &|| {
            drop(black_box(serialize_request(spec, black_box(&input))))
        }),
        ("client_parse_response", &|| {
            drop(black_box(parse_response(
                spec,
                200,
                &headers[..],
                black_box(&body),
            )))
        }),
        ("client_parse_error", &|| {
            drop(black_box(parse_error(
                spec,
                429,
                &throttled[..],
                black_box(br#"{"message":"slow down"}"#),
            )))
        }),
        ("server_parse_validate", &|| {
            let doc = parse_request(
                spec,
                &request.path,
                &query,
                &request.headers,
                black_box(&request_body),
            );
            drop(black_box(doc.map(|d| validate(spec.input, &d))))
        }),
        ("server_serialize_response", &|| {
            let doc: Value = serde_json::from_slice(&body).unwrap_or_default();
            drop(black_box(serialize_response(spec, &doc)))
        }),
    ];
    for (name, run) in scenarios {
        if only.is_some_and(|o| o != name) {
            continue;
        }
        let started = Instant::now();
        for _ in 0..iterations {
            run();
        }
        let ns = started.elapsed().as_nanos() / u128::from(iterations.max(1));
        println!("scenario={name} iterations={iterations} ns_per_call={ns}");
    }
}
