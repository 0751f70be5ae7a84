//! Profile credentials: static keys, credential_process scripts,
//! source_profile chains, and the default chain's order and messages.
//! Files are in memory; scripts live in a fresh temporary directory.

mod common;

use std::path::PathBuf;

use codeartifact_runtime::config::{Env, Fs, LoadedConfig, Platform};
use codeartifact_runtime::credentials::{
    CredentialsChain, CredentialsError, ProfileProvider, ProvideCredentials, default_provider,
};
use common::{
    CREDS_JSON, EXPIRY_2030, FakeServer, Request, assert_credentials, assert_error, closed_base,
    env, error_of, reply,
};

const CONFIG: &str = "/home/u/.aws/config";
const CREDENTIALS: &str = "/home/u/.aws/credentials";

/// `vars` plus `HOME=/home/u`.
fn home_env(vars: &[(&str, &str)]) -> Env {
    env(&[&[("HOME", "/home/u")], vars].concat())
}

fn provider(vars: &[(&str, &str)], config: &str, credentials: &str) -> ProfileProvider {
    let files = Fs::from_files([(CONFIG, config), (CREDENTIALS, credentials)]);
    ProfileProvider::new(home_env(vars), files)
}

#[tokio::test]
async fn static_keys_with_credentials_file_winning() {
    let config =
        "[profile dev]\naws_access_key_id = FROMCONFIG\naws_secret_access_key = config-secret\n";
    let credentials = "[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = dev-secret\naws_session_token = dev-token\n";
    let creds = provider(&[("AWS_PROFILE", "dev")], config, credentials)
        .provide()
        .await
        .unwrap();
    assert_eq!(creds.access_key_id(), "AKIDDEV");
    assert_eq!(
        (creds.secret_access_key(), creds.session_token()),
        ("dev-secret", Some("dev-token"))
    );
    assert_eq!(creds.expiry(), None);
    let overridden = provider(&[], config, "")
        .profile_name("dev")
        .provide()
        .await
        .unwrap();
    assert_eq!(overridden.access_key_id(), "FROMCONFIG");
}

#[tokio::test]
async fn missing_profiles_and_keys() {
    let err = error_of(&provider(&[], "[profile other]\n", "")).await;
    assert!(err.is_not_loaded(), "{err}");
    let err = error_of(&provider(&[("AWS_PROFILE", "ghost")], "", "")).await;
    assert_error(&err, "InvalidConfiguration", "'ghost'");
    assert_error(&err, "InvalidConfiguration", CREDENTIALS);
    let err = error_of(&provider(&[], "[default]\nregion = eu-west-1\n", "")).await;
    assert!(err.is_not_loaded(), "{err}");
    let err = error_of(&provider(&[], "", "[default]\naws_access_key_id = AKID\n")).await;
    assert_error(&err, "InvalidConfiguration", "");
}

#[tokio::test]
async fn source_profile_chains_are_validated_then_reported_unsupported() {
    let config = "\
[profile a]\nrole_arn = arn:aws:iam::111122223333:role/A\nsource_profile = b
[profile b]\nrole_arn = arn:aws:iam::111122223333:role/B\nsource_profile = c
[profile c]\naws_access_key_id = AKIDC\naws_secret_access_key = c-secret
[profile self]\nrole_arn = arn:aws:iam::111122223333:role/S\nsource_profile = self\naws_access_key_id = K\naws_secret_access_key = s
[profile loop1]\nrole_arn = arn:aws:iam::111122223333:role/L\nsource_profile = loop2
[profile loop2]\nrole_arn = arn:aws:iam::111122223333:role/L\nsource_profile = loop1
[profile dangling]\nrole_arn = arn:aws:iam::111122223333:role/D\nsource_profile = nowhere
[profile empty-source]\nrole_arn = arn:aws:iam::111122223333:role/E\nsource_profile = bare
[profile bare]\nregion = us-east-1
[profile ec2]\nrole_arn = arn:aws:iam::111122223333:role/X\ncredential_source = Ec2InstanceMetadata
[profile norole]\nrole_arn = arn:aws:iam::111122223333:role/N
[profile sso]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Dev
[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1
";
    let run = |name: &'static str| async move {
        provider(&[("AWS_PROFILE", name)], config, "")
            .provide()
            .await
    };
    for (name, profile) in [("a", "a"), ("self", "self"), ("ec2", "ec2"), ("sso", "sso")] {
        match run(name).await.unwrap_err() {
            CredentialsError::Unsupported {
                profile: p,
                feature,
                ..
            } => {
                assert_eq!(p, profile);
                assert!(!feature.is_empty());
            }
            other => panic!("{name}: expected Unsupported, got {other}"),
        }
    }
    let msg = run("a").await.unwrap_err().to_string();
    assert!(
        msg.contains("role_arn") && msg.contains("not support"),
        "{msg}"
    );
    for (name, needle) in [
        ("loop1", "cycle: loop1 -> loop2 -> loop1"),
        ("dangling", "'nowhere', which is not defined"),
        ("empty-source", "profile 'bare' has no"),
        ("norole", "neither source_profile nor credential_source"),
    ] {
        let err = run(name).await.unwrap_err();
        assert!(
            matches!(err, CredentialsError::InvalidConfiguration { .. }),
            "{name}: {err}"
        );
        assert!(err.to_string().contains(needle), "{name}: {err}");
    }
}

/// A fresh directory for this test's scripts, removed at the end.
#[cfg(unix)]
struct ScriptDir(PathBuf);

#[cfg(unix)]
impl ScriptDir {
    fn new(tag: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("ca-rs-{tag}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }

    fn script(&self, name: &str, body: &str) -> String {
        use std::os::unix::fs::PermissionsExt;
        let path = self.0.join(name);
        std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        path.display().to_string()
    }
}

#[cfg(unix)]
impl Drop for ScriptDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[cfg(unix)]
#[tokio::test]
async fn credential_process_scripts() {
    let dir = ScriptDir::new("process");
    let good = dir.script(
        "good.sh",
        r#"[ "$1" = "--role" ] || exit 9
echo '{"Version": 1, "AccessKeyId": "ASIAPROC", "SecretAccessKey": "proc-secret", "SessionToken": "proc-token", "Expiration": "2030-01-02T03:04:05Z"}'"#,
    );
    let config = format!("[default]\ncredential_process = {good} --role dev\n");
    let creds = provider(&[], &config, "").provide().await.unwrap();
    assert_credentials(
        &creds,
        (
            "ASIAPROC",
            "proc-secret",
            Some("proc-token"),
            Some(EXPIRY_2030),
        ),
    );

    let failing = dir.script("fail.sh", "echo 'token expired, run login' >&2\nexit 3");
    let err = error_of(&provider(
        &[],
        &format!("[default]\ncredential_process = {failing}"),
        "",
    ))
    .await;
    assert_error(&err, "ProviderFailed", "3");
    assert_error(&err, "ProviderFailed", "token expired, run login");

    let v2 = dir.script(
        "v2.sh",
        r#"echo '{"Version": 2, "AccessKeyId": "A", "SecretAccessKey": "leak-me"}'"#,
    );
    let err = error_of(&provider(
        &[],
        &format!("[default]\ncredential_process = {v2}"),
        "",
    ))
    .await;
    assert!(
        err.to_string().contains("Version 2") && !err.to_string().contains("leak-me"),
        "{err}"
    );

    let garbage = dir.script("garbage.sh", "echo 'AccessKeyId=A SecretAccessKey=leak-me'");
    let err = error_of(&provider(
        &[],
        &format!("[default]\ncredential_process = {garbage}"),
        "",
    ))
    .await;
    assert!(!format!("{err} {err:?}").contains("leak-me"), "{err}");
}

async fn chain_config(vars: &[(&str, &str)], config: &str) -> LoadedConfig {
    let files = Fs::from_files([(CONFIG, config)]);
    LoadedConfig::load(&home_env(vars), &files, Platform::Unix)
        .await
        .unwrap()
}

#[tokio::test]
async fn default_chain_order() {
    let server = FakeServer::start(|_: &Request| reply(200, CREDS_JSON)).await;
    let imds_off = closed_base().await;
    let profile_keys = "[default]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = p\n";
    let full = format!("{}/creds", server.base);
    let env_keys = [
        ("AWS_ACCESS_KEY_ID", "AKIDENV"),
        ("AWS_SECRET_ACCESS_KEY", "e"),
    ];
    let container = ("AWS_CONTAINER_CREDENTIALS_FULL_URI", full.as_str());
    let imds = ("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds_off.as_str());

    let config = chain_config(&[env_keys[0], env_keys[1], container, imds], profile_keys).await;
    assert_eq!(
        default_provider(&config)
            .provide()
            .await
            .unwrap()
            .access_key_id(),
        "AKIDENV"
    );
    let config = chain_config(&[container, imds], profile_keys).await;
    assert_eq!(
        CredentialsChain::default_chain(&config)
            .provide()
            .await
            .unwrap()
            .access_key_id(),
        "AKIDPROFILE"
    );
    let config = chain_config(&[container, imds], "[default]\nregion = us-east-1\n").await;
    let creds = CredentialsChain::default_chain(&config)
        .provide()
        .await
        .unwrap();
    assert_eq!(
        (creds.access_key_id(), creds.provider_name()),
        ("ASIAFAKE", "container")
    );
    assert!(server.requests().len() == 1);

    // A broken profile stops the chain instead of falling through.
    let config = chain_config(&[container, imds], "[default]\naws_access_key_id = AKID\n").await;
    let err = CredentialsChain::default_chain(&config)
        .provide()
        .await
        .unwrap_err();
    assert_error(&err, "InvalidConfiguration", "");
    assert_eq!(server.requests().len(), 1);

    // Web identity from the environment comes after the profile, and is
    // reported unsupported rather than skipped on to the container.
    let web = ("AWS_WEB_IDENTITY_TOKEN_FILE", "/var/run/secrets/token");
    let config = chain_config(&[web, container, imds], profile_keys).await;
    let creds = CredentialsChain::default_chain(&config).provide().await;
    assert_eq!(creds.unwrap().access_key_id(), "AKIDPROFILE");
    let config = chain_config(&[web, container, imds], "").await;
    let err = CredentialsChain::default_chain(&config)
        .provide()
        .await
        .unwrap_err();
    assert!(
        matches!(err, CredentialsError::Unsupported { .. }),
        "{err:?}"
    );
    assert_eq!(server.requests().len(), 1, "the container was not asked");
}

#[tokio::test]
async fn nothing_configured_says_how_to_set_credentials() {
    let imds_off = closed_base().await;
    let config = chain_config(&[("AWS_EC2_METADATA_SERVICE_ENDPOINT", &imds_off)], "").await;
    let err = default_provider(&config).provide().await.unwrap_err();
    assert!(
        matches!(&err, CredentialsError::NoneFound { tried } if tried.len() == 5),
        "{err:?}"
    );
    let msg = err.to_string();
    for hint in [
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "~/.aws/credentials",
        "credentials_provider(",
        "AWS_PROFILE",
    ] {
        assert!(msg.contains(hint), "{hint} missing from {msg}");
    }
    for provider in [
        "environment:",
        "profile:",
        "web identity:",
        "container:",
        "IMDS:",
    ] {
        assert!(msg.contains(provider), "{provider} missing from {msg}");
    }
}

#[tokio::test]
async fn debug_output_of_providers_and_errors_holds_no_secret() {
    let imds_off = closed_base().await;
    let secrets = [
        "env-secret-1",
        "env-token-2",
        "file-secret-3",
        "file-token-4",
    ];
    let vars = [
        ("AWS_ACCESS_KEY_ID", "AKIDENV"),
        ("AWS_SECRET_ACCESS_KEY", secrets[0]),
        ("AWS_SESSION_TOKEN", secrets[1]),
        ("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds_off.as_str()),
    ];
    let file = format!(
        "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = {}\naws_session_token = {}\n",
        secrets[2], secrets[3]
    );
    let config = chain_config(&vars, &file).await;
    let cached = default_provider(&config);
    let creds = cached.provide().await.unwrap();
    let from_file = ProfileProvider::from_loaded(&config)
        .provide()
        .await
        .unwrap();
    let half = chain_config(&[("AWS_SECRET_ACCESS_KEY", secrets[0])], &file).await;
    let err = default_provider(&half).provide().await.unwrap_err();
    let shown = format!("{config:?} {cached:?} {creds:?} {from_file:?} {err:?} {err}");
    for secret in secrets {
        assert!(!shown.contains(secret), "{secret} leaked: {shown}");
    }
    assert!(shown.contains("AKIDENV") && shown.contains("AKIDFILE"));
}
