//! Prints the JSON report of a PAXLST file: `cargo run -p paxlst --example paxlst_json -- FILE [--strict] [YYYY-MM-DD]`.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: paxlst_json FILE [--strict] [YYYY-MM-DD]");
        return ExitCode::from(2);
    };
    let strict = args.iter().any(|a| a == "--strict");
    let today = args
        .iter()
        .skip(1)
        .find_map(|a| a.parse::<jiff::civil::Date>().ok())
        .unwrap_or(jiff::civil::date(2026, 1, 1));
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::from(2);
        }
    };
    let report = paxlst::parse(&bytes, &paxlst::Options { strict, today });
    match serde_json::to_string_pretty(&report) {
        Ok(json) => {
            #[allow(clippy::print_stdout)]
            {
                println!("{json}");
            }
        }
        Err(e) => eprintln!("{e}"),
    }
    if report.errors.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) }
}
