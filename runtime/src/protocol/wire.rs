//! Low-level text forms of restJson1: percent-encoding, and the timestamp
//! formats used outside JSON bodies (ISO-8601 in query strings, HTTP dates in
//! headers).

use std::borrow::Cow;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

use crate::primitives::DateTime;

/// Everything but RFC 3986 unreserved characters is encoded, as SigV4
/// canonicalisation expects, so the encoded query is already canonical.
pub(crate) const QUERY: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');
/// A `{label}`: the same set, so `/` in a value becomes `%2F`.
pub(crate) const LABEL: &AsciiSet = QUERY;
/// A greedy `{label+}` keeps its slashes.
pub(crate) const GREEDY_LABEL: &AsciiSet = &QUERY.remove(b'/');

pub(crate) fn push_encoded(out: &mut String, value: &str, set: &'static AsciiSet) {
    for part in utf8_percent_encode(value, set) {
        out.push_str(part);
    }
}

/// Percent-encodes one query name or value (RFC 3986 unreserved kept).
pub fn encode_query_component(value: &str) -> String {
    utf8_percent_encode(value, QUERY).to_string()
}

/// Decodes `%XX` escapes; `+` stays a plus (RFC 3986: AWS clients encode a
/// space as `%20` and a plus as `%2B`). `None` when the result is not UTF-8.
pub(crate) fn percent_decode(value: &str) -> Option<Cow<'_, str>> {
    percent_decode_str(value).decode_utf8().ok()
}

const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// IMF-fixdate (`Tue, 29 Apr 2014 18:30:38 GMT`), the default timestamp
/// format of headers.
pub fn format_http_date(t: DateTime) -> String {
    let days = t.secs().div_euclid(86_400);
    let rem = t.secs().rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    let weekday = DAYS[days.rem_euclid(7) as usize];
    let month = MONTHS[(m - 1) as usize];
    format!(
        "{weekday}, {d:02} {month} {y:04} {:02}:{:02}:{:02} GMT",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Parses IMF-fixdate (the form servers send).
pub(crate) fn parse_http_date(s: &str) -> Option<DateTime> {
    let rest = s.trim().get(5..)?; // "Tue, "
    let mut parts = rest.split(' ');
    let day: u32 = parts.next()?.parse().ok()?;
    let month_name = parts.next()?;
    let month = MONTHS.iter().position(|m| *m == month_name)? as u32 + 1;
    let year: i64 = parts.next()?.parse().ok()?;
    let secs = parse_hms(parts.next()?)?;
    if parts.next()? != "GMT" || parts.next().is_some() {
        return None;
    }
    Some(DateTime::from_secs(
        days_from_civil(year, month, day)? * 86_400 + secs,
    ))
}

/// `YYYY-MM-DDTHH:MM:SS[.fraction]Z`, the query-string timestamp format.
pub(crate) fn parse_iso8601(s: &str) -> Option<DateTime> {
    let s = s.strip_suffix('Z').or_else(|| s.strip_suffix('z'))?;
    let (date, time) = s.split_once(['T', 't'])?;
    let mut ymd = date.splitn(3, '-');
    let year: i64 = ymd.next()?.parse().ok()?;
    let month: u32 = ymd.next()?.parse().ok()?;
    let day: u32 = ymd.next()?.parse().ok()?;
    let (hms, frac) = match time.split_once('.') {
        Some((hms, frac)) => (hms, Some(frac)),
        None => (time, None),
    };
    let secs = parse_hms(hms)?;
    let nanos = match frac {
        Some(f) if !f.is_empty() && f.len() <= 9 && f.bytes().all(|b| b.is_ascii_digit()) => {
            f.parse::<u32>().ok()? * 10u32.pow(9 - f.len() as u32)
        }
        Some(_) => return None,
        None => 0,
    };
    Some(DateTime::from_secs_and_nanos(
        days_from_civil(year, month, day)? * 86_400 + secs,
        nanos,
    ))
}

fn parse_hms(s: &str) -> Option<i64> {
    let mut it = s.splitn(3, ':');
    let mut field = |max: i64| -> Option<i64> {
        let part = it.next()?;
        if part.len() != 2 {
            return None;
        }
        part.parse::<i64>().ok().filter(|v| (0..=max).contains(v))
    };
    let (h, m, sec) = (field(23)?, field(59)?, field(60)?);
    Some(h * 3600 + m * 60 + sec)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's
/// `days_from_civil`); `None` for an impossible month or day.
fn days_from_civil(y: i64, m: u32, d: u32) -> Option<i64> {
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let len = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if !(1..=12).contains(&m) || d == 0 || d > len[(m - 1) as usize] {
        return None;
    }
    Some(crate::primitives::days_from_civil(y, m, d))
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    crate::primitives::civil_from_days(z)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_date_round_trip() {
        let t = DateTime::from_secs(1_398_796_238);
        assert_eq!(format_http_date(t), "Tue, 29 Apr 2014 18:30:38 GMT");
        assert_eq!(parse_http_date("Tue, 29 Apr 2014 18:30:38 GMT"), Some(t));
        assert_eq!(
            format_http_date(DateTime::from_secs(0)),
            "Thu, 01 Jan 1970 00:00:00 GMT"
        );
        assert_eq!(parse_http_date("Tue, 31 Apr 2014 18:30:38 GMT"), None);
    }

    #[test]
    fn iso8601_parses_what_datetime_prints() {
        for t in [
            DateTime::from_secs(1_566_002_944),
            DateTime::from_millis(951_782_400_500),
            DateTime::from_secs(-1),
        ] {
            assert_eq!(parse_iso8601(&t.to_rfc3339()), Some(t));
        }
        assert_eq!(parse_iso8601("2019-08-17T00:49:04"), None);
        assert_eq!(parse_iso8601("2019-13-17T00:49:04Z"), None);
    }

    #[test]
    fn encoding_keeps_unreserved_only() {
        assert_eq!(
            encode_query_component("a b+c/~_.-é"),
            "a%20b%2Bc%2F~_.-%C3%A9"
        );
        assert_eq!(percent_decode("a%20b+c").as_deref(), Some("a b+c"));
        assert_eq!(percent_decode("%FF"), None);
    }
}
