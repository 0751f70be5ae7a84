//! Injectable access to environment variables and files, so that loading
//! config can be tested without touching the process environment or the
//! user's real `~/.aws`.

use std::collections::HashMap;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Environment variables: the real process environment, or a fixed map.
///
/// `Debug` lists variable names only, never values, since the map may hold
/// `AWS_SECRET_ACCESS_KEY`.
#[derive(Clone)]
pub struct Env(EnvSource);

#[derive(Clone)]
enum EnvSource {
    Process,
    Map(Arc<HashMap<String, String>>),
}

impl Env {
    /// Reads `std::env` at each lookup.
    pub fn process() -> Self {
        Self(EnvSource::Process)
    }

    /// A fixed set of variables; anything not listed is unset.
    pub fn from_pairs<K, V>(pairs: impl IntoIterator<Item = (K, V)>) -> Self
    where
        K: Into<String>,
        V: Into<String>,
    {
        let map = pairs
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .collect();
        Self(EnvSource::Map(Arc::new(map)))
    }

    /// The variable's value; `None` when unset or not valid Unicode.
    pub fn get(&self, key: &str) -> Option<String> {
        match &self.0 {
            EnvSource::Process => std::env::var(key).ok(),
            EnvSource::Map(map) => map.get(key).cloned(),
        }
    }

    /// Like [`Env::get`], but an empty or all-whitespace value counts as
    /// unset, as AWS SDKs treat `AWS_REGION=` and the like.
    pub fn get_non_empty(&self, key: &str) -> Option<String> {
        self.get(key)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    }
}

impl Default for Env {
    fn default() -> Self {
        Self::process()
    }
}

impl fmt::Debug for Env {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            EnvSource::Process => f.write_str("Env::Process"),
            EnvSource::Map(map) => {
                let mut keys: Vec<&String> = map.keys().collect();
                keys.sort();
                f.debug_tuple("Env::Map").field(&keys).finish()
            }
        }
    }
}

/// Read-only file access: the real file system, or an in-memory map of
/// path to contents.
///
/// `Debug` lists paths only: the files are credentials files.
#[derive(Clone)]
pub struct Fs(FsSource);

#[derive(Clone)]
enum FsSource {
    Real,
    Map(Arc<HashMap<PathBuf, String>>),
}

impl Fs {
    pub fn real() -> Self {
        Self(FsSource::Real)
    }

    /// An in-memory file system holding exactly these files.
    pub fn from_files<P, C>(files: impl IntoIterator<Item = (P, C)>) -> Self
    where
        P: Into<PathBuf>,
        C: Into<String>,
    {
        let map = files
            .into_iter()
            .map(|(p, c)| (p.into(), c.into()))
            .collect();
        Self(FsSource::Map(Arc::new(map)))
    }

    /// The file's text, or `Ok(None)` when it does not exist.
    pub async fn read_to_string(&self, path: &Path) -> io::Result<Option<String>> {
        match &self.0 {
            FsSource::Real => match tokio::fs::read(path).await {
                Ok(bytes) => String::from_utf8(bytes).map(Some).map_err(|_| {
                    io::Error::new(io::ErrorKind::InvalidData, "file is not valid UTF-8")
                }),
                Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(e),
            },
            FsSource::Map(map) => Ok(map.get(path).cloned()),
        }
    }
}

impl Default for Fs {
    fn default() -> Self {
        Self::real()
    }
}

impl fmt::Debug for Fs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            FsSource::Real => f.write_str("Fs::Real"),
            FsSource::Map(map) => {
                let mut paths: Vec<&PathBuf> = map.keys().collect();
                paths.sort();
                f.debug_tuple("Fs::Map").field(&paths).finish()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_values() {
        let env = Env::from_pairs([("AWS_SECRET_ACCESS_KEY", "hunter2-secret")]);
        let shown = format!("{env:?}");
        assert!(shown.contains("AWS_SECRET_ACCESS_KEY"));
        assert!(!shown.contains("hunter2-secret"));
        let fs = Fs::from_files([(
            "/h/.aws/credentials",
            "aws_secret_access_key = hunter2-secret",
        )]);
        assert!(!format!("{fs:?}").contains("hunter2-secret"));
    }

    #[test]
    fn empty_values_count_as_unset() {
        let env = Env::from_pairs([("AWS_REGION", " "), ("AWS_PROFILE", "dev")]);
        assert_eq!(env.get_non_empty("AWS_REGION"), None);
        assert_eq!(env.get("AWS_REGION").as_deref(), Some(" "));
        assert_eq!(env.get_non_empty("AWS_PROFILE").as_deref(), Some("dev"));
        assert_eq!(env.get("UNSET"), None);
    }

    #[tokio::test]
    async fn map_fs_reads_and_misses() {
        let fs = Fs::from_files([("/a", "x")]);
        assert_eq!(
            fs.read_to_string(Path::new("/a")).await.unwrap().as_deref(),
            Some("x")
        );
        assert_eq!(fs.read_to_string(Path::new("/b")).await.unwrap(), None);
    }
}
