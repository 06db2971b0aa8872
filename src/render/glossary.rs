//! What the glossary page sees: every name and term of `content/glossary.yaml` with its
//! standard rendering in the other language, its printed and English variants, its type and
//! the passages that use it (the link stage's passages per entity, the same the entity pages
//! list), grouped by type and sorted by pinyin (Chinese page) or by the English (English
//! page). Each entry's anchor is its entity slug. Also the box of a document page that links
//! the terms its units name to their glossary entries.

use super::tracker::{LinkIndex, TYPE_ORDER, entity_page, term_type, unit_href};
use super::views::{Lang, text, title};
use crate::load::glossary::Term;
use crate::model::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

type Table = BTreeMap<String, String>;

pub fn glossary_page(lang: Lang) -> String {
    format!("{}/glossary/index.html", lang.code())
}

/// A unit that uses a term, as a link labelled by its place.
#[derive(Serialize)]
pub struct UnitAt {
    pub href: String,
    pub place: String,
}

/// The passages of one document that use a term.
#[derive(Serialize)]
pub struct DocumentPassages {
    pub summit: String,
    pub document: String,
    pub document_lang: &'static str,
    pub document_href: String,
    pub units: Vec<UnitAt>,
}

#[derive(Serialize)]
pub struct Entry {
    /// The anchor, the term's entity slug.
    pub slug: String,
    /// The term in the page's language first, then in the other.
    pub name: String,
    pub name_lang: &'static str,
    pub other_name: String,
    pub other_lang: &'static str,
    /// Other printed forms (Chinese) and accepted English renderings.
    pub variants: Vec<String>,
    pub alternatives: Vec<String>,
    pub type_label: String,
    pub entity_href: String,
    pub passages: usize,
    /// The passages listed: at most the site's `paginate_by`, the first by document.
    pub documents: Vec<DocumentPassages>,
    /// Those not listed, in words, when there are any: the term's page has them all.
    pub more: Option<String>,
}

#[derive(Serialize)]
pub struct Group {
    pub key: &'static str,
    pub label: String,
    pub entries: Vec<Entry>,
}

#[derive(Serialize)]
pub struct GlossaryView {
    pub total: usize,
    pub groups: Vec<Group>,
}

/// The key a term is sorted by: its pinyin on the Chinese page (then its characters), its
/// English folded to ASCII lower case on the English page.
fn sort_key(term: &Term, lang: Lang) -> String {
    match lang {
        Lang::Zh => {
            use pinyin::ToPinyin;
            let mut key = String::new();
            for (c, p) in term.zh.chars().zip(term.zh.as_str().to_pinyin()) {
                match p {
                    Some(p) => key.push_str(p.plain()),
                    None => key.push(c),
                }
                key.push(' ');
            }
            key
        }
        Lang::En => deunicode::deunicode(&term.en).to_ascii_lowercase(),
    }
}

pub fn glossary(index: &LinkIndex<'_>, lang: Lang, t: &Table) -> GlossaryView {
    let terms = &index.archive().glossary.terms;
    let mut by_type: BTreeMap<String, Vec<&Term>> = BTreeMap::new();
    for term in terms {
        by_type.entry(term_type(term)).or_default().push(term);
    }
    let groups = TYPE_ORDER
        .iter()
        .filter_map(|&key| {
            let mut terms = by_type.remove(key)?;
            terms.sort_by_cached_key(|term| (sort_key(term, lang), term.zh.clone()));
            Some(Group {
                key,
                label: text(t, &format!("term_types_{key}")),
                entries: terms
                    .iter()
                    .map(|term| entry(index, term, lang, t))
                    .collect(),
            })
        })
        .collect();
    GlossaryView {
        total: terms.len(),
        groups,
    }
}

fn entry(index: &LinkIndex<'_>, term: &Term, lang: Lang, t: &Table) -> Entry {
    let refs = index
        .links
        .entity_passages
        .get(&term.zh)
        .map_or(&[][..], Vec::as_slice);
    let (name, name_lang, other_name, other_lang) = match lang {
        Lang::Zh => (term.zh.clone(), "zh-Hans", term.en.clone(), "en"),
        Lang::En => (term.en.clone(), "en", term.zh.clone(), "zh-Hans"),
    };
    let slug = index.slug_of(term).to_string();
    // A term in thousands of passages would make the glossary a page of megabytes: it lists
    // as many as a page of the term's own lists, and its page has the rest.
    let listed = refs.len().min(index.archive().site.paginate_by as usize);
    Entry {
        entity_href: entity_page(lang, &slug),
        slug,
        name,
        name_lang,
        other_name,
        other_lang,
        variants: term.variants.clone(),
        alternatives: term.alternatives.clone(),
        type_label: text(t, &format!("term_type_{}", term_type(term))),
        passages: refs.len(),
        documents: by_document(index, &refs[..listed], lang),
        more: (listed < refs.len()).then(|| {
            super::meta::fill(
                t,
                "glossary_more",
                &[("count", (refs.len() - listed).to_string())],
            )
        }),
    }
}

/// The units at `refs`, grouped by document in the order given; units the archive lacks are
/// left out.
fn by_document(index: &LinkIndex<'_>, refs: &[UnitRef], lang: Lang) -> Vec<DocumentPassages> {
    let archive = index.archive();
    let mut out: Vec<DocumentPassages> = Vec::new();
    for r in refs {
        let Some((doc, _)) = index.unit(r) else {
            continue;
        };
        let unit = UnitAt {
            href: unit_href(lang, r),
            place: super::cite::place(r.unit.as_str(), lang),
        };
        let document_href = super::views::document_page(lang, &r.summit, &r.document);
        match out.last_mut() {
            Some(g) if g.document_href == document_href => g.units.push(unit),
            _ => {
                let (document, document_lang) = title(doc, lang);
                out.push(DocumentPassages {
                    summit: archive
                        .summit(&r.summit)
                        .map_or_else(String::new, |s| lang.pick(&s.name).to_string()),
                    document,
                    document_lang,
                    document_href,
                    units: vec![unit],
                });
            }
        }
    }
    out
}

/// A term named in a document, with its glossary entry and the units of the document that
/// name it (anchors on the same page).
#[derive(Serialize)]
pub struct DocumentTerm {
    pub name: String,
    pub name_lang: &'static str,
    pub other_name: String,
    pub other_lang: &'static str,
    /// The glossary entry, relative to the site root.
    pub href: String,
    /// `(unit id, place)` of each unit that names it.
    pub units: Vec<(String, String)>,
}

/// The glossary terms the units of `doc` name, in the order they are first named.
/// The units of each document that name each glossary term, gathered once for every
/// document page (from the archive's passages of each term).
pub struct NamedIn<'a> {
    by_document: HashMap<(String, String), HashMap<&'a str, Vec<&'a UnitId>>>,
}

impl<'a> NamedIn<'a> {
    pub fn new(links: &'a Links) -> NamedIn<'a> {
        let mut by_document: HashMap<(String, String), HashMap<&str, Vec<&UnitId>>> =
            HashMap::new();
        for (term, passages) in &links.entity_passages {
            for r in passages {
                by_document
                    .entry((r.summit.to_string(), r.document.to_string()))
                    .or_default()
                    .entry(term.as_str())
                    .or_default()
                    .push(&r.unit);
            }
        }
        NamedIn { by_document }
    }

    /// The units of `doc` that name each term, by the term's Chinese name.
    fn of(&self, doc: &Document) -> Option<&HashMap<&'a str, Vec<&'a UnitId>>> {
        self.by_document
            .get(&(doc.summit.to_string(), doc.id.to_string()))
    }
}

pub fn document_terms(
    index: &LinkIndex<'_>,
    named: &NamedIn<'_>,
    doc: &Document,
    lang: Lang,
) -> Vec<DocumentTerm> {
    let order: BTreeMap<&UnitId, usize> = doc
        .units()
        .into_iter()
        .enumerate()
        .map(|(i, u)| (&u.id, i))
        .collect();
    let here = named.of(doc);
    let mut found: Vec<(usize, DocumentTerm)> = Vec::new();
    for term in &index.archive().glossary.terms {
        let mut units: Vec<(usize, &UnitId)> = here
            .and_then(|h| h.get(term.zh.as_str()))
            .into_iter()
            .flatten()
            .filter_map(|&u| order.get(u).map(|&i| (i, u)))
            .collect();
        if units.is_empty() {
            continue;
        }
        units.sort();
        units.dedup();
        let (name, name_lang, other_name, other_lang) = match lang {
            Lang::Zh => (term.zh.clone(), "zh-Hans", term.en.clone(), "en"),
            Lang::En => (term.en.clone(), "en", term.zh.clone(), "zh-Hans"),
        };
        found.push((
            units[0].0,
            DocumentTerm {
                name,
                name_lang,
                other_name,
                other_lang,
                href: format!("{}#{}", glossary_page(lang), index.slug_of(term)),
                units: units
                    .iter()
                    .map(|(_, id)| (id.to_string(), super::cite::place(id.as_str(), lang)))
                    .collect(),
            },
        ));
    }
    found.sort_by_key(|(first, _)| *first);
    found.into_iter().map(|(_, term)| term).collect()
}
