//! `prep watch`: build, then build again whenever an input changes (live preview).
//!
//! What counts as an input, and what is prep's own output (never a reason to rebuild), is
//! the library's knowledge ([`usergroup::watch::WatchSet`]); this module is the event loop:
//! a `notify` watcher, a debounce, one build per round, and the round's diagnostics and
//! summary on stderr. A round that fails (invalid content, an image that does not decode)
//! prints why and leaves the previous output as it was (a failed build writes nothing), and
//! the loop goes on. The build's own caches make a round cheap: unchanged images are
//! answered from the content-addressed cache without decoding, so an edited description
//! encodes no image and a changed photo encodes only itself.
//!
//! Ctrl-C needs no handler here (see `build.rs`): whatever a killed round wrote is either
//! content-addressed or a temporary the next run removes.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use clap::Args;
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};
use usergroup::watch::WatchSet;
use usergroup::{build, BuildError, BuildOptions};

use crate::build::{duration, plural, summary};
use crate::output::print_diagnostics;
use crate::Format;

/// Arguments of `prep watch`.
#[derive(Debug, Args, Clone)]
pub struct WatchArgs {
    /// The Hugo site folder (the one with hugo.toml). Default: the bundled example site.
    pub site: Option<PathBuf>,
    /// The theme folder, when it is not found from the site's config.
    #[arg(long, value_name = "DIR")]
    pub theme: Option<PathBuf>,
    /// Treat warnings as errors (a round with warnings writes nothing).
    #[arg(long)]
    pub deny_warnings: bool,
}

/// After the first change of a round, wait until no input has changed for this long, so one
/// save (an editor writes, renames and sets attributes in a burst) or one copied folder is
/// one round.
const QUIET: Duration = Duration::from_millis(100);
/// …but never longer than this after the first change: a file that keeps changing (a slow
/// copy) still gets a round, and the next change gets another.
const MAX_WAIT: Duration = Duration::from_secs(1);

/// Runs `prep watch` until killed.
pub fn run(args: &WatchArgs) -> ExitCode {
    let mut session = match Session::start(args) {
        Ok(session) => session,
        Err(code) => return code,
    };
    loop {
        if let Err(message) = session.step(Duration::from_secs(3600)) {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    }
}

/// A watched site: the watcher, its events, and what it watches now.
pub struct Session {
    site: PathBuf,
    theme: Option<PathBuf>,
    options: BuildOptions,
    watcher: RecommendedWatcher,
    events: Receiver<notify::Result<Event>>,
    set: WatchSet,
    watched: Vec<(PathBuf, bool)>,
    round: usize,
    /// Whether the last round wrote its output.
    built: bool,
}

impl Session {
    /// Finds the site, starts watching it, runs the first round, and says what it watches.
    /// Watching starts before the first build, so a change saved during it is not missed.
    pub fn start(args: &WatchArgs) -> Result<Session, ExitCode> {
        let fail = |message: String| {
            eprintln!("error: {message}");
            ExitCode::from(2)
        };
        let site = crate::check::site_dir(args.site.as_deref()).map_err(fail)?;
        let set = WatchSet::new(&site, args.theme.as_deref()).map_err(|e| fail(e.to_string()))?;
        let (sender, events) = mpsc::channel();
        let watcher = notify::recommended_watcher(sender)
            .map_err(|e| fail(format!("cannot watch files: {e}")))?;
        let mut options = BuildOptions::default();
        options.theme_dir = args.theme.clone();
        options.deny_warnings = args.deny_warnings;
        let mut session = Session {
            site,
            theme: args.theme.clone(),
            options,
            watcher,
            events,
            set,
            watched: Vec::new(),
            round: 0,
            built: false,
        };
        session.rewatch();
        session.round(&[]);
        eprintln!(
            "prep: watching {} (content, images, SCSS, config); Ctrl-C stops",
            session.site.display()
        );
        Ok(session)
    }

    /// Waits up to `timeout` for a change to an input and, if there was one, builds: one
    /// round of watch (and of serve's loop). `Err` when the watcher stopped.
    pub fn step(&mut self, timeout: Duration) -> Result<(), String> {
        if let Some(changed) = self.next_change(timeout)? {
            self.round(&changed);
        }
        Ok(())
    }

    /// Waits up to `timeout` for a change to an input, then for the burst to settle
    /// ([`QUIET`], at most [`MAX_WAIT`]). The changed inputs, `None` when nothing changed in
    /// `timeout`, `Err` when the watcher stopped.
    fn next_change(&mut self, timeout: Duration) -> Result<Option<Vec<PathBuf>>, String> {
        let mut changed = BTreeSet::new();
        let mut deadline = Instant::now() + timeout;
        let mut first: Option<Instant> = None;
        loop {
            let wait = deadline.saturating_duration_since(Instant::now());
            match self.events.recv_timeout(wait) {
                Ok(Ok(event)) => {
                    let inputs = self.inputs(&event);
                    if !inputs.is_empty() {
                        let first = *first.get_or_insert_with(Instant::now);
                        deadline = (Instant::now() + QUIET).min(first + MAX_WAIT);
                        changed.extend(inputs);
                    }
                }
                // A lost event (queue overflow) or a vanished folder: build to be safe.
                Ok(Err(error)) => {
                    eprintln!("prep: watching: {error}");
                    first.get_or_insert_with(Instant::now);
                    deadline = Instant::now() + QUIET;
                    changed.insert(self.site.clone());
                }
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => {
                    return Err("the file watcher stopped".to_string())
                }
            }
        }
        Ok(first.map(|_| changed.into_iter().collect()))
    }

    /// The inputs an event touches: reads and prep's own output are not changes.
    fn inputs(&self, event: &Event) -> Vec<PathBuf> {
        if matches!(event.kind, EventKind::Access(_)) {
            return Vec::new();
        }
        event
            .paths
            .iter()
            .filter(|path| self.set.is_input(path))
            .cloned()
            .collect()
    }

    /// One round: says what changed, builds, prints the diagnostics and a summary line, then
    /// watches what the (maybe edited) config now leads to.
    fn round(&mut self, changed: &[PathBuf]) {
        self.round += 1;
        // Named first: a file that still exists (an editor's or `sed -i`'s temporary file,
        // renamed over the real one, has gone by now).
        let first = changed.iter().find(|p| p.exists()).or(changed.first());
        if let Some(first) = first {
            let more = match changed.len() {
                1 => String::new(),
                n => format!(" and {} more", n - 1),
            };
            let name = match self.set.display(first) {
                // A lost event: the watcher could not say what changed.
                name if name.is_empty() => "the site".to_string(),
                name => name,
            };
            eprintln!("prep: round {}: {name}{more} changed", self.round);
        }
        let started = Instant::now();
        let result = build(&self.site, &self.options);
        self.built = result.is_ok();
        match result {
            Ok(report) => {
                if !report.diagnostics.is_empty() {
                    print_diagnostics(
                        Format::Human,
                        &self.site,
                        &report.diagnostics,
                        &report.sources,
                    );
                }
                eprintln!("prep: round {}: {}", self.round, summary(&report));
            }
            Err(BuildError::Invalid(invalid)) => {
                print_diagnostics(
                    Format::Human,
                    &self.site,
                    &invalid.diagnostics,
                    &invalid.sources,
                );
                let errors = invalid.diagnostics.iter().filter(|d| d.is_error()).count();
                let what = match errors {
                    0 => "warnings are denied (--deny-warnings)".to_string(),
                    n => format!("{n} error{}", plural(n)),
                };
                eprintln!(
                    "prep: round {}: not built: {what}; the previous output is unchanged; fix and save to build again ({})",
                    self.round,
                    duration(started.elapsed())
                );
            }
            Err(other) => eprintln!(
                "prep: round {}: not built: {other}; the previous output is unchanged ({})",
                self.round,
                duration(started.elapsed())
            ),
        }
        self.rewatch();
    }

    /// Watches what the site's config leads to now, and stops watching what it no longer
    /// does. Watching a folder again is harmless, and picks up a folder that was replaced
    /// (deleted and created again), which a watch on the old one would miss.
    fn rewatch(&mut self) {
        if let Ok(set) = WatchSet::new(&self.site, self.theme.as_deref()) {
            self.set = set;
        }
        let wanted: Vec<(PathBuf, bool)> = self
            .set
            .folders()
            .map(|(dir, recursive)| (dir.to_path_buf(), recursive))
            .collect();
        for (dir, _) in &self.watched {
            if !wanted.iter().any(|(w, _)| w == dir) {
                let _ = self.watcher.unwatch(dir);
            }
        }
        for (dir, recursive) in &wanted {
            let mode = if *recursive {
                RecursiveMode::Recursive
            } else {
                RecursiveMode::NonRecursive
            };
            if let Err(error) = self.watcher.watch(dir, mode) {
                eprintln!("prep: cannot watch {}: {error}", dir.display());
            }
        }
        self.watched = wanted;
    }

    /// Whether the last round wrote its output (no errors).
    pub fn built(&self) -> bool {
        self.built
    }

    /// The site folder.
    pub fn site(&self) -> &Path {
        &self.site
    }
}
