//! Step 7: write outputs atomically; the manifest rename is the commit point.
//!
//! prep owns three folders of a site and writes nowhere else:
//!
//! - `data/usergroup/` — the manifests, `<lang>/<section>.json`, read by the layouts;
//! - `static/usergroup/` — content-addressed files: `img/` (image variants) and `css/`;
//! - `.usergroup-cache/` — the lock file and the image metadata cache.
//!
//! # Ownership
//!
//! The folders are in the site, so whoever changes the site can put anything there: a
//! symlink where a folder goes (prep would write, and garbage-collect, wherever it leads), a
//! symlinked lock, a file of their own. Before writing, a build checks them
//! ([`Output::prepare`], [`Output::lock`], [`Output::unowned`]): every folder is created
//! without following a symlink (`crate::sandbox::owned_dir`), the lock is opened without
//! following one, and every entry inside must be a regular file with one of prep's own names
//! ([`Owned`]). Anything else refuses the build ([`WriteError::NotOwned`], E0004) before
//! anything is written or deleted. Refusing rather than skipping: a file prep did not make
//! in a folder it publishes would be published beside prep's files without anyone having
//! decided so, and garbage collection that tolerated strangers would have to guess which
//! were safe to delete. Garbage collection itself deletes only names prep gives its files.
//!
//! # The guarantee
//!
//! A build writes in this order:
//!
//! 1. content-addressed files (images, CSS). Their names are hashes of their inputs, so a
//!    new file never replaces a file an existing manifest references with different bytes;
//!    if the build fails from here to the commit, it removes every file it added
//!    ([`Output::remove_added`]);
//! 2. every manifest to a temporary file beside its final name, each flushed to disk, and
//!    only when *all* of them are written ([`Output::stage`]),
//! 3. every temporary renamed over its manifest (the commit, [`Staged::publish`]), then the
//!    folders synced;
//! 4. garbage collection: prep's files in `static/usergroup/` that no manifest of this build
//!    references, and manifests this build did not write, are removed.
//!
//! So a run that stops before step 3 (invalid input, an image that does not decode, a
//! full disk) leaves every previous manifest, and every file it references, byte-identical,
//! and removes what it added; a run killed outright leaves only new, unreferenced files and
//! temporaries, removed by the next run. During step 3 each rename is atomic, so every
//! manifest on disk is always a complete document whose files exist; a crash *between* two
//! renames (a window of microseconds) can leave one language new and another old, each still
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
use std::sync::atomic::{AtomicU64, Ordering};

use crate::layout::OWNED_DIRS;
pub use crate::layout::{CACHE_DIR, DATA_DIR, STATIC_DIR, TEMP_PREFIX};
use crate::sandbox::{owned_dir, OwnedDirError};

/// Why writing failed: an I/O problem, a concurrent run, or a folder prep does not own.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
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
    /// Something in a folder prep owns is not prep's: a symlink (prep would write or delete
    /// wherever it leads), or a file prep did not create. Nothing was written or deleted.
    #[error("{}: prep owns this folder, but this is {what}; {help}", path.display())]
    NotOwned {
        /// The offending path.
        path: PathBuf,
        /// "a symlink", "a file prep did not create", …
        what: String,
        /// How to fix it.
        help: String,
    },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    }
}

impl From<OwnedDirError> for WriteError {
    fn from(error: OwnedDirError) -> Self {
        match error {
            OwnedDirError::NotOwned { path, what } => not_owned(path, what),
            OwnedDirError::Io { path, source } => WriteError::Io { path, source },
            OwnedDirError::NotRelative { path } => WriteError::Io {
                source: std::io::Error::other("not a plain relative path"),
                path,
            },
        }
    }
}

fn not_owned(path: PathBuf, what: &str) -> WriteError {
    let help = if what.contains("symlink") {
        "delete the symlink and run prep again; prep never follows a symlink inside the folders it writes"
    } else {
        "move it out of the folder (prep writes and deletes files here) and run prep again"
    };
    WriteError::NotOwned {
        path,
        what: what.to_string(),
        help: help.to_string(),
    }
}

/// The names other steps give the files they write into prep's folders, so this module
/// (which does not depend on them) can tell prep's files from anyone else's.
#[derive(Debug, Clone, Copy)]
pub struct Owned {
    /// File names in `static/usergroup/img/`.
    pub image_file: fn(&str) -> bool,
    /// File names in `.usergroup-cache/images/`.
    pub cache_entry: fn(&str) -> bool,
}

/// The folders prep writes in one site.
#[derive(Debug, Clone)]
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
    /// `<site>/static/usergroup/cal`: calendar feeds (stable names, committed with the
    /// manifests).
    pub cal_dir: PathBuf,
    /// `<site>/.usergroup-cache`.
    pub cache_dir: PathBuf,
    /// `<site>/.usergroup-cache/images`: the image metadata cache.
    pub image_cache_dir: PathBuf,
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

/// A published file with a stable name (a calendar feed), committed together with the
/// manifests: relative to [`Output::static_dir`], e.g. `cal/zh/shanghai.ics`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingFile {
    /// e.g. `cal/zh.ics`.
    pub relative: String,
    /// The text.
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

/// Manifests written to temporaries, ready to be renamed into place. Dropping it without
/// [`Staged::publish`] removes the temporaries.
#[derive(Debug)]
pub struct Staged {
    /// (temporary, final path) of each manifest that changes.
    renames: Vec<(PathBuf, PathBuf)>,
    /// Every manifest's final path.
    manifests: Vec<PathBuf>,
}

impl Drop for Staged {
    fn drop(&mut self) {
        for (temp, _) in self.renames.drain(..) {
            let _ = fs::remove_file(temp);
        }
    }
}

impl Staged {
    /// The commit point: renames every staged manifest into place, then syncs the folders.
    /// On error, the temporaries not yet renamed are removed.
    pub fn publish(mut self) -> Result<Committed, WriteError> {
        let renames = std::mem::take(&mut self.renames);
        for (index, (temp, path)) in renames.iter().enumerate() {
            if let Err(source) = fs::rename(temp, path) {
                for (temp, _) in &renames[index..] {
                    let _ = fs::remove_file(temp);
                }
                return Err(WriteError::Io {
                    path: path.clone(),
                    source,
                });
            }
        }
        let dirs: BTreeSet<&Path> = renames.iter().filter_map(|(_, p)| p.parent()).collect();
        for dir in dirs {
            sync_dir(dir)?;
        }
        Ok(Committed {
            manifests: std::mem::take(&mut self.manifests),
            changed: renames.len(),
        })
    }
}

impl Output {
    /// The folders of the site at `site_root`.
    pub fn new(site_root: &Path) -> Self {
        let static_dir = site_root.join(STATIC_DIR);
        let cache_dir = site_root.join(CACHE_DIR);
        Self {
            site_root: site_root.to_path_buf(),
            data_dir: site_root.join(DATA_DIR),
            img_dir: static_dir.join("img"),
            css_dir: static_dir.join("css"),
            cal_dir: static_dir.join("cal"),
            static_dir,
            image_cache_dir: cache_dir.join("images"),
            cache_dir,
        }
    }

    /// Takes the site's build lock, creating the cache folder if needed. Neither the folder
    /// nor the lock file is reached through a symlink.
    pub fn lock(&self) -> Result<Lock, WriteError> {
        owned_dir(&self.site_root, CACHE_DIR)?;
        let path = self.cache_dir.join("lock");
        match fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => return Err(not_owned(path, "a symlink")),
            Ok(meta) if !meta.is_file() => return Err(not_owned(path, "not a regular file")),
            _ => {}
        }
        let mut open = fs::OpenOptions::new();
        open.create(true).truncate(false).write(true);
        // A symlink put there after the check above still fails to open (ELOOP).
        #[cfg(target_os = "linux")]
        std::os::unix::fs::OpenOptionsExt::custom_flags(&mut open, O_NOFOLLOW);
        let file = match open.open(&path) {
            Ok(file) => file,
            Err(e) if fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) => {
                drop(e);
                return Err(not_owned(path, "a symlink"));
            }
            Err(source) => return Err(WriteError::Io { path, source }),
        };
        match fs4::FileExt::try_lock(&file) {
            Ok(()) => Ok(Lock { _file: file }),
            Err(fs4::TryLockError::WouldBlock) => Err(WriteError::Locked { path }),
            Err(fs4::TryLockError::Error(source)) => Err(WriteError::Io { path, source }),
        }
    }

    /// Creates every folder prep writes to, refusing a symlink or a file anywhere on the way
    /// below the site root.
    pub fn prepare(&self) -> Result<(), WriteError> {
        for rel in OWNED_DIRS {
            owned_dir(&self.site_root, rel)?;
        }
        for dir in [&self.img_dir, &self.css_dir, &self.image_cache_dir] {
            let rel = relative_slash(&self.site_root, dir);
            owned_dir(&self.site_root, &rel)?;
        }
        Ok(())
    }

    /// The first thing in prep's folders that is not prep's: a symlink, something other than
    /// a regular file or folder, or a file whose name prep does not give (see the module
    /// docs). Temporaries of a killed run are prep's.
    pub fn unowned(&self, owned: Owned) -> Result<Option<WriteError>, WriteError> {
        for dir in [&self.data_dir, &self.static_dir, &self.cache_dir] {
            for (path, kind) in entries_under(dir)? {
                let what = if kind.is_symlink() {
                    "a symlink"
                } else if !kind.is_file() {
                    "not a regular file"
                } else if !self.is_owned_name(&path, owned) {
                    "a file prep did not create"
                } else {
                    continue;
                };
                return Ok(Some(not_owned(path, what)));
            }
        }
        Ok(None)
    }

    /// Whether `path` (a regular file in one of prep's folders) has a name prep gives.
    fn is_owned_name(&self, path: &Path, owned: Owned) -> bool {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if is_temporary(&name) {
            return true;
        }
        let parent = path.parent().unwrap_or(path);
        if parent == self.img_dir {
            (owned.image_file)(&name)
        } else if parent == self.css_dir {
            is_stylesheet_name(&name)
        } else if parent == self.cal_dir || parent.parent() == Some(self.cal_dir.as_path()) {
            is_feed_name(&name)
        } else if parent == self.image_cache_dir {
            (owned.cache_entry)(&name)
        } else if parent == self.cache_dir.join("inspect") {
            // The inspection cache (`images::inspect`): `<blake3 hex>.json`.
            name.strip_suffix(".json").is_some_and(|stem| {
                stem.len() == 64 && stem.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
            })
        } else if parent == self.cache_dir {
            name == "lock"
        } else {
            // A manifest: `<lang>/<section>.json`, one level below the data folder.
            parent.parent() == Some(self.data_dir.as_path()) && name.ends_with(".json")
        }
    }

    /// Removes temporaries a killed run left in prep's folders (regular files only). Call
    /// with the lock held.
    pub fn remove_temporaries(&self) -> Result<usize, WriteError> {
        let mut removed = 0;
        for dir in [&self.data_dir, &self.static_dir, &self.cache_dir] {
            for (file, kind) in entries_under(dir)? {
                let is_temp = file
                    .file_name()
                    .is_some_and(|n| is_temporary(&n.to_string_lossy()));
                if is_temp && kind.is_file() {
                    fs::remove_file(&file).map_err(io(&file))?;
                    removed += 1;
                }
            }
        }
        Ok(removed)
    }

    /// Every file in `static/usergroup/` now: taken before a build writes, so that a failed
    /// build can remove what it added ([`Output::remove_added`]).
    pub fn static_files(&self) -> Result<BTreeSet<PathBuf>, WriteError> {
        Ok(entries_under(&self.static_dir)?
            .into_iter()
            .map(|(path, _)| path)
            .collect())
    }

    /// Removes the files in `static/usergroup/` that are not in `before` (what a failed
    /// build added), so the published folder is as it was. Returns how many went.
    pub fn remove_added(&self, before: &BTreeSet<PathBuf>) -> Result<usize, WriteError> {
        let mut removed = 0;
        for (path, kind) in entries_under(&self.static_dir)? {
            if kind.is_file() && !before.contains(&path) {
                fs::remove_file(&path).map_err(io(&path))?;
                removed += 1;
            }
        }
        Ok(removed)
    }

    /// Writes a content-addressed file into `dir` unless it is already there with these
    /// bytes (compared, not assumed from the name). Returns whether it wrote.
    pub fn write_content_addressed(
        &self,
        dir: &Path,
        name: &str,
        bytes: &[u8],
    ) -> Result<bool, WriteError> {
        let path = dir.join(name);
        if same_bytes(&path, bytes) {
            return Ok(false);
        }
        write_atomic(&path, bytes).map_err(io(&path))?;
        Ok(true)
    }

    /// Stages the manifests: writes every one that changes to a temporary beside it (see the
    /// module docs). On error, no temporary is left and no manifest changed.
    pub fn stage(&self, manifests: &[PendingManifest]) -> Result<Staged, WriteError> {
        let mut staged = Staged {
            renames: Vec::new(),
            manifests: Vec::new(),
        };
        for manifest in manifests {
            let path = self.data_dir.join(&manifest.relative);
            staged.manifests.push(path.clone());
            if same_bytes(&path, manifest.text.as_bytes()) {
                continue;
            }
            if let Some(dir) = path.parent() {
                let rel = relative_slash(&self.site_root, dir);
                owned_dir(&self.site_root, &rel)?;
            }
            let temp = write_temp(&path, manifest.text.as_bytes()).map_err(io(&path))?;
            staged.renames.push((temp, path));
        }
        Ok(staged)
    }

    /// Stages stable-named files (calendar feeds) first, then the manifests, so that at the
    /// commit every feed a new manifest links to is in place before it. A feed's bytes change
    /// in place (people subscribe to its URL), so it must not be written before the commit.
    pub fn stage_with_files(
        &self,
        files: &[PendingFile],
        manifests: &[PendingManifest],
    ) -> Result<Staged, WriteError> {
        let mut staged = Staged {
            renames: Vec::new(),
            manifests: Vec::new(),
        };
        for file in files {
            let path = self.static_dir.join(&file.relative);
            if same_bytes(&path, file.text.as_bytes()) {
                continue;
            }
            if let Some(dir) = path.parent() {
                owned_dir(&self.site_root, &relative_slash(&self.site_root, dir))?;
            }
            let temp = write_temp(&path, file.text.as_bytes()).map_err(io(&path))?;
            staged.renames.push((temp, path));
        }
        let mut rest = self.stage(manifests)?;
        staged.renames.append(&mut rest.renames);
        staged.manifests.append(&mut rest.manifests);
        Ok(staged)
    }

    /// [`Output::stage`] then [`Staged::publish`].
    pub fn commit(&self, manifests: &[PendingManifest]) -> Result<Committed, WriteError> {
        self.stage(manifests)?.publish()
    }

    /// Removes what the committed manifests do not reference: prep's files under
    /// `static/usergroup/` not in `keep_static` (paths relative to it, `/`-separated, e.g.
    /// `img/ab12-400.webp`), and manifests under `data/usergroup/` other than `manifests`,
    /// then language folders left empty. Files not named like prep's are never removed.
    /// Call only after the commit succeeded. Returns the number of files removed.
    pub fn collect_garbage(
        &self,
        keep_static: &BTreeSet<String>,
        manifests: &[PathBuf],
        owned: Owned,
    ) -> Result<usize, WriteError> {
        let mut removed = 0;
        for (file, kind) in entries_under(&self.static_dir)? {
            let relative = relative_slash(&self.static_dir, &file);
            if kind.is_file()
                && !keep_static.contains(&relative)
                && self.is_owned_name(&file, owned)
            {
                fs::remove_file(&file).map_err(io(&file))?;
                removed += 1;
            }
        }
        for (file, kind) in entries_under(&self.data_dir)? {
            if kind.is_file() && !manifests.contains(&file) && self.is_owned_name(&file, owned) {
                fs::remove_file(&file).map_err(io(&file))?;
                removed += 1;
            }
        }
        remove_empty_dirs(&self.data_dir)?;
        Ok(removed)
    }
}

/// `O_NOFOLLOW` on Linux (the crate has no libc dependency for one constant).
#[cfg(target_os = "linux")]
const O_NOFOLLOW: i32 = 0o400000;

/// Whether `path` is a regular file holding exactly `bytes` (never through a symlink).
fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
        && fs::read(path).is_ok_and(|old| old == bytes)
}

/// `usergroup.<16 hex>.css`.
fn is_stylesheet_name(name: &str) -> bool {
    name.strip_prefix("usergroup.")
        .and_then(|rest| rest.strip_suffix(".css"))
        .is_some_and(|hex| {
            hex.len() == 16 && hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        })
}

/// `<lang>.ics` or `<id>.ics`: a slug (letters, digits, `-`, `_` for language codes).
fn is_feed_name(name: &str) -> bool {
    name.strip_suffix(".ics").is_some_and(|stem| {
        !stem.is_empty()
            && stem
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    })
}

/// A temporary: ours (`.prep-tmp-….tmp`), or the image renderer's of earlier versions
/// (`.<name>.<pid>-<n>.tmp`). No output prep keeps has such a name.
fn is_temporary(name: &str) -> bool {
    let Some(stem) = name.strip_suffix(".tmp") else {
        return false;
    };
    if name.starts_with(TEMP_PREFIX) {
        return true;
    }
    let counters = stem.rsplit('.').next().unwrap_or("");
    name.starts_with('.')
        && counters.split_once('-').is_some_and(|(pid, n)| {
            [pid, n]
                .iter()
                .all(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
        })
}

/// Writes `bytes` to `path` atomically: a fresh temporary beside it, flushed to disk, then a
/// rename over `path`, so a reader (or a crash) never sees a half-written file. A symlink at
/// `path` is replaced, never followed. The one way prep writes a file.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let temp = write_temp(path, bytes)?;
    fs::rename(&temp, path).inspect_err(|_| {
        let _ = fs::remove_file(&temp);
    })
}

/// Writes `bytes` to a fresh temporary beside `path` (created, never opened through an
/// existing name) and flushes it to disk.
pub(crate) fn write_temp(path: &Path, bytes: &[u8]) -> std::io::Result<PathBuf> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // `.tmp` so no tool reading the folder (Hugo's data loader) takes it for a manifest.
    let temp = path.with_file_name(format!(
        "{TEMP_PREFIX}{}-{}-{name}.tmp",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let result = (|| {
        let mut file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()
    })();
    match result {
        Ok(()) => Ok(temp),
        Err(error) => {
            let _ = fs::remove_file(&temp);
            Err(error)
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

/// Every entry under `dir` that is not a folder (files, symlinks, anything else), with its
/// type, recursively, sorted; nothing when `dir` does not exist. Symlinks are listed, never
/// followed.
fn entries_under(dir: &Path) -> Result<Vec<(PathBuf, fs::FileType)>, WriteError> {
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
                out.push((entry.path(), kind));
            }
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

/// Every file under `dir`, recursively, sorted; nothing when `dir` does not exist.
/// Symlinks are listed, never followed.
pub fn files_under(dir: &Path) -> Result<Vec<PathBuf>, WriteError> {
    Ok(entries_under(dir)?.into_iter().map(|(p, _)| p).collect())
}

/// Removes empty folders under `dir` (not `dir` itself), deepest first; never follows a
/// symlink.
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

    /// Test names: images end in `.webp`, cache entries in `.json`.
    const OWNED: Owned = Owned {
        image_file: |n| n.ends_with(".webp"),
        cache_entry: |n| n.ends_with(".json"),
    };

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
        let manifests = [
            pending("zh/user-group.json", "{}\n"),
            pending("en/user-group.json", "[]\n"),
        ];
        let done = out.commit(&manifests).expect("commits");
        assert_eq!(done.changed, 2);
        assert_eq!(
            fs::read_to_string(tmp.path().join("data/usergroup/en/user-group.json")).expect("read"),
            "[]\n"
        );
        let files = files_under(&out.data_dir).expect("list");
        assert_eq!(files.len(), 2, "{files:?}");
        // Same bytes again: nothing to rename.
        let again = out.commit(&manifests).expect("commits");
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
        assert!(matches!(error, WriteError::NotOwned { .. }), "{error}");
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
            "img/notes.txt",
            "css/usergroup.1111111111111111.css",
            "css/usergroup.2222222222222222.css",
            "mine/kept.webp",
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
        fs::write(out.data_dir.join("notes.json"), "not a manifest").expect("write");
        let keep: BTreeSet<String> = ["img/a-400.webp", "css/usergroup.2222222222222222.css"]
            .into_iter()
            .map(String::from)
            .collect();
        let removed = out
            .collect_garbage(&keep, &done.manifests, OWNED)
            .expect("gc");
        assert_eq!(removed, 3, "only prep's names are removed");
        let left: Vec<String> = files_under(tmp.path())
            .expect("list")
            .iter()
            .map(|p| relative_slash(tmp.path(), p))
            .collect();
        assert_eq!(
            left,
            [
                "data/usergroup/notes.json",
                "data/usergroup/zh/user-group.json",
                "static/usergroup/css/usergroup.2222222222222222.css",
                "static/usergroup/img/a-400.webp",
                "static/usergroup/img/notes.txt",
                "static/usergroup/mine/kept.webp",
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
    fn strangers_and_symlinks_in_owned_folders_are_found() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let out = Output::new(tmp.path());
        out.prepare().expect("prepare");
        for rel in [
            "data/usergroup/zh/user-group.json",
            "static/usergroup/img/a-400.webp",
            "static/usergroup/css/usergroup.0123456789abcdef.css",
            ".usergroup-cache/images/a.json",
            ".usergroup-cache/lock",
            "static/usergroup/img/.prep-tmp-1-0-a-400.webp.tmp",
        ] {
            let path = tmp.path().join(rel);
            fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            fs::write(path, "x").expect("write");
        }
        assert!(out.unowned(OWNED).expect("scan").is_none());
        for (stranger, what) in [
            (
                "static/usergroup/img/photo.png",
                "a file prep did not create",
            ),
            ("static/usergroup/robots.txt", "a file prep did not create"),
            ("data/usergroup/hand.json", "a file prep did not create"),
            (".usergroup-cache/notes", "a file prep did not create"),
        ] {
            let path = tmp.path().join(stranger);
            fs::write(&path, "x").expect("write");
            match out.unowned(OWNED).expect("scan") {
                Some(WriteError::NotOwned {
                    path: p, what: w, ..
                }) => {
                    assert_eq!((p, w.as_str()), (path.clone(), what));
                }
                other => panic!("{stranger}: {other:?}"),
            }
            fs::remove_file(&path).expect("remove");
        }
        #[cfg(unix)]
        {
            let link = out.img_dir.join("b-400.webp");
            std::os::unix::fs::symlink("/etc/hostname", &link).expect("symlink");
            assert!(matches!(
                out.unowned(OWNED).expect("scan"),
                Some(WriteError::NotOwned { what, .. }) if what == "a symlink"
            ));
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_symlinked_lock_is_refused_and_its_target_untouched() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let outside = tempfile::tempdir().expect("tempdir");
        let target = outside.path().join("precious");
        fs::write(&target, "keep me").expect("write");
        let out = Output::new(tmp.path());
        fs::create_dir_all(&out.cache_dir).expect("mkdir");
        std::os::unix::fs::symlink(&target, out.cache_dir.join("lock")).expect("symlink");
        assert!(matches!(out.lock(), Err(WriteError::NotOwned { .. })));
        assert_eq!(fs::read_to_string(&target).expect("read"), "keep me");
    }

    #[test]
    fn a_failed_build_removes_what_it_added() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let out = Output::new(tmp.path());
        out.prepare().expect("prepare");
        fs::write(out.img_dir.join("old-400.webp"), "old").expect("write");
        let before = out.static_files().expect("list");
        fs::write(out.img_dir.join("new-400.webp"), "new").expect("write");
        out.write_content_addressed(&out.css_dir, "usergroup.0123456789abcdef.css", b"css")
            .expect("write");
        assert_eq!(out.remove_added(&before).expect("remove"), 2);
        assert_eq!(out.static_files().expect("list"), before);
    }

    #[test]
    fn temporary_names() {
        for temp in [".prep-tmp-1-0-a.json.tmp", ".abc-400.webp.4242-0.tmp"] {
            assert!(is_temporary(temp), "{temp}");
        }
        for kept in [
            "a.tmp",
            ".a.tmp",
            ".prep-tmp-1",
            ".x.12-a.tmp",
            "a-400.webp",
        ] {
            assert!(!is_temporary(kept), "{kept}");
        }
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
