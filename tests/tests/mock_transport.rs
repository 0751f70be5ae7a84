//! The testing seam as a user meets it: code written against the fluent
//! client, tested with a scripted transport instead of a network.

use codeartifact::types::{PackageFormat, PackageVersionStatus};
use codeartifact::{Client, Config, Credentials, ProvideErrorMetadata, SdkError};
use codeartifact_runtime::time::FakeTime;
use codeartifact_runtime::transport::{HttpResponse, ReplayEvent, StaticReplay};

/// "Application code": archives versions and says how many were archived.
async fn archive(client: &Client, versions: &[&str]) -> Result<usize, String> {
    let out = client
        .update_package_versions_status()
        .domain("my-domain")
        .repository("my-repo")
        .format(PackageFormat::Npm)
        .package("left-pad")
        .set_versions(Some(versions.iter().map(|v| v.to_string()).collect()))
        .target_status(PackageVersionStatus::Archived)
        .send()
        .await
        .map_err(|e: SdkError<_>| e.code().unwrap_or("no code").to_owned())?;
    Ok(out.successful_versions().map_or(0, |m| m.len()))
}

fn client(replay: &StaticReplay) -> Client {
    let time = FakeTime::default();
    let config = Config::builder()
        .region(codeartifact::Region::new("us-west-2"))
        .credentials(Credentials::from_keys("AKIDTEST", "secret", None))
        .http_client(replay.clone())
        .sleep_impl(time.clone())
        .clock(time)
        .build();
    Client::new(config)
}

#[tokio::test]
async fn application_code_tested_without_a_network() {
    let replay = StaticReplay::new(vec![
        ReplayEvent::ok(
            HttpResponse::json(429, r#"{"message":"slow down"}"#)
                .with_header("x-amzn-ErrorType", "ThrottlingException"),
        ),
        ReplayEvent::ok(HttpResponse::json(
            200,
            r#"{"successfulVersions":{"1.0.0":{"revision":"r1","status":"Archived"},"1.0.1":{"revision":"r2","status":"Archived"}},"failedVersions":{}}"#,
        )),
        ReplayEvent::ok(
            HttpResponse::json(404, r#"{"message":"no such package"}"#)
                .with_header("x-amzn-ErrorType", "ResourceNotFoundException"),
        ),
    ]);
    let client = client(&replay);
    assert_eq!(
        archive(&client, &["1.0.0", "1.0.1"]).await,
        Ok(2),
        "throttled once, then archived"
    );
    assert_eq!(
        archive(&client, &["9.9.9"]).await,
        Err("ResourceNotFoundException".to_owned())
    );
    let sent = replay.requests();
    assert_eq!(sent.len(), 3);
    assert!(sent[0].url.ends_with("/v1/package/versions/update_status?domain=my-domain&format=npm&package=left-pad&repository=my-repo"), "{}", sent[0].url);
    let body: serde_json::Value = serde_json::from_slice(&sent[1].body).unwrap_or_default();
    assert_eq!(
        body,
        serde_json::json!({"versions": ["1.0.0", "1.0.1"], "targetStatus": "Archived"})
    );
}

/// `into_paginator().items()` on a generated operation: tokens followed,
/// items flattened, the stream ends on the page without a token.
#[tokio::test]
async fn generated_paginator_walks_every_page() {
    let page = |names: &[&str], token: Option<&str>| {
        let domains: Vec<_> = names
            .iter()
            .map(|n| serde_json::json!({ "name": n }))
            .collect();
        let body = serde_json::json!({ "domains": domains, "nextToken": token });
        ReplayEvent::ok(HttpResponse::json(200, body.to_string()))
    };
    let replay = StaticReplay::new(vec![page(&["a", "b"], Some("t-1")), page(&["c"], None)]);
    let items = client(&replay)
        .list_domains()
        .max_results(2)
        .into_paginator()
        .items();
    let items = items.try_collect().await.expect("all pages");
    let names: Vec<_> = items.iter().map(|d| d.name()).collect();
    assert_eq!(names, vec![Some("a"), Some("b"), Some("c")]);
    let sent = replay.requests();
    assert_eq!(sent.len(), 2);
    let second: serde_json::Value = serde_json::from_slice(&sent[1].body).unwrap_or_default();
    assert_eq!(
        second,
        serde_json::json!({"maxResults": 2, "nextToken": "t-1"})
    );
}

/// A 2xx body that is not a JSON object is an unexpected response, with
/// its status and an excerpt, whichever parsing path reads it.
#[tokio::test]
async fn a_success_body_that_is_not_an_object_is_a_response_error() {
    for body in ["[]", "[{}, {}]", "\"text\"", "{\"successfulVersions\": 7}"] {
        let replay = StaticReplay::new(vec![ReplayEvent::ok(HttpResponse::json(200, body))]);
        let result = client(&replay)
            .update_package_versions_status()
            .domain("d")
            .repository("r")
            .format(PackageFormat::Npm)
            .package("p")
            .versions("1.0.0")
            .target_status(PackageVersionStatus::Archived)
            .send()
            .await;
        match result {
            Err(SdkError::Response(e)) => assert_eq!(e.status(), 200, "{body}"),
            other => panic!("{body}: expected a response error, got {other:?}"),
        }
    }
}
