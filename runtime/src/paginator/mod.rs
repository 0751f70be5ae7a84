//! Paginators: repeat a paginated operation, feeding each page's token into
//! the next request, as a `Stream` of pages or of items.
//!
//! The stream ends when a page has no (or an empty) token and fails when the
//! service hands back a token it already gave, which would loop forever.

use std::collections::{HashSet, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;

use crate::client::Handle;
use crate::error::{BuildError, ResponseError, SdkError};
use crate::operation::Paginated;

type PageFuture<O> = Pin<
    Box<
        dyn Future<
                Output = Result<
                    <O as crate::operation::Operation>::Output,
                    SdkError<<O as crate::operation::Operation>::Error>,
                >,
            > + Send,
    >,
>;

/// A paginated call, not yet started. The generated builders return it from
/// `into_paginator()`.
pub struct Paginator<O: Paginated> {
    handle: Option<Handle>,
    input: Result<O::Input, BuildError>,
}

impl<O: Paginated> Paginator<O>
where
    O::Input: Clone + Sync,
{
    /// `handle` is `None` when the builder did not come from a client;
    /// `input` is the built first-page input. Either problem is reported as
    /// the stream's only item.
    pub fn new(handle: Option<Handle>, input: Result<O::Input, BuildError>) -> Self {
        Self { handle, input }
    }

    /// The parts the paginator was made of.
    pub fn into_parts(self) -> (Option<Handle>, Result<O::Input, BuildError>) {
        (self.handle, self.input)
    }

    /// The pages, one request each, fetched lazily as the stream is polled.
    pub fn send(self) -> PageStream<O> {
        let (handle, next_input, failed) = match (self.handle, self.input) {
            (_, Err(e)) => (None, None, Some(SdkError::construction(e))),
            (None, Ok(_)) => {
                let e = SdkError::construction("the paginator was not created by a Client");
                (None, None, Some(e))
            }
            (Some(h), Ok(input)) => (Some(h), Some(input), None),
        };
        PageStream {
            handle,
            next_input,
            seen: HashSet::new(),
            in_flight: None,
            failed,
        }
    }

    /// The items of every page, in order.
    pub fn items(self) -> ItemStream<O> {
        ItemStream {
            pages: self.send(),
            buffered: VecDeque::new(),
        }
    }
}

/// The pages of a paginated call.
pub struct PageStream<O: Paginated> {
    handle: Option<Handle>,
    /// The input of the next request; `None` once the last page was fetched.
    next_input: Option<O::Input>,
    seen: HashSet<String>,
    in_flight: Option<PageFuture<O>>,
    /// Reported after the page that carried a repeated token.
    failed: Option<SdkError<O::Error>>,
}

// Nothing in the stream is structurally pinned: the future is boxed.
impl<O: Paginated> Unpin for PageStream<O> {}

impl<O: Paginated> PageStream<O>
where
    O::Input: Clone + Sync,
{
    /// The next page, `None` after the last one (no `StreamExt` needed).
    pub async fn next(&mut self) -> Option<Result<O::Output, SdkError<O::Error>>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// Every page, or the first error.
    pub async fn try_collect(mut self) -> Result<Vec<O::Output>, SdkError<O::Error>> {
        let mut pages = Vec::new();
        while let Some(page) = self.next().await {
            pages.push(page?);
        }
        Ok(pages)
    }
}

impl<O: Paginated> Stream for PageStream<O>
where
    O::Input: Clone + Sync,
{
    type Item = Result<O::Output, SdkError<O::Error>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        if let Some(e) = this.failed.take() {
            return Poll::Ready(Some(Err(e)));
        }
        if this.in_flight.is_none() {
            let (Some(input), Some(handle)) = (this.next_input.take(), this.handle.clone()) else {
                return Poll::Ready(None);
            };
            // The input is kept so the next page only changes its token.
            this.next_input = Some(input.clone());
            this.in_flight = Some(Box::pin(async move { handle.call::<O>(input).await }));
        }
        let Some(future) = this.in_flight.as_mut() else {
            return Poll::Ready(None);
        };
        let result = match future.as_mut().poll(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(result) => result,
        };
        this.in_flight = None;
        let output = match result {
            Ok(output) => output,
            Err(e) => {
                this.next_input = None;
                return Poll::Ready(Some(Err(e)));
            }
        };
        match O::next_token(&output).filter(|t| !t.is_empty()) {
            None => this.next_input = None,
            Some(token) if !this.seen.insert(token.to_owned()) => {
                this.next_input = None;
                let reason = format!(
                    "{}: the service returned a pagination token it had already returned",
                    O::SPEC.name
                );
                this.failed = Some(SdkError::Response(ResponseError::new(
                    200,
                    token.as_bytes(),
                    reason,
                    1,
                )));
            }
            Some(token) => {
                if let Some(input) = this.next_input.as_mut() {
                    O::set_token(input, Some(token.to_owned()));
                }
            }
        }
        Poll::Ready(Some(Ok(output)))
    }
}

/// The items of every page of a paginated call.
pub struct ItemStream<O: Paginated> {
    pages: PageStream<O>,
    buffered: VecDeque<O::Item>,
}

impl<O: Paginated> Unpin for ItemStream<O> {}

impl<O: Paginated> ItemStream<O>
where
    O::Input: Clone + Sync,
{
    /// The stream itself: lets the official SDK's spelling
    /// `into_paginator().items().send()` compile unchanged.
    pub fn send(self) -> Self {
        self
    }

    /// The next item, `None` after the last page's last item.
    pub async fn next(&mut self) -> Option<Result<O::Item, SdkError<O::Error>>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// Every item of every page, or the first error.
    pub async fn try_collect(mut self) -> Result<Vec<O::Item>, SdkError<O::Error>> {
        let mut items = Vec::new();
        while let Some(item) = self.next().await {
            items.push(item?);
        }
        Ok(items)
    }
}

impl<O: Paginated> Stream for ItemStream<O>
where
    O::Input: Clone + Sync,
{
    type Item = Result<O::Item, SdkError<O::Error>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if let Some(item) = this.buffered.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            match Pin::new(&mut this.pages).poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Err(e))) => return Poll::Ready(Some(Err(e))),
                Poll::Ready(Some(Ok(mut page))) => this.buffered.extend(O::take_items(&mut page)),
            }
        }
    }
}
