//! Shared test fixtures: a one-operation service model and a scriptable
//! HTTP/1.1 server on 127.0.0.1 that can misbehave on purpose.
#![allow(dead_code, unused_imports)]

mod server;

pub use server::*;

use codeartifact_runtime::schema::*;

pub const NO_BOUNDS: Bounds = Bounds {
    min: None,
    max: None,
};
pub static STRING: Shape = Shape {
    name: "String",
    kind: ShapeKind::String {
        length: NO_BOUNDS,
        pattern: None,
        enum_values: &[],
    },
    sensitive: false,
};
static INPUT: Shape = Shape {
    name: "PingRequest",
    kind: ShapeKind::Structure(&StructureSpec {
        members: &[
            Member {
                name: "domain",
                target: &STRING,
                required: true,
                location: Location::Query("domain"),
            },
            Member {
                name: "note",
                target: &STRING,
                required: false,
                location: Location::Body,
            },
        ],
        error: None,
    }),
    sensitive: false,
};
static OUTPUT: Shape = Shape {
    name: "PingResult",
    kind: ShapeKind::Structure(&StructureSpec {
        members: &[Member {
            name: "echo",
            target: &STRING,
            required: false,
            location: Location::Body,
        }],
        error: None,
    }),
    sensitive: false,
};
/// An error shape with a required `message`, as CodeArtifact's errors have.
macro_rules! error_shape {
    ($name:ident, $code:literal, $status:literal) => {
        static $name: Shape = Shape {
            name: $code,
            kind: ShapeKind::Structure(&StructureSpec {
                members: &[Member {
                    name: "message",
                    target: &STRING,
                    required: true,
                    location: Location::Body,
                }],
                error: Some(ErrorInfo {
                    status: $status,
                    fault: false,
                }),
            }),
            sensitive: false,
        };
    };
}
error_shape!(THROTTLING, "ThrottlingException", 429);
error_shape!(NOT_FOUND, "ResourceNotFoundException", 404);

pub static PING: OperationSpec = OperationSpec {
    name: "Ping",
    method: "POST",
    uri: "/v1/ping",
    success_status: 200,
    input: &INPUT,
    output: &OUTPUT,
    errors: &[&THROTTLING, &NOT_FOUND],
    paginator: None,
};
pub static SERVICE: ServiceSpec = ServiceSpec {
    signing_name: "codeartifact",
    endpoint_prefix: "codeartifact",
    service_id: "codeartifact",
    api_version: "2018-09-22",
    operations: &[&PING],
    endpoint_rule_set: include_str!("../../../model/endpoint-rule-set-1.json"),
    partitions: include_str!("../../../model/partitions.json"),
};
