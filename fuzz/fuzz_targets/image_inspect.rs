//! Image inspection (what `check` decides) against rendering's decode (what `build` does) on
//! arbitrary bytes: neither may panic or hang, and a raster inspection accepts must decode
//! for rendering at the same upright size.
#![no_main]

use libfuzzer_sys::fuzz_target;
use usergroup::images::{fuzzing, inspect, Inspection};

fuzz_target!(|data: &[u8]| {
    match inspect(data) {
        Inspection::Raster { width, height } => {
            assert_eq!(fuzzing::render_size(data), Ok((width, height)));
        }
        Inspection::Svg { width, height } => assert!(width > 0 && height > 0),
        Inspection::Refused(refusal) => {
            assert!(!refusal.message().is_empty());
            if let Ok(size) = fuzzing::render_size(data) {
                // Build may render a file check refused only if it is not a raster at all.
                assert!(
                    !matches!(refusal, usergroup::images::Refusal::Undecodable(_)),
                    "check refused what build renders at {size:?}: {refusal:?}"
                );
            }
        }
    }
});
