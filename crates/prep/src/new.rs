//! `prep new city|member|event`: plan the change with the library, print what it did or why
//! it refused. A refusal prints diagnostics like `check` does and writes nothing (exit 1).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Subcommand};
use usergroup::scaffold::{self, Change, Error, Options, Plan};

use crate::output::print_diagnostics;
use crate::Format;

/// What to add.
#[derive(Debug, Subcommand)]
pub enum New {
    /// Add a city chapter: its card on each language's list page, its chapter page in each
    /// language (every field, with TODO values that say what to write) and a grey
    /// placeholder photo. `prep check` then passes and lists what to fill in (W0410).
    City {
        /// The city id: lower-case ASCII letters, digits and `-` (the page's file name and URL).
        id: String,
        /// Site, theme and language arguments.
        #[command(flatten)]
        common: NewArgs,
    },
    /// Add a member to a chapter page, in each language.
    Member {
        /// The city id (an existing chapter).
        city: String,
        /// The member's GitHub login (no `@`, no URL).
        login: String,
        /// lead, deputy or member (站长, 副站长, 委员), or one of the page's role labels;
        /// written as the chapter's members write roles. Default: the lowest role.
        #[arg(long)]
        role: Option<String>,
        /// Site, theme and language arguments.
        #[command(flatten)]
        common: NewArgs,
    },
    /// Add an event to a chapter page, in each language, with a venue to fill in.
    ///
    /// DATE is a day, 2027-03-14 (the event is then 14:00 to 16:00 in the UTC offset of the
    /// chapter's first event, or UTC when it has none), or a start with its offset,
    /// 2027-03-14T19:30:00+08:00 (the event then ends 2 hours later).
    Event {
        /// The city id (an existing chapter).
        city: String,
        /// 2027-03-14, or 2027-03-14T19:30:00+08:00.
        date: String,
        /// The event's title (the same in every language; translate it afterwards).
        title: String,
        /// Site, theme and language arguments.
        #[command(flatten)]
        common: NewArgs,
    },
}

/// Arguments every `new` command takes.
#[derive(Debug, Args, Clone)]
pub struct NewArgs {
    /// The Hugo site folder (the one with hugo.toml). Default: the bundled example site.
    pub site: Option<PathBuf>,
    /// The theme folder, when it is not found from the site's config.
    #[arg(long, value_name = "DIR")]
    pub theme: Option<PathBuf>,
    /// Change only these languages (repeat, or separate with commas). Default: all.
    #[arg(long, value_name = "LANG", value_delimiter = ',')]
    pub lang: Vec<String>,
}

/// Runs `prep new …`.
pub fn run(new: &New) -> ExitCode {
    let common = match new {
        New::City { common, .. } | New::Member { common, .. } | New::Event { common, .. } => common,
    };
    let site = match crate::check::site_dir(common.site.as_deref()) {
        Ok(site) => site,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let options = Options::new()
        .theme_dir(common.theme.clone())
        .languages(common.lang.clone());
    let (planned, what) = match new {
        New::City { id, .. } => (
            scaffold::new_city(&site, id, &options),
            format!("city {id}"),
        ),
        New::Member {
            city, login, role, ..
        } => (
            scaffold::new_member(&site, city, login, role.as_deref(), &options),
            format!("member {login} to {city}"),
        ),
        New::Event {
            city, date, title, ..
        } => (
            scaffold::new_event(&site, city, date, title, &options),
            format!("event \"{}\" to {city}", title.trim()),
        ),
    };
    match planned.and_then(|plan| plan.write().map(|()| plan)) {
        Ok(plan) => {
            report(&site, common.theme.as_deref(), &plan, &what);
            ExitCode::SUCCESS
        }
        Err(error) => failed(&site, error),
    }
}

fn report(site: &Path, theme: Option<&Path>, plan: &Plan, what: &str) {
    eprintln!("prep: added {what}");
    for change in &plan.changes {
        let verb = match change {
            Change::Create { .. } => "created",
            Change::Edit { .. } => "edited ",
            _ => "changed",
        };
        eprintln!("  {verb} {}", change.file());
    }
    let theme = theme.map_or(String::new(), |t| format!(" --theme {}", t.display()));
    eprintln!(
        "next: replace the TODO values and placeholders; `prep check {}{theme}` lists each (W0410)",
        site.display()
    );
}

fn failed(site: &Path, error: Error) -> ExitCode {
    match error {
        Error::Refused(refusal) => {
            print_diagnostics(Format::Human, site, &refusal.diagnostics, &refusal.sources);
            eprintln!("prep: nothing was written");
            ExitCode::from(1)
        }
        Error::Io { .. } => {
            // Staging failures change nothing, but a rename that fails after others did
            // leaves those in place: say only what is certain.
            eprintln!("error: {error}");
            ExitCode::from(2)
        }
        other => {
            eprintln!("error: {other}");
            eprintln!("prep: nothing was written");
            ExitCode::from(2)
        }
    }
}
