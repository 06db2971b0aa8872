//! From a document body as pasted to clean blocks of text: one block a printed paragraph, with
//! its place in the file. Everything done here is recorded as a [`Cleaning`] so that a
//! maintainer can see what the loader did to the text; the text itself is never retyped.
//!
//! The steps, in order: read lines into blocks (stripping Markdown list and heading marks), take
//! the printed title, subtitle and byline, strip page-continuation markers, take the dateline,
//! set photo captions apart, drop repeated paragraphs, join sentences broken across line
//! breaks, and mark a text that stops mid-sentence.

use super::block::{Block, Role, lead};
use super::front_matter::{FrontMatter, Split, locate};
use crate::diag::Diagnostic;
use crate::model::{Completeness, DocumentKind};
use crate::text::{
    DatelineAt, can_continue_with, dateline_in, ends_complete, is_bracketed_date, is_byline,
    is_heading_like, is_salutation, leading_number, leading_numeral, marker_first, marker_last,
    speaker_in, word_chars,
};
use regex::Regex;
use serde::Serialize;
use std::sync::LazyLock;

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
    /// Classic Mac line ends (CR alone) were read as plain line ends.
    CrLineEnds,
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
    /// A speaker line (`中华人民共和国主席 习近平`) was recognised and set apart as the
    /// document's byline.
    SpeakerLine,
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
            CleaningAction::CrLineEnds => "CR line ends read as line ends",
            CleaningAction::JoinedLineBreak => "joined a sentence broken across a line break",
            CleaningAction::DroppedRepeat => "dropped a repeated paragraph",
            CleaningAction::DroppedRepeatedTail => {
                "dropped a paragraph repeating the end of an earlier one"
            }
            CleaningAction::ContinuationMarker => "page-continuation marker set apart",
            CleaningAction::Dateline => "dateline set apart",
            CleaningAction::Byline => "byline set apart",
            CleaningAction::SpeakerLine => "speaker line set apart",
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

static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*[（(]((?:新华社|本报)?(?:特派|特约)?记者[^）)]*)[)）]\s*")
        .expect("constant pattern")
});
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
    let mut log = Log {
        path,
        cleaning,
        diags,
    };
    let title_printed = take_header(&mut blocks, split, fm, &mut log);
    let continues = strip_markers(&mut blocks, &mut log);
    let speaker_line = take_speaker_line(&mut blocks, fm, &mut log);
    let (dateline, dateline_byline) = set_dateline_apart(&mut blocks, split, fm, &mut log);
    mark_captions(&mut blocks, &mut log);
    let blocks = drop_repeats(blocks, &mut log);
    let mut blocks = join_broken_sentences(blocks, fm.kind, &mut log);
    mark_truncation(&mut blocks, fm.completeness, &mut log);
    note_dash_variants(&blocks, &mut log);
    // The byline declared, else the speaker line set apart, else the one printed with the
    // dateline.
    let byline = fm.byline.clone().or(speaker_line).or(dateline_byline);
    Cleaned {
        blocks,
        title_printed,
        dateline,
        byline,
        continues,
    }
}

/// Where the cleaning steps of one body record what they did and report what they found.
struct Log<'a> {
    path: &'a str,
    cleaning: &'a mut Vec<Cleaning>,
    diags: &'a mut Vec<Diagnostic>,
}

impl Log<'_> {
    /// Records a cleaning step done at `line`, `column`.
    fn cleaned(&mut self, line: usize, column: usize, action: CleaningAction, detail: String) {
        self.cleaning.push(Cleaning {
            path: self.path.to_string(),
            line,
            column,
            action,
            detail,
        })
    }
}

/// Takes off the printed title, subtitle and byline, which come first, in that order, and
/// reports each one the body does not print; gives whether the title is printed.
fn take_header(
    blocks: &mut Vec<Block>,
    split: &Split<'_>,
    fm: &FrontMatter,
    log: &mut Log<'_>,
) -> bool {
    let mut title_printed = fm.title_printed;
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
                log.diags.push(Diagnostic::error(
                    log.path,
                    b.line,
                    b.column,
                    format!(
                        "expected the {field} `{expected}` from the front matter here, found `{}`{hint}",
                        excerpt(&b.text, 30)
                    ),
                ));
                if field == "title" {
                    title_printed = false;
                }
            }
            None => {
                let (line, column) = locate(split, field);
                log.diags.push(Diagnostic::error(
                    log.path,
                    line,
                    column,
                    format!("the {field} is not printed in the body: the body is empty"),
                ));
            }
        }
    }
    title_printed
}

/// Strips the page-continuation markers, opening or closing a paragraph or on a line of their
/// own; gives the marker that opens the text (after any photo captions), which alone says that
/// the document continues an earlier page.
fn strip_markers(blocks: &mut Vec<Block>, log: &mut Log<'_>) -> Option<String> {
    let mut continues = None;
    let opening = blocks
        .iter()
        .position(|b| !(CAPTION.is_match(&b.text) || CREDIT.is_match(&b.text)))
        .unwrap_or(0);
    for (i, b) in blocks.iter_mut().enumerate() {
        if let Some(m) = marker_first(&b.text) {
            log.cleaned(
                b.line,
                b.column,
                CleaningAction::ContinuationMarker,
                m.marker.clone(),
            );
            if m.continued_from && i == opening {
                continues = Some(m.marker);
            }
            b.column += b.text[..m.range.end].chars().count();
            b.text = b.text[m.range.end..].to_string();
        }
        if let Some(m) = marker_last(&b.text) {
            let column = b.column + b.text[..m.range.start].chars().count();
            log.cleaned(b.line, column, CleaningAction::ContinuationMarker, m.marker);
            b.text.truncate(m.range.start);
            b.text.truncate(b.text.trim_end().len());
        }
    }
    blocks.retain(|b| !b.text.is_empty());
    continues
}

/// Takes off the speaker line printed among the lines that head the text, when it names the
/// declared speaker and no byline is declared, and gives it; warns of every other speaker line
/// there.
fn take_speaker_line(
    blocks: &mut Vec<Block>,
    fm: &FrontMatter,
    log: &mut Log<'_>,
) -> Option<String> {
    let head = blocks
        .iter()
        .take_while(|b| {
            is_heading_like(&b.text)
                || is_bracketed_date(&b.text)
                || is_salutation(&b.text)
                || speaker_in(&b.text).is_some()
        })
        .count();
    let speaker_lines: Vec<_> = blocks[..head]
        .iter()
        .enumerate()
        .filter_map(|(i, b)| speaker_in(&b.text).map(|s| (i, s)))
        .collect();
    let mut taken_speaker = None;
    for (i, s) in &speaker_lines {
        let b = &blocks[*i];
        let declared = fm.speaker.as_deref().map(str::trim);
        if declared == Some(s.name.as_str()) {
            if s.whole && taken_speaker.is_none() && fm.byline.is_none() {
                taken_speaker = Some(*i);
            }
            continue;
        }
        let message = match declared {
            Some(other) => format!(
                "this line names the speaker `{}` ({} {}), but the front matter declares `speaker: {other}`: change `speaker:` to `{}` if this is who speaks",
                s.name, s.title, s.name, s.name
            ),
            None => format!(
                "this line names the speaker `{}` ({} {}): declare `speaker: {}` in the front matter{}",
                s.name,
                s.title,
                s.name,
                s.name,
                if s.whole {
                    " so that the line is set apart from the text"
                } else {
                    ""
                }
            ),
        };
        log.diags
            .push(Diagnostic::warning(log.path, b.line, b.column, message));
    }
    let b = blocks.remove(taken_speaker?);
    log.cleaned(
        b.line,
        b.column,
        CleaningAction::SpeakerLine,
        b.text.clone(),
    );
    Some(b.text)
}

/// Sets the declared dateline apart (standalone, opening a paragraph, or closing one in
/// brackets) and gives it, with the byline printed next to it; reports a declared dateline the
/// body does not print, and warns of each printed one that is not declared.
fn set_dateline_apart(
    blocks: &mut Vec<Block>,
    split: &Split<'_>,
    fm: &FrontMatter,
    log: &mut Log<'_>,
) -> (Option<String>, Option<String>) {
    let found: Vec<(usize, DatelineAt)> = blocks
        .iter()
        .enumerate()
        .filter_map(|(i, b)| dateline_in(&b.text).map(|d| (i, d)))
        .collect();
    let Some(dateline) = &fm.dateline else {
        for (i, d) in &found {
            let b = &blocks[*i];
            let column = b.column + b.text[..d.range.start].chars().count();
            log.diags.push(Diagnostic::warning(
                log.path,
                b.line,
                column,
                format!(
                    "this is a dateline: declare `dateline: {}` in the front matter so that it is set apart from the text",
                    d.dateline
                ),
            ));
        }
        return (None, None);
    };
    let declared: String = dateline.split_whitespace().collect();
    let printed = found.iter().find(|(_, d)| d.dateline == declared);
    let taken = match printed {
        Some((i, d)) => Some(take_found_dateline(blocks, *i, d)),
        // A dateline of another form than the usual one, such as `新华社电`.
        None if found.is_empty() => take_dateline(blocks, dateline),
        None => None,
    };
    match taken {
        Some((line, column, byline)) => {
            log.cleaned(line, column, CleaningAction::Dateline, dateline.clone());
            if let Some(byline) = &byline {
                log.cleaned(line, column, CleaningAction::Byline, byline.clone());
            }
            (Some(dateline.clone()), byline)
        }
        None => {
            let (line, column) = locate(split, "dateline");
            let message = match found.first() {
                // One message, at the declaration, saying what to change it to.
                Some((i, d)) => format!(
                    "the dateline `{dateline}` is not printed in the body, which prints the dateline `{}` at line {}: change `dateline:` to `{}`",
                    d.dateline, blocks[*i].line, d.dateline
                ),
                None => format!("the dateline `{dateline}` is not printed in the body"),
            };
            log.diags
                .push(Diagnostic::error(log.path, line, column, message));
            (None, None)
        }
    }
}

/// Marks the photo captions, and drops the credits printed on a line of their own after them,
/// giving each to its caption.
fn mark_captions(blocks: &mut Vec<Block>, log: &mut Log<'_>) {
    for i in 0..blocks.len() {
        if CREDIT.is_match(&blocks[i].text) && i > 0 && blocks[i - 1].role == Role::Caption {
            blocks[i].role = Role::Credit;
            let credit = strip_brackets(&blocks[i].text).to_string();
            blocks[i - 1].credit = Some(credit);
        } else if CAPTION.is_match(&blocks[i].text) && !blocks[i].heading {
            blocks[i].role = Role::Caption;
            let b = &blocks[i];
            log.cleaned(
                b.line,
                b.column,
                CleaningAction::Caption,
                excerpt(&b.text, 20),
            );
        }
    }
    blocks.retain(|b| b.role != Role::Credit);
}

/// The blocks without repeated paragraphs: exact repeats, and repeats of the end of an earlier
/// paragraph (a paste that overlapped what was already pasted).
fn drop_repeats(blocks: Vec<Block>, log: &mut Log<'_>) -> Vec<Block> {
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
                log.cleaned(
                    b.line,
                    b.column,
                    action,
                    format!("repeats line {}: {}", lines[first], excerpt(&b.text, 20)),
                )
            }
            None => kept.push(b),
        }
    }
    kept
}

/// The blocks with each sentence broken across a line break joined (never after an article's
/// section lead in a document of `kind`).
fn join_broken_sentences(blocks: Vec<Block>, kind: DocumentKind, log: &mut Log<'_>) -> Vec<Block> {
    let mut joined: Vec<Block> = Vec::new();
    for b in blocks {
        let previous = joined.iter_mut().rev().find(|k| k.role == Role::Text);
        if let Some(p) = previous
            && b.role == Role::Text
            && breaks_sentence(p, &b)
            && !(kind == DocumentKind::Article && lead(p).is_some())
        {
            log.cleaned(
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
    joined
}

/// Marks a text that stops mid-sentence, warning when the front matter declares it complete.
fn mark_truncation(blocks: &mut [Block], completeness: Completeness, log: &mut Log<'_>) {
    if let Some(last) = blocks.iter_mut().rev().find(|b| b.role == Role::Text)
        && !ends_complete(&last.text)
    {
        last.truncated = true;
        if completeness == Completeness::Complete {
            log.diags.push(Diagnostic::warning(
                log.path,
                last.line,
                last.column,
                "the text stops mid-sentence: set `completeness: incomplete` (or `fragment`) in the front matter",
            ));
        }
    }
}

/// Records where dash variants are printed: they are kept as printed, and matching folds them.
fn note_dash_variants(blocks: &[Block], log: &mut Log<'_>) {
    let mut dashes: Vec<(char, usize)> = Vec::new();
    for b in blocks {
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
        log.cleaned(
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
}

/// Whether the line break between `a` and `b` falls inside a sentence. Never after a line
/// that ends a sentence or is laid out as something else than a sentence (a heading, a date,
/// a salutation, a speaker line, a byline), and never before a line that starts a paragraph
/// of its own (a number, a bracket, a dateline, a speaker line).
fn breaks_sentence(a: &Block, b: &Block) -> bool {
    if a.heading || b.heading || a.truncated || ends_complete(&a.text) {
        return false;
    }
    if is_heading_like(&a.text)
        || is_salutation(&a.text)
        || is_byline(&a.text)
        || speaker_in(&a.text).is_some()
    {
        return false;
    }
    let Some(first) = b.text.chars().next() else {
        return false;
    };
    can_continue_with(first)
        && !starts_numbered(&b.text)
        && dateline_in(&b.text).is_none_or(|d| d.range.start > 0)
        && speaker_in(&b.text).is_none_or(|s| !s.whole)
        && !is_byline(&b.text)
}

/// Whether `text` starts the way a new numbered paragraph does (`七、`, `21.`, `一是`, `问：`).
pub fn starts_numbered(text: &str) -> bool {
    leading_numeral(text, &['、', '是', '要']).is_some()
        || leading_number(text, &['.', '．', '、']).is_some()
        || ["问：", "答：", "记者：", "记者问：", "(", "（"]
            .iter()
            .any(|m| text.starts_with(m))
}

/// Removes the dateline `d` found in block `i` and returns where it was, with the byline
/// printed next to it.
fn take_found_dateline(
    blocks: &mut Vec<Block>,
    i: usize,
    d: &DatelineAt,
) -> (usize, usize, Option<String>) {
    let b = &mut blocks[i];
    let line = b.line;
    let column = b.column + b.text[..d.range.start].chars().count();
    if d.range.start == 0 {
        b.column += b.text[..d.range.end].chars().count();
        b.text = b.text[d.range.end..].to_string();
    } else {
        b.text.truncate(d.range.start);
        b.text.truncate(b.text.trim_end().len());
    }
    if b.text.is_empty() {
        blocks.remove(i);
    }
    (line, column, d.byline.clone())
}

/// Finds the declared dateline, removes it from its block and returns where it was, with the
/// byline printed next to it: for datelines of other forms than `…6月17日电`.
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
        // A dateline opening a paragraph: `新华社电 (记者 温馨)5月19日上午…`.
        if let Some(rest) = b.text.strip_prefix(d)
            && rest.starts_with([' ', '\t', '\u{3000}', '(', '（'])
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
