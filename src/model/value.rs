//! The values facts carry, and the kinds of fact and claim: the vocabulary every stage speaks, serialized as
//! the record writes them.

use serde::Serialize;

/// The kinds of fact.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
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

/// What makes a claim checkable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
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

/// A TIMEX3-style date value.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DateValue {
    /// TIMEX3 value: `2026-01-15`, `2026-01`, `2026`, `XXXX-11`.
    pub timex: String,
    /// `DATE`, `DURATION`, `SET` or `TIME`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// `day`, `month`, `year`, …
    pub granularity: &'static str,
    /// `START`, `MID`, `END`, `APPROX`, `BEFORE`, `AFTER`, `ON_OR_BEFORE`, `ON_OR_AFTER`.
    #[serde(rename = "mod", skip_serializing_if = "Option::is_none")]
    pub modifier: Option<String>,
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
    pub modifier: Option<String>,
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
    pub modifier: Option<String>,
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
    pub modifier: Option<String>,
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
    pub source: &'static str,
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
