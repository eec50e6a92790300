//! Builds a site as `prep build` does and prints what went wrong the way prep prints it:
//! the diagnostics rendered (file:line:col, the source line, help), not a `Debug` dump of
//! the error. What a program that embeds the library should do with a failed build.
//!
//! ```text
//! cargo run -p usergroup --example build_site -- path/to/site
//! ```
//!
//! Exit status: 0 built, 1 the content has errors (nothing written), 2 the site could not
//! be read or written.

use std::io::IsTerminal as _;
use std::path::PathBuf;
use std::process::ExitCode;

use usergroup::diagnostic::render_human;
use usergroup::{build, BuildError, BuildOptions};

fn main() -> ExitCode {
    let Some(site) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: build_site SITE");
        return ExitCode::from(2);
    };
    let color = std::io::stderr().is_terminal();
    match build(&site, &BuildOptions::default()) {
        Ok(report) => {
            // Warnings do not stop a build; show them anyway.
            eprint!(
                "{}",
                render_human(&report.diagnostics, &report.sources, color)
            );
            println!(
                "built {}: {} images ({} rendered, {} cached) in {} ms",
                report.languages.join(", "),
                report.images,
                report.images_rendered,
                report.images_cached,
                report.elapsed.as_millis()
            );
            ExitCode::SUCCESS
        }
        Err(BuildError::Invalid(invalid)) => {
            eprint!(
                "{}",
                render_human(&invalid.diagnostics, &invalid.sources, color)
            );
            ExitCode::from(1)
        }
        // Everything else (no site, no theme, a write failure, the lock) is one sentence.
        Err(other) => {
            eprintln!("error: {other}");
            ExitCode::from(2)
        }
    }
}
