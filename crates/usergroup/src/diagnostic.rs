//! Findings about the input, as data: what is wrong, where, and how to fix it.
//!
//! Every check in the pipeline reports through [`Diagnostic`]; rendering them for people
//! (rustc-like, with the source line and a caret) or for bots (JSON) is a separate concern
//! of this module, so the checks never format text for a terminal.

use std::collections::BTreeMap;

use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use crate::model::Span;

mod ci;
mod code;

pub use ci::{render_github, render_sarif};
pub use code::{markdown_table as code_table, Code};

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
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
    /// Stable code, e.g. `E0101`; its severity and docs are in [`Code`].
    pub code: Code,
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
    /// Other places that explain this one (the first of two duplicate keys, say).
    pub labels: Vec<Label>,
}

/// A secondary place a [`Diagnostic`] points at, rendered as a `note:` with its own source
/// line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Label {
    /// The file, relative to the site root.
    pub file: String,
    /// 1-based line (0 for a whole file).
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// What is at that place.
    pub message: String,
}

impl Diagnostic {
    /// A finding with `code` (whose severity it takes) at `span` of `file`.
    pub fn new(code: Code, file: &str, span: Span, message: impl Into<String>) -> Self {
        Self {
            severity: code.severity(),
            code,
            message: message.into(),
            file: file.to_string(),
            line: span.line,
            column: span.column,
            help: None,
            labels: Vec::new(),
        }
    }

    /// Adds how to fix it.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a secondary place, shown as a `note:` with its source line.
    #[must_use]
    pub fn with_label(mut self, file: &str, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            file: file.to_string(),
            line: span.line,
            column: span.column,
            message: message.into(),
        });
        self
    }

    /// Whether this finding stops the build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// The text of every file a check read, keyed by its site-relative path (`/` separators), so
/// rendering can show the offending source line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceFiles {
    files: BTreeMap<String, String>,
}

impl SourceFiles {
    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Remembers the text of `path`.
    pub fn insert(&mut self, path: impl Into<String>, text: impl Into<String>) {
        self.files.insert(path.into(), text.into());
    }

    /// The text of `path`, if it was read.
    pub fn get(&self, path: &str) -> Option<&str> {
        self.files.get(path).map(String::as_str)
    }

    /// Line `line` (1-based) of `path`, without its line ending.
    pub fn line(&self, path: &str, line: usize) -> Option<&str> {
        let text = self.get(path)?;
        let raw = text.split('\n').nth(line.checked_sub(1)?)?;
        Some(raw.strip_suffix('\r').unwrap_or(raw))
    }

    /// Every file path, in order.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }
}

/// Sorts findings the way people read them: by file, then position, then code.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.code, &a.message)
            .cmp(&(&b.file, b.line, b.column, b.code, &b.message))
    });
}

/// Counts (errors, warnings).
pub fn counts(diags: &[Diagnostic]) -> (usize, usize) {
    let errors = diags.iter().filter(|d| d.is_error()).count();
    (errors, diags.len() - errors)
}

struct Style {
    error: &'static str,
    warning: &'static str,
    bold: &'static str,
    blue: &'static str,
    reset: &'static str,
}

const COLOR: Style = Style {
    error: "\x1b[1;31m",
    warning: "\x1b[1;33m",
    bold: "\x1b[1m",
    blue: "\x1b[1;34m",
    reset: "\x1b[0m",
};

const PLAIN: Style = Style {
    error: "",
    warning: "",
    bold: "",
    blue: "",
    reset: "",
};

/// At most this many findings are rendered for people; the rest are counted ("… and N
/// more"). A hostile input can produce thousands, and nobody reads past the first screens.
pub const MAX_PRINTED: usize = 200;

/// Source excerpts are cut to this many characters around the caret, so a megabyte-long
/// line cannot flood a terminal or a CI log.
pub const EXCERPT_CHARS: usize = 120;

/// ` --> file:line:col`, then the source line (cut to [`EXCERPT_CHARS`] around the column)
/// with a caret under the column.
fn snippet(
    out: &mut String,
    s: &Style,
    paint: &str,
    pad: &str,
    sources: &SourceFiles,
    (file, line, column): (&str, usize, usize),
) {
    if line == 0 {
        out.push_str(&format!("{pad}{}-->{} {file}\n", s.blue, s.reset));
        return;
    }
    out.push_str(&format!(
        "{pad}{}-->{} {file}:{line}:{column}\n",
        s.blue, s.reset
    ));
    let Some(text) = sources.line(file, line) else {
        return;
    };
    let (text, column) = excerpt(text, column);
    // Columns count characters of the original line; tabs are shown as 4 spaces, so expand
    // them in the prefix too before measuring its display width.
    let before: String = text.chars().take(column.saturating_sub(1)).collect();
    let indent = UnicodeWidthStr::width(before.replace('\t', "    ").as_str());
    let shown = text.replace('\t', "    ");
    let number = format!("{line:<width$}", width = pad.len());
    out.push_str(&format!("{pad} {}|{}\n", s.blue, s.reset));
    out.push_str(&format!(
        "{}{number} |{} {}\n",
        s.blue,
        s.reset,
        shown.trim_end()
    ));
    out.push_str(&format!(
        "{pad} {}|{} {}{paint}^{}\n",
        s.blue,
        s.reset,
        " ".repeat(indent),
        s.reset
    ));
}

/// The part of `line` shown around `column` (at most [`EXCERPT_CHARS`] characters, `…` where
/// cut), and the column within it.
fn excerpt(line: &str, column: usize) -> (String, usize) {
    let count = line.chars().count();
    if count <= EXCERPT_CHARS {
        return (line.to_string(), column);
    }
    let start = column
        .saturating_sub(1)
        .saturating_sub(EXCERPT_CHARS / 3)
        .min(count - EXCERPT_CHARS);
    let mut shown: String = line.chars().skip(start).take(EXCERPT_CHARS).collect();
    let mut column = column - start;
    if start > 0 {
        shown.insert(0, '…');
        column += 1;
    }
    if start + EXCERPT_CHARS < count {
        shown.push('…');
    }
    (shown, column)
}

/// Renders findings like rustc does: the headline with the code, ` --> file:line:col`, the
/// source line with a caret under the value, `= help: …`, and a summary line at the end.
///
/// Carets line up in a terminal: columns count characters, and wide (CJK) characters take two
/// cells, so the caret's indent is the display width of the text before the value.
/// `color` adds ANSI colours; pass it only when the output is a terminal.
///
/// ```
/// use usergroup::diagnostic::{render_human, Code, Diagnostic, SourceFiles};
/// use usergroup::model::Span;
///
/// let mut sources = SourceFiles::new();
/// sources.insert("a.md", "---\nname: 上海站\n---\n");
/// let d = Diagnostic::new(Code::NamesOtherCity, "a.md", Span { line: 2, column: 7 }, "example");
/// let text = render_human(&[d], &sources, false);
/// assert!(text.contains(" --> a.md:2:7"));
/// assert!(text.contains("name: 上海站\n  |       ^"));
/// ```
pub fn render_human(diags: &[Diagnostic], sources: &SourceFiles, color: bool) -> String {
    let s = if color { &COLOR } else { &PLAIN };
    let mut out = String::new();
    for d in diags.iter().take(MAX_PRINTED) {
        let (label, paint) = match d.severity {
            Severity::Error => ("error", s.error),
            Severity::Warning => ("warning", s.warning),
        };
        out.push_str(&format!(
            "{paint}{label}[{}]{}{}: {}{}\n",
            d.code, s.reset, s.bold, d.message, s.reset
        ));
        // One gutter for the whole diagnostic, wide enough for every line number shown.
        let widest = d.labels.iter().map(|l| l.line).chain([d.line]).max();
        let pad = " ".repeat(widest.unwrap_or(0).to_string().len().max(1));
        snippet(
            &mut out,
            s,
            paint,
            &pad,
            sources,
            (&d.file, d.line, d.column),
        );
        for l in &d.labels {
            out.push_str(&format!("{pad} {}|{}\n", s.blue, s.reset));
            out.push_str(&format!("{}note{}: {}\n", s.bold, s.reset, l.message));
            snippet(
                &mut out,
                s,
                s.blue,
                &pad,
                sources,
                (&l.file, l.line, l.column),
            );
        }
        if let Some(help) = &d.help {
            out.push_str(&format!(
                "{pad} {}={} {}help{}: {help}\n",
                s.blue, s.reset, s.bold, s.reset
            ));
        }
        out.push('\n');
    }
    if diags.len() > MAX_PRINTED {
        out.push_str(&format!(
            "… and {} more (the JSON output lists them all)\n\n",
            diags.len() - MAX_PRINTED
        ));
    }
    let (errors, warnings) = counts(diags);
    let summary = match (errors, warnings) {
        (0, 0) => "no problems found".to_string(),
        (e, w) => format!("{} and {}", plural(e, "error"), plural(w, "warning")),
    };
    let paint = if errors > 0 {
        s.error
    } else if warnings > 0 {
        s.warning
    } else {
        s.bold
    };
    out.push_str(&format!("{paint}{summary}{}\n", s.reset));
    out
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Renders findings as one JSON document for bots:
/// `{"diagnostics":[{"severity","code","message","file","line","column","help"}…],"errors":N,"warnings":N}`.
/// Field names are stable; `help` is `null` when there is none.
pub fn render_json(diags: &[Diagnostic]) -> String {
    #[derive(Serialize)]
    struct Doc<'a> {
        diagnostics: &'a [Diagnostic],
        errors: usize,
        warnings: usize,
    }
    let (errors, warnings) = counts(diags);
    let doc = Doc {
        diagnostics: diags,
        errors,
        warnings,
    };
    // Serialising plain strings and numbers cannot fail; keep a valid document regardless.
    serde_json::to_string_pretty(&doc)
        .unwrap_or_else(|_| String::from("{\"diagnostics\":[],\"errors\":0,\"warnings\":0}"))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn code(id: &str) -> Code {
        Code::from_id(id).unwrap()
    }

    /// A finding at `line`:`column` of `file`.
    fn finding(code: Code, file: &str, line: usize, column: usize, message: &str) -> Diagnostic {
        Diagnostic::new(code, file, Span { line, column }, message)
    }

    fn sources() -> SourceFiles {
        let mut s = SourceFiles::new();
        s.insert(
            "a.md",
            "---\r\n  des: 杭州站成立于 2021 年\r\n\tid: x\r\n---\r\n",
        );
        s
    }

    #[test]
    fn caret_sits_under_the_value_after_wide_characters() {
        let d = finding(code("W0402"), "a.md", 2, 15, "same day").with_help("check");
        let text = render_human(&[d], &sources(), false);
        let lines: Vec<&str> = text.lines().collect();
        let source = lines.iter().find(|l| l.starts_with("2 |")).unwrap();
        let caret = lines.iter().find(|l| l.ends_with('^')).unwrap();
        // The caret's display column equals the display column of "2" in "2021".
        let at = source.find("2021").unwrap();
        assert_eq!(
            UnicodeWidthStr::width(&caret[..caret.len() - 1]),
            UnicodeWidthStr::width(&source[..at])
        );
        assert!(text.contains(" --> a.md:2:15\n"));
        assert!(text.contains("  = help: check\n"));
        assert!(text.ends_with("0 errors and 1 warning\n"));
        assert!(!text.contains('\r'));
    }

    #[test]
    fn tabs_are_expanded_on_both_lines() {
        let d = finding(code("E0202"), "a.md", 3, 6, "bad id");
        let text = render_human(&[d], &sources(), false);
        assert!(text.contains("3 |     id: x\n  |         ^\n"), "{text}");
    }

    #[test]
    fn colour_only_when_asked_and_missing_files_render() {
        let d = finding(code("E0301"), "gone.md", 4, 2, "missing");
        assert!(
            render_human(std::slice::from_ref(&d), &sources(), true).contains("\x1b[1;31merror")
        );
        let plain = render_human(&[d], &sources(), false);
        assert!(!plain.contains('\x1b'));
        assert!(plain.contains(" --> gone.md:4:2\n"));
    }

    #[test]
    fn json_has_stable_fields_and_counts() {
        let ds = [
            finding(code("E0101"), "a.md", 1, 1, "x"),
            finding(code("W0503"), "a.md", 2, 3, "y").with_help("h"),
        ];
        let v: serde_json::Value = serde_json::from_str(&render_json(&ds)).unwrap();
        assert_eq!(v["errors"], 1);
        assert_eq!(v["warnings"], 1);
        let keys: Vec<&str> = v["diagnostics"][1]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys.len(), 8);
        for k in [
            "severity", "code", "message", "file", "line", "column", "help", "labels",
        ] {
            assert!(keys.contains(&k), "{k}");
        }
        assert_eq!(v["diagnostics"][0]["help"], serde_json::Value::Null);
        assert_eq!(v["diagnostics"][1]["severity"], "warning");
    }

    #[test]
    fn labels_render_as_notes_with_their_own_line_and_go_into_json() {
        let d = finding(Code::DuplicateKey, "a.md", 3, 2, "duplicate key `id`")
            .with_label(
                "a.md",
                Span { line: 2, column: 3 },
                "the first `id` is here",
            )
            .with_help("keep one");
        let text = render_human(std::slice::from_ref(&d), &sources(), false);
        let note = text.find("\nnote: the first `id` is here\n").unwrap();
        assert!(text[note..].contains(" --> a.md:2:3\n"), "{text}");
        assert!(
            text[note..].contains("2 |   des: 杭州站成立于 2021 年\n  |   ^\n"),
            "{text}"
        );
        assert!(text.find("= help: keep one").unwrap() > note, "{text}");
        let v: serde_json::Value = serde_json::from_str(&render_json(&[d])).unwrap();
        assert_eq!(v["diagnostics"][0]["labels"][0]["line"], 2);
        assert_eq!(
            v["diagnostics"][0]["labels"][0]["message"],
            "the first `id` is here"
        );
    }

    #[test]
    fn long_lines_are_cut_around_the_caret() {
        let long = format!("---\nx: {}BAD{}\n---\n", "a".repeat(5000), "b".repeat(5000));
        let mut s = SourceFiles::new();
        s.insert("a.md", long);
        let d = finding(Code::WrongType, "a.md", 2, 5004, "m");
        let text = render_human(&[d], &s, false);
        let source = text.lines().find(|l| l.starts_with("2 |")).unwrap();
        let caret = text.lines().find(|l| l.ends_with('^')).unwrap();
        assert!(source.chars().count() < EXCERPT_CHARS + 10, "{source}");
        let under: String = source
            .chars()
            .skip(caret.chars().count() - 1)
            .take(3)
            .collect();
        assert_eq!(under, "BAD", "{text}");
    }

    #[test]
    fn only_the_first_findings_are_printed() {
        let many: Vec<_> = (1..=MAX_PRINTED + 5)
            .map(|i| finding(Code::WrongType, "a.md", i, 1, "m"))
            .collect();
        let text = render_human(&many, &SourceFiles::new(), false);
        assert_eq!(text.matches("error[E0103]").count(), MAX_PRINTED);
        assert!(text.contains("… and 5 more"), "{text}");
        assert!(text.ends_with(&format!("{} errors and 0 warnings\n", MAX_PRINTED + 5)));
    }
}
