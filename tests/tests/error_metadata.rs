//! `ProvideErrorMetadata` as an aws-sdk user reaches for it: on the
//! `SdkError` of a call, on the operation's error enum, on the exception
//! struct inside it and on the service-level `Error`, all read from real
//! error responses of a local server.

#[allow(dead_code)]
#[path = "../../runtime/tests/support/server.rs"]
mod server;

use codeartifact::operation::update_package_versions_status::UpdatePackageVersionsStatusError;
use codeartifact::types::error::ResourceNotFoundException;
use codeartifact::types::{PackageFormat, PackageVersionStatus, ResourceType};
use codeartifact::{Client, Config, Credentials, ProvideErrorMetadata, SdkError};
use server::{Act, Server};

fn client(server: &Server) -> Client {
    let config = Config::builder()
        .region("us-west-2")
        .credentials_provider(Credentials::from_keys("AKIDERRORS", "secret", None))
        .endpoint_url(server.url())
        .build();
    Client::new(config)
}

async fn archive(client: &Client) -> Result<(), SdkError<UpdatePackageVersionsStatusError>> {
    client
        .update_package_versions_status()
        .domain("my-domain")
        .repository("my-repo")
        .format(PackageFormat::Npm)
        .package("left-pad")
        .versions("1.0.0")
        .target_status(PackageVersionStatus::Archived)
        .send()
        .await
        .map(drop)
}

/// What generic code sees through the trait alone.
fn metadata(e: &impl ProvideErrorMetadata) -> [Option<String>; 3] {
    [e.code(), e.message(), e.request_id()].map(|s| s.map(str::to_owned))
}

fn owned(code: &str, message: &str, request_id: &str) -> [Option<String>; 3] {
    [code, message, request_id].map(|s| Some(s.to_owned()))
}

fn not_found_response() -> Act {
    Act::Reply {
        status: 404,
        headers: vec![
            (
                "x-amzn-ErrorType".to_owned(),
                "ResourceNotFoundException:http://internal.amazon.com/coral/com.amazonaws.codeartifact/".to_owned(),
            ),
            ("x-amzn-RequestId".to_owned(), "req-404-abc".to_owned()),
        ],
        body: r#"{"message":"Package left-pad not found","resourceId":"left-pad","resourceType":"package"}"#
            .to_owned(),
    }
}

#[tokio::test]
async fn modeled_error_metadata_through_the_trait_at_every_level() {
    let server = Server::start(vec![not_found_response()]).await;
    let err = archive(&client(&server)).await.expect_err("404");
    let want = owned(
        "ResourceNotFoundException",
        "Package left-pad not found",
        "req-404-abc",
    );
    assert_eq!(metadata(&err), want, "SdkError");
    assert_eq!(err.attempts(), 1, "a 404 is not retried");
    assert_eq!(err.raw_status(), Some(404));
    let display = err.to_string();
    assert!(
        display.contains("ResourceNotFoundException: Package left-pad not found"),
        "{display}"
    );

    let service = err.as_service_error().expect("a modeled service error");
    assert!(service.is_resource_not_found_exception());
    assert!(!service.is_conflict_exception());
    assert_eq!(metadata(service), want, "operation error enum");

    let exception: ResourceNotFoundException = match err.into_service_error() {
        UpdatePackageVersionsStatusError::ResourceNotFoundException(e) => e,
        other => panic!("expected ResourceNotFoundException, got {other:?}"),
    };
    assert_eq!(metadata(&exception), want, "exception struct");
    assert_eq!(exception.resource_id(), Some("left-pad"));
    assert_eq!(exception.resource_type(), Some(&ResourceType::Package));
    assert_eq!(server.seen().len(), 1);
}

/// `?` into the service-level `Error` keeps the metadata and the variant.
#[tokio::test]
async fn service_level_error_keeps_the_metadata() {
    async fn app(client: &Client) -> Result<(), codeartifact::Error> {
        archive(client).await?;
        Ok(())
    }
    let server = Server::start(vec![not_found_response()]).await;
    let err = app(&client(&server)).await.expect_err("404");
    assert!(err.is_resource_not_found_exception());
    assert_eq!(
        metadata(&err),
        owned(
            "ResourceNotFoundException",
            "Package left-pad not found",
            "req-404-abc"
        )
    );
}

/// An error code the model does not list for the operation, read from the
/// body's `__type` (namespace stripped): `Unhandled`, metadata kept.
#[tokio::test]
async fn unmodeled_error_code_is_unhandled_with_its_metadata() {
    let body =
        r#"{"__type":"com.amazonaws.codeartifact#BrandNewException","message":"not in the model"}"#;
    let server = Server::start(vec![
        Act::json(400, body).with_header("x-amzn-RequestId", "req-400-new"),
    ])
    .await;
    let err = archive(&client(&server)).await.expect_err("400");
    let want = owned("BrandNewException", "not in the model", "req-400-new");
    assert_eq!(metadata(&err), want, "SdkError");
    match err.as_service_error() {
        Some(e @ UpdatePackageVersionsStatusError::Unhandled(u)) => {
            assert_eq!(metadata(e), want, "operation error enum");
            assert_eq!(metadata(u), want, "Unhandled");
        }
        other => panic!("expected Unhandled, got {other:?}"),
    }
}

/// Failures without a response have no metadata, through the same trait.
#[tokio::test]
async fn errors_without_a_response_have_no_metadata() {
    let server = Server::start(Vec::new()).await;
    let err = client(&server)
        .update_package_versions_status()
        .domain("my-domain")
        .send()
        .await
        .expect_err("required members missing");
    assert!(matches!(err, SdkError::Construction(_)), "{err:?}");
    assert_eq!(metadata(&err), [None, None, None]);
    assert!(err.as_service_error().is_none());
    // As in the official SDK, the enum's `Unhandled` carries the failure.
    match err.into_service_error() {
        e @ UpdatePackageVersionsStatusError::Unhandled(_) => {
            assert_eq!(metadata(&e), [None, None, None]);
            let text = e.to_string();
            assert!(
                text.contains("repository") && text.contains("package"),
                "names the missing fields: {text}"
            );
        }
        other => panic!("expected Unhandled, got {other:?}"),
    }
    assert!(server.seen().is_empty(), "nothing was sent");
}

/// A hand-built exception (as a mock would build one) answers like one
/// read from a response: its code is its shape name.
#[test]
fn hand_built_exception_answers_code_and_message() {
    let e = ResourceNotFoundException::builder()
        .message("gone")
        .build()
        .expect("message is its only required member");
    assert_eq!(e.code(), Some("ResourceNotFoundException"));
    assert_eq!(ProvideErrorMetadata::message(&e), Some("gone"));
    assert_eq!(e.request_id(), None);
    assert_eq!(e.to_string(), "ResourceNotFoundException: gone");
}
