//! A build that takes more than a second shows how far it is, on a
//! terminal only: a line on stderr, redrawn in place and wiped before the
//! summary. Never with `-q`, in a pipe, or in CI logs.
//!
//! The terminal is a real pseudo-terminal, from util-linux's `script`
//! (Debian's essential `bsdutils`). The site is 12,123 pages, which a
//! debug build took about four seconds to render on the development VM
//! in November 2026: well over the second before the line shows. (At
//! 3,078 pages builds became fast enough to finish within it.)

mod common;

#[path = "../benches/corpus.rs"]
mod corpus;

use std::path::Path;
use std::process::Command;

use common::Fixture;
use corpus::Shape;

/// Runs `quire ARGS` on a terminal; what the terminal showed.
fn on_a_terminal(site: &Path, args: &str, ci: bool) -> String {
    let command = format!(
        "{} --root {} {args}",
        env!("CARGO_BIN_EXE_quire"),
        site.display()
    );
    let mut script = Command::new("script");
    script
        .args(["-qefc", &command, "/dev/null"])
        .env_remove("CI");
    if ci {
        script.env("CI", "true");
    }
    let output = script
        .output()
        .expect("util-linux `script` runs a command on a pseudo-terminal");
    assert!(output.status.success(), "{output:?}");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn a_long_build_shows_its_progress_on_a_terminal_only() {
    let home = Fixture::empty();
    let site = home.path().join("site");
    let shape = Shape {
        versions: 3,
        sections: 40,
        pages: 100,
    };
    corpus::generate(&site, shape).expect("corpus");

    let shown = on_a_terminal(&site, "build -o out", false);
    assert!(shown.contains("rendering pages: "), "{shown:?}");
    // Every page, with each section's page and each version's home.
    let pages = shape.versions * (shape.sections * shape.pages + shape.sections + 1);
    assert_eq!(pages, 12_123);
    assert!(shown.contains(&format!(" of {pages}")), "{shown:?}");
    // Redrawn in place, then wiped before the summary.
    let summary = shown.find("built 3 versions").expect("the summary");
    let wipe = "\r\x1b[2K";
    let wiped = shown[..summary].rfind(wipe).expect("a wipe");
    assert!(
        shown[wiped + wipe.len()..summary].trim().is_empty(),
        "left on the line: {shown:?}"
    );

    for (args, ci, why) in [
        ("-q build -o out", false, "with -q"),
        ("build -o out", true, "in CI"),
    ] {
        let shown = on_a_terminal(&site, args, ci);
        assert!(!shown.contains("rendering pages"), "{why}: {shown:?}");
        assert!(!shown.contains("\x1b[2K"), "{why}: {shown:?}");
    }
    // In a pipe.
    let piped = Command::new(env!("CARGO_BIN_EXE_quire"))
        .arg("--root")
        .arg(&site)
        .args(["build", "-o", "out"])
        .env_remove("CI")
        .output()
        .expect("run quire");
    assert!(piped.status.success());
    let stderr = String::from_utf8_lossy(&piped.stderr);
    assert!(!stderr.contains("rendering pages"), "{stderr}");
}
