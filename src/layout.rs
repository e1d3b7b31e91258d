//! The site's layout in one table: the folders and files a site is made
//! of, the files a build generates, and the names that are therefore
//! reserved. Build, serve, the checks and config validation all read
//! these, so a name is reserved everywhere or nowhere.

/// The configuration file at the site root.
pub(crate) const CONFIG_FILE: &str = "site.toml";

/// One folder per docs version, each holding its Markdown pages.
pub const CONTENT_DIR: &str = "content";
/// Themes, one folder each: `themes/<name>/templates/`, `.../static/`.
pub(crate) const THEMES_DIR: &str = "themes";
/// The site's own templates, overriding its theme's.
pub(crate) const TEMPLATES_DIR: &str = "templates";
/// Files copied to the output as they are.
pub(crate) const STATIC_DIR: &str = "static";

/// The folders a site's sources live in, below its root.
pub(crate) const SOURCE_DIRS: &[&str] = &[
    CONTENT_DIR,
    THEMES_DIR,
    TEMPLATES_DIR,
    STATIC_DIR,
    crate::presets::CHECKERS_DIR,
];

/// The "page not found" page.
pub(crate) const NOT_FOUND_FILE: &str = "404.html";
/// The latest version's pages, for search engines.
pub(crate) const SITEMAP_FILE: &str = "sitemap.xml";
/// What crawlers may read, pointing at the sitemap.
pub(crate) const ROBOTS_FILE: &str = "robots.txt";
/// Every version with its pages, for version switchers.
pub(crate) const VERSIONS_FILE: &str = "versions.json";

/// Other things at a site root that are never an output folder.
pub(crate) const PROTECTED: &[&str] = &[".git", ".quire-cache"];

/// Files every build writes at the top of the output folder.
pub(crate) const GENERATED_FILES: &[&str] = &[
    NOT_FOUND_FILE,
    SITEMAP_FILE,
    ROBOTS_FILE,
    VERSIONS_FILE,
    OUTPUT_MARKER,
    crate::deploy::HEADERS_FILE,
    crate::deploy::REDIRECTS_FILE,
    crate::deploy::REDIRECTS_NGINX_FILE,
    crate::deploy::LLMS_FILE,
    crate::deploy::LLMS_FULL_FILE,
];

/// Each version's A–Z page of pages and steps, where the search box
/// leads without JavaScript: `/a-z/`, `/v1/a-z/`.
pub(crate) const A_TO_Z_DIR: &str = "a-z";

/// The folder fingerprinted theme assets are written to.
pub(crate) const ASSETS_DIR: &str = "assets";

/// Paths `quire serve` answers itself (live reload).
pub(crate) const SERVE_DIR: &str = "__quire";

/// A file in every output folder saying quire wrote it, so that a later
/// build may replace the folder without asking.
pub(crate) const OUTPUT_MARKER: &str = ".quire-output";

/// Whether `name` may not be the first segment of a URL below the base
/// path: a version's name or a latest page's top-level folder or slug.
pub(crate) fn is_reserved_top_level(name: &str) -> bool {
    name == ASSETS_DIR
        || name == SERVE_DIR
        || name == A_TO_Z_DIR
        || name == "index.html"
        || GENERATED_FILES.contains(&name)
}

/// What a reserved name is for, for error messages.
pub(crate) fn reserved_because(name: &str) -> &'static str {
    match name {
        ASSETS_DIR => "the theme's fingerprinted files are written to assets/",
        SERVE_DIR => "quire serve answers /__quire/ itself",
        A_TO_Z_DIR => "every version has an A–Z page of its pages at a-z/",
        _ => "every build writes a file of that name at the top of the site",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_names_are_reserved() {
        for name in ["robots.txt", "index.html", "__quire", "assets", "404.html"] {
            assert!(is_reserved_top_level(name), "{name}");
        }
        assert!(!is_reserved_top_level("guides"));
    }
}
