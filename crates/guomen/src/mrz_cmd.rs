//! `guomen mrz parse|make`: read and check machine-readable zones (ICAO 9303), or write one from field
//! values. Glue only: the `mrz` crate reads, checks and writes; this module reads the clock, standard input
//! and files, and prints.
//!
//! Exit status: `parse` 0 when every document is valid, 1 when any is not; `make` 0 when every zone was
//! written, 1 when the fields cannot be written; 2 on usage errors (clap's own, and ours: nothing to read,
//! an unreadable file, a malformed JSON file).

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand};
use jiff::civil::Date;
use mrz::{BirthDate, DocumentFields, Format, Language, Mode, ParseOptions, Report, Sex};

#[derive(Debug, Subcommand)]
pub enum MrzCommand {
    /// Read and check zones. The lines of one document as arguments, or from standard input several
    /// documents separated by blank lines. Exit status 0 when every document is valid, 1 when any is not.
    Parse(ParseArgs),
    /// Write a zone from field values (names in any supported script) and print its lines.
    Make(Box<MakeArgs>),
}

#[derive(Debug, Args)]
pub struct ParseArgs {
    /// The lines of one document (quote them: `<` is special to the shell). Without them, standard input
    /// is read: several documents separated by blank lines.
    #[arg(value_name = "LINE")]
    pub lines: Vec<String>,
    /// Print one JSON object per document (JSON Lines).
    #[arg(long)]
    pub json: bool,
    /// Repair OCR misreadings where the character class and the check digits make the fix unique, and raise
    /// lower case; every change is reported as a correction.
    #[arg(long)]
    pub lenient: bool,
    /// Reference day for the century rule and the expiry warning [default: today in China, Asia/Shanghai,
    /// as the server uses].
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<Date>,
    /// Read 3 × 30 zones with document code CS/CD as TD1 rather than as China's permit cards.
    #[arg(long)]
    pub no_national: bool,
}

#[derive(Debug, Args)]
pub struct MakeArgs {
    /// Read the fields from a JSON file (`-` for standard input): one object with the fields format,
    /// document_code, issuing_state, primary_identifier, secondary_identifier, document_number,
    /// nationality, birth_date, sex, expiry_date, optional_data, optional_data_2 — or an array of them.
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// TD1, TD2, TD3, MRV-A or MRV-B.
    #[arg(long, required_unless_present = "json", conflicts_with = "json")]
    pub format: Option<Format>,
    /// Document code: P, PP, I, ID, AC, V, …
    #[arg(long, required_unless_present = "json", conflicts_with = "json")]
    pub code: Option<String>,
    /// Issuing state or organisation (ICAO code, e.g. UTO, CHN, D).
    #[arg(long, required_unless_present = "json", conflicts_with = "json")]
    pub issuer: Option<String>,
    /// Surname(s), the primary identifier.
    #[arg(long, required_unless_present = "json", conflicts_with = "json")]
    pub surname: Option<String>,
    /// Given name(s), the secondary identifier.
    #[arg(long, conflicts_with = "json")]
    pub given: Option<String>,
    /// Document number (a TD1/TD2/TD3 number longer than 9 characters is continued in the optional data).
    #[arg(long, required_unless_present = "json", conflicts_with = "json")]
    pub number: Option<String>,
    /// Nationality (ICAO code).
    #[arg(long, required_unless_present = "json", conflicts_with = "json")]
    pub nationality: Option<String>,
    /// Date of birth: YYYY-MM-DD, YYYY-MM, YYYY, `?` for unknown parts (1974-??-12), or `unknown`.
    #[arg(long, value_name = "DATE", required_unless_present = "json", conflicts_with = "json")]
    pub birth: Option<BirthDate>,
    /// F, M, or X / `<` for unspecified.
    #[arg(long, required_unless_present = "json", conflicts_with = "json")]
    pub sex: Option<Sex>,
    /// Date of expiry, YYYY-MM-DD.
    #[arg(long, value_name = "DATE", required_unless_present = "json", conflicts_with = "json")]
    pub expiry: Option<Date>,
    /// TD3 personal number; TD1 line-1, TD2 and visa optional data.
    #[arg(long, conflicts_with = "json")]
    pub optional: Option<String>,
    /// TD1 line-2 optional data.
    #[arg(long, conflicts_with = "json")]
    pub optional2: Option<String>,
    /// Transliteration exceptions for names: default, ru, uk, be, bg, sr, mk, or `auto` for the issuing
    /// state's language (UKR → uk, SRB → sr, …).
    #[arg(long, default_value = "auto", value_name = "LANG")]
    pub language: String,
}

/// A usage error: exit status 2, like clap's.
fn usage(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}

pub fn run(cmd: MrzCommand) -> ExitCode {
    match cmd {
        MrzCommand::Parse(args) => parse(args),
        MrzCommand::Make(args) => make(*args),
    }
}

fn parse(args: ParseArgs) -> ExitCode {
    let today = args.today.unwrap_or_else(|| web::api::mrz::today_in_china(jiff::Timestamp::now()));
    let mode = if args.lenient { Mode::Lenient } else { Mode::Strict };
    let options = ParseOptions::new(today).mode(mode).national_formats(!args.no_national);

    let stdin_text;
    let docs: Vec<Vec<&str>> = if args.lines.is_empty() {
        let mut bytes = Vec::new();
        if let Err(e) = std::io::stdin().read_to_end(&mut bytes) {
            return usage(format_args!("cannot read standard input: {e}"));
        }
        // Bytes that are not UTF-8 become U+FFFD, which the reader reports as a bad character at its
        // position: nothing is silently dropped.
        stdin_text = String::from_utf8_lossy(&bytes).into_owned();
        mrz::split_documents(&stdin_text)
    } else {
        // One document; an argument holding several lines (a quoted paste) is split into them.
        let lines: Vec<&str> = args.lines.iter().flat_map(|a| a.lines()).collect();
        vec![lines]
    };
    if docs.is_empty() || docs.iter().all(|d| d.iter().all(|l| l.trim().is_empty())) {
        return usage("no MRZ given: pass the lines of one document, or pipe documents on standard input");
    }

    let reports: Vec<Report> = docs.iter().map(|lines| mrz::parse(lines, &options)).collect();
    let mut out = std::io::stdout().lock();
    let written = if args.json { write_json(&mut out, &reports) } else { write_human(&mut out, &reports) };
    if let Err(e) = written.and_then(|()| out.flush()) {
        // A closed pipe (`| head`) is not worth a message, but the output is incomplete.
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("error: cannot write the output: {e}");
        }
        return ExitCode::from(1);
    }
    if reports.iter().all(|r| r.valid) { ExitCode::SUCCESS } else { ExitCode::from(1) }
}

fn write_json(out: &mut impl Write, reports: &[Report]) -> std::io::Result<()> {
    for r in reports {
        serde_json::to_writer(&mut *out, r)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// "line 2, position 20", "line 2", "zone".
fn at(line: u8, position: u8) -> String {
    match (line, position) {
        (0, _) => "zone".to_owned(),
        (l, 0) => format!("line {l}"),
        (l, p) => format!("line {l}, position {p}"),
    }
}

fn write_human(out: &mut impl Write, reports: &[Report]) -> std::io::Result<()> {
    for (i, r) in reports.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        let format = r.format.map_or_else(|| "unknown format".to_owned(), |f| f.to_string());
        let verdict = if r.valid {
            "VALID".to_owned()
        } else {
            let n = r.errors.len();
            format!("INVALID ({n} error{})", if n == 1 { "" } else { "s" })
        };
        writeln!(
            out,
            "document {}: {verdict}, {format}, {} mode, reference day {}",
            i + 1,
            mode(r),
            r.reference_date
        )?;

        let fields: [(&str, Option<&str>); 11] = [
            ("document code", r.document_code.as_deref()),
            ("issuing state", r.issuing_state.as_deref()),
            ("document number", r.document_number.as_deref()),
            ("nationality", r.nationality.as_deref()),
            ("surname", r.primary_identifier.as_deref()),
            ("given names", r.secondary_identifier.as_deref()),
            ("birth date", r.birth_date.as_deref().or(r.birth_date_raw.as_deref())),
            ("sex", r.sex.as_deref()),
            ("expiry date", r.expiry_date.as_deref().or(r.expiry_date_raw.as_deref())),
            ("optional data", r.optional_data.as_deref()),
            ("optional data 2", r.optional_data_2.as_deref()),
        ];
        if r.format.is_some() {
            for (label, value) in fields {
                if let Some(v) = value.filter(|v| !v.is_empty()) {
                    writeln!(out, "  {label:<16} {v}")?;
                }
            }
            if r.long_document_number {
                writeln!(out, "  {:<16} the number continues in the optional data", "")?;
            }
            if r.possibly_truncated {
                writeln!(out, "  {:<16} the name may be truncated", "")?;
            }
        }
        for c in &r.checks {
            let result = if c.ok { "ok" } else { "WRONG" };
            let label = c.field.label();
            writeln!(
                out,
                "  check {label:<17} {result:<5} {} (found {}, computed {})",
                at(c.line, c.position),
                c.found,
                c.computed
            )?;
        }
        // The lines, with a caret under each located error, so the offending character is found by eye.
        let lines: Vec<&str> = r.lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty()).collect();
        for (li, line) in lines.iter().enumerate() {
            writeln!(out, "  {line}")?;
            let n = u8::try_from(li + 1).unwrap_or(u8::MAX);
            let width = line.chars().count();
            let carets: String = (1..=width)
                .map(|p| {
                    let p = u8::try_from(p).unwrap_or(u8::MAX);
                    if r.errors.iter().any(|e| e.line == n && e.position == p) { '^' } else { ' ' }
                })
                .collect();
            if carets.contains('^') {
                writeln!(out, "  {}", carets.trim_end())?;
            }
        }
        for e in &r.errors {
            writeln!(out, "  error      {}: {} [{}]", at(e.line, e.position), e.message, e.code)?;
        }
        for w in &r.warnings {
            writeln!(out, "  warning    {}: {} [{}]", at(w.line, w.position), w.message, w.code)?;
        }
        for c in &r.corrections {
            writeln!(out, "  corrected  {}: {}", at(c.line, c.position), c.message)?;
        }
    }
    Ok(())
}

fn mode(r: &Report) -> &'static str {
    match r.mode {
        Mode::Strict => "strict",
        Mode::Lenient => "lenient",
    }
}

fn make(args: MakeArgs) -> ExitCode {
    let auto = args.language.trim().eq_ignore_ascii_case("auto");
    let language: Option<Language> = if auto {
        None
    } else {
        match args.language.parse() {
            Ok(l) => Some(l),
            Err(e) => return usage(format_args!("{e}, or auto")),
        }
    };
    let documents = match &args.json {
        Some(path) => match read_fields(path) {
            Ok(d) => d,
            Err(message) => return usage(message),
        },
        None => match fields_from_args(&args) {
            Some(f) => vec![f],
            // clap requires these when --json is absent; this is only a safety net.
            None => {
                return usage(
                    "give --format, --code, --issuer, --surname, --number, --nationality, --birth, --sex \
                     and --expiry, or --json FILE",
                );
            }
        },
    };
    let mut out = std::io::stdout().lock();
    let mut status = ExitCode::SUCCESS;
    for (i, fields) in documents.iter().enumerate() {
        let lang =
            language.unwrap_or_else(|| Language::for_country(&fields.issuing_state.to_ascii_uppercase()));
        match mrz::to_mrz(fields, lang) {
            Ok(lines) => {
                let sep = if i > 0 { "\n" } else { "" };
                if writeln!(out, "{sep}{}", lines.join("\n")).is_err() {
                    return ExitCode::from(1);
                }
            }
            Err(e) => {
                let which = if documents.len() > 1 { format!("document {}: ", i + 1) } else { String::new() };
                eprintln!("error: {which}{e}");
                status = ExitCode::from(1);
            }
        }
    }
    if out.flush().is_err() {
        return ExitCode::from(1);
    }
    status
}

fn fields_from_args(a: &MakeArgs) -> Option<DocumentFields> {
    Some(DocumentFields {
        format: a.format?,
        document_code: a.code.clone()?,
        issuing_state: a.issuer.clone()?,
        primary_identifier: a.surname.clone()?,
        secondary_identifier: a.given.clone().unwrap_or_default(),
        document_number: a.number.clone()?,
        nationality: a.nationality.clone()?,
        birth_date: a.birth?,
        sex: a.sex?,
        expiry_date: a.expiry?,
        optional_data: a.optional.clone().unwrap_or_default(),
        optional_data_2: a.optional2.clone().unwrap_or_default(),
    })
}

/// One `DocumentFields` object or an array of them, from a file or standard input (`-`).
fn read_fields(path: &std::path::Path) -> Result<Vec<DocumentFields>, String> {
    let text = if path.as_os_str() == "-" {
        let mut s = String::new();
        std::io::stdin().read_to_string(&mut s).map_err(|e| format!("cannot read standard input: {e}"))?;
        s
    } else {
        std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?
    };
    let name = path.display();
    // Deserialised straight from the text (not through a `Value`) so that errors keep their line and column.
    let parsed = if text.trim_start().starts_with('[') {
        serde_json::from_str::<Vec<DocumentFields>>(&text)
    } else {
        serde_json::from_str::<DocumentFields>(&text).map(|f| vec![f])
    };
    match parsed {
        Ok(docs) if docs.is_empty() => Err(format!("{name}: the array holds no document")),
        Ok(docs) => Ok(docs),
        Err(e) => Err(format!("{name}: {e}")),
    }
}
