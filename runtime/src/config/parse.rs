//! First pass over one shared config or credentials file: lines into raw
//! sections and properties, with the syntax errors AWS SDKs report. Which
//! sections count as profiles is decided afterwards, in `profile`.

use std::fmt;
use std::path::{Path, PathBuf};

/// A `[...]` section as written, with its properties in file order.
#[derive(Debug)]
pub(crate) struct RawSection {
    /// The text between the brackets, trimmed.
    pub header: String,
    /// Property names are lowercased: SDKs treat them case-insensitively.
    pub properties: Vec<(String, String)>,
}

/// Which of the two shared files a text came from; they differ in how
/// section headers are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum FileKind {
    Config,
    Credentials,
}

impl fmt::Display for FileKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Config => "config file",
            Self::Credentials => "credentials file",
        })
    }
}

/// A syntax error in a shared file. Names the file and line but never
/// quotes the line: it may hold a secret key.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ProfileParseError {
    pub kind: FileKind,
    pub path: Option<PathBuf>,
    /// 1-based.
    pub line: usize,
    pub message: &'static str,
}

impl fmt::Display for ProfileParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid {}", self.kind)?;
        if let Some(path) = &self.path {
            write!(f, " {}", path.display())?;
        }
        write!(f, " line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for ProfileParseError {}

const WHITESPACE: [char; 2] = [' ', '\t'];

struct Parser {
    sections: Vec<RawSection>,
}

/// Splits `text` into sections, or fails on the first malformed line.
pub(crate) fn parse_file(
    text: &str,
    kind: FileKind,
    path: Option<&Path>,
) -> Result<Vec<RawSection>, ProfileParseError> {
    let mut parser = Parser {
        sections: Vec::new(),
    };
    for (index, line) in text.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        parser.line(line).map_err(|message| ProfileParseError {
            kind,
            path: path.map(Path::to_path_buf),
            line: index + 1,
            message,
        })?;
    }
    Ok(parser.sections)
}

impl Parser {
    fn line(&mut self, line: &str) -> Result<(), &'static str> {
        let trimmed = line.trim_matches(WHITESPACE);
        if trimmed.is_empty() || trimmed.starts_with(['#', ';']) {
            return Ok(());
        }
        if line.starts_with('[') {
            self.section(trimmed)
        } else if line.starts_with(WHITESPACE) {
            self.continuation(trimmed)
        } else {
            self.property(trimmed)
        }
    }

    fn section(&mut self, trimmed: &str) -> Result<(), &'static str> {
        // Any comment character ends a header, even right after the `]`.
        let text = strip_comment(trimmed, false);
        let inner = text
            .strip_suffix(']')
            .and_then(|t| t.strip_prefix('['))
            .ok_or("Profile definition must end with ']'")?;
        self.sections.push(RawSection {
            header: inner.trim_matches(WHITESPACE).to_owned(),
            properties: Vec::new(),
        });
        Ok(())
    }

    fn property(&mut self, trimmed: &str) -> Result<(), &'static str> {
        let section = self
            .sections
            .last_mut()
            .ok_or("Expected a profile definition")?;
        // In values a comment must follow whitespace: `a;b` is a value.
        let text = strip_comment(trimmed, true);
        let (name, value) = text
            .split_once('=')
            .ok_or("Expected an '=' sign defining a property")?;
        let name = name.trim_matches(WHITESPACE);
        if name.is_empty() {
            return Err("Property did not have a name");
        }
        let value = value.trim_matches(WHITESPACE);
        section
            .properties
            .push((name.to_ascii_lowercase(), value.to_owned()));
        Ok(())
    }

    fn continuation(&mut self, trimmed: &str) -> Result<(), &'static str> {
        let section = self
            .sections
            .last_mut()
            .ok_or("Expected a profile definition")?;
        // Each header starts a new section, so a continuation right after
        // one finds no property to extend.
        let (_, property) = section
            .properties
            .last_mut()
            .ok_or("Expected a property definition, found continuation")?;
        // A property whose first line is empty holds sub-properties
        // (`s3 =` then indented `name = value` lines), which must be
        // well-formed; otherwise the line just extends the value.
        if property.is_empty() || property.starts_with('\n') {
            let (name, _) = trimmed
                .split_once('=')
                .ok_or("Expected an '=' sign defining a sub-property")?;
            if name.trim_matches(WHITESPACE).is_empty() {
                return Err("Sub-property did not have a name");
            }
        }
        property.push('\n');
        property.push_str(trimmed);
        Ok(())
    }
}

/// Cuts `text` at the first `#` or `;` (only one preceded by whitespace
/// when `needs_whitespace`), then trims.
fn strip_comment(text: &str, needs_whitespace: bool) -> &str {
    let mut previous_is_space = false;
    for (index, c) in text.char_indices() {
        if (c == '#' || c == ';') && (previous_is_space || !needs_whitespace) {
            return text[..index].trim_matches(WHITESPACE);
        }
        previous_is_space = WHITESPACE.contains(&c);
    }
    text.trim_matches(WHITESPACE)
}

/// Splits a sub-property block (`"\nname = value\nother = x"`) into
/// lowercased names and trimmed values; lines without `=` are skipped.
pub(crate) fn sub_properties(value: &str) -> impl Iterator<Item = (String, &str)> {
    value.split('\n').filter_map(|line| {
        let (name, value) = line.split_once('=')?;
        let name = name.trim_matches(WHITESPACE);
        (!name.is_empty()).then(|| (name.to_ascii_lowercase(), value.trim_matches(WHITESPACE)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_names_file_and_line_but_not_the_text() {
        let text = "[default]\naws_secret_access_key : s3cr3t-value";
        let err = parse_file(
            text,
            FileKind::Credentials,
            Some(Path::new("/h/.aws/credentials")),
        )
        .unwrap_err();
        let shown = err.to_string();
        assert_eq!(err.line, 2);
        assert!(shown.contains("/h/.aws/credentials line 2"), "{shown}");
        assert!(!shown.contains("s3cr3t") && !format!("{err:?}").contains("s3cr3t"));
    }

    #[test]
    fn sub_properties_split_and_lowercase() {
        let parsed: Vec<_> = sub_properties("\nEndpoint_URL = http://x\n\nbad").collect();
        assert_eq!(parsed, vec![("endpoint_url".to_owned(), "http://x")]);
    }
}
