//! Times pre-arrival screening end to end: a synthetic 500-person PAXLST manifest (`paxlst::synth`, a
//! few persons replaced by listed people so that hits are found and explained) is parsed and every person
//! decided by `clearance::prearrival_all` — document, expiry, lost/stolen, watchlist, entry rules —
//! against a watchlist file (the `watchlist.csv` that `screening-eval --write DIR` writes), on one thread.
//!
//! ```sh
//! cargo run --release -p screening-eval -- --entries 1000000 --positives 10 --negatives 10 --write /tmp/wl
//! cargo run --release -p clearance --example prearrival_bench -- /tmp/wl/watchlist.csv [--persons 500] [--runs 30] [--listed 25] [--threads 1]
//! ```
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::process::ExitCode;
use std::time::{Duration, Instant};

use paxlst::{Decision, Options, Role};

fn arg(args: &[String], name: &str, default: usize) -> usize {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first().filter(|a| !a.starts_with("--")) else {
        eprintln!(
            "usage: prearrival_bench WATCHLIST.csv [--persons 500] [--runs 30] [--listed 25] [--threads 1]"
        );
        return ExitCode::from(2);
    };
    let (persons, runs, listed, threads) = (
        arg(&args, "--persons", 500),
        arg(&args, "--runs", 30),
        arg(&args, "--listed", 25),
        arg(&args, "--threads", 1),
    );
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::from(2);
        }
    };
    let started = Instant::now();
    let imported =
        match screening::import(&text, screening::ImportFormat::Csv, &screening::ImportOptions::default()) {
            Ok(i) => i,
            Err(e) => {
                eprintln!("{path}: {e}");
                return ExitCode::from(2);
            }
        };
    drop(text);
    // Listed people to put on the manifest: entries with a Latin name and a full birth date.
    let picks: Vec<screening::Entry> = imported
        .entries
        .iter()
        .filter(|e| e.alert_type != screening::AlertType::LostStolenDocument)
        .filter(|e| e.birth_dates.first().is_some_and(screening::BirthDate::is_day))
        .filter(|e| e.names.first().is_some_and(|n| n.is_ascii() && n.split_whitespace().count() >= 2))
        .step_by(997)
        .take(listed)
        .cloned()
        .collect();
    let mut index = match screening::Index::build(imported.entries) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::from(2);
        }
    };
    println!("watchlist: {} entries, index built in {:.1} s", index.len(), started.elapsed().as_secs_f64());

    let start = jiff::civil::date(2026, 12, 1);
    let mut manifest = paxlst::synth::interchange(&paxlst::synth::SynthOptions {
        seed: 9303,
        persons_per_message: persons,
        start,
        ..paxlst::synth::SynthOptions::default()
    });
    if let Some(m) = manifest.messages.first_mut() {
        let n = m.persons.len().max(1);
        for (k, e) in picks.iter().enumerate() {
            let Some(p) = m.persons.get_mut(k * n / picks.len().max(1)) else { continue };
            let name = e.names.first().map(String::as_str).unwrap_or_default();
            let mut parts: Vec<&str> = name.split_whitespace().collect();
            let surname = parts.pop().unwrap_or_default();
            p.surname = surname.to_uppercase().into();
            p.given_names = Some(parts.join(" ").to_uppercase().into());
            if let Some(screening::BirthDate::Day(d)) = e.birth_dates.first() {
                p.birth_date = Some(*d);
            }
            if let Some(nat) = e.nationalities.first() {
                p.nationality = Some(nat.as_str().into());
            }
        }
    }
    let text = paxlst::synth::text(&manifest);
    let rules = match policy::RuleSet::china() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("rule set: {e}");
            return ExitCode::from(1);
        }
    };
    let options = Options::lenient(start);
    let decide = |text: &str, index: &screening::Index| {
        let engines = clearance::Engines::new(&rules, index);
        let report = paxlst::parse(text, &options);
        let mut decided = Vec::new();
        for m in &report.messages {
            if let Some(flight) = clearance::arriving_flight(m, jiff::Timestamp::UNIX_EPOCH) {
                decided.extend(clearance::prearrival_parallel(&m.persons, &flight, &engines, threads));
            }
        }
        decided
    };

    // Cold: the index's part-lookup cache is emptied before every run (not timed), so every name part of
    // the manifest is looked up afresh.
    let mut times: Vec<Duration> = Vec::with_capacity(runs);
    let mut last = Vec::new();
    for _ in 0..runs.max(1) {
        index.clear_lookup_cache();
        let t = Instant::now();
        let decided = decide(&text, &index);
        times.push(t.elapsed());
        last = decided;
    }
    // Warm: as in a running server, the cache holds the parts of twenty other flights' manifests (other
    // seeds) but not this one's own.
    let others: Vec<String> = (1..=20)
        .map(|k| {
            paxlst::synth::text(&paxlst::synth::interchange(&paxlst::synth::SynthOptions {
                seed: 9303 + k,
                persons_per_message: persons,
                start,
                ..paxlst::synth::SynthOptions::default()
            }))
        })
        .collect();
    let mut warm: Vec<Duration> = Vec::with_capacity(runs);
    for _ in 0..runs.max(1) {
        index.clear_lookup_cache();
        for other in &others {
            std::hint::black_box(decide(other, &index));
        }
        let t = Instant::now();
        std::hint::black_box(decide(&text, &index));
        warm.push(t.elapsed());
    }
    warm.sort();
    times.sort();
    let best = times.first().copied().unwrap_or_default();
    let median = times.get(times.len() / 2).copied().unwrap_or_default();
    let count = |d: Decision| last.iter().filter(|p| p.verdict == d).count();
    let hits = last.iter().filter(|p| !p.hits.is_empty()).count();
    let decided = last.len().max(1);
    println!(
        "manifest: {} persons ({} bytes), {} listed people put on it; flight {}",
        last.len(),
        text.len(),
        picks.len(),
        manifest.messages.first().and_then(|m| m.flight.as_ref()).map_or_else(String::new, |l| format!(
            "{}{} {} → {}",
            l.carrier,
            l.number,
            l.departure.port.as_deref().unwrap_or("?"),
            l.arrival.port.as_deref().unwrap_or("?")
        ))
    );
    println!(
        "verdicts: board {}, no-board {}, refer {}; persons with a watchlist hit: {hits}",
        count(Decision::Board),
        count(Decision::NoBoard),
        count(Decision::Refer)
    );
    let crew = last.len()
        - manifest.messages.iter().flat_map(|m| &m.persons).filter(|p| p.role == Role::Passenger).count();
    if crew > 0 {
        println!("({crew} crew)");
    }
    #[allow(clippy::cast_precision_loss)]
    let per_second = decided as f64 / median.as_secs_f64().max(f64::MIN_POSITIVE);
    println!(
        "parse + decide, {threads} thread(s), cold part cache, {} runs: best {:.2} ms, median {:.2} ms ({:.1} µs per person, {:.0} persons/s)",
        times.len(),
        best.as_secs_f64() * 1e3,
        median.as_secs_f64() * 1e3,
        median.as_secs_f64() * 1e6 / decided as f64,
        per_second
    );
    let (wbest, wmedian) =
        (warm.first().copied().unwrap_or_default(), warm.get(warm.len() / 2).copied().unwrap_or_default());
    println!(
        "parse + decide, {threads} thread(s), cache warm from 20 other manifests, {} runs: best {:.2} ms, median {:.2} ms ({:.1} µs per person)",
        warm.len(),
        wbest.as_secs_f64() * 1e3,
        wmedian.as_secs_f64() * 1e3,
        wmedian.as_secs_f64() * 1e6 / decided as f64
    );
    ExitCode::SUCCESS
}
