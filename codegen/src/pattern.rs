//! Model `pattern`s compiled into sequences of quantified character classes.
//!
//! Every pattern of the CodeArtifact model is such a sequence (`[0-9]{12}`,
//! `[^#/\s]+`, `\P{C}*`, ...). The runtime matches the tables without a regex
//! engine; anything else is refused here with a typed error, so a model
//! update that needs more surfaces at generation time.
//!
//! The tables always match the whole value. The Smithy model writes every
//! CodeArtifact pattern anchored (`^[0-9]{12}$`) and botocore drops the
//! anchors, so a leading `^` and a trailing `$` are accepted and mean the
//! same as their absence.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    pub source: String,
    pub atoms: Vec<Atom>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Atom {
    pub negated: bool,
    pub items: Vec<ClassItem>,
    pub min: u32,
    pub max: Option<u32>,
}

/// Mirrors `codeartifact_runtime::schema::ClassItem`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClassItem {
    Range(char, char),
    Whitespace,
    NotWhitespace,
    Digit,
    UnicodeWhitespace,
    Other,
    NotOther,
}

/// Why a pattern cannot be compiled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternError {
    pub pattern: String,
    pub position: usize,
    pub reason: &'static str,
}

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unsupported pattern {:?} at {}: {}",
            self.pattern, self.position, self.reason
        )
    }
}

impl std::error::Error for PatternError {}

pub fn parse(source: &str) -> Result<Pattern, PatternError> {
    let mut chars: Vec<char> = source.chars().collect();
    let pos = usize::from(chars.first() == Some(&'^'));
    let escaped_dollar = chars.len() >= 2 && chars[chars.len() - 2] == '\\';
    if chars.len() > pos && chars.last() == Some(&'$') && !escaped_dollar {
        chars.pop();
    }
    let mut p = Parser { chars, pos, source };
    let mut atoms = Vec::new();
    while p.pos < p.chars.len() {
        atoms.push(p.atom()?);
    }
    Ok(Pattern {
        source: source.to_owned(),
        atoms,
    })
}

struct Parser<'a> {
    chars: Vec<char>,
    pos: usize,
    source: &'a str,
}

impl Parser<'_> {
    fn err<T>(&self, reason: &'static str) -> Result<T, PatternError> {
        Err(PatternError {
            pattern: self.source.to_owned(),
            position: self.pos,
            reason,
        })
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek();
        self.pos += 1;
        c
    }

    fn atom(&mut self) -> Result<Atom, PatternError> {
        let (negated, items) = match self.next() {
            Some('[') => self.class()?,
            Some('\\') => (false, vec![self.escape()?]),
            Some('(' | ')' | '|' | '^' | '$' | '.' | '{' | '}' | '*' | '+' | '?') => {
                self.pos -= 1;
                return self.err("only character classes and literals are supported");
            }
            Some(c) => (false, vec![ClassItem::Range(c, c)]),
            None => return self.err("unexpected end"),
        };
        let (min, max) = self.quantifier()?;
        Ok(Atom {
            negated,
            items,
            min,
            max,
        })
    }

    fn class(&mut self) -> Result<(bool, Vec<ClassItem>), PatternError> {
        let negated = self.peek() == Some('^');
        if negated {
            self.pos += 1;
        }
        let mut items = Vec::new();
        loop {
            let item = match self.next() {
                None => return self.err("unterminated character class"),
                Some(']') if !items.is_empty() => return Ok((negated, items)),
                Some('[') => return self.err("nested classes are not supported"),
                Some('\\') => self.escape()?,
                Some(c) => ClassItem::Range(c, c),
            };
            let is_range =
                self.peek() == Some('-') && self.chars.get(self.pos + 1).is_some_and(|c| *c != ']');
            match item {
                ClassItem::Range(lo, _) if is_range => {
                    self.pos += 1;
                    let hi = match self.next() {
                        Some('\\') => match self.escape()? {
                            ClassItem::Range(hi, _) => hi,
                            _ => return self.err("a range cannot end in a class escape"),
                        },
                        Some(c) => c,
                        None => return self.err("unterminated range"),
                    };
                    if hi < lo {
                        return self.err("range out of order");
                    }
                    items.push(ClassItem::Range(lo, hi));
                }
                item => items.push(item),
            }
        }
    }

    fn escape(&mut self) -> Result<ClassItem, PatternError> {
        Ok(match self.next() {
            Some('s') => ClassItem::Whitespace,
            Some('S') => ClassItem::NotWhitespace,
            Some('d') => ClassItem::Digit,
            Some('t') => ClassItem::Range('\t', '\t'),
            Some('n') => ClassItem::Range('\n', '\n'),
            Some('r') => ClassItem::Range('\r', '\r'),
            Some(c @ ('p' | 'P')) => {
                let name = self.property()?;
                match (c, name.as_str()) {
                    ('p', "C") => ClassItem::Other,
                    ('P', "C") => ClassItem::NotOther,
                    ('p', "IsWhitespace") => ClassItem::UnicodeWhitespace,
                    _ => return self.err("unsupported Unicode property"),
                }
            }
            Some(c) if c.is_ascii_punctuation() => ClassItem::Range(c, c),
            Some(_) => return self.err("unsupported escape"),
            None => return self.err("dangling backslash"),
        })
    }

    fn property(&mut self) -> Result<String, PatternError> {
        if self.next() != Some('{') {
            return self.err("expected { after \\p");
        }
        let mut name = String::new();
        loop {
            match self.next() {
                Some('}') => return Ok(name),
                Some(c) if c.is_ascii_alphanumeric() => name.push(c),
                _ => return self.err("bad Unicode property name"),
            }
        }
    }

    fn quantifier(&mut self) -> Result<(u32, Option<u32>), PatternError> {
        let q = match self.peek() {
            Some('+') => (1, None),
            Some('*') => (0, None),
            Some('?') => (0, Some(1)),
            Some('{') => {
                self.pos += 1;
                return self.counted();
            }
            _ => return Ok((1, Some(1))),
        };
        self.pos += 1;
        if matches!(self.peek(), Some('?' | '+')) {
            return self.err("lazy and possessive quantifiers are not supported");
        }
        Ok(q)
    }

    fn counted(&mut self) -> Result<(u32, Option<u32>), PatternError> {
        let min = self.number()?;
        let max = match self.next() {
            Some('}') => return Ok((min, Some(min))),
            Some(',') if self.peek() == Some('}') => None,
            Some(',') => Some(self.number()?),
            _ => return self.err("bad counted repetition"),
        };
        if self.next() != Some('}') {
            return self.err("bad counted repetition");
        }
        if max.is_some_and(|max| max < min) {
            return self.err("repetition bounds out of order");
        }
        Ok((min, max))
    }

    fn number(&mut self) -> Result<u32, PatternError> {
        let start = self.pos;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
        }
        let digits: String = self.chars[start..self.pos].iter().collect();
        match digits.parse() {
            Ok(n) => Ok(n),
            Err(_) => self.err("expected a number"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ClassItem::*;
    use super::*;

    fn atom(negated: bool, items: Vec<ClassItem>, min: u32, max: Option<u32>) -> Atom {
        Atom {
            negated,
            items,
            min,
            max,
        }
    }

    #[test]
    fn account_id() {
        let p = parse("[0-9]{12}").unwrap();
        assert_eq!(
            p.atoms,
            vec![atom(false, vec![Range('0', '9')], 12, Some(12))]
        );
    }

    #[test]
    fn hex() {
        let p = parse("[0-9a-f]+").unwrap();
        assert_eq!(
            p.atoms,
            vec![atom(false, vec![Range('0', '9'), Range('a', 'f')], 1, None)]
        );
    }

    #[test]
    fn names_with_escaped_dash_and_colon() {
        let p = parse(r"[A-Za-z0-9][A-Za-z0-9._\-:]{1,99}").unwrap();
        let first = vec![Range('A', 'Z'), Range('a', 'z'), Range('0', '9')];
        let mut rest = first.clone();
        rest.extend([
            Range('.', '.'),
            Range('_', '_'),
            Range('-', '-'),
            Range(':', ':'),
        ]);
        assert_eq!(
            p.atoms,
            vec![
                atom(false, first, 1, Some(1)),
                atom(false, rest, 1, Some(99))
            ]
        );
        let p = parse(r"[A-Za-z0-9][A-Za-z0-9._\-]{1,99}").unwrap();
        assert_eq!(p.atoms[1].items.len(), 6);
    }

    #[test]
    fn unicode_classes() {
        assert_eq!(
            parse(r"[\P{C}\s]+").unwrap().atoms,
            vec![atom(false, vec![NotOther, Whitespace], 1, None)]
        );
        assert_eq!(
            parse(r"[^\p{C}\p{IsWhitespace}]+").unwrap().atoms,
            vec![atom(true, vec![Other, UnicodeWhitespace], 1, None)]
        );
        assert_eq!(
            parse(r"\P{C}*").unwrap().atoms,
            vec![atom(false, vec![NotOther], 0, None)]
        );
        assert_eq!(
            parse(r"\P{C}+").unwrap().atoms,
            vec![atom(false, vec![NotOther], 1, None)]
        );
        assert_eq!(
            parse(r"\S+").unwrap().atoms,
            vec![atom(false, vec![NotWhitespace], 1, None)]
        );
    }

    #[test]
    fn negated_class_and_trailing_literal_dash() {
        let p = parse(r"[^#/\s]+").unwrap();
        assert_eq!(
            p.atoms,
            vec![atom(
                true,
                vec![Range('#', '#'), Range('/', '/'), Whitespace],
                1,
                None
            )]
        );
        let p = parse(r"[a-z][a-z0-9\-]{0,48}[a-z0-9]").unwrap();
        assert_eq!(p.atoms.len(), 3);
        assert_eq!(
            p.atoms[1],
            atom(
                false,
                vec![Range('a', 'z'), Range('0', '9'), Range('-', '-')],
                0,
                Some(48)
            )
        );
        assert_eq!(
            parse("[ab-]?").unwrap().atoms[0].items,
            vec![Range('a', 'a'), Range('b', 'b'), Range('-', '-')]
        );
    }

    #[test]
    fn anchors_at_the_ends_mean_whole_value() {
        assert_eq!(
            parse("^[0-9]{12}$").unwrap().atoms,
            parse("[0-9]{12}").unwrap().atoms
        );
        assert_eq!(parse(r"^\S+$").unwrap().source, r"^\S+$");
        assert_eq!(parse(r"a\$").unwrap().atoms[1].items, vec![Range('$', '$')]);
    }

    #[test]
    fn unsupported_syntax_is_an_error() {
        for bad in [
            "(a|b)", "a^b", "a$b", "a.", "[a", r"\p{L}", r"\w", "a{2,1}", "a+?", "[z-a]", "a{x}",
        ] {
            assert!(parse(bad).is_err(), "{bad} should be refused");
        }
    }

    /// Every pattern the real model uses compiles.
    #[test]
    fn every_pattern_of_the_model() {
        let text = include_str!("../../model/service-2.json");
        let model: crate::model::Model = serde_json::from_str(text).unwrap();
        let patterns: Vec<_> = model
            .shapes
            .values()
            .filter_map(|s| s.pattern.as_deref())
            .collect();
        assert!(patterns.len() >= 11, "the model has patterns");
        for p in patterns {
            let compiled = parse(p).unwrap_or_else(|e| panic!("{e}"));
            assert!(!compiled.atoms.is_empty());
        }
    }
}
