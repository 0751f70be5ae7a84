//! Container credentials (ECS task roles, EKS Pod Identity): a GET to the
//! URI the platform puts in `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` or
//! `AWS_CONTAINER_CREDENTIALS_FULL_URI`.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::path::Path;
use std::time::Duration;

use ::http::Uri as Url;
use ::http::header::{ACCEPT, AUTHORIZATION};

use super::document::{DocumentKind, parse_document};
use super::http::{self, SendError};
use super::{Credentials, CredentialsError, ProvideCredentials, ProvideCredentialsFuture};
use crate::config::{Env, Fs};

const NAME: &str = "container";
/// Where ECS serves `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`.
const ECS_BASE: &str = "http://169.254.170.2";
const ECS_HOST: Ipv4Addr = Ipv4Addr::new(169, 254, 170, 2);
const EKS_HOST: Ipv4Addr = Ipv4Addr::new(169, 254, 170, 23);
const EKS_HOST_V6: Ipv6Addr = Ipv6Addr::new(0xfd00, 0x0ec2, 0, 0, 0, 0, 0, 0x23);

#[derive(Debug, Clone)]
pub struct ContainerProvider {
    env: Env,
    fs: Fs,
    relative_base: String,
    connect_timeout: Duration,
    timeout: Duration,
}

impl ContainerProvider {
    pub fn new(env: Env, fs: Fs) -> Self {
        Self {
            env,
            fs,
            relative_base: ECS_BASE.to_owned(),
            connect_timeout: Duration::from_secs(2),
            timeout: Duration::from_secs(5),
        }
    }

    /// Serves `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` from `base` instead
    /// of `http://169.254.170.2` (for tests and non-ECS hosts).
    pub fn relative_base(mut self, base: impl Into<String>) -> Self {
        self.relative_base = base.into();
        self
    }

    /// Per-request time limit (default 5 s; connecting, 2 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self.connect_timeout = self.connect_timeout.min(timeout);
        self
    }

    /// The URI to call, `None` when neither variable is set.
    fn uri(&self) -> Result<Option<Url>, CredentialsError> {
        if let Some(relative) = self
            .env
            .get_non_empty("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")
        {
            let base = self.relative_base.trim_end_matches('/');
            let slash = if relative.starts_with('/') { "" } else { "/" };
            let url = parse_url(&format!("{base}{slash}{relative}")).ok_or_else(|| {
                CredentialsError::invalid(
                    NAME,
                    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI is not a valid path",
                )
            })?;
            return Ok(Some(url));
        }
        let Some(full) = self.env.get_non_empty("AWS_CONTAINER_CREDENTIALS_FULL_URI") else {
            return Ok(None);
        };
        let url = parse_url(&full).ok_or_else(|| {
            CredentialsError::invalid(
                NAME,
                "AWS_CONTAINER_CREDENTIALS_FULL_URI is not a valid URL",
            )
        })?;
        match url.scheme_str().unwrap_or_default() {
            "https" => Ok(Some(url)),
            "http" if is_allowed_http_host(&url) => Ok(Some(url)),
            "http" => Err(CredentialsError::invalid(
                NAME,
                "AWS_CONTAINER_CREDENTIALS_FULL_URI must use https, or http to a loopback address \
                 or the ECS/EKS container endpoint",
            )),
            _ => Err(CredentialsError::invalid(
                NAME,
                "AWS_CONTAINER_CREDENTIALS_FULL_URI must be an http(s) URL",
            )),
        }
    }

    /// `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` (re-read each time: the
    /// platform rotates it), else `AWS_CONTAINER_AUTHORIZATION_TOKEN`.
    async fn auth_token(&self) -> Result<Option<String>, CredentialsError> {
        let token = match self
            .env
            .get_non_empty("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")
        {
            Some(path) => {
                let read = self.fs.read_to_string(Path::new(&path)).await;
                let text = read.ok().flatten().ok_or_else(|| {
                    CredentialsError::invalid(
                        NAME,
                        format!("cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE {path}"),
                    )
                })?;
                Some(text.trim().to_owned())
            }
            None => self.env.get_non_empty("AWS_CONTAINER_AUTHORIZATION_TOKEN"),
        };
        match token {
            Some(t) if t.contains(['\r', '\n']) => Err(CredentialsError::invalid(
                NAME,
                "the container authorization token contains a line break",
            )),
            other => Ok(other),
        }
    }

    async fn load(&self) -> Result<Credentials, CredentialsError> {
        let Some(uri) = self.uri()? else {
            let reason = "neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor AWS_CONTAINER_CREDENTIALS_FULL_URI is set";
            return Err(CredentialsError::not_loaded(NAME, reason));
        };
        let token = self.auth_token().await?;
        let client = http::client(self.connect_timeout, self.timeout);
        let url = uri.to_string();
        let mut headers = vec![(ACCEPT, "application/json")];
        if let Some(t) = &token {
            headers.push((AUTHORIZATION, t.as_str()));
        }
        let request = http::Request {
            method: ::http::Method::GET,
            url: &url,
            headers: &headers,
        };
        let response = http::send(&client, &request, 3)
            .await
            .map_err(|e| match e {
                SendError::Unreachable(m) | SendError::Failed(m) => CredentialsError::failed(
                    NAME,
                    format!("cannot reach the container credentials endpoint: {m}"),
                ),
            })?;
        if !response.is_success() {
            let msg = format!(
                "the container credentials endpoint answered HTTP {}",
                response.status
            );
            return Err(CredentialsError::failed(NAME, msg));
        }
        parse_document(&response.body, DocumentKind::Http, NAME)
    }
}

impl ProvideCredentials for ContainerProvider {
    fn provide(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(self.load())
    }
}

/// An absolute URL with a host.
fn parse_url(text: &str) -> Option<Url> {
    let url = text.parse::<Url>().ok()?;
    (url.scheme().is_some() && url.host().is_some_and(|h| !h.is_empty())).then_some(url)
}

/// Plain http is allowed only where the traffic cannot leave the host or
/// the task: loopback and the ECS/EKS link-local endpoints.
fn is_allowed_http_host(url: &Url) -> bool {
    let Some(host) = url.host() else {
        return false;
    };
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    match bare.parse::<IpAddr>() {
        Ok(IpAddr::V4(ip)) => ip.is_loopback() || ip == ECS_HOST || ip == EKS_HOST,
        Ok(IpAddr::V6(ip)) => ip.is_loopback() || ip == EKS_HOST_V6,
        Err(_) => host.eq_ignore_ascii_case("localhost"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allowed(url: &str) -> bool {
        is_allowed_http_host(&parse_url(url).unwrap())
    }

    #[test]
    fn http_only_to_loopback_or_container_endpoints() {
        for ok in [
            "http://127.0.0.1:80/c",
            "http://127.1.2.3/",
            "http://[::1]/",
            "http://localhost/",
            "http://169.254.170.2/v2",
            "http://169.254.170.23/v1",
            "http://[fd00:ec2::23]/",
        ] {
            assert!(allowed(ok), "{ok}");
        }
        for bad in [
            "http://10.0.0.1/",
            "http://example.com/",
            "http://169.254.169.254/",
            "http://[fe80::1]/",
        ] {
            assert!(!allowed(bad), "{bad}");
        }
    }
}
