//! Opaque pagination tokens: the cursor (the last key of the page) plus a
//! tag binding it to the listing and to this database, so a token we did not
//! issue, or one issued for another listing, is rejected.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

use crate::error::{ApiError, ApiResult};

const TAG_LEN: usize = 12;

fn tag(key: &[u8; 32], scope: &str, cursor: &str) -> [u8; TAG_LEN] {
    let mut h = Sha256::new();
    h.update(key);
    h.update(scope.as_bytes());
    h.update([0]);
    h.update(cursor.as_bytes());
    let digest = h.finalize();
    let mut out = [0u8; TAG_LEN];
    out.copy_from_slice(&digest[..TAG_LEN]);
    out
}

/// `scope` names the listing and its fixed parameters (package, filter, order).
pub fn encode(key: &[u8; 32], scope: &str, cursor: &str) -> String {
    let mut raw = tag(key, scope, cursor).to_vec();
    raw.extend_from_slice(cursor.as_bytes());
    URL_SAFE_NO_PAD.encode(raw)
}

pub fn decode(key: &[u8; 32], scope: &str, token: &str) -> ApiResult<String> {
    let invalid = || ApiError::validation("The pagination token is invalid or has expired.");
    let raw = URL_SAFE_NO_PAD
        .decode(token.as_bytes())
        .map_err(|_| invalid())?;
    if raw.len() < TAG_LEN {
        return Err(invalid());
    }
    let (given, cursor) = raw.split_at(TAG_LEN);
    let cursor = std::str::from_utf8(cursor).map_err(|_| invalid())?;
    if given != tag(key, scope, cursor) {
        return Err(invalid());
    }
    Ok(cursor.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_rejects_foreign_tokens() {
        let key = [7u8; 32];
        let t = encode(&key, "versions:1", "1.0.0");
        assert_eq!(decode(&key, "versions:1", &t).unwrap(), "1.0.0");
        assert!(decode(&key, "versions:2", &t).is_err());
        assert!(decode(&[8u8; 32], "versions:1", &t).is_err());
        assert!(decode(&key, "versions:1", "bm90LWEtdG9rZW4").is_err());
        assert!(decode(&key, "versions:1", "!!!").is_err());
    }
}
