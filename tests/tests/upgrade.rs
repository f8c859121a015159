//! Upgrades (issue 17 part 2), on both databases:
//! - a database the previous release wrote, with data in it (`tests/fixtures/upgrade/<release>`,
//!   made by that release's binary with `tests/fixtures/upgrade/make`), is described by
//!   `atende migrate --dry-run` without being changed, then migrated by this binary as it starts,
//!   and everything in it is still there and usable through the API;
//! - a database newer than this binary, or with an applied migration that differs from this
//!   binary's, is refused at start with a message that says what to do, and left as it was.

use std::path::{Path, PathBuf};

use atende_e2e::client::Client;
use atende_e2e::db::{Backend, TestDb, database_url, postgres_admin_url};
use atende_e2e::process::{HostProcess, binary};
use atende_host::clock::Clock;
use atende_host::store::Store;
use atende_host::store::schema::known_migrations;
use serde_json::{Value, json};
use sqlx::Connection;

/// The release whose databases the upgrade starts from: the newest one before this binary.
const PREVIOUS_RELEASE: &str = "0.1.0";

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/upgrade").join(PREVIOUS_RELEASE)
}

/// The newest migration of the previous release (its fixtures' `release` file).
fn release_migration() -> i64 {
    let text = std::fs::read_to_string(fixtures().join("release")).expect("fixtures' release file");
    text.lines().find_map(|l| l.strip_prefix("migration ")).and_then(|v| v.trim().parse().ok()).expect("migration line")
}

/// A database of the previous release, restored from its fixture: its URL, and what keeps it
/// (the SQLite file's folder, or the PostgreSQL database dropped at the end).
struct ReleaseDb {
    url: String,
    _dir: tempfile::TempDir,
    pg_name: Option<String>,
}

impl ReleaseDb {
    async fn restore(backend: Backend) -> ReleaseDb {
        let dir = tempfile::tempdir().expect("temporary folder");
        match backend {
            Backend::Sqlite => {
                let file = dir.path().join("atende.db");
                std::fs::copy(fixtures().join("atende.db"), &file).expect("copy the release's SQLite database");
                ReleaseDb { url: format!("sqlite://{}", file.display()), _dir: dir, pg_name: None }
            }
            Backend::Postgres => {
                let admin = postgres_admin_url();
                let name = format!("atende_upgrade_{}", uuid::Uuid::new_v4().simple());
                let mut conn = sqlx::PgConnection::connect(&admin).await.expect("PostgreSQL");
                sqlx::raw_sql(&format!("CREATE DATABASE {name}")).execute(&mut conn).await.expect("create database");
                conn.close().await.ok();
                let url = database_url(&admin, &name);
                let dump = std::fs::read_to_string(fixtures().join("postgres.sql")).expect("the release's dump");
                // One connection of its own: the dump empties the search path for its session.
                let mut conn = sqlx::PgConnection::connect(&url).await.expect("the new database");
                sqlx::raw_sql(&dump).execute(&mut conn).await.expect("the release's dump applies");
                conn.close().await.ok();
                ReleaseDb { url, _dir: dir, pg_name: Some(name) }
            }
        }
    }

    fn data_dir(&self) -> &Path {
        self._dir.path()
    }
}

impl Drop for ReleaseDb {
    fn drop(&mut self) {
        let Some(name) = self.pg_name.take() else { return };
        let _ = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
            runtime.block_on(async move {
                if let Ok(mut conn) = sqlx::PgConnection::connect(&postgres_admin_url()).await {
                    let _ =
                        sqlx::raw_sql(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&mut conn).await;
                }
            });
        })
        .join();
    }
}

/// `atende <args>` against `url`: its exit status, stdout and stderr.
fn atende(url: &str, data_dir: &Path, args: &[&str]) -> (bool, String, String) {
    let output = std::process::Command::new(binary())
        .args(args)
        .env("DATABASE_URL", url)
        .env("ATENDE_DATA_DIR", data_dir)
        .env("RUST_LOG", "warn")
        .output()
        .expect("atende runs");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

async fn database_version(url: &str) -> Option<i64> {
    let store = Store::connect_unmigrated(url, Clock::system()).await.expect("store");
    let version = store.applied_migrations().await.expect("applied migrations").iter().map(|m| m.version).max();
    store.close().await;
    version
}

fn names(list: &Value) -> Vec<String> {
    list["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|c| c["contact"]["name"].as_str().map(str::to_string))
        .collect()
}

async fn upgrade(backend: Backend) {
    let db = ReleaseDb::restore(backend).await;
    let from = release_migration();
    let known = known_migrations(match backend {
        Backend::Sqlite => atende_host::store::Dialect::Sqlite,
        Backend::Postgres => atende_host::store::Dialect::Postgres,
    });
    let pending: Vec<_> = known.iter().filter(|m| m.version > from).collect();
    assert_eq!(database_version(&db.url).await, Some(from), "the fixture is at the previous release's migration");

    // The dry run says what would change, and changes nothing.
    let (ok, out, err) = atende(&db.url, db.data_dir(), &["migrate", "--dry-run"]);
    assert!(ok, "migrate --dry-run failed: {err}");
    assert!(out.contains(&format!("The database is at migration {from};")), "{out}");
    if pending.is_empty() {
        assert!(out.contains("Nothing to migrate."), "{out}");
    } else {
        assert!(out.contains(&format!("Would apply {} migration", pending.len())), "{out}");
        for migration in &pending {
            assert!(out.contains(&format!("{:04} {}", migration.version, migration.description)), "{out}");
        }
        assert!(out.contains("Nothing was changed (--dry-run)"), "{out}");
    }
    assert_eq!(database_version(&db.url).await, Some(from), "a dry run changed the database");

    // The new binary migrates as it starts, and serves what the old release stored.
    let host = HostProcess::start(&db.url, db.data_dir()).await;
    assert_eq!(database_version(&db.url).await, known.iter().map(|m| m.version).max());
    let anyone = Client::new(&host.url);
    assert_eq!(anyone.get("/readyz").await.0, 200);

    let mut admin = Client::new(&host.url);
    assert_eq!(admin.login("demo@atende.local", "atende-demo").await, 200, "the release's admin logs in");
    let list = admin.get_ok("/api/v1/conversations?view=all").await;
    let contacts = names(&list);
    for name in ["Maria Fixture", "João Fixture"] {
        assert!(contacts.iter().any(|n| n == name), "{name} missing from {contacts:?}");
    }
    let maria = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["contact"]["name"] == "Maria Fixture")
        .expect("Maria's chat")["id"]
        .as_i64()
        .unwrap();
    let messages = admin.get_ok(&format!("/api/v1/conversations/{maria}/messages")).await;
    let texts: Vec<&str> = messages["items"].as_array().unwrap().iter().filter_map(|m| m["text"].as_str()).collect();
    assert!(texts.contains(&"Olá, preciso de ajuda com o pedido 4521"), "{texts:?}");
    assert!(texts.contains(&"O pedido 4521 chegou faltando uma peça"), "{texts:?}");
    let hits = admin.get_ok(&format!("/api/v1/conversations/{maria}/messages/search?q=pe%C3%A7a")).await;
    assert_eq!(hits["items"].as_array().unwrap().len(), 1, "the release's search index still finds: {hits}");
    let tags = admin.get_ok("/api/v1/tags").await;
    assert!(tags.to_string().contains("Pedido com defeito"), "{tags}");

    let mut bruna = Client::new(&host.url);
    assert_eq!(bruna.login("bruna@fixture.test", "pao-de-queijo-2026").await, 200, "the release's agent logs in");

    // New work lands beside the old: Maria writes again through the simulator.
    let channels = admin.get_ok("/api/v1/channels").await;
    let simulator = channels["items"]
        .as_array()
        .or(channels.as_array())
        .expect("channels")
        .iter()
        .find_map(|c| c["simulator_url"].as_str().map(str::to_string))
        .expect("the demo's simulator");
    let key = simulator.rsplit('/').next().unwrap();
    anyone
        .post_expect(
            &format!("/api/v1/simulator/{key}/messages"),
            json!({"phone": "5511987650001", "name": "Maria Fixture", "text": "Depois da atualização"}),
            202,
        )
        .await;
    let messages = admin.get_ok(&format!("/api/v1/conversations/{maria}/messages")).await;
    assert!(messages.to_string().contains("Depois da atualização"), "{messages}");
    drop(host);
}

#[tokio::test]
async fn a_sqlite_database_of_the_previous_release_is_upgraded_with_its_data() {
    upgrade(Backend::Sqlite).await;
}

#[tokio::test]
async fn a_postgres_database_of_the_previous_release_is_upgraded_with_its_data() {
    upgrade(Backend::Postgres).await;
}

/// Mark `db` as migrated by a release newer than this binary, or as migrated from an edited
/// migration 1, as the database's own bookkeeping would show it.
async fn tamper(db: &TestDb, sql: &str) {
    match db.backend {
        Backend::Sqlite => {
            let mut conn = sqlx::SqliteConnection::connect(&db.url).await.expect("SQLite");
            sqlx::raw_sql(sql).execute(&mut conn).await.expect("tamper with _sqlx_migrations");
            conn.close().await.ok();
        }
        Backend::Postgres => {
            let mut conn = sqlx::PgConnection::connect(&db.url).await.expect("PostgreSQL");
            sqlx::raw_sql(sql).execute(&mut conn).await.expect("tamper with _sqlx_migrations");
            conn.close().await.ok();
        }
    }
}

async fn refused(backend: Backend, sql: &str, expected: &str) {
    let db = TestDb::new(backend).await;
    let data = tempfile::tempdir().unwrap();
    let before = database_version(&db.url).await;
    tamper(&db, sql).await;
    let after_tamper = database_version(&db.url).await;

    let err = Store::connect(&db.url).await.err().expect("the store refuses the database").to_string();
    assert!(err.contains(expected), "{err}");
    let (ok, _, stderr) = atende(&db.url, data.path(), &["serve", "--listen", "127.0.0.1:0"]);
    assert!(!ok, "the server started on a database it must refuse");
    assert!(stderr.contains(expected), "{stderr}");
    let (ok, _, stderr) = atende(&db.url, data.path(), &["migrate"]);
    assert!(!ok && stderr.contains(expected), "{stderr}");
    let (ok, _, stderr) = atende(&db.url, data.path(), &["migrate", "--dry-run"]);
    assert!(!ok && stderr.contains(expected), "{stderr}");
    assert_eq!(database_version(&db.url).await, after_tamper, "a refused database was changed");
    assert!(before.is_some());
}

const FROM_THE_FUTURE: &str = "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
     VALUES (9999, 'from the future', TRUE, X'00', 1)";

#[tokio::test]
async fn a_sqlite_database_newer_than_the_binary_is_refused() {
    refused(
        Backend::Sqlite,
        FROM_THE_FUTURE,
        "the database is at migration 9999 (from the future), newer than this binary",
    )
    .await;
}

#[tokio::test]
async fn a_postgres_database_newer_than_the_binary_is_refused() {
    let sql = FROM_THE_FUTURE.replace("X'00'", "'\\x00'::bytea");
    refused(Backend::Postgres, &sql, "the database is at migration 9999 (from the future), newer than this binary")
        .await;
}

#[tokio::test]
async fn an_edited_migration_is_refused_on_both_databases() {
    refused(
        Backend::Sqlite,
        "UPDATE _sqlx_migrations SET checksum = X'00' WHERE version = 1",
        "differs from this binary's migration 1",
    )
    .await;
    refused(
        Backend::Postgres,
        "UPDATE _sqlx_migrations SET checksum = '\\x00'::bytea WHERE version = 1",
        "differs from this binary's migration 1",
    )
    .await;
}
