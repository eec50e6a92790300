//! The adversarial corpus, `fixtures/hostile/<case>/`: one small site per attack a pull
//! request can make on prep. Each case's `EXPECT` names the code and the place
//! (`E0111 content/zh/user-group/_index.md:3:23`). For every case, on a scratch copy, both
//! `prep check` and `prep build` exit 1 with that finding at that place, the build writes
//! nothing, and nothing beside the site changes.
//!
//! Cases whose `EXPECT` is a code alone are overlays on `fixtures/invalid/_base` whose attack
//! needs a symlink (which git cannot carry portably): `tests/hostile_paths.rs` runs them.
//! SVG cases are files under `fixtures/hostile/svg/`, checked by the image tests.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

mod support;
use support::{cases, code, prep, root};

/// Every file under `dir` with its bytes (empty when `dir` does not exist).
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.insert(path.clone(), std::fs::read(&path).unwrap_or_default());
            }
        }
    }
    out
}

fn copy_dir(from: &Path, to: &Path) {
    for (path, bytes) in snapshot(from) {
        let dest = to.join(path.strip_prefix(from).expect("under from"));
        std::fs::create_dir_all(dest.parent().expect("has a parent")).expect("mkdir");
        std::fs::write(dest, bytes).expect("write");
    }
}

/// A scratch copy of a case: the site, the fixtures' shared images in its `static/`, and a
/// sibling folder whose contents must survive whatever prep does.
fn scratch(case: &Path) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let site = tmp.path().join("site");
    copy_dir(case, &site);
    copy_dir(
        &root().join("fixtures/invalid/_shared/static"),
        &site.join("static"),
    );
    let outside = tmp.path().join("outside");
    std::fs::create_dir_all(&outside).expect("mkdir");
    std::fs::write(outside.join("keep.txt"), "SECRET-OUTSIDE-THE-SITE\n").expect("write");
    (tmp, site, outside)
}

fn run(verb: &str, site: &Path) -> (i32, serde_json::Value) {
    let root = root();
    let args = [verb, "--format", "json", "--theme"].map(OsStr::new);
    let out = prep(
        args.into_iter().chain([root.as_os_str(), site.as_os_str()]),
        Path::new("."),
    );
    let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{verb} {}: no JSON ({e}): {}",
            site.display(),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (code(&out), json)
}

#[test]
fn every_hostile_case_is_refused_by_check_and_build_at_its_place() {
    let mut sites = 0;
    for (case, expect) in cases(&root().join("fixtures/hostile")) {
        // Whole sites name a place; the overlays (`EXPECT` is a code alone) need symlinks
        // made at test time and are run by tests/hostile_paths.rs.
        let Some((code, place)) = expect.trim().split_once(' ') else {
            continue;
        };
        if !case.join("hugo.toml").is_file() {
            continue; // a folder of files (svg/, images/), not a site
        }
        let name = case
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let (_tmp, site, outside) = scratch(&case);
        let before = snapshot(&site);
        let outside_before = snapshot(&outside);
        for verb in ["check", "build"] {
            let (status, json) = run(verb, &site);
            assert_eq!(status, 1, "{name}: prep {verb} exit status; {json:#}");
            let found = json["diagnostics"]
                .as_array()
                .expect("diagnostics")
                .iter()
                .any(|d| {
                    d["code"] == code
                        && format!(
                            "{}:{}:{}",
                            d["file"].as_str().unwrap_or(""),
                            d["line"],
                            d["column"]
                        ) == place
                });
            assert!(
                found,
                "{name}: prep {verb} has no {code} at {place}: {json:#}"
            );
            let text = json.to_string();
            assert!(
                !text.contains("SECRET-OUTSIDE"),
                "{name}: {verb} printed an outside file"
            );
        }
        assert_eq!(
            snapshot(&site),
            before,
            "{name}: a refused build wrote nothing"
        );
        assert_eq!(
            snapshot(&outside),
            outside_before,
            "{name}: nothing beside the site changed"
        );
        sites += 1;
    }
    assert!(sites >= 10, "only {sites} hostile cases found");
}
