//! See `usergroup::fuzzing::front_matter` for the properties asserted; the inputs this target once
//! failed on are kept in `fixtures/fuzz/front_matter/` and run by `cargo test`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| usergroup::fuzzing::front_matter(data));
