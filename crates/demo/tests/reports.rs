//! Behaviour of the generated demo: who is in it, what the reports say, and
//! the patterns the dashboards are meant to find.

use std::collections::{HashMap, HashSet};

use jiff::Timestamp;
use jiff::tz::TimeZone;
use learnloop_demo::{
    OrganisationPlan, ReportPlan, ServiceKind, demo_organisation, learning_push_month, medicines_change_month,
    organisation_for, period, reports, reports_exact,
};
use learnloop_domain::identity::IdentityMode;
use learnloop_domain::reports::{Category, Harm, ReportInput, ReportKind, ReportStatus};
use learnloop_domain::role::Role;

const SEED: u64 = 2026;
const COUNT: u64 = 2_400;
const MONTHS: u32 = 18;

fn end() -> Timestamp {
    // Deliberately not at a month boundary.
    "2026-05-17T14:23:00Z".parse().unwrap()
}

fn london() -> TimeZone {
    TimeZone::get("Europe/London").unwrap()
}

fn demo() -> (OrganisationPlan, Vec<ReportPlan>) {
    let plan = demo_organisation(SEED);
    let all = reports(&plan, SEED, COUNT, MONTHS, end()).collect();
    (plan, all)
}

fn texts(report: &ReportPlan) -> impl Iterator<Item = &str> {
    [Some(report.what_happened.as_str()), report.immediate_actions.as_deref(), report.what_went_well.as_deref()]
        .into_iter()
        .flatten()
}

fn is_care_home(plan: &OrganisationPlan, slug: &str) -> bool {
    plan.service(slug).unwrap().kind == ServiceKind::ResidentialCareHome
}

/// Reports per month (index 0 is month 1).
fn per_month(plan: &OrganisationPlan, all: &[ReportPlan], keep: impl Fn(&ReportPlan) -> bool) -> Vec<f64> {
    let period = period(plan, MONTHS, end());
    let mut counts = vec![0.0; MONTHS as usize];
    for report in all.iter().filter(|r| keep(r)) {
        counts[period.month_of(report.occurred_at).unwrap() as usize - 1] += 1.0;
    }
    counts
}

fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len() as f64
}

#[test]
fn the_same_seed_gives_the_same_reports_and_another_seed_different_ones() {
    let plan = demo_organisation(SEED);
    let first: Vec<ReportPlan> = reports(&plan, SEED, COUNT, MONTHS, end()).take(100).collect();
    let again: Vec<ReportPlan> = reports(&demo_organisation(SEED), SEED, COUNT, MONTHS, end()).take(100).collect();
    assert_eq!(first, again);
    let other: Vec<ReportPlan> = reports(&plan, SEED + 1, COUNT, MONTHS, end()).take(100).collect();
    assert_ne!(first, other);
    let other_plan = demo_organisation(SEED + 1);
    let other_people: Vec<ReportPlan> = reports(&other_plan, SEED, COUNT, MONTHS, end()).take(100).collect();
    assert_ne!(first, other_people);
}

#[test]
fn exactly_count_reports_in_time_order() {
    let plan = demo_organisation(SEED);
    for count in [0, 1, 17, COUNT] {
        let iter = reports_exact(&plan, SEED, count, MONTHS, end());
        assert_eq!(iter.len() as u64, count);
        let all: Vec<ReportPlan> = iter.collect();
        assert_eq!(all.len() as u64, count);
        assert!(all.windows(2).all(|w| w[0].occurred_at <= w[1].occurred_at));
    }
}

#[test]
fn the_fixed_logins_exist_with_their_roles_and_staff_and_manager_share_a_service() {
    let plan = demo_organisation(SEED);
    let expected = [
        ("staff@demo.learnloop.test", Role::Staff),
        ("manager@demo.learnloop.test", Role::Manager),
        ("quality@demo.learnloop.test", Role::Quality),
        ("safety@demo.learnloop.test", Role::Safety),
        ("admin@demo.learnloop.test", Role::Admin),
    ];
    for (i, (email, role)) in expected.iter().enumerate() {
        assert_eq!(plan.people[i].email, *email);
        assert_eq!(plan.people[i].role, *role);
        assert!(plan.people[i].name.contains(' '), "{email} needs a realistic name");
    }
    let staff = plan.person("staff@demo.learnloop.test").unwrap();
    let manager = plan.person("manager@demo.learnloop.test").unwrap();
    assert!(staff.services.iter().any(|s| manager.services.contains(s)));
    assert!(is_care_home(&plan, &staff.services[0]));
}

#[test]
fn the_demo_has_three_kinds_of_service_and_about_forty_people() {
    let plan = demo_organisation(SEED);
    assert!(plan.services.len() >= 3);
    for kind in [ServiceKind::ResidentialCareHome, ServiceKind::SupportedLiving, ServiceKind::ChildrensHome] {
        assert!(plan.services.iter().any(|s| s.kind == kind), "no {kind}");
    }
    assert!((35..=50).contains(&plan.people.len()), "{} people", plan.people.len());
    for service in &plan.services {
        assert!(
            plan.people_of_service(&service.slug).any(|p| p.role == Role::Manager),
            "{} has no manager",
            service.slug
        );
    }
    let titles: HashSet<&str> = plan.people.iter().map(|p| p.job_title.as_str()).collect();
    for title in [
        "Support worker",
        "Nurse",
        "Night care assistant",
        "Residential childcare worker",
        "Registered manager",
        "Cook",
    ] {
        assert!(titles.contains(title), "no {title}");
    }
}

#[test]
fn reporters_work_in_the_service_and_anonymous_reports_have_none() {
    let (plan, all) = demo();
    for report in &all {
        assert_eq!(report.identity == IdentityMode::Anonymous, report.reporter_email.is_none());
        if let Some(email) = &report.reporter_email {
            let person = plan.person(email).unwrap_or_else(|| panic!("{email} is not in the plan"));
            assert!(person.services.contains(&report.service), "{email} does not work in {}", report.service);
            assert!(matches!(person.role, Role::Staff | Role::Manager));
        }
    }
    // The fixed staff login has reports of their own to show in the demo.
    assert!(all.iter().filter(|r| r.reporter_email.as_deref() == Some("staff@demo.learnloop.test")).count() >= 20);
}

#[test]
fn reports_fall_in_the_period_and_are_submitted_after_they_happen() {
    let (plan, all) = demo();
    let period = period(&plan, MONTHS, end());
    for report in &all {
        assert!(report.occurred_at >= period.start() && report.occurred_at < end());
        assert!(report.occurred_at <= report.submitted_at && report.submitted_at <= end());
        assert!(report.submitted_at.as_second() - report.occurred_at.as_second() <= 3 * 86_400);
    }
    // Every month has reports.
    assert!(per_month(&plan, &all, |_| true).iter().all(|n| *n > 0.0));
}

#[test]
fn no_report_names_a_person_of_the_plan() {
    let (plan, all) = demo();
    let mut words: HashSet<&str> = HashSet::new();
    for person in &plan.people {
        words.extend(person.name.split_whitespace());
    }
    for report in &all {
        for text in texts(report).chain(report.people_affected.iter().map(String::as_str)) {
            for person in &plan.people {
                assert!(!text.contains(&person.name), "{:?} names {}", text, person.name);
            }
            for word in text.split(|c: char| !c.is_alphanumeric() && c != '\'') {
                assert!(!words.contains(word.trim_end_matches("'s")), "{text:?} contains the name {word:?}");
            }
        }
    }
}

#[test]
fn every_report_passes_the_domain_validation() {
    let (_, all) = demo();
    let zone = london();
    for report in &all {
        let input = ReportInput {
            kind: report.kind.as_str().into(),
            service: report.service.clone(),
            team: report.team.clone(),
            occurred_at: report.occurred_at.to_string(),
            what_happened: report.what_happened.clone(),
            identity: report.identity.as_str().into(),
            category: report.category.map(|c| c.as_str().into()),
            harm: report.harm.map(|h| h.as_str().into()),
            psychological_harm: report.psychological_harm.map(|h| h.as_str().into()),
            immediate_actions: report.immediate_actions.clone(),
            what_went_well: report.what_went_well.clone(),
            people_affected: report.people_affected.clone(),
        };
        let checked = input.validate(end(), &zone);
        assert!(checked.is_ok(), "{:?} for {:#?}", checked.err(), report);
    }
}

#[test]
fn narratives_are_complete_varied_and_tidy() {
    let (_, all) = demo();
    let distinct: HashSet<&str> = all.iter().map(|r| r.what_happened.as_str()).collect();
    assert!(distinct.len() as f64 > all.len() as f64 * 0.95, "only {} distinct narratives", distinct.len());
    for report in &all {
        for text in texts(report) {
            assert!(!text.contains('{') && !text.contains('}'), "unfilled slot in {text:?}");
            assert!(!text.contains("  ") && !text.starts_with(' ') && !text.ends_with(' '), "spacing in {text:?}");
            assert!(text.ends_with('.'), "{text:?} does not end a sentence");
            assert!(text.chars().next().unwrap().is_uppercase(), "{text:?} does not start a sentence");
        }
        assert!(report.what_happened.len() >= 40);
        assert!(report.people_affected.len() <= 2);
    }
    let with_actions = all.iter().filter(|r| r.immediate_actions.is_some()).count();
    let with_well = all.iter().filter(|r| r.what_went_well.is_some()).count();
    assert!(with_actions > all.len() / 2, "{with_actions} with immediate actions");
    assert!(with_well > all.len() / 5, "{with_well} with what went well");
}

#[test]
fn every_kind_and_the_main_categories_appear() {
    let (_, all) = demo();
    for kind in ReportKind::ALL {
        assert!(all.iter().filter(|r| r.kind == *kind).count() > 50, "too few {kind}");
    }
    for category in [
        Category::Medication,
        Category::Falls,
        Category::Safeguarding,
        Category::RestrictivePractice,
        Category::Documentation,
        Category::Behaviour,
        Category::PressureCare,
        Category::InfectionControl,
        Category::NutritionHydration,
        Category::MissingPerson,
        Category::SelfHarm,
        Category::Communication,
    ] {
        assert!(all.iter().any(|r| r.category == Some(category)), "no {category}");
    }
}

#[test]
fn categories_and_references_fit_the_service() {
    let plan = organisation_for(SEED, 200_000);
    let all: Vec<ReportPlan> = reports(&plan, SEED, 20_000, MONTHS, end()).collect();
    let kind_of = |slug: &str| plan.service(slug).unwrap().kind;
    let mut pressure: HashMap<ServiceKind, usize> = HashMap::new();
    for report in &all {
        let kind = kind_of(&report.service);
        let young = report.people_affected.iter().any(|p| p.starts_with("Young person"));
        assert_eq!(young, kind == ServiceKind::ChildrensHome && !report.people_affected.is_empty(), "{report:?}");
        if report.category == Some(Category::MissingPerson) {
            assert_eq!(kind, ServiceKind::ChildrensHome);
        }
        if report.category == Some(Category::PressureCare) {
            *pressure.entry(kind).or_default() += 1;
        }
        if kind == ServiceKind::DayService {
            let hour = report.occurred_at.to_zoned_datetime(london()).hour();
            assert!((8..17).contains(&hour), "a day service is closed at {hour}:00");
        }
    }
    let care_home = pressure[&ServiceKind::ResidentialCareHome];
    assert!(pressure.iter().all(|(k, n)| *k == ServiceKind::ResidentialCareHome || *n < care_home), "{pressure:?}");
}

#[test]
fn reporting_rises_after_the_learning_push() {
    let (plan, all) = demo();
    assert_eq!(learning_push_month(MONTHS), 7);
    let months = per_month(&plan, &all, |_| true);
    let before = mean(&months[0..6]);
    let after = mean(&months[7..18]);
    assert!(after > before * 1.4, "months 1-6: {before:.1}/month, months 8-18: {after:.1}/month");
    // Mostly near-misses and good practice.
    let learning = per_month(&plan, &all, |r| matches!(r.kind, ReportKind::NearMiss | ReportKind::GoodPractice));
    assert!(mean(&learning[7..18]) > mean(&learning[0..6]) * 2.2);
}

#[test]
fn care_home_medication_errors_fall_after_the_change() {
    let (plan, all) = demo();
    assert_eq!(medicines_change_month(MONTHS), 11);
    let errors = per_month(&plan, &all, |r| {
        r.kind == ReportKind::Incident && r.category == Some(Category::Medication) && is_care_home(&plan, &r.service)
    });
    let middle: f64 = errors[4..10].iter().sum();
    let last: f64 = errors[12..18].iter().sum();
    assert!(last < middle * 0.6, "months 5-10: {middle}, months 13-18: {last}");
}

#[test]
fn falls_peak_in_winter() {
    let plan = demo_organisation(SEED);
    let end: Timestamp = "2026-07-01T00:00:00+01:00".parse().unwrap();
    let all: Vec<ReportPlan> = reports(&plan, SEED, 30_000, 18, end).collect();
    let falls_in = |months: &[i8]| {
        all.iter()
            .filter(|r| r.category == Some(Category::Falls) && r.kind == ReportKind::Incident)
            .filter(|r| months.contains(&r.occurred_at.to_zoned_datetime(london()).month()))
            .count() as f64
    };
    // Winter 2025-26 against summer 2025, both after the push.
    assert!(falls_in(&[12, 1, 2]) > falls_in(&[6, 7, 8]) * 1.3);
}

#[test]
fn times_of_day_follow_the_work() {
    let (plan, all) = demo();
    let hour = |r: &ReportPlan| r.occurred_at.to_zoned_datetime(london()).hour();
    let missing: Vec<i8> = all
        .iter()
        .filter(|r| r.category == Some(Category::MissingPerson) && r.kind == ReportKind::Incident)
        .map(hour)
        .collect();
    let evening = missing.iter().filter(|h| **h >= 16 || **h < 3).count();
    assert!(
        evening as f64 > missing.len() as f64 * 0.9,
        "{evening} of {} missing episodes in the evening",
        missing.len()
    );
    // Night events at the care home are reported by night staff (or managers).
    let mut night_reports = 0;
    for report in all.iter().filter(|r| is_care_home(&plan, &r.service) && r.reporter_email.is_some()) {
        let h = hour(report);
        if !(8..20).contains(&h) {
            let person = plan.person(report.reporter_email.as_deref().unwrap()).unwrap();
            assert!(
                person.role == Role::Manager || person.team.as_deref() == Some("night-team"),
                "{} at {h}:00",
                person.job_title
            );
            night_reports += 1;
        }
    }
    assert!(night_reports > 50);
}

#[test]
fn anonymity_falls_as_trust_grows() {
    let (plan, all) = demo();
    let share = |months: std::ops::Range<u32>, mode: IdentityMode| {
        let period = period(&plan, MONTHS, end());
        let in_range: Vec<&ReportPlan> =
            all.iter().filter(|r| months.contains(&period.month_of(r.occurred_at).unwrap())).collect();
        in_range.iter().filter(|r| r.identity == mode).count() as f64 / in_range.len() as f64
    };
    let early = share(1..4, IdentityMode::Anonymous);
    let late = share(16..19, IdentityMode::Anonymous);
    assert!((0.2..0.4).contains(&early), "early anonymous share {early:.2}");
    assert!((0.04..0.17).contains(&late), "late anonymous share {late:.2}");
    let confidential = share(1..19, IdentityMode::Confidential);
    assert!((0.04..0.11).contains(&confidential), "confidential share {confidential:.2}");
}

#[test]
fn harm_is_mostly_none_or_low() {
    let plan = demo_organisation(SEED);
    let all: Vec<ReportPlan> = reports(&plan, SEED, 50_000, MONTHS, end()).collect();
    let share = |harm: Harm| all.iter().filter(|r| r.harm == Some(harm)).count() as f64 / all.len() as f64;
    let graded = all.iter().filter(|r| r.harm.is_some()).count() as f64 / all.len() as f64;
    assert!((share(Harm::None) + share(Harm::Low)) / graded > 0.85);
    assert!(share(Harm::Moderate) > 0.02 && share(Harm::Moderate) < 0.12);
    assert!(share(Harm::Severe) > 0.001 && share(Harm::Severe) < 0.02);
    assert!(share(Harm::Death) > 0.0 && share(Harm::Death) <= 0.0015, "death share {}", share(Harm::Death));
    for report in all.iter().filter(|r| r.kind != ReportKind::Incident) {
        assert!(matches!(report.harm, None | Some(Harm::None) | Some(Harm::Low) | Some(Harm::Moderate)), "{report:?}");
    }
}

#[test]
fn old_reports_have_closed_the_loop_and_new_ones_are_in_it() {
    let (_, all) = demo();
    let age = |r: &ReportPlan| (end().as_second() - r.submitted_at.as_second()) / 86_400;
    let old: Vec<&ReportPlan> = all.iter().filter(|r| age(r) > 180).collect();
    let closed = old.iter().filter(|r| matches!(r.status, ReportStatus::Closed | ReportStatus::FeedbackGiven)).count();
    assert!(closed as f64 > old.len() as f64 * 0.95);
    let recent: Vec<&ReportPlan> = all.iter().filter(|r| age(r) < 14).collect();
    let open = recent
        .iter()
        .filter(|r| matches!(r.status, ReportStatus::Received | ReportStatus::Thanked | ReportStatus::InReview))
        .count();
    assert!(!recent.is_empty() && open as f64 > recent.len() as f64 * 0.8);
}

#[test]
fn scaled_organisations_spread_reports_over_all_their_services() {
    let plan = organisation_for(SEED, 1_000_000);
    assert_eq!(plan.services.len(), 50);
    let all: Vec<ReportPlan> = reports(&plan, SEED, 40_000, MONTHS, end()).collect();
    let services: HashSet<&str> = all.iter().map(|r| r.service.as_str()).collect();
    assert_eq!(services.len(), plan.services.len());
    for report in all.iter().filter(|r| r.reporter_email.is_some()) {
        let person = plan.person(report.reporter_email.as_deref().unwrap()).unwrap();
        assert!(person.services.contains(&report.service));
    }
}

#[test]
fn reports_name_a_team_of_their_service_where_it_happened_or_none() {
    let (plan, all) = demo();
    let zone = london();
    let mut without_team = 0;
    for report in &all {
        let service = plan.services.iter().find(|s| s.slug == report.service).unwrap();
        let Some(slug) = &report.team else {
            without_team += 1;
            continue;
        };
        let team = service.teams.iter().find(|t| &t.slug == slug).unwrap_or_else(|| panic!("{slug} is not a team of {}", service.slug));
        // Where day and night teams differ, the event's hour decides.
        if service.teams.iter().any(|t| t.works_nights) && service.teams.iter().any(|t| !t.works_nights) {
            let hour = report.occurred_at.to_zoned_datetime(zone.clone()).hour();
            assert_eq!(team.works_nights, !(8..20).contains(&hour), "{} at {hour}:00 went to {}", report.service, team.name);
        }
    }
    let share = f64::from(without_team) / all.len() as f64;
    assert!((0.05..0.2).contains(&share), "{share} of reports name no team");
    for service in &plan.services {
        for team in &service.teams {
            assert!(all.iter().any(|r| r.team.as_ref() == Some(&team.slug) && r.service == service.slug), "{} has no reports", team.name);
        }
    }
}
