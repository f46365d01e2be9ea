//! The JSON shapes the CLI and HTTP API expose, the plain-language helpers, and request errors.

use policy::{CheckError, CheckRequest, OverstayRequest};

fn request(json: &str) -> CheckRequest {
    CheckRequest::from_json(json).unwrap_or_else(|e| panic!("{e}"))
}

const CLI_EXAMPLE: &str = r#"{
  "traveller": {"nationality": "USA", "document_type": "ordinary"},
  "arrival": {"port": "PVG", "instant": "2026-12-01T10:00", "origin": "USA", "purpose": "tourism"},
  "onward": {"destination": "KOR", "departure": "2026-12-08T10:00"}
}"#;

#[test]
fn decision_json_has_the_documented_fields() {
    let rules = crate::china();
    let d = rules.check(&request(CLI_EXAMPLE)).unwrap();
    let v = serde_json::to_value(&d).unwrap();
    for key in [
        "ruleset",
        "admissible",
        "kind",
        "scheme",
        "permitted_until",
        "permitted_area",
        "conditions",
        "legal_basis",
        "alternatives",
        "trace",
        "deadline",
        "entry",
        "port",
        "confidence",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    assert_eq!(v["ruleset"]["label"], rules.label());
    assert_eq!(v["entry"], "2026-12-01T10:00:00+08:00");
    assert_eq!(v["permitted_until"], "2026-12-12T00:00:00+08:00");
    assert_eq!(v["deadline"]["en"], "leave by 24:00 on 11 December");
    assert_eq!(v["deadline"]["zh"], "请于12月11日24时前离境");
    assert_eq!(v["legal_basis"][0]["zh"], "《中华人民共和国出境入境管理法》第二十二条第（三）项");
    assert_eq!(v["permitted_area"]["id"], "transit-240h");
    let trace = v["trace"].as_array().unwrap();
    let transit = trace.iter().find(|t| t["scheme"] == "cn-transit-240h").unwrap();
    assert_eq!(transit["applies"], true);
    let codes: Vec<&str> =
        transit["reasons"].as_array().unwrap().iter().map(|r| r["code"].as_str().unwrap()).collect();
    assert!(codes.contains(&"onward-within-permit"), "{codes:?}");
    // Every scheme of kind other than the nationality-specific ones is considered, and each line says why.
    assert!(trace.iter().all(|t| !t["reasons"].as_array().unwrap().is_empty()));
}

#[test]
fn decisions_are_reproducible() {
    let rules = crate::china();
    let req = request(CLI_EXAMPLE);
    let a = serde_json::to_string(&rules.check(&req).unwrap()).unwrap();
    let again = policy::RuleSet::china().unwrap();
    let b = serde_json::to_string(&again.check(&req).unwrap()).unwrap();
    assert_eq!(a, b);
    // The request round-trips through its own JSON.
    let back: CheckRequest = serde_json::from_str(&serde_json::to_string(&req).unwrap()).unwrap();
    assert_eq!(back, req);
}

#[test]
fn plain_answer_for_the_public_page() {
    let rules = crate::china();
    let p = rules.check(&request(CLI_EXAMPLE)).unwrap().plain();
    assert!(p.admissible);
    assert_eq!(p.answer_en, "Yes. You may enter without a visa under the 240-hour visa-free transit policy.");
    assert_eq!(p.answer_zh, "可以。您可依据“240小时过境免签政策”政策免签入境。");
    assert_eq!(p.deadline_en.as_deref(), Some("leave by 24:00 on 11 December 2026"));
    assert_eq!(p.deadline_zh.as_deref(), Some("请于2026年12月11日24时前离境"));
    assert!(p.area_zh.unwrap().contains("山西省（太原市、大同市）"));
    assert!(p.legal_basis_en[0].starts_with("Exit and Entry Administration Law"));

    let no = rules
        .check(&request(
            r#"{"traveller":{"nationality":"IND"},"arrival":{"port":"PEK","instant":"2026-12-01T10:00","purpose":"tourism"}}"#,
        ))
        .unwrap()
        .plain();
    assert!(!no.admissible && no.deadline_en.is_none());
    assert!(no.answer_zh.starts_with("不可以"));
    assert_eq!(
        no.legal_basis_zh,
        [
            "《中华人民共和国出境入境管理法》第二十四条",
            "《中华人民共和国出境入境管理法》第二十五条第（一）项"
        ]
    );
}

#[test]
fn request_errors() {
    let rules = crate::china();
    let cases: &[(&str, &str)] = &[
        (
            r#"{"traveller":{"nationality":"CHN"},"arrival":{"port":"PEK","instant":"2026-12-01","purpose":"tourism"}}"#,
            "Chinese citizens",
        ),
        (
            r#"{"traveller":{"nationality":"USA"},"arrival":{"port":"NOWHERE","instant":"2026-12-01","purpose":"tourism"}}"#,
            "arrival.port",
        ),
        (
            r#"{"traveller":{"nationality":"USA"},"arrival":{"port":"PEK","instant":"2026-12-01","purpose":"tourism"},"onward":{"port":"XXX"}}"#,
            "onward.port",
        ),
        (
            r#"{"traveller":{"nationality":"USA"},"arrival":{"port":"PEK","instant":"2026-12-01","purpose":"tourism"},"history":[{"entry":"2026-02-01","exit":"2026-01-01"}]}"#,
            "history[0]",
        ),
    ];
    for (json, want) in cases {
        let err: CheckError = rules.check(&request(json)).unwrap_err();
        assert!(err.to_string().contains(want), "{json}: {err}");
    }
    // Malformed JSON and unknown values are rejected when the request is read, with a position.
    let bad: &[(&str, usize)] = &[
        ("{\n\"traveller\": {\"nationality\": \"U5A\"}}", 2),
        (
            "{\"traveller\":{\"nationality\":\"USA\"},\n\"arrival\":{\"port\":\"PEK\",\"instant\":\"soon\",\"purpose\":\"tourism\"}}",
            2,
        ),
        (
            "{\"traveller\":{\"nationality\":\"USA\"},\"arrival\":{\"port\":\"PEK\",\"instant\":\"2026-12-01\",\n\"purpose\":\"partying\"}}",
            2,
        ),
        ("{\"traveller\":{\"nationality\":\"USA\", \"race\": \"x\"}}", 1),
    ];
    for (json, line) in bad {
        match CheckRequest::from_json(json) {
            Err(policy::RequestError::Json { line: l, .. }) => assert_eq!(l, *line, "{json}"),
            other => panic!("{json}: {other:?}"),
        }
    }
    let stays =
        policy::parse_stays_json(r#"[{"entry":"2026-01-01","exit":"2026-01-05T12:00+08:00"}]"#).unwrap();
    assert_eq!(stays.len(), 1);
    assert!(policy::parse_stays_json("[{\"entry\":1}]").is_err());
}

#[test]
fn overstay_json() {
    let cases: &[(&str, u64, u64)] = &[
        (r#"{"permitted_until":"2026-12-12T00:00:00+08:00","exit":"2026-12-11T20:00"}"#, 0, 0),
        (r#"{"permitted_until":"2026-12-12T00:00:00+08:00","exit":"2026-12-12T08:00","port":"PVG"}"#, 1, 500),
        (
            r#"{"permitted_until":"2026-12-12T00:00","exit":"2027-03-01T08:00","time_zone":"Asia/Shanghai"}"#,
            80,
            10_000,
        ),
    ];
    for (json, days, max) in cases {
        let req: OverstayRequest = serde_json::from_str(json).unwrap();
        let v = serde_json::to_value(req.evaluate().unwrap()).unwrap();
        assert_eq!(
            (v["overstay_days"].as_u64(), v["fine_min_cny"].as_u64(), v["fine_max_cny"].as_u64()),
            (Some(*days), Some(0), Some(*max)),
            "{json}"
        );
    }
    let req: OverstayRequest =
        serde_json::from_str(r#"{"permitted_until":"2026-12-12","exit":"2026-12-13","port":"NOPE"}"#)
            .unwrap();
    assert!(req.evaluate().is_err());
}
