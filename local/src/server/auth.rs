//! SigV4 verification of every request against the configured credentials.

use std::collections::HashMap;
use std::time::SystemTime;

use codeartifact_runtime::sigv4::{self, Payload, SignableRequest, VerifyError};

use crate::error::ApiError;

/// One accepted access key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credential {
    pub access_key_id: String,
    pub secret_access_key: String,
    /// The account the key belongs to (12 digits).
    pub account: String,
}

impl Credential {
    pub fn new(
        id: impl Into<String>,
        secret: impl Into<String>,
        account: impl Into<String>,
    ) -> Self {
        Credential {
            access_key_id: id.into(),
            secret_access_key: secret.into(),
            account: account.into(),
        }
    }

    /// Parses `ID:SECRET[:ACCOUNT]` (account defaults to `000000000000`).
    pub fn parse(spec: &str) -> Result<Self, String> {
        let mut parts = spec.splitn(3, ':');
        let (Some(id), Some(secret)) = (parts.next(), parts.next()) else {
            return Err(format!(
                "credentials must be ID:SECRET[:ACCOUNT], got '{spec}'"
            ));
        };
        let account = parts.next().unwrap_or(DEFAULT_ACCOUNT);
        if id.is_empty() || secret.is_empty() {
            return Err("access key id and secret must not be empty".into());
        }
        if account.len() != 12 || !account.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("account must be 12 digits, got '{account}'"));
        }
        Ok(Credential::new(id, secret, account))
    }
}

pub const DEFAULT_ACCOUNT: &str = "000000000000";

/// Who a verified request comes from.
#[derive(Debug, Clone)]
pub struct Caller {
    pub account: String,
    /// The region of the signature's scope, when signed.
    pub region: Option<String>,
}

#[derive(Debug)]
pub struct Authenticator {
    keys: HashMap<String, Credential>,
    enabled: bool,
}

/// The parts of a request the signature covers.
pub struct Parts<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub raw_query: &'a str,
    pub headers: &'a [(&'a str, &'a str)],
}

impl Parts<'_> {
    fn query_pairs(&self) -> Vec<(&str, &str)> {
        self.raw_query
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| p.split_once('=').unwrap_or((p, "")))
            .collect()
    }
}

impl Authenticator {
    pub fn new(credentials: &[Credential], enabled: bool) -> Self {
        let keys = credentials
            .iter()
            .map(|c| (c.access_key_id.clone(), c.clone()))
            .collect();
        Authenticator { keys, enabled }
    }

    fn default_caller(&self) -> Caller {
        let account = self
            .keys
            .values()
            .next()
            .map_or(DEFAULT_ACCOUNT.to_owned(), |c| c.account.clone());
        Caller {
            account,
            region: None,
        }
    }

    /// Cheap checks before a body is read: authentication present and the key known.
    pub fn precheck(&self, parts: &Parts<'_>) -> Result<(), ApiError> {
        if !self.enabled {
            return Ok(());
        }
        let query = parts.query_pairs();
        let request = signable(parts, &query, Payload::Unsigned);
        let auth = sigv4::parse_request_auth(&request).map_err(|e| map_error(e.into()))?;
        if !self.keys.contains_key(auth.access_key_id()) {
            return Err(ApiError::unrecognized_client());
        }
        Ok(())
    }

    /// Full verification, with the body's SHA-256 (hex).
    pub fn verify(
        &self,
        parts: &Parts<'_>,
        body_sha256: &str,
        now: SystemTime,
    ) -> Result<Caller, ApiError> {
        if !self.enabled {
            return Ok(self.default_caller());
        }
        let query = parts.query_pairs();
        let request = signable(parts, &query, Payload::Precomputed(body_sha256));
        let auth = sigv4::parse_request_auth(&request).map_err(|e| map_error(e.into()))?;
        let cred = self
            .keys
            .get(auth.access_key_id())
            .ok_or_else(ApiError::unrecognized_client)?;
        sigv4::verify(
            &request,
            &auth,
            &cred.secret_access_key,
            now,
            sigv4::MAX_CLOCK_SKEW,
        )
        .map_err(map_error)?;
        Ok(Caller {
            account: cred.account.clone(),
            region: Some(auth.region().to_owned()),
        })
    }
}

fn signable<'a>(
    parts: &'a Parts<'a>,
    query: &'a [(&'a str, &'a str)],
    payload: Payload<'a>,
) -> SignableRequest<'a> {
    SignableRequest {
        method: parts.method,
        path: parts.path,
        query,
        headers: parts.headers,
        payload,
    }
}

/// The sigv4 module words its refusals as AWS does (`Signature expired: ...`).
fn map_error(e: VerifyError) -> ApiError {
    match e {
        VerifyError::Missing => ApiError::missing_token(),
        VerifyError::UnknownAccessKey => ApiError::unrecognized_client(),
        VerifyError::Malformed(_) | VerifyError::MissingDate => {
            ApiError::incomplete_signature(e.to_string())
        }
        VerifyError::RequestTimeTooSkewed { .. }
        | VerifyError::Expired { .. }
        | VerifyError::InvalidScope(_)
        | VerifyError::SignatureMismatch => ApiError::invalid_signature(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credential_specs() {
        assert_eq!(
            Credential::parse("a:b").unwrap(),
            Credential::new("a", "b", DEFAULT_ACCOUNT)
        );
        assert_eq!(
            Credential::parse("a:b:123456789012").unwrap().account,
            "123456789012"
        );
        assert!(Credential::parse("a").is_err());
        assert!(Credential::parse("a:b:12").is_err());
    }
}
