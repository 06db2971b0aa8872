//! The site's configuration (`content/site.yaml`): a YAML map. `base_url:` is the address the
//! site is published at; canonical addresses, hreflang alternates, Open Graph, JSON-LD, the
//! sitemap and the feed are made absolute from it. Pages keep linking relatively. The file is
//! optional: without it those use relative addresses where they can (the sitemap, which must
//! be absolute, is left out). `follow_summits:` is how many of the summits after a commitment's
//! own the linker reads for what became of it (3 when not set). `paginate_by:` is how many
//! commitments and passages a topic's or a named entity's page shows, and how many commitments
//! a page of the tracker shows, before it goes on to a next page ([`PAGINATE_BY`] when not
//! set).

use crate::diag::Diagnostic;
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

/// Where the file lives, relative to the site root.
pub const PATH: &str = "content/site.yaml";

/// How many later summits report on a commitment when `follow_summits` is not set: six years
/// at the format's two-year pace. By then what became of a promise is told by the commitments
/// that restate it, and the linker's work grows with the archive, not with its pairs of summits.
pub const FOLLOW_SUMMITS: u32 = 3;

/// How many commitments and passages a topic's or an entity's page (or commitments a page of
/// the tracker) holds when `paginate_by` is not set: a page of about 300 KB (55 KB compressed), which a phone loads and a reader scrolls.
/// The bundled archive's largest subject, Central Asia, fits on one page.
pub const PAGINATE_BY: u32 = 300;

/// What `content/site.yaml` sets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SiteConfig {
    pub base_url: Option<BaseUrl>,
    /// How many of the summits after a commitment's own are read for its follow-ups.
    pub follow_summits: u32,
    /// How many commitments and passages a topic's or an entity's page shows at most.
    pub paginate_by: u32,
}

impl Default for SiteConfig {
    fn default() -> SiteConfig {
        SiteConfig {
            base_url: None,
            follow_summits: FOLLOW_SUMMITS,
            paginate_by: PAGINATE_BY,
        }
    }
}

/// An absolute `http(s)` address of the site's root, always ending in `/`, with no query,
/// fragment or user name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BaseUrl(String);

impl BaseUrl {
    /// The path of the site's root on its server, from `/` to the final `/`:
    /// `https://example.org/archive/` → `/archive/`.
    pub fn path(&self) -> &str {
        let after_scheme = self.0.find("://").map_or(0, |i| i + 3);
        self.0[after_scheme..]
            .find('/')
            .map_or("/", |i| &self.0[after_scheme + i..])
    }

    /// Checks `text`; the message says what is wrong.
    pub fn parse(text: &str) -> Result<BaseUrl, String> {
        static SHAPE: LazyLock<regex::Regex> = LazyLock::new(|| {
            // scheme, host (a name or a bracketed IPv6 address), port, path.
            regex::Regex::new(
                r"^(?i:https?)://([A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])(?::([0-9]{1,5}))?(/.*)?$",
            )
            .expect("constant pattern")
        });
        let bad = |why: &str| {
            Err(format!(
                "`base_url` {why}: write it as `https://example.org/archive/`"
            ))
        };
        if !text.to_ascii_lowercase().starts_with("http://")
            && !text.to_ascii_lowercase().starts_with("https://")
        {
            return bad("must start with `https://` or `http://`");
        }
        if text.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return bad("holds white space");
        }
        if text.contains('?') {
            return bad("may not have a query (`?…`)");
        }
        if text.contains('#') {
            return bad("may not have a fragment (`#…`)");
        }
        let Some(m) = SHAPE.captures(text) else {
            return bad(
                "is not an address: a host name (letters, digits, dots and dashes), an optional port, then a path",
            );
        };
        if m.get(2)
            .is_some_and(|p| !p.as_str().parse::<u16>().is_ok_and(|p| p > 0))
        {
            return bad("has a port out of range");
        }
        let path = m.get(3).map_or("/", |p| p.as_str());
        if path.contains("//") || path.split('/').any(|s| s == "." || s == "..") {
            return bad("has an empty, `.` or `..` step in its path");
        }
        // Path characters of RFC 3986 (unreserved, sub-delims, `:`, `@`, `/`, `%`-escapes):
        // anything else would have to be escaped in every address made from it.
        if let Some(c) = path
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@/%".contains(*c)))
        {
            return bad(&format!("has `{c}` in its path, which must be %-escaped"));
        }
        let mut url = text.to_string();
        if !url.ends_with('/') {
            url.push('/');
        }
        Ok(BaseUrl(url))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The absolute address of `path`, relative to the site root (`zh/2023-xian/`).
    pub fn join(&self, path: &str) -> String {
        format!("{}{}", self.0, path.trim_start_matches('/'))
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(default, deserialize_with = "super::strict::opt_text")]
    base_url: Option<String>,
    #[serde(default)]
    follow_summits: Option<u32>,
    #[serde(default)]
    paginate_by: Option<u32>,
}

/// Parses the configuration; problems go to `diags`, each at its line and column.
pub fn parse(path: &str, text: &str, diags: &mut Vec<Diagnostic>) -> SiteConfig {
    let raw = match super::parse_yaml::<Option<Raw>>(path, text, 1) {
        Ok(Some(raw)) => raw,
        Ok(None) => return SiteConfig::default(),
        Err(d) => {
            diags.push(d);
            return SiteConfig::default();
        }
    };
    let lines: Vec<&str> = text.lines().collect();
    let at = |field: &str| {
        super::reviews::field_position(&lines, 1, lines.len() + 1, field).unwrap_or((1, 1))
    };
    let mut config = SiteConfig::default();
    match raw.follow_summits {
        Some(0) => {
            let (line, column) = at("follow_summits");
            diags.push(Diagnostic::error(
                path,
                line,
                column,
                "`follow_summits` is 0: a commitment is followed in at least the next summit; write 1 or more (3 when left out)",
            ));
        }
        Some(n) => config.follow_summits = n,
        None => {}
    }
    match raw.paginate_by {
        Some(0) => {
            let (line, column) = at("paginate_by");
            diags.push(Diagnostic::error(
                path,
                line,
                column,
                format!("`paginate_by` is 0: a page shows at least one passage; write 1 or more ({PAGINATE_BY} when left out)"),
            ));
        }
        Some(n) => config.paginate_by = n,
        None => {}
    }
    if let Some(url) = raw.base_url {
        match BaseUrl::parse(&url) {
            Ok(base) => config.base_url = Some(base),
            Err(message) => {
                let (line, column) = at("base_url");
                diags.push(Diagnostic::error(path, line, column, message));
            }
        }
    }
    config
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_addresses_end_in_a_slash() {
        for (text, want) in [
            (
                "https://summit-archive.example.org/",
                "https://summit-archive.example.org/",
            ),
            ("https://example.org", "https://example.org/"),
            (
                "http://example.org:8080/archive",
                "http://example.org:8080/archive/",
            ),
            ("https://[::1]/a/b/", "https://[::1]/a/b/"),
            (
                "https://example.org/%E6%96%87/",
                "https://example.org/%E6%96%87/",
            ),
        ] {
            assert_eq!(BaseUrl::parse(text).unwrap().as_str(), want, "{text}");
        }
        let base = BaseUrl::parse("https://example.org/archive").unwrap();
        assert_eq!(
            base.join("zh/index.html"),
            "https://example.org/archive/zh/index.html"
        );
    }

    #[test]
    fn bad_addresses_say_why() {
        for (text, want) in [
            ("ftp://example.org/", "must start with"),
            ("example.org", "must start with"),
            ("https://example.org/?lang=zh", "query"),
            ("https://example.org/#top", "fragment"),
            ("https://user@example.org/", "not an address"),
            ("https:///path", "not an address"),
            ("https://example.org:99999/", "port"),
            ("https://example.org/a b/", "white space"),
            ("https://example.org/a//b/", "empty"),
            ("https://example.org/a/../b/", "`..`"),
            ("https://example.org/文献/", "%-escaped"),
        ] {
            let e = BaseUrl::parse(text).unwrap_err();
            assert!(e.contains(want), "{text}: {e}");
        }
    }

    #[test]
    fn a_bad_address_is_an_error_at_its_place() {
        let mut diags = Vec::new();
        let text = "# where the site is published\nbase_url: https://example.org/?x=1\n";
        assert_eq!(parse(PATH, text, &mut diags), SiteConfig::default());
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!((diags[0].line, diags[0].column), (2, 11));
        assert!(diags[0].message.contains("query"));
    }

    #[test]
    fn unknown_fields_and_non_text_are_errors_at_their_place() {
        let mut diags = Vec::new();
        parse(
            PATH,
            "base_url: https://example.org/\nbase: x\n",
            &mut diags,
        );
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].line, 2);
        let mut diags = Vec::new();
        parse(PATH, "base_url: 12\n", &mut diags);
        assert_eq!(diags[0].line, 1, "{diags:?}");
        let mut diags = Vec::new();
        let config = parse(PATH, "# nothing set\n", &mut diags);
        assert!(diags.is_empty() && config.base_url.is_none());
        assert_eq!(config.follow_summits, FOLLOW_SUMMITS);
        assert_eq!(config.paginate_by, PAGINATE_BY);
    }

    #[test]
    fn the_summits_followed_are_a_positive_count() {
        let mut diags = Vec::new();
        let config = parse(PATH, "follow_summits: 5\n", &mut diags);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(config.follow_summits, 5);
        for (text, line) in [
            ("base_url: https://example.org/\nfollow_summits: 0\n", 2),
            ("follow_summits: -1\n", 1),
            ("follow_summits: three\n", 1),
        ] {
            let mut diags = Vec::new();
            let config = parse(PATH, text, &mut diags);
            assert_eq!(diags.len(), 1, "{text}: {diags:?}");
            assert_eq!(diags[0].line, line, "{text}: {diags:?}");
            assert_eq!(config.follow_summits, FOLLOW_SUMMITS, "{text}");
        }
    }

    #[test]
    fn a_page_holds_a_positive_count_of_passages() {
        let mut diags = Vec::new();
        let config = parse(PATH, "paginate_by: 40\n", &mut diags);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(config.paginate_by, 40);
        for (text, line, column) in [
            ("follow_summits: 2\npaginate_by: 0\n", 2, 14),
            ("paginate_by: -3\n", 1, 14),
            ("paginate_by: many\n", 1, 14),
        ] {
            let mut diags = Vec::new();
            let config = parse(PATH, text, &mut diags);
            assert_eq!(diags.len(), 1, "{text}: {diags:?}");
            assert_eq!(
                (diags[0].line, diags[0].column),
                (line, column),
                "{text}: {diags:?}"
            );
            assert_eq!(config.paginate_by, PAGINATE_BY, "{text}");
        }
    }
}
