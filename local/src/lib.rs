//! codeartifact-local: a local AWS CodeArtifact with durable storage.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use codeartifact_local::{Options, Server};
//! let running = Server::start(Options::in_memory()).await?;
//! println!("endpoint: {}", running.endpoint_url());
//! running.shutdown().await;
//! # Ok(())
//! # }
//! ```
#![forbid(unsafe_code)]

pub mod error;
pub mod ops;
mod server;
pub mod store;

pub use error::ApiError;
pub use server::{Credential, DEFAULT_ACCOUNT, Fault, Options, RunningServer, Server};
pub use store::{Durability, Store};
