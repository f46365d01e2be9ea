//! A deterministic generator of synthetic manifests for tests, benchmarks and demos: invented names
//! only, from a seeded SplitMix64 generator (no randomness source is read).
//!
//! ```
//! let a = paxlst::synth::manifest(7, 3);
//! assert_eq!(a, paxlst::synth::manifest(7, 3)); // same seed, same text
//! let report = paxlst::parse(&a, &paxlst::Options::lenient(jiff::civil::date(2026, 1, 1)));
//! assert!(report.errors.is_empty() && report.warnings.is_empty());
//! assert_eq!(report.messages[0].persons.len(), 3);
//! ```

use jiff::ToSpan;
use jiff::civil::{Date, date};
use smol_str::SmolStr;

use crate::model::{
    Document, GroupInfo, InterchangeInfo, Leg, ListType, LocalDateTime, ManifestJson, Message,
    MessageFunction, Person, ReportingParty, Role, Stop,
};

/// SplitMix64: tiny, fast, and good enough to vary synthetic data.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next_u64() % n }
    }

    /// One item of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(usize::try_from(self.below(items.len() as u64)).unwrap_or(0))
    }
}

const SYLLABLES: [&str; 24] = [
    "KA", "LO", "MEN", "TAR", "VI", "SO", "RAN", "DEL", "BRI", "NO", "ZAL", "FEN", "QUI", "MOR", "TES",
    "LIA", "GOR", "PAN", "XU", "WEN", "HAO", "RIK", "SEL", "DUR",
];
const GIVEN: [&str; 16] = [
    "ALDA", "BORIS", "CELINE", "DARIO", "ELKA", "FAROUK", "GRETA", "HUGO", "IRINA", "JONAS", "KEIKO", "LIAM",
    "MEIXI", "NUNO", "OLGA", "PAVEL",
];
const COUNTRIES: [&str; 10] = ["UTO", "UTO", "CHN", "GBR", "FRA", "DEU", "JPN", "KOR", "AUS", "CAN"];
const PORTS: [&str; 10] = ["PVG", "PEK", "CAN", "SZX", "CTU", "SYD", "LHR", "FRA", "NRT", "SIN"];
const CARRIERS: [&str; 4] = ["ZZ", "XZ", "QQ", "YY"];

fn pick(rng: &mut Rng, items: &[&str]) -> String {
    rng.pick(items).copied().unwrap_or_default().to_owned()
}

fn surname(rng: &mut Rng) -> String {
    let n = 2 + rng.below(2);
    let mut s: String = (0..n).map(|_| pick(rng, &SYLLABLES)).collect();
    // Some names carry an apostrophe, which the writer must release (O?'…).
    if rng.below(12) == 0 {
        s.insert_str(0, "O'");
    }
    s
}

fn alnum(rng: &mut Rng, len: usize) -> String {
    const CHARS: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";
    (0..len)
        .map(|_| {
            char::from(
                CHARS
                    .get(usize::try_from(rng.below(CHARS.len() as u64)).unwrap_or(0))
                    .copied()
                    .unwrap_or(b'A'),
            )
        })
        .collect()
}

fn days(rng: &mut Rng, from: Date, span_days: i64) -> Date {
    let offset = i64::try_from(rng.below(u64::try_from(span_days.max(1)).unwrap_or(1))).unwrap_or(0);
    from.checked_add(offset.days()).unwrap_or(from)
}

/// A synthetic person travelling `from` → `to` on `day`.
pub fn person(rng: &mut Rng, role: Role, from: &str, to: &str, day: Date) -> Person {
    let mut p = Person::new(role, surname(rng));
    let mut given = pick(rng, &GIVEN);
    if rng.below(3) == 0 {
        given.push(' ');
        given.push_str(&pick(rng, &GIVEN));
    }
    p.given_names = Some(given.into());
    p.sex = Some(pick(rng, &["M", "F", "F", "M", "X"]).into());
    let earliest = day.checked_sub(90.years()).unwrap_or(day);
    p.birth_date = Some(days(rng, earliest, 89 * 365));
    let nationality = SmolStr::from(pick(rng, &COUNTRIES));
    p.nationality = Some(nationality.clone());
    p.residence = Some(nationality.clone());
    p.embarkation = Some(from.into());
    p.debarkation = Some(to.into());
    p.clearance = Some(to.into());
    if role.is_crew() {
        p.crew_role = Some(pick(rng, &["CR1", "CR2", "CR3"]).into());
    } else {
        p.pnr = Some(alnum(rng, 6).into());
        p.passenger_reference = Some(alnum(rng, 10).into());
        p.seat = Some(format!("{}{}", 1 + rng.below(60), pick(rng, &["A", "B", "C", "D", "E", "F"])).into());
    }
    let expiry = days(rng, day, 10 * 365);
    p.documents.push(Document {
        doc_type: "P".into(),
        number: alnum(rng, 9).into(),
        expiry: Some(expiry),
        issuing_country: Some(nationality),
        issue_date: expiry.checked_sub(10.years()).ok(),
    });
    p
}

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynthOptions {
    /// Seed of the generator: the same options give the same manifest.
    pub seed: u64,
    /// Number of messages (flights).
    pub messages: usize,
    /// Persons per message.
    pub persons_per_message: usize,
    /// Whether to wrap the messages in one functional group (UNG/UNE). pydifact cannot read groups.
    pub groups: bool,
    /// Every n-th message is a crew list (0: none).
    pub crew_every: usize,
    /// The first flight's date; later flights follow day by day.
    pub start: Date,
}

impl Default for SynthOptions {
    fn default() -> Self {
        SynthOptions {
            seed: 1,
            messages: 1,
            persons_per_message: 10,
            groups: true,
            crew_every: 0,
            start: date(2026, 3, 1),
        }
    }
}

/// A synthetic manifest as the builder's input.
pub fn interchange(options: &SynthOptions) -> ManifestJson {
    let mut rng = Rng::new(options.seed);
    let prepared = LocalDateTime(options.start.at(6, 0, 0, 0));
    let mut groups = Vec::new();
    if options.groups {
        groups.push(GroupInfo {
            reference: format!("{}", 1 + rng.below(99_999)),
            sender: "ZZAIRLINE".into(),
            recipient: "GUOMEN".into(),
            prepared: Some(prepared),
            version: "D15B".into(),
        });
    }
    let mut messages = Vec::with_capacity(options.messages);
    for i in 0..options.messages {
        let crew = options.crew_every > 0 && (i + 1) % options.crew_every == 0;
        let day = options.start.checked_add(i64::try_from(i).unwrap_or(0).days()).unwrap_or(options.start);
        let from = pick(&mut rng, &PORTS);
        let to = if from == "PVG" { "PEK".to_owned() } else { "PVG".to_owned() };
        let carrier = pick(&mut rng, &CARRIERS);
        let hour = i8::try_from(rng.below(20)).unwrap_or(0);
        let departure = day.at(hour, 5, 0, 0);
        let arrival = departure.checked_add(((3 + rng.below(9)) as i64).hours()).unwrap_or(departure);
        let leg = Leg {
            carrier: carrier.as_str().into(),
            number: format!("{}", 100 + rng.below(9_000)).into(),
            departure: Stop {
                port: Some(from.as_str().into()),
                time: Some(LocalDateTime(departure)),
                qualifier: Some("125".into()),
            },
            arrival: Stop {
                port: Some(to.as_str().into()),
                time: Some(LocalDateTime(arrival)),
                qualifier: Some("87".into()),
            },
            overflight: false,
        };
        let role = if crew { Role::Crew } else { Role::Passenger };
        let persons: Vec<Person> =
            (0..options.persons_per_message).map(|_| person(&mut rng, role, &from, &to, day)).collect();
        messages.push(Message {
            reference: format!("M{}", i + 1),
            list_type: if crew { ListType::Crew } else { ListType::Passenger },
            version: "D15B".into(),
            flight: Some(leg.clone()),
            declared_count: Some(u32::try_from(persons.len()).unwrap_or(u32::MAX)),
            persons,
            document_code: if crew { "250".into() } else { "745".into() },
            message_function: MessageFunction::Original,
            function_code: None,
            group: if options.groups { Some(0) } else { None },
            common_access_reference: None,
            sequence: None,
            transaction_reference: Some(alnum(&mut rng, 10)),
            reporting_party: Some(ReportingParty {
                id: None,
                surname: Some("APIS DESK".into()),
                given_names: None,
                contacts: vec![crate::model::Contact {
                    number: "0000 000000".into(),
                    channel: Some("TE".into()),
                }],
            }),
            legs: vec![leg],
            segments: [0, 0],
        });
    }
    ManifestJson {
        interchange: InterchangeInfo {
            syntax: "UNOA".into(),
            syntax_version: 4,
            sender: "ZZAIRLINE".into(),
            recipient: "GUOMEN".into(),
            prepared: Some(prepared),
            control_reference: format!("{}", 1 + rng.below(999_999_999)),
            groups,
        },
        messages,
    }
}

/// A synthetic one-flight passenger manifest as the builder's input.
pub fn manifest_json(seed: u64, persons: usize) -> ManifestJson {
    interchange(&SynthOptions { seed, persons_per_message: persons, ..SynthOptions::default() })
}

/// A synthetic one-flight passenger manifest as EDIFACT text (with UNG/UNE).
pub fn manifest(seed: u64, persons: usize) -> String {
    text(&manifest_json(seed, persons))
}

/// Writes a synthetic manifest. Cannot fail: the default separators can release every character.
pub fn text(manifest: &ManifestJson) -> String {
    crate::make(manifest).unwrap_or_default()
}
