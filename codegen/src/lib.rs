//! Code generator: model -> IR -> Rust source.
