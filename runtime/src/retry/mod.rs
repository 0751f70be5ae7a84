//! Retries as the AWS SDKs' standard and adaptive modes define them.
//!
//! - [`classify`] says whether a failed attempt is retryable (throttling,
//!   transient, timeout) without deciding anything;
//! - [`RetryStrategy`] is the policy: attempt limit, [`backoff`] with full
//!   jitter, the shared [`quota`] token bucket, server hints
//!   (`x-amz-retry-after` in ms, `Retry-After` in s, capped), and in adaptive
//!   mode the client-side [`adaptive`] rate limiter.
//!
//! Time is read only through [`Clock`] and [`Sleep`], so tests use
//! [`crate::time::FakeTime`] and never wait.

pub mod adaptive;
pub mod backoff;
pub mod classify;
pub mod quota;

use std::sync::Arc;
use std::time::Duration;

use crate::time::{Clock, Sleep};
pub use adaptive::AdaptiveLimiter;
pub use backoff::ExponentialBackoff;
pub use classify::{ClassifyRetry, Failure, RetryKind, StandardClassifier};
pub use quota::RetryQuota;

/// Standard (the default) or adaptive retries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum RetryMode {
    #[default]
    Standard,
    /// Standard retries plus client-side rate limiting once the service throttles.
    Adaptive,
}

/// Retry settings of a client. `AWS_MAX_ATTEMPTS` and `AWS_RETRY_MODE` (or
/// the profile's `max_attempts`/`retry_mode`) map onto it.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryConfig {
    mode: RetryMode,
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_retry_after: Duration,
}

impl RetryConfig {
    /// Standard mode: 3 attempts, backoff from 1 s capped at 20 s, server
    /// hints honoured up to 20 s.
    pub fn standard() -> Self {
        Self {
            mode: RetryMode::Standard,
            max_attempts: 3,
            initial_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(20),
            max_retry_after: Duration::from_secs(20),
        }
    }

    /// Adaptive mode with the standard settings.
    pub fn adaptive() -> Self {
        Self {
            mode: RetryMode::Adaptive,
            ..Self::standard()
        }
    }

    /// One attempt, no retry.
    pub fn disabled() -> Self {
        Self {
            max_attempts: 1,
            ..Self::standard()
        }
    }

    /// Total attempts including the first (0 is read as 1).
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }
    pub fn with_mode(mut self, mode: RetryMode) -> Self {
        self.mode = mode;
        self
    }
    /// Ceiling of the first retry's delay; doubles per retry.
    pub fn with_initial_backoff(mut self, d: Duration) -> Self {
        self.initial_backoff = d;
        self
    }
    /// Cap on any computed delay.
    pub fn with_max_backoff(mut self, d: Duration) -> Self {
        self.max_backoff = d;
        self
    }
    /// Cap on a delay the server asked for with `Retry-After`/`x-amz-retry-after`.
    pub fn with_max_retry_after(mut self, d: Duration) -> Self {
        self.max_retry_after = d;
        self
    }

    pub fn mode(&self) -> RetryMode {
        self.mode
    }
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }
    pub fn initial_backoff(&self) -> Duration {
        self.initial_backoff
    }
    pub fn max_backoff(&self) -> Duration {
        self.max_backoff
    }
    pub fn max_retry_after(&self) -> Duration {
        self.max_retry_after
    }
}

impl Default for RetryConfig {
    fn default() -> Self {
        Self::standard()
    }
}

/// The retry policy of one client: its settings plus the state shared by
/// all its calls (quota, limiter).
#[derive(Debug)]
pub struct RetryStrategy {
    config: RetryConfig,
    classifier: Arc<dyn ClassifyRetry>,
    quota: RetryQuota,
    limiter: Option<AdaptiveLimiter>,
}

/// Why a call stopped retrying.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GiveUp {
    NotRetryable,
    MaxAttempts,
    /// The retry quota is exhausted: the service has been failing a lot.
    QuotaExhausted,
}

/// What to do after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    RetryAfter(Duration),
    GiveUp(GiveUp),
}

impl RetryStrategy {
    pub fn new(config: RetryConfig, classifier: Arc<dyn ClassifyRetry>) -> Self {
        let limiter = (config.mode == RetryMode::Adaptive).then(AdaptiveLimiter::new);
        Self {
            config,
            classifier,
            quota: RetryQuota::default(),
            limiter,
        }
    }

    pub fn config(&self) -> &RetryConfig {
        &self.config
    }
    pub fn quota(&self) -> &RetryQuota {
        &self.quota
    }
    pub fn limiter(&self) -> Option<&AdaptiveLimiter> {
        self.limiter.as_ref()
    }

    /// The per-call retry state.
    pub fn start(&self) -> CallRetry<'_> {
        CallRetry {
            strategy: self,
            attempts: 0,
            acquired: 0,
            backoff: None,
        }
    }
}

/// The retry state of one call.
#[derive(Debug)]
pub struct CallRetry<'a> {
    strategy: &'a RetryStrategy,
    attempts: u32,
    acquired: u32,
    backoff: Option<ExponentialBackoff>,
}

impl CallRetry<'_> {
    /// Attempts started so far.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// Call before each attempt: counts it and, in adaptive mode, waits for
    /// the rate limiter.
    pub async fn before_attempt(&mut self, clock: &dyn Clock, sleep: &dyn Sleep) {
        self.attempts += 1;
        if let Some(limiter) = &self.strategy.limiter {
            limiter.acquire(clock, sleep).await;
        }
    }

    /// Call when the call succeeded: refunds the quota.
    pub fn on_success(&mut self, clock: &dyn Clock) {
        let refund = if self.acquired == 0 {
            quota::NO_RETRY_INCREMENT
        } else {
            self.acquired
        };
        self.strategy.quota.release(refund);
        self.acquired = 0;
        if let Some(limiter) = &self.strategy.limiter {
            limiter.update(clock, false);
        }
    }

    /// Call when an attempt failed. `hint` is the server's requested delay
    /// (see [`retry_after_hint`]).
    pub fn on_failure(
        &mut self,
        failure: Failure<'_>,
        hint: Option<Duration>,
        clock: &dyn Clock,
    ) -> Decision {
        let s = self.strategy;
        let kind = s.classifier.classify(failure);
        if let (Some(limiter), Failure::Response { .. }) = (&s.limiter, failure) {
            limiter.update(clock, kind == RetryKind::Throttling);
        }
        if kind == RetryKind::NotRetryable {
            return Decision::GiveUp(GiveUp::NotRetryable);
        }
        if self.attempts >= s.config.max_attempts {
            return Decision::GiveUp(GiveUp::MaxAttempts);
        }
        let cost = if kind == RetryKind::Timeout {
            quota::TIMEOUT_RETRY_COST
        } else {
            quota::RETRY_COST
        };
        if !s.quota.try_acquire(cost) {
            return Decision::GiveUp(GiveUp::QuotaExhausted);
        }
        self.acquired += cost;
        let backoff = self.backoff.get_or_insert_with(|| {
            ExponentialBackoff::new(s.config.initial_backoff, s.config.max_backoff)
        });
        let computed = backoff.next().unwrap_or(s.config.max_backoff);
        let delay = match hint {
            Some(h) => h.min(s.config.max_retry_after),
            None => computed,
        };
        Decision::RetryAfter(delay)
    }
}

/// The delay the server asked for: `x-amz-retry-after` (milliseconds) wins
/// over `Retry-After` (whole seconds; the HTTP-date form is not used by AWS
/// and is ignored). Not capped here: the policy caps it.
pub fn retry_after_hint(headers: &http::HeaderMap) -> Option<Duration> {
    let parse = |name: &str| headers.get(name)?.to_str().ok()?.trim().parse::<u64>().ok();
    if let Some(ms) = parse("x-amz-retry-after") {
        return Some(Duration::from_millis(ms));
    }
    parse("retry-after").map(Duration::from_secs)
}

#[cfg(test)]
mod tests;
