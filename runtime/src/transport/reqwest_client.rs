//! The default transport: reqwest on hyper, rustls with the ring provider.

use std::error::Error as _;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
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

/// [`HttpClient`] on reqwest: pooled HTTP/1.1 keep-alive connections
/// (reqwest's `http2` feature is off: CodeArtifact speaks HTTP/1.1 and the
/// feature costs build time), rustls with the ring provider and the system's
/// root certificates, proxies from `HTTPS_PROXY`/`HTTP_PROXY`/`NO_PROXY`.
#[derive(Debug, Clone)]
pub struct ReqwestClient {
    client: reqwest::Client,
    /// The last origin (`scheme://authority`) seen, parsed: a client talks
    /// to one endpoint, and re-parsing its host on every request (IDNA
    /// included) is a measurable share of a call's CPU.
    origin: Arc<Mutex<Option<(String, reqwest::Url)>>>,
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
        Ok(Self::from_reqwest(client))
    }

    /// Wraps an already configured reqwest client.
    pub fn from_reqwest(client: reqwest::Client) -> Self {
        Self {
            client,
            origin: Arc::default(),
        }
    }

    /// Parses `url`, reusing the parsed origin when it is the last one seen.
    /// Gives what `Url::parse(url)` gives: path and query are parsed alike.
    fn parse_url(&self, url: &str) -> Result<reqwest::Url, TransportError> {
        let invalid = |e: &dyn std::fmt::Display| {
            TransportError::new(TransportErrorKind::Request, format!("{url}: {e}"))
        };
        let origin_end = url
            .find("://")
            .map(|i| i + 3)
            .and_then(|start| url[start..].find(['/', '?', '#']).map(|j| start + j))
            .unwrap_or(url.len());
        let (origin, rest) = url.split_at(origin_end);
        let cached = {
            let guard = self.origin.lock().unwrap_or_else(PoisonError::into_inner);
            guard
                .as_ref()
                .filter(|(o, _)| o == origin)
                .map(|(_, u)| u.clone())
        };
        let Some(mut parsed) = cached else {
            let parsed = reqwest::Url::parse(url).map_err(|e| invalid(&e))?;
            if !rest.contains('#') {
                let mut base = parsed.clone();
                base.set_path("");
                base.set_query(None);
                *self.origin.lock().unwrap_or_else(PoisonError::into_inner) =
                    Some((origin.to_owned(), base));
            }
            return Ok(parsed);
        };
        let (path, query) = match rest.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (rest, None),
        };
        parsed.set_path(path);
        parsed.set_query(query);
        Ok(parsed)
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
            let url = self.parse_url(&request.url)?;
            let body = into_reqwest_body(request.body).await?;
            // Built directly rather than through `RequestBuilder`, which
            // would re-insert every header one by one.
            let mut outgoing = reqwest::Request::new(request.method, url);
            *outgoing.headers_mut() = headers;
            *outgoing.body_mut() = Some(body);
            let mut response = self.client.execute(outgoing).await.map_err(map_error)?;
            let status = response.status().as_u16();
            let headers = std::mem::take(response.headers_mut());
            // Error responses are small JSON documents the client must read whole.
            let body = if options.stream_response && (200..300).contains(&status) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cached_origin_parses_like_a_full_parse() {
        let client = ReqwestClient::new(&TimeoutConfig::default()).expect("client");
        let urls = [
            "https://codeartifact.us-west-2.amazonaws.com/v1/package/versions/update_status?domain=d&format=npm",
            "https://codeartifact.us-west-2.amazonaws.com/v1/domains",
            "https://codeartifact.us-west-2.amazonaws.com/v1/x?a=%2F%20b&c=%E2%9C%93&empty=",
            "http://127.0.0.1:8080/prefix/v1/repo?x=1",
            "http://127.0.0.1:8080/v1/a%2Fb/c?",
            "https://codeartifact.us-west-2.amazonaws.com/v1/domain?domain=Ünïcode space",
        ];
        // Twice, so each URL is parsed both cold and from the cached origin.
        for url in urls.iter().chain(urls.iter()) {
            let ours = client
                .parse_url(url)
                .map(|u| u.to_string())
                .map_err(|e| e.to_string());
            let full = reqwest::Url::parse(url)
                .map(|u| u.to_string())
                .map_err(|e| e.to_string());
            assert_eq!(ours, full, "{url}");
        }
        assert!(client.parse_url("not a url").is_err());
    }
}
