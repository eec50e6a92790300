//! The chapter directory in the manifest: a chapter's facts (status, founding, place,
//! member count), its events split into upcoming and past against the build date, and the
//! URLs of the calendar feeds.
//!
//! "Upcoming" is decided here, once, against [`DirectorySettings::today`] (the manifest's
//! `built_on`), never by a layout calling `now`: the same content and build date give the
//! same pages. An event is past once the day after its end has begun where it takes place
//! (its end's date, in its own UTC offset, is before the build date), so an event stays
//! listed as upcoming for the whole of its last day.
//!
//! [`DirectorySettings::today`]: crate::model::DirectorySettings::today

use serde::{Deserialize, Serialize};

use crate::layout::CAL_URL;
use crate::model::{Chapter, DateTime, Event, Page};
use crate::validate::directory::coordinates;

/// A chapter's directory facts and events.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChapterDirectoryView {
    /// `forming`, `active` or `paused` (the i18n key is `status_<status>`), when given.
    pub status: Option<String>,
    /// The region, as written in the page's language, when given.
    pub region: Option<String>,
    /// ISO 3166-1 alpha-2 country code, when given.
    pub country: Option<String>,
    /// `[latitude, longitude]` in degrees, when given.
    pub coordinates: Option<[f64; 2]>,
    /// How many members the chapter page lists.
    pub member_count: usize,
    /// Events not over at the build date, soonest first.
    pub upcoming: Vec<EventView>,
    /// Events over at the build date, latest first.
    pub past: Vec<EventView>,
    /// The chapter's calendar feed (site-relative URL without a leading slash).
    pub calendar: String,
}

/// One event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventView {
    /// Title.
    pub title: String,
    /// Start, RFC 3339 in the event's own offset (`2026-03-14T14:00:00+08:00`), for
    /// `time.AsTime`.
    pub start: String,
    /// End, the same way.
    pub end: String,
    /// The start's date where the event takes place, `YYYY-MM-DD`.
    pub date: String,
    /// The venue, when it has one.
    pub venue: Option<VenueView>,
    /// Whether it is online (or hybrid, with a venue too).
    pub online: bool,
    /// The event's page, when given.
    pub link: Option<String>,
    /// The recording, when given.
    pub recording: Option<String>,
    /// The slides, when given.
    pub slides: Option<String>,
}

/// Where an event takes place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VenueView {
    /// Name of the place.
    pub name: String,
    /// Street address.
    pub address: String,
}

/// The URL of a language's calendar feed with every chapter's events:
/// `usergroup/cal/<lang>.ics`.
pub fn page_calendar_url(lang: &str) -> String {
    format!("{CAL_URL}/{lang}.ics")
}

/// The URL of one chapter's calendar feed: `usergroup/cal/<lang>/<id>.ics` (ids are
/// slug-safe, so the name is too).
pub fn chapter_calendar_url(lang: &str, id: &str) -> String {
    format!("{CAL_URL}/{lang}/{id}.ics")
}

/// The directory view of a chapter of `page`.
pub fn chapter_directory(page: &Page, chapter: &Chapter) -> ChapterDirectoryView {
    let today = page.directory.today;
    let mut events: Vec<(DateTime, DateTime, &Event)> = chapter
        .events
        .iter()
        .filter_map(|e| {
            let start = DateTime::parse(&e.start.value).ok()?;
            let end = DateTime::parse(&e.end.value).ok()?;
            Some((start, end, e))
        })
        .collect();
    events.sort_by(|a, b| {
        (a.0.unix_seconds(), &a.2.title.value).cmp(&(b.0.unix_seconds(), &b.2.title.value))
    });
    let (past, upcoming): (Vec<_>, Vec<_>) =
        events.into_iter().partition(|(_, end, _)| end.date < today);
    let text =
        |s: &Option<crate::model::Spanned<String>>| s.as_ref().map(|v| v.value.trim().to_string());
    ChapterDirectoryView {
        status: text(&chapter.status),
        region: text(&chapter.region),
        country: text(&chapter.country),
        coordinates: coordinates(chapter).map(|(lat, lon)| [lat, lon]),
        member_count: chapter.members.len(),
        upcoming: upcoming
            .iter()
            .map(|(s, e, ev)| event_view(*s, *e, ev))
            .collect(),
        past: past
            .iter()
            .rev()
            .map(|(s, e, ev)| event_view(*s, *e, ev))
            .collect(),
        calendar: chapter_calendar_url(&page.lang, &chapter.id.value),
    }
}

fn event_view(start: DateTime, end: DateTime, event: &Event) -> EventView {
    let text =
        |s: &Option<crate::model::Spanned<String>>| s.as_ref().map(|v| v.value.trim().to_string());
    EventView {
        title: event.title.value.trim().to_string(),
        start: start.to_string(),
        end: end.to_string(),
        date: start.date.to_string(),
        venue: event.venue.as_ref().map(|v| VenueView {
            name: v.name.value.trim().to_string(),
            address: v.address.value.trim().to_string(),
        }),
        online: event.is_online(),
        link: text(&event.link),
        recording: text(&event.recording),
        slides: text(&event.slides),
    }
}
