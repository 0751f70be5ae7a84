//! Settings resolved from an injected environment and in-memory files;
//! nothing here reads the process environment or the real `~/.aws`.

use codeartifact_runtime::config::{
    ConfigError, Env, Fs, LoadedConfig, Platform, RetryModeSetting,
};

const CONFIG: &str = "/home/u/.aws/config";

async fn load(vars: &[(&str, &str)], config: &str) -> Result<LoadedConfig, ConfigError> {
    let mut all = vec![("HOME", "/home/u")];
    all.extend_from_slice(vars);
    let env = Env::from_pairs(all.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    LoadedConfig::load(&env, &Fs::from_files([(CONFIG, config)]), Platform::Unix).await
}

const PROFILES: &str = "\
[default]
region = eu-west-1
max_attempts = 5
retry_mode = adaptive
use_fips_endpoint = true
use_dualstack_endpoint = false
endpoint_url = http://127.0.0.1:1111
[profile dev]
region = ap-south-1
services = local
endpoint_url = http://127.0.0.1:2222
[services local]
s3 =
  endpoint_url = http://127.0.0.1:4444
codeartifact =
  endpoint_url = http://127.0.0.1:3333
";

#[tokio::test]
async fn profile_values_apply_when_environment_is_silent() {
    let c = load(&[], PROFILES).await.unwrap();
    assert_eq!(c.profile_name, "default");
    assert_eq!(c.region.as_deref(), Some("eu-west-1"));
    assert_eq!(c.max_attempts, Some(5));
    assert_eq!(c.retry_mode, Some(RetryModeSetting::Adaptive));
    assert_eq!((c.use_fips, c.use_dual_stack), (Some(true), Some(false)));
    assert_eq!(c.endpoint_url.as_deref(), Some("http://127.0.0.1:1111"));
    assert_eq!(c.require_region().unwrap(), "eu-west-1");
}

#[tokio::test]
async fn environment_beats_profile() {
    let vars = [
        ("AWS_REGION", "us-west-2"),
        ("AWS_DEFAULT_REGION", "us-east-2"),
        ("AWS_MAX_ATTEMPTS", "2"),
        ("AWS_RETRY_MODE", "Standard"),
        ("AWS_USE_FIPS_ENDPOINT", "FALSE"),
        ("AWS_USE_DUALSTACK_ENDPOINT", "true"),
        ("AWS_ENDPOINT_URL", "http://127.0.0.1:5555"),
    ];
    let c = load(&vars, PROFILES).await.unwrap();
    assert_eq!(c.region.as_deref(), Some("us-west-2"));
    assert_eq!(c.max_attempts, Some(2));
    assert_eq!(c.retry_mode, Some(RetryModeSetting::Standard));
    assert_eq!((c.use_fips, c.use_dual_stack), (Some(false), Some(true)));
    assert_eq!(c.endpoint_url.as_deref(), Some("http://127.0.0.1:5555"));
    let c = load(&[("AWS_DEFAULT_REGION", "us-east-2")], PROFILES)
        .await
        .unwrap();
    assert_eq!(c.region.as_deref(), Some("us-east-2"));
}

#[tokio::test]
async fn endpoint_precedence() {
    let service = ("AWS_ENDPOINT_URL_CODEARTIFACT", "http://127.0.0.1:6666");
    let global = ("AWS_ENDPOINT_URL", "http://127.0.0.1:5555");
    let dev = ("AWS_PROFILE", "dev");
    let url = |c: LoadedConfig| c.endpoint_url;
    assert_eq!(
        url(load(&[service, global, dev], PROFILES).await.unwrap()).as_deref(),
        Some(service.1)
    );
    assert_eq!(
        url(load(&[global, dev], PROFILES).await.unwrap()).as_deref(),
        Some(global.1)
    );
    // The services block beats the profile's own endpoint_url, and the s3
    // block beside it is not ours.
    let c = load(&[dev], PROFILES).await.unwrap();
    assert_eq!(c.region.as_deref(), Some("ap-south-1"));
    assert_eq!(c.endpoint_url.as_deref(), Some("http://127.0.0.1:3333"));
    let no_block = PROFILES.replace(
        "codeartifact =\n  endpoint_url = http://127.0.0.1:3333\n",
        "",
    );
    assert_eq!(
        url(load(&[dev], &no_block).await.unwrap()).as_deref(),
        Some("http://127.0.0.1:2222")
    );
}

#[tokio::test]
async fn configured_endpoints_can_be_ignored() {
    let vars = [
        ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"),
        ("AWS_ENDPOINT_URL", "http://127.0.0.1:5555"),
    ];
    let c = load(&vars, PROFILES).await.unwrap();
    assert_eq!(c.endpoint_url, None);
    assert!(c.ignore_configured_endpoint_urls);
    let in_profile = format!(
        "{PROFILES}\n[profile quiet]\nendpoint_url = http://127.0.0.1:1\nignore_configured_endpoint_urls = true\n"
    );
    let c = load(&[("AWS_PROFILE", "quiet")], &in_profile)
        .await
        .unwrap();
    assert_eq!(c.endpoint_url, None);
    // The environment variable set to false overrides the profile's true.
    let vars = [
        ("AWS_PROFILE", "quiet"),
        ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "false"),
    ];
    assert_eq!(
        load(&vars, &in_profile)
            .await
            .unwrap()
            .endpoint_url
            .as_deref(),
        Some("http://127.0.0.1:1")
    );
}

#[tokio::test]
async fn malformed_values_are_typed_errors() {
    let err = load(&[("AWS_MAX_ATTEMPTS", "x")], "").await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "AWS_MAX_ATTEMPTS must be a positive integer, got 'x'"
    );
    assert!(matches!(err, ConfigError::InvalidValue { .. }));
    let err = load(&[("AWS_MAX_ATTEMPTS", "0")], "").await.unwrap_err();
    assert!(err.to_string().contains("got '0'"));
    let err = load(&[], "[default]\nretry_mode = fast").await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "retry_mode in profile 'default' must be one of 'standard', 'adaptive' or 'legacy', got 'fast'"
    );
    let err = load(&[("AWS_USE_FIPS_ENDPOINT", "yes")], "")
        .await
        .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("AWS_USE_FIPS_ENDPOINT must be 'true' or 'false'"),
        "{err}"
    );
    let err = load(&[("AWS_ENDPOINT_URL", "127.0.0.1:9")], "")
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("an http:// or https:// URL"),
        "{err}"
    );
    let err = load(&[], "[default]\nregion").await.unwrap_err();
    assert!(matches!(err, ConfigError::ProfileFile(_)), "{err}");
}

#[tokio::test]
async fn missing_region_says_how_to_set_it() {
    let c = load(&[("AWS_REGION", "")], "").await.unwrap();
    assert_eq!(c.region, None);
    let msg = c.require_region().unwrap_err().to_string();
    for hint in [
        "AWS_REGION",
        "region",
        CONFIG,
        "Config::builder().region(..)",
        "'default'",
    ] {
        assert!(msg.contains(hint), "{hint} not in {msg}");
    }
}

#[tokio::test]
async fn missing_files_and_unknown_profile_give_empty_settings() {
    let env = Env::from_pairs([("HOME", "/nowhere"), ("AWS_PROFILE", "ghost")]);
    let c = LoadedConfig::load(&env, &Fs::from_files::<&str, &str>([]), Platform::Unix)
        .await
        .unwrap();
    assert_eq!(
        (&c.region, &c.endpoint_url, c.max_attempts, c.retry_mode),
        (&None, &None, None, None)
    );
    assert!(c.profile().is_none());
    assert_eq!(c.profile_name, "ghost");
}
