//! The linter: what every build checks besides turning Markdown into
//! pages, and what `quire check` runs without writing. Links and anchors
//! across pages and versions, and images, are in [`links`]; content that
//! looks like a live credential in [`secrets`]; links to other sites, fetched
//! only on request, in [`external`]. The `[check]` table of site.toml is
//! applied here ([`apply_levels`]).

/// Links to other sites.
pub mod external;
/// Links, anchors and images within the site.
pub mod links;
/// Content that looks like a live credential.
pub mod secrets;

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use crate::config::CheckLevel;
use crate::diagnostics::{Code, Diagnostic, Severity};
use crate::markdown::{Reference, Rendered};

pub use external::external_links;
pub use links::cross_page;
pub use secrets::{published_files, secrets};

/// What the cross-page checks need to know of one rendered page.
#[derive(Debug)]
pub struct PageFacts {
    /// The page's file, relative to the site root.
    pub source: PathBuf,
    /// Root-relative, with the base path: `/docs/v1/guides/x/`.
    pub url: String,
    /// Every heading id on the page.
    pub ids: HashSet<String>,
    /// Links within the site, as rendered.
    pub links: Vec<Reference>,
    /// Images, as written.
    pub images: Vec<Reference>,
    /// Links to other sites.
    pub external: Vec<Reference>,
}

impl PageFacts {
    /// Takes the facts out of a rendered page.
    pub fn new(source: &Path, url: String, rendered: &mut Rendered) -> PageFacts {
        PageFacts {
            source: source.to_owned(),
            url,
            ids: rendered.ids.drain(..).collect(),
            links: std::mem::take(&mut rendered.links),
            images: std::mem::take(&mut rendered.images),
            external: std::mem::take(&mut rendered.external),
        }
    }
}

/// Applies the `[check]` table of site.toml: each listed code becomes an
/// error or a warning, or is left out.
pub fn apply_levels(
    levels: &BTreeMap<Code, CheckLevel>,
    diagnostics: Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    diagnostics
        .into_iter()
        .filter_map(|mut d| {
            match levels.get(&d.code) {
                Some(CheckLevel::Off) => return None,
                Some(CheckLevel::Error) => d.severity = Severity::Error,
                Some(CheckLevel::Warning) => d.severity = Severity::Warning,
                None => {}
            }
            Some(d)
        })
        .collect()
}
