//! `prep build`: the whole job, with progress output.
//!
//! Diagnostics go where `prep check` puts them (human text on stderr, `--format json` on
//! stdout). On a terminal the image work shows a progress bar; otherwise prep prints one
//! summary line on stderr, and nothing at all with `--quiet` unless something fails.
//! Ctrl-C needs no handler: everything prep writes before the commit is either
//! content-addressed or a `.prep-tmp-` temporary, which the next run removes.

use std::io::IsTerminal as _;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use usergroup::{build, BuildError, BuildOptions, Report};

use crate::output::print_diagnostics;
use crate::{BuildArgs, Format};

/// Runs `prep build`.
pub fn run(args: &BuildArgs) -> ExitCode {
    let common = &args.common;
    let site = match crate::check::site_dir(common.site.as_deref()) {
        Ok(site) => site,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let terminal = std::io::stderr().is_terminal();
    let bar = (terminal && !args.quiet).then(|| {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{spinner} images {pos}/{len} {wide_bar} {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    });
    let mut options = BuildOptions::default();
    options.theme_dir = common.theme.clone();
    options.deny_warnings = common.deny_warnings;
    options.progress = bar.clone().map(|bar| {
        Arc::new(move |done: usize, total: usize| {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        }) as Arc<usergroup::build::ProgressFn>
    });
    let result = build(&site, &options);
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    match result {
        Ok(report) => {
            // On success a person gets the warnings (if any) and the summary line below.
            let human = common.format == Format::Human;
            if !human || (!args.quiet && !report.diagnostics.is_empty()) {
                print_diagnostics(common.format, &site, &report.diagnostics, &report.sources);
            }
            if !args.quiet {
                eprintln!("prep: {}", summary(&report));
            }
            ExitCode::SUCCESS
        }
        Err(BuildError::Invalid(invalid)) => {
            print_diagnostics(common.format, &site, &invalid.diagnostics, &invalid.sources);
            let errors = invalid.diagnostics.iter().filter(|d| d.is_error()).count();
            let what = if errors == 0 {
                "warnings are denied (--deny-warnings)".to_string()
            } else {
                format!("{errors} error{}", plural(errors))
            };
            eprintln!(
                "prep: {} not built: {what}; nothing was written",
                site.display()
            );
            ExitCode::from(1)
        }
        Err(other) => {
            eprintln!("error: {other}");
            ExitCode::from(2)
        }
    }
}

/// `built zh, en: 14 images (0 rendered, 14 cached), 1 stylesheet, 2 manifests in 35 ms`.
pub(crate) fn summary(report: &Report) -> String {
    let mut line = format!(
        "built {}: {} image{} ({} rendered, {} cached), 1 stylesheet, {} manifest{}",
        report.languages.join(", "),
        report.images,
        plural(report.images),
        report.images_rendered,
        report.images_cached,
        report.manifests.len(),
        plural(report.manifests.len()),
    );
    if report.files_removed > 0 {
        line.push_str(&format!(
            ", {} old file{} removed",
            report.files_removed,
            plural(report.files_removed)
        ));
    }
    let warnings = report.diagnostics.len();
    if warnings > 0 {
        line.push_str(&format!(", {warnings} warning{}", plural(warnings)));
    }
    line.push_str(&format!(" in {}", duration(report.elapsed)));
    line
}

pub(crate) fn duration(elapsed: Duration) -> String {
    let ms = elapsed.as_millis();
    if ms < 10_000 {
        format!("{ms} ms")
    } else {
        format!("{:.1} s", elapsed.as_secs_f64())
    }
}

pub(crate) fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
