//! The manifest model and its JSON shape: interchange, messages, flight legs, persons, documents,
//! and the positioned errors and warnings of a report.
//!
//! The values of persons, documents, addresses, contacts and legs are [`SmolStr`]s, stored inline up
//! to 23 bytes: a large manifest has about fifteen per person, and as `String`s their allocation was
//! a large part of the cost of reading. Message and envelope fields, a few per message, are
//! `String`s. Both serialise as plain JSON strings.

use std::fmt;

use jiff::civil::{Date, DateTime};
use serde::{Deserialize, Serialize};
use smol_str::SmolStr;

/// A local date and time as EDIFACT carries it (`YYMMDDHHMM` and friends): no zone, no offset. Times
/// of departure and arrival are local to their port, so the port code travels with them.
///
/// Serialised as `2013-06-21T09:00` (seconds only when not zero).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LocalDateTime(pub DateTime);

impl fmt::Display for LocalDateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = self.0;
        write!(f, "{:04}-{:02}-{:02}T{:02}:{:02}", t.year(), t.month(), t.day(), t.hour(), t.minute())?;
        if t.second() != 0 {
            write!(f, ":{:02}", t.second())?;
        }
        Ok(())
    }
}

impl Serialize for LocalDateTime {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for LocalDateTime {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse::<DateTime>().map(LocalDateTime).map_err(serde::de::Error::custom)
    }
}

/// Passenger list or crew list (from BGM 1001).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ListType {
    /// `745` passenger list, `266` flight status update, `655` gate pass.
    Passenger,
    /// `250` crew list, `336` master crew list.
    Crew,
}

/// What the message does to what was sent before (BGM 1004).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum MessageFunction {
    /// No 1004 code, or a US CBP crew code for the flight type (`C`, `B`, `A`, `D`, `E`, `F`, `G`, `H`, `I`).
    Original,
    /// `CP` change passenger, `CF` change flight, crew changes `CC`, `BC`, `EC`, `FC`.
    Change,
    /// `XR` cancel reservation, `XF` cancel flight.
    Cancel,
    /// `RP` reduction in party.
    Reduction,
    /// `CL` flight close, `CLOB` close on board, `CLNB` close not on board.
    Close,
    /// Any other code (kept in `function_code`).
    Other,
}

impl MessageFunction {
    /// Classifies a BGM 1004 code.
    pub fn from_code(code: Option<&str>) -> MessageFunction {
        match code {
            None | Some("C" | "B" | "A" | "D" | "E" | "F" | "G" | "H" | "I") => MessageFunction::Original,
            Some("CP" | "CF" | "CC" | "BC" | "EC" | "FC") => MessageFunction::Change,
            Some("XR" | "XF") => MessageFunction::Cancel,
            Some("RP") => MessageFunction::Reduction,
            Some("CL" | "CLOB" | "CLNB") => MessageFunction::Close,
            Some(_) => MessageFunction::Other,
        }
    }

    /// The code the builder writes for this function when no explicit code is given.
    pub fn default_code(self, list: ListType) -> Option<&'static str> {
        match (self, list) {
            (MessageFunction::Original | MessageFunction::Other, _) => None,
            (MessageFunction::Change, ListType::Passenger) => Some("CP"),
            (MessageFunction::Change, ListType::Crew) => Some("CC"),
            (MessageFunction::Cancel, _) => Some("XR"),
            (MessageFunction::Reduction, _) => Some("RP"),
            (MessageFunction::Close, _) => Some("CL"),
        }
    }
}

/// The role of a person on the manifest (NAD 3035).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// `FL` passenger.
    Passenger,
    /// `FM` crew member.
    Crew,
    /// `DDU` in-transit passenger.
    TransitPassenger,
    /// `DDT` in-transit crew member.
    TransitCrew,
}

impl Role {
    /// The NAD 3035 party qualifier.
    pub fn qualifier(self) -> &'static str {
        match self {
            Role::Passenger => "FL",
            Role::Crew => "FM",
            Role::TransitPassenger => "DDU",
            Role::TransitCrew => "DDT",
        }
    }

    /// Reads a NAD 3035 party qualifier.
    pub fn from_qualifier(q: &str) -> Option<Role> {
        match q {
            "FL" => Some(Role::Passenger),
            "FM" => Some(Role::Crew),
            "DDU" => Some(Role::TransitPassenger),
            "DDT" => Some(Role::TransitCrew),
            _ => None,
        }
    }

    /// Whether CNT 41 (crew) rather than CNT 42 (passengers) counts this person.
    pub fn is_crew(self) -> bool {
        matches!(self, Role::Crew | Role::TransitCrew)
    }
}

/// The interchange envelope (UNB) and its functional groups (UNG).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InterchangeInfo {
    /// Syntax identifier, e.g. `UNOA`.
    pub syntax: String,
    /// Syntax version, 1–4.
    pub syntax_version: u8,
    /// Interchange sender (UNB S002).
    pub sender: String,
    /// Interchange recipient (UNB S003).
    pub recipient: String,
    /// Date and time of preparation (UNB S004), local to the sender.
    pub prepared: Option<LocalDateTime>,
    /// Interchange control reference (UNB 0020).
    pub control_reference: String,
    /// Functional groups (UNG), in order; messages refer to them by index.
    #[serde(default)]
    pub groups: Vec<GroupInfo>,
}

impl Default for InterchangeInfo {
    fn default() -> Self {
        InterchangeInfo {
            syntax: "UNOA".into(),
            syntax_version: 4,
            sender: String::new(),
            recipient: String::new(),
            prepared: None,
            control_reference: String::new(),
            groups: Vec::new(),
        }
    }
}

/// A functional group header (UNG).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupInfo {
    /// Group reference number (UNG 0048).
    pub reference: String,
    /// Application sender (UNG S006).
    pub sender: String,
    /// Application recipient (UNG S007).
    pub recipient: String,
    /// Date and time of preparation (UNG S004).
    pub prepared: Option<LocalDateTime>,
    /// Message version (UNG S008), e.g. `D15B`.
    pub version: String,
}

/// One place and local time of a flight leg.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Stop {
    /// IATA airport (or other place) code, LOC 3225.
    pub port: Option<SmolStr>,
    /// Local time at the port (DTM 189 departure, DTM 232 arrival).
    pub time: Option<LocalDateTime>,
    /// The LOC 3227 qualifier: `125` last departure before entry, `87` first arrival, `92` routing,
    /// `130` final destination.
    #[serde(default)]
    pub qualifier: Option<SmolStr>,
}

/// One flight leg (TDT and its LOC/DTM group).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Leg {
    /// Carrier code (TDT C040 3127).
    pub carrier: SmolStr,
    /// Flight number: TDT 8028 with the carrier code taken off its front.
    pub number: SmolStr,
    /// Where and when the leg departs.
    pub departure: Stop,
    /// Where and when it arrives.
    pub arrival: Stop,
    /// TDT 8051 `34` (overflight) rather than `20`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub overflight: bool,
}

/// A telephone, fax or e-mail contact (COM).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    /// The number or address (C076 3148).
    pub number: SmolStr,
    /// `TE`, `FX`, `EM` (C076 3155).
    pub channel: Option<SmolStr>,
}

/// The party that reports the manifest (NAD+MS).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ReportingParty {
    /// Party identifier (NAD C082), when given.
    pub id: Option<String>,
    /// Family name or organisation (NAD C080 first component).
    pub surname: Option<String>,
    /// Given names (further C080 components, space-separated).
    pub given_names: Option<String>,
    /// Contacts (COM).
    #[serde(default)]
    pub contacts: Vec<Contact>,
}

/// A person's address (NAD elements 5–9).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Address {
    /// Street and number (C059).
    pub street: Option<SmolStr>,
    /// City (3164).
    pub city: Option<SmolStr>,
    /// Country sub-entity, code or name (C819).
    pub region: Option<SmolStr>,
    /// Postal code (3251).
    pub postal_code: Option<SmolStr>,
    /// Country (3207).
    pub country: Option<SmolStr>,
}

/// A travel document (DOC with its DTM and LOC).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// Document type (DOC C002 1001): `P` passport, `V` visa, `I`, `A`, `C`, `AC`, `IP`, `F`, …
    #[serde(rename = "type")]
    pub doc_type: SmolStr,
    /// Document number (DOC C503 1004).
    pub number: SmolStr,
    /// Expiry date (DTM 36).
    pub expiry: Option<Date>,
    /// Issuing country or place (LOC 91).
    pub issuing_country: Option<SmolStr>,
    /// Issue date (DTM 182).
    #[serde(default)]
    pub issue_date: Option<Date>,
}

/// One passenger or crew member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    /// Passenger, crew, or in transit.
    pub role: Role,
    /// Family name (NAD C080 first component).
    pub surname: SmolStr,
    /// Given names (further C080 components, space-separated).
    pub given_names: Option<SmolStr>,
    /// Sex as sent (ATT 9019): `M`, `F`, `U`, `X`.
    pub sex: Option<SmolStr>,
    /// Date of birth (DTM 329).
    pub birth_date: Option<Date>,
    /// Nationality (NAT 3293).
    pub nationality: Option<SmolStr>,
    /// Travel documents.
    #[serde(default)]
    pub documents: Vec<Document>,
    /// Port of embarkation (LOC 178).
    pub embarkation: Option<SmolStr>,
    /// Port of debarkation (LOC 179).
    pub debarkation: Option<SmolStr>,
    /// Seat (RFF SEA).
    pub seat: Option<SmolStr>,
    /// Booking reference / PNR locator (RFF AVF).
    pub pnr: Option<SmolStr>,
    /// Unique passenger reference (RFF ABO).
    #[serde(default)]
    pub passenger_reference: Option<SmolStr>,
    /// Place of clearance (LOC 22).
    #[serde(default)]
    pub clearance: Option<SmolStr>,
    /// Country of residence (LOC 174).
    #[serde(default)]
    pub residence: Option<SmolStr>,
    /// Place of birth (LOC 180).
    #[serde(default)]
    pub birth_place: Option<SmolStr>,
    /// Crew function (EMP C948), e.g. `CR1`.
    #[serde(default)]
    pub crew_role: Option<SmolStr>,
    /// Address (NAD elements 5–9).
    #[serde(default)]
    pub address: Option<Address>,
    /// Contacts (COM).
    #[serde(default)]
    pub contacts: Vec<Contact>,
    /// First and last segment of the person in the interchange (1-based, UNB is 1): a console can
    /// highlight them in the source message. Derived; ignored by the builder.
    #[serde(default)]
    pub segments: [u32; 2],
    /// Byte range `[start, end)` of those segments in the input. Derived; ignored by the builder.
    #[serde(default)]
    pub bytes: [usize; 2],
}

impl Person {
    /// A person with a role and a family name and nothing else.
    pub fn new(role: Role, surname: impl Into<SmolStr>) -> Person {
        Person {
            role,
            surname: surname.into(),
            given_names: None,
            sex: None,
            birth_date: None,
            nationality: None,
            documents: Vec::new(),
            embarkation: None,
            debarkation: None,
            seat: None,
            pnr: None,
            passenger_reference: None,
            clearance: None,
            residence: None,
            birth_place: None,
            crew_role: None,
            address: None,
            contacts: Vec::new(),
            segments: [0, 0],
            bytes: [0, 0],
        }
    }
}

/// The split of a large manifest over several messages (UNH S010).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sequence {
    /// Sequence number of the message (0070), e.g. `01`.
    pub number: String,
    /// Whether this is the last part (`F` rather than `C`).
    pub last: bool,
}

/// One PAXLST message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    /// Message reference number (UNH 0062).
    pub reference: String,
    /// Passenger or crew list.
    #[serde(rename = "type")]
    pub list_type: ListType,
    /// Directory version, `D02B`, `D05B` or `D15B`.
    pub version: String,
    /// The flight: the first leg of `legs`.
    pub flight: Option<Leg>,
    /// CNT 42 (passengers) or 41 (crew) as sent; `None` when the message has no CNT. The builder
    /// writes the number of persons when this is `None`.
    pub declared_count: Option<u32>,
    /// The persons, in message order.
    #[serde(default)]
    pub persons: Vec<Person>,
    /// BGM 1001 as sent: `745`, `250`, `266`, `336`, `655`.
    #[serde(default)]
    pub document_code: String,
    /// What the message does (from BGM 1004).
    pub message_function: MessageFunction,
    /// BGM 1004 as sent (`CP`, `XR`, `CL`, …).
    #[serde(default)]
    pub function_code: Option<String>,
    /// Index of the functional group in `interchange.groups`, if any.
    #[serde(default)]
    pub group: Option<usize>,
    /// Common access reference (UNH 0068), which ties the parts of a split manifest together.
    #[serde(default)]
    pub common_access_reference: Option<String>,
    /// Part of a split manifest (UNH S010).
    #[serde(default)]
    pub sequence: Option<Sequence>,
    /// Transaction reference (RFF+TN).
    #[serde(default)]
    pub transaction_reference: Option<String>,
    /// The reporting party (NAD+MS).
    #[serde(default)]
    pub reporting_party: Option<ReportingParty>,
    /// Every flight leg (TDT groups), in order.
    #[serde(default)]
    pub legs: Vec<Leg>,
    /// First and last segment of the message (UNH and UNT). Derived; ignored by the builder.
    #[serde(default)]
    pub segments: [u32; 2],
}

/// A positioned error or warning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issue {
    /// 1-based segment number in the interchange (UNB is 1; 0 = before the first segment).
    pub segment: u32,
    /// The segment's tag, when known.
    pub tag: Option<String>,
    /// What is wrong, in English.
    pub message: String,
    /// A short stable code, e.g. `unt-segment-count`, `cnt-mismatch`, `bad-date`.
    pub code: String,
    /// Data element and component, 1-based, when the issue is about one.
    #[serde(default)]
    pub element: Option<[usize; 2]>,
    /// Byte offset of the segment in the input.
    #[serde(default)]
    pub offset: usize,
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "segment {}", self.segment)?;
        if let Some(tag) = &self.tag {
            write!(f, " ({tag})")?;
        }
        if let Some([e, c]) = self.element {
            write!(f, ", element {e}.{c}")?;
        }
        write!(f, ": {} [{}]", self.message, self.code)
    }
}

/// The result of parsing a PAXLST interchange: everything that could be read, and every problem.
///
/// A receiver must treat a report with `errors` as refused: the manifest is garbled (or, in strict
/// mode, its counts are wrong) and nothing of it should be stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// The envelope.
    pub interchange: InterchangeInfo,
    /// The PAXLST messages.
    pub messages: Vec<Message>,
    /// Problems that make the interchange unacceptable.
    pub errors: Vec<Issue>,
    /// Problems worth showing that do not (in this mode) refuse it.
    pub warnings: Vec<Issue>,
}

impl Report {
    /// Whether the interchange is acceptable (no errors).
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }

    /// The manifest without the problems: what [`crate::make`] writes back.
    pub fn manifest(&self) -> ManifestJson {
        ManifestJson { interchange: self.interchange.clone(), messages: self.messages.clone() }
    }
}

/// The input of the builder: the report's JSON shape without errors and warnings. Derived fields
/// (`segments`, `bytes`) may be present and are ignored, so the output of `parse --json` is valid
/// input for `make`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestJson {
    /// The envelope.
    #[serde(default)]
    pub interchange: InterchangeInfo,
    /// The messages.
    pub messages: Vec<Message>,
}
