//! The command line: `serve` (default), `migrate [--dry-run]`, `create-demo`, `create-account`,
//! `create-reseller`, `backup`, `restore`, `plugin run`, `verify-support-code`.

use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use tracing_subscriber::EnvFilter;

use crate::config::{
    Cli, Command, Common, CreateAccountArgs, CreateResellerArgs, LogFormat, PluginCommand, PluginRunArgs, ServeArgs,
};
use crate::domain::contact::normalise_email;
use crate::domain::password::PasswordOwner;
use crate::plugins::{PluginRuntime, Plugins, harness};
use crate::service::resellers::{self, OpenAccount};
use crate::store::Store;
use crate::{app, auth, demo};

/// Entry point of the `atende` binary.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let logs = tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_new(&cli.common.log).unwrap_or_else(|_| EnvFilter::new("info")))
        // Colours only on a terminal: under systemd they would land in the journal as escape codes.
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr);
    match cli.common.log_format {
        LogFormat::Text => logs.init(),
        // One JSON object per line, with the request's span (its id) on each.
        LogFormat::Json => logs.json().with_current_span(true).init(),
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("error: cannot start the async runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let common = cli.common;
    match cli.command.unwrap_or_else(|| Command::Serve(ServeDefaults::parse_from(["atende"]).args)) {
        Command::Serve(args) => serve(&common, args).await,
        Command::Migrate { dry_run } => {
            print!("{}", crate::migrate::run(&common.database_url(), dry_run).await?);
            Ok(())
        }
        Command::CreateDemo => {
            let store = Store::connect(&common.database_url()).await?;
            let demo = demo::ensure(&store).await?;
            println!("Demo login: {} / {}", demo.email, demo.password);
            println!("Simulator path: {}", demo.simulator_path);
            Ok(())
        }
        Command::CreateAccount(args) => create_account(&common, args).await,
        Command::CreateReseller(args) => create_reseller(&common, args).await,
        Command::Backup { file } => {
            let copied = crate::backup::backup(&common.database_url(), &file)?;
            println!(
                "Backup written to {} ({} pages, {} bytes, migration {}).",
                file.display(),
                copied.pages,
                copied.bytes,
                copied.migration
            );
            Ok(())
        }
        Command::Restore { file } => {
            let copied = crate::backup::restore(&file, &common.database_url())?;
            println!(
                "Restored {} ({} pages, migration {}); start the server to apply newer migrations.",
                file.display(),
                copied.pages,
                copied.migration
            );
            Ok(())
        }
        Command::Plugin(PluginCommand::Run(args)) => plugin_run(args).await,
        Command::VerifySupportCode { code } => {
            let store = Store::connect(&common.database_url()).await?;
            let accounts = store.verify_support_code(None, &code).await?;
            if accounts.is_empty() {
                anyhow::bail!("no account has the support code {code} now");
            }
            for id in accounts {
                let account = store.account(id).await?;
                println!("Support code {code} is the current code of account {} ({}).", account.id, account.name);
            }
            Ok(())
        }
    }
}

async fn plugin_run(args: PluginRunArgs) -> anyhow::Result<()> {
    let manifest = harness::manifest_for(args.manifest.as_deref(), args.kind.as_deref(), &args.component)?;
    let wasm = std::fs::read(&args.component).map_err(|e| anyhow::anyhow!("{}: {e}", args.component.display()))?;
    let input: serde_json::Value = serde_json::from_slice(
        &std::fs::read(&args.input).map_err(|e| anyhow::anyhow!("{}: {e}", args.input.display()))?,
    )
    .map_err(|e| anyhow::anyhow!("{}: JSON inválido: {e}", args.input.display()))?;
    let runtime = PluginRuntime::new(1, None)?;
    let output = harness::run(&runtime, manifest, &wasm, input).await?;
    println!("{}", serde_json::to_string_pretty(&output)?);
    Ok(())
}

/// `atende` with no command: serve, with settings from the environment.
#[derive(Parser)]
struct ServeDefaults {
    #[command(flatten)]
    args: ServeArgs,
}

async fn serve(common: &Common, mut args: ServeArgs) -> anyhow::Result<()> {
    args.data_dir = common.data_dir.clone();
    let store = Store::connect(&common.database_url()).await?;
    let demo = if args.demo { Some(demo::ensure(&store).await?) } else { None };
    let plugins = Plugins::shared(&common.data_dir).await?;
    let mut running = app::start(store, args, plugins).await?;
    let url = running.url();
    println!("Atende is running at {url}");
    if let Some(demo) = demo {
        println!("Demo login: {} / {}", demo.email, demo.password);
        println!("Simulator: {url}{}", demo.simulator_path);
        println!("Reseller console: {url}/revenda ({} / {})", demo::DEMO_RESELLER_EMAIL, demo.password);
    }
    tokio::select! {
        result = running.wait() => return result,
        () = stop_requested() => {}
    }
    tracing::info!("shutting down");
    // Requests in flight finish and the workers stop at their next await; a connection that
    // never ends (a live WebSocket) does not hold the process past the grace period.
    if tokio::time::timeout(SHUTDOWN_GRACE, running.stop()).await.is_err() {
        tracing::warn!("still busy after {SHUTDOWN_GRACE:?}: stopping anyway");
    }
    Ok(())
}

/// How long a stop waits for requests in flight (systemd's own default waits 90 s, then kills).
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// Ctrl-C, or SIGTERM: what `systemctl stop`, `kill` and container runtimes send.
async fn stop_requested() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut terminate) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = terminate.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

async fn create_reseller(common: &Common, args: CreateResellerArgs) -> anyhow::Result<()> {
    let email = normalise_email(&args.email).map_err(|e| anyhow::anyhow!(e.message))?;
    crate::domain::password::check(
        &args.password,
        PasswordOwner { name: &args.user_name, email: &email, company: &args.name },
    )
    .map_err(|why| anyhow::anyhow!("{why}"))?;
    let store = Store::connect(&common.database_url()).await?;
    let reseller = store.create_reseller(&args.name).await?;
    let password = args.password;
    let hash = tokio::task::spawn_blocking(move || auth::hash_password(&password)).await??;
    let user = store.create_reseller_user(reseller, &args.user_name, &email, &hash).await?;
    println!("Reseller {reseller} created; {} can log in at /revenda.", user.email);
    Ok(())
}

async fn create_account(common: &Common, args: CreateAccountArgs) -> anyhow::Result<()> {
    let store = Store::connect(&common.database_url()).await?;
    let reseller = store.create_reseller(&args.name).await?;
    let open = OpenAccount {
        name: args.name,
        timezone: None,
        admin_name: args.admin_name,
        admin_email: args.admin_email,
        admin_password: args.admin_password,
    };
    let (account, user) = resellers::open_account(&store, reseller, open).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    println!("Account {} created; admin {} can log in.", account.id, user.email);
    Ok(())
}
