//! Importing people from a CSV file (name, email, job title, role, services,
//! team), so a whole organisation can be invited in an afternoon. Every row
//! is checked against the organisation's services and teams and the accounts
//! that exist; any problem rejects the whole file, each problem said in
//! words by row and column, as a spreadsheet counts them (the header is row 1).

use std::collections::{HashMap, HashSet};

use crate::field_error::FieldErrors;
use crate::ids::{ServiceId, TeamId};
use crate::people::{Email, check_name};
use crate::role::Role;

/// The most people one file may hold.
pub const MAX_ROWS: usize = 2_000;

/// A file to start from, offered for download beside the form.
pub const TEMPLATE_CSV: &str = "name,email,job title,role,services,team\n\
Ana Lopez,ana.lopez@example.org,Support worker,staff,Oak House,Night team\n\
Ben Okafor,ben.okafor@example.org,Registered manager,manager,Oak House; Maple Court,\n\
Chloe Price,chloe.price@example.org,Quality lead,quality lead,,\n";

/// The columns, as the header names them (any order; case and `_` ignored).
const COLUMNS: [&str; 6] = ["name", "email", "job title", "role", "services", "team"];
const REQUIRED: [&str; 4] = ["name", "email", "job title", "role"];

/// A service as the file may name it: by name or short name.
pub struct KnownService {
    pub id: ServiceId,
    pub name: String,
    pub slug: String,
}

pub struct KnownTeam {
    pub id: TeamId,
    pub service_id: ServiceId,
    pub name: String,
}

/// What the rows are checked against.
pub struct ImportContext<'a> {
    pub services: &'a [KnownService],
    pub teams: &'a [KnownTeam],
    /// Every email address that already has an account (lower-case).
    pub existing_emails: &'a HashSet<String>,
}

/// A row that passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedPerson {
    pub row: usize,
    pub email: Email,
    pub name: String,
    pub job_title: String,
    pub role: Role,
    pub service_ids: Vec<ServiceId>,
    pub team_id: Option<TeamId>,
}

/// A problem, by row and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    pub row: usize,
    pub column: String,
    /// What is wrong, beginning with the column: "role 'boss' is not one of …".
    pub message: String,
}

impl RowProblem {
    /// "Row 4: role 'boss' is not one of staff, manager, quality lead, administrator."
    pub fn sentence(&self) -> String {
        format!("Row {}: {}", self.row, self.message)
    }
}

/// The roles a file may give, as it writes them.
const ROLE_WORDS: &str = "staff, manager, quality lead, administrator";

fn parse_role(text: &str) -> Result<Role, String> {
    let word = text.trim().to_lowercase().replace('_', " ");
    match word.as_str() {
        "staff" => Ok(Role::Staff),
        "manager" => Ok(Role::Manager),
        "quality" | "quality lead" => Ok(Role::Quality),
        "admin" | "administrator" => Ok(Role::Admin),
        "safety" | "safety officer" => Err(format!(
            "role '{}': a safety officer is appointed only with a second person's approval; give them another role here, then ask on their page.",
            text.trim()
        )),
        "" => Err(format!("role is empty: write one of {ROLE_WORDS}.")),
        _ => Err(format!(
            "role '{}' is not one of {ROLE_WORDS}.",
            text.trim()
        )),
    }
}

fn normalised_header(text: &str) -> String {
    text.trim_start_matches('\u{feff}')
        .trim()
        .to_lowercase()
        .replace(['_', '-'], " ")
}

/// Checks a whole file: every person, or every problem.
pub fn check_people_csv(
    text: &str,
    context: &ImportContext<'_>,
) -> Result<Vec<ImportedPerson>, Vec<RowProblem>> {
    let problem = |row: usize, column: &str, message: String| RowProblem {
        row,
        column: column.to_string(),
        message,
    };
    if text.trim().is_empty() {
        return Err(vec![problem(
            1,
            "",
            "The file is empty: start from the template, with a header row and one row per person."
                .into(),
        )]);
    }
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(headers) => headers.iter().map(normalised_header).collect(),
        Err(err) => {
            return Err(vec![problem(
                1,
                "",
                format!("The file could not be read as CSV: {err}."),
            )]);
        }
    };
    let at = |name: &str| headers.iter().position(|h| h == name);
    let mut problems: Vec<RowProblem> = REQUIRED
        .iter()
        .filter(|name| at(name).is_none())
        .map(|name| {
            problem(
                1,
                name,
                format!(
                    "the header row has no \"{name}\" column; the columns are {}.",
                    COLUMNS.join(", ")
                ),
            )
        })
        .collect();
    if !problems.is_empty() {
        return Err(problems);
    }
    let service_names: Vec<&str> = context.services.iter().map(|s| s.name.as_str()).collect();
    let mut people = Vec::new();
    let mut first_row_of_email: HashMap<String, usize> = HashMap::new();
    for (index, record) in reader.records().enumerate() {
        let row = index + 2;
        if index >= MAX_ROWS {
            problems.push(problem(
                row,
                "",
                format!("the file has more than {MAX_ROWS} people: split it into smaller files."),
            ));
            break;
        }
        let record = match record {
            Ok(record) => record,
            Err(err) => {
                problems.push(problem(
                    row,
                    "",
                    format!("this row could not be read: {err}."),
                ));
                continue;
            }
        };
        let field = |name: &str| {
            at(name)
                .and_then(|i| record.get(i))
                .unwrap_or("")
                .trim()
                .to_string()
        };
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        let before = problems.len();

        let name = field("name");
        let mut name_errors = FieldErrors::default();
        check_name(&name, &mut name_errors);
        if let Some(error) = name_errors.first() {
            let said = if name.is_empty() {
                "name is empty: write the person's name.".to_string()
            } else {
                format!("name: {}", error.message)
            };
            problems.push(problem(row, "name", said));
        }

        let email_text = field("email");
        let email = Email::parse(&email_text);
        match &email {
            None if email_text.is_empty() => problems.push(problem(
                row,
                "email",
                "email is empty: write their email address, like name@example.org.".into(),
            )),
            None => problems.push(problem(
                row,
                "email",
                format!("email '{email_text}' is not an email address, like name@example.org."),
            )),
            Some(email) => {
                if context.existing_emails.contains(email.as_str()) {
                    problems.push(problem(
                        row,
                        "email",
                        format!("email {email} already has an account."),
                    ));
                } else if let Some(first) = first_row_of_email.get(email.as_str()) {
                    problems.push(problem(
                        row,
                        "email",
                        format!("email {email} is on row {first} too."),
                    ));
                } else {
                    first_row_of_email.insert(email.as_str().to_string(), row);
                }
            }
        }

        let job_title = field("job title");
        if job_title.is_empty() {
            problems.push(problem(
                row,
                "job title",
                "job title is empty: write it, e.g. Support worker.".into(),
            ));
        } else if job_title.chars().count() > 100 {
            problems.push(problem(
                row,
                "job title",
                "job title is longer than 100 characters.".into(),
            ));
        }

        let role = parse_role(&field("role"));
        if let Err(message) = &role {
            problems.push(problem(row, "role", message.clone()));
        }

        let mut service_ids = Vec::new();
        for named in field("services")
            .split([';', '|'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            let found = context
                .services
                .iter()
                .find(|s| s.name.eq_ignore_ascii_case(named) || s.slug.eq_ignore_ascii_case(named));
            match found {
                Some(service) if !service_ids.contains(&service.id) => service_ids.push(service.id),
                Some(_) => {}
                None => problems.push(problem(
                    row,
                    "services",
                    format!(
                        "services: '{named}' is not a service here; the services are {}.",
                        service_names.join(", ")
                    ),
                )),
            }
        }
        if role == Ok(Role::Manager) && service_ids.is_empty() && field("services").is_empty() {
            problems.push(problem(row, "services", "services is empty: a manager needs at least one service to manage (separate several with ;).".into()));
        }

        let team_name = field("team");
        let mut team_id = None;
        if !team_name.is_empty() {
            let candidates: Vec<&KnownTeam> = context
                .teams
                .iter()
                .filter(|t| {
                    t.name.eq_ignore_ascii_case(&team_name)
                        && (service_ids.is_empty() || service_ids.contains(&t.service_id))
                })
                .collect();
            match candidates.as_slice() {
                [team] => team_id = Some(team.id),
                [] => problems.push(problem(row, "team", format!("team '{team_name}' is not a team of {}.", if service_ids.is_empty() { "any service" } else { "their services" }))),
                _ => problems.push(problem(row, "team", format!("team '{team_name}' is in more than one service: name the person's service in the services column."))),
            }
        }

        if problems.len() == before
            && let (Some(email), Ok(role)) = (email, role)
        {
            people.push(ImportedPerson {
                row,
                email,
                name,
                job_title,
                role,
                service_ids,
                team_id,
            });
        }
    }
    if people.is_empty() && problems.is_empty() {
        problems.push(problem(
            2,
            "",
            "the file has a header but nobody in it: add one row per person.".into(),
        ));
    }
    if problems.is_empty() {
        Ok(people)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context_parts() -> (Vec<KnownService>, Vec<KnownTeam>, HashSet<String>) {
        let services = vec![
            KnownService {
                id: ServiceId(1),
                name: "Oak House".into(),
                slug: "oak-house".into(),
            },
            KnownService {
                id: ServiceId(2),
                name: "Maple Court".into(),
                slug: "maple-court".into(),
            },
        ];
        let teams = vec![
            KnownTeam {
                id: TeamId(10),
                service_id: ServiceId(1),
                name: "Night team".into(),
            },
            KnownTeam {
                id: TeamId(11),
                service_id: ServiceId(2),
                name: "Night team".into(),
            },
        ];
        let existing = HashSet::from(["taken@example.org".to_string()]);
        (services, teams, existing)
    }

    fn check(text: &str) -> Result<Vec<ImportedPerson>, Vec<RowProblem>> {
        let (services, teams, existing) = context_parts();
        check_people_csv(
            text,
            &ImportContext {
                services: &services,
                teams: &teams,
                existing_emails: &existing,
            },
        )
    }

    #[test]
    fn the_template_names_real_columns_and_a_good_file_imports() {
        let people = check(TEMPLATE_CSV).unwrap();
        assert_eq!(people.len(), 3);
        assert_eq!(
            people[0].team_id,
            Some(TeamId(10)),
            "the night team of Oak House, the service given"
        );
        assert_eq!(people[1].service_ids, vec![ServiceId(1), ServiceId(2)]);
        assert_eq!((people[2].role, people[2].row), (Role::Quality, 4));
    }

    #[test]
    fn every_problem_is_said_by_row_and_column_in_words() {
        let text = "Name,Email,Job_title,Role,Services,Team\n\
                    Ana,ana@example.org,Carer,staff,Oak House,\n\
                    Ben,not-an-email,Carer,staff,,\n\
                    Cy,cy@example.org,Carer,boss,,\n\
                    Di,ANA@example.org,Carer,manager,,\n\
                    Ed,ed@example.org,Carer,safety officer,Oak Hose,Night team\n\
                    ,taken@example.org,,staff,,Day team\n";
        let problems = check(text).unwrap_err();
        let said: Vec<String> = problems.iter().map(RowProblem::sentence).collect();
        assert!(
            said.contains(
                &"Row 4: role 'boss' is not one of staff, manager, quality lead, administrator."
                    .to_string()
            ),
            "{said:#?}"
        );
        assert!(
            said.iter()
                .any(|s| s.starts_with("Row 3: email 'not-an-email' is not an email address"))
        );
        assert!(
            said.iter()
                .any(|s| s == "Row 5: email ana@example.org is on row 2 too.")
        );
        assert!(
            said.iter()
                .any(|s| s.starts_with("Row 5: services is empty: a manager needs"))
        );
        assert!(said.iter().any(|s| s.starts_with("Row 6: role 'safety officer': a safety officer is appointed only with a second person's approval")));
        assert!(said.iter().any(|s| s.starts_with("Row 6: services: 'Oak Hose' is not a service here; the services are Oak House, Maple Court.")));
        assert!(
            said.iter()
                .any(|s| s.starts_with("Row 6: team 'Night team' is in more than one service"))
        );
        assert!(said.iter().any(|s| s.starts_with("Row 7: name is empty")));
        assert!(
            said.iter()
                .any(|s| s == "Row 7: email taken@example.org already has an account.")
        );
        assert!(
            said.iter()
                .any(|s| s.starts_with("Row 7: job title is empty"))
        );
        assert!(
            said.iter()
                .any(|s| s == "Row 7: team 'Day team' is not a team of any service.")
        );
        assert!(
            !said.iter().any(|s| s.starts_with("Row 2")),
            "row 2 is fine: {said:#?}"
        );
    }

    #[test]
    fn a_missing_column_or_an_empty_file_is_refused_whole() {
        let problems = check("name,email,role\nAna,ana@example.org,staff\n").unwrap_err();
        assert_eq!(
            (problems[0].row, problems[0].column.as_str()),
            (1, "job title")
        );
        assert_eq!(check("").unwrap_err()[0].row, 1);
        assert_eq!(check("name,email,job title,role\n").unwrap_err()[0].row, 2);
    }
}
