//! The `quire` binary: parses the command line, runs the command, and
//! reports every problem once, with its place and what to do.

use std::process::ExitCode;

use clap::Parser;
use quire::cmd::{Cli, print_diagnostics};
use quire::diagnostics::Error;

/// A build allocates on both cores and frees on either: mimalloc keeps
/// that off a shared lock, and keeps freed memory for the next page
/// rather than handing it back to the system and faulting it in again.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = cli.global.root.clone();
    match cli.execute() {
        Ok(()) => ExitCode::SUCCESS,
        Err(Error::Interrupted) => {
            eprintln!("{}", Error::Interrupted);
            ExitCode::from(130)
        }
        Err(error) => {
            use std::io::Write as _;
            let red = anstyle::Style::new()
                .bold()
                .fg_color(Some(anstyle::AnsiColor::Red.into()));
            let mut err = anstream::stderr();
            match &error {
                Error::Diagnostics(diagnostics) => {
                    print_diagnostics(&root, diagnostics);
                    let _ = writeln!(err, "{red}error{red:#}: {error}; nothing was written");
                }
                // Each variant's message already ends with its cause.
                other => {
                    let _ = writeln!(err, "{red}error{red:#}: {other}");
                }
            }
            ExitCode::FAILURE
        }
    }
}
