//! Runtime for the `codeartifact` SDK: everything that does not depend on a
//! particular shape of the model. The generated crate drives it through the
//! static tables in [`schema`] and the [`operation::Operation`] trait.
#![forbid(unsafe_code)]

pub mod client;
pub mod config;
pub mod credentials;
pub mod endpoint;
pub mod error;
pub mod operation;
pub mod paginator;
pub mod primitives;
pub mod protocol;
pub mod retry;
pub mod schema;
pub mod sigv4;
pub mod time;
pub mod transport;

pub use error::{BuildError, ErrorMetadata, ProvideErrorMetadata, SdkError, ServiceError};
pub use primitives::{Blob, ByteStream, DateTime};
