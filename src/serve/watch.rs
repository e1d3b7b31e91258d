//! Watching the site's sources, and sorting what changed into kinds so
//! that only what changed is rebuilt.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::layout;
use notify::event::ModifyKind;
use notify::{self, EventKind, RecursiveMode, Watcher as _};
use tokio::sync::mpsc::UnboundedReceiver;

/// The folders a site's sources live in; `site.toml` is watched through
/// the root, without recursing into it (it may hold `target/`).
pub(crate) const WATCHED: &[&str] = layout::SOURCE_DIRS;

/// What a batch of file events asks for.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Change {
    /// Only these existing Markdown files were edited.
    Pages(Vec<PathBuf>),
    /// Only stylesheets changed.
    Stylesheets,
    /// Anything else: templates, config, new, deleted or renamed pages.
    Everything,
}

/// Sorts the paths of one debounced batch. `None`: nothing that matters.
pub(crate) fn classify(
    root: &Path,
    paths: &[PathBuf],
    is_page: impl Fn(&Path) -> bool,
) -> Option<Change> {
    let mut pages = Vec::new();
    let mut stylesheets = false;
    let mut everything = false;
    for path in paths {
        let Ok(rel) = path.strip_prefix(root) else {
            continue;
        };
        if ignored(rel) {
            continue;
        }
        let first = rel
            .components()
            .next()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .unwrap_or_default();
        let is_markdown = path.extension().is_some_and(|e| e == "md");
        match first.as_str() {
            layout::CONFIG_FILE => everything = true,
            layout::CONTENT_DIR if is_markdown => {
                // An edited page that still exists re-renders alone; a new,
                // deleted or renamed one changes the navigation.
                if path.is_file() && is_page(path) {
                    if !pages.contains(path) {
                        pages.push(path.clone());
                    }
                } else {
                    everything = true;
                }
            }
            // Anything else under content/: a folder deleted, renamed or
            // moved in, whose pages no file event names.
            layout::CONTENT_DIR | crate::presets::CHECKERS_DIR => everything = true,
            layout::THEMES_DIR | layout::TEMPLATES_DIR | layout::STATIC_DIR => {
                if path.extension().is_some_and(|e| e == "css")
                    && rel
                        .components()
                        .any(|c| c.as_os_str() == layout::STATIC_DIR)
                {
                    stylesheets = true;
                } else {
                    everything = true;
                }
            }
            _ => {}
        }
    }
    if everything || (stylesheets && !pages.is_empty()) {
        Some(Change::Everything)
    } else if stylesheets {
        Some(Change::Stylesheets)
    } else if !pages.is_empty() {
        Some(Change::Pages(pages))
    } else {
        None
    }
}

/// Editors' swap, backup and lock files.
fn ignored(rel: &Path) -> bool {
    rel.components().any(|c| {
        let name = c.as_os_str().to_string_lossy();
        name.starts_with('.')
            || name.starts_with('#')
            || name.ends_with('~')
            || name.ends_with("___jb_tmp___")
            || name.ends_with("___jb_old___")
            || name.ends_with(".swp")
            || name.ends_with(".tmp")
            || name == "4913"
    })
}

pub(crate) type Watcher = notify::RecommendedWatcher;

/// A save is taken once the files have been quiet this long: an editor's
/// save (even by writing a copy and renaming it) is over well within it.
pub(crate) const QUIET: Duration = Duration::from_millis(10);
/// A burst that never goes quiet (a large `git checkout`) is cut here.
pub(crate) const LONGEST: Duration = Duration::from_millis(500);

/// Watches `root`'s sources; the paths of each file event are sent to
/// `changes` as they come (see [`next_batch`]).
pub(crate) fn start(
    root: &Path,
    changes: tokio::sync::mpsc::UnboundedSender<Vec<PathBuf>>,
) -> notify::Result<Watcher> {
    let mut watcher = notify::recommended_watcher(move |result: notify::Result<notify::Event>| {
        let Ok(event) = result else { return };
        // Reading a file (as every rebuild does) is not a change.
        if matches!(
            event.kind,
            EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(_))
        ) || event.paths.is_empty()
        {
            return;
        }
        let _ = changes.send(event.paths);
    })?;
    watcher.watch(root, RecursiveMode::NonRecursive)?;
    for dir in WATCHED {
        let path = root.join(dir);
        if path.is_dir() {
            watcher.watch(&path, RecursiveMode::Recursive)?;
        }
    }
    Ok(watcher)
}

/// The paths of the next burst of events: from the first event until the
/// files have been [`QUIET`], or [`LONGEST`] has passed. `None` when the
/// watcher is gone.
pub(crate) async fn next_batch(
    changes: &mut UnboundedReceiver<Vec<PathBuf>>,
) -> Option<Vec<PathBuf>> {
    let mut paths = changes.recv().await?;
    let deadline = tokio::time::Instant::now() + LONGEST;
    loop {
        let left = deadline.saturating_duration_since(tokio::time::Instant::now());
        match tokio::time::timeout(QUIET.min(left), changes.recv()).await {
            Ok(Some(more)) => paths.extend(more),
            Ok(None) | Err(_) => return Some(paths),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Events `gaps` apart, as the watcher would send them; the batches
    /// `next_batch` makes of them, as the number of events in each.
    async fn batches(gaps: &[u64]) -> Vec<usize> {
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let gaps = gaps.to_vec();
        let sender = tokio::spawn(async move {
            tx.send(vec![PathBuf::from("0")]).expect("send");
            for (i, gap) in gaps.into_iter().enumerate() {
                tokio::time::sleep(Duration::from_millis(gap)).await;
                tx.send(vec![PathBuf::from((i + 1).to_string())])
                    .expect("send");
            }
        });
        let mut sizes = Vec::new();
        while let Some(batch) = next_batch(&mut rx).await {
            sizes.push(batch.len());
        }
        sender.await.expect("sender");
        sizes
    }

    #[tokio::test(start_paused = true)]
    async fn a_burst_is_one_batch_and_a_pause_ends_it() {
        // A save: a few events within a millisecond or two.
        assert_eq!(batches(&[1, 0, 2]).await, vec![4]);
        // A checkout: a hundred files, 3 ms apart, then a second save later.
        let mut checkout = vec![3; 99];
        checkout.push(200);
        assert_eq!(batches(&checkout).await, vec![100, 1]);
        // Two saves further apart than the quiet time are two batches.
        assert_eq!(batches(&[QUIET.as_millis() as u64 + 5]).await, vec![1, 1]);
        // Events that never stop are cut at LONGEST: 5 ms apart, for 1.2 s.
        let sizes = batches(&[5; 240]).await;
        assert!(sizes.len() >= 3, "{sizes:?}");
        let longest = (LONGEST.as_millis() / 5) as usize + 1;
        assert!(sizes.iter().all(|&n| n <= longest), "{sizes:?}");
        assert_eq!(sizes.iter().sum::<usize>(), 241);
    }

    #[test]
    fn sorts_changes_into_kinds() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let root = tmp.path();
        std::fs::create_dir_all(root.join("content/v1")).expect("mkdir");
        std::fs::write(root.join("content/v1/a.md"), "x").expect("write");
        let known = |p: &Path| p.ends_with("a.md");
        let p = |rel: &str| root.join(rel);
        assert_eq!(
            classify(root, &[p("content/v1/a.md")], known),
            Some(Change::Pages(vec![p("content/v1/a.md")]))
        );
        assert_eq!(
            classify(root, &[p("content/v1/new.md")], known),
            Some(Change::Everything)
        );
        assert_eq!(
            classify(
                root,
                &[p("content/v1/.a.md.swp"), p("content/v1/a.md~")],
                known
            ),
            None
        );
        assert_eq!(
            classify(root, &[p("themes/default/static/style.css")], known),
            Some(Change::Stylesheets)
        );
        assert_eq!(
            classify(root, &[p("themes/default/templates/page.html")], known),
            Some(Change::Everything)
        );
        assert_eq!(
            classify(root, &[p("site.toml")], known),
            Some(Change::Everything)
        );
        assert_eq!(
            classify(root, &[p("public/index.html"), p("target/x")], known),
            None
        );
    }
}
