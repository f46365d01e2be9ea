//! Times the readers on one file (best of N runs), for comparisons with other parsers on the very same
//! bytes: `cargo run --release -p paxlst --example bench_file -- FILE [RUNS]`.
//!
//! Each run is timed twice: wall-clock, and the CPU time of the thread (from Linux's
//! `/proc/thread-self/schedstat`, when there is one), which other processes on a busy machine do not
//! inflate by taking the core away. As in the divan benches, dropping what a reader built is not
//! timed.

use std::time::{Duration, Instant};

/// CPU time the current thread has run, where the kernel tells it.
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos = stat.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(nanos))
}

/// The best wall-clock and the best CPU time of `runs` runs.
fn best<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, Option<Duration>) {
    let mut wall = Duration::MAX;
    let mut cpu: Option<Duration> = None;
    for _ in 0..runs.max(1) {
        let cpu_start = cpu_time();
        let start = Instant::now();
        let out = std::hint::black_box(f());
        wall = wall.min(start.elapsed());
        if let (Some(a), Some(b)) = (cpu_start, cpu_time()) {
            let spent = b.saturating_sub(a);
            cpu = Some(cpu.map_or(spent, |c| c.min(spent)));
        }
        drop(out);
    }
    (wall, cpu)
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
    eprintln!("{:<26} {:>9} {:>10} {:>9} {:>10}", "", "wall ms", "MB/s", "cpu ms", "MB/s");
    for (name, (wall, cpu)) in rows {
        let cpu = cpu.map_or_else(
            || format!("{:>9} {:>10}", "-", "-"),
            |c| format!("{:>9.1} {:>10.1}", c.as_secs_f64() * 1e3, mb / c.as_secs_f64()),
        );
        eprintln!("{name:<26} {:>9.1} {:>10.1} {cpu}", wall.as_secs_f64() * 1e3, mb / wall.as_secs_f64());
    }
}
