//! Extraction: the units of every document that commit someone to something. Every item of
//! an outcome list is a commitment; elsewhere a unit commits when one of its sentences uses
//! the language of commitment ([`rules::COMMIT_WORDS`]), in reporting texts only when the
//! sentence also says who commits. Gives each commitment's sentences, who commits, the
//! glossary entities it names and its topics. Also the small text tools the other steps
//! share: sentences, clauses, glossary entities in a text.

use super::rules;
use crate::load::Archive;
use crate::load::glossary::{Glossary, TermType};
use crate::model::*;
use crate::segment::Segmenter;
use crate::text::normalize_for_matching;
use std::collections::HashMap;

/// The glossary's printed forms, for finding entities in a text.
pub struct Lexicon<'a> {
    pub glossary: &'a Glossary,
    /// Normalised forms by first character, longest first, with their term's index.
    by_first: HashMap<char, Vec<(Vec<char>, usize)>>,
}

impl<'a> Lexicon<'a> {
    pub fn new(glossary: &'a Glossary) -> Lexicon<'a> {
        let mut by_first: HashMap<char, Vec<(Vec<char>, usize)>> = HashMap::new();
        for (i, term) in glossary.terms.iter().enumerate() {
            for form in term.forms() {
                let chars: Vec<char> = normalize_for_matching(form).chars().collect();
                if let Some(&first) = chars.first() {
                    by_first.entry(first).or_default().push((chars, i));
                }
            }
        }
        for forms in by_first.values_mut() {
            forms.sort_by_key(|f| std::cmp::Reverse(f.0.len()));
        }
        Lexicon { glossary, by_first }
    }

    /// The glossary terms `text` names, in order of first mention, each once. The longest
    /// form wins where forms overlap: 中吉乌铁路 is the railway, not also 中吉乌.
    pub fn entities(&self, text: &str) -> Vec<usize> {
        let chars: Vec<char> = normalize_for_matching(text).chars().collect();
        let mut out = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            let found = self.by_first.get(&chars[i]).and_then(|forms| {
                forms
                    .iter()
                    .find(|(f, _)| chars[i..].starts_with(f))
                    .map(|(f, t)| (f.len(), *t))
            });
            match found {
                Some((len, term)) => {
                    if !out.contains(&term) {
                        out.push(term);
                    }
                    i += len;
                }
                None => i += 1,
            }
        }
        out
    }

    pub fn kind(&self, term: usize) -> TermType {
        self.glossary.terms[term].kind
    }

    pub fn name(&self, term: usize) -> &str {
        &self.glossary.terms[term].zh
    }
}

/// The sentences of a printed text, each with its closing mark, without surrounding space.
pub fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if rules::SENTENCE_ENDS.contains(&c) {
            let end = i + c.len_utf8();
            push_trimmed(&mut out, &text[start..end]);
            start = end;
        }
    }
    push_trimmed(&mut out, &text[start..]);
    out
}

fn push_trimmed<'t>(out: &mut Vec<&'t str>, s: &'t str) {
    let s = s.trim();
    if s.chars().any(char::is_alphanumeric) {
        out.push(s);
    }
}

/// The clauses of a sentence (split at commas and colons).
pub fn clauses(sentence: &str) -> Vec<&str> {
    sentence
        .split(rules::CLAUSE_BREAKS)
        .filter(|c| c.chars().any(char::is_alphanumeric))
        .collect()
}

/// A unit that states a commitment, before grouping.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub unit: UnitRef,
    pub kind: DocumentKind,
    /// Summit number, then the document's and the unit's position in the archive.
    pub order: (u32, usize, usize),
    /// The committing sentences, as printed.
    pub zh: String,
    pub en: Option<String>,
    pub actors: Vec<Actor>,
    /// Glossary terms named in the committing sentences (indices into the glossary).
    pub entities: Vec<usize>,
}

/// Whether a document of this kind reports rather than commits.
fn reports(kind: DocumentKind) -> bool {
    matches!(
        kind,
        DocumentKind::Interview | DocumentKind::Article | DocumentKind::Fragment
    )
}

/// Whether a unit of this kind can carry a commitment or a follow-up.
pub fn citable(kind: UnitKind) -> bool {
    matches!(kind, UnitKind::Paragraph | UnitKind::Item)
}

/// Every unit of every document that commits, in archive order.
pub fn extract(archive: &Archive, segmenter: &Segmenter, lexicon: &Lexicon<'_>) -> Vec<Candidate> {
    let mut out = Vec::new();
    for (d, doc) in archive.documents.iter().enumerate() {
        let Some(number) = archive.summit(&doc.summit).map(|s| s.number) else {
            continue;
        };
        for (u, unit) in doc.body_units().into_iter().enumerate() {
            if !citable(unit.kind) {
                continue;
            }
            let always = doc.kind == DocumentKind::OutcomeList && unit.kind == UnitKind::Item;
            let mut committing = Vec::new();
            let mut actors: Vec<Actor> = Vec::new();
            // A paragraph that opens a sentence with an earlier date (`2023年4月27日，……`)
            // narrates that day, until a sentence gives another date.
            let mut narrated = false;
            // Who the last sentence spoke of: a sentence without a subject of its own
            // (`……。将始终站在历史正确一边`) goes on with it.
            let mut topic: Option<Actor> = None;
            for sentence in sentences(&unit.zh) {
                let opening = clauses(sentence).first().copied().unwrap_or("");
                if opens_with_year(opening) {
                    narrated = before_date(opening, &doc.date);
                }
                if narrated {
                    continue;
                }
                let committed = commits(
                    segmenter,
                    lexicon,
                    sentence,
                    doc.kind,
                    &doc.date,
                    topic.as_ref(),
                );
                if let Some(actor) = committed {
                    committing.push(sentence);
                    if !actors.iter().any(|a| a.key == actor.key) {
                        actors.push(actor.clone());
                    }
                    topic = Some(actor);
                } else if let Some(actor) = clauses(sentence)
                    .into_iter()
                    // Past a speaker's label (`答：`).
                    .find(|c| c.chars().count() > 2)
                    .and_then(|c| names_actor(lexicon, c))
                {
                    topic = Some(actor);
                }
            }
            if always && committing.is_empty() {
                committing = sentences(&unit.zh);
                actors.push(subject_actor(lexicon, &unit.zh));
            }
            if committing.is_empty() {
                continue;
            }
            let zh = committing.concat();
            out.push(Candidate {
                unit: UnitRef {
                    summit: doc.summit.clone(),
                    document: doc.id.clone(),
                    unit: unit.id.clone(),
                },
                kind: doc.kind,
                order: (number, d, u),
                entities: lexicon.entities(&zh),
                zh,
                en: unit.en.clone(),
                actors,
            });
        }
    }
    out
}

/// Who a sentence commits, when it commits; `topic` is who the sentence before spoke of.
fn commits(
    segmenter: &Segmenter,
    lexicon: &Lexicon<'_>,
    sentence: &str,
    kind: DocumentKind,
    date: &str,
    topic: Option<&Actor>,
) -> Option<Actor> {
    let words = segmenter.tokens(sentence);
    // The first commit word used as a verb: a plan, a proposal or a decision named as a
    // thing (`……的倡议`, `“丝绸之路经济带”倡议`, `路线图倡议。`) commits no one.
    let at = (0..words.len()).find(|&i| {
        rules::COMMIT_WORDS.contains(&words[i])
            && !named_as_a_thing(&words, i)
            && !weighed(&words, i)
    })?;
    if words[..at]
        .iter()
        .any(|w| rules::PAST.contains(w) || rules::BELIEF.contains(w))
    {
        return None;
    }
    // `十年来`, `多年来`: over the years up to now, however the segmenter cut it.
    if words[..at].concat().contains("年来") {
        return None;
    }
    // A date before the document's own tells of the past (`2022年1月，……决心……`).
    if before_date(&words[..at].concat(), date) {
        return None;
    }
    // A view (`各方认为……具有重要意义`) commits only to what it goes on to say will be done.
    if rules::OPINION.contains(&words[at])
        && !words[at + 1..].iter().enumerate().any(|(k, w)| {
            (rules::COMMIT_WORDS.contains(w) || rules::STANCE.contains(w))
                && !weighed(&words, at + 1 + k)
        })
    {
        return None;
    }
    // The subject: what comes before the commit word in its clause, or the sentence start.
    let subject: String = words[..at].concat();
    // A sentence opening with the commit word has no subject of its own: it goes on with
    // the one before.
    let named = names_actor(lexicon, &subject).or_else(|| {
        let bare = !words[..at]
            .iter()
            .any(|w| w.chars().any(char::is_alphanumeric));
        topic.filter(|_| bare).cloned()
    });
    let weak = rules::WEAK_COMMIT_WORDS.contains(&words[at]);
    if reports(kind) && (weak || named.is_none()) {
        // In a report, a measure is announced by someone named, with a strong word; a later
        // strong word in the sentence can still carry it.
        let strong_later = words[at..]
            .iter()
            .any(|w| rules::COMMIT_WORDS.contains(w) && !rules::WEAK_COMMIT_WORDS.contains(w));
        if named.is_none() || !strong_later && weak {
            return None;
        }
    }
    Some(named.unwrap_or_else(all_parties))
}

/// Whether the word at `i`, one that can be a noun as well as a verb, is used as a noun: after
/// `的` or a closing quotation mark, or closing its clause.
/// Whether the word at `i` is what an assessment weighs, not an act: `对促进……具有重要意义`,
/// `对推动……发挥了重要作用` (`对` a few words before, `意义` or `作用` a few after).
fn weighed(words: &[&str], i: usize) -> bool {
    let before = &words[i.saturating_sub(3)..i];
    let after = &words[i + 1..words.len().min(i + 16)];
    before.contains(&"对") && after.iter().any(|w| rules::WEIGHED.contains(w))
}

fn named_as_a_thing(words: &[&str], i: usize) -> bool {
    if !rules::ALSO_NOUNS.contains(&words[i]) {
        return false;
    }
    let before = i.checked_sub(1).map(|b| words[b]);
    let after = words.get(i + 1).copied();
    before.is_some_and(|b| b == "的" || b.ends_with(['”', '》', '"', '’']))
        || after.is_none_or(|a| {
            a.starts_with(rules::SENTENCE_ENDS) || a.starts_with(rules::CLAUSE_BREAKS) || a == "、"
        })
}

/// Whether `text` names a year (and month) before the document's date (`YYYY-MM-DD`).
/// Whether `text` opens with a year (`2023年4月27日`, `２０２３年`): the time of what follows.
fn opens_with_year(text: &str) -> bool {
    let chars: Vec<char> = text.trim_start().chars().take(5).collect();
    chars.len() == 5
        && chars[..4]
            .iter()
            .all(|&c| crate::text::digit_value(c).is_some())
        && chars[4] == '年'
}

fn before_date(text: &str, date: &str) -> bool {
    let mut parts = date.split('-').map(|p| p.parse::<u32>().ok());
    let (Some(Some(year)), Some(Some(month))) = (parts.next(), parts.next()) else {
        return false;
    };
    let digits: String = text
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            c => c,
        })
        .collect();
    let chars: Vec<char> = digits.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            let number: String = chars[start..i].iter().collect();
            if i - start == 4 && chars.get(i) == Some(&'年') {
                let y: u32 = number.parse().unwrap_or(u32::MAX);
                // The month that follows, if any.
                let mut j = i + 1;
                let m_start = j;
                while j < chars.len() && chars[j].is_ascii_digit() {
                    j += 1;
                }
                let m: Option<u32> = (j > m_start && chars.get(j) == Some(&'月'))
                    .then(|| chars[m_start..j].iter().collect::<String>().parse().ok())
                    .flatten();
                if y < year || y == year && m.is_some_and(|m| m < month) {
                    return true;
                }
            }
        } else {
            i += 1;
        }
    }
    false
}

/// The actor named in a subject, if any: every party, a named country, or China.
fn names_actor(lexicon: &Lexicon<'_>, subject: &str) -> Option<Actor> {
    let subject = normalize_for_matching(subject);
    if rules::ALL_PARTIES.iter().any(|w| subject.contains(w)) {
        return Some(all_parties());
    }
    let countries: Vec<usize> = lexicon
        .entities(&subject)
        .into_iter()
        .filter(|&t| lexicon.kind(t) == TermType::Country)
        .collect();
    if let [one] = countries.as_slice() {
        let term = &lexicon.glossary.terms[*one];
        if !rules::CHINA.contains(&term.zh.as_str()) {
            return Some(Actor {
                key: term.zh.clone(),
                name: Bilingual {
                    zh: term.zh.clone(),
                    en: term.en.clone(),
                },
            });
        }
    }
    if rules::CHINA.iter().any(|w| subject.contains(w)) {
        return Some(china());
    }
    None
}

/// The actor of a text without a commit word (an outcome-list item): who it starts with.
fn subject_actor(lexicon: &Lexicon<'_>, text: &str) -> Actor {
    let text = normalize_for_matching(text);
    // The subject, when there is one, opens the item: `中方邀请……`, `中国向……提供`; a
    // name that merely starts with a country (`中国—中亚……`) is not one.
    let named = rules::CHINA.iter().chain(rules::ALL_PARTIES).find(|w| {
        text.strip_prefix(*w)
            .is_some_and(|rest| !rest.starts_with(['—', '同', '和', '与', '-']))
    });
    match named {
        Some(w) => names_actor(lexicon, w).unwrap_or_else(all_parties),
        None => all_parties(),
    }
}

pub fn all_parties() -> Actor {
    Actor {
        key: "all".into(),
        name: Bilingual {
            zh: "各方".into(),
            en: "All parties".into(),
        },
    }
}

pub fn china() -> Actor {
    Actor {
        key: "china".into(),
        name: Bilingual {
            zh: "中方".into(),
            en: "China".into(),
        },
    }
}

/// The topics a text falls under: it names one of the topic's terms or has a key word.
pub fn topics_of(
    topics: &[Topic],
    lexicon: &Lexicon<'_>,
    text: &str,
    entities: &[usize],
) -> Vec<TopicId> {
    let norm = normalize_for_matching(text);
    topics
        .iter()
        .filter(|t| {
            t.keywords
                .iter()
                .any(|k| norm.contains(&normalize_for_matching(k)))
                || entities.iter().any(|&e| {
                    lexicon.glossary.terms[e]
                        .forms()
                        .any(|f| t.terms.iter().any(|term| term == f))
                })
        })
        .map(|t| t.id.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_paragraph_opening_with_an_earlier_date_narrates_that_day() {
        assert!(opens_with_year("2023年4月27日"));
        assert!(opens_with_year(" ２０２３年４月"));
        assert!(!opens_with_year("中方欢迎2022年7月21日通过的方案"));
        assert!(!opens_with_year("10年来"));
    }

    #[test]
    fn a_date_before_the_document_tells_of_the_past() {
        assert!(before_date("2022年1月，", "2023-05-19"));
        assert!(before_date("２０２３年１月，", "2023-05-19"));
        assert!(!before_date("2023年5月", "2023-05-19"));
        assert!(!before_date("2025年在哈萨克斯坦", "2023-05-19"));
        assert!(!before_date("10年来", "2023-05-19"));
        assert!(!before_date("2022年", "undated"));
    }

    #[test]
    fn sentences_end_at_full_and_half_width_marks() {
        assert_eq!(
            sentences("甲。乙;丙！ 丁"),
            vec!["甲。", "乙;", "丙！", "丁"]
        );
        assert_eq!(clauses("甲，乙,丙"), vec!["甲", "乙", "丙"]);
    }
}
