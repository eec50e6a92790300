//! The stylesheets as grass sees them: the site's `assets/usergroup/` merged over the
//! theme's, and nothing else.
//!
//! grass reads every file through [`AssetsFs`]. It is given one folder, the site's
//! `assets/usergroup/` (whether it exists or not); a path under it is looked up in the
//! site's folder first, then in the theme's, each through [`ReadRoot`], so symlinks that
//! leave a folder are refused. Any other path (`@import "/etc/passwd"`, `../../x`) is refused
//! without touching the disk. Plain-CSS imports (`url(…)`, `http://…`, `….css`), which grass
//! would copy into the output for the browser to fetch, are found by scanning each file served.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use crate::sandbox::{ReadError, ReadRoot};

/// One import prep refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The path grass asked for (the folder's virtual path joined with the import).
    pub asked: PathBuf,
    /// Where a symlink led, when that was the reason.
    pub symlink_to: Option<PathBuf>,
}

/// A plain-CSS `@import` found in a served file: grass would leave it in the CSS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlainImport {
    /// The real file it is in.
    pub file: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column (characters) of the imported URL.
    pub column: usize,
    /// The import as written.
    pub url: String,
}

/// grass's file system for one compilation; see the module docs.
#[derive(Debug)]
pub struct AssetsFs {
    virtual_dir: PathBuf,
    layers: Vec<ReadRoot>,
    served: RefCell<BTreeMap<PathBuf, PathBuf>>,
    refused: RefCell<Vec<Refusal>>,
    plain_imports: RefCell<Vec<PlainImport>>,
}

impl AssetsFs {
    /// Serves `virtual_dir/<rel>` from the first of `layers` (canonical folders) that has it.
    pub fn new(virtual_dir: PathBuf, layers: Vec<ReadRoot>) -> Self {
        AssetsFs {
            virtual_dir,
            layers,
            served: RefCell::default(),
            refused: RefCell::default(),
            plain_imports: RefCell::default(),
        }
    }

    /// The folder grass is given: every file it may read is below it.
    pub fn virtual_dir(&self) -> &Path {
        &self.virtual_dir
    }

    /// The real file behind a path grass names (as served), or the path itself.
    pub fn real(&self, path: &Path) -> PathBuf {
        self.served
            .borrow()
            .get(path)
            .cloned()
            .unwrap_or_else(|| path.to_path_buf())
    }

    /// Every path refused so far.
    pub fn refused(&self) -> Vec<Refusal> {
        self.refused.borrow().clone()
    }

    /// Every plain-CSS import in the files served so far.
    pub fn plain_imports(&self) -> Vec<PlainImport> {
        self.plain_imports.borrow().clone()
    }

    /// The real path behind `path`, if it is under the virtual folder and found in a layer.
    fn locate(&self, path: &Path, want_dir: bool) -> Option<PathBuf> {
        let Some(rel) = relative_inside(&self.virtual_dir, path) else {
            self.refuse(path, None);
            return None;
        };
        for layer in &self.layers {
            match layer.resolve(&rel) {
                Ok(real) if real.is_dir() == want_dir => return Some(real),
                // A symlink out is an error, not a reason to fall back to the theme's file.
                Err(ReadError::Outside { target, .. }) => {
                    self.refuse(path, Some(target));
                    return None;
                }
                Ok(_) | Err(ReadError::Missing { .. } | ReadError::Io { .. }) => {}
            }
        }
        None
    }

    fn refuse(&self, asked: &Path, symlink_to: Option<PathBuf>) {
        let refusal = Refusal {
            asked: asked.to_path_buf(),
            symlink_to,
        };
        let mut refused = self.refused.borrow_mut();
        if !refused.contains(&refusal) {
            refused.push(refusal);
        }
    }
}

impl grass::Fs for AssetsFs {
    fn is_dir(&self, path: &Path) -> bool {
        self.locate(path, true).is_some()
    }

    fn is_file(&self, path: &Path) -> bool {
        self.locate(path, false).is_some()
    }

    fn read(&self, path: &Path) -> std::io::Result<Vec<u8>> {
        let Some(real) = self.locate(path, false) else {
            return Err(std::io::Error::new(
                std::io::ErrorKind::PermissionDenied,
                "prep reads stylesheets only from the site's and the theme's assets/usergroup/",
            ));
        };
        let bytes = std::fs::read(&real)?;
        self.plain_imports
            .borrow_mut()
            .extend(plain_imports(&real, &String::from_utf8_lossy(&bytes)));
        self.served.borrow_mut().insert(path.to_path_buf(), real);
        Ok(bytes)
    }
}

/// `path` relative to `dir`, with `.` and `..` applied lexically; `None` when it is not
/// below `dir`. Lexical is enough: the result is then resolved inside a layer by
/// [`ReadRoot`], which follows symlinks and refuses what leaves.
fn relative_inside(dir: &Path, path: &Path) -> Option<PathBuf> {
    let mut normal = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                if !normal.pop() {
                    return None;
                }
            }
            Component::CurDir => {}
            other => normal.push(other),
        }
    }
    let rel = normal.strip_prefix(dir).ok()?;
    (rel != Path::new("")).then(|| rel.to_path_buf())
}

/// The plain-CSS imports in a stylesheet's text: `url(…)`, a URL with a scheme or `//`, a
/// `.css` file, or an import with a media query (grass's rule for what it leaves to the
/// browser). A line scan: an `@import` spread over several lines is checked on its first.
fn plain_imports(file: &Path, text: &str) -> Vec<PlainImport> {
    let mut found = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let code = without_comment(line);
        let Some(at) = code.find("@import") else {
            continue;
        };
        let mut offset = at + "@import".len();
        let rest = code[offset..].split(';').next().unwrap_or_default();
        for arg in split_args(rest) {
            let start = offset + arg.len() - arg.trim_start().len();
            offset += arg.len() + 1;
            let arg = arg.trim();
            if is_plain_css_import(arg) {
                found.push(PlainImport {
                    file: file.to_path_buf(),
                    line: index + 1,
                    column: line[..start].chars().count() + 1,
                    url: arg.to_string(),
                });
            }
        }
    }
    found
}

/// The characters of `s` outside quotes and parentheses, with their byte offsets: where
/// a `//` starts a comment and a `,` separates `@import` arguments.
fn top_level(s: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let (mut depth, mut quote) = (0usize, None);
    s.char_indices().filter(move |&(_, c)| {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '(') => depth += 1,
            (None, ')') => depth = depth.saturating_sub(1),
            (None, _) => return depth == 0,
        }
        false
    })
}

/// `line` up to a `//` comment (one outside quotes and parentheses: `url(//x)` is not one).
fn without_comment(line: &str) -> &str {
    let mut previous = None;
    for (i, c) in top_level(line) {
        if c == '/' && previous.is_some_and(|p| p + 1 == i) {
            return &line[..i - 1];
        }
        previous = (c == '/').then_some(i);
    }
    line
}

/// Splits an `@import`'s arguments at commas outside quotes and parentheses.
fn split_args(s: &str) -> Vec<&str> {
    let (mut args, mut start) = (Vec::new(), 0);
    for (i, _) in top_level(s).filter(|&(_, c)| c == ',') {
        args.push(&s[start..i]);
        start = i + 1;
    }
    args.push(&s[start..]);
    args
}

fn is_plain_css_import(arg: &str) -> bool {
    let lower = arg.to_ascii_lowercase();
    if lower.starts_with("url(") {
        return true;
    }
    let Some(q) = arg.chars().next().filter(|c| *c == '"' || *c == '\'') else {
        return false;
    };
    let Some(end) = arg[1..].find(q) else {
        return false;
    };
    let url = lower[1..=end].to_string();
    let modifiers = arg[end + 2..].trim();
    !modifiers.is_empty() || url.ends_with(".css") || url.starts_with("//") || url.contains("://")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn finds_plain_css_imports_with_their_positions() {
        let text = "// @import url(x);\n@import 'variables', \"https://evil.example/a\";\n  @import url(//x.org/y.css);\n@import 'print' screen;\n@import 'a.css';\n@import 'b';\n";
        let found: Vec<(usize, usize, String)> = plain_imports(Path::new("f.scss"), text)
            .into_iter()
            .map(|p| (p.line, p.column, p.url))
            .collect();
        assert_eq!(
            found,
            [
                (2, 22, "\"https://evil.example/a\"".to_string()),
                (3, 11, "url(//x.org/y.css)".to_string()),
                (4, 9, "'print' screen".to_string()),
                (5, 9, "'a.css'".to_string()),
            ]
        );
    }

    #[test]
    fn lexical_paths_stay_below_the_folder() {
        let dir = Path::new("/site/assets/usergroup");
        assert_eq!(
            relative_inside(dir, Path::new("/site/assets/usergroup/./a/../_b.scss")),
            Some(PathBuf::from("_b.scss"))
        );
        for out in [
            "/etc/passwd",
            "/site/assets/usergroup/../../../etc/passwd",
            "/site/assets/usergroup",
            "/site/assets/usergroup-x/a",
        ] {
            assert_eq!(relative_inside(dir, Path::new(out)), None, "{out}");
        }
    }
}
