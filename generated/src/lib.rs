//! AWS CodeArtifact SDK for Rust, generated from the service's model.
//!
//! This file is the handwritten facade: it declares the generated modules
//! and re-exports what users need from the runtime, so one dependency is
//! enough.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

// The generated modules are formatted by prettyplease in the generator;
// rustfmt must not reformat them or the staleness check would fail.
#[rustfmt::skip]
pub mod client;
#[rustfmt::skip]
pub mod error;
#[rustfmt::skip]
pub mod operation;
#[rustfmt::skip]
pub mod schema;
#[rustfmt::skip]
pub mod service;
#[rustfmt::skip]
pub mod types;

pub use client::Client;
pub use codeartifact_runtime as runtime;
pub use codeartifact_runtime::client::{Config, ConfigBuilder, Region};
pub use codeartifact_runtime::credentials::Credentials;
pub use codeartifact_runtime::error::ProvideErrorMetadata;
pub use codeartifact_runtime::{Blob, BuildError, ByteStream, DateTime, SdkError};
pub use error::Error;

/// Settings of [`Config`], where `aws_sdk_codeartifact::config` has them.
pub mod config {
    pub use codeartifact_runtime::client::{Config, ConfigBuilder, Region};
    pub use codeartifact_runtime::credentials::{Credentials, ProvideCredentials};
    pub use codeartifact_runtime::retry::{RetryConfig, RetryMode};
    pub use codeartifact_runtime::transport::{HttpClient, StaticReplay, TimeoutConfig};
}

impl Client {
    /// A client for `config` (see [`Config::from_env`] and [`Config::builder`]):
    /// transport, retry policy and endpoint are set up once, here.
    ///
    /// Takes the config by value or by reference, so the official SDK's
    /// `Client::new(&config)` compiles unchanged.
    pub fn new(config: impl Into<Config>) -> Self {
        Self::from_handle(codeartifact_runtime::client::Handle::new(
            config.into(),
            &service::SERVICE,
        ))
    }

    /// The same as [`Client::new`], under the official SDK's name for a
    /// client from a service config.
    pub fn from_conf(config: Config) -> Self {
        Self::new(config)
    }
}

// Compiles the README's Rust examples as doctests, so the README stays true.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;
