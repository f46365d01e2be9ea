//! Parse throughput on a large generated interchange: the tokenizer alone, the envelope reader, the
//! owned EDIFACT model, and the full PAXLST model. Run with
//! `CARGO_TARGET_DIR=/work/target-paxlst cargo bench -p paxlst --bench parse`.

use std::sync::LazyLock;

use divan::Bencher;
use divan::counter::BytesCount;
use paxlst::synth::{SynthOptions, interchange, text};

fn main() {
    divan::main();
}

/// About 26 MB: 250 flights of 500 persons, in one functional group (the guide's layout).
static LARGE: LazyLock<String> = LazyLock::new(|| {
    text(&interchange(&SynthOptions {
        seed: 2026,
        messages: 250,
        persons_per_message: 500,
        ..SynthOptions::default()
    }))
});

/// The same without UNG/UNE, the file pydifact can read (see `pydifact_compare.py`).
static LARGE_NO_GROUPS: LazyLock<String> = LazyLock::new(|| {
    text(&interchange(&SynthOptions {
        seed: 2026,
        messages: 250,
        persons_per_message: 500,
        groups: false,
        ..SynthOptions::default()
    }))
});

/// One 500-person flight, the unit of pre-arrival screening.
static FLIGHT: LazyLock<String> = LazyLock::new(|| paxlst::synth::manifest(7, 500));

fn today() -> jiff::civil::Date {
    jiff::civil::date(2026, 3, 1)
}

/// Segments only: tags, numbers, offsets, terminators found (release characters honoured).
#[divan::bench(sample_count = 10, sample_size = 1)]
fn tokenizer_segments(bencher: Bencher<'_, '_>) {
    let input = LARGE.as_bytes();
    bencher.counter(BytesCount::new(input.len())).bench(|| {
        edifact::Tokenizer::new(input).into_iter().flatten().flatten().map(|s| s.tag().len()).sum::<usize>()
    });
}

/// Segments and every component boundary (what a consumer of the raw layer needs).
#[divan::bench(sample_count = 10, sample_size = 1)]
fn tokenizer_with_field_index(bencher: Bencher<'_, '_>) {
    let input = LARGE.as_bytes();
    bencher.counter(BytesCount::new(input.len())).bench(|| {
        let mut index = edifact::FieldIndex::default();
        let mut elements = 0usize;
        for seg in edifact::Tokenizer::new(input).into_iter().flatten().flatten() {
            index.index(&seg);
            elements += index.elements();
        }
        elements
    });
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn envelope(bencher: Bencher<'_, '_>) {
    let input = LARGE.as_bytes();
    bencher.counter(BytesCount::new(input.len())).bench(|| {
        let mut parser = edifact::Parser::new(input).ok();
        let events = parser.as_mut().map_or(0, |p| p.by_ref().count());
        (events, parser.map(|p| p.findings().len()))
    });
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn edifact_owned_model(bencher: Bencher<'_, '_>) {
    let input = LARGE.as_bytes();
    bencher.counter(BytesCount::new(input.len())).bench(|| edifact::parse(input).map(|p| p.findings.len()));
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn paxlst_full_model(bencher: Bencher<'_, '_>) {
    let input = LARGE.as_bytes();
    let options = paxlst::Options::lenient(today());
    bencher.counter(BytesCount::new(input.len())).bench(|| paxlst::parse(input, &options));
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn paxlst_full_model_no_groups(bencher: Bencher<'_, '_>) {
    let input = LARGE_NO_GROUPS.as_bytes();
    let options = paxlst::Options::lenient(today());
    bencher.counter(BytesCount::new(input.len())).bench(|| paxlst::parse(input, &options));
}

#[divan::bench(sample_count = 200)]
fn paxlst_one_500_person_flight(bencher: Bencher<'_, '_>) {
    let input = FLIGHT.as_bytes();
    let options = paxlst::Options::lenient(today());
    bencher.counter(BytesCount::new(input.len())).bench(|| paxlst::parse(input, &options));
}

#[divan::bench(sample_count = 200)]
fn make_one_500_person_flight(bencher: Bencher<'_, '_>) {
    let manifest = paxlst::synth::manifest_json(7, 500);
    bencher.bench(|| paxlst::make(&manifest));
}
