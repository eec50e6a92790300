//! The typed user-group page: what the seed's front matter means, under clear names.
//!
//! The seed's quirks (`des`, `position1..3`, `right_pic`, `title_en`, any key casing) stop at
//! [`crate::load`]; everything after it (validation, images, the manifest, the layouts) sees
//! only these types. Values that a later step may diagnose carry the [`Span`] of the value in
//! the file the person edits, so a finding made long after parsing still points at the right
//! line and column.
//!
//! These types are also the front-matter schema, declared once: their serde attributes say
//! which key each field reads (`rename`), what is optional (`Option`, `default`) and of what
//! type; [`crate::load`] deserialises into them through a deserializer that matches keys
//! case-insensitively and records every problem with its position. A field added here is
//! read, checked for presence and type, and listed in the README's schema reference
//! (`tests/docs.rs`) without another line anywhere.

use std::collections::HashMap;
use std::path::PathBuf;

use serde::{Deserialize, Deserializer, Serialize};

pub mod time;
pub use time::{Date, DateTime};

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
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
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

/// Spanned values are read through [`crate::load`]'s deserializer, which answers the
/// private struct name [`SPANNED`] with the value's position and the value itself.
pub(crate) const SPANNED: &str = "$usergroup::Spanned";
pub(crate) const SPANNED_FIELDS: &[&str] = &["$line", "$column", "$value"];

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Spanned<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SpannedVisitor<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for SpannedVisitor<T> {
            type Value = Spanned<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a value with its position")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Self::Value, A::Error> {
                let mut span = Span::default();
                let mut value = None;
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "$line" => span.line = map.next_value()?,
                        "$column" => span.column = map.next_value()?,
                        _ => value = Some(map.next_value()?),
                    }
                }
                let value = value.ok_or_else(|| serde::de::Error::missing_field("$value"))?;
                Ok(Spanned { value, span })
            }
        }
        deserializer.deserialize_struct(
            SPANNED,
            SPANNED_FIELDS,
            SpannedVisitor(std::marker::PhantomData),
        )
    }
}

impl<T> std::ops::Deref for Spanned<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

/// A calendar date: the day exists in that month (29 February only in leap years), so Hugo
/// and the theme's date functions can read it.
pub fn calendar_date(y: u32, m: u32, d: u32) -> Option<(u32, u32, u32)> {
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 0,
    };
    ((1900..=2200).contains(&y) && (1..=days).contains(&d)).then_some((y, m, d))
}

/// Parses `YYYY-MM-DD` exactly (a chapter's `founded`, Hugo's `date`) into a calendar date.
pub fn iso_date(text: &str) -> Option<(u32, u32, u32)> {
    let parts: Vec<&str> = text.trim().split('-').collect();
    match parts.as_slice() {
        [y, m, d] if y.len() == 4 && m.len() == 2 && d.len() == 2 => {
            calendar_date(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
        }
        _ => None,
    }
}

/// A whole site's user-group content: one [`Page`] per language, in the site's language order.
#[derive(Debug, Clone, Serialize)]
pub struct Site {
    /// The site folder (the one holding `hugo.toml`), as given.
    #[serde(skip)]
    pub root: PathBuf,
    /// The theme folder prep resolved (holds `assets/usergroup/`), if one was found.
    #[serde(skip)]
    pub theme_dir: Option<PathBuf>,
    /// The default content language (first in `pages` as well).
    pub default_language: String,
    /// One page per language that has `content/<lang>/<section>/_index.md`.
    pub pages: Vec<Page>,
}

/// One language's user-group page: the `_index.md` front matter plus its chapter pages.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Page {
    /// Language code, e.g. `zh` or `en`.
    #[serde(skip_deserializing)]
    pub lang: String,
    /// The content section the page lives in, e.g. `user-group`.
    #[serde(skip_deserializing)]
    pub section: String,
    /// The `_index.md` file, relative to the site root, with `/` separators.
    #[serde(skip_deserializing)]
    pub file: String,
    /// The page `<title>`.
    pub title: Spanned<String>,
    /// The cover section.
    #[serde(rename(deserialize = "topSection"))]
    pub banner: Banner,
    /// The city chapters section.
    #[serde(rename(deserialize = "citySection"))]
    pub cities: CitySection,
    /// The organization section.
    pub organization: Organization,
    /// How to apply for a new city.
    #[serde(rename(deserialize = "applyNew"))]
    pub apply: Apply,
    /// What a chapter lead gets.
    pub returns: Returns,
    /// Chapter pages (`<section>/<id>.md`), in card order, then by id for pages without a card.
    #[serde(skip_deserializing)]
    pub chapters: Vec<Chapter>,
    /// What the chapter directory is judged against (set by [`crate::check()`]).
    #[serde(skip)]
    pub directory: DirectorySettings,
}

/// What a build judges chapters and events against, the same for every page: not content,
/// but the build date and the site config's `params.usergroup`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct DirectorySettings {
    /// The build date: events ending before it are past, and a chapter's inactivity is
    /// counted up to it. One value for prep and the layouts (the manifest's `built_on`).
    pub today: Date,
    /// `params.usergroup.inactiveAfterDays`: an active chapter with no event for longer is
    /// reported (`W0408`).
    pub inactive_after_days: u32,
}

impl DirectorySettings {
    /// The default of `params.usergroup.inactiveAfterDays`.
    pub const DEFAULT_INACTIVE_AFTER_DAYS: u32 = 180;
}

/// Stands in until [`crate::check()`] sets the real build date.
impl Default for DirectorySettings {
    fn default() -> Self {
        DirectorySettings {
            today: Date {
                year: 1970,
                month: 1,
                day: 1,
            },
            inactive_after_days: Self::DEFAULT_INACTIVE_AFTER_DAYS,
        }
    }
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
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Banner {
    /// Heading.
    pub title: Spanned<String>,
    /// The paragraph under it.
    #[serde(rename(deserialize = "content"))]
    pub text: Spanned<String>,
    /// Background photo (at least 1200 px wide; rendered 640, 1200 and 1920 px wide).
    #[serde(deserialize_with = "ImageRef::banner")]
    pub image: ImageRef,
}

/// `citySection`: the intro card with the join button, and the city cards.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CitySection {
    /// The intro card beside the city cards.
    #[serde(rename(deserialize = "cityCard"))]
    pub intro: CityIntro,
    /// One card per city chapter, in the order written.
    #[serde(rename(deserialize = "picList"))]
    pub cards: Vec<CityCard>,
}

/// `citySection.cityCard`: the intro card with the join button.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CityIntro {
    /// Intro card heading.
    pub title: Spanned<String>,
    /// Intro card text.
    #[serde(rename(deserialize = "des"))]
    pub description: Spanned<String>,
    /// Where "join us" leads (http(s) or a site path).
    #[serde(rename(deserialize = "joinLink"))]
    pub join_link: Spanned<String>,
}

/// One entry of `picList`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CityCard {
    /// Slug-safe id (`a-z`, `0-9`, `-`), the same in every language and the chapter page's file name.
    pub id: Spanned<String>,
    /// Short name shown on the card's pill, e.g. 上海站.
    pub name: Spanned<String>,
    /// Longer title shown when the card opens.
    pub title: Spanned<String>,
    /// Text shown when the card opens.
    #[serde(rename(deserialize = "des"))]
    pub description: Spanned<String>,
    /// The card photo (at least 400 px wide, 800 for sharp 2x screens).
    #[serde(
        rename(deserialize = "backgroundImage"),
        deserialize_with = "ImageRef::city_card"
    )]
    pub image: ImageRef,
}

/// `organization`: the SIG and its roles.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Organization {
    /// Section heading.
    #[serde(rename(deserialize = "name"))]
    pub title: Spanned<String>,
    /// Badge icon next to the heading (an SVG, or at least 160 px wide).
    #[serde(rename(deserialize = "orgIcon"), deserialize_with = "ImageRef::icon")]
    pub icon: ImageRef,
    /// What the badge shows, for screen readers (default: the SIG's name), e.g. `GitHub`
    /// when the badge is GitHub's mark.
    #[serde(rename(deserialize = "orgIconAlt"))]
    pub icon_alt: Option<Spanned<String>>,
    /// The SIG's description.
    pub description: Spanned<String>,
    /// The SIG's name.
    #[serde(rename(deserialize = "SIG"))]
    pub sig_name: Spanned<String>,
    /// The SIG's name in the page's language.
    #[serde(rename(deserialize = "SIG_zh"))]
    pub sig_local_name: Spanned<String>,
    /// The label of the highest role (站长), when the page has no `roles` list.
    #[serde(default, rename(deserialize = "position1"))]
    pub lead_label: Option<Spanned<String>>,
    /// The label of the second role (副站长), when the page has no `roles` list.
    #[serde(default, rename(deserialize = "position2"))]
    pub deputy_label: Option<Spanned<String>>,
    /// The label of the third role (委员), when the page has no `roles` list.
    #[serde(default, rename(deserialize = "position3"))]
    pub member_label: Option<Spanned<String>>,
    /// The community's own roles, highest first (any number); replaces `position1..3`. A
    /// member's `role` then names one of these labels.
    #[serde(default, deserialize_with = "optional_list")]
    pub roles: Vec<Spanned<String>>,
}

impl Organization {
    /// The role labels, highest first: the `roles` list, else `position1..3`.
    pub fn roles(&self) -> Vec<&Spanned<String>> {
        if self.roles.is_empty() {
            [&self.lead_label, &self.deputy_label, &self.member_label]
                .into_iter()
                .flatten()
                .collect()
        } else {
            self.roles.iter().collect()
        }
    }

    /// The page's roles indexed by what a member may write, built once per page: looking up
    /// a role is then one hash lookup, so a page with many roles and chapters with many
    /// members (both bounded by the list limit) stays linear.
    pub fn role_ranks(&self) -> RoleRanks {
        let mut by_label = HashMap::new();
        for (rank, label) in self.roles().into_iter().enumerate() {
            // The first of two equal labels wins.
            by_label
                .entry(label.value.trim().to_lowercase())
                .or_insert(rank);
        }
        RoleRanks {
            by_label,
            builtin: self.roles.is_empty(),
        }
    }

    /// The stable key of the role at `rank`, used in the manifest and CSS classes:
    /// `lead`, `deputy`, `member` for the built-in three, `role-<n>` (from 1) for a page's
    /// own `roles`.
    pub fn role_key(&self, rank: usize) -> String {
        match Role::ALL.get(rank) {
            Some(role) if self.roles.is_empty() => role.key().to_string(),
            _ => format!("role-{}", rank + 1),
        }
    }
}

/// The ranks of a page's roles by the text that names them ([`Organization::role_ranks`]).
#[derive(Debug, Clone)]
pub struct RoleRanks {
    /// Each label, trimmed and lower-cased, to its rank (0 = highest).
    by_label: HashMap<String, usize>,
    /// Whether the built-in names (站长 / lead, …) count too: only without a `roles` list.
    builtin: bool,
}

impl RoleRanks {
    /// The rank (0 = highest) of the role a member's `role` text names: one of the page's
    /// labels (any case), or, for a page without its own `roles` list, the built-in names
    /// [`Role::parse`] reads (站长 / lead, …).
    pub fn rank_of(&self, text: &str) -> Option<usize> {
        if let Some(&rank) = self.by_label.get(&text.trim().to_lowercase()) {
            return Some(rank);
        }
        if !self.builtin {
            return None;
        }
        Role::parse(text).and_then(|role| Role::ALL.iter().position(|&r| r == role))
    }
}

/// `applyNew`: how to found a new city chapter.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Apply {
    /// Small heading above the title.
    #[serde(rename(deserialize = "title_en"))]
    pub eyebrow: Spanned<String>,
    /// Section heading.
    pub title: Spanned<String>,
    /// Section text.
    pub description: Spanned<String>,
    /// Illustration beside the text (an SVG, or at least 160 px wide).
    #[serde(rename(deserialize = "right_pic"), deserialize_with = "ImageRef::icon")]
    pub illustration: ImageRef,
    /// Who may found a chapter.
    pub conditions: ApplyStep,
    /// Where to apply: the one step card with a link.
    #[serde(rename(deserialize = "apply"), deserialize_with = "ApplyAction::step")]
    pub how_to_apply: ApplyStep,
    /// What a chapter must do.
    pub requirements: ApplyStep,
}

/// One of the three step cards of [`Apply`]. Only `apply` has a link; an `applyLink` on the
/// other two is reported as unused (`W0107`), since the page shows none there.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ApplyStep {
    /// Card heading.
    #[serde(rename(deserialize = "text"))]
    pub title: Spanned<String>,
    /// Card text; the theme falls back to its i18n strings.
    pub description: Option<Spanned<String>>,
    /// The link of the `apply` card (read through [`ApplyAction`]).
    #[serde(skip_deserializing)]
    pub link: Option<Spanned<String>>,
    /// Card icon (an SVG, or at least 160 px wide).
    #[serde(rename(deserialize = "image"), deserialize_with = "ImageRef::icon")]
    pub icon: ImageRef,
}

/// `applyNew.apply`: the step card with the link to apply.
#[derive(Debug, Clone, Deserialize)]
pub struct ApplyAction {
    /// Card heading.
    text: Spanned<String>,
    /// Card text; the theme falls back to its i18n strings.
    description: Option<Spanned<String>>,
    /// Where to apply (http(s) or a site path).
    #[serde(rename(deserialize = "applyLink"))]
    link: Spanned<String>,
    /// Card icon (an SVG, or at least 160 px wide).
    #[serde(deserialize_with = "ImageRef::icon")]
    image: ImageRef,
}

impl ApplyAction {
    fn step<'de, D: Deserializer<'de>>(deserializer: D) -> Result<ApplyStep, D::Error> {
        let a = ApplyAction::deserialize(deserializer)?;
        Ok(ApplyStep {
            title: a.text,
            description: a.description,
            link: Some(a.link),
            icon: a.image,
        })
    }
}

/// `returns`: what a chapter lead gets.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Returns {
    /// Section heading.
    pub title: Spanned<String>,
    /// One card per benefit.
    #[serde(rename(deserialize = "list"))]
    pub items: Vec<ReturnItem>,
}

/// One entry of `returns.list`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ReturnItem {
    /// The benefit.
    pub text: Spanned<String>,
    /// Decorative corner image, shown with `alt=""` (an SVG, or at least 160 px wide).
    #[serde(rename(deserialize = "bg"), deserialize_with = "ImageRef::icon")]
    pub decoration: ImageRef,
}

/// A city chapter page: `content/<lang>/<section>/<id>.md`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Chapter {
    /// The id: the file's stem, which must match a card's `id`.
    #[serde(skip_deserializing)]
    pub id: Spanned<String>,
    /// The chapter page file, relative to the site root.
    #[serde(skip_deserializing)]
    pub file: String,
    /// Short name, e.g. 上海站.
    pub name: Spanned<String>,
    /// Page title.
    pub title: Spanned<String>,
    /// Cover photo (falls back to the card's photo; at least 400 px wide).
    #[serde(default, deserialize_with = "ImageRef::opt_city_card")]
    pub cover: Option<ImageRef>,
    /// Founding date, `YYYY-MM-DD`.
    pub founded: Option<Spanned<String>>,
    /// About the chapter.
    pub description: Spanned<String>,
    /// Where to join this chapter (falls back to the section's join link).
    #[serde(rename(deserialize = "joinLink"))]
    pub join_link: Option<Spanned<String>>,
    /// Members, in the order written.
    #[serde(default, deserialize_with = "optional_list")]
    pub members: Vec<Member>,
    /// `forming` (初创阶段), `active` or `paused`; shown as a badge.
    pub status: Option<Spanned<String>>,
    /// Region the chapter belongs to, in the page's language, e.g. 华东 or East China.
    pub region: Option<Spanned<String>>,
    /// Country, as an ISO 3166-1 alpha-2 code, e.g. `CN`.
    pub country: Option<Spanned<String>>,
    /// `[latitude, longitude]` in degrees, e.g. `[31.23, 121.47]`.
    pub coordinates: Option<Spanned<Vec<Spanned<String>>>>,
    /// Events, past and upcoming, in any order.
    #[serde(default, deserialize_with = "optional_list")]
    pub events: Vec<Event>,
}

/// One event of a chapter (`events[]`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Event {
    /// What the event is called.
    pub title: Spanned<String>,
    /// Start, with its UTC offset: `2026-03-14T14:00:00+08:00`.
    pub start: Spanned<String>,
    /// End, with its UTC offset, after `start`.
    pub end: Spanned<String>,
    /// Where it takes place; an event has a venue, `online: true`, or both.
    pub venue: Option<Venue>,
    /// `true` for an online (or hybrid) event, which then needs a `link`.
    pub online: Option<Spanned<String>>,
    /// The event's page or registration (http(s)).
    pub link: Option<Spanned<String>>,
    /// The recording, once there is one (http(s)).
    pub recording: Option<Spanned<String>>,
    /// The slides, once there are some (http(s)).
    pub slides: Option<Spanned<String>>,
}

impl Event {
    /// Whether `online` says `true` (validation reports any other word, `E0103`).
    pub fn is_online(&self) -> bool {
        self.online
            .as_ref()
            .is_some_and(|o| o.value.trim().eq_ignore_ascii_case("true"))
    }
}

/// Where an event takes place (`events[].venue`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Venue {
    /// The place's name, e.g. 张江示例创新中心.
    pub name: Spanned<String>,
    /// Its street address.
    pub address: Spanned<String>,
}

/// An optional list: absent or written, never `null` (the deserializer reports that).
fn optional_list<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    Option::<Vec<T>>::deserialize(d).map(Option::unwrap_or_default)
}

/// A chapter member.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Member {
    /// Display name.
    pub name: Spanned<String>,
    /// One of the list page's `organization.roles`; without that list 站长, 副站长 or 委员
    /// (or lead, deputy, member).
    pub role: Spanned<String>,
    /// GitHub login, without `@` or URL.
    pub github: Option<Spanned<String>>,
    /// Avatar photo (at least 96 px wide, 192 for sharp 2x screens).
    #[serde(default, deserialize_with = "ImageRef::opt_avatar")]
    pub avatar: Option<ImageRef>,
    /// One or two sentences.
    pub bio: Option<Spanned<String>>,
}

/// A member's role in a chapter, highest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
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

    /// Reads a built-in role as the README documents it: the Chinese title or the English
    /// key, any case. (A community with other names lists them in `organization.roles`.)
    pub fn parse(text: &str) -> Option<Role> {
        match text.trim().to_lowercase().as_str() {
            "站长" | "lead" => Some(Role::Lead),
            "副站长" | "deputy" => Some(Role::Deputy),
            "委员" | "member" => Some(Role::Member),
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
#[non_exhaustive]
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
    /// What the image is for: set by the field that holds it (`deserialize_with`).
    pub role: ImageRole,
    /// Alternative text the theme shows; empty for decorations. Set by
    /// [`crate::load`] from the text next to the image (a card's name, a member's name).
    pub alt: String,
}

impl ImageRef {
    fn with_role<'de, D: Deserializer<'de>>(d: D, role: ImageRole) -> Result<Self, D::Error> {
        Ok(ImageRef {
            path: Spanned::deserialize(d)?,
            role,
            alt: String::new(),
        })
    }

    fn banner<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Self::with_role(d, ImageRole::Banner)
    }

    fn city_card<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Self::with_role(d, ImageRole::CityCard)
    }

    fn icon<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Self::with_role(d, ImageRole::Icon)
    }

    fn opt_city_card<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Self>, D::Error> {
        Option::<Spanned<String>>::deserialize(d).map(|p| {
            p.map(|path| ImageRef {
                path,
                role: ImageRole::CityCard,
                alt: String::new(),
            })
        })
    }

    fn opt_avatar<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Self>, D::Error> {
        Option::<Spanned<String>>::deserialize(d).map(|p| {
            p.map(|path| ImageRef {
                path,
                role: ImageRole::Avatar,
                alt: String::new(),
            })
        })
    }
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
