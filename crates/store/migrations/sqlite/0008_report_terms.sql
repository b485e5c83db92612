-- Each report's narrative reduced to its terms (domain::similarity::stored_terms:
-- 5 bytes a term), kept in service and time order, so finding the reports like
-- one being triaged reads one short range of small rows instead of every
-- narrative of the last 90 days. Reports saved before this migration are filled
-- in by the server in the background (Store::store_missing_report_terms).
CREATE TABLE report_terms (
    service_id INTEGER NOT NULL,
    -- The report's recorded submission time (only the day, for anonymous reports).
    submitted_at INTEGER NOT NULL,
    report_id INTEGER NOT NULL REFERENCES reports(id),
    category TEXT,
    terms BLOB NOT NULL,
    PRIMARY KEY (service_id, submitted_at, report_id)
) WITHOUT ROWID;
