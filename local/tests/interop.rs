//! awscli and boto3 run the lifecycle of issue 4 item 8 unchanged against
//! the spawned emulator binary (`tests/interop/lifecycle.py`).

mod support;

use std::process::Command;

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
    let (server, addr) =
        support::spawn_binary(&["--in-memory".as_ref(), "--port".as_ref(), "0".as_ref()]);
    let work = tempfile::tempdir().expect("tempdir");
    let out = Command::new("python3")
        .arg(script)
        .arg(format!("http://{addr}"))
        .arg(client)
        .arg(work.path())
        .output();
    support::terminate(server);
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
