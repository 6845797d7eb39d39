//! Text: the rendering of a document into blocks, tokens, sentences and offset maps, all in byte spans.

pub mod offsets;
pub mod segment;
pub mod tokens;
pub mod view;

pub use offsets::{OffsetMap, Position};
pub use segment::{
    BoilerplateMatcher, BoilerplateScope, Segment, SegmentKind, SegmentRules, Why, segment,
};
pub use tokens::{Token, TokenKind, tokenize};
pub use view::{Block, BlockKind, Format, Piece, View};
