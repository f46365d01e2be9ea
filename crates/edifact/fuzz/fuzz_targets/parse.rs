//! Fuzz target: arbitrary bytes through every reading layer must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(tokens) = edifact::Tokenizer::new(data) {
        let mut index = edifact::FieldIndex::default();
        for seg in tokens.flatten() {
            index.index(&seg);
            for e in 1..=index.elements() {
                let _ = index.get(&seg, e, 1).map(|v| v.text());
            }
            for element in seg.elements() {
                for value in element.components() {
                    let _ = value.text();
                }
            }
        }
    }
    if let Ok(parser) = edifact::Parser::new(data) {
        for _ in parser {}
    }
    let _ = edifact::parse(data);
});
