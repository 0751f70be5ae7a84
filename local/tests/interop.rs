//! awscli and boto3 run the lifecycle of issue 4 item 8 unchanged against
//! the spawned emulator binary (`tests/interop/lifecycle.py`).

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

fn run(client: &str) {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/interop/lifecycle.py");
    let probe = if client == "boto3" {
        "import boto3"
    } else {
        "import awscli"
    };
    let available = Command::new("python3")
        .args(["-c", probe])
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        available,
        "{client} is not installed: `pip install boto3 awscli` (python3 required)"
    );
    let mut server = Command::new(env!("CARGO_BIN_EXE_codeartifact-local"))
        .args(["--in-memory", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn emulator");
    let mut line = String::new();
    BufReader::new(server.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("endpoint");
    let work = tempfile::tempdir().expect("tempdir");
    let out = Command::new("python3")
        .arg(script)
        .arg(line.trim())
        .arg(client)
        .arg(work.path())
        .output();
    let _ = server.kill();
    let _ = server.wait();
    let out = out.expect("python3 runs");
    assert!(
        out.status.success(),
        "{client} lifecycle failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn boto3_lifecycle() {
    run("boto3");
}

#[test]
fn awscli_lifecycle() {
    run("awscli");
}
