//! The one place that turns a path prep reads or writes into a real path on disk.
//!
//! prep runs on strangers' pull requests, so every path comes from input: a content file, a
//! folder named in `hugo.toml`, an image written in front matter, an SCSS import, and even
//! prep's own output folders (a pull request can commit a symlink where one of them goes).
//! Every such path is resolved here, after following symlinks, against the site root (or the
//! theme folder, for reads), and anything that would leave it is refused.
//!
//! Writes are stricter than reads: prep never follows a symlink on the way to a folder it
//! owns ([`crate::layout::OWNED_DIRS`]), so it can neither write nor delete outside them.

use std::fs;
use std::path::{Component, Path, PathBuf};

/// A folder prep reads from (the site root, the theme folder, a stylesheet folder), with its
/// symlinks resolved once; every path read through it resolves inside it or is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadRoot {
    dir: PathBuf,
}

/// Why a path cannot be read through a [`ReadRoot`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReadError {
    /// After following symlinks (and `..`), the path is outside the root. `target` is where
    /// it leads; nothing there was opened.
    #[error("{}: resolves outside {}, to {}", path.display(), root.display(), target.display())]
    Outside {
        /// The path as given.
        path: PathBuf,
        /// The root it must stay in.
        root: PathBuf,
        /// Where it leads.
        target: PathBuf,
    },
    /// Nothing is there (or a symlink dangles).
    #[error("{}: not found", path.display())]
    Missing {
        /// The path as given.
        path: PathBuf,
    },
    /// Resolving or reading failed for another reason.
    #[error("{}: {source}", path.display())]
    Io {
        /// The path as given.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
}

impl ReadRoot {
    /// The root `dir`, canonicalised (the root itself may be a symlink).
    pub fn new(dir: &Path) -> Result<Self, ReadError> {
        match fs::canonicalize(dir) {
            Ok(dir) => Ok(ReadRoot { dir }),
            Err(source) => Err(io_error(dir, source)),
        }
    }

    /// The canonical folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Whether the canonical path `path` is this root or inside it.
    pub fn contains(&self, path: &Path) -> bool {
        path.starts_with(&self.dir)
    }

    /// The canonical path of `rel` (relative to the root; an absolute path is taken as it
    /// is), refused unless it resolves inside the root. Symlinks and `..` are followed the
    /// way the OS follows them, so the check is on the file that would be opened.
    pub fn resolve(&self, rel: impl AsRef<Path>) -> Result<PathBuf, ReadError> {
        let rel = rel.as_ref();
        let joined = self.dir.join(rel);
        let target = fs::canonicalize(&joined).map_err(|source| io_error(rel, source))?;
        if self.contains(&target) {
            Ok(target)
        } else {
            Err(ReadError::Outside {
                path: rel.to_path_buf(),
                root: self.dir.clone(),
                target,
            })
        }
    }

    /// The bytes of the file `rel`, refused unless it resolves inside the root. The file is
    /// opened by its resolved path, so what is read is what was checked.
    pub fn read(&self, rel: impl AsRef<Path>) -> Result<Vec<u8>, ReadError> {
        let rel = rel.as_ref();
        let path = self.resolve(rel)?;
        fs::read(&path).map_err(|source| io_error(rel, source))
    }
}

fn io_error(path: &Path, source: std::io::Error) -> ReadError {
    if source.kind() == std::io::ErrorKind::NotFound {
        ReadError::Missing {
            path: path.to_path_buf(),
        }
    } else {
        ReadError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// Why a folder prep writes to cannot be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum OwnedDirError {
    /// A component of the path is a symlink, or not a folder.
    #[error("{}: prep writes here, but it is {what}; delete it and run prep again (prep never follows a symlink into a folder it owns)", path.display())]
    NotOwned {
        /// The offending path.
        path: PathBuf,
        /// "a symlink", "a file", …
        what: &'static str,
    },
    /// The path is absolute or has `..`: a programming error, never input.
    #[error("{}: not a plain relative path", path.display())]
    NotRelative {
        /// The path given.
        path: PathBuf,
    },
    /// Creating a folder failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The folder.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
}

/// The folder `rel` (relative, `/`-separated) under `site_root`, created if missing, with
/// every component below the site root checked to be a real folder and not a symlink.
///
/// The site root itself may be a symlink (people keep sites in linked folders); nothing
/// inside it may be.
pub fn owned_dir(site_root: &Path, rel: &str) -> Result<PathBuf, OwnedDirError> {
    let mut path = site_root.to_path_buf();
    for component in Path::new(rel).components() {
        let Component::Normal(name) = component else {
            return Err(OwnedDirError::NotRelative { path: rel.into() });
        };
        path.push(name);
        match fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                return Err(OwnedDirError::NotOwned {
                    path,
                    what: "a symlink",
                })
            }
            Ok(meta) if !meta.is_dir() => {
                return Err(OwnedDirError::NotOwned {
                    path,
                    what: "not a folder",
                })
            }
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                // create_dir (not create_dir_all): it fails rather than follow a symlink
                // that appeared meanwhile.
                match fs::create_dir(&path) {
                    Ok(()) => {}
                    Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                        return owned_dir(site_root, rel)
                    }
                    Err(source) => return Err(OwnedDirError::Io { path, source }),
                }
            }
            Err(source) => return Err(OwnedDirError::Io { path, source }),
        }
    }
    Ok(path)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[cfg(unix)]
    fn tree() -> (tempfile::TempDir, PathBuf, PathBuf) {
        use std::os::unix::fs::symlink;
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        let outside = tmp.path().join("outside");
        fs::create_dir_all(root.join("a/b")).unwrap();
        fs::create_dir_all(&outside).unwrap();
        fs::write(root.join("a/b/f.md"), "inside").unwrap();
        fs::write(root.join("g.md"), "inside").unwrap();
        fs::write(outside.join("f.md"), "SECRET").unwrap();
        fs::write(tmp.path().join("f.md"), "SECRET").unwrap();
        symlink(&outside, root.join("out")).unwrap();
        symlink("../../..", root.join("a/b/up3")).unwrap();
        symlink("..", root.join("a/up1")).unwrap();
        symlink("a/b", root.join("in")).unwrap();
        symlink(outside.join("f.md"), root.join("a/file-out.md")).unwrap();
        (tmp, root, outside)
    }

    #[cfg(unix)]
    #[test]
    fn reads_inside_and_refuses_symlinks_and_dotdot_that_leave() {
        let (_tmp, root, _outside) = tree();
        let r = ReadRoot::new(&root).unwrap();
        assert_eq!(r.read("a/b/f.md").unwrap(), b"inside");
        assert_eq!(r.read("in/f.md").unwrap(), b"inside");
        assert_eq!(r.read("a/up1/g.md").unwrap(), b"inside");
        assert_eq!(r.read("a/b/../../g.md").unwrap(), b"inside");
        for escape in [
            "out/f.md",
            "a/file-out.md",
            "../f.md",
            "a/b/up3/f.md",
            "/etc/hostname",
        ] {
            let err = r.read(escape).unwrap_err();
            assert!(
                matches!(err, ReadError::Outside { .. } | ReadError::Missing { .. }),
                "{escape}: {err}"
            );
            assert!(!err.to_string().contains("SECRET"));
        }
        assert!(matches!(r.read("out/f.md"), Err(ReadError::Outside { .. })));
        assert!(matches!(r.read("nope.md"), Err(ReadError::Missing { .. })));
    }

    #[cfg(unix)]
    proptest::proptest! {
        /// Whatever relative path a pull request writes (`..`, `.`, empty components,
        /// symlinks in and out of the site), a path that resolves is inside the root.
        #[test]
        fn a_resolved_path_never_leaves_the_root(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "..", ".", "", "a", "b", "f.md", "g.md", "out", "up1", "up3", "in",
                    "file-out.md", "site",
                ]),
                0..8,
            ),
            absolute in proptest::bool::ANY,
        ) {
            let (tmp, root, _outside) = tree();
            let r = ReadRoot::new(&root).unwrap();
            let mut rel = parts.join("/");
            if absolute {
                rel = format!("{}/{rel}", tmp.path().display());
            }
            if let Ok(path) = r.resolve(&rel) {
                proptest::prop_assert!(path.starts_with(r.dir()), "{rel} -> {}", path.display());
                proptest::prop_assert!(path.starts_with(root.canonicalize().unwrap()));
            }
            if let Ok(bytes) = r.read(&rel) {
                proptest::prop_assert_eq!(bytes, b"inside".to_vec());
            }
        }
    }

    #[test]
    fn creates_nested_folders() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = owned_dir(tmp.path(), "static/usergroup/img").unwrap();
        assert!(dir.is_dir());
        assert_eq!(dir, tmp.path().join("static/usergroup/img"));
        owned_dir(tmp.path(), "static/usergroup/img").unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn refuses_a_symlink_anywhere_below_the_root() {
        let tmp = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        fs::create_dir(tmp.path().join("static")).unwrap();
        std::os::unix::fs::symlink(outside.path(), tmp.path().join("static/usergroup")).unwrap();
        let err = owned_dir(tmp.path(), "static/usergroup/img").unwrap_err();
        assert!(
            matches!(
                err,
                OwnedDirError::NotOwned {
                    what: "a symlink",
                    ..
                }
            ),
            "{err}"
        );
        assert_eq!(fs::read_dir(outside.path()).unwrap().count(), 0);
        fs::remove_file(tmp.path().join("static/usergroup")).unwrap();
        std::os::unix::fs::symlink(outside.path(), tmp.path().join("data")).unwrap();
        assert!(owned_dir(tmp.path(), "data/usergroup").is_err());
    }
}
