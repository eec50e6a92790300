//! The city id rules: ids are slugs, unique, and the same in every language.

use std::collections::{BTreeMap, BTreeSet};

use super::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Page, Site, Span};

pub(crate) fn is_slug(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

pub(crate) fn slugify(id: &str) -> String {
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

/// `E0202`: an id becomes a file name and a URL.
pub(super) fn slug_ids(cx: &Context<'_>, diags: &mut Vec<Diagnostic>) {
    let page = cx.page;
    for card in &page.cities.cards {
        let id = card.id.value.as_str();
        if id.is_empty() || is_slug(id) {
            continue;
        }
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
}

/// `E0201`: two cards with one id.
pub(super) fn unique_ids(cx: &Context<'_>, diags: &mut Vec<Diagnostic>) {
    let page = cx.page;
    let mut seen: BTreeMap<&str, Span> = BTreeMap::new();
    for card in &page.cities.cards {
        let id = card.id.value.as_str();
        if id.is_empty() {
            continue;
        }
        if let Some(first) = seen.get(id) {
            diags.push(
                Diagnostic::new(
                    Code::DuplicateId,
                    &page.file,
                    card.id.span,
                    format!("city id `{id}` is used twice"),
                )
                .with_label(&page.file, *first, "the first card with this id")
                .with_help("give each city its own id"),
            );
        } else {
            seen.insert(id, card.id.span);
        }
    }
}

/// `E0203`: every language lists the same cities.
pub(super) fn ids_across_languages(site: &Site, complete: bool, diags: &mut Vec<Diagnostic>) {
    if !complete {
        return;
    }
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
