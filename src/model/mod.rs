//! The vocabulary: spans, calendar dates, fact values, and names as records and messages show them. It
//! imports nothing else of the crate, so every stage can use it.

pub mod date;
pub mod names;
pub mod span;
pub mod util;
pub mod value;
