//! The typed layer on botocore's wire fixtures: each operation's generated
//! `...Input` reads and writes the fixture's input document unchanged, its
//! `...Output` holds everything botocore parsed from the sample response,
//! and `error_from_parts` turns each sample error into the modeled variant.
//! The generator's pattern tables are checked against the shared examples.

mod support;

use std::collections::BTreeMap;

use codeartifact::operation::*;
use codeartifact_runtime::operation::Operation;
use codeartifact_runtime::protocol::{parse_error, parse_response, pattern_matches};
use codeartifact_runtime::schema::{Pattern, Shape, ShapeKind};
use serde_json::Value;
use support::botocore::{Report, expected_output, fixtures, response_parts};

type Check = fn(&Value, &mut Report);

fn typed<O: Operation>(fx: &Value, r: &mut Report) {
    let op = O::SPEC.name;
    for (case, request) in [("all members", fx), ("required members", &fx["minimal"])] {
        r.case = case;
        let input = serde_json::from_value::<O::Input>(request["input"].clone());
        let back = input
            .map_err(|e| e.to_string())
            .and_then(|i| serde_json::to_value(&i).map_err(|e| e.to_string()));
        r.eq(
            op,
            "typed input round trip",
            back,
            Ok(request["input"].clone()),
        );
    }
    r.case = "response";
    let (status, headers, body) = response_parts(&fx["response"]);
    let output = parse_response(O::SPEC, status, &headers, &body)
        .map_err(|e| e.to_string())
        .and_then(|doc| serde_json::from_value::<O::Output>(doc).map_err(|e| e.to_string()))
        .and_then(|out| serde_json::to_value(&out).map_err(|e| e.to_string()));
    r.eq(op, "typed output", output, Ok(expected_output(O::SPEC, fx)));
    for err in fx["errors"].as_array().unwrap() {
        let (status, headers, body) = response_parts(&err["response"]);
        let error = O::error_from_parts(parse_error(O::SPEC, status, &headers, &body));
        let code = err["code"].as_str().unwrap();
        let debug = format!("{error:?}");
        // The modeled variant is named after the error shape.
        r.eq(op, "error variant", debug.split('(').next(), Some(code));
        let shown = error.to_string();
        let message = err["message"].as_str().unwrap();
        r.eq(
            op,
            "error Display has code and message",
            shown.contains(code) && shown.contains(message),
            true,
        );
        // Debug shows enum values by variant name (`PackageVersion` for
        // `package-version`), so compare letters and digits only.
        let letters = |s: &str| {
            s.chars()
                .filter(char::is_ascii_alphanumeric)
                .collect::<String>()
                .to_lowercase()
        };
        let debug = letters(&debug);
        for (name, value) in err["fields"].as_object().unwrap() {
            let text = letters(
                &value
                    .as_str()
                    .map_or_else(|| value.to_string(), str::to_owned),
            );
            r.eq(
                op,
                &format!("{code}.{name} in the typed error"),
                debug.contains(&text),
                true,
            );
        }
    }
}

macro_rules! checks {
    ($($module:ident :: $op:ident),* $(,)?) => {
        [$((stringify!($op), typed::<$module::$op> as Check)),*]
    };
}

#[test]
fn generated_types_agree_with_botocore() {
    let checks = codeartifact_tests::with_every_operation!(checks);
    let fixtures = fixtures();
    assert_eq!(fixtures.len(), checks.len(), "one fixture per operation");
    let mut report = Report {
        problems: Vec::new(),
        case: "",
    };
    for fx in &fixtures {
        let name = fx["operation"].as_str().unwrap();
        let (_, check) = checks
            .iter()
            .find(|(n, _)| *n == name)
            .unwrap_or_else(|| panic!("no check for {name}"));
        check(fx, &mut report);
    }
    assert!(
        report.problems.is_empty(),
        "{} disagreements with botocore:\n{}",
        report.problems.len(),
        report.problems.join("\n")
    );
}

fn collect_patterns(
    shape: &'static Shape,
    seen: &mut Vec<&'static str>,
    out: &mut BTreeMap<&'static str, &'static Pattern>,
) {
    if seen.contains(&shape.name) {
        return;
    }
    seen.push(shape.name);
    match &shape.kind {
        ShapeKind::String {
            pattern: Some(p), ..
        } => {
            out.insert(p.source, p);
        }
        ShapeKind::List { member, .. } => collect_patterns(member, seen, out),
        ShapeKind::Map { key, value, .. } => {
            collect_patterns(key, seen, out);
            collect_patterns(value, seen, out);
        }
        ShapeKind::Structure(s) => s
            .members
            .iter()
            .for_each(|m| collect_patterns(m.target, seen, out)),
        _ => {}
    }
}

/// The generator's pattern tables, run by the runtime's matcher, accept and
/// refuse the shared examples of `tests/fixtures/patterns.json`.
#[test]
fn generated_patterns_agree_with_the_examples() {
    let mut patterns = BTreeMap::new();
    let mut seen = Vec::new();
    for op in codeartifact::service::SERVICE.operations {
        let shapes = [op.input, op.output]
            .into_iter()
            .chain(op.errors.iter().copied());
        shapes.for_each(|s| collect_patterns(s, &mut seen, &mut patterns));
    }
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/patterns.json");
    let examples: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let cases = examples["patterns"].as_array().unwrap();
    assert_eq!(
        patterns.len(),
        cases.len(),
        "every model pattern has examples"
    );
    for case in cases {
        let source = case["pattern"].as_str().unwrap();
        let pattern = patterns
            .get(source)
            .unwrap_or_else(|| panic!("{source} is not in the generated tables"));
        for value in case["match"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
        {
            assert!(
                pattern_matches(pattern, value),
                "{source} should match {value:?}"
            );
        }
        for value in case["no_match"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
        {
            assert!(
                !pattern_matches(pattern, value),
                "{source} should not match {value:?}"
            );
        }
    }
}
