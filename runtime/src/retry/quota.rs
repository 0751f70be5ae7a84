//! The retry quota: a token bucket shared by every call of a client, so a
//! struggling service sees fewer retries instead of a retry storm.

use std::sync::atomic::{AtomicU32, Ordering};

/// Tokens in a full bucket.
pub const INITIAL_CAPACITY: u32 = 500;
/// Cost of one retry.
pub const RETRY_COST: u32 = 5;
/// Cost of retrying after a timeout.
pub const TIMEOUT_RETRY_COST: u32 = 10;
/// Added back when a call succeeds on its first attempt.
pub const NO_RETRY_INCREMENT: u32 = 1;

/// A lock-free token bucket. Retries take tokens; a call that succeeds
/// returns what its retries took (or [`NO_RETRY_INCREMENT`] when it needed
/// none), never above the capacity.
#[derive(Debug)]
pub struct RetryQuota {
    tokens: AtomicU32,
    capacity: u32,
}

impl RetryQuota {
    pub fn new(capacity: u32) -> Self {
        Self {
            tokens: AtomicU32::new(capacity),
            capacity,
        }
    }

    /// Tokens left.
    pub fn available(&self) -> u32 {
        self.tokens.load(Ordering::Relaxed)
    }

    /// Takes `cost` tokens; `false` (and nothing taken) when too few remain.
    pub fn try_acquire(&self, cost: u32) -> bool {
        self.tokens
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |t| t.checked_sub(cost))
            .is_ok()
    }

    /// Puts `amount` tokens back, up to the capacity.
    pub fn release(&self, amount: u32) {
        if amount == 0 {
            return;
        }
        let capacity = self.capacity;
        // Skip the write on the hot path when the bucket is already full.
        if self.tokens.load(Ordering::Relaxed) >= capacity {
            return;
        }
        let _ = self
            .tokens
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |t| {
                Some(t.saturating_add(amount).min(capacity))
            });
    }
}

impl Default for RetryQuota {
    fn default() -> Self {
        Self::new(INITIAL_CAPACITY)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exhausts_then_refuses() {
        let q = RetryQuota::new(12);
        assert!(q.try_acquire(RETRY_COST));
        assert!(q.try_acquire(RETRY_COST));
        assert!(!q.try_acquire(RETRY_COST), "2 tokens left, 5 needed");
        assert_eq!(q.available(), 2);
        assert!(!q.try_acquire(TIMEOUT_RETRY_COST));
    }

    #[test]
    fn refund_never_exceeds_capacity() {
        let q = RetryQuota::new(INITIAL_CAPACITY);
        assert!(q.try_acquire(TIMEOUT_RETRY_COST));
        q.release(TIMEOUT_RETRY_COST + 7);
        assert_eq!(q.available(), INITIAL_CAPACITY);
        q.release(NO_RETRY_INCREMENT);
        assert_eq!(q.available(), INITIAL_CAPACITY);
    }
}
