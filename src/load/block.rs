//! A printed paragraph of a document body as the loader reads it ([`Block`]), and what it is
//! recognised as: its [`Role`], and whether it leads a section of an article ([`lead`]).
//! Shared by the cleaning steps (`clean.rs`) and the parsers of each kind (`kinds.rs`), which
//! use nothing of each other.

use crate::text::leading_numeral;
use regex::Regex;
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

static LEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[^。！？“”]{2,30}[：:]\s*“[^“”]{2,80}”$").expect("constant pattern")
});

/// Whether `b` is an article's section lead, and its printed number.
pub fn lead(b: &Block) -> Option<(Option<(&str, u32)>, &str)> {
    let numbered = leading_numeral(&b.text, &['、']).filter(|(_, _, rest)| {
        rest.chars().count() <= 40 && !rest.ends_with(['。', '！', '？', '；'])
    });
    match numbered {
        Some((printed, n, rest)) => Some((Some((printed, n)), rest)),
        None if b.heading || LEAD.is_match(&b.text) => Some((None, &b.text)),
        None => None,
    }
}
