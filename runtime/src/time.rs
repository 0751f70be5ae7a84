//! Injectable time: a wall clock and an async sleep. The client reads the
//! time only through these, so retry and signing tests can run instantly on
//! a fake clock.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime};

/// A future returned by [`Sleep::sleep`].
pub type SleepFuture = Pin<Box<dyn Future<Output = ()> + Send>>;

/// The source of "now", for signing dates and client-side rate limiting.
pub trait Clock: Send + Sync + fmt::Debug {
    fn now(&self) -> SystemTime;
}

/// An async sleep, used between retry attempts and by the adaptive limiter.
pub trait Sleep: Send + Sync + fmt::Debug {
    fn sleep(&self, duration: Duration) -> SleepFuture;
}

/// The operating system's clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}

/// Sleeps on the tokio timer.
#[derive(Debug, Clone, Copy, Default)]
pub struct TokioSleep;

impl Sleep for TokioSleep {
    fn sleep(&self, duration: Duration) -> SleepFuture {
        Box::pin(tokio::time::sleep(duration))
    }
}

/// A fake clock and sleep in one: sleeping returns at once and moves the
/// clock forward, and every requested sleep is recorded. For tests (ours and
/// users') of retry behaviour that must not wait.
#[derive(Debug, Clone)]
pub struct FakeTime {
    state: Arc<Mutex<FakeState>>,
}

#[derive(Debug)]
struct FakeState {
    now: SystemTime,
    sleeps: Vec<Duration>,
}

impl FakeTime {
    /// A fake time starting at `start`.
    pub fn new(start: SystemTime) -> Self {
        Self {
            state: Arc::new(Mutex::new(FakeState {
                now: start,
                sleeps: Vec::new(),
            })),
        }
    }

    /// Moves the clock forward without recording a sleep.
    pub fn advance(&self, by: Duration) {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.now += by;
    }

    /// Every sleep requested so far, in order.
    pub fn sleeps(&self) -> Vec<Duration> {
        self.state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .sleeps
            .clone()
    }
}

impl Default for FakeTime {
    fn default() -> Self {
        Self::new(SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000))
    }
}

impl Clock for FakeTime {
    fn now(&self) -> SystemTime {
        self.state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .now
    }
}

impl Sleep for FakeTime {
    fn sleep(&self, duration: Duration) -> SleepFuture {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.now += duration;
        state.sleeps.push(duration);
        Box::pin(std::future::ready(()))
    }
}

/// Seconds since the Unix epoch as a float, for rate arithmetic.
pub(crate) fn epoch_seconds(clock: &dyn Clock) -> f64 {
    clock
        .now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or(0.0)
}
