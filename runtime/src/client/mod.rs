//! The client handle that generated operations call through, running one
//! explicit pipeline per call:
//! serialize → endpoint → credentials → sign → send → classify → retry → deserialize.
//!
//! Everything here but [`Handle::call`]'s thin generic shell is compiled
//! once, not per operation: the shell turns the input into a document and
//! the resulting document back into the output.

mod config;
mod creds;
mod pipeline;
mod request;

use std::fmt;
use std::sync::Arc;

pub use config::{Config, ConfigBuilder, Region};

use crate::error::{ResponseError, SdkError};
use crate::operation::{ErrorParts, Operation};
use crate::primitives::ByteStream;
use crate::retry::RetryStrategy;
use crate::schema::{Location, OperationSpec, ServiceSpec};
use crate::sigv4::SigningKeyCache;
use crate::transport::{HttpClient, HyperClient, ResponseBody};
use request::Endpoint;

/// A cheap-to-clone handle shared by the generated `Client` and its builders.
#[derive(Clone)]
pub struct Handle {
    inner: Arc<Inner>,
}

struct Inner {
    service: &'static ServiceSpec,
    config: Config,
    /// The transport, or why none could be built (reported at call time).
    http: Result<Arc<dyn HttpClient>, String>,
    retry: RetryStrategy,
    /// Resolved once: every input of the rule set is fixed per client.
    endpoint: Result<Endpoint, String>,
    signing_keys: SigningKeyCache,
    user_agent: http::HeaderValue,
}

impl Handle {
    /// Builds the client state: transport, retry policy, endpoint.
    pub fn new(config: Config, service: &'static ServiceSpec) -> Self {
        let http = match &config.http_client {
            Some(client) => Ok(client.clone()),
            None => HyperClient::new(&config.timeouts)
                .map(|c| Arc::new(c) as Arc<dyn HttpClient>)
                .map_err(|e| e.to_string()),
        };
        let retry = RetryStrategy::new(config.retry.clone(), config.retry_classifier.clone());
        let endpoint = request::resolve_endpoint(service, &config);
        let user_agent = request::user_agent(service, config.app_name.as_deref());
        let inner = Inner {
            service,
            config,
            http,
            retry,
            endpoint,
            signing_keys: SigningKeyCache::new(),
            user_agent,
        };
        Self {
            inner: Arc::new(inner),
        }
    }

    pub fn service(&self) -> &'static ServiceSpec {
        self.inner.service
    }

    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// Runs one operation end to end.
    pub async fn call<O: Operation>(
        &self,
        mut input: O::Input,
    ) -> Result<O::Output, SdkError<O::Error>> {
        let payload = O::take_input_payload(&mut input);
        let document = serde_json::to_value(&input).map_err(SdkError::construction)?;
        drop(input);
        let raw = pipeline::invoke(&self.inner, O::SPEC, &document, payload)
            .await
            .map_err(|e| e.map_service_error(O::error_from_parts))?;
        // Most outputs are a JSON body alone: read it straight into the
        // output type. Anything unusual (nulls in required members, wrong
        // types) takes the protocol's general path below.
        // Only a JSON object qualifies: serde would also read a struct from
        // an array, which the protocol rejects.
        let request_id = pipeline::request_id(&raw.response.headers).map(str::to_owned);
        if let (true, ResponseBody::Bytes(body)) = (body_only(O::SPEC), &raw.response.body) {
            let is_object = body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
            if let Some(Ok(mut output)) =
                is_object.then(|| serde_json::from_slice::<O::Output>(body))
            {
                O::set_request_id(&mut output, request_id);
                return Ok(output);
            }
        }
        let attempts = raw.attempts;
        let (document, stream) = pipeline::parse_success(O::SPEC, raw)
            .map_err(|e| e.map_service_error(O::error_from_parts))?;
        let mut output: O::Output = serde_json::from_value(document).map_err(|e| {
            let reason = format!("response does not match {}: {e}", O::SPEC.output.name);
            SdkError::Response(ResponseError::new(
                O::SPEC.success_status,
                b"",
                reason,
                attempts,
            ))
        })?;
        if let Some(stream) = stream {
            O::set_output_payload(&mut output, stream);
        }
        O::set_request_id(&mut output, request_id);
        Ok(output)
    }

    /// Sends a request document through the pipeline and parses the
    /// response document: [`Handle::call`] without the typed shell.
    pub async fn invoke(
        &self,
        spec: &'static OperationSpec,
        input: &serde_json::Value,
        payload: Option<ByteStream>,
    ) -> Result<(serde_json::Value, Option<ByteStream>), SdkError<ErrorParts>> {
        let raw = pipeline::invoke(&self.inner, spec, input, payload).await?;
        pipeline::parse_success(spec, raw)
    }
}

/// `true` when every output member travels in the JSON body, so the body
/// alone is the output (members in headers or a streamed payload need the
/// protocol's parser).
fn body_only(spec: &OperationSpec) -> bool {
    let members = spec.output.members();
    !members.is_empty() && members.iter().all(|m| m.location == Location::Body)
}

impl fmt::Debug for Handle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Handle")
            .field("service", &self.inner.service.service_id)
            .field("config", &self.inner.config)
            .finish_non_exhaustive()
    }
}
