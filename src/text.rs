//! Chinese text helpers shared by the stages: character classes, printed numerals (Chinese,
//! ASCII and full-width Arabic), the normalised form of a text used for matching, and the
//! printed forms of a news text that are not sentences (datelines, bylines, speaker lines, page
//! markers, headings). The normalised form is never displayed: what the site shows is always
//! the text as printed.

use regex::Regex;
use std::sync::LazyLock;

/// Whether `c` is a Han ideograph (CJK Unified Ideographs, their extensions and compatibility
/// forms).
pub fn is_han(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FFFF}'
        | '\u{30000}'..='\u{3134F}')
}

/// Characters that count as words when deciding whether a paragraph is substantial: Han
/// ideographs, letters and digits.
pub fn word_chars(text: &str) -> usize {
    text.chars()
        .filter(|&c| is_han(c) || c.is_alphanumeric())
        .count()
}

/// The dash-like characters that printings use interchangeably in names such as 中国—中亚.
const DASHES: &[char] = &[
    '-', '\u{2010}', '\u{2011}', '\u{2012}', '\u{2013}', '\u{2014}', '\u{2015}', '\u{2212}',
    '\u{FE58}', '\u{FE63}', '\u{FF0D}', '\u{2500}',
];

/// Whether `c` is one of the dash variants that [`normalize_for_matching`] folds together.
pub fn is_dash(c: char) -> bool {
    DASHES.contains(&c)
}

/// The form of `text` used to compare texts: dash variants become `—`, half-width punctuation
/// becomes its full-width form, and white space is removed (it carries no meaning between Han
/// characters and pasted texts are full of stray spaces).
pub fn normalize_for_matching(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            c if is_dash(c) => '—',
            ',' => '，',
            ';' => '；',
            ':' => '：',
            '?' => '？',
            '!' => '！',
            '(' => '（',
            ')' => '）',
            c => c,
        })
        .collect()
}

/// Punctuation after which a paragraph is complete: a line break after one of these is a real
/// paragraph break, never a sentence broken by a paste.
pub fn ends_complete(text: &str) -> bool {
    match text.trim_end().chars().last() {
        None => true,
        Some(c) => !continues_after(c),
    }
}

/// Whether a sentence can go on after `c`: Han characters, letters, digits, enumeration and
/// clause commas and opening brackets or quotes all leave the sentence unfinished.
fn continues_after(c: char) -> bool {
    is_han(c)
        || c.is_alphanumeric()
        || matches!(
            c,
            '、' | '，' | ',' | '“' | '‘' | '《' | '〈' | '（' | '(' | '「' | '『' | '【'
        )
}

/// Whether a line starting with `c` can be the rest of a sentence begun on an earlier line.
pub fn can_continue_with(c: char) -> bool {
    is_han(c)
        || c.is_alphanumeric()
        || matches!(
            c,
            '”' | '’'
                | '》'
                | '〉'
                | '）'
                | ')'
                | '」'
                | '』'
                | '】'
                | '、'
                | '，'
                | ','
                | '。'
                | '；'
        )
}

const DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/// The value of a printed Chinese numeral from 一 to 九十九 (also 〇/零 and 两).
pub fn parse_numeral(s: &str) -> Option<u32> {
    fn digit(c: char) -> Option<u32> {
        match c {
            '零' => Some(0),
            '两' => Some(2),
            c => DIGITS.iter().position(|&d| d == c).map(|p| p as u32),
        }
    }
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        [c] if *c == '十' => Some(10),
        [c] => digit(*c).filter(|&v| v > 0),
        ['十', u] => digit(*u).filter(|&v| v > 0).map(|v| 10 + v),
        [t, '十'] => digit(*t).filter(|&v| v > 1).map(|v| v * 10),
        [t, '十', u] => {
            let tens = digit(*t).filter(|&v| v > 1)?;
            let units = digit(*u).filter(|&v| v > 0)?;
            Some(tens * 10 + units)
        }
        _ => None,
    }
}

/// The printed Chinese numeral for `n` (1 to 99), the inverse of [`parse_numeral`].
pub fn numeral(n: u32) -> String {
    let (tens, units) = (n / 10, n % 10);
    let mut out = String::new();
    if tens > 1 {
        out.push(DIGITS[tens as usize]);
    }
    if tens > 0 {
        out.push('十');
    }
    if units > 0 {
        out.push(DIGITS[units as usize]);
    }
    out
}

/// Splits a leading printed Chinese numeral off `text`, when `text` starts with one followed by
/// `marker`: `("七", 7, rest)` for `七、各方…` with marker `、`.
pub fn leading_numeral<'a>(text: &'a str, markers: &[char]) -> Option<(&'a str, u32, &'a str)> {
    let end = text
        .char_indices()
        .find(|&(_, c)| !(DIGITS.contains(&c) || c == '十' || c == '零' || c == '两'))
        .map(|(i, _)| i)?;
    if end == 0 {
        return None;
    }
    let rest = &text[end..];
    let marker = rest.chars().next()?;
    if !markers.contains(&marker) {
        return None;
    }
    let printed = &text[..end];
    let value = parse_numeral(printed)?;
    Some((printed, value, &rest[marker.len_utf8()..]))
}

/// The value of an Arabic digit, ASCII (`3`) or full-width (`３`): printings use both.
pub fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

/// The value of a printed Arabic number in ASCII or full-width digits (`21`, `２１`), at most
/// four digits long.
pub fn parse_digits(s: &str) -> Option<u32> {
    if s.is_empty() || s.chars().count() > 4 {
        return None;
    }
    s.chars()
        .try_fold(0u32, |n, c| digit_value(c).map(|d| n * 10 + d))
}

/// Splits a leading Arabic number followed by one of `markers` (`21. 保障…`, `3、…`, `１．…`),
/// in ASCII or full-width digits.
pub fn leading_number<'a>(text: &'a str, markers: &[char]) -> Option<(&'a str, u32, &'a str)> {
    let end = text
        .char_indices()
        .find(|&(_, c)| digit_value(c).is_none())
        .map(|(i, _)| i)?;
    let printed = &text[..end];
    let value = parse_digits(printed)?;
    let rest = &text[end..];
    let marker = rest.chars().next()?;
    if !markers.contains(&marker) {
        return None;
    }
    Some((printed, value, rest[marker.len_utf8()..].trim_start()))
}

// Printed forms of a news text: the lines that are not sentences (datelines, bylines, speaker
// lines, page markers, date lines, headings). Shared by the loader, which sets them apart, and
// by `new document`, which reads the front matter off them, so that both agree.

/// The characters a dateline's place may not contain: white space, brackets, quotes and
/// sentence punctuation.
const DATELINE: &str =
    r"[^\s（()）“”‘’《》，。、：；！？,;:!?]{2,16}?[0-9０-９]{1,2}月[0-9０-９]{1,2}日[电讯]";

/// A dateline opening a line, bracketed (with what follows it inside the brackets) or not
/// (with a reporter's byline in brackets after it, spaced or not).
static DATELINE_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?:[（(]\s*(?P<d1>{DATELINE})(?P<b1>[^（()）]*)[)）]|(?P<d2>{DATELINE})(?:\s*[（(](?P<b2>[^（()）]*记者[^（()）]*)[)）])?)\s*"
    ))
    .expect("constant pattern")
});

/// A bracketed dateline closing a line: `…合作。(新华社西安5月19日电 记者 赵博超)`.
static DATELINE_LAST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\s*[（(]\s*(?P<d>{DATELINE})(?P<b>[^（()）]*)[)）]\s*$"
    ))
    .expect("constant pattern")
});

/// A dateline found in a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatelineAt {
    /// The dateline as printed (`新华社阿斯塔纳6月17日电`).
    pub dateline: String,
    /// The byline printed with it (`记者 张三`), if any.
    pub byline: Option<String>,
    /// The byte range of the line it takes up, brackets, byline and spaces around it included.
    pub range: std::ops::Range<usize>,
}

/// The dateline printed at the start of `line` (`新华社阿斯塔纳6月17日电(记者 …)…`,
/// `（新华社北京6月18日电）`) or in brackets at its end (`…。(新华社西安5月19日电)`).
pub fn dateline_in(line: &str) -> Option<DatelineAt> {
    let byline = |m: Option<regex::Match<'_>>| {
        m.map(|b| {
            b.as_str()
                .trim()
                .trim_start_matches(['，', ','])
                .trim()
                .to_string()
        })
        .filter(|b| !b.is_empty())
    };
    if let Some(m) = DATELINE_FIRST.captures(line) {
        let d = m.name("d1").or(m.name("d2"))?;
        return Some(DatelineAt {
            dateline: d.as_str().to_string(),
            byline: byline(m.name("b1").or(m.name("b2"))),
            range: 0..m.get(0)?.end(),
        });
    }
    let m = DATELINE_LAST.captures(line)?;
    Some(DatelineAt {
        dateline: m.name("d")?.as_str().to_string(),
        byline: byline(m.name("b")),
        range: m.get(0)?.start()..line.len(),
    })
}

/// The words a speaker's title ends with (`中华人民共和国主席`, `哈萨克斯坦共和国总统`,
/// `外交部长`).
const TITLE_ENDS: &str = "主席|总统|总理|首相|国务委员|委员|部长|外长|大使|秘书长|书记|议长|主任|会长|理事长|董事长|行长|市长|省长|州长|发言人|特使|国王|埃米尔|院长|校长|局长|司长|署长|负责人";

static SPEAKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:^|[\s)）])(?P<title>[\p{{Han}}·・、—－-]{{0,30}}(?:{TITLE_ENDS}))[\s\u{{3000}}]+(?P<name>[\p{{Han}}·・]{{2,12}})$"
    ))
    .expect("constant pattern")
});
static DATE_IN_BRACKETS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^[（(]\s*[0-9０-９]{4}\s*年\s*[0-9０-９]{1,2}\s*月\s*[0-9０-９]{1,2}\s*日[^（()）]{0,20}[)）]",
    )
    .expect("constant pattern")
});

/// A speaker line: a title and a name, separated by a space (`中华人民共和国主席 习近平`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpeakerLine {
    pub title: String,
    pub name: String,
    /// The line is the speaker line and nothing else, or a date in brackets and the speaker
    /// line (`（2025年6月17日）中华人民共和国主席 习近平`); otherwise the speaker closes a
    /// longer line (`在峰会上的讲话 (2023年5月19日) 中华人民共和国主席 习近平`).
    pub whole: bool,
}

/// The speaker named at the end of `line`, if it ends with a title and a name.
pub fn speaker_in(line: &str) -> Option<SpeakerLine> {
    let line = line.trim();
    let m = SPEAKER.captures(line)?;
    let title = m.name("title")?;
    let before = line[..title.start()].trim();
    let whole = before.is_empty()
        || DATE_IN_BRACKETS
            .find(before)
            .is_some_and(|d| d.end() == before.len());
    Some(SpeakerLine {
        title: title.as_str().to_string(),
        name: m.name("name")?.as_str().to_string(),
        whole,
    })
}

/// Whether `line` is a date in brackets and nothing else (`（2025年6月17日，阿斯塔纳）`).
pub fn is_bracketed_date(line: &str) -> bool {
    let line = line.trim();
    DATE_IN_BRACKETS
        .find(line)
        .is_some_and(|m| m.end() == line.len())
}

static BYLINE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[（(]?\s*(?:新华社|本报|人民日报|中新社)?\s*(?:特派|特约|驻\S{1,8})?(?:记者|评论员|通讯员)(?:[\s\u{3000}]*[\p{Han}·・、，,]{0,30})?\s*[)）]?$")
        .expect("constant pattern")
});

/// Whether `line` is a byline on a line of its own: `新华社评论员`, `（记者 张三 李四）`,
/// `本报记者 王五`.
pub fn is_byline(line: &str) -> bool {
    let line = line.trim();
    line.chars().count() <= 40 && BYLINE_LINE.is_match(line)
}

/// A page-continuation marker's words and number: `下转A02版`, `上接第三版`, `转第2版`.
const MARKER: &str = r"(?:上接|下转|紧接|接|转|续)\s*第?\s*[A-Za-zＡ-Ｚａ-ｚ]{0,2}\s*[0-9０-９一二三四五六七八九十〇零]{1,3}\s*版";
/// The unbracketed marker, which names its direction (`接第1版` alone could be a sentence's).
const BARE_MARKER: &str = r"(?:上接|下转|紧接|转)\s*第?\s*[A-Za-zＡ-Ｚａ-ｚ]{0,2}\s*[0-9０-９一二三四五六七八九十〇零]{1,3}\s*版";

static MARKER_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?:[（(]\s*(?P<m1>{MARKER})\s*[)）]|(?P<m2>{BARE_MARKER})(?:\s+|$))\s*"
    ))
    .expect("constant pattern")
});
static MARKER_LAST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:\s*[（(]\s*(?P<m1>{MARKER})\s*[)）]|(?:^|[\s。！？；”])(?P<m2>{BARE_MARKER}))\s*$"
    ))
    .expect("constant pattern")
});

/// A page-continuation marker found in a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkerAt {
    /// The marker's words, without brackets (`下转A02版`).
    pub marker: String,
    /// Whether it says where the text comes from (`上接`, `紧接`, `接`, `续`) rather than
    /// where it goes on (`下转`, `转`).
    pub continued_from: bool,
    /// The byte range of the line it takes up, brackets and spaces included.
    pub range: std::ops::Range<usize>,
}

fn marker_at(m: &regex::Captures<'_>, range: std::ops::Range<usize>) -> Option<MarkerAt> {
    let words = m.name("m1").or(m.name("m2"))?.as_str();
    Some(MarkerAt {
        marker: words.to_string(),
        continued_from: !(words.starts_with("下转") || words.starts_with('转')),
        range,
    })
}

/// The page-continuation marker opening `line` (`(上接第一版)`, `（紧接第1版）`,
/// `转第2版 `), if any.
pub fn marker_first(line: &str) -> Option<MarkerAt> {
    let m = MARKER_FIRST.captures(line)?;
    let end = m.get(0)?.end();
    marker_at(&m, 0..end)
}

/// The page-continuation marker closing `line` (`…(下转A02版)`, `…。下转第4版`), if any.
pub fn marker_last(line: &str) -> Option<MarkerAt> {
    let m = MARKER_LAST.captures(line)?;
    let words = m.name("m1").or(m.name("m2"))?;
    // An unbracketed marker starts at its words; the punctuation before it stays.
    let start = match m.name("m1") {
        Some(_) => m.get(0)?.start(),
        None => words.start(),
    };
    marker_at(&m, start..line.len())
}

/// Whether `line` is laid out like a heading, a date or a name rather than a sentence: short,
/// with no sentence punctuation at all and its quotes and brackets closed. A line break after
/// such a line is never a sentence broken by a paste.
pub fn is_heading_like(line: &str) -> bool {
    let line = line.trim();
    let count = line.chars().count();
    if count == 0 || count > 40 {
        return false;
    }
    if line.contains([
        '，', '。', '；', '：', '！', '？', '、', ',', ';', ':', '!', '?',
    ]) {
        return false;
    }
    let balance = |open: char, close: char| {
        line.chars().filter(|&c| c == open).count() == line.chars().filter(|&c| c == close).count()
    };
    balance('“', '”')
        && balance('‘', '’')
        && balance('《', '》')
        && balance('（', '）')
        && balance('(', ')')
}

/// Whether `line` is a salutation (`尊敬的托卡耶夫总统，`, `各位同事，女士们、先生们、朋友们：`):
/// the lines of a salutation are printed apart and never joined.
pub fn is_salutation(line: &str) -> bool {
    let line = line.trim();
    line.chars().count() <= 40
        && (line.ends_with(['：', ':'])
            || (line.starts_with("尊敬的") && line.ends_with(['，', ','])))
}

/// Why `line` cannot be a document's title, if it cannot: a bracketed date, a dateline, a
/// byline, a speaker line, a page marker, a subtitle, or a paragraph (longer than 60
/// characters, holding a full stop, or ending on a comma or colon).
pub fn not_a_title(line: &str) -> Option<&'static str> {
    let line = line.trim();
    let count = line.chars().count();
    if line.is_empty() {
        Some("a blank line")
    } else if is_bracketed_date(line) {
        Some("a date in brackets")
    } else if dateline_in(line).is_some() {
        Some("a dateline")
    } else if marker_first(line).is_some_and(|m| m.range.end == line.len()) {
        Some("a page-continuation marker")
    } else if speaker_in(line).is_some_and(|s| s.whole) {
        Some("a speaker line")
    } else if is_byline(line) {
        Some("a byline")
    } else if line.starts_with("——") {
        Some("a subtitle")
    } else if count > 60
        || line.contains('。')
        || line.ends_with(['；', '，', '、', '：', ':', ';', ','])
    {
        Some("a paragraph")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerals_round_trip() {
        for n in 1..100 {
            assert_eq!(parse_numeral(&numeral(n)), Some(n), "{n}");
        }
        assert_eq!(numeral(11), "十一");
        assert_eq!(numeral(20), "二十");
        assert_eq!(parse_numeral("十一"), Some(11));
        assert_eq!(parse_numeral("二十一"), Some(21));
        assert_eq!(parse_numeral("一十"), None);
        assert_eq!(parse_numeral("是"), None);
    }

    #[test]
    fn leading_numeral_needs_its_marker() {
        assert_eq!(
            leading_numeral("十一、各方重申", &['、']),
            Some(("十一", 11, "各方重申"))
        );
        assert_eq!(leading_numeral("一是务实高效", &['、']), None);
        assert_eq!(
            leading_numeral("一是务实高效", &['是']),
            Some(("一", 1, "务实高效"))
        );
        assert_eq!(leading_numeral("一带一路", &['、']), None);
    }

    #[test]
    fn leading_number_takes_arabic_items() {
        assert_eq!(
            leading_number("21. 完成中吉乌铁路", &['.']),
            Some(("21", 21, "完成中吉乌铁路"))
        );
        assert_eq!(
            leading_number("1.《中国—中亚峰会西安宣言》", &['.']),
            Some(("1", 1, "《中国—中亚峰会西安宣言》"))
        );
        assert_eq!(leading_number("2023年5月", &['.']), None);
        assert_eq!(leading_number("12345. 太长", &['.']), None);
    }

    #[test]
    fn full_width_digits_read_like_ascii_ones() {
        assert_eq!(
            leading_number("１．各方一致认为", &['.', '．']),
            Some(("１", 1, "各方一致认为"))
        );
        assert_eq!(
            leading_number("２１、完成可研", &['、']),
            Some(("２１", 21, "完成可研"))
        );
        assert_eq!(parse_digits("３"), Some(3));
        assert_eq!(parse_digits("1０"), Some(10));
        assert_eq!(parse_digits(""), None);
        assert_eq!(parse_digits("三"), None);
        assert_eq!(leading_number("２０２５年６月", &['.', '．', '、']), None);
    }

    #[test]
    fn dash_variants_match() {
        assert_eq!(
            normalize_for_matching("中国-中亚"),
            normalize_for_matching("中国—中亚")
        );
        assert_eq!(
            normalize_for_matching("中国－中亚 峰会"),
            normalize_for_matching("中国–中亚峰会")
        );
        assert_ne!(
            normalize_for_matching("中国中亚"),
            normalize_for_matching("中国—中亚")
        );
    }

    #[test]
    fn broken_sentences_are_recognised() {
        assert!(!ends_complete("上下求"));
        assert!(!ends_complete("深化贸易投资、农业、"));
        assert!(ends_complete("谢谢大家。"));
        assert!(ends_complete("这样的交往互动温暖人心——"));
        assert!(ends_complete("……"));
        assert!(can_continue_with('索'));
        assert!(can_continue_with('”'));
        assert!(!can_continue_with('“'));
    }

    #[test]
    fn speaker_lines_need_a_title_and_a_name() {
        let s = speaker_in("中华人民共和国主席 习近平").expect("speaker");
        assert_eq!(
            (s.title.as_str(), s.name.as_str(), s.whole),
            ("中华人民共和国主席", "习近平", true)
        );
        assert!(
            speaker_in("（2025年6月17日）哈萨克斯坦共和国总统　托卡耶夫").is_some_and(|s| s.whole)
        );
        assert!(
            speaker_in("在峰会上的讲话 (2023年5月19日) 中华人民共和国主席 习近平")
                .is_some_and(|s| !s.whole)
        );
        assert_eq!(speaker_in("中华人民共和国主席习近平"), None);
        assert_eq!(speaker_in("新华社记者 张三"), None);
        assert_eq!(speaker_in("弘扬中国—中亚精神 携手推进共同现代化"), None);
    }

    #[test]
    fn titles_are_proposed_only_from_lines_that_can_be_titles() {
        assert_eq!(not_a_title("携手同行 共创丝路新篇章"), None);
        assert_eq!(not_a_title("弘扬中国—中亚精神，致力永久睦邻友好"), None);
        assert_eq!(
            not_a_title("（2025年6月17日，阿斯塔纳）"),
            Some("a date in brackets")
        );
        assert_eq!(
            not_a_title("新华社阿斯塔纳6月17日电(记者 张三)6月17日，…"),
            Some("a dateline")
        );
        assert_eq!(
            not_a_title("中华人民共和国主席 习近平"),
            Some("a speaker line")
        );
        assert_eq!(
            not_a_title("各方一致认为，合作成果丰硕。"),
            Some("a paragraph")
        );
        assert_eq!(not_a_title(&"合作".repeat(40)), Some("a paragraph"));
        assert_eq!(
            not_a_title("(下转A02版)"),
            Some("a page-continuation marker")
        );
    }

    #[test]
    fn heading_like_lines_have_no_sentence_punctuation_and_close_their_quotes() {
        assert!(is_heading_like("携手同行 共创丝路新篇章"));
        assert!(is_heading_like("新华社评论员"));
        assert!(!is_heading_like("吉尔吉斯斯坦“2026年前国家发展纲"));
        assert!(!is_heading_like("我们要践行全球文明倡议，赓续传统友谊"));
    }
}
