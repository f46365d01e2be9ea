//! Persistence for guomen: one [`Store`] whose operations are written once over a narrow connection seam
//! ([`conn::Conn`]) and run on SQLite (embedded, the default) or PostgreSQL (central), each through its
//! own native sqlx driver and its own migrations.
//!
//! Architecture invariants:
//! - Only this crate knows SQL (guide invariant 7).
//! - Every write, and every read of personal data, goes through the single group-committing writer
//!   ([`writer`]), which appends the act's audit record in the same transaction (invariant 5) and reports
//!   success only after COMMIT (invariant 8).
//! - The audit tables are append-only in the database itself (triggers on both backends).
//!
//! The same conformance suite ([`conformance`]) runs against both backends.

pub mod conformance;
pub mod conn;
pub mod postgres;
pub mod sqlite;

mod audit;
mod clearance;
mod history;
mod manifests;
mod operations;
mod reference;
mod retention;
mod statistics;
mod users;
mod watchlist;
mod writer;

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

pub use audit::{AuditFilter, AuditVerification};
pub use clearance::{
    DispositionRecord, Holder, InspectionRecord, InspectionWrite, MovementRecord, MovementWrite, Recorded,
    ResolutionWrite, StayRecord, TravellerContext, TravellerRecord, local_day,
};
pub use history::{HistoricMovement, HistoricTraveller};
pub use manifests::{
    ArrivalLink, ArrivalMatch, FlightPerson, FlightRecord, FlightSummary, ManifestChange,
    ManifestPersonRecord, ManifestPersonWrite, ManifestSourceWrite, ManifestWrite, NO_SHOW_AFTER,
    SavedManifest, SourceRecord, SourceSummary, StoredManifest, UnmanifestedArrival, normalize_document,
    normalize_issuer,
};
pub use operations::PortCount;
pub use reference::PortRow;
pub use retention::{PurgeReport, Retention};
pub use statistics::{ConveyanceWrite, Dim, StatRow, Stats};
pub use users::{NewToken, NewUser, SessionRecord, TokenRecord, UserRecord};
pub use watchlist::{
    EntryChange, ImportCounts, ImportMode, ListImport, ListSummary, PutOutcome, StoredEntry,
};
pub use writer::Tx;

use conn::Readers;
use writer::Writer;

/// Errors of the storage layer.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum StoreError {
    /// The database could not be opened or reached.
    Open(String),
    /// A migration failed.
    Migrate(String),
    /// A uniqueness rule was violated (e.g. a username that exists); the message names it.
    Conflict(String),
    /// Something the caller referred to does not exist.
    NotFound(String),
    /// The caller's input was refused by a rule of the store.
    Invalid(String),
    /// A stored value could not be read back.
    Decode(String),
    /// The database reported an error.
    Database(String),
    /// The writer is not running.
    Unavailable(String),
}

impl StoreError {
    pub(crate) fn from_sqlx(e: sqlx::Error) -> Self {
        if let sqlx::Error::Database(d) = &e
            && d.is_unique_violation()
        {
            return StoreError::Conflict(d.message().to_owned());
        }
        StoreError::Database(e.to_string())
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Open(m) => write!(f, "cannot open the database: {m}"),
            StoreError::Migrate(m) => write!(f, "database migration failed: {m}"),
            StoreError::Conflict(m) => write!(f, "conflict: {m}"),
            StoreError::NotFound(m) => write!(f, "not found: {m}"),
            StoreError::Invalid(m) => write!(f, "invalid: {m}"),
            StoreError::Decode(m) => write!(f, "cannot decode a stored value: {m}"),
            StoreError::Database(m) => write!(f, "database error: {m}"),
            StoreError::Unavailable(m) => write!(f, "storage unavailable: {m}"),
        }
    }
}

impl std::error::Error for StoreError {}

/// Which database a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn as_str(&self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// Where the data lives.
#[derive(Debug, Clone)]
pub enum Location {
    /// An SQLite file (normally `<data dir>/guomen.db`).
    Sqlite(PathBuf),
    /// A PostgreSQL URL.
    Postgres(String),
}

impl Location {
    /// Parses a `--database-url`: `postgres://…`/`postgresql://…`, or `sqlite://path`.
    pub fn from_url(url: &str) -> Result<Self, StoreError> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Location::Postgres(url.to_owned()))
        } else if url.starts_with("sqlite:") {
            Ok(Location::Sqlite(sqlite::path_from_url(url)?))
        } else {
            Err(StoreError::Open(format!(
                "unsupported database URL {:?}: use postgres://… or sqlite://path",
                redact_url(url)
            )))
        }
    }
}

/// A URL without its password, for messages and logs.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s + 3 => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..s + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// Options for opening a store.
pub struct StoreConfig {
    pub location: Location,
    /// Ed25519 seed for signing audit checkpoints; `None` disables checkpoints.
    pub audit_signing_key: Option<[u8; 32]>,
    /// Sign a checkpoint after this many audit records.
    pub checkpoint_every: u64,
}

/// The store: all of guomen's persistence.
#[derive(Clone)]
pub struct Store {
    backend: Backend,
    writer: Writer,
    readers: Readers,
    verifying_key: Option<ed25519_dalek::VerifyingKey>,
}

impl Store {
    /// Opens the database, runs the migrations, loads the reference data and starts the writer.
    pub async fn open(config: StoreConfig) -> Result<Store, StoreError> {
        let (backend, mut writer_conn, readers) = match &config.location {
            Location::Sqlite(path) => {
                let (w, r) = sqlite::open(path).await?;
                (Backend::Sqlite, w, r)
            }
            Location::Postgres(url) => {
                let (w, r) = postgres::open(url).await?;
                (Backend::Postgres, w, r)
            }
        };
        reference::sync(writer_conn.as_mut()).await?;
        let checkpointing = config.audit_signing_key.map(|seed| writer::Checkpointing {
            key: ed25519_dalek::SigningKey::from_bytes(&seed),
            every: config.checkpoint_every.max(1),
        });
        let verifying_key = checkpointing.as_ref().map(|c| c.key.verifying_key());
        let writer = Writer::start(writer_conn, backend, checkpointing).await?;
        Ok(Store { backend, writer, readers, verifying_key })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// A connection from the read pool, for one operation.
    pub(crate) fn reader(&self) -> Box<dyn conn::Conn> {
        (self.readers)()
    }

    /// Checks that the database answers (for `/readyz`).
    pub async fn ping(&self) -> Result<(), StoreError> {
        self.reader().fetch_one("SELECT 1", &[]).await.map(|_| ())
    }

    /// Runs `f` in the writer's transaction: the way every write and every audited read is done.
    pub async fn write<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: for<'a> FnOnce(
                &'a mut Tx,
            ) -> std::pin::Pin<
                Box<dyn std::future::Future<Output = Result<T, StoreError>> + Send + 'a>,
            > + Send
            + 'static,
    {
        self.writer.run(f).await
    }
}

/// Shares a store between tasks.
pub type SharedStore = Arc<Store>;

#[cfg(test)]
mod tests {
    #[test]
    fn urls_are_redacted() {
        assert_eq!(super::redact_url("postgres://u:secret@h:5432/db"), "postgres://u:***@h:5432/db");
        assert_eq!(super::redact_url("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(super::redact_url("sqlite://x.db"), "sqlite://x.db");
    }
}
