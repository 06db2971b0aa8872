//! One parser a document kind: clean blocks in, the kind's body out, with unit ids taken from
//! the printed numbering (positional only where nothing is printed) and a diagnostic for each
//! numbering that skips or goes backwards.

use super::block::{Block, lead};
use super::front_matter::{GroupSpec, Split, locate};
use crate::diag::Diagnostic;
use crate::model::*;
use crate::text::{leading_number, leading_numeral, normalize_for_matching, numeral, parse_digits};
use regex::Regex;
use std::sync::LazyLock;

/// What a parser needs besides the blocks.
pub struct Ctx<'a> {
    pub path: &'a str,
    pub split: &'a Split<'a>,
    pub diags: &'a mut Vec<Diagnostic>,
}

/// Parses the text blocks of a document of `kind`.
pub fn parse_body(
    kind: DocumentKind,
    blocks: &[Block],
    groups: &[GroupSpec],
    cx: &mut Ctx<'_>,
) -> Body {
    match kind {
        DocumentKind::Declaration => Body::Declaration(declaration(blocks, cx)),
        DocumentKind::OutcomeList => Body::OutcomeList(outcome_list(blocks, cx)),
        DocumentKind::Speech => Body::Speech(speech(blocks, groups, cx)),
        DocumentKind::Interview => Body::Interview(interview(blocks, cx)),
        DocumentKind::Article => Body::Article(article(blocks, cx)),
        DocumentKind::Fragment => Body::Fragment(Fragment {
            paragraphs: blocks
                .iter()
                .enumerate()
                .map(|(i, b)| paragraph(b, format!("para_{}", i + 1)))
                .collect(),
        }),
    }
}

/// A unit from `block`, whose text is `text` (the block's text, or its end once a printed
/// number is taken off).
fn unit(block: &Block, id: String, kind: UnitKind, number: Option<&str>, text: &str) -> Unit {
    let skipped = block.text.chars().count() - text.chars().count();
    Unit {
        id: UnitId::from(id),
        kind,
        number: number.map(str::to_string),
        zh: text.to_string(),
        en: None,
        line: block.line,
        column: block.column + skipped,
        truncated: block.truncated,
        notes: Vec::new(),
    }
}

/// A paragraph unit from `block`: its whole text, no printed number.
fn paragraph(block: &Block, id: String) -> Unit {
    unit(block, id, UnitKind::Paragraph, None, &block.text)
}

/// The printed numbering of one level (the clauses of a declaration, the items of one
/// section): each number must follow the one before it. A number that fits either the one
/// before it or its position passes, so that one misprinted number is reported once, not again
/// at every number after it.
struct Sequence {
    what: &'static str,
    show: fn(u32) -> String,
    previous: Option<u32>,
    position: u32,
}

impl Sequence {
    fn new(what: &'static str, show: fn(u32) -> String) -> Self {
        Sequence {
            what,
            show,
            previous: None,
            position: 0,
        }
    }

    /// Takes printed number `n` of `block`, reporting it if it is out of sequence.
    fn next(&mut self, cx: &mut Ctx<'_>, block: &Block, n: u32) {
        self.position += 1;
        let (what, show) = (self.what, self.show);
        let previous = self.previous.replace(n);
        let message = match previous {
            None if n != 1 => format!(
                "{what} {} comes first: the numbering should start at {}",
                show(n),
                show(1)
            ),
            None => return,
            Some(p) if n == p + 1 || n == self.position => return,
            Some(p) if n == p => format!(
                "{what} {} is printed twice: the second gets a duplicate unit id",
                show(n)
            ),
            Some(p) if n > p + 1 => {
                let missing = if n - p <= 6 {
                    let list: Vec<String> = (p + 1..n).map(show).collect();
                    list.join(", ")
                } else {
                    format!("{} to {}", show(p + 1), show(n - 1))
                };
                format!(
                    "{what} {} follows {what} {}: {what} {missing} is missing",
                    show(n),
                    show(p),
                )
            }
            Some(p) => format!(
                "{what} {} follows {what} {}: the numbering goes backwards",
                show(n),
                show(p)
            ),
        };
        cx.diags.push(Diagnostic::error(
            cx.path,
            block.line,
            block.column,
            message,
        ));
    }
}

fn arabic(n: u32) -> String {
    n.to_string()
}

/// A number printed before an item: `21.`, `21、`, `21．`, `(21)` or `（21）`, in ASCII or
/// full-width digits.
fn item_number(text: &str) -> Option<(&str, u32, &str)> {
    static BRACKETED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^[（(]\s*([0-9０-９]{1,3})\s*[)）]\s*").expect("constant pattern")
    });
    if let Some(found) = leading_number(text, &['.', '．', '、']) {
        return Some(found);
    }
    let m = BRACKETED.captures(text)?;
    let digits = m.get(1)?;
    let end = m.get(0)?.end();
    Some((
        digits.as_str(),
        parse_digits(digits.as_str())?,
        &text[end..],
    ))
}

fn declaration(blocks: &[Block], cx: &mut Ctx<'_>) -> Declaration {
    let mut preamble = Vec::new();
    let mut clauses: Vec<Clause> = Vec::new();
    // Clauses are numbered 一、二、… as a rule; a declaration whose first numbered paragraph
    // is `1.` numbers its clauses 1. 2. …, and then 一、 inside a clause is a sub-item.
    let arabic_clauses = blocks
        .iter()
        .find_map(|b| {
            if leading_numeral(&b.text, &['、']).is_some() {
                Some(false)
            } else {
                leading_number(&b.text, &['.', '．', '、']).map(|_| true)
            }
        })
        .unwrap_or(false);
    fn clause_number(text: &str, arabic: bool) -> Option<(&str, u32, &str)> {
        if arabic {
            leading_number(text, &['.', '．', '、'])
        } else {
            leading_numeral(text, &['、'])
        }
    }
    let show: fn(u32) -> String = if arabic_clauses { arabic } else { numeral };
    let mut numbering = Sequence::new("clause", show);
    for b in blocks {
        if let Some((printed, n, rest)) = clause_number(&b.text, arabic_clauses) {
            numbering.next(cx, b, n);
            clauses.push(Clause {
                id: UnitId::from(format!("cl_{n}")),
                number: n,
                paragraphs: vec![unit(
                    b,
                    format!("cl_{n}__para_1"),
                    UnitKind::Paragraph,
                    Some(printed),
                    rest,
                )],
            });
        } else if let Some(c) = clauses.last_mut() {
            let id = format!("{}__para_{}", c.id, c.paragraphs.len() + 1);
            c.paragraphs.push(paragraph(b, id));
        } else {
            let id = format!("preamble__para_{}", preamble.len() + 1);
            preamble.push(paragraph(b, id));
        }
    }
    Declaration { preamble, clauses }
}

fn outcome_list(blocks: &[Block], cx: &mut Ctx<'_>) -> OutcomeList {
    let mut preamble = Vec::new();
    let mut sections: Vec<OutcomeSection> = Vec::new();
    let mut section_numbering = Sequence::new("section", numeral);
    let mut item_numbering = Sequence::new("item", arabic);
    for b in blocks {
        if let Some((printed, n, rest)) = leading_numeral(&b.text, &['、']) {
            section_numbering.next(cx, b, n);
            sections.push(OutcomeSection {
                id: UnitId::from(format!("sec_{n}")),
                number: n,
                heading: unit(
                    b,
                    format!("sec_{n}__heading"),
                    UnitKind::Heading,
                    Some(printed),
                    rest,
                ),
                items: Vec::new(),
            });
            item_numbering = Sequence::new("item", arabic);
        } else if let Some((printed, n, rest)) = item_number(&b.text) {
            item_numbering.next(cx, b, n);
            match sections.last_mut() {
                Some(s) => {
                    let id = format!("{}__item_{n}", s.id);
                    s.items
                        .push(unit(b, id, UnitKind::Item, Some(printed), rest));
                }
                None => preamble.push(unit(
                    b,
                    format!("item_{n}"),
                    UnitKind::Item,
                    Some(printed),
                    rest,
                )),
            }
        } else {
            match sections.last_mut() {
                Some(s) => {
                    let count = s
                        .items
                        .iter()
                        .filter(|u| u.kind == UnitKind::Paragraph)
                        .count();
                    let id = format!("{}__para_{}", s.id, count + 1);
                    s.items.push(paragraph(b, id));
                }
                None => {
                    let count = preamble
                        .iter()
                        .filter(|u| u.kind == UnitKind::Paragraph)
                        .count();
                    let id = format!("preamble__para_{}", count + 1);
                    preamble.push(paragraph(b, id));
                }
            }
        }
    }
    OutcomeList { preamble, sections }
}

/// A run of paragraphs forming one proposal group: where it starts, how many items, and
/// whether the items print their numbers (一是, 二是, …).
struct Run {
    start: usize,
    len: usize,
    numbered: bool,
    label: Option<String>,
}

/// A speech: its paragraphs and its proposal groups (the runs it numbers 一是, 二是, …, and
/// the groups its front matter names).
fn speech(blocks: &[Block], specs: &[GroupSpec], cx: &mut Ctx<'_>) -> Speech {
    let mut runs = numbered_runs(blocks);
    for spec in specs {
        declare_group(&mut runs, blocks, spec, cx);
    }
    runs.sort_by_key(|r| r.start);
    Speech {
        parts: speech_parts(blocks, &runs),
    }
}

/// The printed number of an item of a group: 一是…二是… (or 一要…二要…).
fn group_item_number(b: &Block) -> Option<(&str, u32, &str)> {
    leading_numeral(&b.text, &['是', '要'])
}

/// The runs of paragraphs numbered 一是, 二是, …: groups by themselves.
fn numbered_runs(blocks: &[Block]) -> Vec<Run> {
    let number_of = |b: &Block| group_item_number(b).map(|(_, n, _)| n);
    let mut runs: Vec<Run> = Vec::new();
    let mut i = 0;
    while i < blocks.len() {
        if number_of(&blocks[i]) == Some(1) {
            let mut len = 1;
            while i + len < blocks.len() && number_of(&blocks[i + len]) == Some(len as u32 + 1) {
                len += 1;
            }
            if len >= 2 {
                runs.push(Run {
                    start: i,
                    len,
                    numbered: true,
                    label: None,
                });
                i += len;
                continue;
            }
        }
        i += 1;
    }
    runs
}

/// Applies a group named in the front matter: it labels the numbered run it starts, or marks
/// an unnumbered one of `items:` paragraphs. Reports a group whose first paragraph is not
/// printed, whose count is wrong, or that runs past the text or into another group.
fn declare_group(runs: &mut Vec<Run>, blocks: &[Block], spec: &GroupSpec, cx: &mut Ctx<'_>) {
    let first = normalize_for_matching(&spec.first);
    let found = blocks
        .iter()
        .position(|b| normalize_for_matching(&b.text).starts_with(&first));
    // Point at the group's `first:` in the front matter.
    let (line, column) = super::front_matter::locate_text(cx.split, &spec.first)
        .unwrap_or_else(|| locate(cx.split, "groups"));
    let Some(start) = found else {
        cx.diags.push(Diagnostic::error(
            cx.path,
            line,
            column,
            format!(
                "group `{}`: no paragraph starts with `{}`",
                spec.label.as_deref().unwrap_or(""),
                spec.first
            ),
        ));
        return;
    };
    if let Some(run) = runs.iter_mut().find(|r| r.start == start) {
        if spec.items.is_some_and(|n| n != run.len) {
            cx.diags.push(Diagnostic::error(
                cx.path,
                line,
                column,
                format!(
                    "group `{}` has {} numbered items in the text, not {}",
                    spec.label.as_deref().unwrap_or(&spec.first),
                    run.len,
                    spec.items.unwrap_or_default()
                ),
            ));
        }
        run.label = spec.label.clone();
        return;
    }
    let Some(len) = spec.items.filter(|&n| n >= 1) else {
        cx.diags.push(Diagnostic::error(
            cx.path,
            line,
            column,
            format!("group `{}`: its items print no numbers, so give `items:` (how many paragraphs it has)", spec.first),
        ));
        return;
    };
    let overlaps = runs
        .iter()
        .any(|r| start < r.start + r.len && r.start < start + len);
    if start + len > blocks.len() || overlaps {
        cx.diags.push(Diagnostic::error(
            cx.path,
            line,
            column,
            format!("group `{}`: {len} paragraphs from `{}` run past the end of the text or into another group", spec.label.as_deref().unwrap_or(""), spec.first),
        ));
        return;
    }
    runs.push(Run {
        start,
        len,
        numbered: false,
        label: spec.label.clone(),
    });
}

/// The parts of a speech: each run of `runs` (in order) a proposal group, every other block a
/// paragraph.
fn speech_parts(blocks: &[Block], runs: &[Run]) -> Vec<SpeechPart> {
    let mut parts = Vec::new();
    let (mut paragraphs, mut groups) = (0, 0);
    let mut i = 0;
    while i < blocks.len() {
        if let Some(run) = runs.iter().find(|r| r.start == i) {
            groups += 1;
            let id = format!("grp_{groups}");
            let items = (0..run.len)
                .map(|k| {
                    let b = &blocks[i + k];
                    let printed = if run.numbered {
                        group_item_number(b).map(|(p, _, _)| p)
                    } else {
                        None
                    };
                    unit(
                        b,
                        format!("{id}__item_{}", k + 1),
                        UnitKind::Item,
                        printed,
                        &b.text,
                    )
                })
                .collect();
            parts.push(SpeechPart::Group(ProposalGroup {
                id: UnitId::from(id),
                label: run.label.clone(),
                label_en: None,
                items,
            }));
            i += run.len;
        } else {
            paragraphs += 1;
            parts.push(SpeechPart::Paragraph(paragraph(
                &blocks[i],
                format!("para_{paragraphs}"),
            )));
            i += 1;
        }
    }
    parts
}

static QUESTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:([一二三四五六七八九十]+|[0-9０-９]{1,3})\s*[、.．]\s*)?(?:问|记者问|记者)\s*[：:]",
    )
    .expect("constant pattern")
});

/// The value of a question's printed number: a Chinese numeral (`三`) or Arabic digits, ASCII
/// or full-width (`3`, `３`).
fn question_number(printed: &str) -> Option<u32> {
    crate::text::parse_numeral(printed).or_else(|| parse_digits(printed))
}

fn interview(blocks: &[Block], cx: &mut Ctx<'_>) -> Interview {
    let mut intro = Vec::new();
    let mut exchanges: Vec<Exchange> = Vec::new();
    // Numbers are shown in the form the interview prints them: 一、二、… or 1. 2. ….
    let arabic_numbers = blocks.iter().find_map(|b| {
        QUESTION
            .captures(&b.text)
            .and_then(|m| m.get(1))
            .map(|n| parse_digits(n.as_str()).is_some())
    });
    let show: fn(u32) -> String = if arabic_numbers == Some(true) {
        arabic
    } else {
        numeral
    };
    let mut numbering = Sequence::new("question", show);
    for b in blocks {
        if let Some(m) = QUESTION.captures(&b.text) {
            let (n, printed, text) = match m.get(1) {
                Some(num) => {
                    let n = question_number(num.as_str()).unwrap_or(exchanges.len() as u32 + 1);
                    numbering.next(cx, b, n);
                    // The text starts at 问 (or 记者), after the printed number and its mark.
                    let at = num.end() + b.text[num.end()..].find(['问', '记']).unwrap_or(0);
                    (n, Some(num.as_str()), &b.text[at..])
                }
                None => (exchanges.len() as u32 + 1, None, b.text.as_str()),
            };
            exchanges.push(Exchange {
                question: unit(b, format!("q_{n}"), UnitKind::Question, printed, text),
                answer_id: UnitId::from(format!("a_{n}")),
                answer: Vec::new(),
            });
        } else if let Some(e) = exchanges.last_mut() {
            let id = format!("{}__para_{}", e.answer_id, e.answer.len() + 1);
            e.answer.push(paragraph(b, id));
        } else {
            intro.push(paragraph(b, format!("para_{}", intro.len() + 1)));
        }
    }
    Interview { intro, exchanges }
}

fn article(blocks: &[Block], cx: &mut Ctx<'_>) -> Article {
    let mut intro = Vec::new();
    let mut sections: Vec<ArticleSection> = Vec::new();
    let mut numbering = Sequence::new("section", numeral);
    for b in blocks {
        if let Some((number, text)) = lead(b) {
            let n = match number {
                Some((_, n)) => {
                    numbering.next(cx, b, n);
                    n
                }
                // Unnumbered leads are counted by position.
                None => sections.len() as u32 + 1,
            };
            let id = format!("sec_{n}");
            sections.push(ArticleSection {
                lead: unit(
                    b,
                    format!("{id}__heading"),
                    UnitKind::Heading,
                    number.map(|(p, _)| p),
                    text,
                ),
                id: UnitId::from(id),
                paragraphs: Vec::new(),
            });
        } else if let Some(s) = sections.last_mut() {
            let id = format!("{}__para_{}", s.id, s.paragraphs.len() + 1);
            s.paragraphs.push(paragraph(b, id));
        } else {
            intro.push(paragraph(b, format!("para_{}", intro.len() + 1)));
        }
    }
    Article { intro, sections }
}
