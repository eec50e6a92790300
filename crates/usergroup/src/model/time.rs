//! Calendar dates and times with a UTC offset, as chapter pages write them (`founded`,
//! an event's `start` and `end`), without a date crate: the few operations the directory
//! needs (parse, compare, days between, UTC) are a page of arithmetic, and keeping them
//! here keeps the model free of dependencies.
//!
//! Days are counted with Howard Hinnant's `days_from_civil` algorithm (proleptic
//! Gregorian calendar), exact for every date [`super::calendar_date`] accepts.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A calendar date (it exists: 29 February only in leap years).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub struct Date {
    /// The year, 1900 to 2200.
    pub year: u32,
    /// 1 to 12.
    pub month: u32,
    /// 1 to the month's length.
    pub day: u32,
}

impl Date {
    /// The date, when it exists in the calendar.
    pub fn new(year: u32, month: u32, day: u32) -> Option<Date> {
        super::calendar_date(year, month, day).map(|(year, month, day)| Date { year, month, day })
    }

    /// Parses `YYYY-MM-DD` exactly.
    pub fn parse(text: &str) -> Option<Date> {
        super::iso_date(text).and_then(|(y, m, d)| Date::new(y, m, d))
    }

    /// Days since 1970-01-01 (negative before it).
    pub fn days(self) -> i64 {
        let (m, d) = (i64::from(self.month), i64::from(self.day));
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01, when it is within the years [`Date::new`] accepts.
    pub fn from_days(days: i64) -> Option<Date> {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date::new(
            u32::try_from(year).ok()?,
            u32::try_from(month).ok()?,
            u32::try_from(day).ok()?,
        )
    }

    /// The UTC date of a Unix time (seconds since 1970-01-01T00:00:00Z).
    pub fn from_unix_seconds(seconds: i64) -> Option<Date> {
        Date::from_days(seconds.div_euclid(86_400))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A moment written with its UTC offset (RFC 3339), e.g. `2026-03-14T14:00:00+08:00`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DateTime {
    /// The local date, in the offset's time zone.
    pub date: Date,
    /// Local hour, 0 to 23.
    pub hour: u32,
    /// Minute, 0 to 59.
    pub minute: u32,
    /// Second, 0 to 59 (a leap second is refused: no event starts on one).
    pub second: u32,
    /// The offset from UTC, in minutes (`+08:00` is 480, `Z` is 0).
    pub offset_minutes: i32,
}

/// Why a text is not an RFC 3339 date-time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum DateTimeError {
    /// A valid local date and time with no UTC offset: which moment it is depends on where
    /// the reader is.
    NoOffset,
    /// Anything else.
    Invalid,
}

impl DateTime {
    /// Parses `YYYY-MM-DDTHH:MM[:SS](Z|±HH:MM)`; seconds may be left out, fractions are
    /// refused (no event starts mid-second), `T` may be lower case.
    pub fn parse(text: &str) -> Result<DateTime, DateTimeError> {
        let text = text.trim();
        let (date, rest) = match (text.get(..10), text.get(10..)) {
            (Some(date), Some(rest)) => (date, rest),
            _ => return Err(DateTimeError::Invalid),
        };
        let date = Date::parse(date).ok_or(DateTimeError::Invalid)?;
        let rest = rest
            .strip_prefix(['T', 't'])
            .ok_or(DateTimeError::Invalid)?;
        let zone_at = rest.find(['Z', 'z', '+', '-']).unwrap_or(rest.len());
        let (clock, zone) = rest.split_at(zone_at);
        let (hour, minute, second) = parse_clock(clock).ok_or(DateTimeError::Invalid)?;
        let offset_minutes = match zone {
            "" => return Err(DateTimeError::NoOffset),
            "Z" | "z" => 0,
            _ => parse_offset(zone).ok_or(DateTimeError::Invalid)?,
        };
        Ok(DateTime {
            date,
            hour,
            minute,
            second,
            offset_minutes,
        })
    }

    /// Seconds since 1970-01-01T00:00:00Z: what orders two moments written in different
    /// offsets.
    pub fn unix_seconds(&self) -> i64 {
        self.date.days() * 86_400 + i64::from(self.hour * 3600 + self.minute * 60 + self.second)
            - i64::from(self.offset_minutes) * 60
    }

    /// The moment in UTC as iCalendar writes it: `20260314T060000Z`.
    pub fn utc_stamp(&self) -> String {
        let seconds = self.unix_seconds();
        let time = seconds.rem_euclid(86_400);
        match Date::from_unix_seconds(seconds) {
            Some(d) => format!(
                "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
                d.year,
                d.month,
                d.day,
                time / 3600,
                time % 3600 / 60,
                time % 60
            ),
            // Only for a moment written in 1900-01-01 with a positive offset; never a chapter's.
            None => "19000101T000000Z".to_string(),
        }
    }
}

/// The RFC 3339 form, seconds and offset always written (`Z` for UTC): what the manifest
/// holds and Hugo's `time.AsTime` reads.
impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}T{:02}:{:02}:{:02}",
            self.date, self.hour, self.minute, self.second
        )?;
        if self.offset_minutes == 0 {
            return f.write_str("Z");
        }
        let sign = if self.offset_minutes < 0 { '-' } else { '+' };
        let abs = self.offset_minutes.unsigned_abs();
        write!(f, "{sign}{:02}:{:02}", abs / 60, abs % 60)
    }
}

fn two_digits(text: &str) -> Option<u32> {
    (text.len() == 2 && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

fn parse_clock(text: &str) -> Option<(u32, u32, u32)> {
    let parts: Vec<&str> = text.split(':').collect();
    let (h, m, s) = match parts.as_slice() {
        [h, m] => (two_digits(h)?, two_digits(m)?, 0),
        [h, m, s] => (two_digits(h)?, two_digits(m)?, two_digits(s)?),
        _ => return None,
    };
    (h < 24 && m < 60 && s < 60).then_some((h, m, s))
}

fn parse_offset(text: &str) -> Option<i32> {
    let sign = match text.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let (h, m) = text[1..].split_once(':')?;
    let (h, m) = (two_digits(h)?, two_digits(m)?);
    (h < 24 && m < 60).then(|| sign * (h * 60 + m) as i32)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip_and_known_values() {
        assert_eq!(Date::new(1970, 1, 1).unwrap().days(), 0);
        assert_eq!(Date::new(2000, 3, 1).unwrap().days(), 11_017);
        assert_eq!(Date::new(2026, 3, 14).unwrap().days(), 20_526);
        for days in (-25_000..70_000).step_by(13) {
            let date = Date::from_days(days).unwrap();
            assert_eq!(date.days(), days, "{date}");
        }
        assert_eq!(
            Date::from_unix_seconds(1_773_468_000).unwrap().to_string(),
            "2026-03-14"
        );
        assert_eq!(Date::from_days(-40_000), None);
    }

    #[test]
    fn date_times_need_an_offset() {
        let t = DateTime::parse("2026-03-14T14:00:00+08:00").unwrap();
        assert_eq!(t.offset_minutes, 480);
        assert_eq!(t.utc_stamp(), "20260314T060000Z");
        assert_eq!(t.to_string(), "2026-03-14T14:00:00+08:00");
        let t = DateTime::parse("2026-01-01T01:30-05:30").unwrap();
        assert_eq!(t.utc_stamp(), "20260101T070000Z");
        assert_eq!(t.to_string(), "2026-01-01T01:30:00-05:30");
        // Crossing midnight backwards into the previous year.
        let t = DateTime::parse("2026-01-01T02:00:00+09:00").unwrap();
        assert_eq!(t.utc_stamp(), "20251231T170000Z");
        assert_eq!(
            DateTime::parse("2026-03-14T06:00:00Z").unwrap().to_string(),
            "2026-03-14T06:00:00Z"
        );
        assert_eq!(
            DateTime::parse("2026-03-14T14:00:00"),
            Err(DateTimeError::NoOffset)
        );
        for bad in [
            "2026-03-14",
            "2026-03-14 14:00:00+08:00",
            "2026-02-30T14:00:00+08:00",
            "2026-03-14T24:00:00+08:00",
            "2026-03-14T14:00:00.5+08:00",
            "2026-03-14T14:00:00+0800",
            "2026-03-14T14:00:00+08",
            "2026-03-14T1:00:00+08:00",
            "下午两点",
            "",
        ] {
            assert_eq!(DateTime::parse(bad), Err(DateTimeError::Invalid), "{bad}");
        }
    }

    #[test]
    fn moments_compare_across_offsets() {
        let shanghai = DateTime::parse("2026-03-14T14:00:00+08:00").unwrap();
        let london = DateTime::parse("2026-03-14T07:00:00Z").unwrap();
        assert!(shanghai.unix_seconds() < london.unix_seconds());
        assert_eq!(london.unix_seconds() - shanghai.unix_seconds(), 3600);
    }
}
