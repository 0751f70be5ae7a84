//! Walks a compiled rule set for one set of parameter values.
//!
//! Values borrow from the resolver (literals, partition data) and from the
//! caller's parameters wherever they can, so resolving the usual CodeArtifact
//! endpoint allocates little more than the URL string itself.

use super::partition::Partitions;
use super::ruleset::{Call, Condition, EndpointSpec, Expr, Func, Part, PathSeg, Rule, RuleKind};
use super::{Endpoint, EndpointError, stdlib};
use serde_json::{Map, Value as Json};
use std::borrow::Cow;

/// A value of the rules language. Records are partition results, parsed URLs
/// and ARNs; they are JSON objects so that `getAttr` treats them alike.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value<'a> {
    Str(Cow<'a, str>),
    Bool(bool),
    Int(i64),
    Array(Vec<Value<'a>>),
    Record(Cow<'a, Map<String, Json>>),
}

impl Value<'_> {
    fn into_owned(self) -> Value<'static> {
        match self {
            Value::Str(s) => Value::Str(Cow::Owned(s.into_owned())),
            Value::Bool(b) => Value::Bool(b),
            Value::Int(i) => Value::Int(i),
            Value::Array(items) => Value::Array(items.into_iter().map(Value::into_owned).collect()),
            Value::Record(r) => Value::Record(Cow::Owned(r.into_owned())),
        }
    }

    fn kind(&self) -> &'static str {
        match self {
            Value::Str(_) => "a string",
            Value::Bool(_) => "a boolean",
            Value::Int(_) => "an integer",
            Value::Array(_) => "an array",
            Value::Record(_) => "a record",
        }
    }

    fn to_json(&self) -> Json {
        match self {
            Value::Str(s) => Json::String(s.to_string()),
            Value::Bool(b) => Json::Bool(*b),
            Value::Int(i) => Json::from(*i),
            Value::Array(items) => Json::Array(items.iter().map(Value::to_json).collect()),
            Value::Record(r) => Json::Object(r.as_ref().clone()),
        }
    }
}

/// A JSON value seen as a rules value; `null` and numbers that are not
/// integers are unset.
pub(crate) fn json_value(json: &Json) -> Option<Value<'_>> {
    Some(match json {
        Json::String(s) => Value::Str(Cow::Borrowed(s)),
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) => Value::Int(n.as_i64()?),
        Json::Array(items) => Value::Array(items.iter().map(json_value).collect::<Option<_>>()?),
        Json::Object(map) => Value::Record(Cow::Borrowed(map)),
        Json::Null => return None,
    })
}

/// `getAttr`: a missing key or an index past the end is unset, not an error.
fn get_attr<'a>(value: &Value<'a>, path: &[PathSeg]) -> Option<Value<'a>> {
    let Some((first, rest)) = path.split_first() else {
        return Some(value.clone());
    };
    match (value, first) {
        (Value::Record(Cow::Borrowed(map)), PathSeg::Key(key)) => {
            let map: &'a Map<String, Json> = map;
            get_attr(&json_value(map.get(key)?)?, rest)
        }
        (Value::Record(Cow::Owned(map)), PathSeg::Key(key)) => {
            get_attr(&json_value(map.get(key)?)?.into_owned(), rest)
        }
        (Value::Array(items), PathSeg::Index(i)) => get_attr(items.get(*i)?, rest),
        _ => None,
    }
}

fn type_error(func: &str, expected: &str, got: &Value<'_>) -> EndpointError {
    EndpointError::Unresolved(format!("`{func}` expects {expected}, got {}", got.kind()))
}

pub(crate) struct Eval<'a> {
    pub partitions: &'a Partitions,
    /// Parameters first, then one slot per `assign` in the rule set.
    pub slots: Vec<Option<Value<'a>>>,
}

impl<'a> Eval<'a> {
    pub(crate) fn run(&mut self, rules: &'a [Rule]) -> Result<Endpoint, EndpointError> {
        self.rules(rules)?
            .ok_or_else(|| EndpointError::Unresolved("no rule matched the parameters".into()))
    }

    /// `Ok(None)` when no rule's conditions held.
    fn rules(&mut self, rules: &'a [Rule]) -> Result<Option<Endpoint>, EndpointError> {
        for rule in rules {
            if !self.conditions(&rule.conditions)? {
                continue;
            }
            return match &rule.kind {
                RuleKind::Endpoint(spec) => self.endpoint(spec).map(Some),
                RuleKind::Error(message) => Err(EndpointError::Rule(self.string(message)?)),
                // A tree whose conditions held is terminal (Smithy rules
                // semantics): falling out of it is a rule-set bug.
                RuleKind::Tree(sub) => match self.rules(sub)? {
                    Some(endpoint) => Ok(Some(endpoint)),
                    None => Err(EndpointError::Unresolved(
                        "no rule matched inside a tree rule".into(),
                    )),
                },
            };
        }
        Ok(None)
    }

    fn conditions(&mut self, conditions: &'a [Condition]) -> Result<bool, EndpointError> {
        for condition in conditions {
            match self.call(&condition.call)? {
                None | Some(Value::Bool(false)) => return Ok(false),
                Some(value) => {
                    if let Some(slot) = condition.assign {
                        self.slots[slot] = Some(value);
                    }
                }
            }
        }
        Ok(true)
    }

    fn endpoint(&self, spec: &'a EndpointSpec) -> Result<Endpoint, EndpointError> {
        let url = self.string(&spec.url)?;
        let headers = spec
            .headers
            .iter()
            .map(|(name, values)| {
                let values = values
                    .iter()
                    .map(|v| self.string(v))
                    .collect::<Result<_, _>>()?;
                Ok((name.clone(), values))
            })
            .collect::<Result<_, EndpointError>>()?;
        let mut properties = Map::new();
        for (name, value) in &spec.properties {
            properties.insert(name.clone(), self.json(value)?);
        }
        Ok(Endpoint {
            url,
            headers,
            properties,
        })
    }

    fn expr(&self, expr: &'a Expr) -> Result<Option<Value<'a>>, EndpointError> {
        Ok(Some(match expr {
            Expr::Str(s) => Value::Str(Cow::Borrowed(s)),
            Expr::Template(parts) => Value::Str(Cow::Owned(self.render(parts)?)),
            Expr::Bool(b) => Value::Bool(*b),
            Expr::Int(i) => Value::Int(*i),
            Expr::Array(items) => {
                let mut values = Vec::with_capacity(items.len());
                for item in items {
                    let Some(value) = self.expr(item)? else {
                        return Ok(None);
                    };
                    values.push(value);
                }
                Value::Array(values)
            }
            Expr::Object(_) => match self.json(expr)? {
                Json::Object(map) => Value::Record(Cow::Owned(map)),
                _ => return Ok(None),
            },
            Expr::Ref(slot) => return Ok(self.slots[*slot].clone()),
            Expr::Call(call) => return self.call(call),
        }))
    }

    /// An expression that must produce a string (URL, header value, error).
    fn string(&self, expr: &'a Expr) -> Result<String, EndpointError> {
        match expr {
            Expr::Str(s) => Ok(s.clone()),
            Expr::Template(parts) => self.render(parts),
            _ => match self.expr(expr)? {
                Some(Value::Str(s)) => Ok(s.into_owned()),
                Some(other) => Err(EndpointError::Unresolved(format!(
                    "expected a string, got {}",
                    other.kind()
                ))),
                None => Err(EndpointError::Unresolved(
                    "a string expression is unset".into(),
                )),
            },
        }
    }

    /// Endpoint properties: literals become JSON, templates are rendered.
    fn json(&self, expr: &'a Expr) -> Result<Json, EndpointError> {
        Ok(match expr {
            Expr::Str(s) => Json::String(s.clone()),
            Expr::Template(parts) => Json::String(self.render(parts)?),
            Expr::Bool(b) => Json::Bool(*b),
            Expr::Int(i) => Json::from(*i),
            Expr::Array(items) => Json::Array(
                items
                    .iter()
                    .map(|i| self.json(i))
                    .collect::<Result<_, _>>()?,
            ),
            Expr::Object(fields) => {
                let mut map = Map::new();
                for (key, value) in fields {
                    map.insert(key.clone(), self.json(value)?);
                }
                Json::Object(map)
            }
            Expr::Ref(_) | Expr::Call(_) => self.expr(expr)?.map_or(Json::Null, |v| v.to_json()),
        })
    }

    fn render(&self, parts: &'a [Part]) -> Result<String, EndpointError> {
        let mut out = String::with_capacity(64);
        for part in parts {
            let value = match part {
                Part::Lit(text) => {
                    out.push_str(text);
                    continue;
                }
                Part::Ref(slot) => self.slots[*slot].clone(),
                Part::Attr(slot, path) => {
                    self.slots[*slot].as_ref().and_then(|v| get_attr(v, path))
                }
            };
            match value {
                Some(Value::Str(s)) => out.push_str(&s),
                Some(Value::Bool(b)) => out.push_str(if b { "true" } else { "false" }),
                Some(Value::Int(i)) => out.push_str(&i.to_string()),
                Some(other) => {
                    return Err(EndpointError::Unresolved(format!(
                        "cannot put {} in a template",
                        other.kind()
                    )));
                }
                None => {
                    return Err(EndpointError::Unresolved(
                        "template refers to an unset value".into(),
                    ));
                }
            }
        }
        Ok(out)
    }

    fn call(&self, call: &'a Call) -> Result<Option<Value<'a>>, EndpointError> {
        let args = &call.args;
        Ok(match &call.func {
            Func::IsSet => Some(Value::Bool(self.expr(&args[0])?.is_some())),
            Func::GetAttr(path) => match &args[0] {
                // Read the slot in place: no copy of a parsed URL or ARN.
                Expr::Ref(slot) => self.slots[*slot].as_ref().and_then(|v| get_attr(v, path)),
                target => self.expr(target)?.and_then(|v| get_attr(&v, path)),
            },
            Func::Not => self.bool_arg("not", &args[0])?.map(|b| Value::Bool(!b)),
            Func::BooleanEquals => {
                let (a, b) = (
                    self.bool_arg("booleanEquals", &args[0])?,
                    self.bool_arg("booleanEquals", &args[1])?,
                );
                a.zip(b).map(|(a, b)| Value::Bool(a == b))
            }
            Func::StringEquals => {
                let (a, b) = (
                    self.str_arg("stringEquals", &args[0])?,
                    self.str_arg("stringEquals", &args[1])?,
                );
                a.zip(b).map(|(a, b)| Value::Bool(a == b))
            }
            _ => self.string_call(call)?,
        })
    }

    /// The functions whose first argument is a string.
    fn string_call(&self, call: &'a Call) -> Result<Option<Value<'a>>, EndpointError> {
        let args = &call.args;
        let name = func_name(&call.func);
        let Some(input) = self.str_arg(name, &args[0])? else {
            return Ok(None);
        };
        let owned = |s: String| Value::Str(Cow::Owned(s));
        Ok(match &call.func {
            Func::Substring => {
                let start = self
                    .int_arg(name, &args[1])?
                    .and_then(|i| usize::try_from(i).ok());
                let stop = self
                    .int_arg(name, &args[2])?
                    .and_then(|i| usize::try_from(i).ok());
                let reverse = self.bool_arg(name, &args[3])?;
                match (start, stop, reverse) {
                    (Some(start), Some(stop), Some(reverse)) => {
                        stdlib::substring(&input, start, stop, reverse).map(|s| owned(s.to_owned()))
                    }
                    _ => None,
                }
            }
            Func::UriEncode => Some(owned(stdlib::uri_encode(&input))),
            Func::ParseUrl => stdlib::parse_url(&input).map(|u| record(url_record(u))),
            Func::ParseArn => stdlib::parse_arn(&input).map(|a| record(arn_record(a))),
            Func::Partition => Some(Value::Record(Cow::Borrowed(self.partitions.lookup(&input)))),
            Func::IsValidHostLabel => self
                .bool_arg(name, &args[1])?
                .map(|sub| Value::Bool(stdlib::is_valid_host_label(&input, sub))),
            Func::IsVirtualHostableS3Bucket => self
                .bool_arg(name, &args[1])?
                .map(|sub| Value::Bool(stdlib::is_virtual_hostable_s3_bucket(&input, sub))),
            Func::IsSet
            | Func::Not
            | Func::BooleanEquals
            | Func::StringEquals
            | Func::GetAttr(_) => {
                return Err(EndpointError::Unresolved(format!(
                    "`{name}` dispatched as a string function"
                )));
            }
        })
    }

    fn str_arg(&self, func: &str, expr: &'a Expr) -> Result<Option<Cow<'a, str>>, EndpointError> {
        match self.expr(expr)? {
            None => Ok(None),
            Some(Value::Str(s)) => Ok(Some(s)),
            Some(other) => Err(type_error(func, "a string", &other)),
        }
    }

    fn bool_arg(&self, func: &str, expr: &'a Expr) -> Result<Option<bool>, EndpointError> {
        // Most boolean arguments are parameter references: read them in place.
        if let Expr::Ref(slot) = expr {
            if let Some(Value::Bool(b)) = &self.slots[*slot] {
                return Ok(Some(*b));
            }
        }
        match self.expr(expr)? {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(b)),
            Some(other) => Err(type_error(func, "a boolean", &other)),
        }
    }

    fn int_arg(&self, func: &str, expr: &'a Expr) -> Result<Option<i64>, EndpointError> {
        match self.expr(expr)? {
            None => Ok(None),
            Some(Value::Int(i)) => Ok(Some(i)),
            Some(other) => Err(type_error(func, "an integer", &other)),
        }
    }
}

fn func_name(func: &Func) -> &'static str {
    match func {
        Func::IsSet => "isSet",
        Func::Not => "not",
        Func::BooleanEquals => "booleanEquals",
        Func::StringEquals => "stringEquals",
        Func::GetAttr(_) => "getAttr",
        Func::Substring => "substring",
        Func::UriEncode => "uriEncode",
        Func::ParseUrl => "parseURL",
        Func::IsValidHostLabel => "isValidHostLabel",
        Func::Partition => "aws.partition",
        Func::ParseArn => "aws.parseArn",
        Func::IsVirtualHostableS3Bucket => "aws.isVirtualHostableS3Bucket",
    }
}

fn record(map: Map<String, Json>) -> Value<'static> {
    Value::Record(Cow::Owned(map))
}

fn url_record(url: stdlib::Url) -> Map<String, Json> {
    let mut map = Map::new();
    map.insert("scheme".into(), Json::String(url.scheme));
    map.insert("authority".into(), Json::String(url.authority));
    map.insert("path".into(), Json::String(url.path));
    map.insert("normalizedPath".into(), Json::String(url.normalized_path));
    map.insert("isIp".into(), Json::Bool(url.is_ip));
    map
}

fn arn_record(arn: stdlib::Arn) -> Map<String, Json> {
    let mut map = Map::new();
    map.insert("partition".into(), Json::String(arn.partition));
    map.insert("service".into(), Json::String(arn.service));
    map.insert("region".into(), Json::String(arn.region));
    map.insert("accountId".into(), Json::String(arn.account_id));
    let resource = arn.resource_id.into_iter().map(Json::String).collect();
    map.insert("resourceId".into(), Json::Array(resource));
    map
}
