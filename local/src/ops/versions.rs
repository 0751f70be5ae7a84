//! Batch changes to package versions: UpdatePackageVersionsStatus,
//! DisposePackageVersions, DeletePackageVersions, CopyPackageVersions.
//!
//! All four are all-or-nothing (spec §3.4): every requested version is
//! checked first; if any fails, the rest are reported `SKIPPED` and the
//! transaction is left uncommitted, so nothing changes.

use std::collections::BTreeMap;

use rusqlite::Transaction;
use serde_json::{Map, Value, json};

use super::reads::{VersionRow, find_version};
use super::{Ctx, Handler, PackageRef, RepoRef, opt_bool, opt_str, resolve_package};
use crate::error::{ApiError, ApiResult};
use crate::store::{Effects, Store};

/// The service's limit on `versions` per request.
pub const MAX_VERSIONS: usize = 100;

pub(super) fn handler(op: &str) -> Option<Handler> {
    Some(match op {
        "UpdatePackageVersionsStatus" => update_status,
        "DisposePackageVersions" => dispose,
        "DeletePackageVersions" => delete,
        "CopyPackageVersions" => super::copy::copy,
        _ => return None,
    })
}

/// The version list of a batch request, duplicates collapsed (the results
/// are maps keyed by version).
pub(super) fn version_list(input: &Value, required: bool) -> ApiResult<Vec<String>> {
    let raw = match input.get("versions").and_then(Value::as_array) {
        Some(list) => list.clone(),
        None if required => return Err(ApiError::validation("versions is required")),
        None => Vec::new(),
    };
    if raw.len() > MAX_VERSIONS {
        return Err(ApiError::validation(format!(
            "1 validation error detected: Value at 'versions' failed to satisfy constraint: \
             Member must have length less than or equal to {MAX_VERSIONS}"
        )));
    }
    if required && raw.is_empty() {
        return Err(ApiError::validation(
            "versions must contain at least one version",
        ));
    }
    let mut out: Vec<String> = Vec::with_capacity(raw.len());
    for v in raw {
        let v = v
            .as_str()
            .ok_or_else(|| ApiError::validation("versions must be strings"))?;
        if !out.iter().any(|o| o == v) {
            out.push(v.to_owned());
        }
    }
    Ok(out)
}

/// `versionRevisions`, whose keys must all be among `versions` (spec §3.6).
pub(super) fn revision_map<'a>(
    input: &'a Value,
    versions: &[String],
) -> ApiResult<Option<&'a Map<String, Value>>> {
    let Some(map) = input.get("versionRevisions").and_then(Value::as_object) else {
        return Ok(None);
    };
    if let Some(extra) = map.keys().find(|k| !versions.contains(k)) {
        return Err(ApiError::validation(format!(
            "versionRevisions contains version '{extra}', which is not in versions"
        )));
    }
    Ok(Some(map))
}

pub(super) type Failure = (&'static str, String);

/// Per-version checks in the spec's order: NOT_FOUND, MISMATCHED_REVISION,
/// MISMATCHED_STATUS, then the operation's own rule (`allowed`).
pub(super) struct Checks<'a> {
    pub revisions: Option<&'a Map<String, Value>>,
    pub expected_status: Option<&'a str>,
}

pub(super) fn check_version(
    tx: &Transaction<'_>,
    pkg: &PackageRef,
    version: &str,
    checks: &Checks<'_>,
    allowed: &dyn Fn(&VersionRow) -> Option<String>,
) -> ApiResult<Result<VersionRow, Failure>> {
    let Some(row) = find_version(tx, pkg, version)? else {
        return Ok(Err((
            "NOT_FOUND",
            format!("Could not find version {version}"),
        )));
    };
    if let Some(expected) = checks
        .revisions
        .and_then(|m| m.get(version))
        .and_then(Value::as_str)
    {
        if expected != row.revision {
            let msg = format!(
                "current revision: {}, expected revision: {expected}",
                row.revision
            );
            return Ok(Err(("MISMATCHED_REVISION", msg)));
        }
    }
    if let Some(expected) = checks.expected_status {
        if expected != row.status {
            let msg = format!(
                "current status: {}, expected status: {expected}",
                row.status
            );
            return Ok(Err(("MISMATCHED_STATUS", msg)));
        }
    }
    if let Some(msg) = allowed(&row) {
        return Ok(Err(("NOT_ALLOWED", msg)));
    }
    Ok(Ok(row))
}

/// Checks every version; `Err` holds the complete failure map (with the
/// `SKIPPED` siblings) when any failed.
pub(super) fn check_all(
    tx: &Transaction<'_>,
    pkg: &PackageRef,
    versions: &[String],
    checks: &Checks<'_>,
    allowed: &dyn Fn(&VersionRow) -> Option<String>,
) -> ApiResult<Result<Vec<VersionRow>, Map<String, Value>>> {
    let mut ok = Vec::new();
    let mut failed = BTreeMap::new();
    for v in versions {
        match check_version(tx, pkg, v, checks, allowed)? {
            Ok(row) => ok.push(row),
            Err(f) => {
                failed.insert(v.clone(), f);
            }
        }
    }
    if failed.is_empty() {
        return Ok(Ok(ok));
    }
    for row in ok {
        let msg = format!("version {} is skipped", row.version);
        failed.insert(row.version, ("SKIPPED", msg));
    }
    Ok(Err(failure_map(failed)))
}

pub(super) fn failure_map(failed: BTreeMap<String, Failure>) -> Map<String, Value> {
    failed
        .into_iter()
        .map(|(v, (code, msg))| (v, json!({ "errorCode": code, "errorMessage": msg })))
        .collect()
}

/// Both maps, always present.
pub(super) fn result(successful: Map<String, Value>, failed: Map<String, Value>) -> Value {
    json!({ "successfulVersions": successful, "failedVersions": failed })
}

/// Runs a batch over one package: checks, then `apply` to each version only
/// when all passed. Returns the result document.
fn batch(
    store: &Store,
    ctx: &Ctx,
    input: &Value,
    with_revisions: bool,
    allowed: &dyn Fn(&VersionRow) -> Option<String>,
    apply: &dyn Fn(&Transaction<'_>, &mut Effects, &VersionRow) -> ApiResult<Value>,
) -> ApiResult<Value> {
    let versions = version_list(input, true)?;
    let revisions = if with_revisions {
        revision_map(input, &versions)?
    } else {
        None
    };
    let checks = Checks {
        revisions,
        expected_status: opt_str(input, "expectedStatus"),
    };
    store.write(|tx, effects| {
        let (_, pkg) = resolve_package(tx, ctx, input)?;
        let rows = match check_all(tx, &pkg, &versions, &checks, allowed)? {
            Ok(rows) => rows,
            Err(failed) => return Ok(result(Map::new(), failed)),
        };
        let mut successful = Map::new();
        for row in &rows {
            successful.insert(row.version.clone(), apply(tx, effects, row)?);
        }
        Ok(result(successful, Map::new()))
    })
}

const SETTABLE: [&str; 3] = ["Published", "Unlisted", "Archived"];

fn update_status(store: &Store, ctx: &Ctx, input: &Value) -> ApiResult<Value> {
    let target = super::req_str(input, "targetStatus")?.to_owned();
    if !SETTABLE.contains(&target.as_str()) {
        return Err(ApiError::validation(format!(
            "targetStatus '{target}' is not permitted: the status can only be set to Published, Unlisted or Archived; \
             use DisposePackageVersions or DeletePackageVersions instead"
        )));
    }
    let allowed = |row: &VersionRow| {
        (row.status == "Disposed").then(|| {
            format!(
                "Cannot change the status of version {} from Disposed to {target}",
                row.version
            )
        })
    };
    let apply = |tx: &Transaction<'_>, _: &mut Effects, row: &VersionRow| {
        tx.prepare_cached("UPDATE versions SET status = ?1 WHERE id = ?2")?
            .execute(rusqlite::params![target, row.id])?;
        // Status changes keep the revision (spec §3, inferred from the samples).
        Ok(json!({ "revision": row.revision, "status": target }))
    };
    batch(store, ctx, input, true, &allowed, &apply)
}

/// Deletes a version's asset rows, queueing their blobs for removal.
pub(super) fn drop_assets(
    tx: &Transaction<'_>,
    effects: &mut Effects,
    version_id: i64,
) -> ApiResult<()> {
    let mut stmt = tx.prepare_cached("SELECT sha256 FROM assets WHERE version_id = ?1")?;
    for sha in stmt.query_map([version_id], |r| r.get::<_, String>(0))? {
        effects.orphan_blobs.push(sha?);
    }
    tx.prepare_cached("DELETE FROM assets WHERE version_id = ?1")?
        .execute([version_id])?;
    Ok(())
}

fn dispose(store: &Store, ctx: &Ctx, input: &Value) -> ApiResult<Value> {
    // inferred: disposing a Disposed version succeeds and changes nothing, so retries are safe.
    let allowed = |_: &VersionRow| None;
    let apply = |tx: &Transaction<'_>, effects: &mut Effects, row: &VersionRow| {
        drop_assets(tx, effects, row.id)?;
        tx.prepare_cached("UPDATE versions SET status = 'Disposed' WHERE id = ?1")?
            .execute([row.id])?;
        Ok(json!({ "revision": row.revision, "status": "Disposed" }))
    };
    batch(store, ctx, input, true, &allowed, &apply)
}

fn delete(store: &Store, ctx: &Ctx, input: &Value) -> ApiResult<Value> {
    let allowed = |_: &VersionRow| None;
    let apply = |tx: &Transaction<'_>, effects: &mut Effects, row: &VersionRow| {
        drop_assets(tx, effects, row.id)?;
        tx.prepare_cached("DELETE FROM versions WHERE id = ?1")?
            .execute([row.id])?;
        Ok(json!({ "revision": row.revision, "status": "Deleted" }))
    };
    batch(store, ctx, input, false, &allowed, &apply)
}

/// The repository a version was first published to; copies keep it.
pub(super) fn origin_repo(row: &VersionRow, repo: &RepoRef) -> String {
    row.origin_repo.clone().unwrap_or_else(|| repo.name.clone())
}

pub(super) fn allow_overwrite(input: &Value) -> bool {
    opt_bool(input, "allowOverwrite")
}
