//! The guomen binary: parses the command line and wires the library crates together. Glue only — every
//! decision lives in the library crates.

/// mimalloc rather than the system allocator: a server answering thousands of inspections a second
/// allocates and frees small JSON and query buffers from every thread, where glibc's malloc spent about a
/// tenth of the server's CPU (measured with perf under load; see docs/benchmarks.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod admin;
mod bench_cmd;
mod cli;
mod config;
mod demo;
mod mrz_cmd;
mod paxlst_cmd;
mod policy_cmd;
mod screen_cmd;
mod serve;

use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Serve(args) => serve::run(&cli.global, args).await,
        Command::Demo(args) => demo::run(&cli.global, args).await,
        Command::User(cmd) => admin::user(&cli.global, cmd).await,
        Command::Token(cmd) => admin::token(&cli.global, cmd).await,
        Command::Audit(cmd) => admin::audit(&cli.global, cmd).await,
        Command::Bench(cli::BenchCommand::SeedHistory(args)) => {
            bench_cmd::seed_history(&cli.global, args).await
        }
        Command::Purge { dry_run, json } => admin::purge(&cli.global, dry_run, json).await,
        // Pure computations on files: no store, no logging set-up, exit statuses of their own.
        Command::Policy(cmd) => Ok(policy_cmd::run(&cli.global, cmd)),
        // Text in, reports out: no store, no logging set-up.
        Command::Mrz(cmd) => Ok(mrz_cmd::run(cmd)),
        // An interchange in, a report or an interchange out: no store, no logging set-up.
        Command::Paxlst(cmd) => Ok(paxlst_cmd::run(cmd)),
        // Watchlist files in, hits out: no store, exit statuses of its own.
        Command::Screen(args) => Ok(screen_cmd::screen(*args)),
        Command::Watchlist(cmd) => screen_cmd::watchlist(&cli.global, cmd).await,
    }
}

/// Sets up structured logging (text or JSON lines) filtered by `GUOMEN_LOG` (default `info`).
pub fn init_logging(format: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("GUOMEN_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_target(false);
    let _ = if format == "json" { builder.json().try_init() } else { builder.compact().try_init() };
}
