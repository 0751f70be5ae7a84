//! Container and IMDSv2 providers against fake endpoints on 127.0.0.1.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use codeartifact_runtime::config::Fs;
use codeartifact_runtime::credentials::{
    ContainerProvider, CredentialsError, ImdsProvider, ProvideCredentials,
};
use common::{
    CREDS_JSON, EXPIRY_2030, FakeServer, Request, assert_credentials, assert_error, closed_base,
    env, error_of, reply,
};

fn imds_handler(request: &Request) -> common::Reply {
    let token_ok = request.header("x-aws-ec2-metadata-token") == Some("TOKEN-abc");
    match (request.method.as_str(), request.path.as_str()) {
        ("PUT", "/latest/api/token") => {
            match request.header("x-aws-ec2-metadata-token-ttl-seconds") {
                Some(ttl) if ttl.parse::<u32>().is_ok_and(|t| (1..=21600).contains(&t)) => {
                    reply(200, "TOKEN-abc")
                }
                _ => reply(400, ""),
            }
        }
        (_, _) if !token_ok => reply(401, ""),
        ("GET", "/latest/meta-data/iam/security-credentials/") => reply(200, "my-role\n"),
        ("GET", "/latest/meta-data/iam/security-credentials/my-role") => reply(200, CREDS_JSON),
        _ => reply(404, ""),
    }
}

#[tokio::test]
async fn imds_v2_token_role_and_credentials() {
    let server = FakeServer::start(imds_handler).await;
    let provider = ImdsProvider::new(env(&[("AWS_EC2_METADATA_SERVICE_ENDPOINT", &server.base)]));
    let creds = provider.provide().await.unwrap();
    let expected = (
        "ASIAFAKE",
        "fake-secret-value",
        Some("fake-session-token"),
        Some(EXPIRY_2030),
    );
    assert_credentials(&creds, expected);
    let requests = server.requests();
    let calls: Vec<_> = requests
        .iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert_eq!(
        calls,
        [
            "PUT /latest/api/token",
            "GET /latest/meta-data/iam/security-credentials/",
            "GET /latest/meta-data/iam/security-credentials/my-role"
        ]
    );
    assert_eq!(
        requests[0].header("x-aws-ec2-metadata-token-ttl-seconds"),
        Some("21600")
    );
    assert!(
        requests[1..]
            .iter()
            .all(|r| r.header("x-aws-ec2-metadata-token") == Some("TOKEN-abc"))
    );
}

#[tokio::test]
async fn imds_without_role_is_not_loaded() {
    let server = FakeServer::start(|r: &Request| match r.method.as_str() {
        "PUT" => reply(200, "TOKEN-abc"),
        _ => reply(404, "<html>not found</html>"),
    })
    .await;
    let err = error_of(&ImdsProvider::new(env(&[])).endpoint(&server.base)).await;
    assert!(err.is_not_loaded(), "{err}");
    assert!(err.to_string().contains("no IAM role"), "{err}");
}

#[tokio::test]
async fn imds_disabled_or_unreachable_is_not_loaded() {
    let server = FakeServer::start(imds_handler).await;
    let disabled = env(&[
        ("AWS_EC2_METADATA_DISABLED", "TRUE"),
        ("AWS_EC2_METADATA_SERVICE_ENDPOINT", &server.base),
    ]);
    assert!(
        ImdsProvider::new(disabled)
            .provide()
            .await
            .unwrap_err()
            .is_not_loaded()
    );
    assert!(server.requests().is_empty());
    let closed = closed_base().await;
    let err = error_of(&ImdsProvider::new(env(&[])).endpoint(closed)).await;
    assert!(err.is_not_loaded(), "{err}");
}

#[tokio::test]
async fn imds_retries_server_errors_and_reports_others() {
    let failures = Arc::new(AtomicUsize::new(0));
    let seen = failures.clone();
    let server = FakeServer::start(move |r: &Request| {
        if r.method == "PUT" && seen.fetch_add(1, Ordering::SeqCst) == 0 {
            return reply(503, "");
        }
        imds_handler(r)
    })
    .await;
    let creds = ImdsProvider::new(env(&[]))
        .endpoint(&server.base)
        .provide()
        .await
        .unwrap();
    assert_eq!(creds.access_key_id(), "ASIAFAKE");
    assert_eq!(
        server
            .requests()
            .iter()
            .filter(|r| r.method == "PUT")
            .count(),
        2
    );

    let broken = FakeServer::start(|r: &Request| match r.method.as_str() {
        "PUT" => reply(200, "TOKEN-abc"),
        _ if r.path.ends_with('/') => reply(200, "my-role"),
        _ => reply(200, r#"{"Code":"Success","AccessKeyId":"ASIAFAKE","SecretAccessKey":"leaky-secret","Expiration":"tomorrow"}"#),
    })
    .await;
    let err = error_of(&ImdsProvider::new(env(&[])).endpoint(&broken.base)).await;
    assert_error(&err, "ProviderFailed", "");
    assert!(!format!("{err} {err:?}").contains("leaky-secret"));
}

#[tokio::test]
async fn imds_times_out_quickly_on_a_silent_server() {
    // Accepts connections but never answers.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let hold = tokio::spawn(async move {
        let mut held = Vec::new();
        for _ in 0..8 {
            if let Ok((s, _)) = listener.accept().await {
                held.push(s);
            }
        }
    });
    let started = std::time::Instant::now();
    let provider = ImdsProvider::new(env(&[]))
        .endpoint(base)
        .timeout(Duration::from_millis(200));
    let result = provider.provide().await;
    assert!(result.is_err());
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "took {:?}",
        started.elapsed()
    );
    hold.abort();
}

fn container_handler(request: &Request) -> common::Reply {
    match (request.path.as_str(), request.header("authorization")) {
        ("/v2/credentials/abc", None) | ("/full", Some("Bearer file-token")) => {
            reply(200, CREDS_JSON)
        }
        ("/v2/credentials/abc", Some(_)) => reply(400, ""),
        _ => reply(403, r#"{"code":"AccessDenied","message":"bad token"}"#),
    }
}

#[tokio::test]
async fn container_relative_uri_uses_injected_base() {
    let server = FakeServer::start(container_handler).await;
    let vars = env(&[(
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
        "/v2/credentials/abc",
    )]);
    let provider =
        ContainerProvider::new(vars, Fs::from_files::<&str, &str>([])).relative_base(&server.base);
    let creds = provider.provide().await.unwrap();
    let expected = (
        "ASIAFAKE",
        "fake-secret-value",
        Some("fake-session-token"),
        Some(EXPIRY_2030),
    );
    assert_credentials(&creds, expected);
    assert_eq!(server.requests()[0].method, "GET");
}

#[tokio::test]
async fn container_full_uri_with_token_file() {
    let server = FakeServer::start(container_handler).await;
    let full = format!("{}/full", server.base);
    let vars = env(&[
        ("AWS_CONTAINER_CREDENTIALS_FULL_URI", &full),
        ("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", "/var/run/token"),
        ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "ignored-when-file-set"),
    ]);
    let fs = Fs::from_files([("/var/run/token", "Bearer file-token\n")]);
    let creds = ContainerProvider::new(vars.clone(), fs)
        .provide()
        .await
        .unwrap();
    assert_eq!(creds.secret_access_key(), "fake-secret-value");
    assert_eq!(
        server.requests()[0].header("authorization"),
        Some("Bearer file-token")
    );
    // The environment token alone is sent as is; the server rejects it.
    let vars = env(&[
        ("AWS_CONTAINER_CREDENTIALS_FULL_URI", &full),
        ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "wrong"),
    ]);
    let err = error_of(&ContainerProvider::new(
        vars,
        Fs::from_files::<&str, &str>([]),
    ))
    .await;
    assert!(err.to_string().contains("HTTP 403"), "{err}");
    assert_eq!(server.requests()[1].header("authorization"), Some("wrong"));
}

#[tokio::test]
async fn container_rejects_unsafe_configuration_before_any_request() {
    let none = Fs::from_files::<&str, &str>([]);
    let remote = env(&[(
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        "http://203.0.113.9/creds",
    )]);
    let err = error_of(&ContainerProvider::new(remote, none.clone())).await;
    assert_error(&err, "InvalidConfiguration", "");
    let server = FakeServer::start(container_handler).await;
    let full = format!("{}/full", server.base);
    let newline = env(&[
        ("AWS_CONTAINER_CREDENTIALS_FULL_URI", &full),
        ("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", "/t"),
    ]);
    let fs = Fs::from_files([("/t", "a\nb")]);
    assert!(matches!(
        ContainerProvider::new(newline, fs)
            .provide()
            .await
            .unwrap_err(),
        CredentialsError::InvalidConfiguration { .. }
    ));
    assert!(server.requests().is_empty());
    assert!(
        ContainerProvider::new(env(&[]), none)
            .provide()
            .await
            .unwrap_err()
            .is_not_loaded()
    );
}

#[tokio::test]
async fn container_gives_up_after_three_server_errors() {
    let server = FakeServer::start(|_: &Request| reply(500, "")).await;
    let vars = env(&[("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/x")]);
    let err = error_of(
        &ContainerProvider::new(vars, Fs::from_files::<&str, &str>([])).relative_base(&server.base),
    )
    .await;
    assert!(err.to_string().contains("HTTP 500"), "{err}");
    assert_eq!(server.requests().len(), 3);
}
