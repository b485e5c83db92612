//! `Store`: the handle every store method hangs off. Cheap to clone; every
//! clone shares the connections and the report writer. The methods live in
//! the module named for what they keep (see the index in lib.rs).

use std::sync::{Arc, OnceLock};

use crate::error::StoreError;
use crate::pools::{BULK_LOAD_WRITER_CACHE_MIB, Backend, SERVING_WRITER_CACHE_MIB};
use crate::report_queue::ReportWriter;
use crate::sql::{Connection, Transaction, sql};

/// The database. Cheap to clone; every clone shares the pools.
#[derive(Clone)]
pub struct Store {
    pub(crate) backend: Arc<Backend>,
    /// Started by the first report saved (`reports.rs`), on its runtime.
    pub(crate) writer: Arc<OnceLock<ReportWriter>>,
}

impl Store {
    /// The read pool, for one statement: `sql(..).fetch_all(self.reader())`.
    pub(crate) fn reader(&self) -> Connection<'_> {
        self.backend.reader()
    }

    /// Opens a write transaction; nothing in it is saved until `commit`.
    pub(crate) async fn begin(&self) -> Result<Transaction, StoreError> {
        self.backend.begin().await
    }

    /// Opens `url`: `sqlite://path/to/file.db` (created if missing) or
    /// `postgres://...`. Does not migrate; call [`Store::migrate`].
    pub async fn connect(url: &str) -> Result<Store, StoreError> {
        Store::connect_with_cache(url, SERVING_WRITER_CACHE_MIB).await
    }

    /// Like [`Store::connect`], with a large SQLite page cache for loading
    /// millions of rows (`learnloop generate`); a server keeps its memory small.
    pub async fn connect_for_bulk_load(url: &str) -> Result<Store, StoreError> {
        Store::connect_with_cache(url, BULK_LOAD_WRITER_CACHE_MIB).await
    }

    async fn connect_with_cache(url: &str, writer_cache_mib: i64) -> Result<Store, StoreError> {
        let backend = Arc::new(Backend::open(url, writer_cache_mib).await?);
        Ok(Store { backend, writer: Arc::new(OnceLock::new()) })
    }

    /// Brings the schema up to date. Safe to run on every start.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        self.backend.migrate().await
    }

    /// `"sqlite"` or `"postgres"`, as `/healthz` reports it.
    pub fn backend_name(&self) -> &'static str {
        self.backend.name()
    }

    /// A cheap round trip, for health checks.
    pub async fn ping(&self) -> Result<(), StoreError> {
        sql("SELECT 1").execute(self.reader()).await?;
        Ok(())
    }

    pub async fn close(&self) {
        self.backend.close().await
    }
}
