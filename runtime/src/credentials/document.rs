//! The JSON credentials document shared by `credential_process` (Version
//! 1), the container endpoint and IMDS: `AccessKeyId`, `SecretAccessKey`,
//! `SessionToken` or `Token`, `Expiration`.

use serde::Deserialize;

use super::{Credentials, CredentialsError, parse_rfc3339};

/// No `Debug`: it holds the secret.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Document {
    version: Option<serde_json::Value>,
    /// IMDS sets `Code: "Success"`; anything else is a failure.
    code: Option<String>,
    access_key_id: Option<String>,
    secret_access_key: Option<String>,
    #[serde(alias = "Token")]
    session_token: Option<String>,
    expiration: Option<String>,
}

/// Which source the document came from: decides whether `Version: 1` is
/// required and names the source in errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DocumentKind {
    Process,
    Http,
}

/// Parses a credentials document. Errors never quote the document, only
/// where it went wrong.
pub(crate) fn parse_document(
    body: &[u8],
    kind: DocumentKind,
    provider: &'static str,
) -> Result<Credentials, CredentialsError> {
    let doc: Document = serde_json::from_slice(body).map_err(|e| {
        // serde_json's message can quote a value, so report only where.
        let msg = format!(
            "response is not a valid credentials document (JSON error at line {} column {})",
            e.line(),
            e.column()
        );
        CredentialsError::failed(provider, msg)
    })?;
    if kind == DocumentKind::Process {
        match &doc.version {
            Some(v) if v.as_u64() == Some(1) => {}
            Some(v) => {
                return Err(CredentialsError::failed(
                    provider,
                    format!("unsupported Version {v}; only 1 is supported"),
                ));
            }
            None => {
                return Err(CredentialsError::failed(
                    provider,
                    "output has no Version (expected 1)",
                ));
            }
        }
    }
    if let Some(code) = doc.code.as_deref().filter(|c| *c != "Success") {
        return Err(CredentialsError::failed(
            provider,
            format!("credentials document has Code '{code}'"),
        ));
    }
    let non_empty = |v: Option<String>, field: &str| {
        v.filter(|s| !s.is_empty()).ok_or_else(|| {
            CredentialsError::failed(provider, format!("credentials document has no {field}"))
        })
    };
    let access_key_id = non_empty(doc.access_key_id, "AccessKeyId")?;
    let secret = non_empty(doc.secret_access_key, "SecretAccessKey")?;
    let expiry = match doc.expiration.as_deref() {
        None => None,
        Some(text) => Some(parse_rfc3339(text).ok_or_else(|| {
            CredentialsError::failed(
                provider,
                format!("Expiration '{text}' is not an RFC 3339 timestamp"),
            )
        })?),
    };
    let token = doc.session_token.filter(|t| !t.is_empty());
    Ok(Credentials::new(
        access_key_id,
        secret,
        token,
        expiry,
        provider,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn process_documents_need_version_one() {
        let ok = br#"{"Version":1,"AccessKeyId":"AKID","SecretAccessKey":"s3cr3t","SessionToken":"tok","Expiration":"2030-01-01T00:00:00Z"}"#;
        let creds = parse_document(ok, DocumentKind::Process, "process").unwrap();
        assert_eq!(
            (
                creds.access_key_id(),
                creds.secret_access_key(),
                creds.session_token()
            ),
            ("AKID", "s3cr3t", Some("tok"))
        );
        assert!(creds.expiry().is_some());
        let v2 = br#"{"Version":2,"AccessKeyId":"AKID","SecretAccessKey":"s3cr3t"}"#;
        assert!(
            parse_document(v2, DocumentKind::Process, "process")
                .unwrap_err()
                .to_string()
                .contains("Version 2")
        );
        let none = br#"{"AccessKeyId":"AKID","SecretAccessKey":"s3cr3t"}"#;
        assert!(parse_document(none, DocumentKind::Process, "process").is_err());
        assert!(parse_document(none, DocumentKind::Http, "imds").is_ok());
    }

    #[test]
    fn errors_never_quote_the_document() {
        for body in [
            &br#"{"Version":1,"AccessKeyId":"AKID","SecretAccessKey":123456789}"#[..],
            br#"{"AccessKeyId":"AKID","SecretAccessKey":"s3cr3tvalue","Expiration":"soon"#,
            br#"{"Code":"Failure","AccessKeyId":"AKID","SecretAccessKey":"s3cr3tvalue"}"#,
        ] {
            let err = parse_document(body, DocumentKind::Http, "container").unwrap_err();
            let shown = format!("{err} {err:?}");
            assert!(
                !shown.contains("123456789") && !shown.contains("s3cr3tvalue"),
                "{shown}"
            );
        }
    }
}
