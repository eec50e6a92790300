//! `prep check` is the gate a pull request runs, so whatever `build` refuses, `check` refuses
//! too, with the same codes at the same places.
//!
//! Every site in `fixtures/invalid/`, and every file in `fixtures/hostile/svg/` and
//! `fixtures/hostile/images/` (each put in place of one image of `fixtures/invalid/_base`), goes
//! through both on a scratch copy; their findings must be equal. `check` must also write
//! nothing. The hostile files must get their expected code: `E0306` for every SVG but the
//! `safe-*` ones, and the code in `fixtures/hostile/images/EXPECT` for the images.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use usergroup::diagnostic::Diagnostic;
use usergroup::{build, check, BuildError, BuildOptions, CheckOptions};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is inside the repo")
        .to_path_buf()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        let kind = entry.file_type().expect("type");
        if kind.is_dir() {
            copy_dir(&entry.path(), &target);
        } else if kind.is_symlink() {
            let link = std::fs::read_link(entry.path()).expect("readlink");
            std::os::unix::fs::symlink(link, &target).expect("symlink");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// A scratch folder holding a copy of `case` beside `_shared` (the fixtures' theme, whose stub
/// stylesheet lets a valid case build). Returns the copied site.
fn scratch(tmp: &Path, case: &Path) -> PathBuf {
    let invalid = repo_root().join("fixtures/invalid");
    let shared = tmp.join("_shared");
    if !shared.exists() {
        copy_dir(&invalid.join("_shared"), &shared);
    }
    let site = tmp.join(case.file_name().expect("case name"));
    copy_dir(case, &site);
    site
}

/// The index page of `_base`, where the hostile files are referenced.
const INDEX: &str = "content/zh/user-group/_index.md";

/// (code, file, line, column) of each finding, sorted.
type Findings = Vec<(String, String, usize, usize)>;

fn findings(diagnostics: &[Diagnostic]) -> Findings {
    let mut out: Findings = diagnostics
        .iter()
        .map(|d| (d.code.to_string(), d.file.clone(), d.line, d.column))
        .collect();
    out.sort();
    out
}

/// Every file under `root`, relative, with its length: what `check` must leave alone.
fn tree(root: &Path) -> BTreeMap<PathBuf, u64> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, u64>) {
        for entry in std::fs::read_dir(dir).expect("read_dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let len = entry.metadata().map(|m| m.len()).unwrap_or(0);
                out.insert(path.strip_prefix(root).unwrap_or(&path).to_path_buf(), len);
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

/// Runs check then build on `site`; panics unless their findings agree. Returns them.
fn check_equals_build(label: &str, site: &Path) -> Findings {
    let before = tree(site);
    let today = usergroup::model::Date::new(2026, 9, 1);
    let mut check_options = CheckOptions::default();
    check_options.today = today;
    let mut build_options = BuildOptions::default();
    build_options.today = today;
    let checked = check(site, &check_options);
    assert_eq!(before, tree(site), "{label}: check wrote into the site");
    let built = build(site, &build_options);
    let (from_check, from_build) = match (checked, built) {
        (Ok(checked), Ok(report)) => (
            findings(&checked.diagnostics),
            findings(&report.diagnostics),
        ),
        (Ok(checked), Err(BuildError::Invalid(invalid))) => (
            findings(&checked.diagnostics),
            findings(&invalid.diagnostics),
        ),
        (Err(check_error), Err(BuildError::Check(build_error))) => {
            assert_eq!(check_error.to_string(), build_error.to_string(), "{label}");
            return Vec::new();
        }
        (checked, built) => panic!("{label}: check gave {checked:?}, build gave {built:?}"),
    };
    assert_eq!(
        from_check, from_build,
        "{label}: check and build disagree (left: check, right: build)"
    );
    from_check
}

#[test]
fn invalid_fixtures_give_the_same_findings_in_check_and_build() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(repo_root().join("fixtures/invalid"))
        .expect("fixtures/invalid")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("EXPECT").is_file())
        .collect();
    cases.sort();
    assert!(cases.len() > 30, "found the fixtures ({})", cases.len());
    for case in cases {
        let label = case.display().to_string();
        let site = scratch(tmp.path(), &case);
        let found = check_equals_build(&label, &site);
        let expect = std::fs::read_to_string(case.join("EXPECT")).expect("EXPECT");
        let code = expect.trim();
        if !found.is_empty() {
            assert!(
                found.iter().any(|f| f.0 == code),
                "{label}: no {code} in {found:?}"
            );
        }
    }
}

/// A copy of `_base` whose `key: old` line in the index page names `hostile` instead (copied
/// into the site's `static/images/hostile/`). Returns the site and the line it changed.
fn base_with(tmp: &Path, name: &str, hostile: &Path, old: &str) -> (PathBuf, usize) {
    let invalid = repo_root().join("fixtures/invalid");
    let site = scratch(tmp, &invalid.join("_base"));
    let site = {
        let renamed = tmp.join(name);
        std::fs::rename(&site, &renamed).expect("rename");
        renamed
    };
    let file_name = hostile
        .file_name()
        .expect("name")
        .to_string_lossy()
        .into_owned();
    let static_dir = site.join("static/images/hostile");
    std::fs::create_dir_all(&static_dir).expect("mkdir");
    std::fs::copy(hostile, static_dir.join(&file_name)).expect("copy");
    let index = site.join("content/zh/user-group/_index.md");
    let text = std::fs::read_to_string(&index).expect("index");
    let line = text
        .lines()
        .position(|l| l.trim_end().ends_with(old))
        .unwrap_or_else(|| panic!("_base names {old}"))
        + 1;
    let text = text.replacen(old, &format!("/images/hostile/{file_name}"), 1);
    std::fs::write(&index, text).expect("write");
    (site, line)
}

#[test]
fn hostile_svgs_are_refused_by_check_exactly_as_by_build() {
    let dir = repo_root().join("fixtures/hostile/svg");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixtures/hostile/svg")
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    assert!(files.len() > 40);
    for (i, file) in files.iter().enumerate() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let name = file
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let (site, line) = base_with(
            tmp.path(),
            &format!("case{i}"),
            file,
            "/images/user-group/icon.svg",
        );
        let found = check_equals_build(&name, &site);
        let errors: Vec<_> = found.iter().filter(|f| f.0.starts_with('E')).collect();
        if name.starts_with("safe-") {
            assert!(errors.is_empty(), "{name}: {found:?}");
        } else {
            // `not-svg-*`: by content not an SVG at all (an HTML page named .svg).
            let code = if name.starts_with("not-svg-") {
                "E0303"
            } else {
                "E0306"
            };
            assert!(
                errors
                    .iter()
                    .any(|f| f.0 == code && f.1 == INDEX && f.2 == line),
                "{name}: expected {code} at line {line}, got {found:?}"
            );
        }
    }
}

#[test]
fn hostile_images_get_their_expected_code_from_check_and_build_alike() {
    let dir = repo_root().join("fixtures/hostile/images");
    let expect = std::fs::read_to_string(dir.join("EXPECT")).expect("EXPECT");
    let cases: Vec<(&str, &str)> = expect
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let mut words = l.split_whitespace();
            (
                words.next().unwrap_or_default(),
                words.next().unwrap_or_default(),
            )
        })
        .collect();
    let listed = std::fs::read_dir(&dir).expect("dir").count() - 1;
    assert_eq!(cases.len(), listed, "every file is listed in EXPECT");
    for (i, (name, code)) in cases.into_iter().enumerate() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let old = "/images/user-group/cityCards/shanghai.png";
        let (site, line) = base_with(tmp.path(), &format!("case{i}"), &dir.join(name), old);
        let found = check_equals_build(name, &site);
        let here = |f: &&(String, String, usize, usize)| f.1 == INDEX && f.2 == line;
        if code == "ok" {
            assert!(
                !found.iter().filter(here).any(|f| f.0.starts_with('E')),
                "{name}: expected no error at line {line}, got {found:?}"
            );
        } else {
            assert!(
                found.iter().filter(here).any(|f| f.0 == code),
                "{name}: expected {code} at line {line}, got {found:?}"
            );
        }
    }
}
