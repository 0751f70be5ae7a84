//! Error codes as restJson1 responses carry them.

/// Reduces an error code as sent (`aws.protocoltests.restjson#FooError:http://internal.amazon.com/...`)
/// to the bare shape name (`FooError`): everything from the first `:` is
/// dropped, then everything up to the last `#`. Surrounding whitespace goes.
pub fn sanitize_error_code(raw: &str) -> &str {
    let code = raw.split_once(':').map_or(raw, |(head, _)| head);
    let code = code.rsplit_once('#').map_or(code, |(_, tail)| tail);
    code.trim()
}

/// The code of an error response: the `x-amzn-ErrorType` header wins over the
/// body's `code`, then `__type` (Smithy restJson1 order).
pub(crate) fn error_code<'a>(
    header: Option<&'a str>,
    body: Option<&'a serde_json::Map<String, serde_json::Value>>,
) -> &'a str {
    if let Some(h) = header.map(sanitize_error_code).filter(|c| !c.is_empty()) {
        return h;
    }
    let from_body = body.and_then(|b| {
        ["code", "__type"]
            .iter()
            .find_map(|k| b.get(*k).and_then(|v| v.as_str()))
    });
    from_body.map(sanitize_error_code).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_namespace_and_uri() {
        assert_eq!(sanitize_error_code("FooError"), "FooError");
        assert_eq!(
            sanitize_error_code(
                "FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/"
            ),
            "FooError"
        );
        assert_eq!(
            sanitize_error_code(
                "aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/"
            ),
            "FooError"
        );
        assert_eq!(
            sanitize_error_code("aws.protocoltests.json10#FooError"),
            "FooError"
        );
        assert_eq!(sanitize_error_code(""), "");
    }

    #[test]
    fn header_wins_over_body() {
        let body = serde_json::json!({"code": "BodyCode", "__type": "TypeCode"});
        let map = body.as_object();
        assert_eq!(error_code(Some("HeaderCode"), map), "HeaderCode");
        assert_eq!(error_code(None, map), "BodyCode");
        let only_type = serde_json::json!({"__type": "ns#TypeCode"});
        assert_eq!(error_code(Some(""), only_type.as_object()), "TypeCode");
        assert_eq!(error_code(None, None), "");
    }
}
