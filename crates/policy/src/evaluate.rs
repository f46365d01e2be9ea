//! Evaluation: a request against a rule set, as an explicit ordered list of checks per scheme.
//!
//! For each candidate scheme (from the nationality index, in precedence order) the checks run in a fixed
//! order — period, nationality, document, port, exit port, origin, purpose, group, supporting documents,
//! holdings, stay end, document cap, rolling limit, onward ticket — and every failure is recorded, not
//! just the first, so the trace tells an officer everything that stands in the way. The first scheme that
//! applies decides; the others that also apply become alternatives. Nothing here reads a clock: the
//! arrival instant is the only "now".

use codes::CountryCode;
use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};

use crate::decision::{Decision, Ground, Moment, Reason, Reasons, TraceEntry};
use crate::model::{Clock, Confidence, DocumentType, Kind, Purpose, StayLength};
use crate::request::{CheckError, CheckRequest, Group, Holdings};
use crate::ruleset::{Candidate, ExitRule, Holding, OnwardRule, Period, RollingLimit, RuleSet, Scheme};
use crate::time::{Zone, add_months, date_of_day, day_number};

/// Everything about the request that every scheme needs, resolved once.
struct Ctx<'q> {
    port: u16,
    zone: &'q Zone,
    entry: Timestamp,
    entry_date: Date,
    entry_day: i32,
    document: DocumentType,
    document_until: Option<Date>,
    origin: Option<CountryCode>,
    purpose: Purpose,
    group: Option<&'q Group>,
    holdings: &'q Holdings,
    onward: Option<OnwardFacts>,
    /// Earlier stays that count towards rolling limits, as inclusive day-number ranges.
    history: Vec<(i32, i32)>,
}

#[derive(Clone, Copy)]
struct OnwardFacts {
    destination: Option<CountryCode>,
    departure: Option<Timestamp>,
    port: Option<u16>,
}

impl RuleSet {
    /// Evaluates a request: may this person enter, on what basis, until when, where, and why.
    ///
    /// Pure and deterministic: the same request and rule set always give the same decision.
    ///
    /// ```
    /// use policy::{CheckRequest, LocalOrInstant, Purpose, RuleSet};
    /// let rules = RuleSet::china().unwrap();
    /// let nat = codes::CountryCode::parse("FRA").unwrap();
    /// let arrival: LocalOrInstant = "2026-12-01T23:59".parse().unwrap();
    /// let decision = rules.check(&CheckRequest::new(nat, "PEK", arrival, Purpose::Tourism)).unwrap();
    /// assert_eq!(decision.kind().as_str(), "unilateral-visa-free");
    /// // 30 days counted from 00:00 on 2 December: leave by 24:00 on 31 December.
    /// assert_eq!(decision.permitted_until_rfc3339().unwrap(), "2027-01-01T00:00:00+08:00");
    /// ```
    pub fn check(&self, req: &CheckRequest) -> Result<Decision<'_>, CheckError> {
        let nationality = req.traveller.nationality;
        if nationality.is_china() {
            return Err(CheckError::NotAForeigner);
        }
        let port = self.port_idx(&req.arrival.port).ok_or_else(|| CheckError::UnknownPort {
            field: "arrival.port",
            code: req.arrival.port.clone(),
        })?;
        let info = self.ports.get(usize::from(port)).ok_or_else(|| CheckError::UnknownPort {
            field: "arrival.port",
            code: req.arrival.port.clone(),
        })?;
        let zone = &info.zone;
        let entry = zone
            .resolve(req.arrival.instant)
            .map_err(|error| CheckError::Time { field: "arrival.instant", error })?;
        let entry_date = zone.date_of(entry);

        let onward = match &req.onward {
            None => None,
            Some(o) => {
                let departure = match &o.departure {
                    Some(d) => Some(
                        zone.resolve(*d)
                            .map_err(|error| CheckError::Time { field: "onward.departure", error })?,
                    ),
                    None => None,
                };
                let port = match &o.port {
                    Some(code) => Some(self.port_idx(code).ok_or_else(|| CheckError::UnknownPort {
                        field: "onward.port",
                        code: code.clone(),
                    })?),
                    None => None,
                };
                Some(OnwardFacts { destination: o.destination, departure, port })
            }
        };

        let mut history = Vec::new();
        for (index, stay) in req.history.iter().enumerate() {
            let a = zone
                .resolve(stay.entry)
                .map_err(|error| CheckError::Time { field: "history.entry", error })?;
            let b =
                zone.resolve(stay.exit).map_err(|error| CheckError::Time { field: "history.exit", error })?;
            if b < a {
                return Err(CheckError::StayOutOfOrder { index });
            }
            // Stays on a visa or residence permit are not visa-free stays and do not count towards the
            // visa-free rolling limits (as in the EU's calculator).
            if !matches!(stay.kind, Some(Kind::Visa | Kind::ResidencePermit)) {
                history.push((zone.day_of(a), zone.day_of(b)));
            }
        }

        let ctx = Ctx {
            port,
            zone,
            entry,
            entry_date,
            entry_day: day_number(entry_date),
            document: req.traveller.document_type,
            document_until: req.traveller.document_valid_until,
            origin: req.arrival.origin,
            purpose: req.arrival.purpose,
            group: req.arrival.group.as_ref(),
            holdings: &req.holdings,
            onward,
            history,
        };

        let list = self.candidates(nationality);
        let mut trace = Vec::with_capacity(list.entries.len() + list.uncovered.len());
        for cand in &list.entries {
            if let Some(scheme) = self.schemes.get(usize::from(cand.scheme)) {
                trace.push(self.evaluate(scheme, cand, &ctx));
            }
        }
        for (kind, schemes) in &list.uncovered {
            let mut reasons = Reasons::new();
            reasons.push(Reason::NationalityNotCovered { schemes: *schemes });
            trace.push(TraceEntry {
                scheme: None,
                kind: *kind,
                applies: false,
                permitted_until: None,
                confidence: Confidence::Ok,
                reasons,
            });
        }

        let chosen = trace.iter().position(|t| t.applies);
        let reason_anywhere = |f: fn(&Reason) -> bool| trace.iter().any(|t| t.reasons.iter().any(f));
        let ground = if reason_anywhere(|r| matches!(r, Reason::DocumentExpired { .. })) {
            Ground::InvalidDocument
        } else if reason_anywhere(|r| {
            matches!(r, Reason::VisaPurposeMismatch { .. } | Reason::ResidencePermitPurposeMismatch { .. })
        }) {
            Ground::PurposeMismatch
        } else {
            Ground::NoScheme
        };
        Ok(Decision { rules: self, port, nationality, entry, chosen, ground, trace })
    }

    fn evaluate(&self, s: &Scheme, cand: &Candidate, x: &Ctx<'_>) -> TraceEntry {
        let mut r = Reasons::new();
        let mut conf = s.confidence;
        let d = x.entry_date;

        // 1. The scheme's own period.
        if !(s.valid_from.is_none_or(|f| f <= d) && s.valid_to.is_none_or(|t| d <= t)) {
            r.push(Reason::NotInForce { from: s.valid_from, to: s.valid_to });
        }

        // 2. The nationality's period within the scheme (batches).
        if cand.excluded {
            r.push(Reason::NationalityExcluded);
        } else if !cand.periods.is_empty() {
            match cand.periods.iter().find(|p| p.covers(d)) {
                Some(p) => conf = conf.min(p.confidence),
                None => r.push(gap(&cand.periods, d, Gap::Nationality)),
            }
        }

        // 3–4. The document: type, expiry, validity margin.
        if !s.documents.contains(x.document) {
            r.push(Reason::DocumentTypeNotCovered { document: x.document });
        }
        match (x.document_until, s.min_document_validity_months) {
            (Some(until), _) if until < d => r.push(Reason::DocumentExpired { until }),
            (Some(until), Some(months))
                if months > 0 && add_months(d, months).is_none_or(|needed| until < needed) =>
            {
                r.push(Reason::DocumentValidityTooShort { until, months });
            }
            (None, Some(months)) if months > 0 => r.push(Reason::DocumentValidityUnchecked { months }),
            _ => {}
        }

        // 5. The port of arrival.
        if !s.any_port {
            match port_period(s, x.port, d) {
                Ok(p) => conf = conf.min(p.confidence),
                Err(reason) => r.push(reason),
            }
        }

        // 6. The port of departure, when the onward ticket names one.
        if let Some(exit) = x.onward.and_then(|o| o.port) {
            let exit_date = x.onward.and_then(|o| o.departure).map_or(d, |t| x.zone.date_of(t));
            match s.exit {
                ExitRule::Any => {}
                ExitRule::Designated => {
                    if !s.any_port && port_period(s, exit, exit_date).is_err() {
                        r.push(Reason::ExitPortNotDesignated { port: exit });
                    }
                }
                ExitRule::SamePort => {
                    if exit != x.port {
                        r.push(Reason::ExitPortMustBeEntryPort { port: exit });
                    }
                }
            }
        }

        // 7. Where the traveller comes from.
        if let Some(origins) = &s.origins
            && x.origin.is_none_or(|o| !origins.contains(&o))
        {
            r.push(Reason::OriginNotAllowed { origin: x.origin });
        }

        // 8. Purpose. Holdings check purposes against their category below.
        let terms = s.terms_at(d);
        if s.purposes_excluded.contains(x.purpose) {
            r.push(Reason::PurposeExcluded { purpose: x.purpose });
        } else if s.holding.is_none() && terms.is_none_or(|t| !t.purposes.contains(x.purpose)) {
            r.push(Reason::PurposeNotAllowed { purpose: x.purpose });
        }

        // 9. Group and organiser.
        if let Some(g) = &s.group {
            match x.group {
                // A "group" of one is how a scheme says "through an agency, individuals welcome".
                None if g.min_size <= 1 && !g.organisers.is_empty() => r.push(Reason::OrganiserMissing),
                None => r.push(Reason::GroupRequired { min: g.min_size }),
                Some(group) => {
                    if group.size < g.min_size {
                        r.push(Reason::GroupTooSmall { size: group.size, min: g.min_size });
                    }
                    if !g.organisers.is_empty() {
                        match &group.organiser {
                            None => r.push(Reason::OrganiserMissing),
                            Some(o) => {
                                let accepted = g.organisers.iter().any(|i| {
                                    self.organisers.get(usize::from(*i)).is_some_and(|t| t.id == *o)
                                });
                                if !accepted {
                                    r.push(Reason::OrganiserNotAccepted);
                                }
                            }
                        }
                    }
                }
            }
        }

        // 10. Supporting documents (port visa approval, e-port visa).
        for doc in &s.requires_documents {
            let held =
                self.documents.get(usize::from(*doc)).is_some_and(|t| x.holdings.documents.contains(&t.id));
            if !held {
                r.push(Reason::SupportingDocumentMissing { document: *doc });
            }
        }

        // 11. The end of the stay, from the scheme's terms or from the holding. For a scheme that already
        // fails, the end is only worked out when it can add to the explanation (the onward ticket's
        // departure, a rolling limit over earlier stays); holdings are always checked.
        let explains = (s.onward.is_some() && x.onward.is_some_and(|o| o.departure.is_some()))
            || (s.rolling_limit.is_some() && !x.history.is_empty());
        let wanted = s.holding.is_some() || explains || !r.has_failure();
        let mut until = match s.holding {
            None if !wanted => None,
            None => match terms.and_then(|t| t.max_stay) {
                Some(len) => {
                    let end = stay_end(s.clock, len, x);
                    if end.is_none() {
                        r.push(Reason::StayOutOfRange);
                    }
                    end
                }
                None => None,
            },
            Some(Holding::Visa) => self.visa_until(s, x, &mut r, &mut conf),
            Some(Holding::ResidencePermit) => self.residence_until(s, x, &mut r, &mut conf),
        };

        // 12. No stay beyond the document's validity.
        if let (Some(u), Some(doc_until)) = (until, x.document_until)
            && let Some(cap) = x.zone.midnight(day_number(doc_until).saturating_add(1))
            && cap < u
            && doc_until >= d
        {
            until = Some(cap);
            r.push(Reason::CappedByDocument { until: doc_until });
        }

        // 13. Rolling limits over earlier stays.
        if let (Some(limit), Some(u)) = (s.rolling_limit, until) {
            until = match rolling(limit, x, u, &mut r) {
                Roll::Fits => Some(u),
                Roll::Capped(capped) => Some(capped),
                Roll::Exhausted => None,
            };
        }

        // 14. The onward ticket: to a third country or region, departing within the permit. The permit runs
        // its full length whatever the ticket says; the ticket only has to fit inside it.
        if let Some(rule) = s.onward {
            onward(rule, x, until, &mut r);
        }

        let applies = !r.has_failure() && until.is_some();
        if applies {
            if conf < Confidence::Ok {
                r.push(Reason::WeakSource { confidence: conf });
            }
            if let Some(u) = until {
                r.push(Reason::Applies { until: Moment::of(u) });
            }
        }
        TraceEntry {
            scheme: Some(cand.scheme),
            kind: s.kind,
            applies,
            permitted_until: if applies { until } else { None },
            confidence: conf,
            reasons: r,
        }
    }

    fn visa_until(
        &self,
        s: &Scheme,
        x: &Ctx<'_>,
        r: &mut Reasons,
        conf: &mut Confidence,
    ) -> Option<Timestamp> {
        let Some(v) = &x.holdings.visa else {
            r.push(Reason::NoVisa);
            return None;
        };
        let Some((ci, cat)) = self
            .visa_categories
            .iter()
            .enumerate()
            .find(|(_, c)| c.code.eq_ignore_ascii_case(v.category.trim()))
        else {
            r.push(Reason::VisaCategoryUnknown);
            return None;
        };
        *conf = (*conf).min(cat.confidence);
        let d = x.entry_date;
        if let Some(from) = v.valid_from
            && d < from
        {
            r.push(Reason::VisaNotYetValid { from });
        }
        if v.valid_until < d {
            r.push(Reason::VisaExpired { until: v.valid_until });
        }
        if !v.entries.allows(v.entries_used) {
            r.push(Reason::VisaEntriesUsed);
        }
        if !cat.purposes.contains(x.purpose) {
            r.push(Reason::VisaPurposeMismatch {
                category: u16::try_from(ci).unwrap_or(u16::MAX),
                purpose: x.purpose,
            });
        }
        // A printed duration of 0 (or none, for residence-type categories) means the holder stays on a
        // residence permit applied for within 30 days of entry (EEA-Law Art. 30).
        let days = match (v.duration_of_stay_days, cat.residence_permit_required) {
            (Some(0), _) | (None, true) => {
                r.push(Reason::ResidencePermitDue);
                30
            }
            (Some(n), _) => n,
            (None, false) => {
                let n = cat.default_stay_days.unwrap_or(30);
                r.push(Reason::AssumedStay { days: n });
                n
            }
        };
        let end = stay_end(s.clock, StayLength::Days(days.min(3660)), x);
        if end.is_none() {
            r.push(Reason::StayOutOfRange);
        }
        end
    }

    fn residence_until(
        &self,
        s: &Scheme,
        x: &Ctx<'_>,
        r: &mut Reasons,
        conf: &mut Confidence,
    ) -> Option<Timestamp> {
        let Some(rp) = &x.holdings.residence_permit else {
            r.push(Reason::NoResidencePermit);
            return None;
        };
        if rp.valid_until < x.entry_date {
            r.push(Reason::ResidencePermitExpired { until: rp.valid_until });
        }
        let mut purposes = s.terms_at(x.entry_date).map(|t| t.purposes).unwrap_or_default();
        if let Some(code) = &rp.category {
            match self.residence_categories.iter().find(|c| c.code.eq_ignore_ascii_case(code.trim())) {
                Some(cat) => {
                    purposes = purposes.union(cat.purposes);
                    *conf = (*conf).min(cat.confidence);
                }
                None => r.push(Reason::ResidencePermitCategoryUnknown),
            }
        }
        if !purposes.contains(x.purpose) {
            r.push(Reason::ResidencePermitPurposeMismatch { purpose: x.purpose });
        }
        let end = x.zone.midnight(day_number(rp.valid_until).saturating_add(1));
        if end.is_none() {
            r.push(Reason::StayOutOfRange);
        }
        end
    }
}

#[derive(Clone, Copy)]
enum Gap {
    Nationality,
    Port,
}

/// Why none of `periods` covers `date`: the latest period that ended before it, else the earliest that
/// starts after it.
fn gap(periods: &[Period], date: Date, what: Gap) -> Reason {
    let ended = periods.iter().filter_map(|p| p.to.filter(|t| *t < date)).max();
    let next = periods.iter().filter_map(|p| p.from.filter(|f| *f > date)).min();
    match (what, ended, next) {
        (Gap::Nationality, _, Some(from)) => Reason::NationalityNotYet { from },
        (Gap::Nationality, Some(to), None) => Reason::NationalityEnded { to },
        (Gap::Port, _, Some(from)) => Reason::PortNotYet { from },
        (Gap::Port, Some(to), None) => Reason::PortEnded { to },
        (Gap::Nationality, None, None) => Reason::NationalityExcluded,
        (Gap::Port, None, None) => Reason::PortNotDesignated,
    }
}

/// The designation period of `port` covering `date`.
fn port_period(s: &Scheme, port: u16, date: Date) -> Result<Period, Reason> {
    match s.ports.get(usize::from(port)) {
        Some(periods) if !periods.is_empty() => {
            periods.iter().find(|p| p.covers(date)).copied().ok_or_else(|| gap(periods, date, Gap::Port))
        }
        _ => Err(Reason::PortNotDesignated),
    }
}

/// The end of a stay of `len` under `clock`, exclusive.
///
/// `next-day-midnight`: counted from 00:00 of the day after the entry day in the port's zone, so 30 days
/// entered on 1 December (at any time) end at 24:00 on 31 December, and 240 hours end at 24:00 on 11
/// December. `from-arrival`: counted from the arrival instant in elapsed time.
fn stay_end(clock: Clock, len: StayLength, x: &Ctx<'_>) -> Option<Timestamp> {
    match (clock, len) {
        (Clock::NextDayMidnight, StayLength::Days(n)) => {
            x.zone.midnight(x.entry_day.checked_add(1)?.checked_add(i32::try_from(n).ok()?)?)
        }
        (Clock::NextDayMidnight, StayLength::Hours(h)) => x
            .zone
            .midnight(x.entry_day.checked_add(1)?)?
            .checked_add(SignedDuration::from_hours(i64::from(h)))
            .ok(),
        (Clock::FromArrival, StayLength::Days(n)) => {
            x.entry.checked_add(SignedDuration::from_hours(i64::from(n) * 24)).ok()
        }
        (Clock::FromArrival, StayLength::Hours(h)) => {
            x.entry.checked_add(SignedDuration::from_hours(i64::from(h))).ok()
        }
    }
}

enum Roll {
    /// The whole stay fits.
    Fits,
    /// The limit ends the stay earlier, at this instant.
    Capped(Timestamp),
    /// No day remains (or the arithmetic left the calendar).
    Exhausted,
}

/// Applies a rolling limit ("at most `days` in any `window_days`") and records a note or a failure.
///
/// Days are calendar days in the port's zone; a day counts if the traveller is present on any part of it,
/// so the entry and exit days of every stay count, this one included. Because each further day of the
/// new stay adds one day and at most one earlier day leaves the window, the count never falls as the stay
/// goes on, so the first day over the limit marks the end.
fn rolling(limit: RollingLimit, x: &Ctx<'_>, until: Timestamp, r: &mut Reasons) -> Roll {
    let (Ok(window), Ok(cap)) = (i32::try_from(limit.window_days), i32::try_from(limit.days)) else {
        r.push(Reason::StayOutOfRange);
        return Roll::Exhausted;
    };
    let e = x.entry_day;
    // The last day present is the day of the last instant before `until`.
    let last = match until.checked_sub(SignedDuration::from_nanos(1)) {
        Ok(t) => x.zone.day_of(t).max(e),
        Err(_) => {
            r.push(Reason::StayOutOfRange);
            return Roll::Exhausted;
        }
    };
    let (limit_days, window_days) = (limit.days, limit.window_days);
    let capped = |day: i32, used: u32, r: &mut Reasons| -> Roll {
        // `day` is the first day over the limit; the stay ends at its 00:00.
        match (date_of_day(day - 1), x.zone.midnight(day)) {
            (Some(last_day), Some(end)) => {
                r.push(Reason::RollingCapped { used, limit: limit_days, window: window_days, last_day });
                Roll::Capped(end)
            }
            _ => {
                r.push(Reason::StayOutOfRange);
                Roll::Exhausted
            }
        }
    };

    if x.history.is_empty() {
        // Only this stay counts: it may last `cap` calendar days, entry day included.
        if last - e + 1 > cap {
            return capped(e + cap, 0, r);
        }
        r.push(Reason::RollingUsage { used: 0, limit: limit_days, window: window_days });
        return Roll::Fits;
    }

    // Presence before the entry day, as prefix sums over [lo, last]; overlapping stays count once.
    let lo = e - window + 1;
    let len = usize::try_from(last - lo + 1).unwrap_or(0);
    let mut present = vec![false; len];
    for &(a, b) in &x.history {
        for day in a.max(lo)..=b.min(e - 1) {
            if let Some(slot) = usize::try_from(day - lo).ok().and_then(|i| present.get_mut(i)) {
                *slot = true;
            }
        }
    }
    let mut prefix = Vec::with_capacity(len + 1);
    prefix.push(0u32);
    let mut sum = 0u32;
    for p in &present {
        sum += u32::from(*p);
        prefix.push(sum);
    }
    // Days of earlier stays within the window ending on day `d`: [d - window + 1, d].
    let history_in = |d: i32| -> u32 {
        let at = |k: i32| usize::try_from(k).ok().and_then(|i| prefix.get(i)).copied().unwrap_or(0);
        at(d - lo + 1).saturating_sub(at(d - window - lo + 1))
    };
    let used = history_in(e);
    let cap = u32::try_from(cap).unwrap_or(u32::MAX);
    for day in e..=last {
        let count = history_in(day) + u32::try_from(day - e + 1).unwrap_or(u32::MAX);
        if count > cap {
            if day == e {
                r.push(Reason::RollingLimitExhausted { used, limit: limit_days, window: window_days });
                return Roll::Exhausted;
            }
            return capped(day, used, r);
        }
    }
    r.push(Reason::RollingUsage { used, limit: limit_days, window: window_days });
    Roll::Fits
}

fn onward(rule: OnwardRule, x: &Ctx<'_>, until: Option<Timestamp>, r: &mut Reasons) {
    let Some(o) = x.onward else {
        if rule.required {
            r.push(Reason::OnwardTicketMissing);
        }
        return;
    };
    match o.destination {
        None => r.push(Reason::OnwardDestinationMissing),
        Some(dest) if rule.third_country => {
            // Hong Kong, Macao and Taiwan count as third regions: only the mainland itself is excluded.
            if dest.is_china() {
                r.push(Reason::DestinationNotThirdCountry { destination: dest });
            } else {
                match x.origin {
                    None => r.push(Reason::OriginUnknown),
                    Some(origin) if origin == dest => {
                        r.push(Reason::DestinationEqualsOrigin { country: dest })
                    }
                    Some(_) => {}
                }
            }
        }
        Some(_) => {}
    }
    match o.departure {
        None => r.push(Reason::OnwardDepartureMissing),
        Some(dep) if dep <= x.entry => r.push(Reason::DepartureBeforeArrival { departure: Moment::of(dep) }),
        Some(dep) => {
            if rule.within_stay
                && let Some(u) = until
            {
                if dep >= u {
                    r.push(Reason::DepartureAfterPermit { departure: Moment::of(dep), until: Moment::of(u) });
                } else {
                    r.push(Reason::OnwardWithinPermit { departure: Moment::of(dep), until: Moment::of(u) });
                }
            }
        }
    }
}
