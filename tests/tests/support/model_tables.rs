//! `schema` tables built at test time from `model/service-2.json`, without
//! patterns. They let the botocore wire tests drive the runtime over all 48
//! operations independently of the code generator, whose own tables are
//! checked against the same fixtures.

use std::collections::HashMap;

use codeartifact_runtime::schema::*;
use serde_json::Value;

fn leak_str(s: &str) -> &'static str {
    Box::leak(s.to_owned().into_boxed_str())
}

fn leak<T>(items: Vec<T>) -> &'static [T] {
    Box::leak(items.into_boxed_slice())
}

/// Builds tables from botocore-format shapes, memoised by shape name.
pub struct Loader<'m> {
    shapes: &'m serde_json::Map<String, Value>,
    memo: HashMap<String, &'static Shape>,
}

fn bounds(s: &Value) -> Bounds {
    Bounds {
        min: s["min"].as_i64(),
        max: s["max"].as_i64(),
    }
}

impl<'m> Loader<'m> {
    pub fn new(shapes: &'m serde_json::Map<String, Value>) -> Self {
        Self {
            shapes,
            memo: HashMap::new(),
        }
    }

    /// The spec of a botocore operation description (`http`, `input`, ...).
    pub fn operation(&mut self, name: &str, op: &Value) -> &'static OperationSpec {
        let empty: &'static Shape = Box::leak(Box::new(Shape {
            name: "Unit",
            kind: ShapeKind::Structure(Box::leak(Box::new(StructureSpec {
                members: &[],
                error: None,
            }))),
            sensitive: false,
        }));
        let mut io = |key: &str| op[key]["shape"].as_str().map_or(empty, |s| self.shape(s));
        let (input, output) = (io("input"), io("output"));
        let errors = op["errors"]
            .as_array()
            .map(|e| {
                e.iter()
                    .map(|e| self.shape(e["shape"].as_str().unwrap()))
                    .collect()
            })
            .unwrap_or_default();
        Box::leak(Box::new(OperationSpec {
            name: leak_str(name),
            method: leak_str(op["http"]["method"].as_str().unwrap()),
            uri: leak_str(op["http"]["requestUri"].as_str().unwrap()),
            success_status: op["http"]["responseCode"].as_u64().unwrap_or(200) as u16,
            input,
            output,
            errors: leak(errors),
            paginator: None,
        }))
    }

    pub fn shape(&mut self, name: &str) -> &'static Shape {
        if let Some(shape) = self.memo.get(name) {
            return shape;
        }
        let s = &self.shapes[name];
        let target = |l: &mut Self, key: &str| l.shape(s[key]["shape"].as_str().unwrap());
        let kind = match s["type"].as_str().unwrap() {
            "string" => ShapeKind::String {
                length: bounds(s),
                pattern: None,
                enum_values: leak(
                    s["enum"]
                        .as_array()
                        .map(|v| v.iter().map(|e| leak_str(e.as_str().unwrap())).collect())
                        .unwrap_or_default(),
                ),
            },
            "integer" => ShapeKind::Integer { range: bounds(s) },
            "long" => ShapeKind::Long { range: bounds(s) },
            "boolean" => ShapeKind::Boolean,
            "timestamp" => ShapeKind::Timestamp,
            "blob" => ShapeKind::Blob {
                length: bounds(s),
                streaming: s["streaming"] == true,
            },
            "list" => ShapeKind::List {
                member: target(self, "member"),
                length: bounds(s),
            },
            "map" => ShapeKind::Map {
                key: target(self, "key"),
                value: target(self, "value"),
                length: bounds(s),
            },
            "structure" => ShapeKind::Structure(self.structure(s)),
            other => panic!("shape type {other}"),
        };
        let shape: &'static Shape = Box::leak(Box::new(Shape {
            name: leak_str(name),
            kind,
            sensitive: s["sensitive"] == true,
        }));
        self.memo.insert(name.to_owned(), shape);
        shape
    }

    fn structure(&mut self, s: &Value) -> &'static StructureSpec {
        let required: Vec<&str> = s["required"]
            .as_array()
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut members = Vec::new();
        for (name, m) in s["members"].as_object().unwrap() {
            let wire = m["locationName"].as_str().map(leak_str);
            let location = match (m["location"].as_str(), wire) {
                // A map bound to the query has no name of its own.
                (Some("querystring"), w) => Location::Query(w.unwrap_or_else(|| leak_str(name))),
                (Some("header"), Some(w)) => Location::Header(w),
                (Some("uri"), Some(w)) => Location::Label(w),
                (Some(other), _) => panic!("location {other}"),
                _ if s["payload"] == name.as_str() => Location::Payload,
                _ => Location::Body,
            };
            let target = self.shape(m["shape"].as_str().unwrap());
            members.push(Member {
                name: leak_str(name),
                target,
                required: required.contains(&name.as_str()),
                location,
            });
        }
        let error = s.get("error").map(|e| ErrorInfo {
            status: e["httpStatusCode"].as_u64().unwrap() as u16,
            fault: s["fault"] == true,
        });
        Box::leak(Box::new(StructureSpec {
            members: leak(members),
            error,
        }))
    }
}

/// The service as the model describes it.
pub fn service() -> &'static ServiceSpec {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../model/service-2.json");
    let model: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut loader = Loader::new(model["shapes"].as_object().unwrap());
    let operations = model["operations"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(name, op)| loader.operation(name, op))
        .collect();
    Box::leak(Box::new(ServiceSpec {
        signing_name: "codeartifact",
        endpoint_prefix: "codeartifact",
        service_id: "codeartifact",
        api_version: "2018-09-22",
        operations: leak(operations),
        endpoint_rule_set: "",
        partitions: "",
    }))
}
