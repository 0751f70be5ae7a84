//! The client's `tracing` output: a span per operation and per attempt with
//! operation, attempt, status and request id, and no secret anywhere.

mod support;

use std::fmt::Debug;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use codeartifact_runtime::client::{Config, Handle};
use codeartifact_runtime::credentials::Credentials;
use codeartifact_runtime::time::FakeTime;
use codeartifact_runtime::transport::{HttpResponse, ReplayEvent, StaticReplay};
use serde_json::json;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// Records every span and event as `name{field=value ...}` lines.
#[derive(Default)]
struct Recorder {
    lines: Arc<Mutex<Vec<String>>>,
    next_id: AtomicU64,
}

struct Fields(String);

impl Visit for Fields {
    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        self.0.push_str(&format!(" {}={value:?}", field.name()));
    }
}

impl Recorder {
    fn push(&self, line: String) {
        self.lines.lock().expect("lock").push(line);
    }
}

impl Subscriber for Recorder {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut fields = Fields(String::new());
        span.record(&mut fields);
        self.push(format!("span {}{}", span.metadata().name(), fields.0));
        Id::from_u64(self.next_id.fetch_add(1, Ordering::Relaxed) + 1)
    }
    fn record(&self, _: &Id, values: &Record<'_>) {
        let mut fields = Fields(String::new());
        values.record(&mut fields);
        self.push(format!("record{}", fields.0));
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut fields = Fields(String::new());
        event.record(&mut fields);
        self.push(format!("event{}", fields.0));
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

#[tokio::test]
async fn spans_per_operation_and_attempt_without_secrets() {
    let recorder = Recorder::default();
    let lines = recorder.lines.clone();
    let _guard = tracing::subscriber::set_default(recorder);

    let replay = StaticReplay::new(vec![
        ReplayEvent::ok(
            HttpResponse::json(503, r#"{"message":"busy"}"#)
                .with_header("x-amzn-RequestId", "req-a"),
        ),
        ReplayEvent::ok(
            HttpResponse::json(200, r#"{"echo":"ok"}"#).with_header("x-amzn-RequestId", "req-b"),
        ),
    ]);
    let time = FakeTime::default();
    let config = Config::builder()
        .region("us-west-2")
        .credentials_provider(Credentials::from_keys(
            "AKIDTRACE",
            "trace-secret-key",
            Some("trace-token".into()),
        ))
        .http_client(replay)
        .sleep_impl(time.clone())
        .clock(time)
        .build();
    let handle = Handle::new(config, &support::SERVICE);
    handle
        .invoke(&support::PING, &json!({"domain": "d"}), None)
        .await
        .expect("second attempt succeeds");

    let lines = lines.lock().expect("lock").clone();
    let text = lines.join("\n");
    assert!(
        lines
            .iter()
            .any(|l| l == "span codeartifact operation=\"Ping\""),
        "{text}"
    );
    assert!(
        lines.iter().any(|l| l == "span attempt attempt=1"),
        "{text}"
    );
    assert!(
        lines.iter().any(|l| l == "span attempt attempt=2"),
        "{text}"
    );
    for expected in [
        "record status=503",
        "record request_id=\"req-a\"",
        "record status=200",
        "record request_id=\"req-b\"",
    ] {
        assert!(
            lines.iter().any(|l| l == expected),
            "missing {expected}:\n{text}"
        );
    }
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("event") && l.contains("retrying")),
        "{text}"
    );
    for secret in ["trace-secret-key", "trace-token", "Signature="] {
        assert!(!text.contains(secret), "{secret} leaked:\n{text}");
    }
}
