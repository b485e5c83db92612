//! Deterministic, realistic demo data for Learnloop: an organisation, its
//! services, teams and people, and thousands (or millions) of reports.
//!
//! Everything here is pure: no I/O, no database, no clock. The same inputs
//! give the same output on the same build, so demos, tests and benchmarks
//! can rely on it; the store writes the plans into a database.
//!
//! # The organisation
//!
//! [`demo_organisation`] is **Riverside Care Partnership** (slug `riverside`,
//! zone `Europe/London`) with 45 people in four services:
//!
//! | service | kind | size | teams |
//! |---|---|---|---|
//! | Oak House (`oak-house`) | care home with nursing | 30 beds | Day team, Night team |
//! | Maple Court Supported Living (`maple-court`) | supported living | 12 tenants | Day team, Waking night team |
//! | Willow Lodge Children's Home (`willow-lodge`) | children's home | 4 young people | Team A, Team B |
//! | Riverside Home Care (`riverside-home-care`) | home care | 60 clients | North round, South round |
//!
//! The first five people are the fixed demo logins, the same in every plan:
//! `staff@demo.learnloop.test` (Staff, support worker at Oak House, Day team),
//! `manager@demo.learnloop.test` (Manager, registered manager of Oak House),
//! `quality@…` (Quality), `safety@…` (Safety) and `admin@…` (Admin). Other
//! people have generated fictional names (`firstname.lastname@demo.learnloop.test`)
//! and job titles of the field: nurse, senior carer, night care assistant,
//! residential childcare worker, team leader, deputy manager and so on.
//!
//! [`organisation_for`] scales the same organisation for benchmarks: the four
//! demo services plus generated ones, one service per 20,000 reports (50
//! services for a million), about 13 people each.
//!
//! # The reports
//!
//! [`reports`] yields `count` reports over the `months` months ending at
//! `end` (a [`Period`]), in order of `occurred_at`, generated month by month.
//! Narratives are composed from templates (see the `narratives` module)
//! and read as a care worker writes: factual, non-blaming, with people
//! supported only ever referred to pseudonymously ("Resident B", "Room 14",
//! "Young person C", "Tenant D", "Client F") and staff only by role.
//! Scenarios fit their service: missing from care and young people only in
//! children's homes, pressure care mostly in the care home and home care,
//! missed visits only in home care, no night events in a day service.
//!
//! # Patterns (month numbers for an 18-month period)
//!
//! The dashboards' run and SPC charts should find these; they are strong on
//! purpose. For other period lengths the months scale (see
//! [`learning_push_month`] and [`medicines_change_month`]).
//!
//! 1. **Learning-culture push from month 7.** From month 8 near-misses and
//!    good practice are reported three times as often as before, concerns
//!    1.5 times and incidents 1.25 times; month 7 is half-way. Total monthly
//!    volume rises by about 60–70% and stays up (months 8–18 against 1–6).
//! 2. **Care-home medication errors fall from month 11.** After an electronic
//!    MAR and a protected ("do not disturb") medicines round are introduced,
//!    medication incidents at care homes fall to 40% of their previous rate
//!    (about half of their months 8–10 level) and stay down; good catches
//!    from the new eMAR alerts appear from month 11.
//! 3. **Seasons, weeks and shifts.** Falls are 30% above average in January
//!    and 30% below in July; infection outbreaks swing ±60%. Weekdays carry a
//!    little more than weekends; day services are closed at weekends. Times
//!    follow the work: medicines rounds at 08:00, 12:00, 17:00 and 21:00,
//!    falls through the night and at getting-up time, distress in the late
//!    afternoon, going missing in the evening; night events (20:00–08:00) are
//!    reported by night staff.
//! 4. **Trust grows.** Anonymous reports fall from 30% in month 1 to 10% in
//!    the last month; 7% are confidential; the rest are named.
//! 5. **The loop closes with time.** Reports older than four months are
//!    mostly closed or have feedback; the last fortnight's are mostly
//!    received, thanked or in review. [`learning_loop`] plans what the team
//!    did to get each report there: the thank-you, a learning response,
//!    the actions it calls for (most done and checked, some overdue, the
//!    recent ones open), the feedback to the reporter and the close, each
//!    step through the product's own rules.
//!
//! Harm is mostly none or low, some moderate, rarely severe, and death is
//! very rare (about 0.1%: a fall or a choking incident). Every month and scenario carries a little
//! random variation so charts look real around these patterns.
//!
//! # Speed
//!
//! Templates are split into text and slots once, and generation allocates
//! little beyond the output strings: a million reports take about a second
//! on one core (`cargo run --release -p learnloop-demo --example speed`).
//! `--example sample` prints reports to read; `--example patterns` prints the
//! monthly series and checks the patterns over many seeds.

pub mod learning_loop;
mod names;
mod narratives;
pub mod organisation;
pub mod reports;

pub use organisation::{
    ADMIN_LOGIN, MANAGER_LOGIN, OrganisationPlan, PersonPlan, QUALITY_LOGIN, SAFETY_LOGIN, STAFF_LOGIN, ServiceKind,
    ServicePlan, TeamPlan, demo_organisation, organisation_for, service_count_for,
};
pub use reports::{Period, ReportPlan, learning_push_month, medicines_change_month, period, reports, reports_exact};
