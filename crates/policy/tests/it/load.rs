//! Rule-file validation: every kind of mistake is reported with file, line, column and a reason.

use policy::RuleSet;

const TEMPLATE: &str = r#"[[scheme]]
id = "x-test"
kind = "unilateral-visa-free"
name_en = "test"
name_zh = "测试"
precedence = 1
nationalities = ["UTO"]
document_types = ["ordinary"]
ports = ["PEK"]
area = "mainland"
clock = "next-day-midnight"
max_stay = "30d"
purposes_allowed = ["tourism"]
legal_basis = ["EEA-Law Art. 22(4)"]
sources = ["https://example.invalid/"]
confidence = "OK"
"#;

fn with_extra(extra: &str) -> Result<RuleSet, policy::LoadError> {
    let mut files: Vec<(&str, &str)> = policy::builtin_files().to_vec();
    files.push(("policies/test/bad.toml", extra));
    RuleSet::load(&files)
}

/// Replaces line `n` (1-based) of the template.
fn edit(n: usize, new: &str) -> String {
    TEMPLATE.lines().enumerate().map(|(i, l)| if i + 1 == n { new } else { l }).collect::<Vec<_>>().join("\n")
}

#[test]
fn the_template_is_valid() {
    let rules = with_extra(TEMPLATE).unwrap_or_else(|e| panic!("{e}"));
    assert!(rules.scheme("x-test").is_some());
}

#[test]
fn positioned_errors() {
    // (line to replace, new text, the text the error must point at, a fragment of the reason)
    let cases: &[(usize, &str, &str, &str)] = &[
        (9, r#"ports = ["PEK", "NOWHERE"]"#, r#""NOWHERE""#, "not in the port registry"),
        (13, r#"purposes_allowed = ["tourism", "partying"]"#, r#""partying""#, "unknown purpose"),
        (10, r#"area = "moon""#, r#""moon""#, "not defined by any [[area]]"),
        (14, r#"legal_basis = ["XYZ Art. 1"]"#, r#""XYZ Art. 1""#, "names no known law"),
        (14, r#"legal_basis = ["EEA-Law Article 22"]"#, r#""EEA-Law Article 22""#, "must read like"),
        (7, r#"nationalities = ["CHN"]"#, r#""CHN""#, "CHN cannot be"),
        (7, r#"nationalities = ["U1O"]"#, r#""U1O""#, "country code"),
        (7, r#"nationalities = ["UTO", "UTO"]"#, r#""UTO"]"#, "listed twice"),
        (12, r#"max_stay = "30 days""#, r#""30 days""#, "number of days or hours"),
        (3, r#"kind = "visa-free""#, r#""visa-free""#, "unknown kind"),
        (3, r#"kind = "visa-required""#, r#""visa-required""#, "not a scheme kind"),
        (11, r#"clock = "lunar""#, r#""lunar""#, "unknown clock"),
        (16, r#"confidence = "maybe""#, r#""maybe""#, "confidence"),
        (2, r#"id = "cn-unilateral""#, r#""cn-unilateral""#, "duplicate scheme id"),
        (2, r#"id = "Bad Id""#, r#""Bad Id""#, "lower-case"),
        (8, r#"document_types = ["passport"]"#, r#""passport""#, "unknown document type"),
        (6, "precednce = 1", "precednce", "unknown field"),
        (12, r#"max_stay = "30d"#, r#""30d"#, ""),
        (
            16,
            "confidence = \"OK\"\nvalid_from = 2025-01-01\nvalid_to = 2024-01-01",
            "2024-01-01",
            "before it starts",
        ),
        (16, "confidence = \"OK\"\nvalid_from = \"2025-13-01\"", "\"2025-13-01\"", "not a date"),
        (16, "confidence = \"OK\"\nvalid_from = 2025-01-01T10:00:00", "2025-01-01T10:00:00", "without time"),
        (
            16,
            "confidence = \"OK\"\nrolling_limit = { days = 90, window_days = 30 }",
            "{ days",
            "at least days",
        ),
        (
            16,
            "confidence = \"OK\"\nconditions = [\"smile\"]",
            "\"smile\"",
            "not defined by any [[condition]]",
        ),
        (
            16,
            "confidence = \"OK\"\ngroup = { min_size = 2, organisers = [\"pirates\"] }",
            "\"pirates\"",
            "[[organiser]]",
        ),
        (16, "confidence = \"OK\"\nport_cities = [\"Atlantis\"]", "\"Atlantis\"", "no registry port lies in"),
        (
            16,
            "confidence = \"OK\"\n[[scheme.amendment]]\nfrom = 2020-01-01",
            "2020-01-01",
            "must change max_stay",
        ),
    ];
    let mut failures = Vec::new();
    for (line, new, at, reason) in cases {
        let text = edit(*line, new);
        let Err(err) = with_extra(&text) else {
            failures.push(format!("{new:?}: accepted"));
            continue;
        };
        // The position the error must have: the first occurrence of `at` in the edited file.
        let offset = text.find(at).unwrap();
        let want_line = text[..offset].matches('\n').count() + 1;
        let want_col = text[..offset].rsplit('\n').next().unwrap().chars().count() + 1;
        let found = err.diagnostics().iter().any(|d| {
            d.file == "policies/test/bad.toml"
                && d.line == want_line
                && d.reason.contains(reason)
                && (d.column == want_col || reason.is_empty() || *at == "precednce")
        });
        if !found {
            failures.push(format!("{new:?}: want bad.toml:{want_line}:{want_col} ~ {reason:?}, got:\n{err}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_problem_is_reported_at_once() {
    let text = edit(9, r#"ports = ["NOWHERE"]"#).replace(r#"area = "mainland""#, r#"area = "moon""#);
    let err = with_extra(&text).unwrap_err();
    assert_eq!(err.diagnostics().len(), 2, "{err}");
    assert!(err.to_string().starts_with("the rule set is invalid (2 problems)"));
}

#[test]
fn a_rule_set_needs_its_header() {
    let err = RuleSet::load(&[("only.toml", TEMPLATE)]).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("only.toml:1:1: no file declares [ruleset]"), "{text}");
    assert!(text.contains("no file declares [refusal]"), "{text}");
    assert!(RuleSet::load(&[]).unwrap_err().to_string().contains("no rule files"));
}

#[test]
fn hash_depends_on_content_not_on_paths() {
    let builtin = crate::china();
    let on_disk = crate::read_dir("policies/cn");
    let from_disk = RuleSet::load(&crate::as_pairs(&on_disk)).unwrap();
    assert_eq!(builtin.meta().hash, from_disk.meta().hash, "the embedded files differ from policies/cn");
    assert_eq!(
        from_disk.files().len(),
        policy::builtin_files().len(),
        "a file in policies/cn is not embedded"
    );
    let renamed: Vec<(String, String)> = on_disk
        .iter()
        .map(|(p, t)| (format!("/somewhere/else/{}", p.rsplit('/').next().unwrap()), t.clone()))
        .collect();
    assert_eq!(RuleSet::load(&crate::as_pairs(&renamed)).unwrap().meta().hash, builtin.meta().hash);
    let mut changed = on_disk.clone();
    changed[0].1.push_str("\n# a comment changes the hash\n");
    assert_ne!(RuleSet::load(&crate::as_pairs(&changed)).unwrap().meta().hash, builtin.meta().hash);
    assert!(builtin.label().starts_with("cn@2026.11.29+sha256:"));
}

#[test]
fn the_shipped_set_has_what_the_reference_lists() {
    let rules = crate::china();
    let count = |kind: &str| rules.schemes().iter().filter(|s| s.kind.as_str() == kind).count();
    assert_eq!(count("visa-exemption-agreement"), 28);
    assert_eq!(count("unilateral-visa-free"), 1);
    assert_eq!(count("transit-visa-free"), 1);
    assert_eq!(count("direct-transit"), 2);
    assert_eq!(count("regional-visa-free"), 6);
    assert_eq!(count("port-visa"), 2);
    let date = |s: &str| s.parse::<jiff::civil::Date>().unwrap();
    let on = |code: &str, day: &str| {
        rules.schemes_for(codes::CountryCode::parse(code).unwrap(), date(day)).contains(&"cn-unilateral")
    };
    // 50 unilateral countries from 2026-02-17 (china-policy.md §2.1 snapshot).
    let unilateral: Vec<&str> = [
        "KOR", "JPN", "SAU", "OMN", "KWT", "BHR", "BRA", "ARG", "CHL", "PER", "URY", "AUS", "NZL", "FRA",
        "D", "ITA", "NLD", "ESP", "CHE", "IRL", "HUN", "AUT", "BEL", "LUX", "POL", "PRT", "GRC", "SVN",
        "SVK", "NOR", "FIN", "DNK", "ISL", "MCO", "LIE", "AND", "BGR", "ROU", "HRV", "MNE", "MKD", "MLT",
        "EST", "LVA", "CYP", "SWE", "BRN", "RUS", "GBR", "CAN",
    ]
    .into_iter()
    .filter(|c| on(c, "2026-03-01"))
    .collect();
    assert_eq!(unilateral.len(), 50);
    let transit_on = |code: &str, day: &str| {
        rules.schemes_for(codes::CountryCode::parse(code).unwrap(), date(day)).contains(&"cn-transit-240h")
    };
    let all = ["USA", "IDN", "UKR", "MEX", "QAT", "BIH"];
    assert!(all.iter().all(|c| transit_on(c, "2026-01-01")));
    assert!(!transit_on("IDN", "2025-06-11") && !transit_on("SAU", "2026-01-01"));
    assert_eq!(rules.scheme("cn-transit-240h").unwrap().valid_from, Some(date("2024-12-17")));
}

#[test]
fn the_draft_differs_only_where_it_says() {
    let base = crate::read_dir("policies/cn");
    let draft = crate::read_dir("policies/drafts/2027-extension");
    let name = |p: &str| p.rsplit('/').next().unwrap().to_owned();
    let base_names: Vec<String> = base.iter().map(|(p, _)| name(p)).collect();
    let draft_names: Vec<String> = draft.iter().map(|(p, _)| name(p)).collect();
    assert_eq!(base_names, draft_names);
    for ((bp, bt), (_, dt)) in base.iter().zip(&draft) {
        let n = name(bp);
        if n == "ruleset.toml" || n == "unilateral.toml" {
            assert_ne!(bt, dt, "{n} should differ in the draft");
        } else {
            assert_eq!(bt, dt, "{n} drifted from policies/cn; copy it again");
        }
    }
    let draft = RuleSet::load(&crate::as_pairs(&draft)).unwrap_or_else(|e| panic!("{e}"));
    assert!(draft.meta().draft);
}

#[test]
fn lint_summary_lists_the_weak_facts() {
    let s = crate::china().lint_summary();
    assert_eq!(s.files.len(), 8);
    assert_eq!(s.schemes_by_kind.values().sum::<usize>(), crate::china().schemes().len());
    assert!(s.ports_designated > 60 && s.ports_designated <= s.ports_in_registry);
    let has = |needle: &str| s.weak_facts.iter().any(|w| w.contains(needle));
    assert!(has("cn-transit-240h: ports") && has("UNVERIFIED"), "{:#?}", s.weak_facts);
    assert!(has("cn-unilateral: nationalities") && has("RUS"));
    assert!(has("cn-agreement-ecu: scheme terms UNVERIFIED"));
    assert!(has("area transit-240h: Liaoning (UNVERIFIED)"));
    assert!(serde_json::to_value(&s).unwrap()["schemes_by_kind"]["visa-exemption-agreement"] == 28);
}
