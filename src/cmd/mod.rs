//! The command line: global flags and one module per subcommand.

pub mod build;
pub mod check;
pub mod init;
pub mod serve;
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
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
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
    /// Manage docs versions
    #[command(subcommand)]
    Version(version::VersionCommand),
}

impl Cli {
    pub fn execute(self) -> Result<()> {
        let mut out = crate::cmd::Reporter::new(&self.global);
        match self.command {
            Command::Build(args) => build::execute(args, &self.global, &mut out),
            Command::Init(args) => init::execute(args, &self.global, &mut out),
            Command::Serve(args) => serve::execute(args, &self.global, out),
            Command::Check(args) => check::execute(args, &self.global, &mut out),
            Command::Version(command) => version::execute(command, &self.global, &mut out),
        }
    }
}

/// Prints progress, warnings and summaries, as the global flags ask.
pub struct Reporter {
    pub quiet: bool,
    pub verbose: bool,
    pub root: PathBuf,
}

impl Reporter {
    pub fn new(global: &Global) -> Self {
        Reporter {
            quiet: global.quiet,
            verbose: global.verbose,
            root: global.root.clone(),
        }
    }

    pub fn info(&mut self, line: impl std::fmt::Display) {
        if !self.quiet {
            let _ = anstream_println(&line.to_string());
        }
    }

    pub fn detail(&mut self, line: impl std::fmt::Display) {
        if self.verbose {
            let _ = anstream_println(&line.to_string());
        }
    }

    pub fn diagnostics(&mut self, diagnostics: &[crate::diagnostics::Diagnostic]) {
        for d in diagnostics {
            if self.quiet && !d.is_error() {
                continue;
            }
            crate::cmd::print_diagnostic(&self.root, d);
        }
    }
}

fn anstream_println(line: &str) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut out = anstream::stdout().lock();
    writeln!(out, "{line}")
}

/// Prints a diagnostic like rustc: the message, the place, the source line
/// with a caret under the column, and the help.
pub fn print_diagnostic(root: &std::path::Path, d: &crate::diagnostics::Diagnostic) {
    use anstyle::{AnsiColor, Style};
    use std::io::Write as _;
    let (label, colour) = match d.severity {
        crate::diagnostics::Severity::Error => ("error", AnsiColor::Red),
        crate::diagnostics::Severity::Warning => ("warning", AnsiColor::Yellow),
    };
    let strong = Style::new().bold().fg_color(Some(colour.into()));
    let blue = Style::new().bold().fg_color(Some(AnsiColor::Blue.into()));
    let bold = Style::new().bold();
    let mut err = anstream::stderr().lock();
    let _ = writeln!(
        err,
        "{strong}{label}[{}]{strong:#}{bold}: {}{bold:#}",
        d.code, d.message
    );
    let _ = writeln!(
        err,
        "  {blue}-->{blue:#} {}:{}:{}",
        d.file.display(),
        d.position.line,
        d.position.col
    );
    let line = std::fs::read_to_string(root.join(&d.file))
        .ok()
        .and_then(|text| {
            text.lines()
                .nth(d.position.line.saturating_sub(1))
                .map(str::to_owned)
        });
    if let Some(line) = line {
        let number = d.position.line.to_string();
        let pad = " ".repeat(number.len());
        let caret_pad: String = line
            .chars()
            .take(d.position.col.saturating_sub(1))
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        let _ = writeln!(err, "{pad} {blue}|{blue:#}");
        let _ = writeln!(err, "{blue}{number} |{blue:#} {line}");
        let _ = writeln!(err, "{pad} {blue}|{blue:#} {caret_pad}{strong}^{strong:#}");
    }
    if let Some(help) = &d.help {
        let _ = writeln!(err, "  {bold}= help:{bold:#} {help}");
    }
    let _ = writeln!(err);
}
