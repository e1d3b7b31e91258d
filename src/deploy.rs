//! What a site needs from the host it is published on, and what AI
//! assistants read: `_headers` and `_redirects` (the syntax Netlify and
//! Cloudflare Pages share), and `llms.txt` with `llms-full.txt` per
//! version. `[deploy]` in site.toml turns each on or off.

use std::fmt::Write as _;

use crate::config::VersionStatus;
use crate::content::{Page, Site, Version};
use crate::render::CHECKER_POLICY;

/// Headers for every response. The policy is the one of a page with a
/// checker, the loosest a page has: a host that matches several rules
/// joins their values, so one rule must hold it. Each page's own `<meta>`
/// policy still applies on top (a browser enforces both), and only a
/// header can forbid framing.
pub(crate) fn headers_file(site: &Site, immutable: &[String]) -> String {
    let base = &site.base_path;
    let mut out = String::from(
        "# Written by quire from site.toml; `[deploy] headers = false` leaves it out.\n\
         # Netlify and Cloudflare Pages read it; deploy/nginx.conf in quire's source does the same for nginx.\n",
    );
    let _ = write!(
        out,
        "{base}*\n  Content-Security-Policy: {CHECKER_POLICY}; frame-ancestors 'none'\n  \
         X-Content-Type-Options: nosniff\n  X-Frame-Options: DENY\n  \
         Referrer-Policy: strict-origin-when-cross-origin\n  \
         Permissions-Policy: {PERMISSIONS}\n  Cross-Origin-Opener-Policy: same-origin\n"
    );
    // Only what is named by its content, so a new build never meets an
    // old copy: fingerprinted assets and each search index's own folder.
    // The index manifests that name those folders, and the pages, keep
    // the host's default (revalidated on every visit).
    for path in immutable {
        let _ = write!(
            out,
            "\n{path}\n  Cache-Control: public, max-age=31536000, immutable\n"
        );
    }
    out
}

/// Features a help centre never uses, turned off for the page and
/// anything it might embed.
pub(crate) const PERMISSIONS: &str = "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), interest-cohort=()";

/// An HTTP redirect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Redirect {
    /// The old path, below the site's origin.
    pub from: String,
    /// Where it is now.
    pub to: String,
    /// 301 for an alias (moved for good); 302 for a page the latest
    /// version no longer has (it may come back).
    pub status: u16,
}

/// Each alias of the site, as a redirect (301) to its page. The build also
/// writes a refresh page at each, for hosts that read no `_redirects`.
pub(crate) fn alias_redirects(site: &Site) -> Vec<Redirect> {
    let mut out = Vec::new();
    for version in &site.versions {
        for page in &version.pages {
            for alias in &page.front.aliases {
                let key = alias.trim_start_matches('/');
                if version.by_key.contains_key(key) {
                    continue;
                }
                out.push(Redirect {
                    from: format!("{}{}{key}", site.base_path, version.prefix),
                    to: site.url_of(version, page),
                    status: 301,
                });
            }
        }
    }
    out
}

/// Every redirect of the site: each alias to its page, and the address of
/// each page that the latest version no longer has to the newest released
/// version that still has it.
pub(crate) fn redirects(site: &Site) -> Vec<Redirect> {
    let mut out = alias_redirects(site);
    let mut taken: std::collections::HashSet<String> = out.iter().map(|r| r.from.clone()).collect();
    let latest = site.latest();
    let older = site
        .versions
        .iter()
        .filter(|v| !v.is_latest && v.status != VersionStatus::Unreleased);
    for version in older {
        for page in version.pages.iter().filter(|p| !p.generated) {
            if latest.by_key.contains_key(&page.key) {
                continue;
            }
            let from = format!("{}{}", site.base_path, page.key);
            if taken.insert(from.clone()) {
                out.push(Redirect {
                    from,
                    to: site.url_of(version, page),
                    status: 302,
                });
            }
        }
    }
    out
}

/// `_redirects`: one `from to status` line each.
pub(crate) fn redirects_file(redirects: &[Redirect]) -> String {
    let mut out = String::from(
        "# Written by quire from the pages' aliases and the versions; `[deploy] redirects = false` leaves it out.\n",
    );
    for r in redirects {
        let _ = writeln!(out, "{} {} {}", r.from, r.to, r.status);
    }
    out
}

/// The same redirects for nginx, which reads no `_redirects`: two `map`
/// blocks for its `http` context, one for each status (see the README's
/// nginx configuration, which includes this file).
pub(crate) fn redirects_nginx(redirects: &[Redirect]) -> String {
    let mut out = String::from(
        "# Written by quire: the site's redirects for nginx. Include it in the http block.\n",
    );
    for (name, status) in [("quire_moved", 301), ("quire_found", 302)] {
        let _ = writeln!(out, "map $uri ${name} {{");
        for r in redirects.iter().filter(|r| r.status == status) {
            let _ = writeln!(
                out,
                "    {} {};",
                nginx_string(&r.from),
                nginx_string(&r.to)
            );
        }
        out.push_str("}\n");
    }
    out
}

/// A value quoted for nginx's configuration.
fn nginx_string(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The address of a page's Markdown copy, as the llms.txt proposal has
/// it: the page's URL with `index.html.md` for a URL ending in `/`.
pub(crate) fn markdown_url(url: &str) -> String {
    if url.ends_with('/') {
        format!("{url}index.html.md")
    } else {
        format!("{url}.md")
    }
}

/// A version's `llms.txt`: the site's title and summary, then every page
/// as a link to its Markdown copy with its description, by section.
pub(crate) fn llms_txt(site: &Site, version: &Version) -> String {
    let mut out = llms_head(site, version);
    let home = version.by_key.get("").copied();
    // The home page, its own guides, then each section's.
    let mut sections: Vec<usize> = Vec::new();
    if let Some(h) = home {
        out.push_str("\n## Start here\n\n");
        link_line(&mut out, site, version, h);
        let home = &version.pages[h];
        let direct: Vec<usize> = home
            .children
            .iter()
            .copied()
            .filter(|&c| !version.pages[c].is_section)
            .collect();
        if !direct.is_empty() {
            for c in direct {
                link_line(&mut out, site, version, c);
            }
        }
        sections.extend(
            home.children
                .iter()
                .copied()
                .filter(|&c| version.pages[c].is_section),
        );
    }
    while let Some(s) = sections.first().copied() {
        sections.remove(0);
        let section = &version.pages[s];
        let _ = write!(out, "\n## {}\n\n", one_line(section.title()));
        link_line(&mut out, site, version, s);
        let mut nested = Vec::new();
        for &c in &section.children {
            if version.pages[c].is_section {
                nested.push(c);
            } else {
                link_line(&mut out, site, version, c);
            }
        }
        // Nested sections follow their parent.
        for (i, n) in nested.into_iter().enumerate() {
            sections.insert(i, n);
        }
    }
    out
}

fn link_line(out: &mut String, site: &Site, version: &Version, index: usize) {
    let page = &version.pages[index];
    let url = format!(
        "{}{}",
        site.origin(),
        markdown_url(&site.url_of(version, page))
    );
    let _ = write!(
        out,
        "- [{}]({url})",
        one_line(page.title()).replace(']', "\\]")
    );
    if let Some(description) = page
        .front
        .description
        .as_deref()
        .filter(|d| !d.trim().is_empty())
    {
        let _ = write!(out, ": {}", one_line(description));
    }
    out.push('\n');
}

/// A page's Markdown copy: its title and description, which version it
/// is in when not the latest, its body as [`crate::markdown::render`]
/// copied it, and for a section, links to what is in it.
pub(crate) fn page_markdown(site: &Site, version: &Version, page: &Page, body: &str) -> String {
    let origin = site.origin();
    let body = body.trim();
    let mut out = String::new();
    // A page whose title is its opening heading keeps it there.
    if !body.starts_with("# ") {
        let _ = write!(out, "# {}\n\n", one_line(page.title()));
        if let Some(description) = page
            .front
            .description
            .as_deref()
            .filter(|d| !d.trim().is_empty())
        {
            let _ = write!(out, "> {}\n\n", one_line(description));
        }
    }
    if !version.is_latest {
        let latest = site.latest();
        let there = match latest.by_key.get(&page.key) {
            Some(&i) => format!(
                "this page in {}: {origin}{}",
                one_line(&latest.label),
                markdown_url(&site.url_of(latest, &latest.pages[i]))
            ),
            None => format!(
                "{}: {origin}{}",
                one_line(&latest.label),
                markdown_url_of_llms(site, latest)
            ),
        };
        let _ = write!(
            out,
            "> This page is from {} ({}). The latest is {there}\n\n",
            one_line(&version.label),
            status_words(version.status)
        );
    }
    out.push_str(body);
    if page.is_section && !page.children.is_empty() {
        out.push_str("\n\n## In this section\n\n");
        for &c in &page.children {
            link_line(&mut out, site, version, c);
        }
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out.push('\n');
    out
}

/// The start of a version's `llms.txt`, before its links: the site's
/// title and summary, and which version this is. Each is one line, so no
/// `## ` heading starts inside it.
pub(crate) fn llms_head(site: &Site, version: &Version) -> String {
    let mut out = format!("# {}\n", one_line(&site.config.title));
    if !site.config.description.trim().is_empty() {
        let _ = write!(out, "\n> {}\n", one_line(&site.config.description));
    }
    out.push_str(&version_note(site, version));
    out
}

/// The start of a version's `llms-full.txt`: the title, summary and note
/// of its `llms.txt` (`list`), without the links. Each page's copy is
/// added by [`push_full_page`], in the order of the site.
pub(crate) fn llms_full_head(list: &str) -> String {
    let head_end = list.find("\n## ").map_or(list.len(), |i| i + 1);
    let mut out = list[..head_end].trim_end().to_owned();
    out.push('\n');
    out
}

/// Adds page `p`'s Markdown copy, with its address, to a version's
/// `llms-full.txt`.
pub(crate) fn push_full_page(
    out: &mut String,
    site: &Site,
    version: &Version,
    p: usize,
    copy: &str,
) {
    let page = &version.pages[p];
    let _ = write!(
        out,
        "\n---\n\nSource: {}{}\n\n{copy}",
        site.origin(),
        site.url_of(version, page)
    );
}

fn status_words(status: VersionStatus) -> &'static str {
    match status {
        VersionStatus::Unreleased => "an unreleased version",
        VersionStatus::Deprecated => "a deprecated version",
        VersionStatus::Current => "an older version",
    }
}

/// For an older or unreleased version: which version it is, and where
/// the latest is. Nothing for the latest.
pub(crate) fn version_note(site: &Site, version: &Version) -> String {
    if version.is_latest {
        return String::new();
    }
    let latest = site.latest();
    let what = status_words(version.status);
    format!(
        "\nThis is the documentation of {} ({what}). The latest is {}: {}{}\n",
        one_line(&version.label),
        one_line(&latest.label),
        site.origin(),
        markdown_url_of_llms(site, latest)
    )
}

fn markdown_url_of_llms(site: &Site, version: &Version) -> String {
    format!("{}{}{}", site.base_path, version.prefix, LLMS_FILE)
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Headers for hosts that read them.
pub(crate) const HEADERS_FILE: &str = "_headers";
/// Redirects for hosts that read them.
pub(crate) const REDIRECTS_FILE: &str = "_redirects";
/// The redirects as nginx `map` blocks.
pub(crate) const REDIRECTS_NGINX_FILE: &str = "_redirects.nginx";
/// A version's list of pages for AI assistants.
pub(crate) const LLMS_FILE: &str = "llms.txt";
/// A version's pages, whole, in one file.
pub(crate) const LLMS_FULL_FILE: &str = "llms-full.txt";
