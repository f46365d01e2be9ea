//! The answer: a [`Decision`] with its kind, scheme, deadline, area, conditions, legal basis,
//! alternatives and a trace of every scheme considered with the reasons it applies or not.
//!
//! Evaluation only records compact facts (scheme indices, dates, reason codes); the sentences are
//! written when the decision is serialised or when a caller asks for them. That keeps evaluation cheap
//! (no string formatting on the hot path) while the explanation still comes from the same facts that
//! produced the decision.

use codes::CountryCode;
use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::Serialize;
use serde::ser::{SerializeStruct, Serializer};

use crate::model::{Confidence, DocumentType, Kind, Purpose};
use crate::plain;
use crate::ruleset::{Area, Citation, PortInfo, RuleSet, Scheme};
use crate::time::rfc3339;

/// An instant to the second, as reasons record it. Reasons are kept compact so evaluation moves little
/// memory; the decision's own instants (`permitted_until`, the entry) keep full precision, and every
/// comparison is made on those.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Moment(i64);

impl Moment {
    pub(crate) fn of(ts: Timestamp) -> Self {
        Moment(ts.as_second())
    }

    /// The instant.
    pub fn timestamp(self) -> Timestamp {
        Timestamp::from_second(self.0).unwrap_or(Timestamp::UNIX_EPOCH)
    }
}

/// One finding about one scheme: a reason it does not apply, or a note on how it applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Reason {
    /// The arrival date is outside the scheme's period.
    NotInForce { from: Option<Date>, to: Option<Date> },
    /// No scheme of this kind covers the nationality (a summary entry).
    NationalityNotCovered { schemes: u16 },
    /// The nationality is on the scheme's exclusion list.
    NationalityExcluded,
    /// The nationality joins the scheme later.
    NationalityNotYet { from: Date },
    /// The nationality's coverage ended.
    NationalityEnded { to: Date },
    /// The scheme does not cover this document type.
    DocumentTypeNotCovered { document: DocumentType },
    /// The document expired before the arrival.
    DocumentExpired { until: Date },
    /// The document does not have the validity margin the scheme needs.
    DocumentValidityTooShort { until: Date, months: u32 },
    /// The port of arrival is not designated for the scheme.
    PortNotDesignated,
    /// The port is designated from a later date.
    PortNotYet { from: Date },
    /// The port's designation ended.
    PortEnded { to: Date },
    /// The port of departure is not designated for the scheme.
    ExitPortNotDesignated { port: u16 },
    /// The traveller must leave from the port of arrival.
    ExitPortMustBeEntryPort { port: u16 },
    /// The scheme is for arrivals from elsewhere.
    OriginNotAllowed { origin: Option<CountryCode> },
    /// The purpose is excluded by the scheme.
    PurposeExcluded { purpose: Purpose },
    /// The purpose is not among those the scheme allows.
    PurposeNotAllowed { purpose: Purpose },
    /// The scheme is for tour groups.
    GroupRequired { min: u32 },
    /// The group is smaller than the scheme requires.
    GroupTooSmall { size: u32, min: u32 },
    /// The scheme needs an organiser (a travel agency) and none was given.
    OrganiserMissing,
    /// The organiser is not of a kind the scheme accepts.
    OrganiserNotAccepted,
    /// The scheme needs an onward ticket.
    OnwardTicketMissing,
    /// The onward ticket has no destination.
    OnwardDestinationMissing,
    /// The onward ticket has no departure time.
    OnwardDepartureMissing,
    /// The origin is needed to check the third-country rule.
    OriginUnknown,
    /// The destination is mainland China, not a third country or region.
    DestinationNotThirdCountry { destination: CountryCode },
    /// Origin and destination are the same country or region.
    DestinationEqualsOrigin { country: CountryCode },
    /// The onward departure is not after the arrival.
    DepartureBeforeArrival { departure: Moment },
    /// The onward departure is at or after the end of the permitted stay.
    DepartureAfterPermit { departure: Moment, until: Moment },
    /// A supporting document the scheme needs is missing.
    SupportingDocumentMissing { document: u16 },
    /// The rolling limit is used up on the entry day.
    RollingLimitExhausted { used: u32, limit: u32, window: u32 },
    /// The stay cannot be computed within the calendar's range.
    StayOutOfRange,
    /// No visa is held.
    NoVisa,
    /// The visa category is not known to the rule set.
    VisaCategoryUnknown,
    /// The visa is not valid yet.
    VisaNotYetValid { from: Date },
    /// The visa's entry period ended.
    VisaExpired { until: Date },
    /// The visa's entries are used up.
    VisaEntriesUsed,
    /// The visa category does not cover the purpose (EEA-Law Art. 25(3)).
    VisaPurposeMismatch { category: u16, purpose: Purpose },
    /// No residence permit is held.
    NoResidencePermit,
    /// The residence permit has expired.
    ResidencePermitExpired { until: Date },
    /// The residence-permit category is not known to the rule set.
    ResidencePermitCategoryUnknown,
    /// The residence permit does not cover the purpose.
    ResidencePermitPurposeMismatch { purpose: Purpose },
    /// Note: the scheme applies; the stay ends at `until` (exclusive).
    Applies { until: Moment },
    /// Note: the onward ticket departs within the permitted stay.
    OnwardWithinPermit { departure: Moment, until: Moment },
    /// Note: the rolling limit shortens the stay to `last_day`.
    RollingCapped { used: u32, limit: u32, window: u32, last_day: Date },
    /// Note: the rolling limit leaves room for the whole stay.
    RollingUsage { used: u32, limit: u32, window: u32 },
    /// Note: the stay is cut short by the document's expiry.
    CappedByDocument { until: Date },
    /// Note: the scheme needs a validity margin the request did not give.
    DocumentValidityUnchecked { months: u32 },
    /// Note: the holder must apply for a residence permit within 30 days.
    ResidencePermitDue,
    /// Note: the visa's duration of stay was not given; the category's usual stay was assumed.
    AssumedStay { days: u32 },
    /// Note: part of the rule rests on a source weaker than OK.
    WeakSource { confidence: Confidence },
}

impl Reason {
    /// A stable code for the reason (`port-not-designated`).
    pub fn code(&self) -> &'static str {
        match self {
            Reason::NotInForce { .. } => "not-in-force",
            Reason::NationalityNotCovered { .. } => "nationality-not-covered",
            Reason::NationalityExcluded => "nationality-excluded",
            Reason::NationalityNotYet { .. } => "nationality-not-yet-covered",
            Reason::NationalityEnded { .. } => "nationality-no-longer-covered",
            Reason::DocumentTypeNotCovered { .. } => "document-type-not-covered",
            Reason::DocumentExpired { .. } => "document-expired",
            Reason::DocumentValidityTooShort { .. } => "document-validity-too-short",
            Reason::PortNotDesignated => "port-not-designated",
            Reason::PortNotYet { .. } => "port-not-yet-designated",
            Reason::PortEnded { .. } => "port-no-longer-designated",
            Reason::ExitPortNotDesignated { .. } => "exit-port-not-designated",
            Reason::ExitPortMustBeEntryPort { .. } => "exit-port-must-be-entry-port",
            Reason::OriginNotAllowed { .. } => "origin-not-allowed",
            Reason::PurposeExcluded { .. } => "purpose-excluded",
            Reason::PurposeNotAllowed { .. } => "purpose-not-allowed",
            Reason::GroupRequired { .. } => "group-required",
            Reason::GroupTooSmall { .. } => "group-too-small",
            Reason::OrganiserMissing => "organiser-missing",
            Reason::OrganiserNotAccepted => "organiser-not-accepted",
            Reason::OnwardTicketMissing => "onward-ticket-missing",
            Reason::OnwardDestinationMissing => "onward-destination-missing",
            Reason::OnwardDepartureMissing => "onward-departure-missing",
            Reason::OriginUnknown => "origin-unknown",
            Reason::DestinationNotThirdCountry { .. } => "destination-not-third-country",
            Reason::DestinationEqualsOrigin { .. } => "destination-equals-origin",
            Reason::DepartureBeforeArrival { .. } => "departure-before-arrival",
            Reason::DepartureAfterPermit { .. } => "departure-after-permit",
            Reason::SupportingDocumentMissing { .. } => "supporting-document-missing",
            Reason::RollingLimitExhausted { .. } => "rolling-limit-exhausted",
            Reason::StayOutOfRange => "stay-out-of-range",
            Reason::NoVisa => "no-visa",
            Reason::VisaCategoryUnknown => "visa-category-unknown",
            Reason::VisaNotYetValid { .. } => "visa-not-yet-valid",
            Reason::VisaExpired { .. } => "visa-expired",
            Reason::VisaEntriesUsed => "visa-entries-used",
            Reason::VisaPurposeMismatch { .. } => "visa-purpose-mismatch",
            Reason::NoResidencePermit => "no-residence-permit",
            Reason::ResidencePermitExpired { .. } => "residence-permit-expired",
            Reason::ResidencePermitCategoryUnknown => "residence-permit-category-unknown",
            Reason::ResidencePermitPurposeMismatch { .. } => "residence-permit-purpose-mismatch",
            Reason::Applies { .. } => "applies",
            Reason::OnwardWithinPermit { .. } => "onward-within-permit",
            Reason::RollingCapped { .. } => "rolling-limit-shortens-stay",
            Reason::RollingUsage { .. } => "rolling-limit-usage",
            Reason::CappedByDocument { .. } => "stay-capped-by-document",
            Reason::DocumentValidityUnchecked { .. } => "document-validity-unchecked",
            Reason::ResidencePermitDue => "residence-permit-due",
            Reason::AssumedStay { .. } => "stay-assumed",
            Reason::WeakSource { .. } => "weak-source",
        }
    }

    /// True if the reason stops the scheme from applying; false for notes.
    pub fn is_failure(&self) -> bool {
        !matches!(
            self,
            Reason::Applies { .. }
                | Reason::OnwardWithinPermit { .. }
                | Reason::RollingCapped { .. }
                | Reason::RollingUsage { .. }
                | Reason::CappedByDocument { .. }
                | Reason::DocumentValidityUnchecked { .. }
                | Reason::ResidencePermitDue
                | Reason::AssumedStay { .. }
                | Reason::WeakSource { .. }
        )
    }

    /// The reason as an English sentence.
    pub fn describe(&self, rules: &RuleSet, tz: &TimeZone) -> String {
        let ts = |t: &Moment| rfc3339(t.timestamp(), tz);
        let port = |i: &u16| rules.ports.get(usize::from(*i)).map_or("?", |p| p.code.as_str()).to_owned();
        match self {
            Reason::NotInForce { from, to } => format!(
                "the scheme covers entries {}; the arrival date is outside it",
                plain::period_en(*from, *to)
            ),
            Reason::NationalityNotCovered { schemes } => {
                format!("none of the {schemes} scheme(s) of this kind covers the nationality")
            }
            Reason::NationalityExcluded => "the nationality is excluded from the scheme".into(),
            Reason::NationalityNotYet { from } => format!("the nationality is covered only from {from}"),
            Reason::NationalityEnded { to } => format!("the nationality's coverage ended on {to}"),
            Reason::DocumentTypeNotCovered { document } => {
                format!("the scheme does not cover the {}", document.label_en())
            }
            Reason::DocumentExpired { until } => format!("the travel document expired on {until}"),
            Reason::DocumentValidityTooShort { until, months } => format!(
                "the travel document (valid until {until}) must be valid for at least {months} months after entry"
            ),
            Reason::PortNotDesignated => "the port of arrival is not designated for the scheme".into(),
            Reason::PortNotYet { from } => format!("the port of arrival is designated only from {from}"),
            Reason::PortEnded { to } => format!("the port of arrival's designation ended on {to}"),
            Reason::ExitPortNotDesignated { port: p } => {
                format!("the onward port {} is not designated for the scheme", port(p))
            }
            Reason::ExitPortMustBeEntryPort { port: p } => format!(
                "the traveller must leave from the port of arrival without leaving it, not from {}",
                port(p)
            ),
            Reason::OriginNotAllowed { origin } => match origin {
                Some(o) => format!("the scheme is not for arrivals from {}", o.trimmed()),
                None => "the scheme is for arrivals from particular places; the origin was not given".into(),
            },
            Reason::PurposeExcluded { purpose } => {
                format!("{} is excluded: it needs a visa of the matching category", purpose.label_en())
            }
            Reason::PurposeNotAllowed { purpose } => {
                format!("{} is not among the purposes the scheme allows", purpose.label_en())
            }
            Reason::GroupRequired { min } => format!("the scheme is for tour groups of at least {min}"),
            Reason::GroupTooSmall { size, min } => {
                format!("the group has {size} member(s); at least {min} needed")
            }
            Reason::OrganiserMissing => {
                "the scheme requires an organising travel agency; none was given".into()
            }
            Reason::OrganiserNotAccepted => {
                "the group's organiser is not of a kind the scheme accepts".into()
            }
            Reason::OnwardTicketMissing => "the scheme requires a confirmed onward ticket".into(),
            Reason::OnwardDestinationMissing => "the onward ticket's destination was not given".into(),
            Reason::OnwardDepartureMissing => "the onward ticket's departure time was not given".into(),
            Reason::OriginUnknown => {
                "the origin was not given; the destination must be a country or region other than the origin"
                    .into()
            }
            Reason::DestinationNotThirdCountry { destination } => {
                format!("the onward destination {} is not a third country or region", destination.trimmed())
            }
            Reason::DestinationEqualsOrigin { country } => format!(
                "the onward destination is the country or region of origin ({}); transit must be to a third country \
                 or region",
                country.trimmed()
            ),
            Reason::DepartureBeforeArrival { departure } => {
                format!("the onward departure {} is not after the arrival", ts(departure))
            }
            Reason::DepartureAfterPermit { departure, until } => format!(
                "the onward departure {} is not before the end of the permitted stay {}",
                ts(departure),
                ts(until)
            ),
            Reason::SupportingDocumentMissing { document } => format!(
                "the scheme requires: {}",
                rules
                    .documents
                    .get(usize::from(*document))
                    .map_or("a supporting document", |d| d.en.as_str())
            ),
            Reason::RollingLimitExhausted { used, limit, window } => format!(
                "{used} of {limit} days in any {window} are already used on the entry day; no day remains"
            ),
            Reason::StayOutOfRange => "the end of the stay is outside the supported calendar".into(),
            Reason::NoVisa => "no visa is held".into(),
            Reason::VisaCategoryUnknown => "the visa category is not known to the rule set".into(),
            Reason::VisaNotYetValid { from } => format!("the visa is valid only from {from}"),
            Reason::VisaExpired { until } => format!("the visa's last day of entry was {until}"),
            Reason::VisaEntriesUsed => "the visa's entries are used up".into(),
            Reason::VisaPurposeMismatch { category, purpose } => format!(
                "a {} visa does not cover {} (EEA-Law Art. 25(3))",
                rules.visa_categories.get(usize::from(*category)).map_or("?", |c| c.code.as_str()),
                purpose.label_en()
            ),
            Reason::NoResidencePermit => "no residence permit is held".into(),
            Reason::ResidencePermitExpired { until } => format!("the residence permit expired on {until}"),
            Reason::ResidencePermitCategoryUnknown => "the residence-permit category is not known".into(),
            Reason::ResidencePermitPurposeMismatch { purpose } => {
                format!("the residence permit does not cover {}", purpose.label_en())
            }
            Reason::Applies { until } => {
                format!("applies; the permitted stay ends at {} (exclusive)", ts(until))
            }
            Reason::OnwardWithinPermit { departure, until } => format!(
                "the onward departure {} is before the end of the permit {}; the permit itself runs its full length",
                ts(departure),
                ts(until)
            ),
            Reason::RollingCapped { used, limit, window, last_day } => format!(
                "{used} day(s) present in the {window} days up to entry; at most {limit} in any {window}, counting \
                 entry and exit days, so the last permitted day is {last_day}"
            ),
            Reason::RollingUsage { used, limit, window } => format!(
                "{used} day(s) present in the {window} days before entry; the whole stay fits within {limit} in any \
                 {window}"
            ),
            Reason::CappedByDocument { until } => {
                format!("the stay is cut short by the document's expiry on {until}")
            }
            Reason::DocumentValidityUnchecked { months } => format!(
                "the document's expiry was not given; it must be valid for at least {months} months after entry"
            ),
            Reason::ResidencePermitDue => {
                "the holder must apply for a residence permit within 30 days of entry (EEA-Law Art. 30)"
                    .into()
            }
            Reason::AssumedStay { days } => format!(
                "the visa's duration of stay was not given; the category's usual {days} days were assumed — the \
                 printed duration governs"
            ),
            Reason::WeakSource { confidence } => format!(
                "part of this rule rests on a source marked {confidence}; verify it against the official text"
            ),
        }
    }
}

/// A short, fixed-capacity list of reasons, so evaluation does not allocate per scheme.
///
/// Six reasons are more than any scheme of the China rule set produces at once; should a scheme ever
/// produce more, the extra ones are counted (failures and notes apart), so a dropped failure still makes
/// the scheme fail and a dropped note never does.
#[derive(Debug, Clone, Copy)]
pub struct Reasons {
    items: [Option<Reason>; Reasons::CAPACITY],
    len: u8,
    dropped_failures: u8,
    dropped_notes: u8,
}

impl Reasons {
    const CAPACITY: usize = 6;

    pub(crate) fn new() -> Self {
        Reasons { items: [None; Reasons::CAPACITY], len: 0, dropped_failures: 0, dropped_notes: 0 }
    }

    pub(crate) fn push(&mut self, r: Reason) {
        match self.items.get_mut(usize::from(self.len)) {
            Some(slot) => {
                *slot = Some(r);
                self.len += 1;
            }
            None if r.is_failure() => self.dropped_failures = self.dropped_failures.saturating_add(1),
            None => self.dropped_notes = self.dropped_notes.saturating_add(1),
        }
    }

    /// The reasons recorded, in the order they were found.
    pub fn iter(&self) -> impl Iterator<Item = &Reason> {
        self.items.iter().flatten()
    }

    /// True if any reason found stops the scheme from applying.
    pub fn has_failure(&self) -> bool {
        self.dropped_failures > 0 || self.iter().any(Reason::is_failure)
    }

    /// Reasons found beyond the capacity (they are counted, not kept).
    pub fn dropped(&self) -> u8 {
        self.dropped_failures.saturating_add(self.dropped_notes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overflowing_notes_never_fail_a_scheme() {
        let mut r = Reasons::new();
        for _ in 0..10 {
            r.push(Reason::ResidencePermitDue);
        }
        assert!(!r.has_failure());
        assert_eq!((r.iter().count(), r.dropped()), (Reasons::CAPACITY, 4));
        r.push(Reason::NoVisa);
        assert!(r.has_failure());
    }
}

/// One line of the trace: a scheme considered and why it applies or not.
#[derive(Debug, Clone)]
pub struct TraceEntry {
    pub(crate) scheme: Option<u16>,
    /// The scheme's kind.
    pub kind: Kind,
    /// True if every condition of the scheme is met.
    pub applies: bool,
    /// The end of the stay the scheme would grant, if it applies.
    pub permitted_until: Option<Timestamp>,
    /// The weakest confidence mark among the facts used.
    pub confidence: Confidence,
    /// Why it applies or not.
    pub reasons: Reasons,
}

/// Which citations a visa-required decision carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ground {
    NoScheme,
    PurposeMismatch,
    InvalidDocument,
}

/// The outcome of [`RuleSet::check`]. It borrows the rule set it came from, which also names the version
/// it reports.
#[derive(Debug, Clone)]
pub struct Decision<'r> {
    pub(crate) rules: &'r RuleSet,
    pub(crate) port: u16,
    pub(crate) nationality: CountryCode,
    pub(crate) entry: Timestamp,
    pub(crate) chosen: Option<usize>,
    pub(crate) ground: Ground,
    pub(crate) trace: Vec<TraceEntry>,
}

/// Another scheme that also applies.
#[derive(Debug, Clone, Copy)]
pub struct Alternative<'r> {
    /// The scheme.
    pub scheme: &'r Scheme,
    /// The end of the stay it would grant.
    pub permitted_until: Option<Timestamp>,
}

/// A condition attached to a decision, in English and Chinese.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Condition {
    /// A stable code.
    pub code: String,
    /// English.
    pub en: String,
    /// Chinese.
    pub zh: String,
}

impl Condition {
    fn new(code: &str, en: String, zh: String) -> Self {
        Condition { code: code.to_owned(), en, zh }
    }
}

impl<'r> Decision<'r> {
    fn chosen_entry(&self) -> Option<&TraceEntry> {
        self.chosen.and_then(|i| self.trace.get(i))
    }

    /// True if some scheme or holding admits the traveller. Advice to the officer, never a refusal.
    pub fn admissible(&self) -> bool {
        self.chosen.is_some()
    }

    /// What the decision rests on; `visa-required` if nothing applies.
    pub fn kind(&self) -> Kind {
        self.chosen_entry().map_or(Kind::VisaRequired, |t| t.kind)
    }

    /// The scheme that applies.
    pub fn scheme(&self) -> Option<&'r Scheme> {
        let i = self.chosen_entry()?.scheme?;
        self.rules.schemes.get(usize::from(i))
    }

    /// The instant the permitted stay ends (exclusive).
    pub fn permitted_until(&self) -> Option<Timestamp> {
        self.chosen_entry()?.permitted_until
    }

    /// [`Decision::permitted_until`] as RFC 3339 in the port's time zone.
    pub fn permitted_until_rfc3339(&self) -> Option<String> {
        self.permitted_until().map(|t| rfc3339(t, self.time_zone()))
    }

    /// The deadline in plain words (`leave by 24:00 on 11 December`).
    pub fn deadline(&self) -> Option<plain::Deadline> {
        self.permitted_until().map(|t| plain::Deadline::new(t, self.time_zone()))
    }

    /// Where the traveller may stay.
    pub fn permitted_area(&self) -> Option<&'r Area> {
        let area = self.scheme()?.area?;
        self.rules.areas.get(usize::from(area))
    }

    /// The citations: the scheme's legal basis, or for `visa-required` what an officer would cite.
    pub fn legal_basis(&self) -> &'r [Citation] {
        match self.scheme() {
            Some(s) => &s.legal_basis,
            None => match self.ground {
                Ground::NoScheme => &self.rules.refusal.no_scheme,
                Ground::PurposeMismatch => &self.rules.refusal.purpose_mismatch,
                Ground::InvalidDocument => &self.rules.refusal.invalid_document,
            },
        }
    }

    /// Other schemes that also apply, in precedence order.
    pub fn alternatives(&self) -> impl Iterator<Item = Alternative<'r>> + '_ {
        let rules = self.rules;
        self.trace.iter().enumerate().filter(move |(i, t)| t.applies && Some(*i) != self.chosen).filter_map(
            move |(_, t)| {
                let scheme = rules.schemes.get(usize::from(t.scheme?))?;
                Some(Alternative { scheme, permitted_until: t.permitted_until })
            },
        )
    }

    /// Every scheme considered, in the order considered (precedence), then one summary line per kind for
    /// which no scheme covers the nationality.
    pub fn trace(&self) -> &[TraceEntry] {
        &self.trace
    }

    /// The scheme a trace entry is about (`None` for summary lines).
    pub fn trace_scheme(&self, entry: &TraceEntry) -> Option<&'r Scheme> {
        self.rules.schemes.get(usize::from(entry.scheme?))
    }

    /// The rule set that produced the decision.
    pub fn rules(&self) -> &'r RuleSet {
        self.rules
    }

    /// The port of arrival.
    pub fn port(&self) -> Option<&'r PortInfo> {
        self.rules.ports.get(usize::from(self.port))
    }

    /// The port's time zone.
    pub fn time_zone(&self) -> &'r TimeZone {
        static UTC: std::sync::LazyLock<TimeZone> = std::sync::LazyLock::new(|| TimeZone::UTC);
        self.port().map_or(&UTC, |p| &p.time_zone)
    }

    /// The arrival instant.
    pub fn entry(&self) -> Timestamp {
        self.entry
    }

    /// The weakest confidence mark among the facts the decision rests on.
    pub fn confidence(&self) -> Confidence {
        self.chosen_entry().map_or(Confidence::Ok, |t| t.confidence)
    }

    /// The conditions attached to the decision, in English and Chinese.
    pub fn conditions(&self) -> Vec<Condition> {
        let mut out = Vec::new();
        let rules = self.rules;
        let tz = self.time_zone();
        let Some(entry) = self.chosen_entry() else {
            out.push(Condition::new(
                "visa-needed",
                "Apply for a visa at a Chinese embassy or consulate before travelling (EEA-Law Art. 15)."
                    .into(),
                "请在出行前向中国驻外使领馆申请签证（《出境入境管理法》第十五条）。".into(),
            ));
            if self.ground == Ground::PurposeMismatch {
                out.push(Condition::new(
                    "visa-purpose-mismatch",
                    "The visa held does not cover the purpose of this journey; entry may be refused (EEA-Law Art. \
                     25(3))."
                        .into(),
                    "所持签证种类与入境事由不符，可能不准入境（《出境入境管理法》第二十五条第三项）。".into(),
                ));
            }
            let port_visa_possible = self.trace.iter().any(|t| {
                t.kind == Kind::PortVisa
                    && t.reasons
                        .iter()
                        .filter(|r| r.is_failure())
                        .all(|r| matches!(r, Reason::SupportingDocumentMissing { .. }))
                    && t.reasons.iter().any(|r| r.is_failure())
            });
            if port_visa_possible {
                out.push(Condition::new(
                    "port-visa-possible",
                    "For an urgent need, a port visa may be applied for at this port with the approval documents of \
                     the competent department (EEA-Law Art. 20)."
                        .into(),
                    "如有紧急事由，可持主管部门同意的证明材料在本口岸申请口岸签证（《出境入境管理法》第二十条）。"
                        .into(),
                ));
            }
            return out;
        };
        let scheme = self.scheme();
        if let Some(deadline) = self.deadline() {
            out.push(Condition::new(
                "leave-by",
                format!("{}.", plain::capitalise(&deadline.en_full())),
                format!("{}。", deadline.zh_full()),
            ));
        }
        if let Some(area) = self.permitted_area() {
            out.push(Condition::new(
                "stay-within-area",
                format!("Stay within {}.", plain::area_en(area)),
                format!("停留区域：{}。", plain::area_zh(area)),
            ));
        }
        if let Some(s) = scheme {
            for c in &s.conditions {
                if let Some(t) = rules.conditions.get(usize::from(*c)) {
                    out.push(Condition::new(&t.id, t.en.clone(), t.zh.clone()));
                }
            }
            if let Some(g) = &s.group
                && g.together
            {
                out.push(Condition::new(
                    "group-together",
                    "Enter and leave together with the tour group.".into(),
                    "须随团整进整出。".into(),
                ));
            }
        }
        for r in entry.reasons.iter() {
            match r {
                Reason::OnwardWithinPermit { departure, .. } => out.push(Condition::new(
                    "onward-ticket",
                    format!("Leave on the confirmed onward ticket departing {}.", rfc3339(departure.timestamp(), tz)),
                    format!("须按已确认的联程客票于{}离境。", plain::datetime_zh(departure.timestamp(), tz)),
                )),
                Reason::RollingCapped { limit, window, last_day, .. } => out.push(Condition::new(
                    "rolling-limit",
                    format!(
                        "At most {limit} days in any {window}: the earlier stays limit this one to {last_day} \
                         inclusive."
                    ),
                    format!("任意{window}日内累计停留不超过{limit}日：因此前停留，本次停留至{last_day}止。"),
                )),
                Reason::CappedByDocument { until } => out.push(Condition::new(
                    "document-expiry",
                    format!("The stay ends with the travel document's validity ({until})."),
                    format!("停留期限不得超过旅行证件有效期（{until}）。"),
                )),
                Reason::DocumentValidityUnchecked { months } => out.push(Condition::new(
                    "document-validity",
                    format!("Check that the travel document is valid for at least {months} months after entry."),
                    format!("须核实旅行证件自入境之日起有效期不少于{months}个月。"),
                )),
                Reason::ResidencePermitDue => out.push(Condition::new(
                    "residence-permit-due",
                    "Apply for a residence permit within 30 days of entry (EEA-Law Art. 30).".into(),
                    "须自入境之日起30日内申请办理外国人居留证件（《出境入境管理法》第三十条）。".into(),
                )),
                Reason::AssumedStay { days } => out.push(Condition::new(
                    "stay-assumed",
                    format!("The duration of stay printed on the visa governs; {days} days were assumed."),
                    format!("以签证所注停留期为准；此处按{days}日估算。"),
                )),
                Reason::WeakSource { confidence } => out.push(Condition::new(
                    "verify-rule",
                    format!(
                        "Part of this rule is marked {confidence} in the reference: verify it against the official \
                         text before relying on it."
                    ),
                    format!("本规则部分内容的可信度标记为{confidence}，使用前请以官方文本核实。"),
                )),
                _ => {}
            }
        }
        out
    }

    /// The answer in plain words for the public self-check page.
    pub fn plain(&self) -> plain::PlainAnswer {
        plain::PlainAnswer::of(self)
    }
}

/// The JSON form: the fields the API documents, with sentences written out.
impl Serialize for Decision<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct RuleSetRef<'a> {
            id: &'a str,
            version: &'a str,
            hash: &'a str,
            label: &'a str,
            draft: bool,
        }
        #[derive(Serialize)]
        struct Bilingual<'a> {
            en: &'a str,
            zh: &'a str,
        }
        #[derive(Serialize)]
        struct Owned {
            en: String,
            zh: String,
        }
        #[derive(Serialize)]
        struct AreaJson<'a> {
            id: &'a str,
            name_en: &'a str,
            name_zh: &'a str,
            description_en: String,
            description_zh: String,
            confidence: Confidence,
            regions: &'a [crate::ruleset::Region],
        }
        #[derive(Serialize)]
        struct CitationJson<'a> {
            citation: &'a str,
            en: String,
            zh: String,
        }
        #[derive(Serialize)]
        struct AlternativeJson<'a> {
            scheme: &'a str,
            kind: Kind,
            permitted_until: Option<String>,
        }
        #[derive(Serialize)]
        struct ReasonJson {
            code: &'static str,
            failure: bool,
            detail: String,
        }
        #[derive(Serialize)]
        struct TraceJson<'a> {
            scheme: Option<&'a str>,
            kind: Kind,
            applies: bool,
            #[serde(skip_serializing_if = "Option::is_none")]
            permitted_until: Option<String>,
            confidence: Confidence,
            reasons: Vec<ReasonJson>,
        }

        let rules = self.rules;
        let tz = self.time_zone();
        let meta = &rules.meta;
        let scheme = self.scheme();
        let mut st = s.serialize_struct("Decision", 19)?;
        st.serialize_field(
            "ruleset",
            &RuleSetRef {
                id: &meta.id,
                version: &meta.version,
                hash: &meta.hash,
                label: &meta.label,
                draft: meta.draft,
            },
        )?;
        st.serialize_field("admissible", &self.admissible())?;
        st.serialize_field("kind", &self.kind())?;
        st.serialize_field("scheme", &scheme.map(|s| s.id.as_str()))?;
        st.serialize_field("scheme_name", &scheme.map(|s| Bilingual { en: &s.name_en, zh: &s.name_zh }))?;
        st.serialize_field("nationality", &self.nationality)?;
        st.serialize_field("port", &self.port().map(|p| p.code.as_str()))?;
        st.serialize_field("time_zone", &self.port().map(|p| p.time_zone_name.as_str()))?;
        st.serialize_field("entry", &rfc3339(self.entry, tz))?;
        st.serialize_field("permitted_until", &self.permitted_until_rfc3339())?;
        st.serialize_field("deadline", &self.deadline().map(|d| Owned { en: d.en(), zh: d.zh() }))?;
        st.serialize_field(
            "permitted_area",
            &self.permitted_area().map(|a| AreaJson {
                id: &a.id,
                name_en: &a.name_en,
                name_zh: &a.name_zh,
                description_en: plain::area_en(a),
                description_zh: plain::area_zh(a),
                confidence: a.confidence,
                regions: &a.regions,
            }),
        )?;
        st.serialize_field("conditions", &self.conditions())?;
        let cites: Vec<CitationJson<'_>> = self
            .legal_basis()
            .iter()
            .map(|c| CitationJson {
                citation: &c.text,
                en: plain::citation_en(rules, c),
                zh: plain::citation_zh(rules, c),
            })
            .collect();
        st.serialize_field("legal_basis", &cites)?;
        let alternatives: Vec<AlternativeJson<'_>> = self
            .alternatives()
            .map(|a| AlternativeJson {
                scheme: &a.scheme.id,
                kind: a.scheme.kind,
                permitted_until: a.permitted_until.map(|t| rfc3339(t, tz)),
            })
            .collect();
        st.serialize_field("alternatives", &alternatives)?;
        st.serialize_field("confidence", &self.confidence())?;
        let trace: Vec<TraceJson<'_>> = self
            .trace
            .iter()
            .map(|t| TraceJson {
                scheme: self.trace_scheme(t).map(|s| s.id.as_str()),
                kind: t.kind,
                applies: t.applies,
                permitted_until: t.permitted_until.map(|u| rfc3339(u, tz)),
                confidence: t.confidence,
                reasons: t
                    .reasons
                    .iter()
                    .map(|r| ReasonJson {
                        code: r.code(),
                        failure: r.is_failure(),
                        detail: r.describe(rules, tz),
                    })
                    .collect(),
            })
            .collect();
        st.serialize_field("trace", &trace)?;
        st.end()
    }
}
