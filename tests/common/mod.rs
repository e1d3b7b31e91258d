//! Helpers shared by the integration tests: fixture sites copied to a
//! temporary folder, and the `quire` binary run on them.

#![allow(dead_code, unreachable_pub)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A fixture site copied into a fresh temporary folder.
pub struct Fixture {
    pub dir: tempfile::TempDir,
}

impl Fixture {
    pub fn new(name: &str) -> Fixture {
        let source = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        Fixture::copy_of(&source)
    }

    /// A copy of the example help centre at the repository root.
    pub fn example() -> Fixture {
        let fixture = Fixture::empty();
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        copy_dir(&root.join("content"), &fixture.path().join("content"));
        std::fs::copy(root.join("site.toml"), fixture.path().join("site.toml"))
            .expect("copy site.toml");
        fixture
    }

    pub fn copy_of(source: &Path) -> Fixture {
        let fixture = Fixture::empty();
        copy_dir(source, fixture.path());
        fixture
    }

    pub fn empty() -> Fixture {
        Fixture {
            dir: tempfile::Builder::new()
                .prefix("quire-test-")
                .tempdir()
                .expect("tempdir"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn file(&self, rel: &str) -> PathBuf {
        self.path().join(rel)
    }

    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) {
        let path = self.file(rel);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.file(rel)).unwrap_or_else(|e| panic!("cannot read {rel}: {e}"))
    }

    /// Replaces `from` with `to` in a file, failing if `from` is absent.
    pub fn edit(&self, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} does not contain {from:?}");
        self.write(rel, text.replacen(from, to, 1));
    }

    /// Runs `quire --root <fixture> ARGS`.
    pub fn quire(&self, args: &[&str]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_quire"))
            .arg("--root")
            .arg(self.path())
            .args(args)
            .env("NO_COLOR", "1")
            .output()
            .expect("run quire");
        Run::from(output)
    }

    /// Every file below `rel`, with its contents, for "untouched" checks.
    pub fn snapshot_dir(&self, rel: &str) -> Vec<(String, Vec<u8>)> {
        let base = self.file(rel);
        let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(&base)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e
                    .path()
                    .strip_prefix(&base)
                    .expect("below base")
                    .display()
                    .to_string();
                (rel, std::fs::read(e.path()).expect("read"))
            })
            .collect();
        files.sort();
        files
    }
}

pub struct Run {
    pub success: bool,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(output: Output) -> Run {
        Run {
            success: output.status.success(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

impl Run {
    #[track_caller]
    pub fn ok(self) -> Run {
        assert!(
            self.success,
            "quire failed:\nstdout: {}\nstderr: {}",
            self.stdout, self.stderr
        );
        self
    }

    #[track_caller]
    pub fn fails(self) -> Run {
        assert!(
            !self.success,
            "quire succeeded but should have failed:\nstdout: {}",
            self.stdout
        );
        assert!(
            !self.stderr.contains("panicked"),
            "quire panicked: {}",
            self.stderr
        );
        self
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let target = to.join(entry.path().strip_prefix(from).expect("below"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// The text between the first `start` and the next `end` after it.
#[track_caller]
pub fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text
        .find(start)
        .unwrap_or_else(|| panic!("{start:?} not found in:\n{text}"));
    let rest = &text[from..];
    let to = rest[start.len()..]
        .find(end)
        .map_or(rest.len(), |i| i + start.len() + end.len());
    &rest[..to]
}

pub mod chromium;
pub mod serve;
pub mod static_server;

/// A tool some tests need (Chromium, nginx, the HTML validator) is not
/// here: in CI or with `QUIRE_REQUIRE_BROWSER` set that fails the test,
/// with `install` saying how to get it; elsewhere the test is skipped,
/// and says so.
pub fn missing_tool(install: &str, skipping: &str) {
    let required =
        std::env::var_os("QUIRE_REQUIRE_BROWSER").is_some() || std::env::var_os("CI").is_some();
    assert!(!required, "{install}");
    eprintln!("skipping: {skipping}");
}
