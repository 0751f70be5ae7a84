//! The caching wrapper with a fake clock: reuse, refresh before expiry,
//! single-flight refreshes, failure handling.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use codeartifact_runtime::credentials::{
    CachedProvider, Credentials, CredentialsError, ProvideCredentials, ProvideCredentialsFuture,
    TimeSource,
};

#[derive(Debug)]
struct FakeClock(Mutex<SystemTime>);

impl FakeClock {
    fn at(secs: u64) -> Arc<Self> {
        Arc::new(Self(Mutex::new(UNIX_EPOCH + Duration::from_secs(secs))))
    }
    fn advance(&self, by: Duration) {
        *self.0.lock().unwrap() += by;
    }
}

impl TimeSource for FakeClock {
    fn now(&self) -> SystemTime {
        *self.0.lock().unwrap()
    }
}

const T0: u64 = 2_000_000_000;

/// Counts calls; each answer expires `lifetime` after the fake clock's now
/// (never when `None`), or fails while `failing` is set. Takes `delay`
/// (tokio time) to answer.
#[derive(Debug)]
struct Counting {
    calls: AtomicUsize,
    clock: Arc<FakeClock>,
    lifetime: Option<Duration>,
    delay: Duration,
    failing: Mutex<bool>,
}

impl Counting {
    fn new(clock: &Arc<FakeClock>, lifetime: Option<Duration>) -> Arc<Self> {
        let failing = Mutex::new(false);
        Arc::new(Self {
            calls: AtomicUsize::new(0),
            clock: clock.clone(),
            lifetime,
            delay: Duration::ZERO,
            failing,
        })
    }
    fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }
}

impl ProvideCredentials for Counting {
    fn provide(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(async move {
            let n = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
            tokio::time::sleep(self.delay).await;
            if *self.failing.lock().unwrap() {
                return Err(CredentialsError::failed(
                    "counting",
                    format!("refresh {n} failed"),
                ));
            }
            let expiry = self.lifetime.map(|l| self.clock.now() + l);
            Ok(Credentials::new(
                format!("AKID{n}"),
                "secret",
                None,
                expiry,
                "counting",
            ))
        })
    }
}

fn cached(inner: &Arc<Counting>, clock: &Arc<FakeClock>) -> CachedProvider {
    CachedProvider::new(inner.clone()).time_source(clock.clone())
}

#[tokio::test]
async fn credentials_without_expiry_are_fetched_once() {
    let clock = FakeClock::at(T0);
    let inner = Counting::new(&clock, None);
    let cache = cached(&inner, &clock);
    for _ in 0..3 {
        assert_eq!(cache.provide().await.unwrap().access_key_id(), "AKID1");
        clock.advance(Duration::from_secs(86_400 * 365));
    }
    assert_eq!(inner.calls(), 1);
}

#[tokio::test]
async fn refreshes_five_minutes_before_expiry() {
    let clock = FakeClock::at(T0);
    let inner = Counting::new(&clock, Some(Duration::from_secs(3600)));
    let cache = cached(&inner, &clock);
    assert_eq!(cache.provide().await.unwrap().access_key_id(), "AKID1");
    clock.advance(Duration::from_secs(54 * 60));
    assert_eq!(cache.provide().await.unwrap().access_key_id(), "AKID1");
    clock.advance(Duration::from_secs(60));
    assert_eq!(cache.provide().await.unwrap().access_key_id(), "AKID2");
    assert_eq!(inner.calls(), 2);
    // A custom buffer moves the refresh point.
    let inner = Counting::new(&clock, Some(Duration::from_secs(3600)));
    let cache = cached(&inner, &clock).buffer(Duration::from_secs(30 * 60));
    cache.provide().await.unwrap();
    clock.advance(Duration::from_secs(31 * 60));
    assert_eq!(cache.provide().await.unwrap().access_key_id(), "AKID2");
}

#[tokio::test]
async fn short_lived_credentials_are_kept_for_half_their_life() {
    let clock = FakeClock::at(T0);
    let inner = Counting::new(&clock, Some(Duration::from_secs(120)));
    let cache = cached(&inner, &clock);
    cache.provide().await.unwrap();
    clock.advance(Duration::from_secs(59));
    cache.provide().await.unwrap();
    assert_eq!(inner.calls(), 1);
    clock.advance(Duration::from_secs(2));
    assert_eq!(cache.provide().await.unwrap().access_key_id(), "AKID2");
}

#[tokio::test(start_paused = true)]
async fn concurrent_callers_share_one_refresh() {
    let clock = FakeClock::at(T0);
    let mut counting = Counting::new(&clock, Some(Duration::from_secs(3600)));
    Arc::get_mut(&mut counting).unwrap().delay = Duration::from_millis(200);
    let cache = Arc::new(cached(&counting, &clock));
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..16 {
        let cache = cache.clone();
        tasks.spawn(async move { cache.provide().await.map(|c| c.access_key_id().to_owned()) });
    }
    while let Some(result) = tasks.join_next().await {
        assert_eq!(result.unwrap().unwrap(), "AKID1");
    }
    assert_eq!(counting.calls(), 1);

    // A failing refresh is shared too: one call, the same error for all.
    clock.advance(Duration::from_secs(7200));
    *counting.failing.lock().unwrap() = true;
    for _ in 0..8 {
        let cache = cache.clone();
        tasks.spawn(async move { cache.provide().await.map(|c| c.access_key_id().to_owned()) });
    }
    while let Some(result) = tasks.join_next().await {
        assert_eq!(
            result.unwrap().unwrap_err().to_string(),
            "counting credentials provider failed: refresh 2 failed"
        );
    }
    assert_eq!(counting.calls(), 2);
    // A later call tries again.
    *counting.failing.lock().unwrap() = false;
    assert_eq!(cache.provide().await.unwrap().access_key_id(), "AKID3");
}

#[tokio::test]
async fn failed_refresh_falls_back_to_unexpired_credentials() {
    let clock = FakeClock::at(T0);
    let inner = Counting::new(&clock, Some(Duration::from_secs(3600)));
    let cache = cached(&inner, &clock);
    cache.provide().await.unwrap();
    *inner.failing.lock().unwrap() = true;
    clock.advance(Duration::from_secs(58 * 60));
    assert_eq!(cache.provide().await.unwrap().access_key_id(), "AKID1");
    clock.advance(Duration::from_secs(3 * 60));
    let err = cache.provide().await.unwrap_err();
    assert!(
        matches!(err, CredentialsError::ProviderFailed { .. }),
        "{err}"
    );
}
