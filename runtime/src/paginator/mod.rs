//! Paging through list operations. MINIMAL placeholder added by the codegen
//! helper so generated `into_paginator()` compiles; the client helper owns
//! this module and replaces it.

use crate::client::Handle;
use crate::error::BuildError;
use crate::operation::Paginated;

/// Pages of a paginated operation, following its continuation token.
pub struct Paginator<O: Paginated> {
    handle: Option<Handle>,
    input: Result<O::Input, BuildError>,
}

impl<O: Paginated> Paginator<O> {
    /// `handle` is `None` when the builder did not come from a client;
    /// `input` is the built first-page input.
    pub fn new(handle: Option<Handle>, input: Result<O::Input, BuildError>) -> Self {
        Self { handle, input }
    }

    /// The parts the paginator was made of.
    pub fn into_parts(self) -> (Option<Handle>, Result<O::Input, BuildError>) {
        (self.handle, self.input)
    }
}
