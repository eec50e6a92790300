//! The chapter directory through `usergroup::build` on the example site: events split into
//! upcoming and past against the build date, the calendar feeds read back with an
//! independent iCalendar parser (the `ical` crate), determinism for one date, and feeds
//! left untouched by a failed build.

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use usergroup::manifest::Manifest;
use usergroup::model::{Date, DateTime};
use usergroup::{BuildError, BuildOptions};

/// The example site built once (copy + prep with [`support::test_date`]), without Hugo.
fn built() -> &'static Path {
    static SITE: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    SITE.get_or_init(|| {
        let site = support::scratch("directory").join("site");
        support::copy_site(&support::example_site(), &site);
        support::prep(&site);
        site
    })
}

/// Every file under `dir`, relative, with its bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    support::files_under(dir)
        .into_iter()
        .map(|(rel, path)| (rel, std::fs::read(&path).expect("read")))
        .collect()
}

/// A feed parsed by `ical`: its calendar properties and its events' properties by name.
struct Feed {
    name: String,
    events: Vec<BTreeMap<String, String>>,
}

fn parse_feed(path: &Path) -> Feed {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    // What the parser does not check: CRLF line ends and 75-octet lines, never inside a
    // character (a split character would also make the parser stop, below).
    let text = String::from_utf8(bytes.clone()).expect("a feed is UTF-8");
    assert!(text.ends_with("\r\n"), "{}", path.display());
    for line in text.split_inclusive('\n') {
        assert!(
            line.ends_with("\r\n"),
            "{}: bare LF in {line:?}",
            path.display()
        );
        let content = line.trim_end_matches("\r\n");
        assert!(
            content.len() <= 75,
            "{}: {} octets: {content:?}",
            path.display(),
            content.len()
        );
    }
    let mut reader = ical::IcalParser::new(std::io::BufReader::new(bytes.as_slice()));
    let calendar = reader
        .next()
        .unwrap_or_else(|| panic!("{}: no calendar", path.display()))
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(reader.next().is_none(), "{}: one calendar", path.display());
    let prop = |props: &[ical::property::Property], name: &str| {
        props
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| p.value.clone())
            .unwrap_or_default()
    };
    assert_eq!(prop(&calendar.properties, "VERSION"), "2.0");
    let events = calendar
        .events
        .iter()
        .map(|e| {
            e.properties
                .iter()
                .map(|p| (p.name.clone(), p.value.clone().unwrap_or_default()))
                .collect()
        })
        .collect();
    Feed {
        name: prop(&calendar.properties, "X-WR-CALNAME"),
        events,
    }
}

/// TEXT as written in a feed, unescaped (RFC 5545 §3.3.11), without whitespace: the parser
/// trims each folded line's trailing blanks, which RFC 5545 does not.
fn unescape_text(value: &str) -> String {
    let mut out = String::new();
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(escaped) => out.push(escaped),
            None => {}
        }
    }
    out.split_whitespace().collect()
}

fn squash(text: &str) -> String {
    text.split_whitespace().collect()
}

#[test]
fn events_are_split_against_the_build_date() {
    let site = built();
    for lang in ["zh", "en"] {
        let m: Manifest = support::manifest(site, lang);
        assert_eq!(m.built_on, "2026-09-01");
        let today = support::test_date();
        for (id, chapter) in &m.chapters {
            let d = &chapter.directory;
            assert!(!d.upcoming.is_empty() && !d.past.is_empty(), "{lang}/{id}");
            let ends = |e: &usergroup::manifest::EventView| DateTime::parse(&e.end).expect("end");
            let starts: Vec<i64> = d
                .upcoming
                .iter()
                .map(|e| DateTime::parse(&e.start).expect("start").unix_seconds())
                .collect();
            assert!(
                starts.windows(2).all(|w| w[0] <= w[1]),
                "{lang}/{id}: soonest first"
            );
            assert!(
                d.upcoming.iter().all(|e| ends(e).date >= today),
                "{lang}/{id}"
            );
            assert!(d.past.iter().all(|e| ends(e).date < today), "{lang}/{id}");
            assert!(
                d.past.iter().any(|e| e.recording.is_some()),
                "{lang}/{id}: a past event with a recording"
            );
            assert_eq!(
                d.member_count,
                chapter.roles.iter().map(|r| r.members.len()).sum::<usize>()
            );
            assert_eq!(d.country.as_deref(), Some("CN"));
            assert!(d.status.is_some() && d.region.is_some() && d.coordinates.is_some());
        }
    }
}

#[test]
fn calendar_feeds_parse_and_hold_every_event() {
    let site = built();
    let static_dir = site.join("static");
    for lang in ["zh", "en"] {
        let m: Manifest = support::manifest(site, lang);
        let all = parse_feed(&static_dir.join(&m.calendar));
        assert_eq!(all.name, m.title);
        let mut uids = BTreeSet::new();
        let mut total = 0;
        for (id, chapter) in &m.chapters {
            let d = &chapter.directory;
            let feed = parse_feed(&static_dir.join(&d.calendar));
            assert_eq!(feed.name, chapter.title, "{lang}/{id}");
            let events: Vec<_> = d.upcoming.iter().chain(&d.past).collect();
            assert_eq!(feed.events.len(), events.len(), "{lang}/{id}");
            total += events.len();
            for event in events {
                let start = DateTime::parse(&event.start).expect("start");
                let end = DateTime::parse(&event.end).expect("end");
                let found = feed
                    .events
                    .iter()
                    .find(|e| unescape_text(&e["SUMMARY"]) == squash(&event.title))
                    .unwrap_or_else(|| panic!("{lang}/{id}: no VEVENT {:?}", event.title));
                assert_eq!(found["DTSTART"], start.utc_stamp());
                assert_eq!(found["DTEND"], end.utc_stamp());
                assert!(found["DTSTART"].ends_with('Z'));
                assert_eq!(found["DTSTAMP"], "20260901T000000Z");
                assert_eq!(found.get("URL"), event.link.as_ref());
                if let Some(venue) = &event.venue {
                    assert!(unescape_text(&found["LOCATION"]).contains(&squash(&venue.address)));
                }
                for link in [&event.recording, &event.slides].into_iter().flatten() {
                    assert!(found["DESCRIPTION"].contains(link.as_str()), "{lang}/{id}");
                }
                assert!(
                    uids.insert(found["UID"].clone()),
                    "{lang}/{id}: UIDs are unique"
                );
            }
        }
        assert_eq!(
            all.events.len(),
            total,
            "{lang}: the language's feed has every event"
        );
        let all_uids: BTreeSet<String> = all.events.iter().map(|e| e["UID"].clone()).collect();
        assert_eq!(all_uids, uids, "{lang}: the same UIDs in both feeds");
    }
}

fn build(site: &Path, today: Date) -> Result<usergroup::Report, BuildError> {
    let mut options = BuildOptions::default();
    options.theme_dir = Some(support::theme_dir());
    options.today = Some(today);
    usergroup::build(site, &options)
}

#[test]
fn one_date_gives_the_same_bytes_and_a_later_date_moves_events_to_past() {
    let site = support::scratch("directory-dates").join("site");
    support::copy_prepped_site(built(), &site);
    let before = files(&site.join("static/usergroup/cal"));
    let data = files(&site.join("data/usergroup"));
    build(&site, support::test_date()).expect("a second build of its own output");
    assert!(
        before == files(&site.join("static/usergroup/cal")),
        "same date, same feeds"
    );
    assert!(
        data == files(&site.join("data/usergroup")),
        "same date, same manifests"
    );

    let later = Date::new(2027, 2, 1).expect("date");
    build(&site, later).expect("build");
    let m: Manifest = support::manifest(&site, "zh");
    assert_eq!(m.built_on, "2027-02-01");
    let shanghai = &m.chapters["shanghai"].directory;
    // The 2027-01-15 online talk is now past, the latest past event first.
    assert_eq!(shanghai.past.len(), 2);
    assert_eq!(shanghai.past[0].date, "2027-01-15");
    assert_eq!(shanghai.upcoming.len(), 1);
    let feed =
        std::fs::read_to_string(site.join("static/usergroup/cal/zh/shanghai.ics")).expect("feed");
    assert!(feed.contains("DTSTAMP:20270201T000000Z"), "{feed}");
}

#[test]
fn a_failed_build_leaves_the_feeds_and_manifests_as_they_were() {
    let site = support::scratch("directory-fail").join("site");
    support::copy_prepped_site(built(), &site);
    let before = files(&site.join("static/usergroup"));
    let data = files(&site.join("data/usergroup"));
    let chapter = site.join("content/zh/user-group/shanghai.md");
    let text = std::fs::read_to_string(&chapter).expect("read");
    let broken = text.replacen(
        "end: 2027-03-20T17:00:00+08:00",
        "end: 2027-03-20T17:00:00",
        1,
    );
    assert_ne!(broken, text);
    std::fs::write(&chapter, broken).expect("write");
    // A later date would rewrite every feed and manifest, were the build to go through.
    let Err(BuildError::Invalid(invalid)) = build(&site, Date::new(2027, 2, 1).expect("date"))
    else {
        panic!("an event without an offset must not build");
    };
    assert!(
        invalid.diagnostics.iter().any(|d| d.code == "E0213"),
        "{:?}",
        invalid.diagnostics
    );
    assert!(
        before == files(&site.join("static/usergroup")),
        "static output changed"
    );
    assert!(
        data == files(&site.join("data/usergroup")),
        "manifests changed"
    );
}

#[test]
fn the_feed_of_a_removed_chapter_page_is_removed_after_the_commit() {
    let site = support::scratch("directory-gc").join("site");
    support::copy_prepped_site(built(), &site);
    let feed = site.join("static/usergroup/cal/zh/hangzhou.ics");
    assert!(feed.is_file());
    for lang in ["zh", "en"] {
        std::fs::remove_file(site.join(format!("content/{lang}/user-group/hangzhou.md")))
            .expect("rm");
    }
    build(&site, support::test_date()).expect("build without the chapter page");
    assert!(
        !feed.exists(),
        "the feed of a chapter without a page is gone"
    );
    assert!(site.join("static/usergroup/cal/zh/shanghai.ics").is_file());
    let all = std::fs::read_to_string(site.join("static/usergroup/cal/zh.ics")).expect("feed");
    assert!(!all.contains("UID:hangzhou-"), "{all}");
    // prep recognises every file it left there as its own on the next run.
    build(&site, support::test_date()).expect("a build over its own feeds");
}
