//! Watchlists and screening over HTTP: the lists with their versions, imports (CSV, JSON Lines,
//! FollowTheMoney), one entry read, written or removed, and `POST /api/v1/screen`.
//!
//! The store is the truth and `app.watchlist` (the in-memory index) follows it. Every change is written to
//! the store first and applied to the index only after the store committed, entry by entry — never by a
//! rebuild. Changes run one at a time ([`IndexSync`]'s lock), in a task of their own so that a client that
//! hangs up or a request timeout cannot leave a committed change unapplied. Changes made by another
//! process (`guomen watchlist import` against the server's database) are picked up by [`refresh`], which
//! `guomen serve` runs every few seconds.
//!
//! Entry versions: the index numbers its entries itself, and those numbers start again at every server
//! start. Everything this API and the inspections answer and remember — hits, and the officers' "not the
//! same person" dispositions — names the *store's* version of an entry, which only grows when the entry
//! changes. [`IndexSync`] keeps the store version of every indexed entry, so a disposition stays in force
//! across restarts and lapses exactly when its entry changes.

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use clearance::PriorDisposition;
use jiff::civil::Date;
use screening::{
    Action, AlertType, BirthDate, Dispositions, Entry, ImportFormat, ImportOptions, Index, RowError,
    ScreenContext, ScreeningError, Sex,
};
use serde::Deserialize;
use serde_json::{Value, json};
use store::{DispositionRecord, EntryChange, ImportMode, StoredEntry};

use crate::App;
use crate::auth::Can;
use crate::auth::caps::{ManageWatchlist, ReadWatchlist, Screen};
use crate::error::{ApiError, ApiResult, Code};
use crate::json::{Json, Query};

/// The largest import body accepted (a list of some hundred thousand entries; bigger lists go through
/// `guomen watchlist import`).
pub const IMPORT_LIMIT: usize = 64 << 20;

/// At most this many bad lines are listed in a refused import's answer (all are counted).
const MAX_LISTED: usize = 1000;

/// Entries read from the store at a time when the index is built.
const LOAD_PAGE: i64 = 10_000;

/// The longest text accepted in a screening query field.
const MAX_FIELD: usize = 200;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/api/v1/watchlists", get(lists))
        .route("/api/v1/watchlists/{list}/import", post(import).layer(DefaultBodyLimit::max(IMPORT_LIMIT)))
        .route("/api/v1/watchlists/{list}/entries/{id}", get(read_entry).put(put_entry).delete(delete_entry))
        .route("/api/v1/screen", post(screen))
}

/// What the web layer keeps beside the index: the store version of every indexed entry and of every list
/// the index reflects, and the lock that puts changes in a row.
#[derive(Default)]
pub struct IndexSync {
    meta: std::sync::RwLock<Meta>,
    changes: tokio::sync::Mutex<()>,
}

#[derive(Default)]
struct Meta {
    /// Entry id → (list, store version), for every entry in the index that came from the store.
    entries: HashMap<String, (String, i64)>,
    /// List → the store version the index reflects.
    lists: BTreeMap<String, i64>,
}

impl IndexSync {
    /// Forgets what the index was built from (when the index is replaced by other means, e.g. in tests):
    /// versions are then the index's own, and [`refresh`] brings every stored list back in.
    pub fn reset(&self) {
        if let Ok(mut m) = self.meta.write() {
            *m = Meta::default();
        }
    }
}

fn poisoned() -> ApiError {
    ApiError::new(Code::Internal, "the watchlist index lock is poisoned")
}

fn entry_of(stored: &StoredEntry) -> Result<Entry, ApiError> {
    let mut e = Entry::deserialize(&stored.data).map_err(|err| {
        ApiError::new(
            Code::Internal,
            format!("stored watchlist entry {}/{} does not load: {err}", stored.list, stored.id),
        )
    })?;
    e.list.clone_from(&stored.list);
    Ok(e)
}

/// What [`load`] found.
#[derive(Debug, Clone, Copy)]
pub struct Loaded {
    pub entries: usize,
    pub lists: usize,
    pub millis: u64,
}

/// Builds the index from the store and puts it in `app.watchlist` (at start). Refuses stored data that
/// does not load, and an id held by two lists, naming them.
pub async fn load(app: &App) -> ApiResult<Loaded> {
    let _turn = app.watchlist_sync.changes.lock().await;
    let started = std::time::Instant::now();
    // Versions first: a list that changes in between is then older here than its entries, and the next
    // refresh reads it again.
    let lists = app.store.watchlist_versions().await?;
    let mut index = Index::new();
    let mut meta = Meta { lists, ..Meta::default() };
    // Page by page: only one page of stored JSON is held beside the growing index.
    let mut after: Option<(String, String)> = None;
    loop {
        let page = app
            .store
            .watchlist_entries_page(after.as_ref().map(|(l, i)| (l.as_str(), i.as_str())), LOAD_PAGE)
            .await?;
        let Some(last) = page.last() else { break };
        after = Some((last.list.clone(), last.id.clone()));
        for s in &page {
            let e = entry_of(s)?;
            if let Some((other, _)) = meta.entries.get(&s.id) {
                return Err(ApiError::new(
                    Code::Internal,
                    format!("watchlist entry id {:?} is on two lists, {other} and {}", s.id, s.list),
                ));
            }
            index.upsert(e);
            meta.entries.insert(s.id.clone(), (s.list.clone(), s.version));
        }
    }
    let loaded = Loaded {
        entries: index.len(),
        lists: meta.lists.len(),
        millis: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
    };
    let mut w = app.watchlist.write().map_err(|_| poisoned())?;
    let mut m = app.watchlist_sync.meta.write().map_err(|_| poisoned())?;
    *w = index;
    *m = meta;
    Ok(loaded)
}

/// One list's committed change, to apply to the index.
struct Applied<'a> {
    list: &'a str,
    changed: &'a [StoredEntry],
    removed: &'a [(String, i64)],
    /// The list's version after the change.
    list_version: i64,
}

/// Applies a committed change to the index (the caller holds the change lock). When the list's version
/// shows that another process changed it since the index last followed it, the list is read again.
async fn apply(app: &App, change: Applied<'_>) -> ApiResult<()> {
    let entries: Vec<Entry> = change.changed.iter().map(entry_of).collect::<Result<_, _>>()?;
    let caught_up = {
        let mut w = app.watchlist.write().map_err(|_| poisoned())?;
        let mut m = app.watchlist_sync.meta.write().map_err(|_| poisoned())?;
        for (e, s) in entries.into_iter().zip(change.changed) {
            w.upsert(e);
            m.entries.insert(s.id.clone(), (s.list.clone(), s.version));
        }
        for (id, _) in change.removed {
            // Only the list's own entry goes: the id may meanwhile belong to another list.
            if w.get(id).is_some_and(|(e, _)| e.list == change.list) {
                w.remove(id);
            }
            if m.entries.get(id).is_some_and(|(l, _)| l == change.list) {
                m.entries.remove(id);
            }
        }
        let before = m.lists.get(change.list).copied().unwrap_or(0);
        let caught_up = before == change.list_version - 1 || before == change.list_version;
        if caught_up {
            m.lists.insert(change.list.to_owned(), change.list_version);
        }
        caught_up
    };
    if !caught_up {
        sync_list(app, change.list, change.list_version).await?;
    }
    Ok(())
}

/// Brings one list of the index up to the store's content (the caller holds the change lock): entries
/// whose store version differs are re-indexed, entries the list no longer has are removed.
async fn sync_list(app: &App, list: &str, version: i64) -> ApiResult<usize> {
    let stored = app.store.watchlist_list_entries(list).await?;
    let mut w = app.watchlist.write().map_err(|_| poisoned())?;
    let mut m = app.watchlist_sync.meta.write().map_err(|_| poisoned())?;
    let mut touched = 0;
    let mut present = std::collections::HashSet::with_capacity(stored.len());
    for s in &stored {
        present.insert(s.id.as_str());
        if m.entries.get(&s.id).is_some_and(|(l, v)| l == &s.list && *v == s.version) {
            continue;
        }
        w.upsert(entry_of(s)?);
        m.entries.insert(s.id.clone(), (s.list.clone(), s.version));
        touched += 1;
    }
    // From the index itself, so that entries it got by other means than the store go too.
    let gone: Vec<String> = w
        .entries()
        .into_iter()
        .filter(|(e, _)| e.list == list && !present.contains(e.id.as_str()))
        .map(|(e, _)| e.id.clone())
        .collect();
    for id in gone {
        w.remove(&id);
        m.entries.remove(&id);
        touched += 1;
    }
    m.lists.insert(list.to_owned(), version);
    Ok(touched)
}

/// Applies to the index what other processes changed in the store since the index last followed it
/// (lists whose version moved on). Returns the number of entries re-indexed or removed.
pub async fn refresh(app: &App) -> ApiResult<usize> {
    let _turn = app.watchlist_sync.changes.lock().await;
    let versions = app.store.watchlist_versions().await?;
    let stale: Vec<(String, i64)> = {
        let m = app.watchlist_sync.meta.read().map_err(|_| poisoned())?;
        versions.into_iter().filter(|(l, v)| m.lists.get(l) != Some(v)).collect()
    };
    let mut touched = 0;
    for (list, version) in stale {
        touched += sync_list(app, &list, version).await?;
    }
    Ok(touched)
}

/// Runs [`refresh`] every `every` until the process ends (for `guomen serve`).
pub async fn keep_current(app: App, every: Duration) {
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        match refresh(&app).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(entries = n, "watchlist changes from the store applied to the index"),
            Err(e) => {
                tracing::warn!(code = e.code.as_str(), message = %e.message, "watchlist refresh failed")
            }
        }
    }
}

/// The dispositions of `records` still in force, with the index's versions, for screening: a disposition
/// lapses when its entry's store version moved on. Call it with the index the screening will use, while
/// its read lock is held. Entries the index did not get from the store keep the version they carry.
pub fn in_force(app: &App, index: &Index, records: Vec<PriorDisposition>) -> Vec<PriorDisposition> {
    let Ok(m) = app.watchlist_sync.meta.read() else { return Vec::new() };
    records
        .into_iter()
        .filter_map(|d| match m.entries.get(&d.entry_id) {
            Some((_, v)) if u64::try_from(*v).ok() == Some(d.entry_version) => index
                .get(&d.entry_id)
                .map(|(_, iv)| PriorDisposition { entry_id: d.entry_id.clone(), entry_version: iv }),
            Some(_) => None,
            None => Some(d),
        })
        .collect()
}

/// Rewrites an inspection outcome's hit versions from the index's numbering to the store's (what the
/// resolution remembers). Call it while the read lock of the index that screened is still held.
pub fn with_store_versions(app: &App, outcome: &mut clearance::Outcome) {
    let Ok(m) = app.watchlist_sync.meta.read() else { return };
    for (_, id, v) in &mut outcome.hit_entries {
        *v = store_version(&m, id, *v);
    }
    rewrite_versions(&m, &mut outcome.screening);
}

fn store_version(m: &Meta, id: &str, index_version: u64) -> u64 {
    m.entries.get(id).and_then(|(_, v)| u64::try_from(*v).ok()).unwrap_or(index_version)
}

/// Rewrites `entry_version` of every hit and suppressed hit of a screening's JSON.
fn rewrite_versions(m: &Meta, screening: &mut Value) {
    for key in ["hits", "suppressed"] {
        if let Some(hits) = screening.get_mut(key).and_then(Value::as_array_mut) {
            for h in hits {
                let id = h["id"].as_str().unwrap_or_default().to_owned();
                if let Some(v) = h["entry_version"].as_u64() {
                    h["entry_version"] = json!(store_version(m, &id, v));
                }
            }
        }
    }
}

/// True for a list name: 1–64 letters, digits, `.`, `_` or `-` (it appears in paths and audit subjects).
pub fn valid_list_name(list: &str) -> bool {
    !list.is_empty()
        && list.len() <= 64
        && list.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

fn list_name(list: &str) -> ApiResult<()> {
    if valid_list_name(list) {
        Ok(())
    } else {
        Err(ApiError::invalid(format!(
            "list: {:?} is not a list name (1–64 letters, digits, '.', '_' or '-')",
            list.chars().take(80).collect::<String>()
        )))
    }
}

/// `422 invalid-input` naming every bad line (the first [`MAX_LISTED`]) of a refused file.
fn refused(rows: &[RowError]) -> Response {
    let first: Vec<String> = rows.iter().take(5).map(ToString::to_string).collect();
    let message = format!(
        "nothing was imported: {} bad line(s): {}{}",
        rows.len(),
        first.join("; "),
        if rows.len() > first.len() { "; …" } else { "" }
    );
    let code = Code::InvalidInput;
    let lines: Vec<&RowError> = rows.iter().take(MAX_LISTED).collect();
    let body = json!({ "error": { "code": code.as_str(), "message": message, "lines": lines, "bad_lines": rows.len() } });
    (code.status(), axum::Json(body)).into_response()
}

fn screening_refusal(e: ScreeningError) -> Response {
    match e {
        ScreeningError::Import(rows) => refused(&rows),
        other => ApiError::invalid(other.to_string()).into_response(),
    }
}

/// Runs a change in a task of its own, holding the change lock, so that it is applied to the index even
/// when the request that asked for it is dropped after the store committed.
async fn in_turn<T, F, Fut>(app: &App, change: F) -> ApiResult<T>
where
    T: Send + 'static,
    F: FnOnce(App) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = ApiResult<T>> + Send + 'static,
{
    let app = app.clone();
    tokio::spawn(async move {
        let _turn = app.watchlist_sync.changes.lock().await;
        change(app.clone()).await
    })
    .await
    .map_err(|_| ApiError::new(Code::Internal, "the watchlist change did not finish"))?
}

async fn lists(State(app): State<App>, _who: Can<ReadWatchlist>) -> ApiResult<Json<Value>> {
    let lists = app.store.watchlists().await?;
    let index = {
        let w = app.watchlist.read().map_err(|_| poisoned())?;
        json!({ "entries": w.len(), "spellings": w.vocabulary_len() })
    };
    Ok(Json(json!({ "watchlists": lists, "index": index })))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ImportParams {
    format: Option<String>,
    mode: Option<String>,
    /// Alert type of FollowTheMoney entities (which carry none).
    alert_type: Option<String>,
    /// Action of FollowTheMoney entities.
    action: Option<String>,
}

/// The format: the `format` parameter, else the body's media type, else CSV.
fn format_of(param: Option<&str>, headers: &HeaderMap) -> ApiResult<ImportFormat> {
    if let Some(f) = param {
        return f
            .parse()
            .map_err(|_| ApiError::invalid(format!("format: {f:?} is not one of csv, jsonl, ftm")));
    }
    let media = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let media = media.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    Ok(match media.as_str() {
        "application/x-ndjson" | "application/jsonl" | "application/json-lines" | "application/json" => {
            ImportFormat::JsonLines
        }
        _ => ImportFormat::Csv,
    })
}

/// The 1-based line of the first byte that is not UTF-8.
fn utf8_text(bytes: &[u8]) -> Result<&str, Box<Response>> {
    std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes.get(..e.valid_up_to()).map_or(0, |b| b.iter().filter(|c| **c == b'\n').count()) + 1;
        Box::new(refused(&[RowError { line, reason: "the text is not UTF-8".into() }]))
    })
}

async fn import(
    State(app): State<App>,
    who: Can<ManageWatchlist>,
    Path(list): Path<String>,
    Query(p): Query<ImportParams>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    list_name(&list)?;
    let body = body.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(
                Code::PayloadTooLarge,
                format!("an import may be at most {} MiB", IMPORT_LIMIT >> 20),
            )
        } else {
            ApiError::invalid("the body could not be read")
        }
    })?;
    let format = format_of(p.format.as_deref(), &headers)?;
    let mode = match p.mode.as_deref().unwrap_or("replace") {
        "replace" => ImportMode::Replace,
        "merge" => ImportMode::Merge,
        other => return Err(ApiError::invalid(format!("mode: {other:?} is not replace or merge"))),
    };
    let mut options = ImportOptions { list: Some(list.clone()), ..ImportOptions::default() };
    if let Some(a) = &p.alert_type {
        options.ftm_alert_type = a.parse::<AlertType>().map_err(|e| ApiError::invalid(e.to_string()))?;
    }
    if let Some(a) = &p.action {
        options.ftm_action = a.parse::<Action>().map_err(|e| ApiError::invalid(e.to_string()))?;
    }
    let text = match utf8_text(&body) {
        Ok(t) => t,
        Err(resp) => return Ok(*resp),
    };
    if text.trim().is_empty() {
        return Err(ApiError::invalid(
            "the body is empty: send the list's file (to empty a list, send a CSV with only its header)",
        ));
    }
    let imported = match screening::import(text, format, &options) {
        Ok(i) => i,
        Err(e) => return Ok(screening_refusal(e)),
    };
    let skipped = imported.skipped;
    let rows = imported
        .entries
        .iter()
        .map(|e| serde_json::to_value(e).map(|v| (e.id.clone(), v)))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| ApiError::new(Code::Internal, format!("an entry could not be written: {e}")))?;
    let actor = who.principal().clone();
    let at = app.clock.now();
    let counts = in_turn(&app, move |app| async move {
        let mut done = app.store.watchlist_import_lists(&actor, vec![(list.clone(), rows)], mode, at).await?;
        let one = done.pop().ok_or_else(|| ApiError::new(Code::Internal, "the import reported no list"))?;
        let change = Applied {
            list: &list,
            changed: &one.changed,
            removed: &one.removed,
            list_version: one.counts.version,
        };
        apply(&app, change).await?;
        Ok(one.counts)
    })
    .await?;
    let entries = app.watchlist.read().map_err(|_| poisoned())?.len();
    Ok(Json(json!({
        "list": counts.list, "added": counts.added, "changed": counts.changed, "removed": counts.removed,
        "unchanged": counts.unchanged, "skipped": skipped, "version": counts.version,
        "index": { "entries": entries },
    }))
    .into_response())
}

async fn read_entry(
    State(app): State<App>,
    who: Can<ReadWatchlist>,
    Path((list, id)): Path<(String, String)>,
) -> ApiResult<Json<Value>> {
    let e = app
        .store
        .watchlist_entry(who.principal(), &list, &id, app.clock.now())
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no entry {id} on list {list}")))?;
    Ok(Json(json!({ "entry": e })))
}

/// Validates one entry exactly as an import line would be, with the path's list and id.
fn entry_from_body(list: &str, id: &str, body: Value) -> Result<Entry, ApiError> {
    let Value::Object(mut obj) = body else {
        return Err(ApiError::invalid("the body must be a JSON object: the entry"));
    };
    for (key, want) in [("id", id), ("list", list)] {
        match obj.get(key) {
            Some(Value::String(s)) if s != want => {
                return Err(ApiError::invalid(format!("{key}: {s:?} differs from the path's {want:?}")));
            }
            _ => {
                obj.insert(key.into(), json!(want));
            }
        }
    }
    let line = Value::Object(obj).to_string();
    let options = ImportOptions { list: Some(list.to_owned()), ..ImportOptions::default() };
    match screening::import(&line, ImportFormat::JsonLines, &options) {
        Ok(mut i) => i.entries.pop().ok_or_else(|| ApiError::invalid("no entry in the body")),
        Err(ScreeningError::Import(rows)) => {
            let reasons: Vec<String> = rows.into_iter().map(|r| r.reason).collect();
            Err(ApiError::invalid(format!("the entry is not valid: {}", reasons.join("; "))))
        }
        Err(e) => Err(ApiError::invalid(e.to_string())),
    }
}

async fn put_entry(
    State(app): State<App>,
    who: Can<ManageWatchlist>,
    Path((list, id)): Path<(String, String)>,
    Json(body): Json<Value>,
) -> Result<Response, ApiError> {
    list_name(&list)?;
    if id.is_empty() || id.len() > 200 {
        return Err(ApiError::invalid("id: 1–200 characters"));
    }
    let entry = entry_from_body(&list, &id, body)?;
    let data = serde_json::to_value(&entry)
        .map_err(|e| ApiError::new(Code::Internal, format!("the entry could not be written: {e}")))?;
    let actor = who.principal().clone();
    let at = app.clock.now();
    let out = in_turn(&app, move |app| async move {
        let out = app.store.watchlist_put(&actor, &list, &id, data, at).await?;
        if out.change != EntryChange::Unchanged {
            let changed = [out.entry.clone()];
            apply(
                &app,
                Applied { list: &list, changed: &changed, removed: &[], list_version: out.list_version },
            )
            .await?;
        }
        Ok(out)
    })
    .await?;
    let status = if out.change == EntryChange::Added { StatusCode::CREATED } else { StatusCode::OK };
    Ok((status, Json(json!(out))).into_response())
}

async fn delete_entry(
    State(app): State<App>,
    who: Can<ManageWatchlist>,
    Path((list, id)): Path<(String, String)>,
) -> ApiResult<Json<Value>> {
    let actor = who.principal().clone();
    let at = app.clock.now();
    let (l, i) = (list.clone(), id.clone());
    let removed = in_turn(&app, move |app| async move {
        let Some((version, list_version)) = app.store.watchlist_remove(&actor, &l, &i, at).await? else {
            return Ok(None);
        };
        let removed = [(i.clone(), version)];
        apply(&app, Applied { list: &l, changed: &[], removed: &removed, list_version }).await?;
        Ok(Some((version, list_version)))
    })
    .await?;
    let (version, list_version) =
        removed.ok_or_else(|| ApiError::not_found(format!("no entry {id} on list {list}")))?;
    Ok(Json(
        json!({ "list": list, "id": id, "removed": true, "version": version, "list_version": list_version }),
    ))
}

/// `POST /api/v1/screen`: a [`screening::Query`], optionally the traveller whose dispositions apply, and
/// the day of screening.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScreenBody {
    pub name: Option<String>,
    pub primary: Option<String>,
    pub secondary: Option<String>,
    pub birth_date: Option<BirthDate>,
    pub sex: Option<Sex>,
    pub nationality: Option<String>,
    pub document_number: Option<String>,
    /// A traveller id (as inspections answer it): that traveller's "not the same person" dispositions
    /// suppress their entries (the hits are still reported, under `suppressed`).
    pub traveller_id: Option<String>,
    /// The day of screening: entries outside their validity window are left out (default: today in China).
    pub as_of: Option<Date>,
}

impl ScreenBody {
    fn query(&self) -> ApiResult<screening::Query> {
        let given = |s: &Option<String>| s.as_deref().is_some_and(|t| !t.trim().is_empty());
        if ![&self.name, &self.primary, &self.secondary, &self.document_number].iter().any(|f| given(f)) {
            return Err(ApiError::invalid(
                "give a name (name, or primary and secondary) or a document_number",
            ));
        }
        for (field, value) in [
            ("name", &self.name),
            ("primary", &self.primary),
            ("secondary", &self.secondary),
            ("nationality", &self.nationality),
            ("document_number", &self.document_number),
            ("traveller_id", &self.traveller_id),
        ] {
            if value.as_ref().is_some_and(|v| v.chars().count() > MAX_FIELD) {
                return Err(ApiError::invalid(format!("{field}: at most {MAX_FIELD} characters")));
            }
        }
        Ok(screening::Query {
            name: self.name.clone(),
            primary: self.primary.clone(),
            secondary: self.secondary.clone(),
            birth_date: self.birth_date,
            sex: self.sex,
            nationality: self.nationality.clone(),
            document_number: self.document_number.clone(),
            traveller_key: self.traveller_id.clone(),
        })
    }

    /// The fields given, by name only: what the audit record may say about the query.
    fn fields(&self) -> Vec<&'static str> {
        let mut f = Vec::new();
        let mut add = |name, present: bool| {
            if present {
                f.push(name);
            }
        };
        add("name", self.name.is_some());
        add("primary", self.primary.is_some());
        add("secondary", self.secondary.is_some());
        add("birth_date", self.birth_date.is_some());
        add("sex", self.sex.is_some());
        add("nationality", self.nationality.is_some());
        add("document_number", self.document_number.is_some());
        f
    }
}

fn dispositions_for(
    app: &App,
    index: &Index,
    traveller: &str,
    records: &[DispositionRecord],
) -> Dispositions {
    let prior = records
        .iter()
        .map(|d| PriorDisposition {
            entry_id: d.entry_id.clone(),
            entry_version: u64::try_from(d.entry_version).unwrap_or(0),
        })
        .collect();
    in_force(app, index, prior)
        .into_iter()
        .map(|d| screening::Disposition {
            traveller_key: traveller.to_owned(),
            entry_id: d.entry_id,
            entry_version: d.entry_version,
        })
        .collect()
}

fn hit_refs(v: &Value, key: &str) -> Vec<String> {
    v[key]
        .as_array()
        .into_iter()
        .flatten()
        .map(|h| {
            format!(
                "{}/{}@{}",
                h["list"].as_str().unwrap_or_default(),
                h["id"].as_str().unwrap_or_default(),
                h["entry_version"]
            )
        })
        .collect()
}

async fn screen(
    State(app): State<App>,
    who: Can<Screen>,
    Json(body): Json<ScreenBody>,
) -> ApiResult<Json<Value>> {
    let query = body.query()?;
    let at = app.clock.now();
    let as_of = body.as_of.unwrap_or_else(|| crate::api::mrz::today_in_china(at));
    let records = match &body.traveller_id {
        Some(t) => Some(
            app.store
                .traveller_dispositions(t)
                .await?
                .ok_or_else(|| ApiError::not_found(format!("no traveller {t}")))?,
        ),
        None => None,
    };
    let answer = {
        let index = app.watchlist.read().map_err(|_| poisoned())?;
        let dispositions = match (&body.traveller_id, &records) {
            (Some(t), Some(r)) => dispositions_for(&app, &index, t, r),
            _ => Dispositions::new(),
        };
        let ctx = ScreenContext {
            config: &app.config.matching,
            as_of: Some(as_of),
            dispositions: Some(&dispositions),
        };
        let result = index.screen(&query, &ctx);
        let mut v = serde_json::to_value(&result)
            .map_err(|e| ApiError::new(Code::Internal, format!("the answer could not be written: {e}")))?;
        let m = app.watchlist_sync.meta.read().map_err(|_| poisoned())?;
        rewrite_versions(&m, &mut v);
        v
    };
    // The audit record says who screened, for which traveller, with which fields and which hits — never the
    // names or numbers asked about.
    let subject =
        body.traveller_id.as_ref().map_or_else(|| "watchlist".to_owned(), |t| format!("traveller:{t}"));
    let detail = json!({
        "fields": body.fields(),
        "as_of": as_of,
        "hits": hit_refs(&answer, "hits"),
        "suppressed": hit_refs(&answer, "suppressed"),
    });
    app.store
        .audit(who.principal(), at, domain::AuditEvent::new("screen", subject).with_detail(detail))
        .await?;
    Ok(Json(answer))
}

/// The OpenAPI operations of this module.
pub fn operations() -> Vec<crate::openapi::Operation> {
    use crate::openapi::{access, operation};
    let str_or_null = json!({ "type": ["string", "null"] });
    let list_summary = json!({
        "type": "object",
        "required": ["name", "version", "entries", "updated_at"],
        "properties": {
            "name": { "type": "string" }, "version": { "type": "integer" }, "entries": { "type": "integer" },
            "updated_at": { "type": "string", "format": "date-time" }
        }
    });
    let entry = json!({
        "type": "object",
        "required": ["names", "alert_type", "action"],
        "properties": {
            "id": { "type": "string", "description": "the path's id when absent" },
            "list": { "type": "string", "description": "the path's list when absent" },
            "names": { "type": "array", "items": { "type": "string" }, "minItems": 1, "description": "the name and its aliases, any script" },
            "birth_dates": { "type": "array", "items": { "type": "string" }, "description": "1980-03-02, 1980-03, 1980 or FROM..TO" },
            "sex": { "type": ["string", "null"], "enum": ["M", "F", "X", null] },
            "nationalities": { "type": "array", "items": { "type": "string" }, "description": "ICAO codes (ISO alpha-2 accepted)" },
            "document_numbers": { "type": "array", "items": { "type": "string" } },
            "alert_type": { "type": "string", "enum": ["wanted", "entry-ban", "exit-ban", "lost-stolen-document", "notify"] },
            "action": { "type": "string", "enum": ["refer", "deny", "notify"] },
            "valid_from": { "type": ["string", "null"], "format": "date" },
            "valid_to": { "type": ["string", "null"], "format": "date" },
            "authority": str_or_null, "legal_basis": str_or_null
        }
    });
    let stored = json!({
        "type": "object",
        "required": ["list", "id", "version", "data"],
        "properties": {
            "list": { "type": "string" }, "id": { "type": "string" },
            "version": { "type": "integer", "description": "grows whenever the entry changes" },
            "data": entry.clone()
        }
    });
    let counts = json!({
        "type": "object",
        "required": ["list", "added", "changed", "removed", "unchanged", "version"],
        "properties": {
            "list": { "type": "string" }, "added": { "type": "integer" }, "changed": { "type": "integer" },
            "removed": { "type": "integer" }, "unchanged": { "type": "integer" },
            "skipped": { "type": "integer", "description": "FollowTheMoney entities that are not persons" },
            "version": { "type": "integer", "description": "the list's new version" },
            "index": { "type": "object" }
        }
    });
    let hit = json!({
        "type": "object",
        "required": ["id", "score", "matched_name", "alert_type", "action", "list", "entry_version", "explanation"],
        "properties": {
            "id": { "type": "string" }, "score": { "type": "number", "minimum": 0, "maximum": 1 },
            "matched_name": { "type": "string" }, "alert_type": { "type": "string" }, "action": { "type": "string" },
            "list": { "type": "string" }, "entry_version": { "type": "integer", "description": "the store's version of the entry" },
            "explanation": { "type": "object", "description": "summary, the name parts matched and how, and each fact that raised or lowered the score" }
        }
    });
    let screen_body = json!({
        "type": "object",
        "additionalProperties": false,
        "properties": {
            "name": { "type": ["string", "null"], "maxLength": MAX_FIELD, "description": "full name in any script and order; an MRZ name field is recognised" },
            "primary": { "type": ["string", "null"], "maxLength": MAX_FIELD, "description": "surname" },
            "secondary": { "type": ["string", "null"], "maxLength": MAX_FIELD, "description": "given names" },
            "birth_date": { "type": ["string", "null"], "description": "1980-03-02, 1980-03, 1980 or FROM..TO" },
            "sex": { "type": ["string", "null"], "enum": ["M", "F", "X", null] },
            "nationality": { "type": ["string", "null"], "maxLength": MAX_FIELD },
            "document_number": { "type": ["string", "null"], "maxLength": MAX_FIELD },
            "traveller_id": { "type": ["string", "null"], "maxLength": MAX_FIELD, "description": "honour this traveller's \"not the same person\" dispositions" },
            "as_of": { "type": ["string", "null"], "format": "date", "description": "the day of screening (default today in China)" }
        }
    });
    let screening = json!({
        "type": "object",
        "required": ["hits"],
        "properties": {
            "hits": { "type": "array", "items": hit.clone() },
            "suppressed": { "type": "array", "items": hit, "description": "hits a disposition of the traveller suppresses" }
        }
    });
    let import_body = json!({
        "type": "string",
        "contentMediaType": "text/csv",
        "description": "the list's file: CSV with the header id,names,birth_date,sex,nationalities,document_numbers,alert_type,action,valid_from,valid_to,list (several values separated by |), JSON Lines with the same fields, or FollowTheMoney Person entities, one per line"
    });
    let mut ops = vec![
        operation(
            "get",
            "/api/v1/watchlists",
            "screening",
            "The watchlists with their versions and sizes",
            access::<ReadWatchlist>(),
            None,
            (
                200,
                json!({ "type": "object", "required": ["watchlists"], "properties": { "watchlists": { "type": "array", "items": list_summary }, "index": { "type": "object" } } }),
            ),
        ),
        operation(
            "post",
            "/api/v1/watchlists/{list}/import",
            "screening",
            "Import a new version of a list (replace) or add and change entries (merge): all or nothing, every bad line named (422); ids another list holds are refused (409); audited",
            access::<ManageWatchlist>(),
            Some(import_body),
            (200, counts),
        ),
        operation(
            "get",
            "/api/v1/watchlists/{list}/entries/{id}",
            "screening",
            "One watchlist entry (audited)",
            access::<ReadWatchlist>(),
            None,
            (
                200,
                json!({ "type": "object", "required": ["entry"], "properties": { "entry": stored.clone() } }),
            ),
        ),
        operation(
            "put",
            "/api/v1/watchlists/{list}/entries/{id}",
            "screening",
            "Add or change one watchlist entry (201 when added; audited; applied to screening at once)",
            access::<ManageWatchlist>(),
            Some(entry),
            (
                200,
                json!({ "type": "object", "required": ["entry", "change", "list_version"], "properties": {
                    "entry": stored, "change": { "type": "string", "enum": ["added", "changed", "unchanged"] },
                    "list_version": { "type": "integer" }
                } }),
            ),
        ),
        operation(
            "delete",
            "/api/v1/watchlists/{list}/entries/{id}",
            "screening",
            "Remove one watchlist entry (audited; applied to screening at once)",
            access::<ManageWatchlist>(),
            None,
            (
                200,
                json!({ "type": "object", "required": ["list", "id", "removed", "version", "list_version"] }),
            ),
        ),
        operation(
            "post",
            "/api/v1/screen",
            "screening",
            "Screen a person against the watchlists: explained hits; a traveller's dispositions honoured (audited without the names asked about)",
            access::<Screen>(),
            Some(screen_body),
            (200, screening),
        ),
    ];
    for op in &mut ops {
        if op.path == "/api/v1/watchlists/{list}/import" {
            op.query = vec![
                (
                    "format",
                    json!({ "type": "string", "enum": ["csv", "jsonl", "ftm"] }),
                    "the file's format (default: from the media type — application/x-ndjson is JSON Lines — else CSV)",
                ),
                (
                    "mode",
                    json!({ "type": "string", "enum": ["replace", "merge"] }),
                    "replace (default): the file is the whole list, entries it lacks are removed; merge: add and change only",
                ),
                (
                    "alert_type",
                    json!({ "type": "string", "enum": ["wanted", "entry-ban", "exit-ban", "lost-stolen-document", "notify"] }),
                    "for FollowTheMoney files: the entries' alert type (default entry-ban)",
                ),
                (
                    "action",
                    json!({ "type": "string", "enum": ["refer", "deny", "notify"] }),
                    "for FollowTheMoney files: the entries' action (default refer)",
                ),
            ];
        }
    }
    ops
}
