-- The learning loop: triage clocks, what is said to and by the reporter,
-- learning responses (reviews), just-culture records, actions and learning shared.

-- Triage clocks, configurable per organisation.
ALTER TABLE organisations ADD COLUMN thank_within_working_days INTEGER NOT NULL DEFAULT 1;
ALTER TABLE organisations ADD COLUMN feedback_within_days INTEGER NOT NULL DEFAULT 14;

-- Where a report is in the loop. Times are those of the team's actions, never
-- the reporter's, so they reveal nothing about an anonymous reporter.
ALTER TABLE reports ADD COLUMN thanked_at INTEGER;
-- When feedback (learning, actions) was first delivered to the reporter: to
-- their inbox, or to the follow-up page of an anonymous or confidential report.
ALTER TABLE reports ADD COLUMN feedback_at INTEGER;
ALTER TABLE reports ADD COLUMN closed_at INTEGER;
-- A reply from the reporter waits for the team's answer. A flag, not an inbox
-- row, so that nothing records when an anonymous reporter wrote.
ALTER TABLE reports ADD COLUMN reply_waiting BOOLEAN NOT NULL DEFAULT 0;
-- The reporter's answer to "was this feedback useful?" (1 to 5), without a time.
ALTER TABLE reports ADD COLUMN feedback_rating INTEGER;

-- The triage queues read only the reports still in the loop, oldest first
-- within each status.
CREATE INDEX reports_open_by_service ON reports (service_id, status, submitted_at, id)
    WHERE status IN ('received', 'thanked', 'in_review');
CREATE INDEX reports_open_by_organisation ON reports (organisation_id, status, submitted_at, id)
    WHERE status IN ('received', 'thanked', 'in_review');
CREATE INDEX reports_with_reply_waiting ON reports (service_id) WHERE reply_waiting = TRUE;

-- The conversation about a report as its reporter sees it (inbox or follow-up
-- page): thanks, learning, messages both ways. Numbered per report, not by a
-- table-wide sequence, so that a reporter's reply cannot be placed in time
-- among other people's actions. A reply on an anonymous report keeps only its day.
CREATE TABLE report_messages (
    report_id INTEGER NOT NULL REFERENCES reports(id),
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL,
    at INTEGER NOT NULL,
    -- The member of the team who wrote it; NULL for the reporter's own words.
    author_id INTEGER REFERENCES users(id),
    body TEXT NOT NULL,
    PRIMARY KEY (report_id, seq)
) WITHOUT ROWID; -- no hidden table-wide row number either

-- Learning responses. One review may cover several reports (a theme).
CREATE TABLE reviews (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    review_type TEXT NOT NULL,
    -- The type's own fields, as JSON: shown, never queried.
    details TEXT NOT NULL,
    -- A learning review that answered yes to the double-loop question goes to
    -- the governance list.
    rule_needs_change BOOLEAN NOT NULL DEFAULT 0,
    created_by INTEGER NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL
);
CREATE INDEX reviews_for_governance ON reviews (organisation_id, created_at DESC) WHERE rule_needs_change = TRUE;

CREATE TABLE review_reports (
    review_id INTEGER NOT NULL REFERENCES reviews(id),
    report_id INTEGER NOT NULL REFERENCES reports(id),
    PRIMARY KEY (review_id, report_id)
);
CREATE INDEX review_reports_by_report ON review_reports (report_id);

-- Contributory factors found by learning reviews, kept as rows for dashboards.
CREATE TABLE review_factors (
    review_id INTEGER NOT NULL REFERENCES reviews(id),
    factor TEXT NOT NULL,
    PRIMARY KEY (review_id, factor)
);

-- Just-culture decisions: one action of one person at a time. Readable by
-- quality leads and the safety officer only (enforced in the store's callers).
CREATE TABLE just_culture_records (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    report_id INTEGER NOT NULL REFERENCES reports(id),
    action_in_question TEXT NOT NULL,
    -- [{"question","answer"}] in the order asked.
    answers TEXT NOT NULL,
    outcome TEXT NOT NULL,
    reasoning TEXT NOT NULL,
    recorded_by INTEGER NOT NULL REFERENCES users(id),
    recorded_at INTEGER NOT NULL
);
CREATE INDEX just_culture_by_report ON just_culture_records (report_id);

-- Actions, with their effectiveness check. Due dates are calendar dates
-- (YYYY-MM-DD) in the organisation's time zone, so they sort as text.
CREATE TABLE actions (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    service_id INTEGER NOT NULL REFERENCES services(id),
    title TEXT NOT NULL,
    owner_id INTEGER NOT NULL REFERENCES users(id),
    due_on TEXT NOT NULL,
    status TEXT NOT NULL,
    created_by INTEGER NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL,
    completed_at INTEGER,
    check_due_on TEXT,
    check_result TEXT,
    check_evidence TEXT,
    checked_by INTEGER REFERENCES users(id),
    checked_at INTEGER
);
CREATE INDEX actions_by_owner ON actions (owner_id, status, due_on);
CREATE INDEX actions_by_service ON actions (service_id, status, due_on);

CREATE TABLE action_reports (
    action_id INTEGER NOT NULL REFERENCES actions(id),
    report_id INTEGER NOT NULL REFERENCES reports(id),
    PRIMARY KEY (action_id, report_id)
);
CREATE INDEX action_reports_by_report ON action_reports (report_id);

CREATE TABLE action_reviews (
    action_id INTEGER NOT NULL REFERENCES actions(id),
    review_id INTEGER NOT NULL REFERENCES reviews(id),
    PRIMARY KEY (action_id, review_id)
);
CREATE INDEX action_reviews_by_review ON action_reviews (review_id);

-- Learning shared with chosen services or teams.
CREATE TABLE learning_items (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    report_id INTEGER REFERENCES reports(id),
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    published_by INTEGER NOT NULL REFERENCES users(id),
    published_at INTEGER NOT NULL
);
CREATE INDEX learning_by_organisation ON learning_items (organisation_id, published_at DESC);
CREATE INDEX learning_by_report ON learning_items (report_id);

-- The services and teams it was published to (exactly one of the two per row).
CREATE TABLE learning_audiences (
    learning_id INTEGER NOT NULL REFERENCES learning_items(id),
    service_id INTEGER REFERENCES services(id),
    team_id INTEGER REFERENCES teams(id)
);
CREATE INDEX learning_audiences_by_learning ON learning_audiences (learning_id);
CREATE INDEX learning_audiences_by_service ON learning_audiences (service_id);

-- Everyone in the audience when it was published, and when they read it.
CREATE TABLE learning_recipients (
    learning_id INTEGER NOT NULL REFERENCES learning_items(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    read_at INTEGER,
    PRIMARY KEY (learning_id, user_id)
);
CREATE INDEX learning_recipients_by_user ON learning_recipients (user_id, learning_id DESC);
