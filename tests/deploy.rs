//! What a build writes for static hosts and AI assistants, read back the
//! way they read it: `_headers` and `_redirects` in the syntax Netlify and
//! Cloudflare Pages share, `llms.txt` links to the Markdown copies, and
//! every address under a `base_url` with a path.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::Fixture;

/// A `_headers` rule: the path pattern and its headers, in order.
type Rule = (String, Vec<(String, String)>);

/// Reads `_headers` as the hosts do: a path at the start of a line, its
/// headers indented below it as `Name: value`, `#` comments. Anything else
/// is an error.
fn parse_headers(text: &str) -> Result<Vec<Rule>, String> {
    let mut rules: Vec<Rule> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if line.starts_with(char::is_whitespace) {
            let (name, value) = trimmed
                .split_once(':')
                .ok_or_else(|| format!("line {}: a header without `:`: {line}", n + 1))?;
            if name.is_empty() || name.contains(char::is_whitespace) {
                return Err(format!("line {}: a bad header name: {line}", n + 1));
            }
            let rule = rules
                .last_mut()
                .ok_or_else(|| format!("line {}: a header before any path", n + 1))?;
            rule.1.push((name.to_owned(), value.trim().to_owned()));
        } else {
            if !trimmed.starts_with('/') || trimmed.contains(char::is_whitespace) {
                return Err(format!("line {}: a bad path: {line}", n + 1));
            }
            rules.push((trimmed.to_owned(), Vec::new()));
        }
    }
    if let Some((path, _)) = rules.iter().find(|(_, headers)| headers.is_empty()) {
        return Err(format!("{path} has no headers"));
    }
    Ok(rules)
}

/// Whether `pattern` (a path, or a prefix ending in `*`) matches `path`.
fn matches(pattern: &str, path: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => path.starts_with(prefix),
        None => pattern == path,
    }
}

/// Reads `_redirects`: `from to [status]` a line, `#` comments.
fn parse_redirects(text: &str) -> Result<Vec<(String, String, u16)>, String> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let parts: Vec<&str> = line.split_whitespace().collect();
        let (from, to, status) = match parts.as_slice() {
            [from, to] => (*from, *to, 301),
            [from, to, status] => (
                *from,
                *to,
                status
                    .parse()
                    .map_err(|_| format!("line {}: a bad status: {line}", n + 1))?,
            ),
            _ => return Err(format!("line {}: not `from to status`: {line}", n + 1)),
        };
        if !from.starts_with('/') || !(to.starts_with('/') || to.starts_with("https://")) {
            return Err(format!("line {}: a bad path: {line}", n + 1));
        }
        out.push((from.to_owned(), to.to_owned(), status));
    }
    Ok(out)
}

/// The file `path` (below the site's base path) is served from.
fn served(public: &Path, path: &str) -> std::path::PathBuf {
    let clean = path.split(['#', '?']).next().unwrap_or("");
    let file = public.join(clean.trim_start_matches('/'));
    if clean.ends_with('/') || clean.is_empty() {
        file.join("index.html")
    } else {
        file
    }
}

fn every_file(dir: &Path) -> Vec<std::path::PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect()
}

#[test]
fn headers_parse_and_cache_for_good_only_what_never_changes() {
    let site = Fixture::example();
    site.quire(&["build", "-q"]).ok();
    let public = site.file("public");
    let text = std::fs::read_to_string(public.join("_headers")).expect("_headers");
    let rules = parse_headers(&text).expect("_headers parses");
    let all: BTreeMap<&str, &str> = rules
        .iter()
        .filter(|(path, _)| path == "/*")
        .flat_map(|(_, headers)| headers.iter().map(|(n, v)| (n.as_str(), v.as_str())))
        .collect();
    let policy = all["Content-Security-Policy"];
    assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
    assert!(policy.contains("default-src 'self'"), "{policy}");
    assert_eq!(all["X-Content-Type-Options"], "nosniff");
    assert_eq!(all["Referrer-Policy"], "strict-origin-when-cross-origin");
    assert!(all["Permissions-Policy"].contains("camera=()"));
    // Hosts join the values of every rule that matches: no header may be
    // set by two rules that match the same file.
    for file in every_file(&public) {
        let rel = file.strip_prefix(&public).expect("inside");
        let path = format!("/{}", rel.to_string_lossy());
        let mut seen = BTreeMap::new();
        for (pattern, headers) in &rules {
            if matches(pattern, &path) {
                for (name, _) in headers {
                    if let Some(other) = seen.insert(name.clone(), pattern.clone()) {
                        panic!("{path}: {name} from both {other} and {pattern}");
                    }
                }
            }
        }
        let immutable = rules.iter().any(|(pattern, headers)| {
            matches(pattern, &path) && headers.iter().any(|(_, v)| v.contains("immutable"))
        });
        let name = rel.file_name().unwrap_or_default().to_string_lossy();
        let fingerprinted = rel.starts_with("assets")
            && !rel.starts_with("assets/search")
            && name
                .split('.')
                .any(|part| part.len() == 10 && part.chars().all(|c| c.is_ascii_hexdigit()));
        if fingerprinted {
            assert!(immutable, "{path} is fingerprinted but not cached for good");
        }
        // What keeps its name from build to build is never cached for good.
        if name.ends_with(".html") || name == "index.json" || name.ends_with(".md") {
            assert!(!immutable, "{path} keeps its name but is cached for good");
        }
    }
    // Every rule names files that are there.
    for (pattern, _) in &rules {
        if pattern == "/*" {
            continue;
        }
        let found = every_file(&public).iter().any(|f| {
            let rel = f.strip_prefix(&public).expect("inside");
            matches(pattern, &format!("/{}", rel.to_string_lossy()))
        });
        assert!(found, "{pattern} matches no file");
    }
    assert!(
        parse_headers("/*\nX-Bad: 1\n").is_err(),
        "the parser reads indentation"
    );
}

#[test]
fn every_redirect_lands_on_a_page_and_aliases_still_have_their_pages() {
    let site = Fixture::new("basic");
    site.quire(&["build", "-q"]).ok();
    let public = site.file("public");
    let text = std::fs::read_to_string(public.join("_redirects")).expect("_redirects");
    let redirects = parse_redirects(&text).expect("_redirects parses");
    assert!(
        redirects.contains(&(
            "/help/old/connect/".into(),
            "/help/guides/connect/".into(),
            301
        )),
        "{redirects:?}"
    );
    // A page v2 no longer has goes to the newest version with it.
    assert!(
        redirects.contains(&(
            "/help/guides/legacy/".into(),
            "/help/v1/guides/legacy/".into(),
            302
        )),
        "{redirects:?}"
    );
    for (from, to, _) in &redirects {
        let below = |p: &str| {
            p.strip_prefix("/help/")
                .unwrap_or_else(|| panic!("{p} is not under /help/"))
                .to_owned()
        };
        let target = served(&public, &below(to));
        assert!(target.is_file(), "{from} -> {to}: nothing at {target:?}");
        // A redirect never hides a page.
        assert!(
            !served(&public, &below(from)).is_file() || from == "/help/old/connect/",
            "{from} is a page and a redirect"
        );
    }
    // Hosts without a redirects file still have the alias's page.
    let refresh = std::fs::read_to_string(served(&public, "old/connect/")).expect("alias page");
    assert!(refresh.contains("url=/help/guides/connect/"), "{refresh}");
    assert!(
        parse_redirects("/a\n").is_err(),
        "the parser wants a target"
    );
}

#[test]
fn llms_txt_lists_every_page_and_its_markdown_copy_is_plain() {
    let site = Fixture::example();
    site.quire(&["build", "-q"]).ok();
    let public = site.file("public");
    let origin = "https://help.example.com";
    let link = regex::Regex::new(r"\]\((https://[^)\s]+)\)").expect("regex");
    let html = regex::Regex::new(
        r"(?i)</?(div|span|section|input|textarea|details|summary|p|br|img|a|script|noscript|label|button|kbd)[\s>/]",
    )
    .expect("regex");
    let in_code = regex::Regex::new(r"(?s)```.*?```|`[^`\n]*`").expect("regex");
    for (dir, version) in [("", "v2"), ("v1/", "v1"), ("next/", "next")] {
        let list =
            std::fs::read_to_string(public.join(format!("{dir}llms.txt"))).expect("llms.txt");
        assert!(list.starts_with("# Anduin Help Center\n"), "{list}");
        let mut pages = 0;
        for found in link.captures_iter(&list) {
            let url = &found[1];
            let path = url.strip_prefix(origin).expect("on the site");
            assert!(path.ends_with("index.html.md"), "{url}");
            let copy = std::fs::read_to_string(public.join(path.trim_start_matches('/')))
                .unwrap_or_else(|_| panic!("{url} is not built"));
            assert!(copy.starts_with("# "), "{url}: {copy}");
            let prose = in_code.replace_all(&copy, "");
            assert!(
                !html.is_match(&prose),
                "{url} has HTML: {:?}",
                html.find(&prose)
            );
            assert!(!copy.contains("```checker"), "{url}");
            assert!(!copy.contains("{.step}"), "{url}");
            let secrets = quire::lint::secrets(Path::new(path), &copy, 0);
            assert!(secrets.is_empty(), "{url}: {secrets:?}");
            if version != "v2" {
                assert!(
                    copy.contains("The latest is"),
                    "{url} says not which version"
                );
            }
            pages += 1;
        }
        // Every page of the version is listed once.
        let built = every_file(&public.join(dir.trim_end_matches('/')))
            .iter()
            .filter(|f| f.ends_with("index.html.md"))
            .filter(|f| {
                // The latest's folder holds the other versions' too.
                let rel = f.strip_prefix(&public).expect("inside");
                let other = rel.starts_with("v1") || rel.starts_with("next");
                dir.is_empty() != other
            })
            .count();
        assert_eq!(pages, built, "{version}: {pages} listed, {built} built");
        if version != "v2" {
            assert!(list.contains("The latest is"), "{list}");
        }
        let full =
            std::fs::read_to_string(public.join(format!("{dir}llms-full.txt"))).expect("full");
        assert_eq!(full.matches("\nSource: ").count(), pages, "{version}");
    }
    // The checker is the list of values and where to find them.
    let guide = std::fs::read_to_string(public.join("integrations/dynamics-365/index.html.md"))
        .expect("guide copy");
    assert!(
        guide.contains("## Step 3: Create a client secret"),
        "{guide}"
    );
    assert!(
        guide.contains("- **Client Secret Value**: Azure portal > App registrations"),
        "{guide}"
    );
    assert!(
        guide.contains("](https://help.example.com/integrations/troubleshooting/"),
        "links on the site are absolute: {guide}"
    );
}

#[test]
fn under_a_base_path_every_address_stays_below_it() {
    let site = Fixture::new("basic");
    site.quire(&["build", "-q"]).ok();
    let public = site.file("public");
    let attribute = regex::Regex::new(r#"(?:href|src|action|content)="(/[^"]*)""#).expect("regex");
    for file in every_file(&public) {
        let name = file.to_string_lossy();
        if !name.ends_with(".html") {
            continue;
        }
        let text = std::fs::read_to_string(&file).expect("page");
        for found in attribute.captures_iter(&text) {
            let url = &found[1];
            if url.starts_with("//") {
                continue;
            }
            let below = url
                .strip_prefix("/help/")
                .unwrap_or_else(|| panic!("{name}: {url} is not under /help/"));
            assert!(
                served(&public, below).exists(),
                "{name}: {url} leads nowhere"
            );
        }
    }
    let sitemap = std::fs::read_to_string(public.join("sitemap.xml")).expect("sitemap");
    for loc in sitemap.split("<loc>").skip(1) {
        assert!(loc.starts_with("https://docs.example.org/help/"), "{loc}");
    }
    let robots = std::fs::read_to_string(public.join("robots.txt")).expect("robots");
    assert!(robots.contains("https://docs.example.org/help/sitemap.xml"));
    let headers = std::fs::read_to_string(public.join("_headers")).expect("_headers");
    for (pattern, _) in parse_headers(&headers).expect("parses") {
        assert!(pattern.starts_with("/help/"), "{pattern}");
    }
    let list = std::fs::read_to_string(public.join("llms.txt")).expect("llms.txt");
    let link = regex::Regex::new(r"\]\(([^)]+)\)").expect("regex");
    for found in link.captures_iter(&list) {
        let below = found[1]
            .strip_prefix("https://docs.example.org/help/")
            .unwrap_or_else(|| panic!("{} is not under the base URL", &found[1]));
        assert!(public.join(below).is_file(), "{}", &found[1]);
    }
}

#[test]
fn deploy_turns_each_file_off() {
    let site = Fixture::new("basic");
    let config = std::fs::read_to_string(site.file("site.toml")).expect("site.toml");
    site.write(
        "site.toml",
        format!("{config}\n[deploy]\nheaders = false\nredirects = false\nllms = false\n"),
    );
    site.quire(&["build", "-q"]).ok();
    let public = site.file("public");
    for gone in [
        "_headers",
        "_redirects",
        "_redirects.nginx",
        "llms.txt",
        "llms-full.txt",
        "guides/connect/index.html.md",
    ] {
        assert!(!public.join(gone).exists(), "{gone} was written");
    }
    site.write("site.toml", format!("{config}\n[deploy]\nheader = true\n"));
    let run = site.quire(&["build", "-q"]).fails();
    let out = format!("{}{}", run.stdout, run.stderr);
    assert!(out.contains("header"), "{out}");
}
