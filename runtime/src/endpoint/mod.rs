//! Endpoint resolution: a Smithy endpoint rules engine (rule-set version 1.x)
//! over the model's `endpoint-rule-set-1.json` and botocore's
//! `partitions.json`, both passed as JSON text (the generated crate hands
//! over `ServiceSpec::endpoint_rule_set` and `ServiceSpec::partitions`).
//!
//! [`EndpointResolver::new`] parses and checks both documents once, turning
//! every reference into a slot index, so [`EndpointResolver::resolve`] only
//! walks a small tree: no JSON, no name lookups, and a region listed in the
//! partitions costs one hash lookup. CodeArtifact's rules take no operation
//! parameters, so a client may also resolve once per configuration and
//! reuse the [`Endpoint`]; no cache is needed either way.
//!
//! ```
//! # use codeartifact_runtime::endpoint::{EndpointResolver, Params};
//! # let rules = include_str!("../../../model/endpoint-rule-set-1.json");
//! # let partitions = include_str!("../../../model/partitions.json");
//! let resolver = EndpointResolver::new(rules, partitions)?;
//! let params = Params { region: Some("eu-west-1".into()), use_fips: true, ..Params::default() };
//! let endpoint = resolver.resolve(&params)?;
//! assert_eq!(endpoint.url, "https://codeartifact-fips.eu-west-1.amazonaws.com");
//! # Ok::<(), codeartifact_runtime::endpoint::EndpointError>(())
//! ```

mod eval;
mod partition;
mod regex;
mod ruleset;
pub mod stdlib;

use eval::{Eval, Value, json_value};
use partition::Partitions;
use ruleset::{ParamType, RuleSet};
use serde_json::{Map, Value as Json};
use std::borrow::Cow;
use std::fmt;

/// The endpoint parameters an AWS SDK fills from its configuration, bound to
/// the rule-set parameters by their `builtIn` (`AWS::Region`,
/// `AWS::UseFIPS`, `AWS::UseDualStack`, `SDK::Endpoint`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Params {
    pub region: Option<String>,
    pub use_fips: bool,
    pub use_dual_stack: bool,
    /// A custom endpoint URL (`endpoint_url`, `AWS_ENDPOINT_URL...`).
    pub endpoint: Option<String>,
}

/// A resolved endpoint.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Endpoint {
    pub url: String,
    /// Headers to add to the request, in rule order.
    pub headers: Vec<(String, Vec<String>)>,
    /// Rule-defined properties such as `authSchemes`.
    pub properties: Map<String, Json>,
}

/// Why an endpoint could not be resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum EndpointError {
    /// The rule-set document is malformed or uses something unsupported.
    InvalidRuleSet(String),
    /// The partitions document is malformed.
    InvalidPartitions(String),
    /// A parameter is missing, unknown or of the wrong type.
    InvalidParameter(String),
    /// An `error` rule matched. `Display` prints the message exactly, e.g.
    /// `Invalid Configuration: Missing Region`.
    Rule(String),
    /// Evaluation went wrong (no rule matched, or a type mismatch at run
    /// time): a defect of the rule set rather than of the caller.
    Unresolved(String),
}

impl fmt::Display for EndpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidRuleSet(m) => write!(f, "invalid endpoint rule set: {m}"),
            Self::InvalidPartitions(m) => write!(f, "invalid partitions document: {m}"),
            Self::InvalidParameter(m) => write!(f, "invalid endpoint parameter: {m}"),
            Self::Rule(m) => f.write_str(m),
            Self::Unresolved(m) => write!(f, "endpoint resolution failed: {m}"),
        }
    }
}

impl std::error::Error for EndpointError {}

/// A compiled rule set plus partitions. Cheap to share (`Send + Sync`).
#[derive(Debug)]
pub struct EndpointResolver {
    rules: RuleSet,
    partitions: Partitions,
    builtins: BuiltinSlots,
}

/// Slots of the parameters that [`Params`] fills, found by `builtIn`.
#[derive(Debug, Default)]
struct BuiltinSlots {
    region: Option<usize>,
    use_fips: Option<usize>,
    use_dual_stack: Option<usize>,
    endpoint: Option<usize>,
}

impl EndpointResolver {
    /// Parses and checks a rule set and a partitions document.
    pub fn new(
        rule_set_json: &str,
        partitions_json: &str,
    ) -> Result<EndpointResolver, EndpointError> {
        let rules = ruleset::compile(rule_set_json)?;
        let partitions = Partitions::parse(partitions_json)?;
        let mut builtins = BuiltinSlots::default();
        for (slot, param) in rules.params.iter().enumerate() {
            let (target, ty) = match param.built_in.as_deref() {
                Some("AWS::Region") => (&mut builtins.region, ParamType::String),
                Some("AWS::UseFIPS") => (&mut builtins.use_fips, ParamType::Boolean),
                Some("AWS::UseDualStack") => (&mut builtins.use_dual_stack, ParamType::Boolean),
                Some("SDK::Endpoint") => (&mut builtins.endpoint, ParamType::String),
                _ => continue,
            };
            if param.ty != ty {
                return Err(EndpointError::InvalidRuleSet(format!(
                    "built-in parameter `{}` has type {:?}, expected {ty:?}",
                    param.name, param.ty
                )));
            }
            *target = Some(slot);
        }
        Ok(EndpointResolver {
            rules,
            partitions,
            builtins,
        })
    }

    /// Resolves the endpoint for SDK configuration values. Parameters
    /// without a built-in take their defaults.
    pub fn resolve(&self, params: &Params) -> Result<Endpoint, EndpointError> {
        let mut slots: Vec<Option<Value<'_>>> = vec![None; self.rules.slot_count];
        let b = &self.builtins;
        let pairs = [
            (b.region, str_value(&params.region)),
            (b.endpoint, str_value(&params.endpoint)),
            (b.use_fips, Some(Value::Bool(params.use_fips))),
            (b.use_dual_stack, Some(Value::Bool(params.use_dual_stack))),
        ];
        for (slot, value) in pairs {
            if let Some(slot) = slot {
                slots[slot] = value;
            }
        }
        self.evaluate(slots)
    }

    /// Resolves with parameters named as in the rule set (`{"Region":
    /// "us-east-1", "UseFIPS": true}`), the form of the endpoint test files;
    /// works for any rule set. Unknown names and wrong types are errors.
    pub fn resolve_named(&self, params: &Map<String, Json>) -> Result<Endpoint, EndpointError> {
        let mut slots: Vec<Option<Value<'_>>> = vec![None; self.rules.slot_count];
        for (name, value) in params {
            let slot = self
                .rules
                .params
                .iter()
                .position(|p| p.name == *name)
                .ok_or_else(|| {
                    EndpointError::InvalidParameter(format!("unknown parameter `{name}`"))
                })?;
            let param = &self.rules.params[slot];
            if !param.ty.accepts(value) {
                return Err(EndpointError::InvalidParameter(format!(
                    "`{name}` must be of type {:?}",
                    param.ty
                )));
            }
            slots[slot] = json_value(value);
        }
        self.evaluate(slots)
    }

    /// Names of the rule set's parameters, in document order.
    pub fn parameter_names(&self) -> impl Iterator<Item = &str> {
        self.rules.params.iter().map(|p| p.name.as_str())
    }

    fn evaluate<'a>(
        &'a self,
        mut slots: Vec<Option<Value<'a>>>,
    ) -> Result<Endpoint, EndpointError> {
        for (slot, param) in self.rules.params.iter().enumerate() {
            if slots[slot].is_none() {
                slots[slot] = param.default.as_ref().and_then(json_value);
            }
            if slots[slot].is_none() && param.required {
                return Err(EndpointError::InvalidParameter(format!(
                    "`{}` is required",
                    param.name
                )));
            }
        }
        Eval {
            partitions: &self.partitions,
            slots,
        }
        .run(&self.rules.rules)
    }
}

fn str_value(s: &Option<String>) -> Option<Value<'_>> {
    s.as_deref().map(|s| Value::Str(Cow::Borrowed(s)))
}
