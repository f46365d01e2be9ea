//! The command line: every option documented, each readable from the environment where that makes sense.
//! Options left unset fall back to the configuration file (`--config`), then to built-in defaults.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// guomen (国门): border clearance, travel documents, watchlist screening, entry rules and audit.
#[derive(Debug, Parser)]
#[command(name = "guomen", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command understands.
#[derive(Debug, Args)]
pub struct Global {
    /// TOML configuration file; flags and environment variables override what it says.
    #[arg(long, global = true, env = "GUOMEN_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Data directory holding the embedded SQLite database and the audit signing key [default: ./guomen-data].
    #[arg(long, global = true, env = "GUOMEN_DATA", value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// Use PostgreSQL (postgres://user@host/db) instead of the embedded SQLite database.
    #[arg(long, global = true, env = "GUOMEN_DATABASE_URL", value_name = "URL", hide_env_values = true)]
    pub database_url: Option<String>,
    /// Log format: `text` or `json` [default: text].
    #[arg(long, global = true, env = "GUOMEN_LOG_FORMAT", value_name = "FORMAT")]
    pub log_format: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the HTTP server (API, console, public pages).
    Serve(ServeArgs),
    /// Seed a fresh data directory with synthetic demo data and serve it.
    Demo(DemoArgs),
    /// Manage user accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage API tokens for machines (e-gates, carriers, partner agencies).
    #[command(subcommand)]
    Token(TokenCommand),
    /// Verify and checkpoint the tamper-evident audit trail.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Benchmark support: load a national-scale synthetic history into the store.
    #[command(subcommand)]
    Bench(BenchCommand),
    /// Remove records older than their retention period (configured under `[retention]`); audited.
    Purge {
        /// Report what would be removed without removing it.
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        json: bool,
    },
    /// Entry rules: check a journey, compute an overstay, lint a rule set, simulate a draft.
    #[command(subcommand)]
    Policy(crate::policy_cmd::PolicyCommand),
    /// Travel documents: read and check machine-readable zones (ICAO 9303), or write one.
    #[command(subcommand)]
    Mrz(crate::mrz_cmd::MrzCommand),
    /// Passenger and crew manifests: read and check a UN/EDIFACT PAXLST interchange, or write one.
    #[command(subcommand)]
    Paxlst(crate::paxlst_cmd::PaxlstCommand),
    /// Screen a person, or a batch of queries, against watchlist files: explained hits. Exit 0 no hit,
    /// 1 a hit, 2 bad input.
    Screen(Box<crate::screen_cmd::ScreenArgs>),
    /// Watchlists in the store: import a file (CSV, JSON Lines, FollowTheMoney), list, remove an entry.
    #[command(subcommand)]
    Watchlist(crate::screen_cmd::WatchlistCommand),
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on [default: 127.0.0.1:8080].
    #[arg(long, env = "GUOMEN_LISTEN", value_name = "ADDR")]
    pub listen: Option<String>,
    /// Mark cookies Secure and send HSTS: set when guomen is reached over TLS (e.g. behind a TLS proxy).
    #[arg(long, env = "GUOMEN_TLS")]
    pub tls: bool,
    /// Entry rules: the rule-set directory to load at start (every *.toml in it) [default: the shipped China
    /// set]. A rule set that does not load stops the start with every problem's file:line:col.
    #[arg(long, env = "GUOMEN_RULES", value_name = "DIR")]
    pub rules: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Address to listen on [default: 127.0.0.1:8080].
    #[arg(long, env = "GUOMEN_LISTEN", value_name = "ADDR")]
    pub listen: Option<String>,
    /// Seed only, do not serve.
    #[arg(long)]
    pub no_serve: bool,
    /// Days of synthetic crossings to generate.
    #[arg(long, default_value_t = 7)]
    pub days: u32,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account; the password is read from standard input.
    Add {
        #[arg(long)]
        username: String,
        /// admin, supervisor, officer, egate, carrier, clerk, applicant, analyst, investigator or partner.
        #[arg(long)]
        role: String,
        /// Port the account is scoped to (officers); repeat for several.
        #[arg(long = "port", value_name = "PORT")]
        ports: Vec<String>,
        /// Office the account is scoped to (clerks).
        #[arg(long)]
        office: Option<String>,
        /// Carrier the account is scoped to (carriers).
        #[arg(long)]
        carrier: Option<String>,
        /// Data-sharing agreement the account is scoped to (partners).
        #[arg(long)]
        partner: Option<String>,
        /// Name shown in the console.
        #[arg(long)]
        display_name: Option<String>,
        /// Read the password from standard input (required: passwords never go on the command line).
        #[arg(long, required = true)]
        password_stdin: bool,
    },
    /// List accounts.
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create a token and print its secret once.
    Create {
        #[arg(long)]
        role: String,
        #[arg(long = "port", value_name = "PORT")]
        ports: Vec<String>,
        #[arg(long)]
        office: Option<String>,
        #[arg(long)]
        carrier: Option<String>,
        #[arg(long)]
        partner: Option<String>,
        /// A name to recognise and revoke the token by.
        #[arg(long)]
        name: Option<String>,
        /// Lifetime such as 30d, 12h or 90m; without it the token does not expire.
        #[arg(long)]
        expires: Option<String>,
    },
    /// Revoke a token by id or name.
    Revoke {
        /// The token's id or name.
        id_or_name: String,
    },
    /// List tokens (never their secrets).
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check the hash chain and the signed checkpoints: exit 0 when intact, 1 naming the first broken record.
    Verify {
        /// Hex Ed25519 public key checkpoints must be signed with [default: the data directory's key].
        #[arg(long)]
        trusted_key: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Sign a checkpoint over the current head of the chain now.
    Checkpoint,
}

#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Load millions of synthetic earlier movements (closed history) straight into the store.
    SeedHistory(crate::bench_cmd::SeedHistoryArgs),
}
