//! Test-only crate: what several integration tests share.

/// Expands `$callback!($($arg,)* module::Operation, ...)` with every
/// operation of the model, so the list is written once. The tests that use
/// it also check its length against the model (`codeartifact::service::SERVICE`,
/// or the botocore fixtures, one per operation), so an operation added to the
/// model and not here fails them.
#[macro_export]
macro_rules! with_every_operation {
    ($callback:ident $(, $arg:expr)* $(,)?) => {
        $callback!(
            $($arg,)*
            associate_external_connection::AssociateExternalConnection,
            copy_package_versions::CopyPackageVersions,
            create_domain::CreateDomain,
            create_package_group::CreatePackageGroup,
            create_repository::CreateRepository,
            delete_domain::DeleteDomain,
            delete_domain_permissions_policy::DeleteDomainPermissionsPolicy,
            delete_package::DeletePackage,
            delete_package_group::DeletePackageGroup,
            delete_package_versions::DeletePackageVersions,
            delete_repository::DeleteRepository,
            delete_repository_permissions_policy::DeleteRepositoryPermissionsPolicy,
            describe_domain::DescribeDomain,
            describe_package::DescribePackage,
            describe_package_group::DescribePackageGroup,
            describe_package_version::DescribePackageVersion,
            describe_repository::DescribeRepository,
            disassociate_external_connection::DisassociateExternalConnection,
            dispose_package_versions::DisposePackageVersions,
            get_associated_package_group::GetAssociatedPackageGroup,
            get_authorization_token::GetAuthorizationToken,
            get_domain_permissions_policy::GetDomainPermissionsPolicy,
            get_package_version_asset::GetPackageVersionAsset,
            get_package_version_readme::GetPackageVersionReadme,
            get_repository_endpoint::GetRepositoryEndpoint,
            get_repository_permissions_policy::GetRepositoryPermissionsPolicy,
            list_allowed_repositories_for_group::ListAllowedRepositoriesForGroup,
            list_associated_packages::ListAssociatedPackages,
            list_domains::ListDomains,
            list_package_groups::ListPackageGroups,
            list_package_version_assets::ListPackageVersionAssets,
            list_package_version_dependencies::ListPackageVersionDependencies,
            list_package_versions::ListPackageVersions,
            list_packages::ListPackages,
            list_repositories::ListRepositories,
            list_repositories_in_domain::ListRepositoriesInDomain,
            list_sub_package_groups::ListSubPackageGroups,
            list_tags_for_resource::ListTagsForResource,
            publish_package_version::PublishPackageVersion,
            put_domain_permissions_policy::PutDomainPermissionsPolicy,
            put_package_origin_configuration::PutPackageOriginConfiguration,
            put_repository_permissions_policy::PutRepositoryPermissionsPolicy,
            tag_resource::TagResource,
            untag_resource::UntagResource,
            update_package_group::UpdatePackageGroup,
            update_package_group_origin_configuration::UpdatePackageGroupOriginConfiguration,
            update_package_versions_status::UpdatePackageVersionsStatus,
            update_repository::UpdateRepository,
        )
    };
}
