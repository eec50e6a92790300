//! Live preview: which files a build reads, so a file watcher knows what to watch and which
//! of its events start a new build.
//!
//! A build reads the site config, the user-group section of each language's content folder,
//! images from `static/` and `assets/` of the site and the theme, and the SCSS in
//! `assets/usergroup/` of both; it writes only into [`OWNED_DIRS`]. [`WatchSet`] names the
//! folders that hold those inputs and tells an input event from noise: prep's own output
//! (watching it would rebuild forever), Hugo's lock file, editors' swap and backup files,
//! and the other sections of the content.
//!
//! The watching itself (a file-system notifier, debouncing, printing each round) is the
//! caller's: `prep watch` uses the `notify` crate; an editor plugin could use its own.
//!
//! ```no_run
//! use std::path::Path;
//!
//! let set = usergroup::watch::WatchSet::new(Path::new("fixtures/sites/kubesphere"), None)?;
//! for (folder, recursive) in set.folders() {
//!     println!("watch {} (recursive: {recursive})", folder.display());
//! }
//! # Ok::<(), usergroup::Error>(())
//! ```

use std::path::{Path, PathBuf};

use crate::discover::{self, CONFIG_FILES};
use crate::error::Error;
use crate::layout::{OWNED_DIRS, SECTION, TEMP_PREFIX};
use crate::sandbox::ReadRoot;

/// The folders to watch for a site and the test that tells an input event from noise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WatchSet {
    /// The site folder, canonical (event paths are compared with it).
    root: PathBuf,
    /// The theme folder, canonical, when the config (or `--theme`) leads to one.
    theme: Option<PathBuf>,
    /// Every place an input lives: the section folders, `static/` and `assets/` of the site
    /// and the theme. A path at or below one is an input; a folder above one is too (it may
    /// have been created, moved or removed with the inputs inside).
    inputs: Vec<PathBuf>,
    /// The folders prep writes: never inputs.
    outputs: Vec<PathBuf>,
    /// What to watch: (folder, recursive), existing folders only.
    folders: Vec<(PathBuf, bool)>,
}

impl WatchSet {
    /// Reads the site's config (languages, content folders, theme) and works out what to
    /// watch. `theme` overrides the config's theme, as `--theme DIR` does. A config that
    /// cannot be read into languages is no error here: the default `content/` is watched,
    /// and the build reports the config's problem.
    pub fn new(site_root: &Path, theme: Option<&Path>) -> Result<Self, Error> {
        let root = site_root.canonicalize().map_err(|_| Error::NoSite {
            path: site_root.to_path_buf(),
        })?;
        let (content_dirs, config_theme) = content_dirs_and_theme(&root, theme);
        let theme = theme
            .and_then(|t| t.canonicalize().ok())
            .or(config_theme)
            .filter(|t| *t != root);
        let mut inputs: Vec<PathBuf> = content_dirs
            .iter()
            .map(|dir| root.join(dir).join(SECTION))
            .collect();
        for base in std::iter::once(&root).chain(theme.as_ref()) {
            inputs.extend(["static", "assets"].map(|dir| base.join(dir)));
        }
        let outputs = OWNED_DIRS.iter().map(|dir| root.join(dir)).collect();
        let folders = folders(&root, theme.as_deref(), &inputs);
        Ok(WatchSet {
            root,
            theme,
            inputs,
            outputs,
            folders,
        })
    }

    /// The folders to watch, each with whether to watch it recursively: the site folder
    /// itself shallowly (for the config, and for input folders created later), and the
    /// deepest existing folder of each input place recursively. Rebuild the set after each
    /// round: the config may have changed, or a folder may have appeared.
    pub fn folders(&self) -> impl Iterator<Item = (&Path, bool)> {
        self.folders.iter().map(|(dir, rec)| (dir.as_path(), *rec))
    }

    /// The site folder, canonical.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The theme folder, canonical, if one was found.
    pub fn theme(&self) -> Option<&Path> {
        self.theme.as_deref()
    }

    /// Whether a change at `path` (absolute, below a watched folder) can change what a build
    /// writes: the site config, or a file in an input place, and not prep's own output,
    /// Hugo's lock, an editor's swap or backup file, or a temporary file.
    pub fn is_input(&self, path: &Path) -> bool {
        if self.outputs.iter().any(|out| path.starts_with(out)) {
            return false;
        }
        if path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(is_noise)
        {
            return false;
        }
        if path.parent() == Some(self.root.as_path()) {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if CONFIG_FILES.contains(&name) {
                return true;
            }
        }
        let base = path == self.root || Some(path) == self.theme.as_deref();
        self.inputs
            .iter()
            .any(|input| path.starts_with(input) || (input.starts_with(path) && !base))
    }

    /// `path` relative to the site (or, for a theme file, to the theme, prefixed `theme:`),
    /// `/`-separated, for messages.
    pub fn display(&self, path: &Path) -> String {
        let (prefix, rel) = match path.strip_prefix(&self.root) {
            Ok(rel) => ("", rel),
            Err(_) => match self.theme.as_deref().map(|t| path.strip_prefix(t)) {
                Some(Ok(rel)) => ("theme:", rel),
                _ => ("", path),
            },
        };
        format!("{prefix}{}", rel.to_string_lossy().replace('\\', "/"))
    }
}

/// Files that never feed a build: editors' swap, backup and lock files, Hugo's lock, prep's
/// temporaries (Hugo's own ignore rule, plus Vim's and others' swap files).
fn is_noise(name: &str) -> bool {
    discover::hugo_ignores(name)
        || name.starts_with(TEMP_PREFIX)
        || name == "4913" // Vim's probe that a folder is writable
        || [".swp", ".swx", ".tmp", ".bak"]
            .iter()
            .any(|ext| name.ends_with(ext))
}

/// The languages' content folders (site-relative) and the theme the config leads to; the
/// default `content` and no theme when the config cannot be read.
fn content_dirs_and_theme(root: &Path, theme: Option<&Path>) -> (Vec<String>, Option<PathBuf>) {
    let fallback = || (vec!["content".to_string()], None);
    let Ok((file, _)) = discover::find_config(root) else {
        return fallback();
    };
    let text = ReadRoot::new(root)
        .and_then(|site| site.read(&file))
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok());
    let Some(text) = text else {
        return fallback();
    };
    // Findings about the config are the build's to report.
    let mut ignored = Vec::new();
    match discover::read_config(root, &file, &text, theme, &mut ignored) {
        Ok(Some(config)) => (
            config
                .languages
                .into_iter()
                .map(|l| l.content_dir)
                .collect(),
            config.theme_dir,
        ),
        _ => fallback(),
    }
}

/// The site shallowly, then for each input place its deepest existing folder (recursively;
/// shallowly when that is the site or the theme folder itself, which hold much else).
fn folders(root: &Path, theme: Option<&Path>, inputs: &[PathBuf]) -> Vec<(PathBuf, bool)> {
    let mut folders = vec![(root.to_path_buf(), false)];
    for input in inputs {
        let Some(existing) = input.ancestors().find(|dir| dir.is_dir()) else {
            continue;
        };
        let base = Some(existing) == theme || existing == root;
        if !existing.starts_with(root) && !theme.is_some_and(|t| existing.starts_with(t)) {
            continue; // never watch above the site or the theme
        }
        folders.push((existing.to_path_buf(), !base));
    }
    // A folder inside a recursively watched one is watched already.
    let recursive: Vec<PathBuf> = folders
        .iter()
        .filter(|(_, rec)| *rec)
        .map(|(dir, _)| dir.clone())
        .collect();
    folders.retain(|(dir, _)| {
        !recursive
            .iter()
            .any(|outer| dir != outer && dir.starts_with(outer))
    });
    folders.sort();
    folders.dedup();
    folders
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> (tempfile::TempDir, PathBuf) {
        let tmp = tempfile::tempdir().expect("tempdir");
        let root = tmp.path().canonicalize().expect("canonical");
        std::fs::write(
            root.join("hugo.toml"),
            "defaultContentLanguage = \"zh\"\n[languages.zh]\ncontentDir = \"content/zh\"\n[languages.en]\ncontentDir = \"content/en\"\n",
        )
        .expect("config");
        for dir in ["content/zh/user-group", "content/zh/blog", "static/images"] {
            std::fs::create_dir_all(root.join(dir)).expect("mkdir");
        }
        (tmp, root)
    }

    #[test]
    fn inputs_are_the_config_sections_and_image_folders_not_prep_output() {
        let (_tmp, root) = site();
        let set = WatchSet::new(&root, None).expect("watch set");
        let input = |rel: &str| set.is_input(&root.join(rel));
        for rel in [
            "hugo.toml",
            "content/zh/user-group/_index.md",
            "content/zh/user-group/shanghai.md",
            "content/en/user-group/_index.md",
            "content/en",
            "static/images/a.jpg",
            "assets/usergroup/_variables.scss",
            "static",
        ] {
            assert!(input(rel), "{rel} is an input");
        }
        for rel in [
            "data/usergroup/zh/user-group.json",
            "static/usergroup/img/abc-400.webp",
            ".usergroup-cache/images/abc.json",
            ".hugo_build.lock",
            "content/zh/blog/post.md",
            "content/zh/user-group/.shanghai.md.swp",
            "content/zh/user-group/shanghai.md~",
            "content/zh/user-group/4913",
            "static/images/.prep-tmp-1",
            "layouts/index.html",
            "public/index.html",
            "README.md",
        ] {
            assert!(!input(rel), "{rel} is not an input");
        }
    }

    #[test]
    fn watches_the_site_shallowly_and_each_existing_input_folder_recursively() {
        let (_tmp, root) = site();
        let set = WatchSet::new(&root, None).expect("watch set");
        let folders: Vec<(String, bool)> = set
            .folders()
            .map(|(dir, rec)| (set.display(dir), rec))
            .collect();
        assert_eq!(
            folders,
            [
                (String::new(), false),
                // content/en does not exist yet, so its nearest folder is watched, which
                // holds content/zh/user-group too.
                ("content".to_string(), true),
                ("static".to_string(), true),
            ]
        );
    }

    #[test]
    fn an_unreadable_config_still_watches_the_default_content() {
        let (_tmp, root) = site();
        std::fs::write(root.join("hugo.toml"), "languages = [").expect("config");
        let set = WatchSet::new(&root, None).expect("watch set");
        assert!(set.is_input(&root.join("content/user-group/_index.md")));
        assert!(set.is_input(&root.join("hugo.toml")));
    }
}
