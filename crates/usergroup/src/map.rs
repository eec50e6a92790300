//! The chapter map: an SVG outline of the land framed on the chapters' coordinates, and
//! where each chapter's marker goes on it, for the list page.
//!
//! Static and self-contained (no tiles, no script, no request to anyone): the land is
//! Natural Earth's 1:110m outline embedded in prep ([`land`]), drawn through a projection
//! fitted to the chapters ([`projection`]) and written as one compact path ([`svg`]). The
//! theme inlines the path and puts each marker over it as an HTML link at a percentage of
//! the map's size, so a marker keeps a finger-sized hit area and a readable name at any
//! width, which an SVG drawn at the map's scale could not.
//!
//! Pure: no I/O, no clock; fixed decimal formatting, so the same chapters give the same
//! bytes.

use serde::{Deserialize, Serialize};

mod land;
mod projection;
mod svg;

pub use projection::{Projection, WIDTH};

/// Least distance between two markers' centres, in user units: a 24-px hit area on a map
/// 286 px wide (a 320-px phone less the page's margins). Markers nearer are nudged apart.
const MIN_GAP: f64 = 84.0;
/// How many rounds of nudging at most (the pairs settle in a few).
const ROUNDS: usize = 40;

/// A chapter to place on the map.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// City id (the chapter page's file stem).
    pub id: String,
    /// Short name, the marker's accessible name.
    pub name: String,
    /// Latitude, degrees.
    pub lat: f64,
    /// Longitude, degrees.
    pub lon: f64,
}

/// The map of a list page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MapView {
    /// Width in user units (always [`WIDTH`]).
    pub width: u32,
    /// Height in user units.
    pub height: u32,
    /// The land: an SVG path `d`, in user units, to fill with `fill-rule="evenodd"`.
    pub land: String,
    /// One marker per chapter with coordinates, in the order given.
    pub markers: Vec<MarkerView>,
}

/// Where a chapter's marker goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarkerView {
    /// City id.
    pub id: String,
    /// Short name.
    pub name: String,
    /// Distance from the map's left edge, percent of its width, two decimals (`45.10`).
    pub left: String,
    /// Distance from the top, percent of its height, two decimals.
    pub top: String,
    /// Whether the marker was moved off its true place to keep clear of a neighbour.
    pub nudged: bool,
}

/// The map of `places`, or `None` when there are none.
pub fn chapter_map(places: &[Place]) -> Option<MapView> {
    let coordinates: Vec<(f64, f64)> = places.iter().map(|p| (p.lat, p.lon)).collect();
    let projection = Projection::fit(&coordinates)?;
    let height = projection.height();
    let true_places: Vec<(f64, f64)> = places
        .iter()
        .map(|p| projection.project(p.lat, p.lon))
        .collect();
    let shown = spread(&true_places, (WIDTH, height));
    let markers = places
        .iter()
        .zip(true_places.iter().zip(&shown))
        .map(|(place, (&truth, &at))| MarkerView {
            id: place.id.clone(),
            name: place.name.clone(),
            left: format!("{:.2}", at.0 / WIDTH * 100.0),
            top: format!("{:.2}", at.1 / height * 100.0),
            nudged: (at.0 - truth.0).abs() + (at.1 - truth.1).abs() > 0.5,
        })
        .collect();
    // Both are whole numbers of user units, a few thousand at most.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let (width, height) = (WIDTH as u32, height as u32);
    Some(MapView {
        width,
        height,
        land: svg::land_path(&projection, land::rings()),
        markers,
    })
}

/// The markers moved apart until no two are nearer than [`MIN_GAP`], each at most
/// [`MIN_GAP`] from its true place and kept half a gap inside the frame. Pairs are pushed
/// apart along the line between them, in a fixed order, for a fixed number of rounds at most:
/// deterministic. Where too many chapters crowd one place (more than fit in a gap's radius),
/// some stay closer; the map is an overview, the cards list every chapter.
fn spread(places: &[(f64, f64)], (width, height): (f64, f64)) -> Vec<(f64, f64)> {
    let mut at = places.to_vec();
    let half = MIN_GAP / 2.0;
    let fit = |(x, y): (f64, f64), true_place: (f64, f64)| {
        let (dx, dy) = (x - true_place.0, y - true_place.1);
        let off = (dx * dx + dy * dy).sqrt();
        let k = if off > MIN_GAP { MIN_GAP / off } else { 1.0 };
        let (x, y) = (true_place.0 + dx * k, true_place.1 + dy * k);
        (
            x.clamp(half, (width - half).max(half)),
            y.clamp(half, (height - half).max(half)),
        )
    };
    for p in 0..at.len() {
        at[p] = fit(at[p], places[p]);
    }
    for _ in 0..ROUNDS {
        let mut moved = false;
        for i in 0..at.len() {
            for j in i + 1..at.len() {
                let (dx, dy) = (at[j].0 - at[i].0, at[j].1 - at[i].1);
                let d = (dx * dx + dy * dy).sqrt();
                if d >= MIN_GAP - 0.01 {
                    continue;
                }
                // Two markers on the same spot part along a direction fixed by their place
                // in the list (the golden angle keeps a crowd from lining up).
                #[allow(clippy::cast_precision_loss)]
                let (ux, uy) = if d > 1e-6 {
                    (dx / d, dy / d)
                } else {
                    let angle = j as f64 * 2.399_963;
                    (angle.cos(), angle.sin())
                };
                let push = (MIN_GAP - d) / 2.0;
                at[i] = fit((at[i].0 - ux * push, at[i].1 - uy * push), places[i]);
                at[j] = fit((at[j].0 + ux * push, at[j].1 + uy * push), places[j]);
                moved = true;
            }
        }
        if !moved {
            break;
        }
    }
    at
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::io::Write as _;

    use super::*;

    fn place(id: &str, lat: f64, lon: f64) -> Place {
        Place {
            id: id.to_string(),
            name: id.to_uppercase(),
            lat,
            lon,
        }
    }

    fn example() -> Vec<Place> {
        vec![
            place("chengdu", 30.5728, 104.0668),
            place("hangzhou", 30.2741, 120.1551),
            place("shanghai", 31.2304, 121.4737),
        ]
    }

    /// 150 chapters spread over every continent (a grid of places on land and sea alike).
    fn world() -> Vec<Place> {
        (0..150)
            .map(|i| {
                let lat = -40.0 + f64::from(i % 10) * 9.0;
                let lon = -170.0 + f64::from(i / 10) * 23.0;
                place(&format!("c{i}"), lat, lon)
            })
            .collect()
    }

    fn gzip_size(text: &str) -> usize {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(text.as_bytes()).unwrap();
        gz.finish().unwrap().len()
    }

    /// Roughly what the theme's partial writes: the SVG and one link per marker.
    fn as_html(map: &MapView) -> String {
        let mut html = format!(
            "<svg viewBox=\"0 0 {} {}\"><path fill-rule=\"evenodd\" d=\"{}\"/></svg><ul>",
            map.width, map.height, map.land
        );
        for m in &map.markers {
            html.push_str(&format!(
                "<li class=\"ug-map__marker\" style=\"left:{}%;top:{}%\"><a class=\"ug-map__link\" href=\"/en/user-group/{}/\"><span class=\"ug-map__name\">{}</span></a></li>",
                m.left, m.top, m.id, m.name
            ));
        }
        html + "</ul>"
    }

    #[test]
    fn a_world_map_of_150_chapters_stays_under_30_kb_gzipped() {
        let map = chapter_map(&world()).unwrap();
        let html = as_html(&map);
        let size = gzip_size(&html);
        assert!(size < 30_000, "{size} bytes gzipped ({} raw)", html.len());
        assert!(
            map.land.len() > 10_000,
            "the world has land: {}",
            map.land.len()
        );
    }

    #[test]
    fn the_example_frames_china_with_three_markers_clear_of_each_other() {
        let map = chapter_map(&example()).unwrap();
        assert_eq!(map.width, 1000);
        assert!(map.height > 400 && map.height < 650, "{}", map.height);
        let ids: Vec<&str> = map.markers.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, ["chengdu", "hangzhou", "shanghai"]);
        let at: Vec<(f64, f64)> = map
            .markers
            .iter()
            .map(|m| {
                (
                    m.left.parse::<f64>().unwrap() * 10.0,
                    m.top.parse::<f64>().unwrap() * f64::from(map.height) / 100.0,
                )
            })
            .collect();
        for (i, a) in at.iter().enumerate() {
            for b in &at[i + 1..] {
                let d = ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt();
                assert!(d >= MIN_GAP - 0.5, "{a:?} {b:?}: {d}");
            }
        }
        // Hangzhou and Shanghai are 170 km apart: nudged; Chengdu is not.
        assert!(!map.markers[0].nudged && map.markers[2].nudged);
        // Chengdu (west) is left of Shanghai (east); the coast is on the map.
        assert!(at[0].0 < at[2].0);
        assert!(!map.land.is_empty());
    }

    #[test]
    fn the_same_places_give_the_same_bytes() {
        let a = serde_json::to_string(&chapter_map(&world())).unwrap();
        let b = serde_json::to_string(&chapter_map(&world())).unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn markers_stay_inside_the_frame() {
        for places in [example(), world(), vec![place("north", 89.0, 179.9)]] {
            let map = chapter_map(&places).unwrap();
            for m in &map.markers {
                let (l, t): (f64, f64) = (m.left.parse().unwrap(), m.top.parse().unwrap());
                assert!(
                    (0.0..=100.0).contains(&l) && (0.0..=100.0).contains(&t),
                    "{m:?}"
                );
            }
        }
    }

    #[test]
    fn no_places_no_map() {
        assert_eq!(chapter_map(&[]), None);
    }
}
