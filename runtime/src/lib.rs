//! Runtime for the `codeartifact` SDK: everything that does not depend on a
//! particular shape of the model. The generated crate drives it through the
//! static tables in [`schema`] and the [`operation::Operation`] trait.
#![forbid(unsafe_code)]

pub mod error;
pub mod operation;
pub mod primitives;
pub mod protocol;
pub mod schema;

pub use error::BuildError;
pub use primitives::{Blob, ByteStream, DateTime};
