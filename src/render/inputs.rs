//! What each page is made from, as a fingerprint: a hash of everything its view reads. A page
//! whose fingerprint is the same as at the last build (`serve` rebuilding after an edit) is the
//! same page, and is neither made nor written again.
//!
//! Three kinds of input, each hashed once per build:
//! - the **archive's frame**, which any page may show: the summits, the site's settings, the
//!   glossary, the topics, the reviews, the redirects and permalink record, the sources, and
//!   every document's details (title, date, kind, byline…) but not its units;
//! - each **document**: its details, units, captions and English, and its cleaning steps; and
//!   apart, the same without the English, for the Chinese pages that quote it;
//! - each **commitment**: its record as linked (what the pages that list it or note it beside
//!   a unit show), and with the documents it quotes (what its own page shows).
//!
//! Every page but the few that show the frame alone (the moved pages, the 404 page) has a
//! fingerprint, of what it shows in its language: a Chinese page shows no English but the
//! frame's, so an edit of a unit's English makes only English pages again. The pages that may
//! show anything of the archive (home, lists, search) are made from all of it; the tracker
//! from the commitments' records; the glossary page from where each term is named; a topic's
//! or a term's page from the units it lists; a summit's from its documents' details. The
//! theme is not hashed here: a changed theme makes every page again (see
//! [`crate::pipeline::Tools`]).

use crate::fingerprint::feed;
use crate::load::Archive;
use crate::model::{Commitment, Document, Links, UnitRef};
use crate::render::Lang;
use rayon::prelude::*;
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

/// The fingerprints of one build's inputs.
pub struct Fingerprints<'a> {
    frame: u64,
    /// Everything, as a Chinese page and as an English page shows it (see [`Self::archive`]).
    archive: [u64; 2],
    /// Every commitment's record, as each language shows it (see [`Self::records`]).
    records: [u64; 2],
    /// Where each glossary term is named (see [`Self::named`]).
    named: u64,
    documents: HashMap<(&'a str, &'a str), DocumentInputs>,
    /// Each unit (by summit, document and unit id) as a page that quotes it shows it: its
    /// Chinese, and its Chinese and English (see [`Self::subject`]).
    units: HashMap<(&'a str, &'a str, &'a str), [u64; 2]>,
    commitments: HashMap<&'a str, CommitmentInputs>,
}

/// The two fingerprints of a document: the whole of it, and the Chinese alone (what a Chinese
/// page that quotes its units shows of it).
#[derive(Clone, Copy, Default)]
struct DocumentInputs {
    whole: u64,
    chinese: u64,
}

/// The fingerprints of a commitment ([`Fingerprints::of_commitment_record`]).
#[derive(Clone, Copy)]
struct CommitmentInputs {
    record: u64,
    /// The record without its English: what a Chinese page that lists it shows.
    chinese_record: u64,
    quoted: u64,
    noted: u64,
}

/// A document's details: what pages other than its own show of it.
fn details(hasher: &mut DefaultHasher, d: &Document) {
    feed(
        hasher,
        &(
            (
                &d.id,
                &d.summit,
                d.kind,
                &d.title,
                d.title_printed,
                &d.subtitle,
            ),
            (
                &d.byline,
                &d.date,
                &d.dateline,
                &d.speaker,
                &d.author,
                &d.outlet,
            ),
            (
                &d.source_url,
                &d.source,
                d.source_lines,
                &d.completeness,
                d.draft,
            ),
            (&d.continues, &d.note, &d.path),
        ),
    );
    match &d.en {
        Some(en) => feed(
            hasher,
            &(
                &en.title,
                &en.subtitle,
                &en.byline,
                &en.dateline,
                &en.note,
                &en.path,
            ),
        ),
        None => hasher.write_u8(0),
    }
}

impl<'a> Fingerprints<'a> {
    /// Hashes the inputs of `archive` and `links`.
    pub fn new(archive: &'a Archive, links: &'a Links) -> Fingerprints<'a> {
        let mut frame = DefaultHasher::new();
        feed(&mut frame, &archive.summits);
        feed(&mut frame, &archive.site);
        feed(&mut frame, &archive.glossary);
        feed(&mut frame, &archive.topics);
        feed(&mut frame, &archive.reviews);
        feed(&mut frame, &archive.redirects);
        feed(&mut frame, &archive.permalink_record);
        feed(&mut frame, &archive.sources);
        feed(&mut frame, &links.topics);
        for d in &archive.documents {
            details(&mut frame, d);
        }
        let mut cleaning: HashMap<&str, Vec<_>> = HashMap::new();
        for c in &archive.report.cleaning {
            cleaning.entry(c.path.as_str()).or_default().push(c);
        }
        let per_document: Vec<_> = archive
            .documents
            .par_iter()
            .map(|d| {
                let mut chinese = DefaultHasher::new();
                feed(&mut chinese, &d.without_english());
                feed(&mut chinese, &cleaning.get(d.path.as_str()));
                // Which units are translated, which Chinese pages count.
                let translated: Vec<bool> = d.units().iter().map(|u| u.en.is_some()).collect();
                feed(&mut chinese, &translated);
                let chinese = chinese.finish();
                let mut whole = DefaultHasher::new();
                whole.write_u64(chinese);
                feed(&mut whole, &d.en);
                let english: Vec<_> = d.units().into_iter().map(|u| &u.en).collect();
                feed(&mut whole, &english);
                if let Some(en) = &d.en {
                    feed(&mut whole, &cleaning.get(en.path.as_str()));
                }
                let inputs = DocumentInputs {
                    whole: whole.finish(),
                    chinese,
                };
                let units: Vec<_> = d
                    .units()
                    .into_iter()
                    .map(|u| {
                        let key = (d.summit.as_str(), d.id.as_str(), u.id.as_str());
                        let mut h = DefaultHasher::new();
                        (key, &u.zh).hash(&mut h);
                        let zh = h.finish();
                        u.en.hash(&mut h);
                        (key, [zh, h.finish()])
                    })
                    .collect();
                (((d.summit.as_str(), d.id.as_str()), inputs), units)
            })
            .collect();
        let mut documents = HashMap::with_capacity(per_document.len());
        let mut units = HashMap::new();
        for (document, quoted) in per_document {
            documents.insert(document.0, document.1);
            units.extend(quoted);
        }
        let mut fingerprints = Fingerprints {
            frame: frame.finish(),
            archive: [0; 2],
            records: [0; 2],
            named: 0,
            documents,
            units,
            commitments: HashMap::new(),
        };
        fingerprints.commitments = links
            .commitments
            .par_iter()
            .map(|c| (c.id.as_str(), fingerprints.of_commitment_record(c)))
            .collect();
        for lang in Lang::ALL {
            let mut h = fingerprints.start();
            for d in &archive.documents {
                let document = fingerprints
                    .documents
                    .get(&(d.summit.as_str(), d.id.as_str()))
                    .copied()
                    .unwrap_or_default();
                h.write_u64(match lang {
                    Lang::Zh => document.chinese,
                    Lang::En => document.whole,
                });
            }
            for c in &links.commitments {
                h.write_u64(fingerprints.record(c, lang));
            }
            links.topic_passages.hash(&mut h);
            links.entity_passages.hash(&mut h);
            fingerprints.archive[lang as usize] = h.finish();
            let mut h = fingerprints.start();
            for c in &links.commitments {
                h.write_u64(fingerprints.record(c, lang));
            }
            h.write_usize(links.unreviewed);
            fingerprints.records[lang as usize] = h.finish();
        }
        let mut h = fingerprints.start();
        links.entity_passages.hash(&mut h);
        fingerprints.named = h.finish();
        fingerprints
    }

    /// What the tracker in `lang` is made from: the frame and every commitment's record as
    /// `lang` shows it, with how many follow-ups no editor has reviewed.
    pub fn records(&self, lang: Lang) -> u64 {
        self.records[lang as usize]
    }

    /// What the glossary page is made from: the frame, and the units that name each term
    /// (it shows where, not what they say).
    pub fn named(&self) -> u64 {
        self.named
    }

    /// What a page in `lang` that may show anything of the archive is made from (the home
    /// page, the lists, search): the frame, every document and every commitment as a
    /// page in `lang` shows them, and the passages of every topic and term. A Chinese page
    /// shows no English but the frame's: an edit of a unit's English leaves it as it is.
    pub fn archive(&self, lang: Lang) -> u64 {
        self.archive[lang as usize]
    }

    /// What a summit's page is made from: the frame, and how many units each of its
    /// documents has.
    pub fn summit(&self, archive: &Archive, summit: &crate::model::SummitId) -> u64 {
        let mut h = self.start();
        for d in archive.documents_of(summit) {
            h.write_usize(d.units().len());
        }
        h.finish()
    }

    /// A hash started with the archive's frame.
    fn start(&self) -> DefaultHasher {
        let mut h = DefaultHasher::new();
        h.write_u64(self.frame);
        h
    }

    /// The fingerprints of the document `r` is in (0 for a unit the archive lacks).
    fn document_of(&self, r: &UnitRef) -> DocumentInputs {
        self.documents
            .get(&(r.summit.as_str(), r.document.as_str()))
            .copied()
            .unwrap_or_default()
    }

    /// A commitment's fingerprints: its record as linked (its text, sources, statuses,
    /// follow-ups and their evidence); that record with the documents it quotes; and what a
    /// note beside a unit shows of it (its summit, and each follow-up's place and status).
    fn of_commitment_record(&self, c: &Commitment) -> CommitmentInputs {
        let mut record = DefaultHasher::new();
        feed(&mut record, c);
        let record = record.finish();
        let mut chinese_record = DefaultHasher::new();
        feed(
            &mut chinese_record,
            &Commitment {
                en: None,
                ..c.clone()
            },
        );
        let mut quoted = DefaultHasher::new();
        quoted.write_u64(record);
        for r in c.sources.iter().chain(c.followups.iter().map(|f| &f.unit)) {
            quoted.write_u64(self.document_of(r).whole);
        }
        let mut noted = DefaultHasher::new();
        let followups: Vec<_> = c.followups.iter().map(|f| (&f.unit, f.status)).collect();
        feed(&mut noted, &(&c.id, &c.summit, followups));
        CommitmentInputs {
            record,
            chinese_record: chinese_record.finish(),
            quoted: quoted.finish(),
            noted: noted.finish(),
        }
    }

    /// What a commitment's page is made from: the frame, its record, the documents it quotes.
    pub fn commitment(&self, c: &Commitment) -> u64 {
        let mut h = self.start();
        h.write_u64(self.commitments.get(c.id.as_str()).map_or(0, |f| f.quoted));
        h.finish()
    }

    /// A commitment's record alone: what a page in `lang` that lists it shows (its text, status,
    /// summit, topics, actors and follow-ups; its English only in English).
    fn record(&self, c: &Commitment, lang: Lang) -> u64 {
        self.commitments
            .get(c.id.as_str())
            .map_or(0, |f| match lang {
                Lang::Zh => f.chinese_record,
                Lang::En => f.record,
            })
    }

    /// What a document's pages are made from: the frame, the document, and what the notes on
    /// its units show of the commitments they state or report on (`commitments`).
    pub fn document<'c>(
        &self,
        d: &Document,
        commitments: impl IntoIterator<Item = &'c Commitment>,
    ) -> u64 {
        let mut h = self.start();
        h.write_u64(
            self.documents
                .get(&(d.summit.as_str(), d.id.as_str()))
                .map_or(0, |f| f.whole),
        );
        for c in commitments {
            h.write_u64(self.commitments.get(c.id.as_str()).map_or(0, |f| f.noted));
        }
        h.finish()
    }

    /// What a topic's or a glossary term's page in `lang` is made from: the frame, the units
    /// listed (`passages`) with the text the page quotes of each, and the records of the
    /// commitments listed. A Chinese page quotes the Chinese alone; an English page each
    /// unit's English (its Chinese when it has none). So an edit of one unit's English makes
    /// again only the English pages that list that unit.
    pub fn subject<'c>(
        &self,
        passages: &[UnitRef],
        commitments: impl IntoIterator<Item = &'c Commitment>,
        lang: Lang,
    ) -> u64 {
        let mut h = self.start();
        for r in passages {
            let key = (r.summit.as_str(), r.document.as_str(), r.unit.as_str());
            // A unit the archive lacks is not shown: it counts, as a 0.
            h.write_u64(self.units.get(&key).map_or(0, |u| u[lang as usize]));
        }
        for c in commitments {
            h.write_u64(self.record(c, lang));
        }
        h.finish()
    }
}
