//! Step 4: plan and render responsive image variants (parallel, content-addressed cache).
//!
//! API contract (the build step codes against it; the bodies are being written):
//! one [`ImageJob`] per distinct source file, [`render_all`] returns one result per job in
//! the same order.

use std::path::PathBuf;

use crate::manifest::{ImageFile, ImageSource};
use crate::model::ImageRole;

/// One source image to process, already resolved to a file inside the site or theme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageJob {
    /// The source file on disk.
    pub source: PathBuf,
    /// What it is for (decides the widths). A file used in several roles gets one job per role.
    pub role: ImageRole,
}

/// Where and how to render.
#[derive(Debug, Clone)]
pub struct RenderOptions {
    /// Folder the variants are written into (prep owns it), e.g. `<site>/static/usergroup/img`.
    pub out_dir: PathBuf,
    /// URL prefix of `out_dir` in the built site, without slashes at the ends: `usergroup/img`.
    pub url_prefix: String,
    /// Folder for cached metadata (sizes, placeholder, colour) keyed like the files, so an
    /// unchanged image is never decoded again, e.g. `<site>/.usergroup-cache/images`.
    pub cache_dir: PathBuf,
}

/// A rendered (or cached) image: everything the manifest says about it, minus the alt text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedImage {
    /// `raster` or `svg`.
    pub kind: &'static str,
    /// Fallback `src` URL (largest JPEG, or the SVG).
    pub src: String,
    /// Intrinsic width of `src`.
    pub width: u32,
    /// Intrinsic height of `src`.
    pub height: u32,
    /// WebP then JPEG, each with its variants narrowest first; empty for SVG.
    pub sources: Vec<ImageSource>,
    /// Tiny blurred preview as a `data:` URI.
    pub placeholder: Option<String>,
    /// Dominant colour, `#rrggbb`.
    pub color: Option<String>,
    /// The 1200-px-wide JPEG (or the widest below it), for social cards; banner only.
    pub social: Option<ImageFile>,
    /// Every file this image needs, relative to `out_dir` (for garbage collection).
    pub files: Vec<String>,
}

/// Why an image could not be processed. Build turns it into a diagnostic at the front-matter
/// line that references the file.
#[derive(Debug, thiserror::Error)]
pub enum ImageError {
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The file is not a decodable image of a supported format, is truncated, or exceeds
    /// the decoding limits (a decompression bomb).
    #[error("{path}: {message}")]
    Decode {
        /// The file.
        path: PathBuf,
        /// What the decoder said.
        message: String,
    },
    /// An SVG that is not safe to pass through (script, event handler, external reference).
    #[error("{path}: {message}")]
    UnsafeSvg {
        /// The file.
        path: PathBuf,
        /// What was found.
        message: String,
    },
}

/// Counts of work done, for the report and for tests that prove the cache works.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RenderStats {
    /// Images decoded and encoded in this run.
    pub rendered: usize,
    /// Images served from the cache without decoding.
    pub cached: usize,
    /// Variant files encoded in this run.
    pub files_written: usize,
}

/// Renders every job (in parallel), returning one result per job, in order.
/// `progress` is called with (done, total) as jobs finish.
pub fn render_all(
    jobs: &[ImageJob],
    options: &RenderOptions,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> (Vec<Result<RenderedImage, ImageError>>, RenderStats) {
    let _ = (options, progress);
    let results = jobs
        .iter()
        .map(|job| {
            Err(ImageError::Decode {
                path: job.source.clone(),
                message: "image rendering is not implemented yet".into(),
            })
        })
        .collect();
    (results, RenderStats::default())
}
