//! Repositories: upstreams and external connections are stored as given and
//! returned as the service returns them.

use rusqlite::Transaction;
use serde_json::{Value, json};

use super::{
    Ctx, DomainRef, Handler, RepoRef, find_repo, obj, opt_str, page_size, repo_arn, req_str,
    resolve_domain, resolve_repo, time,
};
use crate::error::{ApiError, ApiResult, Resource};
use crate::store::{Effects, Store};

const MAX_REPOSITORIES: i64 = 1000;
const MAX_UPSTREAMS: usize = 10;

pub(super) fn handler(op: &str) -> Option<Handler> {
    Some(match op {
        "CreateRepository" => create,
        "DescribeRepository" => describe,
        "UpdateRepository" => update,
        "ListRepositories" => list_all,
        "ListRepositoriesInDomain" => list_in_domain,
        "DeleteRepository" => delete,
        "AssociateExternalConnection" => associate,
        "DisassociateExternalConnection" => disassociate,
        _ => return None,
    })
}

/// The package format each public external connection serves.
fn external_format(name: &str) -> Option<&'static str> {
    Some(match name {
        "public:npmjs" => "npm",
        "public:pypi" => "pypi",
        "public:nuget-org" => "nuget",
        "public:crates-io" => "cargo",
        "public:ruby-gems-org" => "ruby",
        "public:maven-central"
        | "public:maven-googleandroid"
        | "public:maven-gradleplugins"
        | "public:maven-commonsware"
        | "public:maven-clojars" => "maven",
        _ => return None,
    })
}

/// Checks `upstreams` (each in the same domain, at most ten, not itself) and
/// returns their names in order.
fn upstream_names(
    tx: &Transaction<'_>,
    d: &DomainRef,
    own: &str,
    input: &Value,
) -> ApiResult<Vec<String>> {
    let list = input
        .get("upstreams")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if list.len() > MAX_UPSTREAMS {
        return Err(ApiError::validation(format!(
            "A repository can have at most {MAX_UPSTREAMS} upstream repositories"
        )));
    }
    let mut names = Vec::new();
    for up in &list {
        let name = req_str(up, "repositoryName")?;
        if name == own {
            return Err(ApiError::validation(format!(
                "Repository '{own}' cannot be its own upstream"
            )));
        }
        if find_repo(tx, d, name)?.is_none() {
            return Err(super::repo_not_found(d, name));
        }
        if !names.iter().any(|n| n == name) {
            names.push(name.to_owned());
        }
    }
    Ok(names)
}

pub(super) fn description(tx: &Transaction<'_>, ctx: &Ctx, r: &RepoRef) -> ApiResult<Value> {
    let (admin, desc, created, ups, ext): (String, Option<String>, f64, String, String) = tx.query_row(
        "SELECT admin_account, description, created, upstreams, external FROM repositories WHERE id = ?1",
        [r.id],
        |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?)),
    )?;
    let ups: Vec<String> = serde_json::from_str(&ups).unwrap_or_default();
    let ext: Vec<String> = serde_json::from_str(&ext).unwrap_or_default();
    let upstreams: Vec<Value> = ups.iter().map(|n| json!({ "repositoryName": n })).collect();
    let external: Vec<Value> = ext
        .iter()
        .map(|n| {
            json!({ "externalConnectionName": n, "packageFormat": external_format(n).unwrap_or("generic"), "status": "Available" })
        })
        .collect();
    Ok(obj([
        ("name", json!(r.name)),
        ("administratorAccount", json!(admin)),
        ("domainName", json!(r.domain.name)),
        ("domainOwner", json!(r.domain.owner)),
        ("arn", json!(repo_arn(ctx, r))),
        ("description", super::opt_string(desc)),
        ("upstreams", Value::Array(upstreams)),
        ("externalConnections", Value::Array(external)),
        ("createdTime", time(created)),
    ]))
}

fn create(store: &Store, ctx: &Ctx, input: &Value) -> ApiResult<Value> {
    store.write(|tx, _| {
        let d = resolve_domain(tx, ctx, input)?;
        let name = req_str(input, "repository")?;
        if find_repo(tx, &d, name)?.is_some() {
            return Err(ApiError::conflict(
                Resource::Repository,
                name,
                format!("Repository '{name}' already exists in domain '{}'", d.name),
            ));
        }
        let count: i64 = tx.query_row(
            "SELECT COUNT(*) FROM repositories WHERE domain_owner = ?1 AND domain = ?2",
            [&d.owner, &d.name],
            |r| r.get(0),
        )?;
        if count >= MAX_REPOSITORIES {
            return Err(ApiError::quota(Resource::Repository, name, "Maximum number of repositories reached"));
        }
        let ups = upstream_names(tx, &d, name, input)?;
        tx.execute(
            "INSERT INTO repositories (domain_owner, domain, name, admin_account, description, created, upstreams)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            rusqlite::params![d.owner, d.name, name, ctx.account, opt_str(input, "description"), ctx.now,
                serde_json::to_string(&ups).unwrap_or_else(|_| "[]".into())],
        )?;
        let r = find_repo(tx, &d, name)?.ok_or_else(|| ApiError::internal("repository vanished"))?;
        super::tags::put_tags(tx, &repo_arn(ctx, &r), input.get("tags"))?;
        Ok(json!({ "repository": description(tx, ctx, &r)? }))
    })
}

fn describe(store: &Store, ctx: &Ctx, input: &Value) -> ApiResult<Value> {
    store.read(|tx| {
        let r = resolve_repo(tx, ctx, input)?;
        Ok(json!({ "repository": description(tx, ctx, &r)? }))
    })
}

fn update(store: &Store, ctx: &Ctx, input: &Value) -> ApiResult<Value> {
    store.write(|tx, _| {
        let r = resolve_repo(tx, ctx, input)?;
        if let Some(desc) = opt_str(input, "description") {
            tx.execute(
                "UPDATE repositories SET description = ?1 WHERE id = ?2",
                rusqlite::params![desc, r.id],
            )?;
        }
        if input.get("upstreams").is_some() {
            let ups = upstream_names(tx, &r.domain, &r.name, input)?;
            tx.execute(
                "UPDATE repositories SET upstreams = ?1 WHERE id = ?2",
                rusqlite::params![
                    serde_json::to_string(&ups).unwrap_or_else(|_| "[]".into()),
                    r.id
                ],
            )?;
        }
        Ok(json!({ "repository": description(tx, ctx, &r)? }))
    })
}

fn summary(ctx: &Ctx, row: &rusqlite::Row<'_>) -> rusqlite::Result<Value> {
    let r = RepoRef {
        id: row.get(0)?,
        domain: DomainRef {
            owner: row.get(1)?,
            name: row.get(2)?,
        },
        name: row.get(3)?,
    };
    Ok(obj([
        ("name", json!(r.name)),
        ("administratorAccount", json!(row.get::<_, String>(4)?)),
        ("domainName", json!(r.domain.name)),
        ("domainOwner", json!(r.domain.owner)),
        ("arn", json!(repo_arn(ctx, &r))),
        ("description", super::opt_string(row.get(5)?)),
        ("createdTime", time(row.get(6)?)),
    ]))
}

const SUMMARY_COLUMNS: &str = "id, domain_owner, domain, name, admin_account, description, created";

fn list_all(store: &Store, ctx: &Ctx, input: &Value) -> ApiResult<Value> {
    let limit = page_size(input, 50);
    let prefix = opt_str(input, "repositoryPrefix").unwrap_or("");
    let scope = format!("repos:{}:{prefix}", ctx.account);
    let after = super::domains::cursor(store, &scope, input)?;
    // Cursor: the last row's (domain, name); the first page starts below all.
    let (after_domain, after_name) = after.split_once('\u{1}').unwrap_or(("", ""));
    store.read(|tx| {
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM repositories WHERE domain_owner = ?1
             AND substr(name, 1, length(?2)) = ?2 AND (domain, name) > (?3, ?4)
             ORDER BY domain, name LIMIT ?5"
        );
        let mut stmt = tx.prepare_cached(&sql)?;
        let items = stmt
            .query_map(
                rusqlite::params![
                    ctx.account,
                    prefix,
                    after_domain,
                    after_name,
                    limit as i64 + 1
                ],
                |row| summary(ctx, row),
            )?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(super::domains::paged(
            "repositories",
            items,
            limit,
            store,
            &scope,
            |v| {
                Some(format!(
                    "{}\u{1}{}",
                    v["domainName"].as_str()?,
                    v["name"].as_str()?
                ))
            },
        ))
    })
}

fn list_in_domain(store: &Store, ctx: &Ctx, input: &Value) -> ApiResult<Value> {
    let limit = page_size(input, 50);
    let prefix = opt_str(input, "repositoryPrefix").unwrap_or("");
    let admin = opt_str(input, "administratorAccount").unwrap_or("");
    store.read(|tx| {
        let d = resolve_domain(tx, ctx, input)?;
        let scope = format!("repos-in:{}:{}:{prefix}:{admin}", d.owner, d.name);
        let after = super::domains::cursor(store, &scope, input)?;
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM repositories WHERE domain_owner = ?1 AND domain = ?2
             AND substr(name, 1, length(?3)) = ?3 AND (?4 = '' OR admin_account = ?4) AND name > ?5
             ORDER BY name LIMIT ?6"
        );
        let mut stmt = tx.prepare_cached(&sql)?;
        let items = stmt
            .query_map(
                rusqlite::params![d.owner, d.name, prefix, admin, after, limit as i64 + 1],
                |row| summary(ctx, row),
            )?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(super::domains::paged(
            "repositories",
            items,
            limit,
            store,
            &scope,
            |v| v["name"].as_str().map(str::to_owned),
        ))
    })
}

/// Collects the blobs of every asset under `where_sql` (bound to `id`) as
/// deletion candidates, before the rows cascade away.
pub(super) fn collect_orphans(
    tx: &Transaction<'_>,
    effects: &mut Effects,
    where_sql: &str,
    id: i64,
) -> ApiResult<()> {
    let sql = format!(
        "SELECT DISTINCT a.sha256 FROM assets a JOIN versions v ON v.id = a.version_id
         JOIN packages p ON p.id = v.package_id WHERE {where_sql}"
    );
    let mut stmt = tx.prepare_cached(&sql)?;
    for sha in stmt.query_map([id], |r| r.get::<_, String>(0))? {
        effects.orphan_blobs.push(sha?);
    }
    Ok(())
}

fn delete(store: &Store, ctx: &Ctx, input: &Value) -> ApiResult<Value> {
    store.write(|tx, effects| {
        let r = resolve_repo(tx, ctx, input)?;
        let desc = description(tx, ctx, &r)?;
        collect_orphans(tx, effects, "p.repo_id = ?1", r.id)?;
        tx.execute("DELETE FROM repositories WHERE id = ?1", [r.id])?;
        super::tags::drop_tags(tx, &repo_arn(ctx, &r))?;
        Ok(json!({ "repository": desc }))
    })
}

fn external_list(tx: &Transaction<'_>, r: &RepoRef) -> ApiResult<Vec<String>> {
    let raw: String = tx.query_row(
        "SELECT external FROM repositories WHERE id = ?1",
        [r.id],
        |row| row.get(0),
    )?;
    Ok(serde_json::from_str(&raw).unwrap_or_default())
}

fn set_external(tx: &Transaction<'_>, r: &RepoRef, list: &[String]) -> ApiResult<()> {
    tx.execute(
        "UPDATE repositories SET external = ?1 WHERE id = ?2",
        rusqlite::params![
            serde_json::to_string(list).unwrap_or_else(|_| "[]".into()),
            r.id
        ],
    )?;
    Ok(())
}

fn associate(store: &Store, ctx: &Ctx, input: &Value) -> ApiResult<Value> {
    let conn = req_str(input, "externalConnection")?;
    if external_format(conn).is_none() {
        return Err(ApiError::validation(format!(
            "Unknown external connection '{conn}'"
        )));
    }
    store.write(|tx, _| {
        let r = resolve_repo(tx, ctx, input)?;
        let mut list = external_list(tx, &r)?;
        if !list.is_empty() {
            // The service allows one external connection per repository.
            return Err(ApiError::conflict(
                Resource::Repository,
                &r.name,
                format!("Repository '{}' already has an external connection", r.name),
            ));
        }
        list.push(conn.to_owned());
        set_external(tx, &r, &list)?;
        Ok(json!({ "repository": description(tx, ctx, &r)? }))
    })
}

fn disassociate(store: &Store, ctx: &Ctx, input: &Value) -> ApiResult<Value> {
    let conn = req_str(input, "externalConnection")?;
    store.write(|tx, _| {
        let r = resolve_repo(tx, ctx, input)?;
        let mut list = external_list(tx, &r)?;
        let before = list.len();
        list.retain(|c| c != conn);
        if list.len() == before {
            return Err(ApiError::not_found(
                Resource::Repository,
                conn,
                format!(
                    "External connection '{conn}' is not associated with repository '{}'",
                    r.name
                ),
            ));
        }
        set_external(tx, &r, &list)?;
        Ok(json!({ "repository": description(tx, ctx, &r)? }))
    })
}
