//! Model -> IR: resolves references, checks that every feature used is one
//! the generator implements, and makes every naming and typing decision.

use std::collections::{BTreeMap, BTreeSet};

use crate::docs::to_markdown;
use crate::error::CodegenError;
use crate::ir::*;
use crate::model;
use crate::naming;

mod operation;

use operation::lower_operation;

pub fn lower(
    model: &model::Model,
    paginators: &model::Paginators,
) -> Result<Service, CodegenError> {
    if model.metadata.protocol != "rest-json" {
        return Err(CodegenError::UnsupportedProtocol(
            model.metadata.protocol.clone(),
        ));
    }
    let places = assign_places(model)?;
    check_recursion(model)?;
    let mut shapes = BTreeMap::new();
    for (name, shape) in &model.shapes {
        shapes.insert(name.clone(), lower_shape(model, &places, name, shape)?);
    }
    check_collisions(&shapes)?;
    let mut operations = BTreeMap::new();
    let mut errors = BTreeSet::new();
    for (name, op) in &model.operations {
        let lowered = lower_operation(&shapes, name, op, paginators.pagination.get(name))?;
        errors.extend(lowered.errors.iter().map(|e| e.shape.clone()));
        operations.insert(name.clone(), lowered);
    }
    for name in paginators.pagination.keys() {
        if !operations.contains_key(name) {
            return Err(CodegenError::Paginator {
                operation: name.clone(),
                reason: "no such operation".into(),
            });
        }
    }
    let md = &model.metadata;
    Ok(Service {
        service_id: md.service_id.clone(),
        signing_name: md
            .signing_name
            .clone()
            .unwrap_or_else(|| md.endpoint_prefix.clone()),
        endpoint_prefix: md.endpoint_prefix.clone(),
        api_version: md.api_version.clone(),
        full_name: md.service_full_name.clone(),
        docs: to_markdown(model.documentation.as_deref().unwrap_or("")),
        shapes,
        operations,
        errors: errors.into_iter().collect(),
    })
}

/// Decides where each structure and enum's Rust type lives.
fn assign_places(model: &model::Model) -> Result<BTreeMap<String, RustDef>, CodegenError> {
    let mut places = operation_places(model)?;
    for (name, shape) in &model.shapes {
        let is_type =
            shape.kind == "structure" || (shape.kind == "string" && !shape.enum_values.is_empty());
        if !is_type || places.contains_key(name) {
            continue;
        }
        let type_name = naming::type_name(name);
        let (place, path) = if shape.exception || shape.error.is_some() {
            (Place::Errors, format!("crate::types::error::{type_name}"))
        } else {
            (Place::Types, format!("crate::types::{type_name}"))
        };
        let def = RustDef {
            builder: format!("{type_name}Builder"),
            module: naming::shape_module(name),
            type_name,
            path,
            place,
        };
        places.insert(name.clone(), def);
    }
    // An operation shape referenced as a member would need a second home.
    for shape in model.shapes.values() {
        for member in shape.members.values() {
            if let Some(RustDef {
                place: Place::Operation { .. },
                ..
            }) = places.get(&member.shape)
            {
                return Err(CodegenError::SharedOperationShape {
                    shape: member.shape.clone(),
                });
            }
        }
    }
    Ok(places)
}

/// Operation inputs and outputs live in their operation's module, named
/// `<Operation>Input` / `<Operation>Output`.
fn operation_places(model: &model::Model) -> Result<BTreeMap<String, RustDef>, CodegenError> {
    let mut places = BTreeMap::new();
    for (op_name, op) in &model.operations {
        let module = naming::operation_fn(op_name);
        let type_base = naming::type_name(op_name);
        let refs = [
            (op.input.as_ref(), true, "Input"),
            (op.output.as_ref(), false, "Output"),
        ];
        for (shape_ref, input, suffix) in refs {
            let Some(shape_ref) = shape_ref else {
                return Err(CodegenError::UnsupportedFeature {
                    owner: op_name.clone(),
                    feature: format!("operation without {}", suffix.to_lowercase()),
                });
            };
            let type_name = format!("{type_base}{suffix}");
            let def = RustDef {
                path: format!("crate::operation::{module}::{type_name}"),
                builder: format!("{type_name}Builder"),
                type_name,
                module: module.clone(),
                place: Place::Operation {
                    module: module.clone(),
                    input,
                },
            };
            if places.insert(shape_ref.shape.clone(), def).is_some() {
                return Err(CodegenError::SharedOperationShape {
                    shape: shape_ref.shape.clone(),
                });
            }
        }
    }
    Ok(places)
}

fn lookup<'m>(
    model: &'m model::Model,
    from: &str,
    name: &str,
) -> Result<&'m model::Shape, CodegenError> {
    model
        .shapes
        .get(name)
        .ok_or_else(|| CodegenError::MissingShape {
            referenced_by: from.to_owned(),
            shape: name.to_owned(),
        })
}

/// Structures that reach themselves through structure members only would
/// be infinitely sized.
fn check_recursion(model: &model::Model) -> Result<(), CodegenError> {
    fn visit(
        model: &model::Model,
        start: &str,
        at: &str,
        seen: &mut BTreeSet<String>,
    ) -> Result<(), CodegenError> {
        let shape = lookup(model, start, at)?;
        for member in shape.members.values() {
            let target = lookup(model, at, &member.shape)?;
            if target.kind != "structure" {
                continue;
            }
            if member.shape == start {
                return Err(CodegenError::RecursiveShape(start.to_owned()));
            }
            if seen.insert(member.shape.clone()) {
                visit(model, start, &member.shape, seen)?;
            }
        }
        Ok(())
    }
    for (name, shape) in &model.shapes {
        if shape.kind == "structure" {
            visit(model, name, name, &mut BTreeSet::new())?;
        }
    }
    Ok(())
}

fn bounds(shape: &model::Shape) -> Bounds {
    // The model writes bounds as JSON numbers; they are whole in practice and
    // the schema tables hold integers.
    Bounds {
        min: shape.min.map(|v| v as i64),
        max: shape.max.map(|v| v as i64),
    }
}

fn lower_shape(
    model: &model::Model,
    places: &BTreeMap<String, RustDef>,
    name: &str,
    shape: &model::Shape,
) -> Result<Shape, CodegenError> {
    let unsupported = |feature: &str| CodegenError::UnsupportedFeature {
        owner: name.to_owned(),
        feature: feature.to_owned(),
    };
    if shape.union || shape.event_stream {
        return Err(unsupported("union or event stream"));
    }
    if shape
        .timestamp_format
        .as_deref()
        .is_some_and(|f| f != "unixTimestamp")
    {
        return Err(unsupported("timestampFormat"));
    }
    if shape.streaming && shape.kind != "blob" {
        return Err(unsupported("streaming non-blob"));
    }
    Ok(Shape {
        wire_name: name.to_owned(),
        static_name: naming::static_name(name),
        sensitive: shape.sensitive,
        docs: shape_docs(name, shape, places.get(name)),
        kind: shape_kind(model, places, name, shape)?,
        rust: places.get(name).cloned(),
    })
}

fn shape_kind(
    model: &model::Model,
    places: &BTreeMap<String, RustDef>,
    name: &str,
    shape: &model::Shape,
) -> Result<ShapeKind, CodegenError> {
    let unsupported = |feature: &str| CodegenError::UnsupportedFeature {
        owner: name.to_owned(),
        feature: feature.to_owned(),
    };
    Ok(match shape.kind.as_str() {
        "string" => ShapeKind::String {
            length: bounds(shape),
            pattern: shape
                .pattern
                .as_deref()
                .map(crate::pattern::parse)
                .transpose()?,
            enum_values: lower_enum(name, &shape.enum_values)?,
        },
        "integer" => ShapeKind::Integer {
            range: bounds(shape),
        },
        "long" => ShapeKind::Long {
            range: bounds(shape),
        },
        "boolean" => ShapeKind::Boolean,
        "timestamp" => ShapeKind::Timestamp,
        "blob" => ShapeKind::Blob {
            length: bounds(shape),
            streaming: shape.streaming,
        },
        "list" => {
            let member = shape
                .member
                .as_ref()
                .ok_or_else(|| unsupported("list without member"))?;
            lookup(model, name, &member.shape)?;
            ShapeKind::List {
                member: member.shape.clone(),
                length: bounds(shape),
            }
        }
        "map" => {
            let (Some(key), Some(value)) = (&shape.key, &shape.value) else {
                return Err(unsupported("map without key or value"));
            };
            if lookup(model, name, &key.shape)?.kind != "string" {
                return Err(unsupported("map key that is not a string"));
            }
            lookup(model, name, &value.shape)?;
            ShapeKind::Map {
                key: key.shape.clone(),
                value: value.shape.clone(),
                length: bounds(shape),
            }
        }
        "structure" => ShapeKind::Structure(lower_structure(model, places, name, shape)?),
        other => {
            return Err(CodegenError::UnsupportedShapeType {
                shape: name.to_owned(),
                kind: other.to_owned(),
            });
        }
    })
}

/// Markdown docs, or `fallback` when the model has none (or only white space).
fn or_else(docs: String, fallback: impl FnOnce() -> String) -> String {
    if docs.trim().is_empty() {
        fallback()
    } else {
        docs
    }
}

/// A shape's docs; operation inputs and outputs the model leaves
/// undocumented point at their operation.
fn shape_docs(name: &str, shape: &model::Shape, def: Option<&RustDef>) -> String {
    or_else(
        to_markdown(shape.documentation.as_deref().unwrap_or("")),
        || match def {
            Some(RustDef {
                place: Place::Operation { input, .. },
                type_name,
                ..
            }) => {
                let op = type_name.trim_end_matches(if *input { "Input" } else { "Output" });
                let what = if *input { "input" } else { "output" };
                format!("The {what} of [`{op}`].")
            }
            Some(RustDef {
                place: Place::Errors,
                ..
            }) => format!("The `{name}` error."),
            Some(RustDef {
                place: Place::Types,
                ..
            }) => format!("The model's `{name}`."),
            None => String::new(),
        },
    )
}

fn lower_enum(shape: &str, values: &[String]) -> Result<Vec<EnumValue>, CodegenError> {
    let mut seen = BTreeMap::new();
    let mut out = Vec::new();
    for value in values {
        let bad = || CodegenError::BadEnumValue {
            shape: shape.to_owned(),
            value: value.clone(),
        };
        let variant = naming::enum_variant(value).ok_or_else(bad)?;
        if let Some(first) = seen.insert(variant.clone(), value.clone()) {
            return Err(CodegenError::NameCollision {
                rust_name: variant,
                first,
                second: value.clone(),
            });
        }
        out.push(EnumValue {
            value: value.clone(),
            variant,
        });
    }
    Ok(out)
}

fn lower_structure(
    model: &model::Model,
    places: &BTreeMap<String, RustDef>,
    name: &str,
    shape: &model::Shape,
) -> Result<Structure, CodegenError> {
    let mut members = Vec::new();
    let mut fields = BTreeMap::new();
    for (wire_name, member) in &shape.members {
        let lowered = lower_member(model, places, name, shape, wire_name, member)?;
        // Accessors, setters and getters share the impl blocks' namespace.
        for method in [&lowered.field, &lowered.setter, &lowered.getter] {
            if let Some(first) = fields.insert(method.clone(), wire_name.clone()) {
                return Err(CodegenError::NameCollision {
                    rust_name: method.clone(),
                    first,
                    second: wire_name.clone(),
                });
            }
        }
        members.push(lowered);
    }
    for required in &shape.required {
        if !shape.members.contains_key(required) {
            return Err(CodegenError::MissingShape {
                referenced_by: format!("{name}.required"),
                shape: required.clone(),
            });
        }
    }
    Ok(Structure {
        members,
        error: error_info(shape),
    })
}

fn error_info(shape: &model::Shape) -> Option<ErrorInfo> {
    match (&shape.error, shape.exception) {
        (Some(e), _) => Some(ErrorInfo {
            status: e.http_status_code,
            fault: shape.fault,
        }),
        (None, true) => Some(ErrorInfo {
            status: if shape.fault { 500 } else { 400 },
            fault: shape.fault,
        }),
        (None, false) => None,
    }
}

fn lower_member(
    model: &model::Model,
    places: &BTreeMap<String, RustDef>,
    name: &str,
    shape: &model::Shape,
    wire_name: &str,
    member: &model::Member,
) -> Result<Member, CodegenError> {
    let owner = format!("{name}.{wire_name}");
    let unsupported = |feature: &str| CodegenError::UnsupportedFeature {
        owner: owner.clone(),
        feature: feature.to_owned(),
    };
    if member.idempotency_token || member.json_value || member.host_label || member.event_payload {
        return Err(unsupported(
            "member trait (idempotencyToken, jsonvalue, hostLabel or eventpayload)",
        ));
    }
    if member.timestamp_format.is_some() {
        return Err(unsupported("member timestampFormat"));
    }
    let target = lookup(model, &owner, &member.shape)?;
    let location = lower_location(shape, wire_name, member, target).map_err(|f| unsupported(&f))?;
    if target.streaming && location != Location::Payload {
        return Err(unsupported("streaming member that is not the payload"));
    }
    let field = naming::member_field(wire_name);
    Ok(Member {
        wire_name: wire_name.to_owned(),
        setter: naming::prefixed("set", &field),
        getter: naming::prefixed("get", &field),
        field,
        target: member.shape.clone(),
        ty: rust_type(model, places, &owner, &member.shape)?,
        required: shape.required.iter().any(|r| r == wire_name),
        filled_by_runtime: matches!(&location, Location::Header(h) if h.eq_ignore_ascii_case("x-amz-content-sha256")),
        location,
        docs: or_else(
            to_markdown(member.documentation.as_deref().unwrap_or("")),
            || format!("The model member `{wire_name}`."),
        ),
        sensitive: shape.sensitive || target.sensitive,
    })
}

fn lower_location(
    shape: &model::Shape,
    wire_name: &str,
    member: &model::Member,
    target: &model::Shape,
) -> Result<Location, String> {
    let wire = || {
        member
            .location_name
            .clone()
            .unwrap_or_else(|| wire_name.to_owned())
    };
    if shape.payload.as_deref() == Some(wire_name) {
        return if target.kind == "blob" {
            Ok(Location::Payload)
        } else {
            Err("structure payload".into())
        };
    }
    match member.location.as_deref() {
        None => Ok(Location::Body),
        Some("querystring") => Ok(Location::Query(wire())),
        Some("header") => Ok(Location::Header(wire())),
        Some("uri") => Ok(Location::Label(wire())),
        Some(other) => Err(format!("member location {other:?}")),
    }
}

fn rust_type(
    model: &model::Model,
    places: &BTreeMap<String, RustDef>,
    owner: &str,
    name: &str,
) -> Result<Type, CodegenError> {
    let shape = lookup(model, owner, name)?;
    if let Some(def) = places.get(name) {
        return Ok(Type::Named {
            path: def.path.clone(),
            is_enum: shape.kind == "string",
        });
    }
    Ok(match shape.kind.as_str() {
        "string" => Type::String,
        "boolean" => Type::Bool,
        "integer" => Type::I32,
        "long" => Type::I64,
        "timestamp" => Type::DateTime,
        "blob" if shape.streaming => Type::ByteStream,
        "blob" => Type::Blob,
        "list" => {
            let member = shape
                .member
                .as_ref()
                .map(|m| m.shape.as_str())
                .unwrap_or_default();
            Type::List(Box::new(rust_type(model, places, name, member)?))
        }
        "map" => {
            let key = shape
                .key
                .as_ref()
                .map(|m| m.shape.as_str())
                .unwrap_or_default();
            let value = shape
                .value
                .as_ref()
                .map(|m| m.shape.as_str())
                .unwrap_or_default();
            Type::Map(
                Box::new(rust_type(model, places, name, key)?),
                Box::new(rust_type(model, places, name, value)?),
            )
        }
        other => {
            return Err(CodegenError::UnsupportedShapeType {
                shape: name.to_owned(),
                kind: other.to_owned(),
            });
        }
    })
}

/// Rust names share a namespace per module: `crate::types` holds structures,
/// enums and their builders.
fn check_collisions(shapes: &BTreeMap<String, Shape>) -> Result<(), CodegenError> {
    let mut seen: BTreeMap<(String, String), String> = BTreeMap::new();
    for shape in shapes.values() {
        let Some(def) = &shape.rust else { continue };
        let namespace = match &def.place {
            Place::Types => "types".to_owned(),
            Place::Errors => "types::error".to_owned(),
            Place::Operation { module, .. } => format!("operation::{module}"),
        };
        let module = (!matches!(def.place, Place::Operation { .. })).then_some(&def.module);
        let names = [Some(&def.type_name), Some(&def.builder), module]
            .into_iter()
            .flatten();
        let schema = [("schema".to_owned(), &shape.static_name)];
        for (namespace, name) in names.map(|n| (namespace.clone(), n)).chain(schema) {
            let key = (namespace, name.clone());
            if let Some(first) = seen.insert(key, shape.wire_name.clone()) {
                return Err(CodegenError::NameCollision {
                    rust_name: name.clone(),
                    first,
                    second: shape.wire_name.clone(),
                });
            }
        }
    }
    Ok(())
}
