//! The service's errors, as the handlers raise them.
//!
//! An [`ApiError`] carries what the wire response needs: the error code (the
//! model's shape name, or one of the three authentication codes AWS returns
//! outside the model), the HTTP status, the message and the error's extra
//! members keyed by model member name.

use serde_json::{Map, Value};

#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub code: &'static str,
    pub status: u16,
    pub message: String,
    /// Members besides `message` (`reason`, `resourceId`, `resourceType`, ...).
    pub fields: Map<String, Value>,
    /// Seconds for the `Retry-After` header (throttling only).
    pub retry_after: Option<u64>,
}

/// `reason` values of `ValidationException`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    CannotParse,
    FieldValidationFailed,
    UnknownOperation,
    Other,
}

impl Reason {
    fn as_str(self) -> &'static str {
        match self {
            Reason::CannotParse => "CANNOT_PARSE",
            Reason::FieldValidationFailed => "FIELD_VALIDATION_FAILED",
            Reason::UnknownOperation => "UNKNOWN_OPERATION",
            Reason::Other => "OTHER",
        }
    }
}

/// `resourceType` values of the resource errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resource {
    Domain,
    Repository,
    Package,
    PackageVersion,
    Asset,
}

impl Resource {
    pub fn as_str(self) -> &'static str {
        match self {
            Resource::Domain => "domain",
            Resource::Repository => "repository",
            Resource::Package => "package",
            Resource::PackageVersion => "package-version",
            Resource::Asset => "asset",
        }
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    fn new(code: &'static str, status: u16, message: impl Into<String>) -> Self {
        ApiError {
            code,
            status,
            message: message.into(),
            fields: Map::new(),
            retry_after: None,
        }
    }

    fn with(mut self, key: &str, value: impl Into<String>) -> Self {
        self.fields
            .insert(key.to_owned(), Value::String(value.into()));
        self
    }

    pub fn validation(message: impl Into<String>) -> Self {
        Self::validation_reason(Reason::FieldValidationFailed, message)
    }

    pub fn validation_reason(reason: Reason, message: impl Into<String>) -> Self {
        Self::new("ValidationException", 400, message).with("reason", reason.as_str())
    }

    pub fn not_found(
        resource: Resource,
        id: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self::new("ResourceNotFoundException", 404, message)
            .with("resourceId", id)
            .with("resourceType", resource.as_str())
    }

    pub fn conflict(resource: Resource, id: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new("ConflictException", 409, message)
            .with("resourceId", id)
            .with("resourceType", resource.as_str())
    }

    pub fn quota(resource: Resource, id: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new("ServiceQuotaExceededException", 402, message)
            .with("resourceId", id)
            .with("resourceType", resource.as_str())
    }

    pub fn access_denied(message: impl Into<String>) -> Self {
        Self::new("AccessDeniedException", 403, message)
    }

    pub fn throttling(retry_after: u64) -> Self {
        let mut e = Self::new("ThrottlingException", 429, "Rate exceeded");
        e.retry_after = Some(retry_after);
        e
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Self::new("InternalServerException", 500, message)
    }

    /// 503, for fault injection; AWS sends it without a modeled shape.
    pub fn unavailable() -> Self {
        Self::new("ServiceUnavailableException", 503, "Service unavailable")
    }

    pub fn invalid_signature(message: impl Into<String>) -> Self {
        Self::new("InvalidSignatureException", 403, message)
    }

    pub fn incomplete_signature(message: impl Into<String>) -> Self {
        Self::new("IncompleteSignatureException", 400, message)
    }

    pub fn unrecognized_client() -> Self {
        Self::new(
            "UnrecognizedClientException",
            403,
            "The security token included in the request is invalid.",
        )
    }

    pub fn missing_token() -> Self {
        Self::new(
            "MissingAuthenticationTokenException",
            403,
            "Missing Authentication Token",
        )
    }

    pub fn too_large(limit: u64) -> Self {
        Self::new(
            "RequestEntityTooLargeException",
            413,
            format!("Request body exceeds the limit of {limit} bytes"),
        )
    }

    pub fn unknown_operation(method: &str, path: &str) -> Self {
        Self::validation_reason(
            Reason::UnknownOperation,
            format!("No operation matches {method} {path}"),
        )
    }

    /// The JSON body: `message` plus the extra members.
    pub fn body(&self) -> Value {
        let mut body = self.fields.clone();
        body.insert("message".to_owned(), Value::String(self.message.clone()));
        if let Some(secs) = self.retry_after {
            // The model binds this member to the `Retry-After` header.
            body.insert("retryAfterSeconds".to_owned(), Value::from(secs));
        }
        Value::Object(body)
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for ApiError {}

impl From<rusqlite::Error> for ApiError {
    fn from(e: rusqlite::Error) -> Self {
        ApiError::internal(format!("storage error: {e}"))
    }
}

impl From<std::io::Error> for ApiError {
    fn from(e: std::io::Error) -> Self {
        ApiError::internal(format!("storage I/O error: {e}"))
    }
}
