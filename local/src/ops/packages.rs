//! Packages and their origin configuration.

use rusqlite::Transaction;
use serde_json::{Value, json};

use super::{
    Ctx, Handler, PackageRef, RepoRef, coordinates, find_package, ns_value, obj, opt_str,
    page_size, resolve_package, resolve_repo,
};
use crate::error::{ApiError, ApiResult};
use crate::store::Store;

pub(super) fn handler(op: &str) -> Option<Handler> {
    Some(match op {
        "ListPackages" => list,
        "DescribePackage" => describe,
        "DeletePackage" => delete,
        "PutPackageOriginConfiguration" => put_origin,
        _ => return super::reads::handler(op),
    })
}

fn origin(tx: &Transaction<'_>, pkg: &PackageRef) -> ApiResult<Value> {
    let (publish, upstream): (String, String) = tx.query_row(
        "SELECT origin_publish, origin_upstream FROM packages WHERE id = ?1",
        [pkg.id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(json!({ "restrictions": { "publish": publish, "upstream": upstream } }))
}

fn summary(tx: &Transaction<'_>, pkg: &PackageRef) -> ApiResult<Value> {
    let mut fields = super::package_fields(pkg, "package");
    fields.push(("originConfiguration", origin(tx, pkg)?));
    Ok(obj(fields))
}

/// The package, created with the origin defaults of a first published
/// version (publish ALLOW, upstream BLOCK) when absent.
pub(super) fn ensure_package(
    tx: &Transaction<'_>,
    repo: &RepoRef,
    format: &str,
    namespace: &str,
    name: &str,
) -> ApiResult<PackageRef> {
    if let Some(p) = find_package(tx, repo, format, namespace, name)? {
        return Ok(p);
    }
    tx.prepare_cached(
        "INSERT INTO packages (repo_id, format, namespace, name, origin_publish, origin_upstream)
         VALUES (?1, ?2, ?3, ?4, 'ALLOW', 'BLOCK')",
    )?
    .execute(rusqlite::params![repo.id, format, namespace, name])?;
    find_package(tx, repo, format, namespace, name)?
        .ok_or_else(|| ApiError::internal("package vanished"))
}

fn list(store: &Store, ctx: &Ctx, input: &Value) -> ApiResult<Value> {
    let limit = page_size(input, 50);
    let format = opt_str(input, "format").unwrap_or("");
    let ns_prefix = opt_str(input, "namespace").unwrap_or("");
    let prefix = opt_str(input, "packagePrefix").unwrap_or("");
    let publish = opt_str(input, "publish").unwrap_or("");
    let upstream = opt_str(input, "upstream").unwrap_or("");
    store.read(|tx| {
        let repo = resolve_repo(tx, ctx, input)?;
        let scope = format!(
            "packages:{}:{format}:{ns_prefix}:{prefix}:{publish}:{upstream}",
            repo.id
        );
        // Cursor: the last row's (format, namespace, name); the first page
        // starts below every row, since formats are never empty. A row-value
        // comparison keeps the unique index's range scan.
        let after = super::domains::cursor(store, &scope, input)?;
        let mut parts = after.splitn(3, '\u{1}');
        let (af, ans, aname) = (
            parts.next().unwrap_or(""),
            parts.next().unwrap_or(""),
            parts.next().unwrap_or(""),
        );
        let mut stmt = tx.prepare_cached(
            "SELECT id, format, namespace, name FROM packages WHERE repo_id = ?1
             AND (?2 = '' OR format = ?2) AND substr(namespace, 1, length(?3)) = ?3
             AND substr(name, 1, length(?4)) = ?4 AND (?5 = '' OR origin_publish = ?5)
             AND (?6 = '' OR origin_upstream = ?6)
             AND (format, namespace, name) > (?7, ?8, ?9)
             ORDER BY format, namespace, name LIMIT ?10",
        )?;
        let pkgs = stmt
            .query_map(
                rusqlite::params![
                    repo.id,
                    format,
                    ns_prefix,
                    prefix,
                    publish,
                    upstream,
                    af,
                    ans,
                    aname,
                    limit as i64 + 1
                ],
                |r| {
                    Ok(PackageRef {
                        id: r.get(0)?,
                        format: r.get(1)?,
                        namespace: r.get(2)?,
                        name: r.get(3)?,
                    })
                },
            )?
            .collect::<Result<Vec<_>, _>>()?;
        let items = pkgs
            .iter()
            .map(|p| summary(tx, p))
            .collect::<ApiResult<Vec<_>>>()?;
        Ok(super::domains::paged(
            "packages",
            items,
            limit,
            store,
            &scope,
            |v| {
                Some(format!(
                    "{}\u{1}{}\u{1}{}",
                    v["format"].as_str()?,
                    v.get("namespace").and_then(Value::as_str).unwrap_or(""),
                    v["package"].as_str()?
                ))
            },
        ))
    })
}

fn describe(store: &Store, ctx: &Ctx, input: &Value) -> ApiResult<Value> {
    store.read(|tx| {
        let (_, pkg) = resolve_package(tx, ctx, input)?;
        Ok(json!({ "package": obj([
            ("format", json!(pkg.format)),
            ("namespace", ns_value(&pkg.namespace)),
            ("name", json!(pkg.name)),
            ("originConfiguration", origin(tx, &pkg)?),
        ]) }))
    })
}

fn delete(store: &Store, ctx: &Ctx, input: &Value) -> ApiResult<Value> {
    store.write(|tx, effects| {
        let (_, pkg) = resolve_package(tx, ctx, input)?;
        let deleted = summary(tx, &pkg)?;
        super::repositories::collect_orphans(tx, effects, "p.id = ?1", pkg.id)?;
        tx.execute("DELETE FROM packages WHERE id = ?1", [pkg.id])?;
        Ok(json!({ "deletedPackage": deleted }))
    })
}

fn put_origin(store: &Store, ctx: &Ctx, input: &Value) -> ApiResult<Value> {
    let restrictions = input.get("restrictions").cloned().unwrap_or(Value::Null);
    let publish = super::req_str(&restrictions, "publish")
        .map_err(|_| ApiError::validation("restrictions.publish is required"))?;
    let upstream = super::req_str(&restrictions, "upstream")
        .map_err(|_| ApiError::validation("restrictions.upstream is required"))?;
    let (format, namespace, name) = coordinates(input)?;
    store.write(|tx, _| {
        let repo = resolve_repo(tx, ctx, input)?;
        let pkg = ensure_package(tx, &repo, &format, &namespace, &name)?;
        tx.execute(
            "UPDATE packages SET origin_publish = ?1, origin_upstream = ?2 WHERE id = ?3",
            rusqlite::params![publish, upstream, pkg.id],
        )?;
        Ok(json!({ "originConfiguration": origin(tx, &pkg)? }))
    })
}
