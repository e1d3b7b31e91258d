//! Checks every build runs, and `quire check` runs without writing: links
//! and anchors across pages and versions, images, heading order, and
//! content that looks like a live credential.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;

use crate::config::CheckLevel;
use crate::content::Site;
use crate::diagnostics::{Diagnostic, Position, Severity};
use crate::markdown::{Reference, Rendered};

/// Every code a `[check]` table in site.toml may change.
pub const CODES: &[&str] = &[
    "link.broken",
    "link.anchor",
    "link.external",
    "image.missing",
    "image.alt",
    "heading.skipped_level",
    "secret.client_secret",
    "secret.jwt",
    "secret.bearer",
    "secret.password",
    "secret.identifier",
];

/// What the cross-page checks need to know of one rendered page.
#[derive(Debug)]
pub struct PageFacts {
    pub source: PathBuf,
    /// Root-relative, with the base path: `/docs/v1/guides/x/`.
    pub url: String,
    pub ids: HashSet<String>,
    pub links: Vec<Reference>,
    pub images: Vec<Reference>,
    pub external: Vec<Reference>,
}

impl PageFacts {
    pub fn new(source: &Path, url: String, rendered: &mut Rendered) -> PageFacts {
        PageFacts {
            source: source.to_owned(),
            url,
            ids: rendered.ids.drain(..).collect(),
            links: std::mem::take(&mut rendered.links),
            images: std::mem::take(&mut rendered.images),
            external: std::mem::take(&mut rendered.external),
        }
    }
}

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
    let generated: HashSet<String> = ["404.html", "sitemap.xml", "robots.txt", "versions.json"]
        .iter()
        .map(|f| format!("{}{f}", site.base_path))
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
                if let Some(anchor) = anchor.filter(|a| !a.is_empty() && !page.ids.contains(*a)) {
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
                    if let Some(anchor) = anchor.filter(|a| !a.is_empty() && !target.ids.contains(*a)) {
                        problems.push(anchor_missing(page, link, anchor, &target.url));
                    }
                }
                None if generated.contains(path) || static_file(root, site, path).is_some() => {}
                None => problems.push(
                    Diagnostic::error("link.broken", &page.source, link.position, format!("`{}` is not a page of this site", link.target))
                        .with_help("link to pages by their Markdown file (`other.md#anchor`); for another version, use its URL such as /v1/guides/page/"),
                ),
            }
        }
        for image in &page.images {
            let target = &image.target;
            if !target.contains("://") && !target.starts_with("data:") {
                let url = if target.starts_with('/') {
                    target.clone()
                } else {
                    format!("{}{target}", page.url)
                };
                if static_file(root, site, &url).is_none() {
                    problems.push(
                        Diagnostic::error(
                            "image.missing",
                            &page.source,
                            image.position,
                            format!("image `{target}` does not exist"),
                        )
                        .with_help(format!(
                            "put it in static/ and write its path from there, such as /{}",
                            target.trim_start_matches(['.', '/'])
                        )),
                    );
                }
            }
            if image.no_text {
                problems.push(
                    Diagnostic::warning("image.alt", &page.source, image.position, "this image has no alt text")
                        .with_help("describe what the image shows for readers who cannot see it: ![Endpoints pane with the v2 token URL](/img/endpoints.png)"),
                );
            }
        }
    }
    problems
}

fn anchor_missing(page: &PageFacts, link: &Reference, anchor: &str, target: &str) -> Diagnostic {
    Diagnostic::error(
        "link.anchor",
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
    let path = root.join("static").join(decoded.as_ref());
    path.is_file().then_some(path)
}

static CLIENT_SECRET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^A-Za-z0-9._~-])([A-Za-z0-9._~-]{3}[78]Q~[A-Za-z0-9._~-]{31,34})(?:$|[^A-Za-z0-9._~-])").expect("valid regex")
});
static JWT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}")
        .expect("valid regex")
});
static BEARER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)bearer\s+([A-Za-z0-9._~+/-]{20,}=*)").expect("valid regex")
});
static PASSWORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?i)(?-u:\b)(?:password|pwd|client_secret|clientsecret)\s*[=:]\s*["']?([^;\s"'&,]{4,})"#,
    )
    .expect("valid regex")
});
static GUID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}(?-u:\b)")
        .expect("valid regex")
});
static ID_CONTEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)client[ _-]?id|tenant|directory|application \(client\)|app[ _-]?id|login\.microsoftonline\.(?:com|us)/$").expect("valid regex")
});

/// GUIDs documentation uses on purpose: placeholders and public samples.
fn documentation_guid(guid: &str) -> bool {
    let lower = guid.to_ascii_lowercase();
    let distinct: HashSet<char> = lower.chars().filter(|c| *c != '-').collect();
    distinct.len() <= 2
        || quire_rules::guid::is_placeholder(&lower)
        || quire_rules::guid::is_first_party(&lower)
        || matches!(
            lower.as_str(),
            "12345678-1234-1234-1234-123456789012"
                | "12345678-1234-1234-1234-123456789abc"
                | "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"
                | "01234567-89ab-cdef-0123-456789abcdef"
                | "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
                // Microsoft's own tenant, public in its documentation.
                | "72f988bf-86f1-41af-91ab-2d7cd011db47"
        )
}

fn is_placeholder_value(value: &str) -> bool {
    let v = value.to_ascii_lowercase();
    v.starts_with(['<', '{', '$', '%', '*', '.'])
        || v.starts_with("your")
        || v.contains("xxx")
        || v.contains("example")
        || v.contains("placeholder")
        || matches!(v.as_str(), "password" | "secret" | "changeme" | "hunter2")
}

/// Content that looks like a live credential: an error telling the writer
/// to use a placeholder, at the place it starts.
pub fn secrets(file: &Path, text: &str, body_start: usize) -> Vec<Diagnostic> {
    let body = &text[body_start..];
    let at = |offset: usize| Position::of(text, body_start + offset);
    let help = "replace it with a placeholder such as {client-secret}; if this is a real credential, revoke it: it has been published";
    let mut found = Vec::new();
    // Cheap substring tests first: most pages can match none of these.
    let has = |needle: &str| body.contains(needle);
    let (secret_like, jwt_like) = (has("Q~"), has("eyJ"));
    let bearer_like = has("earer") || has("EARER");
    // Only searched when the cheap test passed: a regex that finds nothing
    // still reads the whole page.
    let secrets = secret_like
        .then(|| CLIENT_SECRET.captures_iter(body))
        .into_iter()
        .flatten()
        .filter_map(|c| c.get(1));
    for m in secrets {
        found.push(
            Diagnostic::error(
                "secret.client_secret",
                file,
                at(m.start()),
                "this looks like a Microsoft Entra client secret value",
            )
            .with_help(help),
        );
    }
    let mut jwt_spans = Vec::new();
    for m in jwt_like.then(|| JWT.find_iter(body)).into_iter().flatten() {
        jwt_spans.push(m.range());
        found.push(
            Diagnostic::error(
                "secret.jwt",
                file,
                at(m.start()),
                "this looks like a signed token (JWT)",
            )
            .with_help(help),
        );
    }
    for c in bearer_like
        .then(|| BEARER.captures_iter(body))
        .into_iter()
        .flatten()
    {
        let Some(token) = c.get(1) else { continue };
        if jwt_spans.iter().any(|r| r.contains(&token.start()))
            || is_placeholder_value(token.as_str())
        {
            continue;
        }
        found.push(
            Diagnostic::error(
                "secret.bearer",
                file,
                at(token.start()),
                "this looks like a bearer token",
            )
            .with_help(help),
        );
    }
    for c in PASSWORD.captures_iter(body) {
        let Some(value) = c.get(1) else { continue };
        if is_placeholder_value(value.as_str()) {
            continue;
        }
        found.push(
            Diagnostic::error(
                "secret.password",
                file,
                at(value.start()),
                "this looks like a real password or secret in a connection string",
            )
            .with_help(help),
        );
    }
    for m in GUID.find_iter(body) {
        if documentation_guid(m.as_str()) {
            continue;
        }
        let line_start = body[..m.start()].rfind('\n').map_or(0, |i| i + 1);
        let before = &body[line_start..m.start()];
        // Any match in the line before the GUID counts, a URL ending at it
        // included (`$` is the end of `before`).
        if ID_CONTEXT.is_match(before) {
            found.push(
                Diagnostic::error("secret.identifier", file, at(m.start()), "this looks like a real client or tenant ID")
                    .with_help("use a placeholder such as {tenant-id} or 00000000-0000-0000-0000-000000000000; real IDs tell attackers where to aim"),
            );
        }
    }
    found
}

/// Applies the `[check]` table of site.toml: each listed code becomes an
/// error or a warning, or is left out.
pub fn apply_levels(
    levels: &BTreeMap<String, CheckLevel>,
    diagnostics: Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    diagnostics
        .into_iter()
        .filter_map(|mut d| {
            match levels.get(d.code) {
                Some(CheckLevel::Off) => return None,
                Some(CheckLevel::Error) => d.severity = Severity::Error,
                Some(CheckLevel::Warning) => d.severity = Severity::Warning,
                None => {}
            }
            Some(d)
        })
        .collect()
}

/// How long a checked external link's good result is reused.
const EXTERNAL_CACHE_SECONDS: u64 = 24 * 60 * 60;
const EXTERNAL_CACHE: &str = ".quire-cache/external-links.json";

/// Fetches each distinct http(s) link once (HEAD, then GET where HEAD is
/// refused), in parallel, with `timeout`; a link that fails is a warning
/// at each place it is written. Good results are cached for a day in
/// `.quire-cache/` under the site root.
pub fn external_links(
    root: &Path,
    links: &[(String, PathBuf, Position)],
    timeout: std::time::Duration,
) -> Vec<Diagnostic> {
    use rayon::prelude::*;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let cache_path = root.join(EXTERNAL_CACHE);
    let mut cache: BTreeMap<String, u64> = std::fs::read_to_string(&cache_path)
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default();
    cache.retain(|_, checked| now.saturating_sub(*checked) < EXTERNAL_CACHE_SECONDS);
    let mut urls: Vec<&str> = links
        .iter()
        .map(|(url, _, _)| url.as_str())
        .filter(|u| u.starts_with("http://") || u.starts_with("https://"))
        .filter(|u| !cache.contains_key(*u))
        .collect();
    urls.sort_unstable();
    urls.dedup();
    let agent = ureq::AgentBuilder::new()
        .timeout(timeout)
        .redirects(5)
        .build();
    let results: Vec<(&str, Result<(), String>)> = urls
        .par_iter()
        .map(|url| (*url, fetch(&agent, url)))
        .collect();
    let mut problems = Vec::new();
    for (url, result) in &results {
        match result {
            Ok(()) => {
                cache.insert((*url).to_owned(), now);
            }
            Err(why) => {
                for (_, file, position) in links.iter().filter(|(u, _, _)| u == url) {
                    problems.push(
                        Diagnostic::warning("link.external", file, *position, format!("`{url}` {why}"))
                            .with_help("fix or remove the link; if the site is only down for now, check again later"),
                    );
                }
            }
        }
    }
    if let Ok(text) = serde_json::to_string_pretty(&cache) {
        let _ = std::fs::create_dir_all(cache_path.parent().unwrap_or(root));
        let _ = std::fs::write(&cache_path, text);
    }
    problems
}

fn fetch(agent: &ureq::Agent, url: &str) -> Result<(), String> {
    let answer = match agent.head(url).call() {
        Err(ureq::Error::Status(405 | 501, _)) => agent.get(url).call(),
        other => other,
    };
    match answer {
        Ok(_) => Ok(()),
        Err(ureq::Error::Status(code, _)) => Err(format!("answered HTTP {code}")),
        Err(ureq::Error::Transport(t)) => Err(format!("could not be reached ({})", t.kind())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(body: &str) -> Vec<&'static str> {
        secrets(Path::new("p.md"), body, 0)
            .iter()
            .map(|d| d.code)
            .collect()
    }

    #[test]
    fn finds_live_looking_credentials() {
        assert_eq!(
            codes("secret: abc8Q~abcdefghijklmnopqrstuvwxyz01234567 here"),
            ["secret.client_secret"]
        );
        assert_eq!(
            codes(
                "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"
            ),
            ["secret.jwt"]
        );
        assert_eq!(
            codes("Authorization: Bearer 0123456789abcdefghijABCDEF"),
            ["secret.bearer"]
        );
        assert_eq!(
            codes("Server=db;User Id=sa;Password=S3cr3t!x;"),
            ["secret.password"]
        );
        assert_eq!(
            codes("Client ID: 3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b"),
            ["secret.identifier"]
        );
        assert_eq!(
            codes(
                "https://login.microsoftonline.com/3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b/oauth2/v2.0/token"
            ),
            ["secret.identifier"]
        );
    }

    #[test]
    fn non_ascii_text_before_an_identifier_is_read_whole() {
        let line = format!(
            "Tenant {}ab 7f3c9d21-5b8e-4a6f-9c2d-1e4b7a9f3c5d",
            "é".repeat(42)
        );
        assert_eq!(codes(&line), ["secret.identifier"]);
        let line = format!("{}ab 7f3c9d21-5b8e-4a6f-9c2d-1e4b7a9f3c5d", "é".repeat(42));
        assert!(codes(&line).is_empty());
    }

    #[test]
    fn leaves_placeholders_alone() {
        assert!(codes("Password=<your-password>; pwd={password}").is_empty());
        assert!(codes("Bearer {access-token}").is_empty());
        assert!(codes("Client ID: 00000000-0000-0000-0000-000000000000").is_empty());
        assert!(codes("tenant xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx").is_empty());
        assert!(codes("Dataverse is 00000007-0000-0000-c000-000000000000 (client id)").is_empty());
        assert!(codes("A GUID in passing: 3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b.").is_empty());
        assert!(
            codes("https://login.microsoftonline.com/{tenant-id}/oauth2/v2.0/token").is_empty()
        );
    }
}
