//! Trying providers in order, and the default order AWS SDKs use.

use super::{
    CachedProvider, ContainerProvider, Credentials, CredentialsError, EnvironmentProvider,
    ImdsProvider, ProfileProvider, ProvideCredentials, ProvideCredentialsFuture,
    SharedCredentialsProvider, WebIdentityEnvProvider,
};
use crate::config::LoadedConfig;

/// Asks each provider in turn. A provider with nothing configured
/// (`NotLoaded`) passes to the next; any other error ends the search, so a
/// broken profile is reported instead of masked by, say, IMDS.
#[derive(Debug, Default)]
pub struct CredentialsChain {
    providers: Vec<(&'static str, SharedCredentialsProvider)>,
}

impl CredentialsChain {
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends a provider, tried after those already added.
    pub fn or_else(
        mut self,
        name: &'static str,
        provider: impl ProvideCredentials + 'static,
    ) -> Self {
        self.providers
            .push((name, SharedCredentialsProvider::new(provider)));
        self
    }

    /// Environment, then the profile, then web identity (reported as
    /// unsupported), then the container endpoint, then EC2 instance metadata.
    pub fn default_chain(config: &LoadedConfig) -> Self {
        Self::new()
            .or_else("environment", EnvironmentProvider::new(config.env.clone()))
            .or_else("profile", ProfileProvider::from_loaded(config))
            .or_else(
                "web identity",
                WebIdentityEnvProvider::new(config.env.clone()),
            )
            .or_else(
                "container",
                ContainerProvider::new(config.env.clone(), config.fs.clone()),
            )
            .or_else("IMDS", ImdsProvider::from_loaded(config))
    }

    async fn load(&self) -> Result<Credentials, CredentialsError> {
        let mut tried = Vec::with_capacity(self.providers.len());
        for (name, provider) in &self.providers {
            match provider.provide().await {
                Ok(creds) => {
                    tracing::debug!(provider = name, "loaded credentials");
                    return Ok(creds);
                }
                Err(CredentialsError::NotLoaded { reason, .. }) => {
                    tracing::debug!(provider = name, %reason, "no credentials from this provider");
                    tried.push(format!("{name}: {reason}"));
                }
                Err(e) => return Err(e),
            }
        }
        Err(CredentialsError::NoneFound { tried })
    }
}

impl ProvideCredentials for CredentialsChain {
    fn provide(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(self.load())
    }
}

/// The default chain behind a cache: what a client built from the
/// environment uses unless code supplies credentials.
pub fn default_provider(config: &LoadedConfig) -> SharedCredentialsProvider {
    SharedCredentialsProvider::new(CachedProvider::new(CredentialsChain::default_chain(config)))
}
