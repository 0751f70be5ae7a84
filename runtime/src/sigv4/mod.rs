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
//! SigV4a (ECDSA) is not implemented: CodeArtifact does not use it.

mod canonical;
mod sign;
mod time;
mod verify;

use std::fmt;
use std::time::{Duration, SystemTime};

pub use sign::{
    SigningKeyCache, SigningOutput, SigningTrace, derive_signing_key, sign, sign_traced,
};
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
/// sends the asset's SHA-256 there).
#[derive(Debug, Clone, Copy)]
pub enum Payload<'a> {
    /// The whole body; hashed here.
    Bytes(&'a [u8]),
    /// The lower-case hex SHA-256 of the body, computed by the caller.
    Precomputed(&'a str),
    /// `UNSIGNED-PAYLOAD`.
    Unsigned,
}

/// A request as it will be sent. Nothing is copied out of it.
#[derive(Debug, Clone, Copy)]
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
