//! The TOML shape of a rule file, as written by rule authors.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

/// One rule file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFile {
    /// The family the file's rules and entities belong to (`dates`); prefixes every rule id.
    pub family: Option<Spanned<String>>,
    /// The fact type the family produces (`date`, `percentage`, `organization`, `policy`, `money`, `quantity`).
    #[serde(rename = "type")]
    pub fact_type: Option<Spanned<String>>,
    /// Lexicons: named word lists that patterns reference as `{name}`.
    #[serde(default)]
    pub lexicon: Vec<RawLexicon>,
    /// Fragments: named pieces of regular expression that patterns reference as `{name}`.
    #[serde(default)]
    pub fragment: Vec<RawFragment>,
    /// Pattern rules.
    #[serde(default)]
    pub rule: Vec<RawRule>,
    /// Gazetteer entities.
    #[serde(default)]
    pub entity: Vec<RawEntity>,
    /// Sentence-splitting abbreviations.
    pub abbreviations: Option<RawAbbreviations>,
    /// Whole-line boilerplate patterns.
    #[serde(default)]
    pub boilerplate: Vec<RawBoilerplate>,
    /// Dateline patterns that give a document its publication date.
    #[serde(default)]
    pub dateline: Vec<RawDateline>,
    /// Joins: two adjacent facts of the file's type linked by a connector become one range.
    #[serde(default)]
    pub join: Vec<RawJoin>,
    /// References between policy instruments: which order "the order" is, whose section a section is.
    pub coref: Option<Spanned<RawCoref>>,
}

/// `[coref]`: the phrases, categories, templates and words of reference resolution between instruments.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCoref {
    /// The kinds of instrument a document can be itself (an executive order, a memorandum…), tried in order.
    pub own: Vec<RawOwnKind>,
    /// How many bytes of the body, after the front matter, an `opening` phrase is looked for in.
    pub opening_bytes: usize,
    /// The category of an order: an unnumbered one (`the order`) is linked to an identified one.
    pub order_category: String,
    /// The category of a provision (`Section 5(c)`), linked to its instrument.
    pub provision_category: String,
    /// A provision linked to its instrument: templates over `{instrument}` (its id), `{instrument_name}`,
    /// `{section}` and `{name}` (the provision's own name).
    pub provision: RawTemplates,
    /// What may stand between a provision and the instrument right after it that it belongs to (`of`).
    pub provision_of: Vec<String>,
    /// Endings of a mention that names several orders (`executive orders`), which is linked to none.
    pub plural_endings: Vec<String>,
}

/// `[[coref.own]]`: one kind of instrument a document can be itself, and how it says so.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOwnKind {
    /// The instrument's category (`memorandum`).
    pub category: String,
    /// Title beginnings that make the document one (`Memorandum on `), removed from the title for its id.
    #[serde(default)]
    pub title_prefixes: Vec<String>,
    /// Phrases, as written, that make it one when they stand in the opening of its body (`MEMORANDUM FOR`).
    #[serde(default)]
    pub opening: Vec<String>,
    /// Phrases, as written, that make it one wherever they stand (`do hereby proclaim`).
    #[serde(default)]
    pub anywhere: Vec<String>,
    /// Its id and name: templates over `{title}`.
    pub template: RawTemplates,
}

/// An id and a name template.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTemplates {
    pub id: String,
    pub name: String,
}

/// `[[join]]`: `from X to Y`, `between X and Y`, `X – Y` as one range fact.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawJoin {
    pub id: Spanned<String>,
    /// Words that may open the range and belong to it (`from`, `between`).
    #[serde(default)]
    pub openers: Vec<String>,
    /// Words or marks that link the two facts (`to`, `until`, `-`).
    pub connectors: Vec<String>,
    /// Connectors that link only after an opener (`and` after `between`).
    #[serde(default)]
    pub opener_connectors: Vec<String>,
    #[serde(default)]
    pub examples: Vec<RawExample>,
    #[serde(default)]
    pub counter_examples: Vec<String>,
}

/// `[[lexicon]]`: forms and the values they normalize to.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLexicon {
    pub id: Spanned<String>,
    /// Form → value. Values are strings or integers.
    pub entries: BTreeMap<String, toml::Value>,
}

/// `[[rule]]`: a regular expression feeding a named normalizer.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRule {
    pub id: Spanned<String>,
    pub pattern: String,
    pub normalizer: String,
    #[serde(default)]
    pub priority: i32,
    /// Fixed values handed to the normalizer (`category`, `id` and `name` templates, `mod`).
    #[serde(default)]
    pub set: BTreeMap<String, String>,
    #[serde(default)]
    pub examples: Vec<RawExample>,
    #[serde(default)]
    pub counter_examples: Vec<String>,
}

/// One example: the text, the fact text expected (default: the whole text) and a subset of its value.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct RawExample {
    /// The text extracted as one sentence.
    pub text: String,
    /// The fact text expected; default: the whole text.
    #[serde(rename = "match")]
    pub matched: Option<String>,
    /// Fields the fact's value must have.
    pub value: Option<toml::Table>,
    /// Publication date for the example, `YYYY-MM-DD`.
    pub doc_date: Option<String>,
}

/// `[[entity]]`: a gazetteer entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEntity {
    pub id: Spanned<String>,
    pub name: String,
    pub category: String,
    pub country: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub acronyms: Vec<String>,
    /// Acronyms other bodies share (DOE, DOL): they resolve only after a definition in the text or a mention
    /// of the entity by name in the same document.
    #[serde(default)]
    pub ambiguous_acronyms: Vec<String>,
    /// For a program: the id of the instrument that set it up, which an unnumbered "executive order" in the
    /// same sentence refers to.
    pub instrument: Option<String>,
    /// Disambiguation: the id of the body this one belongs to (`us-nist` for the US AI Safety Institute). A
    /// mention of the parent in the same sentence or the document points to this entity among those sharing a
    /// name.
    pub parent: Option<String>,
    /// Disambiguation: words that point to this entity among those sharing a name (`London`, `Bletchley`),
    /// matched case-insensitively as whole words in the sentence, then in the document.
    #[serde(default)]
    pub context: Vec<String>,
    /// Disambiguation: the years it bore this name, `[from]` or `[from, to]` (inclusive), compared with the
    /// years the document's dates name.
    #[serde(default)]
    pub years: Vec<i32>,
    /// Disambiguation: the entity a shared name or acronym means when nothing in the document decides.
    #[serde(default)]
    pub default: bool,
    #[serde(default)]
    pub counter_examples: Vec<String>,
}

/// `[abbreviations]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAbbreviations {
    pub never_final: Vec<String>,
    #[serde(default)]
    pub may_end: Vec<String>,
    #[serde(default)]
    pub sentence_starters: Vec<String>,
}

/// `[[boilerplate]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBoilerplate {
    pub id: Spanned<String>,
    pub pattern: String,
    pub scope: String,
    #[serde(default)]
    pub examples: Vec<String>,
}

/// `[[dateline]]`: a pattern matched at the start of one of a document's first lines; captures `year`,
/// `month` (or `month_num`) and `day` give the publication date.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDateline {
    pub id: Spanned<String>,
    pub pattern: String,
    /// Lines and the date each must give, `YYYY-MM-DD`.
    #[serde(default)]
    pub examples: Vec<RawDatelineExample>,
    /// Lines that must give no date.
    #[serde(default)]
    pub counter_examples: Vec<String>,
}

/// A dateline example.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct RawDatelineExample {
    /// The line.
    pub text: String,
    /// The date it gives.
    pub date: String,
}

/// `[[fragment]]`: a named piece of a regular expression (`{num}` for a number in digits or words).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFragment {
    pub id: Spanned<String>,
    pub pattern: String,
}
