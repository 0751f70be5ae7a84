//! Package groups: stored with their origin configuration and allowed
//! repositories; parents and package association follow pattern
//! specificity (`/*` ⊃ `/npm/*` ⊃ `/npm/scope/*` ⊃ `/npm/scope/name*` ⊃
//! `/npm/scope/name$`). Every domain has the root group `/*`.

use rusqlite::{OptionalExtension, Transaction};
use serde_json::{Map, Value, json};

use super::{Ctx, DomainRef, Handler, obj, opt_str, page_size, req_str, resolve_domain, time};
use crate::error::{ApiError, ApiResult, Resource};
use crate::store::{Store, token};

use super::group_patterns::{best_group, encode_pattern, parent_of, parse};

const TYPES: [&str; 3] = ["EXTERNAL_UPSTREAM", "INTERNAL_UPSTREAM", "PUBLISH"];
pub(super) const ROOT: &str = "/*";

pub(super) fn handler(op: &str) -> Option<Handler> {
    Some(match op {
        "CreatePackageGroup" => create,
        "DescribePackageGroup" => describe,
        "UpdatePackageGroup" => update,
        "DeletePackageGroup" => delete,
        "ListPackageGroups" => list,
        "ListSubPackageGroups" => list_sub,
        "GetAssociatedPackageGroup" => associated_group,
        "ListAssociatedPackages" => associated_packages,
        "ListAllowedRepositoriesForGroup" => allowed_repositories,
        "UpdatePackageGroupOriginConfiguration" => update_origin,
        _ => return None,
    })
}

fn group_arn(ctx: &Ctx, d: &DomainRef, pattern: &str) -> String {
    format!(
        "arn:aws:codeartifact:{}:{}:package-group/{}/{}",
        ctx.region,
        d.owner,
        d.name,
        encode_pattern(pattern)
    )
}

fn all_patterns(tx: &Transaction<'_>, d: &DomainRef) -> ApiResult<Vec<String>> {
    let mut stmt = tx.prepare_cached(
        "SELECT pattern FROM package_groups WHERE domain_owner = ?1 AND domain = ?2",
    )?;
    let rows = stmt.query_map([&d.owner, &d.name], |r| r.get(0))?;
    Ok(rows.collect::<Result<Vec<String>, _>>()?)
}

pub(super) fn ensure_root(tx: &Transaction<'_>, d: &DomainRef, now: f64) -> ApiResult<()> {
    tx.execute(
        "INSERT OR IGNORE INTO package_groups (domain_owner, domain, pattern, created, restrictions)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        rusqlite::params![d.owner, d.name, ROOT, now, json!({"EXTERNAL_UPSTREAM":"ALLOW","INTERNAL_UPSTREAM":"ALLOW","PUBLISH":"ALLOW"}).to_string()],
    )?;
    Ok(())
}

struct GroupRow {
    pattern: String,
    created: f64,
    description: Option<String>,
    contact: Option<String>,
    restrictions: Map<String, Value>,
    allowed: Map<String, Value>,
}

fn load(tx: &Transaction<'_>, d: &DomainRef, pattern: &str) -> ApiResult<Option<GroupRow>> {
    Ok(tx
        .prepare_cached(
            "SELECT pattern, created, description, contact_info, restrictions, allowed FROM package_groups
             WHERE domain_owner = ?1 AND domain = ?2 AND pattern = ?3",
        )?
        .query_row([&d.owner, &d.name, pattern], |r| {
            let parse_map = |s: String| serde_json::from_str::<Map<String, Value>>(&s).unwrap_or_default();
            Ok(GroupRow {
                pattern: r.get(0)?,
                created: r.get(1)?,
                description: r.get(2)?,
                contact: r.get(3)?,
                restrictions: parse_map(r.get(4)?),
                allowed: parse_map(r.get(5)?),
            })
        })
        .optional()?)
}

fn require(tx: &Transaction<'_>, d: &DomainRef, pattern: &str) -> ApiResult<GroupRow> {
    load(tx, d, pattern)?.ok_or_else(|| {
        ApiError::not_found(
            Resource::Package,
            pattern,
            format!("Package group '{pattern}' not found in domain '{}'", d.name),
        )
    })
}

fn reference(ctx: &Ctx, d: &DomainRef, pattern: &str) -> Value {
    json!({ "arn": group_arn(ctx, d, pattern), "pattern": pattern })
}

/// Mode of `ty` for the group, following INHERIT up the parents.
fn effective(
    tx: &Transaction<'_>,
    d: &DomainRef,
    patterns: &[String],
    g: &GroupRow,
    ty: &str,
) -> ApiResult<(String, Option<String>)> {
    let mut current = g.pattern.clone();
    let mut restrictions = g.restrictions.clone();
    for _ in 0..16 {
        match restrictions.get(ty).and_then(Value::as_str) {
            Some(mode) if mode != "INHERIT" => {
                let from = (current != g.pattern).then_some(current);
                return Ok((mode.to_owned(), from));
            }
            _ => {}
        }
        let Some(parent) = parent_of(patterns, &current) else {
            break;
        };
        restrictions = require(tx, d, &parent)?.restrictions;
        current = parent;
    }
    Ok(("ALLOW".to_owned(), None))
}

fn describe_row(tx: &Transaction<'_>, ctx: &Ctx, d: &DomainRef, g: &GroupRow) -> ApiResult<Value> {
    let patterns = all_patterns(tx, d)?;
    let mut restrictions = Map::new();
    for ty in TYPES {
        let mode = g
            .restrictions
            .get(ty)
            .and_then(Value::as_str)
            .unwrap_or("INHERIT");
        let (eff, from) = effective(tx, d, &patterns, g, ty)?;
        let count = g
            .allowed
            .get(ty)
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        restrictions.insert(
            ty.to_owned(),
            obj([
                ("mode", json!(mode)),
                ("effectiveMode", json!(eff)),
                (
                    "inheritedFrom",
                    from.map_or(Value::Null, |p| reference(ctx, d, &p)),
                ),
                ("repositoriesCount", json!(count)),
            ]),
        );
    }
    let parent = parent_of(&patterns, &g.pattern).map_or(Value::Null, |p| reference(ctx, d, &p));
    Ok(obj([
        ("arn", json!(group_arn(ctx, d, &g.pattern))),
        ("pattern", json!(g.pattern)),
        ("domainName", json!(d.name)),
        ("domainOwner", json!(d.owner)),
        ("createdTime", time(g.created)),
        ("contactInfo", super::opt_string(g.contact.clone())),
        ("description", super::opt_string(g.description.clone())),
        (
            "originConfiguration",
            json!({ "restrictions": restrictions }),
        ),
        ("parent", parent),
    ]))
}

fn create(store: &Store, ctx: &Ctx, input: &Value) -> ApiResult<Value> {
    let pattern = req_str(input, "packageGroup")?;
    parse(pattern)?;
    store.write(|tx, _| {
        let d = resolve_domain(tx, ctx, input)?;
        ensure_root(tx, &d, ctx.now)?;
        if load(tx, &d, pattern)?.is_some() {
            return Err(ApiError::conflict(Resource::Package, pattern, format!("Package group '{pattern}' already exists")));
        }
        tx.execute(
            "INSERT INTO package_groups (domain_owner, domain, pattern, created, description, contact_info)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            rusqlite::params![d.owner, d.name, pattern, ctx.now, opt_str(input, "description"), opt_str(input, "contactInfo")],
        )?;
        super::tags::put_tags(tx, &group_arn(ctx, &d, pattern), input.get("tags"))?;
        let g = require(tx, &d, pattern)?;
        Ok(json!({ "packageGroup": describe_row(tx, ctx, &d, &g)? }))
    })
}

fn describe(store: &Store, ctx: &Ctx, input: &Value) -> ApiResult<Value> {
    let pattern = req_str(input, "packageGroup")?;
    store.write(|tx, _| {
        let d = resolve_domain(tx, ctx, input)?;
        ensure_root(tx, &d, ctx.now)?;
        let g = require(tx, &d, pattern)?;
        Ok(json!({ "packageGroup": describe_row(tx, ctx, &d, &g)? }))
    })
}

fn update(store: &Store, ctx: &Ctx, input: &Value) -> ApiResult<Value> {
    let pattern = req_str(input, "packageGroup")?;
    store.write(|tx, _| {
        let d = resolve_domain(tx, ctx, input)?;
        ensure_root(tx, &d, ctx.now)?;
        require(tx, &d, pattern)?;
        for (member, column) in [("description", "description"), ("contactInfo", "contact_info")] {
            if let Some(v) = opt_str(input, member) {
                let sql = format!("UPDATE package_groups SET {column} = ?1 WHERE domain_owner = ?2 AND domain = ?3 AND pattern = ?4");
                tx.execute(&sql, [v, &d.owner, &d.name, pattern])?;
            }
        }
        let g = require(tx, &d, pattern)?;
        Ok(json!({ "packageGroup": describe_row(tx, ctx, &d, &g)? }))
    })
}

fn delete(store: &Store, ctx: &Ctx, input: &Value) -> ApiResult<Value> {
    let pattern = req_str(input, "packageGroup")?;
    store.write(|tx, _| {
        let d = resolve_domain(tx, ctx, input)?;
        ensure_root(tx, &d, ctx.now)?;
        let g = require(tx, &d, pattern)?;
        if pattern == ROOT {
            return Err(ApiError::conflict(
                Resource::Package,
                pattern,
                "The root package group cannot be deleted",
            ));
        }
        let patterns = all_patterns(tx, &d)?;
        if patterns
            .iter()
            .any(|p| parent_of(&patterns, p).as_deref() == Some(pattern))
        {
            return Err(ApiError::conflict(
                Resource::Package,
                pattern,
                "A package group with sub-groups cannot be deleted",
            ));
        }
        let desc = describe_row(tx, ctx, &d, &g)?;
        tx.execute(
            "DELETE FROM package_groups WHERE domain_owner = ?1 AND domain = ?2 AND pattern = ?3",
            [&d.owner, &d.name, pattern],
        )?;
        super::tags::drop_tags(tx, &group_arn(ctx, &d, pattern))?;
        Ok(json!({ "packageGroup": desc }))
    })
}

/// Pages a sorted list of strings by offset-free keyset on the string itself.
fn page_of(
    store: &Store,
    input: &Value,
    scope: &str,
    mut items: Vec<String>,
) -> ApiResult<(Vec<String>, Value)> {
    items.sort();
    let after = match opt_str(input, "nextToken") {
        Some(t) => Some(token::decode(store.token_key(), scope, t)?),
        None => None,
    };
    let limit = page_size(input, 50);
    let mut rest: Vec<String> = items
        .into_iter()
        .filter(|i| after.as_ref().is_none_or(|a| i > a))
        .collect();
    let more = rest.len() > limit;
    rest.truncate(limit);
    let next = match rest.last() {
        Some(last) if more => json!(token::encode(store.token_key(), scope, last)),
        _ => Value::Null,
    };
    Ok((rest, next))
}

fn list_groups(store: &Store, ctx: &Ctx, input: &Value, parent: Option<&str>) -> ApiResult<Value> {
    store.write(|tx, _| {
        let d = resolve_domain(tx, ctx, input)?;
        ensure_root(tx, &d, ctx.now)?;
        let patterns = all_patterns(tx, &d)?;
        let prefix = opt_str(input, "prefix").unwrap_or("");
        if let Some(p) = parent {
            require(tx, &d, p)?;
        }
        let selected: Vec<String> = patterns
            .iter()
            .filter(|p| p.starts_with(prefix))
            .filter(|p| {
                parent.is_none_or(|parent| parent_of(&patterns, p).as_deref() == Some(parent))
            })
            .cloned()
            .collect();
        let scope = format!(
            "groups:{}:{}:{prefix}:{}",
            d.owner,
            d.name,
            parent.unwrap_or("")
        );
        let (page, next) = page_of(store, input, &scope, selected)?;
        let groups = page
            .iter()
            .map(|p| describe_row(tx, ctx, &d, &require(tx, &d, p)?))
            .collect::<ApiResult<Vec<_>>>()?;
        Ok(obj([
            ("packageGroups", Value::Array(groups)),
            ("nextToken", next),
        ]))
    })
}

fn list(store: &Store, ctx: &Ctx, input: &Value) -> ApiResult<Value> {
    list_groups(store, ctx, input, None)
}

fn list_sub(store: &Store, ctx: &Ctx, input: &Value) -> ApiResult<Value> {
    let parent = req_str(input, "packageGroup")?.to_owned();
    list_groups(store, ctx, input, Some(&parent))
}

fn associated_group(store: &Store, ctx: &Ctx, input: &Value) -> ApiResult<Value> {
    let (format, namespace, name) = super::coordinates(input)?;
    store.write(|tx, _| {
        let d = resolve_domain(tx, ctx, input)?;
        ensure_root(tx, &d, ctx.now)?;
        let best = best_group(&all_patterns(tx, &d)?, &format, &namespace, &name);
        let g = require(tx, &d, &best)?;
        Ok(json!({ "packageGroup": describe_row(tx, ctx, &d, &g)?, "associationType": "STRONG" }))
    })
}

fn associated_packages(store: &Store, ctx: &Ctx, input: &Value) -> ApiResult<Value> {
    let pattern = req_str(input, "packageGroup")?.to_owned();
    store.write(|tx, _| {
        let d = resolve_domain(tx, ctx, input)?;
        ensure_root(tx, &d, ctx.now)?;
        require(tx, &d, &pattern)?;
        let patterns = all_patterns(tx, &d)?;
        let mut stmt = tx.prepare_cached(
            "SELECT DISTINCT p.format, p.namespace, p.name FROM packages p JOIN repositories r ON r.id = p.repo_id
             WHERE r.domain_owner = ?1 AND r.domain = ?2",
        )?;
        let rows = stmt.query_map([&d.owner, &d.name], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?;
        let mut keys = Vec::new();
        for row in rows {
            let (f, ns, n) = row?;
            if best_group(&patterns, &f, &ns, &n) == pattern {
                keys.push(format!("{f}\u{1}{ns}\u{1}{n}"));
            }
        }
        let (page, next) = page_of(store, input, &format!("assoc:{}:{}:{pattern}", d.owner, d.name), keys)?;
        let packages: Vec<Value> = page
            .iter()
            .filter_map(|k| {
                let mut it = k.split('\u{1}');
                let (f, ns, n) = (it.next()?, it.next()?, it.next()?);
                Some(obj([("format", json!(f)), ("namespace", super::ns_value(ns)), ("package", json!(n)), ("associationType", json!("STRONG"))]))
            })
            .collect();
        Ok(obj([("packages", Value::Array(packages)), ("nextToken", next)]))
    })
}

fn allowed_repositories(store: &Store, ctx: &Ctx, input: &Value) -> ApiResult<Value> {
    let pattern = req_str(input, "packageGroup")?.to_owned();
    let ty = req_str(input, "originRestrictionType")?.to_owned();
    store.write(|tx, _| {
        let d = resolve_domain(tx, ctx, input)?;
        ensure_root(tx, &d, ctx.now)?;
        let g = require(tx, &d, &pattern)?;
        let names: Vec<String> = g
            .allowed
            .get(&ty)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect();
        let (page, next) = page_of(
            store,
            input,
            &format!("allowed:{}:{}:{pattern}:{ty}", d.owner, d.name),
            names,
        )?;
        Ok(obj([
            ("allowedRepositories", json!(page)),
            ("nextToken", next),
        ]))
    })
}

fn update_origin(store: &Store, ctx: &Ctx, input: &Value) -> ApiResult<Value> {
    let pattern = req_str(input, "packageGroup")?.to_owned();
    store.write(|tx, _| {
        let d = resolve_domain(tx, ctx, input)?;
        ensure_root(tx, &d, ctx.now)?;
        let mut g = require(tx, &d, &pattern)?;
        if let Some(r) = input.get("restrictions").and_then(Value::as_object) {
            for (ty, mode) in r {
                g.restrictions.insert(ty.clone(), mode.clone());
            }
        }
        let mut updates: Map<String, Value> = Map::new();
        for (member, kind) in [("addAllowedRepositories", "ADDED"), ("removeAllowedRepositories", "REMOVED")] {
            for entry in input.get(member).and_then(Value::as_array).into_iter().flatten() {
                let repo = req_str(entry, "repositoryName")?;
                let ty = req_str(entry, "originRestrictionType")?;
                if super::find_repo(tx, &d, repo)?.is_none() {
                    return Err(super::repo_not_found(&d, repo));
                }
                let list = g.allowed.entry(ty.to_owned()).or_insert_with(|| json!([]));
                let arr = list.as_array_mut().ok_or_else(|| ApiError::internal("corrupt allowed list"))?;
                arr.retain(|v| v.as_str() != Some(repo));
                if kind == "ADDED" {
                    arr.push(json!(repo));
                }
                let per_type = updates.entry(ty.to_owned()).or_insert_with(|| json!({}));
                if let Some(m) = per_type.as_object_mut() {
                    let names = m.entry(kind).or_insert_with(|| json!([]));
                    if let Some(a) = names.as_array_mut() {
                        a.push(json!(repo));
                    }
                }
            }
        }
        tx.execute(
            "UPDATE package_groups SET restrictions = ?1, allowed = ?2 WHERE domain_owner = ?3 AND domain = ?4 AND pattern = ?5",
            rusqlite::params![Value::Object(g.restrictions.clone()).to_string(), Value::Object(g.allowed.clone()).to_string(), d.owner, d.name, pattern],
        )?;
        let g = require(tx, &d, &pattern)?;
        Ok(json!({ "packageGroup": describe_row(tx, ctx, &d, &g)?, "allowedRepositoryUpdates": updates }))
    })
}
