//! Step 1: find the site's languages, the user-group content files and the theme.
//!
//! The site config is `hugo.toml` (or the older `config.toml`); YAML and JSON configs are
//! refused with a clear error rather than half-read. Languages come from
//! `[languages.<code>]` (`weight`, `contentDir`) and `defaultContentLanguage`. A language's
//! content folder is its `contentDir`, else the site's (`contentDir`, default `content`); as
//! in Hugo, languages that share a folder tell their pages apart by file name
//! (`_index.en.md`, `shanghai.zh.md`), and an unsuffixed file there is the default
//! language's.
//!
//! The theme is found the way Hugo finds it, first match wins: `--theme DIR`; the config's
//! `theme` inside `themesDir` (default `themes`); a `[[module.imports]]` path that has a
//! `[module] replacements` entry (`"<module path> -> <dir>"`, `<dir>` relative to `themesDir`
//! as Hugo resolves it), or that exists under `themesDir`.

use std::path::{Component, Path, PathBuf};

use crate::diagnostic::{Code, Diagnostic};
use crate::error::Error;
use crate::layout::THEME_ENTRY;
use crate::model::{Site, Span};
use crate::sandbox::{ReadError, ReadRoot};

mod mounts;
mod params;
mod section;

pub use params::inactive_after_days;

pub use section::{
    hugo_ignores, outside as outside_site, section_files, ChapterFile, SectionFiles,
    CONTENT_EXTENSIONS,
};

/// Config file names prep reads, in Hugo's order of preference.
pub const CONFIG_FILES: &[&str] = &["hugo.toml", "config.toml"];
/// Config file names Hugo accepts but prep does not read.
const UNSUPPORTED_CONFIG_FILES: &[&str] = &[
    "hugo.yaml",
    "hugo.yml",
    "hugo.json",
    "config.yaml",
    "config.yml",
    "config.json",
];

/// The content section holding the user-group page.
pub use crate::layout::SECTION;

/// One content language of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Language {
    /// Language code, e.g. `zh`.
    pub code: String,
    /// Its content folder, relative to the site root.
    pub content_dir: String,
    /// Hugo's `weight` (lower first).
    pub weight: i64,
    /// The site's other language codes: a file named `<name>.<code>.<ext>` is that
    /// language's page (Hugo's translation by file name), whichever folder it is in.
    pub other_codes: Vec<String>,
    /// Whether a file without a language suffix in `content_dir` is this language's page.
    /// When languages share a folder (no `contentDir` of their own), such files are the
    /// default language's, as in Hugo.
    pub owns_unsuffixed: bool,
}

impl Language {
    /// A language with its own content folder (owning its unsuffixed files) and no others.
    pub fn alone(code: &str, content_dir: &str) -> Language {
        Language {
            code: code.to_string(),
            content_dir: content_dir.to_string(),
            weight: 0,
            other_codes: Vec::new(),
            owns_unsuffixed: true,
        }
    }
}

/// What prep needs from the site config.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteConfig {
    /// The config file, relative to the site root (`hugo.toml`).
    pub file: String,
    /// `defaultContentLanguage`.
    pub default_language: String,
    /// Languages, the default first, then by weight and code.
    pub languages: Vec<Language>,
    /// The theme folder, canonicalised, if one was found.
    pub theme_dir: Option<PathBuf>,
    /// The file extensions Hugo renders as content: [`CONTENT_EXTENSIONS`] and every suffix
    /// the config's `[mediaTypes]` declares (lower case, sorted).
    pub content_extensions: Vec<String>,
}

/// Finds the config file of `root`: its site-relative name and its path.
pub fn find_config(root: &Path) -> Result<(String, PathBuf), Error> {
    if !root.is_dir() {
        return Err(Error::NoSite {
            path: root.to_path_buf(),
        });
    }
    for name in CONFIG_FILES {
        let path = root.join(name);
        if path.is_file() {
            return Ok(((*name).to_string(), path));
        }
    }
    for name in UNSUPPORTED_CONFIG_FILES {
        let path = root.join(name);
        if path.is_file() {
            return Err(Error::UnsupportedConfig { path });
        }
    }
    Err(Error::NoConfig {
        path: root.to_path_buf(),
    })
}

/// 1-based line and column of byte `offset` in `text` (columns in characters).
pub fn position(text: &str, offset: usize) -> Span {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Span {
        line,
        column: before[line_start..].chars().count() + 1,
    }
}

/// The position of `key = …` in a TOML text (the value), or of `[table]`, for diagnostics
/// about config values; the file's first line if neither is written.
fn key_position(text: &str, key: &str) -> Span {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix(key) {
            let rest_trim = rest.trim_start();
            if let Some(value) = rest_trim.strip_prefix('=') {
                let value_at = line.len() - value.trim_start().len();
                return position(text, offset + value_at);
            }
        }
        offset += line.len();
    }
    Span { line: 1, column: 1 }
}

/// Reads the site config. Problems in it are diagnostics (the config is input the person
/// edits); `None` when it cannot be used at all.
pub fn read_config(
    root: &Path,
    file: &str,
    text: &str,
    theme: Option<&Path>,
    diags: &mut Vec<Diagnostic>,
) -> Result<Option<SiteConfig>, Error> {
    let Some(table) = parse_config(file, text, diags) else {
        return Ok(None);
    };
    let findings = &mut ConfigFindings { file, text, diags };
    let default_language =
        config_str(&table, "defaultContentLanguage").unwrap_or_else(|| "en".to_string());
    let Some(languages) = read_languages(&table, &default_language, findings) else {
        return Ok(None);
    };
    if !config_folders_inside(root, &table, &languages, findings)?
        || !mounts::mounts_keep_prep_paths(&table, &languages, findings)
    {
        return Ok(None);
    }
    let theme_dir = match theme {
        Some(dir) => Some(given_theme(dir)?),
        None => find_theme(root, &table, findings),
    };
    Ok(Some(SiteConfig {
        file: file.to_string(),
        default_language,
        languages,
        theme_dir,
        content_extensions: content_extensions(&table),
    }))
}

/// The config's TOML table, or `None` after a diagnostic at the syntax error.
fn parse_config(file: &str, text: &str, diags: &mut Vec<Diagnostic>) -> Option<toml::Table> {
    match text.parse() {
        Ok(table) => Some(table),
        Err(err) => {
            let span = err
                .span()
                .map_or(Span { line: 1, column: 1 }, |r| position(text, r.start));
            diags.push(
                Diagnostic::new(
                    Code::Config,
                    file,
                    span,
                    format!("the site config is not valid TOML: {}", err.message()),
                )
                .with_help("fix the TOML syntax; `hugo` would refuse this config too"),
            );
            None
        }
    }
}

/// Findings about the site config, each at its place in the config's text.
struct ConfigFindings<'a> {
    file: &'a str,
    text: &'a str,
    diags: &'a mut Vec<Diagnostic>,
}

impl ConfigFindings<'_> {
    /// Reports `message` at `at`, with how to fix it.
    fn push(&mut self, code: Code, at: Span, message: impl Into<String>, help: impl Into<String>) {
        self.diags
            .push(Diagnostic::new(code, self.file, at, message).with_help(help));
    }

    /// Where `key = …` is set (see [`key_position`]).
    fn key(&self, key: &str) -> Span {
        key_position(self.text, key)
    }
}

/// The value of `key` in `table`, whatever its case (Hugo's config keys ignore case).
fn config_value<'t>(table: &'t toml::Table, key: &str) -> Option<&'t toml::Value> {
    table
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .map(|(_, v)| v)
}

/// The text value of `key` in `table`, whatever the key's case.
fn config_str(table: &toml::Table, key: &str) -> Option<String> {
    config_value(table, key)
        .and_then(toml::Value::as_str)
        .map(str::to_string)
}

/// The site's languages, the default first, then by weight and code: the `[languages.*]`
/// tables that are not disabled, or only the default language when there are none. `None`
/// after a diagnostic when `languages` is not a table.
fn read_languages(
    table: &toml::Table,
    default_language: &str,
    findings: &mut ConfigFindings,
) -> Option<Vec<Language>> {
    let top_content = config_str(table, "contentDir").unwrap_or_else(|| "content".to_string());
    let mut languages = match config_value(table, "languages") {
        Some(toml::Value::Table(langs)) => langs
            .iter()
            .filter_map(|(code, value)| language(&top_content, code, value, findings))
            .collect(),
        Some(_) => {
            findings.push(
                Code::Config,
                findings.key("languages"),
                "`languages` must be a table of languages",
                "write one `[languages.<code>]` table per language",
            );
            return None;
        }
        None => vec![Language::alone(default_language, &top_content)],
    };
    languages.sort_by(|a: &Language, b: &Language| {
        (a.code != default_language, a.weight, &a.code).cmp(&(
            b.code != default_language,
            b.weight,
            &b.code,
        ))
    });
    let codes: Vec<String> = languages.iter().map(|l| l.code.clone()).collect();
    // The first language (the default comes first) of a folder owns its unsuffixed files.
    let owners: Vec<bool> = languages
        .iter()
        .enumerate()
        .map(|(i, l)| {
            !languages[..i]
                .iter()
                .any(|o| o.content_dir == l.content_dir)
        })
        .collect();
    for (lang, owns) in languages.iter_mut().zip(owners) {
        lang.other_codes = codes.iter().filter(|c| **c != lang.code).cloned().collect();
        lang.owns_unsuffixed = owns;
    }
    Some(languages)
}

/// One `[languages.<code>]` table; `None` when it is disabled, or after a diagnostic when it
/// is not a table.
fn language(
    top_content: &str,
    code: &str,
    value: &toml::Value,
    findings: &mut ConfigFindings,
) -> Option<Language> {
    let Some(lang) = value.as_table() else {
        findings.push(
            Code::Config,
            findings.key(&format!("[languages.{code}")),
            format!("`languages.{code}` must be a table"),
            format!("write `[languages.{code}]` followed by its settings"),
        );
        return None;
    };
    if lang.get("disabled").and_then(toml::Value::as_bool) == Some(true) {
        return None;
    }
    Some(Language {
        code: code.to_string(),
        content_dir: config_str(lang, "contentDir").unwrap_or_else(|| top_content.to_string()),
        weight: config_value(lang, "weight")
            .and_then(toml::Value::as_integer)
            .unwrap_or(0),
        // Set once every language is known (read_languages).
        other_codes: Vec::new(),
        owns_unsuffixed: true,
    })
}

/// Checks that the folders the config names for content (`contentDir`, per language too) and
/// themes (`themesDir`) resolve inside the site: a pull request could otherwise point prep
/// (and Hugo) at any folder on the machine. A folder that does not exist reads nothing and
/// passes; `false` after an [`Code::OutsideSite`] diagnostic.
fn config_folders_inside(
    root: &Path,
    table: &toml::Table,
    languages: &[Language],
    findings: &mut ConfigFindings,
) -> Result<bool, Error> {
    let site = ReadRoot::new(root)?;
    let mut folders: Vec<(&str, &str)> = languages
        .iter()
        .map(|l| ("contentDir", l.content_dir.as_str()))
        .collect();
    if let Some(toml::Value::String(dir)) = config_value(table, "themesDir") {
        folders.push(("themesDir", dir));
    }
    let mut inside = true;
    for (key, value) in folders {
        match site.resolve(value) {
            Ok(_) | Err(ReadError::Missing { .. }) => {}
            Err(ReadError::Outside { target, .. }) => {
                inside = false;
                findings.push(
                    Code::OutsideSite,
                    value_position(findings.text, key, value),
                    format!("`{key}` leads outside the site, to `{}`", target.display()),
                    format!(
                        "`{key}` must name a folder inside the site (no `..` out of it, no absolute path elsewhere, no symlink out); prep reads nothing outside the site"
                    ),
                );
            }
            Err(e @ ReadError::Io { .. }) => return Err(e.into()),
        }
    }
    Ok(inside)
}

/// [`CONTENT_EXTENSIONS`] plus every suffix the config's `[mediaTypes]` declares: a site can
/// make Hugo read more formats as content, and prep must see whatever Hugo renders (a
/// declared suffix that is not content only makes prep look at more files).
fn content_extensions(table: &toml::Table) -> Vec<String> {
    let mut exts: Vec<String> = CONTENT_EXTENSIONS.iter().map(|e| e.to_string()).collect();
    let media_types = config_value(table, "mediaTypes").and_then(toml::Value::as_table);
    for media_type in media_types.into_iter().flat_map(|t| t.values()) {
        let suffixes = media_type
            .as_table()
            .and_then(|t| config_value(t, "suffixes"))
            .and_then(toml::Value::as_array);
        exts.extend(
            suffixes
                .into_iter()
                .flatten()
                .filter_map(toml::Value::as_str)
                .map(|s| s.trim_start_matches('.').to_ascii_lowercase()),
        );
    }
    exts.sort();
    exts.dedup();
    exts
}

/// The position of the value of `key = "value"` (the line that sets this value, when the key
/// is set in several tables), else of the first `key = …`.
fn value_position(text: &str, key: &str, value: &str) -> Span {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.len() > key.len()
            && trimmed[..key.len()].eq_ignore_ascii_case(key)
            && trimmed[key.len()..].trim_start().starts_with('=')
        {
            if let Some(at) = line
                .find(&format!("\"{value}\""))
                .or_else(|| line.find(&format!("'{value}'")))
            {
                return position(text, offset + at);
            }
        }
        offset += line.len();
    }
    key_position(text, key)
}

/// The theme folder given with `--theme`, canonicalised; it must exist.
fn given_theme(dir: &Path) -> Result<PathBuf, Error> {
    match dir.canonicalize() {
        Ok(dir) if dir.is_dir() => Ok(dir),
        _ => Err(Error::NoTheme {
            path: dir.to_path_buf(),
        }),
    }
}

/// The theme the config names, Hugo's way: the first `theme` inside `themesDir`, else the
/// module import that is the usergroup theme. `None` when the config names none, or after a
/// diagnostic when what it names is not the usergroup theme.
fn find_theme(root: &Path, table: &toml::Table, findings: &mut ConfigFindings) -> Option<PathBuf> {
    let themes_dir = config_value(table, "themesDir")
        .and_then(toml::Value::as_str)
        .unwrap_or("themes");
    let names: Vec<&str> = match config_value(table, "theme") {
        Some(toml::Value::String(s)) => vec![s.as_str()],
        Some(toml::Value::Array(a)) => a.iter().filter_map(toml::Value::as_str).collect(),
        _ => Vec::new(),
    };
    if let Some(name) = names.first() {
        return named_theme(root, themes_dir, name, findings);
    }
    let module = config_value(table, "module").and_then(toml::Value::as_table)?;
    match module_theme(root, themes_dir, module) {
        Ok(dir) => Some(dir),
        Err(tried) => {
            if !tried.is_empty() {
                findings.push(
                    Code::ThemeNotFound,
                    findings.key("path"),
                    format!("none of the imported modules is the usergroup theme: {}", tried.join("; ")),
                    "prep does not download modules: add `replacements = \"<module path> -> <folder>\"` under `[module]` (relative to themesDir, as Hugo reads it), set HUGO_MODULE_REPLACEMENTS, or pass `--theme DIR`",
                );
            }
            None
        }
    }
}

/// The theme `name` inside `themes_dir`, canonicalised; `None` after a diagnostic at
/// `theme` when it is missing or not the usergroup theme.
fn named_theme(
    root: &Path,
    themes_dir: &str,
    name: &str,
    findings: &mut ConfigFindings,
) -> Option<PathBuf> {
    match themes_join(root, themes_dir, name).canonicalize() {
        // Only a folder holding the stylesheet entry is taken as the theme: prep reads
        // images and stylesheets from the theme, so `theme` must not make any folder
        // on the machine one.
        Ok(dir) if dir.join(THEME_ENTRY).is_file() => Some(dir),
        Ok(dir) => {
            findings.push(
                Code::ThemeNotFound,
                findings.key("theme"),
                format!("theme `{name}` is `{}`, which has no `{THEME_ENTRY}`: not the usergroup theme", dir.display()),
                format!("put the usergroup theme at `{themes_dir}/{name}`, fix `theme`/`themesDir`, or pass `--theme DIR`"),
            );
            None
        }
        Err(_) => {
            findings.push(
                Code::ThemeNotFound,
                findings.key("theme"),
                format!("theme `{name}` not found in `{themes_dir}/`"),
                format!("put the theme at `{themes_dir}/{name}`, fix `theme`/`themesDir`, or pass `--theme DIR`"),
            );
            None
        }
    }
}

/// `<root>/<themes_dir>/<rel>` made absolute and cleaned lexically, as Hugo makes a theme's
/// or a module replacement's folder (Go's `filepath.Join`, in `createThemeDirname`): `..`
/// removes the segment before it whether or not that folder exists, so
/// `replacements = "… -> ../theme"` finds `<site>/theme` on a site without `themes/`, for
/// Hugo and prep alike. An absolute `rel` is taken as it is.
fn themes_join(root: &Path, themes_dir: &str, rel: &str) -> PathBuf {
    let root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    let mut clean = PathBuf::new();
    for component in root.join(themes_dir).join(rel).components() {
        match component {
            Component::CurDir => {}
            // At the file system's root `..` stays there, as in Go.
            Component::ParentDir => {
                clean.pop();
            }
            other => clean.push(other),
        }
    }
    clean
}

/// The `[module]` import that is the usergroup theme (the one holding the stylesheet
/// entry), or, when none is, what each import was instead.
///
/// A site may import several modules (a parent theme, components); modules prep cannot see
/// locally are not an error unless none of the imports is the usergroup theme.
fn module_theme(
    root: &Path,
    themes_dir: &str,
    module: &toml::Table,
) -> Result<PathBuf, Vec<String>> {
    let replacements = module_replacements(module);
    let imports = module
        .get("imports")
        .and_then(toml::Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    let mut tried = Vec::new();
    for import in imports {
        let Some(path) = import.get("path").and_then(toml::Value::as_str) else {
            continue;
        };
        let candidate = match replacements.iter().find(|(from, _)| from == path) {
            // Hugo resolves a relative replacement against themesDir, not the site folder.
            Some((_, to)) => themes_join(root, themes_dir, to),
            None => themes_join(root, themes_dir, path),
        };
        match candidate.canonicalize() {
            Ok(dir) if dir.join(THEME_ENTRY).is_file() => return Ok(dir),
            Ok(dir) => tried.push(format!(
                "`{path}` is `{}`, which has no `{THEME_ENTRY}`",
                dir.display(),
            )),
            Err(_) => tried.push(format!(
                "`{path}` would be `{}`, which does not exist",
                candidate.display()
            )),
        }
    }
    Err(tried)
}

/// The module replacements in force, first match wins: the environment's
/// `HUGO_MODULE_REPLACEMENTS`, then the config's `[module] replacements`.
///
/// Hugo lets the environment override the config (how a copy of a site is pointed at a theme
/// checkout); prep honours it the same way.
fn module_replacements(module: &toml::Table) -> Vec<(String, String)> {
    let mut replacements: Vec<(String, String)> = std::env::var("HUGO_MODULE_REPLACEMENTS")
        .map(|s| parse_replacements(&s))
        .unwrap_or_default();
    replacements.extend(match module.get("replacements") {
        Some(toml::Value::String(s)) => parse_replacements(s),
        Some(toml::Value::Array(a)) => a
            .iter()
            .filter_map(toml::Value::as_str)
            .flat_map(parse_replacements)
            .collect(),
        _ => Vec::new(),
    });
    replacements
}

/// Parses Hugo's `replacements` value: `"a -> ../x, b -> ../y"`.
pub fn parse_replacements(s: &str) -> Vec<(String, String)> {
    s.split(',')
        .filter_map(|pair| {
            let (from, to) = pair.split_once("->")?;
            Some((from.trim().to_string(), to.trim().to_string()))
        })
        .filter(|(from, to)| !from.is_empty() && !to.is_empty())
        .collect()
}

/// The outcome of looking up an image path written in front matter.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum AssetLookup {
    /// Found: the canonical path, inside the site or the theme.
    Found(PathBuf),
    /// A URL (`https://…`, `//…`, `data:`): not a file of the site.
    Remote,
    /// The path would leave the site or theme (`..`, an absolute path, a symlink out).
    Escapes(String),
    /// Not found; the folders tried, relative to the site root where possible.
    Missing(Vec<String>),
}

/// Looks `written` up the way Hugo does: `static/` then `assets/` of the site, then of the
/// theme. The result is resolved by `ReadRoot`, so it is inside the site (or the theme)
/// after following symlinks; a path that leaves it is [`AssetLookup::Escapes`].
pub fn lookup_asset(root: &Path, theme: Option<&Path>, written: &str) -> AssetLookup {
    let written = written.trim();
    let lower = written.to_ascii_lowercase();
    if written.starts_with("//") || lower.contains("://") || lower.starts_with("data:") {
        return AssetLookup::Remote;
    }
    if written.contains('\\') || written.contains('\0') {
        return AssetLookup::Escapes(
            "the path contains a backslash or NUL; write `/`-separated paths".into(),
        );
    }
    let rel = written.trim_start_matches('/');
    let rel_path = Path::new(rel);
    for c in rel_path.components() {
        match c {
            Component::Normal(_) | Component::CurDir => {}
            Component::ParentDir => return AssetLookup::Escapes("the path contains `..`".into()),
            Component::RootDir | Component::Prefix(_) => {
                return AssetLookup::Escapes("the path is absolute".into())
            }
        }
    }
    if rel.is_empty() {
        return AssetLookup::Missing(Vec::new());
    }
    let mut tried = Vec::new();
    let mut bases: Vec<(PathBuf, String)> = vec![(root.to_path_buf(), String::new())];
    if let Some(t) = theme {
        bases.push((t.to_path_buf(), "the theme's ".to_string()));
    }
    for (base, label) in &bases {
        let Ok(base) = ReadRoot::new(base) else {
            continue;
        };
        for folder in ["static", "assets"] {
            tried.push(format!("{label}{folder}/{rel}"));
            match base.resolve(Path::new(folder).join(rel_path)) {
                Ok(path) if path.is_file() => return AssetLookup::Found(path),
                Err(ReadError::Outside { .. }) => {
                    return AssetLookup::Escapes(format!(
                        "`{folder}/{rel}` is a symlink that leads out of the site"
                    ))
                }
                Ok(_) | Err(ReadError::Missing { .. } | ReadError::Io { .. }) => {}
            }
        }
    }
    AssetLookup::Missing(tried)
}

/// Hugo's lookup of a path written in front matter (`/images/x.png` -> `static/images/x.png`
/// or `assets/images/x.png` of the site, then of the theme), canonicalised and guaranteed to
/// be inside the site or theme folder. `None` when it is missing, remote or escapes.
pub fn resolve_asset(site: &Site, written: &str) -> Option<PathBuf> {
    match lookup_asset(&site.root, site.theme_dir.as_deref(), written) {
        AssetLookup::Found(p) => Some(p),
        _ => None,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn replacements_parse() {
        assert_eq!(
            parse_replacements("github.com/a/b -> ../../.., x -> y"),
            vec![
                ("github.com/a/b".into(), "../../..".into()),
                ("x".into(), "y".into())
            ]
        );
    }

    #[test]
    fn asset_lookup_refuses_escapes_and_finds_static_then_theme() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let theme = dir.path().join("theme");
        std::fs::create_dir_all(site.join("static/img")).unwrap();
        std::fs::create_dir_all(theme.join("assets/img")).unwrap();
        std::fs::write(site.join("static/img/a.png"), b"x").unwrap();
        std::fs::write(theme.join("assets/img/b.png"), b"x").unwrap();
        std::fs::write(dir.path().join("secret.png"), b"x").unwrap();
        assert!(
            matches!(lookup_asset(&site, Some(&theme), "/img/a.png"), AssetLookup::Found(p) if p.ends_with("static/img/a.png"))
        );
        assert!(
            matches!(lookup_asset(&site, Some(&theme), "img/b.png"), AssetLookup::Found(p) if p.ends_with("assets/img/b.png"))
        );
        assert!(
            matches!(lookup_asset(&site, None, "/img/b.png"), AssetLookup::Missing(t) if t.len() == 2)
        );
        assert!(matches!(
            lookup_asset(&site, None, "/../../secret.png"),
            AssetLookup::Escapes(_)
        ));
        assert!(matches!(
            lookup_asset(&site, None, "https://x.org/a.png"),
            AssetLookup::Remote
        ));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(
                dir.path().join("secret.png"),
                site.join("static/img/link.png"),
            )
            .unwrap();
            assert!(matches!(
                lookup_asset(&site, None, "/img/link.png"),
                AssetLookup::Escapes(_)
            ));
        }
    }

    #[test]
    fn a_relative_replacement_is_cleaned_like_hugo_even_without_a_themes_folder() {
        // Hugo joins `themesDir` and the replacement lexically (Go's filepath.Join), so
        // `themes/../ug` is `ug` although `themes/` does not exist; the file system would
        // refuse to walk through the missing folder.
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let entry = site.join("ug").join(THEME_ENTRY);
        std::fs::create_dir_all(entry.parent().unwrap()).unwrap();
        std::fs::write(&entry, "").unwrap();
        assert!(!site.join("themes").exists());
        let text = "[module]\nreplacements = \"github.com/a/theme -> ../ug\"\n[[module.imports]]\npath = \"github.com/a/theme\"\n";
        let mut diags = Vec::new();
        let config = read_config(&site, "hugo.toml", text, None, &mut diags)
            .unwrap()
            .unwrap();
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(
            config.theme_dir,
            Some(site.join("ug").canonicalize().unwrap())
        );
        assert_eq!(
            themes_join(Path::new("/s"), "themes", "../../../../x"),
            Path::new("/x"),
            "`..` stops at the root, as in Go"
        );
    }

    #[test]
    fn a_module_that_is_not_the_usergroup_theme_is_reported_at_its_import() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        std::fs::create_dir_all(&site).unwrap();
        // The replacement resolves to an existing folder that holds no stylesheet entry:
        // what a copied site's `../../..` does.
        let text = "themesDir = \".\"\n[module]\nreplacements = \"github.com/a/theme -> ..\"\n[[module.imports]]\npath = \"github.com/a/theme\"\n";
        let mut diags = Vec::new();
        let config = read_config(&site, "hugo.toml", text, None, &mut diags)
            .unwrap()
            .unwrap();
        assert_eq!(config.theme_dir, None);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].code, Code::ThemeNotFound);
        assert_eq!((diags[0].line, diags[0].column), (5, 8));
        assert!(diags[0]
            .message
            .contains("has no `assets/usergroup/usergroup.scss`"));
    }

    #[test]
    fn config_languages_and_module_theme() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("repo/fixtures/sites/x");
        std::fs::create_dir_all(&site).unwrap();
        let entry = dir.path().join("repo").join(THEME_ENTRY);
        std::fs::create_dir_all(entry.parent().unwrap()).unwrap();
        std::fs::write(&entry, "").unwrap();
        let text = r#"
defaultContentLanguage = "zh"
themesDir = "."
[languages.en]
weight = 2
[languages.zh]
weight = 1
contentDir = "content/zh"
[module]
replacements = "github.com/a/theme -> ../../.."
[[module.imports]]
path = "github.com/a/theme"
"#;
        let mut diags = Vec::new();
        let config = read_config(&site, "hugo.toml", text, None, &mut diags)
            .unwrap()
            .unwrap();
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(config.default_language, "zh");
        let langs: Vec<(&str, &str)> = config
            .languages
            .iter()
            .map(|l| (l.code.as_str(), l.content_dir.as_str()))
            .collect();
        // en has no contentDir: it shares the site's `content` (Hugo does not invent
        // `content/en`), and owns the unsuffixed files there, since zh lives elsewhere.
        assert_eq!(langs, [("zh", "content/zh"), ("en", "content")]);
        let owns: Vec<(bool, &[String])> = config
            .languages
            .iter()
            .map(|l| (l.owns_unsuffixed, l.other_codes.as_slice()))
            .collect();
        assert_eq!(
            owns,
            [
                (true, &["en".to_string()][..]),
                (true, &["zh".to_string()][..])
            ]
        );
        assert_eq!(
            config.theme_dir,
            Some(dir.path().join("repo").canonicalize().unwrap())
        );

        let text = "theme = \"nope\"\n";
        let config = read_config(&site, "hugo.toml", text, None, &mut diags)
            .unwrap()
            .unwrap();
        assert_eq!(config.theme_dir, None);
        assert_eq!(diags.len(), 1);
        assert_eq!(
            (diags[0].code, diags[0].line, diags[0].column),
            (Code::ThemeNotFound, 1, 9)
        );
        assert!(matches!(
            read_config(
                &site,
                "hugo.toml",
                "",
                Some(&site.join("missing")),
                &mut diags
            ),
            Err(Error::NoTheme { .. })
        ));
    }

    #[test]
    fn positions_count_chars() {
        assert_eq!(position("a\n上海x", 8), Span { line: 2, column: 3 });
        assert_eq!(
            key_position("a = 1\n  theme = \"x\"\n", "theme"),
            Span {
                line: 2,
                column: 11
            }
        );
    }
}
