//! The segment stage: Chinese text into words, with jieba-rs and the glossary's terms as its
//! user dictionary, so that the summits' names (中吉乌铁路, 一带一路, 托卡耶夫) stay whole
//! instead of falling apart into common words. The stages that match words (linking
//! commitments, the search index) take their words from here; it knows nothing of documents.
//!
//! jieba-rs splits at punctuation, dashes included: `中国—中亚峰会` and `中国-中亚峰会` both give
//! 中国 / 中亚 / 峰会, which is how the dash variants match word for word.
//!
//! The stages cut the archive's texts, so the pipeline's segmenter loads only the part of jieba's
//! dictionary they can use ([`Segmenter::for_texts`], [`dictionary`]): the cuts are the same,
//! for a fraction of the time and memory, and any other text is cut with the whole dictionary.

use crate::load::Glossary;
use crate::text::is_dash;
pub mod dictionary;

use dictionary::Pairs;
use jieba_rs::Jieba;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock, RwLock};

/// A word segmenter that knows the glossary.
///
/// It can remember the cuts it made ([`Segmenter::next_run`]): a text cut again in the same way
/// in the same run or the next one (`serve` rebuilding after an edit) is not cut again. What one run did not ask for is
/// forgotten at the start of the run after it ([`Segmenter::next_run`]), so that memory follows
/// the archive as it is, not every text it ever held.
pub struct Segmenter {
    jieba: Dictionary,
    /// Words given out, for the pipeline's timings.
    words: AtomicU64,
    /// The cuts of the run before this one, read only.
    earlier: RwLock<Cuts>,
    /// The cuts asked for in this run.
    now: Mutex<Cuts>,
    /// Whether cuts are remembered at all (a run another will follow: `serve`).
    remember: AtomicBool,
}

/// How a text is cut: [`Segmenter::words`], [`Segmenter::tokens`], [`Segmenter::search_words`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Cut {
    Words,
    Tokens,
    Search,
}

/// Texts and where their words are in them (byte ranges), by the way they were cut.
type Cuts = HashMap<(Cut, Box<str>), Box<[(u32, u32)]>>;

/// Where each of `words` lies in `text`, when each is a slice of it.
fn ranges_in(text: &str, words: &[&str]) -> Option<Box<[(u32, u32)]>> {
    let base = text.as_ptr() as usize;
    words
        .iter()
        .map(|w| {
            let start = (w.as_ptr() as usize).checked_sub(base)?;
            let end = start + w.len();
            (end <= text.len() && std::ptr::eq(text.get(start..end)?.as_ptr(), w.as_ptr()))
                .then_some((u32::try_from(start).ok()?, u32::try_from(end).ok()?))
        })
        .collect()
}

/// The frequency given to glossary terms: high enough that a term beats any split of it.
const TERM_FREQUENCY: usize = 1_000_000;

/// jieba's dictionary with the glossary's terms added: the whole of it, or the part some texts
/// can use with the whole kept for any other text.
enum Dictionary {
    Whole(Jieba),
    Part {
        jieba: Jieba,
        /// How many of the dictionary's words `jieba` holds.
        words: usize,
        /// The characters and pairs of characters of the texts `jieba` was cut down for.
        pairs: Pairs,
        /// The glossary's forms, for the whole dictionary.
        forms: Vec<String>,
        whole: OnceLock<Box<Jieba>>,
    },
}

impl Dictionary {
    /// The dictionary to cut `text` with: the part, when it cuts `text` as the whole does.
    fn for_text(&self, text: &str) -> &Jieba {
        match self {
            Dictionary::Whole(jieba) => jieba,
            Dictionary::Part {
                jieba,
                pairs,
                forms,
                whole,
                ..
            } => {
                if pairs.cover(text) {
                    jieba
                } else {
                    whole.get_or_init(|| Box::new(with_forms(dictionary::whole(), forms)))
                }
            }
        }
    }
}

/// The glossary's forms that go into the dictionary. A form with a dash is split at the dash
/// whatever the dictionary says; its parts are ordinary words.
fn glossary_forms(glossary: &Glossary) -> Vec<String> {
    glossary
        .terms
        .iter()
        .flat_map(|term| term.forms())
        .filter(|f| !f.chars().any(is_dash))
        .map(str::to_string)
        .collect()
}

/// `jieba` with the glossary's `forms` added, each whole.
fn with_forms(mut jieba: Jieba, forms: &[String]) -> Jieba {
    for form in forms {
        jieba.add_word(form, Some(TERM_FREQUENCY), None);
    }
    jieba
}

impl Segmenter {
    /// Builds the segmenter once, with the whole dictionary; pass it by reference to whatever
    /// needs words.
    pub fn new(glossary: &Glossary) -> Segmenter {
        let forms = glossary_forms(glossary);
        Segmenter::with(Dictionary::Whole(with_forms(dictionary::whole(), &forms)))
    }

    /// A segmenter for `texts` (and the glossary's terms): it loads only the dictionary words
    /// they can hold, and cuts them, and any text of their characters, as [`Segmenter::new`]'s
    /// does. Any other text is cut with the whole dictionary, loaded the first time one comes.
    pub fn for_texts<'a>(
        glossary: &Glossary,
        texts: impl IntoIterator<Item = &'a str>,
    ) -> Segmenter {
        let forms = glossary_forms(glossary);
        let mut pairs = Pairs::of(texts);
        pairs.add(forms.iter().map(String::as_str));
        if pairs.len() > dictionary::MOST_PAIRS {
            // Texts of so many characters use much of the dictionary anyway: the whole, and
            // no set of pairs kept beside it.
            return Segmenter::with(Dictionary::Whole(with_forms(dictionary::whole(), &forms)));
        }
        let (jieba, words) = dictionary::part(&pairs);
        Segmenter::with(Dictionary::Part {
            jieba: with_forms(jieba, &forms),
            words,
            pairs,
            forms,
            whole: OnceLock::new(),
        })
    }

    /// Whether this segmenter holds the whole dictionary (else only the words of the texts it
    /// was made for, until another text comes).
    pub fn has_whole_dictionary(&self) -> bool {
        match &self.jieba {
            Dictionary::Whole(_) => true,
            Dictionary::Part { whole, .. } => whole.get().is_some(),
        }
    }

    /// How many of jieba's dictionary words this segmenter holds (the glossary's aside).
    pub fn dictionary_words(&self) -> usize {
        match &self.jieba {
            Dictionary::Whole(_) => dictionary::WORDS,
            Dictionary::Part { words, whole, .. } => match whole.get() {
                Some(_) => dictionary::WORDS,
                None => *words,
            },
        }
    }

    fn with(jieba: Dictionary) -> Segmenter {
        Segmenter {
            jieba,
            words: AtomicU64::new(0),
            earlier: RwLock::default(),
            now: Mutex::default(),
            remember: AtomicBool::new(false),
        }
    }

    /// Starts another run: the cuts of the last run are kept for this one, older ones are
    /// forgotten; with `remember`, this run's cuts are kept for the next (else none are, and
    /// a single run spends no memory on them).
    pub fn next_run(&self, remember: bool) {
        let last = std::mem::take(&mut *self.now.lock().unwrap_or_else(|e| e.into_inner()));
        *self.earlier.write().unwrap_or_else(|e| e.into_inner()) = last;
        self.remember.store(remember, Ordering::Relaxed);
    }

    /// Keeps the cuts of the last run for the next as well as this run's, as if this run had
    /// asked for them again: for a stage that gave what it gave last time without cutting.
    pub fn carry_over(&self) {
        let earlier = std::mem::take(&mut *self.earlier.write().unwrap_or_else(|e| e.into_inner()));
        let mut now = self.now.lock().unwrap_or_else(|e| e.into_inner());
        for (key, ranges) in earlier {
            now.entry(key).or_insert(ranges);
        }
    }

    /// `text` cut as `how` says, by `cut` the first time, remembered after.
    fn cut<'a>(&self, how: Cut, text: &'a str, cut: impl FnOnce() -> Vec<&'a str>) -> Vec<&'a str> {
        if !self.remember.load(Ordering::Relaxed) {
            return cut();
        }
        let key = (how, Box::<str>::from(text));
        let known = {
            let now = self.now.lock().unwrap_or_else(|e| e.into_inner());
            now.get(&key).cloned()
        }
        .or_else(|| {
            let earlier = self.earlier.read().unwrap_or_else(|e| e.into_inner());
            earlier.get(&key).cloned()
        });
        let ranges = match known {
            Some(ranges) => ranges,
            None => {
                let words = cut();
                match ranges_in(text, &words) {
                    Some(ranges) => ranges,
                    // Not slices of `text` (never so with jieba): given as they are, unkept.
                    None => return words,
                }
            }
        };
        let words = ranges
            .iter()
            .map(|&(a, b)| &text[a as usize..b as usize])
            .collect();
        self.now
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(key)
            .or_insert(ranges);
        words
    }

    /// The words of `text` in order, without white space and punctuation.
    pub fn words<'a>(&self, text: &'a str) -> Vec<&'a str> {
        let words = self.cut(Cut::Words, text, || {
            self.jieba
                .for_text(text)
                .cut(text, false)
                .into_iter()
                .map(|t| t.word)
                .filter(|w| w.chars().any(char::is_alphanumeric))
                .collect()
        });
        self.words.fetch_add(words.len() as u64, Ordering::Relaxed);
        words
    }

    /// The words of `text` in order with the punctuation between them, without white space:
    /// where a word stands in its clause (`阐明中国主张，` closes a clause with a noun).
    pub fn tokens<'a>(&self, text: &'a str) -> Vec<&'a str> {
        self.cut(Cut::Tokens, text, || {
            self.jieba
                .for_text(text)
                .cut(text, false)
                .into_iter()
                .map(|t| t.word)
                .filter(|w| !w.trim().is_empty())
                .collect()
        })
    }

    /// How many words [`Segmenter::words`] has given since the segmenter was built or this was
    /// last called.
    pub fn take_word_count(&self) -> u64 {
        self.words.swap(0, Ordering::Relaxed)
    }

    /// The words of `text` in search mode: every word, and before a long word its shorter
    /// dictionary words as well (`跨里海国际运输走廊` also gives 里海, 运输, 走廊), so that a
    /// name shares words with the shorter ways of saying it. Glossary terms stay whole too. A
    /// run of characters the dictionary lacks is cut by jieba's hidden Markov model, so that a
    /// new word stays one (`科技减贫` gives 减贫, not 减 and 贫).
    pub fn search_words<'a>(&self, text: &'a str) -> Vec<&'a str> {
        self.cut(Cut::Search, text, || {
            self.jieba
                .for_text(text)
                .cut_for_search(text, true)
                .into_iter()
                .map(|t| t.word)
                .filter(|w| w.chars().any(char::is_alphanumeric))
                .collect()
        })
    }
}
