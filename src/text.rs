//! Chinese text helpers shared by the stages: character classes, printed numerals, and the
//! normalised form of a text used for matching. The normalised form is never displayed: what
//! the site shows is always the text as printed.

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

/// Splits a leading Arabic number followed by one of `markers` (`21. 保障…`, `3、…`).
pub fn leading_number<'a>(text: &'a str, markers: &[char]) -> Option<(&'a str, u32, &'a str)> {
    let end = text
        .char_indices()
        .find(|&(_, c)| !c.is_ascii_digit())
        .map(|(i, _)| i)?;
    if end == 0 || end > 4 {
        return None;
    }
    let rest = &text[end..];
    let marker = rest.chars().next()?;
    if !markers.contains(&marker) {
        return None;
    }
    let printed = &text[..end];
    let value = printed.parse().ok()?;
    Some((printed, value, rest[marker.len_utf8()..].trim_start()))
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
}
