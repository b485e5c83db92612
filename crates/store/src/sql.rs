//! Running one SQL statement the same way on SQLite and PostgreSQL.
//!
//! sqlx's two drivers are distinct types, so a query written with sqlx's own
//! builders must be compiled once per driver. Here a statement is plain data
//! instead, its text and its parameters as values ([`Sql`]), and the one
//! place that knows both drivers binds them ([`Sql::fetch_all`] and the rest
//! at the bottom). Every query is written once in portable SQL (`$1`
//! placeholders work on both); the few statements that differ by dialect
//! pick their text with [`Connection::is_sqlite`].
//!
//! Reads run on the store's read pool (`store.reader()`), writes inside a
//! [`Transaction`] (`store.begin().await?`, then `tx.commit().await?`; a
//! transaction dropped without commit rolls back, so a `?` that returns
//! early saves nothing).

use learnloop_domain::ids::{OrganisationId, PersonId, ReportId, ServiceId, TeamId};
use std::borrow::Cow;

use sqlx::postgres::{PgArguments, PgConnection, PgPool, PgRow};
use sqlx::sqlite::{SqliteArguments, SqliteConnection, SqlitePool, SqliteRow};
use sqlx::{Arguments, Encode, FromRow, Postgres, Sqlite, Type};

use crate::error::StoreError;

/// One value bound to a placeholder. Nulls keep their type: PostgreSQL
/// checks a parameter's declared type against its column.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Param {
    Int(Option<i64>),
    Float(Option<f64>),
    Bool(Option<bool>),
    Text(Option<String>),
    Bytes(Option<Vec<u8>>),
}

macro_rules! param_from {
    ($($rust:ty => $variant:ident, $convert:expr;)*) => {$(
        impl From<$rust> for Param {
            fn from(value: $rust) -> Param {
                Param::$variant(Some($convert(value)))
            }
        }
        impl From<Option<$rust>> for Param {
            fn from(value: Option<$rust>) -> Param {
                Param::$variant(value.map($convert))
            }
        }
    )*};
}

// Why a macro: the same two `From` impls for each Rust type a parameter may
// be, which a generic impl cannot say without overlapping `Option<T>`.
param_from! {
    i64 => Int, |v| v;
    i32 => Int, i64::from;
    u32 => Int, i64::from;
    f64 => Float, |v| v;
    bool => Bool, |v| v;
    String => Text, |v| v;
    &str => Text, str::to_owned;
    &String => Text, |v: &String| v.clone();
    Vec<u8> => Bytes, |v| v;
    OrganisationId => Int, OrganisationId::get;
    ReportId => Int, ReportId::get;
    PersonId => Int, PersonId::get;
    ServiceId => Int, ServiceId::get;
    TeamId => Int, TeamId::get;
    &[u8] => Bytes, <[u8]>::to_vec;
}

/// A row type both drivers can decode (`#[derive(sqlx::FromRow)]`, or a
/// tuple of plain values).
pub(crate) trait Record: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin {}
impl<T> Record for T where T: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin {}

/// Where a statement runs: a read pool, or an open write transaction.
pub(crate) enum Connection<'c> {
    SqlitePool(&'c SqlitePool),
    PostgresPool(&'c PgPool),
    Sqlite(&'c mut SqliteConnection),
    Postgres(&'c mut PgConnection),
}

impl Connection<'_> {
    pub(crate) fn is_sqlite(&self) -> bool {
        matches!(self, Connection::SqlitePool(_) | Connection::Sqlite(_))
    }
}

/// One write transaction (`BEGIN IMMEDIATE` on SQLite, so it never waits
/// half-way for another writer's lock).
pub(crate) enum Transaction {
    Sqlite(sqlx::Transaction<'static, Sqlite>),
    Postgres(sqlx::Transaction<'static, Postgres>),
}

impl Transaction {
    pub(crate) async fn commit(self) -> Result<(), StoreError> {
        match self {
            Transaction::Sqlite(tx) => tx.commit().await?,
            Transaction::Postgres(tx) => tx.commit().await?,
        }
        Ok(())
    }
}

impl<'c> From<&'c mut Transaction> for Connection<'c> {
    fn from(tx: &'c mut Transaction) -> Connection<'c> {
        match tx {
            Transaction::Sqlite(tx) => Connection::Sqlite(tx),
            Transaction::Postgres(tx) => Connection::Postgres(tx),
        }
    }
}

/// A statement and its parameters, in placeholder order.
#[derive(Debug, Clone)]
#[must_use = "a statement does nothing until it is run"]
pub(crate) struct Sql {
    text: Cow<'static, str>,
    params: Vec<Param>,
}

/// A statement written in the code.
pub(crate) fn sql(text: &'static str) -> Sql {
    Sql { text: Cow::Borrowed(text), params: Vec::new() }
}

/// A statement assembled at run time. Only placeholders, column names and
/// other fixed pieces of SQL may be formatted into `text`; every value is bound.
pub(crate) fn assembled_sql(text: String) -> Sql {
    Sql { text: Cow::Owned(text), params: Vec::new() }
}

impl Sql {
    pub(crate) fn bind(mut self, value: impl Into<Param>) -> Sql {
        self.params.push(value.into());
        self
    }

    /// Runs a statement that returns no rows; the number of rows it changed.
    pub(crate) async fn execute<'c>(self, on: impl Into<Connection<'c>>) -> Result<u64, StoreError> {
        let text = sqlx::AssertSqlSafe(self.text);
        let changed = match on.into() {
            Connection::SqlitePool(pool) => sqlx::query_with(text, sqlite_arguments(self.params)?).execute(pool).await?.rows_affected(),
            Connection::PostgresPool(pool) => sqlx::query_with(text, postgres_arguments(self.params)?).execute(pool).await?.rows_affected(),
            Connection::Sqlite(conn) => sqlx::query_with(text, sqlite_arguments(self.params)?).execute(conn).await?.rows_affected(),
            Connection::Postgres(conn) => sqlx::query_with(text, postgres_arguments(self.params)?).execute(conn).await?.rows_affected(),
        };
        Ok(changed)
    }

    pub(crate) async fn fetch_all<'c, T: Record>(self, on: impl Into<Connection<'c>>) -> Result<Vec<T>, StoreError> {
        let text = sqlx::AssertSqlSafe(self.text);
        let rows = match on.into() {
            Connection::SqlitePool(pool) => sqlx::query_as_with(text, sqlite_arguments(self.params)?).fetch_all(pool).await?,
            Connection::PostgresPool(pool) => sqlx::query_as_with(text, postgres_arguments(self.params)?).fetch_all(pool).await?,
            Connection::Sqlite(conn) => sqlx::query_as_with(text, sqlite_arguments(self.params)?).fetch_all(conn).await?,
            Connection::Postgres(conn) => sqlx::query_as_with(text, postgres_arguments(self.params)?).fetch_all(conn).await?,
        };
        Ok(rows)
    }

    pub(crate) async fn fetch_optional<'c, T: Record>(self, on: impl Into<Connection<'c>>) -> Result<Option<T>, StoreError> {
        let text = sqlx::AssertSqlSafe(self.text);
        let row = match on.into() {
            Connection::SqlitePool(pool) => sqlx::query_as_with(text, sqlite_arguments(self.params)?).fetch_optional(pool).await?,
            Connection::PostgresPool(pool) => sqlx::query_as_with(text, postgres_arguments(self.params)?).fetch_optional(pool).await?,
            Connection::Sqlite(conn) => sqlx::query_as_with(text, sqlite_arguments(self.params)?).fetch_optional(conn).await?,
            Connection::Postgres(conn) => sqlx::query_as_with(text, postgres_arguments(self.params)?).fetch_optional(conn).await?,
        };
        Ok(row)
    }

    /// The one row the statement returns; `StoreError::NotFound` if none.
    pub(crate) async fn fetch_one<'c, T: Record>(self, on: impl Into<Connection<'c>>) -> Result<T, StoreError> {
        self.fetch_optional(on).await?.ok_or(StoreError::NotFound)
    }

    /// The first column of every row.
    pub(crate) async fn fetch_column<'c, T>(self, on: impl Into<Connection<'c>>) -> Result<Vec<T>, StoreError>
    where
        (T,): Record,
    {
        Ok(self.fetch_all::<(T,)>(on).await?.into_iter().map(|(value,)| value).collect())
    }

    /// The first column of the one row the statement returns.
    pub(crate) async fn fetch_value<'c, T>(self, on: impl Into<Connection<'c>>) -> Result<T, StoreError>
    where
        (T,): Record,
    {
        Ok(self.fetch_one::<(T,)>(on).await?.0)
    }

    /// The first column of the first row, if there is a row.
    pub(crate) async fn fetch_optional_value<'c, T>(self, on: impl Into<Connection<'c>>) -> Result<Option<T>, StoreError>
    where
        (T,): Record,
    {
        Ok(self.fetch_optional::<(T,)>(on).await?.map(|(value,)| value))
    }
}

/// The driver's arguments for `params`, in order (`A` is SQLite's or
/// PostgreSQL's argument list).
fn driver_arguments<A>(params: Vec<Param>) -> Result<A, StoreError>
where
    A: Arguments,
    for<'t> Option<i64>: Encode<'t, A::Database> + Type<A::Database>,
    for<'t> Option<f64>: Encode<'t, A::Database> + Type<A::Database>,
    for<'t> Option<bool>: Encode<'t, A::Database> + Type<A::Database>,
    for<'t> Option<String>: Encode<'t, A::Database> + Type<A::Database>,
    for<'t> Option<Vec<u8>>: Encode<'t, A::Database> + Type<A::Database>,
{
    let mut arguments = A::default();
    for param in params {
        match param {
            Param::Int(v) => arguments.add(v),
            Param::Float(v) => arguments.add(v),
            Param::Bool(v) => arguments.add(v),
            Param::Text(v) => arguments.add(v),
            Param::Bytes(v) => arguments.add(v),
        }
        .map_err(|err| StoreError::from(sqlx::Error::Encode(err)))?;
    }
    Ok(arguments)
}

fn sqlite_arguments(params: Vec<Param>) -> Result<SqliteArguments, StoreError> {
    driver_arguments(params)
}

fn postgres_arguments(params: Vec<Param>) -> Result<PgArguments, StoreError> {
    driver_arguments(params)
}
