//! `prep build` as people run it: what it prints when piped, `--quiet`, `--format json`,
//! and its exit codes. Works on a copy of the example site under Cargo's scratch folder,
//! with the repo root as the theme.

use std::ffi::OsStr;
use std::path::Path;
use std::process::Output;

mod support;
use support::{code, prep, root, site_copy};

/// Runs `prep build <site> --theme <repo> <extra…>` with stdout and stderr piped.
fn prep_build(site: &Path, extra: &[&str]) -> Output {
    let root = root();
    let args = [
        OsStr::new("build"),
        site.as_os_str(),
        "--theme".as_ref(),
        root.as_os_str(),
    ];
    // From the test's own folder, as cargo runs it: only the site and theme are the repo's.
    prep(
        args.into_iter().chain(extra.iter().map(OsStr::new)),
        Path::new("."),
    )
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn piped_it_prints_diagnostics_and_one_summary_line() {
    let site = site_copy("summary");
    // Denied warnings first: nothing may be written.
    let denied = prep_build(&site, &["--deny-warnings"]);
    assert_eq!(code(&denied), 1, "{}", stderr(&denied));
    assert!(
        stderr(&denied).contains("nothing was written"),
        "{}",
        stderr(&denied)
    );
    assert!(!site.join("data/usergroup").exists());

    let cold = prep_build(&site, &[]);
    assert_eq!(code(&cold), 0, "{}", stderr(&cold));
    assert!(cold.stdout.is_empty(), "human output goes to stderr only");
    let text = stderr(&cold);
    let summary = text.lines().last().expect("a summary line");
    assert!(
        summary.starts_with("prep: built zh, en: ")
            && summary.contains(" rendered, 0 cached), 1 stylesheet, 2 manifests"),
        "{summary}"
    );
    assert!(
        !text.contains('\r'),
        "no progress bar when stderr is not a terminal"
    );
    assert!(site.join("data/usergroup/zh/user-group.json").is_file());

    let quiet = prep_build(&site, &["--quiet"]);
    assert_eq!(code(&quiet), 0);
    assert!(quiet.stderr.is_empty(), "{}", stderr(&quiet));
    assert!(quiet.stdout.is_empty());

    let json = prep_build(&site, &["--format", "json"]);
    assert_eq!(code(&json), 0);
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).expect("stdout is JSON");
    assert!(doc["diagnostics"].is_array(), "{doc}");
    let warm = stderr(&json);
    assert!(
        warm.trim_end().ends_with(" ms") && warm.contains("(0 rendered, "),
        "a warm build renders nothing: {warm}"
    );
}

#[test]
fn content_errors_exit_1_and_io_problems_exit_2() {
    let site = site_copy("errors");
    let index = site.join("content/zh/user-group/_index.md");
    let text = std::fs::read_to_string(&index).expect("read");
    std::fs::write(&index, text.replacen("title:", "title: [", 1)).expect("write");
    let invalid = prep_build(&site, &[]);
    assert_eq!(code(&invalid), 1, "{}", stderr(&invalid));
    assert!(stderr(&invalid).contains("content/zh/user-group/_index.md:"));
    assert!(!site.join("data/usergroup").exists() && !site.join("static/usergroup").exists());

    let missing = prep_build(&site.join("no-such-site"), &[]);
    assert_eq!(code(&missing), 2, "{}", stderr(&missing));
}

#[cfg(unix)]
#[test]
fn a_symlinked_output_folder_exits_1_with_e0004_and_writes_nothing_there() {
    let site = site_copy("symlinked-output");
    let outside = site.with_file_name("symlinked-output-elsewhere");
    let _ = std::fs::remove_dir_all(&outside);
    std::fs::create_dir_all(&outside).expect("mkdir");
    std::fs::create_dir_all(site.join("static")).expect("mkdir");
    std::os::unix::fs::symlink(&outside, site.join("static/usergroup")).expect("symlink");
    let out = prep_build(&site, &[]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let text = stderr(&out);
    assert!(
        text.contains("E0004") && text.contains("static/usergroup"),
        "{text}"
    );
    assert_eq!(
        std::fs::read_dir(&outside).expect("read").count(),
        0,
        "nothing written through the link"
    );
}
