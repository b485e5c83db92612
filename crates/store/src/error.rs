//! What can go wrong in the store, without the database driver's types.

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// A unique value (an email, a slug, a reference) is already taken.
    #[error("already exists: {0}")]
    Conflict(String),
    /// The database refused or failed (a lost connection, a broken
    /// constraint): what it said, without the driver's types.
    #[error("database error: {0}")]
    Database(#[from] DatabaseError),
    /// A change only a second person's approval may make (giving someone the
    /// safety officer's role, or their account a new password): ask through
    /// a safety officer request instead.
    #[error("this change needs a second person's approval")]
    NeedsApproval,
    /// A stored value the code does not recognise (a hand-edited row).
    #[error("unexpected value in the database: {0}")]
    Corrupt(String),
    #[error("bad database URL: {0}")]
    BadUrl(String),
}

impl StoreError {
    /// A unique-constraint violation becomes `Conflict(what)`; anything
    /// else stays as it was.
    pub(crate) fn unique_violation_as(self, what: &str) -> StoreError {
        match self {
            StoreError::Database(DatabaseError(sqlx::Error::Database(db))) if db.is_unique_violation() => StoreError::Conflict(what.to_string()),
            other => other,
        }
    }
}

/// A failure reported by the database driver. Callers see its message;
/// only the store looks inside.
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct DatabaseError(sqlx::Error);

impl From<sqlx::Error> for StoreError {
    fn from(err: sqlx::Error) -> StoreError {
        StoreError::Database(DatabaseError(err))
    }
}

impl From<sqlx::migrate::MigrateError> for StoreError {
    fn from(err: sqlx::migrate::MigrateError) -> StoreError {
        StoreError::Database(DatabaseError(sqlx::Error::Migrate(Box::new(err))))
    }
}
