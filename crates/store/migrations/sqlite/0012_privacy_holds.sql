-- Privacy that holds against a copy of the database file (docs/decisions/0010):
-- nothing written with an anonymous report may be ordered by insertion.

-- 1. Inbox messages, emails and regulator notifications take random ids
--    (store/src/row_id.rs). Existing rows are re-keyed; audit entries that
--    named a notification by its old id still name its report.
UPDATE inbox_messages SET id = (abs(random()) % 9007199254740990) + 1;
UPDATE outbox_emails SET id = (abs(random()) % 9007199254740990) + 1;
UPDATE regulator_notifications SET id = (abs(random()) % 9007199254740990) + 1;
-- The outbox lists newest first by time, now that ids say nothing of order.
DROP INDEX outbox_by_organisation;
CREATE INDEX outbox_by_organisation ON outbox_emails (organisation_id, created_at DESC, id DESC);

-- 2. The dashboard's monthly counts lose their hidden row numbers, which
--    recorded the order in which each (service, month, category) first
--    appeared. The tables are rebuilt WITHOUT ROWID; the triggers that keep
--    the totals follow the new table. legacy_alter_table lets the rename
--    leave the triggers on `reports` (which name these tables) untouched.
PRAGMA legacy_alter_table = ON;

CREATE TABLE report_month_stats_keyed (
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
) WITHOUT ROWID;
INSERT INTO report_month_stats_keyed SELECT * FROM report_month_stats;
DROP TABLE report_month_stats;
ALTER TABLE report_month_stats_keyed RENAME TO report_month_stats;
CREATE INDEX report_month_stats_by_organisation ON report_month_stats (organisation_id, month);

CREATE TABLE report_month_totals_keyed (
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    service_id INTEGER NOT NULL REFERENCES services(id),
    month INTEGER NOT NULL,
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
    repeats INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (service_id, month)
) WITHOUT ROWID;
INSERT INTO report_month_totals_keyed SELECT * FROM report_month_totals;
DROP TABLE report_month_totals;
ALTER TABLE report_month_totals_keyed RENAME TO report_month_totals;
CREATE INDEX report_month_totals_by_organisation ON report_month_totals (organisation_id, month);

PRAGMA legacy_alter_table = OFF;

CREATE TRIGGER report_month_totals_on_insert AFTER INSERT ON report_month_stats
BEGIN
    INSERT INTO report_month_totals (organisation_id, service_id, month, reports, incidents, near_misses, good_practice, concerns, anonymous, harm_none, harm_low, harm_moderate, harm_severe, harm_death, thanked, thank_seconds, feedback, feedback_seconds, repeats)
    VALUES (NEW.organisation_id, NEW.service_id, NEW.month, NEW.reports, NEW.incidents, NEW.near_misses, NEW.good_practice, NEW.concerns, NEW.anonymous, NEW.harm_none, NEW.harm_low, NEW.harm_moderate, NEW.harm_severe, NEW.harm_death, NEW.thanked, NEW.thank_seconds, NEW.feedback, NEW.feedback_seconds, NEW.repeats)
    ON CONFLICT (service_id, month) DO UPDATE SET
        reports = report_month_totals.reports + excluded.reports,
        incidents = report_month_totals.incidents + excluded.incidents,
        near_misses = report_month_totals.near_misses + excluded.near_misses,
        good_practice = report_month_totals.good_practice + excluded.good_practice,
        concerns = report_month_totals.concerns + excluded.concerns,
        anonymous = report_month_totals.anonymous + excluded.anonymous,
        harm_none = report_month_totals.harm_none + excluded.harm_none,
        harm_low = report_month_totals.harm_low + excluded.harm_low,
        harm_moderate = report_month_totals.harm_moderate + excluded.harm_moderate,
        harm_severe = report_month_totals.harm_severe + excluded.harm_severe,
        harm_death = report_month_totals.harm_death + excluded.harm_death,
        thanked = report_month_totals.thanked + excluded.thanked,
        thank_seconds = report_month_totals.thank_seconds + excluded.thank_seconds,
        feedback = report_month_totals.feedback + excluded.feedback,
        feedback_seconds = report_month_totals.feedback_seconds + excluded.feedback_seconds,
        repeats = report_month_totals.repeats + excluded.repeats;
END;

CREATE TRIGGER report_month_totals_on_update AFTER UPDATE ON report_month_stats
BEGIN
    INSERT INTO report_month_totals (organisation_id, service_id, month, reports, incidents, near_misses, good_practice, concerns, anonymous, harm_none, harm_low, harm_moderate, harm_severe, harm_death, thanked, thank_seconds, feedback, feedback_seconds, repeats)
    VALUES (NEW.organisation_id, NEW.service_id, NEW.month, NEW.reports - OLD.reports, NEW.incidents - OLD.incidents, NEW.near_misses - OLD.near_misses, NEW.good_practice - OLD.good_practice, NEW.concerns - OLD.concerns, NEW.anonymous - OLD.anonymous, NEW.harm_none - OLD.harm_none, NEW.harm_low - OLD.harm_low, NEW.harm_moderate - OLD.harm_moderate, NEW.harm_severe - OLD.harm_severe, NEW.harm_death - OLD.harm_death, NEW.thanked - OLD.thanked, NEW.thank_seconds - OLD.thank_seconds, NEW.feedback - OLD.feedback, NEW.feedback_seconds - OLD.feedback_seconds, NEW.repeats - OLD.repeats)
    ON CONFLICT (service_id, month) DO UPDATE SET
        reports = report_month_totals.reports + excluded.reports,
        incidents = report_month_totals.incidents + excluded.incidents,
        near_misses = report_month_totals.near_misses + excluded.near_misses,
        good_practice = report_month_totals.good_practice + excluded.good_practice,
        concerns = report_month_totals.concerns + excluded.concerns,
        anonymous = report_month_totals.anonymous + excluded.anonymous,
        harm_none = report_month_totals.harm_none + excluded.harm_none,
        harm_low = report_month_totals.harm_low + excluded.harm_low,
        harm_moderate = report_month_totals.harm_moderate + excluded.harm_moderate,
        harm_severe = report_month_totals.harm_severe + excluded.harm_severe,
        harm_death = report_month_totals.harm_death + excluded.harm_death,
        thanked = report_month_totals.thanked + excluded.thanked,
        thank_seconds = report_month_totals.thank_seconds + excluded.thank_seconds,
        feedback = report_month_totals.feedback + excluded.feedback,
        feedback_seconds = report_month_totals.feedback_seconds + excluded.feedback_seconds,
        repeats = report_month_totals.repeats + excluded.repeats;
END;

-- 3. Search. An FTS5 index writes each transaction's words as a new segment,
--    so an anonymous report indexed alone would sit between the named reports
--    indexed before and after it. Anonymous reports of the current day wait in
--    a small index of their own, merged into one segment (in search-key
--    order) whenever one is added; once their day is over they join the main
--    index together (Store::index_anonymous_reports_of_past_days).
CREATE VIRTUAL TABLE report_search_today USING fts5(
    facets,
    what_happened,
    immediate_actions,
    what_went_well,
    columnsize = 0,
    tokenize = 'porter unicode61 remove_diacritics 2'
);

DROP TRIGGER reports_search_insert;
DROP TRIGGER reports_search_update;

CREATE TRIGGER reports_search_insert AFTER INSERT ON reports WHEN NEW.identity <> 'anonymous'
BEGIN
    INSERT INTO report_search (rowid, facets, what_happened, immediate_actions, what_went_well)
    VALUES ((NEW.submitted_at << 31) | (NEW.id & 2147483647), 'o' || NEW.organisation_id || ' s' || NEW.service_id,
            NEW.what_happened, NEW.immediate_actions, NEW.what_went_well);
END;

CREATE TRIGGER reports_search_insert_anonymous AFTER INSERT ON reports WHEN NEW.identity = 'anonymous'
BEGIN
    INSERT INTO report_search_today (rowid, facets, what_happened, immediate_actions, what_went_well)
    VALUES ((NEW.submitted_at << 31) | (NEW.id & 2147483647), 'o' || NEW.organisation_id || ' s' || NEW.service_id,
            NEW.what_happened, NEW.immediate_actions, NEW.what_went_well);
END;

-- Nothing updates these columns today; if something ever does, the index
-- that holds the report follows. An anonymous report is in the main index
-- exactly when it is no longer in today's (the move is one transaction).
CREATE TRIGGER reports_search_update AFTER UPDATE OF organisation_id, service_id, submitted_at, what_happened, immediate_actions, what_went_well ON reports
BEGIN
    INSERT INTO report_search (report_search, rowid, facets, what_happened, immediate_actions, what_went_well)
    SELECT 'delete', (OLD.submitted_at << 31) | (OLD.id & 2147483647), 'o' || OLD.organisation_id || ' s' || OLD.service_id,
           OLD.what_happened, OLD.immediate_actions, OLD.what_went_well
    WHERE NOT EXISTS (SELECT 1 FROM report_search_today WHERE rowid = (OLD.submitted_at << 31) | (OLD.id & 2147483647));
    DELETE FROM report_search_today WHERE rowid = (OLD.submitted_at << 31) | (OLD.id & 2147483647);
    INSERT INTO report_search (rowid, facets, what_happened, immediate_actions, what_went_well)
    SELECT (NEW.submitted_at << 31) | (NEW.id & 2147483647), 'o' || NEW.organisation_id || ' s' || NEW.service_id,
           NEW.what_happened, NEW.immediate_actions, NEW.what_went_well
    WHERE NEW.identity <> 'anonymous';
    INSERT INTO report_search_today (rowid, facets, what_happened, immediate_actions, what_went_well)
    SELECT (NEW.submitted_at << 31) | (NEW.id & 2147483647), 'o' || NEW.organisation_id || ' s' || NEW.service_id,
           NEW.what_happened, NEW.immediate_actions, NEW.what_went_well
    WHERE NEW.identity = 'anonymous';
END;

-- The main index is rebuilt in search-key order (day, then random bits), so
-- anonymous reports indexed before this migration lose their place among the
-- named reports indexed around them.
INSERT INTO report_search (report_search) VALUES ('delete-all');
INSERT INTO report_search (rowid, facets, what_happened, immediate_actions, what_went_well)
SELECT (submitted_at << 31) | (id & 2147483647), 'o' || organisation_id || ' s' || service_id,
       what_happened, immediate_actions, what_went_well
FROM reports ORDER BY (submitted_at << 31) | (id & 2147483647);

-- 4. The public link's flood guard counts in the server's memory now, so no
--    row records the minute of the last public report.
DROP TABLE public_link_usage;
