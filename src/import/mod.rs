//! `quire import`: a help centre written for Docusaurus, MkDocs, mdBook
//! or as a plain folder of Markdown, brought into a quire version folder.
//!
//! [`plan`] reads the source and works out every file to write, in
//! memory; `quire import` then writes them, so a source that cannot be
//! read leaves nothing half-written. Navigation (`SUMMARY.md`, `nav`,
//! `_category_` files, `sidebar_position`) becomes titles and `order`;
//! admonitions become GitHub alerts; links follow the pages they point at
//! to their new names; what cannot be converted is listed with its line.

pub mod convert;
pub mod links;
pub mod nav;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Serialize;

use links::Target;
use nav::{Nav, Place};

/// The tools `quire import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A Docusaurus site (its folder, with docs/) or its docs folder
    Docusaurus,
    /// An MkDocs project: the folder with mkdocs.yml
    Mkdocs,
    /// An mdBook book: the folder with book.toml
    Mdbook,
    /// A folder of Markdown files, e.g. exported from ReadMe, GitBook or Zendesk
    Markdown,
}

impl Format {
    /// The tool's name, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Format::Docusaurus => "Docusaurus",
            Format::Mkdocs => "MkDocs",
            Format::Mdbook => "mdBook",
            Format::Markdown => "Markdown",
        }
    }
}

/// Something to fix by hand, at a line of a source file (0: the file).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Note {
    /// The source file, relative to the docs folder.
    pub file: String,
    /// Its line, from 1; 0 when the note is about the whole file.
    pub line: usize,
    /// What, and what to do.
    pub what: String,
}

impl Note {
    /// A note at `line` of `file`.
    pub fn at(file: &str, line: usize, what: String) -> Note {
        Note {
            file: file.to_owned(),
            line,
            what,
        }
    }
}

/// Everything an import would write, and what it found.
#[derive(Debug, Default)]
pub struct Plan {
    /// The docs folder read.
    pub docs: PathBuf,
    /// Pages: path in the version folder, and their text.
    pub pages: Vec<(String, String)>,
    /// Files the pages use: their bytes, and their path in the version
    /// folder.
    pub files: Vec<(Vec<u8>, String)>,
    /// Files the pages link by a root path: their bytes, and their path
    /// in `static/`.
    pub statics: Vec<(Vec<u8>, String)>,
    /// The site's title, for a new site.toml.
    pub title: String,
    /// The site's address, for a new site.toml, when the source has one.
    pub base_url: Option<String>,
    /// What was converted, by kind.
    pub counts: BTreeMap<String, usize>,
    /// Front matter keys quire has no use for, dropped, with how often.
    pub dropped_keys: BTreeMap<String, usize>,
    /// What could not be converted, with where.
    pub notes: Vec<Note>,
    /// Source files not imported, and why.
    pub left_out: Vec<(String, &'static str)>,
    /// Files mdBook includes brought into pages, canonical.
    included: BTreeSet<PathBuf>,
}

/// Front matter as quire reads it.
#[derive(Debug, Default, Serialize)]
struct Front {
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    slug: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    order: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    updated: Option<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    draft: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    aliases: Vec<String>,
}

impl Front {
    fn is_empty(&self) -> bool {
        self.title.is_none()
            && self.description.is_none()
            && self.slug.is_none()
            && self.order.is_none()
            && self.updated.is_none()
            && !self.draft
            && self.aliases.is_empty()
    }

    /// The front matter block, or nothing when it is empty.
    fn block(&self) -> String {
        if self.is_empty() {
            return String::new();
        }
        let yaml = serde_yaml::to_string(self).unwrap_or_default();
        format!("---\n{yaml}---\n\n")
    }
}

/// Where a source keeps its pages and what its configuration says.
struct Source {
    /// The folder given to `quire import`.
    root: PathBuf,
    docs: PathBuf,
    title: String,
    base_url: Option<String>,
    static_dir: Option<PathBuf>,
    /// MkDocs' `callouts` extension: `NOTE:` paragraphs are admonitions.
    callouts: bool,
    /// Files that are navigation only, never pages.
    nav_files: BTreeSet<String>,
    /// Only pages the navigation lists are built (mdBook).
    listed_only: bool,
}

/// Reads the source at `path` and works out the import. Errors are for
/// a source that is not of `format`, or cannot be read.
pub fn plan(format: Format, path: &Path) -> Result<Plan, String> {
    let mut notes = Vec::new();
    let mut nav = Nav::default();
    let source = source(format, path, &mut nav, &mut notes)?;
    // The pages must be the source's own: a `docs_dir: ../elsewhere`, a
    // book's `src`, or a linked folder may not lead out of it.
    let inside = match (
        std::fs::canonicalize(path),
        std::fs::canonicalize(&source.docs),
    ) {
        (Ok(root), Ok(docs)) => {
            let root = if root.is_file() {
                root.parent().map(Path::to_path_buf).unwrap_or(root)
            } else {
                root
            };
            docs.starts_with(root)
        }
        _ => false,
    };
    if !inside {
        return Err(format!(
            "the pages' folder {} is not inside {}: quire imports only what the source holds",
            source.docs.display(),
            path.display()
        ));
    }
    let walked = walk(&source.docs)?;
    if format == Format::Docusaurus {
        // Numbered folders are ordered by their numbers, as in Docusaurus.
        for page in &walked.pages {
            let mut folder = page.as_str();
            while let Some((parent, _)) = folder.rsplit_once('/') {
                let name = parent.rsplit('/').next().unwrap_or(parent);
                if let Some((n, _)) = crate::content::number_prefix(name) {
                    nav.folders
                        .entry(parent.to_owned())
                        .or_default()
                        .order
                        .get_or_insert(n);
                }
                folder = parent;
            }
        }
    }
    let mut plan = Plan {
        docs: source.docs.clone(),
        title: source.title.clone(),
        base_url: source.base_url.clone(),
        notes,
        ..Plan::default()
    };
    // Where each page and file goes.
    let mut pages: BTreeMap<String, String> = BTreeMap::new();
    let mut taken: BTreeSet<String> = BTreeSet::new();
    let mut md: Vec<&String> = walked.pages.iter().collect();
    // `index.md` before `README.md`: the first becomes the section page.
    md.sort_by_key(|p| (index_rank(format, p), (*p).clone()));
    for rel in md {
        if source.nav_files.contains(rel) {
            continue;
        }
        if source.listed_only && !nav.listed.contains(rel) {
            plan.left_out.push((
                rel.clone(),
                "not in SUMMARY.md, so the source does not publish it",
            ));
            continue;
        }
        let mut to = page_target(format, rel);
        // Docusaurus' `slug: /` makes a page the docs' home.
        if format == Format::Docusaurus && to != "_index.md" && !taken.contains("_index.md") {
            let text = std::fs::read_to_string(source.docs.join(rel)).unwrap_or_default();
            let slug = front_matter_of(&text)
                .0
                .and_then(|f| f.get("slug").and_then(|s| s.as_str()).map(str::to_owned));
            if slug.as_deref() == Some("/") {
                to = "_index.md".to_owned();
            }
        }
        if taken.contains(&to) {
            // Two source pages that would be one file (`a.md`, `a.mdx`,
            // or two index pages): the later one gets a free name.
            let stem = to.strip_suffix(".md").unwrap_or(&to).to_owned();
            let free = (2..)
                .map(|n| format!("{stem}-{n}.md"))
                .find(|name| !taken.contains(name))
                .expect("a free name");
            plan.notes.push(Note::at(
                rel,
                0,
                format!("would be {to}, which another page of the source is: imported as {free}"),
            ));
            to = free;
        }
        taken.insert(to.clone());
        if to.ends_with("_index.md") && !rel.ends_with("_index.md") {
            *plan
                .counts
                .entry("index pages renamed to _index.md".into())
                .or_default() += 1;
        }
        if rel.ends_with(".mdx") {
            *plan
                .counts
                .entry(".mdx pages renamed to .md".into())
                .or_default() += 1;
        }
        pages.insert(rel.clone(), to);
    }
    let files: BTreeMap<String, String> = walked
        .files
        .iter()
        .map(|rel| (rel.clone(), map_folders(format, rel)))
        .collect();
    for name in &walked.unreadable {
        plan.left_out.push((
            name.clone(),
            "its name is not UTF-8: rename it and import again",
        ));
    }
    for name in &walked.links {
        plan.left_out.push((
            name.clone(),
            "a link, which quire does not follow: copy what it points to here and import again",
        ));
    }
    let urls = docusaurus_urls(format, &source.docs, &pages);
    let mut texts: BTreeMap<String, String> = BTreeMap::new();
    for rel in pages.keys() {
        let path = source.docs.join(rel);
        let bytes =
            std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        match String::from_utf8(bytes) {
            Ok(text) => {
                texts.insert(rel.clone(), text);
            }
            Err(_) => plan.notes.push(Note::at(
                rel,
                0,
                "is not UTF-8; it was left out: save it as UTF-8 and import again".into(),
            )),
        }
    }
    let anchors: BTreeMap<&String, Anchors> = texts
        .iter()
        .map(|(rel, text)| (rel, Anchors::of(text)))
        .collect();
    let mut used: BTreeSet<String> = BTreeSet::new();
    let mut statics: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut orders: BTreeMap<String, i64> = BTreeMap::new();
    let mut anchors_fixed = 0;
    for (rel, text) in &texts {
        let to = &pages[rel];
        let links = Links {
            pages: &pages,
            files: &files,
            urls: &urls,
            static_dir: source.static_dir.as_deref(),
        };
        let mut resolve = |dest: &str| {
            if let Some(anchor) = dest.strip_prefix('#') {
                // An anchor on the page itself.
                let fixed = anchors.get(rel)?.fix(anchor);
                if fixed.as_deref() == Some(anchor) {
                    return None;
                }
                anchors_fixed += 1;
                return Some(Target::AsIs(format!("#{}", fixed.unwrap_or_default())));
            }
            let (target, old) = links.resolve(rel, dest, &mut used, &mut statics)?;
            match (target, old.and_then(|old| anchors.get(&old))) {
                (Target::Moved(to, suffix), Some(anchors)) if suffix.starts_with('#') => {
                    let fixed = anchors.fix(&suffix[1..]);
                    if fixed.as_deref() != Some(&suffix[1..]) {
                        anchors_fixed += 1;
                    }
                    Some(Target::Moved(
                        to,
                        fixed.map(|a| format!("#{a}")).unwrap_or_default(),
                    ))
                }
                (target, _) => Some(target),
            }
        };
        let page = convert_page(
            format,
            &source,
            rel,
            to,
            text,
            &nav,
            &mut resolve,
            &mut plan,
        );
        if let Some(order) = page.1 {
            orders.insert(to.clone(), order);
        }
        plan.pages.push((to.clone(), page.0));
    }
    if anchors_fixed > 0 {
        plan.counts.insert(
            "link anchors matched to quire's heading ids".into(),
            anchors_fixed,
        );
    }
    section_pages(&nav, &pages, &orders, &mut plan);
    // Every file is read now, so that nothing is written when one cannot be.
    let read = |path: &Path| {
        std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
    };
    for (rel, to) in &files {
        if used.contains(rel) {
            plan.files.push((read(&source.docs.join(rel))?, to.clone()));
        } else if !source.nav_files.contains(rel)
            && !std::fs::canonicalize(source.docs.join(rel))
                .is_ok_and(|p| plan.included.contains(&p))
        {
            plan.left_out.push((rel.clone(), "no page links to it"));
        }
    }
    for (url, from) in statics {
        plan.statics
            .push((read(&from)?, url.trim_start_matches('/').to_owned()));
    }
    plan.notes.sort();
    plan.notes.dedup();
    Ok(plan)
}

/// Pages first, then files, by path in the docs folder.
struct Walked {
    pages: Vec<String>,
    files: Vec<String>,
    /// Names that are not UTF-8, as well as they can be shown.
    unreadable: Vec<String>,
    /// Links, which are not followed.
    links: Vec<String>,
}

fn walk(docs: &Path) -> Result<Walked, String> {
    let mut walked = Walked {
        pages: Vec::new(),
        files: Vec::new(),
        unreadable: Vec::new(),
        links: Vec::new(),
    };
    let entries = walkdir::WalkDir::new(docs)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            e.depth() == 0
                || (name != "node_modules"
                    && (!name.starts_with('.') || (name == ".gitbook" && e.depth() == 1)))
        });
    for entry in entries {
        let entry = entry.map_err(|e| format!("cannot read {}: {e}", docs.display()))?;
        if entry.depth() > 0 && entry.path_is_symlink() {
            let rel = entry.path().strip_prefix(docs).unwrap_or(entry.path());
            walked.links.push(crate::url::slash_path(rel));
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(docs).unwrap_or(entry.path());
        if rel.to_str().is_none() {
            walked.unreadable.push(rel.to_string_lossy().into_owned());
            continue;
        }
        let rel = crate::url::slash_path(rel);
        let name = rel.rsplit('/').next().unwrap_or_default();
        if name.starts_with("_category_.") {
            continue;
        }
        if [".md", ".mdx", ".markdown"]
            .iter()
            .any(|x| rel.ends_with(x))
        {
            walked.pages.push(rel);
        } else {
            walked.files.push(rel);
        }
    }
    if walked.pages.is_empty() {
        return Err(format!("{} has no Markdown pages", docs.display()));
    }
    Ok(walked)
}

/// What a source's configuration says, and its docs folder.
fn source(
    format: Format,
    path: &Path,
    nav: &mut Nav,
    notes: &mut Vec<Note>,
) -> Result<Source, String> {
    if !path.exists() {
        return Err(format!("{} does not exist", path.display()));
    }
    let folder_title = || {
        let name = std::fs::canonicalize(path)
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "Help Center".to_owned());
        crate::content::humanise(&name)
    };
    let mut source = Source {
        root: if path.is_file() {
            path.parent().unwrap_or(path).to_owned()
        } else {
            path.to_owned()
        },
        docs: path.to_owned(),
        title: folder_title(),
        base_url: None,
        static_dir: None,
        callouts: false,
        nav_files: BTreeSet::new(),
        listed_only: false,
    };
    let mut counter = 0i64;
    match format {
        Format::Markdown => {
            if let Ok(summary) = std::fs::read_to_string(path.join("SUMMARY.md")) {
                nav.add_summary("SUMMARY.md", &summary, &mut counter, notes);
                source.nav_files.insert("SUMMARY.md".into());
            }
        }
        Format::Mdbook => {
            let book = std::fs::read_to_string(path.join("book.toml")).map_err(|_| {
                format!(
                    "{} has no book.toml: give the folder of an mdBook book",
                    path.display()
                )
            })?;
            let book: toml::Table =
                toml::from_str(&book).map_err(|e| format!("cannot read book.toml: {e}"))?;
            let section = book.get("book").and_then(|b| b.as_table());
            if let Some(title) = section
                .and_then(|b| b.get("title"))
                .and_then(|t| t.as_str())
            {
                source.title = title.to_owned();
            }
            let src = section
                .and_then(|b| b.get("src"))
                .and_then(|s| s.as_str())
                .unwrap_or("src");
            source.docs = path.join(src);
            let summary = std::fs::read_to_string(source.docs.join("SUMMARY.md"))
                .map_err(|_| format!("{} has no SUMMARY.md", source.docs.display()))?;
            nav.add_summary("SUMMARY.md", &summary, &mut counter, notes);
            source.nav_files.insert("SUMMARY.md".into());
            source.listed_only = true;
        }
        Format::Mkdocs => {
            let file = if path.is_file() {
                path.to_owned()
            } else {
                path.join("mkdocs.yml")
            };
            let dir = file.parent().unwrap_or(Path::new(".")).to_owned();
            let text = std::fs::read_to_string(&file).map_err(|_| {
                format!(
                    "{} has no mkdocs.yml: give the folder of an MkDocs project",
                    path.display()
                )
            })?;
            // MkDocs files may hold Python tags (`!!python/name:…`):
            // they are read as tagged values and ignored.
            if let Some((_, why)) = crate::content::front_matter::over_limits(&text) {
                return Err(format!("mkdocs.yml {why}"));
            }
            let config: serde_yaml::Value =
                serde_yaml::from_str(&text).map_err(|e| format!("cannot read mkdocs.yml: {e}"))?;
            if let Some(name) = config.get("site_name").and_then(|v| v.as_str()) {
                source.title = name.to_owned();
            }
            source.base_url = config
                .get("site_url")
                .and_then(|v| v.as_str())
                .map(str::to_owned);
            let docs_dir = config
                .get("docs_dir")
                .and_then(|v| v.as_str())
                .unwrap_or("docs");
            source.docs = dir.join(docs_dir);
            let extensions = config.get("markdown_extensions");
            source.callouts = yaml_names(extensions).iter().any(|n| n == "callouts");
            let plugins = config.get("plugins");
            let literate = yaml_entry(plugins, "literate-nav").map(|c| {
                c.get("nav_file")
                    .and_then(|v| v.as_str())
                    .unwrap_or("SUMMARY.md")
                    .to_owned()
            });
            let docs = source.docs.clone();
            let read = |folder: &str| {
                let nav_file = literate.as_deref()?;
                let file = if folder.is_empty() {
                    nav_file.to_owned()
                } else {
                    format!("{folder}/{nav_file}")
                };
                Some((
                    file.clone(),
                    std::fs::read_to_string(docs.join(&file)).ok()?,
                ))
            };
            match config.get("nav") {
                Some(items) => {
                    nav.add_mkdocs(items, &mut counter, notes, &read);
                }
                None => {
                    if let Some((file, text)) = read("") {
                        nav.add_summary(&file, &text, &mut counter, notes);
                    }
                }
            }
            // A literate-nav file that is not an index page is navigation only.
            if let Some(nav_file) = &literate
                && !is_index_name(nav_file.trim_end_matches(".md"))
            {
                for entry in walkdir::WalkDir::new(&source.docs)
                    .into_iter()
                    .filter_map(Result::ok)
                {
                    if entry.file_name().to_string_lossy() == *nav_file {
                        let rel = crate::url::slash_path(
                            entry
                                .path()
                                .strip_prefix(&source.docs)
                                .unwrap_or(entry.path()),
                        );
                        source.nav_files.insert(rel);
                    }
                }
            }
            for key in ["extra_css", "extra_javascript", "hooks"] {
                if config.get(key).is_some() {
                    notes.push(Note::at("mkdocs.yml", 0, format!("`{key}` is not imported: quire's look comes from its theme (themes/, templates/)")));
                }
            }
        }
        Format::Docusaurus => {
            let site = if path.join("docs").is_dir() {
                path.to_owned()
            } else {
                path.parent().unwrap_or(path).to_owned()
            };
            if path.join("docs").is_dir() {
                source.docs = path.join("docs");
            }
            for name in [
                "docusaurus.config.js",
                "docusaurus.config.ts",
                "docusaurus.config.mjs",
            ] {
                if let Ok(config) = std::fs::read_to_string(site.join(name)) {
                    let grab = |key: &str| {
                        regex::Regex::new(&format!(r#"(?m)^\s*{key}\s*:\s*['"`]([^'"`]+)['"`]"#))
                            .ok()?
                            .captures(&config)
                            .map(|c| c[1].to_owned())
                    };
                    if let Some(title) = grab("title") {
                        source.title = title;
                    }
                    if let Some(url) = grab("url") {
                        let base = grab("baseUrl").unwrap_or_else(|| "/".into());
                        source.base_url = Some(format!("{}{}", url.trim_end_matches('/'), base));
                    }
                }
            }
            if site.join("static").is_dir() {
                source.static_dir = Some(site.join("static"));
            }
            for sidebars in ["sidebars.js", "sidebars.ts"] {
                if let Ok(text) = std::fs::read_to_string(site.join(sidebars))
                    && !text.contains("autogenerated")
                {
                    notes.push(Note::at(sidebars, 0, "lists pages by hand in JavaScript, which is not read: pages are ordered by `sidebar_position`, `_category_` files and file names; check the order".into()));
                }
            }
            categories(&source.docs, nav, notes);
        }
    }
    if !source.docs.is_dir() {
        return Err(format!(
            "{} is not a folder of pages",
            source.docs.display()
        ));
    }
    Ok(source)
}

/// Docusaurus' `_category_.json` / `.yml` files: a folder's label,
/// position and generated index's description.
fn categories(docs: &Path, nav: &mut Nav, notes: &mut Vec<Note>) {
    for entry in walkdir::WalkDir::new(docs)
        .into_iter()
        .filter_map(Result::ok)
    {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.starts_with("_category_.") {
            continue;
        }
        let rel = crate::url::slash_path(entry.path().strip_prefix(docs).unwrap_or(entry.path()));
        let folder = rel.rsplit_once('/').map_or("", |(d, _)| d).to_owned();
        let Ok(text) = std::fs::read_to_string(entry.path()) else {
            continue;
        };
        let value: Option<serde_yaml::Value> = if name.ends_with(".json") {
            serde_json::from_str::<serde_json::Value>(&text)
                .ok()
                .and_then(|v| serde_yaml::to_value(v).ok())
        } else if crate::content::front_matter::over_limits(&text).is_none() {
            serde_yaml::from_str(&text).ok()
        } else {
            None
        };
        let Some(value) = value else {
            notes.push(Note::at(
                &rel,
                0,
                "could not be read; its folder keeps its own name and order".into(),
            ));
            continue;
        };
        let link = value.get("link");
        if link.and_then(|l| l.get("type")).and_then(|t| t.as_str()) == Some("doc") {
            notes.push(Note::at(&rel, 0, "links the category to a page by its id; move that page into the folder as _index.md to make it the section's page".into()));
        }
        nav.folders.insert(
            folder,
            Place {
                title: value
                    .get("label")
                    .and_then(|v| v.as_str())
                    .map(str::to_owned),
                order: value.get("position").and_then(yaml_number),
                description: link
                    .and_then(|l| l.get("description"))
                    .and_then(|v| v.as_str())
                    .map(str::to_owned),
            },
        );
    }
}

/// Where a page goes in the version folder.
fn page_target(format: Format, rel: &str) -> String {
    let (dir, name) = rel.rsplit_once('/').unwrap_or(("", rel));
    let stem = page_stem(name);
    let folder = dir.rsplit('/').next().unwrap_or_default();
    let named_after_folder = format == Format::Docusaurus && !folder.is_empty() && stem == folder;
    let name = if is_index_name(stem) || named_after_folder {
        "_index.md".to_owned()
    } else if format == Format::Docusaurus {
        format!("{}.md", unnumbered(stem))
    } else {
        format!("{stem}.md")
    };
    map_folders(
        format,
        &if dir.is_empty() {
            name
        } else {
            format!("{dir}/{name}")
        },
    )
}

/// A page's file name without its extension.
fn page_stem(name: &str) -> &str {
    name.trim_end_matches(".mdx")
        .trim_end_matches(".markdown")
        .trim_end_matches(".md")
}

/// A name without the number Docusaurus orders it by (`01-intro` is
/// `intro`): Docusaurus leaves numbers out of every URL, and the import
/// writes them as `order` instead, so that each page keeps its URL.
fn unnumbered(name: &str) -> &str {
    crate::content::number_prefix(name).map_or(name, |(_, rest)| rest)
}

fn is_index_name(stem: &str) -> bool {
    stem.eq_ignore_ascii_case("readme") || stem == "index" || stem == "_index"
}

/// Which of two pages of a folder becomes its section page: `index`, then
/// `README`, then a Docusaurus page named after its folder.
fn index_rank(format: Format, rel: &str) -> u8 {
    let stem = rel
        .rsplit('/')
        .next()
        .unwrap_or(rel)
        .split('.')
        .next()
        .unwrap_or_default();
    match stem {
        "_index" => 0,
        "index" => 1,
        s if s.eq_ignore_ascii_case("readme") => 2,
        _ if format == Format::Docusaurus => 3,
        _ => 4,
    }
}

/// Folders renamed on the way: GitBook's hidden `.gitbook/assets/`, and a
/// top-level `assets/`, which quire keeps for the theme's files.
fn map_folders(format: Format, rel: &str) -> String {
    if format == Format::Docusaurus {
        let (dir, name) = rel.rsplit_once('/').unwrap_or(("", rel));
        let mut out: Vec<&str> = dir
            .split('/')
            .filter(|d| !d.is_empty())
            .map(unnumbered)
            .collect();
        out.push(name);
        return map_folders(Format::Markdown, &out.join("/"));
    }
    if let Some(rest) = rel.strip_prefix(".gitbook/assets/") {
        return format!("images/{rest}");
    }
    if let Some(rest) = rel.strip_prefix(".gitbook/") {
        return format!("gitbook/{rest}");
    }
    if let Some(rest) = rel.strip_prefix("assets/") {
        return format!("media/{rest}");
    }
    rel.to_owned()
}

/// Each Docusaurus page's URL path (`/docs/guides/intro`), for links
/// written as URLs.
fn docusaurus_urls(
    format: Format,
    docs: &Path,
    pages: &BTreeMap<String, String>,
) -> BTreeMap<String, String> {
    let mut urls = BTreeMap::new();
    if format != Format::Docusaurus {
        return urls;
    }
    for rel in pages.keys() {
        let (dir, name) = rel.rsplit_once('/').unwrap_or(("", rel));
        let stem = name.split('.').next().unwrap_or_default();
        let dirs: Vec<&str> = dir
            .split('/')
            .filter(|d| !d.is_empty())
            .map(unnumbered)
            .collect();
        let front = std::fs::read_to_string(docs.join(rel))
            .ok()
            .and_then(|t| front_matter_of(&t).0);
        let get = |key: &str| {
            front
                .as_ref()
                .and_then(|f| f.get(key))
                .and_then(|v| v.as_str())
                .map(str::to_owned)
        };
        let base = format!(
            "/docs/{}",
            dirs.iter().map(|d| format!("{d}/")).collect::<String>()
        );
        let url = match (get("slug"), get("id")) {
            (Some(slug), _) if slug.starts_with('/') => {
                format!("/docs{}", slug.trim_end_matches('/'))
            }
            (Some(slug), _) => format!("{base}{slug}"),
            (None, Some(id)) => format!("{base}{id}"),
            (None, None)
                if is_index_name(stem) || dirs.last().is_some_and(|d| *d == unnumbered(stem)) =>
            {
                base.trim_end_matches('/').to_owned()
            }
            (None, None) => format!("{base}{}", unnumbered(stem)),
        };
        urls.insert(url, rel.clone());
    }
    urls
}

/// The heading ids of a source page, to match links' anchors to the
/// ids quire gives the same headings.
struct Anchors {
    /// The page's opening `#` heading, which becomes its title (no id).
    title: Option<String>,
    /// Each heading's quire id.
    ids: Vec<String>,
}

impl Anchors {
    fn of(text: &str) -> Anchors {
        let (_, body_start, _) = front_matter_of(text);
        let body = &text[body_start..];
        // The opening heading becomes the page's title, which has no id.
        let opening = crate::content::title::opening_heading(body, 0);
        let body = &body[opening.as_ref().map_or(0, |(_, after)| *after)..];
        let title = opening.map(|(t, _)| t);
        let mut ids = Vec::new();
        let mut parser = pulldown_cmark::Parser::new_ext(body, crate::markdown::options());
        while let Some(event) = parser.next() {
            if let pulldown_cmark::Event::Start(pulldown_cmark::Tag::Heading { id, .. }) = event {
                let mut text = String::new();
                for inner in parser.by_ref() {
                    match inner {
                        pulldown_cmark::Event::Text(t) | pulldown_cmark::Event::Code(t) => {
                            text.push_str(&t)
                        }
                        pulldown_cmark::Event::End(pulldown_cmark::TagEnd::Heading(_)) => break,
                        _ => {}
                    }
                }
                ids.push(id.map_or_else(|| crate::url::heading_id(&text), |id| id.to_string()));
            }
        }
        Anchors { title, ids }
    }

    /// The anchor quire's page has for `anchor`, written for the source
    /// tool: itself when it exists, the heading whose letters and digits
    /// are the same (`release-2024.0` is `release-20240`), or none for the
    /// page's title.
    fn fix(&self, anchor: &str) -> Option<String> {
        if self.ids.iter().any(|id| id == anchor) {
            return Some(anchor.to_owned());
        }
        let bare = |s: &str| {
            s.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect::<String>()
        };
        let wanted = bare(&nav::percent_decode(anchor));
        if self.title.as_deref().is_some_and(|t| bare(t) == wanted) {
            return None;
        }
        let mut same = self.ids.iter().filter(|id| bare(id) == wanted);
        match (same.next(), same.next()) {
            (Some(id), None) => Some(id.clone()),
            _ => Some(anchor.to_owned()),
        }
    }
}

/// What links of imported pages can point at.
struct Links<'a> {
    pages: &'a BTreeMap<String, String>,
    files: &'a BTreeMap<String, String>,
    urls: &'a BTreeMap<String, String>,
    static_dir: Option<&'a Path>,
}

impl Links<'_> {
    /// Where a link or image of the page at `from` points, once imported,
    /// and the source path of the page it points at.
    fn resolve(
        &self,
        from: &str,
        dest: &str,
        used: &mut BTreeSet<String>,
        statics: &mut BTreeMap<String, PathBuf>,
    ) -> Option<(Target, Option<String>)> {
        if dest.starts_with('#')
            || dest.contains("://")
            || dest.starts_with("//")
            || ["mailto:", "data:", "tel:"]
                .iter()
                .any(|s| dest.starts_with(s))
        {
            return None;
        }
        let end = dest.find(['#', '?']).unwrap_or(dest.len());
        let (path, suffix) = dest.split_at(end);
        if path.is_empty() {
            return None;
        }
        let decoded = nav::percent_decode(path);
        if let Some(rooted) = decoded.strip_prefix('/') {
            // A path from the docs folder (GitBook, MkDocs), a Docusaurus
            // URL, or a file of Docusaurus' static/.
            if let Some(found) = self.find(rooted, suffix, used) {
                return Some(found);
            }
            if let Some(rel) = self.urls.get(decoded.trim_end_matches('/')) {
                return Some((
                    Target::Moved(self.pages[rel].clone(), suffix.to_owned()),
                    Some(rel.clone()),
                ));
            }
            // Only a file inside static/, never one a `..` or a symbolic
            // link leads out to.
            let dir = self.static_dir?;
            let file = dir.join(rooted);
            let inside = |dir: &Path| {
                let (Ok(file), Ok(dir)) = (file.canonicalize(), dir.canonicalize()) else {
                    return false;
                };
                file.starts_with(dir)
            };
            if !rooted.split('/').any(|s| s == "..") && file.is_file() && inside(dir) {
                statics.insert(decoded.clone(), file);
                return Some((Target::AsIs(dest.to_owned()), None));
            }
            return None;
        }
        let (dir, name) = from.rsplit_once('/').unwrap_or(("", from));
        if let Some(found) = nav::join(dir, &decoded).and_then(|old| self.find(&old, suffix, used))
        {
            return Some(found);
        }
        // Raw HTML in MkDocs and Docusaurus pages is relative to the page's
        // URL, a folder named after the page (`guide/page/`).
        let stem = page_stem(name);
        if !is_index_name(stem) {
            let page_folder = if dir.is_empty() {
                stem.to_owned()
            } else {
                format!("{dir}/{stem}")
            };
            let found =
                nav::join(&page_folder, &decoded).and_then(|old| self.find(&old, suffix, used));
            if found.is_some() {
                return found;
            }
        }
        // A relative path between Docusaurus URLs (`../guides/intro`).
        let from_url = self.urls.iter().find(|(_, r)| r.as_str() == from)?.0;
        let base = from_url.rsplit_once('/').map_or("", |(d, _)| d);
        let url = format!("/{}", nav::join(base.trim_start_matches('/'), &decoded)?);
        let rel = self.urls.get(url.trim_end_matches('/'))?;
        Some((
            Target::Moved(self.pages[rel].clone(), suffix.to_owned()),
            Some(rel.clone()),
        ))
    }

    /// The page or file at source path `old` (or what the source tool
    /// would make of it: `.html` for `.md`, a folder for its index page,
    /// another letter case).
    fn find(
        &self,
        old: &str,
        suffix: &str,
        used: &mut BTreeSet<String>,
    ) -> Option<(Target, Option<String>)> {
        let old = old.trim_end_matches('/');
        let stem = old.strip_suffix(".html").unwrap_or(old);
        let candidates = [
            old.to_owned(),
            format!("{stem}.md"),
            format!("{old}.md"),
            format!("{old}.mdx"),
            format!("{old}/index.md"),
            format!("{old}/README.md"),
            format!("{old}/index.mdx"),
            format!("{old}/_index.md"),
            format!("{}README.md", stem.strip_suffix("index").unwrap_or("\0")),
        ];
        for candidate in &candidates {
            if let Some(to) = self.pages.get(candidate) {
                return Some((
                    Target::Moved(to.clone(), suffix.to_owned()),
                    Some(candidate.clone()),
                ));
            }
            if let Some(to) = self.files.get(candidate) {
                used.insert(candidate.clone());
                return Some((Target::Moved(to.clone(), suffix.to_owned()), None));
            }
        }
        // Hosts that ignore case (`readme.md` for `README.md`).
        let lower = old.to_lowercase();
        let (rel, to) = self
            .pages
            .iter()
            .find(|(rel, _)| rel.to_lowercase() == lower)?;
        Some((
            Target::Moved(to.clone(), suffix.to_owned()),
            Some(rel.clone()),
        ))
    }
}

/// mdBook's `{{#include file}}` and `{{#rustdoc_include file}}`, with a
/// line range (`file:2:10`, `file::10`) or an anchor (`file:name`, the
/// lines between `ANCHOR: name` and `ANCHOR_END: name`), replaced by what
/// they bring, as mdBook does; `\{{#include …}}` is written as it is. The
/// included file must be inside the source. `original` is the page as
/// written, to place a note at the line of an include that cannot be.
fn expand_includes(
    body: &str,
    rel: &str,
    original: &str,
    source: &Source,
    depth: usize,
    plan: &mut Plan,
) -> String {
    static INCLUDE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(\\)?\{\{#(include|rustdoc_include)\s+([^}\s]+)\s*\}\}")
            .expect("a valid pattern")
    });
    if !body.contains("{{#") {
        return body.to_owned();
    }
    let dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
    let mut out = String::with_capacity(body.len());
    let mut last = 0;
    for found in INCLUDE.captures_iter(body) {
        let whole = found.get(0).expect("the match");
        out.push_str(&body[last..whole.start()]);
        last = whole.end();
        if found.get(1).is_some() {
            // Escaped: the directive itself, shown.
            out.push_str(&whole.as_str()[1..]);
            continue;
        }
        let spec = &found[3];
        let line = original
            .find(whole.as_str())
            .map_or(0, |i| original[..i].matches('\n').count() + 1);
        match included(spec, dir, source) {
            Some((path, text)) if depth < 8 => {
                plan.included.insert(path);
                let text = expand_includes(&text, rel, original, source, depth + 1, plan);
                out.push_str(text.trim_end_matches('\n'));
                *plan
                    .counts
                    .entry("mdBook includes expanded".into())
                    .or_default() += 1;
            }
            _ => {
                plan.notes.push(Note::at(
                    rel,
                    line,
                    format!("`{}` could not be expanded (a file missing or outside the book, a range or anchor it does not have, or includes nested too deep): paste in what it brought", whole.as_str()),
                ));
                out.push_str(whole.as_str());
            }
        }
    }
    out.push_str(&body[last..]);
    out
}

/// The text an include's `spec` brings, read from inside the source.
fn included(spec: &str, dir: &str, source: &Source) -> Option<(PathBuf, String)> {
    let (file, select) = match spec.split_once(':') {
        Some((file, select)) => (file, Some(select)),
        None => (spec, None),
    };
    let root = std::fs::canonicalize(&source.root).ok()?;
    let path = std::fs::canonicalize(source.docs.join(dir).join(file)).ok()?;
    if !path.starts_with(&root) || !path.is_file() {
        return None;
    }
    let text = std::fs::read_to_string(&path).ok()?;
    let lines: Vec<&str> = text.lines().collect();
    let marker = |l: &str| l.contains("ANCHOR:") || l.contains("ANCHOR_END:");
    let chosen: Vec<&str> = match select {
        None => lines.clone(),
        Some(select) if select.chars().all(|c| c.is_ascii_digit() || c == ':') => {
            let mut bounds = select.splitn(2, ':');
            let start: usize = bounds
                .next()
                .filter(|s| !s.is_empty())
                .map_or(Some(1), |s| s.parse().ok())?;
            let end: usize = bounds
                .next()
                .filter(|s| !s.is_empty())
                .map_or(Some(lines.len()), |s| s.parse().ok())?;
            lines.get(start.max(1) - 1..end.min(lines.len()))?.to_vec()
        }
        Some(anchor) => {
            let open = lines
                .iter()
                .position(|l| l.contains(&format!("ANCHOR: {anchor}")))?;
            let close = lines[open..]
                .iter()
                .position(|l| l.contains(&format!("ANCHOR_END: {anchor}")))?
                + open;
            lines[open + 1..close].to_vec()
        }
    };
    let text = chosen
        .into_iter()
        .filter(|l| !marker(l))
        .collect::<Vec<_>>()
        .join("\n");
    Some((path, text))
}

/// Front matter as YAML, and where the body starts.
fn front_matter_of(text: &str) -> (Option<serde_yaml::Mapping>, usize, bool) {
    let Ok(Some(split)) = crate::content::front_matter::split(text, Path::new("")) else {
        return (None, 0, false);
    };
    // What quire refuses to parse in a page, it refuses here too.
    if crate::content::front_matter::over_limits(split.yaml).is_some() {
        return (None, split.body_start, true);
    }
    match serde_yaml::from_str::<serde_yaml::Value>(split.yaml) {
        Ok(serde_yaml::Value::Mapping(map)) => (Some(map), split.body_start, false),
        Ok(_) => (None, split.body_start, false),
        Err(_) => (None, split.body_start, true),
    }
}

/// One page converted: its text, and its order.
#[allow(clippy::too_many_arguments)]
fn convert_page(
    format: Format,
    source: &Source,
    rel: &str,
    to: &str,
    text: &str,
    nav: &Nav,
    resolve: &mut dyn FnMut(&str) -> Option<Target>,
    plan: &mut Plan,
) -> (String, Option<i64>) {
    let (yaml, body_start, broken) = front_matter_of(text);
    if broken {
        plan.notes.push(Note::at(rel, 2, "front matter could not be read as YAML; it was left out: set the title and order again".into()));
    }
    let mut front = Front::default();
    let mut nav_order = None;
    if let Some(yaml) = &yaml {
        read_front(rel, yaml, &mut front, plan);
    }
    let body = &text[body_start..];
    let body = links::rewrite(body, to, resolve);
    let first_line = text[..body_start].matches('\n').count() + 1;
    let converted = convert::body(&body, first_line, rel, format, source.callouts);
    for (what, n) in converted.counts {
        *plan.counts.entry(what.to_owned()).or_default() += n;
    }
    plan.notes.extend(converted.notes);
    let body = if format == Format::Mdbook {
        expand_includes(&converted.text, rel, text, source, 0, plan)
    } else {
        converted.text
    };
    let folder = to
        .strip_suffix("/_index.md")
        .or((to == "_index.md").then_some(""));
    let folder_place = folder.and_then(|f| {
        let old = rel.rsplit_once('/').map_or("", |(d, _)| d);
        nav.folders.get(old).or_else(|| nav.folders.get(f))
    });
    let page_place = nav.pages.get(rel);
    if let Some(place) = folder_place.or(page_place) {
        if let Some(order) = place.order {
            nav_order = Some(order);
            *plan
                .counts
                .entry("orders from the navigation".into())
                .or_default() += 1;
        }
        if front.description.is_none() {
            front.description.clone_from(&place.description);
        }
    }
    if crate::content::title::opening_heading(&body, 0).is_some() {
        // The page's heading is its title, as the source showed it.
        front.title = None;
    } else if front.title.is_none() {
        let label = folder_place
            .and_then(|p| p.title.clone())
            .or_else(|| page_place.and_then(|p| p.title.clone()));
        front.title = Some(match label {
            Some(label) => {
                *plan
                    .counts
                    .entry("titles from the navigation".into())
                    .or_default() += 1;
                label
            }
            None => {
                let stem = to.rsplit('/').next().unwrap_or(to).trim_end_matches(".md");
                let name = if stem == "_index" {
                    folder
                        .and_then(|f| f.rsplit('/').next())
                        .filter(|f| !f.is_empty())
                        .unwrap_or(&source.title)
                } else {
                    stem
                };
                let title = crate::content::humanise(unnumbered(name));
                plan.notes.push(Note::at(
                    rel,
                    1,
                    format!(
                        "has no title; it is titled `{title}` after its file: give it a better one"
                    ),
                ));
                title
            }
        });
    }
    if let Some(order) = nav_order {
        front.order = Some(order);
    }
    if format == Format::Docusaurus && front.order.is_none() {
        // The number Docusaurus orders by, left out of the new name.
        let name = rel.rsplit('/').next().unwrap_or(rel);
        front.order = crate::content::number_prefix(page_stem(name)).map(|(n, _)| n);
    }
    let order = front.order;
    (
        format!("{}{}", front.block(), body.trim_start_matches('\n')),
        order,
    )
}

/// The front matter keys quire has, taken from the source's own, and the
/// others counted as dropped.
fn read_front(rel: &str, yaml: &serde_yaml::Mapping, front: &mut Front, plan: &mut Plan) {
    use crate::content::front_matter::{KEYS, equivalent};
    for (key, value) in yaml {
        let Some(key) = key.as_str() else { continue };
        let text = value.as_str().map(str::to_owned);
        // Quire's key, or the one another tool's key stands for.
        let lower = key.to_ascii_lowercase();
        let quire = KEYS
            .iter()
            .find(|k| **k == lower)
            .copied()
            .or_else(|| equivalent(key));
        match (quire, key) {
            (Some("title"), "sidebar_label" | "linkTitle") => {
                // A shorter label for the navigation: the title serves.
                *plan.dropped_keys.entry(key.to_owned()).or_default() += 1;
            }
            (Some("title"), _) => front.title = text.filter(|t| !t.trim().is_empty()),
            (Some("description"), _) => front.description = front.description.take().or(text),
            (Some("order"), _) => front.order = yaml_number(value),
            (Some("updated"), _) => {
                let raw = value.get("date").unwrap_or(value);
                let date = raw.as_str().map(|s| s.chars().take(10).collect::<String>());
                if let Some(date) = date.filter(|d| crate::content::Date::parse_iso(d).is_some()) {
                    front.updated = Some(date);
                }
            }
            (Some("draft"), "published") => front.draft |= value.as_bool() == Some(false),
            (Some("draft"), "unlisted") => {
                // Built but not listed: quire lists every page it builds.
                plan.notes.push(Note::at(rel, 0, "`unlisted: true` is not kept: the page is listed like the others; make it a `draft` to leave it out".into()));
            }
            (Some("draft"), _) => front.draft |= value.as_bool().unwrap_or(false),
            (Some("slug"), "slug" | "id") => match text {
                Some(slug) if crate::content::front_matter::valid_slug(&slug) => front.slug = Some(slug),
                Some(slug) if slug == "/" || key == "id" => {}
                Some(slug) => plan.notes.push(Note::at(rel, 0, format!("`slug: {slug}` is a path; quire's URLs follow folders, so the page lives at its folder's URL: add the old path to `aliases` if readers have it"))),
                None => {}
            },
            (Some("aliases"), _) => {
                let list: Vec<String> = match value {
                    serde_yaml::Value::Sequence(s) => s.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect(),
                    serde_yaml::Value::String(s) => vec![s.clone()],
                    _ => Vec::new(),
                };
                for alias in list {
                    match crate::content::front_matter::normalise_alias(&alias) {
                        Ok(alias) => front.aliases.push(alias),
                        Err(why) => plan.notes.push(Note::at(rel, 0, format!("alias `{alias}` {why}; it was left out"))),
                    }
                }
            }
            _ => *plan.dropped_keys.entry(key.to_owned()).or_default() += 1,
        }
    }
}

/// `_index.md` pages for folders that have pages but no section page,
/// when the navigation titles or orders the folder.
fn section_pages(
    nav: &Nav,
    pages: &BTreeMap<String, String>,
    orders: &BTreeMap<String, i64>,
    plan: &mut Plan,
) {
    let targets: BTreeSet<&String> = pages.values().collect();
    let mut folders: BTreeMap<String, Option<i64>> = BTreeMap::new();
    for to in pages.values() {
        let mut dir = to.as_str();
        while let Some((parent, _)) = dir.rsplit_once('/') {
            let order = orders.get(to).copied();
            let slot = folders.entry(parent.to_owned()).or_insert(order);
            *slot = match (*slot, order) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            dir = parent;
        }
    }
    // Each new folder's name in the source: pages keep their depth.
    let mut old_folders: BTreeMap<String, String> = BTreeMap::new();
    for (rel, to) in pages {
        let (mut old, mut new) = (rel.as_str(), to.as_str());
        while let (Some((o, _)), Some((n, _))) = (old.rsplit_once('/'), new.rsplit_once('/')) {
            old_folders
                .entry(n.to_owned())
                .or_insert_with(|| o.to_owned());
            (old, new) = (o, n);
        }
    }
    for (folder, child_order) in folders {
        if targets.contains(&format!("{folder}/_index.md")) {
            continue;
        }
        let place = old_folders
            .get(&folder)
            .and_then(|old| nav.folders.get(old))
            .or_else(|| nav.folders.get(&folder));
        if place.is_none() && child_order.is_none() {
            continue;
        }
        let name = folder.rsplit('/').next().unwrap_or(&folder);
        let front = Front {
            title: Some(
                place
                    .and_then(|p| p.title.clone())
                    .unwrap_or_else(|| crate::content::humanise(unnumbered(name))),
            ),
            description: place.and_then(|p| p.description.clone()),
            order: place.and_then(|p| p.order).or(child_order),
            ..Front::default()
        };
        *plan
            .counts
            .entry("section pages written for folders".into())
            .or_default() += 1;
        plan.pages
            .push((format!("{folder}/_index.md"), front.block()));
    }
}

fn yaml_number(value: &serde_yaml::Value) -> Option<i64> {
    // Docusaurus allows positions such as 2.5; they keep their place.
    value
        .as_i64()
        .or_else(|| value.as_f64().map(|f| f.round() as i64))
}

/// The names in a YAML list of names or one-key mappings (MkDocs'
/// `markdown_extensions`, `plugins`).
fn yaml_names(list: Option<&serde_yaml::Value>) -> Vec<String> {
    list.and_then(|l| l.as_sequence())
        .map(|items| {
            items
                .iter()
                .filter_map(|item| match item {
                    serde_yaml::Value::String(s) => Some(s.clone()),
                    serde_yaml::Value::Mapping(m) => {
                        m.keys().next().and_then(|k| k.as_str()).map(str::to_owned)
                    }
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The settings of `name` in such a list (empty when given bare).
fn yaml_entry(list: Option<&serde_yaml::Value>, name: &str) -> Option<serde_yaml::Value> {
    list?.as_sequence()?.iter().find_map(|item| match item {
        serde_yaml::Value::String(s) if s == name => Some(serde_yaml::Value::Null),
        serde_yaml::Value::Mapping(m) => m.get(name).cloned(),
        _ => None,
    })
}
