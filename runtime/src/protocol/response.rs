//! Client side: HTTP responses to output documents and error parts.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Map, Value};

use super::{Headers, error_code, json, wire};
use crate::operation::ErrorParts;
use crate::schema::{Location, Member, OperationSpec, Shape, ShapeKind};

/// A response that could not be understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseError {
    pub status: u16,
    /// What was wrong, one sentence.
    pub reason: String,
    /// The start of the body (lossy UTF-8, at most 200 characters).
    pub excerpt: String,
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot parse HTTP {} response: {}",
            self.status, self.reason
        )?;
        if !self.excerpt.is_empty() {
            write!(f, " (body starts: {:?})", self.excerpt)?;
        }
        Ok(())
    }
}

impl std::error::Error for ResponseError {}

impl ResponseError {
    fn new(status: u16, reason: impl Into<String>, body: &[u8]) -> Self {
        let excerpt: String = String::from_utf8_lossy(&body[..body.len().min(800)])
            .chars()
            .take(200)
            .collect();
        Self {
            status,
            reason: reason.into(),
            excerpt,
        }
    }
}

/// Parses a success response of `spec` into its output document: the JSON
/// body's members (unknown fields dropped) merged with the header-bound
/// members, typed (`Retry-After: 5` becomes the number 5). A streaming payload
/// output does not read `body`: the caller hands the body to the output.
pub fn parse_response<H: Headers + ?Sized>(
    spec: &OperationSpec,
    status: u16,
    headers: &H,
    body: &[u8],
) -> Result<Value, ResponseError> {
    let shape = spec.output;
    let mut doc = match shape.payload_member() {
        Some(m) => payload_document(m, status, body)?,
        None if is_blank(body) || !shape.members().iter().any(|m| m.location == Location::Body) => {
            Map::new()
        }
        None => {
            let mut value = Value::Object(parse_object(status, body)?);
            json::prune(shape, &mut value);
            match value {
                Value::Object(map) => map,
                _ => Map::new(),
            }
        }
    };
    for m in shape.members() {
        if let Location::Header(name) = m.location {
            if let Some(raw) = headers.header(name) {
                let value = typed_header(m.target, raw).ok_or_else(|| {
                    ResponseError::new(
                        status,
                        format!(
                            "header `{name}` is not {}: {raw:?}",
                            json::type_name(m.target)
                        ),
                        b"",
                    )
                })?;
                doc.insert(m.name.to_owned(), value);
            }
        }
    }
    Ok(Value::Object(doc))
}

/// The document of an output whose body is one member: a structure parsed
/// from JSON, a non-streaming blob (base64 in documents) or a string. A
/// streaming blob stays with the caller.
fn payload_document(
    m: &Member,
    status: u16,
    body: &[u8],
) -> Result<Map<String, Value>, ResponseError> {
    let value = match m.target.kind {
        _ if body.is_empty() => None,
        ShapeKind::Structure(_) if !is_blank(body) => {
            let mut value = Value::Object(parse_object(status, body)?);
            json::prune(m.target, &mut value);
            Some(value)
        }
        ShapeKind::Blob {
            streaming: false, ..
        } => Some(Value::String(STANDARD.encode(body))),
        ShapeKind::String { .. } => Some(Value::String(String::from_utf8_lossy(body).into_owned())),
        _ => None,
    };
    let mut doc = Map::new();
    if let Some(v) = value {
        doc.insert(m.name.to_owned(), v);
    }
    Ok(doc)
}

/// Parses an error response. The code comes from `x-amzn-ErrorType`, else the
/// body's `code` or `__type`, reduced to the bare shape name. When the code
/// names one of `spec`'s errors, the document holds that shape's members (body
/// and headers, e.g. `retryAfterSeconds` from `Retry-After`); otherwise it is
/// the body object as sent. Never fails: a body that is not JSON gives an
/// empty document.
pub fn parse_error<H: Headers + ?Sized>(
    spec: &OperationSpec,
    status: u16,
    headers: &H,
    body: &[u8],
) -> ErrorParts {
    let body_map = serde_json::from_slice::<Value>(body)
        .ok()
        .and_then(|v| match v {
            Value::Object(map) => Some(map),
            _ => None,
        });
    let code =
        error_code::error_code(headers.header("x-amzn-ErrorType"), body_map.as_ref()).to_owned();
    let message = body_map.as_ref().and_then(|b| {
        ["message", "Message", "errorMessage"]
            .iter()
            .find_map(|k| b.get(*k).and_then(Value::as_str))
    });
    let message = message.map(str::to_owned);
    let request_id = headers
        .header("x-amzn-RequestId")
        .or_else(|| headers.header("x-amz-request-id"))
        .map(str::to_owned);
    let document = match spec.error(&code) {
        Some(shape) => error_document(shape, body_map, message.as_deref(), headers),
        None => Value::Object(body_map.unwrap_or_default()),
    };
    ErrorParts {
        code,
        message,
        request_id,
        status,
        document,
    }
}

fn error_document<H: Headers + ?Sized>(
    shape: &Shape,
    body: Option<Map<String, Value>>,
    message: Option<&str>,
    headers: &H,
) -> Value {
    let mut value = Value::Object(body.unwrap_or_default());
    json::prune(shape, &mut value);
    let Value::Object(mut doc) = value else {
        return Value::Object(Map::new());
    };
    if let (Some(m), Some(text)) = (shape.member("message"), message) {
        doc.entry(m.name)
            .or_insert_with(|| Value::String(text.to_owned()));
    }
    for m in shape.members() {
        if let Location::Header(name) = m.location {
            // An unparseable header on an error is dropped rather than
            // hiding the error itself.
            if let Some(v) = headers
                .header(name)
                .and_then(|raw| typed_header(m.target, raw))
            {
                doc.insert(m.name.to_owned(), v);
            }
        }
    }
    Value::Object(doc)
}

/// A header's text as the JSON value its target shape travels as.
pub(crate) fn typed_header(shape: &Shape, raw: &str) -> Option<Value> {
    let raw = raw.trim();
    Some(match &shape.kind {
        ShapeKind::Integer { .. } => Value::from(raw.parse::<i32>().ok()?),
        ShapeKind::Long { .. } => Value::from(raw.parse::<i64>().ok()?),
        ShapeKind::Boolean => Value::Bool(match raw {
            "true" => true,
            "false" => false,
            _ => return None,
        }),
        ShapeKind::Timestamp => {
            let t = wire::parse_http_date(raw)?;
            serde_json::to_value(t).ok()?
        }
        ShapeKind::List { member, .. } => {
            let dates = matches!(member.kind, ShapeKind::Timestamp);
            let items: Option<Vec<Value>> = split_header_list(raw, dates)
                .iter()
                .map(|p| typed_header(member, p))
                .collect();
            Value::Array(items?)
        }
        _ => Value::String(raw.to_owned()),
    })
}

/// Splits a comma-separated header list. Double-quoted items may hold commas
/// and `\"`; HTTP dates hold one comma each (`Mon, 16 Dec 2019 ...`), so a
/// list of them splits at every other comma.
fn split_header_list(raw: &str, dates: bool) -> Vec<String> {
    let mut items = Vec::new();
    let (mut current, mut quoted, mut escaped, mut commas) = (String::new(), false, false, 0);
    for c in raw.chars() {
        if escaped {
            current.push(c);
            escaped = false;
            continue;
        }
        match c {
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            ',' if !quoted && (!dates || commas % 2 == 1) => {
                commas += 1;
                items.push(std::mem::take(&mut current).trim().to_owned());
            }
            ',' if !quoted => {
                commas += 1;
                current.push(c);
            }
            _ => current.push(c),
        }
    }
    items.push(current.trim().to_owned());
    items
}

fn is_blank(body: &[u8]) -> bool {
    body.iter().all(u8::is_ascii_whitespace)
}

fn parse_object(status: u16, body: &[u8]) -> Result<Map<String, Value>, ResponseError> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(ResponseError::new(
            status,
            "the body is JSON but not an object",
            body,
        )),
        Err(e) => Err(ResponseError::new(
            status,
            format!("the body is not valid JSON: {e}"),
            body,
        )),
    }
}
