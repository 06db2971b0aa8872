//! Every kind of page in headless Chromium, as a reader on a 360 px phone and on a 1280 px
//! screen finds it: no script error, nothing that scrolls sideways, no serious or critical
//! accessibility violation (axe-core, run in the page), every control reached with the Tab key
//! alone. A screenshot of each page at each width is written to `target/screenshots/`, for a
//! person to look at. An entity's page that goes on over several pages is tried too, from the
//! bundled site built with a small `paginate_by`. The reading tools are tried as a reader uses
//! them: the table of contents jumps to its clause, and the language and view switches keep the
//! unit in view.

mod common;

use common::chrome::*;
use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The pages to try, each `(name, address under the site root)`: the home page, a document in
/// each language, the parallel view, the tracker, a commitment with follow-ups, a named entity's page, the search
/// page with a query, and the page for an address that names nothing.
fn pages() -> Vec<(String, String)> {
    let commitments: Vec<Value> = serde_json::from_slice(
        &std::fs::read(built().join("data/commitments.json")).expect("commitments.json"),
    )
    .expect("commitments.json parses");
    let followed = commitments
        .iter()
        .find(|c| c["followups"].as_array().is_some_and(|f| !f.is_empty()))
        .expect("a commitment with a follow-up");
    let id = followed["id"].as_str().expect("an id");
    [
        ("home", "zh/index.html".to_string()),
        (
            "document-zh",
            "zh/2023-xian/declaration/index.html".to_string(),
        ),
        (
            "document-en",
            "en/2023-xian/declaration/index.html".to_string(),
        ),
        (
            "parallel",
            "en/2023-xian/outcome-list/parallel/index.html".to_string(),
        ),
        (
            "document-short",
            "en/2023-xian/press-remarks-continued/index.html".to_string(),
        ),
        ("tracker", "en/commitments/index.html".to_string()),
        ("subject", "en/entities/central-asia/index.html".to_string()),
        ("commitment", format!("zh/commitments/{id}/index.html")),
        (
            "search",
            "zh/search/index.html?q=%E4%B8%AD%E5%90%89%E4%B9%8C%E9%93%81%E8%B7%AF".to_string(),
        ),
        ("not-found", "404.html".to_string()),
    ]
    .into_iter()
    .map(|(name, path)| (name.to_string(), path))
    .collect()
}

fn screenshots() -> PathBuf {
    let dir = repo().join("target/screenshots");
    std::fs::create_dir_all(&dir).expect("the screenshot folder");
    dir
}

/// axe-core's script, installed from the npm registry with the versions pinned in
/// `tests/axe/` into `target/axe` when missing. The tests of this file share one reading;
/// the install goes to a folder of its own and is renamed into place whole, so a test in
/// another process never reads a half-written script.
fn axe_script() -> String {
    static SCRIPT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    SCRIPT.get_or_init(install_axe).clone()
}

fn install_axe() -> String {
    let dir = repo().join("target/axe");
    let script = |dir: &Path| dir.join("node_modules/axe-core/axe.min.js");
    if !script(&dir).exists() {
        let fresh = repo().join(format!("target/axe-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&fresh);
        std::fs::create_dir_all(&fresh).expect("target/axe-<pid>");
        for file in ["package.json", "package-lock.json"] {
            std::fs::copy(repo().join("tests/axe").join(file), fresh.join(file)).expect(file);
        }
        let status = std::process::Command::new("npm")
            .args(["ci", "--ignore-scripts", "--no-audit", "--no-fund"])
            .current_dir(&fresh)
            .status();
        assert!(
            status.is_ok_and(|s| s.success()) && script(&fresh).exists(),
            "the accessibility test needs axe-core: `npm ci` in {} failed",
            fresh.display()
        );
        if std::fs::rename(&fresh, &dir).is_err() {
            if script(&dir).exists() {
                // Another process put its install in place first: that one is whole too.
                let _ = std::fs::remove_dir_all(&fresh);
            } else {
                // What is there is a broken install of an older run.
                let _ = std::fs::remove_dir_all(&dir);
                std::fs::rename(&fresh, &dir).expect("target/axe");
            }
        }
    }
    std::fs::read_to_string(script(&dir)).expect("axe.min.js")
}

fn evaluate(tab: &Tab, js: &str, promise: bool) -> Value {
    tab.evaluate(js, promise)
        .unwrap_or_else(|e| panic!("{js}: {e}"))
        .value
        .unwrap_or(Value::Null)
}

/// Waits until `js` gives true in the page.
fn wait_until(tab: &Tab, js: &str) {
    let deadline = Instant::now() + Duration::from_secs(15);
    while evaluate(tab, js, false) != Value::Bool(true) {
        assert!(Instant::now() < deadline, "never true: {js}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The built page at `page` (under the site root) in a new tab of `browser`, loaded whole.
fn open_built<'b>(browser: &'b Browser, page: &str) -> Tab<'b> {
    let tab = open(browser, &file_url(&built().join(page)));
    wait_until(&tab, "document.readyState === 'complete'");
    tab
}

fn visit(tab: &Tab, url: &str) {
    tab.navigate_to(url)
        .expect("navigates")
        .wait_until_navigated()
        .expect("loads");
    wait_until(tab, "document.readyState === 'complete'");
    if url.contains("search/index.html?q=") {
        wait_until(
            tab,
            "document.querySelectorAll('#search-results a').length > 0",
        );
    }
}

/// The violations axe-core finds at the serious and critical levels, each with the places.
fn serious_violations(tab: &Tab, axe: &str) -> Vec<String> {
    tab.run_script(axe).expect("axe-core loads");
    let found = evaluate(
        tab,
        "axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', \
         'wcag21aa', 'wcag22aa', 'best-practice'] } }).then(function (r) { return \
         JSON.stringify(r.violations.filter(function (v) { return v.impact === 'serious' || \
         v.impact === 'critical'; }).map(function (v) { return v.id + ' (' + v.impact + '): ' + \
         v.help + ' at ' + v.nodes.slice(0, 5).map(function (n) { return n.target.join(' '); \
         }).join(', ') + (v.nodes.length > 5 ? ' and ' + (v.nodes.length - 5) + ' more' : ''); \
         })); })",
        true,
    );
    serde_json::from_str(found.as_str().expect("axe's answer")).expect("a list")
}

/// How far the page scrolls sideways, in CSS pixels (0 when it fits the screen).
fn sideways(tab: &Tab) -> i64 {
    evaluate(
        tab,
        "document.documentElement.scrollWidth - document.documentElement.clientWidth",
        false,
    )
    .as_i64()
    .expect("a number")
}

/// The visible controls that do not take the keyboard's focus in the Tab order (a negative
/// tab index, or focus refused), found by focusing each in the page.
fn unfocusable(tab: &Tab) -> Vec<String> {
    let found = evaluate(
        tab,
        r"JSON.stringify(Array.prototype.filter.call(
            document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]'),
            function (e) {
                if (e.disabled || !e.checkVisibility({ visibilityProperty: true })) { return false; }
                e.focus();
                return e.tabIndex < 0 || document.activeElement !== e;
            }).map(function (e) { return e.outerHTML.slice(0, 120); }))",
        false,
    );
    serde_json::from_str(found.as_str().expect("a list")).expect("a list")
}

/// The most controls a page may have for the Tab key to be pressed round all of them (each
/// press is a round trip to the browser); on longer pages every control is checked by
/// [`unfocusable`], and the walk is made on a page of the same kind that is shorter.
const TAB_WALK_MOST: u64 = 120;

/// Presses Tab until the focus has been round the page, and gives the visible controls it
/// never reached.
fn unreached_by_tab(tab: &Tab) -> Vec<String> {
    let count = evaluate(
        tab,
        "(function () { var all = document.querySelectorAll('a[href], button, input, select, \
         textarea, summary, [tabindex]'); var n = 0; for (var i = 0; i < all.length; i++) { var \
         e = all[i]; if (e.tabIndex < 0 || e.disabled || !e.checkVisibility({ \
         visibilityProperty: true })) { continue; } e.setAttribute('data-kbd', \
         String(n++)); } window.__reached = {}; document.addEventListener('focusin', function \
         (ev) { var k = ev.target.getAttribute && ev.target.getAttribute('data-kbd'); if (k) { \
         window.__reached[k] = true; } }); document.activeElement && \
         document.activeElement.blur(); window.scrollTo(0, 0); return n; })()",
        false,
    )
    .as_u64()
    .expect("a count");
    if count > TAB_WALK_MOST {
        return Vec::new();
    }
    for _ in 0..count + 3 {
        tab.press_key("Tab").expect("Tab");
    }
    let missing = evaluate(
        tab,
        "JSON.stringify(Array.prototype.filter.call(document.querySelectorAll('[data-kbd]'), \
         function (e) { return !window.__reached[e.getAttribute('data-kbd')]; }).map(function \
         (e) { return e.outerHTML.slice(0, 120); }))",
        false,
    );
    serde_json::from_str(missing.as_str().expect("a list")).expect("a list")
}

#[test]
fn every_kind_of_page_reads_well_on_a_phone() {
    check_every_kind_of_page(360);
}

#[test]
fn every_kind_of_page_reads_well_on_a_wide_screen() {
    check_every_kind_of_page(1280);
}

/// The bundled site built with `paginate_by: 40`, so that its largest subjects and the tracker
/// go on over several pages.
fn paged() -> &'static Path {
    static OUT: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    OUT.get_or_init(|| {
        let site = bundled_copy_paginated_by(40);
        summit_archive::build_site(site.path(), &site.path().join("public")).expect("builds");
        site
    })
    .path()
}

/// Each page at one width: what a test of it asserts is said in this file's header.
fn check_every_kind_of_page(width: u32) {
    let paged_out = paged().join("public");
    let sites = [
        (built(), pages()),
        (
            paged_out.as_path(),
            vec![
                (
                    "subject-paged".to_string(),
                    "zh/entities/central-asia/page/2/index.html".to_string(),
                ),
                (
                    "tracker-paged".to_string(),
                    "en/commitments/page/2/index.html".to_string(),
                ),
            ],
        ),
    ];
    let axe = axe_script();
    let shots = screenshots();
    let mut problems = Vec::new();
    for (root, pages) in sites {
        let server = serve(root);
        let origin = format!("http://127.0.0.1:{}", server.port);
        let browser = browser(width, 900);
        for (name, path) in pages {
            let tab = browser.new_tab().expect("a tab");
            tab.set_default_timeout(Duration::from_secs(20));
            let errors = page_errors(&tab);
            visit(&tab, &format!("{origin}/{path}"));
            let png = tab.screenshot().expect("a screenshot");
            std::fs::write(shots.join(format!("{name}-{width}.png")), png).expect("written");
            let wide = sideways(&tab);
            if wide > 0 {
                problems.push(format!(
                    "{name} at {width} px scrolls sideways by {wide} px"
                ));
            }
            for v in serious_violations(&tab, &axe) {
                problems.push(format!("{name} at {width} px: {v}"));
            }
            for control in unfocusable(&tab) {
                problems.push(format!(
                    "{name} at {width} px: no keyboard focus on {control}"
                ));
            }
            if width == 1280 {
                for control in unreached_by_tab(&tab) {
                    problems.push(format!("{name}: Tab never reaches {control}"));
                }
            }
            for e in errors.take(&tab) {
                problems.push(format!("{name} at {width} px logs {e}"));
            }
        }
    }
    println!("screenshots in {}", shots.display());
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn the_table_of_contents_on_a_phone_jumps_to_its_clause_and_folds_away() {
    let browser = browser(360, 740);
    let tab = open_built(&browser, "en/2023-xian/declaration/index.html");
    // Folded at first on a phone; the summary opens it, with the keyboard.
    assert_eq!(
        evaluate(&tab, "document.querySelector('details.toc').open", false),
        Value::Bool(false)
    );
    tab.wait_for_element("details.toc summary")
        .unwrap()
        .focus()
        .unwrap();
    tab.press_key("Enter").unwrap();
    wait_until(&tab, "document.querySelector('details.toc').open");
    // Clause 7 is the seventh entry, named as a reader says it.
    let entry = tab
        .wait_for_element("details.toc li:nth-child(7) a")
        .unwrap();
    assert_eq!(
        entry.get_attribute_value("href").unwrap().as_deref(),
        Some("#cl_7")
    );
    assert!(entry.get_inner_text().unwrap().starts_with("Clause 7"));
    entry.focus().unwrap();
    tab.press_key("Enter").unwrap();
    wait_until(&tab, "location.hash === '#cl_7'");
    // The clause is at the top of the screen, below the bar that stays there, and the
    // contents have folded away so as not to cover it.
    wait_until(&tab, "!document.querySelector('details.toc').open");
    let top = evaluate(
        &tab,
        "document.getElementById('cl_7').getBoundingClientRect().top - \
         document.querySelector('.doc-side').getBoundingClientRect().bottom",
        false,
    )
    .as_f64()
    .unwrap();
    assert!(
        (0.0..80.0).contains(&top),
        "clause 7 is {top} px below the bar"
    );
}

#[test]
fn on_a_phone_a_tracker_row_labels_only_the_fields_it_has() {
    let browser = browser(360, 740);
    let tab = open_built(&browser, "zh/commitments/index.html");
    // [cells with nothing in them, those of them still shown, cells with text hidden]
    let counts = evaluate(
        &tab,
        "(() => { const cells = [...document.querySelectorAll('.tracker-table td:not(:first-child)')]; \
         const empty = cells.filter(td => td.textContent.trim() === ''); \
         const full = cells.filter(td => td.textContent.trim() !== ''); \
         const shown = td => getComputedStyle(td).display !== 'none'; \
         return [empty.length, empty.filter(shown).length, full.filter(td => !shown(td)).length]; })()",
        false,
    );
    let counts: Vec<u64> = counts
        .as_array()
        .expect("three counts")
        .iter()
        .map(|n| n.as_u64().expect("a count"))
        .collect();
    // Some commitments fall under no topic (继哈萨克斯坦、乌兹别克斯坦、土库曼斯坦三国后…,
    // in Qin Gang's interview): their topic cell is empty.
    assert!(counts[0] > 0, "no empty cell to try: {counts:?}");
    assert_eq!(
        counts[1], 0,
        "an empty cell still shows its label: {counts:?}"
    );
    assert_eq!(counts[2], 0, "a cell with text is hidden: {counts:?}");
}

#[test]
fn the_switches_keep_the_unit_in_view_without_an_address_fragment() {
    let browser = browser(1280, 900);
    let tab = open_built(&browser, "en/2023-xian/declaration/index.html");
    // The reader scrolls (no # in the address) until clause 7, para. 2 starts the screen.
    evaluate(
        &tab,
        "window.scrollTo(0, document.getElementById('cl_7__para_2').getBoundingClientRect().top \
         + window.scrollY - 4)",
        false,
    );
    assert_eq!(evaluate(&tab, "location.hash", false), Value::from(""));
    // …and switches to the Chinese: the same unit, at the top.
    tab.wait_for_element(".doc-side .views a[hreflang='zh-Hans']")
        .unwrap()
        .click()
        .unwrap();
    let url = wait_for_url(&tab, 10, |u| u.contains("/zh/"));
    assert!(
        url.ends_with("zh/2023-xian/declaration/index.html#cl_7__para_2"),
        "{url}"
    );
    // From the Chinese page, scrolled to item 21's neighbourhood of another document, the
    // parallel view keeps the place as well.
    let tab = open_built(&browser, "zh/2023-xian/outcome-list/index.html");
    evaluate(
        &tab,
        "window.scrollTo(0, document.getElementById('sec_1__item_21').getBoundingClientRect().top \
         + window.scrollY - 4)",
        false,
    );
    tab.wait_for_element(".doc-side .views a:last-child")
        .unwrap()
        .click()
        .unwrap();
    let url = wait_for_url(&tab, 10, |u| u.contains("parallel"));
    assert!(
        url.ends_with("zh/2023-xian/outcome-list/parallel/index.html#sec_1__item_21"),
        "{url}"
    );
}

#[test]
fn without_script_the_switches_are_plain_links_to_the_same_document() {
    let page = parse_html(&built().join("en/2023-xian/declaration/index.html"));
    let links: Vec<(String, String)> = select(&page, ".doc-side .views a")
        .iter()
        .map(|a| {
            (
                a.value().attr("href").unwrap_or_default().to_string(),
                a.text().collect::<String>(),
            )
        })
        .collect();
    assert_eq!(
        links,
        [
            (
                "../../../zh/2023-xian/declaration/index.html".to_string(),
                "中文".to_string()
            ),
            (
                "../../../en/2023-xian/declaration/index.html".to_string(),
                "English".to_string()
            ),
            (
                "../../../en/2023-xian/declaration/parallel/index.html".to_string(),
                "Side by side".to_string()
            ),
        ]
    );
    // The table of contents lists the eleven clauses the source prints (the last one cut
    // short), each linking to its container on the page.
    let entries = select(&page, "details.toc li a");
    assert_eq!(entries.len(), 11);
    for (n, entry) in entries.iter().enumerate() {
        let id = format!("cl_{}", n + 1);
        assert_eq!(entry.value().attr("href"), Some(format!("#{id}").as_str()));
        assert_eq!(select(&page, &format!("section#{id}")).len(), 1);
    }
    // The interview's contents are its questions.
    let interview = parse_html(&built().join("zh/2023-xian/qin-gang-interview/index.html"));
    let questions: Vec<String> = select(&interview, "details.toc li a")
        .iter()
        .map(|a| a.value().attr("href").unwrap_or_default().to_string())
        .collect();
    assert_eq!(questions, ["#q_1", "#q_2", "#q_3"]);
}

#[test]
fn the_title_block_names_the_outlet_and_how_complete_the_text_is() {
    // The Qin Gang interview is datelined 新华社西安5月19日电: Xinhua published it.
    let zh = parse_html(&built().join("zh/2023-xian/qin-gang-interview/index.html"));
    let facts: Vec<String> = select(&zh, ".doc-head .meta dd")
        .iter()
        .map(text_of)
        .collect();
    assert!(facts.contains(&"新华社".to_string()), "{facts:?}");
    assert!(facts.contains(&"完整文本".to_string()), "{facts:?}");
    let en = parse_html(&built().join("en/2023-xian/declaration/index.html"));
    let facts: Vec<String> = select(&en, ".doc-head .meta dd")
        .iter()
        .map(|d| d.text().collect::<String>())
        .collect();
    assert!(
        facts
            .iter()
            .any(|f| f.starts_with("Incomplete: the source text stops")),
        "{facts:?}"
    );
}

#[test]
fn a_text_whose_outlet_and_original_address_are_known_links_to_it() {
    let site = one_document_site(&document(
        "article",
        "outlet: 新华网\nsource_url: \"https://www.news.example/2023-05/19/c_1.htm?page=2\"\n",
        "西安5月19日电 正文。\n",
    ));
    let output = run(site.path(), &["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let page = parse_html(&site.path().join("public/zh/2023-xian/doc/index.html"));
    let facts: Vec<String> = select(&page, ".doc-head .meta dd")
        .iter()
        .map(|d| d.text().collect::<String>())
        .collect();
    // The outlet as the front matter names it (the dateline names none), then the link.
    assert!(
        facts.contains(&"新华网、原始发布地址".to_string()),
        "{facts:?}"
    );
    let original = select(&page, ".doc-head .meta a.original");
    assert_eq!(original.len(), 1);
    assert_eq!(
        original[0].value().attr("href"),
        Some("https://www.news.example/2023-05/19/c_1.htm?page=2")
    );
    assert_eq!(
        original[0].value().attr("rel"),
        Some("external noopener noreferrer")
    );
}
