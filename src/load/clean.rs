//! From a document body as pasted to clean blocks of text: one block a printed paragraph, with
//! its place in the file. Everything done here is recorded as a [`Cleaning`] so that a
//! maintainer can see what the loader did to the text; the text itself is never retyped.
//!
//! The steps, in order: read lines into blocks (stripping Markdown list and heading marks), take
//! the printed title, subtitle and byline, strip page-continuation markers, take the dateline,
//! set photo captions apart, drop repeated paragraphs, join sentences broken across line
//! breaks, and mark a text that stops mid-sentence.

use super::front_matter::{FrontMatter, Split, locate};
use crate::diag::Diagnostic;
use crate::model::DocumentKind;
use crate::text::{can_continue_with, ends_complete, leading_number, leading_numeral, word_chars};
use regex::Regex;
use serde::Serialize;
use std::sync::LazyLock;

/// What a block is, once recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Text,
    Caption,
    /// A photographer's credit printed on its own line after a caption.
    Credit,
}

/// One printed paragraph (or heading, list item, caption) of a body.
#[derive(Debug, Clone)]
pub struct Block {
    pub line: usize,
    pub column: usize,
    pub text: String,
    /// Printed with Markdown heading marks (`## 一、…`).
    pub heading: bool,
    pub role: Role,
    /// The source stops inside this block.
    pub truncated: bool,
    /// For captions: the credit printed after them.
    pub credit: Option<String>,
}

/// One thing the loader did to the pasted text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cleaning {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub action: CleaningAction,
    pub detail: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CleaningAction {
    /// A byte-order mark at the start of the file was ignored.
    ByteOrderMark,
    /// Windows line ends were read as plain line ends.
    CrlfLineEnds,
    /// A sentence broken across a line break was joined.
    JoinedLineBreak,
    /// A paragraph printed twice was dropped.
    DroppedRepeat,
    /// A paragraph repeating the end of an earlier one was dropped.
    DroppedRepeatedTail,
    /// A page-continuation marker (`(上接第一版)`) was recognised and set apart.
    ContinuationMarker,
    /// The dateline was recognised and set apart from the text.
    Dateline,
    /// A byline (`(记者 温馨)`) was recognised and set apart from the text.
    Byline,
    /// A photo caption was recognised and set apart from the body.
    Caption,
    /// Dash variants (`-`, `—`, `－`) were found; they are normalised for matching only.
    DashVariants,
}

impl CleaningAction {
    pub fn describe(self) -> &'static str {
        match self {
            CleaningAction::ByteOrderMark => "byte-order mark ignored",
            CleaningAction::CrlfLineEnds => "CRLF line ends read as line ends",
            CleaningAction::JoinedLineBreak => "joined a sentence broken across a line break",
            CleaningAction::DroppedRepeat => "dropped a repeated paragraph",
            CleaningAction::DroppedRepeatedTail => {
                "dropped a paragraph repeating the end of an earlier one"
            }
            CleaningAction::ContinuationMarker => "page-continuation marker set apart",
            CleaningAction::Dateline => "dateline set apart",
            CleaningAction::Byline => "byline set apart",
            CleaningAction::Caption => "photo caption set apart from the body",
            CleaningAction::DashVariants => "dash variants normalised for matching",
        }
    }
}

/// A body after cleaning.
#[derive(Debug, Default)]
pub struct Cleaned {
    pub blocks: Vec<Block>,
    pub title_printed: bool,
    pub dateline: Option<String>,
    pub byline: Option<String>,
    pub continues: Option<String>,
}

/// A paragraph must have at least this many word characters to be dropped as a repeat: short
/// lines such as `……` legitimately recur.
const MIN_REPEAT_WORDS: usize = 8;

/// Reads `body` (which starts on line `first_line` of the file) into blocks, one a non-blank
/// line, with list and heading marks stripped.
pub fn read_blocks(body: &str, first_line: usize) -> Vec<Block> {
    let mut blocks = Vec::new();
    for (index, raw) in body.lines().enumerate() {
        let mut rest = raw.trim_end();
        let mut heading = false;
        loop {
            let trimmed = rest.trim_start_matches([' ', '\t', '\u{3000}']);
            let stripped = if let Some(r) = ["- ", "* ", "+ "]
                .iter()
                .find_map(|b| trimmed.strip_prefix(b))
            {
                r
            } else if let Some(r) = strip_heading_marks(trimmed) {
                heading = true;
                r
            } else {
                trimmed
            };
            if stripped.len() == rest.len() {
                break;
            }
            rest = stripped;
        }
        if rest.is_empty() {
            continue;
        }
        // `rest` is a suffix of the line: what was stripped is its start.
        let column = raw.trim_end().chars().count() - rest.chars().count() + 1;
        blocks.push(Block {
            line: first_line + index,
            column,
            text: rest.to_string(),
            heading,
            role: Role::Text,
            truncated: false,
            credit: None,
        });
    }
    blocks
}

fn strip_heading_marks(s: &str) -> Option<&str> {
    let hashes = s.chars().take_while(|&c| c == '#').count();
    if (1..=6).contains(&hashes) {
        let rest = &s[hashes..];
        if rest.starts_with([' ', '\t']) || rest.is_empty() {
            return Some(rest);
        }
    }
    None
}

fn collapse_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

static CONTINUED_FROM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[（(]\s*(上接\s*第?\s*[0-9一二三四五六七八九十]+\s*版)\s*[)）]\s*")
        .expect("constant pattern")
});
static CONTINUED_ON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\s*[（(]\s*(下转\s*第?\s*[0-9一二三四五六七八九十]+\s*版)\s*[)）]$")
        .expect("constant pattern")
});
static LOOKS_LIKE_DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[（(]?\S{2,12}?[0-9０-９]{1,2}月[0-9０-９]{1,2}日电").expect("constant pattern")
});
static BYLINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*[（(](记者[^）)]*)[)）]\s*").expect("constant pattern"));
static CAPTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^这是.{1,120}拍摄的|新华社发$|新华社发[（(][^）)]*摄[)）]$|[（(]?新华社记者\s*[^）)。]{1,30}\s*摄[)）]?$")
        .expect("constant pattern")
});
static CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[（(]?\s*(新华社记者\s*[^）)。]{1,30}\s*摄|新华社发)\s*[)）]?$")
        .expect("constant pattern")
});

/// Runs every cleaning step over the blocks of one document body.
pub fn clean_body(
    path: &str,
    split: &Split<'_>,
    fm: &FrontMatter,
    mut blocks: Vec<Block>,
    cleaning: &mut Vec<Cleaning>,
    diags: &mut Vec<Diagnostic>,
) -> Cleaned {
    let mut out = Cleaned {
        title_printed: fm.title_printed,
        ..Cleaned::default()
    };
    let mut rec = |line, column, action, detail: String| {
        cleaning.push(Cleaning {
            path: path.to_string(),
            line,
            column,
            action,
            detail,
        })
    };

    // The printed title, subtitle and byline come first, in that order.
    let mut header: Vec<(&str, &str)> = Vec::new();
    if fm.title_printed {
        header.push(("title", &fm.title));
    }
    if let Some(s) = &fm.subtitle {
        header.push(("subtitle", s));
    }
    if let Some(s) = &fm.byline {
        header.push(("byline", s));
    }
    for (field, expected) in header {
        match blocks.first() {
            Some(b) if collapse_spaces(&b.text) == collapse_spaces(expected) => {
                blocks.remove(0);
            }
            Some(b) => {
                let hint = if field == "title" {
                    " (set `title_printed: false` if the source prints no title)"
                } else {
                    ""
                };
                diags.push(Diagnostic::error(
                    path,
                    b.line,
                    b.column,
                    format!(
                        "expected the {field} `{expected}` from the front matter here, found `{}`{hint}",
                        excerpt(&b.text, 30)
                    ),
                ));
                if field == "title" {
                    out.title_printed = false;
                }
            }
            None => {
                let (line, column) = locate(split, field);
                diags.push(Diagnostic::error(
                    path,
                    line,
                    column,
                    format!("the {field} is not printed in the body: the body is empty"),
                ));
            }
        }
    }
    out.byline = fm.byline.clone();

    // Page-continuation markers.
    for b in &mut blocks {
        if let Some(m) = CONTINUED_FROM.captures(&b.text) {
            let whole = m.get(0).map_or(0, |g| g.end());
            let marker = m[1].to_string();
            rec(
                b.line,
                b.column,
                CleaningAction::ContinuationMarker,
                marker.clone(),
            );
            out.continues.get_or_insert(marker);
            b.column += b.text[..whole].chars().count();
            b.text = b.text[whole..].to_string();
        }
        if let Some(m) = CONTINUED_ON.captures(&b.text) {
            let start = m.get(0).map_or(b.text.len(), |g| g.start());
            let column = b.column + b.text[..start].chars().count();
            rec(
                b.line,
                column,
                CleaningAction::ContinuationMarker,
                m[1].to_string(),
            );
            b.text.truncate(start);
        }
    }
    blocks.retain(|b| !b.text.is_empty());

    // The dateline: standalone, leading a paragraph, or closing the last one in brackets.
    if let Some(dateline) = &fm.dateline {
        match take_dateline(&mut blocks, dateline) {
            Some((line, column, byline)) => {
                rec(line, column, CleaningAction::Dateline, dateline.clone());
                if let Some(byline) = byline {
                    rec(line, column, CleaningAction::Byline, byline.clone());
                    out.byline.get_or_insert(byline);
                }
                out.dateline = Some(dateline.clone());
            }
            None => {
                let (line, column) = locate(split, "dateline");
                diags.push(Diagnostic::error(
                    path,
                    line,
                    column,
                    format!("the dateline `{dateline}` is not printed in the body"),
                ));
            }
        }
    }
    for b in &blocks {
        if LOOKS_LIKE_DATELINE.is_match(&b.text) {
            diags.push(Diagnostic::warning(
                path,
                b.line,
                b.column,
                "this looks like a dateline: declare it as `dateline:` in the front matter so that it is set apart from the text",
            ));
        }
    }

    // Photo captions, and the credits printed on a line of their own after them.
    for i in 0..blocks.len() {
        if CREDIT.is_match(&blocks[i].text) && i > 0 && blocks[i - 1].role == Role::Caption {
            blocks[i].role = Role::Credit;
            let credit = strip_brackets(&blocks[i].text).to_string();
            blocks[i - 1].credit = Some(credit);
        } else if CAPTION.is_match(&blocks[i].text) && !blocks[i].heading {
            blocks[i].role = Role::Caption;
            let b = &blocks[i];
            rec(
                b.line,
                b.column,
                CleaningAction::Caption,
                excerpt(&b.text, 20),
            );
        }
    }
    blocks.retain(|b| b.role != Role::Credit);

    // Repeated paragraphs: exact repeats, and repeats of the end of an earlier paragraph (a
    // paste that overlapped what was already pasted).
    let candidates: Vec<Option<&str>> = blocks
        .iter()
        .map(|b| {
            (b.role == Role::Text && word_chars(&b.text) >= MIN_REPEAT_WORDS)
                .then_some(b.text.as_str())
        })
        .collect();
    let repeats = super::repeats::earlier_repeats(&candidates);
    let lines: Vec<usize> = blocks.iter().map(|b| b.line).collect();
    let mut kept: Vec<Block> = Vec::new();
    for (b, repeat) in blocks.into_iter().zip(repeats) {
        match repeat {
            Some((first, how)) => {
                let action = match how {
                    super::repeats::Repeat::Whole => CleaningAction::DroppedRepeat,
                    super::repeats::Repeat::Tail => CleaningAction::DroppedRepeatedTail,
                };
                rec(
                    b.line,
                    b.column,
                    action,
                    format!("repeats line {}: {}", lines[first], excerpt(&b.text, 20)),
                )
            }
            None => kept.push(b),
        }
    }
    let mut blocks = kept;

    // Sentences broken across a line break.
    let mut joined: Vec<Block> = Vec::new();
    for b in blocks.drain(..) {
        let previous = joined.iter_mut().rev().find(|k| k.role == Role::Text);
        if let Some(p) = previous
            && b.role == Role::Text
            && breaks_sentence(p, &b)
            && !(fm.kind == DocumentKind::Article && super::kinds::lead(p).is_some())
        {
            rec(
                p.line,
                p.column,
                CleaningAction::JoinedLineBreak,
                format!(
                    "line {} continues on line {}: …{}|{}…",
                    p.line,
                    b.line,
                    tail(&p.text, 6),
                    excerpt(&b.text, 6)
                ),
            );
            p.text.push_str(&b.text);
            continue;
        }
        joined.push(b);
    }

    // A text that stops mid-sentence.
    if let Some(last) = joined.iter_mut().rev().find(|b| b.role == Role::Text)
        && !ends_complete(&last.text)
    {
        last.truncated = true;
        if fm.completeness == crate::model::Completeness::Complete {
            diags.push(Diagnostic::warning(
                path,
                last.line,
                last.column,
                "the text stops mid-sentence: set `completeness: incomplete` (or `fragment`) in the front matter",
            ));
        }
    }

    // Dash variants are kept as printed; say where they are, since matching folds them.
    let mut dashes: Vec<(char, usize)> = Vec::new();
    for b in &joined {
        dashes.extend(
            b.text
                .chars()
                .filter(|&c| crate::text::is_dash(c) && c != '—')
                .map(|c| (c, b.line)),
        );
    }
    if let Some(&(_, first_line)) = dashes.first() {
        let mut kinds: Vec<char> = dashes.iter().map(|&(c, _)| c).collect();
        kinds.sort_unstable();
        kinds.dedup();
        let mut lines: Vec<usize> = dashes.iter().map(|&(_, l)| l).collect();
        lines.dedup();
        let kinds: Vec<String> = kinds.iter().map(|c| format!("`{c}`")).collect();
        let lines: Vec<String> = lines.iter().map(usize::to_string).collect();
        rec(
            first_line,
            1,
            CleaningAction::DashVariants,
            format!(
                "{} printed {} times (lines {}), matched as `—`",
                kinds.join(" "),
                dashes.len(),
                lines.join(", ")
            ),
        );
    }

    out.blocks = joined;
    out
}

/// Whether the line break between `a` and `b` falls inside a sentence.
fn breaks_sentence(a: &Block, b: &Block) -> bool {
    if a.heading || b.heading || a.truncated || ends_complete(&a.text) {
        return false;
    }
    let Some(first) = b.text.chars().next() else {
        return false;
    };
    can_continue_with(first) && !starts_numbered(&b.text)
}

/// Whether `text` starts the way a new numbered paragraph does (`七、`, `21.`, `一是`, `问：`).
pub fn starts_numbered(text: &str) -> bool {
    leading_numeral(text, &['、', '是', '要']).is_some()
        || leading_number(text, &['.', '．', '、']).is_some()
        || ["问：", "答：", "记者：", "记者问：", "(", "（"]
            .iter()
            .any(|m| text.starts_with(m))
}

/// Finds the declared dateline, removes it from its block and returns where it was, with the
/// byline printed next to it.
fn take_dateline(
    blocks: &mut Vec<Block>,
    dateline: &str,
) -> Option<(usize, usize, Option<String>)> {
    let d = dateline.trim();
    for i in 0..blocks.len() {
        let b = &mut blocks[i];
        let (line, column) = (b.line, b.column);
        let inner = strip_brackets(&b.text);
        // A dateline on a line of its own, bracketed or not, with a byline after it.
        if let Some(rest) = inner.strip_prefix(d)
            && (rest.is_empty() || rest.starts_with(char::is_whitespace))
            && (inner.len() != b.text.len() || rest.trim().is_empty())
        {
            let byline = Some(rest.trim().to_string()).filter(|s| !s.is_empty());
            blocks.remove(i);
            return Some((line, column, byline));
        }
        // A dateline opening a paragraph: `新华社西安5月19日电 (记者 温馨)5月19日上午…`.
        if let Some(rest) = b.text.strip_prefix(d)
            && rest.starts_with(char::is_whitespace)
        {
            let mut rest = rest.trim_start();
            let mut byline = None;
            if let Some(m) = BYLINE.captures(rest) {
                byline = Some(m[1].trim().to_string());
                rest = &rest[m.get(0).map_or(0, |g| g.end())..];
            }
            let consumed = b.text.len() - rest.len();
            b.column += b.text[..consumed].chars().count();
            b.text = rest.to_string();
            return Some((line, column, byline));
        }
        // A dateline closing a paragraph in brackets: `…合作。(新华社西安5月19日电 记者 赵博超)`.
        for open in ['(', '（'] {
            let pattern = format!("{open}{d}");
            if let Some(start) = b.text.rfind(&pattern) {
                let tail = &b.text[start..];
                let inner = tail[open.len_utf8()..]
                    .strip_suffix([')', '）'])
                    .and_then(|r| r.strip_prefix(d));
                if let Some(rest) = inner
                    && start > 0
                {
                    let byline = rest.trim();
                    let byline = Some(byline.to_string()).filter(|s| !s.is_empty());
                    let column = b.column + b.text[..start].chars().count();
                    b.text = b.text[..start].trim_end().to_string();
                    return Some((line, column, byline));
                }
            }
        }
    }
    None
}

fn strip_brackets(s: &str) -> &str {
    let s = s.trim();
    for (open, close) in [('(', ')'), ('（', '）')] {
        if let Some(inner) = s.strip_prefix(open).and_then(|r| r.strip_suffix(close)) {
            return inner.trim();
        }
    }
    s
}

/// The first `n` characters of `s`.
pub fn excerpt(s: &str, n: usize) -> String {
    let mut out: String = s.chars().take(n).collect();
    if s.chars().count() > n {
        out.push('…');
    }
    out
}

fn tail(s: &str, n: usize) -> String {
    let count = s.chars().count();
    s.chars().skip(count.saturating_sub(n)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_and_heading_marks_are_stripped_with_their_columns() {
        let blocks = read_blocks("- ## 二、平台\n  42. 推进;\n\n- 1.《宣言》;\n", 10);
        assert_eq!(blocks.len(), 3);
        assert_eq!(blocks[0].text, "二、平台");
        assert!(blocks[0].heading);
        assert_eq!((blocks[0].line, blocks[0].column), (10, 6));
        assert_eq!(blocks[1].text, "42. 推进;");
        assert_eq!((blocks[1].line, blocks[1].column), (11, 3));
        assert_eq!(blocks[2].text, "1.《宣言》;");
        assert_eq!(blocks[2].line, 13);
    }
}
