//! Output: the one place that writes what a build produced, behind a sink.
//!
//! `quire build` writes to a staging folder beside the output folder and
//! swaps it in only when the whole build succeeded, so a failed build
//! leaves the previous output exactly as it was. `quire serve` keeps the
//! site in memory.
//!
//! The output folder is replaced whole, so this module is also where
//! quire refuses to replace what is not its own: a symbolic link, a
//! source folder of the site, or a non-empty folder without the marker a
//! build leaves (see [`check_target`]). Every sink refuses a path that
//! could leave the output folder ([`check_output_path`]), and a build
//! killed by a signal removes its staging folder.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use crate::layout;

/// Where a build's files go. Paths are relative, with `/`.
pub trait Sink: Sync {
    /// Writes `bytes` at `path` below the output.
    fn write(&self, path: &str, bytes: Vec<u8>) -> std::io::Result<()>;

    /// Adds `bytes` at the end of the file at `path`, which an earlier
    /// [`Sink::write`] began: a big file is written as it is made,
    /// rather than held whole.
    fn append(&self, path: &str, bytes: &[u8]) -> std::io::Result<()>;
}

/// Refuses a path that is not a plain relative path below the output
/// folder: absolute, with a drive prefix or a backslash, or with empty,
/// `.` or `..` segments. The last line of defence: content validation
/// rejects such slugs and aliases at their line before this is reached.
pub fn check_output_path(path: &str) -> std::io::Result<()> {
    let bytes = path.as_bytes();
    let drive = bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':';
    let bad = path.is_empty()
        || path.starts_with('/')
        || path.contains('\\')
        || path.contains('\0')
        || drive
        || path
            .split('/')
            .any(|s| s.is_empty() || s == "." || s == "..");
    if bad {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("`{path}` is not a path inside the output folder"),
        ));
    }
    Ok(())
}

/// Writes files below a folder.
pub struct DiskSink {
    root: PathBuf,
    /// The folders this sink made or found, so that a page's second file
    /// costs no `mkdir` (a build writes two files to each of thousands of
    /// folders).
    folders: Mutex<HashSet<String>>,
}

impl DiskSink {
    /// A sink writing below `root`, which exists.
    pub fn new(root: PathBuf) -> DiskSink {
        DiskSink {
            root,
            folders: Mutex::default(),
        }
    }

    /// Makes `folder`, a path in the output, (and its parents) unless
    /// this sink did already.
    fn make_folder(&self, folder: &str) -> std::io::Result<()> {
        let folders = || self.folders.lock().unwrap_or_else(PoisonError::into_inner);
        if folder.is_empty() || folders().contains(folder) {
            return Ok(());
        }
        let path = self.root.join(folder);
        // Most folders hold one page: one `mkdir`, and no `stat` first (as
        // `create_dir_all` does) unless its parent is new.
        match std::fs::create_dir(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(_) => std::fs::create_dir_all(&path)?,
        }
        folders().insert(folder.to_owned());
        Ok(())
    }
}

impl Sink for DiskSink {
    fn write(&self, path: &str, bytes: Vec<u8>) -> std::io::Result<()> {
        check_output_path(path)?;
        not_interrupted()?;
        // Errors are named by the caller, by the path in the output.
        let target = self.root.join(path);
        let folder = path.rsplit_once('/').map_or("", |(folder, _)| folder);
        self.make_folder(folder)?;
        match std::fs::write(&target, &bytes) {
            // A folder made earlier and removed since is made again.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !folder.is_empty() => {
                self.folders
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .remove(folder);
                self.make_folder(folder)?;
                std::fs::write(&target, bytes)
            }
            done => done,
        }
    }

    fn append(&self, path: &str, bytes: &[u8]) -> std::io::Result<()> {
        use std::io::Write as _;
        check_output_path(path)?;
        not_interrupted()?;
        std::fs::OpenOptions::new()
            .append(true)
            .open(self.root.join(path))?
            .write_all(bytes)
    }
}

/// Discards everything, for `quire check`.
pub struct NullSink;

impl Sink for NullSink {
    fn write(&self, path: &str, _bytes: Vec<u8>) -> std::io::Result<()> {
        check_output_path(path)
    }

    fn append(&self, path: &str, _bytes: &[u8]) -> std::io::Result<()> {
        check_output_path(path)
    }
}

/// Keeps files in memory, for serving.
#[derive(Default)]
pub struct MemorySink {
    files: Mutex<HashMap<String, Vec<u8>>>,
}

impl MemorySink {
    /// Every file written, by path.
    pub fn into_files(self) -> HashMap<String, Arc<[u8]>> {
        self.files
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner)
            .into_iter()
            .map(|(path, bytes)| (path, bytes.into()))
            .collect()
    }
}

impl Sink for MemorySink {
    fn write(&self, path: &str, bytes: Vec<u8>) -> std::io::Result<()> {
        check_output_path(path)?;
        self.files
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(path.to_owned(), bytes);
        Ok(())
    }

    fn append(&self, path: &str, bytes: &[u8]) -> std::io::Result<()> {
        check_output_path(path)?;
        match self
            .files
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get_mut(path)
        {
            Some(file) => {
                file.extend_from_slice(bytes);
                Ok(())
            }
            None => Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("`{path}` was not written before"),
            )),
        }
    }
}

/// Why an output folder may not be replaced.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The folder is a symbolic link: replacing it would delete through it.
    Symlink {
        /// Where the link leads.
        target: PathBuf,
    },
    /// The folder holds, or is inside, the site's own files.
    Source {
        /// Which of the site's files.
        what: String,
    },
    /// Something other than a folder is there.
    NotAFolder,
    /// A non-empty folder with files no quire build wrote.
    NotOurs {
        /// The names quire did not write.
        entries: Vec<String>,
    },
}

impl Refusal {
    /// The message for `quire build --out DIR`.
    pub fn message(&self, out: &Path) -> String {
        let out = out.display();
        match self {
            Refusal::Symlink { target } => format!(
                "--out {out} is a symbolic link to {}; quire replaces its output folder whole and never deletes through a link. Build into the link's target with --out {}, then publish from there, or remove the link",
                target.display(),
                target.display()
            ),
            Refusal::Source { what } => format!(
                "--out {out} would replace the site's own files ({what}); choose a folder of its own, such as public/"
            ),
            Refusal::NotAFolder => {
                format!("--out {out} exists and is not a folder; choose a folder, such as public/")
            }
            Refusal::NotOurs { entries } => {
                let n = entries.len();
                let mut shown: Vec<&str> = entries.iter().map(String::as_str).take(5).collect();
                shown.sort_unstable();
                format!(
                    "--out {out} holds {n} file{s} or folder{s} that quire did not write ({}{}), and a build replaces the whole folder; choose an empty or new folder, move them into static/ if they belong in the site, or pass --force to replace it",
                    shown.join(", "),
                    if n > shown.len() { ", …" } else { "" },
                    s = if n == 1 { "" } else { "s" },
                )
            }
        }
    }
}

/// Whether a build of the site at `root` may replace `out`. With
/// `force`, a non-empty folder quire did not write may be replaced; the
/// site's own files never may.
pub fn check_target(root: &Path, out: &Path, force: bool) -> Result<(), Refusal> {
    if let Ok(meta) = std::fs::symlink_metadata(out)
        && meta.file_type().is_symlink()
    {
        let target = std::fs::read_link(out).unwrap_or_default();
        let target = if target.is_relative() {
            out.parent().unwrap_or(Path::new(".")).join(target)
        } else {
            target
        };
        return Err(Refusal::Symlink { target });
    }
    let root = absolute(root);
    let target = absolute(out);
    if root.starts_with(&target) {
        return Err(Refusal::Source {
            what: format!("the site itself ({})", root.display()),
        });
    }
    let protected = layout::SOURCE_DIRS
        .iter()
        .chain(layout::PROTECTED)
        .chain(std::iter::once(&layout::CONFIG_FILE));
    for name in protected {
        // A source folder may itself be a link to elsewhere: compare with
        // where it leads too.
        let source = root.join(name);
        if target.starts_with(&source) || target.starts_with(absolute(&source)) {
            return Err(Refusal::Source {
                what: format!("the site's {name}"),
            });
        }
    }
    match std::fs::metadata(&target) {
        Err(_) => Ok(()),
        Ok(meta) if !meta.is_dir() => Err(Refusal::NotAFolder),
        Ok(_) => {
            let entries: Vec<String> = std::fs::read_dir(&target)
                .map(|d| {
                    d.flatten()
                        .map(|e| e.file_name().to_string_lossy().into_owned())
                        .collect()
                })
                .unwrap_or_default();
            if entries.is_empty() || force {
                return Ok(());
            }
            let foreign: Vec<String> = match written_by_quire(&target) {
                Some(ours) => entries
                    .into_iter()
                    .filter(|e| !ours.contains(e) && e != layout::OUTPUT_MARKER)
                    .collect(),
                None => entries,
            };
            if foreign.is_empty() {
                Ok(())
            } else {
                Err(Refusal::NotOurs { entries: foreign })
            }
        }
    }
}

/// The top-level names a quire build wrote into `dir`, if it is a quire
/// build's output: listed in the marker, or, for an output from before the
/// marker (its `versions.json` lists versions with their pages, beside
/// `404.html` and `sitemap.xml`), everything in it.
fn written_by_quire(dir: &Path) -> Option<Vec<String>> {
    if let Ok(marker) = std::fs::read_to_string(dir.join(layout::OUTPUT_MARKER)) {
        return Some(
            marker
                .lines()
                .filter_map(|l| l.strip_prefix("wrote: "))
                .map(str::to_owned)
                .collect(),
        );
    }
    let versions = std::fs::read_to_string(dir.join(layout::VERSIONS_FILE)).unwrap_or_default();
    let legacy = versions.trim_start().starts_with('[')
        && versions.contains("\"pages\"")
        && versions.contains("\"latest\"")
        && dir.join(layout::NOT_FOUND_FILE).is_file()
        && dir.join(layout::SITEMAP_FILE).is_file();
    legacy.then(|| {
        std::fs::read_dir(dir)
            .map(|d| {
                d.flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default()
    })
}

/// `path` with `.` segments dropped and `..` folded, without touching the
/// disk: `public/.` is `public`.
pub fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// `path` made absolute with symbolic links resolved, as far as it exists:
/// the missing rest is appended as written, `.` and `..` folded.
fn absolute(path: &Path) -> PathBuf {
    let path = if path.is_absolute() {
        path.to_owned()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut existing = path.as_path();
    let mut rest: Vec<&std::ffi::OsStr> = Vec::new();
    loop {
        if let Ok(mut out) = std::fs::canonicalize(existing) {
            for part in rest.iter().rev() {
                if *part == ".." {
                    out.pop();
                } else if *part != "." {
                    out.push(part);
                }
            }
            return out;
        }
        match (existing.components().next_back(), existing.parent()) {
            (Some(last), Some(parent)) => {
                rest.push(last.as_os_str());
                existing = parent;
            }
            _ => return path.clone(),
        }
    }
}

/// Set when the process got SIGINT or SIGTERM: sinks refuse further
/// writes while the staging folders are removed.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Staging folders of this process, removed if it is interrupted.
static ACTIVE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Held while the output folder is being replaced: an interruption waits
/// for the swap to finish, and a swap never starts after an interruption.
static SWAP: Mutex<()> = Mutex::new(());

/// Whether the process got SIGINT, SIGTERM or SIGHUP.
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// An error once the build is interrupted: nothing more is written.
fn not_interrupted() -> std::io::Result<()> {
    if interrupted() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::Interrupted,
            "the build was interrupted",
        ));
    }
    Ok(())
}

/// On SIGINT, SIGTERM or SIGHUP: stop writing and never swap the output
/// folder; the build then fails, removes its staging folder and exits 130.
/// If it does not get there within three seconds (it is still reading the
/// site), the staging folders are removed here. Called once by `quire
/// build`; a second call is a no-op.
pub fn remove_staging_on_signal() {
    let _ = ctrlc::set_handler(|| {
        {
            let _swap = SWAP.lock().unwrap_or_else(PoisonError::into_inner);
            INTERRUPTED.store(true, Ordering::SeqCst);
        }
        for _ in 0..300 {
            if ACTIVE
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .is_empty()
            {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        let dirs = ACTIVE
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        for dir in dirs {
            // A write already under way may still land after a removal:
            // done when the folder stays gone.
            for _ in 0..40 {
                let _ = remove_tree(&dir);
                std::thread::sleep(std::time::Duration::from_millis(10));
                if std::fs::symlink_metadata(&dir).is_err() {
                    break;
                }
            }
        }
        eprintln!("{}", crate::diagnostics::Error::Interrupted);
        std::process::exit(130);
    });
}

/// A staging folder that becomes the output folder on [`Staging::commit`],
/// and is removed if dropped before that.
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    committed: bool,
    old: Cleanup,
}

/// What becomes of the previous output once the new one is in place.
#[derive(Debug, Clone, Default)]
pub enum Cleanup {
    /// Removed before [`Staging::commit`] returns.
    #[default]
    Wait,
    /// Removed by `EXE __remove-old DIR`, a process of its own that
    /// outlives the build: on a slow disk, deleting tens of thousands of
    /// files takes as long as writing them, and nothing waits for it.
    /// A later build finishes a removal that was cut short.
    Background(PathBuf),
}

impl Cleanup {
    /// In the background for a writer at a terminal, where Linux's /proc
    /// lets a later build finish a removal cut short. Scripts and CI wait:
    /// what runs after a build (`git add -A`, an archive of the site, a
    /// deploy) must not find a folder being removed beside the output.
    pub fn for_this_run() -> Cleanup {
        use std::io::IsTerminal as _;
        // This very program, even if its file was replaced since it started.
        let exe = Path::new("/proc/self/exe");
        if std::io::stderr().is_terminal() && std::env::var_os("CI").is_none() && exe.exists() {
            Cleanup::Background(exe.to_owned())
        } else {
            Cleanup::Wait
        }
    }
}

impl Staging {
    /// Creates `.NAME.staging-PID` beside `out`, after removing the
    /// staging folders of earlier builds whose process is gone, and
    /// finishing (as `old` says) removals of earlier outputs that were
    /// cut short.
    pub fn new(out: &Path, old: Cleanup) -> std::io::Result<Staging> {
        let name = out
            .file_name()
            .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
        let parent = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent)?;
        remove_stale(parent, &name, &old);
        let dir = parent.join(format!(".{name}.staging-{}", std::process::id()));
        if dir.exists() {
            remove_tree(&dir)?;
        }
        // Listed before it exists: a signal between the two would find it
        // unlisted and leave it behind.
        ACTIVE
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(dir.clone());
        let staging = Staging {
            out: out.to_owned(),
            dir,
            committed: false,
            old,
        };
        std::fs::create_dir_all(&staging.dir)?;
        Ok(staging)
    }

    /// Where the build writes: the staging folder.
    pub fn sink(&self) -> DiskSink {
        DiskSink::new(self.dir.clone())
    }

    /// Replaces the output folder with the staged one, marked as quire's.
    pub fn commit(mut self) -> std::io::Result<()> {
        let _swap = SWAP.lock().unwrap_or_else(PoisonError::into_inner);
        not_interrupted()?;
        let mut marker =
            String::from("This folder is written by `quire build`, which replaces it whole.\n");
        // Sorted, so that the same site gives the same output, byte for byte.
        let mut names: Vec<String> = std::fs::read_dir(&self.dir)?
            .flatten()
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        for name in names {
            marker.push_str(&format!("wrote: {name}\n"));
        }
        std::fs::write(self.dir.join(layout::OUTPUT_MARKER), marker)?;
        if std::fs::symlink_metadata(&self.out).is_ok() {
            let old = old_path(&self.out, std::process::id());
            if std::fs::symlink_metadata(&old).is_ok() {
                remove_tree(&old)?;
            }
            std::fs::rename(&self.out, &old)?;
            if let Err(e) = std::fs::rename(&self.dir, &self.out) {
                // Put the previous output back before reporting.
                let _ = std::fs::rename(&old, &self.out);
                return Err(e);
            }
            mark_old(&old);
            remove_old(&old, &self.old);
        } else {
            std::fs::rename(&self.dir, &self.out)?;
        }
        self.committed = true;
        self.forget();
        Ok(())
    }

    fn forget(&self) {
        ACTIVE
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .retain(|d| *d != self.dir);
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            // A write that was under way when the build failed may land
            // after a first removal.
            for _ in 0..10 {
                let _ = remove_tree(&self.dir);
                if std::fs::symlink_metadata(&self.dir).is_err() {
                    break;
                }
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            self.forget();
        }
    }
}

/// Removes `.NAME.staging-PID` folders in `parent` left by builds that
/// were killed, and previous outputs (`.NAME.old-PID`, still marked as
/// quire's) whose removal was cut short: those whose process no longer
/// runs. Only where that can be known (Linux's /proc); elsewhere they are
/// left alone.
fn remove_stale(parent: &Path, name: &str, cleanup: &Cleanup) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let staging = format!(".{name}.staging-");
    let old = format!(".{name}.old-");
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if let Some(rest) = file_name.strip_prefix(&staging) {
            // `.staging-PID.old`: where earlier releases kept the output
            // they were replacing; removed now, as a staging folder.
            let pid = rest.strip_suffix(".old").unwrap_or(rest);
            if let Ok(pid) = pid.parse::<u32>()
                && is_dir
                && pid != std::process::id()
                && !process_runs(pid)
            {
                let _ = remove_tree(&entry.path());
            }
        } else if let Some(pid) = file_name.strip_prefix(&old)
            && let Ok(pid) = pid.parse::<u32>()
            && is_dir
            && is_previous_output(&entry.path())
            && !remover_runs(pid)
        {
            remove_old(&entry.path(), cleanup);
        }
    }
}

fn process_runs(pid: u32) -> bool {
    Path::new(&format!("/proc/{pid}")).exists()
}

/// Whether process `pid` is a remover at work: alive (not a zombie left
/// for its parent to reap) and running `__remove-old`, not some later
/// process that got the same id.
fn remover_runs(pid: u32) -> bool {
    let proc = PathBuf::from(format!("/proc/{pid}"));
    let running = std::fs::read_to_string(proc.join("stat")).is_ok_and(|stat| {
        // `PID (NAME) STATE …`; the name may hold spaces and parentheses.
        stat.rsplit_once(')')
            .is_some_and(|(_, rest)| !rest.trim_start().starts_with('Z'))
    });
    running
        && std::fs::read(proc.join("cmdline")).is_ok_and(|cmdline| {
            cmdline
                .split(|&b| b == 0)
                .any(|arg| arg == REMOVE_OLD_COMMAND.as_bytes())
        })
}

/// `.NAME.old-PID` beside the output folder `out`: where a previous
/// output waits to be removed by process `pid`.
fn old_path(out: &Path, pid: u32) -> PathBuf {
    let name = out
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    out.with_file_name(format!(".{name}.old-{pid}"))
}

/// Files a previous output keeps until the rest of it is removed: the
/// marker that says quire wrote it, without which nothing removes it, and
/// a `.gitignore` that keeps git from listing files as they go.
const KEPT_LAST: [&str; 2] = [layout::OUTPUT_MARKER, ".gitignore"];

/// Marks a previous output, just set aside, for removal: as quire's
/// (outputs written before the marker existed have none), and ignored by
/// git while it is removed.
fn mark_old(old: &Path) {
    let marker = old.join(layout::OUTPUT_MARKER);
    if std::fs::symlink_metadata(&marker).is_err() {
        let _ = std::fs::write(
            &marker,
            "A previous output of `quire build`, being removed.\n",
        );
    }
    let _ = std::fs::remove_file(old.join(".gitignore"));
    let _ = std::fs::write(old.join(".gitignore"), "*\n");
}

/// Whether `dir` holds quire's marker as a file (not a link to one).
fn is_previous_output(dir: &Path) -> bool {
    std::fs::symlink_metadata(dir.join(layout::OUTPUT_MARKER)).is_ok_and(|m| m.is_file())
}

/// Removes a previous output folder now, or has a process of its own
/// remove it. If that process cannot be started, it is removed now.
fn remove_old(old: &Path, cleanup: &Cleanup) {
    if let Cleanup::Background(exe) = cleanup {
        let mut command = std::process::Command::new(exe);
        command
            .arg(REMOVE_OLD_COMMAND)
            .arg(old)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        // Not in the terminal's process group: Ctrl-C after the build
        // returned is not meant for it.
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        if let Ok(mut child) = command.spawn() {
            // Reaped here if this process lives on; otherwise by init.
            std::thread::spawn(move || child.wait());
            return;
        }
    }
    let _ = remove_last_kept(old);
}

/// Removes `dir`, the files of [`KEPT_LAST`] after everything else, so
/// that a removal cut short leaves a folder still marked as quire's.
fn remove_last_kept(dir: &Path) -> std::io::Result<()> {
    remove_entries(dir, &KEPT_LAST)?;
    for name in KEPT_LAST {
        match std::fs::remove_file(dir.join(name)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
    }
    std::fs::remove_dir(dir)
}

/// The hidden subcommand that removes a previous output folder.
pub const REMOVE_OLD_COMMAND: &str = "__remove-old";

/// `quire __remove-old DIR`: takes `DIR` (a `.NAME.old-PID` folder marked
/// as quire's) as its own by renaming it after this process, so that a
/// later build knows it is being removed, then removes it. Anything else
/// is left alone. Quiet: nobody reads its output.
pub fn remove_old_now(dir: &Path) {
    let Some(name) = dir.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return;
    };
    // Only what `old_path` names: never anything else a caller passes.
    let Some((out_name, pid)) = name
        .strip_prefix('.')
        .and_then(|rest| rest.rsplit_once(".old-"))
    else {
        return;
    };
    let is_dir = std::fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir());
    if out_name.is_empty() || pid.parse::<u32>().is_err() || !is_dir || !is_previous_output(dir) {
        return;
    }
    let mine = dir.with_file_name(format!(".{out_name}.old-{}", std::process::id()));
    // Another remover took it first, or it is gone.
    if std::fs::rename(dir, &mine).is_err() {
        return;
    }
    let _ = remove_last_kept(&mine);
}

/// Removes a folder and everything in it, sibling folders in parallel: a
/// site's output has a folder per page, and removing them one by one took
/// as long as building them. Symbolic links are removed, not followed.
pub fn remove_tree(dir: &Path) -> std::io::Result<()> {
    if std::fs::symlink_metadata(dir)?.file_type().is_symlink() {
        // The link goes; what it points at stays.
        return std::fs::remove_file(dir);
    }
    remove_entries(dir, &[])?;
    std::fs::remove_dir(dir)
}

/// Removes what `dir` holds but the files named in `keep`, in parallel.
/// Each folder inside goes with `std::fs::remove_dir_all`, which never
/// follows a link, even one swapped in while it works.
fn remove_entries(dir: &Path, keep: &[&str]) -> std::io::Result<()> {
    use rayon::prelude::*;
    let entries = std::fs::read_dir(dir)?.collect::<std::io::Result<Vec<_>>>()?;
    entries
        .par_iter()
        .filter(|entry| !keep.iter().any(|k| entry.file_name() == **k))
        .try_for_each(|entry| {
            if entry.file_type()?.is_dir() {
                std::fs::remove_dir_all(entry.path())
            } else {
                std::fs::remove_file(entry.path())
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_appended_to_after_it_is_begun_on_disk_and_in_memory() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let disk = DiskSink::new(tmp.path().to_owned());
        let memory = MemorySink::default();
        for sink in [&disk as &dyn Sink, &memory, &NullSink] {
            sink.write("v1/llms-full.txt", b"head\n".to_vec())
                .expect("write");
            sink.append("v1/llms-full.txt", b"one\n").expect("append");
            sink.append("v1/llms-full.txt", b"")
                .expect("append nothing");
            sink.append("v1/llms-full.txt", b"two\n").expect("append");
            assert!(sink.append("../outside.txt", b"x").is_err());
        }
        assert_eq!(
            std::fs::read_to_string(tmp.path().join("v1/llms-full.txt")).expect("read"),
            "head\none\ntwo\n"
        );
        // A file no write began is not made up by an append.
        assert!(disk.append("v1/other.txt", b"x").is_err());
        assert!(memory.append("v1/other.txt", b"x").is_err());
        let files = memory.into_files();
        assert_eq!(&*files["v1/llms-full.txt"], b"head\none\ntwo\n");
        assert_eq!(files.len(), 1);
    }

    #[test]
    fn the_disk_sink_makes_each_folder_once_and_again_if_it_went() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let disk = DiskSink::new(tmp.path().to_owned());
        disk.write("a/b/index.html", b"1".to_vec()).expect("write");
        disk.write("a/b/index.html.md", b"2".to_vec())
            .expect("write");
        disk.write("top.txt", b"3".to_vec()).expect("write");
        assert!(
            disk.folders
                .lock()
                .expect("lock")
                .iter()
                .eq([&"a/b".to_owned()])
        );
        // Removed behind the sink's back: made again, not an error.
        std::fs::remove_dir_all(tmp.path().join("a")).expect("remove");
        disk.write("a/b/index.html", b"4".to_vec())
            .expect("write again");
        assert_eq!(
            std::fs::read(tmp.path().join("a/b/index.html")).expect("read"),
            b"4"
        );
        // A file where a folder should be is still an error.
        std::fs::write(tmp.path().join("c"), b"file").expect("write");
        assert!(disk.write("c/index.html", b"5".to_vec()).is_err());
    }

    #[test]
    fn a_previous_output_is_marked_ignored_by_git_and_removed_marker_last() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let old = tmp.path().join(".public.old-1");
        std::fs::create_dir_all(old.join("a/b")).expect("mkdir");
        std::fs::write(old.join("a/b/index.html"), "x").expect("write");
        std::fs::write(old.join(".gitignore"), "/kept-by-the-writer\n").expect("write");
        mark_old(&old);
        assert!(is_previous_output(&old));
        assert_eq!(
            std::fs::read_to_string(old.join(".gitignore")).expect("read"),
            "*\n"
        );
        remove_entries(&old, &KEPT_LAST).expect("remove");
        // What a removal cut short at that point leaves: still quire's.
        let mut left: Vec<String> = std::fs::read_dir(&old)
            .expect("read")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, [".gitignore", ".quire-output"]);
        remove_last_kept(&old).expect("remove");
        assert!(!old.exists());
        // This test is not a remover, whatever its process id.
        assert!(!remover_runs(std::process::id()));
        assert!(!remover_runs(u32::MAX));
    }

    #[test]
    fn dropped_staging_leaves_output_untouched() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let out = tmp.path().join("public");
        std::fs::create_dir_all(&out).expect("mkdir");
        std::fs::write(out.join("old.html"), "old").expect("write");
        {
            let staging = Staging::new(&out, Cleanup::Wait).expect("staging");
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
        let staging = Staging::new(&out, Cleanup::Wait).expect("staging");
        for path in ["z/new.html", "a/new.html", "m.txt"] {
            staging.sink().write(path, b"new".to_vec()).expect("write");
        }
        staging.commit().expect("commit");
        assert!(!out.join("old.html").exists());
        // The marker names what was written, in order, the same each time.
        let marker = std::fs::read_to_string(out.join(layout::OUTPUT_MARKER)).expect("marker");
        let names: Vec<&str> = marker
            .lines()
            .filter_map(|l| l.strip_prefix("wrote: "))
            .collect();
        assert_eq!(names, ["a", "m.txt", "z"]);
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
