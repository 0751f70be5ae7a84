//! The client's configuration: settings from code, the environment and the
//! shared files, resolved once when the client is built.

use std::fmt;
use std::sync::Arc;

use crate::config::{ConfigError, LoadedConfig, RetryModeSetting};
use crate::credentials::{
    CachedProvider, Credentials, ProvideCredentials, SharedCredentialsProvider,
};
use crate::retry::{ClassifyRetry, RetryConfig, RetryMode, StandardClassifier};
use crate::time::{Clock, Sleep, SystemClock, TokioSleep};
use crate::transport::{HttpClient, TimeoutConfig};

/// Everything a client needs. Build it with [`Config::builder`] or load it
/// with [`Config::from_env`]; cloning is cheap.
#[derive(Clone)]
pub struct Config {
    pub(crate) region: Option<String>,
    pub(crate) credentials: Option<SharedCredentialsProvider>,
    pub(crate) endpoint_url: Option<String>,
    pub(crate) retry: RetryConfig,
    pub(crate) retry_classifier: Arc<dyn ClassifyRetry>,
    pub(crate) timeouts: TimeoutConfig,
    pub(crate) http_client: Option<Arc<dyn HttpClient>>,
    pub(crate) sleep: Arc<dyn Sleep>,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) use_fips: bool,
    pub(crate) use_dual_stack: bool,
    pub(crate) app_name: Option<String>,
}

/// Cloning is cheap (shared providers); lets `Client::new(&config)` work.
impl From<&Config> for Config {
    fn from(config: &Config) -> Self {
        config.clone()
    }
}

impl Config {
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder::default()
    }

    /// Loads region, credentials (the default provider chain), endpoint URL,
    /// retry and endpoint settings the way the AWS SDKs do: environment
    /// variables, then the selected profile of `~/.aws/config` and
    /// `~/.aws/credentials`. Fails when a setting is malformed or no region
    /// is configured (the error says how to set one).
    pub async fn from_env() -> Result<Config, ConfigError> {
        let loaded = LoadedConfig::from_process_env().await?;
        loaded.require_region()?;
        Ok(ConfigBuilder::from_loaded(&loaded).build())
    }

    /// A builder holding this configuration, to change some settings.
    pub fn to_builder(&self) -> ConfigBuilder {
        ConfigBuilder {
            inner: self.clone(),
            region: self.region.clone(),
        }
    }

    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }
    pub fn endpoint_url(&self) -> Option<&str> {
        self.endpoint_url.as_deref()
    }
    pub fn retry_config(&self) -> &RetryConfig {
        &self.retry
    }
    pub fn timeout_config(&self) -> &TimeoutConfig {
        &self.timeouts
    }
    pub fn use_fips(&self) -> bool {
        self.use_fips
    }
    pub fn use_dual_stack(&self) -> bool {
        self.use_dual_stack
    }
    pub fn app_name(&self) -> Option<&str> {
        self.app_name.as_deref()
    }
}

impl Default for Config {
    fn default() -> Self {
        Self {
            region: None,
            credentials: None,
            endpoint_url: None,
            retry: RetryConfig::standard(),
            retry_classifier: Arc::new(StandardClassifier),
            timeouts: TimeoutConfig::default(),
            http_client: None,
            sleep: Arc::new(TokioSleep),
            clock: Arc::new(SystemClock),
            use_fips: false,
            use_dual_stack: false,
            app_name: None,
        }
    }
}

impl fmt::Debug for Config {
    // Credentials are shown only as present or not.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("region", &self.region)
            .field(
                "credentials",
                &self.credentials.as_ref().map(|_| "** provider **"),
            )
            .field("endpoint_url", &self.endpoint_url)
            .field("retry", &self.retry)
            .field("timeouts", &self.timeouts)
            .field("http_client", &self.http_client)
            .field("use_fips", &self.use_fips)
            .field("use_dual_stack", &self.use_dual_stack)
            .field("app_name", &self.app_name)
            .finish_non_exhaustive()
    }
}

/// An AWS region name, e.g. `us-west-2`. Exists so code written against
/// the official SDK (`.region(Region::new("us-west-2"))`) keeps compiling;
/// a plain string works everywhere a `Region` does.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Region(String);

impl Region {
    pub fn new(name: impl Into<String>) -> Self {
        Self(name.into())
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Region {
    fn from(name: &str) -> Self {
        Self(name.to_owned())
    }
}

impl From<String> for Region {
    fn from(name: String) -> Self {
        Self(name)
    }
}

impl std::fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Builds a [`Config`]. Every setting is optional here; a call without a
/// region or credentials fails with an error that says how to set them.
#[derive(Debug, Clone, Default)]
pub struct ConfigBuilder {
    inner: Config,
    // Kept apart so `from_env` can tell whether a region was found.
    region: Option<String>,
}

impl ConfigBuilder {
    /// Starts from the environment and shared files (see [`Config::from_env`]),
    /// without requiring a region yet.
    pub async fn from_env() -> Result<Self, ConfigError> {
        let loaded = LoadedConfig::from_process_env().await?;
        Ok(Self::from_loaded(&loaded))
    }

    /// Starts from settings already loaded by [`LoadedConfig::load`].
    pub fn from_loaded(loaded: &LoadedConfig) -> Self {
        let mut retry = RetryConfig::standard();
        if let Some(n) = loaded.max_attempts {
            retry = retry.with_max_attempts(n);
        }
        if loaded.retry_mode == Some(RetryModeSetting::Adaptive) {
            retry = retry.with_mode(RetryMode::Adaptive);
        }
        let mut b = Self::default()
            .retry_config(retry)
            .use_fips(loaded.use_fips.unwrap_or(false))
            .use_dual_stack(loaded.use_dual_stack.unwrap_or(false))
            .credentials_provider_shared(super::creds::default_chain(loaded));
        b.region = loaded.region.clone();
        b.inner.endpoint_url = loaded.endpoint_url.clone();
        b
    }

    /// `"us-west-2"`, a `String` or a [`Region`].
    pub fn region(mut self, region: impl Into<Region>) -> Self {
        self.region = Some(region.into().0);
        self
    }

    /// Any credentials provider; [`Credentials`] itself is one (static keys).
    /// Credentials it returns are cached until shortly before they expire.
    pub fn credentials_provider(self, provider: impl ProvideCredentials + 'static) -> Self {
        self.credentials_provider_shared(SharedCredentialsProvider::new(CachedProvider::new(
            provider,
        )))
    }

    fn credentials_provider_shared(mut self, provider: SharedCredentialsProvider) -> Self {
        self.inner.credentials = Some(provider);
        self
    }

    /// Static keys (no caching layer: they never expire).
    pub fn credentials(self, credentials: Credentials) -> Self {
        self.credentials_provider_shared(SharedCredentialsProvider::new(credentials))
    }

    /// Sends every request to this URL instead of the resolved AWS endpoint
    /// (a local emulator, a VPC endpoint, a proxy).
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.inner.endpoint_url = Some(url.into());
        self
    }

    pub fn retry_config(mut self, retry: RetryConfig) -> Self {
        self.inner.retry = retry;
        self
    }

    /// Replaces the standard retry classifier.
    pub fn retry_classifier(mut self, classifier: impl ClassifyRetry + 'static) -> Self {
        self.inner.retry_classifier = Arc::new(classifier);
        self
    }

    pub fn timeout_config(mut self, timeouts: TimeoutConfig) -> Self {
        self.inner.timeouts = timeouts;
        self
    }

    /// The HTTP transport; defaults to [`crate::transport::HyperClient`].
    /// Pass a [`crate::transport::StaticReplay`] to test without a network.
    pub fn http_client(mut self, client: impl HttpClient + 'static) -> Self {
        self.inner.http_client = Some(Arc::new(client));
        self
    }

    pub fn sleep_impl(mut self, sleep: impl Sleep + 'static) -> Self {
        self.inner.sleep = Arc::new(sleep);
        self
    }

    pub fn clock(mut self, clock: impl Clock + 'static) -> Self {
        self.inner.clock = Arc::new(clock);
        self
    }

    pub fn use_fips(mut self, on: bool) -> Self {
        self.inner.use_fips = on;
        self
    }

    pub fn use_dual_stack(mut self, on: bool) -> Self {
        self.inner.use_dual_stack = on;
        self
    }

    /// Appended to the `User-Agent` as `app/<name>`.
    pub fn app_name(mut self, name: impl Into<String>) -> Self {
        self.inner.app_name = Some(name.into());
        self
    }

    pub fn build(self) -> Config {
        Config {
            region: self.region,
            ..self.inner
        }
    }
}
