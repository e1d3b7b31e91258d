//! quire: a documentation generator for help-centre setup guides.
//!
//! The pipeline reads top-down, one module per stage:
//! [`config`] -> [`content`] -> [`markdown`] (with [`checker`] blocks) ->
//! [`render`] (with [`theme`]) -> [`output`], driven by [`pipeline`].
//! [`cmd`] holds one file per subcommand.

pub mod cmd;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod html;
pub mod layout;
pub mod lint;
pub mod markdown;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod serve;
pub mod theme;
pub mod url;
