//! Step 3: the rules, as data. Every rule is one function that reports [`Diagnostic`]s at
//! the position of the offending value; [`PAGE_RULES`] lists them, and [`site`] runs the list.
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
pub mod text;

use crate::diagnostic::{Diagnostic, SourceFiles};
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
];

/// Runs every rule over a loaded site. `complete` is false when some file failed to load.
pub fn site(site: &Site, complete: bool, sources: &SourceFiles, diags: &mut Vec<Diagnostic>) {
    let mut images = images::ImageChecker::for_site(site);
    for page in &site.pages {
        let cx = Context {
            page,
            sources,
            complete,
        };
        for rule in PAGE_RULES {
            rule(&cx, diags);
        }
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
