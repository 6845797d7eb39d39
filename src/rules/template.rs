//! Templates: `set.id = "eo-{number}"`, `set.name = "{title} U.S.C. {section}"`, `id = "{name|slug}"`.
//!
//! A template is literal text with `{var}` and `{var|filter}` holes; the one filter is `slug`, which turns
//! `CHIPS and Science Act` into `chips-and-science-act`. Templates are parsed when the rules load, so an
//! unclosed `{` or an unknown filter is a rule-file error; what a variable stands for (a capture, a title, an
//! instrument id) is up to the user of the template, which also checks at load that it knows every variable.

/// A parsed template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    parts: Vec<Part>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Part {
    Literal(String),
    Var { name: String, slug: bool },
}

impl Template {
    /// Parses `{var}` and `{var|slug}` holes; text outside them is literal (a lone `}` too).
    pub fn parse(template: &str) -> Result<Template, String> {
        let mut parts = Vec::new();
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            if open > 0 {
                parts.push(Part::Literal(rest[..open].to_string()));
            }
            let close = rest[open..].find('}').ok_or("has an unclosed {")? + open;
            let inner = &rest[open + 1..close];
            let (name, slug) = match inner.split_once('|') {
                None => (inner, false),
                Some((v, "slug")) => (v, true),
                Some((_, f)) => {
                    return Err(format!(
                        "uses an unknown filter {f:?} (the one filter is slug)"
                    ));
                }
            };
            parts.push(Part::Var {
                name: name.to_string(),
                slug,
            });
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() {
            parts.push(Part::Literal(rest.to_string()));
        }
        Ok(Template { parts })
    }

    /// The variables, in order of appearance.
    pub fn vars(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().filter_map(|p| match p {
            Part::Var { name, .. } => Some(name.as_str()),
            Part::Literal(_) => None,
        })
    }

    /// The template with every variable replaced by `value(name)`, slugged where the template says so; the
    /// first variable without a value stops it with that error.
    pub fn render(
        &self,
        mut value: impl FnMut(&str) -> Result<String, String>,
    ) -> Result<String, String> {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Literal(s) => out.push_str(s),
                Part::Var { name, slug: false } => out.push_str(&value(name)?),
                Part::Var { name, slug: true } => out.push_str(&slug(&value(name)?)),
            }
        }
        Ok(out)
    }
}

/// Lowercase ASCII letters and digits joined by single hyphens: the `slug` filter.
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slug("CHIPS and Science Act"), "chips-and-science-act");
        assert_eq!(slug(" Section 5(c) "), "section-5-c");
    }

    #[test]
    fn templates_render_their_holes() {
        let vars = |name: &str| match name {
            "title" => Ok("22".to_string()),
            "section" => Ok("4651(6)".to_string()),
            other => Err(format!("no {other}")),
        };
        let cases = [
            ("{title} U.S.C. {section}", "22 U.S.C. 4651(6)"),
            ("usc-{title}-{section|slug}", "usc-22-4651-6"),
            ("plain", "plain"),
            ("a } b", "a } b"),
            ("", ""),
        ];
        for (template, want) in cases {
            let t = Template::parse(template).unwrap();
            assert_eq!(t.render(vars).unwrap(), want, "{template}");
        }
        let t = Template::parse("x-{nope}-{title}").unwrap();
        assert_eq!(t.vars().collect::<Vec<_>>(), ["nope", "title"]);
        assert_eq!(t.render(vars).unwrap_err(), "no nope");
    }

    #[test]
    fn bad_templates_are_refused() {
        assert!(
            Template::parse("eo-{number")
                .unwrap_err()
                .contains("has an unclosed {")
        );
        assert!(
            Template::parse("{name|upper}")
                .unwrap_err()
                .contains("an unknown filter \"upper\"")
        );
    }
}
