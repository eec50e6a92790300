//! Step 4: plan and render responsive image variants (parallel, content-addressed cache).
//!
//! One [`ImageJob`] per distinct source file and role; [`render_all`] returns one result per
//! job, in the same order.
//!
//! For each raster: decode once (bounded by [`image::Limits`] and a pixel cap, upright per
//! EXIF), resize to the role's widths with `fast_image_resize` (never upscaled), encode each
//! width as lossy WebP (libwebp) and progressive JPEG (`jpeg-encoder`), and compute a tiny
//! placeholder and the dominant colour, all as one [`EncodeSettings`] value says. Files are
//! named by a hash of the source bytes and those settings, and their metadata is cached (and
//! verified before use, see `cache`), so an unchanged image is never decoded again.
//! SVGs must pass the allowlist checker and are copied unchanged. [`inspect()`] is the one
//! inspection `check` and `build` share; decoding reserves its memory from a process-wide
//! budget, so the pixels alive at once are bounded whatever the number of threads.
//!
//! Work runs in parallel across images and across the variants of one image, with at most one
//! decoded source alive per worker thread, so memory does not grow with the number of images.

mod budget;
mod cache;
mod decode;
mod encode;
mod inspect;
pub mod placeholder;
mod plan;
#[cfg(test)]
mod plan_props;
mod svg;

pub(crate) use inspect::{cache_dir as inspect_cache_dir, inspect_cached, Depth};
pub use inspect::{check_svg, inspect, Inspection, Refusal, MAX_SVG_BYTES};

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

pub use plan::{ChromaSubsampling, EncodeSettings, ResizeFilter, RoleWidths};

use crate::model::ImageRole;
use crate::write::write_atomic;

/// Entry points for the fuzz targets in `fuzz/` (not a stable API).
#[doc(hidden)]
pub mod fuzzing {
    /// The upright size rendering would decode `bytes` to, or its error: what `build` does
    /// with a raster, to compare with [`super::inspect()`].
    pub fn render_size(bytes: &[u8]) -> Result<(u32, u32), String> {
        super::decode::decode(bytes).map(|d| (d.width, d.height))
    }

    /// The upright size `build`'s header-only inspection reads from `bytes`, or its error.
    pub fn header_size(bytes: &[u8]) -> Result<(u32, u32), String> {
        super::decode::header(bytes).map(|h| (h.width, h.height))
    }
}

/// One file prep wrote, with its pixel size.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageFile {
    /// Site-relative URL without a leading slash.
    pub url: String,
    /// Pixel width.
    pub width: u32,
    /// Pixel height.
    pub height: u32,
}

/// All variants of an image in one format.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageSource {
    /// MIME type for `<source type>`: `image/webp` or `image/jpeg`.
    #[serde(rename = "type")]
    pub mime: String,
    /// The `srcset` value with URLs relative to the site root (`usergroup/img/a-400.webp 400w, …`).
    /// Layouts that need `relURL` on each URL use `variants` instead.
    pub srcset: String,
    /// The same variants as data.
    pub variants: Vec<ImageFile>,
}

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
#[non_exhaustive]
pub struct RenderOptions {
    /// Folder the variants are written into (prep owns it), e.g. `<site>/static/usergroup/img`.
    pub out_dir: PathBuf,
    /// URL prefix of `out_dir` in the built site, without slashes at the ends: `usergroup/img`.
    pub url_prefix: String,
    /// Folder for cached metadata (sizes, placeholder, colour) keyed like the files, so an
    /// unchanged image is never decoded again, e.g. `<site>/.usergroup-cache/images`. Each
    /// raster decoded is also remembered in the inspection cache beside it (`../inspect`),
    /// so the next `check` does not decode it again.
    pub cache_dir: PathBuf,
    /// How to encode; every field is part of the files' names.
    pub settings: EncodeSettings,
}

impl RenderOptions {
    /// Render into `out_dir` (published under `url_prefix`), caching in `cache_dir`, with the
    /// default [`EncodeSettings`].
    pub fn new(out_dir: PathBuf, url_prefix: impl Into<String>, cache_dir: PathBuf) -> Self {
        RenderOptions {
            out_dir,
            url_prefix: url_prefix.into(),
            cache_dir,
            settings: EncodeSettings::default(),
        }
    }
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
#[non_exhaustive]
pub enum ImageError {
    /// Reading the source image failed (a problem of the input).
    #[error("{path}: {source}")]
    ReadSource {
        /// The source file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// Writing an output file or cache entry failed (a problem of the machine: disk full,
    /// permissions), never of the input.
    #[error("{path}: {source}")]
    WriteOutput {
        /// The file or folder prep was writing.
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

impl ImageError {
    /// The diagnostic code for this failure: the same code `check` gives the same file.
    pub fn code(&self) -> crate::diagnostic::Code {
        use crate::diagnostic::Code;
        match self {
            ImageError::UnsafeSvg { .. } => Code::UnsafeSvg,
            ImageError::ReadSource { .. }
            | ImageError::WriteOutput { .. }
            | ImageError::Decode { .. } => Code::ImageRender,
        }
    }
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
///
/// Creates `out_dir` and `cache_dir` if needed. Writes each variant atomically (temporary
/// name, then rename) and each image's cache metadata last, so an interrupted run never leaves
/// a cache entry pointing at missing or partial files. Deterministic: the same inputs give
/// byte-identical files and results whatever the number of threads.
pub fn render_all(
    jobs: &[ImageJob],
    options: &RenderOptions,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> (Vec<Result<RenderedImage, ImageError>>, RenderStats) {
    let total = jobs.len();
    let mut results: Vec<Option<Result<RenderedImage, ImageError>>> =
        (0..total).map(|_| None).collect();
    if total == 0 {
        return (Vec::new(), RenderStats::default());
    }
    for dir in [&options.out_dir, &options.cache_dir] {
        if let Err(source) = std::fs::create_dir_all(dir) {
            let results = jobs
                .iter()
                .map(|_| {
                    Err(ImageError::WriteOutput {
                        path: dir.clone(),
                        source: std::io::Error::new(source.kind(), source.to_string()),
                    })
                })
                .collect();
            return (results, RenderStats::default());
        }
    }

    let counters = Counters::default();
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let slots: Vec<Mutex<Option<Result<RenderedImage, ImageError>>>> =
        (0..total).map(|_| Mutex::new(None)).collect();
    // `workers` loops each take whole images, one at a time; the variants of each image are
    // split further across the pool. Each loop holds at most one decoded source, so at most
    // `workers` are alive at once however many images there are (a thread waiting for its
    // variants may pick up another loop, but there are only `workers` loops). Runs in the
    // caller's rayon pool.
    let workers = rayon::current_num_threads().clamp(1, total);
    rayon::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|_| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(job) = jobs.get(i) else { break };
                let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    render_one(job, options, &counters)
                }))
                .unwrap_or_else(|_| {
                    Err(ImageError::Decode {
                        path: job.source.clone(),
                        message: "processing this image crashed; it is probably corrupt".into(),
                    })
                });
                if let Ok(mut slot) = slots[i].lock() {
                    *slot = Some(result);
                }
                progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
            });
        }
    });
    for (slot, out) in slots.into_iter().zip(results.iter_mut()) {
        *out = slot.into_inner().ok().flatten();
    }
    if results.iter().all(|r| matches!(r, Some(Ok(_)))) {
        if let Ok(keep) = counters.inspected.lock() {
            inspect::prune(&inspect_dir(options), &keep);
        }
    }
    let results = results
        .into_iter()
        .zip(jobs)
        .map(|(r, job)| {
            r.unwrap_or_else(|| {
                Err(ImageError::Decode {
                    path: job.source.clone(),
                    message: "processing this image was interrupted".into(),
                })
            })
        })
        .collect();
    (results, counters.stats())
}

#[derive(Default)]
struct Counters {
    rendered: AtomicUsize,
    cached: AtomicUsize,
    files_written: AtomicUsize,
    /// Inspection keys of the rasters seen, to prune the inspection cache to them.
    inspected: Mutex<HashSet<String>>,
}

impl Counters {
    fn stats(&self) -> RenderStats {
        RenderStats {
            rendered: self.rendered.load(Ordering::Relaxed),
            cached: self.cached.load(Ordering::Relaxed),
            files_written: self.files_written.load(Ordering::Relaxed),
        }
    }
}

/// Removes cache entries that can only miss (their files were garbage-collected, or they
/// are not prep's entries any more). Call after the output's garbage collection. Files in
/// `cache_dir` not named like prep's entries are left alone. Returns how many went.
pub fn collect_stale_cache(options: &RenderOptions) -> Result<usize, ImageError> {
    cache::collect_garbage(&options.cache_dir, &options.out_dir).map_err(|source| {
        ImageError::WriteOutput {
            path: options.cache_dir.clone(),
            source,
        }
    })
}

/// Whether `name` is a name prep gives the files it writes into `out_dir`
/// (`<key>-<width>.webp|jpg`, `<key>.svg`), so the output's owner can tell them from files
/// someone else put there.
pub fn is_output_name(name: &str) -> bool {
    plan::is_output_name(name)
}

/// Whether `name` is a name prep gives the entries it writes into `cache_dir` (`<key>.json`).
pub fn is_cache_entry_name(name: &str) -> bool {
    cache::is_entry_name(name)
}

fn render_one(
    job: &ImageJob,
    options: &RenderOptions,
    counters: &Counters,
) -> Result<RenderedImage, ImageError> {
    let path = &job.source;
    let bytes = std::fs::read(path).map_err(|source| ImageError::ReadSource {
        path: path.clone(),
        source,
    })?;
    match inspect::kind(&bytes) {
        inspect::Kind::Svg => return render_svg(path, &bytes, options, counters),
        inspect::Kind::Raster(_) => {}
        inspect::Kind::Unknown => {
            return Err(ImageError::Decode {
                path: path.clone(),
                message: inspect::not_an_image(&bytes).message().to_string(),
            });
        }
    }
    let inspect_key = inspect::key(&bytes);
    if let Ok(mut keys) = counters.inspected.lock() {
        keys.insert(inspect_key.clone());
    }
    let key = plan::raster_key(&options.settings, &bytes);
    if let Some(meta) = cache::lookup(&options.cache_dir, &options.out_dir, &key) {
        counters.cached.fetch_add(1, Ordering::Relaxed);
        return Ok(rendered_from_meta(&meta, job.role, &options.url_prefix));
    }
    let (meta, files_written) = render_raster(job, bytes, (&inspect_key, &key), options)?;
    counters
        .files_written
        .fetch_add(files_written, Ordering::Relaxed);
    counters.rendered.fetch_add(1, Ordering::Relaxed);
    Ok(rendered_from_meta(&meta, job.role, &options.url_prefix))
}

/// Decodes, resizes and encodes a raster the cache does not have, writes its variants and
/// then its cache entry. Returns the entry and how many files were written.
fn render_raster(
    job: &ImageJob,
    bytes: Vec<u8>,
    (inspect_key, key): (&str, &str),
    options: &RenderOptions,
) -> Result<(cache::Meta, usize), ImageError> {
    let decode_error = |message: String| ImageError::Decode {
        path: job.source.clone(),
        message,
    };
    let source = decode::decode(&bytes).map_err(decode_error)?;
    drop(bytes);
    // Best effort: without the entry the next `check` just decodes the image again.
    let _ = inspect::remember(
        &inspect_dir(options),
        inspect_key,
        source.width,
        source.height,
    );
    let settings = &options.settings;
    let widths = plan::plan_widths(settings.widths.of(job.role), source.width);
    let encoded = encode_widths(source, &widths, settings).map_err(decode_error)?;

    let mut placeholder_and_color = None;
    let mut files = Vec::new();
    for encoded in encoded {
        let EncodedWidth {
            width,
            height,
            webp,
            jpeg,
            extras,
        } = encoded;
        if extras.is_some() {
            placeholder_and_color = extras;
        }
        files.push((format!("{key}-{width}.webp"), width, height, webp));
        files.push((format!("{key}-{width}.jpg"), width, height, jpeg));
    }
    let meta = write_variants(&files, options, placeholder_and_color.unwrap_or_default())?;
    // The metadata last: its presence promises that every file above is complete.
    cache::store(&options.cache_dir, key, &meta).map_err(|source| ImageError::WriteOutput {
        path: options.cache_dir.join(format!("{key}.json")),
        source,
    })?;
    Ok((meta, files.len()))
}

/// Resizes `source` to every width in `widths` (ascending) and encodes each as WebP and JPEG,
/// with the placeholder and colour computed beside the narrowest.
///
/// The widest variant comes from the source, the narrower ones from it: one full-resolution
/// convolution per image instead of one per width (the full-resolution pass is most of the
/// resizing cost), and the source's memory is released before encoding starts. Every width
/// runs in parallel, so one huge banner keeps every core busy too.
fn encode_widths(
    source: decode::Decoded,
    widths: &[u32],
    settings: &EncodeSettings,
) -> Result<Vec<EncodedWidth>, String> {
    let (Some(&narrowest), Some(&widest)) = (widths.first(), widths.last()) else {
        return Err("the image has no pixels".into());
    };
    let (source_width, source_height) = (source.width, source.height);
    let height_of = |width| plan::scaled_height(source_width, source_height, width);
    let top = encode::resize(&source, (widest, height_of(widest)), settings.resize_filter)?;
    drop(source);
    widths
        .par_iter()
        .map(|&width| {
            let height = height_of(width);
            let resized;
            let pixels = if width == widest {
                &top
            } else {
                resized = encode::resize(&top, (width, height), settings.resize_filter)?;
                &resized
            };
            let ((webp, jpeg), extras) = rayon::join(
                || {
                    rayon::join(
                        || encode::webp(pixels, settings.webp_quality, settings.webp_method),
                        || encode::jpeg(pixels, settings),
                    )
                },
                || {
                    (width == narrowest)
                        .then(|| encode::placeholder_and_color(pixels, settings))
                        .transpose()
                },
            );
            Ok(EncodedWidth {
                width,
                height,
                webp: webp?,
                jpeg: jpeg?,
                extras: extras?,
            })
        })
        .collect()
}

/// Writes every (file, width, height, bytes) atomically, in parallel, and returns the
/// metadata recording each (WebP and JPEG lists, narrowest first, as `files` comes).
fn write_variants(
    files: &[(String, u32, u32, Vec<u8>)],
    options: &RenderOptions,
    (placeholder, color): (String, String),
) -> Result<cache::Meta, ImageError> {
    let stamped = files
        .par_iter()
        .map(|(file, width, height, data)| {
            let target = options.out_dir.join(file);
            write_atomic(&target, data)
                .and_then(|()| cache::stamp(&target, (file.clone(), *width, *height), data))
                .map_err(|source| ImageError::WriteOutput {
                    path: target,
                    source,
                })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let (webp, jpeg): (Vec<_>, Vec<_>) =
        stamped.into_iter().partition(|v| v.file.ends_with(".webp"));
    let (width, height) = jpeg.last().map_or((0, 0), |v| (v.width, v.height));
    Ok(cache::Meta {
        width,
        height,
        placeholder,
        color,
        webp,
        jpeg,
    })
}

/// One width of an image, encoded in both formats.
struct EncodedWidth {
    width: u32,
    height: u32,
    webp: Vec<u8>,
    jpeg: Vec<u8>,
    /// Placeholder and colour, computed beside the narrowest width.
    extras: Option<(String, String)>,
}

/// The one place a [`RenderedImage`] is built for a raster, so a cached answer equals a
/// fresh one.
fn rendered_from_meta(meta: &cache::Meta, role: ImageRole, url_prefix: &str) -> RenderedImage {
    let file = |v: &cache::Variant| ImageFile {
        url: url_of(url_prefix, &v.file),
        width: v.width,
        height: v.height,
    };
    let source = |mime: &str, variants: &[cache::Variant]| {
        let variants: Vec<ImageFile> = variants.iter().map(file).collect();
        ImageSource {
            mime: mime.to_string(),
            srcset: variants
                .iter()
                .map(|v| format!("{} {}w", v.url, v.width))
                .collect::<Vec<_>>()
                .join(", "),
            variants,
        }
    };
    let social = (role == ImageRole::Banner)
        .then(|| {
            meta.jpeg
                .iter()
                .rev()
                .find(|v| v.width <= SOCIAL_WIDTH)
                .or(meta.jpeg.first())
                .map(file)
        })
        .flatten();
    RenderedImage {
        kind: "raster",
        src: meta
            .jpeg
            .last()
            .map(|v| url_of(url_prefix, &v.file))
            .unwrap_or_default(),
        width: meta.width,
        height: meta.height,
        sources: vec![
            source("image/webp", &meta.webp),
            source("image/jpeg", &meta.jpeg),
        ],
        placeholder: Some(meta.placeholder.clone()),
        color: Some(meta.color.clone()),
        social,
        files: meta.files().map(str::to_string).collect(),
    }
}

/// The width of the social-card image (Open Graph recommends 1200 px).
const SOCIAL_WIDTH: u32 = 1200;

fn url_of(prefix: &str, file: &str) -> String {
    let prefix = prefix.trim_matches('/');
    if prefix.is_empty() {
        file.to_string()
    } else {
        format!("{prefix}/{file}")
    }
}

/// The inspection cache, beside the render metadata cache (`<cache>/inspect`).
fn inspect_dir(options: &RenderOptions) -> PathBuf {
    options.cache_dir.with_file_name("inspect")
}

fn render_svg(
    path: &Path,
    bytes: &[u8],
    options: &RenderOptions,
    counters: &Counters,
) -> Result<RenderedImage, ImageError> {
    let (width, height) = inspect::check_svg(bytes).map_err(|refusal| match refusal {
        Refusal::UnsafeSvg(message) => ImageError::UnsafeSvg {
            path: path.to_path_buf(),
            message,
        },
        Refusal::NotAnImage(message) | Refusal::Undecodable(message) => ImageError::Decode {
            path: path.to_path_buf(),
            message,
        },
    })?;
    let file = format!("{}.svg", plan::svg_key(bytes));
    let target = options.out_dir.join(&file);
    // Content-addressed, but verified rather than trusted: an SVG is small, so comparing
    // the bytes costs less than keeping metadata about it.
    let intact = std::fs::symlink_metadata(&target)
        .is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
        && std::fs::read(&target).is_ok_and(|old| old == bytes);
    if intact {
        counters.cached.fetch_add(1, Ordering::Relaxed);
    } else {
        write_atomic(&target, bytes).map_err(|source| ImageError::WriteOutput {
            path: target.clone(),
            source,
        })?;
        counters.files_written.fetch_add(1, Ordering::Relaxed);
        counters.rendered.fetch_add(1, Ordering::Relaxed);
    }
    Ok(RenderedImage {
        kind: "svg",
        src: url_of(&options.url_prefix, &file),
        width,
        height,
        sources: Vec::new(),
        placeholder: None,
        color: None,
        social: None,
        files: vec![file],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    /// A photo-like test picture: smooth gradients, a few shapes and deterministic noise, so
    /// the encoders see texture like a real photograph's.
    fn photo(width: u32, height: u32) -> image::RgbImage {
        let mut seed = 0x2545_f491_u32;
        image::RgbImage::from_fn(width, height, |x, y| {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            let noise = (seed % 24) as i32 - 12;
            let (fx, fy) = (x as f32 / width as f32, y as f32 / height as f32);
            let disc = ((fx - 0.6).powi(2) + (fy - 0.4).powi(2)) < 0.04;
            let base = if disc {
                [230.0, 190.0, 60.0]
            } else {
                [
                    40.0 + 150.0 * fx,
                    90.0 + 100.0 * fy,
                    200.0 - 120.0 * fx * fy,
                ]
            };
            image::Rgb(base.map(|c| (c as i32 + noise).clamp(0, 255) as u8))
        })
    }

    fn png_bytes(img: &image::RgbImage) -> Vec<u8> {
        let mut out = std::io::Cursor::new(Vec::new());
        img.write_to(&mut out, image::ImageFormat::Png)
            .expect("png");
        out.into_inner()
    }

    fn options(root: &Path) -> RenderOptions {
        RenderOptions {
            out_dir: root.join("out"),
            url_prefix: "usergroup/img".into(),
            cache_dir: root.join("cache"),
            settings: EncodeSettings::default(),
        }
    }

    fn job(path: PathBuf, role: ImageRole) -> ImageJob {
        ImageJob { source: path, role }
    }

    /// A temporary site folder with a `width`x`height` PNG photo, and render options for it.
    fn card_photo(width: u32, height: u32) -> (tempfile::TempDir, PathBuf, RenderOptions) {
        let dir = tempfile::tempdir().expect("tempdir");
        let src = dir.path().join("card.png");
        fs::write(&src, png_bytes(&photo(width, height))).expect("write");
        let options = options(dir.path());
        (dir, src, options)
    }

    fn render(jobs: &[ImageJob], options: &RenderOptions) -> (Vec<RenderedImage>, RenderStats) {
        let (results, stats) = render_all(jobs, options, &|_, _| {});
        let images = results.into_iter().map(|r| r.expect("render")).collect();
        (images, stats)
    }

    #[test]
    fn variants_exist_decode_and_are_never_wider_than_the_source() {
        let (dir, src, options) = card_photo(1000, 600);
        let (images, stats) = render(&[job(src, ImageRole::CityCard)], &options);
        let image = &images[0];
        assert_eq!(stats.rendered, 1);
        assert_eq!(stats.files_written, 6);
        assert_eq!(image.kind, "raster");
        assert_eq!((image.width, image.height), (1000, 600));
        let mimes: Vec<&str> = image.sources.iter().map(|s| s.mime.as_str()).collect();
        assert_eq!(mimes, ["image/webp", "image/jpeg"]);
        for source in &image.sources {
            let widths: Vec<u32> = source.variants.iter().map(|v| v.width).collect();
            assert_eq!(widths, [400, 800, 1000]);
            for variant in &source.variants {
                let file = variant.url.strip_prefix("usergroup/img/").expect("prefix");
                let decoded = image::open(options.out_dir.join(file)).expect("decodes");
                assert_eq!(
                    (decoded.width(), decoded.height()),
                    (variant.width, variant.height)
                );
                assert_eq!(
                    variant.height,
                    plan::scaled_height(1000, 600, variant.width)
                );
                // Lossy, but still the same picture: the disc is yellow, the corner blue-ish.
                let px = decoded.to_rgb8();
                let disc = px.get_pixel(variant.width * 6 / 10, variant.height * 4 / 10);
                assert!(disc[0] > 180 && disc[2] < 120, "{file}: {disc:?}");
            }
        }
        let jpeg = &image.sources[1];
        assert_eq!(image.src, jpeg.variants[2].url);
        assert_eq!(
            jpeg.srcset,
            format!(
                "{} 400w, {} 800w, {} 1000w",
                jpeg.variants[0].url, jpeg.variants[1].url, jpeg.variants[2].url
            )
        );
        assert!(image.social.is_none(), "only banners get a social image");
        let mut listed = image.files.clone();
        listed.sort();
        let mut on_disk: Vec<String> = fs::read_dir(&options.out_dir)
            .expect("out")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        on_disk.sort();
        assert_eq!(
            listed, on_disk,
            "exactly the listed files, no temporaries left"
        );
        assert!(listed[0].starts_with(&plan::raster_key(
            &options.settings,
            &fs::read(dir.path().join("card.png")).expect("read")
        )));
    }

    #[test]
    fn placeholder_is_a_small_data_uri_and_color_is_hex() {
        let dir = tempfile::tempdir().expect("tempdir");
        let src = dir.path().join("banner.png");
        fs::write(&src, png_bytes(&photo(1300, 300))).expect("write");
        let (images, _) = render(&[job(src, ImageRole::Banner)], &options(dir.path()));
        let image = &images[0];
        let placeholder = image.placeholder.as_deref().expect("placeholder");
        assert!(placeholder.starts_with("data:image/webp;base64,"));
        assert!(placeholder.len() < 1024, "{} bytes", placeholder.len());
        let color = image.color.as_deref().expect("color");
        assert!(color.len() == 7 && color.starts_with('#'), "{color}");
        assert!(color[1..].chars().all(|c| c.is_ascii_hexdigit()));
        let social = image.social.as_ref().expect("banner has a social image");
        assert_eq!(social.width, 1200);
        assert!(social.url.ends_with("-1200.jpg"));
        let widths: Vec<u32> = image.sources[0].variants.iter().map(|v| v.width).collect();
        assert_eq!(widths, [640, 1200, 1300]);
    }

    #[test]
    fn exif_orientation_is_applied() {
        let dir = tempfile::tempdir().expect("tempdir");
        // 300x100, left half black, right half white, tagged "rotate 90 degrees clockwise".
        let img = image::RgbImage::from_fn(300, 100, |x, _| {
            image::Rgb(if x < 150 { [0, 0, 0] } else { [255, 255, 255] })
        });
        let exif = [
            b'M', b'M', 0, 42, 0, 0, 0, 8, // big-endian TIFF header, IFD at offset 8
            0, 1, // one entry
            0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, // Orientation (SHORT) = 6
            0, 0, 0, 0, // no next IFD
        ];
        let mut bytes = Vec::new();
        let mut encoder = jpeg_encoder::Encoder::new(&mut bytes, 90);
        encoder.set_progressive(true);
        encoder.add_exif_metadata(&exif).expect("exif");
        encoder
            .encode(img.as_raw(), 300, 100, jpeg_encoder::ColorType::Rgb)
            .expect("jpeg");
        let src = dir.path().join("portrait.jpg");
        fs::write(&src, bytes).expect("write");
        let (images, _) = render(&[job(src, ImageRole::Avatar)], &options(dir.path()));
        assert_eq!((images[0].width, images[0].height), (100, 300));
        let file = images[0].src.rsplit('/').next().expect("file");
        let out = fs::read(dir.path().join("out").join(file)).expect("read");
        assert!(
            !out.windows(4).any(|w| w == b"Exif"),
            "metadata is stripped"
        );
        let decoded = image::load_from_memory(&out).expect("decode").to_rgb8();
        assert_eq!(decoded.dimensions(), (100, 300));
        // Rotated clockwise, the left (black) half is now on top.
        assert!(decoded.get_pixel(50, 20)[0] < 40);
        assert!(decoded.get_pixel(50, 280)[0] > 215);
    }

    #[test]
    fn alpha_is_composited_for_jpeg_and_kept_for_webp() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut rgba = image::RgbaImage::new(300, 100);
        for (x, _, px) in rgba.enumerate_pixels_mut() {
            *px = image::Rgba([200, 0, 0, if x < 150 { 0 } else { 255 }]);
        }
        let src = dir.path().join("logo.png");
        rgba.save(&src).expect("save");
        let (images, _) = render(&[job(src, ImageRole::Avatar)], &options(dir.path()));
        let jpeg = &images[0].sources[1].variants[0];
        let file = jpeg.url.rsplit('/').next().expect("file");
        let decoded = image::open(dir.path().join("out").join(file))
            .expect("decode")
            .to_rgb8();
        // Transparent half composited onto white, the opaque half red.
        let left = decoded.get_pixel(5, 5);
        let right = decoded.get_pixel(decoded.width() - 5, 5);
        assert!(left.0.iter().all(|&c| c > 230), "{left:?}");
        assert!(right[0] > 150 && right[1] < 60, "{right:?}");
        let webp = &images[0].sources[0].variants[0];
        let file = webp.url.rsplit('/').next().expect("file");
        let decoded = image::open(dir.path().join("out").join(file)).expect("decode");
        assert!(decoded.color().has_alpha(), "WebP keeps the alpha channel");
    }

    #[test]
    fn second_run_is_served_from_the_cache_without_decoding() {
        let (_dir, src, options) = card_photo(820, 300);
        let jobs = [job(src.clone(), ImageRole::CityCard)];
        let (first, stats) = render(&jobs, &options);
        assert_eq!((stats.rendered, stats.cached), (1, 0));
        let (second, stats) = render(&jobs, &options);
        assert_eq!(
            stats,
            RenderStats {
                rendered: 0,
                cached: 1,
                files_written: 0
            }
        );
        assert_eq!(first, second);
        // A cache entry whose files are gone is a miss, not a broken page.
        fs::remove_file(options.out_dir.join(&first[0].files[0])).expect("remove");
        let (third, stats) = render(&jobs, &options);
        assert_eq!((stats.rendered, stats.cached), (1, 0));
        assert_eq!(first, third);
        // Changed bytes give new names.
        fs::write(&src, png_bytes(&photo(820, 301))).expect("write");
        let (fourth, stats) = render(&jobs, &options);
        assert_eq!(stats.rendered, 1);
        assert_ne!(first[0].src, fourth[0].src);
    }

    #[test]
    fn bombs_truncated_and_garbage_files_are_errors_not_panics() {
        let dir = tempfile::tempdir().expect("tempdir");
        // A GIF whose screen claims 60000x60000 pixels around a 1x1 image.
        let mut bomb = b"GIF89a".to_vec();
        bomb.extend_from_slice(&[0x60, 0xEA, 0x60, 0xEA, 0x00, 0x00, 0x00]);
        bomb.extend_from_slice(&[0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0x00]);
        bomb.extend_from_slice(&[0x02, 0x02, 0x44, 0x01, 0x00, 0x3B]);
        let png = png_bytes(&photo(200, 120));
        let mut jpeg = Vec::new();
        let mut encoder = jpeg_encoder::Encoder::new(&mut jpeg, 80);
        encoder.set_progressive(true);
        encoder
            .encode(
                photo(200, 120).as_raw(),
                200,
                120,
                jpeg_encoder::ColorType::Rgb,
            )
            .expect("jpeg");
        let cases: [(&str, Vec<u8>); 6] = [
            ("bomb.gif", bomb),
            ("cut.png", png[..png.len() / 2].to_vec()),
            ("cut.jpg", jpeg[..jpeg.len() * 2 / 3].to_vec()),
            ("garbage.png", b"this is not an image at all".to_vec()),
            ("empty.jpg", Vec::new()),
            ("header-only.png", png[..40].to_vec()),
        ];
        let mut jobs = Vec::new();
        for (name, bytes) in &cases {
            let path = dir.path().join(name);
            fs::write(&path, bytes).expect("write");
            jobs.push(job(path, ImageRole::CityCard));
        }
        jobs.push(job(dir.path().join("missing.jpg"), ImageRole::CityCard));
        let (results, stats) = render_all(&jobs, &options(dir.path()), &|_, _| {});
        assert_eq!(stats.rendered, 0);
        for (result, job) in results.iter().zip(&jobs) {
            match result {
                Err(ImageError::Decode { path, message }) => {
                    assert_eq!(path, &job.source);
                    assert!(!message.is_empty());
                }
                Err(ImageError::ReadSource { path, .. }) if path.ends_with("missing.jpg") => {}
                other => panic!("{}: expected an error, got {other:?}", job.source.display()),
            }
        }
        let Err(ImageError::Decode { message, .. }) = &results[0] else {
            panic!("bomb")
        };
        assert!(
            message.contains("60000x60000") || message.contains("limit"),
            "{message}"
        );
    }

    #[test]
    fn svgs_pass_through_and_unsafe_ones_are_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let safe = dir.path().join("logo.svg");
        let bytes = br#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 24"><rect width="48" height="24"/></svg>"#;
        fs::write(&safe, bytes).expect("write");
        let evil = dir.path().join("evil.svg");
        fs::write(&evil, br#"<svg viewBox="0 0 1 1" onload="alert(1)"/>"#).expect("write");
        let options = options(dir.path());
        let (results, stats) = render_all(
            &[
                job(safe, ImageRole::Icon),
                job(evil.clone(), ImageRole::Icon),
            ],
            &options,
            &|_, _| {},
        );
        let image = results[0].as_ref().expect("safe svg");
        assert_eq!(image.kind, "svg");
        assert_eq!((image.width, image.height), (48, 24));
        assert!(image.sources.is_empty() && image.placeholder.is_none() && image.color.is_none());
        assert_eq!(image.src, format!("usergroup/img/{}", image.files[0]));
        assert_eq!(
            fs::read(options.out_dir.join(&image.files[0])).expect("copied"),
            bytes
        );
        match &results[1] {
            Err(ImageError::UnsafeSvg { path, message }) => {
                assert_eq!(path, &evil);
                assert!(message.contains("onload"), "{message}");
            }
            other => panic!("expected UnsafeSvg, got {other:?}"),
        }
        assert_eq!(stats.files_written, 1);
    }

    #[test]
    fn output_is_identical_whatever_the_thread_count() {
        let inputs = tempfile::tempdir().expect("tempdir");
        let mut jobs = Vec::new();
        for (i, (w, h)) in [(1250, 260), (500, 820), (300, 200)]
            .into_iter()
            .enumerate()
        {
            let path = inputs.path().join(format!("p{i}.png"));
            fs::write(&path, png_bytes(&photo(w, h))).expect("write");
            jobs.push(job(
                path,
                if i == 0 {
                    ImageRole::Banner
                } else {
                    ImageRole::CityCard
                },
            ));
        }
        let mut runs = Vec::new();
        for threads in [1, 2] {
            let dir = tempfile::tempdir().expect("tempdir");
            let options = options(dir.path());
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("pool");
            let calls = AtomicUsize::new(0);
            let (results, _) = pool.install(|| {
                render_all(&jobs, &options, &|done, total| {
                    assert!(done <= total && total == 3);
                    calls.fetch_add(1, Ordering::Relaxed);
                })
            });
            assert_eq!(calls.load(Ordering::Relaxed), 3);
            let results: Vec<RenderedImage> =
                results.into_iter().map(|r| r.expect("render")).collect();
            let mut files = Vec::new();
            // The output only: cache entries record when each file was written.
            for folder in [&options.out_dir] {
                let mut names: Vec<_> = fs::read_dir(folder)
                    .expect("dir")
                    .map(|e| e.expect("entry").path())
                    .collect();
                names.sort();
                for path in names {
                    let name = path.file_name().expect("name").to_owned();
                    files.push((name, fs::read(&path).expect("read")));
                }
            }
            runs.push((results, files, dir));
        }
        assert_eq!(runs[0].0, runs[1].0);
        assert_eq!(runs[0].1.len(), runs[1].1.len());
        for (a, b) in runs[0].1.iter().zip(&runs[1].1) {
            assert!(a == b, "{:?} differs", a.0);
        }
    }
}
