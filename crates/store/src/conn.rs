//! The narrow seam between guomen's storage logic and a database driver.
//!
//! Every repository operation in this crate is written once, over [`Conn`]: a connection that executes a
//! statement with positional arguments and returns rows of plain values. SQLite and PostgreSQL each
//! implement it with their own native sqlx driver (`sqlite.rs`, `postgres.rs`); the dialects differ only in
//! their migrations and in the placeholder syntax, which the PostgreSQL adapter rewrites (`?` → `$n`).
//! The SQL written in this crate therefore sticks to what both dialects share: `?` placeholders, BIGINT
//! integers, TEXT, BLOB/BYTEA, `ON CONFLICT`, `RETURNING`, and explicit casts where PostgreSQL would
//! widen a type (e.g. `CAST(SUM(x) AS BIGINT)`).

use async_trait::async_trait;

use crate::StoreError;

/// A value bound to, or read from, a statement.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Bytes(Vec<u8>),
}

impl From<i64> for Value {
    fn from(v: i64) -> Self {
        Value::Int(v)
    }
}
impl From<bool> for Value {
    fn from(v: bool) -> Self {
        Value::Int(i64::from(v))
    }
}
impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Value::Text(v.to_owned())
    }
}
impl From<String> for Value {
    fn from(v: String) -> Self {
        Value::Text(v)
    }
}
impl From<&String> for Value {
    fn from(v: &String) -> Self {
        Value::Text(v.clone())
    }
}
impl From<Vec<u8>> for Value {
    fn from(v: Vec<u8>) -> Self {
        Value::Bytes(v)
    }
}
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Self {
        v.map_or(Value::Null, Into::into)
    }
}
impl From<jiff::Timestamp> for Value {
    fn from(v: jiff::Timestamp) -> Self {
        Value::Int(v.as_microsecond())
    }
}

/// One result row.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Row(pub Vec<Value>);

impl Row {
    fn get(&self, i: usize) -> Result<&Value, StoreError> {
        self.0.get(i).ok_or_else(|| StoreError::Decode(format!("column {i} is missing")))
    }

    pub fn int(&self, i: usize) -> Result<i64, StoreError> {
        match self.get(i)? {
            Value::Int(v) => Ok(*v),
            other => Err(StoreError::Decode(format!("column {i}: expected an integer, found {other:?}"))),
        }
    }

    pub fn opt_int(&self, i: usize) -> Result<Option<i64>, StoreError> {
        match self.get(i)? {
            Value::Null => Ok(None),
            Value::Int(v) => Ok(Some(*v)),
            other => Err(StoreError::Decode(format!("column {i}: expected an integer, found {other:?}"))),
        }
    }

    pub fn real(&self, i: usize) -> Result<f64, StoreError> {
        match self.get(i)? {
            Value::Real(v) => Ok(*v),
            #[allow(clippy::cast_precision_loss)]
            Value::Int(v) => Ok(*v as f64),
            other => Err(StoreError::Decode(format!("column {i}: expected a number, found {other:?}"))),
        }
    }

    pub fn text(&self, i: usize) -> Result<String, StoreError> {
        match self.get(i)? {
            Value::Text(v) => Ok(v.clone()),
            other => Err(StoreError::Decode(format!("column {i}: expected text, found {other:?}"))),
        }
    }

    pub fn opt_text(&self, i: usize) -> Result<Option<String>, StoreError> {
        match self.get(i)? {
            Value::Null => Ok(None),
            Value::Text(v) => Ok(Some(v.clone())),
            other => Err(StoreError::Decode(format!("column {i}: expected text, found {other:?}"))),
        }
    }

    pub fn bytes(&self, i: usize) -> Result<Vec<u8>, StoreError> {
        match self.get(i)? {
            Value::Bytes(v) => Ok(v.clone()),
            other => Err(StoreError::Decode(format!("column {i}: expected bytes, found {other:?}"))),
        }
    }

    pub fn bool(&self, i: usize) -> Result<bool, StoreError> {
        Ok(self.int(i)? != 0)
    }

    pub fn timestamp(&self, i: usize) -> Result<jiff::Timestamp, StoreError> {
        micros(self.int(i)?)
    }

    pub fn opt_timestamp(&self, i: usize) -> Result<Option<jiff::Timestamp>, StoreError> {
        self.opt_int(i)?.map(micros).transpose()
    }

    /// A JSON column stored as text.
    pub fn json<T: serde::de::DeserializeOwned>(&self, i: usize) -> Result<T, StoreError> {
        let text = self.text(i)?;
        serde_json::from_str(&text).map_err(|e| StoreError::Decode(format!("column {i}: bad JSON: {e}")))
    }
}

/// Converts stored epoch microseconds back to an instant.
pub fn micros(v: i64) -> Result<jiff::Timestamp, StoreError> {
    jiff::Timestamp::from_microsecond(v).map_err(|e| StoreError::Decode(format!("bad timestamp {v}: {e}")))
}

/// A database connection (or pool) as the storage logic sees it.
#[async_trait]
pub trait Conn: Send {
    /// Runs a statement; returns the number of rows it changed.
    async fn execute(&mut self, sql: &str, args: &[Value]) -> Result<u64, StoreError>;
    /// Runs a query and returns all its rows.
    async fn fetch(&mut self, sql: &str, args: &[Value]) -> Result<Vec<Row>, StoreError>;
    /// Runs several statements without arguments (transaction control, DDL).
    async fn batch(&mut self, sql: &str) -> Result<(), StoreError>;

    /// Runs several statements in order, each with its own arguments. Backends that can send them in one
    /// round trip do (SQLite runs them as one multi-statement query on its worker thread); the default runs
    /// them one by one. Returns the total number of rows changed.
    async fn execute_many(&mut self, statements: &[Statement]) -> Result<u64, StoreError> {
        let mut n = 0;
        for (sql, args) in statements {
            n += self.execute(sql, args).await?;
        }
        Ok(n)
    }

    /// The first row, if any.
    async fn fetch_opt(&mut self, sql: &str, args: &[Value]) -> Result<Option<Row>, StoreError> {
        Ok(self.fetch(sql, args).await?.into_iter().next())
    }

    /// Exactly one row.
    async fn fetch_one(&mut self, sql: &str, args: &[Value]) -> Result<Row, StoreError> {
        self.fetch_opt(sql, args).await?.ok_or_else(|| StoreError::Decode("query returned no row".into()))
    }
}

/// One statement with its arguments, for [`Conn::execute_many`].
pub type Statement = (String, Vec<Value>);

/// Hands out a connection to the read pool for one operation (cheap: the pool is shared).
pub type Readers = std::sync::Arc<dyn Fn() -> Box<dyn Conn> + Send + Sync>;

/// Rewrites `?` placeholders to PostgreSQL's `$1, $2, …`. The storage SQL never contains a literal `?`
/// inside a string, so a plain scan is exact.
pub fn numbered_placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 16);
    let mut n = 0u32;
    for c in sql.chars() {
        if c == '?' {
            n += 1;
            out.push('$');
            out.push_str(&n.to_string());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn placeholders() {
        assert_eq!(
            super::numbered_placeholders("SELECT a FROM t WHERE b = ? AND c IN (?, ?)"),
            "SELECT a FROM t WHERE b = $1 AND c IN ($2, $3)"
        );
    }
}
