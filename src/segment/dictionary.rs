//! jieba's dictionary, cut down to the words a set of texts can hold.
//!
//! `Jieba::new()` reads all 349,045 words of its dictionary into a trie: about a tenth of a
//! second and 47 MiB, more than the rest of a build of the bundled archive. Yet cutting a text
//! looks up only the dictionary words that occur in it, and weighs each against the dictionary's
//! total frequency. So a dictionary holding
//!
//! - every word whose characters, and each pair of adjacent characters, occur in the texts,
//! - and one entry no text can hold (a space), carrying the frequency of the words left out,
//!
//! cuts each of those texts, and any text made of their pairs of characters, exactly as the
//! whole dictionary does: the same words are found and weighed against the same total.
//! [`Pairs::cover`] says whether a text is such a text.
//!
//! `dict.txt` is jieba-rs 0.11.0's dictionary (`src/data/dict.txt`, MIT licence), itself the
//! dictionary of the jieba project (MIT licence), word for word; a test checks that it loads to
//! the same words and total as `Jieba::new()`.

use jieba_rs::Jieba;
use rayon::prelude::*;

/// jieba's dictionary: one `word frequency tag` line per word.
const DICTIONARY: &str = include_str!("dict.txt");

/// The word that carries the frequency of the words left out: jieba looks words up only in
/// runs of CJK characters, ASCII letters and digits (and `+#&._%-`), never across a space.
const REST: &str = " ";

/// Whether jieba never puts `c` in the runs of characters it looks up in its dictionary (it
/// splits the text at such characters first): white space and punctuation. Pairs with such a
/// character in them are not kept or asked about. Only characters certainly outside jieba's
/// runs are listed; any other character is treated as one that may be in a word.
fn splits(c: char) -> bool {
    c.is_whitespace()
        || (c.is_ascii_punctuation() && !matches!(c, '+' | '#' | '&' | '.' | '_' | '%' | '-'))
        || matches!(c,
            '\u{2000}'..='\u{206F}' // general punctuation: dashes, quotation marks, ellipsis
            | '\u{3000}'..='\u{303F}' // CJK symbols and punctuation: 、。〈〉《》「」【】
            | '\u{FF01}'..='\u{FF0F}' // fullwidth ！＂＃ … ／
            | '\u{FF1A}'..='\u{FF20}' // fullwidth ：；＜＝＞？＠
            | '\u{FF3B}'..='\u{FF40}'
            | '\u{FF5B}'..='\u{FF65}')
}

/// The key of a character on its own.
fn single(c: char) -> u64 {
    (u64::from(c as u32) << 32) | u64::from(u32::MAX)
}

/// The key of two adjacent characters.
fn pair(a: char, b: char) -> u64 {
    (u64::from(a as u32) << 32) | u64::from(b as u32)
}

/// Calls `each` with the key of every character of `text` that may be in a word, and of every
/// pair of such characters side by side, until it returns `false`; whether it never did.
fn keys(text: &str, mut each: impl FnMut(u64) -> bool) -> bool {
    let mut last: Option<char> = None;
    for c in text.chars() {
        if splits(c) {
            last = None;
            continue;
        }
        if !each(single(c)) {
            return false;
        }
        if let Some(b) = last
            && !each(pair(b, c))
        {
            return false;
        }
        last = Some(c);
    }
    true
}

/// The characters and pairs of adjacent characters of some texts.
#[derive(Default)]
pub struct Pairs(foldhash::HashSet<u64>);

impl Pairs {
    /// The characters and pairs of `texts`.
    pub fn of<'a>(texts: impl IntoIterator<Item = &'a str>) -> Pairs {
        let mut pairs = Pairs::default();
        pairs.add(texts);
        pairs
    }

    /// Adds the characters and pairs of `texts`.
    pub fn add<'a>(&mut self, texts: impl IntoIterator<Item = &'a str>) {
        for text in texts {
            keys(text, |key| {
                self.0.insert(key);
                true
            });
        }
    }

    /// How many characters and pairs these are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether every character of `text` and every pair of them is among these: then the
    /// dictionary [`part`] made for these cuts `text` as the whole dictionary does.
    pub fn cover(&self, text: &str) -> bool {
        keys(text, |key| self.0.contains(&key))
    }
}

/// Whether words may occur in a text some [`Pairs`] cover. The dictionary is sorted, so words
/// with the same first character, and the same first two, come together: the answer for them
/// is kept and the next word that shares them is answered without a lookup.
struct Filter<'p> {
    pairs: &'p Pairs,
    /// The last first character asked about, and whether it is in the texts.
    first: Option<(char, bool)>,
    /// The last pair of first characters asked about, and whether it is in the texts.
    start: Option<(u64, bool)>,
}

impl Filter<'_> {
    fn may_hold(&mut self, word: &str) -> bool {
        let mut chars = word.chars();
        let Some(first) = chars.next() else {
            return false;
        };
        let known = match self.first {
            Some((c, known)) if c == first => known,
            _ => {
                let known = self.pairs.0.contains(&single(first));
                self.first = Some((first, known));
                known
            }
        };
        let Some(second) = chars.next() else {
            return known;
        };
        if !known {
            return false;
        }
        let start = pair(first, second);
        let known = match self.start {
            Some((p, known)) if p == start => known,
            _ => {
                let known = self.pairs.0.contains(&start);
                self.start = Some((start, known));
                known
            }
        };
        let mut last = second;
        known
            && chars.all(|c| {
                let found = self.pairs.0.contains(&pair(last, c));
                last = c;
                found
            })
    }
}

/// The most characters and pairs of characters texts may have for [`part`] to be worth making:
/// beyond (a million keys, about 18 MiB of set, where the bundled archive has about 9,000 and a
/// generated archive of 5000 documents about 6,000) the texts hold much of the dictionary
/// anyway, and the whole one is loaded instead.
pub const MOST_PAIRS: usize = 1_000_000;

/// How many words the whole dictionary has.
pub const WORDS: usize = 349_045;

/// The sum of the whole dictionary's frequencies: its total.
const TOTAL: usize = 60_101_964;

/// The whole dictionary, as `Jieba::new()` loads it.
pub fn whole() -> Jieba {
    Jieba::new()
}

/// The dictionary cut down to the words texts with `pairs` can hold, with the same total; and
/// how many words it kept.
pub fn part(pairs: &Pairs) -> (Jieba, usize) {
    // The dictionary's lines in a few stretches, each read on its own core; the words kept
    // are added in the dictionary's order.
    let kept: Vec<Vec<&str>> = stretches(DICTIONARY, STRETCHES)
        .into_par_iter()
        .map(|stretch| lines_held(stretch, pairs))
        .collect();
    let mut jieba = Jieba::empty();
    let mut kept_total = 0usize;
    let mut count = 0;
    for line in kept.into_iter().flatten() {
        let (word, rest) = line.split_once(' ').unwrap_or((line, ""));
        let (frequency, tag) = rest.split_once(' ').unwrap_or((rest, ""));
        let frequency: usize = frequency.parse().unwrap_or(0);
        jieba.add_word(word, Some(frequency), Some(tag));
        count += 1;
        kept_total += frequency;
    }
    if kept_total < TOTAL {
        jieba.add_word(REST, Some(TOTAL - kept_total), None);
    }
    (jieba, count)
}

/// How many stretches [`part`] reads the dictionary in.
const STRETCHES: usize = 8;

/// `text` in `n` stretches of whole lines or fewer (fewer when it has fewer lines), in order.
fn stretches(text: &str, n: usize) -> Vec<&str> {
    let mut out = Vec::with_capacity(n);
    let mut start = 0;
    for k in 1..=n {
        let aim = (text.len() * k / n).max(start);
        let end = if k == n {
            text.len()
        } else {
            memchr::memchr(b'\n', &text.as_bytes()[aim..]).map_or(text.len(), |i| aim + i + 1)
        };
        if end > start {
            out.push(&text[start..end]);
        }
        start = end;
    }
    out
}

/// The lines of `stretch` (of the dictionary) whose words texts with `pairs` can hold.
fn lines_held<'d>(stretch: &'d str, pairs: &Pairs) -> Vec<&'d str> {
    let mut filter = Filter {
        pairs,
        first: None,
        start: None,
    };
    let mut held = Vec::new();
    // One pass for the line ends: most lines are short and are left out at their first
    // character, so a search started afresh for each would cost more than the test.
    let mut start = 0;
    let last = (!stretch.ends_with('\n')).then_some(stretch.len());
    for end in memchr::memchr_iter(b'\n', stretch.as_bytes()).chain(last) {
        let line = &stretch[start..end];
        start = end + 1;
        let space = line.bytes().position(|b| b == b' ').unwrap_or(line.len());
        if filter.may_hold(&line[..space]) {
            held.push(line);
        }
    }
    held
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_copy_is_the_dictionary_jieba_rs_loads() {
        // jieba-rs shows a dictionary's size and total frequency, and whether it has a word.
        let mut whole_copy = Jieba::empty();
        whole_copy
            .load_dict(&mut DICTIONARY.as_bytes())
            .expect("the copy parses");
        let crate_dictionary = Jieba::new();
        assert_eq!(format!("{whole_copy:?}"), format!("{crate_dictionary:?}"));
        let shown = format!("{crate_dictionary:?}");
        assert!(shown.contains(&format!("records_len: {WORDS},")), "{shown}");
        assert!(shown.contains(&format!("total_freq: {TOTAL} ")), "{shown}");
        for line in DICTIONARY.lines().step_by(97) {
            let word = line.split(' ').next().unwrap();
            assert!(crate_dictionary.has_word(word), "{word}");
        }
    }

    #[test]
    fn stretches_are_whole_lines_in_order() {
        for text in ["", "a\n", "a\nbb\nccc\n", "a\nbb\nccc", "one line, no end"] {
            for n in [1, 2, 3, 8] {
                let parts = stretches(text, n);
                assert_eq!(parts.concat(), text, "{text:?} in {n}");
                assert!(parts.len() <= n, "{parts:?}");
                for part in &parts[..parts.len().saturating_sub(1)] {
                    assert!(part.ends_with('\n'), "{parts:?}");
                }
            }
        }
        let whole = stretches(DICTIONARY, STRETCHES);
        assert_eq!(whole.len(), STRETCHES);
        assert_eq!(whole.concat(), DICTIONARY);
    }

    #[test]
    fn a_part_keeps_the_words_a_text_can_hold_and_the_total() {
        let pairs = Pairs::of(["中吉乌铁路建设，习近平主席"]);
        let (jieba, kept) = part(&pairs);
        assert!(kept > 6 && kept < 1000, "{kept}");
        // Words made of the text's pairs: 铁路 and 建设 occur; 吉乌 is not a word.
        for word in ["铁路", "建设", "主席", "习近平", "中", "路"] {
            assert!(jieba.has_word(word), "{word}");
        }
        // 路建 is a pair of the text, 设， is not (a comma splits); 铁道 and 席位 are not in it.
        for word in ["铁道", "席位", "人民", "主席团"] {
            assert!(!jieba.has_word(word), "{word}");
        }
        // The same total as the whole dictionary: the debug form shows it.
        let total = |j: &Jieba| {
            let shown = format!("{j:?}");
            shown[shown.find("total_freq").unwrap()..].to_string()
        };
        assert_eq!(total(&jieba), total(&whole()));
    }

    #[test]
    fn cover_asks_for_every_character_and_pair_outside_punctuation() {
        let pairs = Pairs::of(["中亚峰会在西安举行。", "abc"]);
        assert!(pairs.cover("中亚峰会"));
        assert!(
            pairs.cover("峰会，中亚"),
            "a comma splits: 会， and ，中 are not asked for"
        );
        assert!(pairs.cover("西安 中亚"));
        assert!(!pairs.cover("中亚西安"), "亚西 is a new pair");
        assert!(pairs.cover("峰"));
        assert!(!pairs.cover("京"), "a new character");
        assert!(pairs.cover("ab"));
        assert!(!pairs.cover("ac"));
        assert!(pairs.cover(""));
    }
}
