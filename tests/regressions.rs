//! Regression tests: one per bug found, each named for the bug it pins.
//! They run on fixture sites in temporary folders and assert the message,
//! its place and the exit code, and that nothing outside the output folder
//! changed.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::Fixture;
use common::serve::Server;

/// Every file and link below `dir` (except `skip`), with its contents or
/// target: equal before and after means nothing there changed.
fn tree(dir: &Path, skip: &str) -> Vec<(String, Vec<u8>)> {
    let mut entries: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_entry(|e| e.file_name() != skip)
        .filter_map(Result::ok)
        .filter(|e| e.depth() > 0)
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("below")
                .display()
                .to_string();
            let content = if e.path_is_symlink() {
                let target = std::fs::read_link(e.path()).expect("link");
                format!("-> {}", target.display()).into_bytes()
            } else if e.file_type().is_file() {
                std::fs::read(e.path()).expect("read")
            } else {
                b"(folder)".to_vec()
            };
            (rel, content)
        })
        .collect();
    entries.sort();
    entries
}

#[track_caller]
fn assert_has(text: &str, parts: &[&str]) {
    for part in parts {
        assert!(text.contains(part), "expected {part:?} in:\n{text}");
    }
}

fn staging_left(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("read")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".staging-"))
        .collect()
}

/// The basic fixture with 3,000 more pages, built once: big enough that a
/// build is still running when a signal sent as its staging folder appears
/// arrives, even on a busy machine.
fn big_site() -> Fixture {
    let site = Fixture::new("basic");
    for n in 0..3000 {
        site.write(
            &format!("content/v2/many/page-{n}.md"),
            format!("---\ntitle: Page {n}\n---\n\n## Part\n\nText {n}.\n"),
        );
    }
    site.quire(&["build"]).ok();
    site
}

/// Starts `quire build`, sends `signal` `delay` after its staging folder
/// appears, and waits for it to end.
fn build_signalled(site: &Fixture, signal: &str, delay: Duration) -> std::process::ExitStatus {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_quire"))
        .arg("--root")
        .arg(site.path())
        .arg("build")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    let started = Instant::now();
    while staging_left(site.path()).is_empty() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "no staging folder appeared"
        );
        std::thread::sleep(Duration::from_millis(1));
    }
    std::thread::sleep(delay);
    let sent = std::process::Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(sent.success());
    child.wait().expect("wait")
}

// 1. A symlinked output folder was emptied through the link.
#[cfg(unix)]
#[test]
fn a_symlinked_output_folder_is_never_emptied_through_the_link() {
    let site = Fixture::new("basic");
    let deploy = tempfile::tempdir().expect("tempdir");
    let target = deploy.path().join("www");
    std::fs::create_dir_all(target.join("keep")).expect("mkdir");
    std::fs::write(target.join("keep/index.html"), "deployed").expect("write");
    std::os::unix::fs::symlink(&target, site.file("public")).expect("symlink");
    let before = tree(deploy.path(), "");
    let sources = tree(site.path(), "public");

    let run = site.quire(&["build"]).fails();
    assert_has(
        &run.stderr,
        &[
            "public is a symbolic link to",
            "--out",
            "never deletes through a link",
        ],
    );
    assert_eq!(tree(deploy.path(), ""), before, "the link's target changed");
    assert_eq!(tree(site.path(), "public"), sources);
    assert!(staging_left(site.path()).is_empty());
    assert!(
        std::fs::symlink_metadata(site.file("public"))
            .expect("link")
            .file_type()
            .is_symlink()
    );

    // What the message suggests: build into the target; it is not quire's
    // yet, so that takes --force once, and the link then shows the site.
    let out = target.display().to_string();
    let run = site.quire(&["build", "--out", &out]).fails();
    assert_has(&run.stderr, &["did not write", "--force"]);
    assert_eq!(tree(deploy.path(), ""), before);
    site.quire(&["build", "--out", &out, "--force"]).ok();
    site.quire(&["build", "--out", &out]).ok();
    assert!(
        site.read("public/guides/connect/index.html")
            .contains("Connect the service")
    );
    assert!(!target.join("keep").exists());
}

// 2. `--out` replaced any folder, the site's own included.
#[test]
fn out_refuses_the_sites_own_files_and_folders_quire_did_not_write() {
    let site = Fixture::new("basic");
    site.write("templates/partials/extra.html", "<p>x</p>");
    site.write("static/robots.txt", "User-agent: *\n");
    site.write(".git/HEAD", "ref: refs/heads/main\n");
    let sources = tree(site.path(), "public");
    for out in [
        "templates",
        "static",
        "site.toml",
        ".git",
        "content",
        "themes",
        "content/v2/public",
        ".",
        "..",
    ] {
        let run = site.quire(&["build", "--out", out]).fails();
        assert_has(&run.stderr, &[&format!("--out {out} would replace")]);
        assert_eq!(tree(site.path(), "public"), sources, "--out {out}");
    }
    assert!(staging_left(site.path()).is_empty());

    let elsewhere = tempfile::tempdir().expect("tempdir");
    let documents = elsewhere.path().join("Documents");
    std::fs::create_dir_all(&documents).expect("mkdir");
    std::fs::write(documents.join("thesis.txt"), "years of work").expect("write");
    let out = documents.display().to_string();
    let run = site.quire(&["build", "--out", &out]).fails();
    assert_has(
        &run.stderr,
        &["holds 1 file or folder that quire did not write", "--force"],
    );
    assert_eq!(
        std::fs::read_to_string(documents.join("thesis.txt")).expect("kept"),
        "years of work"
    );
    let file = elsewhere.path().join("notes.txt");
    std::fs::write(&file, "notes").expect("write");
    let run = site
        .quire(&["build", "--out", &file.display().to_string()])
        .fails();
    assert_has(&run.stderr, &["is not a folder"]);

    // Its own output is replaced without asking, including an output
    // written before quire marked its folders.
    site.quire(&["build"]).ok();
    assert!(site.file("public/.quire-output").is_file());
    site.quire(&["build"]).ok();
    std::fs::remove_file(site.file("public/.quire-output")).expect("unmark");
    site.quire(&["build"]).ok();

    let help = site.quire(&["build", "--help"]).ok();
    assert_has(&help.stdout, &["replaced whole", "--force"]);
}

// 3. `slug: ..` wrote index.html into the output folder's parent.
#[test]
fn dot_slugs_are_refused_at_their_line() {
    for (slug, version) in [("..", "v2"), (".", "v2"), ("..", "v1")] {
        let site = Fixture::new("basic");
        let page = format!("content/{version}/guides/connect.md");
        site.edit(
            &page,
            "---\ntitle:",
            &format!("---\nslug: \"{slug}\"\ntitle:"),
        );
        let sources = tree(site.path(), "public");
        let run = site.quire(&["build"]).fails();
        assert_has(
            &run.stderr,
            &[
                "error[front_matter.slug]",
                &format!("{page}:2:1"),
                "not starting with `.`",
            ],
        );
        assert_eq!(tree(site.path(), "public"), sources);
        assert!(!site.file("public").exists());
    }
}

// 4. Aliases replaced real pages with "Moved" pages.
#[test]
fn aliases_never_replace_another_output_file() {
    let cases = [
        ("[/./]", "has a `.` or `..` segment", "front_matter.aliases"),
        (
            "[/guides/./]",
            "has a `.` or `..` segment",
            "front_matter.aliases",
        ),
        ("[/]", "is the site's home page", "front_matter.aliases"),
        (
            "[\"/x\\u0007/\"]",
            "control character",
            "front_matter.aliases",
        ),
        (
            "[\"/a:b/\"]",
            "cannot be part of a path",
            "front_matter.aliases",
        ),
        ("[/v1/guides/legacy/]", "which is a page", "content.clash"),
        ("[/guides/other/]", "which is a page", "content.clash"),
        ("[/assets/]", "reserved", "content.clash"),
    ];
    for (aliases, message, code) in cases {
        let site = Fixture::new("basic");
        site.edit(
            "content/v2/guides/connect.md",
            "aliases: [/old/connect/]",
            &format!("aliases: {aliases}"),
        );
        let run = site.quire(&["build"]).fails();
        assert_has(
            &run.stderr,
            &[
                &format!("error[{code}]"),
                "content/v2/guides/connect.md:6:",
                message,
            ],
        );
        assert!(!site.file("public").exists(), "{aliases}");
    }
    // Two pages claiming one alias: the second is placed and names the first.
    let site = Fixture::new("basic");
    site.edit(
        "content/v2/guides/other.md",
        "order: 2\n",
        "order: 2\naliases:\n  - /old/connect/\n",
    );
    let run = site.quire(&["check"]).fails();
    assert_has(
        &run.stderr,
        &[
            "error[content.clash]",
            "alias `/old/connect/`",
            "content/v2/guides/",
        ],
    );
    // A normalised alias still redirects.
    let site = Fixture::new("basic");
    site.edit(
        "content/v2/guides/connect.md",
        "aliases: [/old/connect/]",
        "aliases: [old//connect]",
    );
    site.quire(&["build"]).ok();
    assert!(
        site.read("public/old/connect/index.html")
            .contains("http-equiv=\"refresh\"")
    );
}

// 5. A version and a latest page wanting the same URL overwrote each other.
#[test]
fn versions_pages_and_static_files_never_share_an_output_path() {
    let site = Fixture::new("basic");
    site.write("content/v2/v1.md", "---\ntitle: Clash\n---\n");
    let run = site.quire(&["build"]).fails();
    assert_has(
        &run.stderr,
        &[
            "error[content.clash]",
            "content/v2/v1.md:1:1",
            "inside version `v1`'s URLs",
            "content/v1",
        ],
    );
    let site = Fixture::new("basic");
    site.write("content/v2/v1/_index.md", "---\ntitle: Clash\n---\n");
    site.quire(&["check"]).fails();

    let site = Fixture::new("basic");
    site.write("static/guides/index.html", "<p>static</p>");
    let run = site.quire(&["build"]).fails();
    assert_has(
        &run.stderr,
        &[
            "static/guides/index.html",
            "which is a page",
            "content/v2/guides/_index.md",
        ],
    );
    let site = Fixture::new("basic");
    site.write("static/sitemap.xml", "<x/>");
    site.write("static/robots.txt", "User-agent: *\nDisallow: /\n");
    let run = site.quire(&["build"]).fails();
    assert_has(
        &run.stderr,
        &["static file `sitemap.xml`", "a file every build writes"],
    );
    assert!(
        !run.stderr.contains("robots.txt"),
        "a site's own robots.txt is welcome"
    );

    for name in [
        "robots.txt",
        "index.html",
        "__quire",
        "assets",
        "sitemap.xml",
    ] {
        let site = Fixture::new("basic");
        let config = site.read("site.toml");
        let run = site.quire(&["version", "cut", name]).fails();
        assert_has(&run.stderr, &["is reserved"]);
        assert_eq!(site.read("site.toml"), config);
        assert!(!site.file(&format!("content/{name}")).exists());
    }
    let site = Fixture::new("basic");
    site.edit(
        "site.toml",
        "order = [\"v2\", \"v1\"]",
        "order = [\"v2\", \"robots.txt\"]",
    );
    let run = site.quire(&["check"]).fails();
    assert_has(
        &run.stderr,
        &[
            "error[config.versions]",
            "site.toml:6:1",
            "`robots.txt` is reserved",
        ],
    );
}

// 6. `theme = "/somewhere"` published files from anywhere on disk.
#[test]
fn a_theme_is_a_name_not_a_path() {
    for theme in ["/etc", "../..", "a/b", ".hidden"] {
        let site = Fixture::new("basic");
        site.edit(
            "site.toml",
            "title = \"Fixture Help\"\n",
            &format!("title = \"Fixture Help\"\ntheme = \"{theme}\"\n"),
        );
        let run = site.quire(&["build"]).fails();
        assert_has(
            &run.stderr,
            &[
                "error[config.theme]",
                "site.toml:2:1",
                "is not a theme name",
            ],
        );
        assert!(!site.file("public").exists());
    }
}

// 7. Killed builds left `.public.staging-<pid>` folders behind.
#[test]
fn staging_folders_of_killed_builds_are_removed() {
    let site = Fixture::new("basic");
    let stale = site.file(".public.staging-4294967");
    std::fs::create_dir_all(stale.join("guides")).expect("mkdir");
    std::fs::write(stale.join("guides/index.html"), "half").expect("write");
    std::fs::create_dir_all(site.file(".public.staging-4294968.old")).expect("mkdir");
    site.quire(&["build"]).ok();
    assert!(
        staging_left(site.path()).is_empty(),
        "{:?}",
        staging_left(site.path())
    );

    // A build stopped by SIGTERM removes its own staging folder and leaves
    // the previous output as it was.
    let site = big_site();
    let before = tree(&site.file("public"), "");
    let status = build_signalled(&site, "-TERM", Duration::ZERO);
    assert!(!status.success(), "the build was not stopped");
    assert!(
        staging_left(site.path()).is_empty(),
        "{:?}",
        staging_left(site.path())
    );
    assert_eq!(tree(&site.file("public"), ""), before);
}

// 7b. A build over an existing output deleted the old tree before it
// returned: on a slow disk that doubled its time. At a terminal, the old
// tree is now removed by a process of its own after the build returns;
// scripts and CI still wait for it.
#[test]
fn the_previous_output_is_removed_after_the_build_returns() {
    let site = Fixture::new("basic");
    site.quire(&["build"]).ok();
    std::fs::write(site.file("public/guides/connect/index.html"), "old").expect("write");
    // A removal cut short (its process is gone) is finished; one whose
    // remover still runs is left to it; a folder of the writer's that
    // only looks like one is never touched.
    let marked = |name: &str| {
        let dir = site.file(name);
        std::fs::create_dir_all(dir.join("guides/connect")).expect("mkdir");
        std::fs::write(dir.join("guides/connect/index.html"), "x").expect("write");
        std::fs::write(dir.join(".quire-output"), "").expect("marker");
        dir
    };
    let cut_short = marked(".public.old-4294966");
    // A process that looks like a remover at work; its `sleep` outlives
    // it by a few seconds, holding none of this test's pipes.
    let mut remover = std::process::Command::new("sh")
        .args(["-c", "sleep 20; :", "__remove-old"])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("sh");
    let under_way = marked(&format!(".public.old-{}", remover.id()));
    let writers = site.file(".public.old-2019");
    std::fs::create_dir_all(&writers).expect("mkdir");
    std::fs::write(writers.join("notes.txt"), "mine").expect("write");

    // In a script, the build waits for the removal.
    site.quire(&["build"]).ok();
    let _ = remover.kill();
    let _ = remover.wait();
    assert!(
        site.read("public/guides/connect/index.html")
            .contains("Connect the service")
    );
    assert!(
        !cut_short.exists(),
        "the removal cut short was not finished"
    );
    assert!(
        under_way.join(".quire-output").exists(),
        "taken from its remover"
    );
    assert_eq!(site.read(".public.old-2019/notes.txt"), "mine");
    assert!(staging_left(site.path()).is_empty());
    let old_left = || -> Vec<String> {
        let mut left: Vec<String> = std::fs::read_dir(site.path())
            .expect("read")
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".public.old-"))
            .collect();
        left.sort();
        left
    };
    assert_eq!(old_left().len(), 2, "{:?}", old_left());

    // At a terminal, the build returns first; the removal follows, and
    // the one whose remover was stopped is finished too.
    let command = format!(
        "{} --root {} build",
        env!("CARGO_BIN_EXE_quire"),
        site.path().display()
    );
    let started = Instant::now();
    let run = std::process::Command::new("script")
        .args(["-qefc", &command, "/dev/null"])
        .env_remove("CI")
        .output()
        .expect("util-linux `script` runs a command on a pseudo-terminal");
    assert!(run.status.success(), "{run:?}");
    while old_left().len() > 1 {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "not removed: {:?}",
            old_left()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(old_left(), [".public.old-2019"]);
    assert!(
        site.read("public/guides/connect/index.html")
            .contains("Connect the service")
    );

    // The remover removes nothing but a marked previous output.
    for name in [
        "keep",
        ".keep.old-x",
        ".old-12",
        "public",
        ".public.old-2019",
    ] {
        let dir = site.file(name);
        std::fs::create_dir_all(&dir).expect("mkdir");
        site.quire(&["__remove-old", &dir.display().to_string()])
            .ok();
        assert!(dir.is_dir(), "{name} was removed");
    }
}

// 8. Nested YAML flow collections parsed in quadratic time.
#[test]
fn huge_or_deeply_nested_yaml_is_refused_at_once() {
    let site = Fixture::new("basic");
    let depth = 100_000;
    site.write(
        "content/v2/guides/deep.md",
        format!(
            "---\ntitle: {}{}\n---\n",
            "[".repeat(depth),
            "]".repeat(depth)
        ),
    );
    let started = Instant::now();
    let run = site.quire(&["check"]).fails();
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "took {:?}",
        started.elapsed()
    );
    assert_has(
        &run.stderr,
        &[
            "error[front_matter.too_large]",
            "content/v2/guides/deep.md:2:1",
            "196 KB",
        ],
    );

    let site = Fixture::new("basic");
    site.write(
        "content/v2/guides/deep.md",
        format!(
            "---\ntitle: x\nnested: {}{}\n---\n",
            "[".repeat(40),
            "]".repeat(40)
        ),
    );
    let run = site.quire(&["check"]).fails();
    assert_has(
        &run.stderr,
        &[
            "error[front_matter.too_large]",
            "content/v2/guides/deep.md:3:41",
            "more than 32 deep",
        ],
    );

    let site = Fixture::new("basic");
    site.write(
        "content/v2/guides/deep.md",
        format!(
            "---\ntitle: x\n---\n\n```checker\npreset: {}{}\n```\n",
            "{".repeat(30_000),
            "}".repeat(30_000)
        ),
    );
    let started = Instant::now();
    let run = site.quire(&["check"]).fails();
    assert!(started.elapsed() < Duration::from_secs(1));
    assert_has(
        &run.stderr,
        &["error[checker.too_large]", "content/v2/guides/deep.md:6:"],
    );
}

// 9. Printing many diagnostics re-read and re-indexed the file each time.
#[test]
fn many_diagnostics_in_one_file_print_in_linear_time() {
    let site = Fixture::new("basic");
    let links = "[x](missing.md)\n\n".repeat(20_000);
    site.write(
        "content/v2/guides/broken.md",
        format!("---\ntitle: Broken\n---\n\n{links}"),
    );
    let started = Instant::now();
    let run = site.quire(&["check"]).fails();
    let took = started.elapsed();
    assert_eq!(run.stderr.matches("error[link.broken]").count(), 20_000);
    assert!(run.stderr.contains("content/v2/guides/broken.md:40003:1"));
    // Quadratic printing took over 17 s in a release build.
    assert!(took < Duration::from_secs(8), "took {took:?}");
}

// 10. Deleting or renaming a folder under content/ was never noticed.
#[test]
fn serve_notices_a_folder_deleted_or_renamed_under_content() {
    let site = Fixture::new("basic");
    site.write("content/v2/extra/one.md", "---\ntitle: One\n---\n\nOne.\n");
    let server = Server::start(&site);
    assert_eq!(server.get("/extra/one/").status, 200);
    let mut socket = server.socket();
    let away = tempfile::tempdir().expect("tempdir");
    std::fs::rename(site.file("content/v2/extra"), away.path().join("extra")).expect("move");
    socket.next("reload");
    assert_eq!(server.get("/extra/one/").status, 404);
    std::fs::rename(away.path().join("extra"), site.file("content/v2/renamed")).expect("back");
    socket.next("reload");
    assert_eq!(server.get("/renamed/one/").status, 200);
}

// 11. Saving one page cleared another page's error.
#[test]
fn serve_keeps_a_broken_pages_error_while_another_page_is_saved() {
    let site = Fixture::new("basic");
    let server = Server::start(&site);
    let mut socket = server.socket();
    site.edit(
        "content/v2/guides/other.md",
        "Only in v2.",
        "See [gone](nowhere.md).",
    );
    let error = socket.next("error");
    assert!(
        error["text"]
            .as_str()
            .unwrap_or("")
            .contains("content/v2/guides/other.md")
    );
    site.edit("content/v2/guides/connect.md", "Read [the", "Now read [the");
    socket.next("reload");
    assert!(server.get("/guides/connect/").body.contains("Now read"));
    // A browser that loads a page now is still shown the other page's error.
    let mut fresh = server.socket();
    let standing = fresh.next("error");
    assert!(
        standing["text"]
            .as_str()
            .unwrap_or("")
            .contains("nowhere.md")
    );
    site.edit(
        "content/v2/guides/other.md",
        "See [gone](nowhere.md).",
        "Fixed.",
    );
    socket.next("reload");
    let mut fixed = server.socket();
    assert!(
        fixed.quiet_for(Duration::from_millis(500)),
        "the error outlived its fix"
    );
    assert!(server.get("/guides/other/").body.contains("Fixed."));
}

// 12. Pages with non-ASCII URLs never live-reloaded.
#[test]
fn serve_names_non_ascii_pages_as_browsers_do() {
    let site = Fixture::new("basic");
    site.write(
        "content/v2/überblick.md",
        "---\ntitle: Überblick\n---\n\nEins.\n",
    );
    let server = Server::start(&site);
    assert_eq!(server.get("/%C3%BCberblick/").status, 200);
    let mut socket = server.socket();
    site.edit("content/v2/überblick.md", "Eins.", "Zwei.");
    let reload = socket.next("reload");
    assert_eq!(reload["path"], "/%C3%BCberblick/");
    assert!(server.get("/%C3%BCberblick/").body.contains("Zwei."));
}

// 13. serve answered any Host, any Origin, any method, and redirected `//x`.
#[test]
fn serve_answers_only_its_own_host_origin_and_reads() {
    let site = Fixture::new("basic");
    let server = Server::start(&site);
    let port = server.port;
    let answer = |request: String| server.request(&request);

    let rebound = answer(format!(
        "GET /guides/connect/ HTTP/1.1\r\nHost: attacker.example:{port}\r\nConnection: close\r\n\r\n"
    ));
    assert_eq!(rebound.status, 403);
    assert!(!rebound.body.contains("Connect the service"));
    for host in [format!("localhost:{port}"), format!("[::1]:{port}")] {
        let ok = answer(format!(
            "GET /guides/connect/ HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        ));
        assert_eq!(ok.status, 200, "{host}");
    }
    for method in ["POST", "PUT", "DELETE", "TRACE", "OPTIONS"] {
        let refused = answer(format!(
            "{method} / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        ));
        assert_eq!(refused.status, 405, "{method}");
        assert_eq!(refused.header("allow").as_deref(), Some("GET, HEAD"));
    }
    let head = answer(format!(
        "HEAD / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    ));
    assert_eq!(head.status, 200);
    let redirect = server.get("//guides");
    assert_eq!(redirect.status, 308);
    assert_eq!(redirect.header("location").as_deref(), Some("/guides/"));

    assert!(
        server
            .socket_from(&format!("http://127.0.0.1:{port}"))
            .is_ok()
    );
    assert!(server.socket_from("http://attacker.example").is_err());
    assert!(
        server
            .socket_from(&format!("http://127.0.0.1:{}", port.wrapping_add(1)))
            .is_err()
    );
}

// 14. The secret scan skipped front matter, site.toml and static/.
#[test]
fn secrets_are_found_in_everything_that_is_published() {
    let secret = "Zx98Q~a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7";
    let site = Fixture::new("basic");
    site.edit(
        "content/v2/guides/other.md",
        "order: 2\n",
        &format!("order: 2\ndescription: Use {secret} to sign in\n"),
    );
    site.edit(
        "site.toml",
        "title = \"Fixture Help\"\n",
        &format!("title = \"Fixture Help\"\ndescription = \"secret {secret}\"\n"),
    );
    site.write(
        "static/config.json",
        "{\n  \"password\": \"Tr0ub4dor&3x\"\n}\n",
    );
    site.write(
        "templates/partials/footer-extra.html",
        "<!-- token: Bearer 0123456789abcdefghijABCDEF -->",
    );
    // A preset's words are in the pages' Markdown copies, which are not
    // scanned again: the preset is scanned where it is.
    site.write(
        "checkers/acme.yml",
        "# sign in with password: Tr0ub4dor9z\n",
    );
    let run = site.quire(&["check"]).fails();
    assert_has(
        &run.stderr,
        &[
            "error[secret.client_secret]",
            "content/v2/guides/other.md:4:18",
            "site.toml:2:23",
            "error[secret.password]",
            "static/config.json:2:16",
            "error[secret.bearer]",
            "templates/partials/footer-extra.html:1:20",
            "checkers/acme.yml:1:26",
        ],
    );
}

// 15. Gaps in the secret scan, and false alarms.
#[test]
fn the_secret_scan_finds_common_kinds_and_leaves_code_and_patterns_alone() {
    let site = Fixture::new("basic");
    let live = [
        (r#"{"client_secret": "s3cr3tV4lue!"}"#, "secret.password"),
        (
            "https://admin:Sup3rS3cret@db.example.net/",
            "secret.password",
        ),
        (
            "curl -u admin:Sup3rS3cret https://api.example.net/",
            "secret.password",
        ),
        (
            "Zx98Q%7Ea1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7",
            "secret.client_secret",
        ),
        (
            "DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=q1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6j7k8l9z0x1c2v3b4n5m6q1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6==",
            "secret.storage_key",
        ),
        ("aws_access_key_id = AKIAZ7Q2LMN4PQR8STUV", "secret.aws_key"),
        (
            "token ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8",
            "secret.github_token",
        ),
    ];
    let mut body = String::from("---\ntitle: Leaks\n---\n\n");
    for (line, _) in &live {
        body.push_str(line);
        body.push_str("\n\n");
    }
    body.push_str("Tenant ID:\n\n    7f3c9d21-5b8e-4a6f-9c2d-1e4b7a9f3c5d\n\n");
    body.push_str("```\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAr0e9a7c1b3d5f7h9j1k3m5o7q9s1u3w5y7A9C1E3G5I7K9M1\n-----END RSA PRIVATE KEY-----\n```\n");
    site.write("content/v2/guides/leaks.md", &body);
    let run = site.quire(&["check", "--format", "json"]).fails();
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    let found: Vec<(String, u64)> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or("").to_owned(),
                d["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    for (n, (_, code)) in live.iter().enumerate() {
        let line = 5 + 2 * n as u64;
        assert!(
            found.contains(&((*code).to_owned(), line)),
            "{code} at line {line} not in {found:?}"
        );
    }
    assert!(
        found.contains(&("secret.identifier".to_owned(), 21)),
        "{found:?}"
    );
    assert!(
        found.contains(&("secret.private_key".to_owned(), 24)),
        "{found:?}"
    );

    let site = Fixture::new("basic");
    site.write(
        "content/v2/guides/safe.md",
        "---\ntitle: Safe\n---\n\n```python\npassword = os.environ[\"DB_PASSWORD\"]\nsecret = config[\"Db:Password\"]\npassword = getenv(\"PASSWORD\")\n```\n\n\
         Client ID: 11111111-2222-3333-4444-555555555555\n\n\
         Tenant ID: 12345678-90ab-cdef-1234-567890abcdef\n\n\
         App ID: deadbeef-0000-4000-8000-c0ffee000000\n\n\
         `Authorization: Bearer ACCESS_TOKEN_FROM_STEP_3`\n\n\
         `aws_access_key_id = AKIAIOSFODNN7EXAMPLE`\n\n\
         Connect to `https://user:{password}@db.example.net/`.\n",
    );
    site.quire(&["check"]).ok();
}

// 16. `ONCLICK` passed the attribute filter; HTML comments were published.
#[test]
fn event_handlers_and_comments_never_reach_the_page() {
    let site = Fixture::new("basic");
    site.edit(
        "content/v2/guides/other.md",
        "## Details",
        "<!-- TODO: internal ticket QA-1234 -->\n\n## Details {ONCLICK=alert(1) OnMouseOver=alert(2) data-x=y}\n\nText <!-- inline note --> here.\n\n<!--\nmany\nlines\n-->",
    );
    site.quire(&["build"]).ok();
    let html = site.read("public/guides/other/index.html");
    let lower = html.to_ascii_lowercase();
    assert!(
        !lower.contains("onclick") && !lower.contains("onmouseover"),
        "{html}"
    );
    assert!(html.contains("data-x=\"y\""));
    assert!(
        !html.contains("QA-1234") && !html.contains("inline note") && !html.contains("many\nlines")
    );
    assert!(!html.contains("<!--"), "{html}");
    assert!(html.contains("Text  here."));
}

// 17. The CSP lived only in the theme's base.html.
#[test]
fn every_page_carries_the_policy_whatever_its_template() {
    let site = Fixture::new("basic");
    site.write(
        "templates/base.html",
        "<!doctype html><html><HEAD><title>{% block title %}{% endblock title %}</title>{% block meta %}{% endblock meta %}{% block head %}{% endblock head %}</HEAD><body>{% block content %}{% endblock content %}</body></html>",
    );
    site.quire(&["build"]).ok();
    let policy = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; script-src 'self'";
    let guide = site.read("public/guides/connect/index.html");
    assert!(
        guide.contains(&format!("{policy} 'wasm-unsafe-eval';")),
        "{guide}"
    );
    assert!(guide.find(policy) < guide.find("<title>"));
    for page in [
        "public/guides/other/index.html",
        "public/index.html",
        "public/404.html",
    ] {
        let html = site.read(page);
        assert!(html.contains(&format!("{policy};")), "{page}: {html}");
        assert!(!html.contains("wasm-unsafe-eval"), "{page}");
    }
    assert!(
        site.read("public/old/connect/index.html")
            .contains("default-src 'none'")
    );

    site.write(
        "templates/base.html",
        "<title>{% block title %}{% endblock title %}</title>{% block meta %}{% endblock meta %}{% block head %}{% endblock head %}<p>{% block content %}{% endblock content %}</p>",
    );
    let run = site.quire(&["build"]).fails();
    assert_has(&run.stderr, &["error[template.error]", "without a <head>"]);
}

// 18. One front matter error hid every other problem.
#[test]
fn problems_in_every_stage_are_reported_together() {
    let site = Fixture::new("basic");
    site.edit("content/v2/guides/other.md", "order: 2", "order: [2");
    site.edit(
        "content/v2/guides/connect.md",
        "(other.md#details)",
        "(other.md#nowhere)",
    );
    site.write(
        "content/v1/guides/broken.md",
        "No front matter, no title.\n\n[x](gone.md)\n",
    );
    let run = site.quire(&["check"]).fails();
    assert_has(
        &run.stderr,
        &[
            "error[front_matter.invalid]",
            "content/v2/guides/other.md:3:8",
            "error[link.anchor]",
            "error[front_matter.missing]",
            "content/v1/guides/broken.md:1:1",
            "error[link.broken]",
            "content/v1/guides/broken.md:3:1",
        ],
    );
    // The broken page still answers for its links: no false alarm.
    assert!(!run.stderr.contains("other.md` is not"), "{}", run.stderr);
}

// 19. A filesystem error named no file and printed the OS error twice.
#[test]
fn filesystem_errors_name_the_file_and_say_the_cause_once() {
    let site = Fixture::new("basic");
    std::fs::remove_file(site.file("site.toml")).expect("rm");
    std::fs::create_dir_all(site.file("site.toml")).expect("mkdir");
    let run = site.quire(&["build"]).fails();
    assert_has(&run.stderr, &["cannot read", "site.toml"]);
    assert_eq!(
        run.stderr.matches("Is a directory").count(),
        1,
        "{}",
        run.stderr
    );
}

// 20. Heading ids took the theme's ids; explicit ids were renamed silently;
//     percent-encoded anchors were called broken; slugs were not GitHub's.
#[test]
fn heading_ids_are_unique_githubs_and_warned_about() {
    let site = Fixture::new("basic");
    site.edit(
        "content/v2/guides/other.md",
        "## Details",
        "## Main\n\n## Überblick & Ärger\n\nSee [it](#%C3%BCberblick--%C3%A4rger) and [that](#main-1).\n\n## Details\n\n## Again {#details}",
    );
    let run = site.quire(&["build"]).ok();
    assert_has(
        &run.stderr,
        &[
            "warning[heading.duplicate_id]",
            "content/v2/guides/other.md:15:1",
            "asks for the id `details`",
            "`details-1`",
        ],
    );
    let html = site.read("public/guides/other/index.html");
    assert!(html.contains("<h2 id=\"main-1\">"), "{html}");
    assert!(html.contains("<main id=\"main\""));
    assert!(html.contains("id=\"überblick--ärger\""), "{html}");
}

// 21. base_url took queries, credentials, spaces and line breaks.
#[test]
fn base_url_is_refused_unless_plain() {
    for (url, message) in [
        ("https://help.example.com/?x=1", "query or fragment"),
        ("https://help.example.com/#top", "query or fragment"),
        ("https://user:pw@help.example.com/", "user name or password"),
        ("https://help.example.com/a b/", "space"),
        ("https://help.example.com/\\nDisallow: /", "line break"),
    ] {
        let site = Fixture::new("basic");
        site.edit(
            "site.toml",
            "base_url = \"https://docs.example.org/help/\"",
            &format!("base_url = \"{url}\""),
        );
        let run = site.quire(&["build"]).fails();
        assert_has(
            &run.stderr,
            &["error[config.base_url]", "site.toml:2:1", message],
        );
        assert!(!site.file("public").exists());
    }
    let site = Fixture::new("basic");
    let run = site
        .quire(&[
            "build",
            "--base-url",
            "https://x.example/\nSitemap: https://evil.example/",
        ])
        .fails();
    assert_has(&run.stderr, &["--base-url", "line break"]);
}

// 22. A checker example was never shown, and a valid secret example was
//     flagged as a leak.
#[test]
fn checker_examples_are_shown_and_may_be_documented_fakes() {
    let site = Fixture::new("basic");
    site.edit(
        "content/v2/guides/connect.md",
        "    where: Admin center > Environments\n",
        "    where: Admin center > Environments\n    example: https://contoso.crm.dynamics.com\n  - id: client_secret\n    example: Abc8Q~EXAMPLE.EXAMPLE.EXAMPLE.EXAMPLE.EX\n",
    );
    site.quire(&["build"]).ok();
    let html = site.read("public/guides/connect/index.html");
    assert!(
        html.contains("Example: <code>https://contoso.crm.dynamics.com</code>"),
        "{html}"
    );
    assert!(html.contains("Example: <code>Abc8Q~EXAMPLE.EXAMPLE.EXAMPLE.EXAMPLE.EX</code>"));

    site.edit(
        "content/v2/guides/connect.md",
        "Abc8Q~EXAMPLE.EXAMPLE.EXAMPLE.EXAMPLE.EX",
        "Zx98Q~a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7",
    );
    let run = site.quire(&["build"]).fails();
    assert_has(
        &run.stderr,
        &[
            "error[secret.client_secret]",
            "content/v2/guides/connect.md:19:14",
        ],
    );
}

// Found by a second review of the fixes above.

// R1. With a symlinked content/, `--out <its target> --force` deleted every page.
#[cfg(unix)]
#[test]
fn force_never_replaces_a_source_folder_reached_through_a_link() {
    let site = Fixture::new("basic");
    let elsewhere = tempfile::tempdir().expect("tempdir");
    let docs = elsewhere.path().join("docs-src");
    std::fs::rename(site.file("content"), &docs).expect("move");
    std::os::unix::fs::symlink(&docs, site.file("content")).expect("link");
    let before = tree(elsewhere.path(), "");
    let out = docs.display().to_string();
    for args in [
        vec!["build", "--out", &out],
        vec!["build", "--out", &out, "--force"],
    ] {
        let run = site.quire(&args).fails();
        assert_has(
            &run.stderr,
            &["would replace the site's own files", "content"],
        );
        assert_eq!(tree(elsewhere.path(), ""), before);
    }
}

// R2. Ctrl-C late in a build swapped in a half-deleted site, or exited 0.
#[test]
fn an_interrupted_build_exits_130_and_never_replaces_the_output() {
    let site = big_site();
    let before = tree(&site.file("public"), "");
    for delay in [0, 50, 200, 600] {
        let status = build_signalled(&site, "-INT", Duration::from_millis(delay));
        assert!(staging_left(site.path()).is_empty(), "after {delay} ms");
        let after = tree(&site.file("public"), "");
        match status.code() {
            // Stopped: the previous output, byte for byte.
            Some(130) => assert_eq!(after, before, "after {delay} ms"),
            // Finished before the signal: the whole new site.
            Some(0) => assert_eq!(after.len(), before.len(), "after {delay} ms"),
            other => panic!("exit {other:?} after {delay} ms"),
        }
    }
}

// R3. `.public.old` of the writer's own and files added to the output
//     (a `.git`, a CNAME) were deleted without asking.
#[test]
fn files_quire_did_not_write_beside_or_in_its_output_are_kept() {
    let site = Fixture::new("basic");
    site.write(".public.old/notes.txt", "mine");
    site.quire(&["build"]).ok();
    site.quire(&["build"]).ok();
    assert_eq!(site.read(".public.old/notes.txt"), "mine");
    site.write("public/.git/HEAD", "ref: refs/heads/gh-pages\n");
    site.write("public/CNAME", "help.example.com\n");
    let run = site.quire(&["build"]).fails();
    assert_has(
        &run.stderr,
        &[
            "holds 2 files or folders that quire did not write (.git, CNAME)",
            "static/",
        ],
    );
    assert_eq!(site.read("public/CNAME"), "help.example.com\n");
    assert!(site.file("public/.git/HEAD").is_file());
}

// R4. Paths that need another output file as a folder passed `check` and
//     failed `build` with a raw I/O error.
#[test]
fn an_output_file_is_never_also_a_folder() {
    let site = Fixture::new("basic");
    site.write(
        "content/v2/guides/x.md",
        "---\ntitle: X\nslug: index.html\n---\n",
    );
    let run = site.quire(&["check"]).fails();
    assert_has(
        &run.stderr,
        &[
            "error[content.clash]",
            "content/v2/guides/x.md:3:7",
            "cannot also be a folder",
        ],
    );
    let site = Fixture::new("basic");
    site.edit(
        "content/v2/guides/connect.md",
        "aliases: [/old/connect/]",
        "aliases: [/guides/index.html/]",
    );
    let run = site.quire(&["check"]).fails();
    assert_has(
        &run.stderr,
        &["error[content.clash]", "content/v2/guides/connect.md:6:"],
    );
    let site = Fixture::new("basic");
    site.write("static/guides/connect/index.html/notes.txt", "x");
    let run = site.quire(&["build"]).fails();
    assert_has(
        &run.stderr,
        &[
            "error[content.clash]",
            "static/guides/connect/index.html/notes.txt",
        ],
    );
    assert!(!run.stderr.contains("staging"), "{}", run.stderr);
}

// R5. Saving a page cleared the render errors of a page linking to it.
#[test]
fn serve_keeps_a_linking_pages_own_error_when_the_linked_page_is_saved() {
    let site = Fixture::new("basic");
    let server = Server::start(&site);
    let mut socket = server.socket();
    site.edit(
        "content/v2/guides/connect.md",
        "Read [the",
        "See [gone](nowhere.md). Read [the",
    );
    let error = socket.next("error");
    assert!(error["text"].as_str().unwrap_or("").contains("nowhere.md"));
    // other.md is linked from connect.md: connect.md is checked again.
    site.edit(
        "content/v2/guides/other.md",
        "Only in v2.",
        "Only in v2, edited.",
    );
    socket.next("reload");
    let mut fresh = server.socket();
    let standing = fresh.next("error");
    assert!(
        standing["text"]
            .as_str()
            .unwrap_or("")
            .contains("nowhere.md")
    );
}

// R6. A comment inside a heading was published; images in headings were
//     never checked.
#[test]
fn headings_drop_comments_and_their_images_are_checked() {
    let site = Fixture::new("basic");
    site.edit(
        "content/v2/guides/other.md",
        "## Details",
        "## Details <!-- internal: ask Bob --> ![](/nope.png) {#details}",
    );
    let run = site.quire(&["check"]).fails();
    assert_has(
        &run.stderr,
        &[
            "error[image.missing]",
            "warning[image.alt]",
            "content/v2/guides/other.md:7:",
        ],
    );
    site.write("static/nope.png", "png");
    site.edit(
        "content/v2/guides/other.md",
        "![](/nope.png)",
        "![Logo](/help/nope.png)",
    );
    site.quire(&["build"]).ok();
    let html = site.read("public/guides/other/index.html");
    assert!(!html.contains("ask Bob"), "{html}");
    assert!(html.contains("alt=\"Logo\""));
}

// R7. A base_url ending in `//` made every link point at another host.
#[test]
fn base_url_with_an_empty_segment_is_refused() {
    let site = Fixture::new("basic");
    let run = site
        .quire(&["build", "--base-url", "https://docs.example.org//"])
        .fails();
    assert_has(&run.stderr, &["--base-url", "empty path segment"]);
}

// R8. Secrets the scan missed.
#[test]
fn the_secret_scan_finds_prefixed_keys_flags_indented_keys_and_other_encodings() {
    let site = Fixture::new("basic");
    site.write(
        "content/v2/guides/leaks.md",
        "---\ntitle: Leaks\n---\n\n- Step:\n\n   ```\n   -----BEGIN PRIVATE KEY-----\n   MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\n   ```\n\n\
         `DB_PASSWORD=Tr0ub4dorAnd3`\n\n`POSTGRES_PASSWORD: \"Tr0ub4dorAnd3\"`\n\n\
         `AZURE_CLIENT_SECRET=Tr0ub4dorAnd3`\n\n`az login --password Tr0ub4dorAnd3`\n\n\
         ```checker\npreset: dynamics-365\nfields:\n  - id: client_id\n    example: \"3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b\"\n```\n",
    );
    // Latin-1 and UTF-16 text in static/.
    site.write("static/latin1.txt", b"caf\xe9\nPassword=Tr0ub4dorAnd3;\n");
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            "Password=Tr0ub4dorAnd3;"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    site.write("static/utf16.txt", utf16);
    let run = site.quire(&["check"]).fails();
    assert_has(
        &run.stderr,
        &[
            "error[secret.private_key]",
            "content/v2/guides/leaks.md:8:",
            "content/v2/guides/leaks.md:12:",
            "content/v2/guides/leaks.md:14:",
            "content/v2/guides/leaks.md:16:",
            "content/v2/guides/leaks.md:18:",
            "error[secret.identifier]",
            "content/v2/guides/leaks.md:24:",
            "static/latin1.txt:2:",
            "static/utf16.txt:1:",
        ],
    );
}

// R9. False alarms on prose, types, schemas and Microsoft's public IDs.
#[test]
fn the_secret_scan_leaves_prose_types_and_public_ids_alone() {
    let site = Fixture::new("basic");
    site.write(
        "content/v2/guides/safe.md",
        "---\ntitle: Safe\n---\n\nTo reset the password: open Settings.\n\nPassword: required. Pwd: optional.\n\n\
         ```ts\ntype Login = { clientSecret: string; password: string };\n```\n\n\
         ```json\n{ \"client_secret\": \"string\", \"password\": \"string\" }\n```\n\n\
         Azure CLI app ID: 04b07795-8ddb-461a-bbee-02f9e1bf7b46\n\n\
         Graph PowerShell client ID: 14d82eec-204b-4c2f-b7e8-296a70dab67e\n\n\
         Directory role template ID: 62e90394-69f5-4237-9190-012177145e10\n\n\
         App ID of Directory.Read.All: 7ab1d382-f21e-4acd-a863-ba3e13f7da61\n",
    );
    site.quire(&["check"]).ok();
}

// R10. Only the first of several front matter problems was reported.
#[test]
fn every_front_matter_problem_is_reported_at_once() {
    let site = Fixture::new("basic");
    site.write(
        "content/v2/guides/many.md",
        "---\ntitle: Many\nupdated: 26/11/2026\nslug: \"../x\"\naliases: [\"/a/../b\", \"/c:d/\"]\n---\n",
    );
    let run = site.quire(&["check"]).fails();
    assert_has(
        &run.stderr,
        &[
            "error[front_matter.updated]",
            "error[front_matter.slug]",
            "content/v2/guides/many.md:4:1",
            "alias `/a/../b`",
            "alias `/c:d/`",
        ],
    );
}

// R11. Links in static/ were dropped without a word.
#[cfg(unix)]
#[test]
fn links_in_static_are_published_inside_the_site_and_refused_outside() {
    let site = Fixture::new("basic");
    site.write("assets-src/logo.png", "png");
    std::fs::create_dir_all(site.file("static/img")).expect("mkdir");
    std::os::unix::fs::symlink(
        "../../assets-src/logo.png",
        site.file("static/img/logo.png"),
    )
    .expect("link");
    site.quire(&["build"]).ok();
    assert_eq!(site.read("public/img/logo.png"), "png");
    let outside = tempfile::tempdir().expect("tempdir");
    std::fs::write(outside.path().join("secret.txt"), "private").expect("write");
    std::os::unix::fs::symlink(
        outside.path().join("secret.txt"),
        site.file("static/notes.txt"),
    )
    .expect("link");
    let run = site.quire(&["build"]).fails();
    assert_has(
        &run.stderr,
        &[
            "error[content.static_link]",
            "static/notes.txt",
            "outside the site",
        ],
    );
}

// R12. External images passed every check but the policy blocks them.
#[test]
fn images_from_other_sites_are_reported() {
    let site = Fixture::new("basic");
    site.edit(
        "content/v2/guides/other.md",
        "Only in v2.",
        "![Portal](https://learn.example.com/portal.png)",
    );
    let run = site.quire(&["check"]).fails();
    assert_has(
        &run.stderr,
        &["error[image.external]", "content/v2/guides/other.md:9:1"],
    );
}

// R13. `version cut` made a site whose working pages sat in another
//      version's folder.
#[test]
fn version_cut_refuses_a_working_page_in_another_versions_place() {
    let site = Fixture::new("basic");
    site.write("content/v2/v1.md", "---\ntitle: Clash\n---\n");
    let config = site.read("site.toml");
    let run = site.quire(&["version", "cut", "v3"]).fails();
    assert_has(&run.stderr, &["content/v2/v1", "version `v1` lives"]);
    assert_eq!(site.read("site.toml"), config);
    assert!(!site.file("content/v3").exists());
}

// R14. `--out public/.` always failed.
#[test]
fn out_with_a_trailing_dot_is_the_folder() {
    let site = Fixture::new("basic");
    site.quire(&["build", "--out", "public/."]).ok();
    site.quire(&["build", "--out", "public/."]).ok();
    assert!(site.file("public/index.html").is_file());
    assert!(staging_left(site.path()).is_empty());
}
