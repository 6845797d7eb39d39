//! Text: tokens, sentences and offset maps, all in byte spans.

pub mod offsets;
pub mod segment;
pub mod tokens;

pub use offsets::{OffsetMap, Position};
pub use segment::{
    BoilerplateMatcher, BoilerplateScope, Segment, SegmentKind, SegmentRules, segment,
};
pub use tokens::{Token, TokenKind, tokenize};
