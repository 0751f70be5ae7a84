//! Glue to the credentials providers: loading per attempt (the provider
//! caches) and the default chain for `Config::from_env`.

use super::Inner;
use crate::config::LoadedConfig;
use crate::credentials::{Credentials, ProvideCredentials, SharedCredentialsProvider};
use crate::error::SdkError;
use crate::operation::ErrorParts;
use crate::sigv4::SigningCredentials;

const MISSING_CREDENTIALS: &str = "no credentials provider is configured: set AWS_ACCESS_KEY_ID and \
     AWS_SECRET_ACCESS_KEY, configure a profile in ~/.aws/credentials, use Config::from_env(), \
     or call Config::builder().credentials_provider(..)";

pub(super) async fn load(inner: &Inner) -> Result<Credentials, SdkError<ErrorParts>> {
    let provider = inner
        .config
        .credentials
        .as_ref()
        .ok_or_else(|| SdkError::Credentials(MISSING_CREDENTIALS.into()))?;
    provider
        .provide()
        .await
        .map_err(|e| SdkError::Credentials(Box::new(e)))
}

pub(super) fn signing(credentials: &Credentials) -> SigningCredentials<'_> {
    SigningCredentials::new(
        credentials.access_key_id(),
        credentials.secret_access_key(),
        credentials.session_token(),
    )
}

pub(super) fn default_chain(loaded: &LoadedConfig) -> SharedCredentialsProvider {
    crate::credentials::default_provider(loaded)
}
