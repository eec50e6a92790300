//! Which variants an image gets, and the content-addressed key its files are named by.

use crate::model::ImageRole;

/// Bumped whenever the pixels or bytes prep writes for the same input could change (a new
/// resize filter, encoder setting, placeholder size...), so old cache entries are never reused.
const PIPELINE_VERSION: u32 = 4;

/// WebP and JPEG quality, the same nominal 80 that sharp and Hugo default to.
pub(crate) const QUALITY: u8 = 80;

/// The longest side of the placeholder, in pixels: small enough that the `data:` URI stays
/// well under 1 KB, large enough to show the picture's main shapes and colours.
pub(crate) const PLACEHOLDER_SIDE: u32 = 20;

/// The widths to render for a source `source_width` pixels wide, narrowest first: the
/// role's widths that fit, plus the source's own width when it is narrower than the widest
/// role width (never upscaled, no duplicates).
pub(crate) fn plan_widths(role: ImageRole, source_width: u32) -> Vec<u32> {
    let wanted = role.widths();
    let mut widths: Vec<u32> = wanted
        .iter()
        .copied()
        .filter(|&w| w <= source_width)
        .collect();
    let widest = wanted.iter().copied().max().unwrap_or(0);
    if source_width < widest && source_width > 0 && !widths.contains(&source_width) {
        widths.push(source_width);
    }
    widths.sort_unstable();
    widths.dedup();
    widths
}

/// The height of a variant `width` pixels wide, keeping the source's aspect ratio (rounded,
/// at least one pixel).
pub(crate) fn scaled_height(source_width: u32, source_height: u32, width: u32) -> u32 {
    if source_width == 0 {
        return 1;
    }
    let h = (u64::from(source_height) * u64::from(width) * 2 + u64::from(source_width))
        / (2 * u64::from(source_width));
    u32::try_from(h.max(1)).unwrap_or(u32::MAX)
}

/// Everything that decides the bytes prep writes for a raster, as text hashed into its key.
fn raster_settings(role: ImageRole) -> String {
    format!(
        "usergroup {crate_version} images v{PIPELINE_VERSION}; resize {filter}; \
         webp q{QUALITY} method 4; jpeg q{QUALITY} progressive(2 scans) 4:2:0 average optimized-huffman; \
         widths {widths:?}; placeholder webp {PLACEHOLDER_SIDE}px",
        crate_version = env!("CARGO_PKG_VERSION"),
        filter = super::encode::FILTER_NAME,
        widths = role.widths(),
    )
}

/// The key of a raster: the first 16 hex digits of blake3(settings, source bytes). Files are
/// named `<key>-<width>.<ext>`, metadata `<key>.json`.
pub(crate) fn raster_key(role: ImageRole, bytes: &[u8]) -> String {
    key_of(&raster_settings(role), bytes)
}

/// The key of an SVG passed through unchanged (its role does not matter).
pub(crate) fn svg_key(bytes: &[u8]) -> String {
    key_of(&format!("usergroup images v{PIPELINE_VERSION}; svg"), bytes)
}

fn key_of(settings: &str, bytes: &[u8]) -> String {
    let mut hasher = blake3::Hasher::new();
    hasher.update(settings.as_bytes());
    // A separator, so settings text can never run into the image bytes ambiguously.
    hasher.update(&[0]);
    hasher.update(bytes);
    hasher.finalize().to_hex()[..16].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_are_clamped_to_the_source_and_never_upscaled() {
        assert_eq!(plan_widths(ImageRole::CityCard, 2560), vec![400, 800, 1200]);
        assert_eq!(plan_widths(ImageRole::CityCard, 1200), vec![400, 800, 1200]);
        assert_eq!(plan_widths(ImageRole::CityCard, 1000), vec![400, 800, 1000]);
        assert_eq!(plan_widths(ImageRole::CityCard, 800), vec![400, 800]);
        assert_eq!(plan_widths(ImageRole::CityCard, 300), vec![300]);
        assert_eq!(plan_widths(ImageRole::Avatar, 150), vec![96, 150]);
        for role in [
            ImageRole::Banner,
            ImageRole::CityCard,
            ImageRole::Avatar,
            ImageRole::Icon,
        ] {
            for source in [1, 50, 96, 500, 1199, 1919, 1920, 4000] {
                let widths = plan_widths(role, source);
                assert!(!widths.is_empty());
                assert!(widths.iter().all(|&w| w <= source), "{role:?} {source}");
                assert!(widths.windows(2).all(|p| p[0] < p[1]), "{widths:?}");
            }
        }
    }

    #[test]
    fn heights_keep_the_aspect_ratio() {
        assert_eq!(scaled_height(2560, 1440, 1200), 675);
        assert_eq!(scaled_height(3, 2, 1), 1);
        assert_eq!(scaled_height(1000, 1, 10), 1);
    }

    #[test]
    fn keys_depend_on_bytes_and_role() {
        let a = raster_key(ImageRole::CityCard, b"one");
        assert_eq!(a.len(), 16);
        assert_eq!(a, raster_key(ImageRole::CityCard, b"one"));
        assert_ne!(a, raster_key(ImageRole::CityCard, b"two"));
        assert_ne!(a, raster_key(ImageRole::Banner, b"one"));
    }
}
