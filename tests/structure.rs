//! The structure the loader finds in the bundled texts, against counts taken by reading them.

mod common;

use common::archive;
use summit_archive::model::*;

fn doc(id: &str) -> &'static Document {
    archive()
        .documents
        .iter()
        .find(|d| d.id.as_str() == id)
        .unwrap_or_else(|| panic!("no document {id}"))
}

#[test]
fn the_bundled_content_loads_without_errors() {
    let errors: Vec<String> = archive()
        .report
        .diagnostics
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(archive().summits.len(), 2);
    assert_eq!(archive().summits[0].id.as_str(), "2023-xian");
    assert_eq!(archive().summits[1].id.as_str(), "2025-astana");
}

#[test]
fn each_seed_is_split_into_the_documents_it_prints() {
    // 000: the interview, then the report continued from page one.
    // 001: the keynote speech, the Xi'an Declaration, and a fragment of the summit report.
    // 002: the foreign minister's account of the Astana summit.
    // 003: the preview article.
    // 004: the outcome list, four articles, and the fragment after `(上接1版)`.
    let expected = [
        ("000_499384e4dd955c90.txt", 2),
        ("001_a7c0d866165e138d.txt", 3),
        ("002_9b0b3b87b889c4cf.txt", 1),
        ("003_bc9b116f7d20a8a6.txt", 1),
        ("004_f337f121b3d2a8e5.txt", 6),
    ];
    for (seed, count) in expected {
        let found = archive()
            .documents
            .iter()
            .filter(|d| d.source == seed)
            .count();
        assert_eq!(found, count, "{seed}");
    }
    assert_eq!(archive().documents.len(), 13);
}

#[test]
fn the_declaration_has_its_eleven_clauses_and_stops_in_clause_eleven() {
    let d = doc("declaration");
    assert_eq!(d.kind, DocumentKind::Declaration);
    assert_eq!(d.completeness, Completeness::Incomplete);
    let Body::Declaration(body) = &d.body else {
        panic!("not a declaration")
    };
    assert_eq!(body.preamble.len(), 2);
    let numbers: Vec<u32> = body.clauses.iter().map(|c| c.number).collect();
    assert_eq!(numbers, (1..=11).collect::<Vec<_>>());
    // Paragraphs per clause, counted in the source (clause 五 is one paragraph broken across a
    // line break inside 发展纲|要).
    let paragraphs: Vec<usize> = body.clauses.iter().map(|c| c.paragraphs.len()).collect();
    assert_eq!(paragraphs, [1, 1, 3, 3, 1, 6, 6, 6, 3, 9, 5]);
    let seventh = &body.clauses[6];
    assert_eq!(seventh.id.as_str(), "cl_7");
    assert_eq!(seventh.paragraphs[1].id.as_str(), "cl_7__para_2");
    assert!(
        seventh.paragraphs[1]
            .zh
            .starts_with("各方强调，应巩固中亚作为欧亚大陆交通枢纽")
    );
    assert_eq!(seventh.paragraphs[0].number.as_deref(), Some("七"));
    assert!(
        seventh.paragraphs[0]
            .zh
            .starts_with("各方商定逐步有序增开航班")
    );
    let last = body.clauses[10].paragraphs.last().unwrap();
    assert!(last.truncated);
    assert!(
        last.zh
            .ends_with("第76届联合国大会关于宣布2022年为“国际山地可持续")
    );
    assert_eq!(d.units().iter().filter(|u| u.truncated).count(), 1);
}

#[test]
fn the_outcome_list_has_54_19_and_9_items() {
    let d = doc("outcome-list");
    let Body::OutcomeList(body) = &d.body else {
        panic!("not an outcome list")
    };
    let counts: Vec<usize> = body.sections.iter().map(|s| s.items.len()).collect();
    assert_eq!(counts, [54, 19, 9]);
    for s in &body.sections {
        for (i, item) in s.items.iter().enumerate() {
            assert_eq!(item.kind, UnitKind::Item);
            assert_eq!(item.number.as_deref(), Some((i + 1).to_string().as_str()));
        }
    }
    assert_eq!(body.sections[0].heading.zh, "主要合作共识和倡议");
    assert_eq!(body.sections[1].heading.zh, "中方倡议成立的多边合作平台");
    assert_eq!(body.sections[2].heading.zh, "峰会框架内的多边合作文件");
    let item = |s: usize, i: usize| &body.sections[s].items[i - 1];
    assert_eq!(item(0, 21).id.as_str(), "sec_1__item_21");
    assert_eq!(
        item(0, 21).zh,
        "完成中吉乌铁路可研工作,推进该铁路加快落地建设;"
    );
    assert_eq!(
        item(0, 54).zh,
        "2025年在哈萨克斯坦举办第二届中国—中亚峰会。"
    );
    assert_eq!(item(1, 19).zh, "中国—中亚通讯社论坛。");
    assert_eq!(item(2, 1).zh, "《中国—中亚峰会西安宣言》;");
    assert_eq!(item(2, 9).id.as_str(), "sec_3__item_9");
    assert_eq!(body.preamble.len(), 1);
    assert_eq!(d.dateline.as_deref(), Some("新华社西安5月19日电"));
}

#[test]
fn the_interview_has_three_questions_and_their_answers() {
    let d = doc("qin-gang-interview");
    let Body::Interview(body) = &d.body else {
        panic!("not an interview")
    };
    assert_eq!(body.exchanges.len(), 3);
    let ids: Vec<&str> = body
        .exchanges
        .iter()
        .map(|e| e.question.id.as_str())
        .collect();
    assert_eq!(ids, ["q_1", "q_2", "q_3"]);
    assert!(
        body.exchanges[1]
            .question
            .zh
            .starts_with("问：此次峰会各方就携手构建")
    );
    // Answer paragraphs counted in the source; one in the first and one in the second answer
    // are broken across a blank line (签署|了, 数|字).
    let answers: Vec<usize> = body.exchanges.iter().map(|e| e.answer.len()).collect();
    assert_eq!(answers, [12, 6, 6]);
    assert_eq!(body.exchanges[2].answer_id.as_str(), "a_3");
    assert!(
        body.exchanges[0].answer[0]
            .zh
            .starts_with("答：在习近平主席亲自主持下")
    );
    assert_eq!(body.intro.len(), 1);
    assert!(
        body.intro[0]
            .zh
            .starts_with("5月18日至19日，中国—中亚峰会在陕西西安成功举行。")
    );
    assert_eq!(
        d.subtitle.as_deref(),
        Some("——国务委员兼外长秦刚就中国—中亚峰会成果接受媒体采访")
    );
}

#[test]
fn the_speech_announces_three_proposal_groups() {
    let d = doc("keynote-speech");
    let Body::Speech(body) = &d.body else {
        panic!("not a speech")
    };
    let groups: Vec<&ProposalGroup> = body
        .parts
        .iter()
        .filter_map(|p| match p {
            SpeechPart::Group(g) => Some(g),
            SpeechPart::Paragraph(_) => None,
        })
        .collect();
    let shape: Vec<(Option<&str>, usize)> = groups
        .iter()
        .map(|g| (g.label.as_deref(), g.items.len()))
        .collect();
    assert_eq!(
        shape,
        [
            (Some("四点主张"), 4),
            (Some("四个坚持"), 4),
            (Some("八点建议"), 8)
        ]
    );
    assert!(
        groups[0].items[3]
            .zh
            .starts_with("世界需要一个联通的中亚。")
    );
    assert!(groups[1].items[0].zh.starts_with("一是坚持守望相助。"));
    assert_eq!(groups[2].items[7].id.as_str(), "grp_3__item_8");
    assert_eq!(groups[2].items[7].number.as_deref(), Some("八"));
    assert!(groups[2].items[7].zh.starts_with("八是维护地区和平。"));
    assert_eq!(d.speaker.as_deref(), Some("习近平"));
}

#[test]
fn articles_keep_section_leads_and_captions_apart() {
    let d = doc("wang-yi-briefing");
    let Body::Article(body) = &d.body else {
        panic!("not an article")
    };
    let leads: Vec<&str> = body.sections.iter().map(|s| s.lead.zh.as_str()).collect();
    assert_eq!(
        leads,
        [
            "继往开来，点亮“中国—中亚精神”",
            "高质量发展，迈向共同现代化",
            "相知相亲，坚持永久睦邻友好"
        ]
    );
    assert_eq!(d.summit.as_str(), "2025-astana");

    let preview = doc("summit-preview");
    let Body::Article(body) = &preview.body else {
        panic!("not an article")
    };
    assert_eq!(body.sections.len(), 3);
    assert!(body.sections[1].lead.zh.starts_with("携手同行、共谋发展："));
    assert_eq!(preview.captions.len(), 1);
    assert_eq!(
        preview.captions[0].unit.zh,
        "这是5月16日拍摄的中国—中亚峰会新闻中心外景。新华社发"
    );
    assert!(
        preview
            .body_units()
            .iter()
            .all(|u| !u.zh.contains("拍摄的"))
    );
}

#[test]
fn fragments_record_what_they_continue() {
    assert_eq!(
        doc("summit-report-continued").continues.as_deref(),
        Some("上接第一版")
    );
    let press = doc("press-remarks-continued");
    assert_eq!(press.continues.as_deref(), Some("上接1版"));
    assert_eq!(press.captions.len(), 1);
    assert_eq!(
        press.captions[0].credit.as_deref(),
        Some("新华社记者 申宏 摄")
    );
    assert!(
        press.body_units()[0]
            .zh
            .starts_with("我们将全面深化人文交流合作")
    );
    for id in [
        "summit-report-continued",
        "summit-report-fragment",
        "press-remarks-continued",
    ] {
        assert_eq!(doc(id).completeness, Completeness::Fragment, "{id}");
    }
}

#[test]
fn unit_ids_are_unique_within_each_document() {
    for d in &archive().documents {
        let mut ids: Vec<&str> = d.units().iter().map(|u| u.id.as_str()).collect();
        ids.extend(d.parts().iter().filter_map(|p| p.id.map(UnitId::as_str)));
        let total = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), total, "{}", d.id);
    }
}

/// One fixture document of `kind`, loaded without errors.
fn fixture(kind: &str, body: &str) -> Document {
    let site = common::one_document_site(&common::document(kind, "", body));
    let archive = summit_archive::load::load_archive(site.path()).expect("loads");
    let errors: Vec<String> = archive
        .report
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(ToString::to_string)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    archive.documents[0].clone()
}

fn ids_and_numbers(doc: &Document) -> Vec<(String, Option<String>)> {
    doc.units()
        .iter()
        .map(|u| (u.id.to_string(), u.number.clone()))
        .collect()
}

fn owned(pairs: &[(&str, Option<&str>)]) -> Vec<(String, Option<String>)> {
    pairs
        .iter()
        .map(|(i, n)| (i.to_string(), n.map(str::to_string)))
        .collect()
}

#[test]
fn clauses_numbered_in_full_width_digits_are_read_like_ascii_ones() {
    let doc = fixture(
        "declaration",
        "各方声明如下：\n\n１．各方一致认为。\n\n２．各方同意。\n\n２０２５年为合作年。\n",
    );
    assert_eq!(
        ids_and_numbers(&doc),
        owned(&[
            ("preamble__para_1", None),
            ("cl_1__para_1", Some("１")),
            ("cl_2__para_1", Some("２")),
            ("cl_2__para_2", None),
        ])
    );
    assert_eq!(doc.units()[1].zh, "各方一致认为。");
}

#[test]
fn items_numbered_in_full_width_digits_and_brackets_are_items() {
    let doc = fixture(
        "outcome_list",
        "一、共识\n\n１．成立机制；\n\n２、研究可行性；\n\n（３）加强合作；\n\n(４)推进项目。\n",
    );
    assert_eq!(
        ids_and_numbers(&doc),
        owned(&[
            ("sec_1__heading", Some("一")),
            ("sec_1__item_1", Some("１")),
            ("sec_1__item_2", Some("２")),
            ("sec_1__item_3", Some("３")),
            ("sec_1__item_4", Some("４")),
        ])
    );
    assert_eq!(doc.units()[3].zh, "加强合作；");
}

#[test]
fn questions_numbered_in_digits_are_questions() {
    let doc = fixture(
        "interview",
        "１．问：峰会有哪些成果？\n\n答：成果丰硕。\n\n2. 问：下一步？\n\n答：继续合作。\n",
    );
    assert_eq!(
        ids_and_numbers(&doc),
        owned(&[
            ("q_1", Some("１")),
            ("a_1__para_1", None),
            ("q_2", Some("2")),
            ("a_2__para_1", None),
        ])
    );
    assert_eq!(doc.units()[0].zh, "问：峰会有哪些成果？");
}

#[test]
fn full_width_numbering_that_skips_is_reported() {
    let site = common::one_document_site(&common::document(
        "declaration",
        "",
        "１．各方一致认为。\n\n３．各方同意。\n",
    ));
    let archive = summit_archive::load::load_archive(site.path()).expect("loads");
    let errors: Vec<String> = archive
        .report
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        errors,
        ["content/2023-xian/doc.md:12:1: error: clause 3 follows clause 1: clause 2 is missing"]
    );
}
