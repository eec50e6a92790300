//! Step 5: compile the theme's SCSS (plus site overrides) with grass into hashed CSS.
//!
//! The theme's entry is `<theme>/theme/scss/usergroup.scss`, whose variables are declared
//! `!default`. A site restyles without forking the theme by writing variable overrides in
//! `<site>/assets/usergroup/_variables.scss`; that file is imported *in front of* the
//! theme's entry, so its assignments win over the theme's `!default`s.
//!
//! The output is compressed, deterministic (grass is), and named by a hash of its bytes
//! (`usergroup.<16 hex>.css`), so it can be written before the manifest and cached forever
//! by browsers; the manifest carries its SRI `integrity`.

use std::path::{Component, Path, PathBuf};

use base64::Engine as _;
use sha2::{Digest, Sha384};

use crate::diagnostic::{Code, Diagnostic};

pub use crate::layout::{SITE_OVERRIDES, THEME_ENTRY};

/// A compiled, content-addressed stylesheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompiledCss {
    /// `usergroup.<hash>.css`: the file name inside `static/usergroup/css/`.
    pub file_name: String,
    /// The compressed CSS.
    pub css: String,
    /// Subresource integrity of `css`: `sha384-<base64>`.
    pub integrity: String,
}

/// Compiles the theme's stylesheet for a site.
///
/// `site_root` is only used to find the site's overrides and to name files in diagnostics.
/// Any failure (a missing entry, a Sass error in the theme or in the overrides) is an
/// [`E0391`](Code::Scss) diagnostic pointing at the `.scss` file and line grass reports.
pub fn compile(site_root: &Path, theme_dir: &Path) -> Result<CompiledCss, Box<Diagnostic>> {
    let entry = theme_dir.join(THEME_ENTRY);
    if !entry.is_file() {
        let file = display_path(site_root, &entry);
        return Err(Box::new(
            Diagnostic::new(
                Code::Scss,
                &file,
                crate::model::Span::default(),
                format!("the theme has no stylesheet entry `{file}`"),
            )
            .with_help(format!(
                "point prep at the usergroup theme with `--theme DIR` (the folder that holds `{THEME_ENTRY}`)"
            )),
        ));
    }
    let overrides = site_root.join(SITE_OVERRIDES);
    // `quiet` and the null logger keep `@warn`/`@debug` off stdout, which carries JSON
    // diagnostics in `--format json`.
    let options = grass::Options::default()
        .style(grass::OutputStyle::Compressed)
        .quiet(true)
        .logger(&grass::NullLogger)
        .load_path(entry.parent().unwrap_or(theme_dir));
    let result = if overrides.is_file() {
        // Absolute imports: the generated entry has no folder of its own to be relative to.
        let source = format!(
            "@import \"{}\";\n@import \"{}\";\n",
            sass_string(&overrides),
            sass_string(&entry)
        );
        grass::from_string(source, &options)
    } else {
        grass::from_path(&entry, &options)
    };
    match result {
        Ok(css) => Ok(finish(css)),
        Err(error) => Err(Box::new(to_diagnostic(site_root, &entry, *error))),
    }
}

/// Names and fingerprints compiled CSS.
fn finish(css: String) -> CompiledCss {
    let digest = Sha384::digest(css.as_bytes());
    let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    let integrity = format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    );
    CompiledCss {
        file_name: format!("usergroup.{hex}.css"),
        css,
        integrity,
    }
}

/// Turns grass's error into a diagnostic at the `.scss` file and position it names.
fn to_diagnostic(site_root: &Path, entry: &Path, error: grass::Error) -> Diagnostic {
    let (message, file, line, column) = match error.kind() {
        grass::ErrorKind::ParseError { message, loc, .. } => {
            let name = loc.file.name();
            // Errors in the generated two-line entry (`stdin`) are about its imports, which
            // only fail when a file vanished mid-run: point at the theme's entry.
            let path = if name == "stdin" {
                entry.to_path_buf()
            } else {
                PathBuf::from(name)
            };
            (
                message,
                display_path(site_root, &path),
                loc.begin.line + 1,
                loc.begin.column + 1,
            )
        }
        grass::ErrorKind::IoError(io) => (io.to_string(), display_path(site_root, entry), 0, 0),
        grass::ErrorKind::FromUtf8Error(text) => (
            format!("the stylesheet is not valid UTF-8: {text}"),
            display_path(site_root, entry),
            0,
            0,
        ),
        other => (format!("{other:?}"), display_path(site_root, entry), 0, 0),
    };
    Diagnostic::new(
        Code::Scss,
        &file,
        crate::model::Span { line, column },
        format!("the stylesheet does not compile: {message}"),
    )
    .with_help(format!(
        "fix the SCSS at this position; site-level restyling belongs in `{SITE_OVERRIDES}` as variable overrides"
    ))
}

/// Quotes a path for a Sass string literal.
fn sass_string(path: &Path) -> String {
    path.to_string_lossy()
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
}

/// A path as people should read it in a diagnostic: relative to the site root (with `/`),
/// `../`-relative when it is in a theme beside the site, absolute as a last resort.
pub fn display_path(site_root: &Path, path: &Path) -> String {
    let absolute = |p: &Path| {
        std::fs::canonicalize(p).unwrap_or_else(|_| {
            // A file that does not exist: canonicalise its folder instead.
            match (p.parent(), p.file_name()) {
                (Some(dir), Some(name)) => std::fs::canonicalize(dir)
                    .map(|d| d.join(name))
                    .unwrap_or_else(|_| p.to_path_buf()),
                _ => p.to_path_buf(),
            }
        })
    };
    let (root, target) = (absolute(site_root), absolute(path));
    match relative(&root, &target) {
        Some(rel) => rel,
        None => target.to_string_lossy().into_owned(),
    }
}

/// `target` relative to `base`, both absolute, `/`-separated; `None` across drives/roots.
fn relative(base: &Path, target: &Path) -> Option<String> {
    let base: Vec<Component<'_>> = base.components().collect();
    let target: Vec<Component<'_>> = target.components().collect();
    if base.first() != target.first() {
        return None;
    }
    let common = base.iter().zip(&target).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".into(); base.len() - common];
    parts.extend(
        target[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn theme_with(dir: &Path, files: &[(&str, &str)]) {
        for (name, text) in files {
            let path = dir.join(name);
            std::fs::create_dir_all(path.parent().expect("has a parent")).expect("mkdir");
            std::fs::write(path, text).expect("write");
        }
    }

    #[test]
    fn compiles_compressed_and_names_by_hash() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let theme = tmp.path().join("theme-root");
        theme_with(
            &theme,
            &[
                ("theme/scss/_variables.scss", "$accent: #00aa72 !default;\n"),
                (
                    "theme/scss/usergroup.scss",
                    "@import \"variables\";\n.ug { a { color: $accent; } }\n",
                ),
            ],
        );
        let site = tmp.path().join("site");
        std::fs::create_dir_all(&site).expect("mkdir");
        let css = compile(&site, &theme).expect("compiles");
        assert_eq!(css.css, ".ug a{color:#00aa72}");
        assert!(css.file_name.starts_with("usergroup.") && css.file_name.ends_with(".css"));
        assert_eq!(css.file_name.len(), "usergroup..css".len() + 16);
        assert!(css.integrity.starts_with("sha384-"));
        // Same input, same bytes, same name.
        assert_eq!(compile(&site, &theme).expect("compiles"), css);
    }

    #[test]
    fn site_overrides_win_over_theme_defaults() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let theme = tmp.path().join("theme-root");
        theme_with(
            &theme,
            &[
                ("theme/scss/_variables.scss", "$accent: #00aa72 !default;\n"),
                (
                    "theme/scss/usergroup.scss",
                    "@import \"variables\";\n.ug { color: $accent; }\n",
                ),
            ],
        );
        let site = tmp.path().join("site");
        theme_with(&site, &[(SITE_OVERRIDES, "$accent: #123456;\n")]);
        let css = compile(&site, &theme).expect("compiles");
        assert_eq!(css.css, ".ug{color:#123456}");
    }

    #[test]
    fn a_sass_error_points_at_the_file_and_line() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let theme = tmp.path().join("theme-root");
        theme_with(
            &theme,
            &[
                (
                    "theme/scss/_cards.scss",
                    ".card {\n  color: $undefined-var;\n}\n",
                ),
                ("theme/scss/usergroup.scss", "@import \"cards\";\n"),
            ],
        );
        let site = tmp.path().join("site");
        std::fs::create_dir_all(&site).expect("mkdir");
        let diag = compile(&site, &theme).expect_err("fails");
        assert_eq!(diag.code, "E0391");
        assert_eq!(diag.file, "../theme-root/theme/scss/_cards.scss");
        assert_eq!((diag.line, diag.column), (2, 10));
        assert!(
            diag.message.contains("Undefined variable"),
            "{}",
            diag.message
        );
    }

    #[test]
    fn an_error_in_the_site_overrides_points_there() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let theme = tmp.path().join("theme-root");
        theme_with(
            &theme,
            &[("theme/scss/usergroup.scss", ".ug { color: red; }\n")],
        );
        let site = tmp.path().join("site");
        theme_with(&site, &[(SITE_OVERRIDES, "$accent: ;\n")]);
        let diag = compile(&site, &theme).expect_err("fails");
        assert_eq!(diag.file, SITE_OVERRIDES);
        assert_eq!(diag.line, 1);
    }

    #[test]
    fn a_missing_theme_entry_is_a_diagnostic() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let diag = compile(tmp.path(), &tmp.path().join("nowhere")).expect_err("fails");
        assert_eq!(diag.code, "E0391");
        assert_eq!(diag.file, "nowhere/theme/scss/usergroup.scss");
    }
}
