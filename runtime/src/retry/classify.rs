//! Deciding whether a failed attempt is worth retrying, kept apart from the
//! policy that decides whether and when to retry it.

use std::fmt;

/// What went wrong with one attempt, as the pipeline saw it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure<'a> {
    /// The service answered with an error status. `code` is the parsed
    /// error code (empty when the response named none).
    Response { status: u16, code: &'a str },
    /// The attempt ran out of time (connect, read or attempt timeout).
    Timeout,
    /// The connection failed or broke: refused, reset, truncated body.
    Io,
    /// The response could not be understood (malformed body on a success status).
    Unparseable,
}

/// The classifier's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryKind {
    /// The service asked the client to slow down.
    Throttling,
    /// A transient server or network fault.
    Transient,
    /// A timeout: retried, at a higher cost to the retry quota.
    Timeout,
    /// Retrying would not help.
    NotRetryable,
}

/// Classifies failed attempts. Implement it to retry more (or less) than
/// the AWS standard set; install it with `Config::builder().retry_classifier(..)`.
pub trait ClassifyRetry: Send + Sync + fmt::Debug {
    fn classify(&self, failure: Failure<'_>) -> RetryKind;
}

/// Error codes the AWS SDKs treat as throttling in every service.
pub const THROTTLING_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
];

/// Error codes the AWS SDKs treat as transient in every service.
pub const TRANSIENT_CODES: &[&str] =
    &["RequestTimeout", "RequestTimeoutException", "InternalError"];

/// HTTP statuses that are transient whatever the error code.
pub const TRANSIENT_STATUSES: &[u16] = &[500, 502, 503, 504];

/// The AWS standard classification.
#[derive(Debug, Clone, Copy, Default)]
pub struct StandardClassifier;

impl ClassifyRetry for StandardClassifier {
    fn classify(&self, failure: Failure<'_>) -> RetryKind {
        match failure {
            Failure::Timeout => RetryKind::Timeout,
            Failure::Io => RetryKind::Transient,
            Failure::Unparseable => RetryKind::NotRetryable,
            Failure::Response { status, code } => {
                if status == 429 || THROTTLING_CODES.contains(&code) {
                    RetryKind::Throttling
                } else if TRANSIENT_STATUSES.contains(&status) || TRANSIENT_CODES.contains(&code) {
                    RetryKind::Transient
                } else {
                    RetryKind::NotRetryable
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classify(status: u16, code: &str) -> RetryKind {
        StandardClassifier.classify(Failure::Response { status, code })
    }

    #[test]
    fn throttling_by_status_or_code() {
        assert_eq!(classify(429, ""), RetryKind::Throttling);
        assert_eq!(classify(400, "ThrottlingException"), RetryKind::Throttling);
        assert_eq!(classify(400, "Throttling"), RetryKind::Throttling);
        assert_eq!(
            classify(400, "TooManyRequestsException"),
            RetryKind::Throttling
        );
    }

    #[test]
    fn transient_statuses_and_faults() {
        for status in [500, 502, 503, 504] {
            assert_eq!(
                classify(status, "InternalServerException"),
                RetryKind::Transient
            );
        }
        assert_eq!(classify(400, "RequestTimeout"), RetryKind::Transient);
        assert_eq!(
            StandardClassifier.classify(Failure::Io),
            RetryKind::Transient
        );
        assert_eq!(
            StandardClassifier.classify(Failure::Timeout),
            RetryKind::Timeout
        );
    }

    #[test]
    fn client_errors_are_final() {
        assert_eq!(
            classify(404, "ResourceNotFoundException"),
            RetryKind::NotRetryable
        );
        assert_eq!(classify(409, "ConflictException"), RetryKind::NotRetryable);
        assert_eq!(classify(501, ""), RetryKind::NotRetryable);
        assert_eq!(
            StandardClassifier.classify(Failure::Unparseable),
            RetryKind::NotRetryable
        );
    }
}
