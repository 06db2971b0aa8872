//! The load report as a maintainer reads it: each cleaning step as a
//! `path:line:column: note:` line, a count of each kind, the count of problems, and the
//! translation coverage of every document.

use super::{Archive, Cleaning, LoadReport};
use crate::model::Coverage;
use std::fmt;

/// `path:line:column: note: what was done: detail`.
impl fmt::Display for Cleaning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: note: {}: {}",
            self.path,
            self.line,
            self.column,
            self.action.describe(),
            self.detail
        )
    }
}

impl LoadReport {
    /// The cleaning as printed after a run: every step when `all` (`--report`), then the count
    /// of each kind.
    pub fn cleaning_lines(&self, all: bool) -> Vec<String> {
        let mut lines: Vec<String> = if all {
            self.cleaning.iter().map(Cleaning::to_string).collect()
        } else {
            Vec::new()
        };
        lines.extend(self.cleaning_summary(all));
        lines
    }

    /// `3 problem(s) in the content`, or `… in the content and templates` when a template or an
    /// asset has an error.
    pub fn problems(&self) -> String {
        let errors = self.diagnostics.iter().filter(|d| d.is_error()).count();
        let templates = self.diagnostics.iter().any(|d| {
            d.is_error() && (d.path.starts_with("templates") || d.path.starts_with("static"))
        });
        let place = if templates {
            "the content and templates"
        } else {
            "the content"
        };
        format!("{errors} problem(s) in {place}")
    }

    /// `cleaning: 3 × line break joined; …`, a count of each kind of cleaning done, or `None`
    /// when nothing was cleaned. `listed` says whether each step was printed too.
    pub fn cleaning_summary(&self, listed: bool) -> Option<String> {
        let mut counts = std::collections::BTreeMap::new();
        for c in &self.cleaning {
            *counts.entry(c.action).or_insert(0usize) += 1;
        }
        if counts.is_empty() {
            return None;
        }
        let summary: Vec<String> = counts
            .iter()
            .map(|(a, n)| format!("{n} × {}", a.describe()))
            .collect();
        Some(format!(
            "cleaning: {}{}",
            summary.join("; "),
            if listed { "" } else { " (--report lists each)" }
        ))
    }
}

impl Archive {
    /// One line a document, `path: translated/total units translated (percent%)` (with `all`
    /// every document, else those not fully translated), then the total.
    pub fn coverage_lines(&self, all: bool) -> Vec<String> {
        let mut lines = Vec::new();
        let mut overall = Coverage {
            translated: 0,
            total: 0,
        };
        for doc in &self.documents {
            let c = doc.coverage();
            overall.translated += c.translated;
            overall.total += c.total;
            if all || !c.is_complete() {
                lines.push(format!(
                    "{}: {}/{} units translated ({:.0}%)",
                    doc.path,
                    c.translated,
                    c.total,
                    c.percent()
                ));
            }
        }
        lines.push(format!(
            "translation: {}/{} units in {} documents ({:.0}%)",
            overall.translated,
            overall.total,
            self.documents.len(),
            overall.percent()
        ));
        lines
    }
}
