//! The contract between an operation's generated code and the runtime.

use crate::primitives::ByteStream;
use crate::schema::OperationSpec;

/// What a modeled-or-not error response carried, after the runtime parsed it.
///
/// `document` holds the error's members keyed by model member name: the JSON
/// body's fields plus any header-bound members (`retryAfterSeconds` from
/// `Retry-After`), ready for `serde_json::from_value` into the error shape.
#[derive(Debug, Clone)]
pub struct ErrorParts {
    /// The bare error code (shape name), e.g. `ResourceNotFoundException`.
    /// Empty when the response named none.
    pub code: String,
    pub message: Option<String>,
    pub request_id: Option<String>,
    pub status: u16,
    pub document: serde_json::Value,
}

/// One operation of the service. The generator implements it for a unit
/// struct per operation (`operation::update_package_versions_status::UpdatePackageVersionsStatus`).
///
/// Input and output convert to and from `serde_json::Value` documents keyed
/// by model member name (every member, whatever it is bound to, except a
/// streaming payload, which travels separately as a [`ByteStream`]). The
/// runtime does the HTTP binding from [`OperationSpec`] data, so this trait is
/// all an operation has to provide.
pub trait Operation: Send + Sync + 'static {
    type Input: serde::Serialize + serde::de::DeserializeOwned + Send + 'static;
    type Output: serde::Serialize + serde::de::DeserializeOwned + Send + 'static;
    type Error: std::error::Error + Send + Sync + 'static;

    const SPEC: &'static OperationSpec;

    /// Takes the streaming payload out of the input, if the operation has one.
    fn take_input_payload(_input: &mut Self::Input) -> Option<ByteStream> {
        None
    }
    /// Stores a streaming payload into the input (server side).
    fn set_input_payload(_input: &mut Self::Input, _payload: ByteStream) {}
    /// Takes the streaming payload out of the output (server side).
    fn take_output_payload(_output: &mut Self::Output) -> Option<ByteStream> {
        None
    }
    /// Stores the response body into the output, if the operation streams it.
    fn set_output_payload(_output: &mut Self::Output, _payload: ByteStream) {}
    /// Stores the response's request id (`x-amzn-RequestId`) into the output.
    fn set_request_id(_output: &mut Self::Output, _request_id: Option<String>) {}

    /// Builds the operation's error from a parsed error response: a modeled
    /// variant when `parts.code` names one of the operation's errors, the
    /// opaque `Unhandled` variant otherwise.
    fn error_from_parts(parts: ErrorParts) -> Self::Error;
}

/// An operation the model paginates (`paginators-1.json`). The generator
/// implements it next to [`Operation`]; the runtime's paginator drives it.
pub trait Paginated: Operation {
    /// One element of the page's item list (e.g. `PackageVersionSummary`).
    type Item: Send + 'static;

    /// Sets the input's continuation token.
    fn set_token(input: &mut Self::Input, token: Option<String>);
    /// The output's continuation token; `None` on the last page.
    fn next_token(output: &Self::Output) -> Option<&str>;
    /// Moves the items out of a page.
    fn take_items(output: &mut Self::Output) -> Vec<Self::Item>;
}

/// The request id (`x-amzn-RequestId`) of the response an output came
/// from, as the official SDK's `RequestId` trait gives it; `None` for an
/// output built in code.
pub trait RequestId {
    fn request_id(&self) -> Option<&str>;
}
