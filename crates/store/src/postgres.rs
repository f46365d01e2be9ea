//! The central PostgreSQL backend.
//!
//! Durability: PostgreSQL's defaults (`fsync=on`, `synchronous_commit=on`) make a commit durable before it
//! returns; guomen does not relax them. Writes go through the same group-committing writer as on SQLite
//! (one connection, so the audit hash chain has a single order); reads use a pool.
//!
//! Parameters are bound with the types the server inferred when it prepared the statement (sqlx caches the
//! prepared statements per connection), so a `NULL` or an integer is always sent with the type the column
//! expects.

use std::sync::Arc;

use async_trait::async_trait;
use futures_util::TryStreamExt;
use sqlx::postgres::{PgArguments, PgConnectOptions, PgConnection, PgPool, PgPoolOptions, PgRow, PgTypeInfo};
use sqlx::{
    AssertSqlSafe, Column, Connection, Either, Executor, Row as _, SqlSafeStr, Statement, TypeInfo, ValueRef,
};

use crate::StoreError;
use crate::conn::{Conn, Readers, Row, Value, numbered_placeholders};

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

pub(crate) async fn open(url: &str) -> Result<(Box<dyn Conn>, Readers), StoreError> {
    let opts: PgConnectOptions =
        url.parse().map_err(|e| StoreError::Open(format!("bad PostgreSQL URL: {e}")))?;
    let opts = opts.application_name("guomen");
    let mut writer = PgConnection::connect_with(&opts)
        .await
        .map_err(|e| StoreError::Open(format!("cannot connect to PostgreSQL: {e}")))?;
    MIGRATOR.run(&mut writer).await.map_err(|e| StoreError::Migrate(e.to_string()))?;
    let pool = PgPoolOptions::new()
        .max_connections(16)
        .min_connections(1)
        .connect_with(opts)
        .await
        .map_err(|e| StoreError::Open(format!("cannot connect to PostgreSQL: {e}")))?;
    let readers: Readers = Arc::new(move || Box::new(PgReaders(pool.clone())) as Box<dyn Conn>);
    Ok((Box::new(PgWriter(writer)), readers))
}

struct PgWriter(PgConnection);
struct PgReaders(PgPool);

fn db(e: sqlx::Error) -> StoreError {
    StoreError::from_sqlx(e)
}

fn bind<'q>(
    mut q: sqlx::query::Query<'q, sqlx::Postgres, PgArguments>,
    args: &[Value],
    types: &[PgTypeInfo],
) -> Result<sqlx::query::Query<'q, sqlx::Postgres, PgArguments>, StoreError> {
    for (i, a) in args.iter().enumerate() {
        let ty = types.get(i).map(|t| t.name().to_ascii_uppercase()).unwrap_or_else(|| "TEXT".into());
        let mismatch = || StoreError::Decode(format!("parameter {}: cannot send {a:?} as {ty}", i + 1));
        q = match (a, ty.as_str()) {
            (Value::Null, "INT8") => q.bind(None::<i64>),
            (Value::Null, "INT4") => q.bind(None::<i32>),
            (Value::Null, "INT2") => q.bind(None::<i16>),
            (Value::Null, "BOOL") => q.bind(None::<bool>),
            (Value::Null, "FLOAT8") => q.bind(None::<f64>),
            (Value::Null, "BYTEA") => q.bind(None::<Vec<u8>>),
            (Value::Null, _) => q.bind(None::<String>),
            (Value::Int(v), "INT4") => q.bind(i32::try_from(*v).map_err(|_| mismatch())?),
            (Value::Int(v), "INT2") => q.bind(i16::try_from(*v).map_err(|_| mismatch())?),
            (Value::Int(v), "BOOL") => q.bind(*v != 0),
            #[allow(clippy::cast_precision_loss)]
            (Value::Int(v), "FLOAT8") => q.bind(*v as f64),
            (Value::Int(v), _) => q.bind(*v),
            (Value::Real(v), _) => q.bind(*v),
            (Value::Text(v), _) => q.bind(v.clone()),
            (Value::Bytes(v), _) => q.bind(v.clone()),
        };
    }
    Ok(q)
}

fn decode(row: &PgRow) -> Result<Row, StoreError> {
    let mut out = Vec::with_capacity(row.columns().len());
    for (i, col) in row.columns().iter().enumerate() {
        let raw = row.try_get_raw(i).map_err(db)?;
        if raw.is_null() {
            out.push(Value::Null);
            continue;
        }
        let ty = col.type_info().name().to_ascii_uppercase();
        let v = match ty.as_str() {
            "INT8" => Value::Int(row.try_get::<i64, _>(i).map_err(db)?),
            "INT4" => Value::Int(i64::from(row.try_get::<i32, _>(i).map_err(db)?)),
            "INT2" => Value::Int(i64::from(row.try_get::<i16, _>(i).map_err(db)?)),
            "BOOL" => Value::Int(i64::from(row.try_get::<bool, _>(i).map_err(db)?)),
            "FLOAT8" => Value::Real(row.try_get::<f64, _>(i).map_err(db)?),
            "FLOAT4" => Value::Real(f64::from(row.try_get::<f32, _>(i).map_err(db)?)),
            "TEXT" | "VARCHAR" | "BPCHAR" | "NAME" => Value::Text(row.try_get::<String, _>(i).map_err(db)?),
            "BYTEA" => Value::Bytes(row.try_get::<Vec<u8>, _>(i).map_err(db)?),
            other => {
                return Err(StoreError::Decode(format!(
                    "column {}: unsupported PostgreSQL type {other} (cast it in the query)",
                    col.name()
                )));
            }
        };
        out.push(v);
    }
    Ok(Row(out))
}

async fn param_types(conn: &mut PgConnection, sql: &str) -> Result<Vec<PgTypeInfo>, StoreError> {
    let stmt = conn.prepare(AssertSqlSafe(sql).into_sql_str()).await.map_err(db)?;
    Ok(match stmt.parameters() {
        Some(Either::Left(types)) => types.to_vec(),
        _ => Vec::new(),
    })
}

async fn execute_on(conn: &mut PgConnection, sql: &str, args: &[Value]) -> Result<u64, StoreError> {
    let sql = numbered_placeholders(sql);
    let types = param_types(conn, &sql).await?;
    let r = bind(sqlx::query(AssertSqlSafe(sql)), args, &types)?.execute(&mut *conn).await.map_err(db)?;
    Ok(r.rows_affected())
}

async fn fetch_on(conn: &mut PgConnection, sql: &str, args: &[Value]) -> Result<Vec<Row>, StoreError> {
    let sql = numbered_placeholders(sql);
    let types = param_types(conn, &sql).await?;
    let q = bind(sqlx::query(AssertSqlSafe(sql)), args, &types)?;
    let mut rows = q.fetch(&mut *conn);
    let mut out = Vec::new();
    while let Some(r) = rows.try_next().await.map_err(db)? {
        out.push(decode(&r)?);
    }
    Ok(out)
}

#[async_trait]
impl Conn for PgWriter {
    async fn execute(&mut self, sql: &str, args: &[Value]) -> Result<u64, StoreError> {
        execute_on(&mut self.0, sql, args).await
    }

    async fn fetch(&mut self, sql: &str, args: &[Value]) -> Result<Vec<Row>, StoreError> {
        fetch_on(&mut self.0, sql, args).await
    }

    async fn batch(&mut self, sql: &str) -> Result<(), StoreError> {
        sqlx::raw_sql(AssertSqlSafe(sql)).execute(&mut self.0).await.map_err(db)?;
        Ok(())
    }
}

#[async_trait]
impl Conn for PgReaders {
    async fn execute(&mut self, sql: &str, args: &[Value]) -> Result<u64, StoreError> {
        let mut c = self.0.acquire().await.map_err(db)?;
        execute_on(&mut c, sql, args).await
    }

    async fn fetch(&mut self, sql: &str, args: &[Value]) -> Result<Vec<Row>, StoreError> {
        let mut c = self.0.acquire().await.map_err(db)?;
        fetch_on(&mut c, sql, args).await
    }

    async fn batch(&mut self, sql: &str) -> Result<(), StoreError> {
        sqlx::raw_sql(AssertSqlSafe(sql)).execute(&self.0).await.map_err(db)?;
        Ok(())
    }
}

/// A throw-away database on a PostgreSQL server, for tests: created on [`TestDatabase::create`] and dropped
/// by [`TestDatabase::drop_database`].
pub struct TestDatabase {
    admin_url: String,
    name: String,
    /// The URL of the new database.
    pub url: String,
}

impl TestDatabase {
    /// Creates `guomen_test_<random>` on the server that `admin_url` points at.
    pub async fn create(admin_url: &str) -> Result<Self, StoreError> {
        let mut admin = PgConnection::connect(admin_url)
            .await
            .map_err(|e| StoreError::Open(format!("cannot connect to {admin_url}: {e}")))?;
        let mut rnd = [0u8; 6];
        getrandom::fill(&mut rnd).map_err(|e| StoreError::Open(e.to_string()))?;
        let name = format!("guomen_test_{}", hex::encode(rnd));
        sqlx::raw_sql(AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&mut admin)
            .await
            .map_err(db)?;
        let base = admin_url.rsplit_once('/').map_or(admin_url, |(b, _)| b);
        let url = format!("{base}/{name}");
        Ok(TestDatabase { admin_url: admin_url.to_owned(), name, url })
    }

    /// Drops the database (forcing other sessions off).
    pub async fn drop_database(self) -> Result<(), StoreError> {
        let mut admin = PgConnection::connect(&self.admin_url).await.map_err(db)?;
        sqlx::raw_sql(AssertSqlSafe(format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name)))
            .execute(&mut admin)
            .await
            .map_err(db)?;
        Ok(())
    }
}
