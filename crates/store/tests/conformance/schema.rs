//! The two migration sets build the same database: the same tables, columns
//! (up to the dialects' names for a type), nullability, primary keys, unique
//! constraints, foreign keys, indexes and check constraints. Each database's
//! schema is read back from its own catalogue and written as plain facts
//! ("column reports.kind text not null"); the test lists every fact one side
//! has and the other lacks, apart from the few differences the design
//! chose, which are listed below with their reasons.

use std::collections::BTreeSet;

use learnloop_store::testing::{Backend, TestDb};

/// Facts only one database has, on purpose.
const CHOSEN_DIFFERENCES: &[(&str, &str)] = &[
    // Search: SQLite keeps FTS5 virtual tables (with their shadow tables);
    // PostgreSQL a generated tsvector column with a GIN index (decision 0004).
    ("sqlite", "table report_search"),
    ("sqlite", "table report_search_today"),
    ("postgres", "column reports.search_vector other null"),
    ("postgres", "index reports_search on reports(search_vector)"),
    // The first migration declared `users.active` INTEGER on SQLite, BOOLEAN on
    // PostgreSQL. SQLite keeps a boolean as 0 or 1 whichever name the column
    // has, and both read back as a bool; renaming the type would mean
    // rebuilding `users`, which some twenty tables reference, for no change in
    // what is stored.
    ("sqlite", "column users.active integer not null"),
    ("postgres", "column users.active boolean not null"),
];

/// SQLite's own bookkeeping, and FTS5's shadow tables.
fn is_sqlite_internal(table: &str) -> bool {
    table.starts_with("sqlite_")
        || ["_data", "_idx", "_content", "_docsize", "_config"].iter().any(|suffix| table.starts_with("report_search") && table.ends_with(suffix))
}

fn type_class(declared: &str) -> &'static str {
    match declared.to_ascii_lowercase().as_str() {
        "integer" | "bigint" | "int" | "smallint" => "integer",
        "text" | "character varying" | "varchar" => "text",
        "real" | "double precision" | "float" => "real",
        "blob" | "bytea" => "blob",
        "boolean" | "bool" => "boolean",
        _ => "other",
    }
}

async fn sqlite_facts(db: &TestDb) -> BTreeSet<String> {
    let mut facts = BTreeSet::new();
    let tables = db.raw_rows("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name").await;
    let tables: Vec<(String, String)> = tables.into_iter().map(|r| (r[0].clone(), r[1].clone())).filter(|(name, _)| !is_sqlite_internal(name)).collect();
    for (table, sql) in &tables {
        facts.insert(format!("table {table}"));
        if sql.starts_with("CREATE VIRTUAL TABLE") {
            continue;
        }
        let checks = sql.to_ascii_uppercase().matches("CHECK (").count() + sql.to_ascii_uppercase().matches("CHECK(").count();
        if checks > 0 {
            facts.insert(format!("checks {table}: {checks}"));
        }
        let columns = db.raw_rows(&format!("SELECT name, type, \"notnull\", pk FROM pragma_table_info('{table}') ORDER BY cid")).await;
        let mut primary: Vec<(i64, String)> = Vec::new();
        for c in &columns {
            let pk: i64 = c[3].parse().unwrap_or(0);
            let nullable = c[2] == "0" && pk == 0;
            facts.insert(format!("column {table}.{} {} {}", c[0], type_class(&c[1]), if nullable { "null" } else { "not null" }));
            if pk > 0 {
                primary.push((pk, c[0].clone()));
            }
        }
        primary.sort();
        if !primary.is_empty() {
            facts.insert(format!("primary key {table}({})", primary.iter().map(|(_, c)| c.as_str()).collect::<Vec<_>>().join(",")));
        }
        for fk in db.raw_rows(&format!("SELECT \"from\", \"table\", \"to\" FROM pragma_foreign_key_list('{table}')")).await {
            let to = if fk[2].is_empty() { "id".to_string() } else { fk[2].clone() };
            facts.insert(format!("foreign key {table}.{} -> {}.{to}", fk[0], fk[1]));
        }
        for index in db.raw_rows(&format!("SELECT name, \"unique\", origin FROM pragma_index_list('{table}')")).await {
            let columns: Vec<String> = db
                .raw_rows(&format!("SELECT name FROM pragma_index_info('{}') ORDER BY seqno", index[0]))
                .await
                .into_iter()
                .map(|r| if r[0].is_empty() { "expr".to_string() } else { r[0].clone() })
                .collect();
            match index[2].as_str() {
                "pk" => {}
                "u" => {
                    facts.insert(format!("unique {table}({})", columns.join(",")));
                }
                _ => {
                    let unique = if index[1] == "1" { "unique " } else { "" };
                    facts.insert(format!("{unique}index {} on {table}({})", index[0], columns.join(",")));
                }
            }
        }
    }
    facts
}

async fn postgres_facts(db: &TestDb) -> BTreeSet<String> {
    let mut facts = BTreeSet::new();
    for t in db.raw_rows("SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'").await {
        facts.insert(format!("table {}", t[0]));
    }
    let columns = db
        .raw_rows("SELECT c.table_name::text, c.column_name::text, c.data_type::text, c.is_nullable::text FROM information_schema.columns c
                   JOIN information_schema.tables t ON t.table_name = c.table_name AND t.table_schema = c.table_schema
                   WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'")
        .await;
    for c in columns {
        facts.insert(format!("column {}.{} {} {}", c[0], c[1], type_class(&c[2]), if c[3] == "YES" { "null" } else { "not null" }));
    }
    let keys = db
        .raw_rows("SELECT c.contype::text, t.relname::text, string_agg(a.attname::text, ',' ORDER BY k.ord)
                   FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
                   JOIN LATERAL unnest(c.conkey) WITH ORDINALITY k(attnum, ord) ON true
                   JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
                   WHERE n.nspname = 'public' AND c.contype IN ('p', 'u') GROUP BY c.oid, c.contype, t.relname")
        .await;
    for k in keys {
        let kind = if k[0] == "p" { "primary key" } else { "unique" };
        facts.insert(format!("{kind} {}({})", k[1], k[2]));
    }
    let foreign = db
        .raw_rows("SELECT t.relname::text, a.attname::text, ft.relname::text, fa.attname::text
                   FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class ft ON ft.oid = c.confrelid
                   JOIN pg_namespace n ON n.oid = t.relnamespace
                   JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
                   JOIN pg_attribute fa ON fa.attrelid = c.confrelid AND fa.attnum = c.confkey[1]
                   WHERE n.nspname = 'public' AND c.contype = 'f'")
        .await;
    for f in foreign {
        facts.insert(format!("foreign key {}.{} -> {}.{}", f[0], f[1], f[2], f[3]));
    }
    let checks = db
        .raw_rows("SELECT t.relname::text, COUNT(*) FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
                   JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = 'public' AND c.contype = 'c' GROUP BY t.relname")
        .await;
    for c in checks {
        facts.insert(format!("checks {}: {}", c[0], c[1]));
    }
    // Indexes of their own (not those behind a primary key or unique constraint).
    let indexes = db
        .raw_rows("SELECT t.relname::text, i.relname::text, ix.indisunique,
                          string_agg(COALESCE(a.attname::text, 'expr'), ',' ORDER BY k.ord)
                   FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid
                   JOIN pg_namespace n ON n.oid = t.relnamespace
                   JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY k(attnum, ord) ON true
                   LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum AND k.attnum > 0
                   WHERE n.nspname = 'public' AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = ix.indexrelid)
                   GROUP BY t.relname, i.relname, ix.indisunique")
        .await;
    for i in indexes {
        let unique = if i[2] == "true" { "unique " } else { "" };
        facts.insert(format!("{unique}index {} on {}({})", i[1], i[0], i[3]));
    }
    facts
}

#[tokio::test]
async fn both_migration_sets_build_the_same_schema() {
    let sqlite = TestDb::new(Backend::Sqlite).await;
    let postgres = TestDb::new(Backend::Postgres).await;
    let sqlite_facts = sqlite_facts(&sqlite).await;
    let postgres_facts = postgres_facts(&postgres).await;
    assert!(sqlite_facts.len() > 100 && postgres_facts.len() > 100, "the catalogues were read ({} and {} facts)", sqlite_facts.len(), postgres_facts.len());
    let chosen = |side: &str, fact: &str| CHOSEN_DIFFERENCES.contains(&(side, fact));
    let only_sqlite: Vec<&String> = sqlite_facts.difference(&postgres_facts).filter(|f| !chosen("sqlite", f)).collect();
    let only_postgres: Vec<&String> = postgres_facts.difference(&sqlite_facts).filter(|f| !chosen("postgres", f)).collect();
    let stale: Vec<&(&str, &str)> = CHOSEN_DIFFERENCES
        .iter()
        .filter(|(side, fact)| {
            let (mine, theirs) = if *side == "sqlite" { (&sqlite_facts, &postgres_facts) } else { (&postgres_facts, &sqlite_facts) };
            !mine.contains(*fact) || theirs.contains(*fact)
        })
        .collect();
    sqlite.finish().await;
    postgres.finish().await;
    assert!(
        only_sqlite.is_empty() && only_postgres.is_empty() && stale.is_empty(),
        "the migrations differ.\nOnly on SQLite:\n  {}\nOnly on PostgreSQL:\n  {}\nListed as chosen but no longer different:\n  {:?}",
        only_sqlite.iter().map(|f| f.as_str()).collect::<Vec<_>>().join("\n  "),
        only_postgres.iter().map(|f| f.as_str()).collect::<Vec<_>>().join("\n  "),
        stale
    );
}
