//! Client side: an operation's input document to an [`HttpRequest`].

use std::borrow::Cow;

use bytes::Bytes;
use serde_json::{Map, Value};

use super::{HttpRequest, json, wire};
use crate::error::BuildError;
use crate::primitives::DateTime;
use crate::schema::{Location, OperationSpec, Shape, ShapeKind};

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
    let mut query = literal_query_pairs(literal_query);
    let mut headers: Vec<(Cow<'static, str>, String)> = Vec::new();
    let mut has_body_members = false;
    let mut payload = None;
    for m in spec.input.members() {
        let value = doc.get(m.name).filter(|v| !v.is_null());
        if m.required && value.is_none() && m.location != Location::Payload {
            err.missing.push(m.name);
        }
        match (m.location, value) {
            (Location::Body, _) => has_body_members = true,
            (Location::Query(name), Some(v)) => push_query(name, m.target, v, &mut query),
            (Location::Header(name), Some(v)) => {
                if let Some(text) = header_text(m.target, v) {
                    headers.push((Cow::Borrowed(name), text));
                }
            }
            (Location::Payload, _) => payload = Some((m, value)),
            _ => {}
        }
    }
    if !err.is_empty() {
        return Err(err);
    }
    let body = match payload {
        Some((m, value)) => payload_body(m.target, value, &mut headers),
        None if has_body_members => {
            let mut out = Vec::with_capacity(128);
            if let Err(e) = json::write_body(spec.input.members(), doc, &mut out) {
                err.invalid
                    .push(format!("the input cannot be written as JSON: {e}"));
                return Err(err);
            }
            headers.push((Cow::Borrowed("Content-Type"), JSON.to_owned()));
            Some(Bytes::from(out))
        }
        None => None,
    };
    Ok(HttpRequest {
        method: spec.method,
        path,
        query,
        headers,
        body,
    })
}

/// The body of a payload-bound member. A streaming blob is the caller's; a
/// structure payload is the JSON of that member alone.
fn payload_body(
    target: &Shape,
    value: Option<&Value>,
    headers: &mut Vec<(Cow<'static, str>, String)>,
) -> Option<Bytes> {
    match &target.kind {
        ShapeKind::Structure(s) => {
            let mut out = Vec::new();
            let empty = Map::new();
            let map = value.and_then(Value::as_object).unwrap_or(&empty);
            // A structure payload's members are all body members by definition.
            json::write_struct(s.members, map, &mut out).ok()?;
            headers.push((Cow::Borrowed("Content-Type"), JSON.to_owned()));
            Some(Bytes::from(out))
        }
        _ => {
            headers.push((Cow::Borrowed("Content-Type"), OCTET_STREAM.to_owned()));
            None
        }
    }
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

fn push_query(
    name: &'static str,
    shape: &Shape,
    value: &Value,
    query: &mut Vec<(Cow<'static, str>, String)>,
) {
    match (&shape.kind, value) {
        (ShapeKind::List { member, .. }, Value::Array(items)) => {
            for item in items {
                if let Some(text) = query_text(member, item) {
                    query.push((Cow::Borrowed(name), text));
                }
            }
        }
        // A map bound to the query spreads its entries as parameters.
        (
            ShapeKind::Map {
                value: value_shape, ..
            },
            Value::Object(map),
        ) => {
            for (k, v) in map {
                if let Some(text) = query_text(value_shape, v) {
                    query.push((Cow::Owned(k.clone()), text));
                }
            }
        }
        _ => {
            if let Some(text) = query_text(shape, value) {
                query.push((Cow::Borrowed(name), text));
            }
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
        (ShapeKind::List { member, .. }, Value::Array(items)) if !items.is_empty() => {
            let parts: Vec<String> = items
                .iter()
                .filter_map(|v| header_text(member, v))
                .collect();
            Some(parts.join(","))
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
