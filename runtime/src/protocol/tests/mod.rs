//! Tests of the restJson1 engine on hand-written tables that mirror real
//! CodeArtifact shapes (the generated crate's tables are tested against
//! botocore in `tests/tests/wire_botocore.rs`).

mod client;
mod fixtures;
mod malformed;
mod patterns;
mod server;
mod shapes;
