//! Editorial prose written in Markdown (document notes) rendered to HTML with pulldown-cmark.
//!
//! Three things differ from plain CommonMark rendering: a soft line break between two CJK
//! characters disappears instead of becoming a space; raw HTML in the source is shown as text,
//! never passed through; and links lead only to `http(s)`, `mailto` or addresses inside the
//! site, images only to files of the site. [`unsafe_targets`] finds the links and images that
//! break the last rule, so that the loader can report them; [`to_html`] never emits one, even
//! when called on a text that was not checked (the link keeps its text, the image its
//! description).

use crate::text::is_han;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd, html};
use std::ops::Range;

/// Whether a link or an image is being checked: images may come only from the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Link,
    Image,
}

/// Why `url` may not be the target of a link (or image), or `None` when it may.
pub fn refusal(url: &str, target: Target) -> Option<&'static str> {
    if url
        .chars()
        .any(|c| c.is_control() || c.is_whitespace() || c == '\\')
    {
        return Some("has white space, a control character or a backslash in it");
    }
    if url.starts_with("//") {
        return Some("leads to another server (an address starting with `//`)");
    }
    // A scheme is what comes before the first `:` that is not after a `/`, `?` or `#`.
    let scheme = url
        .find([':', '/', '?', '#'])
        .filter(|&i| url[i..].starts_with(':'))
        .map(|i| &url[..i]);
    match (scheme, target) {
        (None, _) => None,
        (Some(_), Target::Image) => {
            Some("is not a file of the site: images come only from the site (a relative path)")
        }
        (Some("http" | "https" | "mailto"), Target::Link) => None,
        (Some(_), Target::Link) => {
            Some("is not an `http:`, `https:` or `mailto:` address or a relative one")
        }
    }
}

/// The links and images of `source` whose target [`refusal`] refuses: each with the byte range
/// of the link in `source`, the target and the reason.
pub fn unsafe_targets(source: &str) -> Vec<(Range<usize>, String, &'static str)> {
    let mut out = Vec::new();
    for (event, range) in Parser::new_ext(source, Options::ENABLE_STRIKETHROUGH).into_offset_iter()
    {
        let (url, target) = match &event {
            Event::Start(Tag::Link { dest_url, .. }) => (dest_url, Target::Link),
            Event::Start(Tag::Image { dest_url, .. }) => (dest_url, Target::Image),
            _ => continue,
        };
        if let Some(why) = refusal(url, target) {
            out.push((range, url.to_string(), why));
        }
    }
    out
}

/// Renders `source` to HTML.
pub fn to_html(source: &str) -> String {
    let events: Vec<Event<'_>> = Parser::new_ext(source, Options::ENABLE_STRIKETHROUGH).collect();
    let mut out_events = Vec::with_capacity(events.len());
    // Links refused are left out with their end, keeping their text; images refused are shown
    // by their description, as text.
    let mut open_links: Vec<bool> = Vec::new();
    let mut in_refused_image = 0usize;
    for (i, event) in events.iter().enumerate() {
        if in_refused_image > 0 {
            match event {
                Event::Start(Tag::Image { .. }) => in_refused_image += 1,
                Event::End(TagEnd::Image) => in_refused_image -= 1,
                Event::Text(t) | Event::Code(t) => out_events.push(Event::Text(t.clone())),
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                let refused = refusal(dest_url, Target::Link).is_some();
                open_links.push(refused);
                if !refused {
                    out_events.push(event.clone());
                }
            }
            Event::End(TagEnd::Link) => {
                if open_links.pop() != Some(true) {
                    out_events.push(event.clone());
                }
            }
            Event::Start(Tag::Image { dest_url, .. })
                if refusal(dest_url, Target::Image).is_some() =>
            {
                in_refused_image = 1;
            }
            Event::SoftBreak => {
                let before = last_char(&events[..i]);
                let after = first_char(&events[i + 1..]);
                if before.is_some_and(is_cjk) && after.is_some_and(is_cjk) {
                    continue;
                }
                out_events.push(Event::SoftBreak);
            }
            Event::Html(raw) | Event::InlineHtml(raw) => out_events.push(Event::Text(raw.clone())),
            other => out_events.push(other.clone()),
        }
    }
    let mut out = String::new();
    html::push_html(&mut out, out_events.into_iter());
    out
}

fn is_cjk(c: char) -> bool {
    is_han(c)
        || ('\u{3000}'..='\u{303F}').contains(&c)
        || ('\u{FF00}'..='\u{FFEF}').contains(&c)
        || matches!(c, '“' | '”' | '‘' | '’' | '—' | '…')
}

fn last_char(events: &[Event<'_>]) -> Option<char> {
    events.iter().rev().find_map(|e| match e {
        Event::Text(t) | Event::Code(t) => t.chars().last(),
        _ => None,
    })
}

fn first_char(events: &[Event<'_>]) -> Option<char> {
    events.iter().find_map(|e| match e {
        Event::Text(t) | Event::Code(t) => t.chars().next(),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn soft_break_between_han_characters_leaves_no_space() {
        assert_eq!(to_html("上下求\n索的留学生"), "<p>上下求索的留学生</p>\n");
    }

    #[test]
    fn soft_break_between_latin_words_stays() {
        assert_eq!(to_html("the source\nstops"), "<p>the source\nstops</p>\n");
    }

    #[test]
    fn links_lead_only_to_the_web_mail_or_the_site() {
        for good in [
            "https://example.org/a",
            "http://example.org",
            "mailto:editor@example.org",
            "../declaration/#cl_1",
            "#cl_7__para_2",
            "sources/a.txt",
        ] {
            assert_eq!(refusal(good, Target::Link), None, "{good}");
        }
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "vbscript:msgbox",
            "data:text/html,x",
            "file:///etc/passwd",
            "//evil.example/x",
            "java\tscript:alert(1)",
            " javascript:alert(1)",
            "HTTP://example.org",
        ] {
            assert!(refusal(bad, Target::Link).is_some(), "{bad}");
        }
        assert!(refusal("https://example.org/a.png", Target::Image).is_some());
        assert_eq!(refusal("../photo.png", Target::Image), None);
    }

    #[test]
    fn refused_targets_are_found_with_their_place_and_never_rendered() {
        let source = "见[声明](https://example.org)与[此](javascript&#58;alert(1))。\n\n![图](https://example.org/a.png)";
        let found = unsafe_targets(source);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].1, "javascript:alert(1)");
        assert!(source[found[0].0.clone()].starts_with("[此]"));
        assert!(source[found[1].0.clone()].starts_with("![图]"));
        let html = to_html(source);
        let doc = scraper::Html::parse_fragment(&html);
        let hrefs: Vec<&str> = doc
            .select(&scraper::Selector::parse("a").unwrap())
            .filter_map(|a| a.value().attr("href"))
            .collect();
        assert_eq!(hrefs, ["https://example.org"], "{html}");
        assert!(
            doc.select(&scraper::Selector::parse("img").unwrap())
                .next()
                .is_none(),
            "{html}"
        );
        assert!(html.contains("此") && html.contains("图"), "{html}");
    }

    #[test]
    fn raw_html_is_shown_as_text() {
        let html = to_html("<script>alert(1)</script>");
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }
}
