//! The image rules: every referenced file exists inside the site, is an image prep can
//! render, is safe to publish, and is wide enough for its role.
//!
//! Each file is inspected by [`crate::images::inspect`], the same inspection `build` relies
//! on: kind by content, a full decode for rasters (size after EXIF orientation), the SVG
//! allowlist. Files are inspected once each, in parallel, before the rules run; a raster
//! `build` already decoded is answered from the inspection cache, which `check` only reads.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostic::{Code, Diagnostic};
use crate::discover::{lookup_asset, AssetLookup};
use crate::images::placeholder::is_placeholder;
use crate::images::{inspect_cache_dir, inspect_cached, Depth, Inspection, Refusal};
use crate::model::{ImageRef, ImageRole, Site};

pub(super) struct ImageChecker<'a> {
    root: &'a Path,
    theme: Option<&'a Path>,
    depth: Depth,
    seen: BTreeMap<PathBuf, Inspection>,
    /// The files that are `prep new city`'s grey placeholder (`W0410`).
    placeholders: BTreeSet<PathBuf>,
}

impl<'a> ImageChecker<'a> {
    /// A checker for `site`, with every file its pages reference already inspected.
    pub(super) fn for_site(site: &'a Site, depth: Depth) -> Self {
        let mut checker = Self {
            root: &site.root,
            theme: site.theme_dir.as_deref(),
            depth,
            seen: BTreeMap::new(),
            placeholders: BTreeSet::new(),
        };
        let mut files: Vec<PathBuf> = site
            .pages
            .iter()
            .flat_map(|page| page.image_refs())
            .filter_map(|(_, image)| match checker.lookup(&image.path.value) {
                AssetLookup::Found(path) => Some(path),
                _ => None,
            })
            .collect();
        files.sort();
        files.dedup();
        let cache = inspect_cache_dir(checker.root);
        let inspected: Vec<(PathBuf, (Inspection, bool))> = files
            .into_par_iter()
            .map(|path| {
                let inspection = inspect_file(&path, &cache, depth);
                (path, inspection)
            })
            .collect();
        for (path, (inspection, placeholder)) in inspected {
            if placeholder {
                checker.placeholders.insert(path.clone());
            }
            checker.seen.insert(path, inspection);
        }
        checker
    }

    fn lookup(&self, written: &str) -> AssetLookup {
        lookup_asset(self.root, self.theme, written)
    }

    pub(super) fn check(&mut self, file: &str, image: &ImageRef, diags: &mut Vec<Diagnostic>) {
        let written = image.path.value.as_str();
        if written.trim().is_empty() {
            return; // reported by loading as missing or empty
        }
        let at = image.path.span;
        let path = match self.lookup(written) {
            AssetLookup::Found(p) => p,
            AssetLookup::Remote => {
                diags.push(Diagnostic::new(Code::RemoteImage, file, at, format!("`{written}` is not a file of the site"))
                    .with_help("prep renders images from files: put the image under `static/` and write its path, e.g. `/images/user-group/x.jpg`"));
                return;
            }
            AssetLookup::Escapes(why) => {
                diags.push(Diagnostic::new(Code::ImageEscapes, file, at, format!("image path `{written}` leaves the site: {why}"))
                    .with_help("write a path inside the site's `static/` or `assets/` folder, starting with `/`, e.g. `/images/user-group/x.jpg`"));
                return;
            }
            AssetLookup::Missing(tried) => {
                diags.push(
                    Diagnostic::new(
                        Code::ImageMissing,
                        file,
                        at,
                        format!("image `{written}` not found"),
                    )
                    .with_help(format!("looked in {}", tried.join(", "))),
                );
                return;
            }
        };
        let (root, depth) = (self.root, self.depth);
        let inspection = self
            .seen
            .entry(path.clone())
            .or_insert_with(|| inspect_file(&path, &inspect_cache_dir(root), depth).0)
            .clone();
        match inspection {
            Inspection::Svg { .. } => {}
            Inspection::Raster { width, height } => size(file, image, width, height, diags),
            Inspection::Refused(refusal) => diags.push(refused(file, image, &refusal)),
        }
        if self.placeholders.contains(&path) {
            diags.push(super::placeholder::placeholder_image(file, image));
        }
    }
}

/// Reads and inspects one file; an unreadable file is not an image. The flag says whether
/// the file is the scaffold's placeholder photo.
fn inspect_file(path: &Path, cache: &Path, depth: Depth) -> (Inspection, bool) {
    match std::fs::read(path) {
        Ok(bytes) => (inspect_cached(&bytes, cache, depth), is_placeholder(&bytes)),
        Err(e) => (
            Inspection::Refused(Refusal::NotAnImage(format!("cannot read it: {e}"))),
            false,
        ),
    }
}

/// The diagnostic for a refused file, at the front-matter value that names it: `check`'s
/// inspection and `build`'s renderer both report through it.
pub(crate) fn refused(file: &str, image: &ImageRef, refusal: &Refusal) -> Diagnostic {
    let written = &image.path.value;
    let why = refusal.message();
    let (message, help) = match refusal {
        Refusal::UnsafeSvg(_) => (
            format!("SVG `{written}` is unsafe to publish: {why}"),
            "prep publishes SVGs that only draw: remove scripts, event handlers (on…), \
             <foreignObject>, links and `url()`s to other files, DOCTYPEs and processing \
             instructions (an editor's \"optimised\" or \"plain SVG\" export usually does)",
        ),
        Refusal::NotAnImage(_) => (
            format!("`{written}` is not a usable image: {why}"),
            "use a JPEG, PNG, WebP, GIF or SVG file",
        ),
        Refusal::Undecodable(_) => (
            format!("the image `{written}` cannot be decoded: {why}"),
            "re-export it as a JPEG, PNG or WebP file (a photo of at most a few thousand \
             pixels a side)",
        ),
    };
    Diagnostic::new(refusal.code(), file, image.path.span, message).with_help(help)
}

fn size(file: &str, image: &ImageRef, width: u32, height: u32, diags: &mut Vec<Diagnostic>) {
    let role = image.role;
    let widths = role.widths();
    let smallest = widths.first().copied().unwrap_or(0);
    let (article, name) = match role {
        ImageRole::Banner => ("a", "banner"),
        ImageRole::CityCard => ("a", "city photo"),
        ImageRole::Avatar => ("an", "avatar"),
        ImageRole::Icon => ("an", "icon"),
    };
    let written = &image.path.value;
    if width < smallest {
        diags.push(
            Diagnostic::new(Code::ImageTooSmall, file, image.path.span, format!("{name} `{written}` is {width}x{height} px, narrower than the smallest {name} width prep renders ({smallest} px)"))
                .with_help(format!("use a source at least {} px wide", role.min_source_width())),
        );
    } else if width < role.min_source_width() {
        let missing = widths.iter().filter(|w| **w > width).count();
        diags.push(
            Diagnostic::new(Code::ImageSmall, file, image.path.span, format!("{name} `{written}` is {width} px wide; {missing} of {} widths ({}) will be missing", widths.len(), widths.iter().map(|w| w.to_string()).collect::<Vec<_>>().join(", ")))
                .with_help(format!("{article} {name} looks sharp on 2x screens from {} px wide; prep never upscales", role.min_source_width())),
        );
    }
}
