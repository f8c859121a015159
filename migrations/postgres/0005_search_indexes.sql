-- Search (L4) without reading every chat: trigram indexes answer "name or phone contains …"
-- and a pattern index answers "protocol starts with …". Keep in step with
-- ../sqlite/0005_search_indexes.sql (same version).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX contacts_name_trigrams ON contacts USING gin (LOWER(name) gin_trgm_ops);
CREATE INDEX contacts_phone_trigrams ON contacts USING gin (phone gin_trgm_ops);
CREATE INDEX services_protocol_prefix ON services (protocol text_pattern_ops) WHERE closed_at IS NULL;
