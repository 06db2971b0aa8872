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
    let encoded: Vec<(&String, Value)> = index
        .terms
        .iter()
        .map(|(term, postings)| (term, encode(postings)))
        .collect();
    let estimate: usize = encoded
        .iter()
        .map(|(t, p)| t.len() + p.to_string().len() + 4)
        .sum();
    let shards = (estimate / SHARD_BYTES).clamp(8, 4096) as u32;

    let mut terms: Vec<serde_json::Map<String, Value>> =
        (0..shards).map(|_| serde_json::Map::new()).collect();
    for (term, postings) in encoded {
        terms[shard_of(term, shards) as usize].insert(term.clone(), postings);
    }
    let mut aliases: Vec<serde_json::Map<String, Value>> =
        (0..shards).map(|_| serde_json::Map::new()).collect();
    for (surface, stem) in &index.aliases {
        let key = format!("{}{surface}", super::analyse::ENGLISH);
        aliases[shard_of(&key, shards) as usize].insert(surface.clone(), json!(stem));
    }
    let mut shard_sizes = Vec::new();
    for (n, (t, a)) in terms.into_iter().zip(aliases).enumerate() {
        let bytes = script("t", n, &json!({ "t": t, "a": a }));
        shard_sizes.push(bytes.len());
        out.insert(format!("search/t/{n}.js"), bytes);
    }

    let mut chunk_sizes = Vec::new();
    for (k, chunk) in index.units.chunks(CHUNK).enumerate() {
        let texts: Vec<Value> = chunk.iter().map(|u| json!([u.zh, u.en])).collect();
        let bytes = script("x", k, &Value::Array(texts));
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

/// Postings as one array of integers: each unit as its distance from the one before (the
/// first from −1), positive when the term occurs there once, negative and followed by the
/// count when more often.
fn encode(postings: &[Posting]) -> Value {
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
    json!(flat)
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
fn script(kind: &str, n: usize, data: &Value) -> Vec<u8> {
    format!("__ssx({},{n},{data});\n", json!(kind)).into_bytes()
}
