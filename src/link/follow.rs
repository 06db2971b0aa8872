//! Follow-ups across summits. Every sentence of every citable unit is indexed once: its
//! words in search mode (the glossary as user dictionary, so 中吉乌铁路 stays one word) and
//! the glossary entities it names. For a commitment, candidates are the sentences of the next
//! summits (as many as the site's `follow_summits`) that share one of its rarer words or
//! entities (an inverted index: never every pair); each is scored by the IDF-weighted share
//! of the commitment's words it repeats.
//! Where the commitment and the clauses that repeat it both name entities of one type, they
//! must name the same one (the road is not the railway). The status comes from the printed
//! reporting words of the best sentence; a sentence that prints none (a description, a
//! forecast) reports on nothing. A sentence that says it reports from the commitment's summit
//! (`西安峰会以来`) needs only one word in common: the one the commitment repeats.

use super::extract::{Lexicon, citable, clauses, sentences};
use super::rules;
use crate::load::Archive;
use crate::load::glossary::TermType;
use crate::model::*;
use crate::segment::Segmenter;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::hash::Hasher;
use std::sync::{Arc, RwLock};

/// The smallest score that makes a follow-up.
pub const THRESHOLD: f64 = 0.6;
/// A long sentence is scored as if it weighed this much: repeating four of its rarer words
/// is enough, whatever else it says.
const MAX_QUERY_WEIGHT: f64 = 25.0;
/// The smallest summed IDF of the shared words: two rare words, or several common ones.
const MIN_WEIGHT: f64 = 10.0;
/// The share of a short commitment's weight that is enough on its own.
const NEARLY_ALL: f64 = 0.7;
/// The share of the best score in a passage that another follow-up there needs.
const RIVAL: f64 = 0.8;
/// The most clauses in a row that one follow-up's words may come from.
const SPAN_CLAUSES: usize = 2;
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
    /// The terms of each clause, in order: a follow-up is scored on a few clauses in a row.
    clauses: Vec<Vec<u32>>,
    entities: Vec<usize>,
    /// The entities of each clause, in order: the entity rule holds in the clauses that
    /// repeat the commitment (a sentence may go on to another project).
    clause_entities: Vec<Vec<usize>>,
    /// The earliest year the sentence looks back to (`30多年来` in a 2025 text: 1995), if it
    /// looks back over a span of years.
    looks_back_to: Option<i32>,
    /// The earlier summit the sentence reports from (`西安峰会以来`: since the summit held
    /// in Xi'an), if it names one so.
    reports_from: Option<u32>,
}

/// The index over every sentence of the archive.
pub struct Index<'a> {
    lexicon: &'a Lexicon<'a>,
    segmenter: &'a Segmenter,
    vocabulary: HashMap<String, u32>,
    df: Vec<u32>,
    postings: Vec<Vec<u32>>,
    sentences: Vec<Sentence>,
    /// Each summit's year, by number.
    years: HashMap<u32, i32>,
    /// How many summits after a commitment's own are read for its follow-ups.
    window: u32,
}

/// A commitment's words, weighted, ready to be matched.
pub struct Query {
    terms: Vec<u32>,
    entities: Vec<usize>,
    /// The terms that name a project, mechanism, organisation, initiative or place: one of
    /// them shared is enough to make a candidate.
    named: Vec<u32>,
    /// The words the commitment says more than once (贸易 in 推动贸易发展，促进贸易结构多元化，
    /// 简化贸易程序): what it is about.
    topic: Vec<u32>,
    /// The one country that commits, when it is neither China nor every party: what another
    /// country says is not its follow-up.
    country: Option<String>,
}

impl Query {
    /// The query for a commitment made by `actors`.
    pub fn by(mut self, actors: &[Actor]) -> Query {
        self.country = match actors {
            [one] if one.key != "all" && one.key != "china" => Some(one.key.clone()),
            _ => None,
        };
        self
    }
}

/// A follow-up found for a query: the unit, the score, the evidence sentence, the status and
/// the words that show it.
pub struct Found {
    pub unit: UnitRef,
    pub score: f64,
    pub evidence: String,
    pub status: Status,
    pub reason: String,
    /// Where the evidence is: the sentence's number in the index, and the clauses (from, to)
    /// that repeat the commitment.
    pub at: (u32, usize, usize),
}

impl<'a> Index<'a> {
    pub fn build(
        archive: &Archive,
        segmenter: &'a Segmenter,
        lexicon: &'a Lexicon<'a>,
        kept: Option<&Sentences>,
    ) -> Index<'a> {
        let mut index = Index {
            lexicon,
            segmenter,
            vocabulary: HashMap::new(),
            df: Vec::new(),
            postings: Vec::new(),
            sentences: Vec::new(),
            years: archive
                .summits
                .iter()
                .map(|s| (s.number, year_of(&s.start)))
                .collect(),
            window: archive.site.follow_summits,
        };
        // Every sentence is read on its own, on every core; the words are then numbered in
        // sentence order, so that the vocabulary and the postings are the same every run.
        let mut units: Vec<(&crate::model::Document, &Unit, u32)> = Vec::new();
        for doc in &archive.documents {
            let Some(summit) = archive.summit(&doc.summit).map(|s| s.number) else {
                continue;
            };
            for unit in doc.body_units() {
                if citable(unit.kind) {
                    units.push((doc, unit, summit));
                }
            }
        }
        let read: Vec<Vec<Arc<ReadSentence>>> = units
            .par_iter()
            .map(|&(doc, unit, _)| {
                let year = year_of(&doc.date);
                sentences(&unit.zh)
                    .into_iter()
                    .map(|sentence| {
                        kept.and_then(|k| k.get(sentence, year)).unwrap_or_else(|| {
                            Arc::new(read_sentence(lexicon, segmenter, sentence, year))
                        })
                    })
                    .collect()
            })
            .collect();
        if let Some(kept) = kept {
            kept.keep(units.iter().zip(&read).flat_map(|(&(doc, _, _), read)| {
                let year = year_of(&doc.date);
                read.iter().map(move |r| (year, Arc::clone(r)))
            }));
        }
        for ((doc, unit, summit), read) in units.into_iter().zip(read) {
            for r in read {
                let id = index.sentences.len() as u32;
                let mut terms: Vec<u32> = Vec::new();
                let mut by_clause: Vec<Vec<u32>> = Vec::new();
                for words in &r.clause_words {
                    let mut own: Vec<u32> = Vec::new();
                    for w in words.iter() {
                        let t = index.term(w);
                        if !own.contains(&t) {
                            own.push(t);
                        }
                        if !terms.contains(&t) {
                            terms.push(t);
                            index.df[t as usize] += 1;
                            index.postings[t as usize].push(id);
                        }
                    }
                    by_clause.push(own);
                }
                index.sentences.push(Sentence {
                    unit: UnitRef {
                        summit: doc.summit.clone(),
                        document: doc.id.clone(),
                        unit: unit.id.clone(),
                    },
                    summit,
                    reports_from: reports_from(&r.printed, &archive.summits, summit),
                    printed: r.printed.clone(),
                    entities: r.entities.clone(),
                    terms,
                    clauses: by_clause,
                    clause_entities: r.clause_entities.clone(),
                    looks_back_to: r.looks_back_to,
                });
            }
        }
        index
    }

    /// The id of a word, added to the vocabulary when new.
    fn term(&mut self, word: &str) -> u32 {
        if let Some(&t) = self.vocabulary.get(word) {
            return t;
        }
        let next = self.vocabulary.len() as u32;
        self.vocabulary.insert(word.to_string(), next);
        self.df.push(0);
        self.postings.push(Vec::new());
        next
    }

    /// The matching words of a text (see [`words`]).
    fn words(&self, text: &str) -> Vec<String> {
        words(self.lexicon, self.segmenter, text)
    }

    fn idf(&self, term: u32) -> f64 {
        let n = self.sentences.len().max(1) as f64;
        let df = self.df.get(term as usize).copied().unwrap_or(0) as f64;
        (1.0 + n / (1.0 + df)).ln()
    }

    /// The weight of some of a query's terms: the sum of their IDF.
    fn weight(&self, terms: &[u32]) -> f64 {
        terms.iter().map(|&t| self.idf(t)).sum()
    }

    /// The query for a commitment's text.
    pub fn query(&self, text: &str) -> Query {
        let words = self.words(text);
        let mut terms = Vec::new();
        let mut topic = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for w in &words {
            if words.iter().filter(|x| *x == w).count() > 1
                && let Some(&t) = self.vocabulary.get(w)
                && !topic.contains(&t)
            {
                topic.push(t);
            }
        }
        for w in words {
            if let Some(&t) = self.vocabulary.get(&w)
                && seen.insert(t)
            {
                terms.push(t);
            }
        }
        let entities = self.lexicon.entities(text);
        let named = entities
            .iter()
            .filter(|&&e| AGREEING.contains(&self.lexicon.kind(e)))
            .filter_map(|&e| {
                self.vocabulary
                    .get(&format!("@{}", self.lexicon.name(e)))
                    .copied()
            })
            .collect();
        Query {
            terms,
            entities,
            named,
            topic,
            country: None,
        }
    }

    /// The units of the summits after `after` (as many as the site's `follow_summits`) that
    /// report on the query, best sentence each.
    pub fn follow(&self, query: &Query, after: u32, own: &str) -> Vec<Found> {
        let full = self.weight(&query.terms);
        let total = full.min(MAX_QUERY_WEIGHT);
        // Enough rare words, or nearly all the words of a short commitment.
        let min_weight = MIN_WEIGHT.min(NEARLY_ALL * full);
        if total <= 0.0 {
            return Vec::new();
        }
        let max_df = ((self.sentences.len() as f64) * MAX_DF_SHARE).max(3.0) as u32;
        // In sentence order, so that of equal scores the first sentence wins, every run.
        // Sentences are indexed in summit order: those of later summits are the last ones, and
        // each posting list, in sentence order, is cut where they start.
        let first = self.sentences.partition_point(|s| s.summit <= after) as u32;
        let last = after.saturating_add(self.window);
        let end = self.sentences.partition_point(|s| s.summit <= last) as u32;
        let mut candidates: Vec<u32> = Vec::new();
        for &t in &query.terms {
            if self.df[t as usize] <= max_df {
                let postings = &self.postings[t as usize];
                let from = postings.partition_point(|&s| s < first);
                let to = postings.partition_point(|&s| s < end);
                candidates.extend_from_slice(&postings[from..to]);
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        let mut best: BTreeMap<&UnitRef, Found> = BTreeMap::new();
        let promised = self.years.get(&after).copied().unwrap_or(i32::MIN);
        for s in candidates {
            let sentence = &self.sentences[s as usize];
            if sentence.summit <= after {
                continue;
            }
            // A sentence that sums up the decades before the promise (`建交30多年来`) tells
            // of a longer story, not of what became of the promise.
            if sentence.looks_back_to.is_some_and(|y| y < promised) {
                continue;
            }
            if let Some(country) = &query.country
                && !sentence
                    .entities
                    .iter()
                    .any(|&e| self.lexicon.name(e) == country)
                && !rules::ALL_PARTIES
                    .iter()
                    .any(|w| sentence.printed.contains(w))
            {
                continue;
            }
            let scored = self
                .best_span(query, sentence)
                .filter(|&(weight, _)| weight >= min_weight && weight / total >= THRESHOLD)
                .map(|(weight, span)| (weight / total, span));
            // A sentence that says it reports from the commitment's summit and names what the
            // commitment is about reports on it, at the lowest passing score: a closer
            // follow-up in the same clauses wins over it.
            let Some((score, span)) = scored.or_else(|| {
                (sentence.reports_from == Some(after))
                    .then(|| self.topic_clause(query, sentence))
                    .flatten()
                    .map(|i| (THRESHOLD, (i, i + 1)))
            }) else {
                continue;
            };
            if best.get(&sentence.unit).is_some_and(|f| score <= f.score) {
                continue;
            }
            let (status, reason) = status(self.segmenter, &sentence.printed, span, own);
            // A sentence that prints no word of completion, progress or repetition but those
            // the commitment itself uses says the same thing again without reporting on it.
            if reason.is_empty() {
                continue;
            }
            best.insert(
                &sentence.unit,
                Found {
                    unit: sentence.unit.clone(),
                    score: score.min(1.0),
                    evidence: sentence.printed.clone(),
                    status,
                    reason,
                    at: (s, span.0, span.1),
                },
            );
        }
        let mut out: Vec<Found> = best.into_values().collect();
        out.sort_by(|a, b| a.unit.cmp(&b.unit));
        out
    }

    /// The clauses in a row of `sentence` (at most [`SPAN_CLAUSES`]) that repeat the most of
    /// the query's weight, with that weight: two of its words, or one named project,
    /// mechanism, organisation, initiative or place. Words scattered over a long sentence
    /// that speaks of several things do not add up to a follow-up.
    fn best_span(&self, query: &Query, sentence: &Sentence) -> Option<(f64, (usize, usize))> {
        let mut best: Option<(f64, (usize, usize))> = None;
        for start in 0..sentence.clauses.len() {
            for end in start + 1..=(start + SPAN_CLAUSES).min(sentence.clauses.len()) {
                let span = &sentence.clauses[start..end];
                let shared: Vec<u32> = query
                    .terms
                    .iter()
                    .copied()
                    .filter(|t| span.iter().any(|c| c.contains(t)))
                    .collect();
                if shared.len() < 2 && !shared.iter().any(|t| query.named.contains(t)) {
                    continue;
                }
                let named: Vec<usize> = sentence.clause_entities[start..end].concat();
                if !self.agree(&query.entities, &named) {
                    continue;
                }
                let weight = self.weight(&shared);
                // Of equal weights, the fewest clauses: the evidence as tight as it can be.
                if best.is_none_or(|(w, (a, b))| weight > w || weight == w && end - start < b - a) {
                    best = Some((weight, (start, end)));
                }
            }
        }
        best
    }

    /// The first clause of `sentence` that names what the query is about (one of its
    /// [`Query::topic`] words) and agrees with it on entities.
    fn topic_clause(&self, query: &Query, sentence: &Sentence) -> Option<usize> {
        (0..sentence.clauses.len()).find(|&i| {
            query.topic.iter().any(|t| sentence.clauses[i].contains(t))
                && self.agree(&query.entities, &sentence.clause_entities[i])
        })
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
            .enumerate()
            .filter(|(_, s)| &s.unit == unit)
            .map(|(id, s)| {
                let score = query
                    .terms
                    .iter()
                    .filter(|t| s.terms.contains(t))
                    .map(|&t| self.idf(t))
                    .sum::<f64>()
                    / total;
                (score, id as u32, s)
            })
            // The best sentence; the first of equals.
            .rev()
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(score, id, s)| {
                let (status, reason) =
                    status(self.segmenter, &s.printed, (0, s.clauses.len()), own);
                Found {
                    unit: unit.clone(),
                    score,
                    evidence: s.printed.clone(),
                    status,
                    reason,
                    at: (id, 0, s.clauses.len()),
                }
            })
    }

    /// The sentence of one unit that an editor's note quotes (one of the note's clauses of
    /// four or more characters is printed in it; the most quoted characters win), as the
    /// evidence of a follow-up the editor added.
    pub fn evidence_quoted(&self, unit: &UnitRef, note: &str, own: &str) -> Option<Found> {
        let quotes: Vec<&str> = sentences(note)
            .into_iter()
            .flat_map(clauses)
            .map(|c| c.trim_end_matches(rules::SENTENCE_ENDS).trim())
            .filter(|c| c.chars().count() >= 4)
            .collect();
        self.sentences
            .iter()
            .enumerate()
            .filter(|(_, s)| &s.unit == unit)
            .map(|(id, s)| {
                let quoted: usize = quotes
                    .iter()
                    .filter(|q| s.printed.contains(**q))
                    .map(|q| q.chars().count())
                    .sum();
                (quoted, id as u32, s)
            })
            .filter(|(quoted, _, _)| *quoted > 0)
            // The most quoted sentence; the first of equals.
            .rev()
            .max_by_key(|(quoted, _, _)| *quoted)
            .map(|(_, id, s)| {
                let (status, reason) =
                    status(self.segmenter, &s.printed, (0, s.clauses.len()), own);
                Found {
                    unit: unit.clone(),
                    score: 1.0,
                    evidence: s.printed.clone(),
                    status,
                    reason,
                    at: (id, 0, s.clauses.len()),
                }
            })
    }

    /// Whether two passages agree on their entities: for each type of [`AGREEING`], when
    /// both name entities of that type, they name at least one in common.
    fn agree(&self, a: &[usize], b: &[usize]) -> bool {
        entities_agree(self.lexicon, a, b)
    }
}

/// A sentence as the index reads it, before its words are numbered.
/// What reading each sentence gave, kept from one run to the next with the same segmenter and
/// glossary (`serve`): a sentence of the same text and year is not read again. What a run did
/// not read is forgotten after it.
#[derive(Default)]
pub struct Sentences {
    /// By the hash of the sentence and its year, with the year.
    earlier: RwLock<HashMap<u64, (i32, Arc<ReadSentence>)>>,
}

fn sentence_hash(sentence: &str, year: i32) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    h.write(sentence.as_bytes());
    h.write_i32(year);
    h.finish()
}

impl Sentences {
    fn get(&self, sentence: &str, year: i32) -> Option<Arc<ReadSentence>> {
        let earlier = self.earlier.read().unwrap_or_else(|e| e.into_inner());
        let (y, read) = earlier.get(&sentence_hash(sentence, year))?;
        (*y == year && read.printed == sentence).then(|| Arc::clone(read))
    }

    fn keep(&self, read: impl Iterator<Item = (i32, Arc<ReadSentence>)>) {
        let now = read
            .map(|(year, r)| (sentence_hash(&r.printed, year), (year, r)))
            .collect();
        *self.earlier.write().unwrap_or_else(|e| e.into_inner()) = now;
    }
}

struct ReadSentence {
    printed: String,
    clause_words: Vec<WordList>,
    clause_entities: Vec<Vec<usize>>,
    entities: Vec<usize>,
    looks_back_to: Option<i32>,
}

/// Reads one sentence of a text of `year`: its words and entities, clause by clause.
fn read_sentence(
    lexicon: &Lexicon<'_>,
    segmenter: &Segmenter,
    sentence: &str,
    year: i32,
) -> ReadSentence {
    let mut clause_words = Vec::new();
    let mut clause_entities = Vec::new();
    for clause in clauses(sentence) {
        clause_entities.push(lexicon.entities(clause));
        clause_words.push(WordList::of(lexicon, segmenter, clause));
    }
    ReadSentence {
        printed: sentence.to_string(),
        clause_words,
        clause_entities,
        entities: lexicon.entities(sentence),
        looks_back_to: looks_back_to(sentence, year),
    }
}

/// The matching words of a text: entities as `@term`, and content words of two or more
/// characters that are not stop words.
/// Countries and people are who acts, not what is done: they do not make two passages
/// speak of the same thing, and are left out.
fn words(lexicon: &Lexicon<'_>, segmenter: &Segmenter, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    each_word(lexicon, segmenter, text, |w| out.push(w.to_string()));
    out
}

/// Each of the matching words of `text` (see [`words`]), handed to `found` in order.
fn each_word(
    lexicon: &Lexicon<'_>,
    segmenter: &Segmenter,
    text: &str,
    mut found: impl FnMut(&str),
) {
    // Forms whose pieces do not count: actors, and concepts (命运共同体 is one idea, not
    // also 命运 and 共同体).
    let mut whole: Vec<&str> = Vec::new();
    for e in lexicon.entities(text) {
        let kind = lexicon.kind(e);
        if matches!(kind, TermType::Country | TermType::Person) {
            whole.extend(lexicon.glossary.terms[e].forms());
            continue;
        }
        if !AGREEING.contains(&kind) {
            whole.extend(lexicon.glossary.terms[e].forms());
        }
        found(&format!("@{}", lexicon.name(e)));
    }
    for w in segmenter.search_words(text) {
        if w.chars().count() >= 2
            && !rules::STOP_WORDS.contains(&w)
            && !rules::is_commit_or_report_word(w)
            && !whole.iter().any(|a| a.contains(w))
        {
            found(w);
        }
    }
}

/// Words kept close together: their text one after another, and where each ends. The
/// archive's sentences hold millions of words, each then costing its bytes and four more,
/// not an allocation of its own.
#[derive(Default)]
struct WordList {
    text: String,
    ends: Vec<u32>,
}

impl WordList {
    /// The matching words of `text` (see [`words`]).
    fn of(lexicon: &Lexicon<'_>, segmenter: &Segmenter, text: &str) -> WordList {
        let mut list = WordList::default();
        each_word(lexicon, segmenter, text, |w| {
            list.text.push_str(w);
            list.ends.push(list.text.len() as u32);
        });
        list.text.shrink_to_fit();
        list.ends.shrink_to_fit();
        list
    }

    /// The words, in order.
    fn iter(&self) -> impl Iterator<Item = &str> {
        let mut start = 0;
        self.ends.iter().map(move |&end| {
            let word = &self.text[start..end as usize];
            start = end as usize;
            word
        })
    }
}

/// The earlier summit that a sentence of summit `own` reports from: `西安峰会以来` or
/// `西安峰会后` (since, or after, the summit held in a city), `首届峰会以来` (the first),
/// `上届峰会以来` (the one before). The cities are the summits' own, from their records.
pub fn reports_from(sentence: &str, summits: &[Summit], own: u32) -> Option<u32> {
    // The text before each `峰会以来` or `峰会后` of the sentence: most sentences have none, and
    // are done with at once, whatever the number of summits.
    let anchors: Vec<&str> = sentence
        .match_indices("峰会")
        .filter(|(i, m)| {
            let rest = &sentence[i + m.len()..];
            // Not `峰会后续`: what follows from the summit, not what came after it.
            rest.starts_with("以来") || rest.starts_with('后') && !rest.starts_with("后续")
        })
        .map(|(i, _)| &sentence[..i])
        .collect();
    if anchors.is_empty() {
        return None;
    }
    // `<name>峰会以来`: an anchor right after the name.
    let since = |name: &str| anchors.iter().any(|before| before.ends_with(name));
    summits
        .iter()
        .filter(|s| s.number < own)
        .find(|s| {
            since(&s.city.zh)
                || s.number == 1 && since("首届")
                || s.number + 1 == own && since("上届")
        })
        .map(|s| s.number)
}

/// The year of a `YYYY-MM-DD` date (0 if it has none).
fn year_of(date: &str) -> i32 {
    date.get(..4).and_then(|y| y.parse().ok()).unwrap_or(0)
}

/// The earliest year a sentence of a text of `year` looks back to over a span of years:
/// `30多年来` and `三十年来` (30 years before), `2013年以来` (2013), `建交以来` (since
/// relations began: long before any summit).
pub fn looks_back_to(sentence: &str, year: i32) -> Option<i32> {
    static SPAN: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"([0-9０-９]+|[一二两三四五六七八九十百]+)多?年(?:来|以来)|建交以来")
            .expect("constant pattern")
    });
    SPAN.captures_iter(sentence)
        .filter_map(|m| {
            let Some(n) = m.get(1) else {
                return Some(i32::MIN);
            };
            let n = n.as_str();
            let value = crate::text::parse_digits(n).or_else(|| crate::text::parse_numeral(n))?;
            let value = i32::try_from(value).ok()?;
            // Four digits are a year (`2013年以来`), fewer a count of years.
            Some(if n.chars().count() == 4 {
                value
            } else {
                year - value
            })
        })
        .min()
}

/// A passage reports on the commitments it is closest to: of the follow-ups found in
/// overlapping clauses of one sentence, those scoring well below the best there are dropped.
/// A sentence on United Nations reform is the follow-up of the commitment about the United
/// Nations, not of every commitment that names it in passing.
pub fn keep_closest(found: &mut [BTreeMap<UnitRef, Found>]) {
    let mut by_sentence: HashMap<u32, Vec<(usize, usize, f64)>> = HashMap::new();
    for f in found.iter().flat_map(|m| m.values()) {
        by_sentence
            .entry(f.at.0)
            .or_default()
            .push((f.at.1, f.at.2, f.score));
    }
    for map in found.iter_mut() {
        map.retain(|_, f| {
            let best = by_sentence[&f.at.0]
                .iter()
                .filter(|(from, to, _)| *from < f.at.2 && f.at.1 < *to)
                .map(|t| t.2)
                .fold(0.0, f64::max);
            f.score >= RIVAL * best
        });
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
/// the commitment's words (`span`) are read first, then the whole sentence. A completion word
/// after a forward word (`将开设`, `力争早日建成`) commits to the thing again rather than
/// reporting it done; so does a light word of progress (`推动`, `实施`) after a forward or
/// repeating word (`商定积极推动`, `继续实施`); the words of work under way (`推进`, `加快`)
/// report it under way whatever comes before, even when the commitment used them. Another
/// reporting word the commitment itself uses
/// (`own`) only repeats it.
pub fn status(
    segmenter: &Segmenter,
    sentence: &str,
    span: (usize, usize),
    own: &str,
) -> (Status, String) {
    let all = clauses(sentence);
    let focus: Vec<&str> = all
        .get(span.0..span.1.min(all.len()))
        .unwrap_or_default()
        .to_vec();
    for scope in [focus, all] {
        let mut progress: Option<String> = None;
        let mut repeat: Option<String> = None;
        // Forward or repeating words seen so far in the sentence.
        let mut committed = false;
        for clause in &scope {
            let words = segmenter.words(clause);
            for (i, w) in words.iter().enumerate() {
                // `将成为`, `将是`: a forecast of what a thing will be, not a pledge to do it.
                if words
                    .get(i + 1)
                    .is_some_and(|next| rules::FORECAST.contains(next))
                    && rules::FUTURE.contains(w)
                {
                    continue;
                }
                let forward = words[..i].iter().any(|p| rules::FORWARD.contains(p));
                if rules::FULFILLED.contains(w) && !own.contains(w) && !forward {
                    return (Status::Fulfilled, w.to_string());
                }
                if rules::UNDER_WAY.contains(w) && progress.is_none() {
                    progress = Some(w.to_string());
                }
                if rules::LIGHT_PROGRESS.contains(w)
                    && progress.is_none()
                    && !committed
                    && !own.contains(w)
                {
                    progress = Some(w.to_string());
                }
                if rules::FORWARD.contains(w) || rules::REAFFIRMED.contains(w) {
                    committed = true;
                }
                if (rules::REAFFIRMED.contains(w) || rules::FULFILLED.contains(w) && forward)
                    && repeat.is_none()
                {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn summit(number: u32, city: &str) -> Summit {
        let text = |zh: &str| crate::model::Bilingual {
            zh: zh.to_string(),
            en: String::new(),
        };
        Summit {
            id: crate::model::SummitId::from(format!("s{number}")),
            number,
            name: text(""),
            start: String::new(),
            end: String::new(),
            city: text(city),
            host: text(""),
            leaders: Vec::new(),
            path: String::new(),
        }
    }

    #[test]
    fn a_sentence_reporting_since_an_earlier_summit_names_it_by_its_city_or_its_place() {
        let summits = [summit(1, "西安"), summit(2, "阿斯塔纳"), summit(3, "北京")];
        let from = |sentence: &str, own: u32| reports_from(sentence, &summits, own);
        assert_eq!(from("西安峰会以来，双边贸易额大幅增长", 2), Some(1));
        assert_eq!(from("西安峰会后，各方加紧落实", 3), Some(1));
        assert_eq!(from("阿斯塔纳峰会以来，合作稳步推进", 3), Some(2));
        assert_eq!(from("首届峰会以来，机制日益完善", 3), Some(1));
        assert_eq!(from("上届峰会以来，机制日益完善", 3), Some(2));
        // What follows from a summit is not what came after it.
        assert_eq!(from("西安峰会后续工作正在推进", 2), None);
        // Another format's summit, the summit itself, a later one, or none named.
        assert_eq!(from("撒马尔罕峰会以来，合作不断深化", 2), None);
        assert_eq!(from("北京峰会以来，合作不断深化", 3), None);
        assert_eq!(from("西安峰会期间，各方签署多项协议", 2), None);
        assert_eq!(from("中吉乌铁路正式开工", 2), None);
        // Of two anchors, the one that names an earlier summit counts.
        assert_eq!(from("撒马尔罕峰会后，特别是西安峰会以来", 2), Some(1));
    }

    #[test]
    fn a_sentence_looking_back_over_the_years_gives_the_year_it_reaches() {
        assert_eq!(
            looks_back_to("通过建交30多年来共同努力，中国同中亚五国已实现", 2025),
            Some(1995)
        );
        assert_eq!(
            looks_back_to("三十年来，双方合作成果丰硕", 2025),
            Some(1995)
        );
        assert_eq!(
            looks_back_to("两年来，中吉乌铁路建设加快推进", 2025),
            Some(2023)
        );
        assert_eq!(looks_back_to("西安峰会以来，贸易额大幅增长", 2025), None);
        assert_eq!(
            looks_back_to("2013年以来，共建“一带一路”稳步推进", 2025),
            Some(2013)
        );
        assert_eq!(
            looks_back_to("建交以来，两国关系不断发展", 2025),
            Some(i32::MIN)
        );
        assert_eq!(looks_back_to("中吉乌铁路正式开工", 2025), None);
    }
}
