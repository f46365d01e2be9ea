//! What-if simulation against the shipped draft `policies/drafts/2027-extension`, and the arrivals CSV.

use policy::{RuleSet, parse_arrivals_csv, simulate};

#[test]
fn extending_the_unilateral_list_to_2027() {
    let base = crate::china();
    let draft_files = crate::read_dir("policies/drafts/2027-extension");
    let draft = RuleSet::load(&crate::as_pairs(&draft_files)).unwrap_or_else(|e| panic!("{e}"));
    let arrivals = parse_arrivals_csv(include_str!("../data/arrivals.csv")).unwrap_or_else(|e| panic!("{e}"));
    let report = simulate(base, &draft, &arrivals);
    let t = report.totals;
    assert_eq!(t.total, 10);
    // FRA at PEK in 2027 and JPN at PVG: newly admissible. D at PEK: newly admissible (business).
    assert_eq!(t.newly_admissible, 3, "{report:#?}");
    // FRA at PVG with an onward ticket: transit → unilateral.
    assert_eq!(t.changed_kind, 1, "{report:#?}");
    assert_eq!(t.newly_inadmissible + t.changed_permitted_until + t.errors, 0, "{report:#?}");
    assert_eq!(t.unchanged, 6);
    let fra_pek = report.groups.iter().find(|g| g.nationality == "FRA" && g.port == "PEK").unwrap();
    assert_eq!(fra_pek.counts.newly_admissible, 1);
    assert_eq!(fra_pek.transitions.get("visa-required → unilateral-visa-free (cn-unilateral)"), Some(&1));
    assert_eq!(fra_pek.examples[0].after.permitted_until.as_deref(), Some("2027-02-05T00:00:00+08:00"));
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["totals"]["newly_admissible"], 3);
    assert!(json["draft"].as_str().unwrap().contains("draft"));
}

#[test]
fn arrivals_csv_errors_carry_positions() {
    let header =
        "nationality,port,arrival,origin,onward_to,onward_departure,purpose,document_type,group_size";
    // (body, expected (line, column) of every error)
    let cases: &[(&str, &[(usize, usize)])] = &[
        ("USA,PVG,2026-12-01T10:00,USA,KOR,2026-12-08T10:00,tourism,,", &[]),
        ("U5A,PVG,2026-12-01T10:00,,,,tourism,,", &[(2, 1)]),
        ("USA,PVG,yesterday,,,,tourism,,", &[(2, 3)]),
        ("USA,PVG,2026-12-01,,,,partying,,", &[(2, 7)]),
        ("USA,PVG,2026-12-01,,,,tourism,passport,0", &[(2, 8), (2, 9)]),
        ("USA,PVG", &[(2, 1)]),
        (",,2026-12-01,,,,tourism,,", &[(2, 1), (2, 2)]),
    ];
    for (body, want) in cases {
        let text = format!("{header}\n{body}\n");
        let got: Vec<(usize, usize)> = match parse_arrivals_csv(&text) {
            Ok(_) => Vec::new(),
            Err(e) => e.errors().iter().map(|e| (e.line, e.column)).collect(),
        };
        assert_eq!(got, *want, "{body}");
    }
    let err = parse_arrivals_csv("nationality,port\nUSA,PVG\n").unwrap_err();
    assert!(err.to_string().contains("the header must be"));
    assert!(parse_arrivals_csv("").is_err());
}
