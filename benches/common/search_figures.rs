//! Search figures for the site benchmark: the index's files and the bytes
//! a reader downloads before the first result, read from a built site,
//! and keystroke-to-result time in headless Chromium.

use std::collections::{BTreeSet, HashMap};
use std::io::Write;
use std::path::Path;
use std::time::Duration;

fn gzip(bytes: &[u8]) -> usize {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).expect("gzip");
    encoder.finish().expect("gzip").len()
}

fn json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|_| "[]".to_owned());
    serde_json::from_str(&text).expect("index json")
}

/// Per version: (files, bytes) of its index.
pub(crate) fn index_files(public: &Path) -> Vec<(String, usize, u64)> {
    let mut out = Vec::new();
    let Ok(versions) = std::fs::read_dir(public.join("assets/search")) else {
        return out;
    };
    for version in versions.flatten() {
        let mut files = 0;
        let mut bytes = 0;
        for entry in walkdir::WalkDir::new(version.path()).into_iter().flatten() {
            if entry.file_type().is_file() {
                files += 1;
                bytes += entry.metadata().map_or(0, |m| m.len());
            }
        }
        out.push((
            version.file_name().to_string_lossy().into_owned(),
            files,
            bytes,
        ));
    }
    out.sort();
    out
}

/// The files the theme's search.js fetches for `query` in `version`, the
/// way it ranks (see themes/default/static/search.js), and their gzip
/// size in total, with the script's: (bytes, results).
pub(crate) fn bytes_to_first_result(public: &Path, version: &str, query: &str) -> (usize, usize) {
    let dir = public.join("assets/search").join(version);
    let manifest_path = dir.join("index.json");
    let manifest = json(&manifest_path);
    let id = manifest["id"].as_str().expect("id");
    let chunk = manifest["chunk"].as_u64().expect("chunk");
    let mut fetched: BTreeSet<std::path::PathBuf> = BTreeSet::new();
    fetched.insert(manifest_path);
    let script = std::fs::read_dir(public.join("assets"))
        .expect("assets")
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            let name = p.file_name().unwrap_or_default().to_string_lossy();
            name.starts_with("search.") && name.ends_with(".js")
        })
        .expect("search.js");
    fetched.insert(script);
    let terms: Vec<String> = query
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 2)
        .map(str::to_owned)
        .collect();
    let mut all: Vec<(HashMap<u64, f64>, bool)> = Vec::new();
    for term in &terms {
        let key: String = term.chars().take(2).collect();
        let path = dir.join(id).join("w").join(format!("{key}.json"));
        let words = json(&path);
        fetched.insert(path);
        let mut found = HashMap::new();
        let mut cut = false;
        for entry in words.as_array().into_iter().flatten() {
            let word = entry[0].as_str().unwrap_or_default();
            if !word.starts_with(term.as_str()) {
                continue;
            }
            cut |= entry.get(2).is_some();
            let factor = if word == term { 1.0 } else { 0.8 };
            let mut record = 0;
            for pair in entry[1].as_array().expect("postings").chunks(2) {
                record += pair[0].as_u64().unwrap_or(0);
                let score = pair[1].as_f64().unwrap_or(0.0) * factor;
                let best = found.entry(record).or_insert(0.0f64);
                *best = best.max(score);
            }
        }
        all.push((found, cut));
    }
    let mut scores: HashMap<u64, (f64, usize)> = HashMap::new();
    for (found, _) in &all {
        for (record, score) in found {
            let entry = scores.entry(*record).or_insert((0.0, 0));
            entry.0 += score;
            entry.1 += 1;
        }
    }
    let required: Vec<&HashMap<u64, f64>> =
        all.iter().filter(|(_, cut)| !cut).map(|(f, _)| f).collect();
    let mut ids: Vec<u64> = scores
        .keys()
        .copied()
        .filter(|r| required.iter().all(|f| f.contains_key(r)))
        .collect();
    if ids.is_empty() {
        let most = scores.values().map(|s| s.1).max().unwrap_or(0);
        ids = scores
            .keys()
            .copied()
            .filter(|r| scores[r].1 == most)
            .collect();
    }
    ids.sort_by(|a, b| scores[b].0.total_cmp(&scores[a].0).then(a.cmp(b)));
    ids.truncate(10);
    for record in &ids {
        fetched.insert(
            dir.join(id)
                .join("r")
                .join(format!("{}.json", record / chunk)),
        );
    }
    let bytes = fetched
        .iter()
        .map(|p| gzip(&std::fs::read(p).unwrap_or_default()))
        .sum();
    (bytes, ids.len())
}

/// Milliseconds from a keystroke to its results in the page, for each of
/// `queries`, in headless Chromium on `url`; `None` without Chromium.
pub(crate) fn keystroke_to_results(url: &str, queries: &[&str]) -> Option<Vec<f64>> {
    let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .map(Path::new)
        .find(|p| p.exists())?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        use chromiumoxide::browser::Browser;
        use futures::StreamExt;
        let profile = tempfile::tempdir().expect("profile");
        let config = crate::chromium::config(chromium, profile.path(), None);
        let (mut browser, mut handler) = Browser::launch(config).await.expect("Chromium");
        let task = tokio::spawn(async move { while handler.next().await.is_some() {} });
        let page = browser.new_page(url).await.expect("page");
        let _ = page.wait_for_navigation().await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        let queries = serde_json::to_string(queries).expect("json");
        // Each query's word file is loaded by typing its first two letters
        // first; then the whole query is typed and timed to the frame
        // after its results are in the page.
        let script = format!(
            r#"(async () => {{
  const input = document.querySelector('.site-header input[type=search]');
  const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
  const changed = (list) => new Promise((r) => new MutationObserver((_, o) => {{ o.disconnect(); r(); }}).observe(list, {{ childList: true }}));
  input.focus();
  while (!input.getAttribute('aria-controls')) await frame();
  const list = document.getElementById(input.getAttribute('aria-controls'));
  const times = [];
  for (const query of {queries}) {{
    let done = changed(list);
    input.value = query.slice(0, 2);
    input.dispatchEvent(new Event('input'));
    await done;
    await new Promise((r) => setTimeout(r, 200));
    done = changed(list);
    const started = performance.now();
    input.value = query;
    input.dispatchEvent(new Event('input'));
    await done;
    await frame();
    times.push(performance.now() - started);
  }}
  return times;
}})()"#
        );
        let times: Vec<f64> = page
            .evaluate(script)
            .await
            .expect("measure")
            .into_value()
            .expect("times");
        let _ = browser.close().await;
        let _ = browser.wait().await;
        task.abort();
        Some(times)
    })
}
