//! How the console shows an inspection's answer — verdict, reasons with their legal basis, the document,
//! watchlist hits with their explanations, the grant, every pipeline step and any resolution — in the
//! page's language. The desk and the secondary-inspection pages both render it (`inspection_answer.html`).
//!
//! The view is built from the answer as `run_inspection` returns and the store keeps it (JSON), so an
//! answer given months ago under an older shape still renders: every field is optional here.

use serde_json::Value;

use super::{Lang, i18n};

/// A key's text, or `None` when the table lacks it (so a code added to a crate later shows as itself).
pub fn lookup(lang: Lang, key: &str) -> Option<&'static str> {
    let i = i18n::TABLE.binary_search_by(|(k, _, _)| (*k).cmp(key)).ok()?;
    i18n::TABLE.get(i).map(|(_, zh, en)| if lang == Lang::Zh { *zh } else { *en })
}

/// `prefix.code` in the page's language, or the code itself.
pub fn label(lang: Lang, prefix: &str, code: &str) -> String {
    lookup(lang, &format!("{prefix}.{code}")).map_or_else(|| code.to_owned(), str::to_owned)
}

/// An instant as local time at the port (`2026-12-01 10:00`), from RFC 3339 text (with or without a
/// bracketed zone).
pub fn local_time(at: &str, port: &str) -> String {
    match at.parse::<jiff::Timestamp>() {
        Ok(ts) => local_ts(ts, port),
        Err(_) => at.parse::<jiff::Zoned>().map_or_else(|_| at.to_owned(), |z| local_ts(z.timestamp(), port)),
    }
}

/// An instant as local time at the port.
pub fn local_ts(ts: jiff::Timestamp, port: &str) -> String {
    let tz = port_zone(port);
    ts.to_zoned(tz).strftime("%Y-%m-%d %H:%M").to_string()
}

/// The port's IANA zone (Beijing time when the port is unknown).
pub fn port_zone(port: &str) -> jiff::tz::TimeZone {
    let name = codes::port(port).map_or("Asia/Shanghai", |p| p.time_zone.as_str());
    jiff::tz::TimeZone::get(name).unwrap_or(jiff::tz::TimeZone::UTC)
}

/// `PVG · 上海浦东国际机场` / `PVG · Shanghai Pudong International Airport`.
pub fn port_label(lang: Lang, code: &str) -> String {
    match codes::port(code) {
        Some(p) => format!("{code} · {}", if lang == Lang::Zh { &p.name_zh } else { &p.name_en }),
        None => code.to_owned(),
    }
}

/// A country code with its name in the page's language, when the table knows it.
pub fn country_label(lang: Lang, code: &str) -> String {
    match codes::country(code) {
        Some(c) => format!("{code} · {}", if lang == Lang::Zh { &c.name_zh } else { &c.name_en }),
        None => code.to_owned(),
    }
}

/// `PRIMARY<<SECONDARY` (or an MRZ's primary and secondary identifiers) as `PRIMARY, Secondary Names`.
pub fn display_name(primary: &str, secondary: &str) -> String {
    let primary = primary.replace('<', " ").trim().to_owned();
    let secondary = secondary.replace('<', " ").split_whitespace().collect::<Vec<_>>().join(" ");
    match (primary.is_empty(), secondary.is_empty()) {
        (false, false) => format!("{primary}, {secondary}"),
        (false, true) => primary,
        (true, _) => secondary,
    }
}

/// A name key as stored (`PRIMARY<<SECONDARY`) for display.
pub fn display_name_key(key: &str) -> String {
    let (p, s) = key.split_once("<<").unwrap_or((key, ""));
    display_name(p, s)
}

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).filter(|s| !s.is_empty()).map(str::to_owned)
}

/// One reason for a referral.
pub struct ReasonView {
    pub code: String,
    /// The kind of reason in the page's language.
    pub title: String,
    /// The pipeline's sentence in the page's language.
    pub message: String,
    pub legal_basis: Option<String>,
}

/// A decoded document field.
pub struct FieldView {
    pub label: &'static str,
    pub value: String,
}

/// One aligned pair of name parts of a hit.
pub struct PartView {
    pub query: String,
    pub entry: String,
    pub how: String,
    pub similarity: String,
}

/// A fact besides the name that moved a hit's score.
pub struct FactView {
    pub fact: String,
    pub effect: String,
    /// `pos`, `neg` or `zero`, for the colour.
    pub sign: &'static str,
    pub detail: String,
}

/// One watchlist hit, explained.
pub struct HitView {
    pub entry_id: String,
    pub list: String,
    pub alert: String,
    /// `refer`, `deny` or `notify` (the CSS class), and its label.
    pub action: String,
    pub action_label: String,
    pub matched_name: String,
    pub score: String,
    pub threshold: String,
    pub summary: String,
    pub parts: Vec<PartView>,
    pub unmatched: Vec<String>,
    pub facts: Vec<FactView>,
}

/// The stay an admission grants.
pub struct GrantView {
    pub kind: String,
    pub scheme: Option<String>,
    /// The deadline in plain words (`leave by 24:00 on 12 December`).
    pub deadline: Option<String>,
    /// The exclusive end as local time at the port.
    pub until: Option<String>,
    pub area: Option<String>,
    pub legal_basis: Vec<String>,
    pub ruleset: Option<String>,
}

/// An overstay found at exit.
pub struct OverstayView {
    pub days: i64,
    pub fine_min: i64,
    pub fine_max: i64,
    pub until: String,
}

/// One step of the pipeline.
pub struct StepView {
    pub name: String,
    /// `pass`, `fail`, `skip` or `notice` (the CSS class), and its label.
    pub outcome: String,
    pub outcome_label: String,
    pub detail: String,
}

/// An officer's resolution of the referral.
pub struct ResolutionView {
    pub action: String,
    pub legal_basis: Option<String>,
    pub note: Option<String>,
    pub by: String,
    pub at: String,
}

/// Everything the answer panel shows.
pub struct AnswerView {
    pub inspection_id: String,
    pub traveller_id: Option<String>,
    pub clear: bool,
    /// The answer was given before for the same idempotency key (a double submit).
    pub replayed: bool,
    /// `cleared`, `referred`, `admitted`, `refused` or `hit-confirmed`, and its label.
    pub status: String,
    pub status_label: String,
    pub at: String,
    pub port: String,
    pub lane: String,
    pub direction: String,
    pub category: Option<String>,
    pub name: String,
    pub document_title: String,
    pub document_valid: bool,
    pub fields: Vec<FieldView>,
    pub document_errors: Vec<String>,
    pub reasons: Vec<ReasonView>,
    pub hits: Vec<HitView>,
    pub suppressed: usize,
    pub grant: Option<GrantView>,
    pub overstay: Option<OverstayView>,
    pub notices: Vec<String>,
    pub steps: Vec<StepView>,
    pub resolution: Option<ResolutionView>,
}

fn number(x: Option<f64>) -> String {
    x.map_or_else(String::new, |x| format!("{x:.2}"))
}

impl HitView {
    fn new(lang: Lang, h: &Value) -> HitView {
        let e = &h["explanation"];
        let parts = e["parts"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|p| PartView {
                query: text(p, "query").unwrap_or_default(),
                entry: text(p, "entry").unwrap_or_default(),
                how: label(lang, "insp.how", p["how"].as_str().unwrap_or("")),
                similarity: number(p["similarity"].as_f64()),
            })
            .collect();
        let facts = e["facts"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|f| {
                let effect = f["effect"].as_f64().unwrap_or(0.0);
                FactView {
                    fact: label(lang, "insp.fact", f["fact"].as_str().unwrap_or("")),
                    effect: format!("{effect:+.2}"),
                    sign: if effect > 0.0 {
                        "pos"
                    } else if effect < 0.0 {
                        "neg"
                    } else {
                        "zero"
                    },
                    detail: text(f, "detail").unwrap_or_default(),
                }
            })
            .collect();
        let unmatched = ["unmatched_query", "unmatched_entry"]
            .iter()
            .flat_map(|k| e[*k].as_array().into_iter().flatten())
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect();
        let action = h["action"].as_str().unwrap_or("refer").to_owned();
        HitView {
            entry_id: text(h, "id").unwrap_or_default(),
            list: text(h, "list").unwrap_or_default(),
            alert: label(lang, "insp.alert", h["alert_type"].as_str().unwrap_or("")),
            action_label: label(lang, "insp.action", &action),
            action,
            matched_name: text(h, "matched_name").unwrap_or_default(),
            score: number(h["score"].as_f64()),
            threshold: number(e["threshold"].as_f64()),
            summary: text(e, "summary").unwrap_or_default(),
            parts,
            unmatched,
            facts,
        }
    }
}

impl AnswerView {
    /// The view of an answer (`result`), with the stored status and resolution when there are any.
    pub fn new(lang: Lang, v: &Value, status: Option<&str>, resolution: Option<&Value>) -> AnswerView {
        let zh = lang == Lang::Zh;
        let port = text(v, "port").unwrap_or_default();
        let clear = v["decision"] == "clear";
        let status =
            status.map_or_else(|| if clear { "cleared" } else { "referred" }.to_owned(), str::to_owned);
        let reasons = v["reasons"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|r| {
                let code = r["code"].as_str().unwrap_or("").to_owned();
                let message = if zh {
                    text(r, "message_zh").or_else(|| text(r, "message"))
                } else {
                    text(r, "message")
                };
                ReasonView {
                    title: label(lang, "insp.reason", &code),
                    message: message.unwrap_or_default(),
                    legal_basis: text(r, "legal_basis"),
                    code,
                }
            })
            .collect();
        let d = &v["document"];
        let mut fields = Vec::new();
        let mut push = |key: &'static str, value: Option<String>| {
            if let Some(value) = value.filter(|s| !s.is_empty()) {
                fields.push(FieldView { label: lang.t(key), value });
            }
        };
        push("doc.field.document_code", text(d, "document_code"));
        push("doc.field.issuing_state", text(d, "issuing_state").map(|c| country_label(lang, &c)));
        push("doc.field.document_number", text(d, "document_number"));
        push("doc.field.nationality", text(d, "nationality").map(|c| country_label(lang, &c)));
        push("doc.field.birth_date", text(d, "birth_date").or_else(|| text(d, "birth_date_raw")));
        let sex = text(d, "sex").map(|s| match s.as_str() {
            "F" => format!("F · {}", lang.t("doc.sex.female")),
            "M" => format!("M · {}", lang.t("doc.sex.male")),
            other => format!("{other} · {}", lang.t("doc.sex.unspecified")),
        });
        push("doc.field.sex", sex);
        push("doc.field.expiry_date", text(d, "expiry_date").or_else(|| text(d, "expiry_date_raw")));
        push("doc.field.optional_data", text(d, "optional_data"));
        let name = display_name(
            &text(d, "primary_identifier").unwrap_or_default(),
            &text(d, "secondary_identifier").unwrap_or_default(),
        );
        let document_errors =
            d["errors"].as_array().into_iter().flatten().filter_map(|e| text(e, "message")).collect();
        let document_title = match (text(d, "format"), text(d, "issuing_state")) {
            (Some(f), Some(s)) => format!("{f} · {s}"),
            (Some(f), None) => f,
            _ => "—".to_owned(),
        };
        let hits: Vec<HitView> =
            v["screening"]["hits"].as_array().into_iter().flatten().map(|h| HitView::new(lang, h)).collect();
        let suppressed = v["screening"]["suppressed"].as_array().map_or(0, Vec::len);
        let grant = v.get("grant").filter(|g| g.is_object()).map(|g| GrantView {
            kind: label(lang, "insp.grant_kind", g["kind"].as_str().unwrap_or("")),
            scheme: text(g, "scheme"),
            deadline: if zh { text(g, "deadline_zh") } else { text(g, "deadline_en") },
            until: text(g, "permitted_until").map(|t| local_time(&t, &port)),
            area: if zh { text(g, "permitted_area_zh") } else { text(g, "permitted_area_en") },
            legal_basis: g["legal_basis"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|b| b.as_str().map(str::to_owned))
                .collect(),
            ruleset: text(g, "ruleset"),
        });
        let overstay = v.get("overstay").filter(|o| o.is_object()).map(|o| OverstayView {
            days: o["days"].as_i64().unwrap_or(0),
            fine_min: o["fine_min_cny"].as_i64().unwrap_or(0),
            fine_max: o["fine_max_cny"].as_i64().unwrap_or(0),
            until: text(o, "permitted_until").unwrap_or_default(),
        });
        let steps = v["steps"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|s| {
                let outcome = s["outcome"].as_str().unwrap_or("").to_owned();
                StepView {
                    name: label(lang, "insp.step", s["step"].as_str().unwrap_or("")),
                    outcome_label: label(lang, "insp.outcome", &outcome),
                    outcome,
                    detail: text(s, "detail").unwrap_or_default(),
                }
            })
            .collect();
        let resolution = resolution.filter(|r| r.is_object()).map(|r| ResolutionView {
            action: label(lang, "secondary.action", r["action"].as_str().unwrap_or("")),
            legal_basis: text(r, "legal_basis"),
            note: text(r, "note"),
            by: text(r, "by").unwrap_or_default(),
            at: text(r, "at").map(|t| local_time(&t, &port)).unwrap_or_default(),
        });
        AnswerView {
            inspection_id: text(v, "inspection_id").unwrap_or_default(),
            traveller_id: text(v, "traveller_id"),
            clear,
            replayed: v["replayed"] == true,
            status_label: label(lang, "insp.status", &status),
            status,
            at: text(v, "at").map(|t| local_time(&t, &port)).unwrap_or_default(),
            lane: label(lang, "insp.lane", v["lane"].as_str().unwrap_or("")),
            direction: label(lang, "insp.direction", v["direction"].as_str().unwrap_or("")),
            category: v["category"].as_str().map(|c| label(lang, "insp.category", c)),
            port: port_label(lang, &port),
            name,
            document_title,
            document_valid: d["valid"] == true,
            fields,
            document_errors,
            reasons,
            hits,
            suppressed,
            grant,
            overstay,
            notices: v["notices"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|n| n.as_str().map(str::to_owned))
                .collect(),
            steps,
            resolution,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_as_people_write_them() {
        let cases = [
            ("HARTLEY", "JAMES", "HARTLEY, JAMES"),
            ("VAN<DER<BERG", "ANNA<MARIA", "VAN DER BERG, ANNA MARIA"),
            ("ZHANG", "", "ZHANG"),
            ("", "", ""),
        ];
        for (p, s, want) in cases {
            assert_eq!(display_name(p, s), want);
        }
        assert_eq!(display_name_key("LIU<<YANG"), "LIU, YANG");
    }

    #[test]
    fn every_code_the_pipeline_emits_has_a_label() {
        let codes: &[(&str, &[&str])] = &[
            (
                "insp.reason",
                &[
                    "document-invalid",
                    "document-expired",
                    "document-lost-stolen",
                    "watchlist-hit",
                    "visa-required",
                    "exit-ban",
                    "overstay",
                    "egate-not-eligible",
                    "rules-unavailable",
                ],
            ),
            (
                "insp.step",
                &[
                    "document",
                    "expiry",
                    "lost-stolen",
                    "watchlist",
                    "admissibility",
                    "exit-ban",
                    "overstay",
                    "egate",
                ],
            ),
            ("insp.outcome", &["pass", "fail", "skip", "notice"]),
            ("insp.status", &["cleared", "referred", "admitted", "refused", "hit-confirmed"]),
            ("insp.lane", &["manual", "egate", "vehicle"]),
            ("insp.direction", &["entry", "exit"]),
            ("insp.category", &["mainland", "hk-macao-taiwan", "foreigner"]),
            ("insp.alert", &["wanted", "entry-ban", "exit-ban", "lost-stolen-document", "notify"]),
            ("insp.action", &["refer", "deny", "notify"]),
            ("insp.how", &["exact", "variant", "phonetic", "typo", "truncated", "joined"]),
            ("insp.fact", &["birth-date", "sex", "nationality", "document-number"]),
            ("secondary.action", &["admit", "refuse", "confirm-hit", "not-same-person"]),
        ];
        for (prefix, list) in codes {
            for code in *list {
                for lang in [Lang::Zh, Lang::En] {
                    assert!(lookup(lang, &format!("{prefix}.{code}")).is_some(), "{prefix}.{code}");
                }
            }
        }
    }
}
