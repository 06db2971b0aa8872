//! English translations: `<doc>.en.yaml` beside `<doc>.md`, tied to the Chinese unit by unit
//! through unit ids. An English unit with no Chinese counterpart is an error; a Chinese unit
//! with no English one is counted as pending.

use crate::diag::Diagnostic;
use crate::model::{Body, Document, DocumentEn, SpeechPart};
use serde::Deserialize;
use std::collections::BTreeMap;

/// The fields of a translation file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TranslationFile {
    #[serde(deserialize_with = "super::strict::text")]
    title: String,
    #[serde(default, deserialize_with = "super::strict::opt_text")]
    subtitle: Option<String>,
    #[serde(default, deserialize_with = "super::strict::opt_text")]
    byline: Option<String>,
    #[serde(default, deserialize_with = "super::strict::opt_text")]
    dateline: Option<String>,
    #[serde(default, deserialize_with = "super::strict::opt_text")]
    note: Option<String>,
    #[serde(default, deserialize_with = "super::strict::text_map")]
    groups: BTreeMap<String, String>,
    #[serde(default, deserialize_with = "super::strict::text_map")]
    credits: BTreeMap<String, String>,
    #[serde(default, deserialize_with = "super::strict::text_map")]
    units: BTreeMap<String, String>,
}

/// The line and column of key `key` nested at any depth, or of the file's start.
fn locate_key(text: &str, key: &str) -> (usize, usize) {
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed
            .strip_prefix(key)
            .is_some_and(|r| r.starts_with(':'))
        {
            return (i + 1, line.len() - trimmed.len() + 1);
        }
    }
    (1, 1)
}

/// Applies the translation in `text` (the file at `path`) to `doc`.
pub fn apply(path: &str, text: &str, doc: &mut Document, diags: &mut Vec<Diagnostic>) {
    let file: TranslationFile = match super::front_matter::parse_yaml(path, text, 1) {
        Ok(f) => f,
        Err(d) => {
            diags.push(d);
            return;
        }
    };
    let before = diags.len();
    if let Some(note) = &file.note {
        super::front_matter::check_note(path, text, 1, note, diags);
    }
    let error = |diags: &mut Vec<Diagnostic>, key: &str, message: String| {
        let (line, column) = locate_key(text, key);
        diags.push(Diagnostic::error(path, line, column, message));
    };

    for (field, english, chinese) in [
        ("subtitle", &file.subtitle, &doc.subtitle),
        ("byline", &file.byline, &doc.byline),
        ("dateline", &file.dateline, &doc.dateline),
    ] {
        if english.is_some() && chinese.is_none() {
            error(
                diags,
                field,
                format!("the Chinese document has no {field} to translate"),
            );
        }
    }

    let mut units: BTreeMap<String, String> = file.units;
    let mut lines = BTreeMap::new();
    for unit in doc.units_mut() {
        if let Some(en) = units.remove(unit.id.as_str()) {
            lines.insert(unit.id.clone(), locate_key(text, unit.id.as_str()).0);
            if en.trim().is_empty() {
                error(
                    diags,
                    unit.id.as_str(),
                    format!("English unit `{}` is empty", unit.id),
                );
            }
            unit.en = Some(en.trim().to_string());
        }
    }
    for id in units.keys() {
        error(
            diags,
            id,
            format!(
                "English unit `{id}` has no Chinese counterpart in {}",
                doc.path
            ),
        );
    }

    let mut groups = file.groups;
    if let Body::Speech(speech) = &mut doc.body {
        for part in &mut speech.parts {
            if let SpeechPart::Group(g) = part {
                g.label_en = groups.remove(g.id.as_str());
            }
        }
    }
    for id in groups.keys() {
        error(
            diags,
            id,
            format!("group `{id}` has no Chinese counterpart in {}", doc.path),
        );
    }
    let mut credits = file.credits;
    for caption in &mut doc.captions {
        caption.credit_en = credits.remove(caption.unit.id.as_str());
    }
    for id in credits.keys() {
        error(
            diags,
            id,
            format!("no caption `{id}` with a credit in {}", doc.path),
        );
    }

    if diags[before..].iter().any(Diagnostic::is_error) {
        return;
    }
    doc.en = Some(DocumentEn {
        title: file.title,
        subtitle: file.subtitle,
        byline: file.byline,
        dateline: file.dateline,
        note: file.note,
        path: path.to_string(),
        lines,
    });
}
