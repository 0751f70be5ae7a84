use std::fmt;

/// Why credentials could not be provided. Messages name settings, files and
/// providers, never a key, token or a response body that may hold one.
///
/// `Clone` so that callers waiting on one shared refresh all get the error.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CredentialsError {
    /// This source has nothing configured; a chain moves on to the next.
    NotLoaded {
        provider: &'static str,
        reason: String,
    },
    /// Every provider of a chain reported `NotLoaded`; says how to set
    /// credentials and what each provider found.
    NoneFound { tried: Vec<String> },
    /// The source is configured but the configuration is unusable, e.g. a
    /// `source_profile` that does not exist or a non-loopback `http://` URI.
    InvalidConfiguration {
        provider: &'static str,
        message: String,
    },
    /// The source is configured with something this SDK cannot do yet
    /// (roles through STS, SSO, web identity).
    Unsupported {
        provider: &'static str,
        /// Empty when the setting comes from the environment.
        profile: String,
        feature: &'static str,
    },
    /// The source was reached and failed: HTTP error, process exit code,
    /// malformed document, timeout.
    ProviderFailed {
        provider: &'static str,
        message: String,
    },
}

impl CredentialsError {
    pub fn not_loaded(provider: &'static str, reason: impl Into<String>) -> Self {
        Self::NotLoaded {
            provider,
            reason: reason.into(),
        }
    }

    pub fn invalid(provider: &'static str, message: impl Into<String>) -> Self {
        Self::InvalidConfiguration {
            provider,
            message: message.into(),
        }
    }

    pub fn failed(provider: &'static str, message: impl Into<String>) -> Self {
        Self::ProviderFailed {
            provider,
            message: message.into(),
        }
    }

    /// Whether a chain should try its next provider.
    pub fn is_not_loaded(&self) -> bool {
        matches!(self, Self::NotLoaded { .. })
    }
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotLoaded { provider, reason } => {
                write!(f, "{provider} credentials not configured: {reason}")
            }
            Self::NoneFound { tried } => {
                f.write_str(
                    "no AWS credentials found. Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, \
                     add aws_access_key_id and aws_secret_access_key (or credential_process) to the profile \
                     in ~/.aws/credentials (AWS_PROFILE selects it), run in a container or on EC2 with a role, \
                     or pass them with Config::builder().credentials_provider(..)",
                )?;
                if !tried.is_empty() {
                    write!(f, ". Tried: {}", tried.join("; "))?;
                }
                Ok(())
            }
            Self::InvalidConfiguration { provider, message } => {
                write!(f, "invalid {provider} credentials configuration: {message}")
            }
            Self::Unsupported {
                provider,
                profile,
                feature,
            } => {
                if profile.is_empty() {
                    write!(f, "{provider}: the environment sets {feature}")?;
                } else {
                    write!(f, "{provider}: profile '{profile}' uses {feature}")?;
                }
                f.write_str(
                    ", which this SDK does not support yet; \
                     use static keys, credential_process, or environment variables instead",
                )
            }
            Self::ProviderFailed { provider, message } => {
                write!(f, "{provider} credentials provider failed: {message}")
            }
        }
    }
}

impl std::error::Error for CredentialsError {}
