//! paginator
