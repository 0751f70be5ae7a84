//! The emitter's output per concept, on a small fixture model
//! (`tests/fixtures/widgets`), plus one real operation. Review changes with
//! `cargo insta review`; CI runs `cargo insta test --check --unreferenced=reject`.

use std::path::Path;

fn fixture_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/widgets")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The generated files of a model directory.
fn generate(
    dir: &Path,
    endpoint_rules: &str,
    partitions: &str,
) -> Vec<(std::path::PathBuf, String)> {
    codeartifact_codegen::generate_from_json(
        &read(&dir.join("service-2.json")),
        &read(&dir.join("paginators-1.json")),
        endpoint_rules,
        partitions,
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

fn file(files: &[(std::path::PathBuf, String)], path: &str) -> String {
    files
        .iter()
        .find(|(p, _)| p == Path::new(path))
        .map(|(_, text)| text.clone())
        .unwrap_or_else(|| {
            panic!(
                "{path} was not generated; got {:?}",
                files.iter().map(|f| &f.0).collect::<Vec<_>>()
            )
        })
}

fn widgets() -> Vec<(std::path::PathBuf, String)> {
    generate(&fixture_dir(), "{}", "{}")
}

#[test]
fn enum_unknown_variant() {
    insta::assert_snapshot!(
        "enum_unknown_variant",
        file(&widgets(), "src/types/widget_color.rs")
    );
}

#[test]
fn structure_sensitive_member() {
    insta::assert_snapshot!(
        "structure_sensitive_member",
        file(&widgets(), "src/types/credentials.rs")
    );
}

#[test]
fn operation_label_query_header_body() {
    insta::assert_snapshot!(
        "operation_label_query_header_body",
        file(&widgets(), "src/operation/update_widget.rs")
    );
}

#[test]
fn operation_streaming_payload() {
    insta::assert_snapshot!(
        "operation_streaming_payload",
        file(&widgets(), "src/operation/upload_widget_blob.rs")
    );
}

#[test]
fn operation_paginated() {
    insta::assert_snapshot!(
        "operation_paginated",
        file(&widgets(), "src/operation/list_widgets.rs")
    );
}

#[test]
fn error_exception_and_service_error() {
    let files = widgets();
    insta::assert_snapshot!(
        "error_exception",
        file(&files, "src/types/error/throttled_exception.rs")
    );
    insta::assert_snapshot!("error_service_enum", file(&files, "src/error.rs"));
}

#[test]
fn docs_from_html() {
    insta::assert_snapshot!(
        "docs_from_html",
        file(&widgets(), "src/types/documented.rs")
    );
}

#[test]
fn client_and_schema() {
    let files = widgets();
    insta::assert_snapshot!("client", file(&files, "src/client.rs"));
    insta::assert_snapshot!("schema_scalars", file(&files, "src/schema/scalars.rs"));
}

/// The real model's `UpdatePackageVersionsStatus` module.
#[test]
fn real_update_package_versions_status() {
    let model = Path::new(env!("CARGO_MANIFEST_DIR")).join("../model");
    let files = generate(
        &model,
        &read(&model.join("endpoint-rule-set-1.json")),
        &read(&model.join("partitions.json")),
    );
    insta::assert_snapshot!(
        "update_package_versions_status",
        file(&files, "src/operation/update_package_versions_status.rs")
    );
}
