//! Request bodies: in memory, a file streamed in chunks, or a one-shot stream.

use std::path::PathBuf;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::{Bytes, BytesMut};
use futures_core::Stream;
use tokio::io::{AsyncRead, ReadBuf};

use crate::primitives::ByteStream;

/// Chunk size for streaming files: large enough to keep syscalls few,
/// small enough that a 1 GiB upload holds only one chunk at a time.
pub(crate) const FILE_CHUNK: usize = 64 * 1024;

/// The body of an [`super::HttpRequest`].
#[derive(Debug)]
#[non_exhaustive]
pub enum SdkBody {
    /// In memory; cheap to clone, so retries can resend it.
    Bytes(Bytes),
    /// A file of known length, opened and streamed when sent; each retry
    /// reopens it.
    File { path: PathBuf, len: u64 },
    /// A one-shot stream: the request cannot be retried once sent.
    Stream(ByteStream),
}

impl SdkBody {
    pub fn empty() -> Self {
        Self::Bytes(Bytes::new())
    }

    /// A copy for another attempt, when the body can be replayed.
    pub fn try_clone(&self) -> Option<Self> {
        match self {
            Self::Bytes(b) => Some(Self::Bytes(b.clone())),
            Self::File { path, len } => Some(Self::File {
                path: path.clone(),
                len: *len,
            }),
            Self::Stream(_) => None,
        }
    }

    /// The length when known up front.
    pub fn len_hint(&self) -> Option<u64> {
        match self {
            Self::Bytes(b) => Some(b.len() as u64),
            Self::File { len, .. } => Some(*len),
            Self::Stream(s) => s.len_hint(),
        }
    }

    /// The in-memory bytes, when the body is in memory.
    pub fn bytes(&self) -> Option<&Bytes> {
        match self {
            Self::Bytes(b) => Some(b),
            _ => None,
        }
    }
}

/// Reads a file as a stream of chunks of at most [`FILE_CHUNK`] bytes.
pub(crate) struct FileChunks {
    file: tokio::fs::File,
    remaining: u64,
}

impl FileChunks {
    pub(crate) async fn open(path: &std::path::Path, len: u64) -> std::io::Result<Self> {
        Ok(Self {
            file: tokio::fs::File::open(path).await?,
            remaining: len,
        })
    }
}

impl Stream for FileChunks {
    type Item = std::io::Result<Bytes>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.remaining == 0 {
            return Poll::Ready(None);
        }
        let want = usize::try_from(self.remaining).map_or(FILE_CHUNK, |r| r.min(FILE_CHUNK));
        let mut buf = BytesMut::zeroed(want);
        let mut read_buf = ReadBuf::new(&mut buf);
        match Pin::new(&mut self.file).poll_read(cx, &mut read_buf) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Err(e)) => Poll::Ready(Some(Err(e))),
            Poll::Ready(Ok(())) => {
                let n = read_buf.filled().len();
                if n == 0 {
                    // The file shrank after its length was taken: the request
                    // would announce a wrong Content-Length, so fail it.
                    let e = std::io::Error::new(
                        std::io::ErrorKind::UnexpectedEof,
                        "file shorter than its length",
                    );
                    return Poll::Ready(Some(Err(e)));
                }
                buf.truncate(n);
                self.remaining -= n as u64;
                Poll::Ready(Some(Ok(buf.freeze())))
            }
        }
    }
}
