//! The command line: global flags and one module per subcommand.

/// `quire build`.
pub mod build;
/// `quire check`.
pub mod check;
/// `quire import`.
pub mod import;
/// `quire init`.
pub mod init;
/// `quire serve`.
pub mod serve;
/// `quire version cut`.
pub mod version;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::diagnostics::Result;

#[derive(Debug, Parser)]
#[command(
    name = "quire",
    version,
    about = "Build help-centre setup guides into a versioned static site, with an in-page credential checker"
)]
/// The whole command line.
pub struct Cli {
    /// Flags every subcommand takes.
    #[command(flatten)]
    pub global: Global,
    /// The subcommand to run.
    #[command(subcommand)]
    pub command: Command,
}

/// Flags every subcommand takes.
#[derive(Debug, Clone, clap::Args)]
pub struct Global {
    /// The site's folder (where site.toml is)
    #[arg(long, global = true, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
    /// Print only errors
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print more about what is being done
    #[arg(short, long, global = true)]
    pub verbose: bool,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Render every version of the site into a folder (default: public/)
    Build(build::BuildArgs),
    /// Run every check a build runs, and write nothing
    Check(check::CheckArgs),
    /// Serve the site with live reload while you write
    Serve(serve::ServeArgs),
    /// Create a new site that builds at once
    Init(init::InitArgs),
    /// Bring in pages from Docusaurus, MkDocs, mdBook or a folder of Markdown
    Import(import::ImportArgs),
    /// Manage docs versions
    #[command(subcommand)]
    Version(version::VersionCommand),
    /// Removes a previous output folder after `build` replaced it
    #[command(name = crate::output::REMOVE_OLD_COMMAND, hide = true)]
    RemoveOld {
        /// The `.NAME.old-PID` folder
        dir: PathBuf,
    },
}

impl Cli {
    /// Runs the subcommand.
    pub fn execute(self) -> Result<()> {
        let mut out = crate::cmd::Reporter::new(&self.global);
        match self.command {
            Command::Build(args) => build::execute(args, &self.global, &mut out),
            Command::Init(args) => init::execute(args, &self.global, &mut out),
            Command::Import(args) => import::execute(args, &self.global, &mut out),
            Command::Serve(args) => serve::execute(args, &self.global, out),
            Command::Check(args) => check::execute(args, &self.global, &mut out),
            Command::Version(command) => version::execute(command, &self.global, &mut out),
            Command::RemoveOld { dir } => {
                crate::output::remove_old_now(&dir);
                Ok(())
            }
        }
    }
}

/// Prints progress, warnings and summaries, as the global flags ask.
pub struct Reporter {
    /// Print only errors.
    pub quiet: bool,
    /// Print stage timings and other details.
    pub verbose: bool,
    /// The site root, for reading the files diagnostics point into.
    pub root: PathBuf,
}

impl Reporter {
    /// A reporter for the global flags.
    pub fn new(global: &Global) -> Self {
        Reporter {
            quiet: global.quiet,
            verbose: global.verbose,
            root: global.root.clone(),
        }
    }

    /// A line for everyone but `--quiet`.
    pub fn info(&mut self, line: impl std::fmt::Display) {
        if !self.quiet {
            let _ = anstream_println(&line.to_string());
        }
    }

    /// A line for everyone, `--quiet` too: what a command cannot be used
    /// without (the address `serve` listens on).
    pub fn always(&mut self, line: impl std::fmt::Display) {
        let _ = anstream_println(&line.to_string());
    }

    /// A line for `--verbose` only.
    pub fn detail(&mut self, line: impl std::fmt::Display) {
        if self.verbose {
            let _ = anstream_println(&line.to_string());
        }
    }

    /// Prints diagnostics; with `--quiet`, errors only.
    pub fn diagnostics(&mut self, diagnostics: &[crate::diagnostics::Diagnostic]) {
        if self.quiet {
            let errors: Vec<_> = diagnostics
                .iter()
                .filter(|d| d.is_error())
                .cloned()
                .collect();
            crate::cmd::print_diagnostics(&self.root, &errors);
        } else {
            crate::cmd::print_diagnostics(&self.root, diagnostics);
        }
    }
}

fn anstream_println(line: &str) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut out = anstream::stdout().lock();
    writeln!(out, "{line}")
}

/// Prints diagnostics like rustc, through codespan-reporting: the message
/// and code, the place, the source line with a caret under the column, and
/// the help. Each file is read and indexed once, however many diagnostics
/// it has. Colour only on a terminal, and never with NO_COLOR.
pub fn print_diagnostics(root: &std::path::Path, diagnostics: &[crate::diagnostics::Diagnostic]) {
    use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
    use codespan_reporting::files::SimpleFile;
    use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};
    use codespan_reporting::term::{self, Config, Styles, StylesWriter};
    use std::collections::HashMap;
    use std::io::IsTerminal;

    let colour = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let stream = StandardStream::stderr(if colour {
        ColorChoice::Auto
    } else {
        ColorChoice::Never
    });
    let styles = Styles::default();
    let config = Config::default();
    let mut writer = StylesWriter::new(stream.lock(), &styles);
    let mut files: HashMap<&std::path::Path, (SimpleFile<String, String>, Vec<usize>)> =
        HashMap::new();
    for d in diagnostics {
        let (file, starts) = files.entry(d.file.as_path()).or_insert_with(|| {
            let text = std::fs::read_to_string(root.join(&d.file)).unwrap_or_default();
            let starts = line_starts(&text);
            (SimpleFile::new(d.file.display().to_string(), text), starts)
        });
        let text = file.source().as_str();
        let mut report = match d.severity {
            crate::diagnostics::Severity::Error => Report::error(),
            crate::diagnostics::Severity::Warning => Report::warning(),
        }
        .with_code(d.code.name())
        .with_message(d.full_message());
        let mut notes = Vec::new();
        match byte_offset(text, starts, d.position.line, d.position.col) {
            Some(start) => {
                let end = text[start..]
                    .chars()
                    .next()
                    .map_or(start, |c| start + c.len_utf8());
                report = report.with_labels(vec![Label::primary((), start..end)]);
            }
            None => notes.push(format!(
                "at {}:{}:{}",
                d.file.display(),
                d.position.line,
                d.position.col
            )),
        }
        if let Some(help) = &d.help {
            notes.push(format!("help: {help}"));
        }
        report = report.with_notes(notes);
        if term::emit_to_write_style(&mut writer, &config, &*file, &report).is_err() {
            eprintln!("{d}");
        }
    }
}

/// Where each line of `text` starts.
fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

/// The byte offset of a 1-based line and character column in `text`.
fn byte_offset(text: &str, starts: &[usize], line: usize, col: usize) -> Option<usize> {
    let start = *starts.get(line.checked_sub(1)?)?;
    let rest = &text[start..];
    let line_text = rest.split('\n').next().unwrap_or("");
    let within = line_text
        .char_indices()
        .nth(col.saturating_sub(1))
        .map_or(line_text.len(), |(i, _)| i);
    (start + within <= text.len() && !text.is_empty()).then_some(start + within)
}
