//! Reading Hugo's output with a real HTML parser: pages, selectors, local URL resolution and
//! a normaliser for snapshots.

use scraper::{ElementRef, Html, Node, Selector};
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// A parsed page of the built site.
pub struct Page {
    /// Its URL path, e.g. `/zh/user-group/`.
    pub url: String,
    /// The file Hugo wrote.
    pub file: PathBuf,
    /// The parsed document.
    pub doc: Html,
}

impl Page {
    /// Loads the page at a URL path (`/zh/user-group/` -> `public/zh/user-group/index.html`).
    pub fn load(public: &Path, url: &str) -> Page {
        let file = url_to_file(public, url);
        let text = std::fs::read_to_string(&file)
            .unwrap_or_else(|e| panic!("page {url}: {}: {e}", file.display()));
        Page {
            url: url.to_string(),
            file,
            doc: Html::parse_document(&text),
        }
    }

    /// All elements matching a CSS selector.
    pub fn select(&self, selector: &str) -> Vec<ElementRef<'_>> {
        self.doc.select(&sel(selector)).collect()
    }

    /// The one element matching a selector; panics naming the page when there are none or
    /// several.
    pub fn one(&self, selector: &str) -> ElementRef<'_> {
        let found = self.select(selector);
        assert_eq!(
            found.len(),
            1,
            "{}: expected exactly one `{selector}`, found {}",
            self.url,
            found.len()
        );
        found[0]
    }

    /// Ids of every element on the page.
    pub fn ids(&self) -> BTreeSet<String> {
        self.select("[id]")
            .iter()
            .filter_map(|e| e.value().id().map(str::to_string))
            .collect()
    }
}

/// A compiled selector (panics on a typo in the test).
pub fn sel(selector: &str) -> Selector {
    Selector::parse(selector).unwrap_or_else(|e| panic!("bad selector {selector:?}: {e}"))
}

/// The text of an element with whitespace collapsed.
pub fn text(e: ElementRef<'_>) -> String {
    collapse(&e.text().collect::<String>())
}

/// Collapses runs of whitespace to one space and trims.
pub fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Elements matching `selector` inside `e`.
pub fn within<'a>(e: ElementRef<'a>, selector: &str) -> Vec<ElementRef<'a>> {
    e.select(&sel(selector)).collect()
}

/// The file a local URL path maps to: directories (and URLs ending in `/`) to `index.html`.
pub fn url_to_file(public: &Path, path: &str) -> PathBuf {
    let rel = path.trim_start_matches('/');
    let file = public.join(rel);
    if rel.is_empty() || rel.ends_with('/') || file.is_dir() {
        file.join("index.html")
    } else {
        file
    }
}

/// What a URL found in a page refers to.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    /// Another site, a `mailto:`, a `data:` URI: not this test's business.
    External,
    /// A path in the built site (query and fragment removed, percent-decoded), and the
    /// fragment if any.
    Local {
        path: String,
        fragment: Option<String>,
    },
}

/// Resolves a URL written on the page at `page_url` (a URL path). Errors on URLs that are
/// never right on this site (`javascript:`, empty).
pub fn resolve(page_url: &str, reference: &str) -> Result<Target, String> {
    let r = reference.trim();
    if r.is_empty() {
        return Err("empty URL".into());
    }
    let lower = r.to_ascii_lowercase();
    if lower.starts_with("javascript:") {
        return Err("javascript: URL".into());
    }
    if r.starts_with("//") || has_scheme(&lower) {
        return Ok(Target::External);
    }
    let (rest, fragment) = match r.split_once('#') {
        Some((rest, f)) => (rest, Some(f.to_string())),
        None => (r, None),
    };
    let rest = rest.split('?').next().unwrap_or_default();
    let joined = if rest.is_empty() {
        page_url.to_string()
    } else if rest.starts_with('/') {
        rest.to_string()
    } else {
        let dir = &page_url[..page_url.rfind('/').map_or(0, |i| i + 1)];
        format!("{dir}{rest}")
    };
    Ok(Target::Local {
        path: percent_decode(&normalise_dots(&joined))?,
        fragment: fragment.map(|f| percent_decode(&f)).transpose()?,
    })
}

fn has_scheme(lower: &str) -> bool {
    match lower.find(':') {
        Some(i) => {
            let scheme = &lower[..i];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && !scheme.contains('/')
        }
        None => false,
    }
}

/// Removes `.` and `..` segments (never above the root).
fn normalise_dots(path: &str) -> String {
    let trailing = path.ends_with('/') || path.ends_with("/.") || path.ends_with("/..");
    let mut parts: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let mut out = format!("/{}", parts.join("/"));
    if trailing && out != "/" {
        out.push('/');
    }
    out
}

fn percent_decode(s: &str) -> Result<String, String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| format!("bad percent-escape in {s:?}"))?;
            out.push(hex);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| format!("{s:?} is not UTF-8 once decoded"))
}

/// The URLs of a `srcset` value (descriptors dropped).
pub fn srcset_urls(srcset: &str) -> Vec<(String, Option<String>)> {
    srcset
        .split(',')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(|candidate| {
            let mut parts = candidate.split_whitespace();
            let url = parts.next().unwrap_or_default().to_string();
            (url, parts.next().map(str::to_string))
        })
        .collect()
}

/// The `url(...)` references in CSS text (a stylesheet or a `style` attribute).
pub fn css_urls(css: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = css;
    while let Some(i) = rest.find("url(") {
        rest = &rest[i + 4..];
        let end = rest.find(')').unwrap_or(rest.len());
        let url = rest[..end].trim().trim_matches(|c| c == '"' || c == '\'');
        out.push(url.to_string());
        rest = &rest[end..];
    }
    out
}

/// Every URL a page refers to, with where it was found (for messages).
pub fn page_urls(page: &Page) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for e in page.select("*") {
        let el = e.value();
        let name = el.name();
        let mut push = |attr: &str, url: &str| {
            out.push((format!("<{name} {attr}>"), url.to_string()));
        };
        for attr in ["href", "src", "poster", "action"] {
            if let Some(v) = el.attr(attr) {
                push(attr, v);
            }
        }
        for attr in ["srcset", "imagesrcset"] {
            if let Some(v) = el.attr(attr) {
                for (url, _) in srcset_urls(v) {
                    push(attr, &url);
                }
            }
        }
        if let Some(style) = el.attr("style") {
            for url in css_urls(style) {
                push("style", &url);
            }
        }
        if name == "meta" {
            let key = el
                .attr("property")
                .or_else(|| el.attr("name"))
                .unwrap_or("");
            if key.ends_with(":image") || key.ends_with(":url") {
                if let Some(v) = el.attr("content") {
                    push(key, v);
                }
            }
        }
    }
    out
}

/// Ids of an HTML file in the built site, parsed once per file and cached.
pub fn ids_of(file: &Path) -> BTreeSet<String> {
    static CACHE: Mutex<Option<HashMap<PathBuf, BTreeSet<String>>>> = Mutex::new(None);
    let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
    let cache = cache.get_or_insert_with(HashMap::new);
    cache
        .entry(file.to_path_buf())
        .or_insert_with(|| {
            let text = std::fs::read_to_string(file).unwrap_or_default();
            let doc = Html::parse_document(&text);
            doc.select(&sel("[id], a[name]"))
                .filter_map(|e| e.value().id().or_else(|| e.value().attr("name")))
                .map(str::to_string)
                .collect()
        })
        .clone()
}

/// Checks one URL found on `page_url`; `Ok(None)` for external ones, `Ok(Some(file))` for a
/// local one that resolves (including its fragment), `Err` otherwise.
pub fn check_url(public: &Path, page_url: &str, url: &str) -> Result<Option<PathBuf>, String> {
    let (path, fragment) = match resolve(page_url, url)? {
        Target::External => return Ok(None),
        Target::Local { path, fragment } => (path, fragment),
    };
    let file = url_to_file(public, &path);
    if !file.is_file() {
        return Err(format!(
            "{url} -> {path}: no file {}",
            file.strip_prefix(public).unwrap_or(&file).display()
        ));
    }
    if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
        let is_html = file.extension().is_some_and(|e| e == "html");
        if is_html && !ids_of(&file).contains(&fragment) {
            return Err(format!(
                "{url} -> {path}: no element with id {fragment:?} there"
            ));
        }
    }
    Ok(Some(file))
}

/// The page as text for a snapshot: one tag or text run per line, indented by depth, with
/// the parts that change whenever an image encoder or the CSS changes replaced by
/// placeholders (content hashes in file names, SRI digests, inline `data:` previews). Those
/// are covered by other tests (every URL resolves; the SRI matches the file); the snapshot is
/// about structure and text.
pub fn normalise(doc: &Html) -> String {
    let mut out = String::new();
    for child in doc.tree.root().children() {
        match ElementRef::wrap(child) {
            Some(e) => write_element(e, 0, &mut out),
            None => write_leaf(child.value(), 0, &mut out),
        }
    }
    out
}

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

fn write_leaf(node: &Node, depth: usize, out: &mut String) {
    let indent = "  ".repeat(depth);
    match node {
        Node::Doctype(d) => out.push_str(&format!("{indent}<!DOCTYPE {}>\n", d.name())),
        Node::Comment(c) => out.push_str(&format!("{indent}<!-- {} -->\n", collapse(c))),
        Node::Text(t) => {
            let t = collapse(t);
            if !t.is_empty() {
                out.push_str(&format!("{indent}{}\n", placeholders(&t)));
            }
        }
        _ => {}
    }
}

fn write_element(e: ElementRef<'_>, depth: usize, out: &mut String) {
    let indent = "  ".repeat(depth);
    let el = e.value();
    let name = el.name();
    let mut open = format!("<{name}");
    for (attr, value) in el.attrs() {
        open.push_str(&format!(" {attr}=\"{}\"", placeholders(value)));
    }
    open.push('>');
    if VOID.contains(&name) {
        out.push_str(&format!("{indent}{open}\n"));
        return;
    }
    let children: Vec<_> = e
        .children()
        .filter(|c| !matches!(c.value(), Node::Text(t) if t.trim().is_empty()))
        .collect();
    // An element holding only a short text stays on one line: easier to read.
    if let [only] = children.as_slice() {
        if let Node::Text(t) = only.value() {
            let t = placeholders(&collapse(t));
            if t.chars().count() <= 100 {
                out.push_str(&format!("{indent}{open}{t}</{name}>\n"));
                return;
            }
        }
    }
    if children.is_empty() {
        out.push_str(&format!("{indent}{open}</{name}>\n"));
        return;
    }
    out.push_str(&format!("{indent}{open}\n"));
    for child in children {
        match ElementRef::wrap(child) {
            Some(c) => write_element(c, depth + 1, out),
            None => write_leaf(child.value(), depth + 1, out),
        }
    }
    out.push_str(&format!("{indent}</{name}>\n"));
}

/// Replaces content hashes (runs of 16+ lower-case hex digits), SRI digests and base64
/// payloads of `data:` URIs with fixed placeholders.
pub fn placeholders(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    loop {
        let sri = ["sha256-", "sha384-", "sha512-"]
            .iter()
            .filter_map(|m| rest.find(m).map(|i| (i, *m)))
            .min();
        let data = rest.find(";base64,").map(|i| (i, ";base64,"));
        let next = match (sri, data) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        let Some((at, marker)) = next else {
            out.push_str(&hex_placeholders(rest));
            return out;
        };
        out.push_str(&hex_placeholders(&rest[..at + marker.len()]));
        rest = &rest[at + marker.len()..];
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || "+/=".contains(c)))
            .unwrap_or(rest.len());
        out.push_str(if marker == ";base64," {
            "[base64]"
        } else {
            "[digest]"
        });
        rest = &rest[end..];
    }
}

/// Replaces each maximal ASCII-alphanumeric run that is all lower-case hex and at least 16
/// long: a content hash; words and colours (`#55bc8a`) are shorter or not all hex.
fn hex_placeholders(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut run_start = None;
    let is_hash = |run: &str| {
        run.len() >= 16
            && run
                .chars()
                .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
    };
    for (i, c) in s.char_indices() {
        if c.is_ascii_alphanumeric() {
            run_start.get_or_insert(i);
            continue;
        }
        if let Some(start) = run_start.take() {
            let run = &s[start..i];
            out.push_str(if is_hash(run) { "[hash]" } else { run });
        }
        out.push(c);
    }
    if let Some(start) = run_start {
        let run = &s[start..];
        out.push_str(if is_hash(run) { "[hash]" } else { run });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_relative_absolute_and_fragments() {
        let page = "/zh/user-group/";
        assert_eq!(
            resolve(page, "shanghai/#members"),
            Ok(Target::Local {
                path: "/zh/user-group/shanghai/".into(),
                fragment: Some("members".into())
            })
        );
        assert_eq!(
            resolve(page, "../../usergroup/img/a.webp?v=1"),
            Ok(Target::Local {
                path: "/usergroup/img/a.webp".into(),
                fragment: None
            })
        );
        assert_eq!(
            resolve(page, "#cities"),
            Ok(Target::Local {
                path: page.into(),
                fragment: Some("cities".into())
            })
        );
        assert_eq!(resolve(page, "https://github.com/x"), Ok(Target::External));
        assert_eq!(resolve(page, "//cdn.example.org/x"), Ok(Target::External));
        assert_eq!(resolve(page, "mailto:a@b.c"), Ok(Target::External));
        assert!(resolve(page, "javascript:void(0)").is_err());
        assert!(resolve(page, " ").is_err());
    }

    #[test]
    fn placeholders_hide_hashes_but_not_words() {
        assert_eq!(
            placeholders("/usergroup/img/0123456789abcdef0123-400.webp 400w"),
            "/usergroup/img/[hash]-400.webp 400w"
        );
        assert_eq!(
            placeholders("usergroup.deadbeefdeadbeef.css"),
            "usergroup.[hash].css"
        );
        assert_eq!(placeholders("sha384-abc+/def== x"), "sha384-[digest] x");
        assert_eq!(
            placeholders("url(data:image/webp;base64,UklGRh4A+/=)"),
            "url(data:image/webp;base64,[base64])"
        );
        // Short hex, and hex inside words, stay.
        assert_eq!(placeholders("#55bc8a facade decaf"), "#55bc8a facade decaf");
        assert_eq!(
            placeholders("xdeadbeefdeadbeefdead"),
            "xdeadbeefdeadbeefdead"
        );
    }

    #[test]
    fn parse_errors_are_recorded() {
        // The e2e check on `Html::errors` relies on scraper's `errors` feature.
        assert!(
            Html::parse_document("<!DOCTYPE html><p id=a id=b></x>")
                .errors
                .len()
                >= 2
        );
        assert!(
            Html::parse_document("<!DOCTYPE html><title>t</title><p>ok</p>")
                .errors
                .is_empty()
        );
    }

    #[test]
    fn srcset_and_css_urls() {
        assert_eq!(
            srcset_urls("a.webp 400w, b.webp 800w"),
            vec![
                ("a.webp".to_string(), Some("400w".to_string())),
                ("b.webp".to_string(), Some("800w".to_string()))
            ]
        );
        assert_eq!(
            css_urls("a{background:url('/x.svg')} b{src:url(y.woff2)}"),
            vec!["/x.svg".to_string(), "y.woff2".to_string()]
        );
    }
}
