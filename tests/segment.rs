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

/// Every text link and the index cut: each document's title and its units' Chinese.
fn archive_texts(archive: &summit_archive::load::Archive) -> Vec<String> {
    let mut texts = Vec::new();
    for document in &archive.documents {
        texts.push(document.title.clone());
        texts.extend(document.units().into_iter().map(|u| u.zh.clone()));
    }
    texts
}

/// The three ways of cutting a text, side by side.
fn cuts<'a>(s: &Segmenter, text: &'a str) -> [Vec<&'a str>; 3] {
    [s.words(text), s.tokens(text), s.search_words(text)]
}

#[test]
fn the_archives_texts_cut_with_the_part_of_the_dictionary_they_use_as_with_the_whole() {
    let archive = archive();
    let texts = archive_texts(archive);
    let whole = segmenter();
    let part = Segmenter::for_texts(&archive.glossary, texts.iter().map(String::as_str));
    assert!(whole.has_whole_dictionary());
    assert!(!part.has_whole_dictionary());
    // A few thousand of jieba's 349,045 words.
    let words = part.dictionary_words();
    println!("dictionary words for the bundled archive: {words}");
    assert!((1_000..50_000).contains(&words), "{words}");
    assert_eq!(whole.dictionary_words(), 349_045);
    let mut compared = 0;
    for text in &texts {
        assert_eq!(cuts(&part, text), cuts(&whole, text), "{text}");
        // Any stretch of a text, cut on its own, as a clause or a sentence is.
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        for start in (0..chars.len()).step_by(7) {
            let end = (start + 23).min(chars.len());
            let from = chars[start].0;
            let to = chars.get(end).map_or(text.len(), |&(i, _)| i);
            let stretch = &text[from..to];
            assert_eq!(cuts(&part, stretch), cuts(&whole, stretch), "{stretch}");
            compared += 1;
        }
    }
    assert!(compared > 1_000, "{compared}");
    // None of them needed the whole dictionary.
    assert!(!part.has_whole_dictionary());
}

#[test]
fn a_text_of_other_words_is_cut_with_the_whole_dictionary() {
    let archive = archive();
    let whole = segmenter();
    let part = Segmenter::for_texts(&archive.glossary, ["中亚峰会在西安举行。"]);
    assert_eq!(
        cuts(&part, "中亚峰会，西安"),
        cuts(&whole, "中亚峰会，西安")
    );
    assert!(!part.has_whole_dictionary());
    let text = "中方将制定科技减贫专项合作计划，推进中吉乌铁路项目对接磋商";
    assert_eq!(cuts(&part, text), cuts(&whole, text));
    assert!(part.has_whole_dictionary());
    assert_eq!(part.dictionary_words(), 349_045);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 24, .. Default::default() })]

    /// A segmenter made for some of the archive's texts cuts any text as the whole dictionary
    /// does: stretches of those texts with the part, joins of stretches of any text (new pairs
    /// of characters, mixed scripts, spaces and punctuation) with the whole.
    #[test]
    fn any_text_cuts_as_with_the_whole_dictionary(
        chosen in proptest::collection::vec(proptest::prelude::any::<proptest::sample::Index>(), 1..6),
        stretches in proptest::collection::vec(
            (proptest::prelude::any::<proptest::sample::Index>(), 0usize..40, 1usize..30), 1..5),
        glue in proptest::collection::vec("[a-zA-Z0-9 ，。“”—\\-#&%.]{0,3}", 5),
    ) {
        let archive = archive();
        let texts = archive_texts(archive);
        let made_for: Vec<&str> = chosen.iter().map(|i| texts[i.index(texts.len())].as_str()).collect();
        let part = Segmenter::for_texts(&archive.glossary, made_for.iter().copied());
        let whole = segmenter();
        let stretch = |text: &str, start: usize, len: usize| -> String {
            text.chars().skip(start).take(len).collect()
        };
        // Stretches of the texts it was made for: the part alone.
        for (i, start, len) in &stretches {
            let text = stretch(made_for[i.index(made_for.len())], *start, *len);
            proptest::prop_assert_eq!(cuts(&part, &text), cuts(&whole, &text), "{}", text);
        }
        proptest::prop_assert!(!part.has_whole_dictionary());
        // Stretches of any texts joined: the whole, where the part would not cut them alike.
        let mut joined = String::new();
        for ((i, start, len), glue) in stretches.iter().zip(&glue) {
            joined.push_str(&stretch(&texts[i.index(texts.len())], *start, *len));
            joined.push_str(glue);
        }
        proptest::prop_assert_eq!(cuts(&part, &joined), cuts(&whole, &joined), "{}", joined);
    }
}

#[test]
fn texts_of_very_many_pairs_of_characters_get_the_whole_dictionary() {
    // Characters of the CJK block in a fixed pseudo-random order: well over a million pairs.
    let mut state = 12345u32;
    let text: String = (0..1_200_000)
        .map(|_| {
            state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            char::from_u32(0x4E00 + (state >> 8) % 0x5000).unwrap()
        })
        .collect();
    let archive = archive();
    let s = Segmenter::for_texts(&archive.glossary, [text.as_str()]);
    assert!(s.has_whole_dictionary());
    // A few stretches of it cut as the whole dictionary cuts them.
    let whole = segmenter();
    let stretch: String = text.chars().take(300).collect();
    assert_eq!(cuts(&s, &stretch), cuts(&whole, &stretch));
}

#[test]
fn a_glossary_form_of_white_space_is_cut_alike_by_the_part_and_the_whole() {
    // The part's placeholder word is a space: a glossary form of a space must not take its
    // frequency from it.
    let mut glossary = archive().glossary.clone();
    glossary.terms[0].variants.push(" ".to_string());
    let texts = archive_texts(archive());
    let part = Segmenter::for_texts(&glossary, texts.iter().map(String::as_str));
    let whole = Segmenter::new(&glossary);
    for text in texts.iter().step_by(5) {
        assert_eq!(cuts(&part, text), cuts(&whole, text), "{text}");
    }
}
