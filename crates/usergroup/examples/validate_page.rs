//! Validates one user-group list page from a file or stdin and prints the findings as JSON:
//! what a bot embedding the library does with a page it was given (see
//! `usergroup::validate::page_text` for what is and is not checked without the site).
//!
//! ```text
//! cargo run -p usergroup --example validate_page -- content/en/user-group/_index.md [LANG]
//! cat _index.md | cargo run -p usergroup --example validate_page -- - en
//! ```
//!
//! Exit status: 0 no errors, 1 errors, 2 the file could not be read.

use std::io::Read as _;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(path), lang) = (args.first(), args.get(1).map_or("en", String::as_str)) else {
        eprintln!("usage: validate_page FILE|- [LANG]");
        return ExitCode::from(2);
    };
    let mut bytes = Vec::new();
    let read = if path == "-" {
        std::io::stdin().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::read(path).map(|b| bytes = b)
    };
    if let Err(e) = read {
        eprintln!("validate_page: {path}: {e}");
        return ExitCode::from(2);
    }
    let findings = usergroup::validate::page_text(path, &bytes, lang);
    println!("{}", usergroup::diagnostic::render_json(&findings));
    if findings.iter().any(|d| d.is_error()) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
