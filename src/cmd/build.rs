//! `quire build`: renders every version into the output folder, which is
//! replaced whole, and only when the whole build succeeded.

use std::path::PathBuf;

use crate::cmd::{Global, Reporter};
use crate::diagnostics::{Error, Result};
use crate::output::{Cleanup, Staging};
use crate::pipeline::{self, BuildOptions};

/// Render every version of the site into a folder (default: public/)
#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// Output folder, relative to the site root. It is replaced whole: a
    /// non-empty folder that quire did not write is refused without --force
    #[arg(long, short, default_value = "public", value_name = "DIR")]
    pub out: PathBuf,
    /// Replace the output folder even if quire did not write it (never
    /// the site's own files, and never through a symbolic link)
    #[arg(long)]
    pub force: bool,
    /// Base URL to build for, instead of site.toml's base_url
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Include pages marked `draft: true`
    #[arg(long)]
    pub drafts: bool,
}

/// Runs `quire build`.
pub fn execute(args: BuildArgs, global: &Global, out: &mut Reporter) -> Result<()> {
    let started = std::time::Instant::now();
    let root = &global.root;
    let target = crate::output::lexical(&if args.out.is_absolute() {
        args.out.clone()
    } else {
        root.join(&args.out)
    });
    crate::output::check_target(root, &target, args.force)
        .map_err(|refusal| Error::Usage(refusal.message(&args.out)))?;
    crate::output::remove_staging_on_signal();
    let staging = Staging::new(&target, Cleanup::for_this_run())
        .map_err(|e| Error::io("cannot create a staging folder beside", &target, e))?;
    let progress = show_progress(out).then(|| std::sync::Arc::new(pipeline::Progress::default()));
    let options = BuildOptions {
        drafts: args.drafts,
        base_url: args.base_url,
        progress: progress.clone(),
        ..BuildOptions::default()
    };
    let line = progress.map(ProgressLine::start);
    out.detail(format!(
        "building {} into {}",
        root.display(),
        target.display()
    ));
    let interrupted = |error: Error| {
        if crate::output::interrupted() {
            Error::Interrupted
        } else {
            error
        }
    };
    let built = pipeline::build(root, &options, &staging.sink()).map_err(interrupted);
    // The line goes before anything else is printed, error or summary.
    drop(line);
    let summary = built?;
    let swap = std::time::Instant::now();
    staging
        .commit()
        .map_err(|e| interrupted(Error::io("cannot move the new site into", &target, e)))?;
    for stage in &summary.stages {
        let cores = stage
            .cpu
            .map(|cpu| {
                format!(
                    ", CPU {} ms ({:.1} cores)",
                    cpu.as_millis(),
                    cpu.as_secs_f64() / stage.wall.as_secs_f64()
                )
            })
            .unwrap_or_default();
        out.detail(format!(
            "  {}: {} ms{cores}",
            stage.name,
            stage.wall.as_millis()
        ));
    }
    out.detail(format!(
        "  replace the output folder: {} ms",
        swap.elapsed().as_millis()
    ));
    if let Some(peak) = peak_memory_mb() {
        out.detail(format!("  peak memory: {peak} MB"));
    }
    out.diagnostics(&summary.warnings);
    let warnings = match summary.warnings.len() {
        0 => String::new(),
        1 => ", 1 warning".to_owned(),
        n => format!(", {n} warnings"),
    };
    out.info(format!(
        "built {} version{}, {} pages in {} ms{warnings} -> {}/",
        summary.versions,
        if summary.versions == 1 { "" } else { "s" },
        summary.pages,
        started.elapsed().as_millis(),
        args.out.display().to_string().trim_end_matches('/'),
    ));
    Ok(())
}

/// Whether a build shows its progress: on a terminal only, never with
/// `--quiet`, in a pipe, in CI logs or on a terminal that cannot redraw
/// a line.
fn show_progress(out: &Reporter) -> bool {
    use std::io::IsTerminal as _;
    !out.quiet
        && std::io::stderr().is_terminal()
        && std::env::var_os("CI").is_none()
        && std::env::var("TERM").map_or(true, |term| term != "dumb")
}

/// A line on stderr, redrawn ten times a second once a build has taken a
/// second, and wiped when dropped.
struct ProgressLine {
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl ProgressLine {
    fn start(progress: std::sync::Arc<pipeline::Progress>) -> ProgressLine {
        use std::sync::atomic::Ordering::Relaxed;
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let stopped = stop.clone();
        let thread = std::thread::spawn(move || {
            let started = std::time::Instant::now();
            let mut shown = false;
            while !stopped.load(Relaxed) {
                std::thread::sleep(std::time::Duration::from_millis(100));
                if stopped.load(Relaxed) || started.elapsed() < std::time::Duration::from_secs(1) {
                    continue;
                }
                eprint!("\r\x1b[2K{}", progress.line());
                shown = true;
            }
            if shown {
                eprint!("\r\x1b[2K");
            }
        });
        ProgressLine {
            stop,
            thread: Some(thread),
        }
    }
}

impl Drop for ProgressLine {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// This process's peak resident memory (Linux), for `--verbose`.
fn peak_memory_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}
