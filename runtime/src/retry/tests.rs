use super::*;
use crate::time::FakeTime;

fn strategy(config: RetryConfig) -> RetryStrategy {
    RetryStrategy::new(config, Arc::new(StandardClassifier))
}

const THROTTLED: Failure<'static> = Failure::Response {
    status: 429,
    code: "ThrottlingException",
};
const UNAVAILABLE: Failure<'static> = Failure::Response {
    status: 503,
    code: "",
};

/// Runs one call whose attempts all fail with `failure`; returns the
/// attempts made, the delays and why it stopped.
async fn fail_every_attempt(
    s: &RetryStrategy,
    failure: Failure<'_>,
    hint: Option<Duration>,
) -> (u32, Vec<Duration>, GiveUp) {
    let t = FakeTime::default();
    let mut call = s.start();
    let mut delays = Vec::new();
    for _ in 0..2000 {
        call.before_attempt(&t, &t).await;
        match call.on_failure(failure, hint, &t) {
            Decision::RetryAfter(d) => delays.push(d),
            Decision::GiveUp(why) => return (call.attempts(), delays, why),
        }
    }
    panic!("no decision to give up after 2000 attempts");
}

#[tokio::test]
async fn three_attempts_by_default() {
    let s = strategy(RetryConfig::standard());
    let (attempts, delays, why) = fail_every_attempt(&s, UNAVAILABLE, None).await;
    assert_eq!((attempts, delays.len(), why), (3, 2, GiveUp::MaxAttempts));
    assert!(
        delays[0] < Duration::from_secs(1) && delays[1] < Duration::from_secs(2),
        "{delays:?}"
    );
}

#[tokio::test]
async fn configured_attempts_and_caps() {
    let config = RetryConfig::standard()
        .with_max_attempts(10)
        .with_max_backoff(Duration::from_secs(3));
    let (attempts, delays, _) = fail_every_attempt(&strategy(config), Failure::Io, None).await;
    assert_eq!(attempts, 10);
    assert!(
        delays.iter().all(|d| *d < Duration::from_secs(3)),
        "{delays:?}"
    );
}

#[tokio::test]
async fn non_retryable_stops_at_once_and_costs_nothing() {
    let s = strategy(RetryConfig::standard());
    let failure = Failure::Response {
        status: 404,
        code: "ResourceNotFoundException",
    };
    let (attempts, delays, why) = fail_every_attempt(&s, failure, None).await;
    assert_eq!((attempts, delays.len(), why), (1, 0, GiveUp::NotRetryable));
    assert_eq!(s.quota().available(), quota::INITIAL_CAPACITY);
}

#[tokio::test]
async fn retry_after_is_honoured_and_capped() {
    let s = strategy(RetryConfig::standard());
    let (_, delays, _) = fail_every_attempt(&s, THROTTLED, Some(Duration::from_secs(7))).await;
    assert_eq!(delays, vec![Duration::from_secs(7); 2]);
    let (_, delays, _) = fail_every_attempt(&s, THROTTLED, Some(Duration::from_secs(3600))).await;
    assert_eq!(
        delays,
        vec![Duration::from_secs(20); 2],
        "an hour is capped at 20 s"
    );
}

#[test]
fn hint_headers_prefer_milliseconds() {
    let mut h = http::HeaderMap::new();
    h.insert("retry-after", http::HeaderValue::from_static("2"));
    assert_eq!(retry_after_hint(&h), Some(Duration::from_secs(2)));
    h.insert("x-amz-retry-after", http::HeaderValue::from_static("1500"));
    assert_eq!(retry_after_hint(&h), Some(Duration::from_millis(1500)));
    let mut bad = http::HeaderMap::new();
    bad.insert(
        "retry-after",
        http::HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT"),
    );
    assert_eq!(retry_after_hint(&bad), None);
}

#[tokio::test]
async fn quota_drains_then_stops_retries_and_refills_on_success() {
    let s = strategy(RetryConfig::standard().with_max_attempts(1000));
    let (attempts, _, why) = fail_every_attempt(&s, UNAVAILABLE, None).await;
    // 500 tokens / 5 per retry = 100 retries, plus the first attempt.
    assert_eq!((attempts, why), (101, GiveUp::QuotaExhausted));
    assert_eq!(s.quota().available(), 0);

    let t = FakeTime::default();
    let mut ok = s.start();
    ok.before_attempt(&t, &t).await;
    ok.on_success(&t);
    assert_eq!(s.quota().available(), quota::NO_RETRY_INCREMENT);
}

#[tokio::test]
async fn success_after_retries_refunds_what_they_took() {
    let s = strategy(RetryConfig::standard());
    let t = FakeTime::default();
    // Drain a bit first so the refund is visible below capacity.
    assert!(s.quota().try_acquire(100));
    let mut call = s.start();
    call.before_attempt(&t, &t).await;
    assert!(matches!(
        call.on_failure(Failure::Timeout, None, &t),
        Decision::RetryAfter(_)
    ));
    assert_eq!(s.quota().available(), 400 - quota::TIMEOUT_RETRY_COST);
    call.before_attempt(&t, &t).await;
    call.on_success(&t);
    assert_eq!(s.quota().available(), 400);
}

#[tokio::test]
async fn adaptive_mode_limits_after_throttling() {
    let s = strategy(RetryConfig::adaptive().with_max_attempts(2));
    let t = FakeTime::default();
    for _ in 0..40 {
        let mut call = s.start();
        call.before_attempt(&t, &t).await;
        t.advance(Duration::from_millis(50));
        call.on_success(&t);
    }
    assert!(t.sleeps().is_empty());
    for _ in 0..20 {
        let mut call = s.start();
        call.before_attempt(&t, &t).await;
        let _ = call.on_failure(THROTTLED, None, &t);
    }
    let limiter = s.limiter().map(AdaptiveLimiter::rate);
    assert!(
        matches!(limiter, Some((_, true))),
        "limiter enabled: {limiter:?}"
    );
    // Retry delays were not slept on the fake time; the limiter's waits were.
    assert!(
        !t.sleeps().is_empty(),
        "throttled client waits for the limiter"
    );
}
