//! The errors that are not about the content (a missing site folder or config, an
//! unreadable file): `prep` exits 2 for them. Findings about the content are
//! [`crate::diagnostic::Diagnostic`]s instead. Its own module so that every step can return
//! it without depending on the step that runs the others.

use std::path::PathBuf;

use crate::sandbox::ReadError;

/// Failures that are not about the content: the site folder or its config is missing, a file
/// cannot be read. `prep` maps them to exit status 2.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The site folder does not exist.
    #[error("{}: no such folder (pass the Hugo site folder, the one with hugo.toml)", path.display())]
    NoSite {
        /// The folder given.
        path: PathBuf,
    },
    /// No `hugo.toml` (or `config.toml`) in the site folder.
    #[error("{}: no hugo.toml or config.toml here; is this a Hugo site folder?", path.display())]
    NoConfig {
        /// The folder given.
        path: PathBuf,
    },
    /// The config is YAML or JSON, which prep does not read.
    #[error("{}: prep reads only TOML site configs (hugo.toml or config.toml); convert the config with `hugo convert toTOML`", path.display())]
    UnsupportedConfig {
        /// The config file found.
        path: PathBuf,
    },
    /// `--theme DIR` does not exist.
    #[error("{}: theme folder not found", path.display())]
    NoTheme {
        /// The folder given.
        path: PathBuf,
    },
    /// No language has a user-group page.
    #[error("no user-group page in this site; looked for {}", looked.join(", "))]
    NoPages {
        /// The paths looked at, relative to the site root.
        looked: Vec<String>,
    },
    /// `USERGROUP_TODAY` or `SOURCE_DATE_EPOCH` is set but is not a date prep can use.
    #[error("{variable}={value:?} is not a build date: write {expected}, or unset it to use today's date")]
    BuildDate {
        /// The environment variable.
        variable: &'static str,
        /// Its value.
        value: String,
        /// What it should hold.
        expected: &'static str,
    },
    /// Reading a file or folder failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
}

/// A sandbox failure outside of a diagnostic's reach (the site folder itself, a folder that
/// vanished): an I/O error.
impl From<ReadError> for Error {
    fn from(e: ReadError) -> Self {
        match e {
            ReadError::Io { path, source } => Error::Io { path, source },
            ReadError::Missing { path } => Error::Io {
                path,
                source: std::io::ErrorKind::NotFound.into(),
            },
            ReadError::Outside { path, .. } => Error::Io {
                path,
                source: std::io::ErrorKind::PermissionDenied.into(),
            },
        }
    }
}
