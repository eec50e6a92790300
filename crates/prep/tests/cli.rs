//! The `prep` binary: exit codes, formats, and the default site.

use std::path::{Path, PathBuf};

mod support;
use support::{cases, code, prep, root};

#[test]
fn valid_site_exits_0() {
    let out = prep(["check", "fixtures/invalid/_base"], &root());
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no problems found"));
}

#[test]
fn every_invalid_fixture_exits_1_in_both_formats() {
    let cases = cases(&root().join("fixtures/invalid"));
    for (site, expect) in &cases {
        let site = site.to_string_lossy().into_owned();
        let warning = expect.trim().starts_with('W');
        let mut args = vec!["check", site.as_str()];
        if warning {
            let out = prep(&args, &root());
            assert_eq!(code(&out), 0, "{site}: warnings alone must exit 0");
            args.push("--deny-warnings");
        }
        let human = prep(&args, &root());
        assert_eq!(
            code(&human),
            1,
            "{site}: {}",
            String::from_utf8_lossy(&human.stderr)
        );
        let stderr = String::from_utf8_lossy(&human.stderr);
        assert!(stderr.contains(expect.trim()), "{site}: {stderr}");
        assert!(
            !stderr.contains("\x1b["),
            "no colour when stderr is not a terminal"
        );
        args.extend(["--format", "json"]);
        let json = prep(&args, &root());
        assert_eq!(code(&json), 1, "{site}");
        let doc: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON on stdout");
        let first = &doc["diagnostics"][0];
        assert!(
            first["line"].as_u64().unwrap_or(0) > 0 && first["column"].as_u64().unwrap_or(0) > 0,
            "{site}: {doc}"
        );
    }
    assert!(cases.len() >= 20, "only {} invalid fixtures", cases.len());
}

/// `--format github` and `--format sarif` say what `--format json` says, one workflow command
/// (or SARIF result) a finding, at the same place, with paths from where prep runs.
#[test]
fn review_formats_place_every_finding_where_json_does() {
    let site = "fixtures/invalid/duplicate-city-id";
    let run = |format: &str| {
        let out = prep(["check", site, "--format", format], &root());
        assert_eq!(code(&out), 1, "{format}");
        String::from_utf8(out.stdout).expect("UTF-8")
    };
    let json: serde_json::Value = serde_json::from_str(&run("json")).expect("JSON");
    let expected: Vec<String> = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            format!(
                "{site}/{}:{}:{}:{}",
                d["file"].as_str().expect("file"),
                d["line"],
                d["column"],
                d["code"].as_str().expect("code")
            )
        })
        .collect();
    assert!(!expected.is_empty());

    let github: Vec<String> = run("github")
        .lines()
        .map(|line| {
            let properties = line
                .strip_prefix("::error ")
                .or_else(|| line.strip_prefix("::warning "))
                .unwrap_or_else(|| panic!("not a workflow command: {line}"))
                .split("::")
                .next()
                .expect("properties");
            let get = |key: &str| {
                properties
                    .split(',')
                    .find_map(|p| p.strip_prefix(&format!("{key}=")))
                    .unwrap_or_else(|| panic!("no {key} in {line}"))
            };
            let title = get("title");
            format!(
                "{}:{}:{}:{}",
                get("file"),
                get("line"),
                get("col"),
                &title[..5]
            )
        })
        .collect();
    assert_eq!(github, expected);

    let sarif: serde_json::Value = serde_json::from_str(&run("sarif")).expect("SARIF is JSON");
    assert_eq!(sarif["version"], "2.1.0");
    let results: Vec<String> = sarif["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| {
            let place = &r["locations"][0]["physicalLocation"];
            format!(
                "{}:{}:{}:{}",
                place["artifactLocation"]["uri"].as_str().expect("uri"),
                place["region"]["startLine"],
                place["region"]["startColumn"],
                r["ruleId"].as_str().expect("ruleId")
            )
        })
        .collect();
    assert_eq!(results, expected);
}

#[test]
fn usage_and_io_failures_exit_2() {
    let out = prep(["check", "no/such/site"], &root());
    assert_eq!(code(&out), 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("no such folder"));
    // A fresh empty folder: the machine's temp folder itself may hold anything, a hugo.toml
    // included, which would make this test pass or fail by accident.
    let empty = tempfile::tempdir().expect("tempdir");
    let out = prep(["check", &empty.path().to_string_lossy()], &root());
    assert_eq!(code(&out), 2, "a folder without hugo.toml");
    assert!(String::from_utf8_lossy(&out.stderr).contains("no hugo.toml"));
    let out = prep(
        ["check", "--format", "xml", "fixtures/invalid/_base"],
        &root(),
    );
    assert_eq!(code(&out), 2, "bad option");
}

#[test]
fn no_site_outside_the_repo_is_a_usage_error() {
    let tmp = tempfile_dir();
    let out = prep(["check"], &tmp);
    assert_eq!(code(&out), 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("fixtures/sites/kubesphere"));
    let _ = std::fs::remove_dir(&tmp);
}

#[test]
fn no_site_inside_the_repo_checks_the_example_site() {
    let out = prep(["check", "--format", "json"], &root().join("crates"));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    assert_eq!(code(&out), 0, "{doc}");
    let files: Vec<&str> = doc["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|d| d["file"].as_str())
        .collect();
    assert!(files.contains(&"content/zh/user-group/_index.md"), "{doc}");
}

#[test]
fn help_explains_check() {
    let out = prep(["--help"], &root());
    assert_eq!(code(&out), 0);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("check") && text.contains("Exit status"),
        "{text}"
    );
}

/// A fresh empty folder outside the repository.
fn tempfile_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("prep-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// Every file under `dir` with its size and modification time.
fn listing(dir: &Path, out: &mut Vec<(PathBuf, u64, std::time::SystemTime)>) {
    for entry in std::fs::read_dir(dir).expect("read dir") {
        let path = entry.expect("entry").path();
        let meta = std::fs::symlink_metadata(&path).expect("metadata");
        if meta.is_dir() {
            listing(&path, out);
        } else {
            out.push((path, meta.len(), meta.modified().expect("mtime")));
        }
    }
}

#[test]
fn check_writes_nothing() {
    let site = root().join("fixtures/invalid/_base");
    let mut before = Vec::new();
    listing(&site, &mut before);
    before.sort();
    for format in ["human", "json"] {
        let out = prep(
            ["check", "--format", format, &site.to_string_lossy()],
            &root(),
        );
        assert_eq!(code(&out), 0);
    }
    let mut after = Vec::new();
    listing(&site, &mut after);
    after.sort();
    assert_eq!(before, after);
}
