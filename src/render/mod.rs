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
use crate::model::Links;
use crate::permalinks::{self, Redirect};
use rayon::prelude::*;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::mpsc;
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

/// Renders what [`render_site`] does, handing each file to `sink` as it is made: the pages in
/// batches, then the exports, sources, assets, sitemap, feeds and `robots.txt`. Stops at the
/// first file that cannot be made or taken, the same one every run. With `earlier`, what the
/// last build with this theme made (its files still in place), a page made from the same
/// inputs as then is not made again nor handed to `sink`: it is in what this build made, which
/// comes back.
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
    // The scope lets a batch render on the pool while this thread makes the next one.
    let (listed, made) = rayon::in_place_scope(|scope| {
        let mut pages = Pages::new(theme, addresses, sink, scope, earlier);
        for lang in Lang::ALL {
            let inputs = Inputs {
                archive,
                links,
                index: &index,
                named: &named,
                moves: &moves,
                fingerprints: &fingerprints,
                theme,
                lang,
                t: theme.table(lang.code()),
            };
            add_home_pages(&mut pages, &inputs)?;
            add_summit_pages(&mut pages, &inputs)?;
            add_moved_pages(&mut pages, &inputs)?;
            add_document_pages(&mut pages, &inputs)?;
            add_tracker_page(&mut pages, &inputs)?;
            add_commitment_pages(&mut pages, &inputs)?;
            add_topics_page(&mut pages, &inputs)?;
            add_topic_pages(&mut pages, &inputs)?;
            add_search_page(&mut pages, &inputs)?;
            // Once, in both languages.
            if lang == Lang::Zh {
                add_not_found_page(&mut pages, &inputs)?;
            }
            add_glossary_page(&mut pages, &inputs)?;
            add_entities_page(&mut pages, &inputs)?;
            add_entity_pages(&mut pages, &inputs)?;
        }
        pages.finish()
    })?;
    drop((index, named, moves, fingerprints));

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
    let base = archive.site.base_url.as_ref();
    if let Some(base) = base {
        put("sitemap.xml", feeds::sitemap(&listed, base).into_bytes())?;
    }
    drop(listed);
    for lang in Lang::ALL {
        let t = theme.table(lang.code());
        put(
            &meta::feed_path(lang),
            feeds::feed(archive, lang, t, addresses).into_bytes(),
        )?;
    }
    put("robots.txt", feeds::robots(base).into_bytes())?;
    Ok(made)
}

/// A page to render: `(template, path, context)`.
type Queued = (&'static str, String, Context);

/// What adding pages gives: nothing, or why the site stopped.
type Added<S> = Result<(), Failure<<S as Sink>::Error>>;

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
    lang: Lang,
    /// The interface text in `lang`.
    t: &'a Table,
}

/// Pages rendered in a batch at most: enough to keep every core busy to the batch's end.
const BATCH_PAGES: usize = 256;
/// What the contexts of a batch may weigh (as [`weight`] counts) before it is rendered, so
/// that a batch of large pages (an entity named in thousands of passages) stays small; a page
/// heavier than this is a batch of its own, or nearly.
const BATCH_WEIGHT: usize = 32 << 20;

/// The pages of the site, made one after another into batches: a full batch is rendered on every
/// core of the pool while this thread makes the next one, each page handed to the sink as soon
/// as it is rendered. Memory holds two batches' contexts at most, not the site's.
struct Pages<'a, 's, S: Sink> {
    theme: &'a Theme,
    addresses: meta::Addresses<'a>,
    /// Every asset's path in the site, by its name.
    assets: BTreeMap<String, String>,
    /// The pages the sitemap lists, as they are queued.
    listed: Vec<feeds::Listed>,
    /// The pages queued and not rendered yet, in order.
    batch: Vec<Queued>,
    /// What the batch's contexts weigh.
    weight: usize,
    sink: &'a S,
    /// Where batches are rendered.
    scope: &'s rayon::Scope<'a>,
    /// The result of the batch being rendered, when one is.
    rendering: Option<mpsc::Receiver<Added<S>>>,
    /// What the last build made, when its pages may be kept.
    earlier: Option<&'a Made>,
    /// What this build made.
    made: Made,
    /// The fingerprints of the pages about to be queued, by path.
    inputs: HashMap<String, u64>,
}

impl<'a, 's, S: Sink> Pages<'a, 's, S> {
    /// No pages yet, for `theme`, with addresses written as `addresses` says, rendered in
    /// `scope` into `sink`.
    fn new(
        theme: &'a Theme,
        addresses: meta::Addresses<'a>,
        sink: &'a S,
        scope: &'s rayon::Scope<'a>,
        earlier: Option<&'a Made>,
    ) -> Self {
        Pages {
            earlier,
            made: Made::default(),
            inputs: HashMap::new(),
            theme,
            addresses,
            assets: theme.asset_paths(),
            listed: Vec::new(),
            batch: Vec::new(),
            weight: 0,
            sink,
            scope,
            rendering: None,
        }
    }

    /// Queues the page at `path` in `lang`: `template` with the page's own context `cx` and what
    /// every page is given (its head, the assets, the interface text, the language switch).
    fn add(
        &mut self,
        lang: Lang,
        template: &'static str,
        path: &str,
        languages: views::Languages,
        about: meta::About,
        mut cx: Context,
    ) -> Added<S> {
        // A page shown at any address (the 404 page) brings its own root: the site's path.
        let root = cx
            .get("root")
            .and_then(|r| r.as_str())
            .map_or_else(|| views::root_prefix(path), str::to_string);
        let mut head = meta::head(about, path, lang, &languages.alternates, self.addresses);
        head.feed = format!("{root}{}", meta::feed_path(lang));
        let listed = head.index.then(|| feeds::Listed {
            path: path.to_string(),
            alternates: languages.alternates.clone(),
        });
        if let Some(inputs) = self.inputs.remove(path) {
            self.made.pages.insert(
                path.to_string(),
                PageMade {
                    inputs,
                    listed: listed.clone(),
                },
            );
        }
        self.listed.extend(listed);
        cx.insert("head", &head);
        cx.insert("assets", &self.assets);
        cx.insert("t", self.theme.table_for(template, lang.code()));
        cx.insert("lang", &lang);
        cx.insert("html_lang", lang.html());
        cx.insert("root", &root);
        cx.insert("languages", &languages);
        // Which view this is: the template's name (`index`, `summit`, `document`, `parallel`).
        cx.insert("view", template.trim_end_matches(".html"));
        let json = cx.into_json();
        self.weight += weight(&json);
        // Invariant: a context's JSON is an object, which is all `from_value` asks.
        let cx = Context::from_value(json).expect("a context is a JSON object");
        self.batch.push((template, path.to_string(), cx));
        if self.batch.len() >= BATCH_PAGES || self.weight >= BATCH_WEIGHT {
            self.render_batch()?;
        }
        Ok(())
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

    /// Queues the page at `path_in(lang)`: `template` given `view` as `key`, with the language
    /// switch to the same page in the other language.
    fn add_view(
        &mut self,
        lang: Lang,
        template: &'static str,
        path_in: impl Fn(Lang) -> String,
        about: meta::About,
        key: &str,
        view: &(impl serde::Serialize + ?Sized),
    ) -> Added<S> {
        let mut cx = Context::new();
        cx.insert(key, view);
        let languages = views::languages(lang, &path_in, self.theme.table(lang.code()));
        self.add(lang, template, &path_in(lang), languages, about, cx)
    }

    /// Starts rendering the queued pages, once the batch before them is rendered (its error,
    /// if it had one, comes back instead).
    fn render_batch(&mut self) -> Added<S> {
        self.rendered()?;
        let batch = std::mem::take(&mut self.batch);
        self.weight = 0;
        let (theme, sink) = (self.theme, self.sink);
        if rayon::current_thread_index().is_some() {
            // Called on a thread of the pool, which waiting for the pool could leave without a
            // thread to render on: render here, on every core still.
            return render_pages(theme, sink, batch);
        }
        let (done, result) = mpsc::channel();
        self.scope.spawn(move |_| {
            // The receiver is gone only if making pages has stopped: nobody waits for this.
            let _ = done.send(render_pages(theme, sink, batch));
        });
        self.rendering = Some(result);
        Ok(())
    }

    /// Waits for the batch being rendered, if any; gives its result.
    fn rendered(&mut self) -> Added<S> {
        match self.rendering.take().map(|result| result.recv()) {
            Some(Ok(result)) => result,
            // The batch panicked before it sent its result: the scope raises that panic.
            Some(Err(mpsc::RecvError)) | None => Ok(()),
        }
    }

    /// Renders the pages still queued; gives the pages the sitemap lists and what was made.
    fn finish(mut self) -> Result<(Vec<feeds::Listed>, Made), Failure<S::Error>> {
        self.render_batch()?;
        self.rendered()?;
        Ok((self.listed, self.made))
    }
}

/// Renders `batch` into `sink`. The pages are independent of one another: rendered on every
/// core, each context dropped once its page is made and each page handed on at once; their
/// results are kept in order so that the first broken page is the one reported, every run.
fn render_pages<S: Sink>(theme: &Theme, sink: &S, batch: Vec<Queued>) -> Added<S> {
    let results: Vec<Added<S>> = batch
        .into_par_iter()
        .map(|(template, path, cx)| {
            let html = theme
                .tera
                .render(template, &cx)
                .map_err(|e| RenderError::Template(theme.render_diagnostic(&e)))?;
            drop(cx);
            sink.put(&path, html.into_bytes()).map_err(Failure::Sink)
        })
        .collect();
    results.into_iter().collect()
}

/// Roughly the bytes a context's `value` holds: its text, and a few words a node.
fn weight(value: &Value) -> usize {
    const NODE: usize = 32;
    NODE + match value {
        Value::String(s) => s.len(),
        Value::Array(items) => items.iter().map(weight).sum(),
        Value::Object(map) => map.iter().map(|(k, v)| NODE + k.len() + weight(v)).sum(),
        Value::Null | Value::Bool(_) | Value::Number(_) => 0,
    }
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
fn add_home_pages<S: Sink>(pages: &mut Pages<'_, '_, S>, inputs: &Inputs<'_>) -> Added<S> {
    let Inputs {
        archive,
        index,
        fingerprints,
        lang,
        t,
        ..
    } = *inputs;
    let paths: Vec<String> = match lang {
        // The Chinese home is also the site's front page.
        Lang::Zh => vec!["index.html".to_string(), views::home_page(lang)],
        Lang::En => vec![views::home_page(lang)],
    };
    let keys: Vec<&str> = paths.iter().map(String::as_str).collect();
    if pages.unchanged(&keys, fingerprints.archive(lang)) {
        return Ok(());
    }
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
    for path in paths {
        let languages = views::languages(lang, views::home_page, t);
        let about = meta::About {
            // The front page is a copy of the Chinese home.
            canonical: (path != views::home_page(lang)).then(|| views::home_page(lang)),
            ..about_home.clone()
        };
        pages.add(lang, "index.html", &path, languages, about, cx.clone())?;
    }
    Ok(())
}

/// A page for each summit.
fn add_summit_pages<S: Sink>(pages: &mut Pages<'_, '_, S>, inputs: &Inputs<'_>) -> Added<S> {
    let Inputs {
        archive,
        fingerprints,
        lang,
        t,
        ..
    } = *inputs;
    for summit in &archive.summits {
        let made_from = fingerprints.summit(archive, &summit.id);
        if pages.unchanged(&[&views::summit_page(lang, &summit.id)], made_from) {
            continue;
        }
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
        pages.add_view(
            lang,
            "summit.html",
            |l| views::summit_page(l, &summit.id),
            about,
            "summit",
            &view,
        )?;
    }
    Ok(())
}

/// A page at each address no longer published, leading to where it went.
fn add_moved_pages<S: Sink>(pages: &mut Pages<'_, '_, S>, inputs: &Inputs<'_>) -> Added<S> {
    let Inputs { moves, lang, t, .. } = *inputs;
    for (page, target) in &moves.gone {
        let mut cx = Context::new();
        cx.insert("target_href", &permalink_href(lang, target));
        cx.insert("moved", &moves.moved_from(page, lang));
        let path = permalink_href(lang, page);
        let languages = views::languages(lang, |l| permalink_href(l, page), t);
        let about = meta::About {
            canonical: Some(permalink_href(lang, permalinks::split(target).0)),
            ..meta::About::titled(
                t,
                "moved_title",
                "describe_moved",
                &[("target", target.to_string())],
            )
        };
        pages.add(lang, "redirect.html", &path, languages, about, cx)?;
    }
    Ok(())
}

/// Each document's page and its parallel view.
fn add_document_pages<S: Sink>(pages: &mut Pages<'_, '_, S>, inputs: &Inputs<'_>) -> Added<S> {
    let Inputs {
        archive,
        index,
        named,
        moves,
        fingerprints,
        lang,
        t,
        ..
    } = *inputs;
    for doc in &archive.documents {
        let inputs = fingerprints.document(doc, index.commitments_of(doc));
        let document_page = views::document_page(lang, &doc.summit, &doc.id);
        let parallel_page = views::parallel_page(lang, &doc.summit, &doc.id);
        // Both pages are made from the same view: kept together or made together.
        if pages.unchanged(&[&document_page, &parallel_page], inputs) {
            continue;
        }
        let mut view = views::document(archive, index, doc, lang, t);
        view.moved = moves.moved_from(&format!("{}/{}/", doc.summit, doc.id), lang);
        let mut cx = Context::new();
        cx.insert("doc", &view);
        cx.insert(
            "doc_terms",
            &glossary::document_terms(index, named, doc, lang),
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
                pages.addresses,
            )),
            ..meta::About::page(view.title.clone(), description)
        };
        pages.add(
            lang,
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
        pages.add(
            lang,
            "parallel.html",
            &view.parallel_href,
            languages,
            about,
            cx,
        )?;
    }
    Ok(())
}

/// The commitment tracker.
fn add_tracker_page<S: Sink>(pages: &mut Pages<'_, '_, S>, inputs: &Inputs<'_>) -> Added<S> {
    let Inputs { index, lang, t, .. } = *inputs;
    if pages.unchanged(
        &[&tracker::tracker_page(lang)],
        inputs.fingerprints.records(lang),
    ) {
        return Ok(());
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
    let about = meta::About::titled(
        t,
        "tracker_title",
        "describe_tracker",
        &[
            ("total", tracker_view.total.to_string()),
            ("counts", meta::list(t, &counts)),
        ],
    );
    pages.add_view(
        lang,
        "commitments.html",
        tracker::tracker_page,
        about,
        "tracker",
        &tracker_view,
    )?;
    Ok(())
}

/// A page for each commitment.
fn add_commitment_pages<S: Sink>(pages: &mut Pages<'_, '_, S>, inputs: &Inputs<'_>) -> Added<S> {
    let Inputs {
        links,
        index,
        fingerprints,
        lang,
        t,
        ..
    } = *inputs;
    for c in &links.commitments {
        if pages.unchanged(
            &[&tracker::commitment_page(lang, &c.id)],
            fingerprints.commitment(c),
        ) {
            continue;
        }
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
        pages.add_view(
            lang,
            "commitment.html",
            |l| tracker::commitment_page(l, &c.id),
            about,
            "c",
            &view,
        )?;
    }
    Ok(())
}

/// The index of topics.
fn add_topics_page<S: Sink>(pages: &mut Pages<'_, '_, S>, inputs: &Inputs<'_>) -> Added<S> {
    let Inputs { index, lang, t, .. } = *inputs;
    if pages.archive_unchanged(inputs, &tracker::topics_page(lang)) {
        return Ok(());
    }
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
    pages.add_view(
        lang,
        "topics.html",
        tracker::topics_page,
        about,
        "cards",
        &cards,
    )?;
    Ok(())
}

/// A page for each topic.
fn add_topic_pages<S: Sink>(pages: &mut Pages<'_, '_, S>, inputs: &Inputs<'_>) -> Added<S> {
    let Inputs {
        links,
        index,
        fingerprints,
        lang,
        t,
        ..
    } = *inputs;
    for topic in &links.topics {
        let made_from = fingerprints.subject(
            index.topic_passages(topic),
            index.topic_commitments(topic),
            lang,
        );
        if pages.unchanged(&[&tracker::topic_page(lang, &topic.id)], made_from) {
            continue;
        }
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
        pages.add_view(
            lang,
            "subject.html",
            |l| tracker::topic_page(l, &topic.id),
            about,
            "subject",
            &view,
        )?;
    }
    Ok(())
}

/// The search page.
fn add_search_page<S: Sink>(pages: &mut Pages<'_, '_, S>, inputs: &Inputs<'_>) -> Added<S> {
    let Inputs {
        archive, lang, t, ..
    } = *inputs;
    if pages.archive_unchanged(inputs, &views::search_page(lang)) {
        return Ok(());
    }
    let about = meta::About::titled(
        t,
        "search_title",
        "describe_search",
        &[
            ("documents", archive.documents.len().to_string()),
            ("summits", archive.summits.len().to_string()),
        ],
    );
    pages.add_view(
        lang,
        "search.html",
        views::search_page,
        about,
        "filters",
        &views::search_filters(archive, lang, t),
    )?;
    Ok(())
}

/// The page a web server shows for an address that names nothing, in both languages (as a
/// Chinese page). Servers show it at any depth, so its links start from the site's root path
/// (the base URL's, or the server's root) rather than from where the page is.
fn add_not_found_page<S: Sink>(pages: &mut Pages<'_, '_, S>, inputs: &Inputs<'_>) -> Added<S> {
    let Inputs { archive, theme, .. } = *inputs;
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
    let languages = views::languages(lang, views::home_page, t);
    pages.add(lang, "404.html", NOT_FOUND_PAGE, languages, about, cx)?;
    Ok(())
}

/// The glossary page.
fn add_glossary_page<S: Sink>(pages: &mut Pages<'_, '_, S>, inputs: &Inputs<'_>) -> Added<S> {
    let Inputs {
        archive,
        index,
        lang,
        t,
        ..
    } = *inputs;
    if pages.unchanged(
        &[&glossary::glossary_page(lang)],
        inputs.fingerprints.named(),
    ) {
        return Ok(());
    }
    let about = meta::About::titled(
        t,
        "glossary_title",
        "describe_glossary",
        &[("count", archive.glossary.terms.len().to_string())],
    );
    pages.add_view(
        lang,
        "glossary.html",
        glossary::glossary_page,
        about,
        "glossary",
        &glossary::glossary(index, lang, t),
    )?;
    Ok(())
}

/// The index of named entities: the glossary's terms by type.
fn add_entities_page<S: Sink>(pages: &mut Pages<'_, '_, S>, inputs: &Inputs<'_>) -> Added<S> {
    let Inputs { index, lang, t, .. } = *inputs;
    if pages.archive_unchanged(inputs, &tracker::entities_page(lang)) {
        return Ok(());
    }
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
    pages.add_view(
        lang,
        "entities.html",
        tracker::entities_page,
        about,
        "groups",
        &groups,
    )?;
    Ok(())
}

/// A page for each glossary term.
fn add_entity_pages<S: Sink>(pages: &mut Pages<'_, '_, S>, inputs: &Inputs<'_>) -> Added<S> {
    let Inputs {
        archive,
        index,
        fingerprints,
        lang,
        t,
        ..
    } = *inputs;
    for term in &archive.glossary.terms {
        let slug = index.slug_of(term);
        let made_from = fingerprints.subject(
            index.entity_passages(term),
            index.entity_commitments(term),
            lang,
        );
        if pages.unchanged(&[&tracker::entity_page(lang, slug)], made_from) {
            continue;
        }
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
        pages.add_view(
            lang,
            "subject.html",
            |l| tracker::entity_page(l, slug),
            about,
            "subject",
            &view,
        )?;
    }
    Ok(())
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
