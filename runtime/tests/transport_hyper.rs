//! The default transport on the wire: read timeouts between body chunks,
//! streamed uploads with their length, connection reuse. Raw sockets on
//! 127.0.0.1 play the server so every byte is under the test's control.

use std::time::Duration;

use bytes::Bytes;
use codeartifact_runtime::primitives::ByteStream;
use codeartifact_runtime::transport::{
    HttpClient, HttpRequest, HyperClient, ResponseBody, SdkBody, SendOptions, TimeoutConfig,
    TransportErrorKind,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

fn client(read: Option<Duration>) -> HyperClient {
    let timeouts = TimeoutConfig {
        read,
        ..TimeoutConfig::default()
    };
    HyperClient::new(&timeouts).expect("client")
}

fn get(url: &str) -> HttpRequest {
    HttpRequest {
        method: http::Method::GET,
        url: url.to_owned(),
        headers: http::HeaderMap::new(),
        body: SdkBody::empty(),
    }
}

/// Reads one request head and its body (by `Content-Length`), returning
/// the head's text and the body.
async fn read_request(stream: &mut TcpStream) -> (String, Vec<u8>) {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 65536];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let n = stream.read(&mut chunk).await.expect("read");
        assert!(n > 0, "connection closed before a full head");
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_ascii_lowercase();
    let len: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .map_or(0, |v| v.trim().parse().expect("length"));
    while buf.len() < head_end + len {
        let n = stream.read(&mut chunk).await.expect("read");
        assert!(n > 0, "connection closed before the whole body");
        buf.extend_from_slice(&chunk[..n]);
    }
    (head, buf[head_end..].to_vec())
}

/// Sends a head announcing 10 bytes and 5 of them, then holds the
/// connection open without sending more.
async fn stalling_server() -> (String, tokio::task::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}/x", listener.local_addr().expect("addr"));
    let task = tokio::spawn(async move {
        let mut held = Vec::new();
        for _ in 0..2 {
            let (mut s, _) = listener.accept().await.expect("accept");
            read_request(&mut s).await;
            s.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\nhello")
                .await
                .expect("write");
            held.push(s);
        }
        tokio::time::sleep(Duration::from_secs(10)).await;
    });
    (url, task)
}

#[tokio::test]
async fn a_body_stalling_between_chunks_hits_the_read_timeout() {
    let (url, server) = stalling_server().await;
    let client = client(Some(Duration::from_millis(200)));
    let started = std::time::Instant::now();

    let streamed = SendOptions {
        stream_response: true,
    };
    let response = client.send(get(&url), &streamed).await.expect("head");
    let ResponseBody::Stream(mut body) = response.body else {
        panic!("a 2xx body asked as a stream is a stream");
    };
    assert_eq!(body.len_hint(), Some(10));
    assert_eq!(
        &body.next().await.expect("chunk").expect("ok")[..],
        b"hello"
    );
    let err = body.next().await.expect("an error, not the end");
    assert_eq!(
        err.expect_err("stalled").kind(),
        std::io::ErrorKind::TimedOut
    );

    let err = client
        .send(get(&url), &SendOptions::default())
        .await
        .expect_err("buffered read stalls");
    assert_eq!(err.kind(), TransportErrorKind::Timeout, "{err}");
    assert!(started.elapsed() < Duration::from_secs(5));
    server.abort();
}

#[tokio::test]
async fn streamed_uploads_carry_their_length_and_connections_are_reused() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}/up", listener.local_addr().expect("addr"));
    let server = tokio::spawn(async move {
        // One connection only: the second request must reuse it.
        let (mut s, _) = listener.accept().await.expect("accept");
        let mut seen = Vec::new();
        for _ in 0..2 {
            let request = read_request(&mut s).await;
            s.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}")
                .await
                .expect("write");
            seen.push(request);
        }
        seen
    });
    let dir = std::env::temp_dir().join(format!("ca-transport-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join("asset.bin");
    let data: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    std::fs::write(&path, &data).expect("write file");

    let client = client(None);
    let parts = [Bytes::from_static(b"abc"), Bytes::from_static(b"defg")];
    let stream = chunk_stream(parts.to_vec());
    for body in [
        SdkBody::File {
            path: path.clone(),
            len: data.len() as u64,
        },
        SdkBody::Stream(ByteStream::from_stream(stream, Some(7))),
    ] {
        let request = HttpRequest {
            method: http::Method::PUT,
            body,
            ..get(&url)
        };
        let response = client.send(request, &SendOptions::default()).await;
        assert_eq!(response.expect("sent").body.bytes(), b"{}");
    }
    let seen = server.await.expect("server");
    assert!(
        seen[0]
            .0
            .contains(&format!("content-length: {}", data.len()))
    );
    assert!(!seen[0].0.contains("transfer-encoding"), "{}", seen[0].0);
    assert_eq!(seen[0].1, data);
    assert!(seen[1].0.contains("content-length: 7"));
    assert_eq!(seen[1].1, b"abcdefg");
    std::fs::remove_dir_all(&dir).ok();
}

/// A stream of the given chunks.
fn chunk_stream(
    chunks: Vec<Bytes>,
) -> impl futures_core::Stream<Item = std::io::Result<Bytes>> + Send + Sync + 'static {
    struct Chunks(std::vec::IntoIter<Bytes>);
    impl futures_core::Stream for Chunks {
        type Item = std::io::Result<Bytes>;
        fn poll_next(
            mut self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Self::Item>> {
            std::task::Poll::Ready(self.0.next().map(Ok))
        }
    }
    Chunks(chunks.into_iter())
}

#[tokio::test]
async fn time_the_caller_spends_between_reads_is_not_a_read_timeout() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}/slow", listener.local_addr().expect("addr"));
    let server = tokio::spawn(async move {
        let (mut s, _) = listener.accept().await.expect("accept");
        read_request(&mut s).await;
        s.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 11\r\n\r\n")
            .await
            .expect("head");
        tokio::time::sleep(Duration::from_millis(100)).await;
        s.write_all(b"hello").await.expect("first");
        // Longer than the read timeout after the first chunk, but shorter
        // than the caller's pause plus the timeout.
        tokio::time::sleep(Duration::from_millis(1300)).await;
        s.write_all(b" world").await.expect("second");
        s
    });
    let client = client(Some(Duration::from_millis(600)));
    let streamed = SendOptions {
        stream_response: true,
    };
    let response = client.send(get(&url), &streamed).await.expect("head");
    let ResponseBody::Stream(mut body) = response.body else {
        panic!("a 2xx body asked as a stream is a stream");
    };
    assert_eq!(
        &body.next().await.expect("chunk").expect("ok")[..],
        b"hello"
    );
    // The caller is busy; the server is within its read timeout of the
    // moment the caller asks again.
    tokio::time::sleep(Duration::from_millis(1000)).await;
    let rest = body.next().await.expect("chunk").expect("not a timeout");
    assert_eq!(&rest[..], b" world");
    drop(server.await.expect("server"));
}
