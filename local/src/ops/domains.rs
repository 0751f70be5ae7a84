//! Domains, authorization tokens and repository endpoints.

use rusqlite::{OptionalExtension, Transaction};
use serde_json::{Value, json};

use super::{
    Ctx, DomainRef, Handler, obj, opt_str, page_size, req_str, resolve_domain, resolve_repo, time,
};
use crate::error::{ApiError, ApiResult, Resource};
use crate::store::{Store, token};

/// Domains per account and region (service quota).
const MAX_DOMAINS: i64 = 10;

pub(super) fn handler(op: &str) -> Option<Handler> {
    Some(match op {
        "CreateDomain" => create,
        "DescribeDomain" => describe,
        "ListDomains" => list,
        "DeleteDomain" => delete,
        "GetAuthorizationToken" => authorization_token,
        "GetRepositoryEndpoint" => repository_endpoint,
        _ => return None,
    })
}

fn default_key(ctx: &Ctx, owner: &str, name: &str) -> String {
    let seed = super::new_revision(name);
    let hex: String = seed
        .bytes()
        .take(16)
        .map(|b| format!("{:02x}", b))
        .collect();
    format!(
        "arn:aws:kms:{}:{owner}:key/{}-{}-{}-{}-{}",
        ctx.region,
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

fn create(store: &Store, ctx: &Ctx, input: &Value) -> ApiResult<Value> {
    let name = req_str(input, "domain")?;
    store.write(|tx, _| {
        let owner = ctx.account.as_str();
        let count: i64 = tx.query_row(
            "SELECT COUNT(*) FROM domains WHERE owner = ?1",
            [owner],
            |r| r.get(0),
        )?;
        let d = DomainRef {
            owner: owner.to_owned(),
            name: name.to_owned(),
        };
        let exists: bool = tx.query_row(
            "SELECT EXISTS(SELECT 1 FROM domains WHERE owner = ?1 AND name = ?2)",
            [owner, name],
            |r| r.get(0),
        )?;
        if exists {
            return Err(ApiError::conflict(
                Resource::Domain,
                name,
                format!("Domain '{name}' already exists in account '{owner}'"),
            ));
        }
        if count >= MAX_DOMAINS {
            return Err(ApiError::quota(
                Resource::Domain,
                name,
                format!("Maximum number of domains ({MAX_DOMAINS}) reached for account '{owner}'"),
            ));
        }
        let key = opt_str(input, "encryptionKey")
            .map(str::to_owned)
            .unwrap_or_else(|| default_key(ctx, owner, name));
        tx.execute(
            "INSERT INTO domains (owner, name, created, encryption_key) VALUES (?1, ?2, ?3, ?4)",
            rusqlite::params![owner, name, ctx.now, key],
        )?;
        super::tags::put_tags(tx, &super::domain_arn(ctx, &d), input.get("tags"))?;
        super::groups::ensure_root(tx, &d, ctx.now)?;
        Ok(json!({ "domain": description(tx, ctx, &d, "Active")? }))
    })
}

/// The `DomainDescription` document.
pub(super) fn description(
    tx: &Transaction<'_>,
    ctx: &Ctx,
    d: &DomainRef,
    status: &str,
) -> ApiResult<Value> {
    let (created, key): (f64, String) = tx.query_row(
        "SELECT created, encryption_key FROM domains WHERE owner = ?1 AND name = ?2",
        [&d.owner, &d.name],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let repos: i64 = tx.query_row(
        "SELECT COUNT(*) FROM repositories WHERE domain_owner = ?1 AND domain = ?2",
        [&d.owner, &d.name],
        |r| r.get(0),
    )?;
    let size: i64 = tx.query_row(
        "SELECT COALESCE(SUM(a.size), 0) FROM assets a JOIN versions v ON v.id = a.version_id
         JOIN packages p ON p.id = v.package_id JOIN repositories r ON r.id = p.repo_id
         WHERE r.domain_owner = ?1 AND r.domain = ?2",
        [&d.owner, &d.name],
        |r| r.get(0),
    )?;
    Ok(obj([
        ("name", json!(d.name)),
        ("owner", json!(d.owner)),
        ("arn", json!(super::domain_arn(ctx, d))),
        ("status", json!(status)),
        ("createdTime", time(created)),
        ("encryptionKey", json!(key)),
        ("repositoryCount", json!(repos)),
        ("assetSizeBytes", json!(size)),
        (
            "s3BucketArn",
            json!(format!("arn:aws:s3:::assets-{}-{}", d.owner, ctx.region)),
        ),
    ]))
}

fn describe(store: &Store, ctx: &Ctx, input: &Value) -> ApiResult<Value> {
    store.read(|tx| {
        let d = resolve_domain(tx, ctx, input)?;
        Ok(json!({ "domain": description(tx, ctx, &d, "Active")? }))
    })
}

fn list(store: &Store, ctx: &Ctx, input: &Value) -> ApiResult<Value> {
    let limit = page_size(input, 50);
    let scope = format!("domains:{}", ctx.account);
    let after = cursor(store, &scope, input)?;
    store.read(|tx| {
        let mut stmt = tx.prepare_cached(
            "SELECT name, created, encryption_key FROM domains WHERE owner = ?1 AND name > ?2
             ORDER BY name LIMIT ?3",
        )?;
        let rows = stmt.query_map(
            rusqlite::params![ctx.account, after, limit as i64 + 1],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, f64>(1)?,
                    r.get::<_, String>(2)?,
                ))
            },
        )?;
        let mut items = Vec::new();
        for row in rows {
            let (name, created, key) = row?;
            let d = DomainRef {
                owner: ctx.account.clone(),
                name,
            };
            items.push(obj([
                ("name", json!(d.name)),
                ("owner", json!(d.owner)),
                ("arn", json!(super::domain_arn(ctx, &d))),
                ("status", json!("Active")),
                ("createdTime", time(created)),
                ("encryptionKey", json!(key)),
            ]));
        }
        Ok(paged("domains", items, limit, store, &scope, |v| {
            v["name"].as_str().map(str::to_owned)
        }))
    })
}

/// The cursor carried by `nextToken`, empty on the first page.
pub(crate) fn cursor(store: &Store, scope: &str, input: &Value) -> ApiResult<String> {
    match opt_str(input, "nextToken") {
        Some(t) => token::decode(store.token_key(), scope, t),
        None => Ok(String::new()),
    }
}

/// Cuts a `limit + 1` fetch to a page and adds `nextToken` when more remain.
pub(crate) fn paged(
    key: &'static str,
    mut items: Vec<Value>,
    limit: usize,
    store: &Store,
    scope: &str,
    cursor: impl Fn(&Value) -> Option<String>,
) -> Value {
    let more = items.len() > limit;
    items.truncate(limit);
    let next = if more {
        items
            .last()
            .and_then(&cursor)
            .map(|c| json!(token::encode(store.token_key(), scope, &c)))
    } else {
        None
    };
    obj([
        (key, Value::Array(items)),
        ("nextToken", next.unwrap_or(Value::Null)),
    ])
}

fn delete(store: &Store, ctx: &Ctx, input: &Value) -> ApiResult<Value> {
    store.write(|tx, _| {
        let d = resolve_domain(tx, ctx, input)?;
        let repos: Option<String> = tx
            .query_row(
                "SELECT name FROM repositories WHERE domain_owner = ?1 AND domain = ?2 LIMIT 1",
                [&d.owner, &d.name],
                |r| r.get(0),
            )
            .optional()?;
        if repos.is_some() {
            return Err(ApiError::conflict(
                Resource::Domain,
                &d.name,
                format!(
                    "Domain '{}' cannot be deleted because it contains repositories.",
                    d.name
                ),
            ));
        }
        let desc = description(tx, ctx, &d, "Deleted")?;
        tx.execute(
            "DELETE FROM domains WHERE owner = ?1 AND name = ?2",
            [&d.owner, &d.name],
        )?;
        super::tags::drop_tags(tx, &super::domain_arn(ctx, &d))?;
        Ok(json!({ "domain": desc }))
    })
}

fn authorization_token(store: &Store, ctx: &Ctx, input: &Value) -> ApiResult<Value> {
    let duration = match input.get("durationSeconds").and_then(Value::as_i64) {
        None | Some(0) => 43_200,
        Some(s) if (900..=43_200).contains(&s) => s,
        Some(s) => {
            return Err(ApiError::validation(format!(
                "1 validation error detected: Value '{s}' at 'durationSeconds' failed to satisfy constraint: \
                 Member must be 0 or between 900 and 43200"
            )));
        }
    };
    store.read(|tx| {
        let d = resolve_domain(tx, ctx, input)?;
        let token = format!(
            "eyJ2ZXIiOjEsImlzdSI6{}",
            super::new_revision(&d.name).replace(['+', '/', '='], "")
        );
        Ok(json!({ "authorizationToken": token, "expiration": time(ctx.now + duration as f64) }))
    })
}

fn repository_endpoint(store: &Store, ctx: &Ctx, input: &Value) -> ApiResult<Value> {
    let format = req_str(input, "format")?;
    store.read(|tx| {
        let repo = resolve_repo(tx, ctx, input)?;
        // inferred: the dual-stack host is not documented; both types get the CLI sample's form.
        let host = "amazonaws.com";
        let url = format!(
            "https://{}-{}.d.codeartifact.{}.{host}/{format}/{}/",
            repo.domain.name, repo.domain.owner, ctx.region, repo.name
        );
        Ok(json!({ "repositoryEndpoint": url }))
    })
}
