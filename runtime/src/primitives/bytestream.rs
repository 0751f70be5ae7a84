use std::fmt;
use std::path::PathBuf;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_core::Stream;

type BoxStream = Pin<Box<dyn Stream<Item = Result<Bytes, std::io::Error>> + Send + Sync + 'static>>;

/// A streaming body: a request payload to upload or a response payload to
/// read, without holding it whole in memory unless it already is.
pub struct ByteStream {
    inner: Inner,
}

enum Inner {
    Bytes(Bytes),
    File { path: PathBuf, len: Option<u64> },
    Stream { stream: BoxStream, len: Option<u64> },
}

impl ByteStream {
    /// A body that is already in memory.
    pub fn from_static(bytes: &'static [u8]) -> Self {
        Self {
            inner: Inner::Bytes(Bytes::from_static(bytes)),
        }
    }

    /// A body read from a file when it is sent.
    pub fn from_path(path: impl Into<PathBuf>) -> Self {
        Self {
            inner: Inner::File {
                path: path.into(),
                len: None,
            },
        }
    }

    /// A body from any stream of chunks; `len` is its length when known.
    pub fn from_stream<S>(stream: S, len: Option<u64>) -> Self
    where
        S: Stream<Item = Result<Bytes, std::io::Error>> + Send + Sync + 'static,
    {
        Self {
            inner: Inner::Stream {
                stream: Box::pin(stream),
                len,
            },
        }
    }

    /// The in-memory bytes, when the body is held in memory.
    pub fn bytes(&self) -> Option<&Bytes> {
        match &self.inner {
            Inner::Bytes(b) => Some(b),
            _ => None,
        }
    }

    /// The file this body is read from, when it is one.
    pub fn path(&self) -> Option<&std::path::Path> {
        match &self.inner {
            Inner::File { path, .. } => Some(path),
            _ => None,
        }
    }

    /// The length, when known without reading.
    pub fn len_hint(&self) -> Option<u64> {
        match &self.inner {
            Inner::Bytes(b) => Some(b.len() as u64),
            Inner::File { len, .. } | Inner::Stream { len, .. } => *len,
        }
    }

    /// The stream of chunks, when this body is a stream (files are opened by
    /// the transport, which knows the async runtime).
    pub fn into_parts(self) -> ByteStreamParts {
        match self.inner {
            Inner::Bytes(b) => ByteStreamParts::Bytes(b),
            Inner::File { path, .. } => ByteStreamParts::File(path),
            Inner::Stream { stream, len } => ByteStreamParts::Stream(ChunkStream(stream), len),
        }
    }

    /// Reads the whole body into memory. Meant for small bodies and tests;
    /// large assets should be streamed chunk by chunk with [`ByteStream::next`].
    pub async fn collect(self) -> Result<Bytes, std::io::Error> {
        match self.inner {
            Inner::Bytes(b) => Ok(b),
            Inner::File { path, .. } => tokio::fs::read(path).await.map(Bytes::from),
            Inner::Stream { mut stream, .. } => {
                let mut out = Vec::new();
                while let Some(chunk) =
                    std::future::poll_fn(|cx| stream.as_mut().poll_next(cx)).await
                {
                    out.extend_from_slice(&chunk?);
                }
                Ok(Bytes::from(out))
            }
        }
    }

    /// The next chunk of a streamed body, `None` at the end. An in-memory body
    /// is one chunk; a file body is read by [`ByteStream::collect`] instead.
    pub async fn next(&mut self) -> Option<Result<Bytes, std::io::Error>> {
        match &mut self.inner {
            Inner::Bytes(b) => {
                if b.is_empty() {
                    None
                } else {
                    Some(Ok(std::mem::take(b)))
                }
            }
            Inner::File { path, .. } => {
                let path = std::mem::take(path);
                let result = tokio::fs::read(&path).await.map(Bytes::from);
                self.inner = Inner::Bytes(Bytes::new());
                Some(result)
            }
            Inner::Stream { stream, .. } => {
                std::future::poll_fn(|cx| stream.as_mut().poll_next(cx)).await
            }
        }
    }
}

/// The pieces of a [`ByteStream`], for transports.
pub enum ByteStreamParts {
    Bytes(Bytes),
    File(PathBuf),
    Stream(ChunkStream, Option<u64>),
}

/// A stream of body chunks.
pub struct ChunkStream(BoxStream);

impl Stream for ChunkStream {
    type Item = Result<Bytes, std::io::Error>;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.0.as_mut().poll_next(cx)
    }
}

impl Default for ByteStream {
    fn default() -> Self {
        Self {
            inner: Inner::Bytes(Bytes::new()),
        }
    }
}

impl From<Bytes> for ByteStream {
    fn from(b: Bytes) -> Self {
        Self {
            inner: Inner::Bytes(b),
        }
    }
}

impl From<Vec<u8>> for ByteStream {
    fn from(b: Vec<u8>) -> Self {
        Self {
            inner: Inner::Bytes(Bytes::from(b)),
        }
    }
}

impl From<&'static str> for ByteStream {
    fn from(b: &'static str) -> Self {
        Self::from_static(b.as_bytes())
    }
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.inner {
            Inner::Bytes(b) => write!(f, "ByteStream({} bytes in memory)", b.len()),
            Inner::File { path, .. } => write!(f, "ByteStream(file {})", path.display()),
            Inner::Stream { len, .. } => write!(f, "ByteStream(stream, length {len:?})"),
        }
    }
}
