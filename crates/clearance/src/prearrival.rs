//! Pre-arrival decisions: for each person of a passenger or crew manifest (PAXLST), `board`, `no-board`
//! or `refer`, with the reasons, their legal basis and the watchlist hits — decided by the same steps an
//! inspection at the desk runs (expiry, lost/stolen, watchlist, admissibility), fed from the manifest
//! instead of a machine-readable zone.
//!
//! | finding (reason code) | advice to the carrier |
//! |---|---|
//! | no travel document on the manifest (`document-invalid`) | `no-board` |
//! | the document expires before the day of arrival (`document-expired`) | `no-board` |
//! | the document is listed as lost or stolen (`document-lost-stolen`) | `no-board` |
//! | a foreigner whom the entry rules do not admit and who declares no Chinese visa (`visa-required`) | `no-board` |
//! | a watchlist hit (`watchlist-hit`), or entry rules that cannot be applied (`rules-unavailable`) | `refer` |
//! | nothing of the above | `board` |
//!
//! `refer` wins over `no-board`: when an officer has to look at a person anyway, the carrier is told to
//! contact the authority, and the officer gives the answer. The system never refuses anyone by itself
//! (guide invariant 4): `no-board` is advice to the carrier, with its legal basis, which an officer can
//! override. Watchlist entries marked `notify` do not change the advice; they become notices.
//!
//! Carriers see only [`PreArrival::for_carrier`]: the reason codes with plain texts and, for `no-board`,
//! the legal basis. Which watchlist entry matched, and why, is for officers only — telling a carrier would
//! tip off the person sought.
//!
//! Ports that are not in the State's registry (a manifest for a flight that does not end here) get no
//! entry-rule check; crew members and passengers in direct transit neither, since the passengers' entry
//! schemes are not theirs; nor does a person without a document to travel on (the rules would only
//! repeat that, as "visa required"). A Chinese visa declared on the manifest (DOC type `V`) lifts a
//! `visa-required` finding: its category cannot be read from a manifest, so the officer checks it on
//! arrival (a notice says so).

use domain::{Category, Direction, Lane};
use jiff::Timestamp;
use jiff::civil::Date;
use paxlst::{Decision, LocalDateTime, Message, Person, Role};
use serde::Serialize;

use crate::{
    Acc, Ctx, DocumentInput, Engines, HolderFacts, InspectionRequest, Reading, Reason, ReasonCode, Step,
    Travel, TravellerFacts, category_of, port_time_zone, step_admissibility, step_expiry, step_lost_stolen,
    step_watchlist,
};

/// The steps of a pre-arrival decision, in order.
pub const PREARRIVAL_STEPS: &[&str] = &["document", "expiry", "lost-stolen", "watchlist", "admissibility"];

/// The flight a manifest announces, as the decision needs it: who flies it, where it arrives in this
/// State, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArrivingFlight {
    /// Carrier code of the flight (its first leg).
    pub carrier: String,
    /// Flight number without the carrier code (its first leg).
    pub number: String,
    /// Where the first leg departs.
    pub departure_port: Option<String>,
    /// Local time of departure there.
    pub departure_local: Option<LocalDateTime>,
    /// The port of arrival: the registry code when the port is one of the State's, else as sent.
    pub port: String,
    /// Whether `port` is in the State's port registry.
    pub registered: bool,
    /// Local time of arrival at `port`, as sent.
    pub arrival_local: Option<LocalDateTime>,
    /// The instant of arrival (the local time in the port's zone), or the fallback when none is sent.
    pub arrival: Timestamp,
}

impl ArrivingFlight {
    /// The local day of arrival at the port.
    pub fn arrival_day(&self) -> Date {
        let (_, tz) = port_time_zone(&self.port);
        self.arrival.to_zoned(tz).date()
    }

    /// The day the flight departs (the schedule date carriers name flights by), else the arrival day.
    pub fn departure_day(&self) -> Date {
        self.departure_local.map_or_else(|| self.arrival_day(), |t| t.0.date())
    }
}

/// The flight of a PAXLST message: the carrier and number of its first leg, and the first leg that
/// arrives at a port of the State (the last leg when none does). `fallback` is the arrival instant when
/// the message gives no arrival time (e.g. the time it was received). `None` when the message names no
/// flight at all.
///
/// ```
/// let text = include_str!("../../paxlst/tests/data/guide_example_5.3.edi");
/// let report = paxlst::parse(text, &paxlst::Options::lenient(jiff::civil::date(2014, 7, 8)));
/// let flight = clearance::arriving_flight(&report.messages[0], jiff::Timestamp::UNIX_EPOCH).unwrap();
/// // BCN → IAD → SFO: no leg arrives in China, so the last one counts.
/// assert_eq!((flight.carrier.as_str(), flight.number.as_str(), flight.port.as_str()), ("XZ", "877", "SFO"));
/// assert!(!flight.registered);
/// ```
pub fn arriving_flight(message: &Message, fallback: Timestamp) -> Option<ArrivingFlight> {
    let legs: Vec<&paxlst::Leg> =
        if message.legs.is_empty() { message.flight.iter().collect() } else { message.legs.iter().collect() };
    let first = message.flight.as_ref().or_else(|| legs.first().copied())?;
    let registered_leg =
        legs.iter().find(|l| l.arrival.port.as_deref().and_then(codes::port).is_some()).copied();
    let leg = registered_leg.or_else(|| legs.last().copied()).unwrap_or(first);
    let sent_port = leg.arrival.port.as_deref().unwrap_or_default();
    let registry = codes::port(sent_port);
    let port = registry.map_or_else(|| sent_port.to_owned(), |p| p.code.clone());
    let (_, tz) = port_time_zone(&port);
    let arrival = leg.arrival.time.and_then(|t| t.0.to_zoned(tz).ok()).map_or(fallback, |z| z.timestamp());
    Some(ArrivingFlight {
        carrier: first.carrier.to_string(),
        number: first.number.to_string(),
        departure_port: first.departure.port.as_ref().map(ToString::to_string),
        departure_local: first.departure.time,
        port,
        registered: registry.is_some(),
        arrival_local: leg.arrival.time,
        arrival,
    })
}

/// A reason as the carrier is told it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CarrierReason {
    pub code: ReasonCode,
    /// A plain text without watchlist details (carriers show it to their agents).
    pub message: &'static str,
    /// The article the advice rests on (for `no-board`); `None` for referrals.
    pub legal_basis: Option<String>,
}

/// The decision for one person.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PreArrival {
    /// `board`, `no-board` or `refer`.
    pub verdict: Decision,
    /// Every reason, with the officer's messages and legal basis.
    pub reasons: Vec<Reason>,
    /// Non-blocking notes for officers (a `notify` watchlist entry, a declared visa).
    pub notices: Vec<String>,
    /// How each step went.
    pub steps: Vec<Step>,
    /// The watchlist hits with their explanations (for officers only).
    pub hits: Vec<screening::Hit>,
    /// The statistical category of the person's document, when there is one.
    pub category: Option<Category>,
}

/// The advice a reason leads to on its own.
pub fn advice_for(code: ReasonCode) -> Decision {
    match code {
        ReasonCode::DocumentInvalid
        | ReasonCode::DocumentExpired
        | ReasonCode::DocumentLostStolen
        | ReasonCode::VisaRequired => Decision::NoBoard,
        // An officer decides: a watchlist hit, rules that could not be applied, and anything else.
        ReasonCode::WatchlistHit
        | ReasonCode::RulesUnavailable
        | ReasonCode::ExitBan
        | ReasonCode::Overstay
        | ReasonCode::EgateNotEligible => Decision::Refer,
    }
}

/// What the carrier is told for a reason.
pub fn carrier_message(code: ReasonCode) -> &'static str {
    match code {
        ReasonCode::DocumentInvalid => "no valid travel document is given for this person",
        ReasonCode::DocumentExpired => "the travel document expires before the day of arrival",
        ReasonCode::DocumentLostStolen => "the travel document is reported lost or stolen",
        ReasonCode::VisaRequired => {
            "a visa or residence permit is required for entry and none is declared on the manifest"
        }
        _ => "contact the border authority before boarding: an officer decides",
    }
}

impl PreArrival {
    /// The reasons as the carrier may see them: one per code, plain texts, and the legal basis only for
    /// `no-board` advice.
    pub fn for_carrier(&self) -> Vec<CarrierReason> {
        let mut out: Vec<CarrierReason> = Vec::new();
        for r in &self.reasons {
            if out.iter().any(|c| c.code == r.code) {
                continue;
            }
            let no_board = advice_for(r.code) == Decision::NoBoard;
            out.push(CarrierReason {
                code: r.code,
                message: carrier_message(r.code),
                legal_basis: if no_board { r.legal_basis.clone() } else { None },
            });
        }
        out
    }
}

/// A key for the person's name in the form the store links documents by: `PRIMARY<<SECONDARY` with
/// ICAO 9303 transliteration and punctuation rules, as a machine-readable zone would write it.
///
/// ```
/// let mut p = paxlst::Person::new(paxlst::Role::Passenger, "O'KALO-MEN");
/// p.given_names = Some("ANNA MARIA".into());
/// assert_eq!(clearance::manifest_name_key(&p), "OKALO<MEN<<ANNA<MARIA");
/// ```
pub fn manifest_name_key(person: &Person) -> String {
    let part = |text: &str| -> String {
        match mrz::name_component(text, mrz::Field::Name, mrz::Language::Default) {
            Ok(bytes) => bytes.into_iter().map(char::from).collect(),
            // Digits or unmapped letters: keep what can be compared.
            Err(_) => text
                .chars()
                .filter(|c| c.is_ascii_alphabetic() || *c == ' ')
                .map(|c| if c == ' ' { '<' } else { c.to_ascii_uppercase() })
                .collect(),
        }
    };
    format!("{}<<{}", part(&person.surname), part(person.given_names.as_deref().unwrap_or("")))
}

/// The person's travel document: the first that is not a visa.
fn travel_document(person: &Person) -> Option<&paxlst::Document> {
    person.documents.iter().find(|d| !d.doc_type.eq_ignore_ascii_case("V"))
}

/// The person's nationality as an ICAO code: NAT, else the document's issuing country.
fn nationality_of(person: &Person) -> Option<String> {
    person
        .nationality
        .as_deref()
        .or_else(|| travel_document(person).and_then(|d| d.issuing_country.as_deref()))
        .map(screening::normalize_nationality)
        .filter(|n| !n.is_empty())
}

fn holder_of(person: &Person) -> Option<HolderFacts> {
    let doc = travel_document(person)?;
    let nationality = nationality_of(person).unwrap_or_default();
    let issuer = doc
        .issuing_country
        .as_deref()
        .map(screening::normalize_nationality)
        .unwrap_or_else(|| nationality.clone());
    Some(HolderFacts {
        category: category_of(&issuer, &nationality),
        issuer,
        number: screening::normalize_document_number(&doc.number),
        // The decision reads the document code only to tell diplomatic and official passports apart,
        // which a manifest does not; an ordinary passport's code is the honest default.
        document_code: if doc.doc_type.eq_ignore_ascii_case("P") {
            "P".into()
        } else {
            doc.doc_type.to_string()
        },
        expiry: doc.expiry.map(|d| d.to_string()),
        nationality,
        birth_date: person.birth_date.map(|d| d.to_string()),
        sex: person.sex.as_ref().map(ToString::to_string).filter(|s| s == "M" || s == "F" || s == "X"),
        name_key: manifest_name_key(person),
    })
}

fn query_of(person: &Person) -> screening::Query {
    screening::Query {
        name: None,
        primary: Some(person.surname.to_string()),
        secondary: person.given_names.as_ref().map(ToString::to_string),
        birth_date: person.birth_date.map(screening::BirthDate::Day),
        sex: match person.sex.as_deref() {
            Some("M") => Some(screening::Sex::Male),
            Some("F") => Some(screening::Sex::Female),
            _ => None,
        },
        nationality: nationality_of(person),
        document_number: travel_document(person).map(|d| d.number.to_string()),
        traveller_key: None,
    }
}

/// The manifest's own document check: there must be a travel document with a number. (Its expiry is
/// the shared expiry step's.)
fn step_manifest_document(ctx: &Ctx<'_>, person: &Person, acc: &mut Acc) {
    let problem = match travel_document(person) {
        None if person.documents.is_empty() => Some("the manifest gives no travel document".to_owned()),
        None => Some("the manifest gives only a visa, no travel document".to_owned()),
        Some(d) if screening::normalize_document_number(&d.number).is_empty() => {
            Some("the travel document has no number".to_owned())
        }
        Some(_) => None,
    };
    match problem {
        None => {
            let d = travel_document(person);
            acc.step(
                "document",
                "pass",
                format!(
                    "travel document type {} issued by {}",
                    d.map_or("-", |d| d.doc_type.as_str()),
                    d.and_then(|d| d.issuing_country.as_deref()).unwrap_or("an unnamed country"),
                ),
            );
        }
        Some(p) => {
            acc.step("document", "fail", p.clone());
            acc.refer(
                ReasonCode::DocumentInvalid,
                format!("no valid travel document: {p}"),
                "舱单未载明有效出入境证件".to_owned(),
                Some(super::no_document_basis(ctx)),
            );
        }
    }
}

/// A Chinese visa declared on the manifest (DOC type `V` issued by CHN, not expired on arrival): the
/// entry rules cannot check its category from a manifest, so the officer at arrival does, and the
/// carrier is not told to refuse boarding.
fn declared_visa(person: &Person, day: Date) -> Option<&paxlst::Document> {
    person.documents.iter().find(|d| {
        d.doc_type.eq_ignore_ascii_case("V")
            && d.issuing_country.as_deref().map(screening::normalize_nationality).as_deref() == Some("CHN")
            && d.expiry.is_none_or(|e| e >= day)
    })
}

/// Decides for every person of a manifest arriving on `flight`.
///
/// ```
/// use paxlst::Decision;
/// let rules = policy::RuleSet::china().unwrap();
/// let index = screening::Index::new();
/// let engines = clearance::Engines::new(&rules, &index);
/// let report = paxlst::parse(paxlst::synth::manifest(7, 3), &paxlst::Options::lenient(jiff::civil::date(2026, 3, 1)));
/// let message = &report.messages[0];
/// let flight = clearance::arriving_flight(message, jiff::Timestamp::UNIX_EPOCH).unwrap();
/// let decisions = clearance::prearrival_all(&message.persons, &flight, &engines);
/// assert_eq!(decisions.len(), 3);
/// for d in &decisions {
///     // Every no-board carries its reason and legal basis.
///     if d.verdict == Decision::NoBoard {
///         assert!(d.for_carrier().iter().all(|r| r.legal_basis.is_some()));
///     }
/// }
/// ```
pub fn prearrival_all(persons: &[Person], flight: &ArrivingFlight, engines: &Engines<'_>) -> Vec<PreArrival> {
    let (port, time_zone) = port_time_zone(&flight.port);
    let day = flight.arrival.to_zoned(time_zone.clone()).date();
    let req = InspectionRequest {
        port: flight.port.clone(),
        lane: Lane::Manual,
        direction: Direction::Entry,
        document: DocumentInput {
            mrz: Vec::new(),
            lenient: false,
            visa: None,
            residence_permit: None,
            supporting: Vec::new(),
        },
        travel: Travel {
            carrier: Some(flight.carrier.clone()),
            flight: Some(format!("{}{}", flight.carrier, flight.number)),
            ..Travel::default()
        },
        at: Some(flight.arrival),
        idempotency_key: None,
    };
    // A manifest has no machine-readable zone: the reading carries an empty report, which none of the
    // steps run here reads (the expiry comes from the manifest's DTM 36 through `Ctx::expiry`).
    let mut reading = Reading {
        report: mrz::parse(&[], &mrz::ParseOptions::new(day)),
        holder: None,
        time_zone,
        day,
        port: port.filter(|_| flight.registered),
    };
    let facts = TravellerFacts::default();
    let sctx = screening::ScreenContext { config: engines.matching, as_of: Some(day), dispositions: None };
    persons
        .iter()
        .map(|person| {
            reading.holder = holder_of(person);
            let screening = engines.watchlist.screen(&query_of(person), &sctx);
            let expiry = travel_document(person).and_then(|d| d.expiry);
            let ctx = Ctx {
                req: &req,
                at: flight.arrival,
                reading: &reading,
                facts: &facts,
                engines,
                screening,
                expiry,
            };
            decide_one(&ctx, person, flight)
        })
        .collect()
}

/// [`prearrival_all`] spread over `threads` threads (a long manifest on a many-core server): the persons
/// are cut into as many contiguous slices, decided side by side, and the answers come back in the
/// manifest's order — the same answers as one thread gives.
pub fn prearrival_parallel(
    persons: &[Person],
    flight: &ArrivingFlight,
    engines: &Engines<'_>,
    threads: usize,
) -> Vec<PreArrival> {
    let threads = threads.clamp(1, persons.len().max(1));
    if threads == 1 {
        return prearrival_all(persons, flight, engines);
    }
    let chunk = persons.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = persons
            .chunks(chunk)
            .map(|slice| scope.spawn(move || prearrival_all(slice, flight, engines)))
            .collect();
        let mut out = Vec::with_capacity(persons.len());
        for h in handles {
            // A panic in a slice is the same panic as on one thread.
            out.extend(h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
        }
        out
    })
}

/// Decides for one person (see [`prearrival_all`], which shares its set-up across a manifest).
pub fn prearrival(person: &Person, flight: &ArrivingFlight, engines: &Engines<'_>) -> PreArrival {
    prearrival_all(std::slice::from_ref(person), flight, engines).pop().unwrap_or_else(|| PreArrival {
        verdict: Decision::Refer,
        reasons: Vec::new(),
        notices: Vec::new(),
        steps: Vec::new(),
        hits: Vec::new(),
        category: None,
    })
}

fn decide_one(ctx: &Ctx<'_>, person: &Person, flight: &ArrivingFlight) -> PreArrival {
    let mut acc = Acc::default();
    step_manifest_document(ctx, person, &mut acc);
    step_expiry(ctx, &mut acc);
    step_lost_stolen(ctx, &mut acc);
    step_watchlist(ctx, &mut acc);
    let unusable = acc.reasons.iter().any(|r| {
        matches!(
            r.code,
            ReasonCode::DocumentInvalid | ReasonCode::DocumentExpired | ReasonCode::DocumentLostStolen
        )
    });
    match person.role {
        // Without a document the person can travel on, the entry rules would only repeat that (and call
        // it "visa required"): they are applied once a valid document is sent.
        _ if unusable => {
            acc.step(
                "admissibility",
                "skip",
                "no document the person can travel on: the entry rules wait for one",
            );
        }
        _ if !flight.registered => acc.step(
            "admissibility",
            "skip",
            format!("{} is not a port of this State: its entry rules do not apply", flight.port),
        ),
        Role::Crew | Role::TransitCrew => {
            acc.step("admissibility", "skip", "a crew member: the passengers' entry schemes do not apply");
        }
        Role::TransitPassenger => {
            acc.step("admissibility", "skip", "in direct transit: the passenger does not enter");
        }
        Role::Passenger => step_admissibility(ctx, &mut acc),
    }
    if acc.reasons.iter().any(|r| r.code == ReasonCode::VisaRequired)
        && let Some(visa) = declared_visa(person, ctx.reading.day)
    {
        acc.reasons.retain(|r| r.code != ReasonCode::VisaRequired);
        let expiry = visa.expiry.map_or_else(String::new, |e| format!(", valid until {e}"));
        acc.step("admissibility", "notice", format!("a Chinese visa is declared on the manifest{expiry}"));
        acc.notices.push(format!(
            "a Chinese visa (number {}{expiry}) is declared on the manifest: check its category on arrival",
            visa.number
        ));
    }
    let verdict = if acc.reasons.iter().any(|r| advice_for(r.code) == Decision::Refer) {
        Decision::Refer
    } else if acc.reasons.is_empty() {
        Decision::Board
    } else {
        Decision::NoBoard
    };
    PreArrival {
        verdict,
        reasons: acc.reasons,
        notices: acc.notices,
        steps: acc.steps,
        hits: ctx.screening.hits.clone(),
        category: ctx.reading.holder.as_ref().map(|h| h.category),
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;
    use paxlst::{Decision, Document, Leg, LocalDateTime, Person, Role, Stop};

    use super::*;

    fn watchlist() -> screening::Index {
        let csv = "id,names,birth_date,sex,nationalities,document_numbers,alert_type,action,valid_from,valid_to,list\n\
                   W1,TESTOVA VALENTINA,1980-05-06,F,FRA,,wanted,refer,,,demo\n\
                   S1,Qwertz Asdfgh,,,,LOST12345,lost-stolen-document,deny,,,sltd\n\
                   N1,NOTIFYSON PAUL,1970-01-01,M,GBR,,notify,notify,,,demo\n";
        let entries =
            screening::import(csv, screening::ImportFormat::Csv, &screening::ImportOptions::default())
                .unwrap()
                .entries;
        screening::Index::build(entries).unwrap()
    }

    fn flight(port: &str) -> ArrivingFlight {
        let local = LocalDateTime(date(2026, 12, 1).at(18, 30, 0, 0));
        let message = paxlst::Message {
            reference: "1".into(),
            list_type: paxlst::ListType::Passenger,
            version: "D15B".into(),
            flight: Some(Leg {
                carrier: "MU".into(),
                number: "552".into(),
                departure: Stop { port: Some("CDG".into()), time: Some(local), qualifier: None },
                arrival: Stop { port: Some(port.into()), time: Some(local), qualifier: None },
                overflight: false,
            }),
            declared_count: None,
            persons: Vec::new(),
            document_code: "745".into(),
            message_function: paxlst::MessageFunction::Original,
            function_code: None,
            group: None,
            common_access_reference: None,
            sequence: None,
            transaction_reference: None,
            reporting_party: None,
            legs: Vec::new(),
            segments: [0, 0],
        };
        arriving_flight(&message, Timestamp::UNIX_EPOCH).unwrap()
    }

    fn person(surname: &str, given: &str, nationality: &str, doc: Option<(&str, &str, Date)>) -> Person {
        let mut p = Person::new(Role::Passenger, surname);
        p.given_names = Some(given.into());
        p.birth_date = Some(date(1980, 5, 6));
        p.sex = Some("F".into());
        p.nationality = Some(nationality.into());
        if let Some((kind, number, expiry)) = doc {
            p.documents.push(Document {
                doc_type: kind.into(),
                number: number.into(),
                expiry: Some(expiry),
                issuing_country: Some(nationality.into()),
                issue_date: None,
            });
        }
        p
    }

    #[test]
    fn parallel_gives_the_same_answers_in_the_same_order() {
        let rules = policy::RuleSet::china().unwrap();
        let index = watchlist();
        let engines = Engines::new(&rules, &index);
        let valid = date(2030, 1, 1);
        let persons: Vec<Person> = (0..37)
            .map(|i| match i % 3 {
                0 => person("TESTOVA", "VALENTINA", "FRA", Some(("P", &format!("FR{i:07}"), valid))),
                1 => person("MARTIN", "CLAIRE", "FRA", None),
                _ => person("WANG", "FANG", "CHN", Some(("P", &format!("E{i:08}"), valid))),
            })
            .collect();
        let f = flight("PVG");
        let one = prearrival_all(&persons, &f, &engines);
        for threads in [1, 2, 3, 8, 100] {
            let many = prearrival_parallel(&persons, &f, &engines, threads);
            assert_eq!(many.len(), one.len(), "{threads} threads");
            for (a, b) in one.iter().zip(&many) {
                assert_eq!(a.verdict, b.verdict, "{threads} threads");
                assert_eq!(a.hits.len(), b.hits.len(), "{threads} threads");
            }
        }
        assert!(one.iter().any(|p| !p.hits.is_empty()) && one.iter().any(|p| p.verdict == Decision::NoBoard));
        assert!(prearrival_parallel(&[], &f, &engines, 4).is_empty());
    }

    #[test]
    fn verdicts_reasons_and_what_the_carrier_sees() {
        let rules = policy::RuleSet::china().unwrap();
        let index = watchlist();
        let engines = Engines::new(&rules, &index);
        let valid = date(2030, 1, 1);
        let mut visa_holder = person("DOE", "JANE", "UTO", Some(("P", "UTO123456", valid)));
        visa_holder.documents.push(Document {
            doc_type: "V".into(),
            number: "CN998877".into(),
            expiry: Some(date(2027, 1, 1)),
            issuing_country: Some("CHN".into()),
            issue_date: None,
        });
        let mut crew = person("PILOTOVA", "ANNA", "UTO", Some(("P", "UTO000111", valid)));
        crew.role = Role::Crew;
        // (case, port, person, expected verdict, expected reason codes)
        let cases: Vec<(&str, &str, Person, Decision, Vec<&str>)> = vec![
            (
                "French tourist, visa-free",
                "PVG",
                person("MARTIN", "CLAIRE", "FRA", Some(("P", "FR1234567", valid))),
                Decision::Board,
                vec![],
            ),
            (
                "Chinese citizen",
                "PVG",
                person("WANG", "FANG", "CHN", Some(("P", "E12345678", valid))),
                Decision::Board,
                vec![],
            ),
            (
                "no document",
                "PVG",
                person("MARTIN", "CLAIRE", "FRA", None),
                Decision::NoBoard,
                vec!["document-invalid"],
            ),
            (
                "expired passport",
                "PVG",
                person("MARTIN", "CLAIRE", "FRA", Some(("P", "FR1234567", date(2026, 11, 30)))),
                Decision::NoBoard,
                vec!["document-expired"],
            ),
            (
                "lost or stolen",
                "PVG",
                person("MARTIN", "CLAIRE", "FRA", Some(("P", "LOST12345", valid))),
                Decision::NoBoard,
                vec!["document-lost-stolen"],
            ),
            (
                "visa required",
                "PVG",
                person("DOE", "JANE", "UTO", Some(("P", "UTO123456", valid))),
                Decision::NoBoard,
                vec!["visa-required"],
            ),
            ("visa declared", "PVG", visa_holder, Decision::Board, vec![]),
            ("crew member", "PVG", crew, Decision::Board, vec![]),
            (
                "wanted",
                "PVG",
                person("TESTOVA", "VALENTINA", "FRA", Some(("P", "FR7654321", valid))),
                Decision::Refer,
                vec!["watchlist-hit"],
            ),
            (
                "wanted, expired passport",
                "PVG",
                person("TESTOVA", "VALENTINA", "FRA", Some(("P", "FR7654321", date(2020, 1, 1)))),
                Decision::Refer,
                vec!["document-expired", "watchlist-hit"],
            ),
            (
                "foreign port: no entry rules",
                "SFO",
                person("DOE", "JANE", "UTO", Some(("P", "UTO123456", valid))),
                Decision::Board,
                vec![],
            ),
        ];
        for (name, port, p, verdict, codes) in cases {
            let d = prearrival(&p, &flight(port), &engines);
            let got: Vec<&str> = d.reasons.iter().map(|r| r.code.as_str()).collect();
            assert_eq!((d.verdict, got), (verdict, codes), "{name}: {:#?}", d.steps);
            let steps: Vec<&str> = d.steps.iter().map(|s| s.step).collect();
            assert!(PREARRIVAL_STEPS.iter().all(|s| steps.contains(s)), "{name}: {steps:?}");
            for r in d.for_carrier() {
                // Carriers never learn which list or entry matched.
                assert!(!r.message.contains("W1") && !r.message.contains("demo"), "{name}");
                assert_eq!(r.legal_basis.is_some(), advice_for(r.code) == Decision::NoBoard, "{name}: {r:?}");
            }
        }
        // The officer sees the hit and its explanation.
        let d = prearrival(
            &person("TESTOVA", "VALENTINA", "FRA", Some(("P", "FR7654321", valid))),
            &flight("PVG"),
            &engines,
        );
        assert_eq!(d.hits[0].id, "W1");
        // A notify entry is a notice, not a reason.
        let mut p = person("NOTIFYSON", "PAUL", "GBR", Some(("P", "GB1234567", valid)));
        p.sex = Some("M".into());
        p.birth_date = Some(date(1970, 1, 1));
        let d = prearrival(&p, &flight("PVG"), &engines);
        assert!(d.notices.iter().any(|n| n.contains("N1")), "{:?}", d);
    }

    #[test]
    fn the_flight_of_each_guide_example() {
        for (file, today, carrier, port) in [
            (include_str!("../../paxlst/tests/data/guide_example_5.1.edi"), date(2013, 6, 20), "ZZ", "HNL"),
            (include_str!("../../paxlst/tests/data/guide_example_5.2.edi"), date(2013, 6, 20), "ZZ", "HNL"),
            (include_str!("../../paxlst/tests/data/guide_example_5.3.edi"), date(2014, 7, 8), "XZ", "SFO"),
        ] {
            let report = paxlst::parse(file, &paxlst::Options::lenient(today));
            let f = arriving_flight(&report.messages[0], Timestamp::UNIX_EPOCH).unwrap();
            assert_eq!((f.carrier.as_str(), f.port.as_str(), f.registered), (carrier, port, false));
            assert!(f.arrival_local.is_some() && f.arrival != Timestamp::UNIX_EPOCH);
        }
        // A registered port is named by its registry code and its local time read in its zone.
        let f = flight("pvg");
        assert_eq!((f.port.as_str(), f.registered), ("PVG", true));
        assert_eq!(f.arrival.to_string(), "2026-12-01T10:30:00Z");
        assert_eq!(f.arrival_day(), date(2026, 12, 1));
    }
}
