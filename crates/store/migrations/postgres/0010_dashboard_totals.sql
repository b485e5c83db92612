-- The dashboard reads actions by the month they fall due, for an
-- organisation or a service: without these it scanned every action.
CREATE INDEX actions_by_organisation_due ON actions (organisation_id, due_on);
CREATE INDEX actions_by_service_due ON actions (service_id, due_on);

-- Each service's months over every category: the dashboard without a
-- category filter reads one row per service and month here instead of one
-- per category in report_month_stats (twelve times fewer rows to add up).
-- Kept by triggers on report_month_stats, so it always equals its sums.
CREATE TABLE report_month_totals (
    organisation_id BIGINT NOT NULL REFERENCES organisations(id),
    service_id BIGINT NOT NULL REFERENCES services(id),
    month BIGINT NOT NULL,
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
    repeats BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (service_id, month)
);
CREATE INDEX report_month_totals_by_organisation ON report_month_totals (organisation_id, month);

INSERT INTO report_month_totals (organisation_id, service_id, month, reports, incidents, near_misses, good_practice, concerns, anonymous, harm_none, harm_low, harm_moderate, harm_severe, harm_death, thanked, thank_seconds, feedback, feedback_seconds, repeats)
SELECT organisation_id, service_id, month,
    SUM(reports),
    SUM(incidents),
    SUM(near_misses),
    SUM(good_practice),
    SUM(concerns),
    SUM(anonymous),
    SUM(harm_none),
    SUM(harm_low),
    SUM(harm_moderate),
    SUM(harm_severe),
    SUM(harm_death),
    SUM(thanked),
    SUM(thank_seconds),
    SUM(feedback),
    SUM(feedback_seconds),
    SUM(repeats)
FROM report_month_stats
GROUP BY organisation_id, service_id, month;

CREATE FUNCTION report_month_totals_on_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
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
    ELSE
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
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER report_month_totals_on_change AFTER INSERT OR UPDATE ON report_month_stats
    FOR EACH ROW EXECUTE FUNCTION report_month_totals_on_change();
