//! How the key terms segment, with the glossary as the segmenter's user dictionary.

mod common;

use common::archive;
use summit_archive::segment::Segmenter;

fn segmenter() -> Segmenter {
    Segmenter::new(&archive().glossary)
}

#[test]
fn the_summits_names_stay_whole() {
    let s = segmenter();
    let cases = [
        ("推进中吉乌铁路项目对接磋商", "中吉乌铁路"),
        ("各方高度评价共建“一带一路”倡议", "一带一路"),
        ("哈萨克斯坦共和国总统托卡耶夫", "托卡耶夫"),
        ("土库曼斯坦总统别尔德穆哈梅多夫", "别尔德穆哈梅多夫"),
        ("乌兹别克斯坦共和国总统米尔济约耶夫", "米尔济约耶夫"),
        ("支持跨里海国际运输走廊建设", "跨里海国际运输走廊"),
        ("推动落实全球发展倡议", "全球发展倡议"),
        ("构建更加紧密的中国-中亚命运共同体", "命运共同体"),
        ("在中亚国家设立更多鲁班工坊", "鲁班工坊"),
        ("是上合组织撒马尔罕峰会后落地的项目", "上合组织"),
        ("保持对“三股势力”零容忍", "三股势力"),
    ];
    for (text, term) in cases {
        let words = s.words(text);
        assert!(words.contains(&term), "{text}: {words:?}");
    }
}

#[test]
fn dash_variants_give_the_same_words() {
    let s = segmenter();
    let em = s.words("中国—中亚峰会在西安举行");
    assert_eq!(em, s.words("中国-中亚峰会在西安举行"));
    assert_eq!(em, s.words("中国－中亚峰会在西安举行"));
    assert_eq!(&em[..3], ["中国", "中亚", "峰会"]);
}

#[test]
fn a_joined_line_break_gives_back_its_word() {
    let s = segmenter();
    assert!(s.words("上下求索的留学生").contains(&"求索"));
    assert!(!s.words("上下求 索的留学生").contains(&"求索"));
}

#[test]
fn punctuation_and_space_are_not_words() {
    let s = segmenter();
    assert_eq!(s.words("“一带一路”， 倡议。"), ["一带一路", "倡议"]);
}

#[test]
fn without_the_glossary_the_names_fall_apart() {
    let plain = Segmenter::new(&summit_archive::load::Glossary::default());
    for (text, term) in [
        ("推进中吉乌铁路项目对接磋商", "中吉乌铁路"),
        ("支持跨里海国际运输走廊建设", "跨里海国际运输走廊"),
        ("土库曼斯坦总统别尔德穆哈梅多夫", "别尔德穆哈梅多夫"),
    ] {
        assert!(
            !plain.words(text).contains(&term),
            "{text}: {:?}",
            plain.words(text)
        );
    }
}

#[test]
fn a_word_the_dictionary_lacks_stays_one_word_for_matching() {
    let s = segmenter();
    // 减贫 is in no dictionary: read word by word it falls apart, in search mode it is kept.
    assert!(!s.words("中方将制定科技减贫专项合作计划").contains(&"减贫"));
    let search = s.search_words("中方将制定科技减贫专项合作计划");
    assert!(search.contains(&"减贫"), "{search:?}");
    // Known words are cut as before, and a name stays whole.
    assert!(search.contains(&"专项"));
    assert!(s.search_words("推进中吉乌铁路项目").contains(&"中吉乌铁路"));
}

#[test]
fn tokens_keep_the_punctuation_that_closes_a_clause() {
    let s = segmenter();
    assert_eq!(
        s.tokens("阐明中国主张，提出方案。"),
        ["阐明", "中国", "主张", "，", "提出", "方案", "。"]
    );
}
