//! Open data: `data/documents.json` (every document and its units in reading order),
//! `data/summits.json`, `data/cleaning.json` (what the loader did to the pasted texts), and
//! the commitments with their follow-ups as `data/commitments.json` and, one row per
//! commitment and follow-up, `data/commitments.csv`.
//! The formats are documented in the README; fields are only ever added, never renamed.

use super::RenderError;
use super::views::{Lang, document_url};
use crate::load::Archive;
use crate::model::*;
use serde::Serialize;

#[derive(Serialize)]
struct UnitRecord<'a> {
    id: &'a str,
    kind: UnitKind,
    /// The container the unit belongs to (`cl_7` for `cl_7__para_2`), if any.
    parent: Option<&'a str>,
    number: Option<&'a str>,
    zh: &'a str,
    en: Option<&'a str>,
    url: String,
    url_en: String,
    truncated: bool,
    line: usize,
    notes: &'a [Note],
}

#[derive(Serialize)]
struct DocumentRecord<'a> {
    id: &'a str,
    summit: &'a str,
    kind: DocumentKind,
    title: &'a str,
    title_printed: bool,
    subtitle: Option<&'a str>,
    date: &'a str,
    dateline: Option<&'a str>,
    byline: Option<&'a str>,
    speaker: Option<&'a str>,
    author: Option<&'a str>,
    source: &'a str,
    source_lines: Option<[usize; 2]>,
    completeness: Completeness,
    continues: Option<&'a str>,
    path: &'a str,
    url: String,
    url_en: String,
    title_en: Option<&'a str>,
    subtitle_en: Option<&'a str>,
    translation: Option<&'a str>,
    coverage: Coverage,
    units: Vec<UnitRecord<'a>>,
}

fn document_record(doc: &Document) -> DocumentRecord<'_> {
    let base = document_url(Lang::Zh, &doc.summit, &doc.id);
    let base_en = document_url(Lang::En, &doc.summit, &doc.id);
    let mut parents = std::collections::HashMap::new();
    for part in doc.parts() {
        if let Some(id) = part.id {
            for u in part.units {
                parents.insert(u.id.as_str(), id.as_str());
            }
        }
    }
    DocumentRecord {
        id: doc.id.as_str(),
        summit: doc.summit.as_str(),
        kind: doc.kind,
        title: &doc.title,
        title_printed: doc.title_printed,
        subtitle: doc.subtitle.as_deref(),
        date: &doc.date,
        dateline: doc.dateline.as_deref(),
        byline: doc.byline.as_deref(),
        speaker: doc.speaker.as_deref(),
        author: doc.author.as_deref(),
        source: &doc.source,
        source_lines: doc.source_lines,
        completeness: doc.completeness,
        continues: doc.continues.as_deref(),
        path: &doc.path,
        url: base.clone(),
        url_en: base_en.clone(),
        title_en: doc.en.as_ref().map(|e| e.title.as_str()),
        subtitle_en: doc.en.as_ref().and_then(|e| e.subtitle.as_deref()),
        translation: doc.en.as_ref().map(|e| e.path.as_str()),
        coverage: doc.coverage(),
        units: doc
            .units()
            .into_iter()
            .map(|u| UnitRecord {
                id: u.id.as_str(),
                kind: u.kind,
                parent: parents.get(u.id.as_str()).copied(),
                number: u.number.as_deref(),
                zh: &u.zh,
                en: u.en.as_deref(),
                url: format!("{base}#{}", u.id),
                url_en: format!("{base_en}#{}", u.id),
                truncated: u.truncated,
                line: u.line,
                notes: &u.notes,
            })
            .collect(),
    }
}

fn json<T: Serialize>(name: &str, value: &T) -> Result<(String, Vec<u8>), RenderError> {
    let mut bytes =
        serde_json::to_vec_pretty(value).map_err(|e| RenderError::Export(name.to_string(), e))?;
    bytes.push(b'\n');
    Ok((format!("data/{name}"), bytes))
}

#[derive(Serialize)]
struct SourceRecord<'a> {
    document: &'a str,
    unit: &'a str,
    url: String,
}

#[derive(Serialize)]
struct FollowupRecord<'a> {
    summit: &'a str,
    document: &'a str,
    unit: &'a str,
    url: String,
    status: Status,
    reason: &'a str,
    evidence: &'a str,
    reviewed: bool,
    /// Fields added after the documented ones.
    score: f64,
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct CommitmentRecord<'a> {
    id: &'a str,
    summit: &'a str,
    sources: Vec<SourceRecord<'a>>,
    zh: &'a str,
    en: Option<&'a str>,
    actors: Vec<&'a str>,
    topics: Vec<&'a str>,
    entities: &'a [String],
    followups: Vec<FollowupRecord<'a>>,
}

/// The address of a unit relative to the site root, in Chinese.
fn unit_url(r: &UnitRef) -> String {
    format!(
        "{}#{}",
        document_url(Lang::Zh, &r.summit, &r.document),
        r.unit
    )
}

fn commitment_record(c: &Commitment) -> CommitmentRecord<'_> {
    CommitmentRecord {
        id: c.id.as_str(),
        summit: c.summit.as_str(),
        sources: c
            .sources
            .iter()
            .map(|s| SourceRecord {
                document: s.document.as_str(),
                unit: s.unit.as_str(),
                url: unit_url(s),
            })
            .collect(),
        zh: &c.zh,
        en: c.en.as_deref(),
        actors: c.actors.iter().map(|a| a.key.as_str()).collect(),
        topics: c.topics.iter().map(TopicId::as_str).collect(),
        entities: &c.entities,
        followups: c
            .followups
            .iter()
            .map(|f| FollowupRecord {
                summit: f.unit.summit.as_str(),
                document: f.unit.document.as_str(),
                unit: f.unit.unit.as_str(),
                url: unit_url(&f.unit),
                status: f.status,
                reason: &f.reason,
                evidence: &f.evidence,
                reviewed: f.reviewed,
                score: (f.score * 1000.0).round() / 1000.0,
                note: f.note.as_deref(),
            })
            .collect(),
    }
}

/// The CSV header: a commitment's columns, then a follow-up's.
pub const CSV_HEADER: [&str; 17] = [
    "id",
    "summit",
    "sources",
    "zh",
    "en",
    "actors",
    "topics",
    "entities",
    "followup_summit",
    "followup_document",
    "followup_unit",
    "followup_url",
    "status",
    "reason",
    "evidence",
    "reviewed",
    "note",
];

/// One row per commitment and follow-up; a commitment without follow-up has one row with
/// empty follow-up columns. UTF-8 with a byte-order mark, so spreadsheets read it as UTF-8.
fn commitments_csv(links: &Links) -> Result<(String, Vec<u8>), RenderError> {
    let name = "commitments.csv";
    let error = |e: csv::Error| RenderError::Csv(name.to_string(), e);
    let mut writer = csv::Writer::from_writer("\u{feff}".as_bytes().to_vec());
    writer.write_record(CSV_HEADER).map_err(error)?;
    for c in &links.commitments {
        let sources: Vec<String> = c
            .sources
            .iter()
            .map(|s| format!("{}#{}", s.document, s.unit))
            .collect();
        let join = |items: Vec<&str>| items.join("; ");
        let head = [
            c.id.to_string(),
            c.summit.to_string(),
            sources.join("; "),
            c.zh.clone(),
            c.en.clone().unwrap_or_default(),
            join(c.actors.iter().map(|a| a.key.as_str()).collect()),
            join(c.topics.iter().map(TopicId::as_str).collect()),
            join(c.entities.iter().map(String::as_str).collect()),
        ];
        if c.followups.is_empty() {
            let mut row = head.to_vec();
            row.extend(std::iter::repeat_n(
                String::new(),
                CSV_HEADER.len() - head.len(),
            ));
            writer.write_record(&row).map_err(error)?;
        }
        for f in &c.followups {
            let mut row = head.to_vec();
            row.extend([
                f.unit.summit.to_string(),
                f.unit.document.to_string(),
                f.unit.unit.to_string(),
                unit_url(&f.unit),
                f.status.as_str().to_string(),
                f.reason.clone(),
                f.evidence.clone(),
                f.reviewed.to_string(),
                f.note.clone().unwrap_or_default(),
            ]);
            writer.write_record(&row).map_err(error)?;
        }
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| RenderError::Csv(name.to_string(), e.into_error().into()))?;
    Ok((format!("data/{name}"), bytes))
}

/// Every export file of the archive, each made only when the iterator reaches it, so that one
/// is held at a time.
pub fn exports<'a>(
    archive: &'a Archive,
    links: &'a Links,
) -> impl Iterator<Item = Result<(String, Vec<u8>), RenderError>> + 'a {
    type Export = fn(&Archive, &Links) -> Result<(String, Vec<u8>), RenderError>;
    const EXPORTS: [Export; 6] = [
        |archive, _| {
            let documents: Vec<DocumentRecord<'_>> =
                archive.documents.iter().map(document_record).collect();
            json("documents.json", &documents)
        },
        |archive, _| json("summits.json", &archive.summits),
        |archive, _| json("cleaning.json", &archive.report.cleaning),
        |archive, _| json("glossary.json", &archive.glossary.terms),
        |_, links| {
            let commitments: Vec<CommitmentRecord<'_>> =
                links.commitments.iter().map(commitment_record).collect();
            json("commitments.json", &commitments)
        },
        |_, links| commitments_csv(links),
    ];
    EXPORTS.into_iter().map(move |make| make(archive, links))
}
