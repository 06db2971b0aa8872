//! The files other tools read at fixed names: `sitemap.xml` (every indexable page in both
//! languages, with its hreflang alternates; only with a base URL, since a sitemap holds
//! absolute addresses), an Atom feed of the documents per language (`zh/feed.xml`,
//! `en/feed.xml`) and `robots.txt`. XML is written by hand, every text escaped.

use super::meta::{self, Addresses};
use super::views::{self, Lang};
use crate::load::Archive;
use crate::load::site::BaseUrl;
use std::collections::BTreeMap;
use std::fmt::Write;

type Table = BTreeMap<String, String>;

/// A page the sitemap lists: its path and its versions in each language (hreflang, path),
/// relative to the site root.
#[derive(Debug, Clone)]
pub struct Listed {
    pub path: String,
    pub alternates: Vec<(&'static str, String)>,
}

/// `& < > " '` as entities: safe in XML and HTML text and in quoted attribute values (the
/// feeds, the SVG chart and every page use it).
pub fn escape(text: &str) -> String {
    // Escaping is done for every value of every page, and most hold none of the five: those
    // are found by two vectorised searches and copied whole.
    let bytes = text.as_bytes();
    if memchr::memchr3(b'&', b'<', b'>', bytes).is_none()
        && memchr::memchr2(b'"', b'\'', bytes).is_none()
    {
        return text.to_string();
    }
    // Runs of plain text are copied whole.
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut plain = 0;
    for (i, b) in text.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&apos;",
            _ => continue,
        };
        // The five are ASCII: `i` is on a character boundary.
        out.push_str(&text[plain..i]);
        out.push_str(entity);
        plain = i + 1;
    }
    out.push_str(&text[plain..]);
    out
}

/// `sitemap.xml`: every listed page, in path order, with its alternates and `x-default` (the
/// Chinese, the source).
pub fn sitemap(listed: &[Listed], base: &BaseUrl) -> String {
    let mut pages: Vec<&Listed> = listed.iter().collect();
    pages.sort_by(|a, b| a.path.cmp(&b.path));
    pages.dedup_by(|a, b| a.path == b.path);
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    let address = |p: &str| escape(&base.join(&meta::folder_form(p)));
    for page in pages {
        let _ = writeln!(out, "  <url>\n    <loc>{}</loc>", address(&page.path));
        let default = page.alternates.first().map(|(_, p)| ("x-default", p));
        for (hreflang, path) in page.alternates.iter().map(|(h, p)| (*h, p)).chain(default) {
            let _ = writeln!(
                out,
                "    <xhtml:link rel=\"alternate\" hreflang=\"{hreflang}\" href=\"{}\"/>",
                address(path)
            );
        }
        out.push_str("  </url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

/// The Atom feed of the documents in `lang`, newest first (by date, then the archive's order),
/// each entry with its id, title, date, address and summary (the page's description).
pub fn feed(archive: &Archive, lang: Lang, t: &Table, addresses: Addresses<'_>) -> String {
    let path = meta::feed_path(lang);
    let id_of = |page: &str| match addresses.base {
        Some(base) => base.join(&meta::folder_form(page)),
        // Without a base URL an entry still needs a permanent, absolute id.
        None => format!("urn:summit-archive:{}", meta::folder_form(page)),
    };
    let stamp = |date: &str| format!("{date}T00:00:00Z");
    let mut docs: Vec<(usize, &crate::model::Document)> =
        archive.documents.iter().enumerate().collect();
    docs.sort_by(|(i, a), (j, b)| b.date.cmp(&a.date).then(i.cmp(j)));
    let updated = docs
        .first()
        .map_or_else(|| stamp("1970-01-01"), |(_, d)| stamp(&d.date));
    let home = views::home_page(lang);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">",
        lang.html()
    );
    let _ = writeln!(out, "  <id>{}</id>", escape(&id_of(&path)));
    let _ = writeln!(
        out,
        "  <title>{}</title>",
        escape(&views::text(t, "feed_title"))
    );
    let _ = writeln!(
        out,
        "  <subtitle>{}</subtitle>",
        escape(&views::text(t, "site_tagline"))
    );
    let _ = writeln!(out, "  <updated>{updated}</updated>");
    let _ = writeln!(
        out,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        escape(&addresses.of(&path, &path))
    );
    let _ = writeln!(
        out,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        escape(&addresses.of(&home, &path))
    );
    let _ = writeln!(
        out,
        "  <author><name>{}</name></author>",
        escape(&views::text(t, "site_name"))
    );
    for (_, doc) in docs {
        let page = views::document_page(lang, &doc.summit, &doc.id);
        let (title, title_lang) = views::title(doc, lang);
        let summary = meta::document_description(doc, lang, t);
        let kind = doc.kind.as_str();
        let _ = write!(
            out,
            "  <entry>\n    <id>{id}</id>\n    <title xml:lang=\"{title_lang}\">{title}</title>\n    <updated>{date}</updated>\n    <published>{date}</published>\n    <link rel=\"alternate\" type=\"text/html\" href=\"{href}\"/>\n    <category term=\"{kind}\" label=\"{label}\"/>\n    <summary>{summary}</summary>\n  </entry>\n",
            id = escape(&id_of(&page)),
            title = escape(&title),
            date = stamp(&doc.date),
            href = escape(&addresses.of(&page, &path)),
            label = escape(&views::text(t, &format!("kind_{kind}"))),
            summary = escape(&summary),
        );
    }
    out.push_str("</feed>\n");
    out
}

/// `robots.txt`: everything may be crawled; the sitemap's address, with a base URL.
pub fn robots(base: Option<&BaseUrl>) -> String {
    let mut out = String::from("User-agent: *\nAllow: /\n");
    if let Some(base) = base {
        let _ = write!(out, "\nSitemap: {}\n", base.join("sitemap.xml"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_text_is_escaped() {
        assert_eq!(
            escape(r#"<a href="x">&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;"
        );
        // Text around the five, in any script, is kept as it is.
        assert_eq!(escape("中吉乌铁路"), "中吉乌铁路");
        assert_eq!(escape("“习近平”<b>—</b>"), "“习近平”&lt;b&gt;—&lt;/b&gt;");
        assert_eq!(escape("&"), "&amp;");
        assert_eq!(escape(""), "");
        // Each of the five alone, at either end of a text that holds no other.
        for (c, entity) in [
            ('&', "&amp;"),
            ('<', "&lt;"),
            ('>', "&gt;"),
            ('"', "&quot;"),
            ('\'', "&apos;"),
        ] {
            assert_eq!(escape(&format!("{c}铁路")), format!("{entity}铁路"));
            assert_eq!(escape(&format!("铁路{c}")), format!("铁路{entity}"));
        }
    }

    #[test]
    fn robots_points_at_the_sitemap_when_it_exists() {
        let base = BaseUrl::parse("https://example.org/").unwrap();
        assert!(robots(Some(&base)).contains("Sitemap: https://example.org/sitemap.xml"));
        assert!(!robots(None).contains("Sitemap"));
    }
}
