//! The database's schema against this binary's migrations (issue 17 part 2). Migrations are
//! forward-only: each is applied once, in order, and never edited afterwards (sqlx keeps a
//! checksum of each). Before a server migrates, [`check`] compares what the database has
//! applied with what the binary knows, so that a database written by a newer release, an
//! edited migration or one that failed half-way stops the start with a message that says what
//! to do, instead of sqlx's terse error or a server running on a schema it does not know.
//! `atende migrate --dry-run` prints the same plan without applying it.

use std::fmt;

use super::{Store, StoreResult};
use crate::store::Dialect;

/// A migration this binary carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownMigration {
    pub version: i64,
    pub description: String,
    pub checksum: Vec<u8>,
    pub sql: String,
}

crate::row! {
    /// A migration the database records as applied (sqlx's `_sqlx_migrations`).
    pub struct AppliedMigration {
        pub version: i64,
        pub description: String,
        pub checksum: Vec<u8>,
        pub success: bool,
    }
}

/// What migrating would do to a database this binary may run on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationPlan {
    /// The newest migration the database has applied (`None`: an empty database).
    pub database_version: Option<i64>,
    /// The newest migration this binary knows.
    pub binary_version: i64,
    /// The migrations still to apply, in order.
    pub pending: Vec<KnownMigration>,
}

/// Why this binary must not migrate or serve this database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemaError {
    /// The database has migrations this binary does not know: a newer release wrote it.
    Newer { database_version: i64, description: String, binary_version: i64 },
    /// A migration applied to the database differs from the binary's migration of that number.
    Changed { version: i64, description: String },
    /// A migration started and did not finish.
    Failed { version: i64, description: String },
}

impl fmt::Display for SchemaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SchemaError::Newer { database_version, description, binary_version } => write!(
                f,
                "the database is at migration {database_version} ({description}), newer than this binary, which knows \
                 migrations up to {binary_version}: a newer release of Atende has run on it. Run that release (or a \
                 newer one), or restore a backup taken before the upgrade; migrations cannot be undone"
            ),
            SchemaError::Changed { version, description } => write!(
                f,
                "migration {version} ({description}) in the database differs from this binary's migration {version}: \
                 the binary was built from edited migrations. Run an official release; applied migrations are never \
                 edited"
            ),
            SchemaError::Failed { version, description } => write!(
                f,
                "migration {version} ({description}) started and did not finish: restore the backup taken before the \
                 upgrade and start again"
            ),
        }
    }
}

impl std::error::Error for SchemaError {}

/// Compare the database's applied migrations with the binary's: the plan, or why not to go on.
/// A newer database is reported before anything else, since that is what its operator has to
/// fix first.
pub fn check(known: &[KnownMigration], applied: &[AppliedMigration]) -> Result<MigrationPlan, SchemaError> {
    let binary_version = known.iter().map(|m| m.version).max().unwrap_or(0);
    if let Some(newest) = applied.iter().filter(|a| a.version > binary_version).max_by_key(|a| a.version) {
        return Err(SchemaError::Newer {
            database_version: newest.version,
            description: newest.description.clone(),
            binary_version,
        });
    }
    for applied in applied {
        if !applied.success {
            return Err(SchemaError::Failed { version: applied.version, description: applied.description.clone() });
        }
        if let Some(known) = known.iter().find(|k| k.version == applied.version)
            && known.checksum != applied.checksum
        {
            return Err(SchemaError::Changed { version: applied.version, description: applied.description.clone() });
        }
    }
    let pending = known.iter().filter(|k| !applied.iter().any(|a| a.version == k.version)).cloned().collect();
    Ok(MigrationPlan { database_version: applied.iter().map(|a| a.version).max(), binary_version, pending })
}

/// The statements of a migration, one line each: each top-level statement's first line
/// (statements start at the line's first column in our migrations; bodies and continuations
/// are indented), without comments. What `--dry-run` shows of a pending migration.
pub fn statements(sql: &str) -> Vec<String> {
    sql.lines()
        .filter(|line| line.starts_with(|c: char| c.is_ascii_uppercase()))
        .map(|line| {
            let line = line.split(" --").next().unwrap_or(line).trim_end();
            let line = line.strip_suffix('(').unwrap_or(line).trim_end();
            line.strip_suffix(';').unwrap_or(line).to_string()
        })
        .collect()
}

/// The migrations this binary carries for a database of this dialect.
pub fn known_migrations(dialect: Dialect) -> Vec<KnownMigration> {
    let migrator = match dialect {
        Dialect::Postgres => &super::postgres::MIGRATOR,
        Dialect::Sqlite => &super::sqlite::MIGRATOR,
    };
    migrator
        .iter()
        .filter(|m| m.migration_type.is_up_migration())
        .map(|m| KnownMigration {
            version: m.version,
            description: m.description.to_string(),
            checksum: m.checksum.to_vec(),
            sql: m.sql.to_string(),
        })
        .collect()
}

impl Store {
    /// The migrations the database records as applied (none when it has never been migrated).
    pub async fn applied_migrations(&self) -> StoreResult<Vec<AppliedMigration>> {
        let exists = match self.dialect() {
            Dialect::Sqlite => "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
            Dialect::Postgres => "SELECT COUNT(*) FROM pg_tables WHERE tablename = '_sqlx_migrations'",
        };
        let mut read = self.read().await?;
        let (tables,): (i64,) = read.fetch_one(exists, vec![]).await?;
        if tables == 0 {
            return Ok(Vec::new());
        }
        let sql = format!("SELECT {} FROM _sqlx_migrations ORDER BY version", AppliedMigration::COLUMNS);
        read.fetch_all(&sql, vec![]).await
    }

    /// What migrating this database would do, or why this binary must not.
    pub async fn migration_plan(&self) -> anyhow::Result<MigrationPlan> {
        Ok(check(&known_migrations(self.dialect()), &self.applied_migrations().await?)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(version: i64, checksum: u8) -> KnownMigration {
        KnownMigration { version, description: format!("m{version}"), checksum: vec![checksum], sql: String::new() }
    }

    fn applied(version: i64, checksum: u8, success: bool) -> AppliedMigration {
        AppliedMigration { version, description: format!("m{version}"), checksum: vec![checksum], success }
    }

    #[test]
    fn an_empty_database_gets_every_migration() {
        let plan = check(&[known(1, 1), known(2, 2)], &[]).unwrap();
        assert_eq!(plan.database_version, None);
        assert_eq!(plan.binary_version, 2);
        assert_eq!(plan.pending.iter().map(|m| m.version).collect::<Vec<_>>(), vec![1, 2]);
    }

    #[test]
    fn an_older_database_gets_the_missing_ones_in_order() {
        let plan = check(&[known(1, 1), known(2, 2), known(3, 3)], &[applied(1, 1, true)]).unwrap();
        assert_eq!(plan.database_version, Some(1));
        assert_eq!(plan.pending.iter().map(|m| m.version).collect::<Vec<_>>(), vec![2, 3]);
    }

    #[test]
    fn a_current_database_needs_nothing() {
        let plan = check(&[known(1, 1), known(2, 2)], &[applied(1, 1, true), applied(2, 2, true)]).unwrap();
        assert_eq!(plan.database_version, Some(2));
        assert!(plan.pending.is_empty());
    }

    #[test]
    fn a_newer_database_is_refused_naming_its_newest_migration() {
        let err = check(&[known(1, 1)], &[applied(1, 1, true), applied(2, 2, true), applied(3, 3, true)]).unwrap_err();
        assert_eq!(err, SchemaError::Newer { database_version: 3, description: "m3".into(), binary_version: 1 });
        let message = err.to_string();
        assert!(message.contains("migration 3 (m3)") && message.contains("up to 1"), "{message}");
    }

    #[test]
    fn a_newer_database_is_reported_before_a_changed_migration() {
        let err = check(&[known(1, 1)], &[applied(1, 9, true), applied(2, 2, true)]).unwrap_err();
        assert!(matches!(err, SchemaError::Newer { database_version: 2, .. }), "{err:?}");
    }

    #[test]
    fn an_edited_migration_is_refused() {
        let err = check(&[known(1, 1), known(2, 2)], &[applied(1, 7, true)]).unwrap_err();
        assert_eq!(err, SchemaError::Changed { version: 1, description: "m1".into() });
    }

    #[test]
    fn a_migration_that_did_not_finish_is_refused() {
        let err = check(&[known(1, 1), known(2, 2)], &[applied(1, 1, true), applied(2, 2, false)]).unwrap_err();
        assert_eq!(err, SchemaError::Failed { version: 2, description: "m2".into() });
    }

    #[test]
    fn statements_are_the_unindented_lines_without_comments() {
        let sql = "-- Why this migration.\nCREATE TABLE audit_log (\n    id INTEGER PRIMARY KEY\n);\n\
                   CREATE INDEX audit_log_account ON audit_log(account_id); -- search by account\n\
                   ALTER TABLE users ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT FALSE;\n";
        assert_eq!(
            statements(sql),
            vec![
                "CREATE TABLE audit_log",
                "CREATE INDEX audit_log_account ON audit_log(account_id)",
                "ALTER TABLE users ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT FALSE",
            ]
        );
    }
}
