//! The fixture model's generated code compiles and passes clippy, which
//! covers templates the real model does not exercise (URI labels, blobs in
//! bodies, keyword and reserved member names, odd enum values).
//!
//! Slow (a `cargo clippy` of a scratch crate in its own target directory),
//! hence ignored by default: `cargo test -p codeartifact-codegen --test
//! fixture_compiles -- --ignored`.

use std::path::{Path, PathBuf};
use std::process::Command;

const LIB_RS: &str = "pub mod client;\npub mod error;\npub mod operation;\npub mod schema;\npub mod service;\npub mod types;\npub use error::Error;\n";

#[test]
#[ignore = "runs cargo clippy on a scratch crate"]
fn fixture_output_compiles_without_warnings() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = manifest.parent().expect("workspace root");
    let scratch = root.join("target/fixture-check");
    let crate_dir = scratch.join("crate");
    let _ = std::fs::remove_dir_all(crate_dir.join("src"));
    let fixtures = manifest.join("tests/fixtures/widgets");
    let read =
        |f: &str| std::fs::read_to_string(fixtures.join(f)).unwrap_or_else(|e| panic!("{f}: {e}"));
    let files = codeartifact_codegen::generate_from_json(
        &read("service-2.json"),
        &read("paginators-1.json"),
        "{}",
        "{}",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let mut all: Vec<(PathBuf, String)> = files;
    all.push(("src/lib.rs".into(), LIB_RS.to_owned()));
    let runtime = root.join("runtime");
    let cargo_toml = format!(
        "[package]\nname = \"fixture-widgets\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\ncodeartifact-runtime = {{ path = {:?} }}\nserde = {{ version = \"1\", features = [\"derive\"] }}\n\
         serde_json = \"1\"\n\n[workspace]\n",
        runtime.display().to_string()
    );
    all.push(("Cargo.toml".into(), cargo_toml));
    for (path, text) in &all {
        let out = crate_dir.join(path);
        std::fs::create_dir_all(out.parent().expect("parent")).expect("create dir");
        std::fs::write(&out, text).expect("write");
    }
    // Reuse the workspace's lock file so no dependency resolution happens.
    std::fs::copy(root.join("Cargo.lock"), crate_dir.join("Cargo.lock")).expect("copy Cargo.lock");
    let output = Command::new(env!("CARGO"))
        .args(["clippy", "--offline", "--quiet", "--", "-D", "warnings"])
        .current_dir(&crate_dir)
        .env("CARGO_TARGET_DIR", scratch.join("target"))
        .output()
        .expect("run cargo");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
