//! Watchlists as stored: each entry a JSON document with a version that grows whenever it changes, each
//! list with a version that grows with every import or edit. The in-memory screening index is built from
//! these at start and updated with each change.

use std::collections::BTreeMap;

use domain::{AuditEvent, Principal};
use jiff::Timestamp;
use serde::Serialize;
use serde_json::json;

use crate::{Store, StoreError};

/// An entry as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredEntry {
    pub list: String,
    pub id: String,
    pub version: i64,
    pub data: serde_json::Value,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportCounts {
    pub list: String,
    pub added: u64,
    pub changed: u64,
    pub removed: u64,
    pub unchanged: u64,
    /// The list's version after the import.
    pub version: i64,
}

/// A list's summary.
#[derive(Debug, Clone, Serialize)]
pub struct ListSummary {
    pub name: String,
    pub version: i64,
    pub entries: i64,
    pub updated_at: Timestamp,
}

/// How an import treats entries of the list that the file does not contain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportMode {
    /// The file is the whole list: entries not in it are removed.
    Replace,
    /// The file adds and changes entries; others stay.
    Merge,
}

impl Store {
    /// Imports entries into `list` in one transaction (all or nothing); audited as `watchlist.import`.
    /// Returns the counts and the entries that changed, for the caller to apply to its index.
    pub async fn watchlist_import(
        &self,
        actor: &Principal,
        list: &str,
        entries: Vec<(String, serde_json::Value)>,
        mode: ImportMode,
        at: Timestamp,
    ) -> Result<(ImportCounts, Vec<StoredEntry>, Vec<(String, String)>), StoreError> {
        let actor = actor.clone();
        let list = list.to_owned();
        self.write(move |tx| {
            Box::pin(async move {
                let existing: BTreeMap<String, (i64, String, bool)> = tx
                    .conn()
                    .fetch("SELECT id, version, data, removed FROM watchlist_entry WHERE list = ?", &[(&list).into()])
                    .await?
                    .iter()
                    .map(|r| Ok((r.text(0)?, (r.int(1)?, r.text(2)?, r.bool(3)?))))
                    .collect::<Result<_, StoreError>>()?;
                let mut counts = ImportCounts { list: list.clone(), ..ImportCounts::default() };
                let mut changed = Vec::new();
                let mut seen = std::collections::BTreeSet::new();
                for (id, data) in entries {
                    if !seen.insert(id.clone()) {
                        return Err(StoreError::Invalid(format!("entry id {id:?} appears twice in the import")));
                    }
                    let text = data.to_string();
                    let version = match existing.get(&id) {
                        Some((_, old, false)) if *old == text => {
                            counts.unchanged += 1;
                            continue;
                        }
                        Some((v, _, removed)) => {
                            if *removed {
                                counts.added += 1;
                            } else {
                                counts.changed += 1;
                            }
                            v + 1
                        }
                        None => {
                            counts.added += 1;
                            1
                        }
                    };
                    tx.conn()
                        .execute(
                            "INSERT INTO watchlist_entry (list, id, version, data, removed, updated_at) VALUES (?, ?, ?, ?, 0, ?) \
                             ON CONFLICT (list, id) DO UPDATE SET version = excluded.version, data = excluded.data, \
                             removed = 0, updated_at = excluded.updated_at",
                            &[(&list).into(), (&id).into(), version.into(), text.into(), at.into()],
                        )
                        .await?;
                    changed.push(StoredEntry { list: list.clone(), id, version, data });
                }
                let mut removed = Vec::new();
                if mode == ImportMode::Replace {
                    for (id, (_, _, was_removed)) in &existing {
                        if !was_removed && !seen.contains(id) {
                            tx.conn()
                                .execute(
                                    "UPDATE watchlist_entry SET removed = 1, version = version + 1, updated_at = ? WHERE list = ? AND id = ?",
                                    &[at.into(), (&list).into(), id.into()],
                                )
                                .await?;
                            counts.removed += 1;
                            removed.push((list.clone(), id.clone()));
                        }
                    }
                }
                counts.version = bump_list(tx, &list, at).await?;
                let ev = AuditEvent::new("watchlist.import", format!("watchlist:{list}")).with_detail(json!({
                    "added": counts.added, "changed": counts.changed, "removed": counts.removed,
                    "unchanged": counts.unchanged, "version": counts.version,
                }));
                tx.audit(&actor, at, &ev).await?;
                Ok((counts, changed, removed))
            })
        })
        .await
    }

    /// Removes one entry; audited as `watchlist.remove`. Returns false if there was no such live entry.
    pub async fn watchlist_remove(
        &self,
        actor: &Principal,
        list: &str,
        id: &str,
        at: Timestamp,
    ) -> Result<bool, StoreError> {
        let actor = actor.clone();
        let (list, id) = (list.to_owned(), id.to_owned());
        self.write(move |tx| {
            Box::pin(async move {
                let n = tx
                    .conn()
                    .execute(
                        "UPDATE watchlist_entry SET removed = 1, version = version + 1, updated_at = ? \
                         WHERE list = ? AND id = ? AND removed = 0",
                        &[at.into(), (&list).into(), (&id).into()],
                    )
                    .await?;
                if n == 0 {
                    return Ok(false);
                }
                bump_list(tx, &list, at).await?;
                tx.audit(&actor, at, &AuditEvent::new("watchlist.remove", format!("watchlist:{list}/{id}")))
                    .await?;
                Ok(true)
            })
        })
        .await
    }

    /// Every live entry of every list (to build the screening index).
    pub async fn watchlist_entries(&self) -> Result<Vec<StoredEntry>, StoreError> {
        let rows = self
            .reader()
            .fetch(
                "SELECT list, id, version, data FROM watchlist_entry WHERE removed = 0 ORDER BY list, id",
                &[],
            )
            .await?;
        rows.iter()
            .map(|r| {
                Ok(StoredEntry { list: r.text(0)?, id: r.text(1)?, version: r.int(2)?, data: r.json(3)? })
            })
            .collect()
    }

    /// One live entry, read and audited (`watchlist.read`).
    pub async fn watchlist_entry(
        &self,
        actor: &Principal,
        list: &str,
        id: &str,
        at: Timestamp,
    ) -> Result<Option<StoredEntry>, StoreError> {
        let actor = actor.clone();
        let (list, id) = (list.to_owned(), id.to_owned());
        self.write(move |tx| {
            Box::pin(async move {
                let row = tx
                    .conn()
                    .fetch_opt(
                        "SELECT list, id, version, data FROM watchlist_entry WHERE list = ? AND id = ? AND removed = 0",
                        &[(&list).into(), (&id).into()],
                    )
                    .await?;
                let Some(r) = row else { return Ok(None) };
                tx.audit(&actor, at, &AuditEvent::new("watchlist.read", format!("watchlist:{list}/{id}"))).await?;
                Ok(Some(StoredEntry { list: r.text(0)?, id: r.text(1)?, version: r.int(2)?, data: r.json(3)? }))
            })
        })
        .await
    }

    /// The lists with their versions and sizes.
    pub async fn watchlists(&self) -> Result<Vec<ListSummary>, StoreError> {
        let rows = self
            .reader()
            .fetch(
                "SELECT w.name, w.version, w.updated_at, \
                 CAST((SELECT COUNT(*) FROM watchlist_entry e WHERE e.list = w.name AND e.removed = 0) AS BIGINT) \
                 FROM watchlist w ORDER BY w.name",
                &[],
            )
            .await?;
        rows.iter()
            .map(|r| {
                Ok(ListSummary {
                    name: r.text(0)?,
                    version: r.int(1)?,
                    updated_at: r.timestamp(2)?,
                    entries: r.int(3)?,
                })
            })
            .collect()
    }
}

async fn bump_list(tx: &mut crate::Tx, list: &str, at: Timestamp) -> Result<i64, StoreError> {
    tx.conn()
        .execute(
            "INSERT INTO watchlist (name, version, updated_at) VALUES (?, 1, ?) \
             ON CONFLICT (name) DO UPDATE SET version = watchlist.version + 1, updated_at = excluded.updated_at",
            &[list.into(), at.into()],
        )
        .await?;
    tx.conn().fetch_one("SELECT version FROM watchlist WHERE name = ?", &[list.into()]).await?.int(0)
}
