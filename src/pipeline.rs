//! The build pipeline: config -> content -> markdown -> render -> output.
//!
//! `quire build` and `quire serve` both run [`build`]; only the sink
//! differs (a staging folder on disk, or memory).

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde::Serialize;

use crate::config::{Config, VersionStatus};
use crate::content::{LoadOptions, Site};
use crate::diagnostics::{Diagnostic, Error, Result, into_result};
use crate::markdown;
use crate::output::Sink;
use crate::render::{PageLinks, Renderer};
use crate::theme::{self, Theme};

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub drafts: bool,
    /// Overrides `base_url` from site.toml.
    pub base_url: Option<String>,
    /// HTML added at the end of every page's body (live reload in serve).
    pub body_end: String,
}

/// What a successful build did.
#[derive(Debug)]
pub struct Summary {
    pub versions: usize,
    pub pages: usize,
    pub files: usize,
    pub elapsed: Duration,
    pub warnings: Vec<Diagnostic>,
}

/// Builds the site in `root` into `sink`. On error nothing is promised
/// about the sink's contents: the caller discards them.
pub fn build(root: &Path, options: &BuildOptions, sink: &dyn Sink) -> Result<Summary> {
    let started = Instant::now();
    let mut config = Config::load(root)?;
    if let Some(base_url) = &options.base_url {
        crate::url::base_path(base_url)
            .map_err(|why| Error::Usage(format!("--base-url: {why}")))?;
        config.base_url = base_url.clone();
    }
    let site = Site::from_config(
        root,
        config,
        LoadOptions {
            drafts: options.drafts,
        },
    )?;
    let theme = Theme::load(root, &site.config)?;
    let tera = theme.compile()?;
    let write = |path: &str, bytes: Vec<u8>| -> Result<()> {
        sink.write(path, bytes)
            .map_err(|e| Error::io("cannot write", Path::new(path), e))
    };

    let mut assets = BTreeMap::new();
    for asset in theme.assets.values() {
        let name = theme::fingerprinted_name(&asset.name, &asset.bytes);
        write(&format!("assets/{name}"), asset.bytes.clone())?;
        assets.insert(
            asset.name.clone(),
            format!("{}assets/{name}", site.base_path),
        );
    }
    let mut renderer = Renderer::new(&site, &theme, tera, assets);
    renderer.body_end = options.body_end.clone();

    let jobs: Vec<(usize, usize)> = site
        .versions
        .iter()
        .enumerate()
        .flat_map(|(v, version)| (0..version.pages.len()).map(move |p| (v, p)))
        .collect();
    let results: Vec<Result<Vec<Diagnostic>>> = jobs
        .par_iter()
        .map(|&(v, p)| {
            let version = &site.versions[v];
            let page = &version.pages[p];
            let source = markdown::Source {
                file: &page.source,
                text: &page.text,
                body_start: page.body_start,
            };
            let rendered = markdown::render(
                &source,
                &PageLinks {
                    site: &site,
                    version,
                    page,
                },
            );
            if rendered.diagnostics.iter().any(Diagnostic::is_error) {
                return Ok(rendered.diagnostics);
            }
            let html = match renderer.page(version, p, &rendered) {
                Ok(html) => html,
                Err(d) => return Ok(vec![d]),
            };
            write(
                &format!("{}{}index.html", version.prefix, page.key),
                html.into_bytes(),
            )?;
            Ok(rendered.diagnostics)
        })
        .collect();
    let mut diagnostics = site.warnings.clone();
    for result in results {
        diagnostics.extend(result?);
    }
    let mut warnings = into_result(dedupe(diagnostics))?;

    let not_found = renderer.not_found().map_err(Error::single)?;
    write("404.html", not_found.into_bytes())?;
    write("sitemap.xml", sitemap(&site).into_bytes())?;
    write(
        "robots.txt",
        format!(
            "User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n",
            site.base_url
        )
        .into_bytes(),
    )?;
    write("versions.json", versions_json(&site).into_bytes())?;
    let mut files = jobs.len() + theme.assets.len() + 4;
    for (path, html) in alias_pages(&site, &mut warnings) {
        write(&path, html.into_bytes())?;
        files += 1;
    }
    files += copy_static(root, sink)?;

    Ok(Summary {
        versions: site.versions.len(),
        pages: jobs.len(),
        files,
        elapsed: started.elapsed(),
        warnings,
    })
}

/// The same problem reported by several pages (a shared template) once.
fn dedupe(mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut seen = std::collections::HashSet::new();
    diagnostics.retain(|d| {
        d.code != "template.error"
            || seen.insert((
                d.file.clone(),
                d.position,
                d.message.split(" (rendering ").next().map(str::to_owned),
            ))
    });
    diagnostics
}

fn sitemap(site: &Site) -> String {
    let latest = site.latest();
    let origin = &site.base_url[..site.base_url.len() - site.base_path.len()];
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for page in &latest.pages {
        xml.push_str(&format!(
            "  <url><loc>{}</loc>",
            crate::url::escape_html(&format!("{origin}{}", site.url_of(latest, page)))
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

/// Redirect pages for every page's `aliases`, inside its version.
fn alias_pages(site: &Site, warnings: &mut Vec<Diagnostic>) -> Vec<(String, String)> {
    let mut pages = Vec::new();
    for version in &site.versions {
        for page in &version.pages {
            for alias in &page.front.aliases {
                let path = alias.trim_matches('/');
                let key = if path.is_empty() {
                    String::new()
                } else {
                    format!("{path}/")
                };
                if version.by_key.contains_key(&key) {
                    warnings.push(Diagnostic::warning(
                        "content.alias_shadowed",
                        &page.source,
                        crate::diagnostics::Position::START,
                        format!(
                            "alias `{alias}` is the URL of another page; no redirect was written"
                        ),
                    ));
                    continue;
                }
                let target = site.url_of(version, page);
                let target = crate::url::escape_html(&target);
                let html = format!(
                    "<!doctype html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>Moved</title>\
                     <meta name=\"robots\" content=\"noindex\"><link rel=\"canonical\" href=\"{target}\">\
                     <meta http-equiv=\"refresh\" content=\"0; url={target}\"></head>\
                     <body><p>This page has moved to <a href=\"{target}\">{target}</a>.</p></body></html>\n",
                    lang = crate::url::escape_html(&site.config.language)
                );
                pages.push((format!("{}{key}index.html", version.prefix), html));
            }
        }
    }
    pages
}

/// Copies the site's `static/` folder as it is.
fn copy_static(root: &Path, sink: &dyn Sink) -> Result<usize> {
    let dir = root.join("static");
    if !dir.is_dir() {
        return Ok(0);
    }
    let mut count = 0;
    for entry in walkdir::WalkDir::new(&dir) {
        let entry =
            entry.map_err(|e| Error::Usage(format!("cannot read {}: {e}", dir.display())))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
        let rel = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let bytes =
            std::fs::read(entry.path()).map_err(|e| Error::io("cannot read", entry.path(), e))?;
        sink.write(&rel, bytes)
            .map_err(|e| Error::io("cannot write", Path::new(&rel), e))?;
        count += 1;
    }
    Ok(count)
}
