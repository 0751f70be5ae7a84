//! codeartifact-local: a local AWS CodeArtifact with durable storage.
#![forbid(unsafe_code)]

pub mod error;
pub mod ops;
pub mod store;

pub use error::ApiError;
pub use store::{Durability, Store};
