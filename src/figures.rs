//! Headline figures: the amounts, volumes, places, pairs and shares a text states, found by
//! rules about the language, never by naming sentences. A figure is a printed number (ASCII or
//! full-width digits, or a Chinese numeral for the strong units), with its magnitude
//! (`万`, `亿`, `万亿`) and a unit from [`UNITS`] (`亿元人民币`, `亿美元`, `个培训名额`,
//! `对友好城市`, `%`, `百分之…`). A number with no unit of the table (a year, a date, an
//! ordinal, a duration) is no figure. Takes plain text; gives byte ranges into it, so that what
//! the site shows is always the text as printed.
//!
//! [`english`] finds the same figure in a unit's English by its value (`26 billion yuan`,
//! `3,000 training opportunities`, `35 percent`).

use crate::text::{digit_value, is_han};

/// What a figure counts, in the order figures are ranked for the home page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FigureKind {
    /// An amount of money (financing, trade volume, investment).
    Money,
    /// Places offered: training, study, scholarships.
    Places,
    /// Pairs: sister cities and provinces.
    Pairs,
    /// A share or a growth rate.
    Percent,
    /// A measured quantity: tonnes, kilometres, people, trains.
    Quantity,
    /// Things counted with a classifier (`13个`, `100余份`).
    Count,
}

/// A figure found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub kind: FigureKind,
    /// The figure as printed, as a byte range of the text: any word of approximation before it
    /// (`超过`, `近`), the number, its magnitude and its unit.
    pub start: usize,
    pub end: usize,
    /// The number times its magnitude (`260亿` is 2.6e10; `35%` is 35).
    pub value: f64,
    /// The unit as the rules name it (`元人民币`, `美元`, `名额`, `对`, `%`), for telling
    /// figures apart.
    pub unit: &'static str,
}

/// A unit: its printed form, what it counts, whether a Chinese numeral may carry it, and
/// whether Han characters may stand between the number and it (`3000个培训名额`).
struct Unit {
    form: &'static str,
    kind: FigureKind,
    numerals: bool,
    noun_before: bool,
}

const fn unit(form: &'static str, kind: FigureKind, numerals: bool) -> Unit {
    Unit {
        form,
        kind,
        numerals,
        noun_before: false,
    }
}

/// The units, longest form first where one begins another.
const UNITS: &[Unit] = &[
    unit("元人民币", FigureKind::Money, true),
    unit("美元", FigureKind::Money, true),
    unit("欧元", FigureKind::Money, true),
    unit("卢布", FigureKind::Money, true),
    unit("坚戈", FigureKind::Money, true),
    unit("元", FigureKind::Money, true),
    Unit {
        form: "名额",
        kind: FigureKind::Places,
        numerals: true,
        noun_before: true,
    },
    unit("对友好城市", FigureKind::Pairs, true),
    unit("对友城", FigureKind::Pairs, true),
    unit("对", FigureKind::Pairs, false),
    unit("%", FigureKind::Percent, false),
    unit("％", FigureKind::Percent, false),
    unit("个百分点", FigureKind::Percent, false),
    unit("平方公里", FigureKind::Quantity, false),
    unit("公里", FigureKind::Quantity, false),
    unit("千米", FigureKind::Quantity, false),
    unit("吨", FigureKind::Quantity, false),
    unit("人次", FigureKind::Quantity, false),
    unit("人", FigureKind::Quantity, false),
    unit("列", FigureKind::Quantity, false),
    unit("个", FigureKind::Count, false),
    unit("项", FigureKind::Count, false),
    unit("份", FigureKind::Count, false),
    unit("家", FigureKind::Count, false),
    unit("所", FigureKind::Count, false),
    unit("座", FigureKind::Count, false),
];

/// Characters after `元` that make it part of a word (`元首`, `元旦`), not the currency.
const NOT_CURRENCY: &[char] = &['首', '旦', '素', '年', '月', '代', '老', '化'];

/// Magnitudes after a number, longest first.
const MAGNITUDES: &[(&str, f64)] = &[
    ("万亿", 1e12),
    ("千亿", 1e11),
    ("百亿", 1e10),
    ("亿", 1e8),
    ("千万", 1e7),
    ("百万", 1e6),
    ("万", 1e4),
];

/// Words of approximation printed before a number, kept with the figure.
const BEFORE: &[&str] = &["超过", "突破", "将近", "逾", "近", "约", "超"];

/// Currency names printed before the number (`人民币260亿元`), kept with the figure.
const CURRENCY_BEFORE: &[&str] = &["人民币"];

/// How many Han characters may stand between a number and a unit that allows a noun before it.
const NOUN_CHARS: usize = 8;

fn numeral_digit(c: char) -> Option<u32> {
    match c {
        '〇' | '零' => Some(0),
        '一' => Some(1),
        '二' | '两' => Some(2),
        '三' => Some(3),
        '四' => Some(4),
        '五' => Some(5),
        '六' => Some(6),
        '七' => Some(7),
        '八' => Some(8),
        '九' => Some(9),
        _ => None,
    }
}

fn is_numeral_char(c: char) -> bool {
    numeral_digit(c).is_some() || matches!(c, '十' | '百' | '千')
}

/// The value of a Chinese numeral below ten thousand (`三千`, `一百二十`, `五十`).
fn numeral_value(chars: &[char]) -> Option<f64> {
    let mut total = 0u32;
    let mut digit: Option<u32> = None;
    for &c in chars {
        match c {
            '十' | '百' | '千' => {
                let scale = match c {
                    '十' => 10,
                    '百' => 100,
                    _ => 1000,
                };
                total += digit.take().unwrap_or(1) * scale;
            }
            c => {
                let d = numeral_digit(c)?;
                if d == 0 {
                    continue;
                }
                if digit.is_some() {
                    return None;
                }
                digit = Some(d);
            }
        }
    }
    let value = total + digit.unwrap_or(0);
    (value > 0).then_some(value as f64)
}

/// An Arabic number at `chars[i..]`: digits with thousands separators and a decimal part, in
/// ASCII or full width. Gives its value and the index after it.
fn arabic_at(chars: &[char], i: usize) -> Option<(f64, usize)> {
    let mut j = i;
    let mut whole = String::new();
    while j < chars.len() {
        match chars[j] {
            c if digit_value(c).is_some() => {
                whole.push(char::from_digit(digit_value(c)?, 10)?);
                j += 1;
            }
            ',' if !whole.is_empty()
                && chars.get(j + 1..j + 4).is_some_and(|d| {
                    d.iter().all(|&c| digit_value(c).is_some())
                        && chars.get(j + 4).is_none_or(|&c| digit_value(c).is_none())
                }) =>
            {
                j += 1;
            }
            '.' | '．'
                if !whole.is_empty()
                    && !whole.contains('.')
                    && chars.get(j + 1).is_some_and(|&c| digit_value(c).is_some()) =>
            {
                whole.push('.');
                j += 1;
            }
            _ => break,
        }
    }
    if whole.is_empty() {
        return None;
    }
    Some((whole.parse().ok()?, j))
}

fn starts_with(chars: &[char], i: usize, word: &str) -> bool {
    word.chars()
        .enumerate()
        .all(|(k, c)| chars.get(i + k) == Some(&c))
}

fn ends_with(chars: &[char], i: usize, word: &str) -> bool {
    let n = word.chars().count();
    i >= n && starts_with(chars, i - n, word)
}

/// The unit at `chars[at..]`, and the index after it.
fn unit_at(chars: &[char], at: usize, numeral: bool) -> Option<(&'static Unit, usize)> {
    for u in UNITS {
        if numeral && !u.numerals {
            continue;
        }
        if starts_with(chars, at, u.form) {
            let end = at + u.form.chars().count();
            if u.form == "元" && chars.get(end).is_some_and(|c| NOT_CURRENCY.contains(c)) {
                continue;
            }
            return Some((u, end));
        }
        if u.noun_before && chars.get(at) == Some(&'个') {
            // A classifier and a short noun between the number and the unit: 个培训名额.
            let mut k = at;
            while k < chars.len() && k - at < NOUN_CHARS && is_han(chars[k]) {
                k += 1;
                if starts_with(chars, k, u.form) {
                    return Some((u, k + u.form.chars().count()));
                }
            }
        }
    }
    None
}

/// Every figure in `text`, in the order printed.
pub fn figures(text: &str) -> Vec<Figure> {
    let chars: Vec<char> = text.chars().collect();
    // Byte offset of each character, and of the end.
    let mut offsets: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    offsets.push(text.len());
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let after_number = i > 0 && digit_value(chars[i - 1]).is_some();
        let found = if after_number {
            None
        } else if digit_value(c).is_some() {
            figure_at(&chars, i, false)
        } else if starts_with(&chars, i, "百分之") {
            percent_words_at(&chars, i)
        } else if is_numeral_char(c) && !(i > 0 && is_numeral_char(chars[i - 1])) {
            figure_at(&chars, i, true)
        } else {
            None
        };
        match found {
            Some((kind, value, unit, end)) => {
                let start = extend_before(&chars, i);
                out.push(Figure {
                    kind,
                    start: offsets[start],
                    end: offsets[end],
                    value,
                    unit,
                });
                i = end;
            }
            None => i += 1,
        }
    }
    out
}

/// The start of a figure whose number is at `i`, with a currency or a word of approximation
/// printed before it (`超过700亿美元`, `人民币260亿元`).
fn extend_before(chars: &[char], i: usize) -> usize {
    let mut start = i;
    for w in CURRENCY_BEFORE.iter().chain(BEFORE) {
        if ends_with(chars, start, w) {
            start -= w.chars().count();
        }
    }
    start
}

type Found = (FigureKind, f64, &'static str, usize);

fn figure_at(chars: &[char], i: usize, numeral: bool) -> Option<Found> {
    // Not an ordinal (第二), nor part of a word made with a numeral (统一, 一带一路).
    if i > 0 && chars[i - 1] == '第' {
        return None;
    }
    let (mut value, mut j) = if numeral {
        let mut j = i;
        while j < chars.len() && is_numeral_char(chars[j]) {
            j += 1;
        }
        (numeral_value(&chars[i..j])?, j)
    } else {
        arabic_at(chars, i)?
    };
    let approx = |j: usize| {
        if matches!(chars.get(j), Some('多' | '余')) {
            j + 1
        } else {
            j
        }
    };
    j = approx(j);
    for (word, scale) in MAGNITUDES {
        if starts_with(chars, j, word) {
            value *= scale;
            j += word.chars().count();
            break;
        }
    }
    j = approx(j);
    let (unit, end) = unit_at(chars, j, numeral)?;
    Some((unit.kind, value, unit_key(unit.form), end))
}

/// A percentage in words: 百分之三十五.
fn percent_words_at(chars: &[char], i: usize) -> Option<Found> {
    let start = i + 3;
    let mut j = start;
    while j < chars.len() && is_numeral_char(chars[j]) {
        j += 1;
    }
    let value = numeral_value(&chars[start..j])?;
    Some((FigureKind::Percent, value, "%", j))
}

/// The unit a figure is told apart by: the full-width percent sign is the percent sign.
fn unit_key(form: &'static str) -> &'static str {
    match form {
        "％" => "%",
        "对友好城市" | "对友城" => "对",
        f => f,
    }
}

// The English side.

const SCALES: &[(&str, f64)] = &[
    ("trillion", 1e12),
    ("billion", 1e9),
    ("million", 1e6),
    ("thousand", 1e3),
];

/// Words printed before an English number that belong to the figure.
const EN_BEFORE: &[&str] = &[
    "RMB ",
    "US$",
    "$",
    "¥",
    "more than ",
    "over ",
    "nearly ",
    "almost ",
    "about ",
    "around ",
    "some ",
];

/// Words that end the unit words after an English number.
const EN_STOP: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "by", "each", "for", "from", "had", "has", "have", "in",
    "into", "is", "last", "next", "on", "or", "over", "than", "that", "the", "this", "to", "was",
    "were", "which", "with", "within",
];

/// How many words after an English number are taken as its unit.
const EN_UNIT_WORDS: usize = 3;

/// The same figure in `english`, found by its value: the byte range of the number with its
/// scale, unit words and any currency or approximation before it. `None` when the English
/// states no number of that value.
pub fn english(english: &str, figure: &Figure) -> Option<(usize, usize)> {
    let bytes = english.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let boundary = i == 0 || !bytes[i - 1].is_ascii_alphanumeric() && bytes[i - 1] != b'.';
        if !(boundary && bytes[i].is_ascii_digit()) {
            i += 1;
            continue;
        }
        // The number: digits, thousands separators, a decimal part.
        let mut j = i;
        let mut digits = String::new();
        while j < bytes.len() {
            match bytes[j] {
                b'0'..=b'9' => digits.push(bytes[j] as char),
                b',' if bytes.get(j + 1).is_some_and(u8::is_ascii_digit) => {}
                b'.' if bytes.get(j + 1).is_some_and(u8::is_ascii_digit) => digits.push('.'),
                _ => break,
            }
            j += 1;
        }
        let Ok(mut value) = digits.parse::<f64>() else {
            i = j;
            continue;
        };
        let mut end = j;
        let rest = &english[end..];
        for (word, scale) in SCALES {
            if let Some(r) = rest.strip_prefix(' ').and_then(|r| r.strip_prefix(word)) {
                if !r.starts_with(|c: char| c.is_ascii_alphabetic()) {
                    value *= scale;
                    end += 1 + word.len();
                }
                break;
            }
        }
        if same(value, figure.value) {
            end = english_unit_end(english, end, figure.kind);
            let mut start = i;
            for w in EN_BEFORE {
                if english[..start].ends_with(w) {
                    start -= w.len();
                }
            }
            return Some((start, end));
        }
        i = j;
    }
    None
}

fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// Where the unit words after an English number end.
fn english_unit_end(english: &str, mut end: usize, kind: FigureKind) -> usize {
    if english[end..].starts_with('%') {
        return end + 1;
    }
    let mut words = 0;
    while words < EN_UNIT_WORDS {
        let rest = &english[end..];
        let Some(r) = rest.strip_prefix(' ') else {
            break;
        };
        let len = r.find(' ').unwrap_or(r.len());
        let token = &r[..len];
        let word = token.trim_end_matches([',', ';', ':', '!', '?', ')', '”', '’', '"']);
        // A full stop ends the word unless it abbreviates (U.S.).
        let word = if word.ends_with('.') && word.matches('.').count() == 1 {
            &word[..word.len() - 1]
        } else {
            word
        };
        let lower = word.to_ascii_lowercase();
        if word.is_empty()
            || !word.starts_with(|c: char| c.is_alphabetic())
            || EN_STOP.contains(&lower.as_str())
        {
            break;
        }
        end += 1 + word.len();
        words += 1;
        if word.len() < token.len() || (kind == FigureKind::Percent && lower.starts_with("per")) {
            break;
        }
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn printed(text: &str) -> Vec<&str> {
        figures(text)
            .iter()
            .map(|f| &text[f.start..f.end])
            .collect()
    }

    #[test]
    fn money_in_yi_and_wan_with_the_currency() {
        let text =
            "中方将提供总额260亿元人民币的融资支持，另拨款人民币5000万元；贸易额超过700亿美元。";
        assert_eq!(
            printed(text),
            ["260亿元人民币", "人民币5000万元", "超过700亿美元"]
        );
        let f = figures(text);
        assert_eq!(f[0].kind, FigureKind::Money);
        assert_eq!(f[0].value, 2.6e10);
        assert_eq!(f[1].value, 5e7);
        assert_eq!(f[2].unit, "美元");
    }

    #[test]
    fn full_width_digits_decimals_and_separators() {
        let text = "去年达到９４８亿美元，今年为94.8亿欧元，共提供3,000个奖学金名额。";
        let f = figures(text);
        assert_eq!(
            printed(text),
            ["９４８亿美元", "94.8亿欧元", "3,000个奖学金名额"]
        );
        assert_eq!(f[0].value, 9.48e10);
        assert_eq!(f[1].value, 9.48e9);
        assert_eq!(f[2].kind, FigureKind::Places);
        assert_eq!(f[2].value, 3000.0);
    }

    #[test]
    fn places_pairs_and_percentages() {
        let text = "未来两年提供三千个研修名额，友城数量突破100对，结好12对友好城市，贸易额增长35%，占比百分之二十，提高１.５个百分点。";
        let f = figures(text);
        assert_eq!(
            printed(text),
            [
                "三千个研修名额",
                "突破100对",
                "12对友好城市",
                "35%",
                "百分之二十",
                "１.５个百分点"
            ]
        );
        let kinds: Vec<FigureKind> = f.iter().map(|f| f.kind).collect();
        use FigureKind::*;
        assert_eq!(kinds, [Places, Pairs, Pairs, Percent, Percent, Percent]);
        assert_eq!(f[0].value, 3000.0);
        assert_eq!(f[4].value, 20.0);
        assert_eq!(f[5].value, 1.5);
    }

    #[test]
    fn years_dates_ordinals_and_words_are_no_figures() {
        let text = "2022年5月18日，第二届峰会在阿斯塔纳举行，五国元首出席，10年间双方合作，一个繁荣的中亚，“一带一路”，2023。";
        assert!(figures(text).is_empty(), "{:?}", printed(text));
    }

    #[test]
    fn counts_with_a_classifier_and_approximate_numbers() {
        let text = "签署了100余份合作协议，近15亿人，13个部级合作平台。";
        assert_eq!(printed(text), ["100余份", "近15亿人", "13个"]);
        let f = figures(text);
        assert_eq!(f[0].kind, FigureKind::Count);
        assert_eq!(f[1].kind, FigureKind::Quantity);
        assert_eq!(f[1].value, 1.5e9);
    }

    #[test]
    fn the_english_figure_is_found_by_its_value() {
        let find = |zh: &str, en: &'static str| {
            let f = &figures(zh)[0];
            english(en, f).map(|(a, b)| &en[a..b])
        };
        assert_eq!(
            find(
                "提供总额260亿元人民币的融资",
                "grants totaling 26 billion yuan."
            ),
            Some("26 billion yuan")
        );
        assert_eq!(
            find(
                "提供总额260亿元人民币",
                "assistance totaling RMB 26 billion to the"
            ),
            Some("RMB 26 billion")
        );
        assert_eq!(
            find(
                "超过700亿美元",
                "trade exceeded 70 billion U.S. dollars, reaching"
            ),
            Some("70 billion U.S. dollars")
        );
        assert_eq!(
            find(
                "达到948亿美元",
                "a record high of 94.8 billion U.S. dollars last year."
            ),
            Some("94.8 billion U.S. dollars")
        );
        assert_eq!(
            find(
                "3000个培训名额",
                "the provision of 3,000 training opportunities for the"
            ),
            Some("3,000 training opportunities")
        );
        assert_eq!(
            find("增长35%", "grown by 35 percent, reaching"),
            Some("35 percent")
        );
        assert_eq!(find("增长35%", "grown by 35%."), Some("35%"));
        assert_eq!(
            find("近15亿人", "for nearly 1.5 billion people, and"),
            Some("nearly 1.5 billion people")
        );
        assert_eq!(find("达到62对", "has reached 62… High"), Some("62"));
        assert_eq!(find("达到62对", "in 2062 there were 620"), None);
    }
}
