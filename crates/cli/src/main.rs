//! `learnloop`: the one binary. Serve the app, run the demo, generate data,
//! migrate, and manage users from the command line.

mod spc_command;

use std::net::SocketAddr;
use std::path::Path;

use anyhow::{Context, bail};
use clap::{Parser, Subcommand};
use learnloop_domain::people::{Email, check_name, check_new_password};
use learnloop_domain::role::Role;
use learnloop_domain::secret_token::SecretToken;
use learnloop_domain::FieldErrors;
use learnloop_cli::load_plan;
use learnloop_store::Store;
use learnloop_store::people::NewUser;
use learnloop_store::sessions::SessionKind;
use learnloop_web::auth::password::hash_password_blocking;
use learnloop_web::{AppConfig, AppState};

const DEFAULT_DATABASE: &str = "sqlite://./data/learnloop.db";
const DEMO_DATABASE: &str = "sqlite://./data/demo.db";

#[derive(Parser)]
#[command(name = "learnloop", version, about = "Learnloop: report, thank, learn. A learning-culture platform for human services.")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args, Clone)]
struct DatabaseArgs {
    /// sqlite://path/to/file.db (created if missing) or postgres://user@host/database.
    #[arg(long, env = "DATABASE_URL", default_value = DEFAULT_DATABASE)]
    database_url: String,
}

#[derive(clap::Args, Clone)]
struct ServerArgs {
    /// Address and port to listen on.
    #[arg(long, env = "LEARNLOOP_ADDR", default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Mark cookies Secure (use when served over HTTPS).
    #[arg(long, env = "LEARNLOOP_SECURE_COOKIES")]
    secure_cookies: bool,
    /// The address people use to reach this server, e.g. https://learn.example.org
    /// (shown in the public reporting link).
    #[arg(long, env = "LEARNLOOP_PUBLIC_URL")]
    public_url: Option<String>,
    /// SMTP server for email, e.g. smtp://user:password@mail.example.org:587?tls=required
    /// or smtps://...:465. Without it, email waits in the administrators' outbox.
    #[arg(long, env = "LEARNLOOP_SMTP_URL")]
    smtp_url: Option<String>,
    /// The sender of Learnloop's email.
    #[arg(long, env = "LEARNLOOP_SMTP_FROM", default_value = "Learnloop <learnloop@localhost>")]
    smtp_from: String,
    /// Served behind a reverse proxy: count failed sign-ins per client by the
    /// last address in X-Forwarded-For (set only if the proxy writes it).
    #[arg(long, env = "LEARNLOOP_BEHIND_PROXY")]
    behind_proxy: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web server (migrates the database first).
    Serve {
        #[command(flatten)]
        database: DatabaseArgs,
        #[command(flatten)]
        server: ServerArgs,
    },
    /// Serve a freshly generated demo organisation with 18 months of reports.
    Demo {
        /// Default: a fresh ./data/demo.db, recreated on every run. With a
        /// PostgreSQL URL, the demo is generated once and reused.
        #[arg(long, env = "DATABASE_URL", default_value = DEMO_DATABASE)]
        database_url: String,
        #[command(flatten)]
        server: ServerArgs,
        /// Seed for the generated data.
        #[arg(long, default_value_t = 2026)]
        seed: u64,
    },
    /// Write a deterministic organisation with N reports into the database.
    Generate {
        #[command(flatten)]
        database: DatabaseArgs,
        /// How many reports.
        #[arg(long, default_value_t = 2_400)]
        reports: u64,
        /// Seed: the same seed gives the same organisation and reports.
        #[arg(long, default_value_t = 2026)]
        seed: u64,
        /// Months of history, ending now.
        #[arg(long, default_value_t = 18)]
        months: u32,
    },
    /// Bring the database schema up to date.
    Migrate {
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Compute a statistical process control chart: reads the same JSON as
    /// POST /api/v1/spc on standard input and prints the same answer (or the
    /// API's error body, exiting with status 1). Stores nothing. Give
    /// "parts" to start a new phase (own centre line and limits) after a
    /// known change, and "chart": "t" for days between rare events.
    Spc,
    /// Manage people from the command line.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Add a person; the first one also creates the organisation.
    Add {
        #[command(flatten)]
        database: DatabaseArgs,
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// staff, manager, quality, safety or admin. `safety` only while the organisation has no
        /// quality lead or safety officer; after that a second person approves it in the browser.
        #[arg(long, default_value = "admin")]
        role: String,
        #[arg(long, default_value = "Administrator")]
        job_title: String,
        /// The organisation's name (needed only for the first person).
        #[arg(long)]
        organisation: Option<String>,
        /// The organisation's time zone (first person only).
        #[arg(long, default_value = "Europe/London")]
        time_zone: String,
        /// The password; if absent, read from LEARNLOOP_PASSWORD or one line of standard input.
        #[arg(long, env = "LEARNLOOP_PASSWORD", hide_env_values = true)]
        password: Option<String>,
    },
    /// Print a new API token for a person (send as Authorization: Bearer <token>). Not for the
    /// safety officer, who signs in with a second factor.
    Token {
        #[command(flatten)]
        database: DatabaseArgs,
        #[arg(long)]
        email: String,
    },
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,sqlx=error".into()))
        .init();
    match run(Cli::parse().command).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            // The message and its causes, without a backtrace: this is for people.
            eprintln!("error: {err:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Serve { database, server } => {
            let store = open_store(&database.database_url).await?;
            if store.first_organisation().await?.is_none() {
                println!("No organisation yet. Create the first administrator:");
                println!("  learnloop user add --organisation \"Your organisation\" --email you@example.org --name \"Your Name\" --role admin");
            }
            serve(store, server).await
        }
        Command::Demo { database_url, server, seed } => demo(&database_url, server, seed).await,
        Command::Spc => spc_command::run(),
        Command::Generate { database, reports, seed, months } => {
            let store = open_store_for_bulk_load(&database.database_url).await?;
            let started = std::time::Instant::now();
            let summary = load_plan::generate(&store, seed, reports, months, false).await?;
            store.close().await;
            println!(
                "Generated {} with {} services, {} people and {} reports in {:.1} s.",
                summary.organisation_name,
                summary.services,
                summary.people,
                summary.reports,
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Command::Migrate { database } => {
            let store = open_store(&database.database_url).await?;
            store.close().await;
            println!("The database is up to date.");
            Ok(())
        }
        Command::User { command } => user_command(command).await,
    }
}

/// Connects (creating the SQLite file's folder if needed) and migrates.
async fn open_store(url: &str) -> anyhow::Result<Store> {
    open_store_with(url, false).await
}

async fn open_store_for_bulk_load(url: &str) -> anyhow::Result<Store> {
    open_store_with(url, true).await
}

async fn open_store_with(url: &str, bulk_load: bool) -> anyhow::Result<Store> {
    if let Some(path) = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")) {
        let path = path.split('?').next().unwrap_or(path);
        if let Some(parent) = Path::new(path).parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        }
    }
    let store = if bulk_load { Store::connect_for_bulk_load(url).await } else { Store::connect(url).await };
    let store = store.with_context(|| format!("opening the database {}", redact(url)))?;
    store.migrate().await.context("migrating the database")?;
    Ok(store)
}

/// A database URL without its password, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{}:***{}", &url[..scheme + 3], user, &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

async fn serve(store: Store, server: ServerArgs) -> anyhow::Result<()> {
    let smtp = server.smtp_url.clone().map(|url| learnloop_web::mail::SmtpSettings { url, from: server.smtp_from.clone() });
    if let Some(settings) = &smtp {
        settings.check().map_err(|message| anyhow::anyhow!(message))?;
    }
    let config = AppConfig { secure_cookies: server.secure_cookies, public_url: server.public_url.clone(), smtp, behind_proxy: server.behind_proxy };
    let listener = tokio::net::TcpListener::bind(server.addr).await.with_context(|| format!("listening on {}", server.addr))?;
    let url = format!("http://{}", listener.local_addr()?);
    println!("Learnloop is running at {url} ({} database). Press Ctrl-C to stop.", store.backend_name());
    learnloop_web::serve_on(AppState::new(store, config), listener).await?;
    Ok(())
}

async fn demo(database_url: &str, server: ServerArgs, seed: u64) -> anyhow::Result<()> {
    if database_url == DEMO_DATABASE {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("./data/demo.db{suffix}"));
        }
    }
    let store = open_store(database_url).await?;
    let summary = load_plan::generate(&store, seed, load_plan::DEMO_REPORTS, 18, true).await?;
    let addr = server.addr;
    println!();
    println!("Demo organisation: {} ({} services, {} people, {} reports over 18 months)", summary.organisation_name, summary.services, summary.people, summary.reports);
    println!("Open http://{addr} and sign in with any of these (password: {}):", load_plan::DEMO_PASSWORD);
    for role in ["staff", "manager", "quality", "safety", "admin"] {
        println!("  {role:<8} {role}@demo.learnloop.test");
    }
    let key = learnloop_demo::organisation::SAFETY_TOTP_SECRET;
    let grouped: Vec<&str> = key.as_bytes().chunks(4).map(|c| std::str::from_utf8(c).unwrap_or_default()).collect();
    println!("The safety officer also gives a second factor: add the key {} to an authenticator app,", grouped.join(" "));
    println!("or use the recovery code {} (each recovery code works once).", learnloop_demo::organisation::safety_recovery_codes()[0]);
    let org = store.first_organisation().await?.context("the demo organisation")?;
    println!("Public reporting link (anonymous, no sign-in): http://{addr}/r/{}", org.public_report_key);
    println!();
    serve(store, server).await
}

fn read_password(given: Option<String>) -> anyhow::Result<String> {
    if let Some(password) = given {
        return Ok(password);
    }
    eprintln!("Password (one line on standard input):");
    let mut line = String::new();
    std::io::stdin().read_line(&mut line)?;
    Ok(line.trim_end_matches(['\n', '\r']).to_string())
}

async fn user_command(command: UserCommand) -> anyhow::Result<()> {
    match command {
        UserCommand::Add { database, email, name, role, job_title, organisation, time_zone, password } => {
            let mut errors = FieldErrors::default();
            let parsed_email = Email::parse(&email);
            if parsed_email.is_none() {
                errors.push("email", "Give an email address like name@example.org.");
            }
            check_name(&name, &mut errors);
            let parsed_role = Role::parse(&role);
            if parsed_role.is_none() {
                errors.push("role", "Use staff, manager, quality, safety or admin.");
            }
            if jiff::tz::TimeZone::get(&time_zone).is_err() {
                errors.push("time-zone", format!("{time_zone:?} is not a time zone name such as Europe/London."));
            }
            if !errors.is_empty() {
                bail!("Nothing was saved. {errors}");
            }
            let password = read_password(password)?;
            check_new_password(&password, &mut errors);
            if !errors.is_empty() {
                bail!("Nothing was saved. {errors}");
            }
            let store = open_store(&database.database_url).await?;
            let now = jiff::Timestamp::now();
            let org = match store.first_organisation().await? {
                Some(org) => org,
                None => {
                    let Some(org_name) = organisation.as_deref().map(str::trim).filter(|n| !n.is_empty()) else {
                        bail!("Nothing was saved. This is the first person: name the organisation with --organisation \"Name\".");
                    };
                    let slug: String = org_name.to_lowercase().chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
                    store.create_organisation(slug.trim_matches('-'), org_name, &time_zone, now).await?
                }
            };
            let hash = hash_password_blocking(&password).map_err(anyhow::Error::msg)?;
            let email = parsed_email.expect("checked above");
            let user = store
                .create_user(
                    &NewUser {
                        organisation_id: org.id,
                        email: email.as_str(),
                        name: name.trim(),
                        job_title: job_title.trim(),
                        role: parsed_role.expect("checked above"),
                        team_id: None,
                        password_hash: &hash,
                        service_ids: &[],
                    },
                    None,
                    now,
                )
                .await
                .map_err(|e| match e {
                    learnloop_store::StoreError::Conflict(_) => anyhow::anyhow!("Nothing was saved: {email} already has an account."),
                    learnloop_store::StoreError::NeedsApproval => anyhow::anyhow!(
                        "Nothing was saved: the organisation has a quality lead or safety officer, so a new safety officer needs a second person's approval. Ask for it in the browser (Administration, People); a quality lead or the safety officer approves it on the Safety officer page."
                    ),
                    other => other.into(),
                })?;
            store.close().await;
            println!("Added {} <{}> as {} in {}.", user.name, user.email, user.role.label(), org.name);
            Ok(())
        }
        UserCommand::Token { database, email } => {
            let store = open_store(&database.database_url).await?;
            let email = Email::parse(&email).context("give an email address like name@example.org")?;
            let credentials = store.credentials_by_email(email.as_str()).await?.with_context(|| format!("no account has the email {email}"))?;
            if !credentials.user.active {
                bail!("{email}'s account is deactivated.");
            }
            if credentials.user.role.needs_second_factor() {
                bail!("{email} is the safety officer, who signs in with a second factor: get a token with POST /api/v1/auth/login and \"code\".");
            }
            let token = SecretToken::generate(&mut rand_rng());
            store.create_session(&token.hash(), credentials.user.id, SessionKind::ApiToken, jiff::Timestamp::now(), None).await?;
            store.close().await;
            println!("{}", token.as_str());
            Ok(())
        }
    }
}

fn rand_rng() -> impl rand::Rng {
    rand::rng()
}
