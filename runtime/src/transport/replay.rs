//! A scripted transport for tests: answers each request with the next
//! scripted response (or failure) and records what was sent.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, PoisonError};

use bytes::Bytes;

use super::{
    HttpClient, HttpRequest, HttpResponse, SdkBody, SendFuture, SendOptions, TransportError,
    TransportErrorKind,
};

/// One scripted answer.
#[derive(Debug)]
pub struct ReplayEvent {
    outcome: Result<HttpResponse, (TransportErrorKind, String)>,
}

impl ReplayEvent {
    /// Answer with this response.
    pub fn ok(response: HttpResponse) -> Self {
        Self {
            outcome: Ok(response),
        }
    }
    /// Fail the request as a transport error of this kind.
    pub fn fail(kind: TransportErrorKind, message: impl Into<String>) -> Self {
        Self {
            outcome: Err((kind, message.into())),
        }
    }
}

/// What a [`StaticReplay`] received. Streamed bodies are recorded as empty.
#[derive(Debug, Clone)]
pub struct RecordedRequest {
    pub method: http::Method,
    pub url: String,
    pub headers: http::HeaderMap,
    pub body: Bytes,
}

impl RecordedRequest {
    /// The header's value, if present and text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// An [`HttpClient`] that plays back a script. Clones share the script and
/// the record, so a test keeps one clone and gives the other to the client.
/// Once the script is exhausted, requests fail with a `Request` error naming it.
#[derive(Clone, Default)]
pub struct StaticReplay {
    inner: Arc<Mutex<Inner>>,
}

#[derive(Debug, Default)]
struct Inner {
    script: VecDeque<ReplayEvent>,
    received: Vec<RecordedRequest>,
}

impl StaticReplay {
    pub fn new(script: Vec<ReplayEvent>) -> Self {
        Self {
            inner: Arc::new(Mutex::new(Inner {
                script: script.into(),
                received: Vec::new(),
            })),
        }
    }

    /// Appends an event to the script.
    pub fn push(&self, event: ReplayEvent) {
        self.lock().script.push_back(event);
    }

    /// Requests received so far, in order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.lock().received.clone()
    }

    /// Scripted events not yet played.
    pub fn remaining(&self) -> usize {
        self.lock().script.len()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl std::fmt::Debug for StaticReplay {
    // Recorded requests carry signatures and tokens: show counts only.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let inner = self.lock();
        f.debug_struct("StaticReplay")
            .field("remaining", &inner.script.len())
            .field("received", &inner.received.len())
            .finish()
    }
}

impl HttpClient for StaticReplay {
    fn send<'a>(&'a self, request: HttpRequest, _options: &'a SendOptions) -> SendFuture<'a> {
        let body = match &request.body {
            SdkBody::Bytes(b) => b.clone(),
            _ => Bytes::new(),
        };
        let recorded = RecordedRequest {
            method: request.method,
            url: request.url,
            headers: request.headers,
            body,
        };
        let event = {
            let mut inner = self.lock();
            inner.received.push(recorded);
            inner.script.pop_front()
        };
        Box::pin(std::future::ready(match event {
            Some(ReplayEvent {
                outcome: Ok(response),
            }) => Ok(response),
            Some(ReplayEvent {
                outcome: Err((kind, message)),
            }) => Err(TransportError::new(kind, message)),
            None => Err(TransportError::new(
                TransportErrorKind::Request,
                "StaticReplay: no scripted response left",
            )),
        }))
    }
}
