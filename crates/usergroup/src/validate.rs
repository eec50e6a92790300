//! Step 3: the rules, as data. Every rule is one function that reports [`Diagnostic`]s at
//! the position of the offending value; [`PAGE_RULES`] lists them, and `site` runs the list.
//! The codes are documented in [`crate::diagnostic::Code`].
//!
//! Judgement calls, documented here so they stay deliberate:
//! - an image narrower than the *smallest* width its role renders is an error (`E0304`): it
//!   would be blurry at every size. Narrower than the role's
//!   [`ImageRole::min_source_width`](crate::model::ImageRole::min_source_width) is a warning
//!   (`W0305`) naming how many widths will be missing.
//! - consistency lints (`W04xx`) fire only when the prose disagrees with the cards; they are
//!   warnings because prose can be right in ways a lint cannot see.
//!
//! Rules that compare files (a chapter against its card, one language against another) skip
//! when some file failed to load ([`Context::complete`]): they would compare against a hole.

mod chapters;
mod consistency;
pub mod directory;
mod ids;
mod images;
mod links;
pub mod placeholder;
pub mod text;

pub(crate) use chapters::is_github_login;
pub(crate) use ids::{is_slug, slugify};
pub(crate) use images::refused as refused_image;

use crate::diagnostic::{Diagnostic, SourceFiles};
use crate::images::Depth;
use crate::model::{Page, Site};

pub use links::{classify_link, is_placeholder_host, LinkKind};

/// What a page rule sees.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The page (one language), with its chapters.
    pub page: &'a Page,
    /// The text of every file read, to place findings inside multi-line values.
    pub sources: &'a SourceFiles,
    /// Whether every file loaded; cross-file rules skip otherwise.
    pub complete: bool,
}

/// A rule over one language's page.
pub type PageRule = fn(&Context<'_>, &mut Vec<Diagnostic>);

/// Every rule over one page, each a function of its own.
pub const PAGE_RULES: &[PageRule] = &[
    ids::slug_ids,
    ids::unique_ids,
    chapters::chapter_has_card,
    chapters::founded_is_a_date,
    chapters::github_logins,
    chapters::role_labels,
    chapters::member_roles,
    links::links,
    consistency::names_other_city,
    consistency::same_founding_date,
    consistency::copied_text,
    consistency::prose_about_cities,
    consistency::member_counts,
    directory::status_is_known,
    directory::country_is_iso,
    directory::coordinates_in_range,
    directory::coordinates_in_country,
    directory::status_matches_prose,
    directory::active_chapters_hold_events,
    directory::event_times,
    directory::event_places,
    directory::event_links,
    directory::duplicate_events,
    placeholder::placeholder_texts,
];

/// Validates one list page from its bytes, with no site around it: decoding, the schema and
/// every page rule. What needs other files is left out (images are not inspected, chapter
/// pages are not attached, ids are not compared across languages), so a page this accepts can
/// still fail `check`; what it refuses, `check` refuses too. For bots that look at one file,
/// e.g. a page pasted into an issue.
///
/// ```
/// let text = "---\ntitle: x\ntopSection:\n  title: t\n---\n";
/// let findings = usergroup::validate::page_text("_index.md", text.as_bytes(), "en");
/// assert!(findings.iter().any(|d| d.code == usergroup::Code::Missing));
/// println!("{}", usergroup::diagnostic::render_json(&findings));
/// ```
pub fn page_text(file: &str, bytes: &[u8], lang: &str) -> Vec<Diagnostic> {
    let text = match crate::load::decode_text(file, bytes) {
        Ok(text) => text,
        Err(finding) => return vec![finding],
    };
    let mut diags = Vec::new();
    if let Some(page) = crate::load::page(file, &text, lang, crate::layout::SECTION, &mut diags) {
        let mut sources = SourceFiles::new();
        sources.insert(file, text.clone());
        page_rules(&page, &sources, false, &mut diags);
    }
    crate::diagnostic::sort(&mut diags);
    diags
}

/// Runs every rule of [`PAGE_RULES`] over one page (the image rule, which reads files, is not
/// among them).
pub(crate) fn page_rules(
    page: &Page,
    sources: &SourceFiles,
    complete: bool,
    diags: &mut Vec<Diagnostic>,
) {
    let cx = Context {
        page,
        sources,
        complete,
    };
    for rule in PAGE_RULES {
        rule(&cx, diags);
    }
}

/// Runs every rule over a loaded site. `complete` is false when some file failed to load.
pub(crate) fn site(
    site: &Site,
    complete: bool,
    sources: &SourceFiles,
    depth: Depth,
    diags: &mut Vec<Diagnostic>,
) {
    let mut images = images::ImageChecker::for_site(site, depth);
    for page in &site.pages {
        page_rules(page, sources, complete, diags);
        // Images are one rule with a memory: each file is inspected once for all pages.
        for (file, image) in page.image_refs() {
            images.check(file, image, diags);
        }
    }
    ids::ids_across_languages(site, complete, diags);
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::chapters::is_github_login;
    use super::ids::{is_slug, slugify};
    use super::*;

    #[test]
    fn link_classification() {
        for (link, kind) in [
            (
                "https://www.baidu.com",
                LinkKind::Web("www.baidu.com".into()),
            ),
            (
                "HTTP://user@Example.com:8080/x",
                LinkKind::Web("example.com".into()),
            ),
            ("/join/", LinkKind::SiteRelative),
            (
                " Java\tScript:alert(1)",
                LinkKind::Forbidden("javascript".into()),
            ),
            ("data:text/html,x", LinkKind::Forbidden("data".into())),
            ("file:///etc/passwd", LinkKind::Forbidden("file".into())),
            ("//evil.org/x", LinkKind::Other),
            ("mailto:a@b.c", LinkKind::Other),
            ("www.kubesphere.io", LinkKind::Other),
        ] {
            assert_eq!(classify_link(link), kind, "{link}");
        }
        for (host, placeholder) in [
            ("www.baidu.com", true),
            ("localhost", true),
            ("127.0.0.1", true),
            ("notbaidu.com", false),
            ("github.com", false),
        ] {
            assert_eq!(is_placeholder_host(host), placeholder, "{host}");
        }
    }

    #[test]
    fn slugs_and_logins() {
        for (id, slug) in [
            ("shanghai", true),
            ("new-york-2", true),
            ("New York", false),
            ("shang_hai", false),
            ("-x", false),
        ] {
            assert_eq!(is_slug(id), slug, "{id}");
        }
        assert_eq!(slugify("New York"), "new-york");
        for (login, valid) in [
            ("octo-cat", true),
            ("@octocat", false),
            ("https://github.com/octocat", false),
        ] {
            assert_eq!(is_github_login(login), valid, "{login}");
        }
    }
}
