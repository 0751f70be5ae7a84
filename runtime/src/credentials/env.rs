use super::{Credentials, CredentialsError, ProvideCredentials, ProvideCredentialsFuture};
use crate::config::Env;

const NAME: &str = "environment";

/// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and optional
/// `AWS_SESSION_TOKEN`.
#[derive(Debug, Clone)]
pub struct EnvironmentProvider {
    env: Env,
}

impl EnvironmentProvider {
    pub fn new(env: Env) -> Self {
        Self { env }
    }

    fn load(&self) -> Result<Credentials, CredentialsError> {
        let access_key_id = self.env.get_non_empty("AWS_ACCESS_KEY_ID");
        let secret = self.env.get_non_empty("AWS_SECRET_ACCESS_KEY");
        match (access_key_id, secret) {
            (Some(id), Some(secret)) => {
                let token = self.env.get_non_empty("AWS_SESSION_TOKEN");
                Ok(Credentials::new(id, secret, token, None, NAME))
            }
            (None, None) => Err(CredentialsError::not_loaded(
                NAME,
                "AWS_ACCESS_KEY_ID is not set",
            )),
            // Half a key pair is a mistake worth reporting rather than
            // silently falling through to other sources.
            (Some(_), None) => Err(CredentialsError::invalid(
                NAME,
                "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not",
            )),
            (None, Some(_)) => Err(CredentialsError::invalid(
                NAME,
                "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not",
            )),
        }
    }
}

impl ProvideCredentials for EnvironmentProvider {
    fn provide(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(std::future::ready(self.load()))
    }
}

/// `AWS_WEB_IDENTITY_TOKEN_FILE` (EKS service accounts, CI OIDC) needs
/// STS `AssumeRoleWithWebIdentity`, which this SDK does not call. Placed
/// where AWS SDKs try it (after the profile), it reports `Unsupported`
/// instead of letting the chain fall through to IMDS with a puzzling result.
#[derive(Debug, Clone)]
pub struct WebIdentityEnvProvider {
    env: Env,
}

impl WebIdentityEnvProvider {
    pub fn new(env: Env) -> Self {
        Self { env }
    }

    fn load(&self) -> Result<Credentials, CredentialsError> {
        match self.env.get_non_empty("AWS_WEB_IDENTITY_TOKEN_FILE") {
            None => Err(CredentialsError::not_loaded(
                "web identity",
                "AWS_WEB_IDENTITY_TOKEN_FILE is not set",
            )),
            Some(_) => Err(CredentialsError::Unsupported {
                provider: "web identity",
                profile: String::new(),
                feature: "AWS_WEB_IDENTITY_TOKEN_FILE (AssumeRoleWithWebIdentity through STS)",
            }),
        }
    }
}

impl ProvideCredentials for WebIdentityEnvProvider {
    fn provide(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(std::future::ready(self.load()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_identity_from_the_environment_is_reported_unsupported() {
        let provider = |vars: &[(&str, &str)]| {
            WebIdentityEnvProvider::new(Env::from_pairs(vars.iter().copied())).load()
        };
        assert!(provider(&[]).is_err_and(|e| e.is_not_loaded()));
        let err = provider(&[
            ("AWS_WEB_IDENTITY_TOKEN_FILE", "/var/run/secrets/token"),
            ("AWS_ROLE_ARN", "arn:aws:iam::111122223333:role/r"),
        ])
        .expect_err("unsupported");
        assert!(
            matches!(err, CredentialsError::Unsupported { .. }),
            "{err:?}"
        );
        let text = err.to_string();
        assert!(
            text.contains("AWS_WEB_IDENTITY_TOKEN_FILE") && !text.contains("profile ''"),
            "{text}"
        );
    }

    fn load(vars: &[(&str, &str)]) -> Result<Credentials, CredentialsError> {
        EnvironmentProvider::new(Env::from_pairs(vars.iter().copied())).load()
    }

    #[test]
    fn reads_keys_and_optional_token() {
        let creds = load(&[
            ("AWS_ACCESS_KEY_ID", "AKID"),
            ("AWS_SECRET_ACCESS_KEY", "s3cr3t"),
        ])
        .unwrap();
        assert_eq!(
            (
                creds.access_key_id(),
                creds.secret_access_key(),
                creds.session_token()
            ),
            ("AKID", "s3cr3t", None)
        );
        let vars = [
            ("AWS_ACCESS_KEY_ID", "AKID"),
            ("AWS_SECRET_ACCESS_KEY", "s3cr3t"),
            ("AWS_SESSION_TOKEN", "tok"),
        ];
        assert_eq!(load(&vars).unwrap().session_token(), Some("tok"));
        assert_eq!(load(&vars).unwrap().provider_name(), "environment");
    }

    #[test]
    fn absent_is_not_loaded_and_half_set_is_invalid() {
        assert!(load(&[]).unwrap_err().is_not_loaded());
        let err = load(&[("AWS_ACCESS_KEY_ID", "AKID")]).unwrap_err();
        assert!(
            matches!(err, CredentialsError::InvalidConfiguration { .. }),
            "{err}"
        );
        let err = load(&[("AWS_SECRET_ACCESS_KEY", "s3cr3t")]).unwrap_err();
        assert!(!err.to_string().contains("s3cr3t") && !err.is_not_loaded());
    }
}
