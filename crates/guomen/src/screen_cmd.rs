//! `guomen screen` (a person, or a batch of queries, against watchlist files) and `guomen watchlist
//! import|list|remove` (the lists in the server's store).
//!
//! Exit status of `guomen screen`, chosen so that a script can branch on "is there a hit?" the way it does
//! on `guomen policy check`'s "admissible?":
//! - 0: no hit (for a batch: no query has a hit);
//! - 1: at least one hit — the officer has something to look at;
//! - 2: could not screen at all — bad arguments, an unreadable or malformed list or queries file.
//!
//! Exit status of `guomen watchlist import`: 0 imported; 1 refused (bad lines, each printed with its line
//! number and reason, or ids another list holds) — nothing was changed; 2 bad arguments or an unreadable
//! file. `watchlist remove` exits 1 when there is no such entry.
//!
//! The format of a file is guessed from its name when `--format` is absent: `.csv` is CSV, `.jsonl`,
//! `.ndjson` and `.json` are JSON Lines, and `.ftm`, `.ftm.json` and `.ftm.jsonl` (OpenSanctions'
//! `entities.ftm.json`) are FollowTheMoney.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Result;
use clap::{Args, Subcommand};
use jiff::civil::Date;
use screening::{
    BatchLine, BatchQuery, Entry, ImportFormat, ImportOptions, Index, LatencySummary, MatchConfig, Query,
    RowError, ScreenContext, Screening, ScreeningError,
};

use crate::cli::Global;
use crate::config::Settings;

#[derive(Debug, Args)]
pub struct ScreenArgs {
    /// A watchlist file to screen against; repeat for several (entry ids must be unique across them).
    #[arg(long = "list", value_name = "FILE", required = true)]
    pub lists: Vec<PathBuf>,
    /// Format of the list files: csv, jsonl or ftm [default: from each file's name].
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<String>,
    /// The person's name, in any script and order (an MRZ name field SURNAME<<GIVEN is recognised).
    #[arg(long, required_unless_present_any = ["document", "queries"])]
    pub name: Option<String>,
    /// Birth date: 1980-03-02, 1980-03, 1980 or a range 1978..1982.
    #[arg(long, value_name = "DATE", value_parser = birth_date)]
    pub birth_date: Option<screening::BirthDate>,
    /// Sex: M, F or X.
    #[arg(long, value_parser = sex)]
    pub sex: Option<screening::Sex>,
    /// Nationality, as an ICAO code (or ISO alpha-2).
    #[arg(long, value_name = "CODE")]
    pub nationality: Option<String>,
    /// Travel document number.
    #[arg(long, value_name = "NUMBER")]
    pub document: Option<String>,
    /// A batch: a CSV file with the header id,name,birth_date,sex,nationality,document_number; one JSON line
    /// (or block of text) per query.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["name", "birth_date", "sex", "nationality", "document"])]
    pub queries: Option<PathBuf>,
    /// Report hits at or above this score (0–1) [default: the matcher's, 0.8 unless configured otherwise].
    #[arg(long, value_name = "SCORE", value_parser = threshold)]
    pub threshold: Option<f64>,
    /// The day of screening: entries outside their validity window are left out [default: today in China].
    #[arg(long, value_name = "DATE", value_parser = day)]
    pub as_of: Option<Date>,
    /// Print JSON: `{"hits":[…]}`, or for a batch one line `{"query_id":…,"hits":[…]}` per query.
    #[arg(long)]
    pub json: bool,
    /// Print on standard error how long the index took to build and each query took (median, p99).
    #[arg(long)]
    pub stats: bool,
}

#[derive(Debug, Subcommand)]
pub enum WatchlistCommand {
    /// Load a watchlist file into the store (the data directory, or --database-url): all or nothing; a
    /// running server applies the change within seconds. Exit 0 imported, 1 refused, 2 bad arguments.
    Import(ImportArgs),
    /// The stored lists with their versions and sizes.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Remove one entry from a list (audited). Exit 1 when there is no such entry.
    Remove {
        /// The list.
        list: String,
        /// The entry's id.
        id: String,
    },
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The file: CSV (id,names,birth_date,sex,nationalities,document_numbers,alert_type,action,valid_from,
    /// valid_to,list; several values separated by |), JSON Lines with the same fields, or FollowTheMoney.
    pub file: PathBuf,
    /// Put every entry on this list [default: each row's `list`; required for FollowTheMoney files].
    #[arg(long, value_name = "NAME")]
    pub list: Option<String>,
    /// csv, jsonl or ftm [default: from the file's name].
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<String>,
    /// The file is each named list's new version: entries it lacks are removed (the default).
    #[arg(long, conflicts_with = "merge")]
    pub replace: bool,
    /// Only add and change entries; entries the file lacks stay.
    #[arg(long)]
    pub merge: bool,
    /// For FollowTheMoney files: the entries' alert type [default: entry-ban].
    #[arg(long, value_name = "TYPE")]
    pub alert_type: Option<String>,
    /// For FollowTheMoney files: the entries' action [default: refer].
    #[arg(long, value_name = "ACTION")]
    pub action: Option<String>,
    /// Print the counts as JSON.
    #[arg(long)]
    pub json: bool,
}

fn birth_date(s: &str) -> Result<screening::BirthDate, String> {
    s.parse().map_err(|e: ScreeningError| e.to_string())
}

fn sex(s: &str) -> Result<screening::Sex, String> {
    s.parse().map_err(|e: ScreeningError| e.to_string())
}

fn threshold(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(t) if (0.0..=1.0).contains(&t) => Ok(t),
        _ => Err(format!("{s:?} is not a score between 0 and 1")),
    }
}

fn day(s: &str) -> Result<Date, String> {
    s.parse().map_err(|_| format!("{s:?} is not a date (YYYY-MM-DD)"))
}

/// The format of `path`: `--format` if given, else from the name.
pub fn format_for(path: &Path, given: Option<&str>) -> Result<ImportFormat, String> {
    if let Some(f) = given {
        return f.parse().map_err(|_| format!("--format {f:?} is not one of csv, jsonl, ftm"));
    }
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("").to_ascii_lowercase();
    let ftm = [".ftm", ".ftm.json", ".ftm.jsonl"];
    if ftm.iter().any(|x| name.ends_with(x)) {
        Ok(ImportFormat::Ftm)
    } else if name.ends_with(".csv") {
        Ok(ImportFormat::Csv)
    } else if [".jsonl", ".ndjson", ".json"].iter().any(|x| name.ends_with(x)) {
        Ok(ImportFormat::JsonLines)
    } else {
        Err(format!(
            "cannot tell the format of {} from its name; pass --format csv, jsonl or ftm",
            path.display()
        ))
    }
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// Every bad line of a refused file, as `FILE:LINE: reason`.
#[allow(clippy::print_stderr)]
fn print_rows(path: &Path, rows: &[RowError]) {
    for r in rows {
        eprintln!("{}:{}: {}", path.display(), r.line, r.reason);
    }
}

/// Reads one list file: its entries, or a message (every bad line already printed).
#[allow(clippy::print_stderr)]
fn load_file(path: &Path, format: Option<&str>, options: &ImportOptions) -> Result<Vec<Entry>, String> {
    let format = format_for(path, format)?;
    let text = read(path)?;
    let mut options = options.clone();
    if format == ImportFormat::Ftm && options.list.is_none() {
        // FollowTheMoney entities name no list: the file's stem does.
        let stem = path.file_name().and_then(|n| n.to_str()).unwrap_or("ftm");
        options.list = Some(stem.split('.').next().unwrap_or("ftm").to_owned());
    }
    match screening::import(&text, format, &options) {
        Ok(i) => Ok(i.entries),
        Err(ScreeningError::Import(rows)) => {
            print_rows(path, &rows);
            Err(format!("{} is not a valid watchlist: {} bad line(s)", path.display(), rows.len()))
        }
        Err(e) => Err(format!("{}: {e}", path.display())),
    }
}

#[allow(clippy::print_stdout)]
fn print_human(label: &str, s: &Screening) {
    let mut out = std::io::stdout().lock();
    if s.hits.is_empty() {
        let _ = writeln!(out, "{label}no hit");
    } else {
        let _ = writeln!(out, "{label}{} hit(s)", s.hits.len());
    }
    for h in &s.hits {
        let _ = writeln!(
            out,
            "  {}  {:.3}  {} → {}  [{}]  matched {:?}",
            h.id,
            h.score,
            h.alert_type.as_str(),
            h.action.as_str(),
            h.list,
            h.matched_name
        );
        let _ = writeln!(out, "      {}", h.explanation.summary);
    }
}

/// `guomen screen`.
#[allow(clippy::print_stdout, clippy::print_stderr)]
pub fn screen(args: ScreenArgs) -> ExitCode {
    match run_screen(args) {
        Ok(true) => ExitCode::from(1),
        Ok(false) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

/// Screens; true when there was a hit.
#[allow(clippy::print_stdout, clippy::print_stderr)]
fn run_screen(args: ScreenArgs) -> Result<bool, String> {
    let parse_started = Instant::now();
    let mut entries = Vec::new();
    for path in &args.lists {
        entries.extend(load_file(path, args.format.as_deref(), &ImportOptions::default())?);
    }
    let parse_ms = parse_started.elapsed().as_secs_f64() * 1000.0;
    let build_started = Instant::now();
    let index = Index::build(entries).map_err(|e| format!("the lists cannot be screened together: {e}"))?;
    let build_ms = build_started.elapsed().as_secs_f64() * 1000.0;
    let mut config = MatchConfig::default();
    if let Some(t) = args.threshold {
        config.threshold = t;
        config.list_thresholds.clear();
    }
    let as_of = args.as_of.unwrap_or_else(|| web::api::mrz::today_in_china(jiff::Timestamp::now()));
    let ctx = ScreenContext { config: &config, as_of: Some(as_of), dispositions: None };
    let queries: Vec<BatchQuery> = match &args.queries {
        Some(path) => {
            let text = read(path)?;
            screening::parse_queries(&text).map_err(|e| match e {
                ScreeningError::Import(rows) => {
                    print_rows(path, &rows);
                    format!("{} is not a valid queries file: {} bad line(s)", path.display(), rows.len())
                }
                other => format!("{}: {other}", path.display()),
            })?
        }
        None => vec![BatchQuery {
            id: String::new(),
            query: Query {
                name: args.name.clone(),
                birth_date: args.birth_date,
                sex: args.sex,
                nationality: args.nationality.clone(),
                document_number: args.document.clone(),
                ..Query::default()
            },
        }],
    };
    let batch = args.queries.is_some();
    let mut latencies = Vec::with_capacity(queries.len());
    let mut any_hit = false;
    let mut out = std::io::stdout().lock();
    for q in &queries {
        let started = Instant::now();
        let result = index.screen(&q.query, &ctx);
        latencies.push(u64::try_from(started.elapsed().as_nanos()).unwrap_or(u64::MAX));
        any_hit |= !result.hits.is_empty();
        match (args.json, batch) {
            (true, true) => {
                let line =
                    serde_json::to_string(&BatchLine::new(&q.id, &result)).map_err(|e| e.to_string())?;
                let _ = writeln!(out, "{line}");
            }
            (true, false) => {
                let line = serde_json::to_string(&result).map_err(|e| e.to_string())?;
                let _ = writeln!(out, "{line}");
            }
            (false, true) => print_human(&format!("{}: ", q.id), &result),
            (false, false) => print_human("", &result),
        }
    }
    drop(out);
    if args.stats {
        let lat = LatencySummary::from_nanos(&latencies);
        if args.json {
            let stats = serde_json::json!({
                "index": {
                    "entries": index.len(), "spellings": index.vocabulary_len(),
                    "read_ms": parse_ms, "build_ms": build_ms,
                },
                "latency": lat,
            });
            eprintln!("{stats}");
        } else {
            eprintln!(
                "index: {} entries ({} spellings) from {} file(s): read in {parse_ms:.1} ms, built in {build_ms:.1} ms",
                index.len(),
                index.vocabulary_len(),
                args.lists.len()
            );
            eprintln!(
                "queries: {}, latency per query: median {:.1} µs, p99 {:.1} µs, max {:.1} µs",
                lat.queries, lat.p50_us, lat.p99_us, lat.max_us
            );
        }
    }
    Ok(any_hit)
}

fn cli_actor() -> domain::Principal {
    domain::Principal::system("cli")
}

/// `guomen watchlist …`.
#[allow(clippy::print_stdout, clippy::print_stderr)]
pub async fn watchlist(global: &Global, cmd: WatchlistCommand) -> Result<ExitCode> {
    match cmd {
        WatchlistCommand::Import(args) => import(global, args).await,
        WatchlistCommand::List { json } => {
            let store = Settings::resolve(global, None, false)?.open_store().await?;
            let lists = store.watchlists().await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&lists)?);
            } else if lists.is_empty() {
                println!("no watchlist");
            } else {
                for l in lists {
                    println!(
                        "{:<32} version {:<6} {:>9} entries  updated {}",
                        l.name, l.version, l.entries, l.updated_at
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        WatchlistCommand::Remove { list, id } => {
            let store = Settings::resolve(global, None, false)?.open_store().await?;
            match store.watchlist_remove(&cli_actor(), &list, &id, jiff::Timestamp::now()).await? {
                Some((_, version)) => {
                    println!("removed {id} from {list} (list version {version})");
                    Ok(ExitCode::SUCCESS)
                }
                None => {
                    eprintln!("error: there is no entry {id} on list {list}");
                    Ok(ExitCode::from(1))
                }
            }
        }
    }
}

#[allow(clippy::print_stdout, clippy::print_stderr)]
async fn import(global: &Global, args: ImportArgs) -> Result<ExitCode> {
    let usage = |m: String| {
        eprintln!("error: {m}");
        Ok(ExitCode::from(2))
    };
    let format = match format_for(&args.file, args.format.as_deref()) {
        Ok(f) => f,
        Err(m) => return usage(m),
    };
    if format == ImportFormat::Ftm && args.list.is_none() {
        return usage("FollowTheMoney entities name no list: pass --list NAME".into());
    }
    let mut options = ImportOptions { list: args.list.clone(), ..ImportOptions::default() };
    if let Some(a) = &args.alert_type {
        match a.parse() {
            Ok(t) => options.ftm_alert_type = t,
            Err(e) => return usage(format!("--alert-type: {e}")),
        }
    }
    if let Some(a) = &args.action {
        match a.parse() {
            Ok(t) => options.ftm_action = t,
            Err(e) => return usage(format!("--action: {e}")),
        }
    }
    let text = match read(&args.file) {
        Ok(t) => t,
        Err(m) => return usage(m),
    };
    let imported = match screening::import(&text, format, &options) {
        Ok(i) => i,
        Err(ScreeningError::Import(rows)) => {
            print_rows(&args.file, &rows);
            eprintln!("error: nothing was imported: {} bad line(s) in {}", rows.len(), args.file.display());
            return Ok(ExitCode::from(1));
        }
        Err(e) => return usage(format!("{}: {e}", args.file.display())),
    };
    let mut groups: BTreeMap<String, Vec<(String, serde_json::Value)>> = BTreeMap::new();
    for e in &imported.entries {
        groups.entry(e.list.clone()).or_default().push((e.id.clone(), serde_json::to_value(e)?));
    }
    if groups.is_empty() {
        match &args.list {
            // A file with no entries is the named list's new, empty version.
            Some(list) if !args.merge => {
                groups.insert(list.clone(), Vec::new());
            }
            _ => {
                println!("{} holds no entry; nothing changed", args.file.display());
                return Ok(ExitCode::SUCCESS);
            }
        }
    }
    if let Some(bad) = groups.keys().find(|l| !web::api::watchlists::valid_list_name(l)) {
        eprintln!(
            "error: nothing was imported: {bad:?} is not a list name (1–64 letters, digits, '.', '_' or '-')"
        );
        return Ok(ExitCode::from(1));
    }
    let mode = if args.merge { store::ImportMode::Merge } else { store::ImportMode::Replace };
    let store = Settings::resolve(global, None, false)?.open_store().await?;
    let done = match store
        .watchlist_import_lists(&cli_actor(), groups.into_iter().collect(), mode, jiff::Timestamp::now())
        .await
    {
        Ok(d) => d,
        Err(store::StoreError::Conflict(m) | store::StoreError::Invalid(m)) => {
            eprintln!("error: nothing was imported: {m}");
            return Ok(ExitCode::from(1));
        }
        Err(e) => return Err(e.into()),
    };
    if args.json {
        let lists: Vec<_> = done.iter().map(|d| &d.counts).collect();
        println!("{}", serde_json::json!({ "lists": lists, "skipped": imported.skipped }));
    } else {
        for d in &done {
            let c = &d.counts;
            println!(
                "{}: {} added, {} changed, {} removed, {} unchanged → version {}",
                c.list, c.added, c.changed, c.removed, c.unchanged, c.version
            );
        }
        if imported.skipped > 0 {
            println!("{} FollowTheMoney entities that are not persons were left out", imported.skipped);
        }
    }
    Ok(ExitCode::SUCCESS)
}
