//! Static descriptions of the model's shapes and operations.
//!
//! The code generator emits one `static` of these types per shape and per
//! operation. Everything in the runtime that has to know about a shape's wire
//! form (the restJson1 request builder and response parser, the server-side
//! request parser, model validation) reads these tables instead of being
//! generated per operation, so the shared logic is compiled once.

/// A shape of the model, as the code generator saw it.
#[derive(Debug)]
pub struct Shape {
    /// The shape's name in the model, e.g. `PackageVersionStatus`.
    pub name: &'static str,
    pub kind: ShapeKind,
    /// `true` when the model marks the shape sensitive: its values never
    /// appear in `Debug` output, logs or error messages.
    pub sensitive: bool,
}

/// Inclusive bounds from the model's `min`/`max` (length for strings, blobs,
/// lists and maps; value for numbers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Bounds {
    pub min: Option<i64>,
    pub max: Option<i64>,
}

#[derive(Debug)]
pub enum ShapeKind {
    String {
        length: Bounds,
        pattern: Option<&'static Pattern>,
        /// Known values when the string is an enum; empty otherwise.
        enum_values: &'static [&'static str],
    },
    Integer {
        range: Bounds,
    },
    Long {
        range: Bounds,
    },
    Boolean,
    /// Epoch seconds (fractions allowed) in JSON bodies.
    Timestamp,
    Blob {
        length: Bounds,
        streaming: bool,
    },
    List {
        member: &'static Shape,
        length: Bounds,
    },
    Map {
        key: &'static Shape,
        value: &'static Shape,
        length: Bounds,
    },
    Structure(&'static StructureSpec),
}

#[derive(Debug)]
pub struct StructureSpec {
    pub members: &'static [Member],
    /// Set on error shapes.
    pub error: Option<ErrorInfo>,
}

#[derive(Debug)]
pub struct ErrorInfo {
    /// Default HTTP status of the error.
    pub status: u16,
    /// `true` for server faults (5xx), `false` for client errors.
    pub fault: bool,
}

/// A member of a structure.
#[derive(Debug)]
pub struct Member {
    /// The member's name in the model (`domainOwner`). It is the key in the
    /// JSON body and in the `serde_json::Value` documents the runtime passes
    /// around, whatever the member is bound to.
    pub name: &'static str,
    pub target: &'static Shape,
    pub required: bool,
    pub location: Location,
}

/// Where a member travels in the HTTP message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// A key of the JSON body.
    Body,
    /// A query parameter with this name (lists repeat the key).
    Query(&'static str),
    /// A header with this name.
    Header(&'static str),
    /// A `{label}` in the URI path.
    Label(&'static str),
    /// The whole HTTP body (a streaming blob here).
    Payload,
}

/// A model `pattern`, compiled by the code generator into a sequence of
/// quantified character classes (the only regular-expression form the model
/// uses). The generator refuses any pattern it cannot express this way.
#[derive(Debug)]
pub struct Pattern {
    /// The pattern as written in the model, for error messages.
    pub source: &'static str,
    pub atoms: &'static [Atom],
}

/// One character class with a repetition count. `max: None` is unbounded.
#[derive(Debug)]
pub struct Atom {
    pub class: CharClass,
    pub min: u32,
    pub max: Option<u32>,
}

#[derive(Debug)]
pub struct CharClass {
    pub negated: bool,
    pub items: &'static [ClassItem],
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClassItem {
    /// An inclusive range of characters (a single character is `Range(c, c)`).
    Range(char, char),
    /// `\s`: ASCII whitespace as Java and the model mean it
    /// (space, `\t`, `\n`, `\x0B`, `\x0C`, `\r`).
    Whitespace,
    /// `\S`.
    NotWhitespace,
    /// `\d`.
    Digit,
    /// `\p{IsWhitespace}`: Unicode white space.
    UnicodeWhitespace,
    /// `\p{C}`: Unicode "Other" (control, format, unassigned, private use,
    /// surrogate).
    Other,
    /// `\P{C}`.
    NotOther,
}

/// How an operation travels over HTTP.
#[derive(Debug)]
pub struct OperationSpec {
    /// Operation name in the model, e.g. `UpdatePackageVersionsStatus`.
    pub name: &'static str,
    /// HTTP method in upper case.
    pub method: &'static str,
    /// The request URI from the model, e.g. `/v1/package/versions/update_status`,
    /// possibly with `{label}` segments and a literal query after `?`.
    pub uri: &'static str,
    /// Status code of a successful response.
    pub success_status: u16,
    pub input: &'static Shape,
    pub output: &'static Shape,
    /// The modeled errors, by shape. Their `ErrorInfo` gives status and fault.
    pub errors: &'static [&'static Shape],
    /// Set for the operations the model paginates.
    pub paginator: Option<&'static PaginatorSpec>,
}

/// Pagination metadata (`paginators-1.json`).
#[derive(Debug)]
pub struct PaginatorSpec {
    /// Input member that carries the token (`nextToken`).
    pub input_token: &'static str,
    /// Output member that carries the next token.
    pub output_token: &'static str,
    /// Input member for the page size, when there is one.
    pub limit_key: Option<&'static str>,
    /// Output member holding the items.
    pub items: &'static str,
}

/// The service as a whole.
#[derive(Debug)]
pub struct ServiceSpec {
    /// SigV4 signing name, e.g. `codeartifact`.
    pub signing_name: &'static str,
    /// Endpoint prefix, e.g. `codeartifact`.
    pub endpoint_prefix: &'static str,
    pub service_id: &'static str,
    pub api_version: &'static str,
    pub operations: &'static [&'static OperationSpec],
    /// The model's endpoint rule set (`endpoint-rule-set-1.json`), verbatim.
    pub endpoint_rule_set: &'static str,
    /// botocore's `partitions.json`, verbatim.
    pub partitions: &'static str,
}

impl Shape {
    /// The structure members, or an empty slice for other shapes.
    pub fn members(&self) -> &'static [Member] {
        match self.kind {
            ShapeKind::Structure(s) => s.members,
            _ => &[],
        }
    }

    /// The member named `name` (model name), if this is a structure that has it.
    pub fn member(&self, name: &str) -> Option<&'static Member> {
        self.members().iter().find(|m| m.name == name)
    }

    /// The member bound to the HTTP payload, if any.
    pub fn payload_member(&self) -> Option<&'static Member> {
        self.members()
            .iter()
            .find(|m| m.location == Location::Payload)
    }

    /// Error metadata when this is an error shape.
    pub fn error_info(&self) -> Option<&'static ErrorInfo> {
        match self.kind {
            ShapeKind::Structure(s) => s.error.as_ref(),
            _ => None,
        }
    }
}

impl OperationSpec {
    /// The modeled error with the given code (shape name), if any.
    pub fn error(&self, code: &str) -> Option<&'static Shape> {
        self.errors.iter().copied().find(|e| e.name == code)
    }
}
