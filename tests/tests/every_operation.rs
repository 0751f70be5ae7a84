//! Every operation of the model through the client, against a local server
//! that routes, parses and validates each request by the model, checks its
//! SigV4 signature, and answers with a valid output built from the model.

#[allow(dead_code)]
#[path = "../../runtime/tests/support/server.rs"]
mod server;

use std::sync::Arc;

use codeartifact::service::SERVICE;
use codeartifact::{Client, Config, Credentials};
use codeartifact_runtime::ByteStream;
use codeartifact_runtime::operation::Operation;
use codeartifact_runtime::protocol::{self, class_matches};
use codeartifact_runtime::schema::{Bounds, Location, Pattern, Shape, ShapeKind};
use serde_json::{Map, Value, json};
use server::{Act, Seen, Server, verify_sigv4};

const SECRET: &str = "every-op-secret";
const ASSET: &str = "asset bytes streamed back";

/// A value of `shape` that satisfies its constraints (lengths, ranges,
/// patterns, enums); structures get every member but a streaming payload.
fn sample(shape: &'static Shape, depth: u32) -> Value {
    match &shape.kind {
        ShapeKind::String {
            length,
            pattern,
            enum_values,
        } => match enum_values.first() {
            Some(v) => json!(v),
            None => json!(sample_string(*pattern, *length)),
        },
        ShapeKind::Integer { range } | ShapeKind::Long { range } => {
            json!(
                range
                    .min
                    .unwrap_or(1)
                    .max(1)
                    .min(range.max.unwrap_or(i64::MAX))
            )
        }
        ShapeKind::Boolean => json!(true),
        ShapeKind::Timestamp => json!(1_700_000_000),
        ShapeKind::Blob { .. } => json!("aGk="),
        ShapeKind::List { member, .. } => {
            if depth > 5 {
                json!([])
            } else {
                json!([sample(member, depth + 1)])
            }
        }
        ShapeKind::Map { key, value, .. } => {
            let mut map = Map::new();
            if depth <= 5 {
                let k = sample(key, depth + 1);
                map.insert(
                    k.as_str().unwrap_or("k").to_owned(),
                    sample(value, depth + 1),
                );
            }
            Value::Object(map)
        }
        ShapeKind::Structure(s) => {
            let members = s.members.iter().filter(|m| m.location != Location::Payload);
            let members = members.filter(|m| depth <= 5 || m.required);
            Value::Object(
                members
                    .map(|m| (m.name.to_owned(), sample(m.target, depth + 1)))
                    .collect(),
            )
        }
    }
}

/// A string matching `pattern` (each atom at its minimum, padded within
/// `length` by an atom that may repeat), or `x`s when there is none.
fn sample_string(pattern: Option<&'static Pattern>, length: Bounds) -> String {
    let want = usize::try_from(length.min.unwrap_or(1).max(1)).unwrap_or(1);
    let Some(pattern) = pattern else {
        return "x".repeat(want);
    };
    let pick = |atom: &codeartifact_runtime::schema::Atom| {
        "abcxyz019ABC-_.~/@ "
            .chars()
            .find(|c| class_matches(&atom.class, *c))
            .unwrap_or('a')
    };
    let mut counts: Vec<usize> = pattern.atoms.iter().map(|a| a.min as usize).collect();
    let total: usize = counts.iter().sum();
    let growable = pattern
        .atoms
        .iter()
        .position(|a| a.max.is_none_or(|m| m > a.min));
    if let (true, Some(i)) = (total < want, growable) {
        let room = pattern.atoms[i]
            .max
            .map_or(usize::MAX, |m| m as usize - counts[i]);
        counts[i] += (want - total).min(room);
    }
    pattern
        .atoms
        .iter()
        .zip(counts)
        .flat_map(|(a, n)| std::iter::repeat_n(pick(a), n))
        .collect()
}

fn verify(seen: &Seen) -> Result<(), String> {
    verify_sigv4(seen, SECRET, std::time::SystemTime::now())
}

fn reject(status: u16, message: String) -> Act {
    Act::Reply {
        status,
        headers: vec![(
            "x-amzn-ErrorType".to_owned(),
            "ValidationException".to_owned(),
        )],
        body: json!({ "message": message }).to_string(),
    }
}

/// The model-driven server: route, parse, validate, verify, answer.
fn answer(seen: &Seen) -> Act {
    let (path, query) = seen.target.split_once('?').unwrap_or((&seen.target, ""));
    let Ok(spec) = protocol::route(&SERVICE, &seen.method, path) else {
        return reject(404, format!("no route for {} {path}", seen.method));
    };
    let doc = match protocol::parse_request(spec, path, query, &seen.headers, &seen.body) {
        Ok(doc) => doc,
        Err(e) => return reject(400, format!("{}: {e}", spec.name)),
    };
    let violations = protocol::validate(spec.input, &doc);
    if !violations.is_empty() {
        return reject(
            400,
            format!(
                "{}: {}",
                spec.name,
                protocol::validation_message(&violations)
            ),
        );
    }
    if let Err(e) = verify(seen) {
        return reject(403, format!("{}: bad signature: {e}", spec.name));
    }
    let response = protocol::serialize_response(spec, &sample(spec.output, 0));
    let body = if spec.output.payload_member().is_some() {
        ASSET.to_owned()
    } else {
        String::from_utf8_lossy(&response.body).into_owned()
    };
    let headers = response
        .headers
        .into_iter()
        .map(|(n, v)| (n.into_owned(), v))
        .collect();
    Act::Reply {
        status: response.status,
        headers,
        body,
    }
}

fn client(server: &Server) -> Client {
    let config = Config::builder()
        .region("us-west-2")
        .credentials_provider(Credentials::from_keys(
            "AKIDEVERYOP",
            SECRET,
            Some("token-1".into()),
        ))
        .endpoint_url(server.url())
        .build();
    Client::new(config)
}

/// Calls `O` with a valid input built from the model; checks the output
/// round-trips what the server sent (and the streamed asset, if any).
async fn call<O: Operation>(client: &Client) -> Result<(), String> {
    let mut input: O::Input =
        serde_json::from_value(sample(O::SPEC.input, 0)).map_err(|e| format!("input: {e}"))?;
    if O::SPEC.input.payload_member().is_some() {
        O::set_input_payload(&mut input, ByteStream::from_static(b"package bytes"));
    }
    let mut output = client
        .handle()
        .call::<O>(input)
        .await
        .map_err(|e| e.to_string())?;
    if O::SPEC.output.payload_member().is_some() {
        let stream = O::take_output_payload(&mut output).ok_or("no streamed payload")?;
        let bytes = stream.collect().await.map_err(|e| e.to_string())?;
        if bytes != ASSET.as_bytes() {
            return Err(format!("asset body {bytes:?}"));
        }
    }
    let got = serde_json::to_value(&output).map_err(|e| e.to_string())?;
    let want = sample(O::SPEC.output, 0);
    if got != want {
        return Err(format!("output differs:\n got  {got}\n want {want}"));
    }
    Ok(())
}

macro_rules! every_operation {
    ($client:expr, $($module:ident::$op:ident),* $(,)?) => {{
        let mut results = Vec::new();
        $(
            let result = call::<codeartifact::operation::$module::$op>($client).await;
            results.push((stringify!($op), result));
        )*
        results
    }};
}

#[tokio::test]
async fn every_operation_round_trips_signed_and_valid() {
    let server = Server::with_handler(Arc::new(answer)).await;
    let client = client(&server);
    let results = codeartifact_tests::with_every_operation!(every_operation, &client);
    assert_eq!(
        results.len(),
        SERVICE.operations.len(),
        "every operation of the model is listed"
    );
    let failures: Vec<String> = results
        .iter()
        .filter_map(|(op, r)| r.as_ref().err().map(|e| format!("{op}: {e}")))
        .collect();
    assert!(
        failures.is_empty(),
        "{} operations failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(server.seen().len(), SERVICE.operations.len());
}

/// The benchmark's call, through the fluent builder, signed and verified.
#[tokio::test]
async fn update_package_versions_status_end_to_end() {
    use codeartifact::types::{PackageFormat, PackageVersionStatus};
    let server = Server::with_handler(Arc::new(answer)).await;
    let client = client(&server);
    let versions: Vec<String> = (0..10).map(|i| format!("1.0.{i}")).collect();
    let mut call = client
        .update_package_versions_status()
        .domain("my-domain")
        .domain_owner("111122223333")
        .repository("my-repo")
        .format(PackageFormat::Npm)
        .namespace("types")
        .package("node")
        .set_versions(Some(versions.clone()))
        .expected_status(PackageVersionStatus::Published)
        .target_status(PackageVersionStatus::Archived);
    for (i, v) in versions.iter().enumerate() {
        call = call.version_revisions(v, format!("rev-{i:04}-abc"));
    }
    let out = call.send().await.expect("signed, valid call succeeds");
    assert!(
        out.successful_versions().is_some_and(|m| m.len() == 1),
        "{out:?}"
    );
    let seen = server.seen();
    let request = &seen[0];
    assert_eq!(request.method, "POST");
    assert!(
        request
            .target
            .starts_with("/v1/package/versions/update_status?"),
        "{}",
        request.target
    );
    let body: Value = serde_json::from_slice(&request.body).expect("JSON body");
    assert_eq!(body["versions"], json!(versions));
    assert_eq!(body["versionRevisions"]["1.0.9"], json!("rev-0009-abc"));
    assert_eq!(
        (
            body["expectedStatus"].as_str(),
            body["targetStatus"].as_str()
        ),
        (Some("Published"), Some("Archived"))
    );
    assert_eq!(verify(request), Ok(()));
}

/// PublishPackageVersion streams its asset from a file with a
/// `Content-Length`, and signs the caller's `x-amz-content-sha256` as given.
#[tokio::test]
async fn publish_streams_a_file_and_signs_the_given_sha256() {
    use codeartifact::types::PackageFormat;
    let server = Server::with_handler(Arc::new(answer)).await;
    let client = client(&server);
    let content: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    let path =
        std::env::temp_dir().join(format!("codeartifact-publish-{}.tgz", std::process::id()));
    std::fs::write(&path, &content).expect("write temp file");
    // Any 64-hex value is signed as is: the client must not recompute it.
    let given = "ab".repeat(32);
    let result = client
        .publish_package_version()
        .domain("my-domain")
        .repository("my-repo")
        .format(PackageFormat::Generic)
        .namespace("ns")
        .package("pkg")
        .package_version("1.0.0")
        .asset_name("pkg-1.0.0.tgz")
        .asset_sha256(&given)
        .asset_content(ByteStream::from_path(&path))
        .send()
        .await;
    let _ = std::fs::remove_file(&path);
    result.expect("publish succeeds");
    let seen = server.seen();
    assert_eq!(seen[0].body, content, "the file went out whole");
    assert_eq!(seen[0].header("content-length"), Some("200000"));
    assert_eq!(seen[0].header("x-amz-content-sha256"), Some(given.as_str()));
    assert!(
        seen[0]
            .header("authorization")
            .is_some_and(|a| a.contains("x-amz-content-sha256"))
    );
}

/// Without `asset_sha256`, the builder still builds and the client sends and
/// signs the SHA-256 of the payload it computed itself.
#[tokio::test]
async fn publish_computes_the_sha256_when_not_given() {
    use codeartifact::types::PackageFormat;
    use sha2::Digest;
    let server = Server::with_handler(Arc::new(answer)).await;
    let content = b"#!/bin/sh\necho hello\n".to_vec();
    let expected: String = sha2::Sha256::digest(&content)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    client(&server)
        .publish_package_version()
        .domain("my-domain")
        .repository("my-repo")
        .format(PackageFormat::Generic)
        .namespace("ns")
        .package("pkg")
        .package_version("1.0.0")
        .asset_name("hello.sh")
        .asset_content(ByteStream::from(content.clone()))
        .send()
        .await
        .expect("publish succeeds");
    let seen = server.seen();
    assert_eq!(seen[0].body, content);
    assert_eq!(
        seen[0].header("x-amz-content-sha256"),
        Some(expected.as_str())
    );
    assert!(
        seen[0]
            .header("authorization")
            .is_some_and(|a| a.contains("x-amz-content-sha256"))
    );
}

/// A streamed operation's error response is read whole: code and message.
#[tokio::test]
async fn streamed_operation_errors_keep_their_message() {
    use codeartifact::types::PackageFormat;
    let not_found = Act::Reply {
        status: 404,
        headers: vec![(
            "x-amzn-ErrorType".to_owned(),
            "ResourceNotFoundException".to_owned(),
        )],
        body: r#"{"message":"no such asset","resourceId":"big.bin","resourceType":"asset"}"#
            .to_owned(),
    };
    let server = Server::with_handler(Arc::new(move |_: &Seen| not_found.clone())).await;
    let err = client(&server)
        .get_package_version_asset()
        .domain("d")
        .repository("r")
        .format(PackageFormat::Generic)
        .namespace("ns")
        .package("pkg")
        .package_version("1.0.0")
        .asset("big.bin")
        .send()
        .await
        .expect_err("404");
    use codeartifact::ProvideErrorMetadata;
    assert_eq!(err.code(), Some("ResourceNotFoundException"));
    assert_eq!(err.message(), Some("no such asset"));
    assert!(
        err.as_service_error()
            .is_some_and(|e| e.is_resource_not_found_exception())
    );
}
