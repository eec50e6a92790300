//! Where and how diagnostics are printed, for every command: people get rustc-like text on
//! stderr (coloured on a terminal unless `NO_COLOR`), bots a document on stdout.

use std::io::{IsTerminal as _, Write as _};
use std::path::Path;

use usergroup::diagnostic::{
    render_github, render_human, render_json, render_sarif, Diagnostic, SourceFiles,
};

use crate::Format;

/// Prints `diagnostics` of the site at `site` in `format` (human text says "no problems
/// found" for an empty list; machine formats print an empty document).
pub fn print_diagnostics(
    format: Format,
    site: &Path,
    diagnostics: &[Diagnostic],
    sources: &SourceFiles,
) {
    let document = match format {
        Format::Human => {
            let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            let text = render_human(diagnostics, sources, color);
            let _ = anstream::stderr().write_all(text.as_bytes());
            return;
        }
        Format::Json => render_json(diagnostics),
        Format::Github => render_github(diagnostics, &site_prefix(site)),
        Format::Sarif => render_sarif(diagnostics, &site_prefix(site)),
    };
    // A closed pipe is the reader's choice, not a failure of the run.
    let mut out = std::io::stdout();
    let _ = out.write_all(document.as_bytes());
    if !document.ends_with('\n') {
        let _ = writeln!(out);
    }
}

/// The site folder as a path from the current folder, `/`-separated: code review tools place
/// findings by paths from the repository root, which is where a workflow runs.
fn site_prefix(site: &Path) -> String {
    let relative = match std::env::current_dir() {
        Ok(cwd) if site.is_absolute() => site.strip_prefix(&cwd).unwrap_or(site).to_path_buf(),
        _ => site.to_path_buf(),
    };
    let text = relative.to_string_lossy().replace('\\', "/");
    text.trim_start_matches("./").to_string()
}
