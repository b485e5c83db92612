-- Sign-in that slows guessing without locking owners out, one-time sign-in
-- links by email, the safety officer's second factor, and appointing a
-- safety officer only with a second person's approval (docs/decisions/0011).

-- Failures counted per email address typed and per client, each by a hash
-- (`account:` or `client:` and a SHA-256), never the address itself. Rows of
-- a quiet day are deleted.
CREATE TABLE sign_in_throttle (
    key TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    last_failure_at INTEGER NOT NULL
) WITHOUT ROWID;
ALTER TABLE users DROP COLUMN failed_sign_ins;
ALTER TABLE users DROP COLUMN locked_until;

-- When the person was given their current role: an approver must have held
-- theirs a while.
ALTER TABLE users ADD COLUMN role_since INTEGER NOT NULL DEFAULT 0;
UPDATE users SET role_since = created_at;

-- One-time sign-in links sent by email; only a hash of the secret is kept.
CREATE TABLE sign_in_links (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sign_in_links_by_user ON sign_in_links (user_id);

-- Mail whose body is a secret (a sign-in link): never shown to
-- administrators, and blanked once sent.
ALTER TABLE outbox_emails ADD COLUMN secret BOOLEAN NOT NULL DEFAULT 0;

-- The second factor (TOTP) of those who need one. `pending_*` is what was
-- offered and is not yet confirmed with a code.
CREATE TABLE second_factors (
    user_id INTEGER PRIMARY KEY REFERENCES users(id),
    secret TEXT,
    enrolled_at INTEGER,
    last_used_step INTEGER,
    pending_secret TEXT,
    pending_recovery_codes TEXT
);
CREATE TABLE recovery_codes (
    user_id INTEGER NOT NULL REFERENCES users(id),
    code_hash TEXT NOT NULL,
    used_at INTEGER,
    PRIMARY KEY (user_id, code_hash)
) WITHOUT ROWID;

-- Asking for someone to become (or stay able to sign in as) the safety
-- officer; decided by a quality lead or the current safety officer.
CREATE TABLE safety_officer_requests (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    kind TEXT NOT NULL,
    -- The account concerned; for a new account, set once it is made.
    user_id INTEGER REFERENCES users(id),
    -- A new account's details (JSON: email, name, job_title, team_id, service_ids).
    new_person TEXT,
    -- The password chosen for a new account or a reset, until decided.
    password_hash TEXT,
    requested_by INTEGER NOT NULL REFERENCES users(id),
    requested_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    decision TEXT,
    decided_by INTEGER REFERENCES users(id),
    decided_at INTEGER
);
CREATE INDEX safety_officer_requests_open ON safety_officer_requests (organisation_id, requested_at) WHERE decision IS NULL;

-- Safety officers sign in again, this time with their second factor.
DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE role = 'safety');
