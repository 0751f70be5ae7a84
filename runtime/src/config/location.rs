//! Where the shared config and credentials files live, and which profile is
//! selected, following the AWS SDKs' file-location rules.

use std::path::PathBuf;

use super::env::Env;

/// The profile used when `AWS_PROFILE` is not set.
pub const DEFAULT_PROFILE: &str = "default";

/// The operating-system family, which decides home-directory fallbacks and
/// the path separator. Explicit so Windows rules can be tested on Linux.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Platform {
    Unix,
    Windows,
}

impl Platform {
    pub fn current() -> Self {
        if cfg!(windows) {
            Self::Windows
        } else {
            Self::Unix
        }
    }

    fn separator(self) -> char {
        match self {
            Self::Unix => '/',
            Self::Windows => '\\',
        }
    }
}

/// The files and profile a loader reads.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct FileLocations {
    /// `AWS_CONFIG_FILE`, else `<home>/.aws/config`; `None` when neither
    /// the variable nor a home directory is known.
    pub config: Option<PathBuf>,
    /// `AWS_SHARED_CREDENTIALS_FILE`, else `<home>/.aws/credentials`.
    pub credentials: Option<PathBuf>,
    /// `AWS_PROFILE`, else `default`.
    pub profile: String,
    /// Whether the profile was chosen explicitly (via `AWS_PROFILE`), in
    /// which case its absence is an error rather than "nothing configured".
    pub profile_explicit: bool,
}

impl FileLocations {
    pub fn resolve(env: &Env, platform: Platform) -> Self {
        let home = home_dir(env, platform);
        let file = |var: &str, name: &str| match env.get_non_empty(var) {
            Some(path) => Some(expand_tilde(&path, home.as_deref(), platform)),
            None => home.as_ref().map(|h| join_home(h, name, platform)),
        };
        let explicit = env.get_non_empty("AWS_PROFILE");
        Self {
            config: file("AWS_CONFIG_FILE", "config").map(PathBuf::from),
            credentials: file("AWS_SHARED_CREDENTIALS_FILE", "credentials").map(PathBuf::from),
            profile_explicit: explicit.is_some(),
            profile: explicit.unwrap_or_else(|| DEFAULT_PROFILE.to_owned()),
        }
    }
}

/// The user's home directory: `HOME` everywhere, then on Windows
/// `USERPROFILE`, then `HOMEDRIVE` + `HOMEPATH`.
pub fn home_dir(env: &Env, platform: Platform) -> Option<String> {
    if let Some(home) = env.get_non_empty("HOME") {
        return Some(home);
    }
    if platform != Platform::Windows {
        return None;
    }
    if let Some(profile) = env.get_non_empty("USERPROFILE") {
        return Some(profile);
    }
    match (
        env.get_non_empty("HOMEDRIVE"),
        env.get_non_empty("HOMEPATH"),
    ) {
        (Some(drive), Some(path)) => Some(format!("{drive}{path}")),
        _ => None,
    }
}

fn join_home(home: &str, file: &str, platform: Platform) -> String {
    let sep = platform.separator();
    let home = home.strip_suffix(sep).unwrap_or(home);
    format!("{home}{sep}.aws{sep}{file}")
}

/// SDKs expand a leading `~` in `AWS_CONFIG_FILE` and friends to the home
/// directory; a path without one is used as given.
fn expand_tilde(path: &str, home: Option<&str>, platform: Platform) -> String {
    let Some(home) = home else {
        return path.to_owned();
    };
    if path == "~" {
        return home.to_owned();
    }
    let rest = path.strip_prefix("~/").or_else(|| {
        if platform == Platform::Windows {
            path.strip_prefix("~\\")
        } else {
            None
        }
    });
    match rest {
        Some(rest) => {
            let sep = platform.separator();
            format!("{}{sep}{rest}", home.strip_suffix(sep).unwrap_or(home))
        }
        None => path.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tilde_expands_to_home() {
        let env = Env::from_pairs([("HOME", "/home/u/"), ("AWS_CONFIG_FILE", "~/cfg/config")]);
        let loc = FileLocations::resolve(&env, Platform::Unix);
        assert_eq!(loc.config, Some(PathBuf::from("/home/u/cfg/config")));
        assert_eq!(
            loc.credentials,
            Some(PathBuf::from("/home/u/.aws/credentials"))
        );
        assert!(!loc.profile_explicit);
    }

    #[test]
    fn no_home_means_no_default_files() {
        let env = Env::from_pairs([("USERPROFILE", "C:\\u"), ("AWS_PROFILE", "p")]);
        let loc = FileLocations::resolve(&env, Platform::Unix);
        assert_eq!(loc.config, None);
        assert_eq!(loc.profile, "p");
        assert!(loc.profile_explicit);
    }
}
