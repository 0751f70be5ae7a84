//! A minimal HTTP/1.1 server on 127.0.0.1 for provider tests: records each
//! request and answers with whatever the test's handler returns.

#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

pub struct Reply {
    pub status: u16,
    pub body: String,
}

pub fn reply(status: u16, body: impl Into<String>) -> Reply {
    Reply {
        status,
        body: body.into(),
    }
}

type Handler = dyn Fn(&Request) -> Reply + Send + Sync;

pub struct FakeServer {
    pub base: String,
    requests: Arc<Mutex<Vec<Request>>>,
    task: tokio::task::JoinHandle<()>,
}

impl FakeServer {
    pub async fn start(handler: impl Fn(&Request) -> Reply + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let requests = Arc::new(Mutex::new(Vec::new()));
        let handler: Arc<Handler> = Arc::new(handler);
        let recorded = requests.clone();
        let task = tokio::spawn(async move {
            // Bounded: no test makes anywhere near this many requests.
            for _ in 0..1000 {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let (handler, recorded) = (handler.clone(), recorded.clone());
                tokio::spawn(async move {
                    let _ = tokio::time::timeout(
                        Duration::from_secs(5),
                        serve(stream, handler, recorded),
                    )
                    .await;
                });
            }
        });
        Self {
            base,
            requests,
            task,
        }
    }

    pub fn requests(&self) -> Vec<Request> {
        self.requests.lock().unwrap().clone()
    }
}

impl Drop for FakeServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(mut stream: TcpStream, handler: Arc<Handler>, recorded: Arc<Mutex<Vec<Request>>>) {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 1024];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") && buf.len() < 16 * 1024 {
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
    let text = String::from_utf8_lossy(&buf);
    let mut lines = text.split("\r\n");
    let mut first = lines.next().unwrap_or("").split(' ');
    let method = first.next().unwrap_or("").to_owned();
    let path = first.next().unwrap_or("").to_owned();
    let headers = lines
        .take_while(|l| !l.is_empty())
        .filter_map(|l| {
            l.split_once(':')
                .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        })
        .collect();
    let request = Request {
        method,
        path,
        headers,
    };
    let answer = handler(&request);
    recorded.lock().unwrap().push(request);
    let head = format!(
        "HTTP/1.1 {} X\r\nContent-Length: {}\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n",
        answer.status,
        answer.body.len()
    );
    let _ = stream.write_all(head.as_bytes()).await;
    let _ = stream.write_all(answer.body.as_bytes()).await;
    let _ = stream.shutdown().await;
}

/// A base URL on which nothing listens: connections are refused.
pub async fn closed_base() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    base
}

pub const CREDS_JSON: &str = r#"{"Code":"Success","Type":"AWS-HMAC","AccessKeyId":"ASIAFAKE","SecretAccessKey":"fake-secret-value","Token":"fake-session-token","Expiration":"2030-01-02T03:04:05Z","LastUpdated":"2030-01-01T21:04:05Z"}"#;

pub fn env(vars: &[(&str, &str)]) -> codeartifact_runtime::config::Env {
    codeartifact_runtime::config::Env::from_pairs(
        vars.iter().map(|(k, v)| (k.to_string(), v.to_string())),
    )
}

/// Asserts key id, secret, token and expiry (epoch seconds) at once.
pub fn assert_credentials(
    creds: &codeartifact_runtime::credentials::Credentials,
    expected: (&str, &str, Option<&str>, Option<u64>),
) {
    let expiry = creds
        .expiry()
        .map(|t| t.duration_since(std::time::UNIX_EPOCH).unwrap().as_secs());
    let actual = (
        creds.access_key_id(),
        creds.secret_access_key(),
        creds.session_token(),
        expiry,
    );
    assert_eq!(actual, expected);
}

/// 2030-01-02T03:04:05Z, the expiry in `CREDS_JSON`.
pub const EXPIRY_2030: u64 = 1_893_553_445;

/// The error `provider` returns; fails the test if it succeeds.
pub async fn error_of(
    provider: &impl codeartifact_runtime::credentials::ProvideCredentials,
) -> codeartifact_runtime::credentials::CredentialsError {
    match provider.provide().await {
        Ok(creds) => panic!("expected an error, got {creds:?}"),
        Err(e) => e,
    }
}

/// Asserts the error's variant (by `Debug` name) and that its message
/// contains `needle`.
pub fn assert_error(
    err: &codeartifact_runtime::credentials::CredentialsError,
    variant: &str,
    needle: &str,
) {
    let debug = format!("{err:?}");
    assert!(
        debug.starts_with(variant),
        "expected {variant}, got {debug}"
    );
    assert!(err.to_string().contains(needle), "'{needle}' not in: {err}");
}
