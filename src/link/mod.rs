//! The link stage: the commitments each summit made, the units that state them, and what later
//! summits report about them. Takes the loaded [`Archive`] and the [`Segmenter`]; gives
//! [`Links`], plain data for the pages and the exports. Knows nothing of files or HTML.

use crate::diag::Diagnostic;
use crate::load::Archive;
use crate::model::Links;
use crate::segment::Segmenter;

/// How the link stage runs.
#[derive(Debug, Clone, Copy, Default)]
pub struct LinkOptions {
    /// Link as if `content/reviews.yaml` were absent, to measure the linker on its own.
    pub ignore_reviews: bool,
}

/// Finds the commitments of every summit and their follow-ups in later summits.
pub fn link_commitments(
    archive: &Archive,
    segmenter: &Segmenter,
    options: &LinkOptions,
) -> (Links, Vec<Diagnostic>) {
    let _ = (archive, segmenter, options);
    (Links::default(), Vec::new())
}
