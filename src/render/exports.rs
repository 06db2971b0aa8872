//! Open data: `data/documents.json` (every document and its units in reading order),
//! `data/summits.json`, and `data/cleaning.json` (what the loader did to the pasted texts).
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

/// Every export file of the archive.
pub fn exports(archive: &Archive) -> Result<Vec<(String, Vec<u8>)>, RenderError> {
    let documents: Vec<DocumentRecord<'_>> =
        archive.documents.iter().map(document_record).collect();
    Ok(vec![
        json("documents.json", &documents)?,
        json("summits.json", &archive.summits)?,
        json("cleaning.json", &archive.report.cleaning)?,
        json("glossary.json", &archive.glossary.terms)?,
    ])
}
