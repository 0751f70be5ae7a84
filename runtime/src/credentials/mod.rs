//! AWS credentials and where they come from: static keys, environment
//! variables, the shared profile files (keys and `credential_process`),
//! the container credentials endpoint and EC2 IMDSv2, chained and cached.

mod cache;
mod chain;
mod container;
mod document;
mod env;
mod error;
mod http;
mod imds;
mod process;
mod profile;
mod time;

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::SystemTime;

pub use cache::{CachedProvider, SystemTimeSource, TimeSource};
pub use chain::{CredentialsChain, default_provider};
pub use container::ContainerProvider;
pub use env::{EnvironmentProvider, WebIdentityEnvProvider};
pub use error::CredentialsError;
pub use imds::ImdsProvider;
pub use process::CredentialProcessProvider;
pub use profile::ProfileProvider;
pub use time::parse_rfc3339;

/// An access key pair, an optional session token and an optional expiry.
/// Cheap to clone. `Debug` shows the access key id but redacts the secret
/// and the token.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials(Arc<Inner>);

#[derive(PartialEq, Eq)]
struct Inner {
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
    expiry: Option<SystemTime>,
    provider_name: &'static str,
}

impl Credentials {
    /// `provider_name` says where they came from (`"environment"`,
    /// `"profile"`, ...), for logs.
    pub fn new(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: Option<String>,
        expiry: Option<SystemTime>,
        provider_name: &'static str,
    ) -> Self {
        Self(Arc::new(Inner {
            access_key_id: access_key_id.into(),
            secret_access_key: secret_access_key.into(),
            session_token,
            expiry,
            provider_name,
        }))
    }

    /// Long-lived keys given in code.
    pub fn from_keys(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: Option<String>,
    ) -> Self {
        Self::new(
            access_key_id,
            secret_access_key,
            session_token,
            None,
            "static",
        )
    }

    pub fn access_key_id(&self) -> &str {
        &self.0.access_key_id
    }

    pub fn secret_access_key(&self) -> &str {
        &self.0.secret_access_key
    }

    pub fn session_token(&self) -> Option<&str> {
        self.0.session_token.as_deref()
    }

    /// When they stop working; `None` for long-lived keys.
    pub fn expiry(&self) -> Option<SystemTime> {
        self.0.expiry
    }

    pub fn provider_name(&self) -> &'static str {
        self.0.provider_name
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const REDACTED: &str = "** redacted **";
        f.debug_struct("Credentials")
            .field("provider_name", &self.0.provider_name)
            .field("access_key_id", &self.0.access_key_id)
            .field("secret_access_key", &REDACTED)
            .field(
                "session_token",
                &self.0.session_token.as_ref().map(|_| REDACTED),
            )
            .field("expiry", &self.0.expiry.map(crate::DateTime::from))
            .finish()
    }
}

/// The future a provider returns; boxed so the trait stays object-safe.
pub type ProvideCredentialsFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Credentials, CredentialsError>> + Send + 'a>>;

/// A source of credentials. Each call may load afresh; wrap a provider in
/// [`CachedProvider`] to reuse credentials until they near expiry.
pub trait ProvideCredentials: Send + Sync + fmt::Debug {
    fn provide(&self) -> ProvideCredentialsFuture<'_>;
}

/// Fixed credentials provide themselves.
impl ProvideCredentials for Credentials {
    fn provide(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(std::future::ready(Ok(self.clone())))
    }
}

impl<T: ProvideCredentials + ?Sized> ProvideCredentials for Arc<T> {
    fn provide(&self) -> ProvideCredentialsFuture<'_> {
        (**self).provide()
    }
}

/// A provider behind an `Arc`, as the client config stores it.
#[derive(Clone, Debug)]
pub struct SharedCredentialsProvider(Arc<dyn ProvideCredentials>);

impl SharedCredentialsProvider {
    pub fn new(provider: impl ProvideCredentials + 'static) -> Self {
        Self(Arc::new(provider))
    }
}

impl From<Credentials> for SharedCredentialsProvider {
    fn from(credentials: Credentials) -> Self {
        Self::new(credentials)
    }
}

impl ProvideCredentials for SharedCredentialsProvider {
    fn provide(&self) -> ProvideCredentialsFuture<'_> {
        self.0.provide()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn debug_redacts_secret_and_token() {
        let creds = Credentials::from_keys(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI-secret",
            Some("FwoGZX-token".into()),
        );
        let shown = format!("{creds:?}");
        assert!(shown.contains("AKIDEXAMPLE"), "{shown}");
        assert!(
            !shown.contains("wJalrXUtnFEMI-secret") && !shown.contains("FwoGZX-token"),
            "{shown}"
        );
        let provided = SharedCredentialsProvider::new(creds.clone())
            .provide()
            .await
            .unwrap();
        assert_eq!(provided, creds);
        assert_eq!(provided.session_token(), Some("FwoGZX-token"));
        assert_eq!(provided.provider_name(), "static");
    }
}
