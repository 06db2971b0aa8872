//! The glossary (`content/glossary.yaml`): the recurring names and terms with their variants,
//! their English renderings and their type. It is the reference for term consistency here, and
//! the term list for segmentation and linking.

use crate::diag::Diagnostic;
use crate::model::Document;
use crate::text::normalize_for_matching;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TermType {
    Person,
    Country,
    Place,
    Organisation,
    Mechanism,
    Project,
    Initiative,
    Concept,
}

/// One glossary entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    #[serde(deserialize_with = "super::strict::text")]
    pub zh: String,
    #[serde(default, deserialize_with = "super::strict::text_list")]
    pub variants: Vec<String>,
    #[serde(deserialize_with = "super::strict::text")]
    pub en: String,
    #[serde(default, deserialize_with = "super::strict::text_list")]
    pub alternatives: Vec<String>,
    #[serde(rename = "type")]
    pub kind: TermType,
}

impl Term {
    /// Every printed form: the term and its variants.
    pub fn forms(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.zh.as_str()).chain(self.variants.iter().map(String::as_str))
    }

    /// Whether `english` uses the term's rendering or one of its alternatives. Renderings
    /// that start in lower case (common nouns) also match capitalised, at a sentence start.
    pub fn rendered_in(&self, english: &str) -> bool {
        std::iter::once(&self.en)
            .chain(&self.alternatives)
            .any(|r| {
                let r = r.replace('—', "–");
                english.contains(&r)
                    || (r.starts_with(char::is_lowercase) && english.contains(&capitalise(&r)))
            })
    }
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A unit where a term is, knowingly, not rendered as the glossary says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exception {
    /// `summit-id/document-id`.
    pub document: String,
    pub unit: String,
    #[serde(deserialize_with = "super::strict::text")]
    pub term: String,
    #[serde(deserialize_with = "super::strict::text")]
    pub reason: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Glossary {
    #[serde(default)]
    pub terms: Vec<Term>,
    #[serde(default)]
    pub exceptions: Vec<Exception>,
}

/// Parses `content/glossary.yaml`, reporting duplicate terms.
pub fn parse(path: &str, text: &str, diags: &mut Vec<Diagnostic>) -> Glossary {
    let glossary: Glossary = match super::front_matter::parse_yaml(path, text, 1) {
        Ok(g) => g,
        Err(d) => {
            diags.push(d);
            return Glossary::default();
        }
    };
    let mut seen = std::collections::BTreeSet::new();
    for term in &glossary.terms {
        for form in term.forms() {
            if !seen.insert(normalize_for_matching(form)) {
                let line = text
                    .lines()
                    .position(|l| l.contains(form))
                    .map_or(1, |i| i + 1);
                diags.push(Diagnostic::error(
                    path,
                    line,
                    1,
                    format!("`{form}` is in the glossary twice"),
                ));
            }
        }
    }
    glossary
}

/// A glossary term found in a Chinese unit whose English does not render it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inconsistency {
    pub unit: String,
    pub form: String,
    pub expected: String,
}

/// The glossary terms found in each translated unit of `doc` whose English lacks the
/// rendering, less the listed exceptions.
pub fn inconsistencies(glossary: &Glossary, doc: &Document) -> Vec<Inconsistency> {
    TermFinder::new(glossary).inconsistencies(doc)
}

/// Finds the glossary's terms in Chinese text, every printed form of every term in one pass
/// over the text, as [`normalize_for_matching`] reads both.
pub struct TermFinder<'g> {
    glossary: &'g Glossary,
    /// Every form of every term, normalised; `None` when there are none.
    forms: Option<aho_corasick::AhoCorasick>,
    /// For each pattern of `forms`: the term's index in the glossary and the form as printed.
    owners: Vec<(usize, &'g str)>,
}

impl<'g> TermFinder<'g> {
    pub fn new(glossary: &'g Glossary) -> TermFinder<'g> {
        let mut patterns = Vec::new();
        let mut owners = Vec::new();
        for (i, term) in glossary.terms.iter().enumerate() {
            for form in term.forms() {
                patterns.push(normalize_for_matching(form));
                owners.push((i, form));
            }
        }
        // A glossary too large for an automaton is far beyond any archive: each term is then
        // looked for on its own, as the pass would.
        let forms = aho_corasick::AhoCorasick::new(&patterns).ok();
        TermFinder {
            glossary,
            forms,
            owners,
        }
    }

    /// Each term found in `zh`, in glossary order, with its first printed form (in the term's
    /// order of forms) that the text holds.
    fn found(&self, zh: &str) -> Vec<(&'g Term, &'g str)> {
        let zh = normalize_for_matching(zh);
        // Per term, the first of its forms found (patterns are in glossary order, forms in
        // the term's order).
        let mut first: BTreeMap<usize, usize> = BTreeMap::new();
        match &self.forms {
            Some(forms) => {
                for m in forms.find_overlapping_iter(&zh) {
                    let p = m.pattern().as_usize();
                    let term = self.owners[p].0;
                    first
                        .entry(term)
                        .and_modify(|q| *q = (*q).min(p))
                        .or_insert(p);
                }
            }
            None => {
                for (p, &(term, form)) in self.owners.iter().enumerate() {
                    if !first.contains_key(&term) && zh.contains(&normalize_for_matching(form)) {
                        first.insert(term, p);
                    }
                }
            }
        }
        first
            .into_iter()
            .map(|(term, p)| (&self.glossary.terms[term], self.owners[p].1))
            .collect()
    }

    /// The glossary terms found in each translated unit of `doc` whose English lacks the
    /// rendering, less the listed exceptions.
    pub fn inconsistencies(&self, doc: &Document) -> Vec<Inconsistency> {
        let key = format!("{}/{}", doc.summit, doc.id);
        let mut out = Vec::new();
        for unit in doc.units() {
            let Some(en) = &unit.en else { continue };
            for (term, form) in self.found(&unit.zh) {
                if term.rendered_in(en) {
                    continue;
                }
                let excepted = self.glossary.exceptions.iter().any(|e| {
                    e.document == key
                        && e.unit == unit.id.as_str()
                        && term.forms().any(|f| f == e.term)
                });
                if !excepted {
                    out.push(Inconsistency {
                        unit: unit.id.to_string(),
                        form: form.to_string(),
                        expected: term.en.clone(),
                    });
                }
            }
        }
        out
    }
}
