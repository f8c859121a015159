//! Query arguments that bind to either backend, so one SQL text serves both.

/// One bound value.
#[derive(Debug, Clone)]
pub enum Arg {
    I64(i64),
    OptI64(Option<i64>),
    Text(String),
    OptText(Option<String>),
    Bool(bool),
    OptBool(Option<bool>),
    /// A BLOB (SQLite) or BYTEA (PostgreSQL).
    Bytes(Vec<u8>),
}

impl From<i64> for Arg {
    fn from(v: i64) -> Self {
        Arg::I64(v)
    }
}
impl From<Option<i64>> for Arg {
    fn from(v: Option<i64>) -> Self {
        Arg::OptI64(v)
    }
}
impl From<String> for Arg {
    fn from(v: String) -> Self {
        Arg::Text(v)
    }
}
impl From<&str> for Arg {
    fn from(v: &str) -> Self {
        Arg::Text(v.to_string())
    }
}
impl From<&String> for Arg {
    fn from(v: &String) -> Self {
        Arg::Text(v.clone())
    }
}
impl From<Option<String>> for Arg {
    fn from(v: Option<String>) -> Self {
        Arg::OptText(v)
    }
}
impl From<Option<&str>> for Arg {
    fn from(v: Option<&str>) -> Self {
        Arg::OptText(v.map(str::to_string))
    }
}
impl From<Vec<u8>> for Arg {
    fn from(v: Vec<u8>) -> Self {
        Arg::Bytes(v)
    }
}
impl From<Option<bool>> for Arg {
    fn from(v: Option<bool>) -> Self {
        Arg::OptBool(v)
    }
}
impl From<bool> for Arg {
    fn from(v: bool) -> Self {
        Arg::Bool(v)
    }
}

/// Build a `Vec<Arg>` from values of mixed types: `args![id, "text", Some(3)]`.
#[macro_export]
macro_rules! args {
    ($($value:expr),* $(,)?) => { vec![$($crate::store::Arg::from($value)),*] };
}

/// Bind every argument to a sqlx query (`query` or `query_as`) of any backend.
macro_rules! bind_all {
    ($query:expr, $args:expr) => {{
        let mut query = $query;
        for arg in $args {
            query = match arg {
                $crate::store::Arg::I64(v) => query.bind(v),
                $crate::store::Arg::OptI64(v) => query.bind(v),
                $crate::store::Arg::Text(v) => query.bind(v),
                $crate::store::Arg::OptText(v) => query.bind(v),
                $crate::store::Arg::Bool(v) => query.bind(v),
                $crate::store::Arg::OptBool(v) => query.bind(v),
                $crate::store::Arg::Bytes(v) => query.bind(v),
            };
        }
        query
    }};
}
pub(crate) use bind_all;

/// Push `values` after the arguments already in `args` and give their placeholders,
/// `"$4, $5, $6"`: an `IN (…)` list, or one row of a multi-row `VALUES`.
pub(crate) fn push_list<T: Into<Arg>>(args: &mut Vec<Arg>, values: impl IntoIterator<Item = T>) -> String {
    let slots: Vec<String> = values
        .into_iter()
        .map(|value| {
            args.push(value.into());
            format!("${}", args.len())
        })
        .collect();
    slots.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_is_numbered_after_the_arguments_before_it() {
        let mut args = vec![Arg::from(7_i64)];
        assert_eq!(push_list(&mut args, [1_i64, 2, 3]), "$2, $3, $4");
        assert_eq!(push_list(&mut args, ["a"]), "$5");
        assert_eq!(push_list(&mut args, Vec::<i64>::new()), "");
        assert_eq!(args.len(), 5);
    }
}
