//! What a reader calls a unit, and how to cite it: `cl_7__para_1` is 第七条第1段 in Chinese and
//! Clause 7, para. 1 in English. The labels follow the shape of the unit ids (see the README's
//! table of document kinds); an id of another shape is shown as it is.

use super::views::Lang;
use crate::text::numeral;

/// One step of an id: its kind (`cl`, `sec`, `para` …) and its number, if it has one.
fn steps(id: &str) -> Vec<(&str, Option<u32>)> {
    id.split("__")
        .map(|step| match step.rsplit_once('_') {
            Some((kind, n)) if n.parse::<u32>().is_ok() => (kind, n.parse().ok()),
            _ => (step, None),
        })
        .collect()
}

/// The label of one step, or `None` for a step of no known kind.
fn step_label(kind: &str, n: Option<u32>, lang: Lang) -> Option<String> {
    let label = match (kind, n, lang) {
        ("preamble", None, Lang::Zh) => "序言".to_string(),
        ("preamble", None, Lang::En) => "Preamble".to_string(),
        ("heading", None, Lang::Zh) => "标题".to_string(),
        ("heading", None, Lang::En) => "heading".to_string(),
        ("cl", Some(n), Lang::Zh) => format!("第{}条", numeral(n)),
        ("cl", Some(n), Lang::En) => format!("Clause {n}"),
        ("sec", Some(n), Lang::Zh) => format!("第{}部分", numeral(n)),
        ("sec", Some(n), Lang::En) => format!("Section {n}"),
        ("grp", Some(n), Lang::Zh) => format!("第{}组", numeral(n)),
        ("grp", Some(n), Lang::En) => format!("Group {n}"),
        ("q", Some(n), Lang::Zh) => format!("第{n}问"),
        ("q", Some(n), Lang::En) => format!("Question {n}"),
        ("a", Some(n), Lang::Zh) => format!("第{n}答"),
        ("a", Some(n), Lang::En) => format!("Answer {n}"),
        ("para", Some(n), Lang::Zh) => format!("第{n}段"),
        ("para", Some(n), Lang::En) => format!("para. {n}"),
        ("item", Some(n), Lang::Zh) => format!("第{n}项"),
        ("item", Some(n), Lang::En) => format!("item {n}"),
        ("photo", Some(n), Lang::Zh) => format!("图片{n}"),
        ("photo", Some(n), Lang::En) => format!("photo {n}"),
        _ => return None,
    };
    Some(label)
}

/// A unit's or container's place as a reader says it: `第七条第1段`, `Clause 7, para. 1`.
pub fn place(id: &str, lang: Lang) -> String {
    let labels: Option<Vec<String>> = steps(id)
        .into_iter()
        .map(|(kind, n)| step_label(kind, n, lang))
        .collect();
    let Some(labels) = labels.filter(|l| !l.is_empty()) else {
        return id.to_string();
    };
    match lang {
        Lang::Zh => labels.concat(),
        Lang::En => {
            let mut text = labels.join(", ");
            // "para. 3" alone starts a sentence's worth of label: capitalise it.
            if let Some(first) = text.get(..1) {
                text = first.to_uppercase() + &text[1..];
            }
            text
        }
    }
}

/// What a citation names.
pub struct Cited<'a> {
    pub title: &'a str,
    pub summit: &'a str,
    pub date: &'a str,
    pub place: &'a str,
    pub url: &'a str,
}

/// A ready citation in the reader's language: document, summit, date, place, permalink.
pub fn citation(c: &Cited<'_>, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "《{}》，{}，{}，{}。{}",
            c.title, c.summit, c.date, c.place, c.url
        ),
        Lang::En => format!(
            "“{},” {}, {}, {}. {}",
            c.title, c.summit, c.date, c.place, c.url
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_of_id_reads_as_its_printed_place() {
        let cases = [
            ("cl_7__para_1", "第七条第1段", "Clause 7, para. 1"),
            ("cl_12", "第十二条", "Clause 12"),
            ("preamble__para_2", "序言第2段", "Preamble, para. 2"),
            ("sec_1__item_21", "第一部分第21项", "Section 1, item 21"),
            ("sec_3__heading", "第三部分标题", "Section 3, heading"),
            ("sec_2__para_4", "第二部分第4段", "Section 2, para. 4"),
            ("grp_3__item_6", "第三组第6项", "Group 3, item 6"),
            ("q_3", "第3问", "Question 3"),
            ("a_1__para_8", "第1答第8段", "Answer 1, para. 8"),
            ("para_5", "第5段", "Para. 5"),
            ("photo_1", "图片1", "Photo 1"),
        ];
        for (id, zh, en) in cases {
            assert_eq!(place(id, Lang::Zh), zh, "{id}");
            assert_eq!(place(id, Lang::En), en, "{id}");
        }
    }

    #[test]
    fn an_id_of_another_shape_is_shown_as_it_is() {
        for id in ["annex_2", "x__para_1", "para", "cl_x__para_1", ""] {
            assert_eq!(place(id, Lang::Zh), id);
            assert_eq!(place(id, Lang::En), id);
        }
    }

    #[test]
    fn a_citation_names_document_summit_date_place_and_address() {
        let c = Cited {
            title: "Xi'an Declaration",
            summit: "First China–Central Asia Summit",
            date: "19 May 2023",
            place: "Clause 7, para. 1",
            url: "https://example.org/en/2023-xian/declaration/#cl_7__para_1",
        };
        assert_eq!(
            citation(&c, Lang::En),
            "“Xi'an Declaration,” First China–Central Asia Summit, 19 May 2023, Clause 7, para. 1. https://example.org/en/2023-xian/declaration/#cl_7__para_1"
        );
    }
}
