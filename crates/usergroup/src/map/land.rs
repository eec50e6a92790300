//! The land outlines: Natural Earth's 1:110m land (public domain), embedded in the binary.
//!
//! `data/land-110m.txt` is made from the npm package `world-atlas` by `data/land-110m.py`
//! (see `data/README.md`): one ring per line in hundredths of a degree, the first point
//! absolute, the rest as differences. Parsed once per process.

use std::sync::OnceLock;

/// The data file, as committed.
const DATA: &str = include_str!("../../data/land-110m.txt");

/// One closed ring of `(lon, lat)` degrees (the closing point is not repeated).
pub type Ring = Vec<(f64, f64)>;

/// Every land ring (coastlines and lake shores; fill them even-odd).
pub fn rings() -> &'static [Ring] {
    static RINGS: OnceLock<Vec<Ring>> = OnceLock::new();
    RINGS.get_or_init(|| parse(DATA))
}

/// The rings of a data file; a line that is not pairs of integers is skipped (the committed
/// file has none: a unit test parses it whole).
fn parse(text: &str) -> Vec<Ring> {
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .filter_map(ring)
        .collect()
}

fn ring(line: &str) -> Option<Ring> {
    let numbers: Vec<i32> = line
        .split_ascii_whitespace()
        .map(str::parse)
        .collect::<Result<_, _>>()
        .ok()?;
    if numbers.len() < 6 || numbers.len() % 2 != 0 {
        return None;
    }
    let (mut lon, mut lat) = (0_i32, 0_i32);
    let points = numbers
        .chunks_exact(2)
        .map(|pair| {
            lon += pair[0];
            lat += pair[1];
            (f64::from(lon) / 100.0, f64::from(lat) / 100.0)
        })
        .collect();
    Some(points)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_data_file_parses_whole_and_in_range() {
        let lines = DATA
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .count();
        let rings = rings();
        assert_eq!(rings.len(), lines, "every ring line parses");
        assert!(rings.len() > 100, "{}", rings.len());
        let points: usize = rings.iter().map(Vec::len).sum();
        assert!(points > 4000, "{points}");
        for r in rings {
            for &(lon, lat) in r {
                assert!((-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat));
            }
        }
    }

    #[test]
    fn differences_accumulate() {
        assert_eq!(
            parse("# c\n100 200 5 -5 -10 0\nbad line\n"),
            vec![vec![(1.0, 2.0), (1.05, 1.95), (0.95, 1.95)]]
        );
    }
}
