//! Every page of the built example help centre is valid HTML, as the W3C
//! Nu HTML Checker (`vnu.jar`, from the `vnu-jar` npm package) sees it.
//!
//! The checker needs Java and the jar: `.ci/run` installs both. Set
//! `QUIRE_VNU_JAR` to the jar, or leave it at `target/vnu/vnu.jar`. Where
//! neither is found the test says so and passes, except in CI
//! (`QUIRE_REQUIRE_BROWSER` or `CI` set), where it fails.

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::Fixture;

fn validator() -> Option<PathBuf> {
    let jar = std::env::var_os("QUIRE_VNU_JAR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/vnu/vnu.jar"));
    let java = Command::new("java")
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success());
    if jar.is_file() && java {
        return Some(jar);
    }
    common::missing_tool(
        &format!(
            "the HTML validator is required here: install Java and put vnu.jar at {} (see .ci/run)",
            jar.display()
        ),
        &format!("no Java or no {} (see .ci/run)", jar.display()),
    );
    None
}

#[test]
fn every_page_of_the_example_is_valid_html() {
    let Some(jar) = validator() else {
        return;
    };
    let site = Fixture::example();
    site.quire(&["build", "-q"]).ok();
    let pages = walk(&site.file("public"));
    assert!(pages > 10, "only {pages} pages built");
    let run = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--skip-non-html"])
        .arg(site.file("public"))
        .output()
        .expect("run java");
    let report =
        String::from_utf8_lossy(&run.stderr).into_owned() + &String::from_utf8_lossy(&run.stdout);
    // The validator does not know `<link rel="expect" blocking="render">`
    // yet, which the HTML standard defines (#link-type-expect) and the
    // theme uses so that no half-parsed header is painted. It is the only
    // element with `blocking`: that message, and only it, is set aside.
    let lag = "A “link” element with a “blocking” attribute must have a “rel” attribute whose value is “stylesheet”.";
    let errors: Vec<&str> = report
        .lines()
        .filter(|line| line.contains("error:") && !line.contains(lag))
        .collect();
    assert!(
        errors.is_empty(),
        "the built site has HTML errors:\n{}",
        errors.join("\n")
    );
    let index = std::fs::read_to_string(site.file("public/index.html")).expect("index");
    assert_eq!(index.matches(" blocking=").count(), 1, "{index}");
    assert!(index.contains("<link rel=\"expect\" href=\"#main\" blocking=\"render\">"));
    // The validator does report errors: a page with a known one fails.
    site.write("public/broken.html", "<!doctype html><html lang=\"en\"><head><title>x</title></head><body><p><span aria-label=\"then\">x</span></p></body></html>");
    let run = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only"])
        .arg(site.file("public/broken.html"))
        .output()
        .expect("run java");
    assert!(
        !run.status.success(),
        "the validator accepted a known error"
    );
}

/// How many HTML pages are under `dir`.
fn walk(dir: &std::path::Path) -> usize {
    let mut count = 0;
    for entry in std::fs::read_dir(dir).expect("read the output").flatten() {
        let path = entry.path();
        if path.is_dir() {
            count += walk(&path);
        } else if path.extension().is_some_and(|e| e == "html") {
            count += 1;
        }
    }
    count
}
