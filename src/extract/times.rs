//! Times of day: `8 PM`, `15:00 GMT Saturday`, `Friday afternoon`, `tonight` into TIMEX3 `TIME` values.

use crate::extract::context::{Context, Groups};
use crate::model::span::ByteSpan;
use crate::model::value::{DateModifier, Value};
use crate::rules::DateParams;

/// The value of a `set.kind = "time"` match.
pub(crate) fn normalize(
    _p: &DateParams,
    _g: &Groups,
    _ctx: &Context,
    _span: ByteSpan,
    _modifier: Option<DateModifier>,
) -> Result<Value, String> {
    Err("times of day are not normalized yet".into())
}
