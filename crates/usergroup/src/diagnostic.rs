//! Findings about the input, as data: what is wrong, where, and how to fix it.
//!
//! Every check in the pipeline reports through [`Diagnostic`]; rendering them for people
//! (rustc-like, with the source line and a caret) or for bots (JSON) is a separate concern
//! of this module, so the checks never format text for a terminal.

use std::collections::BTreeMap;

use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use crate::model::Span;

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

impl Diagnostic {
    /// An error at `line`:`column` of `file`.
    pub fn error(code: &'static str, file: &str, span: Span, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, file, span, message)
    }

    /// A warning at `line`:`column` of `file`.
    pub fn warning(code: &'static str, file: &str, span: Span, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, file, span, message)
    }

    fn new(
        severity: Severity,
        code: &'static str,
        file: &str,
        span: Span,
        message: impl Into<String>,
    ) -> Self {
        Self {
            severity,
            code,
            message: message.into(),
            file: file.to_string(),
            line: span.line,
            column: span.column,
            help: None,
        }
    }

    /// Adds how to fix it.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
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

/// Renders findings like rustc does: the headline with the code, ` --> file:line:col`, the
/// source line with a caret under the value, `= help: …`, and a summary line at the end.
///
/// Carets line up in a terminal: columns count characters, and wide (CJK) characters take two
/// cells, so the caret's indent is the display width of the text before the value.
/// `color` adds ANSI colours; pass it only when the output is a terminal.
///
/// ```
/// use usergroup::diagnostic::{render_human, Diagnostic, SourceFiles};
/// use usergroup::model::Span;
///
/// let mut sources = SourceFiles::new();
/// sources.insert("a.md", "---\nname: 上海站\n---\n");
/// let d = Diagnostic::warning("W0000", "a.md", Span { line: 2, column: 7 }, "example");
/// let text = render_human(&[d], &sources, false);
/// assert!(text.contains(" --> a.md:2:7"));
/// assert!(text.contains("name: 上海站\n  |       ^"));
/// ```
pub fn render_human(diags: &[Diagnostic], sources: &SourceFiles, color: bool) -> String {
    let s = if color { &COLOR } else { &PLAIN };
    let mut out = String::new();
    for d in diags {
        let (label, paint) = match d.severity {
            Severity::Error => ("error", s.error),
            Severity::Warning => ("warning", s.warning),
        };
        out.push_str(&format!(
            "{paint}{label}[{}]{}{}: {}{}\n",
            d.code, s.reset, s.bold, d.message, s.reset
        ));
        let source = if d.line > 0 {
            sources.line(&d.file, d.line)
        } else {
            None
        };
        let gutter = if source.is_some() {
            d.line.to_string().len()
        } else {
            1
        };
        let pad = " ".repeat(gutter);
        if d.line > 0 {
            out.push_str(&format!(
                "{pad}{}-->{} {}:{}:{}\n",
                s.blue, s.reset, d.file, d.line, d.column
            ));
        } else {
            out.push_str(&format!("{pad}{}-->{} {}\n", s.blue, s.reset, d.file));
        }
        if let Some(line) = source {
            // Columns count characters of the original line; tabs are shown as 4 spaces, so
            // expand them in the prefix too before measuring its display width.
            let before: String = line.chars().take(d.column.saturating_sub(1)).collect();
            let indent = UnicodeWidthStr::width(before.replace('\t', "    ").as_str());
            let line = line.replace('\t', "    ");
            out.push_str(&format!("{pad} {}|{}\n", s.blue, s.reset));
            out.push_str(&format!(
                "{}{} |{} {}\n",
                s.blue,
                d.line,
                s.reset,
                line.trim_end()
            ));
            out.push_str(&format!(
                "{pad} {}|{} {}{paint}^{}\n",
                s.blue,
                s.reset,
                " ".repeat(indent),
                s.reset
            ));
        }
        if let Some(help) = &d.help {
            out.push_str(&format!(
                "{pad} {}={} {}help{}: {help}\n",
                s.blue, s.reset, s.bold, s.reset
            ));
        }
        out.push('\n');
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

/// Every diagnostic code prep reports. Codes are stable: a code keeps its meaning forever,
/// and a retired code is never reused. `E` codes are errors (the build stops), `W` codes
/// warnings (the build goes on unless `--deny-warnings`).
///
/// | code | severity | meaning |
/// |---|---|---|
/// | `E0001` | error | the site config (`hugo.toml`) is not valid TOML, or a value in it has the wrong type |
/// | `E0002` | error | the theme named by the config (`theme`, module import) was not found |
/// | `E0101` | error | a content file has no front matter, or it is TOML (`+++`) or JSON: only YAML (`---`) is supported |
/// | `E0102` | error | YAML syntax error in the front matter |
/// | `E0103` | error | a value has the wrong type (e.g. a list where text is expected) |
/// | `E0104` | error | a required key is missing or empty |
/// | `E0105` | error | unknown key; "did you mean" when it is a near-miss of a known key |
/// | `E0106` | error | two keys of one mapping are the same ignoring case (Hugo would silently keep one) |
/// | `W0107` | warning | a key the page does not use (`css`, `applyNew.requirements.applyLink`) |
/// | `E0201` | error | two city cards share an id |
/// | `E0202` | error | a city id is not slug-safe (`a-z`, `0-9`, `-`) |
/// | `E0203` | error | a city id exists in one language but not in another |
/// | `E0204` | error | a chapter page has no city card with its id |
/// | `E0205` | error | a member's role is not one of 站长 / 副站长 / 委员 (or lead / deputy / member) |
/// | `E0206` | error | a GitHub handle is not a valid GitHub login (no `@`, no URL) |
/// | `E0207` | error | a chapter's `founded` is not a `YYYY-MM-DD` date |
/// | `E0301` | error | a referenced image does not exist in `static/` or `assets/` of the site or theme |
/// | `E0302` | error | an image path escapes the site or theme (`..`, absolute path, symlink out) |
/// | `E0303` | error | a referenced file is not an image of a supported format (JPEG, PNG, WebP, GIF, SVG) |
/// | `E0304` | error | an image is narrower than the smallest width its role renders |
/// | `W0305` | warning | an image is narrower than its role needs for sharp 2x screens (some variants are missing) |
/// | `E0306` | error | an SVG is unsafe to pass through (script, event handler, external reference) |
/// | `E0307` | error | an image is a remote URL; prep renders images from files in the site |
/// | `E0390` | error | (build step) an image failed to decode or exceeds the decoding limits while rendering; reported at the front-matter value that references it |
/// | `E0391` | error | (build step) the SCSS failed to compile; reported at the `.scss` file and line |
/// | `W0401` | warning | a city's text names another city ("活跃在上海" in the Hangzhou card) |
/// | `W0402` | warning | every city has the same founding date |
/// | `W0403` | warning | prose counts the cities differently from the cards ("三个城市站" with four cards) |
/// | `W0404` | warning | prose lists cities that differ from the cards |
/// | `W0405` | warning | a card's "核心成员 N 人" / "N core members" disagrees with its chapter page's members |
/// | `W0406` | warning | two cities' texts are the same apart from names and numbers (copied, not written) |
/// | `E0501` | error | a link uses a forbidden scheme (`javascript:`, `data:`, `file:`, `vbscript:`) |
/// | `E0502` | error | a link is neither http(s) nor site-relative (`/…`) |
/// | `W0503` | warning | a link points at a placeholder host (`baidu.com`, `example.com`, `localhost`, …) |
pub mod codes {
    /// Site config is not valid TOML or has a wrong type.
    pub const CONFIG: &str = "E0001";
    /// Theme named by the config not found.
    pub const THEME_NOT_FOUND: &str = "E0002";
    /// No YAML front matter (missing, TOML or JSON).
    pub const FRONT_MATTER: &str = "E0101";
    /// YAML syntax error.
    pub const YAML_SYNTAX: &str = "E0102";
    /// Wrong type.
    pub const WRONG_TYPE: &str = "E0103";
    /// Missing or empty required key.
    pub const MISSING: &str = "E0104";
    /// Unknown key.
    pub const UNKNOWN_KEY: &str = "E0105";
    /// Duplicate key ignoring case.
    pub const DUPLICATE_KEY: &str = "E0106";
    /// Key not used by the page.
    pub const UNUSED_KEY: &str = "W0107";
    /// Duplicate city id.
    pub const DUPLICATE_ID: &str = "E0201";
    /// City id not slug-safe.
    pub const ID_NOT_SLUG: &str = "E0202";
    /// Ids differ across languages.
    pub const IDS_DIFFER: &str = "E0203";
    /// Chapter page without a card.
    pub const CHAPTER_WITHOUT_CARD: &str = "E0204";
    /// Unknown member role.
    pub const BAD_ROLE: &str = "E0205";
    /// Invalid GitHub handle.
    pub const BAD_GITHUB: &str = "E0206";
    /// Invalid `founded` date.
    pub const BAD_DATE: &str = "E0207";
    /// Image not found.
    pub const IMAGE_MISSING: &str = "E0301";
    /// Image path escapes the site or theme.
    pub const IMAGE_ESCAPES: &str = "E0302";
    /// Not a supported image.
    pub const NOT_AN_IMAGE: &str = "E0303";
    /// Image narrower than the role's smallest width.
    pub const IMAGE_TOO_SMALL: &str = "E0304";
    /// Image narrower than the role needs.
    pub const IMAGE_SMALL: &str = "W0305";
    /// Unsafe SVG.
    pub const UNSAFE_SVG: &str = "E0306";
    /// Remote image URL.
    pub const REMOTE_IMAGE: &str = "E0307";
    /// Build: image failed while rendering.
    pub const IMAGE_RENDER: &str = "E0390";
    /// Build: SCSS failed to compile.
    pub const SCSS: &str = "E0391";
    /// City text names another city.
    pub const NAMES_OTHER_CITY: &str = "W0401";
    /// All cities share a founding date.
    pub const SAME_FOUNDING_DATE: &str = "W0402";
    /// Prose counts cities differently.
    pub const PROSE_COUNT: &str = "W0403";
    /// Prose lists different cities.
    pub const PROSE_LIST: &str = "W0404";
    /// Member count in prose disagrees with the chapter page.
    pub const MEMBER_COUNT: &str = "W0405";
    /// Two cities share one text apart from names and numbers.
    pub const COPIED_TEXT: &str = "W0406";
    /// Forbidden link scheme.
    pub const LINK_SCHEME: &str = "E0501";
    /// Link neither http(s) nor site-relative.
    pub const LINK_KIND: &str = "E0502";
    /// Placeholder link host.
    pub const LINK_PLACEHOLDER: &str = "W0503";

    /// Every code, in order (for tests that the table above stays complete).
    pub const ALL: &[&str] = &[
        CONFIG,
        THEME_NOT_FOUND,
        FRONT_MATTER,
        YAML_SYNTAX,
        WRONG_TYPE,
        MISSING,
        UNKNOWN_KEY,
        DUPLICATE_KEY,
        UNUSED_KEY,
        DUPLICATE_ID,
        ID_NOT_SLUG,
        IDS_DIFFER,
        CHAPTER_WITHOUT_CARD,
        BAD_ROLE,
        BAD_GITHUB,
        BAD_DATE,
        IMAGE_MISSING,
        IMAGE_ESCAPES,
        NOT_AN_IMAGE,
        IMAGE_TOO_SMALL,
        IMAGE_SMALL,
        UNSAFE_SVG,
        REMOTE_IMAGE,
        IMAGE_RENDER,
        SCSS,
        NAMES_OTHER_CITY,
        SAME_FOUNDING_DATE,
        PROSE_COUNT,
        PROSE_LIST,
        MEMBER_COUNT,
        COPIED_TEXT,
        LINK_SCHEME,
        LINK_KIND,
        LINK_PLACEHOLDER,
    ];
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

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
        let d = Diagnostic::warning(
            "W0402",
            "a.md",
            Span {
                line: 2,
                column: 15,
            },
            "same day",
        )
        .with_help("check");
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
        let d = Diagnostic::error("E0202", "a.md", Span { line: 3, column: 6 }, "bad id");
        let text = render_human(&[d], &sources(), false);
        assert!(text.contains("3 |     id: x\n  |         ^\n"), "{text}");
    }

    #[test]
    fn colour_only_when_asked_and_missing_files_render() {
        let d = Diagnostic::error("E0301", "gone.md", Span { line: 4, column: 2 }, "missing");
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
            Diagnostic::error("E0101", "a.md", Span { line: 1, column: 1 }, "x"),
            Diagnostic::warning("W0503", "a.md", Span { line: 2, column: 3 }, "y").with_help("h"),
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
        assert_eq!(keys.len(), 7);
        for k in [
            "severity", "code", "message", "file", "line", "column", "help",
        ] {
            assert!(keys.contains(&k), "{k}");
        }
        assert_eq!(v["diagnostics"][0]["help"], serde_json::Value::Null);
        assert_eq!(v["diagnostics"][1]["severity"], "warning");
    }

    #[test]
    fn code_table_lists_every_code_once() {
        let doc = include_str!("diagnostic.rs");
        let mut seen = std::collections::BTreeSet::new();
        for code in codes::ALL {
            assert!(seen.insert(code), "{code} twice");
            assert!(
                doc.contains(&format!("/// | `{code}` |")),
                "{code} is not in the table"
            );
        }
    }
}
