//! Integration tests: importers (with line-numbered errors), the incremental index, cross-script matching,

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]
//! the facts that raise or lower a score, document hits, dispositions, per-list thresholds, and the JSON
//! shape of an explained hit.

use proptest::prelude::*;
use screening::{
    Action, AlertType, BatchLine, Disposition, Dispositions, Entry, ImportFormat, ImportOptions, Index,
    MatchConfig, Query, ScreenContext, import, parse_queries,
};

const HEADER: &str =
    "id,names,birth_date,sex,nationalities,document_numbers,alert_type,action,valid_from,valid_to,list\n";

/// A small synthetic watchlist covering the scripts and schemes the matcher must bridge.
fn watchlist() -> Index {
    let rows = "\
W01,张伟,1980-03-02,M,CHN,,wanted,refer,,,wanted-persons
W02,Юрий Щербаков|Yuriy Shcherbakov,1970-01-02,M,RUS,,entry-ban,deny,,,entry-bans
W03,محمد بن سلمان الرشيد,1985,M,SAU,,notify,notify,,,notify
W04,Jürgen Müller,1966-06-06,M,DEU,,exit-ban,deny,,,exit-bans
W05,GEORGE HABBASH,1950-02-02,M,UTO,,wanted,refer,,,wanted-persons
W06,김민준,1990-09-09,M,KOR,,entry-ban,deny,,,entry-bans
W07,ANNA MARIA ERIKSSON,1975-05-05,F,SWE,,entry-ban,deny,,,entry-bans
W08,KIM JONG IL,1941-02-16,M,UTO,,entry-ban,deny,,,entry-bans
W09,JOHN SMITH,1960-01-01,M,GBR,,entry-ban,deny,,,entry-bans
W10,JANE DOE,,F,UTO,L898902C3,lost-stolen-document,refer,,,sltd
W11,Γιώργος Παπαδόπουλος,1971-07-07,M,GRC,,notify,notify,,,notify
W12,欧阳小明,1988-08-08,M,CHN,,wanted,refer,2020-01-01,2030-12-31,wanted-persons
W13,Иван Иванович Петров,1965-04-04,M,RUS,,exit-ban,deny,,,exit-bans
W14,HUSSEIN ABDULLAH,1977-07-17,M,IRQ,,entry-ban,deny,,,entry-bans
";
    let text = format!("{HEADER}{rows}");
    let imported = import(&text, ImportFormat::Csv, &ImportOptions::default()).expect("valid watchlist");
    Index::build(imported.entries).expect("unique ids")
}

fn screen_ids(index: &Index, query: &Query) -> Vec<String> {
    let config = MatchConfig::default();
    index.screen(query, &ScreenContext::new(&config)).hits.into_iter().map(|h| h.id).collect()
}

fn q(name: &str, dob: Option<&str>) -> Query {
    Query { name: Some(name.into()), birth_date: dob.map(|d| d.parse().expect("date")), ..Query::default() }
}

/// Each listed person is found under the variations the issue names; each row is (query, dob, expected).
#[test]
fn finds_listed_people_across_scripts_and_schemes() {
    let index = watchlist();
    let cases: &[(&str, Option<&str>, &str)] = &[
        ("ZHANG WEI", Some("1980-03-02"), "W01"),
        ("Wei Zhang", Some("1980-03-02"), "W01"),
        ("CHEUNG WEI", Some("1980-03-02"), "W01"),
        ("CHANG WEI", Some("1980"), "W01"),
        ("IURII SHCHERBAKOV", Some("1970-01-02"), "W02"),
        ("SHCHERBAKOV<<IURII", Some("1970-01-02"), "W02"),
        ("Jurij Schtscherbakow", Some("1970-01-02"), "W02"),
        ("MOHAMMED BIN SALMAN AL-RASHID", Some("1985-03-03"), "W03"),
        ("MUHAMMAD SALMAN ALRASHID", Some("1985-03-03"), "W03"),
        ("MULLER JURGEN", Some("1966-06-06"), "W04"),
        ("MUELLER<<JUERGEN", Some("1966-06-06"), "W04"),
        ("KIM MIN JUN", Some("1990-09-09"), "W06"),
        ("GIM MINJUN", Some("1990-09-09"), "W06"),
        ("MIN-JUN KIM", Some("1990-09-09"), "W06"),
        ("ERIKSSON ANNA", Some("1975-05-05"), "W07"),
        ("ERIKSON ANNA MARIA", Some("1975-05-05"), "W07"),
        ("JON SMITH", Some("1960-01-01"), "W09"),
        ("GIORGOS PAPADOPOULOS", Some("1971-07-07"), "W11"),
        ("YIORGOS PAPADOPOULOS", Some("1971-07-07"), "W11"),
        ("OUYANG XIAOMING", Some("1988-08-08"), "W12"),
        ("AUYEUNG XIAO MING", Some("1988-08-08"), "W12"),
        ("IVAN PETROV", Some("1965-04-04"), "W13"),
        ("HOSSEIN ABDALLAH", Some("1977-07-17"), "W14"),
        ("PAPADOPOULOS<<GIORG", Some("1971-07-07"), "W11"),
    ];
    for (name, dob, expected) in cases {
        let ids = screen_ids(&index, &q(name, *dob));
        assert!(ids.iter().any(|i| i == expected), "{name:?} should hit {expected}, got {ids:?}");
    }
}

/// Known false hits of other engines do not happen here.
#[test]
fn avoids_known_false_hits() {
    let index = watchlist();
    let cases: &[(&str, Option<&str>)] = &[
        ("George Bush", Some("1946-07-06")),
        ("KIM JONG UN", Some("1984-01-08")),
        // The same name with a contradicting birth date is not a hit.
        ("ZHANG WEI", Some("1991-07-08")),
        ("JOHN SMITH", Some("1985-05-05")),
        // A one-edit typo in a name that has no exact part and no birth date to confirm it.
        ("JANA DOA", None),
    ];
    for (name, dob) in cases {
        let ids = screen_ids(&index, &q(name, *dob));
        assert!(ids.is_empty(), "{name:?} should not hit, got {ids:?}");
    }
}

/// An exact document-number match is a hit on its own, whatever the name.
#[test]
fn document_number_hit() {
    let index = watchlist();
    let query = Query {
        name: Some("SOMEONE ELSE".into()),
        document_number: Some("l898-902c3".into()),
        ..Query::default()
    };
    let config = MatchConfig::default();
    let hits = index.screen(&query, &ScreenContext::new(&config)).hits;
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].id, "W10");
    assert_eq!(hits[0].score, 1.0);
    assert_eq!(hits[0].explanation.facts[0].fact, "document-number");
}

/// The explanation says which parts matched how and which facts moved the score (a JSON snapshot).
#[test]
fn explanation_snapshot() {
    let index = watchlist();
    let query = Query { nationality: Some("CN".into()), ..q("CHEUNG Wei", Some("1980-03-02")) };
    let config = MatchConfig::default();
    let result = index.screen(&query, &ScreenContext::new(&config));
    let json = serde_json::to_string_pretty(&result).expect("serialises");
    let expected = r#"{
  "hits": [
    {
      "id": "W01",
      "score": 1.0,
      "matched_name": "张伟",
      "alert_type": "wanted",
      "action": "refer",
      "list": "wanted-persons",
      "entry_version": 1,
      "explanation": {
        "summary": "name 0.97: WEI ~ WEI (exact), CHEUNG ~ ZHANG (variant); birth date 1980-03-02 matches 1980-03-02 (+0.05); nationality CHN is listed (+0.03); score 1.00 ≥ threshold 0.80",
        "query_name": "CHEUNG WEI",
        "entry_name": "ZHANG WEI",
        "name_score": 0.975,
        "parts": [
          {
            "query": "WEI",
            "entry": "WEI",
            "how": "exact",
            "similarity": 1.0,
            "weight": 0.5
          },
          {
            "query": "CHEUNG",
            "entry": "ZHANG",
            "how": "variant",
            "similarity": 0.95,
            "weight": 0.5
          }
        ],
        "unmatched_query": [],
        "unmatched_entry": [],
        "facts": [
          {
            "fact": "birth-date",
            "effect": 0.05,
            "detail": "birth date 1980-03-02 matches 1980-03-02"
          },
          {
            "fact": "nationality",
            "effect": 0.03,
            "detail": "nationality CHN is listed"
          }
        ],
        "threshold": 0.8
      }
    }
  ]
}"#;
    assert_eq!(json, expected);
}

/// A contradicting birth date pushes an exact name below the threshold, and the amount is configurable.
#[test]
fn birth_date_contradiction_is_configurable() {
    let index = watchlist();
    let query = q("JURGEN MULLER", Some("1990-01-01"));
    assert!(screen_ids(&index, &query).is_empty());
    let lenient = MatchConfig { birth_date_contradiction_penalty: 0.1, ..MatchConfig::default() };
    let hits = index.screen(&query, &ScreenContext::new(&lenient)).hits;
    assert_eq!(hits.len(), 1);
    assert!(hits[0].explanation.summary.contains("contradicts"));
}

/// Per-list thresholds apply to their list only.
#[test]
fn per_list_thresholds() {
    let index = watchlist();
    let query = q("JON SMITH", Some("1960-01-01"));
    let mut config = MatchConfig::default();
    config.list_thresholds.insert("entry-bans".into(), 0.999);
    assert!(index.screen(&query, &ScreenContext::new(&config)).hits.is_empty());
    config.list_thresholds.insert("entry-bans".into(), 0.5);
    assert_eq!(index.screen(&query, &ScreenContext::new(&config)).hits.len(), 1);
}

/// A disposition suppresses its pair (reported separately) until the entry changes.
#[test]
fn dispositions_suppress_until_entry_changes() {
    let mut index = watchlist();
    let config = MatchConfig::default();
    let query =
        Query { traveller_key: Some("P123|CHN|1980-03-02".into()), ..q("ZHANG WEI", Some("1980-03-02")) };
    let version = index.get("W01").map(|(_, v)| v).expect("listed");
    let dispositions: Dispositions = [Disposition {
        traveller_key: "P123|CHN|1980-03-02".into(),
        entry_id: "W01".into(),
        entry_version: version,
    }]
    .into_iter()
    .collect();
    let ctx = ScreenContext { config: &config, as_of: None, dispositions: Some(&dispositions) };
    let r = index.screen(&query, &ctx);
    assert!(r.hits.is_empty());
    assert_eq!(r.suppressed.len(), 1);
    // Another traveller with the same name and date is not suppressed.
    let other = Query { traveller_key: Some("P999".into()), ..query.clone() };
    assert_eq!(index.screen(&other, &ctx).hits.len(), 1);
    // The entry changes: the hit comes back.
    let (entry, _) = index.get("W01").expect("listed");
    let mut changed = entry.clone();
    changed.legal_basis = Some("Exit and Entry Administration Law, art. 28".into());
    index.upsert(changed);
    let r = index.screen(&query, &ctx);
    assert_eq!(r.hits.len(), 1);
    assert!(r.suppressed.is_empty());
}

/// Entries outside their validity window are ignored when the screening day is given.
#[test]
fn validity_window() {
    let index = watchlist();
    let config = MatchConfig::default();
    let query = q("OUYANG XIAOMING", Some("1988-08-08"));
    let before =
        ScreenContext { as_of: Some("2019-12-31".parse().expect("date")), ..ScreenContext::new(&config) };
    let during =
        ScreenContext { as_of: Some("2025-06-01".parse().expect("date")), ..ScreenContext::new(&config) };
    assert!(index.screen(&query, &before).hits.is_empty());
    assert_eq!(index.screen(&query, &during).hits.len(), 1);
}

/// Incremental changes: versions move on, list synchronisation counts added/changed/removed.
#[test]
fn incremental_index() {
    let mut index = watchlist();
    let v0 = index.version();
    let entry = |id: &str, name: &str| Entry {
        id: id.into(),
        names: vec![name.into()],
        birth_dates: vec![],
        sex: None,
        nationalities: vec![],
        document_numbers: vec![],
        alert_type: AlertType::Notify,
        action: Action::Notify,
        valid_from: None,
        valid_to: None,
        list: "notify".into(),
        authority: None,
        legal_basis: None,
    };
    let summary =
        index.sync_list("notify", vec![entry("W03", "محمد بن سلمان"), entry("N1", "Olena Bondarenko")]);
    assert_eq!((summary.added, summary.changed, summary.removed), (1, 1, 1)); // W11 left the list
    assert!(index.get("W11").is_none());
    assert!(index.version() > v0);
    assert_eq!(index.list_version("notify"), Some(index.version()));
    let again =
        index.sync_list("notify", vec![entry("W03", "محمد بن سلمان"), entry("N1", "Olena Bondarenko")]);
    assert_eq!((again.added, again.changed, again.removed, again.unchanged), (0, 0, 0, 2));
    let by_list = index.sync_lists(vec![entry("W03", "محمد بن سلمان"), entry("N1", "Olena Bondarenko")]);
    assert_eq!(by_list.keys().collect::<Vec<_>>(), vec!["notify"]);
    assert_eq!(by_list["notify"].unchanged, 2);
    assert!(index.remove("N1"));
    assert!(!index.remove("N1"));
    assert!(screen_ids(&index, &q("OLENA BONDARENKO", None)).is_empty());
}

/// Import errors name every bad line and nothing is imported.
#[test]
fn import_errors_have_line_numbers() {
    let text = format!(
        "{HEADER}\
A1,Ivan Petrov,1970-01-02,M,RUS,,wanted,refer,,,demo
A2,Petr Ivanov,1970-13-02,M,RUS,,wanted,refer,,,demo
A3,Anna Berg,,Q,SWE,,wanted,refer,,,demo
A4,Lena Berg,,F,SWE,,wanted,arrest,,,demo
A1,Olga Berg,,F,SWE,,wanted,refer,,,demo
A6,Olga Berg,,F,SWE,,wanted,refer,2024-01-02,2023-01-01,demo
A7,Olga Berg,,F,SWE,,wanted,refer,,,demo,extra
"
    );
    let err = import(&text, ImportFormat::Csv, &ImportOptions::default()).expect_err("bad rows");
    let screening::ScreeningError::Import(rows) = err else { panic!("not an import error") };
    let got: Vec<(usize, &str)> = rows.iter().map(|r| (r.line, r.reason.as_str())).collect();
    assert_eq!(
        got,
        vec![
            (3, "invalid birth_date: \"1970-13-02\""),
            (4, "invalid sex: \"Q\""),
            (5, "invalid action: \"arrest\""),
            (6, "id \"A1\" already used on line 2"),
            (7, "valid_to is before valid_from"),
            (8, "12 fields, the header has 11"),
        ]
    );
    let bad_header = "id,names,colour\n";
    let err = import(bad_header, ImportFormat::Csv, &ImportOptions::default()).expect_err("bad header");
    assert!(err.to_string().contains("line 1"), "{err}");
    let unterminated = format!("{HEADER}A1,\"Ivan,1970,M,RUS,,wanted,refer,,,demo\n");
    let err = import(&unterminated, ImportFormat::Csv, &ImportOptions::default()).expect_err("bad quote");
    assert!(err.to_string().contains("line 2"), "{err}");
}

#[test]
fn import_json_lines_and_ftm() {
    let jsonl = r#"{"id":"J1","names":["Ivan Petrov","Иван Петров"],"birth_date":"1970","alert_type":"wanted","action":"refer","list":"demo"}
{"id":"J2","names":"Anna Berg|Anna Bergh","nationalities":["SE"],"alert_type":"notify","action":"notify","list":"demo"}

{"id":"J3","names":"x","alert_type":"wanted","action":"refer","list":"demo","colour":"red"}
"#;
    let err = import(jsonl, ImportFormat::JsonLines, &ImportOptions::default()).expect_err("unknown field");
    assert_eq!(err.to_string(), "import rejected, 1 bad row(s); line 4: unknown field \"colour\"");
    let good: String = jsonl.lines().take(2).collect::<Vec<_>>().join("\n");
    let ok = import(&good, ImportFormat::JsonLines, &ImportOptions::default()).expect("valid");
    assert_eq!(ok.entries.len(), 2);
    assert_eq!(ok.entries[1].names, vec!["Anna Berg", "Anna Bergh"]);
    assert_eq!(ok.entries[1].nationalities, vec!["SWE"]);

    let ftm = r#"{"id":"NK-1","schema":"Person","properties":{"name":["Ivan Petrov"],"alias":["Иван Петров"],"birthDate":["1970-01-02"],"gender":["male"],"nationality":["ru"],"passportNumber":["75 1234567"]},"datasets":["demo_sanctions"]}
{"id":"NK-2","schema":"Company","properties":{"name":["Petrov Trading LLC"]}}
{"id":"NK-3","schema":"Person","properties":{}}
"#;
    let err = import(ftm, ImportFormat::Ftm, &ImportOptions::default()).expect_err("no name");
    assert_eq!(err.to_string(), "import rejected, 1 bad row(s); line 3: no name");
    let ok = import(
        &ftm.lines().take(2).collect::<Vec<_>>().join("\n"),
        ImportFormat::Ftm,
        &ImportOptions::default(),
    )
    .expect("valid");
    assert_eq!(ok.skipped, 1);
    let e = &ok.entries[0];
    assert_eq!((e.id.as_str(), e.list.as_str()), ("NK-1", "demo_sanctions"));
    assert_eq!(e.names, vec!["Ivan Petrov", "Иван Петров"]);
    assert_eq!(e.nationalities, vec!["RUS"]);
    assert_eq!(e.document_numbers, vec!["751234567"]);
    let options = ImportOptions { list: Some("override".into()), ..ImportOptions::default() };
    let ok = import(&good, ImportFormat::JsonLines, &options).expect("valid");
    assert!(ok.entries.iter().all(|e| e.list == "override"));
}

#[test]
fn batch_queries_and_lines() {
    let text = "id,name,birth_date,sex,nationality,document_number\nq1,ZHANG WEI,1980-03-02,M,CHN,\nq2,,,,,\nq3,X,1980-99,,,\n";
    let err = parse_queries(text).expect_err("bad rows");
    assert_eq!(
        err.to_string(),
        "import rejected, 2 bad row(s); line 3: neither name nor document number; line 4: invalid birth_date: \"1980-99\""
    );
    let ok = parse_queries(&text.lines().take(2).collect::<Vec<_>>().join("\n")).expect("valid");
    let index = watchlist();
    let config = MatchConfig::default();
    let r = index.screen(&ok[0].query, &ScreenContext::new(&config));
    let line = serde_json::to_value(BatchLine::new(&ok[0].id, &r)).expect("json");
    assert_eq!(line["query_id"], "q1");
    assert_eq!(line["hits"][0]["id"], "W01");
}

/// Imported entries never panic the matcher, whatever the query.
#[test]
fn empty_and_odd_queries() {
    let index = watchlist();
    for name in ["", " ", "<<", "---", "???", "a", "AL", "BIN", "\u{0}", "ﷺ"] {
        let _ = screen_ids(&index, &q(name, None));
    }
    let _ = screen_ids(&Index::new(), &q("JOHN SMITH", None));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// A name always matches itself, in any token order.
    #[test]
    fn self_match_any_order(words in proptest::collection::vec("[A-Z][a-z]{2,9}", 2..5), rot in 0usize..5) {
        let name = words.join(" ");
        let entry = Entry {
            id: "P1".into(), names: vec![name.clone()], birth_dates: vec![], sex: None, nationalities: vec![],
            document_numbers: vec![], alert_type: AlertType::Wanted, action: Action::Refer, valid_from: None,
            valid_to: None, list: "p".into(), authority: None, legal_basis: None,
        };
        let index = Index::build(vec![entry]).expect("one entry");
        let mut shuffled = words.clone();
        let n = shuffled.len();
        shuffled.rotate_left(rot % n);
        let ids = screen_ids(&index, &q(&shuffled.join(" "), None));
        prop_assert_eq!(ids, vec!["P1".to_owned()]);
    }

    /// No input panics the importers.
    #[test]
    fn importers_never_panic(s in any::<String>()) {
        let o = ImportOptions::default();
        let _ = import(&s, ImportFormat::Csv, &o);
        let _ = import(&s, ImportFormat::JsonLines, &o);
        let _ = import(&s, ImportFormat::Ftm, &o);
        let _ = import(&format!("{HEADER}{s}"), ImportFormat::Csv, &o);
        let _ = parse_queries(&s);
    }

    /// No query panics the matcher.
    #[test]
    fn matcher_never_panics(s in any::<String>()) {
        let index = watchlist();
        let _ = screen_ids(&index, &q(&s, None));
        let _ = screen_ids(&index, &Query { primary: Some(s.clone()), secondary: Some(s.clone()), ..Query::default() });
    }
}

/// Regression: fold keys collapse doubled letters (BAADAPO → BADAPO), so a one-letter deletion in the
/// query can be two edits between fold keys; the lookup must still reach the spelling.
#[test]
fn typo_next_to_a_doubled_letter() {
    let text = format!("{HEADER}T2,Folake BABADAPO,1974-04-13,F,NGA,,wanted,refer,,,demo\n");
    let index =
        Index::build(import(&text, ImportFormat::Csv, &ImportOptions::default()).unwrap().entries).unwrap();
    assert_eq!(screen_ids(&index, &q("Folake BAADAPO", Some("1974-04-13"))), vec!["T2"]);
}

/// The part-lookup cache never changes an answer: the same query gives the same hits cold and warm, and a
/// spelling added after the cache was filled is found at once.
#[test]
fn lookup_cache_is_transparent_and_follows_changes() {
    let mut index = watchlist();
    let queries =
        [q("ZHANG Wei", Some("1980-03-02")), q("Yuri Shcherbakov", None), q("OTHELLO QUASIMODO", None)];
    let cold: Vec<Vec<String>> = queries.iter().map(|x| screen_ids(&index, x)).collect();
    assert!(index.lookup_cache_len() > 0, "screening fills the cache");
    let warm: Vec<Vec<String>> = queries.iter().map(|x| screen_ids(&index, x)).collect();
    assert_eq!(cold, warm);
    assert!(cold[2].is_empty());
    let text = format!("{HEADER}W99,OTHELLO QUASIMODO,,,,,wanted,refer,,,wanted-persons\n");
    let added = import(&text, ImportFormat::Csv, &ImportOptions::default()).unwrap().entries;
    for e in added {
        index.upsert(e);
    }
    assert_eq!(screen_ids(&index, &queries[2]), vec!["W99".to_owned()]);
    index.clear_lookup_cache();
    assert_eq!(index.lookup_cache_len(), 0);
}
