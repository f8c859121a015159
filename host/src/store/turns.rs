//! Claiming work accounts in turn (issue 15 part 8, noisy neighbours): the shared rule of every
//! work queue's claim (jobs, flow inputs, inbound downloads, outbox sends), and of the leases of
//! long work a host runs side by side (broadcasts, contact imports: [`HostShare`]).

use super::Arg;
use super::args::push_list;
use super::tx::Dialect;

/// Which due rows a claim takes, accounts in turn (issue 15 part 8): every work queue of the
/// host (jobs, flow inputs, downloads, sends) is one table shared by all accounts, and taking it
/// in id or due-time order lets an account with 10,000 due rows starve one with a single row
/// for as long as its backlog lasts. Instead each account's due rows are numbered in the old
/// order (its turn), and a claim takes every account's first row, then every account's second
/// …, each turn in the old order: one account's backlog then delays another's work by at most
/// one row per account per turn. Only each account's first rows can be in the first `limit`
/// turns, so on PostgreSQL a claim numbers no more than those: for each account (from
/// `accounts`) its first [`SPARE`] × `limit` due rows, read in order through an index that
/// starts with the account (`<table>_account_due`, LATERAL). Numbering every due row made each
/// claim read the whole backlog: 100,000 due jobs took more than 10 minutes to drain there.
/// SQLite, in process, numbers every due row (one scan of the due index per claim).
pub(super) struct Turns<'a> {
    /// The table, read under the alias `t`.
    pub table: &'a str,
    /// Which rows are due, a condition on `t` (it may hold placeholders).
    pub due: &'a str,
    /// The old order within an account (and between accounts in a turn), on `t`.
    pub order: &'a str,
    /// For a claim of one row at a time: the placeholder of the account served last, so the
    /// next turn goes to the account after it (accounts by id, wrapping round). With one row
    /// per claim the turn alone would always go to the account whose first row is oldest; and
    /// since every account's oldest row is in the first turn, no numbering is needed then: the
    /// query is a scan for the least row in that order, without the sort of every due row (the
    /// outbox claims once per send, so this cost counts).
    pub after_account: Option<&'a str>,
    /// The placeholder (or literal) of how many rows to take (one with `after_account`).
    pub limit: &'a str,
}

impl Turns<'_> {
    /// A `SELECT` of the ids of the rows to claim. On PostgreSQL the rows are locked
    /// (`FOR UPDATE SKIP LOCKED`) by an outer query over the numbered ones, since PostgreSQL
    /// refuses a lock in the `SELECT` that holds the window function; rows another host holds
    /// are skipped before the limit counts, and the outer query checks `due` again on what it
    /// locks (a row another transaction changed is read afresh).
    pub(super) fn sql(&self, dialect: Dialect) -> String {
        let Turns { table, due, order, after_account, limit } = self;
        let (recheck, lock) = match dialect {
            Dialect::Sqlite => (String::new(), ""),
            Dialect::Postgres => (format!(" WHERE {due}"), " FOR UPDATE OF t SKIP LOCKED"),
        };
        if let Some(after) = after_account {
            return format!(
                "SELECT t.id FROM {table} t WHERE {due} \
                 ORDER BY CASE WHEN t.account_id > {after} THEN 0 ELSE 1 END, t.account_id, {order} LIMIT 1{lock}"
            );
        }
        match dialect {
            // No lock to take, so no join back to the table: with statistics taken while the
            // table was nearly empty, SQLite planned such a join as a scan of the numbered rows
            // for every row of the table (8,000 due jobs: 53 s to drain instead of 0.8 s). For
            // the same reason SQLite numbers every due row: without LATERAL, each account's
            // first rows would be an `IN (…)` subquery on the account, which such statistics
            // make SQLite run once per row of the table (10 s per claim over 80,000 due jobs).
            Dialect::Sqlite => format!(
                "SELECT t.id FROM (SELECT t.*, ROW_NUMBER() OVER (PARTITION BY t.account_id ORDER BY {order}) \
                 AS turn FROM {table} t WHERE {due}) t ORDER BY t.turn, {order} LIMIT {limit}"
            ),
            // The numbered rows are a MATERIALIZED CTE, made once per claim whatever the plan:
            // as a join, with statistics taken while the table was nearly empty (autovacuum
            // had not caught up with a burst), the generic plan of the prepared statement
            // numbered them again for every due row of the table (10,000 flow inputs at once:
            // one claim took 51 s, and 895 sessions moved in 10 minutes).
            Dialect::Postgres => format!(
                "WITH r AS MATERIALIZED (SELECT r.id, r.turn FROM accounts a CROSS JOIN LATERAL \
                 (SELECT t.id, ROW_NUMBER() OVER (ORDER BY {order}) AS turn FROM {table} t \
                 WHERE t.account_id = a.id AND {due} ORDER BY {order} LIMIT {limit} * {SPARE}) r) \
                 SELECT t.id FROM r JOIN {table} t ON t.id = r.id{recheck} ORDER BY r.turn, {order} LIMIT {limit}{lock}"
            ),
        }
    }
}

/// How many times `limit` of each account's first due rows a claim numbers. More than one, so
/// that on PostgreSQL a claim finds rows to take past those other hosts' claims hold
/// (`SKIP LOCKED`): with one account's backlog and up to three other hosts claiming, the rows
/// after theirs are still among the numbered ones.
const SPARE: i64 = 4;

/// `items` (in the old order) with the accounts in turn, as [`Turns`] claimed them: each
/// account's first item, then each one's second …, the old order kept within a turn. The
/// workers run a claimed batch in the order given, so a lone item of another account runs
/// among the first rather than after the whole backlog it was claimed beside.
pub(super) fn in_turn<T>(items: Vec<T>, account: impl Fn(&T) -> i64) -> Vec<T> {
    let mut seen: std::collections::HashMap<i64, usize> = std::collections::HashMap::new();
    let mut numbered: Vec<(usize, T)> = items
        .into_iter()
        .map(|item| {
            let turn = seen.entry(account(&item)).or_default();
            *turn += 1;
            (*turn, item)
        })
        .collect();
    // Stable: the old order within a turn.
    numbered.sort_by_key(|(turn, _)| *turn);
    numbered.into_iter().map(|(_, item)| item).collect()
}

/// What a host already runs of one kind of leased work (broadcasts, contact imports), by
/// account, for the lease of the next one: a unit running here is never leased again by this
/// host (its lease may lapse while a long chunk runs; another host may then take it over, and
/// the unit's own guards keep that safe, but two tasks of one host would only compete), an
/// account at its share on this host (`full`) is skipped, and an account running nothing here
/// goes before one that does (`busy`). So one account's ten broadcasts, or its import of a
/// million rows, hold at most its share of the host's places, and another account's work starts
/// at the next free one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HostShare {
    /// The units running here.
    pub running: Vec<i64>,
    /// Accounts with work running here.
    pub busy: Vec<i64>,
    /// Accounts that may not lease more here now.
    pub full: Vec<i64>,
}

impl HostShare {
    /// A condition on the unit's `id` and `account` columns and the start of an `ORDER BY`,
    /// each ending where the caller's own goes on; the ids are pushed on `args`.
    pub(super) fn clauses(&self, id: &str, account: &str, args: &mut Vec<Arg>) -> (String, String) {
        let mut conditions = vec!["TRUE".to_string()];
        if !self.running.is_empty() {
            conditions.push(format!("{id} NOT IN ({})", push_list(args, self.running.iter().copied())));
        }
        if !self.full.is_empty() {
            conditions.push(format!("{account} NOT IN ({})", push_list(args, self.full.iter().copied())));
        }
        let condition = conditions.join(" AND ");
        let order = if self.busy.is_empty() {
            String::new()
        } else {
            format!("CASE WHEN {account} IN ({}) THEN 1 ELSE 0 END, ", push_list(args, self.busy.iter().copied()))
        };
        (condition, order)
    }
}

#[cfg(test)]
mod tests {
    use super::{HostShare, in_turn};

    #[test]
    fn a_lease_skips_full_accounts_and_puts_busy_ones_last() {
        let mut args = vec![super::Arg::from(7_i64)];
        let share = HostShare { running: vec![10, 11, 12], busy: vec![1, 2], full: vec![2] };
        let (condition, order) = share.clauses("b.id", "b.account_id", &mut args);
        assert_eq!(condition, "TRUE AND b.id NOT IN ($2, $3, $4) AND b.account_id NOT IN ($5)");
        assert_eq!(order, "CASE WHEN b.account_id IN ($6, $7) THEN 1 ELSE 0 END, ");
        assert_eq!(args.len(), 7);
        let (condition, order) = HostShare::default().clauses("b.id", "b.account_id", &mut args);
        assert_eq!((condition.as_str(), order.as_str()), ("TRUE", ""));
        assert_eq!(args.len(), 7, "nothing to bind when nothing runs");
    }

    #[test]
    fn each_account_gets_its_first_item_before_any_gets_its_second() {
        // (account, item) in the old order: account 1's backlog first, account 2's lone item last.
        let items = vec![(1, "a1"), (1, "a2"), (1, "a3"), (3, "c1"), (2, "b1"), (3, "c2")];
        let ordered: Vec<&str> = in_turn(items, |(account, _)| *account).into_iter().map(|(_, i)| i).collect();
        assert_eq!(ordered, ["a1", "c1", "b1", "a2", "c2", "a3"]);
        assert!(in_turn(Vec::<(i64, &str)>::new(), |(a, _)| *a).is_empty());
    }
}
