//! The retry loop around one call: attempt, classify, back off, repeat.

use std::sync::atomic::{AtomicU32, Ordering};

use bytes::Bytes;
use serde_json::Value;
use tracing::Instrument;

use super::Inner;
use super::request::Prepared;
use crate::error::{DispatchFailure, ErrorMetadata, ResponseError, SdkError, ServiceError};
use crate::operation::ErrorParts;
use crate::primitives::ByteStream;
use crate::protocol;
use crate::retry::{Decision, Failure, retry_after_hint};
use crate::schema::OperationSpec;
use crate::transport::{
    HttpRequest, HttpResponse, ResponseBody, SdkBody, SendOptions, TransportError,
    TransportErrorKind,
};

type Error = SdkError<ErrorParts>;

/// A successful call: the output document and, for a streamed output, its body.
pub(crate) type Success = (Value, Option<ByteStream>);

/// A 2xx response, not yet parsed, and the attempts it took.
pub(crate) struct RawSuccess {
    pub response: HttpResponse,
    pub attempts: u32,
}

pub(crate) async fn invoke(
    inner: &Inner,
    spec: &'static OperationSpec,
    input: &Value,
    payload: Option<ByteStream>,
) -> Result<RawSuccess, Error> {
    let span = tracing::debug_span!("codeartifact", operation = spec.name);
    // Counted outside `run` so an operation timeout can still say how many
    // attempts it cut short.
    let started = AtomicU32::new(0);
    let call = run(inner, spec, input, payload, &started).instrument(span);
    match inner.config.timeouts.operation {
        None => call.await,
        Some(limit) => {
            tokio::select! {
                result = call => result,
                () = inner.config.sleep.sleep(limit) => Err(SdkError::Timeout(DispatchFailure::new(
                    format!("{} did not complete within the operation timeout of {limit:?}", spec.name),
                    started.load(Ordering::Relaxed),
                ))),
            }
        }
    }
}

async fn run(
    inner: &Inner,
    spec: &'static OperationSpec,
    input: &Value,
    payload: Option<ByteStream>,
    started: &AtomicU32,
) -> Result<RawSuccess, Error> {
    let region = inner
        .config
        .region
        .as_deref()
        .ok_or_else(|| SdkError::construction(MISSING_REGION))?;
    let endpoint = inner
        .endpoint
        .as_ref()
        .map_err(|e| SdkError::construction(e.clone()))?;
    let http = inner
        .http
        .as_ref()
        .map_err(|e| SdkError::construction(e.clone()))?;
    let request = protocol::serialize_request(spec, input).map_err(SdkError::construction)?;
    let mut prepared = Prepared::new(endpoint, request, payload, &inner.user_agent)
        .await
        .map_err(SdkError::construction)?;
    let options = SendOptions {
        stream_response: spec.output.payload_member().is_some(),
    };
    let (clock, sleep) = (&*inner.config.clock, &*inner.config.sleep);
    // A one-shot stream goes out on the first attempt and cannot be resent.
    let replayable = prepared.body.try_clone().is_some();
    let mut retry = inner.retry.start();
    loop {
        retry.before_attempt(clock, sleep).await;
        let attempt = retry.attempts();
        started.store(attempt, Ordering::Relaxed);
        let request = signed_request(inner, region, &mut prepared).await?;
        let span = tracing::debug_span!(
            "attempt",
            attempt,
            status = tracing::field::Empty,
            request_id = tracing::field::Empty
        );
        let sent = send(inner, http.as_ref(), request, &options)
            .instrument(span.clone())
            .await;
        let failed = match examine(spec, sent, attempt, &span) {
            Examined::Success(raw) => {
                retry.on_success(clock);
                return Ok(raw);
            }
            Examined::Fatal(error) => return Err(error),
            Examined::Failed(failed) => failed,
        };
        if !replayable {
            // The body was a one-shot stream, already consumed.
            return Err(failed.error);
        }
        match retry.on_failure(failed.failure(), failed.hint, clock) {
            Decision::RetryAfter(delay) => {
                tracing::debug!(attempt, ?delay, error = %failed.error, "retrying");
                sleep.sleep(delay).await;
            }
            _ => return Err(failed.error),
        }
    }
}

/// Signs the prepared request for one attempt, with fresh (cached) credentials.
async fn signed_request(
    inner: &Inner,
    region: &str,
    prepared: &mut Prepared,
) -> Result<HttpRequest, Error> {
    let credentials = super::creds::load(inner).await?;
    let headers = prepared
        .sign(
            super::creds::signing(&credentials),
            region,
            inner.service.signing_name,
            inner.config.clock.now(),
            &inner.signing_keys,
        )
        .map_err(SdkError::construction)?;
    let body = match prepared.body.try_clone() {
        Some(body) => body,
        None => std::mem::replace(&mut prepared.body, SdkBody::empty()),
    };
    Ok(HttpRequest {
        method: prepared.method.clone(),
        url: prepared.url.clone(),
        headers,
        body,
    })
}

/// What one attempt came to.
enum Examined {
    Success(RawSuccess),
    /// Not worth classifying: the request itself was unusable.
    Fatal(Error),
    Failed(Failed),
}

/// A failed attempt: the error to return if it is the last, and what the
/// retry policy needs to decide.
struct Failed {
    /// Status and error code of an error response; `None` for a transport failure.
    response: Option<(u16, String)>,
    hint: Option<std::time::Duration>,
    error: Error,
}

impl Failed {
    fn failure(&self) -> Failure<'_> {
        match (&self.response, &self.error) {
            (Some((status, code)), _) => Failure::Response {
                status: *status,
                code,
            },
            (None, SdkError::Timeout(_)) => Failure::Timeout,
            (None, _) => Failure::Io,
        }
    }
}

fn examine(
    spec: &'static OperationSpec,
    sent: Result<HttpResponse, TransportError>,
    attempts: u32,
    span: &tracing::Span,
) -> Examined {
    let response = match sent {
        Ok(response) => response,
        Err(e) if e.kind() == TransportErrorKind::Request => {
            return Examined::Fatal(SdkError::Construction(Box::new(e)));
        }
        Err(e) => {
            let error = transport_error(e, attempts);
            return Examined::Failed(Failed {
                response: None,
                hint: None,
                error,
            });
        }
    };
    record(span, &response);
    if (200..300).contains(&response.status) {
        return Examined::Success(RawSuccess { response, attempts });
    }
    let parts = protocol::parse_error(
        spec,
        response.status,
        &response.headers,
        response.body.bytes(),
    );
    let hint = retry_after_hint(&response.headers);
    let status_code = (response.status, parts.code.clone());
    let error = service_error(parts, response, attempts);
    Examined::Failed(Failed {
        response: Some(status_code),
        hint,
        error,
    })
}

const MISSING_REGION: &str = "no AWS region is configured: set the AWS_REGION environment variable, \
     add `region = <region>` to your profile in ~/.aws/config, or call Config::builder().region(..)";

async fn send(
    inner: &Inner,
    http: &dyn crate::transport::HttpClient,
    request: HttpRequest,
    options: &SendOptions,
) -> Result<HttpResponse, TransportError> {
    match inner.config.timeouts.operation_attempt {
        None => http.send(request, options).await,
        Some(limit) => tokio::select! {
            result = http.send(request, options) => result,
            () = inner.config.sleep.sleep(limit) => Err(TransportError::new(
                TransportErrorKind::Timeout,
                format!("no response within the attempt timeout of {limit:?}"),
            )),
        },
    }
}

fn record(span: &tracing::Span, response: &HttpResponse) {
    span.record("status", response.status);
    if let Some(id) = request_id(&response.headers) {
        span.record("request_id", id);
    }
}

pub(crate) fn request_id(headers: &http::HeaderMap) -> Option<&str> {
    headers
        .get("x-amzn-requestid")
        .or_else(|| headers.get("x-amz-request-id"))
        .and_then(|v| v.to_str().ok())
}

/// The output document of a 2xx response, by the protocol's rules.
pub(crate) fn parse_success(
    spec: &'static OperationSpec,
    raw: RawSuccess,
) -> Result<Success, Error> {
    let RawSuccess { response, attempts } = raw;
    let (body, stream) = match response.body {
        ResponseBody::Bytes(b) => (b, None),
        ResponseBody::Stream(s) => (Bytes::new(), Some(s)),
    };
    match protocol::parse_response(spec, response.status, &response.headers, &body) {
        Ok(document) => Ok((document, stream)),
        Err(e) => Err(SdkError::Response(ResponseError::new(
            response.status,
            &body,
            e.reason,
            attempts,
        ))),
    }
}

fn service_error(mut parts: ErrorParts, response: HttpResponse, attempts: u32) -> Error {
    if parts.request_id.is_none() {
        parts.request_id = request_id(&response.headers).map(str::to_owned);
    }
    let meta = ErrorMetadata::from_parts(&parts);
    let status = response.status;
    SdkError::Service(ServiceError::new(
        parts,
        meta,
        status,
        response.headers,
        attempts,
    ))
}

fn transport_error(e: TransportError, attempts: u32) -> Error {
    match e.kind() {
        TransportErrorKind::Timeout => SdkError::Timeout(DispatchFailure::new(e, attempts)),
        _ => SdkError::Dispatch(DispatchFailure::new(e, attempts)),
    }
}
