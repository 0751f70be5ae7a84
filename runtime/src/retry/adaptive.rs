//! Adaptive retry mode's client-side rate limiter, as the AWS SDKs define it:
//! a token bucket that is off until the first throttling response, whose fill
//! rate then follows a CUBIC curve (cut by `BETA` on throttling, growing back
//! as a cubic of the time since the last throttle), bounded by twice the
//! measured sending rate.

use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use crate::time::{Clock, Sleep, epoch_seconds};

const SMOOTH: f64 = 0.8;
const BETA: f64 = 0.7;
const SCALE_CONSTANT: f64 = 0.4;
const MIN_FILL_RATE: f64 = 0.5;
const MIN_CAPACITY: f64 = 1.0;
/// Longest a caller waits for the limiter at once.
const MAX_WAIT: Duration = Duration::from_secs(20);

/// The limiter; one per client, shared by its calls.
#[derive(Debug, Default)]
pub struct AdaptiveLimiter {
    state: Mutex<State>,
}

#[derive(Debug, Default, Clone)]
struct State {
    fill_rate: f64,
    max_capacity: f64,
    current_capacity: f64,
    last_timestamp: Option<f64>,
    enabled: bool,
    measured_tx_rate: f64,
    last_tx_rate_bucket: f64,
    request_count: u64,
    last_max_rate: f64,
    last_throttle_time: f64,
    time_window: f64,
}

impl AdaptiveLimiter {
    pub fn new() -> Self {
        Self::default()
    }

    /// Waits until the bucket allows one more request. Free until the
    /// service first throttles.
    pub async fn acquire(&self, clock: &dyn Clock, sleep: &dyn Sleep) {
        if let Some(wait) = self.reserve(epoch_seconds(clock)) {
            sleep.sleep(wait).await;
        }
    }

    /// Takes a token, returning how long to wait first when the bucket was
    /// short (the token is taken from the future, as the SDKs do).
    fn reserve(&self, now: f64) -> Option<Duration> {
        let mut s = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        if !s.enabled {
            return None;
        }
        s.refill(now);
        let wait = if s.current_capacity >= 1.0 {
            None
        } else {
            // Clamped: rates come from measurements and must never make the
            // wait negative, NaN or unbounded.
            let secs = (1.0 - s.current_capacity) / s.fill_rate;
            Some(Duration::try_from_secs_f64(secs).map_or(MAX_WAIT, |d| d.min(MAX_WAIT)))
        };
        s.current_capacity -= 1.0;
        wait
    }

    /// Feeds the outcome of an attempt back: `throttled` when the service
    /// answered with a throttling error.
    pub fn update(&self, clock: &dyn Clock, throttled: bool) {
        let now = epoch_seconds(clock);
        let mut s = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        s.update_measured_rate(now);
        let calculated = if throttled {
            let rate = if s.enabled {
                s.measured_tx_rate.min(s.fill_rate)
            } else {
                s.measured_tx_rate
            };
            s.last_max_rate = rate;
            s.compute_time_window();
            s.last_throttle_time = now;
            s.enabled = true;
            rate * BETA
        } else {
            s.compute_time_window();
            SCALE_CONSTANT * (now - s.last_throttle_time - s.time_window).powi(3) + s.last_max_rate
        };
        let new_rate = calculated.min(2.0 * s.measured_tx_rate);
        s.set_rate(new_rate, now);
    }

    /// The current fill rate in requests per second, and whether the
    /// limiter is active.
    pub fn rate(&self) -> (f64, bool) {
        let s = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        (s.fill_rate, s.enabled)
    }
}

impl State {
    fn refill(&mut self, now: f64) {
        if let Some(last) = self.last_timestamp {
            let fill = (now - last).max(0.0) * self.fill_rate;
            self.current_capacity = (self.current_capacity + fill).min(self.max_capacity);
        }
        self.last_timestamp = Some(now);
    }

    fn set_rate(&mut self, new_rate: f64, now: f64) {
        self.refill(now);
        self.fill_rate = new_rate.max(MIN_FILL_RATE);
        self.max_capacity = new_rate.max(MIN_CAPACITY);
        self.current_capacity = self.current_capacity.min(self.max_capacity);
    }

    fn compute_time_window(&mut self) {
        self.time_window = (self.last_max_rate * (1.0 - BETA) / SCALE_CONSTANT).cbrt();
    }

    /// Requests per second, measured over half-second buckets and smoothed.
    fn update_measured_rate(&mut self, now: f64) {
        let bucket = (now * 2.0).floor() / 2.0;
        self.request_count += 1;
        if bucket > self.last_tx_rate_bucket {
            let current = self.request_count as f64 / (bucket - self.last_tx_rate_bucket);
            self.measured_tx_rate = current * SMOOTH + self.measured_tx_rate * (1.0 - SMOOTH);
            self.request_count = 0;
            self.last_tx_rate_bucket = bucket;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::FakeTime;

    /// Sends `per_second` requests a second for `seconds`, throttled or not.
    async fn drive(
        l: &AdaptiveLimiter,
        t: &FakeTime,
        per_second: u32,
        seconds: u32,
        throttled: bool,
    ) {
        for _ in 0..per_second * seconds {
            l.acquire(t, t).await;
            t.advance(Duration::from_secs_f64(1.0 / f64::from(per_second)));
            l.update(t, throttled);
        }
    }

    #[tokio::test]
    async fn inactive_until_throttled() {
        let (l, t) = (AdaptiveLimiter::new(), FakeTime::default());
        drive(&l, &t, 20, 3, false).await;
        assert!(!l.rate().1);
        assert!(t.sleeps().is_empty(), "no waiting before any throttle");
    }

    #[tokio::test]
    async fn throttling_cuts_the_rate_and_makes_callers_wait() {
        let (l, t) = (AdaptiveLimiter::new(), FakeTime::default());
        drive(&l, &t, 20, 3, false).await;
        l.update(&t, true);
        let (rate, enabled) = l.rate();
        assert!(enabled);
        assert!(rate < 20.0 && rate > 5.0, "rate after one throttle: {rate}");
        drive(&l, &t, 50, 1, true).await;
        let (cut, _) = l.rate();
        assert!(
            cut < rate,
            "repeated throttling keeps cutting: {cut} vs {rate}"
        );
        assert!(
            !t.sleeps().is_empty(),
            "a limited bucket makes callers wait"
        );
    }

    #[tokio::test]
    async fn rate_recovers_after_throttling_stops() {
        let (l, t) = (AdaptiveLimiter::new(), FakeTime::default());
        drive(&l, &t, 20, 3, false).await;
        drive(&l, &t, 20, 1, true).await;
        let (low, _) = l.rate();
        drive(&l, &t, 10, 10, false).await;
        let (recovered, _) = l.rate();
        assert!(recovered > low, "rate grows back: {low} -> {recovered}");
    }
}
