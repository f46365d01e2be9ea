//! Property tests: write → parse round trip for random valid documents of every format; a one-character
//! change of a protected field is detected unless the two values are congruent modulo 10; arbitrary input
//! never panics.

use jiff::civil::{Date, date};
use mrz::{BirthDate, DocumentFields, Format, Language, Sex, char_value, to_mrz};
use proptest::prelude::*;

use crate::{TODAY, lenient, strict};

const CODES: &[&str] = &["UTO", "D", "CHN", "HKG", "XXA", "XXB", "UNO", "GBN", "EUE", "FRA", "RKS", "XOM"];

fn format() -> impl Strategy<Value = Format> {
    prop::sample::select(vec![Format::Td1, Format::Td2, Format::Td3, Format::MrvA, Format::MrvB])
}

fn document_code(format: Format) -> BoxedStrategy<String> {
    let codes: &[&str] = match format {
        Format::Td3 => &["P", "PP", "PD", "PO", "PR"],
        Format::Td1 => &["I", "ID", "A", "C", "IR"],
        Format::Td2 => &["I", "ID", "A", "IP", "PU"],
        _ => &["V", "VA", "VT"],
    };
    prop::sample::select(codes.to_vec()).prop_map(str::to_owned).boxed()
}

fn component() -> impl Strategy<Value = String> {
    "[A-Z]{1,6}"
}

fn identifier() -> impl Strategy<Value = String> {
    prop::collection::vec(component(), 1..=2).prop_map(|v| v.join(" "))
}

fn day_in(from: Date, to: Date) -> impl Strategy<Value = Date> {
    let span = (to - from).get_days();
    (0..=span).prop_map(move |d| from.saturating_add(jiff::Span::new().days(d)))
}

fn birth() -> impl Strategy<Value = BirthDate> {
    prop_oneof![
        8 => day_in(date(1927, 1, 1), TODAY).prop_map(BirthDate::Known),
        1 => Just(BirthDate::Unknown),
        1 => (1930i16..2020, proptest::option::of(1i8..=12)).prop_map(|(y, m)| BirthDate::Partial { year: Some(y), month: m, day: None }),
    ]
}

fn fields() -> impl Strategy<Value = DocumentFields> {
    format()
        .prop_flat_map(|f| {
            let long = matches!(f, Format::Td1 | Format::Td2 | Format::Td3);
            let number = if long { "[A-Z0-9]{1,9}|[A-Z0-9]{10,12}".boxed() } else { "[A-Z0-9]{1,9}".boxed() };
            (
                Just(f),
                document_code(f),
                prop::sample::select(CODES.to_vec()),
                identifier(),
                prop::option::of(identifier()),
                number,
                prop::sample::select(CODES.to_vec()),
                birth(),
                prop::sample::select(vec![Sex::Female, Sex::Male, Sex::Unspecified]),
                day_in(date(1977, 1, 1), date(2076, 11, 30)),
                "[A-Z0-9]{0,14}",
                "[A-Z0-9]{0,11}",
            )
        })
        .prop_map(|(format, code, issuer, p, s, number, nat, birth, sex, expiry, opt, opt2)| {
            let layout_room: usize = match format {
                Format::Td1 => 15,
                Format::Td2 => 7,
                Format::Td3 => 14,
                Format::MrvA => 16,
                _ => 8,
            };
            // A long number's continuation, its check digit and a filler take room in the optional field.
            let used = if number.len() > 9 { number.len() - 9 + 2 } else { 0 };
            let opt: String = opt.chars().take(layout_room.saturating_sub(used)).collect();
            DocumentFields {
                format,
                document_code: code,
                issuing_state: issuer.into(),
                primary_identifier: p,
                secondary_identifier: s.unwrap_or_default(),
                document_number: number,
                nationality: nat.into(),
                birth_date: birth,
                sex,
                expiry_date: expiry,
                optional_data: opt,
                optional_data_2: if format == Format::Td1 { opt2 } else { String::new() },
            }
        })
}

/// 0-based (line, column) positions protected by a check digit, per format.
fn protected(format: Format) -> Vec<(usize, usize)> {
    let ranges: &[(usize, std::ops::Range<usize>)] = match format {
        Format::Td3 => &[(1, 0..10), (1, 13..20), (1, 21..44)],
        Format::Td2 => &[(1, 0..10), (1, 13..20), (1, 21..36)],
        Format::Td1 => &[(0, 5..30), (1, 0..7), (1, 8..15), (1, 18..30)],
        _ => &[(1, 0..10), (1, 13..20), (1, 21..28)],
    };
    ranges.iter().flat_map(|(l, r)| r.clone().map(move |c| (*l, c))).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn write_then_parse_round_trips(f in fields()) {
        let lines = to_mrz(&f, Language::Default).unwrap();
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        let r = mrz::parse(&refs, &strict());
        prop_assert!(r.valid, "{:?}\n{:?}", lines, r.errors);
        let d = r.document().unwrap();
        prop_assert_eq!(d.format, f.format);
        prop_assert_eq!(d.document_code.as_str(), f.document_code.as_str());
        prop_assert_eq!(d.issuing_state.unwrap(), codes::CountryCode::parse(&f.issuing_state).unwrap());
        prop_assert_eq!(d.nationality.unwrap(), codes::CountryCode::parse(&f.nationality).unwrap());
        prop_assert_eq!(r.document_number.as_deref(), Some(f.document_number.as_str()));
        prop_assert_eq!(d.birth_date, Some(f.birth_date));
        prop_assert_eq!(d.sex, Some(f.sex));
        prop_assert_eq!(d.expiry_date, Some(f.expiry_date));
        prop_assert_eq!(d.primary_identifier.as_str(), f.primary_identifier.as_str());
        prop_assert_eq!(d.secondary_identifier.as_str(), f.secondary_identifier.as_str());
        prop_assert_eq!(r.optional_data.as_deref().unwrap_or(""), f.optional_data.as_str());
        prop_assert_eq!(r.optional_data_2.as_deref().unwrap_or(""), f.optional_data_2.as_str());
        // Lenient reading of a clean zone changes nothing.
        let l = mrz::parse(&refs, &lenient());
        prop_assert!(l.corrections.is_empty() && l.valid);
    }

    #[test]
    fn one_changed_protected_character_is_detected(f in fields(), pick in any::<prop::sample::Index>(), c in "[A-Z0-9<]") {
        let lines = to_mrz(&f, Language::Default).unwrap();
        let positions = protected(f.format);
        let (line, col) = positions[pick.index(positions.len())];
        let old = lines[line].as_bytes()[col];
        let new = c.as_bytes()[0];
        prop_assume!(old != new);
        let mut changed = lines.clone();
        changed[line].replace_range(col..=col, &c);
        let refs: Vec<&str> = changed.iter().map(String::as_str).collect();
        let r = mrz::parse(&refs, &strict());
        let congruent = char_value(old).unwrap() % 10 == char_value(new).unwrap() % 10;
        if !congruent {
            prop_assert!(!r.valid, "{:?} → {:?} at {line}:{col} not detected", lines, changed);
        }
    }

    #[test]
    fn arbitrary_text_never_panics(lines in prop::collection::vec(".{0,50}", 0..5)) {
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        for opts in [strict(), lenient()] {
            let r = mrz::parse(&refs, &opts);
            let _ = serde_json::to_string(&r).unwrap();
        }
    }

    #[test]
    fn arbitrary_zones_of_the_right_shape_never_panic(
        shape in prop::sample::select(vec![(3usize, 30usize), (2, 36), (2, 44)]),
        seed in prop::collection::vec("[A-Z0-9<a-z #éЖ]{50}", 3),
        prefix in prop::sample::select(vec!["", "P<", "V<", "I<", "CS", "CD", "AC", "PU"]),
    ) {
        let (n, w) = shape;
        let mut lines: Vec<String> = seed.iter().take(n).map(|s| s.chars().take(w).collect()).collect();
        lines[0] = format!("{prefix}{}", lines[0].chars().skip(prefix.len()).collect::<String>());
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        for opts in [strict(), lenient()] {
            let r = mrz::parse(&refs, &opts);
            prop_assert!(r.format.is_some() || !r.valid);
            let _ = serde_json::to_string(&r).unwrap();
        }
    }
}
