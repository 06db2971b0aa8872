//! Hostile input never panics and never hurts: arbitrary text fed to the loader, oversized and
//! malformed files, markup in the text, and every generated page well-formed.

mod common;

use common::*;
use proptest::prelude::*;
use summit_archive::load::load_archive;

/// Characters that exercise every rule of the loader: numbering, markers, datelines, captions,
/// Markdown marks, brackets, dashes, white space of all kinds.
fn pasted_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "一、",
        "二、",
        "十一、",
        "三是",
        "一是",
        "问：",
        "答：",
        "1. ",
        "21.",
        "- ",
        "## ",
        "# ",
        "  ",
        "\t",
        "\n",
        "\n\n",
        "\r\n",
        "\u{feff}",
        "\u{3000}",
        "(上接第一版)",
        "（下转第3版）",
        "新华社西安5月19日电 ",
        "(记者 温馨)",
        "这是5月18日拍摄的",
        "新华社发",
        "(新华社记者 申宏 摄)",
        "中国-中亚",
        "中国—中亚",
        "—",
        "……",
        "“",
        "”",
        "《",
        "》",
        "（",
        "）",
        "(",
        ")",
        "，",
        "。",
        "；",
        "、",
        "各方",
        "上下求",
        "索的",
        "<script>",
        "&amp;",
        "é",
        "𠀀",
        "x",
        "0",
        "---",
        ":",
        "{",
        "}",
        "[",
        "]",
    ]);
    prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat())
}

fn front_matter_value() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("doc".to_string()),
        Just("2023-xian".to_string()),
        Just("fragment".to_string()),
        Just("declaration".to_string()),
        Just("speech".to_string()),
        Just("[".to_string()),
        Just("\"".to_string()),
        Just("../x".to_string()),
        Just("2023-05-19".to_string()),
        "[a-z0-9\\-]{0,12}",
        "\\PC{0,12}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, .. ProptestConfig::default() })]

    #[test]
    fn the_loader_never_panics_on_pasted_text(
        kind in prop::sample::select(vec!["declaration", "outcome_list", "speech", "interview", "article", "fragment"]),
        dateline in prop::option::of(Just("新华社西安5月19日电")),
        body in pasted_text(),
    ) {
        let extra = dateline.map(|d| format!("dateline: {d}\n")).unwrap_or_default();
        let site = one_document_site(&document(kind, &extra, &body));
        let archive = load_archive(site.path()).expect("the content folder is there");
        // Whatever it made of the text, every diagnostic has a place.
        for d in &archive.report.diagnostics {
            prop_assert!(d.line >= 1 && d.column >= 1);
            prop_assert!(!d.to_string().contains('\n'));
        }
    }

    #[test]
    fn the_loader_never_panics_on_front_matter(
        id in front_matter_value(),
        summit in front_matter_value(),
        kind in front_matter_value(),
        title in front_matter_value(),
        body in pasted_text(),
    ) {
        let text = format!("---\nid: {id}\nsummit: {summit}\nkind: {kind}\ntitle: {title}\ndate: 2023-05-19\nsource: s.txt\n---\n{body}");
        let site = one_document_site(&text);
        prop_assert!(load_archive(site.path()).is_ok());
    }

    #[test]
    fn the_loader_never_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let site = fixture_site(&[("content/2023-xian/summit.yaml", SUMMIT_YAML)]);
        std::fs::write(site.path().join("content/2023-xian/doc.md"), &bytes).unwrap();
        prop_assert!(load_archive(site.path()).is_ok());
    }
}

#[test]
fn a_built_fuzzed_document_still_renders() {
    // The whole pipeline on a document full of structure and markup.
    let body = "一、问：<b>粗体</b>？\n\n答：中国-中亚“一带一路”\n\n二、问：第二？\n\n答：(上接第一版)这是5月18日拍摄的照片。\n\n<script>alert(1)</script>\n";
    let site = one_document_site(&document("interview", "", body));
    let out = site.path().join("public");
    summit_archive::build_site(site.path(), &out).unwrap();
    let html = parse_html(&out.join("zh/2023-xian/doc/index.html"));
    assert!(select(&html, "main script, main b").is_empty());
}

#[test]
fn an_oversized_file_is_refused_with_a_message() {
    let site = fixture_site(&[("content/2023-xian/summit.yaml", SUMMIT_YAML)]);
    let big = document("fragment", "", &"各方一致认为。\n".repeat(450_000));
    assert!(big.len() as u64 > summit_archive::load::MAX_FILE_BYTES);
    std::fs::write(site.path().join("content/2023-xian/doc.md"), big).unwrap();
    let archive = load_archive(site.path()).unwrap();
    let d = &archive.report.diagnostics[0];
    assert_eq!(d.path, "content/2023-xian/doc.md");
    assert!(d.message.contains("more than the 8 MB"), "{}", d.message);
}

#[test]
fn a_large_document_loads() {
    // A few thousand paragraphs, far beyond any summit text, load as units.
    let body: String = (1..=3000)
        .map(|i| format!("第{i}段：各方同意继续合作。\n\n"))
        .collect();
    let site = one_document_site(&document("fragment", "", &body));
    let archive = load_archive(site.path()).unwrap();
    assert!(!archive.report.has_errors());
    assert_eq!(archive.documents[0].units().len(), 3000);
}

#[test]
fn bad_summit_files_are_reported_at_their_place() {
    let cases = [
        (
            "id: 2023-xian\nnumber: one\n",
            "content/2023-xian/summit.yaml:2:9: error: number: invalid type",
        ),
        (
            "id: ../2023\nnumber: 1\nname: {zh: a, en: b}\nstart: 2023-05-18\nend: 2023-05-19\ncity: {zh: a, en: b}\nhost: {zh: a, en: b}\nleaders: []\n",
            "content/2023-xian/summit.yaml:1:5: error: summit id `../2023`",
        ),
        (
            "id: 2023-xian\nnumber: 1\nname: {zh: a, en: b}\nstart: 2023-05-19\nend: 2023-05-18\ncity: {zh: a, en: b}\nhost: {zh: a, en: b}\nleaders: []\n",
            "content/2023-xian/summit.yaml:5:6: error: the summit ends before it starts",
        ),
    ];
    for (yaml, expected) in cases {
        let site = fixture_site(&[("content/2023-xian/summit.yaml", yaml)]);
        let archive = load_archive(site.path()).unwrap();
        let lines: Vec<String> = archive
            .report
            .diagnostics
            .iter()
            .map(ToString::to_string)
            .collect();
        assert!(
            lines.iter().any(|l| l.starts_with(expected)),
            "{expected}\nnot in {lines:#?}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, .. ProptestConfig::default() })]

    #[test]
    fn nesting_is_refused_past_the_limit(depth in 0usize..5000) {
        let note = format!("{}注{}", "[".repeat(depth), "]".repeat(depth));
        let site = one_document_site(&document("fragment", &format!("note: {note}\n"), "正文。\n"));
        // How fast is measured in bench/limits.sh, not here.
        let archive = load_archive(site.path()).unwrap();
        let deep = archive
            .report
            .diagnostics
            .iter()
            .any(|d| d.message.contains("nests more than 64 levels"));
        // The top-level mapping is one level.
        prop_assert_eq!(deep, depth + 1 > 64);
    }
}

/// The characters a content file may not hold, one of each class.
fn hidden_char() -> impl Strategy<Value = char> {
    prop::sample::select(vec![
        '\0', '\u{1}', '\u{7}', '\u{8}', '\u{b}', '\u{c}', '\u{1b}', '\u{7f}', '\u{85}', '\u{9b}',
        '\u{2028}', '\u{2029}', '\u{200e}', '\u{200f}', '\u{61c}', '\u{202a}', '\u{202e}',
        '\u{2066}', '\u{2069}', '\u{feff}',
    ])
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    /// A hidden character anywhere in a document, translation or glossary is one error at its
    /// own line and column.
    #[test]
    fn a_hidden_character_is_reported_where_it_is(
        c in hidden_char(),
        file in 0usize..3,
        line_pick in any::<prop::sample::Index>(),
        column_pick in any::<prop::sample::Index>(),
    ) {
        let doc = document("article", "", "第一段正文。\n\n第二段正文。\n");
        let translation = "title: Title\nunits:\n  para_1: The first paragraph.\n  para_2: The second.\n";
        let glossary = "terms:\n  - { zh: 西安, en: \"Xi'an\", type: place }\n";
        let (rel, text) = [
            ("content/2023-xian/doc.md", doc.as_str()),
            ("content/2023-xian/doc.en.yaml", translation),
            ("content/glossary.yaml", glossary),
        ][file];
        let lines: Vec<&str> = text.lines().collect();
        let line = line_pick.index(lines.len());
        let chars: Vec<char> = lines[line].chars().collect();
        let column = column_pick.index(chars.len() + 1);
        let mut changed: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        changed[line] = chars[..column].iter().chain(std::iter::once(&c)).chain(&chars[column..]).collect();
        let changed = changed.join("\n") + "\n";
        let mut files = vec![
            ("content/2023-xian/summit.yaml", SUMMIT_YAML),
            ("content/2023-xian/doc.md", doc.as_str()),
            ("content/2023-xian/doc.en.yaml", translation),
            ("content/glossary.yaml", glossary),
        ];
        for f in &mut files {
            if f.0 == rel {
                f.1 = &changed;
            }
        }
        let site = fixture_site(&files);
        let archive = load_archive(site.path()).unwrap();
        let errors: Vec<_> = archive.report.diagnostics.iter().filter(|d| d.is_error()).collect();
        if c == '\u{feff}' && line == 0 && column == 0 {
            // A byte-order mark opening a file marks its encoding: it is dropped, and the
            // cleaning report says so.
            prop_assert!(errors.is_empty(), "{:?}", errors);
            prop_assert!(archive.report.cleaning.iter().any(|k| k.path == rel
                && k.action == summit_archive::load::CleaningAction::ByteOrderMark));
            return Ok(());
        }
        prop_assert_eq!(errors.len(), 1, "{:?}", errors);
        prop_assert_eq!(errors[0].path.as_str(), rel);
        prop_assert_eq!((errors[0].line, errors[0].column), (line + 1, column + 1));
        let code = format!("U+{:04X}", u32::from(c));
        prop_assert!(errors[0].message.contains(&code), "{}", errors[0].message);
        prop_assert!(!errors[0].to_string().contains(c));
    }

    /// Nesting past the limit in any YAML file of the content, in flow or block style, is
    /// refused at the place it goes too deep, before the YAML parser sees it.
    #[test]
    fn nesting_is_refused_in_every_yaml_file(depth in 40usize..400, file in 0usize..4, block in any::<bool>()) {
        let deep = if block {
            (0..depth).map(|i| format!("{}k{i}:\n", "  ".repeat(i))).collect::<String>()
                + &format!("{}end: x\n", "  ".repeat(depth))
        } else {
            format!("k: {}x{}\n", "[".repeat(depth), "]".repeat(depth))
        };
        let (rel, prefix) = [
            ("content/glossary.yaml", ""),
            ("content/2023-xian/doc.en.yaml", "title: T\n"),
            ("content/topics.yaml", ""),
            ("content/reviews.yaml", ""),
        ][file];
        let text = format!("{prefix}{deep}");
        let site = fixture_site(&[
            ("content/2023-xian/summit.yaml", SUMMIT_YAML),
            ("content/2023-xian/doc.md", &document("article", "", "正文。\n")),
            (rel, &text),
        ]);
        let archive = load_archive(site.path()).unwrap();
        let too_deep: Vec<_> = archive
            .report
            .diagnostics
            .iter()
            .filter(|d| d.message.contains("nests more than 64 levels"))
            .collect();
        // The top-level mapping is one level, each bracket or indented mapping one more.
        let levels = depth + 1;
        prop_assert_eq!(too_deep.len(), usize::from(levels > 64), "{:?}", archive.report.diagnostics);
        if let Some(d) = too_deep.first() {
            prop_assert_eq!(d.path.as_str(), rel);
        }
    }
}
