//! `guomen serve`: open the store and serve the application until Ctrl-C or SIGTERM.

use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result};
use jiff::SignedDuration;

use crate::cli::{Global, ServeArgs};
use crate::config::Settings;

pub async fn run(global: &Global, args: ServeArgs) -> Result<ExitCode> {
    let settings = Settings::resolve(global, args.listen.as_deref(), args.tls)?;
    crate::init_logging(&settings.log_format);
    let store = settings.open_store().await?;
    serve(settings, store, |url| tracing::info!(%url, "guomen is serving")).await?;
    Ok(ExitCode::SUCCESS)
}

/// Binds and serves; `announce` is told the URL once the socket is listening.
pub async fn serve(settings: Settings, store: store::Store, announce: impl FnOnce(&str)) -> Result<()> {
    let listener = tokio::net::TcpListener::bind(&settings.listen)
        .await
        .with_context(|| format!("cannot listen on {}", settings.listen))?;
    let addr = listener.local_addr()?;
    tracing::info!(backend = store.backend().as_str(), %addr, "listening");
    let config = web::WebConfig {
        tls: settings.tls,
        session_ttl: SignedDuration::from_hours(settings.session_hours),
        ..web::WebConfig::default()
    };
    let rules = Arc::new(
        policy::RuleSet::china().map_err(|e| anyhow::anyhow!("the shipped rule set does not load: {e}"))?,
    );
    let app = web::App::new(store, rules, Arc::new(web::SystemClock), config);
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
