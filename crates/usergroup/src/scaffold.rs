//! `prep new`: the daily chores as one command each: add a city chapter, a member, an event.
//!
//! Not a pipeline step but a user of the pipeline, like [`build`](mod@crate::build): it loads the site
//! with [`crate::check()`], plans every change in memory, checks the changed texts with the
//! loader and the page rules (a plan that would add an error is refused), and only then
//! writes, each file atomically, all files after all were staged. A refused command writes
//! nothing. The site's own files are edited at the list's span ([`edit`]), never
//! re-serialised, so comments, key order and quoting stay as they were.
//!
//! What a person must still supply is written as a placeholder that says what to write
//! (`TODO: …`, in the page's language, `text.rs`) and a grey placeholder photo
//! ([`crate::images::placeholder`]); the result passes `check`, which reports each
//! placeholder (`W0410`) until it is replaced.

mod apply;
pub mod edit;
mod plan;
mod text;

use std::path::{Path, PathBuf};

use crate::diagnostic::{Code, Diagnostic, SourceFiles};
use crate::model::{Page, Role, Span};

pub use plan::{new_city, new_event, new_member, EventTime};

/// What every `new` command takes besides its own arguments.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Options {
    /// The theme folder, when the site's config does not lead to it (`--theme DIR`).
    pub theme_dir: Option<PathBuf>,
    /// The languages to change (`--lang`); empty: every language of the site.
    pub languages: Vec<String>,
}

impl Options {
    /// Options for every language, with the theme found from the site's config.
    pub fn new() -> Self {
        Self::default()
    }

    /// Only these languages (empty: all).
    #[must_use]
    pub fn languages(mut self, languages: Vec<String>) -> Self {
        self.languages = languages;
        self
    }

    /// The theme folder.
    #[must_use]
    pub fn theme_dir(mut self, theme_dir: Option<PathBuf>) -> Self {
        self.theme_dir = theme_dir;
        self
    }
}

/// One file a command writes, relative to the site root with `/` separators.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Change {
    /// A new file (refused if anything exists there by the time it is written).
    Create {
        /// Where.
        file: String,
        /// Its bytes.
        bytes: Vec<u8>,
    },
    /// An edited file (refused if it changed since it was read).
    Edit {
        /// Where.
        file: String,
        /// The text it had when the plan was made.
        before: String,
        /// The text it gets.
        after: String,
    },
}

impl Change {
    /// The file, relative to the site root.
    pub fn file(&self) -> &str {
        match self {
            Change::Create { file, .. } | Change::Edit { file, .. } => file,
        }
    }
}

/// Every change a command makes, checked and not yet written: [`Plan::write`] writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The site folder.
    pub site_root: PathBuf,
    /// The files, in the order they are reported.
    pub changes: Vec<Change>,
}

/// Why a command refused: findings in the diagnostic format, with the texts they point into.
#[derive(Debug, Clone)]
pub struct Refusal {
    /// What is wrong and how to fix it.
    pub diagnostics: Vec<Diagnostic>,
    /// The files the findings point into.
    pub sources: SourceFiles,
}

/// Why a `new` command did nothing.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The arguments or the site's content do not allow it (`prep` exits 1).
    #[error("refused: {}", .0.diagnostics.first().map_or("", |d| d.message.as_str()))]
    Refused(Box<Refusal>),
    /// A language given with `--lang` is not one of the site's (`prep` exits 2).
    #[error("{0}")]
    Usage(String),
    /// The site could not be loaded at all (`prep` exits 2).
    #[error(transparent)]
    Check(#[from] crate::error::Error),
    /// A file could not be written; nothing was renamed into place (`prep` exits 2).
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A folder on the way is a symlink or not a folder, or the path leaves the site
    /// (`prep` exits 2). prep never writes through a symlink.
    #[error("{}: prep new would write here, but it is {what}; prep never writes through a symlink: make it a real folder, or add the change by hand", path.display())]
    Unsafe {
        /// The offending path.
        path: PathBuf,
        /// "a symlink", "not a folder", …
        what: &'static str,
    },
}

/// Where a finding about the command's arguments points.
pub const ARGUMENTS: &str = "(command line)";

/// A refusal about the arguments (no place in a file).
fn refuse_argument(code: Code, message: String, help: String) -> Error {
    let d = Diagnostic::new(code, ARGUMENTS, Span { line: 0, column: 0 }, message).with_help(help);
    refuse(vec![d], SourceFiles::new())
}

fn refuse(diagnostics: Vec<Diagnostic>, sources: SourceFiles) -> Error {
    Error::Refused(Box::new(Refusal {
        diagnostics,
        sources,
    }))
}

/// The word for `role` in a page: the Chinese titles where the chapter's members already
/// use them (or, with no members yet, on a Chinese page), else the English names.
fn role_word(role: Role, page: &Page, chapter_roles: &[&str]) -> &'static str {
    let chinese = if chapter_roles.is_empty() {
        page.lang == "zh" || page.lang.starts_with("zh-")
    } else {
        chapter_roles
            .iter()
            .any(|r| r.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)))
    };
    match (role, chinese) {
        (Role::Lead, true) => "站长",
        (Role::Deputy, true) => "副站长",
        (Role::Member, true) => "委员",
        (role, false) => role.key(),
    }
}

/// The folder of a site-relative file (`content/zh/user-group` for its `_index.md`).
fn folder_of(file: &str) -> &str {
    file.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// Whether anything (a file, a folder, a symlink) is at the site-relative `file`.
fn exists(site_root: &Path, file: &str) -> bool {
    std::fs::symlink_metadata(site_root.join(file)).is_ok()
}
