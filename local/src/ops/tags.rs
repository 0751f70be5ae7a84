//! Tags on domains, repositories and package groups, keyed by ARN.

use rusqlite::Transaction;
use serde_json::{Value, json};

use super::{Ctx, Handler, req_str};
use crate::error::{ApiError, ApiResult, Resource};
use crate::store::Store;

const MAX_TAGS: i64 = 200;

pub(super) fn handler(op: &str) -> Option<Handler> {
    Some(match op {
        "TagResource" => tag,
        "UntagResource" => untag,
        "ListTagsForResource" => list,
        _ => return None,
    })
}

/// Stores a `tags` list (`[{key, value}]`), replacing values of existing keys.
pub(super) fn put_tags(tx: &Transaction<'_>, arn: &str, tags: Option<&Value>) -> ApiResult<()> {
    for t in tags.and_then(Value::as_array).into_iter().flatten() {
        let key = req_str(t, "key")?;
        let value = t.get("value").and_then(Value::as_str).unwrap_or("");
        tx.prepare_cached("INSERT OR REPLACE INTO tags (arn, key, value) VALUES (?1, ?2, ?3)")?
            .execute([arn, key, value])?;
    }
    let count: i64 = tx.query_row("SELECT COUNT(*) FROM tags WHERE arn = ?1", [arn], |r| {
        r.get(0)
    })?;
    if count > MAX_TAGS {
        return Err(ApiError::validation(format!(
            "A resource can have at most {MAX_TAGS} tags"
        )));
    }
    Ok(())
}

pub(super) fn drop_tags(tx: &Transaction<'_>, arn: &str) -> ApiResult<()> {
    tx.execute("DELETE FROM tags WHERE arn = ?1", [arn])?;
    Ok(())
}

/// Checks that the ARN names an existing domain, repository or package group
/// of the caller, in this region.
fn check_resource(tx: &Transaction<'_>, ctx: &Ctx, arn: &str) -> ApiResult<()> {
    let not_found = || {
        ApiError::not_found(
            Resource::Repository,
            arn,
            format!("Resource '{arn}' not found"),
        )
    };
    let prefix = format!("arn:aws:codeartifact:{}:{}:", ctx.region, ctx.account);
    let rest = arn.strip_prefix(&prefix).ok_or_else(not_found)?;
    let (kind, path) = rest.split_once('/').ok_or_else(not_found)?;
    let exists: bool = match kind {
        "domain" => tx.query_row(
            "SELECT EXISTS(SELECT 1 FROM domains WHERE owner = ?1 AND name = ?2)",
            [&ctx.account, path],
            |r| r.get(0),
        )?,
        "repository" => {
            let (domain, repo) = path.split_once('/').ok_or_else(not_found)?;
            tx.query_row(
                "SELECT EXISTS(SELECT 1 FROM repositories WHERE domain_owner = ?1 AND domain = ?2 AND name = ?3)",
                [ctx.account.as_str(), domain, repo],
                |r| r.get(0),
            )?
        }
        "package-group" => {
            let (domain, encoded) = path.split_once('/').ok_or_else(not_found)?;
            let pattern = super::group_patterns::decode_pattern(encoded);
            tx.query_row(
                "SELECT EXISTS(SELECT 1 FROM package_groups WHERE domain_owner = ?1 AND domain = ?2 AND pattern = ?3)",
                [ctx.account.as_str(), domain, pattern.as_str()],
                |r| r.get(0),
            )?
        }
        _ => false,
    };
    if exists { Ok(()) } else { Err(not_found()) }
}

fn tag(store: &Store, ctx: &Ctx, input: &Value) -> ApiResult<Value> {
    let arn = req_str(input, "resourceArn")?;
    store.write(|tx, _| {
        check_resource(tx, ctx, arn)?;
        put_tags(tx, arn, input.get("tags"))?;
        Ok(json!({}))
    })
}

fn untag(store: &Store, ctx: &Ctx, input: &Value) -> ApiResult<Value> {
    let arn = req_str(input, "resourceArn")?;
    store.write(|tx, _| {
        check_resource(tx, ctx, arn)?;
        for key in input
            .get("tagKeys")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(key) = key.as_str() {
                tx.execute("DELETE FROM tags WHERE arn = ?1 AND key = ?2", [arn, key])?;
            }
        }
        Ok(json!({}))
    })
}

fn list(store: &Store, ctx: &Ctx, input: &Value) -> ApiResult<Value> {
    let arn = req_str(input, "resourceArn")?;
    store.read(|tx| {
        check_resource(tx, ctx, arn)?;
        let mut stmt =
            tx.prepare_cached("SELECT key, value FROM tags WHERE arn = ?1 ORDER BY key")?;
        let tags = stmt
            .query_map([arn], |r| {
                Ok(json!({ "key": r.get::<_, String>(0)?, "value": r.get::<_, String>(1)? }))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(json!({ "tags": tags }))
    })
}
