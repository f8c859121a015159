//! Both backends carry the same migration versions with the same descriptions, all forward-only.

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

/// Migrations are forward-only (issue 17 part 2): no reversible ones (`.up.sql`/`.down.sql`),
/// since a server never undoes one; an upgrade that went wrong is undone by restoring the backup
/// taken before it. (That an applied migration is never edited is checked by `upgrade.rs`: the
/// previous release's databases record their checksums.)
#[test]
fn migrations_are_forward_only() {
    for migrator in [&sqlite::MIGRATOR, &postgres::MIGRATOR] {
        for migration in migrator.iter() {
            assert_eq!(
                migration.migration_type,
                sqlx::migrate::MigrationType::Simple,
                "migration {} ({}) is reversible",
                migration.version,
                migration.description
            );
        }
    }
}
