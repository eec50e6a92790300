//! Writing a checked [`Plan`]: every file staged first, then all renamed into place.
//!
//! Each file is written to a temporary beside it ([`crate::write::write_temp`]) and renamed
//! over its name, so no reader sees half a file; all temporaries are written before the first
//! rename, so a failure while staging (a full disk, a folder that is a symlink) changes
//! nothing. Folders are created through [`crate::sandbox::owned_dir`], which never follows a
//! symlink, so a path can neither leave the site nor write through a link in it. A file that
//! changed since the plan read it, or a new file's name that got taken, stops the write.

use std::fs;
use std::path::PathBuf;

use super::{folder_of, Change, Error, Plan};
use crate::sandbox::{owned_dir, OwnedDirError};
use crate::write::write_temp;

impl Plan {
    /// Writes every change: all or, when staging fails, none.
    pub fn write(&self) -> Result<(), Error> {
        let mut staged: Vec<(PathBuf, PathBuf)> = Vec::new();
        if let Err(error) = self.stage(&mut staged) {
            for (temp, _) in &staged {
                let _ = fs::remove_file(temp);
            }
            return Err(error);
        }
        for (index, (temp, target)) in staged.iter().enumerate() {
            if let Err(source) = fs::rename(temp, target) {
                for (temp, _) in &staged[index..] {
                    let _ = fs::remove_file(temp);
                }
                return Err(Error::Io {
                    path: target.clone(),
                    source,
                });
            }
        }
        Ok(())
    }

    fn stage(&self, staged: &mut Vec<(PathBuf, PathBuf)>) -> Result<(), Error> {
        for change in &self.changes {
            let file = change.file();
            let dir = owned_dir(&self.site_root, folder_of(file)).map_err(unsafe_dir)?;
            let name = file.rsplit('/').next().unwrap_or(file);
            let target = dir.join(name);
            let bytes = match change {
                Change::Create { bytes, .. } => {
                    if fs::symlink_metadata(&target).is_ok() {
                        return Err(Error::Io {
                            path: target,
                            source: std::io::ErrorKind::AlreadyExists.into(),
                        });
                    }
                    bytes.as_slice()
                }
                Change::Edit { before, after, .. } => {
                    unchanged(&target, before)?;
                    after.as_bytes()
                }
            };
            let temp = write_temp(&target, bytes).map_err(|source| Error::Io {
                path: target.clone(),
                source,
            })?;
            staged.push((temp, target));
        }
        Ok(())
    }
}

/// Refuses to replace `target` unless it is a plain file still holding `before`.
fn unchanged(target: &PathBuf, before: &str) -> Result<(), Error> {
    let io = |source| Error::Io {
        path: target.clone(),
        source,
    };
    let meta = fs::symlink_metadata(target).map_err(io)?;
    if !meta.is_file() {
        return Err(io(std::io::Error::other(
            "not a plain file (a symlink?); prep edits only plain files",
        )));
    }
    let now = fs::read(target).map_err(io)?;
    if now != before.as_bytes() {
        return Err(io(std::io::Error::other(
            "changed while prep was working; run the command again",
        )));
    }
    Ok(())
}

/// The scaffold's words for a folder it cannot write into: unlike prep's output folders, these
/// hold the person's own files, so the advice is not to delete it.
fn unsafe_dir(error: OwnedDirError) -> Error {
    match error {
        OwnedDirError::NotOwned { path, what } => Error::Unsafe { path, what },
        OwnedDirError::NotRelative { path } => Error::Unsafe {
            path,
            what: "not a plain path inside the site",
        },
        OwnedDirError::Io { path, source } => Error::Io { path, source },
    }
}
