//! The image rules: every referenced file exists inside the site, is an image prep can
//! render, is safe to publish, and is wide enough for its role.

use std::collections::BTreeMap;
use std::path::Path;

use crate::diagnostic::{Code, Diagnostic};
use crate::discover::{lookup_asset, AssetLookup};
use crate::model::{ImageRef, ImageRole};

/// What an image file is, read once per file.
#[derive(Debug, Clone)]
enum Probe {
    Raster { width: u32, height: u32 },
    Svg,
    Unsafe(String),
    NotImage(String),
}

pub(super) struct ImageChecker<'a> {
    root: &'a Path,
    theme: Option<&'a Path>,
    seen: BTreeMap<std::path::PathBuf, Probe>,
}

impl<'a> ImageChecker<'a> {
    pub(super) fn new(root: &'a Path, theme: Option<&'a Path>) -> Self {
        Self {
            root,
            theme,
            seen: BTreeMap::new(),
        }
    }

    pub(super) fn check(&mut self, file: &str, image: &ImageRef, diags: &mut Vec<Diagnostic>) {
        let written = image.path.value.as_str();
        if written.trim().is_empty() {
            return; // reported by loading as missing or empty
        }
        let at = image.path.span;
        let path = match lookup_asset(self.root, self.theme, written) {
            AssetLookup::Found(p) => p,
            AssetLookup::Remote => {
                diags.push(Diagnostic::new(Code::RemoteImage, file, at, format!("`{written}` is not a file of the site"))
                    .with_help("prep renders images from files: put the image under `static/` and write its path, e.g. `/images/user-group/x.jpg`"));
                return;
            }
            AssetLookup::Escapes(why) => {
                diags.push(Diagnostic::new(Code::ImageEscapes, file, at, format!("image path `{written}` leaves the site: {why}"))
                    .with_help("write a path inside the site's `static/` or `assets/` folder, starting with `/`, e.g. `/images/user-group/x.jpg`"));
                return;
            }
            AssetLookup::Missing(tried) => {
                diags.push(
                    Diagnostic::new(
                        Code::ImageMissing,
                        file,
                        at,
                        format!("image `{written}` not found"),
                    )
                    .with_help(format!("looked in {}", tried.join(", "))),
                );
                return;
            }
        };
        let probe = self
            .seen
            .entry(path.clone())
            .or_insert_with(|| probe(&path))
            .clone();
        match probe {
            Probe::Svg => {}
            Probe::Unsafe(why) => diags.push(
                Diagnostic::new(
                    Code::UnsafeSvg,
                    file,
                    at,
                    format!("SVG `{written}` is unsafe to publish: {why}"),
                )
                .with_help(
                    "remove scripts, `on…=` event handlers and links to other sites from the SVG",
                ),
            ),
            Probe::NotImage(why) => diags.push(
                Diagnostic::new(
                    Code::NotAnImage,
                    file,
                    at,
                    format!("`{written}` is not a usable image: {why}"),
                )
                .with_help("use a JPEG, PNG, WebP, GIF or SVG file"),
            ),
            Probe::Raster { width, height } => size(file, image, width, height, diags),
        }
    }
}

fn size(file: &str, image: &ImageRef, width: u32, height: u32, diags: &mut Vec<Diagnostic>) {
    let role = image.role;
    let widths = role.widths();
    let smallest = widths.first().copied().unwrap_or(0);
    let name = match role {
        ImageRole::Banner => "banner",
        ImageRole::CityCard => "city photo",
        ImageRole::Avatar => "avatar",
        ImageRole::Icon => "icon",
    };
    let written = &image.path.value;
    if width < smallest {
        diags.push(
            Diagnostic::new(Code::ImageTooSmall, file, image.path.span, format!("{name} `{written}` is {width}x{height} px, narrower than the smallest {name} width prep renders ({smallest} px)"))
                .with_help(format!("use a source at least {} px wide", role.min_source_width())),
        );
    } else if width < role.min_source_width() {
        let missing = widths.iter().filter(|w| **w > width).count();
        diags.push(
            Diagnostic::new(Code::ImageSmall, file, image.path.span, format!("{name} `{written}` is {width} px wide; {missing} of {} widths ({}) will be missing", widths.len(), widths.iter().map(|w| w.to_string()).collect::<Vec<_>>().join(", ")))
                .with_help(format!("a {name} looks sharp on 2x screens from {} px wide; prep never upscales", role.min_source_width())),
        );
    }
}

fn probe(path: &Path) -> Probe {
    let is_svg = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"));
    if is_svg {
        return match std::fs::read(path) {
            Ok(bytes) if bytes.len() > 5 * 1024 * 1024 => {
                Probe::NotImage("the SVG is larger than 5 MB".into())
            }
            Ok(bytes) => svg_safety(&String::from_utf8_lossy(&bytes)),
            Err(e) => Probe::NotImage(format!("cannot read it: {e}")),
        };
    }
    let reader = match image::ImageReader::open(path).and_then(|r| r.with_guessed_format()) {
        Ok(r) => r,
        Err(e) => return Probe::NotImage(format!("cannot read it: {e}")),
    };
    if reader.format().is_none() {
        return Probe::NotImage("its content is not JPEG, PNG, WebP or GIF".into());
    }
    match reader.into_dimensions() {
        Ok((width, height)) if width > 0 && height > 0 => Probe::Raster { width, height },
        Ok(_) => Probe::NotImage("it has no pixels".into()),
        Err(e) => Probe::NotImage(format!("its header does not decode: {e}")),
    }
}

/// The SVG safety rule: no script, no event handler attribute, no external reference.
fn svg_safety(text: &str) -> Probe {
    let lower = text.to_ascii_lowercase();
    if !lower.contains("<svg") {
        return Probe::NotImage("it has no `<svg` element".into());
    }
    if lower.contains("<script") {
        return Probe::Unsafe("it contains a `<script>` element".into());
    }
    if lower.contains("<foreignobject") {
        return Probe::Unsafe("it contains a `<foreignObject>` (embedded HTML)".into());
    }
    let bytes = lower.as_bytes();
    for (i, w) in bytes.windows(2).enumerate() {
        if w == b"on" && i > 0 && bytes[i - 1].is_ascii_whitespace() {
            let name: String = lower[i..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            let rest = lower[i + name.len()..].trim_start();
            if name.len() > 2 && rest.starts_with('=') && in_tag(&lower, i) {
                return Probe::Unsafe(format!("it has an `{name}` event handler"));
            }
        }
    }
    for attr in ["href", "src"] {
        let mut from = 0;
        while let Some(p) = lower[from..].find(attr) {
            let at = from + p;
            from = at + attr.len();
            let rest = lower[from..].trim_start();
            let Some(rest) = rest.strip_prefix('=') else {
                continue;
            };
            let value = rest.trim_start().trim_start_matches(['"', '\'']);
            let value: String = value
                .chars()
                .take_while(|c| !matches!(c, '"' | '\'' | '>'))
                .filter(|c| !c.is_whitespace())
                .take(60)
                .collect();
            if value.starts_with("http:")
                || value.starts_with("https:")
                || value.starts_with("//")
                || value.starts_with("javascript:")
            {
                return Probe::Unsafe(format!("it references `{value}`"));
            }
        }
    }
    if lower.contains("url(http") || lower.contains("url(//") || lower.contains("@import") {
        return Probe::Unsafe("its style loads something from another site".into());
    }
    Probe::Svg
}

/// Whether byte `i` is inside a tag (after a `<` with no `>` between).
fn in_tag(text: &str, i: usize) -> bool {
    let before = &text[..i];
    match (before.rfind('<'), before.rfind('>')) {
        (Some(lt), Some(gt)) => lt > gt,
        (Some(_), None) => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_rules() {
        assert!(matches!(
            svg_safety("<svg><path d='M0 0'/></svg>"),
            Probe::Svg
        ));
        assert!(matches!(
            svg_safety("<svg><script>alert(1)</script></svg>"),
            Probe::Unsafe(_)
        ));
        assert!(matches!(
            svg_safety("<svg onload=\"x()\"></svg>"),
            Probe::Unsafe(_)
        ));
        assert!(matches!(
            svg_safety("<svg><a xlink:href=\"https://evil.org\">x</a></svg>"),
            Probe::Unsafe(_)
        ));
        assert!(matches!(
            svg_safety("<svg><a href='#x'>x</a></svg>"),
            Probe::Svg
        ));
        assert!(matches!(
            svg_safety("<svg><text> online = fine</text></svg>"),
            Probe::Svg
        ));
        assert!(matches!(svg_safety("hello"), Probe::NotImage(_)));
    }
}
