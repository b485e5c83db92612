-- Full-text search over what reporters wrote (what happened, what was done
-- at once, what went well), for the reports a reader may see.
--
-- A contentless FTS5 index: it stores no copy of the text, only the index.
-- Its rowid is a search key, not the report id:
--
--     search key = (submitted_at << 31) | (id & 0x7FFFFFFF)
--
-- so the index walks matches newest first (ORDER BY rowid DESC) and a search
-- stops after the newest 50 permitted matches instead of sorting them all.
-- The key holds nothing the report row does not: the recorded submission
-- time (only the day, midnight UTC, for anonymous reports) and 31 bits of the
-- random report id. Nothing in it depends on the order or the moment of
-- insertion, so anonymous reports of one day sort among themselves by random
-- bits, as the random ids already do.
--
-- `facets` holds the scope tokens "o<organisation id> s<service id>" so that a
-- search by organisation or service intersects inside the index. It never
-- holds a person: who reported stays in report_reporters, outside the index.
--
-- The porter stemmer (as PostgreSQL's 'english' configuration) lets "falls"
-- find "fall"; diacritics are folded. columnsize=0: no ranking, no size table.
CREATE VIRTUAL TABLE report_search USING fts5(
    facets,
    what_happened,
    immediate_actions,
    what_went_well,
    content = '',
    columnsize = 0,
    tokenize = 'porter unicode61 remove_diacritics 2'
);

-- Every insert path (the group-commit writer, a single report, the bulk
-- loader) goes through these triggers, so the index can never lag the table.
CREATE TRIGGER reports_search_insert AFTER INSERT ON reports
BEGIN
    INSERT INTO report_search (rowid, facets, what_happened, immediate_actions, what_went_well)
    VALUES ((NEW.submitted_at << 31) | (NEW.id & 2147483647), 'o' || NEW.organisation_id || ' s' || NEW.service_id,
            NEW.what_happened, NEW.immediate_actions, NEW.what_went_well);
END;

-- Nothing updates these columns today; if something ever does, the index follows.
CREATE TRIGGER reports_search_update AFTER UPDATE OF organisation_id, service_id, submitted_at, what_happened, immediate_actions, what_went_well ON reports
BEGIN
    INSERT INTO report_search (report_search, rowid, facets, what_happened, immediate_actions, what_went_well)
    VALUES ('delete', (OLD.submitted_at << 31) | (OLD.id & 2147483647), 'o' || OLD.organisation_id || ' s' || OLD.service_id,
            OLD.what_happened, OLD.immediate_actions, OLD.what_went_well);
    INSERT INTO report_search (rowid, facets, what_happened, immediate_actions, what_went_well)
    VALUES ((NEW.submitted_at << 31) | (NEW.id & 2147483647), 'o' || NEW.organisation_id || ' s' || NEW.service_id,
            NEW.what_happened, NEW.immediate_actions, NEW.what_went_well);
END;

-- Reports saved before this migration.
INSERT INTO report_search (rowid, facets, what_happened, immediate_actions, what_went_well)
SELECT (submitted_at << 31) | (id & 2147483647), 'o' || organisation_id || ' s' || service_id,
       what_happened, immediate_actions, what_went_well
FROM reports;
