//! The checked-in `generated/` crate matches what the generator produces
//! from `model/` now.

#[test]
fn codegen_is_fresh() {
    let report = xtask::codegen(&xtask::workspace_root(), xtask::Mode::Check)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        report.total > 100,
        "the generator produced only {} files",
        report.total
    );
    assert!(
        report.is_fresh(),
        "generated/ is out of date ({:?} changed, {:?} no longer generated); run: cargo xtask codegen",
        report.changed,
        report.removed
    );
}

#[test]
fn two_runs_are_identical() {
    let root = xtask::workspace_root();
    let read = |f: &str| {
        std::fs::read_to_string(root.join("model").join(f)).unwrap_or_else(|e| panic!("{f}: {e}"))
    };
    let run = || {
        codeartifact_codegen::generate_from_json(
            &read("service-2.json"),
            &read("paginators-1.json"),
            &read("endpoint-rule-set-1.json"),
            &read("partitions.json"),
        )
        .unwrap_or_else(|e| panic!("{e}"))
    };
    assert_eq!(run(), run());
}

/// Write mode creates the files, removes generated files no longer
/// produced (and nothing handwritten), and check mode then finds it fresh;
/// an edited file is reported stale.
#[test]
fn write_removes_stale_files_and_check_reports_edits() {
    let real = xtask::workspace_root();
    let root = real.join("target/xtask-test-root");
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join("model")).unwrap();
    for f in [
        "service-2.json",
        "paginators-1.json",
        "endpoint-rule-set-1.json",
        "partitions.json",
    ] {
        std::fs::copy(real.join("model").join(f), root.join("model").join(f)).unwrap();
    }
    let src = root.join("generated/src");
    std::fs::create_dir_all(src.join("types")).unwrap();
    let stale = src.join("types/gone.rs");
    std::fs::write(
        &stale,
        format!("{}pub struct Gone;\n", codeartifact_codegen::HEADER),
    )
    .unwrap();
    let handwritten = src.join("lib.rs");
    std::fs::write(&handwritten, "// handwritten\n").unwrap();

    let report = xtask::codegen(&root, xtask::Mode::Check).unwrap();
    assert_eq!(report.changed.len(), report.total, "everything is missing");
    assert_eq!(
        report.removed,
        vec![std::path::PathBuf::from("src/types/gone.rs")]
    );
    assert!(stale.exists(), "check mode writes nothing");

    let report = xtask::codegen(&root, xtask::Mode::Write).unwrap();
    assert_eq!(report.removed.len(), 1);
    assert!(!stale.exists());
    assert!(
        handwritten.exists(),
        "files without the header are not touched"
    );
    assert!(
        xtask::codegen(&root, xtask::Mode::Check)
            .unwrap()
            .is_fresh()
    );

    let client = src.join("client.rs");
    let text = std::fs::read_to_string(&client).unwrap();
    std::fs::write(
        &client,
        text.replace("pub struct Client", "pub struct Kleint"),
    )
    .unwrap();
    let report = xtask::codegen(&root, xtask::Mode::Check).unwrap();
    assert_eq!(
        report.changed,
        vec![std::path::PathBuf::from("src/client.rs")]
    );
    std::fs::remove_dir_all(&root).unwrap();
}
