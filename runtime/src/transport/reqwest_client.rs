//! The default transport: reqwest on hyper, rustls with the ring provider.

use std::error::Error as _;
use std::pin::Pin;
use std::sync::Mutex;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures_core::Stream;

use super::body::FileChunks;
use super::{
    HttpClient, HttpRequest, HttpResponse, ResponseBody, SdkBody, SendFuture, SendOptions,
    TransportError, TransportErrorKind,
};
use crate::primitives::ByteStream;

/// Transport timeouts. The per-call (operation) timeouts are the client's;
/// these bound a single connection's phases.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeoutConfig {
    /// TCP + TLS connect. Default 3.1 s, as the AWS SDKs use.
    pub connect: Option<Duration>,
    /// Longest wait for any read from the socket. Default none.
    pub read: Option<Duration>,
    /// Whole call, all attempts and backoff included. Default none.
    pub operation: Option<Duration>,
    /// One attempt, from sending to the end of the buffered body. Default none.
    pub operation_attempt: Option<Duration>,
}

impl Default for TimeoutConfig {
    fn default() -> Self {
        Self {
            connect: Some(Duration::from_millis(3100)),
            read: None,
            operation: None,
            operation_attempt: None,
        }
    }
}

/// [`HttpClient`] on reqwest: pooled HTTP/1.1 keep-alive connections (and
/// HTTP/2 when the server offers it over TLS), proxies from `HTTPS_PROXY`/
/// `HTTP_PROXY`/`NO_PROXY`, system root certificates.
#[derive(Debug, Clone)]
pub struct ReqwestClient {
    client: reqwest::Client,
}

impl ReqwestClient {
    /// A client with the given connect and read timeouts.
    pub fn new(timeouts: &TimeoutConfig) -> Result<Self, TransportError> {
        let mut builder = reqwest::Client::builder()
            .tcp_nodelay(true)
            .pool_idle_timeout(Duration::from_secs(60));
        if let Some(t) = timeouts.connect {
            builder = builder.connect_timeout(t);
        }
        if let Some(t) = timeouts.read {
            builder = builder.read_timeout(t);
        }
        let client = builder
            .build()
            .map_err(|e| TransportError::new(TransportErrorKind::Request, e.to_string()))?;
        Ok(Self { client })
    }

    /// Wraps an already configured reqwest client.
    pub fn from_reqwest(client: reqwest::Client) -> Self {
        Self { client }
    }
}

impl HttpClient for ReqwestClient {
    fn send<'a>(&'a self, request: HttpRequest, options: &'a SendOptions) -> SendFuture<'a> {
        Box::pin(async move {
            let mut headers = request.headers;
            // A streamed body of known length is sent with `Content-Length`
            // rather than chunked: AWS services expect the length up front.
            if let (SdkBody::File { .. } | SdkBody::Stream(_), Some(len)) =
                (&request.body, request.body.len_hint())
            {
                headers.insert(http::header::CONTENT_LENGTH, http::HeaderValue::from(len));
            }
            let body = into_reqwest_body(request.body).await?;
            let response = self
                .client
                .request(request.method, request.url)
                .headers(headers)
                .body(body)
                .send()
                .await
                .map_err(map_error)?;
            let status = response.status().as_u16();
            let headers = response.headers().clone();
            let body = if options.stream_response {
                let len = response.content_length();
                let stream = SyncStream(Mutex::new(Box::pin(response.bytes_stream())));
                ResponseBody::Stream(ByteStream::from_stream(stream, len))
            } else {
                ResponseBody::Bytes(response.bytes().await.map_err(map_error)?)
            };
            Ok(HttpResponse {
                status,
                headers,
                body,
            })
        })
    }
}

async fn into_reqwest_body(body: SdkBody) -> Result<reqwest::Body, TransportError> {
    Ok(match body {
        SdkBody::Bytes(b) => reqwest::Body::from(b),
        SdkBody::File { path, len } => {
            let chunks = FileChunks::open(&path, len).await.map_err(|e| {
                TransportError::new(
                    TransportErrorKind::Request,
                    format!("{}: {e}", path.display()),
                )
            })?;
            reqwest::Body::wrap_stream(chunks)
        }
        SdkBody::Stream(s) => match s.into_parts() {
            crate::primitives::ByteStreamParts::Bytes(b) => reqwest::Body::from(b),
            crate::primitives::ByteStreamParts::File(path) => {
                let len = tokio::fs::metadata(&path)
                    .await
                    .map_err(|e| {
                        TransportError::new(
                            TransportErrorKind::Request,
                            format!("{}: {e}", path.display()),
                        )
                    })?
                    .len();
                let chunks = FileChunks::open(&path, len)
                    .await
                    .map_err(|e| TransportError::new(TransportErrorKind::Request, e))?;
                reqwest::Body::wrap_stream(chunks)
            }
            crate::primitives::ByteStreamParts::Stream(s, _) => reqwest::Body::wrap_stream(s),
        },
    })
}

fn map_error(e: reqwest::Error) -> TransportError {
    let kind = if e.is_timeout() || source_is_timeout(&e) {
        TransportErrorKind::Timeout
    } else if e.is_builder() {
        TransportErrorKind::Request
    } else {
        TransportErrorKind::Io
    };
    // Keep reqwest's type out of the public error: its text and its chain's
    // text are what users need.
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    TransportError::new(kind, text)
}

fn source_is_timeout(e: &reqwest::Error) -> bool {
    let mut source = e.source();
    while let Some(s) = source {
        if s.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::TimedOut)
        {
            return true;
        }
        source = s.source();
    }
    false
}

type ReqwestStream = Pin<Box<dyn Stream<Item = reqwest::Result<Bytes>> + Send>>;

/// reqwest's body stream is `Send` but not `Sync`; [`ByteStream`] must be
/// both. The mutex is never contended: polling takes `&mut self`.
struct SyncStream(Mutex<ReqwestStream>);

impl Stream for SyncStream {
    type Item = std::io::Result<Bytes>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let inner = self
            .0
            .get_mut()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        inner
            .as_mut()
            .poll_next(cx)
            .map(|item| item.map(|r| r.map_err(|e| std::io::Error::other(map_error(e)))))
    }
}
