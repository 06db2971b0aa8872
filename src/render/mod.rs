//! The render stage: the [`Archive`] in, every file of the site out, as bytes in memory keyed
//! by their path under the output folder. Writing them to disk is [`crate::output`]'s job.
//!
//! Pages are rendered with Tera from `templates/`; all interface text comes from the
//! translation table `templates/i18n/<lang>.yaml`. Links are relative, so the site works from
//! any path and opened from disk. Render does no parsing of the texts.

mod chart;
mod cite;
mod exports;
mod glossary;
mod home;
mod theme;
pub mod tracker;
mod views;

pub use theme::{Theme, ThemeError};

use crate::load::Archive;
use crate::model::Links;
use crate::permalinks::{self, Redirect};
use std::collections::BTreeMap;
use tera::Context;

/// The built site: file contents keyed by their path relative to the output folder, with `/`
/// separators.
#[derive(Debug, Default)]
pub struct Site {
    pub files: BTreeMap<String, Vec<u8>>,
}

/// Errors of the render stage.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// A template that failed to render, at the place that holds the mistake.
    #[error("{0}")]
    Template(crate::diag::Diagnostic),
    #[error("export {0}: {1}")]
    Export(String, serde_json::Error),
    #[error("export {0}: {1}")]
    Csv(String, csv::Error),
}

pub use views::Lang;

/// A published permalink's page path in `lang`, relative to the site root:
/// `2023-xian/declaration/#cl_7` → `zh/2023-xian/declaration/index.html#cl_7`.
fn permalink_href(lang: Lang, permalink: &str) -> String {
    let (page, anchor) = permalinks::split(permalink);
    let page = page.trim_end_matches('/');
    match anchor {
        Some(a) => format!("{}/{page}/index.html#{a}", lang.code()),
        None => format!("{}/{page}/index.html", lang.code()),
    }
}

/// Renders every page, export and asset of the site, and a redirect for each recorded move;
/// `links` gives the commitment tracker, the topic and entity pages and the notes on units.
pub fn render_site(
    archive: &Archive,
    links: &Links,
    theme: &Theme,
    redirects: &[Redirect],
) -> Result<Site, RenderError> {
    let mut site = Site::default();
    let index = tracker::LinkIndex::new(archive, links);
    let published = permalinks::current(archive, links);
    // Moved anchors, by the page they were published on.
    let mut moved: BTreeMap<&str, Vec<(&str, &str)>> = BTreeMap::new();
    for r in redirects {
        if let (page, Some(anchor)) = permalinks::split(&r.from) {
            moved.entry(page).or_default().push((anchor, r.to.as_str()));
        }
    }
    // Pages no longer published, each with where it leads.
    let mut gone: BTreeMap<&str, &str> = BTreeMap::new();
    for r in redirects {
        let (page, anchor) = permalinks::split(&r.from);
        if !published.contains(page) && (anchor.is_none() || !gone.contains_key(page)) {
            let target = if anchor.is_none() {
                r.to.as_str()
            } else {
                permalinks::split(&r.to).0
            };
            gone.insert(page, target);
        }
    }
    for lang in Lang::ALL {
        let t = theme.table(lang.code());
        let render = |template: &str,
                      path: &str,
                      languages: views::Languages,
                      mut cx: Context|
         -> Result<(String, Vec<u8>), RenderError> {
            cx.insert("t", t);
            cx.insert("lang", &lang);
            cx.insert("html_lang", lang.html());
            cx.insert("root", &views::root_prefix(path));
            cx.insert("languages", &languages);
            // Which view this is: the template's name (`index`, `summit`, `document`, `parallel`).
            cx.insert("view", template.trim_end_matches(".html"));
            let html = theme
                .tera
                .render(template, &cx)
                .map_err(|e| RenderError::Template(theme.render_diagnostic(&e)))?;
            Ok((path.to_string(), html.into_bytes()))
        };

        let home = views::home(archive, lang, t);
        let mut cx = Context::new();
        cx.insert("home", &home);
        cx.insert("glance", &home::home(archive, &index, lang, t));
        let pages: Vec<String> = match lang {
            // The Chinese home is also the site's front page.
            Lang::Zh => vec!["index.html".to_string(), views::home_page(lang)],
            Lang::En => vec![views::home_page(lang)],
        };
        for page in pages {
            let languages = views::languages(lang, views::home_page, t);
            let (path, bytes) = render("index.html", &page, languages, cx.clone())?;
            site.files.insert(path, bytes);
        }

        for summit in &archive.summits {
            let view = views::summit(archive, summit, lang, t);
            let mut cx = Context::new();
            cx.insert("summit", &view);
            let languages = views::languages(lang, |l| views::summit_page(l, &summit.id), t);
            let (path, bytes) = render(
                "summit.html",
                &views::summit_page(lang, &summit.id),
                languages,
                cx,
            )?;
            site.files.insert(path, bytes);
        }

        let moved_views = |page: &str| -> Vec<views::Moved> {
            moved
                .get(page)
                .into_iter()
                .flatten()
                .map(|(id, to)| views::Moved {
                    id: id.to_string(),
                    href: permalink_href(lang, to),
                })
                .collect()
        };
        for (page, target) in &gone {
            let mut cx = Context::new();
            cx.insert("target_href", &permalink_href(lang, target));
            cx.insert("moved", &moved_views(page));
            let path = permalink_href(lang, page);
            let languages = views::languages(lang, |l| permalink_href(l, page), t);
            let (path, bytes) = render("redirect.html", &path, languages, cx)?;
            site.files.insert(path, bytes);
        }

        for doc in &archive.documents {
            let mut view = views::document(archive, &index, doc, lang, t);
            view.moved = moved_views(&format!("{}/{}/", doc.summit, doc.id));
            let mut cx = Context::new();
            cx.insert("doc", &view);
            cx.insert("doc_terms", &glossary::document_terms(&index, doc, lang));
            let languages =
                views::languages(lang, |l| views::document_page(l, &doc.summit, &doc.id), t);
            let (path, bytes) = render("document.html", &view.page_href, languages, cx.clone())?;
            site.files.insert(path, bytes);
            let languages =
                views::languages(lang, |l| views::parallel_page(l, &doc.summit, &doc.id), t);
            let (path, bytes) = render("parallel.html", &view.parallel_href, languages, cx)?;
            site.files.insert(path, bytes);
        }

        let mut cx = Context::new();
        cx.insert("tracker", &index.tracker(lang, t));
        let languages = views::languages(lang, tracker::tracker_page, t);
        let (path, bytes) = render(
            "commitments.html",
            &tracker::tracker_page(lang),
            languages,
            cx,
        )?;
        site.files.insert(path, bytes);
        for c in &links.commitments {
            let mut cx = Context::new();
            cx.insert("c", &index.commitment(c, lang, t));
            let languages = views::languages(lang, |l| tracker::commitment_page(l, &c.id), t);
            let (path, bytes) = render(
                "commitment.html",
                &tracker::commitment_page(lang, &c.id),
                languages,
                cx,
            )?;
            site.files.insert(path, bytes);
        }

        let mut cx = Context::new();
        cx.insert("cards", &index.topic_cards(lang));
        let languages = views::languages(lang, tracker::topics_page, t);
        let (path, bytes) = render("topics.html", &tracker::topics_page(lang), languages, cx)?;
        site.files.insert(path, bytes);
        for topic in &links.topics {
            let mut cx = Context::new();
            cx.insert("subject", &index.topic_view(topic, lang, t));
            let languages = views::languages(lang, |l| tracker::topic_page(l, &topic.id), t);
            let (path, bytes) = render(
                "subject.html",
                &tracker::topic_page(lang, &topic.id),
                languages,
                cx,
            )?;
            site.files.insert(path, bytes);
        }

        let mut cx = Context::new();
        cx.insert("filters", &views::search_filters(archive, lang, t));
        let languages = views::languages(lang, views::search_page, t);
        let (path, bytes) = render("search.html", &views::search_page(lang), languages, cx)?;
        site.files.insert(path, bytes);

        let mut cx = Context::new();
        cx.insert("glossary", &glossary::glossary(&index, lang, t));
        let languages = views::languages(lang, glossary::glossary_page, t);
        let (path, bytes) = render(
            "glossary.html",
            &glossary::glossary_page(lang),
            languages,
            cx,
        )?;
        site.files.insert(path, bytes);

        let mut cx = Context::new();
        cx.insert("groups", &index.entity_groups(lang, t));
        let languages = views::languages(lang, tracker::entities_page, t);
        let (path, bytes) = render(
            "entities.html",
            &tracker::entities_page(lang),
            languages,
            cx,
        )?;
        site.files.insert(path, bytes);
        for term in &archive.glossary.terms {
            let slug = index.slug_of(term);
            let mut cx = Context::new();
            cx.insert("subject", &index.entity_view(term, lang, t));
            let languages = views::languages(lang, |l| tracker::entity_page(l, slug), t);
            let (path, bytes) = render(
                "subject.html",
                &tracker::entity_page(lang, slug),
                languages,
                cx,
            )?;
            site.files.insert(path, bytes);
        }
    }

    site.files
        .insert("404.html".to_string(), not_found_page(theme)?);
    for (path, bytes) in exports::exports(archive, links)? {
        site.files.insert(path, bytes);
    }
    for (name, text) in &archive.sources {
        site.files
            .insert(format!("sources/{name}"), text.clone().into_bytes());
    }
    for (path, bytes) in &theme.assets {
        site.files.insert(format!("static/{path}"), bytes.clone());
    }
    Ok(site)
}

/// The page a web server shows for an address that names nothing, in both languages, offering
/// search and the home pages. Servers show it at any depth, so its links start from the site's
/// root path rather than from where the page is.
fn not_found_page(theme: &Theme) -> Result<Vec<u8>, RenderError> {
    let lang = Lang::Zh;
    let mut cx = Context::new();
    cx.insert("t", theme.table(lang.code()));
    cx.insert("t_en", theme.table(Lang::En.code()));
    cx.insert("lang", &lang);
    cx.insert("html_lang", lang.html());
    cx.insert("root", "/");
    cx.insert(
        "languages",
        &views::languages(lang, views::home_page, theme.table(lang.code())),
    );
    cx.insert("view", "not-found");
    theme
        .tera
        .render("404.html", &cx)
        .map(String::into_bytes)
        .map_err(|e| RenderError::Template(theme.render_diagnostic(&e)))
}

/// A Tera error with its causes, which hold the useful part of the message.
fn error_chain(e: &tera::Error) -> String {
    let mut message = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    message
}
