-- The dashboard (issue 14 part 5): messages counted per account, channel, UTC hour and
-- direction by a roll-up that trails the clock (messages older than its watermark are in the
-- counters; the newer minutes are counted live from the (account_id, created_at) index), so the
-- dashboard never scans the message table; and what a service needs for response and service
-- times per agent and department: when an agent first answered it and the department it
-- ended in. Keep in step with ../sqlite/0020_dashboard.sql.

CREATE TABLE message_hours (
    account_id  BIGINT  NOT NULL REFERENCES accounts(id),
    channel_id  BIGINT  NOT NULL,
    hour        BIGINT  NOT NULL,
    direction   TEXT    NOT NULL,
    n           BIGINT  NOT NULL,
    PRIMARY KEY (account_id, hour, channel_id, direction)
);

CREATE TABLE message_rollup (
    id              BIGINT  PRIMARY KEY CHECK (id = 1),
    counted_until   BIGINT  NOT NULL
);

CREATE INDEX messages_created ON messages(created_at);

ALTER TABLE services ADD COLUMN first_response_at BIGINT ;
ALTER TABLE services ADD COLUMN department_id BIGINT ;
CREATE INDEX services_opened ON services(account_id, opened_at);
CREATE INDEX services_closed ON services(account_id, closed_at);
