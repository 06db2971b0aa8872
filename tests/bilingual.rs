//! The bilingual archive: English tied to the Chinese unit by unit, coverage, term consistency
//! with the glossary, and pages in both languages that share their anchors.

mod common;

use common::*;
use std::collections::BTreeSet;
use std::process::Command;
use summit_archive::load::{glossary, load_archive};

#[test]
fn every_bundled_unit_has_its_english() {
    for doc in &archive().documents {
        let coverage = doc.coverage();
        assert_eq!(coverage.translated, coverage.total, "{}", doc.path);
        let en = doc
            .en
            .as_ref()
            .unwrap_or_else(|| panic!("{} has no translation file", doc.path));
        assert!(!en.title.trim().is_empty());
        assert_eq!(
            en.subtitle.is_some(),
            doc.subtitle.is_some(),
            "{}: subtitle",
            doc.path
        );
        assert_eq!(
            en.dateline.is_some(),
            doc.dateline.is_some(),
            "{}: dateline",
            doc.path
        );
        for unit in doc.units() {
            let english = unit.en.as_deref().unwrap();
            // English, not Chinese pasted across.
            assert!(
                !english.chars().any(summit_archive::text::is_han),
                "{} #{}: {english}",
                doc.path,
                unit.id
            );
        }
    }
}

#[test]
fn translations_follow_the_glossary() {
    let archive = archive();
    assert!(archive.glossary.terms.len() >= 80);
    for doc in &archive.documents {
        let misses = glossary::inconsistencies(&archive.glossary, doc);
        assert!(misses.is_empty(), "{}: {misses:#?}", doc.path);
    }
    // Spot checks read off the texts: the established renderings are used.
    let unit = |doc: &str, id: &str| {
        archive
            .documents
            .iter()
            .find(|d| d.id.as_str() == doc)
            .and_then(|d| d.units().into_iter().find(|u| u.id.as_str() == id).cloned())
            .unwrap()
    };
    assert!(
        unit("declaration", "cl_1__para_1")
            .en
            .unwrap()
            .contains("community with a shared future")
    );
    assert!(
        unit("declaration", "cl_7__para_4")
            .en
            .unwrap()
            .contains("China–Kyrgyzstan–Uzbekistan railway")
    );
    assert!(
        unit("declaration", "preamble__para_1")
            .en
            .unwrap()
            .contains("Tokayev")
    );
    assert!(
        unit("outcome-list", "sec_1__item_18")
            .en
            .unwrap()
            .contains("Termez")
    );
    assert!(
        unit("keynote-speech", "grp_2__item_2")
            .en
            .unwrap()
            .contains("Global Development Initiative")
    );
}

#[test]
fn the_glossary_gives_every_term_a_type_and_covers_the_variants() {
    let g = &archive().glossary;
    let find = |zh: &str| {
        g.terms
            .iter()
            .find(|t| t.forms().any(|f| f == zh))
            .unwrap_or_else(|| panic!("{zh}"))
    };
    assert_eq!(find("中吉乌").en, "China–Kyrgyzstan–Uzbekistan");
    assert_eq!(find("库雷吉港").en, "Port of Kuryk");
    assert_eq!(find("常驻秘书处").en, "permanent secretariat");
    assert!(find("上合组织").rendered_in("the SCO summit"));
    // Dash variants match without being listed.
    let doc = archive()
        .documents
        .iter()
        .find(|d| d.id.as_str() == "declaration")
        .unwrap();
    assert!(doc.units()[0].zh.contains("中国-中亚峰会"));
    assert!(glossary::inconsistencies(g, doc).is_empty());
}

fn translated_fixture(units: &str) -> tempfile::TempDir {
    let doc = document("fragment", "", "第一段。\n\n第二段。\n");
    fixture_site(&[
        ("content/2023-xian/summit.yaml", SUMMIT_YAML),
        ("content/2023-xian/doc.md", &doc),
        (
            "content/2023-xian/doc.en.yaml",
            &format!("title: Title\nunits:\n{units}"),
        ),
    ])
}

#[test]
fn a_missing_english_unit_builds_and_is_shown_pending() {
    let site = translated_fixture("  para_1: First paragraph.\n");
    let archive = load_archive(site.path()).unwrap();
    assert!(
        !archive.report.has_errors(),
        "{:?}",
        archive.report.diagnostics
    );
    let coverage = archive.documents[0].coverage();
    assert_eq!((coverage.translated, coverage.total), (1, 2));
    let out = site.path().join("public");
    summit_archive::build_site(site.path(), &out).unwrap();
    let html = parse_html(&out.join("en/2023-xian/doc/index.html"));
    let pending = select(&html, "#para_2")[0];
    assert!(text_of(&pending).contains("第二段。"));
    assert_eq!(select(&html, "#para_2 .pending").len(), 1);
    assert_eq!(
        select(&html, "#para_2 .zh")[0].value().attr("lang"),
        Some("zh-Hans")
    );
    assert_eq!(
        select(&html, "#para_1 .en")[0].value().attr("lang"),
        Some("en")
    );
    // The command line reports the coverage per document.
    let output = Command::new(env!("CARGO_BIN_EXE_summit-archive"))
        .args(["--root", site.path().to_str().unwrap(), "coverage"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("content/2023-xian/doc.md: 1/2 units translated (50%)"),
        "{stdout}"
    );
}

#[test]
fn an_english_unit_with_no_chinese_counterpart_is_an_error_at_its_line() {
    let site = translated_fixture(
        "  para_1: First paragraph.\n  para_2: Second paragraph.\n  para_3: An orphan.\n",
    );
    let output = Command::new(env!("CARGO_BIN_EXE_summit-archive"))
        .args(["--root", site.path().to_str().unwrap(), "build"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("content/2023-xian/doc.en.yaml:5:3: error: English unit `para_3` has no Chinese counterpart in content/2023-xian/doc.md"),
        "{stderr}"
    );
}

#[test]
fn a_term_left_unrendered_is_pointed_out() {
    let doc = document("fragment", "", "各方支持共建“一带一路”。\n");
    let site = fixture_site(&[
        ("content/2023-xian/summit.yaml", SUMMIT_YAML),
        ("content/2023-xian/doc.md", &doc),
        (
            "content/2023-xian/doc.en.yaml",
            "title: Title\nunits:\n  para_1: The parties support the Silk Road.\n",
        ),
        (
            "content/glossary.yaml",
            "terms:\n  - { zh: 一带一路, en: Belt and Road, type: initiative }\n",
        ),
    ]);
    let archive = load_archive(site.path()).unwrap();
    let warning = archive
        .report
        .diagnostics
        .iter()
        .find(|d| d.message.contains("一带一路"))
        .expect("a warning on the term");
    assert_eq!(
        (warning.path.as_str(), warning.line),
        ("content/2023-xian/doc.en.yaml", 3)
    );
}

/// The unit ids on a built page.
fn unit_ids(path: &std::path::Path) -> BTreeSet<String> {
    let html = parse_html(path);
    select(&html, ".unit[id], figcaption[id], .row[id]")
        .iter()
        .map(|e| e.value().attr("id").unwrap().to_string())
        .collect()
}

#[test]
fn both_languages_and_the_parallel_view_carry_the_same_anchors() {
    for doc in &archive().documents {
        let expected: BTreeSet<String> = doc.units().iter().map(|u| u.id.to_string()).collect();
        for page in [
            "zh/{s}/{d}/index.html",
            "en/{s}/{d}/index.html",
            "zh/{s}/{d}/parallel/index.html",
            "en/{s}/{d}/parallel/index.html",
        ] {
            let path = built().join(
                page.replace("{s}", doc.summit.as_str())
                    .replace("{d}", doc.id.as_str()),
            );
            assert_eq!(unit_ids(&path), expected, "{}", path.display());
        }
    }
}

#[test]
fn the_language_links_point_at_the_same_unit() {
    let zh = built().join("zh/2023-xian/declaration/index.html");
    let html = parse_html(&zh);
    let links = select(&html, "#cl_7__para_2 a[hreflang=en]");
    assert_eq!(links.len(), 1);
    assert_eq!(
        links[0].value().attr("href"),
        Some("../../../en/2023-xian/declaration/index.html#cl_7__para_2")
    );
    let en = parse_html(&built().join("en/2023-xian/declaration/index.html"));
    let back = select(&en, "#cl_7__para_2 a[hreflang=zh-Hans]");
    assert_eq!(
        back[0].value().attr("href"),
        Some("../../../zh/2023-xian/declaration/index.html#cl_7__para_2")
    );
    // Every unit on every page links to itself in the other language.
    for doc in &archive().documents {
        for (lang, other) in [("zh", "en"), ("en", "zh")] {
            let page = built().join(format!("{lang}/{}/{}/index.html", doc.summit, doc.id));
            let html = parse_html(&page);
            for unit in doc.units() {
                let hreflang = if other == "en" { "en" } else { "zh-Hans" };
                let link = select(
                    &html,
                    &format!("[id=\"{}\"] a[hreflang=\"{hreflang}\"]", unit.id),
                );
                let href = link[0].value().attr("href").unwrap();
                assert_eq!(
                    href,
                    format!(
                        "../../../{other}/{}/{}/index.html#{}",
                        doc.summit, doc.id, unit.id
                    )
                );
            }
            // The page-level switch and the alternates name the same page in each language.
            let switch = select(&html, "a.lang-switch")[0]
                .value()
                .attr("href")
                .unwrap()
                .to_string();
            assert_eq!(
                switch,
                format!("../../../{other}/{}/{}/index.html", doc.summit, doc.id)
            );
            let alternates: BTreeSet<(String, String)> =
                select(&html, "link[rel=alternate][hreflang]")
                    .iter()
                    .map(|l| {
                        (
                            l.value().attr("hreflang").unwrap().to_string(),
                            l.value().attr("href").unwrap().to_string(),
                        )
                    })
                    .collect();
            for (code, hreflang) in [("zh", "zh-Hans"), ("en", "en")] {
                // Absolute, from the base URL of content/site.yaml.
                let href = format!(
                    "https://summit-archive.example.org/{code}/{}/{}/",
                    doc.summit, doc.id
                );
                assert!(
                    alternates.contains(&(hreflang.to_string(), href)),
                    "{}: {alternates:?}",
                    page.display()
                );
            }
        }
    }
}

#[test]
fn text_carries_the_right_language_attribute() {
    let en = parse_html(&built().join("en/2023-xian/keynote-speech/index.html"));
    assert_eq!(select(&en, "html")[0].value().attr("lang"), Some("en"));
    for span in select(&en, ".unit .en") {
        assert_eq!(span.value().attr("lang"), Some("en"));
    }
    let parallel = parse_html(&built().join("zh/2023-xian/keynote-speech/parallel/index.html"));
    let zh_cells = select(&parallel, ".row .cell-zh");
    let en_cells = select(&parallel, ".row .cell-en");
    assert!(!zh_cells.is_empty() && zh_cells.len() == en_cells.len());
    assert!(
        zh_cells
            .iter()
            .all(|c| c.value().attr("lang") == Some("zh-Hans"))
    );
    assert!(
        en_cells
            .iter()
            .all(|c| c.value().attr("lang") == Some("en"))
    );
}

#[test]
fn a_misprint_stays_as_printed_with_a_note_and_the_english_follows_the_reading() {
    let doc = archive()
        .documents
        .iter()
        .find(|d| d.id.as_str() == "declaration")
        .unwrap();
    let unit = doc
        .units()
        .into_iter()
        .find(|u| u.id.as_str() == "cl_7__para_2")
        .unwrap();
    assert!(unit.zh.contains("发挥费尔赫兹市的过境运输潜力"));
    assert!(
        unit.notes
            .iter()
            .any(|n| n.printed == "费尔赫兹市" && n.reading == "铁尔梅兹市")
    );
    assert!(unit.en.as_deref().unwrap().contains("Termez"));
    let zh = parse_html(&built().join("zh/2023-xian/declaration/index.html"));
    let marked = select(&zh, "#cl_7__para_2 mark.misprint");
    assert!(marked.iter().any(|m| text_of(m) == "费尔赫兹市"));
    let note = select(&zh, ".misprint-note");
    assert!(note.iter().any(|n| text_of(n).contains("铁尔梅兹市")));
}

#[test]
fn interface_text_comes_from_the_tables() {
    let en = parse_html(&built().join("en/index.html"));
    assert_eq!(
        text_of(&select(&en, ".brand")[0]),
        "China–CentralAsiaSummitArchive"
    );
    let zh = parse_html(&built().join("zh/index.html"));
    assert_eq!(text_of(&select(&zh, ".brand")[0]), "中国—中亚峰会文献库");
    // No template writes interface words of its own: outside tags and expressions, templates
    // hold only punctuation and white space. File names of the exports are names, not words.
    let markup =
        regex::Regex::new(r"(?s)\{#.*?#\}|\{\{.*?\}\}|\{%.*?%\}|<[^>]*>|\b[a-z]+\.(?:json|csv)\b")
            .unwrap();
    for entry in walkdir::WalkDir::new(repo().join("templates"))
        .into_iter()
        .map(|e| e.unwrap())
    {
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let stripped = markup.replace_all(&text, "");
        let rest: String = stripped.chars().filter(|c| c.is_alphabetic()).collect();
        assert!(
            rest.is_empty(),
            "{}: interface words written in the template: {rest}",
            entry.path().display()
        );
    }
}
