//! Links to other sites: fetched only with `quire check --external`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Code, Diagnostic, Position};

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
