-- The team or unit where a report's event happened, chosen by the reporter
-- (optional; never derived from who reported, so an anonymous report says
-- no more than its reporter chose to). Team dashboards aggregate straight
-- from reports by (team_id, occurred_month), through the covering index
-- below: a team's months are a few thousand rows, small enough not to need
-- running totals.
ALTER TABLE reports ADD COLUMN team_id BIGINT REFERENCES teams(id);

-- Whether the report was a repeat when written, judged as report_month_stats
-- judges it (migration 0009): its service already had a report in the same
-- category about the same people in the 28 days before it. Kept on the
-- report because the order reports arrived in cannot be read back later
-- (ids are random and anonymous reports keep only their day).
ALTER TABLE reports ADD COLUMN is_repeat INTEGER NOT NULL DEFAULT 0;
UPDATE reports r SET is_repeat = (EXISTS (SELECT 1 FROM reports earlier WHERE earlier.service_id = r.service_id AND earlier.category = r.category AND earlier.people_affected = r.people_affected AND r.people_affected <> '[]' AND earlier.occurred_at >= r.occurred_at - 2419200 AND earlier.occurred_at < r.occurred_at + 86400 AND earlier.submitted_at <= r.submitted_at AND earlier.id <> r.id))::INT;

-- Set before the row is written, so no second write. A BEFORE trigger sees
-- the rows inserted before this one, also within one multi-row INSERT, as
-- SQLite's row triggers do.
CREATE FUNCTION report_repeat_flag() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' OR OLD.service_id <> NEW.service_id OR OLD.occurred_at <> NEW.occurred_at OR COALESCE(OLD.category, '') <> COALESCE(NEW.category, '') THEN
        NEW.is_repeat := (NEW.people_affected <> '[]' AND EXISTS (SELECT 1 FROM reports earlier WHERE earlier.service_id = NEW.service_id AND earlier.category = NEW.category AND earlier.people_affected = NEW.people_affected AND earlier.occurred_at >= NEW.occurred_at - 2419200 AND earlier.occurred_at < NEW.occurred_at + 86400 AND earlier.id <> NEW.id))::INT;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER report_repeat_flag BEFORE INSERT OR UPDATE OF service_id, occurred_at, category ON reports
    FOR EACH ROW EXECUTE FUNCTION report_repeat_flag();

-- A team's dashboard reads only this index: it holds every column the team's
-- monthly counts need, so a team's 18 months are one index range, not
-- thousands of scattered report rows. Reports naming no team are left out.
CREATE INDEX reports_by_team_month ON reports (team_id, occurred_month, category, kind, identity, harm, submitted_at, thanked_at, feedback_at, is_repeat, service_id)
    WHERE team_id IS NOT NULL;

-- A data wall may show one team's figures.
ALTER TABLE display_links ADD COLUMN team_id BIGINT REFERENCES teams(id);
