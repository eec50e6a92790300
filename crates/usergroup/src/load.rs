//! Step 2: read front matter into the [`crate::model`], keys matched case-insensitively.
//!
//! Hugo matches front-matter keys case-insensitively (`SIG`, `sig` and `Sig` are one key), so
//! this module does too, and reports what Hugo would silently swallow:
//!
//! - a key outside the schema is an **error** (`E0105`), with "did you mean" when it is a
//!   near-miss of a known key (`titel` -> `title`) and the list of expected keys otherwise.
//!   Hugo's own page keys (`date`, `draft`, `weight`, `description`, …) are allowed at the top
//!   of a file, since Hugo uses them;
//! - a key the schema knows but the page does not use (`css`,
//!   `applyNew.requirements.applyLink`) is a **warning** (`W0107`) saying why;
//! - two keys of one mapping that differ only by case are an **error** (`E0106`): Hugo keeps
//!   one of them, silently.
//!
//! Only YAML front matter (`---`) is supported; TOML (`+++`) and JSON get `E0101`.
//!
//! The YAML is parsed twice on purpose: serde_yaml is the syntax gate (its errors carry a
//! position, offset here to the file's lines), and [`yaml`] builds a tree with a position on
//! every value so that checks made long after loading point at the right line and column.

pub mod yaml;

use crate::diagnostic::{Code, Diagnostic};
use crate::model::{
    Apply, ApplyStep, Banner, Chapter, CityCard, CitySection, ImageRef, ImageRole, Member,
    Organization, Page, ReturnItem, Returns, Role, Span, Spanned,
};
use yaml::{Entry, Kind, Node};

/// Keys Hugo itself reads from any page's front matter; allowed at the top of a file.
const HUGO_PAGE_KEYS: &[&str] = &[
    "aliases",
    "author",
    "authors",
    "build",
    "cascade",
    "categories",
    "date",
    "description",
    "draft",
    "expirydate",
    "headless",
    "images",
    "iscjklanguage",
    "keywords",
    "lastmod",
    "layout",
    "linktitle",
    "markup",
    "menu",
    "menus",
    "outputs",
    "params",
    "publishdate",
    "resources",
    "series",
    "sitemap",
    "slug",
    "summary",
    "tags",
    "translationkey",
    "type",
    "url",
    "weight",
];

/// The YAML block of a content file and where it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrontMatter<'a> {
    /// The YAML text between the fences.
    pub yaml: &'a str,
    /// The file line of the YAML's first line (2: the line after the opening `---`).
    pub first_line: usize,
    /// The position of the closing fence (where a missing top-level key is reported).
    pub end: Span,
}

/// Finds the YAML front matter of a content file, or says why there is none.
pub fn front_matter<'a>(file: &str, text: &'a str) -> Result<FrontMatter<'a>, Diagnostic> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let start = Span { line: 1, column: 1 };
    let mut lines = body.split_inclusive('\n');
    let first_raw = lines.next().unwrap_or("");
    let first = first_raw.trim_end();
    match first {
        "---" => {}
        "+++" => return Err(Diagnostic::new(
            Code::FrontMatter,
            file,
            start,
            "TOML front matter (`+++`) is not supported",
        )
        .with_help(
            "write the front matter as YAML between `---` lines, like the example site's _index.md",
        )),
        _ if first.starts_with('{') => return Err(Diagnostic::new(
            Code::FrontMatter,
            file,
            start,
            "JSON front matter is not supported",
        )
        .with_help(
            "write the front matter as YAML between `---` lines, like the example site's _index.md",
        )),
        _ => {
            return Err(Diagnostic::new(
                Code::FrontMatter,
                file,
                start,
                "the file has no front matter",
            )
            .with_help(
                "start the file with a `---` line, the YAML front matter, and another `---` line",
            ))
        }
    }
    let yaml_start = first_raw.len();
    let mut offset = yaml_start;
    for (line_no, line) in (2..).zip(lines) {
        if matches!(line.trim_end(), "---" | "...") {
            return Ok(FrontMatter {
                yaml: &body[yaml_start..offset],
                first_line: 2,
                end: Span {
                    line: line_no,
                    column: 1,
                },
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::new(
        Code::FrontMatter,
        file,
        start,
        "the front matter is not closed",
    )
    .with_help("end the front matter with a line holding only `---`"))
}

/// Parses the front matter of `file` into a position-carrying tree; syntax errors become
/// diagnostics at the file's line and column.
pub fn parse_front_matter(file: &str, text: &str) -> Result<(Node, Span), Diagnostic> {
    let fm = front_matter(file, text)?;
    let offset = fm.first_line - 1;
    // serde_yaml is the syntax gate. It also refuses exact duplicate keys, which the tree
    // below reports with both positions, so those are left to it.
    let serde_error = match serde_yaml::from_str::<serde_yaml::Value>(fm.yaml) {
        Ok(_) => None,
        Err(err) if err.to_string().contains("duplicate entry") => None,
        Err(err) => Some(err),
    };
    let tree = yaml::parse(fm.yaml, fm.first_line);
    match (serde_error, tree) {
        (None, Ok(node)) => Ok((node, fm.end)),
        (Some(err), _) => {
            let span = err
                .location()
                .map(|l| Span {
                    line: l.line() + offset,
                    column: l.column().max(1),
                })
                .unwrap_or(Span {
                    line: fm.first_line,
                    column: 1,
                });
            let message = file_lines(&err.to_string(), offset);
            Err(Diagnostic::new(
                Code::YamlSyntax,
                file,
                span,
                format!("YAML syntax error: {message}"),
            )
            .with_help("check the indentation and quoting on this line and the one before it"))
        }
        (None, Err(err)) => Err(Diagnostic::new(
            Code::YamlSyntax,
            file,
            err.span,
            format!("YAML syntax error: {}", err.message),
        )
        .with_help("check the indentation and quoting on this line and the one before it")),
    }
}

/// serde_yaml's message without its own position (the diagnostic carries it), and with any
/// other "line N" (the context, e.g. where a flow list was opened) in file lines.
fn file_lines(message: &str, offset: usize) -> String {
    let mut out = String::new();
    let mut rest = message;
    let mut first = true;
    while let Some(p) = rest.find(" at line ") {
        let (before, after) = rest.split_at(p);
        out.push_str(before);
        let after = &after[" at line ".len()..];
        let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
        let mut tail = &after[digits.len()..];
        if let Some(t) = tail.strip_prefix(" column ") {
            tail = t.trim_start_matches(|c: char| c.is_ascii_digit());
        }
        if !first {
            let line = digits.parse::<usize>().unwrap_or(0) + offset;
            out.push_str(&format!(" at line {line}"));
        }
        first = false;
        rest = tail;
    }
    out.push_str(rest);
    out
}

/// Collects diagnostics for one file while its tree is read into the model.
struct Reader<'d> {
    file: String,
    diags: &'d mut Vec<Diagnostic>,
}

/// The keys of one mapping, checked against the schema.
struct Fields<'n> {
    entries: Vec<&'n Entry>,
    /// Dotted path of the mapping, for messages (`citySection.cityCard`).
    path: String,
    /// Where a missing key is reported: the mapping's own key, or the list item.
    at: Span,
    /// Known keys an unknown key was reported as a near-miss of: not reported missing again.
    suggested: Vec<&'static str>,
}

/// A key the schema knows but the page does not use, and why.
struct Unused {
    key: &'static str,
    why: &'static str,
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// The known key nearest to `key`, when it is a near-miss (a typo, not another word).
pub fn suggest<'k>(key: &str, known: &[&'k str]) -> Option<&'k str> {
    let key = key.to_lowercase();
    known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(&key, &k.to_lowercase()), *k))
        .filter(|(d, k)| *d > 0 && *d <= (k.chars().count() / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

impl<'d> Reader<'d> {
    fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    fn fields<'n>(
        &mut self,
        node: &'n Node,
        path: &str,
        at: Span,
        known: &[&'static str],
        unused: &[Unused],
        hugo_keys: bool,
    ) -> Fields<'n> {
        let mut fields = Fields {
            entries: Vec::new(),
            path: path.to_string(),
            at,
            suggested: Vec::new(),
        };
        let entries = match &node.kind {
            Kind::Map(entries) => entries,
            Kind::Null => {
                let what = if path.is_empty() {
                    "the front matter"
                } else {
                    path
                };
                let d = Diagnostic::new(
                    Code::Missing,
                    &self.file,
                    node.span,
                    format!("`{what}` is empty"),
                )
                .with_help(format!("expected the keys {}", list(known)));
                self.push(d);
                return fields;
            }
            _ => {
                let what = if path.is_empty() {
                    "the front matter".to_string()
                } else {
                    format!("`{path}`")
                };
                let d = Diagnostic::new(
                    Code::WrongType,
                    &self.file,
                    node.span,
                    format!(
                        "{what} must be a mapping of keys, found {}",
                        node.type_name()
                    ),
                )
                .with_help(format!("expected the keys {}", list(known)));
                self.push(d);
                return fields;
            }
        };
        let mut seen: Vec<&Entry> = Vec::new();
        for entry in entries {
            let lower = entry.key.to_lowercase();
            if let Some(first) = seen.iter().find(|e| e.key.to_lowercase() == lower) {
                let message = if first.key == entry.key {
                    format!("duplicate key `{}`", entry.key)
                } else {
                    format!(
                        "`{}` and `{}` are the same key (keys ignore case)",
                        first.key, entry.key
                    )
                };
                let d = Diagnostic::new(Code::DuplicateKey, &self.file, entry.key_span, message).with_help(format!(
                    "the first one is at line {}; keep one of them (Hugo would silently use only one)",
                    first.key_span.line
                ));
                self.push(d);
                continue;
            }
            seen.push(entry);
            if known.iter().any(|k| k.to_lowercase() == lower) {
                fields.entries.push(entry);
            } else if let Some(u) = unused.iter().find(|u| u.key.to_lowercase() == lower) {
                let d = Diagnostic::new(
                    Code::UnusedKey,
                    &self.file,
                    entry.key_span,
                    format!("`{}` is not used by the page", join(path, &entry.key)),
                )
                .with_help(u.why);
                self.push(d);
            } else if hugo_keys && HUGO_PAGE_KEYS.contains(&lower.as_str()) {
                // Hugo's own page variable; Hugo uses it, the user-group page does not need to.
            } else {
                let mut candidates: Vec<&'static str> = known.to_vec();
                candidates.extend(unused.iter().map(|u| u.key));
                let help = match suggest(&entry.key, &candidates) {
                    Some(k) => {
                        fields.suggested.push(k);
                        format!("did you mean `{k}`?")
                    }
                    None => format!("the keys here are {}", list(known)),
                };
                let d = Diagnostic::new(
                    Code::UnknownKey,
                    &self.file,
                    entry.key_span,
                    format!("unknown key `{}`", join(path, &entry.key)),
                )
                .with_help(help);
                self.push(d);
            }
        }
        fields
    }

    fn entry<'n>(&self, fields: &Fields<'n>, key: &str) -> Option<&'n Entry> {
        let key = key.to_lowercase();
        fields
            .entries
            .iter()
            .copied()
            .find(|e| e.key.to_lowercase() == key)
    }

    fn missing(&mut self, fields: &Fields<'_>, key: &str) {
        if fields.suggested.iter().any(|k| k.eq_ignore_ascii_case(key)) {
            return; // already reported as a misspelling of this key
        }
        let path = join(&fields.path, key);
        let d = Diagnostic::new(
            Code::Missing,
            &self.file,
            fields.at,
            format!("missing key `{path}`"),
        )
        .with_help(format!(
            "add `{key}:` {}",
            if fields.path.is_empty() {
                "to the front matter".to_string()
            } else {
                format!("under `{}`", fields.path)
            }
        ));
        self.push(d);
    }

    /// A text value; `None` when absent (not an error here), or when it has the wrong type
    /// (reported).
    fn opt_text(&mut self, fields: &Fields<'_>, key: &str) -> Option<Spanned<String>> {
        let entry = self.entry(fields, key)?;
        let path = join(&fields.path, key);
        match &entry.value.kind {
            Kind::Scalar { text, .. } => Some(Spanned::new(text.clone(), entry.value.span)),
            Kind::Null => {
                let d = Diagnostic::new(
                    Code::Missing,
                    &self.file,
                    entry.key_span,
                    format!("`{path}` has no value"),
                )
                .with_help("write a value after the colon, or remove the key");
                self.push(d);
                None
            }
            _ => {
                let d = Diagnostic::new(
                    Code::WrongType,
                    &self.file,
                    entry.value.span,
                    format!("`{path}` must be text, found {}", entry.value.type_name()),
                )
                .with_help("write the value on the same line as the key");
                self.push(d);
                None
            }
        }
    }

    /// A required, non-empty text value. When it is missing the error is reported and an
    /// empty value at the mapping's position stands in, so loading goes on.
    fn text(&mut self, fields: &Fields<'_>, key: &str) -> Spanned<String> {
        let present = self.entry(fields, key).is_some();
        match self.opt_text(fields, key) {
            Some(v) if v.value.trim().is_empty() => {
                let d = Diagnostic::new(
                    Code::Missing,
                    &self.file,
                    v.span,
                    format!("`{}` is empty", join(&fields.path, key)),
                )
                .with_help("write the text, it is shown on the page");
                self.push(d);
                v
            }
            Some(v) => v,
            None => {
                if !present {
                    self.missing(fields, key);
                }
                Spanned::new(String::new(), fields.at)
            }
        }
    }

    fn image(&mut self, fields: &Fields<'_>, key: &str, role: ImageRole, alt: &str) -> ImageRef {
        ImageRef {
            path: self.text(fields, key),
            role,
            alt: alt.to_string(),
        }
    }

    fn opt_image(
        &mut self,
        fields: &Fields<'_>,
        key: &str,
        role: ImageRole,
        alt: &str,
    ) -> Option<ImageRef> {
        self.opt_text(fields, key).map(|path| ImageRef {
            path,
            role,
            alt: alt.to_string(),
        })
    }

    /// A required mapping under `key`.
    fn section<'n>(
        &mut self,
        fields: &Fields<'n>,
        key: &str,
        known: &[&'static str],
        unused: &[Unused],
    ) -> Fields<'n> {
        let path = join(&fields.path, key);
        match self.entry(fields, key) {
            Some(entry) => self.fields(&entry.value, &path, entry.key_span, known, unused, false),
            None => {
                self.missing(fields, key);
                Fields {
                    entries: Vec::new(),
                    path,
                    at: fields.at,
                    suggested: Vec::new(),
                }
            }
        }
    }

    /// A list under `key` (required unless `optional`).
    fn items<'n>(
        &mut self,
        fields: &Fields<'n>,
        key: &str,
        optional: bool,
    ) -> Vec<(&'n Node, String)> {
        let path = join(&fields.path, key);
        let Some(entry) = self.entry(fields, key) else {
            if !optional {
                self.missing(fields, key);
            }
            return Vec::new();
        };
        match &entry.value.kind {
            Kind::Seq(items) => items
                .iter()
                .enumerate()
                .map(|(i, n)| (n, format!("{path}[{i}]")))
                .collect(),
            Kind::Null if optional => Vec::new(),
            _ => {
                let d = Diagnostic::new(
                    Code::WrongType,
                    &self.file,
                    entry.value.span,
                    format!("`{path}` must be a list, found {}", entry.value.type_name()),
                )
                .with_help("write one `- ` item per line under the key");
                self.push(d);
                Vec::new()
            }
        }
    }
}

fn list(keys: &[&str]) -> String {
    keys.iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Parses a file's front matter and insists that it is a mapping; `help` says what the
/// mapping should start with. `None` when it is not, with the reason in `diags`.
fn front_matter_mapping(
    file: &str,
    text: &str,
    help: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<(Node, Span)> {
    let (root, end) = match parse_front_matter(file, text) {
        Ok(v) => v,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    if !matches!(root.kind, Kind::Map(_)) {
        diags.push(
            Diagnostic::new(
                Code::WrongType,
                file,
                root.span,
                format!(
                    "the front matter must be a mapping of keys, found {}",
                    root.type_name()
                ),
            )
            .with_help(help),
        );
        return None;
    }
    Some((root, end))
}

/// Reads one language's `_index.md` into a [`Page`] (with no chapters yet). `None` when the
/// file could not be read as a mapping at all; the reasons are in `diags`.
pub fn page(
    file: &str,
    text: &str,
    lang: &str,
    section: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<Page> {
    let (root, end) = front_matter_mapping(
        file,
        text,
        "start with `title:`, then `topSection:`, `citySection:`, … like the example site",
        diags,
    )?;
    let mut r = Reader {
        file: file.to_string(),
        diags,
    };
    let top = r.fields(
        &root,
        "",
        end,
        &["title", "topSection", "citySection", "organization", "applyNew", "returns"],
        &[Unused { key: "css", why: "prep compiles the theme's stylesheet itself; remove `css` (restyle with a site SCSS file of variable overrides instead)" }],
        true,
    );
    let title = r.text(&top, "title");

    let t = r.section(&top, "topSection", &["title", "content", "image"], &[]);
    let banner_title = r.text(&t, "title");
    let banner = Banner {
        text: r.text(&t, "content"),
        image: r.image(&t, "image", ImageRole::Banner, &banner_title.value),
        title: banner_title,
    };

    let c = r.section(&top, "citySection", &["cityCard", "picList"], &[]);
    let card = r.section(&c, "cityCard", &["title", "des", "joinLink"], &[]);
    let mut cards = Vec::new();
    for (node, path) in r.items(&c, "picList", false) {
        let f = r.fields(
            node,
            &path,
            node.span,
            &["id", "name", "title", "des", "backgroundImage"],
            &[],
            false,
        );
        let name = r.text(&f, "name");
        cards.push(CityCard {
            id: r.text(&f, "id"),
            title: r.text(&f, "title"),
            description: r.text(&f, "des"),
            image: r.image(&f, "backgroundImage", ImageRole::CityCard, &name.value),
            name,
        });
    }
    let cities = CitySection {
        title: r.text(&card, "title"),
        description: r.text(&card, "des"),
        join_link: r.text(&card, "joinLink"),
        cards,
    };

    let o = r.section(
        &top,
        "organization",
        &[
            "name",
            "orgIcon",
            "description",
            "SIG",
            "SIG_zh",
            "position1",
            "position2",
            "position3",
        ],
        &[],
    );
    let sig_name = r.text(&o, "SIG");
    let icon_path = r.text(&o, "orgIcon");
    let icon_alt = if icon_path.value.to_lowercase().contains("github") {
        "GitHub".to_string()
    } else {
        sig_name.value.clone()
    };
    let organization = Organization {
        title: r.text(&o, "name"),
        icon: ImageRef {
            path: icon_path,
            role: ImageRole::Icon,
            alt: icon_alt,
        },
        description: r.text(&o, "description"),
        sig_local_name: r.text(&o, "SIG_zh"),
        roles: vec![
            r.text(&o, "position1"),
            r.text(&o, "position2"),
            r.text(&o, "position3"),
        ],
        sig_name,
    };

    let a = r.section(
        &top,
        "applyNew",
        &[
            "title_en",
            "title",
            "description",
            "right_pic",
            "conditions",
            "apply",
            "requirements",
        ],
        &[],
    );
    let no_link = Unused {
        key: "applyLink",
        why: "this card shows no link (only the `apply` card does); remove it",
    };
    let step_keys: &[&'static str] = &["text", "description", "image"];
    let conditions = step(
        &mut r,
        &a,
        "conditions",
        step_keys,
        std::slice::from_ref(&no_link),
        false,
    );
    let how_to_apply = step(
        &mut r,
        &a,
        "apply",
        &["text", "description", "applyLink", "image"],
        &[],
        true,
    );
    let requirements = step(
        &mut r,
        &a,
        "requirements",
        step_keys,
        std::slice::from_ref(&no_link),
        false,
    );
    let apply = Apply {
        eyebrow: r.text(&a, "title_en"),
        title: r.text(&a, "title"),
        description: r.text(&a, "description"),
        illustration: r.image(&a, "right_pic", ImageRole::Icon, ""),
        conditions,
        how_to_apply,
        requirements,
    };

    let rt = r.section(&top, "returns", &["title", "list"], &[]);
    let mut items = Vec::new();
    for (node, path) in r.items(&rt, "list", false) {
        let f = r.fields(node, &path, node.span, &["text", "bg"], &[], false);
        items.push(ReturnItem {
            text: r.text(&f, "text"),
            decoration: r.image(&f, "bg", ImageRole::Icon, ""),
        });
    }
    let returns = Returns {
        title: r.text(&rt, "title"),
        items,
    };

    Some(Page {
        lang: lang.to_string(),
        section: section.to_string(),
        file: file.to_string(),
        title,
        banner,
        cities,
        organization,
        apply,
        returns,
        chapters: Vec::new(),
    })
}

fn step(
    r: &mut Reader<'_>,
    parent: &Fields<'_>,
    key: &str,
    known: &[&'static str],
    unused: &[Unused],
    link: bool,
) -> ApplyStep {
    let f = r.section(parent, key, known, unused);
    ApplyStep {
        title: r.text(&f, "text"),
        description: r.opt_text(&f, "description"),
        link: if link {
            Some(r.text(&f, "applyLink"))
        } else {
            None
        },
        icon: r.image(&f, "image", ImageRole::Icon, ""),
    }
}

/// Reads a chapter page (`<section>/<id>.md`). `id` is the file's stem; its position is the
/// file's first line, since the id is the file name.
pub fn chapter(file: &str, text: &str, id: &str, diags: &mut Vec<Diagnostic>) -> Option<Chapter> {
    let (root, end) = front_matter_mapping(
        file,
        text,
        "start with `title:`, `name:`, `members:`, … like the example site's chapter pages",
        diags,
    )?;
    let mut r = Reader {
        file: file.to_string(),
        diags,
    };
    let top = r.fields(
        &root,
        "",
        end,
        &[
            "title",
            "name",
            "cover",
            "founded",
            "description",
            "joinLink",
            "members",
        ],
        &[],
        true,
    );
    let name = r.text(&top, "name");
    let mut members = Vec::new();
    for (node, path) in r.items(&top, "members", true) {
        let f = r.fields(
            node,
            &path,
            node.span,
            &["name", "role", "github", "avatar", "bio"],
            &[],
            false,
        );
        let member_name = r.text(&f, "name");
        let role_text = r.text(&f, "role");
        let role = match Role::parse(&role_text.value) {
            Some(role) => role,
            None => {
                if !role_text.value.is_empty() {
                    let mut d = Diagnostic::new(
                        Code::BadRole,
                        &r.file,
                        role_text.span,
                        format!("unknown role `{}`", role_text.value),
                    )
                    .with_help("use 站长, 副站长 or 委员 (or lead, deputy, member)");
                    if let Some(s) = suggest(&role_text.value, &["lead", "deputy", "member"]) {
                        d.help = Some(format!("did you mean `{s}`? roles are 站长, 副站长, 委员 (or lead, deputy, member)"));
                    }
                    r.push(d);
                }
                Role::Member
            }
        };
        members.push(Member {
            avatar: r.opt_image(&f, "avatar", ImageRole::Avatar, &member_name.value),
            name: member_name,
            role: Spanned::new(role, role_text.span),
            github: r.opt_text(&f, "github"),
            bio: r.opt_text(&f, "bio"),
        });
    }
    Some(Chapter {
        id: Spanned::new(id.to_string(), Span { line: 1, column: 1 }),
        file: file.to_string(),
        title: r.text(&top, "title"),
        cover: r.opt_image(&top, "cover", ImageRole::CityCard, &name.value),
        founded: r.opt_text(&top, "founded"),
        description: r.text(&top, "description"),
        join_link: r.opt_text(&top, "joinLink"),
        members,
        name,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_lines() {
        let fm = front_matter("a.md", "---\ntitle: x\n---\nbody").unwrap();
        assert_eq!(fm.yaml, "title: x\n");
        assert_eq!(fm.first_line, 2);
        assert_eq!(fm.end, Span { line: 3, column: 1 });
        let fm = front_matter("a.md", "---\r\ntitle: x\r\n---\r\n").unwrap();
        assert_eq!(fm.yaml, "title: x\r\n");
    }

    #[test]
    fn toml_and_json_front_matter_are_refused() {
        let d = front_matter("a.md", "+++\ntitle = 'x'\n+++\n").unwrap_err();
        assert_eq!((d.code, d.line, d.column), (Code::FrontMatter, 1, 1));
        assert!(d.message.contains("TOML"));
        let d = front_matter("a.md", "{\"title\": \"x\"}\n").unwrap_err();
        assert!(d.message.contains("JSON"));
        assert!(front_matter("a.md", "---\ntitle: x\n")
            .unwrap_err()
            .message
            .contains("not closed"));
        assert!(front_matter("a.md", "").is_err());
    }

    #[test]
    fn suggestions_only_for_near_misses() {
        let known = ["title", "joinLink", "backgroundImage", "des"];
        assert_eq!(suggest("titel", &known), Some("title"));
        assert_eq!(suggest("joinlnk", &known), Some("joinLink"));
        assert_eq!(suggest("backgroundimg", &known), Some("backgroundImage"));
        assert_eq!(suggest("background_image", &known), Some("backgroundImage"));
        assert_eq!(suggest("colour", &known), None);
    }

    #[test]
    fn syntax_error_position_is_in_file_lines() {
        let d = parse_front_matter("a.md", "---\ntitle: x\nfoo: [1, 2\nbar: 3\n---\n").unwrap_err();
        assert_eq!(d.code, Code::YamlSyntax);
        assert!(d.line >= 3, "{d:?}");
        assert!(!d.message.contains("column"), "{d:?}");
        assert!(
            d.message.contains("at line 3"),
            "context in file lines: {d:?}"
        );
    }

    #[test]
    fn keys_match_case_insensitively_and_duplicates_by_case_are_errors() {
        let text =
            "---\ntitle: t\nname: n\nDescription: d\nJOINLINK: /x\ndescription: again\n---\n";
        let mut diags = Vec::new();
        let ch = chapter("c.md", text, "shanghai", &mut diags).unwrap();
        assert_eq!(ch.join_link.unwrap().value, "/x");
        assert_eq!(ch.description.value, "d");
        let dup: Vec<_> = diags
            .iter()
            .filter(|d| d.code == Code::DuplicateKey)
            .collect();
        assert_eq!(dup.len(), 1, "{diags:?}");
        assert_eq!((dup[0].line, dup[0].column), (6, 1));
    }

    const BASE: &str =
        include_str!("../../../fixtures/invalid/_base/content/zh/user-group/_index.md");

    /// The base page with every key rewritten by `f` (values untouched).
    fn rekey(f: impl Fn(&str) -> String) -> String {
        BASE.lines()
            .map(|line| {
                let indent = line.len() - line.trim_start_matches([' ', '-']).len();
                match line[indent..].split_once(':') {
                    Some((key, rest))
                        if !key.is_empty()
                            && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') =>
                    {
                        format!("{}{}:{rest}", &line[..indent], f(key))
                    }
                    _ => line.to_string(),
                }
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn any_key_casing_loads_the_same_model() {
        let mut diags = Vec::new();
        let base = page("p.md", BASE, "zh", "user-group", &mut diags).unwrap();
        assert!(diags.is_empty(), "{diags:?}");
        for variant in [rekey(|k| k.to_lowercase()), rekey(|k| k.to_uppercase())] {
            let mut diags = Vec::new();
            let p = page("p.md", &variant, "zh", "user-group", &mut diags).unwrap();
            assert!(diags.is_empty(), "{diags:?}");
            assert_eq!(
                serde_json::to_value(&p).unwrap(),
                serde_json::to_value(&base).unwrap()
            );
        }
    }

    #[test]
    fn exact_duplicate_keys_are_reported_with_both_lines() {
        let text = BASE.replacen("  SIG_zh:", "  SIG: again\n  SIG_zh:", 1);
        let mut diags = Vec::new();
        let _ = page("p.md", &text, "zh", "user-group", &mut diags);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].code, Code::DuplicateKey);
        assert_eq!(diags[0].message, "duplicate key `SIG`");
        assert!(
            diags[0].help.as_deref().unwrap_or("").contains("line 38"),
            "{diags:?}"
        );
    }

    #[test]
    fn alt_texts_follow_the_role() {
        let mut diags = Vec::new();
        let p = page("p.md", BASE, "zh", "user-group", &mut diags).unwrap();
        assert_eq!(p.banner.image.alt, "KubeSphere 社区用户委员会");
        assert_eq!(p.cities.cards[0].image.alt, "上海站");
        assert_eq!(p.organization.icon.alt, "Advocacy and Outreach SIG");
        assert_eq!(p.apply.illustration.alt, "");
        assert_eq!(p.returns.items[0].decoration.alt, "");
        assert_eq!(p.apply.requirements.link, None);
        assert!(p.apply.how_to_apply.link.is_some());
    }

    #[test]
    fn garbage_never_panics() {
        let seed = BASE;
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        for cut in (0..seed.len()).step_by(7) {
            if !seed.is_char_boundary(cut) {
                continue;
            }
            let mut diags = Vec::new();
            let _ = page("p.md", &seed[..cut], "zh", "user-group", &mut diags);
            let _ = chapter("c.md", &seed[..cut], "x", &mut diags);
        }
        let bytes = seed.as_bytes();
        for _ in 0..300 {
            let mut v = bytes.to_vec();
            for _ in 0..8 {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                let i = (state as usize) % v.len();
                let table = b"-:[]{}&*!|>'\"\n #?,";
                v[i] = table[(state >> 32) as usize % table.len()];
            }
            let text = String::from_utf8_lossy(&v);
            let mut diags = Vec::new();
            let _ = page("p.md", &text, "zh", "user-group", &mut diags);
            assert!(diags.iter().all(|d| d.line > 0), "{diags:?}");
        }
    }
}
