//! The render stage: the [`Archive`] in, every file of the site out, each handed to a [`Sink`]
//! as soon as it is made (its path under the output folder and its bytes), so that the site is
//! never held whole. Where the files go is the sink's business ([`crate::output::Staging`] for
//! a build, [`Collect`] for a [`Site`] in memory).
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
mod inputs;
mod meta;
mod sink;
mod theme;
pub mod tracker;
mod views;

pub use inputs::Fingerprints;
pub use sink::{Collect, Counts, Discard, Failure, Sink, Tally};
pub use theme::{Theme, ThemeError};

use crate::load::Archive;
use crate::model::{self, Commitment, Links};
use crate::permalinks::{self, Redirect};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::atomic::{AtomicUsize, Ordering};
use tera::Context;

type Table = BTreeMap<String, String>;

/// The built site in memory ([`render_site`]): file contents keyed by their path relative to the
/// output folder, with `/` separators.
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

/// Renders every page, export and asset of the site, and a redirect for each recorded move, in
/// memory; `links` gives the commitment tracker, the topic and entity pages and the notes on
/// units. A build streams them instead ([`render_site_into`]).
pub fn render_site(
    archive: &Archive,
    links: &Links,
    theme: &Theme,
    redirects: &[Redirect],
) -> Result<Site, RenderError> {
    let files = Collect::default();
    render_site_into(archive, links, theme, redirects, None, &files).map_err(|f| match f {
        Failure::Render(e) => e,
        Failure::Sink(never) => match never {},
    })?;
    Ok(files.into_site())
}

/// What the pages with a fingerprint were made from, by path, to make again on the next
/// build (with the same theme) only those whose inputs changed.
#[derive(Debug, Clone, Default)]
pub struct Made {
    pub pages: HashMap<String, PageMade>,
    /// How many pages were kept from the earlier build, not made again.
    pub kept: usize,
}

/// One page's fingerprint, and how the sitemap lists it.
#[derive(Debug, Clone)]
pub struct PageMade {
    inputs: u64,
    listed: Option<feeds::Listed>,
}

/// Renders what [`render_site`] does, handing each file to `sink` as it is made: the pages and,
/// alongside them, the exports, sources, assets, feeds and `robots.txt`; then the sitemap.
/// Stops at the first file that cannot be made or taken, the same one every run (a page's
/// before any other file's). With `earlier`, what the last build with this theme made (its
/// files still in place), a page made from the same inputs as then is not made again nor
/// handed to `sink`: it is in what this build made, which comes back.
pub fn render_site_into<S: Sink>(
    archive: &Archive,
    links: &Links,
    theme: &Theme,
    redirects: &[Redirect],
    earlier: Option<&Made>,
    sink: &S,
) -> Result<Made, Failure<S::Error>> {
    let index = tracker::LinkIndex::new(archive, links);
    let fingerprints = Fingerprints::new(archive, links);
    let named = glossary::NamedIn::new(links);
    let moves = Moves::new(redirects, &permalinks::current(archive, links));
    let addresses = meta::Addresses {
        base: archive.site.base_url.as_ref(),
    };
    let mut pages = Pages::new(earlier);
    for lang in Lang::ALL {
        let inputs = Inputs {
            archive,
            links,
            index: &index,
            named: &named,
            moves: &moves,
            fingerprints: &fingerprints,
            theme,
            addresses,
            lang,
            t: theme.table(lang.code()),
        };
        add_home_pages(&mut pages, inputs);
        add_summit_pages(&mut pages, inputs);
        add_moved_pages(&mut pages, inputs);
        add_document_pages(&mut pages, inputs);
        add_tracker_page(&mut pages, inputs);
        add_commitment_pages(&mut pages, inputs);
        add_topics_page(&mut pages, inputs);
        add_topic_pages(&mut pages, inputs);
        add_search_page(&mut pages, inputs);
        // Once, in both languages.
        if lang == Lang::Zh {
            add_not_found_page(&mut pages, inputs);
        }
        add_glossary_page(&mut pages, inputs);
        add_entities_page(&mut pages, inputs);
        add_entity_pages(&mut pages, inputs);
    }
    // The files that are not pages are made alongside them, on whichever core is free.
    let (made, others) = rayon::join(
        || pages.make(theme, addresses, sink),
        || put_other_files(archive, links, theme, addresses, sink),
    );
    let (listed, made) = made?;
    others?;
    drop((index, named, moves, fingerprints));
    if let Some(base) = archive.site.base_url.as_ref() {
        sink.put("sitemap.xml", feeds::sitemap(&listed, base).into_bytes())
            .map_err(Failure::Sink)?;
    }
    Ok(made)
}

/// Hands `sink` every file of the site that is neither a page nor the sitemap: the exports,
/// sources, assets, feeds and `robots.txt`, one after another.
fn put_other_files<S: Sink>(
    archive: &Archive,
    links: &Links,
    theme: &Theme,
    addresses: meta::Addresses<'_>,
    sink: &S,
) -> Result<(), Failure<S::Error>> {
    let put = |path: &str, bytes: Vec<u8>| sink.put(path, bytes).map_err(Failure::Sink);
    // One export made at a time: the largest weigh tens of megabytes in a large archive.
    for export in exports::exports(archive, links) {
        let (path, bytes) = export?;
        put(&path, bytes)?;
    }
    for (name, text) in &archive.sources {
        put(&format!("sources/{name}"), text.clone().into_bytes())?;
    }
    for (name, path) in &theme.asset_paths() {
        put(path, theme.assets[name].clone())?;
    }
    for lang in Lang::ALL {
        let t = theme.table(lang.code());
        put(
            &meta::feed_path(lang),
            feeds::feed(archive, lang, t, addresses).into_bytes(),
        )?;
    }
    put(
        "robots.txt",
        feeds::robots(archive.site.base_url.as_ref()).into_bytes(),
    )?;
    Ok(())
}

/// What the pages of one language are made from.
#[derive(Clone, Copy)]
struct Inputs<'a> {
    archive: &'a Archive,
    links: &'a Links,
    index: &'a tracker::LinkIndex<'a>,
    /// The glossary terms each document names.
    named: &'a glossary::NamedIn<'a>,
    moves: &'a Moves<'a>,
    fingerprints: &'a Fingerprints<'a>,
    theme: &'a Theme,
    /// How addresses are written.
    addresses: meta::Addresses<'a>,
    lang: Lang,
    /// The interface text in `lang`.
    t: &'a Table,
}

/// A page to render: its template, its path, the language switch, what it is about (its head)
/// and its own context; what every page is given is added when it is rendered.
struct Page {
    lang: Lang,
    template: &'static str,
    path: String,
    languages: views::Languages,
    about: meta::About,
    cx: Context,
}

impl Page {
    /// The page at `path_in(lang)`: `template` given `view` as `key`, with the language switch
    /// to the same page in the other language.
    fn view(
        inputs: Inputs<'_>,
        template: &'static str,
        path_in: impl Fn(Lang) -> String,
        about: meta::About,
        key: &str,
        view: &(impl serde::Serialize + ?Sized),
    ) -> Page {
        let mut cx = Context::new();
        cx.insert(key, view);
        Page {
            lang: inputs.lang,
            template,
            path: path_in(inputs.lang),
            languages: views::languages(inputs.lang, &path_in, inputs.t),
            about,
            cx,
        }
    }
}

/// What makes one page, or a few made from the same view; run on any thread.
type Job<'a> = Box<dyn FnOnce() -> Vec<Page> + Send + 'a>;

/// A page made: its path, and how the sitemap lists it.
type Rendered = (String, Option<feeds::Listed>);

/// What one job made, or why it stopped.
type JobResult<S> = Result<Vec<Rendered>, Failure<<S as Sink>::Error>>;

/// The pages of the site, queued as jobs and then made on every core: each job builds its
/// pages' contexts, renders them and hands each on at once, so memory holds the contexts of the
/// pages being rendered, not the site's.
struct Pages<'a> {
    /// The pages the sitemap lists, of those kept from the last build.
    listed: Vec<feeds::Listed>,
    /// What makes the pages, in order.
    jobs: Vec<Job<'a>>,
    /// What the last build made, when its pages may be kept.
    earlier: Option<&'a Made>,
    /// What this build made.
    made: Made,
    /// The fingerprints of the pages to make, by path.
    inputs: HashMap<String, u64>,
}

impl<'a> Pages<'a> {
    /// No pages yet; with `earlier`, those of the last build may be kept.
    fn new(earlier: Option<&'a Made>) -> Self {
        Pages {
            listed: Vec::new(),
            jobs: Vec::new(),
            earlier,
            made: Made::default(),
            inputs: HashMap::new(),
        }
    }

    /// Queues the pages `job` makes.
    fn queue(&mut self, job: impl FnOnce() -> Vec<Page> + Send + 'a) {
        self.jobs.push(Box::new(job));
    }

    /// Whether the pages at `paths`, made from `inputs` (their fingerprint), are the same as
    /// the last build's: then they are kept as they are, listed as they were, and not made;
    /// else the pages queued next at `paths` are recorded as made from `inputs`.
    fn unchanged(&mut self, paths: &[&str], inputs: u64) -> bool {
        let earlier: Option<Vec<&PageMade>> = paths
            .iter()
            .map(|path| {
                self.earlier
                    .and_then(|m| m.pages.get(*path))
                    .filter(|p| p.inputs == inputs)
            })
            .collect();
        match earlier {
            Some(kept) => {
                for (path, page) in paths.iter().zip(kept) {
                    self.listed.extend(page.listed.clone());
                    self.made.pages.insert(path.to_string(), page.clone());
                }
                self.made.kept += paths.len();
                true
            }
            None => {
                for path in paths {
                    self.inputs.insert(path.to_string(), inputs);
                }
                false
            }
        }
    }

    /// Whether the page at `path`, which may show anything of the archive (a list, search), is
    /// the same as the last build's: see [`Self::unchanged`] and [`Fingerprints::archive`].
    fn archive_unchanged(&mut self, inputs: &Inputs<'_>, path: &str) -> bool {
        self.unchanged(&[path], inputs.fingerprints.archive(inputs.lang))
    }

    /// Makes the queued pages into `sink`, on every core; gives the pages the sitemap lists
    /// and what was made. The first job (in queue order) that fails is the one reported, every
    /// run: a job queued after one that failed is not run, and every job before it is.
    fn make<S: Sink>(
        mut self,
        theme: &Theme,
        addresses: meta::Addresses<'_>,
        sink: &S,
    ) -> Result<(Vec<feeds::Listed>, Made), Failure<S::Error>> {
        let assets = theme.asset_paths();
        let failed = AtomicUsize::new(usize::MAX);
        // Each job's pages, or why it failed; none for a job not run.
        let results: Vec<Option<JobResult<S>>> = std::mem::take(&mut self.jobs)
            .into_par_iter()
            .enumerate()
            .map(|(number, job)| {
                if failed.load(Ordering::Relaxed) < number {
                    return None;
                }
                let made = job()
                    .into_iter()
                    .map(|page| render_page(page, theme, &assets, addresses, sink))
                    .collect::<Result<Vec<_>, _>>();
                if made.is_err() {
                    failed.fetch_min(number, Ordering::Relaxed);
                }
                Some(made)
            })
            .collect();
        for made in results.into_iter().flatten() {
            for (path, listed) in made? {
                if let Some(inputs) = self.inputs.remove(&path) {
                    self.made.pages.insert(
                        path,
                        PageMade {
                            inputs,
                            listed: listed.clone(),
                        },
                    );
                }
                self.listed.extend(listed);
            }
        }
        Ok((self.listed, self.made))
    }
}

/// Renders `page` into `sink`, with what every page is given (its head, the assets, the
/// interface text, the language switch); gives its path and how the sitemap lists it.
fn render_page<S: Sink>(
    page: Page,
    theme: &Theme,
    assets: &BTreeMap<String, String>,
    addresses: meta::Addresses<'_>,
    sink: &S,
) -> Result<Rendered, Failure<S::Error>> {
    let Page {
        lang,
        template,
        path,
        languages,
        about,
        mut cx,
    } = page;
    // A page shown at any address (the 404 page) brings its own root: the site's path.
    let root = cx
        .get("root")
        .and_then(|r| r.as_str())
        .map_or_else(|| views::root_prefix(&path), str::to_string);
    let mut head = meta::head(about, &path, lang, &languages.alternates, addresses);
    head.feed = format!("{root}{}", meta::feed_path(lang));
    let listed = head.index.then(|| feeds::Listed {
        path: path.clone(),
        alternates: languages.alternates.clone(),
    });
    cx.insert("head", &head);
    cx.insert("assets", assets);
    cx.insert("t", theme.table_for(template, lang.code()));
    cx.insert("lang", &lang);
    cx.insert("html_lang", lang.html());
    cx.insert("root", &root);
    cx.insert("languages", &languages);
    // Which view this is: the template's name (`index`, `summit`, `document`, `parallel`).
    cx.insert("view", template.trim_end_matches(".html"));
    let html = theme
        .tera
        .render(template, &cx)
        .map_err(|e| RenderError::Template(theme.render_diagnostic(&e)))?;
    drop(cx);
    sink.put(&path, html.into_bytes()).map_err(Failure::Sink)?;
    Ok((path, listed))
}

/// The recorded redirects as the pages need them.
struct Moves<'r> {
    /// Moved anchors, by the page they were published on: `(anchor, where it leads)`.
    moved: BTreeMap<&'r str, Vec<(&'r str, &'r str)>>,
    /// Pages no longer published, each with where it leads.
    gone: BTreeMap<&'r str, &'r str>,
}

impl<'r> Moves<'r> {
    /// The moves of `redirects`, given the permalinks the archive still publishes.
    fn new(redirects: &'r [Redirect], published: &BTreeSet<String>) -> Self {
        let mut moved: BTreeMap<&str, Vec<(&str, &str)>> = BTreeMap::new();
        for r in redirects {
            if let (page, Some(anchor)) = permalinks::split(&r.from) {
                moved.entry(page).or_default().push((anchor, r.to.as_str()));
            }
        }
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
        Moves { moved, gone }
    }

    /// The anchors once published on `page` that now live elsewhere, with links in `lang`.
    fn moved_from(&self, page: &str, lang: Lang) -> Vec<views::Moved> {
        self.moved
            .get(page)
            .into_iter()
            .flatten()
            .map(|(id, to)| views::Moved {
                id: id.to_string(),
                href: permalink_href(lang, to),
            })
            .collect()
    }
}

/// The home page in `lang` (the Chinese one also as the site's front page).
fn add_home_pages<'a>(pages: &mut Pages<'a>, inputs: Inputs<'a>) {
    let Inputs {
        archive,
        index,
        fingerprints,
        lang,
        t,
        ..
    } = inputs;
    let paths: Vec<String> = match lang {
        // The Chinese home is also the site's front page.
        Lang::Zh => vec!["index.html".to_string(), views::home_page(lang)],
        Lang::En => vec![views::home_page(lang)],
    };
    let keys: Vec<&str> = paths.iter().map(String::as_str).collect();
    if pages.unchanged(&keys, fingerprints.archive(lang)) {
        return;
    }
    pages.queue(move || {
        let home = views::home(archive, lang, t);
        let mut cx = Context::new();
        cx.insert("home", &home);
        cx.insert("glance", &home::home(archive, index, lang, t));
        let about_home = meta::About::titled(
            t,
            "site_name",
            "describe_home",
            &[
                ("summits", home.summits.len().to_string()),
                ("documents", home.documents.to_string()),
                ("units", home.units.to_string()),
            ],
        );
        paths
            .into_iter()
            .map(|path| Page {
                lang,
                template: "index.html",
                languages: views::languages(lang, views::home_page, t),
                about: meta::About {
                    // The front page is a copy of the Chinese home.
                    canonical: (path != views::home_page(lang)).then(|| views::home_page(lang)),
                    ..about_home.clone()
                },
                cx: cx.clone(),
                path,
            })
            .collect()
    });
}

/// A page for each summit.
fn add_summit_pages<'a>(pages: &mut Pages<'a>, inputs: Inputs<'a>) {
    let Inputs {
        archive,
        fingerprints,
        lang,
        t,
        ..
    } = inputs;
    for summit in &archive.summits {
        let made_from = fingerprints.summit(archive, &summit.id);
        if pages.unchanged(&[&views::summit_page(lang, &summit.id)], made_from) {
            continue;
        }
        pages.queue(move || {
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
            vec![Page::view(
                inputs,
                "summit.html",
                |l| views::summit_page(l, &summit.id),
                about,
                "summit",
                &view,
            )]
        });
    }
}

/// A page at each address no longer published, leading to where it went.
fn add_moved_pages<'a>(pages: &mut Pages<'a>, inputs: Inputs<'a>) {
    let Inputs { moves, lang, t, .. } = inputs;
    for (&page, &target) in &moves.gone {
        pages.queue(move || {
            let mut cx = Context::new();
            cx.insert("target_href", &permalink_href(lang, target));
            cx.insert("moved", &moves.moved_from(page, lang));
            let about = meta::About {
                canonical: Some(permalink_href(lang, permalinks::split(target).0)),
                ..meta::About::titled(
                    t,
                    "moved_title",
                    "describe_moved",
                    &[("target", target.to_string())],
                )
            };
            vec![Page {
                lang,
                template: "redirect.html",
                path: permalink_href(lang, page),
                languages: views::languages(lang, |l| permalink_href(l, page), t),
                about,
                cx,
            }]
        });
    }
}

/// Each document's page and its parallel view.
fn add_document_pages<'a>(pages: &mut Pages<'a>, inputs: Inputs<'a>) {
    let Inputs {
        archive,
        index,
        named,
        moves,
        fingerprints,
        addresses,
        lang,
        t,
        ..
    } = inputs;
    for doc in &archive.documents {
        let made_from = fingerprints.document(doc, index.commitments_of(doc));
        let document_page = views::document_page(lang, &doc.summit, &doc.id);
        let parallel_page = views::parallel_page(lang, &doc.summit, &doc.id);
        // Both pages are made from the same view: kept together or made together.
        if pages.unchanged(&[&document_page, &parallel_page], made_from) {
            continue;
        }
        pages.queue(move || {
            let mut view = views::document(archive, index, doc, lang, t);
            view.moved = moves.moved_from(&format!("{}/{}/", doc.summit, doc.id), lang);
            let mut cx = Context::new();
            cx.insert("doc", &view);
            cx.insert(
                "doc_terms",
                &glossary::document_terms(index, named, doc, lang),
            );
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
            let document = Page {
                lang,
                template: "document.html",
                path: view.page_href.clone(),
                languages: views::languages(
                    lang,
                    |l| views::document_page(l, &doc.summit, &doc.id),
                    t,
                ),
                about,
                cx: cx.clone(),
            };
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
            let parallel = Page {
                lang,
                template: "parallel.html",
                path: view.parallel_href.clone(),
                languages: views::languages(
                    lang,
                    |l| views::parallel_page(l, &doc.summit, &doc.id),
                    t,
                ),
                about,
                cx,
            };
            vec![document, parallel]
        });
    }
}

/// The commitment tracker: one page, or more when the archive's commitments are more than the
/// site's `paginate_by` (whole summits to a page, see [`tracker::subject_pages`]); the first
/// page has the archive's counts and chart.
fn add_tracker_page<'a>(pages: &mut Pages<'a>, inputs: Inputs<'a>) {
    let Inputs {
        links,
        index,
        lang,
        t,
        ..
    } = inputs;
    let commitments: Vec<&Commitment> = links.commitments.iter().collect();
    let tracker = Subject::new(index, commitments, &[], tracker::tracker_page);
    let made_from = inputs.fingerprints.records(lang);
    queue_paged(
        pages,
        inputs,
        tracker,
        made_from,
        ("commitments.html", "tracker"),
        move |shown| {
            let view = index.tracker(shown, lang, t);
            let counts: Vec<String> = view
                .counts
                .iter()
                .map(|c| {
                    views::text(t, "describe_count")
                        .replace("{label}", &c.label)
                        .replace("{count}", &c.count.to_string())
                })
                .collect();
            let description = meta::fill(
                t,
                "describe_tracker",
                &[
                    ("total", view.total.to_string()),
                    ("counts", meta::list(t, &counts)),
                ],
            );
            let about = numbered_about(
                t,
                views::text(t, "tracker_title"),
                view.pager.as_ref(),
                description,
            );
            (view, about)
        },
    );
}

/// A page for each commitment.
fn add_commitment_pages<'a>(pages: &mut Pages<'a>, inputs: Inputs<'a>) {
    let Inputs {
        links,
        index,
        fingerprints,
        lang,
        t,
        ..
    } = inputs;
    for c in &links.commitments {
        if pages.unchanged(
            &[&tracker::commitment_page(lang, &c.id)],
            fingerprints.commitment(c),
        ) {
            continue;
        }
        pages.queue(move || {
            let view = index.commitment(c, lang, t);
            // Where it is first stated tells one commitment from another before its words do.
            let first = c.sources.first();
            let document = first
                .and_then(|s| index.unit(s))
                .map_or_else(|| view.summit.clone(), |(d, _)| views::title(d, lang).0);
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
            vec![Page::view(
                inputs,
                "commitment.html",
                |l| tracker::commitment_page(l, &c.id),
                about,
                "c",
                &view,
            )]
        });
    }
}

/// The index of topics.
fn add_topics_page<'a>(pages: &mut Pages<'a>, inputs: Inputs<'a>) {
    let Inputs { index, lang, t, .. } = inputs;
    if pages.archive_unchanged(&inputs, &tracker::topics_page(lang)) {
        return;
    }
    pages.queue(move || {
        let cards = index.topic_cards(lang);
        let names: Vec<&str> = cards.iter().map(|c| c.name.as_str()).collect();
        let about = meta::About::titled(
            t,
            "topics_title",
            "describe_topics",
            &[
                ("count", cards.len().to_string()),
                ("names", meta::list(t, &names)),
            ],
        );
        vec![Page::view(
            inputs,
            "topics.html",
            tracker::topics_page,
            about,
            "cards",
            &cards,
        )]
    });
}

/// The pages of each topic: one, or more when its commitments and passages are more than the
/// site's `paginate_by` (see [`tracker::subject_pages`]).
fn add_topic_pages<'a>(pages: &mut Pages<'a>, inputs: Inputs<'a>) {
    let Inputs {
        links,
        index,
        lang,
        t,
        ..
    } = inputs;
    for topic in &links.topics {
        let passages = index.topic_passages(topic);
        let commitments: Vec<&Commitment> = index.topic_commitments(topic).collect();
        let first = move |l: Lang| tracker::topic_page(l, &topic.id);
        queue_subject(
            pages,
            inputs,
            Subject::new(index, commitments, passages, first),
            move |shown| index.topic_view(topic, shown, lang, t),
            move |view| {
                meta::fill(
                    t,
                    "describe_topic",
                    &[
                        ("name", view.name.clone()),
                        ("passages", view.passages.to_string()),
                        ("commitments", view.commitments_total.to_string()),
                    ],
                )
            },
        );
    }
}

/// Queues the pages of one topic or entity, unless the last build's are all kept: `view` makes
/// a page's view, `describe` its description.
fn queue_subject<'a, F>(
    pages: &mut Pages<'a>,
    inputs: Inputs<'a>,
    subject: Subject<'a, F>,
    view: impl Fn(&tracker::Shown) -> tracker::SubjectView + Send + Sync + 'a,
    describe: impl Fn(&tracker::SubjectView) -> String + Send + Sync + 'a,
) where
    F: Fn(Lang) -> String + Send + Sync + 'a,
{
    let made_from = inputs.fingerprints.subject(
        subject.passages,
        subject.commitments.iter().copied(),
        inputs.lang,
    );
    queue_paged(
        pages,
        inputs,
        subject,
        made_from,
        ("subject.html", "subject"),
        move |shown| {
            let view = view(shown);
            let description = describe(&view);
            let about = numbered_about(
                inputs.t,
                view.name.clone(),
                view.pager.as_ref(),
                description,
            );
            (view, about)
        },
    );
}

/// Queues the pages of a listing that goes on over pages (a topic, an entity, the tracker),
/// unless the last build's, made from `made_from`, are all kept (then all are; else all are
/// made again): each page is `template` given, as `key`, the view `page_of` makes of it, with
/// what the page is about.
fn queue_paged<'a, F, V>(
    pages: &mut Pages<'a>,
    inputs: Inputs<'a>,
    listing: Subject<'a, F>,
    made_from: u64,
    (template, key): (&'static str, &'static str),
    page_of: impl Fn(&tracker::Shown) -> (V, meta::About) + Send + Sync + 'a,
) where
    F: Fn(Lang) -> String + Send + Sync + 'a,
    V: serde::Serialize,
{
    let paths = listing.paths(inputs.lang);
    if pages.unchanged(
        &paths.iter().map(String::as_str).collect::<Vec<_>>(),
        made_from,
    ) {
        return;
    }
    let listing = std::sync::Arc::new(listing);
    let page_of = std::sync::Arc::new(page_of);
    for page in 0..listing.pages.len() {
        let (listing, page_of) = (listing.clone(), page_of.clone());
        pages.queue(move || {
            let (view, about) = page_of(&listing.shown(page));
            vec![Page::view(
                inputs,
                template,
                |l| listing.path(l, page),
                about,
                key,
                &view,
            )]
        });
    }
}

/// A topic's or an entity's commitments and passages (or the tracker's commitments), how they
/// fall on pages, and the address of its first page.
struct Subject<'a, F> {
    commitments: Vec<&'a Commitment>,
    passages: &'a [model::UnitRef],
    pages: Vec<tracker::SubjectPage>,
    first: F,
}

impl<'a, F: Fn(Lang) -> String + Sync> Subject<'a, F> {
    fn new(
        index: &tracker::LinkIndex<'_>,
        commitments: Vec<&'a Commitment>,
        passages: &'a [model::UnitRef],
        first: F,
    ) -> Self {
        let pages = index.subject_pages(&commitments, passages);
        Subject {
            commitments,
            passages,
            pages,
            first,
        }
    }

    /// Where page `page` (from 0) is in `lang`.
    fn path(&self, lang: Lang, page: usize) -> String {
        tracker::subject_page_number(&(self.first)(lang), page + 1)
    }

    /// Where every page is in `lang`.
    fn paths(&self, lang: Lang) -> Vec<String> {
        (0..self.pages.len()).map(|p| self.path(lang, p)).collect()
    }

    /// Page `page` (from 0), to be shown.
    fn shown(&self, page: usize) -> tracker::Shown<'_, 'a> {
        tracker::Shown {
            commitments: &self.commitments,
            passages: self.passages,
            pages: &self.pages,
            page,
            first: &self.first,
        }
    }
}

/// A page of a topic, an entity or the tracker, named `name`: after the first, its title and
/// description say which page it is.
fn numbered_about(
    t: &Table,
    name: String,
    pager: Option<&tracker::Pager>,
    description: String,
) -> meta::About {
    match pager {
        Some(p) if p.number > 1 => {
            let number = |key: &str, field: &str, value: String| {
                meta::fill(
                    t,
                    key,
                    &[
                        (field, value),
                        ("here", p.here.clone()),
                        ("number", p.number.to_string()),
                        ("count", p.count.to_string()),
                        ("span", p.span.clone()),
                    ],
                )
            };
            meta::About::page(
                number("pager_title", "name", name),
                number("pager_description", "description", description),
            )
        }
        _ => meta::About::page(name, description),
    }
}

/// The search page.
fn add_search_page<'a>(pages: &mut Pages<'a>, inputs: Inputs<'a>) {
    let Inputs {
        archive, lang, t, ..
    } = inputs;
    if pages.archive_unchanged(&inputs, &views::search_page(lang)) {
        return;
    }
    pages.queue(move || {
        let about = meta::About::titled(
            t,
            "search_title",
            "describe_search",
            &[
                ("documents", archive.documents.len().to_string()),
                ("summits", archive.summits.len().to_string()),
            ],
        );
        vec![Page::view(
            inputs,
            "search.html",
            views::search_page,
            about,
            "filters",
            &views::search_filters(archive, lang, t),
        )]
    });
}

/// The page a web server shows for an address that names nothing, in both languages (as a
/// Chinese page). Servers show it at any depth, so its links start from the site's root path
/// (the base URL's, or the server's root) rather than from where the page is.
fn add_not_found_page<'a>(pages: &mut Pages<'a>, inputs: Inputs<'a>) {
    let Inputs { archive, theme, .. } = inputs;
    pages.queue(move || {
        let lang = Lang::Zh;
        let t = theme.table(lang.code());
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
        vec![Page {
            lang,
            template: "404.html",
            path: NOT_FOUND_PAGE.to_string(),
            languages: views::languages(lang, views::home_page, t),
            about,
            cx,
        }]
    });
}

/// The glossary page.
fn add_glossary_page<'a>(pages: &mut Pages<'a>, inputs: Inputs<'a>) {
    let Inputs {
        archive,
        index,
        lang,
        t,
        ..
    } = inputs;
    if pages.unchanged(
        &[&glossary::glossary_page(lang)],
        inputs.fingerprints.named(),
    ) {
        return;
    }
    pages.queue(move || {
        let about = meta::About::titled(
            t,
            "glossary_title",
            "describe_glossary",
            &[("count", archive.glossary.terms.len().to_string())],
        );
        vec![Page::view(
            inputs,
            "glossary.html",
            glossary::glossary_page,
            about,
            "glossary",
            &glossary::glossary(index, lang, t),
        )]
    });
}

/// The index of named entities: the glossary's terms by type.
fn add_entities_page<'a>(pages: &mut Pages<'a>, inputs: Inputs<'a>) {
    let Inputs { index, lang, t, .. } = inputs;
    if pages.archive_unchanged(&inputs, &tracker::entities_page(lang)) {
        return;
    }
    pages.queue(move || {
        let groups = index.entity_groups(lang, t);
        let about = meta::About::titled(
            t,
            "entities_title",
            "describe_entities",
            &[(
                "count",
                groups
                    .iter()
                    .map(|g| g.cards.len())
                    .sum::<usize>()
                    .to_string(),
            )],
        );
        vec![Page::view(
            inputs,
            "entities.html",
            tracker::entities_page,
            about,
            "groups",
            &groups,
        )]
    });
}

/// The pages of each glossary term: one, or more as for a topic (see [`add_topic_pages`]).
fn add_entity_pages<'a>(pages: &mut Pages<'a>, inputs: Inputs<'a>) {
    let Inputs {
        archive,
        index,
        lang,
        t,
        ..
    } = inputs;
    for term in &archive.glossary.terms {
        let slug = index.slug_of(term);
        let passages = index.entity_passages(term);
        let commitments: Vec<&Commitment> = index.entity_commitments(term).collect();
        let first = move |l: Lang| tracker::entity_page(l, slug);
        queue_subject(
            pages,
            inputs,
            Subject::new(index, commitments, passages, first),
            move |shown| index.entity_view(term, shown, lang, t),
            move |view| {
                meta::fill(
                    t,
                    "describe_entity",
                    &[
                        ("name", view.name.clone()),
                        ("other", view.other_name.clone()),
                        ("kind", view.kind_label.clone().unwrap_or_default()),
                        ("passages", view.passages.to_string()),
                        ("commitments", view.commitments_total.to_string()),
                    ],
                )
            },
        );
    }
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
