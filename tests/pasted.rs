//! Texts as maintainers really paste them, added end to end through `new document` in a copy of
//! the bundled site: a speech with its date line, speaker line and salutation printed apart, and
//! two news reports, one opening with an unspaced dateline and running across pages (a lettered
//! page marker), one closing with a bracketed dateline. The source texts were written for these
//! tests in the style of such texts (`tests/fixtures/pasted/`).

mod common;

use common::*;
use serde_json::Value;
use std::path::Path;

const SPEECH: &str = "2025_forum_speech.txt";
const REPORTS: &str = "2025_forum_reports.txt";

/// A copy of the bundled site with the two source texts saved in `content/sources/`.
fn site() -> tempfile::TempDir {
    let site = tempfile::tempdir().unwrap();
    for folder in ["content", "templates", "static"] {
        copy_dir(&repo().join(folder), &site.path().join(folder));
    }
    for name in [SPEECH, REPORTS] {
        std::fs::copy(
            repo().join("tests/fixtures/pasted").join(name),
            site.path().join("content/sources").join(name),
        )
        .unwrap();
    }
    site
}

fn ok(root: &Path, args: &[&str]) -> String {
    let output = run(root, args);
    assert_eq!(output.status.code(), Some(0), "{args:?}: {}", out(&output));
    out(&output)
}

fn new_document(
    root: &Path,
    id: &str,
    kind: &str,
    date: &str,
    source: &str,
    lines: &str,
) -> String {
    ok(
        root,
        &[
            "new",
            "document",
            "2025-astana",
            id,
            "--kind",
            kind,
            "--date",
            date,
            "--source",
            source,
            "--lines",
            lines,
        ],
    )
}

fn source(name: &str) -> String {
    std::fs::read_to_string(repo().join("tests/fixtures/pasted").join(name)).unwrap()
}

/// The line of `file` (1-based) that holds `needle`.
fn line_of(file: &str, needle: &str) -> usize {
    file.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line holds {needle}"))
        + 1
}

/// The units of a document in `documents.json`: (id, zh).
fn units(doc: &Value) -> Vec<(String, String)> {
    doc["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            (
                u["id"].as_str().unwrap().to_string(),
                u["zh"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The cleaning records of one content file: (line, action, detail).
fn cleaning(public: &Path, path: &str) -> Vec<(u64, String, String)> {
    let records: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(public.join("data/cleaning.json")).unwrap())
            .unwrap();
    records
        .iter()
        .filter(|c| c["path"] == path)
        .map(|c| {
            (
                c["line"].as_u64().unwrap(),
                c["action"].as_str().unwrap().to_string(),
                c["detail"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Every sentence of every unit occurs in `source` read as one run of text, with its line
/// breaks and the page markers (as printed there) taken out.
fn assert_sentences_in_source(doc: &Value, source: &str, markers: &[&str]) {
    let mut flat: String = source.lines().map(str::trim).collect();
    for m in markers {
        flat = flat.replace(m, "");
    }
    let mut count = 0;
    for (id, zh) in units(doc) {
        for sentence in zh.split_inclusive(['。', '！', '？']) {
            assert!(
                flat.contains(sentence),
                "{id}: `{sentence}` is not in the source"
            );
            count += 1;
        }
    }
    assert!(count > 0);
}

#[test]
fn a_pasted_speech_keeps_its_speaker_line_apart_from_the_salutation() {
    let site = site();
    let root = site.path();
    let printed = new_document(root, "forum-speech", "speech", "2025-06-16", SPEECH, "3-31");
    // What `new document` read off the text, from the lines of the source.
    for expected in [
        "title:        携手同行 共创丝路新篇章 (line 3 of 2025_forum_speech.txt)",
        "subtitle:     ——在中国—中亚合作论坛开幕式上的致辞 (line 5 of",
        "speaker:      林海川 (from `中国—中亚合作论坛理事长 林海川`, line 9 of",
        "dateline:     none found",
        "completeness: complete",
    ] {
        assert!(printed.contains(expected), "{expected}\n{printed}");
    }
    let file = std::fs::read_to_string(root.join("content/2025-astana/forum-speech.md")).unwrap();
    assert!(file.contains("speaker: \"林海川\""), "{file}");
    assert!(file.contains("subtitle: \"——在中国—中亚合作论坛开幕式上的致辞\""));
    assert!(!file.contains("dateline:"), "{file}");

    // `check --report` lists each join: the two sentences broken by the paste, nothing else.
    let report = ok(root, &["check", "--report"]);
    let joins: Vec<&str> = report
        .lines()
        .filter(|l| l.starts_with("content/2025-astana/forum-speech.md:") && l.contains("joined"))
        .collect();
    let broken = line_of(&file, "实实在在的");
    let also = line_of(&file, "交流项目，");
    assert_eq!(joins.len(), 2, "{joins:#?}");
    assert!(joins[0].starts_with(&format!(
        "content/2025-astana/forum-speech.md:{broken}:1: note:"
    )));
    assert!(joins[1].starts_with(&format!(
        "content/2025-astana/forum-speech.md:{also}:1: note:"
    )));
    assert!(
        !report
            .lines()
            .any(|l| l.contains("forum-speech.md") && l.contains("warning")),
        "{report}"
    );

    ok(root, &["build"]);
    let public = root.join("public");
    let docs: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(public.join("data/documents.json")).unwrap())
            .unwrap();
    let doc = docs.iter().find(|d| d["id"] == "forum-speech").unwrap();
    assert_eq!(doc["speaker"], "林海川");
    assert_eq!(doc["byline"], "中国—中亚合作论坛理事长 林海川");
    let expected = [
        ("para_1", "（2025年6月16日，阿斯塔纳）"),
        ("para_2", "尊敬的各位来宾，"),
        ("para_3", "女士们、先生们、朋友们："),
        (
            "para_4",
            "很高兴来到美丽的阿斯塔纳，同各位新老朋友相聚一堂。我谨代表论坛理事会，对论坛的开幕表示热烈祝贺！",
        ),
        (
            "para_5",
            "中国同中亚国家山水相连，友好交往源远流长。近年来，双方在贸易、能源、交通、人文等领域的合作不断深化，为各国人民带来了实实在在的好处。",
        ),
        ("para_6", "面向未来，论坛愿同各方一道，做好三方面工作。"),
        (
            "grp_1__item_1",
            "一是深化互联互通。我们愿推动跨境公路和铁路项目早日见效，提升口岸通关效率。",
        ),
        (
            "grp_1__item_2",
            "二是拓展绿色合作。我们愿促成更多光伏、风电领域的企业对接。",
        ),
        (
            "grp_1__item_3",
            "三是密切人文交流。我们欢迎更多中亚青年参加论坛的交流项目，共同书写新时代的友谊故事。",
        ),
        ("para_7", "谢谢大家。"),
    ];
    let got = units(doc);
    let got: Vec<(&str, &str)> = got.iter().map(|(i, z)| (i.as_str(), z.as_str())).collect();
    assert_eq!(got, expected);
    let records = cleaning(&public, "content/2025-astana/forum-speech.md");
    assert!(
        records.contains(&(
            line_of(&file, "理事长 林海川") as u64,
            "speaker_line".to_string(),
            "中国—中亚合作论坛理事长 林海川".to_string()
        )),
        "{records:?}"
    );
    assert_sentences_in_source(doc, &source(SPEECH), &[]);
    // The page shows the speaker line with the document's details, not in the text.
    let html = parse_html(&public.join("zh/2025-astana/forum-speech/index.html"));
    assert!(
        select(&html, "dd")
            .iter()
            .any(|d| text_of(d) == "中国—中亚合作论坛理事长林海川")
    );
    assert!(
        select(&html, "#para_2")
            .iter()
            .all(|p| !text_of(p).contains("林海川"))
    );
}

#[test]
fn pasted_reports_have_their_datelines_bylines_and_page_markers_set_apart() {
    let site = site();
    let root = site.path();
    let printed = new_document(
        root,
        "forum-agreements",
        "article",
        "2025-06-17",
        REPORTS,
        "3-15",
    );
    for expected in [
        "title:        中国同中亚五国签署多项合作文件 (line 3 of",
        "dateline:     新华社阿斯塔纳6月17日电 (line 5 of",
        "byline:       记者 赵明 孙雪 (printed with the dateline",
        "page markers: 下转A02版 (line 9 of 2025_forum_reports.txt), 上接A01版 (line 11 of",
    ] {
        assert!(printed.contains(expected), "{expected}\n{printed}");
    }
    let printed = new_document(
        root,
        "forum-closes",
        "article",
        "2025-06-18",
        REPORTS,
        "17-25",
    );
    assert!(
        printed.contains("dateline:     新华社北京6月18日电 (line 25 of"),
        "{printed}"
    );
    let check = ok(root, &["check"]);
    assert!(!check.contains("warning"), "{check}");
    ok(root, &["build"]);
    let public = root.join("public");
    let docs: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(public.join("data/documents.json")).unwrap())
            .unwrap();

    let doc = docs.iter().find(|d| d["id"] == "forum-agreements").unwrap();
    assert_eq!(doc["dateline"], "新华社阿斯塔纳6月17日电");
    assert_eq!(doc["byline"], "记者 赵明 孙雪");
    // A marker inside the text says nothing about where the document starts.
    assert_eq!(doc["continues"], Value::Null);
    let got = units(doc);
    let got: Vec<(&str, &str)> = got.iter().map(|(i, z)| (i.as_str(), z.as_str())).collect();
    assert_eq!(
        got,
        [
            (
                "para_1",
                "6月17日，中国同中亚五国有关部门在阿斯塔纳签署了涵盖交通、能源、农业等领域的一批合作文件。"
            ),
            (
                "para_2",
                "据介绍，这批文件包括跨境铁路运输便利化安排、清洁能源项目合作备忘录和农产品检验检疫议定书等。"
            ),
            (
                "para_3",
                "参加签字仪式的哈萨克斯坦企业代表表示，新的运输安排将缩短货物在口岸的停留时间，为地区企业节省大量成本。"
            ),
            (
                "para_4",
                "与会人士认为，这些合作文件的签署，将为各方务实合作注入新的动力。"
            ),
        ]
    );
    let file =
        std::fs::read_to_string(root.join("content/2025-astana/forum-agreements.md")).unwrap();
    let records = cleaning(&public, "content/2025-astana/forum-agreements.md");
    let marker = |detail: &str, needle: &str| {
        (
            line_of(&file, needle) as u64,
            "continuation_marker".to_string(),
            detail.to_string(),
        )
    };
    for expected in [
        marker("下转A02版", "(下转A02版)"),
        marker("上接A01版", "（上接A01版）"),
        (
            line_of(&file, "电(记者") as u64,
            "dateline".to_string(),
            "新华社阿斯塔纳6月17日电".to_string(),
        ),
    ] {
        assert!(records.contains(&expected), "{expected:?} in {records:?}");
    }
    // The sentence broken by the page turn is joined, and recorded.
    let joined: Vec<_> = records
        .iter()
        .filter(|r| r.1 == "joined_line_break")
        .collect();
    assert_eq!(joined.len(), 2, "{joined:?}");
    assert_eq!(joined[0].0, line_of(&file, "停留时间，") as u64);
    assert_sentences_in_source(doc, &source(REPORTS), &["(下转A02版)", "（上接A01版）"]);

    let doc = docs.iter().find(|d| d["id"] == "forum-closes").unwrap();
    assert_eq!(doc["dateline"], "新华社北京6月18日电");
    assert_eq!(doc["byline"], Value::Null);
    let ids: Vec<String> = units(doc).into_iter().map(|(i, _)| i).collect();
    assert_eq!(ids, ["para_1", "para_2", "para_3"]);
    assert_eq!(units(doc)[2].1, "下一届论坛将于2027年在中国举行。");
    assert_sentences_in_source(doc, &source(REPORTS), &[]);
}

#[test]
fn new_document_proposes_no_title_from_a_line_that_cannot_be_one() {
    let site = site();
    let root = site.path();
    for (lines, what) in [
        ("7-31", "is a date in brackets, not a title"),
        ("9-31", "is a speaker line, not a title"),
        ("15-31", "is a paragraph, not a title"),
    ] {
        let output = run(
            root,
            &[
                "new",
                "document",
                "2025-astana",
                "speech",
                "--kind",
                "speech",
                "--date",
                "2025-06-16",
                "--source",
                SPEECH,
                "--lines",
                lines,
            ],
        );
        assert_eq!(output.status.code(), Some(2), "{lines}");
        assert!(out(&output).contains(what), "{lines}: {}", out(&output));
        assert!(out(&output).contains("--title"), "{}", out(&output));
        assert!(!root.join("content/2025-astana/speech.md").exists());
    }
    let output = run(
        root,
        &[
            "new",
            "document",
            "2025-astana",
            "report",
            "--kind",
            "article",
            "--date",
            "2025-06-17",
            "--source",
            REPORTS,
            "--lines",
            "5-15",
        ],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        out(&output).contains("(line 5: `新华社阿斯塔纳6月17日电"),
        "{}",
        out(&output)
    );
    assert!(out(&output).contains("is a dateline, not a title"));

    // With --title, the title is editorial and the text starts at the dateline.
    let printed = ok(
        root,
        &[
            "new",
            "document",
            "2025-astana",
            "report",
            "--kind",
            "article",
            "--date",
            "2025-06-17",
            "--source",
            REPORTS,
            "--lines",
            "5-15",
            "--title",
            "多项合作文件签署",
        ],
    );
    assert!(
        printed.contains("title_printed: false") || printed.contains("editorial"),
        "{printed}"
    );
    let file = std::fs::read_to_string(root.join("content/2025-astana/report.md")).unwrap();
    assert!(file.contains("title_printed: false"), "{file}");
    assert!(
        file.contains("dateline: \"新华社阿斯塔纳6月17日电\""),
        "{file}"
    );
    let check = ok(root, &["check"]);
    assert!(check.contains("no problems"), "{check}");
}

#[test]
fn a_text_that_stops_mid_sentence_is_proposed_as_incomplete() {
    let site = site();
    let root = site.path();
    let printed = new_document(root, "cut", "article", "2025-06-17", REPORTS, "3-13");
    assert!(
        printed.contains("completeness: incomplete (the text stops mid-sentence at line 13 of"),
        "{printed}"
    );
    let file = std::fs::read_to_string(root.join("content/2025-astana/cut.md")).unwrap();
    assert!(file.contains("completeness: incomplete"), "{file}");
    let check = ok(root, &["check"]);
    assert!(!check.contains("stops mid-sentence"), "{check}");
}
