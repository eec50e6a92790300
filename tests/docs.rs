//! The README's reference sections are generated from the code that declares them: the
//! diagnostic codes from `usergroup::Code`. A test fails when the README differs; run with
//! `UPDATE_README=1` to rewrite the sections in place.

use std::path::Path;

/// Replaces the text between `<!-- begin NAME -->` and `<!-- end NAME -->` in the README with
/// `generated`, or checks that it is already there.
fn generated_section(name: &str, generated: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md");
    let readme = std::fs::read_to_string(&path).expect("read README.md");
    let begin =
        format!("<!-- begin {name} (generated: UPDATE_README=1 cargo test --test docs) -->\n");
    let end = format!("<!-- end {name} -->");
    let start = readme
        .find(&begin)
        .unwrap_or_else(|| panic!("README.md has no `{}`", begin.trim()))
        + begin.len();
    let stop = start
        + readme[start..]
            .find(&end)
            .unwrap_or_else(|| panic!("README.md has no `{end}`"));
    if readme[start..stop] == *generated {
        return;
    }
    if std::env::var_os("UPDATE_README").is_some() {
        let updated = format!("{}{generated}{}", &readme[..start], &readme[stop..]);
        std::fs::write(&path, updated).expect("write README.md");
        return;
    }
    panic!(
        "README.md's `{name}` section is out of date; run `UPDATE_README=1 cargo test --test docs`.\nexpected:\n{generated}"
    );
}

#[test]
fn readme_lists_every_diagnostic_code() {
    generated_section("codes", &usergroup::diagnostic::code_table());
}
