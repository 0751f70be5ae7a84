//! Server side against the inputs of Smithy's restJson1 malformed-request
//! tests (`../shared/conformance/protocol-tests/restJson1/malformedRequests/`):
//! each must be refused by `parse_request`, with the field named when a field
//! is at fault. The values are those of the IDL's `testParameters`.

use serde_json::json;

use super::fixtures::MALFORMED;
use crate::protocol::{RequestErrorKind, parse_request};

const OVERFLOWS: [&str; 3] = [
    "-9223372000000000000",
    "9223372000000000000",
    "123000000000000000000000",
];
/// Malformed in a JSON body (valid JSON of the wrong kind).
const NOT_INTEGERS_JSON: [&str; 4] = ["\"1\"", "1.001", "\"Infinity\"", "true"];
/// Malformed as query, header or label text.
const NOT_INTEGERS_TEXT: [&str; 6] = ["1.001", "2ABC", "0x42", "Infinity", "true", ""];
const BAD_BOOLEANS: [&str; 11] = [
    "True", "TRUE", "y", "Y", "yes", "Yes", "YES", "1", "on", "On", "ON",
];

fn refused(
    path: &str,
    query: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (RequestErrorKind, Option<String>) {
    match parse_request(&MALFORMED, path, query, headers, body.as_bytes()) {
        Ok(doc) => panic!("accepted {path}?{query} {headers:?} {body}: {doc}"),
        Err(e) => (e.kind, e.field),
    }
}

fn field(name: &str) -> (RequestErrorKind, Option<String>) {
    (RequestErrorKind::InvalidField, Some(name.to_owned()))
}

#[test]
fn integers_out_of_range_or_not_integers_are_refused() {
    for v in OVERFLOWS {
        assert_eq!(
            refused(
                "/malformed/1",
                "",
                &[],
                &format!(r#"{{"integerInBody": {v}}}"#)
            ),
            field("integerInBody")
        );
        assert_eq!(
            refused(&format!("/malformed/{v}"), "", &[], ""),
            field("integerInPath")
        );
        assert_eq!(
            refused("/malformed/1", &format!("integerInQuery={v}"), &[], ""),
            field("integerInQuery")
        );
        assert_eq!(
            refused("/malformed/1", "", &[("integerInHeader", v)], ""),
            field("integerInHeader")
        );
    }
    for v in NOT_INTEGERS_JSON {
        let body = format!(r#"{{"integerInBody": {v}}}"#);
        assert_eq!(
            refused("/malformed/1", "", &[], &body),
            field("integerInBody")
        );
    }
    for v in NOT_INTEGERS_TEXT {
        let query = format!("integerInQuery={v}");
        assert_eq!(
            refused("/malformed/1", &query, &[], ""),
            field("integerInQuery")
        );
        assert_eq!(
            refused("/malformed/1", "", &[("integerInHeader", v)], ""),
            field("integerInHeader")
        );
    }
    let long_overflow = refused("/malformed/1", "longInQuery=9223372036854775808", &[], "");
    assert_eq!(long_overflow, field("longInQuery"));
}

#[test]
fn boolean_literals_other_than_true_and_false_are_refused() {
    for v in BAD_BOOLEANS {
        assert_eq!(
            refused("/malformed/1", &format!("booleanInQuery={v}"), &[], ""),
            field("booleanInQuery")
        );
        assert_eq!(
            refused("/malformed/1", "", &[("booleanInHeader", v)], ""),
            field("booleanInHeader")
        );
        if v.chars().all(|c| c.is_ascii_digit()) {
            assert_eq!(
                refused(
                    "/malformed/1",
                    "",
                    &[],
                    &format!(r#"{{"booleanInBody": {v}}}"#)
                ),
                field("booleanInBody")
            );
        }
    }
    assert_eq!(
        refused("/malformed/1", "", &[], r#"{"booleanInBody": "true"}"#),
        field("booleanInBody")
    );
}

#[test]
fn timestamps_in_query_and_headers_take_one_format_each() {
    // Query: RFC 3339 only; not IMF-fixdate, not epoch seconds.
    for v in [
        "Tue%2C%2029%20Apr%202014%2018%3A30%3A38%20GMT",
        "1515531081.1234",
        "1515531081",
    ] {
        assert_eq!(
            refused("/malformed/1", &format!("timestamp={v}"), &[], ""),
            field("timestampInQuery")
        );
    }
    // Headers: IMF-fixdate only.
    for v in ["1515531081", "2014-04-29T18:30:38Z"] {
        assert_eq!(
            refused("/malformed/1", "", &[("timestamp", v)], ""),
            field("timestampInHeader")
        );
    }
    let ok = parse_request(
        &MALFORMED,
        "/malformed/1",
        "timestamp=2014-04-29T18%3A30%3A38Z",
        &[][..] as &[(&str, &str)],
        b"",
    );
    assert_eq!(ok.unwrap()["timestampInQuery"], json!(1_398_796_238));
}

#[test]
fn bodies_that_are_not_json_objects_are_refused() {
    let cannot = (RequestErrorKind::CannotParse, None);
    for body in [
        "{[",
        "{\"list\": [\"a\"",
        "[]",
        "null",
        "\"string\"",
        "1",
        "{} trailing",
        "{\"a\": 1,}",
    ] {
        assert_eq!(refused("/malformed/1", "", &[], body), cannot, "{body}");
    }
}

#[test]
fn null_items_and_values_in_dense_collections_are_refused() {
    assert_eq!(
        refused("/malformed/1", "", &[], r#"{"list": ["a", null]}"#),
        field("list.2.member")
    );
    assert_eq!(
        refused("/malformed/1", "", &[], r#"{"map": {"a": null}}"#),
        field("map.a")
    );
    assert_eq!(
        refused("/malformed/1", "", &[], r#"{"blob": "not base64!"}"#),
        field("blob")
    );
    assert_eq!(
        refused("/malformed/1", "", &[], r#"{"nested": {"status": 3}}"#),
        field("nested.status")
    );
    assert_eq!(
        refused("/malformed/1", "", &[], r#"{"nested": []}"#),
        field("nested")
    );
}
