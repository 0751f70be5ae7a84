//! Properties over many generated requests (a fixed-seed generator, so runs
//! are repeatable): equivalent spellings of a query canonicalise alike, and
//! whatever is signed verifies, while any change to a signed part does not.

use std::fmt::Write;
use std::time::{Duration, SystemTime};

use codeartifact_runtime::sigv4::{
    MAX_CLOCK_SKEW, Payload, SignableRequest, SigningCredentials, SigningKeyCache, SigningParams,
    SigningSettings, VerifyError, parse_request_auth, sign, sign_traced, verify,
};

/// xorshift64*: enough variety for these properties, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// A raw value: letters, unreserved and reserved ASCII, spaces, UTF-8.
    fn raw(&mut self) -> String {
        const PIECES: &[&str] = &[
            "a", "Z", "0", "-", ".", "_", "~", " ", "+", "/", "=", "&", "?", "@", ":", "é", "ሴ",
            "%",
        ];
        (0..self.below(8))
            .map(|_| PIECES[self.below(PIECES.len())])
            .collect()
    }
}

fn encode(raw: &str, lower_hex: bool) -> String {
    let mut out = String::new();
    for b in raw.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else if lower_hex {
            let _ = write!(out, "%{b:02x}");
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

fn params(time: SystemTime) -> SigningParams<'static> {
    SigningParams {
        credentials: SigningCredentials::new("AKID", "secret/key+value", Some("token/+=")),
        region: "eu-west-1",
        service: "codeartifact",
        time,
        settings: SigningSettings::default(),
    }
}

fn t0() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000)
}

#[test]
fn equivalent_query_spellings_sign_alike() {
    let mut rng = Rng(0x5EED_0001);
    let headers = [("host", "example.com")];
    for _ in 0..300 {
        let raw: Vec<(String, String)> =
            (0..rng.below(6)).map(|_| (rng.raw(), rng.raw())).collect();
        let upper: Vec<(String, String)> = raw
            .iter()
            .map(|(k, v)| (encode(k, false), encode(v, false)))
            .collect();
        let lower: Vec<(String, String)> = raw
            .iter()
            .map(|(k, v)| (encode(k, true), encode(v, true)))
            .collect();
        let mut spellings = vec![upper, lower];
        // Raw bytes are encoded by the signer too, as long as no `%` could
        // be read as an escape.
        if !raw.iter().any(|(k, v)| k.contains('%') || v.contains('%')) {
            spellings.push(raw.clone());
        }
        let texts: Vec<String> = spellings
            .iter()
            .map(|pairs| {
                let query: Vec<(&str, &str)> = pairs
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.as_str()))
                    .collect();
                let request = SignableRequest {
                    method: "GET",
                    path: "/",
                    query: &query,
                    headers: &headers,
                    payload: Payload::Bytes(b""),
                };
                sign_traced(&request, &params(t0()), &SigningKeyCache::new())
                    .1
                    .canonical_request
            })
            .collect();
        assert!(
            texts.windows(2).all(|w| w[0] == w[1]),
            "{raw:?}: {texts:#?}"
        );
    }
}

#[test]
fn whatever_is_signed_verifies_and_changes_do_not() {
    let mut rng = Rng(0x5EED_0002);
    let cache = SigningKeyCache::new();
    for _ in 0..200 {
        let query: Vec<(String, String)> = (0..rng.below(5))
            .map(|_| (encode(&rng.raw(), false), encode(&rng.raw(), false)))
            .collect();
        let names = ["Host", "Content-Type", "X-Custom", "x-custom", "Accept"];
        let mut headers: Vec<(String, String)> = vec![("host".into(), "h.example".into())];
        for _ in 0..rng.below(5) {
            let value = format!("  {} {}  ", rng.raw().replace(['%'], ""), rng.below(100));
            headers.push((names[1 + rng.below(names.len() - 1)].into(), value));
        }
        let body = rng.raw().into_bytes();
        let q: Vec<(&str, &str)> = query
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let h: Vec<(&str, &str)> = headers
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let path = format!("/v1/{}", encode(&rng.raw(), false));
        let request = SignableRequest {
            method: "POST",
            path: &path,
            query: &q,
            headers: &h,
            payload: Payload::Bytes(&body),
        };
        let out = sign(&request, &params(t0()), &cache);
        let sent = out.apply_to(&h);
        let sent = SignableRequest {
            headers: &sent,
            ..request
        };
        let check = |r: &SignableRequest<'_>| {
            let auth = parse_request_auth(r)?;
            verify(
                r,
                &auth,
                "secret/key+value",
                t0() + Duration::from_secs(30),
                MAX_CLOCK_SKEW,
            )
        };
        assert_eq!(check(&sent), Ok(()), "{request:?}");
        let mut other_body = body.clone();
        other_body.push(b'!');
        let changed = SignableRequest {
            payload: Payload::Bytes(&other_body),
            ..sent
        };
        assert_eq!(check(&changed), Err(VerifyError::SignatureMismatch));
        let changed = SignableRequest {
            method: "PUT",
            ..sent
        };
        assert_eq!(check(&changed), Err(VerifyError::SignatureMismatch));
    }
}
