-- Test runs of a flow's draft (issue 16 part 7): a start input may name the revision to start
-- (a test snapshot, numbered minus its draft version; none: the newest published one), and each
-- step of a session keeps what it did (messages, fields, tags, variables, a service opened),
-- for the editor's test panel and the chat's history of flows.
-- Keep in step with ../postgres/0024_flow_test_runs.sql.

ALTER TABLE flow_inputs ADD COLUMN revision INTEGER;
ALTER TABLE flow_steps ADD COLUMN effects TEXT NOT NULL DEFAULT '[]';
