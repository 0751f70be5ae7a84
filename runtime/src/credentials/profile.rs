//! Credentials from the selected profile of the shared files: static keys,
//! `credential_process`, and `source_profile` chains, whose roles need STS
//! and are reported as not supported yet.

use std::sync::Arc;

use super::process::CredentialProcessProvider;
use super::{Credentials, CredentialsError, ProvideCredentials, ProvideCredentialsFuture};
use crate::config::{Env, FileLocations, Fs, LoadedConfig, Platform, Profile, ProfileSet};

const NAME: &str = "profile";

/// Reads the profile `AWS_PROFILE` selects (else `default`) each time it is
/// asked, or uses files already loaded by [`LoadedConfig`].
#[derive(Debug, Clone)]
pub struct ProfileProvider {
    source: Source,
    profile_override: Option<String>,
}

#[derive(Debug, Clone)]
enum Source {
    Files {
        env: Env,
        fs: Fs,
        platform: Platform,
    },
    Loaded {
        profiles: Arc<ProfileSet>,
        locations: FileLocations,
    },
}

/// What the end of a profile chain holds.
enum Base {
    Static(Credentials),
    Process(String),
}

impl ProfileProvider {
    pub fn new(env: Env, fs: Fs) -> Self {
        let source = Source::Files {
            env,
            fs,
            platform: Platform::current(),
        };
        Self {
            source,
            profile_override: None,
        }
    }

    /// Uses the files and profile `config` already read.
    pub fn from_loaded(config: &LoadedConfig) -> Self {
        let source = Source::Loaded {
            profiles: config.profiles.clone(),
            locations: config.locations.clone(),
        };
        Self {
            source,
            profile_override: None,
        }
    }

    /// Reads this profile instead of the one `AWS_PROFILE` selects.
    pub fn profile_name(mut self, name: impl Into<String>) -> Self {
        self.profile_override = Some(name.into());
        self
    }

    async fn load(&self) -> Result<Credentials, CredentialsError> {
        let (profiles, mut locations) = match &self.source {
            Source::Loaded {
                profiles,
                locations,
            } => (profiles.clone(), locations.clone()),
            Source::Files { env, fs, platform } => {
                let locations = FileLocations::resolve(env, *platform);
                let profiles = ProfileSet::load(fs, &locations)
                    .await
                    .map_err(|e| CredentialsError::invalid(NAME, e.to_string()))?;
                (Arc::new(profiles), locations)
            }
        };
        if let Some(name) = &self.profile_override {
            locations.profile = name.clone();
            locations.profile_explicit = true;
        }
        match resolve(&profiles, &locations)? {
            Base::Static(creds) => Ok(creds),
            Base::Process(command) => CredentialProcessProvider::new(command).provide().await,
        }
    }
}

impl ProvideCredentials for ProfileProvider {
    fn provide(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(self.load())
    }
}

/// Follows `source_profile` links from the selected profile to a profile
/// with credentials of its own. Roles on the way need STS, so a chain with
/// any is `Unsupported` once it is known to be otherwise valid.
fn resolve(profiles: &ProfileSet, locations: &FileLocations) -> Result<Base, CredentialsError> {
    let selected = locations.profile.as_str();
    let Some(first) = profiles.profile(selected) else {
        let files = describe_files(locations);
        let reason = format!("profile '{selected}' is not defined in {files}");
        return Err(if locations.profile_explicit {
            CredentialsError::invalid(NAME, reason)
        } else {
            CredentialsError::not_loaded(NAME, reason)
        });
    };
    let mut visited: Vec<&str> = Vec::new();
    let mut role_profile: Option<&str> = None;
    let mut profile = first;
    loop {
        visited.push(profile.name());
        if profile.get("role_arn").is_none() {
            break;
        }
        role_profile.get_or_insert(profile.name());
        let source = next_source(profile)?;
        if source == profile.name() {
            // A profile may name itself as source: its own keys assume the role.
            break;
        }
        if visited.contains(&source) {
            let cycle = format!("source_profile cycle: {} -> {source}", visited.join(" -> "));
            return Err(CredentialsError::invalid(NAME, cycle));
        }
        profile = profiles.profile(source).ok_or_else(|| {
            let msg = format!(
                "profile '{}' has source_profile '{source}', which is not defined",
                profile.name()
            );
            CredentialsError::invalid(NAME, msg)
        })?;
    }
    let base = base_credentials(profile, role_profile.is_some() || visited.len() > 1)?;
    match role_profile {
        None => Ok(base),
        Some(name) => Err(CredentialsError::Unsupported {
            provider: NAME,
            profile: name.to_owned(),
            feature: "role_arn (assuming a role through STS)",
        }),
    }
}

/// The profile a role profile takes its credentials from.
fn next_source(profile: &Profile) -> Result<&str, CredentialsError> {
    if let Some(source) = profile.get("source_profile") {
        return Ok(source.trim());
    }
    let unsupported = |feature| CredentialsError::Unsupported {
        provider: NAME,
        profile: profile.name().to_owned(),
        feature,
    };
    if profile.get("credential_source").is_some() {
        return Err(unsupported(
            "role_arn with credential_source (assuming a role through STS)",
        ));
    }
    if profile.get("web_identity_token_file").is_some() {
        return Err(unsupported(
            "web_identity_token_file (AssumeRoleWithWebIdentity through STS)",
        ));
    }
    let msg = format!(
        "profile '{}' has role_arn but neither source_profile nor credential_source",
        profile.name()
    );
    Err(CredentialsError::invalid(NAME, msg))
}

/// The credentials a profile holds itself. `in_chain` says the profile is a
/// source for a role, where having none is an error rather than "nothing
/// configured here".
fn base_credentials(profile: &Profile, in_chain: bool) -> Result<Base, CredentialsError> {
    let name = profile.name();
    if profile.get("sso_session").is_some() || profile.get("sso_start_url").is_some() {
        let feature = "IAM Identity Center (SSO), which needs the SSO service";
        return Err(CredentialsError::Unsupported {
            provider: NAME,
            profile: name.to_owned(),
            feature,
        });
    }
    let id = profile.get("aws_access_key_id").filter(|v| !v.is_empty());
    let secret = profile
        .get("aws_secret_access_key")
        .filter(|v| !v.is_empty());
    match (id, secret) {
        (Some(id), Some(secret)) => {
            let token = profile
                .get("aws_session_token")
                .filter(|t| !t.is_empty())
                .map(str::to_owned);
            return Ok(Base::Static(Credentials::new(
                id, secret, token, None, NAME,
            )));
        }
        (Some(_), None) | (None, Some(_)) => {
            let msg = format!(
                "profile '{name}' must set both aws_access_key_id and aws_secret_access_key"
            );
            return Err(CredentialsError::invalid(NAME, msg));
        }
        (None, None) => {}
    }
    if let Some(command) = profile
        .get("credential_process")
        .filter(|c| !c.trim().is_empty())
    {
        return Ok(Base::Process(command.trim().to_owned()));
    }
    let reason =
        format!("profile '{name}' has no aws_access_key_id, credential_process or role_arn");
    Err(if in_chain {
        CredentialsError::invalid(NAME, reason)
    } else {
        CredentialsError::not_loaded(NAME, reason)
    })
}

fn describe_files(locations: &FileLocations) -> String {
    let show = |p: &Option<std::path::PathBuf>| {
        p.as_ref().map_or("(no home directory)".to_owned(), |p| {
            p.display().to_string()
        })
    };
    format!(
        "{} or {}",
        show(&locations.config),
        show(&locations.credentials)
    )
}
