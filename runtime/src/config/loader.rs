//! Resolves the client settings that come from the environment and the
//! shared files: environment variables first, then the selected profile.
//! Settings made in code are applied on top by the client's config builder.

use std::fmt;
use std::sync::Arc;

use super::env::{Env, Fs};
use super::location::{FileLocations, Platform};
use super::profile::{Profile, ProfileFileError, ProfileSet};

/// `AWS_ENDPOINT_URL_<this>`: the service id, upper-cased.
const SERVICE_ENV_SUFFIX: &str = "CODEARTIFACT";
/// The service's key inside a `[services x]` section.
const SERVICE_CONFIG_KEY: &str = "codeartifact";

/// `AWS_RETRY_MODE` / `retry_mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RetryModeSetting {
    Standard,
    Adaptive,
    /// Accepted for compatibility with other SDKs' files; the client may
    /// treat it as `Standard`.
    Legacy,
}

/// Settings found in the environment and shared files. `None` means "not
/// set there", so code or the client's defaults decide.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct LoadedConfig {
    /// `AWS_PROFILE`, else `default`.
    pub profile_name: String,
    /// `AWS_REGION` > `AWS_DEFAULT_REGION` > profile `region`.
    pub region: Option<String>,
    /// `AWS_ENDPOINT_URL_CODEARTIFACT` > `AWS_ENDPOINT_URL` > the profile's
    /// `[services x]` `codeartifact.endpoint_url` > profile `endpoint_url`;
    /// always `None` when configured endpoint URLs are ignored.
    pub endpoint_url: Option<String>,
    /// `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` / `ignore_configured_endpoint_urls`.
    pub ignore_configured_endpoint_urls: bool,
    /// `AWS_MAX_ATTEMPTS` / `max_attempts`, at least 1.
    pub max_attempts: Option<u32>,
    pub retry_mode: Option<RetryModeSetting>,
    /// `AWS_USE_FIPS_ENDPOINT` / `use_fips_endpoint`.
    pub use_fips: Option<bool>,
    /// `AWS_USE_DUALSTACK_ENDPOINT` / `use_dualstack_endpoint`.
    pub use_dual_stack: Option<bool>,
    /// The files read, for messages and for the credentials providers.
    pub locations: FileLocations,
    pub profiles: Arc<ProfileSet>,
    pub env: Env,
    pub fs: Fs,
}

/// A setting in the environment or shared files is malformed, or the
/// files could not be read.
#[derive(Debug)]
#[non_exhaustive]
pub enum ConfigError {
    /// `setting` names where the value came from, e.g. `AWS_MAX_ATTEMPTS`
    /// or `max_attempts in profile 'dev'`.
    InvalidValue {
        setting: String,
        value: String,
        expected: &'static str,
    },
    /// No region anywhere; the message says how to set one.
    MissingRegion {
        profile: String,
        config_file: Option<String>,
    },
    ProfileFile(ProfileFileError),
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidValue {
                setting,
                value,
                expected,
            } => {
                write!(f, "{setting} must be {expected}, got '{value}'")
            }
            Self::MissingRegion {
                profile,
                config_file,
            } => {
                let file = config_file.as_deref().unwrap_or("~/.aws/config");
                write!(
                    f,
                    "no AWS region is configured: set the AWS_REGION environment variable, \
                     add `region = <region>` to profile '{profile}' in {file}, \
                     or call Config::builder().region(..)"
                )
            }
            Self::ProfileFile(e) => fmt::Display::fmt(e, f),
        }
    }
}

impl std::error::Error for ConfigError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::InvalidValue { .. } | Self::MissingRegion { .. } => None,
            Self::ProfileFile(e) => Some(e),
        }
    }
}

impl From<ProfileFileError> for ConfigError {
    fn from(e: ProfileFileError) -> Self {
        Self::ProfileFile(e)
    }
}

impl LoadedConfig {
    /// Loads from the process environment and the real shared files.
    pub async fn from_process_env() -> Result<Self, ConfigError> {
        Self::load(&Env::process(), &Fs::real(), Platform::current()).await
    }

    /// Loads from the given environment and file system.
    pub async fn load(env: &Env, fs: &Fs, platform: Platform) -> Result<Self, ConfigError> {
        let locations = FileLocations::resolve(env, platform);
        let profiles = ProfileSet::load(fs, &locations).await?;
        if locations.profile_explicit && profiles.profile(&locations.profile).is_none() {
            tracing::warn!(profile = %locations.profile, "AWS_PROFILE names a profile the shared files do not define");
        }
        let settings = Settings {
            env,
            profile: profiles.profile(&locations.profile),
            profiles: &profiles,
        };
        let ignore_endpoints = settings.boolean(
            "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
            "ignore_configured_endpoint_urls",
        )?;
        let endpoint_url = if ignore_endpoints == Some(true) {
            None
        } else {
            settings.endpoint_url()?
        };
        let region = env
            .get_non_empty("AWS_REGION")
            .or_else(|| env.get_non_empty("AWS_DEFAULT_REGION"))
            .or_else(|| settings.in_profile("region").map(|(v, _)| v));
        Ok(Self {
            profile_name: locations.profile.clone(),
            region,
            endpoint_url,
            ignore_configured_endpoint_urls: ignore_endpoints.unwrap_or(false),
            max_attempts: settings.max_attempts()?,
            retry_mode: settings.retry_mode()?,
            use_fips: settings.boolean("AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint")?,
            use_dual_stack: settings
                .boolean("AWS_USE_DUALSTACK_ENDPOINT", "use_dualstack_endpoint")?,
            locations,
            profiles: Arc::new(profiles),
            env: env.clone(),
            fs: fs.clone(),
        })
    }

    /// The region, or an error that says how to configure one.
    pub fn require_region(&self) -> Result<&str, ConfigError> {
        self.region
            .as_deref()
            .ok_or_else(|| ConfigError::MissingRegion {
                profile: self.profile_name.clone(),
                config_file: self
                    .locations
                    .config
                    .as_ref()
                    .map(|p| p.display().to_string()),
            })
    }

    /// The selected profile, when the shared files define it.
    pub fn profile(&self) -> Option<&Profile> {
        self.profiles.profile(&self.profile_name)
    }

    /// The default credentials chain over these settings, cached: what a
    /// client uses when code gives no credentials provider.
    pub fn credentials_provider(&self) -> crate::credentials::SharedCredentialsProvider {
        crate::credentials::default_provider(self)
    }
}

/// Looks a setting up in the environment, then in the selected profile.
struct Settings<'a> {
    env: &'a Env,
    profile: Option<&'a Profile>,
    profiles: &'a ProfileSet,
}

impl Settings<'_> {
    /// The raw value and a description of where it came from.
    fn lookup(&self, var: &str, key: &str) -> Option<(String, String)> {
        match self.env.get_non_empty(var) {
            Some(v) => Some((v, var.to_owned())),
            None => self.in_profile(key),
        }
    }

    fn in_profile(&self, key: &str) -> Option<(String, String)> {
        let profile = self.profile?;
        let value = profile.get(key)?.trim();
        (!value.is_empty()).then(|| {
            (
                value.to_owned(),
                format!("{key} in profile '{}'", profile.name()),
            )
        })
    }

    fn boolean(&self, var: &str, key: &str) -> Result<Option<bool>, ConfigError> {
        let Some((value, setting)) = self.lookup(var, key) else {
            return Ok(None);
        };
        match value.to_ascii_lowercase().as_str() {
            "true" => Ok(Some(true)),
            "false" => Ok(Some(false)),
            _ => Err(ConfigError::InvalidValue {
                setting,
                value,
                expected: "'true' or 'false'",
            }),
        }
    }

    fn max_attempts(&self) -> Result<Option<u32>, ConfigError> {
        let Some((value, setting)) = self.lookup("AWS_MAX_ATTEMPTS", "max_attempts") else {
            return Ok(None);
        };
        match value.parse::<u32>() {
            Ok(n) if n >= 1 => Ok(Some(n)),
            _ => Err(ConfigError::InvalidValue {
                setting,
                value,
                expected: "a positive integer",
            }),
        }
    }

    fn retry_mode(&self) -> Result<Option<RetryModeSetting>, ConfigError> {
        let Some((value, setting)) = self.lookup("AWS_RETRY_MODE", "retry_mode") else {
            return Ok(None);
        };
        let mode = match value.to_ascii_lowercase().as_str() {
            "standard" => RetryModeSetting::Standard,
            "adaptive" => RetryModeSetting::Adaptive,
            "legacy" => RetryModeSetting::Legacy,
            _ => {
                let expected = "one of 'standard', 'adaptive' or 'legacy'";
                return Err(ConfigError::InvalidValue {
                    setting,
                    value,
                    expected,
                });
            }
        };
        Ok(Some(mode))
    }

    fn endpoint_url(&self) -> Result<Option<String>, ConfigError> {
        let found = self
            .env
            .get_non_empty(&format!("AWS_ENDPOINT_URL_{SERVICE_ENV_SUFFIX}"))
            .map(|v| (v, format!("AWS_ENDPOINT_URL_{SERVICE_ENV_SUFFIX}")))
            .or_else(|| {
                self.env
                    .get_non_empty("AWS_ENDPOINT_URL")
                    .map(|v| (v, "AWS_ENDPOINT_URL".to_owned()))
            })
            .or_else(|| self.services_endpoint_url())
            .or_else(|| self.in_profile("endpoint_url"));
        let Some((value, setting)) = found else {
            return Ok(None);
        };
        match value.parse::<http::Uri>() {
            Ok(url)
                if matches!(url.scheme_str(), Some("http" | "https")) && url.host().is_some() =>
            {
                Ok(Some(value))
            }
            _ => Err(ConfigError::InvalidValue {
                setting,
                value,
                expected: "an http:// or https:// URL",
            }),
        }
    }

    /// `endpoint_url` in the `codeartifact` block of the `[services x]`
    /// section the profile names with `services = x`.
    fn services_endpoint_url(&self) -> Option<(String, String)> {
        let profile = self.profile?;
        let name = profile.get("services")?.trim();
        let Some(section) = self.profiles.services(name) else {
            tracing::warn!(profile = %profile.name(), services = %name, "profile names a missing [services] section");
            return None;
        };
        let block = section.sub_properties(SERVICE_CONFIG_KEY)?;
        let url = block.get("endpoint_url")?.trim();
        let setting = format!("{SERVICE_CONFIG_KEY}.endpoint_url in [services {name}]");
        (!url.is_empty()).then(|| (url.to_owned(), setting))
    }
}
