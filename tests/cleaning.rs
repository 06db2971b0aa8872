//! One test a cleaning rule, each on a small input of its own: what the loader does to pasted
//! text, and that it records each thing it did.

mod common;

use common::*;
use summit_archive::load::{Archive, CleaningAction, load_archive};
use summit_archive::model::*;

fn load(kind: &str, extra: &str, body: &str) -> Archive {
    let site = one_document_site(&document(kind, extra, body));
    let archive = load_archive(site.path()).expect("loads");
    let errors: Vec<String> = archive
        .report
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(ToString::to_string)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    archive
}

fn texts(archive: &Archive) -> Vec<String> {
    archive.documents[0]
        .units()
        .iter()
        .map(|u| u.zh.clone())
        .collect()
}

fn actions(archive: &Archive, action: CleaningAction) -> Vec<(usize, String)> {
    archive
        .report
        .cleaning
        .iter()
        .filter(|c| c.action == action)
        .map(|c| (c.line, c.detail.clone()))
        .collect()
}

#[test]
fn a_sentence_broken_across_a_blank_line_is_joined_without_a_space() {
    let a = load(
        "fragment",
        "",
        "寻觅商机的企业家，上下求\n\n索的留学生，就是当代的友好使者。\n",
    );
    assert_eq!(
        texts(&a),
        ["寻觅商机的企业家，上下求索的留学生，就是当代的友好使者。"]
    );
    let joined = actions(&a, CleaningAction::JoinedLineBreak);
    // The body starts on line 10 of the fixture file.
    assert_eq!(joined.len(), 1);
    assert_eq!(joined[0].0, 10);
    assert!(
        joined[0].1.contains("line 10 continues on line 12"),
        "{joined:?}"
    );
}

#[test]
fn a_break_after_an_enumeration_comma_or_before_a_closing_quote_is_joined() {
    let a = load(
        "fragment",
        "",
        "深化贸易投资、农业、\n\n能源等领域合作。\n\n吉尔吉斯斯坦“2026年前国家发展纲\n\n要”等发展战略对接。\n",
    );
    assert_eq!(
        texts(&a),
        [
            "深化贸易投资、农业、能源等领域合作。",
            "吉尔吉斯斯坦“2026年前国家发展纲要”等发展战略对接。"
        ]
    );
}

#[test]
fn complete_paragraphs_lead_ins_and_numbered_lines_are_not_joined() {
    let a = load(
        "fragment",
        "",
        "这样的交往互动温暖人心——\n\n在吉尔吉斯斯坦，习近平主席穿上当地传统服饰；\n\n……\n\n一是务实高效\n\n二是实惠管用。\n",
    );
    assert_eq!(texts(&a).len(), 5);
    assert!(actions(&a, CleaningAction::JoinedLineBreak).is_empty());
}

#[test]
fn an_exact_repeat_of_a_paragraph_is_dropped_and_recorded() {
    let body = "习近平还同中亚五国元首共同会见了记者。\n\n峰会结束后，六国元首共同种下六棵石榴树。\n\n习近平还同中亚五国元首共同会见了记者。\n";
    let a = load("fragment", "", body);
    assert_eq!(
        texts(&a),
        [
            "习近平还同中亚五国元首共同会见了记者。",
            "峰会结束后，六国元首共同种下六棵石榴树。"
        ]
    );
    assert_eq!(
        actions(&a, CleaningAction::DroppedRepeat),
        [(
            14,
            "repeats line 10: 习近平还同中亚五国元首共同会见了记者。".to_string()
        )]
    );
}

#[test]
fn a_paragraph_repeating_the_end_of_an_earlier_one_is_dropped() {
    let body = "吹风会上，代表介绍了有关合作情况。中工国际总经理李海欣说，目前部分场馆基础施工已完成。\n\n情况。中工国际总经理李海欣说，目前部分场馆基础施工已完成。\n";
    let a = load("fragment", "", body);
    assert_eq!(texts(&a).len(), 1);
    assert_eq!(actions(&a, CleaningAction::DroppedRepeatedTail).len(), 1);
}

#[test]
fn short_lines_that_recur_are_kept() {
    let a = load("fragment", "", "第一段。\n\n……\n\n第二段。\n\n……\n");
    assert_eq!(texts(&a), ["第一段。", "……", "第二段。", "……"]);
}

#[test]
fn a_page_continuation_marker_is_set_apart() {
    let a = load(
        "fragment",
        "",
        "(上接第一版)中国同中亚国家关系有着深厚的历史渊源。\n\n（下转第三版）\n\n(上接1版)\n\n我们将全面深化人文交流合作。\n",
    );
    assert_eq!(
        texts(&a),
        [
            "中国同中亚国家关系有着深厚的历史渊源。",
            "我们将全面深化人文交流合作。"
        ]
    );
    assert_eq!(a.documents[0].continues.as_deref(), Some("上接第一版"));
    let markers: Vec<String> = actions(&a, CleaningAction::ContinuationMarker)
        .into_iter()
        .map(|(_, d)| d)
        .collect();
    assert_eq!(markers, ["上接第一版", "下转第三版", "上接1版"]);
}

#[test]
fn photo_captions_and_their_credits_are_kept_apart_from_the_body() {
    let body = "正文第一段。\n\n这是5月18日在陕西省西安市大唐芙蓉园拍摄的欢迎仪式。\n\n(新华社记者 申宏 摄)\n\n正文第二段。\n";
    let a = load("article", "", body);
    let d = &a.documents[0];
    let body_texts: Vec<&str> = d.body_units().iter().map(|u| u.zh.as_str()).collect();
    assert_eq!(body_texts, ["正文第一段。", "正文第二段。"]);
    assert_eq!(d.captions.len(), 1);
    assert_eq!(d.captions[0].unit.id.as_str(), "photo_1");
    assert_eq!(d.captions[0].credit.as_deref(), Some("新华社记者 申宏 摄"));
    assert_eq!(
        d.captions[0].after.as_ref().map(UnitId::as_str),
        Some("para_1")
    );
    assert_eq!(actions(&a, CleaningAction::Caption).len(), 1);
}

#[test]
fn a_dateline_leading_a_paragraph_is_set_apart_with_its_byline() {
    let a = load(
        "article",
        "dateline: 新华社西安5月19日电\n",
        "新华社西安5月19日电 (记者 温馨)5月19日上午，彭丽媛参观西安易俗社。\n",
    );
    let d = &a.documents[0];
    assert_eq!(texts(&a), ["5月19日上午，彭丽媛参观西安易俗社。"]);
    assert_eq!(d.dateline.as_deref(), Some("新华社西安5月19日电"));
    assert_eq!(d.byline.as_deref(), Some("记者 温馨"));
    // 新华社西安5月19日电 is 11 characters, a space, then (记者 温馨) 7 more: the text starts at 20.
    assert_eq!(d.units()[0].column, 20);
}

#[test]
fn a_dateline_closing_the_text_is_set_apart_bracketed_or_alone() {
    let a = load(
        "article",
        "dateline: 新华社西安5月19日电\n",
        "期待推动地区合作。(新华社西安5月19日电 记者 赵博超 董越)\n",
    );
    assert_eq!(texts(&a), ["期待推动地区合作。"]);
    assert_eq!(a.documents[0].byline.as_deref(), Some("记者 赵博超 董越"));
    let b = load(
        "outcome_list",
        "dateline: 新华社西安5月19日电\n",
        "## 一、主要合作共识\n\n1. 成立机制;\n- (新华社西安5月19日电)\n",
    );
    assert_eq!(texts(&b), ["主要合作共识", "成立机制;"]);
    assert_eq!(
        b.documents[0].dateline.as_deref(),
        Some("新华社西安5月19日电")
    );
}

#[test]
fn an_undeclared_dateline_is_pointed_out() {
    let site = one_document_site(&document("fragment", "", "正文。\n\n新华社西安5月16日电\n"));
    let a = load_archive(site.path()).unwrap();
    let warning = a
        .report
        .diagnostics
        .iter()
        .find(|d| {
            d.message
                .contains("this is a dateline: declare `dateline: 新华社西安5月16日电`")
        })
        .expect("warning");
    assert_eq!((warning.line, warning.column), (12, 1));
}

#[test]
fn dash_variants_are_kept_as_printed_and_recorded() {
    let a = load("fragment", "", "中国-中亚峰会在西安举行。\n");
    assert_eq!(texts(&a), ["中国-中亚峰会在西安举行。"]);
    let dashes = actions(&a, CleaningAction::DashVariants);
    assert_eq!(dashes.len(), 1);
    assert!(dashes[0].1.contains("`-` printed 1 times"), "{dashes:?}");
    use summit_archive::text::normalize_for_matching as n;
    assert_eq!(n("中国-中亚峰会"), n("中国—中亚峰会"));
}

#[test]
fn a_text_that_stops_mid_sentence_is_marked() {
    let a = load(
        "declaration",
        "completeness: incomplete\n",
        "一、各方一致认为。\n\n二、各方指出，第76届联合国大会关于宣布2022年为“国际山地可持续\n",
    );
    let units = a.documents[0].units();
    assert!(!units[0].truncated);
    assert!(units[1].truncated);
    // Declared complete, the same text draws a warning.
    let site = one_document_site(&document(
        "fragment",
        "",
        "各方指出，第76届联合国大会关于宣布2022年为“国际山地可持续\n",
    ));
    let b = load_archive(site.path()).unwrap();
    assert!(
        b.report
            .diagnostics
            .iter()
            .any(|d| !d.is_error() && d.message.contains("stops mid-sentence"))
    );
}

#[test]
fn a_byte_order_mark_and_crlf_line_ends_are_read_and_recorded() {
    let text = format!(
        "\u{feff}{}",
        document("fragment", "", "第一段。\n\n第二段。\n").replace('\n', "\r\n")
    );
    let site = one_document_site(&text);
    let a = load_archive(site.path()).unwrap();
    assert!(!a.report.has_errors(), "{:?}", a.report.diagnostics);
    assert_eq!(texts(&a), ["第一段。", "第二段。"]);
    assert_eq!(actions(&a, CleaningAction::ByteOrderMark).len(), 1);
    assert_eq!(actions(&a, CleaningAction::CrlfLineEnds).len(), 1);
}

#[test]
fn cr_and_mixed_line_ends_are_labelled_as_they_are() {
    // Classic Mac line ends only: ten line ends, all CR.
    let doc = document("fragment", "", "第一段。\n\n第二段。\n");
    let cr = doc.replace('\n', "\r");
    let site = one_document_site(&cr);
    let a = load_archive(site.path()).unwrap();
    assert!(!a.report.has_errors(), "{:?}", a.report.diagnostics);
    assert_eq!(texts(&a), ["第一段。", "第二段。"]);
    let found = actions(&a, CleaningAction::CrLineEnds);
    assert_eq!(found.len(), 1);
    assert!(actions(&a, CleaningAction::CrlfLineEnds).is_empty());
    let lines = doc.matches('\n').count();
    assert!(
        found[0].1.starts_with(&format!("{lines} CR ")),
        "{}",
        found[0].1
    );

    // The front matter in CRLF, the body in LF: both counted.
    let (head, body) = doc.split_at(doc.find("---\n第").unwrap() + 4);
    let mixed = format!("{}{body}", head.replace('\n', "\r\n"));
    let site = one_document_site(&mixed);
    let a = load_archive(site.path()).unwrap();
    assert_eq!(texts(&a), ["第一段。", "第二段。"]);
    let found = actions(&a, CleaningAction::CrlfLineEnds);
    assert_eq!(found.len(), 1);
    let want = format!(
        "{} CRLF (Windows) line ends, mixed with {} LF",
        head.matches('\n').count(),
        body.matches('\n').count()
    );
    assert_eq!(found[0].1, want);
}

#[test]
fn markdown_list_and_heading_marks_are_read_as_structure_not_text() {
    let body = "# 成果清单\n\n## 一、主要合作共识和倡议\n\n1. 成立中国—中亚元首会晤机制;\n  2. 在重点优先合作领域成立部长级会晤机制;\n- ## 二、多边合作平台\n- 1.《中国—中亚峰会西安宣言》;\n  - 2.《谅解备忘录》。\n";
    let a = load("outcome_list", "", body);
    let Body::OutcomeList(list) = &a.documents[0].body else {
        panic!()
    };
    assert_eq!(list.preamble[0].zh, "成果清单");
    let items: Vec<Vec<&str>> = list
        .sections
        .iter()
        .map(|s| s.items.iter().map(|u| u.zh.as_str()).collect())
        .collect();
    assert_eq!(
        items,
        [
            vec![
                "成立中国—中亚元首会晤机制;",
                "在重点优先合作领域成立部长级会晤机制;"
            ],
            vec!["《中国—中亚峰会西安宣言》;", "《谅解备忘录》。"]
        ]
    );
}

#[test]
fn a_declaration_numbered_1_2_3_has_its_clauses() {
    let a = load(
        "declaration",
        "",
        "各方声明如下：\n\n1. 各方一致认为。\n\n（一）第一项。\n\n2. 各方同意。\n",
    );
    let Body::Declaration(d) = &a.documents[0].body else {
        panic!()
    };
    let ids: Vec<&str> = d.clauses.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["cl_1", "cl_2"]);
    assert_eq!(d.clauses[0].paragraphs[1].zh, "（一）第一项。");
    assert_eq!(d.preamble.len(), 1);
}

#[test]
fn outcome_items_may_print_their_numbers_in_brackets() {
    let a = load(
        "outcome_list",
        "",
        "一、共识\n\n（1）成立机制；\n\n(2)研究可行性；\n",
    );
    let Body::OutcomeList(o) = &a.documents[0].body else {
        panic!()
    };
    let items: Vec<(&str, &str)> = o.sections[0]
        .items
        .iter()
        .map(|u| (u.id.as_str(), u.zh.as_str()))
        .collect();
    assert_eq!(
        items,
        [
            ("sec_1__item_1", "成立机制；"),
            ("sec_1__item_2", "研究可行性；")
        ]
    );
}

#[test]
fn a_reporter_may_ask_the_questions() {
    let a = load(
        "interview",
        "",
        "记者：峰会取得了哪些成果？\n\n答：成果丰硕。\n\n记者问：下一步？\n\n答：继续合作。\n",
    );
    let Body::Interview(i) = &a.documents[0].body else {
        panic!()
    };
    let questions: Vec<(&str, &str)> = i
        .exchanges
        .iter()
        .map(|e| (e.question.id.as_str(), e.question.zh.as_str()))
        .collect();
    assert_eq!(
        questions,
        [
            ("q_1", "记者：峰会取得了哪些成果？"),
            ("q_2", "记者问：下一步？")
        ]
    );
}

#[test]
fn proposals_numbered_yi_yao_form_a_group() {
    let a = load(
        "speech",
        "",
        "我们要做到三点。\n\n一要坚持团结。\n\n二要坚持合作。\n\n三要坚持发展。\n",
    );
    let Body::Speech(s) = &a.documents[0].body else {
        panic!()
    };
    let SpeechPart::Group(g) = &s.parts[1] else {
        panic!("no group")
    };
    assert_eq!(g.items.len(), 3);
    assert_eq!(g.items[2].id.as_str(), "grp_1__item_3");
}

fn warnings(archive: &Archive) -> Vec<String> {
    archive
        .report
        .diagnostics
        .iter()
        // The fixtures name a source text they do not include.
        .filter(|d| !d.is_error() && !d.message.contains("content/sources/"))
        .map(ToString::to_string)
        .collect()
}

/// Every diagnostic but the one about the fixture's source text, which is not included.
fn diagnostics(archive: &Archive) -> Vec<String> {
    archive
        .report
        .diagnostics
        .iter()
        .filter(|d| !d.message.contains("content/sources/"))
        .map(ToString::to_string)
        .collect()
}

fn load_any(kind: &str, extra: &str, body: &str) -> Archive {
    let site = one_document_site(&document(kind, extra, body));
    load_archive(site.path()).expect("loads")
}

#[test]
fn a_declared_speaker_line_is_set_apart_and_never_joined_into_the_salutation() {
    let body = "（2025年6月17日，阿斯塔纳）\n\n中华人民共和国主席 习近平\n\n尊敬的托卡耶夫总统，\n\n各位同事：\n\n很高兴同大家相聚。\n";
    let a = load("speech", "speaker: 习近平\n", body);
    assert_eq!(
        texts(&a),
        [
            "（2025年6月17日，阿斯塔纳）",
            "尊敬的托卡耶夫总统，",
            "各位同事：",
            "很高兴同大家相聚。"
        ]
    );
    assert_eq!(
        a.documents[0].byline.as_deref(),
        Some("中华人民共和国主席 习近平")
    );
    assert_eq!(
        actions(&a, CleaningAction::SpeakerLine),
        [(13, "中华人民共和国主席 习近平".to_string())]
    );
    assert!(actions(&a, CleaningAction::JoinedLineBreak).is_empty());
    assert!(warnings(&a).is_empty(), "{:?}", warnings(&a));
}

#[test]
fn an_undeclared_speaker_line_is_kept_unjoined_and_pointed_out() {
    let body = "哈萨克斯坦共和国总统 托卡耶夫\n\n尊敬的各位来宾：\n";
    let a = load("speech", "", body);
    assert_eq!(
        texts(&a),
        ["哈萨克斯坦共和国总统 托卡耶夫", "尊敬的各位来宾："]
    );
    let w = warnings(&a);
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].starts_with(
            "content/2023-xian/doc.md:10:1: warning: this line names the speaker `托卡耶夫`"
        ) && w[0].contains("declare `speaker: 托卡耶夫`"),
        "{w:?}"
    );
    // Declared as someone else: one warning, saying what to change.
    let b = load_any("speech", "speaker: 习近平\n", body);
    let w = warnings(&b);
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(w[0].contains("change `speaker:` to `托卡耶夫`"), "{w:?}");
}

#[test]
fn a_speaker_line_after_a_bracketed_date_on_the_same_line_is_one_line() {
    let a = load(
        "speech",
        "speaker: 习近平\n",
        "（2025年6月17日）中华人民共和国主席 习近平\n\n女士们、先生们：\n",
    );
    assert_eq!(texts(&a), ["女士们、先生们："]);
    assert_eq!(
        a.documents[0].byline.as_deref(),
        Some("（2025年6月17日）中华人民共和国主席 习近平")
    );
}

#[test]
fn no_join_after_a_heading_a_salutation_a_byline_or_closing_punctuation() {
    let body = "携手同行 共创未来\n\n新华社评论员\n\n尊敬的各位来宾，\n\n二〇二五年六月十七日\n\n各方表示“愿意合作”\n\n中国同中亚国家关系源远流长\n\n记者 张三 李四\n\n合作不断深化。\n";
    let a = load("fragment", "", body);
    assert_eq!(texts(&a).len(), 8, "{:?}", texts(&a));
    assert!(actions(&a, CleaningAction::JoinedLineBreak).is_empty());
}

#[test]
fn a_join_is_made_inside_a_sentence_and_each_is_recorded() {
    let a = load(
        "fragment",
        "",
        "近年来，双方合作不断深化，为各国人民带来了实实在在的\n\n好处。\n\n我们欢迎更多青年参加交流项目，\n\n共同书写友谊故事。\n",
    );
    assert_eq!(
        texts(&a),
        [
            "近年来，双方合作不断深化，为各国人民带来了实实在在的好处。",
            "我们欢迎更多青年参加交流项目，共同书写友谊故事。"
        ]
    );
    let joins = actions(&a, CleaningAction::JoinedLineBreak);
    assert_eq!(joins.len(), 2);
    assert_eq!((joins[0].0, joins[1].0), (10, 14));
    assert!(
        joins[1].1.contains("line 14 continues on line 16"),
        "{joins:?}"
    );
}

#[test]
fn unspaced_and_full_width_datelines_are_set_apart_with_their_bylines() {
    for (line, byline) in [
        (
            "新华社阿斯塔纳6月17日电(记者 张三 李四)6月17日，峰会举行。",
            "记者 张三 李四",
        ),
        (
            "新华社阿斯塔纳6月17日电（记者 张三 李四 ）6月17日，峰会举行。",
            "记者 张三 李四",
        ),
        ("新华社阿斯塔纳6月17日电 6月17日，峰会举行。", ""),
        ("新华社阿斯塔纳６月１７日电6月17日，峰会举行。", ""),
    ] {
        let dateline = if line.contains('６') {
            "新华社阿斯塔纳６月１７日电"
        } else {
            "新华社阿斯塔纳6月17日电"
        };
        let a = load(
            "article",
            &format!("dateline: {dateline}\n"),
            &format!("{line}\n"),
        );
        assert_eq!(texts(&a), ["6月17日，峰会举行。"], "{line}");
        assert_eq!(a.documents[0].dateline.as_deref(), Some(dateline));
        assert_eq!(
            a.documents[0].byline.as_deref(),
            Some(byline).filter(|b| !b.is_empty()),
            "{line}"
        );
        assert!(warnings(&a).is_empty(), "{line}: {:?}", warnings(&a));
    }
}

#[test]
fn a_trailing_dateline_is_set_apart_in_either_bracket() {
    for last in [
        "（新华社北京6月18日电）",
        "(新华社北京6月18日电)",
        "（ 新华社北京6月18日电 ）",
    ] {
        let a = load(
            "article",
            "dateline: 新华社北京6月18日电\n",
            &format!("论坛闭幕。\n\n{last}\n"),
        );
        assert_eq!(texts(&a), ["论坛闭幕。"], "{last}");
        assert_eq!(
            a.documents[0].dateline.as_deref(),
            Some("新华社北京6月18日电")
        );
    }
}

#[test]
fn a_dateline_declared_unlike_the_printed_one_gets_one_message() {
    let body = "新华社阿斯塔纳6月17日电(记者 张三)6月17日，峰会举行。\n";
    for declared in [
        "新华社阿斯塔纳6月17日电(记者 张三)",
        "新华社阿斯塔纳6月16日电",
    ] {
        let a = load_any("article", &format!("dateline: \"{declared}\"\n"), body);
        let all = diagnostics(&a);
        assert_eq!(all.len(), 1, "{all:#?}");
        assert!(
            all[0].starts_with("content/2023-xian/doc.md:9:11: error: the dateline")
                && all[0].contains("change `dateline:` to `新华社阿斯塔纳6月17日电`"),
            "{all:?}"
        );
    }
    // Undeclared: one warning, with the declaration to add.
    let a = load_any("article", "", body);
    let all = diagnostics(&a);
    assert_eq!(all.len(), 1, "{all:#?}");
    assert!(
        all[0].contains("warning: this is a dateline: declare `dateline: 新华社阿斯塔纳6月17日电`")
    );
}

#[test]
fn page_markers_in_their_common_forms_are_set_apart() {
    let body = "各方同意加强合作，(下转A02版)\n\n（上接第三版）推动共同发展。\n\n转第2版\n\n(紧接第1版)\n\n各方表示满意。下转第4版\n\n（下转Ｂ３版）\n\n（续第十二版）\n";
    let a = load("fragment", "", body);
    assert_eq!(
        texts(&a),
        ["各方同意加强合作，推动共同发展。", "各方表示满意。"]
    );
    let markers: Vec<String> = actions(&a, CleaningAction::ContinuationMarker)
        .into_iter()
        .map(|(_, d)| d)
        .collect();
    assert_eq!(
        markers,
        [
            "下转A02版",
            "上接第三版",
            "转第2版",
            "紧接第1版",
            "下转第4版",
            "下转Ｂ３版",
            "续第十二版"
        ]
    );
    // A marker inside the text is not where the document starts.
    assert_eq!(a.documents[0].continues, None);
}

#[test]
fn words_like_a_marker_inside_a_sentence_are_kept() {
    let body = "他说，报道转第2版后读者更多。\n\n文章接第1版继续刊登。\n";
    let a = load("fragment", "", body);
    assert_eq!(
        texts(&a),
        ["他说，报道转第2版后读者更多。", "文章接第1版继续刊登。"]
    );
    assert!(actions(&a, CleaningAction::ContinuationMarker).is_empty());
}
