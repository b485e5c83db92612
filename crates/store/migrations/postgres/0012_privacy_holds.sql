-- Privacy that holds against a copy of the database (docs/decisions/0010):
-- nothing written with an anonymous report may be ordered by insertion.

-- 1. Inbox messages, emails and regulator notifications take random ids
--    (store/src/row_id.rs) instead of a sequence. Existing rows are re-keyed;
--    audit entries that named a notification by its old id still name its
--    report.
ALTER TABLE inbox_messages ALTER COLUMN id DROP IDENTITY;
ALTER TABLE outbox_emails ALTER COLUMN id DROP IDENTITY;
ALTER TABLE regulator_notifications ALTER COLUMN id DROP IDENTITY;
UPDATE inbox_messages SET id = floor(random() * 9007199254740990)::bigint + 1;
UPDATE outbox_emails SET id = floor(random() * 9007199254740990)::bigint + 1;
UPDATE regulator_notifications SET id = floor(random() * 9007199254740990)::bigint + 1;
-- The outbox lists newest first by time, now that ids say nothing of order.
DROP INDEX outbox_by_organisation;
CREATE INDEX outbox_by_organisation ON outbox_emails (organisation_id, created_at DESC, id DESC);

-- 2. The public link's flood guard counts in the server's memory now, so no
--    row records the minute of the last public report.
DROP TABLE public_link_usage;
