-- Onboarding: invitations by email to set one's own password (a hash of each
-- one-time secret only), and invitation email whose link is blanked once sent.

-- One row per invitation sent. A new invitation to the same person deletes
-- the unused ones (a re-sent link voids the old); an accepted one keeps its
-- row, with `accepted_at`, so the people list can say who has joined.
CREATE TABLE invitations (
    token_hash TEXT PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    invited_by INTEGER REFERENCES users(id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    accepted_at INTEGER
) WITHOUT ROWID;
CREATE INDEX invitations_by_user ON invitations (user_id, created_at);

-- Mail that carries a one-time link the administrators may hand over while
-- no SMTP server is set: shown on the outbox page until sent, then blanked.
ALTER TABLE outbox_emails ADD COLUMN link_until_sent BOOLEAN NOT NULL DEFAULT 0;
