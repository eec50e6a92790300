//! Hugo module mounts (`[[module.mounts]]`) that would make Hugo see other files than the
//! ones prep checked or wrote.
//!
//! prep reads the user-group section where the config's `contentDir` puts it and writes its
//! output into `data/usergroup`, `static/usergroup` (and reads `assets/usergroup`), all on
//! disk. A mount can change what Hugo reads there in two ways: by replacing a component's
//! default folder (declaring any mount into `static` drops Hugo's own `static` → `static`
//! mount unless it is declared again), or by mounting another folder over one of those
//! places. Either way a pull request could publish content prep never saw, or hide prep's
//! output from Hugo, so both are refused. Other mounts (documentation, other sections,
//! vendored assets elsewhere) are left alone.

use super::{config_value, value_position, ConfigFindings, Language};
use crate::diagnostic::Code;
use crate::layout::{DATA_DIR, SCSS_DIR, STATIC_DIR};

/// Checks the site's own `[[module.mounts]]`; `false` after an [`Code::ModuleMount`]
/// diagnostic at each offending mount's `target`.
pub(super) fn mounts_keep_prep_paths(
    table: &toml::Table,
    languages: &[Language],
    findings: &mut ConfigFindings,
) -> bool {
    let mounts: Vec<(String, String)> = config_value(table, "module")
        .and_then(toml::Value::as_table)
        .and_then(|module| config_value(module, "mounts"))
        .and_then(toml::Value::as_array)
        .map(|mounts| {
            mounts
                .iter()
                .filter_map(toml::Value::as_table)
                .map(|m| (field(m, "source"), field(m, "target")))
                .collect()
        })
        .unwrap_or_default();
    let mut watched: Vec<String> = languages
        .iter()
        .map(|l| format!("{}/{}", normal(&l.content_dir), crate::layout::SECTION))
        .collect();
    watched.extend([DATA_DIR, STATIC_DIR, SCSS_DIR].iter().map(|p| normal(p)));
    let mut components: Vec<String> = languages
        .iter()
        .map(|l| first_segment(&l.content_dir))
        .chain(["data", "static", "assets"].map(String::from))
        .collect();
    components.sort();
    components.dedup();

    let mut kept = true;
    for (source, target) in &mounts {
        let (source_n, target_n) = (normal(source), normal(target));
        if source_n == target_n {
            continue; // a default mount declared again
        }
        let at = value_position(findings.text, "target", target);
        let component = first_segment(&target_n);
        if components.contains(&component)
            && !mounts
                .iter()
                .any(|(s, t)| normal(s) == component && normal(t) == component)
        {
            kept = false;
            findings.push(
                Code::ModuleMount,
                at,
                format!("this mount replaces Hugo's own `{component}` folder, where prep reads or writes the user-group page"),
                format!("declare the default mount as well, `[[module.mounts]] source = \"{component}\" target = \"{component}\"`, so Hugo keeps reading `{component}/`"),
            );
        } else if let Some(place) = watched.iter().find(|w| overlaps(&target_n, w)) {
            kept = false;
            findings.push(
                Code::ModuleMount,
                at,
                format!("this mount puts `{source}` over `{place}`, which prep checks or writes on disk: Hugo would render other files than prep saw"),
                format!("mount it somewhere else; the user-group pages, `{DATA_DIR}` and `{STATIC_DIR}` must be the site's own folders"),
            );
        }
    }
    kept
}

fn field(mount: &toml::Table, key: &str) -> String {
    config_value(mount, key)
        .and_then(toml::Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// `/`-separated and lexically clean (no `.`, `..` or empty segments, as Go's `path.Clean`
/// makes it before Hugo uses it), lower case (Hugo's component names and prep's folders are
/// lower case; a file system that ignores case would match them too).
fn normal(path: &str) -> String {
    let path = path.replace('\\', "/").to_ascii_lowercase();
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            other => segments.push(other),
        }
    }
    segments.join("/")
}

fn first_segment(path: &str) -> String {
    normal(path)
        .split('/')
        .next()
        .unwrap_or_default()
        .to_string()
}

/// Whether a mount at `target` covers `place` or lies inside it.
fn overlaps(target: &str, place: &str) -> bool {
    let under = |a: &str, b: &str| a == b || a.starts_with(&format!("{b}/"));
    under(place, target) || under(target, place)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn findings_for(config: &str) -> Vec<String> {
        let table: toml::Table = config.parse().expect("toml");
        let languages = vec![Language::alone("zh", "content/zh")];
        let mut diags = Vec::new();
        let findings = &mut ConfigFindings {
            file: "hugo.toml",
            text: config,
            diags: &mut diags,
        };
        let kept = mounts_keep_prep_paths(&table, &languages, findings);
        assert_eq!(kept, diags.is_empty());
        diags
            .iter()
            .map(|d| format!("{}:{}:{}", d.code.as_str(), d.line, d.column))
            .collect()
    }

    #[test]
    fn mounts_over_prep_paths_or_replacing_their_component_are_refused() {
        let mount = |source: &str, target: &str| {
            format!("[[module.mounts]]\nsource = \"{source}\"\ntarget = \"{target}\"\n")
        };
        let content = mount("content", "content");
        let stat = mount("static", "static");
        let data = mount("data", "data");
        let cases: [(String, &[&str]); 10] = [
            (String::new(), &[]),
            (mount("docs", "content/docs") + &content, &[]),
            (mount("vendor/img", "static/img") + &stat, &[]),
            (mount("elsewhere", "content"), &["E0005:3:10"]),
            (mount("docs", "content/docs"), &["E0005:3:10"]),
            (
                mount("pr/ug", "content/zh/user-group") + &content,
                &["E0005:3:10"],
            ),
            (mount("pr/out", "static/usergroup") + &stat, &["E0005:3:10"]),
            (mount("pr", "data/") + &data, &["E0005:3:10"]),
            // Dot segments do not hide the place: Hugo cleans the path first.
            (
                mount("pr/ug", "content/zh/../zh/./user-group") + &content,
                &["E0005:3:10"],
            ),
            (mount("pr", "Static\\\\UserGroup") + &stat, &["E0005:3:10"]),
        ];
        for (config, expected) in cases {
            assert_eq!(findings_for(&config), expected, "{config}");
        }
    }
}
