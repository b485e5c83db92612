//! What the team did with each generated report: the thank-you, a learning
//! response in proportion to what happened, the actions it calls for, the
//! feedback that tells the reporter what was learned, and the close.
//!
//! A report's status in the generated history is where these steps led
//! (`report_loop::status_after`), never picked apart from them; every review,
//! action and completion passes the same checks as one typed into the
//! product (`ReviewInput`, `ActionInput`, `CompletionInput`, `CheckInput`).
//! Pure and deterministic like the rest of this crate: the choices and
//! delays come from a hash of the report's submission time, not from the
//! report generator's random numbers, so adding the loop left every
//! generated report as it was.

use std::collections::HashMap;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Span, Timestamp};
use learnloop_domain::actions::{ActionInput, CheckInput, CompletionInput, EffectivenessCheck};
use learnloop_domain::report_loop::{LoopStep, status_after_steps, steps_to, suggested_thanks};
use learnloop_domain::reports::{
    Category, Harm, PsychologicalHarm, ReportKind, ReportStatus, recorded_submission_time,
};
use learnloop_domain::reviews::{ReviewDetails, ReviewInput};
use learnloop_domain::role::Role;

use crate::organisation::OrganisationPlan;
use crate::reports::ReportPlan;

/// Words from the team to the reporter, and when and by whom they were sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamMessage {
    pub at: Timestamp,
    /// The email of the person of the plan who wrote it.
    pub by: String,
    pub words: String,
}

/// The learning response started on the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedReview {
    pub at: Timestamp,
    pub by: String,
    pub details: ReviewDetails,
}

/// An action agreed in the review, and how far it has got by the period's end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedAction {
    pub title: String,
    /// The owner's email (the service's manager).
    pub owner: String,
    pub created_at: Timestamp,
    pub due: Date,
    /// When the work was done, and the day its effectiveness check was booked for.
    pub completed: Option<(Timestamp, Date)>,
    /// The effectiveness check: when, by whom (never the owner) and what it found.
    pub check: Option<(Timestamp, String, EffectivenessCheck)>,
}

/// Everything the team did with one report, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoopPlan {
    pub thanks: Option<TeamMessage>,
    pub review: Option<PlannedReview>,
    pub actions: Vec<PlannedAction>,
    pub feedback: Option<TeamMessage>,
    pub closed: Option<(Timestamp, String)>,
    /// Where the steps above leave the report.
    pub status: ReportStatus,
}

/// What a team typically learns and changes after one kind of report.
struct Lesson {
    helped: &'static str,
    hindered: &'static str,
    could_change: &'static str,
    learned: &'static str,
    action: &'static str,
    evidence: &'static str,
}

fn lesson(category: Option<Category>) -> &'static Lesson {
    use Category::*;
    let index = match category {
        Some(Medication) => 0,
        Some(Falls) => 1,
        Some(Documentation) => 2,
        Some(Safeguarding) => 3,
        Some(Behaviour | RestrictivePractice) => 4,
        Some(PressureCare) => 5,
        Some(InfectionControl) => 6,
        Some(NutritionHydration) => 7,
        Some(MissingPerson) => 8,
        Some(SelfHarm) => 9,
        Some(Environment) => 10,
        Some(Communication) => 11,
        Some(Staffing) => 12,
        Some(Other) | None => 13,
    };
    &LESSONS[index]
}

const LESSONS: [Lesson; 14] = [
    Lesson {
        helped: "The second check at the trolley caught it before anything was given.",
        hindered: "Two residents' pots sat side by side on one tray during a rushed round.",
        could_change: "Give each resident their own tray and finish one resident before starting the next.",
        learned: "Pots side by side on one tray can be picked up for the wrong person. Each resident now has their own tray, and the round finishes one person before starting the next.",
        action: "Buy individual medication trays and brief every shift on the one-resident-at-a-time round",
        evidence: "MAR chart audit over four weeks: no pots mixed up, two near-misses caught at the tray.",
    },
    Lesson {
        helped: "The sensor mat alerted staff within a minute.",
        hindered: "The walking frame was out of reach of the bed after the evening clean.",
        could_change: "Add 'frame within reach' to the bedtime checklist.",
        learned: "Several night-time falls began with a frame left out of reach after cleaning. The bedtime checklist now includes placing the frame by the bed, and night staff check it on the first round.",
        action: "Add 'frame within reach' to the bedtime checklist",
        evidence: "Night checks for three weeks recorded the frame in reach every time.",
    },
    Lesson {
        helped: "The gap was spotted at handover the same day.",
        hindered: "The care notes app logged out mid-entry on the shared tablet.",
        could_change: "A longer tablet session and saved drafts.",
        learned: "Entries were lost when the shared tablet locked mid-note. The session now lasts 30 minutes and the app saves drafts.",
        action: "Ask IT to extend the tablet session to 30 minutes and turn on saved drafts",
        evidence: "No lost entries reported in the month since the change.",
    },
    Lesson {
        helped: "The concern was raised the same shift and the local authority was contacted within the hour.",
        hindered: "Night staff were unsure who the safeguarding lead on call was.",
        could_change: "Put the on-call safeguarding lead on the handover sheet every shift.",
        learned: "When a concern comes up out of hours, the on-call safeguarding lead is now named on every handover sheet, with their number. Raise it the same shift: you were right to.",
        action: "Name the on-call safeguarding lead on every handover sheet",
        evidence: "Spot checks of 20 handover sheets: all name the on-call lead.",
    },
    Lesson {
        helped: "Staff recognised the early signs from the support plan and offered a quieter space.",
        hindered: "The lounge was loud and busy in the late afternoon.",
        could_change: "Offer the quiet room early when the lounge is busy.",
        learned: "Distress in the afternoon often followed a loud, busy lounge. Staff now offer the quiet room early, as the support plan suggests, before distress builds.",
        action: "Update the support plan with the quiet-room routine and go through it at team meeting",
        evidence: "Fewer afternoon incidents in the four weeks after the change.",
    },
    Lesson {
        helped: "The redness was noticed at personal care and reported straight away.",
        hindered: "Repositioning times were recorded on paper and the chart was not with the person.",
        could_change: "Keep the repositioning chart in the room and check it at each handover.",
        learned: "Repositioning was missed when the chart was not where the care happened. Charts now stay in the person's room and are checked at every handover.",
        action: "Move repositioning charts into rooms and add them to the handover checklist",
        evidence: "Chart audit over four weeks: repositioning recorded on time in 96% of checks.",
    },
    Lesson {
        helped: "Symptoms were spotted early and the person was supported in their room.",
        hindered: "Hand gel at the entrance had run out and nobody owned refilling it.",
        could_change: "Give one person per shift the job of checking hand gel and PPE stocks.",
        learned: "Gaps in hand gel and PPE happened when nobody owned the stock. A named person now checks them every shift.",
        action: "Add hand gel and PPE stock checks to the shift leader's duties",
        evidence: "Daily stock checks for a month: no empty dispensers found.",
    },
    Lesson {
        helped: "Staff noticed the untouched drink and offered another straight away.",
        hindered: "Fluid charts were totalled only at the end of the day, too late to act.",
        could_change: "Total fluid charts at lunchtime as well as at the end of the day.",
        learned: "Low intake was found too late when charts were only totalled at night. Charts are now totalled at lunchtime too, so staff can act the same day.",
        action: "Add a lunchtime fluid chart total to the day team's routine",
        evidence: "Lunchtime totals recorded on 27 of 28 days; two low-intake days acted on the same afternoon.",
    },
    Lesson {
        helped: "The missing-from-care protocol was followed and the police informed promptly.",
        hindered: "The young person's up-to-date photograph was not in the file.",
        could_change: "Update photographs and descriptions in the missing-from-care file every month.",
        learned: "Finding a young person quickly depends on a recent photograph and description. Files are now updated monthly and checked at supervision.",
        action: "Review every missing-from-care file and set a monthly photograph update",
        evidence: "All files checked: photographs and descriptions less than a month old.",
    },
    Lesson {
        helped: "Staff stayed with the young person and followed the safety plan.",
        hindered: "The safety plan had not been reviewed since the last placement meeting.",
        could_change: "Review safety plans after every placement meeting and every incident.",
        learned: "Safety plans work when they are current. They are now reviewed after every placement meeting and after any self-harm, with the young person where they wish.",
        action: "Add safety-plan review to the placement meeting agenda",
        evidence: "Safety plans reviewed after each of the last six meetings.",
    },
    Lesson {
        helped: "The hazard was fenced off and reported the same shift.",
        hindered: "Repairs were reported on paper and the request was lost.",
        could_change: "Log repairs in the maintenance book with a date to chase.",
        learned: "Repairs were lost when reported on loose paper. Every repair now goes in the maintenance book with a date to chase, and the manager reviews it weekly.",
        action: "Start a maintenance book with weekly review by the manager",
        evidence: "Maintenance book in use for four weeks; every repair logged and chased.",
    },
    Lesson {
        helped: "The gap was spotted and put right before the next shift.",
        hindered: "Handover was rushed and the change in the care plan was not mentioned.",
        could_change: "Use the written handover sheet, with changes to care plans at the top.",
        learned: "Changes to care were missed at rushed handovers. The written handover sheet now lists care-plan changes first, and the shift leader reads them out.",
        action: "Put care-plan changes at the top of the handover sheet",
        evidence: "Handover observations over two weeks: changes read out at every handover.",
    },
    Lesson {
        helped: "The shift leader reorganised the work and asked for help early.",
        hindered: "Sickness cover was arranged late in the day.",
        could_change: "Agree an on-call list for short-notice cover.",
        learned: "Short-notice gaps were hard to fill late in the day. An on-call cover list is now agreed a month ahead, so the shift leader can call early.",
        action: "Set up a monthly on-call list for short-notice cover",
        evidence: "Four weeks of rotas: every short-notice gap filled before the shift began.",
    },
    Lesson {
        helped: "It was reported clearly and quickly.",
        hindered: "It was not clear whose job it was to follow it up.",
        could_change: "Agree who follows up reports like this at the team meeting.",
        learned: "Follow-up was slow when nobody owned it. The team agreed who follows up reports like this, and it is on the team meeting agenda.",
        action: "Agree and record who follows up reports like this",
        evidence: "The next three reports like this were followed up within a week.",
    },
];

/// Contributory factors a learning review of this kind of report finds.
fn factors(category: Option<Category>) -> [&'static str; 2] {
    use Category::*;
    match category {
        Some(Medication) => ["task_characteristics", "staff_workload"],
        Some(Falls | PressureCare) => ["equipment_and_supplies", "service_user_factors"],
        Some(Safeguarding | MissingPerson | SelfHarm) => {
            ["communication_systems", "supervision_and_leadership"]
        }
        Some(Staffing) => ["management_of_staff", "staff_workload"],
        Some(Environment) => ["physical_environment", "lines_of_responsibility"],
        _ => ["communication_systems", "policy_and_procedures"],
    }
}

/// Who handles a service's reports.
struct Handlers {
    manager: String,
    quality: String,
}

/// Plans the loop of each report of an organisation plan.
pub struct LoopPlanner {
    handlers: HashMap<String, Handlers>,
    zone: TimeZone,
    end: Timestamp,
}

/// A cheap, well-mixed number from a report's submission second, so that
/// every choice below is the same for the same report.
fn mix(second: i64, salt: u64) -> u64 {
    let mut x = (second as u64) ^ salt.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x ^= x >> 31;
    x = x.wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 29)
}

const HOUR: i64 = 3_600;
const DAY: i64 = 86_400;

impl LoopPlanner {
    /// `end` is the end of the generated period (now): nothing happens after it.
    pub fn new(plan: &OrganisationPlan, end: Timestamp) -> LoopPlanner {
        let quality = plan
            .people
            .iter()
            .find(|p| p.role == Role::Quality)
            .or_else(|| plan.people.iter().find(|p| p.role == Role::Safety))
            .map(|p| p.email.clone())
            .unwrap_or_default();
        let handlers = plan
            .services
            .iter()
            .map(|service| {
                let manager = plan
                    .people
                    .iter()
                    .find(|p| p.role == Role::Manager && p.services.contains(&service.slug))
                    .map(|p| p.email.clone())
                    .unwrap_or_else(|| quality.clone());
                (
                    service.slug.clone(),
                    Handlers {
                        manager,
                        quality: quality.clone(),
                    },
                )
            })
            .collect();
        LoopPlanner {
            handlers,
            zone: TimeZone::get(&plan.time_zone).unwrap_or(TimeZone::UTC),
            end,
        }
    }

    fn day_of(&self, at: Timestamp) -> Date {
        at.to_zoned_datetime(self.zone.clone()).date()
    }

    fn at(&self, second: i64) -> Timestamp {
        Timestamp::from_second(second.min(self.end.as_second())).unwrap_or(self.end)
    }

    /// The loop of `report`, as far as its generated status says it got.
    pub fn plan(&self, report: &ReportPlan) -> LoopPlan {
        let handlers = &self.handlers[&report.service];
        // Whoever reported, someone else thanks them and leads the review.
        let handler = if report.reporter_email.as_deref() == Some(handlers.manager.as_str()) {
            &handlers.quality
        } else {
            &handlers.manager
        };
        // From the recorded submission time (the day, for an anonymous
        // report), so the loop's times say no more about when a report came
        // than the report does.
        let recorded = recorded_submission_time(report.identity, report.submitted_at);
        let (thanked_at, feedback_at, closed_at) = crate::reports::loop_times(
            report.status,
            Timestamp::from_second(recorded).unwrap_or(report.submitted_at),
            self.end,
        );
        let steps = steps_to(report.status);
        let m = mix(recorded, 1);

        let mut plan = LoopPlan {
            thanks: None,
            review: None,
            actions: Vec::new(),
            feedback: None,
            closed: None,
            status: ReportStatus::Received,
        };
        let thanked = thanked_at.map(|t| t.as_second()).unwrap_or(recorded);
        for step in steps {
            match step {
                LoopStep::Thank => {
                    plan.thanks = Some(TeamMessage {
                        at: self.at(thanked),
                        by: handler.clone(),
                        words: suggested_thanks(report.kind),
                    });
                }
                LoopStep::StartReview => {
                    // Between the thanks and the feedback, or within two days.
                    let review_at = match feedback_at {
                        Some(feedback) => thanked + (feedback.as_second() - thanked) / 2,
                        None => thanked + (2 * DAY).min((self.end.as_second() - thanked) / 2),
                    };
                    let review_at = self.at(review_at);
                    let (review, actions) = self.review(report, handler, handlers, review_at, m);
                    plan.review = Some(review);
                    plan.actions = actions;
                }
                LoopStep::GiveFeedback => {
                    let at = feedback_at.unwrap_or(self.end);
                    let words = self.feedback_words(report, &plan);
                    plan.feedback = Some(TeamMessage {
                        at,
                        by: handler.clone(),
                        words,
                    });
                }
                LoopStep::Close => {
                    plan.closed = Some((closed_at.unwrap_or(self.end), handler.clone()))
                }
            }
        }
        // The report is where its steps led; the generator asked for a stage
        // the rules allow, so a refusal here is a bug in this module.
        plan.status = status_after_steps(steps.iter().copied())
            .expect("the usual way round the loop is allowed");
        plan
    }

    /// A learning response in proportion to what happened, checked as the
    /// product checks a typed one, and the actions it calls for.
    fn review(
        &self,
        report: &ReportPlan,
        handler: &str,
        handlers: &Handlers,
        at: Timestamp,
        m: u64,
    ) -> (PlannedReview, Vec<PlannedAction>) {
        let lesson = lesson(report.category);
        let serious = matches!(
            report.harm,
            Some(Harm::Moderate | Harm::Severe | Harm::Death)
        ) || matches!(report.psychological_harm, Some(PsychologicalHarm::Severe));
        let roll = m % 10;
        let mut input = ReviewInput::default();
        let mut by = handler.to_string();
        let review_type = match report.kind {
            _ if serious
                && (!m.is_multiple_of(3) || !matches!(report.harm, Some(Harm::Moderate))) =>
            {
                "learning_review"
            }
            ReportKind::GoodPractice => "record_only",
            ReportKind::NearMiss if roll < 6 => "record_only",
            ReportKind::NearMiss => "debrief",
            _ if roll < 2 => "record_only",
            _ if roll < 8 => "debrief",
            _ => "after_action_review",
        };
        input.review_type = review_type.to_string();
        match review_type {
            "record_only" => {
                input.reason = match report.kind {
                    ReportKind::GoodPractice => "Good practice: shared at handover as an example to follow.".into(),
                    ReportKind::NearMiss => "Caught in time: the checks worked as they should. Shared at handover so everyone knows to look for it.".into(),
                    _ => "Handled well at the time and nothing more to learn beyond the report itself.".into(),
                }
            }
            "debrief" => {
                input.held_at = Timestamp::from_second(at.as_second() - HOUR).unwrap_or(at).to_string();
                input.participants = "The staff on shift and the shift leader".into();
                input.helped = lesson.helped.into();
                input.hindered = lesson.hindered.into();
                // A third of debriefs find something to change.
                if m.is_multiple_of(3) {
                    input.could_change = lesson.could_change.into();
                }
                if serious {
                    input.manager_attended = Some(true);
                }
            }
            "after_action_review" => {
                input.expected = "The usual routine would keep this from happening.".into();
                input.happened = lesson.hindered.into();
                input.why_different = "The routine did not cover this situation and nobody owned the gap.".into();
                input.learned = lesson.learned.into();
            }
            _ => {
                by = handlers.quality.clone();
                input.timeline = "Reported the same shift; reviewed with the staff involved within the week; findings shared with the service.".into();
                input.findings = format!("{} {}", lesson.hindered, lesson.could_change);
                input.factors = factors(report.category).iter().map(|f| f.to_string()).collect();
                let rule_needs_change = m.is_multiple_of(4);
                input.rule_needs_change = Some(rule_needs_change);
                if rule_needs_change {
                    input.rule_change = format!("The service's procedure should say: {}", lesson.could_change.to_lowercase());
                }
            }
        }
        let details = input
            .validate(at, &self.zone, serious)
            .unwrap_or_else(|errors| panic!("the generator's {review_type} for a {:?} report must pass the product's checks: {errors}", report.category));
        let mut actions = Vec::new();
        if details.calls_for_action() {
            actions.push(self.action(lesson.action, handlers, at, lesson.evidence, m));
            if matches!(details, ReviewDetails::LearningReview { .. }) {
                actions.push(self.action(
                    "Share the learning review's findings at every team meeting this month",
                    handlers,
                    at,
                    "Discussed at each team meeting; minutes record questions and answers.",
                    mix(m as i64, 2),
                ));
            }
        }
        (PlannedReview { at, by, details }, actions)
    }

    /// An action owned by the service's manager, due weeks after the review;
    /// by the period's end most that were due are done and checked, a few
    /// are overdue, and those due later are still open.
    fn action(
        &self,
        title: &str,
        handlers: &Handlers,
        created_at: Timestamp,
        evidence: &str,
        m: u64,
    ) -> PlannedAction {
        let today = self.day_of(created_at);
        let due = today.saturating_add(Span::new().days(7 + (m >> 8) as i64 % 29));
        let new = ActionInput {
            title: title.into(),
            owner: handlers.manager.clone(),
            due: due.to_string(),
        }
        .validate(today)
        .expect("the generator's action passes the product's checks");
        let end_day = self.day_of(self.end);
        let mut action = PlannedAction {
            title: new.title,
            owner: handlers.manager.clone(),
            created_at,
            due: new.due,
            completed: None,
            check: None,
        };
        // One in eight actions slips past its due date and is still open.
        if new.due >= end_day || (m >> 16).is_multiple_of(8) {
            return action;
        }
        // Done a few days before it was due, never before the day after it was agreed.
        let done_second = (self.midday(new.due).as_second() - ((m >> 20) % 5) as i64 * DAY)
            .max(created_at.as_second() + DAY);
        if done_second >= self.end.as_second() {
            return action;
        }
        let done_at = self.at(done_second);
        let done_day = self.day_of(done_at);
        let check_due = CompletionInput {
            check_due: done_day.saturating_add(Span::new().days(28)).to_string(),
        }
        .validate(done_day)
        .expect("the generator's completion passes the product's checks");
        action.completed = Some((done_at, check_due));
        // Most checks happen on the day booked or soon after; some are still to do.
        let check_second = self.midday(check_due).as_second() + ((m >> 24) % 3) as i64 * DAY;
        if check_second >= self.end.as_second() || (m >> 28).is_multiple_of(7) {
            return action;
        }
        let result = match (m >> 32) % 20 {
            0 => "not_effective",
            1..=4 => "partly",
            _ => "effective",
        };
        let check = CheckInput {
            result: result.into(),
            evidence: evidence.into(),
        }
        .validate()
        .expect("the generator's check passes the product's checks");
        action.check = Some((self.at(check_second), handlers.quality.clone(), check));
        action
    }

    fn midday(&self, day: Date) -> Timestamp {
        self.zone
            .to_timestamp(day.at(12, 0, 0, 0))
            .unwrap_or(self.end)
    }

    /// What the reporter is told: what was learned and what will change.
    fn feedback_words(&self, report: &ReportPlan, plan: &LoopPlan) -> String {
        let lesson = lesson(report.category);
        let Some(review) = &plan.review else {
            return format!(
                "We looked at what you reported. What we learned: {}",
                lesson.learned
            );
        };
        let learned = match &review.details {
            ReviewDetails::RecordOnly { reason } => {
                return format!(
                    "We looked at what you reported. {reason} Nothing needs to change this time: thank you for telling us."
                );
            }
            ReviewDetails::Debrief {
                helped,
                could_change,
                ..
            } if could_change.is_empty() => {
                format!(
                    "We talked it through with the team. What helped: {helped} What we keep doing: the same checks, which worked."
                )
            }
            _ => format!("What we learned: {}", lesson.learned),
        };
        let mut words = learned;
        if !plan.actions.is_empty() {
            words.push_str("\n\nWhat we are doing:");
            for action in &plan.actions {
                words.push_str(&format!("\n- {} (due {})", action.title, action.due.strftime("%-d %b %Y")));
            }
        }
        words
    }
}
