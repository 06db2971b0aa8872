//! The render stage: the [`Archive`] in, every file of the site out, as bytes in memory keyed
//! by their path under the output folder. Writing them to disk is [`crate::output`]'s job.
//!
//! Pages are rendered with Tera from `templates/`; all interface text comes from the
//! translation table `templates/i18n/<lang>.yaml`. Links are relative, so the site works from
//! any path and opened from disk. Render does no parsing of the texts.

mod chart;
mod cite;
mod exports;
mod feeds;
mod glossary;
mod home;
mod meta;
mod theme;
pub mod tracker;
mod views;

pub use theme::{Theme, ThemeError};

use crate::load::Archive;
use crate::model::Links;
use crate::permalinks::{self, Redirect};
use rayon::prelude::*;
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

/// Where web servers and hosts look for the page they show for a missing address.
pub const NOT_FOUND_PAGE: &str = "404.html";

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
    let named = glossary::NamedIn::new(links);
    let published = permalinks::current(archive, links);
    let addresses = meta::Addresses {
        base: archive.site.base_url.as_ref(),
    };
    let assets = theme.asset_paths();
    // The pages the sitemap lists, as they are rendered.
    let listed = std::cell::RefCell::new(Vec::<feeds::Listed>::new());
    // Every page to render, `(template, path, context)`: made one after another, rendered on
    // every core at the end.
    let queued = std::cell::RefCell::new(Vec::<(&'static str, String, Context)>::new());
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
        let render = |template: &'static str,
                      path: &str,
                      languages: views::Languages,
                      about: meta::About,
                      mut cx: Context|
         -> Result<(), RenderError> {
            // A page shown at any address (the 404 page) brings its own root: the site's path.
            let root = cx
                .get("root")
                .and_then(|r| r.as_str())
                .map_or_else(|| views::root_prefix(path), str::to_string);
            let mut head = meta::head(about, path, lang, &languages.alternates, addresses);
            head.feed = format!("{root}{}", meta::feed_path(lang));
            if head.index {
                listed.borrow_mut().push(feeds::Listed {
                    path: path.to_string(),
                    alternates: languages.alternates.clone(),
                });
            }
            cx.insert("head", &head);
            cx.insert("assets", &assets);
            cx.insert("t", t);
            cx.insert("lang", &lang);
            cx.insert("html_lang", lang.html());
            cx.insert("root", &root);
            cx.insert("languages", &languages);
            // Which view this is: the template's name (`index`, `summit`, `document`, `parallel`).
            cx.insert("view", template.trim_end_matches(".html"));
            queued.borrow_mut().push((template, path.to_string(), cx));
            Ok(())
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
        let about_home = meta::About::page(
            views::text(t, "site_name"),
            meta::fill(
                t,
                "describe_home",
                &[
                    ("summits", home.summits.len().to_string()),
                    ("documents", home.documents.to_string()),
                    ("units", home.units.to_string()),
                ],
            ),
        );
        for page in pages {
            let languages = views::languages(lang, views::home_page, t);
            let about = meta::About {
                // The front page is a copy of the Chinese home.
                canonical: (page != views::home_page(lang)).then(|| views::home_page(lang)),
                ..about_home.clone()
            };
            render("index.html", &page, languages, about, cx.clone())?;
        }

        for summit in &archive.summits {
            let view = views::summit(archive, summit, lang, t);
            let about = meta::About::page(
                view.card.name.clone(),
                meta::fill(
                    t,
                    "describe_summit",
                    &[
                        ("name", view.card.name.clone()),
                        ("city", view.card.city.clone()),
                        ("dates", view.card.dates.clone()),
                        ("documents", view.card.documents.len().to_string()),
                    ],
                ),
            );
            let mut cx = Context::new();
            cx.insert("summit", &view);
            let languages = views::languages(lang, |l| views::summit_page(l, &summit.id), t);
            render(
                "summit.html",
                &views::summit_page(lang, &summit.id),
                languages,
                about,
                cx,
            )?;
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
            let about = meta::About {
                canonical: Some(permalink_href(lang, permalinks::split(target).0)),
                ..meta::About::page(
                    views::text(t, "moved_title"),
                    meta::fill(t, "describe_moved", &[("target", target.to_string())]),
                )
            };
            render("redirect.html", &path, languages, about, cx)?;
        }

        for doc in &archive.documents {
            let mut view = views::document(archive, &index, doc, lang, t);
            view.moved = moved_views(&format!("{}/{}/", doc.summit, doc.id));
            let mut cx = Context::new();
            cx.insert("doc", &view);
            cx.insert(
                "doc_terms",
                &glossary::document_terms(&index, &named, doc, lang),
            );
            let languages =
                views::languages(lang, |l| views::document_page(l, &doc.summit, &doc.id), t);
            let description = meta::document_description(doc, lang, t);
            let about = meta::About {
                og_type: "article",
                json_ld: Some(meta::document_json_ld(
                    archive,
                    doc,
                    lang,
                    &description,
                    &view.page_href,
                    addresses,
                )),
                ..meta::About::page(view.title.clone(), description)
            };
            render(
                "document.html",
                &view.page_href,
                languages,
                about,
                cx.clone(),
            )?;
            let languages =
                views::languages(lang, |l| views::parallel_page(l, &doc.summit, &doc.id), t);
            let about = meta::About::page(
                format!("{} · {}", view.title, views::text(t, "view_parallel")),
                meta::fill(
                    t,
                    "describe_parallel",
                    &[
                        ("title", view.title.clone()),
                        ("units", doc.units().len().to_string()),
                        ("date", view.date.clone()),
                    ],
                ),
            );
            render("parallel.html", &view.parallel_href, languages, about, cx)?;
        }

        let tracker_view = index.tracker(lang, t);
        let counts: Vec<String> = tracker_view
            .counts
            .iter()
            .map(|c| {
                views::text(t, "describe_count")
                    .replace("{label}", &c.label)
                    .replace("{count}", &c.count.to_string())
            })
            .collect();
        let about = meta::About::page(
            views::text(t, "tracker_title"),
            meta::fill(
                t,
                "describe_tracker",
                &[
                    ("total", tracker_view.total.to_string()),
                    ("counts", counts.join(&views::text(t, "describe_sep"))),
                ],
            ),
        );
        let mut cx = Context::new();
        cx.insert("tracker", &tracker_view);
        let languages = views::languages(lang, tracker::tracker_page, t);
        render(
            "commitments.html",
            &tracker::tracker_page(lang),
            languages,
            about,
            cx,
        )?;
        for c in &links.commitments {
            let view = index.commitment(c, lang, t);
            // Where it is first stated tells one commitment from another before its words do.
            let first = c.sources.first();
            let document = first
                .and_then(|s| {
                    archive
                        .documents
                        .iter()
                        .find(|d| d.summit == s.summit && d.id == s.document)
                })
                .map_or_else(|| view.summit.clone(), |d| views::title(d, lang).0);
            let place = first.map_or_else(String::new, |s| cite::place(s.unit.as_str(), lang));
            let about = meta::About::page(
                format!("{} {}", views::text(t, "commitment_title"), view.id),
                meta::fill(
                    t,
                    "describe_commitment",
                    &[
                        ("document", document),
                        ("place", place),
                        ("status", view.status_label.clone()),
                        ("text", view.text.clone()),
                    ],
                ),
            );
            let mut cx = Context::new();
            cx.insert("c", &view);
            let languages = views::languages(lang, |l| tracker::commitment_page(l, &c.id), t);
            render(
                "commitment.html",
                &tracker::commitment_page(lang, &c.id),
                languages,
                about,
                cx,
            )?;
        }

        let cards = index.topic_cards(lang);
        let names: Vec<&str> = cards.iter().map(|c| c.name.as_str()).collect();
        let about = meta::About::page(
            views::text(t, "topics_title"),
            meta::fill(
                t,
                "describe_topics",
                &[
                    ("count", cards.len().to_string()),
                    ("names", names.join(&views::text(t, "describe_sep"))),
                ],
            ),
        );
        let mut cx = Context::new();
        cx.insert("cards", &cards);
        let languages = views::languages(lang, tracker::topics_page, t);
        render(
            "topics.html",
            &tracker::topics_page(lang),
            languages,
            about,
            cx,
        )?;
        for topic in &links.topics {
            let view = index.topic_view(topic, lang, t);
            let about = meta::About::page(
                view.name.clone(),
                meta::fill(
                    t,
                    "describe_topic",
                    &[
                        ("name", view.name.clone()),
                        ("passages", view.passages.to_string()),
                        ("commitments", view.commitments.len().to_string()),
                    ],
                ),
            );
            let mut cx = Context::new();
            cx.insert("subject", &view);
            let languages = views::languages(lang, |l| tracker::topic_page(l, &topic.id), t);
            render(
                "subject.html",
                &tracker::topic_page(lang, &topic.id),
                languages,
                about,
                cx,
            )?;
        }

        let about = meta::About::page(
            views::text(t, "search_title"),
            meta::fill(
                t,
                "describe_search",
                &[
                    ("documents", archive.documents.len().to_string()),
                    ("summits", archive.summits.len().to_string()),
                ],
            ),
        );
        let mut cx = Context::new();
        cx.insert("filters", &views::search_filters(archive, lang, t));
        let languages = views::languages(lang, views::search_page, t);
        render(
            "search.html",
            &views::search_page(lang),
            languages,
            about,
            cx,
        )?;

        // The page a web server shows for an address that names nothing: once, in both
        // languages. Servers show it at any depth, so its links start from the site's root path
        // (the base URL's, or the server's root) rather than from where the page is.
        if lang == Lang::Zh {
            let mut cx = Context::new();
            cx.insert("t_en", theme.table(Lang::En.code()));
            cx.insert(
                "root",
                &archive
                    .site
                    .base_url
                    .as_ref()
                    .map_or_else(|| "/".to_string(), |b| b.path().to_string()),
            );
            let about = meta::About {
                // Not a page to index: it stands for none of its own.
                canonical: Some(NOT_FOUND_PAGE.to_string()),
                ..meta::About::page(
                    format!(
                        "{} · {}",
                        views::text(t, "not_found_title"),
                        views::text(theme.table(Lang::En.code()), "not_found_title")
                    ),
                    views::text(t, "not_found_text"),
                )
            };
            let languages = views::languages(lang, views::home_page, t);
            render("404.html", NOT_FOUND_PAGE, languages, about, cx)?;
        }

        let groups = index.entity_groups(lang, t);
        let about_entities = meta::About::page(
            views::text(t, "entities_title"),
            meta::fill(
                t,
                "describe_entities",
                &[(
                    "count",
                    groups
                        .iter()
                        .map(|g| g.cards.len())
                        .sum::<usize>()
                        .to_string(),
                )],
            ),
        );
        let mut cx = Context::new();
        let about = meta::About::page(
            views::text(t, "glossary_title"),
            meta::fill(
                t,
                "describe_glossary",
                &[("count", archive.glossary.terms.len().to_string())],
            ),
        );
        cx.insert("glossary", &glossary::glossary(&index, lang, t));
        let languages = views::languages(lang, glossary::glossary_page, t);
        render(
            "glossary.html",
            &glossary::glossary_page(lang),
            languages,
            about,
            cx,
        )?;

        let mut cx = Context::new();
        cx.insert("groups", &groups);
        let languages = views::languages(lang, tracker::entities_page, t);
        render(
            "entities.html",
            &tracker::entities_page(lang),
            languages,
            about_entities,
            cx,
        )?;
        for term in &archive.glossary.terms {
            let slug = index.slug_of(term);
            let view = index.entity_view(term, lang, t);
            let about = meta::About::page(
                view.name.clone(),
                meta::fill(
                    t,
                    "describe_entity",
                    &[
                        ("name", view.name.clone()),
                        ("other", view.other_name.clone()),
                        ("kind", view.kind_label.clone().unwrap_or_default()),
                        ("passages", view.passages.to_string()),
                        ("commitments", view.commitments.len().to_string()),
                    ],
                ),
            );
            let mut cx = Context::new();
            cx.insert("subject", &view);
            let languages = views::languages(lang, |l| tracker::entity_page(l, slug), t);
            render(
                "subject.html",
                &tracker::entity_page(lang, slug),
                languages,
                about,
                cx,
            )?;
        }
    }

    // The pages are independent of one another: rendered on every core, kept in their order so
    // that the first broken one is the one reported, every run.
    let rendered: Vec<Result<(String, Vec<u8>), RenderError>> = queued
        .into_inner()
        .into_par_iter()
        .map(|(template, path, cx)| {
            theme
                .tera
                .render(template, &cx)
                .map(|html| (path, html.into_bytes()))
                .map_err(|e| RenderError::Template(theme.render_diagnostic(&e)))
        })
        .collect();
    for page in rendered {
        let (path, bytes) = page?;
        site.files.insert(path, bytes);
    }
    for (path, bytes) in exports::exports(archive, links)? {
        site.files.insert(path, bytes);
    }
    for (name, text) in &archive.sources {
        site.files
            .insert(format!("sources/{name}"), text.clone().into_bytes());
    }
    for (name, path) in &assets {
        site.files.insert(path.clone(), theme.assets[name].clone());
    }
    let base = archive.site.base_url.as_ref();
    if let Some(base) = base {
        site.files.insert(
            "sitemap.xml".to_string(),
            feeds::sitemap(&listed.borrow(), base).into_bytes(),
        );
    }
    for lang in Lang::ALL {
        let t = theme.table(lang.code());
        site.files.insert(
            meta::feed_path(lang),
            feeds::feed(archive, lang, t, addresses).into_bytes(),
        );
    }
    site.files
        .insert("robots.txt".to_string(), feeds::robots(base).into_bytes());
    Ok(site)
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
