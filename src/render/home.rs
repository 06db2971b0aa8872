//! What the home page sees: the newest summits at a glance (each one's number, dates, city,
//! host and leaders, its documents with their kind and length, and the headline figures its
//! texts state, each linked to its unit) and a line for each earlier one, the commitment
//! overview of the tracker (counts by status and the chart) and the latest documents. The
//! figures come from [`crate::figures`]; which of them a summit shows (a handful, ranked, each
//! once) is decided here.

use super::tracker::{LinkIndex, StatusCount, made_by_summit, unit_href};
use super::views::{self, DocumentLink, Lang, LeaderView, text, title};
use crate::figures::{self, Figure, FigureKind};
use crate::load::Archive;
use crate::model::*;
use crate::text::is_han;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

type Table = BTreeMap<String, String>;

/// How many figures a summit shows, and how many of one kind.
const FIGURES_PER_SUMMIT: usize = 6;
const FIGURES_PER_KIND: usize = 2;
/// How many of the latest documents the page lists.
const LATEST: usize = 5;
/// How many summits, the newest, the page shows at a glance: twelve years at the format's
/// two-year pace. Earlier summits get a line each, so that the page stays a quick read however
/// many summits the archive holds.
const GLANCES: usize = 6;
/// The longest context shown around a figure, in characters, by language.
const CONTEXT_ZH: usize = 36;
const CONTEXT_EN: usize = 110;
/// What ends a clause, by language.
const ZH_CLAUSE: &[&str] = &["，", "。", "；", "！", "？", "：", ",", ";"];
const EN_CLAUSE: &[&str] = &[", ", ". ", "; ", ": "];

/// A document with its length.
#[derive(Serialize)]
pub struct DocumentLength {
    #[serde(flatten)]
    pub link: DocumentLink,
    /// Han characters of its Chinese text.
    pub zh_chars: usize,
}

/// A headline figure, quoted with its context and linked to its unit.
#[derive(Serialize)]
pub struct FigureView {
    /// `money`, `places`, `pairs`, `percent`, `quantity` or `count`.
    pub kind: &'static str,
    /// The figure as printed, in the page's language when the unit's English states it.
    pub figure: String,
    pub lang: &'static str,
    /// The words of its clause before and after it.
    pub before: String,
    pub after: String,
    /// The unit's address, relative to the site root, and its place as a reader says it.
    pub href: String,
    pub place: String,
    pub document: String,
    pub document_lang: &'static str,
}

#[derive(Serialize)]
pub struct SummitGlance {
    pub id: String,
    pub number: u32,
    pub name: String,
    pub href: String,
    pub dates: String,
    pub city: String,
    pub host: String,
    pub leaders: Vec<LeaderView>,
    pub documents: Vec<DocumentLength>,
    pub figures: Vec<FigureView>,
    pub commitments: usize,
}

/// A summit older than those shown at a glance: a line of the page.
#[derive(Serialize)]
pub struct SummitLine {
    pub name: String,
    pub href: String,
    pub dates: String,
    pub city: String,
    pub documents: usize,
    pub commitments: usize,
}

/// The commitment overview: the tracker's counts and chart.
#[derive(Serialize)]
pub struct Overview {
    pub total: usize,
    pub counts: Vec<StatusCount>,
    pub chart: String,
    pub href: String,
}

#[derive(Serialize)]
pub struct Latest {
    pub title: String,
    pub title_lang: &'static str,
    pub kind_label: String,
    pub date: String,
    pub summit: String,
    pub href: String,
}

#[derive(Serialize)]
pub struct HomeView {
    /// The newest [`GLANCES`] summits, in the archive's order.
    pub summits: Vec<SummitGlance>,
    /// The summits before them, in the archive's order.
    pub earlier: Vec<SummitLine>,
    pub overview: Overview,
    pub latest: Vec<Latest>,
}

pub fn home(archive: &Archive, index: &LinkIndex<'_>, lang: Lang, t: &Table) -> HomeView {
    let commitments = made_by_summit(&index.links.commitments);
    let commitments_of = |s: &Summit| commitments.get(s.id.as_str()).copied().unwrap_or(0);
    let (earlier, newest) = archive
        .summits
        .split_at(archive.summits.len().saturating_sub(GLANCES));
    let earlier = earlier
        .iter()
        .map(|s| SummitLine {
            name: lang.pick(&s.name).to_string(),
            href: views::summit_page(lang, &s.id),
            dates: views::dates(s, t),
            city: lang.pick(&s.city).to_string(),
            documents: archive.documents_of(&s.id).count(),
            commitments: commitments_of(s),
        })
        .collect();
    let summits = newest
        .iter()
        .map(|s| SummitGlance {
            id: s.id.to_string(),
            number: s.number,
            name: lang.pick(&s.name).to_string(),
            href: views::summit_page(lang, &s.id),
            dates: views::dates(s, t),
            city: lang.pick(&s.city).to_string(),
            host: lang.pick(&s.host).to_string(),
            leaders: views::leaders(s, lang),
            documents: archive
                .documents_of(&s.id)
                .map(|d| DocumentLength {
                    link: views::document_link(d, lang, t),
                    zh_chars: d
                        .units()
                        .iter()
                        .map(|u| u.zh.chars().filter(|&c| is_han(c)).count())
                        .sum(),
                })
                .collect(),
            figures: headline_figures(archive, &s.id, lang),
            commitments: commitments_of(s),
        })
        .collect();
    let mut latest: Vec<&Document> = archive.documents.iter().collect();
    // Newest first; on one day, the most binding kind first, then as the archive lists them.
    latest.sort_by(|a, b| b.date.cmp(&a.date).then(kind_rank(a).cmp(&kind_rank(b))));
    HomeView {
        summits,
        earlier,
        overview: Overview {
            total: index.links.commitments.len(),
            counts: index.status_counts(t),
            chart: index.status_chart(lang, t),
            href: super::tracker::tracker_page(lang),
        },
        latest: latest
            .into_iter()
            .take(LATEST)
            .map(|d| {
                let (title, title_lang) = title(d, lang);
                Latest {
                    title,
                    title_lang,
                    kind_label: text(t, &format!("kind_{}", d.kind.as_str())),
                    date: views::pretty_date(&d.date, t),
                    summit: archive
                        .summit(&d.summit)
                        .map_or_else(String::new, |s| lang.pick(&s.name).to_string()),
                    href: views::document_page(lang, &d.summit, &d.id),
                }
            })
            .collect(),
    }
}

fn kind_rank(d: &Document) -> usize {
    DocumentKind::ALL
        .iter()
        .position(|&k| k == d.kind)
        .unwrap_or(DocumentKind::ALL.len())
}

fn kind_key(kind: FigureKind) -> &'static str {
    match kind {
        FigureKind::Money => "money",
        FigureKind::Places => "places",
        FigureKind::Pairs => "pairs",
        FigureKind::Percent => "percent",
        FigureKind::Quantity => "quantity",
        FigureKind::Count => "count",
    }
}

/// A figure where it was found.
struct Found<'a> {
    figure: Figure,
    doc: &'a Document,
    unit: &'a Unit,
    order: usize,
}

/// The headline figures of a summit's documents: ranked by what they count (money first),
/// then by how authoritative the document is (its kind), then the larger first; each figure
/// (its unit and value) once, at most [`FIGURES_PER_KIND`] of a kind.
fn headline_figures(archive: &Archive, summit: &SummitId, lang: Lang) -> Vec<FigureView> {
    let mut found: Vec<Found<'_>> = Vec::new();
    for doc in archive.documents_of(summit) {
        for unit in doc.units() {
            for figure in figures::figures(&unit.zh) {
                found.push(Found {
                    figure,
                    doc,
                    unit,
                    order: found.len(),
                });
            }
        }
    }
    found.sort_by(|a, b| {
        a.figure
            .kind
            .cmp(&b.figure.kind)
            .then(kind_rank(a.doc).cmp(&kind_rank(b.doc)))
            .then(b.figure.value.total_cmp(&a.figure.value))
            .then(a.order.cmp(&b.order))
    });
    let mut seen: BTreeSet<(&str, u64)> = BTreeSet::new();
    let mut per_kind: BTreeMap<FigureKind, usize> = BTreeMap::new();
    let mut out = Vec::new();
    for f in &found {
        if out.len() == FIGURES_PER_SUMMIT {
            break;
        }
        if !seen.insert((f.figure.unit, f.figure.value.to_bits())) {
            continue;
        }
        let n = per_kind.entry(f.figure.kind).or_default();
        if *n == FIGURES_PER_KIND {
            continue;
        }
        *n += 1;
        out.push(figure_view(f, lang));
    }
    out
}

fn figure_view(f: &Found<'_>, lang: Lang) -> FigureView {
    let r = UnitRef {
        summit: f.doc.summit.clone(),
        document: f.doc.id.clone(),
        unit: f.unit.id.clone(),
    };
    let english = match lang {
        Lang::En => f
            .unit
            .en
            .as_deref()
            .and_then(|en| figures::english(en, &f.figure).map(|range| (en, range))),
        Lang::Zh => None,
    };
    let (text, (start, end), lang_attr, delims, max) = match english {
        Some((en, range)) => (en, range, "en", EN_CLAUSE, CONTEXT_EN),
        None => (
            f.unit.zh.as_str(),
            (f.figure.start, f.figure.end),
            "zh-Hans",
            ZH_CLAUSE,
            CONTEXT_ZH,
        ),
    };
    let (before, after) = clause(text, start, end, delims, max);
    let (document, document_lang) = title(f.doc, lang);
    FigureView {
        kind: kind_key(f.figure.kind),
        figure: text[start..end].to_string(),
        lang: lang_attr,
        before,
        after,
        href: unit_href(lang, &r),
        place: super::cite::place(f.unit.id.as_str(), lang),
        document,
        document_lang,
    }
}

/// The words of the clause around `text[start..end]`, bounded by `delims`, each side cut to
/// about half of `max` characters with an ellipsis.
fn clause(text: &str, start: usize, end: usize, delims: &[&str], max: usize) -> (String, String) {
    let from = delims
        .iter()
        .filter_map(|d| text[..start].rfind(d).map(|i| i + d.len()))
        .max()
        .unwrap_or(0);
    let to = delims
        .iter()
        .filter_map(|d| text[end..].find(d).map(|i| end + i))
        .min()
        .unwrap_or(text.len());
    let before = &text[from..start];
    let after = text[end..to].trim_end_matches(['.', '。']);
    let room = max.saturating_sub(text[start..end].chars().count());
    let half = room / 2;
    let (nb, na) = (before.chars().count(), after.chars().count());
    // Give the room one side does not need to the other.
    let keep_before = half.max(room.saturating_sub(na)).min(nb);
    let keep_after = room.saturating_sub(keep_before).min(na);
    let before = if keep_before < nb {
        let skip = nb - keep_before;
        format!("…{}", before.chars().skip(skip).collect::<String>())
    } else {
        before.to_string()
    };
    let after = if keep_after < na {
        format!("{}…", after.chars().take(keep_after).collect::<String>())
    } else {
        after.to_string()
    };
    (before, after)
}

#[cfg(test)]
mod tests {
    use super::clause;

    #[test]
    fn the_clause_around_a_figure() {
        let text = "2022年，中国与中亚五国贸易总额超过700亿美元，创下历史最高水平。";
        let start = text.find("超过").unwrap();
        let end = text.find("，创").unwrap();
        assert_eq!(
            clause(text, start, end, &["，", "。"], 36),
            ("中国与中亚五国贸易总额".to_string(), String::new())
        );
        // Twelve characters in all: the figure holds eight (超过700亿美元), and the four left go
        // before it, since nothing follows it in its clause.
        let (before, _) = clause(text, start, end, &["，", "。"], 12);
        assert_eq!(before, "…贸易总额");
    }
}
