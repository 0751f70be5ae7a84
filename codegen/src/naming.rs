//! Rust names from model names. Every identifier the emitters print comes
//! from here, through the IR; wire names are never derived back from these.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Strict and reserved keywords of edition 2024 that can be raw identifiers.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop",
    "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return", "static",
    "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use", "virtual",
    "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "extern", "_"];

/// Member names that would shadow methods every generated structure, builder
/// or error has (smithy-rs `ClientReservedWords` has the same list), plus the
/// builder's own client field.
const RESERVED_MEMBERS: &[&str] = &[
    "send",
    "build",
    "builder",
    "meta",
    "handle",
    "from_parts",
    "into_paginator",
];

/// Turns a name into a legal identifier: keywords become raw identifiers,
/// the few that cannot be raw get a `_` suffix, a leading digit gets a `_`
/// prefix.
pub fn sanitize_identifier(name: &str) -> String {
    if NOT_RAW.contains(&name) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name) {
        format!("r#{name}")
    } else if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{name}")
    } else {
        name.to_owned()
    }
}

/// Module and client method name of an operation: `UpdatePackageVersionsStatus`
/// -> `update_package_versions_status`.
pub fn operation_fn(operation: &str) -> String {
    sanitize_identifier(&operation.to_snake_case())
}

/// Module (file) name of a shape's type.
pub fn shape_module(shape: &str) -> String {
    sanitize_identifier(&shape.to_snake_case())
}

/// A type name: shape names are already UpperCamelCase in the model; heck
/// only normalises the odd one out.
pub fn type_name(shape: &str) -> String {
    sanitize_identifier(&shape.to_upper_camel_case())
}

/// The name of a `static` holding a shape's schema: `PackageVersionStatus`
/// -> `PACKAGE_VERSION_STATUS`.
pub fn static_name(shape: &str) -> String {
    let upper = shape.to_snake_case().to_ascii_uppercase();
    if upper.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{upper}")
    } else {
        upper
    }
}

/// Field and accessor name of a member: `domainOwner` -> `domain_owner`,
/// `assetSHA256` -> `asset_sha256`. Members that collide with generated API
/// get a `_value` suffix.
pub fn member_field(member: &str) -> String {
    let snake = member.to_snake_case();
    if RESERVED_MEMBERS.contains(&snake.as_str()) {
        format!("{snake}_value")
    } else {
        sanitize_identifier(&snake)
    }
}

/// The bare form of an identifier, for prefixing (`set_`, `get_`, `is_`).
pub fn unraw(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

/// `set_domain`, `get_domain`: a prefix never produces a keyword, so the
/// raw marker is dropped.
pub fn prefixed(prefix: &str, ident: &str) -> String {
    format!("{prefix}_{}", unraw(ident).trim_start_matches('_'))
}

/// Variant name of an enum value: `PUBLISHED_TIME` -> `PublishedTime`,
/// `npm` -> `Npm`, `SHA-256` -> `Sha256`. The value `Unknown` would clash
/// with the catch-all variant and becomes `UnknownValue`. `None` when the
/// value has no letters or digits to name it by.
pub fn enum_variant(value: &str) -> Option<String> {
    let camel = value.to_upper_camel_case();
    if camel.is_empty() || !camel.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return None;
    }
    if camel == "Unknown" {
        return Some("UnknownValue".to_owned());
    }
    Some(sanitize_identifier(&camel))
}

/// `is_resource_not_found_exception` for the error variant
/// `ResourceNotFoundException`.
pub fn error_predicate(shape: &str) -> String {
    format!("is_{}", shape.to_snake_case())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operations_become_snake_case_modules() {
        assert_eq!(
            operation_fn("UpdatePackageVersionsStatus"),
            "update_package_versions_status"
        );
        assert_eq!(
            operation_fn("ListRepositoriesInDomain"),
            "list_repositories_in_domain"
        );
        assert_eq!(
            operation_fn("GetRepositoryEndpoint"),
            "get_repository_endpoint"
        );
    }

    #[test]
    fn members_become_snake_case_fields() {
        assert_eq!(member_field("domainOwner"), "domain_owner");
        assert_eq!(member_field("assetSHA256"), "asset_sha256");
        assert_eq!(member_field("versionRevisions"), "version_revisions");
        assert_eq!(member_field("maxResults"), "max_results");
    }

    #[test]
    fn keywords_become_raw_identifiers() {
        assert_eq!(member_field("type"), "r#type");
        assert_eq!(member_field("match"), "r#match");
        assert_eq!(prefixed("set", &member_field("type")), "set_type");
    }

    #[test]
    fn non_raw_keywords_get_a_suffix() {
        for kw in ["self", "super", "crate", "extern"] {
            assert_eq!(member_field(kw), format!("{kw}_"));
        }
        assert_eq!(type_name("Self"), "Self_");
    }

    #[test]
    fn leading_digit_gets_a_prefix() {
        assert_eq!(sanitize_identifier("3way"), "_3way");
        assert_eq!(member_field("2fa"), "_2fa");
        assert_eq!(enum_variant("1.0").as_deref(), Some("_10"));
        assert_eq!(static_name("3Things"), "_3THINGS");
    }

    #[test]
    fn api_collisions_are_renamed() {
        assert_eq!(member_field("send"), "send_value");
        assert_eq!(member_field("build"), "build_value");
        assert_eq!(member_field("builder"), "builder_value");
        assert_eq!(member_field("meta"), "meta_value");
        assert_eq!(enum_variant("Unknown").as_deref(), Some("UnknownValue"));
        assert_eq!(enum_variant("UNKNOWN").as_deref(), Some("UnknownValue"));
    }

    #[test]
    fn enum_values_become_variants() {
        assert_eq!(enum_variant("Published").as_deref(), Some("Published"));
        assert_eq!(
            enum_variant("PUBLISHED_TIME").as_deref(),
            Some("PublishedTime")
        );
        assert_eq!(enum_variant("npm").as_deref(), Some("Npm"));
        assert_eq!(enum_variant("SHA-256").as_deref(), Some("Sha256"));
        assert_eq!(
            enum_variant("package-version").as_deref(),
            Some("PackageVersion")
        );
        assert_eq!(enum_variant("ipv4").as_deref(), Some("Ipv4"));
        assert_eq!(enum_variant("MD5").as_deref(), Some("Md5"));
        assert_eq!(enum_variant("--"), None);
        assert_eq!(enum_variant(""), None);
    }

    #[test]
    fn shapes_get_type_and_static_names() {
        assert_eq!(type_name("PackageVersionSummary"), "PackageVersionSummary");
        assert_eq!(
            shape_module("PackageVersionSummary"),
            "package_version_summary"
        );
        assert_eq!(
            static_name("PackageVersionStatus"),
            "PACKAGE_VERSION_STATUS"
        );
        assert_eq!(
            error_predicate("ResourceNotFoundException"),
            "is_resource_not_found_exception"
        );
    }
}
