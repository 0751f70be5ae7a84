//! Keys and the signature itself, shared by signing and verification:
//! `kSigning` derivation, the per-day key cache, the canonical-request hash
//! and the HMAC of the string to sign.

use std::fmt;
use std::sync::{Mutex, PoisonError};

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use super::ALGORITHM;
use super::SigningSettings;
use super::canonical::{Buffered, CanonicalParts, Sink, Tee, hex_lower, write_canonical_request};

pub(crate) type HmacSha256 = Hmac<Sha256>;

impl Sink for HmacSha256 {
    fn put(&mut self, bytes: &[u8]) {
        Mac::update(self, bytes);
    }
}

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
        None => {
            let mut buffered = Buffered::new(&mut hasher);
            write_canonical_request(&mut buffered, parts, settings);
            buffered.finish();
        }
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
