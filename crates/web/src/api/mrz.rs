//! Travel documents: `POST /api/v1/mrz/parse` reads and checks one machine-readable zone (ICAO 9303) and
//! returns the `mrz` crate's report, the same JSON object as `guomen mrz parse --json`.
//!
//! The report is personal data (names, document numbers, dates of birth): it goes back to the caller and
//! nowhere else — it is never logged. The act is audited as `document.check`, with only the format, the
//! verdict and the stable codes of the findings in the detail.

use axum::Router;
use axum::extract::State;
use axum::routing::post;
use domain::{AuditEvent, Principal};
use jiff::Timestamp;
use jiff::civil::Date;
use mrz::{Mode, ParseOptions, Report};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::App;
use crate::auth::Can;
use crate::auth::caps::ParseDocuments;
use crate::error::{ApiError, ApiResult};
use crate::json::Json;

/// The most entries `lines` may hold. A zone has at most three lines; the slack lets clients send the
/// blank lines an OCR reader may emit around them (the reader drops those).
pub const MAX_LINES: usize = 6;

/// The longest line accepted, in characters: a whole TD1 zone on one line (90) with some white space.
pub const MAX_LINE_CHARS: usize = 100;

pub fn routes() -> Router<App> {
    Router::new().route("/api/v1/mrz/parse", post(parse))
}

/// The body of `POST /api/v1/mrz/parse`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParseBody {
    /// The lines of one zone, in order (or one line holding the whole zone).
    pub lines: Vec<String>,
    /// Repair OCR misreadings where the fix is unique; every change is reported.
    #[serde(default)]
    pub lenient: bool,
    /// The reference day of the century rule and the expiry warning, `YYYY-MM-DD`; default: the server's
    /// date in China.
    #[serde(default)]
    pub today: Option<String>,
}

/// The reference day when the caller gives none: the date in China (Asia/Shanghai) at `now`, so that a
/// document expiring today is still valid until midnight Beijing time wherever the server's clock runs.
pub fn today_in_china(now: Timestamp) -> Date {
    let tz = jiff::tz::TimeZone::get("Asia/Shanghai").unwrap_or(jiff::tz::TimeZone::UTC);
    now.to_zoned(tz).date()
}

/// Reads a `YYYY-MM-DD` reference day.
pub fn parse_day(text: &str) -> Result<Date, ApiError> {
    let t = text.trim();
    let ok = t.len() == 10
        && t.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
    ok.then(|| t.parse::<Date>().ok())
        .flatten()
        .ok_or_else(|| ApiError::invalid(format!("today {text:?} is not a calendar date YYYY-MM-DD")))
}

/// Refuses bodies the reader should not have to look at: no lines, too many, or lines far longer than any
/// zone. Everything else — wrong lengths, bad characters, check digits — is the report's business.
pub fn check_limits(lines: &[String]) -> Result<(), ApiError> {
    if lines.is_empty() {
        return Err(ApiError::invalid("lines is empty; send the 2 or 3 lines of the zone"));
    }
    if lines.len() > MAX_LINES {
        return Err(ApiError::invalid(format!(
            "lines holds {} entries; a zone has at most 3 lines (at most {MAX_LINES} entries are accepted)",
            lines.len()
        )));
    }
    if let Some((i, l)) = lines.iter().enumerate().find(|(_, l)| l.chars().count() > MAX_LINE_CHARS) {
        return Err(ApiError::invalid(format!(
            "lines[{i}] has {} characters; at most {MAX_LINE_CHARS} are accepted",
            l.chars().count()
        )));
    }
    Ok(())
}

/// Reads one zone and audits the act. The console's document page uses this too, so both paths record
/// the same event.
pub async fn check_document(
    app: &App,
    who: &Principal,
    lines: &[&str],
    options: &ParseOptions,
) -> ApiResult<Report> {
    let report = mrz::parse(lines, options);
    audit_check(app, who, &report).await?;
    Ok(report)
}

/// `document.check`: what was checked and the verdict, never what the document says. The finding codes
/// (`check_digit`, `expired`, …) are fixed words, so they carry no personal data.
async fn audit_check(app: &App, who: &Principal, report: &Report) -> ApiResult<()> {
    let detail = json!({
        "format": report.format,
        "valid": report.valid,
        "mode": report.mode,
        "errors": report.errors.iter().map(|e| e.code).collect::<Vec<_>>(),
        "warnings": report.warnings.iter().map(|w| w.code).collect::<Vec<_>>(),
        "corrections": report.corrections.len(),
    });
    let event = AuditEvent::new("document.check", "document").with_detail(detail);
    app.store.audit(who, app.clock.now(), event).await?;
    Ok(())
}

/// The OpenAPI schema of the request body.
pub fn body_schema() -> Value {
    json!({
        "type": "object",
        "additionalProperties": false,
        "required": ["lines"],
        "properties": {
            "lines": {
                "type": "array",
                "minItems": 1,
                "maxItems": MAX_LINES,
                "items": { "type": "string", "maxLength": MAX_LINE_CHARS },
                "description": "the lines of one zone, or one line holding the whole zone"
            },
            "lenient": {
                "type": "boolean",
                "default": false,
                "description": "repair OCR misreadings where the fix is unique"
            },
            "today": {
                "type": "string",
                "format": "date",
                "description": "reference day; default: the server's date in China"
            }
        }
    })
}

/// The OpenAPI schema of the report (the fields clients rely on; the object has a few more).
pub fn report_schema() -> Value {
    let text = json!({ "type": ["string", "null"] });
    let located = |extra: Value| {
        let mut props = json!({
            "field": { "type": "string" },
            "line": { "type": "integer", "description": "1-based; 0 for the whole zone" },
            "position": { "type": "integer", "description": "1-based; 0 for a whole line" },
        });
        if let (Some(p), Value::Object(more)) = (props.as_object_mut(), extra) {
            p.extend(more);
        }
        json!({ "type": "object", "properties": props, "required": ["field", "line", "position"] })
    };
    let finding = located(json!({ "message": { "type": "string" }, "code": { "type": "string" } }));
    json!({
        "type": "object",
        "required": ["format", "valid", "checks", "errors", "warnings", "corrections", "possibly_truncated"],
        "properties": {
            "format": {
                "type": ["string", "null"],
                "enum": ["TD1", "TD2", "TD3", "MRV-A", "MRV-B", "CN-PERMIT", null]
            },
            "document_code": text, "issuing_state": text, "document_number": text, "nationality": text,
            "birth_date": {
                "type": ["string", "null"],
                "format": "date",
                "description": "null when unknown or partly unknown"
            },
            "sex": { "type": ["string", "null"], "enum": ["F", "M", "<", "X", null] },
            "expiry_date": { "type": ["string", "null"], "format": "date" },
            "primary_identifier": text, "secondary_identifier": text, "optional_data": text,
            "valid": { "type": "boolean" },
            "checks": { "type": "array", "items": located(json!({
                "ok": { "type": "boolean" }, "found": { "type": "string" }, "computed": { "type": "integer" }
            })) },
            "errors": { "type": "array", "items": finding.clone() },
            "warnings": { "type": "array", "items": finding },
            "possibly_truncated": { "type": "boolean" },
            "corrections": { "type": "array", "items": located(json!({
                "from": { "type": "string" }, "to": { "type": "string" },
                "reason": { "type": "string", "enum": ["upper_case", "character_class", "check_digits"] },
                "message": { "type": "string" }
            })) },
            "lines": { "type": "array", "items": { "type": "string" } },
            "reference_date": { "type": "string", "format": "date" },
            "mode": { "type": "string", "enum": ["strict", "lenient"] }
        }
    })
}

async fn parse(
    State(app): State<App>,
    who: Can<ParseDocuments>,
    Json(body): Json<ParseBody>,
) -> ApiResult<Json<Report>> {
    check_limits(&body.lines)?;
    let today = match body.today.as_deref() {
        Some(t) => parse_day(t)?,
        None => today_in_china(app.clock.now()),
    };
    let mode = if body.lenient { Mode::Lenient } else { Mode::Strict };
    let options = ParseOptions::new(today).mode(mode);
    let lines: Vec<&str> = body.lines.iter().map(String::as_str).collect();
    Ok(Json(check_document(&app, who.principal(), &lines, &options).await?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_days() {
        assert_eq!(parse_day("2026-12-01").unwrap(), jiff::civil::date(2026, 12, 1));
        for bad in ["", "2026-13-01", "2026-02-30", "20261201", "2026-12-01T00:00", "tomorrow", "+2026-12-01"]
        {
            assert!(parse_day(bad).is_err(), "{bad}");
        }
        // 20:00 UTC on 1 December is already 2 December in Beijing.
        let late: Timestamp = "2026-12-01T20:00:00Z".parse().unwrap();
        assert_eq!(today_in_china(late), jiff::civil::date(2026, 12, 2));
    }

    #[test]
    fn limits() {
        let line = |n: usize| "<".repeat(n);
        assert!(check_limits(&[line(44), line(44)]).is_ok());
        assert!(check_limits(&[line(90)]).is_ok());
        assert!(check_limits(&[]).is_err());
        assert!(check_limits(&vec![line(30); MAX_LINES + 1]).is_err());
        assert!(check_limits(&[line(MAX_LINE_CHARS + 1)]).is_err());
        // Characters, not bytes: a line of 100 CJK characters is at the limit, not over it.
        assert!(check_limits(&["国".repeat(MAX_LINE_CHARS)]).is_ok());
    }
}
