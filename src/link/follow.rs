//! Follow-ups across summits. Every sentence of every citable unit is indexed once: its
//! words in search mode (the glossary as user dictionary, so 中吉乌铁路 stays one word) and
//! the glossary entities it names. For a commitment, candidates are the sentences of later
//! summits that share one of its rarer words or entities (an inverted index: never every
//! pair); each is scored by the IDF-weighted share of the commitment's words it repeats.
//! Where both name entities of one type, they must name the same one (the road is not the
//! railway). The status comes from the printed reporting words of the best sentence.

use super::extract::{Lexicon, citable, clauses, sentences};
use super::rules;
use crate::load::Archive;
use crate::load::glossary::TermType;
use crate::model::*;
use crate::segment::Segmenter;
use std::collections::{BTreeMap, HashMap};

/// The smallest score that makes a follow-up.
pub const THRESHOLD: f64 = 0.6;
/// A long sentence is scored as if it weighed this much: repeating four of its rarer words
/// is enough, whatever else it says.
const MAX_QUERY_WEIGHT: f64 = 25.0;
/// The smallest summed IDF of the shared words: two rare words, or several common ones.
const MIN_WEIGHT: f64 = 10.0;
/// The share of a short commitment's weight that is enough on its own.
const NEARLY_ALL: f64 = 0.7;
/// Words in more than this share of all sentences do not propose candidates.
const MAX_DF_SHARE: f64 = 0.05;

/// The types of entity on which two passages must agree when both name one.
const AGREEING: [TermType; 5] = [
    TermType::Project,
    TermType::Mechanism,
    TermType::Organisation,
    TermType::Initiative,
    TermType::Place,
];

/// A sentence of the archive, with its words and entities.
struct Sentence {
    unit: UnitRef,
    summit: u32,
    printed: String,
    terms: Vec<u32>,
    entities: Vec<usize>,
}

/// The index over every sentence of the archive.
pub struct Index<'a> {
    lexicon: &'a Lexicon<'a>,
    segmenter: &'a Segmenter,
    vocabulary: HashMap<String, u32>,
    df: Vec<u32>,
    postings: Vec<Vec<u32>>,
    sentences: Vec<Sentence>,
}

/// A commitment's words, weighted, ready to be matched.
pub struct Query {
    terms: Vec<u32>,
    entities: Vec<usize>,
    words: Vec<String>,
}

/// A follow-up found for a query: the unit, the score, the evidence sentence, the status and
/// the words that show it.
pub struct Found {
    pub unit: UnitRef,
    pub score: f64,
    pub evidence: String,
    pub status: Status,
    pub reason: String,
}

impl<'a> Index<'a> {
    pub fn build(
        archive: &Archive,
        segmenter: &'a Segmenter,
        lexicon: &'a Lexicon<'a>,
    ) -> Index<'a> {
        let mut index = Index {
            lexicon,
            segmenter,
            vocabulary: HashMap::new(),
            df: Vec::new(),
            postings: Vec::new(),
            sentences: Vec::new(),
        };
        for doc in &archive.documents {
            let Some(summit) = archive.summit(&doc.summit).map(|s| s.number) else {
                continue;
            };
            for unit in doc.body_units() {
                if !citable(unit.kind) {
                    continue;
                }
                for sentence in sentences(&unit.zh) {
                    let words = index.words(sentence);
                    let id = index.sentences.len() as u32;
                    let mut terms: Vec<u32> = Vec::new();
                    for w in words {
                        let next = index.vocabulary.len() as u32;
                        let t = *index.vocabulary.entry(w).or_insert(next);
                        if t == next {
                            index.df.push(0);
                            index.postings.push(Vec::new());
                        }
                        if !terms.contains(&t) {
                            terms.push(t);
                            index.df[t as usize] += 1;
                            index.postings[t as usize].push(id);
                        }
                    }
                    index.sentences.push(Sentence {
                        unit: UnitRef {
                            summit: doc.summit.clone(),
                            document: doc.id.clone(),
                            unit: unit.id.clone(),
                        },
                        summit,
                        printed: sentence.to_string(),
                        entities: lexicon.entities(sentence),
                        terms,
                    });
                }
            }
        }
        index
    }

    /// The matching words of a text: entities as `@term`, and content words of two or more
    /// characters that are not stop words.
    /// Countries and people are who acts, not what is done: they do not make two passages
    /// speak of the same thing, and are left out.
    fn words(&self, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        // Forms whose pieces do not count: actors, and concepts (命运共同体 is one idea, not
        // also 命运 and 共同体).
        let mut whole: Vec<&str> = Vec::new();
        for e in self.lexicon.entities(text) {
            let kind = self.lexicon.kind(e);
            if matches!(kind, TermType::Country | TermType::Person) {
                whole.extend(self.lexicon.glossary.terms[e].forms());
                continue;
            }
            if !AGREEING.contains(&kind) {
                whole.extend(self.lexicon.glossary.terms[e].forms());
            }
            out.push(format!("@{}", self.lexicon.name(e)));
        }
        for w in self.segmenter.search_words(text) {
            if w.chars().count() >= 2
                && !rules::STOP_WORDS.contains(&w)
                && !whole.iter().any(|a| a.contains(w))
            {
                out.push(w.to_string());
            }
        }
        out
    }

    fn idf(&self, term: u32) -> f64 {
        let n = self.sentences.len().max(1) as f64;
        let df = self.df.get(term as usize).copied().unwrap_or(0) as f64;
        (1.0 + n / (1.0 + df)).ln()
    }

    /// The query for a commitment's text.
    pub fn query(&self, text: &str) -> Query {
        let words = self.words(text);
        let mut terms = Vec::new();
        let mut kept = Vec::new();
        for w in words {
            if let Some(&t) = self.vocabulary.get(&w)
                && !terms.contains(&t)
            {
                terms.push(t);
                kept.push(w);
            }
        }
        Query {
            terms,
            entities: self.lexicon.entities(text),
            words: kept,
        }
    }

    /// The units of summits after `after` that report on the query, best sentence each.
    pub fn follow(&self, query: &Query, after: u32, own: &str) -> Vec<Found> {
        let full: f64 = query.terms.iter().map(|&t| self.idf(t)).sum();
        let total = full.min(MAX_QUERY_WEIGHT);
        // Enough rare words, or nearly all the words of a short commitment.
        let min_weight = MIN_WEIGHT.min(NEARLY_ALL * full);
        if total <= 0.0 {
            return Vec::new();
        }
        let max_df = ((self.sentences.len() as f64) * MAX_DF_SHARE).max(3.0) as u32;
        // In sentence order, so that of equal scores the first sentence wins, every run.
        let mut candidates: Vec<u32> = Vec::new();
        for &t in &query.terms {
            if self.df[t as usize] <= max_df {
                candidates.extend(self.postings[t as usize].iter().copied());
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        let mut best: BTreeMap<&UnitRef, (f64, u32)> = BTreeMap::new();
        for s in candidates {
            let sentence = &self.sentences[s as usize];
            if sentence.summit <= after || !self.agree(&query.entities, &sentence.entities) {
                continue;
            }
            let shared: Vec<u32> = query
                .terms
                .iter()
                .copied()
                .filter(|t| sentence.terms.contains(t))
                .collect();
            // One shared word is enough only when it is a named project, mechanism,
            // organisation, initiative or place.
            let shares_entity = query.entities.iter().any(|&e| {
                AGREEING.contains(&self.lexicon.kind(e)) && sentence.entities.contains(&e)
            });
            if shared.len() < 2 && !shares_entity {
                continue;
            }
            let weight = shared.iter().map(|&t| self.idf(t)).sum::<f64>();
            if weight < min_weight {
                continue;
            }
            let score = weight / total;
            let entry = best.entry(&sentence.unit).or_insert((0.0, s));
            if score > entry.0 {
                *entry = (score, s);
            }
        }
        let mut out: Vec<Found> = best
            .into_iter()
            .filter(|(_, (score, _))| *score >= THRESHOLD)
            .map(|(unit, (score, s))| {
                let sentence = &self.sentences[s as usize];
                let shared: Vec<&str> = query
                    .words
                    .iter()
                    .zip(&query.terms)
                    .filter(|(_, t)| sentence.terms.contains(t))
                    .map(|(w, _)| w.trim_start_matches('@'))
                    .collect();
                let (status, reason) = status(self.segmenter, &sentence.printed, &shared, own);
                Found {
                    unit: unit.clone(),
                    score: score.min(1.0),
                    evidence: sentence.printed.clone(),
                    status,
                    reason,
                }
            })
            .collect();
        out.sort_by(|a, b| a.unit.cmp(&b.unit));
        out
    }

    /// The best sentence of one unit for a query (for a follow-up an editor added).
    pub fn evidence_in(&self, query: &Query, unit: &UnitRef, own: &str) -> Option<Found> {
        let total: f64 = query
            .terms
            .iter()
            .map(|&t| self.idf(t))
            .sum::<f64>()
            .max(f64::MIN_POSITIVE);
        self.sentences
            .iter()
            .filter(|s| &s.unit == unit)
            .map(|s| {
                let score = query
                    .terms
                    .iter()
                    .filter(|t| s.terms.contains(t))
                    .map(|&t| self.idf(t))
                    .sum::<f64>()
                    / total;
                (score, s)
            })
            // The best sentence; the first of equals.
            .rev()
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(score, s)| {
                let shared: Vec<&str> = query
                    .words
                    .iter()
                    .zip(&query.terms)
                    .filter(|(_, t)| s.terms.contains(t))
                    .map(|(w, _)| w.trim_start_matches('@'))
                    .collect();
                let (status, reason) = status(self.segmenter, &s.printed, &shared, own);
                Found {
                    unit: unit.clone(),
                    score,
                    evidence: s.printed.clone(),
                    status,
                    reason,
                }
            })
    }

    /// Whether two passages agree on their entities: for each type of [`AGREEING`], when
    /// both name entities of that type, they name at least one in common.
    fn agree(&self, a: &[usize], b: &[usize]) -> bool {
        entities_agree(self.lexicon, a, b)
    }
}

/// The entity rule, on its own: for each agreeing type, when both sides name entities of the
/// type, they share one.
pub fn entities_agree(lexicon: &Lexicon<'_>, a: &[usize], b: &[usize]) -> bool {
    AGREEING.iter().all(|&kind| {
        let of = |side: &[usize]| -> Vec<usize> {
            side.iter()
                .copied()
                .filter(|&e| lexicon.kind(e) == kind)
                .collect()
        };
        let (x, y) = (of(a), of(b));
        x.is_empty() || y.is_empty() || x.iter().any(|e| y.contains(e))
    })
}

/// The status a sentence reports and the printed word that shows it. The clauses that repeat
/// the commitment's words are read first, then the whole sentence. A completion word after a
/// forward word in its clause (`力争早日建成`) shows work under way, not completion; a
/// reporting word the commitment itself uses (`own`) only repeats it.
pub fn status(
    segmenter: &Segmenter,
    sentence: &str,
    shared: &[&str],
    own: &str,
) -> (Status, String) {
    let all = clauses(sentence);
    // The clauses that repeat the commitment's words, each with the clause after it (where
    // `力争早日建成` often follows what is aimed at).
    let mut focus: Vec<&str> = Vec::new();
    for (i, c) in all.iter().enumerate() {
        if shared.iter().any(|w| c.contains(w)) {
            for k in [i, i + 1] {
                if let Some(&c) = all.get(k)
                    && !focus.contains(&c)
                {
                    focus.push(c);
                }
            }
        }
    }
    for scope in [focus, all] {
        let mut progress: Option<String> = None;
        let mut repeat: Option<String> = None;
        for clause in &scope {
            let words = segmenter.words(clause);
            for (i, w) in words.iter().enumerate() {
                let forward = words[..i].iter().any(|p| rules::FORWARD.contains(p));
                if rules::FULFILLED.contains(w) {
                    if !forward && !own.contains(w) {
                        return (Status::Fulfilled, w.to_string());
                    }
                    if forward && progress.is_none() {
                        progress = Some(w.to_string());
                    }
                }
                if rules::IN_PROGRESS.contains(w) && progress.is_none() && !own.contains(w) {
                    progress = Some(w.to_string());
                }
                if rules::REAFFIRMED.contains(w) && repeat.is_none() {
                    repeat = Some(w.to_string());
                }
            }
        }
        if let Some(w) = progress {
            return (Status::InProgress, w);
        }
        if let Some(w) = repeat {
            return (Status::Reaffirmed, w);
        }
    }
    (Status::Reaffirmed, String::new())
}
