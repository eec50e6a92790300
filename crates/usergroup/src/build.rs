//! The whole job: discover, load, validate, render images, compile CSS, write.
//!
//! ```no_run
//! use std::path::Path;
//! use usergroup::{build, BuildError, BuildOptions};
//!
//! match build(Path::new("fixtures/sites/kubesphere"), &BuildOptions::default()) {
//!     Ok(report) => println!(
//!         "{} images ({} rendered), {} manifests",
//!         report.images,
//!         report.images_rendered,
//!         report.manifests.len()
//!     ),
//!     Err(BuildError::Invalid(invalid)) => eprint!(
//!         "{}",
//!         usergroup::diagnostic::render_human(&invalid.diagnostics, &invalid.sources, false)
//!     ),
//!     Err(other) => eprintln!("prep: {other}"),
//! }
//! ```
//!
//! Nothing is written unless the content has no errors (and no warnings, with
//! [`BuildOptions::deny_warnings`]), every image renders and the stylesheet compiles; the
//! manifests are then committed together (see [`crate::write`] for the exact guarantee).

use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::diagnostic::{self, Code, Diagnostic, SourceFiles};
use crate::images::{self, Depth, ImageError, ImageJob, Refusal, RenderOptions};
use crate::layout::{CSS_URL, IMG_URL, SITE_OVERRIDES};
use crate::manifest::{self, RenderedImages, Stylesheet};
use crate::model::{ImageRef, ImageRole, Page, Site};
use crate::write::{Committed, Lock, Output, Owned, PendingFile, PendingManifest, WriteError};
use crate::{calendar, css, discover, validate, CheckOptions};

/// Called with (images done, images total) while images render, from worker threads.
pub type ProgressFn = dyn Fn(usize, usize) + Send + Sync;

/// Options of [`build`].
#[derive(Clone, Default)]
#[non_exhaustive]
pub struct BuildOptions {
    /// The theme folder, overriding what the site's config says (`--theme DIR`).
    pub theme_dir: Option<PathBuf>,
    /// Stop on warnings too.
    pub deny_warnings: bool,
    /// Progress of the image work, for a progress bar.
    pub progress: Option<Arc<ProgressFn>>,
    /// The build date (see [`CheckOptions::today`]).
    pub today: Option<crate::model::Date>,
}

impl fmt::Debug for BuildOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BuildOptions")
            .field("theme_dir", &self.theme_dir)
            .field("deny_warnings", &self.deny_warnings)
            .field("today", &self.today)
            .field("progress", &self.progress.as_ref().map(|_| "Fn"))
            .finish()
    }
}

/// What a successful build did.
#[derive(Debug, Clone)]
pub struct Report {
    /// The warnings (a successful build has no errors), sorted.
    pub diagnostics: Vec<Diagnostic>,
    /// The text of the files the diagnostics point into, for
    /// [`diagnostic::render_human`].
    pub sources: SourceFiles,
    /// The languages built, in the site's order.
    pub languages: Vec<String>,
    /// Distinct images (one per source file and role).
    pub images: usize,
    /// Images decoded and encoded in this run.
    pub images_rendered: usize,
    /// Images answered from the cache without decoding.
    pub images_cached: usize,
    /// The stylesheet's URL, e.g. `usergroup/css/usergroup.0123456789abcdef.css`.
    pub stylesheet: String,
    /// Files created or changed: image variants, the stylesheet, manifests.
    pub files_written: usize,
    /// Files removed because no manifest references them any more.
    pub files_removed: usize,
    /// Every manifest, `<site>/data/usergroup/<lang>/<section>.json`, in language order.
    pub manifests: Vec<PathBuf>,
    /// Wall time of the whole build.
    pub elapsed: Duration,
}

/// Content errors: nothing was written.
#[derive(Debug, Clone)]
pub struct Invalid {
    /// Every finding (errors, and the warnings that came with them), sorted.
    pub diagnostics: Vec<Diagnostic>,
    /// The text of the files they point into.
    pub sources: SourceFiles,
}

/// Why a build wrote nothing (or, for [`BuildError::Write`], stopped before the commit).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// The content, an image or the stylesheet has errors (or warnings, when denied).
    /// `prep` exits with 1.
    #[error("the input has errors")]
    Invalid(Box<Invalid>),
    /// The site could not be read: missing folder or config, unreadable file. Exit 2.
    #[error(transparent)]
    Check(#[from] crate::Error),
    /// No theme folder was found, so there is no stylesheet to compile. Exit 2.
    #[error(
        "no theme found: set `theme` (or a module import) in the site's config, or pass the theme folder (`--theme DIR`)"
    )]
    NoTheme,
    /// Writing the output failed, or another prep holds the lock. Exit 2.
    #[error(transparent)]
    Write(#[from] WriteError),
    /// An image reference the build could not plan or convert: a bug, reported rather than
    /// panicking. Exit 2.
    #[error("internal error: {0}")]
    Internal(String),
}

/// Checks the site at `site_root` and, when it is valid, writes its images, stylesheet and
/// manifests into the folders prep owns (see [`crate::write`]).
pub fn build(site_root: &Path, options: &BuildOptions) -> Result<Report, BuildError> {
    let started = Instant::now();
    let check_options = CheckOptions {
        theme_dir: options.theme_dir.clone(),
        today: options.today,
    };
    let blocked = |diagnostics: &[Diagnostic]| {
        diagnostics.iter().any(Diagnostic::is_error)
            || (options.deny_warnings && !diagnostics.is_empty())
    };
    let mut checked = crate::check::check_to(site_root, &check_options, Depth::Header)?;
    if blocked(&checked.diagnostics) {
        // Nothing will be rendered, so the rasters the renderer would have decoded are
        // decoded here: a failed build reports exactly what `check` reports.
        checked = crate::check(site_root, &check_options)?;
    }
    let mut diagnostics = checked.diagnostics;
    let mut sources = checked.sources;
    let site = match checked.site {
        Some(site) if !blocked(&diagnostics) => site,
        _ => return Err(invalid(diagnostics, sources)),
    };
    let theme_dir = site
        .theme_dir
        .clone()
        .or_else(|| options.theme_dir.clone())
        .ok_or(BuildError::NoTheme)?;

    // The cheap failure first: a stylesheet error should not wait for the images.
    let compiled = match css::compile(site_root, &theme_dir) {
        Ok(compiled) => compiled,
        Err(diag) => {
            if let Ok(text) = std::fs::read_to_string(site_root.join(&diag.file)) {
                sources.insert(diag.file.clone(), text);
            }
            diagnostics.push(*diag);
            return Err(invalid(diagnostics, sources));
        }
    };

    let output = Output::new(site_root);
    let _lock = match guard_output(&output) {
        Ok(lock) => lock,
        Err(WriteError::NotOwned { path, what, help }) => {
            diagnostics.push(not_owned(site_root, &path, &what, &help));
            return Err(invalid(diagnostics, sources));
        }
        Err(other) => return Err(other.into()),
    };
    output.remove_temporaries()?;

    // What the published folder holds now, so a build that fails from here to the commit
    // can take back what it added and leave it byte-identical.
    let before = output.static_files()?;
    let written = match render_and_commit(&site, &output, &compiled, options) {
        Ok(written) => written,
        Err(failure) => {
            output.remove_added(&before)?;
            return Err(match failure {
                Failure::Images(errors) => {
                    diagnostics.extend(errors);
                    invalid(diagnostics, sources)
                }
                Failure::Other(error) => error,
            });
        }
    };

    let files_removed = collect_garbage(&output, &written)?;

    Ok(Report {
        diagnostics,
        sources,
        languages: site.pages.iter().map(|p| p.lang.clone()).collect(),
        images: written.images,
        images_rendered: written.stats.rendered,
        images_cached: written.stats.cached,
        stylesheet: written.stylesheet,
        files_written: written.stats.files_written
            + usize::from(written.css_written)
            + written.committed.changed,
        files_removed,
        manifests: written.committed.manifests,
        elapsed: started.elapsed(),
    })
}

/// After the commit: prep's files no manifest references, then cache entries that can
/// only miss. Returns how many files went.
fn collect_garbage(output: &Output, written: &Written) -> Result<usize, BuildError> {
    let removed =
        output.collect_garbage(&written.keep_static, &written.committed.manifests, OWNED)?;
    let stale = images::collect_stale_cache(&written.render_options)
        .map_err(|e| BuildError::Write(image_write_error(e)))?;
    Ok(removed + stale)
}

/// The names the image step gives its files, for the output's ownership checks.
const OWNED: Owned = Owned {
    image_file: images::is_output_name,
    cache_entry: images::is_cache_entry_name,
};

/// Takes the lock and checks prep's folders before anything is written: no symlink on the
/// way to them or inside them, nothing in them prep did not create.
fn guard_output(output: &Output) -> Result<Lock, WriteError> {
    let lock = output.lock()?;
    output.prepare()?;
    match output.unowned(OWNED)? {
        Some(error) => Err(error),
        None => Ok(lock),
    }
}

/// E0004 at the offending path.
fn not_owned(site_root: &Path, path: &Path, what: &str, help: &str) -> Diagnostic {
    let shown = path
        .strip_prefix(site_root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/");
    Diagnostic::new(
        Code::OutputNotOwned,
        &shown,
        crate::model::Span::default(),
        format!("`{shown}` is in a folder prep writes to, but it is {what}; prep wrote and deleted nothing"),
    )
    .with_help(help)
}

/// What the writing steps did, up to and including the commit.
struct Written {
    images: usize,
    stats: images::RenderStats,
    render_options: RenderOptions,
    keep_static: BTreeSet<String>,
    css_written: bool,
    stylesheet: String,
    committed: Committed,
}

/// Why the writing steps stopped before the commit (everything they added is then removed).
enum Failure {
    /// Images that failed to render, as diagnostics at their references.
    Images(Vec<Diagnostic>),
    /// Anything else.
    Other(BuildError),
}

impl<E: Into<BuildError>> From<E> for Failure {
    fn from(error: E) -> Self {
        Failure::Other(error.into())
    }
}

/// Renders the images, writes the stylesheet, and commits the manifests.
fn render_and_commit(
    site: &Site,
    output: &Output,
    compiled: &css::CompiledCss,
    options: &BuildOptions,
) -> Result<Written, Failure> {
    let plan = plan_images(site)?;
    let render_options = RenderOptions {
        out_dir: output.img_dir.clone(),
        url_prefix: IMG_URL.to_string(),
        cache_dir: output.image_cache_dir.clone(),
        settings: images::EncodeSettings::default(),
    };
    let progress = |done: usize, total: usize| {
        if let Some(progress) = &options.progress {
            progress(done, total);
        }
    };
    let (results, stats) = images::render_all(&plan.jobs, &render_options, &progress);

    let mut index = RenderedImages::new();
    let mut keep_static = BTreeSet::new();
    let mut image_errors = Vec::new();
    for (result, refs) in results.into_iter().zip(&plan.refs) {
        match result {
            Ok(rendered) => {
                keep_static.extend(rendered.files.iter().map(|f| format!("img/{f}")));
                for (_, image) in refs {
                    index.insert(&image.path.value, image.role, rendered.clone());
                }
            }
            // Failing to write our own output is the machine's problem, not the content's.
            Err(error @ ImageError::WriteOutput { .. }) => {
                return Err(BuildError::Write(image_write_error(error)).into())
            }
            Err(error) => image_errors.extend(
                refs.iter()
                    .map(|(file, image)| image_diagnostic(file, image, &error)),
            ),
        }
    }
    if !image_errors.is_empty() {
        return Err(Failure::Images(image_errors));
    }

    let css_written = output.write_content_addressed(
        &output.css_dir,
        &compiled.file_name,
        compiled.css.as_bytes(),
    )?;
    keep_static.insert(format!("css/{}", compiled.file_name));
    let stylesheet = Stylesheet {
        href: format!("{CSS_URL}/{}", compiled.file_name),
        integrity: compiled.integrity.clone(),
    };
    let pending = manifests(site, &plan, &index, &stylesheet)?;
    let feeds = calendar_feeds(site);
    keep_static.extend(feeds.iter().map(|f| f.relative.clone()));
    let committed = output.stage_with_files(&feeds, &pending)?.publish()?;
    Ok(Written {
        images: plan.jobs.len(),
        stats,
        render_options,
        keep_static,
        css_written,
        stylesheet: stylesheet.href,
        committed,
    })
}

/// Every page's calendar feeds (all chapters, then each chapter), at the paths its manifest
/// links to, relative to `static/usergroup/` (published as `usergroup/`).
fn calendar_feeds(site: &Site) -> Vec<PendingFile> {
    let relative = |url: String| url.strip_prefix("usergroup/").unwrap_or(&url).to_string();
    let mut feeds = Vec::new();
    for page in &site.pages {
        feeds.push(PendingFile {
            relative: relative(manifest::page_calendar_url(&page.lang)),
            text: calendar::page_feed(page),
        });
        feeds.extend(page.chapters.iter().map(|chapter| PendingFile {
            relative: relative(manifest::chapter_calendar_url(
                &page.lang,
                &chapter.id.value,
            )),
            text: calendar::chapter_feed(page, chapter),
        }));
    }
    feeds
}

/// An image step's write failure as the output's I/O error.
fn image_write_error(error: ImageError) -> WriteError {
    match error {
        ImageError::WriteOutput { path, source } => WriteError::Io { path, source },
        other => WriteError::Io {
            path: PathBuf::new(),
            source: std::io::Error::other(other.to_string()),
        },
    }
}

/// Every page's manifest, as JSON text ready to commit.
fn manifests(
    site: &Site,
    plan: &ImagePlan,
    index: &RenderedImages,
    stylesheet: &Stylesheet,
) -> Result<Vec<PendingManifest>, BuildError> {
    let site_root = site.root.as_path();
    let mut pending = Vec::new();
    for page in &site.pages {
        let inputs = page_inputs(site_root, page, plan);
        let page_sources =
            manifest::source_files(site_root, page, &inputs).map_err(|source| WriteError::Io {
                path: site_root.join(&page.file),
                source,
            })?;
        let manifest = manifest::from_page(page, index, stylesheet.clone(), page_sources)
            .map_err(|e| BuildError::Internal(e.to_string()))?;
        let text = manifest::to_json(&manifest).map_err(|e| BuildError::Internal(e.to_string()))?;
        pending.push(PendingManifest {
            relative: format!("{}/{}.json", page.lang, page.section),
            text,
        });
    }
    Ok(pending)
}

/// The files besides its content that a page's manifest is built from, site-relative: the
/// images it references that are in the site (an image of a theme outside the site cannot
/// be read by Hugo's `readFile`, and ships with the theme anyway), the site's SCSS overrides
/// and its config (which decide the stylesheet and the languages).
fn page_inputs(site_root: &Path, page: &Page, plan: &ImagePlan) -> Vec<String> {
    let canonical_root = site_root
        .canonicalize()
        .unwrap_or_else(|_| site_root.to_path_buf());
    let mut inputs: Vec<String> = plan
        .jobs
        .iter()
        .zip(&plan.refs)
        .filter(|(_, refs)| {
            refs.iter()
                .any(|(file, _)| page_files(page).any(|f| f == file))
        })
        .filter_map(|(job, _)| job.source.strip_prefix(&canonical_root).ok())
        .map(|rel| rel.to_string_lossy().replace('\\', "/"))
        .collect();
    if site_root.join(SITE_OVERRIDES).is_file() {
        inputs.push(SITE_OVERRIDES.to_string());
    }
    if let Ok((config, _)) = discover::find_config(site_root) {
        inputs.push(config);
    }
    inputs
}

/// The content files of a page: its `_index.md` and its chapter files.
fn page_files(page: &Page) -> impl Iterator<Item = &str> {
    std::iter::once(page.file.as_str()).chain(page.chapters.iter().map(|c| c.file.as_str()))
}

fn invalid(mut diagnostics: Vec<Diagnostic>, sources: SourceFiles) -> BuildError {
    diagnostic::sort(&mut diagnostics);
    BuildError::Invalid(Box::new(Invalid {
        diagnostics,
        sources,
    }))
}

/// The distinct images of a site and, for each, every reference to it.
struct ImagePlan {
    /// One job per distinct (resolved file, role), in first-reference order.
    jobs: Vec<ImageJob>,
    /// For each job, the (content file, reference) pairs that name it.
    refs: Vec<Vec<(String, ImageRef)>>,
}

fn plan_images(site: &Site) -> Result<ImagePlan, BuildError> {
    let mut plan = ImagePlan {
        jobs: Vec::new(),
        refs: Vec::new(),
    };
    let mut seen: HashMap<(PathBuf, ImageRole), usize> = HashMap::new();
    for page in &site.pages {
        for (file, image) in page.image_refs() {
            // Validation already reported missing, remote and escaping paths as errors, so
            // a reference that does not resolve here is a bug between the two steps.
            let source = discover::resolve_asset(site, &image.path.value).ok_or_else(|| {
                BuildError::Internal(format!(
                    "{file}:{}: `{}` passed validation but does not resolve",
                    image.path.span.line, image.path.value
                ))
            })?;
            let slot = *seen.entry((source.clone(), image.role)).or_insert_with(|| {
                plan.jobs.push(ImageJob {
                    source,
                    role: image.role,
                });
                plan.refs.push(Vec::new());
                plan.jobs.len() - 1
            });
            plan.refs[slot].push((file.to_string(), image.clone()));
        }
    }
    Ok(plan)
}

/// An image that failed to render, reported at the front-matter value that names it, as
/// `check` reports the same file.
fn image_diagnostic(file: &str, image: &ImageRef, error: &ImageError) -> Diagnostic {
    let written = &image.path.value;
    let (message, help) = match error {
        ImageError::Decode { message, .. } => {
            return validate::refused_image(file, image, &Refusal::Undecodable(message.clone()))
        }
        ImageError::UnsafeSvg { message, .. } => {
            return validate::refused_image(file, image, &Refusal::UnsafeSvg(message.clone()))
        }
        ImageError::ReadSource { source, .. } => (
            format!("the image `{written}` could not be read: {source}"),
            "check that the file exists and is readable",
        ),
        ImageError::WriteOutput { source, .. } => (
            format!("the variants of `{written}` could not be written: {source}"),
            "check that the disk is not full and that prep may write to the site",
        ),
    };
    Diagnostic::new(error.code(), file, image.path.span, message).with_help(help)
}
