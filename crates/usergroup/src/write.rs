//! Step 7: write outputs atomically; the manifest rename is the commit point.
//!
//! prep owns three folders of a site and writes nowhere else:
//!
//! - `data/usergroup/` — the manifests, `<lang>/<section>.json`, read by the layouts;
//! - `static/usergroup/` — content-addressed files: `img/` (image variants) and `css/`;
//! - `.usergroup-cache/` — the lock file and the image metadata cache.
//!
//! # The guarantee
//!
//! A build writes in this order:
//!
//! 1. content-addressed files (images, CSS). Their names are hashes of their bytes, so a
//!    new file never replaces a file an existing manifest references with different bytes;
//! 2. every manifest to a temporary file beside its final name, each flushed to disk, and
//!    only when *all* of them are written,
//! 3. every temporary renamed over its manifest (the commit), then the folders synced;
//! 4. garbage collection: files in `static/usergroup/` that no manifest of this build
//!    references, and manifests this build did not write, are removed.
//!
//! So a run that stops before step 3 (invalid input, an image that does not decode, a
//! full disk, Ctrl-C) leaves every previous manifest, and every file it references,
//! byte-identical: nothing but new, unreferenced files and temporaries was added, and those
//! are removed by the next run. During step 3 each rename is atomic, so every manifest on
//! disk is always a complete document whose files exist; a crash *between* two renames (a
//! window of microseconds) can leave one language new and another old, each still
//! consistent on its own, and the next build brings them together. Garbage collection only
//! starts after all renames succeeded, so it never removes a file a manifest on disk names.
//!
//! Two prep processes on one site are kept apart by an advisory lock on
//! `.usergroup-cache/lock` (released by the OS when a process dies, so a crash never leaves
//! a stale lock): the second one fails at once with [`WriteError::Locked`].

use std::collections::BTreeSet;
use std::fs::{self, File};
use std::io::Write as _;
use std::path::{Path, PathBuf};

pub use crate::layout::{CACHE_DIR, DATA_DIR, STATIC_DIR, TEMP_PREFIX};

/// Why writing failed. Always an I/O problem or a concurrent run, never bad input.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// A file or folder could not be read, written, renamed or removed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The path the operation was about.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// Another prep holds the site's lock.
    #[error(
        "another prep is building this site (it holds {}); wait for it to finish and run again",
        path.display()
    )]
    Locked {
        /// The lock file.
        path: PathBuf,
    },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// The folders prep writes in one site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// The site root.
    pub site_root: PathBuf,
    /// `<site>/data/usergroup`.
    pub data_dir: PathBuf,
    /// `<site>/static/usergroup`.
    pub static_dir: PathBuf,
    /// `<site>/static/usergroup/img`: image variants.
    pub img_dir: PathBuf,
    /// `<site>/static/usergroup/css`: stylesheets.
    pub css_dir: PathBuf,
    /// `<site>/.usergroup-cache`.
    pub cache_dir: PathBuf,
}

/// Holds the site's build lock until dropped.
#[derive(Debug)]
pub struct Lock {
    _file: File,
}

/// A manifest to commit: where it goes (relative to [`Output::data_dir`]) and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingManifest {
    /// e.g. `zh/user-group.json`.
    pub relative: String,
    /// The JSON text.
    pub text: String,
}

/// What [`Output::commit`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Committed {
    /// Every manifest's path, in the order given.
    pub manifests: Vec<PathBuf>,
    /// How many of them changed (the others already had these exact bytes).
    pub changed: usize,
}

impl Output {
    /// The folders of the site at `site_root`.
    pub fn new(site_root: &Path) -> Self {
        let static_dir = site_root.join(STATIC_DIR);
        Self {
            site_root: site_root.to_path_buf(),
            data_dir: site_root.join(DATA_DIR),
            img_dir: static_dir.join("img"),
            css_dir: static_dir.join("css"),
            static_dir,
            cache_dir: site_root.join(CACHE_DIR),
        }
    }

    /// Takes the site's build lock, creating the cache folder if needed.
    pub fn lock(&self) -> Result<Lock, WriteError> {
        fs::create_dir_all(&self.cache_dir).map_err(io(&self.cache_dir))?;
        let path = self.cache_dir.join("lock");
        let file = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(io(&path))?;
        match fs4::FileExt::try_lock(&file) {
            Ok(()) => Ok(Lock { _file: file }),
            Err(fs4::TryLockError::WouldBlock) => Err(WriteError::Locked { path }),
            Err(fs4::TryLockError::Error(source)) => Err(WriteError::Io { path, source }),
        }
    }

    /// Removes temporaries a killed run left in prep's folders. Call with the lock held.
    pub fn remove_temporaries(&self) -> Result<usize, WriteError> {
        let mut removed = 0;
        for dir in [&self.data_dir, &self.static_dir, &self.cache_dir] {
            for file in files_under(dir)? {
                let is_temp = file
                    .file_name()
                    .is_some_and(|n| is_temporary(&n.to_string_lossy()));
                if is_temp {
                    fs::remove_file(&file).map_err(io(&file))?;
                    removed += 1;
                }
            }
        }
        Ok(removed)
    }

    /// Writes a content-addressed file into `dir` unless it is already there with these
    /// bytes. Returns whether it wrote.
    pub fn write_content_addressed(
        &self,
        dir: &Path,
        name: &str,
        bytes: &[u8],
    ) -> Result<bool, WriteError> {
        let path = dir.join(name);
        if fs::read(&path).is_ok_and(|old| old == bytes) {
            return Ok(false);
        }
        fs::create_dir_all(dir).map_err(io(dir))?;
        let temp = write_temp(&path, bytes)?;
        fs::rename(&temp, &path).map_err(io(&path))?;
        Ok(true)
    }

    /// Commits the manifests: writes them all to temporaries, then renames them all (see the
    /// module docs for the guarantee). On error, no temporary is left behind and, if the
    /// error happened before the first rename, no manifest changed.
    pub fn commit(&self, manifests: &[PendingManifest]) -> Result<Committed, WriteError> {
        let mut staged: Vec<(PathBuf, PathBuf)> = Vec::new();
        let mut committed = Committed::default();
        let stage = |staged: &mut Vec<(PathBuf, PathBuf)>,
                     committed: &mut Committed|
         -> Result<(), WriteError> {
            for manifest in manifests {
                let path = self.data_dir.join(&manifest.relative);
                committed.manifests.push(path.clone());
                if fs::read(&path).is_ok_and(|old| old == manifest.text.as_bytes()) {
                    continue;
                }
                if let Some(dir) = path.parent() {
                    fs::create_dir_all(dir).map_err(io(dir))?;
                }
                let temp = write_temp(&path, manifest.text.as_bytes())?;
                staged.push((temp, path));
            }
            Ok(())
        };
        if let Err(error) = stage(&mut staged, &mut committed) {
            for (temp, _) in &staged {
                let _ = fs::remove_file(temp);
            }
            return Err(error);
        }
        // The commit point.
        for (index, (temp, path)) in staged.iter().enumerate() {
            if let Err(source) = fs::rename(temp, path) {
                for (temp, _) in &staged[index..] {
                    let _ = fs::remove_file(temp);
                }
                return Err(WriteError::Io {
                    path: path.clone(),
                    source,
                });
            }
        }
        let dirs: BTreeSet<&Path> = staged.iter().filter_map(|(_, p)| p.parent()).collect();
        for dir in dirs {
            sync_dir(dir)?;
        }
        committed.changed = staged.len();
        Ok(committed)
    }

    /// Removes what the committed manifests do not reference: files under `static/usergroup/`
    /// not in `keep_static` (paths relative to it, `/`-separated, e.g. `img/ab12-400.webp`),
    /// and files under `data/usergroup/` other than `manifests`. Empty folders left behind
    /// are removed too. Call only after [`Output::commit`] succeeded. Returns the number of
    /// files removed.
    pub fn collect_garbage(
        &self,
        keep_static: &BTreeSet<String>,
        manifests: &[PathBuf],
    ) -> Result<usize, WriteError> {
        let mut removed = 0;
        for file in files_under(&self.static_dir)? {
            let relative = relative_slash(&self.static_dir, &file);
            if !keep_static.contains(&relative) {
                fs::remove_file(&file).map_err(io(&file))?;
                removed += 1;
            }
        }
        for file in files_under(&self.data_dir)? {
            if !manifests.contains(&file) {
                fs::remove_file(&file).map_err(io(&file))?;
                removed += 1;
            }
        }
        remove_empty_dirs(&self.static_dir)?;
        remove_empty_dirs(&self.data_dir)?;
        Ok(removed)
    }

    /// Removes image metadata cache entries (`<cache>/<key>.json`) that list variant files
    /// (`"file": …` at any depth) none of which is in `img_dir` any more: after garbage
    /// collection they can only miss. Entries of another shape are left alone. Returns the
    /// number removed.
    pub fn collect_stale_cache(&self, cache: &Path, img_dir: &Path) -> Result<usize, WriteError> {
        let mut removed = 0;
        for entry in files_under(cache)? {
            let Some(meta) = fs::read(&entry)
                .ok()
                .and_then(|bytes| serde_json::from_slice::<serde_json::Value>(&bytes).ok())
            else {
                continue;
            };
            let mut files = Vec::new();
            collect_file_names(&meta, &mut files);
            if !files.is_empty() && !files.iter().any(|f| img_dir.join(f).is_file()) {
                fs::remove_file(&entry).map_err(io(&entry))?;
                removed += 1;
            }
        }
        Ok(removed)
    }
}

/// Ours (`.prep-tmp-…`) or the image renderer's (`.<name>.<pid>-<n>.tmp`): hidden and
/// ending in `.tmp`. No output prep keeps has such a name.
fn is_temporary(name: &str) -> bool {
    name.starts_with(TEMP_PREFIX) || (name.starts_with('.') && name.ends_with(".tmp"))
}

/// Every string under a `file` key, at any depth: the variant files a cache entry lists.
fn collect_file_names(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, value) in map {
                match (key.as_str(), value) {
                    ("file", serde_json::Value::String(name)) => out.push(name.clone()),
                    _ => collect_file_names(value, out),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_file_names(v, out)),
        _ => {}
    }
}

/// Writes `bytes` to a fresh temporary beside `path` and flushes it to disk.
fn write_temp(path: &Path, bytes: &[u8]) -> Result<PathBuf, WriteError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // `.tmp` so no tool reading the folder (Hugo's data loader) takes it for a manifest.
    let temp = path.with_file_name(format!("{TEMP_PREFIX}{}-{name}.tmp", std::process::id()));
    let result = (|| {
        let mut file = File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()
    })();
    match result {
        Ok(()) => Ok(temp),
        Err(source) => {
            let _ = fs::remove_file(&temp);
            Err(WriteError::Io { path: temp, source })
        }
    }
}

/// Makes renames in `dir` durable.
fn sync_dir(dir: &Path) -> Result<(), WriteError> {
    #[cfg(unix)]
    {
        File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(io(dir))?;
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Every file under `dir`, recursively, sorted; nothing when `dir` does not exist.
/// Symlinks are listed, never followed.
pub fn files_under(dir: &Path) -> Result<Vec<PathBuf>, WriteError> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = match fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(io(&dir)(e)),
        };
        for entry in entries {
            let entry = entry.map_err(io(&dir))?;
            let kind = entry.file_type().map_err(io(&entry.path()))?;
            if kind.is_dir() {
                stack.push(entry.path());
            } else {
                out.push(entry.path());
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Removes empty folders under `dir` (not `dir` itself), deepest first.
fn remove_empty_dirs(dir: &Path) -> Result<(), WriteError> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Ok(());
    };
    for entry in entries {
        let entry = entry.map_err(io(dir))?;
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            let path = entry.path();
            remove_empty_dirs(&path)?;
            if fs::read_dir(&path).is_ok_and(|mut d| d.next().is_none()) {
                fs::remove_dir(&path).map_err(io(&path))?;
            }
        }
    }
    Ok(())
}

/// `path` relative to `base`, `/`-separated.
fn relative_slash(base: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(base).unwrap_or(path);
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pending(relative: &str, text: &str) -> PendingManifest {
        PendingManifest {
            relative: relative.into(),
            text: text.into(),
        }
    }

    #[test]
    fn commit_writes_all_manifests_and_leaves_no_temporaries() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let out = Output::new(tmp.path());
        let done = out
            .commit(&[
                pending("zh/user-group.json", "{}\n"),
                pending("en/user-group.json", "[]\n"),
            ])
            .expect("commits");
        assert_eq!(done.changed, 2);
        assert_eq!(
            fs::read_to_string(tmp.path().join("data/usergroup/en/user-group.json")).expect("read"),
            "[]\n"
        );
        let files = files_under(&out.data_dir).expect("list");
        assert_eq!(files.len(), 2, "{files:?}");
        // Same bytes again: nothing to rename.
        let again = out
            .commit(&[
                pending("zh/user-group.json", "{}\n"),
                pending("en/user-group.json", "[]\n"),
            ])
            .expect("commits");
        assert_eq!(again.changed, 0);
    }

    #[test]
    fn a_failed_staging_changes_no_manifest() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let out = Output::new(tmp.path());
        out.commit(&[pending("zh/user-group.json", "old zh\n")])
            .expect("commits");
        // `en` cannot be created: a file stands where its folder must go.
        fs::write(out.data_dir.join("en"), "in the way").expect("write");
        let error = out
            .commit(&[
                pending("zh/user-group.json", "new zh\n"),
                pending("en/user-group.json", "new en\n"),
            ])
            .expect_err("fails");
        assert!(matches!(error, WriteError::Io { .. }));
        assert_eq!(
            fs::read_to_string(out.data_dir.join("zh/user-group.json")).expect("read"),
            "old zh\n"
        );
        let names: Vec<_> = files_under(&out.data_dir).expect("list");
        assert_eq!(names.len(), 2, "no temporary left: {names:?}");
    }

    #[test]
    fn garbage_collection_keeps_exactly_what_is_referenced() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let out = Output::new(tmp.path());
        for name in [
            "img/a-400.webp",
            "img/b-400.webp",
            "css/usergroup.1.css",
            "css/usergroup.2.css",
        ] {
            let path = out.static_dir.join(name);
            fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            fs::write(path, name).expect("write");
        }
        let done = out
            .commit(&[pending("zh/user-group.json", "{}\n")])
            .expect("commits");
        fs::create_dir_all(out.data_dir.join("fr")).expect("mkdir");
        fs::write(out.data_dir.join("fr/user-group.json"), "stale").expect("write");
        let keep: BTreeSet<String> = ["img/a-400.webp", "css/usergroup.2.css"]
            .into_iter()
            .map(String::from)
            .collect();
        let removed = out.collect_garbage(&keep, &done.manifests).expect("gc");
        assert_eq!(removed, 3);
        let left: Vec<String> = files_under(tmp.path())
            .expect("list")
            .iter()
            .map(|p| relative_slash(tmp.path(), p))
            .collect();
        assert_eq!(
            left,
            [
                "data/usergroup/zh/user-group.json",
                "static/usergroup/css/usergroup.2.css",
                "static/usergroup/img/a-400.webp",
            ]
        );
        assert!(!out.data_dir.join("fr").exists(), "empty folders go too");
    }

    #[test]
    fn a_second_lock_is_refused_until_the_first_is_dropped() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let out = Output::new(tmp.path());
        let first = out.lock().expect("locks");
        assert!(matches!(out.lock(), Err(WriteError::Locked { .. })));
        drop(first);
        out.lock().expect("locks again");
    }

    #[test]
    fn cache_entries_whose_files_are_gone_are_removed_and_others_kept() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let out = Output::new(tmp.path());
        let cache = out.cache_dir.join("images");
        fs::create_dir_all(&cache).expect("mkdir");
        fs::create_dir_all(&out.img_dir).expect("mkdir");
        fs::write(out.img_dir.join("live-400.webp"), "x").expect("write");
        let entry = |file: &str| format!(r#"{{"webp": [{{"file": "{file}", "width": 400}}]}}"#);
        fs::write(cache.join("live.json"), entry("live-400.webp")).expect("write");
        fs::write(cache.join("stale.json"), entry("gone-400.webp")).expect("write");
        fs::write(cache.join("other.json"), r#"{"shape": "unknown"}"#).expect("write");
        let removed = out
            .collect_stale_cache(&cache, &out.img_dir)
            .expect("collects");
        assert_eq!(removed, 1);
        let left: Vec<String> = files_under(&cache)
            .expect("list")
            .iter()
            .map(|p| relative_slash(&cache, p))
            .collect();
        assert_eq!(left, ["live.json", "other.json"]);
    }

    #[test]
    fn temporaries_of_a_killed_run_are_removed() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let out = Output::new(tmp.path());
        fs::create_dir_all(out.data_dir.join("zh")).expect("mkdir");
        fs::write(out.data_dir.join("zh/.prep-tmp-1-user-group.json.tmp"), "x").expect("write");
        fs::write(out.data_dir.join("zh/user-group.json"), "kept").expect("write");
        assert_eq!(out.remove_temporaries().expect("cleans"), 1);
        assert_eq!(files_under(&out.data_dir).expect("list").len(), 1);
    }
}
