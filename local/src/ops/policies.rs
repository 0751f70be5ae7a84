//! Domain and repository resource policies, stored verbatim with a revision
//! used for optimistic locking.

use rusqlite::Transaction;
use serde_json::{Value, json};

use super::{Ctx, Handler, opt_str, req_str, resolve_domain, resolve_repo};
use crate::error::{ApiError, ApiResult, Resource};
use crate::store::Store;

const MAX_POLICY: usize = 7168;

pub(super) fn handler(op: &str) -> Option<Handler> {
    Some(match op {
        "PutDomainPermissionsPolicy" => put_domain,
        "GetDomainPermissionsPolicy" => get_domain,
        "DeleteDomainPermissionsPolicy" => delete_domain,
        "PutRepositoryPermissionsPolicy" => put_repo,
        "GetRepositoryPermissionsPolicy" => get_repo,
        "DeleteRepositoryPermissionsPolicy" => delete_repo,
        _ => return None,
    })
}

/// Which row holds the policy: the table, its key clause and key values.
struct Target {
    table: &'static str,
    key: &'static str,
    params: Vec<String>,
    arn: String,
    resource: Resource,
    id: String,
}

fn domain_target(tx: &Transaction<'_>, ctx: &Ctx, input: &Value) -> ApiResult<Target> {
    let d = resolve_domain(tx, ctx, input)?;
    Ok(Target {
        table: "domains",
        key: "owner = ?1 AND name = ?2",
        params: vec![d.owner.clone(), d.name.clone()],
        arn: super::domain_arn(ctx, &d),
        resource: Resource::Domain,
        id: d.name,
    })
}

fn repo_target(tx: &Transaction<'_>, ctx: &Ctx, input: &Value) -> ApiResult<Target> {
    let r = resolve_repo(tx, ctx, input)?;
    Ok(Target {
        table: "repositories",
        key: "id = ?1",
        params: vec![r.id.to_string()],
        arn: super::repo_arn(ctx, &r),
        resource: Resource::Repository,
        id: r.name,
    })
}

fn current(tx: &Transaction<'_>, t: &Target) -> ApiResult<Option<(String, String)>> {
    let sql = format!(
        "SELECT policy, policy_revision FROM {} WHERE {}",
        t.table, t.key
    );
    let (doc, rev): (Option<String>, Option<String>) =
        tx.query_row(&sql, rusqlite::params_from_iter(&t.params), |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    Ok(doc.zip(rev))
}

fn document(t: &Target, doc: &str, rev: &str) -> Value {
    json!({ "policy": { "resourceArn": t.arn, "revision": rev, "document": doc } })
}

fn not_found(t: &Target) -> ApiError {
    ApiError::not_found(
        t.resource,
        &t.id,
        format!("No resource policy is attached to {}", t.arn),
    )
}

fn check_revision(
    t: &Target,
    current: Option<&(String, String)>,
    given: Option<&str>,
) -> ApiResult<()> {
    match (given, current) {
        (Some(g), Some((_, rev))) if g != rev => Err(ApiError::conflict(
            t.resource,
            &t.id,
            format!("The policy revision '{g}' does not match the current revision '{rev}'"),
        )),
        (Some(g), None) => Err(ApiError::conflict(
            t.resource,
            &t.id,
            format!("The policy revision '{g}' does not match: no policy is set"),
        )),
        _ => Ok(()),
    }
}

fn put(
    store: &Store,
    ctx: &Ctx,
    input: &Value,
    target: fn(&Transaction<'_>, &Ctx, &Value) -> ApiResult<Target>,
) -> ApiResult<Value> {
    let doc = req_str(input, "policyDocument")?;
    if doc.len() > MAX_POLICY
        || serde_json::from_str::<Value>(doc)
            .map(|v| !v.is_object())
            .unwrap_or(true)
    {
        return Err(ApiError::validation(
            "policyDocument must be a JSON policy object of at most 7168 characters",
        ));
    }
    store.write(|tx, _| {
        let t = target(tx, ctx, input)?;
        let cur = current(tx, &t)?;
        check_revision(&t, cur.as_ref(), opt_str(input, "policyRevision"))?;
        let rev = super::new_revision(doc);
        let sql = format!(
            "UPDATE {} SET policy = ?{}, policy_revision = ?{} WHERE {}",
            t.table,
            t.params.len() + 1,
            t.params.len() + 2,
            t.key
        );
        let mut params: Vec<String> = t.params.clone();
        params.extend([doc.to_owned(), rev.clone()]);
        tx.execute(&sql, rusqlite::params_from_iter(&params))?;
        Ok(document(&t, doc, &rev))
    })
}

fn get(
    store: &Store,
    ctx: &Ctx,
    input: &Value,
    target: fn(&Transaction<'_>, &Ctx, &Value) -> ApiResult<Target>,
) -> ApiResult<Value> {
    store.read(|tx| {
        let t = target(tx, ctx, input)?;
        let (doc, rev) = current(tx, &t)?.ok_or_else(|| not_found(&t))?;
        Ok(document(&t, &doc, &rev))
    })
}

fn delete(
    store: &Store,
    ctx: &Ctx,
    input: &Value,
    target: fn(&Transaction<'_>, &Ctx, &Value) -> ApiResult<Target>,
) -> ApiResult<Value> {
    store.write(|tx, _| {
        let t = target(tx, ctx, input)?;
        let cur = current(tx, &t)?;
        check_revision(&t, cur.as_ref(), opt_str(input, "policyRevision"))?;
        let (doc, rev) = cur.ok_or_else(|| not_found(&t))?;
        let sql = format!(
            "UPDATE {} SET policy = NULL, policy_revision = NULL WHERE {}",
            t.table, t.key
        );
        tx.execute(&sql, rusqlite::params_from_iter(&t.params))?;
        Ok(document(&t, &doc, &rev))
    })
}

fn put_domain(store: &Store, ctx: &Ctx, input: &Value) -> ApiResult<Value> {
    put(store, ctx, input, domain_target)
}
fn get_domain(store: &Store, ctx: &Ctx, input: &Value) -> ApiResult<Value> {
    get(store, ctx, input, domain_target)
}
fn delete_domain(store: &Store, ctx: &Ctx, input: &Value) -> ApiResult<Value> {
    delete(store, ctx, input, domain_target)
}
fn put_repo(store: &Store, ctx: &Ctx, input: &Value) -> ApiResult<Value> {
    put(store, ctx, input, repo_target)
}
fn get_repo(store: &Store, ctx: &Ctx, input: &Value) -> ApiResult<Value> {
    get(store, ctx, input, repo_target)
}
fn delete_repo(store: &Store, ctx: &Ctx, input: &Value) -> ApiResult<Value> {
    delete(store, ctx, input, repo_target)
}
