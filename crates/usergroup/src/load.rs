//! Step 2: read front matter into the [`crate::model`], keys matched case-insensitively.
//!
//! The model's serde derives are the schema ([`crate::model`]); `de` deserialises the front
//! matter into them from a tree that knows every value's position ([`yaml`]), so that checks
//! made long after loading point at the right line and column. Hugo matches front-matter keys
//! case-insensitively (`SIG`, `sig` and `Sig` are one key), so this module does too, and
//! reports what Hugo would silently swallow:
//!
//! - a key outside the schema is an **error** (`E0105`), with "did you mean" when it is a
//!   near-miss of a known key (`titel` -> `title`) and the list of expected keys otherwise;
//! - a key the schema knows but the page does not use ([`schema::UNUSED`]) is a **warning**
//!   (`W0107`) saying why;
//! - Hugo's own page keys are allowed at the top of a file, except those that change where
//!   or how Hugo renders the page (`E0109`), and dates must be dates ([`schema::HUGO_KEYS`]);
//! - two keys of one mapping that differ only by case are an **error** (`E0106`): Hugo keeps
//!   one of them, silently.
//!
//! The bytes must be UTF-8 (`E0108` at the first bad byte); only YAML front matter (`---`)
//! is supported (TOML `+++` and JSON get `E0101`), of at most [`MAX_FRONT_MATTER_BYTES`].

mod de;
pub mod schema;
pub mod yaml;

use serde::Deserialize;

use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Chapter, Page, Span, Spanned};
use yaml::{Kind, Node};

/// Front matter larger than this is refused (`E0110`) before it is parsed: the example
/// page's is 4 kB, a page of 500 cities well under 200 kB.
pub const MAX_FRONT_MATTER_BYTES: usize = 256 * 1024;

/// The text of a content file, or `E0108` at the first byte that is not UTF-8 (a UTF-16
/// file, a NUL byte, an invalid sequence). A UTF-8 byte-order mark is kept (the front-matter
/// reader skips it), and so are CRLF line ends.
pub fn decode_text(file: &str, bytes: &[u8]) -> Result<String, Diagnostic> {
    let utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
    if utf16 {
        return Err(Diagnostic::new(
            Code::BadEncoding,
            file,
            Span { line: 1, column: 1 },
            "the file is UTF-16; prep and Hugo read UTF-8",
        )
        .with_help("save the file as UTF-8 (most editors: \"Save with encoding\" → UTF-8)"));
    }
    let (valid, problem) = match std::str::from_utf8(bytes) {
        Ok(text) => match first_stray_byte(text) {
            Some((at, problem)) => (&text[..at], problem),
            None => return Ok(text.to_string()),
        },
        Err(e) => (
            // `valid_up_to` is a char boundary by definition.
            std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default(),
            "a byte that is not UTF-8",
        ),
    };
    let line = valid.matches('\n').count() + 1;
    let column = valid.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    Err(Diagnostic::new(
        Code::BadEncoding,
        file,
        Span { line, column },
        format!("the file has {problem} here"),
    )
    .with_help(if problem.starts_with("a carriage") {
        "save the file with LF (or CRLF) line ends; most editors show and change them in the status bar"
    } else {
        "save the file as UTF-8; if it was pasted from elsewhere, retype the text at this position"
    }))
}

/// The first byte of valid UTF-8 `text` that prep refuses, and what it is: a NUL, or a
/// carriage return outside a CRLF pair. The YAML parser counts a lone CR as a line end and
/// every other tool here counts only LF, so positions after one would point at the wrong
/// line (found by the fuzzer). Old Mac line ends are the only source of them.
fn first_stray_byte(text: &str) -> Option<(usize, &'static str)> {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().find_map(|(at, &byte)| match byte {
        b'\0' => Some((at, "a NUL byte")),
        b'\r' if bytes.get(at + 1) != Some(&b'\n') => Some((
            at,
            "a carriage return (CR) that is not followed by a line feed (LF)",
        )),
        _ => None,
    })
}

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

/// Parses the front matter of `file` into a position-carrying tree and the closing fence's
/// position; problems go to `diags` (`None` when there is no tree to read).
pub fn parse_front_matter(
    file: &str,
    text: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<(Node, Span)> {
    let fm = match front_matter(file, text) {
        Ok(fm) => fm,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    if fm.yaml.len() > MAX_FRONT_MATTER_BYTES {
        diags.push(
            Diagnostic::new(
                Code::TooLarge,
                file,
                Span { line: 1, column: 1 },
                format!(
                    "the front matter is {} kB; prep reads at most {} kB",
                    fm.yaml.len() / 1024,
                    MAX_FRONT_MATTER_BYTES / 1024
                ),
            )
            .with_help("move long texts into the page body, or split the page"),
        );
        return None;
    }
    match yaml::parse(file, fm.yaml, fm.first_line, diags) {
        Ok(node) => Some((node, fm.end)),
        Err(err) => {
            let help = match err.code {
                Code::YamlSyntax => {
                    "check the indentation and quoting on this line and the one before it"
                }
                _ => "see the limits in the README; a real page stays far below them",
            };
            let message = match err.code {
                Code::YamlSyntax => format!("YAML syntax error: {}", err.message),
                _ => err.message,
            };
            diags.push(Diagnostic::new(err.code, file, err.span, message).with_help(help));
            None
        }
    }
}

/// Parses a file's front matter and deserialises it into `T`; `None` when the file has no
/// readable mapping at all, with the reason in `diags`. `help` says what the mapping should
/// start with.
fn read<T: for<'de> Deserialize<'de>>(
    file: &str,
    text: &str,
    help: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<T> {
    let (root, end) = parse_front_matter(file, text, diags)?;
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
    let ctx = de::Context {
        file,
        diags: Default::default(),
    };
    let value = T::deserialize(de::ValueDe::root(&ctx, &root, end));
    diags.append(&mut ctx.diags.into_inner());
    match value {
        Ok(v) => Some(v),
        Err(e) => {
            diags.push(
                Diagnostic::new(Code::WrongType, file, root.span, e.to_string()).with_help(help),
            );
            None
        }
    }
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
    let mut page: Page = read(
        file,
        text,
        "start with `title:`, then `topSection:`, `citySection:`, … like the example site",
        diags,
    )?;
    page.lang = lang.to_string();
    page.section = section.to_string();
    page.file = file.to_string();
    alt_texts(&mut page);
    Some(page)
}

/// The alternative text of each image that shows something: the text beside it.
/// Decorations keep `alt=""`.
fn alt_texts(page: &mut Page) {
    page.banner.image.alt = page.banner.title.value.clone();
    for card in &mut page.cities.cards {
        card.image.alt = card.name.value.clone();
    }
    let org = &mut page.organization;
    // The badge stands for the SIG unless the page says what it shows (`orgIconAlt`): the
    // file name says nothing reliable (the seed's `github.svg` need not be GitHub's mark).
    org.icon.alt = match &org.icon_alt {
        Some(alt) => alt.value.clone(),
        None => org.sig_name.value.clone(),
    };
}

/// Reads a chapter page (`<section>/<id>.md`). `id` is the file's stem; its position is the
/// file's first line, since the id is the file name.
pub fn chapter(file: &str, text: &str, id: &str, diags: &mut Vec<Diagnostic>) -> Option<Chapter> {
    let mut chapter: Chapter = read(
        file,
        text,
        "start with `title:`, `name:`, `members:`, … like the example site's chapter pages",
        diags,
    )?;
    chapter.id = Spanned::new(id.to_string(), Span { line: 1, column: 1 });
    chapter.file = file.to_string();
    let name = chapter.name.value.clone();
    if let Some(cover) = &mut chapter.cover {
        cover.alt = name;
    }
    for member in &mut chapter.members {
        if let Some(avatar) = &mut member.avatar {
            avatar.alt = member.name.value.clone();
        }
    }
    Some(chapter)
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
        let mut diags = Vec::new();
        let text = "---\ntitle: x\nfoo: [1, 2\nbar: 3\n---\n";
        assert!(parse_front_matter("a.md", text, &mut diags).is_none());
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(
            (diags[0].code, diags[0].line),
            (Code::YamlSyntax, 4),
            "{diags:?}"
        );
    }

    #[test]
    fn encodings_are_errors_at_the_first_bad_byte() {
        let d = decode_text("a.md", b"---\ntitle: ok\nname: \xe4\xb8\x8a\xff\n---\n").unwrap_err();
        assert_eq!(
            (d.code, d.line, d.column),
            (Code::BadEncoding, 3, 8),
            "{d:?}"
        );
        let d = decode_text("a.md", b"---\ntitle: a\0b\n").unwrap_err();
        assert_eq!((d.line, d.column), (2, 9));
        assert!(d.message.contains("NUL"), "{d:?}");
        let d = decode_text("a.md", b"---\r\ntitle: a\rb: c\r\n").unwrap_err();
        assert_eq!((d.line, d.column), (2, 9));
        assert!(d.message.contains("carriage return"), "{d:?}");
        let d = decode_text("a.md", b"---\ntitle: a\r").unwrap_err();
        assert_eq!((d.line, d.column), (2, 9));
        let d = decode_text("a.md", b"\xff\xfe-\0-\0-\0").unwrap_err();
        assert_eq!((d.line, d.column), (1, 1));
        assert!(d.message.contains("UTF-16"), "{d:?}");
        let bom_crlf = decode_text("a.md", b"\xef\xbb\xbf---\r\ntitle: x\r\n---\r\n").unwrap();
        assert_eq!(
            front_matter("a.md", &bom_crlf).unwrap().yaml,
            "title: x\r\n"
        );
    }

    #[test]
    fn front_matter_over_the_limit_is_refused_before_parsing() {
        let text = format!("---\nx: {}\n---\n", "a".repeat(MAX_FRONT_MATTER_BYTES));
        let mut diags = Vec::new();
        assert!(parse_front_matter("a.md", &text, &mut diags).is_none());
        assert_eq!(diags[0].code, Code::TooLarge);
    }

    #[test]
    fn missing_wrong_type_and_unknown_keys_are_all_reported_in_one_run() {
        let text = "---\ntitle: t\nnmae: n\ndescription: [a]\nmembers:\n  - name: x\n    role: lead\n    github:\n---\n";
        let mut diags = Vec::new();
        let ch = chapter("c.md", text, "x", &mut diags).unwrap();
        let found: Vec<_> = diags
            .iter()
            .map(|d| (d.code.as_str(), d.line, d.column, d.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                ("E0105", 3, 1, "unknown key `nmae`"),
                ("E0103", 4, 14, "`description` must be text, found a list"),
                ("E0104", 8, 5, "`members[0].github` has no value"),
            ],
            "{diags:?}"
        );
        assert_eq!(diags[0].help.as_deref(), Some("did you mean `name`?"));
        assert_eq!(ch.members.len(), 1);
        assert_eq!(ch.members[0].role.value, "lead");
    }

    #[test]
    fn hugo_keys_that_route_are_refused_and_dates_checked() {
        let text =
            "---\ntitle: t\nname: n\ndescription: d\nURL: /zh/\nweight: 3\ndate: 2021-02-30\n---\n";
        let mut diags = Vec::new();
        chapter("c.md", text, "x", &mut diags).unwrap();
        let found: Vec<_> = diags
            .iter()
            .map(|d| (d.code.as_str(), d.line, d.column))
            .collect();
        assert_eq!(found, [("E0109", 5, 1), ("E0207", 7, 7)], "{diags:?}");
    }

    #[test]
    fn keys_match_case_insensitively_and_duplicates_by_case_are_errors() {
        let text =
            "---\ntitle: t\nname: n\nDescription: d\nJOINLINK: /x\ndescription: again\n---\n";
        let mut diags = Vec::new();
        let ch = chapter("c.md", text, "shanghai", &mut diags).unwrap();
        assert_eq!(ch.join_link.unwrap().value, "/x");
        assert_eq!(ch.description.value, "d");
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(
            (diags[0].code, diags[0].line, diags[0].column),
            (Code::DuplicateKey, 6, 1)
        );
        assert_eq!(diags[0].labels[0].line, 4);
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
        assert_eq!(diags[0].line, 39);
        assert_eq!(diags[0].labels[0].line, 38, "{diags:?}");
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
