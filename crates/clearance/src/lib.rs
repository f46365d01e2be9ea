//! The border inspection pipeline: from a document and a journey to one explained decision, `clear` or
//! `refer`. The system never refuses by itself (guide invariant 4): a refusal is an officer's act, taken
//! afterwards with a legal basis.
//!
//! The pipeline is pure and runs in two phases, so the shell can look the traveller up in between:
//! 1. [`read_document`] reads the MRZ and says who holds the document;
//! 2. [`decide`] runs the ordered [`STEPS`] — document, expiry, lost/stolen, watchlist, admissibility,
//!    exit ban, overstay, e-gate — over the reading, the store's [`TravellerFacts`] and the engines (rule
//!    set, watchlist index). Each step returns its finding; the decision and its explanation come from the
//!    same code, and the same inputs always give the same outcome.
//!
//! ```
//! use clearance::{DocumentInput, Engines, InspectionRequest, TravellerFacts, Travel};
//! let rules = policy::RuleSet::china().unwrap();
//! let index = screening::Index::new();
//! let engines = Engines::new(&rules, &index);
//! let req = InspectionRequest {
//!     port: "PVG".into(),
//!     lane: domain::Lane::Manual,
//!     direction: domain::Direction::Entry,
//!     document: DocumentInput {
//!         mrz: vec![
//!             "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<".into(),
//!             "L898902C36UTO7408122F1204159ZE184226B<<<<<10".into(),
//!         ],
//!         lenient: false, visa: None, residence_permit: None, supporting: vec![],
//!     },
//!     travel: Travel::default(),
//!     at: None,
//!     idempotency_key: None,
//! };
//! let at: jiff::Timestamp = "2026-12-01T02:00:00Z".parse().unwrap();
//! let reading = clearance::read_document(&req, at);
//! let outcome = clearance::decide(&req, at, &reading, &TravellerFacts::default(), &engines);
//! // The specimen passport expired in 2012: the officer is told so, with the article.
//! assert_eq!(outcome.decision, clearance::Verdict::Refer);
//! assert_eq!(outcome.reasons[0].code.as_str(), "document-expired");
//! ```

mod outcome;
mod prearrival;
mod request;

use domain::{Category, Direction, Lane};
use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use screening::{Action, AlertType};

pub use outcome::{Grant, HolderFacts, Outcome, OverstayFinding, Reason, ReasonCode, Step, Verdict};
pub use prearrival::{
    ArrivingFlight, CarrierReason, PREARRIVAL_STEPS, PreArrival, advice_for, arriving_flight,
    carrier_message, manifest_name_key, prearrival, prearrival_all, prearrival_parallel,
};
pub use request::{
    DocumentInput, InspectionRequest, OpenStay, PastStay, PriorDisposition, Travel, TravellerFacts,
};

/// Who may use an automated gate (configurable per deployment).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct EgatePolicy {
    /// Chinese citizens with a valid mainland document.
    pub mainland_citizens: bool,
    /// Travellers enrolled for the gates (registered frequent travellers).
    pub enrolled_travellers: bool,
}

impl Default for EgatePolicy {
    fn default() -> Self {
        EgatePolicy { mainland_citizens: true, enrolled_travellers: true }
    }
}

/// What the pipeline decides with.
#[derive(Debug, Clone, Copy)]
pub struct Engines<'a> {
    pub rules: &'a policy::RuleSet,
    pub watchlist: &'a screening::Index,
    pub matching: &'a screening::MatchConfig,
    pub egate: EgatePolicy,
}

impl<'a> Engines<'a> {
    /// Engines with the default matching settings and e-gate policy.
    pub fn new(rules: &'a policy::RuleSet, watchlist: &'a screening::Index) -> Self {
        static DEFAULT_MATCHING: std::sync::LazyLock<screening::MatchConfig> =
            std::sync::LazyLock::new(screening::MatchConfig::default);
        Engines { rules, watchlist, matching: &DEFAULT_MATCHING, egate: EgatePolicy::default() }
    }
}

/// The first phase: the document as read, and who holds it.
#[derive(Debug, Clone)]
pub struct Reading {
    pub report: mrz::Report,
    pub holder: Option<HolderFacts>,
    /// The port's time zone (Asia/Shanghai when the port is unknown).
    pub time_zone: TimeZone,
    /// The local day of the inspection at the port.
    pub day: Date,
    /// The port as registered, if it is.
    pub port: Option<&'static codes::Port>,
}

/// The time zone of a port (registry or IATA code); China's official time when the port is unknown.
pub fn port_time_zone(port: &str) -> (Option<&'static codes::Port>, TimeZone) {
    let p = codes::port(port);
    let tz = p
        .and_then(|p| TimeZone::get(&p.time_zone).ok())
        .or_else(|| TimeZone::get("Asia/Shanghai").ok())
        .unwrap_or(TimeZone::UTC);
    (p, tz)
}

/// The statistical category of a document's holder: by issuing state and nationality.
pub fn category_of(issuer: &str, nationality: &str) -> Category {
    match (issuer, nationality) {
        ("HKG" | "MAC" | "TWN", _) | (_, "HKG" | "MAC" | "TWN") => Category::HkMacaoTaiwan,
        (_, "CHN") | ("CHN", _) => Category::Mainland,
        _ => Category::Foreigner,
    }
}

/// Phase 1: reads the MRZ (strict, or lenient if asked) on the local day at the port.
pub fn read_document(req: &InspectionRequest, at: Timestamp) -> Reading {
    let (port, time_zone) = port_time_zone(&req.port);
    let day = at.to_zoned(time_zone.clone()).date();
    let lines: Vec<&str> = req.document.mrz.iter().map(String::as_str).collect();
    let mode = if req.document.lenient { mrz::Mode::Lenient } else { mrz::Mode::Strict };
    let report = mrz::parse(&lines, &mrz::ParseOptions::new(day).mode(mode));
    let holder = report.document().and_then(|d| {
        let number = d.document_number.as_ref()?.as_str().to_owned();
        let issuer = d.issuing_state.map(|c| c.trimmed().to_owned()).unwrap_or_default();
        let nationality = d.nationality.map(|c| c.trimmed().to_owned()).unwrap_or_else(|| issuer.clone());
        Some(HolderFacts {
            category: category_of(&issuer, &nationality),
            issuer,
            number,
            document_code: d.document_code.clone(),
            expiry: d.expiry_date.map(|e| e.to_string()),
            birth_date: d.birth_date.as_ref().and_then(mrz::BirthDate::date).map(|b| b.to_string()),
            sex: d.sex.map(|s| char::from(s.as_mrz()).to_string()).filter(|s| s != "<"),
            name_key: format!("{}<<{}", d.primary_identifier, d.secondary_identifier),
            nationality,
        })
    });
    Reading { report, holder, time_zone, day, port }
}

/// Everything the steps read.
struct Ctx<'a> {
    req: &'a InspectionRequest,
    at: Timestamp,
    reading: &'a Reading,
    facts: &'a TravellerFacts,
    engines: &'a Engines<'a>,
    screening: screening::Screening,
    /// The document's expiry: from the MRZ at a desk, from the manifest (DTM 36) before arrival.
    expiry: Option<Date>,
}

/// What the steps build up.
#[derive(Default)]
struct Acc {
    reasons: Vec<Reason>,
    steps: Vec<Step>,
    notices: Vec<String>,
    grant: Option<Grant>,
    overstay: Option<OverstayFinding>,
}

impl Acc {
    fn step(&mut self, step: &'static str, outcome: &'static str, detail: impl Into<String>) {
        self.steps.push(Step { step, outcome, detail: detail.into() });
    }

    fn refer(&mut self, code: ReasonCode, message: String, message_zh: String, legal_basis: Option<String>) {
        self.reasons.push(Reason { code, message, message_zh, legal_basis });
    }
}

type StepFn = fn(&Ctx<'_>, &mut Acc);

/// The pipeline, in order. The e-gate step comes last because it asks whether everything before was green.
pub const STEPS: &[&str] =
    &["document", "expiry", "lost-stolen", "watchlist", "admissibility", "exit-ban", "overstay", "egate"];

const STEP_FNS: &[StepFn] = &[
    step_document,
    step_expiry,
    step_lost_stolen,
    step_watchlist,
    step_admissibility,
    step_exit_ban,
    step_overstay,
    step_egate,
];

fn is_foreigner(ctx: &Ctx<'_>) -> bool {
    ctx.reading.holder.as_ref().is_some_and(|h| h.category == Category::Foreigner)
}

/// The article an officer cites for "no valid document" in this direction for this traveller.
fn no_document_basis(ctx: &Ctx<'_>) -> String {
    match (ctx.req.direction, is_foreigner(ctx)) {
        (Direction::Entry, true) => "EEA-Law Art. 25(1)".into(),
        (Direction::Exit, true) => "EEA-Law Art. 28(4)".into(),
        (_, false) => "EEA-Law Art. 12(1)".into(),
    }
}

fn step_document(ctx: &Ctx<'_>, acc: &mut Acc) {
    let r = &ctx.reading.report;
    let corrections = r.corrections.len();
    if r.valid && ctx.reading.holder.is_some() {
        let note =
            if corrections > 0 { format!(" after {corrections} OCR correction(s)") } else { String::new() };
        acc.step(
            "document",
            "pass",
            format!("{} MRZ reads and every check digit holds{note}", r.format.map_or("?", |f| f.as_str())),
        );
        return;
    }
    let first = r.errors.first().map_or_else(
        || "the document number is empty".to_owned(),
        |e| format!("{} (line {}, position {})", e.message, e.line, e.position),
    );
    acc.step("document", "fail", first.clone());
    acc.refer(
        ReasonCode::DocumentInvalid,
        format!("the machine-readable zone is not valid: {first}"),
        format!("机读区无效：{first}"),
        Some(no_document_basis(ctx)),
    );
}

fn step_expiry(ctx: &Ctx<'_>, acc: &mut Acc) {
    let Some(expiry) = ctx.expiry else {
        acc.step("expiry", "skip", "no readable expiry date");
        return;
    };
    if expiry < ctx.reading.day {
        acc.step("expiry", "fail", format!("expired on {expiry}"));
        acc.refer(
            ReasonCode::DocumentExpired,
            format!("the document expired on {expiry}, before the day of travel {}", ctx.reading.day),
            format!("证件已于{expiry}过期"),
            Some(no_document_basis(ctx)),
        );
    } else {
        acc.step("expiry", "pass", format!("valid until {expiry}"));
    }
}

fn hits_of<'s>(
    ctx: &'s Ctx<'_>,
    pred: impl Fn(AlertType) -> bool + 's,
) -> impl Iterator<Item = &'s screening::Hit> + 's {
    ctx.screening.hits.iter().filter(move |h| pred(h.alert_type))
}

fn step_lost_stolen(ctx: &Ctx<'_>, acc: &mut Acc) {
    let hits: Vec<_> = hits_of(ctx, |a| a == AlertType::LostStolenDocument).collect();
    if hits.is_empty() {
        acc.step("lost-stolen", "pass", "the document is not listed as lost or stolen");
        return;
    }
    for h in hits {
        acc.step("lost-stolen", "fail", format!("listed by {} as entry {}", h.list, h.id));
        acc.refer(
            ReasonCode::DocumentLostStolen,
            format!("the document is listed as lost or stolen ({} entry {})", h.list, h.id),
            format!("证件已登记为遗失或被盗（{} {}）", h.list, h.id),
            Some(no_document_basis(ctx)),
        );
    }
}

fn entry_basis(ctx: &Ctx<'_>, hit: &screening::Hit) -> Option<String> {
    ctx.engines.watchlist.get(&hit.id).and_then(|(e, _)| e.legal_basis.clone())
}

fn step_watchlist(ctx: &Ctx<'_>, acc: &mut Acc) {
    // On entry, persons sought and entry bans matter; on exit, persons sought (exit bans have their own
    // step). Lost/stolen documents were handled above.
    let relevant = |a: AlertType| match ctx.req.direction {
        Direction::Entry => matches!(a, AlertType::Wanted | AlertType::EntryBan | AlertType::Notify),
        Direction::Exit => matches!(a, AlertType::Wanted | AlertType::Notify),
    };
    let hits: Vec<_> = hits_of(ctx, relevant).collect();
    if !ctx.screening.suppressed.is_empty() {
        acc.notices.push(format!(
            "{} watchlist match(es) suppressed by an officer's earlier \"not the same person\"",
            ctx.screening.suppressed.len()
        ));
    }
    if hits.is_empty() {
        acc.step(
            "watchlist",
            "pass",
            format!("no watchlist match at or above the threshold ({} candidates)", ctx.screening.candidates),
        );
        return;
    }
    for h in hits {
        if h.action == Action::Notify {
            acc.step(
                "watchlist",
                "notice",
                format!("{} entry {} (score {:.2}): notify", h.list, h.id, h.score),
            );
            acc.notices.push(format!("notify: {} entry {} matched (score {:.2})", h.list, h.id, h.score));
            continue;
        }
        // Without a legal basis on the entry: a wanted notice rests on the issuing authority's criminal
        // procedure; an entry ban refuses a foreigner under Art. 25 (citizens cannot be refused entry).
        let default_basis = match (h.alert_type, ctx.req.direction, is_foreigner(ctx)) {
            (AlertType::EntryBan, Direction::Entry, true) => "EEA-Law Art. 25",
            (_, Direction::Exit, true) => "EEA-Law Art. 28",
            (_, Direction::Exit, false) => "EEA-Law Art. 12",
            _ => "Criminal Procedure Law (the issuing authority's notice)",
        };
        acc.step(
            "watchlist",
            "fail",
            format!("{} entry {} ({}), score {:.2}", h.list, h.id, h.alert_type.as_str(), h.score),
        );
        acc.refer(
            ReasonCode::WatchlistHit,
            format!(
                "matches {} entry {} ({}, score {:.2}, action {}): {}",
                h.list,
                h.id,
                h.alert_type.as_str(),
                h.score,
                h.action.as_str(),
                h.explanation.summary
            ),
            format!("与{}名单条目{}相符（{}，得分{:.2}）", h.list, h.id, h.alert_type.as_str(), h.score),
            Some(entry_basis(ctx, h).unwrap_or_else(|| default_basis.to_owned())),
        );
    }
}

fn policy_request(ctx: &Ctx<'_>, h: &HolderFacts) -> Result<policy::CheckRequest, String> {
    let nationality = codes::CountryCode::parse(&h.nationality).map_err(|e| e.to_string())?;
    let purpose_text = ctx.req.travel.purpose.as_deref().unwrap_or("tourism");
    let purpose =
        policy::Purpose::parse(purpose_text).ok_or_else(|| format!("unknown purpose {purpose_text:?}"))?;
    let mut req = policy::CheckRequest::new(
        nationality,
        &ctx.req.port,
        policy::LocalOrInstant::Instant(ctx.at),
        purpose,
    );
    req.traveller.document_type = match h.document_code.as_str() {
        "PD" => policy::DocumentType::Diplomatic,
        "PO" => policy::DocumentType::Official,
        "PR" | "PS" | "PT" => policy::DocumentType::TravelDocument,
        _ => policy::DocumentType::Ordinary,
    };
    req.traveller.document_valid_until = ctx.expiry;
    let country = |s: &Option<String>| {
        s.as_deref().map(codes::CountryCode::parse).transpose().map_err(|e| e.to_string())
    };
    req.arrival.origin = country(&ctx.req.travel.origin)?;
    if let Some(size) = ctx.req.travel.group_size {
        req.arrival.group = Some(policy::Group { size, organiser: ctx.req.travel.group_organiser.clone() });
    }
    let departure = ctx
        .req
        .travel
        .onward_departure
        .as_deref()
        .map(policy::LocalOrInstant::parse)
        .transpose()
        .map_err(|e| format!("onward_departure: {e}"))?;
    let destination = country(&ctx.req.travel.onward_to)?;
    if destination.is_some() || departure.is_some() {
        req.onward = Some(policy::Onward { destination, departure, port: None });
    }
    req.holdings = policy::Holdings {
        visa: ctx.req.document.visa.clone(),
        residence_permit: ctx.req.document.residence_permit.clone(),
        documents: ctx.req.document.supporting.clone(),
    };
    req.history = ctx
        .facts
        .past_stays
        .iter()
        .map(|s| {
            policy::Stay::new(
                policy::LocalOrInstant::Instant(s.entered_at),
                policy::LocalOrInstant::Instant(s.exited_at),
            )
        })
        .collect();
    Ok(req)
}

fn step_admissibility(ctx: &Ctx<'_>, acc: &mut Acc) {
    if ctx.req.direction != Direction::Entry {
        acc.step("admissibility", "skip", "exit");
        return;
    }
    let Some(h) = &ctx.reading.holder else {
        acc.step("admissibility", "skip", "no readable document");
        return;
    };
    match h.category {
        Category::Mainland => {
            acc.step("admissibility", "pass", "a Chinese citizen returning home");
            return;
        }
        Category::HkMacaoTaiwan => {
            acc.step("admissibility", "pass", "a Hong Kong, Macao or Taiwan resident (permit holder)");
            return;
        }
        Category::Foreigner => {}
    }
    let req = match policy_request(ctx, h) {
        Ok(r) => r,
        Err(e) => {
            acc.step("admissibility", "fail", e.clone());
            acc.refer(
                ReasonCode::RulesUnavailable,
                format!("the entry rules cannot be applied: {e}"),
                format!("无法适用入境规则：{e}"),
                None,
            );
            return;
        }
    };
    let decision = match ctx.engines.rules.check(&req) {
        Ok(d) => d,
        Err(e) => {
            acc.step("admissibility", "fail", e.to_string());
            acc.refer(
                ReasonCode::RulesUnavailable,
                format!("the entry rules cannot be applied: {e}"),
                format!("无法适用入境规则：{e}"),
                None,
            );
            return;
        }
    };
    let basis: Vec<String> = decision.legal_basis().iter().map(|c| c.text.clone()).collect();
    if decision.admissible() {
        let plain = decision.plain();
        let deadline = decision.deadline();
        acc.step(
            "admissibility",
            "pass",
            format!(
                "{} ({}){}",
                decision.kind().as_str(),
                decision.scheme().map_or("-", |s| s.id.as_str()),
                decision
                    .permitted_until_rfc3339()
                    .map(|p| format!(", permitted until {p}"))
                    .unwrap_or_default()
            ),
        );
        acc.grant = Some(Grant {
            kind: decision.kind().as_str().to_owned(),
            scheme: decision.scheme().map(|s| s.id.clone()),
            permitted_until: decision.permitted_until_rfc3339(),
            permitted_until_ts: decision.permitted_until(),
            permitted_area_en: plain.area_en.clone(),
            permitted_area_zh: plain.area_zh.clone(),
            legal_basis: basis,
            deadline_en: deadline.as_ref().map(policy::Deadline::en),
            deadline_zh: deadline.as_ref().map(policy::Deadline::zh),
            ruleset: ctx.engines.rules.label().to_owned(),
        });
    } else {
        let why: Vec<String> = decision
            .trace()
            .iter()
            .filter(|t| !t.applies)
            .take(3)
            .map(|t| {
                let name = decision.trace_scheme(t).map_or("-", |s| s.id.as_str());
                format!("{name}: {}", t.reasons.iter().map(|r| r.code()).collect::<Vec<_>>().join(", "))
            })
            .collect();
        acc.step("admissibility", "fail", format!("no scheme applies ({})", why.join("; ")));
        acc.refer(
            ReasonCode::VisaRequired,
            format!(
                "no visa-free scheme applies and no visa or residence permit is held for {}",
                h.nationality
            ),
            "无适用的免签政策，且未持有效签证或居留许可".to_owned(),
            Some(basis.first().cloned().unwrap_or_else(|| "EEA-Law Art. 25(1)".into())),
        );
    }
}

fn step_exit_ban(ctx: &Ctx<'_>, acc: &mut Acc) {
    if ctx.req.direction != Direction::Exit {
        acc.step("exit-ban", "skip", "entry");
        return;
    }
    let hits: Vec<_> = hits_of(ctx, |a| a == AlertType::ExitBan).collect();
    if hits.is_empty() {
        acc.step("exit-ban", "pass", "no exit restriction");
        return;
    }
    let article = if is_foreigner(ctx) { "EEA-Law Art. 28" } else { "EEA-Law Art. 12" };
    for h in hits {
        acc.step("exit-ban", "fail", format!("{} entry {} (score {:.2})", h.list, h.id, h.score));
        acc.refer(
            ReasonCode::ExitBan,
            format!("an exit restriction applies ({} entry {}, score {:.2})", h.list, h.id, h.score),
            format!("存在限制出境决定（{} {}）", h.list, h.id),
            Some(entry_basis(ctx, h).unwrap_or_else(|| article.to_owned())),
        );
    }
}

fn step_overstay(ctx: &Ctx<'_>, acc: &mut Acc) {
    if ctx.req.direction != Direction::Exit || !is_foreigner(ctx) {
        acc.step("overstay", "skip", "only foreigners' exits are checked");
        return;
    }
    let Some(stay) = &ctx.facts.open_stay else {
        acc.step("overstay", "pass", "no open stay on record");
        return;
    };
    let Some(until) = stay.permitted_until else {
        acc.step("overstay", "pass", "the stay has no end date (residence)");
        return;
    };
    let tz = TimeZone::get(&stay.time_zone).unwrap_or_else(|_| ctx.reading.time_zone.clone());
    let o = policy::overstay(until, ctx.at, &tz);
    let until_text = policy::rfc3339(until, &tz);
    if o.overstay_days == 0 {
        acc.step("overstay", "pass", format!("left within the permitted stay (until {until_text})"));
        return;
    }
    acc.step("overstay", "fail", format!("{} day(s) over (permitted until {until_text})", o.overstay_days));
    acc.overstay = Some(OverstayFinding {
        days: i64::from(o.overstay_days),
        fine_min_cny: i64::from(o.fine_min_cny),
        fine_max_cny: i64::from(o.fine_max_cny),
        permitted_until: until_text.clone(),
    });
    acc.refer(
        ReasonCode::Overstay,
        format!(
            "stayed {} day(s) beyond {until_text}; fine {}–{} CNY",
            o.overstay_days, o.fine_min_cny, o.fine_max_cny
        ),
        format!("逾期停留{}天；罚款{}至{}元", o.overstay_days, o.fine_min_cny, o.fine_max_cny),
        Some(o.legal_basis.to_owned()),
    );
}

fn step_egate(ctx: &Ctx<'_>, acc: &mut Acc) {
    if ctx.req.lane != Lane::Egate {
        acc.step("egate", "skip", format!("{} lane", ctx.req.lane.as_str()));
        return;
    }
    let policy = ctx.engines.egate;
    let category = ctx.reading.holder.as_ref().map(|h| h.category);
    let eligible = (policy.mainland_citizens && category == Some(Category::Mainland))
        || (policy.enrolled_travellers && ctx.facts.egate_enrolled);
    if !eligible {
        acc.step("egate", "fail", "the traveller is not eligible for automated gates");
        acc.refer(
            ReasonCode::EgateNotEligible,
            "not eligible for the automated gate: please go to a staffed desk".into(),
            "不符合自助通关条件，请到人工通道办理".into(),
            None,
        );
    } else if !acc.reasons.is_empty() || !acc.notices.is_empty() {
        acc.step("egate", "fail", "not every check is green");
        acc.refer(
            ReasonCode::EgateNotEligible,
            "not every check is green: an officer must see this traveller".into(),
            "检查未全部通过，请到人工通道办理".into(),
            None,
        );
    } else {
        acc.step("egate", "pass", "eligible and every check is green");
    }
}

fn screening_query(reading: &Reading, facts: &TravellerFacts) -> Option<screening::Query> {
    let d = reading.report.document()?;
    let birth_date = match &d.birth_date {
        Some(mrz::BirthDate::Known(date)) => date.to_string().parse().ok(),
        Some(b) => b.year().and_then(|y| y.to_string().parse().ok()),
        None => None,
    };
    Some(screening::Query {
        name: None,
        primary: Some(d.primary_identifier.replace('<', " ")),
        secondary: Some(d.secondary_identifier.replace('<', " ")),
        birth_date,
        sex: d.sex.and_then(|s| match s {
            mrz::Sex::Female => Some(screening::Sex::Female),
            mrz::Sex::Male => Some(screening::Sex::Male),
            mrz::Sex::Unspecified => None,
        }),
        nationality: d.nationality.map(|c| c.trimmed().to_owned()),
        document_number: d.document_number.as_ref().map(|n| n.as_str().to_owned()),
        traveller_key: facts.traveller_id.clone(),
    })
}

/// Phase 2: the decision.
pub fn decide(
    req: &InspectionRequest,
    at: Timestamp,
    reading: &Reading,
    facts: &TravellerFacts,
    engines: &Engines<'_>,
) -> Outcome {
    let dispositions: screening::Dispositions = facts
        .traveller_id
        .iter()
        .flat_map(|t| {
            facts.dispositions.iter().map(move |d| screening::Disposition {
                traveller_key: t.clone(),
                entry_id: d.entry_id.clone(),
                entry_version: d.entry_version,
            })
        })
        .collect();
    let screening = match screening_query(reading, facts) {
        Some(q) => {
            let sctx = screening::ScreenContext {
                config: engines.matching,
                as_of: Some(reading.day),
                dispositions: Some(&dispositions),
            };
            engines.watchlist.screen(&q, &sctx)
        }
        None => screening::Screening::default(),
    };
    let expiry = reading.report.document().and_then(|d| d.expiry_date);
    let ctx = Ctx { req, at, reading, facts, engines, screening, expiry };
    let mut acc = Acc::default();
    for step in STEP_FNS {
        step(&ctx, &mut acc);
    }
    let decision = if acc.reasons.is_empty() { Verdict::Clear } else { Verdict::Refer };
    let hit_entries =
        ctx.screening.hits.iter().map(|h| (h.list.clone(), h.id.clone(), h.entry_version)).collect();
    Outcome {
        decision,
        reasons: acc.reasons,
        document: serde_json::to_value(&reading.report).unwrap_or(serde_json::Value::Null),
        screening: serde_json::to_value(&ctx.screening).unwrap_or(serde_json::Value::Null),
        grant: acc.grant,
        overstay: acc.overstay,
        category: reading.holder.as_ref().map(|h| h.category),
        notices: acc.notices,
        steps: acc.steps,
        holder: reading.holder.clone(),
        hit_entries,
    }
}
