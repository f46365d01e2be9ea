//! The single writer: every write, and every read that must be audited, runs here, in a transaction, with
//! its audit records appended to the hash chain in that same transaction.
//!
//! Group commit: the writer takes whatever work is queued (up to [`MAX_BATCH`] jobs), runs each job inside
//! its own savepoint, and commits them together, so a burst of crossings pays one fsync. A job that fails is
//! rolled back to its savepoint without touching the others. Nobody is told "done" before the COMMIT has
//! returned, so an acknowledged write is durable (guide invariant 8).

use std::future::Future;
use std::pin::Pin;

use domain::Principal;
use domain::audit::{AuditEvent, AuditRecord, checkpoint_message, hex32};
use jiff::Timestamp;
use tokio::sync::{mpsc, oneshot};

use crate::StoreError;
use crate::conn::{Conn, Statement, Value};

/// The most jobs committed in one transaction.
pub const MAX_BATCH: usize = 256;

type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;
type Completion = Box<dyn FnOnce(Result<(), StoreError>) + Send>;
type Job = Box<dyn for<'a> FnOnce(&'a mut Tx) -> BoxFuture<'a, Result<Completion, ()>> + Send>;

/// The head of the audit chain as the writer knows it.
#[derive(Debug, Clone)]
pub(crate) struct Chain {
    next_seq: i64,
    head: [u8; 32],
    since_checkpoint: u64,
}

/// Signs a checkpoint every `every` records.
pub(crate) struct Checkpointing {
    pub key: ed25519_dalek::SigningKey,
    pub every: u64,
}

/// What a job sees: the writer's connection inside an open transaction, and the audit chain.
pub struct Tx {
    conn: Box<dyn Conn>,
    chain: Chain,
    checkpointing: Option<Checkpointing>,
    begin: &'static str,
    /// A statement that serialises writers across processes (PostgreSQL), run at the start of a batch.
    chain_lock: Option<&'static str>,
}

impl Tx {
    /// The connection, inside the job's transaction.
    pub fn conn(&mut self) -> &mut dyn Conn {
        self.conn.as_mut()
    }

    /// Appends an audit record for `event` by `actor` at `at`, in this transaction.
    pub async fn audit(
        &mut self,
        actor: &Principal,
        at: Timestamp,
        event: &AuditEvent,
    ) -> Result<AuditRecord, StoreError> {
        let (record, statements) = self.audit_statements(actor, at, event)?;
        self.conn.execute_many(&statements).await?;
        Ok(record)
    }

    /// The statements that append an audit record (and, when one is due, a signed checkpoint), for a job
    /// to send together with its own writes. The chain advances now; if the job fails, the writer restores
    /// it with the rest of the job's state.
    pub fn audit_statements(
        &mut self,
        actor: &Principal,
        at: Timestamp,
        event: &AuditEvent,
    ) -> Result<(AuditRecord, Vec<Statement>), StoreError> {
        let record = AuditRecord::chained(self.chain.next_seq, at, actor, event, &self.chain.head);
        let mut statements = vec![(
            "INSERT INTO audit_log (seq, at, actor_id, actor_name, role, post, action, subject, purpose, detail, \
             prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                .to_owned(),
            vec![
                record.seq.into(),
                record.at.into(),
                (&record.actor_id).into(),
                (&record.actor_name).into(),
                (&record.role).into(),
                record.post.clone().into(),
                (&record.action).into(),
                (&record.subject).into(),
                record.purpose.clone().into(),
                (&record.detail).into(),
                (&record.prev_hash).into(),
                (&record.hash).into(),
            ],
        )];
        self.chain.next_seq += 1;
        self.chain.head = record.hash_bytes().unwrap_or(self.chain.head);
        self.chain.since_checkpoint += 1;
        if let Some(cp) = &self.checkpointing
            && self.chain.since_checkpoint >= cp.every
            && let Some(stmt) = self.checkpoint_statement(at)
        {
            statements.push(stmt);
        }
        Ok((record, statements))
    }

    /// The statement that stores a signed checkpoint over the current head, if checkpoints are on.
    fn checkpoint_statement(&mut self, at: Timestamp) -> Option<Statement> {
        let cp = self.checkpointing.as_ref()?;
        let seq = self.chain.next_seq - 1;
        if seq < 1 {
            return None;
        }
        let hash = hex32(&self.chain.head);
        use ed25519_dalek::Signer;
        let signature = cp.key.sign(&checkpoint_message(seq, &hash));
        let public = hex::encode(cp.key.verifying_key().to_bytes());
        self.chain.since_checkpoint = 0;
        Some((
            "INSERT INTO audit_checkpoint (seq, at, hash, public_key, signature) VALUES (?, ?, ?, ?, ?) \
             ON CONFLICT (seq) DO NOTHING"
                .to_owned(),
            vec![
                seq.into(),
                at.into(),
                hash.into(),
                public.into(),
                Value::Text(hex::encode(signature.to_bytes())),
            ],
        ))
    }

    /// Signs the current head of the chain and stores the checkpoint.
    pub(crate) async fn checkpoint(&mut self, at: Timestamp) -> Result<Option<i64>, StoreError> {
        let seq = self.chain.next_seq - 1;
        let Some((sql, args)) = self.checkpoint_statement(at) else { return Ok(None) };
        self.conn.execute(&sql, &args).await?;
        Ok(Some(seq))
    }
}

/// Reads the head of the chain from the database.
async fn load_chain(conn: &mut dyn Conn) -> Result<Chain, StoreError> {
    let last = conn.fetch_opt("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", &[]).await?;
    Ok(match last {
        Some(row) => {
            let seq = row.int(0)?;
            let hash = domain::audit::parse_hex32(&row.text(1)?)
                .ok_or_else(|| StoreError::Decode(format!("audit record {seq} has a malformed hash")))?;
            let last_cp = conn
                .fetch_one("SELECT CAST(COALESCE(MAX(seq), 0) AS BIGINT) FROM audit_checkpoint", &[])
                .await?
                .int(0)?;
            Chain {
                next_seq: seq + 1,
                head: hash,
                since_checkpoint: u64::try_from(seq - last_cp).unwrap_or(0),
            }
        }
        None => Chain { next_seq: 1, head: domain::audit::GENESIS, since_checkpoint: 0 },
    })
}

/// Another process (an administrator's CLI command, a second server on PostgreSQL) may have appended to
/// the chain since this writer's last batch: inside the batch's transaction — which holds SQLite's write
/// lock, or PostgreSQL's chain lock — the writer re-reads the head if it moved.
async fn refresh_chain(tx: &mut Tx) -> Result<(), StoreError> {
    if let Some(lock) = tx.chain_lock {
        tx.conn.execute(lock, &[]).await?;
    }
    let row = tx.conn.fetch_opt("SELECT seq FROM audit_log ORDER BY seq DESC LIMIT 1", &[]).await?;
    let db_last = row.map(|r| r.int(0)).transpose()?.unwrap_or(0);
    if db_last != tx.chain.next_seq - 1 {
        tx.chain = load_chain(tx.conn.as_mut()).await?;
    }
    Ok(())
}

/// A handle to the writer task.
#[derive(Clone)]
pub(crate) struct Writer {
    jobs: mpsc::Sender<Job>,
}

impl Writer {
    /// Starts the writer task over `conn`, reading the head of the audit chain first.
    pub(crate) async fn start(
        mut conn: Box<dyn Conn>,
        backend: crate::Backend,
        checkpointing: Option<Checkpointing>,
    ) -> Result<Writer, StoreError> {
        let last = conn.fetch_opt("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", &[]).await?;
        let chain = match last {
            Some(row) => {
                let seq = row.int(0)?;
                let hash = domain::audit::parse_hex32(&row.text(1)?)
                    .ok_or_else(|| StoreError::Decode(format!("audit record {seq} has a malformed hash")))?;
                let last_cp = conn
                    .fetch_one("SELECT CAST(COALESCE(MAX(seq), 0) AS BIGINT) FROM audit_checkpoint", &[])
                    .await?
                    .int(0)?;
                Chain {
                    next_seq: seq + 1,
                    head: hash,
                    since_checkpoint: u64::try_from(seq - last_cp).unwrap_or(0),
                }
            }
            None => Chain { next_seq: 1, head: domain::audit::GENESIS, since_checkpoint: 0 },
        };
        let (jobs, rx) = mpsc::channel::<Job>(4096);
        // SQLite's BEGIN IMMEDIATE takes the database's write lock; PostgreSQL needs an explicit lock so
        // that two servers on one database append to the chain one after the other.
        let (begin, chain_lock) = match backend {
            crate::Backend::Sqlite => ("BEGIN IMMEDIATE", None),
            crate::Backend::Postgres => ("BEGIN", Some("SELECT pg_advisory_xact_lock(7326001)")),
        };
        let tx = Tx { conn, chain, checkpointing, begin, chain_lock };
        // The writer runs on a thread of its own: every job is a chain of round trips to the database,
        // and on the request runtime each of them waited for a worker thread to come free from HTTP and
        // screening work, which made the one serial stage of the pipeline the slowest (the machine sat
        // partly idle under load). Its own thread is woken by the operating system as soon as the
        // database answers.
        let spawned = std::thread::Builder::new().name("guomen-writer".into()).spawn(move || {
            match tokio::runtime::Builder::new_current_thread().enable_all().build() {
                Ok(rt) => rt.block_on(run(tx, rx)),
                Err(e) => tracing::error!(error = %e, "the writer's runtime could not start"),
            }
        });
        spawned.map_err(|e| StoreError::Unavailable(format!("cannot start the writer thread: {e}")))?;
        Ok(Writer { jobs })
    }

    /// Runs `f` in the writer's transaction and returns its result once the transaction has committed.
    pub(crate) async fn run<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: for<'a> FnOnce(&'a mut Tx) -> BoxFuture<'a, Result<T, StoreError>> + Send + 'static,
    {
        let (done, result) = oneshot::channel::<Result<T, StoreError>>();
        let job: Job = Box::new(move |tx: &mut Tx| {
            Box::pin(async move {
                match f(tx).await {
                    Ok(value) => {
                        let completion: Completion = Box::new(move |committed: Result<(), StoreError>| {
                            let _ = done.send(committed.map(|()| value));
                        });
                        Ok(completion)
                    }
                    Err(e) => {
                        let _ = done.send(Err(e));
                        Err(())
                    }
                }
            })
        });
        self.jobs.send(job).await.map_err(|_| StoreError::Unavailable("the writer has stopped".into()))?;
        result.await.map_err(|_| StoreError::Unavailable("the writer dropped the job".into()))?
    }
}

async fn run(mut tx: Tx, mut rx: mpsc::Receiver<Job>) {
    while let Some(first) = rx.recv().await {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        run_batch(&mut tx, batch).await;
    }
}

async fn run_batch(tx: &mut Tx, batch: Vec<Job>) {
    if let Err(e) = tx.conn.batch(tx.begin).await {
        tracing::error!(error = %e, "writer could not begin a transaction");
        // Dropping the jobs drops their result channels: every caller sees the writer as unavailable.
        return;
    }
    if let Err(e) = refresh_chain(tx).await {
        tracing::error!(error = %e, "writer could not read the head of the audit chain");
        let _ = tx.conn.batch("ROLLBACK").await;
        return;
    }
    let chain_before = tx.chain.clone();
    let single = batch.len() == 1;
    let mut completions = Vec::with_capacity(batch.len());
    let mut broken: Option<StoreError> = None;
    // A successful job's savepoint is released together with the next job's SAVEPOINT (or the COMMIT),
    // so isolating jobs costs one round trip per job, not two.
    let mut release_pending = false;
    for job in batch {
        if broken.is_some() {
            // The transaction is unusable; the remaining jobs are dropped and their callers told so.
            continue;
        }
        if !single {
            let sql = if release_pending { "RELEASE SAVEPOINT job; SAVEPOINT job" } else { "SAVEPOINT job" };
            if let Err(e) = tx.conn.batch(sql).await {
                broken = Some(e);
                continue;
            }
            release_pending = false;
        }
        let chain_saved = tx.chain.clone();
        match job(tx).await {
            Ok(c) => {
                completions.push(c);
                release_pending = !single;
            }
            Err(()) if single => {
                // No savepoint for a lone job: undo the whole transaction.
                tx.chain = chain_saved;
                let _ = tx.conn.batch("ROLLBACK").await;
                return;
            }
            Err(()) => {
                tx.chain = chain_saved;
                if let Err(e) = tx.conn.batch("ROLLBACK TO SAVEPOINT job; RELEASE SAVEPOINT job").await {
                    broken = Some(e);
                }
            }
        }
    }
    let outcome = match broken {
        Some(e) => Err(e),
        None => tx.conn.batch(if release_pending { "RELEASE SAVEPOINT job; COMMIT" } else { "COMMIT" }).await,
    };
    match outcome {
        Ok(()) => {
            for c in completions {
                c(Ok(()));
            }
        }
        Err(e) => {
            tracing::error!(error = %e, "writer transaction failed; rolling back");
            let _ = tx.conn.batch("ROLLBACK").await;
            tx.chain = chain_before;
            for c in completions {
                c(Err(e.clone()));
            }
        }
    }
}
