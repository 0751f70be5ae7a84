//! One request, end to end: faults, routing, authentication, body, parsing,
//! validation, the operation, and the restJson1 response. Routing, parsing,
//! validation and serialization all go through the runtime's protocol
//! functions over the generated `SERVICE` tables.

use std::sync::Arc;
use std::time::SystemTime;

use bytes::Bytes;
use codeartifact::service::SERVICE;
use codeartifact_runtime::protocol::{self, HttpResponse, RouteError};
use codeartifact_runtime::schema::{OperationSpec, Shape};
use hyper::body::Incoming;
use hyper::{Request, Response};
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::auth::{Authenticator, Parts};
use super::body::{self, ResponseBody};
use super::fault::{Fault, Faults};
use crate::error::{ApiError, ApiResult, Reason};
use crate::ops::{self, Ctx};
use crate::store::{StagedBlob, Store};

pub struct State {
    pub store: Arc<Store>,
    pub auth: Authenticator,
    pub region: String,
    pub faults: Option<Faults>,
    /// Largest JSON body accepted.
    pub max_body: u64,
    /// Largest asset accepted by PublishPackageVersion.
    pub max_asset: u64,
}

/// Returned to hyper to drop the connection (fault `reset`).
#[derive(Debug)]
pub struct Reset;

impl std::fmt::Display for Reset {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection reset by fault injection")
    }
}

impl std::error::Error for Reset {}

pub async fn serve(
    state: Arc<State>,
    req: Request<Incoming>,
) -> Result<Response<ResponseBody>, Reset> {
    let request_id = request_id();
    if let Some(fault) = state.faults.as_ref().and_then(Faults::pick) {
        match fault {
            Fault::Reset => return Err(Reset),
            Fault::Throttle => return Ok(error_response(&ApiError::throttling(1), &request_id)),
            Fault::Unavailable => return Ok(error_response(&ApiError::unavailable(), &request_id)),
            Fault::Delay(d) => tokio::time::sleep(d).await,
        }
    }
    let response = match process(&state, req).await {
        Ok(r) => r,
        Err(e) => return Ok(error_response(&e, &request_id)),
    };
    Ok(finish(response.0, response.1, &request_id))
}

fn request_id() -> String {
    let bytes = Sha256::digest(crate::ops::new_revision("request").as_bytes());
    let h: String = bytes.iter().take(16).map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &h[..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

/// The request's headers as text; a header that is not visible ASCII/UTF-8 is refused.
fn header_pairs(req: &Request<Incoming>) -> ApiResult<Vec<(String, String)>> {
    req.headers()
        .iter()
        .map(|(n, v)| {
            let v = v.to_str().map_err(|_| {
                ApiError::validation_reason(
                    Reason::CannotParse,
                    format!("Header '{n}' is not valid text"),
                )
            })?;
            Ok((n.as_str().to_owned(), v.to_owned()))
        })
        .collect()
}

fn route(method: &str, path: &str) -> ApiResult<&'static OperationSpec> {
    protocol::route(&SERVICE, method, path).map_err(|e| match e {
        RouteError::NotFound => ApiError::unknown_operation(method, path),
        RouteError::MethodNotAllowed { allowed } => ApiError::validation_reason(
            Reason::UnknownOperation,
            format!(
                "Method {method} is not allowed on {path}; allowed: {}",
                allowed.join(", ")
            ),
        ),
    })
}

async fn process(
    state: &State,
    req: Request<Incoming>,
) -> ApiResult<(&'static OperationSpec, ops::Reply)> {
    let method = req.method().as_str().to_owned();
    let path = req.uri().path().to_owned();
    let raw_query = req.uri().query().unwrap_or("").to_owned();
    let headers = header_pairs(&req)?;
    let header_refs: Vec<(&str, &str)> = headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let parts = Parts {
        method: &method,
        path: &path,
        raw_query: &raw_query,
        headers: &header_refs,
    };
    let spec = route(&method, &path)?;
    state.auth.precheck(&parts)?;
    let (json, staged) = read_body(state, spec, &header_refs, req.into_body()).await?;
    let result = authorize_and_run(state, spec, &parts, &json, staged).await;
    result.map(|reply| (spec, reply))
}

async fn authorize_and_run(
    state: &State,
    spec: &'static OperationSpec,
    parts: &Parts<'_>,
    json: &Bytes,
    staged: Option<StagedBlob>,
) -> ApiResult<ops::Reply> {
    let sha = match &staged {
        Some(blob) => blob.sha256.clone(),
        None => Sha256::digest(json)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect(),
    };
    // The signer trusts a client's `x-amz-content-sha256`; for JSON bodies it
    // must also be the body's hash, or the signature would not cover the body.
    // (PublishPackageVersion checks it against the streamed asset.)
    let declared = parts
        .headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("x-amz-content-sha256"));
    if let (None, Some((_, value))) = (&staged, declared) {
        if *value != "UNSIGNED-PAYLOAD" && !value.eq_ignore_ascii_case(&sha) {
            return Err(ApiError::invalid_signature(
                "The provided 'x-amz-content-sha256' header does not match what was computed.",
            ));
        }
    }
    let checked = (|| {
        let caller = state.auth.verify(parts, &sha, SystemTime::now())?;
        let doc = parse_and_validate(spec, parts, json)?;
        Ok::<_, ApiError>((caller, doc))
    })();
    let (caller, doc) = match checked {
        Ok(v) => v,
        Err(e) => {
            if let Some(blob) = staged {
                blob.discard();
            }
            return Err(e);
        }
    };
    let ctx = Ctx {
        account: caller.account,
        region: caller.region.unwrap_or_else(|| state.region.clone()),
        now: now_secs(),
        operation: spec.name,
    };
    let store = state.store.clone();
    tokio::task::spawn_blocking(move || ops::handle(&store, &ctx, &doc, staged))
        .await
        .map_err(|e| ApiError::internal(format!("handler failed: {e}")))?
}

fn now_secs() -> f64 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64())
}

async fn read_body(
    state: &State,
    spec: &OperationSpec,
    headers: &[(&str, &str)],
    body: Incoming,
) -> ApiResult<(Bytes, Option<StagedBlob>)> {
    let declared = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.trim().parse::<u64>().ok());
    if spec.input.payload_member().is_some() {
        if declared.is_some_and(|n| n > state.max_asset) {
            return Err(ApiError::too_large(state.max_asset));
        }
        let blob = body::stage(&state.store, body, state.max_asset).await?;
        return Ok((Bytes::new(), Some(blob)));
    }
    if declared.is_some_and(|n| n > state.max_body) {
        return Err(ApiError::too_large(state.max_body));
    }
    Ok((body::read_limited(body, state.max_body).await?, None))
}

fn parse_and_validate(
    spec: &'static OperationSpec,
    parts: &Parts<'_>,
    body: &[u8],
) -> ApiResult<Value> {
    let doc = protocol::parse_request(spec, parts.path, parts.raw_query, parts.headers, body)
        .map_err(|e| {
            let reason = match e.kind {
                protocol::RequestErrorKind::CannotParse => Reason::CannotParse,
                _ => Reason::FieldValidationFailed,
            };
            ApiError::validation_reason(reason, e.message)
        })?;
    let violations = protocol::validate(spec.input, &doc);
    if !violations.is_empty() {
        return Err(ApiError::validation(protocol::validation_message(
            &violations,
        )));
    }
    check_names(&doc)?;
    Ok(doc)
}

/// Identifiers that would be path tricks elsewhere (`.`/`..`, control
/// characters) are refused even where the model's patterns let them through.
/// Free text (policy documents, descriptions) is left to the model.
fn check_names(doc: &Value) -> ApiResult<()> {
    let Some(map) = doc.as_object() else {
        return Ok(());
    };
    for (name, value) in map {
        let texts: Vec<&str> = match (name.as_str(), value) {
            ("versions", Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
            ("versionRevisions", Value::Object(m)) => m.keys().map(String::as_str).collect(),
            (n, Value::String(s)) if IDENTIFIERS.contains(&n) => vec![s.as_str()],
            _ => continue,
        };
        for text in texts {
            check_identifier(name, text)?;
        }
    }
    Ok(())
}

const IDENTIFIERS: &[&str] = &[
    "domain",
    "domainOwner",
    "repository",
    "sourceRepository",
    "destinationRepository",
    "format",
    "namespace",
    "package",
    "packageVersion",
    "packageVersionRevision",
    "asset",
    "assetName",
    "externalConnection",
    "packageGroup",
    "resourceArn",
];

fn check_identifier(name: &str, text: &str) -> ApiResult<()> {
    if text.chars().any(char::is_control) {
        return Err(ApiError::validation(format!(
            "1 validation error detected: Value at '{name}' failed to satisfy constraint: \
             Member must not contain control characters"
        )));
    }
    if text == "." || text == ".." {
        return Err(ApiError::validation(format!(
            "1 validation error detected: Value '{text}' at '{name}' failed to satisfy constraint: \
             Member must not be '.' or '..'"
        )));
    }
    Ok(())
}

/// The modeled error shape named `code`, if the service has one.
fn error_shape(code: &str) -> Option<&'static Shape> {
    SERVICE
        .operations
        .iter()
        .flat_map(|op| op.errors.iter().copied())
        .find(|s| s.name == code)
}

pub fn error_response(e: &ApiError, request_id: &str) -> Response<ResponseBody> {
    let http = match error_shape(e.code) {
        Some(shape) => protocol::serialize_error(shape, &e.body(), request_id),
        // Authentication and transport errors are not in the model; the
        // service sends them in the same restJson1 form.
        None => HttpResponse {
            status: e.status,
            headers: vec![
                ("x-amzn-ErrorType".into(), e.code.to_owned()),
                ("x-amzn-RequestId".into(), request_id.to_owned()),
                ("Content-Type".into(), "application/json".to_owned()),
            ],
            body: Bytes::from(serde_json::to_vec(&e.body()).unwrap_or_else(|_| b"{}".to_vec())),
        },
    };
    to_hyper(http, None, request_id)
}

fn finish(
    spec: &'static OperationSpec,
    reply: ops::Reply,
    request_id: &str,
) -> Response<ResponseBody> {
    let http = protocol::serialize_response(spec, &reply.output);
    to_hyper(http, reply.payload, request_id)
}

fn to_hyper(
    http: HttpResponse,
    payload: Option<ops::AssetBody>,
    request_id: &str,
) -> Response<ResponseBody> {
    let body = match payload {
        Some(asset) => ResponseBody::file(asset.file, asset.size),
        None => ResponseBody::full(http.body),
    };
    let mut builder = Response::builder().status(http.status);
    let mut has_id = false;
    for (name, value) in &http.headers {
        has_id |= name.eq_ignore_ascii_case("x-amzn-requestid");
        builder = builder.header(name.as_ref(), value.as_str());
    }
    if !has_id {
        builder = builder.header("x-amzn-RequestId", request_id);
    }
    builder.body(body).unwrap_or_else(|_| {
        let mut r = Response::new(ResponseBody::full(Bytes::from_static(
            b"{\"message\":\"bad response header\"}",
        )));
        *r.status_mut() = hyper::StatusCode::INTERNAL_SERVER_ERROR;
        r
    })
}
