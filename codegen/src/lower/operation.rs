//! Operations and their paginators, lowered once every shape is.

use std::collections::BTreeMap;

use crate::docs::to_markdown;
use crate::error::CodegenError;
use crate::ir::*;
use crate::model::{self, StringOrList};
use crate::naming;

/// Operation keys that change nothing in the generated code.
const HARMLESS_OPERATION_KEYS: &[&str] = &[
    "idempotent",
    "documentationUrl",
    "deprecatedMessage",
    "alias",
];

pub(super) fn lower_operation(
    shapes: &BTreeMap<String, Shape>,
    name: &str,
    op: &model::Operation,
    paginator: Option<&model::Paginator>,
) -> Result<Operation, CodegenError> {
    if let Some(key) = op
        .other
        .keys()
        .find(|k| !HARMLESS_OPERATION_KEYS.contains(&k.as_str()))
    {
        return Err(CodegenError::UnsupportedFeature {
            owner: name.to_owned(),
            feature: format!("operation key {key:?}"),
        });
    }
    let input = op
        .input
        .as_ref()
        .map(|r| r.shape.clone())
        .unwrap_or_default();
    let output = op
        .output
        .as_ref()
        .map(|r| r.shape.clone())
        .unwrap_or_default();
    let errors = error_refs(shapes, name, op)?;
    let payload = |shape: &str| {
        shapes.get(shape).and_then(|s| match &s.kind {
            ShapeKind::Structure(st) => st
                .members
                .iter()
                .find(|m| m.location == Location::Payload)
                .map(|m| m.field.clone()),
            _ => None,
        })
    };
    Ok(Operation {
        wire_name: name.to_owned(),
        type_name: naming::type_name(name),
        module: naming::operation_fn(name),
        method: op.http.method.to_ascii_uppercase(),
        uri: op.http.request_uri.clone(),
        success_status: op.http.response_code.unwrap_or(200),
        input_payload: payload(&input),
        output_payload: payload(&output),
        paginator: paginator
            .map(|p| lower_paginator(shapes, name, &input, &output, p))
            .transpose()?,
        input,
        output,
        errors,
        docs: to_markdown(op.documentation.as_deref().unwrap_or("")),
    })
}

/// The operation's errors, sorted by code.
fn error_refs(
    shapes: &BTreeMap<String, Shape>,
    name: &str,
    op: &model::Operation,
) -> Result<Vec<ErrorRef>, CodegenError> {
    let mut errors = Vec::new();
    for e in &op.errors {
        let shape = shapes
            .get(&e.shape)
            .ok_or_else(|| CodegenError::MissingShape {
                referenced_by: name.to_owned(),
                shape: e.shape.clone(),
            })?;
        let def = match (&shape.rust, &shape.kind) {
            (Some(def), ShapeKind::Structure(Structure { error: Some(_), .. })) => def,
            _ => {
                return Err(CodegenError::UnsupportedFeature {
                    owner: name.to_owned(),
                    feature: format!("error {} that is not an error structure", e.shape),
                });
            }
        };
        errors.push(ErrorRef {
            shape: e.shape.clone(),
            variant: def.type_name.clone(),
            predicate: naming::error_predicate(&e.shape),
            path: def.path.clone(),
            docs: shape.docs.clone(),
        });
    }
    errors.sort_by(|a, b| a.shape.cmp(&b.shape));
    Ok(errors)
}

fn member<'s>(shapes: &'s BTreeMap<String, Shape>, shape: &str, wire: &str) -> Option<&'s Member> {
    match &shapes.get(shape)?.kind {
        ShapeKind::Structure(s) => s.members.iter().find(|m| m.wire_name == wire),
        _ => None,
    }
}

fn lower_paginator(
    shapes: &BTreeMap<String, Shape>,
    operation: &str,
    input: &str,
    output: &str,
    p: &model::Paginator,
) -> Result<Paginator, CodegenError> {
    let err = |reason: String| CodegenError::Paginator {
        operation: operation.to_owned(),
        reason,
    };
    let single = |v: &StringOrList, what: &str| match v {
        StringOrList::One(s) => Ok(s.clone()),
        StringOrList::Many(_) => Err(err(format!("several {what}s"))),
    };
    let (input_token, output_token, items) = (
        single(&p.input_token, "input token")?,
        single(&p.output_token, "output token")?,
        single(&p.result_key, "result key")?,
    );
    let find = |shape: &str, wire: &str| {
        member(shapes, shape, wire).ok_or_else(|| err(format!("{shape} has no member {wire}")))
    };
    let in_token = find(input, &input_token)?;
    let out_token = find(output, &output_token)?;
    let items_member = find(output, &items)?;
    if in_token.ty != Type::String || out_token.ty != Type::String || in_token.required {
        return Err(err("tokens must be optional strings in the input".into()));
    }
    if let Some(limit) = &p.limit_key {
        find(input, limit)?;
    }
    let Type::List(item_type) = &items_member.ty else {
        return Err(err(format!("result key {items} is not a list")));
    };
    Ok(Paginator {
        input_token_field: in_token.field.clone(),
        output_token_field: out_token.field.clone(),
        items_field: items_member.field.clone(),
        items_required: items_member.required,
        output_token_required: out_token.required,
        item_type: (**item_type).clone(),
        input_token,
        output_token,
        limit_key: p.limit_key.clone(),
        items,
    })
}
