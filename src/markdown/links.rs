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
            None => return None,
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
