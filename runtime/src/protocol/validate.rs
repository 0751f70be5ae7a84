//! Model constraint validation, with the service's messages.

use std::fmt::Write as _;

use serde_json::{Map, Value};

use super::json::{type_name, with_segment};
use super::pattern::pattern_matches;
use crate::schema::{Bounds, Member, Pattern, Shape, ShapeKind};

/// One failed constraint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// The field, by model member names: `domain`, `versions.2.member`,
    /// `origin.publish` (list items are numbered from 1).
    pub path: String,
    /// The value as the message shows it (`'x'`, `5`, `null`, `'[a, b]'`),
    /// or `None` when the member is sensitive and its value must not leak.
    pub value: Option<String>,
    /// `Member must not be null`, `Member must have length less than or equal to 50`, ...
    pub constraint: String,
}

impl Violation {
    /// `Value 'x' at 'domain' failed to satisfy constraint: Member must ...`.
    pub fn message(&self) -> String {
        match &self.value {
            Some(v) => format!(
                "Value {v} at '{}' failed to satisfy constraint: {}",
                self.path, self.constraint
            ),
            None => format!(
                "Value at '{}' failed to satisfy constraint: {}",
                self.path, self.constraint
            ),
        }
    }
}

/// The whole-request message: `2 validation errors detected: <msg>; <msg>`.
pub fn validation_message(violations: &[Violation]) -> String {
    let n = violations.len();
    let mut out = format!(
        "{n} validation error{} detected: ",
        if n == 1 { "" } else { "s" }
    );
    for (i, v) in violations.iter().enumerate() {
        if i > 0 {
            out.push_str("; ");
        }
        out.push_str(&v.message());
    }
    out
}

/// Every constraint `doc` breaks, checked against the structure `shape`:
/// required members, types, lengths (strings in characters), patterns, enum
/// values, numeric ranges, nested structures, lists and maps. Members are
/// checked in model order. A streaming payload member is not checked (it
/// is not part of documents).
pub fn validate(shape: &'static Shape, doc: &Value) -> Vec<Violation> {
    let mut out = Vec::new();
    let mut path = String::new();
    match doc {
        Value::Object(map) => check_struct(shape, map, &mut path, &mut out),
        _ => check(shape, doc, &mut path, &mut out),
    }
    out
}

fn check_struct(
    shape: &Shape,
    map: &Map<String, Value>,
    path: &mut String,
    out: &mut Vec<Violation>,
) {
    // A streaming payload never is in the document: the caller checks it.
    let in_document = |m: &&Member| {
        !matches!(
            m.target.kind,
            ShapeKind::Blob {
                streaming: true,
                ..
            }
        )
    };
    for m in shape.members().iter().filter(in_document) {
        with_segment(path, m.name, |p| {
            match map.get(m.name).filter(|v| !v.is_null()) {
                Some(v) => check(m.target, v, p, out),
                None if m.required => out.push(Violation {
                    path: p.clone(),
                    value: Some("null".to_owned()),
                    constraint: "Member must not be null".to_owned(),
                }),
                None => {}
            }
        });
    }
}

fn check(shape: &Shape, value: &Value, path: &mut String, out: &mut Vec<Violation>) {
    let mut failed = Vec::new();
    constraints(shape, value, &mut failed);
    if !failed.is_empty() {
        let shown = shown(shape, value);
        out.extend(failed.into_iter().map(|constraint| Violation {
            path: path.clone(),
            value: shown.clone(),
            constraint,
        }));
    }
    match (&shape.kind, value) {
        (ShapeKind::Structure(_), Value::Object(map)) => check_struct(shape, map, path, out),
        (ShapeKind::List { member, .. }, Value::Array(items)) => {
            let mut segment = String::new();
            for (i, item) in items.iter().enumerate() {
                segment.clear();
                let _ = write!(segment, "{}.member", i + 1);
                with_segment(path, &segment, |p| check(member, item, p, out));
            }
        }
        (ShapeKind::Map { .. }, Value::Object(map)) => check_map(shape, value, map, path, out),
        _ => {}
    }
}

/// The value as a message shows it; `None` for sensitive shapes.
fn shown(shape: &Shape, value: &Value) -> Option<String> {
    (!shape.sensitive).then(|| render(value, true))
}

/// Map keys and scalar values are reported once for the whole map, as the
/// service does (`Map value must satisfy constraint: [...]`); structured
/// values are walked like list items, by key.
fn check_map(
    shape: &Shape,
    whole: &Value,
    map: &Map<String, Value>,
    path: &mut String,
    out: &mut Vec<Violation>,
) {
    let ShapeKind::Map {
        key,
        value: value_shape,
        ..
    } = &shape.kind
    else {
        return;
    };
    let (mut key_failures, mut value_failures) = (Vec::new(), Vec::new());
    for (k, v) in map {
        if let ShapeKind::String {
            length,
            pattern,
            enum_values,
        } = &key.kind
        {
            string_constraints(*length, *pattern, enum_values, k, &mut key_failures);
        }
        match value_shape.kind {
            ShapeKind::Structure(_) | ShapeKind::List { .. } | ShapeKind::Map { .. } => {
                with_segment(path, k, |p| check(value_shape, v, p, out))
            }
            _ => constraints(value_shape, v, &mut value_failures),
        }
    }
    for (label, mut failures) in [("Map keys", key_failures), ("Map value", value_failures)] {
        if failures.is_empty() {
            continue;
        }
        let mut seen = Vec::new();
        failures.retain(|f| {
            if seen.contains(f) {
                false
            } else {
                seen.push(f.clone());
                true
            }
        });
        out.push(Violation {
            path: path.clone(),
            value: shown(shape, whole),
            constraint: format!("{label} must satisfy constraint: [{}]", failures.join(", ")),
        });
    }
}

fn string_constraints(
    length: Bounds,
    pattern: Option<&Pattern>,
    enum_values: &[&str],
    s: &str,
    failed: &mut Vec<String>,
) {
    length_constraints(length, s.chars().count(), failed);
    if let Some(p) = pattern
        && !pattern_matches(p, s)
    {
        failed.push(format!(
            "Member must satisfy regular expression pattern: {}",
            p.source
        ));
    }
    if !enum_values.is_empty() && !enum_values.contains(&s) {
        failed.push(format!(
            "Member must satisfy enum value set: [{}]",
            enum_values.join(", ")
        ));
    }
}

/// The constraints of `shape` itself (not of nested members) that `value` breaks.
fn constraints(shape: &Shape, value: &Value, failed: &mut Vec<String>) {
    match (&shape.kind, value) {
        (
            ShapeKind::String {
                length,
                pattern,
                enum_values,
            },
            Value::String(s),
        ) => string_constraints(*length, *pattern, enum_values, s, failed),
        (ShapeKind::Integer { range } | ShapeKind::Long { range }, Value::Number(n))
            if n.is_i64() =>
        {
            let v = n.as_i64().unwrap_or_default();
            if range.min.is_some_and(|min| v < min) {
                failed.push(format!(
                    "Member must have value greater than or equal to {}",
                    range.min.unwrap_or_default()
                ));
            }
            if range.max.is_some_and(|max| v > max) {
                failed.push(format!(
                    "Member must have value less than or equal to {}",
                    range.max.unwrap_or_default()
                ));
            }
        }
        (ShapeKind::Blob { length, .. }, Value::String(s)) => {
            length_constraints(*length, base64_len(s), failed)
        }
        (ShapeKind::List { length, .. }, Value::Array(items)) => {
            length_constraints(*length, items.len(), failed)
        }
        (ShapeKind::Map { length, .. }, Value::Object(map)) => {
            length_constraints(*length, map.len(), failed)
        }
        (ShapeKind::Boolean, Value::Bool(_))
        | (ShapeKind::Timestamp, Value::Number(_))
        | (ShapeKind::Structure(_), Value::Object(_)) => {}
        _ => failed.push(format!("Member must be {}", type_name(shape))),
    }
}

fn length_constraints(bounds: Bounds, len: usize, failed: &mut Vec<String>) {
    let len = i64::try_from(len).unwrap_or(i64::MAX);
    if let Some(min) = bounds.min.filter(|min| len < *min) {
        failed.push(format!(
            "Member must have length greater than or equal to {min}"
        ));
    }
    if let Some(max) = bounds.max.filter(|max| len > *max) {
        failed.push(format!(
            "Member must have length less than or equal to {max}"
        ));
    }
}

/// Decoded length of base64 text, without decoding it.
fn base64_len(s: &str) -> usize {
    let pad = s.bytes().rev().take_while(|b| *b == b'=').count();
    (s.len() / 4 * 3).saturating_sub(pad)
}

/// The value as the service's messages show it: strings quoted, collections
/// in Java's `toString` form and quoted at the top level.
fn render(value: &Value, top: bool) -> String {
    let q = |s: String| if top { format!("'{s}'") } else { s };
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => q(s.clone()),
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().map(|v| render(v, false)).collect();
            q(format!("[{}]", parts.join(", ")))
        }
        Value::Object(map) => {
            let mut s = String::from("{");
            for (i, (k, v)) in map.iter().enumerate() {
                let _ = write!(
                    s,
                    "{}{k}={}",
                    if i > 0 { ", " } else { "" },
                    render(v, false)
                );
            }
            s.push('}');
            q(s)
        }
    }
}
