//! Findings for code review: GitHub Actions workflow commands and SARIF 2.1.0.
//!
//! Both show a finding on the line of the pull request's diff it is about, so paths must be
//! relative to the repository root, not the site: every renderer here takes the site's path
//! as seen from where the workflow runs (`site_prefix`, e.g. `docs/site` or empty) and puts it
//! in front of each file.

use serde_json::{json, Value};

use super::{Code, Diagnostic, Label, Severity};

/// One GitHub Actions workflow command a finding (`::error file=…,line=…,col=…,title=E0105::…`),
/// which the Actions runner turns into an annotation on the file and line. The message carries
/// the help and the labels on lines of their own.
pub fn render_github(diags: &[Diagnostic], site_prefix: &str) -> String {
    let mut out = String::new();
    for d in diags {
        // Workflow commands and SARIF levels share the names `error` and `warning`.
        let command = level(d.severity);
        let mut properties = vec![format!("file={}", property(&join(site_prefix, &d.file)))];
        if d.line > 0 {
            properties.push(format!("line={}", d.line));
            properties.push(format!("col={}", d.column));
        }
        properties.push(format!(
            "title={}",
            property(&format!("{} {}", d.code.as_str(), d.code.summary()))
        ));
        let mut message = with_help(d);
        for label in &d.labels {
            message.push_str(&format!(
                "\nnote: {} ({})",
                label.message,
                place(site_prefix, label)
            ));
        }
        out.push_str(&format!(
            "::{command} {}::{}\n",
            properties.join(","),
            data(&message)
        ));
    }
    out
}

/// The finding's message, with its help on a line of its own.
fn with_help(d: &Diagnostic) -> String {
    match &d.help {
        Some(help) => format!("{}\nhelp: {help}", d.message),
        None => d.message.clone(),
    }
}

/// Escapes a workflow command's message, as the Actions toolkit does.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value: also `:` and `,`, which end it.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

fn join(prefix: &str, file: &str) -> String {
    let prefix = prefix.trim_end_matches('/');
    if prefix.is_empty() || prefix == "." {
        file.to_string()
    } else {
        format!("{prefix}/{file}")
    }
}

fn place(prefix: &str, label: &Label) -> String {
    let file = join(prefix, &label.file);
    if label.line == 0 {
        file
    } else {
        format!("{file}:{}:{}", label.line, label.column)
    }
}

/// One SARIF 2.1.0 log of one run of prep, for GitHub code scanning (`upload-sarif`) and any
/// other SARIF viewer. Every code is a rule (with its summary and docs); columns count
/// Unicode code points, as prep's do.
pub fn render_sarif(diags: &[Diagnostic], site_prefix: &str) -> String {
    let mut rules: Vec<Code> = diags.iter().map(|d| d.code).collect();
    rules.sort();
    rules.dedup();
    let rule_index = |code: Code| rules.iter().position(|c| *c == code).unwrap_or(0);
    let results: Vec<Value> = diags
        .iter()
        .map(|d| {
            let message = with_help(d);
            let related: Vec<Value> = d
                .labels
                .iter()
                .enumerate()
                .map(|(id, label)| {
                    let mut location = location(site_prefix, &label.file, label.line, label.column);
                    location["id"] = json!(id);
                    location["message"] = json!({ "text": label.message });
                    location
                })
                .collect();
            let mut result = json!({
                "ruleId": d.code.as_str(),
                "ruleIndex": rule_index(d.code),
                "level": level(d.severity),
                "message": { "text": message },
                "locations": [location(site_prefix, &d.file, d.line, d.column)],
            });
            if !related.is_empty() {
                result["relatedLocations"] = json!(related);
            }
            result
        })
        .collect();
    let rules: Vec<Value> = rules
        .iter()
        .map(|code| {
            json!({
                "id": code.as_str(),
                "shortDescription": { "text": code.summary() },
                "fullDescription": { "text": code.docs() },
                "defaultConfiguration": { "level": level(code.severity()) },
            })
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "prep",
                "informationUri": "https://github.com/usergroup-theme/usergroup",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    // A tree of strings and numbers always serialises.
    serde_json::to_string_pretty(&log).unwrap_or_default()
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// A SARIF location; a finding about a whole file (line 0) has no region.
fn location(prefix: &str, file: &str, line: usize, column: usize) -> Value {
    let mut physical = json!({ "artifactLocation": { "uri": join(prefix, file) } });
    if line > 0 {
        physical["region"] = json!({ "startLine": line, "startColumn": column.max(1) });
    }
    json!({ "physicalLocation": physical })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::model::Span;

    fn findings() -> Vec<Diagnostic> {
        vec![
            Diagnostic::new(
                Code::UnknownKey,
                "content/zh/user-group/_index.md",
                Span { line: 3, column: 5 },
                "unknown key `nmae`: 100%, a,b: c",
            )
            .with_help("did you mean `name`?\nsecond line")
            .with_label(
                "content/zh/user-group/_index.md",
                Span { line: 2, column: 1 },
                "the mapping starts here",
            ),
            Diagnostic::new(
                Code::ImageMissing,
                "content/en/user-group/_index.md",
                Span { line: 0, column: 0 },
                "whole file",
            ),
        ]
    }

    #[test]
    fn github_commands_are_one_line_each_escaped_and_placed_from_the_repository_root() {
        let out = render_github(&findings(), "site/");
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 2, "{out}");
        assert!(
            lines[0].starts_with(
                "::error file=site/content/zh/user-group/_index.md,line=3,col=5,title=E0105 "
            ),
            "{}",
            lines[0]
        );
        // The message: % first, then line breaks; help and the label on lines of their own.
        assert!(
            lines[0].ends_with(
                "::unknown key `nmae`: 100%25, a,b: c%0Ahelp: did you mean `name`?%0Asecond line\
                 %0Anote: the mapping starts here (site/content/zh/user-group/_index.md:2:1)"
            ),
            "{}",
            lines[0]
        );
        // The title property may not hold a raw `:` or `,`.
        let title = lines[0]
            .split("title=")
            .nth(1)
            .unwrap()
            .split("::")
            .next()
            .unwrap();
        assert!(!title.contains(':') && !title.contains(','), "{title}");
        assert!(
            lines[1].starts_with("::error file=site/content/en/user-group/_index.md,title="),
            "a whole-file finding has no line: {}",
            lines[1]
        );
    }

    #[test]
    fn sarif_has_one_rule_per_code_and_code_point_columns() {
        let log: Value = serde_json::from_str(&render_sarif(&findings(), "")).unwrap();
        assert_eq!(log["version"], "2.1.0");
        let run = &log["runs"][0];
        assert_eq!(run["columnKind"], "unicodeCodePoints");
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
        assert_eq!(ids, ["E0105", "E0301"]);
        let results = run["results"].as_array().unwrap();
        assert_eq!(results[0]["ruleId"], "E0105");
        assert_eq!(results[0]["ruleIndex"], 0);
        assert_eq!(results[1]["ruleIndex"], 1);
        let region = &results[0]["locations"][0]["physicalLocation"]["region"];
        assert_eq!(
            (region["startLine"].as_u64(), region["startColumn"].as_u64()),
            (Some(3), Some(5))
        );
        assert_eq!(
            results[0]["relatedLocations"][0]["message"]["text"],
            "the mapping starts here"
        );
        assert!(results[1]["locations"][0]["physicalLocation"]
            .get("region")
            .is_none());
    }
}
