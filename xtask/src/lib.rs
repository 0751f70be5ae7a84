//! `cargo xtask` tasks, as a library so tests run the same code.

pub mod model_update;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// The workspace root (xtask lives one level below it).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// Whether to write the generated files or only compare them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Write,
    Check,
}

/// What a codegen run found or did.
#[derive(Debug, Default)]
pub struct Report {
    /// Files whose content changed (written, or stale in check mode).
    pub changed: Vec<PathBuf>,
    /// Generated files no longer produced (deleted, or stale in check mode).
    pub removed: Vec<PathBuf>,
    pub total: usize,
    /// Lines of generated code.
    pub lines: usize,
}

impl Report {
    pub fn is_fresh(&self) -> bool {
        self.changed.is_empty() && self.removed.is_empty()
    }
}

fn read(path: &Path) -> Result<String, String> {
    fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

/// Generates `generated/` from `model/`. In check mode nothing is written.
pub fn codegen(root: &Path, mode: Mode) -> Result<Report, String> {
    let model = root.join("model");
    let files = codeartifact_codegen::generate_from_json(
        &read(&model.join("service-2.json"))?,
        &read(&model.join("paginators-1.json"))?,
        &read(&model.join("endpoint-rule-set-1.json"))?,
        &read(&model.join("partitions.json"))?,
    )
    .map_err(|e| e.to_string())?;
    let crate_dir = root.join("generated");
    let mut report = Report {
        total: files.len(),
        lines: files.iter().map(|(_, text)| text.lines().count()).sum(),
        ..Report::default()
    };
    let mut produced = BTreeSet::new();
    for (rel, content) in &files {
        let path = crate_dir.join(rel);
        produced.insert(path.clone());
        if fs::read_to_string(&path).ok().as_deref() == Some(content.as_str()) {
            continue;
        }
        report.changed.push(rel.clone());
        if mode == Mode::Write {
            if let Some(dir) = path.parent() {
                fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            }
            fs::write(&path, content).map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    for path in generated_files(&crate_dir.join("src"))? {
        if produced.contains(&path) {
            continue;
        }
        report
            .removed
            .push(path.strip_prefix(&crate_dir).unwrap_or(&path).to_path_buf());
        if mode == Mode::Write {
            fs::remove_file(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    Ok(report)
}

/// Every `.rs` file under `dir` that carries the generated header.
fn generated_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for entry in entries {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs")
                && fs::read_to_string(&path)
                    .is_ok_and(|t| t.starts_with(codeartifact_codegen::HEADER))
            {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}
