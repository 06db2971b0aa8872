//! Search in a real browser (headless Chromium): the query set of tests/reference/queries.yaml
//! finds its units among the first five results; typing in the header box shows results, the
//! keyboard follows one and lands on the unit; the site works from disk and from a server under
//! a sub-path; `?q=` gives the results typing gives; hostile and odd queries are handled; no
//! page logs an error.

mod common;

use common::chrome::*;
use common::*;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

#[derive(Deserialize)]
struct QuerySet {
    queries: Vec<Query>,
}

#[derive(Deserialize)]
struct Query {
    q: String,
    page: String,
    category: String,
    expect: Vec<String>,
}

fn query_set() -> QuerySet {
    let text = std::fs::read_to_string(repo().join("tests/reference/queries.yaml")).unwrap();
    serde_yaml::from_str(&text).unwrap()
}

/// Waits until the element `results` (a CSS selector) holds result links or says nothing was
/// found, then gives the unit addresses of its links in order, each once. The links are in rank
/// order (each link's `data-rank` is its place; grouping by document never reorders them).
fn results(tab: &Tab, results: &str) -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(10);
    let script = format!(
        "(function () {{
            var box = document.querySelector({results:?});
            if (!box) {{ return null; }}
            var links = box.querySelectorAll('a.result-link');
            if (!links.length && !box.querySelector('.no-results')) {{ return null; }}
            var hrefs = Array.prototype.map.call(links, function (a, i) {{
                return a.getAttribute('data-rank') === String(i + 1) ? a.href : 'out of rank order: ' + a.href;
            }});
            return JSON.stringify(hrefs);
        }})()"
    );
    loop {
        let value = tab.evaluate(&script, false).unwrap().value;
        if let Some(serde_json::Value::String(json)) = value {
            let hrefs: Vec<String> = serde_json::from_str(&json).unwrap();
            assert!(
                hrefs.iter().all(|h| !h.starts_with("out of rank order")),
                "{hrefs:#?}"
            );
            let mut units: Vec<String> = Vec::new();
            for href in hrefs {
                let unit = address(&href);
                if !units.contains(&unit) {
                    units.push(unit);
                }
            }
            return units;
        }
        assert!(
            Instant::now() < deadline,
            "no results appeared in {results}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// `…/<lang>/<summit>/<document>/index.html#<unit>` as `<summit>/<document>#<unit>`.
fn address(href: &str) -> String {
    let (page, unit) = href.split_once('#').unwrap_or((href, ""));
    let parts: Vec<&str> = page
        .trim_end_matches("index.html")
        .trim_end_matches('/')
        .rsplit('/')
        .collect();
    format!("{}/{}#{unit}", parts[1], parts[0])
}

fn search_url(base: &str, page: &str, query: &str) -> String {
    let encoded: String = query
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!("{base}/{page}/search/index.html?q={encoded}")
}

fn no_errors(tab: &Tab<'_>, errors: &PageErrors) {
    let errors = errors.take(tab);
    assert!(errors.is_empty(), "the pages logged errors: {errors:#?}");
}

#[test]
fn the_query_set_finds_its_units_among_the_first_five() {
    let set = query_set();
    let chinese = set
        .queries
        .iter()
        .filter(|q| {
            q.q.chars().any(|c| {
                ('\u{4E00}'..='\u{9FFF}').contains(&c) || ('\u{3400}'..='\u{4DBF}').contains(&c)
            })
        })
        .count();
    assert!(set.queries.len() >= 40, "{} queries", set.queries.len());
    assert!(
        chinese * 3 >= set.queries.len() * 2 - 3,
        "{chinese} Chinese queries of {}",
        set.queries.len()
    );

    let browser = browser(1200, 900);
    let tab = browser.new_tab().unwrap();
    tab.set_default_timeout(Duration::from_secs(20));
    let errors = page_errors(&tab);
    let base = file_url(built());
    let (mut found, mut expected) = (0, 0);
    let mut by_category: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut misses = Vec::new();
    for q in &set.queries {
        tab.navigate_to(&search_url(&base, &q.page, &q.q))
            .unwrap()
            .wait_until_navigated()
            .unwrap();
        let top: Vec<String> = results(&tab, "#search-results")
            .into_iter()
            .take(5)
            .collect();
        let entry = by_category.entry(&q.category).or_default();
        for unit in &q.expect {
            expected += 1;
            entry.1 += 1;
            if top.contains(unit) {
                found += 1;
                entry.0 += 1;
            } else {
                misses.push(format!("{} ({}): {unit} not in {top:?}", q.q, q.page));
            }
        }
    }
    let recall = found as f64 / expected as f64;
    println!(
        "search recall@5: {recall:.3} ({found}/{expected} expected units, {} queries)",
        set.queries.len()
    );
    for (category, (f, e)) in &by_category {
        println!("  {category:<14} {f}/{e}");
    }
    println!("misses: {misses:#?}");
    no_errors(&tab, &errors);
    assert!(recall >= 0.95, "recall@5 {recall:.3}");
}

#[test]
fn typing_in_the_header_shows_results_and_the_keyboard_follows_one_to_its_unit() {
    let browser = browser(1200, 900);
    let tab = browser.new_tab().unwrap();
    tab.set_default_timeout(Duration::from_secs(20));
    let errors = page_errors(&tab);
    tab.navigate_to(&file_url(&built().join("zh/index.html")))
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    // `/` reaches the box from anywhere on the page.
    tab.press_key("/").unwrap();
    let focused = tab
        .evaluate("document.activeElement && document.activeElement.id", false)
        .unwrap()
        .value;
    assert_eq!(focused, Some(serde_json::json!("site-search")));
    tab.type_str("中吉乌铁路").unwrap();
    // Results follow the typing: wait for those of the whole word.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let shown = results(&tab, "#site-search-results");
        if shown
            .iter()
            .any(|u| u == "2023-xian/outcome-list#sec_1__item_21")
        {
            assert!(shown.len() <= 5 * 4, "{shown:?}");
            break;
        }
        assert!(Instant::now() < deadline, "{shown:?}");
        std::thread::sleep(Duration::from_millis(100));
    }
    tab.press_key("ArrowDown").unwrap();
    let first = tab
        .evaluate("document.activeElement.href", false)
        .unwrap()
        .value
        .unwrap();
    let first = first.as_str().unwrap().to_string();
    tab.press_key("Enter").unwrap();
    let url = wait_for_url(&tab, 20, |u| u.contains("/zh/20") && u.contains('#'));
    assert_eq!(url, first);
    let id = url.rsplit('#').next().unwrap();
    let present = tab
        .evaluate(&format!("!!document.getElementById({id:?})"), false)
        .unwrap()
        .value;
    assert_eq!(present, Some(serde_json::json!(true)), "{url}");
    no_errors(&tab, &errors);
}

#[test]
fn under_a_sub_path_of_a_server_the_address_gives_what_typing_gives() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("archives/summits");
    copy_dir(built(), &site);
    let server = serve(dir.path());
    let base = format!("http://127.0.0.1:{}/archives/summits", server.port);
    let browser = browser(1200, 900);
    let tab = browser.new_tab().unwrap();
    tab.set_default_timeout(Duration::from_secs(20));
    let errors = page_errors(&tab);
    for (page, query) in [("en", "visas"), ("zh", "托卡耶夫"), ("en", "Tokayev")] {
        tab.navigate_to(&format!("{base}/{page}/search/index.html"))
            .unwrap()
            .wait_until_navigated()
            .unwrap();
        tab.wait_for_element("#search-input")
            .unwrap()
            .click()
            .unwrap();
        tab.type_str(query).unwrap();
        // The address holds the query once its results are shown; opening it anew shows the
        // same results.
        let wanted = search_url("", page, query);
        let wanted = wanted.rsplit('?').next().unwrap().to_string();
        let address = wait_for_url(&tab, 10, |u| u.ends_with(&format!("?{wanted}")));
        let typed = results(&tab, "#search-results");
        assert!(!typed.is_empty(), "{query}: nothing found");
        tab.navigate_to(&address)
            .unwrap()
            .wait_until_navigated()
            .unwrap();
        assert_eq!(results(&tab, "#search-results"), typed, "{address}");
        let value = tab
            .evaluate("document.getElementById('search-input').value", false)
            .unwrap()
            .value;
        assert_eq!(value, Some(serde_json::json!(query)));
        let hrefs = tab
            .evaluate(
                "Array.prototype.every.call(document.querySelectorAll('#search-results a.result-link'), function (a) { return a.href.indexOf(location.origin + '/archives/summits/') === 0; })",
                false,
            )
            .unwrap()
            .value;
        assert_eq!(
            hrefs,
            Some(serde_json::json!(true)),
            "{query}: a link leaves the sub-path"
        );
    }
    // Across languages through the glossary: 托卡耶夫 typed on the English page finds the
    // English passages that name Tokayev, shown in English.
    let top = |page: &str, q: &str| -> Vec<String> {
        tab.navigate_to(&search_url(&base, page, q))
            .unwrap()
            .wait_until_navigated()
            .unwrap();
        results(&tab, "#search-results")
            .into_iter()
            .take(5)
            .collect()
    };
    let english = top("en", "Tokayev");
    let chinese = top("en", "托卡耶夫");
    let shared = chinese.iter().filter(|u| english.contains(u)).count();
    assert!(shared >= 3, "{english:?} / {chinese:?}");
    no_errors(&tab, &errors);
}

#[test]
fn odd_and_hostile_queries_are_handled_and_markup_in_a_query_stays_text() {
    let browser = browser(1200, 900);
    let tab = browser.new_tab().unwrap();
    tab.set_default_timeout(Duration::from_secs(20));
    let errors = page_errors(&tab);
    let base = file_url(built());
    let open = |page: &str, q: &str| {
        tab.navigate_to(&search_url(&base, page, q))
            .unwrap()
            .wait_until_navigated()
            .unwrap();
    };
    let count = |css: &str| -> u64 {
        tab.evaluate(&format!("document.querySelectorAll({css:?}).length"), false)
            .unwrap()
            .value
            .and_then(|v| v.as_u64())
            .unwrap()
    };
    // Nothing typed, or only punctuation: no results and no "no results" either.
    for q in ["", "   ", "，。！？“”"] {
        open("zh", q);
        std::thread::sleep(Duration::from_millis(400));
        assert_eq!(
            count("#search-results a.result-link, #search-results .no-results"),
            0,
            "{q:?}"
        );
    }
    // One character finds the units that hold it.
    open("zh", "铁");
    assert!(!results(&tab, "#search-results").is_empty());
    // Leading and trailing punctuation are ignored.
    open("zh", "“签证”。");
    let quoted = results(&tab, "#search-results");
    open("zh", "签证");
    assert_eq!(quoted, results(&tab, "#search-results"));
    // A paste of 500 characters from a unit finds that unit first.
    let declaration = document_json("declaration");
    let unit = declaration["units"]
        .as_array()
        .unwrap()
        .iter()
        .max_by_key(|u| u["zh"].as_str().unwrap().chars().count())
        .unwrap();
    let text: String = unit["zh"].as_str().unwrap().chars().take(500).collect();
    open("zh", &text);
    let pasted = results(&tab, "#search-results");
    assert_eq!(
        pasted.first().map(String::as_str),
        Some(format!("2023-xian/declaration#{}", unit["id"].as_str().unwrap()).as_str())
    );
    // Markup in a query is shown as text and never run.
    let hostile = "<img src=x onerror=\"window.__ran=1\"><script>window.__ran=2</script>签证";
    open("en", hostile);
    results(&tab, "#search-results");
    assert_eq!(
        count("#search-results img, #search-results script, main img"),
        0
    );
    let ran = tab
        .evaluate("window.__ran === undefined", false)
        .unwrap()
        .value;
    assert_eq!(ran, Some(serde_json::json!(true)));
    let value = tab
        .evaluate("document.getElementById('search-input').value", false)
        .unwrap()
        .value;
    assert_eq!(value, Some(serde_json::json!(hostile)));
    // A word nobody wrote: a clear "no results" with names from the glossary to try.
    open("en", "railwy");
    assert!(results(&tab, "#search-results").is_empty());
    assert_eq!(count("#search-results .no-results"), 1);
    assert!(count("#search-results .no-results a") >= 1);
    no_errors(&tab, &errors);
}
