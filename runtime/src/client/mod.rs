//! The client handle that generated operations call through: serialize,
//! resolve the endpoint, sign, send, classify, retry, deserialize.

use crate::error::SdkError;
use crate::operation::Operation;
use crate::schema::ServiceSpec;

/// A cheap-to-clone handle shared by the generated `Client` and its builders.
#[derive(Clone, Debug)]
pub struct Handle {
    service: &'static ServiceSpec,
}

impl Handle {
    /// PLACEHOLDER until the client lands: takes the resolved config.
    pub fn new(service: &'static ServiceSpec) -> Self {
        Self { service }
    }

    pub fn service(&self) -> &'static ServiceSpec {
        self.service
    }

    /// Runs one operation end to end.
    pub async fn call<O: Operation>(
        &self,
        input: O::Input,
    ) -> Result<O::Output, SdkError<O::Error>> {
        let _ = input;
        Err(SdkError::construction(format!(
            "{}: the client is not built yet",
            O::SPEC.name
        )))
    }
}
