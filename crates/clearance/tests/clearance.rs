//! Golden scenarios for the inspection pipeline: one table, every reason code, every traveller category,
//! both directions and every lane. Documents are synthetic, written with the `mrz` crate's writer.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use clearance::{
    DocumentInput, Engines, InspectionRequest, OpenStay, PriorDisposition, Travel, TravellerFacts, Verdict,
};
use domain::{Category, Direction, Lane};
use jiff::Timestamp;

const WATCHLIST: &str =
    "id,names,birth_date,sex,nationalities,document_numbers,alert_type,action,valid_from,valid_to,list
W-1,Viktor Stolzmann|Виктор Штольцман,1971-03-04,M,D,,wanted,refer,,,interpol-red
L-1,,,,,,lost-stolen-document,refer,,,sltd
E-1,ZHAO Minghui|赵明辉,1980-05-06,M,CHN,,exit-ban,deny,,,court-exit-ban
B-1,Tomas Kurvinen,1965-07-08,M,FIN,,entry-ban,deny,,,entry-bans
N-1,Elena Moravcova,1990-09-10,F,CZE,,notify,notify,,,notify
";

fn watchlist() -> screening::Index {
    // The lost/stolen entry carries only a document number.
    let csv = WATCHLIST.replace("L-1,,,,,,lost", "L-1,Qwertz Asdfgh,,,,X1234567|UTO9000001,lost");
    let entries =
        screening::import(&csv, screening::ImportFormat::Csv, &screening::ImportOptions::default()).unwrap();
    screening::Index::build(entries.entries).unwrap()
}

#[derive(Clone, Copy)]
struct Doc {
    code: &'static str,
    issuer: &'static str,
    nationality: &'static str,
    surname: &'static str,
    given: &'static str,
    number: &'static str,
    birth: &'static str,
    sex: &'static str,
    expiry: &'static str,
}

const ANNA: Doc = Doc {
    code: "P",
    issuer: "USA",
    nationality: "USA",
    surname: "HARTLEY",
    given: "ANNA MAE",
    number: "A12345678",
    birth: "1985-02-03",
    sex: "F",
    expiry: "2031-01-01",
};

fn mrz(d: &Doc) -> Vec<String> {
    let fields = mrz::DocumentFields {
        format: mrz::Format::Td3,
        document_code: d.code.into(),
        issuing_state: d.issuer.into(),
        primary_identifier: d.surname.into(),
        secondary_identifier: d.given.into(),
        document_number: d.number.into(),
        nationality: d.nationality.into(),
        birth_date: d.birth.parse().unwrap(),
        sex: d.sex.parse().unwrap(),
        expiry_date: d.expiry.parse().unwrap(),
        optional_data: String::new(),
        optional_data_2: String::new(),
    };
    mrz::to_mrz(&fields, translit::Language::Default).unwrap()
}

fn at(s: &str) -> Timestamp {
    s.parse().unwrap()
}

struct Case {
    name: &'static str,
    doc: Doc,
    direction: Direction,
    lane: Lane,
    port: &'static str,
    travel: Travel,
    facts: TravellerFacts,
    tamper: Option<(usize, usize, char)>,
    want: Verdict,
    codes: &'static [&'static str],
    grant_kind: Option<&'static str>,
}

fn travel(origin: &str, onward: Option<(&str, &str)>) -> Travel {
    Travel {
        origin: Some(origin.into()),
        onward_to: onward.map(|o| o.0.into()),
        onward_departure: onward.map(|o| o.1.into()),
        purpose: Some("tourism".into()),
        ..Travel::default()
    }
}

fn base(name: &'static str, doc: Doc) -> Case {
    Case {
        name,
        doc,
        direction: Direction::Entry,
        lane: Lane::Manual,
        port: "PVG",
        travel: Travel::default(),
        facts: TravellerFacts::default(),
        tamper: None,
        want: Verdict::Clear,
        codes: &[],
        grant_kind: None,
    }
}

fn cases() -> Vec<Case> {
    let citizen = Doc {
        code: "P",
        issuer: "CHN",
        nationality: "CHN",
        surname: "LIU",
        given: "YANG",
        number: "E12345678",
        birth: "1990-01-01",
        sex: "M",
        expiry: "2033-05-05",
    };
    let german = Doc {
        issuer: "D",
        nationality: "D",
        surname: "BRANDT",
        given: "KLARA",
        number: "C01X00T47",
        birth: "1979-11-12",
        ..ANNA
    };
    vec![
        Case {
            travel: travel("USA", Some(("KOR", "2026-12-08T10:00"))),
            grant_kind: Some("transit-visa-free"),
            ..base("US transit to a third country: 240-hour visa-free", ANNA)
        },
        Case {
            travel: travel("USA", None),
            want: Verdict::Refer,
            codes: &["visa-required"],
            ..base("US tourist without onward ticket or visa", ANNA)
        },
        Case {
            travel: travel("USA", Some(("USA", "2026-12-08T10:00"))),
            want: Verdict::Refer,
            codes: &["visa-required"],
            ..base("transit back to the origin country does not qualify", ANNA)
        },
        Case {
            grant_kind: Some("unilateral-visa-free"),
            travel: travel("D", None),
            ..base("German tourist: unilateral visa-free", german)
        },
        Case {
            want: Verdict::Refer,
            codes: &["document-expired"],
            ..base("expired passport", Doc { expiry: "2026-11-30", ..citizen })
        },
        Case {
            tamper: Some((1, 15, '9')),
            want: Verdict::Refer,
            codes: &["document-invalid"],
            ..base("a birth-date digit changed", citizen)
        },
        Case { ..base("Chinese citizen returns home", citizen) },
        Case { lane: Lane::Egate, ..base("Chinese citizen at an e-gate", citizen) },
        Case {
            lane: Lane::Egate,
            travel: travel("USA", Some(("KOR", "2026-12-08T10:00"))),
            want: Verdict::Refer,
            codes: &["egate-not-eligible"],
            grant_kind: Some("transit-visa-free"),
            ..base("foreigner not enrolled at an e-gate", ANNA)
        },
        Case {
            lane: Lane::Egate,
            travel: travel("USA", Some(("KOR", "2026-12-08T10:00"))),
            facts: TravellerFacts {
                traveller_id: Some("t-anna".into()),
                egate_enrolled: true,
                ..TravellerFacts::default()
            },
            grant_kind: Some("transit-visa-free"),
            ..base("enrolled foreigner at an e-gate", ANNA)
        },
        Case {
            travel: travel("USA", Some(("KOR", "2026-12-08T10:00"))),
            want: Verdict::Refer,
            codes: &["document-lost-stolen"],
            grant_kind: Some("transit-visa-free"),
            ..base("document reported stolen", Doc { number: "X1234567", ..ANNA })
        },
        Case {
            doc: Doc { surname: "STOLZMANN", given: "VIKTOR", birth: "1971-03-04", sex: "M", ..german },
            travel: travel("D", None),
            want: Verdict::Refer,
            codes: &["watchlist-hit"],
            grant_kind: Some("unilateral-visa-free"),
            ..base("wanted person", german)
        },
        Case {
            doc: Doc { surname: "STOLZMANN", given: "VIKTOR", birth: "1971-03-04", sex: "M", ..german },
            travel: travel("D", None),
            facts: TravellerFacts {
                traveller_id: Some("t-viktor".into()),
                dispositions: vec![PriorDisposition { entry_id: "W-1".into(), entry_version: 1 }],
                ..TravellerFacts::default()
            },
            grant_kind: Some("unilateral-visa-free"),
            ..base("an officer said: not the same person", german)
        },
        Case {
            doc: Doc { surname: "STOLZMANN", given: "VIKTOR", birth: "1950-12-30", sex: "M", ..german },
            travel: travel("D", None),
            grant_kind: Some("unilateral-visa-free"),
            ..base("same name, birth date contradicts", german)
        },
        Case {
            doc: Doc {
                issuer: "FIN",
                nationality: "FIN",
                surname: "KURVINEN",
                given: "TOMAS",
                birth: "1965-07-08",
                sex: "M",
                ..ANNA
            },
            travel: travel("FIN", None),
            want: Verdict::Refer,
            codes: &["watchlist-hit"],
            grant_kind: Some("unilateral-visa-free"),
            ..base("entry ban", ANNA)
        },
        Case {
            doc: Doc {
                issuer: "CZE",
                nationality: "CZE",
                surname: "MORAVCOVA",
                given: "ELENA",
                birth: "1990-09-10",
                sex: "F",
                ..ANNA
            },
            travel: travel("CZE", Some(("JPN", "2026-12-05T10:00"))),
            grant_kind: Some("transit-visa-free"),
            ..base("notify entry: clear at a desk, with a notice", ANNA)
        },
        Case {
            direction: Direction::Exit,
            want: Verdict::Refer,
            codes: &["exit-ban"],
            ..base(
                "exit ban on a citizen",
                Doc { surname: "ZHAO", given: "MINGHUI", birth: "1980-05-06", ..citizen },
            )
        },
        Case { direction: Direction::Exit, ..base("citizen leaves", citizen) },
        Case {
            direction: Direction::Exit,
            facts: TravellerFacts {
                traveller_id: Some("t-anna".into()),
                open_stay: Some(OpenStay {
                    entered_at: at("2026-11-01T02:00:00Z"),
                    permitted_until: Some(at("2026-11-28T16:00:00Z")),
                    time_zone: "Asia/Shanghai".into(),
                }),
                ..TravellerFacts::default()
            },
            want: Verdict::Refer,
            codes: &["overstay"],
            ..base("foreigner leaves three days late", ANNA)
        },
        Case {
            direction: Direction::Exit,
            facts: TravellerFacts {
                traveller_id: Some("t-anna".into()),
                open_stay: Some(OpenStay {
                    entered_at: at("2026-11-25T02:00:00Z"),
                    permitted_until: Some(at("2026-12-05T16:00:00Z")),
                    time_zone: "Asia/Shanghai".into(),
                }),
                ..TravellerFacts::default()
            },
            ..base("foreigner leaves in time", ANNA)
        },
    ]
}

#[test]
fn golden_scenarios() {
    let rules = policy::RuleSet::china().unwrap();
    let index = watchlist();
    let engines = Engines::new(&rules, &index);
    let now = at("2026-12-01T02:00:00Z");
    let mut wrong = Vec::new();
    for c in cases() {
        let mut lines = mrz(&c.doc);
        if let Some((line, pos, ch)) = c.tamper {
            let mut b: Vec<char> = lines[line].chars().collect();
            b[pos] = ch;
            lines[line] = b.into_iter().collect();
        }
        let req = InspectionRequest {
            port: c.port.into(),
            lane: c.lane,
            direction: c.direction,
            document: DocumentInput {
                mrz: lines,
                lenient: false,
                visa: None,
                residence_permit: None,
                supporting: vec![],
            },
            travel: c.travel,
            at: None,
            idempotency_key: None,
        };
        let reading = clearance::read_document(&req, now);
        let out = clearance::decide(&req, now, &reading, &c.facts, &engines);
        let codes: Vec<&str> = out.reasons.iter().map(|r| r.code.as_str()).collect();
        let grant = out.grant.as_ref().map(|g| g.kind.as_str());
        if out.decision != c.want || codes != c.codes || grant != c.grant_kind {
            wrong.push(format!(
                "{}: got {:?} {codes:?} grant {grant:?}; want {:?} {:?} grant {:?}\n  steps: {:?}",
                c.name, out.decision, c.want, c.codes, c.grant_kind, out.steps
            ));
        }
        // Every refer names at least one reason, every reason but the operational ones names its article,
        // and the steps always come in the same order.
        assert_eq!(out.decision == Verdict::Refer, !out.reasons.is_empty(), "{}", c.name);
        for r in &out.reasons {
            let operational = matches!(
                r.code,
                clearance::ReasonCode::EgateNotEligible | clearance::ReasonCode::RulesUnavailable
            );
            assert!(operational || r.legal_basis.is_some(), "{}: {r:?}", c.name);
        }
        let order: Vec<&str> = out.steps.iter().map(|s| s.step).collect::<Vec<_>>();
        let mut dedup = order.clone();
        dedup.dedup();
        assert_eq!(dedup, clearance::STEPS, "{}", c.name);
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn details_of_particular_findings() {
    let rules = policy::RuleSet::china().unwrap();
    let index = watchlist();
    let engines = Engines::new(&rules, &index);
    let now = at("2026-12-01T02:00:00Z");
    let req = |doc: &Doc, direction| InspectionRequest {
        port: "PEK".into(),
        lane: Lane::Manual,
        direction,
        document: DocumentInput {
            mrz: mrz(doc),
            lenient: false,
            visa: None,
            residence_permit: None,
            supporting: vec![],
        },
        travel: travel("USA", Some(("KOR", "2026-12-08T10:00"))),
        at: None,
        idempotency_key: None,
    };
    // The grant says until when, where, and in which words.
    let r = req(&ANNA, Direction::Entry);
    let out =
        clearance::decide(&r, now, &clearance::read_document(&r, now), &TravellerFacts::default(), &engines);
    let g = out.grant.unwrap();
    assert_eq!(g.permitted_until.as_deref(), Some("2026-12-12T00:00:00+08:00"));
    assert_eq!(g.deadline_en.as_deref(), Some("leave by 24:00 on 11 December"));
    assert!(g.ruleset.starts_with("cn@"));
    assert_eq!(out.category, Some(Category::Foreigner));
    // The overstay is counted in calendar days in the port's zone, with the Art. 78 range.
    let facts = TravellerFacts {
        open_stay: Some(OpenStay {
            entered_at: at("2026-11-01T02:00:00Z"),
            permitted_until: Some(at("2026-11-28T16:00:00Z")),
            time_zone: "Asia/Shanghai".into(),
        }),
        ..TravellerFacts::default()
    };
    let r = req(&ANNA, Direction::Exit);
    let out = clearance::decide(&r, now, &clearance::read_document(&r, now), &facts, &engines);
    let o = out.overstay.unwrap();
    assert_eq!((o.days, o.fine_min_cny, o.fine_max_cny), (3, 0, 1500));
    // A notify hit lets the traveller through at a desk but is shown to the officer.
    let czech = Doc {
        issuer: "CZE",
        nationality: "CZE",
        surname: "MORAVCOVA",
        given: "ELENA",
        birth: "1990-09-10",
        ..ANNA
    };
    let r = req(&czech, Direction::Entry);
    let out =
        clearance::decide(&r, now, &clearance::read_document(&r, now), &TravellerFacts::default(), &engines);
    assert_eq!(out.decision, Verdict::Clear);
    assert!(out.notices.iter().any(|n| n.contains("N-1")), "{:?}", out.notices);
}

#[test]
fn garbage_never_panics_and_is_referred() {
    let rules = policy::RuleSet::china().unwrap();
    let index = watchlist();
    let engines = Engines::new(&rules, &index);
    let now = at("2026-12-01T02:00:00Z");
    for lines in [
        vec![],
        vec!["".to_owned()],
        vec!["P<".to_owned(); 5],
        vec!["ÄÖÜ".repeat(20); 2],
        vec!["<".repeat(44); 2],
    ] {
        for port in ["PVG", "NOPE", ""] {
            let req = InspectionRequest {
                port: port.into(),
                lane: Lane::Egate,
                direction: Direction::Entry,
                document: DocumentInput {
                    mrz: lines.clone(),
                    lenient: true,
                    visa: None,
                    residence_permit: None,
                    supporting: vec![],
                },
                travel: Travel::default(),
                at: None,
                idempotency_key: None,
            };
            let reading = clearance::read_document(&req, now);
            let out = clearance::decide(&req, now, &reading, &TravellerFacts::default(), &engines);
            assert_eq!(out.decision, Verdict::Refer, "{lines:?} at {port:?}");
            assert!(out.reasons.iter().any(|r| r.code.as_str() == "document-invalid"));
        }
    }
}
