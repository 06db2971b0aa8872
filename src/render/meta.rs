//! What each page tells other tools about itself: its description, canonical address, hreflang
//! alternates, Open Graph tags and, on a document page, JSON-LD. Addresses are absolute when the
//! site has a base URL (`content/site.yaml`), relative to the page otherwise; pages themselves
//! always link relatively.
//!
//! Descriptions are in the page's language: a document page's is its first sentence, every
//! other page's a sentence made from its data with a `describe_*` template of the interface
//! tables. Each is cut to [`DESCRIPTION_WIDTH`] columns.

use super::views::{self, Lang};
use crate::load::Archive;
use crate::load::site::BaseUrl;
use crate::model::{Document, DocumentKind, UnitKind};
use serde::Serialize;
use serde_json::{Value, json};
use std::collections::BTreeMap;

type Table = BTreeMap<String, String>;

/// The widest a description may be, in columns: a Han character or full-width mark counts two,
/// so that a Chinese description holds about as much as an English one and both fit a search
/// result's snippet.
pub const DESCRIPTION_WIDTH: usize = 160;

/// What a page says about itself, made where the page is rendered.
#[derive(Debug, Clone)]
pub struct About {
    /// The page's own name, without the site's (`og:title`).
    pub title: String,
    pub description: String,
    /// `article` for a document, `website` for the rest.
    pub og_type: &'static str,
    /// JSON-LD of the page, as a JSON value (escaped when written).
    pub json_ld: Option<Value>,
    /// The page this one stands for, relative to the site root, when it is not itself (a copy
    /// or a redirect); such a page is left out of the sitemap and asks not to be indexed.
    pub canonical: Option<String>,
}

impl About {
    pub fn page(title: impl Into<String>, description: impl Into<String>) -> About {
        About {
            title: title.into(),
            description: description.into(),
            og_type: "website",
            json_ld: None,
            canonical: None,
        }
    }

    /// A page titled by the interface text `title_key`, described by the `describe_key`
    /// template filled with `values`.
    pub fn titled(
        t: &Table,
        title_key: &str,
        describe_key: &str,
        values: &[(&str, String)],
    ) -> About {
        About::page(views::text(t, title_key), fill(t, describe_key, values))
    }
}

/// What the templates see in `head`.
#[derive(Debug, Serialize)]
pub struct Head {
    pub title: String,
    pub description: String,
    /// Absolute with a base URL; otherwise relative to the page.
    pub canonical: String,
    /// `og:url`: only with a base URL (Open Graph needs an absolute address).
    pub og_url: Option<String>,
    pub og_type: &'static str,
    pub og_locale: &'static str,
    pub og_locale_alternate: &'static str,
    /// (hreflang, address) of the page in every language, then `x-default`.
    pub alternates: Vec<(&'static str, String)>,
    /// The JSON-LD, escaped so that no text can close the script element.
    pub json_ld: Option<String>,
    /// Whether search engines should index it (not a copy, not a redirect).
    pub index: bool,
    /// The Atom feed of the page's language.
    pub feed: String,
}

/// How addresses are written: absolute from the base URL, or relative from the page.
#[derive(Debug, Clone, Copy)]
pub struct Addresses<'a> {
    pub base: Option<&'a BaseUrl>,
}

impl Addresses<'_> {
    /// The address of `path` (relative to the site root, maybe with `#fragment`) as seen from
    /// the page at `from`: absolute in its folder form (`https://…/zh/2023-xian/`) with a base
    /// URL, relative as the pages link (`../../zh/2023-xian/index.html`) without.
    pub fn of(&self, path: &str, from: &str) -> String {
        match self.base {
            Some(base) => base.join(&folder_form(path)),
            None => format!("{}{path}", views::root_prefix(from)),
        }
    }
}

/// `zh/2023-xian/index.html#x` → `zh/2023-xian/#x`; `index.html` → ``.
pub fn folder_form(path: &str) -> String {
    let (page, fragment) = match path.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (path, None),
    };
    let page = if page == "index.html" || page.ends_with("/index.html") {
        &page[..page.len() - "index.html".len()]
    } else {
        page
    };
    match fragment {
        Some(f) => format!("{page}#{f}"),
        None => page.to_string(),
    }
}

/// The head of the page at `path` in `lang`, whose versions in each language are
/// `alternates` (hreflang, path relative to the root).
pub fn head(
    about: About,
    path: &str,
    lang: Lang,
    alternates: &[(&'static str, String)],
    addresses: Addresses<'_>,
) -> Head {
    let canonical_path = about.canonical.clone().unwrap_or_else(|| path.to_string());
    let mut alt: Vec<(&'static str, String)> = alternates
        .iter()
        .map(|(hreflang, p)| (*hreflang, addresses.of(p, path)))
        .collect();
    if let Some((_, first)) = alt.first() {
        alt.push(("x-default", first.clone()));
    }
    let (locale, other) = match lang {
        Lang::Zh => ("zh_CN", "en_US"),
        Lang::En => ("en_US", "zh_CN"),
    };
    Head {
        title: about.title,
        description: about.description,
        canonical: addresses.of(&canonical_path, path),
        og_url: addresses
            .base
            .map(|b| b.join(&folder_form(&canonical_path))),
        og_type: about.og_type,
        og_locale: locale,
        og_locale_alternate: other,
        alternates: alt,
        json_ld: about.json_ld.as_ref().map(script_json),
        index: about.canonical.is_none(),
        feed: format!("{}{}", views::root_prefix(path), feed_path(lang)),
    }
}

/// The Atom feed of `lang`, relative to the site root.
pub fn feed_path(lang: Lang) -> String {
    format!("{}/feed.xml", lang.code())
}

/// JSON for a `<script>` element: `<`, `>` and `&` written as `\u003c`, `\u003e`, `\u0026`, so
/// that no text in it can end the element (`</script>`) or open a comment (`<!--`); the JSON
/// means the same.
pub fn script_json(value: &Value) -> String {
    // serde_json writes every string escaped; these three characters only occur inside strings.
    value
        .to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// The width of `c` in columns: two for Han characters, full-width forms and CJK punctuation.
fn width(c: char) -> usize {
    let wide = crate::text::is_han(c)
        || ('\u{3000}'..='\u{303F}').contains(&c)
        || ('\u{FF00}'..='\u{FF60}').contains(&c)
        || ('\u{2E80}'..='\u{2FDF}').contains(&c);
    if wide { 2 } else { 1 }
}

/// `text` on one line, cut to [`DESCRIPTION_WIDTH`] columns at a character boundary (in
/// English, at the last word that fits) with an ellipsis.
pub fn clip(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().map(width).sum::<usize>() <= DESCRIPTION_WIDTH {
        return text;
    }
    let mut used = 1; // the ellipsis
    let mut end = 0;
    for (i, c) in text.char_indices() {
        used += width(c);
        if used > DESCRIPTION_WIDTH {
            break;
        }
        end = i + c.len_utf8();
    }
    let mut cut = &text[..end];
    // A word cut in half reads worse than one left out, if a good part of the text stays.
    if text[end..].starts_with(|c: char| c.is_ascii_alphanumeric())
        && let Some(space) = cut.rfind(' ')
        && space > end * 3 / 4
    {
        cut = &cut[..space];
    }
    let cut = cut.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, ',' | ';' | ':' | '，' | '、' | '；' | '：' | '—' | '-')
    });
    format!("{cut}…")
}

/// The first sentence of `text`: up to the first full stop, question or exclamation mark that
/// ends a sentence (with a closing quote or bracket that follows it), or all of it.
pub fn first_sentence(text: &str) -> &str {
    const ABBREVIATIONS: [&str; 12] = [
        "Mr", "Mrs", "Ms", "Dr", "No", "St", "Jr", "Sr", "Prof", "Gen", "e.g", "i.e",
    ];
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        let ends = match c {
            '。' | '！' | '？' => true,
            '.' | '!' | '?' => {
                // An English stop ends a sentence before a space and a capital, a quote or
                // a digit, unless it closes an abbreviation or an initial (`U.S.`, `J.`).
                let next = chars.get(k + 1).map(|x| x.1);
                let after = chars
                    .iter()
                    .skip(k + 1)
                    .map(|x| x.1)
                    .find(|c| !c.is_whitespace());
                let word: String = text[..i]
                    .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '“')
                    .next()
                    .unwrap_or("")
                    .to_string();
                let abbreviation = c == '.'
                    && (ABBREVIATIONS.contains(&word.as_str())
                        || (word.chars().count() == 1
                            && word.chars().all(|c| c.is_ascii_uppercase()))
                        || word.contains('.'));
                next.is_some_and(char::is_whitespace)
                    && after.is_some_and(|c| {
                        c.is_uppercase() || c.is_ascii_digit() || matches!(c, '“' | '"' | '‘')
                    })
                    && !abbreviation
            }
            _ => false,
        };
        if ends {
            // Closing quotes and brackets belong to the sentence they end.
            let mut end = i + c.len_utf8();
            for &(j, d) in &chars[k + 1..] {
                if matches!(d, '”' | '’' | '"' | '\'' | '）' | ')' | '」' | '』') {
                    end = j + d.len_utf8();
                } else {
                    break;
                }
            }
            return &text[..end];
        }
    }
    text
}

/// `items` as a description lists them: joined by the interface text's separator.
pub fn list<S: AsRef<str>>(t: &Table, items: &[S]) -> String {
    let items: Vec<&str> = items.iter().map(AsRef::as_ref).collect();
    items.join(&views::text(t, "describe_sep"))
}

/// Fills a `describe_*` template: each `{name}` by its value.
pub fn fill(t: &Table, key: &str, values: &[(&str, String)]) -> String {
    let mut text = views::text(t, key);
    for (name, value) in values {
        text = text.replace(&format!("{{{name}}}"), value);
    }
    clip(&text)
}

/// The text a document's description is made from in `lang`: the first sentence of its first
/// paragraph, item or question that is not a salutation (`尊敬的……：`), or `None` when that
/// unit has no text in `lang`.
pub fn document_sentence(doc: &Document, lang: Lang) -> Option<String> {
    let unit = doc.units().into_iter().find(|u| {
        matches!(
            u.kind,
            UnitKind::Paragraph | UnitKind::Item | UnitKind::Question
        ) && !crate::text::is_salutation(&u.zh)
    })?;
    let text = match lang {
        Lang::Zh => unit.zh.as_str(),
        Lang::En => unit.en.as_deref()?,
    };
    Some(clip(first_sentence(text.trim())))
}

/// A document's description in `lang`: its first sentence, or, where that has no English yet,
/// what it is.
pub fn document_description(doc: &crate::model::Document, lang: Lang, t: &Table) -> String {
    document_sentence(doc, lang).unwrap_or_else(|| {
        let (title, _) = views::title(doc, lang);
        fill(
            t,
            "describe_document_pending",
            &[
                ("title", title),
                (
                    "kind",
                    views::text(t, &format!("kind_{}", doc.kind.as_str())),
                ),
                ("date", doc.date.clone()),
            ],
        )
    })
}

/// The schema.org type of a document of `kind`. A declaration is an agreed text of the summit
/// (`CreativeWork`: schema.org's `Legislation` is for the law of a jurisdiction); an outcome
/// list reports what the summit agreed (`Report`); a speech and an interview are works of their
/// speakers (`CreativeWork`); a news report or commentary, whole or in part, is a
/// `NewsArticle`.
pub fn schema_type(kind: DocumentKind) -> &'static str {
    match kind {
        DocumentKind::Declaration | DocumentKind::Speech | DocumentKind::Interview => {
            "CreativeWork"
        }
        DocumentKind::OutcomeList => "Report",
        DocumentKind::Article | DocumentKind::Fragment => "NewsArticle",
    }
}

/// The JSON-LD of a document's page in `lang`: its type, name, language, date, the summit it is
/// part of, its parts (containers, and the units outside any) with their addresses, and
/// who spoke or wrote it and who published it, where known.
pub fn document_json_ld(
    archive: &Archive,
    doc: &Document,
    lang: Lang,
    description: &str,
    path: &str,
    addresses: Addresses<'_>,
) -> Value {
    let page = views::document_page(lang, &doc.summit, &doc.id);
    let other = views::document_page(lang.other(), &doc.summit, &doc.id);
    let (name, _) = views::title(doc, lang);
    let name_lang = |l: Lang| views::title(doc, l).0;
    // Each container (clause, section, group, question) with its own anchor, and the units of
    // the stretches that have none (a preamble, a speech's paragraphs).
    let mut pieces: Vec<(String, String)> = Vec::new();
    for part in doc.parts() {
        match part.id {
            Some(id) => pieces.push((super::cite::place(id.as_str(), lang), id.to_string())),
            None => pieces.extend(
                part.heading
                    .into_iter()
                    .chain(part.units)
                    .filter(|u| u.kind != UnitKind::Caption)
                    .map(|u| (super::cite::place(u.id.as_str(), lang), u.id.to_string())),
            ),
        }
    }
    let has_part: Vec<Value> = pieces
        .iter()
        .enumerate()
        .map(|(i, (place, id))| {
            json!({
                "@type": "CreativeWork",
                "name": place,
                "position": i + 1,
                "url": addresses.of(&format!("{page}#{id}"), path),
            })
        })
        .collect();
    let person = |name: &str| match lang {
        Lang::Zh => json!({ "@type": "Person", "name": name }),
        Lang::En => {
            json!({ "@type": "Person", "name": views::english_name(archive, name), "alternateName": name })
        }
    };
    let mut ld = json!({
        "@context": "https://schema.org",
        "@type": schema_type(doc.kind),
        "@id": addresses.of(&page, path),
        "url": addresses.of(&page, path),
        "name": name,
        "headline": name,
        "alternateName": name_lang(lang.other()),
        "description": description,
        "inLanguage": lang.html(),
        "datePublished": doc.date,
        "genre": doc.kind.as_str(),
        "hasPart": has_part,
    });
    let obj = ld.as_object_mut();
    // Invariant: `json!` of an object literal is an object.
    let Some(obj) = obj else { return ld };
    if let Some(summit) = archive.summit(&doc.summit) {
        obj.insert(
            "isPartOf".into(),
            json!({
                "@type": "CreativeWorkSeries",
                "name": lang.pick(&summit.name),
                "url": addresses.of(&views::summit_page(lang, &summit.id), path),
                "startDate": summit.start,
                "endDate": summit.end,
            }),
        );
        obj.insert(
            "locationCreated".into(),
            json!({ "@type": "Place", "name": lang.pick(&summit.city) }),
        );
    }
    let authors: Vec<Value> = doc
        .speaker
        .iter()
        .chain(doc.author.iter())
        .map(|n| person(n.as_str()))
        .collect();
    if !authors.is_empty() {
        obj.insert("author".into(), Value::Array(authors));
    }
    // A Xinhua dateline (`新华社西安5月19日电`) names the publisher.
    if doc
        .dateline
        .as_deref()
        .is_some_and(|d| d.starts_with("新华社"))
        || doc
            .byline
            .as_deref()
            .is_some_and(|b| b.starts_with("新华社"))
    {
        let name = match lang {
            Lang::Zh => "新华社",
            Lang::En => "Xinhua News Agency",
        };
        obj.insert(
            "publisher".into(),
            json!({ "@type": "Organization", "name": name }),
        );
    }
    let (relation, other_lang) = match lang {
        Lang::Zh => ("workTranslation", Lang::En),
        Lang::En => ("translationOfWork", Lang::Zh),
    };
    obj.insert(
        relation.into(),
        json!({ "@id": addresses.of(&other, path), "inLanguage": other_lang.html() }),
    );
    ld
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_sentence_ends_at_its_stop() {
        assert_eq!(
            first_sentence("中国—中亚峰会在西安举行。各方一致认为……"),
            "中国—中亚峰会在西安举行。"
        );
        assert_eq!(
            first_sentence("他说：“合作前景广阔。”各方……"),
            "他说：“合作前景广阔。”"
        );
        assert_eq!(
            first_sentence("Mr. Xi met Dr. Wang in the U.S. capital. Then they left."),
            "Mr. Xi met Dr. Wang in the U.S. capital."
        );
        assert_eq!(
            first_sentence("Trade rose 3.5 percent. It grew."),
            "Trade rose 3.5 percent."
        );
        assert_eq!(first_sentence("No stop at all"), "No stop at all");
    }

    #[test]
    fn descriptions_are_cut_at_a_boundary_with_an_ellipsis() {
        let zh = "中".repeat(100);
        let cut = clip(&zh);
        assert_eq!(cut.chars().count(), 80);
        assert!(cut.ends_with('…'));
        let en = "word ".repeat(50);
        let cut = clip(&en);
        assert!(cut.chars().count() <= DESCRIPTION_WIDTH, "{cut}");
        assert!(cut.ends_with("word…"), "{cut}");
        assert_eq!(clip("  short\n text "), "short text");
    }

    #[test]
    fn script_json_cannot_close_its_element() {
        let v = json!({ "name": "</script><!-- & -->" });
        let s = script_json(&v);
        assert!(
            !s.contains('<') && !s.contains('>') && !s.contains('&'),
            "{s}"
        );
        let back: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v);
    }

    #[test]
    fn addresses_take_the_folder_form() {
        assert_eq!(folder_form("index.html"), "");
        assert_eq!(folder_form("zh/index.html"), "zh/");
        assert_eq!(
            folder_form("en/2023-xian/declaration/index.html#cl_7"),
            "en/2023-xian/declaration/#cl_7"
        );
        let base = BaseUrl::parse("https://example.org/a/").unwrap();
        let abs = Addresses { base: Some(&base) };
        assert_eq!(
            abs.of("zh/2023-xian/index.html", "zh/index.html"),
            "https://example.org/a/zh/2023-xian/"
        );
        let rel = Addresses { base: None };
        assert_eq!(
            rel.of("zh/2023-xian/index.html", "en/2023-xian/index.html"),
            "../../zh/2023-xian/index.html"
        );
    }
}
