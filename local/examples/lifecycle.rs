//! The README's quickstart: a package-version lifecycle against the embedded
//! emulator, through the SDK's client, with no AWS account.
//!
//! ```sh
//! cargo run --release --example lifecycle
//! ```
//!
//! It starts `codeartifact-local` in-process on 127.0.0.1 (SQLite storage in
//! a fresh temporary directory), creates a domain and a repository, publishes
//! 20 versions of a generic package, archives all but the newest 3 with
//! `expectedStatus` and `versionRevisions`, shows a stale-revision failure
//! with its SKIPPED sibling, and prints the versions by status.

use std::collections::{BTreeMap, HashMap};
use std::error::Error;

use codeartifact::types::{PackageFormat, PackageVersionStatus};
use codeartifact::{ByteStream, Client, Config, Credentials};
use codeartifact_local::{Options, Server};

const DOMAIN: &str = "demo";
const REPOSITORY: &str = "releases";
const NAMESPACE: &str = "tools";
const PACKAGE: &str = "cli";
const VERSIONS: usize = 20;
const KEEP: usize = 3;

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let data_dir =
        std::env::temp_dir().join(format!("codeartifact-lifecycle-{}", std::process::id()));
    let server = Server::start(Options::persistent(&data_dir)).await?;
    println!(
        "emulator: {} (data in {})",
        server.endpoint_url(),
        data_dir.display()
    );

    let result = run(&server.endpoint_url()).await;
    server.shutdown().await;
    if let Err(e) = std::fs::remove_dir_all(&data_dir) {
        eprintln!("note: could not remove {}: {e}", data_dir.display());
    }
    result
}

async fn run(endpoint: &str) -> Result<(), Box<dyn Error>> {
    // The emulator's default account: access key `test`, secret `test`.
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::from_keys("test", "test", None))
        .endpoint_url(endpoint)
        .build();
    let client = Client::new(config);

    let domain = client.create_domain().domain(DOMAIN).send().await?;
    let owner = domain
        .domain()
        .and_then(|d| d.owner())
        .unwrap_or("000000000000")
        .to_owned();
    client
        .create_repository()
        .domain(DOMAIN)
        .repository(REPOSITORY)
        .description("release builds")
        .send()
        .await?;
    println!("created domain {DOMAIN} (owner {owner}) and repository {REPOSITORY}");

    let revisions = publish_versions(&client).await?;
    println!(
        "published {} versions of {NAMESPACE}/{PACKAGE}",
        revisions.len()
    );

    archive_all_but_newest(&client, &revisions).await?;
    stale_revision_attempt(&client, &revisions).await?;
    print_versions_by_status(&client).await
}

/// Publishes versions 1.0.0 ..= 1.0.19, oldest first; returns (version, revision)
/// in publishing order.
async fn publish_versions(client: &Client) -> Result<Vec<(String, String)>, Box<dyn Error>> {
    let mut published = Vec::with_capacity(VERSIONS);
    for i in 0..VERSIONS {
        let version = format!("1.0.{i}");
        let asset = format!("#!/bin/sh\necho {PACKAGE} {version}\n").into_bytes();
        let out = client
            .publish_package_version()
            .domain(DOMAIN)
            .repository(REPOSITORY)
            .format(PackageFormat::Generic)
            .namespace(NAMESPACE)
            .package(PACKAGE)
            .package_version(&version)
            .asset_name(format!("{PACKAGE}-{version}.sh"))
            .asset_content(ByteStream::from(asset))
            .send()
            .await?;
        let revision = out
            .version_revision()
            .ok_or("publish returned no revision")?
            .to_owned();
        published.push((version, revision));
    }
    Ok(published)
}

/// Archives every version but the newest `KEEP`, in one call, guarded by the
/// status and revision each version had when we published it.
async fn archive_all_but_newest(
    client: &Client,
    published: &[(String, String)],
) -> Result<(), Box<dyn Error>> {
    let old = &published[..published.len() - KEEP];
    let mut request = client
        .update_package_versions_status()
        .domain(DOMAIN)
        .repository(REPOSITORY)
        .format(PackageFormat::Generic)
        .namespace(NAMESPACE)
        .package(PACKAGE)
        .expected_status(PackageVersionStatus::Published)
        .target_status(PackageVersionStatus::Archived);
    for (version, revision) in old {
        request = request
            .versions(version)
            .version_revisions(version, revision);
    }
    let out = request.send().await?;
    let ok = out.successful_versions().map_or(0, HashMap::len);
    let failed = out.failed_versions().map_or(0, HashMap::len);
    println!(
        "\narchive {} old versions (expectedStatus=Published, with revisions): {ok} archived, {failed} failed",
        old.len()
    );
    Ok(())
}

/// Tries to unlist two of the kept versions with a stale revision for one of
/// them: that one fails with MISMATCHED_REVISION, the other is SKIPPED, and
/// nothing changes.
async fn stale_revision_attempt(
    client: &Client,
    published: &[(String, String)],
) -> Result<(), Box<dyn Error>> {
    let (stale_version, current) = &published[published.len() - 2];
    let (sibling, sibling_revision) = &published[published.len() - 1];
    let out = client
        .update_package_versions_status()
        .domain(DOMAIN)
        .repository(REPOSITORY)
        .format(PackageFormat::Generic)
        .namespace(NAMESPACE)
        .package(PACKAGE)
        .versions(stale_version)
        .versions(sibling)
        .version_revisions(stale_version, "a-revision-that-is-not-current")
        .version_revisions(sibling, sibling_revision)
        .target_status(PackageVersionStatus::Unlisted)
        .send()
        .await?;
    println!("\nunlist {stale_version} with a stale revision (current {current}) and {sibling}:");
    let failed: BTreeMap<_, _> = out.failed_versions().into_iter().flatten().collect();
    for (version, error) in failed {
        let code = error.error_code().map_or("?", |c| c.as_str());
        println!(
            "  {version:<8} {code:<20} {}",
            error.error_message().unwrap_or("")
        );
    }
    let changed = out.successful_versions().map_or(0, HashMap::len);
    println!("  versions changed: {changed}");
    Ok(())
}

async fn print_versions_by_status(client: &Client) -> Result<(), Box<dyn Error>> {
    let versions = client
        .list_package_versions()
        .domain(DOMAIN)
        .repository(REPOSITORY)
        .format(PackageFormat::Generic)
        .namespace(NAMESPACE)
        .package(PACKAGE)
        .max_results(7)
        .into_paginator()
        .items()
        .try_collect()
        .await?;
    let mut by_status: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for v in &versions {
        by_status
            .entry(v.status().as_str().to_owned())
            .or_default()
            .push(v.version().to_owned());
    }
    println!(
        "\n{:<10} {:>5}  versions (listed in pages of 7)",
        "status", "count"
    );
    println!("{:-<10} {:->5}  {:-<40}", "", "", "");
    for (status, mut list) in by_status {
        list.sort_by_key(|v| v.rsplit('.').next().and_then(|p| p.parse::<u32>().ok()));
        println!("{status:<10} {:>5}  {}", list.len(), list.join(", "));
    }
    Ok(())
}
