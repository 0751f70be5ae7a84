//! What the generator refuses, and why.

use std::fmt;
use std::path::PathBuf;

use crate::pattern::PatternError;

/// A model feature the generator cannot handle, or output it could not
/// produce. Never skipped silently: the whole generation fails.
#[derive(Debug)]
#[non_exhaustive]
pub enum CodegenError {
    /// A JSON input did not parse.
    Json {
        file: &'static str,
        message: String,
    },
    /// Only restJson1 (`rest-json`) services are generated.
    UnsupportedProtocol(String),
    /// A shape references a shape the model does not define.
    MissingShape {
        referenced_by: String,
        shape: String,
    },
    /// A shape type (`double`, `document`, ...) without a Rust mapping here.
    UnsupportedShapeType {
        shape: String,
        kind: String,
    },
    /// A trait or binding the generator does not implement.
    UnsupportedFeature {
        owner: String,
        feature: String,
    },
    Pattern(PatternError),
    /// An enum value that yields no Rust variant name.
    BadEnumValue {
        shape: String,
        value: String,
    },
    /// Two model names map to the same Rust name in one namespace.
    NameCollision {
        rust_name: String,
        first: String,
        second: String,
    },
    /// A structure that contains itself without a list or map in between
    /// (would need boxing, which the generator does not do).
    RecursiveShape(String),
    /// A shape used as the input or output of two operations, or also as a
    /// member: its Rust type would have two homes.
    SharedOperationShape {
        shape: String,
    },
    /// A paginator that does not fit its operation.
    Paginator {
        operation: String,
        reason: String,
    },
    /// The emitted tokens did not parse as a Rust file (a generator bug).
    Syntax {
        file: PathBuf,
        message: String,
    },
}

impl fmt::Display for CodegenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Json { file, message } => write!(f, "{file}: {message}"),
            Self::UnsupportedProtocol(p) => {
                write!(f, "unsupported protocol {p:?} (only rest-json)")
            }
            Self::MissingShape {
                referenced_by,
                shape,
            } => {
                write!(f, "{referenced_by} references undefined shape {shape}")
            }
            Self::UnsupportedShapeType { shape, kind } => {
                write!(f, "shape {shape}: unsupported type {kind:?}")
            }
            Self::UnsupportedFeature { owner, feature } => {
                write!(f, "{owner}: unsupported {feature}")
            }
            Self::Pattern(e) => e.fmt(f),
            Self::BadEnumValue { shape, value } => {
                write!(f, "enum {shape}: cannot name value {value:?}")
            }
            Self::NameCollision {
                rust_name,
                first,
                second,
            } => {
                write!(
                    f,
                    "{first} and {second} both map to the Rust name {rust_name}"
                )
            }
            Self::RecursiveShape(s) => write!(f, "structure {s} contains itself"),
            Self::SharedOperationShape { shape } => {
                write!(
                    f,
                    "shape {shape} is an operation input/output and is used elsewhere too"
                )
            }
            Self::Paginator { operation, reason } => {
                write!(f, "paginator of {operation}: {reason}")
            }
            Self::Syntax { file, message } => {
                write!(f, "generated {} does not parse: {message}", file.display())
            }
        }
    }
}

impl std::error::Error for CodegenError {}

impl From<PatternError> for CodegenError {
    fn from(e: PatternError) -> Self {
        Self::Pattern(e)
    }
}
