//! Fault injection for users' retry tests (off unless configured).

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// 429 `ThrottlingException` with `Retry-After`.
    Throttle,
    /// 503 `ServiceUnavailableException`.
    Unavailable,
    /// The connection is dropped without a response.
    Reset,
    /// The request is answered normally after this delay.
    Delay(Duration),
}

impl Fault {
    /// Parses `throttle`, `unavailable`, `reset` or `delay=<n>s|<n>ms`.
    pub fn parse(s: &str) -> Result<Fault, String> {
        match s {
            "throttle" => Ok(Fault::Throttle),
            "unavailable" => Ok(Fault::Unavailable),
            "reset" => Ok(Fault::Reset),
            _ => {
                let spec = s.strip_prefix("delay=").ok_or_else(|| {
                    format!("unknown fault '{s}' (throttle, unavailable, reset, delay=2s)")
                })?;
                let (num, unit_ms) = match spec.strip_suffix("ms") {
                    Some(n) => (n, 1),
                    None => (spec.strip_suffix('s').unwrap_or(spec), 1000),
                };
                let n: u64 = num.parse().map_err(|_| format!("bad delay '{spec}'"))?;
                Ok(Fault::Delay(Duration::from_millis(n * unit_ms)))
            }
        }
    }
}

/// Injects `fault` into a fraction `rate` (0.0–1.0) of requests.
#[derive(Debug)]
pub struct Faults {
    pub rate: f64,
    pub fault: Fault,
    state: AtomicU64,
}

impl Faults {
    pub fn new(rate: f64, fault: Fault) -> Self {
        let seed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0x9E37_79B9_7F4A_7C15, |d| d.as_nanos() as u64)
            | 1;
        Faults {
            rate: rate.clamp(0.0, 1.0),
            fault,
            state: AtomicU64::new(seed),
        }
    }

    /// The fault to inject into this request, if any.
    pub fn pick(&self) -> Option<Fault> {
        // xorshift64; the race between concurrent requests only perturbs the sequence.
        let mut x = self.state.load(Ordering::Relaxed);
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.state.store(x, Ordering::Relaxed);
        let draw = (x >> 11) as f64 / (1u64 << 53) as f64;
        (draw < self.rate).then_some(self.fault)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_respects_rate() {
        assert_eq!(
            Fault::parse("delay=2s").unwrap(),
            Fault::Delay(Duration::from_secs(2))
        );
        assert_eq!(
            Fault::parse("delay=150ms").unwrap(),
            Fault::Delay(Duration::from_millis(150))
        );
        assert!(Fault::parse("explode").is_err());
        let f = Faults::new(0.2, Fault::Throttle);
        let hits = (0..10_000).filter(|_| f.pick().is_some()).count();
        assert!((1500..2500).contains(&hits), "{hits}");
        assert!((0..1000).all(|_| Faults::new(0.0, Fault::Reset).pick().is_none()));
    }
}
