//! Summit Archive: the texts of the China–Central Asia summits as a bilingual, citable static
//! site. The pipeline runs in one direction, one module a stage, chained by [`pipeline`]:
//!
//! `content/` → [`load`] → [`segment`] → [`link`] → [`permalinks`] → [`render`] → [`output`].
//!
//! `main.rs` only parses the command line, calls [`pipeline::run`] (through [`check_site`] and
//! [`build_site`] for the plain cases) or the helpers of [`scaffold`] and [`serve`], and
//! prints; tests call the same functions.

pub mod diag;
pub mod figures;
pub mod fingerprint;
pub mod index;
pub mod link;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod permalinks;
pub mod pipeline;
pub mod render;
pub mod scaffold;
pub mod segment;
pub mod serve;
pub mod text;

pub use pipeline::{BuildError, Options, Run, Tools};

use std::path::Path;

/// Loads the site at `root`, drafts included, checks its content and permalinks, links and
/// renders every page in memory. Writes nothing. Content problems come back as
/// [`BuildError::Content`] with all of them.
pub fn check_site(root: &Path) -> Result<Run, BuildError> {
    check_site_with(root, &Options::default())
}

/// [`check_site`] with options: those of the link stage; drafts are always checked and
/// nothing is recorded.
pub fn check_site_with(root: &Path, options: &Options) -> Result<Run, BuildError> {
    let options = Options {
        drafts: true,
        record: false,
        ..options.clone()
    };
    pipeline::run(root, None, &options, &mut Tools::default())
}

/// Builds the site at `root` into `out` without its drafts and records the permalinks it
/// publishes for the first time. On any error the previous contents of `out` are left
/// untouched.
pub fn build_site(root: &Path, out: &Path) -> Result<Run, BuildError> {
    let options = Options {
        drafts: false,
        record: true,
        ..Options::default()
    };
    build_site_with(root, out, &options)
}

/// [`build_site`] with options (drafts, recording, the link stage's).
pub fn build_site_with(root: &Path, out: &Path, options: &Options) -> Result<Run, BuildError> {
    pipeline::run(root, Some(out), options, &mut Tools::default())
}
