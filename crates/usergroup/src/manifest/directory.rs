//! The chapter directory in the manifest: a chapter's facts (status, founding, place,
//! member count), its events split into upcoming and past against the build date, and the
//! URLs of the calendar feeds, and the list page's cards grouped by region.
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

/// The cards of one region, for a list page with more cities than fit one row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionGroupView {
    /// The HTML id of the group's heading, `region-<slug>`, unique on the page (the jump
    /// list links to `#<anchor>`).
    pub anchor: String,
    /// The region as its first chapter writes it; `None` for the cards without a chapter
    /// page or without a region (the layout names that group with `i18n "region_other"`).
    pub name: Option<String>,
    /// The group's cards: positions in `cities.cards`, in the order written.
    pub cards: Vec<usize>,
}

/// The page's city cards grouped by their chapter's region: groups in the order their first
/// card appears, cards in the order written, and the cards without a region (no chapter
/// page, or no `region`) last, in one group without a name. Regions that differ only in case
/// or punctuation (`East China`, `east-china`) are one group, because they would get the
/// same anchor.
pub fn region_groups(page: &Page) -> Vec<RegionGroupView> {
    let regions = page.cities.cards.iter().map(|card| {
        page.chapters
            .iter()
            .find(|c| c.id.value == card.id.value)
            .and_then(|c| c.region.as_ref())
            .map(|r| r.value.trim())
            .filter(|r| !r.is_empty())
    });
    group_by_region(regions)
}

/// [`region_groups`] over each card's region (`None`: the card has none), in card order.
fn group_by_region<'a>(regions: impl Iterator<Item = Option<&'a str>>) -> Vec<RegionGroupView> {
    // (slug, group); slugs may be empty (a region of punctuation only) until anchors are made.
    let mut groups: Vec<(String, RegionGroupView)> = Vec::new();
    let mut other = Vec::new();
    for (position, region) in regions.enumerate() {
        let Some(name) = region else {
            other.push(position);
            continue;
        };
        let slug = slug(name);
        match groups
            .iter_mut()
            .find(|(s, g)| s == &slug && (!slug.is_empty() || g.name.as_deref() == Some(name)))
        {
            Some((_, group)) => group.cards.push(position),
            None => groups.push((
                slug,
                RegionGroupView {
                    anchor: String::new(),
                    name: Some(name.to_string()),
                    cards: vec![position],
                },
            )),
        }
    }
    if !other.is_empty() {
        groups.push((
            "other".to_string(),
            RegionGroupView {
                anchor: String::new(),
                name: None,
                cards: other,
            },
        ));
    }
    // Anchors: `region-<slug>`, else `region-<n>` (the group's 1-based place), with `-2`,
    // `-3`… after a taken one (`Other` written as a region, a slug that looks like a number).
    let mut taken = std::collections::BTreeSet::new();
    groups
        .into_iter()
        .enumerate()
        .map(|(n, (slug, mut group))| {
            let base = if slug.is_empty() {
                format!("region-{}", n + 1)
            } else {
                format!("region-{slug}")
            };
            let mut anchor = base.clone();
            let mut k = 2;
            while !taken.insert(anchor.clone()) {
                anchor = format!("{base}-{k}");
                k += 1;
            }
            group.anchor = anchor;
            group
        })
        .collect()
}

/// Lower-case letters and digits of any script, every other run of characters one `-`,
/// none at the ends: `East China` → `east-china`, `华东` → `华东`. An HTML id may hold any
/// character but whitespace; Hugo percent-encodes the non-ASCII ones in the `href`, and
/// browsers decode a fragment before looking the id up.
fn slug(name: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in name.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else {
            dash = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn groups(regions: &[Option<&str>]) -> Vec<(String, Option<String>, Vec<usize>)> {
        group_by_region(regions.iter().copied())
            .into_iter()
            .map(|g| (g.anchor, g.name, g.cards))
            .collect()
    }

    #[test]
    fn groups_keep_first_appearance_order_and_other_comes_last() {
        let got = groups(&[
            None,
            Some("华东"),
            Some("Southwest China"),
            Some("华东"),
            None,
        ]);
        assert_eq!(
            got,
            vec![
                ("region-华东".into(), Some("华东".into()), vec![1, 3]),
                (
                    "region-southwest-china".into(),
                    Some("Southwest China".into()),
                    vec![2]
                ),
                ("region-other".into(), None, vec![0, 4]),
            ]
        );
    }

    #[test]
    fn regions_with_the_same_slug_are_one_group_named_as_first_written() {
        let got = groups(&[Some("East China"), Some(" east--CHINA! ")]);
        assert_eq!(
            got,
            vec![(
                "region-east-china".into(),
                Some("East China".into()),
                vec![0, 1]
            )]
        );
    }

    #[test]
    fn anchors_are_unique_even_for_other_and_punctuation_only_names() {
        let got = groups(&[Some("Other"), None, Some("—"), Some("…"), Some("3")]);
        let anchors: Vec<&str> = got.iter().map(|g| g.0.as_str()).collect();
        // `—` and `…` have no slug: each its own group, numbered by place; `3` then clashes
        // with the third group's number.
        assert_eq!(
            anchors,
            [
                "region-other",
                "region-2",
                "region-3",
                "region-3-2",
                "region-other-2"
            ]
        );
    }

    #[test]
    fn no_cards_no_groups() {
        assert!(groups(&[]).is_empty());
    }
}
