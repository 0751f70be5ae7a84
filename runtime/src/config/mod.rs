//! Configuration from the environment and the shared AWS config files:
//! where the files are ([`location`]), how they parse ([`profile`]), and
//! the settings resolved from both ([`loader`]).

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
