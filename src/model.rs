//! The records of the archive: summits, documents and their citable units, as plain data.
//!
//! Every document kind has its own body type that mirrors how the text is printed (a
//! declaration has clauses, an outcome list has sections of numbered items, and so on). Every
//! citable piece of text is a [`Unit`] whose id follows the printed numbering (see
//! `ARCHITECTURE.md`); containers such as clauses carry ids of their own so that they can be
//! linked to as a whole.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::Arc;

/// An id type: a newtype over a shared string. Ids are copied into every record that names
/// what they name (a unit's address into each commitment, follow-up and passage of it), and a
/// copy of an `Arc<str>` shares the text instead of allocating it again.
macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Arc<str>);

        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl From<String> for $name {
            fn from(id: String) -> Self {
                $name(id.into())
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                $name(id.into())
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

id_type!(
    /// A summit id such as `2023-xian`: the year, a dash and the host city.
    SummitId
);
id_type!(
    /// A document id such as `declaration`, unique within its summit.
    DocumentId
);
id_type!(
    /// A unit id such as `cl_7__para_2`, unique within its document and the same in every
    /// language and view.
    UnitId
);

/// A text in both languages (metadata we write ourselves, such as a city's name).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bilingual {
    #[serde(deserialize_with = "crate::load::strict::text")]
    pub zh: String,
    #[serde(deserialize_with = "crate::load::strict::text")]
    pub en: String,
}

/// One head of state present at a summit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Leader {
    pub name: Bilingual,
    pub title: Bilingual,
    pub country: Bilingual,
}

/// One China–Central Asia summit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Summit {
    pub id: SummitId,
    /// 1 for the first summit (Xi'an, 2023), 2 for the second, ...
    pub number: u32,
    pub name: Bilingual,
    /// First and last day, `YYYY-MM-DD`.
    pub start: String,
    pub end: String,
    pub city: Bilingual,
    pub host: Bilingual,
    pub leaders: Vec<Leader>,
    /// The content file it was read from, relative to the site root.
    pub path: String,
}

/// The kinds of document the archive knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    Declaration,
    OutcomeList,
    Speech,
    Interview,
    Article,
    Fragment,
}

impl DocumentKind {
    pub const ALL: [DocumentKind; 6] = [
        DocumentKind::Declaration,
        DocumentKind::OutcomeList,
        DocumentKind::Speech,
        DocumentKind::Interview,
        DocumentKind::Article,
        DocumentKind::Fragment,
    ];

    /// The name used in front matter, exports and interface-text keys.
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentKind::Declaration => "declaration",
            DocumentKind::OutcomeList => "outcome_list",
            DocumentKind::Speech => "speech",
            DocumentKind::Interview => "interview",
            DocumentKind::Article => "article",
            DocumentKind::Fragment => "fragment",
        }
    }
}

/// How much of the document the source prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Completeness {
    /// The whole text.
    #[default]
    Complete,
    /// The source stops before the end of the text.
    Incomplete,
    /// A piece of a text printed elsewhere (a page continuation, an excerpt).
    Fragment,
}

/// The kinds of citable unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    Paragraph,
    /// The heading of a section: an outcome-list section title or an article's section lead.
    Heading,
    /// A numbered item: of an outcome list, or of a speech's proposal group.
    Item,
    Question,
    Caption,
}

/// The citable piece: a paragraph, an item, a question, a heading or a photo caption.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unit {
    pub id: UnitId,
    pub kind: UnitKind,
    /// The number printed before the text (`七`, `21`), if any.
    pub number: Option<String>,
    /// The Chinese text as printed, after the loader's recorded cleaning (joined line
    /// breaks); the printed number is in `number`, not here.
    pub zh: String,
    /// The English translation, when there is one.
    pub en: Option<String>,
    /// Where the text starts in the content file.
    pub line: usize,
    pub column: usize,
    /// The source stops in the middle of this unit.
    pub truncated: bool,
    /// Editorial notes on the printed text (misprints and their likely reading).
    pub notes: Vec<Note>,
}

/// An editorial note on a unit's printed text: the Chinese stays as printed, the note gives
/// the likely reading, and the English follows that reading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Note {
    /// The characters as printed (they occur in the unit's text).
    pub printed: String,
    /// The likely intended reading.
    pub reading: String,
    /// The note in English.
    pub en: String,
}

/// A declaration: preamble paragraphs, then numbered clauses of paragraphs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Declaration {
    pub preamble: Vec<Unit>,
    pub clauses: Vec<Clause>,
}

/// A declaration clause (一、二、…) and its paragraphs; id `cl_7`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Clause {
    pub id: UnitId,
    pub number: u32,
    pub paragraphs: Vec<Unit>,
}

/// An outcome list (成果清单): an introduction, then sections of numbered items.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutcomeList {
    pub preamble: Vec<Unit>,
    pub sections: Vec<OutcomeSection>,
}

/// A section of an outcome list; id `sec_1`, heading `sec_1__heading`, items `sec_1__item_21`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutcomeSection {
    pub id: UnitId,
    pub number: u32,
    pub heading: Unit,
    pub items: Vec<Unit>,
}

/// A speech: paragraphs, and the proposal groups it announces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Speech {
    pub parts: Vec<SpeechPart>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SpeechPart {
    Paragraph(Unit),
    Group(ProposalGroup),
}

/// A group of proposals (四点主张, 四个坚持, 八点建议); id `grp_2`, items `grp_2__item_3`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProposalGroup {
    pub id: UnitId,
    /// The name the group is known by, from the front matter (editorial).
    pub label: Option<String>,
    /// Its English name, from the translation.
    pub label_en: Option<String>,
    pub items: Vec<Unit>,
}

/// An interview: an introduction, then question and answer pairs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Interview {
    pub intro: Vec<Unit>,
    pub exchanges: Vec<Exchange>,
}

/// A question (`q_2`) and its answer (`a_2`, paragraphs `a_2__para_1`, ...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Exchange {
    pub question: Unit,
    pub answer_id: UnitId,
    pub answer: Vec<Unit>,
}

/// An article: opening paragraphs, then sections each under a lead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Article {
    pub intro: Vec<Unit>,
    pub sections: Vec<ArticleSection>,
}

/// An article section; id `sec_2`, lead `sec_2__heading`, paragraphs `sec_2__para_1`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArticleSection {
    pub id: UnitId,
    pub lead: Unit,
    pub paragraphs: Vec<Unit>,
}

/// A fragment: paragraphs of a text whose other parts are printed elsewhere.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fragment {
    pub paragraphs: Vec<Unit>,
}

/// The body of a document, shaped by its kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Body {
    Declaration(Declaration),
    OutcomeList(OutcomeList),
    Speech(Speech),
    Interview(Interview),
    Article(Article),
    Fragment(Fragment),
}

/// A photo caption printed inside a text, kept apart from the body; id `photo_1`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Caption {
    pub unit: Unit,
    /// The photographer's credit, when printed (`新华社记者 申宏 摄`).
    pub credit: Option<String>,
    /// The credit in English, from the translation.
    pub credit_en: Option<String>,
    /// The unit the caption is printed after, or `None` before the first.
    pub after: Option<UnitId>,
}

/// One document: its metadata, its body and its captions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Document {
    pub id: DocumentId,
    pub summit: SummitId,
    pub kind: DocumentKind,
    pub title: String,
    /// Whether the source prints the title (a fragment's title may be editorial).
    pub title_printed: bool,
    pub subtitle: Option<String>,
    /// A printed byline such as `新华社评论员` or `记者 温馨`.
    pub byline: Option<String>,
    /// `YYYY-MM-DD`.
    pub date: String,
    pub dateline: Option<String>,
    pub speaker: Option<String>,
    pub author: Option<String>,
    /// Who published the text, as the front matter names it (else read off the dateline).
    pub outlet: Option<String>,
    /// The address where the text was first published, when known (`http(s)` only).
    pub source_url: Option<String>,
    /// The seed file the text was pasted from.
    pub source: String,
    /// The lines of the seed file the text was pasted from.
    pub source_lines: Option<[usize; 2]>,
    pub completeness: Completeness,
    /// Marked `draft: true`: previewed by `serve` and `build --drafts`, never published by a
    /// plain `build` nor recorded among the permalinks.
    pub draft: bool,
    /// The page-continuation marker printed at its start (`上接第一版`), for fragments.
    pub continues: Option<String>,
    /// An editorial note on the document as a whole (Markdown).
    pub note: Option<String>,
    /// The content file, relative to the site root.
    pub path: String,
    pub body: Body,
    pub captions: Vec<Caption>,
    /// The document's details in English, from its translation file.
    pub en: Option<DocumentEn>,
}

/// The English side of a document's details (its units carry their own English).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct DocumentEn {
    pub title: String,
    pub subtitle: Option<String>,
    pub byline: Option<String>,
    pub dateline: Option<String>,
    /// An editorial note in English (Markdown).
    pub note: Option<String>,
    /// The translation file, relative to the site root.
    pub path: String,
    /// The line of each unit's English in the translation file, for diagnostics.
    #[serde(skip)]
    pub lines: std::collections::BTreeMap<UnitId, usize>,
}

/// How much of a document is translated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Coverage {
    pub translated: usize,
    pub total: usize,
}

impl Coverage {
    pub fn percent(self) -> f64 {
        if self.total == 0 {
            100.0
        } else {
            100.0 * self.translated as f64 / self.total as f64
        }
    }

    pub fn is_complete(self) -> bool {
        self.translated == self.total
    }
}

/// A container of units as it is laid out: a clause, a section, a proposal group, an answer,
/// or the document's top level (no id).
#[derive(Debug, Clone, Copy)]
pub struct Part<'a> {
    pub id: Option<&'a UnitId>,
    pub kind: PartKind,
    pub number: Option<u32>,
    pub label: Option<&'a str>,
    pub heading: Option<&'a Unit>,
    pub units: &'a [Unit],
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PartKind {
    Text,
    Preamble,
    Clause,
    Section,
    Group,
    Question,
    Answer,
}

impl Document {
    /// The body as a flat sequence of parts in reading order.
    pub fn parts(&self) -> Vec<Part<'_>> {
        fn text<'a>(kind: PartKind, units: &'a [Unit]) -> Part<'a> {
            Part {
                id: None,
                kind,
                number: None,
                label: None,
                heading: None,
                units,
            }
        }
        let mut parts = Vec::new();
        match &self.body {
            Body::Declaration(d) => {
                parts.push(text(PartKind::Preamble, &d.preamble));
                parts.extend(d.clauses.iter().map(|c| Part {
                    id: Some(&c.id),
                    kind: PartKind::Clause,
                    number: Some(c.number),
                    ..text(PartKind::Clause, &c.paragraphs)
                }));
            }
            Body::OutcomeList(o) => {
                parts.push(text(PartKind::Preamble, &o.preamble));
                parts.extend(o.sections.iter().map(|s| Part {
                    id: Some(&s.id),
                    number: Some(s.number),
                    heading: Some(&s.heading),
                    ..text(PartKind::Section, &s.items)
                }));
            }
            Body::Speech(s) => {
                for part in &s.parts {
                    match part {
                        SpeechPart::Paragraph(u) => {
                            parts.push(text(PartKind::Text, std::slice::from_ref(u)))
                        }
                        SpeechPart::Group(g) => parts.push(Part {
                            id: Some(&g.id),
                            label: g.label.as_deref(),
                            ..text(PartKind::Group, &g.items)
                        }),
                    }
                }
            }
            Body::Interview(i) => {
                parts.push(text(PartKind::Text, &i.intro));
                for e in &i.exchanges {
                    parts.push(text(PartKind::Question, std::slice::from_ref(&e.question)));
                    parts.push(Part {
                        id: Some(&e.answer_id),
                        ..text(PartKind::Answer, &e.answer)
                    });
                }
            }
            Body::Article(a) => {
                parts.push(text(PartKind::Text, &a.intro));
                parts.extend(a.sections.iter().map(|s| Part {
                    id: Some(&s.id),
                    heading: Some(&s.lead),
                    ..text(PartKind::Section, &s.paragraphs)
                }));
            }
            Body::Fragment(f) => parts.push(text(PartKind::Text, &f.paragraphs)),
        }
        parts.retain(|p| p.id.is_some() || p.heading.is_some() || !p.units.is_empty());
        parts
    }

    /// Every unit of the body in reading order (headings before what they head), without the
    /// captions.
    pub fn body_units(&self) -> Vec<&Unit> {
        let mut units = Vec::new();
        for part in self.parts() {
            units.extend(part.heading);
            units.extend(part.units.iter());
        }
        units
    }

    /// How many of its units have an English translation.
    pub fn coverage(&self) -> Coverage {
        let units = self.units();
        Coverage {
            translated: units.iter().filter(|u| u.en.is_some()).count(),
            total: units.len(),
        }
    }

    /// The document as printed: a copy without the English of its details and units.
    pub fn without_english(&self) -> Document {
        let mut doc = self.clone();
        doc.en = None;
        for unit in doc.units_mut() {
            unit.en = None;
        }
        doc
    }

    /// Every unit, mutably, in no particular order.
    pub fn units_mut(&mut self) -> Vec<&mut Unit> {
        let mut units: Vec<&mut Unit> = Vec::new();
        match &mut self.body {
            Body::Declaration(d) => {
                units.extend(d.preamble.iter_mut());
                units.extend(d.clauses.iter_mut().flat_map(|c| c.paragraphs.iter_mut()));
            }
            Body::OutcomeList(o) => {
                units.extend(o.preamble.iter_mut());
                for s in &mut o.sections {
                    units.push(&mut s.heading);
                    units.extend(s.items.iter_mut());
                }
            }
            Body::Speech(s) => {
                for part in &mut s.parts {
                    match part {
                        SpeechPart::Paragraph(u) => units.push(u),
                        SpeechPart::Group(g) => units.extend(g.items.iter_mut()),
                    }
                }
            }
            Body::Interview(i) => {
                units.extend(i.intro.iter_mut());
                for e in &mut i.exchanges {
                    units.push(&mut e.question);
                    units.extend(e.answer.iter_mut());
                }
            }
            Body::Article(a) => {
                units.extend(a.intro.iter_mut());
                for s in &mut a.sections {
                    units.push(&mut s.lead);
                    units.extend(s.paragraphs.iter_mut());
                }
            }
            Body::Fragment(f) => units.extend(f.paragraphs.iter_mut()),
        }
        units.extend(self.captions.iter_mut().map(|c| &mut c.unit));
        units
    }

    /// Every unit in reading order, captions placed after the unit they follow.
    pub fn units(&self) -> Vec<&Unit> {
        let mut units = Vec::new();
        units.extend(
            self.captions
                .iter()
                .filter(|c| c.after.is_none())
                .map(|c| &c.unit),
        );
        for unit in self.body_units() {
            units.push(unit);
            units.extend(
                self.captions
                    .iter()
                    .filter(|c| c.after.as_ref() == Some(&unit.id))
                    .map(|c| &c.unit),
            );
        }
        units
    }
}

// ---------------------------------------------------------------------------------------------
// The commitment linker's records (the `link` stage gives them; render and the exports read
// them). Plain data: nothing here knows how a commitment was found.

id_type!(
    /// A commitment id such as `2023-xian.outcome-list.sec_1__item_1`: its summit, the
    /// document and unit of its first source, joined by dots. Derived from position, never
    /// from wording, and recorded like every other permalink.
    CommitmentId
);
id_type!(
    /// A topic id such as `transport`, as keyed in `content/topics.yaml`.
    TopicId
);

/// One unit of one document, addressed across the archive.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct UnitRef {
    pub summit: SummitId,
    pub document: DocumentId,
    pub unit: UnitId,
}

/// Who makes a commitment: every party, China, or one named country.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    /// `all`, `china`, or the glossary form of the country (`哈萨克斯坦`).
    pub key: String,
    pub name: Bilingual,
}

/// What a later summit reports about a commitment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Fulfilled,
    InProgress,
    Reaffirmed,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Fulfilled, Status::InProgress, Status::Reaffirmed];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Fulfilled => "fulfilled",
            Status::InProgress => "in_progress",
            Status::Reaffirmed => "reaffirmed",
        }
    }
}

/// A unit of a later summit that reports on a commitment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Followup {
    pub unit: UnitRef,
    pub status: Status,
    /// The printed words that show completion, progress or repetition, quoted as printed.
    pub reason: String,
    /// The sentence of the follow-up unit that carries the evidence, as printed.
    pub evidence: String,
    /// The matching score (0 to 1); 1 for a link an editor added.
    pub score: f64,
    /// Whether an editor confirmed, added or re-statused it in `content/reviews.yaml`.
    pub reviewed: bool,
    /// The editor's note, shown on the commitment page.
    pub note: Option<String>,
}

/// Something a summit committed to, with every unit that states it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Commitment {
    pub id: CommitmentId,
    pub summit: SummitId,
    /// The units that state it, the first one giving the id.
    pub sources: Vec<UnitRef>,
    /// The commitment as printed (the committing sentence of the first source).
    pub zh: String,
    /// Its English, from the translation of that unit, when there is one.
    pub en: Option<String>,
    pub actors: Vec<Actor>,
    pub topics: Vec<TopicId>,
    /// The glossary terms it names, by their glossary form (`中吉乌铁路`).
    pub entities: Vec<String>,
    /// In summit order, then by document and unit. Empty when no later summit reports on it.
    pub followups: Vec<Followup>,
}

/// A topic, as `content/topics.yaml` defines it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Topic {
    pub id: TopicId,
    pub name: Bilingual,
    /// Glossary terms (their glossary form) that place a passage under the topic.
    #[serde(default)]
    pub terms: Vec<String>,
    /// Key words (Chinese, as printed) that place a passage under the topic.
    #[serde(default)]
    pub keywords: Vec<String>,
}

/// What the link stage gives: commitments with their follow-ups, and the passages by topic
/// and by named entity across every document.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Links {
    /// In summit order, then by the position of the first source.
    pub commitments: Vec<Commitment>,
    pub topics: Vec<Topic>,
    /// Every unit that falls under a topic, in reading order.
    pub topic_passages: std::collections::BTreeMap<TopicId, Vec<UnitRef>>,
    /// Every unit that names a glossary term, keyed by the term's glossary form.
    pub entity_passages: std::collections::BTreeMap<String, Vec<UnitRef>>,
    /// For each unit that states a commitment, the commitments it states.
    #[serde(skip)]
    pub by_unit: std::collections::BTreeMap<UnitRef, Vec<CommitmentId>>,
    /// Automatic follow-ups that no editor has reviewed.
    pub unreviewed: usize,
}
