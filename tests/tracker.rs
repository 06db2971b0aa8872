//! The commitment tracker's pages: the tracker with its rows, counts, filters and chart, a page
//! per commitment, the notes on the units that state or report on a commitment, and the pages
//! per topic and per named entity. Rendered from hand-made links over the bundled texts, so
//! every expected value comes from reading those texts, not from the linker.

mod common;

use common::*;
use scraper::Html;
use std::path::PathBuf;
use std::sync::OnceLock;
use summit_archive::model::*;
use summit_archive::render::{Theme, render_site};

fn r(summit: &str, document: &str, unit: &str) -> UnitRef {
    UnitRef {
        summit: SummitId::from(summit),
        document: DocumentId::from(document),
        unit: UnitId::from(unit),
    }
}

fn bi(zh: &str, en: &str) -> Bilingual {
    Bilingual {
        zh: zh.into(),
        en: en.into(),
    }
}

fn all_parties() -> Actor {
    Actor {
        key: "all".into(),
        name: bi("各方", "All parties"),
    }
}

fn china() -> Actor {
    Actor {
        key: "china".into(),
        name: bi("中方", "China"),
    }
}

const SECRETARIAT: &str = "2023-xian.outcome-list.sec_1__item_3";
const RAILWAY: &str = "2023-xian.outcome-list.sec_1__item_21";
const SKILLS: &str = "2023-xian.keynote-speech.grp_3__item_6";
const CULTURE: &str = "2025-astana.wang-yi-briefing.sec_3__para_3";

/// Links as the link stage would give them, written by hand from the texts:
/// - the Xi'an outcome list's study of a permanent secretariat (item 3, also in the summit
///   report), which the Astana briefing reports as running ("常设秘书处全面运营"): fulfilled,
///   reviewed, with a note;
/// - the China–Kyrgyzstan–Uzbekistan railway (item 21, also declaration clause 七), which the
///   briefing does not mention: no follow-up;
/// - the keynote's skills programme (proposal 六), which the briefing says China will "continue
///   to implement": reaffirmed, not reviewed;
/// - the briefing's own cultural centres, of the latest summit: no follow-up yet.
fn links() -> &'static Links {
    static LINKS: OnceLock<Links> = OnceLock::new();
    LINKS.get_or_init(|| {
        let topic = |id: &str, zh: &str, en: &str| Topic {
            id: TopicId::from(id),
            name: bi(zh, en),
            terms: vec![],
            keywords: vec![],
        };
        let commitments = vec![
            Commitment {
                id: CommitmentId::from(SECRETARIAT),
                summit: SummitId::from("2023-xian"),
                sources: vec![
                    r("2023-xian", "outcome-list", "sec_1__item_3"),
                    r("2023-xian", "summit-report-continued", "para_25"),
                ],
                zh: "研究成立中国—中亚机制常设秘书处的可行性".into(),
                en: Some("Study the feasibility of establishing a permanent secretariat of the China–Central Asia mechanism".into()),
                actors: vec![all_parties()],
                topics: vec![TopicId::from("mechanism")],
                entities: vec!["中国—中亚机制".into(), "常设秘书处".into()],
                followups: vec![Followup {
                    unit: r("2025-astana", "wang-yi-briefing", "sec_1__para_1"),
                    status: Status::Fulfilled,
                    reason: "“全面运营”".into(),
                    evidence: "特别是2023年在西安成功举行首届峰会，机制建设四梁八柱由此迅速成型，13个部级合作平台相继建立，常设秘书处全面运营，呈现元首引领、政府推动、各界参与、多轨并行的立体多元合作格局。".into(),
                    score: 1.0,
                    reviewed: true,
                    note: Some("秘书处设于西安。".into()),
                }],
            },
            Commitment {
                id: CommitmentId::from(RAILWAY),
                summit: SummitId::from("2023-xian"),
                sources: vec![
                    r("2023-xian", "outcome-list", "sec_1__item_21"),
                    r("2023-xian", "declaration", "cl_7__para_4"),
                ],
                zh: "完成中吉乌铁路可研工作,推进该铁路加快落地建设".into(),
                en: None,
                actors: vec![all_parties()],
                topics: vec![TopicId::from("transport")],
                entities: vec!["中吉乌铁路".into()],
                followups: vec![],
            },
            Commitment {
                id: CommitmentId::from(SKILLS),
                summit: SummitId::from("2023-xian"),
                sources: vec![r("2023-xian", "keynote-speech", "grp_3__item_6")],
                zh: "实施“中国-中亚技术技能提升计划”".into(),
                en: Some("implement the “China–Central Asia Technical Skills Improvement Program”".into()),
                actors: vec![china()],
                topics: vec![TopicId::from("people")],
                entities: vec!["中国—中亚技术技能提升计划".into()],
                followups: vec![Followup {
                    unit: r("2025-astana", "wang-yi-briefing", "sec_3__para_3"),
                    status: Status::Reaffirmed,
                    reason: "继续".into(),
                    evidence: "习近平主席宣布，中方将在中亚开设更多文化中心、高校分校、鲁班工坊、中医药中心等，在中国高校增设中亚语言专业，继续实施好“中国—中亚技术技能提升计划”，加强同中亚国家立法机构、政党、妇女、青年、媒体、智库等合作，深入开展治国理政经验交流。".into(),
                    score: 0.8,
                    reviewed: false,
                    note: None,
                }],
            },
            Commitment {
                id: CommitmentId::from(CULTURE),
                summit: SummitId::from("2025-astana"),
                sources: vec![r("2025-astana", "wang-yi-briefing", "sec_3__para_3")],
                zh: "中方将在中亚开设更多文化中心、高校分校、鲁班工坊、中医药中心等".into(),
                en: Some("China will open more cultural centers, branch campuses of universities, Luban Workshops, traditional Chinese medicine centers and the like in Central Asia".into()),
                actors: vec![china()],
                topics: vec![TopicId::from("people")],
                entities: vec![],
                followups: vec![],
            },
        ];
        let mut by_unit = std::collections::BTreeMap::new();
        for c in &commitments {
            for s in &c.sources {
                by_unit.entry(s.clone()).or_insert_with(Vec::new).push(c.id.clone());
            }
        }
        Links {
            commitments,
            topics: vec![
                topic("mechanism", "机制建设", "Institution building"),
                topic("transport", "交通", "Transport"),
                topic("people", "人文交流", "People-to-people exchanges"),
            ],
            topic_passages: [
                (
                    TopicId::from("mechanism"),
                    vec![
                        r("2023-xian", "outcome-list", "sec_1__item_3"),
                        r("2025-astana", "wang-yi-briefing", "sec_1__para_1"),
                    ],
                ),
                (
                    TopicId::from("transport"),
                    vec![
                        r("2023-xian", "declaration", "cl_7__para_4"),
                        r("2023-xian", "outcome-list", "sec_1__item_21"),
                    ],
                ),
            ]
            .into_iter()
            .collect(),
            entity_passages: [(
                "中吉乌铁路".to_string(),
                vec![
                    r("2023-xian", "declaration", "cl_7__para_4"),
                    r("2023-xian", "keynote-speech", "grp_3__item_3"),
                    r("2023-xian", "outcome-list", "sec_1__item_21"),
                ],
            )]
            .into_iter()
            .collect(),
            by_unit,
            unreviewed: 1,
        }
    })
}

/// The bundled archive rendered with the hand-made links and written to a temporary folder.
fn site() -> &'static std::path::Path {
    static OUT: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &OUT.get_or_init(|| {
        let theme = Theme::load(&repo()).expect("theme loads");
        let site = render_site(archive(), links(), &theme, &[]).expect("site renders");
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        summit_archive::output::write_site(&site, &out, &repo()).expect("site written");
        (dir, out)
    })
    .1
}

fn page(path: &str) -> Html {
    parse_html(&site().join(path))
}

fn attr<'a>(el: &scraper::ElementRef<'a>, name: &str) -> &'a str {
    el.value().attr(name).unwrap_or_else(|| panic!("no {name}"))
}

#[test]
fn the_tracker_lists_every_commitment_with_its_summit_topic_actor_and_status() {
    let html = page("en/commitments/index.html");
    let rows = select(&html, "table.tracker-table tbody tr");
    let ids: Vec<&str> = rows.iter().map(|r| attr(r, "data-commitment")).collect();
    assert_eq!(ids, [SECRETARIAT, RAILWAY, SKILLS, CULTURE]);
    let data = |i: usize, key: &str| attr(&rows[i], key).to_string();
    assert_eq!(data(0, "data-summit"), "2023-xian");
    assert_eq!(data(0, "data-topics"), "mechanism");
    assert_eq!(data(0, "data-actors"), "all");
    assert_eq!(data(0, "data-status"), "fulfilled");
    assert_eq!(data(1, "data-status"), "none");
    assert_eq!(data(2, "data-actors"), "china");
    assert_eq!(data(2, "data-status"), "reaffirmed");
    assert_eq!(data(3, "data-summit"), "2025-astana");
    assert_eq!(data(3, "data-status"), "none");
    let cells: Vec<String> = select(&html, "tbody tr:nth-child(2) td")
        .iter()
        .map(text_of)
        .collect();
    // The railway commitment has no English: its Chinese is shown, marked as Chinese.
    assert_eq!(cells[0], "完成中吉乌铁路可研工作,推进该铁路加快落地建设");
    assert_eq!(cells[1], "FirstChina–CentralAsiaSummit");
    assert_eq!(cells[2], "Transport");
    assert_eq!(cells[3], "Allparties");
    assert_eq!(cells[4], "Nofollow-upreportedyet");
    let link = select(&html, "tbody tr:nth-child(2) td a")[0];
    assert_eq!(attr(&link, "lang"), "zh-Hans");
    assert_eq!(
        attr(&link, "href"),
        format!("../../en/commitments/{RAILWAY}/index.html")
    );
    // The Chinese tracker says the same in Chinese.
    let zh = page("zh/commitments/index.html");
    let status: Vec<String> = select(&zh, "tbody td:last-child")
        .iter()
        .map(text_of)
        .collect();
    assert_eq!(status, ["已落实", "尚无后续报道", "已重申", "尚无后续报道"]);
}

#[test]
fn the_tracker_counts_by_status_and_summit() {
    let html = page("en/commitments/index.html");
    let count = |key: &str| text_of(&select(&html, &format!("[data-count={key}] strong"))[0]);
    assert_eq!(count("fulfilled"), "1");
    assert_eq!(count("in_progress"), "0");
    assert_eq!(count("reaffirmed"), "1");
    assert_eq!(count("none"), "2");
    let total = text_of(&select(&html, ".count-total")[0]);
    assert_eq!(
        total,
        "4commitments,FirstChina–CentralAsiaSummit:3,SecondChina–CentralAsiaSummit:1"
    );
    assert_eq!(
        text_of(&select(&html, ".unreviewed-count")[0])
            .chars()
            .last(),
        Some('1')
    );
}

#[test]
fn the_filters_act_on_the_rows_data_and_are_hidden_without_script() {
    let html = page("en/commitments/index.html");
    let form = select(&html, "form[data-filters]")[0];
    assert!(
        form.value().attr("hidden").is_some(),
        "shown only by the script"
    );
    let filters: Vec<&str> = select(&html, "select[data-filter]")
        .iter()
        .map(|s| attr(s, "data-filter"))
        .collect();
    assert_eq!(filters, ["summit", "topics", "actors", "status"]);
    let options = |key: &str| -> Vec<String> {
        select(&html, &format!("select[data-filter={key}] option"))
            .iter()
            .map(|o| attr(o, "value").to_string())
            .collect()
    };
    assert_eq!(options("summit"), ["", "2023-xian", "2025-astana"]);
    assert_eq!(options("topics"), ["", "mechanism", "transport", "people"]);
    assert_eq!(options("actors"), ["", "all", "china"]);
    assert_eq!(
        options("status"),
        ["", "fulfilled", "in_progress", "reaffirmed", "none"]
    );
    // Every filter value is a value of that data attribute on some row, or of none at all
    // only where the count says 0.
    for key in ["summit", "topics", "actors", "status"] {
        for o in select(&html, &format!("select[data-filter={key}] option")) {
            let value = attr(&o, "value");
            if value.is_empty() {
                continue;
            }
            let rows = select(&html, "tbody tr")
                .into_iter()
                .filter(|r| {
                    attr(r, &format!("data-{key}"))
                        .split(' ')
                        .any(|v| v == value)
                })
                .count();
            assert!(
                text_of(&o).ends_with(&format!("({rows})")),
                "{key}={value}: {}",
                text_of(&o)
            );
        }
    }
}

#[test]
fn the_chart_has_one_bar_a_topic_and_tells_it_in_words() {
    let html = page("en/commitments/index.html");
    let svg = select(&html, "svg.chart")[0];
    assert_eq!(attr(&svg, "role"), "img");
    let bars: Vec<String> = select(&html, "svg.chart g.bar text.bar-label")
        .iter()
        .map(text_of)
        .collect();
    assert_eq!(
        bars,
        [
            "Institutionbuilding(1)",
            "Transport(1)",
            "People-to-peopleexchanges(2)"
        ]
    );
    // People: one reaffirmed, one without follow-up, half the bar each.
    let people = select(&html, "svg.chart g.bar")[2];
    let segments: Vec<(String, String)> = scraper::Selector::parse("svg")
        .map(|s| {
            people
                .select(&s)
                .map(|e| (attr(&e, "x").to_string(), attr(&e, "width").to_string()))
                .collect()
        })
        .unwrap();
    assert_eq!(
        segments,
        [
            ("0.00%".to_string(), "50.00%".to_string()),
            ("50.00%".to_string(), "50.00%".to_string())
        ]
    );
    let desc = text_of(&select(&html, "svg.chart desc")[0]);
    assert!(
        desc.contains("People-to-peopleexchanges:2commitments(0Fulfilled,0Inprogress,1Reaffirmed,1Nofollow-upreportedyet)."),
        "{desc}"
    );
    assert!(!select(&html, "svg.chart title").is_empty());
}

#[test]
fn a_commitment_page_quotes_each_source_and_follow_up_at_its_unit() {
    let html = page(&format!("en/commitments/{SECRETARIAT}/index.html"));
    let sources = select(&html, ".sources figure.quote");
    assert_eq!(sources.len(), 2);
    let zh: Vec<String> = select(&html, ".sources blockquote.quote-zh")
        .iter()
        .map(text_of)
        .collect();
    assert_eq!(zh[0], "研究成立中国—中亚机制常设秘书处的可行性;");
    assert!(zh[1].starts_with("各方商定由哈萨克斯坦于2025年主办第二届中国—中亚峰会"));
    for q in select(&html, ".sources blockquote.quote-zh") {
        assert_eq!(attr(&q, "lang"), "zh-Hans");
    }
    // Beside the Chinese, the English translation of the unit.
    let en = select(&html, ".sources blockquote.quote-en");
    assert_eq!(attr(&en[0], "lang"), "en");
    assert!(text_of(&en[0]).starts_with("Studythefeasibility"));
    let anchors: Vec<&str> = select(&html, ".sources figcaption a.at-unit")
        .iter()
        .map(|a| attr(a, "href"))
        .collect();
    assert_eq!(
        anchors,
        [
            "../../../en/2023-xian/outcome-list/index.html#sec_1__item_3",
            "../../../en/2023-xian/summit-report-continued/index.html#para_25"
        ]
    );
    // The follow-up: status in words, the reason's words marked in the evidence, reviewed,
    // the editor's note, and a link to the unit.
    let f = select(&html, ".followup")[0];
    let within = |css: &str| -> Vec<String> {
        let s = scraper::Selector::parse(css).unwrap();
        f.select(&s).map(|e| text_of(&e)).collect()
    };
    assert_eq!(within(".status"), ["Fulfilled"]);
    assert_eq!(within(".evidence mark"), ["全面运营"]);
    assert_eq!(within(".reviewed"), ["Reviewedbyaneditor"]);
    assert_eq!(within(".followup-note p"), ["秘书处设于西安。"]);
    let link = scraper::Selector::parse("a.at-unit").unwrap();
    assert_eq!(
        f.select(&link)
            .map(|a| attr(&a, "href"))
            .collect::<Vec<_>>(),
        ["../../../en/2025-astana/wang-yi-briefing/index.html#sec_1__para_1"]
    );
}

#[test]
fn a_commitment_without_follow_up_says_so() {
    let html = page(&format!("zh/commitments/{RAILWAY}/index.html"));
    assert!(select(&html, ".followup").is_empty());
    assert_eq!(text_of(&select(&html, ".no-followup")[0]), "尚无后续报道");
    // Of the latest summit, it also says that no later summit is in the archive yet.
    let latest = page(&format!("en/commitments/{CULTURE}/index.html"));
    assert_eq!(
        text_of(&select(&latest, ".no-followup")[0]),
        "Nofollow-upreportedyetNolatersummitisinthearchiveyet."
    );
    let reaffirmed = page(&format!("en/commitments/{SKILLS}/index.html"));
    assert_eq!(
        text_of(&select(&reaffirmed, ".followup .unreviewed")[0]),
        "Foundautomatically,notyetreviewed"
    );
}

#[test]
fn units_note_where_their_commitments_are_followed_up_and_what_they_report_on() {
    let html = page("en/2023-xian/outcome-list/index.html");
    let note = select(&html, "#sec_1__item_3 + aside.tracker-note")[0];
    let hrefs: Vec<&str> = scraper::Selector::parse("a")
        .map(|s| note.select(&s).map(|a| attr(&a, "href")).collect())
        .unwrap();
    assert_eq!(
        hrefs,
        [
            format!("../../../en/commitments/{SECRETARIAT}/index.html").as_str(),
            "../../../en/2025-astana/wang-yi-briefing/index.html#sec_1__para_1"
        ]
    );
    assert!(text_of(&note).contains("Fulfilled"));
    let open = select(&html, "#sec_1__item_21 + aside.tracker-note")[0];
    assert!(text_of(&open).contains("Nofollow-upreportedyet"));
    // A unit stating nothing has no note.
    assert!(select(&html, "#sec_1__item_4 + aside.tracker-note").is_empty());
    // The follow-up unit links back to the commitment it reports on.
    let briefing = page("zh/2025-astana/wang-yi-briefing/index.html");
    let back = select(&briefing, "#sec_1__para_1 + aside.tracker-note a")[0];
    assert_eq!(
        attr(&back, "href"),
        format!("../../../zh/commitments/{SECRETARIAT}/index.html")
    );
    // The parallel view carries the same notes.
    let parallel = page("zh/2023-xian/outcome-list/parallel/index.html");
    assert_eq!(
        select(
            &parallel,
            "#sec_1__item_3 + .row-tracker aside.tracker-note"
        )
        .len(),
        1
    );
}

#[test]
fn topic_and_entity_pages_list_every_passage_that_names_them() {
    let index = page("en/topics/index.html");
    let topics: Vec<&str> = select(&index, ".cards a")
        .iter()
        .map(|a| attr(a, "href"))
        .collect();
    assert_eq!(
        topics,
        [
            "../../en/topics/mechanism/index.html",
            "../../en/topics/transport/index.html",
            "../../en/topics/people/index.html"
        ]
    );
    let transport = page("zh/topics/transport/index.html");
    let passages: Vec<&str> = select(&transport, ".passages a.at-unit")
        .iter()
        .map(|a| attr(a, "href"))
        .collect();
    assert_eq!(
        passages,
        [
            "../../../zh/2023-xian/declaration/index.html#cl_7__para_4",
            "../../../zh/2023-xian/outcome-list/index.html#sec_1__item_21"
        ]
    );
    assert_eq!(select(&transport, ".subject-commitments tbody tr").len(), 1);

    // The railway's page, by the slug of its English name, with its printed name marked.
    let railway = page("zh/entities/china-kyrgyzstan-uzbekistan-railway/index.html");
    assert_eq!(text_of(&select(&railway, "h1")[0]), "中吉乌铁路");
    assert_eq!(select(&railway, ".passages li").len(), 3);
    let marks: Vec<String> = select(&railway, ".passages mark")
        .iter()
        .map(text_of)
        .collect();
    assert!(
        marks.len() >= 3 && marks.iter().all(|m| m == "中吉乌铁路"),
        "{marks:?}"
    );
    let en = page("en/entities/china-kyrgyzstan-uzbekistan-railway/index.html");
    assert_eq!(
        text_of(&select(&en, "h1")[0]),
        "China–Kyrgyzstan–Uzbekistanrailway"
    );
    // The index lists every glossary term once, each linking to its page.
    let entities = page("en/entities/index.html");
    let cards = select(&entities, ".cards li");
    assert_eq!(cards.len(), archive().glossary.terms.len());
    // Every name of the commitment page leads to its page.
    let c = page(&format!("en/commitments/{SECRETARIAT}/index.html"));
    let names: Vec<&str> = select(&c, ".meta a[href*='/entities/']")
        .iter()
        .map(|a| attr(a, "href"))
        .collect();
    assert_eq!(
        names,
        [
            "../../../en/entities/china-central-asia-mechanism/index.html",
            "../../../en/entities/permanent-secretariat/index.html"
        ]
    );
}

#[test]
fn every_page_links_the_tracker_topics_names_glossary_and_search() {
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(site()) {
        let path = entry.unwrap().into_path();
        if path.extension().is_none_or(|e| e != "html")
            || path.starts_with(site().join("sources"))
            || path == site().join("index.html")
        {
            continue;
        }
        let html = parse_html(&path);
        let lang = if path.starts_with(site().join("en")) {
            "en"
        } else {
            "zh"
        };
        let hrefs: Vec<String> = select(&html, "nav.site-nav a")
            .iter()
            // (Relative, or from the site's root on the 404 page, which is shown at any address.)
            .map(|a| {
                let href = attr(a, "href");
                href.rsplit("../")
                    .next()
                    .unwrap()
                    .trim_start_matches('/')
                    .to_string()
            })
            .collect();
        assert_eq!(
            hrefs,
            [
                format!("{lang}/index.html"),
                format!("{lang}/commitments/index.html"),
                format!("{lang}/topics/index.html"),
                format!("{lang}/entities/index.html"),
                format!("{lang}/glossary/index.html"),
                format!("{lang}/search/index.html")
            ],
            "{}",
            path.display()
        );
        pages += 1;
    }
    assert!(pages > 100, "{pages} pages");
}

#[test]
fn the_tracker_pages_are_sound_and_deterministic() {
    let checked = assert_site_is_sound(site(), &[&repo().to_string_lossy()]);
    println!("{checked} links checked");
    let theme = Theme::load(&repo()).unwrap();
    let a = render_site(archive(), links(), &theme, &[]).unwrap();
    let b = render_site(archive(), links(), &theme, &[]).unwrap();
    assert_eq!(a.files, b.files);
    assert!(
        a.files
            .contains_key(&format!("zh/commitments/{CULTURE}/index.html"))
    );
}

#[test]
fn the_real_build_has_the_tracker_in_both_languages() {
    for lang in ["zh", "en"] {
        let html = parse_html(&built().join(format!("{lang}/commitments/index.html")));
        let rows = select(&html, "table.tracker-table tbody tr").len();
        let total: usize = text_of(&select(&html, ".count-total strong")[0])
            .parse()
            .unwrap();
        assert_eq!(rows, total);
        assert_eq!(
            select(&html, "svg.chart g.bar").len(),
            select(&html, "select[data-filter=topics] option").len() - 1
        );
        for row in select(&html, "tbody tr") {
            let id = attr(&row, "data-commitment");
            assert!(
                built()
                    .join(format!("{lang}/commitments/{id}/index.html"))
                    .is_file(),
                "{id}"
            );
        }
    }
}

#[test]
fn of_two_pages_that_fail_to_render_the_first_made_is_reported_every_run() {
    // Pages are made on every core, in no fixed order; the error reported is still the one of
    // the page that comes first in the site's order (all Chinese pages before the English).
    let (first, last) = (
        &links().commitments.first().expect("commitments").id,
        &links().commitments.last().expect("commitments").id,
    );
    assert_ne!(first, last);
    let root = tempfile::tempdir().unwrap();
    for folder in ["templates", "static"] {
        copy_dir(&repo().join(folder), &root.path().join(folder));
    }
    let path = root.path().join("templates/commitment.html");
    let text = std::fs::read_to_string(&path).unwrap();
    let failing = format!(
        "{{% if lang == \"en\" and c.id == \"{first}\" %}}{{{{ english_failure }}}}{{% endif %}}\
         {{% if lang == \"zh\" and c.id == \"{last}\" %}}{{{{ chinese_failure }}}}{{% endif %}}\n"
    );
    let text = text.replacen(
        "{% block main %}\n",
        &format!("{{% block main %}}\n{failing}"),
        1,
    );
    assert!(
        text.contains("chinese_failure"),
        "the block is in the template"
    );
    std::fs::write(&path, text).unwrap();
    let theme = Theme::load(root.path()).expect("theme loads");
    for _ in 0..16 {
        let error = render_site(archive(), links(), &theme, &[])
            .expect_err("two pages fail")
            .to_string();
        assert!(
            error.contains("`chinese_failure` not found"),
            "the Chinese page is first: {error}"
        );
    }
}
