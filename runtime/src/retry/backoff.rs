//! Exponential backoff with full jitter, as an iterator of delays.
//!
//! The AWS SDKs' standard retry mode sleeps before retry `i` (0 for the
//! first retry) for
//!
//! ```text
//! delay_i = random_in[0, 1) * min(base * 2^i, cap)
//! ```
//!
//! with `base` = 1 s and `cap` = 20 s: "full jitter" from the AWS
//! Architecture Blog's "Exponential Backoff and Jitter". Jitter is applied
//! after the cap, so late retries stay spread over the whole `[0, cap)`
//! window instead of piling up at the cap.

use std::time::Duration;

/// The delays between attempts, one per retry, unbounded in count (the
/// retry policy decides when to stop).
#[derive(Debug, Clone)]
pub struct ExponentialBackoff {
    base: Duration,
    cap: Duration,
    retry: u32,
    rng: Rng,
}

impl ExponentialBackoff {
    /// Full-jitter backoff from `base`, doubling, capped at `cap`.
    pub fn new(base: Duration, cap: Duration) -> Self {
        Self {
            base,
            cap,
            retry: 0,
            rng: Rng::from_entropy(),
        }
    }

    /// Same, with a fixed seed so a test sees a reproducible sequence.
    pub fn with_seed(base: Duration, cap: Duration, seed: u64) -> Self {
        Self {
            base,
            cap,
            retry: 0,
            rng: Rng::new(seed),
        }
    }

    /// The un-jittered ceiling of the next delay: `min(base * 2^i, cap)`.
    pub fn next_ceiling(&self) -> Duration {
        ceiling(self.base, self.cap, self.retry)
    }
}

fn ceiling(base: Duration, cap: Duration, retry: u32) -> Duration {
    // 2^31 s overflows nothing in practice, and `checked_mul` guards the rest.
    let factor = 1u32.checked_shl(retry.min(31)).unwrap_or(u32::MAX);
    base.checked_mul(factor).map_or(cap, |d| d.min(cap))
}

impl Iterator for ExponentialBackoff {
    type Item = Duration;

    fn next(&mut self) -> Option<Duration> {
        let ceiling = ceiling(self.base, self.cap, self.retry);
        self.retry = self.retry.saturating_add(1);
        Some(ceiling.mul_f64(self.rng.next_unit()))
    }
}

/// SplitMix64: tiny, fast and good enough to spread retries; jitter needs
/// no cryptographic strength and this avoids a dependency.
#[derive(Debug, Clone)]
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub(crate) fn from_entropy() -> Self {
        use std::hash::{BuildHasher, Hasher};
        // `RandomState` is seeded from the OS once per process and then
        // varied per instance, which is all the independence jitter needs.
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_u64(0x9e37_79b9_7f4a_7c15);
        Self(hasher.finish())
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A float in `[0, 1)`.
    pub(crate) fn next_unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_stay_under_the_doubling_ceiling_and_the_cap() {
        let base = Duration::from_secs(1);
        let cap = Duration::from_secs(20);
        for seed in 0..50 {
            let delays: Vec<_> = ExponentialBackoff::with_seed(base, cap, seed)
                .take(12)
                .collect();
            for (i, d) in delays.iter().enumerate() {
                let ceiling = Duration::from_secs(1 << i.min(5)).min(cap);
                assert!(*d < ceiling, "retry {i}: {d:?} >= {ceiling:?}");
            }
        }
    }

    #[test]
    fn jitter_spreads_over_the_whole_window() {
        let cap = Duration::from_secs(20);
        let late: Vec<_> = (0..200)
            .map(|seed| {
                ExponentialBackoff::with_seed(Duration::from_secs(1), cap, seed)
                    .nth(8)
                    .unwrap_or_default()
            })
            .collect();
        assert!(
            late.iter().any(|d| *d < Duration::from_secs(5)),
            "no small delay at the cap"
        );
        assert!(
            late.iter().any(|d| *d > Duration::from_secs(15)),
            "no large delay at the cap"
        );
    }

    #[test]
    fn ceiling_doubles_then_caps() {
        let mut b = ExponentialBackoff::with_seed(
            Duration::from_millis(100),
            Duration::from_millis(700),
            1,
        );
        let mut ceilings = Vec::new();
        for _ in 0..5 {
            ceilings.push(b.next_ceiling().as_millis());
            b.next();
        }
        assert_eq!(ceilings, vec![100, 200, 400, 700, 700]);
    }

    #[test]
    fn huge_retry_counts_do_not_overflow() {
        let cap = Duration::from_secs(20);
        let mut b = ExponentialBackoff::with_seed(Duration::from_secs(1), cap, 3);
        let last = b.by_ref().take(100).last().unwrap_or_default();
        assert!(last < cap);
        assert_eq!(b.next_ceiling(), cap);
    }
}
