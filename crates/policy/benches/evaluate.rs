//! Decisions per second with the full China rule set, over a realistic, varied mix of requests.
//!
//! The mix (4,096 requests, generated deterministically) spreads over 30 nationalities and 17 ports,
//! arrivals from 2025 to 2027, tourism/business/transit/work purposes, onward tickets for about 40 %,
//! tour groups, visas, residence permits and earlier stays (rolling limits) for some — so every scheme
//! kind and most checks are exercised, and no request is a cached repeat of the previous one.
//!
//! Run: `CARGO_TARGET_DIR=/work/target-policy cargo bench -p policy --bench evaluate`

// A benchmark harness: failing loudly on a broken fixture is the right behaviour.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use divan::counter::ItemsCount;
use policy::{CheckRequest, Group, LocalOrInstant, Onward, Purpose, RuleSet, Stay};

fn main() {
    print_mix_summary();
    divan::main();
}

/// Prints what the mix decides, so a reader can see the benchmark is not dominated by one outcome.
fn print_mix_summary() {
    let rules = RuleSet::china().unwrap();
    let mut kinds = std::collections::BTreeMap::<&str, usize>::new();
    let mut trace_len = 0usize;
    let requests = mix(4096);
    for r in &requests {
        match rules.check(r) {
            Ok(d) => {
                *kinds.entry(d.kind().as_str()).or_default() += 1;
                trace_len += d.trace().len();
            }
            Err(_) => *kinds.entry("error").or_default() += 1,
        }
    }
    eprintln!(
        "mix of {} requests: {kinds:?}; mean trace length {:.1}",
        requests.len(),
        trace_len as f64 / 4096.0
    );
    eprintln!("size_of TraceEntry = {} bytes", std::mem::size_of::<policy::TraceEntry>());
    // One pass outside divan's timing, so an instruction counter can measure exactly 4,096 decisions.
    divan::black_box(run_mix(&rules, &requests));
}

/// A small deterministic generator (64-bit LCG), so the mix is the same on every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

const NATIONALITIES: &[&str] = &[
    "USA", "USA", "KOR", "KOR", "JPN", "JPN", "RUS", "RUS", "FRA", "D", "GBR", "GBR", "AUS", "CAN", "MYS",
    "SGP", "THA", "THA", "IND", "IND", "IDN", "VNM", "PHL", "ITA", "ESP", "BRA", "SRB", "KAZ", "MEX", "NGA",
    "PAK", "PRY", "UTO",
];
const PORTS: &[&str] = &[
    "PVG",
    "PVG",
    "PEK",
    "PEK",
    "PKX",
    "CAN",
    "CAN",
    "SZX",
    "CTU",
    "TFU",
    "SYX",
    "HAK",
    "SZ-LUOHU",
    "SZ-LUOHU",
    "ZH-GONGBEI",
    "SH-WUSONGKOU",
    "MOHAN-RAIL",
    "KWL",
    "ERENHOT",
    "XIY",
    "KMG",
];
const DESTINATIONS: &[&str] = &["KOR", "JPN", "HKG", "MAC", "SGP", "USA", "THA", "GBR", "D", "AUS"];
const PURPOSES: &[Purpose] = &[
    Purpose::Tourism,
    Purpose::Tourism,
    Purpose::Tourism,
    Purpose::Business,
    Purpose::Business,
    Purpose::FamilyVisit,
    Purpose::Transit,
    Purpose::Exchange,
    Purpose::Work,
    Purpose::Study,
];

fn local(minutes: i64) -> LocalOrInstant {
    let base: jiff::civil::DateTime = "2025-01-01T00:00".parse().unwrap();
    LocalOrInstant::Local(base.checked_add(jiff::Span::new().minutes(minutes)).unwrap())
}

fn mix(n: usize) -> Vec<CheckRequest> {
    let mut g = Lcg(0x9e37_79b9_7f4a_7c15);
    let code = |s: &str| codes::CountryCode::parse(s).unwrap();
    (0..n)
        .map(|_| {
            let nat = code(g.pick(NATIONALITIES));
            let port = g.pick(PORTS);
            let minutes = g.below(3 * 365 * 1440) as i64;
            let purpose = g.pick(PURPOSES);
            let mut r = CheckRequest::new(nat, port, local(minutes), purpose);
            let origin = if g.below(3) == 0 { code("HKG") } else { nat };
            r.arrival.origin = Some(origin);
            if g.below(10) < 4 {
                let hours = [6i64, 20, 30, 72, 150, 230, 260][g.below(7)];
                r.onward = Some(Onward {
                    destination: Some(code(g.pick(DESTINATIONS))),
                    departure: Some(local(minutes + hours * 60)),
                    port: if g.below(4) == 0 { Some((g.pick(PORTS)).to_owned()) } else { None },
                });
            }
            if g.below(25) == 0 {
                // A Hong Kong/Macau tour group, a cruise group or an ASEAN group, as their ports see them.
                let (port, origin, organiser) = [
                    ("SZ-LUOHU", "HKG", "hk-mo-travel-agency"),
                    ("ZH-GONGBEI", "MAC", "hk-mo-travel-agency"),
                    ("HAK", "HKG", "hk-mo-travel-agency"),
                    ("SH-WUSONGKOU", "JPN", "cn-travel-agency"),
                    ("MOHAN-RAIL", "LAO", "cn-travel-agency"),
                ][g.below(5)];
                r.arrival.port = port.into();
                r.arrival.origin = Some(code(origin));
                r.arrival.purpose = Purpose::Tourism;
                r.arrival.group = Some(Group { size: 2 + g.below(30) as u32, organiser: Some(organiser.into()) });
            } else if g.below(10) == 0 {
                let organiser = ["cn-travel-agency", "hk-mo-travel-agency", "guilin-approved-agency"][g.below(3)];
                r.arrival.group = Some(Group { size: 1 + g.below(30) as u32, organiser: Some(organiser.into()) });
            }
            if g.below(10) == 0 {
                let category = ["L", "M", "Z", "F", "Q2", "X1"][g.below(6)];
                let json = format!(
                    r#"{{"category":"{category}","valid_until":"2027-12-31","entries":"multiple","duration_of_stay_days":{}}}"#,
                    [0, 30, 60, 90][g.below(4)]
                );
                r.holdings.visa = Some(serde_json::from_str(&json).unwrap());
            }
            if g.below(30) == 0 {
                r.holdings.residence_permit =
                    Some(serde_json::from_str(r#"{"category":"work","valid_until":"2027-06-30"}"#).unwrap());
            }
            if g.below(20) == 0 {
                r.holdings.documents.push("port-visa-approval".into());
            }
            if g.below(7) == 0 {
                r.history = (0..1 + g.below(3))
                    .map(|_| {
                        let start = minutes - (1 + g.below(170)) as i64 * 1440;
                        Stay::new(local(start), local(start + (1 + g.below(30)) as i64 * 1440))
                    })
                    .collect();
            }
            if g.below(5) == 0 {
                r.traveller.document_valid_until = Some(jiff::civil::date(2026, 1 + g.below(12) as i8, 1));
            }
            r
        })
        .collect()
}

/// Decisions per second: evaluate every request of the mix (result built and dropped each time).
#[divan::bench]
fn check_mixed(bencher: divan::Bencher<'_, '_>) {
    let rules = RuleSet::china().unwrap();
    let requests = mix(4096);
    bencher.counter(ItemsCount::new(requests.len())).bench(|| run_mix(&rules, &requests));
}

/// Evaluates every request and drops each decision: the unit both the wall-clock benchmark and the
/// instruction count (`valgrind --tool=callgrind --toggle-collect='*run_mix*'`) measure.
#[inline(never)]
fn run_mix(rules: &RuleSet, requests: &[CheckRequest]) -> usize {
    let mut admitted = 0usize;
    for r in requests {
        if let Ok(d) = rules.check(divan::black_box(r)) {
            admitted += usize::from(d.admissible());
            divan::black_box(d.permitted_until());
        }
    }
    admitted
}

/// The same mix, end to end as the HTTP API does it: JSON request in, decision JSON (with every
/// sentence of the trace and conditions written out) out.
#[divan::bench(sample_count = 20)]
fn check_mixed_json(bencher: divan::Bencher<'_, '_>) {
    let rules = RuleSet::china().unwrap();
    let bodies: Vec<String> = mix(1024).iter().map(|r| serde_json::to_string(r).unwrap()).collect();
    bencher.counter(ItemsCount::new(bodies.len())).bench(|| {
        let mut bytes = 0usize;
        for body in &bodies {
            let req = CheckRequest::from_json(divan::black_box(body)).unwrap();
            if let Ok(d) = rules.check(&req) {
                bytes += serde_json::to_vec(&d).unwrap().len();
            }
        }
        bytes
    });
}

/// Loading and validating the whole China rule set (done once at start-up or on a rule-set change).
#[divan::bench(sample_count = 20)]
fn load_china() -> RuleSet {
    RuleSet::china().unwrap()
}
