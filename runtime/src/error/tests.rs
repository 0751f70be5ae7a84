use super::*;

#[derive(Debug)]
struct Modeled;
impl fmt::Display for Modeled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("modeled")
    }
}
impl std::error::Error for Modeled {}

/// The shape of a generated error enum: modeled variant plus `Unhandled`.
#[derive(Debug)]
enum OpError {
    Modeled(Modeled),
    Unhandled(Unhandled),
}
impl fmt::Display for OpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Modeled(e) => fmt::Display::fmt(e, f),
            Self::Unhandled(e) => fmt::Display::fmt(e, f),
        }
    }
}
impl std::error::Error for OpError {}
impl From<Unhandled> for OpError {
    fn from(e: Unhandled) -> Self {
        Self::Unhandled(e)
    }
}

fn service() -> SdkError<Modeled> {
    let meta = ErrorMetadata::new(
        Some("ThrottlingException".into()),
        Some("slow down".into()),
        Some("req-1".into()),
    );
    SdkError::Service(ServiceError::new(
        Modeled,
        meta,
        429,
        http::HeaderMap::new(),
        3,
    ))
}

#[test]
fn service_display_has_code_message_status_and_attempts() {
    let text = service().to_string();
    assert_eq!(
        text,
        "ThrottlingException: slow down (HTTP 429, request id req-1, after 3 attempts)"
    );
    assert!(!text.contains("service error"));
}

#[test]
fn passthroughs() {
    let e = service();
    assert_eq!(e.code(), Some("ThrottlingException"));
    assert_eq!(e.message(), Some("slow down"));
    assert_eq!(e.request_id(), Some("req-1"));
    assert_eq!((e.raw_status(), e.attempts()), (Some(429), 3));
    assert!(e.as_service_error().is_some());
    assert!(e.try_into_service_error().is_ok());
    let d: SdkError<Modeled> = SdkError::Dispatch(DispatchFailure::new("connection reset", 2));
    assert_eq!(d.code(), None);
    assert_eq!(
        d.to_string(),
        "dispatch failure after 2 attempts: connection reset"
    );
}

#[test]
fn response_error_keeps_a_short_clean_excerpt() {
    let body = format!("{{\"a\":\n{}", "x".repeat(1000));
    let e = ResponseError::new(200, body.as_bytes(), "malformed JSON", 1);
    assert!(e.body_excerpt().len() < 300 && !e.body_excerpt().contains('\n'));
    assert!(
        e.to_string()
            .starts_with("unexpected response (HTTP 200, after 1 attempt): malformed JSON")
    );
}

/// `into_service_error` always yields the enum: the modeled error as is,
/// any other failure as `Unhandled` whose source is the `SdkError`.
#[test]
fn into_service_error_wraps_other_failures_as_unhandled() {
    let modeled = service().map_service_error(OpError::Modeled);
    assert!(matches!(modeled.into_service_error(), OpError::Modeled(_)));
    let d: SdkError<OpError> = SdkError::Dispatch(DispatchFailure::new("connection reset", 2));
    match d.into_service_error() {
        OpError::Unhandled(u) => {
            assert_eq!(u.code(), None);
            let source = std::error::Error::source(&u).map(|s| s.to_string());
            assert_eq!(
                source.as_deref(),
                Some("dispatch failure after 2 attempts: connection reset")
            );
        }
        other => panic!("expected Unhandled, got {other:?}"),
    }
    let t: SdkError<OpError> = SdkError::Timeout(DispatchFailure::new("read", 1));
    assert!(matches!(
        t.try_into_service_error(),
        Err(SdkError::Timeout(_))
    ));
}
