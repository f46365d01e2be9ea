//! The embedded SQLite backend: a data directory with `guomen.db` in WAL mode.
//!
//! Durability: the database runs with `journal_mode=WAL` and `synchronous=FULL`, so every commit fsyncs the
//! write-ahead log before it returns; an acknowledged crossing survives a crash or power cut. All writes go
//! through the single writer connection of [`crate::writer`] (SQLite allows one writer at a time anyway),
//! which commits queued work in groups so that the fsync is paid once per group, not once per crossing.
//! Reads use a separate pool of read-only connections, which WAL lets run concurrently with the writer.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use futures_util::TryStreamExt;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteRow,
    SqliteSynchronous,
};
use sqlx::{AssertSqlSafe, Column, Connection, Row as _, TypeInfo, ValueRef};

use crate::StoreError;
use crate::conn::{Conn, Readers, Row, Statement, Value};
use std::sync::Arc;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

fn options(path: &Path) -> SqliteConnectOptions {
    SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10))
        .statement_cache_capacity(256)
        .pragma("temp_store", "memory")
        .pragma("cache_size", "-65536")
}

/// Opens (creating and migrating if needed) the database file; returns the writer connection and a read
/// pool.
pub(crate) async fn open(path: &Path) -> Result<(Box<dyn Conn>, Readers), StoreError> {
    if let Some(dir) = path.parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir)
            .map_err(|e| StoreError::Open(format!("cannot create data directory {}: {e}", dir.display())))?;
    }
    let opts = options(path);
    let mut writer = SqliteConnection::connect_with(&opts)
        .await
        .map_err(|e| StoreError::Open(format!("cannot open {}: {e}", path.display())))?;
    MIGRATOR.run(&mut writer).await.map_err(|e| StoreError::Migrate(e.to_string()))?;
    let readers = SqlitePoolOptions::new()
        .max_connections(8)
        .min_connections(1)
        .connect_with(opts.read_only(true))
        .await
        .map_err(|e| StoreError::Open(format!("cannot open {} for reading: {e}", path.display())))?;
    let readers: Readers = Arc::new(move || Box::new(SqliteReaders(readers.clone())) as Box<dyn Conn>);
    Ok((Box::new(SqliteWriter(writer)), readers))
}

/// Parses `sqlite://path` or a plain path.
pub(crate) fn path_from_url(url: &str) -> Result<std::path::PathBuf, StoreError> {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")).unwrap_or(url);
    let rest = rest.split('?').next().unwrap_or(rest);
    if rest.is_empty() {
        return Err(StoreError::Open("an SQLite URL needs a file path".into()));
    }
    std::path::PathBuf::from_str(rest).map_err(|e| StoreError::Open(e.to_string()))
}

struct SqliteWriter(SqliteConnection);
struct SqliteReaders(SqlitePool);

fn bind<'q>(
    mut q: sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments>,
    args: &[Value],
) -> sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments> {
    for a in args {
        q = match a {
            Value::Null => q.bind(None::<i64>),
            Value::Int(v) => q.bind(*v),
            Value::Real(v) => q.bind(*v),
            Value::Text(v) => q.bind(v.clone()),
            Value::Bytes(v) => q.bind(v.clone()),
        };
    }
    q
}

fn decode(row: &SqliteRow) -> Result<Row, StoreError> {
    let mut out = Vec::with_capacity(row.columns().len());
    for (i, col) in row.columns().iter().enumerate() {
        let raw = row.try_get_raw(i).map_err(db)?;
        if raw.is_null() {
            out.push(Value::Null);
            continue;
        }
        let ty = raw.type_info().name().to_ascii_uppercase();
        let v = match ty.as_str() {
            "INTEGER" | "INT" | "BIGINT" | "BOOLEAN" => Value::Int(row.try_get::<i64, _>(i).map_err(db)?),
            "REAL" | "FLOAT" | "DOUBLE" | "NUMERIC" => Value::Real(row.try_get::<f64, _>(i).map_err(db)?),
            "TEXT" | "DATETIME" | "DATE" | "TIME" => Value::Text(row.try_get::<String, _>(i).map_err(db)?),
            "BLOB" => Value::Bytes(row.try_get::<Vec<u8>, _>(i).map_err(db)?),
            other => {
                return Err(StoreError::Decode(format!(
                    "column {}: unsupported SQLite type {other}",
                    col.name()
                )));
            }
        };
        out.push(v);
    }
    Ok(Row(out))
}

fn db(e: sqlx::Error) -> StoreError {
    StoreError::from_sqlx(e)
}

#[async_trait]
impl Conn for SqliteWriter {
    async fn execute(&mut self, sql: &str, args: &[Value]) -> Result<u64, StoreError> {
        let r = bind(sqlx::query(AssertSqlSafe(sql)), args).execute(&mut self.0).await.map_err(db)?;
        Ok(r.rows_affected())
    }

    // Every statement handed to sqlx's SQLite worker thread costs a round trip between threads; a job's writes
    // go as one multi-statement query (sqlx binds `?` arguments across its statements in order).
    async fn execute_many(&mut self, statements: &[Statement]) -> Result<u64, StoreError> {
        if statements.len() == 1
            && let Some((sql, args)) = statements.first()
        {
            return self.execute(sql, args).await;
        }
        let sql = statements.iter().map(|(s, _)| s.as_str()).collect::<Vec<_>>().join(";\n");
        let args: Vec<Value> = statements.iter().flat_map(|(_, a)| a.iter().cloned()).collect();
        let r = bind(sqlx::query(AssertSqlSafe(sql)), &args).execute(&mut self.0).await.map_err(db)?;
        Ok(r.rows_affected())
    }

    async fn fetch(&mut self, sql: &str, args: &[Value]) -> Result<Vec<Row>, StoreError> {
        let mut rows = bind(sqlx::query(AssertSqlSafe(sql)), args).fetch(&mut self.0);
        let mut out = Vec::new();
        while let Some(r) = rows.try_next().await.map_err(db)? {
            out.push(decode(&r)?);
        }
        Ok(out)
    }

    async fn batch(&mut self, sql: &str) -> Result<(), StoreError> {
        sqlx::raw_sql(AssertSqlSafe(sql)).execute(&mut self.0).await.map_err(db)?;
        Ok(())
    }
}

#[async_trait]
impl Conn for SqliteReaders {
    async fn execute(&mut self, sql: &str, args: &[Value]) -> Result<u64, StoreError> {
        let r = bind(sqlx::query(AssertSqlSafe(sql)), args).execute(&self.0).await.map_err(db)?;
        Ok(r.rows_affected())
    }

    async fn fetch(&mut self, sql: &str, args: &[Value]) -> Result<Vec<Row>, StoreError> {
        let rows = bind(sqlx::query(AssertSqlSafe(sql)), args).fetch_all(&self.0).await.map_err(db)?;
        rows.iter().map(decode).collect()
    }

    async fn batch(&mut self, sql: &str) -> Result<(), StoreError> {
        sqlx::raw_sql(AssertSqlSafe(sql)).execute(&self.0).await.map_err(db)?;
        Ok(())
    }
}
