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

/// Why a folder prep writes to cannot be used.
#[derive(Debug, thiserror::Error)]
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
