//! Content-addressed asset storage: `blobs/<sha256[..2]>/<sha256>`.
//!
//! An upload streams into a temporary file while every hash CodeArtifact
//! reports is computed; only then, inside the publishing transaction, is the
//! file renamed to its content address. Nothing is held whole in memory.

use std::path::PathBuf;

use md5::Md5;
use sha1::Sha1;
use sha2::{Digest, Sha256, Sha512};
use tokio::io::AsyncWriteExt;

use super::Durability;
use crate::error::ApiResult;

pub struct BlobStore {
    root: PathBuf,
    remove_on_drop: bool,
    durability: Durability,
}

/// An uploaded asset, hashed and waiting in a temporary file.
#[derive(Debug)]
pub struct StagedBlob {
    pub tmp: PathBuf,
    pub size: u64,
    pub sha256: String,
    pub md5: String,
    pub sha1: String,
    pub sha512: String,
}

pub struct BlobWriter {
    file: tokio::fs::File,
    tmp: PathBuf,
    size: u64,
    sha256: Sha256,
    md5: Md5,
    sha1: Sha1,
    sha512: Sha512,
    durability: Durability,
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

impl BlobStore {
    pub fn open(root: PathBuf, remove_on_drop: bool, durability: Durability) -> ApiResult<Self> {
        std::fs::create_dir_all(root.join("tmp"))?;
        Ok(BlobStore {
            root,
            remove_on_drop,
            durability,
        })
    }

    pub fn path(&self, sha256: &str) -> PathBuf {
        let prefix = sha256.get(..2).unwrap_or("xx");
        self.root.join(prefix).join(sha256)
    }

    /// Starts an upload into a fresh temporary file.
    pub async fn writer(&self) -> ApiResult<BlobWriter> {
        use std::sync::atomic::{AtomicU64, Ordering};
        static SEQ: AtomicU64 = AtomicU64::new(0);
        let name = format!(
            "{}-{}",
            std::process::id(),
            SEQ.fetch_add(1, Ordering::Relaxed)
        );
        let tmp = self.root.join("tmp").join(name);
        let file = tokio::fs::File::create(&tmp).await?;
        Ok(BlobWriter {
            file,
            tmp,
            size: 0,
            sha256: Sha256::new(),
            md5: Md5::new(),
            sha1: Sha1::new(),
            sha512: Sha512::new(),
            durability: self.durability,
        })
    }

    /// Moves a staged upload to its content address (called inside the
    /// publishing transaction; an identical blob may already be there).
    pub fn commit(&self, staged: &StagedBlob) -> ApiResult<()> {
        let dest = self.path(&staged.sha256);
        if let Some(parent) = dest.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::rename(&staged.tmp, &dest)?;
        Ok(())
    }

    pub fn open_blob(&self, sha256: &str) -> ApiResult<std::fs::File> {
        Ok(std::fs::File::open(self.path(sha256))?)
    }

    /// Best effort: a file left behind is garbage, never a wrong answer.
    pub fn remove(&self, sha256: &str) {
        let _ = std::fs::remove_file(self.path(sha256));
    }
}

impl Drop for BlobStore {
    fn drop(&mut self) {
        if self.remove_on_drop {
            let _ = std::fs::remove_dir_all(&self.root);
        }
    }
}

impl BlobWriter {
    pub async fn write(&mut self, chunk: &[u8]) -> ApiResult<()> {
        self.sha256.update(chunk);
        self.md5.update(chunk);
        self.sha1.update(chunk);
        self.sha512.update(chunk);
        self.size += chunk.len() as u64;
        self.file.write_all(chunk).await?;
        Ok(())
    }

    pub fn size(&self) -> u64 {
        self.size
    }

    pub async fn finish(mut self) -> ApiResult<StagedBlob> {
        self.file.flush().await?;
        if self.durability == Durability::Power {
            self.file.sync_all().await?;
        }
        Ok(StagedBlob {
            tmp: self.tmp,
            size: self.size,
            sha256: hex(&self.sha256.finalize()),
            md5: hex(&self.md5.finalize()),
            sha1: hex(&self.sha1.finalize()),
            sha512: hex(&self.sha512.finalize()),
        })
    }

    /// Drops the partial upload.
    pub async fn discard(self) {
        drop(self.file);
        let _ = tokio::fs::remove_file(&self.tmp).await;
    }
}

impl StagedBlob {
    /// Drops a staged upload that will not be committed.
    pub fn discard(&self) {
        let _ = std::fs::remove_file(&self.tmp);
    }

    /// Stages a blob from bytes already in memory (tests and small bodies).
    pub async fn from_bytes(store: &BlobStore, bytes: &[u8]) -> ApiResult<StagedBlob> {
        let mut w = store.writer().await?;
        w.write(bytes).await?;
        w.finish().await
    }
}
