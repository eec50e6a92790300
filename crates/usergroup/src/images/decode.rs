//! Bounded decoding: limits against decompression bombs, truncation checks, EXIF orientation,
//! a share of the process's decode memory budget, conversion to 8-bit RGB(A).
//!
//! [`verify`] (inspection, in `check`) and [`decode`] (rendering, in `build`) run the same
//! code up to and including the full decode of every pixel, so a file one of them refuses the
//! other refuses too, with the same message.

use std::io::Cursor;
use std::panic::{catch_unwind, AssertUnwindSafe};

use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

use super::budget::{self, Reservation};

/// Sources with more pixels than this are refused before any pixel is decoded: a 100 MP
/// photo is already far beyond anything a web page needs, and it caps memory per image.
pub(crate) const MAX_PIXELS: u64 = 100_000_000;

/// The most any one decoder may allocate besides the pixels (image's own default, explicit).
const MAX_ALLOC: u64 = 512 * 1024 * 1024;

/// What the PNG decoder may allocate for itself: ancillary chunks (text, ICC profile, EXIF,
/// each inflated if compressed) and row buffers. Real ICC profiles are under 1 MB; without
/// this cap a crafted iCCP or zTXt chunk could inflate to `MAX_ALLOC` in every worker.
pub(crate) const PNG_ANCILLARY: u64 = 16 * 1024 * 1024;

/// What a raster's header says, with width and height as displayed (after EXIF orientation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Header {
    /// The container format, by content.
    pub format: ImageFormat,
    /// Width after EXIF orientation.
    pub width: u32,
    /// Height after EXIF orientation.
    pub height: u32,
}

/// A decoded source, upright, 8 bits per channel, sRGB assumed.
pub(crate) struct Decoded {
    pub width: u32,
    pub height: u32,
    /// `true`: `pixels` is RGBA (4 bytes a pixel, straight alpha); `false`: RGB.
    pub alpha: bool,
    pub pixels: Vec<u8>,
    /// The pixels' share of the decode budget, returned when the source is dropped.
    _memory: Reservation,
}

/// Reads the header and decodes every pixel (then drops them), or says why not: what
/// [`decode`] would say. Never panics.
pub(crate) fn verify(bytes: &[u8]) -> Result<Header, String> {
    guarded(|| full_decode(bytes, false).map(|(header, _)| header))
}

/// Decodes `bytes` upright into 8-bit RGB(A), or says why not. Never panics: a panic inside a
/// decoder is caught and reported as an error.
pub(crate) fn decode(bytes: &[u8]) -> Result<Decoded, String> {
    guarded(|| {
        let (_, decoded) = full_decode(bytes, true)?;
        decoded.ok_or_else(|| "the image decoder returned no pixels".to_string())
    })
}

fn guarded<T>(f: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|_| {
        Err("the image decoder crashed on this file; it is probably corrupt".into())
    })
}

/// Reads only the header: format, upright size, the pixel limit. What `build` checks before
/// rendering, which then decodes in full and refuses what [`verify`] would (same message).
pub(crate) fn header(bytes: &[u8]) -> Result<Header, String> {
    guarded(|| {
        let (mut decoder, format) = open(bytes)?;
        read_header(&mut decoder, format).map(|(header, _)| header)
    })
}

/// The header checks every path shares: the pixel limit, no empty image, EXIF orientation.
fn read_header(
    decoder: &mut impl ImageDecoder,
    format: ImageFormat,
) -> Result<(Header, Orientation), String> {
    let (width, height) = decoder.dimensions();
    let pixels = u64::from(width) * u64::from(height);
    if pixels > MAX_PIXELS {
        return Err(format!(
            "the image claims {width}x{height} pixels, more than the {} megapixel limit \
             (a decompression bomb, or far larger than a web page needs)",
            MAX_PIXELS / 1_000_000
        ));
    }
    if pixels == 0 {
        return Err("the image has no pixels".into());
    }
    // A malformed EXIF block should not lose the picture: it just stays as stored.
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let (width, height) = if swaps_sides(orientation) {
        (height, width)
    } else {
        (width, height)
    };
    Ok((
        Header {
            format,
            width,
            height,
        },
        orientation,
    ))
}

/// The one decoding path. `keep`: convert and return the pixels (rendering); otherwise they
/// are dropped as soon as every one has decoded (inspection).
fn full_decode(bytes: &[u8], keep: bool) -> Result<(Header, Option<Decoded>), String> {
    let (mut decoder, format) = open(bytes)?;
    let (header, orientation) = read_header(&mut decoder, format)?;
    let pixels = u64::from(header.width) * u64::from(header.height);
    let native = decoder.total_bytes();
    // Converting to RGB(A) and rotating each make one more copy at most.
    let converted = if keep { pixels * 4 } else { 0 };
    let mut memory = budget::DECODE.reserve(decoder_peak(format, native) + converted);
    let mut image = DynamicImage::from_decoder(decoder).map_err(|e| e.to_string())?;
    if !keep {
        return Ok((header, None));
    }
    image.apply_orientation(orientation);
    let alpha = image.color().has_alpha();
    let (width, height) = (image.width(), image.height());
    let pixels = if alpha {
        image.into_rgba8().into_raw()
    } else {
        image.into_rgb8().into_raw()
    };
    memory.shrink_to(pixels.len() as u64);
    let decoded = Decoded {
        width,
        height,
        alpha,
        pixels,
        _memory: memory,
    };
    Ok((header, Some(decoded)))
}

/// A decoder for `bytes` by content, with the limits set.
fn open(bytes: &[u8]) -> Result<(impl ImageDecoder + '_, ImageFormat), String> {
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| e.to_string())?;
    let format = reader
        .format()
        .filter(|f| SUPPORTED.contains(f))
        .ok_or("not a supported image (expected JPEG, PNG, WebP, GIF or SVG)")?;
    if format == ImageFormat::Jpeg {
        // zune-jpeg is lenient and fills a cut-off scan with grey; catch truncation ourselves.
        check_jpeg_complete(bytes)?;
    }
    let mut limits = Limits::default();
    // PNG passes `max_alloc` to the png crate, which counts only its own buffers against it
    // (the pixels are allocated by `image`, outside it): there it caps ancillary data.
    limits.max_alloc = Some(if format == ImageFormat::Png {
        PNG_ANCILLARY
    } else {
        MAX_ALLOC
    });
    reader.limits(limits);
    let decoder = reader.into_decoder().map_err(|e| e.to_string())?;
    Ok((decoder, format))
}

/// The formats prep decodes (the `image` features it is built with).
const SUPPORTED: [ImageFormat; 4] = [
    ImageFormat::Jpeg,
    ImageFormat::Png,
    ImageFormat::WebP,
    ImageFormat::Gif,
];

/// The most a decoder of `format` allocates to produce `native` bytes of pixels: progressive
/// JPEG keeps 16-bit coefficients for the whole image, WebP and GIF a frame beside the
/// output, PNG a few rows and its capped ancillary data.
fn decoder_peak(format: ImageFormat, native: u64) -> u64 {
    match format {
        ImageFormat::Jpeg => native.saturating_mul(3),
        ImageFormat::Png => native.saturating_add(PNG_ANCILLARY),
        _ => native.saturating_mul(2),
    }
}

/// Whether displaying with `orientation` swaps width and height (a quarter turn).
fn swaps_sides(orientation: Orientation) -> bool {
    matches!(
        orientation,
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    )
}

/// Walks the JPEG's markers and entropy-coded scans and fails unless an end-of-image marker
/// is reached. Data after it (camera trailers, motion photos) is allowed.
fn check_jpeg_complete(bytes: &[u8]) -> Result<(), String> {
    const TRUNCATED: &str = "the JPEG file is truncated (no end-of-image marker)";
    if bytes.len() < 4 || bytes[0] != 0xFF || bytes[1] != 0xD8 {
        return Err("not a JPEG file".into());
    }
    let mut i = 2;
    let mut in_scan = false;
    while i + 1 < bytes.len() {
        if in_scan {
            // Inside entropy-coded data: 0xFF00 is a stuffed byte and 0xFFD0..D7 restart
            // markers; any other 0xFF xx is the next marker.
            if bytes[i] == 0xFF {
                let next = bytes[i + 1];
                if next == 0x00 || (0xD0..=0xD7).contains(&next) || next == 0xFF {
                    i += if next == 0xFF { 1 } else { 2 };
                    continue;
                }
                in_scan = false;
            } else {
                i += 1;
                continue;
            }
        }
        if bytes[i] != 0xFF {
            return Err("the JPEG file is corrupt (bad marker)".into());
        }
        let marker = bytes[i + 1];
        match marker {
            0xFF => i += 1, // fill byte
            0xD9 => return Ok(()),
            0x01 | 0xD0..=0xD7 => i += 2,
            _ => {
                if i + 3 >= bytes.len() {
                    return Err(TRUNCATED.into());
                }
                let len = usize::from(u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]));
                if len < 2 {
                    return Err("the JPEG file is corrupt (bad segment length)".into());
                }
                i += 2 + len;
                if marker == 0xDA {
                    in_scan = true;
                }
            }
        }
    }
    Err(TRUNCATED.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jpeg_walker_accepts_complete_and_refuses_cut_files() {
        let mut out = Vec::new();
        let pixels = vec![128u8; 32 * 16 * 3];
        let mut encoder = jpeg_encoder::Encoder::new(&mut out, 80);
        encoder.set_progressive(true);
        encoder
            .encode(&pixels, 32, 16, jpeg_encoder::ColorType::Rgb)
            .expect("encode");
        assert!(check_jpeg_complete(&out).is_ok());
        let mut trailer = out.clone();
        trailer.extend_from_slice(b"trailing camera data");
        assert!(check_jpeg_complete(&trailer).is_ok());
        for cut in [3, out.len() / 2, out.len() - 2] {
            assert!(check_jpeg_complete(&out[..cut]).is_err(), "cut at {cut}");
        }
    }
}
