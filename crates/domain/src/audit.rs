//! The tamper-evident audit trail: what an audited act records, how records are hash-chained, and how a
//! chain is verified.
//!
//! Each record's hash covers its own fields and the previous record's hash, so altering, removing or
//! inserting any record breaks every hash after it. The storage crates append records (in the same
//! transaction as the act) and refuse UPDATE/DELETE with triggers; `verify_chain` is what
//! `guomen audit verify` runs over what the database returns.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::fmt;

use crate::auth::Principal;

/// The hash of the (non-existent) record before the first one.
pub const GENESIS: [u8; 32] = [0; 32];

/// What an audited act says about itself. Subjects are references (`traveller:0193…`, `user:officer1`),
/// never names or document numbers, so the audit trail itself does not spread personal data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEvent {
    /// A dotted verb, e.g. `inspection.create`, `traveller.read`, `user.create`.
    pub action: String,
    /// What the act touched, as a reference.
    pub subject: String,
    /// The purpose the actor stated, where the route asks for one.
    pub purpose: Option<String>,
    /// Structured, non-personal detail (decision codes, counts, ids).
    pub detail: serde_json::Value,
}

impl AuditEvent {
    pub fn new(action: impl Into<String>, subject: impl Into<String>) -> Self {
        AuditEvent {
            action: action.into(),
            subject: subject.into(),
            purpose: None,
            detail: serde_json::Value::Null,
        }
    }

    pub fn with_purpose(mut self, purpose: Option<String>) -> Self {
        self.purpose = purpose;
        self
    }

    pub fn with_detail(mut self, detail: serde_json::Value) -> Self {
        self.detail = detail;
        self
    }
}

/// One stored audit record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRecord {
    /// 1, 2, 3, … with no gaps.
    pub seq: i64,
    pub at: Timestamp,
    pub actor_id: String,
    pub actor_name: String,
    pub role: String,
    pub post: Option<String>,
    pub action: String,
    pub subject: String,
    pub purpose: Option<String>,
    /// The detail as canonical JSON text (as hashed).
    pub detail: String,
    /// Hex of the previous record's hash.
    pub prev_hash: String,
    /// Hex of this record's hash.
    pub hash: String,
}

impl AuditRecord {
    /// Builds the record that follows `prev_hash` at `seq`, computing its hash.
    pub fn chained(
        seq: i64,
        at: Timestamp,
        actor: &Principal,
        event: &AuditEvent,
        prev_hash: &[u8; 32],
    ) -> Self {
        let mut record = AuditRecord {
            seq,
            at,
            actor_id: actor.id.clone(),
            actor_name: actor.name.clone(),
            role: actor.role.as_str().to_owned(),
            post: actor.scope.post().map(str::to_owned),
            action: event.action.clone(),
            subject: event.subject.clone(),
            purpose: event.purpose.clone(),
            detail: if event.detail.is_null() { String::new() } else { event.detail.to_string() },
            prev_hash: hex32(prev_hash),
            hash: String::new(),
        };
        record.hash = hex32(&record.compute_hash());
        record
    }

    /// The hash of this record's content and its `prev_hash`, whatever its stored `hash` says.
    pub fn compute_hash(&self) -> [u8; 32] {
        let mut h = blake3::Hasher::new_derive_key("guomen audit record v1");
        let mut field = |bytes: &[u8]| {
            h.update(&(bytes.len() as u64).to_le_bytes());
            h.update(bytes);
        };
        field(&self.seq.to_le_bytes());
        field(&self.at.as_microsecond().to_le_bytes());
        field(self.actor_id.as_bytes());
        field(self.actor_name.as_bytes());
        field(self.role.as_bytes());
        field(self.post.as_deref().unwrap_or("\u{0}").as_bytes());
        field(self.action.as_bytes());
        field(self.subject.as_bytes());
        field(self.purpose.as_deref().unwrap_or("\u{0}").as_bytes());
        field(self.detail.as_bytes());
        field(self.prev_hash.as_bytes());
        *h.finalize().as_bytes()
    }

    /// The stored hash as bytes, if it is well-formed hex.
    pub fn hash_bytes(&self) -> Option<[u8; 32]> {
        parse_hex32(&self.hash)
    }
}

/// Where and why a chain stopped verifying.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainBreak {
    /// The sequence number of the first record that does not verify (or that is missing).
    pub seq: i64,
    pub reason: String,
}

impl fmt::Display for ChainBreak {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "audit record {}: {}", self.seq, self.reason)
    }
}

/// Incremental chain verification, so a caller can stream millions of records without holding them.
#[derive(Debug, Clone)]
pub struct ChainVerifier {
    expected_seq: i64,
    prev_hash: [u8; 32],
}

impl Default for ChainVerifier {
    fn default() -> Self {
        ChainVerifier { expected_seq: 1, prev_hash: GENESIS }
    }
}

impl ChainVerifier {
    /// Checks the next record in sequence order.
    pub fn push(&mut self, record: &AuditRecord) -> Result<(), ChainBreak> {
        if record.seq != self.expected_seq {
            let reason = if record.seq > self.expected_seq {
                format!("records {}..{} are missing", self.expected_seq, record.seq - 1)
            } else {
                format!("sequence number {} appears out of order", record.seq)
            };
            return Err(ChainBreak { seq: self.expected_seq, reason });
        }
        if record.prev_hash != hex32(&self.prev_hash) {
            return Err(ChainBreak {
                seq: record.seq,
                reason: "does not link to the previous record (a record was inserted, removed or altered)"
                    .into(),
            });
        }
        let computed = record.compute_hash();
        if record.hash != hex32(&computed) {
            return Err(ChainBreak {
                seq: record.seq,
                reason: "its content does not match its hash (the record was altered)".into(),
            });
        }
        self.prev_hash = computed;
        self.expected_seq += 1;
        Ok(())
    }

    /// The hash of the last verified record.
    pub fn head(&self) -> [u8; 32] {
        self.prev_hash
    }

    /// How many records verified so far.
    pub fn count(&self) -> i64 {
        self.expected_seq - 1
    }
}

/// Verifies a whole chain held in memory.
pub fn verify_chain<'a>(records: impl IntoIterator<Item = &'a AuditRecord>) -> Result<i64, ChainBreak> {
    let mut v = ChainVerifier::default();
    for r in records {
        v.push(r)?;
    }
    Ok(v.count())
}

/// Lower-case hex of 32 bytes.
pub fn hex32(bytes: &[u8; 32]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(64);
    for b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    s
}

/// Parses 64 hex digits.
pub fn parse_hex32(text: &str) -> Option<[u8; 32]> {
    let bytes = text.as_bytes();
    if bytes.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (slot, pair) in out.iter_mut().zip(bytes.chunks_exact(2)) {
        let hi = char::from(*pair.first()?).to_digit(16)?;
        let lo = char::from(*pair.get(1)?).to_digit(16)?;
        *slot = u8::try_from(hi * 16 + lo).ok()?;
    }
    Some(out)
}

/// The message a checkpoint signature covers.
pub fn checkpoint_message(seq: i64, hash: &str) -> Vec<u8> {
    let mut m = b"guomen audit checkpoint v1\n".to_vec();
    m.extend_from_slice(seq.to_string().as_bytes());
    m.push(b'\n');
    m.extend_from_slice(hash.as_bytes());
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: i64) -> Vec<AuditRecord> {
        let actor = Principal::system("test");
        let mut prev = GENESIS;
        (1..=n)
            .map(|seq| {
                let at = Timestamp::from_second(1_700_000_000 + seq).unwrap();
                let ev = AuditEvent::new("thing.do", format!("thing:{seq}"))
                    .with_detail(serde_json::json!({ "n": seq }));
                let r = AuditRecord::chained(seq, at, &actor, &ev, &prev);
                prev = r.hash_bytes().unwrap();
                r
            })
            .collect()
    }

    #[test]
    fn intact_chain_verifies() {
        assert_eq!(verify_chain(&chain(5)), Ok(5));
        assert_eq!(verify_chain(&[]), Ok(0));
    }

    #[test]
    fn every_kind_of_tampering_names_the_first_broken_record() {
        type Tamper = fn(&mut Vec<AuditRecord>);
        let cases: &[(&str, Tamper, i64)] = &[
            ("altered action", |c| c[2].action = "thing.undo".into(), 3),
            ("altered detail", |c| c[1].detail = "{}".into(), 2),
            ("removed middle", |c| drop(c.remove(2)), 3),
            ("removed first", |c| drop(c.remove(0)), 1),
            (
                "inserted forged record",
                |c| {
                    let mut forged = c[1].clone();
                    forged.subject = "thing:forged".into();
                    forged.hash = hex32(&forged.compute_hash());
                    c.insert(2, forged);
                },
                3,
            ),
            (
                "inserted and renumbered, chained to its predecessor",
                |c| {
                    let prev = c[1].hash_bytes().unwrap();
                    let ev = AuditEvent::new("thing.forge", "thing:forged");
                    let forged = AuditRecord::chained(3, c[1].at, &Principal::system("x"), &ev, &prev);
                    for r in c.iter_mut().skip(2) {
                        r.seq += 1;
                    }
                    c.insert(2, forged);
                },
                4,
            ),
            (
                "rehashed after alteration",
                |c| {
                    c[3].subject = "thing:other".into();
                    c[3].hash = hex32(&c[3].compute_hash());
                },
                5,
            ),
        ];
        for (name, tamper, want) in cases {
            let mut c = chain(6);
            tamper(&mut c);
            let err = verify_chain(&c).unwrap_err();
            assert_eq!(err.seq, *want, "{name}: {err}");
        }
    }

    #[test]
    fn hex_round_trip() {
        let b = *blake3::hash(b"x").as_bytes();
        assert_eq!(parse_hex32(&hex32(&b)), Some(b));
        assert_eq!(parse_hex32("zz"), None);
    }
}
