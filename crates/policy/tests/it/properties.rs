//! Properties: `permitted_until` never decreases as the arrival moves later within one scheme, and
//! neither evaluation nor any parser panics on arbitrary input.

use policy::{CheckRequest, LocalOrInstant, Purpose, Stay};
use proptest::prelude::*;

const NATIONALITIES: &[&str] = &[
    "USA", "FRA", "D", "GBR", "RUS", "THA", "SRB", "BIH", "IND", "IDN", "MYS", "SGP", "VNM", "PRY", "UTO",
    "XXA", "JPN",
];
const PORTS: &[&str] = &[
    "PVG",
    "PEK",
    "SYX",
    "HAK",
    "SZ-LUOHU",
    "SH-WUSONGKOU",
    "MOHAN-RAIL",
    "KWL",
    "ERENHOT",
    "CTU",
    "ZH-HZMB",
    "pvg",
];

fn instant(minutes: i64) -> LocalOrInstant {
    // Minutes from 2023-01-01T00:00 local.
    let base: jiff::civil::DateTime = "2023-01-01T00:00".parse().unwrap();
    LocalOrInstant::Local(base.checked_add(jiff::Span::new().minutes(minutes)).unwrap())
}

fn request(nat: &str, port: &str, minutes: i64, purpose: Purpose) -> CheckRequest {
    CheckRequest::new(codes::CountryCode::parse(nat).unwrap(), port, instant(minutes), purpose)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn permitted_until_is_monotone_within_a_scheme(
        nat in proptest::sample::select(NATIONALITIES),
        port in proptest::sample::select(PORTS),
        a in 0i64..(5 * 365 * 1440),
        step in 0i64..(20 * 1440),
        ticket_hours in 1i64..300,
        history in proptest::collection::vec((0i64..(5 * 365), 0i64..40), 0..4),
    ) {
        let rules = crate::china();
        let make = |m: i64| {
            let mut r = request(nat, port, m, Purpose::Tourism);
            r.arrival.origin = codes::CountryCode::parse("USA").ok();
            r.onward = Some(policy::Onward {
                destination: codes::CountryCode::parse("KOR").ok(),
                departure: Some(instant(m + ticket_hours * 60)),
                port: None,
            });
            r.history = history
                .iter()
                .map(|(start, len)| Stay::new(instant(start * 1440 - 400 * 1440), instant((start + len) * 1440 - 400 * 1440)))
                .collect();
            r
        };
        let (d1, d2) = (rules.check(&make(a)).unwrap(), rules.check(&make(a + step)).unwrap());
        // Compare every scheme that applies at both arrivals, not only the chosen one.
        for t1 in d1.trace().iter().filter(|t| t.applies) {
            let s1 = d1.trace_scheme(t1).map(|s| s.id.as_str());
            if let Some(t2) = d2.trace().iter().find(|t| t.applies && d2.trace_scheme(t).map(|s| s.id.as_str()) == s1) {
                prop_assert!(t1.permitted_until <= t2.permitted_until, "{s1:?}: {:?} > {:?}", t1.permitted_until, t2.permitted_until);
            }
        }
    }

    #[test]
    fn evaluation_never_panics(
        nat in "[A-Z<]{1,3}",
        port in "[A-Za-z0-9-]{0,12}|PVG|PEK|SYX|SZ-LUOHU",
        minutes in -100_000_000i64..100_000_000,
        purpose in proptest::sample::select(Purpose::ALL),
        origin in proptest::option::of("[A-Z]{3}|HKG|MAC|CHN"),
        dest in proptest::option::of("[A-Z]{3}|HKG|CHN"),
        dep in proptest::option::of(-100_000_000i64..100_000_000),
        size in proptest::option::of(0u32..100),
        doc_until in proptest::option::of(-5000i32..5000),
        stays in proptest::collection::vec((-100_000_000i64..100_000_000, -1000i64..100_000), 0..5),
        visa in proptest::option::of(("[A-Z][0-9]?", 0u32..400, 0u32..3)),
    ) {
        let Ok(code) = codes::CountryCode::parse(&nat) else { return Ok(()) };
        let mut r = CheckRequest::new(code, &port, instant(minutes), purpose);
        r.arrival.origin = origin.and_then(|o| codes::CountryCode::parse(&o).ok());
        r.arrival.group = size.map(|size| policy::Group { size, organiser: Some("cn-travel-agency".into()) });
        r.traveller.document_valid_until = doc_until.map(|d| jiff::civil::date(2026, 1, 1).checked_add(jiff::Span::new().days(d)).unwrap());
        r.onward = Some(policy::Onward { destination: dest.and_then(|d| codes::CountryCode::parse(&d).ok()), departure: dep.map(instant), port: None });
        r.history = stays.iter().map(|(s, len)| Stay::new(instant(*s), instant(s + len))).collect();
        if let Some((category, days, used)) = visa {
            let json = format!(r#"{{"category":"{category}","valid_until":"2027-01-01","entries_used":{used},"duration_of_stay_days":{days}}}"#);
            r.holdings.visa = serde_json::from_str(&json).ok();
        }
        if let Ok(d) = crate::china().check(&r) {
            let _ = serde_json::to_string(&d).unwrap();
            let _ = d.plain();
        }
    }

    #[test]
    fn loading_never_panics(cut in 0usize..20_000, insert in "[\\[\\]\"=,a-z0-9 \n{}-]{0,12}", file in 0usize..8) {
        let files = policy::builtin_files();
        let (name, text) = files[file % files.len()];
        let mut at = cut.min(text.len());
        while !text.is_char_boundary(at) { at -= 1; }
        let edited = format!("{}{}{}", &text[..at], insert, &text[at..]);
        let mut all: Vec<(&str, &str)> = files.to_vec();
        all[file % files.len()] = (name, &edited);
        let _ = policy::RuleSet::load(&all);
    }

    #[test]
    fn text_parsers_never_panic(s in "\\PC{0,60}") {
        let _ = LocalOrInstant::parse(&s);
        let _ = policy::parse_arrivals_csv(&s);
        let _ = policy::parse_arrivals_csv(&format!("{}\n{s}", policy::ARRIVALS_HEADER.join(",")));
        let _ = CheckRequest::from_json(&s);
        let _ = policy::StayLength::parse(&s);
        let _ = policy::RuleSet::load(&[("x.toml", &s)]);
    }
}
