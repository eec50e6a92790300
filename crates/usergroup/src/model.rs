//! The typed user-group page: what the seed's front matter means, under clear names.
//!
//! The seed's quirks (`des`, `position1..3`, `right_pic`, `title_en`, any key casing) stop at
//! [`crate::load`]; everything after it (validation, images, the manifest, the layouts) sees
//! only these types. Values that a later step may diagnose carry the [`Span`] of the value in
//! the file the person edits, so a finding made long after parsing still points at the right
//! line and column.

use std::path::PathBuf;

use serde::Serialize;

/// A position in a source file: 1-based line and column (columns count characters, not
/// bytes, so a caret lines up under CJK text in a terminal that shows one column per char).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct Span {
    /// 1-based line number in the whole file (front-matter fence included).
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

/// A value together with where it was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Spanned<T> {
    /// The value itself.
    pub value: T,
    /// Where the value starts in its file.
    #[serde(skip)]
    pub span: Span,
}

impl<T> Spanned<T> {
    /// Pairs a value with its position.
    pub fn new(value: T, span: Span) -> Self {
        Self { value, span }
    }
}

impl<T> std::ops::Deref for Spanned<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

/// A whole site's user-group content: one [`Page`] per language, in the site's language order.
#[derive(Debug, Clone, Serialize)]
pub struct Site {
    /// The site folder (the one holding `hugo.toml`), as given.
    #[serde(skip)]
    pub root: PathBuf,
    /// The theme folder prep resolved (holds `theme/scss/`), if one was found.
    #[serde(skip)]
    pub theme_dir: Option<PathBuf>,
    /// The default content language (first in `pages` as well).
    pub default_language: String,
    /// One page per language that has `content/<lang>/<section>/_index.md`.
    pub pages: Vec<Page>,
}

/// One language's user-group page: the `_index.md` front matter plus its chapter pages.
#[derive(Debug, Clone, Serialize)]
pub struct Page {
    /// Language code, e.g. `zh` or `en`.
    pub lang: String,
    /// The content section the page lives in, e.g. `user-group`.
    pub section: String,
    /// The `_index.md` file, relative to the site root, with `/` separators.
    pub file: String,
    /// The page `<title>` (`title`).
    pub title: Spanned<String>,
    /// The cover section (`topSection`).
    pub banner: Banner,
    /// The city chapters section (`citySection`).
    pub cities: CitySection,
    /// The organization section (`organization`).
    pub organization: Organization,
    /// How to apply for a new city (`applyNew`).
    pub apply: Apply,
    /// What a chapter lead gets (`returns`).
    pub returns: Returns,
    /// Chapter pages (`<section>/<id>.md`), in card order, then by id for pages without a card.
    pub chapters: Vec<Chapter>,
}

impl Page {
    /// Every image the page references (its chapters included), each with the file it is
    /// written in, in page order: what validation checks and what the build renders.
    pub fn image_refs(&self) -> Vec<(&str, &ImageRef)> {
        let file = self.file.as_str();
        let mut refs: Vec<(&str, &ImageRef)> = vec![(file, &self.banner.image)];
        refs.extend(self.cities.cards.iter().map(|c| (file, &c.image)));
        refs.push((file, &self.organization.icon));
        refs.push((file, &self.apply.illustration));
        for step in [
            &self.apply.conditions,
            &self.apply.how_to_apply,
            &self.apply.requirements,
        ] {
            refs.push((file, &step.icon));
        }
        refs.extend(self.returns.items.iter().map(|i| (file, &i.decoration)));
        for chapter in &self.chapters {
            let chapter_file = chapter.file.as_str();
            refs.extend(chapter.cover.iter().map(|c| (chapter_file, c)));
            refs.extend(
                chapter
                    .members
                    .iter()
                    .filter_map(|m| m.avatar.as_ref())
                    .map(|a| (chapter_file, a)),
            );
        }
        refs
    }
}

/// `topSection`: the banner at the top of the page.
#[derive(Debug, Clone, Serialize)]
pub struct Banner {
    /// Heading (`title`).
    pub title: Spanned<String>,
    /// The paragraph under it (`content`).
    pub text: Spanned<String>,
    /// Background photo (`image`).
    pub image: ImageRef,
}

/// `citySection`: the intro card with the join button, and the city cards.
#[derive(Debug, Clone, Serialize)]
pub struct CitySection {
    /// Intro card heading (`cityCard.title`).
    pub title: Spanned<String>,
    /// Intro card text (`cityCard.des`).
    pub description: Spanned<String>,
    /// Where "join us" leads (`cityCard.joinLink`).
    pub join_link: Spanned<String>,
    /// One card per city chapter (`picList`), in the order written.
    pub cards: Vec<CityCard>,
}

/// One entry of `picList`.
#[derive(Debug, Clone, Serialize)]
pub struct CityCard {
    /// Slug-safe id, shared across languages and with the chapter page's file name (`id`).
    pub id: Spanned<String>,
    /// Short name shown on the card's pill (`name`).
    pub name: Spanned<String>,
    /// Longer title shown when the card opens (`title`).
    pub title: Spanned<String>,
    /// Text shown when the card opens (`des`).
    pub description: Spanned<String>,
    /// The card photo (`backgroundImage`).
    pub image: ImageRef,
}

/// `organization`: the SIG and its roles.
#[derive(Debug, Clone, Serialize)]
pub struct Organization {
    /// Section heading (`name`).
    pub title: Spanned<String>,
    /// Badge icon next to the heading (`orgIcon`).
    pub icon: ImageRef,
    /// The SIG's description (`description`).
    pub description: Spanned<String>,
    /// The SIG's name (`SIG`).
    pub sig_name: Spanned<String>,
    /// The SIG's name in the page's language (`SIG_zh`).
    pub sig_local_name: Spanned<String>,
    /// Role labels, highest first (`position1`, `position2`, `position3`).
    pub roles: Vec<Spanned<String>>,
}

/// `applyNew`: how to found a new city chapter.
#[derive(Debug, Clone, Serialize)]
pub struct Apply {
    /// Small heading above the title (`title_en`).
    pub eyebrow: Spanned<String>,
    /// Section heading (`title`).
    pub title: Spanned<String>,
    /// Section text (`description`).
    pub description: Spanned<String>,
    /// Illustration beside the text (`right_pic`).
    pub illustration: ImageRef,
    /// `conditions`: who may found a chapter.
    pub conditions: ApplyStep,
    /// `apply`: where to apply (has a link).
    pub how_to_apply: ApplyStep,
    /// `requirements`: what a chapter must do.
    pub requirements: ApplyStep,
}

/// One of the three step cards of [`Apply`].
#[derive(Debug, Clone, Serialize)]
pub struct ApplyStep {
    /// Card heading (`text`).
    pub title: Spanned<String>,
    /// Card text (`description`), when written; the theme falls back to its i18n strings.
    pub description: Option<Spanned<String>>,
    /// Link (`applyLink`), when written.
    pub link: Option<Spanned<String>>,
    /// Card icon (`image`).
    pub icon: ImageRef,
}

/// `returns`: what a chapter lead gets.
#[derive(Debug, Clone, Serialize)]
pub struct Returns {
    /// Section heading (`title`).
    pub title: Spanned<String>,
    /// One card per benefit (`list`).
    pub items: Vec<ReturnItem>,
}

/// One entry of `returns.list`.
#[derive(Debug, Clone, Serialize)]
pub struct ReturnItem {
    /// The benefit (`text`).
    pub text: Spanned<String>,
    /// Decorative corner image (`bg`); rendered with `alt=""`.
    pub decoration: ImageRef,
}

/// A city chapter page: `content/<lang>/<section>/<id>.md`.
#[derive(Debug, Clone, Serialize)]
pub struct Chapter {
    /// The id: the file's stem, which must match a card's `id`.
    pub id: Spanned<String>,
    /// The chapter page file, relative to the site root.
    pub file: String,
    /// Short name, e.g. 上海站 (`name`; falls back to the card's name).
    pub name: Spanned<String>,
    /// Page title (`title`).
    pub title: Spanned<String>,
    /// Cover photo (`cover`; falls back to the card's photo).
    pub cover: Option<ImageRef>,
    /// Founding date as written, `YYYY-MM-DD` (`founded`).
    pub founded: Option<Spanned<String>>,
    /// About the chapter (`description`).
    pub description: Spanned<String>,
    /// Where to join this chapter (`joinLink`; falls back to the section's join link).
    pub join_link: Option<Spanned<String>>,
    /// Members, in the order written (`members`).
    pub members: Vec<Member>,
}

/// A chapter member.
#[derive(Debug, Clone, Serialize)]
pub struct Member {
    /// Display name (`name`).
    pub name: Spanned<String>,
    /// Role (`role`: 站长 / 副站长 / 委员, or `lead` / `deputy` / `member`).
    pub role: Spanned<Role>,
    /// GitHub handle without `@` (`github`).
    pub github: Option<Spanned<String>>,
    /// Avatar photo (`avatar`).
    pub avatar: Option<ImageRef>,
    /// One or two sentences (`bio`).
    pub bio: Option<Spanned<String>>,
}

/// A member's role in a chapter, highest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 站长: leads the chapter.
    Lead,
    /// 副站长: deputy lead.
    Deputy,
    /// 委员: committee member.
    Member,
}

impl Role {
    /// All roles, highest first.
    pub const ALL: [Role; 3] = [Role::Lead, Role::Deputy, Role::Member];

    /// Reads a role as people write it: the Chinese titles or the English names, any case.
    pub fn parse(text: &str) -> Option<Role> {
        match text.trim().to_lowercase().as_str() {
            "站长" | "lead" | "chapter lead" | "organizer" => Some(Role::Lead),
            "副站长" | "deputy" | "deputy lead" | "co-organizer" => Some(Role::Deputy),
            "委员" | "member" | "committee member" => Some(Role::Member),
            _ => None,
        }
    }

    /// The stable key used in the manifest and in i18n ids.
    pub fn key(self) -> &'static str {
        match self {
            Role::Lead => "lead",
            Role::Deputy => "deputy",
            Role::Member => "member",
        }
    }
}

/// What an image is for; decides the widths prep renders and the minimum source width.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ImageRole {
    /// The page's cover photo (`topSection.image`).
    Banner,
    /// A city card photo or a chapter cover.
    CityCard,
    /// A member's avatar.
    Avatar,
    /// Icons, illustrations and decorations: usually SVG, rendered at a small size.
    Icon,
}

/// A reference to an image file, as written in the front matter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImageRef {
    /// The path as written, e.g. `/images/user-group/banner.png`.
    pub path: Spanned<String>,
    /// What the image is for.
    pub role: ImageRole,
    /// Alternative text the theme shows; empty for decorations.
    pub alt: String,
}

impl ImageRole {
    /// The widths prep renders for this role, narrowest first. A source narrower than a
    /// width skips it (never upscaled); the source's own width is then the widest variant.
    pub fn widths(self) -> &'static [u32] {
        match self {
            ImageRole::Banner => &[640, 1200, 1920],
            ImageRole::CityCard => &[400, 800, 1200],
            ImageRole::Avatar => &[96, 192],
            ImageRole::Icon => &[160, 320],
        }
    }

    /// The narrowest source that still feeds this role's layout sharply on a 2x screen.
    /// Narrower sources are reported by validation.
    pub fn min_source_width(self) -> u32 {
        match self {
            ImageRole::Banner => 1200,
            ImageRole::CityCard => 800,
            ImageRole::Avatar => 192,
            ImageRole::Icon => 160,
        }
    }
}
