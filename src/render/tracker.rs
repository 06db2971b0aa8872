//! What the commitment tracker's pages see: the tracker table with its filters, counts and
//! chart, a page per commitment with its quotes and follow-ups, the notes on the units that
//! state or report on a commitment, and the pages per topic and per named entity. Takes the
//! [`Archive`] and the link stage's [`Links`]; every decision (statuses, links, highlights,
//! slugs) is made here, so that the templates only arrange data.

use super::chart;
use super::views::{Lang, text, title};
use crate::load::glossary::Term;
use crate::load::{Archive, Cleaning};
use crate::model::*;
use crate::text::{is_dash, is_han};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;

type Table = BTreeMap<String, String>;

/// A path segment made only of characters safe in a URL and a file name.
fn segment(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '-'
            }
        })
        .collect::<String>()
        .trim_start_matches('.')
        .to_string()
}

pub fn tracker_page(lang: Lang) -> String {
    format!("{}/commitments/index.html", lang.code())
}

pub fn commitment_page(lang: Lang, id: &CommitmentId) -> String {
    format!(
        "{}/commitments/{}/index.html",
        lang.code(),
        segment(id.as_str())
    )
}

pub fn topics_page(lang: Lang) -> String {
    format!("{}/topics/index.html", lang.code())
}

pub fn topic_page(lang: Lang, id: &TopicId) -> String {
    format!("{}/topics/{}/index.html", lang.code(), segment(id.as_str()))
}

pub fn entities_page(lang: Lang) -> String {
    format!("{}/entities/index.html", lang.code())
}

pub fn entity_page(lang: Lang, slug: &str) -> String {
    format!("{}/entities/{slug}/index.html", lang.code())
}

/// Page `number` (from 1) of a topic's or an entity's page at `first`: the first is `first`
/// itself, the others beside it (`en/entities/central-asia/page/2/index.html`).
pub fn subject_page_number(first: &str, number: usize) -> String {
    match number {
        0 | 1 => first.to_string(),
        n => format!(
            "{}page/{n}/index.html",
            first.trim_end_matches("index.html")
        ),
    }
}

/// What one page of a topic or an entity shows: pieces, each a stretch of the subject's
/// commitments and a stretch of its passages, all of one summit, in the summits' order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SubjectPage {
    pub pieces: Vec<(Range<usize>, Range<usize>)>,
}

impl SubjectPage {
    /// How many commitments and passages the page shows.
    pub fn len(&self) -> usize {
        self.pieces.iter().map(|(c, p)| c.len() + p.len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The commitments of `all` the page shows.
    pub fn commitments<'s, T>(&'s self, all: &'s [T]) -> impl Iterator<Item = &'s T> {
        self.pieces.iter().flat_map(move |(c, _)| &all[c.clone()])
    }

    /// The passages of `all` the page shows.
    pub fn passages<'s, T>(&'s self, all: &'s [T]) -> impl Iterator<Item = &'s T> {
        self.pieces.iter().flat_map(move |(_, p)| &all[p.clone()])
    }
}

/// Cuts a topic's or an entity's commitments and passages into pages of at most `per_page` of
/// them together, given the summit of each (its place in the archive's order). A summit's
/// commitments and passages stay on one page where they fit, and a page takes as many whole
/// summits as fit; a summit with more than a page's worth fills pages of its own, its
/// commitments first. Always at least one page, which may be empty.
pub fn subject_pages(
    commitments: &[usize],
    passages: &[usize],
    per_page: usize,
) -> Vec<SubjectPage> {
    let per_page = per_page.max(1);
    // Each list's runs of one summit.
    let runs = |places: &[usize]| {
        let mut runs: Vec<(usize, Range<usize>)> = Vec::new();
        for (i, &place) in places.iter().enumerate() {
            match runs.last_mut() {
                Some((last, range)) if *last == place => range.end = i + 1,
                _ => runs.push((place, i..i + 1)),
            }
        }
        runs
    };
    let (c_runs, p_runs) = (runs(commitments), runs(passages));
    // Each summit's commitments and passages, in the summits' order.
    let mut blocks: Vec<(Range<usize>, Range<usize>)> = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < c_runs.len() || j < p_runs.len() {
        let c_place = c_runs.get(i).map(|(place, _)| *place);
        let p_place = p_runs.get(j).map(|(place, _)| *place);
        let take_c = c_place.is_some_and(|c| p_place.is_none_or(|p| c <= p));
        let take_p = p_place.is_some_and(|p| c_place.is_none_or(|c| p <= c));
        let c = if take_c { c_runs[i].1.clone() } else { 0..0 };
        let p = if take_p { p_runs[j].1.clone() } else { 0..0 };
        i += usize::from(take_c);
        j += usize::from(take_p);
        blocks.push((c, p));
    }
    // A block larger than a page, cut into pieces of a page each.
    let mut pieces: Vec<(Range<usize>, Range<usize>)> = Vec::new();
    for (c, p) in blocks {
        let (n_c, len) = (c.len(), c.len() + p.len());
        if len <= per_page {
            pieces.push((c, p));
            continue;
        }
        for start in (0..len).step_by(per_page) {
            let end = (start + per_page).min(len);
            pieces.push((
                c.start + start.min(n_c)..c.start + end.min(n_c),
                p.start + start.saturating_sub(n_c)..p.start + end.saturating_sub(n_c),
            ));
        }
    }
    let mut pages = vec![SubjectPage::default()];
    for piece in pieces {
        let len = piece.0.len() + piece.1.len();
        let page = pages.last_mut().expect("at least one page");
        if !page.is_empty() && page.len() + len > per_page {
            pages.push(SubjectPage {
                pieces: vec![piece],
            });
        } else {
            page.pieces.push(piece);
        }
    }
    pages
}

/// The slug of a glossary term's page: its English, in ASCII, lower case, words joined by
/// dashes (`China–Kyrgyzstan–Uzbekistan railway` → `china-kyrgyzstan-uzbekistan-railway`).
pub fn slug(english: &str) -> String {
    let ascii = deunicode::deunicode(english).to_ascii_lowercase();
    let words: Vec<&str> = ascii
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() {
        "term".to_string()
    } else {
        words.join("-")
    }
}

/// Every glossary term's slug, by its glossary form. Terms whose English gives the same slug
/// are told apart by a number, given in the order of their Chinese forms, so a slug depends
/// only on the terms that share it.
pub fn slugs(terms: &[Term]) -> BTreeMap<&str, String> {
    let mut by_slug: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for term in terms {
        by_slug.entry(slug(&term.en)).or_default().push(&term.zh);
    }
    let mut out = BTreeMap::new();
    let taken: BTreeSet<String> = by_slug.keys().cloned().collect();
    for (base, mut forms) in by_slug {
        forms.sort_unstable();
        forms.dedup();
        let mut n = 1;
        for (i, zh) in forms.into_iter().enumerate() {
            let mut s = base.clone();
            if i > 0 {
                // The next number whose slug no other term has.
                loop {
                    n += 1;
                    s = format!("{base}-{n}");
                    if !taken.contains(&s) {
                        break;
                    }
                }
            }
            out.insert(zh, s);
        }
    }
    out
}

/// The status a commitment has reached: the most advanced of its follow-ups.
pub fn overall(c: &Commitment) -> Option<Status> {
    c.followups.iter().map(|f| f.status).min()
}

/// How many of `commitments` each summit made, by the summit's id.
pub(super) fn made_by_summit<'c>(
    commitments: impl IntoIterator<Item = &'c Commitment>,
) -> HashMap<&'c str, usize> {
    let mut made: HashMap<&str, usize> = HashMap::new();
    for c in commitments {
        *made.entry(c.summit.as_str()).or_default() += 1;
    }
    made
}

/// How many of `commitments` have reached each status, and none, in the statuses' order.
fn status_tally(commitments: &[&Commitment]) -> Vec<(Option<Status>, usize)> {
    let mut tally: Vec<(Option<Status>, usize)> = Status::ALL
        .iter()
        .map(|&s| (Some(s), 0))
        .chain([(None, 0)])
        .collect();
    for c in commitments {
        let status = overall(c);
        if let Some((_, n)) = tally.iter_mut().find(|(s, _)| *s == status) {
            *n += 1;
        }
    }
    tally
}

fn status_key(s: Option<Status>) -> &'static str {
    s.map_or("none", Status::as_str)
}

fn status_label(s: Option<Status>, t: &Table) -> String {
    text(t, &format!("status_{}", status_key(s)))
}

/// A `data-*` token: the key without white space.
fn token(key: &str) -> String {
    key.split_whitespace().collect::<Vec<_>>().join("_")
}

fn lang_of(s: &str) -> &'static str {
    if s.chars().any(is_han) {
        "zh-Hans"
    } else {
        "en"
    }
}

/// Words to mark in texts: the needles by their first character (dash variants and ASCII
/// case folded), longest first, made once for every text of a page.
pub struct Marks {
    by_first: foldhash::HashMap<char, Vec<Vec<char>>>,
}

/// A character as needles and texts are compared.
fn fold_mark(c: char) -> char {
    if is_dash(c) {
        '—'
    } else {
        c.to_ascii_lowercase()
    }
}

impl Marks {
    pub fn new(needles: &[&str]) -> Marks {
        // Most characters begin no needle, and are passed over with one look-up.
        let mut by_first: foldhash::HashMap<char, Vec<Vec<char>>> = Default::default();
        for needle in needles {
            let needle: Vec<char> = needle.chars().map(fold_mark).collect();
            if let Some(&first) = needle.first() {
                by_first.entry(first).or_default().push(needle);
            }
        }
        for group in by_first.values_mut() {
            group.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        }
        Marks { by_first }
    }

    /// `text` cut into stretches (byte ranges, one after another), each with whether it is an
    /// occurrence of one of the needles (the longest where several begin at one place).
    fn stretches(&self, text: &str) -> Vec<(std::ops::Range<usize>, bool)> {
        if self.by_first.is_empty() {
            // Nothing to mark: the text as one plain stretch, if it has any.
            return if text.is_empty() {
                Vec::new()
            } else {
                vec![(0..text.len(), false)]
            };
        }
        // Each character's byte offset and folded form, and the end of the text.
        let (offsets, folded): (Vec<usize>, Vec<char>) =
            text.char_indices().map(|(i, c)| (i, fold_mark(c))).unzip();
        let offset = |i: usize| offsets.get(i).copied().unwrap_or(text.len());
        let mut out: Vec<(std::ops::Range<usize>, bool)> = Vec::new();
        let mut push = |from: usize, to: usize, mark: bool| match out.last_mut() {
            Some((last, m)) if *m == mark && last.end == from => last.end = to,
            _ if from < to => out.push((from..to, mark)),
            _ => {}
        };
        let (mut i, mut plain) = (0, 0);
        while i < folded.len() {
            let found = self
                .by_first
                .get(&folded[i])
                .and_then(|group| group.iter().find(|n| folded[i..].starts_with(n)));
            match found {
                Some(n) => {
                    push(offset(plain), offset(i), false);
                    push(offset(i), offset(i + n.len()), true);
                    i += n.len();
                    plain = i;
                }
                None => i += 1,
            }
        }
        push(offset(plain), text.len(), false);
        out
    }

    /// `text` as HTML, escaped, every occurrence of a needle in `<mark>`. Made here rather than
    /// by a template loop: quotes and passages are the most repeated markup of the site, and a
    /// loop in a template macro costs more than the text.
    pub fn html(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + 16);
        for (range, mark) in self.stretches(text) {
            if mark {
                out.push_str("<mark>");
                out.push_str(&super::feeds::escape(&text[range]));
                out.push_str("</mark>");
            } else {
                out.push_str(&super::feeds::escape(&text[range]));
            }
        }
        out
    }
}

/// `text` as HTML, escaped, every occurrence of each of `needles` in `<mark>` ([`Marks::html`]).
pub fn marked_html(text: &str, needles: &[&str]) -> String {
    Marks::new(needles).html(text)
}

/// The quoted words of a reason, each on its own (`“已建成”、“正式启动”` → 已建成, 正式启动).
fn reason_words(reason: &str) -> Vec<&str> {
    reason
        .split(|c: char| {
            c.is_whitespace()
                || matches!(
                    c,
                    '“' | '”'
                        | '"'
                        | '「'
                        | '」'
                        | '‘'
                        | '’'
                        | '、'
                        | '，'
                        | ','
                        | '；'
                        | ';'
                        | '/'
                        | '|'
                        | '…'
                        | '+'
                )
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// A name with, where there is one, the page it leads to.
#[derive(Serialize)]
pub struct Named {
    pub key: String,
    pub name: String,
    pub lang: &'static str,
    pub href: Option<String>,
}

/// Where a unit is: its document and summit, and its address (none when the archive lacks it).
#[derive(Serialize)]
pub struct UnitLink {
    pub href: Option<String>,
    pub unit: String,
    pub document: String,
    pub document_lang: &'static str,
    pub summit: String,
}

/// A quoted unit: the Chinese as printed, and its English when translated.
#[derive(Serialize)]
pub struct Quote {
    pub at: UnitLink,
    /// HTML: the escaped text with its marked words in `<mark>` (see [`marked_html`]).
    pub zh: String,
    pub en: Option<String>,
}

/// One row of the tracker.
#[derive(Serialize)]
pub struct Row {
    pub id: String,
    pub href: String,
    pub text: String,
    pub text_lang: &'static str,
    pub summit_id: String,
    pub summit: String,
    pub topics: Vec<Named>,
    pub actors: Vec<Named>,
    pub status: &'static str,
    pub status_label: String,
    pub followups: usize,
    /// Space-separated tokens for the filters.
    pub data_topics: String,
    pub data_actors: String,
}

#[derive(Serialize)]
pub struct FilterOption {
    pub value: String,
    pub label: String,
    pub count: usize,
}

/// One filter of the tracker: a `<select>` over the rows' `data-<key>`.
#[derive(Serialize)]
pub struct Filter {
    pub key: &'static str,
    pub label: String,
    pub options: Vec<FilterOption>,
}

#[derive(Serialize)]
pub struct StatusCount {
    pub key: &'static str,
    pub label: String,
    pub count: usize,
}

#[derive(Serialize)]
pub struct TrackerView {
    pub total: usize,
    pub counts: Vec<StatusCount>,
    /// The archive's overview, on the first page.
    pub overview: Option<TrackerOverview>,
    /// The rows of this page: every commitment, or a page's worth of them (see `pager`).
    pub rows: Vec<Row>,
    /// The filters over this page's rows, each option with how many of them it keeps.
    pub filters: Vec<Filter>,
    /// Where this page is among the tracker's pages, when it has more than one.
    pub pager: Option<Pager>,
    /// The heading over the rows: all commitments, or how many of them this page lists.
    pub list_heading: String,
}

/// What the tracker's first page tells of the whole archive besides its counts.
#[derive(Serialize)]
pub struct TrackerOverview {
    pub by_summit: Vec<FilterOption>,
    pub unreviewed: usize,
    /// The chart of statuses by topic, an SVG element made by [`chart::status_chart`] (text
    /// escaped).
    pub chart: String,
}

#[derive(Serialize)]
pub struct FollowupView {
    pub quote: Quote,
    pub status: &'static str,
    pub status_label: String,
    pub reason: String,
    /// HTML, as [`Quote::zh`].
    pub evidence: String,
    pub reviewed: bool,
    pub note_html: Option<String>,
    pub note_lang: &'static str,
}

/// The follow-ups of one later summit.
#[derive(Serialize)]
pub struct SummitFollowups {
    pub summit: String,
    pub followups: Vec<FollowupView>,
}

#[derive(Serialize)]
pub struct CommitmentView {
    pub id: String,
    pub text: String,
    pub text_lang: &'static str,
    pub zh: String,
    pub en: Option<String>,
    pub summit: String,
    pub summit_href: String,
    pub actors: Vec<Named>,
    pub topics: Vec<Named>,
    pub entities: Vec<Named>,
    pub status: &'static str,
    pub status_label: String,
    pub sources: Vec<Quote>,
    pub followups: Vec<SummitFollowups>,
    /// No summit after this one is in the archive yet.
    pub latest: bool,
}

/// A passage that names a topic or an entity.
#[derive(Serialize)]
pub struct Passage {
    pub href: String,
    pub unit: String,
    /// HTML, as [`Quote::zh`].
    pub text: String,
    pub text_lang: &'static str,
}

/// The passages of one document.
#[derive(Serialize)]
pub struct PassageGroup {
    pub summit: String,
    pub document: String,
    pub document_lang: &'static str,
    pub document_href: String,
    pub passages: Vec<Passage>,
}

#[derive(Serialize)]
pub struct Card {
    pub name: String,
    pub name_lang: &'static str,
    pub other_name: String,
    pub other_lang: &'static str,
    pub href: String,
    pub passages: usize,
    pub commitments: usize,
}

#[derive(Serialize)]
pub struct CardGroup {
    pub label: String,
    pub cards: Vec<Card>,
}

/// A topic's or an entity's page.
#[derive(Serialize)]
pub struct SubjectView {
    pub name: String,
    pub name_lang: &'static str,
    pub other_name: String,
    pub other_lang: &'static str,
    pub kind_label: Option<String>,
    pub variants: Vec<String>,
    /// How many passages the subject has, on all its pages.
    pub passages: usize,
    /// The passages on this page, by document.
    pub groups: Vec<PassageGroup>,
    /// How many commitments the subject has, on all its pages.
    pub commitments_total: usize,
    /// The commitments on this page.
    pub commitments: Vec<Row>,
    /// Where this page is among the subject's pages, when it has more than one.
    pub pager: Option<Pager>,
}

/// The pages of a topic, an entity or the tracker, and where one of them is among them.
#[derive(Serialize)]
pub struct Pager {
    /// This page's number, from 1.
    pub number: usize,
    pub count: usize,
    /// The summits this page covers, in words.
    pub span: String,
    /// Which page this is, of how many, and its summits, in words.
    pub here: String,
    pub previous: Option<String>,
    pub next: Option<String>,
    /// The first and last pages and those around this one, in order.
    pub links: Vec<PagerLink>,
}

#[derive(Serialize)]
pub struct PagerLink {
    pub number: usize,
    /// Relative to the site root.
    pub href: String,
    pub current: bool,
    /// Whether pages are left out between the one before and this one.
    pub after_gap: bool,
    /// The summits that page covers, in words.
    pub span: String,
}

/// One page of a topic or an entity to be shown: the subject's commitments and passages, how
/// they fall on pages, which page this is (from 0), and where each page is.
pub struct Shown<'s, 'a> {
    pub commitments: &'s [&'a Commitment],
    pub passages: &'s [UnitRef],
    pub pages: &'s [SubjectPage],
    pub page: usize,
    /// The address of the first page in a language, relative to the site root.
    pub first: &'s (dyn Fn(Lang) -> String + Sync),
}

/// A commitment a unit states, and where later summits report on it.
#[derive(Serialize)]
pub struct StatesNote {
    pub href: String,
    pub followups: Vec<FollowupLink>,
}

#[derive(Serialize)]
pub struct FollowupLink {
    pub status: &'static str,
    pub status_label: String,
    pub at: UnitLink,
}

/// A commitment a unit reports on.
#[derive(Serialize)]
pub struct ReportsNote {
    pub href: String,
    pub summit: String,
    pub status: &'static str,
    pub status_label: String,
}

/// The tracker's notes on one unit of a document page.
#[derive(Serialize, Default)]
pub struct UnitNotes {
    pub states: Vec<StatesNote>,
    pub reports: Vec<ReportsNote>,
}

/// The archive and the links, indexed for the pages.
pub struct LinkIndex<'a> {
    archive: &'a Archive,
    pub links: &'a Links,
    units: BTreeMap<UnitRef, (&'a Document, &'a Unit)>,
    states: BTreeMap<&'a UnitRef, Vec<&'a Commitment>>,
    reports: BTreeMap<&'a UnitRef, Vec<(&'a Commitment, &'a Followup)>>,
    pub slugs: BTreeMap<&'a str, String>,
    terms: BTreeMap<&'a str, &'a Term>,
    topics: BTreeMap<&'a str, &'a Topic>,
    /// What the loader did to each document's text, by the document's file.
    cleaning: HashMap<&'a str, Vec<&'a Cleaning>>,
    /// Each summit's place in the archive's order.
    summit_places: HashMap<&'a str, usize>,
}

impl<'a> LinkIndex<'a> {
    pub fn new(archive: &'a Archive, links: &'a Links) -> LinkIndex<'a> {
        let mut units = BTreeMap::new();
        for doc in &archive.documents {
            for u in doc.units() {
                let r = UnitRef {
                    summit: doc.summit.clone(),
                    document: doc.id.clone(),
                    unit: u.id.clone(),
                };
                units.insert(r, (doc, u));
            }
        }
        let mut states: BTreeMap<&UnitRef, Vec<&Commitment>> = BTreeMap::new();
        let mut reports: BTreeMap<&UnitRef, Vec<(&Commitment, &Followup)>> = BTreeMap::new();
        for c in &links.commitments {
            for s in &c.sources {
                states.entry(s).or_default().push(c);
            }
            for f in &c.followups {
                reports.entry(&f.unit).or_default().push((c, f));
            }
        }
        let mut cleaning: HashMap<&str, Vec<&Cleaning>> = HashMap::new();
        for c in &archive.report.cleaning {
            cleaning.entry(c.path.as_str()).or_default().push(c);
        }
        LinkIndex {
            archive,
            links,
            units,
            states,
            reports,
            cleaning,
            slugs: slugs(&archive.glossary.terms),
            terms: archive
                .glossary
                .terms
                .iter()
                .map(|t| (t.zh.as_str(), t))
                .collect(),
            topics: links.topics.iter().map(|t| (t.id.as_str(), t)).collect(),
            summit_places: archive
                .summits
                .iter()
                .enumerate()
                .map(|(place, s)| (s.id.as_str(), place))
                .collect(),
        }
    }

    /// What the loader did to the text of the document read from `path`, in the report's order.
    pub fn cleaning_of(&self, path: &str) -> &[&'a Cleaning] {
        self.cleaning.get(path).map_or(&[], Vec::as_slice)
    }

    /// The archive the index was built from.
    pub fn archive(&self) -> &'a Archive {
        self.archive
    }

    /// The commitments the units of `doc` state or report on, each as often as a unit does.
    pub fn commitments_of(&self, doc: &Document) -> impl Iterator<Item = &'a Commitment> {
        let mut found = Vec::new();
        for u in doc.units() {
            let r = UnitRef {
                summit: doc.summit.clone(),
                document: doc.id.clone(),
                unit: u.id.clone(),
            };
            found.extend(self.states.get(&r).into_iter().flatten().copied());
            found.extend(self.reports.get(&r).into_iter().flatten().map(|(c, _)| *c));
        }
        found.into_iter()
    }

    /// The unit at `r` and its document, when the archive has it.
    pub fn unit(&self, r: &UnitRef) -> Option<(&'a Document, &'a Unit)> {
        self.units.get(r).copied()
    }

    /// The slug of a glossary term's page.
    pub fn slug_of(&self, term: &Term) -> &str {
        // Invariant: `slugs` has every term of the glossary the index was built from.
        &self.slugs[term.zh.as_str()]
    }

    fn summit_name(&self, id: &SummitId, lang: Lang) -> String {
        self.archive
            .summit(id)
            .map_or_else(|| id.to_string(), |s| lang.pick(&s.name).to_string())
    }

    fn unit_link(&self, r: &UnitRef, lang: Lang) -> UnitLink {
        let found = self.units.get(r);
        let (document, document_lang) = match found {
            Some((doc, _)) => title(doc, lang),
            None => (r.document.to_string(), "en"),
        };
        UnitLink {
            href: found.map(|_| unit_href(lang, r)),
            unit: r.unit.to_string(),
            document,
            document_lang,
            summit: self.summit_name(&r.summit, lang),
        }
    }

    fn quote(&self, r: &UnitRef, lang: Lang, marks: &[&str]) -> Quote {
        let unit = self.units.get(r).map(|(_, u)| *u);
        Quote {
            at: self.unit_link(r, lang),
            zh: unit.map_or_else(String::new, |u| marked_html(&u.zh, marks)),
            en: unit.and_then(|u| u.en.clone()),
        }
    }

    fn topic(&self, id: &TopicId, lang: Lang) -> Named {
        match self.topics.get(id.as_str()) {
            Some(t) => Named {
                key: token(id.as_str()),
                name: lang.pick(&t.name).to_string(),
                lang: lang.html(),
                href: Some(topic_page(lang, id)),
            },
            None => Named {
                key: token(id.as_str()),
                name: id.to_string(),
                lang: "en",
                href: None,
            },
        }
    }

    fn actor(&self, a: &Actor, lang: Lang) -> Named {
        Named {
            key: token(&a.key),
            name: lang.pick(&a.name).to_string(),
            lang: lang.html(),
            href: None,
        }
    }

    fn entity(&self, zh: &str, lang: Lang) -> Named {
        let term = self.terms.get(zh);
        let name = match (lang, term) {
            (Lang::En, Some(t)) => t.en.clone(),
            _ => zh.to_string(),
        };
        Named {
            key: zh.to_string(),
            lang: lang_of(&name),
            name,
            href: self.slugs.get(zh).map(|s| entity_page(lang, s)),
        }
    }

    fn commitment_text(c: &Commitment, lang: Lang) -> (String, &'static str) {
        match (lang, &c.en) {
            (Lang::En, Some(en)) => (en.clone(), "en"),
            _ => (c.zh.clone(), "zh-Hans"),
        }
    }

    fn row(&self, c: &Commitment, lang: Lang, t: &Table) -> Row {
        let (text, text_lang) = Self::commitment_text(c, lang);
        let status = overall(c);
        let topics: Vec<Named> = c.topics.iter().map(|id| self.topic(id, lang)).collect();
        let actors: Vec<Named> = c.actors.iter().map(|a| self.actor(a, lang)).collect();
        Row {
            id: c.id.to_string(),
            href: commitment_page(lang, &c.id),
            text,
            text_lang,
            summit_id: c.summit.to_string(),
            summit: self.summit_name(&c.summit, lang),
            data_topics: topics
                .iter()
                .map(|n| n.key.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            data_actors: actors
                .iter()
                .map(|n| n.key.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            topics,
            actors,
            status: status_key(status),
            status_label: status_label(status, t),
            followups: c.followups.len(),
        }
    }

    /// A page of the tracker: the archive's counts and chart, and the rows and filters of the
    /// commitments `shown` puts on this page (all of them when it is the only one).
    pub fn tracker(&self, shown: &Shown, lang: Lang, t: &Table) -> TrackerView {
        let total = self.links.commitments.len();
        let on_page: Vec<&Commitment> = shown.pages[shown.page]
            .commitments(shown.commitments)
            .copied()
            .collect();
        let counts = self.status_counts(t);
        let pager = (shown.pages.len() > 1).then(|| self.pager(shown, lang, t));
        let list_heading = match pager {
            Some(_) => super::meta::fill(
                t,
                "tracker_list_page",
                &[
                    ("n", on_page.len().to_string()),
                    ("total", total.to_string()),
                ],
            ),
            None => text(t, "tracker_list"),
        };
        TrackerView {
            total,
            filters: self.filters(&on_page, pager.is_some(), lang, t),
            counts,
            overview: (shown.page == 0).then(|| TrackerOverview {
                by_summit: self.summit_options(&self.links.commitments, lang),
                unreviewed: self.links.unreviewed,
                chart: self.status_chart(lang, t),
            }),
            rows: on_page.iter().map(|c| self.row(c, lang, t)).collect(),
            pager,
            list_heading,
        }
    }

    /// How many commitments have reached each status (and none), in the order of the statuses.
    pub(super) fn status_counts(&self, t: &Table) -> Vec<StatusCount> {
        let all: Vec<&Commitment> = self.links.commitments.iter().collect();
        status_tally(&all)
            .into_iter()
            .map(|(s, count)| StatusCount {
                key: status_key(s),
                label: status_label(s, t),
                count,
            })
            .collect()
    }

    /// Each summit with how many of `commitments` it made.
    fn summit_options<'c>(
        &self,
        commitments: impl IntoIterator<Item = &'c Commitment>,
        lang: Lang,
    ) -> Vec<FilterOption> {
        let made = made_by_summit(commitments);
        self.archive
            .summits
            .iter()
            .map(|s| FilterOption {
                value: s.id.to_string(),
                label: lang.pick(&s.name).to_string(),
                count: made.get(s.id.as_str()).copied().unwrap_or(0),
            })
            .collect()
    }

    /// The tracker's filters over `commitments` (a page's rows): by summit, topic, actor and
    /// status, each option with how many of them it keeps. Every status is offered, and on a
    /// tracker of one page every summit and topic; on one of several pages, only the summits
    /// and topics of its rows (an archive of hundreds of summits would otherwise offer hundreds
    /// that keep nothing).
    fn filters(
        &self,
        commitments: &[&Commitment],
        paged: bool,
        lang: Lang,
        t: &Table,
    ) -> Vec<Filter> {
        let counted = |options: Vec<FilterOption>| -> Vec<FilterOption> {
            options
                .into_iter()
                .filter(|o| !paged || o.count > 0)
                .collect()
        };
        let summit_options = self.summit_options(commitments.iter().copied(), lang);
        let topic_options = self
            .links
            .topics
            .iter()
            .map(|topic| FilterOption {
                value: token(topic.id.as_str()),
                label: lang.pick(&topic.name).to_string(),
                count: commitments
                    .iter()
                    .filter(|c| c.topics.contains(&topic.id))
                    .count(),
            })
            .collect();
        let status_options = status_tally(commitments)
            .into_iter()
            .map(|(s, count)| FilterOption {
                value: status_key(s).to_string(),
                label: status_label(s, t),
                count,
            })
            .collect();
        vec![
            Filter {
                key: "summit",
                label: text(t, "filter_summit"),
                options: counted(summit_options),
            },
            Filter {
                key: "topics",
                label: text(t, "filter_topic"),
                options: counted(topic_options),
            },
            Filter {
                key: "actors",
                label: text(t, "filter_actor"),
                options: Self::actor_options(commitments, lang),
            },
            Filter {
                key: "status",
                label: text(t, "filter_status"),
                options: status_options,
            },
        ]
    }

    /// The actors, in the order they first appear, each once with how many commitments name
    /// them.
    fn actor_options(commitments: &[&Commitment], lang: Lang) -> Vec<FilterOption> {
        let mut options: Vec<FilterOption> = Vec::new();
        for a in commitments.iter().flat_map(|c| &c.actors) {
            let value = token(&a.key);
            match options.iter_mut().find(|o| o.value == value) {
                Some(o) => o.count += 1,
                None => options.push(FilterOption {
                    value,
                    label: lang.pick(&a.name).to_string(),
                    count: 1,
                }),
            }
        }
        options
    }

    /// The overview chart: the statuses of each topic's commitments, as an SVG element.
    pub(super) fn status_chart(&self, lang: Lang, t: &Table) -> String {
        let bars: Vec<chart::Bar> = self
            .links
            .topics
            .iter()
            .map(|topic| {
                let mut counts = [0; 4];
                for c in self.topic_commitments(topic) {
                    let i = match overall(c) {
                        Some(Status::Fulfilled) => 0,
                        Some(Status::InProgress) => 1,
                        Some(Status::Reaffirmed) => 2,
                        None => 3,
                    };
                    counts[i] += 1;
                }
                chart::Bar {
                    label: lang.pick(&topic.name).to_string(),
                    counts,
                }
            })
            .collect();
        let words = chart::Words {
            title: text(t, "chart_title"),
            statuses: chart::KEYS.map(|k| text(t, &format!("status_{k}"))),
            bar_sentence: text(t, "chart_bar"),
            count: text(t, "chart_count"),
            separator: text(t, "chart_separator"),
        };
        chart::status_chart(&bars, &words, "status-chart")
    }

    /// The page of one commitment.
    pub fn commitment(&self, c: &Commitment, lang: Lang, t: &Table) -> CommitmentView {
        let (text_shown, text_lang) = Self::commitment_text(c, lang);
        let status = overall(c);
        let mut followups: Vec<SummitFollowups> = Vec::new();
        for f in &c.followups {
            let summit = self.summit_name(&f.unit.summit, lang);
            let reason = reason_words(&f.reason);
            let view = FollowupView {
                quote: self.quote(&f.unit, lang, &[]),
                status: f.status.as_str(),
                status_label: status_label(Some(f.status), t),
                reason: f.reason.clone(),
                evidence: marked_html(&f.evidence, &reason),
                reviewed: f.reviewed,
                note_html: f.note.as_deref().map(crate::markdown::to_html),
                note_lang: f.note.as_deref().map_or("en", lang_of),
            };
            match followups.last_mut() {
                Some(last) if last.summit == summit => last.followups.push(view),
                _ => followups.push(SummitFollowups {
                    summit,
                    followups: vec![view],
                }),
            }
        }
        let latest = self
            .archive
            .summit(&c.summit)
            .is_some_and(|s| self.archive.summits.iter().all(|o| o.number <= s.number));
        CommitmentView {
            id: c.id.to_string(),
            text: text_shown,
            text_lang,
            zh: c.zh.clone(),
            en: c.en.clone(),
            summit: self.summit_name(&c.summit, lang),
            summit_href: super::views::summit_page(lang, &c.summit),
            actors: c.actors.iter().map(|a| self.actor(a, lang)).collect(),
            topics: c.topics.iter().map(|id| self.topic(id, lang)).collect(),
            entities: c.entities.iter().map(|e| self.entity(e, lang)).collect(),
            status: status_key(status),
            status_label: status_label(status, t),
            sources: c.sources.iter().map(|r| self.quote(r, lang, &[])).collect(),
            followups,
            latest,
        }
    }

    /// The tracker's notes on the unit `r` of a document page.
    pub fn unit_notes(&self, r: &UnitRef, lang: Lang, t: &Table) -> UnitNotes {
        UnitNotes {
            states: self
                .states
                .get(r)
                .into_iter()
                .flatten()
                .map(|c| StatesNote {
                    href: commitment_page(lang, &c.id),
                    followups: c
                        .followups
                        .iter()
                        .map(|f| FollowupLink {
                            status: f.status.as_str(),
                            status_label: status_label(Some(f.status), t),
                            at: self.unit_link(&f.unit, lang),
                        })
                        .collect(),
                })
                .collect(),
            reports: self
                .reports
                .get(r)
                .into_iter()
                .flatten()
                .map(|(c, f)| ReportsNote {
                    href: commitment_page(lang, &c.id),
                    summit: self.summit_name(&c.summit, lang),
                    status: f.status.as_str(),
                    status_label: status_label(Some(f.status), t),
                })
                .collect(),
        }
    }

    /// The passages at `refs`, grouped by document, in the page's language, with `marks`
    /// marked in the Chinese.
    fn passages<'r>(
        &self,
        refs: impl IntoIterator<Item = &'r UnitRef>,
        lang: Lang,
        zh_marks: &[&str],
        en_marks: &[&str],
    ) -> Vec<PassageGroup> {
        let mut groups: Vec<PassageGroup> = Vec::new();
        let (zh_marks, en_marks) = (Marks::new(zh_marks), Marks::new(en_marks));
        for r in refs {
            let Some((doc, unit)) = self.units.get(r) else {
                continue;
            };
            let (text, text_lang) = match (lang, &unit.en) {
                (Lang::En, Some(en)) => (en_marks.html(en), "en"),
                _ => (zh_marks.html(&unit.zh), "zh-Hans"),
            };
            let passage = Passage {
                href: unit_href(lang, r),
                unit: r.unit.to_string(),
                text,
                text_lang,
            };
            let document_href = super::views::document_page(lang, &doc.summit, &doc.id);
            match groups.last_mut() {
                Some(g) if g.document_href == document_href => g.passages.push(passage),
                _ => {
                    let (document, document_lang) = title(doc, lang);
                    groups.push(PassageGroup {
                        summit: self.summit_name(&doc.summit, lang),
                        document,
                        document_lang,
                        document_href,
                        passages: vec![passage],
                    });
                }
            }
        }
        groups
    }

    /// The units that fall under `topic`, in reading order.
    pub(super) fn topic_passages(&self, topic: &Topic) -> &'a [UnitRef] {
        self.links
            .topic_passages
            .get(&topic.id)
            .map_or(&[][..], Vec::as_slice)
    }

    /// The units that name the glossary term `term`, in reading order.
    pub(super) fn entity_passages(&self, term: &Term) -> &'a [UnitRef] {
        self.links
            .entity_passages
            .get(&term.zh)
            .map_or(&[][..], Vec::as_slice)
    }

    /// The commitments filed under `topic`.
    pub(super) fn topic_commitments(&self, topic: &Topic) -> impl Iterator<Item = &'a Commitment> {
        self.links
            .commitments
            .iter()
            .filter(move |c| c.topics.contains(&topic.id))
    }

    /// The commitments that name the glossary term `term`.
    pub(super) fn entity_commitments(&self, term: &Term) -> impl Iterator<Item = &'a Commitment> {
        self.links
            .commitments
            .iter()
            .filter(move |c| c.entities.contains(&term.zh))
    }

    /// The index of topics.
    pub fn topic_cards(&self, lang: Lang) -> Vec<Card> {
        self.links
            .topics
            .iter()
            .map(|topic| Card {
                name: lang.pick(&topic.name).to_string(),
                name_lang: lang.html(),
                other_name: lang.other().pick(&topic.name).to_string(),
                other_lang: lang.other().html(),
                href: topic_page(lang, &topic.id),
                passages: self.topic_passages(topic).len(),
                commitments: self.topic_commitments(topic).count(),
            })
            .collect()
    }

    /// A topic's page.
    pub fn topic_view(&self, topic: &Topic, shown: &Shown, lang: Lang, t: &Table) -> SubjectView {
        // The topic's terms in every printed form, and its key words.
        let mut zh_marks: Vec<&str> = topic.keywords.iter().map(String::as_str).collect();
        for term in &topic.terms {
            match self.terms.get(term.as_str()) {
                Some(g) => zh_marks.extend(g.forms()),
                None => zh_marks.push(term),
            }
        }
        let en_marks: Vec<&str> = topic
            .terms
            .iter()
            .filter_map(|term| self.terms.get(term.as_str()))
            .flat_map(|g| {
                std::iter::once(g.en.as_str()).chain(g.alternatives.iter().map(String::as_str))
            })
            .collect();
        let (commitments_total, commitments, passages, groups, pager) =
            self.shown(shown, lang, t, &zh_marks, &en_marks);
        SubjectView {
            name: lang.pick(&topic.name).to_string(),
            name_lang: lang.html(),
            other_name: lang.other().pick(&topic.name).to_string(),
            other_lang: lang.other().html(),
            kind_label: None,
            variants: Vec::new(),
            passages,
            groups,
            commitments_total,
            commitments,
            pager,
        }
    }

    /// The index of named entities: the glossary's terms by type.
    pub fn entity_groups(&self, lang: Lang, t: &Table) -> Vec<CardGroup> {
        let mut groups: BTreeMap<String, Vec<&Term>> = BTreeMap::new();
        for term in &self.archive.glossary.terms {
            groups.entry(term_type(term)).or_default().push(term);
        }
        TYPE_ORDER
            .iter()
            .filter_map(|kind| {
                let terms = groups.get(*kind)?;
                Some(CardGroup {
                    label: text(t, &format!("term_types_{kind}")),
                    cards: terms
                        .iter()
                        .map(|term| {
                            let named = self.entity(&term.zh, lang);
                            let other = self.entity(&term.zh, lang.other());
                            Card {
                                name: named.name,
                                name_lang: named.lang,
                                other_lang: other.lang,
                                other_name: other.name,
                                href: entity_page(lang, self.slug_of(term)),
                                passages: self.entity_passages(term).len(),
                                commitments: self.entity_commitments(term).count(),
                            }
                        })
                        .collect(),
                })
            })
            .collect()
    }

    /// A named entity's page.
    pub fn entity_view(&self, term: &Term, shown: &Shown, lang: Lang, t: &Table) -> SubjectView {
        let zh_marks: Vec<&str> = term.forms().collect();
        let en_marks: Vec<&str> = std::iter::once(term.en.as_str())
            .chain(term.alternatives.iter().map(String::as_str))
            .collect();
        let named = self.entity(&term.zh, lang);
        let other = self.entity(&term.zh, lang.other());
        let (commitments_total, commitments, passages, groups, pager) =
            self.shown(shown, lang, t, &zh_marks, &en_marks);
        SubjectView {
            name: named.name,
            name_lang: named.lang,
            other_name: other.name,
            other_lang: other.lang,
            kind_label: Some(text(t, &format!("term_type_{}", term_type(term)))),
            variants: term.variants.clone(),
            passages,
            groups,
            commitments_total,
            commitments,
            pager,
        }
    }

    /// How a topic's or an entity's commitments and passages fall on pages: see
    /// [`subject_pages`], at the site's `paginate_by`.
    pub fn subject_pages(
        &self,
        commitments: &[&Commitment],
        passages: &[UnitRef],
    ) -> Vec<SubjectPage> {
        let place = |s: &SummitId| {
            self.summit_places
                .get(s.as_str())
                .copied()
                .unwrap_or(usize::MAX)
        };
        let commitments: Vec<usize> = commitments.iter().map(|c| place(&c.summit)).collect();
        let passages: Vec<usize> = passages.iter().map(|r| place(&r.summit)).collect();
        subject_pages(
            &commitments,
            &passages,
            self.archive.site.paginate_by as usize,
        )
    }

    /// What a subject's page shows: how many commitments it has, the rows and passage groups
    /// of this page, how many passages it has, and the pager when it has more than one page.
    fn shown(
        &self,
        shown: &Shown,
        lang: Lang,
        t: &Table,
        zh_marks: &[&str],
        en_marks: &[&str],
    ) -> (usize, Vec<Row>, usize, Vec<PassageGroup>, Option<Pager>) {
        let page = &shown.pages[shown.page];
        let rows = page
            .commitments(shown.commitments)
            .map(|c| self.row(c, lang, t))
            .collect();
        let groups = self.passages(page.passages(shown.passages), lang, zh_marks, en_marks);
        let pager = (shown.pages.len() > 1).then(|| self.pager(shown, lang, t));
        (
            shown.commitments.len(),
            rows,
            shown.passages.len(),
            groups,
            pager,
        )
    }

    /// Where page `shown.page` is among the subject's pages: the first and the last, and two
    /// on either side of it.
    fn pager(&self, shown: &Shown, lang: Lang, t: &Table) -> Pager {
        let count = shown.pages.len();
        let number = shown.page + 1;
        let first = (shown.first)(lang);
        let href = |n: usize| subject_page_number(&first, n);
        let span = |page: &SubjectPage| {
            let summits = page
                .commitments(shown.commitments)
                .map(|c| &c.summit)
                .chain(page.passages(shown.passages).map(|r| &r.summit));
            // The earliest and the latest summit, by their places in the archive.
            let (mut earliest, mut latest): (Option<&SummitId>, Option<&SummitId>) = (None, None);
            for s in summits {
                let place = self.summit_places.get(s.as_str());
                if earliest.is_none_or(|e| self.summit_places.get(e.as_str()) > place) {
                    earliest = Some(s);
                }
                if latest.is_none_or(|l| self.summit_places.get(l.as_str()) < place) {
                    latest = Some(s);
                }
            }
            match (earliest, latest) {
                (Some(f), Some(l)) if f != l => super::meta::fill(
                    t,
                    "pager_span",
                    &[
                        ("first", self.summit_name(f, lang)),
                        ("last", self.summit_name(l, lang)),
                    ],
                ),
                (Some(f), _) => self.summit_name(f, lang),
                _ => String::new(),
            }
        };
        let mut links: Vec<PagerLink> = Vec::new();
        for n in 1..=count {
            if n != 1 && n != count && n.abs_diff(number) > 2 {
                continue;
            }
            let after_gap = links.last().is_some_and(|l| l.number + 1 != n);
            links.push(PagerLink {
                number: n,
                href: href(n),
                current: n == number,
                after_gap,
                span: span(&shown.pages[n - 1]),
            });
        }
        let span_here = span(&shown.pages[shown.page]);
        Pager {
            number,
            count,
            here: super::meta::fill(
                t,
                "pager_here",
                &[
                    ("number", number.to_string()),
                    ("count", count.to_string()),
                    ("span", span_here.clone()),
                ],
            ),
            span: span_here,
            previous: (number > 1).then(|| href(number - 1)),
            next: (number < count).then(|| href(number + 1)),
            links,
        }
    }
}

pub(super) const TYPE_ORDER: [&str; 8] = [
    "project",
    "mechanism",
    "initiative",
    "organisation",
    "country",
    "place",
    "person",
    "concept",
];

pub(super) fn term_type(term: &Term) -> String {
    serde_json::to_value(term.kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// A unit's address in `lang`, relative to the site root.
pub fn unit_href(lang: Lang, r: &UnitRef) -> String {
    format!(
        "{}#{}",
        super::views::document_page(lang, &r.summit, &r.document),
        r.unit
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The commitments and the passages (by their index) on each of `pages`.
    fn shown(pages: &[SubjectPage], n_c: usize, n_p: usize) -> Vec<(Vec<usize>, Vec<usize>)> {
        let (c, p): (Vec<usize>, Vec<usize>) = ((0..n_c).collect(), (0..n_p).collect());
        pages
            .iter()
            .map(|page| {
                (
                    page.commitments(&c).copied().collect(),
                    page.passages(&p).copied().collect(),
                )
            })
            .collect()
    }

    #[test]
    fn a_subject_that_fits_stays_on_one_page() {
        assert_eq!(
            shown(&subject_pages(&[], &[], 10), 0, 0),
            [(vec![], vec![])]
        );
        // Summit 0: two commitments and a passage; summit 1: one and two.
        let pages = subject_pages(&[0, 0, 1], &[0, 1, 1], 6);
        assert_eq!(shown(&pages, 3, 3), [(vec![0, 1, 2], vec![0, 1, 2])]);
    }

    #[test]
    fn pages_hold_whole_summits_where_they_fit() {
        // Summit 0: 2 + 1; summit 1: 1 + 2; summit 2: 2 passages. Five a page: summit 0 alone
        // (adding summit 1 makes six), then summits 1 and 2 (five).
        let pages = subject_pages(&[0, 0, 1], &[0, 1, 1, 2, 2], 5);
        assert_eq!(
            shown(&pages, 3, 5),
            [(vec![0, 1], vec![0]), (vec![2], vec![1, 2, 3, 4])]
        );
        // A summit with passages and no commitment, between two with commitments only.
        let pages = subject_pages(&[0, 2], &[1, 1], 2);
        assert_eq!(
            shown(&pages, 2, 2),
            [(vec![0], vec![]), (vec![], vec![0, 1]), (vec![1], vec![])]
        );
    }

    #[test]
    fn a_summit_larger_than_a_page_fills_pages_of_its_own_commitments_first() {
        // Summit 0: 3 commitments and 4 passages, three a page; summit 1: one passage, which
        // joins the last of summit 0's on a page.
        let pages = subject_pages(&[0, 0, 0], &[0, 0, 0, 0, 1], 3);
        assert_eq!(
            shown(&pages, 3, 5),
            [
                (vec![0, 1, 2], vec![]),
                (vec![], vec![0, 1, 2]),
                (vec![], vec![3, 4]),
            ]
        );
        // One a page: one page each, in order.
        let pages = subject_pages(&[0, 1], &[0, 1], 1);
        assert_eq!(
            shown(&pages, 2, 2),
            [
                (vec![0], vec![]),
                (vec![], vec![0]),
                (vec![1], vec![]),
                (vec![], vec![1]),
            ]
        );
    }

    #[test]
    fn every_commitment_and_passage_is_on_exactly_one_page_of_at_most_the_size() {
        // Summits drawn by a fixed linear congruential sequence, sorted as the archive is.
        let mut state = 7u64;
        let mut next = |below: u64| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) % below
        };
        for round in 0..200 {
            let summits = 1 + next(8);
            let mut c: Vec<usize> = (0..next(40)).map(|_| next(summits) as usize).collect();
            let mut p: Vec<usize> = (0..next(60)).map(|_| next(summits) as usize).collect();
            c.sort_unstable();
            p.sort_unstable();
            let per_page = 1 + next(15) as usize;
            let pages = subject_pages(&c, &p, per_page);
            let seen = shown(&pages, c.len(), p.len());
            let all_c: Vec<usize> = seen.iter().flat_map(|(c, _)| c.clone()).collect();
            let all_p: Vec<usize> = seen.iter().flat_map(|(_, p)| p.clone()).collect();
            assert_eq!(all_c, (0..c.len()).collect::<Vec<_>>(), "round {round}");
            assert_eq!(all_p, (0..p.len()).collect::<Vec<_>>(), "round {round}");
            for (i, page) in pages.iter().enumerate() {
                assert!(page.len() <= per_page, "round {round}: page {i} {page:?}");
                assert!(
                    !page.is_empty() || pages.len() == 1,
                    "round {round}: empty page {i}"
                );
                // Each piece is of one summit.
                for (cr, pr) in &page.pieces {
                    let places: BTreeSet<usize> = c[cr.clone()]
                        .iter()
                        .chain(&p[pr.clone()])
                        .copied()
                        .collect();
                    assert!(places.len() <= 1, "round {round}: piece of {places:?}");
                }
            }
            // A page is cut inside a summit only when that summit is larger than a page.
            for pair in pages.windows(2) {
                let last = pair[0].pieces.last().unwrap();
                let first = pair[1].pieces.first().unwrap();
                let place_of = |(cr, pr): &(Range<usize>, Range<usize>), end: bool| {
                    let places: Vec<usize> = c[cr.clone()]
                        .iter()
                        .chain(&p[pr.clone()])
                        .copied()
                        .collect();
                    if end {
                        *places.last().unwrap()
                    } else {
                        places[0]
                    }
                };
                let summit = place_of(last, true);
                if summit == place_of(first, false) {
                    let size = c.iter().chain(&p).filter(|&&s| s == summit).count();
                    assert!(
                        size > per_page,
                        "round {round}: summit {summit} of {size} cut"
                    );
                }
            }
        }
    }

    #[test]
    fn later_pages_of_a_subject_are_beside_its_first() {
        let first = "en/entities/central-asia/index.html";
        assert_eq!(subject_page_number(first, 1), first);
        assert_eq!(
            subject_page_number(first, 2),
            "en/entities/central-asia/page/2/index.html"
        );
        assert_eq!(
            subject_page_number("zh/topics/trade/index.html", 12),
            "zh/topics/trade/page/12/index.html"
        );
    }

    #[test]
    fn slugs_are_ascii_words_joined_by_dashes() {
        assert_eq!(
            slug("China–Kyrgyzstan–Uzbekistan railway"),
            "china-kyrgyzstan-uzbekistan-railway"
        );
        assert_eq!(slug("Xi'an"), "xi-an");
        assert_eq!(slug("Türkmenbaşy"), "turkmenbasy");
        assert_eq!(slug("——"), "term");
    }

    /// Each stretch of `text` as [`Marks::stretches`] cuts it, with whether it is marked.
    fn marks<'t>(text: &'t str, needles: &[&str]) -> Vec<(&'t str, bool)> {
        Marks::new(needles)
            .stretches(text)
            .into_iter()
            .map(|(range, mark)| (&text[range], mark))
            .collect()
    }

    #[test]
    fn marks_every_occurrence_with_dashes_folded() {
        assert_eq!(
            marks("中国-中亚峰会和中国—中亚机制", &["中国—中亚"]),
            [
                ("中国-中亚", true),
                ("峰会和", false),
                ("中国—中亚", true),
                ("机制", false)
            ]
        );
        assert_eq!(marks("abc", &[]), [("abc", false)]);
        assert!(marks("", &[]).is_empty());
        assert!(marks("", &["中亚"]).is_empty());
        // Occurrences side by side are one mark; the longest needle wins where two begin.
        assert_eq!(
            marks("中亚中亚五国", &["中亚", "中亚五国"]),
            [("中亚中亚五国", true)]
        );
        assert_eq!(
            marks("Xi'an, XI'AN and Xian", &["xi'an"]),
            [
                ("Xi'an", true),
                (", ", false),
                ("XI'AN", true),
                (" and Xian", false)
            ]
        );
    }

    #[test]
    fn marked_text_as_html_is_escaped_around_its_marks() {
        assert_eq!(
            marked_html("<b>中吉乌铁路</b> & \"中吉乌铁路\"", &["中吉乌铁路"]),
            "&lt;b&gt;<mark>中吉乌铁路</mark>&lt;/b&gt; &amp; &quot;<mark>中吉乌铁路</mark>&quot;"
        );
        assert_eq!(
            marked_html("<script>", &["script"]),
            "&lt;<mark>script</mark>&gt;"
        );
    }

    #[test]
    fn a_reason_gives_its_quoted_words() {
        assert_eq!(reason_words("“已建成”、“正式启动”"), ["已建成", "正式启动"]);
        assert_eq!(reason_words("已"), ["已"]);
    }
}
