//! Hostile paths: every `fixtures/hostile/<case>/` (laid over `fixtures/invalid/_base`) must
//! be refused with its code at the right file and line, and nothing outside the site may be
//! read: the files outside hold a marker that must never appear in prep's output.
//!
//! Symlinks are made here, in a temporary copy, rather than committed.

use std::path::{Path, PathBuf};

use usergroup::diagnostic::{render_human, render_json, Diagnostic};
use usergroup::{check, CheckOptions, Checked};

/// In every file outside the site; prep's output must never hold it.
const MARKER: &str = "SECRET-MARKER-7f3a";

/// A temporary `site/` (the base fixture with the case laid over it) beside `outside/`.
struct Case {
    _tmp: tempfile::TempDir,
    site: PathBuf,
    outside: PathBuf,
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures")
}

fn copy_into(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).expect("read fixture") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
            copy_into(&entry.path(), &target);
        } else if entry.file_name() != "EXPECT" {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

impl Case {
    fn new(name: &str) -> Case {
        let tmp = tempfile::tempdir().expect("tempdir");
        let site = tmp.path().join("site");
        let outside = tmp.path().join("outside");
        std::fs::create_dir_all(&site).expect("mkdir");
        copy_into(&fixtures().join("invalid/_base"), &site);
        let case = fixtures().join("hostile").join(name);
        let expect = std::fs::read_to_string(case.join("EXPECT")).expect("EXPECT");
        assert!(!expect.trim().is_empty(), "{name}: EXPECT names the code");
        copy_into(&case, &site);
        for file in [
            "secret.md",
            "secret.png",
            "secret.scss",
            "content/zh/user-group/_index.md",
            "stolen/static/images/user-group/banner.png",
        ] {
            let path = outside.join(file);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            let text = if file.ends_with(".scss") {
                format!(".{MARKER} {{ color: red; }}\n")
            } else {
                format!("---\ntitle: {MARKER}\n---\n{MARKER}\n")
            };
            std::fs::write(path, text).expect("write");
        }
        Case {
            _tmp: tmp,
            site,
            outside,
        }
    }

    #[cfg(unix)]
    fn symlink_out(&self, outside_file: &str, in_site: &str) {
        let link = self.site.join(in_site);
        std::fs::create_dir_all(link.parent().expect("parent")).expect("mkdir");
        let _ = std::fs::remove_file(&link);
        std::os::unix::fs::symlink(self.outside.join(outside_file), link).expect("symlink");
    }

    fn check(&self) -> Checked {
        let mut options = CheckOptions::default();
        options.theme_dir = Some(fixtures().join("invalid/_shared"));
        check(&self.site, &options).expect("check runs")
    }
}

/// The finding with `code` at `file:line`; fails with every finding otherwise.
fn find<'a>(diags: &'a [Diagnostic], code: &str, file: &str, line: usize) -> &'a Diagnostic {
    diags
        .iter()
        .find(|d| d.code == code && d.file == file && d.line == line)
        .unwrap_or_else(|| panic!("no {code} at {file}:{line} in {diags:#?}"))
}

/// Nothing read outside the site shows in the human or JSON output, nor in the sources
/// prep kept for excerpts.
fn assert_nothing_leaked(checked: &Checked) {
    assert!(checked.has_errors(), "exit 1: the run must fail");
    let human = render_human(&checked.diagnostics, &checked.sources, false);
    let json = render_json(&checked.diagnostics);
    assert!(!human.contains(MARKER), "{human}");
    assert!(!json.contains(MARKER), "{json}");
    for path in checked.sources.paths() {
        let text = checked.sources.get(path).unwrap_or_default();
        assert!(!text.contains(MARKER), "{path} was read: {text}");
    }
}

#[cfg(unix)]
#[test]
fn a_chapter_symlinked_out_of_the_site_is_refused_unread() {
    let case = Case::new("content-symlink-out");
    case.symlink_out("secret.md", "content/zh/user-group/hangzhou.md");
    let checked = case.check();
    let d = find(
        &checked.diagnostics,
        "E0003",
        "content/zh/user-group/hangzhou.md",
        0,
    );
    assert!(d.message.contains("outside the site"), "{}", d.message);
    assert_nothing_leaked(&checked);
}

#[test]
fn a_content_dir_outside_the_site_is_refused_at_the_config_line() {
    let case = Case::new("contentdir-outside");
    let checked = case.check();
    find(&checked.diagnostics, "E0003", "hugo.toml", 8);
    assert!(checked.site.is_none());
    assert_nothing_leaked(&checked);
}

#[test]
fn a_themes_dir_outside_the_site_is_refused_at_the_config_line() {
    let case = Case::new("themesdir-outside");
    // Without --theme: the config alone must not make a folder outside the theme.
    let checked = check(&case.site, &CheckOptions::default()).expect("check runs");
    find(&checked.diagnostics, "E0003", "hugo.toml", 5);
    assert_nothing_leaked(&checked);
}

#[cfg(unix)]
#[test]
fn an_image_symlinked_out_of_the_site_is_refused_at_its_front_matter_line() {
    let case = Case::new("image-symlink-out");
    case.symlink_out("secret.png", "static/images/user-group/banner.png");
    let checked = case.check();
    find(
        &checked.diagnostics,
        "E0302",
        "content/zh/user-group/_index.md",
        7,
    );
    assert_nothing_leaked(&checked);
}

/// Chapter files Hugo renders in forms prep once did not read (a page bundle, another
/// content extension) are checked like any chapter, each finding in its own file.
#[test]
fn chapters_in_every_form_hugo_renders_are_checked() {
    for (case, file) in [
        (
            "page-bundle-chapter",
            "content/zh/user-group/hangzhou/index.md",
        ),
        ("html-chapter", "content/zh/user-group/hangzhou.html"),
    ] {
        let checked = Case::new(case).check();
        find(&checked.diagnostics, "E0205", file, 8);
    }
}

#[test]
fn two_files_for_one_chapter_are_reported_with_the_other_file() {
    let case = Case::new("duplicate-chapter");
    let checked = case.check();
    let d = find(
        &checked.diagnostics,
        "E0208",
        "content/zh/user-group/shanghai/index.md",
        0,
    );
    assert_eq!(d.labels[0].file, "content/zh/user-group/shanghai.md");
    assert!(checked.has_errors());
}

#[test]
fn a_page_in_a_subfolder_of_the_section_is_reported() {
    let case = Case::new("stray-page");
    let checked = case.check();
    find(
        &checked.diagnostics,
        "E0209",
        "content/zh/user-group/archive/2020.md",
        0,
    );
}

/// Compiles the case's stylesheet with the repository's theme.
fn compile_css(case: &Case) -> Diagnostic {
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let diag = usergroup::css::compile(&case.site, &theme).expect_err("the import is refused");
    let text = format!("{diag:?}");
    assert!(!text.contains(MARKER), "{text}");
    *diag
}

#[test]
fn an_scss_import_of_an_absolute_path_outside_is_refused_at_its_line() {
    let case = Case::new("scss-import-absolute");
    let overrides = case.site.join("assets/usergroup/_variables.scss");
    let text = std::fs::read_to_string(&overrides).expect("read");
    let secret = case.outside.join("secret").display().to_string();
    std::fs::write(&overrides, text.replace("OUTSIDE/secret", &secret)).expect("write");
    let diag = compile_css(&case);
    assert_eq!(
        (diag.code.as_str(), diag.file.as_str(), diag.line),
        ("E0392", "assets/usergroup/_variables.scss", 2),
        "{diag:?}"
    );
}

#[cfg(unix)]
#[test]
fn an_scss_import_through_a_symlink_out_is_refused_at_its_line() {
    let case = Case::new("scss-import-symlink");
    case.symlink_out("secret.scss", "assets/usergroup/_linked.scss");
    let diag = compile_css(&case);
    assert_eq!(
        (diag.code.as_str(), diag.file.as_str(), diag.line),
        ("E0392", "assets/usergroup/_variables.scss", 2),
        "{diag:?}"
    );
}

#[test]
fn an_scss_import_of_a_url_is_refused_at_its_line() {
    let case = Case::new("scss-import-url");
    let diag = compile_css(&case);
    assert_eq!(
        (diag.code.as_str(), diag.file.as_str(), diag.line),
        ("E0392", "assets/usergroup/_variables.scss", 2),
        "{diag:?}"
    );
}
