//! Every kind of bad input: a clear message with file:line:col and what to
//! do, a non-zero exit, no panic, and the previous output untouched.

mod common;

use common::Fixture;

/// Builds the fixture once, breaks it with `breakage`, builds again, and
/// returns the failed run's stderr after checking `public/` is unchanged.
fn broken(breakage: impl FnOnce(&Fixture)) -> String {
    let site = Fixture::new("basic");
    site.quire(&["build"]).ok();
    let before = site.snapshot_dir("public");
    breakage(&site);
    let run = site.quire(&["build"]).fails();
    assert_eq!(
        site.snapshot_dir("public"),
        before,
        "public/ changed after a failed build"
    );
    let leftovers: Vec<_> = std::fs::read_dir(site.path())
        .expect("read")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("staging"))
        .collect();
    assert!(leftovers.is_empty(), "staging left behind: {leftovers:?}");
    assert!(
        run.stderr.contains("nothing was written") || run.stderr.starts_with("error"),
        "{}",
        run.stderr
    );
    run.stderr
}

#[track_caller]
fn assert_has(stderr: &str, parts: &[&str]) {
    for part in parts {
        assert!(stderr.contains(part), "expected {part:?} in:\n{stderr}");
    }
}

#[test]
fn malformed_yaml() {
    let err = broken(|s| s.edit("content/v2/guides/other.md", "order: 2", "order: [2"));
    assert_has(
        &err,
        &[
            "error[front_matter.invalid]",
            "content/v2/guides/other.md:3:8",
            "help:",
        ],
    );
}

#[test]
fn no_front_matter() {
    let err = broken(|s| s.write("content/v2/guides/second.md", "## Second level\n"));
    assert_has(&err, &["(it starts with `## Second level`)"]);
    let err = broken(|s| s.write("content/v2/guides/bare.md", "Text, and no heading.\n"));
    assert_has(
        &err,
        &[
            "error[front_matter.missing]",
            "content/v2/guides/bare.md:1:1",
            "does not start with a level-1 `#` heading",
            "start the page with a heading `# Your page title`",
        ],
    );
}

#[test]
fn missing_title() {
    let err = broken(|s| s.edit("content/v2/guides/other.md", "title: Another guide\n", ""));
    assert_has(
        &err,
        &[
            "error[front_matter.title]",
            "content/v2/guides/other.md:2:1",
            "its front matter has no `title`",
            "add a line `title:",
        ],
    );
}

#[test]
fn unknown_front_matter_key() {
    let err = broken(|s| s.edit("content/v2/guides/other.md", "order: 2", "ordr: 2"));
    assert_has(
        &err,
        &[
            "error[front_matter.unknown_key]",
            "content/v2/guides/other.md:3:1",
            "did you mean `order`?",
        ],
    );
}

#[test]
fn non_utf8_file() {
    let err = broken(|s| {
        s.write(
            "content/v2/guides/latin1.md",
            b"---\ntitle: Caf\xe9\n---\n".as_slice(),
        )
    });
    assert_has(
        &err,
        &[
            "error[content.encoding]",
            "content/v2/guides/latin1.md:2:11",
            "not UTF-8",
            "save the file with UTF-8",
        ],
    );
}

#[test]
fn unknown_site_toml_key() {
    let err = broken(|s| s.edit("site.toml", "title = ", "titel = \"x\"\ntitle = "));
    assert_has(
        &err,
        &[
            "error[config.invalid]",
            "site.toml:1:1",
            "unknown field `titel`",
        ],
    );
}

#[test]
fn wrong_type_in_site_toml() {
    let err = broken(|s| s.edit("site.toml", "order = [\"v2\", \"v1\"]", "order = \"v2\""));
    assert_has(
        &err,
        &["error[config.invalid]", "site.toml:6:9", "sequence"],
    );
}

#[test]
fn version_in_order_without_folder() {
    let err = broken(|s| {
        s.edit(
            "site.toml",
            "order = [\"v2\", \"v1\"]",
            "order = [\"v3\", \"v2\", \"v1\"]",
        )
    });
    assert_has(
        &err,
        &[
            "error[content.missing_version]",
            "site.toml:6:1",
            "content/v3/ does not exist",
            "create content/v3/_index.md",
        ],
    );
}

#[test]
fn folder_missing_from_order_is_a_warning() {
    let site = Fixture::new("basic");
    site.write("content/v0/_index.md", "---\ntitle: Zero\n---\n");
    let run = site.quire(&["build"]).ok();
    assert!(
        run.stderr.contains("warning[content.unlisted_version]"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("content/v0"), "{}", run.stderr);
    assert!(run.stdout.contains("1 warning"), "{}", run.stdout);
    assert!(!site.file("public/v0").exists());
}

#[test]
fn two_pages_with_the_same_url() {
    let err = broken(|s| {
        s.write(
            "content/v2/guides/copy.md",
            "---\ntitle: Copy\nslug: connect\n---\n",
        )
    });
    assert_has(
        &err,
        &[
            "error[content.duplicate_url]",
            "content/v2/guides/copy.md:1:1",
            "both want the URL /guides/connect/",
            "give one of them another `slug`",
        ],
    );
}

#[test]
fn tera_syntax_error_names_template_and_line() {
    let err = broken(|s| {
        s.write("templates/page.html", "{% extends \"base.html\" %}\n{% block content %}\n{{ page.title \n{% endblock content %}\n")
    });
    assert_has(
        &err,
        &[
            "error[template.error]",
            "templates/page.html:4:1",
            "page.html cannot be parsed",
            "expected }}",
        ],
    );
}

#[test]
fn template_runtime_error_names_template_line_and_page() {
    let err = broken(|s| {
        s.write(
            "templates/partials/pager.html",
            "<nav>\n  {{ page.title | no_such_filter }}\n</nav>\n",
        )
    });
    assert_has(
        &err,
        &[
            "error[template.error]",
            "templates/partials/pager.html:2:19",
            "Unknown filter `no_such_filter`",
        ],
    );
    let err = broken(|s| {
        s.write(
            "templates/partials/pager.html",
            "<nav>\n  {{ page.no_such_field.title }}\n</nav>\n",
        )
    });
    assert_has(
        &err,
        &[
            "error[template.error]",
            "templates/partials/pager.html:2:",
            "cannot be rendered",
            "(rendering content/",
        ],
    );
}

#[test]
fn missing_template() {
    let err = broken(|s| s.write("templates/page.html", "{% extends \"nowhere.html\" %}\n"));
    assert_has(
        &err,
        &[
            "error[template.error]",
            "templates/page.html",
            "nowhere.html",
            "templates are looked up in templates/",
        ],
    );
    let err = broken(|s| {
        s.write(
            "templates/section.html",
            "{% include \"partials/gone.html\" %}\n",
        )
    });
    assert_has(&err, &["error[template.error]", "partials/gone.html"]);
}

#[test]
fn missing_theme() {
    let err = broken(|s| s.edit("site.toml", "title = ", "theme = \"ocean\"\ntitle = "));
    assert_has(
        &err,
        &[
            "error[theme.missing]",
            "site.toml:1:1",
            "no themes/ocean/ folder",
        ],
    );
}

#[test]
fn empty_content() {
    let err = broken(|s| {
        std::fs::remove_dir_all(s.file("content")).expect("rm");
        std::fs::create_dir_all(s.file("content/v2")).expect("mkdir");
        std::fs::create_dir_all(s.file("content/v1")).expect("mkdir");
    });
    assert_has(
        &err,
        &[
            "error[content.empty]",
            "content/ has no pages",
            "add Markdown files",
        ],
    );
}

#[test]
fn broken_relative_link() {
    let err = broken(|s| {
        s.edit(
            "content/v2/guides/other.md",
            "Only in v2.",
            "See [gone](gone.md).",
        )
    });
    assert_has(
        &err,
        &[
            "error[link.broken]",
            "content/v2/guides/other.md:9:5",
            "content/v2/guides/gone.md, which does not exist",
        ],
    );
}

#[test]
fn bad_checker_block() {
    let err = broken(|s| {
        s.edit(
            "content/v2/guides/connect.md",
            "preset: dynamics-365",
            "preset: dynamics-366",
        )
    });
    assert_has(
        &err,
        &[
            "error[checker.unknown_preset]",
            "content/v2/guides/connect.md:12:1",
            "known presets: dynamics-365",
        ],
    );
    let err = broken(|s| {
        s.edit(
            "content/v2/guides/connect.md",
            "- id: web_api_url",
            "- id: tenant_id",
        )
    });
    assert_has(
        &err,
        &[
            "error[checker.unknown_field]",
            "content/v2/guides/connect.md:15:3",
        ],
    );
}

#[test]
fn checker_example_that_fails_its_rule() {
    let err = broken(|s| {
        s.edit(
            "content/v2/guides/connect.md",
            "    where: Admin center > Environments",
            "    where: Admin center > Environments\n  - id: client_secret\n    example: 0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
        )
    });
    assert_has(
        &err,
        &[
            "error[checker.bad_example]",
            "content/v2/guides/connect.md:17:3",
            "That is the Secret ID",
        ],
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    let err = broken(|s| {
        s.write("content/v2/guides/a.md", "no front matter\n");
        s.write("content/v2/guides/b.md", "---\ntitle: [\n---\n");
    });
    assert_has(
        &err,
        &[
            "content/v2/guides/a.md:1:1",
            "content/v2/guides/b.md:2:",
            "2 errors",
        ],
    );
}

#[test]
fn no_site_toml() {
    let site = Fixture::empty();
    let run = site.quire(&["build"]).fails();
    assert!(run.stderr.contains("no site.toml in"), "{}", run.stderr);
    assert!(run.stderr.contains("quire init"), "{}", run.stderr);
}

#[test]
fn out_cannot_replace_the_sources() {
    let site = Fixture::new("basic");
    let run = site.quire(&["build", "--out", "."]).fails();
    assert!(
        run.stderr.contains("would replace the site's own files"),
        "{}",
        run.stderr
    );
    let run = site.quire(&["build", "--out", "content/v2"]).fails();
    assert!(
        run.stderr.contains("would replace the site's own files"),
        "{}",
        run.stderr
    );
    assert!(site.file("content/v2/_index.md").exists());
}

#[test]
fn markdown_quire_does_not_read_is_never_published_as_it_is() {
    let err = broken(|s| s.write("content/v2/guides/notes.markdown", "# Notes\n"));
    assert_has(
        &err,
        &[
            "error[content.read]",
            "content/v2/guides/notes.markdown",
            "rename it to .md",
        ],
    );
}

#[test]
fn a_link_in_content_is_named_not_silently_left_out() {
    // A link to a page inside the site, one to a file outside it, one to
    // a folder and one to nothing: each was left out without a word.
    let outside = tempfile::tempdir().expect("tempdir");
    std::fs::write(outside.path().join("notes.md"), "# Notes\n").expect("write");
    let err = broken(|s| {
        let guides = s.file("content/v2/guides");
        let link = |target: &std::path::Path, name: &str| {
            std::os::unix::fs::symlink(target, guides.join(name)).expect("symlink")
        };
        link(&guides.join("other.md"), "shared.md");
        link(&outside.path().join("notes.md"), "notes.md");
        link(&s.file("content/v1/guides"), "older");
        link(&guides.join("gone.md"), "dangling.md");
    });
    for name in ["shared.md", "notes.md", "older", "dangling.md"] {
        assert_has(&err, &[&format!("content/v2/guides/{name}")]);
    }
    assert_eq!(err.matches("this is a link (to ").count(), 4, "{err}");
    assert_has(
        &err,
        &[
            "error[content.read]",
            "notes.md)",
            "copy the file or folder here",
        ],
    );
}

#[test]
fn a_file_whose_name_is_not_utf8_is_named_not_lost() {
    use std::os::unix::ffi::OsStrExt;
    let err = broken(|s| {
        let name = std::ffi::OsStr::from_bytes(b"bad\xff.png");
        std::fs::write(s.file("content/v2/guides").join(name), b"x").expect("write");
    });
    assert_has(
        &err,
        &["error[content.read]", "content/v2/guides/bad", "not UTF-8"],
    );
}
