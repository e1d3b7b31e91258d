//! `quire serve`: the site built into memory and served on loopback,
//! rebuilt as its sources change, with live reload.
//!
//! The order of a rebuild is what makes the preview trustworthy: the new
//! files are swapped in first, and only then are browsers told to reload,
//! so a reload never shows a half-built site. A broken file keeps the last
//! good site served, with the error shown over it.

pub(crate) mod http;
pub(crate) mod live;
pub(crate) mod watch;

use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, PoisonError, RwLock, RwLockReadGuard};
use std::time::Instant;

use tokio::sync::broadcast;

use crate::diagnostics::{Diagnostic, Error, Result};
use crate::output::MemorySink;
use crate::pipeline::{BuildOptions, PageUpdate, Project};
use watch::Change;

/// What is being served now.
#[derive(Default)]
pub(crate) struct Snapshot {
    pub files: HashMap<String, Arc<[u8]>>,
    /// The errors standing now, shown over the last good site: those of
    /// the last full build, updated file by file as pages are re-rendered.
    pub error: Option<String>,
    /// The errors behind `error`, by the file they are in.
    problems: Vec<Diagnostic>,
    /// A failure of the last full build that is not in any file.
    failure: Option<String>,
    /// The assets of the last good full build: name to URL.
    assets: BTreeMap<String, String>,
    /// Which version of the site `files` is, for pages to say which they
    /// were served from (see [`live::stamp`]): counted up each time the
    /// pages in it change, from a start of its own to each run of the
    /// server, so that a page served before a restart is not taken for
    /// one of the new server's. Files a page only fetches (the search
    /// index, `llms-full.txt`) do not count.
    pub build: u64,
}

impl Snapshot {
    /// Recomputes `error` from the standing problems.
    fn settle(&mut self) {
        self.error = match (&self.failure, self.problems.is_empty()) {
            (Some(text), _) => Some(text.clone()),
            (None, true) => None,
            (None, false) => Some(
                self.problems
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("\n\n"),
            ),
        };
    }
}

pub(crate) struct Shared {
    snapshot: RwLock<Snapshot>,
    events: broadcast::Sender<live::Event>,
}

impl Shared {
    pub(crate) fn snapshot(&self) -> RwLockReadGuard<'_, Snapshot> {
        self.snapshot.read().unwrap_or_else(PoisonError::into_inner)
    }

    fn update(&self, change: impl FnOnce(&mut Snapshot)) {
        change(
            &mut self
                .snapshot
                .write()
                .unwrap_or_else(PoisonError::into_inner),
        );
    }
}

pub(crate) struct Options {
    pub root: PathBuf,
    pub address: SocketAddr,
    pub open: bool,
}

/// Reports what the server does, as the command line asked.
pub(crate) trait Log: Send + 'static {
    fn info(&mut self, line: &str);
    /// A line `--quiet` does not hide.
    fn always(&mut self, line: &str);
    fn diagnostics(&mut self, diagnostics: &[Diagnostic]);
}

pub(crate) fn run(options: Options, log: impl Log) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Server(format!("cannot start the server: {e}")))?;
    runtime.block_on(serve(options, log))
}

async fn serve(options: Options, mut log: impl Log) -> Result<()> {
    let listener = tokio::net::TcpListener::bind(options.address)
        .await
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::AddrInUse {
                Error::Server(format!(
                    "port {} on {} is in use; try --port {}, or --port 0 for any free port",
                    options.address.port(),
                    options.address.ip(),
                    options.address.port().saturating_add(1)
                ))
            } else {
                Error::Server(format!("cannot listen on {}: {e}", options.address))
            }
        })?;
    let address = listener
        .local_addr()
        .map_err(|e| Error::Server(format!("cannot listen: {e}")))?;
    let url = format!("http://{address}/");
    let build_options = BuildOptions {
        drafts: true,
        base_url: Some(url.clone()),
        body_end: live::script_tag(),
        search: crate::pipeline::SearchWork::Later,
        progress: None,
    };
    let (events, _) = broadcast::channel(64);
    let shared = Arc::new(Shared {
        snapshot: RwLock::new(Snapshot {
            build: first_build(),
            ..Snapshot::default()
        }),
        events,
    });

    let root = options.root.clone();
    let (project, first) = {
        let (root, build_options) = (root.clone(), build_options.clone());
        tokio::task::spawn_blocking(move || full_build(&root, &build_options))
            .await
            .map_err(|e| Error::Server(format!("the first build stopped: {e}")))?
    };
    report(&mut log, &shared, first, None, false);
    log.always(&format!("serving {url} (Ctrl-C to stop)"));

    let (changes_tx, changes) = tokio::sync::mpsc::unbounded_channel();
    let watcher = watch::start(&root, changes_tx)
        .map_err(|e| Error::Server(format!("cannot watch {}: {e}", root.display())))?;
    let rebuilder = Rebuilder {
        root,
        options: build_options,
        project,
        shared: shared.clone(),
        log,
        watcher,
    };
    tokio::spawn(rebuilder.run(changes));

    if options.open && open::that_detached(&url).is_err() {
        eprintln!("could not open a browser; visit {url}");
    }
    let app = http::router(shared, address);
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
        .map_err(|e| Error::Server(format!("the server stopped: {e}")))?;
    Ok(())
}

/// A whole site built into memory.
struct FullBuild {
    files: HashMap<String, Arc<[u8]>>,
    /// Asset name to URL, as the build wrote them.
    assets: BTreeMap<String, String>,
    pages: usize,
    warnings: Vec<Diagnostic>,
}

/// The result of a build, for the snapshot and the browser.
enum Outcome {
    Full(FullBuild),
    /// Only these pages were re-rendered; the files of those without
    /// errors are in `files`.
    Pages {
        files: HashMap<String, Arc<[u8]>>,
        updates: Vec<PageUpdate>,
    },
    Failed(Vec<Diagnostic>, String),
}

fn full_build(root: &Path, options: &BuildOptions) -> (Option<Project>, Outcome) {
    let project = match Project::load(root, options) {
        Ok(project) => project,
        Err(error) => return (None, failed(error)),
    };
    let sink = MemorySink::default();
    let outcome = match project.render_all(&sink) {
        Ok(summary) => Outcome::Full(FullBuild {
            files: sink.into_files(),
            assets: project.assets.clone(),
            pages: summary.pages,
            warnings: summary.warnings,
        }),
        Err(error) => failed(error),
    };
    (Some(project), outcome)
}

fn failed(error: Error) -> Outcome {
    let diagnostics = error.diagnostics().to_vec();
    let text = if diagnostics.is_empty() {
        error.to_string()
    } else {
        diagnostics
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n\n")
    };
    Outcome::Failed(diagnostics, text)
}

/// Applies an outcome: swaps files in, then tells the browsers. With
/// `restyle`, a full build swaps the changed stylesheets in the page
/// instead of reloading it.
fn report(
    log: &mut impl Log,
    shared: &Shared,
    outcome: Outcome,
    started: Option<Instant>,
    restyle: bool,
) {
    let took = started
        .map(|s| format!(" in {} ms", s.elapsed().as_millis()))
        .unwrap_or_default();
    match outcome {
        Outcome::Full(build) => report_full(log, shared, build, &took, restyle),
        Outcome::Pages { files, updates } => report_pages(log, shared, files, &updates, &took),
        Outcome::Failed(diagnostics, text) => report_failure(log, shared, &diagnostics, text),
    }
}

/// Where this run of the server starts counting versions of the site:
/// the clock, in microseconds, so no two runs share numbers.
fn first_build() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |since| {
            u64::try_from(since.as_micros()).unwrap_or(u64::MAX / 2)
        })
}

/// A whole new site: served, then every browser reloads (or swaps its
/// stylesheets, when only they changed).
fn report_full(log: &mut impl Log, shared: &Shared, build: FullBuild, took: &str, restyle: bool) {
    let FullBuild {
        files,
        assets,
        pages,
        warnings,
    } = build;
    log.diagnostics(&warnings);
    let mut swaps = Vec::new();
    shared.update(|s| {
        if restyle {
            swaps = stylesheet_swaps(&s.assets, &assets);
        }
        s.files = files;
        s.build += 1;
        s.assets = assets;
        s.problems.clear();
        s.failure = None;
        s.settle();
    });
    let verb = if restyle { "restyled" } else { "built" };
    log.info(&format!("{verb} {pages} pages{took}"));
    let _ = shared.events.send(if swaps.is_empty() {
        live::Event::Reload {
            path: None,
            ok: true,
        }
    } else {
        live::Event::Css { swaps }
    });
}

/// Stylesheets whose URL changed between two builds: (old URL, new URL).
fn stylesheet_swaps(
    old: &BTreeMap<String, String>,
    new: &BTreeMap<String, String>,
) -> Vec<(String, String)> {
    new.iter()
        .filter(|(name, _)| name.ends_with(".css"))
        .filter_map(|(name, url)| {
            old.get(name)
                .filter(|o| *o != url)
                .map(|o| (o.clone(), url.clone()))
        })
        .collect()
}

/// Pages re-rendered alone: the good ones are served and their browsers
/// reload; errors are kept file by file, so another page's error stands
/// until that page is fixed.
fn report_pages(
    log: &mut impl Log,
    shared: &Shared,
    files: HashMap<String, Arc<[u8]>>,
    updates: &[PageUpdate],
    took: &str,
) {
    for update in updates {
        log.diagnostics(&update.diagnostics);
    }
    let mut before = None;
    let mut error = None;
    shared.update(|s| {
        before.clone_from(&s.error);
        if !files.is_empty() {
            s.files.extend(files);
            s.build += 1;
        }
        for update in updates {
            s.problems.retain(|d| !update.checked.contains(&d.file));
            s.problems
                .extend(update.diagnostics.iter().filter(|d| d.is_error()).cloned());
        }
        s.settle();
        error.clone_from(&s.error);
    });
    if let Some(text) = &error
        && before.as_ref() != Some(text)
    {
        log.info("the build failed; still serving the last good version");
        let _ = shared
            .events
            .send(live::Event::Error { text: text.clone() });
    }
    let urls: Vec<&str> = updates
        .iter()
        .filter(|u| u.page_ok())
        .map(|u| u.url.as_str())
        .collect();
    if urls.is_empty() {
        return;
    }
    log.info(&format!("updated {}{took}", urls.join(", ")));
    // As a browser writes it in `location.pathname`.
    let path = match urls.as_slice() {
        [url] => Some(browser_path(url)),
        _ => None,
    };
    let _ = shared.events.send(live::Event::Reload {
        path,
        ok: error.is_none(),
    });
}

/// A full build that failed: the last good site stays served, with the
/// errors over it.
fn report_failure(log: &mut impl Log, shared: &Shared, diagnostics: &[Diagnostic], text: String) {
    let mut changed = None;
    shared.update(|s| {
        let before = s.error.take();
        s.problems = diagnostics
            .iter()
            .filter(|d| d.is_error())
            .cloned()
            .collect();
        s.failure = s.problems.is_empty().then(|| text.clone());
        s.settle();
        if s.error != before {
            changed.clone_from(&s.error);
        }
    });
    // Saved again, still broken the same way: nothing new to say.
    let Some(shown) = changed else { return };
    log.diagnostics(diagnostics);
    if diagnostics.is_empty() {
        log.info(&format!("error: {text}"));
    }
    log.info("the build failed; still serving the last good version");
    let _ = shared.events.send(live::Event::Error { text: shown });
}

/// A URL path as a browser shows it in `location.pathname`: characters
/// outside ASCII and those a path may not hold percent-encoded.
pub(crate) fn browser_path(path: &str) -> String {
    percent_encoding::utf8_percent_encode(path, crate::url::URL_PATH).to_string()
}

/// Rebuilds what each batch of changes asks for, one batch at a time, and
/// reports it. Owns the project between batches.
struct Rebuilder<L: Log> {
    root: PathBuf,
    options: BuildOptions,
    project: Option<Project>,
    shared: Arc<Shared>,
    log: L,
    watcher: watch::Watcher,
}

impl<L: Log> Rebuilder<L> {
    async fn run(mut self, mut changes: tokio::sync::mpsc::UnboundedReceiver<Vec<PathBuf>>) {
        // The pages are served: now their search index.
        self.reindex(None).await;
        while let Some(mut paths) = watch::next_batch(&mut changes).await {
            // Take every event that came during the last rebuild too: one
            // rebuild for all.
            while let Ok(more) = changes.try_recv() {
                paths.extend(more);
            }
            self.watch_new_folders(&paths);
            let change = {
                let project = self.project.as_ref();
                let is_page = |path: &Path| project.is_some_and(|p| p.knows(path));
                watch::classify(&self.root, &paths, is_page)
            };
            if let Some(change) = change {
                self.rebuild(change).await;
            }
        }
    }

    /// A source folder created while serving (templates/, static/…).
    fn watch_new_folders(&mut self, paths: &[PathBuf]) {
        for dir in watch::WATCHED {
            let path = self.root.join(dir);
            if paths.contains(&path) && path.is_dir() {
                let _ = notify::Watcher::watch(
                    &mut self.watcher,
                    &path,
                    notify::RecursiveMode::Recursive,
                );
            }
        }
    }

    async fn rebuild(&mut self, change: Change) {
        let started = Instant::now();
        let restyle = matches!(change, Change::Stylesheets);
        let (root, options) = (self.root.clone(), self.options.clone());
        let project = self.project.take();
        let job = tokio::task::spawn_blocking(move || match (change, project) {
            (Change::Pages(pages), Some(project)) => update_pages(&root, &options, project, &pages),
            _ => full_build(&root, &options),
        });
        match job.await {
            Ok((project, outcome)) => {
                self.project = project;
                // Search follows the pages: all of it after a full build,
                // an edited page's version after an update.
                let reindex = match &outcome {
                    Outcome::Full(_) => Some(None),
                    Outcome::Pages { updates, .. } => {
                        let mut versions: Vec<usize> = updates
                            .iter()
                            .filter(|u| u.page_ok())
                            .map(|u| u.version)
                            .collect();
                        versions.dedup();
                        match versions.as_slice() {
                            [] => None,
                            [one] => Some(Some(*one)),
                            _ => Some(None),
                        }
                    }
                    Outcome::Failed(..) => None,
                };
                let relist = match (&outcome, reindex) {
                    (Outcome::Pages { .. }, Some(only)) => Some(only),
                    _ => None,
                };
                report(&mut self.log, &self.shared, outcome, Some(started), restyle);
                if let Some(only) = relist {
                    self.relist(only).await;
                }
                if let Some(only) = reindex {
                    self.reindex(only).await;
                }
            }
            // The build thread died: start over with a full build.
            Err(_) => self
                .log
                .info("the rebuild stopped unexpectedly; the next change rebuilds everything"),
        }
    }
}

impl<L: Log> Rebuilder<L> {
    /// Runs `work` on the project off the server's own threads, and keeps
    /// the project for the next change. If the work dies, says `what`
    /// failed; with the project gone, the next change rebuilds everything.
    async fn with_project<T: Send + 'static>(
        &mut self,
        what: &str,
        work: impl FnOnce(&Project) -> T + Send + 'static,
    ) -> Option<T> {
        let project = self.project.take()?;
        let job = tokio::task::spawn_blocking(move || {
            let done = work(&project);
            (project, done)
        });
        let Ok((project, done)) = job.await else {
            self.log
                .info(&format!("{what}; the next change rebuilds everything"));
            return None;
        };
        self.project = Some(project);
        Some(done)
    }

    /// After pages were re-rendered alone: the `llms-full.txt` of version
    /// `only`, or of every version, put together again from the Markdown
    /// copies served now, so that it says what the pages say. (A full
    /// build writes it whole; `llms.txt` lists titles and descriptions,
    /// whose change makes a full build.) About 50 ms for a version of
    /// 10,000 pages (18 MB).
    async fn relist(&mut self, only: Option<usize>) {
        let shared = self.shared.clone();
        let files = self
            .with_project("llms-full.txt could not be updated", move |project| {
                let versions: Vec<usize> = match only {
                    Some(v) => vec![v],
                    None => (0..project.site.versions.len()).collect(),
                };
                let snapshot = shared.snapshot();
                versions
                    .into_iter()
                    .filter_map(|v| project.llms_full(v, |path| snapshot.files.get(path).cloned()))
                    .collect::<Vec<_>>()
            })
            .await;
        let Some(files) = files.filter(|files| !files.is_empty()) else {
            return;
        };
        self.shared.update(|s| {
            s.files.extend(
                files
                    .into_iter()
                    .map(|(path, bytes)| (path, Arc::from(bytes))),
            );
        });
    }

    /// Builds the search index of version `only`, or of every version,
    /// from what the project kept of each page, and swaps it in for the
    /// one served.
    async fn reindex(&mut self, only: Option<usize>) {
        let Some(project) = &self.project else {
            return;
        };
        if !project.site.config.search.enabled {
            return;
        }
        let names: Vec<String> = match only {
            Some(v) => vec![project.site.versions[v].name.clone()],
            None => project
                .site
                .versions
                .iter()
                .map(|v| v.name.clone())
                .collect(),
        };
        let Some(files) = self
            .with_project("the search index could not be built", move |project| {
                project.search_files(only)
            })
            .await
        else {
            return;
        };
        let dirs: Vec<String> = names
            .iter()
            .map(|name| format!("{}/{name}/", crate::search::DIR))
            .collect();
        self.shared.update(|s| {
            s.files
                .retain(|path, _| !dirs.iter().any(|dir| path.starts_with(dir.as_str())));
            s.files.extend(
                files
                    .into_iter()
                    .map(|(path, bytes)| (path, Arc::from(bytes))),
            );
        });
    }
}

/// Re-renders the edited pages alone, or everything when one of them
/// changed what other pages show.
fn update_pages(
    root: &Path,
    options: &BuildOptions,
    mut project: Project,
    pages: &[PathBuf],
) -> (Option<Project>, Outcome) {
    let mut files = HashMap::new();
    let mut updates = Vec::new();
    for page in pages {
        let sink = MemorySink::default();
        match project.update_page(page, &sink) {
            Ok(Some(update)) => {
                if update.page_ok() {
                    files.extend(sink.into_files());
                }
                updates.push(update);
            }
            Ok(None) => return full_build(root, options),
            Err(error) => return (Some(project), failed(error)),
        }
    }
    (Some(project), Outcome::Pages { files, updates })
}
