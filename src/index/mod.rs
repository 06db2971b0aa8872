//! The index stage: every citable unit of every document, in both languages, made searchable
//! by a client in the page with no server. [`build_index`] gives plain data ([`SearchIndex`]);
//! [`payload`] turns it into the files the site serves under `search/`: script files that
//! load from `file://` as from any sub-path of any server, each query loading only the
//! shards of its characters and words.
//!
//! Chinese units are read with jieba-rs in search mode (the glossary as user dictionary),
//! beside every bigram and character; English units are stemmed. See [`analyse`] for the
//! rules, which the client mirrors.

pub mod analyse;
pub mod payload;

use crate::load::Archive;
use crate::model::{Document, Unit, UnitKind};
use crate::segment::Segmenter;
use analyse::{
    ENGLISH, TermCounter, count_chinese_terms, english_tokens, inflections, push_stem, stem,
    stemmer,
};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// How many units the index reads at a time (on every core) before joining them into its
/// postings: enough for each core to have work, few enough that the readings held at once stay
/// small beside the postings.
const READ_STRETCH: usize = 4096;

/// A posting: a unit (its number in [`SearchIndex::units`]) and how often the term occurs in
/// it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting {
    pub unit: u32,
    pub tf: u32,
}

/// A document as the client shows it.
#[derive(Debug, Clone)]
pub struct DocEntry {
    pub summit: String,
    pub id: String,
    pub kind: &'static str,
    pub title_zh: String,
    pub title_en: String,
}

/// A unit as the client ranks and shows it.
#[derive(Debug, Clone)]
pub struct UnitEntry {
    /// Its document, by number in [`SearchIndex::docs`].
    pub doc: u32,
    pub id: String,
    /// The number printed before it, or before the clause, section or group it is in.
    pub number: Option<String>,
    pub heading: bool,
    pub zh: String,
    pub en: String,
    /// Its length in Chinese characters and in English words, for BM25.
    pub len_zh: u32,
    pub len_en: u32,
}

/// A glossary term for crossing languages and suggesting: its Chinese forms, its English
/// renderings.
#[derive(Debug, Clone)]
pub struct GlossEntry {
    pub zh: Vec<String>,
    pub en: Vec<String>,
}

/// The search index, plain data.
#[derive(Debug, Default)]
pub struct SearchIndex {
    /// Summits: id, name in Chinese, name in English.
    pub summits: Vec<(String, String, String)>,
    pub docs: Vec<DocEntry>,
    pub units: Vec<UnitEntry>,
    /// Every term (kind prefix + text, see [`analyse`]) with its postings in unit order.
    pub terms: BTreeMap<String, Vec<Posting>>,
    /// English surface forms that differ from their stem.
    pub aliases: BTreeMap<String, String>,
    /// Traditional characters to simplified, for the characters of the texts.
    pub traditional: BTreeMap<char, char>,
    pub glossary: Vec<GlossEntry>,
}

/// Stage 5: the search index of every citable unit. With `reads`, a unit read by the last
/// run with the same texts is not read again, and what this run read is kept there.
pub fn build_index(archive: &Archive, segmenter: &Segmenter, reads: Option<&Reads>) -> SearchIndex {
    let stemmer = stemmer();
    let mut index = SearchIndex {
        summits: archive
            .summits
            .iter()
            .map(|s| (s.id.to_string(), s.name.zh.clone(), s.name.en.clone()))
            .collect(),
        ..SearchIndex::default()
    };
    // Each unit is read on its own, a stretch at a time (see below).
    let mut units: Vec<(u32, &Document, &Unit, Option<&str>, bool)> = Vec::new();
    for doc in &archive.documents {
        let number = index.docs.len() as u32;
        index.docs.push(DocEntry {
            summit: doc.summit.to_string(),
            id: doc.id.to_string(),
            kind: doc.kind.as_str(),
            title_zh: doc.title.clone(),
            title_en: doc.en.as_ref().map(|e| e.title.clone()).unwrap_or_default(),
        });
        // The printed number of the clause, section or group a unit is in.
        let mut container: BTreeMap<&str, &str> = BTreeMap::new();
        for part in doc.parts() {
            if let Some(label) = part.label {
                for u in part.units.iter().chain(part.heading) {
                    container.insert(u.id.as_str(), label);
                }
            }
        }
        for (position, unit) in doc.units().into_iter().enumerate() {
            let label = container.get(unit.id.as_str()).copied();
            units.push((number, doc, unit, label, position == 0));
        }
    }
    // Gathered by hash (each unit's words and characters are looked up as they come), then
    // sorted once.
    let mut surfaces: foldhash::HashSet<String> = Default::default();
    let mut chars: foldhash::HashSet<char> = Default::default();
    // Gathered by hash, then sorted once: a term is looked up once for every unit it is in
    // (millions of look-ups in a large archive: a fast hash, since the keys are our own text).
    let mut terms: foldhash::HashMap<String, Vec<Posting>> = Default::default();
    // The readings `serve` keeps for its next run; a build keeps none.
    let mut kept: Vec<Arc<ReadUnit>> = Vec::new();
    // A stretch of units at a time is read, on every core, then joined in unit order: memory
    // holds one stretch's readings besides the postings, not the whole archive's.
    for stretch in units.chunks(READ_STRETCH) {
        let read: Vec<Arc<ReadUnit>> = stretch
            .par_iter()
            .map(|&(_, doc, unit, _, first)| {
                let key = ReadKey::of(doc, unit, first);
                reads
                    .and_then(|r| r.get(&key))
                    .unwrap_or_else(|| Arc::new(read_unit(&key, segmenter, &stemmer)))
            })
            .collect();
        for (&(number, _, unit, label, _), read) in stretch.iter().zip(&read) {
            let u = index.units.len() as u32;
            for (term, tf) in read.terms.iter() {
                match terms.get_mut(term) {
                    Some(postings) => postings.push(Posting { unit: u, tf }),
                    None => {
                        terms.insert(term.to_string(), vec![Posting { unit: u, tf }]);
                    }
                }
            }
            for surface in &read.surfaces {
                if !surfaces.contains(&**surface) {
                    surfaces.insert(surface.to_string());
                }
            }
            chars.extend(unit.zh.chars().filter(|&c| crate::text::is_han(c)));
            index.units.push(UnitEntry {
                doc: number,
                id: unit.id.to_string(),
                number: unit.number.clone().or_else(|| label.map(str::to_string)),
                heading: unit.kind == UnitKind::Heading,
                len_zh: unit.zh.chars().filter(|c| !c.is_whitespace()).count() as u32,
                len_en: read.len_en,
                zh: unit.zh.clone(),
                en: unit.en.clone().unwrap_or_default(),
            });
        }
        if reads.is_some() {
            kept.extend(read);
        }
    }
    if let Some(reads) = reads {
        reads.keep(&units, &kept);
    }
    index.terms = terms.into_iter().collect();
    let chars: BTreeSet<char> = chars.into_iter().collect();
    let known = surfaces;
    let surfaces: BTreeSet<&String> = known.iter().collect();
    // Every surface form, and the inflections of each that stem alike, to its stem: stemmed
    // on every core, then gathered in the surfaces' order (an inflection of two surfaces goes
    // to the first one's stem).
    let surfaces: Vec<&String> = surfaces.into_iter().collect();
    let forms: Vec<(String, Vec<String>)> = surfaces
        .par_iter()
        .map(|&surface| {
            let s = stem(&stemmer, surface);
            let mut forms = Vec::new();
            if surface.len() >= 3 && surface.chars().all(|c| c.is_ascii_lowercase()) {
                forms = inflections(surface)
                    .into_iter()
                    .filter(|form| !known.contains(form) && form != &s)
                    .filter(|form| stem(&stemmer, form) == s)
                    .collect();
            }
            (s, forms)
        })
        .collect();
    for (surface, (s, forms)) in surfaces.into_iter().zip(forms) {
        for form in forms {
            index.aliases.entry(form).or_insert_with(|| s.clone());
        }
        if &s != surface {
            index.aliases.insert(surface.clone(), s);
        }
    }
    index.traditional = analyse::traditional_table(&chars);
    index.glossary = archive
        .glossary
        .terms
        .iter()
        .map(|t| GlossEntry {
            zh: t.forms().map(str::to_string).collect(),
            en: std::iter::once(&t.en)
                .chain(&t.alternatives)
                .cloned()
                .collect(),
        })
        .collect();
    index
}

/// What one unit gives the index.
struct ReadUnit {
    /// Its terms with their counts: Chinese words, bigrams and characters, English stems.
    terms: TermCounts,
    /// Its English words as printed (lower case), each once.
    surfaces: Box<[Box<str>]>,
    /// Its length in English words.
    len_en: u32,
}

/// A unit's terms and their counts, in term order, held in two allocations rather than one
/// for each term: the units' terms are held together until the index joins them (and from
/// one run to the next in `serve`), and at thousands of documents they are millions.
struct TermCounts {
    /// The terms one after another.
    text: Box<str>,
    /// Where each term ends in `text`, and its count.
    ends: Box<[(u32, u32)]>,
}

impl TermCounts {
    fn new(terms: BTreeMap<String, u32>) -> TermCounts {
        let mut text = String::with_capacity(terms.keys().map(String::len).sum());
        let mut ends = Vec::with_capacity(terms.len());
        for (term, count) in terms {
            text.push_str(&term);
            ends.push((text.len() as u32, count));
        }
        TermCounts {
            text: text.into_boxed_str(),
            ends: ends.into_boxed_slice(),
        }
    }

    /// Each term with its count, in term order.
    fn iter(&self) -> impl Iterator<Item = (&str, u32)> {
        let mut start = 0;
        self.ends.iter().map(move |&(end, count)| {
            let term = &self.text[start..end as usize];
            start = end as usize;
            (term, count)
        })
    }
}

/// What reading a unit depends on: its texts, and the document's titles for its `first` unit
/// (where the title stands, and counts as part of it).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct ReadKey<'a> {
    title_zh: &'a str,
    zh: &'a str,
    en: &'a str,
    title_en: &'a str,
}

impl<'a> ReadKey<'a> {
    fn of(doc: &'a Document, unit: &'a Unit, first: bool) -> ReadKey<'a> {
        let (title_zh, title_en) = if first {
            (
                doc.title.as_str(),
                doc.en.as_ref().map_or("", |e| e.title.as_str()),
            )
        } else {
            ("", "")
        };
        ReadKey {
            title_zh,
            zh: &unit.zh,
            en: unit.en.as_deref().unwrap_or_default(),
            title_en,
        }
    }

    fn hash(&self) -> u64 {
        let mut h = std::hash::DefaultHasher::new();
        Hash::hash(self, &mut h);
        h.finish()
    }

    fn owned(&self) -> [Box<str>; 4] {
        [self.title_zh, self.zh, self.en, self.title_en].map(Box::from)
    }

    fn is(&self, owned: &[Box<str>; 4]) -> bool {
        [self.title_zh, self.zh, self.en, self.title_en]
            .iter()
            .zip(owned)
            .all(|(a, b)| *a == &**b)
    }
}

/// What reading each unit gave, kept from one run to the next with the same segmenter
/// (`serve`): a unit whose texts are the same is not read again. What a run did not read is
/// forgotten after it.
#[derive(Default)]
pub struct Reads {
    /// By the hash of what the reading depends on, with what that was.
    earlier: std::sync::RwLock<HashMap<u64, KeptRead>>,
}

/// A unit's texts (as [`ReadKey`] has them) and what reading them gave.
type KeptRead = ([Box<str>; 4], Arc<ReadUnit>);

impl Reads {
    fn get(&self, key: &ReadKey<'_>) -> Option<Arc<ReadUnit>> {
        let earlier = self.earlier.read().unwrap_or_else(|e| e.into_inner());
        let (texts, read) = earlier.get(&key.hash())?;
        key.is(texts).then(|| Arc::clone(read))
    }

    fn keep(&self, units: &[(u32, &Document, &Unit, Option<&str>, bool)], read: &[Arc<ReadUnit>]) {
        *self.earlier.write().unwrap_or_else(|e| e.into_inner()) = units
            .iter()
            .zip(read)
            .map(|(&(_, doc, unit, _, first), read)| {
                let key = ReadKey::of(doc, unit, first);
                (key.hash(), (key.owned(), Arc::clone(read)))
            })
            .collect();
    }
}

/// Reads the unit whose texts are `key`.
fn read_unit(
    key: &ReadKey<'_>,
    segmenter: &Segmenter,
    stemmer: &rust_stemmers::Stemmer,
) -> ReadUnit {
    let mut terms = TermCounter::default();
    count_chinese_terms(
        &format!("{}\n{}", key.title_zh, key.zh),
        segmenter,
        &mut terms,
    );
    let tokens = english_tokens(key.en);
    let title_tokens = english_tokens(key.title_en);
    let mut surfaces = BTreeSet::new();
    for token in tokens.iter().chain(&title_tokens) {
        terms.count(|term| {
            term.push(ENGLISH);
            push_stem(stemmer, token, term);
            true
        });
        surfaces.insert(token.as_str());
    }
    ReadUnit {
        terms: TermCounts::new(terms.into_sorted()),
        surfaces: surfaces.into_iter().map(Box::from).collect(),
        len_en: tokens.len() as u32,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundled() -> SearchIndex {
        let archive =
            crate::load::load_archive(std::path::Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap();
        let segmenter = Segmenter::new(&archive.glossary);
        build_index(&archive, &segmenter, None)
    }

    #[test]
    fn chinese_units_give_words_bigrams_and_characters_and_english_units_stems() {
        let index = bundled();
        // The glossary keeps the railway whole; its pieces are findable as bigrams.
        for term in [
            "w中吉乌铁路",
            "w习近平",
            "b近平",
            "b吉乌",
            "c铁",
            "evisa",
            "etokayev",
        ] {
            assert!(index.terms.contains_key(term), "{term}");
        }
        // A dash between Han characters does not stop the bigrams: 中国—中亚 gives 国中.
        assert!(index.terms.contains_key("b国中"));
        assert_eq!(index.aliases.get("visas").map(String::as_str), Some("visa"));
        assert_eq!(index.traditional.get(&'鐵'), Some(&'铁'));
        // Postings are in unit order, each unit once.
        for postings in index.terms.values() {
            assert!(postings.windows(2).all(|w| w[0].unit < w[1].unit));
        }
    }

    #[test]
    fn text_that_looks_like_markup_or_holds_nothing_is_only_data() {
        let mut index = SearchIndex::default();
        let hostile = "</script><img src=x onerror=alert(1)>\u{2028}“引号”";
        index.units.push(UnitEntry {
            doc: 0,
            id: "para_1".into(),
            number: None,
            heading: false,
            zh: hostile.into(),
            en: String::new(),
            len_zh: 0,
            len_en: 0,
        });
        let (files, stats) = payload::files(&index);
        let chunk = String::from_utf8(files["search/x/0.js"].clone()).unwrap();
        let json = chunk
            .strip_prefix("__ssx(\"x\",0,")
            .and_then(|s| s.strip_suffix(");\n"))
            .unwrap();
        let value: serde_json::Value = serde_json::from_str(json).unwrap();
        assert_eq!(value[0][0], hostile);
        // Nothing to index: the meta and the shards are still there, and empty.
        assert!(files.contains_key("search/meta.js"));
        assert_eq!(stats.shards, 8);
        assert!(analyse::runs("，。！？ — ").is_empty());
        assert!(analyse::english_tokens("…—,.").is_empty());
    }
}
