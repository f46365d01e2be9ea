//! `guomen demo`: a fresh data directory with synthetic data (never real people), then serve it.
//!
//! The demo directory is wiped and reseeded on every run, but only if it carries the demo marker file, so
//! the command can never delete a real installation's data.

mod seed;

use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use domain::Principal;
use web::api::accounts::{self, UserInput};

use crate::cli::{DemoArgs, Global};
use crate::config::Settings;

const MARKER: &str = "GUOMEN-DEMO-DATA";
/// The one password of every demo account (synthetic accounts on a local demo only).
pub const DEMO_PASSWORD: &str = "guomen-demo-2026";

/// A demo account: (username, display name, role, ports, office, carrier, partner).
type DemoAccount = (
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
    Option<&'static str>,
    Option<&'static str>,
    Option<&'static str>,
);

const ACCOUNTS: &[DemoAccount] = &[
    ("admin", "系统管理员 Admin", "admin", &[], None, None, None),
    ("supervisor", "督察 Supervisor", "supervisor", &[], None, None, None),
    ("officer.pvg", "浦东边检 Officer PVG", "officer", &["PVG"], None, None, None),
    ("officer.pek", "首都边检 Officer PEK", "officer", &["PEK"], None, None, None),
    ("analyst", "统计分析 Analyst", "analyst", &[], None, None, None),
    ("investigator", "调查员 Investigator", "investigator", &[], None, None, None),
    ("clerk", "窗口受理 Clerk", "clerk", &[], Some("SH-PUDONG-EEA"), None, None),
    ("carrier.mu", "Carrier MU", "carrier", &[], None, Some("MU"), None),
];

#[allow(clippy::print_stdout)]
pub async fn run(global: &Global, args: DemoArgs) -> Result<ExitCode> {
    let mut settings = Settings::resolve(global, args.listen.as_deref(), false)?;
    if settings.database_url.is_some() {
        bail!("the demo runs on the embedded SQLite database; drop --database-url");
    }
    if global.data.is_none() {
        settings.data = "guomen-demo".into();
    }
    crate::init_logging(&settings.log_format);
    prepare_dir(&settings.data)?;
    let store = settings.open_store().await?;
    seed_accounts(&store).await?;
    let app = crate::serve::build_app(&settings, store).await?;
    let started = std::time::Instant::now();
    let s = seed::seed(&app, args.days, jiff::Timestamp::now()).await?;
    println!(
        "guomen demo data seeded in {} ({:.1} s): {} accounts, {} watchlist entries, {} inspections ({} cleared, {} referred), {} conveyance crossings",
        settings.data.display(),
        started.elapsed().as_secs_f64(),
        ACCOUNTS.len(),
        s.watchlist,
        s.inspections,
        s.cleared,
        s.referred,
        s.conveyances
    );
    if args.no_serve {
        return Ok(ExitCode::SUCCESS);
    }
    crate::serve::serve_app(&settings, app, |url| {
        println!();
        println!("  guomen 国门 demo is running at {url}");
        println!("  sign in with any of these accounts, password {DEMO_PASSWORD}:");
        for (user, _, role, ports, ..) in ACCOUNTS {
            println!("    {user:<14} {role:<13} {}", ports.join(","));
        }
        println!("  press Ctrl-C to stop");
        println!();
    })
    .await?;
    Ok(ExitCode::SUCCESS)
}

fn prepare_dir(dir: &std::path::Path) -> Result<()> {
    if dir.exists() {
        let marker = dir.join(MARKER);
        let empty = std::fs::read_dir(dir).map(|mut d| d.next().is_none()).unwrap_or(false);
        if !marker.exists() && !empty {
            bail!(
                "{} exists and is not a demo directory; choose another with --data (the demo never deletes real data)",
                dir.display()
            );
        }
        std::fs::remove_dir_all(dir).with_context(|| format!("cannot clear {}", dir.display()))?;
    }
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    std::fs::write(
        dir.join(MARKER),
        "This directory holds synthetic guomen demo data and is reseeded by `guomen demo`.\n",
    )?;
    Ok(())
}

async fn seed_accounts(store: &store::Store) -> Result<()> {
    let actor = Principal::system("demo");
    let now = jiff::Timestamp::now();
    for (username, display, role, ports, office, carrier, partner) in ACCOUNTS {
        let input = UserInput {
            username: (*username).to_owned(),
            display_name: Some((*display).to_owned()),
            role: (*role).to_owned(),
            ports: ports.iter().map(|p| (*p).to_owned()).collect(),
            office: office.map(str::to_owned),
            carrier: carrier.map(str::to_owned),
            partner: partner.map(str::to_owned),
            password: DEMO_PASSWORD.to_owned(),
        };
        accounts::create_user(store, &actor, input, now).await?;
    }
    Ok(())
}
