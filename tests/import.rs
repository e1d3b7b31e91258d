//! `quire import` on small sites written for each tool it reads, with the
//! awkward cases: nested categories, admonitions with titles, images
//! beside pages, links with anchors between pages, a page without a title,
//! and something that cannot be converted. Each imported site must pass
//! `quire check --deny-warnings` and build.

mod common;

use std::path::{Path, PathBuf};

use common::{Fixture, between};

fn source(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

/// Imports fixture `name` as `format` into an empty site, checks it with
/// warnings denied, builds it, and returns the site and the report.
fn imported(format: &str, name: &str) -> (Fixture, String) {
    let site = Fixture::empty();
    let from = source(name);
    let run = site
        .quire(&["import", format, from.to_str().expect("UTF-8 path")])
        .ok();
    let check = site.quire(&["check", "--deny-warnings"]);
    assert!(
        check.success,
        "the imported site does not check cleanly:\n{}\n{}\nreport:\n{}",
        check.stdout, check.stderr, run.stdout
    );
    site.quire(&["build"]).ok();
    (site, run.stdout)
}

/// The site's navigation, as the page at `path` shows it.
fn nav(site: &Fixture, path: &str) -> String {
    let page = site.read(path);
    between(&page, "id=\"site-nav\"", "</nav>").to_owned()
}

#[track_caller]
fn in_order(text: &str, parts: &[&str]) {
    let mut at = 0;
    for part in parts {
        let found = text[at..]
            .find(part)
            .unwrap_or_else(|| panic!("{part:?} not found after byte {at} in:\n{text}"));
        at += found + part.len();
    }
}

#[test]
fn docusaurus_sites_come_in_with_categories_admonitions_and_images() {
    let (site, report) = imported("docusaurus", "docusaurus");
    assert!(site.read("site.toml").contains("title = \"Acme Help\""));
    assert!(
        site.read("site.toml")
            .contains("base_url = \"https://help.acme.test/\"")
    );
    // `slug: /` made the intro the home page; categories title sections.
    let home = site.read("public/index.html");
    assert!(
        between(&home, "<h1", "</h1>").contains("Welcome to Acme Help"),
        "{home}"
    );
    assert!(home.contains("src=\"/img/logo.svg\""), "{home}");
    assert!(site.file("public/img/logo.svg").is_file());
    assert!(
        home.contains("href=\"/guides/connect/#create-a-secret\""),
        "{home}"
    );
    assert!(
        home.contains("href=\"/guides/advanced/tuning/#limits\""),
        "{home}"
    );
    let guide = site.read("public/guides/connect/index.html");
    assert!(guide.contains("<title>Connect the CRM"), "{guide}");
    assert!(guide.contains("class=\"callout callout-tip\""), "{guide}");
    assert!(
        guide.contains("<strong>Before you start</strong>"),
        "{guide}"
    );
    assert!(guide.contains("src=\"/guides/img/secret.png\""), "{guide}");
    assert!(site.file("public/guides/img/secret.png").is_file());
    assert!(!guide.contains("import Tabs"), "MDX imports are removed");
    in_order(
        &nav(&site, "public/guides/connect/index.html"),
        &["Setup guides", "First steps", "Connect the CRM", "Advanced"],
    );
    let section = site.read("public/guides/index.html");
    assert!(section.contains("Connect Acme to the services you use."));
    // The report names what it could not convert, at its line.
    for part in [
        "imported 6 pages and 2 files",
        "docs/guides/02-connect.mdx:22: MDX component `<Tabs>`",
        "docs/guides/02-connect.mdx:8: MDX import",
        "docs/guides/01-first-steps.md:1: has no title",
        "sidebar_label (1)",
    ] {
        assert!(report.contains(part), "{part:?} not in:\n{report}");
    }
}

#[test]
fn mkdocs_projects_follow_their_nav() {
    let (site, report) = imported("mkdocs", "mkdocs");
    assert!(site.read("site.toml").contains("title = \"Acme Help\""));
    // `nav` orders Install before Configure, and titles the section.
    in_order(
        &nav(&site, "public/setup/install/index.html"),
        &["Setup", "Install", "Configure"],
    );
    let install = site.read("public/setup/install/index.html");
    assert!(
        install.contains("class=\"callout callout-note\""),
        "{install}"
    );
    assert!(
        install.contains("<strong>Before you start</strong>"),
        "{install}"
    );
    assert!(install.contains("And ten minutes."), "{install}");
    assert!(install.contains("src=\"/img/diagram.png\""), "{install}");
    let configure = site.read("public/setup/configure/index.html");
    assert!(
        configure.contains("href=\"/setup/install/#requirements\""),
        "{configure}"
    );
    assert!(configure.contains("What to set after installing."));
    // A top-level assets/ folder is quire's; nothing links the stylesheet.
    assert!(!site.file("content/v1/assets").exists());
    for part in [
        "docs/setup/install.md:12: template variable",
        "docs/setup/configure.md:7: a collapsible admonition",
        "mkdocs.yml: `extra_css` is not imported",
        "docs/assets/extra.css: no page links to it",
    ] {
        assert!(report.contains(part), "{part:?} not in:\n{report}");
    }
}

#[test]
fn mdbook_books_follow_their_summary() {
    let (site, report) = imported("mdbook", "mdbook");
    assert!(site.read("site.toml").contains("title = \"Acme Book\""));
    let home = site.read("public/index.html");
    assert!(
        between(&home, "<h1", "</h1>").contains("Introduction"),
        "{home}"
    );
    // `.html` links of mdBook point at the page.
    assert!(
        home.contains("href=\"/guide/install/#requirements\""),
        "{home}"
    );
    // SUMMARY.md's order, not the alphabet's; its part titles the folder;
    // its label titles a page that has no heading.
    in_order(
        &nav(&site, "public/guide/install/index.html"),
        &["Guide", "Install", "Configure", "Advanced"],
    );
    assert!(
        site.read("public/guide/configure/index.html")
            .contains("<title>Configure")
    );
    let install = site.read("public/guide/install/index.html");
    assert!(
        install.contains("src=\"/guide/images/screen.png\""),
        "{install}"
    );
    assert!(!site.file("content/v1/unlisted.md").exists());
    // Includes bring in what they name, with line ranges and anchors.
    let configure = site.read("public/guide/configure/index.html");
    assert!(configure.contains("A snippet."), "{configure}");
    assert!(
        configure.contains("let client = Client::new(")
            && !configure.contains("ANCHOR")
            && !configure.contains("client.sync()"),
        "{configure}"
    );
    assert!(
        configure.contains("<code>{{#include file.rs}}</code>"),
        "{configure}"
    );
    for part in [
        "2 mdBook includes expanded",
        "src/guide/configure.md:9: `{{#include ../missing.md}}` could not be expanded",
        "src/SUMMARY.md:11: draft chapter `Draft chapter`",
        "src/unlisted.md: not in SUMMARY.md",
    ] {
        assert!(report.contains(part), "{part:?} not in:\n{report}");
    }
    // A file an include brought in is not "left out".
    for part in ["snippet.txt", "example.rs"] {
        assert!(!report.contains(part), "{part:?} in:\n{report}");
    }
    assert!(report.contains("imported 6 pages"), "{report}");
}

#[test]
fn exported_markdown_keeps_its_hints_images_and_links() {
    let (site, report) = imported("markdown", "markdown");
    let connect = site.read("public/setup/connect/index.html");
    // GitBook's hidden assets folder is published as images/.
    assert!(
        connect.contains("src=\"/images/shot%20one.png\""),
        "{connect}"
    );
    assert!(site.file("public/images/shot one.png").is_file());
    assert!(
        connect.contains("class=\"callout callout-warning\""),
        "{connect}"
    );
    assert!(
        connect.contains("<strong>Good to know</strong>"),
        "{connect}"
    );
    assert!(connect.contains("Use a service account"), "{connect}");
    assert!(!connect.contains("{% hint"), "{connect}");
    assert!(connect.contains("href=\"/setup/sync/\""), "{connect}");
    let home = site.read("public/index.html");
    assert!(
        home.contains("href=\"/setup/sync/#sync-every-hour\""),
        "{home}"
    );
    // Anchors written for GitBook's ids follow quire's (dots dropped); one
    // to the page's own title goes to the page.
    assert!(
        home.contains("href=\"/setup/sync/#version-20-changes\""),
        "{home}"
    );
    assert!(home.contains("href=\"#\""), "{home}");
    let sync = site.read("public/setup/sync/index.html");
    assert!(sync.contains("href=\"#version-20-changes\""), "{sync}");
    assert!(report.contains("3 link anchors matched"), "{report}");
    in_order(
        &nav(&site, "public/setup/sync/index.html"),
        &["Setup", "Connect", "Sync"],
    );
    assert!(
        report.contains("setup/sync.md:11: template tag `{% embed %}`"),
        "{report}"
    );
}

#[test]
fn import_never_overwrites_without_force_and_joins_an_existing_site() {
    let site = Fixture::new("basic");
    let from = source("mdbook");
    let from = from.to_str().expect("UTF-8 path");
    let before = site.snapshot_dir("content/v2");
    let run = site.quire(&["import", "mdbook", from]).fails();
    assert!(
        run.stderr
            .contains("already has files; nothing was written")
            && run.stderr.contains("--force"),
        "{}",
        run.stderr
    );
    assert_eq!(site.snapshot_dir("content/v2"), before);
    // Into a new version: added to site.toml, the rest kept as written.
    site.quire(&["import", "mdbook", from, "--version", "v0"])
        .ok();
    let config = site.read("site.toml");
    assert!(
        config.contains("order = [\"v2\", \"v1\", \"v0\"]"),
        "{config}"
    );
    assert!(config.contains("[versions.labels]"), "{config}");
    site.quire(&["build"]).ok();
    assert!(site.file("public/v0/guide/install/index.html").is_file());
    // With --force, files of the same name are replaced, others kept.
    site.write("content/v0/guide/install.md", "# Changed\n");
    site.write("content/v0/mine.md", "# Mine\n");
    site.quire(&["import", "mdbook", from, "--version", "v0", "--force"])
        .ok();
    assert!(
        site.read("content/v0/guide/install.md")
            .contains("# Install")
    );
    assert!(site.file("content/v0/mine.md").is_file());
    // A source of the wrong kind is a clear error.
    let run = site
        .quire(&["import", "mkdocs", from, "--version", "v9"])
        .fails();
    assert!(run.stderr.contains("has no mkdocs.yml"), "{}", run.stderr);
    assert!(!site.file("content/v9").exists());
}

#[test]
fn import_copies_nothing_from_outside_the_source_s_static_folder() {
    let source = Fixture::empty();
    source.write("outside.txt", "private\n");
    source.write(
        "static/img/ok.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    source.write(
        "docs/intro.md",
        "# Intro\n\n![a](/../outside.txt) ![b](/img/../../outside.txt) ![c](/link.txt) ![d](/img/ok.svg)\n",
    );
    std::os::unix::fs::symlink(source.file("outside.txt"), source.file("static/link.txt"))
        .expect("symlink");
    let site = Fixture::empty();
    site.quire(&[
        "import",
        "docusaurus",
        source.path().to_str().expect("UTF-8 path"),
    ])
    .ok();
    let copied: Vec<String> = site
        .snapshot_dir("static")
        .into_iter()
        .map(|(path, _)| path)
        .collect();
    assert_eq!(copied, ["img/ok.svg"]);
    assert!(!site.file("outside.txt").exists());
}

#[test]
fn import_names_the_links_it_does_not_follow() {
    let outside = Fixture::empty();
    outside.write("shared.md", "# Shared\n\nFrom elsewhere.\n");
    let source = Fixture::empty();
    source.write("docs/intro.md", "# Intro\n\nHello.\n");
    std::os::unix::fs::symlink(outside.file("shared.md"), source.file("docs/shared.md"))
        .expect("symlink");
    let site = Fixture::empty();
    let run = site
        .quire(&[
            "import",
            "markdown",
            source.file("docs").to_str().expect("UTF-8 path"),
        ])
        .ok();
    assert!(
        run.stdout
            .contains("shared.md: a link, which quire does not follow"),
        "{}",
        run.stdout
    );
    let pages: Vec<String> = site
        .snapshot_dir("content")
        .into_iter()
        .map(|(path, _)| path)
        .collect();
    assert!(!pages.iter().any(|p| p.contains("shared")), "{pages:?}");
}

#[test]
fn import_reads_only_inside_the_source_and_loses_no_page() {
    let outside = Fixture::empty();
    outside.write("victim/private.md", "# Private\n");
    let source = Fixture::empty();
    source.write(
        "project/mkdocs.yml",
        format!(
            "site_name: X\ndocs_dir: {}\n",
            outside.file("victim").display()
        ),
    );
    let site = Fixture::empty();
    let project = source.file("project");
    let run = site
        .quire(&["import", "mkdocs", project.to_str().expect("UTF-8 path")])
        .fails();
    assert!(run.stderr.contains("is not inside"), "{}", run.stderr);
    assert!(!site.file("content").exists());

    // Two source pages that would be one file are both kept.
    let source = Fixture::empty();
    source.write("docs/intro.md", "# Intro in Markdown\n");
    source.write("docs/intro.mdx", "# Intro in MDX\n");
    // Front matter nested too deep is refused at once, not parsed.
    source.write(
        "docs/deep.md",
        format!(
            "---\nx: {}{}\n---\n# Deep\n",
            "[".repeat(50_000),
            "]".repeat(50_000)
        ),
    );
    let run = site
        .quire(&[
            "import",
            "docusaurus",
            source.path().to_str().expect("UTF-8 path"),
        ])
        .ok();
    assert!(run.stdout.contains("imported 3 pages"), "{}", run.stdout);
    let both = [
        site.read("content/v1/intro.md"),
        site.read("content/v1/intro-2.md"),
    ];
    assert!(both.iter().any(|t| t.contains("in Markdown")), "{both:?}");
    assert!(both.iter().any(|t| t.contains("in MDX")), "{both:?}");
    assert!(
        run.stdout.contains("imported as intro-2.md"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("docs/deep.md:2: front matter could not be read"),
        "{}",
        run.stdout
    );

    // An mdBook include that leads out of the book brings nothing in.
    let book = Fixture::empty();
    book.write("private.txt", "secret notes\n");
    book.write("book/book.toml", "[book]\ntitle = \"B\"\n");
    book.write("book/src/SUMMARY.md", "- [Page](page.md)\n");
    book.write(
        "book/src/page.md",
        "# Page\n\n{{#include ../../private.txt}}\n",
    );
    let site = Fixture::empty();
    let run = site
        .quire(&[
            "import",
            "mdbook",
            book.file("book").to_str().expect("UTF-8 path"),
        ])
        .ok();
    assert!(!site.read("content/v1/page.md").contains("secret notes"));
    assert!(
        run.stdout
            .contains("src/page.md:3: `{{#include ../../private.txt}}` could not be expanded"),
        "{}",
        run.stdout
    );
}
