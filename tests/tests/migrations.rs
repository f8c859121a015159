//! Both backends carry the same migration versions with the same descriptions.

use atende_host::store::{postgres, sqlite};

#[test]
fn sqlite_and_postgres_have_the_same_migration_versions() {
    let versions = |m: &sqlx::migrate::Migrator| -> Vec<(i64, String)> {
        m.iter().map(|m| (m.version, m.description.to_string())).collect()
    };
    let sqlite = versions(&sqlite::MIGRATOR);
    assert!(!sqlite.is_empty());
    assert_eq!(sqlite, versions(&postgres::MIGRATOR));
}
