//! `credential_process`: run a command and read a Version 1 credentials
//! document from its standard output.

use std::process::Stdio;

use super::document::{DocumentKind, parse_document};
use super::{Credentials, CredentialsError, ProvideCredentials, ProvideCredentialsFuture};

const NAME: &str = "credential_process";
/// Enough of stderr to explain a failure without flooding the error.
const STDERR_EXCERPT: usize = 300;

/// Runs `command` through the platform shell (`sh -c` or `cmd.exe /C`), as
/// the AWS CLI does, so quoting in the config file behaves the same.
#[derive(Clone)]
pub struct CredentialProcessProvider {
    command: String,
}

impl CredentialProcessProvider {
    pub fn new(command: impl Into<String>) -> Self {
        Self {
            command: command.into(),
        }
    }

    async fn run(&self) -> Result<Credentials, CredentialsError> {
        let mut command = if cfg!(windows) {
            let mut c = tokio::process::Command::new("cmd.exe");
            c.arg("/C").arg(&self.command);
            c
        } else {
            let mut c = tokio::process::Command::new("sh");
            c.arg("-c").arg(&self.command);
            c
        };
        command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        let output = command.output().await.map_err(|e| {
            CredentialsError::failed(NAME, format!("cannot start the command: {e}"))
        })?;
        if !output.status.success() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let excerpt: String = stderr.trim().chars().take(STDERR_EXCERPT).collect();
            let msg = format!(
                "the command exited with {}; stderr: {excerpt}",
                output.status
            );
            return Err(CredentialsError::failed(NAME, msg));
        }
        parse_document(&output.stdout, DocumentKind::Process, NAME)
    }
}

/// Shows only the program name: arguments may carry secrets.
impl std::fmt::Debug for CredentialProcessProvider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let program = self.command.split_whitespace().next().unwrap_or("");
        f.debug_struct("CredentialProcessProvider")
            .field("program", &program)
            .finish_non_exhaustive()
    }
}

impl ProvideCredentials for CredentialProcessProvider {
    fn provide(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(self.run())
    }
}
