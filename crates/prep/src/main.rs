//! `prep`: run before `hugo`. Thin on purpose: argument parsing, output and exit codes;
//! everything else lives in the `usergroup` library.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

mod build;
mod check;
mod new;
mod output;
mod serve;
mod watch;

/// Validate and build a community user-group page (city chapters) for the usergroup Hugo theme.
///
/// Run it before `hugo`. With no command it builds the bundled example site.
///
/// Exit status: 0 ok, 1 invalid input, 2 usage or I/O failure.
#[derive(Debug, Parser)]
#[command(name = "prep", version, about, long_about)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Validate the site's user-group content and write nothing.
    Check(CommonArgs),
    /// Validate, then write images, CSS and the manifest Hugo's layouts read.
    Build(BuildArgs),
    /// Add a city chapter, a member or an event to the content, ready to fill in.
    #[command(subcommand)]
    New(new::New),
    /// Build, then build again on every change to content, images, SCSS or the config.
    Watch(watch::WatchArgs),
    /// `prep watch` and `hugo server` together (127.0.0.1): edit, save, the browser reloads.
    /// Hugo is $HUGO, else `hugo` on PATH, else the one scripts/install-tools put in .tools/.
    Serve(serve::ServeArgs),
}

/// Arguments every command takes.
#[derive(Debug, Args, Clone)]
pub struct CommonArgs {
    /// The Hugo site folder (the one with hugo.toml). Default: the bundled example site.
    pub site: Option<PathBuf>,
    /// The theme folder, when it is not found from the site's config.
    #[arg(long, value_name = "DIR")]
    pub theme: Option<PathBuf>,
    /// How to print diagnostics.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Treat warnings as errors (exit 1 if there is any).
    #[arg(long)]
    pub deny_warnings: bool,
}

/// Arguments of `prep build`.
#[derive(Debug, Args, Clone)]
pub struct BuildArgs {
    /// Site, theme and output-format arguments.
    #[command(flatten)]
    pub common: CommonArgs,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Diagnostic output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// rustc-like: file:line:col, the source line, a caret, help.
    Human,
    /// One JSON document with stable field names (stdout).
    Json,
    /// GitHub Actions workflow commands, one a finding, so a pull request shows each on its
    /// line (stdout).
    Github,
    /// A SARIF 2.1.0 log, for GitHub code scanning and other SARIF viewers (stdout).
    Sarif,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            // clap's --help/--version are not failures.
            return if err.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match cli.command {
        Some(Command::Check(args)) => check::run(&args),
        Some(Command::Build(args)) => build::run(&args),
        Some(Command::New(new)) => new::run(&new),
        Some(Command::Watch(args)) => watch::run(&args),
        Some(Command::Serve(args)) => serve::run(&args),
        None => build::run(&BuildArgs {
            common: CommonArgs {
                site: None,
                theme: None,
                format: Format::Human,
                deny_warnings: false,
            },
            quiet: false,
        }),
    }
}
