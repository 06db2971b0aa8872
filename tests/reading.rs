//! Reading a document as a reference work, in headless Chromium: every unit is named as a reader
//! says it (第七条第1段, Clause 7, para. 1) with its machine id only in the address; the cite
//! control, reached and pressed with the keyboard, puts a ready citation ending with the unit's
//! full address on the clipboard and says so; without script the citation is in the page; a
//! clause opened by its address (#cl_7) is marked as a whole.

mod common;

use common::chrome::*;
use common::*;
use std::time::{Duration, Instant};

/// The text of an element as printed.
fn plain_text(el: &scraper::ElementRef<'_>) -> String {
    el.text().collect()
}

#[test]
fn units_are_named_as_printed_and_the_citation_is_in_the_page() {
    let zh = parse_html(&built().join("zh/2023-xian/declaration/index.html"));
    let link = select(&zh, "#cl_7__para_1 a.pl");
    assert_eq!(text_of(&link[0]), "第七条第1段");
    assert_eq!(link[0].value().attr("href"), Some("#cl_7__para_1"));
    let cite = select(&zh, "#cl_7__para_1 button.cite");
    // The citation as the page holds it, for a reader without script: title as printed, summit,
    // date, place, and the permanent address of the unit, relative to the site.
    assert_eq!(
        cite[0].value().attr("data-cite"),
        Some(
            "《中国-中亚峰会西安宣言》，首届中国—中亚峰会，2023年5月19日，第七条第1段。zh/2023-xian/declaration/#cl_7__para_1"
        )
    );
    let en = parse_html(&built().join("en/2023-xian/outcome-list/index.html"));
    assert_eq!(
        plain_text(&select(&en, "#sec_1__item_21 a.pl")[0]),
        "Section 1, item 21"
    );
    let speech = parse_html(&built().join("en/2023-xian/qin-gang-interview/index.html"));
    assert_eq!(
        plain_text(&select(&speech, "#a_1__para_8 a.pl")[0]),
        "Answer 1, para. 8"
    );
}

#[test]
fn the_keyboard_copies_a_units_citation_with_its_full_address() {
    let server = serve(built());
    let origin = format!("http://127.0.0.1:{}", server.port);
    let browser = browser(1280, 900);
    let tab = browser.new_tab().unwrap();
    tab.set_default_timeout(Duration::from_secs(20));
    tab.grant_clipboard(&origin).unwrap();
    let errors = page_errors(&tab);
    tab.navigate_to(&format!("{origin}/en/2023-xian/declaration/index.html"))
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    // Focus moves to the control (as Tab would) and Enter presses it: no mouse.
    tab.wait_for_element("#cl_7__para_1 button.cite")
        .unwrap()
        .focus()
        .unwrap();
    tab.press_key("Enter").unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    let toast = loop {
        let shown = tab
            .evaluate(
                "(function () { var t = document.querySelector('.toast'); return t.classList.contains('shown') ? t.textContent : ''; })()",
                false,
            )
            .unwrap()
            .value
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        if !shown.is_empty() {
            break shown;
        }
        assert!(Instant::now() < deadline, "no confirmation appeared");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(toast, "Citation copied to the clipboard");
    let copied = tab
        .evaluate("navigator.clipboard.readText()", true)
        .unwrap()
        .value
        .unwrap();
    assert_eq!(
        copied.as_str().unwrap(),
        format!(
            "“Xi'an Declaration of the China–Central Asia Summit,” First China–Central Asia Summit, May 19, 2023, Clause 7, para. 1. {origin}/en/2023-xian/declaration/#cl_7__para_1"
        )
    );
    // The link control copies the address alone.
    tab.wait_for_element("#cl_7__para_1 button.copy:not(.cite)")
        .unwrap()
        .focus()
        .unwrap();
    tab.press_key("Enter").unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let copied = tab
            .evaluate("navigator.clipboard.readText()", true)
            .unwrap()
            .value
            .unwrap();
        if copied.as_str() == Some(&format!("{origin}/en/2023-xian/declaration/#cl_7__para_1")) {
            break;
        }
        assert!(Instant::now() < deadline, "{copied:?}");
        std::thread::sleep(Duration::from_millis(50));
    }
    let errors = errors.take(&tab);
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn the_controls_every_unit_shares_are_in_the_page_once_and_made_by_its_script() {
    let page = built().join("en/2023-xian/declaration/index.html");
    let html = parse_html(&page);
    // Without script each unit carries only what is its own: the link to itself, its
    // citation and the same unit in the other language.
    let units = select(&html, ".unit[id]");
    assert!(units.len() > 40, "{}", units.len());
    assert!(select(&html, "button.copy:not(.cite)").is_empty());
    assert!(select(&html, ".unit-links a[href*='/parallel/']").is_empty());
    assert!(select(&html, ".unit-links [title]").is_empty());
    assert_eq!(select(&html, ".unit-links").len(), units.len());
    // The shared parts are said once, on the article.
    let article = &select(&html, "article[data-address]")[0];
    assert_eq!(
        article.value().attr("data-address"),
        Some("en/2023-xian/declaration/")
    );
    assert_eq!(article.value().attr("data-copy-label"), Some("Copy link"));
    // With script every unit has them all, the parallel link pointing at the same unit.
    let browser = browser(1280, 900);
    let tab = open(&browser, &file_url(&page));
    let errors = page_errors(&tab);
    let shown = tab
        .evaluate(
            "JSON.stringify(Array.prototype.map.call(document.querySelectorAll('.unit[id]'), function (u) { var links = u.querySelectorAll('.unit-links a.ul'); return [u.id, u.querySelectorAll('.unit-links button.copy:not(.cite)').length, links.length, links.length > 1 ? links[1].getAttribute('href') : '', links.length > 1 ? links[1].title : '', u.querySelector('a.pl').title]; }))",
            false,
        )
        .unwrap()
        .value
        .unwrap();
    let rows: Vec<(String, u32, u32, String, String, String)> =
        serde_json::from_str(shown.as_str().unwrap()).unwrap();
    assert_eq!(rows.len(), units.len());
    for (id, copies, links, parallel, title, permalink) in rows {
        assert_eq!((copies, links), (1, 2), "{id}");
        assert_eq!(
            parallel,
            format!("../../../en/2023-xian/declaration/parallel/index.html#{id}")
        );
        assert_eq!(title, "The same unit in the parallel view");
        assert_eq!(permalink, "Permalink");
    }
    let errors = errors.take(&tab);
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn a_clause_opened_by_its_address_is_marked() {
    let browser = browser(1280, 900);
    let page = built().join("zh/2023-xian/declaration/index.html");
    let tab = open(&browser, &format!("{}#cl_7", file_url(&page)));
    let background = |id: &str| {
        tab.evaluate(
            &format!("getComputedStyle(document.getElementById('{id}')).backgroundColor"),
            false,
        )
        .unwrap()
        .value
        .unwrap()
        .as_str()
        .unwrap()
        .to_string()
    };
    assert_ne!(background("cl_7"), "rgba(0, 0, 0, 0)");
    assert_eq!(background("cl_8"), "rgba(0, 0, 0, 0)");
}
