//! How text becomes search terms, on the build's side. The client (`static/search.js`) reads a
//! query with the same rules, so that the two meet; each rule here names its counterpart there.
//!
//! - **Folding** ([`fold`]): full-width forms become half-width (`ＷＴＯ２０２５` → `wto2025`),
//!   the ideographic space a space, Latin letters lower case, and a traditional character its
//!   simplified form where the table has one.
//! - **Chinese** ([`count_chinese_terms`]): jieba's words in search mode with the glossary as user
//!   dictionary (`w` + word), so 中吉乌铁路 and 习近平 are whole words; every two characters in
//!   a row (`b` + bigram), so that any substring of two characters or more is found, across a
//!   dash or a space between two Han characters (中国—中亚 gives 国中 too, so that 中国中亚 is
//!   found); and every Han character alone (`c` + character), for a query of one.
//! - **English** ([`english_tokens`], [`stem`]): runs of letters and digits, lower case, stemmed
//!   with the Snowball English stemmer (`e` + stem). The client has no stemmer: the index ships
//!   a table from each surface form to its stem, with the usual inflections of every word of
//!   the texts (`visa` → `visas`, `visaed` …) where they stem alike.

use crate::segment::Segmenter;
use crate::text::{is_dash, is_han};
use rust_stemmers::{Algorithm, Stemmer};
use std::collections::BTreeMap;

/// The prefixes of the term kinds.
pub const WORD: char = 'w';
pub const BIGRAM: char = 'b';
pub const CHAR: char = 'c';
pub const ENGLISH: char = 'e';

/// A character folded for matching: full-width ASCII forms to half-width, the ideographic
/// space to a space, upper case Latin to lower case. (`fold` in search.js.)
pub fn fold_char(c: char) -> char {
    let c = match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        c => c,
    };
    c.to_ascii_lowercase()
}

/// `text` folded, traditional characters made simplified with `traditional`.
pub fn fold(text: &str, traditional: &BTreeMap<char, char>) -> String {
    text.chars()
        .map(fold_char)
        .map(|c| traditional.get(&c).copied().unwrap_or(c))
        .collect()
}

/// Whether a character belongs to a run that makes bigrams: Han, or an ASCII letter or digit
/// (`2027年`, `G20`).
fn gram_char(c: char) -> bool {
    is_han(c) || c.is_ascii_alphanumeric()
}

/// The runs of `text` that make bigrams: gram characters in a row, a run going on over dashes
/// and spaces between two Han characters. (`runs` in search.js.)
pub fn runs(text: &str) -> Vec<Vec<char>> {
    let chars: Vec<char> = text.chars().map(fold_char).collect();
    let mut out: Vec<Vec<char>> = Vec::new();
    let mut run: Vec<char> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if gram_char(c) {
            run.push(c);
            i += 1;
            continue;
        }
        // A dash or a space between two Han characters does not end the run.
        if (is_dash(c) || c.is_whitespace()) && run.last().is_some_and(|&p| is_han(p)) {
            let mut j = i;
            while j < chars.len() && (is_dash(chars[j]) || chars[j].is_whitespace()) {
                j += 1;
            }
            if j < chars.len() && is_han(chars[j]) {
                i = j;
                continue;
            }
        }
        if !run.is_empty() {
            out.push(std::mem::take(&mut run));
        }
        i += 1;
    }
    if !run.is_empty() {
        out.push(run);
    }
    out
}

/// Terms counted as they come: each is written into a buffer reused from one term to the
/// next and looked up by it, so that a term is allocated once a text, not once an occurrence.
#[derive(Debug, Default)]
pub struct TermCounter {
    counts: foldhash::HashMap<String, u32>,
    key: String,
}

impl TermCounter {
    /// Counts the term `write` writes, when it says it is one.
    pub fn count(&mut self, write: impl FnOnce(&mut String) -> bool) {
        self.key.clear();
        if !write(&mut self.key) {
            return;
        }
        match self.counts.get_mut(self.key.as_str()) {
            Some(n) => *n += 1,
            None => {
                self.counts.insert(self.key.clone(), 1);
            }
        }
    }

    /// The terms counted, in order.
    pub fn into_sorted(self) -> BTreeMap<String, u32> {
        self.counts.into_iter().collect()
    }
}

/// Counts the Chinese terms of `text` into `counter`, each as often as it occurs.
pub fn count_chinese_terms(text: &str, segmenter: &Segmenter, counter: &mut TermCounter) {
    for w in segmenter.search_words(text) {
        counter.count(|key| {
            key.push(WORD);
            let (mut chars, mut gram) = (0, false);
            for c in w.chars().map(fold_char) {
                key.push(c);
                chars += 1;
                gram |= gram_char(c);
            }
            chars >= 2 && gram
        });
    }
    for run in runs(text) {
        for pair in run.windows(2) {
            counter.count(|key| {
                key.extend([BIGRAM, pair[0], pair[1]]);
                true
            });
        }
        for &c in run.iter().filter(|&&c| is_han(c)) {
            counter.count(|key| {
                key.extend([CHAR, c]);
                true
            });
        }
    }
}

/// The English words of a text: runs of ASCII letters and digits, lower case. (`words` in
/// search.js.)
pub fn english_tokens(text: &str) -> Vec<String> {
    let folded: String = text.chars().map(fold_char).collect();
    folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// The English stemmer.
pub fn stemmer() -> Stemmer {
    Stemmer::create(Algorithm::English)
}

/// The stem of a lower-case English word.
pub fn stem(stemmer: &Stemmer, word: &str) -> String {
    let mut out = String::new();
    push_stem(stemmer, word, &mut out);
    out
}

/// Writes the stem of a lower-case English word after `out`. The texts use the same words
/// again and again: each thread remembers the stems it has found (a few thousand words, and
/// forgotten past `REMEMBERED_STEMS`).
pub fn push_stem(stemmer: &Stemmer, word: &str, out: &mut String) {
    thread_local! {
        static STEMS: std::cell::RefCell<foldhash::HashMap<Box<str>, Box<str>>> =
            Default::default();
    }
    STEMS.with_borrow_mut(|stems| {
        if let Some(stem) = stems.get(word) {
            out.push_str(stem);
            return;
        }
        let stem = stemmer.stem(word);
        out.push_str(&stem);
        if stems.len() >= REMEMBERED_STEMS {
            stems.clear();
        }
        stems.insert(word.into(), stem.into());
    });
}

/// The most stems a thread remembers.
const REMEMBERED_STEMS: usize = 1 << 16;

/// The usual inflections of an English word, to be looked up as surface forms: plural, past,
/// progressive. Only those that stem like the word go in the table.
pub fn inflections(word: &str) -> Vec<String> {
    let mut out = vec![
        format!("{word}s"),
        format!("{word}es"),
        format!("{word}ed"),
        format!("{word}d"),
        format!("{word}ing"),
    ];
    if let Some(base) = word.strip_suffix('y') {
        out.push(format!("{base}ies"));
        out.push(format!("{base}ied"));
    }
    if let Some(base) = word.strip_suffix('e') {
        out.push(format!("{base}ing"));
    }
    if let Some(base) = word.strip_suffix('s') {
        out.push(base.to_string());
    }
    out
}

/// The traditional characters whose simplified form occurs in `chars`, mapped to it: what a
/// reader typing traditional characters needs, and nothing more.
pub fn traditional_table(chars: &std::collections::BTreeSet<char>) -> BTreeMap<char, char> {
    let mut table = BTreeMap::new();
    for code in 0x4E00u32..=0x9FFF {
        let Some(t) = char::from_u32(code) else {
            continue;
        };
        let mut buffer = [0u8; 4];
        let simplified = fast2s::convert(t.encode_utf8(&mut buffer));
        let mut it = simplified.chars();
        if let (Some(s), None) = (it.next(), it.next())
            && s != t
            && chars.contains(&s)
        {
            table.insert(t, s);
        }
    }
    table
}

/// The 32-bit FNV-1a hash of a string's UTF-8 bytes. (`fnv` in search.js.)
pub fn fnv(text: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in text.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// The shard a term or a surface form lives in, of `shards`: Chinese terms by their first
/// character, so that one shard holds every word and bigram that starts with it (the client
/// finds a query's words from the shards of its characters); English ones by their first two
/// letters, so that one shard holds every word a typed prefix can grow into. (`shardOf` in
/// search.js.)
pub fn shard_of(term: &str, shards: u32) -> u32 {
    let mut chars = term.chars();
    let kind = chars.next().unwrap_or(WORD);
    let key: String = if kind == ENGLISH {
        format!("{ENGLISH}{}", chars.take(2).collect::<String>())
    } else {
        format!("z{}", chars.next().map(String::from).unwrap_or_default())
    };
    fnv(&key) % shards.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_makes_full_width_half_width_and_latin_lower_case() {
        assert_eq!(fold("ＷＴＯ　２０２５年", &BTreeMap::new()), "wto 2025年");
        let table = BTreeMap::from([('鐵', '铁')]);
        assert_eq!(fold("中吉烏鐵路", &table), "中吉烏铁路");
    }

    #[test]
    fn a_run_goes_on_over_a_dash_or_a_space_between_han_characters() {
        let text: Vec<String> = runs("中国—中亚峰会，2027年 G20")
            .into_iter()
            .map(|r| r.into_iter().collect())
            .collect();
        assert_eq!(text, ["中国中亚峰会", "2027年", "g20"]);
        let spaced: Vec<String> = runs("中国 - 中亚")
            .into_iter()
            .map(|r| r.into_iter().collect())
            .collect();
        assert_eq!(spaced, ["中国中亚"]);
    }

    #[test]
    fn a_remembered_stem_is_the_stemmer_s_and_terms_are_counted_by_occurrence() {
        let s = stemmer();
        let words = [
            "connectivity",
            "connected",
            "visas",
            "studies",
            "studying",
            "running",
        ];
        // Asked twice (the second time from memory), and again after more words than are
        // remembered have pushed them out.
        for _ in 0..2 {
            for word in words {
                assert_eq!(stem(&s, word), s.stem(word), "{word}");
            }
        }
        for n in 0..=REMEMBERED_STEMS {
            stem(&s, &format!("w{n}"));
        }
        let mut out = String::from("e");
        push_stem(&s, "studies", &mut out);
        assert_eq!(out, "estudi");

        let mut counter = TermCounter::default();
        for term in ["ea", "eb", "ea", "x", "ea"] {
            counter.count(|key| {
                key.push_str(term);
                term != "x"
            });
        }
        let counted: Vec<(String, u32)> = counter.into_sorted().into_iter().collect();
        assert_eq!(counted, [("ea".to_string(), 3), ("eb".to_string(), 1)]);
    }

    #[test]
    fn the_traditional_table_holds_the_characters_of_the_texts() {
        let chars = ['铁', '路', '签', '证'].into_iter().collect();
        let table = traditional_table(&chars);
        assert_eq!(table.get(&'鐵'), Some(&'铁'));
        assert_eq!(table.get(&'簽'), Some(&'签'));
        assert_eq!(table.get(&'證'), Some(&'证'));
        // 路 is written alike; 貧 maps to a character the texts lack.
        assert!(!table.values().any(|&s| s == '路'));
        assert!(!table.contains_key(&'貧'));
    }

    #[test]
    fn inflections_that_stem_alike_are_found() {
        let s = stemmer();
        assert_eq!(stem(&s, "visas"), stem(&s, "visa"));
        assert_eq!(stem(&s, "scholarships"), "scholarship");
        assert!(inflections("railway").contains(&"railways".to_string()));
        assert!(inflections("economy").contains(&"economies".to_string()));
    }

    #[test]
    fn a_chinese_term_lives_in_the_shard_of_its_first_character() {
        assert_eq!(shard_of("w中吉乌铁路", 64), shard_of("b中吉", 64));
        assert_eq!(shard_of("c中", 64), shard_of("b中国", 64));
        assert_eq!(shard_of("evisa", 64), shard_of("evisas", 64));
        assert_eq!(fnv(""), 0x811c_9dc5);
        assert_eq!(fnv("a"), 0xe40c_292c);
    }
}
