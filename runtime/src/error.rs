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

impl BuildError {
    /// The value of a required member, or its default after recording it as
    /// missing (the caller returns the error when anything was recorded).
    pub fn require<T: Default>(&mut self, field: &'static str, value: Option<T>) -> T {
        value.unwrap_or_else(|| {
            self.missing.push(field);
            T::default()
        })
    }

    /// Records an empty URI label: the request path would be malformed.
    pub fn check_label(&mut self, field: &'static str, value: Option<&str>) {
        if value.is_some_and(str::is_empty) {
            self.invalid.push(format!(
                "{field} must not be empty (it is part of the request path)"
            ));
        }
    }
}

/// Code, message and request id of an error response, kept by every
/// modeled error and by [`Unhandled`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ErrorMetadata {
    code: Option<String>,
    message: Option<String>,
    request_id: Option<String>,
}

impl ErrorMetadata {
    pub fn new(code: Option<String>, message: Option<String>, request_id: Option<String>) -> Self {
        Self {
            code,
            message,
            request_id,
        }
    }

    /// The metadata of a parsed error response (an empty code is none).
    pub fn from_parts(parts: &crate::operation::ErrorParts) -> Self {
        let code = Some(parts.code.clone()).filter(|c| !c.is_empty());
        Self {
            code,
            message: parts.message.clone(),
            request_id: parts.request_id.clone(),
        }
    }

    /// The error code, e.g. `ResourceNotFoundException`.
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// The `x-amzn-RequestId` of the response.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
}

/// An error the model does not describe for the operation (or one whose
/// body did not fit its shape): opaque, but its code, message and request
/// id are kept.
#[derive(Debug)]
pub struct Unhandled {
    meta: ErrorMetadata,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl Unhandled {
    pub fn new(
        meta: ErrorMetadata,
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        Self { meta, source }
    }

    pub fn from_parts(parts: crate::operation::ErrorParts) -> Self {
        Self::new(ErrorMetadata::from_parts(&parts), None)
    }

    pub fn meta(&self) -> &ErrorMetadata {
        &self.meta
    }
}

impl fmt::Display for Unhandled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.meta.code(), self.meta.message()) {
            (Some(code), Some(message)) => write!(f, "{code}: {message}"),
            (Some(code), None) => f.write_str(code),
            (None, Some(message)) => write!(f, "unhandled error: {message}"),
            (None, None) => match &self.source {
                Some(source) => write!(f, "unhandled error: {source}"),
                None => f.write_str("unhandled error"),
            },
        }
    }
}

impl std::error::Error for Unhandled {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// The service error of an [`SdkError`], or the whole `SdkError` wrapped as
/// [`Unhandled`]: how the generated service-level `Error` absorbs every
/// operation's `SdkError` so `?` works.
pub fn into_service<E>(error: SdkError<E>) -> Result<E, Unhandled>
where
    E: std::error::Error + Send + Sync + 'static,
{
    match error {
        SdkError::Service(e) => Ok(e),
        other => Err(Unhandled::new(
            ErrorMetadata::default(),
            Some(Box::new(other)),
        )),
    }
}
