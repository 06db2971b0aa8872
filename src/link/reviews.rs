//! Applying the editors' reviews (`content/reviews.yaml`) to the automatic follow-ups: a
//! rejected follow-up disappears, an added one appears, a confirmed one is marked reviewed,
//! and a status given overrides the automatic one. An entry that points at no commitment, no
//! unit, or a unit that is not of a later summit is an error at its place in the file; one
//! that confirms or rejects a link the linker no longer makes is a warning (the link changed
//! under it). Also counts the automatic links nobody has reviewed.

use super::follow::{Index, Query};
use crate::diag::Diagnostic;
use crate::load::Archive;
use crate::load::reviews::{PATH, Review, Verdict};
use crate::model::*;

/// Resolves `<document>#<unit>`, the document as `summit/document` or a bare document id
/// when only one summit has it.
pub fn resolve(archive: &Archive, followup: &str) -> Result<UnitRef, String> {
    let Some((doc, unit)) = followup.split_once('#') else {
        return Err(format!(
            "followup `{followup}` is not `<document>#<unit>` (for example `2025-astana/declaration#cl_1__para_1`)"
        ));
    };
    let matches: Vec<&Document> = match doc.split_once('/') {
        Some((summit, id)) => archive
            .documents
            .iter()
            .filter(|d| d.summit.as_str() == summit && d.id.as_str() == id)
            .collect(),
        None => archive
            .documents
            .iter()
            .filter(|d| d.id.as_str() == doc)
            .collect(),
    };
    let document = match matches.as_slice() {
        [one] => *one,
        [] => return Err(format!("followup `{followup}`: no document `{doc}`")),
        many => {
            let names: Vec<String> = many
                .iter()
                .map(|d| format!("{}/{}", d.summit, d.id))
                .collect();
            return Err(format!(
                "followup `{followup}`: several summits have a document `{doc}` ({}); write it as `summit/document`",
                names.join(", ")
            ));
        }
    };
    if !document.units().iter().any(|u| u.id.as_str() == unit) {
        return Err(format!(
            "followup `{followup}`: {}/{} has no unit `{unit}`",
            document.summit, document.id
        ));
    }
    Ok(UnitRef {
        summit: document.summit.clone(),
        document: document.id.clone(),
        unit: UnitId::from(unit),
    })
}

/// Applies the reviews to the commitments; `queries` gives, for a commitment, the query of
/// its text, for the evidence of an added follow-up.
pub fn apply(
    archive: &Archive,
    index: &Index<'_>,
    reviews: &[Review],
    commitments: &mut [Commitment],
    query_of: &dyn Fn(&Commitment) -> (Query, String),
    diags: &mut Vec<Diagnostic>,
) {
    let number = |s: &SummitId| archive.summit(s).map_or(0, |s| s.number);
    for review in reviews {
        let Some(c) = commitments
            .iter_mut()
            .find(|c| c.id.as_str() == review.commitment)
        else {
            let (l, col) = review.commitment_at;
            diags.push(Diagnostic::error(
                PATH,
                l,
                col,
                format!(
                    "no commitment `{}`: use an id as in data/commitments.json (`summit.document.unit`)",
                    review.commitment
                ),
            ));
            continue;
        };
        let unit = match resolve(archive, &review.followup) {
            Ok(u) => u,
            Err(message) => {
                let (l, col) = review.followup_at;
                diags.push(Diagnostic::error(PATH, l, col, message));
                continue;
            }
        };
        if number(&unit.summit) <= number(&c.summit) {
            let (l, col) = review.followup_at;
            diags.push(Diagnostic::error(
                PATH,
                l,
                col,
                format!(
                    "followup `{}` is of summit {}, not of a summit after the commitment's ({})",
                    review.followup, unit.summit, c.summit
                ),
            ));
            continue;
        }
        let at = c.followups.iter().position(|f| f.unit == unit);
        match (review.verdict, at) {
            (Verdict::Rejected, Some(i)) => {
                c.followups.remove(i);
            }
            (Verdict::Confirmed | Verdict::Added, Some(i)) => {
                let f = &mut c.followups[i];
                f.reviewed = true;
                if let Some(s) = review.status {
                    f.status = s;
                }
                if review.note.is_some() {
                    f.note.clone_from(&review.note);
                }
            }
            (Verdict::Added, None) => {
                let (query, own) = query_of(c);
                // The sentence the editor's note quotes, or else the one closest to the
                // commitment's words.
                let found = review
                    .note
                    .as_deref()
                    .and_then(|note| index.evidence_quoted(&unit, note, &own))
                    .or_else(|| index.evidence_in(&query, &unit, &own));
                let (status, reason, evidence) = match found {
                    Some(f) => (f.status, f.reason, f.evidence),
                    None => (Status::Reaffirmed, String::new(), String::new()),
                };
                c.followups.push(Followup {
                    unit,
                    status: review.status.unwrap_or(status),
                    reason,
                    evidence,
                    score: 1.0,
                    reviewed: true,
                    note: review.note.clone(),
                });
                c.followups.sort_by(|a, b| {
                    (number(&a.unit.summit), &a.unit).cmp(&(number(&b.unit.summit), &b.unit))
                });
            }
            (verdict, None) => {
                let (l, col) = review.followup_at;
                let what = if verdict == Verdict::Rejected {
                    "rejects"
                } else {
                    "confirms"
                };
                diags.push(Diagnostic::warning(
                    PATH,
                    l,
                    col,
                    format!(
                        "{what} a follow-up {} of `{}` that the linker does not find; remove the entry, or make it `verdict: added`",
                        review.followup, review.commitment
                    ),
                ));
            }
        }
    }
}
