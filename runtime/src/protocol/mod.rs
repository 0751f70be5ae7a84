//! restJson1: turning documents into HTTP messages and back, driven by the
//! static tables of [`crate::schema`].
