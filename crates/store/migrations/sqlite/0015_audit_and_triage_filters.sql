-- The audit log read newest first by time, narrowed by who acted, the kind
-- of action, the subject (one report) or a time range: each filter walks its
-- own index in (at, id) order and stops at a page. The log used to be read
-- by id alone; `audit_by_time` takes that index's place.
DROP INDEX audit_by_organisation;
CREATE INDEX audit_by_time ON audit_log (organisation_id, at, id);
CREATE INDEX audit_by_actor ON audit_log (organisation_id, actor_id, at, id);
CREATE INDEX audit_by_action ON audit_log (organisation_id, action, at, id);
CREATE INDEX audit_by_subject ON audit_log (organisation_id, subject, at, id);

-- Report lists and triage narrowed to one grade of harm (and the list sorted
-- by harm, one grade after another) walk these in submission order.
CREATE INDEX reports_by_organisation_harm ON reports (organisation_id, harm, submitted_at, id);
CREATE INDEX reports_by_service_harm ON reports (service_id, harm, submitted_at, id);

-- Triage's "needs attention now": reports with moderate harm or worse that
-- nobody has answered yet. Small, since a report leaves it once thanked.
CREATE INDEX reports_harmful_unanswered_by_organisation ON reports (organisation_id, submitted_at, id)
    WHERE status = 'received' AND harm IN ('moderate', 'severe', 'death');
CREATE INDEX reports_harmful_unanswered_by_service ON reports (service_id, submitted_at, id)
    WHERE status = 'received' AND harm IN ('moderate', 'severe', 'death');
