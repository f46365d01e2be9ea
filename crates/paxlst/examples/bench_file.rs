//! Times the readers on one file (best of N runs), for comparisons with other parsers on the very same
//! bytes: `cargo run --release -p paxlst --example bench_file -- FILE [RUNS]`.

use std::time::{Duration, Instant};

fn best<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(f());
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: bench_file FILE [RUNS]");
        return;
    };
    let runs = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(5);
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: {e}");
            return;
        }
    };
    let mb = bytes.len() as f64 / 1e6;
    let options = paxlst::Options::lenient(jiff::civil::date(2026, 3, 1));
    let report = paxlst::parse(&bytes, &options);
    let persons: usize = report.messages.iter().map(|m| m.persons.len()).sum();
    let rows = [
        (
            "tokenizer + field index",
            best(runs, || {
                let mut index = edifact::FieldIndex::default();
                let mut n = 0;
                for seg in edifact::Tokenizer::new(&bytes).into_iter().flatten().flatten() {
                    index.index(&seg);
                    n += index.elements();
                }
                n
            }),
        ),
        ("edifact owned model", best(runs, || edifact::parse(&bytes).map(|p| p.findings.len()))),
        ("paxlst full model", best(runs, || paxlst::parse(&bytes, &options))),
    ];
    eprintln!(
        "{path}: {mb:.2} MB, {} messages, {persons} persons, {} errors",
        report.messages.len(),
        report.errors.len()
    );
    for (name, t) in rows {
        eprintln!("{name:<26} {:>9.1} ms {:>9.1} MB/s", t.as_secs_f64() * 1e3, mb / t.as_secs_f64());
    }
}
