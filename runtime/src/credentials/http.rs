//! The small HTTP exchanges of the container and IMDS providers: short
//! timeouts, no proxy, bounded bodies, a retry on server errors.

use std::time::Duration;

use super::CredentialsError;

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
/// certificates are loaded only when `https` needs them: reading the
/// system store costs more than the whole exchange.
pub(crate) fn client(
    provider: &'static str,
    connect_timeout: Duration,
    timeout: Duration,
    https: bool,
) -> Result<reqwest::Client, CredentialsError> {
    reqwest::Client::builder()
        .no_proxy()
        .tls_built_in_root_certs(https)
        .connect_timeout(connect_timeout)
        .timeout(timeout)
        .build()
        .map_err(|e| {
            CredentialsError::failed(provider, format!("cannot build an HTTP client: {e}"))
        })
}

/// Sends the request `make` builds, again after a server error, at most
/// `attempts` times in all.
pub(crate) async fn send(
    make: impl Fn() -> reqwest::RequestBuilder,
    attempts: u32,
) -> Result<Response, SendError> {
    let mut last = None;
    for attempt in 1..=attempts.max(1) {
        if attempt > 1 {
            tokio::time::sleep(RETRY_PAUSE).await;
        }
        let response = send_once(make()).await?;
        if response.status < 500 {
            return Ok(response);
        }
        last = Some(response);
    }
    last.ok_or_else(|| SendError::Failed("no attempt was made".into()))
}

async fn send_once(request: reqwest::RequestBuilder) -> Result<Response, SendError> {
    let mut response = request.send().await.map_err(classify)?;
    let status = response.status().as_u16();
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(classify)? {
        if body.len() + chunk.len() > MAX_BODY {
            return Err(SendError::Failed(format!(
                "response body larger than {MAX_BODY} bytes"
            )));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Response { status, body })
}

fn classify(e: reqwest::Error) -> SendError {
    let unreachable = e.is_connect() || (e.is_timeout() && !e.is_body());
    // The URL may carry user info; the message does not need it.
    let message = describe(&e.without_url());
    if unreachable {
        SendError::Unreachable(message)
    } else {
        SendError::Failed(message)
    }
}

/// The error and its causes: reqwest's own text alone ("error sending
/// request") does not say what went wrong.
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
