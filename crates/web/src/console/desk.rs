//! The inspection desk (`/desk`): the officer scans or pastes the machine-readable zone, adds the journey,
//! and sees in one screen a green CLEAR or an amber REFER with every reason, the document, the screening,
//! the grant and each pipeline step.
//!
//! Keyboard first: the zone's textarea has the focus, Ctrl+Enter submits from any field, Escape clears the
//! form for the next traveller. Two routes take the same form: `POST /desk` renders the whole page (works
//! without JavaScript) and `POST /desk/inspect` renders only the desk, which htmx swaps in. Both go through
//! [`crate::api::inspections::run_inspection`], so a desk inspection is decided, recorded and audited
//! exactly like one from the API.
//!
//! Every rendered form carries a fresh idempotency key in a hidden field, so a double submit (a second
//! press while the first is on its way, or a browser re-posting the page) replays the first answer and
//! never records twice. The next traveller's form gets a new key.

use askama::Template;
use axum::Form;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use clearance::{DocumentInput, InspectionRequest, Travel};
use codes::CountryCode;
use domain::{Direction, Lane};
use serde::Deserialize;

use super::inspection_view::{AnswerView, port_label};
use super::{Chrome, Lang, PageCan, render};
use crate::App;
use crate::api::inspections::run_inspection;
use crate::auth::caps::Inspect;
use crate::auth::secrets::new_id;
use crate::json::Query;

pub fn routes() -> Router<App> {
    Router::new().route("/desk", get(form).post(submit)).route("/desk/inspect", post(fragment))
}

/// The longest text the zone's textarea accepts (four lines of a hundred characters and their breaks).
const MAX_MRZ_CHARS: usize = 420;

/// Ordinary visa categories (Reg-2013 Art. 6 and the K visa), offered as suggestions.
const VISA_CATEGORIES: &[&str] =
    &["C", "D", "F", "G", "J1", "J2", "K", "L", "M", "Q1", "Q2", "R", "S1", "S2", "X1", "X2", "Z"];

/// The form as the officer sent it.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct DeskForm {
    pub port: String,
    pub lane: String,
    pub direction: String,
    pub mrz: String,
    pub lenient: Option<String>,
    pub origin: String,
    pub onward_to: String,
    pub onward_departure: String,
    pub purpose: String,
    pub flight: String,
    pub visa_category: String,
    pub visa_until: String,
    pub visa_entries: String,
    pub visa_days: String,
    pub idempotency_key: String,
}

/// One `<option>`.
pub struct Opt {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// The desk: the form (left) and the answer (right). The page and the htmx fragment both render it.
pub struct DeskWork {
    pub form: DeskForm,
    pub ports: Vec<Opt>,
    pub lanes: Vec<Opt>,
    pub purposes: Vec<Opt>,
    pub entries: Vec<Opt>,
    pub visa_categories: &'static [&'static str],
    pub countries: Vec<Opt>,
    pub max_mrz_chars: usize,
    pub errors: Vec<&'static str>,
    /// The inspection could not be run; the API's message (English, precise).
    pub failure: Option<String>,
    pub answer: Option<AnswerView>,
    /// The zone as submitted, echoed under the answer.
    pub submitted: Vec<String>,
}

impl DeskWork {
    pub fn entry(&self) -> bool {
        self.form.direction != "exit"
    }

    pub fn visa_open(&self) -> bool {
        !self.form.visa_category.is_empty() || !self.form.visa_until.is_empty()
    }
}

#[derive(Template)]
#[template(path = "desk.html")]
struct DeskPage {
    chrome: Chrome,
    work: DeskWork,
}

#[derive(Template)]
#[template(path = "desk_work.html")]
struct DeskFragment {
    chrome: Chrome,
    work: DeskWork,
}

fn options(items: impl IntoIterator<Item = (String, String)>, selected: &str) -> Vec<Opt> {
    items.into_iter().map(|(value, label)| Opt { selected: value == selected, value, label }).collect()
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

/// The ports the caller may inspect at (their scope), in registry order.
fn my_ports(page: &PageCan<Inspect>) -> Vec<String> {
    page.can.principal().scope.ports.iter().filter_map(|p| codes::port(p).map(|x| x.code.clone())).collect()
}

impl DeskWork {
    fn new(lang: Lang, ports: &[String], form: DeskForm) -> DeskWork {
        let ports = options(ports.iter().map(|p| (p.clone(), port_label(lang, p))), &form.port);
        let lanes = options(
            ["manual", "vehicle", "egate"]
                .iter()
                .map(|l| ((*l).to_owned(), lang.t(&format!("insp.lane.{l}")).to_owned())),
            &form.lane,
        );
        let purpose = if form.purpose.is_empty() { "tourism" } else { form.purpose.as_str() };
        let purposes = options(
            policy::Purpose::ALL.iter().map(|p| {
                let label = if lang == Lang::Zh { p.label_zh().to_owned() } else { capitalise(p.label_en()) };
                (p.as_str().to_owned(), label)
            }),
            purpose,
        );
        let entries = options(
            ["single", "double", "multiple"]
                .iter()
                .map(|e| ((*e).to_owned(), lang.t(&format!("desk.entries.{e}")).to_owned())),
            if form.visa_entries.is_empty() { "single" } else { &form.visa_entries },
        );
        let countries = codes::countries()
            .iter()
            .map(|c| Opt {
                value: c.code.as_str().to_owned(),
                label: if lang == Lang::Zh { c.name_zh.clone() } else { c.name_en.clone() },
                selected: false,
            })
            .collect();
        DeskWork {
            form,
            ports,
            lanes,
            purposes,
            entries,
            visa_categories: VISA_CATEGORIES,
            countries,
            max_mrz_chars: MAX_MRZ_CHARS,
            errors: Vec::new(),
            failure: None,
            answer: None,
            submitted: Vec::new(),
        }
    }
}

/// A fresh form at the officer's post: the port, lane and direction stay, the rest is empty, the key new.
fn fresh(prev: Option<&DeskForm>, ports: &[String]) -> DeskForm {
    let mut f = DeskForm {
        port: ports.first().cloned().unwrap_or_default(),
        lane: "manual".into(),
        direction: "entry".into(),
        idempotency_key: new_id(),
        ..DeskForm::default()
    };
    if let Some(p) = prev {
        if ports.contains(&p.port) {
            f.port = p.port.clone();
        }
        if Lane::parse(&p.lane).is_some() {
            f.lane = p.lane.clone();
        }
        if Direction::parse(&p.direction).is_some() {
            f.direction = p.direction.clone();
        }
    }
    f
}

/// The officer's post, carried by the "next traveller" link so that it survives without JavaScript.
#[derive(Deserialize, Default)]
#[serde(default)]
struct PostQuery {
    port: String,
    lane: String,
    direction: String,
}

async fn form(page: PageCan<Inspect>, Query(q): Query<PostQuery>) -> Response {
    let ports = my_ports(&page);
    let post = DeskForm { port: q.port, lane: q.lane, direction: q.direction, ..DeskForm::default() };
    let work = DeskWork::new(page.chrome.lang, &ports, fresh(Some(&post), &ports));
    render(&DeskPage { chrome: page.chrome, work })
}

async fn submit(State(app): State<App>, page: PageCan<Inspect>, Form(f): Form<DeskForm>) -> Response {
    let (status, work) = run(&app, &page, f).await;
    (status, render(&DeskPage { chrome: page.chrome, work })).into_response()
}

async fn fragment(State(app): State<App>, page: PageCan<Inspect>, Form(f): Form<DeskForm>) -> Response {
    // htmx swaps only 2xx responses by default; a refused form is still worth showing, so the fragment
    // always answers 200 and carries the problem in its body.
    let (_, work) = run(&app, &page, f).await;
    render(&DeskFragment { chrome: page.chrome, work })
}

/// The zone's lines: one per line of text, blank lines and surrounding spaces dropped.
fn mrz_lines(text: &str) -> Vec<String> {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect()
}

/// An optional ICAO country code from the form.
fn optional_country(text: &str, key: &'static str, errors: &mut Vec<&'static str>) -> Option<String> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    match CountryCode::parse(&t.to_ascii_uppercase()) {
        Ok(c) if c.info().is_some() => Some(c.as_str().to_owned()),
        _ => {
            errors.push(key);
            None
        }
    }
}

/// The request the form describes, or the i18n keys of what is wrong with it.
fn to_request(f: &DeskForm, ports: &[String]) -> Result<InspectionRequest, Vec<&'static str>> {
    let mut errors = Vec::new();
    if !ports.contains(&f.port) {
        errors.push("desk.err_port");
    }
    let lane = Lane::parse(&f.lane);
    let direction = Direction::parse(&f.direction);
    if lane.is_none() || direction.is_none() {
        errors.push("desk.err_lane");
    }
    let lines = mrz_lines(&f.mrz);
    if lines.is_empty() {
        errors.push("desk.err_mrz_empty");
    } else if f.mrz.chars().count() > MAX_MRZ_CHARS || lines.len() > 4 || lines.iter().any(|l| l.len() > 100)
    {
        errors.push("desk.err_mrz_lines");
    }
    let origin = optional_country(&f.origin, "desk.err_origin", &mut errors);
    let onward_to = optional_country(&f.onward_to, "desk.err_onward_to", &mut errors);
    let onward_departure = Some(f.onward_departure.trim()).filter(|d| !d.is_empty()).map(str::to_owned);
    if let Some(d) = &onward_departure
        && d.parse::<jiff::civil::DateTime>().is_err()
        && d.parse::<jiff::Timestamp>().is_err()
    {
        errors.push("desk.err_onward_departure");
    }
    let purpose = Some(f.purpose.trim()).filter(|p| !p.is_empty());
    if purpose.is_some_and(|p| policy::Purpose::parse(p).is_none()) {
        errors.push("desk.err_purpose");
    }
    let visa = visa(f, &mut errors);
    let flight = Some(f.flight.trim().to_ascii_uppercase()).filter(|x| !x.is_empty() && x.len() <= 16);
    let key = f.idempotency_key.trim();
    if key.is_empty() || key.len() > 100 {
        errors.push("desk.err_key");
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let (Some(lane), Some(direction)) = (lane, direction) else { return Err(vec!["desk.err_lane"]) };
    Ok(InspectionRequest {
        port: f.port.clone(),
        lane,
        direction,
        document: DocumentInput {
            mrz: lines,
            lenient: f.lenient.is_some(),
            visa,
            residence_permit: None,
            supporting: Vec::new(),
        },
        travel: Travel {
            origin,
            onward_to,
            onward_departure,
            flight,
            purpose: purpose.map(str::to_owned),
            ..Travel::default()
        },
        at: None,
        idempotency_key: Some(format!("desk:{key}")),
    })
}

/// The visa held, when the officer entered one.
fn visa(f: &DeskForm, errors: &mut Vec<&'static str>) -> Option<policy::Visa> {
    let category = f.visa_category.trim().to_ascii_uppercase();
    if category.is_empty() && f.visa_until.trim().is_empty() {
        return None;
    }
    let until = f.visa_until.trim().parse::<jiff::civil::Date>().ok();
    let days = match f.visa_days.trim() {
        "" => Ok(None),
        d => d.parse::<u32>().map(Some).map_err(|_| ()),
    };
    let entries = match f.visa_entries.as_str() {
        "" | "single" => Some(policy::Entries::Single),
        "double" => Some(policy::Entries::Double),
        "multiple" => Some(policy::Entries::Multiple),
        _ => None,
    };
    match (category.is_empty() || category.len() > 4, until, days, entries) {
        (false, Some(valid_until), Ok(duration_of_stay_days), Some(entries)) => Some(policy::Visa {
            category,
            valid_from: None,
            valid_until,
            entries,
            entries_used: 0,
            duration_of_stay_days,
        }),
        _ => {
            errors.push("desk.err_visa");
            None
        }
    }
}

/// Validates, inspects, and builds the desk to show.
async fn run(app: &App, page: &PageCan<Inspect>, f: DeskForm) -> (StatusCode, DeskWork) {
    let lang = page.chrome.lang;
    let ports = my_ports(page);
    let req = match to_request(&f, &ports) {
        Ok(r) => r,
        Err(errors) => {
            // Nothing was recorded under the key, so the form keeps it (and everything typed) for the fix.
            let mut work = DeskWork::new(lang, &ports, f);
            work.errors = errors;
            return (StatusCode::UNPROCESSABLE_ENTITY, work);
        }
    };
    let submitted = req.document.mrz.clone();
    match run_inspection(app, page.can.principal(), req).await {
        Ok(v) => {
            let mut work = DeskWork::new(lang, &ports, fresh(Some(&f), &ports));
            work.answer = Some(AnswerView::new(lang, &v, None, None));
            work.submitted = submitted;
            (StatusCode::OK, work)
        }
        Err(e) => {
            // The same key again is safe: a retry replays the answer if the first attempt was recorded.
            let status = e.code.status();
            let mut work = DeskWork::new(lang, &ports, f);
            work.failure = Some(e.message);
            (status, work)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> DeskForm {
        DeskForm {
            port: "PVG".into(),
            lane: "manual".into(),
            direction: "entry".into(),
            mrz: "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\r\nL898902C36UTO7408122F1204159ZE184226B<<<<<10\r\n".into(),
            idempotency_key: "k1".into(),
            ..DeskForm::default()
        }
    }

    #[test]
    fn forms_become_requests_or_name_what_is_wrong() {
        let ports = vec!["PVG".to_owned()];
        let ok = to_request(&base(), &ports).unwrap();
        assert_eq!(ok.document.mrz.len(), 2);
        assert_eq!(ok.idempotency_key.as_deref(), Some("desk:k1"));
        let cases: Vec<(&str, DeskForm, &[&str])> = vec![
            ("other port", DeskForm { port: "PEK".into(), ..base() }, &["desk.err_port"]),
            ("no zone", DeskForm { mrz: " \n ".into(), ..base() }, &["desk.err_mrz_empty"]),
            ("five lines", DeskForm { mrz: "A\nB\nC\nD\nE".into(), ..base() }, &["desk.err_mrz_lines"]),
            ("bad origin", DeskForm { origin: "XYZ1".into(), ..base() }, &["desk.err_origin"]),
            ("bad onward", DeskForm { onward_to: "QQQ".into(), ..base() }, &["desk.err_onward_to"]),
            (
                "bad departure",
                DeskForm { onward_departure: "tomorrow".into(), ..base() },
                &["desk.err_onward_departure"],
            ),
            ("bad purpose", DeskForm { purpose: "smuggling".into(), ..base() }, &["desk.err_purpose"]),
            ("visa without date", DeskForm { visa_category: "M".into(), ..base() }, &["desk.err_visa"]),
            ("no key", DeskForm { idempotency_key: String::new(), ..base() }, &["desk.err_key"]),
            ("bad lane", DeskForm { lane: "tunnel".into(), ..base() }, &["desk.err_lane"]),
        ];
        for (label, form, want) in cases {
            assert_eq!(to_request(&form, &ports).unwrap_err(), want, "{label}");
        }
        let travel = DeskForm {
            origin: "usa".into(),
            onward_to: "KOR".into(),
            onward_departure: "2026-12-08T10:00".into(),
            purpose: "transit".into(),
            visa_category: "m".into(),
            visa_until: "2027-06-30".into(),
            visa_entries: "multiple".into(),
            visa_days: "30".into(),
            ..base()
        };
        let r = to_request(&travel, &ports).unwrap();
        assert_eq!(r.travel.origin.as_deref(), Some("USA"));
        assert_eq!(r.travel.onward_departure.as_deref(), Some("2026-12-08T10:00"));
        let v = r.document.visa.unwrap();
        assert_eq!((v.category.as_str(), v.duration_of_stay_days), ("M", Some(30)));
    }

    #[test]
    fn the_next_form_keeps_the_post_and_gets_a_new_key() {
        let ports = vec!["PVG".to_owned(), "SHA".to_owned()];
        let prev = DeskForm { port: "SHA".into(), direction: "exit".into(), ..base() };
        let next = fresh(Some(&prev), &ports);
        assert_eq!(
            (next.port.as_str(), next.direction.as_str(), next.lane.as_str()),
            ("SHA", "exit", "manual")
        );
        assert!(next.mrz.is_empty() && next.origin.is_empty());
        assert_ne!(next.idempotency_key, prev.idempotency_key);
        assert!(!next.idempotency_key.is_empty());
    }
}
