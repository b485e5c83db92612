-- Email waiting to go, or gone: written in the same transaction as the inbox
-- message it accompanies, sent by a background task when SMTP is configured,
-- and listed for administrators either way.
CREATE TABLE outbox_emails (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    to_address TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    -- Mail about a report is listed without its body: administrators do not
    -- read report content.
    about_report BOOLEAN NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    sent_at INTEGER,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    next_attempt_at INTEGER NOT NULL,
    -- A sender holds a message until then, so two servers never send it twice.
    claimed_until INTEGER
);
CREATE INDEX outbox_pending ON outbox_emails (next_attempt_at) WHERE sent_at IS NULL;
CREATE INDEX outbox_by_organisation ON outbox_emails (organisation_id, id DESC);
