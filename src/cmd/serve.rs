//! `quire serve`: builds the site into memory, serves it on loopback and
//! rebuilds it as you write, with live reload.

use std::net::{IpAddr, SocketAddr};

use crate::cmd::{Global, Reporter};
use crate::diagnostics::{Diagnostic, Result};
use crate::serve::{self, Log, Options};

/// Serve the site with live reload while you write
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Port to listen on; 0 picks a free one
    #[arg(long, short, default_value_t = 1111)]
    pub port: u16,
    /// Address to listen on
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// Open the site in the default browser
    #[arg(long)]
    pub open: bool,
}

struct Terminal {
    reporter: Reporter,
}

impl Log for Terminal {
    fn info(&mut self, line: &str) {
        self.reporter.info(line);
    }

    fn always(&mut self, line: &str) {
        self.reporter.always(line);
    }

    fn diagnostics(&mut self, diagnostics: &[Diagnostic]) {
        self.reporter.diagnostics(diagnostics);
    }
}

/// Runs `quire serve` until Ctrl-C.
pub fn execute(args: ServeArgs, global: &Global, out: Reporter) -> Result<()> {
    let root = std::fs::canonicalize(&global.root).unwrap_or_else(|_| global.root.clone());
    let options = Options {
        root,
        address: SocketAddr::new(args.bind, args.port),
        open: args.open,
    };
    serve::run(options, Terminal { reporter: out })
}
