//! Resizing (fast_image_resize) and encoding (libwebp, jpeg-encoder), plus the placeholder
//! and the dominant colour.

use base64::Engine as _;
use fast_image_resize as fr;

use super::decode::Decoded;
use super::plan::{ChromaSubsampling, EncodeSettings, ResizeFilter};

/// fast_image_resize's kernel for a setting. Lanczos3 (the default) with its SIMD costs a
/// few ms per variant, small next to encoding.
fn kernel(filter: ResizeFilter) -> fr::FilterType {
    match filter {
        ResizeFilter::Lanczos3 => fr::FilterType::Lanczos3,
        ResizeFilter::CatmullRom => fr::FilterType::CatmullRom,
        ResizeFilter::Mitchell => fr::FilterType::Mitchell,
        ResizeFilter::Bilinear => fr::FilterType::Bilinear,
    }
}

/// Pixels of one size, RGB or RGBA like their source.
pub(crate) struct Pixels {
    pub width: u32,
    pub height: u32,
    pub alpha: bool,
    pub data: Vec<u8>,
}

/// Pixels a resize can start from: a decoded source, or an already-resized variant (the
/// narrower variants come from the widest one).
pub(crate) trait Raster {
    /// (width, height, has alpha) and the RGB or RGBA bytes.
    fn raster(&self) -> ((u32, u32, bool), &[u8]);
}

impl Raster for Decoded {
    fn raster(&self) -> ((u32, u32, bool), &[u8]) {
        ((self.width, self.height, self.alpha), &self.pixels)
    }
}

impl Raster for Pixels {
    fn raster(&self) -> ((u32, u32, bool), &[u8]) {
        ((self.width, self.height, self.alpha), &self.data)
    }
}

/// Resizes `source` to `width` x `height`; the source's own size is copied as is.
pub(crate) fn resize(
    source: &impl Raster,
    (width, height): (u32, u32),
    filter: ResizeFilter,
) -> Result<Pixels, String> {
    let ((src_width, src_height, alpha), src_data) = source.raster();
    let data = if width == src_width && height == src_height {
        src_data.to_vec()
    } else {
        let pixel_type = if alpha {
            fr::PixelType::U8x4
        } else {
            fr::PixelType::U8x3
        };
        let src = fr::images::ImageRef::new(src_width, src_height, src_data, pixel_type)
            .map_err(|e| format!("resize: {e}"))?;
        let mut dst = fr::images::Image::new(width, height, pixel_type);
        let options =
            fr::ResizeOptions::new().resize_alg(fr::ResizeAlg::Convolution(kernel(filter)));
        fr::Resizer::new()
            .resize(&src, &mut dst, &options)
            .map_err(|e| format!("resize: {e}"))?;
        dst.into_vec()
    };
    Ok(Pixels {
        width,
        height,
        alpha,
        data,
    })
}

/// Lossy WebP at `quality` with libwebp's effort `method`; alpha is kept.
pub(crate) fn webp(pixels: &Pixels, quality: u8, method: u8) -> Result<Vec<u8>, String> {
    let encoder = if pixels.alpha {
        webp::Encoder::from_rgba(&pixels.data, pixels.width, pixels.height)
    } else {
        webp::Encoder::from_rgb(&pixels.data, pixels.width, pixels.height)
    };
    let mut config =
        webp::WebPConfig::new().map_err(|()| "WebP: libwebp version mismatch".to_string())?;
    config.quality = f32::from(quality);
    config.method = i32::from(method);
    let memory = encoder
        .encode_advanced(&config)
        .map_err(|e| format!("WebP encoding failed ({e:?}); WebP allows at most 16383x16383"))?;
    Ok(memory.to_vec())
}

/// Progressive JPEG as `settings` say; alpha is composited onto white. No metadata is written.
///
/// Two scans (DC, then all AC, the default): as small as optimised baseline (within 0.1% on
/// photos) and still decodable by zune-jpeg, which garbles jpeg-encoder's non-interleaved
/// baseline. The default 4 spectral bands cost 6-12% more bytes; more bands cost more still.
pub(crate) fn jpeg(pixels: &Pixels, settings: &EncodeSettings) -> Result<Vec<u8>, String> {
    let rgb;
    let data = if pixels.alpha {
        rgb = over_white(&pixels.data);
        &rgb
    } else {
        &pixels.data
    };
    let (Ok(width), Ok(height)) = (u16::try_from(pixels.width), u16::try_from(pixels.height))
    else {
        return Err("JPEG allows at most 65535x65535 pixels".into());
    };
    let mut out = Vec::with_capacity(data.len() / 10);
    let mut encoder = jpeg_encoder::Encoder::new(&mut out, settings.jpeg_quality);
    encoder.set_progressive_scans(settings.jpeg_progressive_scans);
    encoder.set_optimized_huffman_tables(settings.jpeg_optimized_huffman);
    encoder.set_sampling_factor(match settings.jpeg_subsampling {
        ChromaSubsampling::R444 => jpeg_encoder::SamplingFactor::R_4_4_4,
        ChromaSubsampling::R422 => jpeg_encoder::SamplingFactor::R_4_2_2,
        ChromaSubsampling::R420 => jpeg_encoder::SamplingFactor::R_4_2_0,
    });
    encoder.set_chroma_subsampling_method(if settings.jpeg_chroma_average {
        jpeg_encoder::ChromaSubsamplingMethod::Average
    } else {
        jpeg_encoder::ChromaSubsamplingMethod::Nearest
    });
    encoder
        .encode(data, width, height, jpeg_encoder::ColorType::Rgb)
        .map_err(|e| format!("JPEG encoding failed: {e}"))?;
    Ok(out)
}

/// RGBA (straight alpha) composited onto a white background, as RGB.
fn over_white(rgba: &[u8]) -> Vec<u8> {
    let mut rgb = Vec::with_capacity(rgba.len() / 4 * 3);
    for px in rgba.chunks_exact(4) {
        let a = u32::from(px[3]);
        for &c in &px[..3] {
            // c*a + 255*(255-a), divided by 255 with rounding: stays within 0..=255.
            let v = (u32::from(c) * a + 255 * (255 - a) + 127) / 255;
            rgb.push(u8::try_from(v).unwrap_or(255));
        }
    }
    rgb
}

/// The placeholder (`data:image/webp;base64,...`) and the dominant colour (`#rrggbb`, the
/// average of the placeholder's pixels over white), from the narrowest variant: a tenth of
/// the work of downscaling the full source, and the same picture at 20 px.
pub(crate) fn placeholder_and_color(
    source: &Pixels,
    settings: &EncodeSettings,
) -> Result<(String, String), String> {
    let side = settings.placeholder_side.max(1);
    let (width, height) = if source.width >= source.height {
        let h = super::plan::scaled_height(source.width, source.height, side);
        (side.min(source.width), h.min(side))
    } else {
        let w = super::plan::scaled_height(source.height, source.width, side);
        (w.min(side), side.min(source.height))
    };
    let tiny = resize(
        source,
        (width.max(1), height.max(1)),
        settings.resize_filter,
    )?;
    let rgb = if tiny.alpha {
        over_white(&tiny.data)
    } else {
        tiny.data
    };
    let color = average_color(&rgb);
    let blurred = box_blur(
        &rgb,
        (tiny.width as usize, tiny.height as usize),
        usize::from(settings.placeholder_blur_radius),
    );
    let small = Pixels {
        width: tiny.width,
        height: tiny.height,
        alpha: false,
        data: blurred,
    };
    let bytes = webp(&small, settings.placeholder_quality, settings.webp_method)?;
    let uri = format!(
        "data:image/webp;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    );
    Ok((uri, color))
}

fn average_color(rgb: &[u8]) -> String {
    let mut sum = [0u64; 3];
    for px in rgb.chunks_exact(3) {
        for (s, &c) in sum.iter_mut().zip(px) {
            *s += u64::from(c);
        }
    }
    let n = (rgb.len() / 3).max(1) as u64;
    let [r, g, b] = sum.map(|s| (s + n / 2) / n);
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// A box blur of `radius` (1: 3x3) with clamped edges: softens the tiny preview so the
/// browser's upscaling shows a smooth wash of colour rather than blocks.
fn box_blur(rgb: &[u8], (width, height): (usize, usize), radius: usize) -> Vec<u8> {
    let r = radius as isize;
    let taps = ((2 * radius + 1) * (2 * radius + 1)) as u32;
    let mut out = vec![0u8; rgb.len()];
    for y in 0..height {
        for x in 0..width {
            for c in 0..3 {
                let mut sum = 0u32;
                for dy in -r..=r {
                    for dx in -r..=r {
                        let yy = (y as isize + dy).clamp(0, height as isize - 1) as usize;
                        let xx = (x as isize + dx).clamp(0, width as isize - 1) as usize;
                        sum += u32::from(rgb[(yy * width + xx) * 3 + c]);
                    }
                }
                out[(y * width + x) * 3 + c] = u8::try_from((sum + taps / 2) / taps).unwrap_or(255);
            }
        }
    }
    out
}
