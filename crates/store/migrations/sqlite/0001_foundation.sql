-- Learnloop foundation: organisations, people, sessions, reports, inbox, audit.
-- Times are Unix seconds (UTC) in INTEGER columns; see docs/decisions/0002-portable-sql.md.

CREATE TABLE organisations (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    public_report_key TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
);

CREATE TABLE services (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (organisation_id, slug)
);

CREATE TABLE teams (
    id INTEGER PRIMARY KEY,
    service_id INTEGER NOT NULL REFERENCES services(id),
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (service_id, slug)
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    job_title TEXT NOT NULL,
    role TEXT NOT NULL,
    team_id INTEGER REFERENCES teams(id),
    password_hash TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1,
    failed_sign_ins INTEGER NOT NULL DEFAULT 0,
    locked_until INTEGER,
    created_at INTEGER NOT NULL
);
CREATE INDEX users_by_organisation ON users (organisation_id, name);

-- The services a person works in (staff) or manages (managers).
CREATE TABLE user_services (
    user_id INTEGER NOT NULL REFERENCES users(id),
    service_id INTEGER NOT NULL REFERENCES services(id),
    PRIMARY KEY (user_id, service_id)
);
CREATE INDEX user_services_by_service ON user_services (service_id);

-- Browser sessions and API tokens; only a hash of the secret is stored.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER
);
CREATE INDEX sessions_by_user ON sessions (user_id);

-- Report ids are random, not sequential, so that row order reveals nothing
-- about when an anonymous report was made.
CREATE TABLE reports (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    service_id INTEGER NOT NULL REFERENCES services(id),
    reference TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    identity TEXT NOT NULL,
    status TEXT NOT NULL,
    occurred_at INTEGER NOT NULL,
    occurred_month INTEGER NOT NULL,
    submitted_at INTEGER NOT NULL,
    what_happened TEXT NOT NULL,
    category TEXT,
    harm TEXT,
    psychological_harm TEXT,
    immediate_actions TEXT,
    what_went_well TEXT,
    people_affected TEXT NOT NULL,
    follow_up_code_hash TEXT UNIQUE
);
-- Lists page newest-first through these, 50 rows at a time.
CREATE INDEX reports_by_service ON reports (service_id, submitted_at DESC, id DESC);
CREATE INDEX reports_by_organisation ON reports (organisation_id, submitted_at DESC, id DESC);
CREATE INDEX reports_by_month ON reports (organisation_id, occurred_month);

-- Who made a named or confidential report. Kept apart from the report so
-- that no ordinary report query can reach a confidential identity by accident.
CREATE TABLE report_reporters (
    report_id INTEGER PRIMARY KEY REFERENCES reports(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    -- Copied from the report so "my reports" pages through this index alone.
    submitted_at INTEGER NOT NULL
);
CREATE INDEX report_reporters_by_user ON report_reporters (user_id, submitted_at DESC, report_id DESC);

CREATE TABLE inbox_messages (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    link TEXT,
    read_at INTEGER
);
CREATE INDEX inbox_by_user ON inbox_messages (user_id, created_at DESC);

-- Append-only: the store never updates or deletes audit rows.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    at INTEGER NOT NULL,
    actor_id INTEGER REFERENCES users(id),
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    detail TEXT NOT NULL
);
CREATE INDEX audit_by_organisation ON audit_log (organisation_id, id DESC);
CREATE TRIGGER audit_log_is_append_only_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_is_append_only_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- Submissions through the public reporting link per organisation per minute.
-- Counted per organisation, never per address: an address would identify.
CREATE TABLE public_link_usage (
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    window_start INTEGER NOT NULL,
    submissions INTEGER NOT NULL,
    PRIMARY KEY (organisation_id, window_start)
);
