//! Configuration: built-in defaults, then the TOML file, then environment variables and flags (which clap
//! has already merged), each layer overriding the one before.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde::Deserialize;

use crate::cli::Global;

/// What the TOML file may say. Every key is optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub data: Option<PathBuf>,
    pub database_url: Option<String>,
    pub listen: Option<String>,
    pub tls: Option<bool>,
    pub log_format: Option<String>,
    /// Hours a console sign-in lasts.
    pub session_hours: Option<i64>,
    /// Sign an audit checkpoint after this many records.
    pub checkpoint_every: Option<u64>,
    /// The entry-rule set directory (every *.toml in it); the shipped China set if absent.
    pub rules: Option<PathBuf>,
    /// Retention periods in days per record type, and how often the server purges.
    pub retention: Option<RetentionConfig>,
}

/// `[retention]` in the TOML file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetentionConfig {
    /// Days after expiry (default 30); a negative number keeps them for ever.
    pub sessions_days: Option<i64>,
    /// Days (default 1825).
    pub inspections_days: Option<i64>,
    /// Days (default 1825); an open stay's entry is never purged.
    pub movements_days: Option<i64>,
    /// Days (default 365).
    pub manifests_days: Option<i64>,
    /// Hours between the server's purges (default 24; 0 disables the periodic purge).
    pub every_hours: Option<u64>,
}

impl RetentionConfig {
    fn periods(&self) -> store::Retention {
        let d = store::Retention::default();
        let pick = |v: Option<i64>, default: Option<i64>| match v {
            Some(n) if n < 0 => None,
            Some(n) => Some(n),
            None => default,
        };
        store::Retention {
            sessions_days: pick(self.sessions_days, d.sessions_days),
            inspections_days: pick(self.inspections_days, d.inspections_days),
            movements_days: pick(self.movements_days, d.movements_days),
            manifests_days: pick(self.manifests_days, d.manifests_days),
        }
    }
}

/// The resolved settings.
#[derive(Debug, Clone)]
pub struct Settings {
    pub data: PathBuf,
    pub database_url: Option<String>,
    pub listen: String,
    pub tls: bool,
    pub log_format: String,
    pub session_hours: i64,
    pub checkpoint_every: u64,
    /// The entry-rule set directory; `None` is the shipped China set.
    pub rules: Option<PathBuf>,
    pub retention: store::Retention,
    /// Hours between the server's purges; 0 disables it.
    pub purge_every_hours: u64,
}

impl Settings {
    /// Merges the layers. `listen` and `tls` come from the command's own flags.
    pub fn resolve(global: &Global, listen: Option<&str>, tls: bool) -> Result<Settings> {
        let file = match &global.config {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .with_context(|| format!("cannot read the configuration file {}", path.display()))?;
                toml::from_str::<FileConfig>(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?
            }
            None => FileConfig::default(),
        };
        let log_format = global.log_format.clone().or(file.log_format).unwrap_or_else(|| "text".into());
        if !matches!(log_format.as_str(), "text" | "json") {
            bail!("log format must be text or json, not {log_format:?}");
        }
        Ok(Settings {
            data: global.data.clone().or(file.data).unwrap_or_else(|| PathBuf::from("guomen-data")),
            database_url: global.database_url.clone().or(file.database_url),
            listen: listen.map(str::to_owned).or(file.listen).unwrap_or_else(|| "127.0.0.1:8080".into()),
            tls: tls || file.tls.unwrap_or(false),
            log_format,
            session_hours: file.session_hours.unwrap_or(10).clamp(1, 24 * 30),
            checkpoint_every: file.checkpoint_every.unwrap_or(1000).max(1),
            rules: file.rules,
            retention: file.retention.as_ref().map(RetentionConfig::periods).unwrap_or_default(),
            purge_every_hours: file.retention.as_ref().and_then(|r| r.every_hours).unwrap_or(24),
        })
    }

    /// Where the data lives.
    pub fn location(&self) -> Result<store::Location> {
        match &self.database_url {
            Some(url) => store::Location::from_url(url).map_err(|e| anyhow::anyhow!("{e}")),
            None => Ok(store::Location::Sqlite(self.data.join("guomen.db"))),
        }
    }

    /// Opens the store, creating the data directory and the audit signing key on first use.
    pub async fn open_store(&self) -> Result<store::Store> {
        let key = audit_key(&self.data)?;
        store::Store::open(store::StoreConfig {
            location: self.location()?,
            audit_signing_key: Some(key),
            checkpoint_every: self.checkpoint_every,
        })
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))
    }
}

/// Reads (or creates, with mode 0600) the Ed25519 seed that signs audit checkpoints.
pub fn audit_key(data: &Path) -> Result<[u8; 32]> {
    let path = data.join("audit-signing.key");
    if let Ok(text) = std::fs::read_to_string(&path) {
        let bytes = hex::decode(text.trim()).with_context(|| format!("{} is not hex", path.display()))?;
        return bytes.try_into().map_err(|_| anyhow::anyhow!("{} must hold 32 bytes", path.display()));
    }
    std::fs::create_dir_all(data).with_context(|| format!("cannot create {}", data.display()))?;
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
    write_private(&path, &hex::encode(seed))?;
    Ok(seed)
}

fn write_private(path: &Path, text: &str) -> Result<()> {
    use std::io::Write;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts.open(path).with_context(|| format!("cannot create {}", path.display()))?;
    f.write_all(text.as_bytes())?;
    f.sync_all()?;
    Ok(())
}
