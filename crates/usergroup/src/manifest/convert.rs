//! The typed [`Page`] plus what the build produced (rendered images, the stylesheet, source
//! hashes) into the [`Manifest`] layouts read.
//!
//! Pure: no I/O, no clock, no hash-map iteration order in the output, so the same inputs
//! always give the same manifest bytes.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use sha2::{Digest, Sha256};

use super::*;
use crate::images::RenderedImage;
use crate::model::{Chapter, ImageRef, ImageRole, Member, Page};

/// Rendered images, looked up by what the front matter wrote: (path as written, role).
///
/// The build renders each distinct (file, role) once and records the result under every
/// way the content writes that file, so conversion never resolves paths itself.
#[derive(Debug, Clone, Default)]
pub struct RenderedImages {
    by_ref: HashMap<(String, ImageRole), RenderedImage>,
}

impl RenderedImages {
    /// An empty index.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records the rendering of the image written as `written` for `role`.
    pub fn insert(&mut self, written: &str, role: ImageRole, image: RenderedImage) {
        self.by_ref.insert((written.to_string(), role), image);
    }

    /// The rendering of an image reference, if the build made one.
    pub fn get(&self, image: &ImageRef) -> Option<&RenderedImage> {
        self.by_ref.get(&(image.path.value.clone(), image.role))
    }
}

/// A reference the build did not render: a bug in the build's planning, never bad input
/// (validation and rendering report those first).
#[derive(Debug, thiserror::Error)]
#[error("{file}:{line}: no rendered image for `{path}` ({role:?})")]
pub struct MissingImage {
    /// The content file holding the reference.
    pub file: String,
    /// Its line.
    pub line: usize,
    /// The path as written.
    pub path: String,
    /// The role it was needed for.
    pub role: ImageRole,
}

/// `usergroup <version>`: the manifest's `generator`.
pub fn generator() -> String {
    format!("usergroup {}", env!("CARGO_PKG_VERSION"))
}

/// The files a page's manifest is built from, each with its SHA-256, read from under
/// `site_root`: its `_index.md`, its chapter files in page order, then `inputs` (other
/// site-relative files the build read for it: images, SCSS overrides, the config) sorted,
/// without duplicates. A layout hashes each again and refuses a stale manifest, so an edit
/// to any of them between `prep build` and `hugo` fails the Hugo build.
pub fn source_files(
    site_root: &Path,
    page: &Page,
    inputs: &[String],
) -> std::io::Result<Vec<SourceFile>> {
    let content: Vec<&str> = std::iter::once(page.file.as_str())
        .chain(page.chapters.iter().map(|c| c.file.as_str()))
        .collect();
    let mut others: Vec<&str> = inputs
        .iter()
        .map(String::as_str)
        .filter(|p| !content.contains(p))
        .collect();
    others.sort_unstable();
    others.dedup();
    content
        .into_iter()
        .chain(others)
        .map(|path| {
            let bytes = std::fs::read(site_root.join(path))?;
            Ok(SourceFile {
                path: path.to_string(),
                sha256: hex(&Sha256::digest(&bytes)),
            })
        })
        .collect()
}

/// Lower-case hex of some bytes.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Builds the manifest of one page.
pub fn from_page(
    page: &Page,
    images: &RenderedImages,
    stylesheet: Stylesheet,
    sources: Vec<SourceFile>,
) -> Result<Manifest, MissingImage> {
    let file = page.file.as_str();
    let chapters = page
        .chapters
        .iter()
        .map(|chapter| {
            Ok((
                chapter.id.value.clone(),
                chapter_view(page, chapter, images)?,
            ))
        })
        .collect::<Result<BTreeMap<_, _>, MissingImage>>()?;
    Ok(Manifest {
        schema: SCHEMA_VERSION,
        generator: generator(),
        lang: page.lang.clone(),
        built_on: page.directory.today.to_string(),
        calendar: super::page_calendar_url(&page.lang),
        section: page.section.clone(),
        sources,
        stylesheet,
        title: page.title.value.clone(),
        social_image: images
            .get(&page.banner.image)
            .and_then(|b| b.social.clone()),
        banner: BannerView {
            title: page.banner.title.value.clone(),
            text: page.banner.text.value.clone(),
            image: image_view(file, &page.banner.image, images)?,
        },
        cities: cities_view(page, images)?,
        organization: organization_view(page, images)?,
        apply: apply_view(page, images)?,
        returns: returns_view(page, images)?,
        chapters,
    })
}

/// `citySection`: the intro card and one card per city, in the page's order.
fn cities_view(page: &Page, images: &RenderedImages) -> Result<CitiesView, MissingImage> {
    let intro = &page.cities.intro;
    let cards = page
        .cities
        .cards
        .iter()
        .map(|card| {
            Ok(CityCardView {
                id: card.id.value.clone(),
                name: card.name.value.clone(),
                title: card.title.value.clone(),
                description: card.description.value.clone(),
                image: image_view(&page.file, &card.image, images)?,
                has_chapter: page.chapters.iter().any(|c| c.id.value == card.id.value),
            })
        })
        .collect::<Result<Vec<_>, MissingImage>>()?;
    Ok(CitiesView {
        title: intro.title.value.clone(),
        description: intro.description.value.clone(),
        join_link: intro.join_link.value.clone(),
        cards,
        regions: super::region_groups(page),
        map: crate::map::chapter_map(&map_places(page)),
    })
}

/// The chapters with coordinates, in the order of their cards.
fn map_places(page: &Page) -> Vec<crate::map::Place> {
    page.cities
        .cards
        .iter()
        .filter_map(|card| page.chapters.iter().find(|c| c.id.value == card.id.value))
        .filter_map(|chapter| {
            let (lat, lon) = crate::validate::directory::coordinates(chapter)?;
            Some(crate::map::Place {
                id: chapter.id.value.clone(),
                name: chapter.name.value.clone(),
                lat,
                lon,
            })
        })
        .collect()
}

/// `organization`: the SIG and its roles, lead first.
fn organization_view(
    page: &Page,
    images: &RenderedImages,
) -> Result<OrganizationView, MissingImage> {
    let org = &page.organization;
    Ok(OrganizationView {
        title: org.title.value.clone(),
        icon: image_view(&page.file, &org.icon, images)?,
        description: org.description.value.clone(),
        sig_name: org.sig_name.value.clone(),
        sig_local_name: org.sig_local_name.value.clone(),
        roles: org.roles().iter().map(|r| r.value.clone()).collect(),
    })
}

/// One member of a chapter, as its page lists them.
fn member_view(
    chapter: &Chapter,
    m: &Member,
    images: &RenderedImages,
) -> Result<MemberView, MissingImage> {
    let github = m.github.as_ref().map(|g| g.value.clone());
    Ok(MemberView {
        name: m.name.value.clone(),
        github_url: github.as_ref().map(|h| format!("https://github.com/{h}")),
        github,
        avatar: m
            .avatar
            .as_ref()
            .map(|a| image_view(&chapter.file, a, images))
            .transpose()?,
        bio: m.bio.as_ref().map(|b| b.value.clone()),
    })
}

/// `applyNew`: the three steps under fixed keys the layouts style by.
fn apply_view(page: &Page, images: &RenderedImages) -> Result<ApplyView, MissingImage> {
    let apply = &page.apply;
    let steps = [
        ("conditions", &apply.conditions),
        ("apply", &apply.how_to_apply),
        ("requirements", &apply.requirements),
    ]
    .into_iter()
    .map(|(key, step)| {
        Ok(ApplyStepView {
            key: key.to_string(),
            title: step.title.value.clone(),
            description: step.description.as_ref().map(|d| d.value.clone()),
            link: step.link.as_ref().map(|l| l.value.clone()),
            icon: image_view(&page.file, &step.icon, images)?,
        })
    })
    .collect::<Result<Vec<_>, MissingImage>>()?;
    Ok(ApplyView {
        eyebrow: apply.eyebrow.value.clone(),
        title: apply.title.value.clone(),
        description: apply.description.value.clone(),
        illustration: image_view(&page.file, &apply.illustration, images)?,
        steps,
    })
}

/// `returns`: what a chapter lead gets.
fn returns_view(page: &Page, images: &RenderedImages) -> Result<ReturnsView, MissingImage> {
    let items = page
        .returns
        .items
        .iter()
        .map(|item| {
            Ok(ReturnItemView {
                text: item.text.value.clone(),
                decoration: image_view(&page.file, &item.decoration, images)?,
            })
        })
        .collect::<Result<Vec<_>, MissingImage>>()?;
    Ok(ReturnsView {
        title: page.returns.title.value.clone(),
        items,
    })
}

fn chapter_view(
    page: &Page,
    chapter: &Chapter,
    images: &RenderedImages,
) -> Result<ChapterView, MissingImage> {
    let card = page
        .cities
        .cards
        .iter()
        .find(|card| card.id.value == chapter.id.value);
    // The cover written in the chapter file, else the card's photo in `_index.md`.
    let cover = match (&chapter.cover, card) {
        (Some(cover), _) => image_view(&chapter.file, cover, images)?,
        (None, Some(card)) => image_view(&page.file, &card.image, images)?,
        (None, None) => {
            return Err(MissingImage {
                file: chapter.file.clone(),
                line: chapter.id.span.line,
                path: String::new(),
                role: ImageRole::CityCard,
            })
        }
    };
    let org = &page.organization;
    let labels = org.roles();
    // Validation reports a role no label names (E0205); such a member counts as the lowest.
    let lowest = labels.len().saturating_sub(1);
    let ranks = org.role_ranks();
    // One pass over the members, grouped by rank in rank order, each group in written order.
    let mut by_rank: BTreeMap<usize, Vec<&Member>> = BTreeMap::new();
    for m in &chapter.members {
        let rank = ranks.rank_of(&m.role.value).unwrap_or(lowest);
        by_rank.entry(rank).or_default().push(m);
    }
    // A page with no role labels at all (E0104) has no groups, rather than a panic here.
    let roles = by_rank
        .into_iter()
        .filter_map(|(rank, members)| Some((rank, labels.get(rank)?, members)))
        .map(|(rank, label, members)| {
            let members = members
                .into_iter()
                .map(|m| member_view(chapter, m, images))
                .collect::<Result<Vec<_>, MissingImage>>()?;
            Ok(RoleGroupView {
                role: org.role_key(rank),
                label: label.value.clone(),
                members,
            })
        })
        .collect::<Result<Vec<_>, MissingImage>>()?;
    Ok(ChapterView {
        id: chapter.id.value.clone(),
        name: chapter.name.value.clone(),
        title: chapter.title.value.clone(),
        cover,
        founded: chapter.founded.as_ref().map(|f| f.value.clone()),
        description: chapter.description.value.clone(),
        join_link: chapter
            .join_link
            .as_ref()
            .map(|l| l.value.clone())
            .unwrap_or_else(|| page.cities.intro.join_link.value.clone()),
        roles,
        directory: super::chapter_directory(page, chapter),
    })
}

/// A rendered image plus the reference's alt text.
fn image_view(
    file: &str,
    image: &ImageRef,
    images: &RenderedImages,
) -> Result<ImageView, MissingImage> {
    let rendered = images.get(image).ok_or_else(|| MissingImage {
        file: file.to_string(),
        line: image.path.span.line,
        path: image.path.value.clone(),
        role: image.role,
    })?;
    Ok(ImageView {
        kind: rendered.kind.to_string(),
        src: rendered.src.clone(),
        width: rendered.width,
        height: rendered.height,
        alt: image.alt.clone(),
        sources: rendered.sources.clone(),
        placeholder: rendered.placeholder.clone(),
        color: rendered.color.clone(),
    })
}

/// The manifest as written to disk: pretty JSON with a trailing newline. Field order is
/// the structs' order and chapters are a sorted map, so the bytes are deterministic.
pub fn to_json(manifest: &Manifest) -> serde_json::Result<String> {
    let mut text = serde_json::to_string_pretty(manifest)?;
    text.push('\n');
    Ok(text)
}
