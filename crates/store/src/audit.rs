//! Reading, searching and verifying the audit trail. Appending happens only inside writer transactions
//! ([`crate::Tx::audit`]), next to the act it records.

use std::collections::BTreeMap;

use domain::audit::{AuditRecord, ChainBreak, ChainVerifier, checkpoint_message, hex32};
use domain::{AuditEvent, Principal};
use jiff::Timestamp;
use serde::Serialize;

use crate::conn::{Row, Value};
use crate::{Store, StoreError};

const COLUMNS: &str =
    "seq, at, actor_id, actor_name, role, post, action, subject, purpose, detail, prev_hash, hash";

fn record_from(r: &Row) -> Result<AuditRecord, StoreError> {
    Ok(AuditRecord {
        seq: r.int(0)?,
        at: r.timestamp(1)?,
        actor_id: r.text(2)?,
        actor_name: r.text(3)?,
        role: r.text(4)?,
        post: r.opt_text(5)?,
        action: r.text(6)?,
        subject: r.text(7)?,
        purpose: r.opt_text(8)?,
        detail: r.text(9)?,
        prev_hash: r.text(10)?,
        hash: r.text(11)?,
    })
}

/// What a supervisor searches the audit trail by. Every field narrows the search.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct AuditFilter {
    pub actor: Option<String>,
    /// An action, or a prefix ending in `.` (`traveller.`).
    pub action: Option<String>,
    pub subject: Option<String>,
    pub from: Option<Timestamp>,
    pub to: Option<Timestamp>,
    /// Only records before this sequence number (for paging backwards).
    pub before_seq: Option<i64>,
    pub limit: Option<i64>,
}

/// The outcome of `guomen audit verify`.
#[derive(Debug, Clone, Serialize)]
pub struct AuditVerification {
    pub records: i64,
    pub checkpoints: i64,
    /// Hex hash of the last record that verified.
    pub head: String,
    pub first_break: Option<ChainBreak>,
}

impl AuditVerification {
    pub fn ok(&self) -> bool {
        self.first_break.is_none()
    }
}

impl Store {
    /// Appends one audit record on its own (for acts that write nothing else, e.g. an export).
    pub async fn audit(
        &self,
        actor: &Principal,
        at: Timestamp,
        event: AuditEvent,
    ) -> Result<AuditRecord, StoreError> {
        let actor = actor.clone();
        self.write(move |tx| Box::pin(async move { tx.audit(&actor, at, &event).await })).await
    }

    /// Signs a checkpoint over the current head now (also done automatically every N records).
    pub async fn audit_checkpoint(&self, at: Timestamp) -> Result<Option<i64>, StoreError> {
        self.write(move |tx| Box::pin(async move { tx.checkpoint(at).await })).await
    }

    /// Records with `seq > after`, in order, at most `limit`.
    pub async fn audit_page(&self, after: i64, limit: i64) -> Result<Vec<AuditRecord>, StoreError> {
        let rows = self
            .reader()
            .fetch(
                &format!("SELECT {COLUMNS} FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?"),
                &[after.into(), limit.into()],
            )
            .await?;
        rows.iter().map(record_from).collect()
    }

    /// Searches the trail, newest first. Searching is itself audited by the caller (it reads who did what).
    pub async fn audit_search(&self, filter: &AuditFilter) -> Result<Vec<AuditRecord>, StoreError> {
        let mut sql = format!("SELECT {COLUMNS} FROM audit_log WHERE 1 = 1");
        let mut args: Vec<Value> = Vec::new();
        if let Some(a) = &filter.actor {
            sql.push_str(" AND (actor_id = ? OR actor_name = ?)");
            args.push(a.into());
            args.push(a.into());
        }
        if let Some(a) = &filter.action {
            if let Some(prefix) = a.strip_suffix('.') {
                sql.push_str(" AND action >= ? AND action < ?");
                args.push(format!("{prefix}.").into());
                args.push(format!("{prefix}/").into());
            } else {
                sql.push_str(" AND action = ?");
                args.push(a.into());
            }
        }
        if let Some(s) = &filter.subject {
            sql.push_str(" AND subject = ?");
            args.push(s.into());
        }
        if let Some(t) = filter.from {
            sql.push_str(" AND at >= ?");
            args.push(t.into());
        }
        if let Some(t) = filter.to {
            sql.push_str(" AND at < ?");
            args.push(t.into());
        }
        if let Some(b) = filter.before_seq {
            sql.push_str(" AND seq < ?");
            args.push(b.into());
        }
        sql.push_str(" ORDER BY seq DESC LIMIT ?");
        args.push(filter.limit.unwrap_or(100).clamp(1, 1000).into());
        let rows = self.reader().fetch(&sql, &args).await?;
        rows.iter().map(record_from).collect()
    }

    /// Verifies the whole chain and every checkpoint signature. `trusted_key` is the hex Ed25519 public
    /// key checkpoints must be signed with; `None` uses the key this store was opened with, if any.
    pub async fn verify_audit(&self, trusted_key: Option<&str>) -> Result<AuditVerification, StoreError> {
        let trusted = match trusted_key {
            Some(k) => Some(k.to_owned()),
            None => self.verifying_key.map(|k| hex::encode(k.to_bytes())),
        };
        let checkpoints = self
            .reader()
            .fetch("SELECT seq, hash, public_key, signature FROM audit_checkpoint ORDER BY seq", &[])
            .await?;
        let mut expected: BTreeMap<i64, String> = BTreeMap::new();
        let mut first_break: Option<ChainBreak> = None;
        let note = |b: ChainBreak, first: &mut Option<ChainBreak>| {
            if first.as_ref().is_none_or(|f| b.seq < f.seq) {
                *first = Some(b);
            }
        };
        for r in &checkpoints {
            let (seq, hash, key, sig) = (r.int(0)?, r.text(1)?, r.text(2)?, r.text(3)?);
            if let Err(reason) = check_signature(seq, &hash, &key, &sig, trusted.as_deref()) {
                note(ChainBreak { seq, reason: format!("checkpoint: {reason}") }, &mut first_break);
            }
            expected.insert(seq, hash);
        }
        let mut v = ChainVerifier::default();
        let mut after = 0;
        'pages: loop {
            let page = self.audit_page(after, 5000).await?;
            let Some(last) = page.last() else { break };
            after = last.seq;
            for rec in &page {
                if let Err(b) = v.push(rec) {
                    note(b, &mut first_break);
                    break 'pages;
                }
                if let Some(h) = expected.get(&rec.seq)
                    && *h != hex32(&v.head())
                {
                    note(
                        ChainBreak { seq: rec.seq, reason: "does not match its signed checkpoint".into() },
                        &mut first_break,
                    );
                    break 'pages;
                }
            }
        }
        if first_break.is_none()
            && let Some((&seq, _)) = expected.iter().next_back()
            && seq > v.count()
        {
            note(
                ChainBreak {
                    seq: v.count() + 1,
                    reason: format!(
                        "records {}..{seq} are missing (a signed checkpoint covers them)",
                        v.count() + 1
                    ),
                },
                &mut first_break,
            );
        }
        Ok(AuditVerification {
            records: v.count(),
            checkpoints: i64::try_from(checkpoints.len()).unwrap_or(i64::MAX),
            head: hex32(&v.head()),
            first_break,
        })
    }
}

fn check_signature(seq: i64, hash: &str, key: &str, sig: &str, trusted: Option<&str>) -> Result<(), String> {
    if let Some(t) = trusted
        && t != key
    {
        return Err("signed with an untrusted key".into());
    }
    let key_bytes: [u8; 32] = hex::decode(key)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| "malformed public key".to_owned())?;
    let sig_bytes: [u8; 64] = hex::decode(sig)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| "malformed signature".to_owned())?;
    let key =
        ed25519_dalek::VerifyingKey::from_bytes(&key_bytes).map_err(|_| "invalid public key".to_owned())?;
    let sig = ed25519_dalek::Signature::from_bytes(&sig_bytes);
    key.verify_strict(&checkpoint_message(seq, hash), &sig)
        .map_err(|_| "signature does not verify".to_owned())
}
