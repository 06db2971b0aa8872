//! The link stage: the commitments each summit made, the units that state them, and what later
//! summits report about them. Takes the loaded [`Archive`] and the [`Segmenter`]; gives
//! [`Links`], plain data for the pages and the exports. Knows nothing of files or HTML.
//!
//! Four steps, a file each: [`extract`] finds the committing units of every document,
//! [`group`] joins the statements of one commitment within a summit, [`follow`] finds what
//! later summits report on each, and [`reviews`] applies the editors' verdicts. The language
//! they read is in [`rules`]; what is editorial (topics, reviews) is in `content/`.

pub mod extract;
pub mod follow;
pub mod group;
pub mod reviews;
pub mod rules;

use crate::diag::Diagnostic;
use crate::fingerprint::feed;
use crate::load::Archive;
use crate::model::*;
use crate::segment::Segmenter;
use extract::{Candidate, Lexicon};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::hash::{DefaultHasher, Hasher};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

/// How the link stage runs.
#[derive(Debug, Clone, Copy, Default)]
pub struct LinkOptions {
    /// Link as if `content/reviews.yaml` were absent, to measure the linker on its own.
    pub ignore_reviews: bool,
}

impl Links {
    /// How many follow-ups the commitments have in all.
    pub fn followup_count(&self) -> usize {
        self.commitments.iter().map(|c| c.followups.len()).sum()
    }

    /// The link stage's summary line: commitments, follow-ups, and how many nobody reviewed
    /// (`reviews_ignored` with `--ignore-reviews`).
    pub fn summary(&self, reviews_ignored: bool) -> String {
        let reviews = if reviews_ignored {
            "content/reviews.yaml ignored (--ignore-reviews)"
        } else {
            "not reviewed in content/reviews.yaml"
        };
        format!(
            "links: {} commitments, {} follow-ups; {} automatic follow-ups {}",
            self.commitments.len(),
            self.followup_count(),
            self.unreviewed,
            reviews
        )
    }
}

/// Finds the commitments of every summit and their follow-ups in later summits.
pub fn link_commitments(
    archive: &Archive,
    segmenter: &Segmenter,
    options: &LinkOptions,
) -> (Links, Vec<Diagnostic>) {
    link_commitments_keeping(archive, segmenter, options, None)
}

/// What the link stage keeps from one run to the next with the same segmenter and glossary
/// (`serve`): what reading each sentence gave, and the last run's links with a fingerprint of
/// what they were made from.
#[derive(Default)]
pub struct Kept {
    sentences: follow::Sentences,
    last: Mutex<Option<LastLinks>>,
    /// Whether the last call gave the links of the run before, unchanged but for the English.
    reused: AtomicBool,
}

/// A run's links and diagnostics, and the fingerprint of their inputs ([`inputs`]).
struct LastLinks {
    inputs: u64,
    links: Links,
    diagnostics: Vec<Diagnostic>,
}

impl Kept {
    /// Whether the last run gave the links of the run before it (its inputs were the same but
    /// for the English of the units).
    pub fn reused(&self) -> bool {
        self.reused.load(Ordering::Relaxed)
    }
}

/// [`link_commitments`], with what the last run with the same segmenter kept (`serve`): when
/// nothing link reads has changed since (only English, which it copies), its links come back
/// with the English of this run; else only sentences not read then are read now. Either way,
/// what this run has is kept for the next.
pub fn link_commitments_keeping(
    archive: &Archive,
    segmenter: &Segmenter,
    options: &LinkOptions,
    kept: Option<&Kept>,
) -> (Links, Vec<Diagnostic>) {
    let Some(kept) = kept else {
        return link_all(archive, segmenter, options, None);
    };
    let inputs = inputs(archive, options);
    let mut last = kept.last.lock().unwrap_or_else(|e| e.into_inner());
    let same = last.as_ref().filter(|l| l.inputs == inputs);
    kept.reused.store(same.is_some(), Ordering::Relaxed);
    if let Some(same) = same {
        let mut links = same.links.clone();
        english_of_today(&mut links, archive);
        // The cuts link asked for last time are still the archive's.
        segmenter.carry_over();
        return (links, same.diagnostics.clone());
    }
    let (links, diagnostics) = link_all(archive, segmenter, options, Some(&kept.sentences));
    *last = Some(LastLinks {
        inputs,
        links: links.clone(),
        diagnostics: diagnostics.clone(),
    });
    (links, diagnostics)
}

/// A fingerprint of everything the link stage reads: the options, the summits, the site's
/// settings, the glossary, the topics, the reviews, and every document without the English of
/// its units and details (which link only copies into a commitment: see [`english_of_today`]).
fn inputs(archive: &Archive, options: &LinkOptions) -> u64 {
    let documents: Vec<u64> = archive
        .documents
        .par_iter()
        .map(|doc| {
            let mut h = DefaultHasher::new();
            feed(&mut h, &doc.without_english());
            h.finish()
        })
        .collect();
    let mut h = DefaultHasher::new();
    h.write_u8(u8::from(options.ignore_reviews));
    feed(&mut h, &archive.summits);
    feed(&mut h, &archive.site);
    feed(&mut h, &archive.glossary);
    feed(&mut h, &archive.topics);
    feed(&mut h, &archive.reviews);
    feed(&mut h, &documents);
    h.finish()
}

/// Gives each commitment the English of the unit that heads it, as the archive has it now.
fn english_of_today(links: &mut Links, archive: &Archive) {
    let mut english: HashMap<(&str, &str, &str), &Option<String>> = HashMap::new();
    for doc in &archive.documents {
        for unit in doc.units() {
            english.insert(
                (doc.summit.as_str(), doc.id.as_str(), unit.id.as_str()),
                &unit.en,
            );
        }
    }
    for c in &mut links.commitments {
        let head = &c.sources[0];
        c.en = english
            .get(&(
                head.summit.as_str(),
                head.document.as_str(),
                head.unit.as_str(),
            ))
            .and_then(|en| (*en).clone());
    }
}

/// Links every commitment of `archive`, reading each sentence anew or, with `sentences`, as
/// the last run read it.
fn link_all(
    archive: &Archive,
    segmenter: &Segmenter,
    options: &LinkOptions,
    kept: Option<&follow::Sentences>,
) -> (Links, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let lexicon = Lexicon::new(&archive.glossary);
    let candidates = extract::extract(archive, segmenter, &lexicon);
    let groups = group::group(&candidates, segmenter, &lexicon);
    let index = follow::Index::build(archive, segmenter, &lexicon, kept);

    // Each commitment is followed on its own, on every core, kept in the groups' order.
    let (mut commitments, mut all_found): (Vec<(_, Commitment)>, Vec<_>) = groups
        .par_iter()
        .map(|members| {
            let statements: Vec<&Candidate> = members.iter().map(|&m| &candidates[m]).collect();
            let (commitment, found) = commitment(archive, &lexicon, &index, &statements);
            ((statements[0].order, commitment), found)
        })
        .unzip();
    follow::keep_closest(&mut all_found);
    for ((_, commitment), found) in commitments.iter_mut().zip(all_found) {
        commitment.followups = followups(archive, found);
    }
    commitments.sort_by_key(|a| a.0);
    let mut commitments: Vec<Commitment> = commitments.into_iter().map(|(_, c)| c).collect();

    if !options.ignore_reviews {
        let query_of = |c: &Commitment| {
            let text: String = c
                .sources
                .iter()
                .filter_map(|s| {
                    candidates
                        .iter()
                        .find(|k| &k.unit == s)
                        .map(|k| k.zh.clone())
                })
                .collect();
            (index.query(&text), text)
        };
        reviews::apply(
            archive,
            &index,
            &archive.reviews,
            &mut commitments,
            &query_of,
            &mut diags,
        );
    }

    let unreviewed = commitments
        .iter()
        .flat_map(|c| &c.followups)
        .filter(|f| !f.reviewed)
        .count();
    let by_unit = by_unit(&commitments);
    let (topic_passages, entity_passages) = passages(archive, &lexicon);
    (
        Links {
            commitments,
            topics: archive.topics.clone(),
            topic_passages,
            entity_passages,
            by_unit,
            unreviewed,
        },
        diags,
    )
}

/// The commitment made by `statements` (its first statement heads it), and the later units
/// that may report on it, each once with its best score; its follow-ups are left empty.
fn commitment(
    archive: &Archive,
    lexicon: &Lexicon<'_>,
    index: &follow::Index<'_>,
    statements: &[&Candidate],
) -> (Commitment, BTreeMap<UnitRef, follow::Found>) {
    let head = statements[0];
    let mut actors: Vec<Actor> = Vec::new();
    let mut entities: Vec<usize> = Vec::new();
    let mut found: BTreeMap<UnitRef, follow::Found> = BTreeMap::new();
    let after = head.order.0;
    // What the commitment says, in all its statements: a reporting word any of them
    // uses only repeats it.
    let text: String = statements.iter().map(|c| c.zh.as_str()).collect();
    for c in statements {
        for a in &c.actors {
            if !actors.iter().any(|x| x.key == a.key) {
                actors.push(a.clone());
            }
        }
        for &e in &c.entities {
            if !entities.contains(&e) {
                entities.push(e);
            }
        }
        // Sentence by sentence: a long unit states several things.
        for sentence in extract::sentences(&c.zh) {
            let query = index.query(sentence).by(&c.actors);
            for f in index.follow(&query, after, &text) {
                match found.get(&f.unit) {
                    Some(old) if old.score >= f.score => {}
                    _ => {
                        found.insert(f.unit.clone(), f);
                    }
                }
            }
        }
    }
    let commitment = Commitment {
        id: CommitmentId::from(format!(
            "{}.{}.{}",
            head.unit.summit, head.unit.document, head.unit.unit
        )),
        summit: head.unit.summit.clone(),
        sources: statements.iter().map(|c| c.unit.clone()).collect(),
        zh: head.zh.clone(),
        en: head.en.clone(),
        actors,
        topics: extract::topics_of(&archive.topics, lexicon, &text, &entities),
        entities: entities
            .iter()
            .map(|&e| lexicon.name(e).to_string())
            .collect(),
        followups: Vec::new(),
    };
    (commitment, found)
}

/// The follow-ups `found` for one commitment, in summit order, then by unit.
fn followups(archive: &Archive, found: BTreeMap<UnitRef, follow::Found>) -> Vec<Followup> {
    let number = |s: &SummitId| archive.summit(s).map_or(0, |s| s.number);
    let mut followups: Vec<Followup> = found
        .into_values()
        .map(|f| Followup {
            unit: f.unit,
            status: f.status,
            reason: f.reason,
            evidence: f.evidence,
            score: f.score,
            reviewed: false,
            note: None,
        })
        .collect();
    followups
        .sort_by(|a, b| (number(&a.unit.summit), &a.unit).cmp(&(number(&b.unit.summit), &b.unit)));
    followups
}

/// For each unit that states a commitment, the commitments it states.
fn by_unit(commitments: &[Commitment]) -> BTreeMap<UnitRef, Vec<CommitmentId>> {
    let mut by_unit: BTreeMap<UnitRef, Vec<CommitmentId>> = BTreeMap::new();
    for c in commitments {
        for s in &c.sources {
            by_unit.entry(s.clone()).or_default().push(c.id.clone());
        }
    }
    by_unit
}

type Passages<K> = BTreeMap<K, Vec<UnitRef>>;

/// Every citable unit by topic and by named glossary term, in reading order.
fn passages(archive: &Archive, lexicon: &Lexicon<'_>) -> (Passages<TopicId>, Passages<String>) {
    let mut topics: Passages<TopicId> = BTreeMap::new();
    let mut entities: Passages<String> = BTreeMap::new();
    for doc in &archive.documents {
        for unit in doc.units() {
            if unit.kind == UnitKind::Heading {
                continue;
            }
            let r = UnitRef {
                summit: doc.summit.clone(),
                document: doc.id.clone(),
                unit: unit.id.clone(),
            };
            let named = lexicon.entities(&unit.zh);
            for t in extract::topics_of(&archive.topics, lexicon, &unit.zh, &named) {
                topics.entry(t).or_default().push(r.clone());
            }
            for e in named {
                entities
                    .entry(lexicon.name(e).to_string())
                    .or_default()
                    .push(r.clone());
            }
        }
    }
    (topics, entities)
}
