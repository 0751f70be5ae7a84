//! The HTTP transport behind a small trait: the client's testing seam.
//!
//! The client hands a fully built, signed [`HttpRequest`] to an
//! [`HttpClient`] and gets an [`HttpResponse`] back. [`HyperClient`] is the
//! real one (hyper, rustls with ring, pooled keep-alive connections, proxies
//! from the environment); [`StaticReplay`] answers from a script, so code that
//! uses the client can be tested without a network:
//!
//! ```
//! use codeartifact_runtime::client::Config;
//! use codeartifact_runtime::credentials::Credentials;
//! use codeartifact_runtime::transport::{HttpResponse, ReplayEvent, StaticReplay};
//!
//! // Script the service's answers...
//! let replay = StaticReplay::new(vec![ReplayEvent::ok(
//!     HttpResponse::json(200, r#"{"successfulVersions":{},"failedVersions":{}}"#)
//!         .with_header("x-amzn-RequestId", "req-1"),
//! )]);
//! // ...give a clone to the client...
//! let config = Config::builder()
//!     .region("us-west-2")
//!     .credentials(Credentials::from_keys("AKIDEXAMPLE", "secret", None))
//!     .http_client(replay.clone())
//!     .build();
//! // ...run the code under test with `codeartifact::Client::new(config)`,
//! // then inspect what it sent with `replay.requests()`.
//! assert_eq!(replay.remaining(), 1);
//! # drop(config);
//! ```

mod body;
mod connector;
mod hyper_client;
mod replay;

use std::fmt;
use std::future::Future;
use std::pin::Pin;

use bytes::Bytes;

pub(crate) use body::FILE_CHUNK;
pub use body::SdkBody;
pub use hyper_client::{HyperClient, TimeoutConfig};
pub use replay::{RecordedRequest, ReplayEvent, StaticReplay};

use crate::primitives::ByteStream;

/// A future returned by [`HttpClient::send`].
pub type SendFuture<'a> =
    Pin<Box<dyn Future<Output = Result<HttpResponse, TransportError>> + Send + 'a>>;

/// Sends HTTP requests. Implement it to put the client on another HTTP stack
/// or to fake the service in tests.
pub trait HttpClient: Send + Sync + fmt::Debug {
    /// Sends one request. With `options.stream_response` a successful (2xx)
    /// response body is handed back as a stream; otherwise, and for error
    /// statuses, it is read whole before returning (a read failure is then a
    /// [`TransportError`]).
    fn send<'a>(&'a self, request: HttpRequest, options: &'a SendOptions) -> SendFuture<'a>;
}

/// Per-request transport options.
#[derive(Debug, Clone, Copy, Default)]
pub struct SendOptions {
    /// Leave the body as a stream (large downloads).
    pub stream_response: bool,
}

/// A signed request, ready to go on the wire.
#[derive(Debug)]
pub struct HttpRequest {
    pub method: http::Method,
    /// The absolute URL, e.g. `https://codeartifact.us-west-2.amazonaws.com/v1/domain?domain=d`.
    pub url: String,
    pub headers: http::HeaderMap,
    pub body: SdkBody,
}

/// A response: status, headers and the body, buffered or streamed.
#[derive(Debug)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: http::HeaderMap,
    pub body: ResponseBody,
}

/// A response body.
#[derive(Debug)]
pub enum ResponseBody {
    Bytes(Bytes),
    Stream(ByteStream),
}

impl ResponseBody {
    /// The buffered bytes; empty for a stream.
    pub fn bytes(&self) -> &[u8] {
        match self {
            Self::Bytes(b) => b,
            Self::Stream(_) => &[],
        }
    }
}

impl HttpResponse {
    /// A buffered response with a JSON body.
    pub fn json(status: u16, body: impl Into<Bytes>) -> Self {
        let mut headers = http::HeaderMap::new();
        headers.insert(
            http::header::CONTENT_TYPE,
            http::HeaderValue::from_static("application/json"),
        );
        Self {
            status,
            headers,
            body: ResponseBody::Bytes(body.into()),
        }
    }

    /// Adds a header (builder style, for tests and fakes). Invalid names or
    /// values are ignored.
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        if let (Ok(n), Ok(v)) = (
            http::HeaderName::try_from(name),
            http::HeaderValue::try_from(value),
        ) {
            self.headers.append(n, v);
        }
        self
    }
}

/// Why a request got no (complete) response.
#[derive(Debug)]
pub struct TransportError {
    kind: TransportErrorKind,
    source: Box<dyn std::error::Error + Send + Sync>,
    /// No connection was made (refused, connect timeout): the credentials
    /// providers read it as "this service is not here".
    at_connect: bool,
}

/// The class of a [`TransportError`], which drives retries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// Connect or read took longer than configured.
    Timeout,
    /// Connection refused, reset or closed early; truncated body.
    Io,
    /// The request itself was unusable (bad URL, unreadable body file).
    Request,
}

impl TransportError {
    pub fn new(
        kind: TransportErrorKind,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        Self {
            kind,
            source: source.into(),
            at_connect: false,
        }
    }
    pub(crate) fn at_connect(mut self) -> Self {
        self.at_connect = true;
        self
    }
    pub(crate) fn is_connect(&self) -> bool {
        self.at_connect
    }
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }
    pub fn into_source(self) -> Box<dyn std::error::Error + Send + Sync> {
        self.source
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            TransportErrorKind::Timeout => "timed out",
            TransportErrorKind::Io => "I/O error",
            TransportErrorKind::Request => "invalid request",
        };
        write!(f, "{what}: {}", self.source)
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.source)
    }
}
