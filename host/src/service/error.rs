//! What an operation answers when it cannot do what was asked: a refusal the person can act on
//! (its message is for them, in Portuguese), or an internal failure (logged, never shown).

use crate::store::BLOCKED;
use crate::store::StoreError;

/// Why an operation did not happen.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The row does not exist in the caller's account, or they may not see it.
    #[error("não encontrado")]
    NotFound,
    /// The caller lacks a permission; the message names it.
    #[error("{0}")]
    Forbidden(String),
    /// It would break a uniqueness rule.
    #[error("{0}")]
    Conflict(String),
    /// The flow's draft changed since the caller read it (another admin saved meanwhile).
    #[error("{0}")]
    DraftConflict(String),
    /// A rule refused the input; the message says what is wrong.
    #[error("{0}")]
    Invalid(String),
    /// A flow document with errors; each names its node and field.
    #[error("o fluxo tem erros")]
    InvalidFlow(Vec<crate::domain::flow::check::Issue>),
    /// A free-form message outside the contact's window (S4).
    #[error("{0}")]
    OutsideWindow(String),
    /// The contact is blocked (S17).
    #[error("{}", BLOCKED)]
    Blocked,
    /// A plugin the operation needs could not run (switched off, trapped, out of time).
    #[error("{0}")]
    PluginUnavailable(String),
    /// Meta's Graph API refused or could not be reached.
    #[error("{0}")]
    Upstream(String),
    /// Something failed that is not the caller's doing (database, disk, a bug).
    #[error("{0}")]
    Internal(String),
}

/// Result of an operation.
pub type Result<T> = std::result::Result<T, Error>;

impl From<StoreError> for Error {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::NotFound => Error::NotFound,
            StoreError::Conflict(message) => Error::Conflict(message),
            StoreError::DraftConflict(message) => Error::DraftConflict(message),
            StoreError::Rejected(message) => Error::Invalid(message),
            StoreError::Blocked => Error::Blocked,
            StoreError::OutsideWindow(message) => Error::OutsideWindow(message),
            other => Error::Internal(other.to_string()),
        }
    }
}
