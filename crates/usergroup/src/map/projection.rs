//! The projection and its fit: an equirectangular projection whose standard parallel is the
//! middle of the chapters' latitudes, framed on their bounding box.
//!
//! Equirectangular because a rectangle of longitude and latitude is a rectangle on the map:
//! clipping the land to the view is exact and cheap, and a regional map (one country) keeps
//! its shapes once the standard parallel scales longitudes by its cosine. The frame is the
//! chapters' box plus padding, never smaller than [`MIN_SPAN`] (three cities in China show
//! China and its neighbours, not three dots on an empty square), its aspect ratio kept in
//! [`ASPECT`], and never larger than the world.

/// Width of every map in SVG user units; the height follows from the frame.
pub const WIDTH: f64 = 1000.0;
/// Smallest frame, in degrees of latitude (width in degrees of longitude at the standard
/// parallel, height in degrees of latitude): about the size of China.
const MIN_SPAN: (f64, f64) = (55.0, 28.0);
/// Padding around the chapters' box: this share of its size, at least [`MIN_PAD`] degrees.
const PAD_SHARE: f64 = 0.15;
/// The least padding, in degrees, so a marker never sits on the frame's edge.
const MIN_PAD: f64 = 5.0;
/// Width over height of the frame, least and most.
const ASPECT: (f64, f64) = (1.6, 2.2);
/// The latitudes a world map shows (little land lies beyond, and Antarctica would take a
/// third of the height); a chapter outside widens them.
const WORLD_LAT: (f64, f64) = (-57.0, 84.0);

/// A fitted projection: `[lat, lon]` degrees to SVG user units, `(0, 0)` top left.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Projection {
    /// Cosine of the standard parallel: longitude's scale against latitude's.
    cos: f64,
    /// The frame's left edge (projected longitude) and top edge (latitude), in degrees.
    left: f64,
    top: f64,
    /// User units per degree.
    scale: f64,
    /// The frame's height in user units (the width is [`WIDTH`]).
    height: f64,
}

impl Projection {
    /// The projection framing `points` (`(lat, lon)`, degrees), or `None` when there are none.
    pub fn fit(points: &[(f64, f64)]) -> Option<Self> {
        let first = points.first()?;
        let (mut s, mut n, mut w, mut e) = (first.0, first.0, first.1, first.1);
        for &(lat, lon) in points {
            (s, n, w, e) = (s.min(lat), n.max(lat), w.min(lon), e.max(lon));
        }
        let cos = ((s + n) / 2.0).clamp(-60.0, 60.0).to_radians().cos();
        // Projected box: x in degrees of longitude scaled by `cos`, y in degrees of latitude.
        let (x, y) = frame((w * cos, e * cos), (s, n));
        let world_x = (-180.0 * cos, 180.0 * cos);
        let world_y = (WORLD_LAT.0.min(s - MIN_PAD), WORLD_LAT.1.max(n + MIN_PAD));
        let x = inside(x, world_x);
        let y = inside(y, (world_y.0.max(-90.0), world_y.1.min(90.0)));
        let scale = WIDTH / (x.1 - x.0);
        Some(Self {
            cos,
            left: x.0,
            top: y.1,
            scale,
            height: ((y.1 - y.0) * scale).round(),
        })
    }

    /// Where `(lat, lon)` lands, in user units (may fall outside the frame).
    pub fn project(&self, lat: f64, lon: f64) -> (f64, f64) {
        (
            (lon * self.cos - self.left) * self.scale,
            (self.top - lat) * self.scale,
        )
    }

    /// The frame's height in user units (a whole number).
    pub fn height(&self) -> f64 {
        self.height
    }

    /// The frame in degrees: `(west, south, east, north)` (what the tests check the fit by).
    #[cfg(test)]
    pub fn bounds(&self) -> (f64, f64, f64, f64) {
        let east = self.left + WIDTH / self.scale;
        let south = self.top - self.height / self.scale;
        (self.left / self.cos, south, east / self.cos, self.top)
    }
}

/// The chapters' box padded, grown to the minimum span and into the aspect range.
fn frame(x: (f64, f64), y: (f64, f64)) -> ((f64, f64), (f64, f64)) {
    let pad = |(a, b): (f64, f64)| {
        let p = ((b - a) * PAD_SHARE).max(MIN_PAD);
        (a - p, b + p)
    };
    let (x, y) = (pad(x), pad(y));
    let (mut wx, mut wy) = ((x.1 - x.0).max(MIN_SPAN.0), (y.1 - y.0).max(MIN_SPAN.1));
    wx = wx.max(wy * ASPECT.0);
    wy = wy.max(wx / ASPECT.1);
    let around = |(a, b): (f64, f64), span: f64| {
        let mid = (a + b) / 2.0;
        (mid - span / 2.0, mid + span / 2.0)
    };
    (around(x, wx), around(y, wy))
}

/// `range` moved (not resized) to lie inside `bounds`, or `bounds` when it is wider.
fn inside(range: (f64, f64), bounds: (f64, f64)) -> (f64, f64) {
    let span = range.1 - range.0;
    if span >= bounds.1 - bounds.0 {
        bounds
    } else if range.0 < bounds.0 {
        (bounds.0, bounds.0 + span)
    } else if range.1 > bounds.1 {
        (bounds.1 - span, bounds.1)
    } else {
        range
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHENGDU: (f64, f64) = (30.5728, 104.0668);
    const HANGZHOU: (f64, f64) = (30.2741, 120.1551);
    const SHANGHAI: (f64, f64) = (31.2304, 121.4737);

    fn inside_frame(p: &Projection, (lat, lon): (f64, f64)) -> bool {
        let (x, y) = p.project(lat, lon);
        (0.0..=WIDTH).contains(&x) && (0.0..=p.height()).contains(&y)
    }

    #[test]
    fn three_chinese_cities_frame_china_not_the_world() {
        let p = Projection::fit(&[CHENGDU, HANGZHOU, SHANGHAI]).expect("points");
        let (w, s, e, n) = p.bounds();
        // China and its neighbours: Beijing and Guangzhou are in, Europe and India's south
        // are not.
        for city in [(39.9, 116.4), (23.1, 113.3), (29.6, 91.1)] {
            assert!(inside_frame(&p, city), "{city:?} not in {:?}", p.bounds());
        }
        for far in [(48.9, 2.35), (13.1, 80.3), (-33.9, 151.2), (55.8, 37.6)] {
            assert!(!inside_frame(&p, far), "{far:?} in {:?}", p.bounds());
        }
        assert!(e - w < 90.0 && n - s < 45.0, "{:?}", p.bounds());
        // The chapters sit well inside the frame, not on its edge.
        for c in [CHENGDU, HANGZHOU, SHANGHAI] {
            let (x, y) = p.project(c.0, c.1);
            assert!(x > 50.0 && x < WIDTH - 50.0 && y > 50.0 && y < p.height() - 50.0);
        }
        let aspect = WIDTH / p.height();
        assert!(
            (ASPECT.0 - 0.01..=ASPECT.1 + 0.01).contains(&aspect),
            "{aspect}"
        );
    }

    #[test]
    fn chapters_on_three_continents_frame_the_world() {
        let p = Projection::fit(&[SHANGHAI, (52.52, 13.40), (37.77, -122.42), (-23.55, -46.63)])
            .expect("points");
        let (w, s, e, n) = p.bounds();
        assert!(w <= -150.0 && e >= 150.0, "{:?}", p.bounds());
        assert!(s <= -40.0 && n >= 60.0, "{:?}", p.bounds());
        assert!((-180.0..=180.0).contains(&w) && (-180.0..=180.0).contains(&e));
        assert!(s >= -90.0 && n <= 90.0);
    }

    #[test]
    fn one_chapter_is_centred_and_a_polar_one_stays_on_the_map() {
        let p = Projection::fit(&[(64.15, -21.94)]).expect("a point");
        let (x, _) = p.project(64.15, -21.94);
        assert!((x - WIDTH / 2.0).abs() < 1.0, "{x}");
        let p = Projection::fit(&[(-77.85, 166.67), (78.22, 15.65)]).expect("points");
        assert!(inside_frame(&p, (-77.85, 166.67)) && inside_frame(&p, (78.22, 15.65)));
        assert!(p.height().is_finite() && p.height() > 0.0);
    }

    #[test]
    fn no_points_no_projection() {
        assert_eq!(Projection::fit(&[]), None);
    }
}
