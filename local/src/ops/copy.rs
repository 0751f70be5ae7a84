//! CopyPackageVersions, with the service's quirks (spec §6): a version
//! already at the destination with identical assets is left out of both
//! result maps; a differing one fails `ALREADY_EXISTS` unless
//! `allowOverwrite`.

use std::collections::BTreeMap;

use rusqlite::Transaction;
use serde_json::{Map, Value, json};

use super::reads::{VersionRow, find_version};
use super::versions::{Checks, Failure, check_version, failure_map, result, version_list};
use super::{
    Ctx, PackageRef, RepoRef, coordinates, find_package, find_repo, repo_not_found, req_str,
};
use crate::error::{ApiError, ApiResult};
use crate::store::{Effects, Store};

/// The versions to copy: exactly one of `versions` / `versionRevisions`.
fn requested(input: &Value) -> ApiResult<Vec<String>> {
    let by_list = input.get("versions").is_some();
    let by_revision = input.get("versionRevisions").and_then(Value::as_object);
    match (by_list, by_revision) {
        (true, None) => version_list(input, true),
        (false, Some(map)) if !map.is_empty() && map.len() <= super::versions::MAX_VERSIONS => {
            Ok(map.keys().cloned().collect())
        }
        (false, Some(_)) => Err(ApiError::validation(
            "versionRevisions must hold 1 to 100 versions",
        )),
        _ => Err(ApiError::validation(
            "You must specify versions or versionRevisions, but not both.",
        )),
    }
}

/// Asset names and hashes of a version, for the byte-identical check.
fn asset_set(tx: &Transaction<'_>, version_id: i64) -> ApiResult<Vec<(String, String)>> {
    let mut stmt =
        tx.prepare_cached("SELECT name, sha256 FROM assets WHERE version_id = ?1 ORDER BY name")?;
    let rows = stmt.query_map([version_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

struct Plan {
    row: VersionRow,
    /// The destination's differing version, replaced under `allowOverwrite`.
    replace: Option<i64>,
}

pub(super) fn copy(store: &Store, ctx: &Ctx, input: &Value) -> ApiResult<Value> {
    let versions = requested(input)?;
    let (format, namespace, name) = coordinates(input)?;
    store.write(|tx, effects| {
        let d = super::resolve_domain(tx, ctx, input)?;
        let repo = |member: &str| -> ApiResult<RepoRef> {
            let n = req_str(input, member)?;
            find_repo(tx, &d, n)?.ok_or_else(|| repo_not_found(&d, n))
        };
        let (src, dst) = (repo("sourceRepository")?, repo("destinationRepository")?);
        if src.id == dst.id {
            return Err(ApiError::validation(
                "The source and destination repositories must differ.",
            ));
        }
        let src_pkg = find_package(tx, &src, &format, &namespace, &name)?
            .ok_or_else(|| super::package_not_found(&src, &format, &name))?;
        let dst_pkg = find_package(tx, &dst, &format, &namespace, &name)?;
        let (plans, mut failed) = plan(tx, input, &versions, &src_pkg, dst_pkg.as_ref(), &dst)?;
        if !failed.is_empty() {
            for p in plans {
                let msg = format!("version {} is skipped", p.row.version);
                failed.insert(p.row.version, ("SKIPPED", msg));
            }
            return Ok(result(Map::new(), failure_map(failed)));
        }
        let target = super::packages::ensure_package(tx, &dst, &format, &namespace, &name)?;
        let mut successful = Map::new();
        for plan in &plans {
            apply(tx, effects, &src, &target, plan)?;
            successful.insert(
                plan.row.version.clone(),
                json!({ "revision": plan.row.revision, "status": plan.row.status }),
            );
        }
        Ok(result(successful, Map::new()))
    })
}

/// Checks each requested version and decides what to copy: the plans, and
/// the failures by version.
fn plan(
    tx: &Transaction<'_>,
    input: &Value,
    versions: &[String],
    src_pkg: &PackageRef,
    dst_pkg: Option<&PackageRef>,
    dst: &RepoRef,
) -> ApiResult<(Vec<Plan>, BTreeMap<String, Failure>)> {
    let checks = Checks {
        revisions: input.get("versionRevisions").and_then(Value::as_object),
        expected_status: None,
    };
    let allowed = |row: &VersionRow| {
        (row.status == "Disposed")
            .then(|| format!("Version {} is Disposed and cannot be copied", row.version))
    };
    let overwrite = super::versions::allow_overwrite(input);
    let mut failed: BTreeMap<String, Failure> = BTreeMap::new();
    let mut plans = Vec::new();
    for v in versions {
        let row = match check_version(tx, src_pkg, v, &checks, &allowed)? {
            Ok(row) => row,
            Err(f) => {
                failed.insert(v.clone(), f);
                continue;
            }
        };
        let existing = match dst_pkg {
            Some(p) => find_version(tx, p, v)?,
            None => None,
        };
        match existing {
            Some(e) if asset_set(tx, e.id)? == asset_set(tx, row.id)? => {}
            Some(_) if !overwrite => {
                let msg = format!("Version {v} already exists in repository {}", dst.name);
                failed.insert(v.clone(), ("ALREADY_EXISTS", msg));
            }
            Some(e) => plans.push(Plan {
                row,
                replace: Some(e.id),
            }),
            None => plans.push(Plan { row, replace: None }),
        }
    }
    Ok((plans, failed))
}

fn apply(
    tx: &Transaction<'_>,
    effects: &mut Effects,
    src: &RepoRef,
    target: &PackageRef,
    plan: &Plan,
) -> ApiResult<()> {
    if let Some(old) = plan.replace {
        super::versions::drop_assets(tx, effects, old)?;
        tx.execute("DELETE FROM versions WHERE id = ?1", [old])?;
    }
    let row = &plan.row;
    tx.execute(
        "INSERT INTO versions (package_id, version, revision, status, published, origin_type, origin_repo)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        rusqlite::params![
            target.id, row.version, row.revision, row.status, row.published, row.origin_type,
            super::versions::origin_repo(row, src)
        ],
    )?;
    let new_id = tx.last_insert_rowid();
    tx.execute(
        "INSERT INTO assets (version_id, name, size, sha256, md5, sha1, sha512)
         SELECT ?1, name, size, sha256, md5, sha1, sha512 FROM assets WHERE version_id = ?2",
        [new_id, row.id],
    )?;
    Ok(())
}
