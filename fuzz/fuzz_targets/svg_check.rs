//! See `usergroup::fuzzing::svg_check` for the properties asserted; the inputs this target once
//! failed on are kept in `fixtures/fuzz/svg_check/` and run by `cargo test`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| usergroup::fuzzing::svg_check(data));
