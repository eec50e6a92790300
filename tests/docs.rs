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
    generated_section("codes", &codes_with_examples());
}

/// The library's code table with an `example` column: for each code, the first fixture
/// whose `EXPECT` names it, linked to what prep says about it (the snapshot of an invalid
/// fixture's diagnostics; a hostile fixture's folder, whose `EXPECT` holds the place).
fn codes_with_examples() -> String {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut examples: std::collections::BTreeMap<String, String> = Default::default();
    for (kind, dir) in [
        ("invalid", "fixtures/invalid"),
        ("hostile", "fixtures/hostile"),
    ] {
        let mut cases: Vec<_> = std::fs::read_dir(repo.join(dir))
            .expect("fixtures")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        cases.sort();
        for case in cases {
            let Ok(expect) = std::fs::read_to_string(repo.join(dir).join(&case).join("EXPECT"))
            else {
                continue;
            };
            let code = expect
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_string();
            let link = match kind {
                "invalid" => format!(
                    "[{case}](tests/snapshots/diagnostics__invalid_fixtures@{case}__EXPECT.snap)"
                ),
                _ => format!("[{case}]({dir}/{case}/)"),
            };
            examples.entry(code).or_insert(link);
        }
    }
    let table = usergroup::diagnostic::code_table();
    let mut out = String::new();
    for (i, line) in table.lines().enumerate() {
        let extra = match i {
            0 => " example |".to_string(),
            1 => "---|".to_string(),
            _ => {
                let code = line
                    .trim_start_matches("| ")
                    .split(' ')
                    .next()
                    .unwrap_or("");
                format!(" {} |", examples.get(code).map_or("", String::as_str))
            }
        };
        out.push_str(line);
        out.push_str(&extra);
        out.push('\n');
    }
    out
}

/// `(struct, key) -> doc` from the model's source: each field's `///` comment, under the key
/// its `#[serde(rename)]` gives it.
fn field_docs() -> Vec<(String, String, String)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../crates/usergroup/src/model.rs");
    let source = std::fs::read_to_string(path).expect("read model.rs");
    let mut out = Vec::new();
    let (mut current, mut doc, mut rename) = (String::new(), Vec::<String>::new(), None);
    for line in source.lines().map(str::trim) {
        if let Some(rest) = line
            .strip_prefix("pub struct ")
            .or(line.strip_prefix("struct "))
        {
            current = rest.split([' ', '<', '{']).next().unwrap_or("").to_string();
            doc.clear();
        } else if let Some(d) = line.strip_prefix("///") {
            doc.push(d.trim().to_string());
        } else if line.starts_with("#[serde(") || line.starts_with("rename(") {
            // rustfmt may put a long attribute's arguments on lines of their own.
            if let Some(r) = line.split("deserialize = \"").nth(1) {
                rename = r.split('"').next().map(str::to_string);
            }
        } else if line.starts_with("deserialize_with") || line.starts_with(")]") {
        } else if let Some((name, _)) = line.trim_start_matches("pub ").split_once(": ") {
            if !doc.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                let key = rename.take().unwrap_or_else(|| name.to_string());
                out.push((current.clone(), key, doc.join(" ")));
            }
            doc.clear();
            rename = None;
        } else if line.is_empty() || line.starts_with('}') {
            doc.clear();
            rename = None;
        }
    }
    out
}

fn schema_table(rows: &[usergroup::load::schema::SchemaRow]) -> String {
    let docs = field_docs();
    let mut out = String::from("| key | type | required | meaning |\n|---|---|---|---|\n");
    for row in rows {
        let doc = docs
            .iter()
            .find(|(s, k, _)| s == row.mapping && k == row.key)
            .map(|(_, _, d)| d.as_str())
            .unwrap_or_else(|| {
                panic!("{}.{} has no doc comment in model.rs", row.mapping, row.key)
            });
        let required = if row.required { "yes" } else { "no" };
        out.push_str(&format!(
            "| `{}` | {} | {required} | {doc} |\n",
            row.path, row.kind
        ));
    }
    out
}

#[test]
fn readme_schema_reference_is_the_model() {
    use usergroup::load::schema::reference;
    use usergroup::model::{Chapter, Page};
    generated_section("schema-page", &schema_table(&reference::<Page>()));
    generated_section("schema-chapter", &schema_table(&reference::<Chapter>()));
}
