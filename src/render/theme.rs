//! The theme: Tera templates and interface-text tables from `templates/`, and the assets of
//! `static/`, read once per build.

use crate::diag::Diagnostic;
use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use walkdir::WalkDir;

/// Templates, translation tables and static assets.
pub struct Theme {
    pub tera: tera::Tera,
    /// Interface text per language code (`zh`, `en`): key → text.
    pub tables: BTreeMap<String, BTreeMap<String, String>>,
    /// Files of `static/`, keyed by their path inside it.
    pub assets: BTreeMap<String, Vec<u8>>,
    /// The text of each template, by name (its path inside `templates/`), to place errors.
    sources: BTreeMap<String, String>,
    /// The part of each language's table a template reads, by template name and language code,
    /// for the templates that name every key they read (see [`keys_read`]).
    read: BTreeMap<(String, String), BTreeMap<String, String>>,
}

/// What is wrong with the theme: each problem at its file, line and column, every template
/// checked in one pass.
#[derive(Debug)]
pub struct ThemeError(pub Vec<Diagnostic>);

impl std::fmt::Display for ThemeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let lines: Vec<String> = self.0.iter().map(ToString::to_string).collect();
        f.write_str(&lines.join("\n"))
    }
}

impl std::error::Error for ThemeError {}

impl Theme {
    /// Reads `root/templates` and `root/static`.
    pub fn load(root: &Path) -> Result<Theme, ThemeError> {
        let mut diags = Vec::new();
        let mut sources = BTreeMap::new();
        let mut tables = BTreeMap::new();
        for (rel, path) in walk(root, "templates", &mut diags) {
            let shown = format!("templates/{rel}");
            let text = match std::fs::read_to_string(&path) {
                Ok(t) => t,
                Err(e) => {
                    diags.push(Diagnostic::error(&shown, 1, 1, format!("cannot read: {e}")));
                    continue;
                }
            };
            if rel.ends_with(".html") {
                sources.insert(rel, text);
            } else if let Some(lang) = rel
                .strip_prefix("i18n/")
                .and_then(|r| r.strip_suffix(".yaml"))
            {
                match crate::load::parse_yaml::<BTreeMap<String, String>>(&shown, &text, 1) {
                    Ok(table) => {
                        tables.insert(lang.to_string(), table);
                    }
                    Err(d) => diags.push(d),
                }
            }
        }
        let mut assets = BTreeMap::new();
        for (rel, path) in walk(root, "static", &mut diags) {
            match std::fs::read(&path) {
                Ok(bytes) => {
                    assets.insert(rel, bytes);
                }
                Err(e) => diags.push(Diagnostic::error(
                    &format!("static/{rel}"),
                    1,
                    1,
                    format!("cannot read: {e}"),
                )),
            }
        }
        // Without templates/ at all, its missing tables are not news.
        let tables_expected = root.join("templates").is_dir();
        for lang in super::Lang::ALL.into_iter().filter(|_| tables_expected) {
            let path = format!("templates/i18n/{}.yaml", lang.code());
            let (Some(table), Some(other)) =
                (tables.get(lang.code()), tables.get(lang.other().code()))
            else {
                if !tables.contains_key(lang.code()) && !diags.iter().any(|d| d.path == path) {
                    diags.push(Diagnostic::error(
                        &path,
                        1,
                        1,
                        "missing interface-text table",
                    ));
                }
                continue;
            };
            // Every key of one table is in the other: no interface text falls back silently.
            for key in table.keys().filter(|k| !other.contains_key(*k)) {
                diags.push(Diagnostic::error(
                    &format!("templates/i18n/{}.yaml", lang.other().code()),
                    1,
                    1,
                    format!("missing interface text `{key}`, which {path} has"),
                ));
            }
        }
        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![".html"]);
        // `& < > " '`, as in the feeds: every attribute is quoted, so `/` needs no escape, and
        // addresses stay as written (Tera's own escape writes each `/` as six bytes).
        tera.set_escape_fn(super::feeds::escape);
        let added = tera.add_raw_templates(
            sources
                .iter()
                .map(|(name, text)| (name.as_str(), text.as_str())),
        );
        if added.is_err() {
            // Tera stops at the first template it cannot parse: each is parsed on its own
            // again, so that every broken one is reported.
            for (name, text) in &sources {
                if let Err(e) = tera::Template::new(name, None, text) {
                    diags.push(template_diagnostic(&format!("templates/{name}"), text, &e));
                }
            }
        }
        if !diags.is_empty() {
            crate::diag::sort(&mut diags);
            return Err(ThemeError(diags));
        }
        // Every template parses: what is left to report is how they use each other.
        if let Err(e) = added {
            let message = super::error_chain(&e);
            let (name, line, column) = blame(&message, &sources);
            return Err(ThemeError(vec![Diagnostic::error(
                &format!("templates/{name}"),
                line,
                column,
                last_cause(&message),
            )]));
        }
        let read = tables_read(&sources, &tables);
        Ok(Theme {
            tera,
            tables,
            assets,
            sources,
            read,
        })
    }

    /// A rendering error of Tera as a diagnostic at the template that holds the mistake: the
    /// innermost template named, at the first place where it writes what the error names.
    pub fn render_diagnostic(&self, e: &tera::Error) -> Diagnostic {
        let message = super::error_chain(e);
        let (name, line, column) = blame(&message, &self.sources);
        Diagnostic::error(
            &format!("templates/{name}"),
            line,
            column,
            last_cause(&message),
        )
    }

    /// Where each file of `static/` is written in the site, by its path inside `static/`:
    /// `style.css` → `static/style.3f9a1c2b.css`, the hash of its bytes in the name so that a
    /// server or CDN may cache it for ever; the files of [`FIXED_ASSETS`] keep their names.
    pub fn asset_paths(&self) -> BTreeMap<String, String> {
        self.assets
            .iter()
            .map(|(name, bytes)| (name.clone(), format!("static/{}", hashed_name(name, bytes))))
            .collect()
    }

    /// The interface-text table of `lang`.
    pub fn table(&self, lang: &str) -> &BTreeMap<String, String> {
        // Invariant: `load` refuses a theme without the table of every language rendered.
        &self.tables[lang]
    }

    /// What a page of `template` is given of the interface-text table of `lang`: the keys the
    /// template reads (with the templates it extends, imports or includes), so that each page's
    /// context carries tens of texts, not the whole table; the whole table for a template that
    /// reads it otherwise than key by key.
    pub fn table_for(&self, template: &str, lang: &str) -> &BTreeMap<String, String> {
        self.read
            .get(&(template.to_string(), lang.to_string()))
            .unwrap_or_else(|| self.table(lang))
    }
}

/// The keys of the interface-text table `t` that the template `name` reads as `t.<key>`, in its
/// own text or in a template it extends, imports or includes (and so on); `None` when one of
/// them may read the table otherwise (`t[...]`, the table passed on under another name), or
/// uses a template the theme lacks.
fn keys_read(name: &str, sources: &BTreeMap<String, String>) -> Option<BTreeSet<String>> {
    static USED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"\{%-?\s*(?:extends|import|include)\s+"([^"]+)""#).expect("constant pattern")
    });
    // `t` as a name: `t.<key>` is read key by key; passed on as `t=t` or named as a macro's
    // parameter `t`, it is read key by key in the macro (whose text is scanned too).
    static NAME: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\bt\b(\.[A-Za-z_][A-Za-z0-9_]*)?").expect("constant pattern")
    });
    let mut keys = BTreeSet::new();
    let mut seen = BTreeSet::from([name.to_string()]);
    let mut todo = vec![name.to_string()];
    while let Some(current) = todo.pop() {
        let text = sources.get(&current)?;
        for used in USED.captures_iter(text) {
            if seen.insert(used[1].to_string()) {
                todo.push(used[1].to_string());
            }
        }
        for m in NAME.captures_iter(text) {
            let whole = m.get(0).expect("a match");
            match m.get(1) {
                Some(key) => {
                    keys.insert(key.as_str()[1..].to_string());
                }
                None if passed_on_as_itself(text, whole.start(), whole.end()) => {}
                None if in_tag(text, whole.start()) => return None,
                // A word `t` in the page's text (`don't`), not a name.
                None => {}
            }
        }
    }
    Some(keys)
}

/// Whether the name `t` at `start..end` of `text` is `t=t` (either side) or a macro's
/// parameter: `(t,`, `, t,` or `, t)` in a `{% macro … %}` tag.
fn passed_on_as_itself(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].trim_end();
    let after = text[end..].trim_start();
    if (before.ends_with('=') && before[..before.len() - 1].trim_end().ends_with('t'))
        || (after.starts_with('=') && after[1..].trim_start().starts_with('t'))
    {
        return true;
    }
    let tag_start = text[..start].rfind("{%").unwrap_or(0);
    let in_macro = text[tag_start..start]
        .trim_start_matches("{%")
        .trim_start_matches('-')
        .trim_start()
        .starts_with("macro ");
    in_macro
        && (before.ends_with('(') || before.ends_with(','))
        && (after.starts_with(',') || after.starts_with(')'))
}

/// Whether `at` is inside a Tera tag or expression (`{% … %}`, `{{ … }}`), where a name is
/// code, rather than in the page's text.
fn in_tag(text: &str, at: usize) -> bool {
    let before = &text[..at];
    let open = before.rfind("{%").max(before.rfind("{{"));
    let close = before.rfind("%}").max(before.rfind("}}"));
    match (open, close) {
        (Some(o), Some(c)) => o > c,
        (Some(_), None) => true,
        _ => false,
    }
}

/// The part of every table each template reads, for the templates [`keys_read`] can tell.
fn tables_read(
    sources: &BTreeMap<String, String>,
    tables: &BTreeMap<String, BTreeMap<String, String>>,
) -> BTreeMap<(String, String), BTreeMap<String, String>> {
    let mut read = BTreeMap::new();
    for name in sources.keys() {
        let Some(keys) = keys_read(name, sources) else {
            continue;
        };
        for (lang, table) in tables {
            let part = table
                .iter()
                .filter(|(k, _)| keys.contains(*k))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            read.insert((name.clone(), lang.clone()), part);
        }
    }
    read
}

/// Files of `static/` that keep their names: outside tools ask for them by name.
pub const FIXED_ASSETS: [&str; 1] = ["favicon.svg"];

/// `name` with the content hash of `bytes` before its extension (`style.3f9a1c2b.css`), or as
/// it is for a fixed asset.
fn hashed_name(name: &str, bytes: &[u8]) -> String {
    if FIXED_ASSETS.contains(&name) {
        return name.to_string();
    }
    let hash = format!("{:016x}", fnv1a(bytes));
    let hash = &hash[..8];
    let (folder, file) = name.rsplit_once('/').map_or(("", name), |(d, f)| (d, f));
    let file = match file.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => format!("{stem}.{hash}.{ext}"),
        _ => format!("{file}.{hash}"),
    };
    if folder.is_empty() {
        file
    } else {
        format!("{folder}/{file}")
    }
}

/// FNV-1a (64 bits): stable across builds, platforms and compiler versions, which the
/// standard library's hasher does not promise; a cache key, not a security measure.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// The files under `root/folder`, as (path relative to it with `/` separators, full path),
/// sorted; a missing folder or an entry that cannot be read is reported.
fn walk(root: &Path, folder: &str, diags: &mut Vec<Diagnostic>) -> Vec<(String, PathBuf)> {
    let dir = root.join(folder);
    let mut out = Vec::new();
    if !dir.is_dir() {
        diags.push(Diagnostic::error(folder, 1, 1, "folder missing"));
        return out;
    }
    for entry in WalkDir::new(&dir).follow_links(true).sort_by_file_name() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e
                    .path()
                    .map_or_else(|| folder.to_string(), |p| rel_path(root, p));
                diags.push(Diagnostic::error(&path, 1, 1, format!("cannot read: {e}")));
                continue;
            }
        };
        if !entry.file_type().is_file() || entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let rel = rel_path(&dir, entry.path());
        out.push((rel, entry.into_path()));
    }
    out
}

fn rel_path(base: &Path, path: &Path) -> String {
    path.strip_prefix(base)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// A parse error of the template `path` (text `text`) at the line and column Tera gives.
fn template_diagnostic(path: &str, text: &str, e: &tera::Error) -> Diagnostic {
    let message = super::error_chain(e);
    let (line, column) = POSITION
        .captures(&message)
        .and_then(|m| Some((m[1].parse().ok()?, m[2].parse().ok()?)))
        .unwrap_or((1, 1));
    // Tera's message draws the line with a caret, then says what it expected.
    let expected = message
        .lines()
        .find_map(|l| l.trim().strip_prefix("= "))
        .map(str::to_string);
    let line = line.min(text.lines().count().max(1));
    Diagnostic::error(
        path,
        line,
        column,
        expected.unwrap_or_else(|| last_cause(&message)),
    )
}

static POSITION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"--> (\d+):(\d+)").expect("constant pattern"));

/// The template a Tera error is about, and where in it: the innermost template the chain
/// names, at the first place its text holds a name the error quotes (a variable, filter,
/// function or included template). A macro's error names the page that called it, not the
/// macro's own file: a quoted name the page does not hold is looked for in the other templates.
fn blame(message: &str, sources: &BTreeMap<String, String>) -> (String, usize, usize) {
    static NAMED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(?:rendering|render|parse|template|Template|from) ['"]([^'"\s]+)['"]"#)
            .expect("constant pattern")
    });
    static QUOTED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"`([^`]+)`|'\[?([^'\]\s]+)\]?'|"([^"\s]+)""#).expect("constant pattern")
    });
    let find = |text: &str, needle: &str| {
        text.lines().enumerate().find_map(|(i, l)| {
            l.find(needle)
                .map(|at| (i + 1, l[..at].chars().count() + 1))
        })
    };
    let names: Vec<&str> = NAMED
        .captures_iter(message)
        .filter_map(|m| m.get(1))
        .map(|m| m.as_str())
        .filter(|n| sources.contains_key(*n))
        .collect();
    let Some(name) = names.last().copied() else {
        return ("".to_string(), 1, 1);
    };
    let needles: Vec<&str> = QUOTED
        .captures_iter(message)
        .filter_map(|m| m.get(1).or(m.get(2)).or(m.get(3)))
        .map(|m| m.as_str())
        .filter(|quoted| !sources.contains_key(*quoted))
        .collect();
    // The chain runs from the outermost cause to the innermost: the last name quoted is the
    // most specific.
    for needle in needles.iter().rev() {
        if let Some((line, column)) = find(&sources[name], needle) {
            return (name.to_string(), line, column);
        }
        for (other, text) in sources {
            if let Some((line, column)) = find(text, needle) {
                return (other.clone(), line, column);
            }
        }
    }
    (name.to_string(), 1, 1)
}

/// The last, most specific cause of a Tera error chain, on one line.
fn last_cause(message: &str) -> String {
    message
        .rsplit(": ")
        .next()
        .unwrap_or(message)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assets_are_named_by_their_content() {
        // FNV-1a's published test vectors.
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        let a = hashed_name("style.css", b"body{}");
        assert!(
            a.starts_with("style.") && a.ends_with(".css") && a.len() == "style..css".len() + 8
        );
        assert_ne!(a, hashed_name("style.css", b"body{ }"));
        assert_eq!(a, hashed_name("style.css", b"body{}"));
        assert!(hashed_name("js/site.js", b"x").starts_with("js/site."));
        assert_eq!(hashed_name("favicon.svg", b"<svg/>"), "favicon.svg");
    }

    /// A theme of `templates` (path under `templates/`, text) with both interface tables.
    fn theme_of(templates: &[(&str, &str)]) -> Result<Theme, ThemeError> {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir(root.path().join("static")).unwrap();
        let mut files = vec![
            ("i18n/zh.yaml", "home: 首页\n"),
            ("i18n/en.yaml", "home: Home\n"),
        ];
        files.extend_from_slice(templates);
        for (path, text) in files {
            let path = root.path().join("templates").join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        Theme::load(root.path())
    }

    fn errors(result: Result<Theme, ThemeError>) -> Vec<String> {
        match result {
            Ok(_) => panic!("the theme loaded"),
            Err(ThemeError(diags)) => diags.iter().map(|d| d.to_string()).collect(),
        }
    }

    #[test]
    fn every_template_that_does_not_parse_is_reported_then_how_they_use_each_other() {
        let good = (
            "base.html",
            "<p>{{ t.home }}</p>{% block main %}{% endblock main %}",
        );
        assert!(theme_of(&[good]).is_ok());
        let found = errors(theme_of(&[
            good,
            ("a.html", "<p>\n{{ t.home </p>"),
            ("partials/b.html", "{% if %}"),
        ]));
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].starts_with("templates/a.html:2:"), "{found:?}");
        assert!(
            found[1].starts_with("templates/partials/b.html:1:"),
            "{found:?}"
        );
        // Each parses, but one extends a template the theme lacks.
        let found = errors(theme_of(&[
            good,
            ("page.html", "{% extends \"missing.html\" %}"),
        ]));
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].starts_with("templates/page.html"), "{found:?}");
        assert!(found[0].contains("missing.html"), "{found:?}");
    }

    fn sources(files: &[(&str, &str)]) -> BTreeMap<String, String> {
        files
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect()
    }

    fn set(keys: &[&str]) -> Option<BTreeSet<String>> {
        Some(keys.iter().map(|k| k.to_string()).collect())
    }

    #[test]
    fn a_page_is_given_the_interface_texts_it_and_the_templates_it_uses_read() {
        let files = sources(&[
            (
                "base.html",
                r#"<nav>{{ t.home }}</nav>{% block body %}{% endblock body %}"#,
            ),
            (
                "m.html",
                r#"{% macro quote(q, t, root) %}{{ t.source }}{% if x %}{{ t.more }}{% endif %}{% endmacro quote %}"#,
            ),
            (
                "page.html",
                r#"{% extends "base.html" %}{% import "m.html" as m %}{% block body %}Don't.{{ t.title }} {{ m::quote(q=q, t=t, root=root) }}{% endblock body %}"#,
            ),
            ("alone.html", r#"<p>{{ t.title|upper }}, at.home</p>"#),
        ]);
        assert_eq!(
            keys_read("page.html", &files),
            set(&["home", "more", "source", "title"])
        );
        assert_eq!(keys_read("alone.html", &files), set(&["title"]));
        assert_eq!(keys_read("base.html", &files), set(&["home"]));
    }

    #[test]
    fn a_page_reading_the_table_otherwise_than_key_by_key_is_given_all_of_it() {
        for page in [
            r#"{{ t[key] }}"#,
            r#"{% set labels = t %}{{ labels.home }}"#,
            r#"{{ m::quote(labels=t) }}"#,
            r#"{% for k, v in t %}{{ v }}{% endfor %}"#,
            r#"{% include "missing.html" %}{{ t.home }}"#,
        ] {
            let files = sources(&[("page.html", page)]);
            assert_eq!(keys_read("page.html", &files), None, "{page}");
        }
        let theme_read = tables_read(
            &sources(&[("a.html", "{{ t.b }}"), ("all.html", "{{ t[k] }}")]),
            &BTreeMap::from([(
                "en".to_string(),
                BTreeMap::from([
                    ("a".to_string(), "A".to_string()),
                    ("b".to_string(), "B".to_string()),
                ]),
            )]),
        );
        assert_eq!(
            theme_read.get(&("a.html".to_string(), "en".to_string())),
            Some(&BTreeMap::from([("b".to_string(), "B".to_string())]))
        );
        assert!(!theme_read.contains_key(&("all.html".to_string(), "en".to_string())));
    }
}
