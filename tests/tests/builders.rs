//! Every operation's builder: with all required members set, `build()`
//! succeeds; with none set, it names every required member of the model.
//! The required members are read from the operation's schema, so a model
//! update that adds one fails here until the builder knows it.

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use codeartifact::operation::*;
use codeartifact::runtime::operation::Operation;
use codeartifact::types::{
    AllowPublish, AllowUpstream, PackageFormat, PackageGroupOriginRestrictionType,
    PackageOriginRestrictions, PackageVersionStatus, Tag,
};
use codeartifact::{BuildError, ByteStream};

/// Rust field name of a model member name (`assetSHA256` -> `asset_sha256`).
fn snake(name: &str) -> String {
    let mut out = String::new();
    let mut previous: Option<char> = None;
    for c in name.chars() {
        if c.is_ascii_uppercase()
            && previous.is_some_and(|p| p.is_ascii_lowercase() || p.is_ascii_digit())
        {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
        previous = Some(c);
    }
    out
}

/// The required members of `O`'s input that the builder must ask for, as
/// Rust field names, sorted. The payload hash bound to
/// `x-amz-content-sha256` is required on the wire but computed by the client
/// from the payload when the caller leaves it unset.
fn required<O: Operation>() -> Vec<String> {
    let mut names: Vec<String> = O::SPEC
        .input
        .members()
        .iter()
        .filter(|m| m.required)
        .filter(|m| {
            !matches!(m.location, codeartifact_runtime::schema::Location::Header(h)
                if h.eq_ignore_ascii_case("x-amz-content-sha256"))
        })
        .map(|m| snake(m.name))
        .collect();
    names.sort();
    names
}

fn check<O: Operation>(
    all_set: Result<O::Input, BuildError>,
    none_set: Result<O::Input, BuildError>,
) {
    if let Err(e) = all_set {
        panic!(
            "{}: build() with every required member set failed: {e}",
            O::SPEC.name
        );
    }
    let expected = required::<O>();
    match none_set {
        Ok(_) if expected.is_empty() => {}
        Ok(_) => panic!(
            "{}: build() with nothing set succeeded, expected missing {expected:?}",
            O::SPEC.name
        ),
        Err(e) => {
            let mut missing: Vec<String> = e.missing.iter().map(|m| m.to_string()).collect();
            missing.sort();
            assert_eq!(missing, expected, "{}", O::SPEC.name);
            assert!(e.invalid.is_empty(), "{}: {:?}", O::SPEC.name, e.invalid);
            for field in &expected {
                assert!(
                    e.to_string().contains(field.as_str()),
                    "{}: message {e} lacks {field}",
                    O::SPEC.name
                );
            }
        }
    }
}

/// Polls a future that must finish without waiting (no I/O happens).
fn ready<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    match future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(output) => output,
        Poll::Pending => panic!("future did not complete at once"),
    }
}

#[test]
fn every_builder_builds_and_lists_missing_members() {
    check::<associate_external_connection::AssociateExternalConnection>(
        associate_external_connection::AssociateExternalConnectionInput::builder()
            .domain("x")
            .repository("x")
            .external_connection("x")
            .build(),
        associate_external_connection::AssociateExternalConnectionInput::builder().build(),
    );
    check::<copy_package_versions::CopyPackageVersions>(
        copy_package_versions::CopyPackageVersionsInput::builder()
            .domain("x")
            .source_repository("x")
            .destination_repository("x")
            .format(PackageFormat::from("npm"))
            .package("x")
            .build(),
        copy_package_versions::CopyPackageVersionsInput::builder().build(),
    );
    check::<create_domain::CreateDomain>(
        create_domain::CreateDomainInput::builder()
            .domain("x")
            .build(),
        create_domain::CreateDomainInput::builder().build(),
    );
    check::<create_package_group::CreatePackageGroup>(
        create_package_group::CreatePackageGroupInput::builder()
            .domain("x")
            .package_group("x")
            .build(),
        create_package_group::CreatePackageGroupInput::builder().build(),
    );
    check::<create_repository::CreateRepository>(
        create_repository::CreateRepositoryInput::builder()
            .domain("x")
            .repository("x")
            .build(),
        create_repository::CreateRepositoryInput::builder().build(),
    );
    check::<delete_domain::DeleteDomain>(
        delete_domain::DeleteDomainInput::builder()
            .domain("x")
            .build(),
        delete_domain::DeleteDomainInput::builder().build(),
    );
    check::<delete_domain_permissions_policy::DeleteDomainPermissionsPolicy>(
        delete_domain_permissions_policy::DeleteDomainPermissionsPolicyInput::builder()
            .domain("x")
            .build(),
        delete_domain_permissions_policy::DeleteDomainPermissionsPolicyInput::builder().build(),
    );
    check::<delete_package::DeletePackage>(
        delete_package::DeletePackageInput::builder()
            .domain("x")
            .repository("x")
            .format(PackageFormat::from("npm"))
            .package("x")
            .build(),
        delete_package::DeletePackageInput::builder().build(),
    );
    check::<delete_package_group::DeletePackageGroup>(
        delete_package_group::DeletePackageGroupInput::builder()
            .domain("x")
            .package_group("x")
            .build(),
        delete_package_group::DeletePackageGroupInput::builder().build(),
    );
    check::<delete_package_versions::DeletePackageVersions>(
        delete_package_versions::DeletePackageVersionsInput::builder()
            .domain("x")
            .repository("x")
            .format(PackageFormat::from("npm"))
            .package("x")
            .versions("x")
            .build(),
        delete_package_versions::DeletePackageVersionsInput::builder().build(),
    );
    check::<delete_repository::DeleteRepository>(
        delete_repository::DeleteRepositoryInput::builder()
            .domain("x")
            .repository("x")
            .build(),
        delete_repository::DeleteRepositoryInput::builder().build(),
    );
    check::<delete_repository_permissions_policy::DeleteRepositoryPermissionsPolicy>(
        delete_repository_permissions_policy::DeleteRepositoryPermissionsPolicyInput::builder()
            .domain("x")
            .repository("x")
            .build(),
        delete_repository_permissions_policy::DeleteRepositoryPermissionsPolicyInput::builder()
            .build(),
    );
    check::<describe_domain::DescribeDomain>(
        describe_domain::DescribeDomainInput::builder()
            .domain("x")
            .build(),
        describe_domain::DescribeDomainInput::builder().build(),
    );
    check::<describe_package::DescribePackage>(
        describe_package::DescribePackageInput::builder()
            .domain("x")
            .repository("x")
            .format(PackageFormat::from("npm"))
            .package("x")
            .build(),
        describe_package::DescribePackageInput::builder().build(),
    );
    check::<describe_package_group::DescribePackageGroup>(
        describe_package_group::DescribePackageGroupInput::builder()
            .domain("x")
            .package_group("x")
            .build(),
        describe_package_group::DescribePackageGroupInput::builder().build(),
    );
    check::<describe_package_version::DescribePackageVersion>(
        describe_package_version::DescribePackageVersionInput::builder()
            .domain("x")
            .repository("x")
            .format(PackageFormat::from("npm"))
            .package("x")
            .package_version("x")
            .build(),
        describe_package_version::DescribePackageVersionInput::builder().build(),
    );
    check::<describe_repository::DescribeRepository>(
        describe_repository::DescribeRepositoryInput::builder()
            .domain("x")
            .repository("x")
            .build(),
        describe_repository::DescribeRepositoryInput::builder().build(),
    );
    check::<disassociate_external_connection::DisassociateExternalConnection>(
        disassociate_external_connection::DisassociateExternalConnectionInput::builder()
            .domain("x")
            .repository("x")
            .external_connection("x")
            .build(),
        disassociate_external_connection::DisassociateExternalConnectionInput::builder().build(),
    );
    check::<dispose_package_versions::DisposePackageVersions>(
        dispose_package_versions::DisposePackageVersionsInput::builder()
            .domain("x")
            .repository("x")
            .format(PackageFormat::from("npm"))
            .package("x")
            .versions("x")
            .build(),
        dispose_package_versions::DisposePackageVersionsInput::builder().build(),
    );
    check::<get_associated_package_group::GetAssociatedPackageGroup>(
        get_associated_package_group::GetAssociatedPackageGroupInput::builder()
            .domain("x")
            .format(PackageFormat::from("npm"))
            .package("x")
            .build(),
        get_associated_package_group::GetAssociatedPackageGroupInput::builder().build(),
    );
    check::<get_authorization_token::GetAuthorizationToken>(
        get_authorization_token::GetAuthorizationTokenInput::builder()
            .domain("x")
            .build(),
        get_authorization_token::GetAuthorizationTokenInput::builder().build(),
    );
    check::<get_domain_permissions_policy::GetDomainPermissionsPolicy>(
        get_domain_permissions_policy::GetDomainPermissionsPolicyInput::builder()
            .domain("x")
            .build(),
        get_domain_permissions_policy::GetDomainPermissionsPolicyInput::builder().build(),
    );
    check::<get_package_version_asset::GetPackageVersionAsset>(
        get_package_version_asset::GetPackageVersionAssetInput::builder()
            .domain("x")
            .repository("x")
            .format(PackageFormat::from("npm"))
            .package("x")
            .package_version("x")
            .asset("x")
            .build(),
        get_package_version_asset::GetPackageVersionAssetInput::builder().build(),
    );
    check::<get_package_version_readme::GetPackageVersionReadme>(
        get_package_version_readme::GetPackageVersionReadmeInput::builder()
            .domain("x")
            .repository("x")
            .format(PackageFormat::from("npm"))
            .package("x")
            .package_version("x")
            .build(),
        get_package_version_readme::GetPackageVersionReadmeInput::builder().build(),
    );
    check::<get_repository_endpoint::GetRepositoryEndpoint>(
        get_repository_endpoint::GetRepositoryEndpointInput::builder()
            .domain("x")
            .repository("x")
            .format(PackageFormat::from("npm"))
            .build(),
        get_repository_endpoint::GetRepositoryEndpointInput::builder().build(),
    );
    check::<get_repository_permissions_policy::GetRepositoryPermissionsPolicy>(
        get_repository_permissions_policy::GetRepositoryPermissionsPolicyInput::builder()
            .domain("x")
            .repository("x")
            .build(),
        get_repository_permissions_policy::GetRepositoryPermissionsPolicyInput::builder().build(),
    );
    check::<list_allowed_repositories_for_group::ListAllowedRepositoriesForGroup>(
        list_allowed_repositories_for_group::ListAllowedRepositoriesForGroupInput::builder()
            .domain("x")
            .package_group("x")
            .origin_restriction_type(PackageGroupOriginRestrictionType::from("EXTERNAL_UPSTREAM"))
            .build(),
        list_allowed_repositories_for_group::ListAllowedRepositoriesForGroupInput::builder()
            .build(),
    );
    check::<list_associated_packages::ListAssociatedPackages>(
        list_associated_packages::ListAssociatedPackagesInput::builder()
            .domain("x")
            .package_group("x")
            .build(),
        list_associated_packages::ListAssociatedPackagesInput::builder().build(),
    );
    check::<list_domains::ListDomains>(
        list_domains::ListDomainsInput::builder().build(),
        list_domains::ListDomainsInput::builder().build(),
    );
    check::<list_package_groups::ListPackageGroups>(
        list_package_groups::ListPackageGroupsInput::builder()
            .domain("x")
            .build(),
        list_package_groups::ListPackageGroupsInput::builder().build(),
    );
    check::<list_package_version_assets::ListPackageVersionAssets>(
        list_package_version_assets::ListPackageVersionAssetsInput::builder()
            .domain("x")
            .repository("x")
            .format(PackageFormat::from("npm"))
            .package("x")
            .package_version("x")
            .build(),
        list_package_version_assets::ListPackageVersionAssetsInput::builder().build(),
    );
    check::<list_package_version_dependencies::ListPackageVersionDependencies>(
        list_package_version_dependencies::ListPackageVersionDependenciesInput::builder()
            .domain("x")
            .repository("x")
            .format(PackageFormat::from("npm"))
            .package("x")
            .package_version("x")
            .build(),
        list_package_version_dependencies::ListPackageVersionDependenciesInput::builder().build(),
    );
    check::<list_package_versions::ListPackageVersions>(
        list_package_versions::ListPackageVersionsInput::builder()
            .domain("x")
            .repository("x")
            .format(PackageFormat::from("npm"))
            .package("x")
            .build(),
        list_package_versions::ListPackageVersionsInput::builder().build(),
    );
    check::<list_packages::ListPackages>(
        list_packages::ListPackagesInput::builder()
            .domain("x")
            .repository("x")
            .build(),
        list_packages::ListPackagesInput::builder().build(),
    );
    check::<list_repositories::ListRepositories>(
        list_repositories::ListRepositoriesInput::builder().build(),
        list_repositories::ListRepositoriesInput::builder().build(),
    );
    check::<list_repositories_in_domain::ListRepositoriesInDomain>(
        list_repositories_in_domain::ListRepositoriesInDomainInput::builder()
            .domain("x")
            .build(),
        list_repositories_in_domain::ListRepositoriesInDomainInput::builder().build(),
    );
    check::<list_sub_package_groups::ListSubPackageGroups>(
        list_sub_package_groups::ListSubPackageGroupsInput::builder()
            .domain("x")
            .package_group("x")
            .build(),
        list_sub_package_groups::ListSubPackageGroupsInput::builder().build(),
    );
    check::<list_tags_for_resource::ListTagsForResource>(
        list_tags_for_resource::ListTagsForResourceInput::builder()
            .resource_arn("x")
            .build(),
        list_tags_for_resource::ListTagsForResourceInput::builder().build(),
    );
    check::<publish_package_version::PublishPackageVersion>(
        publish_package_version::PublishPackageVersionInput::builder()
            .domain("x")
            .repository("x")
            .format(PackageFormat::from("npm"))
            .package("x")
            .package_version("x")
            .asset_content(ByteStream::from_static(b"data"))
            .asset_name("x")
            .asset_sha256("x")
            .build(),
        publish_package_version::PublishPackageVersionInput::builder().build(),
    );
    check::<put_domain_permissions_policy::PutDomainPermissionsPolicy>(
        put_domain_permissions_policy::PutDomainPermissionsPolicyInput::builder()
            .domain("x")
            .policy_document("x")
            .build(),
        put_domain_permissions_policy::PutDomainPermissionsPolicyInput::builder().build(),
    );
    check::<put_package_origin_configuration::PutPackageOriginConfiguration>(
        put_package_origin_configuration::PutPackageOriginConfigurationInput::builder()
            .domain("x")
            .repository("x")
            .format(PackageFormat::from("npm"))
            .package("x")
            .restrictions(
                PackageOriginRestrictions::builder()
                    .publish(AllowPublish::from("ALLOW"))
                    .upstream(AllowUpstream::from("ALLOW"))
                    .build()
                    .unwrap(),
            )
            .build(),
        put_package_origin_configuration::PutPackageOriginConfigurationInput::builder().build(),
    );
    check::<put_repository_permissions_policy::PutRepositoryPermissionsPolicy>(
        put_repository_permissions_policy::PutRepositoryPermissionsPolicyInput::builder()
            .domain("x")
            .repository("x")
            .policy_document("x")
            .build(),
        put_repository_permissions_policy::PutRepositoryPermissionsPolicyInput::builder().build(),
    );
    check::<tag_resource::TagResource>(
        tag_resource::TagResourceInput::builder()
            .resource_arn("x")
            .tags(Tag::builder().key("x").value("x").build().unwrap())
            .build(),
        tag_resource::TagResourceInput::builder().build(),
    );
    check::<untag_resource::UntagResource>(
        untag_resource::UntagResourceInput::builder()
            .resource_arn("x")
            .tag_keys("x")
            .build(),
        untag_resource::UntagResourceInput::builder().build(),
    );
    check::<update_package_group::UpdatePackageGroup>(
        update_package_group::UpdatePackageGroupInput::builder()
            .domain("x")
            .package_group("x")
            .build(),
        update_package_group::UpdatePackageGroupInput::builder().build(),
    );
    check::<update_package_group_origin_configuration::UpdatePackageGroupOriginConfiguration>(
        update_package_group_origin_configuration::UpdatePackageGroupOriginConfigurationInput::builder().domain("x").package_group("x").build(),
        update_package_group_origin_configuration::UpdatePackageGroupOriginConfigurationInput::builder().build(),
    );
    check::<update_package_versions_status::UpdatePackageVersionsStatus>(
        update_package_versions_status::UpdatePackageVersionsStatusInput::builder()
            .domain("x")
            .repository("x")
            .format(PackageFormat::from("npm"))
            .package("x")
            .versions("x")
            .target_status(PackageVersionStatus::from("Published"))
            .build(),
        update_package_versions_status::UpdatePackageVersionsStatusInput::builder().build(),
    );
    check::<update_repository::UpdateRepository>(
        update_repository::UpdateRepositoryInput::builder()
            .domain("x")
            .repository("x")
            .build(),
        update_repository::UpdateRepositoryInput::builder().build(),
    );
    assert_eq!(codeartifact::service::SERVICE.operations.len(), 48);
}

#[test]
fn send_without_a_client_is_a_construction_error() {
    let error =
        ready(update_package_versions_status::UpdatePackageVersionsStatusInput::builder().send())
            .expect_err("nothing set and no client");
    assert!(
        matches!(error, codeartifact::SdkError::Construction(_)),
        "{error:?}"
    );
    // Missing members are reported before the missing client.
    assert!(error.to_string().contains("domain"), "{error}");
    let error = ready(
        list_domains::ListDomainsInput::builder()
            .max_results(5)
            .send(),
    )
    .expect_err("no client");
    assert!(error.to_string().contains("Client"), "{error}");
}
