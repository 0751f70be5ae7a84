//! SQLite storage: one connection, WAL journal, one `IMMEDIATE` transaction
//! per mutating request.
//!
//! A single connection behind a mutex serializes every request of this
//! process, so conflicting updates cannot interleave and SQLite's
//! `database is locked` cannot arise between our own requests. The busy
//! timeout only matters if another process opens the same file.

mod blobs;
mod schema;
pub mod token;

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use rusqlite::{Connection, Transaction, TransactionBehavior};

pub use blobs::{BlobStore, BlobWriter, StagedBlob};

use crate::error::{ApiError, ApiResult};

/// How hard a commit waits for the disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Durability {
    /// `synchronous=NORMAL` with WAL: a commit is in the WAL (the OS's page
    /// cache) before the response is sent, so it survives the process being
    /// killed; a power cut may lose the last commits.
    #[default]
    Process,
    /// `synchronous=FULL`: every commit is fsynced; survives power loss.
    Power,
}

/// Work a transaction leaves for after its commit.
#[derive(Debug, Default)]
pub struct Effects {
    /// SHA-256s of blobs whose last asset row went away.
    pub orphan_blobs: Vec<String>,
}

pub struct Store {
    conn: Mutex<Connection>,
    pub blobs: BlobStore,
    /// Key that signs pagination tokens, kept in the database so tokens stay
    /// valid across restarts.
    token_key: [u8; 32],
}

impl Store {
    /// Opens (creating if needed) the store in `dir`, or a throwaway one when
    /// `dir` is `None` (`--in-memory`: the database lives in memory, blobs in a
    /// private temporary directory removed on drop).
    pub fn open(dir: Option<&Path>, durability: Durability) -> ApiResult<Store> {
        let (conn, blobs) = match dir {
            Some(dir) => {
                std::fs::create_dir_all(dir)?;
                let conn = Connection::open(dir.join("codeartifact.sqlite3"))?;
                (conn, BlobStore::open(dir.join("blobs"), false, durability)?)
            }
            None => {
                let tmp = temp_blob_dir();
                (
                    Connection::open_in_memory()?,
                    BlobStore::open(tmp, true, durability)?,
                )
            }
        };
        conn.busy_timeout(Duration::from_secs(30))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        let sync = match durability {
            Durability::Process => "NORMAL",
            Durability::Power => "FULL",
        };
        conn.pragma_update(None, "synchronous", sync)?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        schema::migrate(&conn)?;
        let token_key = schema::token_key(&conn)?;
        Ok(Store {
            conn: Mutex::new(conn),
            blobs,
            token_key,
        })
    }

    fn lock(&self) -> MutexGuard<'_, Connection> {
        // A panic inside a transaction rolled it back when the guard's
        // transaction dropped, so the connection is still consistent.
        self.conn
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Runs `f` in one `BEGIN IMMEDIATE` transaction, committed only when `f`
    /// succeeds: a failed request changes nothing.
    pub fn write<T>(
        &self,
        f: impl FnOnce(&Transaction<'_>, &mut Effects) -> ApiResult<T>,
    ) -> ApiResult<T> {
        let mut conn = self.lock();
        let tx = begin_immediate(&mut conn)?;
        let mut effects = Effects::default();
        let value = f(&tx, &mut effects)?;
        tx.commit()?;
        // Still under the lock, so no publish can re-reference the blob
        // between the check and the removal.
        for sha in effects.orphan_blobs {
            let still_used: bool = conn
                .prepare_cached("SELECT EXISTS(SELECT 1 FROM assets WHERE sha256 = ?1)")?
                .query_row([&sha], |r| r.get(0))?;
            if !still_used {
                self.blobs.remove(&sha);
            }
        }
        Ok(value)
    }

    /// Runs `f` in a read transaction (a consistent snapshot).
    pub fn read<T>(&self, f: impl FnOnce(&Transaction<'_>) -> ApiResult<T>) -> ApiResult<T> {
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Deferred)?;
        f(&tx)
    }

    pub fn token_key(&self) -> &[u8; 32] {
        &self.token_key
    }
}

fn begin_immediate(conn: &mut Connection) -> ApiResult<Transaction<'_>> {
    // `busy_timeout` already waits for other processes; a final failure
    // becomes a retryable throttling error rather than a 500.
    conn.transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(|e| match e {
            rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::DatabaseBusy => {
                ApiError::throttling(1)
            }
            other => ApiError::from(other),
        })
}

fn temp_blob_dir() -> PathBuf {
    use std::sync::atomic::{AtomicU64, Ordering};
    static SEQ: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    std::env::temp_dir().join(format!(
        "codeartifact-local-{}-{nanos}-{}",
        std::process::id(),
        SEQ.fetch_add(1, Ordering::Relaxed)
    ))
}
