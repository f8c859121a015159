//! Configuration: every setting is a flag and an environment variable; the defaults give an
//! embedded setup (SQLite file under `./data`, listening on 127.0.0.1:8080).

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::builder::BoolishValueParser;
use clap::{Args, Parser, Subcommand, ValueEnum};

/// Command line of the `atende` binary.
#[derive(Debug, Parser)]
#[command(name = "atende", version, about = "Atende customer-service chat server")]
pub struct Cli {
    #[command(flatten)]
    pub common: Common,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Settings every command needs.
#[derive(Debug, Clone, Args)]
pub struct Common {
    /// Database URL: `sqlite://path/to/file.db` or `postgres://user@host/db`.
    /// Empty means the embedded SQLite file `<data-dir>/atende.db`.
    #[arg(long, env = "DATABASE_URL", default_value = "", global = true)]
    pub database_url: String,

    /// Folder for the SQLite database and stored media.
    #[arg(long, env = "ATENDE_DATA_DIR", default_value = "./data", global = true)]
    pub data_dir: PathBuf,

    /// Log filter, in `tracing` env-filter syntax.
    #[arg(long, env = "RUST_LOG", default_value = "info,sqlx=warn", global = true)]
    pub log: String,

    /// Log lines as text for people, or as one JSON object per line for a log collector.
    #[arg(long, env = "ATENDE_LOG_FORMAT", value_enum, default_value = "text", global = true)]
    pub log_format: LogFormat,
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

impl Common {
    /// The database URL to connect to, resolving the embedded default.
    pub fn database_url(&self) -> String {
        if self.database_url.trim().is_empty() {
            format!("sqlite://{}", self.data_dir.join("atende.db").display())
        } else {
            self.database_url.clone()
        }
    }
}

/// What to run.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the server (the default).
    Serve(ServeArgs),
    /// Apply database migrations and exit. A database newer than this binary, or with an
    /// applied migration that differs from this binary's, is refused and left as it is.
    Migrate {
        /// Say what migrating would change (the database's migration, and each pending
        /// migration with its statements), and change nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Create the demo account (idempotent) and print its credentials.
    CreateDemo,
    /// Create an account with its first admin user.
    CreateAccount(CreateAccountArgs),
    /// Create a reseller with the first person of its console (A1), who then opens accounts,
    /// suspends them and verifies support codes in the browser at /revenda.
    CreateReseller(CreateResellerArgs),
    /// Copy the running server's SQLite database into a new file, consistently (SQLite's
    /// online backup); for PostgreSQL use pg_dump.
    Backup {
        /// The backup file to write (it must not exist).
        file: PathBuf,
    },
    /// Replace the SQLite database with a backup (stop the server first); the current one is
    /// kept beside it as `<name>.before-restore`.
    Restore {
        /// The backup file to read.
        file: PathBuf,
    },
    /// Work with plugins locally.
    #[command(subcommand)]
    Plugin(PluginCommand),
    /// Check a support code a caller read out (the reseller's side of A2): prints the account
    /// whose current code it is.
    VerifySupportCode {
        /// The code, as the caller read it.
        code: String,
    },
}

/// Plugin commands for integrators.
#[derive(Debug, Subcommand)]
pub enum PluginCommand {
    /// Run a plugin component once against a JSON input and print its JSON output: the local
    /// test harness of the SDK (see sdk/README.md).
    Run(PluginRunArgs),
}

/// Settings of `plugin run`.
#[derive(Debug, Clone, Args)]
pub struct PluginRunArgs {
    /// The component (`.wasm`, built for wasm32-wasip2).
    pub component: PathBuf,
    /// The input, as JSON in the shape of the kind's request record.
    pub input: PathBuf,
    /// The plugin's manifest; without it, a manifest is assumed from `--kind`.
    #[arg(long)]
    pub manifest: Option<PathBuf>,
    /// The plugin kind, when no manifest is given.
    #[arg(long)]
    pub kind: Option<String>,
}

/// Settings of the server.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address to listen on; port 0 picks a free port.
    #[arg(long = "listen", env = "LISTEN_ADDR", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// Create the demo account on start (if missing) and print its credentials.
    #[arg(long, env = "ATENDE_DEMO", value_parser = BoolishValueParser::new())]
    pub demo: bool,

    /// Folder with the built web UI; by default the UI embedded at build time
    /// (or `host/ui/dist` in development builds).
    #[arg(long, env = "ATENDE_UI_DIR")]
    pub ui_dir: Option<PathBuf>,

    /// When to mark the session cookie `Secure`: `auto` does it when the request arrived
    /// over TLS as reported by `X-Forwarded-Proto: https` from a proxy.
    #[arg(long, env = "ATENDE_SECURE_COOKIES", value_enum, default_value = "auto")]
    pub secure_cookies: SecureCookies,

    /// A bearer token `GET /metrics` requires. Empty: the metrics are served to anyone who can
    /// reach the port (keep it behind the proxy or a firewall then).
    #[arg(long, env = "ATENDE_METRICS_TOKEN", default_value = "", hide_env_values = true)]
    pub metrics_token: String,

    /// Trust `X-Forwarded-For` / `X-Forwarded-Proto` (set when behind a reverse proxy).
    #[arg(long, env = "ATENDE_TRUST_PROXY", value_parser = BoolishValueParser::new())]
    pub trust_proxy: bool,

    /// Largest accepted request body, in bytes.
    #[arg(long, env = "ATENDE_MAX_BODY_BYTES", default_value_t = 1024 * 1024)]
    pub max_body_bytes: usize,

    /// Authenticated API requests allowed per minute per account; past it, 429 with
    /// Retry-After (one account's runaway integration cannot slow the others).
    #[arg(long, env = "ATENDE_API_PER_ACCOUNT_PER_MINUTE", default_value_t = 6000)]
    pub api_per_account_per_minute: u32,

    /// Groups of inbound messages committed side by side (default: 1 on SQLite, 4 on
    /// PostgreSQL); 0 commits each message alone.
    #[arg(long, env = "ATENDE_INGEST_COMMITTERS")]
    pub ingest_committers: Option<usize>,

    /// Login attempts allowed per minute from one IP address.
    #[arg(long, env = "ATENDE_LOGIN_PER_IP_PER_MINUTE", default_value_t = 20)]
    pub login_per_ip_per_minute: u32,

    /// Login attempts allowed per minute for one e-mail address.
    #[arg(long, env = "ATENDE_LOGIN_PER_USER_PER_MINUTE", default_value_t = 5)]
    pub login_per_user_per_minute: u32,

    /// How many missed events a reconnecting client may replay before it is told to reload.
    #[arg(long, env = "ATENDE_EVENT_REPLAY_LIMIT", default_value_t = 5000)]
    pub event_replay_limit: i64,

    /// How often (ms) live streams re-read the event log without being woken: the safety net
    /// for a notification lost while a host's LISTEN connection was down.
    #[arg(long, env = "ATENDE_EVENT_POLL_MS", default_value_t = 2000)]
    pub event_poll_ms: u64,

    /// How many days the bell keeps a notification (N1) before it is pruned.
    #[arg(long, env = "ATENDE_NOTIFICATION_RETENTION_DAYS", default_value_t = 30)]
    pub notification_retention_days: u32,

    /// Base URL of Meta's Graph API (WhatsApp Cloud API, Messenger and Instagram Send API,
    /// media, templates). Tests point it at a fake.
    #[arg(long, env = "ATENDE_GRAPH_API_URL", default_value = DEFAULT_GRAPH_API_URL)]
    pub graph_api_url: String,

    /// How long (ms) a Graph API call may take before it is abandoned (an ambiguous send).
    #[arg(long, env = "ATENDE_GRAPH_TIMEOUT_MS", default_value_t = 30_000)]
    pub graph_timeout_ms: u64,

    /// How long (ms) a host holds a send or a flow input it has claimed. A host killed mid-work
    /// leaves its claims for this long: then a flow input runs again (its run wrote nothing),
    /// and a send is failed as interrupted (Meta may have taken it; it is never sent twice).
    /// More than twice the Graph timeout: a media send makes two calls.
    #[arg(long, env = "ATENDE_WORKER_LEASE_MS", default_value_t = 90_000)]
    pub worker_lease_ms: u64,

    /// Key that seals channel credentials at rest: base64 of 32 random bytes
    /// (`openssl rand -base64 32`). Empty: `<data-dir>/secret.key`, created on first start.
    /// Every host on one database needs the same key.
    #[arg(long, env = "ATENDE_SECRET_KEY", default_value = "", hide_env_values = true)]
    pub secret_key: String,

    /// Largest accepted Meta webhook body, in bytes (Meta sends up to 3 MB).
    #[arg(long, env = "ATENDE_WEBHOOK_MAX_BODY_BYTES", default_value_t = 3 * 1024 * 1024)]
    pub webhook_max_body_bytes: usize,

    /// Accept Web Push subscriptions whose endpoint is plain `http://` (tests, local harnesses).
    /// Off, only `https://` endpoints are taken: the server POSTs to whatever a browser gave it.
    #[arg(long, env = "ATENDE_PUSH_ALLOW_HTTP", value_parser = BoolishValueParser::new())]
    pub push_allow_http: bool,

    /// Who runs this server, for push services to reach (the VAPID `sub` claim, RFC 8292): a
    /// `mailto:` or `https:` URL.
    #[arg(long, env = "ATENDE_VAPID_SUBJECT", default_value = DEFAULT_VAPID_SUBJECT)]
    pub vapid_subject: String,

    /// Where media files are kept: empty for `<data-dir>/media` (one host), `file:///folder`,
    /// or `s3://bucket[/prefix]` for an S3-compatible store every host shares, reached with the
    /// usual `AWS_ENDPOINT`, `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_DEFAULT_REGION`
    /// (and `AWS_ALLOW_HTTP=true` for a plain-HTTP endpoint).
    #[arg(long, env = "ATENDE_MEDIA_STORE", default_value = "")]
    pub media_store: String,

    /// The data folder (from the global `--data-dir`): media files, the generated secret key.
    #[arg(skip = PathBuf::from("./data"))]
    pub data_dir: PathBuf,
}

/// Meta's Graph API, at the version Atende speaks.
pub const DEFAULT_GRAPH_API_URL: &str = "https://graph.facebook.com/v23.0";

/// The VAPID subject when none is configured.
pub const DEFAULT_VAPID_SUBJECT: &str = "mailto:suporte@atende.local";

impl Default for ServeArgs {
    fn default() -> Self {
        ServeArgs {
            listen: "127.0.0.1:8080".parse().expect("valid default address"),
            demo: false,
            ui_dir: None,
            secure_cookies: SecureCookies::Auto,
            trust_proxy: false,
            metrics_token: String::new(),
            max_body_bytes: 1024 * 1024,
            api_per_account_per_minute: 6000,
            ingest_committers: None,
            login_per_ip_per_minute: 20,
            login_per_user_per_minute: 5,
            event_replay_limit: 5000,
            event_poll_ms: 2000,
            notification_retention_days: 30,
            graph_api_url: DEFAULT_GRAPH_API_URL.to_string(),
            graph_timeout_ms: 30_000,
            worker_lease_ms: 90_000,
            secret_key: String::new(),
            webhook_max_body_bytes: 3 * 1024 * 1024,
            push_allow_http: false,
            vapid_subject: DEFAULT_VAPID_SUBJECT.to_string(),
            media_store: String::new(),
            data_dir: PathBuf::from("./data"),
        }
    }
}

/// Policy for the `Secure` attribute of the session cookie.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SecureCookies {
    /// Secure when the request came over TLS (per a trusted proxy header).
    Auto,
    /// Always Secure (the server sits behind TLS).
    Always,
    /// Never Secure (plain-HTTP development).
    Never,
}

/// Settings of `create-reseller`.
#[derive(Debug, Clone, Args)]
pub struct CreateResellerArgs {
    /// The reseller's name.
    #[arg(long)]
    pub name: String,
    /// Name of the console's first person.
    #[arg(long)]
    pub user_name: String,
    /// Their e-mail, to log in with.
    #[arg(long)]
    pub email: String,
    /// Their password (at least 8 characters).
    #[arg(long, env = "ATENDE_RESELLER_PASSWORD")]
    pub password: String,
}

/// Settings of `create-account`.
#[derive(Debug, Clone, Args)]
pub struct CreateAccountArgs {
    /// Account (company) name.
    #[arg(long)]
    pub name: String,
    /// Name of the first admin user.
    #[arg(long)]
    pub admin_name: String,
    /// E-mail of the first admin user.
    #[arg(long)]
    pub admin_email: String,
    /// Password of the first admin user (at least 8 characters).
    #[arg(long, env = "ATENDE_ADMIN_PASSWORD")]
    pub admin_password: String,
}
