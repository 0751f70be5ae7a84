//! Compiles a rule-set document (version 1.x) into a tree the evaluator walks
//! without looking anything up by name: every reference becomes a slot index,
//! every template is split into parts and every `getAttr` path is parsed.
//! Mistakes in the document (unknown function, unbound reference, bad
//! template) are reported here, once, instead of on some later request.

use super::EndpointError;
use serde_json::{Map, Value as Json};

#[derive(Debug)]
pub(crate) struct RuleSet {
    /// Parameters own slots `0..params.len()`; assignments take the rest.
    pub params: Vec<Param>,
    pub slot_count: usize,
    pub rules: Vec<Rule>,
}

#[derive(Debug)]
pub(crate) struct Param {
    pub name: String,
    pub ty: ParamType,
    pub built_in: Option<String>,
    pub required: bool,
    pub default: Option<Json>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ParamType {
    String,
    Boolean,
    StringArray,
}

impl ParamType {
    pub(crate) fn accepts(self, value: &Json) -> bool {
        match self {
            ParamType::String => value.is_string(),
            ParamType::Boolean => value.is_boolean(),
            ParamType::StringArray => value
                .as_array()
                .is_some_and(|a| a.iter().all(Json::is_string)),
        }
    }
}

#[derive(Debug)]
pub(crate) struct Rule {
    pub conditions: Vec<Condition>,
    pub kind: RuleKind,
}

#[derive(Debug)]
pub(crate) enum RuleKind {
    Endpoint(EndpointSpec),
    Error(Expr),
    Tree(Vec<Rule>),
}

#[derive(Debug)]
pub(crate) struct Condition {
    pub call: Call,
    pub assign: Option<usize>,
}

#[derive(Debug)]
pub(crate) struct EndpointSpec {
    pub url: Expr,
    pub headers: Vec<(String, Vec<Expr>)>,
    pub properties: Vec<(String, Expr)>,
}

#[derive(Debug)]
pub(crate) enum Expr {
    Str(String),
    Template(Vec<Part>),
    Bool(bool),
    Int(i64),
    Array(Vec<Expr>),
    Object(Vec<(String, Expr)>),
    Ref(usize),
    Call(Box<Call>),
}

#[derive(Debug)]
pub(crate) enum Part {
    Lit(String),
    Ref(usize),
    Attr(usize, Vec<PathSeg>),
}

#[derive(Debug, Clone)]
pub(crate) enum PathSeg {
    Key(String),
    Index(usize),
}

#[derive(Debug)]
pub(crate) struct Call {
    pub func: Func,
    pub args: Vec<Expr>,
}

#[derive(Debug)]
pub(crate) enum Func {
    IsSet,
    Not,
    BooleanEquals,
    StringEquals,
    /// The path is the literal second argument, parsed up front.
    GetAttr(Vec<PathSeg>),
    Substring,
    UriEncode,
    ParseUrl,
    IsValidHostLabel,
    Partition,
    ParseArn,
    IsVirtualHostableS3Bucket,
}

fn invalid(what: impl Into<String>) -> EndpointError {
    EndpointError::InvalidRuleSet(what.into())
}

pub(crate) fn compile(json: &str) -> Result<RuleSet, EndpointError> {
    let doc: Json = serde_json::from_str(json).map_err(|e| invalid(format!("not JSON: {e}")))?;
    let version = doc.get("version").and_then(Json::as_str).unwrap_or("1.0");
    if !version.starts_with("1.") {
        return Err(invalid(format!("unsupported rule-set version `{version}`")));
    }
    let params = match doc.get("parameters") {
        None => Vec::new(),
        Some(p) => compile_params(
            p.as_object()
                .ok_or_else(|| invalid("`parameters` is not an object"))?,
        )?,
    };
    let mut scope = Scope {
        names: params.iter().map(|p| p.name.clone()).collect(),
        slots: (0..params.len()).collect(),
        next: params.len(),
    };
    let rules = doc.get("rules").ok_or_else(|| invalid("missing `rules`"))?;
    let rules = scope.rules(rules)?;
    Ok(RuleSet {
        slot_count: scope.next,
        params,
        rules,
    })
}

fn compile_params(obj: &Map<String, Json>) -> Result<Vec<Param>, EndpointError> {
    obj.iter()
        .map(|(name, def)| {
            let ty = match def
                .get("type")
                .and_then(Json::as_str)
                .map(str::to_ascii_lowercase)
                .as_deref()
            {
                Some("string") => ParamType::String,
                Some("boolean") => ParamType::Boolean,
                Some("stringarray") => ParamType::StringArray,
                other => {
                    return Err(invalid(format!(
                        "parameter `{name}` has unsupported type {other:?}"
                    )));
                }
            };
            let default = def.get("default").cloned();
            if let Some(d) = &default {
                if !ty.accepts(d) {
                    return Err(invalid(format!(
                        "default of parameter `{name}` does not match its type"
                    )));
                }
            }
            Ok(Param {
                name: name.clone(),
                ty,
                built_in: def.get("builtIn").and_then(Json::as_str).map(str::to_owned),
                required: def.get("required").and_then(Json::as_bool).unwrap_or(false),
                default,
            })
        })
        .collect()
}

/// Names visible at a point of the tree, innermost last, with their slots.
struct Scope {
    names: Vec<String>,
    slots: Vec<usize>,
    next: usize,
}

impl Scope {
    fn lookup(&self, name: &str) -> Result<usize, EndpointError> {
        self.names
            .iter()
            .rposition(|n| n == name)
            .map(|i| self.slots[i])
            .ok_or_else(|| invalid(format!("reference to unknown name `{name}`")))
    }

    fn rules(&mut self, json: &Json) -> Result<Vec<Rule>, EndpointError> {
        let list = json
            .as_array()
            .ok_or_else(|| invalid("`rules` is not an array"))?;
        list.iter().map(|r| self.rule(r)).collect()
    }

    fn rule(&mut self, json: &Json) -> Result<Rule, EndpointError> {
        let mark = self.names.len();
        let conditions = match json.get("conditions") {
            None => Vec::new(),
            Some(c) => {
                let list = c
                    .as_array()
                    .ok_or_else(|| invalid("`conditions` is not an array"))?;
                list.iter()
                    .map(|c| self.condition(c))
                    .collect::<Result<_, _>>()?
            }
        };
        let kind = match json.get("type").and_then(Json::as_str) {
            Some("endpoint") => RuleKind::Endpoint(
                self.endpoint(
                    json.get("endpoint")
                        .ok_or_else(|| invalid("endpoint rule without `endpoint`"))?,
                )?,
            ),
            Some("error") => RuleKind::Error(
                self.expr(
                    json.get("error")
                        .ok_or_else(|| invalid("error rule without `error`"))?,
                )?,
            ),
            Some("tree") => RuleKind::Tree(
                self.rules(
                    json.get("rules")
                        .ok_or_else(|| invalid("tree rule without `rules`"))?,
                )?,
            ),
            other => return Err(invalid(format!("unknown rule type {other:?}"))),
        };
        // Names assigned by this rule's conditions end with the rule.
        self.names.truncate(mark);
        self.slots.truncate(mark);
        Ok(Rule { conditions, kind })
    }

    fn condition(&mut self, json: &Json) -> Result<Condition, EndpointError> {
        let call = self
            .call(json)?
            .ok_or_else(|| invalid("a condition must be a function call"))?;
        let assign = match json.get("assign") {
            None => None,
            Some(name) => {
                let name = name
                    .as_str()
                    .ok_or_else(|| invalid("`assign` is not a string"))?;
                let slot = self.next;
                self.next += 1;
                self.names.push(name.to_owned());
                self.slots.push(slot);
                Some(slot)
            }
        };
        Ok(Condition { call, assign })
    }

    fn endpoint(&mut self, json: &Json) -> Result<EndpointSpec, EndpointError> {
        let url = self.expr(
            json.get("url")
                .ok_or_else(|| invalid("endpoint without `url`"))?,
        )?;
        let mut headers = Vec::new();
        for (name, values) in entries(json, "headers") {
            let values = values
                .as_array()
                .ok_or_else(|| invalid(format!("header `{name}` is not a list")))?;
            headers.push((
                name.clone(),
                values
                    .iter()
                    .map(|v| self.expr(v))
                    .collect::<Result<_, _>>()?,
            ));
        }
        let mut properties = Vec::new();
        for (name, value) in entries(json, "properties") {
            properties.push((name.clone(), self.expr(value)?));
        }
        Ok(EndpointSpec {
            url,
            headers,
            properties,
        })
    }

    fn expr(&mut self, json: &Json) -> Result<Expr, EndpointError> {
        Ok(match json {
            Json::String(s) => self.template(s)?,
            Json::Bool(b) => Expr::Bool(*b),
            Json::Number(n) => Expr::Int(
                n.as_i64()
                    .ok_or_else(|| invalid(format!("number {n} is not an integer")))?,
            ),
            Json::Array(items) => Expr::Array(
                items
                    .iter()
                    .map(|i| self.expr(i))
                    .collect::<Result<_, _>>()?,
            ),
            Json::Null => return Err(invalid("null is not an expression")),
            Json::Object(obj) => {
                if let Some(name) = obj.get("ref") {
                    Expr::Ref(
                        self.lookup(
                            name.as_str()
                                .ok_or_else(|| invalid("`ref` is not a string"))?,
                        )?,
                    )
                } else if let Some(call) = self.call(json)? {
                    Expr::Call(Box::new(call))
                } else {
                    let fields = obj.iter().map(|(k, v)| Ok((k.clone(), self.expr(v)?)));
                    Expr::Object(fields.collect::<Result<_, EndpointError>>()?)
                }
            }
        })
    }

    /// `{"fn": .., "argv": [..]}`, or `None` when `json` is not a call.
    fn call(&mut self, json: &Json) -> Result<Option<Call>, EndpointError> {
        let Some(name) = json.get("fn") else {
            return Ok(None);
        };
        let name = name
            .as_str()
            .ok_or_else(|| invalid("`fn` is not a string"))?;
        let argv = json
            .get("argv")
            .and_then(Json::as_array)
            .ok_or_else(|| invalid(format!("`{name}` without `argv`")))?;
        let (func, arity) = match name {
            "isSet" => (Func::IsSet, 1),
            "not" => (Func::Not, 1),
            "booleanEquals" => (Func::BooleanEquals, 2),
            "stringEquals" => (Func::StringEquals, 2),
            "getAttr" => {
                let path = argv
                    .get(1)
                    .and_then(Json::as_str)
                    .ok_or_else(|| invalid("`getAttr` path must be a string literal"))?;
                (Func::GetAttr(parse_path(path)?), 2)
            }
            "substring" => (Func::Substring, 4),
            "uriEncode" => (Func::UriEncode, 1),
            "parseURL" => (Func::ParseUrl, 1),
            "isValidHostLabel" => (Func::IsValidHostLabel, 2),
            "aws.partition" => (Func::Partition, 1),
            "aws.parseArn" => (Func::ParseArn, 1),
            "aws.isVirtualHostableS3Bucket" => (Func::IsVirtualHostableS3Bucket, 2),
            other => return Err(invalid(format!("unsupported function `{other}`"))),
        };
        if argv.len() != arity {
            return Err(invalid(format!(
                "`{name}` takes {arity} argument(s), got {}",
                argv.len()
            )));
        }
        // getAttr keeps only its target; the path lives in `func`.
        let evaluated = if matches!(func, Func::GetAttr(_)) {
            &argv[..1]
        } else {
            &argv[..]
        };
        let args = evaluated
            .iter()
            .map(|a| self.expr(a))
            .collect::<Result<_, _>>()?;
        Ok(Some(Call { func, args }))
    }

    /// Splits `"https://{Region}.{PartitionResult#dnsSuffix}"` into parts;
    /// `{{` and `}}` stand for literal braces.
    fn template(&self, text: &str) -> Result<Expr, EndpointError> {
        if !text.contains(['{', '}']) {
            return Ok(Expr::Str(text.to_owned()));
        }
        let mut parts = Vec::new();
        let mut lit = String::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '{' if chars.peek() == Some(&'{') => {
                    chars.next();
                    lit.push('{');
                }
                '}' if chars.peek() == Some(&'}') => {
                    chars.next();
                    lit.push('}');
                }
                '{' => {
                    let mut inner = String::new();
                    loop {
                        match chars.next() {
                            Some('}') => break,
                            Some(c) => inner.push(c),
                            None => {
                                return Err(invalid(format!("unclosed `{{` in template `{text}`")));
                            }
                        }
                    }
                    if !lit.is_empty() {
                        parts.push(Part::Lit(std::mem::take(&mut lit)));
                    }
                    parts.push(self.template_part(&inner, text)?);
                }
                '}' => return Err(invalid(format!("unmatched `}}` in template `{text}`"))),
                c => lit.push(c),
            }
        }
        if !lit.is_empty() {
            parts.push(Part::Lit(lit));
        }
        Ok(Expr::Template(parts))
    }

    fn template_part(&self, inner: &str, text: &str) -> Result<Part, EndpointError> {
        if inner.is_empty() {
            return Err(invalid(format!("empty `{{}}` in template `{text}`")));
        }
        Ok(match inner.split_once('#') {
            None => Part::Ref(self.lookup(inner)?),
            Some((name, path)) => Part::Attr(self.lookup(name)?, parse_path(path)?),
        })
    }
}

/// The members of the object at `json[key]`; none when it is absent.
fn entries<'j>(json: &'j Json, key: &str) -> impl Iterator<Item = (&'j String, &'j Json)> {
    json.get(key)
        .and_then(Json::as_object)
        .into_iter()
        .flatten()
}

/// `a.b[2]`, `[0]`, `resourceId[1]`.
pub(crate) fn parse_path(path: &str) -> Result<Vec<PathSeg>, EndpointError> {
    let bad = || invalid(format!("bad getAttr path `{path}`"));
    let mut segs = Vec::new();
    for piece in path.split('.') {
        let (key, mut rest) = piece.split_at(piece.find('[').unwrap_or(piece.len()));
        if !key.is_empty() {
            segs.push(PathSeg::Key(key.to_owned()));
        } else if rest.is_empty() {
            return Err(bad());
        }
        while let Some(after) = rest.strip_prefix('[') {
            let (index, tail) = after.split_once(']').ok_or_else(bad)?;
            segs.push(PathSeg::Index(index.parse().map_err(|_| bad())?));
            rest = tail;
        }
        if !rest.is_empty() {
            return Err(bad());
        }
    }
    Ok(segs)
}
