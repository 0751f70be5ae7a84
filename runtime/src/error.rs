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
        Self {
            target,
            missing: Vec::new(),
            invalid: Vec::new(),
        }
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
            f.write_str(if i == 0 && self.missing.is_empty() {
                ": "
            } else {
                "; "
            })?;
            f.write_str(problem)?;
        }
        Ok(())
    }
}

impl std::error::Error for BuildError {}

/// The error of every operation call: `E` is the operation's modeled error
/// enum. PLACEHOLDER shape until the client lands; the variants are final.
#[derive(Debug)]
#[non_exhaustive]
pub enum SdkError<E> {
    /// The request could not be built (missing fields, bad config).
    Construction(Box<dyn std::error::Error + Send + Sync>),
    /// Credentials could not be loaded.
    Credentials(Box<dyn std::error::Error + Send + Sync>),
    /// A timeout elapsed.
    Timeout(Box<dyn std::error::Error + Send + Sync>),
    /// The request could not be sent or the response not read (I/O).
    Dispatch(Box<dyn std::error::Error + Send + Sync>),
    /// A response came back that could not be understood.
    Response(Box<dyn std::error::Error + Send + Sync>),
    /// The service answered with an error.
    Service(E),
}

impl<E> SdkError<E> {
    pub fn construction(source: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Self::Construction(source.into())
    }
}

impl<E: fmt::Display> fmt::Display for SdkError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Construction(e) => write!(f, "failed to construct request: {e}"),
            Self::Credentials(e) => write!(f, "failed to load credentials: {e}"),
            Self::Timeout(e) => write!(f, "timed out: {e}"),
            Self::Dispatch(e) => write!(f, "dispatch failure: {e}"),
            Self::Response(e) => write!(f, "unexpected response: {e}"),
            Self::Service(e) => fmt::Display::fmt(e, f),
        }
    }
}

impl<E: std::error::Error + 'static> std::error::Error for SdkError<E> {}
