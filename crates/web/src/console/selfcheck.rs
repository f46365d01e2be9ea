//! The public self-check page, "Can I enter China without a visa?" (`GET /selfcheck`): no sign-in, Chinese
//! and English, a plain GET form that works without JavaScript, answered by the same engine and rule set as
//! `POST /api/v1/policy/check`.
//!
//! A GET form, on purpose: there is no session to protect (so no CSRF token), the answer can be bookmarked,
//! printed or shared, and the language switch can carry the question over and show the same answer in the
//! other language. The form asks for no name or document number; nothing entered is stored, and the access
//! log records the route template only, never the query string.

use askama::Template;
use axum::Router;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use codes::{CountryCode, CountryKind, PortKind};
use jiff::civil::{Date, Time};
use policy::{CheckError, CheckRequest, Clock, Decision, DocumentType, LocalOrInstant, Onward, Purpose};

use super::{Chrome, Lang, render};
use crate::App;
use crate::auth::MaybeAuthn;

pub fn routes() -> Router<App> {
    Router::new().route("/selfcheck", get(page))
}

/// The form's fields as the visitor sent them (each at most [`MAX_FIELD`] characters), echoed back into
/// the form.
#[derive(Debug, Default, serde::Serialize)]
struct Form {
    nationality: String,
    document_type: String,
    port: String,
    date: String,
    time: String,
    origin: String,
    purpose: String,
    onward_to: String,
    onward_date: String,
    onward_time: String,
}

/// Longer values are no code, date or time the form offers; cutting them keeps the echo small.
const MAX_FIELD: usize = 40;

impl Form {
    /// Reads the query string. Never fails: unknown keys are ignored, the first of repeated keys wins, and
    /// a value that is not valid is reported by [`Form::to_request`] next to its field.
    fn parse(query: &str) -> (Form, bool) {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).unwrap_or_default();
        let mut form = Form::default();
        let mut submitted = false;
        for (k, v) in pairs {
            let slot = match k.as_str() {
                "nationality" => &mut form.nationality,
                "document_type" => &mut form.document_type,
                "port" => &mut form.port,
                "date" => &mut form.date,
                "time" => &mut form.time,
                "origin" => &mut form.origin,
                "purpose" => &mut form.purpose,
                "onward_to" => &mut form.onward_to,
                "onward_date" => &mut form.onward_date,
                "onward_time" => &mut form.onward_time,
                _ => continue,
            };
            submitted = true;
            if slot.is_empty() {
                *slot = v.trim().chars().take(MAX_FIELD).collect();
            }
        }
        (form, submitted)
    }

    /// The engine's request, or the i18n keys of every field that is missing or wrong.
    fn to_request(&self) -> Result<CheckRequest, Vec<&'static str>> {
        let mut errors = Vec::new();
        let country = |text: &str| CountryCode::parse(text).ok().filter(|c| c.info().is_some());
        let optional_country = |text: &str, key: &'static str, errors: &mut Vec<&'static str>| {
            if text.is_empty() {
                return None;
            }
            let c = country(text);
            if c.is_none() {
                errors.push(key);
            }
            c
        };
        let nationality = country(&self.nationality);
        if nationality.is_none() {
            errors.push("selfcheck.err_nationality");
        }
        if self.port.is_empty() {
            errors.push("selfcheck.err_port");
        }
        let arrival = at(&self.date, &self.time);
        if arrival.is_none() {
            errors.push("selfcheck.err_date");
        }
        let purpose = Purpose::parse(&self.purpose);
        if purpose.is_none() {
            errors.push("selfcheck.err_purpose");
        }
        let document = match self.document_type.as_str() {
            "" => Some(DocumentType::Ordinary),
            t => DocumentType::parse(t),
        };
        if document.is_none() {
            errors.push("selfcheck.err_document");
        }
        let origin = optional_country(&self.origin, "selfcheck.err_origin", &mut errors);
        let onward_to = optional_country(&self.onward_to, "selfcheck.err_onward_to", &mut errors);
        let departure = if self.onward_date.is_empty() {
            None
        } else {
            let d = at(&self.onward_date, &self.onward_time);
            if d.is_none() {
                errors.push("selfcheck.err_onward_date");
            }
            d
        };
        match (nationality, arrival, purpose, document) {
            (Some(n), Some(a), Some(p), Some(doc)) if errors.is_empty() => {
                let mut req = CheckRequest::new(n, &self.port, a, p);
                req.traveller.document_type = doc;
                req.arrival.origin = origin;
                if onward_to.is_some() || departure.is_some() {
                    req.onward = Some(Onward { destination: onward_to, departure, port: None });
                }
                Ok(req)
            }
            _ => Err(errors),
        }
    }
}

/// A local date-time at the port from the form's date and time; a missing time is taken as noon, which is
/// what the form shows.
fn at(date: &str, time: &str) -> Option<LocalOrInstant> {
    let date: Date = date.parse().ok()?;
    let time: Time = if time.is_empty() { Time::constant(12, 0, 0, 0) } else { time.parse().ok()? };
    Some(LocalOrInstant::Local(date.to_datetime(time)))
}

/// One `<option>`.
struct Opt {
    value: String,
    label: String,
    selected: bool,
}

/// An `<optgroup>` of ports of one kind.
struct PortGroup {
    label_key: &'static str,
    options: Vec<Opt>,
}

/// The answer, already in the page's language.
struct AnswerView {
    admissible: bool,
    sentence: String,
    journey: String,
    deadline: Option<String>,
    time_key: &'static str,
    clock_key: Option<&'static str>,
    area: Option<String>,
    conditions: Vec<String>,
    basis: Vec<String>,
    unconfirmed: bool,
    ruleset: String,
}

#[derive(Template)]
#[template(path = "selfcheck.html")]
struct SelfcheckPage {
    chrome: Chrome,
    switch_href: String,
    form: Form,
    errors: Vec<&'static str>,
    answer: Option<AnswerView>,
    nationalities: Vec<Opt>,
    origins: Vec<Opt>,
    destinations: Vec<Opt>,
    ports: Vec<PortGroup>,
    purposes: Vec<Opt>,
    documents: Vec<Opt>,
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The key Chinese lists are sorted by, as official forms sort them: the pinyin of each character (tone
/// marks dropped), characters without a reading as themselves.
fn pinyin_key(text: &str) -> String {
    use pinyin::ToPinyin;
    let mut key = String::with_capacity(text.len() * 3);
    for c in text.chars() {
        match c.to_pinyin() {
            Some(p) => key.push_str(p.plain()),
            None => key.push(c),
        }
        key.push(' ');
    }
    key
}

/// Countries for a picker, in alphabetical order of the page's language (pinyin for Chinese).
/// Organisations and specimen codes are not nationalities a traveller picks; China is not foreign; for
/// nationality, Hong Kong, Macao and Taiwan are left out because their residents travel to the mainland on
/// their own permits, not under these schemes.
fn countries(lang: Lang, selected: &str, regions: bool) -> Vec<Opt> {
    let selected = CountryCode::parse(selected).ok();
    let mut list: Vec<(String, &codes::Country)> = codes::countries()
        .iter()
        .filter(|c| !matches!(c.kind, CountryKind::Organisation | CountryKind::Specimen))
        .filter(|c| !c.code.is_china())
        .filter(|c| regions || !matches!(c.code.as_str(), "HKG" | "MAC" | "TWN"))
        .map(|c| (if lang == Lang::Zh { pinyin_key(&c.name_zh) } else { c.name_en.clone() }, c))
        .collect();
    list.sort_by(|a, b| a.0.cmp(&b.0));
    list.into_iter()
        .map(|(_, c)| Opt {
            value: c.code.trimmed().to_owned(),
            label: if lang == Lang::Zh { c.name_zh.clone() } else { c.name_en.clone() },
            selected: Some(c.code) == selected,
        })
        .collect()
}

fn ports(lang: Lang, selected: &str) -> Vec<PortGroup> {
    let groups = [
        (PortKind::Air, "selfcheck.ports_air"),
        (PortKind::Land, "selfcheck.ports_land"),
        (PortKind::Sea, "selfcheck.ports_sea"),
        (PortKind::Rail, "selfcheck.ports_rail"),
    ];
    let chosen = codes::port(selected).map(|p| p.code.as_str());
    groups
        .into_iter()
        .map(|(kind, label_key)| {
            let mut list: Vec<&codes::Port> = codes::ports().iter().filter(|p| p.kind == kind).collect();
            list.sort_by(|a, b| (&a.province, &a.name_en).cmp(&(&b.province, &b.name_en)));
            let options = list
                .into_iter()
                .map(|p| {
                    // Only IATA codes mean something to a traveller; registry mnemonics are left out.
                    let name = if lang == Lang::Zh { &p.name_zh } else { &p.name_en };
                    let label = match &p.iata {
                        Some(iata) => format!("{name} ({iata})"),
                        None => name.clone(),
                    };
                    Opt { value: p.code.clone(), label, selected: Some(p.code.as_str()) == chosen }
                })
                .collect();
            PortGroup { label_key, options }
        })
        .collect()
}

fn purposes(lang: Lang, selected: &str) -> Vec<Opt> {
    Purpose::ALL
        .iter()
        .map(|p| Opt {
            value: p.as_str().to_owned(),
            label: if lang == Lang::Zh { p.label_zh().to_owned() } else { capitalise(p.label_en()) },
            selected: p.as_str() == selected,
        })
        .collect()
}

fn documents(lang: Lang, selected: &str) -> Vec<Opt> {
    let selected = if selected.is_empty() { DocumentType::Ordinary.as_str() } else { selected };
    DocumentType::ALL
        .iter()
        .map(|d| Opt {
            value: d.as_str().to_owned(),
            label: if lang == Lang::Zh { d.label_zh().to_owned() } else { capitalise(d.label_en()) },
            selected: d.as_str() == selected,
        })
        .collect()
}

/// `2026年12月1日10时` / `1 December 2026, 10:00`.
fn local_time(lang: Lang, ts: jiff::Timestamp, tz: &jiff::tz::TimeZone) -> String {
    let dt = tz.to_datetime(ts);
    match lang {
        Lang::Zh if dt.minute() == 0 => {
            format!("{}年{}月{}日{}时", dt.year(), dt.month(), dt.day(), dt.hour())
        }
        Lang::Zh => format!("{}年{}月{}日{}时{}分", dt.year(), dt.month(), dt.day(), dt.hour(), dt.minute()),
        Lang::En => format!("{}, {:02}:{:02}", dt.strftime("%-d %B %Y"), dt.hour(), dt.minute()),
    }
}

fn answer_view(lang: Lang, req: &CheckRequest, d: &Decision<'_>) -> AnswerView {
    let zh = lang == Lang::Zh;
    let plain = d.plain();
    let rules = d.rules();
    let tz = d.time_zone();
    let journey = {
        let country = req.traveller.nationality.info();
        let nationality = country.map_or(req.traveller.nationality.trimmed(), |c| {
            if zh { c.name_zh.as_str() } else { c.name_en.as_str() }
        });
        let port = d.port().map_or("", |p| if zh { p.name_zh.as_str() } else { p.name_en.as_str() });
        let when = local_time(lang, d.entry(), tz);
        if zh {
            format!("国籍：{nationality}；入境口岸：{port}；入境时间：{when}（口岸当地时间）")
        } else {
            format!(
                "Nationality: {nationality}; port of entry: {port}; arrival: {when} (local time at the port)"
            )
        }
    };
    // The deadline and the area have their own lines, and an unconfirmed source gets the page's own
    // caution in a traveller's words; the conditions list the rest.
    let conditions = d
        .conditions()
        .into_iter()
        .filter(|c| !matches!(c.code.as_str(), "leave-by" | "stay-within-area" | "verify-rule"))
        .map(|c| if zh { c.zh } else { c.en })
        .collect();
    AnswerView {
        admissible: plain.admissible,
        // Scheme names that end in 政策 would read "依据“…政策”政策"; the second one is dropped.
        sentence: if zh { plain.answer_zh.replace("政策”政策", "政策”") } else { plain.answer_en },
        journey,
        deadline: d.deadline().map(|x| if zh { x.zh_full() } else { capitalise(&x.en_full()) }),
        time_key: match d.port() {
            Some(p) if p.time_zone_name == "Asia/Shanghai" => "selfcheck.beijing_time",
            _ => "selfcheck.local_time",
        },
        clock_key: d.scheme().filter(|_| d.deadline().is_some()).map(|s| match s.clock {
            Clock::FromArrival => "selfcheck.clock_from_arrival",
            _ => "selfcheck.clock_next_day",
        }),
        area: if zh { plain.area_zh } else { plain.area_en.map(|a| capitalise(&a)) },
        conditions,
        basis: d
            .legal_basis()
            .iter()
            .map(|c| if zh { policy::citation_zh(rules, c) } else { policy::citation_en(rules, c) })
            .collect(),
        unconfirmed: d.confidence() < policy::Confidence::Ok,
        ruleset: plain.ruleset,
    }
}

/// Why the engine could not answer, as an i18n key.
fn check_error_key(e: &CheckError) -> &'static str {
    match e {
        CheckError::NotAForeigner => "selfcheck.err_chinese",
        CheckError::UnknownPort { .. } => "selfcheck.err_port",
        CheckError::Time { .. } => "selfcheck.err_date",
        _ => "selfcheck.err_other",
    }
}

async fn page(
    State(app): State<App>,
    headers: HeaderMap,
    MaybeAuthn(authn): MaybeAuthn,
    RawQuery(query): RawQuery,
) -> Response {
    let (mut form, submitted) = Form::parse(query.as_deref().unwrap_or(""));
    if form.time.is_empty() {
        form.time = "12:00".into();
    }
    if form.onward_time.is_empty() && !form.onward_date.is_empty() {
        form.onward_time = "12:00".into();
    }
    // The page's own address, rebuilt from the parsed fields (never the raw query), so that switching the
    // language shows the same answer in the other language.
    let path = if submitted {
        format!("/selfcheck?{}", serde_urlencoded::to_string(&form).unwrap_or_default())
    } else {
        "/selfcheck".to_owned()
    };
    let chrome = Chrome::new(&headers, authn.as_ref(), &path);
    let lang = chrome.lang;
    let mut errors = Vec::new();
    let mut answer = None;
    if submitted {
        match form.to_request() {
            Ok(req) => match app.rules.check(&req) {
                Ok(d) => answer = Some(answer_view(lang, &req, &d)),
                Err(e) => errors.push(check_error_key(&e)),
            },
            Err(keys) => errors = keys,
        }
    }
    let switch_href = format!(
        "/lang/{}?{}",
        lang.other().code(),
        serde_urlencoded::to_string([("next", path.as_str())]).unwrap_or_default()
    );
    let page = SelfcheckPage {
        switch_href,
        errors,
        answer,
        nationalities: countries(lang, &form.nationality, false),
        origins: countries(lang, &form.origin, true),
        destinations: countries(lang, &form.onward_to, true),
        ports: ports(lang, &form.port),
        purposes: purposes(lang, &form.purpose),
        documents: documents(lang, &form.document_type),
        form,
        chrome,
    };
    let status = if page.errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    (status, render(&page)).into_response()
}
