//! `guomen paxlst parse|make`: read and check a UN/EDIFACT PAXLST interchange, or write one from the
//! JSON shape `parse --json` prints. Glue only: the `paxlst` crate reads, checks and writes; this module
//! reads files, standard input and the clock, and prints.
//!
//! Exit status: `parse` 0 when the interchange has no error, 1 when it has (count mismatches are errors
//! only with `--strict`); `make` 0 when the interchange was written, 1 when the manifest cannot be
//! written; 2 on usage errors (clap's own, and ours: an unreadable file, a malformed JSON file).

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Subcommand};
use jiff::civil::Date;
use paxlst::{Issue, Leg, ManifestJson, Message, Options, Report};

#[derive(Debug, Subcommand)]
pub enum PaxlstCommand {
    /// Read and check a PAXLST interchange: envelope, messages, flights and persons, with every error and
    /// warning positioned by segment. Exit status 0 when there is no error, 1 when there is.
    Parse(ParseArgs),
    /// Write a PAXLST interchange (EDIFACT) from a manifest in the JSON shape `parse --json` prints.
    Make(MakeArgs),
}

#[derive(Debug, Args)]
pub struct ParseArgs {
    /// The interchange file, or `-` for standard input.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Count mismatches (UNT, UNE, UNZ, CNT) and control-reference mismatches are errors, not warnings.
    #[arg(long)]
    pub strict: bool,
    /// Print the whole report as JSON: {"interchange", "messages", "errors", "warnings"}.
    #[arg(long)]
    pub json: bool,
    /// Reference day for two-digit years [default: today in China, Asia/Shanghai, as the server uses].
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<Date>,
}

#[derive(Debug, Args)]
pub struct MakeArgs {
    /// The manifest as JSON ({"interchange", "messages"}; `parse --json` output is accepted), or `-`.
    #[arg(value_name = "FILE.json")]
    pub file: PathBuf,
}

/// A usage error: exit status 2, like clap's.
fn usage(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}

fn read_input(path: &Path) -> Result<Vec<u8>, String> {
    if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin().read_to_end(&mut bytes).map_err(|e| format!("cannot read standard input: {e}"))?;
        Ok(bytes)
    } else {
        std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
    }
}

/// Writes `text` to standard output; a closed pipe (`| head`) is not worth a message but fails.
fn emit(text: &str) -> Result<(), ExitCode> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) => {
            if e.kind() != std::io::ErrorKind::BrokenPipe {
                eprintln!("error: cannot write the output: {e}");
            }
            Err(ExitCode::from(1))
        }
    }
}

pub fn run(cmd: PaxlstCommand) -> ExitCode {
    match cmd {
        PaxlstCommand::Parse(args) => parse(args),
        PaxlstCommand::Make(args) => make(args),
    }
}

fn parse(args: ParseArgs) -> ExitCode {
    let bytes = match read_input(&args.file) {
        Ok(b) => b,
        Err(e) => return usage(e),
    };
    let today = args.today.unwrap_or_else(|| web::api::mrz::today_in_china(jiff::Timestamp::now()));
    let report = paxlst::parse(&bytes, &Options { strict: args.strict, today });
    let text = if args.json {
        match serde_json::to_string_pretty(&report) {
            Ok(j) => j + "\n",
            Err(e) => {
                eprintln!("error: cannot write the report: {e}");
                return ExitCode::from(1);
            }
        }
    } else {
        summary(&report)
    };
    if let Err(code) = emit(&text) {
        return code;
    }
    if report.errors.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) }
}

fn stop(s: &paxlst::Stop) -> String {
    let port = s.port.as_deref().unwrap_or("?");
    match s.time {
        Some(t) => format!("{port} {t}"),
        None => port.to_owned(),
    }
}

fn leg_line(l: &Leg) -> String {
    format!("{}{} {} → {}", l.carrier, l.number, stop(&l.departure), stop(&l.arrival))
}

fn message_lines(out: &mut String, m: &Message) {
    let function = match (&m.function_code, serde_json::to_value(m.message_function)) {
        (Some(code), Ok(f)) => format!("{} ({code})", f.as_str().unwrap_or("?")),
        (None, Ok(f)) => f.as_str().unwrap_or("?").to_owned(),
        (_, Err(_)) => "?".to_owned(),
    };
    let list = match m.list_type {
        paxlst::ListType::Passenger => "passenger list",
        paxlst::ListType::Crew => "crew list",
    };
    out.push_str(&format!(
        "message {} (segments {}–{}): {list}, {}, {function}\n",
        m.reference, m.segments[0], m.segments[1], m.version
    ));
    let legs: Vec<&Leg> = if m.legs.is_empty() { m.flight.iter().collect() } else { m.legs.iter().collect() };
    for l in legs {
        out.push_str(&format!("  flight {}\n", leg_line(l)));
    }
    let declared = m.declared_count.map_or_else(|| "no CNT".to_owned(), |n| format!("CNT {n}"));
    out.push_str(&format!("  {} person(s) ({declared})\n", m.persons.len()));
    for (i, p) in m.persons.iter().enumerate() {
        let doc = p.documents.first().map_or_else(String::new, |d| {
            let country = d.issuing_country.as_deref().unwrap_or("?");
            format!(", {} {} ({country})", d.doc_type, d.number)
        });
        let born = p.birth_date.map_or_else(String::new, |d| format!(", born {d}"));
        out.push_str(&format!(
            "  {:>4}. {}, {}{born}{doc} [segments {}–{}]\n",
            i + 1,
            p.surname,
            p.given_names.as_deref().unwrap_or(""),
            p.segments[0],
            p.segments[1]
        ));
    }
}

fn issue_lines(out: &mut String, label: &str, issues: &[Issue]) {
    for i in issues {
        out.push_str(&format!("{label}: {i}\n"));
    }
}

/// The human summary: envelope, each message with its flights and persons, then errors and warnings.
fn summary(r: &Report) -> String {
    let mut out = String::new();
    let ic = &r.interchange;
    let prepared = ic.prepared.map_or_else(String::new, |t| format!(", prepared {t}"));
    out.push_str(&format!(
        "interchange {} from {} to {} ({}:{}{prepared}), {} message(s)\n",
        ic.control_reference,
        ic.sender,
        ic.recipient,
        ic.syntax,
        ic.syntax_version,
        r.messages.len()
    ));
    for m in &r.messages {
        message_lines(&mut out, m);
    }
    issue_lines(&mut out, "error", &r.errors);
    issue_lines(&mut out, "warning", &r.warnings);
    let verdict = if r.errors.is_empty() { "accepted" } else { "refused" };
    out.push_str(&format!("{verdict}: {} error(s), {} warning(s)\n", r.errors.len(), r.warnings.len()));
    out
}

fn make(args: MakeArgs) -> ExitCode {
    let bytes = match read_input(&args.file) {
        Ok(b) => b,
        Err(e) => return usage(e),
    };
    let manifest: ManifestJson = match serde_json::from_slice(&bytes) {
        Ok(m) => m,
        Err(e) => {
            return usage(format_args!(
                "{}: not a manifest (line {}, column {}): {e}",
                args.file.display(),
                e.line(),
                e.column()
            ));
        }
    };
    match paxlst::make(&manifest) {
        Ok(text) => match emit(&(text + "\n")) {
            Ok(()) => ExitCode::SUCCESS,
            Err(code) => code,
        },
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}
