//! The data of reference resolution between policy instruments (`[coref]`, in `rules/policy.toml`): which
//! phrase makes a document an order of its own, which categories are orders and provisions, the id and name
//! templates of the instruments it makes, and the words that tie a section to the instrument after it. Read by
//! [`crate::resolve::coref`]; a rule set without a `[coref]` section links no references.

use super::Origin;
use super::file::RawCoref;
use super::show::excerpt;
use super::template::Template;

/// The `[coref]` section, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Coref {
    /// Phrases that make a document an executive order of its own, matched as written.
    pub self_reference: Vec<String>,
    /// The category of an order.
    pub order_category: String,
    /// The category of a provision.
    pub provision_category: String,
    /// The id of the document's own order, over `{title}`.
    pub own_order_id: Template,
    /// The name of the document's own order, over `{title}`.
    pub own_order_name: Template,
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

/// The variables of the own-order templates.
const OWN_ORDER_VARS: &[&str] = &["title"];
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
        let own_order_id = template("own_order.id", &raw.own_order.id, OWN_ORDER_VARS);
        let own_order_name = template("own_order.name", &raw.own_order.name, OWN_ORDER_VARS);
        let provision_id = template("provision.id", &raw.provision.id, PROVISION_VARS);
        let provision_name = template("provision.name", &raw.provision.name, PROVISION_VARS);
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
        for (key, list) in [
            ("self_reference", &raw.self_reference),
            ("plural_endings", &raw.plural_endings),
        ] {
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
            self_reference: raw.self_reference,
            order_category: raw.order_category,
            provision_category: raw.provision_category,
            own_order_id,
            own_order_name,
            provision_id,
            provision_name,
            provision_of: raw.provision_of.iter().map(|w| w.to_lowercase()).collect(),
            plural_endings: raw.plural_endings,
            origin,
        })
    }

    /// Whether a document's text says it is an order of its own.
    pub fn refers_to_itself(&self, text: &str) -> bool {
        self.self_reference
            .iter()
            .any(|p| text.contains(p.as_str()))
    }

    /// Whether the text between a provision and an instrument (trimmed, lower case) ties them.
    pub fn ties_provision(&self, gap: &str) -> bool {
        self.provision_of.iter().any(|w| w == gap)
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

    const SECTION: &str = "[coref]\nself_reference = [\"it is hereby ordered\"]\norder_category = \"executive_order\"\n\
        provision_category = \"provision\"\nown_order = { id = \"eo-{title|slug}\", name = \"Executive Order: {title}\" }\n\
        provision = { id = \"{instrument}/sec-{section}\", name = \"{name} of {instrument_name}\" }\n\
        provision_of = [\"Of\", \"of the\"]\nplural_endings = [\"s\"]\n";

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
        assert!(c.refers_to_itself("Now, it is hereby ordered:"));
        assert!(!c.refers_to_itself("It is hereby ordered"), "as written");
        assert!(c.ties_provision("of") && c.ties_provision("of the"));
        assert!(!c.ties_provision("in"));
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
            .replace("\"provision\"", "\"executive_order\"");
        assert_eq!(
            errors(&[("c.toml", format!("\n{bad}"))]),
            [
                "c.toml:2: [coref]: own_order.id: template variable \"titel\" is not one of title",
                "c.toml:2: [coref]: order_category and provision_category are the same",
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
                "r.toml:5: policy/the-act: set.link = \"required\" links orders only: the category is \
                 \"statute\", not the order category \"executive_order\""
            ]
        );
    }
}
