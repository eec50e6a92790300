//! Bounded decoding: limits against decompression bombs, truncation checks, EXIF orientation,
//! conversion to 8-bit RGB(A).

use std::io::Cursor;
use std::panic::{catch_unwind, AssertUnwindSafe};

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

/// Sources with more pixels than this are refused before any pixel is decoded: a 100 MP
/// photo is already far beyond anything a web page needs, and it caps memory per image.
pub(crate) const MAX_PIXELS: u64 = 100_000_000;

/// The most any one decoder may allocate (image's own default, made explicit).
const MAX_ALLOC: u64 = 512 * 1024 * 1024;

/// A decoded source, upright, 8 bits per channel, sRGB assumed.
pub(crate) struct Decoded {
    pub width: u32,
    pub height: u32,
    /// `true`: `pixels` is RGBA (4 bytes a pixel, straight alpha); `false`: RGB.
    pub alpha: bool,
    pub pixels: Vec<u8>,
}

/// Decodes `bytes`, or says why not. Never panics: a panic inside a decoder is caught and
/// reported as an error.
pub(crate) fn decode(bytes: &[u8]) -> Result<Decoded, String> {
    match catch_unwind(AssertUnwindSafe(|| decode_inner(bytes))) {
        Ok(result) => result,
        Err(_) => Err("the image decoder crashed on this file; it is probably corrupt".into()),
    }
}

fn decode_inner(bytes: &[u8]) -> Result<Decoded, String> {
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| e.to_string())?;
    let format = reader
        .format()
        .ok_or("not a supported image (expected JPEG, PNG, WebP, GIF or SVG)")?;
    if format == ImageFormat::Jpeg {
        // zune-jpeg is lenient and fills a cut-off scan with grey; catch truncation ourselves.
        check_jpeg_complete(bytes)?;
    }
    let mut limits = Limits::default();
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|e| e.to_string())?;
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
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder).map_err(|e| e.to_string())?;
    image.apply_orientation(orientation);
    let (width, height) = (image.width(), image.height());
    let alpha = image.color().has_alpha();
    let pixels = if alpha {
        image.into_rgba8().into_raw()
    } else {
        image.into_rgb8().into_raw()
    };
    Ok(Decoded {
        width,
        height,
        alpha,
        pixels,
    })
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
