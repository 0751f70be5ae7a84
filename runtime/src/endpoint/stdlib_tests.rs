use super::*;

#[test]
fn substring_forward_reverse_and_bounds() {
    assert_eq!(substring("abcdefg", 0, 4, false), Some("abcd"));
    assert_eq!(substring("abcdefg", 0, 4, true), Some("defg"));
    assert_eq!(substring("defg", 1, 3, false), Some("ef"));
    assert_eq!(substring("abcdefg", 1, 3, true), Some("ef"));
    assert_eq!(substring("abcd", 0, 4, false), Some("abcd"));
    // Out of range, empty and inverted ranges.
    assert_eq!(substring("abc", 0, 4, false), None);
    assert_eq!(substring("abc", 0, 4, true), None);
    assert_eq!(substring("", 0, 1, false), None);
    assert_eq!(substring("abc", 2, 2, false), None);
    assert_eq!(substring("abc", 3, 1, false), None);
    // Any non-ASCII character makes the result unset, even outside the range.
    assert_eq!(substring("abcdef\u{80}", 0, 4, false), None);
    assert_eq!(substring("\u{fdfd}", 0, 1, false), None);
    assert_eq!(substring("\u{7f}abcdef", 0, 4, false), Some("\u{7f}abc"));
}

#[test]
fn uri_encode_keeps_only_unreserved() {
    assert_eq!(uri_encode(""), "");
    assert_eq!(
        uri_encode("0123456789.under_score-Tilda~"),
        "0123456789.under_score-Tilda~"
    );
    assert_eq!(uri_encode("abc:defg"), "abc%3Adefg");
    assert_eq!(uri_encode("a b/c+d%"), "a%20b%2Fc%2Bd%25");
    assert_eq!(uri_encode("\u{1F639}"), "%F0%9F%98%B9");
    assert_eq!(uri_encode("é"), "%C3%A9");
}

#[test]
fn host_labels_with_and_without_dots() {
    assert!(is_valid_host_label("us-east-1", false));
    assert!(is_valid_host_label("3aws4", false));
    assert!(is_valid_host_label(&"a".repeat(63), false));
    assert!(!is_valid_host_label(&"a".repeat(64), false));
    assert!(!is_valid_host_label("", false));
    assert!(!is_valid_host_label("-abc", false));
    assert!(!is_valid_host_label("abc-", false));
    assert!(!is_valid_host_label("a_b", false));
    assert!(!is_valid_host_label("part1 part2", false));
    assert!(!is_valid_host_label("part1.part2", false));
    assert!(is_valid_host_label("part1.part2", true));
    assert!(!is_valid_host_label("part1..part2", true));
    assert!(!is_valid_host_label(".part1", true));
    assert!(!is_valid_host_label("part1.", true));
    assert!(!is_valid_host_label("part1.-part2", true));
    assert!(!is_valid_host_label("", true));
}

#[test]
fn virtual_hostable_buckets() {
    assert!(is_virtual_hostable_s3_bucket("bucket-name", false));
    assert!(!is_virtual_hostable_s3_bucket("bucket.name", false));
    assert!(is_virtual_hostable_s3_bucket("bucket.name", true));
    assert!(!is_virtual_hostable_s3_bucket("BucketName", false));
    assert!(!is_virtual_hostable_s3_bucket("aa", false));
    assert!(!is_virtual_hostable_s3_bucket(&"a".repeat(64), true));
    assert!(!is_virtual_hostable_s3_bucket("192.168.5.4", true));
    // Not IPv4-shaped: only three parts.
    assert!(is_virtual_hostable_s3_bucket("192.168.5", true));
    assert!(!is_virtual_hostable_s3_bucket("bucket-.name", true));
}

#[test]
fn parse_url_parts() {
    let url = parse_url("https://authority.com/custom-path").unwrap();
    assert_eq!(url.scheme, "https");
    assert_eq!(url.authority, "authority.com");
    assert_eq!(url.path, "/custom-path");
    assert_eq!(url.normalized_path, "/custom-path/");
    assert!(!url.is_ip);

    let bare = parse_url("http://authority.com").unwrap();
    assert_eq!(
        (bare.path.as_str(), bare.normalized_path.as_str()),
        ("", "/")
    );
    let slash = parse_url("http://authority.com/").unwrap();
    assert_eq!(
        (slash.path.as_str(), slash.normalized_path.as_str()),
        ("/", "/")
    );
}

#[test]
fn parse_url_ports_and_ip_hosts() {
    let port = parse_url("https://authority.com:8000/port").unwrap();
    assert_eq!(port.authority, "authority.com:8000");
    assert_eq!(port.path, "/port");

    let v4 = parse_url("http://192.168.1.1:1234/foo/").unwrap();
    assert!(v4.is_ip);
    assert_eq!(v4.authority, "192.168.1.1:1234");
    assert_eq!(v4.normalized_path, "/foo/");

    let v6 = parse_url("https://[2001:db8:85a3:8d3:1319:8a2e:370:7348]:443").unwrap();
    assert!(v6.is_ip);
    assert_eq!(v6.authority, "[2001:db8:85a3:8d3:1319:8a2e:370:7348]:443");
    assert!(parse_url("http://[::1]/x").unwrap().is_ip);

    assert!(parse_url("http://01.2.3.4").unwrap().is_ip);
    let zoned = parse_url("http://[fe80::1%25en0]:80").unwrap();
    assert!(zoned.is_ip);
    assert_eq!(zoned.authority, "[fe80::1%25en0]:80");
    assert_eq!(parse_url("HTTPS://a.com").unwrap().scheme, "https");
    // Digits and dots that are not an address are a host name.
    assert!(!parse_url("http://1.2.3").unwrap().is_ip);
    assert!(!parse_url("http://256.1.1.1").unwrap().is_ip);
    assert!(!parse_url("https://999.999.abc.blah").unwrap().is_ip);
    assert!(!parse_url("https://999.999.999.999").unwrap().is_ip);
    // Host labels are not validated.
    assert_eq!(
        parse_url("http://99_ab-.com").unwrap().authority,
        "99_ab-.com"
    );
}

#[test]
fn parse_url_rejects() {
    for bad in [
        "acbd://example.com",
        "example.com",
        "http://abc.com:a/foo",
        "http://abc.com:/foo",
        "http://abc.com:99999",
        "https://example.com/path?query1=foo",
        "https://example.com/#frag",
        "https://user@example.com",
        "https:///path",
        "https://exa mple.com",
        "https://[not-an-ip]/",
        "https://[::1]x",
        "https://[fe80::1%25]",
    ] {
        assert_eq!(parse_url(bad), None, "{bad} should not parse");
    }
}

#[test]
fn parse_arn_fields() {
    let arn = parse_arn("arn:aws:s3:us-east-2:012345678:outpost:op-1234").unwrap();
    assert_eq!(arn.partition, "aws");
    assert_eq!(arn.service, "s3");
    assert_eq!(arn.region, "us-east-2");
    assert_eq!(arn.account_id, "012345678");
    assert_eq!(arn.resource_id, ["outpost", "op-1234"]);

    let slashes = parse_arn("arn:aws:iam::123:role/path/name").unwrap();
    assert_eq!(slashes.region, "");
    assert_eq!(slashes.resource_id, ["role", "path", "name"]);
    // Trailing separators give empty trailing segments.
    assert_eq!(
        parse_arn("arn:aws:s3:r:a:outpost:").unwrap().resource_id,
        ["outpost", ""]
    );

    for bad in [
        "asdf",
        "arn:aws:s3:us-west-2:123456789012:",
        "arn:aws::us-west-2:123456789012:res",
        "arn::s3:us-west-2:123456789012:res",
        "arn:aws:s3:us-west-2",
        "nra:aws:s3:r:a:res",
    ] {
        assert_eq!(parse_arn(bad), None, "{bad} should not parse");
    }
}
