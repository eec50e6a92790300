//! One inspection of an image file, used by both `check` (validate) and `build` (images), so
//! that whatever `build` would refuse, `check` refuses too, with the same code.
//!
//! The kind comes from the content, never the file name: PNG, JPEG, GIF or WebP by their
//! signatures, SVG by its first element. A raster is decoded in full under the limits (header
//! size after EXIF orientation, every pixel, the shared memory budget); an SVG goes through
//! the allowlist checker.
//!
//! A full decode is the slow part of `check`, so a raster that passed is remembered in a
//! small cache entry keyed by blake3 of its bytes (`.usergroup-cache/inspect/<hash>.json`).
//! `check` only reads the cache (it writes nothing); `build` writes an entry after it has
//! decoded the image itself. The cache is trusted local state, like the rest of
//! `.usergroup-cache/`: never restore it from an untrusted source.

use std::path::{Path, PathBuf};

use image::ImageFormat;
use serde::{Deserialize, Serialize};

use super::{decode, svg};
use crate::diagnostic::Code;

/// SVGs larger than this are refused: they are published unchanged, and every page that
/// shows one downloads all of it.
pub const MAX_SVG_BYTES: usize = 5 * 1024 * 1024;

/// Bumped whenever the rules of inspection change (limits, decoders), so entries written
/// under the old rules are not trusted.
const INSPECT_VERSION: u32 = 1;

/// What an image file is, as far as prep is concerned.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Inspection {
    /// A raster that decodes in full: its size as displayed (after EXIF orientation).
    Raster {
        /// Width in pixels, upright.
        width: u32,
        /// Height in pixels, upright.
        height: u32,
    },
    /// An SVG that passes the safety allowlist, with its intrinsic size.
    Svg {
        /// Intrinsic width (CSS pixels).
        width: u32,
        /// Intrinsic height (CSS pixels).
        height: u32,
    },
    /// Refused; see [`Refusal::code`].
    Refused(Refusal),
}

/// Why a file was refused, one variant per diagnostic code.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Refusal {
    /// Its content is not a JPEG, PNG, WebP, GIF or SVG (`E0303`).
    NotAnImage(String),
    /// An SVG that is ill-formed or has something outside the allowlist (`E0306`).
    UnsafeSvg(String),
    /// A raster that does not decode in full or exceeds the limits, or an SVG with no size
    /// (`E0390`).
    Undecodable(String),
}

impl Refusal {
    /// The diagnostic code of this refusal.
    pub fn code(&self) -> Code {
        match self {
            Refusal::NotAnImage(_) => Code::NotAnImage,
            Refusal::UnsafeSvg(_) => Code::UnsafeSvg,
            Refusal::Undecodable(_) => Code::ImageRender,
        }
    }

    /// What is wrong, in a sentence.
    pub fn message(&self) -> &str {
        match self {
            Refusal::NotAnImage(m) | Refusal::UnsafeSvg(m) | Refusal::Undecodable(m) => m,
        }
    }
}

/// What a file is by its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Raster(ImageFormat),
    Svg,
    Unknown,
}

/// The kind of `bytes`, by content.
pub(crate) fn kind(bytes: &[u8]) -> Kind {
    match image::guess_format(bytes) {
        Ok(f @ (ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::Gif | ImageFormat::WebP)) => {
            Kind::Raster(f)
        }
        _ if svg::sniff(bytes) => Kind::Svg,
        _ => Kind::Unknown,
    }
}

/// Inspects `bytes` in full (no cache): what `build` would make of them.
pub fn inspect(bytes: &[u8]) -> Inspection {
    match kind(bytes) {
        Kind::Svg => match check_svg(bytes) {
            Ok((width, height)) => Inspection::Svg { width, height },
            Err(refusal) => Inspection::Refused(refusal),
        },
        Kind::Raster(_) => match decode::verify(bytes) {
            Ok(header) => Inspection::Raster {
                width: header.width,
                height: header.height,
            },
            Err(message) => Inspection::Refused(Refusal::Undecodable(message)),
        },
        Kind::Unknown => Inspection::Refused(not_an_image(bytes)),
    }
}

/// The SVG rules: the size cap, then the allowlist checker. Returns the intrinsic size.
pub fn check_svg(bytes: &[u8]) -> Result<(u32, u32), Refusal> {
    if bytes.len() > MAX_SVG_BYTES {
        return Err(Refusal::NotAnImage(format!(
            "the SVG is {:.1} MB, more than the {} MB limit",
            bytes.len() as f64 / 1e6,
            MAX_SVG_BYTES / (1024 * 1024)
        )));
    }
    svg::check(bytes).map_err(|problem| match problem {
        svg::SvgProblem::Invalid(m) => Refusal::Undecodable(m),
        svg::SvgProblem::Unsafe(m) => Refusal::UnsafeSvg(m),
    })
}

/// The refusal of a file whose content is no image prep reads.
pub(crate) fn not_an_image(bytes: &[u8]) -> Refusal {
    let what = match image::guess_format(bytes) {
        Ok(format) => format!(
            "its content is {format:?}, which prep does not read; use a JPEG, PNG, WebP, GIF or \
             SVG file"
        ),
        Err(_) if bytes.is_empty() => "the file is empty".to_string(),
        Err(_) => {
            "its content is not JPEG, PNG, WebP, GIF or SVG (whatever its name says)".to_string()
        }
    };
    Refusal::NotAnImage(what)
}

/// Where the inspection cache of the site at `site_root` lives.
pub(crate) fn cache_dir(site_root: &Path) -> PathBuf {
    site_root.join(crate::layout::CACHE_DIR).join("inspect")
}

/// A remembered successful raster inspection.
#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
struct Entry {
    /// Always `raster`: only rasters are expensive enough to remember.
    kind: String,
    width: u32,
    height: u32,
}

/// The cache key of `bytes`: blake3 of the inspection rules' version and the bytes.
pub(crate) fn key(bytes: &[u8]) -> String {
    let mut hasher = blake3::Hasher::new();
    hasher.update(format!("usergroup inspect v{INSPECT_VERSION}\0").as_bytes());
    hasher.update(bytes);
    hasher.finalize().to_hex().to_string()
}

/// How far [`inspect_cached`] goes with a raster that is not in the cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Depth {
    /// Decode every pixel: `check`, the gate, refuses whatever `build` would.
    Full,
    /// Read the header only (format, upright size, pixel limit): `build`, whose renderer
    /// decodes every raster anyway and refuses an undecodable one with the same code at the
    /// same place, so a cold build decodes each new image once, not twice.
    Header,
}

/// Like [`inspect`], but a raster already inspected (an entry in `cache`) is not decoded
/// again, and with [`Depth::Header`] a new one is not decoded at all. Reads the cache only.
pub(crate) fn inspect_cached(bytes: &[u8], cache: &Path, depth: Depth) -> Inspection {
    if let Kind::Raster(_) = kind(bytes) {
        let entry = std::fs::read(cache.join(format!("{}.json", key(bytes))))
            .ok()
            .and_then(|text| serde_json::from_slice::<Entry>(&text).ok())
            .filter(|e| e.kind == "raster" && e.width > 0 && e.height > 0);
        if let Some(Entry { width, height, .. }) = entry {
            return Inspection::Raster { width, height };
        }
        if depth == Depth::Header {
            return match decode::header(bytes) {
                Ok(header) => Inspection::Raster {
                    width: header.width,
                    height: header.height,
                },
                Err(message) => Inspection::Refused(Refusal::Undecodable(message)),
            };
        }
    }
    inspect(bytes)
}

/// Remembers that the raster whose key is `key` decoded in full at `width`x`height`
/// (upright). Called by `build` only, after its own decode succeeded.
pub(crate) fn remember(cache: &Path, key: &str, width: u32, height: u32) -> std::io::Result<()> {
    std::fs::create_dir_all(cache)?;
    let entry = Entry {
        kind: "raster".into(),
        width,
        height,
    };
    let text = serde_json::to_vec(&entry).map_err(std::io::Error::other)?;
    crate::write::write_atomic(&cache.join(format!("{key}.json")), &text)
}

/// Removes entries of `cache` whose key is not in `keep` (sources no longer referenced).
pub(crate) fn prune(cache: &Path, keep: &std::collections::HashSet<String>) {
    let Ok(entries) = std::fs::read_dir(cache) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(key) = name.to_str().and_then(|n| n.strip_suffix(".json")) else {
            continue;
        };
        if !keep.contains(key) {
            // Best effort: a stale entry only costs a file, never a wrong answer.
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let img = image::RgbImage::from_pixel(width, height, image::Rgb([10, 20, 30]));
        let mut out = std::io::Cursor::new(Vec::new());
        img.write_to(&mut out, ImageFormat::Png).expect("png");
        out.into_inner()
    }

    /// PNG's chunk checksum, so a test can forge a header that is otherwise valid.
    fn crc32(data: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &byte in data {
            crc ^= u32::from(byte);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    #[test]
    fn kind_is_by_content() {
        assert_eq!(kind(&png(2, 2)), Kind::Raster(ImageFormat::Png));
        assert_eq!(kind(b"<svg viewBox='0 0 1 1'/>"), Kind::Svg);
        assert_eq!(kind(b"<html><body>hi</body></html>"), Kind::Unknown);
        assert_eq!(kind(b"BM\x00\x00"), Kind::Unknown);
        assert!(matches!(
            inspect(b"BM\x36\x00\x00\x00\x00\x00\x00\x00\x36\x00\x00\x00"),
            Inspection::Refused(Refusal::NotAnImage(_))
        ));
    }

    #[test]
    fn truncated_and_oversized_rasters_are_undecodable() {
        let good = png(40, 30);
        assert_eq!(
            inspect(&good),
            Inspection::Raster {
                width: 40,
                height: 30
            }
        );
        let cut = &good[..good.len() - 20];
        let refused = inspect(cut);
        assert!(
            matches!(&refused, Inspection::Refused(r) if r.code() == Code::ImageRender),
            "{refused:?}"
        );
        // A PNG header claiming 50000x50000 pixels.
        let mut huge = good.clone();
        huge[16..20].copy_from_slice(&50_000u32.to_be_bytes());
        huge[20..24].copy_from_slice(&50_000u32.to_be_bytes());
        let crc = crc32(&huge[12..29]);
        huge[29..33].copy_from_slice(&crc.to_be_bytes());
        match inspect(&huge) {
            Inspection::Refused(Refusal::Undecodable(m)) => {
                assert!(m.contains("50000x50000"), "{m}")
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_cache_skips_the_decode_and_is_keyed_by_content() {
        let dir = tempfile::tempdir().expect("tempdir");
        let bytes = png(12, 7);
        // A made-up entry proves the answer came from the cache, not a decode.
        remember(dir.path(), &key(&bytes), 1200, 700).expect("remember");
        assert_eq!(
            inspect_cached(&bytes, dir.path(), Depth::Full),
            Inspection::Raster {
                width: 1200,
                height: 700
            }
        );
        let other = png(12, 8);
        assert_eq!(
            inspect_cached(&other, dir.path(), Depth::Full),
            Inspection::Raster {
                width: 12,
                height: 8
            }
        );
        let keep = std::iter::once(key(&other)).collect();
        prune(dir.path(), &keep);
        assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 0);
    }

    #[test]
    fn header_depth_reads_the_header_and_leaves_the_pixels_to_the_renderer() {
        let dir = tempfile::tempdir().expect("tempdir");
        let good = png(40, 30);
        let cut = &good[..good.len() - 20];
        // The header is intact, so only a full decode can tell: `build` leaves that to the
        // renderer (which refuses it with the same code), `check` does it here.
        assert_eq!(
            inspect_cached(cut, dir.path(), Depth::Header),
            Inspection::Raster {
                width: 40,
                height: 30
            }
        );
        assert!(matches!(
            inspect_cached(cut, dir.path(), Depth::Full),
            Inspection::Refused(Refusal::Undecodable(_))
        ));
        // What the header alone shows is refused at either depth.
        let mut huge = good.clone();
        huge[16..20].copy_from_slice(&50_000u32.to_be_bytes());
        huge[20..24].copy_from_slice(&50_000u32.to_be_bytes());
        let crc = crc32(&huge[12..29]);
        huge[29..33].copy_from_slice(&crc.to_be_bytes());
        assert!(matches!(
            inspect_cached(&huge, dir.path(), Depth::Header),
            Inspection::Refused(Refusal::Undecodable(_))
        ));
    }
}
