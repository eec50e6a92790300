//! `prep check`: validate and print diagnostics.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use usergroup::{CheckOptions, Checked};

use crate::output::print_diagnostics;
use crate::CommonArgs;

/// The bundled example site, relative to the workspace root.
pub const EXAMPLE_SITE: &str = "fixtures/sites/kubesphere";

/// The site to work on: the one given, else the example site of the checkout we are in
/// (found by walking up from the current folder).
pub fn site_dir(given: Option<&Path>) -> Result<PathBuf, String> {
    if let Some(site) = given {
        return Ok(site.to_path_buf());
    }
    let cwd =
        std::env::current_dir().map_err(|e| format!("cannot read the current folder: {e}"))?;
    for dir in cwd.ancestors() {
        let candidate = dir.join(EXAMPLE_SITE);
        if candidate.join("hugo.toml").is_file() {
            return Ok(candidate);
        }
    }
    Err(format!(
        "no SITE given and no {EXAMPLE_SITE} above {}; pass the Hugo site folder: prep check path/to/site",
        cwd.display()
    ))
}

/// Finds the site and checks it: the site's folder and the outcome, or the exit code to
/// return when the check could not run (usage or I/O failure, already printed).
fn load(args: &CommonArgs) -> Result<(PathBuf, Checked), ExitCode> {
    let site = site_dir(args.site.as_deref()).map_err(|msg| {
        eprintln!("error: {msg}");
        ExitCode::from(2)
    })?;
    let mut options = CheckOptions::default();
    options.theme_dir = args.theme.clone();
    let checked = usergroup::check(&site, &options).map_err(|err| {
        eprintln!("error: {err}");
        ExitCode::from(2)
    })?;
    Ok((site, checked))
}

/// The exit code for a check's findings: 1 on an error, or on a warning with `--deny-warnings`.
fn status(checked: &Checked, deny_warnings: bool) -> ExitCode {
    if checked.has_errors() || (deny_warnings && checked.warnings().next().is_some()) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Runs `prep check`.
pub fn run(args: &CommonArgs) -> ExitCode {
    match load(args) {
        Ok((site, checked)) => {
            print_diagnostics(args.format, &site, &checked.diagnostics, &checked.sources);
            status(&checked, args.deny_warnings)
        }
        Err(code) => code,
    }
}
