//! Retention: how long each kind of personal record is kept, and the purge that removes what has expired.
//! The purge is itself audited; the audit trail and the anonymous crossing counters are never purged.

use domain::{AuditEvent, Principal};
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::{Store, StoreError};

/// Days each record type is kept. `None` keeps it for ever.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Retention {
    /// Sign-in sessions, counted from their expiry.
    pub sessions_days: Option<i64>,
    /// Inspections (with their stored answers), counted from the inspection.
    pub inspections_days: Option<i64>,
    /// Movements and closed stays, counted from the movement (an open stay is never purged).
    pub movements_days: Option<i64>,
    /// Passenger manifests, counted from their receipt.
    pub manifests_days: Option<i64>,
}

impl Default for Retention {
    /// Sessions 30 days after expiry; inspections and movements 5 years; manifests 1 year.
    fn default() -> Self {
        Retention {
            sessions_days: Some(30),
            inspections_days: Some(1825),
            movements_days: Some(1825),
            manifests_days: Some(365),
        }
    }
}

/// What a purge removed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PurgeReport {
    pub sessions: u64,
    pub inspections: u64,
    pub movements: u64,
    pub stays: u64,
    pub documents: u64,
    pub travellers: u64,
    pub manifests: u64,
    pub dry_run: bool,
}

fn cutoff(now: Timestamp, days: Option<i64>) -> Option<Timestamp> {
    days.filter(|d| *d >= 0).map(|d| now - SignedDuration::from_hours(24 * d))
}

impl Store {
    /// Removes every record older than its retention period, in one transaction, audited as
    /// `retention.purge` with the counts. With `dry_run` nothing is removed (the counts are still reported and
    /// the dry run is audited).
    pub async fn purge(
        &self,
        actor: &Principal,
        retention: &Retention,
        now: Timestamp,
        dry_run: bool,
    ) -> Result<PurgeReport, StoreError> {
        let actor = actor.clone();
        let r = retention.clone();
        self.write(move |tx| {
            Box::pin(async move {
                let mut report = PurgeReport { dry_run, ..PurgeReport::default() };
                // Counting first, then deleting the same sets: with `dry_run` only the counts are taken.
                let steps: Vec<(&str, &str, Option<Timestamp>)> = vec![
                    ("sessions", "FROM session WHERE expires_at < ?", cutoff(now, r.sessions_days)),
                    (
                        "manifests_persons",
                        "FROM manifest_person WHERE manifest_id IN (SELECT id FROM manifest WHERE received_at < ?)",
                        cutoff(now, r.manifests_days),
                    ),
                    ("manifests", "FROM manifest WHERE received_at < ?", cutoff(now, r.manifests_days)),
                    ("inspections", "FROM inspection WHERE at < ?", cutoff(now, r.inspections_days)),
                    ("stays", "FROM stay WHERE exited_at IS NOT NULL AND exited_at < ?", cutoff(now, r.movements_days)),
                    (
                        "movements",
                        "FROM movement WHERE at < ? AND id NOT IN (SELECT entry_movement_id FROM stay WHERE exited_at IS NULL)",
                        cutoff(now, r.movements_days),
                    ),
                ];
                for (what, from, cut) in steps {
                    let Some(cut) = cut else { continue };
                    let n = tx.conn().fetch_one(&format!("SELECT CAST(COUNT(*) AS BIGINT) {from}"), &[cut.into()]).await?.int(0)?;
                    let n = u64::try_from(n).unwrap_or(0);
                    match what {
                        "sessions" => report.sessions = n,
                        "manifests" => report.manifests = n,
                        "inspections" => report.inspections = n,
                        "stays" => report.stays = n,
                        "movements" => report.movements = n,
                        _ => {}
                    }
                    if !dry_run && n > 0 {
                        tx.conn().execute(&format!("DELETE {from}"), &[cut.into()]).await?;
                    }
                }
                // Documents and travellers with nothing left that refers to them.
                let orphans_docs = "FROM travel_document WHERE traveller_id NOT IN (SELECT traveller_id FROM movement) \
                                    AND traveller_id NOT IN (SELECT traveller_id FROM inspection WHERE traveller_id IS NOT NULL) \
                                    AND traveller_id NOT IN (SELECT traveller_id FROM stay)";
                let orphans_travellers = "FROM traveller WHERE id NOT IN (SELECT traveller_id FROM movement) \
                                          AND id NOT IN (SELECT traveller_id FROM inspection WHERE traveller_id IS NOT NULL) \
                                          AND id NOT IN (SELECT traveller_id FROM stay) \
                                          AND id NOT IN (SELECT traveller_id FROM travel_document) \
                                          AND id NOT IN (SELECT traveller_id FROM egate_enrolment)";
                if report.inspections + report.movements > 0 {
                    report.documents =
                        u64::try_from(tx.conn().fetch_one(&format!("SELECT CAST(COUNT(*) AS BIGINT) {orphans_docs}"), &[]).await?.int(0)?).unwrap_or(0);
                    if !dry_run {
                        tx.conn().execute(&format!("DELETE {orphans_docs}"), &[]).await?;
                        tx.conn().execute("DELETE FROM disposition WHERE traveller_id NOT IN (SELECT id FROM traveller)", &[]).await?;
                        report.travellers = tx.conn().execute(&format!("DELETE {orphans_travellers}"), &[]).await?;
                    }
                }
                let ev = AuditEvent::new("retention.purge", "retention").with_detail(json!({ "retention": r, "removed": report }));
                tx.audit(&actor, now, &ev).await?;
                Ok(report)
            })
        })
        .await
    }
}
