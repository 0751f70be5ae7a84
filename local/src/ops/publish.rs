//! PublishPackageVersion (generic packages) and GetPackageVersionAsset.

use rusqlite::{OptionalExtension, Transaction};
use serde_json::{Value, json};

use super::reads::{VersionRow, asset_summary, find_version, version_not_found};
use super::{
    AssetBody, Ctx, PackageRef, Reply, coordinates, obj, opt_bool, opt_str, req_str,
    resolve_package, resolve_repo,
};
use crate::error::{ApiError, ApiResult, Resource};
use crate::store::{StagedBlob, Store};

/// Assets per package version (service quota).
const MAX_ASSETS: i64 = 150;

/// Generic asset names: letters, digits and a few symbols, not `.`/`..`,
/// spaces only singly between other characters (spec §4).
pub(crate) fn check_asset_name(name: &str) -> ApiResult<()> {
    let symbols = "~!@^&()-_+[]{};,.";
    let chars_ok = name
        .chars()
        .all(|c| c.is_alphanumeric() || c == ' ' || symbols.contains(c));
    let spaces_ok = !name.starts_with(' ') && !name.ends_with(' ') && !name.contains("  ");
    if name.is_empty() || name == "." || name == ".." || !chars_ok || !spaces_ok {
        return Err(ApiError::validation(format!(
            "Invalid asset name '{}': generic asset names may contain letters, numbers and ~!@^&()-_+[]{{}};,. \
             with single spaces between other characters, and cannot be '.' or '..'",
            name.escape_default()
        )));
    }
    Ok(())
}

fn check_sha(given: &str, blob: &StagedBlob) -> ApiResult<()> {
    if given.len() != 64
        || !given
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        return Err(ApiError::validation(
            "assetSHA256 must be 64 lowercase hexadecimal characters",
        ));
    }
    if given != blob.sha256 {
        return Err(ApiError::validation(format!(
            "The SHA256 hash of the asset content ({}) does not match the provided assetSHA256 ({given})",
            blob.sha256
        )));
    }
    Ok(())
}

pub(super) fn publish(
    store: &Store,
    ctx: &Ctx,
    input: &Value,
    blob: &StagedBlob,
) -> ApiResult<Value> {
    let (format, namespace, name) = coordinates(input)?;
    if format != "generic" {
        return Err(ApiError::validation(format!(
            "PublishPackageVersion supports only the generic format, not '{format}'"
        )));
    }
    let version = req_str(input, "packageVersion")?;
    let asset = req_str(input, "assetName")?;
    check_asset_name(asset)?;
    check_sha(req_str(input, "assetSHA256")?, blob)?;
    let unfinished = opt_bool(input, "unfinished");
    store.write(|tx, _| {
        let repo = resolve_repo(tx, ctx, input)?;
        let pkg = super::packages::ensure_package(tx, &repo, &format, &namespace, &name)?;
        let publish_rule: String =
            tx.query_row("SELECT origin_publish FROM packages WHERE id = ?1", [pkg.id], |r| r.get(0))?;
        if publish_rule == "BLOCK" {
            return Err(ApiError::access_denied(format!(
                "Publishing to package '{name}' is blocked by its origin configuration (publish: BLOCK)"
            )));
        }
        let row = match find_version(tx, &pkg, version)? {
            Some(row) => add_to_existing(tx, &pkg, row, asset, blob, unfinished)?,
            None => create_version(tx, ctx, &pkg, &repo.name, version, asset, blob, unfinished)?,
        };
        if blob.tmp.exists() && asset_sha(tx, row.id, asset)?.as_deref() == Some(blob.sha256.as_str()) {
            store.blobs.commit(blob)?;
        }
        let summary = tx.query_row(
            "SELECT name, size, sha256, md5, sha1, sha512 FROM assets WHERE version_id = ?1 AND name = ?2",
            rusqlite::params![row.id, asset],
            asset_summary,
        )?;
        let mut fields = super::package_fields(&pkg, "package");
        fields.extend([
            ("version", json!(row.version)),
            ("versionRevision", json!(row.revision)),
            ("status", json!(row.status)),
            ("asset", summary),
        ]);
        Ok(obj(fields))
    })
}

fn asset_sha(tx: &Transaction<'_>, version_id: i64, name: &str) -> ApiResult<Option<String>> {
    Ok(tx
        .prepare_cached("SELECT sha256 FROM assets WHERE version_id = ?1 AND name = ?2")?
        .query_row(rusqlite::params![version_id, name], |r| r.get(0))
        .optional()?)
}

fn insert_asset(
    tx: &Transaction<'_>,
    version_id: i64,
    name: &str,
    blob: &StagedBlob,
) -> ApiResult<()> {
    tx.prepare_cached(
        "INSERT INTO assets (version_id, name, size, sha256, md5, sha1, sha512) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(rusqlite::params![version_id, name, blob.size as i64, blob.sha256, blob.md5, blob.sha1, blob.sha512])?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn create_version(
    tx: &Transaction<'_>,
    ctx: &Ctx,
    pkg: &PackageRef,
    repo: &str,
    version: &str,
    asset: &str,
    blob: &StagedBlob,
    unfinished: bool,
) -> ApiResult<VersionRow> {
    let status = if unfinished {
        "Unfinished"
    } else {
        "Published"
    };
    let revision = super::new_revision(&blob.sha256);
    tx.prepare_cached(
        "INSERT INTO versions (package_id, version, revision, status, published, origin_type, origin_repo)
         VALUES (?1, ?2, ?3, ?4, ?5, 'INTERNAL', ?6)",
    )?
    .execute(rusqlite::params![pkg.id, version, revision, status, ctx.now, repo])?;
    let id = tx.last_insert_rowid();
    insert_asset(tx, id, asset, blob)?;
    find_version(tx, pkg, version)?.ok_or_else(|| ApiError::internal("version vanished"))
}

/// Adds an asset to an existing version. Re-sending an identical asset is an
/// idempotent success; different bytes under the same name, or a new asset
/// after the version was finished, is a conflict.
fn add_to_existing(
    tx: &Transaction<'_>,
    pkg: &PackageRef,
    row: VersionRow,
    asset: &str,
    blob: &StagedBlob,
    unfinished: bool,
) -> ApiResult<VersionRow> {
    let conflict = |msg: String| ApiError::conflict(Resource::PackageVersion, &row.version, msg);
    match (asset_sha(tx, row.id, asset)?, row.status.as_str()) {
        (Some(sha), _) if sha != blob.sha256 => {
            return Err(ApiError::conflict(
                Resource::Asset,
                asset,
                format!(
                    "Asset '{asset}' of version {} already exists with different content",
                    row.version
                ),
            ));
        }
        (Some(_), "Unfinished") if !unfinished => {
            tx.execute(
                "UPDATE versions SET status = 'Published' WHERE id = ?1",
                [row.id],
            )?;
        }
        (Some(_), "Unfinished" | "Published" | "Unlisted") => {}
        (None, "Unfinished") => {
            let count: i64 = tx.query_row(
                "SELECT COUNT(*) FROM assets WHERE version_id = ?1",
                [row.id],
                |r| r.get(0),
            )?;
            if count >= MAX_ASSETS {
                return Err(ApiError::quota(
                    Resource::Asset,
                    asset,
                    format!("A package version can have at most {MAX_ASSETS} assets"),
                ));
            }
            insert_asset(tx, row.id, asset, blob)?;
            let status = if unfinished {
                "Unfinished"
            } else {
                "Published"
            };
            tx.execute(
                "UPDATE versions SET status = ?1, revision = ?2 WHERE id = ?3",
                rusqlite::params![status, super::new_revision(&blob.sha256), row.id],
            )?;
        }
        (_, status) => {
            return Err(conflict(format!(
                "Package version {} is {status}; assets cannot be added to it",
                row.version
            )));
        }
    }
    find_version(tx, pkg, &row.version)?.ok_or_else(|| ApiError::internal("version vanished"))
}

pub(super) fn get_asset(store: &Store, ctx: &Ctx, input: &Value) -> ApiResult<Reply> {
    store.read(|tx| {
        let (_, pkg) = resolve_package(tx, ctx, input)?;
        let version = req_str(input, "packageVersion")?;
        let row = find_version(tx, &pkg, version)?.ok_or_else(|| version_not_found(&pkg, version))?;
        if let Some(pinned) = opt_str(input, "packageVersionRevision") {
            if pinned != row.revision {
                return Err(ApiError::not_found(
                    Resource::PackageVersion,
                    version,
                    format!("Revision '{pinned}' of package version {version} does not exist"),
                ));
            }
        }
        // inferred: the service's error is undocumented; ConflictException, as for other state refusals.
        if matches!(row.status.as_str(), "Archived" | "Disposed") {
            return Err(ApiError::conflict(
                Resource::PackageVersion,
                version,
                format!("Assets of package version {version} cannot be downloaded because its status is {}", row.status),
            ));
        }
        let name = req_str(input, "asset")?;
        let (sha, size): (String, i64) = tx
            .prepare_cached("SELECT sha256, size FROM assets WHERE version_id = ?1 AND name = ?2")?
            .query_row(rusqlite::params![row.id, name], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
            .ok_or_else(|| {
                ApiError::not_found(Resource::Asset, name, format!("Asset '{name}' not found in package version {version}"))
            })?;
        // Opened under the lock: a concurrent dispose may unlink the path,
        // but the open handle keeps the bytes readable.
        let file = store.blobs.open_blob(&sha)?;
        Ok(Reply {
            output: json!({ "assetName": name, "packageVersion": version, "packageVersionRevision": row.revision }),
            payload: Some(AssetBody { file, size: size as u64 }),
        })
    })
}
