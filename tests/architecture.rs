//! ARCHITECTURE.md's rule that module dependencies point down the pipeline and never back,
//! checked: the top-level modules of `crates/usergroup/src` and the `crate::` paths between
//! them form a graph, and the test fails naming the first cycle in it.
//!
//! A module's submodules count as the module (`load/de.rs` is `load`). A dependency is any
//! `crate::<module>` path outside a comment, in a `use` (`use crate::{css, discover}` too)
//! or in code, tests included; `crate::<Name>` for a name `lib.rs` re-exports
//! (`pub use check::{check, …}`) is a dependency on the module it comes from. `super::`
//! paths stay inside a module's own folder in this crate and are not followed.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Module name → the modules it uses (never itself).
type Graph = BTreeMap<String, BTreeSet<String>>;

/// The identifiers a `crate::` path starts with: one (`crate::load::yaml`), or each item of a
/// group (`crate::{css, discover::Site}` gives `css` and `discover`).
fn crate_paths(code: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        // `usergroup_crate::x` or `my_crate::x` is another path, not this crate's.
        let before = rest[..at].chars().next_back();
        rest = &rest[at + "crate::".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            found.extend(
                group[..end]
                    .split(',')
                    .map(|item| identifier(item.trim_start()))
                    .filter(|name| !name.is_empty()),
            );
        } else {
            found.push(identifier(rest));
        }
    }
    found
}

/// The identifier at the start of `s`.
fn identifier(s: &str) -> String {
    s.chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

/// `text` without its `//` comment lines (doc links such as `[x](crate::model::X)` are not
/// dependencies).
fn code_lines(text: &str) -> String {
    text.lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The names `lib.rs` re-exports from a module (`pub use check::{check, Error};`), each with
/// its module.
fn reexports(lib: &str) -> BTreeMap<String, String> {
    let mut names = BTreeMap::new();
    for statement in code_lines(lib).split(';') {
        let Some(path) = statement.trim().strip_prefix("pub use ") else {
            continue;
        };
        let Some((module, items)) = path.split_once("::") else {
            continue;
        };
        let items = items.trim_start_matches('{').trim_end_matches('}');
        for item in items.split(',') {
            let name = item.rsplit([':', ' ']).next().unwrap_or_default().trim();
            if !name.is_empty() {
                names.insert(name.to_string(), module.trim().to_string());
            }
        }
    }
    names
}

/// The top-level module a source file belongs to (`load/de.rs` → `load`), `None` for the
/// crate root.
fn module_of(relative: &Path) -> Option<String> {
    let first = relative.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (name != "lib").then(|| name.to_string())
}

/// The module graph of a crate's sources, given as (path relative to `src`, text) with the
/// crate root `lib.rs` among them. Fails naming any `crate::` path it cannot place, so that
/// a path this reader does not understand cannot hide a dependency.
fn module_graph(files: &[(PathBuf, String)]) -> Result<Graph, String> {
    let lib = files
        .iter()
        .find(|(path, _)| path == Path::new("lib.rs"))
        .map_or("", |(_, text)| text.as_str());
    let reexported = reexports(lib);
    let mut graph: Graph = files
        .iter()
        .filter_map(|(path, _)| module_of(path))
        .map(|m| (m, BTreeSet::new()))
        .collect();
    for (path, text) in files {
        let Some(module) = module_of(path) else {
            continue;
        };
        for name in crate_paths(&code_lines(text)) {
            let used = if graph.contains_key(&name) {
                name
            } else if let Some(m) = reexported.get(&name) {
                m.clone()
            } else {
                return Err(format!(
                    "{}: `crate::{name}` is neither a module nor a name lib.rs re-exports",
                    path.display()
                ));
            };
            if used != module {
                graph.get_mut(&module).expect("listed above").insert(used);
            }
        }
    }
    Ok(graph)
}

/// The first cycle in `graph`, in module order, as the modules along it with the first
/// repeated at the end (`images → manifest → images`).
fn find_cycle(graph: &Graph) -> Option<Vec<String>> {
    /// Depth-first from `node`; `path` is the chain being followed, `done` what is known to
    /// reach no cycle.
    fn visit(
        graph: &Graph,
        node: &str,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(start) = path.iter().position(|m| m == node) {
            let mut cycle = path[start..].to_vec();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(graph, next, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|node| visit(graph, node, &mut Vec::new(), &mut done))
}

/// Every `.rs` file under `dir`, as (path relative to `root`, text), sorted.
fn sources(root: &Path, dir: &Path, files: &mut Vec<(PathBuf, String)>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("read the source folder")
        .map(|e| e.expect("read a folder entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            sources(root, &path, files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).expect("read a source file");
            let relative = path.strip_prefix(root).expect("under root").to_path_buf();
            files.push((relative, text));
        }
    }
}

#[test]
fn the_usergroup_modules_import_no_cycle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../crates/usergroup/src");
    let mut files = Vec::new();
    sources(&src, &src, &mut files);
    let graph = module_graph(&files).unwrap_or_else(|e| panic!("{e}"));
    // The graph must be the crate's: every module lib.rs declares, each with its uses.
    assert!(graph.contains_key("build") && graph["build"].contains("write"));
    assert!(graph.contains_key("load") && graph["load"].contains("model"));
    if let Some(cycle) = find_cycle(&graph) {
        let uses: Vec<String> = graph
            .iter()
            .map(|(m, used)| format!("  {m} uses {used:?}"))
            .collect();
        panic!(
            "the modules import each other in a cycle: {}\n(ARCHITECTURE.md: dependencies point down the pipeline)\n{}",
            cycle.join(" → "),
            uses.join("\n")
        );
    }
}

/// A small crate in memory: `lib.rs` plus the named files.
fn example(files: &[(&str, &str)]) -> Vec<(PathBuf, String)> {
    files
        .iter()
        .map(|(path, text)| (PathBuf::from(path), text.to_string()))
        .collect()
}

#[test]
fn a_cycle_through_submodules_grouped_uses_and_reexports_is_found() {
    let files = example(&[
        (
            "lib.rs",
            "pub mod a;\npub mod b;\npub mod c;\npub use c::{Thing, other};\n",
        ),
        ("a.rs", "use crate::{b, layout};\n"),
        ("a/inner.rs", ""),
        ("b/deep.rs", "fn f() { crate::Thing::new() }\n"),
        (
            "c.rs",
            "//! Not [this](crate::b::X).\nuse crate::a::inner::X;\n",
        ),
        ("layout.rs", "// crate::a in a comment is no dependency\n"),
    ]);
    let graph = module_graph(&files).expect("every path placed");
    assert_eq!(graph["a"], BTreeSet::from(["b".into(), "layout".into()]));
    assert_eq!(graph["b"], BTreeSet::from(["c".into()]));
    assert_eq!(graph["c"], BTreeSet::from(["a".into()]));
    assert!(graph["layout"].is_empty());
    assert_eq!(
        find_cycle(&graph).expect("a cycle").join(" → "),
        "a → b → c → a"
    );
}

#[test]
fn a_pipeline_that_points_down_has_no_cycle() {
    let files = example(&[
        ("lib.rs", "pub mod a;\npub mod b;\npub mod c;\n"),
        ("a.rs", "use crate::b::X;\nuse crate::c;\n"),
        ("b.rs", "use crate::c::Y;\nuse other_crate::a;\n"),
        ("c.rs", "use super::b;\n"),
    ]);
    let graph = module_graph(&files).expect("every path placed");
    assert_eq!(graph["b"], BTreeSet::from(["c".into()]));
    assert_eq!(find_cycle(&graph), None);
}

#[test]
fn a_path_the_reader_cannot_place_fails_the_test() {
    let files = example(&[
        ("lib.rs", "pub mod a;\n"),
        ("a.rs", "use crate::gone::X;\n"),
    ]);
    let error = module_graph(&files).expect_err("`gone` is no module");
    assert!(error.contains("a.rs: `crate::gone`"), "{error}");
}
