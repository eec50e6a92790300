//! The land as one SVG path `d` string for a fitted [`Projection`]: each ring projected,
//! culled when it misses the frame, clipped to it (Sutherland–Hodgman), simplified to what
//! a whole user unit can show (Douglas–Peucker), and written with whole-number relative
//! coordinates. That keeps a world map around 20 kB before compression.

use std::fmt::Write as _;

use super::projection::{Projection, WIDTH};

/// Points nearer than this to the simplified line are dropped, in user units.
const TOLERANCE: f64 = 0.6;
/// Rings smaller than this (in square user units) are dropped: islands under a pixel or two.
const MIN_AREA: f64 = 3.0;
/// How far beyond the frame clipped land reaches, in user units, so no edge shows.
const MARGIN: f64 = 2.0;

type Point = (f64, f64);

/// The `d` attribute of the land inside the projection's frame: `M x y l dx dy … z` per
/// ring, to be filled with `fill-rule="evenodd"` (lake rings are holes).
pub fn land_path(projection: &Projection, rings: &[Vec<(f64, f64)>]) -> String {
    let frame = (
        -MARGIN,
        -MARGIN,
        WIDTH + MARGIN,
        projection.height() + MARGIN,
    );
    let mut d = String::new();
    for ring in rings {
        let projected: Vec<Point> = ring
            .iter()
            .map(|&(lon, lat)| projection.project(lat, lon))
            .collect();
        if !overlaps(&projected, frame) {
            continue;
        }
        let clipped = clip(projected, frame);
        let whole = round(&simplify(&clipped));
        if whole.len() >= 3 && area(&whole).abs() >= MIN_AREA {
            write_ring(&mut d, &whole);
        }
    }
    d
}

/// Whether the ring's bounding box meets the frame `(left, top, right, bottom)`.
fn overlaps(ring: &[Point], (l, t, r, b): (f64, f64, f64, f64)) -> bool {
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for &(x, y) in ring {
        (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
    }
    x1 >= l && x0 <= r && y1 >= t && y0 <= b
}

/// The ring clipped to the frame, one edge at a time. A concave ring may come back with
/// zero-width runs along the frame's edge; filled, they do not show.
fn clip(mut ring: Vec<Point>, (l, t, r, b): (f64, f64, f64, f64)) -> Vec<Point> {
    // (axis: 0 = x, 1 = y; the edge's value; keep the side above it?)
    for (axis, value, above) in [(0, l, true), (0, r, false), (1, t, true), (1, b, false)] {
        let get = |p: Point| if axis == 0 { p.0 } else { p.1 };
        let keep = |p: Point| {
            if above {
                get(p) >= value
            } else {
                get(p) <= value
            }
        };
        let mut out = Vec::with_capacity(ring.len() + 4);
        for (i, &current) in ring.iter().enumerate() {
            let previous = ring[(i + ring.len() - 1) % ring.len()];
            if keep(current) != keep(previous) {
                let k = (value - get(previous)) / (get(current) - get(previous));
                out.push((
                    previous.0 + k * (current.0 - previous.0),
                    previous.1 + k * (current.1 - previous.1),
                ));
            }
            if keep(current) {
                out.push(current);
            }
        }
        ring = out;
        if ring.is_empty() {
            break;
        }
    }
    ring
}

/// Douglas–Peucker on the ring as a line from its first point round to its last.
fn simplify(ring: &[Point]) -> Vec<Point> {
    if ring.len() < 4 {
        return ring.to_vec();
    }
    let mut keep = vec![false; ring.len()];
    keep[0] = true;
    keep[ring.len() - 1] = true;
    let mut stack = vec![(0, ring.len() - 1)];
    while let Some((a, b)) = stack.pop() {
        let mut far = (0.0, 0);
        for i in a + 1..b {
            let d = distance(ring[i], ring[a], ring[b]);
            if d > far.0 {
                far = (d, i);
            }
        }
        if far.0 > TOLERANCE {
            keep[far.1] = true;
            stack.push((a, far.1));
            stack.push((far.1, b));
        }
    }
    ring.iter()
        .zip(keep)
        .filter_map(|(p, k)| k.then_some(*p))
        .collect()
}

/// Distance from `p` to the segment `a`–`b`.
fn distance(p: Point, a: Point, b: Point) -> f64 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let length2 = dx * dx + dy * dy;
    let t = if length2 == 0.0 {
        0.0
    } else {
        (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / length2).clamp(0.0, 1.0)
    };
    let (x, y) = (a.0 + t * dx - p.0, a.1 + t * dy - p.1);
    (x * x + y * y).sqrt()
}

/// Whole user units, without repeated points (the output has no decimals to print).
fn round(ring: &[Point]) -> Vec<(i64, i64)> {
    let mut out: Vec<(i64, i64)> = Vec::with_capacity(ring.len());
    for &(x, y) in ring {
        // The frame is at most a few thousand units across: the cast cannot overflow.
        #[allow(clippy::cast_possible_truncation)]
        let p = (x.round() as i64, y.round() as i64);
        if out.last() != Some(&p) {
            out.push(p);
        }
    }
    while out.len() > 1 && out.first() == out.last() {
        out.pop();
    }
    out
}

/// Twice the signed area (shoelace), in square user units.
fn area(ring: &[(i64, i64)]) -> f64 {
    let mut sum = 0_i64;
    for (i, &(x0, y0)) in ring.iter().enumerate() {
        let (x1, y1) = ring[(i + 1) % ring.len()];
        sum += x0 * y1 - x1 * y0;
    }
    #[allow(clippy::cast_precision_loss)]
    let area = sum as f64 / 2.0;
    area
}

/// `M x y l dx dy dx dy … z`, a minus sign standing for the separator where it can.
fn write_ring(d: &mut String, ring: &[(i64, i64)]) {
    let (x, y) = ring[0];
    let _ = write!(d, "M{x}");
    number(d, y);
    d.push('l');
    let mut first = true;
    for pair in ring.windows(2) {
        let (dx, dy) = (pair[1].0 - pair[0].0, pair[1].1 - pair[0].1);
        if first {
            let _ = write!(d, "{dx}");
            first = false;
        } else {
            number(d, dx);
        }
        number(d, dy);
    }
    d.push('z');
}

/// Appends a number after another: a space before it unless its minus sign separates.
fn number(d: &mut String, n: i64) {
    if n >= 0 {
        d.push(' ');
    }
    let _ = write!(d, "{n}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clipping_keeps_what_is_inside() {
        let square = vec![(-10.0, -10.0), (10.0, -10.0), (10.0, 10.0), (-10.0, 10.0)];
        let clipped = clip(square, (0.0, 0.0, 100.0, 100.0));
        let whole = round(&clipped);
        assert_eq!(area(&whole).abs(), 100.0, "{whole:?}");
        assert!(clip(
            vec![(200.0, 200.0), (210.0, 200.0), (205.0, 210.0)],
            (0.0, 0.0, 100.0, 100.0)
        )
        .is_empty());
    }

    #[test]
    fn simplifying_drops_points_on_a_straight_line_only() {
        let line: Vec<Point> = (0..=10)
            .map(|i| (f64::from(i), 0.0))
            .chain([(5.0, 5.0)])
            .collect();
        assert_eq!(simplify(&line), vec![(0.0, 0.0), (10.0, 0.0), (5.0, 5.0)]);
    }

    #[test]
    fn rings_are_written_compactly() {
        let mut d = String::new();
        write_ring(&mut d, &[(10, 20), (15, 18), (12, 30)]);
        assert_eq!(d, "M10 20l5-2-3 12z");
    }
}
