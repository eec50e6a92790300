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
    /// Which side of the dot its name goes, `left` or `right`: towards the map's middle,
    /// unless a neighbour sits there and the other side is clear.
    pub label: String,
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
        .enumerate()
        .map(|(i, (place, (&truth, &at)))| MarkerView {
            id: place.id.clone(),
            name: place.name.clone(),
            left: format!("{:.2}", at.0 / WIDTH * 100.0),
            top: format!("{:.2}", at.1 / height * 100.0),
            nudged: (at.0 - truth.0).abs() + (at.1 - truth.1).abs() > 0.5,
            label: label_side(&shown, i).to_string(),
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

/// The markers moved apart until no two hit areas (squares [`MIN_GAP`] wide, as a browser
/// and an accessibility checker measure a link's box) overlap, each at most [`MIN_GAP`] from
/// its true place and kept half a gap inside the frame. Pairs are pushed apart along the
/// axis they are already furthest apart on, in a fixed order, for a fixed number of rounds
/// at most: deterministic. Where too many chapters crowd one place (more than fit in a gap's radius),
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
                let Some((dx, dy)) = push_apart(at[i], at[j], j) else {
                    continue;
                };
                at[i] = fit((at[i].0 - dx, at[i].1 - dy), places[i]);
                at[j] = fit((at[j].0 + dx, at[j].1 + dy), places[j]);
                moved = true;
            }
        }
        if !moved {
            break;
        }
    }
    at
}

/// Room a name takes beside its dot, in user units (about 11 em on a desktop-sized map), and
/// how near in height another marker must be to be in its way.
const LABEL_ROOM: (f64, f64) = (250.0, 40.0);

/// The side of marker `i`'s name: towards the middle, unless more markers are in the way
/// there than on the other side and the other side has room before the map's edge.
fn label_side(at: &[(f64, f64)], i: usize) -> &'static str {
    let (x, y) = at[i];
    let in_way = |right: bool| {
        at.iter()
            .enumerate()
            .filter(|&(j, &(xj, yj))| {
                let dx = if right { xj - x } else { x - xj };
                j != i && (yj - y).abs() < LABEL_ROOM.1 && dx > 0.0 && dx < LABEL_ROOM.0
            })
            .count()
    };
    let prefer_right = x <= WIDTH / 2.0;
    let room_other = if prefer_right {
        x >= LABEL_ROOM.0
    } else {
        WIDTH - x >= LABEL_ROOM.0
    };
    let right = if in_way(prefer_right) > in_way(!prefer_right) && room_other {
        !prefer_right
    } else {
        prefer_right
    };
    if right {
        "right"
    } else {
        "left"
    }
}

/// How far to move each of two markers (`a` back, `b` forward) so their squares no longer
/// overlap, or `None` when they do not. `j` picks the direction for two on the same spot.
fn push_apart(a: (f64, f64), b: (f64, f64), j: usize) -> Option<(f64, f64)> {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    if dx.abs().max(dy.abs()) >= MIN_GAP - 0.01 {
        return None;
    }
    // Two markers on the same spot part along a direction fixed by their place in the list
    // (the golden angle keeps a crowd from lining up).
    #[allow(clippy::cast_precision_loss)]
    let (dx, dy) = if dx.abs() + dy.abs() > 1e-6 {
        (dx, dy)
    } else {
        let angle = j as f64 * 2.399_963;
        (angle.cos(), angle.sin())
    };
    let half = |d: f64| (MIN_GAP - d.abs()) / 2.0 * d.signum();
    Some(if dx.abs() >= dy.abs() {
        (half(dx), 0.0)
    } else {
        (0.0, half(dy))
    })
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
                let d = (a.0 - b.0).abs().max((a.1 - b.1).abs());
                assert!(d >= MIN_GAP - 0.5, "{a:?} {b:?}: {d}");
            }
        }
        // Hangzhou and Shanghai are 170 km apart: nudged; Chengdu is not.
        assert!(!map.markers[0].nudged && map.markers[2].nudged);
        // Chengdu (west) is left of Shanghai (east); the coast is on the map.
        assert!(at[0].0 < at[2].0);
        // Names point away from the neighbours in their way: Chengdu's west (Hangzhou is
        // east of it), Hangzhou's towards the middle, Shanghai's east (Hangzhou is west).
        let sides: Vec<&str> = map.markers.iter().map(|m| m.label.as_str()).collect();
        assert_eq!(sides, ["left", "left", "right"]);
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
