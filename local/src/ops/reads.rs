//! Reading package versions: listings (keyset-paginated over the version
//! indexes), descriptions, assets, readme and dependencies.

use rusqlite::{OptionalExtension, Transaction};
use serde_json::{Value, json};

use super::{
    Ctx, Handler, PackageRef, RepoRef, obj, opt_str, page_size, req_str, resolve_package, time,
};
use crate::error::{ApiError, ApiResult, Resource};
use crate::store::{Store, token};

pub(super) fn handler(op: &str) -> Option<Handler> {
    Some(match op {
        "ListPackageVersions" => list_versions,
        "DescribePackageVersion" => describe_version,
        "ListPackageVersionAssets" => list_assets,
        "GetPackageVersionReadme" => readme,
        "ListPackageVersionDependencies" => dependencies,
        _ => return None,
    })
}

#[derive(Debug, Clone)]
pub(crate) struct VersionRow {
    pub id: i64,
    pub version: String,
    pub revision: String,
    pub status: String,
    pub published: f64,
    pub origin_type: String,
    pub origin_repo: Option<String>,
}

const VERSION_COLUMNS: &str = "id, version, revision, status, published, origin_type, origin_repo";

fn version_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<VersionRow> {
    Ok(VersionRow {
        id: r.get(0)?,
        version: r.get(1)?,
        revision: r.get(2)?,
        status: r.get(3)?,
        published: r.get(4)?,
        origin_type: r.get(5)?,
        origin_repo: r.get(6)?,
    })
}

pub(crate) fn find_version(
    tx: &Transaction<'_>,
    pkg: &PackageRef,
    version: &str,
) -> ApiResult<Option<VersionRow>> {
    let sql =
        format!("SELECT {VERSION_COLUMNS} FROM versions WHERE package_id = ?1 AND version = ?2");
    Ok(tx
        .prepare_cached(&sql)?
        .query_row(rusqlite::params![pkg.id, version], version_row)
        .optional()?)
}

pub(crate) fn version_not_found(pkg: &PackageRef, version: &str) -> ApiError {
    ApiError::not_found(
        Resource::PackageVersion,
        version,
        format!(
            "Package version '{version}' of {} package '{}' does not exist.",
            pkg.format, pkg.name
        ),
    )
}

/// The package and the `packageVersion` the input names.
fn resolve_version(
    tx: &Transaction<'_>,
    ctx: &Ctx,
    input: &Value,
) -> ApiResult<(RepoRef, PackageRef, VersionRow)> {
    let (repo, pkg) = resolve_package(tx, ctx, input)?;
    let version = req_str(input, "packageVersion")?;
    let row = find_version(tx, &pkg, version)?.ok_or_else(|| version_not_found(&pkg, version))?;
    Ok((repo, pkg, row))
}

pub(crate) fn origin(row: &VersionRow) -> Value {
    let entry = row
        .origin_repo
        .as_ref()
        .map_or(Value::Null, |r| json!({ "repositoryName": r }));
    obj([
        ("domainEntryPoint", entry),
        ("originType", json!(row.origin_type)),
    ])
}

/// Where a page starts and which index it walks.
struct Listing<'a> {
    status: &'a str,
    origin_type: &'a str,
    by_time: bool,
}

fn page_query(l: &Listing<'_>, first_page: bool) -> String {
    // Absent filters and the first page's missing cursor still reference
    // their parameters, but never a column: `(?2 = '' OR status = ?2)` or
    // `(?4 IS NULL OR version > ?5)` would stop SQLite from using the index
    // range, and deep pages would scan.
    let status = if l.status.is_empty() {
        "?2 = ''"
    } else {
        "status = ?2"
    };
    let origin = if l.origin_type.is_empty() {
        "?3 = ''"
    } else {
        "origin_type = ?3"
    };
    let filter = format!("package_id = ?1 AND {status} AND {origin}");
    let (cursor, order) = match (first_page, l.by_time) {
        (true, by_time) => (
            "?4 IS NULL AND ?5 = ''",
            if by_time {
                "published DESC, version DESC"
            } else {
                "version"
            },
        ),
        (false, true) => (
            "(published, version) < (?4, ?5)",
            "published DESC, version DESC",
        ),
        (false, false) => ("version > ?5 AND ?4 IS NOT NULL", "version"),
    };
    format!(
        "SELECT {VERSION_COLUMNS} FROM versions WHERE {filter} AND {cursor} ORDER BY {order} LIMIT ?6"
    )
}

fn list_versions(store: &Store, ctx: &Ctx, input: &Value) -> ApiResult<Value> {
    let limit = page_size(input, 50);
    let l = Listing {
        status: opt_str(input, "status").unwrap_or(""),
        origin_type: opt_str(input, "originType").unwrap_or(""),
        by_time: opt_str(input, "sortBy") == Some("PUBLISHED_TIME"),
    };
    store.read(|tx| {
        let (_, pkg) = resolve_package(tx, ctx, input)?;
        let scope = format!("versions:{}:{}:{}:{}", pkg.id, l.status, l.origin_type, l.by_time);
        // Cursor: "<published>\u{1}<version>" of the page's last row.
        let (after_time, after_version) = match opt_str(input, "nextToken") {
            Some(t) => {
                let cursor = token::decode(store.token_key(), &scope, t)?;
                let (time, version) = cursor.split_once('\u{1}').unwrap_or(("0", cursor.as_str()));
                (Some(time.parse::<f64>().unwrap_or(0.0)), version.to_owned())
            }
            None => (None, String::new()),
        };
        let mut stmt = tx.prepare_cached(&page_query(&l, after_time.is_none()))?;
        let mut rows = stmt
            .query_map(
                rusqlite::params![pkg.id, l.status, l.origin_type, after_time, after_version, limit as i64 + 1],
                version_row,
            )?
            .collect::<Result<Vec<_>, _>>()?;
        let more = rows.len() > limit;
        rows.truncate(limit);
        let next = match rows.last() {
            Some(last) if more => {
                json!(token::encode(store.token_key(), &scope, &format!("{}\u{1}{}", last.published, last.version)))
            }
            _ => Value::Null,
        };
        let versions: Vec<Value> = rows
            .iter()
            .map(|r| json!({ "version": r.version, "revision": r.revision, "status": r.status, "origin": origin(r) }))
            .collect();
        let mut fields = super::package_fields(&pkg, "package");
        fields.push(("defaultDisplayVersion", default_display(tx, &pkg)?));
        fields.push(("versions", Value::Array(versions)));
        fields.push(("nextToken", next));
        Ok(obj(fields))
    })
}

/// The latest published version (npm dist-tags are not modeled here).
fn default_display(tx: &Transaction<'_>, pkg: &PackageRef) -> ApiResult<Value> {
    let v: Option<String> = tx
        .prepare_cached(
            "SELECT version FROM versions WHERE package_id = ?1 AND status = 'Published'
             ORDER BY published DESC, version DESC LIMIT 1",
        )?
        .query_row([pkg.id], |r| r.get(0))
        .optional()?;
    Ok(v.map_or(Value::Null, Value::String))
}

fn describe_version(store: &Store, ctx: &Ctx, input: &Value) -> ApiResult<Value> {
    store.read(|tx| {
        let (_, pkg, row) = resolve_version(tx, ctx, input)?;
        Ok(json!({ "packageVersion": obj([
            ("format", json!(pkg.format)),
            ("namespace", super::ns_value(&pkg.namespace)),
            ("packageName", json!(pkg.name)),
            ("displayName", json!(pkg.name)),
            ("version", json!(row.version)),
            ("publishedTime", time(row.published)),
            ("licenses", json!([])),
            ("revision", json!(row.revision)),
            ("status", json!(row.status)),
            ("origin", origin(&row)),
        ]) }))
    })
}

/// `format`, `namespace`, `package`, `version`, `versionRevision`.
fn version_header(pkg: &PackageRef, row: &VersionRow) -> Vec<(&'static str, Value)> {
    let mut fields = super::package_fields(pkg, "package");
    fields.push(("version", json!(row.version)));
    fields.push(("versionRevision", json!(row.revision)));
    fields
}

pub(crate) fn asset_summary(r: &rusqlite::Row<'_>) -> rusqlite::Result<Value> {
    Ok(json!({
        "name": r.get::<_, String>(0)?,
        "size": r.get::<_, i64>(1)?,
        "hashes": {
            "SHA-256": r.get::<_, String>(2)?,
            "MD5": r.get::<_, String>(3)?,
            "SHA-1": r.get::<_, String>(4)?,
            "SHA-512": r.get::<_, String>(5)?,
        }
    }))
}

fn list_assets(store: &Store, ctx: &Ctx, input: &Value) -> ApiResult<Value> {
    let limit = page_size(input, 50);
    store.read(|tx| {
        let (_, pkg, row) = resolve_version(tx, ctx, input)?;
        let scope = format!("assets:{}", row.id);
        let after = super::domains::cursor(store, &scope, input)?;
        let mut stmt = tx.prepare_cached(
            "SELECT name, size, sha256, md5, sha1, sha512 FROM assets WHERE version_id = ?1 AND name > ?2
             ORDER BY name LIMIT ?3",
        )?;
        let items = stmt
            .query_map(rusqlite::params![row.id, after, limit as i64 + 1], asset_summary)?
            .collect::<Result<Vec<_>, _>>()?;
        let page = super::domains::paged("assets", items, limit, store, &scope, |v| {
            v["name"].as_str().map(str::to_owned)
        });
        let mut fields = version_header(&pkg, &row);
        fields.push(("assets", page["assets"].clone()));
        fields.push(("nextToken", page.get("nextToken").cloned().unwrap_or(Value::Null)));
        Ok(obj(fields))
    })
}

/// Generic packages carry no readme; the member is absent.
fn readme(store: &Store, ctx: &Ctx, input: &Value) -> ApiResult<Value> {
    store.read(|tx| {
        let (_, pkg, row) = resolve_version(tx, ctx, input)?;
        Ok(obj(version_header(&pkg, &row)))
    })
}

/// Generic packages declare no dependencies.
fn dependencies(store: &Store, ctx: &Ctx, input: &Value) -> ApiResult<Value> {
    store.read(|tx| {
        let (_, pkg, row) = resolve_version(tx, ctx, input)?;
        let mut fields = version_header(&pkg, &row);
        fields.push(("dependencies", json!([])));
        Ok(obj(fields))
    })
}
