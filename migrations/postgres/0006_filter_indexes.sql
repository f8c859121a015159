-- The agent and department filters (L2) sort by the list's own key, COALESCE(last_message_at,
-- created_at), so their indexes carry that expression: with last_message_at alone they could
-- not give the order, and a department's page on "oldest" walked every chat of the account.
-- Keep in step with ../sqlite/0006_filter_indexes.sql.
DROP INDEX conversations_agent_recent;
DROP INDEX conversations_department_recent;
CREATE INDEX conversations_agent_activity ON conversations(account_id, agent_id, (COALESCE(last_message_at, created_at)), id);
CREATE INDEX conversations_department_activity ON conversations(account_id, department_id, (COALESCE(last_message_at, created_at)), id);
