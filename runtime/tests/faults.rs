//! Fault tests: the real transport against a local server that throttles,
//! fails, resets, truncates, stalls and sends garbage. The client must never
//! panic and must return the right error after the right number of attempts.

mod support;

use std::time::Duration;

use codeartifact_runtime::client::{Config, Handle};
use codeartifact_runtime::credentials::Credentials;
use codeartifact_runtime::retry::RetryConfig;
use codeartifact_runtime::time::FakeTime;
use codeartifact_runtime::transport::TimeoutConfig;
use codeartifact_runtime::{ProvideErrorMetadata, SdkError};
use serde_json::json;
use support::{Act, PING, SERVICE, Server};

fn client(server: &Server, time: &FakeTime, timeouts: TimeoutConfig) -> Handle {
    let config = Config::builder()
        .region("us-west-2")
        .credentials_provider(Credentials::from_keys("AKIDTEST", "test-secret", None))
        .endpoint_url(server.url())
        .sleep_impl(time.clone())
        .clock(time.clone())
        .timeout_config(timeouts)
        .build();
    Handle::new(config, &SERVICE)
}

async fn ping(
    server: &Server,
    time: &FakeTime,
) -> Result<serde_json::Value, SdkError<codeartifact_runtime::operation::ErrorParts>> {
    let handle = client(server, time, TimeoutConfig::default());
    handle
        .invoke(&PING, &json!({"domain": "d", "note": "hi"}), None)
        .await
        .map(|(doc, _)| doc)
}

const OK: &str = r#"{"echo":"pong"}"#;

#[tokio::test]
async fn throttled_with_retry_after_waits_as_told_then_succeeds() {
    let throttle =
        Act::error(429, "ThrottlingException", "slow down").with_header("Retry-After", "3");
    let server = Server::start(vec![throttle, Act::json(200, OK)]).await;
    let time = FakeTime::default();
    let out = ping(&server, &time).await;
    assert_eq!(out.ok(), Some(json!({"echo": "pong"})));
    assert_eq!(time.sleeps(), vec![Duration::from_secs(3)]);
    assert_eq!(server.seen().len(), 2);
}

#[tokio::test]
async fn amz_retry_after_milliseconds_win_and_hints_are_capped() {
    let ms = Act::error(429, "ThrottlingException", "x")
        .with_header("x-amz-retry-after", "1500")
        .with_header("Retry-After", "9");
    let huge = Act::error(429, "ThrottlingException", "x").with_header("Retry-After", "86400");
    let server = Server::start(vec![ms, huge, Act::json(200, OK)]).await;
    let time = FakeTime::default();
    assert!(ping(&server, &time).await.is_ok());
    assert_eq!(
        time.sleeps(),
        vec![Duration::from_millis(1500), Duration::from_secs(20)]
    );
}

#[tokio::test]
async fn persistent_throttling_fails_after_three_attempts_with_code_and_message() {
    let t = || Act::error(429, "ThrottlingException", "slow down");
    let server = Server::start(vec![t(), t(), t(), Act::json(200, OK)]).await;
    let err = ping(&server, &FakeTime::default())
        .await
        .expect_err("throttled thrice");
    assert_eq!(err.attempts(), 3);
    assert_eq!(err.code(), Some("ThrottlingException"));
    assert_eq!(err.request_id(), Some("req-test-1"));
    let text = err.to_string();
    assert!(
        text.contains("ThrottlingException: slow down") && text.contains("after 3 attempts"),
        "{text}"
    );
    assert_eq!(server.seen().len(), 3);
}

#[tokio::test]
async fn bursts_of_503_are_retried() {
    let u = || Act::error(503, "ServiceUnavailableException", "busy");
    let server = Server::start(vec![u(), u(), Act::json(200, OK)]).await;
    assert!(ping(&server, &FakeTime::default()).await.is_ok());
    let server = Server::start(vec![u(), u(), u(), u()]).await;
    let err = ping(&server, &FakeTime::default())
        .await
        .expect_err("503 thrice");
    assert_eq!((err.raw_status(), err.attempts()), (Some(503), 3));
}

#[tokio::test]
async fn connection_resets_are_retried_then_reported_as_dispatch_failures() {
    let server = Server::start(vec![Act::Reset, Act::Reset, Act::json(200, OK)]).await;
    assert!(ping(&server, &FakeTime::default()).await.is_ok());
    let server = Server::start(vec![Act::Reset, Act::Reset, Act::Reset]).await;
    let err = ping(&server, &FakeTime::default())
        .await
        .expect_err("reset thrice");
    assert!(matches!(err, SdkError::Dispatch(_)), "{err:?}");
    assert!(err.to_string().contains("after 3 attempts"), "{err}");
}

#[tokio::test]
async fn truncated_bodies_are_io_failures() {
    let tr = || Act::Truncate {
        body: r#"{"echo":"po"#.to_owned(),
    };
    let server = Server::start(vec![tr(), tr(), tr()]).await;
    let err = ping(&server, &FakeTime::default())
        .await
        .expect_err("truncated thrice");
    assert!(matches!(err, SdkError::Dispatch(_)), "{err:?}");
    assert_eq!(err.attempts(), 3);
}

#[tokio::test]
async fn a_response_slower_than_the_read_timeout_times_out() {
    let slow = || Act::Delay(Duration::from_millis(1500), Box::new(Act::json(200, OK)));
    let server = Server::start(vec![slow(), slow(), slow()]).await;
    let timeouts = TimeoutConfig {
        read: Some(Duration::from_millis(150)),
        ..TimeoutConfig::default()
    };
    let handle = client(&server, &FakeTime::default(), timeouts);
    let err = handle
        .invoke(&PING, &json!({"domain": "d"}), None)
        .await
        .expect_err("too slow");
    assert!(matches!(err, SdkError::Timeout(_)), "{err:?}");
    assert_eq!(err.attempts(), 3);
}

#[tokio::test]
async fn malformed_json_is_a_response_error_without_retry() {
    let server = Server::start(vec![Act::json(200, "{\"echo\": nope"), Act::json(200, OK)]).await;
    let err = ping(&server, &FakeTime::default())
        .await
        .expect_err("malformed");
    let SdkError::Response(e) = &err else {
        panic!("expected a response error, got {err:?}")
    };
    assert_eq!((e.status(), e.attempts()), (200, 1));
    assert!(e.body_excerpt().contains("nope"));
    assert_eq!(server.seen().len(), 1);
}

#[tokio::test]
async fn modeled_client_errors_are_not_retried() {
    let server = Server::start(vec![Act::error(
        404,
        "ResourceNotFoundException",
        "no such domain",
    )])
    .await;
    let err = ping(&server, &FakeTime::default()).await.expect_err("404");
    assert_eq!(
        (err.code(), err.message(), err.attempts()),
        (Some("ResourceNotFoundException"), Some("no such domain"), 1)
    );
}

#[tokio::test]
async fn disabled_retries_make_one_attempt() {
    let server = Server::start(vec![Act::Reset, Act::json(200, OK)]).await;
    let time = FakeTime::default();
    let config = Config::builder()
        .region("us-west-2")
        .credentials_provider(Credentials::from_keys("AKIDTEST", "test-secret", None))
        .endpoint_url(server.url())
        .sleep_impl(time.clone())
        .retry_config(RetryConfig::disabled())
        .build();
    let err = Handle::new(config, &SERVICE)
        .invoke(&PING, &json!({"domain": "d"}), None)
        .await
        .err();
    assert_eq!(err.map(|e| e.attempts()), Some(1));
}

#[tokio::test]
async fn missing_region_and_credentials_say_how_to_set_them() {
    let server = Server::start(vec![]).await;
    let no_region = Config::builder()
        .credentials_provider(Credentials::from_keys("AKIDTEST", "test-secret", None))
        .endpoint_url(server.url())
        .build();
    let err = Handle::new(no_region, &SERVICE)
        .invoke(&PING, &json!({"domain": "d"}), None)
        .await
        .expect_err("no region");
    assert!(err.to_string().contains("AWS_REGION"), "{err}");
    let no_creds = Config::builder()
        .region("us-west-2")
        .endpoint_url(server.url())
        .build();
    let err = Handle::new(no_creds, &SERVICE)
        .invoke(&PING, &json!({"domain": "d"}), None)
        .await
        .expect_err("no creds");
    assert!(
        matches!(err, SdkError::Credentials(_)) && err.to_string().contains("AWS_ACCESS_KEY_ID"),
        "{err}"
    );
    assert!(
        server.seen().is_empty(),
        "nothing is sent without region or credentials"
    );
}

#[tokio::test]
async fn attempt_and_operation_timeouts_bound_a_stalled_call() {
    let slow = || Act::Delay(Duration::from_secs(5), Box::new(Act::json(200, OK)));
    let server = Server::start(vec![slow(), slow(), slow(), slow()]).await;
    let build = |timeouts: TimeoutConfig| {
        let config = Config::builder()
            .region("us-west-2")
            .credentials_provider(Credentials::from_keys("AKIDTEST", "test-secret", None))
            .endpoint_url(server.url())
            .retry_config(RetryConfig::standard().with_initial_backoff(Duration::from_millis(10)))
            .timeout_config(timeouts)
            .build();
        Handle::new(config, &SERVICE)
    };
    let started = std::time::Instant::now();
    let per_attempt = TimeoutConfig {
        operation_attempt: Some(Duration::from_millis(100)),
        ..TimeoutConfig::default()
    };
    let err = build(per_attempt)
        .invoke(&PING, &json!({"domain": "d"}), None)
        .await
        .expect_err("stalled");
    assert!(
        matches!(err, SdkError::Timeout(_)) && err.attempts() == 3,
        "{err:?}"
    );
    let whole = TimeoutConfig {
        operation: Some(Duration::from_millis(150)),
        ..TimeoutConfig::default()
    };
    let err = build(whole)
        .invoke(&PING, &json!({"domain": "d"}), None)
        .await
        .expect_err("stalled");
    assert!(matches!(err, SdkError::Timeout(_)), "{err:?}");
    assert!(
        err.to_string().contains("operation timeout") && err.attempts() >= 1,
        "{err}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "timeouts fired long before the 5 s stall"
    );
}

#[tokio::test]
async fn a_one_shot_stream_body_is_not_resent() {
    let u = || Act::error(503, "ServiceUnavailableException", "busy");
    let server = Server::start(vec![u(), Act::json(200, OK)]).await;
    let chunks = [Ok(bytes::Bytes::from_static(b"streamed once"))];
    let once = codeartifact_runtime::ByteStream::from_stream(OneShot(chunks.into_iter()), Some(13));
    let handle = client(&server, &FakeTime::default(), TimeoutConfig::default());
    let err = handle
        .invoke(&PING, &json!({"domain": "d"}), Some(once))
        .await
        .expect_err("503, no retry");
    assert_eq!((err.raw_status(), err.attempts()), (Some(503), 1));
    assert_eq!(server.seen().len(), 1);
    assert_eq!(server.seen()[0].body, b"streamed once");
}

/// A stream over an iterator of chunks, readable once.
struct OneShot<I>(I);

impl<I: Iterator<Item = std::io::Result<bytes::Bytes>> + Unpin> futures_core::Stream
    for OneShot<I>
{
    type Item = std::io::Result<bytes::Bytes>;
    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        std::task::Poll::Ready(self.0.next())
    }
}
