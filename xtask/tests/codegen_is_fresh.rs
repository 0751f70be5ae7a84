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
