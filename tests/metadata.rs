//! What the site tells other tools: page descriptions, canonical addresses, hreflang, Open
//! Graph, JSON-LD, the sitemap, the feeds and robots.txt, and static assets named by their
//! content. The bundled site has the base URL of `content/site.yaml`; every absolute address
//! must lead, with the base taken off, to a file of the built site.

mod common;

use common::*;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// `base_url` in content/site.yaml.
const BASE: &str = "https://summit-archive.example.org/";

/// Every HTML page of the built site: (path relative to the site root, file).
fn pages() -> Vec<(String, PathBuf)> {
    walkdir::WalkDir::new(built())
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(built())
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, e.into_path())
        })
        .collect()
}

/// The file an absolute address of the site leads to, checking its fragment, if any, names an
/// element of that page.
fn resolve(url: &str) -> PathBuf {
    let rest = url
        .strip_prefix(BASE)
        .unwrap_or_else(|| panic!("{url} is not under {BASE}"));
    let (path, fragment) = rest.split_once('#').unwrap_or((rest, ""));
    let mut file = built().join(path);
    if path.is_empty() || path.ends_with('/') {
        file = file.join("index.html");
    }
    assert!(file.is_file(), "{url}: no file {}", file.display());
    if !fragment.is_empty() {
        let html = parse_html(&file);
        assert_eq!(
            select(&html, &format!("[id=\"{fragment}\"]")).len(),
            1,
            "{url}: no element with that id"
        );
    }
    file
}

fn attr(html: &scraper::Html, css: &str, name: &str) -> Option<String> {
    select(html, css)
        .first()
        .and_then(|e| e.value().attr(name))
        .map(str::to_string)
}

fn json_ld(html: &scraper::Html) -> Vec<Value> {
    select(html, r#"script[type="application/ld+json"]"#)
        .iter()
        .map(|s| {
            let text: String = s.text().collect();
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("JSON-LD: {e}: {text}"))
        })
        .collect()
}

#[test]
fn every_document_page_describes_itself_in_json_ld() {
    let archive = archive();
    let mut checked = 0;
    for doc in &archive.documents {
        let summit = archive.summit(&doc.summit).unwrap();
        for (lang, html_lang) in [("zh", "zh-Hans"), ("en", "en")] {
            let page = format!("{lang}/{}/{}/", doc.summit, doc.id);
            let html = parse_html(&resolve(&format!("{BASE}{page}")));
            let ld = json_ld(&html);
            assert_eq!(ld.len(), 1, "{page}");
            let ld = &ld[0];
            let want = match doc.kind.as_str() {
                "outcome_list" => "Report",
                "article" | "fragment" => "NewsArticle",
                _ => "CreativeWork",
            };
            assert_eq!(ld["@context"], "https://schema.org");
            assert_eq!(ld["@type"], want, "{page}");
            assert_eq!(ld["inLanguage"], html_lang, "{page}");
            assert_eq!(ld["datePublished"], doc.date.as_str(), "{page}");
            assert_eq!(ld["url"], format!("{BASE}{page}"));
            let title = match (lang, &doc.en) {
                ("en", Some(en)) => en.title.clone(),
                _ => doc.title.clone(),
            };
            assert_eq!(ld["name"], title.as_str(), "{page}");
            let series = &ld["isPartOf"];
            let summit_name = if lang == "zh" {
                &summit.name.zh
            } else {
                &summit.name.en
            };
            assert_eq!(series["name"], summit_name.as_str(), "{page}");
            assert_eq!(series["startDate"], summit.start.as_str());
            resolve(series["url"].as_str().unwrap());
            let parts = ld["hasPart"].as_array().unwrap();
            assert!(!parts.is_empty(), "{page}");
            for part in parts {
                assert!(!part["name"].as_str().unwrap().is_empty());
                let url = part["url"].as_str().unwrap();
                assert!(url.starts_with(&format!("{BASE}{page}#")), "{url}");
                resolve(url);
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 2 * archive.documents.len());

    // The Xi'an Declaration's clauses, named as a reader says them.
    let find = |lang: &str, id: &str| -> String {
        let html = parse_html(&built().join(format!("{lang}/2023-xian/declaration/index.html")));
        let ld = &json_ld(&html)[0];
        ld["hasPart"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["url"].as_str().unwrap().ends_with(&format!("#{id}")))
            .map(|p| p["name"].as_str().unwrap().to_string())
            .unwrap_or_else(|| panic!("no part {id}"))
    };
    assert_eq!(find("zh", "cl_7"), "第七条");
    assert_eq!(find("en", "cl_7"), "Clause 7");
    assert_eq!(find("en", "preamble__para_1"), "Preamble, para. 1");
    assert_eq!(find("zh", "preamble__para_2"), "序言第2段");
    // The keynote speech is Xi Jinping's; the Xinhua reports are published by Xinhua.
    let speech = parse_html(&built().join("en/2023-xian/keynote-speech/index.html"));
    assert_eq!(json_ld(&speech)[0]["author"][0]["name"], "Xi Jinping");
    let report = parse_html(&built().join("zh/2023-xian/business-council-briefing/index.html"));
    assert_eq!(json_ld(&report)[0]["publisher"]["name"], "新华社");
}

#[test]
fn json_ld_cannot_be_closed_by_the_text() {
    let hostile = r#"</script><script>alert(1)</script><!-- & "quoted" -->"#;
    let site = one_document_site(
        &document("fragment", "", "各方强调合作。\n")
            .replace("title: 标题", &format!("title: '{hostile}'")),
    );
    let out = site.path().join("public");
    summit_archive::build_site(site.path(), &out).unwrap();
    let html = parse_html(&out.join("zh/2023-xian/doc/index.html"));
    // One script of JSON-LD and the site's own scripts, none made from the title.
    let scripts = select(&html, "script");
    assert!(
        scripts.iter().all(|s| s.value().attr("src").is_some()
            || s.value().attr("type") == Some("application/ld+json")),
        "a script element came from the text"
    );
    let ld = json_ld(&html);
    assert_eq!(ld.len(), 1);
    assert_eq!(ld[0]["name"], hostile);
    let raw = std::fs::read_to_string(out.join("zh/2023-xian/doc/index.html")).unwrap();
    assert!(
        !raw.contains("alert(1)</script>"),
        "the title closed an element"
    );
    assert_eq!(
        attr(&html, r#"meta[property="og:title"]"#, "content").as_deref(),
        Some(hostile)
    );
    // Without a base URL, addresses are relative and there is no sitemap.
    assert_eq!(
        attr(&html, "link[rel=canonical]", "href").as_deref(),
        Some("../../../zh/2023-xian/doc/index.html")
    );
    assert!(select(&html, r#"meta[property="og:url"]"#).is_empty());
    assert!(!out.join("sitemap.xml").exists());
    assert!(out.join("robots.txt").is_file());
    let feed = std::fs::read_to_string(out.join("zh/feed.xml")).unwrap();
    let doc = roxmltree::Document::parse(&feed).expect("the feed parses");
    let title = doc
        .descendants()
        .find(|n| n.has_tag_name("entry"))
        .and_then(|e| e.children().find(|n| n.has_tag_name("title")))
        .and_then(|t| t.text())
        .unwrap();
    assert_eq!(title, hostile);
}

#[test]
fn every_page_has_a_title_and_a_description_of_its_own() {
    // Pages that stand for another (the front page copies the Chinese home; a moved page
    // leads on) say so with their canonical address and share its words.
    let mut descriptions: BTreeMap<String, String> = BTreeMap::new();
    let mut titles: BTreeMap<String, String> = BTreeMap::new();
    for (rel, file) in pages() {
        let html = parse_html(&file);
        let title = text_of(&select(&html, "title")[0]);
        let description = attr(&html, "meta[name=description]", "content")
            .unwrap_or_else(|| panic!("{rel}: no description"));
        assert!(!title.is_empty(), "{rel}");
        assert!(!description.trim().is_empty(), "{rel}");
        assert!(description.chars().count() <= 160, "{rel}: {description}");
        assert_eq!(
            attr(&html, r#"meta[property="og:description"]"#, "content").as_deref(),
            Some(description.as_str()),
            "{rel}"
        );
        assert!(
            attr(&html, r#"meta[property="og:title"]"#, "content").is_some_and(|t| !t.is_empty())
        );
        let canonical = attr(&html, "link[rel=canonical]", "href")
            .unwrap_or_else(|| panic!("{rel}: no canonical"));
        let target = resolve(&canonical);
        let indexed = select(&html, "meta[name=robots]").is_empty();
        if indexed {
            assert_eq!(target, file, "{rel}: canonical {canonical}");
            assert_eq!(
                attr(&html, r#"meta[property="og:url"]"#, "content").as_deref(),
                Some(canonical.as_str())
            );
            if let Some(other) = descriptions.insert(description.clone(), rel.clone()) {
                panic!("{rel} and {other} share the description {description:?}");
            }
            if let Some(other) = titles.insert(title.clone(), rel.clone()) {
                panic!("{rel} and {other} share the title {title:?}");
            }
        } else if rel != "404.html" {
            // (The 404 page, shown with a 404 status at any address, stands for no other page.)
            assert_ne!(
                target, file,
                "{rel}: a page that is not indexed names another"
            );
        }
        let locale = if rel.starts_with("en/") {
            "en_US"
        } else {
            "zh_CN"
        };
        assert_eq!(
            attr(&html, r#"meta[property="og:locale"]"#, "content").as_deref(),
            Some(locale),
            "{rel}"
        );
        for alternate in select(&html, "link[rel=alternate][hreflang]") {
            resolve(alternate.value().attr("href").unwrap());
        }
    }
    assert!(descriptions.len() > 100, "{}", descriptions.len());
    // The front page is the Chinese home.
    let front = parse_html(&built().join("index.html"));
    assert_eq!(
        attr(&front, "link[rel=canonical]", "href").as_deref(),
        Some(&*format!("{BASE}zh/"))
    );
}

#[test]
fn a_document_is_described_by_its_first_sentence_in_the_page_language() {
    let description = |page: &str| {
        let html = parse_html(&built().join(page));
        attr(&html, "meta[name=description]", "content").unwrap()
    };
    // The outcome list opens: 2023年5月18日至19日,中国—中亚峰会在陕西省西安市举办。峰会期间,……
    assert_eq!(
        description("zh/2023-xian/outcome-list/index.html"),
        "2023年5月18日至19日,中国—中亚峰会在陕西省西安市举办。"
    );
    // The keynote speech: the salutation (尊敬的各位同事，……：) is not its first sentence.
    let speech = description("zh/2023-xian/keynote-speech/index.html");
    assert!(!speech.starts_with("尊敬的"), "{speech}");
    // The declaration's first sentence is long: cut, with an ellipsis.
    let zh = description("zh/2023-xian/declaration/index.html");
    assert!(
        zh.starts_with("2023年5月18日至19日，中华人民共和国主席习近平"),
        "{zh}"
    );
    assert!(zh.ends_with('…'), "{zh}");
    let en = description("en/2023-xian/declaration/index.html");
    assert!(
        en.starts_with(
            "On May 18–19, 2023, President of the People's Republic of China Xi Jinping"
        ),
        "{en}"
    );
}

fn xml(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn the_sitemap_lists_every_indexed_page_with_its_alternates() {
    let text = xml(&built().join("sitemap.xml"));
    let doc = roxmltree::Document::parse(&text).expect("sitemap.xml parses");
    let ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
    assert_eq!(doc.root_element().tag_name().namespace(), Some(ns));
    let mut locs = BTreeSet::new();
    for url in doc
        .root_element()
        .children()
        .filter(|n| n.has_tag_name("url"))
    {
        let loc = url
            .children()
            .find(|n| n.has_tag_name("loc"))
            .and_then(|n| n.text())
            .unwrap();
        resolve(loc);
        let alternates: BTreeMap<&str, &str> = url
            .children()
            .filter(|n| n.has_tag_name("link"))
            .map(|n| {
                (
                    n.attribute("hreflang").unwrap(),
                    n.attribute("href").unwrap(),
                )
            })
            .collect();
        assert_eq!(
            alternates.keys().copied().collect::<Vec<_>>(),
            ["en", "x-default", "zh-Hans"],
            "{loc}"
        );
        assert!(alternates.values().any(|a| *a == loc), "{loc}");
        for a in alternates.values() {
            resolve(a);
        }
        assert!(locs.insert(loc.to_string()), "{loc} twice");
    }
    // Every page that asks to be indexed is listed, under its canonical address.
    for (rel, file) in pages() {
        let html = parse_html(&file);
        if select(&html, "meta[name=robots]").is_empty() {
            let canonical = attr(&html, "link[rel=canonical]", "href").unwrap();
            assert!(locs.contains(&canonical), "{rel} missing from the sitemap");
        }
    }
    for page in [
        "zh/",
        "en/",
        "zh/2023-xian/declaration/",
        "en/2023-xian/declaration/parallel/",
        "en/commitments/",
        "zh/search/",
    ] {
        assert!(locs.contains(&format!("{BASE}{page}")), "{page}");
    }
    let robots = xml(&built().join("robots.txt"));
    assert!(robots.contains("User-agent: *\nAllow: /"), "{robots}");
    assert!(
        robots.contains(&format!("Sitemap: {BASE}sitemap.xml")),
        "{robots}"
    );
}

#[test]
fn each_language_has_a_feed_of_its_documents_newest_first() {
    let archive = archive();
    for lang in ["zh", "en"] {
        let text = xml(&built().join(format!("{lang}/feed.xml")));
        let doc = roxmltree::Document::parse(&text).expect("the feed parses");
        let feed = doc.root_element();
        assert_eq!(
            feed.tag_name().namespace(),
            Some("http://www.w3.org/2005/Atom")
        );
        let child = |n: roxmltree::Node<'_, '_>, name: &str| -> String {
            n.children()
                .find(|c| c.has_tag_name(name))
                .and_then(|c| c.text())
                .unwrap_or_else(|| panic!("no <{name}>"))
                .to_string()
        };
        assert!(!child(feed, "title").is_empty());
        let entries: Vec<_> = feed
            .children()
            .filter(|n| n.has_tag_name("entry"))
            .collect();
        assert_eq!(entries.len(), archive.documents.len(), "{lang}");
        let mut dates = Vec::new();
        let mut ids = BTreeSet::new();
        for entry in &entries {
            let id = child(*entry, "id");
            assert!(ids.insert(id.clone()), "{id} twice");
            assert!(!child(*entry, "title").is_empty());
            assert!(!child(*entry, "summary").is_empty());
            let updated = child(*entry, "updated");
            assert_eq!(updated.len(), "2023-05-19T00:00:00Z".len(), "{updated}");
            dates.push(updated);
            let link = entry
                .children()
                .find(|c| c.has_tag_name("link"))
                .and_then(|l| l.attribute("href"))
                .unwrap();
            assert!(link.starts_with(&format!("{BASE}{lang}/")), "{link}");
            resolve(link);
            assert_eq!(id, link);
        }
        let mut sorted = dates.clone();
        sorted.sort_by(|a, b| b.cmp(a));
        assert_eq!(dates, sorted, "{lang}: not newest first");
        // The Astana briefing (2025) is the newest document.
        assert!(child(entries[0], "id").contains("2025-astana/wang-yi-briefing"));
        assert_eq!(child(feed, "updated"), dates[0]);
    }
}

#[test]
fn static_assets_are_named_by_their_content_and_referenced_so() {
    let dir = built().join("static");
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name == "favicon.svg" {
            continue;
        }
        let parts: Vec<&str> = name.split('.').collect();
        assert_eq!(parts.len(), 3, "{name}: not name.hash.ext");
        assert!(
            parts[1].len() == 8 && parts[1].chars().all(|c| c.is_ascii_hexdigit()),
            "{name}"
        );
        let plain = format!("{}.{}", parts[0], parts[2]);
        assert_eq!(
            std::fs::read(dir.join(&name)).unwrap(),
            std::fs::read(repo().join("static").join(&plain)).unwrap(),
            "{name} is not static/{plain}"
        );
        names.insert(plain, name);
    }
    assert_eq!(
        names.keys().map(String::as_str).collect::<Vec<_>>(),
        ["search.js", "site.js", "style.css"]
    );
    // The favicon keeps its name; the unhashed names are not written.
    assert!(dir.join("favicon.svg").is_file());
    for plain in names.keys() {
        assert!(!dir.join(plain).exists(), "static/{plain} written");
    }
    for (rel, file) in pages() {
        let html = parse_html(&file);
        let refs: Vec<String> = select(&html, "link[href], script[src]")
            .iter()
            .filter_map(|e| e.value().attr("href").or(e.value().attr("src")))
            .map(str::to_string)
            .collect();
        for (plain, hashed) in &names {
            assert!(
                refs.iter()
                    .any(|r| r.ends_with(&format!("static/{hashed}"))),
                "{rel} does not load static/{hashed}"
            );
            assert!(
                !refs.iter().any(|r| r.ends_with(&format!("static/{plain}"))),
                "{rel} loads static/{plain} by its plain name"
            );
        }
        assert!(
            refs.iter().any(|r| r.ends_with("static/favicon.svg")),
            "{rel}"
        );
    }
}
