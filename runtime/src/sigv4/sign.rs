//! Signing, in header and presigned-query form.

use std::fmt;

use sha2::{Digest, Sha256};

use super::canonical::{
    CanonicalParts, encode_raw, eq_ignore_case, hex_lower, push_signed_header_names, sort_headers,
    with_collected,
};
use super::crypto::{Scope, SigningKeyCache, compute_signature, hash_canonical_request};
use super::time::AmzDate;
use super::{
    ALGORITHM, Payload, SignableRequest, SignatureLocation, SigningParams, UNSIGNED_PAYLOAD,
};

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

    /// `headers` as they go out: the ones [`headers`](Self::headers) sets
    /// replace any of the same name, then follow.
    pub fn apply_to<'s>(&'s self, headers: &[(&'s str, &'s str)]) -> Vec<(&'s str, &'s str)> {
        let replaced = |name: &str| self.headers().any(|(n, _)| n.eq_ignore_ascii_case(name));
        let kept = headers.iter().copied().filter(|(n, _)| !replaced(n));
        kept.chain(self.headers().map(|(n, v)| (n as &str, v)))
            .collect()
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
