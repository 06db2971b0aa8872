//! Grouping within one summit: the same commitment stated in several documents (an
//! outcome-list item, a declaration clause, a speech measure, an interview restating it) is
//! one commitment with several sources. Documents are taken in the order of how binding they
//! are (outcome list, declaration, speech, then reports); a unit of a later one joins the
//! commitment it restates when one of its committing sentences and the commitment share most
//! of their weighted words both ways and agree on their entities. Candidates come from the
//! same inverted index as follow-ups, so grouping never compares every pair.

use super::extract::{Candidate, Lexicon, sentences};
use super::follow::entities_agree;
use crate::model::DocumentKind;
use crate::segment::Segmenter;
use std::collections::{BTreeSet, HashMap};

/// The smallest two-way overlap that makes two statements one commitment.
pub const SAME: f64 = 0.5;

/// How binding a kind of document is: lower first.
pub fn rank(kind: DocumentKind) -> u8 {
    match kind {
        DocumentKind::OutcomeList => 0,
        DocumentKind::Declaration => 1,
        DocumentKind::Speech => 2,
        DocumentKind::Interview => 3,
        DocumentKind::Article => 4,
        DocumentKind::Fragment => 5,
    }
}

/// Groups candidates: each group lists candidate indices, the first giving the id.
pub fn group(
    candidates: &[Candidate],
    segmenter: &Segmenter,
    lexicon: &Lexicon<'_>,
) -> Vec<Vec<usize>> {
    let mut order: Vec<usize> = (0..candidates.len()).collect();
    order.sort_by_key(|&i| {
        let c = &candidates[i];
        (c.order.0, rank(c.kind), c.order.1, c.order.2)
    });
    // Word sets, with document frequencies over the candidates for weights.
    let words: Vec<BTreeSet<String>> = candidates
        .iter()
        .map(|c| content_words(segmenter, &c.zh))
        .collect();
    let mut df: HashMap<&str, usize> = HashMap::new();
    for set in &words {
        for w in set {
            *df.entry(w.as_str()).or_default() += 1;
        }
    }
    let n = candidates.len().max(1) as f64;
    let weight = |w: &str| (1.0 + n / (1.0 + df.get(w).copied().unwrap_or(0) as f64)).ln();

    let mut groups: Vec<Vec<usize>> = Vec::new();
    // Word → groups of the summit at hand whose head uses it: the candidates come summit by
    // summit, and a unit joins only a group of its own summit, so the postings start afresh
    // with each summit (else every summit's groups would be probed, and grouping would grow
    // with the square of the archive).
    let mut postings: HashMap<String, Vec<usize>> = HashMap::new();
    let mut summit = None;
    for &i in &order {
        let c = &candidates[i];
        if summit != Some(c.order.0) {
            summit = Some(c.order.0);
            postings.clear();
        }
        let mut best: Option<(f64, usize)> = None;
        for sentence in sentences(&c.zh) {
            let mine = content_words(segmenter, sentence);
            let own_total: f64 = mine.iter().map(|w| weight(w)).sum();
            if own_total <= 0.0 {
                continue;
            }
            let named = lexicon.entities(sentence);
            let mut seen = std::collections::HashSet::new();
            for w in probes(&mine, own_total, &weight) {
                for &g in postings.get(w).into_iter().flatten() {
                    if !seen.insert(g) {
                        continue;
                    }
                    let head = &candidates[groups[g][0]];
                    // `order` holds the summit's number and the document's index.
                    if head.order.0 != c.order.0
                        || groups[g]
                            .iter()
                            .any(|&m| candidates[m].order.1 == c.order.1)
                        || !entities_agree(lexicon, &head.entities, &named)
                    {
                        continue;
                    }
                    let theirs = &words[groups[g][0]];
                    let shared: f64 = mine.intersection(theirs).map(|w| weight(w)).sum();
                    let their_total: f64 = theirs.iter().map(|w| weight(w)).sum();
                    let overlap =
                        (shared / own_total).min(shared / their_total.max(f64::MIN_POSITIVE));
                    if overlap >= SAME && best.is_none_or(|(b, _)| overlap > b) {
                        best = Some((overlap, g));
                    }
                }
            }
        }
        match best {
            Some((_, g)) => groups[g].push(i),
            None => {
                let g = groups.len();
                groups.push(vec![i]);
                for w in &words[i] {
                    postings.entry(w.clone()).or_default().push(g);
                }
            }
        }
    }
    groups
}

/// The words of a sentence worth looking up (prefix filtering): the heaviest, down to where
/// the words left weigh less than [`SAME`] of the whole. A group that shares none of these
/// shares less than `SAME` of the sentence's weight and cannot take it, so looking up only
/// these finds every group that can, while the common light words, whose postings hold almost
/// every group, are never looked up.
fn probes<'w>(
    mine: &'w BTreeSet<String>,
    total: f64,
    weight: &impl Fn(&str) -> f64,
) -> Vec<&'w String> {
    let mut heavy: Vec<(&String, f64)> = mine.iter().map(|w| (w, weight(w))).collect();
    heavy.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    let mut left = total;
    let mut out = Vec::new();
    for (w, weight) in heavy {
        if left < SAME * total {
            break;
        }
        out.push(w);
        left -= weight;
    }
    out
}

fn content_words(segmenter: &Segmenter, text: &str) -> BTreeSet<String> {
    segmenter
        .words(text)
        .into_iter()
        .filter(|w| w.chars().count() >= 2 && !super::rules::STOP_WORDS.contains(w))
        .map(str::to_string)
        .collect()
}
