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
    let config = web::WebConfig {
        retention: settings.retention.clone(),
        tls: settings.tls,
        session_ttl: SignedDuration::from_hours(settings.session_hours),
        ..web::WebConfig::default()
    };
    let app = web::App::new(store, rules, Arc::new(web::SystemClock), config);
    // The watchlist index, from the stored lists (with the store versions dispositions refer to).
    let loaded = web::api::watchlists::load(&app).await.context("the watchlist index does not build")?;
    tracing::info!(
        entries = loaded.entries,
        lists = loaded.lists,
        ms = loaded.millis,
        "watchlist index built"
    );
    Ok(app)
}

/// How often the server looks for watchlist changes made by another process.
pub const WATCHLIST_REFRESH: std::time::Duration = std::time::Duration::from_secs(5);

/// Binds the listening socket and serves `app` until a shutdown signal.
pub async fn serve_app(settings: &Settings, app: web::App, announce: impl FnOnce(&str)) -> Result<()> {
    let listener = tokio::net::TcpListener::bind(&settings.listen)
        .await
        .with_context(|| format!("cannot listen on {}", settings.listen))?;
    let addr = listener.local_addr()?;
    tracing::info!(backend = app.store.backend().as_str(), %addr, "listening");
    if settings.purge_every_hours > 0 {
        tokio::spawn(purge_periodically(app.clone(), settings.purge_every_hours));
    }
    let scheme = if settings.tls { "https" } else { "http" };
    announce(&format!("{scheme}://{addr}/"));
    // Watchlist changes other processes make in the store (`guomen watchlist import`) reach the index
    // within this interval; the server's own changes are applied at once.
    let follower = tokio::spawn(web::api::watchlists::keep_current(app.clone(), WATCHLIST_REFRESH));
    let served = web::serve(listener, app, shutdown_signal()).await;
    follower.abort();
    served.context("the server stopped with an error")?;
    tracing::info!("stopped");
    Ok(())
}

/// Applies the retention periods every `hours` (the first purge an hour after start).
async fn purge_periodically(app: web::App, hours: u64) {
    let mut next = std::time::Duration::from_secs(3600);
    loop {
        tokio::time::sleep(next).await;
        next = std::time::Duration::from_secs(hours * 3600);
        let actor = domain::Principal::system("retention");
        match app.store.purge(&actor, &app.config.retention, app.clock.now(), false).await {
            Ok(r) => tracing::info!(
                inspections = r.inspections,
                movements = r.movements,
                travellers = r.travellers,
                manifests = r.manifests,
                sessions = r.sessions,
                "retention purge"
            ),
            Err(e) => tracing::error!(error = %e, "retention purge failed"),
        }
    }
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
