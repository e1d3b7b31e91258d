//! Content: every version's Markdown files, read into pages with their
//! front matter, dates, URLs and place in the section tree.

/// Page dates: written, from git, or from the file.
pub mod date;
/// The YAML at the top of a page.
pub mod front_matter;
pub(crate) mod places;
pub mod title;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::config::{Config, VersionStatus};
use crate::diagnostics::{Code, Diagnostic, Error, Position, Result};
pub use date::Date;
pub use front_matter::FrontMatter;

pub use crate::layout::CONTENT_DIR;

/// What to load.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    /// Load pages marked `draft: true`.
    pub drafts: bool,
}

/// Everything the later stages need to know about the site's content.
#[derive(Debug)]
pub struct Site {
    /// The site's folder.
    pub root: PathBuf,
    /// site.toml.
    pub config: Config,
    /// `/` or the path of `base_url`, such as `/docs/`.
    pub base_path: String,
    /// `base_url`, ending with `/`.
    pub base_url: String,
    /// Every version, in `versions.order`.
    pub versions: Vec<Version>,
    /// The checker presets: built in, and the site's `checkers/*.yml`.
    pub presets: crate::presets::Presets,
    /// Warnings found while loading.
    pub warnings: Vec<Diagnostic>,
    /// Errors found while loading that left the rest of the site readable
    /// (a page's broken front matter, a clash of two output paths). The
    /// build goes on to find every other problem, then fails with all.
    pub problems: Vec<Diagnostic>,
}

/// One docs version: its pages and where they live.
#[derive(Debug)]
pub struct Version {
    /// Its name in site.toml and its folder name: `v2`.
    pub name: String,
    /// Its name for readers: `v2 (current)`.
    pub label: String,
    /// Current, unreleased or deprecated.
    pub status: VersionStatus,
    /// Served at unversioned URLs.
    pub is_latest: bool,
    /// Where its pages live below the base path: `` for latest, `v1/` else.
    pub prefix: String,
    /// Pages in tree order: parents before children, siblings sorted.
    pub pages: Vec<Page>,
    /// Page key (`guides/dynamics-365/`) to index in `pages`.
    pub by_key: HashMap<String, usize>,
    /// Source path relative to the version folder (`guides/x.md`) to index.
    pub by_source: HashMap<String, usize>,
    /// Each page's root-relative URL, by index in `pages`.
    pub urls: Vec<String>,
    /// The version folder's other files (images, downloads), published
    /// beside its pages: their path in the version folder (`guides/img/a.png`)
    /// to their output path below the version's prefix, which numbered
    /// folders lose their numbers in, as pages do (`02-guides/` is `guides/`).
    pub files: BTreeMap<String, String>,
    /// Which of its folders number their pages.
    pub numbering: Numbering,
}

impl Version {
    /// The root-relative URL of the version's file at `rel` (a path in
    /// the version folder), percent-encoded, if the file exists.
    pub fn file_url(&self, base_path: &str, rel: &str) -> Option<String> {
        let out = self.files.get(rel)?;
        let encoded = percent_encoding::utf8_percent_encode(out, crate::url::FILE_PATH);
        Some(format!("{base_path}{}{encoded}", self.prefix))
    }
}

impl Version {
    /// The sections above `page`, nearest first, up to and including the
    /// home page: their indexes in `pages`.
    pub fn ancestors<'v>(&'v self, page: &'v Page) -> impl Iterator<Item = usize> + 'v {
        let mut parent = page.parent.as_deref();
        std::iter::from_fn(move || {
            let i = *self.by_key.get(parent?)?;
            parent = self.pages[i].parent.as_deref();
            Some(i)
        })
    }

    /// The titles of the sections above `page`, from the top, without the
    /// home page: where the page is, as search results and the A–Z page
    /// show it.
    pub fn section_titles(&self, page: &Page) -> Vec<&str> {
        let mut titles: Vec<&str> = self
            .ancestors(page)
            .filter(|&i| !self.pages[i].key.is_empty())
            .map(|i| self.pages[i].title())
            .collect();
        titles.reverse();
        titles
    }
}

/// One page: a Markdown file, or a section that has no `_index.md`.
#[derive(Debug)]
pub struct Page {
    /// Relative to the site root, for diagnostics: `content/v2/guides/x.md`.
    pub source: PathBuf,
    /// Relative to the version folder, with `/`: `guides/x.md`.
    pub rel_source: String,
    /// The whole file; empty for generated section pages, and once
    /// `build` or `check` has dropped it (see
    /// `pipeline::Project::render_once`).
    pub text: String,
    /// Where the Markdown body starts in `text`, in bytes.
    pub body_start: usize,
    /// Its front matter (a stand-in when that is broken).
    pub front: FrontMatter,
    /// The URL path below the version: `` (home), `guides/`, `guides/x/`.
    pub key: String,
    /// The key of the section this page belongs to; `None` for the home.
    pub parent: Option<String>,
    /// An `_index.md` (or a generated section page).
    pub is_section: bool,
    /// A section with no `_index.md`: listed, with a generated page.
    pub generated: bool,
    /// The "Updated" date: written, last commit, or modification.
    pub updated: Option<Date>,
    /// Indexes of child pages (sections only), sorted for navigation.
    pub children: Vec<usize>,
    /// Errors in this page's front matter. The page is still loaded, with
    /// its file name as its title, so the rest of the site can be checked.
    pub problems: Vec<Diagnostic>,
    /// Warnings about its front matter (keys of other tools), reported
    /// each time the page is rendered.
    pub warnings: Vec<Diagnostic>,
    /// The id its title heading set (`# Title {#custom}`), when the title
    /// comes from the page's opening heading.
    pub title_id: Option<String>,
}

impl Page {
    /// The page's title.
    pub fn title(&self) -> &str {
        &self.front.title
    }
}

impl Site {
    /// Loads the content for `config`; `git` holds each file's last commit
    /// date (see [`date::git_dates`]).
    pub fn from_config(
        root: &Path,
        config: Config,
        options: LoadOptions,
        git: &HashMap<PathBuf, Date>,
    ) -> Result<Site> {
        let base_path = crate::url::base_path(&config.base_url).map_err(Error::Usage)?;
        let base_url = crate::url::normalise_base_url(&config.base_url);
        let content = root.join(CONTENT_DIR);
        if !content.is_dir() {
            return Err(Error::single(
                Diagnostic::error(
                    Code::ContentMissing,
                    CONTENT_DIR,
                    Position::START,
                    "there is no content/ folder",
                )
                .with_help("create content/<version>/_index.md for each version in site.toml"),
            ));
        }
        let warnings = unlisted_versions(&content, &config)?;
        let (present, mut problems) = version_folders(&content, &config);
        if present.is_empty() {
            return Err(Error::Diagnostics(problems));
        }
        // Versions load side by side: one's pages are arranged while
        // another's files are still being read.
        let loaded: Vec<_> = present
            .par_iter()
            .map(|name| load_version(root, &config, &base_path, name, git, options))
            .collect();
        let mut versions = Vec::new();
        for (version, mut found) in loaded {
            versions.push(version);
            problems.append(&mut found);
        }
        if versions.iter().all(|v| v.pages.iter().all(|p| p.generated)) {
            if problems.is_empty() {
                problems.push(no_pages(&config));
            }
            return Err(Error::Diagnostics(problems));
        }
        let (presets, preset_problems) = crate::presets::Presets::load(root);
        problems.extend(preset_problems);
        let mut site = Site {
            presets,
            root: root.to_owned(),
            config,
            base_path,
            base_url,
            versions,
            warnings,
            problems,
        };
        let clashes = places::clashes(&site);
        site.problems.extend(clashes);
        Ok(site)
    }

    /// `https://example.com` of `base_url` `https://example.com/help/`:
    /// what a root-relative URL is made absolute with.
    pub fn origin(&self) -> &str {
        &self.base_url[..self.base_url.len() - self.base_path.len()]
    }

    /// The version served at unversioned URLs.
    pub fn latest(&self) -> &Version {
        self.versions
            .iter()
            .find(|v| v.is_latest)
            .unwrap_or(&self.versions[0])
    }

    /// The root-relative URL of a page: `/docs/v1/guides/x/`.
    pub fn url_of(&self, version: &Version, page: &Page) -> String {
        page_url(&self.base_path, &version.prefix, &page.key)
    }

    /// The version and page index of the page at `url`.
    pub fn locate_url(&self, url: &str) -> Option<(usize, usize)> {
        self.versions
            .iter()
            .enumerate()
            .find_map(|(v, version)| Some((v, version.urls.iter().position(|u| u == url)?)))
    }

    /// How many pages all versions have together.
    pub fn page_count(&self) -> usize {
        self.versions.iter().map(|v| v.pages.len()).sum()
    }
}

/// Warnings for folders in content/ that no version in site.toml names.
fn unlisted_versions(content: &Path, config: &Config) -> Result<Vec<Diagnostic>> {
    let mut warnings = Vec::new();
    for entry in std::fs::read_dir(content).map_err(|e| Error::io("cannot read", content, e))? {
        let entry = entry.map_err(|e| Error::io("cannot read", content, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.path().is_dir() && !name.starts_with('.') && !config.versions.order.contains(&name)
        {
            warnings.push(
                Diagnostic::warning(
                    Code::ContentUnlistedVersion,
                    format!("{CONTENT_DIR}/{name}"),
                    Position::START,
                    format!("folder content/{name} is not in `versions.order`; it is not built"),
                )
                .with_help(format!(
                    "add \"{name}\" to `order` in site.toml, or remove the folder"
                )),
            );
        }
    }
    Ok(warnings)
}

/// The versions in site.toml that have a folder, and an error for each
/// that has none.
fn version_folders(content: &Path, config: &Config) -> (Vec<String>, Vec<Diagnostic>) {
    let mut present = Vec::new();
    let mut problems = Vec::new();
    for name in &config.versions.order {
        if content.join(name).is_dir() {
            present.push(name.clone());
        } else {
            problems.push(
                Diagnostic::error(
                    Code::ContentMissingVersion,
                    crate::config::FILE_NAME,
                    config.position_of_key("order"),
                    format!(
                        "version `{name}` is in `versions.order` but content/{name}/ does not exist"
                    ),
                )
                .with_help(format!(
                    "create content/{name}/_index.md, or remove `{name}` from `order`"
                )),
            );
        }
    }
    (present, problems)
}

fn no_pages(config: &Config) -> Diagnostic {
    Diagnostic::error(
        Code::ContentEmpty,
        CONTENT_DIR,
        Position::START,
        "content/ has no pages",
    )
    .with_help(format!(
        "add Markdown files such as content/{}/_index.md, each starting with front matter (`---`, `title: ...`, `---`)",
        config.versions.latest
    ))
}

/// A page's root-relative URL: base path, version prefix, page key.
fn page_url(base_path: &str, prefix: &str, key: &str) -> String {
    format!("{base_path}{prefix}{key}")
}

fn load_version(
    root: &Path,
    config: &Config,
    base_path: &str,
    name: &str,
    git: &HashMap<PathBuf, Date>,
    options: LoadOptions,
) -> (Version, Vec<Diagnostic>) {
    let dir = root.join(CONTENT_DIR).join(name);
    let extension = |p: &Path| {
        p.extension()
            .map(|x| x.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default()
    };
    // Links inside a version folder are not followed, but named: a page
    // or image read through one could be any file on the writer's disk.
    // The version's own folder, or content/, may be a link.
    let mut links = Vec::new();
    let (files, others): (Vec<PathBuf>, Vec<PathBuf>) = WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(|e| e.ok())
        .filter(|e| {
            if e.depth() > 0 && e.path_is_symlink() {
                links.push(e.path().to_owned());
            }
            e.file_type().is_file()
        })
        .map(|e| e.into_path())
        .partition(|p| extension(p) == "md");
    // Markdown quire does not read as pages is never published as it is.
    let (stray, others): (Vec<PathBuf>, Vec<PathBuf>) = others
        .into_iter()
        .partition(|p| matches!(extension(p).as_str(), "markdown" | "mdx"));
    let numbering = Numbering::of(&dir, &files);
    let mut problems = Vec::new();
    let mut other_files = BTreeMap::new();
    for path in &others {
        let Ok(rel) = path.strip_prefix(&dir) else {
            continue;
        };
        if rel.to_str().is_none() {
            problems.push(unpublishable(
                root,
                path,
                "its name is not UTF-8, so it cannot be part of a URL: rename it",
            ));
            continue;
        }
        let rel = crate::url::slash_path(rel);
        let out = numbering.file_key(&rel);
        other_files.insert(rel, out);
    }
    for path in &stray {
        problems.push(unpublishable(
            root,
            path,
            "quire reads pages from `.md` files only: rename it to .md (an `.mdx` page needs `quire import docusaurus` first)",
        ));
    }
    for path in &links {
        let target = std::fs::read_link(path)
            .map(|t| format!(" (to {})", t.display()))
            .unwrap_or_default();
        problems.push(
            Diagnostic::error(
                Code::ContentRead,
                path.strip_prefix(root).unwrap_or(path),
                Position::START,
                format!("this is a link{target}; quire does not follow links inside a version folder, so nothing of it is published"),
            )
            .with_help("copy the file or folder here instead of linking to it"),
        );
    }

    let loaded: Vec<std::result::Result<Option<Page>, Diagnostic>> = files
        .par_iter()
        .map(|path| load_page(root, &dir, path, &numbering, git, options))
        .collect();
    let mut pages = Vec::new();
    for result in loaded {
        match result {
            Ok(Some(mut page)) => {
                problems.append(&mut page.problems);
                pages.push(page);
            }
            Ok(None) => {}
            Err(d) => problems.push(d),
        }
    }
    let is_latest = name == config.versions.latest;
    let pages = arrange(pages, config, name, &numbering.orders, &mut problems);
    let by_key = pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.key.clone(), i))
        .collect();
    let by_source = pages
        .iter()
        .enumerate()
        .filter(|(_, p)| !p.generated)
        .map(|(i, p)| (p.rel_source.clone(), i))
        .collect();
    let prefix = if is_latest {
        String::new()
    } else {
        format!("{name}/")
    };
    let urls = pages
        .iter()
        .map(|p| page_url(base_path, &prefix, &p.key))
        .collect();
    let version = Version {
        name: name.to_owned(),
        label: config.label_of(name),
        status: config.status_of(name),
        is_latest,
        prefix,
        pages,
        by_key,
        by_source,
        urls,
        files: other_files,
        numbering,
    };
    (version, problems)
}

/// An error for a file of a version folder that cannot be published.
fn unpublishable(root: &Path, path: &Path, why: &str) -> Diagnostic {
    Diagnostic::error(
        Code::ContentRead,
        path.strip_prefix(root).unwrap_or(path),
        Position::START,
        format!("this file is not published: {why}"),
    )
}

/// Reads one Markdown file of a version into a page; `Ok(None)` for a
/// draft when drafts are not built. A page whose front matter is broken is
/// still read, titled after its file, with the problem in `problems`.
pub fn load_page(
    root: &Path,
    version_dir: &Path,
    path: &Path,
    numbering: &Numbering,
    git: &HashMap<PathBuf, Date>,
    options: LoadOptions,
) -> std::result::Result<Option<Page>, Diagnostic> {
    let source = path.strip_prefix(root).unwrap_or(path).to_owned();
    let text = read_text(path, &source)?;
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    let (mut front, body_start, title_id) =
        read_front_matter(&text, &source, &stem, &mut problems, &mut warnings);
    if front.draft && !options.drafts {
        return Ok(None);
    }
    let rel = path.strip_prefix(version_dir).unwrap_or(path);
    let rel_source = crate::url::slash_path(rel);
    // Where there is one, a page's number is its order; a section's is
    // its folder's.
    let entry = if stem == "_index" {
        rel_source
            .rsplit_once('/')
            .map_or("", |(folder, _)| folder)
            .to_owned()
    } else {
        entry_path(&rel_source, &stem)
    };
    if front.order.is_none() {
        front.order = numbering.split(&entry).0;
    }
    let (key, parent) = numbering.page_key(&rel_source, &stem, front.slug.as_deref());
    let updated = front
        .updated
        .as_deref()
        .and_then(Date::parse_iso)
        .or_else(|| git.get(&source).copied())
        .or_else(|| date::modified(path));
    Ok(Some(Page {
        source,
        rel_source,
        text,
        body_start,
        front,
        key,
        is_section: stem == "_index",
        parent,
        generated: false,
        updated,
        children: Vec::new(),
        problems,
        warnings,
        title_id,
    }))
}

/// A file's text; errors for a file that cannot be read or is not UTF-8.
fn read_text(path: &Path, source: &Path) -> std::result::Result<String, Diagnostic> {
    let bytes = read_file(path).map_err(|e| {
        Diagnostic::error(
            Code::ContentRead,
            source,
            Position::START,
            format!("cannot read this file: {e}"),
        )
    })?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let prefix = std::str::from_utf8(&bytes[..valid]).unwrap_or_default();
        Diagnostic::error(
            Code::ContentEncoding,
            source,
            Position::of(prefix, valid),
            format!(
                "this file is not UTF-8 (byte 0x{:02X} cannot start a character here)",
                bytes[valid]
            ),
        )
        .with_help(
            "save the file with UTF-8 encoding (most editors: \"Save with encoding\" > UTF-8)",
        )
    })
}

/// The page's front matter, where its body starts, and the id its title
/// heading set. Front matter is optional: without a `title`, the page's
/// opening `#` heading is its title, and the body starts after it. Broken front matter, or a page
/// with no title at all, is a problem, and a stand-in titled after the
/// file takes its place, so the rest of the page is still checked.
fn read_front_matter(
    text: &str,
    source: &Path,
    stem: &str,
    problems: &mut Vec<Diagnostic>,
    warnings: &mut Vec<Diagnostic>,
) -> (FrontMatter, usize, Option<String>) {
    let mut stand_in = |found: Vec<Diagnostic>| {
        problems.extend(found);
        FrontMatter {
            title: humanise(stem),
            ..FrontMatter::default()
        }
    };
    let split = match front_matter::split(text, source) {
        Ok(split) => split,
        Err(problem) => return (stand_in(vec![problem]), 0, None),
    };
    let (mut front, body_start) = match &split {
        Some(split) => match front_matter::parse(text, split, source) {
            Ok((front, mut found)) => {
                warnings.append(&mut found);
                (front, split.body_start)
            }
            Err(found) => return (stand_in(found), split.body_start, None),
        },
        None => (
            FrontMatter::default(),
            usize::from(text.starts_with('\u{feff}')) * 3,
        ),
    };
    if !front.title.is_empty() {
        return (front, body_start, None);
    }
    // A page that opens with another heading is told which.
    let opens_with = text[body_start..]
        .lines()
        .find(|l| !l.trim().is_empty())
        .filter(|l| l.trim_start().starts_with('#'))
        .map(|l| format!(" (it starts with `{}`)", l.trim()))
        .unwrap_or_default();
    match title::opening_heading(text, body_start) {
        Some((title, after)) => {
            front.title = title;
            (front, after, title::opening_heading_id(text, body_start))
        }
        None if split.is_some() => {
            let problem = Diagnostic::error(
                Code::FrontMatterTitle,
                source,
                Position::of(text, split.map_or(0, |s| s.yaml_start)),
                format!("this page has no title: its front matter has no `title`, and the page does not start with a level-1 `#` heading{opens_with}"),
            )
            .with_help("add a line `title: Your page title` between the `---` lines, or start the page with `# Your page title`");
            (stand_in(vec![problem]), body_start, None)
        }
        None => {
            let problem = Diagnostic::error(
                Code::FrontMatterMissing,
                source,
                Position::START,
                format!("this page has no title: it has no front matter, and it does not start with a level-1 `#` heading{opens_with}"),
            )
            .with_help("start the page with a heading `# Your page title`, or with front matter: a line `---`, then `title: Your page title`, then another `---`");
            (stand_in(vec![problem]), body_start, None)
        }
    }
}

/// A name's leading number, which orders it among its siblings, and the
/// name without it: `01-intro` is 1 and `intro`, `2_setup` is 2 and
/// `setup`. One to three digits, then `-`, `_`, `.` or a space, then a
/// name that does not start with a digit, so that `2024-05-notes` and
/// `1.2-release` keep their numbers.
pub fn number_prefix(name: &str) -> Option<(i64, &str)> {
    let digits = name.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=3).contains(&digits) {
        return None;
    }
    let rest = name[digits..].strip_prefix(['-', '_', '.', ' '])?;
    let rest = rest.trim_start_matches([' ', '-', '_']);
    if rest.is_empty() || rest.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    Some((name[..digits].parse().ok()?, rest))
}

/// Which folders of a version number their entries. In a folder where
/// every page and page folder starts with a number (`01-intro.md`,
/// `02-setup/`), the numbers order them and are left out of their URLs,
/// as Docusaurus does. Elsewhere a leading number is part of a name
/// (`2-factor-auth.md`, `365-days.md`), so quire's ordering never moves a
/// page that was already published.
#[derive(Debug, Default, Clone)]
pub struct Numbering {
    /// Numbered folders, relative to the version folder (`guides`; `` is
    /// the version folder itself).
    folders: HashSet<String>,
    /// The order numbered folders give their sections, by section key.
    orders: HashMap<String, i64>,
}

impl Numbering {
    /// The numbering of the version folder `dir`, from its pages.
    fn of(dir: &Path, pages: &[PathBuf]) -> Numbering {
        // Each folder's entries: its pages (not its `_index.md`) and the
        // folders below it that hold pages.
        let mut all_numbered: HashMap<String, bool> = HashMap::new();
        let mut folders: HashSet<String> = HashSet::new();
        for page in pages {
            let Some(rel) = page.strip_prefix(dir).ok().and_then(Path::to_str) else {
                continue;
            };
            let rel = rel.replace(std::path::MAIN_SEPARATOR, "/");
            let (folder, file) = rel.rsplit_once('/').unwrap_or(("", &rel));
            let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
            let mut entries: Vec<&str> = folder.split('/').filter(|f| !f.is_empty()).collect();
            let mut path = String::new();
            for name in &entries {
                if !path.is_empty() {
                    path.push('/');
                }
                path.push_str(name);
                folders.insert(path.clone());
            }
            if stem != "_index" {
                entries.push(stem);
            }
            let mut parent = String::new();
            for name in entries {
                *all_numbered.entry(parent.clone()).or_insert(true) &=
                    number_prefix(name).is_some();
                if !parent.is_empty() {
                    parent.push('/');
                }
                parent.push_str(name);
            }
        }
        let mut numbering = Numbering {
            folders: all_numbered
                .into_iter()
                .filter_map(|(folder, numbered)| numbered.then_some(folder))
                .collect(),
            orders: HashMap::new(),
        };
        for folder in &folders {
            if let (Some(order), _) = numbering.split(folder) {
                let key = numbering.folder_key(folder);
                numbering.orders.insert(key, order);
            }
        }
        numbering
    }

    /// The order and the URL name of the entry at `rel` (a page's path
    /// without `.md`, or a folder's path), relative to the version folder.
    fn split<'a>(&self, rel: &'a str) -> (Option<i64>, &'a str) {
        let (folder, name) = rel.rsplit_once('/').unwrap_or(("", rel));
        if self.folders.contains(folder)
            && let Some((n, rest)) = number_prefix(name)
        {
            return (Some(n), rest);
        }
        (None, name)
    }

    /// The URL path of `folder` (`02-guides/My Shots` is
    /// `guides/my-shots/` when the version folder numbers its entries).
    fn folder_key(&self, folder: &str) -> String {
        let mut key = String::new();
        let mut at = 0;
        for name in folder.split('/') {
            if name.is_empty() {
                at += 1;
                continue;
            }
            at += name.len();
            key.push_str(&segment(self.split(&folder[..at]).1));
            key.push('/');
            at += 1;
        }
        key
    }

    /// The page's key (`guides/x/`) and its section's key, from its path
    /// in the version folder and its slug.
    fn page_key(&self, rel: &str, stem: &str, slug: Option<&str>) -> (String, Option<String>) {
        let folder = rel.rsplit_once('/').map_or("", |(f, _)| f);
        let dir_key = self.folder_key(folder);
        if stem == "_index" {
            let parent = (!dir_key.is_empty()).then(|| parent_key(&dir_key));
            (dir_key, parent)
        } else {
            let own = entry_path(rel, stem);
            let slug = slug.map_or_else(|| segment(self.split(&own).1), str::to_owned);
            (format!("{dir_key}{slug}/"), Some(dir_key))
        }
    }

    /// Where a file of the version folder other than a page is published,
    /// below the version: its folders as pages' URLs name them, its own
    /// name as it is (`guides/My Shots/a b.png` is `guides/my-shots/a b.png`).
    fn file_key(&self, rel: &str) -> String {
        let (folder, name) = rel.rsplit_once('/').unwrap_or(("", rel));
        format!("{}{name}", self.folder_key(folder))
    }
}

/// A page's path in the version folder without its extension, as an
/// entry of its folder (`guides/01-intro.md` is `guides/01-intro`).
fn entry_path(rel: &str, stem: &str) -> String {
    match rel.rsplit_once('/') {
        Some((folder, _)) => format!("{folder}/{stem}"),
        None => stem.to_owned(),
    }
}

/// The key of the section above `key` (`a/b/` -> `a/`, `a/` -> ``).
fn parent_key(key: &str) -> String {
    let trimmed = key.trim_end_matches('/');
    match trimmed.rfind('/') {
        Some(i) => trimmed[..=i].to_owned(),
        None => String::new(),
    }
}

/// A folder or file name as a URL segment: kept when URL-safe, else slugged.
fn segment(name: &str) -> String {
    if !name.is_empty()
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        name.to_owned()
    } else {
        crate::url::slugify(name)
    }
}

/// A file or folder name as a title: `getting-started` is "Getting started".
pub(crate) fn humanise(segment: &str) -> String {
    let words = segment.replace(['-', '_'], " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => words,
    }
}

/// Adds missing section pages, rejects duplicate URLs, links children to
/// their sections and orders everything parents-first. A generated
/// section takes its folder's number as its order.
fn arrange(
    pages: Vec<Page>,
    config: &Config,
    version: &str,
    folder_orders: &HashMap<String, i64>,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Page> {
    let mut by_key = unique_urls(pages, config, version, problems);
    add_missing_sections(&mut by_key, config, version);
    for (key, order) in folder_orders {
        if let Some(section) = by_key.get_mut(key).filter(|p| p.generated) {
            section.front.order = Some(*order);
        }
    }
    tree_order(by_key)
}

/// The pages by key; a second page wanting a taken URL is an error.
fn unique_urls(
    pages: Vec<Page>,
    config: &Config,
    version: &str,
    problems: &mut Vec<Diagnostic>,
) -> BTreeMap<String, Page> {
    let mut by_key: BTreeMap<String, Page> = BTreeMap::new();
    for page in pages {
        if let Some(existing) = by_key.get(&page.key) {
            problems.push(
                Diagnostic::error(
                    Code::ContentDuplicateUrl,
                    &page.source,
                    Position::START,
                    format!(
                        "this page and {} both want the URL /{}{}",
                        existing.source.display(),
                        if version == config.versions.latest {
                            String::new()
                        } else {
                            format!("{version}/")
                        },
                        page.key
                    ),
                )
                .with_help(
                    "give one of them another `slug` in its front matter, or rename the file",
                ),
            );
            continue;
        }
        by_key.insert(page.key.clone(), page);
    }
    by_key
}

/// Every ancestor of every page must exist as a section: a folder without
/// `_index.md` gets a generated page listing its contents.
fn add_missing_sections(by_key: &mut BTreeMap<String, Page>, config: &Config, version: &str) {
    let mut missing = Vec::new();
    if !by_key.contains_key("") {
        missing.push(String::new());
    }
    for page in by_key.values() {
        let mut parent = page.parent.clone();
        while let Some(key) = parent {
            if !by_key.contains_key(&key) && !missing.contains(&key) {
                missing.push(key.clone());
            }
            parent = (!key.is_empty()).then(|| parent_key(&key));
        }
    }
    for key in missing {
        let name = key
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or_default();
        let title = if key.is_empty() {
            config.title.clone()
        } else {
            humanise(name)
        };
        let parent = (!key.is_empty()).then(|| parent_key(&key));
        let source = PathBuf::from(CONTENT_DIR)
            .join(version)
            .join(&key)
            .join("_index.md");
        by_key.insert(
            key.clone(),
            Page {
                source,
                rel_source: format!("{key}_index.md"),
                text: String::new(),
                body_start: 0,
                front: FrontMatter {
                    title,
                    ..FrontMatter::default()
                },
                key,
                parent,
                is_section: true,
                generated: true,
                updated: None,
                children: Vec::new(),
                problems: Vec::new(),
                warnings: Vec::new(),
                title_id: None,
            },
        );
    }
}

/// The pages depth-first from the home page, siblings by `order`, then
/// title; each section knows its children's indexes.
fn tree_order(mut by_key: BTreeMap<String, Page>) -> Vec<Page> {
    let mut children: HashMap<String, Vec<String>> = HashMap::new();
    for page in by_key.values() {
        if let Some(parent) = &page.parent {
            children
                .entry(parent.clone())
                .or_default()
                .push(page.key.clone());
        }
    }
    for list in children.values_mut() {
        list.sort_by_cached_key(|key| {
            let page = &by_key[key];
            (
                page.front.order.unwrap_or(i64::MAX),
                page.title().to_lowercase(),
                key.clone(),
            )
        });
    }
    let mut ordered = Vec::with_capacity(by_key.len());
    let mut stack = vec![String::new()];
    while let Some(key) = stack.pop() {
        if let Some(kids) = children.get(&key) {
            stack.extend(kids.iter().rev().cloned());
        }
        ordered.push(key);
    }
    let index: HashMap<&String, usize> = ordered.iter().enumerate().map(|(i, k)| (k, i)).collect();
    let child_indexes: HashMap<String, Vec<usize>> = children
        .iter()
        .map(|(k, kids)| (k.clone(), kids.iter().map(|c| index[c]).collect()))
        .collect();
    ordered
        .iter()
        .map(|key| {
            let mut page = by_key
                .remove(key)
                .expect("every ordered key was taken from the map");
            page.children = child_indexes.get(key).cloned().unwrap_or_default();
            page
        })
        .collect()
}

/// The bytes of the plain file at `path`, which the walk of content/
/// found; an error for one that is no longer such a file.
pub(crate) fn read_file(path: &Path) -> std::io::Result<Vec<u8>> {
    read_plain(path, u64::MAX).and_then(|read| read.map_err(std::io::Error::other))
}

/// At most `limit` bytes of the plain file at `path`, or why it is not
/// read: a link or anything but a plain file put in its place since it
/// was seen is refused, not followed or waited on.
pub(crate) fn read_plain(
    path: &Path,
    limit: u64,
) -> std::io::Result<std::result::Result<Vec<u8>, &'static str>> {
    use std::io::Read as _;
    let Some(file) = open_unfollowed(path)? else {
        return Ok(Err("it is now a link, which quire does not follow"));
    };
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Ok(Err("it is no longer a plain file"));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len().min(limit)).unwrap_or(0));
    // Through `take`, which reads without asking the file's size again.
    file.take(limit).read_to_end(&mut bytes)?;
    Ok(Ok(bytes))
}

/// `path` opened for reading, or `None` if it is now a symbolic link
/// (the caller saw a plain file there before). Something else swapped
/// in meanwhile opens without waiting (a FIFO), for its metadata to be
/// refused.
fn open_unfollowed(path: &Path) -> std::io::Result<Option<std::fs::File>> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        match std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
            .open(path)
        {
            Err(e) if e.raw_os_error() == Some(libc::ELOOP) => Ok(None),
            opened => opened.map(Some),
        }
    }
    // Elsewhere, the caller's check is all there is.
    #[cfg(not(unix))]
    {
        std::fs::File::open(path).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn read_file_reads_files_and_refuses_links_and_fifos() {
        let dir = tempfile::tempdir().expect("tempdir");
        let page = dir.path().join("page.md");
        std::fs::write(&page, "# Page\n").expect("write");
        assert_eq!(read_file(&page).expect("read"), b"# Page\n");
        let link = dir.path().join("link.md");
        std::os::unix::fs::symlink(&page, &link).expect("symlink");
        let error = read_file(&link).expect_err("a link");
        assert!(error.to_string().contains("now a link"), "{error}");
        // A FIFO with no writer: refused at once, not waited on.
        let fifo = dir.path().join("fifo.md");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo");
        assert!(made.success());
        let error = read_file(&fifo).expect_err("a FIFO");
        assert!(
            error.to_string().contains("no longer a plain file"),
            "{error}"
        );
    }

    #[test]
    fn parent_keys() {
        assert_eq!(parent_key("a/b/"), "a/");
        assert_eq!(parent_key("a/"), "");
        assert_eq!(parent_key("a/b/c/"), "a/b/");
    }

    #[test]
    fn segments_keep_safe_names() {
        assert_eq!(segment("dynamics-365"), "dynamics-365");
        assert_eq!(segment("My Guide"), "my-guide");
        assert_eq!(humanise("getting-started"), "Getting started");
    }

    #[test]
    fn leading_numbers_order_files_and_folders() {
        assert_eq!(number_prefix("01-intro"), Some((1, "intro")));
        assert_eq!(number_prefix("2_setup"), Some((2, "setup")));
        assert_eq!(number_prefix("10. Last steps"), Some((10, "Last steps")));
        assert_eq!(number_prefix("2024-05-notes"), None);
        assert_eq!(number_prefix("1.2-release"), None);
        assert_eq!(number_prefix("365"), None);
        assert_eq!(number_prefix("intro"), None);
        assert_eq!(number_prefix("3-"), None);
        let pages = |paths: &[&str]| -> Vec<PathBuf> {
            paths.iter().map(|p| Path::new("/v").join(p)).collect()
        };
        // Every entry of the version folder and of 02-guides is numbered.
        let numbering = Numbering::of(
            Path::new("/v"),
            &pages(&[
                "_index.md",
                "01-start.md",
                "02-guides/01-intro.md",
                "02-guides/03-deep/x.md",
            ]),
        );
        assert_eq!(
            numbering.page_key("02-guides/01-intro.md", "01-intro", None),
            ("guides/intro/".to_owned(), Some("guides/".to_owned()))
        );
        assert_eq!(numbering.split("02-guides/01-intro"), (Some(1), "intro"));
        assert_eq!(
            numbering.file_key("02-guides/My Shots/a b.png"),
            "guides/my-shots/a b.png"
        );
        assert_eq!(numbering.file_key("logo.svg"), "logo.svg");
        assert_eq!(numbering.orders.get("guides/"), Some(&2));
        assert_eq!(numbering.orders.get("guides/deep/"), Some(&3));
        // Beside unnumbered names, a number is part of the name.
        let numbering = Numbering::of(
            Path::new("/v"),
            &pages(&[
                "guides/2-factor-auth.md",
                "guides/setup.md",
                "365-days.md",
                "about.md",
            ]),
        );
        assert_eq!(
            numbering
                .page_key("guides/2-factor-auth.md", "2-factor-auth", None)
                .0,
            "guides/2-factor-auth/"
        );
        assert_eq!(
            numbering.page_key("365-days.md", "365-days", None).0,
            "365-days/"
        );
        assert_eq!(numbering.split("guides/2-factor-auth").0, None);
        assert_eq!(entry_path("a/Upper.MD", "Upper"), "a/Upper");
    }
}
