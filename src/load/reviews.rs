//! The editors' review file (`content/reviews.yaml`): a YAML list of verdicts on the link
//! stage's follow-ups. Each entry names a commitment, a unit of a later summit, a verdict
//! (`confirmed`, `rejected`, `added`), optionally a status that overrides the automatic one,
//! and an optional note. The loader checks the shape and keeps where each field sits; what
//! the entries point at is checked by the link stage, which knows the commitments.

use crate::diag::Diagnostic;
use crate::model::Status;
use serde::Deserialize;

/// Where the file lives, relative to the site root.
pub const PATH: &str = "content/reviews.yaml";

/// What an editor decided about a follow-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The automatic link is right (its status may still be overridden).
    Confirmed,
    /// The automatic link is wrong: it disappears.
    Rejected,
    /// A link the linker missed: it appears.
    Added,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    commitment: String,
    followup: String,
    verdict: Verdict,
    status: Option<Status>,
    #[serde(default, deserialize_with = "super::strict::opt_text")]
    note: Option<String>,
}

/// A line and a column of the file (1-based, columns in characters).
pub type Position = (usize, usize);

/// One review, with the position of each field for diagnostics.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Review {
    pub commitment: String,
    /// `<document>#<unit>`, the document as `summit/document` or as a bare document id.
    pub followup: String,
    pub verdict: Verdict,
    pub status: Option<Status>,
    pub note: Option<String>,
    /// The entry's first line.
    pub line: usize,
    pub commitment_at: Position,
    pub followup_at: Position,
    pub status_at: Position,
}

/// Parses the review file; problems go to `diags`, at their place in the file.
pub fn parse(path: &str, text: &str, diags: &mut Vec<Diagnostic>) -> Vec<Review> {
    let entries: Vec<Entry> = match super::parse_yaml::<Option<Vec<Entry>>>(path, text, 1) {
        Ok(list) => list.unwrap_or_default(),
        Err(d) => {
            diags.push(d);
            return Vec::new();
        }
    };
    let starts = entry_lines(text);
    let lines: Vec<&str> = text.lines().collect();
    entries
        .into_iter()
        .enumerate()
        .map(|(i, e)| {
            let line = starts.get(i).copied().unwrap_or(1);
            let end = starts.get(i + 1).copied().unwrap_or(lines.len() + 1);
            let at = |key: &str| field_position(&lines, line, end, key).unwrap_or((line, 1));
            Review {
                commitment_at: at("commitment"),
                followup_at: at("followup"),
                status_at: at("status"),
                commitment: e.commitment.trim().to_string(),
                followup: e.followup.trim().to_string(),
                verdict: e.verdict,
                status: e.status,
                note: e.note,
                line,
            }
        })
        .collect()
}

/// The 1-based lines on which the entries of a top-level YAML list start.
pub fn entry_lines(text: &str) -> Vec<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with("- ") || l.trim_end() == "-")
        .map(|(i, _)| i + 1)
        .collect()
}

/// Where the value of `key` starts within the entry on lines `start..end` (1-based).
pub fn field_position(lines: &[&str], start: usize, end: usize, key: &str) -> Option<Position> {
    let pattern = format!("{key}:");
    (start..end).find_map(|n| {
        let line = lines.get(n - 1)?;
        let body = line.trim_start_matches(['-', ' ']);
        if !body.starts_with(&pattern) {
            return None;
        }
        let key_at = line.len() - body.len();
        let after = &body[pattern.len()..];
        let value_at = key_at + pattern.len() + (after.len() - after.trim_start().len());
        Some((n, line[..value_at].chars().count() + 1))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_placed_where_they_are_written() {
        let text = "# reviews\n- commitment: a.b.c\n  followup: d#e\n  verdict: rejected\n- commitment: x.y.z\n  verdict: added\n  followup: q#r\n  status: fulfilled\n";
        let mut diags = Vec::new();
        let reviews = parse(PATH, text, &mut diags);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(reviews.len(), 2);
        assert_eq!(reviews[0].line, 2);
        assert_eq!(reviews[0].commitment_at, (2, 15));
        assert_eq!(reviews[0].followup_at, (3, 13));
        assert_eq!(reviews[1].followup_at, (7, 13));
        assert_eq!(reviews[1].status, Some(Status::Fulfilled));
        assert_eq!(reviews[1].verdict, Verdict::Added);
    }

    #[test]
    fn an_unknown_verdict_is_an_error_at_its_place() {
        let text = "- commitment: a.b.c\n  followup: d#e\n  verdict: maybe\n";
        let mut diags = Vec::new();
        assert!(parse(PATH, text, &mut diags).is_empty());
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].line, 3, "{}", diags[0]);
        assert!(diags[0].message.contains("verdict"), "{}", diags[0]);
    }
}
