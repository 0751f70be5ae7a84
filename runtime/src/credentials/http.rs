//! The small HTTP exchanges of the container and IMDS providers: short
//! timeouts, no proxy, bounded bodies, a retry on server errors.

use std::time::Duration;

use crate::transport::{HttpClient, HttpRequest, HyperClient, ResponseBody, SdkBody, SendOptions};

/// Credentials documents are a few hundred bytes; anything far larger is
/// not one.
const MAX_BODY: usize = 64 * 1024;
const RETRY_PAUSE: Duration = Duration::from_millis(100);

/// Why an exchange produced no response.
pub(crate) enum SendError {
    /// Nothing answered (connection refused, connect timeout): on a machine
    /// without this service, "not configured" rather than a failure.
    Unreachable(String),
    Failed(String),
}

pub(crate) struct Response {
    pub status: u16,
    pub body: Vec<u8>,
}

impl Response {
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// A client that never goes through `HTTP_PROXY`: these endpoints are
/// link-local or loopback, and a proxy would see the credentials. Root
/// certificates are loaded only when an https endpoint needs them: reading
/// the system store costs more than the whole exchange.
pub(crate) struct Client {
    http: HyperClient,
    timeout: Duration,
}

pub(crate) fn client(connect_timeout: Duration, timeout: Duration) -> Client {
    Client {
        http: HyperClient::without_proxy(connect_timeout),
        timeout,
    }
}

/// One request: method, URL and headers (a few, all small).
pub(crate) struct Request<'a> {
    pub method: http::Method,
    pub url: &'a str,
    pub headers: &'a [(http::HeaderName, &'a str)],
}

/// Sends `request`, again after a server error, at most `attempts` times in
/// all.
pub(crate) async fn send(
    client: &Client,
    request: &Request<'_>,
    attempts: u32,
) -> Result<Response, SendError> {
    let mut last = None;
    for attempt in 1..=attempts.max(1) {
        if attempt > 1 {
            tokio::time::sleep(RETRY_PAUSE).await;
        }
        let response = send_once(client, request).await?;
        if response.status < 500 {
            return Ok(response);
        }
        last = Some(response);
    }
    last.ok_or_else(|| SendError::Failed("no attempt was made".into()))
}

async fn send_once(client: &Client, request: &Request<'_>) -> Result<Response, SendError> {
    let mut headers = http::HeaderMap::with_capacity(request.headers.len());
    for (name, value) in request.headers {
        let value = http::HeaderValue::from_str(value)
            .map_err(|_| SendError::Failed(format!("invalid {name} header value")))?;
        headers.insert(name.clone(), value);
    }
    let outgoing = HttpRequest {
        method: request.method.clone(),
        url: request.url.to_owned(),
        headers,
        body: SdkBody::empty(),
    };
    let deadline = tokio::time::Instant::now() + client.timeout;
    // Streamed so an oversized body is refused as it arrives.
    let options = SendOptions {
        stream_response: true,
    };
    let response = tokio::time::timeout_at(deadline, client.http.send(outgoing, &options))
        .await
        .map_err(|_| SendError::Unreachable("timed out waiting for a response".into()))?
        .map_err(|e| {
            let message = describe(&e);
            if e.is_connect() {
                SendError::Unreachable(message)
            } else {
                SendError::Failed(message)
            }
        })?;
    let body = match response.body {
        ResponseBody::Bytes(b) if b.len() > MAX_BODY => return Err(too_large()),
        ResponseBody::Bytes(b) => b.to_vec(),
        ResponseBody::Stream(mut stream) => {
            let mut body = Vec::new();
            loop {
                let chunk = tokio::time::timeout_at(deadline, stream.next())
                    .await
                    .map_err(|_| SendError::Failed("timed out reading the response".into()))?;
                let Some(chunk) = chunk else { break };
                let chunk = chunk.map_err(|e| SendError::Failed(describe(&e)))?;
                if body.len() + chunk.len() > MAX_BODY {
                    return Err(too_large());
                }
                body.extend_from_slice(&chunk);
            }
            body
        }
    };
    Ok(Response {
        status: response.status,
        body,
    })
}

fn too_large() -> SendError {
    SendError::Failed(format!("response body larger than {MAX_BODY} bytes"))
}

/// The error and its causes.
fn describe(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    for _ in 0..4 {
        let Some(cause) = source else { break };
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
