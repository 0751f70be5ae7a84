//! Turning the protocol's request into signed wire requests: endpoint,
//! URL, headers, payload hash and SigV4.

use std::borrow::Cow;

use http::{HeaderMap, HeaderName, HeaderValue};
use sha2::{Digest, Sha256};

use super::Config;
use crate::protocol::{self, HttpRequest as ProtocolRequest};
use crate::schema::ServiceSpec;
use crate::sigv4::{
    self, Payload, SignableRequest, SigningCredentials, SigningKeyCache, SigningParams,
    SigningSettings,
};
use crate::transport::SdkBody;

/// Where requests go: the resolved endpoint split for URL building and signing.
#[derive(Debug, Clone)]
pub(crate) struct Endpoint {
    /// `scheme://authority` plus any base path, without a trailing `/`.
    base: String,
    /// Length of `scheme://authority` in `base`; the rest is the base path.
    authority_end: usize,
    /// The `Host` header value as the transport will send it.
    host: String,
}

/// Resolves the endpoint from the model's rule set with this client's
/// region, FIPS, dual-stack and custom URL settings.
pub(crate) fn resolve_endpoint(service: &ServiceSpec, config: &Config) -> Result<Endpoint, String> {
    let resolver =
        crate::endpoint::EndpointResolver::new(service.endpoint_rule_set, service.partitions)
            .map_err(|e| format!("the endpoint rule set is invalid: {e}"))?;
    let params = crate::endpoint::Params {
        region: config.region.clone(),
        use_fips: config.use_fips,
        use_dual_stack: config.use_dual_stack,
        endpoint: config.endpoint_url.clone(),
    };
    let resolved = resolver.resolve(&params).map_err(|e| e.to_string())?;
    split_url(&resolved.url)
}

fn split_url(url: &str) -> Result<Endpoint, String> {
    let (scheme, rest) = url
        .split_once("://")
        .ok_or_else(|| format!("endpoint URL `{url}` has no scheme"))?;
    let default_port = match scheme.to_ascii_lowercase().as_str() {
        "https" => ":443",
        "http" => ":80",
        _ => return Err(format!("endpoint URL `{url}` must use http or https")),
    };
    let authority_len = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..authority_len];
    if authority.is_empty() || authority.contains('@') {
        return Err(format!(
            "endpoint URL `{url}` must name a host (and no user info)"
        ));
    }
    let path = rest[authority_len..]
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .trim_end_matches('/');
    // The transport leaves a default port out of `Host`, so the signature must too.
    let host = authority
        .strip_suffix(default_port)
        .unwrap_or(authority)
        .to_ascii_lowercase();
    let base = format!("{scheme}://{authority}{path}");
    Ok(Endpoint {
        authority_end: scheme.len() + 3 + authority.len(),
        base,
        host,
    })
}

/// The full URL, where its path ends, and the query pairs as encoded in it
/// (the signer needs them as sent).
fn build_url(
    endpoint: &Endpoint,
    request: &ProtocolRequest,
) -> (String, usize, Vec<(String, String)>) {
    let mut url = String::with_capacity(endpoint.base.len() + request.path.len() + 128);
    url.push_str(&endpoint.base);
    url.push_str(&request.path);
    let path_end = url.len();
    let encode = protocol::encode_query_component;
    let query: Vec<(String, String)> = request
        .query
        .iter()
        .map(|(k, v)| (encode(k), encode(v)))
        .collect();
    for (i, (k, v)) in query.iter().enumerate() {
        url.push(if i == 0 { '?' } else { '&' });
        url.push_str(k);
        url.push('=');
        url.push_str(v);
    }
    (url, path_end, query)
}

/// `User-Agent`: SDK, language and optional app name, computed once per client.
pub(crate) fn user_agent(service: &ServiceSpec, app_name: Option<&str>) -> HeaderValue {
    let mut ua = format!(
        "codeartifact-rs/{} lang/rust api/{}",
        env!("CARGO_PKG_VERSION"),
        service.api_version
    );
    if let Some(app) = app_name {
        ua.push_str(" app/");
        ua.extend(app.chars().filter(|c| c.is_ascii_graphic()));
    }
    HeaderValue::try_from(ua).unwrap_or_else(|_| HeaderValue::from_static("codeartifact-rs"))
}

/// A request ready to be signed once per attempt.
pub(crate) struct Prepared {
    pub method: http::Method,
    pub url: String,
    /// Path as signed (base path + operation path), percent-encoded.
    path_start: usize,
    path_end: usize,
    /// Encoded query pairs, as in the URL.
    query: Vec<(String, String)>,
    /// Headers from the protocol, plus `User-Agent` (not signed).
    pub headers: HeaderMap,
    /// Name/value pairs signed: `host` and the protocol's headers.
    signed: Vec<(Cow<'static, str>, String)>,
    pub body: SdkBody,
    /// The payload hash, when the body is not in memory.
    payload_hash: Option<String>,
}

impl Prepared {
    pub(crate) async fn new(
        endpoint: &Endpoint,
        request: ProtocolRequest,
        payload: Option<crate::primitives::ByteStream>,
        user_agent: &HeaderValue,
    ) -> Result<Self, String> {
        let method =
            http::Method::from_bytes(request.method.as_bytes()).map_err(|e| e.to_string())?;
        let (url, path_end, query) = build_url(endpoint, &request);
        let path_start = endpoint.authority_end;
        let mut headers = HeaderMap::with_capacity(request.headers.len() + 6);
        let mut signed = Vec::with_capacity(request.headers.len() + 1);
        signed.push((Cow::Borrowed("host"), endpoint.host.clone()));
        for (name, value) in request.headers {
            // An unset payload hash (the builder leaves it empty) is computed
            // from the payload below rather than sent empty.
            if value.is_empty() && name.eq_ignore_ascii_case("x-amz-content-sha256") {
                continue;
            }
            let n = HeaderName::from_bytes(name.as_bytes())
                .map_err(|e| format!("header {name}: {e}"))?;
            let v =
                HeaderValue::try_from(value.as_str()).map_err(|e| format!("header {name}: {e}"))?;
            headers.append(n, v);
            signed.push((name, value));
        }
        headers.insert(http::header::USER_AGENT, user_agent.clone());
        let (body, payload_hash) = body_and_hash(request.body, payload, &signed).await?;
        if let Some(hash) = &payload_hash {
            if !signed
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case("x-amz-content-sha256"))
            {
                headers.insert(
                    "x-amz-content-sha256",
                    HeaderValue::try_from(hash.as_str()).map_err(|e| e.to_string())?,
                );
                signed.push((Cow::Borrowed("x-amz-content-sha256"), hash.clone()));
            }
        }
        Ok(Self {
            method,
            url,
            path_start,
            path_end,
            query,
            headers,
            signed,
            body,
            payload_hash,
        })
    }

    /// Signs for one attempt: the request's headers plus the signature's.
    pub(crate) fn sign(
        &self,
        credentials: SigningCredentials<'_>,
        region: &str,
        service: &str,
        time: std::time::SystemTime,
        cache: &SigningKeyCache,
    ) -> Result<HeaderMap, String> {
        let signed: Vec<(&str, &str)> = self
            .signed
            .iter()
            .map(|(n, v)| (n.as_ref(), v.as_str()))
            .collect();
        let query: Vec<(&str, &str)> = self
            .query
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        let payload = match (&self.payload_hash, self.body.bytes()) {
            (Some(hash), _) => Payload::Precomputed(hash),
            (None, Some(bytes)) => Payload::Bytes(bytes),
            (None, None) => Payload::Unsigned,
        };
        let request = SignableRequest {
            method: self.method.as_str(),
            path: &self.url[self.path_start..self.path_end],
            query: &query,
            headers: &signed,
            payload,
        };
        let params = SigningParams {
            credentials,
            region,
            service,
            time,
            settings: SigningSettings::default(),
        };
        let output = sigv4::sign(&request, &params, cache);
        let mut headers = self.headers.clone();
        for (name, value) in output.headers() {
            let mut v = HeaderValue::try_from(value).map_err(|e| format!("{name}: {e}"))?;
            // Keeps the token and signature out of any `Debug` of the headers.
            v.set_sensitive(name == "authorization" || name == "x-amz-security-token");
            headers.insert(HeaderName::from_static(name), v);
        }
        Ok(headers)
    }
}

/// The body to send and, for a streamed payload, its SHA-256: the caller's
/// `x-amz-content-sha256` when given (signed as is, never recomputed),
/// otherwise computed here from the bytes or the file, chunk by chunk.
async fn body_and_hash(
    json: Option<bytes::Bytes>,
    payload: Option<crate::primitives::ByteStream>,
    headers: &[(Cow<'static, str>, String)],
) -> Result<(SdkBody, Option<String>), String> {
    let Some(payload) = payload else {
        return Ok((SdkBody::Bytes(json.unwrap_or_default()), None));
    };
    let given = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("x-amz-content-sha256"))
        .map(|(_, v)| v.clone());
    use crate::primitives::ByteStreamParts;
    Ok(match payload.into_parts() {
        ByteStreamParts::Bytes(b) => {
            let hash = given.unwrap_or_else(|| hex(&Sha256::digest(&b)));
            (SdkBody::Bytes(b), Some(hash))
        }
        ByteStreamParts::File(path) => {
            let len = tokio::fs::metadata(&path)
                .await
                .map_err(|e| format!("{}: {e}", path.display()))?
                .len();
            let hash = match given {
                Some(h) => h,
                None => hash_file(&path)
                    .await
                    .map_err(|e| format!("{}: {e}", path.display()))?,
            };
            (SdkBody::File { path, len }, Some(hash))
        }
        ByteStreamParts::Stream(stream, len) => {
            let body = SdkBody::Stream(crate::primitives::ByteStream::from_stream(stream, len));
            (
                body,
                Some(given.unwrap_or_else(|| sigv4::UNSIGNED_PAYLOAD.to_owned())),
            )
        }
    })
}

async fn hash_file(path: &std::path::Path) -> std::io::Result<String> {
    use tokio::io::AsyncReadExt;
    let mut file = tokio::fs::File::open(path).await?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; crate::transport::FILE_CHUNK];
    loop {
        let n = file.read(&mut buf).await?;
        if n == 0 {
            return Ok(hex(&hasher.finalize()));
        }
        hasher.update(&buf[..n]);
    }
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 0xf)] as char);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoint_split_keeps_base_path_and_drops_default_port() {
        let e = split_url("https://Example.com:443/prefix/").map_err(|e| e.to_string());
        let e = e
            .as_ref()
            .map(|e| (e.base.as_str(), &e.base[e.authority_end..], e.host.as_str()));
        assert_eq!(
            e,
            Ok(("https://Example.com:443/prefix", "/prefix", "example.com"))
        );
        let local = split_url("http://127.0.0.1:8080").map(|e| e.host);
        assert_eq!(local.as_deref(), Ok("127.0.0.1:8080"));
        assert!(split_url("ftp://x").is_err());
        assert!(split_url("127.0.0.1:80").is_err());
    }

    #[tokio::test]
    async fn payload_hash_is_computed_from_the_file_unless_given() {
        let content: Vec<u8> = (0..150_000u32).map(|i| (i % 253) as u8).collect();
        let path = std::env::temp_dir().join(format!("ca-hash-{}.bin", std::process::id()));
        std::fs::write(&path, &content).expect("write temp file");
        let payload = || Some(crate::primitives::ByteStream::from_path(&path));
        let (body, hash) = body_and_hash(None, payload(), &[]).await.expect("hashes");
        assert_eq!(hash, Some(hex(&Sha256::digest(&content))));
        assert_eq!(body.len_hint(), Some(content.len() as u64));
        let given = vec![(Cow::Borrowed("X-Amz-Content-SHA256"), "ab".repeat(32))];
        let (_, hash) = body_and_hash(None, payload(), &given).await.expect("given");
        assert_eq!(hash, Some("ab".repeat(32)), "a given hash is used as is");
        let (_, hash) = body_and_hash(None, Some(b"abc".to_vec().into()), &[])
            .await
            .expect("bytes");
        let abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        assert_eq!(hash.as_deref(), Some(abc));
        let _ = std::fs::remove_file(&path);
    }
}
