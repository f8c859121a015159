-- Search (L4): SQLite reads the open chats (a few thousand rows, microseconds each) and needs
-- no index for it; this version exists so both databases carry the same migration versions.
-- Keep in step with ../postgres/0005_search_indexes.sql.
SELECT 1;
