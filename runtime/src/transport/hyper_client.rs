//! The default transport: hyper's pooled HTTP/1.1 client, rustls with the
//! ring provider for https, proxies from the environment.

use std::fmt;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use futures_core::Stream;
use hyper::body::{Body, Frame, Incoming, SizeHint};
use hyper_util::client::legacy;
use hyper_util::client::proxy::matcher::Matcher;
use hyper_util::rt::{TokioExecutor, TokioTimer};
use tokio::time::Sleep;

use super::body::FileChunks;
use super::connector::Connector;
use super::{
    HttpClient, HttpRequest, HttpResponse, ResponseBody, SdkBody, SendFuture, SendOptions,
    TransportError, TransportErrorKind,
};
use crate::primitives::{ByteStream, ByteStreamParts};

/// Transport timeouts. The per-call (operation) timeouts are the client's;
/// these bound a single connection's phases.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeoutConfig {
    /// TCP + TLS connect. Default 3.1 s, as the AWS SDKs use.
    pub connect: Option<Duration>,
    /// Longest wait for the response head, then for each body chunk.
    /// Default none.
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

/// [`HttpClient`] on hyper: pooled HTTP/1.1 keep-alive connections
/// (CodeArtifact speaks HTTP/1.1; HTTP/2 would cost build time for
/// nothing), `TCP_NODELAY`, rustls with the ring provider and the system's
/// root certificates, proxies from `HTTPS_PROXY`/`HTTP_PROXY`/`NO_PROXY`
/// (and their lower-case forms).
#[derive(Clone)]
pub struct HyperClient {
    client: legacy::Client<Connector, RequestBody>,
    read_timeout: Option<Duration>,
    proxies: Option<Arc<Matcher>>,
}

impl fmt::Debug for HyperClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HyperClient")
            .field("read_timeout", &self.read_timeout)
            .field("proxies", &self.proxies)
            .finish_non_exhaustive()
    }
}

impl HyperClient {
    /// A client with the given connect and read timeouts, taking its
    /// proxies from the environment.
    pub fn new(timeouts: &TimeoutConfig) -> Result<Self, TransportError> {
        let proxies = Arc::new(Matcher::from_env());
        Ok(Self::build(timeouts.connect, timeouts.read, Some(proxies)))
    }

    /// A client that never uses a proxy (credentials endpoints, which are
    /// link-local or loopback: a proxy would see the credentials).
    pub(crate) fn without_proxy(connect: Duration) -> Self {
        Self::build(Some(connect), None, None)
    }

    fn build(
        connect: Option<Duration>,
        read_timeout: Option<Duration>,
        proxies: Option<Arc<Matcher>>,
    ) -> Self {
        let client = legacy::Client::builder(TokioExecutor::new())
            .pool_idle_timeout(Duration::from_secs(60))
            .pool_timer(TokioTimer::new())
            .build(Connector::new(connect, proxies.clone()));
        Self {
            client,
            read_timeout,
            proxies,
        }
    }

    /// `Proxy-Authorization` for a plain-http request sent to a proxy (a
    /// tunnel carries it in its `CONNECT` instead).
    fn proxy_auth(&self, uri: &http::Uri) -> Option<http::HeaderValue> {
        if uri.scheme() != Some(&http::uri::Scheme::HTTP) {
            return None;
        }
        let proxy = self.proxies.as_ref()?.intercept(uri)?;
        proxy.basic_auth().cloned()
    }

    async fn execute(
        &self,
        request: HttpRequest,
    ) -> Result<http::Response<Incoming>, TransportError> {
        let uri = http::Uri::try_from(request.url.as_str()).map_err(|e| {
            TransportError::new(TransportErrorKind::Request, format!("{}: {e}", request.url))
        })?;
        let mut headers = request.headers;
        // A streamed body of known length is sent with `Content-Length`
        // rather than chunked: AWS services expect the length up front.
        if let (SdkBody::File { .. } | SdkBody::Stream(_), Some(len)) =
            (&request.body, request.body.len_hint())
        {
            headers.insert(http::header::CONTENT_LENGTH, http::HeaderValue::from(len));
        }
        if let Some(auth) = self.proxy_auth(&uri) {
            headers.insert(http::header::PROXY_AUTHORIZATION, auth);
        }
        let mut outgoing = http::Request::new(RequestBody::from_sdk(request.body).await?);
        *outgoing.method_mut() = request.method;
        *outgoing.uri_mut() = uri;
        *outgoing.headers_mut() = headers;
        let pending = self.client.request(outgoing);
        let response = match self.read_timeout {
            None => pending.await,
            Some(t) => tokio::time::timeout(t, pending)
                .await
                .map_err(|_| read_timeout())?,
        };
        response.map_err(map_error)
    }
}

impl HttpClient for HyperClient {
    fn send<'a>(&'a self, request: HttpRequest, options: &'a SendOptions) -> SendFuture<'a> {
        Box::pin(async move {
            let (parts, body) = self.execute(request).await?.into_parts();
            let status = parts.status.as_u16();
            let len = body.size_hint().exact();
            let mut body = ResponseStream::new(body, self.read_timeout);
            // Error responses are small JSON documents the client must read whole.
            let body = if options.stream_response && parts.status.is_success() {
                ResponseBody::Stream(ByteStream::from_stream(body, len))
            } else {
                ResponseBody::Bytes(body.collect(len).await?)
            };
            Ok(HttpResponse {
                status,
                headers: parts.headers,
                body,
            })
        })
    }
}

fn read_timeout() -> TransportError {
    TransportError::new(TransportErrorKind::Timeout, "read timeout")
}

fn map_error(e: legacy::Error) -> TransportError {
    let connect = e.is_connect();
    let mut kind = TransportErrorKind::Io;
    // Keep hyper's types out of the public error: the chain's text is what
    // users need ("client error (Connect)" alone says little).
    let mut text = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        if s.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::TimedOut)
        {
            kind = TransportErrorKind::Timeout;
        }
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    let error = TransportError::new(kind, text);
    if connect { error.at_connect() } else { error }
}

/// A request body: in memory, or a stream of chunks (files, user streams).
pub(crate) enum RequestBody {
    Full(Option<Bytes>),
    Stream(Pin<Box<dyn Stream<Item = io::Result<Bytes>> + Send>>),
}

impl RequestBody {
    pub(crate) fn bytes(b: Bytes) -> Self {
        Self::Full(Some(b).filter(|b| !b.is_empty()))
    }

    async fn from_sdk(body: SdkBody) -> Result<Self, TransportError> {
        let unreadable = |path: &std::path::Path, e: io::Error| {
            TransportError::new(
                TransportErrorKind::Request,
                format!("{}: {e}", path.display()),
            )
        };
        Ok(match body {
            SdkBody::Bytes(b) => Self::bytes(b),
            SdkBody::File { path, len } => {
                let chunks = FileChunks::open(&path, len)
                    .await
                    .map_err(|e| unreadable(&path, e))?;
                Self::Stream(Box::pin(chunks))
            }
            SdkBody::Stream(s) => match s.into_parts() {
                ByteStreamParts::Bytes(b) => Self::bytes(b),
                ByteStreamParts::File(path) => {
                    let len = tokio::fs::metadata(&path)
                        .await
                        .map_err(|e| unreadable(&path, e))?
                        .len();
                    let chunks = FileChunks::open(&path, len)
                        .await
                        .map_err(|e| unreadable(&path, e))?;
                    Self::Stream(Box::pin(chunks))
                }
                ByteStreamParts::Stream(s, _) => Self::Stream(Box::pin(s)),
            },
        })
    }
}

impl Body for RequestBody {
    type Data = Bytes;
    type Error = io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, io::Error>>> {
        match self.get_mut() {
            Self::Full(b) => Poll::Ready(b.take().map(|b| Ok(Frame::data(b)))),
            Self::Stream(s) => s
                .as_mut()
                .poll_next(cx)
                .map(|item| item.map(|r| r.map(Frame::data))),
        }
    }

    fn is_end_stream(&self) -> bool {
        matches!(self, Self::Full(None))
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            Self::Full(b) => SizeHint::with_exact(b.as_ref().map_or(0, |b| b.len() as u64)),
            Self::Stream(_) => SizeHint::default(),
        }
    }
}

/// A response body as a stream of chunks, each awaited at most the read
/// timeout.
struct ResponseStream {
    body: Incoming,
    read_timeout: Option<Duration>,
    deadline: Option<Pin<Box<Sleep>>>,
    /// The deadline counts from the first wait after a chunk: time the
    /// caller spends between reads is not the server's.
    armed: bool,
}

impl ResponseStream {
    fn new(body: Incoming, read_timeout: Option<Duration>) -> Self {
        Self {
            body,
            read_timeout,
            deadline: None,
            armed: false,
        }
    }

    fn poll_chunk(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Bytes, TransportError>>> {
        loop {
            match Pin::new(&mut self.body).poll_frame(cx) {
                Poll::Ready(Some(Ok(frame))) => {
                    self.armed = false;
                    match frame.into_data() {
                        Ok(data) if !data.is_empty() => return Poll::Ready(Some(Ok(data))),
                        // Trailers and empty frames carry nothing for the caller.
                        _ => continue,
                    }
                }
                Poll::Ready(Some(Err(e))) => {
                    let e = TransportError::new(TransportErrorKind::Io, e);
                    return Poll::Ready(Some(Err(e)));
                }
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Pending => {
                    let Some(t) = self.read_timeout else {
                        return Poll::Pending;
                    };
                    let deadline = self
                        .deadline
                        .get_or_insert_with(|| Box::pin(tokio::time::sleep(t)));
                    if !self.armed {
                        deadline.as_mut().reset(tokio::time::Instant::now() + t);
                        self.armed = true;
                    }
                    return match deadline.as_mut().poll(cx) {
                        Poll::Ready(()) => Poll::Ready(Some(Err(read_timeout()))),
                        Poll::Pending => Poll::Pending,
                    };
                }
            }
        }
    }

    /// The whole body; a single chunk is handed back without copying.
    async fn collect(&mut self, len: Option<u64>) -> Result<Bytes, TransportError> {
        let mut first: Option<Bytes> = None;
        let mut buf = BytesMut::new();
        while let Some(chunk) = std::future::poll_fn(|cx| self.poll_chunk(cx)).await {
            let chunk = chunk?;
            match first.take() {
                None if buf.is_empty() => first = Some(chunk),
                prev => {
                    if let Some(prev) = prev {
                        let cap = len.and_then(|l| usize::try_from(l).ok()).unwrap_or(0);
                        buf.reserve(cap.max(prev.len() + chunk.len()));
                        buf.extend_from_slice(&prev);
                    }
                    buf.extend_from_slice(&chunk);
                }
            }
        }
        Ok(first.unwrap_or_else(|| buf.freeze()))
    }
}

impl Stream for ResponseStream {
    type Item = io::Result<Bytes>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_chunk(cx).map(|item| {
            item.map(|r| {
                r.map_err(|e| {
                    let kind = match e.kind() {
                        TransportErrorKind::Timeout => io::ErrorKind::TimedOut,
                        _ => io::ErrorKind::Other,
                    };
                    io::Error::new(kind, e)
                })
            })
        })
    }
}
