//! Relative `.md` links of a page, resolved to page URLs in its version.

use super::LinkResolver;
use crate::content::{Page, Site, Version};

/// Resolves relative `.md` links of one page to page URLs in its version.
pub struct PageLinks<'a> {
    /// The whole site.
    pub site: &'a Site,
    /// The page's version.
    pub version: &'a Version,
    /// The page whose links these are.
    pub page: &'a Page,
}

impl LinkResolver for PageLinks<'_> {
    fn resolve(&self, destination: &str) -> Option<Result<String, String>> {
        let (path, anchor) = match super::markdown_target(&self.page.rel_source, destination) {
            Some(target) => target,
            None if destination.ends_with(".md") || destination.contains(".md#") => {
                return (!destination.contains("://")).then(|| {
                    Err(format!(
                        "`{destination}` points outside content/{}/",
                        self.version.name
                    ))
                });
            }
            None => return self.file(destination),
        };
        let Some(&i) = self.version.by_source.get(&path) else {
            return Some(Err(format!(
                "`{destination}` points at content/{}/{path}, which does not exist",
                self.version.name
            )));
        };
        let mut url = self.version.urls[i].clone();
        if let Some(anchor) = anchor.filter(|a| !a.is_empty()) {
            url.push('#');
            url.push_str(&anchor);
        }
        Some(Ok(url))
    }
}

impl PageLinks<'_> {
    /// The URL of a file of the version folder that `destination`,
    /// relative to the page's Markdown file, names: an image or a
    /// download kept beside the page. An error for a relative path to a
    /// file (its last segment has an extension) that is neither there nor
    /// in `static/`; `None` for anything else (`../other-page/`).
    fn file(&self, destination: &str) -> Option<Result<String, String>> {
        if destination.starts_with(['/', '#'])
            || destination.contains(':')
            || destination.starts_with("//")
        {
            return None;
        }
        let end = destination.find(['?', '#']).unwrap_or(destination.len());
        let (path, suffix) = destination.split_at(end);
        let path = percent_encoding::percent_decode_str(path)
            .decode_utf8()
            .ok()?;
        let has_extension = path.rsplit('/').next().is_some_and(|n| n.contains('.'));
        let Some(rel) = super::relative_path(&self.page.rel_source, &path) else {
            return has_extension.then(|| {
                Err(format!(
                    "`{destination}` points outside content/{}/",
                    self.version.name
                ))
            });
        };
        if let Some(url) = self.version.file_url(&self.site.base_path, &rel) {
            return Some(Ok(format!("{url}{suffix}")));
        }
        let below_page = format!("{}{}{path}", self.version.prefix, self.page.key);
        let in_static = |p: &str| {
            self.site
                .root
                .join(crate::layout::STATIC_DIR)
                .join(p)
                .is_file()
        };
        (has_extension && !in_static(&below_page)).then(|| {
            Err(format!(
                "`{destination}` points at content/{}/{rel}, which does not exist",
                self.version.name
            ))
        })
    }
}
