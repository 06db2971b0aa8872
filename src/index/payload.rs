//! The index as the files the site serves under `search/`, each a script that hands its data
//! to the client (`__ssx(kind, number, data)`): browsers refuse `fetch` from `file://`, not a
//! script element, and a script's address relative to the page works under any sub-path.
//!
//! - `search/meta.js`: the summits, documents and units (ids, numbers, lengths), the
//!   glossary, the traditional-character table and the number of shards;
//! - `search/t/<n>.js`: shard `n` of the terms, with their postings (see [`encode`]) and the
//!   English surface forms of the shard;
//! - `search/x/<k>.js`: the text of units `k·CHUNK` to `k·CHUNK + CHUNK − 1`, for snippets.

use super::analyse::{CHAR, shard_of};
use super::{Posting, SearchIndex};
use rayon::prelude::*;
use serde::Serialize;
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// Units a text chunk holds.
pub const CHUNK: usize = 12;
/// The size a term shard is aimed at, in bytes.
const SHARD_BYTES: usize = 4_000;
/// The format of the files, read by the client.
pub const VERSION: u32 = 1;

/// What the payload weighs, as `build` reports it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stats {
    pub files: usize,
    pub bytes: usize,
    pub meta_bytes: usize,
    pub shards: usize,
    /// The bytes a query for one glossary term loads (meta and shards): median and largest.
    pub query_median: usize,
    pub query_max: usize,
    /// The bytes of one text chunk, median.
    pub chunk_median: usize,
}

/// The index stage's summary line: what the index weighs, and what one query loads.
impl std::fmt::Display for Stats {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kb = |b: usize| format!("{:.1} KB", b as f64 / 1024.0);
        write!(
            f,
            "search: {} in {} files ({} shards); a query for a glossary term loads {} (median; at most {}), \
             then {} of text for each {} units it shows",
            kb(self.bytes),
            self.files,
            self.shards,
            kb(self.query_median),
            kb(self.query_max),
            kb(self.chunk_median),
            CHUNK,
        )
    }
}

/// The files of the index, by path under the site root, with what they weigh.
pub fn files(index: &SearchIndex) -> (BTreeMap<String, Vec<u8>>, Stats) {
    let mut out = BTreeMap::new();
    let estimate: usize = index
        .terms
        .par_iter()
        .map(|(t, p)| t.len() + text_len(&encode(p)) + 4)
        .sum();
    let shards = (estimate / SHARD_BYTES).clamp(8, 4096) as u32;

    // The terms of each shard, their postings encoded only as the shard is written: all of
    // them at once would weigh several times the index.
    let mut terms: Vec<BTreeMap<&str, &[Posting]>> = (0..shards).map(|_| BTreeMap::new()).collect();
    for (term, postings) in &index.terms {
        terms[shard_of(term, shards) as usize].insert(term, postings);
    }
    let mut aliases: Vec<BTreeMap<&str, &str>> = (0..shards).map(|_| BTreeMap::new()).collect();
    for (surface, stem) in &index.aliases {
        let key = format!("{}{surface}", super::analyse::ENGLISH);
        aliases[shard_of(&key, shards) as usize].insert(surface, stem);
    }
    // Each shard and each text chunk written on its own, on every core.
    let shard_files: Vec<Vec<u8>> = terms
        .into_par_iter()
        .zip(aliases)
        .enumerate()
        .map(|(n, (t, a))| {
            let t = t.into_iter().map(|(term, p)| (term, encode(p))).collect();
            script("t", n, &Shard { a, t })
        })
        .collect();
    let mut shard_sizes = Vec::new();
    for (n, bytes) in shard_files.into_iter().enumerate() {
        shard_sizes.push(bytes.len());
        out.insert(format!("search/t/{n}.js"), bytes);
    }

    let chunk_files: Vec<Vec<u8>> = index
        .units
        .par_chunks(CHUNK)
        .enumerate()
        .map(|(k, chunk)| {
            let texts: Vec<Value> = chunk.iter().map(|u| json!([u.zh, u.en])).collect();
            script("x", k, &Value::Array(texts))
        })
        .collect();
    let mut chunk_sizes = Vec::new();
    for (k, bytes) in chunk_files.into_iter().enumerate() {
        chunk_sizes.push(bytes.len());
        out.insert(format!("search/x/{k}.js"), bytes);
    }

    let meta = script("m", 0, &meta(index, shards));
    let meta_bytes = meta.len();
    out.insert("search/meta.js".to_string(), meta);

    // What a query for each glossary term loads: the meta, and the shard of each character.
    let mut loads: Vec<usize> = index
        .glossary
        .iter()
        .filter_map(|g| g.zh.first())
        .map(|form| {
            let mut needed: Vec<u32> = form
                .chars()
                .filter(|c| crate::text::is_han(*c))
                .map(|c| shard_of(&format!("{CHAR}{c}"), shards))
                .collect();
            needed.sort_unstable();
            needed.dedup();
            meta_bytes
                + needed
                    .iter()
                    .map(|&s| shard_sizes[s as usize])
                    .sum::<usize>()
        })
        .collect();
    loads.sort_unstable();
    chunk_sizes.sort_unstable();
    let stats = Stats {
        files: out.len(),
        bytes: out.values().map(Vec::len).sum(),
        meta_bytes,
        shards: shards as usize,
        query_median: loads.get(loads.len() / 2).copied().unwrap_or(meta_bytes),
        query_max: loads.last().copied().unwrap_or(meta_bytes),
        chunk_median: chunk_sizes.get(chunk_sizes.len() / 2).copied().unwrap_or(0),
    };
    (out, stats)
}

/// A shard of the terms: the English surface forms it holds (`a`), and each term's encoded
/// postings (`t`), written in that order, the order of their keys.
#[derive(Serialize)]
struct Shard<'i> {
    a: BTreeMap<&'i str, &'i str>,
    t: BTreeMap<&'i str, Vec<i64>>,
}

/// Postings as one array of integers: each unit as its distance from the one before (the
/// first from −1), positive when the term occurs there once, negative and followed by the
/// count when more often.
fn encode(postings: &[Posting]) -> Vec<i64> {
    let mut flat: Vec<i64> = Vec::with_capacity(postings.len() + 4);
    let mut last: i64 = -1;
    for p in postings {
        let step = i64::from(p.unit) - last;
        if p.tf == 1 {
            flat.push(step);
        } else {
            flat.push(-step);
            flat.push(i64::from(p.tf));
        }
        last = i64::from(p.unit);
    }
    flat
}

/// The length of `numbers` written as a JSON array: `[1,-2,3]`.
fn text_len(numbers: &[i64]) -> usize {
    let digits = |n: i64| {
        n.unsigned_abs()
            .checked_ilog10()
            .map_or(1, |d| d as usize + 1)
    };
    let commas = numbers.len().saturating_sub(1);
    2 + commas
        + numbers
            .iter()
            .map(|&n| digits(n) + usize::from(n < 0))
            .sum::<usize>()
}

fn meta(index: &SearchIndex, shards: u32) -> Value {
    let (mut zh_total, mut en_total) = (0u64, 0u64);
    for u in &index.units {
        zh_total += u64::from(u.len_zh);
        en_total += u64::from(u.len_en);
    }
    let n = index.units.len().max(1) as f64;
    let traditional: String = index
        .traditional
        .iter()
        .flat_map(|(t, s)| [*t, *s])
        .collect();
    json!({
        "v": VERSION,
        "shards": shards,
        "chunk": CHUNK,
        "avg": [zh_total as f64 / n, en_total as f64 / n],
        "summits": index.summits.iter().map(|(id, zh, en)| json!([id, zh, en])).collect::<Vec<_>>(),
        "docs": index.docs.iter().map(|d| {
            let summit = index.summits.iter().position(|s| s.0 == d.summit).unwrap_or(0);
            json!([summit, d.id, d.kind, d.title_zh, d.title_en])
        }).collect::<Vec<_>>(),
        "units": index.units.iter().map(|u| {
            json!([u.doc, u.id, u.number, u.heading as u8, u.len_zh, u.len_en])
        }).collect::<Vec<_>>(),
        "glossary": index.glossary.iter().map(|g| json!([g.zh, g.en])).collect::<Vec<_>>(),
        "trad": traditional,
    })
}

/// A script handing `data` to the client.
fn script(kind: &str, n: usize, data: &impl Serialize) -> Vec<u8> {
    let mut bytes = format!("__ssx({},{n},", json!(kind)).into_bytes();
    // Invariant: the data is strings, numbers, arrays and maps keyed by strings, which JSON
    // always writes.
    serde_json::to_writer(&mut bytes, data).expect("the search data is plain JSON");
    bytes.extend_from_slice(b");\n");
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_length_of_postings_is_the_length_of_their_json() {
        assert_eq!(text_len(&[]), "[]".len());
        assert_eq!(text_len(&[1, -2, 3]), "[1,-2,3]".len());
        assert_eq!(text_len(&[0, 9, 10, -99, -100]), "[0,9,10,-99,-100]".len());
        for numbers in [vec![i64::MIN, i64::MAX], vec![1_000_000, -7]] {
            assert_eq!(
                text_len(&numbers),
                serde_json::to_string(&numbers).unwrap().len()
            );
        }
    }

    #[test]
    fn postings_are_steps_with_counts_where_a_term_repeats() {
        let postings = [
            Posting { unit: 0, tf: 1 },
            Posting { unit: 4, tf: 3 },
            Posting { unit: 5, tf: 1 },
        ];
        // Unit 0 is one step from −1; unit 4 four steps on, three times; unit 5 one step on.
        assert_eq!(encode(&postings), vec![1, -4, 3, 1]);
    }
}
