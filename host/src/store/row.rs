//! A row type declared once: `row! { struct MessageRow { id: i64, body: Option<String>, … } }`
//! gives the struct, its decoder on PostgreSQL (sqlx's `FromRow`) and on SQLite
//! ([`FromSqliteRow`](super::sqlite::rows::FromSqliteRow)), both reading the columns named like
//! the fields, and `MessageRow::COLUMNS`, the field names as a SELECT lists them
//! (`"id, body, …"`), and `MessageRow::columns_of("m")` for a table alias (`"m.id, m.body, …"`).

/// Declares a row type once; see the module documentation.
#[macro_export]
macro_rules! row {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident {
            $($(#[$field_meta:meta])* $field_vis:vis $field:ident : $type:ty),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(sqlx::FromRow)]
        $vis struct $name {
            $($(#[$field_meta])* $field_vis $field: $type),+
        }

        impl $crate::store::sqlite::rows::FromSqliteRow for $name {
            fn from_sqlite(row: &rusqlite::Row<'_>) -> rusqlite::Result<Self> {
                Ok($name { $($field: row.get(stringify!($field))?),+ })
            }
        }

        #[allow(dead_code)]
        impl $name {
            /// The columns, in the fields' order, as a SELECT lists them.
            $vis const COLUMNS: &'static str = $crate::row!(@columns $($field),+);

            /// The columns qualified by a table alias: `"m.id, m.body, …"`.
            $vis fn columns_of(alias: &str) -> String {
                [$(stringify!($field)),+].iter().map(|field| format!("{alias}.{field}")).collect::<Vec<_>>().join(", ")
            }
        }
    };
    (@columns $first:ident $(, $rest:ident)*) => {
        concat!(stringify!($first) $(, ", ", stringify!($rest))*)
    };
}
