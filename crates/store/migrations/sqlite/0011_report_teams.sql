-- The team or unit where a report's event happened, chosen by the reporter
-- (optional; never derived from who reported, so an anonymous report says
-- no more than its reporter chose to). Team dashboards aggregate straight
-- from reports by (team_id, occurred_month), through the covering index
-- below: a team's months are a few thousand rows, small enough not to need
-- running totals.
ALTER TABLE reports ADD COLUMN team_id INTEGER REFERENCES teams(id);

-- Whether the report was a repeat when written, judged as report_month_stats
-- judges it (migration 0009): its service already had a report in the same
-- category about the same people in the 28 days before it. Kept on the
-- report because the order reports arrived in cannot be read back later
-- (ids are random and anonymous reports keep only their day).
ALTER TABLE reports ADD COLUMN is_repeat INTEGER NOT NULL DEFAULT 0;
UPDATE reports SET is_repeat = (EXISTS (SELECT 1 FROM reports earlier WHERE earlier.service_id = reports.service_id AND earlier.category = reports.category AND earlier.people_affected = reports.people_affected AND reports.people_affected <> '[]' AND earlier.occurred_at >= reports.occurred_at - 2419200 AND earlier.occurred_at < reports.occurred_at + 86400 AND earlier.submitted_at <= reports.submitted_at AND earlier.id <> reports.id));

-- Reports without a category or without people affected are never repeats:
-- the default stands and nothing more is written for them.
CREATE TRIGGER report_repeat_on_insert AFTER INSERT ON reports
WHEN NEW.category IS NOT NULL AND NEW.people_affected <> '[]'
BEGIN
    UPDATE reports SET is_repeat = (EXISTS (SELECT 1 FROM reports earlier WHERE earlier.service_id = NEW.service_id AND earlier.category = NEW.category AND earlier.people_affected = NEW.people_affected AND earlier.occurred_at >= NEW.occurred_at - 2419200 AND earlier.occurred_at < NEW.occurred_at + 86400 AND earlier.id <> NEW.id))
    WHERE id = NEW.id;
END;

-- Judged again when its service, time or category changes, as the stats are.
CREATE TRIGGER report_repeat_on_update AFTER UPDATE OF service_id, occurred_at, category ON reports
WHEN OLD.service_id <> NEW.service_id OR OLD.occurred_at <> NEW.occurred_at OR COALESCE(OLD.category, '') <> COALESCE(NEW.category, '')
BEGIN
    UPDATE reports SET is_repeat = (EXISTS (SELECT 1 FROM reports earlier WHERE earlier.service_id = NEW.service_id AND earlier.category = NEW.category AND earlier.people_affected = NEW.people_affected AND NEW.people_affected <> '[]' AND earlier.occurred_at >= NEW.occurred_at - 2419200 AND earlier.occurred_at < NEW.occurred_at + 86400 AND earlier.id <> NEW.id))
    WHERE id = NEW.id;
END;

-- A team's dashboard reads only this index: it holds every column the team's
-- monthly counts need, so a team's 18 months are one index range, not
-- thousands of scattered report rows. Reports naming no team are left out.
CREATE INDEX reports_by_team_month ON reports (team_id, occurred_month, category, kind, identity, harm, submitted_at, thanked_at, feedback_at, is_repeat, service_id)
    WHERE team_id IS NOT NULL;

-- A data wall may show one team's figures.
ALTER TABLE display_links ADD COLUMN team_id INTEGER REFERENCES teams(id);
