//! Fresh databases for tests, on either backend (feature `testing`).
//! Used by this crate's conformance suite and the web crate's tests.

use learnloop_domain::ids::ServiceId;
use jiff::Timestamp;

use crate::Store;
use crate::organisations::Organisation;
use crate::people::{NewUser, User};
use crate::services::Service;
use learnloop_domain::role::Role;
use rand::Rng;

pub const NOW: i64 = 1_795_000_000; // 2026-11-18

/// The moment `second` seconds after the epoch (e.g. `at(NOW + 60)`), for
/// the store's methods that take a moment.
pub fn at(second: i64) -> Timestamp {
    Timestamp::from_second(second).unwrap()
}

#[derive(Clone, Copy, Debug)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A migrated store on a database of its own, removed when dropped.
pub struct TestDb {
    pub store: Store,
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    File(std::path::PathBuf),
    Database { admin_url: String, name: String },
}

pub fn postgres_admin_url() -> String {
    std::env::var("LEARNLOOP_TEST_POSTGRES_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

impl TestDb {
    pub async fn new(backend: Backend) -> TestDb {
        let suffix: u64 = rand::rng().random();
        let (url, cleanup) = match backend {
            Backend::Sqlite => {
                let path = std::env::temp_dir().join(format!("learnloop-test-{suffix:x}.db"));
                (format!("sqlite://{}", path.display()), Cleanup::File(path))
            }
            Backend::Postgres => {
                let admin_url = postgres_admin_url();
                let name = format!("learnloop_test_{suffix:x}");
                let admin = sqlx::PgPool::connect(&admin_url).await.expect("PostgreSQL must be running for the conformance suite");
                sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(&admin).await.unwrap();
                admin.close().await;
                let base = admin_url.rsplit_once('/').map(|(b, _)| b).unwrap().to_string();
                (format!("{base}/{name}"), Cleanup::Database { admin_url, name })
            }
        };
        let store = Store::connect(&url).await.unwrap();
        store.migrate().await.unwrap();
        TestDb { store, url, cleanup }
    }

    /// A plain connection to the same database, to inspect raw rows.
    pub async fn raw_rows(&self, sql: &str) -> Vec<Vec<String>> {
        use sqlx::Row;
        fn cell<'r, R: Row>(row: &'r R, i: usize) -> String
        where
            usize: sqlx::ColumnIndex<R>,
            Option<String>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
            Option<i64>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
            Option<bool>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
        {
            if let Ok(v) = row.try_get::<Option<String>, _>(i) {
                return v.unwrap_or_default();
            }
            if let Ok(v) = row.try_get::<Option<i64>, _>(i) {
                return v.map(|n| n.to_string()).unwrap_or_default();
            }
            if let Ok(v) = row.try_get::<Option<bool>, _>(i) {
                return v.map(|b| b.to_string()).unwrap_or_default();
            }
            String::new()
        }
        let sql = sqlx::AssertSqlSafe(sql.to_string());
        if self.url.starts_with("sqlite") {
            let pool = sqlx::SqlitePool::connect(&self.url).await.unwrap();
            let rows = sqlx::query(sql).fetch_all(&pool).await.unwrap();
            let out = rows.iter().map(|r| (0..r.columns().len()).map(|i| cell(r, i)).collect()).collect();
            pool.close().await;
            out
        } else {
            let pool = sqlx::PgPool::connect(&self.url).await.unwrap();
            let rows = sqlx::query(sql).fetch_all(&pool).await.unwrap();
            let out = rows.iter().map(|r| (0..r.columns().len()).map(|i| cell(r, i)).collect()).collect();
            pool.close().await;
            out
        }
    }

    /// SQLite only: how many segments an FTS5 index holds, read from its
    /// structure record (`%_data` row 10: a 4-byte cookie, an optional
    /// version marker, then varints: levels, segments).
    pub async fn fts5_segment_count(&self, table: &str) -> u64 {
        assert!(self.url.starts_with("sqlite"), "FTS5 is SQLite's");
        let pool = sqlx::SqlitePool::connect(&self.url).await.unwrap();
        let block: Vec<u8> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT block FROM {table}_data WHERE id = 10")))
            .fetch_one(&pool)
            .await
            .unwrap();
        pool.close().await;
        let mut at = 4;
        if block.get(4..8) == Some(&[0xFF, 0x00, 0x00, 0x01][..]) {
            at = 8;
        }
        let mut varint = || {
            let mut value = 0u64;
            loop {
                let byte = block[at];
                at += 1;
                value = (value << 7) | u64::from(byte & 0x7F);
                if byte & 0x80 == 0 {
                    return value;
                }
            }
        };
        let _levels = varint();
        varint()
    }

    /// Every cell of every table as (table, column, value), for privacy
    /// checks that compare the database before and after one action.
    /// Blobs read as "" (the FTS5 index's segments; see `fts5_segment_count`).
    pub async fn every_cell(&self) -> Vec<(String, String, String)> {
        let tables_sql = if self.url.starts_with("sqlite") {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlx%'
             AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'"
        } else {
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name NOT LIKE '_sqlx%'"
        };
        let tables: Vec<String> = self.raw_rows(tables_sql).await.into_iter().map(|r| r[0].clone()).collect();
        let mut out = Vec::new();
        // Each driver has its own row type, so the rows are read on a pool
        // of the backend's own (sql.rs decodes rows into known types only).
        if self.url.starts_with("sqlite") {
            let pool = sqlx::SqlitePool::connect(&self.url).await.unwrap();
            for table in &tables {
                let rows = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT * FROM {table}"))).fetch_all(&pool).await.unwrap();
                push_every_cell(table, &rows, &mut out);
            }
            pool.close().await;
        } else {
            let pool = sqlx::PgPool::connect(&self.url).await.unwrap();
            for table in &tables {
                let rows = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT * FROM {table}"))).fetch_all(&pool).await.unwrap();
                push_every_cell(table, &rows, &mut out);
            }
            pool.close().await;
        }
        out
    }

    /// The SQLite database file's path (`None` on PostgreSQL).
    pub fn sqlite_path(&self) -> Option<std::path::PathBuf> {
        match &self.cleanup {
            Cleanup::File(path) => Some(path.clone()),
            Cleanup::Database { .. } => None,
        }
    }

    /// Every text and number in every table, for privacy checks.
    pub async fn every_value_in_every_table(&self) -> Vec<(String, Vec<String>)> {
        let tables_sql = if self.url.starts_with("sqlite") {
            // A virtual table (the FTS5 search index) is read through its
            // shadow tables, which are listed here as ordinary tables.
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlx%'
             AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'"
        } else {
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name NOT LIKE '_sqlx%'"
        };
        let mut out = Vec::new();
        for table in self.raw_rows(tables_sql).await {
            let name = table[0].clone();
            for row in self.raw_rows(&format!("SELECT * FROM {name}")).await {
                out.push((name.clone(), row));
            }
        }
        out
    }

    pub async fn finish(self) {
        self.store.close().await;
        match &self.cleanup {
            Cleanup::File(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
            }
            Cleanup::Database { admin_url, name } => {
                let admin = sqlx::PgPool::connect(admin_url).await.unwrap();
                sqlx::query(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))).execute(&admin).await.unwrap();
                admin.close().await;
            }
        }
    }
}

/// Every cell of `rows` (read from `table`) as (table, column, value): text,
/// a number or a boolean as text, anything else (a blob) as "".
fn push_every_cell<'r, R: sqlx::Row>(table: &str, rows: &'r [R], out: &mut Vec<(String, String, String)>)
where
    usize: sqlx::ColumnIndex<R>,
    Option<String>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    Option<i64>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    Option<bool>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    Option<f64>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    use sqlx::Column;
    for row in rows {
        for (i, column) in row.columns().iter().enumerate() {
            let value = if let Ok(v) = row.try_get::<Option<String>, _>(i) {
                v.unwrap_or_default()
            } else if let Ok(v) = row.try_get::<Option<i64>, _>(i) {
                v.map(|n| n.to_string()).unwrap_or_default()
            } else if let Ok(v) = row.try_get::<Option<bool>, _>(i) {
                v.map(|b| b.to_string()).unwrap_or_default()
            } else if let Ok(v) = row.try_get::<Option<f64>, _>(i) {
                v.map(|n| n.to_string()).unwrap_or_default()
            } else {
                String::new()
            };
            out.push((table.to_string(), column.name().to_string(), value));
        }
    }
}

/// A small organisation: two services, and one person per role.
pub struct Fixture {
    pub org: Organisation,
    pub oak: Service,
    pub maple: Service,
    pub staff: User,
    pub colleague: User,
    pub manager: User,
    pub other_manager: User,
    pub quality: User,
    pub safety: User,
    pub admin: User,
}

pub async fn fixture(store: &Store) -> Fixture {
    fixture_with_password_hash(store, "not-a-real-hash").await
}

/// The fixture, with everyone's password hash set to `password_hash`.
pub async fn fixture_with_password_hash(store: &Store, password_hash: &str) -> Fixture {
    let org = store.create_organisation("riverside", "Riverside Care", "Europe/London", at(NOW)).await.unwrap();
    let oak = store.create_service(org.id, "oak-house", "Oak House", learnloop_domain::organisation::ServiceKind::ResidentialCareHome, None, at(NOW)).await.unwrap();
    let maple = store.create_service(org.id, "maple-court", "Maple Court", learnloop_domain::organisation::ServiceKind::SupportedLiving, None, at(NOW)).await.unwrap();
    let person = |email: &'static str, role: Role, services: Vec<ServiceId>| {
        let store = store.clone();
        let password_hash = password_hash.to_string();
        let org_id = org.id;
        async move {
            store
                .create_user(
                    &NewUser {
                        organisation_id: org_id,
                        email,
                        name: &format!("Person {email}"),
                        job_title: "Support worker",
                        role,
                        team_id: None,
                        password_hash: &password_hash,
                        service_ids: &services,
                    },
                    None,
                    at(NOW),
                )
                .await
                .unwrap()
        }
    };
    // The reporter is created last so their id differs from every
    // organisation and service id (privacy tests look for it in raw rows).
    let admin = person("admin@t.test", Role::Admin, vec![]).await;
    let safety = person("safety@t.test", Role::Safety, vec![]).await;
    let quality = person("quality@t.test", Role::Quality, vec![]).await;
    let other_manager = person("maple.manager@t.test", Role::Manager, vec![maple.id]).await;
    let manager = person("manager@t.test", Role::Manager, vec![oak.id]).await;
    let colleague = person("colleague@t.test", Role::Staff, vec![oak.id]).await;
    let staff = person("staff@t.test", Role::Staff, vec![oak.id]).await;
    Fixture {
        staff,
        colleague,
        manager,
        other_manager,
        quality,
        safety,
        admin,
        org,
        oak,
        maple,
    }
}

/// A submission planned as the reporting operation plans one, with the
/// default deadline for telling a regulator.
pub fn plan(report: &learnloop_domain::reports::NewReport, service_name: &str, service_kind: learnloop_domain::organisation::ServiceKind, reporter_known: bool, now: jiff::Timestamp) -> learnloop_domain::submission::SubmissionPlan {
    let service = learnloop_domain::submission::ReportedService {
        name: service_name,
        kind: service_kind,
        notify_regulator_within_hours: learnloop_domain::statutory::DEFAULT_NOTIFICATION_HOURS,
    };
    learnloop_domain::submission::SubmissionPlan::new(report, &service, reporter_known, now, &mut rand::rng())
}
