//! Step 5: compile the theme's SCSS (plus site overrides) with grass into hashed CSS.
//!
//! The theme's entry is `<theme>/assets/usergroup/usergroup.scss`. Every import is looked up
//! the way Hugo merges `assets/`: the site's `assets/usergroup/` first, then the theme's, so a
//! site replaces any partial by writing a file at the same path. The theme's
//! `_variables.scss` is empty and imported before the `!default` tokens in `_tokens.scss`:
//! a site restyles by writing its own `assets/usergroup/_variables.scss`.
//!
//! grass reads nothing else (`assets::AssetsFs`): an import of a path outside those two
//! folders, through a symlink that leaves them, or of a URL is [`Code::ScssImport`] at the
//! importing line, and the file it names is never opened.
//!
//! The output is compressed, deterministic (grass is), and named by a hash of its bytes
//! (`usergroup.<16 hex>.css`), so it can be written before the manifest and cached forever
//! by browsers; the manifest carries its SRI `integrity`.

use std::path::{Component, Path};

use base64::Engine as _;
use sha2::{Digest, Sha384};

use crate::diagnostic::{Code, Diagnostic};
use crate::model::Span;
use crate::sandbox::{ReadError, ReadRoot};

mod assets;

pub use crate::layout::{SCSS_DIR, SITE_OVERRIDES, THEME_ENTRY};
use assets::AssetsFs;

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
/// A Sass error (in the theme or in the site's files) is an [`E0391`](Code::Scss)
/// diagnostic at the `.scss` file and line grass reports; an import that leaves the
/// stylesheet folders is an [`E0392`](Code::ScssImport) at the importing line. Every
/// diagnostic names a file inside the site or the theme.
pub fn compile(site_root: &Path, theme_dir: &Path) -> Result<CompiledCss, Box<Diagnostic>> {
    let entry = theme_dir.join(THEME_ENTRY);
    if !entry.is_file() {
        let file = display_path(site_root, &entry);
        return Err(Box::new(
            Diagnostic::new(
                Code::Scss,
                &file,
                Span::default(),
                format!("the theme has no stylesheet entry `{file}`"),
            )
            .with_help(format!(
                "point prep at the usergroup theme with `--theme DIR` (the folder that holds `{THEME_ENTRY}`)"
            )),
        ));
    }
    let fs = assets_fs(site_root, theme_dir)?;
    // `quiet` and the null logger keep `@warn`/`@debug` off stdout, which carries JSON
    // diagnostics in `--format json`.
    let options = grass::Options::default()
        .style(grass::OutputStyle::Compressed)
        .quiet(true)
        .logger(&grass::NullLogger)
        .fs(&fs);
    let virtual_entry = fs.virtual_dir().join(entry_name());
    match grass::from_path(&virtual_entry, &options) {
        Ok(css) => match import_diagnostic(site_root, &fs, None) {
            Some(diag) => Err(Box::new(diag)),
            None => Ok(finish(css)),
        },
        Err(error) => {
            let kind = error.kind();
            let diag = import_diagnostic(site_root, &fs, Some(&kind))
                .unwrap_or_else(|| to_diagnostic(site_root, &entry, &fs, kind));
            Err(Box::new(diag))
        }
    }
}

/// The entry's name inside [`SCSS_DIR`].
fn entry_name() -> &'static str {
    THEME_ENTRY
        .strip_prefix(SCSS_DIR)
        .map_or(THEME_ENTRY, |name| name.trim_start_matches('/'))
}

/// The file system grass compiles from: the site's stylesheet folder over the theme's, each
/// checked to be inside its site or theme (a folder that is itself a symlink out is refused).
fn assets_fs(site_root: &Path, theme_dir: &Path) -> Result<AssetsFs, Box<Diagnostic>> {
    let mut layers = Vec::new();
    for base in [site_root, theme_dir] {
        let Ok(root) = ReadRoot::new(base) else {
            continue;
        };
        match root.resolve(SCSS_DIR).and_then(|dir| ReadRoot::new(&dir)) {
            Ok(layer) => layers.push(layer),
            Err(ReadError::Outside { target, .. }) => {
                let file = display_path(site_root, &base.join(SCSS_DIR));
                return Err(Box::new(
                    Diagnostic::new(
                        Code::ScssImport,
                        &file,
                        Span::default(),
                        format!(
                            "the stylesheet folder is a symlink that leads outside, to `{}`; prep did not read it",
                            target.display()
                        ),
                    )
                    .with_help(format!("make `{SCSS_DIR}` a real folder holding the stylesheets")),
                ));
            }
            Err(ReadError::Missing { .. } | ReadError::Io { .. }) => {}
        }
    }
    let virtual_dir = std::fs::canonicalize(site_root)
        .unwrap_or_else(|_| site_root.to_path_buf())
        .join(SCSS_DIR);
    Ok(AssetsFs::new(virtual_dir, layers))
}

/// [`Code::ScssImport`] for an import the file system refused or grass would leave for the
/// browser to fetch; `None` when there was none.
fn import_diagnostic(
    site_root: &Path,
    fs: &AssetsFs,
    error: Option<&grass::ErrorKind>,
) -> Option<Diagnostic> {
    let help = format!(
        "import only stylesheets in the site's or the theme's `{SCSS_DIR}/`, by a relative path (`@import 'banner';`)"
    );
    if let Some(plain) = fs.plain_imports().first() {
        return Some(
            Diagnostic::new(
                Code::ScssImport,
                &display_path(site_root, &plain.file),
                Span {
                    line: plain.line,
                    column: plain.column,
                },
                format!(
                    "`@import {}` is a plain-CSS import the browser would fetch; prep compiles every style into one file",
                    plain.url
                ),
            )
            .with_help(help),
        );
    }
    let refused = fs.refused();
    let first = refused.first()?;
    let why = match &first.symlink_to {
        Some(target) => format!("through a symlink to `{}`", target.display()),
        None => format!("to `{}`", first.asked.display()),
    };
    let message = format!(
        "this import leads outside the site's and the theme's `{SCSS_DIR}/` ({why}); prep did not read it"
    );
    let located = error.and_then(|kind| match kind {
        grass::ErrorKind::ParseError { loc, .. } => Some((
            fs.real(Path::new(loc.file.name())),
            Span {
                line: loc.begin.line + 1,
                column: loc.begin.column + 1,
            },
        )),
        _ => None,
    });
    // Without a failed import to point at (another candidate name was found instead), the
    // refused symlink itself is the place.
    let (file, span) = located.unwrap_or_else(|| (fs.real(&first.asked), Span::default()));
    Some(
        Diagnostic::new(
            Code::ScssImport,
            &display_path(site_root, &file),
            span,
            message,
        )
        .with_help(help),
    )
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
fn to_diagnostic(
    site_root: &Path,
    entry: &Path,
    fs: &AssetsFs,
    kind: grass::ErrorKind,
) -> Diagnostic {
    let (message, file, line, column) = match kind {
        grass::ErrorKind::ParseError { message, loc, .. } => {
            let path = fs.real(Path::new(loc.file.name()));
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
        Span { line, column },
        format!("the stylesheet does not compile: {message}"),
    )
    .with_help(format!(
        "fix the SCSS at this position; a site restyles with variable overrides in `{SITE_OVERRIDES}`, or replaces a partial by writing it at the same path under `{SCSS_DIR}/`"
    ))
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
    use std::path::PathBuf;

    use super::*;

    fn theme_with(dir: &Path, files: &[(&str, &str)]) {
        for (name, text) in files {
            let path = dir.join(name);
            std::fs::create_dir_all(path.parent().expect("has a parent")).expect("mkdir");
            std::fs::write(path, text).expect("write");
        }
    }

    /// A theme (`theme-root`) made of `files` and an empty site (`site`), side by side in a
    /// temporary folder: `(folder, site, theme)`.
    fn site_and_theme(files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf, PathBuf) {
        let tmp = tempfile::tempdir().expect("tempdir");
        let theme = tmp.path().join("theme-root");
        theme_with(&theme, files);
        let site = tmp.path().join("site");
        std::fs::create_dir_all(&site).expect("mkdir");
        (tmp, site, theme)
    }

    /// A theme whose entry imports the site's hook (`_variables.scss`) and sets one colour.
    const THEME_WITH_HOOK: &[(&str, &str)] = &[
        ("assets/usergroup/_variables.scss", ""),
        (
            "assets/usergroup/usergroup.scss",
            "@import 'variables';\n.ug { color: red; }\n",
        ),
    ];

    #[test]
    fn compiles_compressed_and_names_by_hash() {
        let (_tmp, site, theme) = site_and_theme(&[
            (
                "assets/usergroup/_variables.scss",
                "$accent: #00aa72 !default;\n",
            ),
            (
                "assets/usergroup/usergroup.scss",
                "@import \"variables\";\n.ug { a { color: $accent; } }\n",
            ),
        ]);
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
        let (_tmp, site, theme) = site_and_theme(&[
            ("assets/usergroup/_variables.scss", "// the hook\n"),
            (
                "assets/usergroup/_tokens.scss",
                "$accent: #00aa72 !default;\n$size: 1px !default;\n",
            ),
            (
                "assets/usergroup/_cards.scss",
                ".ug { color: $accent; width: $size; }\n",
            ),
            (
                "assets/usergroup/usergroup.scss",
                "@import \"variables\";\n@import \"tokens\";\n@import \"cards\";\n",
            ),
        ]);
        assert_eq!(
            compile(&site, &theme).expect("compiles").css,
            ".ug{color:#00aa72;width:1px}"
        );
        theme_with(&site, &[(SITE_OVERRIDES, "$accent: #123456;\n")]);
        let css = compile(&site, &theme).expect("compiles");
        assert_eq!(css.css, ".ug{color:#123456;width:1px}");
        // Any partial, not only the variables: the site's file at the same path wins.
        theme_with(
            &site,
            &[("assets/usergroup/_cards.scss", ".ug { margin: $size; }\n")],
        );
        let css = compile(&site, &theme).expect("compiles");
        assert_eq!(css.css, ".ug{margin:1px}");
    }

    /// A theme whose entry imports the site's hook, and a site whose override imports `import`.
    fn site_importing(import: &str) -> (tempfile::TempDir, PathBuf, PathBuf) {
        let (tmp, site, theme) = site_and_theme(THEME_WITH_HOOK);
        std::fs::write(tmp.path().join("secret.scss"), ".SECRET-MARKER { a: b; }\n")
            .expect("write");
        theme_with(&site, &[(SITE_OVERRIDES, &format!("$a: 1;\n\n{import}\n"))]);
        (tmp, site, theme)
    }

    #[test]
    fn imports_outside_the_stylesheet_folders_are_refused_at_the_importing_line() {
        let (tmp, site, theme) = site_importing("");
        let outside = tmp.path().join("secret.scss");
        for import in [
            format!("@import '{}';", outside.display()),
            "@import '../../../secret';".to_string(),
            "@import '../../hugo';".to_string(),
            "@import url(https://evil.example/x.css);".to_string(),
            "@import 'https://evil.example/x';".to_string(),
            "@import 'theme.css';".to_string(),
        ] {
            theme_with(&site, &[(SITE_OVERRIDES, &format!("$a: 1;\n\n{import}\n"))]);
            std::fs::write(site.join("hugo.scss"), "").expect("write");
            let diag = compile(&site, &theme).expect_err(&import);
            assert_eq!(diag.code, "E0392", "{import}: {diag:?}");
            assert_eq!(
                (diag.file.as_str(), diag.line),
                (SITE_OVERRIDES, 3),
                "{import}"
            );
            assert!(!format!("{diag:?}").contains("SECRET-MARKER"));
        }
    }

    #[cfg(unix)]
    #[test]
    fn an_import_through_a_symlink_out_is_refused() {
        let (tmp, site, theme) = site_importing("@import 'linked';");
        std::os::unix::fs::symlink(
            tmp.path().join("secret.scss"),
            site.join("assets/usergroup/_linked.scss"),
        )
        .expect("symlink");
        let diag = compile(&site, &theme).expect_err("refused");
        assert_eq!(diag.code, "E0392");
        assert_eq!((diag.file.as_str(), diag.line), (SITE_OVERRIDES, 3));
        assert!(diag.message.contains("symlink"), "{}", diag.message);
        assert!(!format!("{diag:?}").contains("SECRET-MARKER"));
    }

    #[test]
    fn a_sass_error_points_at_the_file_and_line() {
        let (_tmp, site, theme) = site_and_theme(&[
            (
                "assets/usergroup/_cards.scss",
                ".card {\n  color: $undefined-var;\n}\n",
            ),
            ("assets/usergroup/usergroup.scss", "@import \"cards\";\n"),
        ]);
        let diag = compile(&site, &theme).expect_err("fails");
        assert_eq!(diag.code, "E0391");
        assert_eq!(diag.file, "../theme-root/assets/usergroup/_cards.scss");
        assert_eq!((diag.line, diag.column), (2, 10));
        assert!(
            diag.message.contains("Undefined variable"),
            "{}",
            diag.message
        );
    }

    #[test]
    fn an_error_in_the_site_overrides_points_there() {
        let (_tmp, site, theme) = site_and_theme(THEME_WITH_HOOK);
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
        assert_eq!(diag.file, "nowhere/assets/usergroup/usergroup.scss");
    }
}
