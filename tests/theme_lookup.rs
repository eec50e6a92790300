//! prep and the real Hugo find the theme the same way. Hugo resolves a relative module
//! replacement against `themesDir` by joining the paths lexically (Go's `filepath.Join`), so
//! `themes/../x` is `x` even on a site with no `themes/` folder (what `hugo new site` makes
//! when no theme is installed yet); prep must not ask the file system to walk through the
//! missing folder.

mod support;

use std::path::{Component, Path, PathBuf};
use std::process::Command;

/// `to` relative to `from` (both absolute and canonical): `../..` up to their common folder,
/// then down.
fn relative(from: &Path, to: &Path) -> PathBuf {
    let from: Vec<Component> = from.components().collect();
    let to: Vec<Component> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut rel = PathBuf::new();
    for _ in common..from.len() {
        rel.push("..");
    }
    for part in &to[common..] {
        rel.push(part);
    }
    rel
}

#[test]
fn a_relative_replacement_on_a_site_without_themes_finds_the_theme_for_prep_and_hugo() {
    let tmp = tempfile::Builder::new()
        .prefix("theme-lookup-")
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
        .expect("temp dir");
    let site = tmp.path().join("site");
    support::copy_site(&support::example_site(), &site);
    let site = site.canonicalize().expect("canonical site");
    let theme = support::theme_dir()
        .canonicalize()
        .expect("canonical theme");
    // Relative to the default themesDir, `themes/`, which this site does not have.
    assert!(!site.join("themes").exists());
    let replacement = relative(&site.join("themes"), &theme);
    let config_file = site.join("hugo.toml");
    let config = std::fs::read_to_string(&config_file).expect("config");
    // Without its comments (they explain themesDir) and without themesDir itself.
    let config: String = config
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect();
    let config = config
        .replace("themesDir = \".\"\n", "")
        .replace("-> ../../..\"", &format!("-> {}\"", replacement.display()));
    assert!(!config.contains("themesDir") && config.contains(&replacement.display().to_string()));
    std::fs::write(&config_file, config).expect("write config");

    // prep finds the theme from the config alone.
    let mut options = usergroup::BuildOptions::default();
    options.today = Some(support::test_date());
    match usergroup::build(&site, &options) {
        Ok(_) => {}
        Err(usergroup::BuildError::Invalid(invalid)) => panic!(
            "prep refused the site:\n{}",
            usergroup::diagnostic::render_human(&invalid.diagnostics, &invalid.sources, false)
        ),
        Err(other) => panic!("prep failed: {other}"),
    }

    // Hugo, from the config alone too (no HUGO_MODULE_REPLACEMENTS), builds the page.
    let public = tmp.path().join("public");
    let out = Command::new(support::hugo_binary())
        .env_remove("HUGO_MODULE_REPLACEMENTS")
        .env("HUGO_CACHEDIR", tmp.path().join("hugo-cache"))
        .arg("--source")
        .arg(&site)
        .arg("--destination")
        .arg(&public)
        .args(["--logLevel", "warn"])
        .output()
        .expect("run hugo");
    support::assert_hugo_ok(&out, "the site without themes/");
    assert!(public.join("zh/user-group/index.html").is_file());
}
