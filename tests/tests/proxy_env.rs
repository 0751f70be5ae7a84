//! The default transport takes its proxy from the environment
//! (`HTTP_PROXY`), as issue 3 asks. Run in a child process of this test
//! binary so no test changes its own environment; the "proxy" is a local
//! scripted server, and the endpoint's host is never resolved.

#[allow(dead_code)]
#[path = "../../runtime/tests/support/server.rs"]
mod server;

use codeartifact::{Client, Config, Credentials};
use server::{Act, Server};

const CHILD: &str = "CODEARTIFACT_PROXY_CHILD";
const ENDPOINT: &str = "http://codeartifact.proxy.test";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_go_through_the_proxy_from_the_environment() {
    if std::env::var_os(CHILD).is_some() {
        return child().await;
    }
    let proxy = Server::start(vec![Act::json(200, r#"{"domains":[]}"#)]).await;
    let mut command = std::process::Command::new(std::env::current_exe().expect("test binary"));
    command
        .args([
            "requests_go_through_the_proxy_from_the_environment",
            "--exact",
            "--test-threads=1",
        ])
        .env_clear()
        .env(CHILD, "1")
        .env("HTTP_PROXY", proxy.url());
    let output = tokio::task::spawn_blocking(move || command.output())
        .await
        .expect("joined")
        .expect("child runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    let seen = proxy.seen();
    assert_eq!(seen.len(), 1, "one request, through the proxy");
    assert_eq!(
        seen[0].target,
        format!("{ENDPOINT}/v1/domains"),
        "absolute-form target, as a proxy receives it"
    );
    assert_eq!(seen[0].header("host"), Some("codeartifact.proxy.test"));
    assert!(seen[0].header("authorization").is_some(), "signed");
}

async fn child() {
    let config = Config::builder()
        .region("us-west-2")
        .credentials(Credentials::from_keys("AKIDPROXY", "secret", None))
        .endpoint_url(ENDPOINT)
        .build();
    let out = Client::new(config)
        .list_domains()
        .send()
        .await
        .expect("answered by the proxy");
    assert!(out.domains().is_empty());
}
