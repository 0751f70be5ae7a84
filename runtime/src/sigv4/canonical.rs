//! The canonical request, written straight into a hash (or a buffer when a
//! test wants to see it), so signing allocates nothing for it.

use sha2::{Digest, Sha256};

use super::SigningSettings;

/// Where canonical bytes go: the SHA-256 on the hot path, a buffer as well
/// when the caller asked for a trace.
pub(crate) trait Sink {
    fn put(&mut self, bytes: &[u8]);
}

impl Sink for Sha256 {
    fn put(&mut self, bytes: &[u8]) {
        Digest::update(self, bytes);
    }
}

impl Sink for Vec<u8> {
    fn put(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }
}

/// Gathers small writes so the hash sees a few large updates: a canonical
/// request is dozens of short pieces.
pub(crate) struct Buffered<'a, S: Sink> {
    inner: &'a mut S,
    buf: [u8; 256],
    len: usize,
}

impl<'a, S: Sink> Buffered<'a, S> {
    pub(crate) fn new(inner: &'a mut S) -> Self {
        Self {
            inner,
            buf: [0; 256],
            len: 0,
        }
    }

    /// Hands the rest to the inner sink.
    pub(crate) fn finish(mut self) {
        self.inner.put(&self.buf[..self.len]);
        self.len = 0;
    }
}

impl<S: Sink> Sink for Buffered<'_, S> {
    fn put(&mut self, bytes: &[u8]) {
        if self.len + bytes.len() > self.buf.len() {
            self.inner.put(&self.buf[..self.len]);
            self.len = 0;
            if bytes.len() > self.buf.len() {
                self.inner.put(bytes);
                return;
            }
        }
        self.buf[self.len..self.len + bytes.len()].copy_from_slice(bytes);
        self.len += bytes.len();
    }
}

/// Writes to a hash and records the same bytes.
pub(crate) struct Tee<'a, A>(pub &'a mut A, pub &'a mut Vec<u8>);

impl<A: Sink> Sink for Tee<'_, A> {
    fn put(&mut self, bytes: &[u8]) {
        self.0.put(bytes);
        self.1.put(bytes);
    }
}

const HEX_UPPER: &[u8; 16] = b"0123456789ABCDEF";
const HEX_LOWER: &[u8; 16] = b"0123456789abcdef";

pub(crate) fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

fn escape(b: u8) -> [u8; 3] {
    [
        b'%',
        HEX_UPPER[usize::from(b >> 4)],
        HEX_UPPER[usize::from(b & 15)],
    ]
}

pub(crate) fn hex_lower(bytes: &[u8; 32]) -> [u8; 64] {
    let mut out = [0u8; 64];
    for (i, b) in bytes.iter().enumerate() {
        out[2 * i] = HEX_LOWER[usize::from(b >> 4)];
        out[2 * i + 1] = HEX_LOWER[usize::from(b & 15)];
    }
    out
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Writes `bytes` percent-encoded, keeping unreserved bytes and those `keep`
/// accepts; runs of kept bytes go out as one slice.
fn write_encoded<S: Sink>(s: &mut S, bytes: &[u8], keep: impl Fn(u8) -> bool) {
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if !(is_unreserved(b) || keep(b)) {
            s.put(&bytes[start..i]);
            s.put(&escape(b));
            start = i + 1;
        }
    }
    s.put(&bytes[start..]);
}

/// RFC 3986 encoding of a raw value (used for the values the signer adds to a
/// presigned query, which are not yet encoded).
pub(crate) fn encode_raw(value: &str, out: &mut Vec<u8>) {
    write_encoded(out, value.as_bytes(), |_| false);
}

/// The bytes of a query component as it appears in a URL, in canonical form:
/// `%XX` escapes decoded, then every byte but the unreserved ones encoded
/// with upper-case hex. Yields bytes so that sorting compares canonical forms
/// without building them.
struct CanonicalBytes<'a> {
    src: &'a [u8],
    pos: usize,
    pending: [u8; 3],
    pending_at: u8,
}

impl<'a> CanonicalBytes<'a> {
    fn new(s: &'a str) -> Self {
        Self {
            src: s.as_bytes(),
            pos: 0,
            pending: [0; 3],
            pending_at: 3,
        }
    }
}

impl Iterator for CanonicalBytes<'_> {
    type Item = u8;
    fn next(&mut self) -> Option<u8> {
        if self.pending_at < 3 {
            let b = self.pending[usize::from(self.pending_at)];
            self.pending_at += 1;
            return Some(b);
        }
        let (b, used) = decode_at(self.src, self.pos)?;
        self.pos += used;
        if is_unreserved(b) {
            return Some(b);
        }
        self.pending = escape(b);
        self.pending_at = 1;
        Some(b'%')
    }
}

/// The byte at `pos`, decoding a `%XX` escape; with how many input bytes it took.
fn decode_at(src: &[u8], pos: usize) -> Option<(u8, usize)> {
    let b = *src.get(pos)?;
    if b == b'%'
        && let (Some(h), Some(l)) = (
            src.get(pos + 1).copied().and_then(hex_value),
            src.get(pos + 2).copied().and_then(hex_value),
        )
    {
        return Some(((h << 4) | l, 3));
    }
    Some((b, 1))
}

/// True when a query component is already canonical, so it can be written
/// (and compared) as it is: the usual case for what our client sends.
fn is_canonical(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if is_unreserved(b[i]) {
            i += 1;
            continue;
        }
        let upper_hex = |x: u8| x.is_ascii_digit() || (b'A'..=b'F').contains(&x);
        match (b[i], b.get(i + 1), b.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if upper_hex(h) && upper_hex(l) => {
                let decoded = (hex_value(h).unwrap_or(0) << 4) | hex_value(l).unwrap_or(0);
                if is_unreserved(decoded) {
                    return false;
                }
                i += 3;
            }
            _ => return false,
        }
    }
    true
}

fn compare_component(a: &str, b: &str) -> std::cmp::Ordering {
    if is_canonical(a) && is_canonical(b) {
        a.as_bytes().cmp(b.as_bytes())
    } else {
        CanonicalBytes::new(a).cmp(CanonicalBytes::new(b))
    }
}

fn write_component<S: Sink>(s: &mut S, v: &str) {
    if is_canonical(v) {
        s.put(v.as_bytes());
        return;
    }
    let mut buf = [0u8; 64];
    let mut n = 0;
    for b in CanonicalBytes::new(v) {
        if n == buf.len() {
            s.put(&buf);
            n = 0;
        }
        buf[n] = b;
        n += 1;
    }
    s.put(&buf[..n]);
}

/// Sorts query pairs (as they appear in the URL) by canonical key, then value,
/// and writes them as `k=v&k=v`.
pub(crate) fn write_query<S: Sink>(s: &mut S, pairs: &mut [(&str, &str)]) {
    // What our client sends is already canonical: then plain byte order is
    // canonical order and components go out as they are.
    let canonical = pairs
        .iter()
        .all(|(k, v)| is_canonical(k) && is_canonical(v));
    if canonical {
        pairs.sort_unstable();
    } else {
        pairs.sort_by(|a, b| compare_component(a.0, b.0).then_with(|| compare_component(a.1, b.1)));
    }
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            s.put(b"&");
        }
        if canonical {
            s.put(k.as_bytes());
            s.put(b"=");
            s.put(v.as_bytes());
        } else {
            write_component(s, k);
            s.put(b"=");
            write_component(s, v);
        }
    }
}

/// Writes the canonical URI: dot segments and empty segments removed when
/// normalising; each byte but unreserved ones and `/` encoded (also `%`
/// when double-encoding, which is what every service but S3 expects).
pub(crate) fn write_path<S: Sink>(s: &mut S, path: &str, settings: &SigningSettings) {
    let keep_percent = !settings.double_encode_path;
    let keep = |b: u8| b == b'/' || (keep_percent && b == b'%');
    if path.is_empty() {
        s.put(b"/");
    } else if settings.normalize_path && needs_normalizing(path) {
        with_collected(path.split('/'), |segments| {
            let kept = remove_dot_segments(segments);
            let segments = &segments[..kept];
            s.put(b"/");
            for (i, seg) in segments.iter().enumerate() {
                if i > 0 {
                    s.put(b"/");
                }
                write_encoded(s, seg.as_bytes(), keep);
            }
            if !segments.is_empty() && path.ends_with('/') {
                s.put(b"/");
            }
        });
    } else {
        write_encoded(s, path.as_bytes(), keep);
    }
}

fn needs_normalizing(path: &str) -> bool {
    let Some(rest) = path.strip_prefix('/') else {
        return true;
    };
    let mut segments = rest.split('/').peekable();
    while let Some(seg) = segments.next() {
        let last = segments.peek().is_none();
        if seg == "." || seg == ".." || (seg.is_empty() && !last) {
            return true;
        }
    }
    false
}

/// Compacts `segments` in place to the ones left after removing empty and
/// dot segments (RFC 3986 §5.2.4, plus collapsing `//` as AWS does); returns
/// how many are left.
fn remove_dot_segments(segments: &mut [&str]) -> usize {
    let mut kept: usize = 0;
    for i in 0..segments.len() {
        match segments[i] {
            "" | "." => {}
            ".." => kept = kept.saturating_sub(1),
            seg => {
                segments[kept] = seg;
                kept += 1;
            }
        }
    }
    kept
}

/// Writes a header value trimmed, with each run of whitespace folded to one
/// space (the SigV4 "Trimall").
fn write_trimmed<S: Sink>(s: &mut S, value: &str) {
    let mut first = true;
    for part in value
        .split(|c: char| c.is_ascii_whitespace())
        .filter(|p| !p.is_empty())
    {
        if !first {
            s.put(b" ");
        }
        s.put(part.as_bytes());
        first = false;
    }
}

fn write_lowercase<S: Sink>(s: &mut S, name: &str) {
    if !name.bytes().any(|b| b.is_ascii_uppercase()) {
        s.put(name.as_bytes());
        return;
    }
    let mut buf = [0u8; 64];
    for chunk in name.as_bytes().chunks(buf.len()) {
        let lower = &mut buf[..chunk.len()];
        lower.copy_from_slice(chunk);
        lower.make_ascii_lowercase();
        s.put(lower);
    }
}

pub(crate) fn eq_ignore_case(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

/// Sorts headers by lower-cased name, keeping the order of values of the same
/// name (they are joined in the order sent).
pub(crate) fn sort_headers(headers: &mut [(&str, &str)]) {
    headers.sort_by(|a, b| {
        let la = a.0.bytes().map(|c| c.to_ascii_lowercase());
        la.cmp(b.0.bytes().map(|c| c.to_ascii_lowercase()))
    });
}

/// Writes `name:v1,v2\n` for each run of same-named headers in `headers`
/// (already grouped by name).
pub(crate) fn write_headers<S: Sink>(s: &mut S, headers: &[(&str, &str)]) {
    let mut i = 0;
    while i < headers.len() {
        let name = headers[i].0;
        write_lowercase(s, name);
        s.put(b":");
        let mut j = i;
        while j < headers.len() && eq_ignore_case(headers[j].0, name) {
            if j > i {
                s.put(b",");
            }
            write_trimmed(s, headers[j].1);
            j += 1;
        }
        s.put(b"\n");
        i = j;
    }
}

/// Appends the `;`-separated distinct lower-cased names of grouped headers.
pub(crate) fn push_signed_header_names(out: &mut String, headers: &[(&str, &str)]) {
    let mut prev: Option<&str> = None;
    for (name, _) in headers {
        if prev.is_some_and(|p| eq_ignore_case(p, name)) {
            continue;
        }
        if prev.is_some() {
            out.push(';');
        }
        out.extend(name.chars().map(|c| c.to_ascii_lowercase()));
        prev = Some(name);
    }
}

/// The whole canonical request. `headers` are grouped and sorted; `query`
/// is sorted here.
pub(crate) struct CanonicalParts<'r, 'q> {
    pub method: &'r str,
    pub path: &'r str,
    pub query: &'r mut [(&'q str, &'q str)],
    pub headers: &'r [(&'r str, &'r str)],
    pub signed_headers: &'r str,
    pub payload_hash: &'r str,
}

pub(crate) fn write_canonical_request<S: Sink>(
    s: &mut S,
    parts: CanonicalParts<'_, '_>,
    settings: &SigningSettings,
) {
    s.put(parts.method.as_bytes());
    s.put(b"\n");
    write_path(s, parts.path, settings);
    s.put(b"\n");
    write_query(s, parts.query);
    s.put(b"\n");
    write_headers(s, parts.headers);
    s.put(b"\n");
    s.put(parts.signed_headers.as_bytes());
    s.put(b"\n");
    s.put(parts.payload_hash.as_bytes());
}

/// Collects a short list on the stack (a heap `Vec` past 32 items) and hands
/// it to `f` as a mutable slice, so sorting headers and query pairs does not
/// allocate for ordinary requests.
pub(crate) fn with_collected<T: Copy + Default, R>(
    items: impl Iterator<Item = T>,
    f: impl FnOnce(&mut [T]) -> R,
) -> R {
    let mut buf = [T::default(); 32];
    let mut n = 0;
    let mut spill: Vec<T> = Vec::new();
    for item in items {
        if !spill.is_empty() {
            spill.push(item);
        } else if n < buf.len() {
            buf[n] = item;
            n += 1;
        } else {
            spill.extend_from_slice(&buf);
            spill.push(item);
        }
    }
    if spill.is_empty() {
        f(&mut buf[..n])
    } else {
        f(&mut spill)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(p: &str, normalize: bool) -> String {
        let settings = SigningSettings {
            normalize_path: normalize,
            ..SigningSettings::default()
        };
        let mut out = Vec::new();
        write_path(&mut out, p, &settings);
        String::from_utf8(out).unwrap_or_default()
    }

    #[test]
    fn paths() {
        assert_eq!(path("", true), "/");
        assert_eq!(path("/a/b/../../..", true), "/");
        assert_eq!(path("//a//b/./", true), "/a/b/");
        assert_eq!(path("/a b/%2F", true), "/a%20b/%252F");
        assert_eq!(path("//a/./", false), "//a/./");
        let s3 = SigningSettings {
            double_encode_path: false,
            normalize_path: false,
            ..Default::default()
        };
        let mut out = Vec::new();
        write_path(&mut out, "/a%20b c", &s3);
        assert_eq!(out, b"/a%20b%20c");
    }

    #[test]
    fn query_components_canonicalise_and_sort() {
        let mut pairs = [
            ("b", "x y"),
            ("%e1%88%b4", "1"),
            ("a", "%41+"),
            ("a", "%40"),
        ];
        let mut out = Vec::new();
        write_query(&mut out, &mut pairs);
        assert_eq!(
            String::from_utf8(out).unwrap_or_default(),
            "%E1%88%B4=1&a=%40&a=A%2B&b=x%20y"
        );
    }

    #[test]
    fn header_values_fold() {
        let mut headers = [("B", " x   y\t z "), ("a", "1"), ("b", "2")];
        sort_headers(&mut headers);
        let mut out = Vec::new();
        write_headers(&mut out, &headers);
        assert_eq!(
            String::from_utf8(out).unwrap_or_default(),
            "a:1\nb:x y z,2\n"
        );
        let mut names = String::new();
        push_signed_header_names(&mut names, &headers);
        assert_eq!(names, "a;b");
    }
}
