//! Fuzz target: any bytes, read as text lines, must never make the reader panic; a zone that strict mode
//! accepts must be accepted unchanged by lenient mode; every report must serialise.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mrz::{Mode, ParseOptions};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let today = jiff::civil::date(2026, 12, 2);
    let strict = ParseOptions::new(today);
    let lenient = ParseOptions::new(today).mode(Mode::Lenient);
    for lines in mrz::split_documents(&text) {
        let s = mrz::parse(&lines, &strict);
        let l = mrz::parse(&lines, &lenient);
        if s.valid {
            assert!(l.valid, "lenient rejects what strict accepts: {lines:?}");
            assert!(l.corrections.is_empty(), "lenient changed a valid zone: {lines:?}");
        }
        assert!(serde_json::to_string(&s).is_ok());
        assert!(serde_json::to_string(&l).is_ok());
    }
    // The whole input as one zone, too (a single 88-character line is split by the reader).
    let one = [text.as_ref()];
    let _ = mrz::parse(&one, &strict);
    let _ = mrz::parse(&one, &lenient);
});
