//! Model features the generator does not implement fail generation with a
//! typed error naming the culprit; nothing is skipped silently.

use codeartifact_codegen::CodegenError;
use serde_json::{Value, json};

/// A one-operation service whose input has the given members and whose
/// extra shapes are merged in.
fn model(input_members: Value, extra_shapes: Value) -> Value {
    let mut shapes = json!({
        "String": {"type": "string"},
        "OpRequest": {"type": "structure", "members": input_members},
        "OpResult": {"type": "structure", "members": {}},
    });
    for (k, v) in extra_shapes.as_object().into_iter().flatten() {
        shapes[k] = v.clone();
    }
    json!({
        "metadata": {
            "apiVersion": "2024-01-01", "endpointPrefix": "x", "protocol": "rest-json",
            "serviceId": "x", "serviceFullName": "X", "signingName": "x"
        },
        "operations": {
            "Op": {
                "name": "Op",
                "http": {"method": "POST", "requestUri": "/op"},
                "input": {"shape": "OpRequest"},
                "output": {"shape": "OpResult"},
                "errors": []
            }
        },
        "shapes": shapes,
    })
}

fn generate(model: &Value) -> Result<usize, CodegenError> {
    codeartifact_codegen::generate_from_json(
        &model.to_string(),
        r#"{"pagination": {}}"#,
        "{}",
        "{}",
    )
    .map(|files| files.len())
}

#[test]
fn the_base_model_generates() {
    let files = generate(&model(json!({"a": {"shape": "String"}}), json!({})))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(files > 5);
}

#[test]
fn unsupported_shape_types() {
    let m = model(
        json!({"a": {"shape": "Ratio"}}),
        json!({"Ratio": {"type": "double"}}),
    );
    assert!(
        matches!(generate(&m), Err(CodegenError::UnsupportedShapeType { shape, kind }) if shape == "Ratio" && kind == "double")
    );
}

#[test]
fn unions_are_refused() {
    let m = model(
        json!({"a": {"shape": "Choice"}}),
        json!({"Choice": {"type": "structure", "union": true, "members": {"x": {"shape": "String"}}}}),
    );
    assert!(
        matches!(generate(&m), Err(CodegenError::UnsupportedFeature { owner, .. }) if owner == "Choice")
    );
}

#[test]
fn unknown_member_locations_are_refused() {
    let m = model(
        json!({"a": {"shape": "String", "location": "headers", "locationName": "x-meta-"}}),
        json!({}),
    );
    assert!(
        matches!(generate(&m), Err(CodegenError::UnsupportedFeature { owner, .. }) if owner == "OpRequest.a")
    );
}

#[test]
fn idempotency_tokens_are_refused() {
    let m = model(
        json!({"token": {"shape": "String", "idempotencyToken": true}}),
        json!({}),
    );
    assert!(
        matches!(generate(&m), Err(CodegenError::UnsupportedFeature { owner, .. }) if owner == "OpRequest.token")
    );
}

#[test]
fn recursive_structures_are_refused() {
    let m = model(
        json!({"a": {"shape": "Node"}}),
        json!({"Node": {"type": "structure", "members": {"next": {"shape": "Node"}}}}),
    );
    assert!(matches!(generate(&m), Err(CodegenError::RecursiveShape(s)) if s == "Node"));
}

#[test]
fn recursion_through_a_list_is_fine() {
    let m = model(
        json!({"a": {"shape": "Node"}}),
        json!({
            "Node": {"type": "structure", "members": {"children": {"shape": "Nodes"}}},
            "Nodes": {"type": "list", "member": {"shape": "Node"}},
        }),
    );
    generate(&m).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn unsupported_patterns_are_refused() {
    let m = model(
        json!({"a": {"shape": "Alt"}}),
        json!({"Alt": {"type": "string", "pattern": "(a|b)+"}}),
    );
    assert!(matches!(generate(&m), Err(CodegenError::Pattern(e)) if e.pattern == "(a|b)+"));
}

#[test]
fn unnameable_enum_values_are_refused() {
    let m = model(
        json!({"a": {"shape": "Sym"}}),
        json!({"Sym": {"type": "string", "enum": ["+", "-"]}}),
    );
    assert!(matches!(generate(&m), Err(CodegenError::BadEnumValue { value, .. }) if value == "+"));
}

#[test]
fn colliding_names_are_refused() {
    let m = model(
        json!({"fooBar": {"shape": "String"}, "foo_bar": {"shape": "String"}}),
        json!({}),
    );
    assert!(
        matches!(generate(&m), Err(CodegenError::NameCollision { rust_name, .. }) if rust_name == "foo_bar")
    );
    let m = model(
        json!({"a": {"shape": "Sym"}}),
        json!({"Sym": {"type": "string", "enum": ["A_B", "a-b"]}}),
    );
    assert!(
        matches!(generate(&m), Err(CodegenError::NameCollision { rust_name, .. }) if rust_name == "AB")
    );
}

#[test]
fn missing_shapes_are_refused() {
    let m = model(json!({"a": {"shape": "Nowhere"}}), json!({}));
    assert!(
        matches!(generate(&m), Err(CodegenError::MissingShape { shape, .. }) if shape == "Nowhere")
    );
}

#[test]
fn operation_shapes_used_as_members_are_refused() {
    let m = model(json!({"a": {"shape": "OpResult"}}), json!({}));
    assert!(
        matches!(generate(&m), Err(CodegenError::SharedOperationShape { shape }) if shape == "OpResult")
    );
}

#[test]
fn unknown_operation_traits_are_refused() {
    let mut m = model(json!({}), json!({}));
    m["operations"]["Op"]["httpChecksumRequired"] = json!(true);
    assert!(
        matches!(generate(&m), Err(CodegenError::UnsupportedFeature { owner, feature }) if owner == "Op" && feature.contains("httpChecksumRequired"))
    );
}

#[test]
fn other_protocols_are_refused() {
    let mut m = model(json!({}), json!({}));
    m["metadata"]["protocol"] = json!("json");
    assert!(matches!(generate(&m), Err(CodegenError::UnsupportedProtocol(p)) if p == "json"));
}

#[test]
fn paginators_must_fit_their_operation() {
    let m = model(json!({}), json!({}));
    let paginators = r#"{"pagination": {"Op": {"input_token": "nextToken", "output_token": "nextToken", "result_key": "items"}}}"#;
    let result = codeartifact_codegen::generate_from_json(&m.to_string(), paginators, "{}", "{}");
    assert!(matches!(result, Err(CodegenError::Paginator { operation, .. }) if operation == "Op"));
}
