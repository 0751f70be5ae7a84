//! codeartifact-local.
