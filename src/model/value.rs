//! The values facts carry, and the kinds of fact and claim: the vocabulary every stage speaks, serialized as
//! the record writes them.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::model::span::{ByteSpan, CharSpan};

/// Declares a closed set of names: a fieldless enum that serializes to, parses from ([`std::str::FromStr`])
/// and displays as exactly the strings listed beside its variants, with `ALL` in declaration order. The
/// strings are written once, here, so the record, the rule files and the code cannot drift apart.
macro_rules! names {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $($(#[$vmeta:meta])* $variant:ident = $text:literal,)+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
        }

        impl $name {
            /// Every name, in declaration order.
            pub const ALL: &[$name] = &[$($name::$variant,)+];

            /// The name as records and rule files write it.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.pad(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = UnknownName;

            fn from_str(s: &str) -> Result<$name, UnknownName> {
                $name::ALL.iter().copied().find(|v| v.as_str() == s).ok_or_else(|| UnknownName {
                    what: stringify!($name),
                    name: s.to_string(),
                    known: $name::ALL.iter().map(|v| v.as_str()).collect(),
                })
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<$name, D::Error> {
                let s = std::borrow::Cow::<str>::deserialize(deserializer)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

/// A name outside one of the closed sets of this module (a lexicon value that is not a modifier, say).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{name:?} is not a {what}; expected one of {}", known.join(", "))]
pub struct UnknownName {
    what: &'static str,
    name: String,
    known: Vec<&'static str>,
}

/// The kinds of fact.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FactType {
    /// A calendar expression.
    Date,
    /// A percentage, percentage-point or basis-point figure.
    Percentage,
    /// An amount of money.
    Money,
    /// A counted noun.
    Quantity,
    /// An organization.
    Organization,
    /// A policy instrument.
    Policy,
}

impl FactType {
    /// Every fact type, in record order.
    pub const ALL: [FactType; 6] = [
        FactType::Date,
        FactType::Percentage,
        FactType::Money,
        FactType::Quantity,
        FactType::Organization,
        FactType::Policy,
    ];

    /// The name used in rule files and records.
    pub fn as_str(self) -> &'static str {
        match self {
            FactType::Date => "date",
            FactType::Percentage => "percentage",
            FactType::Money => "money",
            FactType::Quantity => "quantity",
            FactType::Organization => "organization",
            FactType::Policy => "policy",
        }
    }

    /// Parses a rule file's `type`.
    pub fn parse(s: &str) -> Option<FactType> {
        FactType::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// The claim kind this fact makes a sentence.
    pub fn claim_kind(self) -> ClaimKind {
        match self {
            FactType::Date => ClaimKind::Temporal,
            FactType::Percentage | FactType::Money | FactType::Quantity => ClaimKind::Statistic,
            FactType::Organization => ClaimKind::Organization,
            FactType::Policy => ClaimKind::Policy,
        }
    }
}

impl std::fmt::Display for FactType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

/// What makes a claim checkable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimKind {
    /// Holds a percentage, money or quantity.
    Statistic,
    /// Holds a date.
    Temporal,
    /// Holds a policy instrument.
    Policy,
    /// Holds an organization.
    Organization,
}

impl ClaimKind {
    /// Every claim kind, in record order.
    pub const ALL: [ClaimKind; 4] = [
        ClaimKind::Statistic,
        ClaimKind::Temporal,
        ClaimKind::Policy,
        ClaimKind::Organization,
    ];

    /// The name records write.
    pub fn as_str(self) -> &'static str {
        match self {
            ClaimKind::Statistic => "statistic",
            ClaimKind::Temporal => "temporal",
            ClaimKind::Policy => "policy",
            ClaimKind::Organization => "organization",
        }
    }
}

impl std::fmt::Display for ClaimKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

/// A normalized value; its shape depends on the fact type.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(untagged)]
pub enum Value {
    /// A date.
    Date(DateValue),
    /// A percentage.
    Percentage(PercentValue),
    /// An amount of money.
    Money(MoneyValue),
    /// A counted noun.
    Quantity(QuantityValue),
    /// An organization.
    Organization(OrganizationValue),
    /// A policy instrument.
    Policy(PolicyValue),
}

names! {
    /// What a date value denotes (TIMEX3 `type`).
    pub enum DateType {
        /// A calendar point or period: a day, a month, a quarter, a range of them.
        Date = "DATE",
        /// A length of time: `P30D` for "30 days".
        Duration = "DURATION",
        /// A recurrence: `P1Y` for "annually".
        Set = "SET",
        /// A time of day, or a part of a day: `2013-03-22T20:00`, `2013-03-22TAF`.
        Time = "TIME",
    }
}

names! {
    /// The unit of the period a date value covers.
    pub enum Granularity {
        /// One calendar day.
        Day = "day",
        /// An ISO week.
        Week = "week",
        /// A calendar month.
        Month = "month",
        /// A calendar quarter.
        Quarter = "quarter",
        /// A half year.
        Half = "half",
        /// A meteorological season.
        Season = "season",
        /// A calendar year.
        Year = "year",
        /// A US federal fiscal year.
        FiscalYear = "fiscal_year",
        /// A decade.
        Decade = "decade",
        /// A century.
        Century = "century",
        /// A minute of a day (`8:15 p.m.`).
        Minute = "minute",
        /// An hour of a day (`8 PM`).
        Hour = "hour",
        /// A part of a day: morning, afternoon, evening, night (`TMO`, `TAF`, `TEV`, `TNI`).
        PartOfDay = "part_of_day",
        /// The present, the past or the future as a whole (`PRESENT_REF`, `PAST_REF`, `FUTURE_REF`).
        Reference = "reference",
        /// A length of time, not a period on the calendar (the value of a [`DateType::Duration`] or
        /// [`DateType::Set`]).
        Duration = "duration",
    }
}

names! {
    /// How a date value qualifies its period (TIMEX3 `mod`): a part of it, or an open bound.
    pub enum DateModifier {
        /// Strictly before: "before 2030".
        Before = "BEFORE",
        /// Strictly after: "after 2026".
        After = "AFTER",
        /// At the latest: "by 2027", "until 2028".
        OnOrBefore = "ON_OR_BEFORE",
        /// At the earliest: "since 2019".
        OnOrAfter = "ON_OR_AFTER",
        /// A shorter duration: "less than two years".
        LessThan = "LESS_THAN",
        /// A longer duration: "more than a decade".
        MoreThan = "MORE_THAN",
        /// At most this long: "up to 90 days".
        EqualOrLess = "EQUAL_OR_LESS",
        /// At least this long: "at least five years".
        EqualOrMore = "EQUAL_OR_MORE",
        /// The first part: "early 2026".
        Start = "START",
        /// The middle part: "mid-2026".
        Mid = "MID",
        /// The last part: "late 2026".
        End = "END",
        /// Roughly: "around 2030".
        Approx = "APPROX",
    }
}

names! {
    /// How an amount (percentage, money, quantity) qualifies its number.
    pub enum AmountModifier {
        /// Roughly: "about 40 percent".
        Approx = "APPROX",
        /// Strictly more: "more than $1 billion".
        MoreThan = "MORE_THAN",
        /// Strictly less: "fewer than 10 agencies".
        LessThan = "LESS_THAN",
        /// This or more: "at least 5 percent".
        AtLeast = "AT_LEAST",
        /// This or less: "up to $50 million".
        AtMost = "AT_MOST",
    }
}

names! {
    /// How an organization was found.
    pub enum OrganizationSource {
        /// By one of the gazetteer's names for it.
        Gazetteer = "gazetteer",
        /// By a pattern rule, without a gazetteer entry.
        Pattern = "pattern",
        /// By an acronym the document itself defines.
        Acronym = "acronym",
    }
}

/// Whether a value `got` (as JSON, the way records write it) holds everything `expected` states: the one
/// meaning of "the value matches" for rule examples (`rules test`) and gold annotations (`eval`).
///
/// * An object matches when each of its fields matches the same field of `got`; a field `got` lacks counts as
///   `null`, so `{"mod": null}` says "no modifier". Fields `expected` does not name are not compared.
/// * Numbers match numerically, within a relative 10⁻⁹: `74` matches `74.0`, and a decimal written in a rule
///   file matches the same figure computed in binary floating point.
/// * Arrays match element by element, and must be as long.
/// * Anything else must be equal: `"2026"` does not match `"2026-01"`, nor `1` `"1"`.
pub fn value_matches(expected: &serde_json::Value, got: &serde_json::Value) -> bool {
    use serde_json::Value as Json;
    match (expected, got) {
        (Json::Object(e), Json::Object(g)) => e
            .iter()
            .all(|(k, ev)| value_matches(ev, g.get(k).unwrap_or(&Json::Null))),
        (Json::Number(a), Json::Number(b)) => match (a.as_f64(), b.as_f64()) {
            (Some(x), Some(y)) => (x - y).abs() <= 1e-9 * x.abs().max(y.abs()).max(1.0),
            _ => a == b,
        },
        (Json::Array(e), Json::Array(g)) => {
            e.len() == g.len() && e.iter().zip(g).all(|(a, b)| value_matches(a, b))
        }
        _ => expected == got,
    }
}

/// A TIMEX3-style date value.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DateValue {
    /// TIMEX3 value: `2026-01-15`, `2026-01`, `2026`, `XXXX-11`.
    pub timex: String,
    /// `DATE`, `DURATION` or `SET`.
    #[serde(rename = "type")]
    pub kind: DateType,
    /// `day`, `month`, `year`, …
    pub granularity: Granularity,
    /// `START`, `MID`, `END`, `APPROX`, `BEFORE`, `AFTER`, `ON_OR_BEFORE`, `ON_OR_AFTER`, and for durations
    /// `LESS_THAN`, `MORE_THAN`, `EQUAL_OR_LESS`, `EQUAL_OR_MORE`.
    #[serde(rename = "mod", skip_serializing_if = "Option::is_none")]
    pub modifier: Option<DateModifier>,
    /// Whether the value depends on the publication date.
    pub relative: bool,
    /// The publication date used to resolve it, when relative.
    pub anchor: Option<String>,
    /// First calendar day covered, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// Last calendar day covered, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    /// A range's two endpoints (`2009` and `2010` of `2009-2010`), each with its own text, span and value;
    /// empty for anything else.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<DatePart>,
}

/// One endpoint of a date range.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DatePart {
    /// The endpoint as written (`March` of `from March to June 2025`).
    pub text: String,
    /// Its bytes in the file (in the analysed text until the record is built).
    pub span: ByteSpan,
    /// Its code points in the file.
    pub chars: CharSpan,
    /// Its TIMEX3 value (`2025-03`: a field stated once applies to both ends).
    pub timex: String,
    /// Its granularity.
    pub granularity: Granularity,
    /// First calendar day it covers, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// Last calendar day it covers, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
}

/// A percentage value.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PercentValue {
    /// The number as written (74 for "74 percent"), signed; absent for a range.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<f64>,
    /// `percent`, `percentage_point` or `basis_point`.
    pub unit: String,
    /// `amount / 100`, for percent only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fraction: Option<f64>,
    /// Lower end of a range.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub low: Option<f64>,
    /// Upper end of a range.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub high: Option<f64>,
    /// `APPROX`, `MORE_THAN`, `LESS_THAN`, `AT_LEAST`, `AT_MOST`.
    #[serde(rename = "mod", skip_serializing_if = "Option::is_none")]
    pub modifier: Option<AmountModifier>,
    /// `up` or `down`, where the sentence says which way the figure moved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub direction: Option<String>,
}

/// An amount of money.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MoneyValue {
    /// The amount in units of the currency (52700000000 for "$52.7 billion"); absent for a range.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<f64>,
    /// ISO 4217 code.
    pub currency: String,
    /// Lower end of a range.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub low: Option<f64>,
    /// Upper end of a range.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub high: Option<f64>,
    /// `APPROX`, `MORE_THAN`, `LESS_THAN`, `AT_LEAST`, `AT_MOST`.
    #[serde(rename = "mod", skip_serializing_if = "Option::is_none")]
    pub modifier: Option<AmountModifier>,
    /// `up` or `down`, where the sentence says which way the figure moved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub direction: Option<String>,
}

/// A counted noun.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct QuantityValue {
    /// How many.
    pub amount: f64,
    /// The counted noun (`organizations`).
    pub unit: String,
    /// The whole it is part of: 23 in "7 of 23 agencies".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<f64>,
    /// `APPROX`, `MORE_THAN`, `LESS_THAN`, `AT_LEAST`, `AT_MOST`.
    #[serde(rename = "mod", skip_serializing_if = "Option::is_none")]
    pub modifier: Option<AmountModifier>,
}

/// An organization.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct OrganizationValue {
    /// Canonical id, or null when found by pattern only.
    pub id: Option<String>,
    /// Canonical name.
    pub name: String,
    /// `government`, `agency`, `company`, …
    pub category: String,
    /// ISO 3166-1 alpha-2 country, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// `gazetteer`, `pattern` or `acronym`.
    pub source: OrganizationSource,
}

/// A policy instrument.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PolicyValue {
    /// Canonical id (`eo-14110`), or null when the instrument is not identified.
    pub id: Option<String>,
    /// Canonical name.
    pub name: String,
    /// `executive_order`, `statute`, `regulation`, `provision`, `agreement`, `program`, `partnership`, `treaty`.
    pub category: String,
    /// Its number (`14110`, `117-167`), when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// The section (`5(c)`), for provisions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every name serializes, displays and parses as the one string it declares, and nothing else parses.
    #[test]
    fn names_round_trip_as_their_strings() {
        fn check<T>(all: &[T])
        where
            T: Copy
                + std::fmt::Debug
                + PartialEq
                + Serialize
                + std::fmt::Display
                + std::str::FromStr,
            T: for<'de> Deserialize<'de>,
        {
            for &v in all {
                let json = serde_json::to_string(&v).expect("serializes");
                assert_eq!(json, format!("{:?}", v.to_string()));
                assert_eq!(serde_json::from_str::<T>(&json).expect("reads back"), v);
                assert_eq!(v.to_string().parse::<T>().ok(), Some(v));
            }
        }
        check(DateType::ALL);
        check(Granularity::ALL);
        check(DateModifier::ALL);
        check(AmountModifier::ALL);
        check(OrganizationSource::ALL);
        assert_eq!(DateType::Date.as_str(), "DATE");
        assert_eq!(Granularity::FiscalYear.as_str(), "fiscal_year");
        assert_eq!(DateModifier::OnOrBefore.as_str(), "ON_OR_BEFORE");
        assert_eq!(AmountModifier::AtMost.as_str(), "AT_MOST");
        assert_eq!(OrganizationSource::Pattern.as_str(), "pattern");
    }

    #[test]
    fn value_matches_what_the_expected_value_states() {
        use serde_json::json;
        let got = json!({"amount": 74.0, "unit": "percent", "fraction": 0.74, "parts": [1.0, 2.5]});
        let cases = [
            (json!({}), true),
            (json!({"amount": 74}), true),
            (json!({"amount": 74.0, "unit": "percent"}), true),
            (json!({"fraction": 0.74}), true),
            (json!({"fraction": 74.0 / 100.0}), true),
            (json!({"fraction": 0.740_000_000_1}), true),
            (json!({"fraction": 0.7401}), false),
            (json!({"amount": 75}), false),
            (json!({"amount": "74"}), false),
            (json!({"unit": "percentage_point"}), false),
            (json!({"mod": null}), true),
            (json!({"mod": "APPROX"}), false),
            (json!({"amount": 74, "mod": "APPROX"}), false),
            (json!({"parts": [1, 2.5]}), true),
            (json!({"parts": [1]}), false),
            (json!({"parts": [2.5, 1]}), false),
            (json!(null), false),
        ];
        for (expected, ok) in cases {
            assert_eq!(value_matches(&expected, &got), ok, "{expected}");
        }
        assert!(!value_matches(
            &json!({"timex": "2026"}),
            &json!({"timex": "2026-01"})
        ));
        assert!(value_matches(
            &json!({"a": {"b": 2}}),
            &json!({"a": {"b": 2.0, "c": 3}})
        ));
        assert!(value_matches(&json!(1), &json!(1.0)) && !value_matches(&json!(1), &json!("1")));
        // Large integers compare as numbers too.
        assert!(value_matches(
            &json!(52_700_000_000_u64),
            &json!(52_700_000_000.0)
        ));
    }

    #[test]
    fn unknown_names_are_refused_with_the_known_ones() {
        let e = "SOMETIME"
            .parse::<DateModifier>()
            .expect_err("not a modifier");
        assert!(
            e.to_string()
                .starts_with("\"SOMETIME\" is not a DateModifier; expected one of BEFORE"),
            "{e}"
        );
        assert!(
            "date".parse::<DateType>().is_err(),
            "names are case-sensitive"
        );
        assert!(serde_json::from_str::<Granularity>("\"fortnight\"").is_err());
    }
}
