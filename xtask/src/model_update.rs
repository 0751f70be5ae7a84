//! `cargo xtask update-model`: copies the CodeArtifact model out of botocore.
//!
//! botocore ships its data files gzip-compressed; Python (needed for botocore
//! anyway) decompresses them, so the xtask needs no compression crate.

use std::fs;
use std::path::Path;
use std::process::Command;

/// Finds botocore (installed, else `pip download` into a temporary
/// directory), writes the model files decompressed into `model/`, and
/// prints them as JSON: `{"version": ..., "files": {name: text}}`.
const SCRIPT: &str = r#"
import gzip, io, json, os, subprocess, sys, tempfile, zipfile
want = {
    "service-2.json": "botocore/data/codeartifact/2018-09-22/service-2.json",
    "paginators-1.json": "botocore/data/codeartifact/2018-09-22/paginators-1.json",
    "endpoint-rule-set-1.json": "botocore/data/codeartifact/2018-09-22/endpoint-rule-set-1.json",
    "partitions.json": "botocore/data/partitions.json",
}
def read_dir(base):
    out = {}
    for name, rel in want.items():
        path = os.path.join(base, rel)
        if os.path.exists(path):
            out[name] = open(path, "rb").read()
        else:
            out[name] = gzip.open(path + ".gz").read()
    return out
try:
    import botocore
    version = botocore.__version__
    files = read_dir(os.path.dirname(os.path.dirname(botocore.__file__)))
except ImportError:
    tmp = tempfile.mkdtemp()
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-d", tmp, "botocore"], check=True, stdout=sys.stderr)
    wheel = [f for f in os.listdir(tmp) if f.endswith(".whl")][0]
    version = wheel.split("-")[1]
    z = zipfile.ZipFile(os.path.join(tmp, wheel))
    names = set(z.namelist())
    files = {}
    for name, rel in want.items():
        files[name] = z.read(rel) if rel in names else gzip.decompress(z.read(rel + ".gz"))
out = sys.argv[1]
for name, data in files.items():
    open(os.path.join(out, name), "wb").write(data)
print(version)
"#;

/// Returns the botocore version the model now comes from.
pub fn update(root: &Path) -> Result<String, String> {
    let model = root.join("model");
    let output = Command::new("python3")
        .arg("-c")
        .arg(SCRIPT)
        .arg(&model)
        .output()
        .map_err(|e| format!("cannot run python3: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "python3 failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let version = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    if version.is_empty() || !version.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return Err(format!("unexpected botocore version {version:?}"));
    }
    set_readme_version(&model.join("README.md"), &version)?;
    Ok(version)
}

/// Rewrites the `botocore <version>` marker line of `model/README.md`.
fn set_readme_version(readme: &Path, version: &str) -> Result<(), String> {
    let text = fs::read_to_string(readme).map_err(|e| format!("{}: {e}", readme.display()))?;
    let marker = "Source: botocore ";
    let updated: Vec<String> = text
        .lines()
        .map(|l| {
            if l.starts_with(marker) {
                format!("{marker}{version}")
            } else {
                l.to_owned()
            }
        })
        .collect();
    if !text.lines().any(|l| l.starts_with(marker)) {
        return Err(format!(
            "{}: no line starting with {marker:?}",
            readme.display()
        ));
    }
    fs::write(readme, updated.join("\n") + "\n").map_err(|e| format!("{}: {e}", readme.display()))
}
