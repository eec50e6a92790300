//! The review formats (`--format github`, `--format sarif`) of one invalid fixture as
//! snapshots, read like code, and the SARIF log validated against the SARIF 2.1.0 JSON
//! Schema (`tests/data/sarif-schema-2.1.0.json`) by an independent validator: Python's
//! `jsonschema`, which `scripts/install-tools` puts in `.tools/venv` (missing is a failure).

mod support;

use std::io::Write;
use std::process::{Command, Stdio};

use usergroup::diagnostic::{render_github, render_sarif};
use usergroup::{check, CheckOptions};

/// The fixture, as a path from the repository root (where a workflow runs prep).
const SITE: &str = "fixtures/invalid/duplicate-city-id";

fn findings() -> Vec<usergroup::diagnostic::Diagnostic> {
    let mut options = CheckOptions::default();
    options.today = Some(support::test_date());
    let checked = check(&support::repo_root().join(SITE), &options).expect("check runs");
    assert!(checked.has_errors(), "the fixture is invalid");
    checked.diagnostics
}

#[test]
fn github_workflow_commands() {
    insta::assert_snapshot!("github", render_github(&findings(), &format!("{SITE}/")));
}

#[test]
fn sarif_log_matches_its_snapshot_and_the_sarif_schema() {
    let log = render_sarif(&findings(), &format!("{SITE}/"));
    insta::assert_snapshot!("sarif", log);
    validate_sarif(&log);
    // The validator is not a rubber stamp: a log without its required `version` fails.
    let mut broken: serde_json::Value = serde_json::from_str(&log).expect("JSON");
    broken.as_object_mut().expect("object").remove("version");
    let out = run_validator(&broken.to_string());
    assert!(
        !out.status.success(),
        "a log without `version` must not validate"
    );
}

fn validate_sarif(log: &str) {
    let out = run_validator(log);
    assert!(
        out.status.success(),
        "the SARIF log does not validate against SARIF 2.1.0:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Runs Draft 4 validation (the schema's own draft) of `log` on stdin.
fn run_validator(log: &str) -> std::process::Output {
    let python = support::repo_root().join(".tools/venv/bin/python");
    assert!(
        python.is_file(),
        "{} not found: run scripts/install-tools",
        python.display()
    );
    let schema = support::repo_root().join("tests/data/sarif-schema-2.1.0.json");
    let script = "import json, sys, jsonschema\n\
                  schema = json.load(open(sys.argv[1], encoding='utf-8'))\n\
                  jsonschema.Draft4Validator(schema).validate(json.load(sys.stdin))\n";
    let mut child = Command::new(&python)
        .args(["-c", script])
        .arg(&schema)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(log.as_bytes())
        .expect("write the log");
    child.wait_with_output().expect("python finishes")
}
