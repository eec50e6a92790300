//! Findings about the input, as data: what is wrong, where, and how to fix it.
//!
//! Every check in the pipeline reports through [`Diagnostic`]; rendering them for people
//! (rustc-like, with the source line and a caret) or for bots (JSON) is a separate concern
//! of this module, so the checks never format text for a terminal.

use serde::Serialize;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The page would be wrong or broken: the build stops.
    Error,
    /// Probably a mistake; the build goes on unless `--deny-warnings`.
    Warning,
}

/// One finding. `file` is relative to the site root with `/` separators; `line` and
/// `column` are 1-based positions in that file (0 when the finding is about a whole file
/// that does not exist).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Stable code, e.g. `E0101`; documented in [`crate::codes`].
    pub code: &'static str,
    /// What is wrong, in one sentence.
    pub message: String,
    /// The file the person edits, relative to the site root.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// How to fix it.
    pub help: Option<String>,
}
