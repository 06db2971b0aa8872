//! Nothing lost, nothing invented: every paragraph of every source text is in exactly one
//! content document (or in the loader's list of dropped repeats), every piece of it is shown on
//! its document's page, and every Chinese sentence the site shows occurs in its source.

mod common;

use common::*;
use std::collections::BTreeMap;
use summit_archive::load::CleaningAction;

/// Content documents as files: (path relative to the root, source name, [first, last], body).
fn content_documents() -> Vec<(String, String, [usize; 2], String)> {
    let mut out = Vec::new();
    for entry in walk(&repo().join("content")) {
        if !entry.ends_with(".md") {
            continue;
        }
        let text = std::fs::read_to_string(repo().join(&entry)).unwrap();
        let rest = text.strip_prefix("---\n").expect("front matter");
        let end = rest.find("\n---\n").expect("front matter end");
        let yaml: serde_yaml::Value = serde_yaml::from_str(&rest[..end]).unwrap();
        let source = yaml["source"].as_str().unwrap().to_string();
        let lines = yaml["source_lines"].as_sequence().expect("source_lines");
        let range = [
            lines[0].as_u64().unwrap() as usize,
            lines[1].as_u64().unwrap() as usize,
        ];
        out.push((entry, source, range, rest[end + 5..].to_string()));
    }
    out
}

fn walk(dir: &std::path::Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(repo())
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

#[test]
fn every_line_of_every_source_is_in_exactly_one_document() {
    let documents = content_documents();
    for (name, text) in sources() {
        let lines: Vec<&str> = text.lines().collect();
        let mut owners: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
        for (path, source, [first, last], body) in &documents {
            if source != &name {
                continue;
            }
            // The body is the source's lines, verbatim.
            let body_lines: Vec<&str> = body.trim_end_matches('\n').lines().collect();
            assert_eq!(
                body_lines,
                lines[first - 1..*last].to_vec(),
                "{path} is not {name} lines {first}-{last} verbatim"
            );
            for n in *first..=*last {
                owners.entry(n).or_default().push(path);
            }
        }
        for (i, line) in lines.iter().enumerate() {
            let n = i + 1;
            let found = owners.get(&n).map_or(0, Vec::len);
            if line.trim().is_empty() {
                assert!(found <= 1, "{name}:{n} is in {found} documents");
            } else {
                assert_eq!(found, 1, "{name}:{n} `{line}` is in {found} documents");
            }
        }
    }
}

/// The loader's list of dropped repeats.
fn dropped() -> Vec<&'static summit_archive::load::Cleaning> {
    archive()
        .report
        .cleaning
        .iter()
        .filter(|c| {
            matches!(
                c.action,
                CleaningAction::DroppedRepeat | CleaningAction::DroppedRepeatedTail
            )
        })
        .collect()
}

#[test]
fn every_dropped_paragraph_repeats_one_that_is_kept() {
    let dropped = dropped();
    // Read off the sources: seven paragraphs of 001 printed twice; in 004 one paragraph printed
    // twice and one that repeats the end of the paragraph two before it.
    assert_eq!(dropped.len(), 9);
    for c in dropped {
        let text = std::fs::read_to_string(repo().join(&c.path)).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let line = lines[c.line - 1].trim();
        let first: usize = c
            .detail
            .strip_prefix("repeats line ")
            .and_then(|r| r.split(':').next())
            .and_then(|n| n.parse().ok())
            .expect("the record names the line it repeats");
        assert!(first < c.line);
        let original = lines[first - 1].trim();
        match c.action {
            CleaningAction::DroppedRepeat => assert_eq!(line, original, "{}:{}", c.path, c.line),
            _ => assert!(
                original.ends_with(line) && original != line,
                "{}:{}",
                c.path,
                c.line
            ),
        }
    }
}

fn strip_for_comparison(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '(' | ')' | '（' | '）'))
        .collect()
}

/// The pieces of a source line as the site may show them apart: split at white space, after
/// sentence-ending punctuation and after a closing bracket, with Markdown marks taken off.
fn pieces(line: &str) -> Vec<String> {
    let line = line.trim_start_matches([' ', '-', '#']);
    let mut out = Vec::new();
    let mut current = String::new();
    for c in line.chars() {
        if c.is_whitespace() {
            out.push(std::mem::take(&mut current));
            continue;
        }
        current.push(c);
        if matches!(c, '。' | '！' | '？' | '；' | ')' | '）') {
            out.push(std::mem::take(&mut current));
        }
    }
    out.push(current);
    out.into_iter()
        .map(|p| strip_for_comparison(&p))
        .filter(|p| !p.is_empty())
        .collect()
}

#[test]
fn every_piece_of_every_kept_paragraph_is_shown_on_its_page() {
    let dropped: Vec<(String, usize)> = dropped()
        .into_iter()
        .map(|c| (c.path.clone(), c.line))
        .collect();
    for (path, _, _, _) in content_documents() {
        let doc = archive()
            .documents
            .iter()
            .find(|d| d.path == path)
            .expect("document loaded");
        let page = built().join(format!("zh/{}/{}/index.html", doc.summit, doc.id));
        let html = parse_html(&page);
        let shown = strip_for_comparison(
            &select(&html, "main")
                .iter()
                .map(|e| e.text().collect::<String>())
                .collect::<String>(),
        );
        let text = std::fs::read_to_string(repo().join(&path)).unwrap();
        let body_start = text.match_indices("\n---\n").next().unwrap().0 + 5;
        let first_body_line = text[..body_start].lines().count() + 1;
        for (i, line) in text[body_start..].lines().enumerate() {
            let n = first_body_line + i;
            if dropped.contains(&(path.clone(), n)) {
                continue;
            }
            for piece in pieces(line) {
                assert!(
                    shown.contains(&piece),
                    "{path}:{n}: `{piece}` is not shown on {}",
                    page.display()
                );
            }
        }
    }
}

/// Splits a text into sentences at sentence-ending punctuation.
fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for c in text.chars() {
        current.push(c);
        if matches!(c, '。' | '！' | '？' | '；' | ';') {
            out.push(std::mem::take(&mut current));
        }
    }
    out.push(current);
    out.into_iter()
        .map(|s| s.chars().filter(|c| !c.is_whitespace()).collect::<String>())
        .filter(|s| !s.is_empty())
        .collect()
}

#[test]
fn every_chinese_sentence_shown_occurs_in_its_source() {
    let sources: BTreeMap<String, String> = sources()
        .into_iter()
        .map(|(name, text)| (name, text.chars().filter(|c| !c.is_whitespace()).collect()))
        .collect();
    let mut units_shown = 0;
    for doc in &archive().documents {
        let source = &sources[&doc.source];
        let page = built().join(format!("zh/{}/{}/index.html", doc.summit, doc.id));
        let html = parse_html(&page);
        units_shown += select(&html, ".zh").len();
        let mut shown: Vec<String> = select(&html, ".zh, .subtitle, .credit")
            .iter()
            .map(|e| e.text().collect())
            .collect();
        if doc.title_printed {
            shown.extend(
                select(&html, "h1")
                    .iter()
                    .map(|e| e.text().collect::<String>()),
            );
        }
        for text in shown {
            for sentence in sentences(&text) {
                let sentence = sentence.trim_matches(['（', '）']);
                assert!(
                    source.contains(sentence),
                    "{}: `{sentence}` is not in {}",
                    page.display(),
                    doc.source
                );
            }
        }
    }
    // Every unit's text was among what was checked.
    let units: usize = archive().documents.iter().map(|d| d.units().len()).sum();
    assert_eq!(units_shown, units);
}
