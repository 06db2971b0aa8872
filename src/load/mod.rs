//! The load stage: `content/` in, an [`Archive`] of typed records out, with a report of every
//! problem found (diagnostics) and everything the loader did to the pasted text (cleaning).
//!
//! Layout of `content/`: a folder per summit holding `summit.yaml` (the summit's metadata) and
//! one `.md` file per document (YAML front matter, then the Chinese text as printed). The
//! loader knows nothing about HTML or links.

mod block;
mod clean;
mod front_matter;
pub mod glossary;
mod kinds;
mod repeats;
mod report;
pub mod reviews;
pub mod site;
pub(crate) mod strict;
mod summit;
pub mod topics;
mod translation;

pub use clean::{Cleaning, CleaningAction};
pub use front_matter::parse_yaml;
pub use glossary::Glossary;

use crate::diag::{self, Diagnostic};
use crate::model::*;
use block::Block;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// Everything the archive holds, as loaded.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Archive {
    /// In summit order (by number).
    pub summits: Vec<Summit>,
    /// Grouped by summit, then by date and file name.
    pub documents: Vec<Document>,
    /// The source texts as received (`content/sources/*.txt`), by file name.
    pub sources: BTreeMap<String, String>,
    pub glossary: Glossary,
    /// `content/permalinks.txt` and `content/redirects.yaml`, as written (read by the
    /// permalink check).
    pub permalink_record: Option<String>,
    pub redirects: Option<String>,
    /// The topics of `content/topics.yaml`, in the file's order (none without the file).
    pub topics: Vec<Topic>,
    /// The editors' reviews of `content/reviews.yaml`, with their positions.
    pub reviews: Vec<reviews::Review>,
    /// `content/site.yaml`: the base URL (nothing set without the file).
    pub site: site::SiteConfig,
    pub report: LoadReport,
}

/// What the loader found wrong and what it cleaned.
#[derive(Debug, Clone, Default, Serialize)]
pub struct LoadReport {
    pub diagnostics: Vec<Diagnostic>,
    pub cleaning: Vec<Cleaning>,
}

impl LoadReport {
    /// Adds what `other` found after what this one holds.
    fn append(&mut self, mut other: LoadReport) {
        self.diagnostics.append(&mut other.diagnostics);
        self.cleaning.append(&mut other.cleaning);
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

impl Archive {
    pub fn summit(&self, id: &SummitId) -> Option<&Summit> {
        self.summits.iter().find(|s| &s.id == id)
    }

    /// How many units the documents hold in all.
    pub fn unit_count(&self) -> usize {
        self.documents.iter().map(|d| d.units().len()).sum()
    }

    pub fn documents_of<'a>(
        &'a self,
        summit: &'a SummitId,
    ) -> impl Iterator<Item = &'a Document> + 'a {
        self.documents.iter().filter(move |d| &d.summit == summit)
    }
}

/// Errors that stop the loader before it can read any content.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{0}: no content folder here (use --root to point at a site)")]
    NoContent(String),
}

/// A file of `content/`, read and decoded.
struct SourceFile {
    /// Relative to the site root, with `/` separators.
    rel: String,
    text: String,
}

/// What loading made of each document file, kept from one run to the next (`serve`): a file
/// read again with the same bytes, in the same summits and sources, is not parsed again, nor
/// is its translation when that file is the same too. Each run keeps only the files it read.
#[derive(Default)]
pub struct Kept {
    documents: std::sync::Mutex<HashMap<String, KeptDocument>>,
    /// How many document files the last run took as they were.
    unchanged: std::sync::atomic::AtomicUsize,
}

/// A document file as the last run loaded it.
struct KeptDocument {
    /// Its path, its text and the summits and sources it was loaded with, hashed.
    read: u64,
    loaded: Option<(Document, (usize, usize))>,
    report: LoadReport,
    /// Its translation's text hashed, the document as that translation made it, and what
    /// applying it reported.
    translated: Option<(u64, Document, LoadReport)>,
}

impl Kept {
    /// How many document files the last run found unchanged, and did not parse again.
    pub fn unchanged(&self) -> usize {
        self.unchanged.load(std::sync::atomic::Ordering::Relaxed)
    }

    fn entries(&self) -> std::sync::MutexGuard<'_, HashMap<String, KeptDocument>> {
        // A panic while the lock was held leaves at worst an entry missing: parsed again.
        self.documents
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The document loaded from `file` (in the context hashed as `context`), as the last run
    /// loaded it or parsed now; with what loading it reported, added to `report`.
    fn load(
        &self,
        file: &SourceFile,
        context: u64,
        parse: impl FnOnce(&mut LoadReport) -> Option<(Document, (usize, usize))>,
        report: &mut LoadReport,
    ) -> Option<(Document, (usize, usize))> {
        let read = hash_of(&(context, &file.rel, &file.text));
        if let Some(kept) = self.entries().get(&file.rel).filter(|k| k.read == read) {
            self.unchanged
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            report.append(kept.report.clone());
            return kept.loaded.clone();
        }
        let mut own = LoadReport::default();
        let loaded = parse(&mut own);
        self.entries().insert(
            file.rel.clone(),
            KeptDocument {
                read,
                loaded: loaded.clone(),
                report: own.clone(),
                translated: None,
            },
        );
        report.append(own);
        loaded
    }

    /// `doc` as the translation `file` makes it, as the last run made it or applied now; with
    /// what applying it reported, added to `report`.
    fn translate(
        &self,
        doc: &mut Document,
        file: &SourceFile,
        apply: impl FnOnce(&mut Document, &mut LoadReport),
        report: &mut LoadReport,
    ) {
        let text = hash_of(&(&file.rel, &file.text));
        if let Some((_, translated, kept)) = self
            .entries()
            .get(&doc.path)
            .and_then(|k| k.translated.as_ref())
            .filter(|(t, _, _)| *t == text)
        {
            *doc = translated.clone();
            report.append(kept.clone());
            return;
        }
        let mut own = LoadReport::default();
        apply(doc, &mut own);
        if let Some(kept) = self.entries().get_mut(&doc.path) {
            kept.translated = Some((text, doc.clone(), own.clone()));
        }
        report.append(own);
    }

    /// Forgets the files not among `paths` (read this run).
    fn retain(&self, paths: &[String]) {
        let paths: HashSet<&str> = paths.iter().map(String::as_str).collect();
        self.entries()
            .retain(|path, _| paths.contains(path.as_str()));
    }
}

fn hash_of(value: &impl std::hash::Hash) -> u64 {
    use std::hash::Hasher;
    let mut h = std::hash::DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

/// Loads every summit and document under `root/content`.
pub fn load_archive(root: &Path) -> Result<Archive, LoadError> {
    load_archive_keeping(root, None)
}

/// Loads every summit and document under `root/content`; with `kept`, what the last run made
/// of each file that has not changed is taken again rather than parsed.
pub fn load_archive_keeping(root: &Path, kept: Option<&Kept>) -> Result<Archive, LoadError> {
    if let Some(kept) = kept {
        kept.unchanged
            .store(0, std::sync::atomic::Ordering::Relaxed);
    }
    let content = root.join("content");
    if !content.is_dir() {
        return Err(LoadError::NoContent(content.display().to_string()));
    }
    let mut report = LoadReport::default();
    let (entries, mut walk_problems) = walk_content(root, &content);
    report.diagnostics.append(&mut walk_problems);
    if let Some(d) = too_much(&entries) {
        report.diagnostics.push(d);
        return Ok(Archive {
            report,
            ..Archive::default()
        });
    }
    let files = sort_files(root, entries, &mut report.diagnostics);
    let sources = read_sources(root, &files.sources, &mut report);
    let summits = read_summits(root, &files.summits, &mut report);
    let mut documents = read_documents(
        root,
        &files.documents,
        &summits,
        &sources,
        kept,
        &mut report,
    );
    apply_translations(root, &files, &mut documents, kept, &mut report);
    if let Some(kept) = kept {
        let read: Vec<String> = files.documents.iter().map(|p| relative(root, p)).collect();
        kept.retain(&read);
    }
    let glossary = files
        .glossary
        .and_then(|path| read_source(root, &path, &mut report))
        .map(|file| glossary::parse(&file.rel, &file.text, &mut report.diagnostics))
        .unwrap_or_default();
    check_terms(&glossary, &documents, &mut report.diagnostics);
    let topics = files
        .topics
        .and_then(|path| read_source(root, &path, &mut report))
        .map(|file| topics::parse(&file.rel, &file.text, &glossary, &mut report.diagnostics))
        .unwrap_or_default();
    let reviews = files
        .reviews
        .and_then(|path| read_source(root, &path, &mut report))
        .map(|file| reviews::parse(&file.rel, &file.text, &mut report.diagnostics))
        .unwrap_or_default();
    let site_config = files
        .site
        .and_then(|path| read_text(root, &path, &mut report, true))
        .map(|file| site::parse(&file.rel, &file.text, &mut report.diagnostics))
        .unwrap_or_default();
    sort_documents(&mut documents, &summits);
    // An empty record or redirect list is a valid one.
    let mut read_plain =
        |path: Option<PathBuf>| read_text(root, &path?, &mut report, true).map(|file| file.text);
    let permalink_record = read_plain(files.record);
    let redirects = read_plain(files.redirects);
    diag::sort(&mut report.diagnostics);
    Ok(Archive {
        summits,
        documents,
        sources,
        glossary,
        permalink_record,
        redirects,
        topics,
        reviews,
        site: site_config,
        report,
    })
}

/// Every entry under `content/` in file-name order (hidden ones left out), with an error for
/// each that cannot be read or is a symbolic link leading out of the site. Symbolic links are
/// followed while they stay inside the site; one that leads out of it, to nothing or round in
/// a loop is an error, never a file skipped in silence.
fn walk_content(root: &Path, content: &Path) -> (Vec<walkdir::DirEntry>, Vec<Diagnostic>) {
    let site = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let mut refused = Vec::new();
    let walk = WalkDir::new(content)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            if e.depth() > 0 && e.file_name().to_string_lossy().starts_with('.') {
                return false;
            }
            if !e.path_is_symlink() {
                return true;
            }
            match std::fs::canonicalize(e.path()) {
                Ok(target) if target.starts_with(&site) => true,
                Ok(target) => {
                    refused.push(Diagnostic::error(
                        &relative(root, e.path()),
                        1,
                        1,
                        format!(
                            "a symbolic link to {}, outside the site: copy the file into the site instead",
                            target.display()
                        ),
                    ));
                    false
                }
                // Reported as the walk's error for this entry.
                Err(_) => true,
            }
        });
    let mut entries = Vec::new();
    let mut problems = Vec::new();
    let mut files = 0;
    for entry in walk {
        // Past the most files content may hold, the rest need not be walked.
        if files > MAX_FILES {
            break;
        }
        match entry {
            Ok(entry) => {
                files += usize::from(entry.file_type().is_file());
                entries.push(entry);
            }
            Err(e) => problems.push(walk_error(root, &e)),
        }
    }
    problems.append(&mut refused);
    (entries, problems)
}

/// The files of `content/`, by what they hold.
#[derive(Default)]
struct ContentFiles {
    summits: Vec<PathBuf>,
    documents: Vec<PathBuf>,
    sources: Vec<PathBuf>,
    translations: Vec<PathBuf>,
    glossary: Option<PathBuf>,
    record: Option<PathBuf>,
    redirects: Option<PathBuf>,
    topics: Option<PathBuf>,
    reviews: Option<PathBuf>,
    site: Option<PathBuf>,
}

/// The files among `entries` sorted by what they hold, with a warning for each that content
/// does not hold.
fn sort_files(
    root: &Path,
    entries: Vec<walkdir::DirEntry>,
    diags: &mut Vec<Diagnostic>,
) -> ContentFiles {
    let mut files = ContentFiles::default();
    for entry in entries {
        let name = entry.file_name().to_string_lossy();
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = relative(root, entry.path());
        if rel.starts_with("content/sources/") && name.ends_with(".txt") {
            files.sources.push(entry.into_path());
        } else if rel == "content/glossary.yaml" {
            files.glossary = Some(entry.into_path());
        } else if rel == "content/permalinks.txt" {
            files.record = Some(entry.into_path());
        } else if rel == "content/redirects.yaml" {
            files.redirects = Some(entry.into_path());
        } else if rel == topics::PATH {
            files.topics = Some(entry.into_path());
        } else if rel == reviews::PATH {
            files.reviews = Some(entry.into_path());
        } else if rel == site::PATH {
            files.site = Some(entry.into_path());
        } else if name.ends_with(".en.yaml") {
            files.translations.push(entry.into_path());
        } else if name == "summit.yaml" {
            files.summits.push(entry.into_path());
        } else if name.ends_with(".md") {
            files.documents.push(entry.into_path());
        } else {
            diags.push(Diagnostic::warning(
                &rel,
                1,
                1,
                "ignored: content holds `summit.yaml` files, `.md` documents, `.en.yaml` translations, glossary.yaml, topics.yaml, reviews.yaml, site.yaml and source texts in content/sources/",
            ));
        }
    }
    files
}

/// The source texts as received, by file name under `content/sources/`.
fn read_sources(
    root: &Path,
    paths: &[PathBuf],
    report: &mut LoadReport,
) -> BTreeMap<String, String> {
    let mut sources = BTreeMap::new();
    for path in paths {
        if let Some(file) = read_source(root, path, report) {
            let name = file.rel.trim_start_matches("content/sources/").to_string();
            sources.insert(name, file.text);
        }
    }
    sources
}

/// The summits of the `summit.yaml` files at `paths`, checked together.
fn read_summits(root: &Path, paths: &[PathBuf], report: &mut LoadReport) -> Vec<Summit> {
    let mut summits = Vec::new();
    for path in paths {
        if let Some(file) = read_source(root, path, report)
            && let Some(s) = summit::parse_summit(&file.rel, &file.text, &mut report.diagnostics)
        {
            summits.push(s);
        }
    }
    summit::check_summits(&mut summits, &mut report.diagnostics);
    summits
}

/// The documents at `paths` that load without errors, each id once in its summit. The files
/// are read and parsed in parallel, each with a report of its own; the reports are joined in
/// the files' order.
fn read_documents(
    root: &Path,
    paths: &[PathBuf],
    summits: &[Summit],
    sources: &BTreeMap<String, String>,
    kept: Option<&Kept>,
    report: &mut LoadReport,
) -> Vec<Document> {
    // What a document is loaded in besides its own file: the summits and the source texts.
    let context = kept.map_or(0, |_| {
        let mut h = std::hash::DefaultHasher::new();
        crate::fingerprint::feed(&mut h, &summits);
        crate::fingerprint::feed(&mut h, &sources);
        std::hash::Hasher::finish(&h)
    });
    let read: Vec<_> = paths
        .par_iter()
        .map(|path| {
            let mut own = LoadReport::default();
            let loaded = read_source(root, path, &mut own).and_then(|file| {
                let parse =
                    |report: &mut LoadReport| load_document(&file, summits, sources, report);
                match kept {
                    Some(kept) => kept.load(&file, context, parse, &mut own),
                    None => parse(&mut own),
                }
            });
            (loaded, own)
        })
        .collect();
    let mut documents: Vec<Document> = Vec::new();
    let mut seen: BTreeMap<(SummitId, DocumentId), (String, usize)> = BTreeMap::new();
    for (loaded, own) in read {
        report.append(own);
        let Some((doc, id_line)) = loaded else {
            continue;
        };
        let key = (doc.summit.clone(), doc.id.clone());
        if let Some((first, line)) = seen.get(&key) {
            report.diagnostics.push(Diagnostic::error(
                &doc.path,
                id_line.0,
                id_line.1,
                format!(
                    "duplicate document id `{}` in summit `{}`: {first}:{line} has it already",
                    doc.id, doc.summit
                ),
            ));
            continue;
        }
        seen.insert(key, (doc.path.clone(), id_line.0));
        documents.push(doc);
    }
    documents
}

/// Applies each translation file to the document it translates, in parallel; one of no
/// document is an error.
fn apply_translations(
    root: &Path,
    files: &ContentFiles,
    documents: &mut [Document],
    kept: Option<&Kept>,
    report: &mut LoadReport,
) {
    let by_path: HashMap<&str, usize> = documents
        .iter()
        .enumerate()
        .map(|(i, d)| (d.path.as_str(), i))
        .collect();
    let mut translation_of: Vec<Option<&Path>> = vec![None; documents.len()];
    let chinese_files: HashSet<String> =
        files.documents.iter().map(|p| relative(root, p)).collect();
    for path in &files.translations {
        let rel = relative(root, path);
        let chinese = format!("{}.md", rel.trim_end_matches(".en.yaml"));
        match by_path.get(chinese.as_str()) {
            Some(&i) => translation_of[i] = Some(path),
            // A translation of a document that failed to load is reported with that document,
            // once its own file has been read.
            None if chinese_files.contains(&chinese) => {
                read_source(root, path, report);
            }
            None => {
                if read_source(root, path, report).is_some() {
                    report.diagnostics.push(Diagnostic::error(
                        &rel,
                        1,
                        1,
                        format!("a translation of {chinese}, which does not exist"),
                    ));
                }
            }
        }
    }
    let reports: Vec<LoadReport> = documents
        .par_iter_mut()
        .zip(translation_of)
        .filter_map(|(doc, path)| {
            let mut own = LoadReport::default();
            let file = read_source(root, path?, &mut own);
            if let Some(file) = file {
                let apply = |doc: &mut Document, report: &mut LoadReport| {
                    translation::apply(&file.rel, &file.text, doc, &mut report.diagnostics);
                };
                match kept {
                    Some(kept) => kept.translate(doc, &file, apply, &mut own),
                    None => apply(doc, &mut own),
                }
            }
            Some(own)
        })
        .collect();
    for own in reports {
        report.append(own);
    }
}

/// Warns of each glossary term a document's Chinese names that its English does not render as
/// the glossary does.
fn check_terms(glossary: &Glossary, documents: &[Document], diags: &mut Vec<Diagnostic>) {
    let finder = glossary::TermFinder::new(glossary);
    let found: Vec<_> = documents
        .par_iter()
        .filter_map(|doc| Some((doc.en.as_ref()?, finder.inconsistencies(doc))))
        .collect();
    for (en, misses) in found {
        for miss in misses {
            let line = en
                .lines
                .get(&UnitId::from(miss.unit.clone()))
                .copied()
                .unwrap_or(1);
            diags.push(Diagnostic::warning(
                &en.path,
                line,
                1,
                format!(
                    "`{}` in the Chinese of `{}` is not rendered `{}` (the glossary's rendering or an alternative); fix the English or list an exception in content/glossary.yaml",
                    miss.form, miss.unit, miss.expected
                ),
            ));
        }
    }
}

/// Puts the documents in summit order, then by date and path.
fn sort_documents(documents: &mut [Document], summits: &[Summit]) {
    documents.sort_by(|a, b| {
        let number = |d: &Document| summits.iter().find(|s| s.id == d.summit).map(|s| s.number);
        (number(a), &a.date, &a.path).cmp(&(number(b), &b.date, &b.path))
    });
}

/// The most files `content/` may hold: a summit has a few dozen, and an archive of ten thousand
/// documents, each with its translation, about twenty thousand.
pub const MAX_FILES: usize = 30_000;

/// The most bytes `content/` may hold in all: the bundled texts are under 2 MB.
pub const MAX_CONTENT_BYTES: u64 = 64 * 1024 * 1024;

/// An error when `content/` holds more files or bytes than any archive needs (a folder copied
/// in by mistake), told from the sizes alone, before any file is read.
fn too_much(entries: &[walkdir::DirEntry]) -> Option<Diagnostic> {
    let files: Vec<&walkdir::DirEntry> =
        entries.iter().filter(|e| e.file_type().is_file()).collect();
    if files.len() > MAX_FILES {
        return Some(Diagnostic::error(
            "content",
            1,
            1,
            format!(
                "more than the {MAX_FILES} files content may hold: was a folder copied in by mistake?"
            ),
        ));
    }
    let bytes: u64 = files
        .iter()
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum();
    (bytes > MAX_CONTENT_BYTES).then(|| {
        Diagnostic::error(
            "content",
            1,
            1,
            format!(
                "{} MB in all, more than the {} MB content may hold: was a folder copied in by mistake?",
                bytes / (1024 * 1024),
                MAX_CONTENT_BYTES / (1024 * 1024)
            ),
        )
    })
}

/// A file or folder of `content/` that the walk could not enter, as an error at it.
fn walk_error(root: &Path, e: &walkdir::Error) -> Diagnostic {
    let path = e
        .path()
        .map_or_else(|| "content".to_string(), |p| relative(root, p));
    let message = if let Some(ancestor) = e.loop_ancestor() {
        format!(
            "a symbolic link back to {}, which holds it: remove the link",
            relative(root, ancestor)
        )
    } else if e
        .path()
        .is_some_and(|p| p.is_symlink() && std::fs::metadata(p).is_err())
    {
        "a symbolic link to nothing: remove it, or point it at a file of the site".to_string()
    } else {
        match e.io_error() {
            Some(io) => format!("cannot read: {io}"),
            None => format!("cannot read: {e}"),
        }
    };
    Diagnostic::error(&path, 1, 1, message)
}

fn relative(root: &Path, path: &Path) -> String {
    let rel: PathBuf = path.strip_prefix(root).unwrap_or(path).to_path_buf();
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// The largest content file read: the longest summit text is a few tens of kilobytes, so a file
/// this size is a mistake (a wrong file pasted or saved), not a document.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Reads a content file as UTF-8 text, reporting a file too large, unreadable, not UTF-8, empty
/// or holding hidden control characters, and noting a byte-order mark and CR or CRLF line ends.
fn read_source(root: &Path, path: &Path, report: &mut LoadReport) -> Option<SourceFile> {
    read_text(root, path, report, false)
}

/// [`read_source`], with an empty file taken as valid if `empty_ok`.
fn read_text(
    root: &Path,
    path: &Path,
    report: &mut LoadReport,
    empty_ok: bool,
) -> Option<SourceFile> {
    let rel = relative(root, path);
    if let Ok(meta) = std::fs::metadata(path)
        && meta.len() > MAX_FILE_BYTES
    {
        report.diagnostics.push(Diagnostic::error(
            &rel,
            1,
            1,
            format!(
                "the file is {} MB, more than the {} MB a content file may have",
                meta.len() / (1024 * 1024),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        ));
        return None;
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            report
                .diagnostics
                .push(Diagnostic::error(&rel, 1, 1, format!("cannot read: {e}")));
            return None;
        }
    };
    let mut text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            // Safe: `valid` is the prefix that from_utf8 checked.
            let prefix = String::from_utf8_lossy(valid);
            let line = prefix.matches('\n').count() + 1;
            let column = prefix.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            report.diagnostics.push(Diagnostic::error(
                &rel,
                line,
                column,
                format!(
                    "not valid UTF-8 (byte 0x{:02x}): save the file as UTF-8",
                    e.as_bytes()[valid.len()]
                ),
            ));
            return None;
        }
    };
    let mut note = |action, detail: &str| {
        report.cleaning.push(Cleaning {
            path: rel.clone(),
            line: 1,
            column: 1,
            action,
            detail: detail.to_string(),
        })
    };
    if let Some(rest) = text.strip_prefix('\u{feff}') {
        text = rest.to_string();
        note(
            CleaningAction::ByteOrderMark,
            "U+FEFF at the start of the file",
        );
    }
    if text.contains('\r') {
        let crlf = text.matches("\r\n").count();
        let cr = text.matches('\r').count() - crlf;
        let lf = text.matches('\n').count() - crlf;
        let also_lf = if lf > 0 {
            format!(", mixed with {lf} LF")
        } else {
            String::new()
        };
        if crlf > 0 {
            note(
                CleaningAction::CrlfLineEnds,
                &format!("{crlf} CRLF (Windows) line ends{also_lf}"),
            );
        }
        if cr > 0 {
            note(
                CleaningAction::CrLineEnds,
                &format!("{cr} CR (classic Mac) line ends{also_lf}"),
            );
        }
        text = text.replace("\r\n", "\n").replace('\r', "\n");
    }
    if let Some(d) = hidden_controls(&rel, &text) {
        report.diagnostics.push(d);
        return None;
    }
    if text.trim().is_empty() && !empty_ok {
        report
            .diagnostics
            .push(Diagnostic::error(&rel, 1, 1, "the file is empty"));
        return None;
    }
    Some(SourceFile { rel, text })
}

/// The first hidden control character of `text` (see [`diag::is_hidden_control`], tabs and
/// line ends aside, and a byte-order mark past the start), as an error at its line and column
/// that counts the others: content files are plain text, and such a character either changes
/// what a page or a message shows or hides in a quotation.
fn hidden_controls(rel: &str, text: &str) -> Option<Diagnostic> {
    let hidden =
        |c: char| (diag::is_hidden_control(c) && c != '\n' && c != '\t') || c == '\u{feff}';
    let at = text.find(hidden)?;
    let c = text[at..].chars().next()?;
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    let others = text[at..].chars().filter(|&c| hidden(c)).count() - 1;
    let more = match others {
        0 => String::new(),
        1 => " (and 1 more in the file)".to_string(),
        n => format!(" (and {n} more in the file)"),
    };
    Some(Diagnostic::error(
        rel,
        line,
        column,
        format!(
            "hidden character {}{more}: content files are plain text; delete it, or retype what it stands for",
            diag::control_name(c)
        ),
    ))
}

static SLUG: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"^[a-z0-9]+(?:-[a-z0-9]+)*$").expect("constant pattern")
});
static DATE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$").expect("constant pattern")
});

/// Whether `id` is usable as a path segment: lowercase letters, digits and single dashes.
pub fn is_slug(id: &str) -> bool {
    SLUG.is_match(id) && id.len() <= 80
}

/// Whether `date` is a real `YYYY-MM-DD` date (no 31 June, 29 February only in leap years).
pub fn is_date(date: &str) -> bool {
    let Some(m) = DATE.captures(date) else {
        return false;
    };
    let number = |i: usize| m[i].parse::<u32>().unwrap_or(0);
    let (year, month, day) = (number(1), number(2), number(3));
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    day <= days
}

/// Loads one document; returns it with the position of its `id` field.
fn load_document(
    file: &SourceFile,
    summits: &[Summit],
    sources: &BTreeMap<String, String>,
    report: &mut LoadReport,
) -> Option<(Document, (usize, usize))> {
    let path = file.rel.as_str();
    let diags = &mut report.diagnostics;
    let split = match front_matter::split(path, &file.text) {
        Ok(s) => s,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let fm = match front_matter::parse(path, &split) {
        Ok(fm) => fm,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let before = diags.len();
    check_front_matter(path, &split, &fm, summits, diags);
    check_provenance(path, &split, &fm, sources, diags);
    if let Some(note) = &fm.note {
        front_matter::check_note(path, split.yaml, split.yaml_line, note, diags);
    }

    let blocks = clean::read_blocks(split.body, split.body_line);
    let cleaned = clean::clean_body(path, &split, &fm, blocks, &mut report.cleaning, diags);
    let (texts, captions) = split_off_captions(cleaned.blocks);
    if texts.is_empty() {
        diags.push(Diagnostic::error(
            path,
            split.body_line,
            1,
            "the document has no text",
        ));
    }
    let mut cx = kinds::Ctx {
        path,
        split: &split,
        diags,
    };
    let body = kinds::parse_body(fm.kind, &texts, &fm.groups, &mut cx);

    let mut doc = Document {
        id: DocumentId::from(fm.id),
        summit: SummitId::from(fm.summit),
        kind: fm.kind,
        title: fm.title,
        title_printed: cleaned.title_printed,
        subtitle: fm.subtitle,
        byline: cleaned.byline,
        date: fm.date,
        dateline: cleaned.dateline,
        speaker: fm.speaker,
        author: fm.author,
        outlet: fm.outlet,
        source_url: fm.source_url,
        source: fm.source,
        source_lines: fm.source_lines,
        completeness: if fm.kind == DocumentKind::Fragment {
            Completeness::Fragment
        } else {
            fm.completeness
        },
        draft: fm.draft,
        continues: cleaned.continues,
        note: fm.note,
        path: file.rel.clone(),
        body,
        captions: Vec::new(),
        en: None,
    };
    place_captions(&mut doc, captions);
    apply_notes(path, &split, &fm.notes, &mut doc, &mut report.diagnostics);
    // A repeated printed number is reported by the numbering check; this catches any other
    // way two units could share an id.
    if !report.diagnostics[before..]
        .iter()
        .any(Diagnostic::is_error)
    {
        check_unit_ids(path, &doc, &mut report.diagnostics);
    }
    if report.diagnostics[before..]
        .iter()
        .any(Diagnostic::is_error)
    {
        // The document is reported, not published half-read.
        return None;
    }
    let id_at = front_matter::locate(&split, "id");
    Some((doc, id_at))
}

/// Checks the fields of a document's front matter that the loader reads as they are: the id,
/// the summit, the date, the title, the source and its lines, and the original address.
fn check_front_matter(
    path: &str,
    split: &front_matter::Split<'_>,
    fm: &front_matter::FrontMatter,
    summits: &[Summit],
    diags: &mut Vec<Diagnostic>,
) {
    let at = |key| front_matter::locate(split, key);
    if !is_slug(&fm.id) {
        let (l, c) = at("id");
        diags.push(Diagnostic::error(
            path,
            l,
            c,
            format!(
                "id `{}` must be lowercase letters, digits and dashes (it becomes a page path)",
                fm.id
            ),
        ));
    }
    if !summits.iter().any(|s| s.id.as_str() == fm.summit) {
        let (l, c) = at("summit");
        let known: Vec<&str> = summits.iter().map(|s| s.id.as_str()).collect();
        diags.push(Diagnostic::error(
            path,
            l,
            c,
            format!(
                "unknown summit `{}`; known summits: {} (a summit is a folder with a summit.yaml)",
                fm.summit,
                known.join(", ")
            ),
        ));
    }
    if !is_date(&fm.date) {
        let (l, c) = at("date");
        diags.push(Diagnostic::error(
            path,
            l,
            c,
            format!("date `{}` is not a YYYY-MM-DD date", fm.date),
        ));
    }
    if fm.title.trim().is_empty() {
        let (l, c) = at("title");
        diags.push(Diagnostic::error(path, l, c, "the title is empty"));
    }
    if fm.source.contains(['/', '\\']) || fm.source.starts_with('.') || fm.source.trim().is_empty()
    {
        let (l, c) = at("source");
        diags.push(Diagnostic::error(
            path,
            l,
            c,
            format!(
                "source `{}` must be the name of a file in content/sources/",
                fm.source
            ),
        ));
    }
    if let Some([first, last]) = fm.source_lines
        && (first == 0 || last < first)
    {
        let (l, c) = at("source_lines");
        diags.push(Diagnostic::error(
            path,
            l,
            c,
            "source_lines is [first, last], 1-based",
        ));
    }
    if let Some(url) = &fm.source_url
        && let Err(why) = original_address(url)
    {
        let (l, c) = at("source_url");
        diags.push(Diagnostic::error(path, l, c, format!("source_url {why}")));
    }
}

/// The text blocks, and the captions with their place among all the blocks.
fn split_off_captions(blocks: Vec<Block>) -> (Vec<Block>, Vec<(usize, Block)>) {
    let (texts, captions): (Vec<_>, Vec<_>) = blocks
        .into_iter()
        .enumerate()
        .partition(|(_, b)| b.role == block::Role::Text);
    let texts = texts.into_iter().map(|(_, b)| b).collect();
    (texts, captions)
}

/// Adds `captions` (each with its place among the body's blocks) to `doc`: a caption follows
/// the unit printed before it, since the body's units map one to one, in order, onto the text
/// blocks.
fn place_captions(doc: &mut Document, captions: Vec<(usize, Block)>) {
    let order: Vec<UnitId> = doc.body_units().iter().map(|u| u.id.clone()).collect();
    let mut photo = 0;
    for (index, block) in captions {
        photo += 1;
        // Blocks before this one are text blocks or earlier captions.
        let texts_before = index - doc.captions.len();
        let after = texts_before
            .checked_sub(1)
            .and_then(|i| order.get(i))
            .cloned();
        doc.captions.push(Caption {
            unit: Unit {
                id: UnitId::from(format!("photo_{photo}")),
                kind: UnitKind::Caption,
                number: None,
                zh: block.text,
                en: None,
                line: block.line,
                column: block.column,
                truncated: false,
                notes: Vec::new(),
            },
            credit: block.credit,
            credit_en: None,
            after,
        });
    }
}

/// Adds the notes on misprints to the units they name, with an error for a note on a unit the
/// document lacks or on words the unit does not print.
fn apply_notes(
    path: &str,
    split: &front_matter::Split<'_>,
    notes: &[front_matter::NoteSpec],
    doc: &mut Document,
    diags: &mut Vec<Diagnostic>,
) {
    for spec in notes {
        let id = spec.unit.as_str();
        let near = |needle: &str| {
            front_matter::locate_text(split, needle)
                .unwrap_or_else(|| front_matter::locate(split, "notes"))
        };
        let (l, c) = near(&spec.printed);
        match doc.units_mut().into_iter().find(|u| u.id.as_str() == id) {
            None => {
                let (l, c) = near(&format!("unit: {id}"));
                diags.push(Diagnostic::error(
                    path,
                    l,
                    c + "unit: ".len(),
                    format!("note on unit `{id}`, which the document does not have"),
                ))
            }
            Some(u) if !u.zh.contains(&spec.printed) => diags.push(Diagnostic::error(
                path,
                l,
                c,
                format!(
                    "note on `{id}`: `{}` is not printed in that unit",
                    spec.printed
                ),
            )),
            Some(u) => u.notes.push(Note {
                printed: spec.printed.clone(),
                reading: spec.reading.clone(),
                en: spec.en.clone(),
            }),
        }
    }
}

/// Checks that the body is, line for line, the part of the source text it says it was pasted
/// from: the text is never retyped, only pasted.
fn check_provenance(
    path: &str,
    split: &front_matter::Split<'_>,
    fm: &front_matter::FrontMatter,
    sources: &BTreeMap<String, String>,
    diags: &mut Vec<Diagnostic>,
) {
    if fm.source.contains(['/', '\\']) || fm.source.starts_with('.') {
        return; // reported as an invalid source name
    }
    let Some(source) = sources.get(&fm.source) else {
        let (l, c) = front_matter::locate(split, "source");
        diags.push(Diagnostic::warning(
            path,
            l,
            c,
            format!(
                "source `{}` is not in content/sources/: keep the text as received there so that every sentence can be traced",
                fm.source
            ),
        ));
        return;
    };
    let Some([first, last]) = fm.source_lines else {
        return;
    };
    let source_lines: Vec<&str> = source.lines().collect();
    if first == 0 || last < first || last > source_lines.len() {
        let (l, c) = front_matter::locate(split, "source_lines");
        diags.push(Diagnostic::error(
            path,
            l,
            c,
            format!(
                "source_lines [{first}, {last}] is outside `{}`, which has {} lines",
                fm.source,
                source_lines.len()
            ),
        ));
        return;
    }
    let expected = &source_lines[first - 1..last];
    let body: Vec<&str> = split.body.lines().collect();
    let trimmed = body.len()
        - body
            .iter()
            .rev()
            .take_while(|l| l.trim().is_empty())
            .count();
    for (i, line) in body[..trimmed].iter().enumerate() {
        let want = expected.get(i).copied();
        if want != Some(*line) {
            let column = match want {
                Some(w) => common_prefix_chars(w, line) + 1,
                None => 1,
            };
            let message = match want {
                Some(w) => {
                    let around = |s: &str| -> String {
                        let part: String =
                            s.chars().skip(column.saturating_sub(5)).take(10).collect();
                        if part.is_empty() {
                            "(an empty line)".to_string()
                        } else {
                            format!("`{part}`")
                        }
                    };
                    format!(
                        "the text differs from {} line {}: the source has {} where this has {}; paste the text as printed",
                        fm.source,
                        first + i,
                        around(w),
                        around(line)
                    )
                }
                None => format!(
                    "the text goes on past line {last} of {}; extend source_lines",
                    fm.source
                ),
            };
            diags.push(Diagnostic::error(
                path,
                split.body_line + i,
                column,
                message,
            ));
            return;
        }
    }
    if trimmed < expected.len() {
        diags.push(Diagnostic::error(
            path,
            split.body_line + trimmed.saturating_sub(1),
            1,
            format!(
                "the text ends at line {} of {}, before the end of source_lines ({last})",
                first + trimmed.saturating_sub(1),
                fm.source
            ),
        ));
    }
}

fn common_prefix_chars(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

/// Reports unit ids used twice in one document (a number printed twice).
fn check_unit_ids(path: &str, doc: &Document, diags: &mut Vec<Diagnostic>) {
    let mut seen: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut check = |id: &UnitId, line: usize, column: usize, diags: &mut Vec<Diagnostic>| {
        if let Some((l, c)) = seen.get(id.as_str()) {
            diags.push(Diagnostic::error(
                path,
                line,
                column,
                format!(
                    "duplicate unit id `{id}`: the same number is printed twice (first at {l}:{c})"
                ),
            ));
        } else {
            seen.insert(id.to_string(), (line, column));
        }
    };
    for part in doc.parts() {
        let first = part.heading.or(part.units.first());
        if let (Some(id), Some(u)) = (part.id, first) {
            check(id, u.line, u.column, diags);
        }
        for u in part.units {
            check(&u.id, u.line, u.column, diags);
        }
    }
    for c in &doc.captions {
        check(&c.unit.id, c.unit.line, c.unit.column, diags);
    }
}

/// Checks the address where a text was first published: an absolute `http(s)` address (the
/// scheme in lowercase), a host, and no white space, control character, quotation mark or
/// angle bracket. Pages link to it; nothing is ever fetched from it.
fn original_address(url: &str) -> Result<(), &'static str> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or("must start with `https://` or `http://`")?;
    if url
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>' | '\\' | '`'))
    {
        return Err(
            "may not hold white space, control characters, quotation marks, `\\` or angle brackets",
        );
    }
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if host.is_empty() || host.contains('@') {
        return Err("must name a host (and no user name) after `//`");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_must_exist() {
        assert!(is_date("2023-05-19"));
        assert!(is_date("2024-02-29"));
        assert!(!is_date("2023-02-29"));
        assert!(!is_date("2023-06-31"));
        assert!(!is_date("2023-5-19"));
        assert!(!is_date("19 May 2023"));
    }

    #[test]
    fn slugs_stay_inside_the_site() {
        assert!(is_slug("2027-beijing"));
        assert!(!is_slug("../x"));
        assert!(!is_slug("/etc"));
        assert!(!is_slug("A"));
        assert!(!is_slug("a--b"));
    }
}
