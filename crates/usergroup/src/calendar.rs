//! Calendar feeds (iCalendar, RFC 5545): one per chapter and one per language with every
//! chapter's events, so people can subscribe in any calendar app.
//!
//! Pure: the model and the build date in, the file's text out. What RFC 5545 asks and this
//! module does:
//! - times in UTC (`DTSTART:20260314T060000Z`), so no `VTIMEZONE` is needed;
//! - a stable `UID` per event, from the chapter id, the start and a hash of the title, so a
//!   calendar updates an event instead of adding it again when the feed is fetched anew;
//! - `DTSTAMP` is the build date (not the clock), so the same input gives the same bytes;
//! - TEXT values escape `\`, `;`, `,` and newlines; lines end in CRLF and are folded at 75
//!   octets, never inside a UTF-8 character.

use sha2::{Digest, Sha256};

use crate::model::{Chapter, Date, DateTime, Event, Page};

/// The longest content line, in octets, before folding (RFC 5545 §3.1).
const LINE_OCTETS: usize = 75;

/// The feed of one chapter's events.
pub fn chapter_feed(page: &Page, chapter: &Chapter) -> String {
    let mut feed = Feed::new(&chapter.title.value, page.directory.today);
    for event in &chapter.events {
        feed.event(chapter, event);
    }
    feed.finish()
}

/// The feed of every chapter's events of one language, titled with the page's title.
pub fn page_feed(page: &Page) -> String {
    let mut feed = Feed::new(&page.title.value, page.directory.today);
    for chapter in &page.chapters {
        for event in &chapter.events {
            feed.event(chapter, event);
        }
    }
    feed.finish()
}

/// A calendar being written: its header, then its events sorted by start.
struct Feed {
    head: Vec<String>,
    stamp: String,
    /// (start in Unix seconds, UID, the event's lines).
    events: Vec<(i64, String, Vec<String>)>,
}

impl Feed {
    fn new(name: &str, today: Date) -> Self {
        let head = vec![
            "BEGIN:VCALENDAR".to_string(),
            "VERSION:2.0".to_string(),
            format!(
                "PRODID:-//usergroup//prep {}//EN",
                env!("CARGO_PKG_VERSION")
            ),
            "CALSCALE:GREGORIAN".to_string(),
            "METHOD:PUBLISH".to_string(),
            format!("X-WR-CALNAME:{}", escape_text(name)),
        ];
        let stamp = format!(
            "{:04}{:02}{:02}T000000Z",
            today.year, today.month, today.day
        );
        Feed {
            head,
            stamp,
            events: Vec::new(),
        }
    }

    /// Adds an event; one whose times do not parse (validation refuses it) is left out.
    fn event(&mut self, chapter: &Chapter, event: &Event) {
        let (Ok(start), Ok(end)) = (
            DateTime::parse(&event.start.value),
            DateTime::parse(&event.end.value),
        ) else {
            return;
        };
        let title = event.title.value.trim();
        let uid = uid(&chapter.id.value, &start, title);
        let mut lines = vec![
            "BEGIN:VEVENT".to_string(),
            format!("UID:{uid}"),
            format!("DTSTAMP:{}", self.stamp),
            format!("DTSTART:{}", start.utc_stamp()),
            format!("DTEND:{}", end.utc_stamp()),
            format!("SUMMARY:{}", escape_text(title)),
        ];
        let mut place = Vec::new();
        if let Some(venue) = &event.venue {
            place.push(format!(
                "{}, {}",
                venue.name.value.trim(),
                venue.address.value.trim()
            ));
        }
        if event.is_online() {
            place.push("Online".to_string());
        }
        if !place.is_empty() {
            lines.push(format!("LOCATION:{}", escape_text(&place.join(" / "))));
        }
        let mut description = vec![chapter.name.value.trim().to_string()];
        for link in [&event.link, &event.recording, &event.slides]
            .into_iter()
            .flatten()
        {
            description.push(link.value.trim().to_string());
        }
        lines.push(format!(
            "DESCRIPTION:{}",
            escape_text(&description.join("\n"))
        ));
        if let Some(link) = &event.link {
            // A URI value, not TEXT: written as is (validation allows only http(s) links).
            lines.push(format!("URL:{}", link.value.trim()));
        }
        lines.push("END:VEVENT".to_string());
        self.events.push((start.unix_seconds(), uid, lines));
    }

    fn finish(mut self) -> String {
        self.events.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
        let mut out = String::new();
        let end = "END:VCALENDAR".to_string();
        let lines = self
            .head
            .iter()
            .chain(self.events.iter().flat_map(|(_, _, lines)| lines))
            .chain(std::iter::once(&end));
        for line in lines {
            fold_into(&mut out, line);
        }
        out
    }
}

/// `<chapter>-<start in UTC>-<first 16 hex of SHA-256 of the title>@usergroup`.
fn uid(chapter_id: &str, start: &DateTime, title: &str) -> String {
    let hash = Sha256::digest(title.as_bytes());
    let hex: String = hash.iter().take(8).map(|b| format!("{b:02x}")).collect();
    format!("{chapter_id}-{}-{hex}@usergroup", start.utc_stamp())
}

/// A TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and newline escaped; CR
/// and other control characters dropped (they cannot be written in a content line).
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends `line` folded (RFC 5545 §3.1): at most 75 octets per physical line, continuation
/// lines starting with one space (which counts), each ending in CRLF, breaking only between
/// characters.
pub fn fold_into(out: &mut String, line: &str) {
    let mut used = 0;
    for c in line.chars() {
        if used + c.len_utf8() > LINE_OCTETS {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += c.len_utf8();
    }
    out.push_str("\r\n");
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::model::{DirectorySettings, Spanned, Venue};

    fn s(text: &str) -> Spanned<String> {
        Spanned::new(text.to_string(), Default::default())
    }

    fn event(title: &str, start: &str, end: &str) -> Event {
        Event {
            title: s(title),
            start: s(start),
            end: s(end),
            venue: Some(Venue {
                name: s("青云科技, 上海办公室"),
                address: s("上海市浦东新区; 3 楼"),
            }),
            online: Some(s("true")),
            link: Some(s("https://kubesphere.io/live/")),
            recording: None,
            slides: None,
        }
    }

    fn page(events: Vec<Event>) -> Page {
        let text = include_str!("../../../fixtures/invalid/_base/content/zh/user-group/_index.md");
        let mut diags = Vec::new();
        let mut page = crate::load::page("p.md", text, "zh", "user-group", &mut diags).unwrap();
        let chapter_text = "---\ntitle: 上海站\nname: 上海站\ndescription: d\n---\n";
        let mut chapter =
            crate::load::chapter("c.md", chapter_text, "shanghai", &mut diags).unwrap();
        chapter.events = events;
        page.chapters = vec![chapter];
        page.directory = DirectorySettings {
            today: Date::new(2026, 9, 1).unwrap(),
            ..Default::default()
        };
        page
    }

    #[test]
    fn a_feed_is_crlf_utc_escaped_and_deterministic() {
        let p = page(vec![
            event(
                "Meetup 2",
                "2026-10-10T14:00:00+08:00",
                "2026-10-10T17:00:00+08:00",
            ),
            event(
                "Meetup 1",
                "2026-03-14T14:00:00+08:00",
                "2026-03-14T17:30+08:00",
            ),
        ]);
        let feed = chapter_feed(&p, &p.chapters[0]);
        assert_eq!(feed, chapter_feed(&p, &p.chapters[0]));
        assert!(feed.ends_with("END:VCALENDAR\r\n"));
        assert!(
            !feed.replace("\r\n", "").contains('\n'),
            "bare LF in {feed:?}"
        );
        // Long lines are folded (the LOCATION here is): compare content lines unfolded.
        let unfolded = feed.replace("\r\n ", "");
        let lines: Vec<&str> = unfolded.split("\r\n").collect();
        assert!(lines.contains(&"DTSTART:20260314T060000Z"), "{feed}");
        assert!(lines.contains(&"DTEND:20260314T093000Z"), "{feed}");
        assert!(lines.contains(&"DTSTAMP:20260901T000000Z"), "{feed}");
        assert!(
            lines.contains(&"LOCATION:青云科技\\, 上海办公室\\, 上海市浦东新区\\; 3 楼 / Online"),
            "{feed}"
        );
        // Sorted by start: Meetup 1 first.
        let first = feed.find("SUMMARY:Meetup 1").unwrap();
        assert!(first < feed.find("SUMMARY:Meetup 2").unwrap());
        assert_eq!(feed.matches("BEGIN:VEVENT").count(), 2);
    }

    #[test]
    fn uids_are_stable_and_differ_by_title_and_start() {
        let t = DateTime::parse("2026-03-14T14:00:00+08:00").unwrap();
        let u = DateTime::parse("2026-03-14T15:00:00+08:00").unwrap();
        let a = uid("shanghai", &t, "Meetup");
        assert_eq!(a, uid("shanghai", &t, "Meetup"));
        assert!(
            a.starts_with("shanghai-20260314T060000Z-") && a.ends_with("@usergroup"),
            "{a}"
        );
        assert_ne!(a, uid("shanghai", &t, "Meetup!"));
        assert_ne!(a, uid("shanghai", &u, "Meetup"));
        assert_ne!(a, uid("hangzhou", &t, "Meetup"));
    }

    #[test]
    fn text_escaping() {
        assert_eq!(escape_text("a\\b;c,d\ne\r\u{7}"), "a\\\\b\\;c\\,d\\ne");
    }

    #[test]
    fn folding_keeps_utf8_characters_whole() {
        let title = format!(
            "SUMMARY:{}",
            "云原生技术实践沙龙：多集群管理与可观测性".repeat(4)
        );
        let mut out = String::new();
        fold_into(&mut out, &title);
        let physical: Vec<&str> = out.trim_end_matches("\r\n").split("\r\n").collect();
        assert!(physical.len() > 2, "{out:?}");
        for (i, line) in physical.iter().enumerate() {
            assert!(
                line.len() <= LINE_OCTETS,
                "line {i} has {} octets",
                line.len()
            );
            if i > 0 {
                assert!(line.starts_with(' '), "{line:?}");
            }
        }
        // The first line is as full as whole characters allow: 8 ASCII octets + 22 × 3.
        assert_eq!(physical[0].len(), 74);
        let unfolded = out.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, title);
        let mut short = String::new();
        fold_into(&mut short, "VERSION:2.0");
        assert_eq!(short, "VERSION:2.0\r\n");
        let mut exact = String::new();
        fold_into(&mut exact, &"a".repeat(75));
        assert_eq!(exact, format!("{}\r\n", "a".repeat(75)));
        let mut over = String::new();
        fold_into(&mut over, &"a".repeat(76));
        assert_eq!(over, format!("{}\r\n a\r\n", "a".repeat(75)));
    }
}
