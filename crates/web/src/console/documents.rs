//! The document-check page (`/documents`): an officer pastes or types a machine-readable zone and sees the
//! verdict, every decoded field, every check digit, and each error marked in the echoed lines.
//!
//! Two routes take the same form: `POST /documents` renders the whole page (works without JavaScript) and
//! `POST /documents/check` renders only the result, which htmx swaps in. Both go through
//! [`crate::api::mrz::check_document`], so a check from the console is audited exactly like one from the API.

use askama::Template;
use axum::Form;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use mrz::{Field, Mode, ParseOptions, Reason, Report};
use serde::Deserialize;

use super::{Chrome, Lang, PageCan, i18n, render};
use crate::App;
use crate::api::mrz::{MAX_LINE_CHARS, check_document, today_in_china};
use crate::auth::caps::ParseDocuments;

/// Documents one submission may hold (separated by blank lines), as from a batch of scans.
pub const MAX_DOCUMENTS: usize = 10;

/// The longest text the textarea accepts, in characters: ten TD3 zones with their line breaks fit.
pub const MAX_TEXT_CHARS: usize = 4000;

pub fn routes() -> Router<App> {
    Router::new().route("/documents", get(form).post(submit)).route("/documents/check", post(fragment))
}

#[derive(Deserialize)]
struct CheckForm {
    #[serde(default)]
    mrz: String,
    /// An HTML checkbox: present (`on`) when ticked, absent otherwise.
    lenient: Option<String>,
}

#[derive(Template)]
#[template(path = "documents.html")]
struct DocumentsPage {
    chrome: Chrome,
    mrz: String,
    lenient: bool,
    max_chars: usize,
    results: Vec<DocView>,
    error_key: Option<&'static str>,
}

#[derive(Template)]
#[template(path = "documents_result.html")]
struct DocumentsResult {
    chrome: Chrome,
    results: Vec<DocView>,
    error_key: Option<&'static str>,
}

async fn form(page: PageCan<ParseDocuments>) -> Response {
    render(&DocumentsPage {
        chrome: page.chrome,
        mrz: String::new(),
        lenient: false,
        max_chars: MAX_TEXT_CHARS,
        results: Vec::new(),
        error_key: None,
    })
}

async fn submit(State(app): State<App>, page: PageCan<ParseDocuments>, Form(f): Form<CheckForm>) -> Response {
    let lenient = f.lenient.is_some();
    let (status, results, error_key) = run(&app, &page, &f.mrz, lenient).await;
    let body = render(&DocumentsPage {
        chrome: page.chrome,
        mrz: f.mrz,
        lenient,
        max_chars: MAX_TEXT_CHARS,
        results,
        error_key,
    });
    (status, body).into_response()
}

async fn fragment(
    State(app): State<App>,
    page: PageCan<ParseDocuments>,
    Form(f): Form<CheckForm>,
) -> Response {
    // htmx swaps only 2xx responses by default; a refused text is still worth showing, so the fragment
    // always answers 200 and carries the problem in its body.
    let (_, results, error_key) = run(&app, &page, &f.mrz, f.lenient.is_some()).await;
    render(&DocumentsResult { chrome: page.chrome, results, error_key })
}

/// Splits the text into zones, reads each (auditing each), and builds the views.
async fn run(
    app: &App,
    page: &PageCan<ParseDocuments>,
    text: &str,
    lenient: bool,
) -> (StatusCode, Vec<DocView>, Option<&'static str>) {
    let refuse = |key| (StatusCode::UNPROCESSABLE_ENTITY, Vec::new(), Some(key));
    if text.chars().count() > MAX_TEXT_CHARS {
        return refuse("doc.too_long");
    }
    let docs = mrz::split_documents(text);
    if docs.is_empty() {
        return refuse("doc.empty");
    }
    if docs.len() > MAX_DOCUMENTS {
        return refuse("doc.too_many");
    }
    if docs.iter().flatten().any(|l| l.chars().count() > MAX_LINE_CHARS) {
        return refuse("doc.line_too_long");
    }
    let mode = if lenient { Mode::Lenient } else { Mode::Strict };
    let options = ParseOptions::new(today_in_china(app.clock.now())).mode(mode);
    let lang = page.chrome.lang;
    let mut views = Vec::with_capacity(docs.len());
    for (i, lines) in docs.iter().enumerate() {
        match check_document(app, page.can.principal(), lines, &options).await {
            Ok(report) => views.push(DocView::new(i + 1, &report, lang)),
            // Without its audit record a check must not be shown (guide invariant 5).
            Err(_) => return (StatusCode::SERVICE_UNAVAILABLE, Vec::new(), Some("doc.unavailable")),
        }
    }
    (StatusCode::OK, views, None)
}

/// One decoded field.
pub struct FieldView {
    pub label: &'static str,
    pub value: String,
}

/// One check digit.
pub struct CheckView {
    pub label: &'static str,
    pub ok: bool,
    pub at: String,
    pub found: String,
    pub computed: u8,
}

/// One error or warning.
pub struct FindingView {
    pub label: &'static str,
    /// The kind of problem in the page's language, when the table has it.
    pub title: Option<&'static str>,
    /// The reader's precise sentence (English, as the standard's terms are).
    pub message: String,
    pub at: String,
}

/// One lenient-mode correction.
pub struct CorrectionView {
    pub label: &'static str,
    pub at: String,
    pub from: String,
    pub to: String,
    pub reason: &'static str,
}

/// A run of characters of an echoed line, marked or not.
pub struct Segment {
    pub text: String,
    /// `""` (plain), `mrz-bad`, `mrz-warn` or `mrz-fixed`.
    pub class: &'static str,
    pub title: String,
}

/// One echoed line.
pub struct EchoLine {
    pub segments: Vec<Segment>,
    /// An error concerns the whole line (its length).
    pub bad: bool,
}

/// Everything the result shows for one zone, in the page's language.
pub struct DocView {
    pub index: usize,
    pub valid: bool,
    pub format: String,
    pub fields: Vec<FieldView>,
    pub checks: Vec<CheckView>,
    pub errors: Vec<FindingView>,
    pub warnings: Vec<FindingView>,
    pub corrections: Vec<CorrectionView>,
    /// Ruler rows over the echo: the tens digit at every tenth position, then the units.
    pub ruler_tens: String,
    pub ruler_units: String,
    pub echo: Vec<EchoLine>,
    pub possibly_truncated: bool,
    pub reference_date: String,
    pub lenient: bool,
}

/// A key's text, or `None` when the table lacks it (so a problem code added to the crate later shows its
/// English message rather than `??`).
fn lookup(lang: Lang, key: &str) -> Option<&'static str> {
    let i = i18n::TABLE.binary_search_by(|(k, _, _)| (*k).cmp(key)).ok()?;
    i18n::TABLE.get(i).map(|(_, zh, en)| if lang == Lang::Zh { *zh } else { *en })
}

/// The i18n key of a field's name.
pub fn field_key(field: Field) -> &'static str {
    match field {
        Field::Lines => "doc.field.lines",
        Field::DocumentCode => "doc.field.document_code",
        Field::IssuingState => "doc.field.issuing_state",
        Field::Name => "doc.field.name",
        Field::DocumentNumber => "doc.field.document_number",
        Field::Nationality => "doc.field.nationality",
        Field::BirthDate => "doc.field.birth_date",
        Field::Sex => "doc.field.sex",
        Field::ExpiryDate => "doc.field.expiry_date",
        Field::OptionalData => "doc.field.optional_data",
        Field::OptionalData2 => "doc.field.optional_data_2",
        Field::Composite => "doc.field.composite",
        Field::Filler => "doc.field.filler",
        Field::NationalData => "doc.field.national_data",
        _ => "doc.field.other",
    }
}

/// The i18n key of a correction's reason.
pub fn reason_key(reason: Reason) -> &'static str {
    match reason {
        Reason::UpperCase => "doc.reason.upper_case",
        Reason::CharacterClass => "doc.reason.character_class",
        Reason::CheckDigits => "doc.reason.check_digits",
        _ => "doc.reason.other",
    }
}

/// "line 2, position 20" / "第2行第20位"; position 0 means the whole line, line 0 the whole zone.
fn at(lang: Lang, line: u8, position: u8) -> String {
    let key = match (line, position) {
        (0, _) => "doc.at_zone",
        (_, 0) => "doc.at_line",
        _ => "doc.at_position",
    };
    lang.t(key).replace("{line}", &line.to_string()).replace("{position}", &position.to_string())
}

/// A country code with its name in the page's language, when the table knows it.
fn country(lang: Lang, code: &str) -> String {
    match codes::country(code) {
        Some(c) => format!("{code} · {}", if lang == Lang::Zh { &c.name_zh } else { &c.name_en }),
        None => code.to_owned(),
    }
}

impl DocView {
    pub fn new(index: usize, r: &Report, lang: Lang) -> DocView {
        let t = |k: &str| lang.t(k);
        let mut fields = Vec::new();
        let mut push = |key: &'static str, value: Option<String>| {
            if let Some(v) = value.filter(|v| !v.is_empty()) {
                fields.push(FieldView { label: t(key), value: v });
            }
        };
        if r.format.is_some() {
            push("doc.field.document_code", r.document_code.clone());
            push("doc.field.issuing_state", r.issuing_state.as_deref().map(|c| country(lang, c)));
            let number = r
                .document_number
                .clone()
                .map(|n| if r.long_document_number { format!("{n} ({})", t("doc.long_number")) } else { n });
            push("doc.field.document_number", number);
            push("doc.field.nationality", r.nationality.as_deref().map(|c| country(lang, c)));
            push("doc.field.primary_identifier", r.primary_identifier.clone());
            push("doc.field.secondary_identifier", r.secondary_identifier.clone());
            // A partly unknown birth date has no `birth_date`; the typed view words it (`1974-08-??`).
            let birth = r.birth_date.clone().or_else(|| {
                let partial = r.document().and_then(|d| d.birth_date).map(|b| b.to_string());
                partial.or_else(|| r.birth_date_raw.clone())
            });
            push("doc.field.birth_date", birth);
            let sex = r.sex.as_deref().map(|s| match s {
                "F" => format!("F · {}", t("doc.sex.female")),
                "M" => format!("M · {}", t("doc.sex.male")),
                other => format!("{other} · {}", t("doc.sex.unspecified")),
            });
            push("doc.field.sex", sex);
            push("doc.field.expiry_date", r.expiry_date.clone().or_else(|| r.expiry_date_raw.clone()));
            push("doc.field.optional_data", r.optional_data.clone());
            push("doc.field.optional_data_2", r.optional_data_2.clone());
        }
        let checks = r
            .checks
            .iter()
            .map(|c| CheckView {
                label: t(field_key(c.field)),
                ok: c.ok,
                at: at(lang, c.line, c.position),
                found: c.found.clone(),
                computed: c.computed,
            })
            .collect();
        let finding = |f: &mrz::FindingReport| FindingView {
            label: t(field_key(f.field)),
            title: lookup(lang, &format!("doc.problem.{}", f.code)),
            message: f.message.clone(),
            at: at(lang, f.line, f.position),
        };
        let corrections = r
            .corrections
            .iter()
            .map(|c| CorrectionView {
                label: t(field_key(c.field)),
                at: at(lang, c.line, c.position),
                from: c.from.clone(),
                to: c.to.clone(),
                reason: t(reason_key(c.reason)),
            })
            .collect();
        let echo = echo(r);
        let width = echo.iter().map(|l| l.segments.iter().map(|s| s.text.chars().count()).sum()).max();
        let (ruler_tens, ruler_units) = ruler(width.unwrap_or(0));
        DocView {
            index,
            valid: r.valid,
            format: r.format.map_or_else(|| "—".to_owned(), |f| f.to_string()),
            fields,
            checks,
            errors: r.errors.iter().map(finding).collect(),
            warnings: r.warnings.iter().map(finding).collect(),
            corrections,
            ruler_tens,
            ruler_units,
            echo,
            possibly_truncated: r.possibly_truncated,
            reference_date: r.reference_date.clone(),
            lenient: r.mode == Mode::Lenient,
        }
    }
}

/// Two ruler rows over the echoed lines (tens, then units), so a position can be found by eye.
fn ruler(width: usize) -> (String, String) {
    let tens = (1..=width).map(|i| if i % 10 == 0 { char::from(b'0' + ((i / 10) % 10) as u8) } else { ' ' });
    let units = (1..=width).map(|i| char::from(b'0' + (i % 10) as u8));
    (tens.collect(), units.collect())
}

/// The zone's lines as read, with each located error, warning and correction marked on its character.
fn echo(r: &Report) -> Vec<EchoLine> {
    // A report for lines that fit no layout holds them as given; the reader's positions count the lines
    // after dropping blank ones and trimming, so the echo does the same.
    let lines: Vec<&str> = if r.format.is_some() {
        r.lines.iter().map(String::as_str).collect()
    } else {
        r.lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty()).collect()
    };
    let mut out = Vec::with_capacity(lines.len());
    for (li, line) in lines.iter().enumerate() {
        let n = u8::try_from(li + 1).unwrap_or(u8::MAX);
        let bad = r.errors.iter().any(|e| e.line == n && e.position == 0);
        let mark = |pos: u8| -> Option<(&'static str, String)> {
            if let Some(e) = r.errors.iter().find(|e| e.line == n && e.position == pos) {
                return Some(("mrz-bad", e.message.clone()));
            }
            if let Some(c) = r.corrections.iter().find(|c| c.line == n && c.position == pos) {
                return Some(("mrz-fixed", c.message.clone()));
            }
            r.warnings
                .iter()
                .find(|w| w.line == n && w.position == pos)
                .map(|w| ("mrz-warn", w.message.clone()))
        };
        let mut segments: Vec<Segment> = Vec::new();
        for (ci, ch) in line.chars().enumerate() {
            let pos = u8::try_from(ci + 1).unwrap_or(u8::MAX);
            match mark(pos) {
                Some((class, title)) => segments.push(Segment { text: ch.to_string(), class, title }),
                None => match segments.last_mut() {
                    Some(s) if s.class.is_empty() => s.text.push(ch),
                    _ => segments.push(Segment { text: ch.to_string(), class: "", title: String::new() }),
                },
            }
        }
        out.push(EchoLine { segments, bad });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPECIMEN: [&str; 2] =
        ["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"];

    fn opts() -> ParseOptions {
        ParseOptions::new(jiff::civil::date(2026, 12, 1))
    }

    #[test]
    fn every_key_the_page_builds_exists() {
        let fields = [
            Field::Lines,
            Field::DocumentCode,
            Field::IssuingState,
            Field::Name,
            Field::DocumentNumber,
            Field::Nationality,
            Field::BirthDate,
            Field::Sex,
            Field::ExpiryDate,
            Field::OptionalData,
            Field::OptionalData2,
            Field::Composite,
            Field::Filler,
            Field::NationalData,
        ];
        let mut keys: Vec<&str> = fields.iter().map(|f| field_key(*f)).collect();
        keys.extend(["doc.field.other", "doc.reason.other"]);
        keys.extend(
            [Reason::UpperCase, Reason::CharacterClass, Reason::CheckDigits].iter().map(|r| reason_key(*r)),
        );
        keys.extend(["doc.at_zone", "doc.at_line", "doc.at_position", "doc.long_number"]);
        keys.extend(["doc.sex.female", "doc.sex.male", "doc.sex.unspecified"]);
        keys.extend(["doc.empty", "doc.too_long", "doc.too_many", "doc.line_too_long", "doc.unavailable"]);
        // Every problem code the reader reports (mrz's `report.rs`) has a title in both languages.
        let problems = [
            "no_lines",
            "line_count",
            "line_length",
            "no_format",
            "character",
            "lower_case",
            "check_digit",
            "long_number_continuation",
            "not_a_calendar_date",
            "incomplete_date",
            "expired",
            "birth_after_expiry",
            "sex_x",
            "unknown_country",
            "empty_country",
            "document_code",
            "empty_name",
            "empty_primary",
            "no_secondary",
            "name_not_left_justified",
            "double_filler_in_secondary",
            "not_left_justified",
        ];
        let problem_keys: Vec<String> = problems.iter().map(|p| format!("doc.problem.{p}")).collect();
        keys.extend(problem_keys.iter().map(String::as_str));
        let missing: Vec<&&str> = keys.iter().filter(|k| lookup(Lang::En, k).is_none()).collect();
        assert!(missing.is_empty(), "keys missing from console/i18n.rs: {missing:?}");
    }

    #[test]
    fn a_changed_digit_is_marked_where_it_is() {
        let lines = [SPECIMEN[0], "L898902C36UTO7408132F1204159ZE184226B<<<<<10"];
        let v = DocView::new(1, &mrz::parse(&lines, &opts()), Lang::En);
        assert!(!v.valid);
        assert_eq!(v.format, "TD3");
        assert_eq!(v.errors[0].at, "line 2, position 20");
        assert_eq!(v.errors[0].title, Some(lookup(Lang::En, "doc.problem.check_digit").unwrap()));
        let marked: Vec<(&str, &str)> = v.echo[1]
            .segments
            .iter()
            .filter(|s| !s.class.is_empty())
            .map(|s| (s.text.as_str(), s.class))
            .collect();
        // The birth-date check digit and the composite that covers it; the expiry date starts the
        // "expired" warning.
        assert_eq!(marked, [("2", "mrz-bad"), ("1", "mrz-warn"), ("0", "mrz-bad")]);
        let echoed: String = v.echo[1].segments.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(echoed, lines[1]);
        assert_eq!(v.ruler_units.len(), 44);
        assert_eq!(&v.ruler_tens[..10], "         1");
    }

    #[test]
    fn fields_are_decoded_in_the_page_language() {
        let v = DocView::new(1, &mrz::parse(&SPECIMEN, &opts()), Lang::Zh);
        assert!(v.valid);
        let value = |label_key: &str| {
            let label = Lang::Zh.t(label_key);
            v.fields.iter().find(|f| f.label == label).map(|f| f.value.clone())
        };
        assert_eq!(value("doc.field.issuing_state").unwrap(), "UTO · 乌托邦（样例）");
        assert_eq!(value("doc.field.birth_date").unwrap(), "1974-08-12");
        assert!(value("doc.field.sex").unwrap().starts_with("F · "));
        assert_eq!(v.warnings.len(), 1, "expired");
        assert_eq!(v.checks.len(), 5);
        assert!(v.checks.iter().all(|c| c.ok));
    }

    #[test]
    fn lines_that_fit_no_format_are_echoed_trimmed_with_the_line_marked() {
        let v = DocView::new(1, &mrz::parse(&["  P<UTO  ", "", "L898"], &opts()), Lang::En);
        assert!(!v.valid);
        assert_eq!(v.format, "—");
        assert!(v.fields.is_empty());
        assert_eq!(v.echo.len(), 2);
        assert_eq!(v.echo[0].segments[0].text, "P<UTO");
    }
}
