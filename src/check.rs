//! Checks every build runs, and `quire check` runs without writing: links
//! and anchors across pages and versions, images, heading order, and
//! content that looks like a live credential.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;

use crate::config::CheckLevel;
use crate::content::Site;
use crate::diagnostics::{Code, Diagnostic, Position, Severity};
use crate::markdown::{Reference, Rendered};

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
    let generated: HashSet<String> = crate::layout::GENERATED_FILES
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
                None if generated.contains(path) || static_file(root, site, path).is_some() => {}
                None => problems.push(
                    Diagnostic::error(Code::LinkBroken, &page.source, link.position, format!("`{}` is not a page of this site", link.target))
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
                            Code::ImageMissing,
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
    let path = root.join("static").join(decoded.as_ref());
    path.is_file().then_some(path)
}

static CLIENT_SECRET: LazyLock<Regex> = LazyLock::new(|| {
    // `~` may be percent-encoded (`%7E`), as in a URL or a form body.
    Regex::new(r"(?:^|[^A-Za-z0-9._~%-])([A-Za-z0-9._~-]{3}[78]Q(?:~|%7[Ee])(?:[A-Za-z0-9._~-]|%7[Ee]){31,34})(?:$|[^A-Za-z0-9._~-])").expect("valid regex")
});
static JWT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}")
        .expect("valid regex")
});
static BEARER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)bearer\s+([A-Za-z0-9._~+/-]{20,}=*)").expect("valid regex")
});
static PASSWORD: LazyLock<Regex> = LazyLock::new(|| {
    // The key may be quoted, as in JSON: `"client_secret": "..."`.
    Regex::new(
        r#"(?i)(?-u:\b)(?:password|passwd|pwd|client_secret|clientsecret|secret_access_key)["']?\s*[=:]\s*["']?([^;\s"'&,]{4,})"#,
    )
    .expect("valid regex")
});
static URL_PASSWORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)[a-z][a-z0-9+.-]*://[^\s:/@]+:([^\s/@]+)@").expect("valid regex")
});
static CURL_USER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?:^|\s)(?:-u|--user)\s*["']?[^\s:"']+:([^\s"']+)"#).expect("valid regex")
});
static STORAGE_KEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)AccountKey\s*=\s*([A-Za-z0-9+/]{40,}={0,2})").expect("valid regex")
});
static AWS_KEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:AKIA|ASIA)[A-Z0-9]{16}(?-u:\b)").expect("valid regex")
});
static GITHUB_TOKEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})")
        .expect("valid regex")
});
static PRIVATE_KEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----[ \t]*\r?\n[A-Za-z0-9+/=]{40,}")
        .expect("valid regex")
});
static GUID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}(?-u:\b)")
        .expect("valid regex")
});
static ID_CONTEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)client[ _-]?id|tenant|directory|application \(client\)|app[ _-]?id|login\.microsoftonline\.(?:com|us)/$").expect("valid regex")
});
/// Code that reads a secret from somewhere instead of holding it:
/// `os.environ[`, `config[`, `getenv(`.
static CODE_REFERENCE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[A-Za-z_][A-Za-z0-9_.]*[(\[]").expect("valid regex"));

/// GUIDs documentation uses on purpose: placeholders, public samples and
/// made-up patterns.
fn documentation_guid(guid: &str) -> bool {
    let lower = guid.to_ascii_lowercase();
    let distinct: HashSet<char> = lower.chars().filter(|c| *c != '-').collect();
    distinct.len() <= 2
        || patterned_guid(&lower)
        || quire_rules::guid::is_placeholder(&lower)
        || quire_rules::guid::is_first_party(&lower)
        || matches!(
            lower.as_str(),
            "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"
                | "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
                // Microsoft's own tenant, public in its documentation.
                | "72f988bf-86f1-41af-91ab-2d7cd011db47"
        )
}

/// A GUID nobody generated: each group one repeated character
/// (`11111111-2222-…`), mostly counting up (`12345678-90ab-cdef-…`), or
/// made of hex words (`deadbeef-…`).
fn patterned_guid(lower: &str) -> bool {
    if lower
        .split('-')
        .all(|g| g.bytes().all(|b| Some(b) == g.bytes().next()))
    {
        return true;
    }
    let digits: Vec<u8> = lower.bytes().filter(|b| *b != b'-').collect();
    let value = |b: u8| (b as char).to_digit(16).unwrap_or(0);
    let counting = digits
        .windows(2)
        .filter(|w| {
            let (a, b) = (value(w[0]), value(w[1]));
            b == a + 1 || (a == 9 && b == 0) || (a == 0 && b == 10) || (a == 15 && b <= 1)
        })
        .count();
    counting * 3 >= (digits.len() - 1) * 2
        || [
            "deadbeef", "cafebabe", "c0ffee", "badc0de", "feedface", "f00d", "decaf", "facade",
        ]
        .iter()
        .any(|word| lower.contains(word))
}

/// A value that stands for a secret instead of being one: `<password>`,
/// `{client-secret}`, `$SECRET`, `YOUR_PASSWORD`, `ACCESS_TOKEN_FROM_STEP_3`,
/// or a documented fake with EXAMPLE or FAKE in it.
fn is_placeholder_value(value: &str) -> bool {
    let v = value.to_ascii_lowercase();
    let constant_name = value.contains('_')
        && value
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_');
    constant_name
        || v.starts_with(['<', '{', '$', '%', '*', '.'])
        || v.starts_with("your")
        || [
            "xxx",
            "example",
            "placeholder",
            "fake",
            "sample",
            "dummy",
            "redacted",
            "not-a-real",
            "notreal",
        ]
        .iter()
        .any(|word| v.contains(word))
        || matches!(v.as_str(), "password" | "secret" | "changeme" | "hunter2")
}

/// A password-like value that is code reading the secret from elsewhere.
fn is_code_reference(value: &str) -> bool {
    CODE_REFERENCE.is_match(value)
        || value.starts_with("process.env")
        || value.starts_with("env.")
        || value.starts_with("os.")
}

/// One kind of live-looking credential: its code, what it looks like, and
/// the group of the match that is the secret itself.
struct Pattern {
    code: Code,
    what: &'static str,
    regex: &'static LazyLock<Regex>,
    group: usize,
    /// Substrings one of which a text must hold to be worth searching.
    needles: &'static [&'static str],
    /// Whether a value of this kind can be a placeholder or a code reference.
    allows_placeholders: bool,
}

static PATTERNS: &[Pattern] = &[
    Pattern {
        code: Code::SecretClientSecret,
        what: "a Microsoft Entra client secret value",
        regex: &CLIENT_SECRET,
        group: 1,
        needles: &["Q~", "Q%7E", "Q%7e"],
        allows_placeholders: true,
    },
    Pattern {
        code: Code::SecretPassword,
        what: "a real password or secret",
        regex: &PASSWORD,
        group: 1,
        needles: &[],
        allows_placeholders: true,
    },
    Pattern {
        code: Code::SecretPassword,
        what: "a password in a URL",
        regex: &URL_PASSWORD,
        group: 1,
        needles: &["://"],
        allows_placeholders: true,
    },
    Pattern {
        code: Code::SecretPassword,
        what: "a password given to curl",
        regex: &CURL_USER,
        group: 1,
        needles: &["-u", "--user"],
        allows_placeholders: true,
    },
    Pattern {
        code: Code::SecretStorageKey,
        what: "an Azure Storage account key",
        regex: &STORAGE_KEY,
        group: 1,
        needles: &["ccountKey", "ccountkey", "CCOUNTKEY"],
        allows_placeholders: true,
    },
    Pattern {
        code: Code::SecretAwsKey,
        what: "an AWS access key ID",
        regex: &AWS_KEY,
        group: 0,
        needles: &["AKIA", "ASIA"],
        allows_placeholders: true,
    },
    Pattern {
        code: Code::SecretGithubToken,
        what: "a GitHub token",
        regex: &GITHUB_TOKEN,
        group: 0,
        needles: &["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"],
        allows_placeholders: true,
    },
    Pattern {
        code: Code::SecretPrivateKey,
        what: "a private key",
        regex: &PRIVATE_KEY,
        group: 0,
        needles: &["PRIVATE KEY-----"],
        allows_placeholders: false,
    },
];

/// Content that looks like a live credential: an error telling the writer
/// to use a placeholder, at the place it starts. `text` is a whole file
/// (front matter included: it is published too); positions count from its
/// start. `body_start` is kept for callers that scan part of a file.
pub fn secrets(file: &Path, text: &str, body_start: usize) -> Vec<Diagnostic> {
    let body = &text[body_start..];
    // Built at the first finding: most files have none.
    let lines = std::cell::OnceCell::new();
    let at = |offset: usize| {
        lines
            .get_or_init(|| crate::diagnostics::LineIndex::new(text))
            .position(body_start + offset)
    };
    let help = "replace it with a placeholder such as {client-secret}, or make it a documented fake (with EXAMPLE in it); if this is a real credential, revoke it: it has been published";
    let mut found = Vec::new();
    for pattern in PATTERNS {
        // Cheap substring tests first: most pages can match none of these.
        if !pattern.needles.is_empty() && !pattern.needles.iter().any(|n| body.contains(n)) {
            continue;
        }
        for c in pattern.regex.captures_iter(body) {
            let Some(m) = c.get(pattern.group) else {
                continue;
            };
            let value = m.as_str();
            if pattern.allows_placeholders
                && (is_placeholder_value(value) || is_code_reference(value))
            {
                continue;
            }
            found.push(
                Diagnostic::error(
                    pattern.code,
                    file,
                    at(m.start()),
                    format!("this looks like {}", pattern.what),
                )
                .with_help(help),
            );
        }
    }
    let mut jwt_spans = Vec::new();
    let jwts = body.contains("eyJ").then(|| JWT.find_iter(body));
    for m in jwts.into_iter().flatten() {
        jwt_spans.push(m.range());
        found.push(
            Diagnostic::error(
                Code::SecretJwt,
                file,
                at(m.start()),
                "this looks like a signed token (JWT)",
            )
            .with_help(help),
        );
    }
    let bearer_like = body.contains("earer") || body.contains("EARER");
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
                Code::SecretBearer,
                file,
                at(token.start()),
                "this looks like a bearer token",
            )
            .with_help(help),
        );
    }
    for m in GUID.find_iter(body) {
        if documentation_guid(m.as_str()) || !labelled_as_id(body, m.start()) {
            continue;
        }
        found.push(
            Diagnostic::error(Code::SecretIdentifier, file, at(m.start()), "this looks like a real client or tenant ID")
                .with_help("use a placeholder such as {tenant-id} or 00000000-0000-0000-0000-000000000000; real IDs tell attackers where to aim"),
        );
    }
    found
}

/// Whether the GUID at `start` is labelled as a client or tenant ID: on
/// its own line before it, or, when nothing but punctuation comes before
/// it there, on the nearest line above that is not blank or a code fence.
fn labelled_as_id(body: &str, start: usize) -> bool {
    let line_start = body[..start].rfind('\n').map_or(0, |i| i + 1);
    let before = &body[line_start..start];
    // Any match in the line before the GUID counts, a URL ending at it
    // included (`$` is the end of `before`).
    if ID_CONTEXT.is_match(before) {
        return true;
    }
    if before.chars().any(char::is_alphanumeric) {
        return false;
    }
    body[..line_start]
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with("```") && !l.starts_with("~~~"))
        .is_some_and(|label| ID_CONTEXT.is_match(label))
}

/// The secret scan of everything else that is published: site.toml, and
/// the text files in `static/`, the site's `templates/` and its theme.
pub fn published_files(root: &Path, theme: &str) -> Vec<Diagnostic> {
    use rayon::prelude::*;
    let mut files = vec![PathBuf::from(crate::layout::CONFIG_FILE)];
    for dir in [
        PathBuf::from("static"),
        PathBuf::from("templates"),
        Path::new("themes").join(theme),
    ] {
        files.extend(
            walkdir::WalkDir::new(root.join(&dir))
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file())
                .filter_map(|e| e.path().strip_prefix(root).ok().map(Path::to_owned)),
        );
    }
    files
        .par_iter()
        .flat_map_iter(|rel| {
            // Binary files (images, fonts) are not read as text.
            let text = std::fs::read(root.join(rel))
                .ok()
                .and_then(|bytes| String::from_utf8(bytes).ok())
                .unwrap_or_default();
            secrets(rel, &text, 0)
        })
        .collect()
}

/// Applies the `[check]` table of site.toml: each listed code becomes an
/// error or a warning, or is left out.
pub fn apply_levels(
    levels: &BTreeMap<Code, CheckLevel>,
    diagnostics: Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    diagnostics
        .into_iter()
        .filter_map(|mut d| {
            match levels.get(&d.code) {
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
                        Diagnostic::warning(Code::LinkExternal, file, *position, format!("`{url}` {why}"))
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
            .map(|d| d.code.name())
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
