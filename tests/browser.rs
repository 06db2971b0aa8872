//! In a real browser (headless Chromium): the language switch keeps the reader on the same
//! unit, moved permalinks lead on, the preview reloads after an edit, and the parallel view
//! stacks on a phone. Chromium is installed from Debian's packages when it is missing.

mod common;

use common::chrome::*;
use common::*;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

#[test]
fn the_language_switch_keeps_the_reader_on_the_same_unit() {
    let browser = browser(1200, 900);
    let page = built().join("zh/2023-xian/declaration/index.html");
    let tab = open(&browser, &format!("{}#cl_7__para_2", file_url(&page)));
    tab.wait_for_element("a.lang-switch")
        .unwrap()
        .click()
        .unwrap();
    let url = wait_for_url(&tab, 20, |u| u.contains("/en/"));
    assert!(
        url.ends_with("/en/2023-xian/declaration/index.html#cl_7__para_2"),
        "{url}"
    );
    // And back, from a unit reached by its permalink.
    tab.wait_until_navigated().unwrap();
    tab.wait_for_element("#cl_11__para_5 a.pl")
        .unwrap()
        .click()
        .unwrap();
    wait_for_url(&tab, 20, |u| u.ends_with("#cl_11__para_5"));
    tab.wait_for_element("a.lang-switch")
        .unwrap()
        .click()
        .unwrap();
    let url = wait_for_url(&tab, 20, |u| u.contains("/zh/"));
    assert!(
        url.ends_with("/zh/2023-xian/declaration/index.html#cl_11__para_5"),
        "{url}"
    );
}

#[test]
fn a_moved_permalink_leads_to_where_the_unit_is_now() {
    let site = one_document_site(&document("fragment", "", "第一段。\n\n第二段。\n"));
    let out = site.path().join("public");
    summit_archive::build_site(site.path(), &out).unwrap();
    std::fs::write(
        site.path().join("content/2023-xian/doc.md"),
        document("fragment", "", "第一段。\n"),
    )
    .unwrap();
    std::fs::write(
        site.path().join("content/redirects.yaml"),
        "- from: 2023-xian/doc/#para_2\n  to: 2023-xian/doc/#para_1\n",
    )
    .unwrap();
    summit_archive::build_site(site.path(), &out).unwrap();

    let browser = browser(1000, 800);
    let old = out.join("en/2023-xian/doc/index.html");
    let tab = open(&browser, &format!("{}#para_2", file_url(&old)));
    let url = wait_for_url(&tab, 20, |u| u.ends_with("#para_1"));
    assert!(url.contains("/en/2023-xian/doc/index.html"), "{url}");
}

#[test]
fn a_moved_page_leads_on_and_keeps_the_unit() {
    let site = one_document_site(&document("fragment", "", "第一段。\n"));
    let out = site.path().join("public");
    summit_archive::build_site(site.path(), &out).unwrap();
    std::fs::remove_file(site.path().join("content/2023-xian/doc.md")).unwrap();
    std::fs::write(
        site.path().join("content/2023-xian/renamed.md"),
        document("fragment", "", "第一段。\n").replace("id: doc", "id: renamed"),
    )
    .unwrap();
    std::fs::write(
        site.path().join("content/redirects.yaml"),
        "- from: 2023-xian/doc/\n  to: 2023-xian/renamed/\n- from: 2023-xian/doc/#para_1\n  to: 2023-xian/renamed/#para_1\n",
    )
    .unwrap();
    summit_archive::build_site(site.path(), &out).unwrap();

    let browser = browser(1000, 800);
    let tab = open(
        &browser,
        &format!(
            "{}#para_1",
            file_url(&out.join("zh/2023-xian/doc/index.html"))
        ),
    );
    let url = wait_for_url(&tab, 20, |u| u.contains("/renamed/"));
    assert!(
        url.ends_with("/zh/2023-xian/renamed/index.html#para_1"),
        "{url}"
    );
}

#[test]
fn the_preview_reloads_the_open_page_after_an_edit() {
    let site = one_document_site(&document("fragment", "", "第一段。\n"));
    let preview = start_preview(site.path());
    let browser = browser(1000, 800);
    let tab = open(
        &browser,
        &format!("http://{}/zh/2023-xian/doc/", preview.addr),
    );
    assert!(tab.find_element("#para_1").is_ok());
    assert!(tab.find_element("#para_2").is_err());
    // Give the page's poll a first answer before the edit.
    std::thread::sleep(Duration::from_millis(1500));
    std::fs::write(
        site.path().join("content/2023-xian/doc.md"),
        document("fragment", "", "第一段。\n\n编辑后新加的一段。\n"),
    )
    .unwrap();
    let added = tab
        .wait_for_element_with_custom_timeout("#para_2", Duration::from_secs(20))
        .expect("the page reloaded with the new paragraph");
    assert!(
        added
            .get_inner_text()
            .unwrap()
            .contains("编辑后新加的一段。")
    );
}

#[test]
fn the_parallel_view_stacks_on_a_phone_and_sits_side_by_side_on_a_desktop() {
    let page = built().join("zh/2023-xian/declaration/parallel/index.html");
    let positions = |width: u32| -> (f64, f64, f64, f64) {
        let browser = browser(width, 900);
        let tab = open(&browser, &file_url(&page));
        let value = tab
            .evaluate(
                "(() => { const row = document.getElementById('cl_1__para_1'); const zh = row.querySelector('.cell-zh').getBoundingClientRect(); const en = row.querySelector('.cell-en').getBoundingClientRect(); return [zh.left, zh.top, en.left, en.top, document.documentElement.scrollWidth, window.innerWidth].join(','); })()",
                false,
            )
            .unwrap()
            .value
            .unwrap();
        let v: Vec<f64> = value
            .as_str()
            .unwrap()
            .split(',')
            .map(|x| x.parse().unwrap())
            .collect();
        // Nothing wider than the screen.
        assert!(
            v[4] <= v[5] + 1.0,
            "at {width}px the page scrolls sideways: {v:?}"
        );
        (v[0], v[1], v[2], v[3])
    };
    let (zh_left, zh_top, en_left, en_top) = positions(1280);
    assert!(
        en_left > zh_left + 200.0 && (en_top - zh_top).abs() < 5.0,
        "desktop: side by side"
    );
    let (zh_left, zh_top, en_left, en_top) = positions(390);
    assert!(
        en_top > zh_top + 20.0 && (en_left - zh_left).abs() < 30.0,
        "phone: stacked"
    );
}

/// The bundled texts rendered with two hand-made commitments of the Xi'an outcome list: the
/// permanent secretariat (item 3), which the Astana briefing reports running, and the
/// China–Kyrgyzstan–Uzbekistan railway (item 21), on which it reports nothing.
fn tracker_site() -> &'static Path {
    use summit_archive::model::*;
    static OUT: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &OUT.get_or_init(|| {
        let unit = |s: &str, d: &str, u: &str| UnitRef {
            summit: SummitId::from(s),
            document: DocumentId::from(d),
            unit: UnitId::from(u),
        };
        let all = Actor {
            key: "all".into(),
            name: Bilingual {
                zh: "各方".into(),
                en: "All parties".into(),
            },
        };
        let commitment = |item: &str, zh: &str, followups: Vec<Followup>| Commitment {
            id: CommitmentId::from(format!("2023-xian.outcome-list.{item}")),
            summit: SummitId::from("2023-xian"),
            sources: vec![unit("2023-xian", "outcome-list", item)],
            zh: zh.into(),
            en: None,
            actors: vec![all.clone()],
            topics: vec![],
            entities: vec![],
            followups,
        };
        let links = Links {
            commitments: vec![
                commitment(
                    "sec_1__item_3",
                    "研究成立中国—中亚机制常设秘书处的可行性",
                    vec![Followup {
                        unit: unit("2025-astana", "wang-yi-briefing", "sec_1__para_1"),
                        status: Status::Fulfilled,
                        reason: "全面运营".into(),
                        evidence: "常设秘书处全面运营".into(),
                        score: 1.0,
                        reviewed: true,
                        note: None,
                    }],
                ),
                commitment(
                    "sec_1__item_21",
                    "完成中吉乌铁路可研工作,推进该铁路加快落地建设",
                    vec![],
                ),
            ],
            ..Links::default()
        };
        let theme = summit_archive::render::Theme::load(&repo()).unwrap();
        let site = summit_archive::render::render_site(archive(), &links, &theme, &[]).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        summit_archive::output::write_site(&site, &out, &repo()).unwrap();
        (dir, out)
    })
    .1
}

/// How many tracker rows the page shows.
fn visible_rows(tab: &Tab) -> u64 {
    tab.evaluate(
        "Array.from(document.querySelectorAll('tr[data-commitment]')).filter(r => r.offsetParent !== null).length",
        false,
    )
    .unwrap()
    .value
    .unwrap()
    .as_u64()
    .unwrap()
}

#[test]
fn the_tracker_filters_in_the_page_and_leads_to_the_unit() {
    let browser = browser(1280, 900);
    let tab = open(
        &browser,
        &file_url(&tracker_site().join("en/commitments/index.html")),
    );
    tab.wait_for_element("form[data-filters] select[data-filter=status]")
        .unwrap();
    assert_eq!(visible_rows(&tab), 2);
    tab.evaluate(
        "(() => { const s = document.querySelector('select[data-filter=status]'); s.value = 'none'; s.dispatchEvent(new Event('change', { bubbles: true })); })()",
        false,
    )
    .unwrap();
    assert_eq!(visible_rows(&tab), 1);
    let shown = tab
        .find_element("[data-shown]")
        .unwrap()
        .get_inner_text()
        .unwrap();
    assert_eq!(shown, "1 of 2 commitments shown");
    // The row left is the railway; its page quotes the outcome list, linked to item 21.
    tab.find_element("tr[data-status=none] td a")
        .unwrap()
        .click()
        .unwrap();
    wait_for_url(&tab, 20, |u| u.contains("sec_1__item_21/index.html"));
    tab.wait_for_element(".sources a.at-unit")
        .unwrap()
        .click()
        .unwrap();
    let url = wait_for_url(&tab, 20, |u| u.contains("#"));
    assert!(
        url.ends_with("/en/2023-xian/outcome-list/index.html#sec_1__item_21"),
        "{url}"
    );
}

#[test]
fn the_tracker_and_a_commitment_page_fit_a_phone() {
    let browser = browser(360, 800);
    for page in [
        "en/commitments/index.html",
        "zh/commitments/index.html",
        "en/commitments/2023-xian.outcome-list.sec_1__item_3/index.html",
        "en/entities/china-kyrgyzstan-uzbekistan-railway/index.html",
    ] {
        let tab = open(&browser, &file_url(&tracker_site().join(page)));
        let fits = tab
            .evaluate(
                "document.documentElement.scrollWidth <= window.innerWidth",
                false,
            )
            .unwrap()
            .value
            .unwrap();
        assert_eq!(
            fits,
            serde_json::Value::Bool(true),
            "{page} scrolls sideways"
        );
    }
}

#[test]
fn the_browser_tests_see_what_a_page_logs() {
    // The checks for script errors elsewhere rely on this: a page that throws, logs an error
    // and fails to load an image is reported three times over.
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("broken.html");
    std::fs::write(
        &page,
        "<!doctype html><title>t</title><img src=\"missing.png\" alt=\"\"><script>console.error('logged on purpose'); throw new Error('thrown on purpose');</script>",
    )
    .unwrap();
    let browser = browser(800, 600);
    let tab = browser.new_tab().unwrap();
    let errors = page_errors(&tab);
    tab.navigate_to(&file_url(&page))
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    let logged = errors.take(&tab);
    for what in ["logged on purpose", "thrown on purpose", "missing.png"] {
        assert!(
            logged.iter().any(|e| e.contains(what)),
            "{what} not in {logged:#?}"
        );
    }
    // And once read, they are not reported again.
    assert!(errors.take(&tab).is_empty());
}
