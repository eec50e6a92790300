//! The chapter page rules: each has a card, a real founding date, real GitHub logins and
//! known roles.

use super::{text, Context};
use crate::diagnostic::{Code, Diagnostic};

pub(crate) fn is_github_login(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 39
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// `E0204`: a chapter page is the page of one card.
pub(super) fn chapter_has_card(cx: &Context<'_>, diags: &mut Vec<Diagnostic>) {
    if !cx.complete {
        return;
    }
    let page = cx.page;
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
    }
}

/// `E0207`: `founded` is a calendar date.
pub(super) fn founded_is_a_date(cx: &Context<'_>, diags: &mut Vec<Diagnostic>) {
    for ch in &cx.page.chapters {
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
    }
}

/// `E0206`: a GitHub login, not a handle or a URL.
pub(super) fn github_logins(cx: &Context<'_>, diags: &mut Vec<Diagnostic>) {
    for ch in &cx.page.chapters {
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

/// `E0104`: the page names its roles, either as `organization.roles` or as all three of
/// `position1..3` (the seed's form).
pub(super) fn role_labels(cx: &Context<'_>, diags: &mut Vec<Diagnostic>) {
    let org = &cx.page.organization;
    if !org.roles.is_empty() || org.roles().len() == 3 {
        return;
    }
    diags.push(
        Diagnostic::new(
            Code::Missing,
            &cx.page.file,
            org.title.span,
            "`organization` names no roles",
        )
        .with_help(
            "list the roles, highest first, under `organization.roles:`, or give all three of \
             `position1`, `position2` and `position3`",
        ),
    );
}

/// `E0205`: a role the page has a label for.
pub(super) fn member_roles(cx: &Context<'_>, diags: &mut Vec<Diagnostic>) {
    let org = &cx.page.organization;
    let labels: Vec<String> = org.roles().iter().map(|l| l.value.clone()).collect();
    // The names a member may write: the page's own list, or the built-in three.
    let (names, known): (String, Vec<&str>) = if org.roles.is_empty() {
        (
            "站长, 副站长 or 委员 (or lead, deputy, member)".to_string(),
            vec!["lead", "deputy", "member"],
        )
    } else {
        (
            format!("the page's `organization.roles`: {}", labels.join(", ")),
            labels.iter().map(String::as_str).collect(),
        )
    };
    let ranks = org.role_ranks();
    for ch in &cx.page.chapters {
        for m in &ch.members {
            let text = &m.role;
            if text.value.trim().is_empty() || ranks.rank_of(&text.value).is_some() {
                continue;
            }
            let help = match crate::load::suggest(&text.value, &known) {
                Some(s) => format!("did you mean `{s}`? roles are {names}"),
                None => format!("use {names}"),
            };
            diags.push(
                Diagnostic::new(
                    Code::BadRole,
                    &ch.file,
                    text.span,
                    format!("unknown role `{}`", text.value),
                )
                .with_help(help),
            );
        }
    }
}
