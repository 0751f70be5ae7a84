//! A deliberately small backtracking regular-expression matcher for the
//! `regionRegex` patterns of `partitions.json`.
//!
//! Those patterns use a tiny subset (anchors, escapes such as `\w` and `\d`,
//! groups with alternation, classes and quantifiers); pulling in a full regex
//! crate for them would cost more compile time and binary size than the whole
//! rules engine. Anything outside the subset is rejected when the partitions
//! are loaded, so an unexpected pattern fails loudly instead of mis-matching.
//! Classes such as `\w` are ASCII-only: region names are ASCII.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RegexError(String);

impl fmt::Display for RegexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A compiled pattern. `is_match` searches anywhere unless anchored, as
/// Python's `re.match`/`search` with explicit `^...$` would.
#[derive(Debug, Clone)]
pub(crate) struct Regex {
    seq: Vec<Node>,
}

#[derive(Debug, Clone)]
enum Node {
    Char(char),
    Any,
    Class {
        ranges: Vec<(char, char)>,
        negated: bool,
    },
    Start,
    End,
    Group(Vec<Vec<Node>>),
    Repeat {
        node: Box<Node>,
        min: u32,
        max: Option<u32>,
    },
}

impl Regex {
    pub(crate) fn new(pattern: &str) -> Result<Regex, RegexError> {
        let chars: Vec<char> = pattern.chars().collect();
        let mut parser = Parser {
            chars: &chars,
            pos: 0,
        };
        let alts = parser.alternation()?;
        if parser.pos != chars.len() {
            return Err(parser.error("unbalanced `)`"));
        }
        Ok(Regex {
            seq: vec![Node::Group(alts)],
        })
    }

    pub(crate) fn is_match(&self, text: &str) -> bool {
        // ASCII (every region name) is indexed in place; anything else is
        // decoded once so that positions stay character positions.
        let decoded: Vec<char>;
        let text = if text.is_ascii() {
            Text::Ascii(text.as_bytes())
        } else {
            decoded = text.chars().collect();
            Text::Chars(&decoded)
        };
        let m = Matcher { text };
        // `^...` patterns (all partition regexes) can only match at 0.
        let last_start = if self.anchored() { 0 } else { m.text.len() };
        (0..=last_start).any(|start| m.seq(&self.seq, start, &mut |_| true))
    }

    /// Whether every alternative of the pattern starts with `^`.
    fn anchored(&self) -> bool {
        match self.seq.first() {
            Some(Node::Group(alts)) => alts
                .iter()
                .all(|alt| matches!(alt.first(), Some(Node::Start))),
            _ => false,
        }
    }
}

struct Parser<'p> {
    chars: &'p [char],
    pos: usize,
}

impl Parser<'_> {
    fn error(&self, what: &str) -> RegexError {
        let pattern: String = self.chars.iter().collect();
        RegexError(format!(
            "unsupported regex `{pattern}` at {}: {what}",
            self.pos
        ))
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn next(&mut self) -> Result<char, RegexError> {
        let c = self.peek().ok_or_else(|| self.error("unexpected end"))?;
        self.pos += 1;
        Ok(c)
    }

    fn alternation(&mut self) -> Result<Vec<Vec<Node>>, RegexError> {
        let mut alts = vec![self.sequence()?];
        while self.peek() == Some('|') {
            self.pos += 1;
            alts.push(self.sequence()?);
        }
        Ok(alts)
    }

    fn sequence(&mut self) -> Result<Vec<Node>, RegexError> {
        let mut seq = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let atom = self.atom()?;
            seq.push(self.quantified(atom)?);
        }
        Ok(seq)
    }

    fn atom(&mut self) -> Result<Node, RegexError> {
        Ok(match self.next()? {
            '^' => Node::Start,
            '$' => Node::End,
            '.' => Node::Any,
            '(' => {
                if self.peek() == Some('?') {
                    self.pos += 1;
                    if self.next()? != ':' {
                        return Err(self.error("only `(?:` groups are supported"));
                    }
                }
                let alts = self.alternation()?;
                if self.next()? != ')' {
                    return Err(self.error("expected `)`"));
                }
                Node::Group(alts)
            }
            '[' => self.class()?,
            '\\' => self.escape()?,
            c @ ('*' | '+' | '?' | '{' | ')') => {
                return Err(self.error(&format!("unexpected `{c}`")));
            }
            c => Node::Char(c),
        })
    }

    fn escape(&mut self) -> Result<Node, RegexError> {
        let c = self.next()?;
        if let Some(ranges) = shorthand(c.to_ascii_lowercase()) {
            return Ok(Node::Class {
                ranges,
                negated: c.is_ascii_uppercase(),
            });
        }
        if c.is_ascii_alphanumeric() {
            return Err(self.error("unsupported escape"));
        }
        Ok(Node::Char(c))
    }

    fn class(&mut self) -> Result<Node, RegexError> {
        let negated = self.peek() == Some('^');
        if negated {
            self.pos += 1;
        }
        let mut ranges = Vec::new();
        loop {
            let c = self.next()?;
            let lo = match c {
                ']' if !ranges.is_empty() => break,
                '\\' => match self.escape()? {
                    Node::Char(c) => c,
                    Node::Class {
                        ranges: r,
                        negated: false,
                    } => {
                        ranges.extend(r);
                        continue;
                    }
                    _ => return Err(self.error("negated escape inside a class")),
                },
                c => c,
            };
            let is_range = self.peek() == Some('-') && self.chars.get(self.pos + 1) != Some(&']');
            if is_range {
                self.pos += 1;
                let hi = match self.next()? {
                    '\\' => match self.escape()? {
                        Node::Char(c) => c,
                        _ => return Err(self.error("class escape as range end")),
                    },
                    c => c,
                };
                ranges.push((lo, hi));
            } else {
                ranges.push((lo, lo));
            }
        }
        Ok(Node::Class { ranges, negated })
    }

    fn quantified(&mut self, atom: Node) -> Result<Node, RegexError> {
        let (min, max) = match self.peek() {
            Some('*') => (0, None),
            Some('+') => (1, None),
            Some('?') => (0, Some(1)),
            Some('{') => return self.braces(atom),
            _ => return Ok(atom),
        };
        self.pos += 1;
        Ok(Node::Repeat {
            node: Box::new(atom),
            min,
            max,
        })
    }

    fn braces(&mut self, atom: Node) -> Result<Node, RegexError> {
        self.pos += 1;
        let min = self
            .number()?
            .ok_or_else(|| self.error("expected a count"))?;
        let max = match self.next()? {
            '}' => Some(min),
            ',' => {
                let max = self.number()?;
                if self.next()? != '}' {
                    return Err(self.error("expected `}`"));
                }
                max
            }
            _ => return Err(self.error("bad `{}` quantifier")),
        };
        Ok(Node::Repeat {
            node: Box::new(atom),
            min,
            max,
        })
    }

    fn number(&mut self) -> Result<Option<u32>, RegexError> {
        let start = self.pos;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
        }
        if start == self.pos {
            return Ok(None);
        }
        let digits: String = self.chars[start..self.pos].iter().collect();
        digits
            .parse()
            .map(Some)
            .map_err(|_| self.error("count too large"))
    }
}

/// The ranges of `\d`, `\w` and `\s` (ASCII).
fn shorthand(c: char) -> Option<Vec<(char, char)>> {
    Some(match c {
        'd' => vec![('0', '9')],
        'w' => vec![('a', 'z'), ('A', 'Z'), ('0', '9'), ('_', '_')],
        's' => vec![(' ', ' '), ('\t', '\r')],
        _ => return None,
    })
}

#[derive(Clone, Copy)]
enum Text<'t> {
    Ascii(&'t [u8]),
    Chars(&'t [char]),
}

impl Text<'_> {
    fn len(self) -> usize {
        match self {
            Text::Ascii(b) => b.len(),
            Text::Chars(c) => c.len(),
        }
    }

    fn get(self, pos: usize) -> Option<char> {
        match self {
            Text::Ascii(b) => b.get(pos).map(|&b| char::from(b)),
            Text::Chars(c) => c.get(pos).copied(),
        }
    }
}

struct Matcher<'t> {
    text: Text<'t>,
}

impl Matcher<'_> {
    /// Matches `seq` at `pos`, then hands the end position to `k`; backtracks
    /// when `k` refuses it.
    fn seq(&self, seq: &[Node], pos: usize, k: &mut dyn FnMut(usize) -> bool) -> bool {
        let Some((first, rest)) = seq.split_first() else {
            return k(pos);
        };
        match first {
            Node::Group(alts) => alts
                .iter()
                .any(|alt| self.seq(alt, pos, &mut |p| self.seq(rest, p, k))),
            Node::Repeat { node, min, max } => self.repeat(node, *min, *max, pos, rest, k),
            atom => match self.single(atom, pos) {
                Some(next) => self.seq(rest, next, k),
                None => false,
            },
        }
    }

    /// Zero-width assertions and one-character atoms.
    fn single(&self, atom: &Node, pos: usize) -> Option<usize> {
        match atom {
            Node::Start => (pos == 0).then_some(pos),
            Node::End => (pos == self.text.len()).then_some(pos),
            _ => {
                let c = self.text.get(pos)?;
                let hit = match atom {
                    Node::Char(x) => *x == c,
                    Node::Any => c != '\n',
                    Node::Class { ranges, negated } => {
                        ranges.iter().any(|(lo, hi)| (*lo..=*hi).contains(&c)) != *negated
                    }
                    _ => false,
                };
                hit.then_some(pos + 1)
            }
        }
    }

    fn repeat(
        &self,
        node: &Node,
        min: u32,
        max: Option<u32>,
        pos: usize,
        rest: &[Node],
        k: &mut dyn FnMut(usize) -> bool,
    ) -> bool {
        if matches!(node, Node::Char(_) | Node::Any | Node::Class { .. }) {
            // One character per repetition: count greedily, then give back
            // iteratively, so long inputs never deepen the recursion.
            let limit = max.map_or(usize::MAX, |m| m as usize);
            let mut count = 0;
            while count < limit && self.single(node, pos + count).is_some() {
                count += 1;
            }
            let min = min as usize;
            return (min..=count).rev().any(|n| self.seq(rest, pos + n, k));
        }
        self.repeat_group(node, min, max, 0, pos, rest, k)
    }

    #[allow(clippy::too_many_arguments)]
    fn repeat_group(
        &self,
        node: &Node,
        min: u32,
        max: Option<u32>,
        count: u32,
        pos: usize,
        rest: &[Node],
        k: &mut dyn FnMut(usize) -> bool,
    ) -> bool {
        if max.is_none_or(|m| count < m) {
            let once = std::slice::from_ref(node);
            let more = self.seq(once, pos, &mut |p| {
                // A repetition that consumed nothing cannot make progress.
                p != pos && self.repeat_group(node, min, max, count + 1, p, rest, k)
            });
            if more {
                return true;
            }
        }
        count >= min && self.seq(rest, pos, k)
    }
}

#[cfg(test)]
mod tests {
    use super::Regex;

    fn m(p: &str, t: &str) -> bool {
        Regex::new(p).unwrap().is_match(t)
    }

    #[test]
    fn partition_patterns() {
        let aws = r"^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$";
        assert!(m(aws, "us-east-1"));
        assert!(m(aws, "mx-central-10"));
        assert!(!m(aws, "us-east-"));
        assert!(!m(aws, "cn-north-1"));
        assert!(!m(aws, "xus-east-1"));
        assert!(!m(aws, "us-east-1a"));
        assert!(m(r"^eusc\-(de)\-\w+\-\d+$", "eusc-de-east-1"));
        assert!(m(r"^us\-iso\-\w+\-\d+$", "us-iso-east-1"));
        assert!(!m(r"^us\-iso\-\w+\-\d+$", "us-isob-east-1x"));
    }

    #[test]
    fn quantifiers_classes_and_unanchored_search() {
        assert!(m("a{2,3}$", "xaaa"));
        assert!(!m("^a{2,3}$", "aaaa"));
        assert!(m("^a{2}b?$", "aa"));
        assert!(m("^[a-c-]+$", "ab-c"));
        assert!(!m("^[^0-9]+$", "ab1"));
        assert!(m("^(ab)+c$", "ababc"));
        assert!(!m("^(ab)+c$", "c"));
        assert!(m("^(?:x|y)*z$", "xyxz"));
        assert!(m("b", "abc"));
        assert!(m("^a|b", "xb"));
        assert!(!m("^a|^b", "xb"));
        // Non-ASCII text is matched by characters, not bytes.
        assert!(m("^.b$", "\u{e9}b"));
        assert!(!m(r"^\w+$", "\u{e9}"));
        assert!(m(r"^[^a]{2}$", "\u{e9}\u{1F639}"));
        assert!(m(r"^\W\S$", "-a"));
    }

    #[test]
    fn long_input_does_not_recurse_per_character() {
        let long = format!("us-{}-1", "a".repeat(200_000));
        assert!(m(r"^(us|eu)\-\w+\-\d+$", &long));
    }

    #[test]
    fn unsupported_syntax_is_an_error() {
        for bad in [r"(?=a)", r"\p{L}", "a)", "(a", "*a", r"\1", "[a"] {
            assert!(Regex::new(bad).is_err(), "{bad} should be rejected");
        }
    }
}
