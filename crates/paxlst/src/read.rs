//! Reading PAXLST: envelope events from the `edifact` crate in, the typed manifest and its positioned
//! errors and warnings out.
//!
//! Values are trimmed of ASCII whitespace at both ends before they are interpreted (the guide itself
//! prints `DTM+232: 1306212200:201` and `NAD+FM+++CLARK:MICHAEL+ 2365 …`); an empty value counts as
//! absent. Nothing else is changed.

use edifact::{Event, FieldIndex, Parser, RawSegment, RawValue};
use jiff::civil::Date;
use smol_str::{SmolStr, SmolStrBuilder};

use crate::date::{Century, parse_date, parse_datetime};
use crate::model::{
    Address, Contact, Document, GroupInfo, InterchangeInfo, Issue, Leg, ListType, LocalDateTime, Message,
    MessageFunction, Person, ReportingParty, Role, Sequence, Stop,
};
use crate::{Options, Report};

/// A segment with its field index, so every value is found in constant time.
#[derive(Debug, Clone, Copy)]
struct Seg<'s, 'a> {
    raw: &'s RawSegment<'a>,
    index: &'s FieldIndex,
}

impl<'a> Seg<'_, 'a> {
    fn tag(&self) -> &'a str {
        self.raw.tag()
    }

    fn number(&self) -> u32 {
        self.raw.number()
    }

    fn offset(&self) -> usize {
        self.raw.offset()
    }

    fn end(&self) -> usize {
        self.raw.end()
    }

    fn get(&self, e: usize, c: usize) -> Option<RawValue<'a>> {
        self.index.get(self.raw, e, c)
    }

    fn element_count(&self) -> usize {
        self.index.elements()
    }
}

/// Collects errors and warnings.
#[derive(Debug, Default)]
struct Issues {
    errors: Vec<Issue>,
    warnings: Vec<Issue>,
}

fn issue(seg: &Seg<'_, '_>, code: &str, message: String, element: Option<[usize; 2]>) -> Issue {
    Issue {
        segment: seg.number(),
        tag: Some(seg.tag().to_owned()),
        message,
        code: code.to_owned(),
        element,
        offset: seg.offset(),
    }
}

impl Issues {
    fn error(&mut self, seg: &Seg<'_, '_>, code: &str, message: String, element: Option<[usize; 2]>) {
        self.errors.push(issue(seg, code, message, element));
    }

    fn warn(&mut self, seg: &Seg<'_, '_>, code: &str, message: String) {
        self.warnings.push(issue(seg, code, message, None));
    }
}

/// Applies `f` to component `c` of element `e`, decoded and trimmed; `None` when absent or empty. A
/// value that cannot be decoded is an error (and reads as absent). Borrows from the input whenever
/// the value holds no release character, so nothing is allocated unless `f` allocates.
fn with_text<T>(
    seg: &Seg<'_, '_>,
    e: usize,
    c: usize,
    issues: &mut Issues,
    f: impl FnOnce(&str) -> T,
) -> Option<T> {
    let raw = seg.get(e, c)?;
    match raw.text() {
        Ok(text) => {
            let t = text.trim_ascii();
            if t.is_empty() { None } else { Some(f(t)) }
        }
        Err(kind) => {
            issues.error(seg, kind.code(), kind.to_string(), Some([e, c]));
            None
        }
    }
}

/// Component `c` of element `e` as a [`SmolStr`] (inline up to 23 bytes, so short values do not
/// allocate); see [`with_text`].
fn val(seg: &Seg<'_, '_>, e: usize, c: usize, issues: &mut Issues) -> Option<SmolStr> {
    with_text(seg, e, c, issues, small)
}

/// A [`SmolStr`] of `t`, inline up to 23 bytes. The match has one arm per common length so that
/// each copy has a fixed size and compiles to a few moves rather than a `memcpy` call.
fn small(t: &str) -> SmolStr {
    macro_rules! by_length {
        ($($n:literal)*) => {
            match t.len() {
                $($n => SmolStr::new_inline(t),)*
                n if n <= SmolStr::INLINE_CAP => SmolStr::new_inline(t),
                _ => SmolStr::new(t),
            }
        };
    }
    by_length!(1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16)
}

/// Like [`val`], for the message and envelope fields that stay `String`.
fn val_string(seg: &Seg<'_, '_>, e: usize, c: usize, issues: &mut Issues) -> Option<String> {
    with_text(seg, e, c, issues, str::to_owned)
}

/// Like [`val`] but for codes that are compared, not kept: avoids allocating.
fn code<'a>(seg: &Seg<'_, 'a>, e: usize, c: usize) -> &'a str {
    match seg.get(e, c).map(|v| v.text()) {
        Some(Ok(std::borrow::Cow::Borrowed(s))) => s.trim_ascii(),
        // Codes never need the release character; an escaped or undecodable code matches nothing.
        _ => "",
    }
}

/// Joins the non-empty components `from..=to` of element `e` with single spaces.
fn joined(seg: &Seg<'_, '_>, e: usize, from: usize, to: usize, issues: &mut Issues) -> Option<SmolStr> {
    let mut out = SmolStrBuilder::new();
    for c in from..=to {
        with_text(seg, e, c, issues, |part| {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(part);
        });
    }
    if out.is_empty() { None } else { Some(out.finish()) }
}

fn dtm_format<'a>(seg: &Seg<'_, 'a>) -> Option<&'a str> {
    let f = code(seg, 1, 3);
    if f.is_empty() { None } else { Some(f) }
}

fn date(seg: &Seg<'_, '_>, rule: Century, today: Date, issues: &mut Issues) -> Option<Date> {
    let format = dtm_format(seg);
    match with_text(seg, 1, 2, issues, |value| parse_date(value, format, rule, today))? {
        Ok(d) => Some(d),
        Err(m) => {
            issues.error(seg, "bad-date", m, Some([1, 2]));
            None
        }
    }
}

fn datetime(seg: &Seg<'_, '_>, today: Date, issues: &mut Issues) -> Option<LocalDateTime> {
    let format = dtm_format(seg);
    match with_text(seg, 1, 2, issues, |value| parse_datetime(value, format, Century::Nearest, today))? {
        Ok(t) => Some(LocalDateTime(t)),
        Err(m) => {
            issues.error(seg, "bad-date", m, Some([1, 2]));
            None
        }
    }
}

/// UNB/UNG S004: date (6 or 8 digits) and time (4 digits).
fn envelope_time(seg: &Seg<'_, '_>, e: usize, today: Date, issues: &mut Issues) -> Option<LocalDateTime> {
    let d = val_string(seg, e, 1, issues)?;
    let t = val_string(seg, e, 2, issues).unwrap_or_else(|| "0000".into());
    match parse_datetime(&format!("{d}{t}"), None, Century::Nearest, today) {
        Ok(t) => Some(LocalDateTime(t)),
        Err(m) => {
            issues.warn(seg, "bad-date", format!("date of preparation: {m}"));
            None
        }
    }
}

fn contacts(seg: &Seg<'_, '_>, issues: &mut Issues, out: &mut Vec<Contact>) {
    for e in 1..=seg.element_count() {
        if let Some(number) = val(seg, e, 1, issues) {
            out.push(Contact { number, channel: val(seg, e, 2, issues) });
        }
    }
}

/// Where in the message the reader is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Section {
    Header,
    Flight,
    Persons,
    Footer,
}

/// The person group being read. The person itself is already the last of `message.persons`, so
/// its values are written in place rather than moved (a `Person` is about 500 bytes).
#[derive(Debug)]
struct OpenPerson {
    /// Whether a DOC group is open: its document is the last of the person's `documents`.
    document: bool,
    last: (u32, usize),
}

/// Builds one message from its segments.
#[derive(Debug)]
struct MessageReader {
    message: Message,
    section: Section,
    bgm: bool,
    skip: bool,
    leg: Option<Leg>,
    person: Option<OpenPerson>,
    tally: Tally,
    today: Date,
}

/// What [`check_counts`] needs of a message besides the message: where its CNT is, and how many of
/// its persons are crew (counted while reading, so the persons are not walked again).
#[derive(Debug, Clone, Copy, Default)]
struct Tally {
    count_at: Option<(u32, usize)>,
    crew: u64,
}

const DIRECTORIES: [&str; 3] = ["D02B", "D05B", "D15B"];

impl MessageReader {
    /// `persons` is a capacity hint: the number of persons of the previous message (flights of one
    /// interchange tend to be alike), so that the person list is not regrown and copied.
    fn new(
        unh: &Seg<'_, '_>,
        group: Option<usize>,
        persons: usize,
        today: Date,
        issues: &mut Issues,
    ) -> MessageReader {
        let reference = val_string(unh, 1, 1, issues).unwrap_or_default();
        let message_type = code(unh, 2, 1);
        let version = format!("{}{}", code(unh, 2, 2), code(unh, 2, 3));
        let skip = message_type != "PAXLST";
        if skip {
            issues.error(
                unh,
                "not-paxlst",
                format!("message type {message_type:?} is not PAXLST"),
                Some([2, 1]),
            );
        } else if !DIRECTORIES.contains(&version.as_str()) {
            issues.warn(
                unh,
                "directory",
                format!("directory {version:?} is not D02B, D05B or D15B; read with the common subset"),
            );
        }
        let sequence =
            val_string(unh, 4, 1, issues).map(|number| Sequence { number, last: code(unh, 4, 2) != "C" });
        MessageReader {
            message: Message {
                reference,
                list_type: ListType::Passenger,
                version,
                flight: None,
                declared_count: None,
                persons: if skip { Vec::new() } else { Vec::with_capacity(persons) },
                document_code: String::new(),
                message_function: MessageFunction::Original,
                function_code: None,
                group,
                common_access_reference: val_string(unh, 3, 1, issues),
                sequence,
                transaction_reference: None,
                reporting_party: None,
                legs: Vec::new(),
                segments: [unh.number(), unh.number()],
            },
            section: Section::Header,
            bgm: false,
            skip,
            leg: None,
            person: None,
            tally: Tally::default(),
            today,
        }
    }

    fn close_leg(&mut self) {
        if let Some(leg) = self.leg.take() {
            self.message.legs.push(leg);
        }
    }

    fn close_person(&mut self) {
        if let Some(open) = self.person.take()
            && let Some(person) = self.message.persons.last_mut()
        {
            person.segments[1] = open.last.0;
            person.bytes[1] = open.last.1;
        }
    }

    /// The open person group and its person.
    fn open(&mut self) -> Option<(&mut OpenPerson, &mut Person)> {
        Some((self.person.as_mut()?, self.message.persons.last_mut()?))
    }

    /// Moves to `section`, warning when the segment comes later than the structure allows.
    fn enter(&mut self, section: Section, seg: &Seg<'_, '_>, issues: &mut Issues) -> bool {
        if section < self.section {
            issues.warn(seg, "out-of-order", format!("{} is out of order here; ignored", seg.tag()));
            return false;
        }
        if section > Section::Flight {
            self.close_leg();
        }
        self.section = section;
        true
    }

    fn segment(&mut self, seg: &Seg<'_, '_>, issues: &mut Issues) {
        if self.skip {
            return;
        }
        if !self.bgm && seg.tag() != "BGM" {
            issues.error(seg, "missing-bgm", "BGM must follow UNH".into(), None);
            self.bgm = true;
        }
        self.dispatch(seg, issues);
        // The person group runs up to the last segment handled while it was open.
        if let Some(open) = &mut self.person {
            open.last = (seg.number(), seg.end());
        }
    }

    fn dispatch(&mut self, seg: &Seg<'_, '_>, issues: &mut Issues) {
        match seg.tag() {
            "BGM" => self.bgm(seg, issues),
            "RFF" => self.rff(seg, issues),
            "DTM" => self.dtm(seg, issues),
            "NAD" => self.nad(seg, issues),
            "COM" => {
                if let Some((_, person)) = self.open() {
                    contacts(seg, issues, &mut person.contacts);
                } else {
                    match &mut self.message.reporting_party {
                        Some(party) if self.section == Section::Header => {
                            contacts(seg, issues, &mut party.contacts);
                        }
                        _ => {
                            // Still read, so that an undecodable value is reported as before.
                            contacts(seg, issues, &mut Vec::new());
                            issues.warn(seg, "out-of-order", "COM without a party; ignored".into());
                        }
                    }
                }
            }
            "TDT" => {
                if self.enter(Section::Flight, seg, issues) {
                    self.close_leg();
                    let reference = val(seg, 2, 1, issues).unwrap_or_default();
                    let carrier = val(seg, 5, 1, issues).unwrap_or_default();
                    let number = match reference.strip_prefix(carrier.as_str()) {
                        Some(rest) if !carrier.is_empty() => small(rest),
                        _ => reference,
                    };
                    if number.is_empty() {
                        issues.error(
                            seg,
                            "missing-flight",
                            "TDT carries no flight number (8028)".into(),
                            Some([2, 1]),
                        );
                    }
                    self.leg = Some(Leg {
                        carrier,
                        number,
                        departure: Stop::default(),
                        arrival: Stop::default(),
                        overflight: code(seg, 1, 1) == "34",
                    });
                }
            }
            "LOC" => self.loc(seg, issues),
            "ATT" => {
                if let Some(person) = self.person_for(seg, issues)
                    && code(seg, 1, 1) == "2"
                {
                    person.sex = val(seg, 3, 1, issues);
                }
            }
            "NAT" => {
                if let Some(person) = self.person_for(seg, issues) {
                    person.nationality = val(seg, 2, 1, issues);
                }
            }
            "EMP" => {
                if let Some(person) = self.person_for(seg, issues) {
                    person.crew_role = val(seg, 2, 1, issues);
                }
            }
            "DOC" => {
                if self.person_for(seg, issues).is_some()
                    && let Some((open, person)) = self.open()
                {
                    let doc_type = val(seg, 1, 1, issues).unwrap_or_default();
                    let number = val(seg, 2, 1, issues).unwrap_or_default();
                    if number.is_empty() {
                        issues.error(
                            seg,
                            "missing-document-number",
                            "DOC carries no document number".into(),
                            Some([2, 1]),
                        );
                    }
                    // Most persons carry one document: do not reserve room for four.
                    if person.documents.is_empty() {
                        person.documents.reserve_exact(1);
                    }
                    person.documents.push(Document {
                        doc_type,
                        number,
                        expiry: None,
                        issuing_country: None,
                        issue_date: None,
                    });
                    open.document = true;
                }
            }
            // Segments of the subset this model does not keep (bags, verification, free text).
            "MEA" | "GEI" | "FTX" | "UNS" => {}
            "CNT" => {
                if self.enter(Section::Footer, seg, issues) {
                    self.close_person();
                    let qualifier = code(seg, 1, 1);
                    match with_text(seg, 1, 2, issues, |v| v.parse::<u32>()) {
                        Some(Ok(n)) => {
                            let wanted = if self.message.list_type == ListType::Crew { "41" } else { "42" };
                            if self.message.declared_count.is_none() || qualifier == wanted {
                                self.message.declared_count = Some(n);
                                self.tally.count_at = Some((seg.number(), seg.offset()));
                            }
                        }
                        Some(Err(_)) => {
                            issues.error(seg, "bad-count", "CNT count is not a number".into(), Some([1, 2]));
                        }
                        None => issues.error(seg, "bad-count", "CNT carries no count".into(), Some([1, 2])),
                    }
                }
            }
            other => {
                issues.warn(seg, "unknown-segment", format!("{other} is not in the PAXLST subset; ignored"))
            }
        }
    }

    /// The open person, or a warning that the segment is outside any person group.
    fn person_for(&mut self, seg: &Seg<'_, '_>, issues: &mut Issues) -> Option<&mut Person> {
        if self.person.is_none() {
            issues.warn(seg, "out-of-order", format!("{} outside a person group; ignored", seg.tag()));
        }
        self.open().map(|(_, person)| person)
    }

    fn bgm(&mut self, seg: &Seg<'_, '_>, issues: &mut Issues) {
        if self.bgm {
            issues.warn(seg, "out-of-order", "second BGM; ignored".into());
            return;
        }
        self.bgm = true;
        let doc = code(seg, 1, 1);
        self.message.list_type = match doc {
            "745" | "266" | "655" => ListType::Passenger,
            "250" | "336" => ListType::Crew,
            other => {
                issues.error(
                    seg,
                    "document-code",
                    format!("BGM 1001 {other:?} is not a PAXLST list (745, 250, 266, 336, 655)"),
                    Some([1, 1]),
                );
                ListType::Passenger
            }
        };
        self.message.document_code = doc.to_owned();
        self.message.function_code = val_string(seg, 2, 1, issues);
        self.message.message_function = MessageFunction::from_code(self.message.function_code.as_deref());
    }

    fn rff(&mut self, seg: &Seg<'_, '_>, issues: &mut Issues) {
        let qualifier = code(seg, 1, 1);
        if let Some((_, person)) = self.open() {
            let slot = match qualifier {
                "AVF" => &mut person.pnr,
                "ABO" => &mut person.passenger_reference,
                "SEA" => &mut person.seat,
                _ => return,
            };
            *slot = val(seg, 1, 2, issues);
        } else if qualifier == "TN" && self.section == Section::Header {
            self.message.transaction_reference = val_string(seg, 1, 2, issues);
        }
    }

    fn dtm(&mut self, seg: &Seg<'_, '_>, issues: &mut Issues) {
        let qualifier = code(seg, 1, 1);
        let today = self.today;
        if let Some((open, person)) = self.open() {
            let document = if open.document { person.documents.last_mut() } else { None };
            match (qualifier, document) {
                ("36", Some(doc)) => doc.expiry = date(seg, Century::Nearest, today, issues),
                ("182", Some(doc)) => doc.issue_date = date(seg, Century::Past, today, issues),
                ("329", None) => person.birth_date = date(seg, Century::Past, today, issues),
                ("329", Some(_)) => {
                    issues.warn(
                        seg,
                        "out-of-order",
                        "DTM 329 (birth) inside a document group; read anyway".into(),
                    );
                    person.birth_date = date(seg, Century::Past, today, issues);
                }
                _ => {}
            }
        } else if let Some(leg) = &mut self.leg {
            match qualifier {
                "189" => leg.departure.time = datetime(seg, today, issues),
                "232" => leg.arrival.time = datetime(seg, today, issues),
                _ => {}
            }
        }
    }

    fn nad(&mut self, seg: &Seg<'_, '_>, issues: &mut Issues) {
        let qualifier = code(seg, 1, 1);
        if qualifier == "MS" {
            if self.section != Section::Header {
                issues.warn(seg, "out-of-order", "NAD+MS after the flight; ignored".into());
                return;
            }
            self.message.reporting_party = Some(ReportingParty {
                id: val_string(seg, 2, 1, issues),
                surname: val_string(seg, 4, 1, issues),
                given_names: joined(seg, 4, 2, 5, issues).map(String::from),
                contacts: Vec::new(),
            });
            return;
        }
        let Some(role) = Role::from_qualifier(qualifier) else {
            issues.warn(
                seg,
                "unknown-party",
                format!("NAD party {qualifier:?} is not MS, FL, FM, DDU or DDT; ignored"),
            );
            return;
        };
        if !self.enter(Section::Persons, seg, issues) {
            return;
        }
        self.close_person();
        let surname = val(seg, 4, 1, issues).unwrap_or_default();
        if surname.is_empty() {
            issues.error(seg, "missing-name", "person without a family name (NAD C080)".into(), Some([4, 1]));
        }
        self.message.persons.push(Person::new(role, surname));
        self.tally.crew += u64::from(role.is_crew());
        let Some(person) = self.message.persons.last_mut() else { return };
        person.given_names = joined(seg, 4, 2, 5, issues);
        // Elements 5–9 are the address; most persons have none.
        if seg.element_count() >= 5 {
            let address = Address {
                street: joined(seg, 5, 1, 4, issues),
                city: val(seg, 6, 1, issues),
                region: val(seg, 7, 1, issues).or_else(|| val(seg, 7, 4, issues)),
                postal_code: val(seg, 8, 1, issues),
                country: val(seg, 9, 1, issues),
            };
            if address != Address::default() {
                person.address = Some(address);
            }
        }
        person.segments = [seg.number(), seg.number()];
        person.bytes = [seg.offset(), seg.end()];
        self.person = Some(OpenPerson { document: false, last: (seg.number(), seg.end()) });
    }

    fn loc(&mut self, seg: &Seg<'_, '_>, issues: &mut Issues) {
        let qualifier = code(seg, 1, 1);
        if let Some((open, person)) = self.open() {
            // LOC 180 (place of birth) and LOC 91 may carry free text in C517 3224.
            let value = val(seg, 2, 1, issues).or_else(|| val(seg, 2, 4, issues));
            let slot = match qualifier {
                "91" => match person.documents.last_mut() {
                    Some(doc) if open.document => &mut doc.issuing_country,
                    _ => {
                        issues.warn(
                            seg,
                            "out-of-order",
                            "LOC 91 (issuing country) before any DOC; ignored".into(),
                        );
                        return;
                    }
                },
                "22" => &mut person.clearance,
                "174" => &mut person.residence,
                "178" => &mut person.embarkation,
                "179" => &mut person.debarkation,
                "180" => &mut person.birth_place,
                _ => return,
            };
            *slot = value;
            return;
        }
        let Some(leg) = &mut self.leg else {
            issues.warn(seg, "out-of-order", "LOC outside a flight or person group; ignored".into());
            return;
        };
        let stop = Stop { port: val(seg, 2, 1, issues), time: None, qualifier: Some(small(qualifier)) };
        match qualifier {
            "125" => leg.departure = stop,
            "87" | "130" => leg.arrival = stop,
            // Routing places come in pairs within a leg: the first departs, the second arrives.
            _ => {
                if leg.departure.port.is_none() && leg.departure.qualifier.is_none() {
                    leg.departure = stop;
                } else {
                    leg.arrival = stop;
                }
            }
        }
    }

    fn finish(mut self, unt: &Seg<'_, '_>, issues: &mut Issues) -> Option<(Message, Tally)> {
        if self.skip {
            return None;
        }
        self.close_person();
        self.close_leg();
        if !self.bgm {
            issues.error(unt, "missing-bgm", "message without BGM".into(), None);
        }
        self.message.flight = self.message.legs.first().cloned();
        self.message.segments[1] = unt.number();
        // The capacity came from the previous message; do not keep what this one did not use.
        self.message.persons.shrink_to_fit();
        Some((self.message, self.tally))
    }
}

/// Reads a PAXLST interchange. Never panics; every problem is an [`Issue`] in the report.
pub(crate) fn parse(input: &[u8], options: &Options) -> Report {
    let mut issues = Issues::default();
    let mut report = Report {
        interchange: InterchangeInfo::default(),
        messages: Vec::new(),
        errors: Vec::new(),
        warnings: Vec::new(),
    };
    let mut parser = match Parser::new(input) {
        Ok(p) => p,
        Err(e) => {
            report.errors.push(from_error(&e));
            return report;
        }
    };
    let mut index = FieldIndex::default();
    index.index(&parser.header());
    let header = parser.header();
    let unb = Seg { raw: &header, index: &index };
    let today = options.today;
    report.interchange = InterchangeInfo {
        syntax: parser.syntax().identifier.clone(),
        syntax_version: parser.syntax().version,
        sender: val_string(&unb, 2, 1, &mut issues).unwrap_or_default(),
        recipient: val_string(&unb, 3, 1, &mut issues).unwrap_or_default(),
        prepared: envelope_time(&unb, 4, today, &mut issues),
        control_reference: val_string(&unb, 5, 1, &mut issues).unwrap_or_default(),
        groups: Vec::new(),
    };
    let mut group: Option<usize> = None;
    let mut current: Option<MessageReader> = None;
    let mut tallies = Vec::new();
    for event in parser.by_ref() {
        match event {
            Err(e) => {
                if matches!(e.kind, edifact::ErrorKind::MissingTrailer("UNT")) {
                    current = None;
                }
                issues.errors.push(from_error(&e));
            }
            Ok(Event::GroupHeader(raw)) => {
                index.index(&raw);
                let ung = Seg { raw: &raw, index: &index };
                report.interchange.groups.push(GroupInfo {
                    reference: val_string(&ung, 5, 1, &mut issues).unwrap_or_default(),
                    sender: val_string(&ung, 2, 1, &mut issues).unwrap_or_default(),
                    recipient: val_string(&ung, 3, 1, &mut issues).unwrap_or_default(),
                    prepared: envelope_time(&ung, 4, today, &mut issues),
                    version: format!("{}{}", code(&ung, 7, 1), code(&ung, 7, 2)),
                });
                group = report.interchange.groups.len().checked_sub(1);
            }
            Ok(Event::GroupTrailer(_)) => group = None,
            Ok(Event::MessageHeader(raw)) => {
                index.index(&raw);
                let persons = report.messages.last().map_or(0, |m| m.persons.len());
                current = Some(MessageReader::new(
                    &Seg { raw: &raw, index: &index },
                    group,
                    persons,
                    today,
                    &mut issues,
                ));
            }
            Ok(Event::Segment(raw)) => {
                if let Some(reader) = &mut current {
                    index.index(&raw);
                    reader.segment(&Seg { raw: &raw, index: &index }, &mut issues);
                }
            }
            Ok(Event::MessageTrailer(raw)) => {
                index.index(&raw);
                let unt = Seg { raw: &raw, index: &index };
                if let Some((message, tally)) = current.take().and_then(|r| r.finish(&unt, &mut issues)) {
                    report.messages.push(message);
                    tallies.push(tally);
                }
            }
            Ok(Event::InterchangeTrailer(_)) => {}
        }
    }
    for finding in parser.take_findings() {
        let item = Issue {
            segment: finding.position.segment,
            tag: Some(finding.tag.clone()),
            message: finding.kind.to_string(),
            code: finding.kind.code().to_owned(),
            element: None,
            offset: finding.position.offset,
        };
        if options.strict && finding.kind.is_control() {
            issues.errors.push(item);
        } else {
            issues.warnings.push(item);
        }
    }
    check_counts(&report.messages, &tallies, options, &mut issues);
    report.errors = issues.errors;
    report.warnings = issues.warnings;
    report.errors.sort_by_key(|i| i.segment);
    report.warnings.sort_by_key(|i| i.segment);
    report
}

/// CNT against what was sent. A manifest split over several messages (UNH S010 `C` … `F`) is counted
/// as a whole at its last part.
fn check_counts(messages: &[Message], tallies: &[Tally], options: &Options, issues: &mut Issues) {
    let mut carried_passengers = 0u64;
    let mut carried_crew = 0u64;
    for (m, tally) in messages.iter().zip(tallies) {
        let crew = tally.crew;
        let passengers = (m.persons.len() as u64).saturating_sub(crew);
        carried_passengers += passengers;
        carried_crew += crew;
        if m.sequence.as_ref().is_some_and(|s| !s.last) {
            continue;
        }
        let (sent, what) = if m.list_type == ListType::Crew {
            (carried_crew, "crew members")
        } else {
            (carried_passengers, "passengers")
        };
        carried_passengers = 0;
        carried_crew = 0;
        let (Some(declared), Some((segment, offset))) = (m.declared_count, tally.count_at) else { continue };
        if u64::from(declared) != sent {
            let item = Issue {
                segment,
                tag: Some("CNT".into()),
                message: format!("CNT declares {declared} {what} but the manifest carries {sent}"),
                code: "cnt-mismatch".into(),
                element: Some([1, 2]),
                offset,
            };
            if options.strict { issues.errors.push(item) } else { issues.warnings.push(item) }
        }
    }
}

fn from_error(e: &edifact::Error) -> Issue {
    Issue {
        segment: e.position.segment,
        tag: e.tag.clone(),
        message: e.kind.to_string(),
        code: e.kind.code().to_owned(),
        element: e.element.map(|p| [p.element, p.component]),
        offset: e.position.offset,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_keeps_every_length() {
        let text = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789\u{e9}";
        for end in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
            let value = small(&text[..end]);
            assert_eq!(value, text[..end]);
            assert_eq!(value.is_heap_allocated(), end > SmolStr::INLINE_CAP);
        }
    }
}
