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
//! | 6 | [`manifest`] | the view model Hugo's layouts read (with the chapters' [`map`]) |
//! | 7 | [`write`](mod@write) | atomic output; the manifest is the commit point |
//!
//! [`check()`] runs steps 1 to 3 and writes nothing; [`build`](mod@build) runs them all.

pub mod build;
pub mod calendar;
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
pub mod map;
pub mod model;
pub mod sandbox;
pub mod validate;
pub mod write;

pub use build::{build, BuildError, BuildOptions, Report};
pub use check::{check, CheckOptions, Checked, Error};
pub use diagnostic::Code;
