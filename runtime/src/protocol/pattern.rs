//! Matching of model patterns compiled to [`Atom`] tables.
//!
//! A pattern must match the **whole** value, as the service's validation does
//! (a value `@types/foobar` fails `[^!#/\s]+` there; an unanchored search
//! would accept it).
//!
//! `\p{C}` ("Other") is approximated without Unicode tables: control
//! characters (`char::is_control`, Cc), the format characters (Cf) listed in
//! [`is_format`], private use (Co) and the noncharacters. Unassigned code
//! points (Cn) other than noncharacters are not recognised: they count as
//! not-Other. Surrogates (Cs) cannot occur in a Rust `str`.

use crate::schema::{Atom, CharClass, ClassItem, Pattern};

/// `true` when `value` as a whole matches `pattern`.
pub fn pattern_matches(pattern: &Pattern, value: &str) -> bool {
    match_from(pattern.atoms, value)
}

/// Greedy matching with backtracking: each atom takes as many characters as
/// it may, then gives them back one at a time until the rest matches. The
/// model's patterns have at most three atoms, so this stays cheap.
fn match_from(atoms: &[Atom], rest: &str) -> bool {
    let Some((atom, tail)) = atoms.split_first() else {
        return rest.is_empty();
    };
    let mut taken = 0u32;
    let mut end = 0usize;
    for (i, c) in rest.char_indices() {
        if atom.max.is_some_and(|max| taken >= max) || !class_matches(&atom.class, c) {
            break;
        }
        taken += 1;
        end = i + c.len_utf8();
    }
    loop {
        if taken < atom.min {
            return false;
        }
        if match_from(tail, &rest[end..]) {
            return true;
        }
        let Some(last) = rest[..end].chars().next_back() else {
            return false;
        };
        end -= last.len_utf8();
        taken -= 1;
    }
}

/// `true` when `c` belongs to the class.
pub fn class_matches(class: &CharClass, c: char) -> bool {
    class.items.iter().any(|item| item_matches(*item, c)) != class.negated
}

fn item_matches(item: ClassItem, c: char) -> bool {
    match item {
        ClassItem::Range(lo, hi) => (lo..=hi).contains(&c),
        ClassItem::Whitespace => is_java_space(c),
        ClassItem::NotWhitespace => !is_java_space(c),
        ClassItem::Digit => c.is_ascii_digit(),
        ClassItem::UnicodeWhitespace => c.is_whitespace(),
        ClassItem::Other => is_other(c),
        ClassItem::NotOther => !is_other(c),
    }
}

/// Java's `\s`: ASCII whitespace including vertical tab.
fn is_java_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\u{0B}' | '\u{0C}' | '\r')
}

/// Unicode general category C, approximated (see the module docs).
fn is_other(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_control();
    }
    c.is_control() || is_format(c) || is_private_use(c) || is_noncharacter(c)
}

/// Format characters (Cf) as of Unicode 15.
fn is_format(c: char) -> bool {
    matches!(c,
        '\u{AD}' | '\u{600}'..='\u{605}' | '\u{61C}' | '\u{6DD}' | '\u{70F}' | '\u{890}'..='\u{891}'
        | '\u{8E2}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206F}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}'
        | '\u{110BD}' | '\u{110CD}' | '\u{13430}'..='\u{1343F}' | '\u{1BCA0}'..='\u{1BCA3}'
        | '\u{1D173}'..='\u{1D17A}' | '\u{E0001}' | '\u{E0020}'..='\u{E007F}')
}

fn is_private_use(c: char) -> bool {
    matches!(c, '\u{E000}'..='\u{F8FF}' | '\u{F0000}'..='\u{FFFFD}' | '\u{100000}'..='\u{10FFFD}')
}

fn is_noncharacter(c: char) -> bool {
    matches!(c, '\u{FDD0}'..='\u{FDEF}') || (c as u32 & 0xFFFE) == 0xFFFE
}
