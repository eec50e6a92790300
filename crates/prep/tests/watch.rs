//! `prep watch` and `prep serve` as people run them, on a copy of the example site: an edit
//! shows up in the manifest (and, with `serve`, on the page Hugo serves) within seconds, a
//! round does only the work its change needs, invalid input keeps the previous output, and
//! one Ctrl-C stops prep and Hugo.
//!
//! The deadlines are measured from the end of the first round (the cold build that renders
//! every image), so they time a round, not a cold build.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

mod support;
use support::{root, site_copy};

/// The module path the example site imports the theme under (its `hugo.toml`).
const THEME_MODULE: &str = "github.com/usergroup-theme/usergroup";

/// A running `prep` whose stderr lines arrive on a channel; killed when dropped.
struct Running {
    child: Child,
    lines: Receiver<String>,
    seen: Vec<String>,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Running {
    /// Starts `prep <args>` with the repo as the theme (a copy's `../../..` replacement no
    /// longer reaches it) and the tests' build date.
    fn start(args: &[&str], env: &[(&str, PathBuf)]) -> Running {
        let mut child = Command::new(env!("CARGO_BIN_EXE_prep"))
            .args(args)
            .envs(env.iter().map(|(k, v)| (k, v)))
            .env(
                "HUGO_MODULE_REPLACEMENTS",
                format!("{THEME_MODULE} -> {}", root().display()),
            )
            .env("USERGROUP_TODAY", "2026-09-01")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start prep");
        let (sender, lines) = mpsc::channel();
        for stream in [
            Box::new(child.stderr.take().expect("stderr")) as Box<dyn std::io::Read + Send>,
            Box::new(child.stdout.take().expect("stdout")),
        ] {
            let sender = sender.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    if sender.send(line).is_err() {
                        break;
                    }
                }
            });
        }
        Running {
            child,
            lines,
            seen: Vec::new(),
        }
    }

    /// The first line (from now on) that contains `needle`, waiting until `deadline`.
    fn wait_for(&mut self, needle: &str, deadline: Instant) -> String {
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.seen.push(line.clone());
                    if line.contains(needle) {
                        return line;
                    }
                }
                Err(_) => panic!(
                    "no line with {needle:?} in time; prep printed:\n{}",
                    self.seen.join("\n")
                ),
            }
        }
    }

    /// Takes every line printed so far into `seen`.
    fn drain(&mut self) {
        while let Ok(line) = self.lines.try_recv() {
            self.seen.push(line);
        }
    }

    /// Waits for the first round to finish and the watching to start.
    fn wait_until_watching(&mut self) {
        // The first round renders every image of the example: generous for a busy machine.
        let round = self.wait_for("prep: round 1: ", Instant::now() + Duration::from_secs(300));
        assert!(round.contains("prep: round 1: built zh, en"), "{round}");
        self.wait_for("prep: watching ", Instant::now() + Duration::from_secs(10));
    }
}

fn manifest(site: &Path) -> String {
    std::fs::read_to_string(site.join("data/usergroup/zh/user-group.json")).unwrap_or_default()
}

/// Polls `done` every 10 ms until it holds; panics at `deadline`.
fn poll(what: &str, deadline: Instant, mut done: impl FnMut() -> bool) {
    while !done() {
        assert!(Instant::now() < deadline, "{what}: not in time");
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Rewrites `file` with `from` replaced by `to` (which must occur).
fn edit(file: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).expect("read");
    assert!(text.contains(from), "{} has no {from:?}", file.display());
    std::fs::write(file, text.replacen(from, to, 1)).expect("write");
}

const SHANGHAI: &str = "content/zh/user-group/shanghai.md";
const DESCRIPTION: &str = "description: \"上海站成立于";

#[test]
fn an_edited_description_reaches_the_manifest_within_2_s_and_encodes_no_image() {
    let site = site_copy("watch", "description");
    let mut prep = Running::start(&["watch", site.to_str().expect("utf-8 path")], &[]);
    prep.wait_until_watching();
    let before = manifest(&site);
    assert!(!before.contains("WATCH-EDIT-1"));

    let saved = Instant::now();
    edit(
        &site.join(SHANGHAI),
        DESCRIPTION,
        "description: \"WATCH-EDIT-1 上海站成立于",
    );
    poll(
        "the manifest has the new description",
        saved + Duration::from_secs(2),
        || manifest(&site).contains("WATCH-EDIT-1"),
    );
    eprintln!("edit to manifest: {} ms", saved.elapsed().as_millis());
    let round = prep.wait_for("prep: round 2: built", saved + Duration::from_secs(5));
    assert!(
        round.contains("(0 rendered, "),
        "a text edit encodes no image: {round}"
    );
    assert!(
        prep.seen
            .iter()
            .any(|l| l == &format!("prep: round 2: {SHANGHAI} changed")),
        "the round names the file: {:?}",
        prep.seen
    );

    // Invalid input: the round reports it, the previous manifest stays, watching goes on.
    let good = manifest(&site);
    edit(&site.join(SHANGHAI), "description:", "description: [");
    let failed = prep.wait_for(
        "prep: round 3: not built",
        Instant::now() + Duration::from_secs(10),
    );
    assert!(failed.contains("not built: 1 error;"), "{failed}");
    assert!(
        prep.seen
            .iter()
            .any(|l| l.contains(&format!("--> {SHANGHAI}:"))),
        "the error names its place: {:?}",
        prep.seen
    );
    assert_eq!(
        manifest(&site),
        good,
        "a failed round keeps the previous output"
    );
    edit(&site.join(SHANGHAI), "description: [", "description:");
    prep.wait_for(
        "prep: round 4: built zh, en",
        Instant::now() + Duration::from_secs(10),
    );

    // prep's own writes started no round: each round above was one save.
    std::thread::sleep(Duration::from_millis(500));
    while let Ok(line) = prep.lines.try_recv() {
        assert!(
            !line.contains("round 5"),
            "a round nobody asked for: {line}"
        );
    }
}

/// A JPEG with a comment segment after its start marker: the same picture, other bytes.
fn with_comment(jpeg: &[u8], comment: &str) -> Vec<u8> {
    assert_eq!(&jpeg[..2], [0xFF, 0xD8], "a JPEG");
    let length = u16::try_from(comment.len() + 2).expect("short comment");
    let mut out = jpeg[..2].to_vec();
    out.extend([0xFF, 0xFE]);
    out.extend(length.to_be_bytes());
    out.extend(comment.as_bytes());
    out.extend(&jpeg[2..]);
    out
}

#[test]
fn a_changed_image_is_the_only_one_encoded_again() {
    let site = site_copy("watch", "image");
    let mut prep = Running::start(&["watch", site.to_str().expect("utf-8 path")], &[]);
    prep.wait_until_watching();
    let first = prep
        .seen
        .iter()
        .rev()
        .find(|l| l.contains("round 1: built"))
        .cloned();
    let cache = site.join(".usergroup-cache/images");
    let entries = |dir: &Path| -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
            .expect("cache folder")
            .map(|e| e.expect("entry").path())
            .collect();
        v.sort();
        v
    };
    let before = entries(&cache);

    // Used once, as Shanghai's cover in both languages: one image job.
    let photo = site.join("static/images/user-group/chapters/shanghai-meetup.jpg");
    let bytes = std::fs::read(&photo).expect("photo");
    let saved = Instant::now();
    std::fs::write(&photo, with_comment(&bytes, "watch test")).expect("write");
    let round = prep.wait_for("prep: round 2: built", saved + Duration::from_secs(30));
    eprintln!(
        "image change to round end: {} ms",
        saved.elapsed().as_millis()
    );
    let images: usize = first
        .as_deref()
        .and_then(|l| l.split(": ").nth(3))
        .and_then(|l| l.split(' ').next())
        .and_then(|n| n.parse().ok())
        .expect("round 1 counts images");
    assert!(
        round.contains(&format!(
            "{images} images (1 rendered, {} cached)",
            images - 1
        )),
        "only the changed photo is encoded: {round}"
    );
    // One new cache entry (the old one is collected with its files).
    let after = entries(&cache);
    let added: Vec<_> = after.iter().filter(|e| !before.contains(e)).collect();
    assert_eq!(added.len(), 1, "{added:?}");
}

/// A free port on 127.0.0.1 (bound, then released for Hugo).
fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("addr").port()
}

/// GET `path` from 127.0.0.1:`port`: the body, or `None` while the server is not up.
fn get(port: u16, path: &str) -> Option<String> {
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(stream, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").ok()?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response).ok()?;
    let text = String::from_utf8_lossy(&response).into_owned();
    // Go answers in the request's version: `HTTP/1.0 200 OK`.
    (text.split(' ').nth(1) == Some("200"))
        .then(|| text.split_once("\r\n\r\n").map(|(_, b)| b.to_string()))
        .flatten()
}

/// The pinned Hugo: `$HUGO`, else the one `scripts/install-tools` put in `.tools/venv`.
fn hugo() -> PathBuf {
    if let Some(hugo) = std::env::var_os("HUGO").filter(|h| !h.is_empty()) {
        return PathBuf::from(hugo);
    }
    let lib = root().join(".tools/venv/lib");
    std::fs::read_dir(&lib)
        .unwrap_or_else(|e| panic!("no Hugo: run scripts/install-tools or set HUGO ({e})"))
        .map(|p| {
            p.expect("entry")
                .path()
                .join("site-packages/hugo/binaries/hugo")
        })
        .find(|h| h.is_file())
        .expect("no Hugo: run scripts/install-tools or set HUGO")
}

#[cfg(unix)]
#[test]
fn serve_shows_an_edit_on_the_served_page_and_one_sigint_stops_prep_and_hugo() {
    let site = site_copy("watch", "serve");
    let port = free_port();
    let port_arg = port.to_string();
    let site_arg = site.to_str().expect("utf-8 path");
    let mut prep = Running::start(
        &["serve", site_arg, "--port", &port_arg],
        &[
            ("HUGO", hugo()),
            ("HUGO_CACHEDIR", site.join(".hugo_cache")),
        ],
    );
    prep.wait_until_watching();
    let line = prep.wait_for(
        "prep: hugo server (pid ",
        Instant::now() + Duration::from_secs(10),
    );
    let hugo_pid: u32 = line
        .split("(pid ")
        .nth(1)
        .and_then(|rest| rest.split(')').next())
        .and_then(|pid| pid.parse().ok())
        .expect("hugo's pid");
    let page = "/zh/user-group/shanghai/";
    let up = Instant::now() + Duration::from_secs(60);
    while get(port, page).is_none() {
        if Instant::now() > up {
            prep.drain();
            panic!(
                "hugo serves no {page}; prep printed:\n{}",
                prep.seen.join("\n")
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let served = get(port, page).expect("page");
    assert!(
        served.contains("livereload"),
        "hugo server injects its livereload script"
    );

    let saved = Instant::now();
    edit(
        &site.join(SHANGHAI),
        DESCRIPTION,
        "description: \"WATCH-SERVE-1 上海站成立于",
    );
    poll(
        "the served page has the new description",
        saved + Duration::from_secs(10),
        || get(port, page).is_some_and(|body| body.contains("WATCH-SERVE-1")),
    );
    eprintln!("edit to served page: {} ms", saved.elapsed().as_millis());

    let status = Command::new("kill")
        .args(["-INT", &prep.child.id().to_string()])
        .status()
        .expect("kill -INT");
    assert!(status.success());
    let stopped = Instant::now() + Duration::from_secs(10);
    poll("prep exits after SIGINT", stopped, || {
        prep.child.try_wait().expect("try_wait").is_some()
    });
    assert!(
        !Path::new(&format!("/proc/{hugo_pid}")).exists(),
        "hugo (pid {hugo_pid}) is still running after prep stopped"
    );
}
