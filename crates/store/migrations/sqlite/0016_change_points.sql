-- Recorded change points: the day a known change began, with a few words.
-- Charts start a new phase at the month of each change, with limits from
-- that phase's own points. NULL service: a change across the organisation.
CREATE TABLE change_points (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    service_id INTEGER REFERENCES services(id),
    -- YYYY-MM-DD in the organisation's time zone.
    changed_on TEXT NOT NULL,
    -- year * 100 + month of changed_on: the new phase's first month.
    month INTEGER NOT NULL,
    description TEXT NOT NULL,
    recorded_by INTEGER NOT NULL REFERENCES users(id),
    recorded_at INTEGER NOT NULL
);
CREATE INDEX change_points_by_organisation ON change_points (organisation_id, month);
