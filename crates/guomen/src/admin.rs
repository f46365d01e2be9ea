//! `guomen user …`, `guomen token …`, `guomen audit …`: administration straight on the store, with the
//! same rules and audit as the API (the acts are recorded as done by `system:cli`).

use std::io::Read;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use domain::Principal;
use web::api::accounts::{self, TokenInput, UserInput};

use crate::cli::{AuditCommand, Global, TokenCommand, UserCommand};
use crate::config::Settings;

fn cli_actor() -> Principal {
    Principal::system("cli")
}

#[allow(clippy::print_stdout)]
pub async fn user(global: &Global, cmd: UserCommand) -> Result<ExitCode> {
    let settings = Settings::resolve(global, None, false)?;
    let store = settings.open_store().await?;
    match cmd {
        UserCommand::Add {
            username,
            role,
            ports,
            office,
            carrier,
            partner,
            display_name,
            password_stdin,
        } => {
            if !password_stdin {
                bail!("pass --password-stdin and the password on standard input");
            }
            let mut password = String::new();
            std::io::stdin()
                .read_to_string(&mut password)
                .context("cannot read the password from standard input")?;
            let password = password.trim_end_matches(['\n', '\r']).to_owned();
            let input = UserInput { username, display_name, role, ports, office, carrier, partner, password };
            let user = accounts::create_user(&store, &cli_actor(), input, jiff::Timestamp::now()).await?;
            println!("created user {} ({}, role {})", user.username, user.id, user.role);
        }
        UserCommand::List { json } => {
            let users = store.users().await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&users)?);
            } else {
                for u in users {
                    let scope = u.scope.post().unwrap_or("-");
                    println!(
                        "{:<24} {:<13} {:<12} {}",
                        u.username,
                        u.role.as_str(),
                        scope,
                        if u.disabled { "disabled" } else { "" }
                    );
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[allow(clippy::print_stdout)]
pub async fn token(global: &Global, cmd: TokenCommand) -> Result<ExitCode> {
    let settings = Settings::resolve(global, None, false)?;
    let store = settings.open_store().await?;
    let now = jiff::Timestamp::now();
    match cmd {
        TokenCommand::Create { role, ports, office, carrier, partner, name, expires } => {
            let input = TokenInput { name, role, ports, office, carrier, partner, expires };
            let (token, secret) = accounts::create_token(&store, &cli_actor(), input, now).await?;
            eprintln!(
                "created token {} ({}, role {}{}); the secret below is shown only now:",
                token.name,
                token.id,
                token.role,
                token.expires_at.map(|e| format!(", expires {e}")).unwrap_or_default()
            );
            println!("{secret}");
        }
        TokenCommand::Revoke { id_or_name } => {
            let t = store
                .revoke_token(&cli_actor(), &id_or_name, now)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!("revoked token {} ({})", t.name, t.id);
        }
        TokenCommand::List { json } => {
            let tokens = store.tokens().await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&tokens)?);
            } else {
                for t in tokens {
                    let state = if t.revoked_at.is_some() {
                        "revoked"
                    } else if t.is_live(now) {
                        "live"
                    } else {
                        "expired"
                    };
                    println!("{:<28} {:<13} {:<8} {}", t.name, t.role.as_str(), state, t.id);
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[allow(clippy::print_stdout)]
pub async fn audit(global: &Global, cmd: AuditCommand) -> Result<ExitCode> {
    let settings = Settings::resolve(global, None, false)?;
    let store = settings.open_store().await?;
    match cmd {
        AuditCommand::Verify { trusted_key, json } => {
            let v = store.verify_audit(trusted_key.as_deref()).await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&v)?);
            } else if let Some(b) = &v.first_break {
                println!("BROKEN at audit record {}: {}", b.seq, b.reason);
                println!("({} records verified before it, {} checkpoints)", v.records, v.checkpoints);
            } else {
                println!(
                    "audit chain intact: {} records, {} signed checkpoints, head {}",
                    v.records, v.checkpoints, v.head
                );
            }
            Ok(if v.ok() { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
        AuditCommand::Checkpoint => {
            match store.audit_checkpoint(jiff::Timestamp::now()).await? {
                Some(seq) => println!("signed a checkpoint at record {seq}"),
                None => println!("the audit trail is empty; nothing to sign"),
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

#[allow(clippy::print_stdout)]
pub async fn purge(global: &Global, dry_run: bool, json: bool) -> Result<ExitCode> {
    let settings = Settings::resolve(global, None, false)?;
    let store = settings.open_store().await?;
    let report = store.purge(&cli_actor(), &settings.retention, jiff::Timestamp::now(), dry_run).await?;
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        let verb = if dry_run { "would remove" } else { "removed" };
        println!(
            "{verb}: {} inspections, {} movements, {} closed stays, {} documents, {} travellers, {} manifests, {} sessions",
            report.inspections,
            report.movements,
            report.stays,
            report.documents,
            report.travellers,
            report.manifests,
            report.sessions
        );
    }
    Ok(ExitCode::SUCCESS)
}
