//! Code generator for the `codeartifact` crate: model -> IR -> Rust source.
//!
//! [`generate`] is pure: it takes the model files' contents and returns the
//! generated files; `cargo xtask codegen` writes them.
//!
//! - [`model`]: serde mirror of botocore's `service-2.json` and
//!   `paginators-1.json`.
//! - `lower` ([`lower()`]): resolves references and makes every naming
//!   ([`naming`]), typing and documentation ([`docs`]) decision, compiling
//!   `pattern`s ([`pattern`]) on the way; the result is the [`ir`].
//!   Anything the generator does not implement is a [`CodegenError`].
//! - `emit`: one `quote!` template per concept (structure, builder, enum,
//!   exception, error enum, operation, client, schema statics), each file
//!   parsed by `syn` and printed by `prettyplease`.
//!
//! Architecture invariant: emitters never derive a name; wire names in the
//! output are the model's, verbatim.

pub mod docs;
mod emit;
pub mod error;
pub mod ir;
mod lower;
pub mod model;
pub mod naming;
pub mod pattern;

use std::path::PathBuf;

pub use emit::HEADER;
pub use error::CodegenError;
pub use lower::lower;

/// The generated files, relative to the generated crate's root (`src/...`),
/// sorted by path.
pub fn generate(
    model: &model::Model,
    paginators: &model::Paginators,
    endpoint_rule_set: &str,
    partitions: &str,
) -> Result<Vec<(PathBuf, String)>, CodegenError> {
    let service = lower::lower(model, paginators)?;
    emit::emit(&service, endpoint_rule_set, partitions)
}

/// Parses the model files and generates, for callers holding JSON text.
pub fn generate_from_json(
    service_json: &str,
    paginators_json: &str,
    endpoint_rule_set: &str,
    partitions: &str,
) -> Result<Vec<(PathBuf, String)>, CodegenError> {
    let model: model::Model =
        serde_json::from_str(service_json).map_err(|e| CodegenError::Json {
            file: "service-2.json",
            message: e.to_string(),
        })?;
    let paginators: model::Paginators =
        serde_json::from_str(paginators_json).map_err(|e| CodegenError::Json {
            file: "paginators-1.json",
            message: e.to_string(),
        })?;
    generate(&model, &paginators, endpoint_rule_set, partitions)
}
