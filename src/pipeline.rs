//! The build pipeline: config -> content -> markdown -> render -> output.
//!
//! `quire build` and `quire serve` both run [`build`]; only the sink
//! differs (a staging folder on disk, or memory).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde::Serialize;

use crate::config::{Config, VersionStatus};
use crate::content::{self, Date, LoadOptions, Site};
use crate::deploy;
use crate::diagnostics::{Code, Diagnostic, Error, Result, into_result};
use crate::layout;
use crate::lint::{self, PageFacts};
use crate::markdown;
use crate::markdown::PageLinks;
use crate::output::{NullSink, Sink};
use crate::render::{NavLink, Renderer};
use crate::search::{self, PageDoc};
use crate::theme::{self, Theme};

/// How to build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Include pages marked `draft: true`.
    pub drafts: bool,
    /// Overrides `base_url` from site.toml.
    pub base_url: Option<String>,
    /// HTML added at the end of every page's body (live reload in serve).
    pub body_end: String,
    /// What to do about the search index.
    pub search: SearchWork,
    /// Counts the work as it is done, for a progress line.
    pub progress: Option<std::sync::Arc<Progress>>,
}

/// How far a build is, read by another thread (`quire build`'s progress
/// line on a terminal).
#[derive(Debug, Default)]
pub struct Progress {
    /// Pages to render; 0 while the content is read.
    pub total: std::sync::atomic::AtomicUsize,
    /// Pages rendered so far.
    pub pages: std::sync::atomic::AtomicUsize,
}

impl Progress {
    /// What the build is doing, in a line: reading, rendering N of M
    /// pages, or writing the rest.
    pub fn line(&self) -> String {
        use std::sync::atomic::Ordering::Relaxed;
        let (total, pages) = (self.total.load(Relaxed), self.pages.load(Relaxed));
        if total == 0 {
            "reading the content…".to_owned()
        } else if pages < total {
            format!("rendering pages: {pages} of {total}")
        } else {
            format!("{total} pages rendered; writing the search index and the other files…")
        }
    }
}

/// What a full render does about search (when `[search]` is on).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SearchWork {
    /// Write every version's index (`build`).
    #[default]
    Write,
    /// Keep what each page gives the index, for [`Project::search_files`]
    /// once the pages are served (`serve`).
    Later,
    /// Nothing: the pages are only checked (`check`).
    Skip,
}

/// What re-rendering one page found.
#[derive(Debug)]
pub struct PageUpdate {
    /// The page's URL, with the base path.
    pub url: String,
    /// The index of the page's version.
    pub version: usize,
    /// The page's file.
    pub source: PathBuf,
    /// The files whose diagnostics were looked for again: the page, and
    /// the pages that link into it. Earlier diagnostics of these files are
    /// out of date; those of other files still stand.
    pub checked: Vec<PathBuf>,
    /// What was found, after `[check]`.
    pub diagnostics: Vec<Diagnostic>,
}

impl PageUpdate {
    /// Whether the page itself has no errors, so its new HTML may be
    /// served (errors of pages linking to it do not hold it back).
    pub fn page_ok(&self) -> bool {
        !self
            .diagnostics
            .iter()
            .any(|d| d.is_error() && d.file == self.source)
    }
}

/// What a successful build did.
#[derive(Debug)]
pub struct Summary {
    /// Versions built.
    pub versions: usize,
    /// Pages rendered.
    pub pages: usize,
    /// Files written.
    pub files: usize,
    /// How long it took.
    pub elapsed: Duration,
    /// Warnings (errors fail the build).
    pub warnings: Vec<Diagnostic>,
    /// How long each stage took, for `--verbose`: wall time, and the CPU
    /// time of all threads where it can be read.
    pub stages: Vec<Stage>,
}

/// One stage of a build, for `--verbose`.
#[derive(Debug)]
pub struct Stage {
    /// What was done.
    pub name: &'static str,
    /// Wall time.
    pub wall: Duration,
    /// CPU time of all threads, user and system: over `wall`, how many
    /// cores the stage kept busy. Only for a stage of at least
    /// [`Stage::TIMED`]: the kernel counts another core's running thread
    /// to a scheduler tick (up to 4 ms, or 10 ms on some systems), so a
    /// stage of a few milliseconds could read as four cores busy on two.
    pub cpu: Option<Duration>,
}

impl Stage {
    /// The shortest stage whose CPU time is given: a tick off on each of a
    /// few threads is then a tenth of a core or so, not whole cores.
    pub const TIMED: Duration = Duration::from_millis(100);
}

/// When a stage starts: its wall clock and the CPU time used so far.
#[derive(Clone, Copy)]
struct Mark(Instant, Option<Duration>);

impl Mark {
    fn now() -> Mark {
        Mark(Instant::now(), cpu_time())
    }

    /// The stage from this mark to now.
    fn stage(self, name: &'static str) -> Stage {
        let wall = self.0.elapsed();
        Stage {
            name,
            wall,
            cpu: cpu_time()
                .zip(self.1)
                .filter(|_| wall >= Stage::TIMED)
                .map(|(now, then)| now.saturating_sub(then)),
        }
    }
}

/// The CPU time this process's threads have run (Linux's schedstat, in
/// nanoseconds), for the stages' figures; `None` elsewhere. A thread that
/// ends while it is read is left out (the build's threads, rayon's, last
/// the whole build). The kernel brings the figure of a thread running on
/// another core up to date only at a scheduler tick: see [`Stage::cpu`].
fn cpu_time() -> Option<Duration> {
    let mut total = 0u64;
    for task in std::fs::read_dir("/proc/self/task").ok()?.flatten() {
        let Ok(stat) = std::fs::read_to_string(task.path().join("schedstat")) else {
            continue;
        };
        total += stat.split_whitespace().next()?.parse::<u64>().ok()?;
    }
    Some(Duration::from_nanos(total))
}

/// Builds the site in `root` into `sink`. On error nothing is promised
/// about the sink's contents: the caller discards them.
pub fn build(root: &Path, options: &BuildOptions, sink: &dyn Sink) -> Result<Summary> {
    let started = Instant::now();
    let load = Mark::now();
    let mut project = Project::load(root, options)?;
    if let Some(progress) = &options.progress {
        let pages = project.site.versions.iter().map(|v| v.pages.len()).sum();
        progress
            .total
            .store(pages, std::sync::atomic::Ordering::Relaxed);
    }
    let loaded = load.stage("load config, content and theme");
    let mut summary = project.render_once(sink)?;
    summary.stages.insert(0, loaded);
    summary.elapsed = started.elapsed();
    // A big site takes a while to free, and nothing waits for it: the
    // output is swapped in and the command ends meanwhile. (If no thread
    // can be started, it is freed here.)
    let _ = std::thread::Builder::new()
        .name("free".into())
        .spawn(move || drop(project));
    Ok(summary)
}

/// Everything pages are rendered from: the site's content, its theme with
/// templates compiled once, and the assets' fingerprinted URLs. `serve`
/// keeps one between edits and re-renders only what changed.
///
/// Dropping one must have no effect beyond freeing memory: [`build`]
/// frees it on a thread nothing waits for, which the process may end.
pub struct Project {
    /// The site's folder.
    pub root: PathBuf,
    /// How it is built.
    pub options: BuildOptions,
    /// The content.
    pub site: Site,
    /// The theme.
    pub theme: Theme,
    tera: tera::Tera,
    /// Asset name (`style.css`) to its URL (`/assets/style.0123456789.css`).
    pub assets: BTreeMap<String, String>,
    nav_links: Vec<Vec<NavLink>>,
    /// The logo, icons, stylesheet and manifest of `[brand]`.
    brand: crate::brand::Brand,
    git: HashMap<PathBuf, Date>,
    /// What the last full render learnt of each page, for checking links
    /// when `serve` re-renders a single page.
    facts: Mutex<Vec<PageFacts>>,
    /// What each page of each version gives the search index, so that
    /// `serve` re-indexes an edited page without rendering the others.
    search: Mutex<Vec<Vec<PageDoc>>>,
    /// Once [`Project::render_once`] dropped the pages' text: what each
    /// page's file held (by version, then page), so that every later
    /// render reads the pages again and checks them.
    reread: Option<Reread>,
}

/// What the pages' files held when they were loaded, once their text is
/// dropped: each page's length and hash, under a key of this build's own
/// (no file can be made to look unchanged).
struct Reread {
    key: u64,
    pages: Vec<Vec<(usize, u64)>>,
}

impl Project {
    /// Reads site.toml, the content and the theme, and compiles the templates.
    pub fn load(root: &Path, options: &BuildOptions) -> Result<Project> {
        let mut config = Config::load(root)?;
        if let Some(base_url) = &options.base_url {
            crate::url::base_path(base_url)
                .map_err(|why| Error::Usage(format!("--base-url: {why}")))?;
            config.base_url = base_url.clone();
        }
        let git = content::date::git_dates(root);
        let site = Site::from_config(
            root,
            config,
            LoadOptions {
                drafts: options.drafts,
            },
            &git,
        )?;
        // A broken theme stops the build, but the content's problems
        // found so far are reported with it.
        let with_content = |error: Error| match error {
            Error::Diagnostics(mut found) => {
                let mut all = site.problems.clone();
                all.append(&mut found);
                Error::Diagnostics(all)
            }
            other => other,
        };
        let mut theme = Theme::load(root, &site.config).map_err(with_content)?;
        let brand = crate::brand::load(root, &site.config, &site.base_path)
            .map_err(|found| with_content(Error::Diagnostics(found)))?;
        // The brand's stylesheet and manifest are fingerprinted like the
        // theme's files.
        for (name, text) in [
            ("brand.css", &brand.css),
            ("site.webmanifest", &brand.manifest),
        ] {
            if let Some(text) = text {
                theme.assets.insert(
                    name.to_owned(),
                    theme::Asset {
                        name: name.to_owned(),
                        bytes: text.clone().into_bytes(),
                    },
                );
            }
        }
        let tera = theme.compile().map_err(with_content)?;
        let assets = theme
            .assets
            .values()
            .map(|a| {
                (
                    a.name.clone(),
                    format!(
                        "{}assets/{}",
                        site.base_path,
                        theme::fingerprinted_name(&a.name, &a.bytes)
                    ),
                )
            })
            .collect();
        let nav_links = crate::render::nav_links(&site);
        Ok(Project {
            root: root.to_owned(),
            options: options.clone(),
            nav_links,
            brand,
            site,
            theme,
            tera,
            assets,
            git,
            facts: Mutex::new(Vec::new()),
            search: Mutex::new(Vec::new()),
            reread: None,
        })
    }

    /// Places rendered Markdown in the theme's templates.
    pub fn renderer(&self) -> Renderer<'_> {
        let mut renderer = Renderer::new(
            &self.site,
            &self.theme,
            &self.tera,
            &self.assets,
            &self.nav_links,
            &self.brand,
        );
        renderer.body_end = self.options.body_end.clone();
        renderer
    }

    /// Renders every page and every other output file into `sink`.
    pub fn render_all(&self, sink: &dyn Sink) -> Result<Summary> {
        self.render(sink)
    }

    /// [`Project::render_all`] for a project that does not keep the
    /// pages' text (`build`, `check`): the text is dropped, and each page
    /// is read again as it is rendered, so that a big site's text is not
    /// all held at once. A file that changed since it was loaded fails the
    /// render. Every later render reads the pages again too, and single
    /// pages are no longer updated ([`Project::update_page`] asks for a
    /// full render).
    pub fn render_once(&mut self, sink: &dyn Sink) -> Result<Summary> {
        if self.reread.is_none() {
            // A key of this build's own: the clock and the process.
            let key = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos() as u64)
                ^ u64::from(std::process::id()).rotate_left(32);
            let pages = self
                .site
                .versions
                .iter_mut()
                .map(|version| {
                    version
                        .pages
                        .iter_mut()
                        .map(|page| {
                            let text = std::mem::take(&mut page.text);
                            (
                                text.len(),
                                xxhash_rust::xxh3::xxh3_64_with_seed(text.as_bytes(), key),
                            )
                        })
                        .collect()
                })
                .collect();
            self.reread = Some(Reread { key, pages });
        }
        self.render(sink)
    }

    /// The Markdown of page `p` of version `v`, read again: it must be
    /// what was loaded. Only a plain file of the same length is read.
    fn read_again(&self, reread: &Reread, v: usize, p: usize) -> Result<String> {
        let page = &self.site.versions[v].pages[p];
        if page.generated {
            return Ok(String::new());
        }
        let changed = |why: String| {
            Error::single(
                Diagnostic::error(
                    Code::ContentRead,
                    &page.source,
                    crate::diagnostics::Position::START,
                    why,
                )
                .with_help(
                    "run the command again once the file is saved (a build stopped this way leaves the output as it was)",
                ),
            )
        };
        let (len, hash) = reread.pages[v][p];
        let path = self.root.join(&page.source);
        let cannot =
            |e: std::io::Error| changed(format!("cannot read this file again to render it: {e}"));
        let changed_since =
            || changed("this file changed while the site was being built".to_owned());
        // Anything but a plain file of the same length (a link, a FIFO, a
        // device, an empty file in a page's place) is a change, and is
        // not opened; one put in its place after this is not followed.
        let plain = |meta: &std::fs::Metadata| meta.is_file() && meta.len() == len as u64;
        if !plain(&std::fs::symlink_metadata(&path).map_err(cannot)?) {
            return Err(changed_since());
        }
        let Ok(bytes) = content::read_plain(&path, len as u64 + 1).map_err(cannot)? else {
            return Err(changed_since());
        };
        if bytes.len() != len || xxhash_rust::xxh3::xxh3_64_with_seed(&bytes, reread.key) != hash {
            return Err(changed_since());
        }
        String::from_utf8(bytes).map_err(|_| changed_since())
    }

    /// Renders everything; once the pages' text is dropped, each page's
    /// Markdown is read again from its file and dropped once the page is
    /// rendered.
    fn render(&self, sink: &dyn Sink) -> Result<Summary> {
        let reread = self.reread.as_ref();
        let started = Instant::now();
        let assets = Mark::now();
        let site = &self.site;
        for asset in self.theme.assets.values() {
            let url = &self.assets[&asset.name];
            write(
                sink,
                url.strip_prefix(&site.base_path).unwrap_or(url),
                asset.bytes.clone(),
            )?;
        }
        let renderer = self.renderer();
        let pages: usize = site.versions.iter().map(|v| v.pages.len()).sum();
        let assets = assets.stage("write assets");
        let rendering = Mark::now();
        let search = Search {
            on: site.config.search.enabled,
            index: self.options.search == SearchWork::Write,
            words: self.options.search != SearchWork::Skip,
            files: std::sync::atomic::AtomicUsize::new(0),
            took: Mutex::new(Duration::ZERO),
            failed: Mutex::new(None),
            kept: Mutex::new(vec![Vec::new(); site.versions.len()]),
            folders: Mutex::new(Vec::new()),
        };
        let llms = site.config.deploy.llms;
        let mut llms_files = 0;
        // What the pages found, kept compact: a big site's pages are many.
        let mut found_all = Found {
            diagnostics: Vec::new(),
            facts: Vec::with_capacity(pages),
            error: None,
        };
        // Version by version, each version's pages in parallel; its search
        // index is built alongside the next version's pages, so that only
        // two versions' search text is held at once, and the last one's
        // alongside the check of the links between pages.
        let (checked, rendered, checking) = rayon::scope(|scope| {
            for (v, version) in site.versions.iter().enumerate() {
                let list = llms.then(|| deploy::llms_txt(site, version));
                let dir = &version.prefix;
                let full_path = format!("{dir}{}", deploy::LLMS_FULL_FILE);
                // `llms-full.txt` is written as its pages are rendered,
                // run by run, not held whole; `full` is the run's part.
                let mut found: Vec<Result<PageResult>> = Vec::with_capacity(version.pages.len());
                // A failure to write it fails the build, after the pages
                // (whose results are in the order of `version.pages`).
                let mut llms_failed = None;
                let mut full = list
                    .as_deref()
                    .map(deploy::llms_full_head)
                    .and_then(|head| {
                        write(sink, &full_path, head.into_bytes())
                            .map_err(|error| llms_failed = Some(error))
                            .ok()
                            .map(|()| String::new())
                    });
                // The version's words, when its index is written now.
                let mut words = (search.on && search.index).then(search::WordTable::default);
                let mut fed = 0;
                // In runs of pages, so that each run's Markdown copies go
                // into `llms-full.txt` in order and are dropped, and its
                // words go into the version's table (while the next run
                // renders) and are dropped, instead of all of them being
                // held until the version is done.
                let pages = version.pages.len();
                for start in (0..pages).step_by(PAGE_RUN) {
                    let run = start..(start + PAGE_RUN).min(pages);
                    let (rendered, ()) = rayon::join(
                        || {
                            run.clone()
                                .into_par_iter()
                                .map(|p| {
                                    let result = match reread
                                        .map(|reread| self.read_again(reread, v, p))
                                        .transpose()
                                    {
                                        Ok(again) => render_page(
                                            &renderer,
                                            site,
                                            (v, p),
                                            again.as_deref().unwrap_or(&version.pages[p].text),
                                            search.on && search.words,
                                            sink,
                                        ),
                                        Err(error) => Err(error),
                                    };
                                    if let Some(progress) = &self.options.progress {
                                        progress
                                            .pages
                                            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                                    }
                                    result
                                })
                                .collect::<Vec<Result<PageResult>>>()
                        },
                        || feed_words(&mut words, &mut found[fed..]),
                    );
                    fed = found.len();
                    for (p, mut result) in run.zip(rendered) {
                        if let (Some(full), Ok(page)) = (&mut full, &mut result)
                            && let Some(copy) = page.markdown.take()
                        {
                            deploy::push_full_page(full, site, version, p, &copy);
                        }
                        found.push(result);
                    }
                    if let Some(part) = &mut full {
                        if let Err(e) = sink.append(&full_path, part.as_bytes()) {
                            llms_failed = Some(Error::io("cannot write", Path::new(&full_path), e));
                            full = None;
                        } else {
                            part.clear();
                        }
                    }
                }
                feed_words(&mut words, &mut found[fed..]);
                if let Some(error) = llms_failed {
                    found.push(Err(error));
                } else if let Some(list) = list {
                    match write(
                        sink,
                        &format!("{dir}{}", deploy::LLMS_FILE),
                        list.into_bytes(),
                    ) {
                        Ok(()) => llms_files += 2,
                        Err(error) => found.push(Err(error)),
                    }
                }
                if search.on {
                    let docs: Vec<PageDoc> = found
                        .iter_mut()
                        .map(|r| {
                            r.as_mut()
                                .map(|r| std::mem::take(&mut r.search))
                                .unwrap_or_default()
                        })
                        .collect();
                    let (search, renderer) = (&search, &renderer);
                    scope.spawn(move |_| search.version(v, version, docs, words, renderer, sink));
                }
                found_all.add(found);
            }
            let rendered = rendering.stage("render and write pages, index alongside");
            let checking = Mark::now();
            let checked = self.site_diagnostics(found_all);
            (checked, rendered, checking)
        });
        let checking = checking.stage("check links between pages, last index alongside");
        let rest = Mark::now();
        let warnings = into_result(checked?)?;
        if let Some(error) = search
            .failed
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner)
        {
            return Err(error);
        }
        *self.search.lock().unwrap_or_else(PoisonError::into_inner) = search
            .kept
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        let mut immutable: Vec<String> = self
            .theme
            .assets
            .values()
            .map(|asset| self.assets[&asset.name].clone())
            .collect();
        immutable.extend(
            search
                .folders
                .into_inner()
                .unwrap_or_else(PoisonError::into_inner)
                .into_iter()
                .map(|folder| format!("{}{folder}*", site.base_path)),
        );
        immutable.sort();
        let files = pages
            + self.theme.assets.len()
            + search.files.into_inner()
            + llms_files
            + write_generated(&renderer, site, &self.root, sink, &immutable)?;
        let mut stages = vec![assets, rendered];
        if site.config.search.enabled {
            stages.push(Stage {
                name: "  of which, alongside: search index and A–Z pages (task time)",
                wall: search
                    .took
                    .into_inner()
                    .unwrap_or_else(PoisonError::into_inner),
                cpu: None,
            });
        }
        stages.push(checking);
        stages.push(rest.stage("404, sitemap, versions, aliases, static"));
        Ok(Summary {
            versions: site.versions.len(),
            pages,
            files,
            elapsed: started.elapsed(),
            warnings,
            stages,
        })
    }

    /// Every diagnostic of the site: loading, each page, the links between
    /// pages and the other published files, after `[check]`, in file order.
    /// Keeps what it learnt of each page for `serve`'s single-page updates.
    fn site_diagnostics(&self, found: Found) -> Result<Vec<Diagnostic>> {
        let site = &self.site;
        if let Some(error) = found.error {
            return Err(error);
        }
        let mut diagnostics = site.warnings.clone();
        diagnostics.extend(site.problems.iter().cloned());
        diagnostics.extend(found.diagnostics);
        let facts = found.facts;
        diagnostics.extend(lint::cross_page(site, &self.root, &facts, &facts));
        let beside_pages: Vec<PathBuf> = site
            .versions
            .iter()
            .flat_map(|v| {
                v.files
                    .keys()
                    .map(|rel| Path::new(content::CONTENT_DIR).join(&v.name).join(rel))
            })
            .collect();
        diagnostics.extend(lint::published_files(
            &self.root,
            &site.config.theme,
            &beside_pages,
        ));
        *self.facts.lock().unwrap_or_else(PoisonError::into_inner) = facts;
        let mut diagnostics = lint::apply_levels(&site.config.levels, dedupe(diagnostics));
        diagnostics.sort_by(|a, b| {
            (&a.file, a.position.line, a.position.col).cmp(&(
                &b.file,
                b.position.line,
                b.position.col,
            ))
        });
        Ok(diagnostics)
    }

    /// Re-reads one edited Markdown file and renders only its page, when
    /// nothing other pages show of it (title, order, slug, draft state,
    /// aliases, description) changed. `Ok(None)`: render everything.
    /// The page is written to `sink` even when the update found errors;
    /// the caller serves it only when it has none.
    pub fn update_page(&mut self, path: &Path, sink: &dyn Sink) -> Result<Option<PageUpdate>> {
        let Some((v, p)) = self.locate(path) else {
            return Ok(None);
        };
        if self.reread.is_some() {
            // The other pages' text is gone: render them all, read again.
            return Ok(None);
        }
        if !std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file()) {
            // Gone, or a link in the page's place: a full load says which.
            return Ok(None);
        }
        let version_dir = self
            .root
            .join(content::CONTENT_DIR)
            .join(&self.site.versions[v].name);
        let options = LoadOptions {
            drafts: self.options.drafts,
        };
        let url = self.site.versions[v].urls[p].clone();
        let source = self.site.versions[v].pages[p].source.clone();
        let unreadable = |problems: Vec<Diagnostic>| PageUpdate {
            url: url.clone(),
            version: v,
            source: source.clone(),
            checked: vec![source.clone()],
            diagnostics: problems,
        };
        let numbering = &self.site.versions[v].numbering;
        let fresh = match content::load_page(
            &self.root,
            &version_dir,
            path,
            numbering,
            &self.git,
            options,
        ) {
            Ok(Some(fresh)) if fresh.problems.is_empty() => fresh,
            Ok(Some(fresh)) => return Ok(Some(unreadable(fresh.problems))),
            Ok(None) => return Ok(None),
            Err(problem) => return Ok(Some(unreadable(vec![problem]))),
        };
        let page = &mut self.site.versions[v].pages[p];
        if fresh.key != page.key || !page.front.same_place(&fresh.front) {
            return Ok(None);
        }
        page.text = fresh.text;
        page.front = fresh.front;
        page.body_start = fresh.body_start;
        page.warnings = fresh.warnings;
        page.title_id = fresh.title_id;
        page.updated = fresh.updated;
        let PageResult {
            mut diagnostics,
            facts,
            search,
            ..
        } = render_page(
            &self.renderer(),
            &self.site,
            (v, p),
            &self.site.versions[v].pages[p].text,
            self.site.config.search.enabled,
            sink,
        )?;
        if let Some(slot) = self
            .search
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get_mut(v)
            .and_then(|pages| pages.get_mut(p))
        {
            *slot = search;
        }
        let mut checked = vec![source.clone()];
        if let Some(facts) = facts {
            let mut all = self.facts.lock().unwrap_or_else(PoisonError::into_inner);
            if let Some(slot) = all.iter_mut().find(|f| f.url == facts.url) {
                *slot = facts;
            } else {
                all.push(facts);
            }
            // This page's links, and every link into it (a heading may be gone).
            let affected: Vec<&PageFacts> = all
                .iter()
                .filter(|f| {
                    f.url == url
                        || f.links
                            .iter()
                            .any(|l| l.target.split('#').next() == Some(url.as_str()))
                })
                .collect();
            checked.extend(affected.iter().map(|f| f.source.clone()));
            // The pages linking here are checked whole again, not only
            // their links: their earlier problems are replaced.
            let renderer = self.renderer();
            for linking in affected.iter().filter(|f| f.url != url) {
                if let Some((v2, p2)) = self.site.locate_url(&linking.url) {
                    let text = &self.site.versions[v2].pages[p2].text;
                    let found =
                        render_page(&renderer, &self.site, (v2, p2), text, false, &NullSink)?;
                    diagnostics.extend(found.diagnostics);
                }
            }
            diagnostics.extend(lint::cross_page(&self.site, &self.root, &all, affected));
        }
        checked.sort();
        checked.dedup();
        Ok(Some(PageUpdate {
            url,
            version: v,
            source,
            checked,
            diagnostics: lint::apply_levels(&self.site.config.levels, diagnostics),
        }))
    }

    /// Version `v`'s `llms-full.txt`, put together again from its pages'
    /// Markdown copies as `copy` gives them by path (those served, once a
    /// page was re-rendered alone), in the order a build writes them: its
    /// path and bytes. `None` when the site has no such file.
    pub fn llms_full(
        &self,
        v: usize,
        copy: impl Fn(&str) -> Option<std::sync::Arc<[u8]>>,
    ) -> Option<(String, Vec<u8>)> {
        let site = &self.site;
        if !site.config.deploy.llms {
            return None;
        }
        let version = site.versions.get(v)?;
        // The head of `llms.txt`, without putting its links together.
        let mut full = deploy::llms_full_head(&deploy::llms_head(site, version));
        let copies: Vec<Option<std::sync::Arc<[u8]>>> = version
            .pages
            .iter()
            .map(|page| copy(&markdown_copy_path(version, page)))
            .collect();
        full.reserve(copies.iter().flatten().map(|c| c.len() + 100).sum());
        for (p, bytes) in copies.iter().enumerate() {
            // A page whose render failed has none, as in a build.
            if let Some(bytes) = bytes {
                deploy::push_full_page(
                    &mut full,
                    site,
                    version,
                    p,
                    &String::from_utf8_lossy(bytes),
                );
            }
        }
        Some((
            format!("{}{}", version.prefix, deploy::LLMS_FULL_FILE),
            full.into_bytes(),
        ))
    }

    /// The search index of version `v`, or of every version, as files
    /// below the output root, from what the last render kept of each
    /// page. Versions are indexed in parallel.
    pub fn search_files(&self, only: Option<usize>) -> Vec<(String, Vec<u8>)> {
        let docs = self.search.lock().unwrap_or_else(PoisonError::into_inner);
        let versions: Vec<usize> = match only {
            Some(v) => vec![v],
            None => (0..self.site.versions.len()).collect(),
        };
        versions
            .par_iter()
            .flat_map_iter(|&v| {
                let pages: Vec<&PageDoc> =
                    docs.get(v).map(|d| d.iter().collect()).unwrap_or_default();
                search::version_files(&self.site.versions[v].name, &pages)
            })
            .collect()
    }

    /// Links to other sites found by the last full render, with where.
    pub fn external_links(&self) -> Vec<(String, PathBuf, crate::diagnostics::Position)> {
        let facts = self.facts.lock().unwrap_or_else(PoisonError::into_inner);
        facts
            .iter()
            .flat_map(|f| {
                f.external
                    .iter()
                    .map(|r| (r.target.clone(), f.source.clone(), r.position))
            })
            .collect()
    }

    /// Whether `path` is the source of one of the site's pages.
    pub fn knows(&self, path: &Path) -> bool {
        self.locate(path).is_some()
    }

    /// The version and page index of a content file.
    fn locate(&self, path: &Path) -> Option<(usize, usize)> {
        let rel = path
            .strip_prefix(self.root.join(content::CONTENT_DIR))
            .ok()?;
        let mut parts = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned());
        let version = parts.next()?;
        let rel_source = parts.collect::<Vec<_>>().join("/");
        let v = self.site.versions.iter().position(|x| x.name == version)?;
        let p = *self.site.versions[v].by_source.get(&rel_source)?;
        Some((v, p))
    }
}

fn write(sink: &dyn Sink, path: &str, bytes: Vec<u8>) -> Result<()> {
    sink.write(path, bytes)
        .map_err(|e| Error::io("cannot write", Path::new(path), e))
}

/// The files every build writes besides pages and assets: 404, sitemap,
/// robots.txt, versions.json, alias redirects, `_headers` and
/// `_redirects` (with `immutable`, the paths whose files never change),
/// `static/` and the files kept beside pages. Returns how many.
fn write_generated(
    renderer: &Renderer<'_>,
    site: &Site,
    root: &Path,
    sink: &dyn Sink,
    immutable: &[String],
) -> Result<usize> {
    let not_found = renderer.not_found().map_err(Error::single)?;
    write(sink, layout::NOT_FOUND_FILE, not_found)?;
    write(sink, layout::SITEMAP_FILE, sitemap(site).into_bytes())?;
    let robots = format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}{}\n",
        site.base_url,
        layout::SITEMAP_FILE
    );
    write(sink, layout::ROBOTS_FILE, robots.into_bytes())?;
    write(
        sink,
        layout::VERSIONS_FILE,
        versions_json(site).into_bytes(),
    )?;
    let mut files = 4;
    for (path, html) in alias_pages(site) {
        write(sink, &path, html.into_bytes())?;
        files += 1;
    }
    let deploy = &site.config.deploy;
    if deploy.headers {
        let headers = deploy::headers_file(site, immutable);
        write(sink, deploy::HEADERS_FILE, headers.into_bytes())?;
        files += 1;
    }
    if deploy.redirects {
        let redirects = deploy::redirects(site);
        let file = deploy::redirects_file(&redirects);
        write(sink, deploy::REDIRECTS_FILE, file.into_bytes())?;
        let nginx = deploy::redirects_nginx(&redirects);
        write(sink, deploy::REDIRECTS_NGINX_FILE, nginx.into_bytes())?;
        files += 2;
    }
    Ok(files + copy_static(root, sink)? + copy_content_files(site, root, sink)?)
}

/// Copies each version's files other than pages (images, downloads kept
/// beside the pages) to where they are published beside them.
fn copy_content_files(site: &Site, root: &Path, sink: &dyn Sink) -> Result<usize> {
    let files: Vec<(PathBuf, String)> = site
        .versions
        .iter()
        .flat_map(|version| {
            let dir = root.join(content::CONTENT_DIR).join(&version.name);
            version
                .files
                .iter()
                .map(move |(rel, out)| (dir.join(rel), format!("{}{out}", version.prefix)))
        })
        .collect();
    files.par_iter().try_for_each(|(path, out)| {
        let bytes = content::read_file(path).map_err(|e| Error::io("cannot read", path, e))?;
        write(sink, out, bytes)
    })?;
    Ok(files.len())
}

/// The search work of a full render, shared by the tasks that build each
/// version's index.
struct Search {
    /// Search is on: A–Z pages, and the index kept or written.
    on: bool,
    /// Write the index now; otherwise keep what each page gives it.
    index: bool,
    /// Collect what each page gives the index at all.
    words: bool,
    files: std::sync::atomic::AtomicUsize,
    /// Time spent, on whichever thread.
    took: Mutex<Duration>,
    failed: Mutex<Option<Error>>,
    /// What each page gave the index, by version, when kept.
    kept: Mutex<Vec<Vec<PageDoc>>>,
    /// Each written index's own folder (`assets/search/v2/0123abcd/`),
    /// named by its content.
    folders: Mutex<Vec<String>>,
}

impl Search {
    /// Writes version `v`'s A–Z page and its index (or keeps `docs` for
    /// a later index).
    fn version(
        &self,
        v: usize,
        version: &content::Version,
        mut docs: Vec<PageDoc>,
        words: Option<search::WordTable>,
        renderer: &Renderer<'_>,
        sink: &dyn Sink,
    ) {
        let started = Instant::now();
        let result = (|| -> Result<usize> {
            let html = renderer
                .a_to_z(version, &a_to_z_groups(version, &docs))
                .map_err(Error::single)?;
            write(
                sink,
                &format!("{}{}/index.html", version.prefix, layout::A_TO_Z_DIR),
                html,
            )?;
            let mut count = 1;
            if self.index {
                let files = match words {
                    // The docs go as their records are written out.
                    Some(words) => {
                        search::version_files_with(&version.name, words, std::mem::take(&mut docs))
                    }
                    None => {
                        let pages: Vec<&PageDoc> = docs.iter().collect();
                        search::version_files(&version.name, &pages)
                    }
                };
                for (path, _) in &files {
                    // `assets/search/v2/<id>/…`: the id's folder.
                    let folder: Vec<&str> = path.splitn(5, '/').collect();
                    if folder.len() == 5 {
                        let folder = format!("{}/", folder[..4].join("/"));
                        let mut folders =
                            self.folders.lock().unwrap_or_else(PoisonError::into_inner);
                        if !folders.contains(&folder) {
                            folders.push(folder);
                        }
                    }
                }
                count += files.len();
                // On both cores (the last version's files are written when
                // nothing else is left to do); a failure is reported for
                // the first file in order, whichever failed first in time.
                files
                    .into_par_iter()
                    .map(|(path, bytes)| write(sink, &path, bytes))
                    .collect::<Vec<Result<()>>>()
                    .into_iter()
                    .collect::<Result<()>>()?;
            }
            Ok(count)
        })();
        match result {
            Ok(count) => {
                self.files
                    .fetch_add(count, std::sync::atomic::Ordering::Relaxed);
            }
            Err(error) => {
                self.failed
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .get_or_insert(error);
            }
        }
        if !self.index
            && let Some(slot) = self
                .kept
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .get_mut(v)
        {
            *slot = docs;
        }
        *self.took.lock().unwrap_or_else(PoisonError::into_inner) += started.elapsed();
    }
}

/// Adds the words of rendered `pages` (the next in the version's order)
/// to its table, and drops them from each page.
fn feed_words(words: &mut Option<search::WordTable>, pages: &mut [Result<PageResult>]) {
    let Some(words) = words else {
        return;
    };
    for page in pages.iter_mut().flatten() {
        words.add(&page.search);
        page.search.drop_words();
    }
}

/// How many pages are rendered side by side before their Markdown copies
/// are added to `llms-full.txt`: enough to keep both cores busy, few
/// enough that the copies held at once are a small part of the build.
const PAGE_RUN: usize = 512;

/// What every page rendered so far found, in the order of the site.
struct Found {
    diagnostics: Vec<Diagnostic>,
    facts: Vec<PageFacts>,
    /// The first page that could not be read again or written, or the
    /// first other failure.
    error: Option<Error>,
}

impl Found {
    /// Adds what a version's pages found, once their search text is taken.
    fn add(&mut self, pages: Vec<Result<PageResult>>) {
        for page in pages {
            match page {
                Ok(page) => {
                    self.diagnostics.extend(page.diagnostics);
                    self.facts.extend(page.facts);
                }
                Err(error) => {
                    self.error.get_or_insert(error);
                }
            }
        }
    }
}

/// What rendering one page found.
struct PageResult {
    /// Its warnings, or its errors (then it was not written).
    diagnostics: Vec<Diagnostic>,
    facts: Option<PageFacts>,
    /// What it gives the search index (nothing when search is off).
    search: PageDoc,
    /// Its Markdown copy, as written beside it, for `llms-full.txt`.
    markdown: Option<String>,
}

/// Renders the page at `p` of version `v`, whose file holds `text`, into
/// `sink`; returns its warnings, or its errors without writing it, and
/// with `words`, what it gives the search index.
fn render_page(
    renderer: &Renderer<'_>,
    site: &Site,
    (v, p): (usize, usize),
    text: &str,
    words: bool,
    sink: &dyn Sink,
) -> Result<PageResult> {
    let version = &site.versions[v];
    let page = &version.pages[p];
    let origin = site.origin();
    let source = markdown::Source {
        file: &page.source,
        text,
        body_start: page.body_start,
        presets: &site.presets,
        copy_origin: site.config.deploy.llms.then_some(origin),
    };
    let mut rendered = markdown::render(
        &source,
        &PageLinks {
            site,
            version,
            page,
        },
    );
    if !page.generated {
        rendered
            .diagnostics
            .extend(lint::secrets(&page.source, text, 0));
        rendered.diagnostics.extend(page.warnings.iter().cloned());
    }
    // The Markdown copy says what the page says, with the checker's
    // fields and the site's links added. It is not scanned again: its
    // text comes from the page, the presets and site.toml, which are.
    let copy_path = markdown_copy_path(version, page);
    let markdown = rendered
        .markdown
        .take()
        .map(|body| deploy::page_markdown(site, version, page, &body));
    // Links may name the id the title heading set for itself.
    if let Some(id) = &page.title_id {
        rendered.ids.push(id.clone());
    }
    let facts = Some(PageFacts::new(
        &page.source,
        site.url_of(version, page),
        &mut rendered,
    ));
    let search = if words {
        search::page_doc(version, p, &rendered)
    } else {
        PageDoc::default()
    };
    if rendered.diagnostics.iter().any(Diagnostic::is_error) {
        return Ok(PageResult {
            diagnostics: rendered.diagnostics,
            facts,
            search,
            markdown: None,
        });
    }
    let html = match renderer.page(version, p, &rendered) {
        Ok(html) => html,
        Err(d) => {
            return Ok(PageResult {
                diagnostics: vec![d],
                facts,
                search,
                markdown: None,
            });
        }
    };
    let path = format!("{}{}index.html", version.prefix, page.key);
    sink.write(&path, html)
        .map_err(|e| Error::io("cannot write", Path::new(&path), e))?;
    if let Some(copy) = &markdown {
        write(sink, &copy_path, copy.clone().into_bytes())?;
    }
    Ok(PageResult {
        diagnostics: rendered.diagnostics,
        facts,
        search,
        markdown,
    })
}

/// Where a page's Markdown copy is written, below the output root.
fn markdown_copy_path(version: &content::Version, page: &content::Page) -> String {
    format!("{}{}index.html.md", version.prefix, page.key)
}

/// A version's pages grouped by the section they are in, sections and
/// pages sorted by title, each page with its steps from `docs`.
fn a_to_z_groups<'a>(
    version: &'a content::Version,
    docs: &'a [PageDoc],
) -> Vec<crate::render::AtoZGroup<'a>> {
    use crate::render::{AtoZEntry, AtoZGroup};
    let sort_key = |title: &str| title.to_lowercase();
    let mut groups: BTreeMap<String, AtoZGroup> = BTreeMap::new();
    for (p, page) in version.pages.iter().enumerate() {
        let Some(parent) = page.parent.as_deref() else {
            continue; // The home page.
        };
        let Some(&s) = version.by_key.get(parent) else {
            continue;
        };
        // Pages at the top are grouped under the home page's title.
        let trail = version.section_titles(page);
        let title = if trail.is_empty() {
            version.pages[s].title().to_owned()
        } else {
            trail.join(" › ")
        };
        let steps = docs
            .get(p)
            .map(|doc| {
                doc.records()
                    .enumerate()
                    .filter(|(r, _)| doc.steps.iter().any(|&s| usize::from(s) == *r))
                    .map(|(_, r)| AtoZEntry {
                        title: r.title,
                        url: r.href,
                        steps: Vec::new(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        groups
            .entry(format!("{}\u{0}{parent}", sort_key(&title)))
            .or_insert_with(|| AtoZGroup {
                title,
                url: &version.urls[s],
                entries: Vec::new(),
            })
            .entries
            .push(AtoZEntry {
                title: page.title(),
                url: &version.urls[p],
                steps,
            });
    }
    let mut groups: Vec<AtoZGroup> = groups.into_values().collect();
    for group in &mut groups {
        group.entries.sort_by_cached_key(|e| sort_key(e.title));
    }
    groups
}

/// The same problem reported by several pages (a shared template) once.
fn dedupe(mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut seen = std::collections::HashSet::new();
    diagnostics.retain(|d| {
        d.code != Code::TemplateError
            || seen.insert((d.file.clone(), d.position, d.message.clone()))
    });
    diagnostics
}

fn sitemap(site: &Site) -> String {
    let latest = site.latest();
    let origin = site.origin();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for page in &latest.pages {
        xml.push_str(&format!(
            "  <url><loc>{}</loc>",
            crate::html::escape_html(&format!("{origin}{}", site.url_of(latest, page)))
        ));
        if let Some(date) = page.updated {
            xml.push_str(&format!("<lastmod>{}</lastmod>", date.iso()));
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

#[derive(Serialize)]
struct VersionEntry<'a> {
    name: &'a str,
    label: &'a str,
    status: VersionStatus,
    latest: bool,
    url: String,
    /// Page paths below the version's URL, for switchers that keep the
    /// reader on the same page.
    pages: Vec<&'a str>,
}

fn versions_json(site: &Site) -> String {
    let entries: Vec<VersionEntry<'_>> = site
        .versions
        .iter()
        .map(|v| VersionEntry {
            name: &v.name,
            label: &v.label,
            status: v.status,
            latest: v.is_latest,
            url: format!("{}{}", site.base_path, v.prefix),
            pages: v.pages.iter().map(|p| p.key.as_str()).collect(),
        })
        .collect();
    serde_json::to_string_pretty(&entries).unwrap_or_default()
}

/// Redirect pages for every page's `aliases`, inside its version. Aliases
/// are normalised when read (`/old/path/`), and one that would replace
/// another output file is an error before this is reached.
fn alias_pages(site: &Site) -> Vec<(String, String)> {
    deploy::alias_redirects(site)
        .into_iter()
        .map(|redirect| {
            let target = crate::html::escape_html(&redirect.to);
            let html = format!(
                "<!doctype html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
                 <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'\">\
                 <title>Moved</title>\
                 <meta name=\"robots\" content=\"noindex\"><link rel=\"canonical\" href=\"{target}\">\
                 <meta http-equiv=\"refresh\" content=\"0; url={target}\"></head>\
                 <body><p>This page has moved to <a href=\"{target}\">{target}</a>.</p></body></html>\n",
                lang = crate::html::escape_html(&site.config.language)
            );
            let below = redirect
                .from
                .strip_prefix(&site.base_path)
                .unwrap_or(&redirect.from);
            (format!("{below}index.html"), html)
        })
        .collect()
}

/// Copies the site's `static/` folder as it is.
fn copy_static(root: &Path, sink: &dyn Sink) -> Result<usize> {
    let mut count = 0;
    for entry in content::places::static_entries(root) {
        let content::places::StaticEntry::File { rel, path } = entry else {
            continue; // Reported by the checks; never published.
        };
        let bytes = std::fs::read(&path).map_err(|e| Error::io("cannot read", &path, e))?;
        sink.write(&rel, bytes)
            .map_err(|e| Error::io("cannot write", Path::new(&rel), e))?;
        count += 1;
    }
    Ok(count)
}
