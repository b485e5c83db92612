-- Full-text search over what reporters wrote (what happened, what was done
-- at once, what went well), for the reports a reader may see.
--
-- A stored tsvector (computed by PostgreSQL on every insert path: the
-- group-commit writer, a single report, the bulk loader) with a GIN index.
-- Stored rather than an expression index because a search for a common word
-- walks the reader's scope newest first and tests each row (see
-- store/src/search.rs): recomputing to_tsvector per row there would cost more
-- than the search. The GIN index serves rare words.
--
-- 'english', not 'simple': reporters write "fell", "falls", "falling" and
-- readers search "fall"; stemming finds them, as the porter stemmer does on
-- SQLite. Stop words ("the", "and") are dropped, so a search for only those
-- finds nothing rather than everything.
--
-- Only the text is indexed: never who reported (report_reporters).
ALTER TABLE reports ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    to_tsvector('english', what_happened || ' ' || coalesce(immediate_actions, '') || ' ' || coalesce(what_went_well, ''))
) STORED;

CREATE INDEX reports_search ON reports USING gin (search_vector);
