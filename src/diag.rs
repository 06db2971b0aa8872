//! Diagnostics: problems found in the content, each tied to a file, a line and a column, and
//! printed as `path:line:column: severity: message`, the form editors and CI annotators read.
//! The path is relative to the site root so that messages are the same on every machine.

use serde::Serialize;
use std::fmt;

/// How bad a problem is. Errors stop a build; warnings are printed and the build goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in one place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Path relative to the site root, with `/` separators.
    pub path: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    pub severity: Severity,
    pub message: String,
}

impl Diagnostic {
    pub fn error(path: &str, line: usize, column: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.to_string(),
            line: line.max(1),
            column: column.max(1),
            severity: Severity::Error,
            message: message.into(),
        }
    }

    pub fn warning(path: &str, line: usize, column: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, line, column, message)
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        // Messages are single-line by construction: a line break would split one problem
        // across two annotations.
        let message = self.message.replace(['\n', '\r'], " ");
        write!(
            f,
            "{}:{}:{}: {}: {}",
            self.path, self.line, self.column, severity, message
        )
    }
}

/// Sorts diagnostics by file and position, so output is stable whatever order they were found.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.path, a.line, a.column, a.severity, &a.message)
            .cmp(&(&b.path, b.line, b.column, b.severity, &b.message))
    });
}
