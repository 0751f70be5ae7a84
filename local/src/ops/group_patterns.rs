//! Package group patterns (`/*`, `/npm/*`, `/npm/scope/*`,
//! `/npm/scope/name*`, `/npm/scope/name$`): validity, matching, nesting.

use crate::error::{ApiError, ApiResult};

use super::groups::ROOT;

/// The pattern as it appears in the group's ARN. inferred: the leading `/`
/// is dropped and only `*` and `$` are percent-encoded.
pub(super) fn encode_pattern(p: &str) -> String {
    p.trim_start_matches('/')
        .replace('*', "%2A")
        .replace('$', "%24")
}

pub(super) fn decode_pattern(s: &str) -> String {
    format!("/{}", s.replace("%2A", "*").replace("%24", "$"))
}

/// `(format, namespace, name, exact)` segments; `None` for `/*` parts.
pub(super) struct Parsed<'a> {
    segments: Vec<&'a str>,
}

pub(super) fn parse(pattern: &str) -> ApiResult<Parsed<'_>> {
    let invalid = || ApiError::validation(format!("Invalid package group pattern '{pattern}'"));
    let body = pattern.strip_prefix('/').ok_or_else(invalid)?;
    let segments: Vec<&str> = body.split('/').collect();
    let last = segments.last().copied().unwrap_or("");
    let valid_end = last.ends_with('*') || last.ends_with('$') || segments.len() == 3;
    if segments.len() > 3 || !valid_end || segments.iter().rev().skip(1).any(|s| s.contains('*')) {
        return Err(invalid());
    }
    if segments.len() < 3 && last != "*" {
        return Err(invalid());
    }
    Ok(Parsed { segments })
}

/// How specifically `pattern` matches the package; `None` if it does not.
pub(super) fn specificity(
    pattern: &str,
    format: &str,
    namespace: &str,
    name: &str,
) -> Option<usize> {
    let p = parse(pattern).ok()?;
    let wanted = [format, namespace, name];
    for (i, seg) in p.segments.iter().enumerate() {
        if let Some(prefix) = seg.strip_suffix('*') {
            return wanted[i]
                .starts_with(prefix)
                .then_some(i * 1000 + prefix.len());
        }
        let exact = seg.strip_suffix('$').unwrap_or(seg);
        if exact != wanted[i] {
            return None;
        }
    }
    Some(10_000)
}

/// Whether `outer` covers every package `inner` does (for parents).
pub(super) fn covers(outer: &str, inner: &str) -> bool {
    if outer == inner {
        return false;
    }
    let Ok(o) = parse(outer) else { return false };
    let Ok(i) = parse(inner) else { return false };
    for (idx, seg) in o.segments.iter().enumerate() {
        let Some(other) = i.segments.get(idx) else {
            return false;
        };
        if let Some(prefix) = seg.strip_suffix('*') {
            return other.trim_end_matches(['*', '$']).starts_with(prefix);
        }
        if seg.trim_end_matches('$') != other.trim_end_matches('$') {
            return false;
        }
    }
    false
}

pub(super) fn parent_of(patterns: &[String], pattern: &str) -> Option<String> {
    patterns
        .iter()
        .filter(|p| covers(p, pattern))
        .max_by_key(|p| p.trim_end_matches(['*', '$']).len())
        .cloned()
}

pub(super) fn best_group(patterns: &[String], format: &str, namespace: &str, name: &str) -> String {
    patterns
        .iter()
        .filter_map(|p| specificity(p, format, namespace, name).map(|s| (s, p)))
        .max_by_key(|(s, _)| *s)
        .map_or_else(|| ROOT.to_owned(), |(_, p)| p.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matching_nesting_and_validity() {
        let patterns: Vec<String> = [
            "/*",
            "/generic/*",
            "/generic/ns/*",
            "/generic/ns/too*",
            "/generic/ns/tool$",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(
            best_group(&patterns, "generic", "ns", "tool"),
            "/generic/ns/tool$"
        );
        assert_eq!(
            best_group(&patterns, "generic", "ns", "tooling"),
            "/generic/ns/too*"
        );
        assert_eq!(best_group(&patterns, "generic", "other", "x"), "/generic/*");
        assert_eq!(best_group(&patterns, "npm", "", "x"), "/*");
        assert_eq!(
            parent_of(&patterns, "/generic/ns/tool$").as_deref(),
            Some("/generic/ns/too*")
        );
        assert_eq!(parent_of(&patterns, "/generic/*").as_deref(), Some("/*"));
        assert_eq!(parent_of(&patterns, "/*"), None);
        for bad in ["generic/*", "/generic", "/a/b/c/d", "/a*/b/*"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        assert_eq!(decode_pattern(&encode_pattern("/npm/s/n*")), "/npm/s/n*");
    }
}
