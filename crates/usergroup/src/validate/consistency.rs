//! The consistency lints (`W04xx`): the page's prose and its data should tell one story.
//! They fire only when the prose disagrees with the cards; they are warnings because prose
//! can be right in ways a lint cannot see.

use std::collections::{BTreeSet, HashMap};

use super::{text, Context};
use crate::diagnostic::{Code, Diagnostic, SourceFiles};
use crate::model::{Page, Span, Spanned};

/// The cities' short names (`上海` for `上海站`), in card order.
fn city_names(page: &Page) -> Vec<String> {
    page.cities
        .cards
        .iter()
        .map(|c| text::city_name(&c.name.value))
        .collect()
}

/// `W0401`: a city's text names another city (copied from that card?).
pub(super) fn names_other_city(cx: &Context<'_>, diags: &mut Vec<Diagnostic>) {
    let file = cx.page.file.as_str();
    let page = cx.page;
    let sources = cx.sources;
    let cards = &page.cities.cards;
    let names = city_names(page);
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
}

/// `W0402`: every city founded on the same day (copied text, usually).
pub(super) fn same_founding_date(cx: &Context<'_>, diags: &mut Vec<Diagnostic>) {
    let file = cx.page.file.as_str();
    let page = cx.page;
    let sources = cx.sources;
    let cards = &page.cities.cards;
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
}

/// `W0406`: two cities' texts equal once names and numbers are masked.
pub(super) fn copied_text(cx: &Context<'_>, diags: &mut Vec<Diagnostic>) {
    let file = cx.page.file.as_str();
    let page = cx.page;
    let cards = &page.cities.cards;
    let names = city_names(page);
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
    // The first card with each masked text: one hash lookup per card, not a pair per two.
    let mut first: HashMap<&str, usize> = HashMap::new();
    for (i, card) in cards.iter().enumerate() {
        if masked[i].chars().count() < COPIED_TEXT_MIN_CHARS {
            continue;
        }
        let j = *first.entry(masked[i].as_str()).or_insert(i);
        if j != i {
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
}

/// `W0403` and `W0404`: prose that counts or lists the cities differently from the cards.
pub(super) fn prose_about_cities(cx: &Context<'_>, diags: &mut Vec<Diagnostic>) {
    let file = cx.page.file.as_str();
    let page = cx.page;
    let sources = cx.sources;
    let cards = &page.cities.cards;
    if cards.is_empty() {
        return; // nothing to compare the prose with (a broken `picList` is reported already)
    }
    let names = city_names(page);
    // (c) prose counting or listing the cities.
    let prose: Vec<(&str, &Spanned<String>)> = vec![
        ("topSection.content", &page.banner.text),
        ("citySection.cityCard.des", &page.cities.intro.description),
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
}

/// `W0405`: a card's member count against its chapter page.
pub(super) fn member_counts(cx: &Context<'_>, diags: &mut Vec<Diagnostic>) {
    let file = cx.page.file.as_str();
    let page = cx.page;
    let sources = cx.sources;
    let cards = &page.cities.cards;
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

/// The position of the `offset`-th character of a value, found in the source: on the value's
/// first line when it is a one-line scalar, else by searching `needle` in the lines after it.
pub(super) fn locate(
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
