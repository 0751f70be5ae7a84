//! The matcher on every pattern of `model/service-2.json`. The atom tables
//! are built by a small parser here, cross-checked against the hand-written
//! fixture tables.

use super::fixtures::*;
use crate::protocol::pattern_matches;
use crate::schema::{Atom, CharClass, ClassItem, Pattern};

fn leak<T>(items: Vec<T>) -> &'static [T] {
    Box::leak(items.into_boxed_slice())
}

fn escape(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> ClassItem {
    match chars.next().unwrap() {
        's' => ClassItem::Whitespace,
        'S' => ClassItem::NotWhitespace,
        'd' => ClassItem::Digit,
        c @ ('p' | 'P') => {
            assert_eq!(chars.next(), Some('{'));
            let name: String = chars.by_ref().take_while(|c| *c != '}').collect();
            match (c, name.as_str()) {
                ('p', "C") => ClassItem::Other,
                ('P', "C") => ClassItem::NotOther,
                ('p', "IsWhitespace") => ClassItem::UnicodeWhitespace,
                other => panic!("unsupported property {other:?}"),
            }
        }
        c => ClassItem::Range(c, c),
    }
}

fn class(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> CharClass {
    let negated = chars.next_if_eq(&'^').is_some();
    let mut items = Vec::new();
    loop {
        let item = match chars.next().unwrap() {
            ']' => break,
            '\\' => escape(chars),
            c => ClassItem::Range(c, c),
        };
        if let ClassItem::Range(lo, _) = item {
            if chars.peek() == Some(&'-') {
                let mut ahead = chars.clone();
                ahead.next();
                if let Some(hi) = ahead.next().filter(|c| *c != ']') {
                    *chars = ahead;
                    items.push(ClassItem::Range(lo, hi));
                    continue;
                }
            }
        }
        items.push(item);
    }
    CharClass {
        negated,
        items: leak(items),
    }
}

fn quantifier(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> (u32, Option<u32>) {
    match chars.peek() {
        Some('+') => (chars.next(), (1, None)).1,
        Some('*') => (chars.next(), (0, None)).1,
        Some('?') => (chars.next(), (0, Some(1))).1,
        Some('{') => {
            chars.next();
            let body: String = chars.by_ref().take_while(|c| *c != '}').collect();
            match body.split_once(',') {
                None => (body.parse().unwrap(), Some(body.parse().unwrap())),
                Some((lo, "")) => (lo.parse().unwrap(), None),
                Some((lo, hi)) => (lo.parse().unwrap(), Some(hi.parse().unwrap())),
            }
        }
        _ => (1, Some(1)),
    }
}

pub fn compile(source: &str) -> &'static Pattern {
    let mut chars = source.chars().peekable();
    let mut atoms = Vec::new();
    while let Some(c) = chars.next() {
        let class = match c {
            '[' => class(&mut chars),
            '\\' => CharClass {
                negated: false,
                items: leak(vec![escape(&mut chars)]),
            },
            c => CharClass {
                negated: false,
                items: leak(vec![ClassItem::Range(c, c)]),
            },
        };
        let (min, max) = quantifier(&mut chars);
        atoms.push(Atom { class, min, max });
    }
    Box::leak(Box::new(Pattern {
        source: Box::leak(source.into()),
        atoms: leak(atoms),
    }))
}

/// `tests/fixtures/patterns.json`: for each model pattern, values that must
/// and must not match.
fn examples() -> serde_json::Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/patterns.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn every_model_pattern_matches_its_examples() {
    let model = concat!(env!("CARGO_MANIFEST_DIR"), "/../model/service-2.json");
    let model: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(model).unwrap()).unwrap();
    let mut sources: Vec<&str> = model["shapes"]
        .as_object()
        .unwrap()
        .values()
        .filter_map(|s| s["pattern"].as_str())
        .collect();
    sources.sort_unstable();
    sources.dedup();
    assert_eq!(sources.len(), 11);
    let examples = examples();
    for source in sources {
        let case = examples["patterns"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["pattern"] == source)
            .unwrap_or_else(|| panic!("no examples for the model pattern {source}; add some"));
        let pattern = compile(source);
        for value in case["match"].as_array().unwrap() {
            let value = value.as_str().unwrap();
            assert!(
                pattern_matches(pattern, value),
                "{source} should match {value:?}"
            );
        }
        for value in case["no_match"].as_array().unwrap() {
            let value = value.as_str().unwrap();
            assert!(
                !pattern_matches(pattern, value),
                "{source} should not match {value:?}"
            );
        }
    }
}

#[test]
fn fixture_tables_agree_with_the_parser() {
    for p in [
        &DOMAIN_PATTERN,
        &ACCOUNT_PATTERN,
        &REPOSITORY_PATTERN,
        &NAME_PATTERN,
        &ASSET_NAME_PATTERN,
        &SHA256_PATTERN,
        &REVISION_PATTERN,
    ] {
        assert_eq!(format!("{:?}", compile(p.source)), format!("{p:?}"));
    }
}

#[test]
fn backtracking_gives_characters_back() {
    // `a+` must give up its last `a` for the final atom to match.
    let p = compile("[a-z]+[a]{1}");
    assert!(pattern_matches(p, "bca"));
    assert!(pattern_matches(p, "aaaa"));
    assert!(!pattern_matches(p, "aab"));
    let p = compile("x?[0-9]{2,3}");
    assert!(pattern_matches(p, "x12") && pattern_matches(p, "123") && !pattern_matches(p, "x1234"));
}
