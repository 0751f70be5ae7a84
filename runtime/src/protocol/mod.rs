//! restJson1: turning documents into HTTP messages and back, driven by the
//! static tables of [`crate::schema`].
//!
//! Documents are `serde_json::Value` objects keyed by model member name, for
//! every member whatever its HTTP binding, except a streaming payload (which
//! travels separately as a [`crate::ByteStream`]). All functions here are pure:
//! no I/O, no clock.
//!
//! - Client side: [`serialize_request`], [`parse_response`], [`parse_error`].
//! - Server side (the emulator): [`route`], [`parse_request`], [`validate()`],
//!   [`serialize_response`], [`serialize_error`].
//!
//! Wire decisions, each checked against botocore by `tests/tests/wire_botocore.rs`
//! or against Smithy's restJson1 protocol tests by `tests/tests/restjson_protocol.rs`:
//! - A JSON body (and `Content-Type: application/json`) is sent whenever the
//!   input has body-bound members, `{}` when none is set; never otherwise.
//! - A streaming payload gets `Content-Type: application/octet-stream`, where
//!   botocore sends none (the one deliberate difference).
//! - Query strings are encoded with RFC 3986 unreserved characters kept, so
//!   they are SigV4-canonical; `+` is a literal plus when decoding.
//! - Error codes: `x-amzn-ErrorType` first, then body `code`, then `__type`;
//!   namespace (`...#`) and URI suffix (`:...`) stripped.
//! - Patterns match the whole value, as the service's validation does.

use std::borrow::Cow;

use bytes::Bytes;

mod error_code;
mod json;
mod pattern;
mod request;
mod response;
mod server;
mod validate;
mod wire;

#[cfg(test)]
mod tests;

pub use error_code::sanitize_error_code;
pub use pattern::{class_matches, pattern_matches};
pub use request::serialize_request;
pub use response::{ResponseError, parse_error, parse_response};
pub use server::{
    RequestError, RequestErrorKind, RouteError, parse_request, route, serialize_error,
    serialize_response,
};
pub use validate::{Violation, validate, validation_message};
pub use wire::{encode_query_component, format_http_date};

/// An HTTP request built from an operation's input, before signing.
///
/// The signer reads `path` (already percent-encoded), the decoded `query`
/// pairs and `headers`, and adds its own headers; the client sends it. A
/// streaming payload is not in `body`: the caller attaches the `ByteStream`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// Upper-case method from the model, e.g. `POST`.
    pub method: &'static str,
    /// The percent-encoded path, e.g. `/v1/package/versions/update_status`.
    pub path: String,
    /// Decoded query parameters in a stable order: the URI's literal query
    /// first, then the input members in model order (list items in order).
    pub query: Vec<(Cow<'static, str>, String)>,
    /// Header names as the model spells them (compare case-insensitively).
    pub headers: Vec<(Cow<'static, str>, String)>,
    /// The JSON body, when one is sent. `None` means no body at all, which is
    /// not the same as an empty `{}` object.
    pub body: Option<Bytes>,
}

impl HttpRequest {
    /// The query string, percent-encoded as SigV4 does (RFC 3986 unreserved
    /// characters kept), pairs in [`HttpRequest::query`] order, without `?`.
    pub fn query_string(&self) -> String {
        let mut out = String::new();
        for (i, (name, value)) in self.query.iter().enumerate() {
            if i > 0 {
                out.push('&');
            }
            wire::push_encoded(&mut out, name, wire::QUERY);
            out.push('=');
            wire::push_encoded(&mut out, value, wire::QUERY);
        }
        out
    }

    /// Path and query, as in the request line: `/v1/domain?domain=my-domain`.
    pub fn path_and_query(&self) -> String {
        if self.query.is_empty() {
            return self.path.clone();
        }
        let mut out = self.path.clone();
        out.push('?');
        out.push_str(&self.query_string());
        out
    }

    /// The first header with this name, compared case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

/// An HTTP response built by the server side from an output or an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(Cow<'static, str>, String)>,
    /// The JSON body; empty for a streaming payload, which the caller sends.
    pub body: Bytes,
}

impl HttpResponse {
    /// The first header with this name, compared case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

fn find_header<'a>(headers: &'a [(Cow<'static, str>, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Read access to a message's headers, by case-insensitive name.
///
/// Implemented for `http::HeaderMap` and for slices of `(name, value)` pairs,
/// so both the client (hyper) and tests can pass what they have.
pub trait Headers {
    /// The first value of the header `name` (any case), if it is valid UTF-8.
    fn header(&self, name: &str) -> Option<&str>;
}

impl Headers for http::HeaderMap {
    fn header(&self, name: &str) -> Option<&str> {
        self.get(name).and_then(|v| v.to_str().ok())
    }
}

impl<N: AsRef<str>, V: AsRef<str>> Headers for [(N, V)] {
    fn header(&self, name: &str) -> Option<&str> {
        self.iter()
            .find(|(n, _)| n.as_ref().eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_ref())
    }
}

impl<N: AsRef<str>, V: AsRef<str>> Headers for Vec<(N, V)> {
    fn header(&self, name: &str) -> Option<&str> {
        self.as_slice().header(name)
    }
}
