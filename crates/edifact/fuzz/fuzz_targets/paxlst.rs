//! Fuzz target: the PAXLST reader never panics, and what it reads without errors can be rebuilt.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let options = paxlst::Options::lenient(jiff::civil::date(2026, 1, 1));
    let report = paxlst::parse(data, &options);
    if report.errors.is_empty() {
        let text = paxlst::make(&report.manifest()).expect("a clean report can be rebuilt");
        let again = paxlst::parse(&text, &options);
        assert!(again.errors.is_empty(), "{:?}", again.errors);
    }
});
