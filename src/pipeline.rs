//! The pipeline: the stages in order, each one function with plain data in and out, each timed,
//! shared by `build`, `check` and `serve`:
//!
//! 1. [`load`]: `content/` → [`Archive`], drafts kept for a preview or taken out;
//! 2. [`segment`]: the one [`Segmenter`], built from the glossary (kept in [`Tools`]);
//! 3. [`link`]: commitments and their follow-ups;
//! 4. [`check_permalinks`]: the record and redirects against what the archive and its
//!    commitment pages publish;
//! 5. [`index`]: the search index of every unit, in both languages, and its files;
//! 6. [`render`]: [`Archive`] and [`Links`] → every file of the site, each handed to a
//!    [`Sink`] as it is made: for `build` and `serve` a [`Staging`] folder beside the output,
//!    for `check` nothing ([`Discard`]: made and counted only);
//! 7. [`write`]: the staging folder swapped in for the output folder, then [`record`] adds new
//!    permalinks to `content/permalinks.txt`.
//!
//! [`run`] chains them and stops before render at the first stage with content errors, so that
//! nothing is written; a run that fails later removes its staging folder. [`Tools`] holds what
//! is costly to make and rarely changes (the segmenter, the compiled templates) so that `serve`
//! makes them once and again only when their sources change. Only [`record`], called by
//! `build`, ever writes under `content/`.

use crate::diag::{self, Diagnostic};
pub use crate::index::payload::Stats as SearchStats;
use crate::link::{self, LinkOptions};
use crate::load::{self, Archive, LoadReport};
use crate::model::Links;
use crate::output::{self, Hashing, Staging, Update, Written};
use crate::permalinks::{self, Redirect};
use crate::render::{self, Counts, Discard, Failure, RenderError, Sink, Tally, Theme, ThemeError};
use crate::segment::Segmenter;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::hash::{Hash, Hasher};
use std::path::Path;
use std::time::{Duration, Instant};

/// Errors that stop a run.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error(transparent)]
    Load(#[from] load::LoadError),
    /// The content has errors: the report says which; nothing was written.
    #[error("the content has errors; nothing was written")]
    Content(Box<LoadReport>),
    #[error(transparent)]
    Theme(#[from] ThemeError),
    #[error(transparent)]
    Render(#[from] RenderError),
    #[error(transparent)]
    Output(#[from] output::OutputError),
    #[error("{path}: {source}")]
    Record {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

/// How a run goes.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Render the documents marked `draft: true` too, for a preview. A draft's permalinks are
    /// never recorded, whatever this says.
    pub drafts: bool,
    /// After writing, add the permalinks published for the first time to
    /// `content/permalinks.txt` (`build`; never `serve` or `check`).
    pub record: bool,
    /// Link as if `content/reviews.yaml` were absent (`--ignore-reviews`).
    pub ignore_reviews: bool,
    /// The site's address, in place of `base_url` in `content/site.yaml` (`--base-url`).
    pub base_url: Option<load::site::BaseUrl>,
    /// Remove the output a run replaces on a thread of its own, after the new one is in place
    /// (`serve`, whose process outlives the removal: the preview reloads without waiting).
    pub background_removal: bool,
    /// Keep in [`Tools`] what the run wrote (each page's inputs, each file's hash), so that the
    /// next run into the same folder, with the same templates, updates it in place: it makes
    /// only the pages whose inputs changed and writes only the files whose bytes did (`serve`).
    pub keep: bool,
}

impl Options {
    /// A preview's options (`serve`): the drafts shown and nothing recorded, so that a preview
    /// never writes under `content/`.
    pub fn preview() -> Options {
        Options {
            drafts: true,
            record: false,
            background_removal: true,
            keep: true,
            ..Options::default()
        }
    }
}

/// What is costly to make and outlives one run: the segmenter (jieba's dictionary and the
/// glossary's terms) and the compiled templates with the assets. Each is made again only when
/// what it is made from has changed.
#[derive(Default)]
pub struct Tools {
    /// The segmenter for a glossary's terms, and what link and the index read with it.
    segmenter: Option<(Vec<load::glossary::Term>, Segmenter, Reads)>,
    theme: Option<(u64, Theme)>,
    /// What the last run wrote, with [`Options::keep`].
    kept: Option<Kept>,
    /// What the last run made of each document file, with [`Options::keep`].
    documents: load::Kept,
}

/// What link and the index read with one segmenter and glossary, kept for the next run.
#[derive(Default)]
pub struct Reads {
    links: link::Kept,
    units: crate::index::Reads,
}

/// What a run wrote, for the next one to update in place.
struct Kept {
    /// The output folder, resolved.
    out: std::path::PathBuf,
    made: render::Made,
    files: output::Files,
}

/// Where render hands the files: a fresh staging folder (with the files' hashes recorded when
/// they are to be kept), or an update of the last run's output in place.
enum Target {
    Staging(Staging, Option<output::Files>),
    Update(output::Update),
}

impl Tools {
    /// The segmenter for the archive's glossary, what link and the index read with it, and
    /// whether it had to be built for this call. It holds only the part of the dictionary the
    /// archive's texts use; kept for the next run (`serve`), it loads the whole dictionary the
    /// first time a text of other characters comes.
    fn segmenter_and_reads(&mut self, archive: &Archive) -> (&Segmenter, &Reads, bool) {
        let glossary = &archive.glossary;
        let fresh = !matches!(&self.segmenter, Some((terms, _, _)) if terms == &glossary.terms);
        if fresh {
            self.segmenter = None;
        }
        let (_, segmenter, reads) = self.segmenter.get_or_insert_with(|| {
            (
                glossary.terms.clone(),
                Segmenter::for_texts(glossary, archive_texts(archive)),
                Reads::default(),
            )
        });
        (segmenter, reads, fresh)
    }

    /// The theme of the site at `root`, and whether it had to be read and compiled for this
    /// call (it is kept while no file under `templates/` or `static/` changes).
    pub fn theme(&mut self, root: &Path) -> Result<(&Theme, bool), ThemeError> {
        let fingerprint = theme_fingerprint(root);
        let compiled = (!self.has_theme(fingerprint)).then(|| Theme::load(root));
        self.take_theme(fingerprint, compiled)
    }

    /// Whether the kept theme is the one with `fingerprint`.
    fn has_theme(&self, fingerprint: u64) -> bool {
        matches!(&self.theme, Some((f, _)) if *f == fingerprint)
    }

    /// The theme with `fingerprint`: `compiled` now, or else the kept one; and whether it was
    /// compiled now.
    fn take_theme(
        &mut self,
        fingerprint: u64,
        compiled: Option<Result<Theme, ThemeError>>,
    ) -> Result<(&Theme, bool), ThemeError> {
        let fresh = compiled.is_some();
        if let Some(theme) = compiled {
            self.theme = None;
            self.theme = Some((fingerprint, theme?));
        }
        match &self.theme {
            Some((_, theme)) => Ok((theme, fresh)),
            // Invariant: `run` compiles the theme when the kept one is not the site's.
            None => unreachable!("the theme was compiled or kept"),
        }
    }
}

/// The site's theme, when the kept one is not it: compiled on a thread of its own while the
/// stages before render run (they leave a core idle for much of their time), and collected by
/// render.
struct Compiling<'s> {
    fingerprint: u64,
    thread: Option<std::thread::ScopedJoinHandle<'s, Result<Theme, ThemeError>>>,
}

impl<'s> Compiling<'s> {
    fn start<'e>(scope: &'s std::thread::Scope<'s, 'e>, root: &'s Path, tools: &Tools) -> Self {
        let fingerprint = theme_fingerprint(root);
        let thread = (!tools.has_theme(fingerprint)).then(|| scope.spawn(|| Theme::load(root)));
        Compiling {
            fingerprint,
            thread,
        }
    }

    /// The theme for render: compiled now, or the kept one.
    fn finish(self, tools: &mut Tools) -> Result<(&Theme, bool), ThemeError> {
        let compiled = self.thread.map(|thread| match thread.join() {
            Ok(compiled) => compiled,
            Err(panic) => std::panic::resume_unwind(panic),
        });
        tools.take_theme(self.fingerprint, compiled)
    }
}

/// A hash of every file's path and bytes under `templates/` and `static/`.
fn theme_fingerprint(root: &Path) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    for folder in ["templates", "static"] {
        for entry in walkdir::WalkDir::new(root.join(folder))
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            entry.path().hash(&mut hasher);
            if entry.file_type().is_file() {
                // An unreadable file hashes as empty; Theme::load then reports it.
                std::fs::read(entry.path())
                    .unwrap_or_default()
                    .hash(&mut hasher);
            }
        }
    }
    hasher.finish()
}

/// The load stage's result.
#[derive(Debug)]
pub struct Loaded {
    pub archive: Archive,
    /// The content files of the documents marked `draft: true`, whether kept or taken out.
    pub drafts: Vec<String>,
}

/// Stage 1: loads `content/`; the drafts stay in the archive only when `drafts` is set. With
/// `kept`, a document file unchanged since the last run is not parsed again.
pub fn load(
    root: &Path,
    drafts: bool,
    kept: Option<&load::Kept>,
) -> Result<Loaded, load::LoadError> {
    let mut archive = load::load_archive_keeping(root, kept)?;
    let paths: Vec<String> = archive
        .documents
        .iter()
        .filter(|d| d.draft)
        .map(|d| d.path.clone())
        .collect();
    if !drafts {
        take_out_drafts(&mut archive);
    }
    Ok(Loaded {
        archive,
        drafts: paths,
    })
}

/// Removes the drafts and what the published site would tell of them (their cleaning steps).
/// Their diagnostics stay: they are for the maintainer, not the site.
fn take_out_drafts(archive: &mut Archive) {
    let mut files = BTreeSet::new();
    for doc in archive.documents.iter().filter(|d| d.draft) {
        files.insert(doc.path.clone());
        if let Some(en) = &doc.en {
            files.insert(en.path.clone());
        }
    }
    archive.documents.retain(|d| !d.draft);
    archive.report.cleaning.retain(|c| !files.contains(&c.path));
}

/// The permalink stage's result.
#[derive(Debug, Default)]
pub struct Permalinks {
    /// `content/permalinks.txt` as read, with the line of each.
    pub record: Vec<(String, usize)>,
    pub redirects: Vec<Redirect>,
    /// How many permalinks the archive publishes now (drafts are not published).
    pub published: usize,
    /// Published for the first time: to be recorded.
    pub added: Vec<String>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Stage 4: compares the recorded permalinks and the redirects with what the archive and its
/// commitment pages publish. A draft publishes nothing: its permalinks, and those of the
/// commitments only it states, are neither required nor added.
pub fn check_permalinks(archive: &Archive, links: &Links) -> Permalinks {
    let record = archive
        .permalink_record
        .as_deref()
        .map(permalinks::parse_record)
        .unwrap_or_default();
    let mut diagnostics = Vec::new();
    let redirects = archive
        .redirects
        .as_deref()
        .map(|text| permalinks::parse_redirects(text, &mut diagnostics))
        .unwrap_or_default();
    let drafts: BTreeSet<String> = archive
        .documents
        .iter()
        .filter(|d| d.draft)
        .map(|d| format!("{}/{}/", d.summit, d.id))
        .collect();
    let in_draft =
        |u: &crate::model::UnitRef| drafts.contains(&format!("{}/{}/", u.summit, u.document));
    let draft_commitments: BTreeSet<String> = links
        .commitments
        .iter()
        .filter(|c| !c.sources.is_empty() && c.sources.iter().all(in_draft))
        .map(|c| format!("commitments/{}/", c.id))
        .collect();
    let mut now = permalinks::current(archive, links);
    now.retain(|p| {
        let page = permalinks::split(p).0;
        !drafts.contains(page) && !draft_commitments.contains(page)
    });
    let comparison = permalinks::compare(&record, &redirects, &now);
    diagnostics.extend(comparison.diagnostics);
    Permalinks {
        record,
        redirects: redirects.into_iter().map(|(r, _)| r).collect(),
        published: now.len(),
        added: comparison.added,
        diagnostics,
    }
}

/// Stage 2: the segmenter for the archive's glossary, built once and kept in `tools` with what
/// link and the index read with it; with `keep`, it remembers its cuts for the next run. Also
/// whether it was built now.
pub fn segment<'t>(
    archive: &Archive,
    tools: &'t mut Tools,
    keep: bool,
) -> (&'t Segmenter, &'t Reads, bool) {
    let (segmenter, reads, built) = tools.segmenter_and_reads(archive);
    segmenter.next_run(keep);
    (segmenter, reads, built)
}

/// The texts link and the index cut into words: each document's title and its units' Chinese.
fn archive_texts(archive: &Archive) -> impl Iterator<Item = &str> {
    archive.documents.iter().flat_map(|d| {
        std::iter::once(d.title.as_str()).chain(d.units().into_iter().map(|u| u.zh.as_str()))
    })
}

/// Stage 3: the commitments of every summit and their follow-ups; with `kept`, what the last
/// run linked is not linked again ([`link::link_commitments_keeping`]).
pub fn link(
    archive: &Archive,
    segmenter: &Segmenter,
    options: &LinkOptions,
    kept: Option<&link::Kept>,
) -> (Links, Vec<Diagnostic>) {
    link::link_commitments_keeping(archive, segmenter, options, kept)
}

/// Stage 5: the search index and the files it is served as.
pub fn index(
    archive: &Archive,
    segmenter: &Segmenter,
    reads: Option<&crate::index::Reads>,
) -> (BTreeMap<String, Vec<u8>>, SearchStats) {
    let index = crate::index::build_index(archive, segmenter, reads);
    crate::index::payload::files(&index)
}

/// Stage 6: every page, export and asset, each handed to `sink` as it is made.
pub fn render<S: Sink>(
    archive: &Archive,
    links: &Links,
    theme: &Theme,
    redirects: &[Redirect],
    earlier: Option<&render::Made>,
    sink: &S,
) -> Result<render::Made, Failure<S::Error>> {
    render::render_site_into(archive, links, theme, redirects, earlier, sink)
}

/// Stage 7: the staging folder that render filled swapped in for the output folder, replacing
/// an earlier output atomically.
pub fn write(staging: Staging) -> Result<Written, output::OutputError> {
    staging.finish()
}

/// After stage 7, for `build`: adds the new permalinks to `content/permalinks.txt` (made if
/// absent). Returns whether the file was written.
pub fn record(root: &Path, archive: &Archive, permalinks: &Permalinks) -> Result<bool, BuildError> {
    if permalinks.added.is_empty() && archive.permalink_record.is_some() {
        return Ok(false);
    }
    let text = permalinks::record_text(&permalinks.record, &permalinks.added);
    std::fs::write(root.join(permalinks::RECORD), text).map_err(|source| BuildError::Record {
        path: permalinks::RECORD.to_string(),
        source,
    })?;
    Ok(true)
}

/// A finished run.
#[derive(Debug)]
pub struct Run {
    /// The archive as rendered (with its drafts when they were asked for).
    pub archive: Archive,
    pub links: Links,
    /// The content files of the documents marked `draft: true`.
    pub drafts: Vec<String>,
    /// Whether the drafts were rendered.
    pub drafts_included: bool,
    /// Permalinks published for the first time (never a draft's).
    pub new_permalinks: Vec<String>,
    /// Whether `content/permalinks.txt` was written.
    pub recorded: bool,
    /// HTML pages rendered.
    pub pages: usize,
    /// Files rendered.
    pub files: usize,
    /// What the search index weighs.
    pub search: SearchStats,
    /// What was written, when the run wrote.
    pub written: Option<Written>,
    pub timings: Timings,
}

impl Run {
    /// What a successful run reports after its load report, a line each: the link stage's
    /// summary (`reviews_ignored` with `--ignore-reviews`), the search index's, the
    /// translation coverage, the drafts and a missing base URL.
    pub fn summary(&self, reviews_ignored: bool) -> Vec<String> {
        let mut lines = vec![self.links.summary(reviews_ignored), self.search.to_string()];
        lines.extend(self.archive.coverage_lines(false));
        if !self.drafts.is_empty() {
            let what = if self.drafts_included {
                "shown in this preview; never recorded among the permalinks"
            } else {
                "not published (preview them with `serve` or `build --drafts`)"
            };
            lines.push(format!(
                "drafts: {} {what}: {}",
                self.drafts.len(),
                self.drafts.join(", ")
            ));
        }
        if self.archive.site.base_url.is_none() {
            lines.push(format!(
                "no base URL (`base_url:` in {} or --base-url): canonical and feed addresses are relative, and no sitemap.xml is written",
                load::site::PATH
            ));
        }
        lines
    }

    /// What a run that wrote the site into `out` (`build`, `serve`) says last: the permalinks
    /// published for the first time, when there are any, and what was built in `elapsed`.
    pub fn built(&self, out: &Path, elapsed: Duration) -> Vec<String> {
        let mut lines = Vec::new();
        if !self.new_permalinks.is_empty() {
            lines.push(if self.recorded {
                format!(
                    "permalinks: {} published for the first time, recorded in {}: commit it with the content",
                    self.new_permalinks.len(),
                    permalinks::RECORD
                )
            } else {
                format!(
                    "permalinks: {} new, recorded only by `build`",
                    self.new_permalinks.len()
                )
            });
        }
        lines.push(format!(
            "built {} summits, {} documents, {} units: {} files in {} ({} ms)",
            self.archive.summits.len(),
            self.archive.documents.len(),
            self.archive.unit_count(),
            self.written.map_or(self.files, |w| w.files),
            out.display(),
            elapsed.as_millis()
        ));
        lines
    }

    /// What a run that wrote nothing (`check`) says last: the permalinks to be recorded, when
    /// there are any, and what was checked.
    pub fn checked(&self) -> Vec<String> {
        let mut lines = Vec::new();
        if !self.new_permalinks.is_empty() {
            lines.push(format!(
                "permalinks: {} new, to be recorded by the next build",
                self.new_permalinks.len()
            ));
        }
        lines.push(format!(
            "checked {} summits, {} documents, {} pages: no problems",
            self.archive.summits.len(),
            self.archive.documents.len(),
            self.pages
        ));
        lines
    }
}

impl BuildError {
    /// The exit code of a run that failed so: 1 for problems in the site's sources (the
    /// content, its templates or interface tables), 2 for anything else (usage, I/O).
    pub fn exit_code(&self) -> u8 {
        match self {
            BuildError::Content(_) | BuildError::Render(_) | BuildError::Theme(_) => 1,
            _ => 2,
        }
    }

    /// What a failed run says last (after the load report of a [`BuildError::Content`]), ending
    /// with `outcome`, what became of the output.
    pub fn closing(&self, outcome: &str) -> String {
        match self {
            BuildError::Content(report) => format!("error: {}; {outcome}", report.problems()),
            // A broken template or interface table is a problem in the site's sources too.
            BuildError::Render(_) | BuildError::Theme(_) => {
                format!("{self}\nerror: a problem in the templates; {outcome}")
            }
            _ => format!("error: {self}"),
        }
    }
}

/// Runs every stage for the site at `root`. With `out`, writes the site there (after checking,
/// before any work, that the folder may be replaced) and, with [`Options::record`], records the
/// new permalinks; without, writes nothing. Content problems come back as
/// [`BuildError::Content`] with all of them, and nothing is written.
pub fn run(
    root: &Path,
    out: Option<&Path>,
    options: &Options,
    tools: &mut Tools,
) -> Result<Run, BuildError> {
    if let Some(out) = out {
        output::check_target(out, root)?;
    }
    let started = Instant::now();
    let mut timings = Timings::default();
    let (archive, drafts, links, permalinks, search, (target, rendered, made)) =
        std::thread::scope(|scope| {
            let theme = Compiling::start(scope, root, tools);
            let Loaded {
                mut archive,
                drafts,
            } = load_stage(
                root,
                options,
                options.keep.then_some(&tools.documents),
                &mut timings,
            )?;
            let (segmenter, reads) = segment_stage(&archive, tools, options.keep, &mut timings);
            // Link and the index both read the archive and its words, and neither needs what
            // the other makes: they run side by side, each on both cores where it can.
            let (links, (search_files, search)) = rayon::join(
                || link_stage(&archive, segmenter, &reads.links, options),
                || index_stage(&archive, segmenter, options.keep.then_some(&reads.units)),
            );
            let (links, mut link_diagnostics, link_time) = links;
            let (search, index_time) = search;
            timings.stages.push(link_time);
            archive.report.diagnostics.append(&mut link_diagnostics);
            let permalinks = permalink_stage(&mut archive, &links, &mut timings);
            // Listed in the stages' order, after permalinks, which needs the links.
            timings.stages.push(index_time);
            let rendered = render_stage(
                root,
                out,
                options,
                &mut archive,
                &links,
                &permalinks,
                search_files,
                (theme, tools),
                &mut timings,
            )?;
            Ok::<_, BuildError>((archive, drafts, links, permalinks, search, rendered))
        })?;
    let pages = rendered.pages + made.kept;
    let (written, recorded) = match (target, out) {
        (Some(target), Some(out)) => {
            let (written, recorded) = write_stage(
                root,
                out,
                target,
                made,
                options,
                &archive,
                &permalinks,
                tools,
                &mut timings,
            )?;
            (Some(written), recorded)
        }
        _ => (None, false),
    };
    timings.wall = Some(started.elapsed());
    Ok(Run {
        archive,
        links,
        drafts,
        drafts_included: options.drafts,
        new_permalinks: permalinks.added,
        recorded,
        pages,
        files: rendered.files,
        search,
        written,
        timings,
    })
}

/// Stage 1, timed: the archive (with the base URL of `options` when given) and its drafts.
fn load_stage(
    root: &Path,
    options: &Options,
    kept: Option<&load::Kept>,
    timings: &mut Timings,
) -> Result<Loaded, BuildError> {
    let clock = Instant::now();
    let mut loaded = load(root, options.drafts, kept)?;
    let archive = &mut loaded.archive;
    if let Some(base) = &options.base_url {
        archive.site.base_url = Some(base.clone());
    }
    let mut counts = vec![
        ("summits", archive.summits.len() as u64),
        ("documents", archive.documents.len() as u64),
        ("drafts", loaded.drafts.len() as u64),
        ("units", archive.unit_count() as u64),
    ];
    if let Some(kept) = kept {
        counts.push((
            "document files unchanged since the last build",
            kept.unchanged() as u64,
        ));
    }
    timings.add(
        "load",
        clock,
        counts,
        (!loaded.drafts.is_empty()).then_some(if options.drafts {
            "drafts included"
        } else {
            "drafts left out"
        }),
    );
    Ok(loaded)
}

/// Stage 2, timed: the segmenter for the archive's glossary, kept in `tools` with what link and
/// the index read with it; with `keep`, remembering its cuts for the next run.
fn segment_stage<'t>(
    archive: &Archive,
    tools: &'t mut Tools,
    keep: bool,
    timings: &mut Timings,
) -> (&'t Segmenter, &'t Reads) {
    let clock = Instant::now();
    let (segmenter, reads, built) = segment(archive, tools, keep);
    timings.add(
        "segment",
        clock,
        vec![
            ("glossary terms", archive.glossary.terms.len() as u64),
            ("dictionary words", segmenter.dictionary_words() as u64),
        ],
        Some(match (built, segmenter.has_whole_dictionary()) {
            (true, true) => "dictionary loaded",
            (true, false) => "dictionary loaded, the words the archive's texts can hold",
            (false, _) => "dictionary kept from the last build",
        }),
    );
    (segmenter, reads)
}

/// Stage 3, timed: the links and their diagnostics (for the archive's report). It runs alongside
/// the index, so it reads the archive and leaves the report to the caller.
fn link_stage(
    archive: &Archive,
    segmenter: &Segmenter,
    kept: &link::Kept,
    options: &Options,
) -> (Links, Vec<Diagnostic>, Stage) {
    let clock = Instant::now();
    // Only link counts the words it asks for (the index cuts in search mode, uncounted).
    segmenter.take_word_count();
    let (links, diagnostics) = link(
        archive,
        segmenter,
        &LinkOptions {
            ignore_reviews: options.ignore_reviews,
        },
        options.keep.then_some(kept),
    );
    let stage = Stage::timed(
        "link",
        clock,
        vec![
            ("words segmented", segmenter.take_word_count()),
            ("commitments", links.commitments.len() as u64),
            ("follow-ups", links.followup_count() as u64),
        ],
        (options.keep && kept.reused()).then_some("links kept from the last build"),
    );
    (links, diagnostics, stage)
}

/// Stage 4, timed: the permalinks, their diagnostics added to the archive's report.
fn permalink_stage(archive: &mut Archive, links: &Links, timings: &mut Timings) -> Permalinks {
    let clock = Instant::now();
    let mut permalinks = check_permalinks(archive, links);
    timings.add(
        "permalinks",
        clock,
        vec![
            ("recorded", permalinks.record.len() as u64),
            ("published", permalinks.published as u64),
            ("new", permalinks.added.len() as u64),
        ],
        None,
    );
    archive
        .report
        .diagnostics
        .append(&mut permalinks.diagnostics);
    permalinks
}

/// Stage 5, timed: the search index's files and what they weigh. It runs alongside link.
fn index_stage(
    archive: &Archive,
    segmenter: &Segmenter,
    reads: Option<&crate::index::Reads>,
) -> (BTreeMap<String, Vec<u8>>, (SearchStats, Stage)) {
    let clock = Instant::now();
    let (search_files, search) = index(archive, segmenter, reads);
    let stage = Stage::timed(
        "index",
        clock,
        vec![
            ("files", search.files as u64),
            ("bytes", search.bytes as u64),
            ("shards", search.shards as u64),
        ],
        Some("alongside link"),
    );
    (search_files, (search, stage))
}

/// Stage 6, timed with the templates: the site, with `search_files`, made and handed on as it
/// is made: with `out`, into a new staging folder for it, or, when [`Tools`] kept the last
/// run's output there and the templates are the same, into an update of it in place (given
/// back for [`write_stage`]); without, nowhere. Gives what was made. The templates are checked
/// here, in the same pass as the content, so that one run reports every problem; with any
/// error, the archive's report (its diagnostics sorted) comes back as [`BuildError::Content`],
/// before anything is written.
// The stage's inputs as the other stages pass theirs, plus where its files go.
#[allow(clippy::too_many_arguments)]
fn render_stage(
    root: &Path,
    out: Option<&Path>,
    options: &Options,
    archive: &mut Archive,
    links: &Links,
    permalinks: &Permalinks,
    search_files: BTreeMap<String, Vec<u8>>,
    (theme, tools): (Compiling<'_>, &mut Tools),
    timings: &mut Timings,
) -> Result<(Option<Target>, Counts, render::Made), BuildError> {
    let clock = Instant::now();
    let kept = tools.kept.take();
    let theme = match theme.finish(tools) {
        Ok(theme) => Some(theme),
        Err(ThemeError(mut theme_diagnostics)) => {
            archive.report.diagnostics.append(&mut theme_diagnostics);
            None
        }
    };
    diag::sort(&mut archive.report.diagnostics);
    // A theme that failed to load has reported errors of its own.
    let Some((theme, compiled)) = theme.filter(|_| !archive.report.has_errors()) else {
        // Nothing was written: the last output is still what was kept.
        tools.kept = kept;
        return Err(BuildError::Content(Box::new(std::mem::take(
            &mut archive.report,
        ))));
    };
    let site = Site {
        archive,
        links,
        theme,
        permalinks,
    };
    let sink_error = |f: Failure<output::OutputError>| match f {
        Failure::Render(e) => BuildError::Render(e),
        Failure::Sink(e) => BuildError::Output(e),
    };
    let (target, counts, made) = match out {
        Some(out) => {
            // The last output, when this run may update it: same folder, still there, same
            // templates.
            let resolved = output::check_target(out, root)?;
            let earlier = kept.filter(|k| {
                options.keep
                    && !compiled
                    && k.out == resolved
                    && resolved.join(output::MARKER).is_file()
            });
            match earlier {
                Some(Kept { made, files, .. }) => {
                    let update = Update::new(out, root, files)?;
                    let (counts, made) = render_into(&site, search_files, Some(&made), &update)
                        .map_err(sink_error)?;
                    (Some(Target::Update(update)), counts, made)
                }
                None => {
                    let staging = Staging::new(out, root)?;
                    let staging = if options.background_removal {
                        staging.removing_old_in_background()
                    } else {
                        staging
                    };
                    let (counts, made, files) = if options.keep {
                        let hashing = Hashing::new(&staging);
                        let (counts, made) =
                            render_into(&site, search_files, None, &hashing).map_err(sink_error)?;
                        (counts, made, Some(hashing.into_files()))
                    } else {
                        let (counts, made) =
                            render_into(&site, search_files, None, &staging).map_err(sink_error)?;
                        (counts, made, None)
                    };
                    (Some(Target::Staging(staging, files)), counts, made)
                }
            }
        }
        None => {
            let (counts, made) =
                render_into(&site, search_files, None, &Discard).map_err(|f| match f {
                    Failure::Render(e) => BuildError::Render(e),
                    Failure::Sink(never) => match never {},
                })?;
            (None, counts, made)
        }
    };
    render_timing(timings, clock, &counts, made.kept, compiled);
    Ok((target, counts, made))
}

/// The render stage's line of the timings.
fn render_timing(
    timings: &mut Timings,
    clock: Instant,
    counts: &Counts,
    kept: usize,
    compiled: bool,
) {
    timings.add(
        "render",
        clock,
        vec![
            ("pages", counts.pages as u64),
            ("pages kept from the last build", kept as u64),
            ("files", counts.files as u64),
            ("bytes", counts.bytes),
        ],
        Some(if compiled {
            "templates compiled"
        } else {
            "templates kept from the last build"
        }),
    );
}

/// What the render stage makes the site from, whatever takes its files.
struct Site<'a> {
    archive: &'a Archive,
    links: &'a Links,
    theme: &'a Theme,
    permalinks: &'a Permalinks,
}

/// The search files and, alongside them, every file render makes (but the pages kept from
/// `earlier`), into `sink`; what went in, and what was made. A search file that cannot be
/// taken is reported before anything render makes, the first in path order.
fn render_into<S: Sink>(
    site: &Site<'_>,
    search_files: BTreeMap<String, Vec<u8>>,
    earlier: Option<&render::Made>,
    sink: &S,
) -> Result<(Counts, render::Made), Failure<S::Error>> {
    let tally = Tally::new(sink);
    let (searched, made) = rayon::join(
        || {
            search_files
                .into_par_iter()
                .map(|(path, bytes)| tally.put(&path, bytes))
                .collect::<Vec<_>>()
        },
        || {
            render(
                site.archive,
                site.links,
                site.theme,
                &site.permalinks.redirects,
                earlier,
                &tally,
            )
        },
    );
    searched
        .into_iter()
        .collect::<Result<(), _>>()
        .map_err(Failure::Sink)?;
    Ok((tally.counts(), made?))
}

/// Stage 7, timed: the staging folder that render filled swapped in for the output folder, or
/// the update of it finished in place; then, with [`Options::record`], the new permalinks
/// recorded; with [`Options::keep`], what was written kept in `tools` for the next run. Gives
/// what the output folder holds and whether the record was written. The files were written as
/// render made them: this stage's time is the marker, the swap (with the removal of the
/// earlier output, unless [`Options::background_removal`] leaves it to a thread of its own) or
/// the moves of the changed files into place, and the record.
// The stage's inputs as the other stages pass theirs, plus what render made and where.
#[allow(clippy::too_many_arguments)]
fn write_stage(
    root: &Path,
    out: &Path,
    target: Target,
    made: render::Made,
    options: &Options,
    archive: &Archive,
    permalinks: &Permalinks,
    tools: &mut Tools,
    timings: &mut Timings,
) -> Result<(Written, bool), BuildError> {
    let clock = Instant::now();
    let (written, files, how) = match target {
        Target::Staging(staging, files) => (write(staging)?, files, "swapped in"),
        Target::Update(update) => {
            let (written, files) = update.finish(made.pages.keys().map(String::as_str))?;
            (written, Some(files), "updated in place")
        }
    };
    if let Some(files) = files.filter(|_| options.keep) {
        tools.kept = Some(Kept {
            out: output::check_target(out, root)?,
            made,
            files,
        });
    }
    let recorded = options.record && record(root, archive, permalinks)?;
    timings.add(
        "write",
        clock,
        vec![("files", written.files as u64), ("bytes", written.bytes)],
        Some(match (how, recorded) {
            ("swapped in", true) => "swapped in, permalink record updated",
            ("swapped in", false) => "swapped in, permalink record unchanged",
            (_, true) => "updated in place, permalink record updated",
            (_, false) => "updated in place, permalink record unchanged",
        }),
    );
    Ok((written, recorded))
}

/// How long each stage took, and the counts behind it.
#[derive(Debug, Clone, Default)]
pub struct Timings {
    pub stages: Vec<Stage>,
    /// From the start of the run to the end of its last stage.
    pub wall: Option<Duration>,
}

/// One stage's time.
#[derive(Debug, Clone)]
pub struct Stage {
    pub name: &'static str,
    pub elapsed: Duration,
    /// What it worked on: (what, how many).
    pub counts: Vec<(&'static str, u64)>,
    /// What it did or reused, when that matters for its time.
    pub note: Option<&'static str>,
    /// The process's memory when the stage ended, where the system tells it.
    pub memory: Option<Memory>,
}

/// The process's memory at one moment, in bytes: what it holds in RAM now, and the most it
/// has held since it started.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Memory {
    pub resident: u64,
    pub peak: u64,
}

impl Memory {
    /// Read from `/proc/self/status` (`VmRSS`, `VmHWM`); none where there is no such file.
    pub fn now() -> Option<Memory> {
        let status = std::fs::read_to_string("/proc/self/status").ok()?;
        let field = |name: &str| -> Option<u64> {
            let line = status.lines().find(|l| l.starts_with(name))?;
            let kb: u64 = line[name.len()..]
                .trim()
                .strip_suffix("kB")?
                .trim()
                .parse()
                .ok()?;
            Some(kb * 1024)
        };
        Some(Memory {
            resident: field("VmRSS:")?,
            peak: field("VmHWM:")?,
        })
    }
}

impl Stage {
    /// The stage `name`, started at `started` and ended now.
    fn timed(
        name: &'static str,
        started: Instant,
        counts: Vec<(&'static str, u64)>,
        note: Option<&'static str>,
    ) -> Stage {
        Stage {
            name,
            elapsed: started.elapsed(),
            counts,
            note,
            memory: Memory::now(),
        }
    }
}

impl Timings {
    fn add(
        &mut self,
        name: &'static str,
        started: Instant,
        counts: Vec<(&'static str, u64)>,
        note: Option<&'static str>,
    ) {
        self.stages.push(Stage::timed(name, started, counts, note));
    }

    /// The time the stages took together: from the start of the run to the end of its last
    /// stage (some stages run alongside others, so this is less than the sum of their times).
    pub fn total(&self) -> Duration {
        self.wall
            .unwrap_or_else(|| self.stages.iter().map(|s| s.elapsed).sum())
    }
}

/// One line a stage, `  load        12.3 ms    41 MiB  2 summits, 14 documents, …` (the
/// memory held when it ended), then the total with the most memory held at any time (peak).
impl fmt::Display for Timings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let mib = |bytes: Option<u64>| match bytes {
            Some(b) => format!("{:>5} MiB", b.div_ceil(1024 * 1024)),
            None => format!("{:>9}", ""),
        };
        for stage in &self.stages {
            let counts: Vec<String> = stage
                .counts
                .iter()
                .map(|(what, n)| format!("{n} {what}"))
                .chain(stage.note.map(str::to_string))
                .collect();
            writeln!(
                f,
                "  {:<11}{:>10.1} ms  {}  {}",
                stage.name,
                ms(stage.elapsed),
                mib(stage.memory.map(|m| m.resident)),
                counts.join(", ")
            )?;
        }
        let peak = self
            .stages
            .iter()
            .filter_map(|s| s.memory)
            .map(|m| m.peak)
            .max();
        write!(
            f,
            "  {:<11}{:>10.1} ms  {}",
            "total",
            ms(self.total()),
            mib(peak)
        )?;
        if peak.is_some() {
            write!(f, "  peak")?;
        }
        Ok(())
    }
}
