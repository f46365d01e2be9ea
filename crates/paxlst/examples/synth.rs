//! Writes a synthetic PAXLST interchange to a file, for demos and the pydifact comparison:
//! `cargo run --release -p paxlst --example synth -- OUT [MESSAGES] [PERSONS] [--no-groups]`.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(out) = args.first() else {
        eprintln!("usage: synth OUT [MESSAGES] [PERSONS] [--no-groups]");
        return ExitCode::from(2);
    };
    let numbers: Vec<usize> = args.iter().skip(1).filter_map(|a| a.parse().ok()).collect();
    let options = paxlst::synth::SynthOptions {
        seed: 2026,
        messages: numbers.first().copied().unwrap_or(250),
        persons_per_message: numbers.get(1).copied().unwrap_or(500),
        groups: !args.iter().any(|a| a == "--no-groups"),
        ..Default::default()
    };
    let text = paxlst::synth::text(&paxlst::synth::interchange(&options));
    if let Err(e) = std::fs::write(out, &text) {
        eprintln!("{out}: {e}");
        return ExitCode::from(2);
    }
    eprintln!("{out}: {} bytes", text.len());
    ExitCode::SUCCESS
}
