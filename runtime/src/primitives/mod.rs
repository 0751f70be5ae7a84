//! Value types the generated shapes use: timestamps, blobs and streaming bodies.

mod blob;
mod bytestream;
mod datetime;

pub use blob::Blob;
pub use bytestream::{ByteStream, ByteStreamParts, ChunkStream};
pub use datetime::DateTime;
pub(crate) use datetime::{civil_from_days, days_from_civil};
