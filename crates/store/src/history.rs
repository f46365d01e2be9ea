//! Bulk loading of earlier movements — migrating a legacy system's history, or preparing a benchmark — in
//! large multi-row statements, one audited transaction per batch.

use std::collections::BTreeMap;

use domain::{AuditEvent, Category, Direction, Lane, Principal};
use jiff::Timestamp;
use serde_json::json;

use crate::clearance::local_day;
use crate::conn::Value;
use crate::{Store, StoreError};

/// A traveller with the document they travelled on.
#[derive(Debug, Clone)]
pub struct HistoricTraveller {
    pub id: String,
    pub nationality: String,
    pub birth_date: Option<String>,
    pub sex: Option<String>,
    pub name_key: String,
    pub category: Category,
    pub issuer: String,
    pub number: String,
    pub document_code: String,
}

/// One earlier crossing of such a traveller.
#[derive(Debug, Clone)]
pub struct HistoricMovement {
    pub id: String,
    pub traveller_id: String,
    pub at: Timestamp,
    pub port: String,
    pub lane: Lane,
    pub direction: Direction,
    pub category: Category,
    pub nationality: String,
    pub time_zone: String,
}

/// Rows per INSERT: well under SQLite's 32,766 and PostgreSQL's 65,535 parameters.
const ROWS_PER_STATEMENT: usize = 400;

fn placeholders(columns: usize, rows: usize) -> String {
    let one = format!("({})", vec!["?"; columns].join(", "));
    vec![one; rows].join(", ")
}

impl Store {
    /// Loads travellers and their earlier movements (closed history: no stays are opened) in one
    /// transaction, with the crossing counters updated; audited as `history.import`.
    pub async fn import_history(
        &self,
        actor: &Principal,
        travellers: Vec<HistoricTraveller>,
        movements: Vec<HistoricMovement>,
        at: Timestamp,
    ) -> Result<(), StoreError> {
        let actor = actor.clone();
        self.write(move |tx| {
            Box::pin(async move {
                for chunk in travellers.chunks(ROWS_PER_STATEMENT) {
                    let mut args: Vec<Value> = Vec::with_capacity(chunk.len() * 7);
                    let mut docs: Vec<Value> = Vec::with_capacity(chunk.len() * 7);
                    for t in chunk {
                        args.extend([
                            Value::from(&t.id),
                            Value::from(&t.nationality),
                            Value::from(t.birth_date.clone()),
                            Value::from(t.sex.clone()),
                            Value::from(&t.name_key),
                            Value::from(t.category.as_str()),
                            Value::from(at),
                        ]);
                        docs.extend([
                            Value::from(&t.issuer),
                            Value::from(&t.number),
                            Value::from(&t.id),
                            Value::from(&t.document_code),
                            Value::Null,
                            Value::from(at),
                            Value::from(at),
                        ]);
                    }
                    tx.conn()
                        .execute(
                            &format!(
                                "INSERT INTO traveller (id, nationality, birth_date, sex, name_key, category, created_at) VALUES {}",
                                placeholders(7, chunk.len())
                            ),
                            &args,
                        )
                        .await?;
                    tx.conn()
                        .execute(
                            &format!(
                                "INSERT INTO travel_document (issuer, number, traveller_id, document_code, expiry, first_seen, last_seen) \
                                 VALUES {} ON CONFLICT (issuer, number) DO NOTHING",
                                placeholders(7, chunk.len())
                            ),
                            &docs,
                        )
                        .await?;
                }
                let mut counts: BTreeMap<(String, String, &'static str, &'static str, String, &'static str), i64> = BTreeMap::new();
                for chunk in movements.chunks(ROWS_PER_STATEMENT) {
                    let mut args: Vec<Value> = Vec::with_capacity(chunk.len() * 9);
                    for m in chunk {
                        args.extend([
                            Value::from(&m.id),
                            Value::from(&m.traveller_id),
                            Value::from(format!("history:{}", m.id)),
                            Value::from(m.at),
                            Value::from(&m.port),
                            Value::from(m.lane.as_str()),
                            Value::from(m.direction.as_str()),
                            Value::from(m.category.as_str()),
                            Value::from(&m.nationality),
                        ]);
                        *counts
                            .entry((
                                local_day(m.at, &m.time_zone),
                                m.port.clone(),
                                m.direction.as_str(),
                                m.category.as_str(),
                                m.nationality.clone(),
                                m.lane.as_str(),
                            ))
                            .or_default() += 1;
                    }
                    tx.conn()
                        .execute(
                            &format!(
                                "INSERT INTO movement (id, traveller_id, inspection_id, at, port, lane, direction, category, nationality) VALUES {}",
                                placeholders(9, chunk.len())
                            ),
                            &args,
                        )
                        .await?;
                }
                let counts: Vec<_> = counts.into_iter().collect();
                for chunk in counts.chunks(ROWS_PER_STATEMENT) {
                    let mut args: Vec<Value> = Vec::with_capacity(chunk.len() * 7);
                    for ((day, port, direction, category, nationality, lane), n) in chunk {
                        args.extend([
                            Value::from(day),
                            Value::from(port),
                            Value::from(*direction),
                            Value::from(*category),
                            Value::from(nationality),
                            Value::from(*lane),
                            Value::from(*n),
                        ]);
                    }
                    tx.conn()
                        .execute(
                            &format!(
                                "INSERT INTO crossing_count (day, port, direction, category, nationality, lane, n) VALUES {} \
                                 ON CONFLICT (day, port, direction, category, nationality, lane) DO UPDATE SET n = crossing_count.n + excluded.n",
                                placeholders(7, chunk.len())
                            ),
                            &args,
                        )
                        .await?;
                }
                let ev = AuditEvent::new("history.import", "movements")
                    .with_detail(json!({ "travellers": travellers.len(), "movements": movements.len() }));
                tx.audit(&actor, at, &ev).await?;
                Ok(())
            })
        })
        .await
    }

    /// How many movements are stored.
    pub async fn movement_count(&self) -> Result<i64, StoreError> {
        self.reader().fetch_one("SELECT CAST(COUNT(*) AS BIGINT) FROM movement", &[]).await?.int(0)
    }
}
