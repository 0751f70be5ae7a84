//! A serde mirror of botocore's `service-2.json` and `paginators-1.json`.
//!
//! Only what the generator reads is typed; anything else in the JSON is
//! ignored here and, when it matters, rejected during lowering.

use std::collections::BTreeMap;

use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct Model {
    pub metadata: Metadata,
    pub operations: BTreeMap<String, Operation>,
    pub shapes: BTreeMap<String, Shape>,
    #[serde(default)]
    pub documentation: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Metadata {
    pub api_version: String,
    pub endpoint_prefix: String,
    pub protocol: String,
    pub service_id: String,
    pub signing_name: Option<String>,
    pub service_full_name: String,
}

#[derive(Debug, Deserialize)]
pub struct Operation {
    pub name: String,
    pub http: Http,
    pub input: Option<ShapeRef>,
    pub output: Option<ShapeRef>,
    #[serde(default)]
    pub errors: Vec<ShapeRef>,
    #[serde(default)]
    pub documentation: Option<String>,
    #[serde(default)]
    pub deprecated: bool,
    /// Keys the generator does not understand (`httpChecksum`,
    /// `endpointdiscovery`, ...) are collected so lowering can refuse them.
    #[serde(flatten)]
    pub other: BTreeMap<String, serde_json::Value>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Http {
    pub method: String,
    pub request_uri: String,
    #[serde(default)]
    pub response_code: Option<u16>,
}

#[derive(Debug, Deserialize)]
pub struct ShapeRef {
    pub shape: String,
}

#[derive(Debug, Deserialize)]
pub struct Shape {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub members: BTreeMap<String, Member>,
    #[serde(default)]
    pub required: Vec<String>,
    #[serde(default)]
    pub member: Option<ShapeRef>,
    #[serde(default)]
    pub key: Option<ShapeRef>,
    #[serde(default)]
    pub value: Option<ShapeRef>,
    #[serde(default)]
    pub min: Option<f64>,
    #[serde(default)]
    pub max: Option<f64>,
    #[serde(default)]
    pub pattern: Option<String>,
    #[serde(default, rename = "enum")]
    pub enum_values: Vec<String>,
    #[serde(default)]
    pub documentation: Option<String>,
    #[serde(default)]
    pub sensitive: bool,
    #[serde(default)]
    pub streaming: bool,
    #[serde(default)]
    pub exception: bool,
    #[serde(default)]
    pub fault: bool,
    #[serde(default)]
    pub error: Option<ErrorTrait>,
    #[serde(default)]
    pub payload: Option<String>,
    #[serde(default)]
    pub deprecated: bool,
    #[serde(default)]
    pub union: bool,
    #[serde(default, rename = "timestampFormat")]
    pub timestamp_format: Option<String>,
    #[serde(default, rename = "eventstream")]
    pub event_stream: bool,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorTrait {
    pub http_status_code: u16,
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub sender_fault: bool,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Member {
    pub shape: String,
    #[serde(default)]
    pub documentation: Option<String>,
    #[serde(default)]
    pub location: Option<String>,
    #[serde(default)]
    pub location_name: Option<String>,
    #[serde(default)]
    pub deprecated: bool,
    #[serde(default)]
    pub idempotency_token: bool,
    #[serde(default)]
    pub timestamp_format: Option<String>,
    #[serde(default, rename = "jsonvalue")]
    pub json_value: bool,
    #[serde(default)]
    pub host_label: bool,
    #[serde(default)]
    pub event_payload: bool,
}

/// `paginators-1.json`.
#[derive(Debug, Deserialize, Default)]
pub struct Paginators {
    pub pagination: BTreeMap<String, Paginator>,
}

#[derive(Debug, Deserialize)]
pub struct Paginator {
    pub input_token: StringOrList,
    pub output_token: StringOrList,
    #[serde(default)]
    pub limit_key: Option<String>,
    pub result_key: StringOrList,
}

/// botocore writes a single token as a string and several as a list.
#[derive(Debug, Deserialize, Clone)]
#[serde(untagged)]
pub enum StringOrList {
    One(String),
    Many(Vec<String>),
}
