//! Integration tests of PAXLST reading, building and answering: the three guide examples with
//! field-level expectations, unusual separators and layouts, garbled input, generated manifests,
//! and property tests (round trip; arbitrary bytes never panic).

// Helpers and strategies outside `#[test]` functions unwrap too; table types are spelled out on purpose.
#![allow(clippy::unwrap_used, clippy::panic, clippy::type_complexity)]

use jiff::civil::{Date, date};
use paxlst::{ListType, ManifestJson, MessageFunction, Options, Report, Role, SmolStr};
use proptest::prelude::*;

const EX51: &str = include_str!("data/guide_example_5.1.edi");
const EX52: &str = include_str!("data/guide_example_5.2.edi");
const EX53: &str = include_str!("data/guide_example_5.3.edi");

fn today() -> Date {
    date(2014, 7, 8)
}

fn lenient(text: &str) -> Report {
    paxlst::parse(text, &Options::lenient(today()))
}

fn codes(issues: &[paxlst::Issue]) -> Vec<(u32, String)> {
    issues.iter().map(|i| (i.segment, i.code.clone())).collect()
}

/// One line per person: role, name, sex, birth, nationality, documents, route, seat, pnr, segments.
fn people(report: &Report) -> Vec<String> {
    report
        .messages
        .iter()
        .flat_map(|m| &m.persons)
        .map(|p| {
            let docs: Vec<String> = p
                .documents
                .iter()
                .map(|d| {
                    format!(
                        "{}:{}:{}:{}",
                        d.doc_type,
                        d.number,
                        d.expiry.map(|e| e.to_string()).unwrap_or_default(),
                        d.issuing_country.clone().unwrap_or_default()
                    )
                })
                .collect();
            format!(
                "{:?} {}/{} {} {} {} [{}] {}>{} seat={} pnr={} {:?}",
                p.role,
                p.surname,
                p.given_names.clone().unwrap_or_default(),
                p.sex.clone().unwrap_or_default(),
                p.birth_date.map(|d| d.to_string()).unwrap_or_default(),
                p.nationality.clone().unwrap_or_default(),
                docs.join(","),
                p.embarkation.clone().unwrap_or_default(),
                p.debarkation.clone().unwrap_or_default(),
                p.seat.clone().unwrap_or_default(),
                p.pnr.clone().unwrap_or_default(),
                p.segments,
            )
        })
        .collect()
}

fn legs(report: &Report) -> Vec<String> {
    report
        .messages
        .iter()
        .flat_map(|m| &m.legs)
        .map(|l| {
            let stop = |s: &paxlst::Stop| {
                format!(
                    "{}@{}({})",
                    s.port.clone().unwrap_or_default(),
                    s.time.map(|t| t.to_string()).unwrap_or_default(),
                    s.qualifier.clone().unwrap_or_default()
                )
            };
            format!("{}/{} {} -> {}", l.carrier, l.number, stop(&l.departure), stop(&l.arrival))
        })
        .collect()
}

#[test]
fn guide_examples() {
    struct Case {
        name: &'static str,
        text: &'static str,
        list: ListType,
        declared: Option<u32>,
        legs: &'static [&'static str],
        people: &'static [&'static str],
        lenient_warnings: &'static [(u32, &'static str)],
    }
    let cases = [
        Case {
            name: "5.1 single-sector passenger list",
            text: EX51,
            list: ListType::Passenger,
            declared: Some(160),
            legs: &["ZZ/123 SYD@2013-06-21T09:00(125) -> HNL@2013-06-21T22:00(87)"],
            people: &[
                "Passenger WILLIAMS/JOHN DONALD M 1972-09-07 GBR [P:MB140241:2015-12-31:GBR] SYD>HNL seat= pnr=TYR123 [13, 30]",
            ],
            lenient_warnings: &[(31, "cnt-mismatch")],
        },
        Case {
            name: "5.2 crew list (UNT says 20, 21 sent)",
            text: EX52,
            list: ListType::Crew,
            declared: Some(8),
            legs: &["ZZ/123 SYD@2013-06-21T09:00(125) -> HNL@2013-06-21T22:00(87)"],
            people: &[
                "Crew CLARK/MICHAEL M 1972-09-07 CAN [P:MB140241:2015-10-21:CAN] SYD>HNL seat= pnr= [11, 21]",
            ],
            lenient_warnings: &[(22, "cnt-mismatch"), (23, "unt-segment-count")],
        },
        Case {
            name: "5.3 progressive two-sector flight",
            text: EX53,
            list: ListType::Passenger,
            declared: Some(2),
            legs: &[
                "XZ/877 BCN@2014-07-08T11:00(92) -> IAD@2014-07-08T17:00(92)",
                "XZ/ZX877 IAD@2014-07-08T19:30(92) -> SFO@2014-07-08T23:30(92)",
            ],
            people: &[
                "Passenger MARTINEZ/JULIO XAVIER M 1968-02-23 ESP [P:YY3478621:2018-12-30:ESP] BCN>SFO seat= pnr=GJO3RT [18, 30]",
                "Passenger MARTINEZ/SORINA MARIA F 1969-06-06 ESP [P:TRQWE9980:2017-09-16:ESP] BCN>SFO seat= pnr=GJO3RT [31, 43]",
            ],
            lenient_warnings: &[],
        },
    ];
    for case in cases {
        let report = lenient(case.text);
        assert_eq!(codes(&report.errors), [], "{}", case.name);
        let warnings: Vec<(u32, String)> =
            case.lenient_warnings.iter().map(|(s, c)| (*s, (*c).to_owned())).collect();
        assert_eq!(codes(&report.warnings), warnings, "{}", case.name);
        assert_eq!(report.messages.len(), 1, "{}", case.name);
        let m = &report.messages[0];
        assert_eq!(
            (m.list_type, m.declared_count, m.version.as_str()),
            (case.list, case.declared, "D15B"),
            "{}",
            case.name
        );
        assert_eq!(m.message_function, MessageFunction::Original);
        assert_eq!(legs(&report), case.legs, "{}", case.name);
        assert_eq!(people(&report), case.people, "{}", case.name);
        assert_eq!(m.flight.as_ref(), m.legs.first());

        // Strict mode: the same findings become errors.
        let strict = paxlst::parse(case.text, &Options::strict(today()));
        assert_eq!(codes(&strict.errors), warnings, "{} strict", case.name);
        assert_eq!(strict.warnings, [], "{} strict", case.name);
    }
}

#[test]
fn guide_example_interchange_and_parties() {
    let report = lenient(EX51);
    let ic = &report.interchange;
    assert_eq!((ic.syntax.as_str(), ic.syntax_version), ("UNOA", 4));
    assert_eq!((ic.sender.as_str(), ic.recipient.as_str()), ("ZZAIRLINE", "CUSTOMS"));
    assert_eq!(ic.prepared.unwrap().to_string(), "2013-06-20T09:00");
    assert_eq!(ic.groups.len(), 1);
    assert_eq!(ic.groups[0].version, "D15B");
    let m = &report.messages[0];
    assert_eq!(m.transaction_reference.as_deref(), Some("1234567890"));
    let party = m.reporting_party.as_ref().unwrap();
    assert_eq!((party.surname.as_deref(), party.given_names.as_deref()), (Some("DAVIDSON"), Some("ROBERT")));
    assert_eq!(party.contacts.len(), 3);
    let p = &m.persons[0];
    assert_eq!(p.birth_place.as_deref(), Some("AMBER HILL GBR"));
    assert_eq!(p.address.as_ref().unwrap().region.as_deref(), Some("LINCS"));
    assert_eq!(p.passenger_reference.as_deref(), Some("ABC123"));
    // The byte range covers NAD … LOC+91 exactly.
    let slice = &EX51[p.bytes[0]..p.bytes[1]];
    assert!(slice.starts_with("NAD+FL+++WILLIAMS") && slice.ends_with("LOC+91+GBR'"), "{slice}");
    // 5.2: the stray spaces the guide prints are trimmed.
    let crew = &lenient(EX52).messages[0].persons[0];
    let address = crew.address.as_ref().unwrap();
    assert_eq!(
        (address.street.as_deref(), address.postal_code.as_deref()),
        (Some("2365 KAANAPALI HIGHWAY"), Some("96761"))
    );
}

#[test]
fn json_shape() {
    let report = lenient(EX51);
    let json = serde_json::to_value(&report).unwrap();
    let message = &json["messages"][0];
    for key in ["reference", "type", "version", "flight", "declared_count", "persons"] {
        assert!(message.get(key).is_some(), "message.{key}");
    }
    assert_eq!(message["type"], "passenger");
    assert_eq!(message["flight"]["departure"]["port"], "SYD");
    assert_eq!(message["flight"]["arrival"]["time"], "2013-06-21T22:00");
    let person = &message["persons"][0];
    for key in [
        "role",
        "surname",
        "given_names",
        "sex",
        "birth_date",
        "nationality",
        "documents",
        "embarkation",
        "debarkation",
        "seat",
        "pnr",
        "segments",
    ] {
        assert!(person.get(key).is_some(), "person.{key}");
    }
    assert_eq!(person["segments"], serde_json::json!([13, 30]));
    assert_eq!(
        person["documents"][0],
        serde_json::json!({"type": "P", "number": "MB140241", "expiry": "2015-12-31", "issuing_country": "GBR", "issue_date": null})
    );
    assert_eq!(json["warnings"][0]["tag"], "CNT");
    assert_eq!(json["warnings"][0]["segment"], 31);
    // The parse output is valid builder input.
    let manifest: ManifestJson = serde_json::from_value(json).unwrap();
    assert_eq!(manifest, report.manifest());
}

/// A small manifest with a placeholder for the person lines, in the default syntax.
fn wrap(unb_syntax: &str, persons: &str) -> String {
    format!(
        "UNB+{unb_syntax}+AIR+GUOMEN+260301:0600+7'UNH+1+PAXLST:D:05B:UN:IATA'BGM+745'TDT+20+ZZ100+++ZZ'\
         LOC+125+SIN'DTM+189:2603010800:201'LOC+87+PVG'DTM+232:2603011400:201'{persons}CNT+42:1'UNT+{}+1'UNZ+1+7'",
        9 + persons.matches('\'').count() - persons.matches("?'").count()
    )
}

#[test]
fn layouts_separators_and_release_characters() {
    let cases: &[(&str, String, &str)] = &[
        ("release apostrophe", wrap("UNOA:4", "NAD+FL+++O?'BRIEN:ANNE?+MARIE'"), "O'BRIEN/ANNE+MARIE"),
        ("released release", wrap("UNOA:4", "NAD+FL+++A??B:C'"), "A?B/C"),
        (
            "GTAS-style UNA:*.? $ with indentation",
            "UNA:*.? $UNB*UNOA:2*AIR*GUOMEN*260301:0600*7$\n  UNH*1*PAXLST:D:02B:UN:IATA$\n  BGM*745$\n  \
             TDT*20*ZZ100***ZZ$\n  NAD*FL***O'BRIEN:SEAN$\n  CNT*42:1$\n  UNT*6*1$\nUNZ*1*7$\n"
                .to_owned(),
            "O'BRIEN/SEAN",
        ),
        (
            "UNA:+.?*' with a version-4 repetition",
            "UNA:+.?*'UNB+UNOA:4+AIR+GUOMEN+260301:0600+7'UNH+1+PAXLST:D:05B:UN:IATA'BGM+745'\
             NAD+FL+++LI:WEI*ALIAS'CNT+42:1'UNT+5+1'UNZ+1+7'"
                .to_owned(),
            "LI/WEI",
        ),
        (
            "CRLF between segments, no UNG",
            wrap("UNOA:4", "NAD+FL+++KALO:ELKA'").replace('\'', "'\r\n"),
            "KALO/ELKA",
        ),
        ("UNOY with CJK", wrap("UNOY:4", "NAD+FL+++李:小龙'"), "李/小龙"),
    ];
    for (name, text, expected) in cases {
        let report = lenient(text);
        assert_eq!(report.errors, [], "{name}");
        assert_eq!(report.warnings, [], "{name}");
        let p = &report.messages[0].persons[0];
        assert_eq!(
            format!("{}/{}", p.surname, p.given_names.clone().unwrap_or_default()),
            *expected,
            "{name}"
        );
    }
}

#[test]
fn garbled_input_gets_positioned_errors() {
    let cases: &[(&str, String, &[(u32, &str)])] = &[
        ("empty", String::new(), &[(0, "empty")]),
        ("not EDIFACT", "hello world".into(), &[(1, "unterminated")]),
        ("truncated", EX53[..EX53.len() - 30].to_owned(), &[(45, "unterminated")]),
        ("bad birth date", wrap("UNOA:4", "NAD+FL+++KALO'DTM+329:721307'"), &[(10, "bad-date")]),
        ("letters in a date", wrap("UNOA:4", "NAD+FL+++KALO'DTM+329:72X907'"), &[(10, "bad-date")]),
        ("person without a name", wrap("UNOA:4", "NAD+FL'"), &[(9, "missing-name")]),
        (
            "document without number",
            wrap("UNOA:4", "NAD+FL+++KALO'DOC+P'"),
            &[(10, "missing-document-number")],
        ),
        ("not a PAXLST", EX51.replace("PAXLST:D:15B", "CUSRES:D:15B"), &[(3, "not-paxlst")]),
        ("unknown BGM", EX51.replace("BGM+745", "BGM+999"), &[(4, "document-code")]),
        ("garbled UNT", EX53.replace("UNT+43", "UNT+4X"), &[(45, "invalid-service-element")]),
        ("garbled CNT", EX53.replace("CNT+42:2", "CNT+42:TWO"), &[(44, "bad-count")]),
        ("bad tag", EX53.replace("ATT+2++F", "at+2++F"), &[(32, "invalid-tag")]),
        ("missing UNT", EX53.replace("UNT+43+123'", ""), &[(45, "missing-trailer")]),
    ];
    for (name, text, expected) in cases {
        let report = lenient(text);
        let expected: Vec<(u32, String)> = expected.iter().map(|(s, c)| (*s, (*c).to_owned())).collect();
        assert_eq!(codes(&report.errors), expected, "{name}: {:?}", report.errors);
    }
    // The message names the segment and says what is wrong.
    let report = lenient(&wrap("UNOA:4", "NAD+FL+++KALO'DTM+329:721307'"));
    assert_eq!(
        report.errors[0].to_string(),
        "segment 10 (DTM), element 1.2: \"721307\" is not a valid calendar date [bad-date]"
    );
}

#[test]
fn message_functions_and_transit_roles() {
    let cases: &[(&str, MessageFunction, ListType)] = &[
        ("BGM+745+CP", MessageFunction::Change, ListType::Passenger),
        ("BGM+745+XR", MessageFunction::Cancel, ListType::Passenger),
        ("BGM+745+RP", MessageFunction::Reduction, ListType::Passenger),
        ("BGM+745+CLOB", MessageFunction::Close, ListType::Passenger),
        ("BGM+266+CLNB", MessageFunction::Close, ListType::Passenger),
        ("BGM+250+CC", MessageFunction::Change, ListType::Crew),
        ("BGM+250+C", MessageFunction::Original, ListType::Crew),
        ("BGM+336", MessageFunction::Original, ListType::Crew),
        ("BGM+745+ZZ", MessageFunction::Other, ListType::Passenger),
    ];
    for (bgm, function, list) in cases {
        let report = lenient(&EX53.replace("BGM+745", bgm));
        assert_eq!(report.errors, [], "{bgm}");
        let m = &report.messages[0];
        assert_eq!((m.message_function, m.list_type), (*function, *list), "{bgm}");
    }
    let text = EX53.replace("NAD+FL+++MARTINEZ:SORINA", "NAD+DDU+++MARTINEZ:SORINA");
    let report = lenient(&text);
    assert_eq!(report.messages[0].persons[1].role, Role::TransitPassenger);
    assert_eq!(report.warnings, []);
}

#[test]
fn split_manifest_counts_at_the_last_part() {
    let part = |seq: &str, cnt: &str, name: &str| {
        format!(
            "UNH+{seq}+PAXLST:D:05B:UN:IATA+FLIGHT1+{seq}:{}'BGM+745'TDT+20+ZZ1+++ZZ'NAD+FL+++{name}'{cnt}UNT+{}+{seq}'",
            if cnt.is_empty() { "C" } else { "F" },
            if cnt.is_empty() { 5 } else { 6 }
        )
    };
    let text = format!(
        "UNB+UNOA:4+A+B+260301:0600+1'{}{}UNZ+2+1'",
        part("1", "", "KALO"),
        part("2", "CNT+42:2'", "TARVI")
    );
    let report = lenient(&text);
    assert_eq!((report.errors.clone(), report.warnings.clone()), (vec![], vec![]));
    assert!(!report.messages[0].sequence.as_ref().unwrap().last);
    let wrong = text.replace("CNT+42:2", "CNT+42:3");
    assert_eq!(codes(&lenient(&wrong).warnings), [(11, "cnt-mismatch".to_owned())]);
}

#[test]
fn make_round_trips_the_guide_examples() {
    for text in [EX51, EX52, EX53] {
        let report = lenient(text);
        let written = paxlst::make(&report.manifest()).unwrap();
        let again = lenient(&written);
        assert_eq!(again.errors, []);
        assert_eq!(strip(again.manifest()), strip(report.manifest()));
    }
}

#[test]
fn generated_manifests() {
    let options = paxlst::synth::SynthOptions {
        seed: 42,
        messages: 5,
        persons_per_message: 40,
        crew_every: 5,
        ..Default::default()
    };
    let manifest = paxlst::synth::interchange(&options);
    let text = paxlst::synth::text(&manifest);
    let report = paxlst::parse(&text, &Options::strict(date(2026, 3, 1)));
    assert_eq!(report.errors, []);
    assert_eq!(report.warnings, []);
    assert_eq!(report.messages.iter().map(|m| m.persons.len()).sum::<usize>(), 200);
    assert_eq!(report.messages[4].list_type, ListType::Crew);
    assert_eq!(strip(report.manifest()), strip(manifest));
    // Names with apostrophes are released in the text.
    assert!(text.contains("O?'"));
}

#[test]
fn cusres_answers_parse_as_edifact() {
    let report = lenient(EX53);
    let answers = [
        paxlst::Answer {
            person: 0,
            decision: paxlst::Decision::NoBoard,
            reasons: vec!["Watchlist: refer to desk".into()],
        },
        paxlst::Answer { person: 9, decision: paxlst::Decision::Board, reasons: vec![] },
    ];
    let text = paxlst::cusres(&paxlst::CusresRequest {
        sender: "GUOMEN",
        recipient: "XYZAIRLINES",
        prepared: paxlst::LocalDateTime(today().at(6, 1, 0, 0)),
        control_reference: "99",
        message: &report.messages[0],
        answers: &answers,
    })
    .unwrap();
    let parsed = edifact::parse(text.as_bytes()).unwrap();
    assert!(parsed.findings.is_empty(), "{:?}", parsed.findings);
    let message = &parsed.interchange.messages()[0];
    let tags: Vec<&str> = message.segments.iter().map(|s| s.tag.as_str()).collect();
    assert_eq!(
        tags,
        [
            "BGM", "RFF", "TDT", "LOC", "DTM", "LOC", "DTM", "TDT", "LOC", "DTM", "LOC", "DTM", "ERP", "RFF",
            "RFF", "DOC", "ERC", "FTX"
        ]
    );
    assert!(text.contains("RFF+TN:BART34567890'"));
    assert!(text.contains("ERC+1Z'FTX+AAP+++WATCHLIST?: REFER TO DESK'"));
}

#[test]
fn updates_apply_to_the_stored_manifest() {
    let stored = lenient(EX53).messages.remove(0);
    let update = |bgm: &str, keep: &[usize]| {
        let mut m = lenient(&EX53.replace("BGM+745", bgm)).messages.remove(0);
        m.persons = keep.iter().map(|&i| m.persons[i].clone()).collect();
        m
    };
    let mut newcomer = update("BGM+745+CP", &[1]);
    newcomer.persons[0].passenger_reference = Some("NEW0001".into());
    newcomer.persons[0].surname = "KALOVIS".into();
    let cases: Vec<(
        &str,
        paxlst::Message,
        Result<(usize, usize, usize, bool, bool, usize), paxlst::UpdateError>,
    )> = vec![
        ("change an existing passenger", update("BGM+745+CP", &[0]), Ok((0, 1, 0, false, false, 2))),
        ("change adds a newcomer", newcomer, Ok((1, 0, 0, false, false, 3))),
        ("cancel one reservation", update("BGM+745+XR", &[1]), Ok((0, 0, 1, false, false, 1))),
        ("reduction in party", update("BGM+745+RP", &[0, 1]), Ok((0, 0, 2, false, false, 0))),
        ("cancel the flight", update("BGM+745+XF", &[]), Ok((0, 0, 2, false, true, 0))),
        ("close on board", update("BGM+745+CLOB", &[0]), Ok((0, 1, 0, true, false, 2))),
        ("close not on board", update("BGM+745+CLNB", &[0]), Ok((0, 0, 1, true, false, 1))),
        ("original replaces", update("BGM+745", &[0]), Ok((1, 0, 2, false, false, 1))),
        ("crew update on a passenger list", update("BGM+250+CC", &[0]), Err(paxlst::UpdateError::OtherList)),
        (
            "another flight",
            {
                let mut m = update("BGM+745+CP", &[0]);
                m.flight.as_mut().unwrap().number = "999".into();
                m
            },
            Err(paxlst::UpdateError::OtherFlight),
        ),
        ("unknown code", update("BGM+745+ZZ", &[0]), Err(paxlst::UpdateError::Unsupported("ZZ".into()))),
    ];
    for (name, m, expected) in cases {
        let got = paxlst::apply(&stored, &m)
            .map(|a| (a.added, a.replaced, a.removed, a.closed, a.cancelled, a.message.persons.len()));
        assert_eq!(got, expected, "{name}");
    }
}

/// Clears the derived fields, which the builder ignores.
fn strip(mut m: ManifestJson) -> ManifestJson {
    for message in &mut m.messages {
        message.segments = [0, 0];
        for p in &mut message.persons {
            p.segments = [0, 0];
            p.bytes = [0, 0];
        }
    }
    m
}

// ---- property tests ----

fn name() -> impl Strategy<Value = String> {
    "[A-Z][A-Z'+:?*]{0,8}[A-Z]".prop_map(|s| s)
}

fn opt_code() -> impl Strategy<Value = Option<String>> {
    proptest::option::of("[A-Z]{3}")
}

fn day(from: i16, to: i16) -> impl Strategy<Value = Date> {
    (from..to, 1i8..=12, 1i8..=28).prop_map(|(y, m, d)| date(y, m, d))
}

fn person() -> impl Strategy<Value = paxlst::Person> {
    (
        (
            prop::sample::select(vec![
                Role::Passenger,
                Role::Crew,
                Role::TransitPassenger,
                Role::TransitCrew,
            ]),
            name(),
        ),
        proptest::option::of((name(), proptest::option::of(name()))),
        proptest::option::of(prop::sample::select(vec!["M", "F", "X", "U"])),
        proptest::option::of(day(1927, 2026)),
        (opt_code(), opt_code(), opt_code()),
        proptest::option::of("[0-9]{1,2}[A-F]"),
        proptest::option::of("[A-Z0-9]{6}"),
        proptest::collection::vec(
            ("[A-Z]{1,2}", "[A-Z0-9]{5,9}", proptest::option::of(day(1990, 2070)), opt_code()),
            0..3,
        ),
    )
        .prop_map(|((role, surname), given, sex, birth, (nationality, from, to), seat, pnr, docs)| {
            let mut p = paxlst::Person::new(role, surname);
            p.given_names = given.map(|(a, b)| match b {
                Some(b) => format!("{a} {b}").into(),
                None => a.into(),
            });
            p.sex = sex.map(SmolStr::from);
            p.birth_date = birth;
            p.nationality = nationality.map(SmolStr::from);
            p.embarkation = from.map(SmolStr::from);
            p.debarkation = to.map(SmolStr::from);
            p.seat = seat.map(SmolStr::from);
            p.pnr = pnr.map(SmolStr::from);
            p.documents = docs
                .into_iter()
                .map(|(doc_type, number, expiry, issuing_country)| paxlst::Document {
                    doc_type: doc_type.into(),
                    number: number.into(),
                    expiry,
                    issuing_country: issuing_country.map(SmolStr::from),
                    issue_date: None,
                })
                .collect();
            p
        })
}

fn manifest() -> impl Strategy<Value = ManifestJson> {
    (
        any::<u64>(),
        proptest::collection::vec(person(), 0..6),
        any::<bool>(),
        proptest::option::of(0u32..500),
        "[A-Z]{2}",
        "[0-9]{1,4}",
    )
        .prop_map(|(seed, persons, crew, declared, carrier, number)| {
            let mut m = paxlst::synth::manifest_json(seed, 0);
            let message = &mut m.messages[0];
            message.persons = persons;
            message.declared_count = declared;
            if crew {
                message.list_type = ListType::Crew;
                message.document_code = "250".into();
            }
            message.legs[0].carrier = carrier.into();
            message.legs[0].number = number.into();
            message.flight = message.legs.first().cloned();
            m
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn parse_make_round_trip(x in manifest()) {
        let text = paxlst::make(&x).unwrap();
        let report = paxlst::parse(&text, &Options::lenient(date(2026, 3, 1)));
        prop_assert!(report.errors.is_empty(), "{:?}", report.errors);
        // Without a declared count the builder writes the number of persons.
        let mut expected = x;
        for m in &mut expected.messages {
            m.declared_count = m.declared_count.or(Some(m.persons.len() as u32));
        }
        prop_assert_eq!(strip(report.manifest()), expected);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        let _ = paxlst::parse(&bytes, &Options::strict(date(2026, 1, 1)));
    }

    #[test]
    fn mutated_guide_examples_never_panic(cut in 0usize..800, insert in "[+:?'* A-Z0-9\n]{0,4}") {
        let at = cut.min(EX53.len());
        let text = format!("{}{}{}", &EX53[..at], insert, &EX53[at..]);
        let report = paxlst::parse(&text, &Options::lenient(today()));
        let _ = serde_json::to_string(&report).unwrap();
    }
}
