//! The issue-4 lifecycle through this workspace's own SDK client, against
//! the in-process emulator (`Server::start`).

use codeartifact::operation::{
    create_domain::CreateDomain, create_repository::CreateRepository, delete_domain::DeleteDomain,
    delete_package_versions::DeletePackageVersions, delete_repository::DeleteRepository,
    dispose_package_versions::DisposePackageVersions,
    get_authorization_token::GetAuthorizationToken,
    get_package_version_asset::GetPackageVersionAsset,
    get_repository_endpoint::GetRepositoryEndpoint, list_package_versions::ListPackageVersions,
    publish_package_version::PublishPackageVersion,
    update_package_versions_status::UpdatePackageVersionsStatus,
};
use codeartifact::runtime::operation::Operation;
use codeartifact::{ByteStream, Client, Config, Credentials};
use codeartifact_local::{Options, Server};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

async fn call<O: Operation>(client: &Client, input: Value) -> Result<Value, String> {
    call_with::<O>(client, input, None).await
}

async fn call_with<O: Operation>(
    client: &Client,
    input: Value,
    payload: Option<Vec<u8>>,
) -> Result<Value, String> {
    let mut input: O::Input = serde_json::from_value(input).map_err(|e| format!("input: {e}"))?;
    if let Some(bytes) = payload {
        O::set_input_payload(&mut input, ByteStream::from(bytes));
    }
    let mut output = client
        .handle()
        .call::<O>(input)
        .await
        .map_err(|e| e.to_string())?;
    let mut doc = serde_json::to_value(&output).map_err(|e| e.to_string())?;
    if let Some(stream) = O::take_output_payload(&mut output) {
        let bytes = stream.collect().await.map_err(|e| e.to_string())?;
        doc["asset"] = json!(String::from_utf8_lossy(&bytes));
    }
    Ok(doc)
}

fn pkg(extra: Value) -> Value {
    let mut base = json!({ "domain": "demo", "repository": "releases", "format": "generic", "namespace": "tools", "package": "cli" });
    if let (Some(b), Some(e)) = (base.as_object_mut(), extra.as_object()) {
        b.extend(e.clone());
    }
    base
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sdk_client_runs_the_lifecycle() {
    let server = Server::start(Options::in_memory()).await.expect("emulator");
    let config = Config::builder()
        .region("us-east-1")
        .credentials_provider(Credentials::from_keys("test", "test", None))
        .endpoint_url(server.endpoint_url())
        .build();
    let client = Client::new(config);
    call::<CreateDomain>(&client, json!({ "domain": "demo" }))
        .await
        .expect("domain");
    call::<CreateRepository>(
        &client,
        json!({ "domain": "demo", "repository": "releases" }),
    )
    .await
    .expect("repo");
    let mut revisions = std::collections::BTreeMap::new();
    for i in 1..=5 {
        let (v, bytes) = (format!("1.0.{i}"), format!("build {i}").into_bytes());
        let sha: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let out = call_with::<PublishPackageVersion>(
            &client,
            pkg(json!({ "packageVersion": v, "assetName": "cli.tgz", "assetSHA256": sha })),
            Some(bytes),
        )
        .await
        .expect("publish");
        assert_eq!(out["status"], "Published");
        revisions.insert(
            v,
            out["versionRevision"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
        );
    }
    let listed = call::<ListPackageVersions>(&client, pkg(json!({})))
        .await
        .expect("list");
    assert_eq!(listed["versions"].as_array().map(Vec::len), Some(5));
    let asset = call::<GetPackageVersionAsset>(
        &client,
        pkg(json!({ "packageVersion": "1.0.5", "asset": "cli.tgz" })),
    )
    .await
    .expect("asset");
    assert_eq!(asset["asset"], "build 5");
    let out = call::<UpdatePackageVersionsStatus>(&client, pkg(json!({
        "versions": ["1.0.1", "1.0.2"], "versionRevisions": { "1.0.1": revisions["1.0.1"], "1.0.2": revisions["1.0.2"] },
        "expectedStatus": "Published", "targetStatus": "Archived" })))
    .await
    .expect("archive");
    assert_eq!(
        out["successfulVersions"]["1.0.1"],
        json!({ "revision": revisions["1.0.1"], "status": "Archived" })
    );
    let out = call::<UpdatePackageVersionsStatus>(&client, pkg(json!({
        "versions": ["1.0.3", "1.0.4"], "versionRevisions": { "1.0.3": "stale" }, "targetStatus": "Unlisted" })))
    .await
    .expect("stale");
    assert_eq!(
        out["failedVersions"]["1.0.3"]["errorCode"],
        "MISMATCHED_REVISION"
    );
    assert_eq!(
        out["failedVersions"]["1.0.4"],
        json!({ "errorCode": "SKIPPED", "errorMessage": "version 1.0.4 is skipped" })
    );
    let out = call::<UpdatePackageVersionsStatus>(
        &client,
        pkg(json!({
        "versions": ["1.0.1"], "expectedStatus": "Published", "targetStatus": "Unlisted" })),
    )
    .await
    .expect("mismatch");
    assert_eq!(
        out["failedVersions"]["1.0.1"]["errorMessage"],
        "current status: Archived, expected status: Published"
    );
    let out = call::<UpdatePackageVersionsStatus>(
        &client,
        pkg(json!({ "versions": ["9.9.9"], "targetStatus": "Unlisted" })),
    )
    .await
    .expect("not found");
    assert_eq!(out["failedVersions"]["9.9.9"]["errorCode"], "NOT_FOUND");
    let out = call::<DisposePackageVersions>(&client, pkg(json!({ "versions": ["1.0.1"] })))
        .await
        .expect("dispose");
    assert_eq!(out["successfulVersions"]["1.0.1"]["status"], "Disposed");
    let out = call::<DeletePackageVersions>(&client, pkg(json!({ "versions": ["1.0.1"] })))
        .await
        .expect("delete");
    assert_eq!(out["successfulVersions"]["1.0.1"]["status"], "Deleted");
    let token = call::<GetAuthorizationToken>(&client, json!({ "domain": "demo" }))
        .await
        .expect("token");
    assert!(
        token["authorizationToken"]
            .as_str()
            .is_some_and(|t| t.len() > 20)
    );
    let ep = call::<GetRepositoryEndpoint>(
        &client,
        json!({ "domain": "demo", "repository": "releases", "format": "generic" }),
    )
    .await
    .expect("endpoint");
    assert_eq!(
        ep["repositoryEndpoint"],
        "https://demo-000000000000.d.codeartifact.us-east-1.amazonaws.com/generic/releases/"
    );
    let err = call::<DeleteDomain>(&client, json!({ "domain": "demo" }))
        .await
        .expect_err("domain has repositories");
    assert!(err.contains("ConflictException"), "{err}");
    call::<DeleteRepository>(
        &client,
        json!({ "domain": "demo", "repository": "releases" }),
    )
    .await
    .expect("delete repo");
    call::<DeleteDomain>(&client, json!({ "domain": "demo" }))
        .await
        .expect("delete domain");
    server.shutdown().await;
}
