//! `usergroup`: load, validate and build a community user-group page for a Hugo theme.
//!
//! The modules follow the pipeline, one step each:
//!
//! | step | module | does |
//! |---|---|---|
//! | 1 | [`discover`] | finds languages, content files and the theme of a site |
//! | 2 | [`load`] | front matter into the typed [`model`], with positions |
//! | 3 | [`validate`] | rules into [`diagnostic::Diagnostic`]s |
//! | 4 | [`images`] | responsive variants, placeholders, content-addressed cache |
//! | 5 | [`css`] | the theme's SCSS compiled with grass |
//! | 6 | [`manifest`] | the view model Hugo's layouts read (with the chapters' `map`) |
//! | 7 | [`write`](mod@write) | atomic output; the manifest is the commit point |
//!
//! [`check()`] runs steps 1 to 3 and writes nothing; [`build`](mod@build) runs them all.
//! [`scaffold`] (`prep new`) adds a city, a member or an event to the content, checked by
//! steps 1 to 3 before it writes.
//!
//! # Guide
//!
//! Four things a program does with this crate, each a runnable example (they run as
//! doc-tests). In a dependent crate's `Cargo.toml`, build this crate and the image codecs
//! optimised even in debug builds, or image work is tens of times slower:
//!
//! ```toml
//! [profile.dev.package.usergroup]
//! opt-level = 2
//! [profile.dev.package."*"]
//! opt-level = 2
//! ```
//!
//! ## Validate one page from a string
//!
//! What a bot that looks at a single file (a pull request's diff, a page pasted into an
//! issue) needs: no site, no disk. See also `examples/validate_page.rs`.
//!
//! ```
//! let text = "---\ntitle: Community User Group\ntopSection:\n  title: Welcome\n---\n";
//! let findings = usergroup::validate::page_text("content/user-group/_index.md", text.as_bytes(), "en");
//! // Each finding has a stable code, a position and a fix.
//! let first = &findings[0];
//! assert_eq!(first.code, usergroup::Code::Missing);
//! println!("{}:{}:{}: {} ({})", first.file, first.line, first.column, first.message, first.code.as_str());
//! ```
//!
//! ## Check a site and read the diagnostics as JSON
//!
//! [`check()`] reads the site (config, content, images) and writes nothing. Render the
//! findings for people with [`diagnostic::render_human`], for programs with
//! [`diagnostic::render_json`] (stable field names), for CI with [`diagnostic::render_github`] and [`diagnostic::render_sarif`].
//!
//! ```
//! use std::path::Path;
//!
//! let site = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/sites/kubesphere");
//! let checked = usergroup::check(&site, &usergroup::CheckOptions::default())?;
//! assert!(!checked.has_errors());
//! let json: serde_json::Value =
//!     serde_json::from_str(&usergroup::diagnostic::render_json(&checked.diagnostics)).unwrap();
//! for d in json["diagnostics"].as_array().unwrap() {
//!     println!("{} {} at {}:{}", d["code"], d["message"], d["file"], d["line"]);
//! }
//! # Ok::<(), usergroup::Error>(())
//! ```
//!
//! ## Build a site, and show the diagnostics when it is invalid
//!
//! [`build()`] writes images, CSS and one manifest per language, all or nothing. On invalid
//! content it returns [`BuildError::Invalid`]: render its diagnostics rather than printing
//! the error's `Debug` form (which is a dump of every finding and source file).
//!
//! ```
//! # fn copy(from: &std::path::Path, to: &std::path::Path) -> std::io::Result<()> {
//! #     std::fs::create_dir_all(to)?;
//! #     for entry in std::fs::read_dir(from)? {
//! #         let entry = entry?;
//! #         let target = to.join(entry.file_name());
//! #         if entry.file_type()?.is_dir() { copy(&entry.path(), &target)?; }
//! #         else { std::fs::copy(entry.path(), &target)?; }
//! #     }
//! #     Ok(())
//! # }
//! use std::path::Path;
//! use usergroup::{build, BuildError, BuildOptions};
//!
//! let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
//! let tmp = tempfile::tempdir().unwrap();
//! let site = tmp.path().join("site");
//! copy(&repo.join("fixtures/sites/fernwick/content"), &site.join("content")).unwrap();
//! copy(&repo.join("fixtures/sites/fernwick/static"), &site.join("static")).unwrap();
//! copy(&repo.join("fixtures/sites/fernwick/assets"), &site.join("assets")).unwrap();
//! std::fs::write(site.join("hugo.toml"), "title = \"Fernwick\"\n").unwrap();
//!
//! let mut options = BuildOptions::default();
//! // This copy has no theme of its own configured: name it.
//! options.theme_dir = Some(repo.clone());
//! match build(&site, &options) {
//!     Ok(report) => println!("{} manifests, {} images", report.manifests.len(), report.images),
//!     Err(BuildError::Invalid(invalid)) => {
//!         eprint!("{}", usergroup::diagnostic::render_human(&invalid.diagnostics, &invalid.sources, false));
//!         panic!("the example content is valid");
//!     }
//!     Err(other) => panic!("prep: {other}"),
//! }
//! # let manifest_file = site.join("data/usergroup/en/user-group.json");
//! # assert!(manifest_file.is_file());
//! ```
//!
//! ## Read a manifest
//!
//! The manifest (`data/usergroup/<lang>/user-group.json`) is what the theme's layouts render
//! from; [`manifest::Manifest`] reads it back, for another site generator or a bot.
//!
//! ```no_run
//! let bytes = std::fs::read("site/data/usergroup/en/user-group.json")?;
//! let manifest: usergroup::manifest::Manifest = serde_json::from_slice(&bytes)?;
//! for (id, chapter) in &manifest.chapters {
//!     let next = chapter.directory.upcoming.first().map(|e| e.start.as_str());
//!     println!("{id}: {} ({} members), next event {next:?}", chapter.name, chapter.directory.member_count);
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//! [`watch`] tells a file watcher which changes call for another build (live preview).

pub mod build;
pub(crate) mod calendar;
pub mod check;
pub mod css;
pub mod diagnostic;
pub mod discover;
pub mod error;
#[doc(hidden)]
pub mod fuzzing;
pub mod images;
pub mod layout;
pub mod load;
pub mod manifest;
pub(crate) mod map;
pub mod model;
pub(crate) mod sandbox;
pub mod scaffold;
pub mod validate;
pub mod watch;
pub mod write;

pub use build::{build, BuildError, BuildOptions, Report};
pub use check::{check, CheckOptions, Checked, Error};
pub use diagnostic::Code;
