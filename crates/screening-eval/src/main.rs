//! `screening-eval`: generates the deterministic labelled evaluation set (a synthetic multi-cultural
//! watchlist and queries), runs guomen's matcher and a brute-force Jaro-Winkler baseline over it, and
//! prints recall, false hits per 1,000 unlisted travellers, per-query latency, build time and memory.
//!
//! ```text
//! cargo run --release -p screening-eval -- [--entries 1000000] [--positives 11000] [--negatives 10000]
//!     [--baseline 200] [--seed 9303] [--threshold 0.80] [--pools realistic|small]
//!     [--birth-dates old|sanctions|documents] [--write DIR] [--debug N] [--repeat-slowest N] [--repeat-cold N | --repeat-warm N]
//! ```
//! `--pools small` is the first evaluation's generator (small hand-written pools), kept so that its figures
//! stay reproducible; `--pools realistic` (the default) adds generated long tails with realistic
//! frequencies (see `realistic`).
//! `--write DIR` also writes the watchlist (`watchlist.csv`) and the queries (`queries.csv`, with a
//! `labels.csv` of expected ids) in the CLI's formats.

#![allow(clippy::print_stdout, clippy::print_stderr)]

mod baseline;
mod generate;
mod pools;
mod realistic;

use std::collections::{BTreeMap, HashSet};
use std::time::Instant;

use generate::{BirthDates, Pools, Rng, VARIATIONS, entry, person_from, traveller, variation};
use screening::{Entry, Index, LatencySummary, MatchConfig, Query, ScreenContext};

struct Args {
    entries: usize,
    positives: usize,
    negatives: usize,
    baseline: usize,
    seed: u64,
    threshold: f64,
    write: Option<String>,
    debug: usize,
    pools: Pools,
    dates: BirthDates,
    /// Re-runs the slowest queries this many times each (for profiling with `perf`).
    repeat_slowest: usize,
    /// Re-runs the whole cold pass this many times (for profiling with `perf`).
    repeat_cold: usize,
    /// Re-runs the whole warm pass this many times (for profiling with `perf`).
    repeat_warm: usize,
}

fn args() -> Args {
    let mut a = Args {
        entries: 1_000_000,
        positives: 11_000,
        negatives: 10_000,
        baseline: 200,
        seed: 9303,
        threshold: 0.80,
        write: None,
        debug: 0,
        pools: Pools::Realistic,
        dates: BirthDates::Old,
        repeat_slowest: 0,
        repeat_cold: 0,
        repeat_warm: 0,
    };
    let v: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < v.len() {
        let val = v.get(i + 1).cloned().unwrap_or_default();
        match v[i].as_str() {
            "--entries" => a.entries = val.parse().unwrap_or(a.entries),
            "--positives" => a.positives = val.parse().unwrap_or(a.positives),
            "--negatives" => a.negatives = val.parse().unwrap_or(a.negatives),
            "--baseline" => a.baseline = val.parse().unwrap_or(a.baseline),
            "--seed" => a.seed = val.parse().unwrap_or(a.seed),
            "--threshold" => a.threshold = val.parse().unwrap_or(a.threshold),
            "--write" => a.write = Some(val),
            "--debug" => a.debug = val.parse().unwrap_or(0),
            "--repeat-slowest" => a.repeat_slowest = val.parse().unwrap_or(0),
            "--repeat-cold" => a.repeat_cold = val.parse().unwrap_or(0),
            "--repeat-warm" => a.repeat_warm = val.parse().unwrap_or(0),
            "--pools" => match val.as_str() {
                "small" => a.pools = Pools::Small,
                "realistic" => a.pools = Pools::Realistic,
                other => eprintln!("unknown pools {other:?}; using the default"),
            },
            "--birth-dates" => match val.as_str() {
                "old" => a.dates = BirthDates::Old,
                "sanctions" => a.dates = BirthDates::Sanctions,
                "documents" => a.dates = BirthDates::Documents,
                other => eprintln!("unknown birth-date profile {other:?}; using the default"),
            },
            other => eprintln!("ignoring argument {other}"),
        }
        i += 2;
    }
    a
}

/// Reads a field of /proc/self/status in MiB.
fn status_mib(field: &str) -> f64 {
    let text = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    text.lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

/// What the generator is asked for: the same settings give the same set.
#[derive(Clone, Copy)]
struct Gen {
    seed: u64,
    pools: Pools,
    dates: BirthDates,
}

/// The generator state of listed person `i`: the same person and entry every time.
fn listed(g: Gen, i: usize) -> (generate::Person, Entry) {
    let mut rng = Rng::new(g.seed ^ (i as u64).wrapping_mul(0x2545_F491_4F6C_DD1D));
    let p = person_from(g.pools, &mut rng);
    let e = entry(&p, i, &mut rng, g.dates);
    (p, e)
}

/// The person's name (order-free, diacritics dropped), with or without the birth date.
fn name_key(p: &generate::Person, with_birth: bool) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut toks: Vec<String> =
        generate::strip_diacritics(&p.latin()).to_uppercase().split_whitespace().map(str::to_owned).collect();
    toks.sort();
    let mut h = std::collections::hash_map::DefaultHasher::new();
    toks.hash(&mut h);
    if with_birth {
        p.birth.hash(&mut h);
    }
    h.finish()
}

struct Labelled {
    query: Query,
    target: Option<String>,
    kind: &'static str,
}

fn main() {
    let a = args();
    println!(
        "# screening-eval: entries={} seed={} threshold={} pools={:?} birth-dates={:?}",
        a.entries, a.seed, a.threshold, a.pools, a.dates
    );
    let g = Gen { seed: a.seed, pools: a.pools, dates: a.dates };
    let t = Instant::now();
    let mut entries = Vec::with_capacity(a.entries);
    let mut keys: HashSet<u64> = HashSet::with_capacity(a.entries);
    // How often each full name (order-free) occurs among the listed people: the inventory's realism.
    let mut names: std::collections::HashMap<u64, u32> = std::collections::HashMap::with_capacity(a.entries);
    let mut aliases = 0usize;
    for i in 0..a.entries {
        let (p, e) = listed(g, i);
        keys.insert(name_key(&p, true));
        *names.entry(name_key(&p, false)).or_default() += 1;
        aliases += e.names.len();
        entries.push(e);
    }
    println!("generated {} entries ({} names) in {:.1} s", entries.len(), aliases, t.elapsed().as_secs_f64());
    {
        let max = names.values().copied().max().unwrap_or(0);
        let unique = names.values().filter(|&&c| c == 1).count();
        let mut dist: Vec<u32> = names.values().copied().collect();
        dist.sort_unstable_by(|x, y| y.cmp(x));
        let top100: u64 = dist.iter().take(100).map(|&c| u64::from(c)).sum();
        println!(
            "inventory: {} distinct full names; {:.1}% of entries carry a name no other entry has; commonest full name {} times; the 100 commonest full names cover {:.2}% of entries",
            names.len(),
            unique as f64 * 100.0 / a.entries.max(1) as f64,
            max,
            top100 as f64 * 100.0 / a.entries.max(1) as f64
        );
    }

    if let Some(dir) = &a.write {
        write_watchlist(dir, &entries);
    }

    // Queries.
    let mut rng = Rng::new(a.seed.wrapping_add(1));
    let mut queries: Vec<Labelled> = Vec::new();
    let mut k = 0usize;
    while queries.iter().filter(|q| q.target.is_some()).count() < a.positives && k < a.positives * 20 {
        let kind = VARIATIONS[k % VARIATIONS.len()];
        k += 1;
        let i = rng.below(a.entries);
        let (p, e) = listed(g, i);
        if let Some(q) = variation(&p, &e, kind, &mut rng) {
            queries.push(Labelled { query: q, target: Some(e.id.clone()), kind });
        }
    }
    let mut fresh_seed = a.seed.wrapping_add(0x1000_0000);
    // Unlisted fresh travellers whose full name some listed entry also carries (any birth date).
    let (mut fresh, mut fresh_shared, mut fresh_common) = (0usize, 0usize, 0usize);
    while queries.iter().filter(|q| q.target.is_none()).count() < a.negatives {
        if rng.chance(0.5) {
            // A fresh traveller from the same pools: common names recur.
            fresh_seed = fresh_seed.wrapping_add(1);
            let mut r = Rng::new(fresh_seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
            let p = person_from(a.pools, &mut r);
            if keys.contains(&name_key(&p, true)) {
                continue;
            }
            let shared = names.get(&name_key(&p, false)).copied().unwrap_or(0);
            fresh += 1;
            fresh_shared += usize::from(shared >= 1);
            fresh_common += usize::from(shared >= 10);
            queries.push(Labelled {
                query: traveller(&p, &mut r, None),
                target: None,
                kind: "unlisted-fresh",
            });
        } else {
            // A listed person's exact name, someone else's birth date (at least three years apart).
            // Only listed people with a birth date: a different birth date needs one to differ from.
            let i = rng.below(a.entries);
            let (p, e) = listed(g, i);
            if e.birth_dates.is_empty() {
                continue;
            }
            let shift = 3 + rng.below(20) as i16;
            let year = if rng.chance(0.5) { p.birth.0 + shift } else { p.birth.0 - shift };
            queries.push(Labelled {
                query: traveller(&p, &mut rng, Some(year)),
                target: None,
                kind: "unlisted-same-name",
            });
        }
    }
    drop(keys);
    drop(names);
    println!(
        "unlisted fresh travellers: {fresh}; {:.1}% carry a full name that some listed entry has, {:.1}% one that 10 or more entries have",
        fresh_shared as f64 * 100.0 / fresh.max(1) as f64,
        fresh_common as f64 * 100.0 / fresh.max(1) as f64
    );
    if let Some(dir) = &a.write {
        write_queries(dir, &queries);
    }
    let rss_before = status_mib("VmRSS:");

    // Index.
    let t = Instant::now();
    let mut index = match Index::build(entries) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("build failed: {e}");
            std::process::exit(1);
        }
    };
    let build_s = t.elapsed().as_secs_f64();
    let rss_after = status_mib("VmRSS:");
    println!(
        "index: {} entries, {} distinct spellings, built in {:.1} s; RSS {:.0} MiB before build, {:.0} MiB after (index ≈ {:.0} MiB)",
        index.len(),
        index.vocabulary_len(),
        build_s,
        rss_before,
        rss_after,
        rss_after - rss_before
    );

    for (part, items, bytes) in index.part_sizes() {
        println!("- index part {part}: {items} items, ~{:.0} MiB", bytes as f64 / 1048576.0);
    }
    let (mass, limits) = index.rarity_profile(&[0.001, 0.002, 0.005, 0.01, 0.02]);
    // How many entries without a full birth date each budget lets hit on an exact name alone.
    let undated: Vec<f64> = index
        .entries()
        .into_iter()
        .filter(|(e, _)| !e.birth_dates.iter().any(screening::BirthDate::is_day))
        .map(|(e, _)| e.birth_dates.len() as f64)
        .collect();
    println!(
        "rarity rule: {} entries without a full birth date; their names' summed share (false hits per traveller if every one hit on its name) {:.4}; limits {}",
        undated.len(),
        mass,
        limits.iter().map(|(b, l)| format!("budget {b} -> {l:.2e}")).collect::<Vec<_>>().join(", ")
    );
    let config = MatchConfig { threshold: a.threshold, ..MatchConfig::default() };
    let ctx = ScreenContext::new(&config);
    // Warm up caches and lazy tables.
    for q in queries.iter().take(200) {
        let _ = index.screen(&q.query, &ctx);
    }
    let mut lat = Vec::with_capacity(queries.len());
    let mut results: Vec<Vec<String>> = Vec::with_capacity(queries.len());
    let mut cands: Vec<(usize, usize)> = Vec::with_capacity(queries.len());
    // Cold: the part-lookup cache is emptied before every query (not timed), so each query pays for
    // looking every one of its parts up, as the first traveller with a new name does.
    let mut total_ns = 0u64;
    for q in &queries {
        index.clear_lookup_cache();
        let s = Instant::now();
        let r = index.screen(&q.query, &ctx);
        let ns = s.elapsed().as_nanos() as u64;
        total_ns += ns;
        lat.push(ns);
        cands.push((r.candidates, r.scored));
        results.push(r.hits.into_iter().map(|h| h.id).collect());
    }
    let total_s = total_ns as f64 / 1e9;
    let l = LatencySummary::from_nanos(&lat);
    println!(
        "guomen matcher, cold part cache: {} queries in {:.2} s ({:.0} queries/s, one thread); p50 {:.0} µs, p99 {:.0} µs, max {:.0} µs",
        queries.len(),
        total_s,
        queries.len() as f64 / total_s,
        l.p50_us,
        l.p99_us,
        l.max_us
    );
    // Warm: the same queries in order with the cache kept, as a running server keeps it. The evaluation
    // queries each listed person several ways, so parts recur more than in a day's real traffic: read
    // this as the best case and the cold figures as the worst.
    index.clear_lookup_cache();
    let w = LatencySummary::from_nanos(&timed_pass(&mut index, &queries, &ctx, false));
    println!(
        "guomen matcher, warm part cache ({} parts kept): p50 {:.0} µs, p99 {:.0} µs, max {:.0} µs",
        index.lookup_cache_len(),
        w.p50_us,
        w.p99_us,
        w.max_us
    );
    let mut c: Vec<usize> = cands.iter().map(|c| c.0).collect();
    c.sort_unstable();
    let mean = c.iter().sum::<usize>() as f64 / c.len().max(1) as f64;
    let scored: f64 = cands.iter().map(|c| c.1).sum::<usize>() as f64 / c.len().max(1) as f64;
    println!(
        "candidates per query: mean {mean:.0}, median {}, p99 {}, max {}; names scored per query: mean {scored:.0}",
        c.get(c.len() / 2).copied().unwrap_or(0),
        c.get(c.len() * 99 / 100).copied().unwrap_or(0),
        c.last().copied().unwrap_or(0)
    );
    report("guomen", &queries, &results, Some(&index));
    let hwm = status_mib("VmHWM:");
    println!("peak memory (VmHWM) so far: {hwm:.0} MiB (generator, queries and index together)");

    if a.repeat_slowest > 0 {
        // Cold, as measured: the part cache is emptied before every repetition.
        let mut order: Vec<usize> = (0..lat.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(lat[i]));
        let t = Instant::now();
        for &i in order.iter().take(20) {
            for _ in 0..a.repeat_slowest {
                index.clear_lookup_cache();
                let _ = index.screen(&queries[i].query, &ctx);
            }
        }
        println!(
            "re-ran the 20 slowest queries {} times each, cold, in {:.1} s",
            a.repeat_slowest,
            t.elapsed().as_secs_f64()
        );
    }
    if a.repeat_cold > 0 || a.repeat_warm > 0 {
        for round in 1..=a.repeat_cold.max(a.repeat_warm) {
            let l = LatencySummary::from_nanos(&timed_pass(&mut index, &queries, &ctx, a.repeat_cold > 0));
            println!(
                "{} pass again ({round}): p50 {:.0} µs, p99 {:.0} µs, max {:.0} µs",
                if a.repeat_cold > 0 { "cold" } else { "warm" },
                l.p50_us,
                l.p99_us,
                l.max_us
            );
        }
    }
    if a.debug > 0 {
        let mut order: Vec<usize> = (0..lat.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(lat[i]));
        for &i in order.iter().take(a.debug.min(15)) {
            println!(
                "SLOW {} µs [{}] {:?} hits {}",
                lat[i] / 1000,
                queries[i].kind,
                queries[i].query.name,
                results[i].len()
            );
        }
        let mut loose = config.clone();
        loose.threshold = 0.0;
        loose.max_hits = 100_000;
        let lctx = ScreenContext::new(&loose);
        let mut shown_miss = 0;
        let mut shown_false = 0;
        for (q, r) in queries.iter().zip(&results) {
            match &q.target {
                Some(t) if !r.contains(t) && shown_miss < a.debug => {
                    shown_miss += 1;
                    let names = index.get(t).map(|(e, _)| e.names.join(" | ")).unwrap_or_default();
                    let all = index.screen(&q.query, &lctx);
                    let found = all.hits.iter().find(|h| &h.id == t);
                    println!(
                        "MISS [{}] {:?} dob {:?} -> {t} {names:?} dob {:?}: {}",
                        q.kind,
                        q.query.name,
                        q.query.birth_date.map(|d| d.to_string()),
                        index.get(t).map(|(e, _)| e
                            .birth_dates
                            .iter()
                            .map(|d| d.to_string())
                            .collect::<Vec<_>>()),
                        found.map_or("not a candidate".to_owned(), |h| h.explanation.summary.clone())
                    );
                }
                None if !r.is_empty() && shown_false < a.debug => {
                    shown_false += 1;
                    let s = index.screen(&q.query, &ctx);
                    for h in s.hits.iter().take(2) {
                        println!(
                            "FALSE [{}] {:?} {:?} -> {} {:?}: {}",
                            q.kind,
                            q.query.name,
                            q.query.birth_date.map(|d| d.to_string()),
                            h.id,
                            h.matched_name,
                            h.explanation.summary
                        );
                    }
                }
                _ => {}
            }
        }
    }

    // Threshold sweep: one run at a low threshold, then every threshold read off the hit scores.
    {
        let low = MatchConfig { threshold: 0.70, max_hits: 100, ..MatchConfig::default() };
        let lctx = ScreenContext::new(&low);
        let scored: Vec<Vec<(String, f64)>> = queries
            .iter()
            .map(|q| index.screen(&q.query, &lctx).hits.into_iter().map(|h| (h.id, h.score)).collect())
            .collect();
        println!("| threshold | recall | false hits per 1,000 unlisted travellers |");
        println!("|---|---|---|");
        for t in [0.70, 0.75, 0.80, 0.85, 0.90, 0.95] {
            let (mut pos, mut found, mut neg, mut fh) = (0usize, 0usize, 0usize, 0usize);
            for (q, r) in queries.iter().zip(&scored) {
                match &q.target {
                    Some(id) => {
                        pos += 1;
                        found += usize::from(r.iter().any(|(h, s)| h == id && *s >= t));
                    }
                    None => {
                        neg += 1;
                        fh += r.iter().filter(|(_, s)| *s >= t).count();
                    }
                }
            }
            println!(
                "| {t:.2} | {:.4} | {:.1} |",
                found as f64 / pos.max(1) as f64,
                fh as f64 * 1000.0 / neg.max(1) as f64
            );
        }
    }

    // Examples for the documentation.
    for q in queries.iter().filter(|q| q.kind == "script-change").take(1) {
        let r = index.screen(&q.query, &ctx);
        if let Some(h) = r.hits.first() {
            println!("example hit for {:?}: {}", q.query.name, serde_json::to_string(h).unwrap_or_default());
        }
    }

    if a.baseline > 0 {
        let refs: Vec<&Entry> = index.entries().into_iter().map(|(e, _)| e).collect();
        let t = Instant::now();
        let flat = baseline::flatten(&refs);
        println!("baseline: flattened in {:.1} s", t.elapsed().as_secs_f64());
        // An even spread over the whole query set (every variation and both kinds of unlisted traveller).
        let step = queries.len().checked_div(a.baseline).unwrap_or(1).max(1);
        let picked: Vec<usize> = (0..queries.len()).step_by(step).take(a.baseline).collect();
        for threshold in [0.90] {
            let mut lat = Vec::new();
            let mut res = Vec::new();
            let mut sub = Vec::new();
            for &i in &picked {
                let q = &queries[i];
                let s = Instant::now();
                let r = baseline::screen(&flat, &q.query, threshold);
                lat.push(s.elapsed().as_nanos() as u64);
                res.push(r);
                sub.push(Labelled { query: q.query.clone(), target: q.target.clone(), kind: q.kind });
            }
            let l = LatencySummary::from_nanos(&lat);
            println!(
                "baseline (brute-force token Jaro-Winkler, threshold {threshold}): {} queries; p50 {:.0} µs, p99 {:.0} µs",
                sub.len(),
                l.p50_us,
                l.p99_us
            );
            report("baseline", &sub, &res, Some(&index));
            let ours: Vec<Vec<String>> = picked.iter().map(|&i| results[i].clone()).collect();
            report("guomen on the same subset", &sub, &ours, Some(&index));
        }
    }
}

/// The kind of birth date an entry has: `full`, `partial` (year, month or range) or `none`.
/// Screens every query once in order and returns each one's time in nanoseconds; `cold` empties the
/// part-lookup cache (untimed) before every query.
fn timed_pass(index: &mut Index, queries: &[Labelled], ctx: &ScreenContext<'_>, cold: bool) -> Vec<u64> {
    let mut out = Vec::with_capacity(queries.len());
    for q in queries {
        if cold {
            index.clear_lookup_cache();
        }
        let s = Instant::now();
        let r = index.screen(&q.query, ctx);
        out.push(s.elapsed().as_nanos() as u64);
        std::hint::black_box(r);
    }
    out
}

fn dob_kind(index: &Index, id: &str) -> &'static str {
    match index.get(id).map(|(e, _)| e.birth_dates.first().map(screening::BirthDate::is_day)) {
        Some(Some(true)) => "full",
        Some(Some(false)) => "partial",
        _ => "none",
    }
}

fn report(label: &str, queries: &[Labelled], results: &[Vec<String>], index: Option<&Index>) {
    let mut by_kind: BTreeMap<&str, (usize, usize, usize)> = BTreeMap::new();
    let (mut pos, mut found, mut neg, mut neg_hits, mut neg_any, mut extra) = (0, 0, 0, 0, 0, 0);
    for (q, r) in queries.iter().zip(results) {
        let e = by_kind.entry(q.kind).or_default();
        e.0 += 1;
        match &q.target {
            Some(t) => {
                pos += 1;
                if r.contains(t) {
                    found += 1;
                    e.1 += 1;
                }
                extra += r.iter().filter(|h| *h != t).count();
            }
            None => {
                neg += 1;
                neg_hits += r.len();
                e.2 += r.len();
                if !r.is_empty() {
                    neg_any += 1;
                    e.1 += 1;
                }
            }
        }
    }
    println!("## {label}");
    println!(
        "recall {:.4} ({found}/{pos}); false hits per 1,000 unlisted travellers {:.1} ({neg_hits} hits over {neg}; {neg_any} travellers with any hit); other entries hit by listed-person queries: {extra}",
        found as f64 / pos.max(1) as f64,
        neg_hits as f64 * 1000.0 / neg.max(1) as f64
    );
    if let Some(index) = index {
        let mut pos_by: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
        let mut false_by: BTreeMap<&str, usize> = BTreeMap::new();
        for (q, r) in queries.iter().zip(results) {
            match &q.target {
                Some(t) => {
                    let e = pos_by.entry(dob_kind(index, t)).or_default();
                    e.0 += 1;
                    e.1 += usize::from(r.contains(t));
                }
                None => {
                    for h in r {
                        *false_by.entry(dob_kind(index, h)).or_default() += 1;
                    }
                }
            }
        }
        for (k, (n, f)) in &pos_by {
            println!(
                "- recall where the listed entry's birth date is {k}: {:.4} ({f}/{n})",
                *f as f64 / (*n).max(1) as f64
            );
        }
        for (k, n) in &false_by {
            println!(
                "- false hits on entries whose birth date is {k}: {n} ({:.1} per 1,000 unlisted travellers)",
                *n as f64 * 1000.0 / neg.max(1) as f64
            );
        }
    }
    println!(
        "| query kind | queries | recall (listed) / travellers with a hit (unlisted) | hits on unlisted |"
    );
    println!("|---|---|---|---|");
    for (k, (n, f, h)) in by_kind {
        println!("| {k} | {n} | {:.3} | {h} |", f as f64 / n.max(1) as f64);
    }
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_owned() }
}

fn write_watchlist(dir: &str, entries: &[Entry]) {
    let mut out = String::from(
        "id,names,birth_date,sex,nationalities,document_numbers,alert_type,action,valid_from,valid_to,list\n",
    );
    for e in entries {
        let dates: Vec<String> = e.birth_dates.iter().map(ToString::to_string).collect();
        let sex = match e.sex {
            Some(screening::Sex::Male) => "M",
            Some(screening::Sex::Female) => "F",
            _ => "",
        };
        out.push_str(&format!(
            "{},{},{},{},{},{},{},{},,,{}\n",
            e.id,
            csv_field(&e.names.join("|")),
            dates.join("|"),
            sex,
            e.nationalities.join("|"),
            e.document_numbers.join("|"),
            e.alert_type.as_str(),
            e.action.as_str(),
            e.list
        ));
    }
    let _ = std::fs::create_dir_all(dir);
    if let Err(e) = std::fs::write(format!("{dir}/watchlist.csv"), out) {
        eprintln!("cannot write watchlist: {e}");
    }
}

fn write_queries(dir: &str, queries: &[Labelled]) {
    let mut q = String::from("id,name,birth_date,sex,nationality,document_number\n");
    let mut l = String::from("id,kind,expected\n");
    for (i, x) in queries.iter().enumerate() {
        let sex = match x.query.sex {
            Some(screening::Sex::Male) => "M",
            Some(screening::Sex::Female) => "F",
            _ => "",
        };
        q.push_str(&format!(
            "q{i},{},{},{},{},\n",
            csv_field(x.query.name.as_deref().unwrap_or("")),
            x.query.birth_date.map(|d| d.to_string()).unwrap_or_default(),
            sex,
            x.query.nationality.as_deref().unwrap_or("")
        ));
        l.push_str(&format!("q{i},{},{}\n", x.kind, x.target.as_deref().unwrap_or("")));
    }
    let _ = std::fs::write(format!("{dir}/queries.csv"), q);
    let _ = std::fs::write(format!("{dir}/labels.csv"), l);
}
