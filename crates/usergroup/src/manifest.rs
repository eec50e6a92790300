//! The manifest: the view model Hugo's layouts render from.
//!
//! One JSON document per page and language, written to
//! `data/usergroup/<lang>/<section>.json` of the site, which layouts read as
//! `index site.Data.usergroup <lang> <section>`. It holds the validated model under the
//! model's names (never the seed's), every image already resolved to files prep wrote, the
//! stylesheet, and what the manifest was built from so the theme can refuse a stale one.
//!
//! URLs in the manifest are site-relative *without* a leading slash (`usergroup/img/…`), so
//! templates pass them through `relURL` and a site served under a sub-path keeps working.
//! Links the person wrote (join links, GitHub) are kept as written.

use serde::{Deserialize, Serialize};

mod convert;
mod directory;
pub use convert::{from_page, generator, source_files, to_json, MissingImage, RenderedImages};
// The images step owns the description of the files it wrote; the manifest shows them.
pub use crate::images::{ImageFile, ImageSource};
pub use directory::{
    chapter_calendar_url, chapter_directory, page_calendar_url, region_groups,
    ChapterDirectoryView, EventView, RegionGroupView, VenueView,
};

/// Bumped whenever the shape below changes in a way layouts must know about.
pub const SCHEMA_VERSION: u32 = 3;

/// The manifest of one page in one language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// [`SCHEMA_VERSION`] at the time of writing; layouts refuse other versions.
    pub schema: u32,
    /// `usergroup <version>`: which prep wrote it.
    pub generator: String,
    /// Language code of the page.
    pub lang: String,
    /// The build date, `YYYY-MM-DD`: what "upcoming" and "past" events were decided
    /// against (layouts never ask the clock).
    pub built_on: String,
    /// The calendar feed of every chapter's events in this language (site-relative URL).
    pub calendar: String,
    /// Content section, e.g. `user-group`.
    pub section: String,
    /// The files this manifest was built from, with their SHA-256, so a layout can hash the
    /// file itself (`readFile | crypto.SHA256`) and refuse a stale manifest: the content
    /// files first, then the images in the site it shows, the site's SCSS overrides and its
    /// config, sorted.
    pub sources: Vec<SourceFile>,
    /// The compiled stylesheet.
    pub stylesheet: Stylesheet,
    /// The page `<title>`.
    pub title: String,
    /// Image for Open Graph / Twitter cards: a 1200-px JPEG of the banner.
    pub social_image: Option<ImageFile>,
    /// `topSection`.
    pub banner: BannerView,
    /// `citySection`.
    pub cities: CitiesView,
    /// `organization`.
    pub organization: OrganizationView,
    /// `applyNew`.
    pub apply: ApplyView,
    /// `returns`.
    pub returns: ReturnsView,
    /// Chapter pages, keyed by city id (the chapter file's stem).
    pub chapters: std::collections::BTreeMap<String, ChapterView>,
}

/// An input file and its hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceFile {
    /// Path relative to the site root, `/`-separated, e.g. `content/zh/user-group/_index.md`.
    pub path: String,
    /// Lower-case hex SHA-256 of the file's bytes.
    pub sha256: String,
}

/// The compiled, content-addressed stylesheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stylesheet {
    /// e.g. `usergroup/css/usergroup.3f2a….css`.
    pub href: String,
    /// Subresource integrity, `sha384-…`.
    pub integrity: String,
}

/// An image ready for `<img>` / `<picture>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageView {
    /// `raster` (photos: has `sources`) or `svg` (passed through: `sources` is empty).
    pub kind: String,
    /// The fallback `src`: the largest JPEG variant, or the SVG itself.
    pub src: String,
    /// Intrinsic width of `src` (for an SVG, from its `width`/`viewBox`).
    pub width: u32,
    /// Intrinsic height of `src`.
    pub height: u32,
    /// Alternative text; empty for decorations (render `alt=""`).
    pub alt: String,
    /// One entry per format, best first (WebP, then JPEG), each with its variants, narrowest
    /// first.
    pub sources: Vec<ImageSource>,
    /// A tiny blurred preview as a `data:` URI (under 1 KB), for rasters.
    pub placeholder: Option<String>,
    /// Dominant colour as `#rrggbb`, for rasters.
    pub color: Option<String>,
}

/// `topSection`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BannerView {
    /// Heading.
    pub title: String,
    /// Paragraph.
    pub text: String,
    /// Cover photo.
    pub image: ImageView,
}

/// `citySection`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CitiesView {
    /// Intro card heading.
    pub title: String,
    /// Intro card text.
    pub description: String,
    /// Where "join us" leads.
    pub join_link: String,
    /// City cards, in the order written.
    pub cards: Vec<CityCardView>,
    /// The same cards grouped by their chapter's region; the layouts group the list page
    /// by these when it has more cities than `params.usergroup.rowCards`.
    pub regions: Vec<RegionGroupView>,
    /// The map of the chapters with coordinates, in card order; `None` when none has any.
    pub map: Option<crate::map::MapView>,
}

/// One city card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CityCardView {
    /// Slug-safe id (also the chapter page's file stem and the card's HTML id).
    pub id: String,
    /// Short name.
    pub name: String,
    /// Long title.
    pub title: String,
    /// Text.
    pub description: String,
    /// Photo.
    pub image: ImageView,
    /// Whether a chapter page exists for this card (link to it, else to `#city-<id>`).
    pub has_chapter: bool,
}

/// `organization`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganizationView {
    /// Heading.
    pub title: String,
    /// Badge icon.
    pub icon: ImageView,
    /// The SIG's description.
    pub description: String,
    /// The SIG's name.
    pub sig_name: String,
    /// The SIG's name in the page language.
    pub sig_local_name: String,
    /// Role labels, highest first.
    pub roles: Vec<String>,
}

/// `applyNew`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplyView {
    /// Small heading above the title.
    pub eyebrow: String,
    /// Heading.
    pub title: String,
    /// Text.
    pub description: String,
    /// Illustration.
    pub illustration: ImageView,
    /// The three steps, in order: `conditions`, `apply`, `requirements`.
    pub steps: Vec<ApplyStepView>,
}

/// One step card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplyStepView {
    /// `conditions`, `apply` or `requirements` (also the i18n key suffix for fallback text).
    pub key: String,
    /// Heading.
    pub title: String,
    /// Text, when the content gives one.
    pub description: Option<String>,
    /// Link, when the content gives one.
    pub link: Option<String>,
    /// Icon.
    pub icon: ImageView,
}

/// `returns`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnsView {
    /// Heading.
    pub title: String,
    /// Benefit cards.
    pub items: Vec<ReturnItemView>,
}

/// One benefit card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnItemView {
    /// The benefit.
    pub text: String,
    /// Decorative corner image (alt is empty).
    pub decoration: ImageView,
}

/// A chapter page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChapterView {
    /// City id.
    pub id: String,
    /// Short name.
    pub name: String,
    /// Page title.
    pub title: String,
    /// Cover photo (the chapter's own, else its card's).
    pub cover: ImageView,
    /// `YYYY-MM-DD`, when given.
    pub founded: Option<String>,
    /// About the chapter.
    pub description: String,
    /// Where to join (the chapter's own, else the section's).
    pub join_link: String,
    /// Members grouped by role, highest role first; roles without members are left out.
    pub roles: Vec<RoleGroupView>,
    /// Status, place, member count, events and calendar feed.
    pub directory: ChapterDirectoryView,
}

/// The members holding one role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleGroupView {
    /// `lead`, `deputy` or `member` (i18n key suffix).
    pub role: String,
    /// The label for this role from the page's `organization` roles (e.g. 站长).
    pub label: String,
    /// Members in the order written.
    pub members: Vec<MemberView>,
}

/// A member card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberView {
    /// Display name.
    pub name: String,
    /// GitHub handle, when given.
    pub github: Option<String>,
    /// `https://github.com/<handle>`, when a handle is given.
    pub github_url: Option<String>,
    /// Avatar, when given.
    pub avatar: Option<ImageView>,
    /// Short bio, when given.
    pub bio: Option<String>,
}
