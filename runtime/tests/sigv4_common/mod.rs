//! Helpers shared by the SigV4 tests: finding `../shared/conformance` and
//! reading raw HTTP requests in the test suites' text form.
#![allow(dead_code)]

use std::path::PathBuf;

use codeartifact_runtime::sigv4::{Payload, SignableRequest};

/// `../shared` next to the workspace (or `CODEARTIFACT_SHARED_DIR`); panics
/// with a clear message when it is absent.
pub fn shared_dir() -> PathBuf {
    let dir = std::env::var_os("CODEARTIFACT_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared")));
    assert!(
        dir.join("conformance").is_dir(),
        "the shared conformance data is absent: expected {}/conformance (set CODEARTIFACT_SHARED_DIR to its parent)",
        dir.display()
    );
    dir
}

pub fn read(path: &std::path::Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// A request from a suite's `request.txt`: `METHOD URI HTTP/1.1`, headers as
/// `Name:value` (indented lines continue the previous value), a blank line,
/// then the body.
#[derive(Debug)]
pub struct RawRequest {
    pub method: String,
    pub path: String,
    /// The query as written, without `?`.
    pub raw_query: Option<String>,
    pub query: Vec<(String, String)>,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl RawRequest {
    pub fn parse(text: &str) -> RawRequest {
        let text = text.replace("\r\n", "\n");
        let (head, body) = text.split_once("\n\n").unwrap_or((text.as_str(), ""));
        let mut lines = head.lines();
        let request_line = lines.next().expect("request line");
        let (method, rest) = request_line.split_once(' ').expect("method");
        let (uri, _version) = rest.rsplit_once(' ').expect("HTTP version");
        let (path, raw_query) = match uri.split_once('?') {
            Some((p, q)) => (p, Some(q.to_owned())),
            None => (uri, None),
        };
        let query = raw_query
            .iter()
            .flat_map(|q| q.split('&'))
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (k.to_owned(), v.to_owned())
            })
            .collect();
        let mut headers: Vec<(String, String)> = Vec::new();
        for line in lines {
            if line.starts_with([' ', '\t']) {
                let last = headers.last_mut().expect("continuation after a header");
                last.1.push(' ');
                last.1.push_str(line);
            } else {
                let (name, value) = line.split_once(':').expect("header line");
                headers.push((name.to_owned(), value.to_owned()));
            }
        }
        RawRequest {
            method: method.to_owned(),
            path: path.to_owned(),
            raw_query,
            query,
            headers,
            body: body.as_bytes().to_vec(),
        }
    }

    pub fn query_refs(&self) -> Vec<(&str, &str)> {
        self.query
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect()
    }

    /// The request to sign, borrowing `query_refs()` and `header_refs()`.
    pub fn signable<'a>(
        &'a self,
        query: &'a [(&'a str, &'a str)],
        headers: &'a [(&'a str, &'a str)],
    ) -> SignableRequest<'a> {
        SignableRequest {
            method: &self.method,
            path: &self.path,
            query,
            headers,
            payload: Payload::Bytes(&self.body),
        }
    }

    pub fn header_refs(&self) -> Vec<(&str, &str)> {
        self.headers
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect()
    }
}

/// The header lines of a signed request file, as (name, value).
pub fn signed_request_headers(text: &str) -> Vec<(String, String)> {
    let text = text.replace("\r\n", "\n");
    let head = text.split_once("\n\n").map_or(text.as_str(), |(h, _)| h);
    head.lines()
        .skip(1)
        .filter(|l| !l.starts_with([' ', '\t']))
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.to_owned(), v.to_owned()))
        .collect()
}
