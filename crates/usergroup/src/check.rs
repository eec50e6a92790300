//! Load and validate a site without writing anything: steps 1 to 3 of the pipeline.
//!
//! ```no_run
//! use std::path::Path;
//! use usergroup::{check, CheckOptions};
//!
//! let checked = check(Path::new("fixtures/sites/kubesphere"), &CheckOptions::default())?;
//! eprint!("{}", usergroup::diagnostic::render_human(&checked.diagnostics, &checked.sources, false));
//! if !checked.has_errors() {
//!     let site = checked.site.expect("a site without errors is loaded");
//!     println!("{} languages", site.pages.len());
//! }
//! # Ok::<(), usergroup::Error>(())
//! ```

use std::path::{Path, PathBuf};

use crate::diagnostic::{self, Diagnostic, SourceFiles};
use crate::discover::{self, SiteConfig};
use crate::images::Depth;
use crate::model::{Date, DirectorySettings, Page, Site};
use crate::sandbox::{ReadError, ReadRoot};
use crate::{load, validate};

pub use crate::error::Error;

/// Options of [`check`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CheckOptions {
    /// The theme folder, overriding what the site's config says (`--theme DIR`).
    pub theme_dir: Option<PathBuf>,
    /// The build date events and inactivity are judged against; `None`: [`build_date`].
    pub today: Option<Date>,
}

/// The build date when none is given: `$USERGROUP_TODAY` (`YYYY-MM-DD`), else the UTC date
/// of `$SOURCE_DATE_EPOCH` (reproducible builds), else today's UTC date. Read once per run,
/// so prep and the layouts (through the manifest's `built_on`) agree on one date.
pub fn build_date() -> Result<Date, Error> {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    if let Some(value) = var("USERGROUP_TODAY") {
        return Date::parse(&value).ok_or(Error::BuildDate {
            variable: "USERGROUP_TODAY",
            value,
            expected: "a date as YYYY-MM-DD",
        });
    }
    let seconds = match var("SOURCE_DATE_EPOCH") {
        Some(value) => value
            .trim()
            .parse::<i64>()
            .map_err(|_| ())
            .and_then(|s| Date::from_unix_seconds(s).map(|_| s).ok_or(()))
            .map_err(|()| Error::BuildDate {
                variable: "SOURCE_DATE_EPOCH",
                value,
                expected: "seconds since 1970-01-01 UTC",
            })?,
        None => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64),
    };
    Date::from_unix_seconds(seconds).ok_or(Error::BuildDate {
        variable: "SOURCE_DATE_EPOCH",
        value: seconds.to_string(),
        expected: "a date after 1900",
    })
}

/// The outcome of [`check`]: the model (when the content could be loaded) and every finding.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The loaded site. `None` when a content file or the config could not be read into the
    /// model at all (no front matter, YAML syntax error, wrong top-level type). It may be
    /// `Some` while there are errors (a missing key is filled with an empty value so that
    /// more checks can run): use it for output only when [`Checked::has_errors`] is false.
    pub site: Option<Site>,
    /// Every finding, sorted by file, line and column.
    pub diagnostics: Vec<Diagnostic>,
    /// The text of each file read, for [`diagnostic::render_human`].
    pub sources: SourceFiles,
}

impl Checked {
    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The warnings.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| !d.is_error())
    }
}

/// Reads the site file `rel` through the sandbox: a file that resolves outside the site is
/// an [`Code::OutsideSite`] diagnostic (`None`), and its bytes are never read, so no
/// diagnostic can show them. A file that is not UTF-8 is `E0108` at its first bad byte
/// (`None`).
fn read(
    site: &ReadRoot,
    rel: &str,
    sources: &mut SourceFiles,
    diags: &mut Vec<Diagnostic>,
) -> Result<Option<String>, Error> {
    let bytes = match site.read(rel) {
        Ok(bytes) => bytes,
        Err(ReadError::Outside { target, .. }) => {
            diags.push(discover::outside_site(rel, &target, "this file"));
            return Ok(None);
        }
        Err(e) => return Err(e.into()),
    };
    match load::decode_text(rel, &bytes) {
        Ok(text) => {
            sources.insert(rel, text.clone());
            Ok(Some(text))
        }
        Err(d) => {
            // Kept up to the bad byte, so the excerpt shows the line that leads to it.
            let valid = String::from_utf8_lossy(&bytes);
            let good = valid.split(['\u{fffd}', '\0']).next().unwrap_or("");
            sources.insert(rel, good.to_string());
            diags.push(d);
            Ok(None)
        }
    }
}

/// Loads and validates the user-group content of the Hugo site at `site_root`. Writes
/// nothing. Content problems are [`Checked::diagnostics`]; `Err` only for usage and I/O
/// failures.
pub fn check(site_root: &Path, options: &CheckOptions) -> Result<Checked, Error> {
    check_to(site_root, options, Depth::Full)
}

/// [`check`], with rasters not in the inspection cache inspected to `depth`: `build` reads
/// their headers only, because its renderer decodes them in full anyway (see
/// [`Depth::Header`]).
pub(crate) fn check_to(
    site_root: &Path,
    options: &CheckOptions,
    depth: Depth,
) -> Result<Checked, Error> {
    let mut sources = SourceFiles::new();
    let mut diags = Vec::new();
    let (config_name, _) = discover::find_config(site_root)?;
    let site_dir = ReadRoot::new(site_root)?;
    let config_text = read(&site_dir, &config_name, &mut sources, &mut diags)?;
    let config = match &config_text {
        Some(text) => discover::read_config(
            site_root,
            &config_name,
            text,
            options.theme_dir.as_deref(),
            &mut diags,
        )?,
        None => None,
    };
    let Some(config) = config else {
        diagnostic::sort(&mut diags);
        return Ok(Checked {
            site: None,
            diagnostics: diags,
            sources,
        });
    };
    let directory = DirectorySettings {
        today: options.today.map_or_else(build_date, Ok)?,
        inactive_after_days: discover::inactive_after_days(
            &config.file,
            config_text.as_deref().unwrap_or_default(),
            &mut diags,
        ),
    };
    let (mut pages, complete) = load_pages(&site_dir, &config, &mut sources, &mut diags)?;
    for page in &mut pages {
        page.directory = directory;
    }
    let site = Site {
        root: site_root.to_path_buf(),
        theme_dir: config.theme_dir.clone(),
        default_language: config.default_language.clone(),
        pages,
    };
    validate::site(&site, complete, &sources, depth, &mut diags);
    diagnostic::sort(&mut diags);
    Ok(Checked {
        site: complete.then_some(site),
        diagnostics: diags,
        sources,
    })
}

/// Loads every language's page and chapters; `complete` is false when some file could not
/// be loaded (or was refused), so cross-file rules would compare against a hole.
fn load_pages(
    site: &ReadRoot,
    config: &SiteConfig,
    sources: &mut SourceFiles,
    diags: &mut Vec<Diagnostic>,
) -> Result<(Vec<Page>, bool), Error> {
    let mut pages = Vec::new();
    let mut complete = true;
    let mut looked = Vec::new();
    let mut found_any = false;
    for lang in &config.languages {
        let files = discover::section_files(site, lang, &config.content_extensions, diags)?;
        let Some(index) = files.index else {
            if files.refused {
                found_any = true;
                complete = false;
            } else {
                looked.push(format!(
                    "{}/{}/_index.md",
                    lang.content_dir,
                    discover::SECTION
                ));
            }
            continue;
        };
        found_any = true;
        let Some(text) = read(site, &index, sources, diags)? else {
            complete = false;
            continue;
        };
        let Some(mut page) = load::page(&index, &text, &lang.code, discover::SECTION, diags) else {
            complete = false;
            continue;
        };
        let mut chapters = Vec::new();
        for file in files.chapters {
            let Some(text) = read(site, &file.file, sources, diags)? else {
                complete = false;
                continue;
            };
            match load::chapter(&file.file, &text, &file.id, diags) {
                Some(ch) => chapters.push(ch),
                None => complete = false,
            }
        }
        let order = |id: &str| {
            page.cities
                .cards
                .iter()
                .position(|c| c.id.value == id)
                .unwrap_or(usize::MAX)
        };
        chapters.sort_by(|a, b| {
            (order(&a.id.value), &a.id.value).cmp(&(order(&b.id.value), &b.id.value))
        });
        page.chapters = chapters;
        pages.push(page);
    }
    if !found_any {
        return Err(Error::NoPages { looked });
    }
    Ok((pages, complete))
}
