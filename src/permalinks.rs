//! Permalinks that never break. Every page path and unit anchor once published is recorded in
//! `content/permalinks.txt`, committed with the content. A build that would drop one fails,
//! naming it, unless `content/redirects.yaml` says where it went; the site then carries a
//! redirect for it. New permalinks are added to the record by `build`.
//!
//! Permalinks are language-neutral (`2023-xian/declaration/#cl_7__para_2`): the site publishes
//! each one in every language and in the parallel view.

use crate::diag::Diagnostic;
use crate::load::Archive;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Where the record lives, relative to the site root.
pub const RECORD: &str = "content/permalinks.txt";
pub const REDIRECTS: &str = "content/redirects.yaml";

const HEADER: &str = "# Every page and unit anchor the archive has published. `build` adds new ones; a\n# permalink is never removed: when a page or unit moves, record a redirect in\n# content/redirects.yaml. Commit this file with the content.\n";

/// One recorded redirect: a published permalink and where it now leads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Redirect {
    pub from: String,
    pub to: String,
}

/// A permalink split into its page (`2023-xian/declaration/`) and its anchor, if any.
pub fn split(permalink: &str) -> (&str, Option<&str>) {
    match permalink.split_once('#') {
        Some((page, anchor)) => (page, Some(anchor)),
        None => (permalink, None),
    }
}

/// Whether `s` has the form of a permalink: `summit/`, `summit/document/`, optionally with
/// `#unit`, or a commitment's page `commitments/<id>/`: never a path that could leave the
/// site.
pub fn is_permalink(s: &str) -> bool {
    static FORM: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"^[a-z0-9]+(?:-[a-z0-9]+)*/(?:[a-z0-9]+(?:-[a-z0-9]+)*/)?(?:#[A-Za-z0-9_]+)?$",
        )
        .expect("constant pattern")
    });
    static COMMITMENT: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"^commitments/[a-z0-9][a-z0-9_.-]*/$").expect("constant pattern")
    });
    FORM.is_match(s) || (COMMITMENT.is_match(s) && !s.contains(".."))
}

/// Every permalink the archive publishes now: summits, documents, units, and the page of
/// every commitment (`commitments/<id>/`).
pub fn current(archive: &Archive, links: &crate::model::Links) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for c in &links.commitments {
        out.insert(format!("commitments/{}/", c.id));
    }
    for summit in &archive.summits {
        out.insert(format!("{}/", summit.id));
    }
    for doc in &archive.documents {
        let page = format!("{}/{}/", doc.summit, doc.id);
        for part in doc.parts() {
            if let Some(id) = part.id {
                out.insert(format!("{page}#{id}"));
            }
        }
        for unit in doc.units() {
            out.insert(format!("{page}#{}", unit.id));
        }
        out.insert(page);
    }
    out
}

/// What comparing the record with the archive found.
#[derive(Debug, Default)]
pub struct Comparison {
    /// Published permalinks that are gone without a redirect, and bad redirects.
    pub diagnostics: Vec<Diagnostic>,
    /// Permalinks the record does not have yet.
    pub added: Vec<String>,
}

/// Compares the recorded permalinks (with their lines in the record) and the redirects with
/// what the archive publishes now.
pub fn compare(
    recorded: &[(String, usize)],
    redirects: &[(Redirect, usize)],
    now: &BTreeSet<String>,
) -> Comparison {
    let mut out = Comparison::default();
    for (redirect, line) in redirects {
        for permalink in [&redirect.from, &redirect.to] {
            if !is_permalink(permalink) {
                out.diagnostics.push(Diagnostic::error(
                    REDIRECTS,
                    *line,
                    1,
                    format!("`{permalink}` is not a permalink: write `summit/`, `summit/document/` or `summit/document/#unit`"),
                ));
            }
        }
        if now.contains(&redirect.from) {
            out.diagnostics.push(Diagnostic::error(
                REDIRECTS,
                *line,
                1,
                format!(
                    "`{}` is still published: a redirect from it would hide it",
                    redirect.from
                ),
            ));
        }
        if !now.contains(&redirect.to) {
            out.diagnostics.push(Diagnostic::error(
                REDIRECTS,
                *line,
                1,
                format!("redirect target `{}` is not published", redirect.to),
            ));
        }
    }
    for (permalink, line) in recorded {
        if now.contains(permalink) || redirects.iter().any(|(r, _)| &r.from == permalink) {
            continue;
        }
        if !is_permalink(permalink) {
            out.diagnostics.push(Diagnostic::error(
                RECORD,
                *line,
                1,
                format!(
                    "`{permalink}` is not a permalink: the record holds one a line (`summit/`, `summit/document/`, `summit/document/#unit`, `commitments/id/`), with `#` comments; remove this line"
                ),
            ));
            continue;
        }
        out.diagnostics.push(Diagnostic::error(
            RECORD,
            *line,
            1,
            format!(
                "published permalink `{permalink}` would no longer resolve: restore it, or record where it went in {REDIRECTS} (from: {permalink}, to: …)"
            ),
        ));
    }
    let known: BTreeSet<&str> = recorded.iter().map(|(p, _)| p.as_str()).collect();
    out.added = now
        .iter()
        .filter(|p| !known.contains(p.as_str()))
        .cloned()
        .collect();
    out
}

/// The record with `added` merged in, sorted, as the file's text.
pub fn record_text(recorded: &[(String, usize)], added: &[String]) -> String {
    let all: BTreeSet<&str> = recorded
        .iter()
        .map(|(p, _)| p.as_str())
        .chain(added.iter().map(String::as_str))
        .collect();
    let mut text = HEADER.to_string();
    for permalink in all {
        text.push_str(permalink);
        text.push('\n');
    }
    text
}

/// Parses the record: one permalink a line, `#` comments and blank lines aside.
pub fn parse_record(text: &str) -> Vec<(String, usize)> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(i, l)| (l.trim().to_string(), i + 1))
        .collect()
}

/// Parses the redirects: a YAML list of `{from, to}`, each with its line.
pub fn parse_redirects(text: &str, diags: &mut Vec<Diagnostic>) -> Vec<(Redirect, usize)> {
    let list: Vec<Redirect> =
        match crate::load::parse_yaml::<Option<Vec<Redirect>>>(REDIRECTS, text, 1) {
            Ok(list) => list.unwrap_or_default(),
            Err(d) => {
                diags.push(d);
                return Vec::new();
            }
        };
    let lines: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim_start().starts_with("- "))
        .map(|(i, _)| i + 1)
        .collect();
    // A permalink redirected twice would lead one reader here and another there.
    let mut first: BTreeMap<String, usize> = BTreeMap::new();
    let mut out = Vec::new();
    for (i, r) in list.into_iter().enumerate() {
        let line = lines.get(i).copied().unwrap_or(1);
        if let Some(earlier) = first.get(&r.from) {
            diags.push(Diagnostic::error(
                REDIRECTS,
                line,
                1,
                format!(
                    "`{}` is redirected already, at line {earlier}: keep one of the two",
                    r.from
                ),
            ));
            continue;
        }
        first.insert(r.from.clone(), line);
        out.push((r, line));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(items: &[&str]) -> BTreeSet<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_removed_permalink_is_an_error_unless_redirected() {
        let recorded = vec![("a/b/".to_string(), 4), ("a/b/#para_2".to_string(), 5)];
        let now = set(&["a/b/", "a/b/#para_1"]);
        let c = compare(&recorded, &[], &now);
        assert_eq!(c.diagnostics.len(), 1);
        assert_eq!(
            (c.diagnostics[0].path.as_str(), c.diagnostics[0].line),
            (RECORD, 5)
        );
        assert!(c.diagnostics[0].message.contains("a/b/#para_2"));
        assert_eq!(c.added, ["a/b/#para_1"]);

        let redirect = Redirect {
            from: "a/b/#para_2".into(),
            to: "a/b/#para_1".into(),
        };
        let c = compare(&recorded, &[(redirect, 2)], &now);
        assert!(c.diagnostics.is_empty());
    }

    #[test]
    fn a_permalink_redirected_twice_is_an_error_at_the_second() {
        let mut diags = Vec::new();
        let text = "- from: a/old/\n  to: a/b/\n- from: a/other/\n  to: a/b/\n- from: a/old/\n  to: a/c/\n";
        let list = parse_redirects(text, &mut diags);
        assert_eq!(list.len(), 2);
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].line, 5);
        assert!(
            diags[0].message.contains("at line 1"),
            "{}",
            diags[0].message
        );
    }

    #[test]
    fn a_redirect_must_lead_somewhere_published() {
        let redirect = Redirect {
            from: "a/old/".into(),
            to: "a/nowhere/".into(),
        };
        let c = compare(&[], &[(redirect, 3)], &set(&["a/b/"]));
        assert_eq!(c.diagnostics.len(), 1);
        assert_eq!(c.diagnostics[0].line, 3);
    }

    #[test]
    fn a_redirect_cannot_leave_the_site() {
        assert!(is_permalink("2023-xian/declaration/#cl_7__para_2"));
        assert!(is_permalink("2023-xian/"));
        assert!(!is_permalink("../../etc/"));
        assert!(!is_permalink("/2023-xian/"));
        assert!(is_permalink(
            "commitments/2023-xian.outcome-list.sec_1__item_1/"
        ));
        assert!(!is_permalink("commitments/../x/"));
        let redirect = Redirect {
            from: "../x/".into(),
            to: "a/b/".into(),
        };
        let c = compare(&[], &[(redirect, 1)], &set(&["a/b/"]));
        assert!(
            c.diagnostics
                .iter()
                .any(|d| d.message.contains("is not a permalink"))
        );
    }

    #[test]
    fn a_garbage_line_in_the_record_is_not_taken_for_a_permalink() {
        let recorded = vec![("hello world".to_string(), 7)];
        let c = compare(&recorded, &[], &set(&["a/"]));
        assert_eq!(c.diagnostics.len(), 1);
        assert_eq!(c.diagnostics[0].line, 7);
        assert!(
            c.diagnostics[0]
                .message
                .starts_with("`hello world` is not a permalink"),
            "{}",
            c.diagnostics[0].message
        );
        assert!(!c.diagnostics[0].message.contains("redirect"));
    }

    #[test]
    fn the_record_stays_sorted() {
        let text = record_text(&[("b/".into(), 1)], &["a/".into()]);
        assert_eq!(
            parse_record(&text)
                .into_iter()
                .map(|(p, _)| p)
                .collect::<Vec<_>>(),
            ["a/", "b/"]
        );
    }
}
