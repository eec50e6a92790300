//! The neutral placeholder photo `prep new city` puts where a new card's photo goes.
//!
//! It is generated, not shipped: a flat mid-grey PNG of [`WIDTH`] x [`HEIGHT`] pixels, wide
//! enough for a city card on a sharp 2x screen (so it raises no size warning), encoded the
//! same way on every run and machine. Because its bytes are always the same, validation can
//! recognise it by content ([`is_placeholder`]) and say "replace this photo" (`W0410`) until
//! someone puts a real photo at that path, whatever the file is called.

use std::io::Cursor;
use std::sync::OnceLock;

use image::{ImageFormat, Rgb, RgbImage};

/// Width of the placeholder, in pixels: the city card's sharp 2x width.
pub const WIDTH: u32 = 800;
/// Height of the placeholder, in pixels (3:2, a photo's usual shape).
pub const HEIGHT: u32 = 534;
/// The grey: neutral, light enough to read the card's white pill over it.
const GREY: Rgb<u8> = Rgb([0x9a, 0x9a, 0x9a]);

/// The placeholder's PNG bytes (encoded once per process).
pub fn placeholder_png() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| {
        let pixels = RgbImage::from_pixel(WIDTH, HEIGHT, GREY);
        let mut out = Cursor::new(Vec::new());
        // Encoding a fixed in-memory image into a Vec fails only on allocation failure.
        if pixels.write_to(&mut out, ImageFormat::Png).is_err() {
            return Vec::new();
        }
        out.into_inner()
    })
}

/// Whether `bytes` are the placeholder, byte for byte.
pub fn is_placeholder(bytes: &[u8]) -> bool {
    let placeholder = placeholder_png();
    !placeholder.is_empty() && bytes == placeholder
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_placeholder_is_a_small_deterministic_png_of_card_size() {
        let bytes = placeholder_png();
        assert!(bytes.starts_with(b"\x89PNG"), "not a PNG");
        assert!(bytes.len() < 8 * 1024, "{} bytes", bytes.len());
        let decoded = image::load_from_memory(bytes).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (WIDTH, HEIGHT));
        assert!(is_placeholder(bytes));
        assert!(!is_placeholder(&bytes[..bytes.len() - 1]));
        assert!(WIDTH >= crate::model::ImageRole::CityCard.min_source_width());
    }
}
