-- The restrictive practice log: every time a person's freedom was restricted,
-- what led up to it, what was tried first, and (for children's homes) the
-- Ofsted timeline: the registered person's review and the child spoken to.
-- Narratives are shown, never queried; readable only as decided in
-- learnloop_domain::role (never by administrators).
CREATE TABLE restrictive_practices (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    service_id INTEGER NOT NULL REFERENCES services(id),
    recorded_by INTEGER NOT NULL REFERENCES users(id),
    recorded_at INTEGER NOT NULL,
    restraint_type TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    -- year * 100 + month in the organisation's time zone, as reports.occurred_month.
    started_month INTEGER NOT NULL,
    duration_minutes INTEGER NOT NULL,
    -- A pseudonymous reference (initials, room); never a name.
    person_reference TEXT NOT NULL,
    behaviour_before TEXT NOT NULL,
    de_escalation TEXT NOT NULL,
    less_restrictive_options TEXT NOT NULL,
    staff_involved TEXT NOT NULL,
    injury BOOLEAN NOT NULL,
    injury_details TEXT,
    best_interests_reference TEXT,
    debrief_with_person TEXT,
    debrief_with_staff TEXT,
    reviewed_at INTEGER,
    reviewed_by INTEGER REFERENCES users(id),
    review_notes TEXT,
    child_spoken_to_at INTEGER,
    child_spoken_to_by INTEGER REFERENCES users(id),
    child_spoken_to_notes TEXT
);
-- Lists, newest first: per service (managers), per organisation (quality,
-- safety), per recorder (staff).
CREATE INDEX restrictive_practices_by_service ON restrictive_practices (service_id, started_at DESC, id DESC);
CREATE INDEX restrictive_practices_by_organisation ON restrictive_practices (organisation_id, started_at DESC, id DESC);
CREATE INDEX restrictive_practices_by_recorder ON restrictive_practices (recorded_by, started_at DESC, id DESC);
-- Monthly counts, per organisation and per service.
CREATE INDEX restrictive_practices_by_month ON restrictive_practices (organisation_id, started_month);
CREATE INDEX restrictive_practices_by_service_month ON restrictive_practices (service_id, started_month);
