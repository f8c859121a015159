//! How the SQL text of the store runs on rusqlite: `$N` parameters bound by number (so the
//! same text serves PostgreSQL), [`Arg`]s as SQLite values, rows decoded into the store's row
//! types, and SQLite's errors turned into [`StoreError`]s.

use rusqlite::types::{FromSql, ToSqlOutput, Value, ValueRef};
use rusqlite::{Connection, Row, Statement, ToSql};

use crate::store::{Arg, StoreError, StoreResult};

/// A row type SQLite rows decode into (the PostgreSQL side uses sqlx's `FromRow`).
pub trait FromSqliteRow: Sized {
    fn from_sqlite(row: &Row<'_>) -> rusqlite::Result<Self>;
}

macro_rules! tuple_rows {
    ($($name:ident : $index:tt),+) => {
        impl<$($name: FromSql),+> FromSqliteRow for ($($name,)+) {
            fn from_sqlite(row: &Row<'_>) -> rusqlite::Result<Self> {
                Ok(($(row.get::<_, $name>($index)?,)+))
            }
        }
    };
}

tuple_rows!(A: 0);
tuple_rows!(A: 0, B: 1);
tuple_rows!(A: 0, B: 1, C: 2);
tuple_rows!(A: 0, B: 1, C: 2, D: 3);
tuple_rows!(A: 0, B: 1, C: 2, D: 3, E: 4);
tuple_rows!(A: 0, B: 1, C: 2, D: 3, E: 4, F: 5);
tuple_rows!(A: 0, B: 1, C: 2, D: 3, E: 4, F: 5, G: 6);
tuple_rows!(A: 0, B: 1, C: 2, D: 3, E: 4, F: 5, G: 6, H: 7);
tuple_rows!(A: 0, B: 1, C: 2, D: 3, E: 4, F: 5, G: 6, H: 7, I: 8);
tuple_rows!(A: 0, B: 1, C: 2, D: 3, E: 4, F: 5, G: 6, H: 7, I: 8, J: 9);

impl ToSql for Arg {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            Arg::I64(v) => ToSqlOutput::Owned(Value::Integer(*v)),
            Arg::OptI64(v) => v.map_or(ToSqlOutput::Owned(Value::Null), |v| ToSqlOutput::Owned(Value::Integer(v))),
            Arg::Text(v) => ToSqlOutput::Borrowed(ValueRef::Text(v.as_bytes())),
            Arg::OptText(v) => v
                .as_deref()
                .map_or(ToSqlOutput::Owned(Value::Null), |v| ToSqlOutput::Borrowed(ValueRef::Text(v.as_bytes()))),
            Arg::Bool(v) => ToSqlOutput::Owned(Value::Integer(i64::from(*v))),
            Arg::OptBool(v) => {
                v.map_or(ToSqlOutput::Owned(Value::Null), |v| ToSqlOutput::Owned(Value::Integer(i64::from(v))))
            }
            Arg::Bytes(v) => ToSqlOutput::Borrowed(ValueRef::Blob(v)),
        })
    }
}

/// Bind `args` to `$1`, `$2` … wherever they appear in the statement (SQLite numbers named
/// parameters in order of first appearance, which need not be numeric order).
fn bind(statement: &mut Statement<'_>, args: &[Arg]) -> StoreResult<()> {
    for index in 1..=statement.parameter_count() {
        let number = match statement.parameter_name(index) {
            Some(name) => name
                .strip_prefix('$')
                .and_then(|n| n.parse::<usize>().ok())
                .ok_or_else(|| StoreError::Internal(format!("unsupported SQL parameter {name}")))?,
            None => index,
        };
        let arg = args
            .get(number - 1)
            .ok_or_else(|| StoreError::Internal(format!("SQL parameter ${number} has no argument")))?;
        statement.raw_bind_parameter(index, arg)?;
    }
    Ok(())
}

/// Run a statement to its end; the rows it changed.
pub fn execute(conn: &Connection, sql: &str, args: &[Arg]) -> StoreResult<u64> {
    let mut statement = conn.prepare_cached(sql)?;
    bind(&mut statement, args)?;
    let mut rows = statement.raw_query();
    while rows.next()?.is_some() {}
    Ok(conn.changes())
}

/// Every row of a query, decoded.
pub fn fetch_all<T: FromSqliteRow>(conn: &Connection, sql: &str, args: &[Arg]) -> StoreResult<Vec<T>> {
    let mut statement = conn.prepare_cached(sql)?;
    bind(&mut statement, args)?;
    let mut rows = statement.raw_query();
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.push(T::from_sqlite(row)?);
    }
    Ok(out)
}

/// The first row of a query, if any. The statement still runs to its end, so an
/// `INSERT … RETURNING` of several rows writes them all, as on PostgreSQL.
pub fn fetch_optional<T: FromSqliteRow>(conn: &Connection, sql: &str, args: &[Arg]) -> StoreResult<Option<T>> {
    let mut statement = conn.prepare_cached(sql)?;
    bind(&mut statement, args)?;
    let mut rows = statement.raw_query();
    let first = match rows.next()? {
        Some(row) => Some(T::from_sqlite(row)?),
        None => None,
    };
    while rows.next()?.is_some() {}
    Ok(first)
}

impl From<rusqlite::Error> for StoreError {
    fn from(err: rusqlite::Error) -> Self {
        match &err {
            rusqlite::Error::QueryReturnedNoRows => StoreError::NotFound,
            rusqlite::Error::SqliteFailure(code, message)
                if matches!(
                    code.extended_code,
                    rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE | rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY
                ) =>
            {
                tracing::debug!(error = ?message, "unique violation");
                StoreError::Conflict(super::super::DUPLICATE.into())
            }
            _ => StoreError::Sqlite(err),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_bind_by_number_wherever_they_appear() {
        let conn = Connection::open_in_memory().unwrap();
        let row: (String, i64, Option<i64>) = fetch_optional(
            &conn,
            "SELECT $2 || '-' || $2, $1, $3",
            &[Arg::I64(7), Arg::Text("b".into()), Arg::OptI64(None)],
        )
        .unwrap()
        .unwrap();
        assert_eq!(row, ("b-b".to_string(), 7, None));
    }

    #[test]
    fn a_unique_violation_is_a_conflict_and_no_row_is_not_found() {
        let conn = Connection::open_in_memory().unwrap();
        execute(&conn, "CREATE TABLE t (k TEXT PRIMARY KEY, u TEXT UNIQUE)", &[]).unwrap();
        execute(&conn, "INSERT INTO t VALUES ($1, $2)", &[Arg::Text("a".into()), Arg::Text("x".into())]).unwrap();
        let again = execute(&conn, "INSERT INTO t VALUES ($1, $2)", &[Arg::Text("b".into()), Arg::Text("x".into())]);
        assert!(matches!(again, Err(StoreError::Conflict(_))), "{again:?}");
        let none: Option<(String,)> =
            fetch_optional(&conn, "SELECT k FROM t WHERE k = $1", &[Arg::Text("z".into())]).unwrap();
        assert!(none.is_none());
        assert_eq!(
            execute(&conn, "UPDATE t SET u = $1 WHERE k = $2", &[Arg::Text("y".into()), Arg::Text("a".into())])
                .unwrap(),
            1
        );
    }

    #[test]
    fn a_missing_argument_is_an_error_not_a_null() {
        let conn = Connection::open_in_memory().unwrap();
        assert!(fetch_optional::<(i64,)>(&conn, "SELECT $2", &[Arg::I64(1)]).is_err());
    }
}
