//! quire: a documentation generator for help-centre setup guides.
//!
//! The pipeline reads top-down, one module per stage: `config` (site.toml)
//! -> [`content`] (pages, front matter, URLs) -> [`markdown`] (with
//! `checker` blocks and page links) -> `render` (with `theme`) ->
//! [`output`], driven by [`pipeline`]. [`lint`] holds the checks every
//! build runs; `layout` names the site's folders and generated files;
//! [`diagnostics`] is how every problem is reported; `serve` is
//! `quire serve`; [`cmd`] holds one file per subcommand.
//!
//! The public modules are those the binary, the tests and the benchmarks
//! use; everything else is private to the crate.

pub mod brand;
pub mod cmd;
pub(crate) mod config;
pub mod content;
pub(crate) mod deploy;
pub mod diagnostics;
pub(crate) mod html;
pub mod import;
pub(crate) mod layout;
pub mod lint;
pub mod markdown;
pub mod output;
pub mod pipeline;
pub mod presets;
pub(crate) mod render;
pub mod search;
pub(crate) mod serve;
pub(crate) mod theme;
pub(crate) mod url;
