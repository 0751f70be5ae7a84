//! The resolved, Rust-named form of the model the emitters print from.
//!
//! Lowering (`lower.rs`) makes every naming and typing decision; emitters
//! only turn these values into tokens. Maps are `BTreeMap`s so that output
//! order never depends on hashing.

use std::collections::BTreeMap;

pub use crate::pattern::{Atom, ClassItem, Pattern};

#[derive(Debug)]
pub struct Service {
    pub service_id: String,
    pub signing_name: String,
    pub endpoint_prefix: String,
    pub api_version: String,
    pub full_name: String,
    pub docs: String,
    /// Every shape of the model, by model name.
    pub shapes: BTreeMap<String, Shape>,
    /// Every operation, by model name.
    pub operations: BTreeMap<String, Operation>,
    /// Error shapes any operation can return, by model name.
    pub errors: Vec<String>,
}

#[derive(Debug)]
pub struct Shape {
    pub wire_name: String,
    /// Name of the `static` describing the shape in `crate::schema`.
    pub static_name: String,
    pub sensitive: bool,
    pub docs: String,
    pub kind: ShapeKind,
    /// Where the shape's Rust type lives; `None` for shapes that map to a
    /// std or runtime type (strings without `enum`, numbers, lists, ...).
    pub rust: Option<RustDef>,
}

#[derive(Debug, Clone)]
pub struct RustDef {
    pub type_name: String,
    /// File (module) name.
    pub module: String,
    pub place: Place,
    /// Absolute path of the type, e.g. `crate::types::PackageFormat`.
    pub path: String,
    /// Name of the builder type, for structures.
    pub builder: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// `crate::types::<Type>`.
    Types,
    /// `crate::types::error::<Type>`.
    Errors,
    /// The input or output of the operation with this module name.
    Operation { module: String, input: bool },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Bounds {
    pub min: Option<i64>,
    pub max: Option<i64>,
}

#[derive(Debug)]
pub enum ShapeKind {
    String {
        length: Bounds,
        pattern: Option<Pattern>,
        enum_values: Vec<EnumValue>,
    },
    Integer {
        range: Bounds,
    },
    Long {
        range: Bounds,
    },
    Boolean,
    Timestamp,
    Blob {
        length: Bounds,
        streaming: bool,
    },
    List {
        member: String,
        length: Bounds,
    },
    Map {
        key: String,
        value: String,
        length: Bounds,
    },
    Structure(Structure),
}

#[derive(Debug, Clone)]
pub struct EnumValue {
    /// The value on the wire, verbatim.
    pub value: String,
    pub variant: String,
}

#[derive(Debug)]
pub struct Structure {
    /// Members sorted by model name.
    pub members: Vec<Member>,
    pub error: Option<ErrorInfo>,
}

#[derive(Debug, Clone, Copy)]
pub struct ErrorInfo {
    pub status: u16,
    pub fault: bool,
}

#[derive(Debug)]
pub struct Member {
    pub wire_name: String,
    pub field: String,
    pub setter: String,
    pub getter: String,
    /// Model name of the target shape.
    pub target: String,
    pub ty: Type,
    pub required: bool,
    /// A required member the runtime fills in when the caller leaves it
    /// unset: the `x-amz-content-sha256` header, which is the SHA-256 of the
    /// streamed payload and is computed from it. The builder does not
    /// require it.
    pub filled_by_runtime: bool,
    pub location: Location,
    pub docs: String,
    /// `Debug` prints a placeholder instead of the value.
    pub sensitive: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    Body,
    Query(String),
    Header(String),
    Label(String),
    Payload,
}

/// The Rust type of a member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Type {
    String,
    Bool,
    I32,
    I64,
    DateTime,
    Blob,
    ByteStream,
    /// A generated structure or enum, by absolute path.
    Named {
        path: String,
        is_enum: bool,
    },
    List(Box<Type>),
    Map(Box<Type>, Box<Type>),
}

impl Type {
    pub fn is_copy(&self) -> bool {
        matches!(self, Type::Bool | Type::I32 | Type::I64 | Type::DateTime)
    }
}

#[derive(Debug)]
pub struct Operation {
    pub wire_name: String,
    pub type_name: String,
    /// Module and client method name.
    pub module: String,
    pub method: String,
    pub uri: String,
    pub success_status: u16,
    pub input: String,
    pub output: String,
    pub errors: Vec<ErrorRef>,
    pub paginator: Option<Paginator>,
    pub docs: String,
    /// Field of the input's streaming payload, if any.
    pub input_payload: Option<String>,
    /// Field of the output's streaming payload, if any.
    pub output_payload: Option<String>,
}

#[derive(Debug, Clone)]
pub struct ErrorRef {
    /// Model name of the error shape (also the error code).
    pub shape: String,
    pub variant: String,
    /// `is_resource_not_found_exception`.
    pub predicate: String,
    pub path: String,
    pub docs: String,
}

#[derive(Debug)]
pub struct Paginator {
    pub input_token: String,
    pub output_token: String,
    pub limit_key: Option<String>,
    pub items: String,
    pub input_token_field: String,
    pub output_token_field: String,
    pub items_field: String,
    /// Whether the output's items member is required (a `Vec`, not an `Option<Vec>`).
    pub items_required: bool,
    pub output_token_required: bool,
    pub item_type: Type,
}
