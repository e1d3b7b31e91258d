//! Render: a page's Markdown output placed in its theme template, with the
//! navigation, version switcher, banner and metadata around it.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::config::VersionStatus;
use crate::content::{Page, Site, Version};
use crate::diagnostics::{Code, Diagnostic};
use crate::html::escape_html_into;
use crate::markdown::{Rendered, Step, TocEntry};
use crate::theme::Theme;

/// Compiled templates and everything every page shares.
pub struct Renderer<'a> {
    site: &'a Site,
    theme: &'a Theme,
    tera: &'a tera::Tera,
    base: tera::Context,
    /// Every page's sidebar link, escaped once per build.
    nav_links: &'a [Vec<NavLink>],
    /// Shown at the end of every page's body (live reload in `serve`).
    pub body_end: String,
}

#[derive(Serialize)]
struct SiteContext<'a> {
    title: &'a str,
    description: &'a str,
    language: &'a str,
    base_url: &'a str,
    base_path: &'a str,
    home_url: String,
    /// Whether pages carry the search box.
    search: bool,
    /// `[brand]`: logos and icons.
    brand: &'a crate::brand::Brand,
    /// The brand's stylesheet and manifest, when there are.
    brand_css: Option<&'a String>,
    manifest: Option<&'a String>,
    /// Links at the foot of every page, paths on this site below the base
    /// path.
    footer_links: Vec<crate::config::FooterLink>,
}

/// The "Still stuck?" link at the end of a guide.
#[derive(Serialize)]
struct Support<'a> {
    text: &'a str,
    label: &'a str,
    /// The link, with the page in it.
    href: String,
    /// The link with `{field}` left for site.js, which puts in the fields
    /// the checker finds wrong (their names, never a value).
    template: String,
    /// What goes before the field names when there are some.
    field_prefix: String,
}

#[derive(Serialize)]
struct VersionContext<'a> {
    name: &'a str,
    label: &'a str,
    status: VersionStatus,
    is_latest: bool,
    home_url: &'a str,
    /// The version's A–Z page, where the search box sends readers
    /// without JavaScript.
    a_to_z_url: String,
    /// The version's search index (its `index.json`).
    search_index: String,
}

#[derive(Serialize)]
struct SwitcherEntry<'a> {
    name: &'a str,
    label: &'a str,
    status: VersionStatus,
    is_latest: bool,
    url: String,
    current: bool,
    /// False when the page does not exist there and `url` is its home.
    has_page: bool,
}

/// A section on the A–Z page, borrowing from the version and its
/// search records.
pub struct AtoZGroup<'a> {
    /// The section's title, with the sections above it.
    pub title: String,
    /// The section's URL.
    pub url: &'a str,
    /// Its pages, sorted by title.
    pub entries: Vec<AtoZEntry<'a>>,
}

/// A page or step on the A–Z page.
pub struct AtoZEntry<'a> {
    /// Its title.
    pub title: &'a str,
    /// Its URL.
    pub url: &'a str,
    /// The page's steps, in order.
    pub steps: Vec<AtoZEntry<'a>>,
}

/// A page's URL and title, escaped for HTML, as the sidebar shows them.
pub struct NavLink {
    href: String,
    title: String,
}

/// The sidebar links of every page of every version, in `site.versions`
/// and `pages` order. Titles and URLs do not change between full loads.
pub(crate) fn nav_links(site: &Site) -> Vec<Vec<NavLink>> {
    site.versions
        .iter()
        .map(|version| {
            version
                .pages
                .iter()
                .zip(&version.urls)
                .map(|(page, url)| NavLink {
                    href: crate::html::escape_html(url),
                    title: crate::html::escape_html(page.title()),
                })
                .collect()
        })
        .collect()
}

/// A link from site.toml: a path on this site (`/privacy/`) is below the
/// base path, as pages are; other addresses are as written.
fn site_url(base_path: &str, url: &str) -> String {
    match url.strip_prefix('/') {
        Some(path) if !path.starts_with('/') => format!("{base_path}{path}"),
        _ => url.to_owned(),
    }
}

/// The policy of every page: its own files only, no inline script or
/// style, forms sent only to the site itself (search), no plugins.
pub(crate) const POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'";

/// The policy of a page with a credential checker, whose WebAssembly must
/// be compiled.
pub(crate) const CHECKER_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'";

fn policy_meta(checker: bool) -> String {
    format!(
        "\n<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">",
        if checker { CHECKER_POLICY } else { POLICY }
    )
}

/// The byte offset just after the `<head ...>` tag of `html`.
fn head_end(html: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = memchr::memchr(b'<', &html[from..]) {
        let start = from + i;
        let tag = html.get(start + 1..start + 5)?;
        let after = html.get(start + 5).copied();
        if tag.eq_ignore_ascii_case(b"head")
            && matches!(after, Some(b'>' | b' ' | b'\t' | b'\n' | b'\r'))
        {
            return memchr::memchr(b'>', &html[start..]).map(|end| start + end + 1);
        }
        from = start + 1;
    }
    None
}

/// Room for what a theme adds around a page's text and navigation, in
/// bytes (the default theme adds about 5 KB): the buffer a page is
/// rendered into starts this much larger, and grows if a theme adds more.
const PAGE_ROOM: usize = 8 * 1024;

/// How many entries either side of the open one a navigation list shows.
/// Longer lists end with a link to their section page, so a page's size
/// does not grow with the site's.
pub(crate) const NAV_WINDOW: usize = 12;

#[derive(Serialize)]
struct Link<'a> {
    title: &'a str,
    url: &'a str,
    description: Option<&'a str>,
    is_section: bool,
    /// On the home page, a section's first guides, as its card lists them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    guides: Vec<Link<'a>>,
}

/// How many guides a section's card on the home page lists.
const HOME_GUIDES: usize = 3;

#[derive(Serialize)]
struct Updated {
    iso: String,
    human: String,
}

#[derive(Serialize)]
struct PageContext<'a> {
    title: &'a str,
    /// The id the title heading set for itself, for the page's `<h1>`.
    title_id: Option<&'a str>,
    description: Option<&'a str>,
    url: &'a str,
    permalink: String,
    /// The page's Markdown copy (`index.html.md`), when `[deploy] llms`
    /// writes one.
    markdown_url: Option<String>,
    content: &'a str,
    toc: &'a [TocEntry],
    steps: &'a [Step],
    updated: Option<Updated>,
    is_home: bool,
    is_section: bool,
    has_checker: bool,
    /// The widget's script and module for this page's checkers: the
    /// smallest build with the rules they use.
    checker_script: String,
    checker_module: String,
    children: Vec<Link<'a>>,
    breadcrumbs: Vec<Link<'a>>,
    previous: Option<Link<'a>>,
    next: Option<Link<'a>>,
}

#[derive(Serialize)]
struct Banner<'a> {
    /// `unreleased`, `deprecated` or `older`.
    kind: &'static str,
    version_label: &'a str,
    latest_label: &'a str,
    latest_url: &'a str,
    /// True when `latest_url` is this page in the latest version.
    same_page: bool,
}

impl<'a> Renderer<'a> {
    pub fn new(
        site: &'a Site,
        theme: &'a Theme,
        tera: &'a tera::Tera,
        assets: &BTreeMap<String, String>,
        nav_links: &'a [Vec<NavLink>],
        brand: &'a crate::brand::Brand,
    ) -> Self {
        let mut base = tera::Context::new();
        base.insert(
            "site",
            &SiteContext {
                title: &site.config.title,
                description: &site.config.description,
                language: &site.config.language,
                base_url: &site.base_url,
                base_path: &site.base_path,
                home_url: site.base_path.clone(),
                search: site.config.search.enabled,
                brand,
                brand_css: assets.get("brand.css"),
                manifest: assets.get("site.webmanifest"),
                footer_links: site
                    .config
                    .footer
                    .links
                    .iter()
                    .map(|link| crate::config::FooterLink {
                        label: link.label.clone(),
                        url: site_url(&site.base_path, &link.url),
                    })
                    .collect(),
            },
        );
        base.insert("assets", assets);
        base.insert("versions_url", &format!("{}versions.json", site.base_path));
        Renderer {
            site,
            theme,
            tera,
            base,
            nav_links,
            body_end: String::new(),
        }
    }

    /// The support link for the page titled `title` at `permalink`.
    fn support(&self, title: &str, permalink: &str) -> Option<Support<'a>> {
        use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
        /// Everything but RFC 3986's unreserved characters.
        const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
            .remove(b'-')
            .remove(b'.')
            .remove(b'_')
            .remove(b'~');
        let config = self.site.config.support.as_ref()?;
        let encode = |s: &str| utf8_percent_encode(s, COMPONENT).to_string();
        let (template, field_prefix) = match (&config.url, &config.email) {
            (Some(url), _) => (
                site_url(&self.site.base_path, url)
                    .replace("{page}", &encode(permalink))
                    .replace("{title}", &encode(title)),
                String::new(),
            ),
            (None, Some(email)) => (
                format!(
                    "mailto:{email}?subject={}&body={}{{field}}",
                    encode(&format!("Help with: {title}")),
                    encode(&format!("Page: {permalink}")),
                ),
                encode("\nChecks that fail: "),
            ),
            (None, None) => return None,
        };
        Some(Support {
            text: &config.text,
            label: &config.label,
            href: template.replace("{field}", ""),
            template,
            field_prefix,
        })
    }

    fn origin(&self) -> &str {
        self.site.origin()
    }

    fn link(&self, version: &'a Version, index: usize) -> Link<'a> {
        let page = &version.pages[index];
        Link {
            title: page.title(),
            url: &version.urls[index],
            description: page.front.description.as_deref(),
            is_section: page.is_section,
            guides: Vec::new(),
        }
    }

    /// Renders the page at `index` of `version`, whose body is `rendered`.
    pub fn page(
        &self,
        version: &'a Version,
        index: usize,
        rendered: &Rendered,
    ) -> Result<Vec<u8>, Diagnostic> {
        let site = self.site;
        let page = &version.pages[index];
        let url = &version.urls[index];
        let latest = site.latest();
        let latest_twin = latest.by_key.get(&page.key).copied();
        let mut context = self.base.clone();
        context.insert("version", &self.version_context(version));
        context.insert("switcher", &self.switcher(version, &page.key));
        let sidebar = self.sidebar(version, page);
        let sidebar_len = sidebar.len();
        context.insert("sidebar", &sidebar);
        drop(sidebar);
        let canonical = match (version.is_latest, latest_twin) {
            (false, Some(twin)) => &latest.urls[twin],
            _ => url,
        };
        context.insert("canonical", &format!("{}{canonical}", self.origin()));
        context.insert("noindex", &!version.is_latest);
        if let Some(banner) = self.banner(version, latest_twin) {
            context.insert("banner", &banner);
        }
        let breadcrumbs = self.breadcrumbs(version, page);
        let (previous, next) = self.neighbours(version, index);
        let mut parts: Vec<quire_rules::Part> = Vec::new();
        for field in rendered.checkers.iter().flat_map(|c| &c.fields) {
            if let Some(part) = field.def.rule.part()
                && !parts.contains(&part)
            {
                parts.push(part);
            }
        }
        let (checker_script, checker_module) =
            crate::theme::widget_assets(crate::theme::widget_build(&parts));
        context.insert(
            "page",
            &PageContext {
                title: page.title(),
                title_id: page.title_id.as_deref(),
                description: page.front.description.as_deref(),
                permalink: format!("{}{url}", self.origin()),
                markdown_url: self
                    .site
                    .config
                    .deploy
                    .llms
                    .then(|| crate::deploy::markdown_url(url)),
                url,
                content: &rendered.html,
                toc: &rendered.toc,
                steps: &rendered.steps,
                updated: page.updated.map(|d| Updated {
                    iso: d.iso(),
                    human: d.human(),
                }),
                is_home: page.key.is_empty(),
                is_section: page.is_section,
                has_checker: !rendered.checkers.is_empty(),
                checker_script,
                checker_module,
                children: page
                    .children
                    .iter()
                    .map(|&i| {
                        let mut link = self.link(version, i);
                        if page.key.is_empty() {
                            // The home page's cards: each section with the
                            // guides it starts with, in its order.
                            link.guides = version.pages[i]
                                .children
                                .iter()
                                .filter(|&&g| !version.pages[g].is_section)
                                .take(HOME_GUIDES)
                                .map(|&g| self.link(version, g))
                                .collect();
                        }
                        link
                    })
                    .collect(),
                breadcrumbs,
                previous,
                next,
            },
        );
        if let Some(support) = self.support(page.title(), &format!("{}{url}", self.origin())) {
            context.insert("support", &support);
        }
        context.insert("body_end", &self.body_end);
        let template = if page.key.is_empty() {
            "index.html"
        } else if page.is_section {
            "section.html"
        } else {
            "page.html"
        };
        // Room for the page's text, its navigation and the theme around
        // them, so that the output is not copied as it grows.
        let size = PAGE_ROOM + rendered.html.len() + sidebar_len;
        let html = self
            .render_template(template, &context, size)
            .map_err(|e| {
                let mut d = self.theme.template_error(&e);
                d.rendering = Some(page.source.clone());
                d
            })?;
        self.with_policy(html, template, !rendered.checkers.is_empty())
    }

    /// `template` rendered with `context` into a buffer of `size` bytes to
    /// begin with. Bytes, not a `String`: every page goes to a file, and a
    /// `String` would be checked for UTF-8 first (Tera writes only text).
    fn render_template(
        &self,
        template: &str,
        context: &tera::Context,
        size: usize,
    ) -> tera::TeraResult<Vec<u8>> {
        let mut html = Vec::with_capacity(size);
        self.tera.render_to(template, context, &mut html)?;
        Ok(html)
    }

    /// `html` with the Content-Security-Policy as the first thing in its
    /// head. The generator adds it, not the theme, so a theme that replaces
    /// `base.html` cannot drop it; only pages with a checker may compile
    /// WebAssembly.
    fn with_policy(
        &self,
        mut html: Vec<u8>,
        template: &str,
        checker: bool,
    ) -> Result<Vec<u8>, Diagnostic> {
        let Some(at) = head_end(&html) else {
            let file = self
                .theme
                .templates
                .get(template)
                .map(|t| t.origin.clone())
                .unwrap_or_else(|| template.into());
            return Err(Diagnostic::error(
                Code::TemplateError,
                file,
                crate::diagnostics::Position::START,
                format!("{template} renders a page without a <head>, so it cannot carry the page's Content-Security-Policy"),
            )
            .with_help("start the page with <!doctype html><html><head>…</head>, as the built-in base.html does"));
        };
        html.splice(at..at, policy_meta(checker).into_bytes());
        Ok(html)
    }

    /// The banner of a page outside the latest version, pointing to its
    /// twin there (or the latest home).
    fn banner(&self, version: &'a Version, latest_twin: Option<usize>) -> Option<Banner<'a>> {
        if version.is_latest {
            return None;
        }
        let latest = self.site.latest();
        let kind = match version.status {
            VersionStatus::Unreleased => "unreleased",
            VersionStatus::Deprecated => "deprecated",
            VersionStatus::Current => "older",
        };
        Some(Banner {
            kind,
            version_label: &version.label,
            latest_label: &latest.label,
            latest_url: &latest.urls[latest_twin.unwrap_or(0)],
            same_page: latest_twin.is_some(),
        })
    }

    /// The sections above `page`, from the home page down.
    fn breadcrumbs(&self, version: &'a Version, page: &Page) -> Vec<Link<'a>> {
        let mut breadcrumbs: Vec<Link<'a>> = version
            .ancestors(page)
            .map(|i| self.link(version, i))
            .collect();
        breadcrumbs.reverse();
        breadcrumbs
    }

    /// The readable pages before and after `index`, in reading order.
    fn neighbours(
        &self,
        version: &'a Version,
        index: usize,
    ) -> (Option<Link<'a>>, Option<Link<'a>>) {
        let readable = |i: &usize| !version.pages[*i].generated;
        let previous = (0..index)
            .rev()
            .find(readable)
            .map(|i| self.link(version, i));
        let next = (index + 1..version.pages.len())
            .find(readable)
            .map(|i| self.link(version, i));
        (previous, next)
    }

    /// The "page not found" page, with the latest version's navigation.
    pub fn not_found(&self) -> Result<Vec<u8>, Diagnostic> {
        let latest = self.site.latest();
        let switcher = self.switcher(latest, "");
        self.own_page(
            "404.html",
            latest,
            &switcher,
            &self.site.base_url,
            true,
            &[],
        )
    }

    /// The A–Z page of `version`: `groups` are its sections, each with
    /// its pages and their steps, sorted.
    pub fn a_to_z(
        &self,
        version: &'a Version,
        groups: &[AtoZGroup<'_>],
    ) -> Result<Vec<u8>, Diagnostic> {
        let mut switcher = self.switcher(version, "");
        for (entry, v) in switcher.iter_mut().zip(&self.site.versions) {
            entry.url = a_to_z_url(v);
            entry.has_page = true;
        }
        let canonical = format!("{}{}", self.origin(), a_to_z_url(version));
        self.own_page(
            "a-z.html",
            version,
            &switcher,
            &canonical,
            !version.is_latest,
            &[("a_to_z", &a_to_z_html(groups))],
        )
    }

    /// A page quire makes itself rather than from a Markdown file (the
    /// 404 and A–Z pages), with `version`'s navigation and `extra`
    /// variables.
    fn own_page(
        &self,
        template: &str,
        version: &'a Version,
        switcher: &[SwitcherEntry<'a>],
        canonical: &str,
        noindex: bool,
        extra: &[(&'static str, &str)],
    ) -> Result<Vec<u8>, Diagnostic> {
        let mut context = self.base.clone();
        context.insert("version", &self.version_context(version));
        context.insert("switcher", switcher);
        context.insert("sidebar", &self.sidebar(version, &version.pages[0]));
        context.insert("noindex", &noindex);
        context.insert("canonical", canonical);
        for (name, value) in extra {
            context.insert(*name, value);
        }
        context.insert("body_end", &self.body_end);
        let html = self
            .render_template(template, &context, PAGE_ROOM)
            .map_err(|e| self.theme.template_error(&e))?;
        self.with_policy(html, template, false)
    }

    fn version_context(&self, version: &'a Version) -> VersionContext<'a> {
        VersionContext {
            name: &version.name,
            label: &version.label,
            status: version.status,
            is_latest: version.is_latest,
            home_url: &version.urls[0],
            a_to_z_url: a_to_z_url(version),
            search_index: format!(
                "{}{}/{}/index.json",
                self.site.base_path,
                crate::search::DIR,
                version.name
            ),
        }
    }

    fn switcher(&self, current: &Version, key: &str) -> Vec<SwitcherEntry<'a>> {
        self.site
            .versions
            .iter()
            .map(|v| {
                let twin = v.by_key.get(key).copied();
                SwitcherEntry {
                    name: &v.name,
                    label: &v.label,
                    status: v.status,
                    is_latest: v.is_latest,
                    url: v.urls[twin.unwrap_or(0)].clone(),
                    current: v.name == current.name,
                    has_page: twin.is_some(),
                }
            })
            .collect()
    }

    /// The sidebar as HTML: the version's top level, with the sections on
    /// the way to `page` opened. Never the whole tree, so pages stay small
    /// on big sites. Built here rather than in a template: it is the
    /// largest part of every page, and a recursive template macro made it
    /// most of the build's time.
    fn sidebar(&self, version: &Version, page: &Page) -> String {
        let open: Vec<&str> = std::iter::once(page.key.as_str())
            .chain(
                version
                    .ancestors(page)
                    .map(|i| version.pages[i].key.as_str()),
            )
            .collect();
        let v = self
            .site
            .versions
            .iter()
            .position(|x| x.name == version.name)
            .unwrap_or(0);
        let mut html = String::with_capacity(8192);
        nav_list(&mut html, version, &self.nav_links[v], 0, &open, &page.key);
        html
    }
}

/// The URL of `version`'s A–Z page.
fn a_to_z_url(version: &Version) -> String {
    format!("{}{}/", version.urls[0], crate::layout::A_TO_Z_DIR)
}

/// The A–Z page's body as HTML: a list of the sections to jump to, then
/// each section with its pages and their steps. Built here rather than in
/// a template, as the sidebar is: it lists every page of the version, and
/// a template loop over tens of thousands of entries costs more than
/// rendering several pages.
fn a_to_z_html(groups: &[AtoZGroup<'_>]) -> String {
    // Its size as far as it is known without escaping, so that a big
    // version's list is one allocation.
    fn size(entry: &AtoZEntry<'_>) -> usize {
        40 + entry.title.len() + entry.url.len() + entry.steps.iter().map(size).sum::<usize>()
    }
    let known: usize = groups
        .iter()
        .map(|g| 200 + 2 * g.title.len() + g.url.len() + g.entries.iter().map(size).sum::<usize>())
        .sum();
    let mut html = String::with_capacity(known + known / 64);
    let link = |html: &mut String, url: &str, title: &str| {
        html.push_str("<a href=\"");
        escape_html_into(html, url);
        html.push_str("\">");
        escape_html_into(html, title);
        html.push_str("</a>");
    };
    if groups.len() > 1 {
        html.push_str("<nav class=\"a-to-z-jump\" aria-label=\"Sections\">\n<ul>");
        for (n, group) in groups.iter().enumerate() {
            html.push_str(&format!("<li><a href=\"#section-{}\">", n + 1));
            escape_html_into(&mut html, &group.title);
            html.push_str("</a></li>");
        }
        html.push_str("</ul>\n</nav>\n");
    }
    for (n, group) in groups.iter().enumerate() {
        let id = format!("section-{}", n + 1);
        html.push_str(&format!(
            "<section class=\"a-to-z-group\" aria-labelledby=\"{id}\">\n<h2 id=\"{id}\">"
        ));
        link(&mut html, group.url, &group.title);
        html.push_str("</h2>\n<ul class=\"a-to-z-list\">");
        for entry in &group.entries {
            html.push_str("\n<li>");
            link(&mut html, entry.url, entry.title);
            if !entry.steps.is_empty() {
                html.push_str("<ul>");
                for step in &entry.steps {
                    html.push_str("<li>");
                    link(&mut html, step.url, step.title);
                    html.push_str("</li>");
                }
                html.push_str("</ul>");
            }
            html.push_str("</li>");
        }
        html.push_str("\n</ul>\n</section>\n");
    }
    html
}

/// Appends the `<ul>` of the section at `section` in `version` to `html`,
/// opening the children whose keys are in `open`.
fn nav_list(
    html: &mut String,
    version: &Version,
    links: &[NavLink],
    section: usize,
    open: &[&str],
    current: &str,
) {
    let children = &version.pages[section].children;
    let width = 2 * NAV_WINDOW + 1;
    let (start, end) = if children.len() <= width {
        (0, children.len())
    } else {
        let active = children
            .iter()
            .position(|&i| open.contains(&version.pages[i].key.as_str()))
            .unwrap_or(0);
        let start = active
            .saturating_sub(NAV_WINDOW)
            .min(children.len() - width);
        (start, start + width)
    };
    html.push_str("<ul class=\"nav-list\">");
    for &i in &children[start..end] {
        let child = &version.pages[i];
        let is_open = open.contains(&child.key.as_str());
        let is_current = child.key == current;
        html.push_str("\n<li class=\"nav-item");
        if child.is_section {
            html.push_str(" nav-section");
        }
        if is_open {
            html.push_str(" is-open");
        }
        if is_current {
            html.push_str(" is-current");
        }
        html.push_str("\"><a href=\"");
        html.push_str(&links[i].href);
        html.push('"');
        if is_current {
            html.push_str(" aria-current=\"page\"");
        }
        html.push('>');
        html.push_str(&links[i].title);
        html.push_str("</a>");
        if is_open && !child.children.is_empty() {
            nav_list(html, version, links, i, open, current);
        }
        html.push_str("</li>");
    }
    if end - start < children.len() {
        html.push_str("\n<li class=\"nav-item nav-more\"><a href=\"");
        html.push_str(&links[section].href);
        html.push_str("\">");
        escape_html_into(
            html,
            &format!(
                "All {} pages in {}",
                children.len(),
                version.pages[section].title()
            ),
        );
        html.push_str("</a></li>");
    }
    html.push_str("\n</ul>");
}
