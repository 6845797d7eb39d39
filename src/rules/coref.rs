//! The data of reference resolution between policy instruments (`[coref]`, in `rules/policy.toml`): which
//! kinds of instrument a document can be itself and the title beginnings and phrases that say so, which
//! categories are orders and provisions, the id and name templates of the instruments it makes, and the words
//! that tie a section to the instrument after it. Read by [`crate::resolve::coref`]; a rule set without a
//! `[coref]` section links no references.

use super::Origin;
use super::file::{RawCoref, RawOwnKind};
use super::show::excerpt;
use super::template::Template;

/// The `[coref]` section, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Coref {
    /// The kinds of instrument a document can be itself, in the order they are tried.
    pub own: Vec<OwnKind>,
    /// How many bytes of the body an opening phrase is looked for in.
    pub opening_bytes: usize,
    /// The category of an order.
    pub order_category: String,
    /// The category of a provision.
    pub provision_category: String,
    /// The id of a provision of an instrument, over `{instrument}`, `{instrument_name}`, `{section}`, `{name}`.
    pub provision_id: Template,
    /// The name of a provision of an instrument, over the same variables.
    pub provision_name: Template,
    /// What may stand between a provision and its instrument, lower case.
    pub provision_of: Vec<String>,
    /// Endings of a mention of several orders.
    pub plural_endings: Vec<String>,
    /// Where it was defined.
    pub origin: Origin,
}

/// One kind of instrument a document can be itself (`[[coref.own]]`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OwnKind {
    /// The instrument's category.
    pub category: String,
    /// Title beginnings that make a document one, as written.
    pub title_prefixes: Vec<String>,
    /// Phrases that make a document one in the opening of its body, as written.
    pub opening: Vec<String>,
    /// Phrases that make a document one wherever they stand, as written.
    pub anywhere: Vec<String>,
    /// Its id, over `{title}`.
    pub id: Template,
    /// Its name, over `{title}`.
    pub name: Template,
}

/// Why a document is an instrument of its own: what it says, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OwnMatch<'c> {
    /// The kind it is.
    pub kind: &'c OwnKind,
    /// Its title without the beginning that named the kind.
    pub title: String,
    /// The title beginning or phrase that said so.
    pub evidence: String,
    /// Where in the text the phrase begins (`None` when the title said so and no phrase stands in the body).
    pub at: Option<usize>,
}

/// The variables of the own-instrument templates.
const OWN_VARS: &[&str] = &["title"];
/// The variables of the provision templates.
const PROVISION_VARS: &[&str] = &["instrument", "instrument_name", "section", "name"];

impl Coref {
    /// Checks a `[coref]` section: the section, or every problem found.
    pub(super) fn parse(raw: RawCoref, origin: Origin) -> Result<Coref, Vec<String>> {
        let mut problems = Vec::new();
        let mut template = |key: &str, t: &str, vars: &[&str]| match Template::parse(t) {
            Ok(t) => {
                for var in t.vars().filter(|v| !vars.contains(v)) {
                    problems.push(format!(
                        "{key}: template variable {} is not one of {}",
                        excerpt(var),
                        vars.join(", ")
                    ));
                }
                t
            }
            Err(e) => {
                problems.push(format!("{key} {} {e}", excerpt(t)));
                Template::parse("").expect("the empty template is valid")
            }
        };
        let provision_id = template("provision.id", &raw.provision.id, PROVISION_VARS);
        let provision_name = template("provision.name", &raw.provision.name, PROVISION_VARS);
        let own: Vec<OwnKind> = raw
            .own
            .into_iter()
            .enumerate()
            .map(|(i, k): (usize, RawOwnKind)| OwnKind {
                id: template(&format!("own[{i}].template.id"), &k.template.id, OWN_VARS),
                name: template(
                    &format!("own[{i}].template.name"),
                    &k.template.name,
                    OWN_VARS,
                ),
                category: k.category,
                title_prefixes: k.title_prefixes,
                opening: k.opening,
                anywhere: k.anywhere,
            })
            .collect();
        for (key, value) in [
            ("order_category", &raw.order_category),
            ("provision_category", &raw.provision_category),
        ] {
            if value.trim().is_empty() {
                problems.push(format!("{key} is empty"));
            }
        }
        if raw.order_category == raw.provision_category {
            problems.push("order_category and provision_category are the same".into());
        }
        let empty = |list: &[String]| list.iter().any(std::string::String::is_empty);
        let mut lists = vec![("plural_endings".to_string(), &raw.plural_endings)];
        for (i, k) in own.iter().enumerate() {
            if k.category == raw.provision_category {
                problems.push(format!("own[{i}]: a document is no provision of its own"));
            }
            if k.title_prefixes.is_empty() && k.opening.is_empty() && k.anywhere.is_empty() {
                problems.push(format!(
                    "own[{i}]: no title prefix or phrase says a document is one"
                ));
            }
            lists.push((format!("own[{i}].title_prefixes"), &k.title_prefixes));
            lists.push((format!("own[{i}].opening"), &k.opening));
            lists.push((format!("own[{i}].anywhere"), &k.anywhere));
        }
        for (key, list) in lists {
            if empty(list) {
                problems.push(format!(
                    "{key} holds an empty string, which every text contains"
                ));
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Coref {
            own,
            opening_bytes: raw.opening_bytes,
            order_category: raw.order_category,
            provision_category: raw.provision_category,
            provision_id,
            provision_name,
            provision_of: raw.provision_of.iter().map(|w| w.to_lowercase()).collect(),
            plural_endings: raw.plural_endings,
            origin,
        })
    }

    /// The kind of instrument a document is itself, if any: a title beginning wins (first kind first), then a
    /// phrase in the opening `body_start..body_start + opening_bytes` of `text` or anywhere in it, the first
    /// kind that has one.
    pub fn own_kind(
        &self,
        title: Option<&str>,
        text: &str,
        body_start: usize,
    ) -> Option<OwnMatch<'_>> {
        let body_start = body_start.min(text.len());
        let mut end = (body_start + self.opening_bytes).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let opening = &text[body_start..end];
        // The earliest of a kind's phrases in the opening.
        let in_opening = |k: &OwnKind| -> Option<(String, usize)> {
            k.opening
                .iter()
                .filter_map(|p| {
                    opening
                        .find(p.as_str())
                        .map(|at| (p.clone(), body_start + at))
                })
                .min_by_key(|(_, at)| *at)
        };
        let title = title.map(str::trim).filter(|t| !t.is_empty());
        if let Some(title) = title {
            for kind in &self.own {
                if let Some(prefix) = kind
                    .title_prefixes
                    .iter()
                    .find(|p| title.starts_with(p.as_str()))
                {
                    let rest = title[prefix.len()..].trim();
                    if rest.is_empty() {
                        continue;
                    }
                    return Some(OwnMatch {
                        kind,
                        title: rest.to_string(),
                        evidence: format!("its title begins {prefix:?}"),
                        at: in_opening(kind).map(|(_, at)| at),
                    });
                }
            }
        }
        let title = title?;
        self.own.iter().find_map(|kind| {
            let (phrase, at) = in_opening(kind).or_else(|| {
                kind.anywhere.iter().find_map(|p| {
                    text[body_start..]
                        .find(p.as_str())
                        .map(|at| (p.clone(), body_start + at))
                })
            })?;
            Some(OwnMatch {
                kind,
                title: title.to_string(),
                evidence: format!("it says {phrase:?}"),
                at: Some(at),
            })
        })
    }

    /// Whether a rule with `set.link = "required"` may have this category: an order, a provision, or a kind of
    /// instrument a document can be itself.
    pub fn links(&self, category: &str) -> bool {
        category == self.order_category
            || category == self.provision_category
            || self.own.iter().any(|k| k.category == category)
    }

    /// Whether the text between a provision and an instrument (trimmed, lower case, spaces collapsed) ties
    /// them. Further labels of a list before it are skipped: in "section 1245(d)(4)(B) and (C) of the Act" the
    /// gap "and (C) of the" ties.
    pub fn ties_provision(&self, gap: &str) -> bool {
        let words: Vec<&str> = gap.split_whitespace().collect();
        let is_label = |w: &str| {
            let w = w.trim_end_matches(',');
            w.starts_with('(')
                && w.ends_with(')')
                && w.len() <= 12
                && w.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '(' || c == ')')
        };
        let skip = words
            .iter()
            .take_while(|w| matches!(**w, "and" | "or" | ",") || is_label(w))
            .count();
        // "and" alone is no tie: "section 3 and the Act".
        if skip > 0 && !words[..skip].iter().any(|w| is_label(w)) {
            return false;
        }
        let rest = words[skip..].join(" ");
        self.provision_of.contains(&rest)
    }

    /// Whether a mention names several orders.
    pub fn is_plural(&self, mention: &str) -> bool {
        self.plural_endings
            .iter()
            .any(|e| mention.ends_with(e.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::RuleSet;

    const SECTION: &str = "[coref]\norder_category = \"executive_order\"\n\
        provision_category = \"provision\"\n\
        provision = { id = \"{instrument}/sec-{section|slug}\", name = \"{name} of {instrument_name}\" }\n\
        provision_of = [\"Of\", \"of the\"]\nplural_endings = [\"s\"]\nopening_bytes = 40\n\
        [[coref.own]]\ncategory = \"memorandum\"\ntitle_prefixes = [\"Memorandum on \"]\n\
        opening = [\"MEMORANDUM FOR\"]\ntemplate = { id = \"memo-{title|slug}\", name = \"Memorandum: {title}\" }\n\
        [[coref.own]]\ncategory = \"executive_order\"\nopening = [\"it is hereby ordered\"]\n\
        anywhere = [\"do hereby order\"]\ntemplate = { id = \"eo-{title|slug}\", name = \"Executive Order: {title}\" }\n";

    fn errors(files: &[(&str, String)]) -> Vec<String> {
        let files: Vec<(String, String)> = files
            .iter()
            .map(|(n, t)| (n.to_string(), t.clone()))
            .collect();
        match RuleSet::from_sources(&files) {
            Ok(_) => Vec::new(),
            Err(e) => e.0.iter().map(std::string::ToString::to_string).collect(),
        }
    }

    #[test]
    fn a_section_is_read_into_the_rule_set() {
        let rules = RuleSet::from_sources(&[("c.toml".into(), SECTION.into())]).unwrap();
        let c = rules.coref.expect("a [coref] section");
        let kind = |title: Option<&str>, text: &str, body: usize| {
            c.own_kind(title, text, body)
                .map(|m| (m.kind.category.clone(), m.title, m.at))
        };
        let memo = |t: &str, at| Some(("memorandum".to_string(), t.to_string(), at));
        let order = |t: &str, at| Some(("executive_order".to_string(), t.to_string(), at));
        // A title beginning wins, and is cut from the title; the phrase, if any, says where the opening is.
        assert_eq!(
            kind(Some("Memorandum on Testing"), "it is hereby ordered", 0),
            memo("Testing", None)
        );
        assert_eq!(
            kind(Some("Memorandum on Testing"), "x MEMORANDUM FOR", 0),
            memo("Testing", Some(2))
        );
        // Else the first kind with a phrase: in the opening only, as written, or anywhere.
        assert_eq!(
            kind(Some("Testing"), "Now, it is hereby ordered:", 0),
            order("Testing", Some(5))
        );
        assert_eq!(kind(Some("Testing"), "Now, It is hereby ordered:", 0), None);
        let late = format!("{}it is hereby ordered", "x".repeat(40));
        assert_eq!(kind(Some("Testing"), &late, 0), None, "past the opening");
        assert_eq!(
            kind(Some("Testing"), &late, 30),
            order("Testing", Some(40)),
            "after the front matter"
        );
        let anywhere = format!("{}I do hereby order", "x".repeat(80));
        assert_eq!(
            kind(Some("Testing"), &anywhere, 0),
            order("Testing", Some(82))
        );
        assert_eq!(
            kind(None, "it is hereby ordered", 0),
            None,
            "a title names it"
        );
        assert!(c.links("memorandum") && c.links("provision") && c.links("executive_order"));
        assert!(!c.links("statute"));
        assert!(c.ties_provision("of") && c.ties_provision("of the"));
        assert!(c.ties_provision("and (c) of the") && c.ties_provision(", (c), and (d)(ii) of"));
        assert!(!c.ties_provision("in") && !c.ties_provision("and of the"));
        assert!(c.is_plural("Executive Orders") && !c.is_plural("order"));
        assert_eq!((c.origin.file, c.origin.line), (0, 1));
        let shipped = RuleSet::embedded().unwrap().coref;
        assert_eq!(
            shipped.map(|c| c.order_category),
            Some("executive_order".to_string())
        );
    }

    #[test]
    fn bad_sections_are_errors_at_their_line() {
        let bad = SECTION
            .replace("{title|slug}", "{titel}")
            .replace("[\"s\"]", "[\"\"]")
            .replace("\"provision\"", "\"executive_order\"")
            .replace("opening = [\"MEMORANDUM FOR\"]\n", "");
        assert_eq!(
            errors(&[("c.toml", format!("\n{bad}"))]),
            [
                "c.toml:2: [coref]: own[0].template.id: template variable \"titel\" is not one of title",
                "c.toml:2: [coref]: own[1].template.id: template variable \"titel\" is not one of title",
                "c.toml:2: [coref]: order_category and provision_category are the same",
                "c.toml:2: [coref]: own[1]: a document is no provision of its own",
                "c.toml:2: [coref]: plural_endings holds an empty string, which every text contains",
            ]
        );
        assert_eq!(
            errors(&[("a.toml", SECTION.into()), ("b.toml", SECTION.into())]),
            ["b.toml:1: a second [coref] section (the first is at a.toml:1)"]
        );
    }

    #[test]
    fn a_required_link_needs_the_order_category() {
        let rule = "family = \"policy\"\ntype = \"policy\"\n\n[[rule]]\nid = \"policy/the-act\"\n\
                    pattern = '\\bthe (?P<fact>act)\\b'\nnormalizer = \"policy\"\n\
                    set = { category = \"statute\", link = \"required\" }\nexamples = [{ text = \"the act\" }]\n";
        assert_eq!(
            errors(&[("c.toml", SECTION.into()), ("r.toml", rule.into())]),
            [
                "r.toml:5: policy/the-act: set.link = \"required\" links orders, provisions and the document's \
                 own instruments only: the category is \"statute\", not the order category \"executive_order\""
            ]
        );
    }
}
