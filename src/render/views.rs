//! What the templates see: plain serialisable views of the records, with every decision made
//! here in Rust (number labels, links, notices) so that templates only arrange data.

use crate::load::{Archive, Cleaning};
use crate::model::*;
use serde::Serialize;
use std::collections::BTreeMap;

type Table = BTreeMap<String, String>;

/// The `lang` attribute value for a language code.
pub fn html_lang(lang: &str) -> &'static str {
    match lang {
        "en" => "en",
        _ => "zh-Hans",
    }
}

/// The relative path from the page at `path` back to the site root (`../../../`).
pub fn root_prefix(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

pub fn summit_page(lang: &str, summit: &SummitId) -> String {
    format!("{lang}/{summit}/index.html")
}

pub fn document_page(lang: &str, summit: &SummitId, doc: &DocumentId) -> String {
    format!("{lang}/{summit}/{doc}/index.html")
}

/// The permanent address of a document: its folder, relative to the site root.
pub fn document_url(lang: &str, summit: &SummitId, doc: &DocumentId) -> String {
    format!("{lang}/{summit}/{doc}/")
}

fn text(t: &Table, key: &str) -> String {
    t.get(key).cloned().unwrap_or_else(|| key.to_string())
}

/// The reading date range of a summit, in the table's format.
fn dates(summit: &Summit, t: &Table) -> String {
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

fn pretty_date(d: &str, t: &Table) -> String {
    let parts: Vec<&str> = d.split('-').collect();
    match parts.as_slice() {
        [y, m, day] => text(t, "date_format")
            .replace("{y}", y)
            .replace("{m}", m.trim_start_matches('0'))
            .replace("{d}", day.trim_start_matches('0')),
        _ => d.to_string(),
    }
}

#[derive(Serialize)]
pub struct DocumentLink {
    pub id: String,
    pub title: String,
    pub kind: &'static str,
    pub kind_label: String,
    pub date: String,
    /// Relative to the site root.
    pub href: String,
    pub completeness: Completeness,
    pub units: usize,
}

fn document_link(doc: &Document, t: &Table) -> DocumentLink {
    DocumentLink {
        id: doc.id.to_string(),
        title: doc.title.clone(),
        kind: doc.kind.as_str(),
        kind_label: text(t, &format!("kind_{}", doc.kind.as_str())).to_string(),
        date: pretty_date(&doc.date, t),
        href: document_page(super::LANG, &doc.summit, &doc.id),
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

fn summit_card(archive: &Archive, s: &Summit, t: &Table) -> SummitCard {
    SummitCard {
        id: s.id.to_string(),
        number: s.number,
        name: s.name.zh.clone(),
        dates: dates(s, t),
        city: s.city.zh.clone(),
        host: s.host.zh.clone(),
        href: summit_page(super::LANG, &s.id),
        documents: archive
            .documents_of(&s.id)
            .map(|d| document_link(d, t))
            .collect(),
    }
}

#[derive(Serialize)]
pub struct Home {
    pub summits: Vec<SummitCard>,
    pub documents: usize,
    pub units: usize,
}

pub fn home(archive: &Archive, t: &Table) -> Home {
    Home {
        summits: archive
            .summits
            .iter()
            .map(|s| summit_card(archive, s, t))
            .collect(),
        documents: archive.documents.len(),
        units: archive.documents.iter().map(|d| d.units().len()).sum(),
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

pub fn summit(archive: &Archive, s: &Summit, t: &Table) -> SummitView {
    let by_kind = DocumentKind::ALL
        .iter()
        .filter_map(|&kind| {
            let documents: Vec<DocumentLink> = archive
                .documents_of(&s.id)
                .filter(|d| d.kind == kind)
                .map(|d| document_link(d, t))
                .collect();
            (!documents.is_empty()).then(|| KindGroup {
                label: text(t, &format!("kinds_{}", kind.as_str())).to_string(),
                documents,
            })
        })
        .collect();
    SummitView {
        card: summit_card(archive, s, t),
        leaders: s
            .leaders
            .iter()
            .map(|l| LeaderView {
                name: l.name.zh.clone(),
                title: l.title.zh.clone(),
                country: l.country.zh.clone(),
            })
            .collect(),
        by_kind,
    }
}

/// One unit as shown: its id, the number label printed before its text, its text.
#[derive(Serialize)]
pub struct UnitView {
    pub id: String,
    pub kind: UnitKind,
    /// The printed number with its mark (`七、`, `21.`), when it is not part of the text.
    pub label: Option<String>,
    pub zh: String,
    pub truncated: bool,
    pub credit: Option<String>,
}

fn unit_view(u: &Unit, mark: &str) -> UnitView {
    let label = u
        .number
        .as_ref()
        .filter(|n| !u.zh.starts_with(n.as_str()))
        .map(|n| format!("{n}{mark}"));
    UnitView {
        id: u.id.to_string(),
        kind: u.kind,
        label,
        zh: u.zh.clone(),
        truncated: u.truncated,
        credit: None,
    }
}

/// One container as shown.
#[derive(Serialize)]
pub struct PartView {
    pub id: Option<String>,
    pub kind: PartKind,
    pub label: Option<String>,
    pub heading: Option<UnitView>,
    pub units: Vec<UnitView>,
}

#[derive(Serialize)]
pub struct CleaningView {
    pub line: usize,
    pub column: usize,
    pub action: String,
    pub detail: String,
}

#[derive(Serialize)]
pub struct DocumentView {
    pub id: String,
    pub kind: &'static str,
    pub kind_label: String,
    pub title: String,
    pub title_printed: bool,
    pub subtitle: Option<String>,
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
    pub summit_name: String,
    pub summit_href: String,
    pub parts: Vec<PartView>,
    pub truncated_unit: Option<String>,
    pub cleaning: Vec<CleaningView>,
    pub json_href: String,
}

pub fn document(
    archive: &Archive,
    doc: &Document,
    summit: Option<&Summit>,
    t: &Table,
) -> DocumentView {
    let mark = |kind: PartKind, unit: UnitKind| match (kind, unit) {
        (_, UnitKind::Item) => ".",
        _ => "、",
    };
    let caption = |c: &Caption| UnitView {
        credit: c.credit.clone(),
        ..unit_view(&c.unit, "")
    };
    let captions_after = |id: Option<&UnitId>| -> Vec<UnitView> {
        doc.captions
            .iter()
            .filter(|c| c.after.as_ref() == id)
            .map(caption)
            .collect()
    };
    let mut parts = Vec::new();
    let leading = captions_after(None);
    if !leading.is_empty() {
        parts.push(PartView {
            id: None,
            kind: PartKind::Text,
            label: None,
            heading: None,
            units: leading,
        });
    }
    for part in doc.parts() {
        let mut units = Vec::new();
        let heading = part.heading.map(|h| unit_view(h, mark(part.kind, h.kind)));
        if let Some(h) = part.heading {
            units.extend(captions_after(Some(&h.id)));
        }
        for u in part.units {
            units.push(unit_view(u, mark(part.kind, u.kind)));
            units.extend(captions_after(Some(&u.id)));
        }
        parts.push(PartView {
            id: part.id.map(|i| i.to_string()),
            kind: part.kind,
            label: part.label.map(str::to_string),
            heading,
            units,
        });
    }
    let truncated_unit = doc
        .units()
        .iter()
        .find(|u| u.truncated)
        .map(|u| u.id.to_string());
    let cleaning = archive
        .report
        .cleaning
        .iter()
        .filter(|c: &&Cleaning| c.path == doc.path)
        .map(|c| CleaningView {
            line: c.line,
            column: c.column,
            action: text(
                t,
                &format!(
                    "cleaning_{}",
                    serde_json::to_value(c.action)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_string))
                        .unwrap_or_default()
                ),
            )
            .to_string(),
            detail: c.detail.clone(),
        })
        .collect();
    DocumentView {
        id: doc.id.to_string(),
        kind: doc.kind.as_str(),
        kind_label: text(t, &format!("kind_{}", doc.kind.as_str())).to_string(),
        title: doc.title.clone(),
        title_printed: doc.title_printed,
        subtitle: doc.subtitle.clone(),
        byline: doc.byline.clone(),
        date: pretty_date(&doc.date, t),
        dateline: doc.dateline.clone(),
        speaker: doc.speaker.clone(),
        author: doc.author.clone(),
        source: doc.source.clone(),
        source_href: archive
            .sources
            .contains_key(&doc.source)
            .then(|| format!("sources/{}", doc.source)),
        source_lines: doc.source_lines.map(|[a, b]| format!("{a}–{b}")),
        completeness: doc.completeness,
        continues: doc.continues.clone(),
        note_html: doc.note.as_deref().map(crate::markdown::to_html),
        summit_name: summit.map_or_else(String::new, |s| s.name.zh.clone()),
        summit_href: summit_page(super::LANG, &doc.summit),
        parts,
        truncated_unit,
        cleaning,
        json_href: "data/documents.json".to_string(),
    }
}
