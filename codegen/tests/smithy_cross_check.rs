//! The IR lowered from botocore's JSON agrees with the Smithy model of the
//! same service (`../shared/conformance/model/codeartifact.smithy.json`):
//! bindings, required members, constraints, enum values, errors, paging.

use std::collections::BTreeSet;
use std::path::PathBuf;

use codeartifact_codegen::ir::{Bounds, Location, Service, ShapeKind};
use serde_json::Value;

const NS: &str = "com.amazonaws.codeartifact#";

fn shared_dir() -> PathBuf {
    match std::env::var_os("CODEARTIFACT_SHARED_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared"),
    }
}

fn smithy() -> Value {
    let path = shared_dir().join("conformance/model/codeartifact.smithy.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "the shared conformance data is absent ({}: {e}); set CODEARTIFACT_SHARED_DIR to the directory holding conformance/",
            path.display()
        )
    });
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn ir() -> Service {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../model");
    let read =
        |f: &str| std::fs::read_to_string(dir.join(f)).unwrap_or_else(|e| panic!("{f}: {e}"));
    let model = serde_json::from_str(&read("service-2.json")).unwrap_or_else(|e| panic!("{e}"));
    let paginators =
        serde_json::from_str(&read("paginators-1.json")).unwrap_or_else(|e| panic!("{e}"));
    codeartifact_codegen::lower(&model, &paginators).unwrap_or_else(|e| panic!("{e}"))
}

fn local(id: &str) -> &str {
    id.strip_prefix(NS).unwrap_or(id)
}

fn bounds(trait_value: Option<&Value>) -> Bounds {
    let get = |k: &str| {
        trait_value
            .and_then(|v| v.get(k))
            .and_then(Value::as_f64)
            .map(|v| v as i64)
    };
    Bounds {
        min: get("min"),
        max: get("max"),
    }
}

/// A length of at least 0 is no bound; botocore sometimes leaves it out.
fn no_zero_min(b: Bounds) -> Bounds {
    Bounds {
        min: b.min.filter(|m| *m != 0),
        ..b
    }
}

fn length_bounds(trait_value: Option<&Value>) -> Bounds {
    no_zero_min(bounds(trait_value))
}

#[test]
fn operations_match() {
    let (smithy, ir) = (smithy(), ir());
    let shapes = smithy["shapes"].as_object().expect("shapes");
    let mut smithy_ops = BTreeSet::new();
    for (id, shape) in shapes.iter().filter(|(_, s)| s["type"] == "operation") {
        let name = local(id);
        smithy_ops.insert(name.to_owned());
        let op = ir
            .operations
            .get(name)
            .unwrap_or_else(|| panic!("IR lacks {name}"));
        let http = &shape["traits"]["smithy.api#http"];
        assert_eq!(http["method"], op.method.as_str(), "{name}");
        assert_eq!(http["uri"], op.uri.as_str(), "{name}");
        assert_eq!(
            http["code"].as_u64().unwrap_or(200),
            u64::from(op.success_status),
            "{name}"
        );
        assert_eq!(
            local(shape["input"]["target"].as_str().unwrap_or("")),
            op.input,
            "{name}"
        );
        assert_eq!(
            local(shape["output"]["target"].as_str().unwrap_or("")),
            op.output,
            "{name}"
        );
        let errors: BTreeSet<&str> = shape["errors"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| e["target"].as_str())
            .map(local)
            .collect();
        let ir_errors: BTreeSet<&str> = op.errors.iter().map(|e| e.shape.as_str()).collect();
        assert_eq!(errors, ir_errors, "{name}");
        let paginated = shape["traits"].get("smithy.api#paginated");
        assert_eq!(paginated.is_some(), op.paginator.is_some(), "{name}");
        if let (Some(p), Some(ip)) = (paginated, &op.paginator) {
            assert_eq!(p["inputToken"], ip.input_token.as_str(), "{name}");
            assert_eq!(p["outputToken"], ip.output_token.as_str(), "{name}");
            assert_eq!(p["items"], ip.items.as_str(), "{name}");
            assert_eq!(p["pageSize"].as_str(), ip.limit_key.as_deref(), "{name}");
        }
    }
    let ir_ops: BTreeSet<String> = ir.operations.keys().cloned().collect();
    assert_eq!(smithy_ops, ir_ops);
    assert_eq!(ir_ops.len(), 48);
}

#[test]
fn structures_match() {
    let (smithy, ir) = (smithy(), ir());
    let shapes = smithy["shapes"].as_object().expect("shapes");
    for (id, shape) in shapes.iter().filter(|(_, s)| s["type"] == "structure") {
        let name = local(id);
        let ir_shape = ir
            .shapes
            .get(name)
            .unwrap_or_else(|| panic!("IR lacks {name}"));
        let ShapeKind::Structure(st) = &ir_shape.kind else {
            panic!("{name} is not a structure in the IR")
        };
        let members = shape["members"].as_object().expect("members");
        assert_eq!(members.len(), st.members.len(), "{name}");
        let traits = &shape["traits"];
        assert_eq!(
            traits.get("smithy.api#sensitive").is_some(),
            ir_shape.sensitive,
            "{name}"
        );
        match (traits.get("smithy.api#error"), &st.error) {
            (None, None) => {}
            (Some(kind), Some(info)) => {
                assert_eq!(kind == "server", info.fault, "{name}");
                assert_eq!(
                    traits["smithy.api#httpError"].as_u64(),
                    Some(u64::from(info.status)),
                    "{name}"
                );
            }
            (smithy_error, ir_error) => panic!("{name}: error {smithy_error:?} vs {ir_error:?}"),
        }
        for m in &st.members {
            let sm = &members[&m.wire_name];
            let t = &sm["traits"];
            let owner = format!("{name}.{}", m.wire_name);
            assert_eq!(
                t.get("smithy.api#required").is_some(),
                m.required,
                "{owner} required"
            );
            assert_eq!(
                local(sm["target"].as_str().unwrap_or("")),
                m.target,
                "{owner} target"
            );
            let location = if let Some(q) = t.get("smithy.api#httpQuery") {
                Location::Query(q.as_str().unwrap_or("").to_owned())
            } else if let Some(h) = t.get("smithy.api#httpHeader") {
                Location::Header(h.as_str().unwrap_or("").to_owned())
            } else if t.get("smithy.api#httpLabel").is_some() {
                Location::Label(m.wire_name.clone())
            } else if t.get("smithy.api#httpPayload").is_some() {
                Location::Payload
            } else {
                Location::Body
            };
            assert_eq!(location, m.location, "{owner} location");
        }
    }
}

#[test]
fn simple_shapes_match() {
    let (smithy, ir) = (smithy(), ir());
    let shapes = smithy["shapes"].as_object().expect("shapes");
    let mut checked = 0;
    for (id, shape) in shapes {
        let name = local(id);
        let traits = &shape["traits"];
        let Some(ir_shape) = ir.shapes.get(name) else {
            continue;
        };
        match (&ir_shape.kind, shape["type"].as_str()) {
            (
                ShapeKind::String {
                    length,
                    pattern,
                    enum_values,
                },
                Some("string" | "enum"),
            ) => {
                assert_eq!(
                    no_zero_min(*length),
                    length_bounds(traits.get("smithy.api#length")),
                    "{name}"
                );
                // botocore drops the anchors Smithy writes; the tables match
                // whole values either way.
                let smithy_pattern = traits["smithy.api#pattern"]
                    .as_str()
                    .map(|p| p.trim_start_matches('^').trim_end_matches('$'));
                assert_eq!(
                    smithy_pattern,
                    pattern.as_ref().map(|p| p.source.as_str()),
                    "{name}"
                );
                if let (Some(anchored), Some(ir_pattern)) =
                    (traits["smithy.api#pattern"].as_str(), pattern)
                {
                    let compiled = codeartifact_codegen::pattern::parse(anchored)
                        .unwrap_or_else(|e| panic!("{e}"));
                    assert_eq!(compiled.atoms, ir_pattern.atoms, "{name}");
                }
                let smithy_values: BTreeSet<&str> = shape["members"]
                    .as_object()
                    .into_iter()
                    .flatten()
                    .filter_map(|(_, m)| m["traits"]["smithy.api#enumValue"].as_str())
                    .collect();
                let ir_values: BTreeSet<&str> =
                    enum_values.iter().map(|v| v.value.as_str()).collect();
                assert_eq!(smithy_values, ir_values, "{name}");
            }
            (
                ShapeKind::Integer { range } | ShapeKind::Long { range },
                Some("integer" | "long"),
            ) => {
                assert_eq!(*range, bounds(traits.get("smithy.api#range")), "{name}");
            }
            (
                ShapeKind::List { length, .. } | ShapeKind::Map { length, .. },
                Some("list" | "map"),
            ) => {
                assert_eq!(
                    no_zero_min(*length),
                    length_bounds(traits.get("smithy.api#length")),
                    "{name}"
                );
            }
            (ShapeKind::Blob { streaming, .. }, Some("blob")) => {
                assert_eq!(
                    *streaming,
                    traits.get("smithy.api#streaming").is_some(),
                    "{name}"
                );
            }
            (ShapeKind::Boolean, Some("boolean")) | (ShapeKind::Timestamp, Some("timestamp")) => {}
            (ShapeKind::Structure(_), Some("structure")) => continue,
            (kind, other) => panic!("{name}: IR {kind:?} vs Smithy {other:?}"),
        }
        checked += 1;
    }
    assert!(checked >= 80, "only {checked} simple shapes compared");
}
