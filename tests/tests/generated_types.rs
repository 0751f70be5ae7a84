//! Behaviour of the generated types: enums keep unknown values, JSON uses
//! the model's member names, missing required output members get defaults,
//! sensitive members never print, errors dispatch on their code.

use codeartifact::operation::describe_package::DescribePackageOutput;
use codeartifact::operation::get_authorization_token::GetAuthorizationTokenOutput;
use codeartifact::operation::update_package_versions_status::{
    UpdatePackageVersionsStatusError, UpdatePackageVersionsStatusInput,
};
use codeartifact::runtime::operation::ErrorParts;
use codeartifact::runtime::schema::ShapeKind;
use codeartifact::types::{
    DomainDescription, PackageFormat, PackageVersionOriginType, PackageVersionStatus,
};
use codeartifact::{DateTime, Error};
use serde_json::json;

#[test]
fn enums_round_trip_known_and_unknown_values() {
    assert_eq!(PackageFormat::from("npm"), PackageFormat::Npm);
    assert_eq!("cargo".parse::<PackageFormat>(), Ok(PackageFormat::Cargo));
    let future = PackageFormat::from("zig");
    assert!(matches!(future, PackageFormat::Unknown(_)));
    assert_eq!(future.as_str(), "zig");
    assert_eq!(future.to_string(), "zig");
    assert_eq!(serde_json::to_value(&future).unwrap(), json!("zig"));
    let back: PackageFormat = serde_json::from_value(json!("zig")).unwrap();
    assert_eq!(back, future);
    // The model value `UNKNOWN` is a real variant, distinct from the catch-all.
    assert_eq!(
        PackageVersionOriginType::from("UNKNOWN"),
        PackageVersionOriginType::UnknownValue
    );
    assert_eq!(PackageVersionOriginType::UnknownValue.as_str(), "UNKNOWN");
    assert_eq!(
        PackageVersionStatus::from("PUBLISHED_X").as_str(),
        "PUBLISHED_X"
    );
}

#[test]
fn enum_values_match_the_schema() {
    let ShapeKind::String { enum_values, .. } = &codeartifact::schema::PACKAGE_FORMAT.kind else {
        panic!("PackageFormat schema is not a string");
    };
    assert_eq!(PackageFormat::values(), *enum_values);
    for value in PackageFormat::values() {
        let parsed = PackageFormat::from(*value);
        assert!(
            !matches!(parsed, PackageFormat::Unknown(_)),
            "{value} is known"
        );
        assert_eq!(parsed.as_str(), *value);
    }
}

#[test]
fn json_uses_model_member_names_and_skips_unset_members() {
    let input = UpdatePackageVersionsStatusInput::builder()
        .domain("d")
        .domain_owner("123456789012")
        .repository("r")
        .format("npm")
        .package("p")
        .versions("1.0")
        .versions("2.0")
        .version_revisions("1.0", "rev")
        .target_status(PackageVersionStatus::Archived)
        .build()
        .unwrap();
    let value = serde_json::to_value(&input).unwrap();
    assert_eq!(
        value,
        json!({
            "domain": "d",
            "domainOwner": "123456789012",
            "repository": "r",
            "format": "npm",
            "package": "p",
            "versions": ["1.0", "2.0"],
            "versionRevisions": {"1.0": "rev"},
            "targetStatus": "Archived",
        })
    );
    let back: UpdatePackageVersionsStatusInput = serde_json::from_value(value).unwrap();
    assert_eq!(back, input);
}

#[test]
fn missing_required_output_members_default_and_unknown_fields_are_ignored() {
    let output: DescribePackageOutput = serde_json::from_value(json!({"surprise": 1})).unwrap();
    assert_eq!(output.package().name(), None);
    let domain: DomainDescription = serde_json::from_value(json!({
        "name": "d",
        "createdTime": 1566002944.273,
        "repositoryCount": 3,
        "status": "Active",
        "newField": {"nested": true},
    }))
    .unwrap();
    assert_eq!(domain.name(), Some("d"));
    assert_eq!(domain.repository_count(), Some(3));
    let created = domain.created_time().unwrap();
    assert_eq!(created.secs(), 1566002944);
    assert_eq!(created.subsec_nanos(), 273_000_000);
    assert_eq!(
        serde_json::to_value(DateTime::from_secs(5)).unwrap(),
        json!(5)
    );
}

#[test]
fn sensitive_members_are_redacted_in_debug() {
    let output = GetAuthorizationTokenOutput::builder()
        .authorization_token("s3cr3t-token")
        .build();
    let printed = format!("{output:?}");
    assert!(!printed.contains("s3cr3t-token"), "{printed}");
    assert!(
        printed.contains("*** Sensitive Data Redacted ***"),
        "{printed}"
    );
    assert_eq!(output.authorization_token(), Some("s3cr3t-token"));
}

fn parts(code: &str, document: serde_json::Value) -> ErrorParts {
    ErrorParts {
        code: code.to_owned(),
        message: Some("no such package".to_owned()),
        request_id: Some("req-1".to_owned()),
        status: 404,
        document,
    }
}

#[test]
fn modeled_errors_dispatch_on_their_code() {
    let doc = json!({"message": "no such package", "resourceId": "p", "resourceType": "package"});
    let error =
        UpdatePackageVersionsStatusError::from_parts(parts("ResourceNotFoundException", doc));
    assert!(error.is_resource_not_found_exception());
    assert!(!error.is_throttling_exception());
    assert_eq!(error.code(), Some("ResourceNotFoundException"));
    assert_eq!(error.message(), Some("no such package"));
    assert_eq!(error.request_id(), Some("req-1"));
    assert_eq!(
        error.to_string(),
        "ResourceNotFoundException: no such package"
    );
    let UpdatePackageVersionsStatusError::ResourceNotFoundException(inner) = &error else {
        panic!("{error:?}");
    };
    assert_eq!(inner.resource_id(), Some("p"));
    let service: Error = error.into();
    assert!(service.is_resource_not_found_exception());
    assert_eq!(
        service.to_string(),
        "ResourceNotFoundException: no such package"
    );
}

#[test]
fn unmodeled_or_malformed_errors_are_unhandled_with_their_code() {
    let error =
        UpdatePackageVersionsStatusError::from_parts(parts("SomethingNewException", json!({})));
    assert!(matches!(
        error,
        UpdatePackageVersionsStatusError::Unhandled(_)
    ));
    assert_eq!(error.code(), Some("SomethingNewException"));
    assert!(error.to_string().contains("SomethingNewException"));
    // ServiceQuotaExceededException is modeled, but not for this operation.
    let error = UpdatePackageVersionsStatusError::from_parts(parts(
        "ServiceQuotaExceededException",
        json!({}),
    ));
    assert!(matches!(
        error,
        UpdatePackageVersionsStatusError::Unhandled(_)
    ));
    let error = UpdatePackageVersionsStatusError::from_parts(parts(
        "ConflictException",
        json!({"message": 5}),
    ));
    assert!(matches!(
        error,
        UpdatePackageVersionsStatusError::Unhandled(_)
    ));
    assert!(
        std::error::Error::source(&error).is_some(),
        "the decoding failure is the source"
    );
}

#[test]
fn throttling_keeps_retry_after() {
    use codeartifact::operation::list_domains::ListDomainsError;
    let doc = json!({"message": "slow down", "retryAfterSeconds": 7});
    let ListDomainsError::ThrottlingException(e) =
        ListDomainsError::from_parts(parts("ThrottlingException", doc))
    else {
        panic!("not throttling");
    };
    assert_eq!(e.retry_after_seconds(), Some(7));
    assert_eq!(e.message(), "slow down");
}

#[test]
fn service_spec_lists_every_operation_with_its_bindings() {
    let service = &codeartifact::service::SERVICE;
    assert_eq!(service.operations.len(), 48);
    assert_eq!(service.signing_name, "codeartifact");
    assert_eq!(
        service
            .operations
            .iter()
            .filter(|o| o.paginator.is_some())
            .count(),
        10
    );
    let publish = service
        .operations
        .iter()
        .find(|o| o.name == "PublishPackageVersion")
        .unwrap();
    let sha = publish.input.member("assetSHA256").unwrap();
    assert_eq!(
        sha.location,
        codeartifact::runtime::schema::Location::Header("x-amz-content-sha256")
    );
    assert_eq!(
        publish.input.payload_member().map(|m| m.name),
        Some("assetContent")
    );
    let throttling = publish.error("ThrottlingException").unwrap();
    assert_eq!(
        throttling.member("retryAfterSeconds").unwrap().location,
        codeartifact::runtime::schema::Location::Header("Retry-After")
    );
    assert_eq!(throttling.error_info().unwrap().status, 429);
    assert!(serde_json::from_str::<serde_json::Value>(service.endpoint_rule_set).is_ok());
    assert!(serde_json::from_str::<serde_json::Value>(service.partitions).is_ok());
}

#[test]
fn server_built_errors_carry_code_status_and_body() {
    use codeartifact::types::error::ResourceNotFoundException;
    let missing = ResourceNotFoundException::builder().build();
    assert_eq!(missing.unwrap_err().missing, vec!["message"]);
    let exception = ResourceNotFoundException::builder()
        .message("gone")
        .resource_id("p")
        .build()
        .unwrap();
    assert_eq!(exception.to_string(), "ResourceNotFoundException: gone");
    let error = Error::from(exception);
    assert_eq!(error.code(), Some("ResourceNotFoundException"));
    assert_eq!(
        error
            .schema()
            .and_then(|s| s.error_info())
            .map(|i| i.status),
        Some(404)
    );
    assert_eq!(
        error.to_document().unwrap(),
        json!({"message": "gone", "resourceId": "p"})
    );
}
