//! The overview chart of the tracker: commitments by topic and status, as inline SVG drawn at
//! build time. One stacked bar a topic; each status has its own fill pattern as well as its
//! colour, the counts are written in the bars and a legend names the statuses, so nothing is
//! told by colour alone; the `<title>` and `<desc>` tell it all in words for screen readers.
//!
//! The chart has no `viewBox`: bars are laid out in percentages of the width and text keeps its
//! size, so the chart fits a phone as well as a wide screen.

use super::feeds::escape as esc;

/// The status keys in the order they are stacked, with the last meaning "no follow-up".
pub const KEYS: [&str; 4] = ["fulfilled", "in_progress", "reaffirmed", "none"];

/// One bar: a topic's name and its commitments by status, in the order of [`KEYS`].
pub struct Bar {
    pub label: String,
    pub counts: [usize; 4],
}

/// The words the chart needs, in the page's language.
pub struct Words {
    pub title: String,
    /// The status names for the legend, in the order of [`KEYS`].
    pub statuses: [String; 4],
    /// How one bar is told in the description: `{topic}`, `{total}` and `{counts}` are
    /// replaced; the counts are each `count` (`{n}`, `{status}`) joined by `separator`.
    pub bar_sentence: String,
    pub count: String,
    pub separator: String,
}

const ROW: u32 = 50;
const LEGEND_ROW: u32 = 24;
const BAR: u32 = 22;

/// The chart's SVG element, with `id_prefix` making its ids unique on the page.
pub fn status_chart(bars: &[Bar], words: &Words, id_prefix: &str) -> String {
    let mut svg = String::new();
    let legend_height = KEYS.len() as u32 * LEGEND_ROW + 8;
    let height = legend_height + ROW * bars.len() as u32 + 4;
    let title_id = format!("{id_prefix}-title");
    let desc_id = format!("{id_prefix}-desc");
    svg.push_str(&format!(
        "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"100%\" height=\"{height}\" role=\"img\" aria-labelledby=\"{title_id} {desc_id}\">"
    ));
    svg.push_str(&format!(
        "<title id=\"{title_id}\">{}</title>",
        esc(&words.title)
    ));
    let sentences: Vec<String> = bars
        .iter()
        .map(|b| {
            let counts: Vec<String> = b
                .counts
                .iter()
                .zip(&words.statuses)
                .map(|(n, s)| {
                    words
                        .count
                        .replace("{n}", &n.to_string())
                        .replace("{status}", s)
                })
                .collect();
            words
                .bar_sentence
                .replace("{topic}", &b.label)
                .replace("{total}", &b.counts.iter().sum::<usize>().to_string())
                .replace("{counts}", &counts.join(&words.separator))
        })
        .collect();
    svg.push_str(&format!(
        "<desc id=\"{desc_id}\">{}</desc>",
        esc(&sentences.join(" "))
    ));
    svg.push_str(&patterns(id_prefix));
    // The legend: one status a line, so that long names fit a phone.
    for (i, name) in words.statuses.iter().enumerate() {
        let y = 4 + LEGEND_ROW * i as u32;
        svg.push_str(&format!(
            "<svg x=\"0\" y=\"{y}\" overflow=\"visible\"><rect class=\"swatch s-{key}\" width=\"16\" height=\"16\" fill=\"url(#{id_prefix}-{key})\"/><text x=\"22\" y=\"13\">{}</text></svg>",
            esc(name),
            key = KEYS[i],
        ));
    }
    for (row, bar) in bars.iter().enumerate() {
        let top = legend_height + ROW * row as u32;
        let total: usize = bar.counts.iter().sum();
        svg.push_str(&format!(
            "<g class=\"bar\"><text class=\"bar-label\" x=\"0\" y=\"{}\">{} ({total})</text>",
            top + 16,
            esc(&bar.label)
        ));
        let bar_top = top + 22;
        svg.push_str(&format!(
            "<rect class=\"track\" x=\"0\" y=\"{bar_top}\" width=\"100%\" height=\"{BAR}\"/>"
        ));
        let mut start = 0usize;
        for (i, &n) in bar.counts.iter().enumerate() {
            if n == 0 {
                continue;
            }
            // Percentages of the whole width, to two decimals: exact enough, and the same bytes
            // on every build.
            let x = percent(start, total);
            let w = percent(n, total);
            svg.push_str(&format!(
                "<svg x=\"{x}%\" y=\"{bar_top}\" width=\"{w}%\" height=\"{BAR}\"><title>{}: {n}</title><rect class=\"seg s-{key}\" width=\"100%\" height=\"100%\" fill=\"url(#{id_prefix}-{key})\"/>{label}</svg>",
                esc(&words.statuses[i]),
                key = KEYS[i],
                // A count written in a sliver would run into its neighbours' counts; the
                // segment's title and the description still give it.
                label = if n * 20 >= total {
                    format!("<text class=\"count\" x=\"50%\" y=\"16\" text-anchor=\"middle\">{n}</text>")
                } else {
                    String::new()
                },
            ));
            start += n;
        }
        svg.push_str("</g>");
    }
    svg.push_str("</svg>");
    svg
}

fn percent(part: usize, total: usize) -> String {
    if total == 0 {
        return "0".to_string();
    }
    let hundredths = (part * 10_000 + total / 2) / total;
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
}

/// The fills: solid, hatched, dotted and blank, each in its own colour.
fn patterns(p: &str) -> String {
    format!(
        "<defs>\
<pattern id=\"{p}-fulfilled\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\"><rect width=\"8\" height=\"8\" fill=\"#5f9e7a\"/></pattern>\
<pattern id=\"{p}-in_progress\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"8\" height=\"8\" fill=\"#f6dca0\"/><rect width=\"3\" height=\"8\" fill=\"#c98a12\"/></pattern>\
<pattern id=\"{p}-reaffirmed\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\"><rect width=\"8\" height=\"8\" fill=\"#d5e3f2\"/><circle cx=\"4\" cy=\"4\" r=\"1.8\" fill=\"#2f5f91\"/></pattern>\
<pattern id=\"{p}-none\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\"><rect width=\"8\" height=\"8\" fill=\"#f1f2f4\"/></pattern>\
</defs>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words() -> Words {
        Words {
            title: "By topic".into(),
            statuses: ["done".into(), "going".into(), "again".into(), "none".into()],
            bar_sentence: "{topic}: {total} ({counts}).".into(),
            count: "{n} {status}".into(),
            separator: ", ".into(),
        }
    }

    #[test]
    fn one_bar_a_topic_with_its_segments_and_words() {
        let bars = [
            Bar {
                label: "Trade & <roads>".into(),
                counts: [1, 0, 2, 1],
            },
            Bar {
                label: "Energy".into(),
                counts: [0, 0, 0, 0],
            },
        ];
        let svg = status_chart(&bars, &words(), "c");
        assert_eq!(svg.matches("<g class=\"bar\">").count(), 2);
        // Three non-empty segments in the first bar, none in the second.
        assert_eq!(svg.matches("class=\"seg ").count(), 3);
        // A quarter, then half of the width.
        assert!(svg.contains("x=\"25.00%\""), "{svg}");
        assert!(svg.contains("width=\"50.00%\""), "{svg}");
        assert!(svg.contains("Trade &amp; &lt;roads&gt; (4)"));
        assert!(svg.contains("Trade &amp; &lt;roads&gt;: 4 (1 done, 0 going, 2 again, 1 none)."));
        assert!(svg.contains("<title id=\"c-title\">By topic</title>"));
    }

    #[test]
    fn percentages_are_rounded_to_hundredths() {
        assert_eq!(percent(1, 3), "33.33");
        assert_eq!(percent(2, 3), "66.67");
        assert_eq!(percent(3, 3), "100.00");
        assert_eq!(percent(0, 0), "0");
    }
}
