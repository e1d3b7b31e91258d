//! `quire check`: every check `quire build` runs — links and anchors,
//! images, headings, checker blocks, leaked secrets — without writing
//! anything, as text for people or JSON for CI.

use serde::Serialize;

use crate::cmd::{Global, Reporter};
use std::path::PathBuf;

use crate::diagnostics::{Diagnostic, Error, Position, Result};
use crate::output::NullSink;
use crate::pipeline::{BuildOptions, Project};

/// How `quire check` reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Messages with the source line, for people
    Human,
    /// One JSON object, for CI (schema 1)
    Json,
}

/// Run every check a build runs, and write nothing
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Output format
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// Fail on warnings too
    #[arg(long)]
    pub deny_warnings: bool,
    /// Check pages marked `draft: true` too
    #[arg(long)]
    pub drafts: bool,
    /// Also fetch every external link (good results are cached for a day)
    #[arg(long)]
    pub external: bool,
    /// Seconds to wait for each external link
    #[arg(long, default_value_t = 10, value_name = "SECONDS")]
    pub timeout: u64,
}

/// The JSON report: documented in the README, stable across releases
/// with the same `schema`.
#[derive(Serialize)]
struct Report<'a> {
    schema: u32,
    errors: usize,
    warnings: usize,
    diagnostics: &'a [Diagnostic],
    external_links: Vec<ExternalLink>,
}

#[derive(Serialize)]
struct ExternalLink {
    url: String,
    file: String,
    line: usize,
    col: usize,
}

/// Everything one check run found.
struct Findings {
    diagnostics: Vec<Diagnostic>,
    pages: usize,
    /// Links to other sites, with where they are written.
    external: Vec<(String, PathBuf, Position)>,
}

impl Findings {
    fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }
}

/// Runs `quire check`.
pub fn execute(args: CheckArgs, global: &Global, out: &mut Reporter) -> Result<()> {
    let findings = collect(&args, global)?;
    match args.format {
        Format::Json => print_json(&findings),
        Format::Human => print_human(&findings, args.external, out),
    }
    let (errors, warnings) = (findings.errors(), findings.warnings());
    if errors > 0 || (args.deny_warnings && warnings > 0) {
        return Err(Error::Usage(format!(
            "check failed: {errors} error{}, {warnings} warning{}{}",
            plural(errors),
            plural(warnings),
            if errors == 0 {
                " (--deny-warnings)"
            } else {
                ""
            }
        )));
    }
    Ok(())
}

/// Runs every check a build runs, writing nothing, and with `--external`
/// fetches the external links.
fn collect(args: &CheckArgs, global: &Global) -> Result<Findings> {
    let options = BuildOptions {
        drafts: args.drafts,
        // Nothing is written, so no search index is built.
        search: crate::pipeline::SearchWork::Skip,
        ..BuildOptions::default()
    };
    let (mut diagnostics, pages, external, levels) = match Project::load(&global.root, &options) {
        Ok(mut project) => {
            let pages = project.site.page_count();
            let found = match project.render_once(&NullSink) {
                Ok(summary) => summary.warnings,
                Err(Error::Diagnostics(found)) => found,
                Err(other) => return Err(other),
            };
            let levels = project.site.config.levels.clone();
            (found, pages, project.external_links(), levels)
        }
        Err(Error::Diagnostics(found)) => (found, 0, Vec::new(), Default::default()),
        Err(other) => return Err(other),
    };
    if args.external {
        let timeout = std::time::Duration::from_secs(args.timeout.max(1));
        diagnostics.extend(crate::lint::apply_levels(
            &levels,
            crate::lint::external_links(&global.root, &external, timeout),
        ));
    }
    Ok(Findings {
        diagnostics,
        pages,
        external,
    })
}

fn print_json(findings: &Findings) {
    let external_links = findings
        .external
        .iter()
        .map(|(url, file, position)| ExternalLink {
            url: url.clone(),
            file: file.display().to_string(),
            line: position.line,
            col: position.col,
        })
        .collect();
    let report = Report {
        schema: 1,
        errors: findings.errors(),
        warnings: findings.warnings(),
        diagnostics: &findings.diagnostics,
        external_links,
    };
    println!(
        "{}",
        serde_json::to_string_pretty(&report).unwrap_or_default()
    );
}

fn print_human(findings: &Findings, fetched: bool, out: &mut Reporter) {
    out.diagnostics(&findings.diagnostics);
    for (url, file, position) in &findings.external {
        out.detail(format!(
            "external link (not checked): {url} at {}:{}:{}",
            file.display(),
            position.line,
            position.col
        ));
    }
    let problems = match (findings.errors(), findings.warnings()) {
        (0, 0) => "no problems".to_owned(),
        (e, w) => format!("{e} error{}, {w} warning{}", plural(e), plural(w)),
    };
    let count = findings.external.len();
    let links = if fetched {
        format!("{count} external links checked")
    } else {
        format!("{count} external links not checked (--external checks them)")
    };
    out.info(format!(
        "checked {} pages: {problems}; {links}",
        findings.pages
    ));
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
