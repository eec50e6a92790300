//! See `usergroup::fuzzing::image_inspect` for the properties asserted; the inputs this target once
//! failed on are kept in `fixtures/fuzz/image_inspect/` and run by `cargo test`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| usergroup::fuzzing::image_inspect(data));
