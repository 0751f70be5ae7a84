//! A scriptable HTTP/1.1 server on 127.0.0.1 for tests: plays one act per
//! request, from a script or a handler, and can misbehave on purpose.
//! Shared by the runtime's tests and the cross-crate tests (`#[path]`).

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the server does with one request.
#[derive(Debug, Clone)]
pub enum Act {
    /// A complete response.
    Reply {
        status: u16,
        headers: Vec<(String, String)>,
        body: String,
    },
    /// Close the connection without answering.
    Reset,
    /// Announce `Content-Length` larger than the body sent, then close.
    Truncate { body: String },
    /// Wait, then reply.
    Delay(Duration, Box<Act>),
}

impl Act {
    pub fn json(status: u16, body: &str) -> Self {
        Act::Reply {
            status,
            headers: Vec::new(),
            body: body.to_owned(),
        }
    }
    pub fn error(status: u16, code: &str, message: &str) -> Self {
        Act::Reply {
            status,
            headers: vec![
                ("x-amzn-ErrorType".to_owned(), code.to_owned()),
                ("x-amzn-RequestId".to_owned(), "req-test-1".to_owned()),
            ],
            body: format!(r#"{{"message":"{message}"}}"#),
        }
    }
    pub fn with_header(self, name: &'static str, value: &str) -> Self {
        match self {
            Act::Reply {
                status,
                mut headers,
                body,
            } => {
                headers.push((name.to_owned(), value.to_owned()));
                Act::Reply {
                    status,
                    headers,
                    body,
                }
            }
            other => other,
        }
    }
}

/// A request as the server read it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Decides the act for each request.
pub type Handler = Arc<dyn Fn(&Seen) -> Act + Send + Sync>;

/// A server answering each request with its handler's act. Stops when
/// dropped (the task is aborted).
pub struct Server {
    pub addr: SocketAddr,
    seen: Arc<Mutex<Vec<Seen>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Server {
    /// Plays `script`, one act per request; answers 500 once it runs out.
    pub async fn start(script: Vec<Act>) -> Server {
        let script = Mutex::new(VecDeque::from(script));
        Self::with_handler(Arc::new(move |_: &Seen| {
            let next = script.lock().expect("lock").pop_front();
            next.unwrap_or_else(|| Act::json(500, "{}"))
        }))
        .await
    }

    pub async fn with_handler(handler: Handler) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local addr");
        let seen = Arc::new(Mutex::new(Vec::new()));
        let seen2 = seen.clone();
        let task = tokio::spawn(async move {
            // Bounded: a test never opens more than a few hundred connections.
            for _ in 0..1024 {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                tokio::spawn(connection(stream, handler.clone(), seen2.clone()));
            }
        });
        Server { addr, seen, task }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().expect("lock").clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn connection(mut stream: TcpStream, handler: Handler, seen: Arc<Mutex<Vec<Seen>>>) {
    let mut buf = Vec::new();
    for _ in 0..256 {
        let Some(request) = read_request(&mut stream, &mut buf).await else {
            return;
        };
        let act = handler(&request);
        seen.lock().expect("lock").push(request);
        if !play(&mut stream, act).await {
            return;
        }
    }
}

/// Plays one act; `false` when the connection is done.
async fn play(stream: &mut TcpStream, mut act: Act) -> bool {
    while let Act::Delay(d, next) = act {
        tokio::time::sleep(d).await;
        act = *next;
    }
    match act {
        Act::Reply {
            status,
            headers,
            body,
        } => {
            let mut head = format!(
                "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\n",
                body.len()
            );
            for (n, v) in headers {
                head.push_str(&format!("{n}: {v}\r\n"));
            }
            head.push_str("\r\n");
            head.push_str(&body);
            stream.write_all(head.as_bytes()).await.is_ok()
        }
        Act::Truncate { body } => {
            let head = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
                body.len() + 100
            );
            let _ = stream.write_all(format!("{head}{body}").as_bytes()).await;
            false
        }
        Act::Reset | Act::Delay(..) => false,
    }
}

async fn read_request(stream: &mut TcpStream, buf: &mut Vec<u8>) -> Option<Seen> {
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let mut chunk = [0u8; 8192];
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let (method, target) = (first.next()?.to_owned(), first.next()?.to_owned());
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let len: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    while buf.len() < head_end + len {
        let mut chunk = [0u8; 8192];
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let body = buf[head_end..head_end + len].to_vec();
    buf.drain(..head_end + len);
    Some(Seen {
        method,
        target,
        headers,
        body,
    })
}

/// Checks the SigV4 signature of a request the server saw, with the
/// runtime's verifier, as AWS would at `now`.
pub fn verify_sigv4(seen: &Seen, secret: &str, now: std::time::SystemTime) -> Result<(), String> {
    use codeartifact_runtime::sigv4::{self, Payload, SignableRequest};
    let (path, query) = seen.target.split_once('?').unwrap_or((&seen.target, ""));
    let query: Vec<(&str, &str)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| p.split_once('=').unwrap_or((p, "")))
        .collect();
    let headers: Vec<(&str, &str)> = seen
        .headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let request = SignableRequest {
        method: &seen.method,
        path,
        query: &query,
        headers: &headers,
        payload: Payload::Bytes(&seen.body),
    };
    let auth = sigv4::parse_request_auth(&request).map_err(|e| e.to_string())?;
    sigv4::verify(&request, &auth, secret, now, Duration::from_secs(900)).map_err(|e| e.to_string())
}
