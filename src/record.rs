//! The claim record: one per document, written as JSON.
//!
//! Field by field, this is the contract of SPEC.md ("The document record"). All offsets are half-open; `span`
//! is in bytes of the document text (after a byte-order mark is removed), `chars` in code points, `line` and
//! `column` 1-based with the column in code points. `text` always equals the document text at `span`.
//!
//! The same types read records back (`Deserialize`), for the tools that take runs as input (`diff`,
//! `review`): a record read is a whole `claimscan/1` record, every field typed and checked (spans included),
//! except for what records written by earlier versions of claimscan/1 lack: `document.format` (read as
//! `text`), a claim's `role` (read as `body`) and the fields written only when they have a value. Such a tool
//! reads `Record<serde_json::Value>`: the facts' values stay the JSON the run wrote, so a value is compared
//! and shown as written, whatever version wrote it.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::model::span::{ByteSpan, CharSpan};
pub use crate::model::value::{
    ClaimKind, DateValue, FactType, MoneyValue, OrganizationValue, PercentValue, PolicyValue,
    QuantityValue, Value,
};

/// The schema version written in every record.
pub const SCHEMA: &str = "claimscan/1";

/// One document's record.
///
/// `V` is the type of the facts' values: [`Value`] as the pipeline writes them, `serde_json::Value` as a tool
/// reads them back (see the module docs).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Record<V = Value> {
    /// Always [`SCHEMA`].
    pub schema: Schema,
    /// About the input.
    pub document: DocumentInfo,
    /// Claim-bearing sentences, in text order.
    pub claims: Vec<Claim<V>>,
    /// Canonical entities mentioned, in order of first mention.
    pub entities: Vec<EntityRow>,
    /// Counts.
    pub stats: Stats,
}

/// A record's `schema`: written as [`SCHEMA`], and read only from it, so a record of another schema is never
/// taken for this one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Schema;

impl Serialize for Schema {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(SCHEMA)
    }
}

impl<'de> Deserialize<'de> for Schema {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Schema, D::Error> {
        let found = std::borrow::Cow::<str>::deserialize(deserializer)?;
        if found == SCHEMA {
            Ok(Schema)
        } else {
            Err(serde::de::Error::custom(format_args!(
                "the schema is {found:?}, not {SCHEMA}"
            )))
        }
    }
}

/// About the input document.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DocumentInfo {
    /// The path as the user named it.
    pub path: String,
    /// SHA-256 of the file's bytes.
    pub sha256: String,
    /// Title from front matter or the first line.
    pub title: Option<String>,
    /// Publication date `YYYY-MM-DD`, or null.
    pub date: Option<String>,
    /// `option`, `front_matter` or `none`.
    pub date_source: crate::document::DateSource,
    /// Length of the text in bytes.
    pub bytes: usize,
    /// Sentences of running text.
    pub sentences: usize,
    /// How the text was read: `text`, `markdown` or `html` (records written before it: `text`).
    #[serde(default)]
    pub format: crate::text::Format,
    /// For HTML: the SHA-256 of the extracted text that spans point into (`claimscan text FILE` prints it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text_sha256: Option<String>,
    /// The source URL from the front matter or the page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The author(s) from the front matter or the page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// Tags from the front matter.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
}

/// Where a piece of text is, in every unit a reader may want.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
pub struct Location {
    /// Byte range.
    pub span: ByteSpan,
    /// Code-point range.
    pub chars: CharSpan,
    /// 1-based line of the start.
    pub line: usize,
    /// 1-based column of the start, in code points.
    pub column: usize,
}

/// Where a claim stands in its document.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The document's title.
    Title,
    /// A heading, section label or other short block without final punctuation.
    Heading,
    /// A sentence of running text; also what a claim of a record written before roles is read as.
    #[default]
    Body,
}

impl Role {
    /// The name records write.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Title => "title",
            Role::Heading => "heading",
            Role::Body => "body",
        }
    }

    /// The role of a claim made of a segment of this kind.
    pub fn of(kind: crate::text::SegmentKind) -> Role {
        match kind {
            crate::text::SegmentKind::Title => Role::Title,
            crate::text::SegmentKind::Heading => Role::Heading,
            _ => Role::Body,
        }
    }
}

/// A sentence holding at least one fact.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claim<V = Value> {
    /// Stable id: a hash of the path, the sentence's folded text ([`Claim::plain`]) and its occurrence
    /// number, so re-wrapping a paragraph keeps it.
    pub id: String,
    /// Where in the document it stands: the title, a heading or the body.
    #[serde(default)]
    pub role: Role,
    /// What makes it checkable, in a fixed order.
    pub kinds: Vec<ClaimKind>,
    /// The sentence: the file's text at its span, line breaks and markup included.
    pub text: String,
    /// The sentence as the rules read it, when that differs from `text`: markup left out, every run of
    /// white space one space.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plain: Option<String>,
    /// Where it is.
    #[serde(flatten)]
    pub location: Location,
    /// Its facts, in text order.
    pub facts: Vec<Fact<V>>,
}

/// One extracted fact.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Fact<V = Value> {
    /// What kind of fact.
    #[serde(rename = "type")]
    pub fact_type: FactType,
    /// The words that carry the value: the file's text at its span.
    pub text: String,
    /// The words as the rules read them, when that differs from `text` (a line break or markup inside).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plain: Option<String>,
    /// Where it is.
    #[serde(flatten)]
    pub location: Location,
    /// The id of the rule that found it.
    pub rule: String,
    /// The normalized value.
    pub value: V,
}

/// One row of the per-document entity index.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EntityRow {
    /// `organization` or `policy`.
    #[serde(rename = "type")]
    pub fact_type: FactType,
    /// Canonical id, or null.
    pub id: Option<String>,
    /// Canonical name.
    pub name: String,
    /// Category.
    pub category: String,
    /// How many facts name it.
    pub mentions: usize,
    /// The byte spans of those facts, in text order.
    pub spans: Vec<ByteSpan>,
}

/// Counts for one record.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Stats {
    /// Number of claims.
    pub claims: usize,
    /// Facts per type.
    pub facts: FactCounts,
}

/// Facts per type.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct FactCounts {
    /// Dates.
    pub date: usize,
    /// Percentages.
    pub percentage: usize,
    /// Money.
    pub money: usize,
    /// Quantities.
    pub quantity: usize,
    /// Organizations.
    pub organization: usize,
    /// Policy instruments.
    pub policy: usize,
}

impl FactCounts {
    /// Adds one fact of a type.
    pub fn add(&mut self, t: FactType) {
        *self.get_mut(t) += 1;
    }

    /// The count of a type.
    pub fn get(&self, t: FactType) -> usize {
        let mut counts = *self;
        *counts.get_mut(t)
    }

    fn get_mut(&mut self, t: FactType) -> &mut usize {
        match t {
            FactType::Date => &mut self.date,
            FactType::Percentage => &mut self.percentage,
            FactType::Money => &mut self.money,
            FactType::Quantity => &mut self.quantity,
            FactType::Organization => &mut self.organization,
            FactType::Policy => &mut self.policy,
        }
    }

    /// Adds another set of counts.
    pub fn merge(&mut self, other: &FactCounts) {
        for t in FactType::ALL {
            *self.get_mut(t) += other.get(t);
        }
    }

    /// Total facts.
    pub fn total(&self) -> usize {
        FactType::ALL.iter().map(|&t| self.get(t)).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value as Json;

    /// A record as `claimscan extract` writes it (one sentence, three facts).
    const WRITTEN: &str = r#"{"schema":"claimscan/1","document":{"path":"a.txt","sha256":"a6ac2225ab00b86a3db19fc96d79180e71104b300405c516d75d306dbd23a44e","title":"Title","date":null,"date_source":"none","bytes":74,"sentences":1,"format":"text"},"claims":[{"id":"d23a782565a30ee6","role":"body","kinds":["statistic","temporal","organization"],"text":"The Department of Energy said prices rose 5 percent in March 2025.","span":{"start":7,"end":73},"chars":{"start":7,"end":73},"line":3,"column":1,"facts":[{"type":"organization","text":"Department of Energy","span":{"start":11,"end":31},"chars":{"start":11,"end":31},"line":3,"column":5,"rule":"organizations/gazetteer","value":{"id":"us-doe","name":"United States Department of Energy","category":"government","country":"US","source":"gazetteer"}},{"type":"percentage","text":"5 percent","span":{"start":49,"end":58},"chars":{"start":49,"end":58},"line":3,"column":43,"rule":"percentages/number-percent","value":{"amount":5.0,"unit":"percent","fraction":0.05,"direction":"up"}},{"type":"date","text":"March 2025","span":{"start":62,"end":72},"chars":{"start":62,"end":72},"line":3,"column":56,"rule":"dates/month-year","value":{"timex":"2025-03","type":"DATE","granularity":"month","relative":false,"anchor":null,"start":"2025-03-01","end":"2025-03-31"}}]}],"entities":[{"type":"organization","id":"us-doe","name":"United States Department of Energy","category":"government","mentions":1,"spans":[{"start":11,"end":31}]}],"stats":{"claims":1,"facts":{"date":1,"percentage":1,"money":0,"quantity":0,"organization":1,"policy":0}}}"#;

    fn read(json: &str) -> Result<Record<Json>, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn a_record_reads_back_typed_and_writes_the_same_json() {
        let r = read(WRITTEN).expect("a written record reads back");
        // The same JSON; only the keys of values, held as `serde_json::Value`, come back sorted.
        let written: Json = serde_json::from_str(WRITTEN).unwrap();
        assert_eq!(serde_json::to_value(&r).unwrap(), written);
        let claim = &r.claims[0];
        assert_eq!(claim.role, Role::Body);
        assert_eq!(claim.location.span, ByteSpan::new(7, 73));
        assert_eq!(claim.location.chars, CharSpan::new(7, 73));
        let types: Vec<FactType> = claim.facts.iter().map(|f| f.fact_type).collect();
        assert_eq!(
            types,
            [FactType::Organization, FactType::Percentage, FactType::Date]
        );
        assert_eq!(claim.facts[2].value["timex"], "2025-03");
        assert_eq!(r.stats.facts.total(), 3);
    }

    #[test]
    fn records_written_before_format_and_roles_read_as_text_and_body() {
        let old = WRITTEN
            .replace(r#","format":"text""#, "")
            .replace(r#""role":"body","#, "");
        assert_ne!(old, WRITTEN);
        let r = read(&old).expect("an older claimscan/1 record reads");
        assert_eq!(r.document.format, crate::text::Format::Text);
        assert_eq!(r.claims[0].role, Role::Body);
        assert!(r.claims[0].plain.is_none() && r.document.tags.is_empty());
    }

    #[test]
    fn other_schemas_and_broken_records_are_not_read() {
        let e = read(&WRITTEN.replace("claimscan/1", "claimscan/2")).unwrap_err();
        assert!(
            e.to_string()
                .starts_with(r#"the schema is "claimscan/2", not claimscan/1"#),
            "{e}"
        );
        let reversed = WRITTEN.replace(
            r#""span":{"start":49,"end":58}"#,
            r#""span":{"start":58,"end":49}"#,
        );
        let e = read(&reversed).unwrap_err();
        assert!(
            e.to_string().contains("span start 58 is after its end 49"),
            "{e}"
        );
        let e =
            read(&WRITTEN.replace(r#""type":"percentage""#, r#""type":"percent""#)).unwrap_err();
        assert!(e.to_string().contains("unknown variant `percent`"), "{e}");
        let e = read(&WRITTEN.replace(r#""sha256":"#, r#""sha":"#)).unwrap_err();
        assert!(e.to_string().contains("missing field `sha256`"), "{e}");
    }
}
