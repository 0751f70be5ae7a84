//! `YYYYMMDD'T'HHMMSS'Z'` timestamps, without a date crate.

use std::fmt;
use std::time::{Duration, SystemTime};

use crate::primitives::{DateTime, civil_from_days, days_from_civil};

/// An `x-amz-date` value; its first 8 bytes are the credential-scope date.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct AmzDate([u8; 16]);

impl AmzDate {
    pub(crate) fn from_system_time(time: SystemTime) -> Self {
        let secs = DateTime::from(time).secs();
        let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
        let rem = secs.rem_euclid(86_400);
        let mut out = *b"00000000T000000Z";
        // Years past 9999 cannot be written in this format; clamp rather than
        // emit a malformed header.
        put_digits(&mut out[0..4], y.clamp(0, 9999) as u32);
        put_digits(&mut out[4..6], m);
        put_digits(&mut out[6..8], d);
        put_digits(&mut out[9..11], (rem / 3600) as u32);
        put_digits(&mut out[11..13], (rem % 3600 / 60) as u32);
        put_digits(&mut out[13..15], (rem % 60) as u32);
        Self(out)
    }

    pub(crate) fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or_default()
    }

    /// `YYYYMMDD`, the date of the credential scope.
    pub(crate) fn date(&self) -> &str {
        &self.as_str()[..8]
    }
}

impl fmt::Debug for AmzDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for AmzDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

fn put_digits(out: &mut [u8], mut value: u32) {
    for slot in out.iter_mut().rev() {
        *slot = b'0' + (value % 10) as u8;
        value /= 10;
    }
}

fn digits(s: &[u8]) -> Option<u32> {
    s.iter().try_fold(0u32, |acc, &b| {
        b.is_ascii_digit().then(|| acc * 10 + u32::from(b - b'0'))
    })
}

/// Parses an `x-amz-date` value (`20150830T123600Z`); `None` unless it is a
/// real instant in exactly that basic ISO 8601 form.
pub fn parse_amz_date(s: &str) -> Option<SystemTime> {
    let b = s.as_bytes();
    if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
        return None;
    }
    let (y, m, d) = (digits(&b[0..4])?, digits(&b[4..6])?, digits(&b[6..8])?);
    let (hh, mm, ss) = (digits(&b[9..11])?, digits(&b[11..13])?, digits(&b[13..15])?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || hh > 23 || mm > 59 || ss > 59 {
        return None;
    }
    let days = days_from_civil(i64::from(y), m, d);
    // Reject dates like Feb 30 that the arithmetic would roll over.
    if civil_from_days(days) != (i64::from(y), m, d) {
        return None;
    }
    let secs = days * 86_400 + i64::from(hh * 3600 + mm * 60 + ss);
    let secs = u64::try_from(secs).ok()?;
    SystemTime::UNIX_EPOCH.checked_add(Duration::from_secs(secs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_parses() {
        let t = SystemTime::UNIX_EPOCH + Duration::from_secs(1_440_938_160);
        let d = AmzDate::from_system_time(t);
        assert_eq!(d.as_str(), "20150830T123600Z");
        assert_eq!(d.date(), "20150830");
        assert_eq!(parse_amz_date(d.as_str()), Some(t));
        let leap = SystemTime::UNIX_EPOCH + Duration::from_secs(951_782_399);
        assert_eq!(AmzDate::from_system_time(leap).as_str(), "20000228T235959Z");
        assert_eq!(
            parse_amz_date("20000229T000000Z"),
            Some(leap + Duration::from_secs(1))
        );
        for bad in [
            "20150230T000000Z",
            "2015083T123600Z",
            "20150830 123600Z",
            "20151330T000000Z",
            "2015083aT123600Z",
        ] {
            assert_eq!(parse_amz_date(bad), None, "{bad}");
        }
    }
}
