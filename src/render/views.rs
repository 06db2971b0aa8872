//! What the templates see: plain serialisable views of the records in one language, with every
//! decision made here in Rust (number labels, links, notices, fallbacks) so that templates only
//! arrange data.

use crate::load::{Archive, Cleaning};
use crate::model::*;
use crate::text::parse_numeral;
use serde::Serialize;
use std::collections::BTreeMap;

type Table = BTreeMap<String, String>;

/// A language of the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Zh, Lang::En];

    /// The code used in paths and interface-text tables.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    /// The value of `lang` and `hreflang` attributes.
    pub fn html(self) -> &'static str {
        match self {
            Lang::Zh => "zh-Hans",
            Lang::En => "en",
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }

    pub(super) fn pick(self, b: &Bilingual) -> &str {
        match self {
            Lang::Zh => &b.zh,
            Lang::En => &b.en,
        }
    }
}

/// The relative path from the page at `path` back to the site root (`../../../`).
pub fn root_prefix(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

pub fn home_page(lang: Lang) -> String {
    format!("{}/index.html", lang.code())
}

pub fn summit_page(lang: Lang, summit: &SummitId) -> String {
    format!("{}/{summit}/index.html", lang.code())
}

pub fn document_page(lang: Lang, summit: &SummitId, doc: &DocumentId) -> String {
    format!("{}/{summit}/{doc}/index.html", lang.code())
}

pub fn search_page(lang: Lang) -> String {
    format!("{}/search/index.html", lang.code())
}

/// The search page's filters: the summits and the kinds of document, each `(value, label)`.
#[derive(Debug, Serialize)]
pub struct SearchFilters {
    pub summits: Vec<(String, String)>,
    pub kinds: Vec<(String, String)>,
}

pub fn search_filters(archive: &Archive, lang: Lang, t: &Table) -> SearchFilters {
    SearchFilters {
        summits: archive
            .summits
            .iter()
            .map(|s| {
                let name = match lang {
                    Lang::Zh => s.name.zh.clone(),
                    Lang::En => s.name.en.clone(),
                };
                (s.id.to_string(), name)
            })
            .collect(),
        kinds: DocumentKind::ALL
            .iter()
            .filter(|k| archive.documents.iter().any(|d| d.kind == **k))
            .map(|k| {
                let label = t
                    .get(&format!("kind_{}", k.as_str()))
                    .cloned()
                    .unwrap_or_else(|| k.as_str().to_string());
                (k.as_str().to_string(), label)
            })
            .collect(),
    }
}

pub fn parallel_page(lang: Lang, summit: &SummitId, doc: &DocumentId) -> String {
    format!("{}/{summit}/{doc}/parallel/index.html", lang.code())
}

/// The permanent address of a document: its folder, relative to the site root.
pub fn document_url(lang: Lang, summit: &SummitId, doc: &DocumentId) -> String {
    format!("{}/{summit}/{doc}/", lang.code())
}

pub(super) fn text(t: &Table, key: &str) -> String {
    t.get(key).cloned().unwrap_or_else(|| key.to_string())
}

pub(super) fn pretty_date(d: &str, t: &Table) -> String {
    let parts: Vec<&str> = d.split('-').collect();
    match parts.as_slice() {
        [y, m, day] => {
            let month = m.trim_start_matches('0');
            text(t, "date_format")
                .replace("{y}", y)
                .replace("{m}", month)
                .replace("{month}", &text(t, &format!("month_{month}")))
                .replace("{d}", day.trim_start_matches('0'))
        }
        _ => d.to_string(),
    }
}

pub(super) fn dates(summit: &Summit, t: &Table) -> String {
    if summit.start == summit.end {
        pretty_date(&summit.start, t)
    } else {
        format!(
            "{}{}{}",
            pretty_date(&summit.start, t),
            text(t, "date_range_sep"),
            pretty_date(&summit.end, t)
        )
    }
}

/// A link to the same page in the other language, and the alternates for search engines.
#[derive(Serialize)]
pub struct Languages {
    /// The same page in the other language, relative to the site root.
    pub switch_href: String,
    pub switch_label: String,
    pub switch_lang: &'static str,
    /// (hreflang, path relative to the site root) for every language.
    pub alternates: Vec<(&'static str, String)>,
}

pub fn languages(lang: Lang, path_in: impl Fn(Lang) -> String, t: &Table) -> Languages {
    Languages {
        switch_href: path_in(lang.other()),
        switch_label: text(t, "switch_language"),
        switch_lang: lang.other().html(),
        alternates: Lang::ALL.iter().map(|&l| (l.html(), path_in(l))).collect(),
    }
}

#[derive(Serialize)]
pub struct DocumentLink {
    pub id: String,
    pub title: String,
    pub title_lang: &'static str,
    pub kind: &'static str,
    pub kind_label: String,
    pub date: String,
    /// Relative to the site root.
    pub href: String,
    pub completeness: Completeness,
    pub units: usize,
}

/// A document's title in `lang`, and the language it is in (the Chinese when untranslated).
pub(super) fn title(doc: &Document, lang: Lang) -> (String, &'static str) {
    match (lang, &doc.en) {
        (Lang::En, Some(en)) => (en.title.clone(), "en"),
        _ => (doc.title.clone(), "zh-Hans"),
    }
}

pub(super) fn document_link(doc: &Document, lang: Lang, t: &Table) -> DocumentLink {
    let (title, title_lang) = title(doc, lang);
    DocumentLink {
        id: doc.id.to_string(),
        title,
        title_lang,
        kind: doc.kind.as_str(),
        kind_label: text(t, &format!("kind_{}", doc.kind.as_str())),
        date: pretty_date(&doc.date, t),
        href: document_page(lang, &doc.summit, &doc.id),
        completeness: doc.completeness,
        units: doc.units().len(),
    }
}

#[derive(Serialize)]
pub struct SummitCard {
    pub id: String,
    pub number: u32,
    pub name: String,
    pub dates: String,
    pub city: String,
    pub host: String,
    pub href: String,
    pub documents: Vec<DocumentLink>,
}

fn summit_card(archive: &Archive, s: &Summit, lang: Lang, t: &Table) -> SummitCard {
    SummitCard {
        id: s.id.to_string(),
        number: s.number,
        name: lang.pick(&s.name).to_string(),
        dates: dates(s, t),
        city: lang.pick(&s.city).to_string(),
        host: lang.pick(&s.host).to_string(),
        href: summit_page(lang, &s.id),
        documents: archive
            .documents_of(&s.id)
            .map(|d| document_link(d, lang, t))
            .collect(),
    }
}

#[derive(Serialize)]
pub struct Home {
    pub summits: Vec<SummitCard>,
    pub documents: usize,
    pub units: usize,
    pub translated: usize,
}

pub fn home(archive: &Archive, lang: Lang, t: &Table) -> Home {
    Home {
        summits: archive
            .summits
            .iter()
            .map(|s| summit_card(archive, s, lang, t))
            .collect(),
        documents: archive.documents.len(),
        units: archive.documents.iter().map(|d| d.units().len()).sum(),
        translated: archive
            .documents
            .iter()
            .map(|d| d.coverage().translated)
            .sum(),
    }
}

#[derive(Serialize)]
pub struct LeaderView {
    pub name: String,
    pub title: String,
    pub country: String,
}

#[derive(Serialize)]
pub struct KindGroup {
    pub label: String,
    pub documents: Vec<DocumentLink>,
}

#[derive(Serialize)]
pub struct SummitView {
    #[serde(flatten)]
    pub card: SummitCard,
    pub leaders: Vec<LeaderView>,
    pub by_kind: Vec<KindGroup>,
}

pub fn summit(archive: &Archive, s: &Summit, lang: Lang, t: &Table) -> SummitView {
    let by_kind = DocumentKind::ALL
        .iter()
        .filter_map(|&kind| {
            let documents: Vec<DocumentLink> = archive
                .documents_of(&s.id)
                .filter(|d| d.kind == kind)
                .map(|d| document_link(d, lang, t))
                .collect();
            (!documents.is_empty()).then(|| KindGroup {
                label: text(t, &format!("kinds_{}", kind.as_str())),
                documents,
            })
        })
        .collect();
    SummitView {
        card: summit_card(archive, s, lang, t),
        leaders: leaders(s, lang),
        by_kind,
    }
}

/// A summit's leaders, named in `lang`.
pub(super) fn leaders(s: &Summit, lang: Lang) -> Vec<LeaderView> {
    s.leaders
        .iter()
        .map(|l| LeaderView {
            name: lang.pick(&l.name).to_string(),
            title: lang.pick(&l.title).to_string(),
            country: lang.pick(&l.country).to_string(),
        })
        .collect()
}

/// A stretch of Chinese text, marked when it is a misprint that a note explains.
struct Span {
    pub text: String,
    /// The likely reading, for a misprint.
    pub reading: Option<String>,
}

/// The Chinese text of `u` as HTML: escaped, each noted misprint (its first occurrence) in a
/// `<mark class="misprint">` titled `likely` and the likely reading. Made here rather than by a
/// template loop, since every unit of every page has one.
fn zh_html(u: &Unit, likely: &str) -> String {
    let mut out = String::with_capacity(u.zh.len() + 16);
    for span in spans(u) {
        match &span.reading {
            Some(reading) => {
                out.push_str("<mark class=\"misprint\" title=\"");
                out.push_str(&super::feeds::escape(likely));
                out.push_str(&super::feeds::escape(reading));
                out.push_str("\">");
                out.push_str(&super::feeds::escape(&span.text));
                out.push_str("</mark>");
            }
            None => out.push_str(&super::feeds::escape(&span.text)),
        }
    }
    out
}

/// The Chinese text of `u` cut into spans around its noted misprints (first occurrence each).
fn spans(u: &Unit) -> Vec<Span> {
    let mut marks: Vec<(usize, usize, &str)> = u
        .notes
        .iter()
        .filter_map(|n| {
            u.zh.find(&n.printed)
                .map(|start| (start, start + n.printed.len(), n.reading.as_str()))
        })
        .collect();
    marks.sort_unstable();
    let mut out = Vec::new();
    let mut at = 0;
    for (start, end, reading) in marks {
        if start < at {
            continue;
        }
        if start > at {
            out.push(Span {
                text: u.zh[at..start].to_string(),
                reading: None,
            });
        }
        out.push(Span {
            text: u.zh[start..end].to_string(),
            reading: Some(reading.to_string()),
        });
        at = end;
    }
    if at < u.zh.len() {
        out.push(Span {
            text: u.zh[at..].to_string(),
            reading: None,
        });
    }
    out
}

#[derive(Serialize)]
pub struct NoteView {
    pub printed: String,
    pub reading: String,
    pub en: String,
}

/// One unit as shown.
#[derive(Serialize)]
pub struct UnitView {
    pub id: String,
    pub kind: UnitKind,
    /// The printed number with its mark (`七、`, `21.`) in the Chinese, and its English form
    /// (`7.`), when it is not part of the text.
    pub label_zh: Option<String>,
    pub label_en: Option<String>,
    /// HTML: the escaped Chinese with its noted misprints marked (see [`zh_html`]).
    pub zh: String,
    /// The Chinese as printed, for the table of contents.
    #[serde(skip)]
    pub plain_zh: String,
    pub en: Option<String>,
    pub truncated: bool,
    pub credit_zh: Option<String>,
    pub credit_en: Option<String>,
    pub notes: Vec<NoteView>,
    /// Its place as a reader says it (`第七条第1段`, `Clause 7, para. 1`) and a ready citation
    /// of it ending with its permanent address, in the page's language.
    pub place: String,
    pub cite: String,
    /// The same unit in the other language and in the single-language view, relative to the
    /// root. (The copy control and the link to the parallel view are made by the page's script
    /// from the document's [`DocumentView::address`] and [`DocumentView::parallel_href`], so
    /// that they cost no bytes on every unit.)
    pub other_href: String,
    pub single_href: String,
    /// The commitments it states or reports on.
    pub tracker: super::tracker::UnitNotes,
}

/// One container as shown.
#[derive(Serialize)]
pub struct PartView {
    pub id: Option<String>,
    pub kind: PartKind,
    pub label_zh: Option<String>,
    pub label_en: Option<String>,
    pub heading: Option<UnitView>,
    pub units: Vec<UnitView>,
}

/// One entry of a document's table of contents: the anchor, its place as a reader says it
/// (`第七条`, `Clause 7`) and the opening words of what it holds.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct TocEntry {
    pub id: String,
    pub place: String,
    pub words: String,
    pub words_lang: &'static str,
}

/// The opening words of a text: whole if short, else cut at a character (Chinese) or a word
/// (English) boundary with an ellipsis.
fn opening_words(text: &str, lang: Lang) -> String {
    let text = text.trim();
    match lang {
        Lang::Zh => {
            const MOST: usize = 18;
            if text.chars().count() <= MOST + 2 {
                return text.to_string();
            }
            let cut: String = text.chars().take(MOST).collect();
            format!(
                "{}……",
                cut.trim_end_matches(|c: char| "，、；：。,;:".contains(c))
            )
        }
        Lang::En => {
            const MOST: usize = 60;
            if text.chars().count() <= MOST + 10 {
                return text.to_string();
            }
            let mut cut = String::new();
            for word in text.split_whitespace() {
                if cut.chars().count() + word.chars().count() > MOST {
                    break;
                }
                if !cut.is_empty() {
                    cut.push(' ');
                }
                cut.push_str(word);
            }
            format!("{}…", cut.trim_end_matches([',', ';', ':', '.']))
        }
    }
}

/// A document's table of contents from its parts: each clause, section and group, and each
/// question of an interview (standing for its answer). Empty when fewer than two.
fn table_of_contents(parts: &[PartView], lang: Lang) -> Vec<TocEntry> {
    let words_of = |u: &UnitView| -> (String, &'static str) {
        match (lang, &u.en) {
            (Lang::En, Some(en)) => (opening_words(en, Lang::En), "en"),
            _ => (opening_words(&u.plain_zh, Lang::Zh), "zh-Hans"),
        }
    };
    let mut toc = Vec::new();
    for part in parts {
        let entry = match (part.kind, &part.id) {
            (PartKind::Question, _) => part.units.first().map(|q| (q.id.clone(), words_of(q))),
            (PartKind::Answer, _) => None,
            (_, Some(id)) => {
                let label = match (lang, &part.label_en, &part.label_zh) {
                    (Lang::En, Some(en), _) => Some((en.clone(), "en")),
                    (_, _, Some(zh)) => Some((zh.clone(), "zh-Hans")),
                    _ => None,
                };
                let first = part.heading.as_ref().or(part.units.first());
                label
                    .or_else(|| first.map(words_of))
                    .map(|words| (id.clone(), words))
            }
            _ => None,
        };
        if let Some((id, (words, words_lang))) = entry {
            toc.push(TocEntry {
                place: super::cite::place(&id, lang),
                id,
                words,
                words_lang,
            });
        }
    }
    if toc.len() < 2 {
        toc.clear();
    }
    toc
}

/// The outlet that published a document, named in `lang`: the front matter's (in English from
/// the glossary where it has the name), else the first organisation of the glossary that the
/// dateline or the byline opens with (`新华社西安5月19日电`).
fn outlet(archive: &Archive, doc: &Document, lang: Lang) -> Option<String> {
    use crate::load::glossary::TermType;
    if let Some(named) = &doc.outlet {
        return Some(match lang {
            Lang::Zh => named.clone(),
            Lang::En => english_name(archive, named),
        });
    }
    let printed = [doc.dateline.as_deref(), doc.byline.as_deref()];
    printed.into_iter().flatten().find_map(|line| {
        archive
            .glossary
            .terms
            .iter()
            .filter(|t| t.kind == TermType::Organisation)
            .find(|t| t.forms().any(|f| line.trim_start().starts_with(f)))
            .map(|t| match lang {
                Lang::Zh => t.zh.clone(),
                Lang::En => t.en.clone(),
            })
    })
}

#[derive(Serialize)]
pub struct CleaningView {
    pub line: usize,
    pub column: usize,
    pub action: String,
    pub detail: String,
}

/// A unit anchor that moved: the old id, kept on the page, and where the unit is now.
#[derive(Serialize)]
pub struct Moved {
    pub id: String,
    /// Relative to the site root.
    pub href: String,
}

#[derive(Serialize)]
pub struct DocumentView {
    pub id: String,
    pub kind: &'static str,
    pub kind_label: String,
    pub title: String,
    pub title_lang: &'static str,
    pub title_zh: String,
    pub title_printed: bool,
    pub subtitle_zh: Option<String>,
    pub subtitle_en: Option<String>,
    pub byline: Option<String>,
    pub date: String,
    pub dateline: Option<String>,
    pub speaker: Option<String>,
    pub author: Option<String>,
    pub source: String,
    /// The source text's copy in the site, when the archive holds it.
    pub source_href: Option<String>,
    pub source_lines: Option<String>,
    pub completeness: Completeness,
    pub continues: Option<String>,
    pub note_html: Option<String>,
    pub note_lang: &'static str,
    pub summit_name: String,
    pub summit_href: String,
    pub page_href: String,
    pub parallel_href: String,
    /// The document's permanent address (its folder, relative to the site root): a unit's is
    /// this and `#<unit id>`.
    pub address: String,
    pub parts: Vec<PartView>,
    /// The table of contents: a clause, section, group or question each, when there are two
    /// or more.
    pub toc: Vec<TocEntry>,
    /// The outlet that published the text (`新华社` / `Xinhua`): the front matter's, else read
    /// off the dateline or the byline with the glossary's organisations.
    pub outlet: Option<String>,
    /// Where the text was first published, when known.
    pub source_url: Option<String>,
    pub truncated_unit: Option<String>,
    pub coverage: Coverage,
    pub coverage_percent: String,
    pub cleaning: Vec<CleaningView>,
    /// Anchors once published on this page that now live elsewhere.
    pub moved: Vec<Moved>,
}

/// The English label of a printed number: `七` → `7.`, `21` → `21.`.
fn english_number(number: &str) -> String {
    let n = number
        .parse::<u32>()
        .ok()
        .or_else(|| parse_numeral(number))
        .map_or_else(|| number.to_string(), |n| n.to_string());
    format!("{n}.")
}

/// What the page of `doc` in `lang` shows: its parts unit by unit, the table of contents, and
/// what is known of the text (source, completeness, cleaning, translation coverage).
pub fn document(
    archive: &Archive,
    index: &super::tracker::LinkIndex<'_>,
    doc: &Document,
    lang: Lang,
    t: &Table,
) -> DocumentView {
    let shown = UnitPage::new(archive, index, doc, lang, t);
    let parts = part_views(doc, &shown);
    let truncated_unit = doc
        .units()
        .iter()
        .find(|u| u.truncated)
        .map(|u| u.id.to_string());
    let (title, title_lang) = title(doc, lang);
    let en = doc.en.as_ref();
    let (note, note_lang) = match lang {
        Lang::Zh => (doc.note.as_deref(), "zh-Hans"),
        Lang::En => (en.and_then(|e| e.note.as_deref()), "en"),
    };
    let coverage = doc.coverage();
    DocumentView {
        id: doc.id.to_string(),
        kind: doc.kind.as_str(),
        kind_label: text(t, &format!("kind_{}", doc.kind.as_str())),
        title,
        title_lang,
        title_zh: doc.title.clone(),
        title_printed: doc.title_printed,
        subtitle_zh: doc.subtitle.clone(),
        subtitle_en: en.and_then(|e| e.subtitle.clone()),
        byline: match lang {
            Lang::En => en.and_then(|e| e.byline.clone()).or(doc.byline.clone()),
            Lang::Zh => doc.byline.clone(),
        },
        date: pretty_date(&doc.date, t),
        dateline: match lang {
            Lang::En => en.and_then(|e| e.dateline.clone()).or(doc.dateline.clone()),
            Lang::Zh => doc.dateline.clone(),
        },
        speaker: doc.speaker.as_deref().map(|s| match lang {
            Lang::Zh => s.to_string(),
            Lang::En => english_name(archive, s),
        }),
        author: doc.author.clone(),
        source: doc.source.clone(),
        source_href: archive
            .sources
            .contains_key(&doc.source)
            .then(|| format!("sources/{}", doc.source)),
        source_lines: doc.source_lines.map(|[a, b]| format!("{a}–{b}")),
        completeness: doc.completeness,
        continues: doc.continues.clone(),
        note_html: note.map(crate::markdown::to_html),
        note_lang,
        summit_name: archive
            .summit(&doc.summit)
            .map_or_else(String::new, |s| lang.pick(&s.name).to_string()),
        summit_href: summit_page(lang, &doc.summit),
        address: shown.address.clone(),
        page_href: shown.page,
        parallel_href: shown.parallel,
        toc: table_of_contents(&parts, lang),
        outlet: outlet(archive, doc, lang),
        source_url: doc.source_url.clone(),
        parts,
        truncated_unit,
        coverage,
        coverage_percent: format!("{:.0}", coverage.percent()),
        cleaning: cleaning_views(index, doc, t),
        moved: Vec::new(),
    }
}

/// What every unit of one document page is shown with: the page's addresses in each view and
/// language, and the parts of a citation.
struct UnitPage<'a> {
    doc: &'a Document,
    index: &'a super::tracker::LinkIndex<'a>,
    lang: Lang,
    t: &'a Table,
    page: String,
    other: String,
    parallel: String,
    address: String,
    cited_title: String,
    cited_summit: String,
    cited_date: String,
}

impl<'a> UnitPage<'a> {
    /// The page of `doc` in `lang`.
    fn new(
        archive: &Archive,
        index: &'a super::tracker::LinkIndex<'a>,
        doc: &'a Document,
        lang: Lang,
        t: &'a Table,
    ) -> Self {
        UnitPage {
            doc,
            index,
            lang,
            t,
            page: document_page(lang, &doc.summit, &doc.id),
            other: document_page(lang.other(), &doc.summit, &doc.id),
            parallel: parallel_page(lang, &doc.summit, &doc.id),
            address: document_url(lang, &doc.summit, &doc.id),
            cited_title: title(doc, lang).0,
            cited_summit: archive
                .summit(&doc.summit)
                .map_or_else(String::new, |s| lang.pick(&s.name).to_string()),
            cited_date: pretty_date(&doc.date, t),
        }
    }

    /// Unit `u` as shown, its printed number (when not part of the text) followed by `mark`.
    fn unit(&self, u: &Unit, mark: &str) -> UnitView {
        let lang = self.lang;
        let shown = u.number.as_ref().filter(|n| !u.zh.starts_with(n.as_str()));
        let place = super::cite::place(u.id.as_str(), lang);
        let url = format!("{}#{}", self.address, u.id);
        let cite = super::cite::citation(
            &super::cite::Cited {
                title: &self.cited_title,
                summit: &self.cited_summit,
                date: &self.cited_date,
                place: &place,
                url: &url,
            },
            lang,
        );
        UnitView {
            place,
            cite,
            id: u.id.to_string(),
            kind: u.kind,
            label_zh: shown.map(|n| format!("{n}{mark}")),
            label_en: shown.map(|n| english_number(n)),
            zh: zh_html(u, &text(self.t, "likely_reading")),
            plain_zh: u.zh.clone(),
            en: u.en.clone(),
            truncated: u.truncated,
            credit_zh: None,
            credit_en: None,
            notes: u
                .notes
                .iter()
                .map(|n| NoteView {
                    printed: n.printed.clone(),
                    reading: n.reading.clone(),
                    en: n.en.clone(),
                })
                .collect(),
            other_href: format!("{}#{}", self.other, u.id),
            single_href: format!("{}#{}", self.page, u.id),
            tracker: self.index.unit_notes(
                &UnitRef {
                    summit: self.doc.summit.clone(),
                    document: self.doc.id.clone(),
                    unit: u.id.clone(),
                },
                lang,
                self.t,
            ),
        }
    }

    /// The photo captions printed after the unit `id` (with `None`, before the first unit).
    fn captions_after(&self, id: Option<&UnitId>) -> Vec<UnitView> {
        self.doc
            .captions
            .iter()
            .filter(|c| c.after.as_ref() == id)
            .map(|c| UnitView {
                credit_zh: c.credit.clone(),
                credit_en: c.credit_en.clone(),
                ..self.unit(&c.unit, "")
            })
            .collect()
    }
}

/// The mark printed after a unit's number: `.` after an item's, `、` after the others'.
fn number_mark(kind: UnitKind) -> &'static str {
    if kind == UnitKind::Item { "." } else { "、" }
}

/// The parts of `doc` as shown: the captions printed before the text, then each part with the
/// captions printed after its units.
fn part_views(doc: &Document, shown: &UnitPage<'_>) -> Vec<PartView> {
    let mut parts = Vec::new();
    let leading = shown.captions_after(None);
    if !leading.is_empty() {
        parts.push(PartView {
            id: None,
            kind: PartKind::Text,
            label_zh: None,
            label_en: None,
            heading: None,
            units: leading,
        });
    }
    let group_labels = group_labels(doc);
    for part in doc.parts() {
        let mut units = Vec::new();
        let heading = part.heading.map(|h| shown.unit(h, number_mark(h.kind)));
        if let Some(h) = part.heading {
            units.extend(shown.captions_after(Some(&h.id)));
        }
        for u in part.units {
            units.push(shown.unit(u, number_mark(u.kind)));
            units.extend(shown.captions_after(Some(&u.id)));
        }
        parts.push(PartView {
            id: part.id.map(|i| i.to_string()),
            kind: part.kind,
            label_zh: part.label.map(str::to_string),
            label_en: part
                .id
                .and_then(|id| group_labels.get(id.as_str()).copied().flatten())
                .map(str::to_string),
            heading,
            units,
        });
    }
    parts
}

/// The English labels of a speech's proposal groups, by group id (none for other kinds).
fn group_labels(doc: &Document) -> BTreeMap<&str, Option<&str>> {
    match &doc.body {
        Body::Speech(s) => s
            .parts
            .iter()
            .filter_map(|p| match p {
                SpeechPart::Group(g) => Some((g.id.as_str(), g.label_en.as_deref())),
                SpeechPart::Paragraph(_) => None,
            })
            .collect(),
        _ => BTreeMap::new(),
    }
}

/// What the loader did to the text of `doc`, as its page lists it.
fn cleaning_views(
    index: &super::tracker::LinkIndex<'_>,
    doc: &Document,
    t: &Table,
) -> Vec<CleaningView> {
    index
        .cleaning_of(&doc.path)
        .iter()
        .map(|c| CleaningView {
            line: c.line,
            column: c.column,
            action: text(t, &format!("cleaning_{}", action_key(c))),
            detail: c.detail.clone(),
        })
        .collect()
}

/// A name in English, from the glossary; the printed name where the glossary lacks it.
pub(super) fn english_name(archive: &Archive, zh: &str) -> String {
    archive
        .glossary
        .terms
        .iter()
        .find(|t| t.forms().any(|f| f == zh))
        .map_or_else(|| zh.to_string(), |t| t.en.clone())
}

fn action_key(c: &Cleaning) -> String {
    serde_json::to_value(c.action)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}
