//! Applying an update message (change, cancel, reduction, close; BGM 1004) to a stored manifest, as a
//! pure function: the stored message and the update in, the new manifest and what changed out.
//!
//! Persons are matched by their unique passenger reference (RFF+ABO) when both sides have one, else
//! by family name and first document number, else by family name, given names and date of birth.
//!
//! | update | effect |
//! |---|---|
//! | original | replaces the stored manifest |
//! | change (`CP`, crew `CC` …) | listed persons replace their match or are added |
//! | change flight (`CF`) | as change, and the flight legs are replaced |
//! | cancel (`XR`), reduction (`RP`) | listed persons are removed |
//! | cancel flight (`XF`) | every person is removed; the flight is cancelled |
//! | close (`CL`, `CLOB`) | listed persons replace their match or are added; the flight is closed |
//! | close not on board (`CLNB`) | listed persons are removed; the flight is closed |

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::model::{Leg, Message, MessageFunction, Person};

/// Why an update cannot be applied.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum UpdateError {
    /// The update is for another flight (carrier, number, or departure differ).
    OtherFlight,
    /// The update is a passenger list and the stored manifest a crew list, or the other way round.
    OtherList,
    /// The BGM 1004 code is not one this crate knows how to apply.
    Unsupported(String),
}

impl fmt::Display for UpdateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UpdateError::OtherFlight => f.write_str("the update is for another flight"),
            UpdateError::OtherList => f.write_str("the update is for another list (passengers vs crew)"),
            UpdateError::Unsupported(code) => write!(f, "update code {code:?} cannot be applied"),
        }
    }
}

impl std::error::Error for UpdateError {}

/// The result of applying an update.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Applied {
    /// The manifest after the update.
    pub message: Message,
    /// Persons added.
    pub added: usize,
    /// Persons replaced by a newer version.
    pub replaced: usize,
    /// Persons removed.
    pub removed: usize,
    /// The update closes the flight.
    pub closed: bool,
    /// The update cancels the flight.
    pub cancelled: bool,
}

fn same_flight(a: Option<&Leg>, b: Option<&Leg>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => {
            a.carrier == b.carrier
                && a.number == b.number
                && a.departure.port == b.departure.port
                && a.departure.time.map(|t| t.0.date()) == b.departure.time.map(|t| t.0.date())
        }
        _ => true,
    }
}

/// Whether two person records describe the same traveller (see the module docs).
pub fn same_person(a: &Person, b: &Person) -> bool {
    if let (Some(x), Some(y)) = (&a.passenger_reference, &b.passenger_reference) {
        return x == y;
    }
    if a.role.is_crew() != b.role.is_crew() || a.surname != b.surname {
        return false;
    }
    match (a.documents.first(), b.documents.first()) {
        (Some(x), Some(y)) => x.number == y.number,
        _ => a.given_names == b.given_names && a.birth_date == b.birth_date,
    }
}

/// Applies `update` to `stored`. Segment ranges of the persons are those of the message they came
/// from, so a console can still link each person to its source.
///
/// ```
/// use paxlst::{Options, apply};
/// let today = jiff::civil::date(2014, 7, 8);
/// let text = include_str!("../tests/data/guide_example_5.3.edi");
/// let stored = paxlst::parse(text, &Options::lenient(today)).messages.remove(0);
/// // Cancel the second passenger's reservation.
/// let mut cancel = stored.clone();
/// cancel.function_code = Some("XR".into());
/// cancel.message_function = paxlst::MessageFunction::Cancel;
/// cancel.persons.remove(0);
/// let applied = apply(&stored, &cancel).unwrap();
/// assert_eq!((applied.removed, applied.message.persons.len()), (1, 1));
/// ```
pub fn apply(stored: &Message, update: &Message) -> Result<Applied, UpdateError> {
    if stored.list_type != update.list_type {
        return Err(UpdateError::OtherList);
    }
    if !same_flight(stored.flight.as_ref(), update.flight.as_ref())
        && update.function_code.as_deref() != Some("CF")
    {
        return Err(UpdateError::OtherFlight);
    }
    let mut out = Applied {
        message: stored.clone(),
        added: 0,
        replaced: 0,
        removed: 0,
        closed: false,
        cancelled: false,
    };
    let code = update.function_code.as_deref().unwrap_or_default();
    match (update.message_function, code) {
        (MessageFunction::Original, _) => {
            out.removed = stored.persons.len();
            out.added = update.persons.len();
            out.message = update.clone();
        }
        (MessageFunction::Change, _) => {
            if code == "CF" {
                out.message.legs.clone_from(&update.legs);
                out.message.flight.clone_from(&update.flight);
            }
            upsert(&mut out, &update.persons);
        }
        (MessageFunction::Cancel, "XF") => {
            out.removed = out.message.persons.len();
            out.message.persons.clear();
            out.cancelled = true;
        }
        (MessageFunction::Cancel | MessageFunction::Reduction, _) => remove(&mut out, &update.persons),
        (MessageFunction::Close, "CLNB") => {
            remove(&mut out, &update.persons);
            out.closed = true;
        }
        (MessageFunction::Close, _) => {
            upsert(&mut out, &update.persons);
            out.closed = true;
        }
        (_, code) => return Err(UpdateError::Unsupported(code.to_owned())),
    }
    out.message.declared_count = update.declared_count.or(out.message.declared_count);
    Ok(out)
}

fn upsert(out: &mut Applied, persons: &[Person]) {
    for p in persons {
        match out.message.persons.iter_mut().find(|q| same_person(q, p)) {
            Some(q) => {
                *q = p.clone();
                out.replaced += 1;
            }
            None => {
                out.message.persons.push(p.clone());
                out.added += 1;
            }
        }
    }
}

fn remove(out: &mut Applied, persons: &[Person]) {
    let before = out.message.persons.len();
    out.message.persons.retain(|q| !persons.iter().any(|p| same_person(q, p)));
    out.removed += before - out.message.persons.len();
}
