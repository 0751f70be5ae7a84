//! Configuration from the environment and the shared AWS config files:
//! where the files are ([`location`]), how they parse ([`profile`]), and
//! the settings resolved from both ([`loader`]).
//!
//! A client built from the environment calls
//! [`LoadedConfig::from_process_env`], lets settings made in code override
//! its `Option` fields, and uses [`LoadedConfig::credentials_provider`]
//! unless code supplied credentials. Tests pass an [`Env`] map and an
//! in-memory [`Fs`] to [`LoadedConfig::load`] instead, so they never read
//! the process environment or the real `~/.aws`.

mod env;
pub mod location;
mod parse;
pub mod profile;

pub use env::{Env, Fs};
pub use location::{FileLocations, Platform};
pub use parse::{FileKind, ProfileParseError};
pub use profile::{Profile, ProfileFileError, ProfileSet, Section};
pub mod loader;
pub use loader::{ConfigError, LoadedConfig, RetryModeSetting};
