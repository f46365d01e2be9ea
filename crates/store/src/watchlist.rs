//! Watchlists as stored: each entry a JSON document with a version that grows whenever it changes, each
//! list with a version that grows with every import or edit. The in-memory screening index is built from
//! these at start and updated with each change.
//!
//! Entry ids are unique across lists, not only within one: the screening index holds one entry per id, and
//! an officer's "not the same person" names an entry by id. Every write checks the id against the other
//! lists' live entries inside its own transaction, so two concurrent imports cannot both slip one in.

use std::collections::{BTreeMap, BTreeSet};

use domain::{AuditEvent, Principal};
use jiff::Timestamp;
use serde::Serialize;
use serde_json::json;

use crate::conn::{Conn, Value};
use crate::{DispositionRecord, Store, StoreError, Tx};

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

/// What an import did to one list, with what the caller needs to bring its index up to date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ListImport {
    pub counts: ImportCounts,
    /// Entries added or changed, with their new versions.
    pub changed: Vec<StoredEntry>,
    /// Entries removed, with the version that records the removal.
    pub removed: Vec<(String, i64)>,
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

/// What writing one entry did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EntryChange {
    Added,
    Changed,
    Unchanged,
}

/// The result of [`Store::watchlist_put`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PutOutcome {
    pub entry: StoredEntry,
    pub change: EntryChange,
    /// The list's version after the write.
    pub list_version: i64,
}

/// At most this many ids are looked up in one statement (well under both backends' parameter limits).
const ID_CHUNK: usize = 500;

/// The ids among `ids` that are live on a list other than `list`, as `(id, list)`.
async fn ids_on_other_lists(
    conn: &mut dyn Conn,
    list: &str,
    ids: &[&str],
) -> Result<Vec<(String, String)>, StoreError> {
    let mut found = Vec::new();
    for chunk in ids.chunks(ID_CHUNK) {
        let marks = vec!["?"; chunk.len()].join(", ");
        let mut args: Vec<Value> = Vec::with_capacity(chunk.len() + 1);
        args.push(list.into());
        args.extend(chunk.iter().map(|id| Value::from(*id)));
        let rows = conn
            .fetch(
                &format!(
                    "SELECT id, list FROM watchlist_entry WHERE removed = 0 AND list <> ? AND id IN ({marks}) ORDER BY id"
                ),
                &args,
            )
            .await?;
        for r in rows {
            found.push((r.text(0)?, r.text(1)?));
        }
    }
    Ok(found)
}

/// Refuses ids that other lists hold, naming them (the first twenty) and their lists.
fn refuse_collisions(list: &str, found: &[(String, String)]) -> Result<(), StoreError> {
    if found.is_empty() {
        return Ok(());
    }
    let named: Vec<String> =
        found.iter().take(20).map(|(id, other)| format!("{id:?} (on {other})")).collect();
    let more = found.len().saturating_sub(20);
    Err(StoreError::Conflict(format!(
        "{} entry id(s) for list {list} are already used by another list (ids are unique across lists): {}{}",
        found.len(),
        named.join(", "),
        if more > 0 { format!(" and {more} more") } else { String::new() }
    )))
}

/// One list's import inside the caller's transaction.
async fn import_list(
    tx: &mut Tx,
    actor: &Principal,
    list: &str,
    entries: Vec<(String, serde_json::Value)>,
    mode: ImportMode,
    at: Timestamp,
) -> Result<ListImport, StoreError> {
    let mut seen = BTreeSet::new();
    for (id, _) in &entries {
        if !seen.insert(id.clone()) {
            return Err(StoreError::Invalid(format!("entry id {id:?} appears twice in the import")));
        }
    }
    let ids: Vec<&str> = seen.iter().map(String::as_str).collect();
    let found = ids_on_other_lists(tx.conn(), list, &ids).await?;
    refuse_collisions(list, &found)?;
    let existing: BTreeMap<String, (i64, String, bool)> = tx
        .conn()
        .fetch("SELECT id, version, data, removed FROM watchlist_entry WHERE list = ?", &[list.into()])
        .await?
        .iter()
        .map(|r| Ok((r.text(0)?, (r.int(1)?, r.text(2)?, r.bool(3)?))))
        .collect::<Result<_, StoreError>>()?;
    let mut counts = ImportCounts { list: list.to_owned(), ..ImportCounts::default() };
    let mut changed = Vec::new();
    for (id, data) in entries {
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
                &[list.into(), (&id).into(), version.into(), text.into(), at.into()],
            )
            .await?;
        changed.push(StoredEntry { list: list.to_owned(), id, version, data });
    }
    let mut removed = Vec::new();
    if mode == ImportMode::Replace {
        for (id, (version, _, was_removed)) in &existing {
            if !was_removed && !seen.contains(id) {
                tx.conn()
                    .execute(
                        "UPDATE watchlist_entry SET removed = 1, version = version + 1, updated_at = ? WHERE list = ? AND id = ?",
                        &[at.into(), list.into(), id.into()],
                    )
                    .await?;
                counts.removed += 1;
                removed.push((id.clone(), version + 1));
            }
        }
    }
    counts.version = bump_list(tx, list, at).await?;
    let ev = AuditEvent::new("watchlist.import", format!("watchlist:{list}")).with_detail(json!({
        "added": counts.added, "changed": counts.changed, "removed": counts.removed,
        "unchanged": counts.unchanged, "version": counts.version,
    }));
    tx.audit(actor, at, &ev).await?;
    Ok(ListImport { counts, changed, removed })
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
        let mut done = self.watchlist_import_lists(actor, vec![(list.to_owned(), entries)], mode, at).await?;
        let one = done.pop().ok_or_else(|| StoreError::Decode("the import reported no list".into()))?;
        let removed = one.removed.into_iter().map(|(id, _)| (list.to_owned(), id)).collect();
        Ok((one.counts, one.changed, removed))
    }

    /// Imports several lists in one transaction: either every list is imported or none is. Each list is
    /// audited as `watchlist.import`. An id that another list holds refuses the whole import
    /// ([`StoreError::Conflict`], naming the ids and their lists).
    pub async fn watchlist_import_lists(
        &self,
        actor: &Principal,
        lists: Vec<(String, Vec<(String, serde_json::Value)>)>,
        mode: ImportMode,
        at: Timestamp,
    ) -> Result<Vec<ListImport>, StoreError> {
        let actor = actor.clone();
        self.write(move |tx| {
            Box::pin(async move {
                let mut done = Vec::with_capacity(lists.len());
                for (list, entries) in lists {
                    done.push(import_list(tx, &actor, &list, entries, mode, at).await?);
                }
                Ok(done)
            })
        })
        .await
    }

    /// Adds or replaces one entry of `list`; audited as `watchlist.put`. An id that another list holds is
    /// refused ([`StoreError::Conflict`]). Writing the same content again changes no version.
    pub async fn watchlist_put(
        &self,
        actor: &Principal,
        list: &str,
        id: &str,
        data: serde_json::Value,
        at: Timestamp,
    ) -> Result<PutOutcome, StoreError> {
        let actor = actor.clone();
        let (list, id) = (list.to_owned(), id.to_owned());
        self.write(move |tx| {
            Box::pin(async move {
                let found = ids_on_other_lists(tx.conn(), &list, &[id.as_str()]).await?;
                refuse_collisions(&list, &found)?;
                let old = tx
                    .conn()
                    .fetch_opt(
                        "SELECT version, data, removed FROM watchlist_entry WHERE list = ? AND id = ?",
                        &[(&list).into(), (&id).into()],
                    )
                    .await?
                    .map(|r| Ok::<_, StoreError>((r.int(0)?, r.text(1)?, r.bool(2)?)))
                    .transpose()?;
                let text = data.to_string();
                let (change, version) = match &old {
                    Some((v, old_text, false)) if *old_text == text => (EntryChange::Unchanged, *v),
                    Some((v, _, false)) => (EntryChange::Changed, v + 1),
                    Some((v, _, true)) => (EntryChange::Added, v + 1),
                    None => (EntryChange::Added, 1),
                };
                let list_version = if change == EntryChange::Unchanged {
                    tx.conn().fetch_one("SELECT version FROM watchlist WHERE name = ?", &[(&list).into()]).await?.int(0)?
                } else {
                    tx.conn()
                        .execute(
                            "INSERT INTO watchlist_entry (list, id, version, data, removed, updated_at) VALUES (?, ?, ?, ?, 0, ?) \
                             ON CONFLICT (list, id) DO UPDATE SET version = excluded.version, data = excluded.data, \
                             removed = 0, updated_at = excluded.updated_at",
                            &[(&list).into(), (&id).into(), version.into(), text.into(), at.into()],
                        )
                        .await?;
                    bump_list(tx, &list, at).await?
                };
                let ev = AuditEvent::new("watchlist.put", format!("watchlist:{list}/{id}"))
                    .with_detail(json!({ "change": change, "version": version, "list_version": list_version }));
                tx.audit(&actor, at, &ev).await?;
                Ok(PutOutcome { entry: StoredEntry { list, id, version, data }, change, list_version })
            })
        })
        .await
    }

    /// Removes one entry; audited as `watchlist.remove`. Returns the entry's removal version and the list's
    /// new version, or `None` if there was no such live entry.
    pub async fn watchlist_remove(
        &self,
        actor: &Principal,
        list: &str,
        id: &str,
        at: Timestamp,
    ) -> Result<Option<(i64, i64)>, StoreError> {
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
                    return Ok(None);
                }
                let version = tx
                    .conn()
                    .fetch_one(
                        "SELECT version FROM watchlist_entry WHERE list = ? AND id = ?",
                        &[(&list).into(), (&id).into()],
                    )
                    .await?
                    .int(0)?;
                let list_version = bump_list(tx, &list, at).await?;
                tx.audit(&actor, at, &AuditEvent::new("watchlist.remove", format!("watchlist:{list}/{id}")))
                    .await?;
                Ok(Some((version, list_version)))
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
        rows.iter().map(entry_from).collect()
    }

    /// Up to `limit` live entries after `after` (a `(list, id)` position), in `(list, id)` order: the index
    /// is built page by page so that a million entries are never all held as JSON at once.
    pub async fn watchlist_entries_page(
        &self,
        after: Option<(&str, &str)>,
        limit: i64,
    ) -> Result<Vec<StoredEntry>, StoreError> {
        let (list, id) = after.unwrap_or(("", ""));
        let rows = self
            .reader()
            .fetch(
                "SELECT list, id, version, data FROM watchlist_entry WHERE removed = 0 \
                 AND (list > ? OR (list = ? AND id > ?)) ORDER BY list, id LIMIT ?",
                &[list.into(), list.into(), id.into(), limit.into()],
            )
            .await?;
        rows.iter().map(entry_from).collect()
    }

    /// Every live entry of one list (to bring the index up to date with a list another process changed).
    pub async fn watchlist_list_entries(&self, list: &str) -> Result<Vec<StoredEntry>, StoreError> {
        let rows = self
            .reader()
            .fetch(
                "SELECT list, id, version, data FROM watchlist_entry WHERE list = ? AND removed = 0 ORDER BY id",
                &[list.into()],
            )
            .await?;
        rows.iter().map(entry_from).collect()
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
                Ok(Some(entry_from(&r)?))
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

    /// Each list's name and version only: a cheap query to notice changes made by another process.
    pub async fn watchlist_versions(&self) -> Result<BTreeMap<String, i64>, StoreError> {
        let rows = self.reader().fetch("SELECT name, version FROM watchlist", &[]).await?;
        rows.iter().map(|r| Ok((r.text(0)?, r.int(1)?))).collect()
    }

    /// The officers' "not the same person" decisions remembered for a traveller, or `None` when there is
    /// no such traveller. The caller audits the act the read serves (a screening) with its outcome.
    pub async fn traveller_dispositions(
        &self,
        traveller_id: &str,
    ) -> Result<Option<Vec<DispositionRecord>>, StoreError> {
        let mut conn = self.reader();
        if conn.fetch_opt("SELECT 1 FROM traveller WHERE id = ?", &[traveller_id.into()]).await?.is_none() {
            return Ok(None);
        }
        let rows = conn
            .fetch(
                "SELECT list, entry_id, entry_version, actor_id, at FROM disposition WHERE traveller_id = ? \
                 ORDER BY list, entry_id",
                &[traveller_id.into()],
            )
            .await?;
        rows.iter()
            .map(|r| {
                Ok(DispositionRecord {
                    list: r.text(0)?,
                    entry_id: r.text(1)?,
                    entry_version: r.int(2)?,
                    actor_id: r.text(3)?,
                    at: r.timestamp(4)?,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()
            .map(Some)
    }
}

fn entry_from(r: &crate::conn::Row) -> Result<StoredEntry, StoreError> {
    Ok(StoredEntry { list: r.text(0)?, id: r.text(1)?, version: r.int(2)?, data: r.json(3)? })
}

async fn bump_list(tx: &mut Tx, list: &str, at: Timestamp) -> Result<i64, StoreError> {
    tx.conn()
        .execute(
            "INSERT INTO watchlist (name, version, updated_at) VALUES (?, 1, ?) \
             ON CONFLICT (name) DO UPDATE SET version = watchlist.version + 1, updated_at = excluded.updated_at",
            &[list.into(), at.into()],
        )
        .await?;
    tx.conn().fetch_one("SELECT version FROM watchlist WHERE name = ?", &[list.into()]).await?.int(0)
}

/// The conformance check of this module (registered in [`crate::conformance::CHECKS`]).
pub(crate) async fn conformance(ctx: &crate::conformance::Ctx) -> Result<(), String> {
    use domain::{Category, Direction, Lane};

    use crate::{AuditFilter, Holder, InspectionWrite, ResolutionWrite};

    let ensure = |ok: bool, what: String| if ok { Ok(()) } else { Err(what) };
    let e2s = |e: StoreError| e.to_string();
    let store = ctx.open().await?;
    let admin = Principal::system("conformance");
    let entry = |id: &str, name: &str| (id.to_owned(), json!({ "id": id, "names": [name], "list": "x" }));
    let counts = |c: &ImportCounts| (c.added, c.changed, c.removed, c.unchanged, c.version);

    // A first version, the same again (the list's version still moves on), then a replace that changes,
    // adds and removes.
    let first = vec![entry("W1", "Ivan Petrov"), entry("W2", "Anna Berg")];
    let (c, changed, _) = store
        .watchlist_import(&admin, "red", first.clone(), ImportMode::Replace, ctx.at(1))
        .await
        .map_err(e2s)?;
    ensure(counts(&c) == (2, 0, 0, 0, 1) && changed.len() == 2, format!("first import: {c:?}"))?;
    let (c, changed, _) =
        store.watchlist_import(&admin, "red", first, ImportMode::Replace, ctx.at(2)).await.map_err(e2s)?;
    ensure(counts(&c) == (0, 0, 0, 2, 2) && changed.is_empty(), format!("same again: {c:?}"))?;
    let next = vec![entry("W1", "Ivan Petrov Jr"), entry("W3", "Lena Kraus")];
    let mut done = store
        .watchlist_import_lists(&admin, vec![("red".into(), next)], ImportMode::Replace, ctx.at(3))
        .await
        .map_err(e2s)?;
    let red = done.pop().ok_or("no list reported")?;
    ensure(counts(&red.counts) == (1, 1, 1, 0, 3), format!("replace: {:?}", red.counts))?;
    let versions: Vec<(&str, i64)> = red.changed.iter().map(|e| (e.id.as_str(), e.version)).collect();
    ensure(versions == [("W1", 2), ("W3", 1)], format!("changed: {versions:?}"))?;
    ensure(red.removed == [("W2".to_owned(), 2)], format!("removed: {:?}", red.removed))?;
    // Merge keeps what the file does not name.
    let (c, _, _) = store
        .watchlist_import(&admin, "red", vec![entry("W4", "Omar Haddad")], ImportMode::Merge, ctx.at(4))
        .await
        .map_err(e2s)?;
    ensure(counts(&c) == (1, 0, 0, 0, 4), format!("merge: {c:?}"))?;

    // Ids are unique across lists: a second list may not take W1, and a two-list import that collides on
    // one list writes neither.
    let err =
        store.watchlist_import(&admin, "sltd", vec![entry("W1", "X")], ImportMode::Replace, ctx.at(5)).await;
    ensure(
        matches!(&err, Err(StoreError::Conflict(m)) if m.contains("\"W1\" (on red)")),
        format!("cross-list import: {err:?}"),
    )?;
    let both = vec![("ban".to_owned(), vec![entry("B1", "Y")]), ("sltd".to_owned(), vec![entry("W3", "Z")])];
    let err = store.watchlist_import_lists(&admin, both, ImportMode::Replace, ctx.at(5)).await;
    ensure(matches!(err, Err(StoreError::Conflict(_))), format!("two lists: {err:?}"))?;
    let names: Vec<String> = store.watchlists().await.map_err(e2s)?.into_iter().map(|l| l.name).collect();
    ensure(names == ["red"], format!("lists after refused imports: {names:?}"))?;
    let err = store.watchlist_put(&admin, "sltd", "W3", json!({ "id": "W3" }), ctx.at(5)).await;
    ensure(matches!(err, Err(StoreError::Conflict(_))), format!("cross-list put: {err:?}"))?;

    // Put: added, unchanged (no version moves), changed.
    let put = |data: serde_json::Value, s: i64| store.watchlist_put(&admin, "red", "W5", data, ctx.at(s));
    let p = put(json!({ "id": "W5", "names": ["Sara Lind"] }), 6).await.map_err(e2s)?;
    ensure((p.change, p.entry.version, p.list_version) == (EntryChange::Added, 1, 5), format!("put: {p:?}"))?;
    let p = put(json!({ "id": "W5", "names": ["Sara Lind"] }), 7).await.map_err(e2s)?;
    ensure((p.change, p.entry.version, p.list_version) == (EntryChange::Unchanged, 1, 5), format!("{p:?}"))?;
    let p = put(json!({ "id": "W5", "names": ["Sara Lindqvist"] }), 8).await.map_err(e2s)?;
    ensure((p.change, p.entry.version, p.list_version) == (EntryChange::Changed, 2, 6), format!("{p:?}"))?;

    // Remove: once; then another list may use the id.
    let r = store.watchlist_remove(&admin, "red", "W2", ctx.at(9)).await.map_err(e2s)?;
    ensure(r.is_none(), format!("removing a removed entry: {r:?}"))?;
    let r = store.watchlist_remove(&admin, "red", "W1", ctx.at(9)).await.map_err(e2s)?;
    ensure(r == Some((3, 7)), format!("remove: {r:?}"))?;
    store.watchlist_put(&admin, "sltd", "W1", json!({ "id": "W1" }), ctx.at(10)).await.map_err(e2s)?;

    // Reads: everything live, one list, versions, one entry (audited).
    let live: Vec<(String, String, i64)> = store
        .watchlist_entries()
        .await
        .map_err(e2s)?
        .into_iter()
        .map(|e| (e.list, e.id, e.version))
        .collect();
    let expected = [("red", "W3", 1), ("red", "W4", 1), ("red", "W5", 2), ("sltd", "W1", 1)]
        .map(|(l, i, v)| (l.to_owned(), i.to_owned(), v));
    ensure(live == expected, format!("live entries: {live:?}"))?;
    let mut paged = Vec::new();
    let mut after: Option<(String, String)> = None;
    loop {
        let page = store
            .watchlist_entries_page(after.as_ref().map(|(l, i)| (l.as_str(), i.as_str())), 3)
            .await
            .map_err(e2s)?;
        let Some(last) = page.last() else { break };
        after = Some((last.list.clone(), last.id.clone()));
        paged.extend(page.into_iter().map(|e| (e.list, e.id, e.version)));
    }
    ensure(paged == expected, format!("paged entries: {paged:?}"))?;
    let red_ids: Vec<String> =
        store.watchlist_list_entries("red").await.map_err(e2s)?.into_iter().map(|e| e.id).collect();
    ensure(red_ids == ["W3", "W4", "W5"], format!("red: {red_ids:?}"))?;
    let v = store.watchlist_versions().await.map_err(e2s)?;
    ensure(v.get("red") == Some(&7) && v.get("sltd") == Some(&1), format!("versions: {v:?}"))?;
    let sizes: Vec<(String, i64, i64)> =
        store.watchlists().await.map_err(e2s)?.into_iter().map(|l| (l.name, l.version, l.entries)).collect();
    ensure(sizes == [("red".into(), 7, 3), ("sltd".into(), 1, 1)], format!("summaries: {sizes:?}"))?;
    let e = store.watchlist_entry(&admin, "red", "W5", ctx.at(11)).await.map_err(e2s)?;
    ensure(e.as_ref().is_some_and(|e| e.data["names"][0] == "Sara Lindqvist"), format!("entry: {e:?}"))?;
    let gone = store.watchlist_entry(&admin, "red", "W1", ctx.at(11)).await.map_err(e2s)?;
    ensure(gone.is_none(), format!("removed entry read: {gone:?}"))?;
    let audit = |action: &str| AuditFilter { action: Some(action.into()), ..AuditFilter::default() };
    for (action, n) in
        [("watchlist.import", 4), ("watchlist.put", 4), ("watchlist.remove", 1), ("watchlist.read", 1)]
    {
        let found = store.audit_search(&audit(action)).await.map_err(e2s)?.len();
        ensure(found == n, format!("{action}: {found} audit records, expected {n}"))?;
    }

    // Dispositions: none for an unknown traveller; an officer's "not the same person" is read back.
    ensure(store.traveller_dispositions("nobody").await.map_err(e2s)?.is_none(), "unknown traveller".into())?;
    let holder = Holder {
        issuer: "UTO".into(),
        number: "D0000001".into(),
        document_code: "P".into(),
        expiry: Some("2031-01-01".into()),
        nationality: "UTO".into(),
        birth_date: Some("1980-01-01".into()),
        sex: None,
        name_key: "BERG<<ANNA".into(),
        category: Category::Foreigner,
    };
    let write = InspectionWrite {
        id: "insp-w".into(),
        idempotency_key: None,
        at: ctx.at(12),
        port: "PVG".into(),
        lane: Lane::Manual,
        direction: Direction::Entry,
        holder: Some(holder),
        new_traveller_id: "trav-w".into(),
        known_traveller_id: None,
        decision: "refer".into(),
        status: "referred".into(),
        reasons: json!([]),
        result: json!({}),
        movement: None,
        conveyance_id: None,
    };
    store.record_inspection(&admin, write).await.map_err(e2s)?;
    ensure(
        store.traveller_dispositions("trav-w").await.map_err(e2s)? == Some(Vec::new()),
        "a traveller without dispositions".into(),
    )?;
    let resolution = ResolutionWrite {
        inspection_id: "insp-w".into(),
        at: ctx.at(13),
        status: "referred".into(),
        resolution: json!({ "action": "not-same-person" }),
        movement: None,
        not_same_person: vec![("red".into(), "W4".into(), 1)],
    };
    store.resolve_inspection(&admin, resolution).await.map_err(e2s)?;
    let d = store.traveller_dispositions("trav-w").await.map_err(e2s)?.unwrap_or_default();
    let d: Vec<(String, String, i64)> =
        d.into_iter().map(|d| (d.list, d.entry_id, d.entry_version)).collect();
    ensure(d == [("red".to_owned(), "W4".to_owned(), 1)], format!("dispositions: {d:?}"))?;
    Ok(())
}
