-- Safeguarding escalation, statutory notifications and the duty of candour:
-- what must happen after certain reports, each with who did it and when.
-- Rows made when a report arrives carry the report's recorded time, which for
-- an anonymous report is only its day (see docs/decisions/0006).

-- Notify the regulator within this many hours of learning of the event.
ALTER TABLE organisations ADD COLUMN notify_regulator_within_hours INTEGER NOT NULL DEFAULT 24;
-- Who a safeguarding concern in the service goes to at once; NULL: its managers.
ALTER TABLE services ADD COLUMN safeguarding_lead_id INTEGER REFERENCES users(id);
-- Mail whose times must stay at the day of the report it is about (an
-- anonymous report's escalation): once sent, it keeps no finer time.
ALTER TABLE outbox_emails ADD COLUMN day_only BOOLEAN NOT NULL DEFAULT 0;

CREATE TABLE safeguarding_escalations (
    report_id INTEGER PRIMARY KEY REFERENCES reports(id),
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    service_id INTEGER NOT NULL REFERENCES services(id),
    escalated_at INTEGER NOT NULL,
    -- The lead told; NULL when the service had none and its managers were told.
    lead_id INTEGER REFERENCES users(id),
    person_safe BOOLEAN,
    person_safe_note TEXT,
    referral_made BOOLEAN,
    referral_by TEXT,
    referral_at INTEGER,
    no_referral_reason TEXT,
    updated_by INTEGER REFERENCES users(id),
    updated_at INTEGER,
    completed_at INTEGER
);
CREATE INDEX safeguarding_open_by_service ON safeguarding_escalations (service_id, escalated_at) WHERE completed_at IS NULL;
CREATE INDEX safeguarding_open_by_organisation ON safeguarding_escalations (organisation_id, escalated_at) WHERE completed_at IS NULL;

-- One task per regulator to tell; reasons found later join an unsent task or,
-- once it was sent, start a new one.
CREATE TABLE regulator_notifications (
    id INTEGER PRIMARY KEY,
    report_id INTEGER NOT NULL REFERENCES reports(id),
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    service_id INTEGER NOT NULL REFERENCES services(id),
    regulator TEXT NOT NULL,
    -- Reason keys separated by commas, in the order of NotificationReason::ALL.
    reasons TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    due_at INTEGER NOT NULL,
    sent_at INTEGER,
    sent_by INTEGER REFERENCES users(id),
    regulator_reference TEXT
);
CREATE INDEX regulator_notifications_by_report ON regulator_notifications (report_id);
CREATE INDEX regulator_notifications_unsent_by_service ON regulator_notifications (service_id, due_at) WHERE sent_at IS NULL;
CREATE INDEX regulator_notifications_unsent_by_organisation ON regulator_notifications (organisation_id, due_at) WHERE sent_at IS NULL;

CREATE TABLE candour_records (
    report_id INTEGER PRIMARY KEY REFERENCES reports(id),
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    service_id INTEGER NOT NULL REFERENCES services(id),
    created_at INTEGER NOT NULL,
    -- Dates (YYYY-MM-DD, the organisation's calendar) of each step.
    told_in_person_on TEXT,
    apology_on TEXT,
    written_follow_up_on TEXT,
    notes TEXT,
    updated_by INTEGER REFERENCES users(id),
    updated_at INTEGER,
    completed_at INTEGER
);
CREATE INDEX candour_open_by_service ON candour_records (service_id, created_at) WHERE completed_at IS NULL;
CREATE INDEX candour_open_by_organisation ON candour_records (organisation_id, created_at) WHERE completed_at IS NULL;
