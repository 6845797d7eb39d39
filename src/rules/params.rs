//! What each normalizer accepts: the keys of a rule's `set` table with their values, and the captures it reads.
//!
//! A pattern rule is checked against its normalizer when the rules load, and its `set` table becomes typed
//! parameters, [`Params`]: a misspelt key (`knid`), an unknown kind (`rnage`), a capture the normalizer does
//! not read or an unknown normalizer is a rule-file error at the rule's line, where it used to be ignored or
//! refused on every match. This file is the one place that says what a normalizer takes; the normalizers in
//! [`crate::extract`] read the typed parameters.
//!
//! | normalizer | `set` keys | captures |
//! |---|---|---|
//! | `date` | `kind` ([`DateKind`], default `point`), `mod`, `timex`, `count`, `rel` | the fields of a point, each also with `_end` for a range's second point, and `yy_end`, `count`, `date_mod`, `dur_mod`, `set_word` |
//! | `percent` | `kind` ([`PercentKind`]), `unit` ([`PercentUnit`]), `context = "percent"` | `number`, `number_low`, `number_high`, `den`, `frac`, `sign`, `sign_word`, `percent_mod`, `direction`, `direction_after` |
//! | `money` | none | `currency`, `currency_after`, `number`, `number_low`, `number_high`, `scale`, `scale_low`, `sign`, `sign_word`, `amount_mod`, `direction`, `direction_after` |
//! | `quantity` | none | `number` and `unit` (both needed), `total`, `amount_mod` |
//! | `policy` | `category` (needed), `id` and `name` templates, `link = "required"` | `number`, `section`, `name`, and any capture its templates name |
//! | `organization` | `category` (needed) | `name` (needed) |
//!
//! Every rule may also capture `fact` (the fact's span, when the pattern needs context around it) and
//! `reject` (context that makes the match no fact), which matching handles for all normalizers.

use crate::model::value::DateModifier;
use std::collections::BTreeMap;

use super::show::excerpt;
use super::template::Template;
use crate::model::value::FactType;

/// The normalizer a pattern rule feeds (see [`crate::extract`] for each one's values).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Normalizer {
    /// Calendar dates, durations and recurrences ([`DateParams`]).
    Date,
    /// Percentages, percentage points and basis points ([`PercentParams`]).
    Percent,
    /// Counted nouns ([`QuantityParams`]).
    Quantity,
    /// Policy instruments ([`PolicyParams`]).
    Policy,
    /// Money ([`MoneyParams`]).
    Money,
    /// Organizations found by pattern ([`OrganizationParams`]).
    Organization,
}

impl Normalizer {
    /// Every normalizer, in the order rule authors meet them.
    pub const ALL: [Normalizer; 6] = [
        Normalizer::Date,
        Normalizer::Percent,
        Normalizer::Money,
        Normalizer::Quantity,
        Normalizer::Policy,
        Normalizer::Organization,
    ];

    /// Its name in rule files.
    pub fn as_str(self) -> &'static str {
        match self {
            Normalizer::Date => "date",
            Normalizer::Percent => "percent",
            Normalizer::Quantity => "quantity",
            Normalizer::Policy => "policy",
            Normalizer::Money => "money",
            Normalizer::Organization => "organization",
        }
    }

    /// The normalizer of a rule file's `normalizer = "…"`, or what is wrong with it.
    pub(super) fn parse(s: &str) -> Result<Normalizer, String> {
        Normalizer::ALL
            .into_iter()
            .find(|n| n.as_str() == s)
            .ok_or_else(|| {
                let names: Vec<&str> = Normalizer::ALL.map(Normalizer::as_str).to_vec();
                format!(
                    "unknown normalizer {}{} ({})",
                    excerpt(s),
                    did_you_mean(s, &names),
                    names.join(", ")
                )
            })
    }

    /// The fact type it produces.
    pub fn fact_type(self) -> FactType {
        match self {
            Normalizer::Date => FactType::Date,
            Normalizer::Percent => FactType::Percentage,
            Normalizer::Quantity => FactType::Quantity,
            Normalizer::Policy => FactType::Policy,
            Normalizer::Money => FactType::Money,
            Normalizer::Organization => FactType::Organization,
        }
    }

    /// The `set` keys it reads.
    pub fn set_keys(self) -> &'static [&'static str] {
        match self {
            Normalizer::Date => &["kind", "mod", "timex", "count", "rel"],
            Normalizer::Percent => &["kind", "unit", "context"],
            Normalizer::Money | Normalizer::Quantity => &[],
            Normalizer::Policy => &["category", "id", "name", "link"],
            Normalizer::Organization => &["category"],
        }
    }

    /// The captures it reads (a policy rule's templates may name more), besides `fact` and `reject`.
    pub fn captures(self) -> &'static [&'static str] {
        match self {
            Normalizer::Date => DATE_CAPTURES,
            Normalizer::Percent => &[
                "number",
                "number_low",
                "number_high",
                "den",
                "frac",
                "sign",
                "sign_word",
                "percent_mod",
                "direction",
                "direction_after",
            ],
            Normalizer::Money => &[
                "currency",
                "currency_after",
                "number",
                "number_low",
                "number_high",
                "scale",
                "scale_low",
                "sign",
                "sign_word",
                "amount_mod",
                "direction",
                "direction_after",
            ],
            Normalizer::Quantity => &["number", "unit", "total", "amount_mod"],
            Normalizer::Policy => &["number", "section", "name"],
            Normalizer::Organization => &["name"],
        }
    }

    /// The captures it cannot do without.
    pub fn required_captures(self) -> &'static [&'static str] {
        match self {
            Normalizer::Quantity => &["number", "unit"],
            Normalizer::Organization => &["name"],
            Normalizer::Date | Normalizer::Percent | Normalizer::Money | Normalizer::Policy => &[],
        }
    }
}

/// The fields of one date point, each read as is and with `_end` (the second point of a range).
const DATE_FIELDS: &[&str] = &[
    "year",
    "month",
    "month_num",
    "day",
    "weekday",
    "quarter",
    "half",
    "season",
    "decade",
    "decade2",
    "century",
    "fy",
    "fy_yy",
    "rel",
    "week_rel",
    "year_rel",
    "deictic",
    "date_unit",
];

/// Every capture the date normalizer reads: [`DATE_FIELDS`], the same with `_end`, and the rest.
const DATE_CAPTURES: &[&str] = &[
    // Times of day (`set.kind = "time"`, src/extract/times.rs).
    "hour",
    "minute",
    "second",
    "ampm",
    "tz",
    "part_of_day",
    // Holidays (`set.kind = "holiday"`, src/extract/holidays.rs).
    "holiday",
    "year",
    "month",
    "month_num",
    "day",
    "weekday",
    "quarter",
    "half",
    "season",
    "decade",
    "decade2",
    "century",
    "fy",
    "fy_yy",
    "rel",
    "week_rel",
    "year_rel",
    "deictic",
    "date_unit",
    "year_end",
    "month_end",
    "month_num_end",
    "day_end",
    "weekday_end",
    "quarter_end",
    "half_end",
    "season_end",
    "decade_end",
    "decade2_end",
    "century_end",
    "fy_end",
    "fy_yy_end",
    "rel_end",
    "week_rel_end",
    "year_rel_end",
    "deictic_end",
    "date_unit_end",
    "yy_end",
    "count",
    "date_mod",
    "dur_mod",
    "set_word",
];

/// A rule's `set` table, typed by its normalizer.
#[derive(Clone, Debug, PartialEq)]
pub enum Params {
    /// `normalizer = "date"`.
    Date(DateParams),
    /// `normalizer = "percent"`.
    Percent(PercentParams),
    /// `normalizer = "money"`.
    Money(MoneyParams),
    /// `normalizer = "quantity"`.
    Quantity(QuantityParams),
    /// `normalizer = "policy"`.
    Policy(PolicyParams),
    /// `normalizer = "organization"`.
    Organization(OrganizationParams),
}

impl Params {
    /// The normalizer they are for.
    pub fn normalizer(&self) -> Normalizer {
        match self {
            Params::Date(_) => Normalizer::Date,
            Params::Percent(_) => Normalizer::Percent,
            Params::Money(_) => Normalizer::Money,
            Params::Quantity(_) => Normalizer::Quantity,
            Params::Policy(_) => Normalizer::Policy,
            Params::Organization(_) => Normalizer::Organization,
        }
    }
}

/// The `set` table of a date rule.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DateParams {
    /// `kind`: what the expression is.
    pub kind: DateKind,
    /// `mod`: the TIMEX3 `mod` when no `date_mod` or `dur_mod` capture gives one.
    pub modifier: Option<DateModifier>,
    /// `timex`: the value of a `set` kind when no `set_word` capture gives one.
    pub timex: Option<String>,
    /// `count`: the count of units when there is no `count` capture (`half a year`: 0.5).
    pub count: Option<f64>,
    /// `rel`: the direction of a relative point when there is no `rel` capture (`the year after next`: 2).
    pub rel: Option<i32>,
}

macro_rules! kinds {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $s:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
        }

        impl $name {
            /// Every value, in the order of the docs.
            pub const ALL: &[$name] = &[$($name::$variant,)+];

            /// Its name in rule files.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $s,)+
                }
            }

            fn parse(s: &str) -> Option<$name> {
                $name::ALL.iter().copied().find(|k| k.as_str() == s)
            }

            fn names() -> Vec<&'static str> {
                $name::ALL.iter().map(|k| k.as_str()).collect()
            }
        }
    };
}

kinds! {
    /// `set.kind` of a date rule: which expression the captures describe.
    DateKind {
        /// A calendar point: a day, month, year, quarter, season, fiscal year, decade or century, absolute or
        /// relative (`March 3, 2025`, `next Tuesday`, `last year`).
        #[default]
        Point = "point",
        /// Two points (`from March to June 2025`), a field missing on one side taken from the other.
        Range = "range",
        /// `the week of March 3`: the ISO week holding a day.
        WeekOf = "week_of",
        /// A duration from `count` and `date_unit` (`three years` → `P3Y`).
        Duration = "duration",
        /// A recurrence (`every month`): `set_word` or `set.timex`, else a duration.
        Set = "set",
        /// `two years ago`: the period that many units before the publication date.
        Ago = "ago",
        /// `earlier this year`: the current period up to the day before the publication date.
        Earlier = "earlier",
        /// `later this month`: the current period from the day after the publication date.
        Later = "later",
        /// `the rest of the week`: the current period from the publication date.
        Rest = "rest",
        /// `the next 3 days`: whole units after the publication date.
        NextN = "next_n",
        /// `the past 2 decades`: whole units before the publication date.
        PastN = "past_n",
        /// `within 5 years`: from the publication date through the day before the last unit ends.
        Within = "within",
        /// `two weeks from now`: the day that many units after the publication date.
        FromNow = "from_now",
        /// `in 3 weeks`: as `from_now`, in a future-tense sentence only.
        InN = "in_n",
        /// `1 year 1 month 21 days`: count-unit pairs as one duration.
        Compound = "compound",
        /// `1 year and 2 months ago`: the day that long before the publication date.
        CompoundAgo = "compound_ago",
        /// `within 1 year and 2 months`: from the publication date through the day before that long after.
        CompoundWithin = "compound_within",
        /// `8 PM`, `Friday afternoon`, `tonight`: a time of day or a part of a day, on a day the captures or the
        /// publication date give (TIMEX3 type `TIME`).
        Time = "time",
        /// `Thanksgiving`, `Christmas Eve`: a day of the `holiday` lexicon in the year the context gives.
        Holiday = "holiday",
        /// `now`, `recently`, `the future`: `set.timex` (`PRESENT_REF`, `PAST_REF`, `FUTURE_REF`) as a date.
        Reference = "reference",
    }
}

/// The `set` table of a percent rule.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PercentParams {
    /// `kind`: how the captures give the amount.
    pub kind: PercentKind,
    /// `unit`: what the amount counts.
    pub unit: PercentUnit,
    /// `context = "percent"`: only in a sentence that speaks of a percentage (`fell 3 points`).
    pub needs_percent_context: bool,
}

kinds! {
    /// `set.kind` of a percent rule.
    PercentKind {
        /// `number` (or `number_low` and `number_high`) is the amount.
        #[default]
        Amount = "amount",
        /// `number` in `den` (`one in two` → 50).
        Ratio = "ratio",
        /// `frac` (`1/4 of`, `one quarter of` → 25).
        Fraction = "fraction",
    }
}

kinds! {
    /// `set.unit` of a percent rule: the value's `unit`.
    PercentUnit {
        /// Percent: the value has a `fraction` too.
        #[default]
        Percent = "percent",
        /// Percentage points.
        PercentagePoint = "percentage_point",
        /// Basis points.
        BasisPoint = "basis_point",
    }
}

/// The `set` table of a money rule: it has no keys (the currency, scale and amount are captured).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MoneyParams;

/// The `set` table of a quantity rule: it has no keys (the number and unit are captured).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QuantityParams;

/// The `set` table of a policy rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyParams {
    /// `category`: the instrument's category (`executive_order`, `provision`, `statute`, …).
    pub category: String,
    /// `id`: a template over the captures (`eo-{number}`, `{name|slug}`); no id without one.
    pub id: Option<Template>,
    /// `name`: a template over the captures; without one, the `name` capture or the fact's text.
    pub name: Option<Template>,
    /// `link`: what reference resolution does with a match it links to nothing.
    pub link: Link,
}

kinds! {
    /// `set.link` of a policy rule: see `resolve::coref`.
    Link {
        /// A match that names no identified instrument stays as it is.
        #[default]
        Optional = "optional",
        /// A match that names no identified instrument is dropped (`the order` of `the order of magnitude`).
        Required = "required",
    }
}

/// The `set` table of an organization rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrganizationParams {
    /// `category`: the organization's category (`agency`, `company`, `research`, `university`).
    pub category: String,
}

/// Checks a rule's `set` table and the capture names of its pattern against its normalizer: the typed
/// parameters, or every problem found.
pub(super) fn check(
    normalizer: Normalizer,
    set: BTreeMap<String, String>,
    captures: &[String],
) -> Result<Params, Vec<String>> {
    let mut s = Set {
        normalizer,
        map: set,
        errors: Vec::new(),
    };
    let params = match normalizer {
        Normalizer::Date => Params::Date(DateParams {
            kind: s.kind("kind", DateKind::parse, DateKind::names),
            modifier: s.parse("mod", |v| {
                v.parse::<DateModifier>().map_err(|e| e.to_string())
            }),
            timex: s.take("timex"),
            count: s.parse("count", |v| {
                v.parse::<f64>().map_err(|_| "is not a number".to_string())
            }),
            rel: s.parse("rel", |v| {
                v.parse::<i32>()
                    .map_err(|_| "is not a whole number".to_string())
            }),
        }),
        Normalizer::Percent => Params::Percent(PercentParams {
            kind: s.kind("kind", PercentKind::parse, PercentKind::names),
            unit: s.kind("unit", PercentUnit::parse, PercentUnit::names),
            needs_percent_context: s
                .parse("context", |v| match v {
                    "percent" => Ok(true),
                    _ => Err("is not \"percent\", the one context".to_string()),
                })
                .unwrap_or(false),
        }),
        Normalizer::Money => Params::Money(MoneyParams),
        Normalizer::Quantity => Params::Quantity(QuantityParams),
        Normalizer::Policy => Params::Policy(PolicyParams {
            category: s.category(),
            id: s.parse("id", Template::parse),
            name: s.parse("name", Template::parse),
            link: s.kind("link", Link::parse, Link::names),
        }),
        Normalizer::Organization => Params::Organization(OrganizationParams {
            category: s.category(),
        }),
    };
    s.unknown_keys();
    let mut errors = s.errors;
    let mut accepted: Vec<&str> = normalizer.captures().to_vec();
    if let Params::Policy(p) = &params {
        for (key, template) in [("id", &p.id), ("name", &p.name)] {
            for var in template.iter().flat_map(super::template::Template::vars) {
                if captures.iter().any(|c| c == var) {
                    accepted.push(var);
                } else {
                    errors.push(format!(
                        "template variable {} in set.{key} is not a capture of the pattern",
                        excerpt(var)
                    ));
                }
            }
        }
    }
    for name in captures {
        if name == "fact" || name == "reject" || accepted.contains(&name.as_str()) {
            continue;
        }
        errors.push(format!(
            "unknown capture {}{}: the {} normalizer reads {}",
            excerpt(name),
            did_you_mean(name, &accepted),
            normalizer.as_str(),
            reads(normalizer)
        ));
    }
    for need in normalizer.required_captures() {
        if !captures.iter().any(|c| c == need) {
            errors.push(format!(
                "the {:?} normalizer needs a capture named {need:?}",
                normalizer.as_str()
            ));
        }
    }
    if errors.is_empty() {
        Ok(params)
    } else {
        Err(errors)
    }
}

/// What a normalizer reads, for an error message: its captures, with the date fields said once.
fn reads(normalizer: Normalizer) -> String {
    let mut out = match normalizer {
        Normalizer::Date => {
            let rest: Vec<&str> = DATE_CAPTURES
                .iter()
                .copied()
                .filter(|c| !DATE_FIELDS.contains(c) && !c.ends_with("_end"))
                .chain(["yy_end"])
                .collect();
            format!(
                "{} (each also with _end), {}",
                DATE_FIELDS.join(", "),
                rest.join(", ")
            )
        }
        n => n.captures().join(", "),
    };
    if normalizer == Normalizer::Policy {
        out.push_str(" and the captures its templates name");
    }
    out.push_str(", besides fact and reject");
    out
}

/// A rule's `set` table as its keys are taken: what is left at the end is unknown.
struct Set {
    normalizer: Normalizer,
    map: BTreeMap<String, String>,
    errors: Vec<String>,
}

impl Set {
    fn take(&mut self, key: &str) -> Option<String> {
        self.map.remove(key)
    }

    /// The value of `key` through `parse`; a value it refuses is an error.
    fn parse<T>(&mut self, key: &str, parse: impl Fn(&str) -> Result<T, String>) -> Option<T> {
        let value = self.map.remove(key)?;
        match parse(&value) {
            Ok(v) => Some(v),
            Err(e) => {
                self.errors
                    .push(format!("set.{key} {} {e}", excerpt(&value)));
                None
            }
        }
    }

    /// A kind-like key: one of a closed list of names, the first by default.
    fn kind<K: Default>(
        &mut self,
        key: &str,
        parse: fn(&str) -> Option<K>,
        names: fn() -> Vec<&'static str>,
    ) -> K {
        let normalizer = self.normalizer.as_str();
        self.parse(key, |v| {
            parse(v).ok_or_else(|| {
                let names = names();
                format!(
                    "is not a {normalizer} {key}{} ({})",
                    did_you_mean(v, &names),
                    names.join(", ")
                )
            })
        })
        .unwrap_or_default()
    }

    /// `set.category`, which policy and organization rules need.
    fn category(&mut self) -> String {
        match self.take("category") {
            Some(c) if !c.trim().is_empty() => c,
            _ => {
                self.errors.push(format!(
                    "{} rules need a non-empty set.category",
                    self.normalizer.as_str()
                ));
                String::new()
            }
        }
    }

    fn unknown_keys(&mut self) {
        let known = self.normalizer.set_keys();
        for key in std::mem::take(&mut self.map).into_keys() {
            let reads = if known.is_empty() {
                "no set keys".to_string()
            } else {
                known.join(", ")
            };
            self.errors.push(format!(
                "unknown set key {}{}: the {} normalizer reads {reads}",
                excerpt(&key),
                did_you_mean(&key, known),
                self.normalizer.as_str()
            ));
        }
    }
}

/// ` (did you mean "kind"?)` when one of `names` is a typo away from `s` (one or two edits, a swap of two
/// neighbours counting as one), else nothing.
pub(super) fn did_you_mean(s: &str, names: &[&str]) -> String {
    let limit = if s.chars().count() <= 4 { 1 } else { 2 };
    names
        .iter()
        .map(|n| (edit_distance(s, n), *n))
        .filter(|&(d, _)| d <= limit)
        .min_by_key(|&(d, _)| d)
        .map_or_else(String::new, |(_, n)| format!(" (did you mean {n:?}?)"))
}

/// The optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours.
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    // Names are short; anything long is no typo of one.
    if a.len().abs_diff(b.len()) > 2 || a.len() > 64 || b.len() > 64 {
        return usize::MAX;
    }
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn caps(names: &[&str]) -> Vec<String> {
        names.iter().map(std::string::ToString::to_string).collect()
    }

    #[test]
    fn every_kind_round_trips_and_date_kinds_are_seventeen() {
        assert_eq!(DateKind::ALL.len(), 20);
        for &k in DateKind::ALL {
            assert_eq!(DateKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(DateKind::default(), DateKind::Point);
        for n in Normalizer::ALL {
            assert_eq!(Normalizer::parse(n.as_str()), Ok(n));
        }
    }

    #[test]
    fn sets_become_typed_params() {
        let p = check(
            Normalizer::Date,
            set(&[("kind", "past_n"), ("count", "0.5"), ("rel", "2")]),
            &caps(&["date_unit", "fact"]),
        );
        assert_eq!(
            p,
            Ok(Params::Date(DateParams {
                kind: DateKind::PastN,
                count: Some(0.5),
                rel: Some(2),
                ..DateParams::default()
            }))
        );
        let p = check(
            Normalizer::Percent,
            set(&[("unit", "basis_point"), ("context", "percent")]),
            &caps(&["number"]),
        );
        assert_eq!(
            p,
            Ok(Params::Percent(PercentParams {
                kind: PercentKind::Amount,
                unit: PercentUnit::BasisPoint,
                needs_percent_context: true,
            }))
        );
        let Ok(Params::Policy(p)) = check(
            Normalizer::Policy,
            set(&[
                ("category", "statute"),
                ("id", "usc-{title}-{section|slug}"),
            ]),
            &caps(&["title", "section"]),
        ) else {
            panic!("a policy rule")
        };
        assert_eq!((p.category.as_str(), p.link), ("statute", Link::Optional));
    }

    /// Each table row: a normalizer, its `set`, its captures, and the start of the one error expected.
    #[test]
    fn what_a_normalizer_does_not_read_is_an_error() {
        type Case<'a> = (Normalizer, &'a [(&'a str, &'a str)], &'a [&'a str], &'a str);
        let cases: &[Case] = &[
            (
                Normalizer::Date,
                &[("knid", "range")],
                &[],
                "unknown set key \"knid\" (did you mean \"kind\"?): the date normalizer reads kind, mod",
            ),
            (
                Normalizer::Date,
                &[("kind", "rnage")],
                &[],
                "set.kind \"rnage\" is not a date kind (did you mean \"range\"?) (point, range,",
            ),
            (
                Normalizer::Date,
                &[],
                &["yaer"],
                "unknown capture \"yaer\" (did you mean \"year\"?): the date normalizer reads year,",
            ),
            (
                Normalizer::Date,
                &[("count", "many")],
                &[],
                "set.count \"many\" is not a number",
            ),
            (
                Normalizer::Percent,
                &[("unit", "permille")],
                &["number"],
                "set.unit \"permille\" is not a percent unit (percent, percentage_point, basis_point)",
            ),
            (
                Normalizer::Percent,
                &[("context", "money")],
                &["number"],
                "set.context \"money\" is not \"percent\"",
            ),
            (
                Normalizer::Money,
                &[("unit", "USD")],
                &["number", "currency"],
                "unknown set key \"unit\": the money normalizer reads no set keys",
            ),
            (
                Normalizer::Quantity,
                &[],
                &["number"],
                "the \"quantity\" normalizer needs a capture named \"unit\"",
            ),
            (
                Normalizer::Policy,
                &[],
                &[],
                "policy rules need a non-empty set.category",
            ),
            (
                Normalizer::Policy,
                &[("category", "statute"), ("id", "pl-{numbr}")],
                &["number"],
                "template variable \"numbr\" in set.id is not a capture of the pattern",
            ),
            (
                Normalizer::Policy,
                &[("category", "statute"), ("name", "{name|upper}")],
                &["name"],
                "set.name \"{name|upper}\" uses an unknown filter \"upper\" (the one filter is slug)",
            ),
            (
                Normalizer::Policy,
                &[("category", "executive_order"), ("link", "requird")],
                &[],
                "set.link \"requird\" is not a policy link (did you mean \"required\"?)",
            ),
            (
                Normalizer::Policy,
                &[("category", "treaty")],
                &["name", "year"],
                "unknown capture \"year\": the policy normalizer reads number, section, name and the \
                 captures its templates name",
            ),
            (
                Normalizer::Organization,
                &[("category", "agency")],
                &["name", "unit"],
                "unknown capture \"unit\": the organization normalizer reads name",
            ),
        ];
        for (normalizer, s, c, want) in cases {
            let errors = check(*normalizer, set(s), &caps(c)).unwrap_err();
            assert_eq!(errors.len(), 1, "{errors:?}");
            assert!(
                errors[0].starts_with(want),
                "{}\nexpected {want}",
                errors[0]
            );
        }
    }

    #[test]
    fn template_variables_are_captures_the_policy_normalizer_accepts() {
        let p = check(
            Normalizer::Policy,
            set(&[("category", "provision"), ("name", "{kind} {section}")]),
            &caps(&["kind", "section"]),
        );
        assert!(p.is_ok(), "{p:?}");
    }

    #[test]
    fn typos_get_a_suggestion() {
        assert_eq!(
            did_you_mean("knid", &["kind", "mod"]),
            " (did you mean \"kind\"?)"
        );
        assert_eq!(did_you_mean("sideways", &["date", "percent"]), "");
        assert_eq!(did_you_mean("mod", &["kind"]), "");
        assert_eq!(edit_distance("rnage", "range"), 1);
        assert_eq!(edit_distance("ab", "abc"), 1);
        assert_eq!(
            edit_distance("a", "abcd"),
            usize::MAX,
            "too far apart to compare"
        );
    }
}
