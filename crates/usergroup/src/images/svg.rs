//! SVG pass-through: a safety check with a real XML tokenizer, and the intrinsic size.

use xmlparser::{ElementEnd, Token, Tokenizer};

/// Why an SVG was not accepted.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum SvgProblem {
    /// Not well-formed XML, not an `<svg>` root, or no usable size.
    Invalid(String),
    /// Something that could run code or load from elsewhere.
    Unsafe(String),
}

/// `true` if the bytes look like an SVG document (after a BOM, whitespace, an XML
/// declaration, comments or a doctype, the first element is `<svg`).
pub(crate) fn sniff(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let text = String::from_utf8_lossy(head);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    if !text.starts_with('<') {
        return false;
    }
    let lower = text.to_ascii_lowercase();
    lower.starts_with("<svg")
        || ((lower.starts_with("<?xml")
            || lower.starts_with("<!--")
            || lower.starts_with("<!doctype"))
            && lower.contains("<svg"))
}

/// Elements that run code or embed other documents.
const FORBIDDEN_ELEMENTS: &[&str] = &[
    "script",
    "foreignobject",
    "iframe",
    "embed",
    "object",
    "handler",
    "listener",
];

/// Checks `bytes` and returns the intrinsic (width, height) from the root's `width`/`height`
/// or `viewBox`.
pub(crate) fn check(bytes: &[u8]) -> Result<(u32, u32), SvgProblem> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| SvgProblem::Invalid("the SVG is not UTF-8 text".into()))?;
    let text = text.trim_start_matches('\u{feff}');
    let mut root: Option<RootSize> = None;
    let mut in_root_tag = false;
    let mut in_style = false;
    let mut depth = 0usize;
    for token in Tokenizer::from(text) {
        let token =
            token.map_err(|e| SvgProblem::Invalid(format!("the SVG is not valid XML: {e}")))?;
        match token {
            Token::EntityDeclaration { name, .. } => {
                return Err(SvgProblem::Unsafe(format!(
                    "declares the XML entity `{name}` (entities can expand without bound or \
                     load external files); remove the DOCTYPE"
                )));
            }
            Token::DtdStart {
                external_id: Some(_),
                ..
            }
            | Token::EmptyDtd {
                external_id: Some(_),
                ..
            } => {
                return Err(SvgProblem::Unsafe(
                    "has a DOCTYPE that references an external DTD; remove the DOCTYPE".into(),
                ));
            }
            Token::ProcessingInstruction { target, .. }
                if target.as_str().eq_ignore_ascii_case("xml-stylesheet") =>
            {
                return Err(SvgProblem::Unsafe(
                    "loads an external stylesheet (<?xml-stylesheet?>)".into(),
                ));
            }
            Token::ElementStart { local, .. } => {
                let name = local.as_str().to_ascii_lowercase();
                if FORBIDDEN_ELEMENTS.contains(&name.as_str()) {
                    return Err(SvgProblem::Unsafe(format!(
                        "contains a <{}> element, which can run code or embed other content",
                        local.as_str()
                    )));
                }
                if depth == 0 && root.is_none() {
                    if name != "svg" {
                        return Err(SvgProblem::Invalid(format!(
                            "the root element is <{}>, not <svg>",
                            local.as_str()
                        )));
                    }
                    root = Some(RootSize::default());
                    in_root_tag = true;
                }
                in_style = name == "style";
            }
            Token::Attribute { local, value, .. } => {
                let attr = local.as_str();
                let value = unescape(value.as_str());
                check_attribute(attr, &value)?;
                if in_root_tag {
                    if let Some(size) = root.as_mut() {
                        match attr {
                            "width" => size.width = parse_length(&value),
                            "height" => size.height = parse_length(&value),
                            "viewBox" => size.view_box = parse_view_box(&value),
                            _ => {}
                        }
                    }
                }
            }
            Token::ElementEnd { end, .. } => {
                in_root_tag = false;
                match end {
                    ElementEnd::Open => depth += 1,
                    ElementEnd::Close(..) => {
                        depth = depth.saturating_sub(1);
                        in_style = false;
                    }
                    ElementEnd::Empty => in_style = false,
                }
            }
            Token::Text { text } if in_style => check_css(text.as_str())?,
            Token::Cdata { text, .. } if in_style => check_css(text.as_str())?,
            _ => {}
        }
    }
    let root = root.ok_or_else(|| SvgProblem::Invalid("there is no <svg> element".into()))?;
    root.resolve().ok_or_else(|| {
        SvgProblem::Invalid(
            "the <svg> element has neither width and height (in px) nor a viewBox, so its size \
             is unknown; add a viewBox"
                .into(),
        )
    })
}

#[derive(Default)]
struct RootSize {
    width: Option<f64>,
    height: Option<f64>,
    view_box: Option<(f64, f64)>,
}

impl RootSize {
    fn resolve(&self) -> Option<(u32, u32)> {
        let (w, h) = match (self.width, self.height, self.view_box) {
            (Some(w), Some(h), _) => (w, h),
            (Some(w), None, Some((vw, vh))) => (w, w * vh / vw),
            (None, Some(h), Some((vw, vh))) => (h * vw / vh, h),
            (None, None, Some((vw, vh))) => (vw, vh),
            _ => return None,
        };
        let px = |v: f64| (0.5..=1e6).contains(&v).then(|| v.round() as u32);
        Some((px(w)?, px(h)?))
    }
}

/// A length in user units or px; other units (%, em...) give no intrinsic size.
fn parse_length(value: &str) -> Option<f64> {
    let v = value.trim();
    let v = v.strip_suffix("px").unwrap_or(v);
    v.trim().parse::<f64>().ok().filter(|n| *n > 0.0)
}

fn parse_view_box(value: &str) -> Option<(f64, f64)> {
    let nums: Vec<f64> = value
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|s| !s.is_empty())
        .map(str::parse)
        .collect::<Result<_, _>>()
        .ok()?;
    match nums[..] {
        [_, _, w, h] if w > 0.0 && h > 0.0 => Some((w, h)),
        _ => None,
    }
}

fn check_attribute(attr: &str, value: &str) -> Result<(), SvgProblem> {
    let lower = attr.to_ascii_lowercase();
    if lower.starts_with("on") {
        return Err(SvgProblem::Unsafe(format!(
            "has an event handler attribute `{attr}`, which runs script"
        )));
    }
    if lower == "href" || lower == "src" {
        check_reference(value, attr)?;
    }
    if lower == "attributename" {
        let target = value.trim().to_ascii_lowercase();
        if target.starts_with("on") || target.ends_with("href") {
            return Err(SvgProblem::Unsafe(format!(
                "animates the `{}` attribute, which can inject script or links",
                value.trim()
            )));
        }
    }
    if normalized(value).contains("javascript:") {
        return Err(SvgProblem::Unsafe(format!(
            "attribute `{attr}` contains a javascript: URL"
        )));
    }
    check_css(value)
}

/// CSS (a `<style>` element or a `style`/presentation attribute): no imports, and `url()` only
/// to fragments or embedded images.
fn check_css(css: &str) -> Result<(), SvgProblem> {
    let lower = normalized(css);
    if lower.contains("@import") {
        return Err(SvgProblem::Unsafe(
            "its CSS imports another stylesheet (@import)".into(),
        ));
    }
    if lower.contains("expression(") || lower.contains("javascript:") {
        return Err(SvgProblem::Unsafe("its CSS contains script".into()));
    }
    let mut rest = lower.as_str();
    while let Some(start) = rest.find("url(") {
        let after = &rest[start + 4..];
        let end = after.find(')').unwrap_or(after.len());
        let target = after[..end].trim_matches(|c| c == '"' || c == '\'');
        check_reference(target, "url()")?;
        rest = &after[end..];
    }
    Ok(())
}

/// A reference may point inside the document (`#id`) or embed a raster image (`data:image/png`,
/// jpeg, gif, webp); anything else would load from elsewhere once the SVG is published.
fn check_reference(target: &str, what: &str) -> Result<(), SvgProblem> {
    let t = normalized(target);
    let allowed = t.is_empty()
        || t.starts_with('#')
        || [
            "data:image/png",
            "data:image/jpeg",
            "data:image/gif",
            "data:image/webp",
        ]
        .iter()
        .any(|p| t.starts_with(p));
    if allowed {
        Ok(())
    } else {
        Err(SvgProblem::Unsafe(format!(
            "{what} points outside the file (`{}`); only `#id` references and embedded \
             PNG/JPEG/GIF/WebP data are allowed",
            target.trim()
        )))
    }
}

/// Lower-cased with whitespace and control characters removed, as browsers read URL schemes
/// (`java\tscript:` is `javascript:`).
fn normalized(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Resolves XML character and predefined entity references in an attribute value, so
/// `&#106;avascript:` is seen as `javascript:`.
fn unescape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let Some(semi) = after.find(';').filter(|&i| i <= 10) else {
            out.push('&');
            rest = after;
            continue;
        };
        let entity = &after[..semi];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .map(|hex| u32::from_str_radix(hex, 16))
                .or_else(|| entity.strip_prefix('#').map(str::parse::<u32>))
                .and_then(Result::ok)
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &after[semi + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unsafe_reason(svg: &str) -> String {
        match check(svg.as_bytes()) {
            Err(SvgProblem::Unsafe(m)) => m,
            other => panic!("expected unsafe, got {other:?} for {svg}"),
        }
    }

    #[test]
    fn sizes_come_from_width_height_or_view_box() {
        let ok = |s: &str| check(s.as_bytes()).expect(s);
        assert_eq!(
            ok(r#"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"/>"#),
            (120, 40)
        );
        assert_eq!(
            ok(r#"<svg width="120px" height="40.4px"></svg>"#),
            (120, 40)
        );
        assert_eq!(
            ok(r#"<?xml version="1.0"?><svg viewBox="0 0 300 150"><g/></svg>"#),
            (300, 150)
        );
        assert_eq!(ok(r#"<svg width="100%" viewBox="0,0,64,32"/>"#), (64, 32));
        assert_eq!(ok(r#"<svg width="128" viewBox="0 0 64 32"/>"#), (128, 64));
        assert!(matches!(check(b"<svg/>"), Err(SvgProblem::Invalid(_))));
        assert!(matches!(check(b"<html/>"), Err(SvgProblem::Invalid(_))));
        assert!(matches!(
            check(b"<svg viewBox='0 0 1 1'>"),
            Err(SvgProblem::Invalid(_)) | Ok(_)
        ));
    }

    #[test]
    fn safe_svgs_pass() {
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">
            <defs><linearGradient id="g"/></defs>
            <style>.a { fill: url(#g); }</style>
            <rect class="a" width="10" height="10" fill="url('#g')"/>
            <use xlink:href="#g"/>
            <image href="data:image/png;base64,AAAA"/>
            <a href="#top"><text>on the road</text></a>
        </svg>"##;
        assert_eq!(check(svg.as_bytes()), Ok((10, 10)));
    }

    #[test]
    fn unsafe_svgs_are_refused() {
        let cases = [
            r#"<svg viewBox="0 0 1 1"><script>alert(1)</script></svg>"#,
            r#"<svg viewBox="0 0 1 1"><SCRIPT>alert(1)</SCRIPT></svg>"#,
            r#"<svg viewBox="0 0 1 1" onload="alert(1)"/>"#,
            r#"<svg viewBox="0 0 1 1"><rect onClick="x()"/></svg>"#,
            r#"<svg viewBox="0 0 1 1"><image href="https://evil.example/x.png"/></svg>"#,
            r#"<svg viewBox="0 0 1 1"><image xlink:href="//evil.example/x.png"/></svg>"#,
            r#"<svg viewBox="0 0 1 1"><a href="javascript:alert(1)"><text>x</text></a></svg>"#,
            r#"<svg viewBox="0 0 1 1"><a href="&#106;avascript:alert(1)"/></svg>"#,
            r#"<svg viewBox="0 0 1 1"><a href="java&#9;script:alert(1)"/></svg>"#,
            r#"<svg viewBox="0 0 1 1"><rect style="fill: url(http://evil.example/p)"/></svg>"#,
            r#"<svg viewBox="0 0 1 1"><style>@import url(x.css);</style></svg>"#,
            r#"<svg viewBox="0 0 1 1"><style><![CDATA[ rect { background: url("https://e.x/a") } ]]></style></svg>"#,
            r#"<svg viewBox="0 0 1 1"><foreignObject><div/></foreignObject></svg>"#,
            r#"<svg viewBox="0 0 1 1"><image href="data:image/svg+xml;base64,AAAA"/></svg>"#,
            r#"<svg viewBox="0 0 1 1"><set attributeName="href" to="x"/></svg>"#,
            r#"<?xml-stylesheet href="https://e.x/s.css"?><svg viewBox="0 0 1 1"/>"#,
            r#"<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg viewBox="0 0 1 1">&a;</svg>"#,
            r#"<!DOCTYPE svg SYSTEM "http://e.x/svg.dtd"><svg viewBox="0 0 1 1"/>"#,
        ];
        for svg in cases {
            let reason = unsafe_reason(svg);
            assert!(!reason.is_empty());
        }
    }

    #[test]
    fn sniffing() {
        assert!(sniff(b"<svg/>"));
        assert!(sniff(b"\xef\xbb\xbf  <?xml version='1.0'?>\n<svg/>"));
        assert!(sniff(b"<!-- made by hand --><svg/>"));
        assert!(!sniff(b"\x89PNG\r\n"));
        assert!(!sniff(b"<html><svg/></html>"));
    }
}
