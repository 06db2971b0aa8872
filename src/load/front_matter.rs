//! Front matter: the YAML block between two `---` lines at the top of a document file, and
//! where each field sits in the file so that a problem with a value can be reported at it.

use crate::diag::Diagnostic;
use crate::model::{Completeness, DocumentKind};
use serde::Deserialize;

/// The fields a document file declares. Unknown fields are an error: a misspelt field name
/// must not be silently ignored.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub id: String,
    pub summit: String,
    pub kind: DocumentKind,
    #[serde(deserialize_with = "super::strict::text")]
    pub title: String,
    #[serde(default = "printed")]
    pub title_printed: bool,
    #[serde(default, deserialize_with = "super::strict::opt_text")]
    pub subtitle: Option<String>,
    #[serde(default, deserialize_with = "super::strict::opt_text")]
    pub byline: Option<String>,
    pub date: String,
    #[serde(default, deserialize_with = "super::strict::opt_text")]
    pub dateline: Option<String>,
    #[serde(default, deserialize_with = "super::strict::opt_text")]
    pub speaker: Option<String>,
    #[serde(default, deserialize_with = "super::strict::opt_text")]
    pub author: Option<String>,
    pub source: String,
    pub source_lines: Option<[usize; 2]>,
    /// Who published the text (`新华网`), when its dateline or byline does not say.
    #[serde(default, deserialize_with = "super::strict::opt_text")]
    pub outlet: Option<String>,
    /// The address where the text was first published, when known.
    #[serde(default, deserialize_with = "super::strict::opt_text")]
    pub source_url: Option<String>,
    #[serde(default)]
    pub completeness: Completeness,
    /// A draft is previewed but not published.
    #[serde(default)]
    pub draft: bool,
    #[serde(default, deserialize_with = "super::strict::opt_text")]
    pub note: Option<String>,
    #[serde(default)]
    pub groups: Vec<GroupSpec>,
    #[serde(default)]
    pub notes: Vec<NoteSpec>,
}

/// An editorial note on a misprint in one unit.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoteSpec {
    #[serde(deserialize_with = "super::strict::text")]
    pub unit: String,
    #[serde(deserialize_with = "super::strict::text")]
    pub printed: String,
    #[serde(deserialize_with = "super::strict::text")]
    pub reading: String,
    #[serde(deserialize_with = "super::strict::text")]
    pub en: String,
}

fn printed() -> bool {
    true
}

/// A proposal group named in a speech's front matter: its label, the text its first item
/// starts with and, for groups whose items print no numbers, how many items it has.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupSpec {
    #[serde(default, deserialize_with = "super::strict::opt_text")]
    pub label: Option<String>,
    #[serde(deserialize_with = "super::strict::text")]
    pub first: String,
    pub items: Option<usize>,
}

/// A file split into its front matter and its body.
pub struct Split<'a> {
    pub yaml: &'a str,
    /// The line of the file on which the YAML starts (the line after the opening `---`).
    pub yaml_line: usize,
    pub body: &'a str,
    /// The line of the file on which the body starts.
    pub body_line: usize,
}

/// Splits `text` at its front matter delimiters.
pub fn split<'a>(path: &str, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "---" {
        return Err(Diagnostic::error(
            path,
            1,
            1,
            "missing front matter: a document file starts with a line `---`, then YAML fields, then `---`",
        ));
    }
    let yaml_start = first.len();
    let mut offset = yaml_start;
    for (index, line) in lines.enumerate() {
        if line.trim_end() == "---" {
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_line: 2,
                body: &text[offset + line.len()..],
                body_line: index + 3,
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error(
        path,
        1,
        1,
        "front matter is not closed: add a line `---` after the last field",
    ))
}

/// Parses the YAML of `split`, reporting a syntax or type error at its place in the file.
pub fn parse(path: &str, split: &Split<'_>) -> Result<FrontMatter, Diagnostic> {
    parse_yaml(path, split.yaml, split.yaml_line).map_err(|mut d| {
        d.message = format!("front matter: {}", d.message);
        d
    })
}

/// Parses YAML `text`, which starts on line `first_line` of the file at `path`, reporting a
/// syntax or type error at its place in the file.
pub fn parse_yaml<T: serde::de::DeserializeOwned>(
    path: &str,
    text: &str,
    first_line: usize,
) -> Result<T, Diagnostic> {
    if let Some((line, column)) = too_deep(text) {
        return Err(Diagnostic::error(
            path,
            first_line + line - 1,
            column,
            format!(
                "the YAML nests more than {MAX_YAML_DEPTH} levels deep here: no content file needs that many; flatten it"
            ),
        ));
    }
    serde_yaml::from_str(text).map_err(|e| {
        let (mut line, mut column) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
        let message = yaml_message(&e.to_string(), first_line - 1);
        if let Some(at) = duplicate_key(text, &message, line, column) {
            (line, column) = at;
        }
        Diagnostic::error(path, first_line + line - 1, column, message)
    })
}

/// For a duplicate key, which the YAML parser reports at the mapping that holds it: the line
/// and column of the key's second occurrence in that mapping (1-based, in `text`).
fn duplicate_key(text: &str, message: &str, line: usize, column: usize) -> Option<(usize, usize)> {
    static DUPLICATE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r#"duplicate (?:field `([^`]+)`|entry with key "([^"]+)")"#)
            .expect("constant pattern")
    });
    let m = DUPLICATE.captures(message)?;
    let key = m.get(1).or(m.get(2))?.as_str();
    let indent = column.saturating_sub(1);
    let mut seen = 0;
    for (i, l) in text.lines().enumerate().skip(line.saturating_sub(1)) {
        let content = l.trim_start_matches([' ', '-']);
        let at = l.len() - content.len();
        if i + 1 > line && at < indent && !l.trim().is_empty() {
            break;
        }
        let bare = content
            .strip_prefix(key)
            .is_some_and(|r| r.starts_with(':'));
        let quoted = [format!("\"{key}\":"), format!("'{key}':")]
            .iter()
            .any(|q| content.starts_with(q.as_str()));
        if at == indent && (bare || quoted) {
            seen += 1;
            if seen == 2 {
                return Some((i + 1, at + 1));
            }
        }
    }
    None
}

/// The deepest nesting a content file's YAML may have. The deepest real one (a summit's
/// leaders, a glossary entry's variants) is four levels; the YAML parser takes time that grows
/// faster than the text with the depth, so depth is checked first, in one pass.
pub const MAX_YAML_DEPTH: usize = 64;

/// The line and column (1-based, in `text`) where the YAML nesting first exceeds
/// [`MAX_YAML_DEPTH`]: flow collections (`[`, `{`) outside quotes, plus block levels (each
/// deeper indentation, each `- ` that opens a sequence entry on a line).
fn too_deep(text: &str) -> Option<(usize, usize)> {
    let mut indents: Vec<usize> = Vec::new();
    let mut flow = 0usize;
    for (index, line) in text.lines().enumerate() {
        let content = line.trim_start_matches(' ');
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let indent = line.len() - content.len();
        if flow == 0 {
            while indents.last().is_some_and(|&top| top >= indent) {
                indents.pop();
            }
            indents.push(indent);
        }
        let mut block = indents.len();
        let mut quote: Option<char> = None;
        let mut dashes = true;
        for (column, c) in content.chars().enumerate() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '\'' | '"') => quote = Some(c),
                (None, '#') => break,
                (None, '[' | '{') => flow += 1,
                (None, ']' | '}') => flow = flow.saturating_sub(1),
                (None, '-') if dashes => block += 1,
                (None, ' ') => {}
                (None, _) => dashes = false,
            }
            if flow + block > MAX_YAML_DEPTH {
                return Some((index + 1, indent + column + 1));
            }
        }
    }
    None
}

/// A serde_yaml message with its own position taken out (the diagnostic's prefix has it) and
/// the positions it mentions as context ("while scanning a quoted scalar at line 4 column 8")
/// made lines of the file, `offset` lines below the YAML's.
pub fn yaml_message(message: &str, offset: usize) -> String {
    static POSITION: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r" at line (\d+) column (\d+)").expect("constant pattern")
    });
    let mut out = String::new();
    let mut last = 0;
    for (i, m) in POSITION.captures_iter(message).enumerate() {
        let whole = m.get(0).map_or(0..0, |g| g.range());
        out.push_str(&message[last..whole.start]);
        if i > 0 {
            let line: usize = m[1].parse().unwrap_or(0);
            out.push_str(&format!(" at line {} column {}", line + offset, &m[2]));
        }
        last = whole.end;
    }
    out.push_str(&message[last..]);
    out
}

/// Reports each link or image of the Markdown `note` whose target may not be published (see
/// [`crate::markdown::refusal`]), at the link's place in `yaml`, the YAML that holds the note,
/// which starts on line `first_line` of the file at `path`.
pub fn check_note(
    path: &str,
    yaml: &str,
    first_line: usize,
    note: &str,
    diags: &mut Vec<Diagnostic>,
) {
    for (range, url, why) in crate::markdown::unsafe_targets(note) {
        let written = note[range].lines().next().unwrap_or("");
        let (line, column) = yaml
            .lines()
            .enumerate()
            .find_map(|(i, l)| {
                l.find(written)
                    .map(|at| (first_line + i, l[..at].chars().count() + 1))
            })
            .or_else(|| {
                yaml.lines()
                    .position(|l| l.trim_start().starts_with("note:"))
                    .map(|i| (first_line + i, 1))
            })
            .unwrap_or((first_line, 1));
        let what = if written.starts_with('!') {
            "image"
        } else {
            "link"
        };
        diags.push(Diagnostic::error(
            path,
            line,
            column,
            format!("note: the {what} target `{url}` {why}"),
        ));
    }
}

/// The line and column of the first occurrence of `needle` in the front matter, if any: for
/// pointing at a value inside a list.
pub fn locate_text(split: &Split<'_>, needle: &str) -> Option<(usize, usize)> {
    split.yaml.lines().enumerate().find_map(|(i, l)| {
        l.find(needle)
            .map(|at| (split.yaml_line + i, l[..at].chars().count() + 1))
    })
}

/// The line and column of the value of top-level field `key`, or of the front matter's first
/// line when the field is absent.
pub fn locate(split: &Split<'_>, key: &str) -> (usize, usize) {
    for (index, line) in split.yaml.lines().enumerate() {
        if let Some(rest) = line.strip_prefix(key).and_then(|r| r.strip_prefix(':')) {
            let value_offset = rest.len() - rest.trim_start().len();
            let column = key.chars().count() + 1 + value_offset + 1;
            return (split.yaml_line + index, column);
        }
    }
    (split.yaml_line, 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_duplicate_key_is_reported_at_its_second_occurrence() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Doc {
            id: String,
            title: String,
            #[serde(deserialize_with = "crate::load::strict::text_map")]
            items: std::collections::BTreeMap<String, String>,
        }
        let text = "id: a\ntitle: one\nitems:\n  title: x\n  n: y\nid: b\n";
        let e = parse_yaml::<Doc>("a.yaml", text, 2).unwrap_err();
        assert_eq!((e.line, e.column), (7, 1), "{}", e.message);
        let text = "id: a\nitems:\n  n: x\n  m: y\n  n: z\ntitle: t\n";
        let e = parse_yaml::<Doc>("a.yaml", text, 1).unwrap_err();
        assert_eq!((e.line, e.column), (5, 3), "{}", e.message);
    }

    #[test]
    fn splits_front_matter_and_body() {
        let text = "---\nid: x\n---\n正文\n";
        let s = split("a.md", text).unwrap();
        assert_eq!(s.yaml, "id: x\n");
        assert_eq!(s.body, "正文\n");
        assert_eq!(s.body_line, 4);
        assert_eq!(locate(&s, "id"), (2, 5));
    }

    #[test]
    fn yaml_context_positions_become_file_lines() {
        assert_eq!(
            yaml_message(
                "found unexpected end of stream at line 7 column 1, while scanning a quoted scalar at line 4 column 8",
                1
            ),
            "found unexpected end of stream, while scanning a quoted scalar at line 5 column 8"
        );
    }

    #[test]
    fn deep_nesting_is_refused_before_parsing_and_fast() {
        let deep = format!("note: {}x{}\n", "[".repeat(100_000), "]".repeat(100_000));
        let started = std::time::Instant::now();
        let e = parse_yaml::<serde_yaml::Value>("a.yaml", &deep, 2).unwrap_err();
        let took = started.elapsed();
        // Printed, not asserted: that the refusal comes before parsing is shown by where it
        // points, the first level too deep, not by how long it took.
        println!("100,000 nested lists refused in {} µs", took.as_micros());
        // The top-level mapping is one level, so the 64th `[` (from column 7) is one too many.
        assert_eq!((e.line, e.column), (2, 7 + MAX_YAML_DEPTH - 1));
        assert!(
            e.message.contains("nests more than 64 levels"),
            "{}",
            e.message
        );

        let block: String = (0..100)
            .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
            .collect();
        let e = parse_yaml::<serde_yaml::Value>("a.yaml", &block, 1).unwrap_err();
        assert_eq!(e.line, MAX_YAML_DEPTH + 1);
        let dashes = format!("{}x\n", "- ".repeat(100));
        assert!(parse_yaml::<serde_yaml::Value>("a.yaml", &dashes, 1).is_err());
        // Ordinary nesting and brackets in quotes pass.
        let fine = "a:\n  - b: {c: [1, 2]}\n    d: \"[[[[\"\n";
        assert!(parse_yaml::<serde_yaml::Value>("a.yaml", fine, 1).is_ok());
    }

    #[test]
    fn unclosed_front_matter_is_reported() {
        let e = split("a.md", "---\nid: x\n正文\n").err().unwrap();
        assert!(e.message.contains("not closed"));
    }
}
