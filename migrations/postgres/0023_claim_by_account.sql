-- Claiming work accounts in turn (issue 15 part 8; host/src/store/turns.rs): a claim reads only
-- each account's first due rows, found through an index that starts with the account, instead
-- of numbering every due row of the table on every claim (100,000 due jobs on PostgreSQL took
-- more than 10 minutes to drain that way).
-- SQLite numbers every due row instead and has no such indexes (../sqlite/0023_claim_by_account.sql).

CREATE INDEX jobs_account_due ON jobs(account_id, run_at, id) WHERE state = 'pending';
CREATE INDEX flow_inputs_account_due ON flow_inputs(account_id, id) WHERE state = 'pending';
CREATE INDEX media_account_due ON media(account_id, id) WHERE state = 'pending';
