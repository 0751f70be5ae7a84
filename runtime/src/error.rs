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

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The error of every operation call: `E` is the operation's modeled error
/// enum (e.g. `UpdatePackageVersionsStatusError`).
///
/// Every variant that made requests says how many attempts were made.
/// No transport or serialization library type appears in it.
#[derive(Debug)]
#[non_exhaustive]
pub enum SdkError<E> {
    /// The request could not be built (missing fields, bad config, no endpoint).
    Construction(BoxError),
    /// Credentials could not be loaded.
    Credentials(BoxError),
    /// A timeout elapsed (connect, read, attempt or operation).
    Timeout(DispatchFailure),
    /// The request could not be sent or the response not read (I/O).
    Dispatch(DispatchFailure),
    /// A response came back that could not be understood.
    Response(ResponseError),
    /// The service answered with an error.
    Service(ServiceError<E>),
}

/// A failure to get a (complete) response, after `attempts` attempts.
#[derive(Debug)]
pub struct DispatchFailure {
    pub(crate) source: BoxError,
    pub(crate) attempts: u32,
}

impl DispatchFailure {
    pub fn new(source: impl Into<BoxError>, attempts: u32) -> Self {
        Self {
            source: source.into(),
            attempts,
        }
    }
    pub fn attempts(&self) -> u32 {
        self.attempts
    }
}

/// A response that could not be understood: its status and the start of its body.
#[derive(Debug)]
pub struct ResponseError {
    pub(crate) status: u16,
    pub(crate) body_excerpt: String,
    pub(crate) reason: String,
    pub(crate) attempts: u32,
}

/// Longest body excerpt kept in a [`ResponseError`].
const EXCERPT_LEN: usize = 256;

impl ResponseError {
    /// `reason` says what was wrong; `body` is cut to an excerpt.
    pub fn new(status: u16, body: &[u8], reason: impl Into<String>, attempts: u32) -> Self {
        let cut = &body[..body.len().min(EXCERPT_LEN)];
        let mut body_excerpt: String = String::from_utf8_lossy(cut)
            .chars()
            .filter(|c| !c.is_control())
            .collect();
        if body.len() > EXCERPT_LEN {
            body_excerpt.push('…');
        }
        Self {
            status,
            body_excerpt,
            reason: reason.into(),
            attempts,
        }
    }
    pub fn status(&self) -> u16 {
        self.status
    }
    pub fn body_excerpt(&self) -> &str {
        &self.body_excerpt
    }
    pub fn attempts(&self) -> u32 {
        self.attempts
    }
}

/// Code, message and request id of an error response, kept by every
/// modeled error, by [`Unhandled`] and by [`ServiceError`].
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

    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
}

/// Access to an error's [`ErrorMetadata`]: implemented by [`SdkError`],
/// [`ServiceError`] and the generated error enums, so generic code can log
/// any of them the same way.
pub trait ProvideErrorMetadata {
    fn meta(&self) -> &ErrorMetadata;
    fn code(&self) -> Option<&str> {
        self.meta().code()
    }
    fn message(&self) -> Option<&str> {
        self.meta().message()
    }
    fn request_id(&self) -> Option<&str> {
        self.meta().request_id()
    }
}

/// A modeled (or unhandled) error the service answered with, plus the raw
/// response's metadata.
#[derive(Debug)]
pub struct ServiceError<E> {
    pub(crate) source: E,
    // Boxed so `SdkError` stays small on the success path's `Result`.
    pub(crate) raw: Box<RawResponse>,
}

/// What is kept of an error response besides the modeled error.
#[derive(Debug)]
pub(crate) struct RawResponse {
    meta: ErrorMetadata,
    status: u16,
    headers: http::HeaderMap,
    attempts: u32,
}

impl<E> ServiceError<E> {
    pub fn new(
        source: E,
        meta: ErrorMetadata,
        status: u16,
        headers: http::HeaderMap,
        attempts: u32,
    ) -> Self {
        Self {
            source,
            raw: Box::new(RawResponse {
                meta,
                status,
                headers,
                attempts,
            }),
        }
    }
    /// The operation's error.
    pub fn err(&self) -> &E {
        &self.source
    }
    pub fn into_err(self) -> E {
        self.source
    }
    /// HTTP status of the error response.
    pub fn status(&self) -> u16 {
        self.raw.status
    }
    /// Headers of the error response.
    pub fn headers(&self) -> &http::HeaderMap {
        &self.raw.headers
    }
    pub fn attempts(&self) -> u32 {
        self.raw.attempts
    }
}

impl<E> ProvideErrorMetadata for ServiceError<E> {
    fn meta(&self) -> &ErrorMetadata {
        &self.raw.meta
    }
}

static EMPTY_META: ErrorMetadata = ErrorMetadata {
    code: None,
    message: None,
    request_id: None,
};

impl<E> ProvideErrorMetadata for SdkError<E> {
    fn meta(&self) -> &ErrorMetadata {
        match self {
            Self::Service(e) => &e.raw.meta,
            _ => &EMPTY_META,
        }
    }
}

impl<E> SdkError<E> {
    pub fn construction(source: impl Into<BoxError>) -> Self {
        Self::Construction(source.into())
    }

    /// The modeled error, when the service answered with one.
    pub fn as_service_error(&self) -> Option<&E> {
        match self {
            Self::Service(e) => Some(&e.source),
            _ => None,
        }
    }

    /// The operation's error, as the official SDK gives it: the modeled
    /// error when the service answered with one, else the whole `SdkError`
    /// wrapped in the enum's `Unhandled` variant (no code), so one `match`
    /// on the enum handles every failure.
    pub fn into_service_error(self) -> E
    where
        E: From<Unhandled> + std::error::Error + Send + Sync + 'static,
    {
        into_service(self).unwrap_or_else(E::from)
    }

    /// The modeled error, or the `SdkError` back when there is none.
    pub fn try_into_service_error(self) -> Result<E, Self> {
        match self {
            Self::Service(e) => Ok(e.source),
            other => Err(other),
        }
    }

    /// HTTP status of the response that ended the call, if one came.
    pub fn raw_status(&self) -> Option<u16> {
        match self {
            Self::Service(e) => Some(e.raw.status),
            Self::Response(e) => Some(e.status),
            _ => None,
        }
    }

    /// Attempts made before giving up (0 when no request was sent).
    pub fn attempts(&self) -> u32 {
        match self {
            Self::Construction(_) | Self::Credentials(_) => 0,
            Self::Timeout(e) | Self::Dispatch(e) => e.attempts,
            Self::Response(e) => e.attempts,
            Self::Service(e) => e.raw.attempts,
        }
    }

    /// Converts the modeled error type, e.g. into the service-wide `Error`.
    pub fn map_service_error<F>(self, f: impl FnOnce(E) -> F) -> SdkError<F> {
        match self {
            Self::Construction(e) => SdkError::Construction(e),
            Self::Credentials(e) => SdkError::Credentials(e),
            Self::Timeout(e) => SdkError::Timeout(e),
            Self::Dispatch(e) => SdkError::Dispatch(e),
            Self::Response(e) => SdkError::Response(e),
            Self::Service(e) => SdkError::Service(ServiceError {
                source: f(e.source),
                raw: e.raw,
            }),
        }
    }
}

struct Attempts(u32);

impl fmt::Display for Attempts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            1 => f.write_str("after 1 attempt"),
            n => write!(f, "after {n} attempts"),
        }
    }
}

impl<E> fmt::Display for SdkError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Construction(e) => write!(f, "failed to construct request: {e}"),
            Self::Credentials(e) => write!(f, "failed to load credentials: {e}"),
            Self::Timeout(e) => write!(f, "timed out {}: {}", Attempts(e.attempts), e.source),
            Self::Dispatch(e) => {
                write!(f, "dispatch failure {}: {}", Attempts(e.attempts), e.source)
            }
            Self::Response(e) => fmt::Display::fmt(e, f),
            Self::Service(e) => fmt::Display::fmt(&ServiceDisplay(e), f),
        }
    }
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unexpected response (HTTP {}, {}): {}; body: {:?}",
            self.status,
            Attempts(self.attempts),
            self.reason,
            self.body_excerpt
        )
    }
}

struct ServiceDisplay<'a, E>(&'a ServiceError<E>);

impl<E> fmt::Display for ServiceDisplay<'_, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let e = &self.0.raw;
        f.write_str(
            e.meta
                .code()
                .filter(|c| !c.is_empty())
                .unwrap_or("UnknownError"),
        )?;
        if let Some(m) = e.meta.message() {
            write!(f, ": {m}")?;
        }
        write!(f, " (HTTP {}", e.status)?;
        if let Some(id) = e.meta.request_id() {
            write!(f, ", request id {id}")?;
        }
        write!(f, ", {})", Attempts(e.attempts))
    }
}

impl<E: std::error::Error + 'static> std::error::Error for SdkError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Construction(e) | Self::Credentials(e) => Some(&**e),
            Self::Timeout(e) | Self::Dispatch(e) => Some(&*e.source),
            Self::Response(_) => None,
            Self::Service(e) => Some(&e.source),
        }
    }
}

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

impl ProvideErrorMetadata for Unhandled {
    fn meta(&self) -> &ErrorMetadata {
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
        SdkError::Service(e) => Ok(e.into_err()),
        other => Err(Unhandled::new(
            ErrorMetadata::default(),
            Some(Box::new(other)),
        )),
    }
}

#[cfg(test)]
mod tests;
