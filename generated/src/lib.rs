//! AWS CodeArtifact SDK.
