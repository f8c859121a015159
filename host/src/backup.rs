//! `atende backup` and `atende restore` for the embedded SQLite database. A backup is taken
//! from the running server's database with SQLite's online backup API: it copies a consistent
//! snapshot page by page while the server goes on writing (a copy of the file itself could catch
//! a half-written page or miss the WAL). PostgreSQL has its own tools (`pg_dump`, see the
//! README); these commands say so.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, bail};
use rusqlite::backup::Backup;
use rusqlite::{Connection, OpenFlags};

use crate::store::sqlite;

/// Pages copied per step, and the pause between steps that lets the server's writer in.
const PAGES_PER_STEP: i32 = 1024;
const PAUSE: Duration = Duration::from_millis(2);

/// What a backup or restore copied.
#[derive(Debug)]
pub struct Copied {
    pub pages: i32,
    pub bytes: u64,
    /// The newest migration in the copied database.
    pub migration: i64,
}

fn sqlite_path(database_url: &str) -> anyhow::Result<PathBuf> {
    if database_url.starts_with("postgres") {
        bail!(
            "this is a PostgreSQL database: back it up with pg_dump (pg_dump -Fc -f atende.dump \"$DATABASE_URL\") \
             and restore with pg_restore, as the README says"
        );
    }
    sqlite::path_of(database_url)
}

/// The newest migration a database has applied; an error when it is not an Atende database.
fn migration_of(conn: &Connection) -> anyhow::Result<i64> {
    let integrity: String = conn.query_row("PRAGMA quick_check", [], |row| row.get(0))?;
    if integrity != "ok" {
        bail!("the database is damaged: {integrity}");
    }
    conn.query_row("SELECT MAX(version) FROM _sqlx_migrations WHERE success", [], |row| row.get::<_, Option<i64>>(0))
        .ok()
        .flatten()
        .context("this is not an Atende database (it has no migrations)")
}

fn copy(from: &Connection, to: &mut Connection) -> anyhow::Result<i32> {
    let backup = Backup::new(from, to)?;
    backup.run_to_completion(PAGES_PER_STEP, PAUSE, None)?;
    Ok(backup.progress().pagecount)
}

/// Copy the live database at `database_url` into the new file `file` (written aside, then
/// renamed, so a half-made backup never has the final name).
pub fn backup(database_url: &str, file: &Path) -> anyhow::Result<Copied> {
    let source = sqlite_path(database_url)?;
    if !source.exists() {
        bail!("{} does not exist", source.display());
    }
    if file.exists() {
        bail!("{} already exists: choose a new file name", file.display());
    }
    let from = Connection::open_with_flags(&source, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    from.busy_timeout(Duration::from_secs(30))?;
    let partial = file.with_extension("partial");
    let _ = std::fs::remove_file(&partial);
    let mut to = Connection::open(&partial).with_context(|| format!("cannot create {}", partial.display()))?;
    let pages = copy(&from, &mut to)?;
    // One self-contained file: no WAL beside it.
    to.pragma_update(None, "journal_mode", "DELETE")?;
    let migration = migration_of(&to)?;
    drop(to);
    std::fs::File::open(&partial)?.sync_all()?;
    std::fs::rename(&partial, file)?;
    Ok(Copied { pages, bytes: std::fs::metadata(file)?.len(), migration })
}

/// Replace the database at `database_url` with the backup `file`. The server must be stopped.
/// The current database is first kept beside it as `<name>.before-restore`.
pub fn restore(file: &Path, database_url: &str) -> anyhow::Result<Copied> {
    let target = sqlite_path(database_url)?;
    let from = Connection::open_with_flags(file, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .with_context(|| format!("cannot open {}", file.display()))?;
    let migration = migration_of(&from).with_context(|| format!("{} is not a usable backup", file.display()))?;
    let known = sqlite::MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0);
    if migration > known {
        bail!(
            "the backup is at migration {migration}, newer than this binary's {known}: restore it with a newer atende"
        );
    }
    if target.exists() {
        let kept = target.with_extension("db.before-restore");
        let _ = std::fs::remove_file(&kept);
        let current = Connection::open_with_flags(&target, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        let mut aside = Connection::open(&kept)?;
        copy(&current, &mut aside)?;
        aside.pragma_update(None, "journal_mode", "DELETE")?;
    } else if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let mut to = Connection::open(&target)?;
    to.busy_timeout(Duration::from_secs(30))?;
    let pages = copy(&from, &mut to)?;
    to.pragma_update(None, "journal_mode", "WAL")?;
    Ok(Copied { pages, bytes: std::fs::metadata(&target)?.len(), migration })
}
