//! Server-side verification, for the emulator: parse what the client sent,
//! rebuild the canonical request from the headers it says it signed, and
//! compare signatures in constant time.

use std::borrow::Cow;
use std::fmt;
use std::time::{Duration, SystemTime};

use percent_encoding::percent_decode_str;

use super::canonical::{CanonicalParts, eq_ignore_case, with_collected};
use super::crypto::{Scope, SigningKeyCache, compute_signature, hash_canonical_request};
use super::sign::payload_hash;
use super::time::{AmzDate, parse_amz_date};
use super::{ALGORITHM, SignableRequest, SigningSettings};

/// The request carries no usable SigV4 authentication.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SigV4Error {
    /// Neither an `Authorization` header nor a presigned query.
    Missing,
    /// Present but not well formed; the text says what is wrong, in the
    /// words AWS uses for `IncompleteSignatureException`.
    Malformed(&'static str),
}

impl fmt::Display for SigV4Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Missing => f.write_str("Missing Authentication Token"),
            Self::Malformed(why) => f.write_str(why),
        }
    }
}

impl std::error::Error for SigV4Error {}

/// Why a signed request was refused. No variant carries a secret.
/// [`error_code`](VerifyError::error_code) names the error AWS returns (all
/// with HTTP 403); `Display` gives AWS's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VerifyError {
    /// No authentication at all.
    Missing,
    /// Authentication present but malformed.
    Malformed(&'static str),
    /// The access key id is not known; for callers, which own the key list.
    UnknownAccessKey,
    /// Header signing without an `x-amz-date` header.
    MissingDate,
    /// The request time is more than `max_skew` from the server's.
    RequestTimeTooSkewed {
        request_time: SystemTime,
        server_time: SystemTime,
        max_skew: Duration,
    },
    /// A presigned URL past its `X-Amz-Expires`.
    Expired {
        expired_at: SystemTime,
        server_time: SystemTime,
    },
    /// Well formed but inconsistent: scope date differs from the request
    /// date, or a signed header is absent.
    InvalidScope(&'static str),
    /// The signature is not the one the secret gives for this request.
    SignatureMismatch,
}

impl VerifyError {
    /// The AWS error code for this refusal.
    pub fn error_code(&self) -> &'static str {
        match self {
            Self::Missing => "MissingAuthenticationTokenException",
            Self::Malformed(_) | Self::MissingDate => "IncompleteSignatureException",
            Self::UnknownAccessKey => "UnrecognizedClientException",
            Self::RequestTimeTooSkewed { .. }
            | Self::Expired { .. }
            | Self::InvalidScope(_)
            | Self::SignatureMismatch => "InvalidSignatureException",
        }
    }
}

fn amz(t: SystemTime) -> AmzDate {
    AmzDate::from_system_time(t)
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Missing => f.write_str("Missing Authentication Token"),
            Self::Malformed(why) | Self::InvalidScope(why) => f.write_str(why),
            Self::UnknownAccessKey => {
                f.write_str("The security token included in the request is invalid.")
            }
            Self::MissingDate => f.write_str(
                "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
            ),
            Self::RequestTimeTooSkewed { request_time, server_time, max_skew } => {
                let (rt, st, mins) = (amz(*request_time), amz(*server_time), max_skew.as_secs() / 60);
                if request_time < server_time {
                    let limit = amz(server_time.checked_sub(*max_skew).unwrap_or(SystemTime::UNIX_EPOCH));
                    write!(f, "Signature expired: {rt} is now earlier than {limit} ({st} - {mins} min.)")
                } else {
                    let limit = amz(server_time.checked_add(*max_skew).unwrap_or(*server_time));
                    write!(f, "Signature not yet current: {rt} is still later than {limit} ({st} + {mins} min.)")
                }
            }
            Self::Expired { expired_at, server_time } => {
                let (at, st) = (amz(*expired_at), amz(*server_time));
                write!(f, "Request has expired: it expired at {at}, the server time is {st}.")
            }
            Self::SignatureMismatch => f.write_str(
                "The request signature we calculated does not match the signature you provided. \
                 Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
            ),
        }
    }
}

impl std::error::Error for VerifyError {}

impl From<SigV4Error> for VerifyError {
    fn from(e: SigV4Error) -> Self {
        match e {
            SigV4Error::Missing => Self::Missing,
            SigV4Error::Malformed(why) => Self::Malformed(why),
        }
    }
}

/// Presigned-query extras.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Presigned<'a> {
    amz_date: Cow<'a, str>,
    expires: u64,
}

/// A parsed `Authorization` header or presigned query. Borrows from the
/// request when nothing needed decoding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedAuth<'a> {
    credential: Cow<'a, str>,
    /// Byte offsets of the 4 `/` separating key, date, region, service.
    slashes: [usize; 4],
    signed_headers: Cow<'a, str>,
    signature: Cow<'a, str>,
    presigned: Option<Presigned<'a>>,
}

impl ParsedAuth<'_> {
    pub fn access_key_id(&self) -> &str {
        &self.credential[..self.slashes[0]]
    }
    /// The scope date, `YYYYMMDD`.
    pub fn date(&self) -> &str {
        &self.credential[self.slashes[0] + 1..self.slashes[1]]
    }
    pub fn region(&self) -> &str {
        &self.credential[self.slashes[1] + 1..self.slashes[2]]
    }
    pub fn service(&self) -> &str {
        &self.credential[self.slashes[2] + 1..self.slashes[3]]
    }
    pub fn signed_headers(&self) -> impl Iterator<Item = &str> {
        self.signed_headers.split(';')
    }
    pub fn signature(&self) -> &str {
        &self.signature
    }
    pub fn is_presigned(&self) -> bool {
        self.presigned.is_some()
    }
}

fn parse_credential(credential: &str) -> Result<[usize; 4], SigV4Error> {
    const BAD: SigV4Error = SigV4Error::Malformed(
        "Credential should be scoped to a valid region, like 'us-east-1', and a terminal 'aws4_request'.",
    );
    let mut slashes = [0usize; 4];
    let mut found = credential.match_indices('/').map(|(i, _)| i);
    for slot in &mut slashes {
        *slot = found.next().ok_or(BAD)?;
    }
    let date = &credential[slashes[0] + 1..slashes[1]];
    let well_formed = found.next().is_none()
        && slashes[0] > 0
        && date.len() == 8
        && date.bytes().all(|b| b.is_ascii_digit())
        && slashes[2] > slashes[1] + 1
        && slashes[3] > slashes[2] + 1
        && &credential[slashes[3] + 1..] == "aws4_request";
    if well_formed { Ok(slashes) } else { Err(BAD) }
}

/// Signed header names: non-empty, lower case, strictly ascending (as every
/// signer writes them), and `host` among them.
fn check_signed_headers(list: &str) -> Result<(), SigV4Error> {
    let mut prev: Option<&str> = None;
    for name in list.split(';') {
        let bad_name = name.is_empty() || name.bytes().any(|b| b.is_ascii_uppercase() || b <= b' ');
        if bad_name || prev.is_some_and(|p| p >= name) {
            return Err(SigV4Error::Malformed(
                "SignedHeaders must be lower-case names, sorted, separated by ';'.",
            ));
        }
        prev = Some(name);
    }
    if !list.split(';').any(|n| n == "host") {
        return Err(SigV4Error::Malformed(
            "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
        ));
    }
    Ok(())
}

fn check_signature(sig: &str) -> Result<(), SigV4Error> {
    if sig.len() == 64
        && sig
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        Ok(())
    } else {
        Err(SigV4Error::Malformed(
            "Signature must be 64 lower-case hex digits.",
        ))
    }
}

/// Parses `AWS4-HMAC-SHA256 Credential=AK/DATE/REGION/SERVICE/aws4_request,
/// SignedHeaders=a;b, Signature=hex` (parameters in any order).
pub fn parse_authorization(header: &str) -> Result<ParsedAuth<'_>, SigV4Error> {
    let rest = header
        .trim()
        .strip_prefix(ALGORITHM)
        .filter(|r| r.starts_with(' '))
        .ok_or(SigV4Error::Malformed(
            "Authorization header must start with 'AWS4-HMAC-SHA256 '.",
        ))?;
    let (mut credential, mut signed, mut signature) = (None, None, None);
    for param in rest.split(',') {
        let (key, value) = param.trim().split_once('=').ok_or(SigV4Error::Malformed(
            "Authorization header parameters must be 'key=value' separated by ','.",
        ))?;
        let slot = match key {
            "Credential" => &mut credential,
            "SignedHeaders" => &mut signed,
            "Signature" => &mut signature,
            _ => {
                return Err(SigV4Error::Malformed(
                    "Authorization header has an unknown parameter.",
                ));
            }
        };
        if slot.replace(value).is_some() {
            return Err(SigV4Error::Malformed(
                "Authorization header repeats a parameter.",
            ));
        }
    }
    let credential = credential.ok_or(SigV4Error::Malformed(
        "Authorization header requires 'Credential' parameter.",
    ))?;
    let signed = signed.ok_or(SigV4Error::Malformed(
        "Authorization header requires 'SignedHeaders' parameter.",
    ))?;
    let signature = signature.ok_or(SigV4Error::Malformed(
        "Authorization header requires 'Signature' parameter.",
    ))?;
    let slashes = parse_credential(credential)?;
    check_signed_headers(signed)?;
    check_signature(signature)?;
    Ok(ParsedAuth {
        credential: Cow::Borrowed(credential),
        slashes,
        signed_headers: Cow::Borrowed(signed),
        signature: Cow::Borrowed(signature),
        presigned: None,
    })
}

fn decode(v: &str) -> Cow<'_, str> {
    percent_decode_str(v).decode_utf8_lossy()
}

/// Parses the `X-Amz-*` parameters of a presigned URL's query (pairs as in
/// the URL, percent-encoded).
pub fn parse_presigned<'a>(query: &[(&'a str, &'a str)]) -> Result<ParsedAuth<'a>, SigV4Error> {
    let get = |name: &str| {
        query
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| decode(v))
    };
    let algorithm = get("X-Amz-Algorithm").ok_or(SigV4Error::Missing)?;
    if algorithm != ALGORITHM {
        return Err(SigV4Error::Malformed(
            "X-Amz-Algorithm only supports 'AWS4-HMAC-SHA256'.",
        ));
    }
    let missing = SigV4Error::Malformed(
        "Query-string authentication requires the X-Amz-Credential, X-Amz-Date, X-Amz-Expires, \
         X-Amz-SignedHeaders and X-Amz-Signature parameters.",
    );
    let credential = get("X-Amz-Credential").ok_or(missing.clone())?;
    let amz_date = get("X-Amz-Date").ok_or(missing.clone())?;
    let expires = get("X-Amz-Expires").ok_or(missing.clone())?;
    let signed = get("X-Amz-SignedHeaders").ok_or(missing.clone())?;
    let signature = get("X-Amz-Signature").ok_or(missing)?;
    let expires = expires
        .parse::<u64>()
        .ok()
        .filter(|e| *e <= 604_800)
        .ok_or(SigV4Error::Malformed(
            "X-Amz-Expires must be a whole number of seconds, at most 604800 (7 days).",
        ))?;
    let slashes = parse_credential(&credential)?;
    check_signed_headers(&signed)?;
    check_signature(&signature)?;
    Ok(ParsedAuth {
        credential,
        slashes,
        signed_headers: signed,
        signature,
        presigned: Some(Presigned { amz_date, expires }),
    })
}

/// The request's authentication: its `Authorization` header, else a
/// presigned query; both at once is refused.
pub fn parse_request_auth<'a>(request: &SignableRequest<'a>) -> Result<ParsedAuth<'a>, SigV4Error> {
    let header = request
        .headers
        .iter()
        .find(|(n, _)| eq_ignore_case(n, "authorization"));
    let presigned = request.query.iter().any(|(k, _)| *k == "X-Amz-Algorithm");
    match (header, presigned) {
        (Some(_), true) => Err(SigV4Error::Malformed("Only one auth mechanism allowed.")),
        (Some((_, value)), false) => parse_authorization(value),
        (None, true) => parse_presigned(request.query),
        (None, false) => Err(SigV4Error::Missing),
    }
}

/// Checks `request` against `auth` and the secret of `auth.access_key_id()`
/// at server time `now`: date present and within `max_skew` (presigned: not
/// yet expired), then the signature. Uses the default (non-S3) settings.
pub fn verify(
    request: &SignableRequest<'_>,
    auth: &ParsedAuth<'_>,
    secret: &str,
    now: SystemTime,
    max_skew: Duration,
) -> Result<(), VerifyError> {
    let amz_date = checked_date(request, auth, now, max_skew)?;
    let signed_headers = &*auth.signed_headers;
    let entries = signed_headers.split(';').flat_map(|name| {
        request
            .headers
            .iter()
            .filter(move |(n, _)| eq_ignore_case(n, name))
            .map(move |(_, v)| (name, *v))
    });
    with_collected(entries, |headers| {
        let all_present = signed_headers
            .split(';')
            .all(|name| headers.iter().any(|(n, _)| *n == name));
        if !all_present {
            return Err(VerifyError::InvalidScope(
                "A header named in SignedHeaders is not in the request.",
            ));
        }
        let presigned = auth.presigned.is_some();
        let query = request
            .query
            .iter()
            .copied()
            .filter(|(k, _)| !(presigned && *k == "X-Amz-Signature"));
        let expected = with_collected(query, |query| {
            expected_signature(request, auth, secret, amz_date, headers, query)
        });
        if constant_time_eq(&expected, auth.signature.as_bytes()) {
            Ok(())
        } else {
            Err(VerifyError::SignatureMismatch)
        }
    })
}

/// The request's `x-amz-date` (presigned: `X-Amz-Date`), once it is well
/// formed, matches the credential scope and is timely.
fn checked_date<'r>(
    request: &SignableRequest<'r>,
    auth: &'r ParsedAuth<'_>,
    now: SystemTime,
    max_skew: Duration,
) -> Result<&'r str, VerifyError> {
    let amz_date = match &auth.presigned {
        Some(p) => &*p.amz_date,
        None => request
            .headers
            .iter()
            .find(|(n, _)| eq_ignore_case(n, "x-amz-date"))
            .map(|(_, v)| v.trim())
            .ok_or(VerifyError::MissingDate)?,
    };
    let request_time = parse_amz_date(amz_date).ok_or(VerifyError::Malformed(
        "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\".",
    ))?;
    if amz_date[..8] != *auth.date() {
        return Err(VerifyError::InvalidScope(
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP.",
        ));
    }
    let expires = auth.presigned.as_ref().map(|p| p.expires);
    check_time(request_time, now, max_skew, expires)?;
    Ok(amz_date)
}

fn check_time(
    request_time: SystemTime,
    now: SystemTime,
    max_skew: Duration,
    expires: Option<u64>,
) -> Result<(), VerifyError> {
    let too_early = request_time
        .duration_since(now)
        .is_ok_and(|ahead| ahead > max_skew);
    let behind = now.duration_since(request_time).unwrap_or_default();
    match expires {
        _ if too_early => Err(VerifyError::RequestTimeTooSkewed {
            request_time,
            server_time: now,
            max_skew,
        }),
        None if behind > max_skew => Err(VerifyError::RequestTimeTooSkewed {
            request_time,
            server_time: now,
            max_skew,
        }),
        Some(secs) if behind > Duration::from_secs(secs) => Err(VerifyError::Expired {
            expired_at: request_time + Duration::from_secs(secs),
            server_time: now,
        }),
        _ => Ok(()),
    }
}

/// Verification keys: the emulator checks many requests under few scopes.
static VERIFY_KEYS: SigningKeyCache = SigningKeyCache::new();

fn expected_signature<'q>(
    request: &SignableRequest<'_>,
    auth: &ParsedAuth<'_>,
    secret: &str,
    amz_date: &str,
    headers: &[(&str, &str)],
    query: &mut [(&'q str, &'q str)],
) -> [u8; 64] {
    let mut scratch = [0u8; 64];
    let (payload_hash, _) = payload_hash(request.headers, request.payload, &mut scratch);
    let settings = SigningSettings::default();
    let parts = CanonicalParts {
        method: request.method,
        path: request.path,
        query,
        headers,
        signed_headers: &auth.signed_headers,
        payload_hash,
    };
    let creq_hash = hash_canonical_request(parts, &settings, None);
    let scope = Scope {
        date: auth.date(),
        region: auth.region(),
        service: auth.service(),
    };
    let mac = VERIFY_KEYS.signing_mac(secret, scope.date, scope.region, scope.service);
    compute_signature(mac, amz_date, scope, &creq_hash, None)
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
