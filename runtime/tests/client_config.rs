//! `Config` from the environment and shared files (injected, never the
//! process's), and how code settings combine with them.

use codeartifact_runtime::client::{Config, ConfigBuilder, Handle};
use codeartifact_runtime::config::{Env, Fs, LoadedConfig, Platform};
use codeartifact_runtime::credentials::Credentials;
use codeartifact_runtime::retry::RetryMode;
use codeartifact_runtime::time::FakeTime;
use codeartifact_runtime::transport::{HttpResponse, ReplayEvent, StaticReplay};
use serde_json::json;

mod support;

async fn from_env(vars: &[(&str, &str)], files: &[(&str, &str)]) -> ConfigBuilder {
    let env = Env::from_pairs(vars.iter().copied());
    let fs = Fs::from_files(files.iter().copied());
    let loaded = LoadedConfig::load(&env, &fs, Platform::Unix)
        .await
        .expect("settings load");
    ConfigBuilder::from_loaded(&loaded)
}

#[tokio::test]
async fn environment_settings_map_onto_the_config() {
    let config = from_env(
        &[
            ("AWS_REGION", "eu-west-1"),
            ("AWS_MAX_ATTEMPTS", "5"),
            ("AWS_RETRY_MODE", "adaptive"),
            ("AWS_USE_FIPS_ENDPOINT", "true"),
            ("AWS_ENDPOINT_URL_CODEARTIFACT", "http://127.0.0.1:9"),
        ],
        &[],
    )
    .await
    .build();
    assert_eq!(config.region(), Some("eu-west-1"));
    assert_eq!(config.retry_config().max_attempts(), 5);
    assert_eq!(config.retry_config().mode(), RetryMode::Adaptive);
    assert!(config.use_fips() && !config.use_dual_stack());
    assert_eq!(config.endpoint_url(), Some("http://127.0.0.1:9"));
}

#[tokio::test]
async fn profile_settings_apply_and_code_wins() {
    let files = [(
        "/home/u/.aws/config",
        "[profile dev]\nregion = ap-south-1\nmax_attempts = 2\n",
    )];
    let vars = [("HOME", "/home/u"), ("AWS_PROFILE", "dev")];
    let config = from_env(&vars, &files).await.build();
    assert_eq!(
        (config.region(), config.retry_config().max_attempts()),
        (Some("ap-south-1"), 2)
    );
    let overridden = from_env(&vars, &files).await.region("us-east-2").build();
    assert_eq!(overridden.region(), Some("us-east-2"));
}

/// Keys from the environment reach the signature through the default chain.
#[tokio::test]
async fn environment_credentials_sign_requests() {
    let replay = StaticReplay::new(vec![ReplayEvent::ok(HttpResponse::json(
        200,
        r#"{"echo":"x"}"#,
    ))]);
    let vars = [
        ("AWS_REGION", "us-west-2"),
        ("AWS_ACCESS_KEY_ID", "AKIDFROMENV"),
        ("AWS_SECRET_ACCESS_KEY", "env-secret"),
    ];
    let time = FakeTime::default();
    let config = from_env(&vars, &[])
        .await
        .http_client(replay.clone())
        .clock(time.clone())
        .sleep_impl(time)
        .build();
    let handle = Handle::new(config, &support::SERVICE);
    handle
        .invoke(&support::PING, &json!({"domain": "d"}), None)
        .await
        .expect("call succeeds");
    let auth = replay
        .requests()
        .first()
        .and_then(|r| r.header("authorization").map(str::to_owned));
    assert!(auth.is_some_and(|a| a.contains("Credential=AKIDFROMENV/")));
}

#[tokio::test]
async fn debug_output_hides_credentials() {
    let config = Config::builder()
        .region("us-west-2")
        .credentials_provider(Credentials::from_keys(
            "AKIDSHOWN",
            "very-secret-key",
            Some("very-secret-token".into()),
        ))
        .build();
    let text = format!(
        "{config:?} {:?}",
        Handle::new(config.clone(), &support::SERVICE)
    );
    assert!(!text.contains("very-secret"), "{text}");
}

/// `Config::from_env` on the real process environment, run in a child
/// process of this test binary so no test changes its own environment.
#[tokio::test]
async fn from_env_reads_the_process_environment() {
    if std::env::var_os("CODEARTIFACT_FROM_ENV_CHILD").is_some() {
        return from_env_child().await;
    }
    let run = |region: Option<&str>| {
        let mut child = std::process::Command::new(std::env::current_exe().expect("test binary"));
        child
            .args([
                "from_env_reads_the_process_environment",
                "--exact",
                "--test-threads=1",
            ])
            .env_clear()
            .env("CODEARTIFACT_FROM_ENV_CHILD", "1")
            .env("AWS_CONFIG_FILE", "/nonexistent/config")
            .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials")
            .env("AWS_ACCESS_KEY_ID", "AKIDCHILD")
            .env("AWS_SECRET_ACCESS_KEY", "child-secret")
            .env("AWS_MAX_ATTEMPTS", "4");
        if let Some(region) = region {
            child.env("AWS_REGION", region);
        }
        child.output().expect("child runs")
    };
    let with_region = run(Some("eu-north-1"));
    assert!(
        with_region.status.success(),
        "{}",
        String::from_utf8_lossy(&with_region.stdout)
    );
    let without = run(None);
    assert!(
        without.status.success(),
        "{}",
        String::from_utf8_lossy(&without.stdout)
    );
}

async fn from_env_child() {
    match std::env::var("AWS_REGION") {
        Ok(region) => {
            let config = Config::from_env().await.expect("loads");
            assert_eq!(config.region(), Some(region.as_str()));
            assert_eq!(config.retry_config().max_attempts(), 4);
        }
        Err(_) => {
            let err = Config::from_env().await.expect_err("no region anywhere");
            assert!(err.to_string().contains("AWS_REGION"), "{err}");
        }
    }
}
