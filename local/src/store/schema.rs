//! Table layout. Versions are keyed for the two orders ListPackageVersions
//! pages through (version string; publish time) with and without a status
//! filter, so a page is an index range scan whatever the package size.

use rusqlite::{Connection, OptionalExtension};
use sha2::{Digest, Sha256};

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS domains (
  owner TEXT NOT NULL, name TEXT NOT NULL, created REAL NOT NULL, encryption_key TEXT NOT NULL,
  policy TEXT, policy_revision TEXT,
  PRIMARY KEY (owner, name)
);
CREATE TABLE IF NOT EXISTS repositories (
  id INTEGER PRIMARY KEY, domain_owner TEXT NOT NULL, domain TEXT NOT NULL, name TEXT NOT NULL,
  admin_account TEXT NOT NULL, description TEXT, created REAL NOT NULL,
  upstreams TEXT NOT NULL DEFAULT '[]', external TEXT NOT NULL DEFAULT '[]',
  policy TEXT, policy_revision TEXT,
  UNIQUE (domain_owner, domain, name),
  FOREIGN KEY (domain_owner, domain) REFERENCES domains(owner, name) ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS packages (
  id INTEGER PRIMARY KEY, repo_id INTEGER NOT NULL REFERENCES repositories(id) ON DELETE CASCADE,
  format TEXT NOT NULL, namespace TEXT NOT NULL, name TEXT NOT NULL,
  origin_publish TEXT NOT NULL, origin_upstream TEXT NOT NULL,
  UNIQUE (repo_id, format, namespace, name)
);
CREATE TABLE IF NOT EXISTS versions (
  id INTEGER PRIMARY KEY, package_id INTEGER NOT NULL REFERENCES packages(id) ON DELETE CASCADE,
  version TEXT NOT NULL, revision TEXT NOT NULL, status TEXT NOT NULL, published REAL NOT NULL,
  origin_type TEXT NOT NULL, origin_repo TEXT,
  UNIQUE (package_id, version)
);
CREATE INDEX IF NOT EXISTS versions_status ON versions (package_id, status, version);
CREATE INDEX IF NOT EXISTS versions_time ON versions (package_id, published, version);
CREATE INDEX IF NOT EXISTS versions_status_time ON versions (package_id, status, published, version);
CREATE TABLE IF NOT EXISTS assets (
  version_id INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE, name TEXT NOT NULL,
  size INTEGER NOT NULL, sha256 TEXT NOT NULL, md5 TEXT NOT NULL, sha1 TEXT NOT NULL, sha512 TEXT NOT NULL,
  PRIMARY KEY (version_id, name)
);
CREATE INDEX IF NOT EXISTS assets_sha256 ON assets (sha256);
CREATE TABLE IF NOT EXISTS tags (
  arn TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (arn, key)
);
CREATE TABLE IF NOT EXISTS package_groups (
  domain_owner TEXT NOT NULL, domain TEXT NOT NULL, pattern TEXT NOT NULL, created REAL NOT NULL,
  description TEXT, contact_info TEXT, restrictions TEXT NOT NULL DEFAULT '{}',
  allowed TEXT NOT NULL DEFAULT '{}',
  PRIMARY KEY (domain_owner, domain, pattern),
  FOREIGN KEY (domain_owner, domain) REFERENCES domains(owner, name) ON DELETE CASCADE
);
";

pub fn migrate(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(SCHEMA)
}

/// The pagination-token key, created once per database.
pub fn token_key(conn: &Connection) -> rusqlite::Result<[u8; 32]> {
    let existing: Option<Vec<u8>> = conn
        .query_row("SELECT value FROM meta WHERE key = 'token_key'", [], |r| {
            r.get(0)
        })
        .optional()?;
    if let Some(bytes) = existing {
        if let Ok(key) = <[u8; 32]>::try_from(bytes.as_slice()) {
            return Ok(key);
        }
    }
    // Not a secret against attackers (the emulator has none to keep); it only
    // has to make tokens we did not issue fail to verify.
    let seed = format!("{:?}-{}", std::time::SystemTime::now(), std::process::id());
    let key: [u8; 32] = Sha256::digest(seed.as_bytes()).into();
    conn.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES ('token_key', ?1)",
        [key.as_slice()],
    )?;
    Ok(key)
}
