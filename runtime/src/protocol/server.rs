//! Server side (the emulator): routing, request parsing and response writing.

use std::borrow::Cow;
use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use bytes::Bytes;
use serde_json::{Map, Value};

use super::request::{JSON, header_text, payload_body};
use super::response::typed_header;
use super::{Headers, HttpResponse, json, wire};
use crate::schema::{Location, Member, OperationSpec, ServiceSpec, Shape, ShapeKind};

/// Why no operation answers a method and path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RouteError {
    /// No operation has this path.
    NotFound,
    /// Operations have this path, but with other methods (listed).
    MethodNotAllowed { allowed: Vec<&'static str> },
}

impl fmt::Display for RouteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotFound => f.write_str("no operation matches this path"),
            Self::MethodNotAllowed { allowed } => {
                write!(f, "method not allowed; allowed: {}", allowed.join(", "))
            }
        }
    }
}

impl std::error::Error for RouteError {}

/// The operation of `service` that serves `method` on `path` (the request
/// path, without query). Paths compare segment by segment, undecoded, so
/// `%2F` never stands in for a `/`; `{label}` matches one non-empty segment
/// and `{label+}` the non-empty rest. A literal query in a model URI does not
/// take part (no operation of this model has one).
pub fn route(
    service: &ServiceSpec,
    method: &str,
    path: &str,
) -> Result<&'static OperationSpec, RouteError> {
    let mut allowed = Vec::new();
    for op in service.operations.iter().copied() {
        if template_matches(op_path(op), path).is_some() {
            if op.method.eq_ignore_ascii_case(method) {
                return Ok(op);
            }
            allowed.push(op.method);
        }
    }
    if allowed.is_empty() {
        Err(RouteError::NotFound)
    } else {
        Err(RouteError::MethodNotAllowed { allowed })
    }
}

fn op_path(op: &OperationSpec) -> &'static str {
    op.uri.split_once('?').map_or(op.uri, |(p, _)| p)
}

/// Matches `path` against a URI template; on success, the raw (still
/// encoded) label values by label name.
fn template_matches<'p>(
    template: &'static str,
    path: &'p str,
) -> Option<Vec<(&'static str, &'p str)>> {
    let mut labels = Vec::new();
    let mut t = template.split('/');
    let mut p = path.split('/');
    loop {
        match (t.next(), p.next()) {
            (None, None) => return Some(labels),
            (Some(seg), Some(actual)) if seg.starts_with('{') && seg.ends_with('}') => {
                let name = &seg[1..seg.len() - 1];
                if let Some(greedy) = name.strip_suffix('+') {
                    let start = actual.as_ptr() as usize - path.as_ptr() as usize;
                    let rest = &path[start..];
                    return (!rest.is_empty() && t.next().is_none()).then(|| {
                        labels.push((greedy, rest));
                        labels
                    });
                }
                if actual.is_empty() {
                    return None;
                }
                labels.push((name, actual));
            }
            (Some(seg), Some(actual)) if seg == actual => {}
            _ => return None,
        }
    }
}

/// Why a request could not be turned into an input document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestError {
    pub kind: RequestErrorKind,
    /// The field at fault (model member name path), when there is one.
    pub field: Option<String>,
    /// One sentence for the error response's `message`.
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestErrorKind {
    /// The body is not UTF-8, not JSON, or not a JSON object.
    CannotParse,
    /// A field has the wrong JSON type, or a query/header/label value does
    /// not parse as its shape (e.g. `max-results=ten`).
    InvalidField,
}

impl RequestError {
    /// The `reason` of CodeArtifact's ValidationException for this error.
    pub fn reason(&self) -> &'static str {
        match self.kind {
            RequestErrorKind::CannotParse => "CANNOT_PARSE",
            RequestErrorKind::InvalidField => "FIELD_VALIDATION_FAILED",
        }
    }

    fn cannot_parse(message: impl Into<String>) -> Self {
        Self {
            kind: RequestErrorKind::CannotParse,
            field: None,
            message: message.into(),
        }
    }

    fn field(field: impl Into<String>, message: String) -> Self {
        Self {
            kind: RequestErrorKind::InvalidField,
            field: Some(field.into()),
            message,
        }
    }
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for RequestError {}

/// Parses a request routed to `spec` into its input document: labels from
/// `path`, query members from `raw_query` (repeated keys make lists), header
/// members, and the JSON body's members. Values are coerced to their shapes'
/// JSON types (`max-results=10` becomes the number 10). A streaming payload
/// body is not read: the caller streams it. Constraints are not checked here;
/// see [`validate`](super::validate()).
pub fn parse_request<H: Headers + ?Sized>(
    spec: &OperationSpec,
    path: &str,
    raw_query: &str,
    headers: &H,
    body: &[u8],
) -> Result<Value, RequestError> {
    let shape = spec.input;
    let mut doc = body_members(shape, body)?;
    let labels = template_matches(op_path(spec), path).unwrap_or_default();
    let query = parse_query(raw_query)?;
    for m in shape.members() {
        let value = match m.location {
            Location::Label(name) => match labels.iter().find(|(l, _)| *l == name) {
                Some((_, raw)) => {
                    let text = wire::percent_decode(raw).ok_or_else(|| {
                        RequestError::field(m.name, format!("label `{name}` is not UTF-8"))
                    })?;
                    Some(coerce_text(m, &text)?)
                }
                None => None,
            },
            Location::Query(name) => query_member(m, name, &query)?,
            Location::Header(name) => match headers.header(name) {
                Some(raw) => {
                    Some(typed_header(m.target, raw).ok_or_else(|| invalid_text(m, name, raw))?)
                }
                None => None,
            },
            Location::Body | Location::Payload => continue,
        };
        if let Some(v) = value {
            doc.insert(m.name.to_owned(), v);
        }
    }
    Ok(Value::Object(doc))
}

fn body_members(shape: &Shape, body: &[u8]) -> Result<Map<String, Value>, RequestError> {
    if let Some(m) = shape.payload_member() {
        let mut doc = Map::new();
        if let Some(v) = payload_value(m, body)? {
            doc.insert(m.name.to_owned(), v);
        }
        return Ok(doc);
    }
    let wants_body = shape.members().iter().any(|m| m.location == Location::Body);
    if !wants_body || body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    let mut map = json_object(body)?;
    // Only body-bound members may come from the body; the others are taken
    // from their own locations.
    map.retain(|k, v| {
        !v.is_null()
            && shape
                .member(k)
                .is_some_and(|m| m.location == Location::Body)
    });
    for (k, v) in map.iter_mut() {
        if let Some(m) = shape.member(k) {
            json::conform(m.target, v).map_err(|e| mismatch(e, k))?;
        }
    }
    Ok(map)
}

/// The value of a member bound to the whole body: a structure from JSON, a
/// non-streaming blob (base64 in documents) or a string. A streaming blob is
/// left to the caller.
fn payload_value(m: &Member, body: &[u8]) -> Result<Option<Value>, RequestError> {
    Ok(match m.target.kind {
        _ if body.is_empty() => None,
        ShapeKind::Structure(_) if body.iter().all(u8::is_ascii_whitespace) => None,
        ShapeKind::Structure(_) => {
            let mut value = Value::Object(json_object(body)?);
            json::conform(m.target, &mut value).map_err(|e| mismatch(e, m.name))?;
            Some(value)
        }
        ShapeKind::Blob {
            streaming: false, ..
        } => Some(Value::String(STANDARD.encode(body))),
        ShapeKind::String { .. } => Some(Value::String(utf8(body)?.to_owned())),
        _ => None,
    })
}

fn utf8(body: &[u8]) -> Result<&str, RequestError> {
    std::str::from_utf8(body)
        .map_err(|_| RequestError::cannot_parse("The request body is not valid UTF-8."))
}

fn json_object(body: &[u8]) -> Result<Map<String, Value>, RequestError> {
    match serde_json::from_str::<Value>(utf8(body)?) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(RequestError::cannot_parse(
            "The request body must be a JSON object.",
        )),
        Err(e) => Err(RequestError::cannot_parse(format!(
            "The request body is not valid JSON: {e}."
        ))),
    }
}

fn mismatch(e: json::Mismatch, member: &str) -> RequestError {
    let expected = e.expected;
    let field = e.within(member).path();
    RequestError::field(
        field.clone(),
        format!("Unexpected value type for field '{field}': expected {expected}."),
    )
}

type QueryPairs<'a> = Vec<(Cow<'a, str>, Cow<'a, str>)>;

/// Decoded `(name, value)` pairs; a name without `=` has an empty value.
fn parse_query(raw: &str) -> Result<QueryPairs<'_>, RequestError> {
    let raw = raw.strip_prefix('?').unwrap_or(raw);
    let mut pairs = Vec::new();
    for part in raw.split('&').filter(|p| !p.is_empty()) {
        let (name, value) = part.split_once('=').unwrap_or((part, ""));
        let decode = |s| {
            wire::percent_decode(s)
                .ok_or_else(|| RequestError::cannot_parse("The query string is not valid UTF-8."))
        };
        pairs.push((decode(name)?, decode(value)?));
    }
    Ok(pairs)
}

fn query_member(
    m: &Member,
    name: &str,
    query: &[(Cow<'_, str>, Cow<'_, str>)],
) -> Result<Option<Value>, RequestError> {
    let mut values = query
        .iter()
        .filter(|(n, _)| n == name)
        .map(|(_, v)| v.as_ref());
    if let ShapeKind::List { member, .. } = &m.target.kind {
        let items: Result<Vec<Value>, RequestError> = values
            .map(|v| coerce_shape(member, v).ok_or_else(|| invalid_text(m, name, v)))
            .collect();
        let items = items?;
        return Ok((!items.is_empty()).then_some(Value::Array(items)));
    }
    let Some(first) = values.next() else {
        return Ok(None);
    };
    if values.next().is_some() {
        return Err(RequestError::field(
            m.name,
            format!("Query parameter '{name}' must appear at most once."),
        ));
    }
    coerce_shape(m.target, first)
        .map(Some)
        .ok_or_else(|| invalid_text(m, name, first))
}

fn coerce_text(m: &Member, text: &str) -> Result<Value, RequestError> {
    coerce_shape(m.target, text).ok_or_else(|| invalid_text(m, m.name, text))
}

/// A query or label value as the JSON value of its shape.
fn coerce_shape(shape: &Shape, text: &str) -> Option<Value> {
    match shape.kind {
        ShapeKind::Timestamp => serde_json::to_value(wire::parse_iso8601(text)?).ok(),
        ShapeKind::String { .. } | ShapeKind::Blob { .. } => Some(Value::String(text.to_owned())),
        _ => typed_header(shape, text),
    }
}

fn invalid_text(m: &Member, wire_name: &str, raw: &str) -> RequestError {
    let expected = json::type_name(m.target);
    RequestError::field(
        m.name,
        format!("Value '{raw}' for '{wire_name}' is not {expected}."),
    )
}

/// A success response for `spec` from its output document: header-bound
/// members as headers, the others as a JSON body (`{}` when there are none).
/// A streaming payload output gets `Content-Type: application/octet-stream`
/// and an empty body: the caller sends the stream.
pub fn serialize_response(spec: &OperationSpec, output: &Value) -> HttpResponse {
    let mut response = HttpResponse {
        status: spec.success_status,
        headers: Vec::new(),
        body: Bytes::new(),
    };
    let empty = Map::new();
    let doc = output.as_object().unwrap_or(&empty);
    push_header_members(spec.output, doc, &mut response.headers);
    if let Some(m) = spec.output.payload_member() {
        let body = payload_body(m.target, doc.get(m.name), &mut response.headers);
        response.body = body.unwrap_or_default();
    } else {
        response
            .headers
            .push((Cow::Borrowed("Content-Type"), JSON.to_owned()));
        response.body = json_body(spec.output, doc, None);
    }
    response
}

/// The response of a modeled error: its status, `x-amzn-ErrorType`,
/// `x-amzn-RequestId`, header-bound members (`Retry-After`) and a JSON body
/// with `message` and the other members.
pub fn serialize_error(error_shape: &'static Shape, doc: &Value, request_id: &str) -> HttpResponse {
    let status = error_shape.error_info().map_or(500, |e| e.status);
    let empty = Map::new();
    let map = doc.as_object().unwrap_or(&empty);
    let mut headers: Vec<(Cow<'static, str>, String)> = vec![
        (
            Cow::Borrowed("x-amzn-ErrorType"),
            error_shape.name.to_owned(),
        ),
        (Cow::Borrowed("x-amzn-RequestId"), request_id.to_owned()),
        (Cow::Borrowed("Content-Type"), JSON.to_owned()),
    ];
    push_header_members(error_shape, map, &mut headers);
    // `message` is written even when the shape does not model it, because
    // clients read it from every error body.
    let message = map
        .get("message")
        .or_else(|| map.get("Message"))
        .and_then(Value::as_str);
    let body = json_body(
        error_shape,
        map,
        error_shape
            .member("message")
            .is_none()
            .then_some(message)
            .flatten(),
    );
    HttpResponse {
        status,
        headers,
        body,
    }
}

fn push_header_members(
    shape: &Shape,
    doc: &Map<String, Value>,
    headers: &mut Vec<(Cow<'static, str>, String)>,
) {
    for m in shape.members() {
        if let (Location::Header(name), Some(v)) = (m.location, doc.get(m.name)) {
            if let Some(text) = header_text(m.target, v) {
                headers.push((Cow::Borrowed(name), text));
            }
        }
    }
}

fn json_body(shape: &Shape, doc: &Map<String, Value>, extra_message: Option<&str>) -> Bytes {
    let mut out = Vec::with_capacity(64);
    if json::write_body(shape.members(), doc, &mut out).is_err() {
        out.clear();
        out.extend_from_slice(b"{}");
    }
    let Some(text) = extra_message else {
        return Bytes::from(out);
    };
    // The writer knows only modeled members; splice `message` in front.
    let mut with_message = Vec::with_capacity(out.len() + text.len() + 16);
    with_message.extend_from_slice(b"{\"message\":");
    if serde_json::to_writer(&mut with_message, text).is_err() {
        with_message.extend_from_slice(b"\"\"");
    }
    if out.len() > 2 {
        with_message.push(b',');
    }
    with_message.extend_from_slice(&out[1..]);
    Bytes::from(with_message)
}
