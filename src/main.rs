//! The `quire` binary: parses the command line, runs the command, and
//! reports every problem once, with its place and what to do.

use std::process::ExitCode;

use clap::Parser;
use quire::cmd::{Cli, print_diagnostic};
use quire::diagnostics::Error;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = cli.global.root.clone();
    match cli.execute() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            use std::io::Write as _;
            let red = anstyle::Style::new()
                .bold()
                .fg_color(Some(anstyle::AnsiColor::Red.into()));
            let mut err = anstream::stderr();
            match &error {
                Error::Diagnostics(diagnostics) => {
                    for d in diagnostics {
                        print_diagnostic(&root, d);
                    }
                    let _ = writeln!(err, "{red}error{red:#}: {error}; nothing was written");
                }
                other => {
                    let _ = write!(err, "{red}error{red:#}: {other}");
                    let mut cause = std::error::Error::source(other);
                    while let Some(c) = cause {
                        let _ = write!(err, ": {c}");
                        cause = c.source();
                    }
                    let _ = writeln!(err);
                }
            }
            ExitCode::FAILURE
        }
    }
}
