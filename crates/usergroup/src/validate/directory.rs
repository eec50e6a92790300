//! The chapter directory's rules: a chapter's facts (`status`, `country`, `coordinates`),
//! its events (times with offsets, a place, links, no duplicates), and the lints that compare
//! them with the prose, the map and the calendar.
//!
//! Judgement calls:
//! - `country` is checked against the whole ISO 3166-1 list ([`ISO_3166_ALPHA2`]);
//!   coordinates against a rough bounding box for the countries in [`COUNTRY_BOXES`] only. A
//!   country without a box is not checked: a wrong "no" would be worse than silence.
//! - inactivity (`W0408`) counts from the latest event's start date (in its own offset), or
//!   from `founded` for a chapter that lists no event, to the build date; a chapter with
//!   neither is not judged.

use std::collections::HashMap;

use super::links::{classify_link, LinkKind};
use super::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::time::DateTimeError;
use crate::model::{Chapter, Date, DateTime, Event, Spanned};

/// What a chapter's `status` may say.
pub const STATUSES: [&str; 3] = ["forming", "active", "paused"];

/// The officially assigned ISO 3166-1 alpha-2 codes (249), from Debian's `iso-codes` 4.15
/// (`iso_3166-1.json`), sorted.
pub const ISO_3166_ALPHA2: [&str; 249] = [
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
    "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
    "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
    "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
    "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
    "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
    "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
    "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
    "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
    "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
    "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
];

/// Rough bounding boxes, `(code, south, north, west, east)` in degrees, of the countries
/// the coordinates check knows, with half a degree to spare. Main territory only (overseas
/// territories have codes of their own); a country whose box would cross the antimeridian
/// (RU, NZ, FJ, …) is left out.
pub const COUNTRY_BOXES: &[(&str, f64, f64, f64, f64)] = &[
    ("AU", -44.5, -9.5, 112.0, 154.5),
    ("BR", -34.5, 5.8, -74.5, -34.0),
    ("CA", 41.0, 84.0, -141.5, -52.0),
    ("CN", 17.5, 54.0, 73.0, 135.5),
    ("DE", 46.8, 55.5, 5.3, 15.5),
    ("FR", 41.0, 51.6, -5.7, 10.0),
    ("GB", 49.5, 61.5, -9.0, 2.5),
    ("HK", 21.9, 22.8, 113.6, 114.7),
    ("ID", -11.5, 6.5, 94.5, 141.5),
    ("IN", 6.0, 36.0, 68.0, 98.0),
    ("JP", 24.0, 46.0, 122.5, 146.5),
    ("KR", 32.8, 39.0, 124.5, 132.0),
    ("NL", 50.5, 54.0, 3.0, 7.6),
    ("SG", 1.0, 1.7, 103.4, 104.4),
    ("TW", 21.5, 26.5, 118.0, 122.5),
    ("US", 18.5, 72.0, -180.0, -66.5),
    ("VN", 8.0, 23.9, 102.0, 110.0),
];

/// Words that call a chapter new, still forming.
const FORMING_WORDS: &[&str] = &["初创", "筹备", "early stage", "forming", "being set up"];
/// Words that say a chapter holds events regularly.
const ACTIVE_WORDS: &[&str] = &[
    "定期举办",
    "每月举办",
    "每季度举办",
    "regularly",
    "every month",
    "every quarter",
    "monthly",
    "quarterly",
];

/// `E0210`: `status` is one of [`STATUSES`].
pub(super) fn status_is_known(cx: &Context<'_>, diags: &mut Vec<Diagnostic>) {
    for ch in &cx.page.chapters {
        let Some(status) = &ch.status else { continue };
        let word = status.value.trim();
        if word.is_empty() || STATUSES.contains(&word) {
            continue;
        }
        let help = if FORMING_WORDS.iter().any(|w| word.contains(w)) {
            "a chapter in its early stage (初创阶段) is `status: forming`".to_string()
        } else if let Some(s) = crate::load::suggest(word, &STATUSES) {
            format!("did you mean `{s}`? the statuses are forming, active and paused")
        } else {
            "write `forming` (being set up), `active` (holds events) or `paused`".to_string()
        };
        diags.push(
            Diagnostic::new(
                Code::BadStatus,
                &ch.file,
                status.span,
                format!("unknown chapter status `{word}`"),
            )
            .with_help(help),
        );
    }
}

/// `E0211`: `country` is an ISO 3166-1 alpha-2 code.
pub(super) fn country_is_iso(cx: &Context<'_>, diags: &mut Vec<Diagnostic>) {
    for ch in &cx.page.chapters {
        let Some(country) = &ch.country else { continue };
        let code = country.value.trim();
        if code.is_empty() || is_country(code) {
            continue;
        }
        let upper = code.to_ascii_uppercase();
        let help = match upper.as_str() {
            _ if is_country(&upper) => format!("write the code in capitals: `{upper}`"),
            "UK" => "the United Kingdom's code is `GB`".to_string(),
            "CHINA" | "中国" | "PRC" => "China's code is `CN`".to_string(),
            _ => "write the two-letter ISO 3166-1 code, e.g. `CN`, `DE`, `US`".to_string(),
        };
        diags.push(
            Diagnostic::new(
                Code::BadCountry,
                &ch.file,
                country.span,
                format!("`{code}` is not an ISO 3166-1 alpha-2 country code"),
            )
            .with_help(help),
        );
    }
}

/// Whether `code` is an assigned ISO 3166-1 alpha-2 code (capitals).
pub fn is_country(code: &str) -> bool {
    ISO_3166_ALPHA2.binary_search(&code).is_ok()
}

/// A chapter's coordinates as numbers, when they are `[lat, lon]` within range.
pub fn coordinates(chapter: &Chapter) -> Option<(f64, f64)> {
    match chapter.coordinates.as_ref().map(|c| c.value.as_slice()) {
        Some([lat, lon]) => {
            let (lat, lon) = (degrees(&lat.value)?, degrees(&lon.value)?);
            ((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon)).then_some((lat, lon))
        }
        _ => None,
    }
}

/// A decimal number of degrees as written (`31.23`, `-0.5`): no exponent, no `inf`.
fn degrees(text: &str) -> Option<f64> {
    let t = text.trim();
    let plain = !t.is_empty()
        && t.chars()
            .enumerate()
            .all(|(i, c)| c.is_ascii_digit() || c == '.' || (i == 0 && (c == '-' || c == '+')));
    plain.then(|| t.parse::<f64>().ok()).flatten()
}

/// `E0212`: `coordinates` is `[latitude, longitude]` in range.
pub(super) fn coordinates_in_range(cx: &Context<'_>, diags: &mut Vec<Diagnostic>) {
    for ch in &cx.page.chapters {
        let Some(coords) = &ch.coordinates else {
            continue;
        };
        if coordinates(ch).is_some() {
            continue;
        }
        let (span, message, help) = match coords.value.as_slice() {
            [lat, lon] => match (degrees(&lat.value), degrees(&lon.value)) {
                (Some(la), Some(lo)) if (-90.0..=90.0).contains(&la) => (
                    lon.span,
                    format!("longitude {lo} is outside -180 to 180"),
                    "longitude comes second, from -180 (west) to 180 (east)",
                ),
                (Some(la), Some(_)) => (
                    lat.span,
                    format!("latitude {la} is outside -90 to 90"),
                    "latitude comes first, from -90 (south) to 90 (north): were they swapped?",
                ),
                (None, _) => (
                    lat.span,
                    format!("latitude `{}` is not a number", lat.value),
                    DEGREES_HELP,
                ),
                (_, None) => (
                    lon.span,
                    format!("longitude `{}` is not a number", lon.value),
                    DEGREES_HELP,
                ),
            },
            items => (
                coords.span,
                format!("`coordinates` has {} values; it needs two", items.len()),
                "write `[latitude, longitude]`, e.g. `[31.23, 121.47]`",
            ),
        };
        diags.push(Diagnostic::new(Code::BadCoordinates, &ch.file, span, message).with_help(help));
    }
}

const DEGREES_HELP: &str =
    "write decimal degrees, south and west negative: `[31.23, 121.47]`, not 31°14′N";

/// `W0409`: coordinates inside the country's rough bounding box ([`COUNTRY_BOXES`]).
pub(super) fn coordinates_in_country(cx: &Context<'_>, diags: &mut Vec<Diagnostic>) {
    for ch in &cx.page.chapters {
        let (Some((lat, lon)), Some(country), Some(coords)) =
            (coordinates(ch), &ch.country, &ch.coordinates)
        else {
            continue;
        };
        let code = country.value.trim();
        let Some(&(_, south, north, west, east)) = COUNTRY_BOXES.iter().find(|b| b.0 == code)
        else {
            continue;
        };
        let inside =
            |la: f64, lo: f64| (south..=north).contains(&la) && (west..=east).contains(&lo);
        if inside(lat, lon) {
            continue;
        }
        let help = if inside(lon, lat) {
            "latitude and longitude look swapped: latitude (north-south) comes first".to_string()
        } else if inside(-lat, lon) || inside(lat, -lon) || inside(-lat, -lon) {
            "a sign looks wrong: south and west are negative, north and east positive".to_string()
        } else {
            format!("check the coordinates (or `country: {code}`) against a map")
        };
        diags.push(
            Diagnostic::new(
                Code::CoordinatesOutsideCountry,
                &ch.file,
                coords.span,
                format!("[{lat}, {lon}] is outside {code}"),
            )
            .with_help(help)
            .with_label(&ch.file, country.span, format!("the country is {code}")),
        );
    }
}

/// `W0407`: the prose and `status` agree on whether the chapter is still forming.
pub(super) fn status_matches_prose(cx: &Context<'_>, diags: &mut Vec<Diagnostic>) {
    let page = cx.page;
    for ch in &page.chapters {
        let Some(status) = &ch.status else { continue };
        let card = page.cities.cards.iter().find(|c| c.id.value == ch.id.value);
        let mut texts: Vec<(&str, &Spanned<String>)> = Vec::new();
        if let Some(card) = card {
            texts.push((page.file.as_str(), &card.description));
        }
        texts.push((ch.file.as_str(), &ch.description));
        let (words, claim) = match status.value.trim() {
            "active" => (FORMING_WORDS, "still forming"),
            "forming" | "paused" => (ACTIVE_WORDS, "holding events regularly"),
            _ => continue,
        };
        for (file, text) in texts {
            let lower = text.value.to_lowercase();
            let Some((at, word)) = words
                .iter()
                .filter_map(|w| lower.find(w).map(|at| (at, *w)))
                .min()
            else {
                continue;
            };
            let offset = lower[..at].chars().count();
            let span = super::consistency::locate(cx.sources, file, text, offset, word);
            diags.push(
                Diagnostic::new(
                    Code::StatusProse,
                    file,
                    span,
                    format!(
                        "the text describes {} as {claim} (\"{word}\"), but its status is `{}`",
                        ch.name.value,
                        status.value.trim()
                    ),
                )
                .with_help("update the text or the chapter's `status` so they agree")
                .with_label(&ch.file, status.span, "the status"),
            );
            break;
        }
    }
}

/// `W0408`: an active chapter has had an event within `inactiveAfterDays` of the build date.
pub(super) fn active_chapters_hold_events(cx: &Context<'_>, diags: &mut Vec<Diagnostic>) {
    let settings = cx.page.directory;
    for ch in &cx.page.chapters {
        let Some(status) = ch.status.as_ref().filter(|s| s.value.trim() == "active") else {
            continue;
        };
        let last_event = ch
            .events
            .iter()
            .filter_map(|e| Some((DateTime::parse(&e.start.value).ok()?.date, e)))
            .max_by_key(|(date, _)| *date);
        let since = match (last_event, &ch.founded) {
            (Some((date, event)), _) => (date, "the last event", &event.start),
            (None, Some(founded)) => match Date::parse(&founded.value) {
                Some(date) => (date, "the founding, with no event listed", founded),
                None => continue,
            },
            (None, None) => continue,
        };
        let (date, what, at) = since;
        let days = settings.today.days() - date.days();
        if days <= i64::from(settings.inactive_after_days) {
            continue;
        }
        diags.push(
            Diagnostic::new(
                Code::InactiveChapter,
                &ch.file,
                status.span,
                format!(
                    "{} is `active`, but {days} days have passed since {what} ({date}; build date {})",
                    ch.name.value, settings.today
                ),
            )
            .with_help(format!(
                "list its recent events, or set `status: paused`; the threshold is `params.usergroup.inactiveAfterDays` ({} days)",
                settings.inactive_after_days
            ))
            .with_label(&ch.file, at.span, "the latest date"),
        );
    }
}

/// `E0213`, `E0214`: times with offsets, the end after the start.
pub(super) fn event_times(cx: &Context<'_>, diags: &mut Vec<Diagnostic>) {
    for ch in &cx.page.chapters {
        for (i, event) in ch.events.iter().enumerate() {
            let start = event_time(&ch.file, i, "start", &event.start, diags);
            let end = event_time(&ch.file, i, "end", &event.end, diags);
            if let (Some(start), Some(end)) = (start, end) {
                if end.unix_seconds() <= start.unix_seconds() {
                    diags.push(
                        Diagnostic::new(
                            Code::EventEndsFirst,
                            &ch.file,
                            event.end.span,
                            format!("`events[{i}].end` ({end}) is not after its start ({start})"),
                        )
                        .with_help(
                            "an event ends after it starts; check the date and the UTC offsets",
                        )
                        .with_label(
                            &ch.file,
                            event.start.span,
                            "the start",
                        ),
                    );
                }
            }
        }
    }
}

fn event_time(
    file: &str,
    index: usize,
    key: &str,
    value: &Spanned<String>,
    diags: &mut Vec<Diagnostic>,
) -> Option<DateTime> {
    let text = value.value.trim();
    if text.is_empty() {
        return None;
    }
    let help = match DateTime::parse(text) {
        Ok(t) => return Some(t),
        Err(DateTimeError::NoOffset) => format!(
            "add the UTC offset of the place, e.g. `{text}+08:00` for China, or `Z` for UTC"
        ),
        Err(DateTimeError::Invalid) => {
            "write it as `2026-03-14T14:00:00+08:00` (date, `T`, time, UTC offset)".to_string()
        }
    };
    diags.push(
        Diagnostic::new(
            Code::BadEventTime,
            file,
            value.span,
            format!("`events[{index}].{key}` is not a date-time with a UTC offset: `{text}`"),
        )
        .with_help(help),
    );
    None
}

/// `E0103`, `E0215`, `E0216`: an event has a place, and an online one a link.
pub(super) fn event_places(cx: &Context<'_>, diags: &mut Vec<Diagnostic>) {
    for ch in &cx.page.chapters {
        for (i, event) in ch.events.iter().enumerate() {
            if let Some(online) = &event.online {
                let word = online.value.trim().to_ascii_lowercase();
                if word != "true" && word != "false" {
                    diags.push(
                        Diagnostic::new(
                            Code::WrongType,
                            &ch.file,
                            online.span,
                            format!(
                                "`events[{i}].online` must be true or false, found `{}`",
                                online.value.trim()
                            ),
                        )
                        .with_help("write `online: true` for an online event, or remove the key"),
                    );
                    continue;
                }
            }
            if event.venue.is_none() && !event.is_online() {
                diags.push(
                    Diagnostic::new(
                        Code::EventWithoutPlace,
                        &ch.file,
                        event.title.span,
                        format!(
                            "the event `{}` has no venue and is not online",
                            event.title.value
                        ),
                    )
                    .with_help(
                        "add `venue:` with `name:` and `address:`, or `online: true` and a `link:`",
                    ),
                );
            }
            if event.is_online() && event.link.is_none() {
                let at = event.online.as_ref().map_or(event.title.span, |o| o.span);
                diags.push(
                    Diagnostic::new(
                        Code::OnlineWithoutLink,
                        &ch.file,
                        at,
                        format!("the online event `{}` has no `link`", event.title.value),
                    )
                    .with_help("add `link:` with the page where people join or register"),
                );
            }
        }
    }
}

/// `E0501`, `E0502`: an event's links are http(s), since calendar apps open them outside the
/// site.
pub(super) fn event_links(cx: &Context<'_>, diags: &mut Vec<Diagnostic>) {
    for ch in &cx.page.chapters {
        for (i, event) in ch.events.iter().enumerate() {
            let links = [
                ("link", &event.link),
                ("recording", &event.recording),
                ("slides", &event.slides),
            ];
            for (key, link) in links {
                let Some(link) = link else { continue };
                let key = format!("events[{i}].{key}");
                match classify_link(&link.value) {
                    LinkKind::Web(_) => {}
                    LinkKind::Forbidden(scheme) => diags.push(
                        Diagnostic::new(Code::LinkScheme, &ch.file, link.span, format!("`{key}` uses the `{scheme}:` scheme, which is never allowed"))
                            .with_help("an event's links must be `https://…`"),
                    ),
                    _ => diags.push(
                        Diagnostic::new(Code::LinkKind, &ch.file, link.span, format!("`{key}` is not an http(s) link: `{}`", link.value.trim()))
                            .with_help("an event's links must be full `https://…` addresses: calendar apps open them outside this site"),
                    ),
                }
            }
        }
    }
}

/// `E0217`: no two events of a chapter share their start and title.
pub(super) fn duplicate_events(cx: &Context<'_>, diags: &mut Vec<Diagnostic>) {
    for ch in &cx.page.chapters {
        let mut seen: HashMap<(i64, String), &Event> = HashMap::new();
        for event in &ch.events {
            let Ok(start) = DateTime::parse(&event.start.value) else {
                continue;
            };
            let key = (start.unix_seconds(), event.title.value.trim().to_string());
            match seen.get(&key) {
                Some(first) => diags.push(
                    Diagnostic::new(
                        Code::DuplicateEvent,
                        &ch.file,
                        event.title.span,
                        format!("the event `{}` at {start} is listed twice", key.1),
                    )
                    .with_help("remove one of them (merge their links into the one you keep)")
                    .with_label(
                        &ch.file,
                        first.title.span,
                        "first listed here",
                    ),
                ),
                None => {
                    seen.insert(key, event);
                }
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_country_list_is_sorted_and_complete() {
        assert!(ISO_3166_ALPHA2.windows(2).all(|w| w[0] < w[1]));
        for code in ["CN", "DE", "US", "GB", "HK", "TW", "SS", "XK"] {
            assert_eq!(is_country(code), code != "XK", "{code}");
        }
        assert!(!is_country("UK") && !is_country("cn") && !is_country("EU"));
        for (code, south, north, west, east) in COUNTRY_BOXES {
            assert!(is_country(code) && south < north && west < east, "{code}");
        }
    }

    /// The `_base` fixture page with one chapter read from `front` (its front matter lines),
    /// judged on `today` with a threshold of `days`.
    fn page(front: &str, today: (u32, u32, u32), days: u32) -> crate::model::Page {
        let text =
            include_str!("../../../../fixtures/invalid/_base/content/zh/user-group/_index.md");
        let mut diags = Vec::new();
        let mut page = crate::load::page("p.md", text, "zh", "user-group", &mut diags).unwrap();
        let chapter = format!("---\ntitle: t\nname: 上海站\ndescription: d\n{front}---\n");
        let chapter = crate::load::chapter("c.md", &chapter, "shanghai", &mut diags).unwrap();
        assert!(diags.is_empty(), "{diags:?}");
        page.chapters = vec![chapter];
        page.directory = crate::model::DirectorySettings {
            today: Date::new(today.0, today.1, today.2).unwrap(),
            inactive_after_days: days,
        };
        page
    }

    fn codes(page: &crate::model::Page, rule: super::super::PageRule) -> Vec<String> {
        let sources = crate::diagnostic::SourceFiles::new();
        let cx = Context {
            page,
            sources: &sources,
            complete: true,
        };
        let mut diags = Vec::new();
        rule(&cx, &mut diags);
        diags.iter().map(|d| d.code.to_string()).collect()
    }

    const EVENT: &str = "events:\n  - title: m\n    start: 2026-03-01T14:00:00+08:00\n    end: 2026-03-01T17:00:00+08:00\n    online: true\n    link: https://kubesphere.io/\n";

    #[test]
    fn inactivity_counts_whole_days_from_the_last_event_or_the_founding() {
        let active = format!("status: active\n{EVENT}");
        // 2026-03-01 + 180 days = 2026-08-28: on the threshold, not over it.
        assert!(codes(
            &page(&active, (2026, 8, 28), 180),
            active_chapters_hold_events
        )
        .is_empty());
        assert_eq!(
            codes(
                &page(&active, (2026, 8, 29), 180),
                active_chapters_hold_events
            ),
            ["W0408"]
        );
        assert_eq!(
            codes(
                &page(&active, (2026, 4, 1), 30),
                active_chapters_hold_events
            ),
            ["W0408"]
        );
        let forming = format!("status: forming\n{EVENT}");
        assert!(codes(
            &page(&forming, (2027, 1, 1), 180),
            active_chapters_hold_events
        )
        .is_empty());
        // Without events, counted from the founding; without either, not judged.
        let founded = "status: active\nfounded: 2021-05-15\n";
        assert_eq!(
            codes(
                &page(founded, (2026, 9, 1), 180),
                active_chapters_hold_events
            ),
            ["W0408"]
        );
        assert!(codes(
            &page("status: active\n", (2026, 9, 1), 180),
            active_chapters_hold_events
        )
        .is_empty());
    }

    #[test]
    fn prose_and_status_are_compared_both_ways() {
        let judge = |status: &str, description: &str| {
            let mut p = page(&format!("status: {status}\n"), (2026, 9, 1), 180);
            p.chapters[0].description.value = description.to_string();
            codes(&p, status_matches_prose)
        };
        assert_eq!(judge("active", "上海站目前为初创阶段。"), ["W0407"]);
        assert_eq!(
            judge("active", "The chapter is in its Early Stage."),
            ["W0407"]
        );
        assert!(judge("forming", "上海站目前为初创阶段。").is_empty());
        assert_eq!(judge("paused", "上海站每月举办一次 Meetup。"), ["W0407"]);
        assert_eq!(judge("forming", "It meets regularly in Pudong."), ["W0407"]);
        assert!(judge("active", "It meets regularly in Pudong.").is_empty());
    }

    #[test]
    fn degrees_are_plain_decimals() {
        assert_eq!(degrees("31.23"), Some(31.23));
        assert_eq!(degrees(" -0.5 "), Some(-0.5));
        assert_eq!(degrees("+121"), Some(121.0));
        for bad in ["inf", "NaN", "1e3", "31°N", "", "-", "3-1"] {
            assert_eq!(degrees(bad), None, "{bad}");
        }
    }
}
