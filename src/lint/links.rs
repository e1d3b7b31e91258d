//! Links to pages and anchors, in the same version or another one, and
//! images that must exist and have alt text.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::PageFacts;
use crate::content::Site;
use crate::diagnostics::{Code, Diagnostic};
use crate::markdown::Reference;

/// Links to pages and anchors, in the same version or another one, and
/// images that must exist in `static/` and have alt text: of `pages`,
/// against every page in `all`.
pub fn cross_page<'a>(
    site: &Site,
    root: &Path,
    all: &[PageFacts],
    pages: impl IntoIterator<Item = &'a PageFacts>,
) -> Vec<Diagnostic> {
    let by_url: HashMap<&str, &PageFacts> = all.iter().map(|f| (f.url.as_str(), f)).collect();
    let generated: HashSet<String> = crate::layout::GENERATED_FILES
        .iter()
        .map(|f| format!("{}{f}", site.base_path))
        .collect();
    // Files kept beside the pages, published beside them.
    let files: HashSet<String> = site
        .versions
        .iter()
        .flat_map(|v| {
            v.files
                .keys()
                .filter_map(|rel| v.file_url(&site.base_path, rel))
        })
        .collect();
    let mut problems = Vec::new();
    for page in pages {
        for link in &page.links {
            let (path, anchor) = match link.target.split_once('#') {
                Some((p, a)) => (p, Some(a)),
                None => (link.target.as_str(), None),
            };
            let path = path.split('?').next().unwrap_or(path);
            if path.is_empty() {
                if let Some(anchor) = anchor.filter(|a| !has_anchor(&page.ids, a)) {
                    problems.push(anchor_missing(page, link, anchor, &page.url));
                }
                continue;
            }
            if !path.starts_with('/') {
                continue; // A relative link to a non-Markdown file: not ours to judge.
            }
            let mut wanted = path.to_owned();
            if !wanted.ends_with('/') && !wanted.rsplit('/').next().unwrap_or("").contains('.') {
                wanted.push('/');
            }
            match by_url.get(wanted.as_str()) {
                Some(target) => {
                    if let Some(anchor) = anchor.filter(|a| !has_anchor(&target.ids, a)) {
                        problems.push(anchor_missing(page, link, anchor, &target.url));
                    }
                }
                None if generated.contains(path)
                    || files.contains(path)
                    || static_file(root, site, path).is_some() => {}
                None => problems.push(
                    Diagnostic::error(Code::LinkBroken, &page.source, link.position, format!("`{}` is not a page of this site", link.target))
                        .with_help("link to pages by their Markdown file (`other.md#anchor`); for another version, use its URL such as /v1/guides/page/"),
                ),
            }
        }
        for image in &page.images {
            let target = &image.target;
            if target.contains("://") || target.starts_with("//") {
                problems.push(
                    Diagnostic::error(
                        Code::ImageExternal,
                        &page.source,
                        image.position,
                        format!("image `{target}` is on another site, and the page's Content-Security-Policy shows only this site's images"),
                    )
                    .with_help("download the image into static/ and link to it from there, such as /img/name.png"),
                );
            } else if !target.starts_with("data:") {
                let url = if target.starts_with('/') {
                    target.clone()
                } else {
                    format!("{}{target}", page.url)
                };
                if !files.contains(&url) && static_file(root, site, &url).is_none() {
                    problems.push(
                        Diagnostic::error(
                            Code::ImageMissing,
                            &page.source,
                            image.position,
                            format!("image `{target}` does not exist"),
                        )
                        .with_help(format!(
                            "keep it beside the page and write its path from the page's file, such as images/{name}; or put it in static/ and write its path from there, such as /img/{name}",
                            name = target.rsplit('/').next().unwrap_or(target)
                        )),
                    );
                }
            }
            if image.no_text {
                problems.push(
                    Diagnostic::warning(Code::ImageAlt, &page.source, image.position, "this image has no alt text")
                        .with_help("describe what the image shows for readers who cannot see it: ![Endpoints pane with the v2 token URL](/img/endpoints.png)"),
                );
            }
        }
    }
    problems
}

/// Whether `ids` has the heading `anchor` names, written as it is or
/// percent-encoded (`#%C3%BCberblick` is `#überblick`).
fn has_anchor(ids: &HashSet<String>, anchor: &str) -> bool {
    anchor.is_empty()
        || ids.contains(anchor)
        || percent_encoding::percent_decode_str(anchor)
            .decode_utf8()
            .is_ok_and(|decoded| ids.contains(decoded.as_ref()))
}

fn anchor_missing(page: &PageFacts, link: &Reference, anchor: &str, target: &str) -> Diagnostic {
    Diagnostic::error(
        Code::LinkAnchor,
        &page.source,
        link.position,
        format!("there is no heading `#{anchor}` on {target}"),
    )
    .with_help("anchors come from headings: `## Create a client secret` is `#create-a-client-secret`; a heading can set its own with {#id}")
}

/// The file in `static/` a URL points at, if there is one.
fn static_file(root: &Path, site: &Site, url: &str) -> Option<PathBuf> {
    let rel = url.strip_prefix(&site.base_path)?;
    let decoded = percent_encoding::percent_decode_str(rel)
        .decode_utf8()
        .ok()?;
    if decoded.split('/').any(|s| s == "..") {
        return None;
    }
    let path = root.join(crate::layout::STATIC_DIR).join(decoded.as_ref());
    path.is_file().then_some(path)
}
