//! Every `fixtures/invalid/<case>/` through `usergroup::check`: a snapshot of its human and
//! JSON diagnostics, and the rule it breaks (its `EXPECT` file names the code) must fire.
//!
//! This file holds only the `glob!` test: insta counts another snapshot test's failures as
//! the glob's own when they share a binary (ARCHITECTURE.md, "Known traps").

use usergroup::diagnostic::{render_human, render_json};
use usergroup::{check, CheckOptions};

#[test]
fn invalid_fixtures() {
    insta::glob!("../fixtures/invalid", "*/EXPECT", |expect_file| {
        let site = expect_file
            .parent()
            .expect("EXPECT is inside its case folder");
        let case = site
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        let expect = std::fs::read_to_string(expect_file).expect("read EXPECT");
        let code = expect.trim();
        // A fixed build date: the inactivity rule (W0408) counts days up to it.
        let mut options = CheckOptions::default();
        options.today = usergroup::model::Date::new(2026, 9, 1);
        let checked = check(site, &options).unwrap_or_else(|e| panic!("{case}: check failed: {e}"));

        assert!(
            checked.diagnostics.iter().any(|d| d.code == code),
            "{case}: expected {code}, got {:?}",
            checked.diagnostics
        );
        if code.starts_with('E') {
            assert!(checked.has_errors(), "{case}: {code} must be an error");
        } else {
            // A warning case: exit 1 only under --deny-warnings, and no error may hide it.
            assert!(
                !checked.has_errors(),
                "{case}: warning case has errors: {:?}",
                checked.diagnostics
            );
        }
        for d in &checked.diagnostics {
            assert!(
                d.line > 0 && d.column > 0,
                "{case}: diagnostic without a position: {d:?}"
            );
            assert!(
                site.join(&d.file).is_file(),
                "{case}: diagnostic names a file that is not there: {d:?}"
            );
        }

        let human = render_human(&checked.diagnostics, &checked.sources, false);
        let json = render_json(&checked.diagnostics);
        let doc: serde_json::Value = serde_json::from_str(&json).expect("render_json writes JSON");
        assert_eq!(
            doc["diagnostics"].as_array().map(Vec::len),
            Some(checked.diagnostics.len())
        );
        insta::assert_snapshot!(format!("{human}\n----- json -----\n{json}\n"));
    });
}
