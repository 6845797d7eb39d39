//! Holidays: the `holiday` lexicon's days (fixed dates, nth weekdays, Easter offsets) in the year the context gives.

use crate::extract::context::{Context, Groups};
use crate::model::span::ByteSpan;
use crate::model::value::{DateModifier, Value};
use crate::rules::DateParams;

/// The value of a `set.kind = "holiday"` match.
pub(crate) fn normalize(
    _p: &DateParams,
    _g: &Groups,
    _ctx: &Context,
    _span: ByteSpan,
    _modifier: Option<DateModifier>,
) -> Result<Value, String> {
    Err("holidays are not normalized yet".into())
}
