//! Fuzz target: whatever parses must write back and parse to the same interchange.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(parsed) = edifact::parse(data) else { return };
    // Some parsed interchanges cannot be written (e.g. no release character and a service character
    // in data can only come from a UNA without one); those are refused, never mangled.
    let Ok(text) = edifact::write(&parsed.interchange) else { return };
    let again = edifact::parse(text.as_bytes()).expect("written interchange must parse");
    assert_eq!(again.interchange, parsed.interchange);
});
