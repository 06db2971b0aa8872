//! Editorial prose written in Markdown (document notes) rendered to HTML with pulldown-cmark.
//!
//! Two things differ from plain CommonMark rendering, both for Chinese text: a soft line break
//! between two CJK characters disappears instead of becoming a space, and raw HTML in the
//! source is shown as text, never passed through.

use crate::text::is_han;
use pulldown_cmark::{Event, Options, Parser, html};

/// Renders `source` to HTML.
pub fn to_html(source: &str) -> String {
    let events: Vec<Event<'_>> = Parser::new_ext(source, Options::ENABLE_STRIKETHROUGH).collect();
    let mut out_events = Vec::with_capacity(events.len());
    for (i, event) in events.iter().enumerate() {
        match event {
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
    fn raw_html_is_shown_as_text() {
        let html = to_html("<script>alert(1)</script>");
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }
}
