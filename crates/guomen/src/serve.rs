//! `guomen serve`: open the store and serve the application until Ctrl-C or SIGTERM.

use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result};
use jiff::SignedDuration;

use crate::cli::{Global, ServeArgs};
use crate::config::Settings;

pub async fn run(global: &Global, args: ServeArgs) -> Result<ExitCode> {
    let mut settings = Settings::resolve(global, args.listen.as_deref(), args.tls)?;
    if let Some(dir) = args.rules {
        settings.rules = Some(dir);
    }
    crate::init_logging(&settings.log_format);
    let store = settings.open_store().await?;
    serve(settings, store, |url| tracing::info!(%url, "guomen is serving")).await?;
    Ok(ExitCode::SUCCESS)
}

/// Binds and serves; `announce` is told the URL once the socket is listening.
pub async fn serve(settings: Settings, store: store::Store, announce: impl FnOnce(&str)) -> Result<()> {
    let app = build_app(&settings, store).await?;
    serve_app(&settings, app, announce).await
}

/// The application over `store`: the rule set (refusing to start if it does not load) and the watchlist
/// index built from the stored lists.
pub async fn build_app(settings: &Settings, store: store::Store) -> Result<web::App> {
    // Rules first: a rule set that does not load must stop the start before the port is taken, with
    // every problem's file:line:col in the message.
    let rules = match &settings.rules {
        Some(dir) => crate::policy_cmd::load_rules(Some(dir))
            .map_err(|e| anyhow::anyhow!("the rule set in {} does not load: {e}", dir.display()))?,
        None => crate::policy_cmd::load_rules(None)
            .map_err(|e| anyhow::anyhow!("the shipped rule set does not load: {e}"))?,
    };
    tracing::info!(rules = rules.label(), draft = rules.meta().draft, "entry rules loaded");
    let rules = Arc::new(rules);
    let started = std::time::Instant::now();
    let stored = store.watchlist_entries().await?;
    let mut entries = Vec::with_capacity(stored.len());
    for e in stored {
        let entry: screening::Entry = serde_json::from_value(e.data)
            .with_context(|| format!("watchlist entry {}/{} does not load", e.list, e.id))?;
        entries.push(entry);
    }
    let index = screening::Index::build(entries).map_err(|e| anyhow::anyhow!("watchlist index: {e}"))?;
    tracing::info!(entries = index.len(), ms = started.elapsed().as_millis() as u64, "watchlist index built");
    let config = web::WebConfig {
        tls: settings.tls,
        session_ttl: SignedDuration::from_hours(settings.session_hours),
        ..web::WebConfig::default()
    };
    let app = web::App::new(store, rules, Arc::new(web::SystemClock), config);
    app.set_watchlist(index);
    Ok(app)
}

/// Binds the listening socket and serves `app` until a shutdown signal.
pub async fn serve_app(settings: &Settings, app: web::App, announce: impl FnOnce(&str)) -> Result<()> {
    let listener = tokio::net::TcpListener::bind(&settings.listen)
        .await
        .with_context(|| format!("cannot listen on {}", settings.listen))?;
    let addr = listener.local_addr()?;
    tracing::info!(backend = app.store.backend().as_str(), %addr, "listening");
    let scheme = if settings.tls { "https" } else { "http" };
    announce(&format!("{scheme}://{addr}/"));
    web::serve(listener, app, shutdown_signal()).await.context("the server stopped with an error")?;
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
