//! The built site: every page where its path says, every unit an element with its id, links
//! that work from any folder, and the open-data export in its documented shape.

mod common;

use common::*;
use scraper::Html;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn page(summit: &str, doc: &str) -> std::path::PathBuf {
    built().join(format!("zh/{summit}/{doc}/index.html"))
}

#[test]
fn each_document_page_exists_and_carries_the_anchor_of_every_unit() {
    for doc in &archive().documents {
        let path = page(doc.summit.as_str(), doc.id.as_str());
        let html = parse_html(&path);
        let units = doc.units();
        assert!(!units.is_empty());
        for unit in units {
            let found = select(&html, &format!("[id=\"{}\"]", unit.id));
            assert_eq!(found.len(), 1, "{}: #{}", path.display(), unit.id);
            // The element with the id shows the unit's text.
            let text = text_of(&found[0]);
            let expected: String = unit.zh.chars().filter(|c| !c.is_whitespace()).collect();
            assert!(
                text.contains(&expected),
                "{}: #{} shows `{text}`",
                path.display(),
                unit.id
            );
        }
        for part in doc.parts() {
            if let Some(id) = part.id {
                assert_eq!(
                    select(&html, &format!("[id=\"{id}\"]")).len(),
                    1,
                    "{}: #{id}",
                    path.display()
                );
            }
        }
    }
}

#[test]
fn ids_in_the_published_form_of_the_design() {
    let html = parse_html(&page("2023-xian", "declaration"));
    for id in ["cl_7__para_2", "cl_1__para_1", "cl_11__para_5", "cl_7"] {
        assert_eq!(select(&html, &format!("#{id}")).len(), 1, "{id}");
    }
    let html = parse_html(&page("2023-xian", "outcome-list"));
    assert_eq!(select(&html, "#sec_1__item_21").len(), 1);
    assert!(text_of(&select(&html, "#sec_1__item_21")[0]).contains("完成中吉乌铁路可研工作"));
    let html = parse_html(&page("2023-xian", "qin-gang-interview"));
    for id in ["q_1", "q_2", "q_3", "a_1", "a_2", "a_3"] {
        assert_eq!(select(&html, &format!("#{id}")).len(), 1, "{id}");
    }
}

#[test]
fn the_home_page_and_summit_pages_link_every_document() {
    let home = parse_html(&built().join("index.html"));
    let links: BTreeSet<String> = select(&home, "a[href]")
        .iter()
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    for summit in &archive().summits {
        assert!(
            links.contains(&format!("zh/{}/index.html", summit.id)),
            "{}",
            summit.id
        );
        let summit_page = parse_html(&built().join(format!("zh/{}/index.html", summit.id)));
        let summit_links: BTreeSet<String> = select(&summit_page, "a[href]")
            .iter()
            .map(|a| a.value().attr("href").unwrap().to_string())
            .collect();
        for doc in archive().documents_of(&summit.id) {
            assert!(
                links.contains(&format!("zh/{}/{}/index.html", doc.summit, doc.id)),
                "home → {}",
                doc.id
            );
            assert!(
                summit_links.contains(&format!("../../zh/{}/{}/index.html", doc.summit, doc.id)),
                "summit → {}",
                doc.id
            );
        }
        assert!(text_of(&select(&summit_page, "main")[0]).contains("米尔济约耶夫"));
    }
}

/// Every file of the built site.
fn site_files() -> Vec<std::path::PathBuf> {
    walkdir::WalkDir::new(built())
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect()
}

#[test]
fn the_built_site_is_sound() {
    let root = repo().to_string_lossy().into_owned();
    let out = built().to_string_lossy().into_owned();
    let links = assert_site_is_sound(built(), &[&root, &out]);
    assert!(links > 1000, "only {links} links");
}

/// The element ids of a built page.
fn ids_of(path: &Path) -> BTreeSet<String> {
    let html = parse_html(path);
    select(&html, "[id]")
        .iter()
        .map(|e| e.value().attr("id").unwrap().to_string())
        .collect()
}

#[test]
fn documents_json_has_every_document_and_unit_in_its_documented_shape() {
    let documents = documents_json();
    assert_eq!(documents.len(), archive().documents.len());
    let kinds = [
        "declaration",
        "outcome_list",
        "speech",
        "interview",
        "article",
        "fragment",
    ];
    for (json, doc) in documents.iter().zip(&archive().documents) {
        assert_eq!(json["id"], doc.id.as_str());
        assert_eq!(json["summit"], doc.summit.as_str());
        assert!(kinds.contains(&json["kind"].as_str().unwrap()));
        assert_eq!(json["title"], doc.title.as_str());
        assert_eq!(json["date"], doc.date.as_str());
        assert_eq!(json["source"], doc.source.as_str());
        let units = json["units"].as_array().unwrap();
        let expected: Vec<&str> = doc.units().iter().map(|u| u.id.as_str()).collect();
        let ids: Vec<&str> = units.iter().map(|u| u["id"].as_str().unwrap()).collect();
        assert_eq!(ids, expected, "{}: units in reading order", doc.id);
        for u in units {
            let id = u["id"].as_str().unwrap();
            assert!(u["number"].is_null() || u["number"].is_string());
            assert!(u["zh"].as_str().is_some_and(|t| !t.is_empty()));
            assert!(
                u["en"].as_str().is_some_and(|t| !t.trim().is_empty()),
                "{id} has no English"
            );
            assert_eq!(
                u["url_en"].as_str().unwrap(),
                format!("en/{}/{}/#{id}", doc.summit, doc.id)
            );
            let url = u["url"].as_str().unwrap();
            assert_eq!(url, format!("zh/{}/{}/#{id}", doc.summit, doc.id));
            let (dir, fragment) = url.split_once('#').unwrap();
            assert!(
                ids_of(&built().join(dir).join("index.html")).contains(fragment),
                "{url}"
            );
        }
    }
    let decl = document_json("declaration");
    let unit = decl["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["id"] == "cl_7__para_1")
        .unwrap();
    assert_eq!(unit["number"], "七");
    let item = document_json("outcome-list")["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["id"] == "sec_1__item_21")
        .unwrap()
        .clone();
    assert_eq!(item["number"], "21");
    assert_eq!(item["zh"], "完成中吉乌铁路可研工作,推进该铁路加快落地建设;");
}

#[test]
fn the_incomplete_declaration_says_so_where_it_stops() {
    let html = parse_html(&page("2023-xian", "declaration"));
    let notice = select(&html, ".notice-incomplete");
    assert_eq!(notice.len(), 1);
    let link = select(&html, ".notice-incomplete a")[0]
        .value()
        .attr("href")
        .unwrap()
        .to_string();
    assert_eq!(link, "#cl_11__para_5");
    // The mark sits right after the unit where the source stops.
    let last = select(&html, "#cl_11__para_5")[0];
    let next = last
        .next_siblings()
        .filter_map(scraper::ElementRef::wrap)
        .next()
        .unwrap();
    assert!(next.value().classes().any(|c| c == "truncation"));
    // A complete document has neither.
    let speech = parse_html(&page("2023-xian", "keynote-speech"));
    assert!(select(&speech, ".notice-incomplete, .truncation").is_empty());
}

#[test]
fn markup_in_the_text_is_shown_as_text() {
    let body = "各方<script>alert(1)</script>强调<b>合作</b>。\n";
    let site = one_document_site(
        &document("fragment", "", body).replace("title: 标题", "title: \"<i>标题</i>\""),
    );
    let out = site.path().join("public");
    summit_archive::build_site(site.path(), &out).unwrap();
    let html = parse_html(&out.join("zh/2023-xian/doc/index.html"));
    assert!(select(&html, "main script, main b, main i").is_empty());
    assert!(text_of(&select(&html, "#para_1")[0]).contains("<script>alert(1)</script>"));
    assert!(text_of(&select(&html, "h1")[0]).contains("<i>标题</i>"));
}

#[test]
fn pages_declare_their_language_and_make_no_external_requests() {
    for file in site_files()
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "html"))
    {
        let html = parse_html(file);
        let rel = file
            .strip_prefix(built())
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let expected = if rel.starts_with("en/") {
            "en"
        } else {
            "zh-Hans"
        };
        assert_eq!(
            select(&html, "html")[0].value().attr("lang"),
            Some(expected),
            "{rel}"
        );
        assert_eq!(select(&html, "meta[name=viewport]").len(), 1);
    }
}

#[test]
fn two_builds_of_the_same_content_are_identical() {
    let dir = tempfile::tempdir().unwrap();
    let again = dir.path().join("public");
    summit_archive::build_site(&repo(), &again).unwrap();
    let list = |root: &Path| -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<_> = walkdir::WalkDir::new(root)
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                (
                    e.path()
                        .strip_prefix(root)
                        .unwrap()
                        .to_string_lossy()
                        .into_owned(),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect();
        files.sort();
        files
    };
    assert!(list(built()) == list(&again));
}

/// `href` as a path under `out`, followed from the page at `page`, its fragment kept.
fn followed(out: &Path, page: &Path, href: &str) -> String {
    let (path, fragment) = href.split_once('#').unwrap_or((href, ""));
    let mut at: Vec<String> = page
        .parent()
        .unwrap()
        .strip_prefix(out)
        .unwrap()
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    for part in path.split('/') {
        match part {
            ".." => {
                assert!(
                    at.pop().is_some(),
                    "{href} leaves the site from {}",
                    page.display()
                );
            }
            "." | "" => {}
            name => at.push(name.to_string()),
        }
    }
    format!("{}#{fragment}", at.join("/"))
}

/// The commitments (by id) and the passages (by where they link) a subject's page lists.
fn listed(out: &Path, page: &Path) -> (Vec<String>, Vec<String>) {
    let html = parse_html(page);
    let rows = select(&html, "tr[data-commitment]")
        .iter()
        .map(|r| r.value().attr("data-commitment").unwrap().to_string())
        .collect();
    let passages = select(&html, ".passages li a.at-unit")
        .iter()
        .map(|a| followed(out, page, a.value().attr("href").unwrap()))
        .collect();
    (rows, passages)
}

/// Follows a paged listing from its first page, `first`, to its last by the pagers' "next"
/// links, checking on every page what every paged listing shows: a pager at the top and the
/// bottom, this page's number marked and in its title, and the language switch to the same page
/// in the other language; `each` checks the rest. The last page is beside the first, at
/// `page/<its number>/index.html`. Gives the pages in order.
fn follow_pager(
    out: &Path,
    lang: &str,
    first: PathBuf,
    mut each: impl FnMut(&Html, &Path, usize),
) -> Vec<PathBuf> {
    let mut pages = Vec::new();
    let mut page = first.clone();
    loop {
        let html = parse_html(&page);
        assert_eq!(select(&html, "nav.pager").len(), 2, "{}", page.display());
        let current = select(&html, "nav.pager a[aria-current=page]");
        let number: usize = text_of(&current[0]).parse().unwrap();
        assert_eq!(number, pages.len() + 1, "{}", page.display());
        let title = text_of(&select(&html, "title")[0]);
        assert!(
            number == 1 || title.contains(&number.to_string()),
            "{title} names page {number}"
        );
        // The same page in the other language.
        let switch = select(&html, "a.lang-switch")[0]
            .value()
            .attr("href")
            .unwrap();
        let here = page
            .strip_prefix(out)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let other = if lang == "en" { "zh" } else { "en" };
        assert_eq!(
            followed(out, &page, switch),
            format!("{other}{}#", &here[lang.len()..])
        );
        each(&html, &page, number);
        pages.push(page.clone());
        let next = select(&html, "nav.pager a[rel=next]");
        let Some(next) = next.first() else { break };
        let next = followed(out, &page, next.value().attr("href").unwrap());
        page = out.join(next.trim_end_matches('#'));
    }
    let beside = first.parent().unwrap().join("page");
    assert_eq!(
        pages.last().unwrap(),
        &beside.join(format!("{}/index.html", pages.len()))
    );
    pages
}

#[test]
fn a_subject_larger_than_a_page_goes_on_over_pages_that_list_all_of_it_once() {
    let site = bundled_copy_paginated_by(40);
    let out = site.path().join("public");
    summit_archive::build_site(site.path(), &out).expect("builds");
    assert!(assert_site_is_sound(&out, &[]) > 0);
    for lang in ["en", "zh"] {
        // The bundled archive's largest subject, on one page at the default size.
        let whole = built().join(format!("{lang}/entities/central-asia/index.html"));
        assert!(select(&parse_html(&whole), "nav.pager").is_empty());
        let (all_rows, all_passages) = listed(built(), &whole);
        assert!(all_rows.len() + all_passages.len() > 40 * 2, "{lang}");
        // Page by page from the first, at the address the single page had.
        let (mut rows, mut passages) = (Vec::new(), Vec::new());
        let first = out.join(format!("{lang}/entities/central-asia/index.html"));
        let pages = follow_pager(&out, lang, first, |html, page, _| {
            // Both totals on every page.
            let headings: Vec<String> = select(html, "main h2").iter().map(text_of).collect();
            assert!(
                headings
                    .iter()
                    .any(|h| h.ends_with(&format!("({})", all_rows.len())))
                    && headings
                        .iter()
                        .any(|h| h.ends_with(&format!("({})", all_passages.len()))),
                "{headings:?}"
            );
            let (r, p) = listed(&out, page);
            assert!(
                r.len() + p.len() <= 40,
                "{}: {} listed",
                page.display(),
                r.len() + p.len()
            );
            assert!(
                !r.is_empty() || !p.is_empty(),
                "{} lists nothing",
                page.display()
            );
            rows.extend(r);
            passages.extend(p);
        });
        assert!(pages.len() > 2, "{} pages", pages.len());
        // Every commitment and passage of the single page, once, in its order.
        assert_eq!(rows, all_rows, "{lang}");
        assert_eq!(passages, all_passages, "{lang}");
    }
}

/// The values and the counts a page's tracker filter `key` offers, "All" left out.
fn filter_options(html: &Html, key: &str) -> Vec<(String, usize)> {
    select(html, &format!("select[data-filter={key}] option"))
        .iter()
        .filter_map(|o| {
            let value = o.value().attr("value").unwrap();
            let label = text_of(o);
            let count = label
                .rsplit_once('(')?
                .1
                .trim_end_matches(')')
                .parse()
                .ok()?;
            (!value.is_empty()).then(|| (value.to_string(), count))
        })
        .collect()
}

#[test]
fn a_tracker_larger_than_a_page_goes_on_over_pages_whose_filters_count_their_own_rows() {
    let site = bundled_copy_paginated_by(40);
    let out = site.path().join("public");
    summit_archive::build_site(site.path(), &out).expect("builds");
    let records: serde_json::Value =
        serde_json::from_slice(&std::fs::read(built().join("data/commitments.json")).unwrap())
            .unwrap();
    let records = records.as_array().unwrap();
    let summit_of = |id: &str| {
        records
            .iter()
            .find(|c| c["id"] == id)
            .and_then(|c| c["summit"].as_str())
            .unwrap_or_else(|| panic!("{id} is not in commitments.json"))
            .to_string()
    };
    for lang in ["en", "zh"] {
        // At the default size, one page with every commitment.
        let whole = built().join(format!("{lang}/commitments/index.html"));
        let whole_html = parse_html(&whole);
        assert!(select(&whole_html, "nav.pager").is_empty());
        let (all_rows, _) = listed(built(), &whole);
        assert_eq!(all_rows.len(), records.len(), "{lang}");
        assert!(all_rows.len() > 40 * 3, "{lang}");
        let overview = |html: &Html| {
            (
                select(html, ".tracker-counts").len(),
                select(html, "section.tracker-chart").len(),
            )
        };
        assert_eq!(overview(&whole_html), (1, 1));
        let mut rows = Vec::new();
        let first = out.join(format!("{lang}/commitments/index.html"));
        let pages = follow_pager(&out, lang, first, |html, page, number| {
            let (r, _) = listed(&out, page);
            assert!(
                !r.is_empty() && r.len() <= 40,
                "{}: {}",
                page.display(),
                r.len()
            );
            // The archive's counts and chart on the first page only.
            let expected = if number == 1 { (1, 1) } else { (0, 0) };
            assert_eq!(overview(html), expected, "{}", page.display());
            // The filters count this page's rows: the summit filter offers exactly the
            // summits of its rows, each with how many of them it has.
            let mut summits: Vec<(String, usize)> = Vec::new();
            for id in &r {
                let summit = summit_of(id);
                match summits.iter_mut().find(|(s, _)| *s == summit) {
                    Some((_, n)) => *n += 1,
                    None => summits.push((summit, 1)),
                }
            }
            assert_eq!(
                filter_options(html, "summit"),
                summits,
                "{}",
                page.display()
            );
            let by_status: usize = filter_options(html, "status").iter().map(|(_, n)| n).sum();
            assert_eq!(by_status, r.len(), "{}", page.display());
            let shown = select(html, "p[data-shown]");
            assert_eq!(
                shown[0].value().attr("data-total"),
                Some(r.len().to_string().as_str())
            );
            assert_eq!(select(html, ".filter-scope").len(), 1);
            rows.extend(r);
        });
        assert!(pages.len() > 3, "{} pages", pages.len());
        // Every commitment of the single page, once, in its order.
        assert_eq!(rows, all_rows, "{lang}");
    }
}
