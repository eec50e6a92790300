//! The SVG allowlist checker on arbitrary bytes: it must never panic or hang, and an accepted
//! SVG must have a size, be accepted again (the check is a pure function of the bytes), and
//! contain no tag of the refused families under any namespace prefix: a crude second opinion
//! on the allowlist, skipped when a comment or CDATA section could hold such text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use usergroup::images::check_svg;

/// Local names that must never start an element of an accepted SVG.
const REFUSED: [&str; 4] = ["script", "foreignobject", "iframe", "handler"];

fn has_refused_tag(text: &str) -> bool {
    text.match_indices('<').any(|(at, _)| {
        let name: String = text[at + 1..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || matches!(c, ':' | '-' | '_' | '.'))
            .collect();
        let local = name.rsplit(':').next().unwrap_or_default();
        REFUSED.iter().any(|r| local.eq_ignore_ascii_case(r))
    })
}

fuzz_target!(|data: &[u8]| {
    if let Ok((width, height)) = check_svg(data) {
        assert!(width > 0 && height > 0);
        assert_eq!(check_svg(data), Ok((width, height)));
        let text = String::from_utf8_lossy(data);
        if !text.contains("<!--") && !text.contains("<![CDATA[") {
            assert!(!has_refused_tag(&text), "accepted a refused element");
        }
    }
});
