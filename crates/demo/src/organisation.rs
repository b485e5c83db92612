//! The demo organisation: services, teams and people.

use std::collections::HashSet;

pub use learnloop_domain::organisation::ServiceKind;
use learnloop_domain::role::Role;
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

use crate::names;

/// The email domain of every demo person; `.test` is reserved and never routable.
pub const EMAIL_DOMAIN: &str = "demo.learnloop.test";

/// The five fixed demo logins, in the order they head every plan's people.
pub const STAFF_LOGIN: &str = "staff@demo.learnloop.test";
pub const MANAGER_LOGIN: &str = "manager@demo.learnloop.test";
pub const QUALITY_LOGIN: &str = "quality@demo.learnloop.test";
pub const SAFETY_LOGIN: &str = "safety@demo.learnloop.test";
pub const ADMIN_LOGIN: &str = "admin@demo.learnloop.test";

/// The demo safety officer's second factor: the key an authenticator app
/// takes (base32), printed by `learnloop demo`. Real accounts get a random one.
pub const SAFETY_TOTP_SECRET: &str = "LEARNLOOPDEMOSAFETYOFFICERKEY234";

/// The demo safety officer's recovery codes: the same every time, so the
/// demo can print one.
pub fn safety_recovery_codes() -> Vec<String> {
    learnloop_domain::second_factor::new_recovery_codes(&mut SmallRng::seed_from_u64(2026))
}

/// Reports per extra service when an organisation is scaled for a benchmark.
pub const REPORTS_PER_SERVICE: u64 = 20_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganisationPlan {
    pub name: String,
    pub slug: String,
    /// An IANA zone name, `Europe/London` for every demo organisation.
    pub time_zone: String,
    pub services: Vec<ServicePlan>,
    pub people: Vec<PersonPlan>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServicePlan {
    pub slug: String,
    pub name: String,
    pub kind: ServiceKind,
    pub teams: Vec<TeamPlan>,
    /// Beds (care homes), tenants (supported living), young people (children's
    /// homes), clients (home care) or attendees (day services).
    pub beds_or_people_supported: u32,
}

/// The kinds of service the demo models, in the order of its per-kind
/// tables (each scenario's rates in `data/narratives.toml`, the vocabularies).
pub const DEMO_KINDS: [ServiceKind; 5] = [
    ServiceKind::ResidentialCareHome,
    ServiceKind::SupportedLiving,
    ServiceKind::ChildrensHome,
    ServiceKind::HomeCare,
    ServiceKind::DayService,
];

/// A kind's position in [`DEMO_KINDS`]; the demo plans no other kind.
pub(crate) fn kind_index(kind: ServiceKind) -> usize {
    DEMO_KINDS.iter().position(|k| *k == kind).expect("the demo plans only the kinds it models")
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamPlan {
    pub slug: String,
    pub name: String,
    /// Whether the team works nights, so night-time events are reported by
    /// night staff.
    pub works_nights: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonPlan {
    pub name: String,
    pub email: String,
    pub job_title: String,
    pub role: Role,
    /// Service slugs: for managers the services they manage, for staff where
    /// they work; empty for organisation-wide quality, safety and admin roles.
    pub services: Vec<String>,
    /// Team slug within the person's (first) service.
    pub team: Option<String>,
}

impl OrganisationPlan {
    pub fn service(&self, slug: &str) -> Option<&ServicePlan> {
        self.services.iter().find(|s| s.slug == slug)
    }

    pub fn person(&self, email: &str) -> Option<&PersonPlan> {
        self.people.iter().find(|p| p.email == email)
    }

    /// Everyone who works in or manages the service: the people who may report
    /// from it in the demo.
    pub fn people_of_service<'a>(&'a self, slug: &'a str) -> impl Iterator<Item = &'a PersonPlan> + 'a {
        self.people.iter().filter(move |p| p.services.iter().any(|s| s == slug))
    }
}

impl ServicePlan {
    fn new(name: &str, slug: &str, kind: ServiceKind, size: u32, teams: &[(&str, bool)]) -> ServicePlan {
        ServicePlan {
            slug: slug.to_string(),
            name: name.to_string(),
            kind,
            beds_or_people_supported: size,
            teams: teams
                .iter()
                .map(|(team, nights)| TeamPlan {
                    slug: names::slugify(team),
                    name: team.to_string(),
                    works_nights: *nights,
                })
                .collect(),
        }
    }
}

/// The default teams of a kind of service.
fn default_teams(kind: ServiceKind) -> &'static [(&'static str, bool)] {
    match kind {
        ServiceKind::ResidentialCareHome => &[("Day team", false), ("Night team", true)],
        ServiceKind::SupportedLiving => &[("Day team", false), ("Waking night team", true)],
        // Children's homes run rota teams that each cover days and sleep-ins.
        ServiceKind::ChildrensHome => &[("Team A", true), ("Team B", true)],
        ServiceKind::HomeCare => &[("North round", false), ("South round", false)],
        ServiceKind::DayService => &[("Centre team", false)],
        other => unreachable!("the demo plans only DEMO_KINDS, not {other}"),
    }
}

/// Builds people with unique generated names and emails.
struct PeopleBuilder {
    rng: SmallRng,
    used_names: HashSet<String>,
    used_emails: HashSet<String>,
    people: Vec<PersonPlan>,
}

impl PeopleBuilder {
    fn new(seed: u64) -> PeopleBuilder {
        PeopleBuilder {
            rng: SmallRng::seed_from_u64(seed ^ 0x5eed_0f9e_0b1e),
            used_names: HashSet::new(),
            used_emails: HashSet::new(),
            people: Vec::new(),
        }
    }

    fn fixed(&mut self, name: &str, email: &str, job_title: &str, role: Role, services: &[&str], team: Option<&str>) {
        self.used_names.insert(name.to_string());
        self.used_emails.insert(email.to_string());
        self.people.push(PersonPlan {
            name: name.to_string(),
            email: email.to_string(),
            job_title: job_title.to_string(),
            role,
            services: services.iter().map(|s| s.to_string()).collect(),
            team: team.map(str::to_string),
        });
    }

    fn generated(&mut self, job_title: &str, role: Role, services: &[&str], team: Option<&str>) {
        let (first, last) = loop {
            let first = names::FIRST_NAMES[self.rng.random_range(0..names::FIRST_NAMES.len())];
            let last = names::SURNAMES[self.rng.random_range(0..names::SURNAMES.len())];
            let full = format!("{first} {last}");
            // Large benchmark organisations exhaust the combinations: then
            // namesakes are allowed and the email tells them apart.
            if self.used_names.insert(full)
                || self.used_names.len() > names::FIRST_NAMES.len() * names::SURNAMES.len() / 2
            {
                break (first, last);
            }
        };
        let local = names::email_local_part(first, last);
        let mut email = format!("{local}@{EMAIL_DOMAIN}");
        let mut n = 2;
        while !self.used_emails.insert(email.clone()) {
            email = format!("{local}{n}@{EMAIL_DOMAIN}");
            n += 1;
        }
        self.people.push(PersonPlan {
            name: format!("{first} {last}"),
            email,
            job_title: job_title.to_string(),
            role,
            services: services.iter().map(|s| s.to_string()).collect(),
            team: team.map(str::to_string),
        });
    }

    /// Staff for a service of the given kind: one line per job, with count
    /// and team. `manager_present` is false for the demo care home, whose
    /// registered manager is the fixed manager login.
    /// `scaled` services (beyond the demo's four) get three more frontline
    /// staff, for about 13 people per service.
    fn staff_service(&mut self, service: &ServicePlan, manager_present: bool, scaled: bool) {
        let slug = service.slug.as_str();
        let team = |i: usize| service.teams.get(i).map(|t| t.slug.clone());
        let (day, night) = (team(0), team(1).or_else(|| team(0)));
        let rota_b = team(1).or_else(|| team(0));
        let mut jobs: Vec<(&str, Role, usize, Option<String>)> = match service.kind {
            ServiceKind::ResidentialCareHome => vec![
                ("Registered manager", Role::Manager, usize::from(manager_present), None),
                ("Deputy manager", Role::Manager, 1, None),
                ("Nurse", Role::Staff, 2, day.clone()),
                ("Nurse", Role::Staff, 1, night.clone()),
                ("Senior carer", Role::Staff, 2, day.clone()),
                ("Care assistant", Role::Staff, 3, day.clone()),
                ("Night care assistant", Role::Staff, 2, night.clone()),
                ("Activities coordinator", Role::Staff, 1, day.clone()),
                ("Cook", Role::Staff, 1, day.clone()),
            ],
            ServiceKind::SupportedLiving => vec![
                ("Registered manager", Role::Manager, 1, None),
                ("Team leader", Role::Manager, usize::from(manager_present), day.clone()),
                ("Senior support worker", Role::Staff, 2, day.clone()),
                ("Support worker", Role::Staff, 4, day.clone()),
                ("Waking night support worker", Role::Staff, 2, night.clone()),
            ],
            ServiceKind::ChildrensHome => vec![
                ("Registered manager", Role::Manager, 1, None),
                ("Deputy manager", Role::Manager, usize::from(manager_present), None),
                ("Team leader", Role::Manager, 1, day.clone()),
                ("Senior residential childcare worker", Role::Staff, 1, rota_b.clone()),
                ("Residential childcare worker", Role::Staff, 3, day.clone()),
                ("Residential childcare worker", Role::Staff, 2, rota_b.clone()),
            ],
            ServiceKind::HomeCare => vec![
                ("Registered manager", Role::Manager, 1, None),
                ("Care coordinator", Role::Staff, 1, None),
                ("Senior home care worker", Role::Staff, 1, day.clone()),
                ("Home care worker", Role::Staff, 2, day.clone()),
                ("Home care worker", Role::Staff, 2, rota_b.clone()),
            ],
            ServiceKind::DayService => vec![
                ("Day service manager", Role::Manager, 1, None),
                ("Senior support worker", Role::Staff, 1, day.clone()),
                ("Support worker", Role::Staff, 4, day.clone()),
                ("Driver and escort", Role::Staff, 1, day.clone()),
            ],
            other => unreachable!("the demo plans only DEMO_KINDS, not {other}"),
        };
        if scaled && let Some(main) = jobs.iter_mut().max_by_key(|j| j.2) {
            main.2 += 3;
        }
        for (title, role, count, team) in jobs {
            for _ in 0..count {
                self.generated(title, role, &[slug], team.as_deref());
            }
        }
    }
}

const DEMO_NAME: &str = "Riverside Care Partnership";
const DEMO_SLUG: &str = "riverside";

/// The four services of the demo organisation.
fn demo_services() -> Vec<ServicePlan> {
    vec![
        ServicePlan::new(
            "Oak House",
            "oak-house",
            ServiceKind::ResidentialCareHome,
            30,
            default_teams(ServiceKind::ResidentialCareHome),
        ),
        ServicePlan::new(
            "Maple Court Supported Living",
            "maple-court",
            ServiceKind::SupportedLiving,
            12,
            default_teams(ServiceKind::SupportedLiving),
        ),
        ServicePlan::new(
            "Willow Lodge Children's Home",
            "willow-lodge",
            ServiceKind::ChildrensHome,
            4,
            default_teams(ServiceKind::ChildrensHome),
        ),
        ServicePlan::new(
            "Riverside Home Care",
            "riverside-home-care",
            ServiceKind::HomeCare,
            60,
            default_teams(ServiceKind::HomeCare),
        ),
    ]
}

/// The demo organisation: Riverside Care Partnership, 42 people in four
/// services (a care home with nursing, supported living, a children's home
/// and home care). The five fixed logins come first and have the same names
/// whatever the seed; the other names vary with `seed`.
pub fn demo_organisation(seed: u64) -> OrganisationPlan {
    build(seed, demo_services())
}

fn build(seed: u64, services: Vec<ServicePlan>) -> OrganisationPlan {
    let mut people = PeopleBuilder::new(seed);
    let care_home = services[0].slug.clone();
    people.fixed("Kemi Adebayo", STAFF_LOGIN, "Support worker", Role::Staff, &[&care_home], Some("day-team"));
    people.fixed("Siobhan Gallagher", MANAGER_LOGIN, "Registered manager", Role::Manager, &[&care_home], None);
    people.fixed("Rajesh Patel", QUALITY_LOGIN, "Quality and governance lead", Role::Quality, &[], None);
    people.fixed("Helen Brooks", SAFETY_LOGIN, "Safeguarding and safety officer", Role::Safety, &[], None);
    people.fixed("Tomasz Nowak", ADMIN_LOGIN, "Systems administrator", Role::Admin, &[], None);

    // Head of care oversees the four demo services.
    let demo_slugs: Vec<&str> = services.iter().take(4).map(|s| s.slug.as_str()).collect();
    people.generated("Head of care and operations", Role::Manager, &demo_slugs, None);

    for (i, service) in services.iter().enumerate() {
        // The care home's registered manager is the fixed manager login.
        people.staff_service(service, i != 0, i >= 4);
    }

    OrganisationPlan {
        name: DEMO_NAME.to_string(),
        slug: DEMO_SLUG.to_string(),
        time_zone: "Europe/London".to_string(),
        services,
        people: people.people,
    }
}

/// How many services an organisation scaled for `report_count` reports has:
/// the demo's four, or one per [`REPORTS_PER_SERVICE`] reports if more.
pub fn service_count_for(report_count: u64) -> usize {
    let scaled = (report_count + REPORTS_PER_SERVICE / 2) / REPORTS_PER_SERVICE;
    usize::try_from(scaled).unwrap_or(usize::MAX).max(4)
}

/// An organisation scaled for `report_count` reports: the demo organisation
/// (same fixed logins, same first four services) plus generated services,
/// about one per 20,000 reports (50 for a million), each with about a dozen
/// staff and two managers. Deterministic for `(seed, report_count)`.
pub fn organisation_for(seed: u64, report_count: u64) -> OrganisationPlan {
    let target = service_count_for(report_count);
    let mut services = demo_services();
    let mut rng = SmallRng::seed_from_u64(seed ^ 0x0a9_5ca1e);
    let mut used: HashSet<String> = services.iter().map(|s| s.slug.clone()).collect();
    // Kinds in the proportions of a mixed UK provider.
    const KIND_WEIGHTS: [(ServiceKind, u32); 5] = [
        (ServiceKind::ResidentialCareHome, 35),
        (ServiceKind::SupportedLiving, 30),
        (ServiceKind::ChildrensHome, 15),
        (ServiceKind::HomeCare, 10),
        (ServiceKind::DayService, 10),
    ];
    while services.len() < target {
        let mut pick = rng.random_range(0..100u32);
        let kind = KIND_WEIGHTS
            .iter()
            .find(|(_, w)| {
                if pick < *w {
                    true
                } else {
                    pick -= w;
                    false
                }
            })
            .map(|(k, _)| *k)
            .unwrap_or(ServiceKind::SupportedLiving);
        let (name, size) = loop {
            let prefix = names::SERVICE_PREFIXES[rng.random_range(0..names::SERVICE_PREFIXES.len())];
            let (name, size) = match kind {
                ServiceKind::ResidentialCareHome => {
                    let suffix = names::CARE_HOME_SUFFIXES[rng.random_range(0..names::CARE_HOME_SUFFIXES.len())];
                    (format!("{prefix} {suffix}"), rng.random_range(20..=64))
                }
                ServiceKind::SupportedLiving => {
                    let suffix =
                        names::SUPPORTED_LIVING_SUFFIXES[rng.random_range(0..names::SUPPORTED_LIVING_SUFFIXES.len())];
                    (format!("{prefix} {suffix}"), rng.random_range(6..=20))
                }
                ServiceKind::ChildrensHome => {
                    let suffix =
                        names::CHILDRENS_HOME_SUFFIXES[rng.random_range(0..names::CHILDRENS_HOME_SUFFIXES.len())];
                    (format!("{prefix} {suffix}"), rng.random_range(2..=6))
                }
                ServiceKind::HomeCare => {
                    let area = names::HOME_CARE_AREAS[rng.random_range(0..names::HOME_CARE_AREAS.len())];
                    (format!("Riverside Home Care ({area})"), rng.random_range(40..=120))
                }
                ServiceKind::DayService => {
                    let suffix = names::DAY_SERVICE_SUFFIXES[rng.random_range(0..names::DAY_SERVICE_SUFFIXES.len())];
                    (format!("{prefix} {suffix}"), rng.random_range(15..=40))
                }
                other => unreachable!("the demo plans only DEMO_KINDS, not {other}"),
            };
            if !used.contains(&names::slugify(&name)) {
                break (name, size);
            }
            // Every combination taken: number the branches.
            if used.len() > 2_000 {
                let numbered = format!("{name} {}", services.len() + 1);
                if !used.contains(&names::slugify(&numbered)) {
                    break (numbered, size);
                }
            }
        };
        let slug = names::slugify(&name);
        used.insert(slug.clone());
        services.push(ServicePlan::new(&name, &slug, kind, size, default_teams(kind)));
    }
    build(seed, services)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fixed_logins_come_first_with_their_roles() {
        let plan = demo_organisation(1);
        let expected = [
            (STAFF_LOGIN, Role::Staff),
            (MANAGER_LOGIN, Role::Manager),
            (QUALITY_LOGIN, Role::Quality),
            (SAFETY_LOGIN, Role::Safety),
            (ADMIN_LOGIN, Role::Admin),
        ];
        for (person, (email, role)) in plan.people.iter().zip(expected) {
            assert_eq!(person.email, email);
            assert_eq!(person.role, role);
        }
        let staff = plan.person(STAFF_LOGIN).unwrap();
        let manager = plan.person(MANAGER_LOGIN).unwrap();
        assert_eq!(staff.services, manager.services);
        assert_eq!(plan.service(&staff.services[0]).unwrap().kind, ServiceKind::ResidentialCareHome);
        assert_eq!(manager.job_title, "Registered manager");
        assert_eq!(staff.job_title, "Support worker");
        assert_eq!(staff.team.as_deref(), Some("day-team"));
    }

    #[test]
    fn the_demo_has_about_forty_people_in_four_kinds_of_service() {
        let plan = demo_organisation(7);
        assert_eq!(plan.slug, "riverside");
        assert_eq!(plan.time_zone, "Europe/London");
        assert!((35..=50).contains(&plan.people.len()), "{} people", plan.people.len());
        assert_eq!(plan.people.len(), 45, "the crate documentation says 45");
        for kind in [ServiceKind::ResidentialCareHome, ServiceKind::SupportedLiving, ServiceKind::ChildrensHome] {
            assert!(plan.services.iter().any(|s| s.kind == kind), "no {kind}");
        }
        let oak = plan.service("oak-house").unwrap();
        assert_eq!(oak.beds_or_people_supported, 30);
        assert_eq!(oak.teams.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(), ["Day team", "Night team"]);
    }

    #[test]
    fn every_service_has_a_manager_and_staff_in_its_teams() {
        for plan in [demo_organisation(3), organisation_for(3, 400_000)] {
            for service in &plan.services {
                let people: Vec<_> = plan.people_of_service(&service.slug).collect();
                assert!(people.iter().any(|p| p.role == Role::Manager), "{} has no manager", service.slug);
                assert!(
                    people.iter().filter(|p| p.role == Role::Staff).count() >= 5,
                    "{} is short-staffed",
                    service.slug
                );
                for person in people.iter().filter(|p| p.services.len() == 1) {
                    if let Some(team) = &person.team {
                        assert!(
                            service.teams.iter().any(|t| &t.slug == team),
                            "{} not a team of {}",
                            team,
                            service.slug
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn names_emails_and_slugs_are_unique() {
        let plan = organisation_for(11, 1_000_000);
        let emails: HashSet<&str> = plan.people.iter().map(|p| p.email.as_str()).collect();
        assert_eq!(emails.len(), plan.people.len());
        let slugs: HashSet<&str> = plan.services.iter().map(|s| s.slug.as_str()).collect();
        assert_eq!(slugs.len(), plan.services.len());
        let demo = demo_organisation(11);
        let names: HashSet<&str> = demo.people.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names.len(), demo.people.len());
        for person in &demo.people {
            assert!(person.email.ends_with("@demo.learnloop.test"));
            assert!(learnloop_domain::people::Email::parse(&person.email).is_some());
        }
    }

    #[test]
    fn scaled_organisations_grow_with_the_report_count() {
        assert_eq!(organisation_for(5, 2_000), demo_organisation(5));
        let big = organisation_for(5, 1_000_000);
        assert_eq!(big.services.len(), 50);
        assert!((550..=800).contains(&big.people.len()), "{} people", big.people.len());
        assert_eq!(big.services[..4], demo_organisation(5).services[..]);
        assert_eq!(big.people[..5], demo_organisation(5).people[..5]);
        assert_eq!(organisation_for(5, 1_000_000), big);
        assert_ne!(organisation_for(6, 1_000_000), big);
    }

    #[test]
    fn kinds_round_trip_through_text() {
        for kind in DEMO_KINDS {
            assert_eq!(ServiceKind::parse(kind.as_str()), Some(kind));
            assert_eq!(DEMO_KINDS[kind_index(kind)], kind);
        }
    }
}
