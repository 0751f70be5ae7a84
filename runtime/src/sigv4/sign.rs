//! Signing: header and presigned-query forms, and the per-day key cache.

use std::fmt;
use std::sync::{Mutex, PoisonError};

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use super::canonical::{
    CanonicalParts, Sink, Tee, encode_raw, eq_ignore_case, hex_lower, push_signed_header_names,
    sort_headers, with_collected, write_canonical_request,
};
use super::time::AmzDate;
use super::{
    ALGORITHM, Payload, SignableRequest, SignatureLocation, SigningParams, SigningSettings,
    UNSIGNED_PAYLOAD,
};

pub(crate) type HmacSha256 = Hmac<Sha256>;

impl Sink for HmacSha256 {
    fn put(&mut self, bytes: &[u8]) {
        Mac::update(self, bytes);
    }
}

/// Headers never signed: set by the signer itself, or rewritten by proxies
/// and HTTP stacks on the way.
const NOT_SIGNED: &[&str] = &[
    "authorization",
    "x-amz-date",
    "x-amz-security-token",
    "connection",
    "expect",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "user-agent",
    "x-amzn-trace-id",
];

const CONTENT_SHA256: &str = "x-amz-content-sha256";

fn mac(key: &[u8]) -> HmacSha256 {
    // HMAC takes keys of any length (long ones are hashed), so this cannot fail.
    HmacSha256::new_from_slice(key).expect("HMAC accepts keys of any length")
}

fn hmac(key: &[u8], data: &str) -> [u8; 32] {
    let mut m = mac(key);
    m.update(data.as_bytes());
    m.finalize().into_bytes().into()
}

/// `kSigning` for a secret, scope date (`YYYYMMDD`), region and service.
pub fn derive_signing_key(secret: &str, date: &str, region: &str, service: &str) -> [u8; 32] {
    let mut k_secret = Vec::with_capacity(4 + secret.len());
    k_secret.extend_from_slice(b"AWS4");
    k_secret.extend_from_slice(secret.as_bytes());
    let k_date = hmac(&k_secret, date);
    let k_region = hmac(&k_date, region);
    let k_service = hmac(&k_region, service);
    hmac(&k_service, "aws4_request")
}

struct CacheEntry {
    secret: Box<str>,
    date: Box<str>,
    region: Box<str>,
    service: Box<str>,
    mac: HmacSha256,
}

/// Signing keys by (secret, date, region, service), so `kSigning` is derived
/// once per day per scope instead of on every request. Holds the keyed HMAC
/// state, which also skips the key's pad blocks on each signature. Bounded:
/// the oldest entries go first. `Debug` reveals nothing.
pub struct SigningKeyCache {
    entries: Mutex<Vec<CacheEntry>>,
}

const CACHE_CAPACITY: usize = 16;

impl SigningKeyCache {
    pub const fn new() -> Self {
        Self {
            entries: Mutex::new(Vec::new()),
        }
    }

    /// How many scopes are cached.
    pub fn len(&self) -> usize {
        self.entries
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub(crate) fn signing_mac(
        &self,
        secret: &str,
        date: &str,
        region: &str,
        service: &str,
    ) -> HmacSha256 {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        let hit = entries.iter().find(|e| {
            &*e.date == date
                && &*e.region == region
                && &*e.service == service
                && &*e.secret == secret
        });
        if let Some(entry) = hit {
            return entry.mac.clone();
        }
        let key = mac(&derive_signing_key(secret, date, region, service));
        if entries.len() >= CACHE_CAPACITY {
            entries.remove(0);
        }
        entries.push(CacheEntry {
            secret: secret.into(),
            date: date.into(),
            region: region.into(),
            service: service.into(),
            mac: key.clone(),
        });
        key
    }
}

impl Default for SigningKeyCache {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for SigningKeyCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKeyCache")
            .field("entries", &self.len())
            .finish_non_exhaustive()
    }
}

/// The credential scope, `date/region/service/aws4_request`.
#[derive(Clone, Copy)]
pub(crate) struct Scope<'a> {
    pub date: &'a str,
    pub region: &'a str,
    pub service: &'a str,
}

/// Hex SHA-256 of the canonical request, optionally keeping its text.
pub(crate) fn hash_canonical_request(
    parts: CanonicalParts<'_, '_>,
    settings: &SigningSettings,
    trace: Option<&mut Vec<u8>>,
) -> [u8; 64] {
    let mut hasher = Sha256::new();
    match trace {
        Some(buf) => write_canonical_request(&mut Tee(&mut hasher, buf), parts, settings),
        None => write_canonical_request(&mut hasher, parts, settings),
    }
    hex_lower(&hasher.finalize().into())
}

fn write_string_to_sign<S: Sink>(
    s: &mut S,
    amz_date: &str,
    scope: Scope<'_>,
    creq_hash: &[u8; 64],
) {
    for part in [
        ALGORITHM,
        "\n",
        amz_date,
        "\n",
        scope.date,
        "/",
        scope.region,
        "/",
        scope.service,
    ] {
        s.put(part.as_bytes());
    }
    s.put(b"/aws4_request\n");
    s.put(creq_hash);
}

/// Hex HMAC of the string to sign under the keyed `mac`.
pub(crate) fn compute_signature(
    mut mac: HmacSha256,
    amz_date: &str,
    scope: Scope<'_>,
    creq_hash: &[u8; 64],
    trace: Option<&mut Vec<u8>>,
) -> [u8; 64] {
    match trace {
        Some(buf) => write_string_to_sign(&mut Tee(&mut mac, buf), amz_date, scope, creq_hash),
        None => write_string_to_sign(&mut mac, amz_date, scope, creq_hash),
    }
    hex_lower(&mac.finalize().into_bytes().into())
}

/// What to add to the request. Header form: set every pair of [`headers`]
/// (replacing any same-named header). Query form: append
/// [`query_params`] (already percent-encoded) to the URL's query.
///
/// [`headers`]: SigningOutput::headers
/// [`query_params`]: SigningOutput::query_params
#[derive(Clone)]
pub struct SigningOutput<'a> {
    amz_date: AmzDate,
    signature: [u8; 64],
    session_token: Option<&'a str>,
    content_sha256: Option<String>,
    authorization: Option<String>,
    query: Vec<(&'static str, String)>,
}

impl fmt::Debug for AmzDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for SigningOutput<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningOutput")
            .field("amz_date", &self.amz_date)
            .field(
                "session_token",
                &self.session_token.map(|_| "** redacted **"),
            )
            .field("authorization", &self.authorization)
            .field(
                "query_params",
                &self.query.iter().map(|(k, _)| k).collect::<Vec<_>>(),
            )
            .finish()
    }
}

impl SigningOutput<'_> {
    /// Headers to set, in this order: `x-amz-date`, `x-amz-security-token`,
    /// `x-amz-content-sha256` (with `sign_body`), `authorization`. Empty for
    /// presigning.
    pub fn headers(&self) -> impl Iterator<Item = (&'static str, &str)> {
        let auth = self.authorization.as_deref();
        let date = auth.map(|_| ("x-amz-date", self.amz_date.as_str()));
        let token = auth
            .and(self.session_token)
            .map(|t| ("x-amz-security-token", t));
        let sha = self
            .content_sha256
            .as_deref()
            .map(|h| ("x-amz-content-sha256", h));
        date.into_iter()
            .chain(token)
            .chain(sha)
            .chain(auth.map(|a| ("authorization", a)))
    }

    /// Presigning only: `X-Amz-Algorithm`, `X-Amz-Credential`, `X-Amz-Date`,
    /// `X-Amz-SignedHeaders`, `X-Amz-Expires`, `X-Amz-Security-Token`,
    /// `X-Amz-Signature`, values percent-encoded.
    pub fn query_params(&self) -> &[(&'static str, String)] {
        &self.query
    }

    pub fn authorization(&self) -> Option<&str> {
        self.authorization.as_deref()
    }

    /// The hex signature.
    pub fn signature(&self) -> &str {
        std::str::from_utf8(&self.signature).unwrap_or_default()
    }

    /// The `x-amz-date` value used.
    pub fn amz_date(&self) -> &str {
        self.amz_date.as_str()
    }
}

/// The intermediate texts, for tests and debugging (they hold no secret).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SigningTrace {
    pub canonical_request: String,
    pub string_to_sign: String,
}

/// Signs `request`. Infallible: every input has a canonical form.
pub fn sign<'a>(
    request: &SignableRequest<'_>,
    params: &SigningParams<'a>,
    cache: &SigningKeyCache,
) -> SigningOutput<'a> {
    sign_impl(request, params, cache, None)
}

/// As [`sign`], also returning the canonical request and string to sign.
pub fn sign_traced<'a>(
    request: &SignableRequest<'_>,
    params: &SigningParams<'a>,
    cache: &SigningKeyCache,
) -> (SigningOutput<'a>, SigningTrace) {
    let mut bufs = (Vec::new(), Vec::new());
    let out = sign_impl(request, params, cache, Some(&mut bufs));
    let text = |b: Vec<u8>| {
        String::from_utf8(b).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    };
    (
        out,
        SigningTrace {
            canonical_request: text(bufs.0),
            string_to_sign: text(bufs.1),
        },
    )
}

/// The payload hash line: the caller's `x-amz-content-sha256` if sent, else
/// from `payload`. `scratch` holds a computed hex digest.
pub(crate) fn payload_hash<'s>(
    headers: &[(&'s str, &'s str)],
    payload: Payload<'s>,
    scratch: &'s mut [u8; 64],
) -> (&'s str, bool) {
    if let Some((_, v)) = headers
        .iter()
        .find(|(n, _)| eq_ignore_case(n, CONTENT_SHA256))
    {
        return (v.trim(), true);
    }
    let hash = match payload {
        Payload::Bytes(body) => {
            *scratch = hex_lower(&Sha256::digest(body).into());
            std::str::from_utf8(scratch).unwrap_or_default()
        }
        Payload::Precomputed(hex) => hex,
        Payload::Unsigned => UNSIGNED_PAYLOAD,
    };
    (hash, false)
}

type Traces<'t> = Option<&'t mut (Vec<u8>, Vec<u8>)>;

fn sign_impl<'a>(
    request: &SignableRequest<'_>,
    params: &SigningParams<'a>,
    cache: &SigningKeyCache,
    trace: Traces<'_>,
) -> SigningOutput<'a> {
    let amz_date = AmzDate::from_system_time(params.time);
    let settings = params.settings;
    let creds = params.credentials;
    let mut scratch = [0u8; 64];
    let (payload_hash, from_header) = payload_hash(request.headers, request.payload, &mut scratch);
    let in_headers = settings.location == SignatureLocation::Headers;
    let signed_token = creds.session_token.filter(|_| !settings.omit_session_token);
    let add_sha = in_headers && settings.sign_body && !from_header;

    let caller = request
        .headers
        .iter()
        .copied()
        .filter(|(n, _)| !NOT_SIGNED.iter().any(|x| eq_ignore_case(n, x)));
    let extra = [
        Some(("x-amz-date", amz_date.as_str())).filter(|_| in_headers),
        signed_token
            .filter(|_| in_headers)
            .map(|t| ("x-amz-security-token", t)),
        Some((CONTENT_SHA256, payload_hash)).filter(|_| add_sha),
    ];
    let scope = Scope {
        date: amz_date.date(),
        region: params.region,
        service: params.service,
    };
    let mut out = SigningOutput {
        amz_date,
        signature: [0; 64],
        session_token: creds.session_token,
        content_sha256: add_sha.then(|| payload_hash.to_owned()),
        authorization: None,
        query: Vec::new(),
    };
    with_collected(caller.chain(extra.into_iter().flatten()), |headers| {
        sort_headers(headers);
        let signed = Signed {
            request,
            params,
            headers,
            payload_hash,
            scope,
            cache,
        };
        match settings.location {
            SignatureLocation::Headers => signed.into_headers(&mut out, trace),
            SignatureLocation::Query { expires_in } => {
                signed.into_query(&mut out, expires_in.as_secs(), trace)
            }
        }
    });
    out
}

/// The parts shared by both forms once headers are sorted.
struct Signed<'r, 'a> {
    request: &'r SignableRequest<'a>,
    params: &'r SigningParams<'r>,
    headers: &'r [(&'a str, &'a str)],
    payload_hash: &'r str,
    scope: Scope<'r>,
    cache: &'r SigningKeyCache,
}

impl Signed<'_, '_> {
    fn signature<'q>(
        &self,
        query: &mut [(&'q str, &'q str)],
        signed_headers: &str,
        amz_date: &str,
        trace: Traces<'_>,
    ) -> [u8; 64] {
        let (creq_trace, sts_trace) = match trace {
            Some((a, b)) => (Some(a), Some(b)),
            None => (None, None),
        };
        let parts = CanonicalParts {
            method: self.request.method,
            path: self.request.path,
            query,
            headers: self.headers,
            signed_headers,
            payload_hash: self.payload_hash,
        };
        let creq_hash = hash_canonical_request(parts, &self.params.settings, creq_trace);
        let creds = self.params.credentials;
        let mac = self.cache.signing_mac(
            creds.secret_access_key,
            self.scope.date,
            self.scope.region,
            self.scope.service,
        );
        compute_signature(mac, amz_date, self.scope, &creq_hash, sts_trace)
    }

    fn into_headers(self, out: &mut SigningOutput<'_>, trace: Traces<'_>) {
        let ak = self.params.credentials.access_key_id;
        let Scope {
            date,
            region,
            service,
        } = self.scope;
        let mut auth = String::with_capacity(180 + ak.len() + 16 * self.headers.len());
        for part in [
            ALGORITHM,
            " Credential=",
            ak,
            "/",
            date,
            "/",
            region,
            "/",
            service,
            "/aws4_request, SignedHeaders=",
        ] {
            auth.push_str(part);
        }
        let names_start = auth.len();
        push_signed_header_names(&mut auth, self.headers);
        let names_end = auth.len();
        let amz_date = out.amz_date;
        out.signature = with_collected(self.request.query.iter().copied(), |query| {
            self.signature(
                query,
                &auth[names_start..names_end],
                amz_date.as_str(),
                trace,
            )
        });
        auth.push_str(", Signature=");
        auth.push_str(std::str::from_utf8(&out.signature).unwrap_or_default());
        out.authorization = Some(auth);
    }

    fn into_query(self, out: &mut SigningOutput<'_>, expires: u64, trace: Traces<'_>) {
        let creds = self.params.credentials;
        let Scope {
            date,
            region,
            service,
        } = self.scope;
        let encode = |raw: &str| {
            let mut buf = Vec::with_capacity(raw.len() + 16);
            encode_raw(raw, &mut buf);
            String::from_utf8(buf).unwrap_or_default()
        };
        let mut names = String::new();
        push_signed_header_names(&mut names, self.headers);
        let credential = encode(&format!(
            "{}/{date}/{region}/{service}/aws4_request",
            creds.access_key_id
        ));
        let mut params: Vec<(&'static str, String)> = vec![
            ("X-Amz-Algorithm", ALGORITHM.to_owned()),
            ("X-Amz-Credential", credential),
            ("X-Amz-Date", out.amz_date.as_str().to_owned()),
            ("X-Amz-SignedHeaders", encode(&names)),
            ("X-Amz-Expires", expires.to_string()),
        ];
        let token = creds
            .session_token
            .map(|t| ("X-Amz-Security-Token", encode(t)));
        let omit = self.params.settings.omit_session_token;
        let signed_params = params
            .iter()
            .chain(token.iter().filter(|_| !omit))
            .map(|(k, v)| (*k, v.as_str()));
        out.signature = with_collected(
            self.request.query.iter().copied().chain(signed_params),
            |query| self.signature(query, &names, out.amz_date.as_str(), trace),
        );
        params.extend(token);
        params.push(("X-Amz-Signature", out.signature().to_owned()));
        out.query = params;
    }
}
