//! The topics (`content/topics.yaml`): a YAML list of `{id, name: {zh, en}, terms, keywords}`.
//! A passage falls under a topic when it names one of the topic's glossary terms or contains
//! one of its key words. Editorial data: a maintainer adds a topic here, without code.

use super::Glossary;
use crate::diag::Diagnostic;
use crate::model::{Bilingual, Topic, TopicId};
use serde::Deserialize;

/// Where the file lives, relative to the site root.
pub const PATH: &str = "content/topics.yaml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    id: String,
    name: Bilingual,
    #[serde(default)]
    #[serde(deserialize_with = "super::strict::text_list")]
    terms: Vec<String>,
    #[serde(default)]
    #[serde(deserialize_with = "super::strict::text_list")]
    keywords: Vec<String>,
}

/// Parses the topics, checking that ids are unique slugs, that every term is a glossary term
/// and that a topic has something to match. Problems go to `diags`.
pub fn parse(
    path: &str,
    text: &str,
    glossary: &Glossary,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Topic> {
    let entries: Vec<Entry> = match super::parse_yaml::<Option<Vec<Entry>>>(path, text, 1) {
        Ok(list) => list.unwrap_or_default(),
        Err(d) => {
            diags.push(d);
            return Vec::new();
        }
    };
    let starts = super::reviews::entry_lines(text);
    let lines: Vec<&str> = text.lines().collect();
    let mut topics: Vec<Topic> = Vec::new();
    for (i, e) in entries.into_iter().enumerate() {
        let line = starts.get(i).copied().unwrap_or(1);
        let end = starts.get(i + 1).copied().unwrap_or(lines.len() + 1);
        let (id_line, id_col) =
            super::reviews::field_position(&lines, line, end, "id").unwrap_or((line, 1));
        if !super::is_slug(&e.id) {
            diags.push(Diagnostic::error(
                path,
                id_line,
                id_col,
                format!(
                    "topic id `{}` is not a slug: lower-case letters, digits and dashes",
                    e.id
                ),
            ));
            continue;
        }
        if topics.iter().any(|t| t.id.as_str() == e.id) {
            diags.push(Diagnostic::error(
                path,
                id_line,
                id_col,
                format!("topic `{}` is defined twice", e.id),
            ));
            continue;
        }
        for term in &e.terms {
            if !glossary.terms.iter().any(|t| t.forms().any(|f| f == term)) {
                let (l, c) = locate(&lines, line, end, term).unwrap_or((line, 1));
                diags.push(Diagnostic::error(
                    path,
                    l,
                    c,
                    format!("`{term}` is not a glossary term (content/glossary.yaml); list it there, or make it a key word"),
                ));
            }
        }
        if e.terms.is_empty() && e.keywords.iter().all(|k| k.trim().is_empty()) {
            diags.push(Diagnostic::error(
                path,
                id_line,
                id_col,
                format!(
                    "topic `{}` has neither terms nor keywords, so nothing falls under it",
                    e.id
                ),
            ));
        }
        topics.push(Topic {
            id: TopicId::from(e.id),
            name: e.name,
            terms: e.terms,
            keywords: e
                .keywords
                .into_iter()
                .filter(|k| !k.trim().is_empty())
                .collect(),
        });
    }
    topics
}

fn locate(lines: &[&str], start: usize, end: usize, needle: &str) -> Option<(usize, usize)> {
    (start..end).find_map(|n| {
        let line = lines.get(n - 1)?;
        line.find(needle)
            .map(|at| (n, line[..at].chars().count() + 1))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::glossary::{Term, TermType};

    fn glossary() -> Glossary {
        Glossary {
            terms: vec![Term {
                zh: "中吉乌铁路".into(),
                variants: vec![],
                en: "China–Kyrgyzstan–Uzbekistan railway".into(),
                alternatives: vec![],
                kind: TermType::Project,
            }],
            exceptions: vec![],
        }
    }

    #[test]
    fn a_term_outside_the_glossary_is_an_error_at_its_place() {
        let text = "- id: transport\n  name: { zh: 交通, en: Transport }\n  terms: [中吉乌铁路, 中亚大铁路]\n  keywords: [公路]\n";
        let mut diags = Vec::new();
        let topics = parse(PATH, text, &glossary(), &mut diags);
        assert_eq!(topics.len(), 1);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!((diags[0].line, diags[0].column), (3, 18));
        assert!(diags[0].message.contains("中亚大铁路"));
    }

    #[test]
    fn ids_are_unique_slugs() {
        let text = "- id: Transport\n  name: { zh: 交通, en: Transport }\n  keywords: [公路]\n- id: energy\n  name: { zh: 能源, en: Energy }\n  keywords: [能源]\n- id: energy\n  name: { zh: 能源, en: Energy }\n  keywords: [油气]\n";
        let mut diags = Vec::new();
        let topics = parse(PATH, text, &glossary(), &mut diags);
        assert_eq!(topics.len(), 1);
        assert_eq!(diags.len(), 2, "{diags:?}");
        assert_eq!((diags[0].line, diags[0].column), (1, 7));
        assert_eq!(diags[1].line, 7);
    }
}
