//! Reuses credentials until shortly before they expire; one refresh at a
//! time, shared by every caller waiting on it.

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use super::{Credentials, CredentialsError, ProvideCredentials, ProvideCredentialsFuture};

/// Refresh this long before expiry, so a request signed just before the
/// refresh point still arrives with valid credentials.
const DEFAULT_BUFFER: Duration = Duration::from_secs(5 * 60);

/// The current time, injectable so expiry can be tested without waiting.
pub trait TimeSource: Send + Sync + fmt::Debug {
    fn now(&self) -> SystemTime;
}

#[derive(Debug, Clone, Copy, Default)]
pub struct SystemTimeSource;

impl TimeSource for SystemTimeSource {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}

/// Wraps a provider: credentials without an expiry are kept for good;
/// expiring ones until `buffer` before their expiry.
#[derive(Debug)]
pub struct CachedProvider {
    inner: Box<dyn ProvideCredentials>,
    time: Arc<dyn TimeSource>,
    buffer: Duration,
    state: Mutex<State>,
    /// Held while a refresh runs; later callers queue here and then find
    /// the refreshed state instead of refreshing again.
    refresh: tokio::sync::Mutex<()>,
}

#[derive(Debug, Default)]
struct State {
    cached: Option<Entry>,
    /// Counts finished refreshes, so a waiter can tell one happened while
    /// it queued.
    refreshes: u64,
    last_error: Option<CredentialsError>,
}

#[derive(Debug)]
struct Entry {
    credentials: Credentials,
    /// `None`: never refresh.
    refresh_at: Option<SystemTime>,
}

impl CachedProvider {
    pub fn new(inner: impl ProvideCredentials + 'static) -> Self {
        Self {
            inner: Box::new(inner),
            time: Arc::new(SystemTimeSource),
            buffer: DEFAULT_BUFFER,
            state: Mutex::new(State::default()),
            refresh: tokio::sync::Mutex::new(()),
        }
    }

    /// How long before expiry to refresh (default 5 minutes).
    pub fn buffer(mut self, buffer: Duration) -> Self {
        self.buffer = buffer;
        self
    }

    pub fn time_source(mut self, time: Arc<dyn TimeSource>) -> Self {
        self.time = time;
        self
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        // The state is replaced whole, so a panic elsewhere cannot leave it
        // half-written: a poisoned lock is still usable.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The cached credentials if they need no refresh yet.
    fn fresh(&self, now: SystemTime) -> Option<Credentials> {
        let state = self.state();
        let entry = state.cached.as_ref()?;
        match entry.refresh_at {
            Some(at) if now >= at => None,
            _ => Some(entry.credentials.clone()),
        }
    }

    async fn load(&self) -> Result<Credentials, CredentialsError> {
        if let Some(creds) = self.fresh(self.time.now()) {
            return Ok(creds);
        }
        let seen = self.state().refreshes;
        let _refreshing = self.refresh.lock().await;
        if let Some(creds) = self.fresh(self.time.now()) {
            return Ok(creds);
        }
        {
            let state = self.state();
            if state.refreshes != seen {
                if let Some(e) = &state.last_error {
                    // The refresh this caller waited on failed: share its
                    // outcome rather than hammer the source again.
                    return still_valid(&state, self.time.now()).ok_or_else(|| e.clone());
                }
            }
        }
        let result = self.inner.provide().await;
        self.store(result)
    }

    fn store(
        &self,
        result: Result<Credentials, CredentialsError>,
    ) -> Result<Credentials, CredentialsError> {
        let now = self.time.now();
        let mut state = self.state();
        state.refreshes += 1;
        match result {
            Ok(credentials) => {
                let refresh_at = credentials
                    .expiry()
                    .map(|expiry| self.refresh_time(now, expiry));
                state.cached = Some(Entry {
                    credentials: credentials.clone(),
                    refresh_at,
                });
                state.last_error = None;
                Ok(credentials)
            }
            Err(e) => {
                state.last_error = Some(e.clone());
                let fallback = still_valid(&state, now);
                if fallback.is_some() {
                    tracing::warn!(error = %e, "credentials refresh failed; using unexpired cached credentials");
                }
                fallback.ok_or(e)
            }
        }
    }

    /// `buffer` before expiry; for credentials that arrive with less than
    /// the buffer left, halfway to expiry so they are not refetched on
    /// every call.
    fn refresh_time(&self, now: SystemTime, expiry: SystemTime) -> SystemTime {
        match expiry.checked_sub(self.buffer) {
            Some(at) if at > now => at,
            _ => match expiry.duration_since(now) {
                Ok(left) => now + left / 2,
                Err(_) => now,
            },
        }
    }
}

/// Credentials past their refresh point but not yet expired still work:
/// better than failing the request when a refresh fails.
fn still_valid(state: &State, now: SystemTime) -> Option<Credentials> {
    let entry = state.cached.as_ref()?;
    entry
        .credentials
        .expiry()
        .is_some_and(|x| now < x)
        .then(|| entry.credentials.clone())
}

impl ProvideCredentials for CachedProvider {
    fn provide(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(self.load())
    }
}
