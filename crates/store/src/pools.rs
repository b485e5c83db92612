//! The database connections: for SQLite a read pool, the one writing
//! connection and a WAL checkpointer; for PostgreSQL one pool. Opening them,
//! migrating the schema, and handing out a reader or a write transaction.

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};

use crate::error::StoreError;
use crate::sql::{Connection, Transaction};

pub(crate) enum Backend {
    /// Reads share a pool; writes go through a single connection so SQLite
    /// never has two writers waiting on each other's locks.
    Sqlite { read: SqlitePool, write: SqlitePool, checkpointer: SqlitePool },
    Postgres { pool: PgPool },
}

/// SQLite page cache of the one writing connection while serving, in MiB.
pub(crate) const SERVING_WRITER_CACHE_MIB: i64 = 16;
pub(crate) const BULK_LOAD_WRITER_CACHE_MIB: i64 = 512;

/// Copies the write-ahead log into the database file every half second on a
/// connection of its own. PASSIVE never waits for, or blocks, the writer.
/// When a whole half second passed without a write and everything is copied,
/// the log is cut to nothing (TRUNCATE, giving up after 50 ms if a reader is
/// still on it), so a copy of the files taken in a quiet spell holds no
/// frames of the last transactions in the order they were made
/// (docs/decisions/0010).
async fn checkpoint_regularly(pool: SqlitePool) {
    let mut tick = tokio::time::interval(Duration::from_millis(500));
    let mut last_log_frames = -1;
    loop {
        tick.tick().await;
        if pool.is_closed() {
            return;
        }
        match sqlx::query_as::<_, (i64, i64, i64)>("PRAGMA wal_checkpoint(PASSIVE)").fetch_one(&pool).await {
            Ok((_, log_frames, copied)) => {
                let idle = log_frames > 0 && log_frames == copied && log_frames == last_log_frames;
                last_log_frames = log_frames;
                if idle {
                    match sqlx::query_as::<_, (i64, i64, i64)>("PRAGMA wal_checkpoint(TRUNCATE)").fetch_one(&pool).await {
                        Ok((0, _, _)) => last_log_frames = 0,
                        Ok(_) => {} // a reader was still on the log: next time
                        Err(err) => tracing::debug!(error = %err, "cutting the WAL waited for a reader; will retry"),
                    }
                }
            }
            Err(err) => {
                if pool.is_closed() {
                    return;
                }
                tracing::warn!(error = %err, "WAL checkpoint failed; will retry");
            }
        }
    }
}

impl Backend {
    /// The read pool: every read outside a write transaction runs here.
    pub(crate) fn reader(&self) -> Connection<'_> {
        match self {
            Backend::Sqlite { read, .. } => Connection::SqlitePool(read),
            Backend::Postgres { pool } => Connection::PostgresPool(pool),
        }
    }

    /// Opens a write transaction (on SQLite, on the one writing connection).
    pub(crate) async fn begin(&self) -> Result<Transaction, StoreError> {
        Ok(match self {
            Backend::Sqlite { write, .. } => Transaction::Sqlite(write.begin_with("BEGIN IMMEDIATE").await?),
            Backend::Postgres { pool } => Transaction::Postgres(pool.begin().await?),
        })
    }

    /// Opens `url` with a writer's page cache of `writer_cache_mib` (SQLite).
    pub(crate) async fn open(url: &str, writer_cache_mib: i64) -> Result<Backend, StoreError> {
        let backend = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let pool = PgPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(10))
                .connect(url)
                .await?;
            Backend::Postgres { pool }
        } else if url.starts_with("sqlite:") {
            let base = SqliteConnectOptions::from_str(url)
                .map_err(|e| StoreError::BadUrl(e.to_string()))?
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10))
                // Deleted rows are overwritten with zeros, not left in free
                // pages where a copy of the file would still hold them.
                .pragma("secure_delete", "ON");
            // A bulk load is disposable if the machine fails part-way, so it
            // skips the checkpoint's fsync; serving never does.
            let synchronous = if writer_cache_mib == BULK_LOAD_WRITER_CACHE_MIB { SqliteSynchronous::Off } else { SqliteSynchronous::Normal };
            let write_options = base
                .clone()
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(synchronous)
                .pragma("cache_size", format!("-{}", writer_cache_mib * 1024))
                // Checkpoints run in the background (below), not inside a
                // request's commit, where they made the slowest requests slower.
                .pragma("wal_autocheckpoint", "0")
                // When the log restarts after a checkpoint it is cut to
                // nothing, so stale frames (old copies of pages, in commit
                // order) do not linger beyond the new writes.
                .pragma("journal_size_limit", "0");
            let write = SqlitePoolOptions::new().max_connections(1).connect_with(write_options).await?;
            // Opened after the writer so the file exists and is already in WAL mode.
            let read = SqlitePoolOptions::new().max_connections(8).connect_with(base.clone().read_only(true)).await?;
            // Cutting the log waits at most 50 ms for readers, as writers wait meanwhile.
            let checkpointer = SqlitePoolOptions::new().max_connections(1).connect_with(base.busy_timeout(Duration::from_millis(50))).await?;
            tokio::spawn(checkpoint_regularly(checkpointer.clone()));
            Backend::Sqlite { read, write, checkpointer }
        } else {
            return Err(StoreError::BadUrl(format!(
                "{url:?}: use sqlite://path/to/file.db or postgres://user@host/database"
            )));
        };
        Ok(backend)
    }

    /// Brings the schema up to date. Safe to run on every start.
    pub(crate) async fn migrate(&self) -> Result<(), StoreError> {
        match self {
            Backend::Sqlite { write, .. } => sqlx::migrate!("./migrations/sqlite").run(write).await?,
            Backend::Postgres { pool } => sqlx::migrate!("./migrations/postgres").run(pool).await?,
        }
        Ok(())
    }

    /// `"sqlite"` or `"postgres"`, as `/healthz` reports it.
    pub(crate) fn name(&self) -> &'static str {
        match self {
            Backend::Sqlite { .. } => "sqlite",
            Backend::Postgres { .. } => "postgres",
        }
    }

    pub(crate) async fn close(&self) {
        match self {
            Backend::Sqlite { read, write, checkpointer } => {
                checkpointer.close().await;
                read.close().await;
                write.close().await;
            }
            Backend::Postgres { pool } => pool.close().await,
        }
    }
}
