-- Replays (domain/src/idempotency.rs): the first answer to a submission made
-- with an idempotency key, so a retry returns it instead of making a second
-- report. Written in the same transaction as the report, so: a random-looking
-- key (a hash of the organisation and the client's key), only the day, and no
-- hidden row number (WITHOUT ROWID) that would record the order of arrival.
CREATE TABLE replays (
    replay_id TEXT PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    -- A hash of the key, the request and (unless anonymous) the asker.
    fingerprint TEXT NOT NULL,
    -- The answer, sealed with a key derived from the client's key.
    sealed BLOB NOT NULL,
    -- Days since 1970-01-01, UTC.
    made_on INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX replays_by_day ON replays (made_on);
