//! The shared config (`~/.aws/config`) and credentials
//! (`~/.aws/credentials`) files as AWS SDKs read them: profiles,
//! `[sso-session x]` and `[services x]` sections, merged across both files.

use std::collections::BTreeMap;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use super::env::Fs;
use super::location::FileLocations;
use super::parse::{FileKind, ProfileParseError, RawSection, parse_file, sub_properties};

/// One named section: a profile, an sso-session or a services section.
///
/// `Debug` shows property names only; values may be secret keys.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Section {
    name: String,
    properties: BTreeMap<String, String>,
}

/// A `[profile x]` (config) or `[x]` (credentials) section.
pub type Profile = Section;

impl Section {
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The property's value; names are case-insensitive.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.properties
            .get(&name.to_ascii_lowercase())
            .map(String::as_str)
    }

    /// A property's nested `key = value` lines, e.g. the `codeartifact`
    /// block of a `[services x]` section. Names are lowercased.
    pub fn sub_properties(&self, name: &str) -> Option<BTreeMap<String, String>> {
        let block = self.get(name)?;
        Some(
            sub_properties(block)
                .map(|(k, v)| (k, v.to_owned()))
                .collect(),
        )
    }

    /// All properties, names lowercased, in name order.
    pub fn properties(&self) -> &BTreeMap<String, String> {
        &self.properties
    }

    fn named(name: &str) -> Self {
        Self {
            name: name.to_owned(),
            properties: BTreeMap::new(),
        }
    }
}

impl fmt::Debug for Section {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Section")
            .field("name", &self.name)
            .field("properties", &self.properties.keys().collect::<Vec<_>>())
            .finish()
    }
}

/// Everything defined in the two shared files, merged.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProfileSet {
    profiles: BTreeMap<String, Profile>,
    sso_sessions: BTreeMap<String, Section>,
    services: BTreeMap<String, Section>,
}

/// The shared files could not be read or parsed.
#[derive(Debug)]
#[non_exhaustive]
pub enum ProfileFileError {
    Parse(ProfileParseError),
    Io { path: PathBuf, source: io::Error },
}

impl fmt::Display for ProfileFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Parse(e) => fmt::Display::fmt(e, f),
            Self::Io { path, source } => write!(f, "cannot read {}: {source}", path.display()),
        }
    }
}

impl std::error::Error for ProfileFileError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Parse(e) => Some(e),
            Self::Io { source, .. } => Some(source),
        }
    }
}

/// Where a section's properties go once its header is understood.
enum Target {
    Profile(String),
    SsoSession(String),
    Services(String),
}

impl ProfileSet {
    /// Parses the texts of a config file and a credentials file (either may
    /// be empty). Credentials-file properties win over config-file ones.
    pub fn parse(config: &str, credentials: &str) -> Result<Self, ProfileParseError> {
        Self::parse_with_paths(Some((config, None)), Some((credentials, None)))
    }

    fn parse_with_paths(
        config: Option<(&str, Option<&Path>)>,
        credentials: Option<(&str, Option<&Path>)>,
    ) -> Result<Self, ProfileParseError> {
        let mut set = Self::default();
        if let Some((text, path)) = config {
            set.merge(parse_file(text, FileKind::Config, path)?, FileKind::Config);
        }
        if let Some((text, path)) = credentials {
            set.merge(
                parse_file(text, FileKind::Credentials, path)?,
                FileKind::Credentials,
            );
        }
        Ok(set)
    }

    /// Reads and parses the files `locations` names. Missing files are
    /// simply empty.
    pub async fn load(fs: &Fs, locations: &FileLocations) -> Result<Self, ProfileFileError> {
        let config = read_optional(fs, locations.config.as_deref()).await?;
        let credentials = read_optional(fs, locations.credentials.as_deref()).await?;
        Self::parse_with_paths(
            config
                .as_ref()
                .map(|(text, path)| (text.as_str(), Some(*path))),
            credentials
                .as_ref()
                .map(|(text, path)| (text.as_str(), Some(*path))),
        )
        .map_err(ProfileFileError::Parse)
    }

    pub fn profile(&self, name: &str) -> Option<&Profile> {
        self.profiles.get(name)
    }

    pub fn profiles(&self) -> &BTreeMap<String, Profile> {
        &self.profiles
    }

    pub fn sso_session(&self, name: &str) -> Option<&Section> {
        self.sso_sessions.get(name)
    }

    pub fn sso_sessions(&self) -> &BTreeMap<String, Section> {
        &self.sso_sessions
    }

    /// A `[services name]` section, which a profile selects with
    /// `services = name`.
    pub fn services(&self, name: &str) -> Option<&Section> {
        self.services.get(name)
    }

    fn merge(&mut self, sections: Vec<RawSection>, kind: FileKind) {
        // In the config file `[profile default]` beats a bare `[default]`
        // wherever each appears, so bare ones are dropped when both exist.
        let has_prefixed_default =
            kind == FileKind::Config && sections.iter().any(|s| is_prefixed_default(&s.header));
        for section in sections {
            if has_prefixed_default && section.header == "default" {
                tracing::debug!(
                    "ignoring [default] in the config file: [profile default] is also present"
                );
                continue;
            }
            let Some(target) = classify(&section.header, kind) else {
                continue;
            };
            let (map, name) = match target {
                Target::Profile(name) => (&mut self.profiles, name),
                Target::SsoSession(name) => (&mut self.sso_sessions, name),
                Target::Services(name) => (&mut self.services, name),
            };
            let entry = map
                .entry(name.clone())
                .or_insert_with(|| Section::named(&name));
            for (key, value) in section.properties {
                if is_identifier(&key) {
                    entry.properties.insert(key, value);
                } else {
                    tracing::warn!(profile = %name, property = %key, "ignoring property with an invalid name");
                }
            }
        }
    }
}

async fn read_optional<'p>(
    fs: &Fs,
    path: Option<&'p Path>,
) -> Result<Option<(String, &'p Path)>, ProfileFileError> {
    let Some(path) = path else { return Ok(None) };
    match fs.read_to_string(path).await {
        Ok(text) => Ok(text.map(|t| (t, path))),
        Err(source) => Err(ProfileFileError::Io {
            path: path.to_path_buf(),
            source,
        }),
    }
}

fn is_prefixed_default(header: &str) -> bool {
    strip_keyword(header, "profile") == Some("default")
}

/// Decides what a header means in a file of `kind`; `None` (with a log
/// line) for sections SDKs ignore.
fn classify(header: &str, kind: FileKind) -> Option<Target> {
    let target = match kind {
        FileKind::Credentials => Some(Target::Profile(header.to_owned())),
        FileKind::Config if header == "default" => Some(Target::Profile(header.to_owned())),
        FileKind::Config => {
            if let Some(name) = strip_keyword(header, "profile") {
                Some(Target::Profile(name.to_owned()))
            } else if let Some(name) = strip_keyword(header, "sso-session") {
                Some(Target::SsoSession(name.to_owned()))
            } else {
                strip_keyword(header, "services").map(|name| Target::Services(name.to_owned()))
            }
        }
    };
    let name = match &target {
        Some(Target::Profile(n) | Target::SsoSession(n) | Target::Services(n)) => n,
        None => {
            tracing::warn!(section = %header, "ignoring config-file section without a `profile` prefix");
            return None;
        }
    };
    if is_identifier(name) {
        target
    } else {
        tracing::warn!(section = %header, %kind, "ignoring section with an invalid name");
        None
    }
}

/// `"profile  foo"` with keyword `profile` gives `foo`: the keyword must be
/// followed by whitespace, so `[profilefoo]` is not a `foo` profile.
fn strip_keyword<'h>(header: &'h str, keyword: &str) -> Option<&'h str> {
    let rest = header.strip_prefix(keyword)?;
    rest.starts_with([' ', '\t'])
        .then(|| rest.trim_matches([' ', '\t']))
}

/// Profile, section and property names: ASCII letters, digits and
/// `- / . % @ _ : +`.
fn is_identifier(name: &str) -> bool {
    !name.is_empty()
        && name.chars().all(|c| {
            c.is_ascii_alphanumeric() || matches!(c, '-' | '/' | '.' | '%' | '@' | '_' | ':' | '+')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn services_section_sub_properties() {
        let config = "[profile dev]\nservices = local\n[services local]\ncodeartifact =\n  endpoint_url = http://127.0.0.1:9\n";
        let set = ProfileSet::parse(config, "").unwrap();
        assert_eq!(
            set.profile("dev").and_then(|p| p.get("SERVICES")),
            Some("local")
        );
        let block = set
            .services("local")
            .and_then(|s| s.sub_properties("codeartifact"))
            .unwrap();
        assert_eq!(
            block.get("endpoint_url").map(String::as_str),
            Some("http://127.0.0.1:9")
        );
        assert!(set.profile("local").is_none());
    }

    #[test]
    fn debug_hides_values() {
        let set = ProfileSet::parse("", "[default]\naws_secret_access_key = s3cr3t").unwrap();
        let shown = format!("{set:?}");
        assert!(
            shown.contains("aws_secret_access_key") && !shown.contains("s3cr3t"),
            "{shown}"
        );
    }

    #[tokio::test]
    async fn load_reads_both_files_and_tolerates_missing_ones() {
        let locations = FileLocations {
            config: Some("/h/.aws/config".into()),
            credentials: Some("/h/.aws/credentials".into()),
            profile: "default".into(),
            profile_explicit: false,
        };
        let fs = Fs::from_files([("/h/.aws/config", "[default]\nregion = eu-west-1")]);
        let set = ProfileSet::load(&fs, &locations).await.unwrap();
        assert_eq!(
            set.profile("default").and_then(|p| p.get("region")),
            Some("eu-west-1")
        );
        let broken = Fs::from_files([("/h/.aws/credentials", "[default]\nbroken")]);
        let err = ProfileSet::load(&broken, &locations).await.unwrap_err();
        assert!(
            err.to_string().contains("/h/.aws/credentials line 2"),
            "{err}"
        );
    }
}
