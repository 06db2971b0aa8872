//! Diagnostics: problems found in the content, each tied to a file, a line and a column, and
//! printed as `path:line:column: severity: message`, the form editors and CI annotators read.
//! The path is relative to the site root so that messages are the same on every machine.
//! Paths and messages are printed through [`escape`], so that no name, id or text taken from
//! the content can break a diagnostic into two, forge another one, or drive the terminal.

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
        write!(
            f,
            "{}:{}:{}: {}: {}",
            escape(&self.path),
            self.line,
            self.column,
            severity,
            escape(&self.message)
        )
    }
}

/// Whether `c` is a character that a text never shows but that changes what is printed around
/// it: the C0 and C1 controls (line ends and tabs included), the line and paragraph
/// separators, and the bidirectional marks and overrides that reorder text.
pub fn is_hidden_control(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{2028}' | '\u{2029}'
        )
        || ('\u{202A}'..='\u{202E}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

/// The name of a hidden control character, for messages: `U+0000 (NUL)`.
pub fn control_name(c: char) -> String {
    let name = match c {
        '\0' => "NUL",
        '\u{7}' => "bell",
        '\u{8}' => "backspace",
        '\t' => "tab",
        '\n' => "line feed",
        '\u{B}' => "vertical tab",
        '\u{C}' => "form feed",
        '\r' => "carriage return",
        '\u{1B}' => "escape, which starts a terminal control sequence",
        '\u{7F}' => "delete",
        '\u{2028}' => "line separator",
        '\u{2029}' => "paragraph separator",
        '\u{FEFF}' => "byte-order mark inside the text",
        '\u{061C}' | '\u{200E}' | '\u{200F}' => "direction mark",
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => {
            "bidirectional control, which reorders the text around it"
        }
        c if u32::from(c) < 0x20 => "control character",
        _ => "C1 control character",
    };
    format!("U+{:04X} ({name})", u32::from(c))
}

/// `s` made safe to print on one line: control characters (line breaks, tabs, terminal
/// escapes) and the marks that reorder text (bidirectional controls) are written as `\u{…}`,
/// and a backslash as `\\`, so the escaped text reads back unambiguously.
pub fn escape(s: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| c == '\\' || is_hidden_control(c);
    if !s.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            c if unsafe_char(c) => out.push_str(&format!("\\u{{{:04X}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Sorts diagnostics by file and position, so output is stable whatever order they were found.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.path, a.line, a.column, a.severity, &a.message)
            .cmp(&(&b.path, b.line, b.column, b.severity, &b.message))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_text_cannot_forge_a_line_or_drive_the_terminal() {
        let d = Diagnostic::error(
            "content/a\nb.md:1:1: error: forged.md",
            3,
            4,
            "id `x\u{1b}[31m\u{202E}y` is bad",
        );
        assert_eq!(
            d.to_string(),
            "content/a\\u{000A}b.md:1:1: error: forged.md:3:4: error: id `x\\u{001B}[31m\\u{202E}y` is bad"
        );
        assert_eq!(escape("中文 plain"), "中文 plain");
        assert_eq!(escape("a\\b\tc"), "a\\\\b\\u{0009}c");
    }
}
