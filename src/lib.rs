//! Summit Archive: the texts of the China–Central Asia summits as a bilingual, citable static
//! site. The pipeline runs in one direction, one module a stage:
//!
//! `content/` → [`load::load_archive`] → [`link::link_commitments`] → [`permalinks::compare`] →
//! [`render::render_site`] → [`output::write_site`].
//!
//! `main.rs` only parses the command line and calls [`check_site`], [`build_site`] or the
//! helpers of [`scaffold`] and [`serve`]; tests call the same functions.

pub mod diag;
pub mod link;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod permalinks;
pub mod render;
pub mod scaffold;
pub mod segment;
pub mod serve;
pub mod text;

use std::path::Path;

/// Errors that stop a build.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error(transparent)]
    Load(#[from] load::LoadError),
    /// The content has errors: the report says which; nothing was written.
    #[error("the content has errors; nothing was written")]
    Content(Box<load::LoadReport>),
    #[error(transparent)]
    Theme(#[from] render::ThemeError),
    #[error(transparent)]
    Render(#[from] render::RenderError),
    #[error(transparent)]
    Output(#[from] output::OutputError),
    #[error("{path}: {source}")]
    Record {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

/// How a check or a build runs.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Build as if `content/reviews.yaml` were absent (`--ignore-reviews`).
    pub ignore_reviews: bool,
}

/// A site checked and rendered in memory, not yet written.
#[derive(Debug)]
pub struct Checked {
    pub archive: load::Archive,
    /// The commitments and their follow-ups.
    pub links: model::Links,
    pub site: render::Site,
    /// Permalinks published for the first time, to be added to the record.
    pub new_permalinks: Vec<String>,
    record: Vec<(String, usize)>,
}

/// A finished build.
#[derive(Debug)]
pub struct Built {
    pub archive: load::Archive,
    pub links: model::Links,
    /// How many files the site has.
    pub files: usize,
    /// Permalinks published for the first time, now in `content/permalinks.txt`.
    pub new_permalinks: Vec<String>,
}

/// Loads the site at `root`, checks its content and permalinks, and renders every page in
/// memory. Writes nothing. Content problems come back as [`BuildError::Content`] with all of
/// them.
pub fn check_site(root: &Path) -> Result<Checked, BuildError> {
    check_site_with(root, &Options::default())
}

/// [`check_site`] with options.
pub fn check_site_with(root: &Path, options: &Options) -> Result<Checked, BuildError> {
    let mut archive = load::load_archive(root)?;
    // The link stage: commitments and follow-ups, with the problems of the review file.
    let segmenter = segment::Segmenter::new(&archive.glossary);
    let link_options = link::LinkOptions {
        ignore_reviews: options.ignore_reviews,
    };
    let (links, link_diagnostics) = link::link_commitments(&archive, &segmenter, &link_options);
    archive.report.diagnostics.extend(link_diagnostics);
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
    let comparison =
        permalinks::compare(&record, &redirects, &permalinks::current(&archive, &links));
    diagnostics.extend(comparison.diagnostics);
    archive.report.diagnostics.extend(diagnostics);
    diag::sort(&mut archive.report.diagnostics);
    if archive.report.has_errors() {
        return Err(BuildError::Content(Box::new(archive.report)));
    }
    let theme = render::Theme::load(root)?;
    let redirects: Vec<permalinks::Redirect> = redirects.into_iter().map(|(r, _)| r).collect();
    let site = render::render_site(&archive, &links, &theme, &redirects)?;
    Ok(Checked {
        archive,
        links,
        site,
        new_permalinks: comparison.added,
        record,
    })
}

/// Checks and renders the site at `root`, writes it to `out`, and records the permalinks it
/// publishes for the first time. On any error the previous contents of `out` are left
/// untouched.
pub fn build_site(root: &Path, out: &Path) -> Result<Built, BuildError> {
    build_site_with(root, out, &Options::default())
}

/// [`build_site`] with options.
pub fn build_site_with(root: &Path, out: &Path, options: &Options) -> Result<Built, BuildError> {
    // Refuse a wrong output folder before doing any work.
    output::check_target(out, root)?;
    let checked = check_site_with(root, options)?;
    output::write_site(&checked.site, out, root)?;
    if !checked.new_permalinks.is_empty() || checked.archive.permalink_record.is_none() {
        let path = root.join(permalinks::RECORD);
        let text = permalinks::record_text(&checked.record, &checked.new_permalinks);
        std::fs::write(&path, text).map_err(|source| BuildError::Record {
            path: permalinks::RECORD.to_string(),
            source,
        })?;
    }
    Ok(Built {
        files: checked.site.files.len(),
        archive: checked.archive,
        links: checked.links,
        new_permalinks: checked.new_permalinks,
    })
}
