//! The batch queries file (`id,name,birth_date,sex,nationality,document_number`) and the JSON line printed
//! for each query.

use serde::Serialize;

use crate::error::{RowError, ScreeningError};
use crate::matcher::{Hit, Query, Screening};

/// One query of a batch file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchQuery {
    /// The `id` column.
    pub id: String,
    /// The query.
    pub query: Query,
}

const HEADER: [&str; 6] = ["id", "name", "birth_date", "sex", "nationality", "document_number"];

/// Parses a batch queries CSV file. All-or-nothing: any bad row rejects the file with every bad row's line.
///
/// ```
/// let q = screening::parse_queries("id,name,birth_date,sex,nationality,document_number\nq1,Zhang Wei,1980,M,CHN,\n").unwrap();
/// assert_eq!(q[0].id, "q1");
/// assert_eq!(q[0].query.name.as_deref(), Some("Zhang Wei"));
/// ```
pub fn parse_queries(text: &str) -> Result<Vec<BatchQuery>, ScreeningError> {
    let records = codes::parse_csv(text)
        .map_err(|e| ScreeningError::Import(vec![RowError { line: e.line, reason: e.message.clone() }]))?;
    let mut iter = records.into_iter();
    let Some(header) = iter.next() else { return Ok(Vec::new()) };
    let cols: Vec<String> = header.fields.iter().map(|h| h.trim().to_ascii_lowercase()).collect();
    let pos = |name: &str| cols.iter().position(|c| c == name);
    let missing: Vec<&str> = HEADER.iter().copied().filter(|h| pos(h).is_none()).collect();
    if pos("id").is_none()
        || (pos("name").is_none() && pos("document_number").is_none())
        || !missing.is_empty()
    {
        return Err(ScreeningError::Import(vec![RowError {
            line: header.line,
            reason: format!("missing column(s) {}", missing.join(", ")),
        }]));
    }
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for rec in iter {
        let get = |name: &str| -> Option<String> {
            pos(name).and_then(|i| rec.fields.get(i)).map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
        };
        if rec.fields.len() != cols.len() {
            errors.push(RowError {
                line: rec.line,
                reason: format!("{} fields, the header has {}", rec.fields.len(), cols.len()),
            });
            continue;
        }
        let row = (|| -> Result<BatchQuery, String> {
            let id = get("id").ok_or("no id")?;
            let birth_date = get("birth_date")
                .map(|d| d.parse())
                .transpose()
                .map_err(|e: ScreeningError| e.to_string())?;
            let sex = get("sex").map(|d| d.parse()).transpose().map_err(|e: ScreeningError| e.to_string())?;
            let query = Query {
                name: get("name"),
                birth_date,
                sex,
                nationality: get("nationality"),
                document_number: get("document_number"),
                ..Query::default()
            };
            if query.name.is_none() && query.document_number.is_none() {
                return Err("neither name nor document number".into());
            }
            Ok(BatchQuery { id, query })
        })();
        match row {
            Ok(q) => out.push(q),
            Err(reason) => errors.push(RowError { line: rec.line, reason }),
        }
    }
    if errors.is_empty() { Ok(out) } else { Err(ScreeningError::Import(errors)) }
}

/// The JSON line printed for one batch query: `{"query_id": …, "hits": […]}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BatchLine<'a> {
    /// The query's id.
    pub query_id: &'a str,
    /// Its hits.
    pub hits: &'a [Hit],
    /// Suppressed hits, when any.
    #[serde(skip_serializing_if = "<[Hit]>::is_empty")]
    pub suppressed: &'a [Hit],
}

impl<'a> BatchLine<'a> {
    /// The line for a query and its screening.
    pub fn new(query_id: &'a str, screening: &'a Screening) -> Self {
        BatchLine { query_id, hits: &screening.hits, suppressed: &screening.suppressed }
    }
}

/// Latency summary of a batch run, from per-query durations in nanoseconds (the caller measures them).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LatencySummary {
    /// Number of queries.
    pub queries: usize,
    /// Median, microseconds.
    pub p50_us: f64,
    /// 99th percentile, microseconds.
    pub p99_us: f64,
    /// Maximum, microseconds.
    pub max_us: f64,
}

impl LatencySummary {
    /// Computes the summary (nearest-rank percentiles).
    pub fn from_nanos(samples: &[u64]) -> Self {
        let mut v = samples.to_vec();
        v.sort_unstable();
        let at = |q: f64| -> f64 {
            if v.is_empty() {
                return 0.0;
            }
            let rank = ((q * v.len() as f64).ceil() as usize).clamp(1, v.len());
            v.get(rank - 1).copied().unwrap_or(0) as f64 / 1000.0
        };
        LatencySummary { queries: v.len(), p50_us: at(0.5), p99_us: at(0.99), max_us: at(1.0) }
    }
}
