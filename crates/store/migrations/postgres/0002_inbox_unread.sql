-- The unread badge on every page counts from this small partial index.
CREATE INDEX inbox_unread ON inbox_messages (user_id) WHERE read_at IS NULL;
