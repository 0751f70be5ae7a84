//! The service's behaviour, operation by operation, over model documents.
//!
//! Every handler takes the operation's input as a `serde_json::Value` keyed by
//! model member name (what the protocol layer parses) and returns the output
//! document the protocol layer serializes. Model constraints (lengths,
//! patterns, enums, required members) are checked before a handler runs;
//! handlers check the rules the model cannot express (spec §3–§6).

mod copy;
mod domains;
mod group_patterns;
mod groups;
mod packages;
mod policies;
mod publish;
mod reads;
mod repositories;
mod tags;
mod versions;

use rusqlite::{OptionalExtension, Transaction};
use serde_json::{Map, Value};

use crate::error::{ApiError, ApiResult, Resource};
use crate::store::{StagedBlob, Store};

/// Who is calling, where, and when.
#[derive(Debug, Clone)]
pub struct Ctx {
    /// The caller's account (from its credentials).
    pub account: String,
    pub region: String,
    /// Request time, epoch seconds.
    pub now: f64,
    /// The operation's model name, for messages.
    pub operation: &'static str,
}

/// An asset the response streams from disk.
#[derive(Debug)]
pub struct AssetBody {
    pub file: std::fs::File,
    pub size: u64,
}

#[derive(Debug)]
pub struct Reply {
    pub output: Value,
    pub payload: Option<AssetBody>,
}

impl From<Value> for Reply {
    fn from(output: Value) -> Self {
        Reply {
            output,
            payload: None,
        }
    }
}

/// The 48 operations this emulator answers, by model name.
pub const OPERATIONS: &[&str] = &[
    "AssociateExternalConnection",
    "CopyPackageVersions",
    "CreateDomain",
    "CreatePackageGroup",
    "CreateRepository",
    "DeleteDomain",
    "DeleteDomainPermissionsPolicy",
    "DeletePackage",
    "DeletePackageGroup",
    "DeletePackageVersions",
    "DeleteRepository",
    "DeleteRepositoryPermissionsPolicy",
    "DescribeDomain",
    "DescribePackage",
    "DescribePackageGroup",
    "DescribePackageVersion",
    "DescribeRepository",
    "DisassociateExternalConnection",
    "DisposePackageVersions",
    "GetAssociatedPackageGroup",
    "GetAuthorizationToken",
    "GetDomainPermissionsPolicy",
    "GetPackageVersionAsset",
    "GetPackageVersionReadme",
    "GetRepositoryEndpoint",
    "GetRepositoryPermissionsPolicy",
    "ListAllowedRepositoriesForGroup",
    "ListAssociatedPackages",
    "ListDomains",
    "ListPackageGroups",
    "ListPackageVersionAssets",
    "ListPackageVersionDependencies",
    "ListPackageVersions",
    "ListPackages",
    "ListRepositories",
    "ListRepositoriesInDomain",
    "ListSubPackageGroups",
    "ListTagsForResource",
    "PublishPackageVersion",
    "PutDomainPermissionsPolicy",
    "PutPackageOriginConfiguration",
    "PutRepositoryPermissionsPolicy",
    "TagResource",
    "UntagResource",
    "UpdatePackageGroup",
    "UpdatePackageGroupOriginConfiguration",
    "UpdatePackageVersionsStatus",
    "UpdateRepository",
];

/// Runs one operation. `payload` is the staged upload of PublishPackageVersion.
pub fn handle(
    store: &Store,
    ctx: &Ctx,
    input: &Value,
    payload: Option<StagedBlob>,
) -> ApiResult<Reply> {
    let op = ctx.operation;
    if op == "PublishPackageVersion" {
        let Some(blob) = payload else {
            return Err(ApiError::validation("assetContent is required"));
        };
        let result = publish::publish(store, ctx, input, &blob);
        blob.discard();
        return result.map(Reply::from);
    }
    if let Some(blob) = payload {
        blob.discard();
    }
    if op == "GetPackageVersionAsset" {
        return publish::get_asset(store, ctx, input);
    }
    let handler = domains::handler(op)
        .or_else(|| repositories::handler(op))
        .or_else(|| packages::handler(op))
        .or_else(|| versions::handler(op))
        .or_else(|| policies::handler(op))
        .or_else(|| groups::handler(op))
        .or_else(|| tags::handler(op));
    match handler {
        Some(f) => f(store, ctx, input).map(Reply::from),
        None => Err(ApiError::validation_reason(
            crate::error::Reason::UnknownOperation,
            format!("Unknown operation {op}"),
        )),
    }
}

type Handler = fn(&Store, &Ctx, &Value) -> ApiResult<Value>;

// ---- input access -------------------------------------------------------

pub(crate) fn opt_str<'a>(input: &'a Value, name: &str) -> Option<&'a str> {
    input.get(name).and_then(Value::as_str)
}

pub(crate) fn req_str<'a>(input: &'a Value, name: &str) -> ApiResult<&'a str> {
    opt_str(input, name).ok_or_else(|| {
        ApiError::validation(format!(
            "1 validation error detected: Value null at '{name}' failed to satisfy constraint: Member must not be null"
        ))
    })
}

pub(crate) fn opt_bool(input: &Value, name: &str) -> bool {
    input.get(name).and_then(Value::as_bool).unwrap_or(false)
}

/// `maxResults`, defaulting to the service's page size.
pub(crate) fn page_size(input: &Value, default: usize) -> usize {
    input
        .get("maxResults")
        .and_then(Value::as_u64)
        .map(|n| n.clamp(1, 1000) as usize)
        .unwrap_or(default)
}

pub(crate) fn obj(pairs: impl IntoIterator<Item = (&'static str, Value)>) -> Value {
    let map: Map<String, Value> = pairs
        .into_iter()
        .filter(|(_, v)| !v.is_null())
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
    Value::Object(map)
}

/// Timestamps travel as epoch seconds (JSON numbers).
pub(crate) fn time(t: f64) -> Value {
    serde_json::Number::from_f64((t * 1000.0).round() / 1000.0).map_or(Value::Null, Value::Number)
}

pub(crate) fn opt_string(s: Option<String>) -> Value {
    s.map_or(Value::Null, Value::String)
}

// ---- resource resolution -------------------------------------------------

#[derive(Debug, Clone)]
pub(crate) struct DomainRef {
    pub owner: String,
    pub name: String,
}

#[derive(Debug, Clone)]
pub(crate) struct RepoRef {
    pub id: i64,
    pub domain: DomainRef,
    pub name: String,
}

#[derive(Debug, Clone)]
pub(crate) struct PackageRef {
    pub id: i64,
    pub format: String,
    /// Empty when the format has no namespace.
    pub namespace: String,
    pub name: String,
}

pub(crate) fn domain_arn(ctx: &Ctx, d: &DomainRef) -> String {
    format!(
        "arn:aws:codeartifact:{}:{}:domain/{}",
        ctx.region, d.owner, d.name
    )
}

pub(crate) fn repo_arn(ctx: &Ctx, r: &RepoRef) -> String {
    format!(
        "arn:aws:codeartifact:{}:{}:repository/{}/{}",
        ctx.region, r.domain.owner, r.domain.name, r.name
    )
}

/// Looks up `domain`/`domainOwner` (owner defaults to the caller).
pub(crate) fn resolve_domain(
    tx: &Transaction<'_>,
    ctx: &Ctx,
    input: &Value,
) -> ApiResult<DomainRef> {
    let name = req_str(input, "domain")?;
    let owner = opt_str(input, "domainOwner").unwrap_or(&ctx.account);
    let exists: bool = tx
        .prepare_cached("SELECT EXISTS(SELECT 1 FROM domains WHERE owner = ?1 AND name = ?2)")?
        .query_row([owner, name], |r| r.get(0))?;
    if !exists {
        return Err(ApiError::not_found(
            Resource::Domain,
            name,
            format!("Domain not found. Domain '{name}' not found in account '{owner}'."),
        ));
    }
    let d = DomainRef {
        owner: owner.to_owned(),
        name: name.to_owned(),
    };
    // inferred: no cross-account policy evaluation; another account's domain is refused.
    if owner != ctx.account {
        return Err(ApiError::access_denied(format!(
            "User: arn:aws:iam::{}:root is not authorized to perform: codeartifact:{} on resource: {}",
            ctx.account,
            ctx.operation,
            domain_arn(ctx, &d)
        )));
    }
    Ok(d)
}

pub(crate) fn find_repo(
    tx: &Transaction<'_>,
    d: &DomainRef,
    name: &str,
) -> ApiResult<Option<RepoRef>> {
    let id: Option<i64> = tx
        .prepare_cached(
            "SELECT id FROM repositories WHERE domain_owner = ?1 AND domain = ?2 AND name = ?3",
        )?
        .query_row([&d.owner, &d.name, name], |r| r.get(0))
        .optional()?;
    Ok(id.map(|id| RepoRef {
        id,
        domain: d.clone(),
        name: name.to_owned(),
    }))
}

pub(crate) fn repo_not_found(d: &DomainRef, name: &str) -> ApiError {
    ApiError::not_found(
        Resource::Repository,
        name,
        format!(
            "Repository not found. Repository '{name}' not found in domain '{}'.",
            d.name
        ),
    )
}

/// Domain, then the repository named by input member `member`.
pub(crate) fn resolve_repo_member(
    tx: &Transaction<'_>,
    ctx: &Ctx,
    input: &Value,
    member: &str,
) -> ApiResult<RepoRef> {
    let d = resolve_domain(tx, ctx, input)?;
    let name = req_str(input, member)?;
    find_repo(tx, &d, name)?.ok_or_else(|| repo_not_found(&d, name))
}

pub(crate) fn resolve_repo(tx: &Transaction<'_>, ctx: &Ctx, input: &Value) -> ApiResult<RepoRef> {
    resolve_repo_member(tx, ctx, input, "repository")
}

/// Formats whose packages must have a namespace, and those that cannot.
pub(crate) fn check_namespace(format: &str, namespace: Option<&str>) -> ApiResult<String> {
    let required = matches!(format, "maven" | "swift" | "generic");
    let allowed = required || format == "npm";
    match namespace {
        Some(ns) if !allowed => Err(ApiError::validation(format!(
            "Namespace '{ns}' is not allowed for package format '{format}'."
        ))),
        None if required => Err(ApiError::validation(format!(
            "A namespace is required for package format '{format}'."
        ))),
        Some(ns) => Ok(ns.to_owned()),
        None => Ok(String::new()),
    }
}

/// The `(format, namespace, package)` coordinates of the input.
pub(crate) fn coordinates(input: &Value) -> ApiResult<(String, String, String)> {
    let format = req_str(input, "format")?.to_owned();
    let namespace = check_namespace(&format, opt_str(input, "namespace"))?;
    let name = req_str(input, "package")?.to_owned();
    Ok((format, namespace, name))
}

pub(crate) fn find_package(
    tx: &Transaction<'_>,
    repo: &RepoRef,
    format: &str,
    namespace: &str,
    name: &str,
) -> ApiResult<Option<PackageRef>> {
    let id: Option<i64> = tx
        .prepare_cached(
            "SELECT id FROM packages WHERE repo_id = ?1 AND format = ?2 AND namespace = ?3 AND name = ?4",
        )?
        .query_row(rusqlite::params![repo.id, format, namespace, name], |r| r.get(0))
        .optional()?;
    Ok(id.map(|id| PackageRef {
        id,
        format: format.to_owned(),
        namespace: namespace.to_owned(),
        name: name.to_owned(),
    }))
}

pub(crate) fn package_not_found(repo: &RepoRef, format: &str, name: &str) -> ApiError {
    ApiError::not_found(
        Resource::Package,
        name,
        format!(
            "The {format} package '{name}' does not exist in repository '{}'.",
            repo.name
        ),
    )
}

/// Repository then package, both required to exist.
pub(crate) fn resolve_package(
    tx: &Transaction<'_>,
    ctx: &Ctx,
    input: &Value,
) -> ApiResult<(RepoRef, PackageRef)> {
    let (format, namespace, name) = coordinates(input)?;
    let repo = resolve_repo(tx, ctx, input)?;
    let pkg = find_package(tx, &repo, &format, &namespace, &name)?
        .ok_or_else(|| package_not_found(&repo, &format, &name))?;
    Ok((repo, pkg))
}

/// `format`, `namespace` (when any) and `package`, as outputs repeat them.
pub(crate) fn package_fields(
    pkg: &PackageRef,
    name_key: &'static str,
) -> Vec<(&'static str, Value)> {
    vec![
        ("format", Value::String(pkg.format.clone())),
        ("namespace", ns_value(&pkg.namespace)),
        (name_key, Value::String(pkg.name.clone())),
    ]
}

pub(crate) fn ns_value(ns: &str) -> Value {
    if ns.is_empty() {
        Value::Null
    } else {
        Value::String(ns.to_owned())
    }
}

/// A new opaque revision: base64 of 32 bytes, like the service's.
pub(crate) fn new_revision(seed: &str) -> String {
    use base64::Engine;
    use sha2::{Digest, Sha256};
    use std::sync::atomic::{AtomicU64, Ordering};
    static SEQ: AtomicU64 = AtomicU64::new(0);
    let mut h = Sha256::new();
    h.update(seed.as_bytes());
    h.update(SEQ.fetch_add(1, Ordering::Relaxed).to_le_bytes());
    h.update(format!("{:?}{}", std::time::SystemTime::now(), std::process::id()).as_bytes());
    base64::engine::general_purpose::STANDARD.encode(h.finalize())
}

#[cfg(test)]
pub(crate) mod testing;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_lifecycle;
