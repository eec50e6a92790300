//! The properties the fuzz targets in `fuzz/` assert, one function a target, so the targets
//! are one line each and the inputs they once crashed on (`fixtures/fuzz/<target>/`) run on
//! every `cargo test` through the same code. Not a stable API.
//!
//! Each function panics when a property fails, which is what libFuzzer records as a crash.

use crate::diagnostic::{Diagnostic, SourceFiles};
use crate::images::{self, check_svg, inspect, Inspection, Refusal};
use crate::{load, validate};

/// Local names that must never start an element of an accepted SVG.
const REFUSED_ELEMENTS: [&str; 4] = ["script", "foreignobject", "iframe", "handler"];

/// The SVG allowlist on arbitrary bytes: never a panic or a hang; an accepted SVG has a size,
/// is accepted again (a pure function of the bytes), and contains no tag of the refused
/// families under any namespace prefix: a crude second opinion on the allowlist, skipped when
/// a comment or CDATA section could hold such text.
pub fn svg_check(data: &[u8]) {
    if let Ok((width, height)) = check_svg(data) {
        assert!(width > 0 && height > 0);
        assert_eq!(check_svg(data), Ok((width, height)));
        let text = String::from_utf8_lossy(data);
        if !text.contains("<!--") && !text.contains("<![CDATA[") {
            assert!(!has_refused_tag(&text), "accepted a refused element");
        }
    }
}

fn has_refused_tag(text: &str) -> bool {
    text.match_indices('<').any(|(at, _)| {
        let name: String = text[at + 1..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || matches!(c, ':' | '-' | '_' | '.'))
            .collect();
        let local = name.rsplit(':').next().unwrap_or_default();
        REFUSED_ELEMENTS
            .iter()
            .any(|r| local.eq_ignore_ascii_case(r))
    })
}

/// Image inspection (what `check` decides) against rendering's decode (what `build` does):
/// neither panics or hangs; a raster inspection accepts decodes for rendering at the same
/// upright size; `build` never renders what `check` called undecodable; and `build`'s
/// header-only look agrees with the full inspection wherever it answers.
pub fn image_inspect(data: &[u8]) {
    let header = images::fuzzing::header_size(data);
    match inspect(data) {
        Inspection::Raster { width, height } => {
            assert_eq!(images::fuzzing::render_size(data), Ok((width, height)));
            assert_eq!(header, Ok((width, height)), "the header disagrees");
        }
        Inspection::Svg { width, height } => assert!(width > 0 && height > 0),
        Inspection::Refused(refusal) => {
            assert!(!refusal.message().is_empty());
            if let Ok(size) = images::fuzzing::render_size(data) {
                // Build may render a file check refused only if it is not a raster at all.
                assert!(
                    !matches!(refusal, Refusal::Undecodable(_)),
                    "check refused what build renders at {size:?}: {refusal:?}"
                );
            }
        }
    }
}

/// Loading and validating arbitrary content-file bytes: never a panic or a hang, every
/// finding inside the file (or on line 0, the whole file), and the same findings twice.
///
/// The bytes are read both as the list page and as a chapter; when the page loads, the
/// chapter (if it loads) is attached to it and every page rule runs. The image rule is not
/// run: it reads the referenced files from disk.
pub fn front_matter(data: &[u8]) {
    assert_eq!(findings(data), findings(data));
}

fn findings(data: &[u8]) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let text = match load::decode_text("p.md", data) {
        Ok(text) => text,
        Err(d) => return vec![d],
    };
    let page = load::page("p.md", &text, "zh", "user-group", &mut diags);
    let chapter = load::chapter("c.md", &text, "x", &mut diags);
    if let Some(mut page) = page {
        page.chapters.extend(chapter);
        let mut sources = SourceFiles::new();
        sources.insert("p.md", text.clone());
        sources.insert("c.md", text.clone());
        validate::page_rules(&page, &sources, true, &mut diags);
    }
    let lines = text.split('\n').count();
    for d in &diags {
        assert!(d.line <= lines + 1, "{d:?} is past the end of the file");
        assert!(d.line == 0 || d.column >= 1, "{d:?}");
    }
    diags
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    /// Every input a fuzz target once failed on still passes its property.
    #[test]
    fn saved_fuzz_inputs_pass() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/fuzz");
        type Property = fn(&[u8]);
        let targets: [(&str, Property); 3] = [
            ("svg_check", super::svg_check),
            ("image_inspect", super::image_inspect),
            ("front_matter", super::front_matter),
        ];
        let mut ran = 0;
        for (target, property) in targets {
            let Ok(entries) = std::fs::read_dir(dir.join(target)) else {
                continue;
            };
            for entry in entries.flatten() {
                let bytes = std::fs::read(entry.path()).expect("read a saved input");
                property(&bytes);
                ran += 1;
            }
        }
        assert!(ran > 0, "no saved inputs under {}", dir.display());
    }
}
