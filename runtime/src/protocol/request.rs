//! Client side: an operation's input document to an [`HttpRequest`].

use std::borrow::Cow;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use bytes::Bytes;
use serde_json::{Map, Value};

use super::{HttpRequest, json, wire};
use crate::error::BuildError;
use crate::primitives::DateTime;
use crate::schema::{Location, Member, OperationSpec, Shape, ShapeKind};

/// Content type of a JSON body.
pub(crate) const JSON: &str = "application/json";
/// Content type of a blob payload.
pub(crate) const OCTET_STREAM: &str = "application/octet-stream";

/// Builds the HTTP request of `spec` from `input`, a document keyed by model
/// member name (a streaming payload is left to the caller).
///
/// The body follows botocore's rest-json serializer, the reference: when the
/// input has body-bound members, a JSON object is always sent (`{}` when none
/// is set) with `Content-Type: application/json`; when it has none, no body
/// and no content type. A streaming payload gets
/// `Content-Type: application/octet-stream` (Smithy's default for blob
/// payloads; botocore sends none) and `body: None`.
///
/// Errors list every required member that is absent and every empty label.
pub fn serialize_request(
    spec: &'static OperationSpec,
    input: &Value,
) -> Result<HttpRequest, BuildError> {
    let empty = Map::new();
    let mut err = BuildError::new(spec.input.name);
    let doc = match input {
        Value::Object(map) => map,
        Value::Null => &empty,
        _ => {
            err.invalid
                .push("the input document must be a JSON object".to_owned());
            return Err(err);
        }
    };
    let (template, literal_query) = spec.uri.split_once('?').unwrap_or((spec.uri, ""));
    let path = render_path(template, spec.input, doc, &mut err);
    let mut req = HttpRequest {
        method: spec.method,
        path,
        query: literal_query_pairs(literal_query),
        headers: Vec::new(),
        body: None,
    };
    let binding = bind_members(spec.input, doc, &mut req, &mut err);
    if !err.is_empty() {
        return Err(err);
    }
    req.body = match binding {
        Binding::Payload(m, value) => payload_body(m.target, value, &mut req.headers),
        Binding::Body => {
            let mut out = Vec::with_capacity(128);
            if let Err(e) = json::write_body(spec.input.members(), doc, &mut out) {
                err.invalid
                    .push(format!("the input cannot be written as JSON: {e}"));
                return Err(err);
            }
            req.headers
                .push((Cow::Borrowed("Content-Type"), JSON.to_owned()));
            Some(Bytes::from(out))
        }
        Binding::NoBody => None,
    };
    Ok(req)
}

/// What the HTTP body carries, once the other members are bound.
enum Binding<'a> {
    /// The input has body-bound members: a JSON object, `{}` when none is set.
    Body,
    /// One member is the whole body.
    Payload(&'static Member, Option<&'a Value>),
    /// Everything travels in the URI and headers.
    NoBody,
}

/// Binds query and header members into `req` and records absent required
/// members in `err`.
fn bind_members<'a>(
    input: &'static Shape,
    doc: &'a Map<String, Value>,
    req: &mut HttpRequest,
    err: &mut BuildError,
) -> Binding<'a> {
    let mut binding = Binding::NoBody;
    let mut query_maps = Vec::new();
    for m in input.members() {
        let value = doc.get(m.name).filter(|v| !v.is_null());
        if m.required && value.is_none() && m.location != Location::Payload {
            err.missing.push(m.name);
        }
        match (m.location, value) {
            // restJson1 has no body members beside a payload; if a table
            // had both, the payload wins.
            (Location::Body, _) if matches!(binding, Binding::NoBody) => binding = Binding::Body,
            (Location::Query(_), Some(v)) if matches!(m.target.kind, ShapeKind::Map { .. }) => {
                query_maps.push((m.target, v))
            }
            (Location::Query(name), Some(v)) => {
                push_query(Cow::Borrowed(name), m.target, v, &mut req.query)
            }
            (Location::Header(name), Some(v)) => {
                if let Some(text) = header_text(m.target, v) {
                    req.headers.push((Cow::Borrowed(name), text));
                }
            }
            (Location::Payload, _) => binding = Binding::Payload(m, value),
            _ => {}
        }
    }
    for (shape, value) in query_maps {
        push_query_map(shape, value, &mut req.query);
    }
    binding
}

/// The body of a payload-bound member. A streaming blob is the caller's; a
/// structure payload is the JSON of that member alone; a non-streaming blob or
/// string is sent as is (blobs travel base64 in documents).
pub(crate) fn payload_body(
    target: &Shape,
    value: Option<&Value>,
    headers: &mut Vec<(Cow<'static, str>, String)>,
) -> Option<Bytes> {
    let (content_type, body) = match &target.kind {
        ShapeKind::Structure(s) => {
            let mut out = Vec::new();
            let empty = Map::new();
            let map = value.and_then(Value::as_object).unwrap_or(&empty);
            // A structure payload's members are all body members by definition.
            json::write_struct(s.members, map, &mut out).ok()?;
            (JSON, Some(Bytes::from(out)))
        }
        ShapeKind::Blob {
            streaming: false, ..
        } => {
            let text = value.and_then(Value::as_str)?;
            (OCTET_STREAM, Some(Bytes::from(STANDARD.decode(text).ok()?)))
        }
        ShapeKind::String { .. } => (
            "text/plain",
            Some(Bytes::from(value.and_then(Value::as_str)?.to_owned())),
        ),
        _ => (OCTET_STREAM, None),
    };
    headers.push((Cow::Borrowed("Content-Type"), content_type.to_owned()));
    body
}

/// Substitutes `{label}` and `{label+}` segments with the percent-encoded
/// values of the label-bound members.
fn render_path(
    template: &'static str,
    input: &Shape,
    doc: &Map<String, Value>,
    err: &mut BuildError,
) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        let name = &rest[start + 1..start + len];
        rest = &rest[start + len + 1..];
        let (label, greedy) = name.strip_suffix('+').map_or((name, false), |n| (n, true));
        let member = input
            .members()
            .iter()
            .find(|m| m.location == Location::Label(label));
        let value = member.and_then(|m| doc.get(m.name)).and_then(scalar_text);
        match value {
            Some(v) if !v.is_empty() => wire::push_encoded(
                &mut out,
                &v,
                if greedy {
                    wire::GREEDY_LABEL
                } else {
                    wire::LABEL
                },
            ),
            // A missing required label is reported as missing by the caller.
            None if member.is_some_and(|m| m.required) => {}
            _ => err
                .invalid
                .push(format!("the URI label `{label}` must not be empty")),
        }
    }
    out.push_str(rest);
    out
}

/// The literal query of a URI such as `/v1/x?list-type=2`, decoded.
fn literal_query_pairs(literal: &'static str) -> Vec<(Cow<'static, str>, String)> {
    let mut pairs = Vec::new();
    for part in literal.split('&').filter(|p| !p.is_empty()) {
        let (name, value) = part.split_once('=').unwrap_or((part, ""));
        let name = wire::percent_decode(name).unwrap_or(Cow::Borrowed(name));
        let value = wire::percent_decode(value).map_or_else(|| value.to_owned(), Cow::into_owned);
        pairs.push((name, value));
    }
    pairs
}

/// Adds a query member: lists repeat the key.
fn push_query(
    name: Cow<'static, str>,
    shape: &Shape,
    value: &Value,
    query: &mut Vec<(Cow<'static, str>, String)>,
) {
    match (&shape.kind, value) {
        (ShapeKind::List { member, .. }, Value::Array(items)) => {
            for item in items {
                if let Some(text) = query_text(member, item) {
                    query.push((name.clone(), text));
                }
            }
        }
        _ => {
            if let Some(text) = query_text(shape, value) {
                query.push((name, text));
            }
        }
    }
}

/// A map bound to the query spreads its entries as parameters; a named
/// query member of the same key takes precedence (Smithy `httpQueryParams`).
fn push_query_map(shape: &Shape, value: &Value, query: &mut Vec<(Cow<'static, str>, String)>) {
    let (
        ShapeKind::Map {
            value: value_shape, ..
        },
        Value::Object(map),
    ) = (&shape.kind, value)
    else {
        return;
    };
    for (k, v) in map {
        if !query.iter().any(|(n, _)| n == k) {
            push_query(Cow::Owned(k.clone()), value_shape, v, query);
        }
    }
}

/// A scalar in a query string: timestamps as ISO-8601.
pub(crate) fn query_text(shape: &Shape, value: &Value) -> Option<String> {
    match (&shape.kind, value) {
        (ShapeKind::Timestamp, Value::Number(n)) => {
            Some(DateTime::from_secs_f64(n.as_f64()?)?.to_rfc3339())
        }
        _ => scalar_text(value),
    }
}

/// A scalar in a header: timestamps as IMF-fixdate, lists comma-joined.
pub(crate) fn header_text(shape: &Shape, value: &Value) -> Option<String> {
    match (&shape.kind, value) {
        (ShapeKind::Timestamp, Value::Number(n)) => Some(wire::format_http_date(
            DateTime::from_secs_f64(n.as_f64()?)?,
        )),
        // An empty list is sent as an empty header (Smithy restJson1).
        (ShapeKind::List { member, .. }, Value::Array(items)) => {
            let mut out = String::new();
            for (i, item) in items
                .iter()
                .filter_map(|v| header_text(member, v).map(|t| (v, t)))
                .enumerate()
            {
                if i > 0 {
                    out.push(',');
                }
                // A string holding a comma or quote is quoted, so the list
                // splits back into the same items.
                match item {
                    (Value::String(_), t) if t.contains([',', '"']) => {
                        out.push('"');
                        out.push_str(&t.replace('"', "\\\""));
                        out.push('"');
                    }
                    (_, t) => out.push_str(&t),
                }
            }
            Some(out)
        }
        _ => scalar_text(value),
    }
}

/// Strings as they are, numbers and booleans in their JSON spelling.
pub(crate) fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(if *b { "true" } else { "false" }.to_owned()),
        _ => None,
    }
}
