//! The pipeline end to end: what goes on the wire (signed, verifiable) and
//! the mock transport as users would use it.

mod support;

use codeartifact_runtime::client::{Config, Handle};
use codeartifact_runtime::credentials::Credentials;
use codeartifact_runtime::time::{Clock, FakeTime};
use codeartifact_runtime::transport::{
    HttpResponse, ReplayEvent, StaticReplay, TransportErrorKind,
};
use serde_json::json;
use support::{Act, PING, SERVICE, Server, verify_sigv4};

fn config(time: &FakeTime) -> codeartifact_runtime::client::ConfigBuilder {
    Config::builder()
        .region("us-west-2")
        .credentials_provider(Credentials::from_keys(
            "AKIDTEST",
            "test-secret",
            Some("session-tok".into()),
        ))
        .sleep_impl(time.clone())
        .clock(time.clone())
}

#[tokio::test]
async fn requests_are_bound_signed_and_verifiable() {
    let server = Server::start(vec![Act::json(200, r#"{"echo":"pong"}"#)]).await;
    let time = FakeTime::default();
    let handle = Handle::new(config(&time).endpoint_url(server.url()).build(), &SERVICE);
    let out = handle
        .invoke(&PING, &json!({"domain": "my domain/x", "note": "hi"}), None)
        .await;
    assert_eq!(out.ok().map(|(doc, _)| doc), Some(json!({"echo": "pong"})));
    let seen = server.seen();
    let request = &seen[0];
    assert_eq!(
        (request.method.as_str(), request.target.as_str()),
        ("POST", "/v1/ping?domain=my%20domain%2Fx")
    );
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&request.body).ok(),
        Some(json!({"note": "hi"}))
    );
    assert_eq!(request.header("x-amz-security-token"), Some("session-tok"));
    assert!(
        request
            .header("user-agent")
            .is_some_and(|ua| ua.starts_with("codeartifact-rs/"))
    );
    assert_eq!(verify_sigv4(request, "test-secret", time.now()), Ok(()));
    assert!(
        verify_sigv4(request, "wrong-secret", time.now()).is_err(),
        "the verifier must reject a wrong secret"
    );
}

#[tokio::test]
async fn each_retry_is_signed_afresh() {
    let server = Server::start(vec![
        Act::error(500, "InternalServerException", "x"),
        Act::json(200, "{}"),
    ])
    .await;
    let time = FakeTime::default();
    let handle = Handle::new(config(&time).endpoint_url(server.url()).build(), &SERVICE);
    assert!(
        handle
            .invoke(&PING, &json!({"domain": "d"}), None)
            .await
            .is_ok()
    );
    let seen = server.seen();
    assert_eq!(seen.len(), 2);
    // FakeTime moved forward by the backoff: the second signature is valid at the later time.
    assert_eq!(verify_sigv4(&seen[1], "test-secret", time.now()), Ok(()));
}

/// The testing seam as a user would use it: no network, scripted answers,
/// the sent requests inspected afterwards.
#[tokio::test]
async fn mock_transport_example() {
    let replay = StaticReplay::new(vec![
        ReplayEvent::fail(TransportErrorKind::Io, "connection reset"),
        ReplayEvent::ok(
            HttpResponse::json(200, r#"{"echo":"from the mock"}"#)
                .with_header("x-amzn-RequestId", "r1"),
        ),
    ]);
    let time = FakeTime::default();
    let handle = Handle::new(config(&time).http_client(replay.clone()).build(), &SERVICE);
    let (doc, _) = handle
        .invoke(&PING, &json!({"domain": "d"}), None)
        .await
        .expect("second attempt succeeds");
    assert_eq!(doc, json!({"echo": "from the mock"}));
    let sent = replay.requests();
    assert_eq!(sent.len(), 2);
    assert_eq!(
        sent[0].url,
        "https://codeartifact.us-west-2.amazonaws.com/v1/ping?domain=d"
    );
    assert!(
        sent[1]
            .header("authorization")
            .is_some_and(|a| a.starts_with("AWS4-HMAC-SHA256 Credential=AKIDTEST/"))
    );
    assert_eq!(replay.remaining(), 0);
}

#[tokio::test]
async fn secrets_stay_out_of_debug_and_errors() {
    let replay = StaticReplay::new(vec![ReplayEvent::ok(HttpResponse::json(
        403,
        r#"{"message":"denied"}"#,
    ))]);
    let time = FakeTime::default();
    let handle = Handle::new(config(&time).http_client(replay).build(), &SERVICE);
    let err = handle
        .invoke(&PING, &json!({"domain": "d"}), None)
        .await
        .expect_err("403");
    for text in [format!("{handle:?}"), format!("{err:?}"), err.to_string()] {
        assert!(
            !text.contains("test-secret") && !text.contains("session-tok"),
            "{text}"
        );
    }
}
