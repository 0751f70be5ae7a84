//! Every claim of `MIGRATING.md` about our call surface, compiled and run
//! against a scripted transport, so the document stays true.

use std::time::Duration;

use codeartifact::config::{RetryConfig, StaticReplay, TimeoutConfig};
use codeartifact::operation::describe_package_version::DescribePackageVersionError;
use codeartifact::operation::update_package_versions_status::{
    UpdatePackageVersionsStatusError, UpdatePackageVersionsStatusFluentBuilder,
    UpdatePackageVersionsStatusInput, UpdatePackageVersionsStatusInputBuilder,
};
use codeartifact::types::{PackageFormat, PackageVersionStatus};
use codeartifact::{
    Blob, BuildError, ByteStream, Client, Config, Credentials, DateTime, ProvideErrorMetadata,
    Region, SdkError,
};
use codeartifact_runtime::time::FakeTime;
use codeartifact_runtime::transport::{HttpResponse, ReplayEvent};

fn config(replay: &StaticReplay) -> Config {
    let time = FakeTime::default();
    Config::builder()
        .region(Region::new("us-west-2"))
        .credentials_provider(Credentials::new("AKIDMIGRATE", "secret", None, None, "doc"))
        .retry_config(RetryConfig::standard().with_max_attempts(3))
        .timeout_config(TimeoutConfig {
            // Read timeout only: with the fake clock an operation timeout
            // would fire at once.
            read: Some(Duration::from_secs(30)),
            ..TimeoutConfig::default()
        })
        .http_client(replay.clone())
        .sleep_impl(time.clone())
        .clock(time)
        .build()
}

fn ok(body: &str) -> ReplayEvent {
    ReplayEvent::ok(
        HttpResponse::json(200, body.to_owned()).with_header("x-amzn-RequestId", "req-ok"),
    )
}

fn error(status: u16, code: &str, message: &str) -> ReplayEvent {
    ReplayEvent::ok(
        HttpResponse::json(status, format!(r#"{{"message":"{message}"}}"#))
            .with_header("x-amzn-ErrorType", code)
            .with_header("x-amzn-RequestId", "req-mig"),
    )
}

/// `Client::new(&config)` (official spelling) and `Client::new(config)`;
/// the fluent call of the issue, unchanged.
#[tokio::test]
async fn the_official_call_compiles_and_runs() {
    let replay = StaticReplay::new(vec![ok(
        r#"{"successfulVersions":{"12.6.9":{"revision":"REVISION","status":"Archived"}},"failedVersions":{}}"#,
    )]);
    let config = config(&replay);
    let client = Client::new(&config);
    let _also = Client::new(config.clone());
    let _and = Client::from_conf(config);
    let out = client
        .update_package_versions_status()
        .domain("my-domain")
        .domain_owner("111122223333")
        .repository("my-repo")
        .format(PackageFormat::Npm)
        .namespace("types")
        .package("node")
        .versions("12.6.9")
        .versions("12.6.10")
        .version_revisions("12.6.9", "REVISION")
        .expected_status(PackageVersionStatus::Published)
        .target_status(PackageVersionStatus::Archived)
        .send()
        .await
        .expect("scripted 200");
    // `RequestId` on outputs, imported from where the official SDK has it.
    {
        use codeartifact::operation::RequestId;
        assert_eq!(out.request_id(), Some("req-ok"));
    }
    let info = &out.successful_versions().expect("present")["12.6.9"];
    assert_eq!(info.status(), Some(&PackageVersionStatus::Archived));
    let sent: serde_json::Value = serde_json::from_slice(&replay.requests()[0].body).expect("JSON");
    assert_eq!(sent["versions"], serde_json::json!(["12.6.9", "12.6.10"]));
}

/// One builder type per operation; `build()` gives the input, whose
/// required members are plain values, and `BuildError` lists them all.
#[test]
fn one_builder_and_required_members_without_option() {
    let builder: UpdatePackageVersionsStatusFluentBuilder =
        UpdatePackageVersionsStatusInput::builder();
    let _same: UpdatePackageVersionsStatusInputBuilder = builder.clone();
    let err: BuildError = builder.clone().domain("d").build().expect_err("missing");
    assert_eq!(
        err.missing,
        vec![
            "format",
            "package",
            "repository",
            "target_status",
            "versions"
        ]
    );
    let input = builder
        .domain("d")
        .repository("r")
        .format("npm")
        .package("p")
        .versions("1.0.0")
        .target_status(PackageVersionStatus::Archived)
        .build()
        .expect("complete");
    let domain: &str = input.domain();
    let versions: &[String] = input.versions();
    let namespace: Option<&str> = input.namespace();
    assert_eq!((domain, versions.len(), namespace), ("d", 1, None));
    assert_eq!(input.format(), &PackageFormat::Npm);
}

/// Required output members are not `Option` either.
#[tokio::test]
async fn required_output_members_are_plain() {
    let replay = StaticReplay::new(vec![ok(
        r#"{"packageVersion":{"packageName":"p","version":"1.0.0","status":"Published","publishedTime":1700000000.5}}"#,
    )]);
    let out = Client::new(config(&replay))
        .describe_package_version()
        .domain("d")
        .repository("r")
        .format(PackageFormat::Npm)
        .package("p")
        .package_version("1.0.0")
        .send()
        .await
        .expect("scripted 200");
    let description: &codeartifact::types::PackageVersionDescription = out.package_version();
    assert_eq!(description.version(), Some("1.0.0"));
    {
        use codeartifact::operation::RequestId;
        assert_eq!(out.request_id(), Some("req-ok"), "typed fast path too");
        let built = codeartifact::operation::describe_package_version::DescribePackageVersionOutput::builder().build();
        assert!(built.is_err_and(|e| e.missing == ["package_version"]));
    }
    let published: Option<DateTime> = description.published_time();
    let _plain: fn(
        &codeartifact::operation::describe_package::DescribePackageOutput,
    ) -> &codeartifact::types::PackageDescription =
        codeartifact::operation::describe_package::DescribePackageOutput::package;
    assert_eq!(published.map(|t| t.to_millis()), Some(1_700_000_000_500));
}

/// Errors: variants, methods, the trait, `Display`, attempts, `Retry-After`.
#[tokio::test]
async fn errors_as_documented() {
    let replay = StaticReplay::new(vec![
        ReplayEvent::ok(
            HttpResponse::json(429, r#"{"message":"slow down"}"#.to_owned())
                .with_header("x-amzn-ErrorType", "ThrottlingException")
                .with_header("Retry-After", "2"),
        ),
        error(404, "ResourceNotFoundException", "no such package"),
    ]);
    let time = FakeTime::default();
    let client = Client::new(
        config(&replay)
            .to_builder()
            .clock(time.clone())
            .sleep_impl(time.clone())
            .build(),
    );
    let err = client
        .describe_package_version()
        .domain("d")
        .repository("r")
        .format(PackageFormat::Npm)
        .package("p")
        .package_version("9.9.9")
        .send()
        .await
        .expect_err("404 after a throttle");
    assert_eq!(err.code(), Some("ResourceNotFoundException"));
    assert_eq!(err.message(), Some("no such package"));
    assert_eq!(err.request_id(), Some("req-mig"));
    assert_eq!(err.attempts(), 2);
    assert_eq!(err.raw_status(), Some(404));
    assert_eq!(
        err.to_string(),
        "ResourceNotFoundException: no such package (HTTP 404, request id req-mig, after 2 attempts)"
    );
    assert!(
        err.as_service_error()
            .is_some_and(DescribePackageVersionError::is_resource_not_found_exception)
    );
    assert!(
        time.sleeps().contains(&Duration::from_secs(2)),
        "Retry-After honoured: {:?}",
        time.sleeps()
    );
    match err.into_service_error() {
        DescribePackageVersionError::ResourceNotFoundException(e) => {
            assert_eq!(e.message(), "no such package")
        }
        other => panic!("{other:?}"),
    }
    // Construction errors name every missing field.
    let err = client
        .update_package_versions_status()
        .send()
        .await
        .expect_err("nothing set");
    assert!(matches!(err, SdkError::Construction(_)));
    assert!(
        err.to_string()
            .contains("domain, format, package, repository, target_status, versions"),
        "{err}"
    );
    let as_enum: UpdatePackageVersionsStatusError = err.into_service_error();
    assert_eq!(as_enum.code(), None);
}

/// `?` into the service-level `codeartifact::Error`.
#[tokio::test]
async fn question_mark_into_the_service_error() {
    async fn app(client: &Client) -> Result<usize, codeartifact::Error> {
        let out = client.list_domains().send().await?;
        Ok(out.domains().len())
    }
    let replay = StaticReplay::new(vec![error(403, "AccessDeniedException", "no")]);
    let err = app(&Client::new(config(&replay))).await.expect_err("403");
    assert!(err.is_access_denied_exception());
}

/// Paginators: pages and items, `next()` and `try_collect()`.
#[tokio::test]
async fn paginators_as_documented() {
    let replay = StaticReplay::new(vec![
        ok(r#"{"packages":[{"package":"a"}],"nextToken":"t1"}"#),
        ok(r#"{"packages":[{"package":"b"}]}"#),
        ok(r#"{"packages":[{"package":"c"}]}"#),
        ok(r#"{"packages":[{"package":"d"}]}"#),
    ]);
    let client = Client::new(config(&replay));
    let list = || client.list_packages().domain("d").repository("r");
    let mut pages = list().into_paginator().send();
    let mut names = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.expect("page");
        names.extend(
            page.packages()
                .iter()
                .filter_map(|p| p.package())
                .map(str::to_owned),
        );
    }
    assert_eq!(names, ["a", "b"]);
    let items = list()
        .into_paginator()
        .items()
        .try_collect()
        .await
        .expect("items");
    assert_eq!(items.len(), 1);
    // The official spelling, `.items().send()`, also compiles.
    let mut items = list().into_paginator().items().send();
    assert!(items.next().await.is_some(), "the script's last page");
}

/// `ByteStream`, `Blob` and `DateTime` as the document describes them.
#[tokio::test]
async fn primitives_as_documented() {
    let from_bytes = ByteStream::from(b"abc".to_vec());
    assert_eq!(from_bytes.collect().await.expect("bytes").as_ref(), b"abc");
    let from_file = ByteStream::from_path("/definitely/not/here");
    assert!(
        from_file.collect().await.is_err(),
        "files are opened when read"
    );
    assert_eq!(Blob::new(vec![1u8, 2]).as_bytes(), &[1, 2]);
    let t = DateTime::from_secs(1_700_000_000);
    assert_eq!(t.to_rfc3339(), "2023-11-14T22:13:20Z");
    assert_eq!(
        std::time::SystemTime::from(t),
        std::time::UNIX_EPOCH + Duration::from_secs(1_700_000_000)
    );
}
