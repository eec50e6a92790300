//! Loading and validating arbitrary content-file bytes: never a panic or a hang, every
//! finding has a position inside the file (or line 0 for the whole file), and loading is a
//! pure function of the bytes (the same findings twice).
#![no_main]

use libfuzzer_sys::fuzz_target;
use usergroup::load;

fn findings(data: &[u8]) -> Vec<usergroup::diagnostic::Diagnostic> {
    let mut diags = Vec::new();
    let text = match load::decode_text("p.md", data) {
        Ok(text) => text,
        Err(d) => return vec![d],
    };
    let _ = load::page("p.md", &text, "zh", "user-group", &mut diags);
    let _ = load::chapter("c.md", &text, "x", &mut diags);
    let lines = text.split('\n').count();
    for d in &diags {
        assert!(d.line <= lines + 1, "{d:?} is past the end of the file");
        assert!(d.line == 0 || d.column >= 1, "{d:?}");
    }
    diags
}

fuzz_target!(|data: &[u8]| {
    assert_eq!(findings(data), findings(data));
});
