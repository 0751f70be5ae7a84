//! The default transport takes its proxy from the environment
//! (`HTTP_PROXY`, `HTTPS_PROXY`, `NO_PROXY`), as issue 3 asks. Each case runs
//! in a child process of this test binary so no test changes its own
//! environment; the "proxy" is a local scripted server, and the endpoint's
//! host is never resolved.

#[allow(dead_code)]
#[path = "../../runtime/tests/support/server.rs"]
mod server;

use codeartifact::{Client, Config, Credentials};
use server::{Act, Seen, Server};

/// Set in the child: the endpoint it calls, and whether the call must work.
const CHILD_ENDPOINT: &str = "CODEARTIFACT_PROXY_CHILD_ENDPOINT";
const CHILD_EXPECT_OK: &str = "CODEARTIFACT_PROXY_CHILD_OK";
const HOST: &str = "codeartifact.proxy.test";

/// Runs test `name` again in a child with only `env` set; panics unless the
/// child (which calls `endpoint`) passes.
async fn run_child(name: &str, endpoint: &str, expect_ok: bool, env: &[(&str, String)]) {
    let mut command = std::process::Command::new(std::env::current_exe().expect("test binary"));
    command
        .args([name, "--exact", "--test-threads=1"])
        .env_clear()
        .env(CHILD_ENDPOINT, endpoint)
        .env(CHILD_EXPECT_OK, if expect_ok { "1" } else { "0" });
    for (k, v) in env {
        command.env(k, v);
    }
    let output = tokio::task::spawn_blocking(move || command.output())
        .await
        .expect("joined")
        .expect("child runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
}

/// In the child: calls its endpoint once (no retries) and checks the
/// outcome. `true` when this process is a child.
async fn child() -> bool {
    let Ok(endpoint) = std::env::var(CHILD_ENDPOINT) else {
        return false;
    };
    let config = Config::builder()
        .region("us-west-2")
        .credentials(Credentials::from_keys("AKIDPROXY", "secret", None))
        .endpoint_url(endpoint)
        .retry_config(codeartifact_runtime::retry::RetryConfig::disabled())
        .build();
    let result = Client::new(config).list_domains().send().await;
    if std::env::var(CHILD_EXPECT_OK).as_deref() == Ok("1") {
        let out = result.expect("answered");
        assert!(out.domains().is_empty());
    } else {
        assert!(result.is_err(), "the proxy cannot be used: {result:?}");
    }
    true
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_go_through_the_proxy_from_the_environment() {
    if child().await {
        return;
    }
    let proxy = Server::start(vec![Act::json(200, r#"{"domains":[]}"#)]).await;
    let with_user = proxy.url().replace("http://", "http://user:pa%20ss@");
    let endpoint = format!("http://{HOST}");
    let name = "requests_go_through_the_proxy_from_the_environment";
    run_child(name, &endpoint, true, &[("HTTP_PROXY", with_user)]).await;
    let seen = proxy.seen();
    assert_eq!(seen.len(), 1, "one request, through the proxy");
    assert_eq!(
        seen[0].target,
        format!("{endpoint}/v1/domains"),
        "absolute-form target, as a proxy receives it"
    );
    assert_eq!(seen[0].header("host"), Some(HOST));
    assert!(seen[0].header("authorization").is_some(), "signed");
    // base64("user:pa ss")
    assert_eq!(
        seen[0].header("proxy-authorization"),
        Some("Basic dXNlcjpwYSBzcw==")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn https_requests_open_a_connect_tunnel_through_the_proxy() {
    if child().await {
        return;
    }
    // Refuses the tunnel: what matters is what it was asked, and that
    // nothing but the CONNECT (no request, no credentials) reached it.
    let proxy = Server::start(vec![Act::json(403, "")]).await;
    let with_user = proxy.url().replace("http://", "http://u:p@");
    let name = "https_requests_open_a_connect_tunnel_through_the_proxy";
    let endpoint = format!("https://{HOST}");
    // The lower-case form counts too.
    run_child(name, &endpoint, false, &[("https_proxy", with_user)]).await;
    let seen: Vec<Seen> = proxy.seen();
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert_eq!(seen[0].method, "CONNECT");
    assert_eq!(seen[0].target, format!("{HOST}:443"));
    assert_eq!(seen[0].header("proxy-authorization"), Some("Basic dTpw"));
    assert!(seen[0].header("authorization").is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_proxy_hosts_are_reached_directly() {
    if child().await {
        return;
    }
    let proxy = Server::start(vec![]).await;
    let direct = Server::start(vec![Act::json(200, r#"{"domains":[]}"#)]).await;
    let name = "no_proxy_hosts_are_reached_directly";
    let env = [
        ("HTTP_PROXY", proxy.url()),
        ("NO_PROXY", "example.org,127.0.0.1".to_owned()),
    ];
    run_child(name, &direct.url(), true, &env).await;
    assert!(proxy.seen().is_empty(), "the proxy was bypassed");
    let seen = direct.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].target, "/v1/domains", "origin form, direct");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn proxies_other_than_plain_http_are_refused_not_garbled() {
    if child().await {
        return;
    }
    let proxy = Server::start(vec![]).await;
    let tls_proxy = proxy.url().replace("http://", "https://");
    let name = "proxies_other_than_plain_http_are_refused_not_garbled";
    let endpoint = format!("http://{HOST}");
    run_child(name, &endpoint, false, &[("HTTP_PROXY", tls_proxy)]).await;
    assert!(proxy.seen().is_empty(), "nothing sent to the proxy");
}
