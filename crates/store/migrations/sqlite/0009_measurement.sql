-- Measurement. The dashboard reads monthly counts per service and category
-- kept exact by triggers on reports (every write path, bulk loads included),
-- so an organisation's 18 months are a few thousand rows, not a million.
-- A report counts as a repeat when, as it was written, its service already had
-- a report in the same category about the same people (their pseudonymous
-- references) that occurred in the 28 days before it or on its day (an
-- anonymous report keeps only the day it happened). Existing reports are
-- counted in the order they were submitted.

CREATE TABLE report_month_stats (
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    service_id INTEGER NOT NULL REFERENCES services(id),
    -- year * 100 + month of occurrence, as reports.occurred_month.
    month INTEGER NOT NULL,
    -- '' until the report is categorised.
    category TEXT NOT NULL,
    reports INTEGER NOT NULL DEFAULT 0,
    incidents INTEGER NOT NULL DEFAULT 0,
    near_misses INTEGER NOT NULL DEFAULT 0,
    good_practice INTEGER NOT NULL DEFAULT 0,
    concerns INTEGER NOT NULL DEFAULT 0,
    anonymous INTEGER NOT NULL DEFAULT 0,
    harm_none INTEGER NOT NULL DEFAULT 0,
    harm_low INTEGER NOT NULL DEFAULT 0,
    harm_moderate INTEGER NOT NULL DEFAULT 0,
    harm_severe INTEGER NOT NULL DEFAULT 0,
    harm_death INTEGER NOT NULL DEFAULT 0,
    thanked INTEGER NOT NULL DEFAULT 0,
    thank_seconds INTEGER NOT NULL DEFAULT 0,
    feedback INTEGER NOT NULL DEFAULT 0,
    feedback_seconds INTEGER NOT NULL DEFAULT 0,
    -- Reports whose service had another in the same category about the same people in the 28 days before.
    repeats INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (service_id, month, category)
);
CREATE INDEX report_month_stats_by_organisation ON report_month_stats (organisation_id, month);

-- Finds the earlier report that makes a report a repeat.
CREATE INDEX reports_by_service_category ON reports (service_id, category, occurred_at);

-- Existing reports.
INSERT INTO report_month_stats (organisation_id, service_id, month, category, reports, incidents, near_misses, good_practice, concerns, anonymous, harm_none, harm_low, harm_moderate, harm_severe, harm_death, thanked, thank_seconds, feedback, feedback_seconds, repeats)
SELECT
    r.organisation_id,
    r.service_id,
    r.occurred_month,
    COALESCE(r.category, ''),
    SUM(1),
    SUM(COALESCE(r.kind = 'incident', 0)),
    SUM(COALESCE(r.kind = 'near_miss', 0)),
    SUM(COALESCE(r.kind = 'good_practice', 0)),
    SUM(COALESCE(r.kind = 'concern', 0)),
    SUM(COALESCE(r.identity = 'anonymous', 0)),
    SUM(COALESCE(r.harm = 'none', 0)),
    SUM(COALESCE(r.harm = 'low', 0)),
    SUM(COALESCE(r.harm = 'moderate', 0)),
    SUM(COALESCE(r.harm = 'severe', 0)),
    SUM(COALESCE(r.harm = 'death', 0)),
    SUM((r.thanked_at IS NOT NULL)),
    SUM(COALESCE(r.thanked_at - r.submitted_at, 0)),
    SUM((r.feedback_at IS NOT NULL)),
    SUM(COALESCE(r.feedback_at - r.submitted_at, 0)),
    SUM((EXISTS (SELECT 1 FROM reports earlier WHERE earlier.service_id = r.service_id AND earlier.category = r.category AND earlier.people_affected = r.people_affected AND r.people_affected <> '[]' AND earlier.occurred_at >= r.occurred_at - 2419200 AND earlier.occurred_at < r.occurred_at + 86400 AND earlier.submitted_at <= r.submitted_at AND earlier.id <> r.id)))
FROM reports r
GROUP BY r.organisation_id, r.service_id, r.occurred_month, COALESCE(r.category, '');

CREATE TRIGGER report_month_stats_on_insert AFTER INSERT ON reports
BEGIN
    INSERT INTO report_month_stats (organisation_id, service_id, month, category, reports, incidents, near_misses, good_practice, concerns, anonymous, harm_none, harm_low, harm_moderate, harm_severe, harm_death, thanked, thank_seconds, feedback, feedback_seconds, repeats)
    VALUES (
        NEW.organisation_id,
        NEW.service_id,
        NEW.occurred_month,
        COALESCE(NEW.category, ''),
        1,
        COALESCE(NEW.kind = 'incident', 0),
        COALESCE(NEW.kind = 'near_miss', 0),
        COALESCE(NEW.kind = 'good_practice', 0),
        COALESCE(NEW.kind = 'concern', 0),
        COALESCE(NEW.identity = 'anonymous', 0),
        COALESCE(NEW.harm = 'none', 0),
        COALESCE(NEW.harm = 'low', 0),
        COALESCE(NEW.harm = 'moderate', 0),
        COALESCE(NEW.harm = 'severe', 0),
        COALESCE(NEW.harm = 'death', 0),
        (NEW.thanked_at IS NOT NULL),
        COALESCE(NEW.thanked_at - NEW.submitted_at, 0),
        (NEW.feedback_at IS NOT NULL),
        COALESCE(NEW.feedback_at - NEW.submitted_at, 0),
        (EXISTS (SELECT 1 FROM reports earlier WHERE earlier.service_id = NEW.service_id AND earlier.category = NEW.category AND earlier.people_affected = NEW.people_affected AND NEW.people_affected <> '[]' AND earlier.occurred_at >= NEW.occurred_at - 2419200 AND earlier.occurred_at < NEW.occurred_at + 86400 AND earlier.id <> NEW.id)))
    ON CONFLICT (service_id, month, category) DO UPDATE SET
        reports = report_month_stats.reports + excluded.reports,
        incidents = report_month_stats.incidents + excluded.incidents,
        near_misses = report_month_stats.near_misses + excluded.near_misses,
        good_practice = report_month_stats.good_practice + excluded.good_practice,
        concerns = report_month_stats.concerns + excluded.concerns,
        anonymous = report_month_stats.anonymous + excluded.anonymous,
        harm_none = report_month_stats.harm_none + excluded.harm_none,
        harm_low = report_month_stats.harm_low + excluded.harm_low,
        harm_moderate = report_month_stats.harm_moderate + excluded.harm_moderate,
        harm_severe = report_month_stats.harm_severe + excluded.harm_severe,
        harm_death = report_month_stats.harm_death + excluded.harm_death,
        thanked = report_month_stats.thanked + excluded.thanked,
        thank_seconds = report_month_stats.thank_seconds + excluded.thank_seconds,
        feedback = report_month_stats.feedback + excluded.feedback,
        feedback_seconds = report_month_stats.feedback_seconds + excluded.feedback_seconds,
        repeats = report_month_stats.repeats + excluded.repeats;
END;

-- A change moves the report's contribution: taken from the old row, added to
-- the new. Its repeat status is kept unless its service, time or category changed.
CREATE TRIGGER report_month_stats_on_update AFTER UPDATE OF service_id, occurred_month, occurred_at, category, kind, identity, harm, thanked_at, feedback_at ON reports
BEGIN
    INSERT INTO report_month_stats (organisation_id, service_id, month, category, reports, incidents, near_misses, good_practice, concerns, anonymous, harm_none, harm_low, harm_moderate, harm_severe, harm_death, thanked, thank_seconds, feedback, feedback_seconds, repeats)
    VALUES (
        OLD.organisation_id,
        OLD.service_id,
        OLD.occurred_month,
        COALESCE(OLD.category, ''),
        -1,
        -COALESCE(OLD.kind = 'incident', 0),
        -COALESCE(OLD.kind = 'near_miss', 0),
        -COALESCE(OLD.kind = 'good_practice', 0),
        -COALESCE(OLD.kind = 'concern', 0),
        -COALESCE(OLD.identity = 'anonymous', 0),
        -COALESCE(OLD.harm = 'none', 0),
        -COALESCE(OLD.harm = 'low', 0),
        -COALESCE(OLD.harm = 'moderate', 0),
        -COALESCE(OLD.harm = 'severe', 0),
        -COALESCE(OLD.harm = 'death', 0),
        -(OLD.thanked_at IS NOT NULL),
        -COALESCE(OLD.thanked_at - OLD.submitted_at, 0),
        -(OLD.feedback_at IS NOT NULL),
        -COALESCE(OLD.feedback_at - OLD.submitted_at, 0),
        -(CASE WHEN OLD.service_id = NEW.service_id AND OLD.occurred_month = NEW.occurred_month AND OLD.occurred_at = NEW.occurred_at AND COALESCE(OLD.category, '') = COALESCE(NEW.category, '') THEN 0 ELSE (EXISTS (SELECT 1 FROM reports earlier WHERE earlier.service_id = OLD.service_id AND earlier.category = OLD.category AND earlier.people_affected = OLD.people_affected AND OLD.people_affected <> '[]' AND earlier.occurred_at >= OLD.occurred_at - 2419200 AND earlier.occurred_at < OLD.occurred_at + 86400 AND earlier.id <> OLD.id)) END))
    ON CONFLICT (service_id, month, category) DO UPDATE SET
        reports = report_month_stats.reports + excluded.reports,
        incidents = report_month_stats.incidents + excluded.incidents,
        near_misses = report_month_stats.near_misses + excluded.near_misses,
        good_practice = report_month_stats.good_practice + excluded.good_practice,
        concerns = report_month_stats.concerns + excluded.concerns,
        anonymous = report_month_stats.anonymous + excluded.anonymous,
        harm_none = report_month_stats.harm_none + excluded.harm_none,
        harm_low = report_month_stats.harm_low + excluded.harm_low,
        harm_moderate = report_month_stats.harm_moderate + excluded.harm_moderate,
        harm_severe = report_month_stats.harm_severe + excluded.harm_severe,
        harm_death = report_month_stats.harm_death + excluded.harm_death,
        thanked = report_month_stats.thanked + excluded.thanked,
        thank_seconds = report_month_stats.thank_seconds + excluded.thank_seconds,
        feedback = report_month_stats.feedback + excluded.feedback,
        feedback_seconds = report_month_stats.feedback_seconds + excluded.feedback_seconds,
        repeats = report_month_stats.repeats + excluded.repeats;
    INSERT INTO report_month_stats (organisation_id, service_id, month, category, reports, incidents, near_misses, good_practice, concerns, anonymous, harm_none, harm_low, harm_moderate, harm_severe, harm_death, thanked, thank_seconds, feedback, feedback_seconds, repeats)
    VALUES (
        NEW.organisation_id,
        NEW.service_id,
        NEW.occurred_month,
        COALESCE(NEW.category, ''),
        1,
        COALESCE(NEW.kind = 'incident', 0),
        COALESCE(NEW.kind = 'near_miss', 0),
        COALESCE(NEW.kind = 'good_practice', 0),
        COALESCE(NEW.kind = 'concern', 0),
        COALESCE(NEW.identity = 'anonymous', 0),
        COALESCE(NEW.harm = 'none', 0),
        COALESCE(NEW.harm = 'low', 0),
        COALESCE(NEW.harm = 'moderate', 0),
        COALESCE(NEW.harm = 'severe', 0),
        COALESCE(NEW.harm = 'death', 0),
        (NEW.thanked_at IS NOT NULL),
        COALESCE(NEW.thanked_at - NEW.submitted_at, 0),
        (NEW.feedback_at IS NOT NULL),
        COALESCE(NEW.feedback_at - NEW.submitted_at, 0),
        (CASE WHEN OLD.service_id = NEW.service_id AND OLD.occurred_month = NEW.occurred_month AND OLD.occurred_at = NEW.occurred_at AND COALESCE(OLD.category, '') = COALESCE(NEW.category, '') THEN 0 ELSE (EXISTS (SELECT 1 FROM reports earlier WHERE earlier.service_id = NEW.service_id AND earlier.category = NEW.category AND earlier.people_affected = NEW.people_affected AND NEW.people_affected <> '[]' AND earlier.occurred_at >= NEW.occurred_at - 2419200 AND earlier.occurred_at < NEW.occurred_at + 86400 AND earlier.id <> NEW.id)) END))
    ON CONFLICT (service_id, month, category) DO UPDATE SET
        reports = report_month_stats.reports + excluded.reports,
        incidents = report_month_stats.incidents + excluded.incidents,
        near_misses = report_month_stats.near_misses + excluded.near_misses,
        good_practice = report_month_stats.good_practice + excluded.good_practice,
        concerns = report_month_stats.concerns + excluded.concerns,
        anonymous = report_month_stats.anonymous + excluded.anonymous,
        harm_none = report_month_stats.harm_none + excluded.harm_none,
        harm_low = report_month_stats.harm_low + excluded.harm_low,
        harm_moderate = report_month_stats.harm_moderate + excluded.harm_moderate,
        harm_severe = report_month_stats.harm_severe + excluded.harm_severe,
        harm_death = report_month_stats.harm_death + excluded.harm_death,
        thanked = report_month_stats.thanked + excluded.thanked,
        thank_seconds = report_month_stats.thank_seconds + excluded.thank_seconds,
        feedback = report_month_stats.feedback + excluded.feedback,
        feedback_seconds = report_month_stats.feedback_seconds + excluded.feedback_seconds,
        repeats = report_month_stats.repeats + excluded.repeats;
END;

-- What the reporting rate is measured against, per service and month.
CREATE TABLE service_denominators (
    service_id INTEGER NOT NULL REFERENCES services(id),
    month INTEGER NOT NULL,
    occupied_bed_days REAL,
    staff REAL,
    updated_by INTEGER NOT NULL REFERENCES users(id),
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (service_id, month)
);

-- The organisation's own measures, defined by quality leads.
CREATE TABLE measures (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    -- proportion (p chart), rate (u chart), count (c chart) or value (I chart).
    kind TEXT NOT NULL,
    unit TEXT NOT NULL,
    multiply REAL NOT NULL,
    -- increase or decrease; NULL when neither is better.
    improvement TEXT,
    target REAL,
    created_by INTEGER NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL,
    UNIQUE (organisation_id, name)
);

-- One value per measure, service and month: the numerator (or the single
-- value) and, for proportions and rates, the denominator.
CREATE TABLE measure_values (
    measure_id INTEGER NOT NULL REFERENCES measures(id),
    service_id INTEGER NOT NULL REFERENCES services(id),
    month INTEGER NOT NULL,
    value REAL NOT NULL,
    denominator REAL,
    entered_by INTEGER NOT NULL REFERENCES users(id),
    entered_at INTEGER NOT NULL,
    PRIMARY KEY (measure_id, service_id, month)
);

-- Data walls: a revocable link that shows chosen measures without sign-in.
-- Only a hash of the link's secret is kept.
CREATE TABLE display_links (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    -- NULL: the whole organisation.
    service_id INTEGER REFERENCES services(id),
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    -- Measure keys in display order, comma-separated.
    measures TEXT NOT NULL,
    created_by INTEGER NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL,
    revoked_at INTEGER,
    revoked_by INTEGER REFERENCES users(id)
);

-- The quarterly review reported back to staff: "what we plan next" is
-- written by people; the rest is read from the data when shown.
CREATE TABLE quarterly_reviews (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    -- year * 10 + quarter, e.g. 20263 for July to September 2026.
    quarter INTEGER NOT NULL,
    plan_next TEXT NOT NULL,
    updated_by INTEGER NOT NULL REFERENCES users(id),
    updated_at INTEGER NOT NULL,
    published_at INTEGER,
    published_by INTEGER REFERENCES users(id),
    UNIQUE (organisation_id, quarter)
);
