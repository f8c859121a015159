//! `atende migrate [--dry-run]` (issue 17 part 2): the database's schema is checked against
//! this binary's migrations ([`crate::store::schema::check`]), then migrated, or, with
//! `--dry-run`, described: the migration the database is at and each pending migration with its
//! statements, and nothing changed. A SQLite database that does not exist yet is not created by
//! a dry run.

use std::fmt::Write;

use crate::clock::Clock;
use crate::store::schema::{self, MigrationPlan};
use crate::store::{Dialect, Store};

/// Migrate the database at `url` (or only describe what that would do): the report to print.
pub async fn run(url: &str, dry_run: bool) -> anyhow::Result<String> {
    if dry_run && url.starts_with("sqlite:") {
        let path = crate::store::sqlite::path_of(url)?;
        if !path.exists() {
            let plan = schema::check(&schema::known_migrations(Dialect::Sqlite), &[])?;
            return Ok(format!("No database at {} yet: it would be created.\n{}", path.display(), report(&plan, true)));
        }
    }
    let store = Store::connect_unmigrated(url, Clock::system()).await?;
    let result = if dry_run { store.migration_plan().await } else { store.migrate().await };
    store.close().await;
    Ok(report(&result?, dry_run))
}

/// What a plan does (`dry_run`: would do), in the words `atende migrate` prints.
pub fn report(plan: &MigrationPlan, dry_run: bool) -> String {
    let mut out = String::new();
    let at = match plan.database_version {
        Some(version) => format!("migration {version}"),
        None => "no migration (empty)".to_string(),
    };
    let _ = writeln!(out, "The database is at {at}; this binary knows migrations up to {}.", plan.binary_version);
    if plan.pending.is_empty() {
        let _ = writeln!(out, "Nothing to migrate.");
        return out;
    }
    let count = plan.pending.len();
    let verb = if dry_run { "Would apply" } else { "Applied" };
    let _ = writeln!(out, "{verb} {count} migration{}:", if count == 1 { "" } else { "s" });
    for migration in &plan.pending {
        let _ = writeln!(out, "  {:04} {}", migration.version, migration.description);
        for statement in schema::statements(&migration.sql) {
            let _ = writeln!(out, "      {statement}");
        }
    }
    if dry_run {
        let _ = writeln!(out, "Nothing was changed (--dry-run). Take a backup before migrating.");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::schema::KnownMigration;

    fn plan(database_version: Option<i64>, pending: &[(i64, &str, &str)]) -> MigrationPlan {
        MigrationPlan {
            database_version,
            binary_version: 26,
            pending: pending
                .iter()
                .map(|(version, description, sql)| KnownMigration {
                    version: *version,
                    description: description.to_string(),
                    checksum: vec![],
                    sql: sql.to_string(),
                })
                .collect(),
        }
    }

    #[test]
    fn a_dry_run_lists_each_pending_migration_with_its_statements() {
        let text = report(
            &plan(
                Some(24),
                &[
                    (25, "sessions", "ALTER TABLE sessions ADD COLUMN ip TEXT;\n"),
                    (26, "audit log", "-- why\nCREATE TABLE audit_log (\n    id INTEGER\n);\n"),
                ],
            ),
            true,
        );
        assert_eq!(
            text,
            "The database is at migration 24; this binary knows migrations up to 26.\n\
             Would apply 2 migrations:\n  0025 sessions\n      ALTER TABLE sessions ADD COLUMN ip TEXT\n\
             \x20 0026 audit log\n      CREATE TABLE audit_log\n\
             Nothing was changed (--dry-run). Take a backup before migrating.\n"
        );
    }

    #[test]
    fn a_current_database_has_nothing_to_migrate() {
        let text = report(&plan(Some(26), &[]), false);
        assert_eq!(
            text,
            "The database is at migration 26; this binary knows migrations up to 26.\nNothing to migrate.\n"
        );
    }

    #[test]
    fn an_applied_plan_says_applied() {
        let text = report(&plan(None, &[(1, "foundation", "CREATE TABLE accounts (\n);\n")]), false);
        assert!(text.starts_with("The database is at no migration (empty);"), "{text}");
        assert!(text.contains("Applied 1 migration:\n  0001 foundation\n      CREATE TABLE accounts\n"), "{text}");
    }
}
