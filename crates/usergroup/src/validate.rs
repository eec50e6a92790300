//! Step 3: the rules, as data. Every rule reports [`Diagnostic`]s at the position of the
//! offending value; the code table is in [`crate::diagnostic::Code`].
//!
//! Judgement calls, documented here so they stay deliberate:
//! - an image narrower than the *smallest* width its role renders is an error (`E0304`): it
//!   would be blurry at every size. Narrower than the role's
//!   [`ImageRole::min_source_width`] is a warning (`W0305`) naming how many widths will be
//!   missing.
//! - consistency lints (`W04xx`) fire only when the prose disagrees with the cards; they are
//!   warnings because prose can be right in ways a lint cannot see.

mod images;
pub mod text;

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostic::{Code, Diagnostic, SourceFiles};
use crate::model::{Page, Site, Span, Spanned};

/// Runs every rule over a loaded site. `complete` is false when some file failed to load;
/// rules comparing files are skipped then (they would compare against a hole).
pub fn site(site: &Site, complete: bool, sources: &SourceFiles, diags: &mut Vec<Diagnostic>) {
    let mut images = images::ImageChecker::for_site(site);
    for page in &site.pages {
        ids(page, diags);
        if complete {
            chapters(page, diags);
        }
        for (file, image) in page.image_refs() {
            images.check(file, image, diags);
        }
        links(page, diags);
        consistency(page, sources, diags);
    }
    if complete {
        ids_across_languages(site, diags);
    }
}

fn is_slug(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

fn slugify(id: &str) -> String {
    let mut out = String::new();
    for c in id.trim().chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

fn ids(page: &Page, diags: &mut Vec<Diagnostic>) {
    let mut seen: BTreeMap<&str, Span> = BTreeMap::new();
    for card in &page.cities.cards {
        let id = card.id.value.as_str();
        if id.is_empty() {
            continue;
        }
        if !is_slug(id) {
            let fix = slugify(id);
            let help = if fix.is_empty() {
                "use lower-case ASCII letters, digits and `-` (it becomes the chapter page's file name and URL)".to_string()
            } else {
                format!("use lower-case ASCII letters, digits and `-`, e.g. `{fix}` (it becomes the chapter page's file name and URL)")
            };
            diags.push(
                Diagnostic::new(
                    Code::IdNotSlug,
                    &page.file,
                    card.id.span,
                    format!("city id `{id}` is not slug-safe"),
                )
                .with_help(help),
            );
        }
        if let Some(first) = seen.get(id) {
            diags.push(
                Diagnostic::new(
                    Code::DuplicateId,
                    &page.file,
                    card.id.span,
                    format!("city id `{id}` is used twice"),
                )
                .with_help(format!(
                    "the first card with this id is at line {}; give each city its own id",
                    first.line
                )),
            );
        } else {
            seen.insert(id, card.id.span);
        }
    }
}

fn ids_across_languages(site: &Site, diags: &mut Vec<Diagnostic>) {
    let ids = |p: &Page| {
        p.cities
            .cards
            .iter()
            .map(|c| c.id.value.clone())
            .collect::<BTreeSet<_>>()
    };
    for (i, a) in site.pages.iter().enumerate() {
        for b in site.pages.iter().skip(i + 1) {
            let (ia, ib) = (ids(a), ids(b));
            for (from, to, other) in [(a, &ib, b), (b, &ia, a)] {
                for card in &from.cities.cards {
                    if !card.id.value.is_empty() && !to.contains(&card.id.value) {
                        diags.push(
                            Diagnostic::new(Code::IdsDiffer, &from.file, card.id.span, format!("city `{}` has no card in the `{}` page", card.id.value, other.lang))
                                .with_help(format!("every language lists the same city ids; add a card with `id: {}` to {} or fix the id", card.id.value, other.file)),
                        );
                    }
                }
            }
        }
    }
}

fn is_github_login(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 39
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

fn chapters(page: &Page, diags: &mut Vec<Diagnostic>) {
    for ch in &page.chapters {
        if !page.cities.cards.iter().any(|c| c.id.value == ch.id.value) {
            let known: Vec<&str> = page
                .cities
                .cards
                .iter()
                .map(|c| c.id.value.as_str())
                .collect();
            let mut help = format!(
                "a chapter page's file name is its city id; the cards of {} have {}",
                page.file,
                known
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            if let Some(s) = crate::load::suggest(&ch.id.value, &known) {
                help = format!("did you mean `{s}.md`? {help}");
            }
            diags.push(
                Diagnostic::new(
                    Code::ChapterWithoutCard,
                    &ch.file,
                    ch.id.span,
                    format!(
                        "chapter page `{}` has no city card with id `{}`",
                        ch.file, ch.id.value
                    ),
                )
                .with_help(help),
            );
        }
        if let Some(founded) = &ch.founded {
            if text::iso_date(&founded.value).is_none() {
                let mut d = Diagnostic::new(
                    Code::BadDate,
                    &ch.file,
                    founded.span,
                    format!("`founded` is not a date: `{}`", founded.value),
                )
                .with_help("write the date as YYYY-MM-DD, e.g. 2021-05-15");
                // `2021/5/15` and `2021.05.15` read as dates once their separators are dashes.
                let dashed = founded.value.trim().replace(['/', '.'], "-");
                if let Some(f) =
                    text::find_date(&founded.value).or_else(|| text::find_date(&dashed))
                {
                    let (y, m, dd) = f.value;
                    d.help = Some(format!("write it as `{y:04}-{m:02}-{dd:02}`"));
                }
                diags.push(d);
            }
        }
        for m in &ch.members {
            let Some(gh) = &m.github else { continue };
            let handle = gh.value.trim();
            if is_github_login(handle) {
                continue;
            }
            let fixed = handle
                .trim_start_matches('@')
                .trim_end_matches('/')
                .rsplit('/')
                .next()
                .unwrap_or("")
                .to_string();
            let help = if is_github_login(&fixed) {
                format!("write just the login: `github: {fixed}`")
            } else {
                "a GitHub login has 1-39 letters, digits or single hyphens, with no `@` and no URL"
                    .to_string()
            };
            diags.push(
                Diagnostic::new(
                    Code::BadGithub,
                    &ch.file,
                    gh.span,
                    format!("`{}` is not a GitHub login", gh.value),
                )
                .with_help(help),
            );
        }
    }
}

/// How a link is classified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkKind {
    /// `http(s)://host…`, with its lower-cased host.
    Web(String),
    /// `/…` on this site.
    SiteRelative,
    /// A scheme that runs or embeds code or files: `javascript:`, `data:`, `file:`, `vbscript:`.
    Forbidden(String),
    /// Anything else (a relative path, `mailto:`, `www.x.org` without a scheme).
    Other,
}

/// Classifies a link the way a browser would read it (it ignores tabs and newlines and
/// case in the scheme, so `Java\tScript:` is still `javascript:`).
pub fn classify_link(link: &str) -> LinkKind {
    let squeezed: String = link
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect();
    let lower = squeezed.to_ascii_lowercase();
    if let Some((scheme, rest)) = lower.split_once(':') {
        if !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        {
            return match scheme {
                "javascript" | "data" | "file" | "vbscript" => {
                    LinkKind::Forbidden(scheme.to_string())
                }
                "http" | "https" => match rest.strip_prefix("//") {
                    Some(r) => {
                        let authority = r.split(['/', '?', '#']).next().unwrap_or("");
                        let host = authority.rsplit('@').next().unwrap_or("");
                        let host = if host.starts_with('[') {
                            host.split(']').next().unwrap_or("").trim_start_matches('[')
                        } else {
                            host.split(':').next().unwrap_or("")
                        };
                        if host.is_empty() {
                            LinkKind::Other
                        } else {
                            LinkKind::Web(host.trim_end_matches('.').to_string())
                        }
                    }
                    None => LinkKind::Other,
                },
                _ => LinkKind::Other,
            };
        }
    }
    if lower.starts_with('/') && !lower.starts_with("//") {
        LinkKind::SiteRelative
    } else {
        LinkKind::Other
    }
}

/// Whether a host is a placeholder nobody means to publish.
pub fn is_placeholder_host(host: &str) -> bool {
    let h = host.to_ascii_lowercase();
    let under = |d: &str| h == d || h.ends_with(&format!(".{d}"));
    under("baidu.com")
        || under("example.com")
        || under("example.org")
        || under("example.net")
        || under("localhost")
        || matches!(h.as_str(), "127.0.0.1" | "0.0.0.0" | "::1")
}

fn links(page: &Page, diags: &mut Vec<Diagnostic>) {
    let mut all: Vec<(&str, &str, &Spanned<String>)> = vec![(
        page.file.as_str(),
        "citySection.cityCard.joinLink",
        &page.cities.join_link,
    )];
    if let Some(l) = &page.apply.how_to_apply.link {
        all.push((page.file.as_str(), "applyNew.apply.applyLink", l));
    }
    for ch in &page.chapters {
        if let Some(l) = &ch.join_link {
            all.push((ch.file.as_str(), "joinLink", l));
        }
    }
    for (file, key, link) in all {
        if link.value.trim().is_empty() {
            continue;
        }
        match classify_link(&link.value) {
            LinkKind::SiteRelative => {}
            LinkKind::Web(host) if is_placeholder_host(&host) => diags.push(
                Diagnostic::new(Code::LinkPlaceholder, file, link.span, format!("`{key}` points at a placeholder host `{host}`"))
                    .with_help("replace it with the real page people should visit (e.g. the chapter's sign-up form or issue tracker)"),
            ),
            LinkKind::Web(_) => {}
            LinkKind::Forbidden(scheme) => diags.push(
                Diagnostic::new(Code::LinkScheme, file, link.span, format!("`{key}` uses the `{scheme}:` scheme, which is never allowed"))
                    .with_help("links must be `https://…` or a path on this site starting with `/`"),
            ),
            LinkKind::Other => {
                let v = link.value.trim();
                let help = if v.starts_with("www.") || (v.contains('.') && !v.contains(':') && !v.starts_with('.')) {
                    format!("add the scheme: `https://{}`", v.trim_start_matches('/'))
                } else {
                    "links must be `https://…` or a path on this site starting with `/`".to_string()
                };
                diags.push(Diagnostic::new(Code::LinkKind, file, link.span, format!("`{key}` is neither an http(s) link nor a site path: `{v}`")).with_help(help));
            }
        }
    }
}

/// The position of the `offset`-th character of a value, found in the source: on the value's
/// first line when it is a one-line scalar, else by searching `needle` in the lines after it.
fn locate(
    sources: &SourceFiles,
    file: &str,
    value: &Spanned<String>,
    offset: usize,
    needle: &str,
) -> Span {
    if let Some(line) = sources.line(file, value.span.line) {
        let rest: String = line
            .chars()
            .skip(value.span.column.saturating_sub(1))
            .collect();
        let quoted = rest.starts_with('"') || rest.starts_with('\'');
        let start = value.span.column + usize::from(quoted);
        let candidate: String = line.chars().skip(start - 1 + offset).collect();
        if candidate.starts_with(needle) {
            return Span {
                line: value.span.line,
                column: start + offset,
            };
        }
        if let Some(p) = rest.find(needle) {
            return Span {
                line: value.span.line,
                column: value.span.column + rest[..p].chars().count(),
            };
        }
    }
    for l in value.span.line + 1..value.span.line + 40 {
        let Some(line) = sources.line(file, l) else {
            break;
        };
        if let Some(p) = line.find(needle) {
            return Span {
                line: l,
                column: line[..p].chars().count() + 1,
            };
        }
    }
    value.span
}

fn substring(text: &str, at: usize, len: usize) -> String {
    text.chars().skip(at).take(len).collect()
}

fn consistency(page: &Page, sources: &SourceFiles, diags: &mut Vec<Diagnostic>) {
    let file = page.file.as_str();
    let cards = &page.cities.cards;
    if cards.is_empty() {
        return; // nothing to compare the prose with (a broken `picList` is reported already)
    }
    let names: Vec<String> = cards
        .iter()
        .map(|c| text::city_name(&c.name.value))
        .collect();

    // (a) a city's text naming another city.
    for (i, card) in cards.iter().enumerate() {
        for (j, other) in names.iter().enumerate() {
            if i == j || other.chars().count() < 2 || names[i].contains(other.as_str()) {
                continue;
            }
            if let Some(p) = card.description.value.find(other.as_str()) {
                let offset = card.description.value[..p].chars().count();
                let at = locate(sources, file, &card.description, offset, other);
                diags.push(
                    Diagnostic::new(
                        Code::NamesOtherCity,
                        file,
                        at,
                        format!(
                            "the {} card's text names another city, {other}",
                            card.name.value
                        ),
                    )
                    .with_help(format!(
                        "copied from the {} card? the text should be about {}",
                        cards[j].name.value, names[i]
                    )),
                );
            }
        }
    }

    // (b) every city founded on the same day.
    let mut dates = Vec::new();
    for card in cards {
        let chapter = page.chapters.iter().find(|c| c.id.value == card.id.value);
        let from_chapter = chapter
            .and_then(|c| c.founded.as_ref())
            .and_then(|f| text::iso_date(&f.value).map(|d| (d, c_file(chapter), f.span)));
        // The card's own text first: that is what readers of the list page see.
        let found = text::find_date(&card.description.value)
            .map(|f| {
                let needle = substring(&card.description.value, f.at, 4);
                (
                    f.value,
                    file.to_string(),
                    locate(sources, file, &card.description, f.at, &needle),
                )
            })
            .or(from_chapter);
        if let Some(d) = found {
            dates.push((card, d));
        }
    }
    if cards.len() >= 2
        && dates.len() == cards.len()
        && dates.iter().all(|(_, d)| d.0 == dates[0].1 .0)
    {
        let (y, m, d) = dates[0].1 .0;
        let (_, (_, at_file, at)) = &dates[1];
        let lines: Vec<String> = dates
            .iter()
            .map(|(c, (_, f, s))| format!("{} at {}:{}", c.name.value, f, s.line))
            .collect();
        diags.push(
            Diagnostic::new(
                Code::SameFoundingDate,
                at_file,
                *at,
                format!(
                    "all {} cities were founded on the same day, {y:04}-{m:02}-{d:02}",
                    cards.len()
                ),
            )
            .with_help(format!(
                "check each city's founding date ({}); copied text is the usual cause",
                lines.join(", ")
            )),
        );
    }

    // (b2) copied text: two card texts equal once names and numbers are masked. Short
    // texts are left alone: two one-line blurbs may well be alike on purpose.
    let masked: Vec<String> = cards
        .iter()
        .map(|c| {
            mask(
                &c.description.value,
                cards
                    .iter()
                    .map(|c| c.name.value.as_str())
                    .chain(names.iter().map(String::as_str)),
            )
        })
        .collect();
    for (i, card) in cards.iter().enumerate() {
        if masked[i].chars().count() < COPIED_TEXT_MIN_CHARS {
            continue;
        }
        if let Some(j) = (0..i).find(|&j| masked[j] == masked[i]) {
            diags.push(
                Diagnostic::new(
                    Code::CopiedText,
                    file,
                    card.description.span,
                    format!(
                        "the {} card's text is the {} card's with the names and numbers changed",
                        card.name.value, cards[j].name.value
                    ),
                )
                .with_help(format!(
                    "write what is true of {} (line {} has the {} text)",
                    names[i], cards[j].description.span.line, cards[j].name.value
                )),
            );
        }
    }

    // (c) prose counting or listing the cities.
    let prose: Vec<(&str, &Spanned<String>)> = vec![
        ("topSection.content", &page.banner.text),
        ("citySection.cityCard.des", &page.cities.description),
        ("organization.description", &page.organization.description),
        ("applyNew.description", &page.apply.description),
    ];
    let card_names: Vec<String> = names.clone();
    for (key, value) in prose {
        for count in text::city_counts(&value.value) {
            if count.value as usize != cards.len() {
                let needle = substring(&value.value, count.at, 1);
                let at = locate(sources, file, value, count.at, &needle);
                diags.push(
                    Diagnostic::new(
                        Code::ProseCount,
                        file,
                        at,
                        format!(
                            "`{key}` counts {} cities, but there are {} city cards",
                            count.value,
                            cards.len()
                        ),
                    )
                    .with_help(format!(
                        "the cards are {}; update the text or the cards",
                        card_names.join(", ")
                    )),
                );
            }
        }
        for list in text::name_lists(&value.value, &card_names) {
            let listed: BTreeSet<&str> = list.iter().map(|f| f.value.as_str()).collect();
            let extra: Vec<&str> = list
                .iter()
                .map(|f| f.value.as_str())
                .filter(|n| !card_names.iter().any(|c| c == n))
                .collect();
            let missing: Vec<&str> = card_names
                .iter()
                .map(String::as_str)
                .filter(|n| !listed.contains(n))
                .collect();
            if extra.is_empty() && missing.is_empty() {
                continue;
            }
            let first = &list[0];
            let needle = substring(&value.value, first.at, first.value.chars().count());
            let at = locate(sources, file, value, first.at, &needle);
            let mut what = Vec::new();
            if !missing.is_empty() {
                what.push(format!("leaves out {}", missing.join(", ")));
            }
            if !extra.is_empty() {
                what.push(format!("names {} without a card", extra.join(", ")));
            }
            diags.push(
                Diagnostic::new(
                    Code::ProseList,
                    file,
                    at,
                    format!(
                        "`{key}` lists cities that differ from the cards: it {}",
                        what.join(" and ")
                    ),
                )
                .with_help(format!("the cards are {}", card_names.join(", "))),
            );
        }
    }

    // (d) a card's member count against its chapter page.
    for card in cards {
        let Some(ch) = page.chapters.iter().find(|c| c.id.value == card.id.value) else {
            continue;
        };
        if ch.members.is_empty() {
            continue;
        }
        if let Some(n) = text::member_count(&card.description.value) {
            if n.value as usize != ch.members.len() {
                let needle = substring(&card.description.value, n.at, 1);
                let at = locate(sources, file, &card.description, n.at, &needle);
                diags.push(
                    Diagnostic::new(
                        Code::MemberCount,
                        file,
                        at,
                        format!(
                            "the {} card says {} core members, but {} lists {}",
                            card.name.value,
                            n.value,
                            ch.file,
                            ch.members.len()
                        ),
                    )
                    .with_help(
                        "update the number in the card's text or the chapter page's members",
                    ),
                );
            }
        }
    }
}

/// Texts shorter than this (after masking) are not compared for copying.
const COPIED_TEXT_MIN_CHARS: usize = 40;

/// A text with every given name replaced by `◇` and every run of digits by `#`.
fn mask<'a>(text: &str, names: impl Iterator<Item = &'a str>) -> String {
    let mut names: Vec<&str> = names.filter(|n| !n.is_empty()).collect();
    // Longest first, so `上海站` is masked whole before `上海`.
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    let mut out = text.to_string();
    for n in names {
        out = out.replace(n, "◇");
    }
    let mut masked = String::with_capacity(out.len());
    for c in out.chars() {
        if c.is_ascii_digit() {
            if !masked.ends_with('#') {
                masked.push('#');
            }
        } else {
            masked.push(c);
        }
    }
    masked
}

fn c_file(ch: Option<&crate::model::Chapter>) -> String {
    ch.map(|c| c.file.clone()).unwrap_or_default()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn link_classification() {
        assert_eq!(
            classify_link("https://www.baidu.com"),
            LinkKind::Web("www.baidu.com".into())
        );
        assert_eq!(
            classify_link("HTTP://user@Example.com:8080/x"),
            LinkKind::Web("example.com".into())
        );
        assert_eq!(classify_link("/join/"), LinkKind::SiteRelative);
        assert_eq!(
            classify_link(" Java\tScript:alert(1)"),
            LinkKind::Forbidden("javascript".into())
        );
        assert_eq!(
            classify_link("data:text/html,x"),
            LinkKind::Forbidden("data".into())
        );
        assert_eq!(
            classify_link("file:///etc/passwd"),
            LinkKind::Forbidden("file".into())
        );
        assert_eq!(classify_link("//evil.org/x"), LinkKind::Other);
        assert_eq!(classify_link("mailto:a@b.c"), LinkKind::Other);
        assert_eq!(classify_link("www.kubesphere.io"), LinkKind::Other);
        assert!(is_placeholder_host("www.baidu.com"));
        assert!(is_placeholder_host("localhost"));
        assert!(is_placeholder_host("127.0.0.1"));
        assert!(!is_placeholder_host("notbaidu.com"));
        assert!(!is_placeholder_host("github.com"));
    }

    #[test]
    fn slugs_and_logins() {
        assert!(is_slug("shanghai"));
        assert!(is_slug("new-york-2"));
        assert!(!is_slug("New York"));
        assert!(!is_slug("shang_hai"));
        assert!(!is_slug("-x"));
        assert_eq!(slugify("New York"), "new-york");
        assert!(is_github_login("octo-cat"));
        assert!(!is_github_login("@octocat"));
        assert!(!is_github_login("https://github.com/octocat"));
    }
}
