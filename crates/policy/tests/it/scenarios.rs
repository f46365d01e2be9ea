//! The golden scenario table `tests/scenarios.toml`: every scheme and every case the issue names.

use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    scenario: Vec<Scenario>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Scenario {
    name: String,
    request: policy::CheckRequest,
    expect: Expect,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    admissible: bool,
    kind: String,
    scheme: Option<String>,
    permitted_until: Option<String>,
    alternatives: Option<Vec<String>>,
    #[serde(default)]
    reasons: Vec<String>,
    legal_basis: Option<Vec<String>>,
    #[serde(default)]
    conditions: Vec<String>,
    confidence: Option<String>,
}

fn check(s: &Scenario) -> Vec<String> {
    let rules = crate::china();
    let d = match rules.check(&s.request) {
        Ok(d) => d,
        Err(e) => return vec![format!("error: {e}")],
    };
    let mut bad = Vec::new();
    let e = &s.expect;
    let mut cmp = |what: &str, got: String, want: String| {
        if got != want {
            bad.push(format!("{what}: got {got}, want {want}"));
        }
    };
    cmp("admissible", d.admissible().to_string(), e.admissible.to_string());
    cmp("kind", d.kind().as_str().to_owned(), e.kind.clone());
    cmp("scheme", format!("{:?}", d.scheme().map(|s| s.id.as_str())), format!("{:?}", e.scheme.as_deref()));
    cmp("permitted_until", format!("{:?}", d.permitted_until_rfc3339()), format!("{:?}", e.permitted_until));
    if let Some(alts) = &e.alternatives {
        let got: Vec<&str> = d.alternatives().map(|a| a.scheme.id.as_str()).collect();
        cmp("alternatives", format!("{got:?}"), format!("{alts:?}"));
    }
    if let Some(lb) = &e.legal_basis {
        let got: Vec<&str> = d.legal_basis().iter().map(|c| c.text.as_str()).collect();
        cmp("legal_basis", format!("{got:?}"), format!("{lb:?}"));
    }
    if let Some(c) = &e.confidence {
        cmp("confidence", d.confidence().as_str().to_owned(), c.clone());
    }
    let trace: Vec<String> = d
        .trace()
        .iter()
        .flat_map(|t| {
            let id = d.trace_scheme(t).map_or("-".to_owned(), |s| s.id.clone());
            t.reasons.iter().map(move |r| format!("{id}:{}", r.code())).collect::<Vec<_>>()
        })
        .collect();
    for want in &e.reasons {
        if !trace.contains(want) {
            bad.push(format!("trace lacks {want}; has {trace:?}"));
        }
    }
    let conditions: Vec<String> = d.conditions().into_iter().map(|c| c.code).collect();
    for want in &e.conditions {
        if !conditions.contains(want) {
            bad.push(format!("conditions lack {want}; have {conditions:?}"));
        }
    }
    // Every decision must serialise, and its JSON must agree with the accessors.
    let json = serde_json::to_value(&d).unwrap();
    if json["kind"] != d.kind().as_str() || json["admissible"] != d.admissible() {
        bad.push("JSON disagrees with the decision".into());
    }
    bad
}

#[test]
fn golden_scenarios() {
    let text = include_str!("../scenarios.toml");
    let file: File = toml::from_str(text).unwrap_or_else(|e| panic!("scenarios.toml: {e}"));
    assert!(file.scenario.len() >= 90, "the table shrank");
    let mut failures = Vec::new();
    for s in &file.scenario {
        for problem in check(s) {
            failures.push(format!("{}: {problem}", s.name));
        }
    }
    assert!(failures.is_empty(), "{} failure(s):\n{}", failures.len(), failures.join("\n"));
}

/// Every scheme of the shipped rule set is decided by at least one golden scenario.
#[test]
fn every_scheme_has_a_scenario() {
    let text = include_str!("../scenarios.toml");
    let file: File = toml::from_str(text).unwrap();
    let decided: std::collections::HashSet<&str> =
        file.scenario.iter().filter_map(|s| s.expect.scheme.as_deref()).collect();
    let rules = crate::china();
    let missing: Vec<&str> = rules
        .schemes()
        .iter()
        .map(|s| s.id.as_str())
        .filter(|id| !id.starts_with("cn-agreement-") || *id == "cn-agreement-tha")
        .filter(|id| !decided.contains(id))
        .collect();
    assert!(missing.is_empty(), "schemes without a scenario: {missing:?}");
}
