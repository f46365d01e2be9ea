//! The screening crate's errors.

use std::fmt;

use serde::Serialize;

/// Why a value, a row or a whole file was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ScreeningError {
    /// A field value could not be parsed.
    InvalidValue {
        /// The field.
        field: &'static str,
        /// The offending text.
        value: String,
    },
    /// An import failed; nothing was imported. Every bad row is listed.
    Import(Vec<RowError>),
    /// Two entries share an id.
    DuplicateId(String),
}

impl ScreeningError {
    pub(crate) fn invalid(field: &'static str, value: &str) -> Self {
        ScreeningError::InvalidValue { field, value: value.chars().take(80).collect() }
    }
}

impl fmt::Display for ScreeningError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScreeningError::InvalidValue { field, value } => write!(f, "invalid {field}: {value:?}"),
            ScreeningError::Import(rows) => {
                write!(f, "import rejected, {} bad row(s)", rows.len())?;
                for r in rows.iter().take(20) {
                    write!(f, "; {r}")?;
                }
                Ok(())
            }
            ScreeningError::DuplicateId(id) => write!(f, "duplicate entry id {id:?}"),
        }
    }
}

impl std::error::Error for ScreeningError {}

/// One rejected row of an import: its 1-based line and the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowError {
    /// 1-based line number in the input text.
    pub line: usize,
    /// What is wrong with it.
    pub reason: String,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.reason)
    }
}
