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

/// (pattern, values that match, values that do not).
const EXAMPLES: &[(&str, &[&str], &[&str])] = &[
    (
        "[0-9]{12}",
        &["111122223333"],
        &["11112222333", "1111222233334", "11112222333a", ""],
    ),
    ("[0-9a-f]+", &["0", "deadbeef01"], &["", "DEADBEEF", "abcg"]),
    (
        "[A-Za-z0-9][A-Za-z0-9._\\-:]{1,99}",
        &["ab", "public:npmjs", "a.b_c-d:e"],
        &[
            "a",
            ":npmjs",
            "a b",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        ],
    ),
    (
        "[A-Za-z0-9][A-Za-z0-9._\\-]{1,99}",
        &["my-repo", "R2", "a.b_c-d"],
        &["-repo", "a", "a:b", "a/b"],
    ),
    (
        "[\\P{C}\\s]+",
        &["{\n \"Version\": \"2012-10-17\"\t}", "é"],
        &["", "a\u{0}b", "a\u{200B}"],
    ),
    (
        "[^#/\\s]+",
        &["types", "@scope", "1.0.0-beta+1", "é"],
        &["", "a b", "a#b", "@types/foobar", "a\u{0B}"],
    ),
    (
        "[^\\p{C}\\p{IsWhitespace}]+",
        &["/npm/*", "~"],
        &["", "a b", "a\u{2003}b", "a\u{7F}"],
    ),
    (
        "[a-z][a-z0-9\\-]{0,48}[a-z0-9]",
        &[
            "my-domain",
            "ab",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        ],
        &[
            "a",
            "My-domain",
            "my-domain-",
            "1domain",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        ],
    ),
    (
        "\\P{C}*",
        &["", "any text, even spaces", "日本"],
        &["tab\there", "\u{FEFF}", "\u{E000}"],
    ),
    ("\\P{C}+", &["asset name.tgz", "x"], &["", "a\nb", "\u{AD}"]),
    ("\\S+", &["rev-1", "ŝ"], &["", "a b", "a\tb", " "]),
];

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
    for source in sources {
        let (_, good, bad) = EXAMPLES
            .iter()
            .find(|(s, ..)| *s == source)
            .unwrap_or_else(|| panic!("no examples for the model pattern {source}; add some"));
        let pattern = compile(source);
        for value in *good {
            assert!(
                pattern_matches(pattern, value),
                "{source} should match {value:?}"
            );
        }
        for value in *bad {
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
