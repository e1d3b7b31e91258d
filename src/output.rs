//! Output: the one place that writes what a build produced, behind a sink.
//!
//! `quire build` writes to a staging folder beside the output folder and
//! swaps it in only when the whole build succeeded, so a failed build
//! leaves the previous output exactly as it was. `quire serve` keeps the
//! site in memory.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

/// Where a build's files go. Paths are relative, with `/`.
pub trait Sink: Sync {
    fn write(&self, path: &str, bytes: Vec<u8>) -> std::io::Result<()>;
}

/// Writes files below a folder.
pub struct DiskSink {
    root: PathBuf,
}

impl Sink for DiskSink {
    fn write(&self, path: &str, bytes: Vec<u8>) -> std::io::Result<()> {
        let target = self.root.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(target, bytes)
    }
}

/// Discards everything, for `quire check`.
pub struct NullSink;

impl Sink for NullSink {
    fn write(&self, _path: &str, _bytes: Vec<u8>) -> std::io::Result<()> {
        Ok(())
    }
}

/// Keeps files in memory, for serving.
#[derive(Default)]
pub struct MemorySink {
    files: Mutex<HashMap<String, Arc<[u8]>>>,
}

impl MemorySink {
    pub fn into_files(self) -> HashMap<String, Arc<[u8]>> {
        self.files
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

impl Sink for MemorySink {
    fn write(&self, path: &str, bytes: Vec<u8>) -> std::io::Result<()> {
        self.files
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(path.to_owned(), bytes.into());
        Ok(())
    }
}

/// A staging folder that becomes the output folder on [`Staging::commit`],
/// and is removed if dropped before that.
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    committed: bool,
}

impl Staging {
    pub fn new(out: &Path) -> std::io::Result<Staging> {
        let name = out
            .file_name()
            .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
        let parent = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent)?;
        let dir = parent.join(format!(".{name}.staging-{}", std::process::id()));
        if dir.exists() {
            remove_tree(&dir)?;
        }
        std::fs::create_dir_all(&dir)?;
        Ok(Staging {
            out: out.to_owned(),
            dir,
            committed: false,
        })
    }

    pub fn sink(&self) -> DiskSink {
        DiskSink {
            root: self.dir.clone(),
        }
    }

    /// Replaces the output folder with the staged one.
    pub fn commit(mut self) -> std::io::Result<()> {
        if self.out.exists() {
            let old = self.dir.with_extension("old");
            if old.exists() {
                remove_tree(&old)?;
            }
            std::fs::rename(&self.out, &old)?;
            if let Err(e) = std::fs::rename(&self.dir, &self.out) {
                // Put the previous output back before reporting.
                let _ = std::fs::rename(&old, &self.out);
                return Err(e);
            }
            let _ = remove_tree(&old);
        } else {
            std::fs::rename(&self.dir, &self.out)?;
        }
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = remove_tree(&self.dir);
        }
    }
}

/// Removes a folder and everything in it, sibling folders in parallel: a
/// site's output has a folder per page, and removing them one by one took
/// as long as building them. Symbolic links are removed, not followed.
pub fn remove_tree(dir: &Path) -> std::io::Result<()> {
    use rayon::prelude::*;
    let entries = std::fs::read_dir(dir)?.collect::<std::io::Result<Vec<_>>>()?;
    entries.par_iter().try_for_each(|entry| {
        if entry.file_type()?.is_dir() {
            remove_tree(&entry.path())
        } else {
            std::fs::remove_file(entry.path())
        }
    })?;
    std::fs::remove_dir(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dropped_staging_leaves_output_untouched() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let out = tmp.path().join("public");
        std::fs::create_dir_all(&out).expect("mkdir");
        std::fs::write(out.join("old.html"), "old").expect("write");
        {
            let staging = Staging::new(&out).expect("staging");
            staging
                .sink()
                .write("new.html", b"new".to_vec())
                .expect("write");
        }
        assert!(out.join("old.html").exists());
        assert!(!out.join("new.html").exists());
        assert_eq!(
            std::fs::read_dir(tmp.path()).expect("read").count(),
            1,
            "no staging left behind"
        );
    }

    #[test]
    fn committed_staging_replaces_output() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let out = tmp.path().join("public");
        std::fs::create_dir_all(&out).expect("mkdir");
        std::fs::write(out.join("old.html"), "old").expect("write");
        let staging = Staging::new(&out).expect("staging");
        staging
            .sink()
            .write("a/new.html", b"new".to_vec())
            .expect("write");
        staging.commit().expect("commit");
        assert!(!out.join("old.html").exists());
        assert_eq!(std::fs::read(out.join("a/new.html")).expect("read"), b"new");
        assert_eq!(std::fs::read_dir(tmp.path()).expect("read").count(), 1);
    }

    #[test]
    fn remove_tree_removes_nested_folders_but_not_link_targets() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let tree = tmp.path().join("tree");
        for i in 0..20 {
            let dir = tree.join(format!("s{i}/p{i}"));
            std::fs::create_dir_all(&dir).expect("mkdir");
            std::fs::write(dir.join("index.html"), "x").expect("write");
        }
        let outside = tmp.path().join("outside");
        std::fs::create_dir_all(&outside).expect("mkdir");
        std::fs::write(outside.join("keep.txt"), "keep").expect("write");
        #[cfg(unix)]
        std::os::unix::fs::symlink(&outside, tree.join("s0/link")).expect("symlink");
        remove_tree(&tree).expect("remove");
        assert!(!tree.exists());
        assert!(outside.join("keep.txt").exists());
        assert!(remove_tree(&tree).is_err(), "a missing folder is an error");
    }
}
