//! The functions of the Smithy rules-engine standard library and its AWS
//! extensions, as pure functions. The evaluator wraps them; they are public
//! because they are useful on their own (and testable without a rule set).

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use std::net::Ipv6Addr;

/// RFC 3986 unreserved characters stay as they are; everything else is
/// percent-encoded (upper-case hex), which is what `uriEncode` specifies.
const URI_ENCODE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// `uriEncode`: percent-encodes every byte of the UTF-8 text except the
/// unreserved characters `A-Z a-z 0-9 - _ . ~`.
pub fn uri_encode(input: &str) -> String {
    utf8_percent_encode(input, URI_ENCODE).to_string()
}

/// `substring`: the characters `[start, stop)` of `input`, counted from the
/// end when `reverse` is true. `None` when the range is empty or out of bounds,
/// and whenever `input` holds any non-ASCII character (the rules count
/// characters, and only ASCII makes that unambiguous).
pub fn substring(input: &str, start: usize, stop: usize, reverse: bool) -> Option<&str> {
    if start >= stop || stop > input.len() || !input.is_ascii() {
        return None;
    }
    if reverse {
        let len = input.len();
        input.get(len - stop..len - start)
    } else {
        input.get(start..stop)
    }
}

/// `isValidHostLabel`: an RFC 1123 label (1 to 63 letters, digits and
/// hyphens, not starting or ending with a hyphen). With `allow_subdomains`,
/// a dot-separated sequence of such labels.
pub fn is_valid_host_label(value: &str, allow_subdomains: bool) -> bool {
    if allow_subdomains {
        value.split('.').all(is_single_label)
    } else {
        is_single_label(value)
    }
}

fn is_single_label(label: &str) -> bool {
    (1..=63).contains(&label.len())
        && !label.starts_with('-')
        && !label.ends_with('-')
        && label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// `aws.isVirtualHostableS3Bucket`: whether a bucket name can be used as a
/// host name: 3 to 63 characters, lower case, valid host label(s), and not
/// shaped like an IPv4 address.
pub fn is_virtual_hostable_s3_bucket(value: &str, allow_subdomains: bool) -> bool {
    (3..=63).contains(&value.len())
        && !value.bytes().any(|b| b.is_ascii_uppercase())
        && !looks_like_ipv4(value)
        && is_valid_host_label(value, allow_subdomains)
}

/// Four dot-separated runs of digits, whatever their values.
fn looks_like_ipv4(value: &str) -> bool {
    let parts: Vec<&str> = value.split('.').collect();
    parts.len() == 4
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

/// The result of `parseURL`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Url {
    /// `http` or `https` (lower case whatever the input's case).
    pub scheme: String,
    /// Host and optional port, as written (IPv6 hosts keep their brackets).
    pub authority: String,
    /// The path as written: empty, or starting with `/`.
    pub path: String,
    /// The path, starting and ending with `/`.
    pub normalized_path: String,
    /// Whether the host is an IPv4 or IPv6 address.
    pub is_ip: bool,
}

/// `parseURL`: splits an `http`/`https` URL into its parts. `None` for other
/// schemes, URLs with a query or fragment, user info, whitespace, an empty
/// host or a port that is not a number. Host labels are not validated.
pub fn parse_url(input: &str) -> Option<Url> {
    let (scheme, rest) = input.split_once("://")?;
    let scheme_ok = scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https");
    if !scheme_ok
        || rest.contains(['?', '#', '@'])
        || rest.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return None;
    }
    let (authority, path) = match rest.find('/') {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    let is_ip = parse_host_port(authority)?;
    let normalized_path = match path {
        "" => "/".to_owned(),
        p if p.ends_with('/') => p.to_owned(),
        p => format!("{p}/"),
    };
    Some(Url {
        scheme: scheme.to_ascii_lowercase(),
        authority: authority.to_owned(),
        path: path.to_owned(),
        normalized_path,
        is_ip,
    })
}

/// Checks `host[:port]` and says whether the host is an IP address.
fn parse_host_port(authority: &str) -> Option<bool> {
    if let Some(bracketed) = authority.strip_prefix('[') {
        let (addr, after) = bracketed.split_once(']')?;
        // RFC 6874 zone identifiers (`%25en0`) are allowed after the address.
        let (addr, zone) = addr.split_once("%25").unwrap_or((addr, "x"));
        addr.parse::<Ipv6Addr>().ok()?;
        if zone.is_empty() {
            return None;
        }
        if !after.is_empty() {
            valid_port(after.strip_prefix(':')?)?;
        }
        return Some(true);
    }
    let host = match authority.split_once(':') {
        Some((host, port)) => {
            valid_port(port)?;
            host
        }
        None => authority,
    };
    if host.is_empty() {
        return None;
    }
    Some(is_ipv4(host))
}

/// Dotted-quad IPv4, leading zeros allowed (`01.2.3.4`), as other SDKs read it.
fn is_ipv4(host: &str) -> bool {
    let parts: Vec<&str> = host.split('.').collect();
    parts.len() == 4
        && parts.iter().all(|p| {
            (1..=3).contains(&p.len())
                && p.bytes().all(|b| b.is_ascii_digit())
                && p.parse::<u8>().is_ok()
        })
}

fn valid_port(port: &str) -> Option<()> {
    let ok =
        !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) && port.parse::<u16>().is_ok();
    ok.then_some(())
}

/// The result of `aws.parseArn`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Arn {
    pub partition: String,
    pub service: String,
    /// May be empty.
    pub region: String,
    /// May be empty or non-numeric.
    pub account_id: String,
    /// The resource split on `:` and `/`; never empty.
    pub resource_id: Vec<String>,
}

/// `aws.parseArn`: `arn:partition:service:region:account:resource`, where
/// partition, service and resource must not be empty.
pub fn parse_arn(input: &str) -> Option<Arn> {
    let mut parts = input.splitn(6, ':');
    if parts.next()? != "arn" {
        return None;
    }
    let partition = parts.next()?;
    let service = parts.next()?;
    let region = parts.next()?;
    let account_id = parts.next()?;
    let resource = parts.next()?;
    if partition.is_empty() || service.is_empty() || resource.is_empty() {
        return None;
    }
    Some(Arn {
        partition: partition.to_owned(),
        service: service.to_owned(),
        region: region.to_owned(),
        account_id: account_id.to_owned(),
        resource_id: resource.split([':', '/']).map(str::to_owned).collect(),
    })
}

#[cfg(test)]
#[path = "stdlib_tests.rs"]
mod tests;
