//! Errors of the runtime that do not depend on an operation.

use std::fmt;

/// A request could not be built: required members missing or URI labels empty.
/// Lists every problem at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError {
    /// The operation or shape being built, e.g. `UpdatePackageVersionsStatusInput`.
    pub target: &'static str,
    /// Missing required members, by Rust field name.
    pub missing: Vec<&'static str>,
    /// Other problems, one sentence each.
    pub invalid: Vec<String>,
}

impl BuildError {
    pub fn new(target: &'static str) -> Self {
        Self { target, missing: Vec::new(), invalid: Vec::new() }
    }
    pub fn is_empty(&self) -> bool {
        self.missing.is_empty() && self.invalid.is_empty()
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot build {}", self.target)?;
        if !self.missing.is_empty() {
            write!(f, ": missing required field(s) {}", self.missing.join(", "))?;
        }
        for (i, problem) in self.invalid.iter().enumerate() {
            f.write_str(if i == 0 && self.missing.is_empty() { ": " } else { "; " })?;
            f.write_str(problem)?;
        }
        Ok(())
    }
}

impl std::error::Error for BuildError {}
