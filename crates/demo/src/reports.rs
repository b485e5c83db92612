//! Reports over a period, generated month by month in time order.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Span, Timestamp};
use learnloop_domain::identity::IdentityMode;
use learnloop_domain::reports::{Category, Harm, PsychologicalHarm, ReportKind, ReportStatus};
use learnloop_domain::role::Role;
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

use crate::narratives::{self, Compiled, Hours, Mentions, Psych, SCENARIOS, Scenario, Slots, Template, VOCABS};
use crate::organisation::{DEMO_KINDS, OrganisationPlan, ServiceKind, kind_index};

/// One generated report, ready to be written through the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportPlan {
    pub kind: ReportKind,
    /// The service's slug.
    pub service: String,
    /// The slug of the team of that service where it happened, or `None`
    /// when the reporter named no team (about one report in nine).
    pub team: Option<String>,
    pub occurred_at: Timestamp,
    /// Minutes to days after `occurred_at`, never after the period's end.
    pub submitted_at: Timestamp,
    pub what_happened: String,
    pub identity: IdentityMode,
    pub category: Option<Category>,
    pub harm: Option<Harm>,
    pub psychological_harm: Option<PsychologicalHarm>,
    pub immediate_actions: Option<String>,
    pub what_went_well: Option<String>,
    /// Pseudonymous references such as "Resident B" or "Room 14".
    pub people_affected: Vec<String>,
    /// A person of the plan who works in or manages the service; `None` if
    /// and only if the report is anonymous.
    pub reporter_email: Option<String>,
    pub status: ReportStatus,
}

/// The month (1-based) in which the learning-culture push starts, for a
/// period of `months` months: month 7 of 18.
pub fn learning_push_month(months: u32) -> u32 {
    ((months * 7 + 9) / 18).max(1)
}

/// The first month (1-based) after the care home's medicines change, for a
/// period of `months` months: month 11 of 18.
pub fn medicines_change_month(months: u32) -> u32 {
    ((months * 11 + 9) / 18).max(1)
}

/// The months of a generated period: `months` calendar-length months ending
/// at `end`, each starting at the same local time of day as `end`. If `end`
/// is midnight on the first of a month, the months are calendar months.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    bounds: Vec<Timestamp>,
}

impl Period {
    /// `months` is at least 1.
    pub fn new(end: Timestamp, months: u32, time_zone: &TimeZone) -> Period {
        let months = months.max(1);
        let end_zoned = end.to_zoned_datetime(time_zone.clone());
        let bounds = (0..=months)
            .map(|i| {
                let back = i64::from(months - i);
                end_zoned.checked_sub(Span::new().months(back)).map(|z| z.timestamp()).unwrap_or(end)
            })
            .collect();
        Period { bounds }
    }

    pub fn months(&self) -> u32 {
        (self.bounds.len() - 1) as u32
    }

    pub fn start(&self) -> Timestamp {
        self.bounds[0]
    }

    pub fn end(&self) -> Timestamp {
        self.bounds[self.bounds.len() - 1]
    }

    /// The start (inclusive) and end (exclusive) of month `month` (1-based).
    pub fn month_bounds(&self, month: u32) -> (Timestamp, Timestamp) {
        let i = month as usize - 1;
        (self.bounds[i], self.bounds[i + 1])
    }

    /// Which month (1-based) `at` falls in, if it is inside the period.
    pub fn month_of(&self, at: Timestamp) -> Option<u32> {
        if at < self.start() || at >= self.end() {
            return None;
        }
        Some(self.bounds.partition_point(|b| *b <= at) as u32)
    }
}

/// The period `reports(plan, _, _, months, end)` spreads its reports over.
pub fn period(plan: &OrganisationPlan, months: u32, end: Timestamp) -> Period {
    Period::new(end, months, &zone(plan))
}

fn zone(plan: &OrganisationPlan) -> TimeZone {
    TimeZone::get(&plan.time_zone).unwrap_or(TimeZone::UTC)
}

/// How many reports a service yields per bed or person supported, relative
/// to a care-home bed. Children's homes report far more per young person.
fn intensity(kind: ServiceKind) -> f64 {
    match kind {
        ServiceKind::ResidentialCareHome => 1.0,
        ServiceKind::SupportedLiving => 1.5,
        ServiceKind::ChildrensHome => 5.0,
        ServiceKind::HomeCare => 0.2,
        ServiceKind::DayService => 0.35,
        other => unreachable!("the demo plans only DEMO_KINDS, not {other}"),
    }
}

/// Rise in volume after the learning-culture push, by kind of report.
fn push_factor(kind: ReportKind) -> f64 {
    match kind {
        ReportKind::Incident => 1.25,
        ReportKind::NearMiss => 3.0,
        ReportKind::GoodPractice => 3.0,
        ReportKind::Concern => 1.5,
    }
}

/// Care-home medication incidents after the medicines change, relative to before.
const MEDICINES_CHANGE_FACTOR: f64 = 0.4;

/// Expected relative frequency of a scenario in a service kind in a month.
fn scenario_rate(scenario: &Scenario, kind: ServiceKind, month: u32, months: u32, calendar_month: i8) -> f64 {
    let mut rate = f64::from(scenario.rates[kind_index(kind)]);
    if rate == 0.0 {
        return 0.0;
    }
    let push = learning_push_month(months);
    let change = medicines_change_month(months);
    let factor = push_factor(scenario.kind);
    rate *= match month.cmp(&push) {
        std::cmp::Ordering::Less => 1.0,
        std::cmp::Ordering::Equal => 1.0 + (factor - 1.0) * 0.5,
        std::cmp::Ordering::Greater => factor,
    };
    if scenario.flags & narratives::AFTER_MEDICINES_CHANGE != 0 && month < change {
        return 0.0;
    }
    if scenario.flags & narratives::MEDICATION_ERROR != 0 && kind == ServiceKind::ResidentialCareHome && month >= change
    {
        rate *= MEDICINES_CHANGE_FACTOR;
    }
    // Winter peaks in January, summer troughs in July.
    let season = (std::f64::consts::TAU * f64::from(calendar_month - 1) / 12.0).cos();
    if scenario.flags & narratives::SEASONAL_FALLS != 0 {
        rate *= 1.0 + 0.3 * season;
    }
    if scenario.flags & narratives::SEASONAL_INFECTION != 0 {
        rate *= 1.0 + 0.6 * season;
    }
    rate
}

/// Baseline total rate of a service kind (before any pattern), so that a
/// service's share of reports follows its size, not its number of scenarios.
fn baseline_total(kind: ServiceKind) -> f64 {
    SCENARIOS
        .iter()
        .filter(|s| s.flags & narratives::AFTER_MEDICINES_CHANGE == 0)
        .map(|s| f64::from(s.rates[kind_index(kind)]))
        .sum()
}

/// A standard-normal-ish draw (Irwin–Hall of four uniforms), cheap and bounded.
fn normalish(rng: &mut SmallRng) -> f64 {
    let sum: f64 = (0..4).map(|_| rng.random::<f64>()).sum();
    (sum - 2.0) * 3f64.sqrt()
}

/// Splits `total` into integers proportional to `weights` (largest remainder).
fn apportion(total: u64, weights: &[f64]) -> Vec<u64> {
    let sum: f64 = weights.iter().sum();
    if sum <= 0.0 || weights.is_empty() {
        let mut out = vec![0; weights.len()];
        if let Some(first) = out.first_mut() {
            *first = total;
        }
        return out;
    }
    let exact: Vec<f64> = weights.iter().map(|w| total as f64 * w / sum).collect();
    let mut out: Vec<u64> = exact.iter().map(|e| e.floor() as u64).collect();
    let assigned: u64 = out.iter().sum();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|&a, &b| (exact[b] - exact[b].floor()).total_cmp(&(exact[a] - exact[a].floor())).then(a.cmp(&b)));
    for &i in order.iter().cycle().take(total.saturating_sub(assigned) as usize) {
        out[i] += 1;
    }
    out
}

/// A reference to a person supported, in its three forms.
struct PersonRef {
    /// For `people_affected`: "Resident B", "Room 14", "Young person C".
    label: String,
    mid: String,
    start: String,
    room: String,
}

const LETTERS: &[u8] = b"ABCDEFGHJKLMNPRSTUVWXYZ";

fn person_refs(kind: ServiceKind, count: u32, rng: &mut SmallRng) -> Vec<PersonRef> {
    let count = count.clamp(2, 60) as usize;
    let vocab = &VOCABS[kind_index(kind)];
    let mut rooms: Vec<usize> = (1..=count).collect();
    for i in (1..rooms.len()).rev() {
        rooms.swap(i, rng.random_range(0..=i));
    }
    (0..count)
        .map(|i| {
            let room = format!("Room {}", rooms[i]);
            if i < LETTERS.len() {
                let letter = LETTERS[i] as char;
                let label = format!("{} {letter}", vocab.reference);
                let mid =
                    if kind == ServiceKind::ChildrensHome { format!("young person {letter}") } else { label.clone() };
                PersonRef { start: label.clone(), label, mid, room }
            } else {
                let j = i - LETTERS.len();
                let initials = [LETTERS[j % LETTERS.len()] as char, LETTERS[(j * 7 + 3) % LETTERS.len()] as char];
                let label = format!("{} {}{}", vocab.reference, initials[0], initials[1]);
                let mid = if kind == ServiceKind::ChildrensHome {
                    format!("young person {}{}", initials[0], initials[1])
                } else {
                    label.clone()
                };
                PersonRef { start: label.clone(), label, mid, room }
            }
        })
        .collect()
}

/// A service as the generator needs it.
struct ServiceState<'a> {
    slug: &'a str,
    kind: ServiceKind,
    people: Vec<PersonRef>,
    managers: Vec<&'a str>,
    day_staff: Vec<&'a str>,
    night_staff: Vec<&'a str>,
    /// Team slugs, and whether each works nights.
    teams: Vec<(&'a str, bool)>,
}

/// Where an event happened, without a random draw (so adding teams left
/// every other generated value as it was): by night the night team and by
/// day the day team where their shifts differ; teams sharing shifts (a
/// children's home's rotas, home care rounds) by the slot's day and minute.
/// About one report in nine names no team.
fn team_for<'a>(teams: &[(&'a str, bool)], night: bool, day: u16, minute: u16) -> Option<&'a str> {
    if teams.is_empty() || minute.is_multiple_of(9) {
        return None;
    }
    let nights: Vec<&str> = teams.iter().filter(|t| t.1).map(|t| t.0).collect();
    let days: Vec<&str> = teams.iter().filter(|t| !t.1).map(|t| t.0).collect();
    if !nights.is_empty() && !days.is_empty() {
        return Some(if night { nights[0] } else { days[0] });
    }
    Some(teams[(usize::from(day) + usize::from(minute)) % teams.len()].0)
}

/// A scenario's templates filtered for one kind of service.
#[derive(Default)]
struct Prepared {
    events: Vec<Template>,
    follow: Vec<Compiled>,
    factors: Vec<Compiled>,
    immediate: Vec<Compiled>,
    well: Vec<Compiled>,
    /// (harm, weight, texts)
    outcomes: Vec<(Harm, u32, Vec<Compiled>)>,
    /// The events, compiled, in the order of `events`.
    compiled_events: Vec<Compiled>,
}

/// A local day of the current month.
struct Day {
    date: Date,
    /// UTC seconds of local midnight.
    midnight: i64,
    /// Whether the day is 24 hours with no offset change (not a DST switch).
    plain: bool,
    weekend: bool,
    weekday: i8,
}

/// One report's place in the month, before its text is written.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Slot {
    second: i64,
    combo: u32,
    event: u16,
    day: u16,
    minute: u16,
}

/// The iterator behind [`reports`].
struct Generator<'a> {
    seed: u64,
    zone: TimeZone,
    period: Period,
    services: Vec<ServiceState<'a>>,
    prepared: Vec<[Prepared; 5]>,
    /// (service index, scenario index) of each combination that can occur.
    combos: Vec<(u32, u32)>,
    /// Per month: cumulative combo weights.
    month_weights: Vec<Vec<f64>>,
    month_counts: Vec<u64>,
    /// Hour weights per [`Hours`] profile, then home calls, then day centre.
    hours: Vec<[u16; 24]>,
    hours_cumulative: Vec<[u32; 24]>,
    remaining: u64,
    // State of the current month.
    month: u32,
    rng: SmallRng,
    days: Vec<Day>,
    queue: Vec<Slot>,
    next: usize,
}

fn cumulative(weights: [u16; 24]) -> [u32; 24] {
    let mut out = [0u32; 24];
    let mut sum = 0u32;
    for (o, w) in out.iter_mut().zip(weights) {
        sum += u32::from(w);
        *o = sum;
    }
    out
}

/// An hour of the day from a profile, within the template's window if it has one.
fn sample_hour(rng: &mut SmallRng, weights: &[u16; 24], cumulative: &[u32; 24], template: &Template) -> u32 {
    if template.hours.is_none() {
        let x = rng.random_range(0..cumulative[23]);
        return cumulative.partition_point(|c| *c <= x) as u32;
    }
    let allowed = |h: u32| template.allows_hour(h);
    let mut total: u32 = (0..24).filter(|h| allowed(*h)).map(|h| u32::from(weights[h as usize])).sum();
    // A window the profile never reaches (a day-centre template at 07:00):
    // spread evenly over the window instead.
    let flat = total == 0;
    if flat {
        total = (0..24).filter(|h| allowed(*h)).count() as u32;
    }
    let mut x = rng.random_range(0..total.max(1));
    for h in (0..24).filter(|h| allowed(*h)) {
        let w = if flat { 1 } else { u32::from(weights[h as usize]) };
        if x < w {
            return h;
        }
        x -= w;
    }
    0
}

/// A random template of `list` that goes with an event tagged `tag`.
fn pick_for<'t>(rng: &mut SmallRng, list: &'t [Compiled], tag: Option<&str>) -> Option<&'t Compiled> {
    let fitting = list.iter().filter(|t| t.meta.goes_with(tag)).count();
    if fitting == 0 {
        return None;
    }
    list.iter().filter(|t| t.meta.goes_with(tag)).nth(rng.random_range(0..fitting))
}

fn pick<T: Copy>(rng: &mut SmallRng, items: &[T]) -> T {
    items[rng.random_range(0..items.len())]
}

/// The time of day `minute` (0..1440) as `HH:MM`.
fn clock(minute: u32) -> [u8; 5] {
    let minute = minute % 1440;
    let (h, m) = (minute / 60, minute % 60);
    [b'0' + (h / 10) as u8, b'0' + (h % 10) as u8, b':', b'0' + (m / 10) as u8, b'0' + (m % 10) as u8]
}

impl<'a> Generator<'a> {
    fn new(plan: &'a OrganisationPlan, seed: u64, count: u64, months: u32, end: Timestamp) -> Generator<'a> {
        let zone = zone(plan);
        let period = Period::new(end, months, &zone);
        let months = period.months();
        let mut setup = SmallRng::seed_from_u64(seed ^ 0x6e0_4e9a_7e5e_ed00);

        let services: Vec<ServiceState<'a>> = plan
            .services
            .iter()
            .map(|service| {
                let night_teams: Vec<&str> =
                    service.teams.iter().filter(|t| t.works_nights).map(|t| t.slug.as_str()).collect();
                let mut state = ServiceState {
                    slug: &service.slug,
                    kind: service.kind,
                    people: person_refs(service.kind, service.beds_or_people_supported, &mut setup),
                    managers: Vec::new(),
                    day_staff: Vec::new(),
                    night_staff: Vec::new(),
                    teams: service.teams.iter().map(|t| (t.slug.as_str(), t.works_nights)).collect(),
                };
                for person in plan.people.iter().filter(|p| p.services.iter().any(|s| s == &service.slug)) {
                    match person.role {
                        Role::Manager => state.managers.push(&person.email),
                        Role::Staff => {
                            let nights = person.team.as_deref().is_some_and(|t| night_teams.contains(&t));
                            let all_nights = night_teams.len() == service.teams.len() && !night_teams.is_empty();
                            if nights {
                                state.night_staff.push(&person.email);
                            }
                            if !nights || all_nights {
                                state.day_staff.push(&person.email);
                            }
                        }
                        Role::Quality | Role::Safety | Role::Admin => {}
                    }
                }
                state
            })
            .collect();

        let prepared: Vec<[Prepared; 5]> = SCENARIOS
            .iter()
            .map(|scenario| {
                DEMO_KINDS.map(|kind| {
                    let outcomes = scenario
                        .outcomes
                        .iter()
                        .map(|o| (o.harm, u32::from(o.weight), narratives::compiled_for(o.texts, kind)))
                        .collect();
                    Prepared {
                        events: narratives::templates_for(scenario.events, kind),
                        follow: narratives::compiled_for(scenario.follow, kind),
                        factors: narratives::compiled_for(scenario.factors, kind),
                        immediate: narratives::compiled_for(scenario.immediate, kind),
                        well: narratives::compiled_for(scenario.well, kind),
                        compiled_events: narratives::compiled_for(scenario.events, kind),
                        outcomes,
                    }
                })
            })
            .collect();

        let mut combos = Vec::new();
        for (s, service) in services.iter().enumerate() {
            for (c, scenario) in SCENARIOS.iter().enumerate() {
                if scenario.rates[kind_index(service.kind)] > 0.0 && !prepared[c][kind_index(service.kind)].events.is_empty() {
                    combos.push((s as u32, c as u32));
                }
            }
        }
        let service_weight: Vec<f64> = plan
            .services
            .iter()
            .map(|s| f64::from(s.beds_or_people_supported.max(1)) * intensity(s.kind) / baseline_total(s.kind))
            .collect();

        // Month weights with noise per (month, scenario) and per month, so
        // run charts vary as real ones do around the patterns.
        let mut month_weights = Vec::with_capacity(months as usize);
        let mut month_totals = Vec::with_capacity(months as usize);
        for month in 1..=months {
            let (start, stop) = period.month_bounds(month);
            let days = (stop.as_second() - start.as_second()) as f64 / 86_400.0;
            let middle = Timestamp::from_second((start.as_second() + stop.as_second()) / 2).unwrap_or(start);
            let calendar_month = zone.to_datetime(middle).month();
            let noise: Vec<f64> = SCENARIOS.iter().map(|_| (0.28 * normalish(&mut setup)).exp()).collect();
            let month_noise = (0.05 * normalish(&mut setup)).exp();
            let mut sum = 0.0;
            let cumulative: Vec<f64> = combos
                .iter()
                .map(|&(s, c)| {
                    let scenario = &SCENARIOS[c as usize];
                    let kind = services[s as usize].kind;
                    sum += service_weight[s as usize]
                        * scenario_rate(scenario, kind, month, months, calendar_month)
                        * noise[c as usize];
                    sum
                })
                .collect();
            month_totals.push(sum * days * month_noise);
            month_weights.push(cumulative);
        }
        let month_counts = if combos.is_empty() { vec![0; months as usize] } else { apportion(count, &month_totals) };

        let mut hours: Vec<[u16; 24]> = Hours::ALL.iter().map(|h| h.weights()).collect();
        hours.push(Hours::HOME_CALLS);
        hours.push(Hours::DAY_CENTRE);
        let hours_cumulative = hours.iter().map(|h| cumulative(*h)).collect();
        let remaining = month_counts.iter().sum();
        Generator {
            seed,
            zone,
            period,
            services,
            prepared,
            combos,
            month_weights,
            month_counts,
            hours,
            hours_cumulative,
            remaining,
            month: 0,
            rng: SmallRng::seed_from_u64(seed),
            days: Vec::new(),
            queue: Vec::new(),
            next: 0,
        }
    }

    /// Lays out the days of `month` and the times and scenarios of its reports.
    fn start_month(&mut self, month: u32) {
        self.month = month;
        self.rng = SmallRng::seed_from_u64(
            self.seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ u64::from(month).wrapping_mul(0xd1b5_4a32_d192_ed03),
        );
        let (start, stop) = self.period.month_bounds(month);
        let (start_s, stop_s) = (start.as_second(), stop.as_second());

        self.days.clear();
        let mut day_weights = Vec::new();
        let mut date = self.zone.to_datetime(start).date();
        let last = self.zone.to_datetime(Timestamp::from_second(stop_s - 1).unwrap_or(stop)).date();
        loop {
            let midnight = self.zone.to_timestamp(date.at(0, 0, 0, 0)).map(|t| t.as_second()).unwrap_or(start_s);
            let next_date = date.tomorrow().unwrap_or(date);
            let next_midnight =
                self.zone.to_timestamp(next_date.at(0, 0, 0, 0)).map(|t| t.as_second()).unwrap_or(midnight + 86_400);
            let covered = (next_midnight.min(stop_s) - midnight.max(start_s)).max(0) as f64 / 86_400.0;
            let weekday = date.weekday().to_monday_zero_offset();
            let weekday_factor = [1.06, 1.06, 1.04, 1.03, 1.0, 0.9, 0.88][weekday as usize];
            day_weights.push(covered * weekday_factor + day_weights.last().copied().unwrap_or(0.0));
            self.days.push(Day {
                date,
                midnight,
                plain: next_midnight - midnight == 86_400,
                weekend: weekday >= 5,
                weekday,
            });
            if date >= last || next_date == date {
                break;
            }
            date = next_date;
        }

        let count = self.month_counts[month as usize - 1];
        self.queue.clear();
        self.queue.reserve(count as usize);
        self.next = 0;
        let weights = &self.month_weights[month as usize - 1];
        let total = weights.last().copied().unwrap_or(0.0);
        let day_total = day_weights.last().copied().unwrap_or(0.0);
        // Systematic sampling of scenarios keeps each month's mix close to
        // its expectation; the noise in the weights gives the variation.
        let offset: f64 = self.rng.random();
        for i in 0..count {
            let target = (i as f64 + offset) / count as f64 * total;
            let combo = weights.partition_point(|w| *w <= target).min(weights.len() - 1);
            let (service, scenario) = self.combos[combo];
            let kind = self.services[service as usize].kind;
            let events = &self.prepared[scenario as usize][kind_index(kind)].events;
            let event = self.rng.random_range(0..events.len());
            let template = events[event];
            let profile = match kind {
                ServiceKind::HomeCare => Hours::ALL.len(),
                ServiceKind::DayService => Hours::ALL.len() + 1,
                _ => Hours::ALL.iter().position(|h| *h == SCENARIOS[scenario as usize].hours).unwrap_or(0),
            };
            let mut slot = None;
            for _attempt in 0..24 {
                let u = self.rng.random::<f64>() * day_total;
                let day = day_weights.partition_point(|w| *w <= u).min(self.days.len() - 1);
                if kind == ServiceKind::DayService && self.days[day].weekend {
                    continue;
                }
                let hour = sample_hour(&mut self.rng, &self.hours[profile], &self.hours_cumulative[profile], &template);
                let minute = if self.rng.random_bool(0.75) {
                    self.rng.random_range(0..12u32) * 5
                } else {
                    self.rng.random_range(0..60u32)
                };
                let minute_of_day = hour * 60 + minute;
                let second = self.instant(day, minute_of_day);
                if second >= start_s && second < stop_s {
                    slot = Some(Slot {
                        second,
                        combo: combo as u32,
                        event: event as u16,
                        day: day as u16,
                        minute: minute_of_day as u16,
                    });
                    break;
                }
            }
            // Only a sliver of a day at the edge of the month was left: fall
            // back to a time inside the month.
            let slot = slot.unwrap_or_else(|| {
                let second = start_s + self.rng.random_range(0..(stop_s - start_s).max(1));
                let day = self.days.partition_point(|d| d.midnight <= second).saturating_sub(1);
                let minute = ((second - self.days[day].midnight).max(0) / 60).min(1439) as u16;
                Slot { second, combo: combo as u32, event: event as u16, day: day as u16, minute }
            });
            self.queue.push(slot);
        }
        self.queue.sort_unstable();
    }

    /// UTC seconds of a local minute of a day of the current month.
    fn instant(&self, day: usize, minute_of_day: u32) -> i64 {
        let d = &self.days[day];
        if d.plain {
            d.midnight + i64::from(minute_of_day) * 60
        } else {
            let dt = d.date.at((minute_of_day / 60) as i8, (minute_of_day % 60) as i8, 0, 0);
            self.zone.to_timestamp(dt).map(|t| t.as_second()).unwrap_or(d.midnight + i64::from(minute_of_day) * 60)
        }
    }

    fn build(&mut self, slot: Slot) -> ReportPlan {
        let months = self.period.months();
        let end = self.period.end();
        let rng = &mut self.rng;
        let (service_index, scenario_index) = self.combos[slot.combo as usize];
        let service = &self.services[service_index as usize];
        let scenario = &SCENARIOS[scenario_index as usize];
        let kind = service.kind;
        let prepared = &self.prepared[scenario_index as usize][kind_index(kind)];
        let vocab = &VOCABS[kind_index(kind)];
        let day = &self.days[slot.day as usize];
        let minute_of_day = u32::from(slot.minute);
        let hour = minute_of_day / 60;
        let night = !(8..20).contains(&hour);

        // Who reports, and how: anonymity falls from 30% to 10% as trust grows.
        let progress = if months > 1 { f64::from(self.month - 1) / f64::from(months - 1) } else { 1.0 };
        let anonymous_share = 0.30 - 0.20 * progress;
        let r: f64 = rng.random();
        let mut identity = if r < anonymous_share {
            IdentityMode::Anonymous
        } else if r < anonymous_share + 0.07 {
            IdentityMode::Confidential
        } else {
            IdentityMode::Named
        };
        let reporter = if identity == IdentityMode::Anonymous {
            None
        } else {
            let manager_share = if scenario.kind == ReportKind::GoodPractice { 0.3 } else { 0.08 };
            let shift_pool =
                if night && !service.night_staff.is_empty() { &service.night_staff } else { &service.day_staff };
            let pool = if (rng.random_bool(manager_share) && !service.managers.is_empty()) || shift_pool.is_empty() {
                if service.managers.is_empty() { &service.night_staff } else { &service.managers }
            } else {
                shift_pool
            };
            if pool.is_empty() { None } else { Some(pool[rng.random_range(0..pool.len())].to_string()) }
        };
        if reporter.is_none() {
            identity = IdentityMode::Anonymous;
        }

        // People referred to: a few people supported are involved far more often.
        // Before the care homes' medicines change, medication errors keep
        // happening to the same three residents on complex regimes: repeats
        // the dashboard should see fall once the change is made. After the
        // change, errors are rarer and no longer cluster.
        let n = service.people.len();
        let care_home_medication_error = scenario.flags & narratives::MEDICATION_ERROR != 0 && kind == ServiceKind::ResidentialCareHome;
        let before_change = self.month < medicines_change_month(months);
        let first = if care_home_medication_error && before_change && rng.random_bool(0.85) {
            rng.random_range(0..n.min(3))
        } else if (care_home_medication_error && !before_change) || rng.random_bool(0.5) {
            // After the change a care home's errors no longer favour anyone
            // (and draw no coin, so the demo's sequence is unchanged).
            rng.random_range(0..n)
        } else {
            let u: f64 = rng.random();
            ((u * u * n as f64) as usize).min(n - 1)
        };
        let mut second = rng.random_range(0..n - 1);
        if second >= first {
            second += 1;
        }
        let p = &service.people[first];
        let q = &service.people[second];

        let in_hours = day.weekday < 5 && (8..18).contains(&hour);
        let staff = pick(rng, if night { vocab.staff_night } else { vocab.staff_day });
        let mut senior = pick(rng, vocab.senior);
        if senior == staff {
            senior = pick(rng, vocab.senior);
        }
        let (round, previous_round) = match hour {
            5..=10 => ("morning", if kind == ServiceKind::HomeCare { "bedtime" } else { "evening" }),
            11..=14 => ("lunchtime", "morning"),
            15..=18 => ("teatime", "lunchtime"),
            19..=23 => (if kind == ServiceKind::HomeCare { "bedtime" } else { "evening" }, "teatime"),
            _ => ("night", "evening"),
        };
        let before = minute_of_day + 1440 - (rng.random_range(2..=6u32) * 15);
        let after = minute_of_day + rng.random_range(6..=18u32) * 5;
        let slots = Slots {
            vocab,
            p_mid: &p.mid,
            p_start: &p.start,
            q_mid: &q.mid,
            q_start: &q.start,
            room: &p.room,
            time: clock(minute_of_day),
            before: clock(before - before % 15),
            after: clock(after),
            time_phrase: pick(rng, narratives::TIME_PHRASES),
            place: pick(rng, vocab.places),
            staff,
            senior,
            manager: if in_hours { pick(rng, vocab.manager_in_hours) } else { "the manager on call" },
            gp: if in_hours {
                pick(rng, &["the GP surgery", "the GP"])
            } else {
                pick(rng, &["NHS 111", "the out-of-hours GP"])
            },
            family: pick(rng, vocab.family),
            med: pick(rng, vocab.meds),
            controlled: pick(rng, narratives::CONTROLLED_DRUGS),
            prn: pick(rng, narratives::PRN_MEDICINES),
            sedative: pick(rng, vocab.sedatives),
            aid: pick(rng, narratives::LIFTING_AIDS),
            late: pick(rng, narratives::LATENESS),
            minutes: pick(rng, narratives::MINUTES),
            count: pick(rng, narratives::SMALL_COUNTS),
            round,
            previous_round,
            night,
        };
        let mut mentions = Mentions::default();

        let event = &prepared.compiled_events[usize::from(slot.event)];
        let tag = event.meta.tag;

        // Harm first, among the grades this event can have, so that the
        // outcome sentence matches the grade.
        let mut outcome_text = None;
        let mut harm = None;
        let fits = |texts: &[Compiled]| texts.is_empty() || texts.iter().any(|t| t.meta.goes_with(tag));
        let total: u32 = prepared.outcomes.iter().filter(|(_, _, t)| fits(t)).map(|(_, w, _)| w).sum();
        if total > 0 {
            let mut x = rng.random_range(0..total);
            for (grade, weight, texts) in prepared.outcomes.iter().filter(|(_, _, t)| fits(t)) {
                if x < *weight {
                    harm = Some(*grade);
                    outcome_text = pick_for(rng, texts, tag);
                    break;
                }
                x -= weight;
            }
        }
        let harm = match scenario.kind {
            ReportKind::Incident => harm.or(Some(Harm::None)),
            // Optional fields are often left blank outside incidents.
            _ if rng.random_bool(0.3) => None,
            ReportKind::GoodPractice => None,
            _ => harm.or(Some(Harm::None)),
        };
        let psychological_harm = {
            let (present, weights): (f64, [u32; 4]) = match scenario.psych {
                Psych::Rare => (0.25, [1, 0, 0, 0]),
                Psych::Mild => (0.8, [55, 38, 7, 0]),
                Psych::Distress => (0.9, [15, 45, 37, 3]),
            };
            if scenario.kind == ReportKind::GoodPractice || !rng.random_bool(present) {
                None
            } else {
                let mut x = rng.random_range(0..weights.iter().sum::<u32>());
                let grades = [
                    PsychologicalHarm::None,
                    PsychologicalHarm::Low,
                    PsychologicalHarm::Moderate,
                    PsychologicalHarm::Severe,
                ];
                let mut grade = PsychologicalHarm::None;
                for (g, w) in grades.into_iter().zip(weights) {
                    if x < w {
                        grade = g;
                        break;
                    }
                    x -= w;
                }
                Some(grade)
            }
        };

        let mut text = String::with_capacity(640);
        narratives::fill(&mut text, event, &slots, &mut mentions);
        let sentence = |text: &mut String, template: &Compiled, mentions: &mut Mentions| {
            if !template.is_empty() {
                text.push(' ');
                narratives::fill(text, template, &slots, mentions);
            }
        };
        if rng.random_bool(0.85)
            && let Some(follow) = pick_for(rng, &prepared.follow, tag)
        {
            sentence(&mut text, follow, &mut mentions);
        }
        if let Some(outcome) = outcome_text {
            sentence(&mut text, outcome, &mut mentions);
        }
        if rng.random_bool(0.3)
            && let Some(factor) = pick_for(rng, &prepared.factors, tag)
        {
            sentence(&mut text, factor, &mut mentions);
        }

        let (immediate_share, well_share) = match scenario.kind {
            ReportKind::Incident => (0.8, 0.45),
            ReportKind::NearMiss => (0.6, 0.55),
            ReportKind::Concern => (0.65, 0.25),
            ReportKind::GoodPractice => (0.15, 0.6),
        };
        let optional = |rng: &mut SmallRng, list: &[Compiled], share: f64, mentions: &mut Mentions| {
            if !rng.random_bool(share) {
                return None;
            }
            let template = pick_for(rng, list, tag)?;
            if template.is_empty() {
                return None;
            }
            let mut out = String::with_capacity(template.capacity());
            narratives::fill(&mut out, template, &slots, mentions);
            Some(out)
        };
        let immediate_actions = optional(rng, &prepared.immediate, immediate_share, &mut mentions);
        let mut what_went_well = optional(rng, &prepared.well, well_share, &mut mentions);
        if what_went_well.is_none() && scenario.kind != ReportKind::Concern && rng.random_bool(0.1) {
            what_went_well = Some(pick(rng, narratives::GENERIC_WELL).to_string());
        }

        let mut people_affected = Vec::with_capacity(2);
        if mentions.first {
            people_affected.push(p.label.clone());
        }
        if mentions.second {
            people_affected.push(q.label.clone());
        }

        let occurred_at = Timestamp::from_second(slot.second).unwrap_or(end);
        let r: f64 = rng.random();
        let delay_minutes: i64 = if r < 0.55 {
            rng.random_range(5..=90)
        } else if r < 0.82 {
            rng.random_range(90..=360)
        } else if r < 0.95 {
            rng.random_range(360..=960)
        } else {
            rng.random_range(960..=4320)
        };
        let submitted_second = (slot.second + delay_minutes * 60).min(end.as_second()).max(slot.second);
        let submitted_at = Timestamp::from_second(submitted_second).unwrap_or(occurred_at);
        let status = status_for_age(rng, end.as_second() - submitted_second);

        ReportPlan {
            kind: scenario.kind,
            service: service.slug.to_string(),
            team: team_for(&service.teams, night, slot.day, slot.minute).map(str::to_string),
            occurred_at,
            submitted_at,
            what_happened: text,
            identity,
            category: if rng.random_bool(0.96) { Some(scenario.category) } else { None },
            harm,
            psychological_harm,
            immediate_actions,
            what_went_well,
            people_affected,
            reporter_email: reporter,
            status,
        }
    }
}

/// When the team thanked the reporter, gave feedback and closed the report,
/// consistent with `status` and never after `end`. Derived from the
/// submission time alone (no random draws), so adding these times left every
/// generated report as it was. Most thanks come within a working day; some
/// are late, as in real services.
pub fn loop_times(status: ReportStatus, submitted_at: Timestamp, end: Timestamp) -> (Option<Timestamp>, Option<Timestamp>, Option<Timestamp>) {
    use ReportStatus::*;
    let submitted = submitted_at.as_second();
    // A cheap, well-mixed number from the submission second.
    let mix = (submitted as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(17);
    let hours = |h: u64| h as i64 * 3600;
    let thanks_delay = if mix % 10 < 8 { hours(1 + mix % 20) } else { hours(24 + (mix >> 8) % 72) };
    let feedback_delay = hours(24 * (3 + (mix >> 16) % 12) + (mix >> 24) % 8);
    let close_delay = hours(24 * (1 + (mix >> 32) % 10));
    let capped = |second: i64| Timestamp::from_second(second.min(end.as_second())).ok();
    let thanked = capped(submitted + thanks_delay);
    let feedback = capped(submitted + thanks_delay + feedback_delay);
    let closed = capped(submitted + thanks_delay + feedback_delay + close_delay);
    match status {
        Received => (None, None, None),
        Thanked | InReview => (thanked, None, None),
        FeedbackGiven => (thanked, feedback, None),
        Closed => (thanked, feedback, closed),
    }
}

/// Older reports have closed the loop; recent ones are still in it.
fn status_for_age(rng: &mut SmallRng, age_seconds: i64) -> ReportStatus {
    use ReportStatus::*;
    let days = age_seconds / 86_400;
    let table: &[(ReportStatus, u32)] = match days {
        0..=2 => &[(Received, 45), (Thanked, 40), (InReview, 15)],
        3..=13 => &[(Received, 5), (Thanked, 35), (InReview, 50), (FeedbackGiven, 10)],
        14..=44 => &[(Thanked, 10), (InReview, 40), (FeedbackGiven, 40), (Closed, 10)],
        45..=119 => &[(InReview, 8), (FeedbackGiven, 42), (Closed, 50)],
        _ => &[(InReview, 1), (FeedbackGiven, 24), (Closed, 75)],
    };
    let mut x = rng.random_range(0..table.iter().map(|(_, w)| w).sum::<u32>());
    for (status, weight) in table {
        if x < *weight {
            return *status;
        }
        x -= weight;
    }
    Closed
}

impl Iterator for Generator<'_> {
    type Item = ReportPlan;

    fn next(&mut self) -> Option<ReportPlan> {
        while self.next >= self.queue.len() {
            if self.month >= self.period.months() || self.remaining == 0 {
                return None;
            }
            let month = self.month + 1;
            self.start_month(month);
        }
        let slot = self.queue[self.next];
        self.next += 1;
        self.remaining -= 1;
        Some(self.build(slot))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = usize::try_from(self.remaining).unwrap_or(usize::MAX);
        (n, Some(n))
    }
}

impl ExactSizeIterator for Generator<'_> {}

/// `count` reports spread over the `months` months ending at `end` (see
/// [`Period`]), in order of `occurred_at`, deterministic for
/// `(plan, seed, count, months, end)`. Generated month by month, so a million
/// reports never sit in memory at once. `months` is at least 1.
pub fn reports<'a>(
    plan: &'a OrganisationPlan,
    seed: u64,
    count: u64,
    months: u32,
    end: Timestamp,
) -> impl Iterator<Item = ReportPlan> + 'a {
    Generator::new(plan, seed, count, months, end)
}

/// As [`reports`], with the exact count available through `len()`.
pub fn reports_exact<'a>(
    plan: &'a OrganisationPlan,
    seed: u64,
    count: u64,
    months: u32,
    end: Timestamp,
) -> impl ExactSizeIterator<Item = ReportPlan> + 'a {
    Generator::new(plan, seed, count, months, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apportion_keeps_the_total() {
        assert_eq!(apportion(10, &[1.0, 1.0, 1.0]), [4, 3, 3]);
        assert_eq!(apportion(7, &[0.0, 2.0, 5.0]).iter().sum::<u64>(), 7);
        assert_eq!(apportion(3, &[0.0, 0.0]), [3, 0]);
    }

    #[test]
    fn the_pattern_months_scale_with_the_period() {
        assert_eq!((learning_push_month(18), medicines_change_month(18)), (7, 11));
        assert_eq!((learning_push_month(12), medicines_change_month(12)), (5, 7));
        assert_eq!(learning_push_month(1), 1);
    }

    #[test]
    fn periods_are_calendar_months_when_they_end_on_the_first() {
        let zone = TimeZone::get("Europe/London").unwrap();
        let end: Timestamp = "2026-07-01T00:00:00+01:00".parse().unwrap();
        let period = Period::new(end, 18, &zone);
        assert_eq!(period.start(), "2025-01-01T00:00:00Z".parse::<Timestamp>().unwrap());
        assert_eq!(period.month_bounds(3).0, "2025-03-01T00:00:00Z".parse::<Timestamp>().unwrap());
        assert_eq!(period.month_bounds(4).0, "2025-03-31T23:00:00Z".parse::<Timestamp>().unwrap());
        assert_eq!(period.month_of(period.start()), Some(1));
        assert_eq!(period.month_of(end), None);
        assert_eq!(period.month_of(Timestamp::from_second(end.as_second() - 1).unwrap()), Some(18));
    }

    #[test]
    fn clock_text_is_two_digit() {
        assert_eq!(&clock(7 * 60 + 5), b"07:05");
        assert_eq!(&clock(1440 + 60), b"01:00");
    }
}
