//! Summit Archive: the texts of the China–Central Asia summits as a bilingual, citable static
//! site. The pipeline runs in one direction, one module a stage:
//!
//! `content/` → [`load::load_archive`] → [`render::render_site`] → [`output::write_site`].
//!
//! `main.rs` only parses the command line and calls [`build_site`]; tests call the same
//! functions.

pub mod diag;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod render;
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
}

/// A finished build.
#[derive(Debug)]
pub struct Built {
    pub archive: load::Archive,
    /// How many files the site has.
    pub files: usize,
}

/// Loads the site at `root` and renders it into `out`. On any error the previous contents of
/// `out` are left untouched.
pub fn build_site(root: &Path, out: &Path) -> Result<Built, BuildError> {
    let archive = load::load_archive(root)?;
    if archive.report.has_errors() {
        return Err(BuildError::Content(Box::new(archive.report)));
    }
    let theme = render::Theme::load(root)?;
    let site = render::render_site(&archive, &theme)?;
    output::write_site(&site, out, root)?;
    Ok(Built {
        files: site.files.len(),
        archive,
    })
}
