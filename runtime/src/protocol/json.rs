//! Shape-guided walks over JSON documents: writing bodies, pruning what the
//! model does not know, and checking wire types on the server side.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Map, Value};

use crate::schema::{Location, Member, Shape, ShapeKind};

/// Writes `{...}` with the body-bound members of `doc`, in model order,
/// leaving out absent and null members at every structure level.
pub(crate) fn write_body(
    members: &[Member],
    doc: &Map<String, Value>,
    out: &mut Vec<u8>,
) -> serde_json::Result<()> {
    write_members(
        members.iter().filter(|m| m.location == Location::Body),
        doc,
        out,
    )
}

/// Writes `{...}` with every member of a structure that `doc` sets.
pub(crate) fn write_struct(
    members: &[Member],
    doc: &Map<String, Value>,
    out: &mut Vec<u8>,
) -> serde_json::Result<()> {
    write_members(members.iter(), doc, out)
}

fn write_members<'a>(
    members: impl Iterator<Item = &'a Member>,
    doc: &Map<String, Value>,
    out: &mut Vec<u8>,
) -> serde_json::Result<()> {
    out.push(b'{');
    let mut first = true;
    for m in members {
        first = write_member(m, doc, first, out)?;
    }
    out.push(b'}');
    Ok(())
}

/// Writes `"name":value` when the member is set; returns the new `first`.
fn write_member(
    m: &Member,
    doc: &Map<String, Value>,
    first: bool,
    out: &mut Vec<u8>,
) -> serde_json::Result<bool> {
    let Some(value) = doc.get(m.name).filter(|v| !v.is_null()) else {
        return Ok(first);
    };
    if !first {
        out.push(b',');
    }
    serde_json::to_writer(&mut *out, m.name)?;
    out.push(b':');
    write_value(m.target, value, out)?;
    Ok(false)
}

fn write_value(shape: &Shape, value: &Value, out: &mut Vec<u8>) -> serde_json::Result<()> {
    match (&shape.kind, value) {
        (ShapeKind::Structure(s), Value::Object(map)) => write_struct(s.members, map, out)?,
        (ShapeKind::List { member, .. }, Value::Array(items)) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_value(member, item, out)?;
            }
            out.push(b']');
        }
        (
            ShapeKind::Map {
                value: value_shape, ..
            },
            Value::Object(map),
        ) => {
            out.push(b'{');
            for (i, (k, v)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                serde_json::to_writer(&mut *out, k)?;
                out.push(b':');
                write_value(value_shape, v, out)?;
            }
            out.push(b'}');
        }
        _ => serde_json::to_writer(&mut *out, value)?,
    }
    Ok(())
}

/// Keeps only what the model knows: unknown structure members and nulls are
/// removed, recursively. Values are not converted (the typed layer does it).
pub(crate) fn prune(shape: &Shape, value: &mut Value) {
    match (&shape.kind, value) {
        (ShapeKind::Structure(s), Value::Object(map)) => {
            map.retain(|k, v| !v.is_null() && s.members.iter().any(|m| m.name == k));
            for (k, v) in map.iter_mut() {
                if let Some(m) = s.members.iter().find(|m| m.name == k) {
                    prune(m.target, v);
                }
            }
        }
        (ShapeKind::List { member, .. }, Value::Array(items)) => {
            items.iter_mut().for_each(|v| prune(member, v))
        }
        // Maps are dense: a null value means no entry.
        (
            ShapeKind::Map {
                value: value_shape, ..
            },
            Value::Object(map),
        ) => {
            map.retain(|_, v| !v.is_null());
            map.values_mut().for_each(|v| prune(value_shape, v))
        }
        _ => {}
    }
}

/// A value of the wrong JSON type: where, and what was expected.
#[derive(Debug)]
pub(crate) struct Mismatch {
    /// Path segments, innermost first (built while unwinding, so a valid
    /// document costs no formatting).
    reversed: Vec<String>,
    pub expected: &'static str,
}

impl Mismatch {
    /// The same mismatch, seen from one level up.
    pub fn within(mut self, segment: impl Into<String>) -> Self {
        self.reversed.push(segment.into());
        self
    }

    /// `versions.2.member`.
    pub fn path(&self) -> String {
        let mut out = String::new();
        for (i, seg) in self.reversed.iter().rev().enumerate() {
            if i > 0 {
                out.push('.');
            }
            out.push_str(seg);
        }
        out
    }
}

/// Checks that `value` has the JSON type `shape` needs, dropping nulls and
/// unknown members of structures on the way.
pub(crate) fn conform(shape: &Shape, value: &mut Value) -> Result<(), Mismatch> {
    let ok = match (&shape.kind, &mut *value) {
        (ShapeKind::String { .. }, Value::String(_)) | (ShapeKind::Boolean, Value::Bool(_)) => true,
        (ShapeKind::Integer { .. }, Value::Number(n)) => {
            n.as_i64().is_some_and(|v| i32::try_from(v).is_ok())
        }
        (ShapeKind::Long { .. }, Value::Number(n)) => n.as_i64().is_some(),
        (ShapeKind::Timestamp, Value::Number(_)) => true,
        (ShapeKind::Blob { .. }, Value::String(s)) => STANDARD.decode(s.as_bytes()).is_ok(),
        (ShapeKind::Structure(s), Value::Object(map)) => {
            map.retain(|k, v| !v.is_null() && s.members.iter().any(|m| m.name == k));
            for (k, v) in map.iter_mut() {
                if let Some(m) = s.members.iter().find(|m| m.name == k) {
                    conform(m.target, v).map_err(|e| e.within(k.as_str()))?;
                }
            }
            true
        }
        (ShapeKind::List { member, .. }, Value::Array(items)) => {
            for (i, v) in items.iter_mut().enumerate() {
                conform(member, v).map_err(|e| e.within(format!("{}.member", i + 1)))?;
            }
            true
        }
        // JSON keys are strings, as map keys of restJson1 always are.
        (
            ShapeKind::Map {
                value: value_shape, ..
            },
            Value::Object(map),
        ) => {
            for (k, v) in map.iter_mut() {
                conform(value_shape, v).map_err(|e| e.within(k.as_str()))?;
            }
            true
        }
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(Mismatch {
            reversed: Vec::new(),
            expected: type_name(shape),
        })
    }
}

/// Runs `f` with `segment` appended to the dotted `path`, then restores it.
pub(crate) fn with_segment<T>(
    path: &mut String,
    segment: &str,
    f: impl FnOnce(&mut String) -> T,
) -> T {
    let len = path.len();
    if !path.is_empty() {
        path.push('.');
    }
    path.push_str(segment);
    let out = f(path);
    path.truncate(len);
    out
}

/// The JSON type a shape travels as, for error messages.
pub(crate) fn type_name(shape: &Shape) -> &'static str {
    match shape.kind {
        ShapeKind::String { .. } => "a string",
        ShapeKind::Integer { .. } => "an integer",
        ShapeKind::Long { .. } => "a long integer",
        ShapeKind::Boolean => "a boolean",
        ShapeKind::Timestamp => "a timestamp (epoch seconds)",
        ShapeKind::Blob { .. } => "base64 text",
        ShapeKind::List { .. } => "a list",
        ShapeKind::Map { .. } => "a map",
        ShapeKind::Structure(_) => "a structure",
    }
}
