//! What the CLI tests share: the repository, running the real `prep` binary, and the fixture
//! cases with their `EXPECT` files.

// Each test binary compiles this module and uses only part of it.
#![allow(dead_code)]

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root (the theme, and where `fixtures/` is).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Runs the `prep` binary in `cwd` with stdout and stderr captured.
pub fn prep<I, S>(args: I, cwd: &Path) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    Command::new(env!("CARGO_BIN_EXE_prep"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("run prep")
}

/// The exit status of a run that was not killed by a signal.
pub fn code(out: &Output) -> i32 {
    out.status.code().expect("prep exited normally")
}

/// The folders of `dir` that hold an `EXPECT` file, each with that file's text, in name
/// order (a folder without one, such as `_base` or `_shared`, is not a case).
pub fn cases(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut cases: Vec<(PathBuf, String)> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|entry| {
            let case = entry.expect("entry").path();
            let expect = std::fs::read_to_string(case.join("EXPECT")).ok()?;
            Some((case, expect))
        })
        .collect();
    cases.sort();
    cases
}

/// A fresh copy of the example site's sources, named after the test.
pub fn site_copy(name: &str) -> PathBuf {
    fn copy(from: &Path, to: &Path, rel: &Path) {
        std::fs::create_dir_all(to).expect("mkdir");
        for entry in std::fs::read_dir(from).expect("read_dir") {
            let entry = entry.expect("entry");
            let name = entry.file_name();
            // Outputs of prep and Hugo, if someone built the fixture in place.
            let generated = [
                "data/usergroup",
                "static/usergroup",
                ".usergroup-cache",
                "public",
                "resources",
            ];
            if generated.iter().any(|g| rel.join(&name) == Path::new(g)) {
                continue;
            }
            if entry.file_type().expect("type").is_dir() {
                copy(&entry.path(), &to.join(&name), &rel.join(&name));
            } else {
                std::fs::copy(entry.path(), to.join(&name)).expect("copy");
            }
        }
    }
    let dest = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("site-copies")
        .join(name);
    let _ = std::fs::remove_dir_all(&dest);
    copy(
        &root().join("fixtures/sites/kubesphere"),
        &dest,
        Path::new(""),
    );
    dest
}
