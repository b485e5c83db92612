-- Measurement. The dashboard reads monthly counts per service and category
-- kept exact by triggers on reports (every write path, bulk loads included),
-- so an organisation's 18 months are a few thousand rows, not a million.
-- A report counts as a repeat when, as it was written, its service already had
-- a report in the same category about the same people (their pseudonymous
-- references) that occurred in the 28 days before it or on its day (an
-- anonymous report keeps only the day it happened). Existing reports are
-- counted in the order they were submitted.

CREATE TABLE report_month_stats (
    organisation_id BIGINT NOT NULL REFERENCES organisations(id),
    service_id BIGINT NOT NULL REFERENCES services(id),
    -- year * 100 + month of occurrence, as reports.occurred_month.
    month BIGINT NOT NULL,
    -- '' until the report is categorised.
    category TEXT NOT NULL,
    reports BIGINT NOT NULL DEFAULT 0,
    incidents BIGINT NOT NULL DEFAULT 0,
    near_misses BIGINT NOT NULL DEFAULT 0,
    good_practice BIGINT NOT NULL DEFAULT 0,
    concerns BIGINT NOT NULL DEFAULT 0,
    anonymous BIGINT NOT NULL DEFAULT 0,
    harm_none BIGINT NOT NULL DEFAULT 0,
    harm_low BIGINT NOT NULL DEFAULT 0,
    harm_moderate BIGINT NOT NULL DEFAULT 0,
    harm_severe BIGINT NOT NULL DEFAULT 0,
    harm_death BIGINT NOT NULL DEFAULT 0,
    thanked BIGINT NOT NULL DEFAULT 0,
    thank_seconds BIGINT NOT NULL DEFAULT 0,
    feedback BIGINT NOT NULL DEFAULT 0,
    feedback_seconds BIGINT NOT NULL DEFAULT 0,
    -- Reports whose service had another in the same category about the same people in the 28 days before.
    repeats BIGINT NOT NULL DEFAULT 0,
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
    SUM(COALESCE((r.kind = 'incident')::INT, 0)),
    SUM(COALESCE((r.kind = 'near_miss')::INT, 0)),
    SUM(COALESCE((r.kind = 'good_practice')::INT, 0)),
    SUM(COALESCE((r.kind = 'concern')::INT, 0)),
    SUM(COALESCE((r.identity = 'anonymous')::INT, 0)),
    SUM(COALESCE((r.harm = 'none')::INT, 0)),
    SUM(COALESCE((r.harm = 'low')::INT, 0)),
    SUM(COALESCE((r.harm = 'moderate')::INT, 0)),
    SUM(COALESCE((r.harm = 'severe')::INT, 0)),
    SUM(COALESCE((r.harm = 'death')::INT, 0)),
    SUM((r.thanked_at IS NOT NULL)::INT),
    SUM(COALESCE(r.thanked_at - r.submitted_at, 0)),
    SUM((r.feedback_at IS NOT NULL)::INT),
    SUM(COALESCE(r.feedback_at - r.submitted_at, 0)),
    SUM((EXISTS (SELECT 1 FROM reports earlier WHERE earlier.service_id = r.service_id AND earlier.category = r.category AND earlier.people_affected = r.people_affected AND r.people_affected <> '[]' AND earlier.occurred_at >= r.occurred_at - 2419200 AND earlier.occurred_at < r.occurred_at + 86400 AND earlier.submitted_at <= r.submitted_at AND earlier.id <> r.id))::INT)
FROM reports r
GROUP BY r.organisation_id, r.service_id, r.occurred_month, COALESCE(r.category, '');

CREATE FUNCTION report_month_stats_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO report_month_stats (organisation_id, service_id, month, category, reports, incidents, near_misses, good_practice, concerns, anonymous, harm_none, harm_low, harm_moderate, harm_severe, harm_death, thanked, thank_seconds, feedback, feedback_seconds, repeats)
    VALUES (
        NEW.organisation_id,
        NEW.service_id,
        NEW.occurred_month,
        COALESCE(NEW.category, ''),
        1,
        COALESCE((NEW.kind = 'incident')::INT, 0),
        COALESCE((NEW.kind = 'near_miss')::INT, 0),
        COALESCE((NEW.kind = 'good_practice')::INT, 0),
        COALESCE((NEW.kind = 'concern')::INT, 0),
        COALESCE((NEW.identity = 'anonymous')::INT, 0),
        COALESCE((NEW.harm = 'none')::INT, 0),
        COALESCE((NEW.harm = 'low')::INT, 0),
        COALESCE((NEW.harm = 'moderate')::INT, 0),
        COALESCE((NEW.harm = 'severe')::INT, 0),
        COALESCE((NEW.harm = 'death')::INT, 0),
        (NEW.thanked_at IS NOT NULL)::INT,
        COALESCE(NEW.thanked_at - NEW.submitted_at, 0),
        (NEW.feedback_at IS NOT NULL)::INT,
        COALESCE(NEW.feedback_at - NEW.submitted_at, 0),
        (EXISTS (SELECT 1 FROM reports earlier WHERE earlier.service_id = NEW.service_id AND earlier.category = NEW.category AND earlier.people_affected = NEW.people_affected AND NEW.people_affected <> '[]' AND earlier.occurred_at >= NEW.occurred_at - 2419200 AND earlier.occurred_at < NEW.occurred_at + 86400 AND earlier.id <> NEW.id))::INT)
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
    RETURN NULL;
END;
$$;
CREATE TRIGGER report_month_stats_on_insert AFTER INSERT ON reports
    FOR EACH ROW EXECUTE FUNCTION report_month_stats_on_insert();

-- A change moves the report's contribution: taken from the old row, added to
-- the new. Its repeat status is kept unless its service, time or category changed.
CREATE FUNCTION report_month_stats_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO report_month_stats (organisation_id, service_id, month, category, reports, incidents, near_misses, good_practice, concerns, anonymous, harm_none, harm_low, harm_moderate, harm_severe, harm_death, thanked, thank_seconds, feedback, feedback_seconds, repeats)
    VALUES (
        OLD.organisation_id,
        OLD.service_id,
        OLD.occurred_month,
        COALESCE(OLD.category, ''),
        -1,
        -COALESCE((OLD.kind = 'incident')::INT, 0),
        -COALESCE((OLD.kind = 'near_miss')::INT, 0),
        -COALESCE((OLD.kind = 'good_practice')::INT, 0),
        -COALESCE((OLD.kind = 'concern')::INT, 0),
        -COALESCE((OLD.identity = 'anonymous')::INT, 0),
        -COALESCE((OLD.harm = 'none')::INT, 0),
        -COALESCE((OLD.harm = 'low')::INT, 0),
        -COALESCE((OLD.harm = 'moderate')::INT, 0),
        -COALESCE((OLD.harm = 'severe')::INT, 0),
        -COALESCE((OLD.harm = 'death')::INT, 0),
        -(OLD.thanked_at IS NOT NULL)::INT,
        -COALESCE(OLD.thanked_at - OLD.submitted_at, 0),
        -(OLD.feedback_at IS NOT NULL)::INT,
        -COALESCE(OLD.feedback_at - OLD.submitted_at, 0),
        -(CASE WHEN OLD.service_id = NEW.service_id AND OLD.occurred_month = NEW.occurred_month AND OLD.occurred_at = NEW.occurred_at AND COALESCE(OLD.category, '') = COALESCE(NEW.category, '') THEN 0 ELSE (EXISTS (SELECT 1 FROM reports earlier WHERE earlier.service_id = OLD.service_id AND earlier.category = OLD.category AND earlier.people_affected = OLD.people_affected AND OLD.people_affected <> '[]' AND earlier.occurred_at >= OLD.occurred_at - 2419200 AND earlier.occurred_at < OLD.occurred_at + 86400 AND earlier.id <> OLD.id))::INT END))
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
        COALESCE((NEW.kind = 'incident')::INT, 0),
        COALESCE((NEW.kind = 'near_miss')::INT, 0),
        COALESCE((NEW.kind = 'good_practice')::INT, 0),
        COALESCE((NEW.kind = 'concern')::INT, 0),
        COALESCE((NEW.identity = 'anonymous')::INT, 0),
        COALESCE((NEW.harm = 'none')::INT, 0),
        COALESCE((NEW.harm = 'low')::INT, 0),
        COALESCE((NEW.harm = 'moderate')::INT, 0),
        COALESCE((NEW.harm = 'severe')::INT, 0),
        COALESCE((NEW.harm = 'death')::INT, 0),
        (NEW.thanked_at IS NOT NULL)::INT,
        COALESCE(NEW.thanked_at - NEW.submitted_at, 0),
        (NEW.feedback_at IS NOT NULL)::INT,
        COALESCE(NEW.feedback_at - NEW.submitted_at, 0),
        (CASE WHEN OLD.service_id = NEW.service_id AND OLD.occurred_month = NEW.occurred_month AND OLD.occurred_at = NEW.occurred_at AND COALESCE(OLD.category, '') = COALESCE(NEW.category, '') THEN 0 ELSE (EXISTS (SELECT 1 FROM reports earlier WHERE earlier.service_id = NEW.service_id AND earlier.category = NEW.category AND earlier.people_affected = NEW.people_affected AND NEW.people_affected <> '[]' AND earlier.occurred_at >= NEW.occurred_at - 2419200 AND earlier.occurred_at < NEW.occurred_at + 86400 AND earlier.id <> NEW.id))::INT END))
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
    RETURN NULL;
END;
$$;
CREATE TRIGGER report_month_stats_on_update AFTER UPDATE OF service_id, occurred_month, occurred_at, category, kind, identity, harm, thanked_at, feedback_at ON reports
    FOR EACH ROW EXECUTE FUNCTION report_month_stats_on_update();

-- What the reporting rate is measured against, per service and month.
CREATE TABLE service_denominators (
    service_id BIGINT NOT NULL REFERENCES services(id),
    month BIGINT NOT NULL,
    occupied_bed_days DOUBLE PRECISION,
    staff DOUBLE PRECISION,
    updated_by BIGINT NOT NULL REFERENCES users(id),
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (service_id, month)
);

-- The organisation's own measures, defined by quality leads.
CREATE TABLE measures (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES organisations(id),
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    -- proportion (p chart), rate (u chart), count (c chart) or value (I chart).
    kind TEXT NOT NULL,
    unit TEXT NOT NULL,
    multiply DOUBLE PRECISION NOT NULL,
    -- increase or decrease; NULL when neither is better.
    improvement TEXT,
    target DOUBLE PRECISION,
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    UNIQUE (organisation_id, name)
);

-- One value per measure, service and month: the numerator (or the single
-- value) and, for proportions and rates, the denominator.
CREATE TABLE measure_values (
    measure_id BIGINT NOT NULL REFERENCES measures(id),
    service_id BIGINT NOT NULL REFERENCES services(id),
    month BIGINT NOT NULL,
    value DOUBLE PRECISION NOT NULL,
    denominator DOUBLE PRECISION,
    entered_by BIGINT NOT NULL REFERENCES users(id),
    entered_at BIGINT NOT NULL,
    PRIMARY KEY (measure_id, service_id, month)
);

-- Data walls: a revocable link that shows chosen measures without sign-in.
-- Only a hash of the link's secret is kept.
CREATE TABLE display_links (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES organisations(id),
    -- NULL: the whole organisation.
    service_id BIGINT REFERENCES services(id),
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    -- Measure keys in display order, comma-separated.
    measures TEXT NOT NULL,
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    revoked_at BIGINT,
    revoked_by BIGINT REFERENCES users(id)
);

-- The quarterly review reported back to staff: "what we plan next" is
-- written by people; the rest is read from the data when shown.
CREATE TABLE quarterly_reviews (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES organisations(id),
    -- year * 10 + quarter, e.g. 20263 for July to September 2026.
    quarter BIGINT NOT NULL,
    plan_next TEXT NOT NULL,
    updated_by BIGINT NOT NULL REFERENCES users(id),
    updated_at BIGINT NOT NULL,
    published_at BIGINT,
    published_by BIGINT REFERENCES users(id),
    UNIQUE (organisation_id, quarter)
);
