//! The home page (the newest summits at a glance, a line for each earlier one, the headline
//! figures linked to their units, the commitment overview, the latest documents) and the
//! glossary page, in both languages; the figure rules on fixture text.

mod common;

use common::*;
use scraper::Html;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;
use summit_archive::figures::{FigureKind, figures};

/// The file and anchor a link on the page at `page` (relative to the site root) leads to.
fn resolve(page: &str, href: &str) -> (PathBuf, Option<String>) {
    let (path, anchor) = match href.split_once('#') {
        Some((p, a)) => (p, Some(a.to_string())),
        None => (href, None),
    };
    let mut file = built().join(page);
    file.pop();
    for part in path.split('/') {
        match part {
            ".." => {
                file.pop();
            }
            "" | "." => {}
            p => file.push(p),
        }
    }
    (file, anchor)
}

/// `(summit, document, unit)` of a unit link on the page at `page`.
fn unit_of(page: &str, href: &str) -> (String, String, String) {
    let (file, anchor) = resolve(page, href);
    let rel: Vec<String> = file
        .strip_prefix(built())
        .unwrap()
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    // {lang}/{summit}/{document}/index.html
    assert_eq!(rel.len(), 4, "{href} is no document page");
    (
        rel[1].clone(),
        rel[2].clone(),
        anchor.unwrap_or_else(|| panic!("{href} names no unit")),
    )
}

/// A unit of `documents.json`.
fn unit_json(summit: &str, document: &str, unit: &str) -> &'static Value {
    let doc = documents_json()
        .iter()
        .find(|d| d["summit"] == summit && d["id"] == document)
        .unwrap_or_else(|| panic!("no document {summit}/{document}"));
    doc["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["id"] == unit)
        .unwrap_or_else(|| panic!("no unit {summit}/{document}#{unit}"))
}

fn attr<'a>(el: &scraper::ElementRef<'a>, name: &str) -> &'a str {
    el.value()
        .attr(name)
        .unwrap_or_else(|| panic!("no {name} on {}", el.html()))
}

/// The figures of a summit on a home page: `(figure as shown, href)`.
fn shown_figures(html: &Html, summit: &str) -> Vec<(String, String)> {
    select(html, &format!("#summit-{summit} .figure-link"))
        .iter()
        .map(|a| {
            let value = select_in(a, ".figure-value");
            (
                value.text().collect::<String>(),
                attr(a, "href").to_string(),
            )
        })
        .collect()
}

fn select_in<'a>(el: &scraper::ElementRef<'a>, css: &str) -> scraper::ElementRef<'a> {
    let selector = scraper::Selector::parse(css).unwrap();
    el.select(&selector)
        .next()
        .unwrap_or_else(|| panic!("no {css} in {}", el.html()))
}

fn select_all_in<'a>(el: &scraper::ElementRef<'a>, css: &str) -> Vec<scraper::ElementRef<'a>> {
    let selector = scraper::Selector::parse(css).unwrap();
    el.select(&selector).collect()
}

#[test]
fn the_home_page_lists_every_summit_with_its_facts_and_documents() {
    let expected_dates = [
        ("2023-xian", "2023年5月18日", "May 18, 2023"),
        ("2025-astana", "2025年6月17日", "June 17, 2025"),
    ];
    for lang in ["zh", "en"] {
        let page = format!("{lang}/index.html");
        let html = parse_html(&built().join(&page));
        let cards = select(&html, ".summit-glance");
        assert_eq!(cards.len(), archive().summits.len());
        for s in &archive().summits {
            let id = format!("#summit-{}", s.id);
            let pick = |b: &summit_archive::model::Bilingual| {
                if lang == "zh" {
                    b.zh.clone()
                } else {
                    b.en.clone()
                }
            };
            let city = text_of(&select(&html, &format!("{id} .summit-city"))[0]);
            assert_eq!(city, pick(&s.city).replace(' ', ""));
            let host = text_of(&select(&html, &format!("{id} .summit-host"))[0]);
            assert_eq!(host, pick(&s.host).replace(' ', ""));
            let dates = select(&html, &format!("{id} .summit-dates"))[0]
                .text()
                .collect::<String>();
            let (_, zh, en) = expected_dates
                .iter()
                .find(|(sid, _, _)| *sid == s.id.as_str())
                .unwrap();
            assert!(
                dates.contains(if lang == "zh" { zh } else { en }),
                "{dates}"
            );
            let leaders: Vec<String> = select(&html, &format!("{id} .leader-name"))
                .iter()
                .map(|e| e.text().collect())
                .collect();
            let expected: Vec<String> = s.leaders.iter().map(|l| pick(&l.name)).collect();
            assert_eq!(leaders, expected);
            // Every document of the summit, with its kind and its length.
            let docs = select(&html, &format!("{id} .glance-docs li"));
            let of_summit: Vec<_> = archive().documents_of(&s.id).collect();
            assert_eq!(docs.len(), of_summit.len());
            for (li, doc) in docs.iter().zip(&of_summit) {
                assert_eq!(attr(li, "data-kind"), doc.kind.as_str());
                let a = select_in(li, "a");
                let (file, _) = resolve(&page, attr(&a, "href"));
                assert!(
                    file.ends_with(format!("{lang}/{}/{}/index.html", s.id, doc.id)),
                    "{}",
                    file.display()
                );
                let length = select_in(li, ".length").text().collect::<String>();
                assert!(
                    length.contains(&doc.units().len().to_string()),
                    "{}: {length}",
                    doc.id
                );
            }
        }
    }
    // Kinds are named in the page's language.
    let zh = parse_html(&built().join("zh/index.html"));
    let declaration = select(&zh, "#summit-2023-xian li[data-kind=declaration] .kind");
    assert_eq!(text_of(&declaration[0]), "宣言");
}

#[test]
fn the_headline_figures_link_to_units_that_state_them() {
    // Read in the texts: Xi announced RMB 26 billion of financing and grants in the keynote
    // speech of 2023; the preview reports trade above 70 billion U.S. dollars in 2022; Wang Yi's
    // briefing of 2025 gives trade of 94.8 billion U.S. dollars, 35% growth and 3,000 training
    // places.
    let must = [
        ("2023-xian", "260亿元人民币", "keynote-speech"),
        ("2023-xian", "700亿美元", "summit-preview"),
        ("2025-astana", "948亿美元", "wang-yi-briefing"),
        ("2025-astana", "35%", "wang-yi-briefing"),
        ("2025-astana", "3000个培训名额", "wang-yi-briefing"),
    ];
    let html = parse_html(&built().join("zh/index.html"));
    for s in &archive().summits {
        let shown = shown_figures(&html, s.id.as_str());
        assert!(!shown.is_empty() && shown.len() <= 6, "{}: {shown:?}", s.id);
        for (figure, href) in &shown {
            let (summit, doc, unit) = unit_of("zh/index.html", href);
            assert_eq!(summit, s.id.as_str());
            let zh = unit_json(&summit, &doc, &unit)["zh"].as_str().unwrap();
            assert!(
                zh.contains(figure.as_str()),
                "{figure} not in {doc}#{unit}: {zh}"
            );
            let (file, anchor) = resolve("zh/index.html", href);
            let target = parse_html(&file);
            assert_eq!(
                select(&target, &format!("[id=\"{}\"]", anchor.unwrap())).len(),
                1
            );
        }
        // Each figure once.
        let mut figures: Vec<&str> = shown.iter().map(|(f, _)| f.as_str()).collect();
        figures.sort_unstable();
        figures.dedup();
        assert_eq!(figures.len(), shown.len());
    }
    for (summit, figure, doc) in must {
        let shown = shown_figures(&html, summit);
        assert!(
            shown
                .iter()
                .any(|(f, href)| f.contains(figure) && unit_of("zh/index.html", href).1 == doc),
            "{summit}: {figure} from {doc} not among {shown:?}"
        );
    }
    // The English page quotes each figure in the English of its unit.
    let html = parse_html(&built().join("en/index.html"));
    let mut all = Vec::new();
    for s in &archive().summits {
        for (figure, href) in shown_figures(&html, s.id.as_str()) {
            let (summit, doc, unit) = unit_of("en/index.html", &href);
            let u = unit_json(&summit, &doc, &unit);
            let text = u["en"].as_str().or(u["zh"].as_str()).unwrap();
            assert!(text.contains(&figure), "{figure} not in {doc}#{unit}");
            all.push(figure);
        }
    }
    for figure in [
        "26 billion yuan",
        "94.8 billion U.S. dollars",
        "3,000 training opportunities",
    ] {
        assert!(
            all.iter().any(|f| f.contains(figure)),
            "{figure} not among {all:?}"
        );
    }
}

#[test]
fn the_overview_counts_agree_with_the_commitments_export() {
    let text = std::fs::read_to_string(built().join("data/commitments.json")).unwrap();
    let commitments: Vec<Value> = serde_json::from_str(&text).unwrap();
    // A commitment's status is the most advanced of its follow-ups.
    let order = ["fulfilled", "in_progress", "reaffirmed"];
    let mut expected: BTreeMap<&str, usize> = BTreeMap::new();
    for c in &commitments {
        let status = c["followups"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|f| order.iter().position(|s| f["status"] == *s))
            .min()
            .map_or("none", |i| order[i]);
        *expected.entry(status).or_default() += 1;
    }
    for lang in ["zh", "en"] {
        let html = parse_html(&built().join(format!("{lang}/index.html")));
        let mut shown: BTreeMap<&str, usize> = BTreeMap::new();
        for li in select(&html, ".home-overview [data-count]") {
            let n: usize = select_in(&li, "strong")
                .text()
                .collect::<String>()
                .parse()
                .unwrap();
            if n > 0 {
                shown.insert(attr(&li, "data-count"), n);
            }
        }
        assert_eq!(shown, expected, "{lang}");
        let total = select(&html, ".home-overview .count-total strong");
        assert_eq!(text_of(&total[0]), commitments.len().to_string());
        assert_eq!(select(&html, ".home-overview svg.chart").len(), 1);
    }
}

#[test]
fn the_home_page_has_a_search_box_and_the_latest_documents() {
    for lang in ["zh", "en"] {
        let page = format!("{lang}/index.html");
        let html = parse_html(&built().join(&page));
        let form = select(&html, "form.home-search");
        assert_eq!(form.len(), 1);
        let (file, _) = resolve(&page, attr(&form[0], "action"));
        assert!(file.ends_with(format!("{lang}/search/index.html")) && file.exists());
        assert_eq!(select(&html, "form.home-search input[name=q]").len(), 1);
        // The newest document of the archive comes first: Wang Yi's briefing of 2025.
        let latest = select(&html, ".latest li a");
        assert!(!latest.is_empty());
        let (file, _) = resolve(&page, attr(&latest[0], "href"));
        assert!(file.ends_with(format!("{lang}/2025-astana/wang-yi-briefing/index.html")));
        for a in latest {
            assert!(resolve(&page, attr(&a, "href")).0.exists());
        }
    }
}

#[test]
fn the_glossary_lists_every_term_with_an_anchor_and_its_passages() {
    let slugs = summit_archive::render::tracker::slugs(&archive().glossary.terms);
    for lang in ["zh", "en"] {
        let page = format!("{lang}/glossary/index.html");
        let html = parse_html(&built().join(&page));
        for term in &archive().glossary.terms {
            let slug = &slugs[term.zh.as_str()];
            let dt = select(&html, &format!("dt[id=\"{slug}\"]"));
            assert_eq!(dt.len(), 1, "{lang}: {}", term.zh);
            let text = dt[0].text().collect::<String>();
            assert!(text.contains(&term.zh) && text.contains(&term.en), "{text}");
            let dd = select(&html, &format!("dd[data-term=\"{slug}\"]"));
            let more = select_in(&dd[0], ".term-more a");
            let (file, _) = resolve(&page, attr(&more, "href"));
            assert!(file.ends_with(format!("entities/{slug}/index.html")) && file.exists());
            for v in &term.variants {
                assert!(dd[0].text().collect::<String>().contains(v.as_str()));
            }
        }
        assert_eq!(
            select(&html, "dl.glossary dt").len(),
            archive().glossary.terms.len()
        );
        // Every passage link resolves to the unit, and the unit names the term.
        let mut pages: BTreeMap<PathBuf, Html> = BTreeMap::new();
        let links = select(&html, "a.passage-link");
        assert!(links.len() > 100, "{}", links.len());
        for a in links {
            let (file, anchor) = resolve(&page, attr(&a, "href"));
            let anchor = anchor.unwrap();
            let target = pages
                .entry(file.clone())
                .or_insert_with(|| parse_html(&file));
            assert_eq!(
                select(target, &format!("[id=\"{anchor}\"]")).len(),
                1,
                "{}#{anchor}",
                file.display()
            );
        }
    }
    // The glossary is in the navigation of every page.
    let html = parse_html(&built().join("en/2023-xian/declaration/index.html"));
    let nav = select(&html, ".site-nav a");
    assert!(nav.iter().any(|a| {
        resolve("en/2023-xian/declaration/index.html", attr(a, "href"))
            .0
            .ends_with("en/glossary/index.html")
    }));
}

#[test]
fn a_document_links_the_terms_its_units_name_to_the_glossary() {
    let page = "zh/2023-xian/outcome-list/index.html";
    let html = parse_html(&built().join(page));
    let railway = select(&html, ".doc-terms li")
        .into_iter()
        .find(|li| text_of(&select_in(li, "a.doc-term")) == "中吉乌铁路")
        .expect("the railway in the outcome list's terms");
    let (file, anchor) = resolve(page, attr(&select_in(&railway, "a.doc-term"), "href"));
    assert!(file.ends_with("zh/glossary/index.html"));
    assert_eq!(
        anchor.as_deref(),
        Some("china-kyrgyzstan-uzbekistan-railway")
    );
    // Item 21 of the list names it: 完成中吉乌铁路可研工作.
    let selector = scraper::Selector::parse("a.doc-term-unit").unwrap();
    let units: Vec<&str> = railway
        .select(&selector)
        .map(|a| attr(&a, "href"))
        .collect();
    assert!(units.contains(&"#sec_1__item_21"), "{units:?}");
}

#[test]
fn figures_are_found_by_rules_about_the_language() {
    // A text a maintainer might paste: amounts in 万 and 亿, full-width digits, a percentage,
    // places and pairs, and years, dates and ordinals that are no figures.
    let text = "2024年，第三届论坛宣布，中方将在2025年至2027年提供人民币５０亿元贷款和1200万美元赠款，\
                双边贸易额增长12.5%，为各国提供五千个研修名额，新增结好城市８对。";
    let found: Vec<(&str, FigureKind)> = figures(text)
        .into_iter()
        .map(|f| (&text[f.start..f.end], f.kind))
        .collect();
    assert_eq!(
        found,
        [
            ("人民币５０亿元", FigureKind::Money),
            ("1200万美元", FigureKind::Money),
            ("12.5%", FigureKind::Percent),
            ("五千个研修名额", FigureKind::Places),
            ("８对", FigureKind::Pairs),
        ]
    );
    let values: Vec<f64> = figures(text).iter().map(|f| f.value).collect();
    assert_eq!(values, [5e9, 1.2e7, 12.5, 5000.0, 8.0]);
    assert!(figures("2023年5月18日至19日，第二届峰会，30多年来，1992年建交。").is_empty());
}

#[test]
fn a_term_in_more_passages_than_a_page_lists_lists_the_first_and_links_the_rest() {
    let site = bundled_copy_paginated_by(40);
    let out = site.path().join("public");
    summit_archive::build_site(site.path(), &out).expect("builds");
    let slug = "central-asia";
    for lang in ["zh", "en"] {
        let page = format!("{lang}/glossary/index.html");
        let passages = |html: &Html| -> Vec<String> {
            let dd = select(html, &format!("dd[data-term=\"{slug}\"]"));
            select_all_in(&dd[0], "a.passage-link")
                .iter()
                .map(|a| attr(a, "href").to_string())
                .collect()
        };
        // At the default size every passage is listed.
        let whole = parse_html(&built().join(&page));
        let all = passages(&whole);
        assert!(all.len() > 40, "{}", all.len());
        let dd = select(&whole, &format!("dd[data-term=\"{slug}\"]"));
        assert!(select_all_in(&dd[0], ".term-passages-more").is_empty());
        // At 40, the first 40, then how many more, linked to the term's page.
        let html = parse_html(&out.join(&page));
        assert_eq!(passages(&html), all[..40]);
        let dd = select(&html, &format!("dd[data-term=\"{slug}\"]"));
        let more = select_all_in(&dd[0], ".term-passages-more a");
        assert_eq!(more.len(), 1);
        let text = more[0].text().collect::<String>();
        assert!(text.contains(&(all.len() - 40).to_string()), "{text}");
        let (file, _) = resolve(&page, attr(&more[0], "href"));
        assert!(
            file.ends_with(format!("{lang}/entities/{slug}/index.html")),
            "{}",
            file.display()
        );
        // The summary still counts them all.
        let summary = select_all_in(&dd[0], "summary")[0]
            .text()
            .collect::<String>();
        assert!(summary.contains(&all.len().to_string()), "{summary}");
    }
}

/// A site of `n` summits two years apart from 2023, each with one short document that states a
/// commitment; gives the site and the summits' ids in order.
fn site_of_summits(n: usize) -> (tempfile::TempDir, Vec<String>) {
    let cities = [
        ("xian", "西安", "Xi'an"),
        ("astana", "阿斯塔纳", "Astana"),
        ("beijing", "北京", "Beijing"),
        ("bishkek", "比什凯克", "Bishkek"),
        ("dushanbe", "杜尚别", "Dushanbe"),
        ("ashgabat", "阿什哈巴德", "Ashgabat"),
        ("tashkent", "塔什干", "Tashkent"),
        ("almaty", "阿拉木图", "Almaty"),
    ];
    let mut files = Vec::new();
    let mut ids = Vec::new();
    for i in 0..n {
        let (slug, zh, en) = cities[i % cities.len()];
        let year = 2023 + 2 * i;
        let id = format!("{year}-{slug}");
        let summit = format!(
            "id: {id}\nnumber: {number}\nname: {{ zh: 第{number}届中国—中亚峰会, en: China–Central Asia Summit {number} }}\n\
             start: {year}-05-18\nend: {year}-05-19\ncity: {{ zh: {zh}, en: \"{en}\" }}\nhost: {{ zh: 中国, en: China }}\n\
             leaders:\n  - name: {{ zh: 习近平, en: Xi Jinping }}\n    title: {{ zh: 中华人民共和国主席, en: President of the People's Republic of China }}\n    country: {{ zh: 中国, en: China }}\n",
            number = i + 1
        );
        let doc = format!(
            "---\nid: declaration\nsummit: {id}\nkind: declaration\ntitle: 宣言\ntitle_printed: false\ndate: {year}-05-19\nsource: fixture.txt\n---\n各方同意加强互联互通合作。\n"
        );
        files.push((format!("content/{id}/summit.yaml"), summit));
        files.push((format!("content/{id}/declaration.md"), doc));
        ids.push(id);
    }
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    (fixture_site(&files), ids)
}

#[test]
fn past_six_summits_the_home_page_shows_the_newest_at_a_glance_and_a_line_for_each_earlier_one() {
    let (site, ids) = site_of_summits(9);
    let out = site.path().join("public");
    summit_archive::build_site(site.path(), &out).expect("builds");
    let commitments: Value =
        serde_json::from_slice(&std::fs::read(out.join("data/commitments.json")).unwrap()).unwrap();
    let made_at = |id: &str| {
        commitments
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["summit"] == id)
            .count()
    };
    for lang in ["en", "zh"] {
        let html = parse_html(&out.join(format!("{lang}/index.html")));
        // The newest six, at a glance, in order.
        let glanced: Vec<String> = select(&html, ".summit-glance")
            .iter()
            .map(|s| {
                s.value()
                    .attr("id")
                    .unwrap()
                    .trim_start_matches("summit-")
                    .to_string()
            })
            .collect();
        assert_eq!(glanced, ids[3..].to_vec(), "{lang}");
        // The three before them, a line each: a link to the summit's page, its dates and city,
        // and how many documents and commitments it has.
        let lines = select(&html, ".home-earlier li");
        assert_eq!(lines.len(), 3, "{lang}");
        let heading = text_of(&select(&html, "#home-earlier-title")[0]);
        assert!(heading.ends_with("(3)"), "{heading}");
        for (line, id) in lines.iter().zip(&ids[..3]) {
            let href = attr(&select_in(line, "a"), "href");
            assert_eq!(href, format!("../{lang}/{id}/index.html"));
            assert!(out.join(format!("{lang}/{id}/index.html")).is_file());
            let text = text_of(line);
            let year = &id[..4];
            let city = if lang == "en" {
                id[5..].to_string()
            } else {
                String::new()
            };
            assert!(text.contains(year), "{text}");
            assert!(
                text.to_lowercase().replace('\'', "").contains(&city),
                "{text}"
            );
            let documents = if lang == "en" {
                "1documents"
            } else {
                "1份文件"
            };
            assert!(text.contains(documents), "{text}");
            let made = made_at(id);
            assert!(made > 0, "{id} states no commitment");
            let counted = if lang == "en" {
                format!("{made}commitments")
            } else {
                format!("{made}项承诺")
            };
            assert!(text.contains(&counted), "{text}");
        }
        // The stats still count every summit.
        let stats = text_of(&select(&html, ".stats")[0]);
        assert!(stats.contains('9'), "{stats}");
    }
    // The bundled archive's two summits are both shown at a glance.
    let bundled = parse_html(&built().join("en/index.html"));
    assert_eq!(select(&bundled, ".summit-glance").len(), 2);
    assert!(select(&bundled, ".home-earlier").is_empty());
}
