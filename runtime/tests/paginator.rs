//! Paginators over a scripted transport: pages in order, items flattened,
//! stop on an absent token, fail on a repeated one.

mod support;

use std::pin::Pin;

use codeartifact_runtime::client::{Config, Handle};
use codeartifact_runtime::credentials::Credentials;
use codeartifact_runtime::operation::{ErrorParts, Operation, Paginated};
use codeartifact_runtime::paginator::Paginator;
use codeartifact_runtime::schema::*;
use codeartifact_runtime::time::FakeTime;
use codeartifact_runtime::transport::{HttpResponse, ReplayEvent, StaticReplay};
use futures_core::Stream;
use serde::{Deserialize, Serialize};
use support::{NO_BOUNDS, SERVICE, STRING};

static LIST: Shape = Shape {
    name: "Names",
    kind: ShapeKind::List {
        member: &STRING,
        length: NO_BOUNDS,
    },
    sensitive: false,
};
static INPUT: Shape = Shape {
    name: "ListThingsRequest",
    kind: ShapeKind::Structure(&StructureSpec {
        members: &[Member {
            name: "nextToken",
            target: &STRING,
            required: false,
            location: Location::Query("next-token"),
        }],
        error: None,
    }),
    sensitive: false,
};
static OUTPUT: Shape = Shape {
    name: "ListThingsResult",
    kind: ShapeKind::Structure(&StructureSpec {
        members: &[
            Member {
                name: "things",
                target: &LIST,
                required: false,
                location: Location::Body,
            },
            Member {
                name: "nextToken",
                target: &STRING,
                required: false,
                location: Location::Body,
            },
        ],
        error: None,
    }),
    sensitive: false,
};
static SPEC: OperationSpec = OperationSpec {
    name: "ListThings",
    method: "POST",
    uri: "/v1/things",
    success_status: 200,
    input: &INPUT,
    output: &OUTPUT,
    errors: &[],
    paginator: Some(&PaginatorSpec {
        input_token: "nextToken",
        output_token: "nextToken",
        limit_key: None,
        items: "things",
    }),
};
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Input {
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Output {
    #[serde(default)]
    things: Vec<String>,
    next_token: Option<String>,
}

#[derive(Debug)]
struct Unhandled(String);
impl std::fmt::Display for Unhandled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
impl std::error::Error for Unhandled {}

struct ListThings;
impl Operation for ListThings {
    type Input = Input;
    type Output = Output;
    type Error = Unhandled;
    const SPEC: &'static OperationSpec = &SPEC;
    fn error_from_parts(parts: ErrorParts) -> Unhandled {
        Unhandled(parts.code)
    }
}
impl Paginated for ListThings {
    type Item = String;
    fn set_token(input: &mut Input, token: Option<String>) {
        input.next_token = token;
    }
    fn next_token(output: &Output) -> Option<&str> {
        output.next_token.as_deref()
    }
    fn take_items(output: &mut Output) -> Vec<String> {
        std::mem::take(&mut output.things)
    }
}

fn page(things: &[&str], token: Option<&str>) -> ReplayEvent {
    let body = serde_json::json!({"things": things, "nextToken": token});
    ReplayEvent::ok(HttpResponse::json(200, body.to_string()))
}

fn handle(replay: &StaticReplay) -> Handle {
    let time = FakeTime::default();
    let config = Config::builder()
        .region("us-west-2")
        .credentials(Credentials::from_keys("AKIDTEST", "secret", None))
        .http_client(replay.clone())
        .sleep_impl(time.clone())
        .clock(time)
        .build();
    Handle::new(config, &SERVICE)
}

async fn collect<S: Stream + Unpin>(mut stream: S) -> Vec<S::Item> {
    let mut out = Vec::new();
    // Bounded: no test script has more than a handful of pages.
    for _ in 0..50 {
        match std::future::poll_fn(|cx| Pin::new(&mut stream).poll_next(cx)).await {
            Some(item) => out.push(item),
            None => return out,
        }
    }
    panic!("stream did not end");
}

#[tokio::test]
async fn pages_follow_tokens_until_none() {
    let replay = StaticReplay::new(vec![
        page(&["a", "b"], Some("t1")),
        page(&[], Some("t2")),
        page(&["c"], None),
    ]);
    let pages =
        collect(Paginator::<ListThings>::new(Some(handle(&replay)), Ok(Input::default())).send())
            .await;
    let pages: Vec<Vec<String>> = pages
        .into_iter()
        .map(|p| p.map(|p| p.things))
        .collect::<Result<_, _>>()
        .expect("all pages ok");
    assert_eq!(pages, vec![vec!["a", "b"], vec![], vec!["c"]]);
    let urls: Vec<String> = replay.requests().into_iter().map(|r| r.url).collect();
    assert!(
        urls[0].ends_with("/v1/things")
            && urls[1].ends_with("?next-token=t1")
            && urls[2].ends_with("?next-token=t2"),
        "{urls:?}"
    );
}

#[tokio::test]
async fn items_are_flattened_and_an_empty_token_ends() {
    let replay = StaticReplay::new(vec![page(&["a", "b"], Some("t1")), page(&["c"], Some(""))]);
    let items =
        collect(Paginator::<ListThings>::new(Some(handle(&replay)), Ok(Input::default())).items())
            .await;
    let items: Vec<String> = items
        .into_iter()
        .collect::<Result<_, _>>()
        .expect("items ok");
    assert_eq!(items, vec!["a", "b", "c"]);
    assert_eq!(replay.requests().len(), 2);
}

#[tokio::test]
async fn a_repeated_token_fails_instead_of_looping() {
    let replay = StaticReplay::new(vec![
        page(&["a"], Some("same")),
        page(&["b"], Some("same")),
        page(&["never"], None),
    ]);
    let pages =
        collect(Paginator::<ListThings>::new(Some(handle(&replay)), Ok(Input::default())).send())
            .await;
    assert_eq!(pages.len(), 3, "two pages, then the error");
    assert!(pages[0].is_ok() && pages[1].is_ok());
    let err = pages[2]
        .as_ref()
        .err()
        .map(ToString::to_string)
        .unwrap_or_default();
    assert!(err.contains("pagination token"), "{err}");
    assert_eq!(
        replay.requests().len(),
        2,
        "no request after the repeated token"
    );
}

#[tokio::test]
async fn an_error_ends_the_stream() {
    let replay = StaticReplay::new(vec![
        page(&["a"], Some("t1")),
        ReplayEvent::ok(HttpResponse::json(
            400,
            r#"{"__type":"ValidationException","message":"bad"}"#,
        )),
    ]);
    let pages =
        collect(Paginator::<ListThings>::new(Some(handle(&replay)), Ok(Input::default())).send())
            .await;
    assert_eq!(pages.len(), 2);
    assert!(pages[1].is_err());
}

#[tokio::test]
async fn a_bad_input_or_a_missing_client_is_the_only_item() {
    let mut missing = codeartifact_runtime::BuildError::new("ListThingsRequest");
    missing.missing.push("domain");
    let replay = StaticReplay::new(vec![]);
    let pages =
        collect(Paginator::<ListThings>::new(Some(handle(&replay)), Err(missing)).send()).await;
    assert_eq!(pages.len(), 1);
    let text = pages[0]
        .as_ref()
        .err()
        .map(ToString::to_string)
        .unwrap_or_default();
    assert!(text.contains("domain"), "{text}");
    let pages = collect(Paginator::<ListThings>::new(None, Ok(Input::default())).items()).await;
    assert_eq!(pages.len(), 1);
    assert!(pages[0].is_err());
    assert!(replay.requests().is_empty());
}
