//! Watchlist importers: CSV, JSON Lines with the same fields, and OpenSanctions FollowTheMoney `Person`
//! JSON Lines. Text in, entries out; a file with any bad row is rejected whole, with every bad row's line
//! number and reason.

use std::collections::HashMap;
use std::str::FromStr;

use jiff::civil::Date;
use serde_json::Value;

use crate::error::{RowError, ScreeningError};
use crate::model::{
    Action, AlertType, BirthDate, Entry, Sex, normalize_document_number, normalize_nationality,
};

/// The file formats [`import`] reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ImportFormat {
    /// CSV with header `id,names,birth_date,sex,nationalities,document_numbers,alert_type,action,valid_from,
    /// valid_to,list` (optional extra columns `authority`, `legal_basis`); several values separated by `|`.
    Csv,
    /// JSON Lines with the same field names; multi-valued fields may be arrays or `|`-separated strings.
    JsonLines,
    /// OpenSanctions FollowTheMoney entities, one per line; only `Person` entities are imported.
    Ftm,
}

impl FromStr for ImportFormat {
    type Err = ScreeningError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "csv" => Ok(ImportFormat::Csv),
            "jsonl" | "json-lines" | "ndjson" => Ok(ImportFormat::JsonLines),
            "ftm" | "followthemoney" => Ok(ImportFormat::Ftm),
            _ => Err(ScreeningError::invalid("format", s)),
        }
    }
}

/// Settings for an import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportOptions {
    /// Puts every entry on this list, overriding the file's `list` column.
    pub list: Option<String>,
    /// Alert type for FtM entities (which carry none).
    pub ftm_alert_type: AlertType,
    /// Action for FtM entities.
    pub ftm_action: Action,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions { list: None, ftm_alert_type: AlertType::EntryBan, ftm_action: Action::Refer }
    }
}

/// A successful import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    /// The entries, in file order.
    pub entries: Vec<Entry>,
    /// Lines deliberately left out (FtM entities that are not persons).
    pub skipped: usize,
}

/// Parses a watchlist file. Either every row is good and all entries come back, or nothing does.
///
/// ```
/// use screening::{import, ImportFormat, ImportOptions};
/// let csv = "id,names,birth_date,sex,nationalities,document_numbers,alert_type,action,valid_from,valid_to,list\n\
///            W1,Иван Петров|Ivan Petrov,1970-01-02,M,RUS,,wanted,refer,,,demo\n\
///            W2,,1970,X,,,wanted,refer,,,demo\n";
/// let err = import(csv, ImportFormat::Csv, &ImportOptions::default()).unwrap_err();
/// assert_eq!(err.to_string(), "import rejected, 1 bad row(s); line 3: no name");
/// ```
pub fn import(text: &str, format: ImportFormat, options: &ImportOptions) -> Result<Imported, ScreeningError> {
    let (rows, skipped) = match format {
        ImportFormat::Csv => (csv_rows(text)?, 0),
        ImportFormat::JsonLines => (json_rows(text), 0),
        ImportFormat::Ftm => ftm_rows(text, options),
    };
    let mut entries = Vec::with_capacity(rows.len());
    let mut errors = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (line, row) in rows {
        match row {
            Ok(mut e) => {
                if let Some(list) = &options.list {
                    e.list.clone_from(list);
                }
                if e.list.is_empty() {
                    errors.push(RowError { line, reason: "no list name".into() });
                } else if let Some(first) = seen.get(&e.id) {
                    errors.push(RowError {
                        line,
                        reason: format!("id {:?} already used on line {first}", e.id),
                    });
                } else {
                    seen.insert(e.id.clone(), line);
                    entries.push(e);
                }
            }
            Err(reason) => errors.push(RowError { line, reason }),
        }
    }
    if errors.is_empty() { Ok(Imported { entries, skipped }) } else { Err(ScreeningError::Import(errors)) }
}

type Row = (usize, Result<Entry, String>);

const COLUMNS: [&str; 11] = [
    "id",
    "names",
    "birth_date",
    "sex",
    "nationalities",
    "document_numbers",
    "alert_type",
    "action",
    "valid_from",
    "valid_to",
    "list",
];
const OPTIONAL: [&str; 2] = ["authority", "legal_basis"];

fn csv_rows(text: &str) -> Result<Vec<Row>, ScreeningError> {
    let records = codes::parse_csv(text)
        .map_err(|e| ScreeningError::Import(vec![RowError { line: e.line, reason: e.message.clone() }]))?;
    let mut iter = records.into_iter();
    let Some(header) = iter.next() else {
        return Err(ScreeningError::Import(vec![RowError { line: 1, reason: "empty file".into() }]));
    };
    let names: Vec<String> = header.fields.iter().map(|h| h.trim().to_ascii_lowercase()).collect();
    let mut problems = Vec::new();
    for c in COLUMNS {
        if !names.iter().any(|n| n == c) {
            problems.push(format!("missing column {c:?}"));
        }
    }
    for n in &names {
        if !COLUMNS.contains(&n.as_str()) && !OPTIONAL.contains(&n.as_str()) {
            problems.push(format!("unknown column {n:?}"));
        }
    }
    if !problems.is_empty() {
        return Err(ScreeningError::Import(vec![RowError {
            line: header.line,
            reason: problems.join(", "),
        }]));
    }
    let mut rows = Vec::new();
    for rec in iter {
        if rec.fields.len() != names.len() {
            rows.push((
                rec.line,
                Err(format!("{} fields, the header has {}", rec.fields.len(), names.len())),
            ));
            continue;
        }
        let mut map: HashMap<&str, Field> = HashMap::new();
        for (n, v) in names.iter().zip(&rec.fields) {
            map.insert(n.as_str(), Field::Text(v.clone()));
        }
        rows.push((rec.line, entry_from(&map)));
    }
    Ok(rows)
}

/// A field value before typing: text (maybe `|`-separated) or a list.
enum Field {
    Text(String),
    List(Vec<String>),
}

impl Field {
    fn values(&self) -> Vec<String> {
        match self {
            Field::Text(t) => {
                t.split('|').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect()
            }
            Field::List(l) => {
                l.iter().map(|s| s.trim()).filter(|s| !s.is_empty()).map(str::to_owned).collect()
            }
        }
    }
    fn single(&self) -> Option<String> {
        match self {
            Field::Text(t) => Some(t.trim().to_owned()).filter(|s| !s.is_empty()),
            Field::List(l) => l.first().map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()),
        }
    }
}

fn entry_from(map: &HashMap<&str, Field>) -> Result<Entry, String> {
    let get = |k: &str| map.get(k).and_then(Field::single);
    let many = |k: &str| map.get(k).map(Field::values).unwrap_or_default();
    let id = get("id").ok_or("no id")?;
    let names = many("names");
    if names.is_empty() {
        return Err("no name".into());
    }
    let mut birth_dates = Vec::new();
    for d in many("birth_date").into_iter().chain(many("birth_dates")) {
        birth_dates.push(d.parse::<BirthDate>().map_err(|e| e.to_string())?);
    }
    let sex = get("sex").map(|s| s.parse::<Sex>()).transpose().map_err(|e| e.to_string())?;
    let alert_type =
        get("alert_type").ok_or("no alert_type")?.parse::<AlertType>().map_err(|e| e.to_string())?;
    let action = get("action").ok_or("no action")?.parse::<Action>().map_err(|e| e.to_string())?;
    let date = |k: &'static str| -> Result<Option<Date>, String> {
        get(k).map(|s| s.parse::<Date>().map_err(|_| format!("invalid {k}: {s:?}"))).transpose()
    };
    let valid_from = date("valid_from")?;
    let valid_to = date("valid_to")?;
    if let (Some(f), Some(t)) = (valid_from, valid_to)
        && t < f
    {
        return Err("valid_to is before valid_from".into());
    }
    let mut nationalities = Vec::new();
    for n in many("nationalities") {
        let n = normalize_nationality(&n);
        if n.is_empty() || n.len() > 3 || !n.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(format!("invalid nationality {n:?}"));
        }
        nationalities.push(n);
    }
    let document_numbers: Vec<String> = many("document_numbers")
        .iter()
        .map(|d| normalize_document_number(d))
        .filter(|d| !d.is_empty())
        .collect();
    Ok(Entry {
        id,
        names,
        birth_dates,
        sex,
        nationalities,
        document_numbers,
        alert_type,
        action,
        valid_from,
        valid_to,
        list: get("list").unwrap_or_default(),
        authority: get("authority"),
        legal_basis: get("legal_basis"),
    })
}

fn json_field(v: &Value) -> Option<Field> {
    match v {
        Value::String(s) => Some(Field::Text(s.clone())),
        Value::Array(a) => Some(Field::List(
            a.iter()
                .filter_map(|x| match x {
                    Value::String(s) => Some(s.clone()),
                    Value::Number(n) => Some(n.to_string()),
                    _ => None,
                })
                .collect(),
        )),
        Value::Number(n) => Some(Field::Text(n.to_string())),
        _ => None,
    }
}

fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.strip_prefix('\u{feff}')
        .unwrap_or(text)
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty())
}

fn json_rows(text: &str) -> Vec<Row> {
    let mut rows = Vec::new();
    for (line, l) in lines(text) {
        let row = match serde_json::from_str::<Value>(l) {
            Ok(Value::Object(obj)) => {
                let mut map: HashMap<&str, Field> = HashMap::new();
                let mut unknown = None;
                for (k, v) in &obj {
                    let key = COLUMNS
                        .iter()
                        .chain(OPTIONAL.iter())
                        .chain(["birth_dates"].iter())
                        .find(|c| **c == k.as_str());
                    match (key, json_field(v)) {
                        (Some(key), Some(f)) => {
                            map.insert(key, f);
                        }
                        (Some(_), None) if v.is_null() => {}
                        (Some(key), None) => unknown = Some(format!("field {key:?} has the wrong type")),
                        (None, _) => unknown = Some(format!("unknown field {k:?}")),
                    }
                }
                match unknown {
                    Some(u) => Err(u),
                    None => entry_from(&map),
                }
            }
            Ok(_) => Err("not a JSON object".into()),
            Err(e) => Err(format!("invalid JSON: {e}")),
        };
        rows.push((line, row));
    }
    rows
}

fn ftm_rows(text: &str, options: &ImportOptions) -> (Vec<Row>, usize) {
    let mut rows = Vec::new();
    let mut skipped = 0;
    for (line, l) in lines(text) {
        let v: Value = match serde_json::from_str(l) {
            Ok(v) => v,
            Err(e) => {
                rows.push((line, Err(format!("invalid JSON: {e}"))));
                continue;
            }
        };
        if v.get("schema").and_then(Value::as_str) != Some("Person") {
            skipped += 1;
            continue;
        }
        rows.push((line, ftm_person(&v, options)));
    }
    (rows, skipped)
}

fn ftm_person(v: &Value, options: &ImportOptions) -> Result<Entry, String> {
    let id = v.get("id").and_then(Value::as_str).filter(|s| !s.is_empty()).ok_or("no id")?.to_owned();
    let props = v.get("properties").and_then(Value::as_object).ok_or("no properties")?;
    let strings = |k: &str| -> Vec<String> {
        props
            .get(k)
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).map(str::to_owned).collect())
            .unwrap_or_default()
    };
    let mut names: Vec<String> = Vec::new();
    for k in ["name", "alias", "previousName", "weakAlias"] {
        for n in strings(k) {
            if !n.trim().is_empty() && !names.contains(&n) {
                names.push(n);
            }
        }
    }
    if names.is_empty() {
        let parts: Vec<String> =
            ["firstName", "middleName", "lastName"].iter().flat_map(|k| strings(k)).collect();
        if !parts.is_empty() {
            names.push(parts.join(" "));
        }
    }
    if names.is_empty() {
        return Err("no name".into());
    }
    let mut birth_dates = Vec::new();
    for d in strings("birthDate") {
        birth_dates.push(d.parse::<BirthDate>().map_err(|e| e.to_string())?);
    }
    let sex = strings("gender").first().and_then(|g| g.parse::<Sex>().ok());
    let mut nationalities: Vec<String> = Vec::new();
    for n in strings("nationality").into_iter().chain(strings("citizenship")) {
        let n = normalize_nationality(&n);
        if !n.is_empty() && !nationalities.contains(&n) {
            nationalities.push(n);
        }
    }
    let document_numbers: Vec<String> = strings("passportNumber")
        .into_iter()
        .chain(strings("idNumber"))
        .map(|d| normalize_document_number(&d))
        .filter(|d| !d.is_empty())
        .collect();
    let list = v
        .get("datasets")
        .and_then(Value::as_array)
        .and_then(|a| a.first())
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned();
    Ok(Entry {
        id,
        names,
        birth_dates,
        sex,
        nationalities,
        document_numbers,
        alert_type: options.ftm_alert_type,
        action: options.ftm_action,
        valid_from: None,
        valid_to: None,
        list,
        authority: None,
        legal_basis: strings("program").first().cloned(),
    })
}
