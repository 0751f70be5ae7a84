//! AWS Signature Version 4 (`AWS4-HMAC-SHA256`): signing for the client and
//! verification for the emulator.
//!
//! Everything here is a pure function of its inputs, the time included, so
//! the same request signed at the same instant gives the same bytes. The
//! canonical request is hashed as it is written: signing an ordinary request
//! allocates only its `Authorization` value.
//!
//! Inputs are the request as it goes on the wire: `path` and `query` as they
//! appear in the URL (percent-encoded; stray raw bytes are encoded too), and
//! every header the request will carry, `host` included. Headers that proxies
//! rewrite (`user-agent`, `connection`, ...) are not signed.
//!
//! ```
//! use std::time::{Duration, SystemTime};
//! use codeartifact_runtime::sigv4::*;
//!
//! let request = SignableRequest {
//!     method: "GET",
//!     path: "/v1/domains",
//!     query: &[],
//!     headers: &[("host", "codeartifact.us-east-1.amazonaws.com")],
//!     payload: Payload::Bytes(b""),
//! };
//! let params = SigningParams {
//!     credentials: SigningCredentials::new("AKIDEXAMPLE", "secret", None),
//!     region: "us-east-1",
//!     service: "codeartifact",
//!     time: SystemTime::UNIX_EPOCH + Duration::from_secs(1_440_938_160),
//!     settings: SigningSettings::default(),
//! };
//! let out = sign(&request, &params, &SigningKeyCache::new());
//! let headers: Vec<_> = out.headers().collect();
//! assert_eq!(headers[0], ("x-amz-date", "20150830T123600Z"));
//! assert!(out.authorization().unwrap().starts_with("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/"));
//! ```
//!
//! A server checks a request the same way round: find the authentication,
//! look the access key up (an unknown one is the caller's
//! [`VerifyError::UnknownAccessKey`]), then [`verify`] it at the server's time.
//!
//! ```
//! # use std::time::{Duration, SystemTime};
//! # use codeartifact_runtime::sigv4::*;
//! # let t = SystemTime::UNIX_EPOCH + Duration::from_secs(1_440_938_160);
//! # let host = ("host", "127.0.0.1:4566");
//! # let request = SignableRequest { method: "GET", path: "/v1/domains", query: &[], headers: &[host], payload: Payload::Bytes(b"") };
//! # let params = SigningParams { credentials: SigningCredentials::new("test", "test", None), region: "us-east-1", service: "codeartifact", time: t, settings: SigningSettings::default() };
//! # let out = sign(&request, &params, &SigningKeyCache::new());
//! # let headers = out.apply_to(&[host]);
//! # let request = SignableRequest { headers: &headers, ..request };
//! let secret_of = |key: &str| (key == "test").then_some("test");
//! let checked = parse_request_auth(&request).map_err(VerifyError::from).and_then(|auth| {
//!     let secret = secret_of(auth.access_key_id()).ok_or(VerifyError::UnknownAccessKey)?;
//!     verify(&request, &auth, secret, t + Duration::from_secs(60), MAX_CLOCK_SKEW)
//! });
//! assert_eq!(checked, Ok(()));
//! ```
//!
//! SigV4a (ECDSA) is not implemented: CodeArtifact does not use it.

mod canonical;
mod crypto;
mod sign;
mod time;
mod verify;

use std::fmt;
use std::time::{Duration, SystemTime};

pub use crypto::{SigningKeyCache, derive_signing_key};
pub use sign::{SigningOutput, SigningTrace, sign, sign_traced};
pub use time::parse_amz_date;
pub use verify::{
    ParsedAuth, SigV4Error, VerifyError, parse_authorization, parse_presigned, parse_request_auth,
    verify,
};

/// The algorithm name in `Authorization` and `X-Amz-Algorithm`.
pub const ALGORITHM: &str = "AWS4-HMAC-SHA256";
/// The payload hash for a body that is not signed.
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";
/// How far a request's time may be from the server's before AWS rejects it.
pub const MAX_CLOCK_SKEW: Duration = Duration::from_secs(15 * 60);

/// Borrowed credentials. `Debug` shows the access key id only.
#[derive(Clone, Copy)]
pub struct SigningCredentials<'a> {
    pub access_key_id: &'a str,
    pub secret_access_key: &'a str,
    pub session_token: Option<&'a str>,
}

impl<'a> SigningCredentials<'a> {
    pub fn new(
        access_key_id: &'a str,
        secret_access_key: &'a str,
        session_token: Option<&'a str>,
    ) -> Self {
        Self {
            access_key_id,
            secret_access_key,
            session_token,
        }
    }
}

impl fmt::Debug for SigningCredentials<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningCredentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"** redacted **")
            .field(
                "session_token",
                &self.session_token.map(|_| "** redacted **"),
            )
            .finish()
    }
}

/// The body, or what stands for it in the canonical request. A request
/// header `x-amz-content-sha256` takes precedence over all of these: its value
/// is signed as given and used as the payload hash (PublishPackageVersion
/// sends the asset's SHA-256 there). `Debug` shows a body's size only.
#[derive(Clone, Copy)]
pub enum Payload<'a> {
    /// The whole body; hashed here.
    Bytes(&'a [u8]),
    /// The lower-case hex SHA-256 of the body, computed by the caller.
    Precomputed(&'a str),
    /// `UNSIGNED-PAYLOAD`.
    Unsigned,
}

/// A request as it will be sent. Nothing is copied out of it. `Debug`
/// hides session tokens and shows the body's size only.
#[derive(Clone, Copy)]
pub struct SignableRequest<'a> {
    pub method: &'a str,
    /// The path as sent, percent-encoded (`/v1/package/versions/update_status`).
    pub path: &'a str,
    /// Query pairs as they appear in the URL (percent-encoded), in any order.
    pub query: &'a [(&'a str, &'a str)],
    /// Every header sent, `host` included; repeated names allowed.
    pub headers: &'a [(&'a str, &'a str)],
    pub payload: Payload<'a>,
}

impl fmt::Debug for Payload<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Bytes(body) => write!(f, "Bytes({} bytes)", body.len()),
            Self::Precomputed(hex) => f.debug_tuple("Precomputed").field(hex).finish(),
            Self::Unsigned => f.write_str("Unsigned"),
        }
    }
}

/// Pairs with the value of any session token replaced.
struct Redacted<'r>(&'r [(&'r str, &'r str)]);

impl fmt::Debug for Redacted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let secret = |name: &str| name.eq_ignore_ascii_case("x-amz-security-token");
        f.debug_list()
            .entries(
                self.0
                    .iter()
                    .map(|&(n, v)| (n, if secret(n) { "** redacted **" } else { v })),
            )
            .finish()
    }
}

impl fmt::Debug for SignableRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignableRequest")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &Redacted(self.query))
            .field("headers", &Redacted(self.headers))
            .field("payload", &self.payload)
            .finish()
    }
}

/// Where the signature goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SignatureLocation {
    /// `Authorization`, `X-Amz-Date` (and `X-Amz-Security-Token`) headers.
    #[default]
    Headers,
    /// A presigned URL's query, valid for `expires_in` (whole seconds, at
    /// most 7 days).
    Query { expires_in: Duration },
}

/// Options of the signing algorithm; the defaults are what every AWS service
/// but S3 expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SigningSettings {
    /// Remove `.`/`..` and empty path segments before signing (false for S3).
    pub normalize_path: bool,
    /// Percent-encode the already encoded path once more (false for S3).
    pub double_encode_path: bool,
    /// Add and sign an `x-amz-content-sha256` header with the payload hash
    /// (header signing only; a caller's own header is kept as it is).
    pub sign_body: bool,
    /// Send the session token but leave it out of the signature (services
    /// that expect the token added after signing).
    pub omit_session_token: bool,
    pub location: SignatureLocation,
}

impl Default for SigningSettings {
    fn default() -> Self {
        Self {
            normalize_path: true,
            double_encode_path: true,
            sign_body: false,
            omit_session_token: false,
            location: SignatureLocation::Headers,
        }
    }
}

/// Who signs, for which scope, when, and how.
#[derive(Debug, Clone, Copy)]
pub struct SigningParams<'a> {
    pub credentials: SigningCredentials<'a>,
    pub region: &'a str,
    pub service: &'a str,
    pub time: SystemTime,
    pub settings: SigningSettings,
}

/// Splits a raw query string (`a=1&b=&c`) into pairs as sent, for
/// [`SignableRequest::query`]. Empty pieces are skipped; a key without `=`
/// has an empty value.
pub fn query_pairs(raw_query: &str) -> impl Iterator<Item = (&str, &str)> {
    raw_query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| p.split_once('=').unwrap_or((p, "")))
}

/// The headers of an `http` request or response as pairs for
/// [`SignableRequest::headers`]. Values that are not visible ASCII are left
/// out: a signature over them cannot be checked faithfully.
pub fn header_pairs(headers: &http::HeaderMap) -> Vec<(&str, &str)> {
    headers
        .iter()
        .filter_map(|(name, value)| Some((name.as_str(), value.to_str().ok()?)))
        .collect()
}
