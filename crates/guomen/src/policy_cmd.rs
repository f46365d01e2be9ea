//! `guomen policy check|overstay|lint|simulate`: the entry-rule engine on the command line, and the reading
//! of rule-set directories that `guomen serve --rules DIR` shares.
//!
//! Exit status, the same for every subcommand so scripts can rely on it:
//! - 0: admissible (`check`), valid (`lint`), computed (`overstay`, `simulate`);
//! - 1: not admissible (`check`), or the rule set has problems (`lint`);
//! - 2: bad arguments or bad input that keeps the command from answering at all — clap's own usage errors,
//!   an unknown port, an unreadable or malformed file, a rule set given to `check` or `simulate` that does
//!   not load. Keeping these apart from 1 matters: "not admissible" is an answer, "could not ask" is not.
//!
//! Rule sets come from `--rules DIR` (every `*.toml` file directly in DIR), else from `rules = "DIR"` in the
//! configuration file (the rule set the server runs), else the shipped China set embedded in the binary.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Subcommand};
use codes::CountryCode;
use jiff::civil::Date;
use policy::{
    CheckRequest, Decision, DocumentType, Entries, Group, Holdings, LocalOrInstant, Onward, OverstayRequest,
    Purpose, ResidencePermit, RuleSet, SimulationReport, Visa,
};

use crate::cli::Global;

#[derive(Debug, Subcommand)]
pub enum PolicyCommand {
    /// May this traveller enter, on what basis, until when, and where? Exit 0 admissible, 1 not, 2 bad input.
    Check(Box<CheckArgs>),
    /// Days of overstay and the fine range of EEA-Law Art. 78.
    Overstay(OverstayArgs),
    /// Validate a rule-set directory: every problem with file:line:col. Exit 0 valid, 1 invalid.
    Lint(LintArgs),
    /// What-if: replay arrivals against a draft rule set and report what changes, by nationality and port.
    Simulate(SimulateArgs),
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Nationality, by ICAO code (USA, GBR, D for Germany).
    #[arg(long, value_name = "CODE", value_parser = country)]
    pub nationality: CountryCode,
    /// Port of arrival by registry code (PVG, SZ-LUOHU); airports by IATA code.
    #[arg(long, value_name = "CODE")]
    pub port: String,
    /// Arrival: RFC 3339 with an offset, or without one for local time at the port (2026-12-01T10:00).
    #[arg(long, value_name = "TIME", value_parser = instant)]
    pub arrival: LocalOrInstant,
    /// The country or region the traveller arrives from (HKG, MAC and TWN are regions of their own).
    #[arg(long, value_name = "CODE", value_parser = country)]
    pub origin: Option<CountryCode>,
    /// Purpose: tourism, business, family-visit, exchange, transit, work, study, …
    #[arg(long, value_parser = purpose)]
    pub purpose: Purpose,
    /// Travel document: ordinary, official, service, diplomatic, public-affairs or travel-document.
    #[arg(long, value_name = "TYPE", value_parser = document_type, default_value = "ordinary")]
    pub document_type: DocumentType,
    /// The travel document's expiry date (some schemes need months of validity left).
    #[arg(long, value_name = "DATE", value_parser = date)]
    pub document_valid_until: Option<Date>,
    /// Onward ticket: destination country or region.
    #[arg(long, value_name = "CODE", value_parser = country)]
    pub onward_to: Option<CountryCode>,
    /// Onward ticket: departure time (without an offset, local time at the port of arrival).
    #[arg(long, value_name = "TIME", value_parser = instant)]
    pub onward_departure: Option<LocalOrInstant>,
    /// Onward ticket: port of departure, if not known to be the port of arrival.
    #[arg(long, value_name = "CODE")]
    pub onward_port: Option<String>,
    /// A Chinese visa held, by category (L, M, F, Q2, S2, Z, X1, …).
    #[arg(long, value_name = "CATEGORY", requires = "visa_valid_until")]
    pub visa: Option<String>,
    /// The visa's "enter before" date.
    #[arg(long, value_name = "DATE", value_parser = date, requires = "visa")]
    pub visa_valid_until: Option<Date>,
    /// The visa's first day of validity, if printed.
    #[arg(long, value_name = "DATE", value_parser = date, requires = "visa")]
    pub visa_valid_from: Option<Date>,
    /// Entries the visa allows: single, double or multiple.
    #[arg(long, value_name = "N", value_parser = entries, default_value = "single", requires = "visa")]
    pub visa_entries: Entries,
    /// Entries already made on the visa.
    #[arg(long, value_name = "N", default_value_t = 0, requires = "visa")]
    pub visa_entries_used: u32,
    /// Duration of each stay printed on the visa, in days (0: apply for a residence permit).
    #[arg(long, value_name = "DAYS", requires = "visa")]
    pub visa_stay_days: Option<u32>,
    /// A residence permit held: its last day of validity.
    #[arg(long, value_name = "DATE", value_parser = date)]
    pub residence_permit_until: Option<Date>,
    /// The residence permit's category (work, study, family, private-affairs).
    #[arg(long, value_name = "CATEGORY", requires = "residence_permit_until")]
    pub residence_permit_category: Option<String>,
    /// A supporting document held, by the rule set's id (port-visa-approval, e-port-visa); repeatable.
    #[arg(long = "document", value_name = "ID")]
    pub documents: Vec<String>,
    /// Earlier stays in China, for rolling limits: a JSON file `[{"entry": …, "exit": …}]`.
    #[arg(long, value_name = "FILE")]
    pub history: Option<PathBuf>,
    /// The traveller is in a tour group of N people (this one included).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub group_size: Option<u32>,
    /// The group's organiser, by the rule set's id (cn-travel-agency, hk-mo-travel-agency).
    #[arg(long, value_name = "ID", requires = "group_size")]
    pub organiser: Option<String>,
    /// Evaluate with the rule set in DIR instead of the active one.
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,
    /// Print every scheme considered and why it applies or not.
    #[arg(long)]
    pub trace: bool,
    /// Print the engine's decision JSON (the body of POST /api/v1/policy/check's answer).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct OverstayArgs {
    /// The end of the permitted stay (exclusive), as a decision's `permitted_until` gives it.
    #[arg(long, value_name = "TIME", value_parser = instant)]
    pub permitted_until: LocalOrInstant,
    /// When the traveller left.
    #[arg(long, value_name = "TIME", value_parser = instant)]
    pub exit: LocalOrInstant,
    /// The port whose time zone counts the days [default: Beijing time].
    #[arg(long, value_name = "CODE")]
    pub port: Option<String>,
    /// An IANA time zone to count the days in, instead of a port's.
    #[arg(long, value_name = "ZONE", conflicts_with = "port")]
    pub time_zone: Option<String>,
    /// Print JSON: overstay_days, fine_min_cny, fine_max_cny, ….
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct LintArgs {
    /// The rule-set directory [default: the shipped China set].
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Print JSON: `{"ok": true, "summary": …}` or `{"ok": false, "diagnostics": […]}`.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct SimulateArgs {
    /// The draft rule set.
    #[arg(long, value_name = "DIR")]
    pub rules: PathBuf,
    /// Arrivals to replay: CSV with the header
    /// nationality,port,arrival,origin,onward_to,onward_departure,purpose,document_type,group_size[,group_organiser].
    #[arg(long, value_name = "FILE.csv")]
    pub arrivals: PathBuf,
    /// The rule set to compare with [default: the active one].
    #[arg(long, value_name = "DIR")]
    pub baseline: Option<PathBuf>,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Why a command could not answer; every variant is exit status 2.
struct Unanswerable(String);

impl<E: std::fmt::Display> From<E> for Unanswerable {
    fn from(e: E) -> Self {
        Unanswerable(e.to_string())
    }
}

const NOT_ADMISSIBLE: u8 = 1;
const BAD_INPUT: u8 = 2;

/// Runs a `guomen policy` subcommand. Everything it prints goes to stdout, errors to stderr.
pub fn run(global: &Global, cmd: PolicyCommand) -> ExitCode {
    let result = match cmd {
        PolicyCommand::Check(args) => check(global, &args),
        PolicyCommand::Overstay(args) => overstay(&args),
        PolicyCommand::Lint(args) => lint(&args),
        PolicyCommand::Simulate(args) => simulate_cmd(global, &args),
    };
    match result {
        Ok(code) => code,
        Err(Unanswerable(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(BAD_INPUT)
        }
    }
}

/// Writes to stdout. A closed pipe (`| head`) is not an error worth a panic, so write failures are ignored.
fn out(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, Unanswerable> {
    Ok(serde_json::to_string_pretty(value)? + "\n")
}

// ---------------------------------------------------------------------------------------------------------
// Rule sets from directories.

/// Why a rule-set directory could not be used.
#[derive(Debug)]
pub enum RulesError {
    /// The directory or a file in it cannot be read.
    Io(String),
    /// The files were read but do not make a valid rule set; every problem with its position.
    Invalid(policy::LoadError),
}

impl std::fmt::Display for RulesError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RulesError::Io(message) => f.write_str(message),
            RulesError::Invalid(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for RulesError {}

/// Reads every `*.toml` file directly in `dir`, sorted by name, as `(path, contents)`. Paths are kept as
/// the caller wrote them so that diagnostics point at files the user can open.
pub fn read_rule_files(dir: &Path) -> Result<Vec<(String, String)>, RulesError> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| RulesError::Io(format!("cannot read the rule-set directory {}: {e}", dir.display())))?;
    let mut paths = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| {
            RulesError::Io(format!("cannot list the rule-set directory {}: {e}", dir.display()))
        })?;
        let path = entry.path();
        if path.extension().is_some_and(|x| x == "toml") && path.is_file() {
            paths.push(path);
        }
    }
    paths.sort();
    if paths.is_empty() {
        return Err(RulesError::Io(format!("{} holds no *.toml rule files", dir.display())));
    }
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p)
                .map_err(|e| RulesError::Io(format!("cannot read {}: {e}", p.display())))?;
            Ok((p.display().to_string(), text))
        })
        .collect()
}

/// Loads the rule set in `dir`, or the shipped China set when `dir` is `None`.
pub fn load_rules(dir: Option<&Path>) -> Result<RuleSet, RulesError> {
    match dir {
        None => RuleSet::china().map_err(RulesError::Invalid),
        Some(dir) => {
            let files = read_rule_files(dir)?;
            let pairs: Vec<(&str, &str)> = files.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
            RuleSet::load(&pairs).map_err(RulesError::Invalid)
        }
    }
}

/// The rule set a command uses: the one named on its command line, else the configured one, else the
/// shipped one.
fn active_rules(global: &Global, explicit: Option<&Path>) -> Result<RuleSet, Unanswerable> {
    let configured = match explicit {
        Some(dir) => Some(dir.to_owned()),
        None => crate::config::Settings::resolve(global, None, false).map_err(|e| format!("{e:#}"))?.rules,
    };
    load_rules(configured.as_deref()).map_err(|e| {
        let which = configured.map_or_else(|| "the shipped rule set".to_owned(), |d| d.display().to_string());
        Unanswerable(format!("{which} does not load: {e}"))
    })
}

// ---------------------------------------------------------------------------------------------------------
// Argument parsers: bad values are usage errors (exit 2), reported by clap next to the flag.

fn country(text: &str) -> Result<CountryCode, String> {
    let code = CountryCode::parse(text).map_err(|e| e.to_string())?;
    if code.info().is_none() {
        return Err(format!("{:?} is not in the ICAO table of country codes", text.trim()));
    }
    Ok(code)
}

fn instant(text: &str) -> Result<LocalOrInstant, String> {
    LocalOrInstant::parse(text).map_err(|e| e.to_string())
}

fn date(text: &str) -> Result<Date, String> {
    text.trim().parse::<Date>().map_err(|_| format!("{text:?} is not a date (2026-12-31)"))
}

fn purpose(text: &str) -> Result<Purpose, String> {
    Purpose::parse(text.trim()).ok_or_else(|| {
        let known: Vec<&str> = Purpose::ALL.iter().map(|p| p.as_str()).collect();
        format!("unknown purpose {text:?}; known: {}", known.join(", "))
    })
}

fn document_type(text: &str) -> Result<DocumentType, String> {
    DocumentType::parse(text.trim()).ok_or_else(|| {
        let known: Vec<&str> = DocumentType::ALL.iter().map(|p| p.as_str()).collect();
        format!("unknown document type {text:?}; known: {}", known.join(", "))
    })
}

fn entries(text: &str) -> Result<Entries, String> {
    match text.trim() {
        "single" | "1" => Ok(Entries::Single),
        "double" | "2" => Ok(Entries::Double),
        "multiple" | "m" => Ok(Entries::Multiple),
        other => Err(format!("{other:?}: use single, double or multiple")),
    }
}

// ---------------------------------------------------------------------------------------------------------
// check

fn request_of(args: &CheckArgs) -> Result<CheckRequest, Unanswerable> {
    let mut req = CheckRequest::new(args.nationality, &args.port, args.arrival, args.purpose);
    req.traveller.document_type = args.document_type;
    req.traveller.document_valid_until = args.document_valid_until;
    req.arrival.origin = args.origin;
    req.arrival.group = args.group_size.map(|size| Group { size, organiser: args.organiser.clone() });
    if args.onward_to.is_some() || args.onward_departure.is_some() || args.onward_port.is_some() {
        req.onward = Some(Onward {
            destination: args.onward_to,
            departure: args.onward_departure,
            port: args.onward_port.clone(),
        });
    }
    let visa = match (&args.visa, args.visa_valid_until) {
        (Some(category), Some(valid_until)) => Some(Visa {
            category: category.trim().to_owned(),
            valid_from: args.visa_valid_from,
            valid_until,
            entries: args.visa_entries,
            entries_used: args.visa_entries_used,
            duration_of_stay_days: args.visa_stay_days,
        }),
        _ => None,
    };
    let residence_permit = args
        .residence_permit_until
        .map(|valid_until| ResidencePermit { category: args.residence_permit_category.clone(), valid_until });
    req.holdings = Holdings { visa, residence_permit, documents: args.documents.clone() };
    if let Some(path) = &args.history {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Unanswerable(format!("cannot read {}: {e}", path.display())))?;
        req.history = policy::parse_stays_json(&text).map_err(|e| match e {
            policy::RequestError::Json { line, column, message } => {
                Unanswerable(format!("{}:{line}:{column}: {}", path.display(), strip_position(&message)))
            }
            other => Unanswerable(format!("{}: {other}", path.display())),
        })?;
    }
    Ok(req)
}

/// serde_json appends " at line L column C" to its messages; the position is printed in front instead.
fn strip_position(message: &str) -> &str {
    message.rfind(" at line ").map_or(message, |i| message.get(..i).unwrap_or(message))
}

fn check(global: &Global, args: &CheckArgs) -> Result<ExitCode, Unanswerable> {
    let rules = active_rules(global, args.rules.as_deref())?;
    let req = request_of(args)?;
    let decision = rules.check(&req).map_err(|e| Unanswerable(check_error(args, &e)))?;
    if args.json {
        out(&to_json(&decision)?);
    } else {
        out(&describe(&decision, args.trace));
    }
    Ok(if decision.admissible() { ExitCode::SUCCESS } else { ExitCode::from(NOT_ADMISSIBLE) })
}

/// The engine's error in the words of the command line: which flag or file is wrong.
fn check_error(args: &CheckArgs, e: &policy::CheckError) -> String {
    use policy::CheckError as E;
    let history =
        || args.history.as_ref().map_or_else(|| "--history".to_owned(), |p| p.display().to_string());
    match e {
        E::UnknownPort { field, code } => {
            let flag = if *field == "onward.port" { "--onward-port" } else { "--port" };
            format!(
                "{flag} {code}: not a port in the registry (ports by registry code, airports by IATA code)"
            )
        }
        E::NotAForeigner => {
            "--nationality CHN: Chinese citizens do not enter under foreigners' schemes".to_owned()
        }
        E::StayOutOfOrder { index } => {
            format!("{}: stay {}: the exit is before the entry", history(), index + 1)
        }
        other => other.to_string(),
    }
}

/// Appends `label` padded to the width of the labels and then `value`.
fn field(s: &mut String, label: &str, value: &str) {
    let label = if label.is_empty() { String::new() } else { format!("{label}:") };
    let _ = writeln!(s, "{label:<15}{value}");
}

/// The decision for a person reading a terminal: the verdict first, then the deadline, area, legal basis
/// and conditions, then (on request) the trace.
fn describe(d: &Decision<'_>, trace: bool) -> String {
    let rules = d.rules();
    let tz = d.time_zone();
    let mut s = String::new();
    let kind = d.kind();
    match d.scheme() {
        Some(scheme) => {
            field(&mut s, "ADMISSIBLE", &format!("yes — {kind}"));
            field(&mut s, "Scheme", &format!("{} ({} · {})", scheme.id, scheme.name_en, scheme.name_zh));
        }
        None => {
            field(&mut s, "ADMISSIBLE", &format!("no — {kind}: no scheme or holding admits this journey"))
        }
    }
    if let Some(port) = d.port() {
        field(
            &mut s,
            "Arrival",
            &format!("{} {} ({}), {}", port.code, port.name_en, port.name_zh, policy::rfc3339(d.entry(), tz)),
        );
    }
    if let (Some(deadline), Some(until)) = (d.deadline(), d.permitted_until_rfc3339()) {
        field(&mut s, "Deadline", &format!("{} (permitted until {until}, exclusive)", deadline.en_full()));
        field(&mut s, "", &deadline.zh_full());
    }
    if let Some(area) = d.permitted_area() {
        field(&mut s, "Area", &policy::area_en(area));
        field(&mut s, "", &policy::area_zh(area));
    }
    for (i, c) in d.legal_basis().iter().enumerate() {
        let label = if i == 0 { "Legal basis" } else { "" };
        field(&mut s, label, &format!("{} — {}", c.text, policy::citation_en(rules, c)));
    }
    // The deadline and the area have their own lines above.
    let conditions: Vec<policy::Condition> =
        d.conditions().into_iter().filter(|c| c.code != "leave-by" && c.code != "stay-within-area").collect();
    if !conditions.is_empty() {
        s.push_str("Conditions:\n");
        for c in &conditions {
            let _ = writeln!(s, "  - {}", c.en);
        }
    }
    let alternatives: Vec<String> = d
        .alternatives()
        .map(|a| match a.permitted_until {
            Some(t) => format!("{} (until {})", a.scheme.id, policy::rfc3339(t, tz)),
            None => a.scheme.id.clone(),
        })
        .collect();
    if !alternatives.is_empty() {
        field(&mut s, "Also applies", &alternatives.join(", "));
    }
    let confidence = d.confidence();
    if confidence < policy::Confidence::Ok {
        field(&mut s, "Confidence", &format!("{confidence}: part of this rests on an unconfirmed source"));
    }
    field(&mut s, "Rule set", rules.label());
    if trace {
        s.push_str("Trace (every scheme considered, in precedence order):\n");
        for entry in d.trace() {
            let verdict = if entry.applies { "applies" } else { "no" };
            let name = d.trace_scheme(entry).map_or_else(|| "(summary)".to_owned(), |sc| sc.id.clone());
            let until = entry
                .permitted_until
                .map(|t| format!(" until {}", policy::rfc3339(t, tz)))
                .unwrap_or_default();
            let _ = writeln!(s, "  [{verdict:<7}] {name} ({}){until}", entry.kind);
            for r in entry.reasons.iter() {
                let mark = if r.is_failure() { "✗" } else { "·" };
                let _ = writeln!(s, "      {mark} {}: {}", r.code(), r.describe(rules, tz));
            }
        }
    } else if !d.admissible() {
        s.push_str("(--trace shows every scheme considered and why it does not apply)\n");
    }
    s
}

// ---------------------------------------------------------------------------------------------------------
// overstay

fn overstay(args: &OverstayArgs) -> Result<ExitCode, Unanswerable> {
    let req = OverstayRequest {
        permitted_until: args.permitted_until,
        exit: args.exit,
        port: args.port.clone(),
        time_zone: args.time_zone.clone(),
    };
    let o = req.evaluate()?;
    if args.json {
        out(&to_json(&o)?);
        return Ok(ExitCode::SUCCESS);
    }
    let mut s = String::new();
    match (o.overstay_days, o.first_day, o.last_day) {
        (0, _, _) | (_, None, _) | (_, _, None) => {
            field(&mut s, "Overstay", "none — left within the permitted stay");
        }
        (days, Some(first), Some(last)) => {
            let plural = if days == 1 { "" } else { "s" };
            field(&mut s, "Overstay", &format!("{days} day{plural}, {first} to {last} (both counted)"));
            field(
                &mut s,
                "Fine",
                &format!(
                    "{}–{} CNY ({} CNY a day, at most {} CNY)",
                    o.fine_min_cny,
                    o.fine_max_cny,
                    policy::FINE_PER_DAY_CNY,
                    policy::FINE_CAP_CNY
                ),
            );
            if let Some([from, to]) = o.detention_days {
                field(&mut s, "Or", &format!("detention of {from} to {to} days where the case is serious"));
            }
        }
    }
    field(&mut s, "Legal basis", &format!("{} — {}", o.legal_basis, o.note));
    out(&s);
    Ok(ExitCode::SUCCESS)
}

// ---------------------------------------------------------------------------------------------------------
// lint

fn lint(args: &LintArgs) -> Result<ExitCode, Unanswerable> {
    let loaded = match &args.dir {
        Some(dir) => match load_rules(Some(dir)) {
            Err(RulesError::Io(message)) => return Err(Unanswerable(message)),
            other => other,
        },
        None => load_rules(None),
    };
    match loaded {
        Ok(rules) => {
            let summary = rules.lint_summary();
            if args.json {
                out(&to_json(&serde_json::json!({ "ok": true, "summary": summary }))?);
                return Ok(ExitCode::SUCCESS);
            }
            let mut s = String::new();
            let _ = writeln!(
                s,
                "ok: {} ({} files){}",
                summary.label,
                summary.files.len(),
                if summary.draft { " — DRAFT, not in force" } else { "" }
            );
            let kinds: Vec<String> =
                summary.schemes_by_kind.iter().map(|(k, n)| format!("{k} {n}")).collect();
            field(&mut s, "Schemes", &kinds.join(", "));
            field(&mut s, "Nationalities", &format!("{} named by some scheme", summary.nationalities_named));
            field(
                &mut s,
                "Ports",
                &format!(
                    "{} of {} registry ports designated",
                    summary.ports_designated, summary.ports_in_registry
                ),
            );
            field(&mut s, "Hash", &format!("sha256:{}", summary.hash));
            if !summary.weak_facts.is_empty() {
                let _ =
                    writeln!(s, "Facts resting on sources weaker than OK ({}):", summary.weak_facts.len());
                for w in &summary.weak_facts {
                    let _ = writeln!(s, "  - {w}");
                }
            }
            out(&s);
            Ok(ExitCode::SUCCESS)
        }
        Err(RulesError::Invalid(e)) => {
            let diagnostics = e.diagnostics();
            if args.json {
                out(&to_json(&serde_json::json!({ "ok": false, "diagnostics": diagnostics }))?);
            } else {
                for d in diagnostics {
                    eprintln!("{d}");
                }
                let plural = if diagnostics.len() == 1 { "" } else { "s" };
                eprintln!("error: the rule set is invalid: {} problem{plural}", diagnostics.len());
            }
            Ok(ExitCode::from(NOT_ADMISSIBLE))
        }
        Err(RulesError::Io(message)) => Err(Unanswerable(message)),
    }
}

// ---------------------------------------------------------------------------------------------------------
// simulate

fn simulate_cmd(global: &Global, args: &SimulateArgs) -> Result<ExitCode, Unanswerable> {
    let draft = load_rules(Some(&args.rules))
        .map_err(|e| Unanswerable(format!("the draft {} does not load: {e}", args.rules.display())))?;
    let baseline = active_rules(global, args.baseline.as_deref())?;
    let path = &args.arrivals;
    let text = std::fs::read_to_string(path)
        .map_err(|e| Unanswerable(format!("cannot read {}: {e}", path.display())))?;
    let arrivals = policy::parse_arrivals_csv(&text).map_err(|e| {
        let lines: Vec<String> = e
            .errors()
            .iter()
            .map(|f| {
                let field = if f.field.is_empty() { String::new() } else { format!("{}: ", f.field) };
                format!("{}:{}:{}: {field}{}", path.display(), f.line, f.column, f.message)
            })
            .collect();
        Unanswerable(format!("the arrivals file is invalid:\n{}", lines.join("\n")))
    })?;
    let report = policy::simulate(&baseline, &draft, &arrivals);
    if args.json {
        out(&to_json(&report)?);
    } else {
        out(&describe_report(&report));
    }
    Ok(ExitCode::SUCCESS)
}

fn describe_report(r: &SimulationReport) -> String {
    let mut s = String::new();
    field(&mut s, "Baseline", &r.baseline);
    field(&mut s, "Draft", &r.draft);
    let t = &r.totals;
    field(
        &mut s,
        "Arrivals",
        &format!(
            "{} replayed: {} unchanged, {} changed, {} could not be evaluated",
            t.total,
            t.unchanged,
            t.changed(),
            t.errors
        ),
    );
    field(
        &mut s,
        "Changes",
        &format!(
            "{} newly admissible, {} newly inadmissible, {} on another scheme, {} with another end of stay",
            t.newly_admissible, t.newly_inadmissible, t.changed_kind, t.changed_permitted_until
        ),
    );
    if r.groups.is_empty() {
        s.push_str("No decision changes.\n");
    } else {
        s.push_str("\nBy nationality and port:\n");
        for g in &r.groups {
            let c = &g.counts;
            let _ = writeln!(
                s,
                "  {} at {}: {} of {} changed{}",
                g.nationality,
                g.port,
                c.changed(),
                c.total,
                if c.errors > 0 { format!(", {} not evaluated", c.errors) } else { String::new() }
            );
            for (how, n) in &g.transitions {
                let _ = writeln!(s, "      {n} × {how}");
            }
            for e in &g.examples {
                let until =
                    e.after.permitted_until.as_deref().map(|u| format!(", until {u}")).unwrap_or_default();
                let why = e.after.error.as_deref().or(e.before.error.as_deref()).map(|m| format!(" ({m})"));
                let _ = writeln!(
                    s,
                    "      e.g. arrival #{} at {}: {} → {}{until}{}",
                    e.index + 1,
                    e.arrival,
                    e.before.kind,
                    e.after.kind,
                    why.unwrap_or_default()
                );
            }
        }
    }
    let _ = writeln!(s, "\n{} nationality/port group(s) without changes.", r.unchanged_groups);
    s
}
