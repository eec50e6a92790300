//! Which variants an image gets, and the content-addressed key its files are named by.

use crate::model::ImageRole;

use serde::Serialize;

/// Bumped when the code that turns settings into bytes changes in a way no field of
/// [`EncodeSettings`] describes (a new resize pass, a different placeholder algorithm), so
/// old cache entries and file names are never reused.
const PIPELINE_VERSION: u32 = 4;

/// Every setting that decides the bytes prep writes for a raster: the encoder reads them
/// from here and the cache key hashes all of them (serialised whole, so a field added later
/// is hashed too), so no setting can change without changing every name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct EncodeSettings {
    /// Changes of the code itself (see `PIPELINE_VERSION`).
    pub pipeline: u32,
    /// The resampling kernel for every resize.
    pub resize_filter: ResizeFilter,
    /// Lossy WebP quality, 0-100.
    pub webp_quality: u8,
    /// libwebp's effort, 0 (fast) to 6 (small).
    pub webp_method: u8,
    /// JPEG quality, 1-100.
    pub jpeg_quality: u8,
    /// Progressive scans of the JPEGs (2: DC, then all AC).
    pub jpeg_progressive_scans: u8,
    /// Chroma subsampling of the JPEGs.
    pub jpeg_subsampling: ChromaSubsampling,
    /// Whether chroma is box-averaged (else the top-left sample of each block is taken).
    pub jpeg_chroma_average: bool,
    /// Whether the JPEGs get Huffman tables optimised for their content.
    pub jpeg_optimized_huffman: bool,
    /// The longest side of the placeholder, in pixels.
    pub placeholder_side: u32,
    /// Lossy WebP quality of the placeholder.
    pub placeholder_quality: u8,
    /// Radius of the placeholder's box blur (1: 3x3).
    pub placeholder_blur_radius: u8,
    /// The widths each role is rendered at, narrowest first.
    pub widths: RoleWidths,
}

/// The resampling kernels prep can resize with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub enum ResizeFilter {
    /// Sharp's default, so the two compare at equal sharpness.
    Lanczos3,
    /// Catmull-Rom bicubic.
    CatmullRom,
    /// Mitchell-Netravali bicubic.
    Mitchell,
    /// Bilinear (soft, fast).
    Bilinear,
}

/// JPEG chroma subsampling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub enum ChromaSubsampling {
    /// Full-resolution colour.
    R444,
    /// Half horizontal colour resolution.
    R422,
    /// Half horizontal and vertical colour resolution (what photos on the web use).
    R420,
}

/// The widths of each image role, in pixels, narrowest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoleWidths {
    /// `topSection` cover.
    pub banner: Vec<u32>,
    /// City card photos and chapter covers.
    pub city_card: Vec<u32>,
    /// Member avatars.
    pub avatar: Vec<u32>,
    /// Icons and decorations.
    pub icon: Vec<u32>,
}

impl RoleWidths {
    /// The widths of `role`.
    pub fn of(&self, role: ImageRole) -> &[u32] {
        match role {
            ImageRole::Banner => &self.banner,
            ImageRole::CityCard => &self.city_card,
            ImageRole::Avatar => &self.avatar,
            ImageRole::Icon => &self.icon,
        }
    }
}

impl Default for EncodeSettings {
    /// What prep renders with: the nominal quality 80 that sharp and Hugo default to,
    /// libwebp's default method 4 (as sharp uses), progressive 4:2:0 JPEG whose two scans
    /// are as small as optimised baseline and still decodable by zune-jpeg, and a 20-px
    /// placeholder that stays well under 1 KB as a `data:` URI.
    fn default() -> Self {
        Self {
            pipeline: PIPELINE_VERSION,
            resize_filter: ResizeFilter::Lanczos3,
            webp_quality: 80,
            webp_method: 4,
            jpeg_quality: 80,
            jpeg_progressive_scans: 2,
            jpeg_subsampling: ChromaSubsampling::R420,
            jpeg_chroma_average: true,
            jpeg_optimized_huffman: true,
            placeholder_side: 20,
            placeholder_quality: 40,
            placeholder_blur_radius: 1,
            widths: RoleWidths {
                banner: ImageRole::Banner.widths().to_vec(),
                city_card: ImageRole::CityCard.widths().to_vec(),
                avatar: ImageRole::Avatar.widths().to_vec(),
                icon: ImageRole::Icon.widths().to_vec(),
            },
        }
    }
}

/// The widths to render for a source `source_width` pixels wide, narrowest first: the
/// role's widths that fit, plus the source's own width when it is narrower than the widest
/// role width (never upscaled, no duplicates).
pub(crate) fn plan_widths(wanted: &[u32], source_width: u32) -> Vec<u32> {
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

/// The key of a raster: the first 16 hex digits of blake3(prep's version, every setting,
/// source bytes). Files are named `<key>-<width>.<ext>`, metadata `<key>.json`. The role
/// matters only through its widths, which are settings.
pub(crate) fn raster_key(settings: &EncodeSettings, bytes: &[u8]) -> String {
    // Serialising the whole value (not a hand-written description of it) is what keeps the
    // key and the encoder from disagreeing: a field the encoder reads is a field hashed here.
    let described = serde_json::to_string(settings).unwrap_or_default();
    key_of(
        &format!("usergroup {} raster {described}", env!("CARGO_PKG_VERSION")),
        bytes,
    )
}

/// The key of an SVG passed through unchanged. No raster setting touches its bytes, so
/// none is hashed: changing a JPEG quality does not rename the SVGs.
pub(crate) fn svg_key(bytes: &[u8]) -> String {
    key_of(&format!("usergroup images v{PIPELINE_VERSION}; svg"), bytes)
}

fn key_of(settings: &str, bytes: &[u8]) -> String {
    let mut hasher = blake3::Hasher::new();
    hasher.update(settings.as_bytes());
    // A separator, so settings text can never run into the image bytes ambiguously.
    hasher.update(&[0]);
    hasher.update(bytes);
    hasher.finalize().to_hex()[..KEY_LEN].to_string()
}

/// Hex digits in a key.
pub(crate) const KEY_LEN: usize = 16;

/// Whether `name` is a file name prep gives image output: `<key>-<width>.webp|jpg` or
/// `<key>.svg` (so garbage collection can tell its own files from anyone else's).
pub(crate) fn is_output_name(name: &str) -> bool {
    let is_key =
        |s: &str| s.len() == KEY_LEN && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    if let Some(key) = name.strip_suffix(".svg") {
        return is_key(key);
    }
    let Some(stem) = name
        .strip_suffix(".webp")
        .or_else(|| name.strip_suffix(".jpg"))
    else {
        return false;
    };
    stem.split_once('-').is_some_and(|(key, width)| {
        is_key(key) && !width.is_empty() && width.bytes().all(|b| b.is_ascii_digit())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_are_clamped_to_the_source_and_never_upscaled() {
        let card = ImageRole::CityCard.widths();
        assert_eq!(plan_widths(card, 2560), vec![400, 800, 1200]);
        assert_eq!(plan_widths(card, 1200), vec![400, 800, 1200]);
        assert_eq!(plan_widths(card, 1000), vec![400, 800, 1000]);
        assert_eq!(plan_widths(card, 800), vec![400, 800]);
        assert_eq!(plan_widths(card, 300), vec![300]);
        assert_eq!(plan_widths(ImageRole::Avatar.widths(), 150), vec![96, 150]);
        for role in [
            ImageRole::Banner,
            ImageRole::CityCard,
            ImageRole::Avatar,
            ImageRole::Icon,
        ] {
            for source in [1, 50, 96, 500, 1199, 1919, 1920, 4000] {
                let widths = plan_widths(role.widths(), source);
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
    fn keys_depend_on_bytes_and_settings() {
        let settings = EncodeSettings::default();
        let a = raster_key(&settings, b"one");
        assert_eq!(a.len(), KEY_LEN);
        assert_eq!(a, raster_key(&settings, b"one"));
        assert_ne!(a, raster_key(&settings, b"two"));
        assert_ne!(a, svg_key(b"one"));
        assert!(is_output_name(&format!("{a}-400.webp")));
        assert!(is_output_name(&format!("{a}-1200.jpg")));
        assert!(is_output_name(&format!("{a}.svg")));
        for foreign in [
            "notes.txt",
            "abc-400.webp",
            &format!("{a}-.jpg"),
            &format!("{a}-4x.jpg"),
            &format!("{a}.png"),
            &format!("{}-400.webp", a.to_uppercase()),
        ] {
            assert!(!is_output_name(foreign), "{foreign}");
        }
    }

    /// A value of `all` other than `current`, picked by `seed`.
    fn other<T: Copy + PartialEq>(all: &[T], current: T, seed: u32) -> T {
        let others: Vec<T> = all.iter().copied().filter(|v| *v != current).collect();
        others[seed as usize % others.len()]
    }

    /// One change to one field of the settings. The match is exhaustive over a destructured
    /// value, so a field added to [`EncodeSettings`] does not compile until it is covered here.
    fn change_one(settings: &EncodeSettings, field: usize, seed: u32) -> EncodeSettings {
        let EncodeSettings {
            pipeline,
            resize_filter,
            webp_quality,
            webp_method,
            jpeg_quality,
            jpeg_progressive_scans,
            jpeg_subsampling,
            jpeg_chroma_average,
            jpeg_optimized_huffman,
            placeholder_side,
            placeholder_quality,
            placeholder_blur_radius,
            widths,
        } = settings.clone();
        let bump8 = |v: u8| v.wrapping_add(1 + (seed % 254) as u8);
        let bump32 = |v: u32| v.wrapping_add(1 + seed % (u32::MAX - 1));
        let other_filter = other(
            &[
                ResizeFilter::Lanczos3,
                ResizeFilter::CatmullRom,
                ResizeFilter::Mitchell,
                ResizeFilter::Bilinear,
            ],
            resize_filter,
            seed,
        );
        let other_sampling = other(
            &[
                ChromaSubsampling::R444,
                ChromaSubsampling::R422,
                ChromaSubsampling::R420,
            ],
            jpeg_subsampling,
            seed,
        );
        let mut changed = settings.clone();
        match field % 13 {
            0 => changed.pipeline = bump32(pipeline),
            1 => changed.resize_filter = other_filter,
            2 => changed.webp_quality = bump8(webp_quality),
            3 => changed.webp_method = bump8(webp_method),
            4 => changed.jpeg_quality = bump8(jpeg_quality),
            5 => changed.jpeg_progressive_scans = bump8(jpeg_progressive_scans),
            6 => changed.jpeg_subsampling = other_sampling,
            7 => changed.jpeg_chroma_average = !jpeg_chroma_average,
            8 => changed.jpeg_optimized_huffman = !jpeg_optimized_huffman,
            9 => changed.placeholder_side = bump32(placeholder_side),
            10 => changed.placeholder_quality = bump8(placeholder_quality),
            11 => changed.placeholder_blur_radius = bump8(placeholder_blur_radius),
            _ => changed.widths = change_widths(widths, seed),
        }
        changed
    }

    /// One change to the widths of one role: one more, one fewer, or the first different.
    fn change_widths(mut widths: RoleWidths, seed: u32) -> RoleWidths {
        let bump32 = |v: u32| v.wrapping_add(1 + seed % (u32::MAX - 1));
        let list = match seed % 4 {
            0 => &mut widths.banner,
            1 => &mut widths.city_card,
            2 => &mut widths.avatar,
            _ => &mut widths.icon,
        };
        match (seed / 4) % 3 {
            0 => list.push(bump32(list.last().copied().unwrap_or(0))),
            1 if !list.is_empty() => {
                list.pop();
            }
            _ => match list.first_mut() {
                Some(first) => *first = bump32(*first),
                None => list.push(seed),
            },
        }
        widths
    }

    proptest::proptest! {
        /// Any change of any setting renames every raster (the issue: the placeholder's
        /// quality once decided the bytes but not the name, so a change served stale files).
        #[test]
        fn any_change_of_any_setting_changes_the_key(
            field in 0usize..13,
            seed in proptest::prelude::any::<u32>(),
            base_seed in proptest::prelude::any::<u32>(),
            bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..64),
        ) {
            // A base other than the default too, so the test is not about one value.
            let base = change_one(&EncodeSettings::default(), base_seed as usize, base_seed);
            let changed = change_one(&base, field, seed);
            proptest::prop_assert_ne!(&base, &changed);
            proptest::prop_assert_ne!(raster_key(&base, &bytes), raster_key(&changed, &bytes));
        }
    }
}
