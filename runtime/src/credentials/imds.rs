//! EC2 instance role credentials through IMDSv2: PUT a session token, GET
//! the role name, GET the role's credentials, each with short timeouts so
//! a machine off EC2 gives up quickly.

use std::time::Duration;

use ::http::{HeaderName, Method};

use super::document::{DocumentKind, parse_document};
use super::http::{self, Response, SendError};
use super::{Credentials, CredentialsError, ProvideCredentials, ProvideCredentialsFuture};
use crate::config::{Env, LoadedConfig};

const NAME: &str = "IMDS";
const IPV4_ENDPOINT: &str = "http://169.254.169.254";
const IPV6_ENDPOINT: &str = "http://[fd00:ec2::254]";
const TOKEN_PATH: &str = "/latest/api/token";
const ROLE_PATH: &str = "/latest/meta-data/iam/security-credentials/";
const TOKEN_TTL_HEADER: &str = "x-aws-ec2-metadata-token-ttl-seconds";
const TOKEN_HEADER: &str = "x-aws-ec2-metadata-token";
/// Six hours, the longest IMDS grants.
const TOKEN_TTL_SECS: &str = "21600";

#[derive(Debug, Clone)]
pub struct ImdsProvider {
    env: Env,
    endpoint: Option<String>,
    profile_endpoint: Option<String>,
    profile_mode: Option<String>,
    connect_timeout: Duration,
    timeout: Duration,
}

impl ImdsProvider {
    pub fn new(env: Env) -> Self {
        Self {
            env,
            endpoint: None,
            profile_endpoint: None,
            profile_mode: None,
            connect_timeout: Duration::from_secs(1),
            timeout: Duration::from_secs(1),
        }
    }

    /// Also honours the profile's `ec2_metadata_service_endpoint` and
    /// `ec2_metadata_service_endpoint_mode`.
    pub fn from_loaded(config: &LoadedConfig) -> Self {
        let mut provider = Self::new(config.env.clone());
        if let Some(profile) = config.profile() {
            provider.profile_endpoint = profile
                .get("ec2_metadata_service_endpoint")
                .map(str::to_owned);
            provider.profile_mode = profile
                .get("ec2_metadata_service_endpoint_mode")
                .map(str::to_owned);
        }
        provider
    }

    /// Overrides every other endpoint setting (for tests).
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.endpoint = Some(url.into());
        self
    }

    /// Per-request time limit (default 1 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self.connect_timeout = timeout;
        self
    }

    fn resolve_endpoint(&self) -> Result<String, CredentialsError> {
        let explicit = self
            .endpoint
            .clone()
            .or_else(|| self.env.get_non_empty("AWS_EC2_METADATA_SERVICE_ENDPOINT"));
        if let Some(url) = explicit.or_else(|| self.profile_endpoint.clone()) {
            return Ok(url.trim_end_matches('/').to_owned());
        }
        let mode = self
            .env
            .get_non_empty("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE")
            .or_else(|| self.profile_mode.clone());
        match mode.as_deref().map(str::to_ascii_lowercase).as_deref() {
            None | Some("ipv4") => Ok(IPV4_ENDPOINT.to_owned()),
            Some("ipv6") => Ok(IPV6_ENDPOINT.to_owned()),
            Some(_) => Err(CredentialsError::invalid(
                NAME,
                "the IMDS endpoint mode must be IPv4 or IPv6",
            )),
        }
    }

    async fn load(&self) -> Result<Credentials, CredentialsError> {
        let disabled = self.env.get_non_empty("AWS_EC2_METADATA_DISABLED");
        if disabled.is_some_and(|v| v.eq_ignore_ascii_case("true")) {
            return Err(CredentialsError::not_loaded(
                NAME,
                "AWS_EC2_METADATA_DISABLED is true",
            ));
        }
        let base = self.resolve_endpoint()?;
        let client = http::client(self.connect_timeout, self.timeout);
        let session = Session { client, base };
        let token = session.token().await?;
        let role = session.role_name(&token).await?;
        let response = session.get(&format!("{ROLE_PATH}{role}"), &token).await?;
        if !response.is_success() {
            return Err(CredentialsError::failed(
                NAME,
                format!("credentials for role '{role}': HTTP {}", response.status),
            ));
        }
        parse_document(&response.body, DocumentKind::Http, NAME)
    }
}

impl ProvideCredentials for ImdsProvider {
    fn provide(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(self.load())
    }
}

struct Session {
    client: http::Client,
    base: String,
}

impl Session {
    fn map_send_error(&self, e: SendError) -> CredentialsError {
        match e {
            SendError::Unreachable(m) => CredentialsError::not_loaded(
                NAME,
                format!("no instance metadata service at {}: {m}", self.base),
            ),
            SendError::Failed(m) => CredentialsError::failed(NAME, m),
        }
    }

    async fn token(&self) -> Result<String, CredentialsError> {
        let url = format!("{}{TOKEN_PATH}", self.base);
        let headers = [(HeaderName::from_static(TOKEN_TTL_HEADER), TOKEN_TTL_SECS)];
        let request = http::Request {
            method: Method::PUT,
            url: &url,
            headers: &headers,
        };
        let response = http::send(&self.client, &request, 2)
            .await
            .map_err(|e| self.map_send_error(e))?;
        if !response.is_success() {
            let msg = format!(
                "session token request answered HTTP {} (is IMDSv2 enabled?)",
                response.status
            );
            return Err(CredentialsError::failed(NAME, msg));
        }
        let token = String::from_utf8(response.body).unwrap_or_default();
        let token = token.trim();
        if token.is_empty() || !token.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(CredentialsError::failed(
                NAME,
                "session token response is not a token",
            ));
        }
        Ok(token.to_owned())
    }

    async fn get(&self, path: &str, token: &str) -> Result<Response, CredentialsError> {
        let url = format!("{}{path}", self.base);
        let headers = [(HeaderName::from_static(TOKEN_HEADER), token)];
        let request = http::Request {
            method: Method::GET,
            url: &url,
            headers: &headers,
        };
        http::send(&self.client, &request, 2)
            .await
            .map_err(|e| self.map_send_error(e))
    }

    async fn role_name(&self, token: &str) -> Result<String, CredentialsError> {
        let response = self.get(ROLE_PATH, token).await?;
        if response.status == 404 {
            return Err(CredentialsError::not_loaded(
                NAME,
                "the instance has no IAM role (instance profile)",
            ));
        }
        if !response.is_success() {
            return Err(CredentialsError::failed(
                NAME,
                format!("role listing answered HTTP {}", response.status),
            ));
        }
        let text = String::from_utf8_lossy(&response.body);
        let role = text
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .unwrap_or("");
        if role.is_empty() {
            return Err(CredentialsError::not_loaded(
                NAME,
                "the instance has no IAM role (instance profile)",
            ));
        }
        // Role names are `[\w+=,.@-]+`; anything else would change the path.
        if !role
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_+=,.@-".contains(c))
        {
            return Err(CredentialsError::failed(
                NAME,
                "role listing returned an invalid role name",
            ));
        }
        Ok(role.to_owned())
    }
}
