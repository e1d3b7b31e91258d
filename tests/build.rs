//! `quire build` on fixture sites: what readers get, and what writers are
//! told when something is wrong.

mod common;

#[path = "../benches/corpus.rs"]
mod corpus;

use common::{Fixture, between};

#[test]
fn builds_every_version_with_pretty_urls() {
    let site = Fixture::new("basic");
    let run = site.quire(&["build"]).ok();
    assert!(
        run.stdout.contains("built 2 versions, 8 pages in"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.trim_end().ends_with("-> public/"),
        "{}",
        run.stdout
    );
    for path in [
        "public/index.html",
        "public/guides/index.html",
        "public/guides/connect/index.html",
        "public/guides/other/index.html",
        "public/v1/index.html",
        "public/v1/guides/connect/index.html",
        "public/v1/guides/legacy/index.html",
        // v1 has no guides/_index.md: the section page is generated.
        "public/v1/guides/index.html",
        "public/404.html",
        "public/robots.txt",
        "public/sitemap.xml",
        "public/versions.json",
        "public/old/connect/index.html",
    ] {
        assert!(site.file(path).is_file(), "{path} is missing");
    }
}

#[test]
fn guide_page_html() {
    let site = Fixture::new("basic");
    site.quire(&["build"]).ok();
    let html = site.read("public/guides/connect/index.html");
    insta::assert_snapshot!(
        "guide_content",
        between(&html, "<div class=\"content\">", "\n  </div>")
    );
    insta::assert_snapshot!(
        "guide_steps",
        between(&html, "<nav class=\"step-list\"", "</nav>")
    );
    insta::assert_snapshot!(
        "guide_switcher",
        between(&html, "<details class=\"version-switcher\"", "</details>")
    );
    insta::assert_snapshot!(
        "guide_sidebar",
        between(&html, "<nav id=\"site-nav\"", "</nav>")
    );
    assert!(html.contains(
        "<link rel=\"canonical\" href=\"https://docs.example.org/help/guides/connect/\">"
    ));
    assert!(!html.contains("noindex"));
    assert!(!html.contains("version-banner"));
    assert!(html.contains("Updated <time datetime=\"2026-11-26\">26 November 2026</time>"));
    // Assets are fingerprinted and under the base path.
    assert!(
        html.contains("<link rel=\"stylesheet\" href=\"/help/assets/style."),
        "{html}"
    );
}

#[test]
fn older_versions_carry_banner_canonical_and_noindex() {
    let site = Fixture::new("basic");
    site.quire(&["build"]).ok();
    let html = site.read("public/v1/guides/connect/index.html");
    insta::assert_snapshot!(
        "old_banner",
        between(&html, "<div class=\"version-banner", "</div>")
    );
    assert!(html.contains(
        "<link rel=\"canonical\" href=\"https://docs.example.org/help/guides/connect/\">"
    ));
    assert!(html.contains("<meta name=\"robots\" content=\"noindex\">"));
    // A page only v1 has: canonical to itself, banner to the latest home.
    let legacy = site.read("public/v1/guides/legacy/index.html");
    assert!(legacy.contains(
        "<link rel=\"canonical\" href=\"https://docs.example.org/help/v1/guides/legacy/\">"
    ));
    assert!(
        legacy.contains("<a href=\"/help/\">Go to v2</a>"),
        "{legacy}"
    );
    // The switcher keeps the reader on the same page where it exists.
    let switcher = between(&legacy, "<details class=\"version-switcher\"", "</details>");
    assert!(switcher.contains("href=\"/help/\""), "{switcher}");
    assert!(switcher.contains("this page is not in v2"), "{switcher}");
}

#[test]
fn sitemap_robots_versions_and_aliases() {
    let site = Fixture::new("basic");
    site.quire(&["build"]).ok();
    insta::assert_snapshot!("sitemap", site.read("public/sitemap.xml"));
    assert_eq!(
        site.read("public/robots.txt"),
        "User-agent: *\nAllow: /\n\nSitemap: https://docs.example.org/help/sitemap.xml\n"
    );
    insta::assert_snapshot!("versions_json", site.read("public/versions.json"));
    let alias = site.read("public/old/connect/index.html");
    assert!(
        alias.contains("<meta http-equiv=\"refresh\" content=\"0; url=/help/guides/connect/\">"),
        "{alias}"
    );
    let not_found = site.read("public/404.html");
    assert!(not_found.contains("Page not found") && not_found.contains("noindex"));
}

#[test]
fn base_url_flag_and_drafts() {
    let site = Fixture::new("basic");
    site.write(
        "content/v2/guides/draft.md",
        "---\ntitle: Draft\ndraft: true\n---\nSoon.\n",
    );
    site.quire(&["build", "--base-url", "https://other.example.net/"])
        .ok();
    assert!(!site.file("public/guides/draft/index.html").exists());
    assert!(
        site.read("public/sitemap.xml")
            .contains("https://other.example.net/guides/connect/")
    );
    site.quire(&["build", "--drafts", "--out", "with-drafts"])
        .ok();
    assert!(site.file("with-drafts/guides/draft/index.html").exists());
}

#[test]
fn verbose_build_gives_each_stage_its_time_and_cores() {
    // 1,021 pages: big enough that rendering takes well over the 100 ms a
    // stage needs for its CPU time to be given (about half a second in a
    // debug build on the 2-core development VM), small enough for a test.
    // Each line is checked either way: CPU time if and only if 100 ms.
    let site = Fixture::empty();
    corpus::generate(
        site.path(),
        corpus::Shape {
            versions: 1,
            sections: 20,
            pages: 50,
        },
    )
    .expect("corpus");
    let stdout = site.quire(&["build", "-v"]).ok().stdout;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get()) as f64;
    for stage in [
        "load config, content and theme",
        "render and write pages, index alongside",
        "check links between pages, last index alongside",
        "404, sitemap, versions, aliases, static",
    ] {
        let line = stdout
            .lines()
            .find(|l| l.trim_start().starts_with(&format!("{stage}: ")))
            .unwrap_or_else(|| panic!("no {stage:?} in:\n{stdout}"));
        // `N ms`, then `, CPU M ms (C cores)` for a stage of 100 ms or more:
        // under that the kernel's count, to a scheduler tick per thread,
        // could say four cores were busy on two.
        let wall: u64 = line
            .split_once(": ")
            .and_then(|(_, rest)| rest.split(' ').next())
            .and_then(|ms| ms.parse().ok())
            .unwrap_or_else(|| panic!("no wall time in {line:?}"));
        match line.rsplit_once('(') {
            None => assert!(wall < 100 || !cfg!(target_os = "linux"), "{line}"),
            Some((_, c)) => {
                assert!(wall >= 100, "{line}");
                let used: f64 = c
                    .strip_suffix(" cores)")
                    .and_then(|c| c.parse().ok())
                    .unwrap_or_else(|| panic!("no cores in {line:?}"));
                // Off by up to a tick (10 ms where HZ is 100) on each
                // thread: rayon's, the main one and one more.
                let slack = 0.5 + (cores + 2.0) * 0.010 / (wall as f64 / 1000.0);
                assert!((0.0..=cores + slack).contains(&used), "{line}");
            }
        }
    }
    assert!(stdout.contains("peak memory: "), "{stdout}");
}

#[test]
fn quiet_build_prints_nothing() {
    let site = Fixture::new("basic");
    let run = site.quire(&["build", "-q"]).ok();
    assert_eq!(run.stdout, "");
}

#[test]
fn init_creates_a_site_that_builds() {
    let site = Fixture::empty();
    site.quire(&["init"]).ok();
    // The brand and support tables are there to fill in.
    let config = site.read("site.toml");
    assert!(
        config.contains("\n[brand]\n# logo = ") && config.contains("\n# [support]\n"),
        "{config}"
    );
    let run = site.quire(&["build"]).ok();
    assert!(
        run.stdout.contains("built 1 version, 4 pages"),
        "{}",
        run.stdout
    );
    let html = site.read("public/guides/dynamics-365/index.html");
    assert_eq!(html.matches("<section class=\"quire-checker").count(), 4);
    assert!(html.contains("Step 2 —"));
    // A preset of the site's own, from checkers/, in a guide of its own.
    let html = site.read("public/guides/example-crm/index.html");
    assert!(html.contains("data-rule=\"custom\""), "{html}");
    assert!(html.contains("quire-checker-kinds."), "{html}");
    site.quire(&["init"]).fails();
    // A workflow publishes it to GitHub Pages, at the address Pages gives.
    let workflow: serde_yaml::Value =
        serde_yaml::from_str(&site.read(".github/workflows/publish.yml")).expect("YAML");
    let steps = workflow["jobs"]["build"]["steps"]
        .as_sequence()
        .expect("steps");
    let runs: Vec<&str> = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    assert!(
        runs.iter()
            .any(|r| r.contains("quire build --base-url \"${{ steps.pages.outputs.base_url }}/\"")),
        "{runs:?}"
    );
    let uses: Vec<&str> = workflow["jobs"]["deploy"]["steps"][0]["uses"]
        .as_str()
        .into_iter()
        .collect();
    assert_eq!(uses, ["actions/deploy-pages@v4"]);
    assert_eq!(
        workflow["permissions"]["pages"].as_str(),
        Some("write"),
        "{workflow:?}"
    );
    // Or not.
    let other = Fixture::empty();
    other.quire(&["init", "--no-workflow"]).ok();
    assert!(!other.file(".github").exists());
    other.quire(&["build", "-q"]).ok();
}

#[test]
fn version_cut_freezes_the_working_copy() {
    let site = Fixture::empty();
    site.quire(&["init"]).ok();
    site.quire(&["version", "cut", "v2"]).ok();
    let toml = site.read("site.toml");
    assert!(toml.contains("latest = \"v2\""), "{toml}");
    assert!(toml.contains("order = [\"v2\", \"v1\"]"), "{toml}");
    assert!(site.file("content/v2/guides/dynamics-365.md").exists());
    let run = site.quire(&["build"]).ok();
    assert!(run.stdout.contains("built 2 versions"), "{}", run.stdout);
    assert!(
        site.file("public/v1/guides/dynamics-365/index.html")
            .exists()
    );
    let run = site.quire(&["version", "cut", "v2"]).fails();
    assert!(run.stderr.contains("already exists"), "{}", run.stderr);
}

#[test]
fn version_cut_copies_a_link_as_a_link() {
    let site = Fixture::empty();
    site.quire(&["init"]).ok();
    std::os::unix::fs::symlink("dynamics-365.md", site.file("content/v1/guides/linked.md"))
        .expect("symlink");
    site.quire(&["version", "cut", "v2"]).ok();
    let copied = site.file("content/v2/guides/linked.md");
    let meta = std::fs::symlink_metadata(&copied).expect("the link is copied");
    assert!(meta.is_symlink());
    assert_eq!(
        std::fs::read_link(&copied).expect("link"),
        std::path::Path::new("dynamics-365.md")
    );
    // The build names it in both versions.
    let run = site.quire(&["build"]).fails();
    for version in ["v1", "v2"] {
        let name = format!("content/{version}/guides/linked.md");
        assert!(run.stderr.contains(&name), "{name} in {}", run.stderr);
    }
}

#[test]
fn the_example_help_centre_builds() {
    let site = Fixture::example();
    let run = site.quire(&["build"]).ok();
    assert!(run.stdout.contains("built 3 versions"), "{}", run.stdout);
    let guide = site.read("public/integrations/dynamics-365/index.html");
    assert_eq!(guide.matches("<span class=\"step-label\">").count(), 5);
    assert!(guide.contains("class=\"callout callout-warning\""));
    for label in [
        "Web API URL",
        "Token URL",
        "Scopes",
        "Client ID",
        "Client Secret Value",
    ] {
        // One input per value, with its label, in the build's HTML.
        assert_eq!(
            guide.matches(&format!("\">{label}</label>")).count(),
            1,
            "{label}"
        );
    }
    // Disabled until the widget starts; the summary is in the contents.
    assert_eq!(guide.matches(" disabled autocomplete=\"off\"").count(), 5);
    assert!(guide.contains("<h2 id=\"check-your-values\">"));
    assert!(guide.contains("href=\"#check-your-values\""));
    // The widget loads only where a checker is, under a strict CSP.
    assert!(
        guide.contains("<script type=\"module\" src=\"/assets/quire-checker-dynamics."),
        "widget script"
    );
    assert!(guide.contains("data-quire-wasm=\"/assets/quire-checker-dynamics."));
    assert!(guide.contains("script-src 'self' 'wasm-unsafe-eval'"));
    assert!(guide.contains("connect-src 'self'"));
    let troubleshooting_html = site.read("public/integrations/troubleshooting/index.html");
    assert!(
        !troubleshooting_html.contains("quire-checker"),
        "no widget without a checker"
    );
    let v1 = site.read("public/v1/integrations/dynamics-365/index.html");
    assert!(v1.contains("Azure Active Directory"));
    let troubleshooting = site.read("public/integrations/troubleshooting/index.html");
    for code in [
        "AADSTS7000215",
        "AADSTS700016",
        "AADSTS90002",
        "AADSTS500011",
        "AADSTS90038",
    ] {
        assert!(troubleshooting.contains(code), "{code}");
    }
}

#[test]
fn updated_comes_from_git_history_then_mtime() {
    let site = Fixture::new("basic");
    // Drop the fixed date so git decides.
    site.edit("content/v2/guides/other.md", "updated: 2026-11-26\n", "");
    let git = |args: &[&str], date: &str| {
        let status = std::process::Command::new("git")
            .args(args)
            .current_dir(site.path())
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_DATE", date)
            .env("GIT_AUTHOR_NAME", "Writer")
            .env("GIT_AUTHOR_EMAIL", "writer@example.org")
            .env("GIT_COMMITTER_NAME", "Writer")
            .env("GIT_COMMITTER_EMAIL", "writer@example.org")
            .status()
            .expect("git");
        assert!(status.success(), "git {args:?}");
    };
    git(&["init", "-q"], "2021-05-06T12:00:00Z");
    git(&["add", "."], "2021-05-06T12:00:00Z");
    git(&["commit", "-q", "-m", "first"], "2021-05-06T12:00:00Z");
    site.edit(
        "content/v2/guides/other.md",
        "Only in v2.",
        "Only in v2, edited.",
    );
    git(&["commit", "-q", "-am", "second"], "2022-07-08T12:00:00Z");
    site.quire(&["build"]).ok();
    let html = site.read("public/guides/other/index.html");
    assert!(
        html.contains("Updated <time datetime=\"2022-07-08\">8 July 2022</time>"),
        "{}",
        html
    );
    // Front matter still wins over git.
    assert!(
        site.read("public/guides/connect/index.html")
            .contains("datetime=\"2026-11-26\"")
    );
}

#[test]
fn pages_brought_from_other_tools_build_as_they_are() {
    let site = Fixture::new("basic");
    // No front matter: the opening heading is the title, numbers order.
    site.write(
        "content/v2/start/02-setup/01-install.md",
        "# Install the *agent* {#agent}\n\n![Agent window](<images/agent window.png>)\n\n[Template](files/template.json)\n\n<p><img src=\"images/agent window.png\" alt=\"Again\"></p>\n",
    );
    site.write(
        "content/v2/start/02-setup/02-configure.md",
        "---\nsidebar_position: 2\ntags: [a]\n---\n\nConfigure\n=========\n\nSee [install](01-install.md#agent).\n",
    );
    site.write(
        "content/v2/start/02-setup/images/agent window.png",
        b"\x89PNG fake",
    );
    site.write("content/v2/start/02-setup/files/template.json", "{}\n");
    site.write("content/v2/start/01-first/_index.md", "# First things\n");
    // Beside unnumbered names, a number is part of the name.
    site.write(
        "content/v2/guides/2-factor-auth.md",
        "# Two-factor sign-in\n",
    );
    let run = site.quire(&["build"]).ok();
    // Other tools' keys are warnings naming quire's equivalent.
    assert!(
        run.stderr.contains("warning[front_matter.foreign_key]")
            && run
                .stderr
                .contains("content/v2/start/02-setup/02-configure.md:2:1")
            && run.stderr.contains("`order: N`")
            && run
                .stderr
                .contains("content/v2/start/02-setup/02-configure.md:3:1"),
        "{}",
        run.stderr
    );
    let page = site.read("public/start/setup/install/index.html");
    assert!(page.contains("<title>Install the agent"), "{page}");
    // The id the title heading set is the page's title's.
    assert!(
        page.contains("<h1 id=\"agent\">Install the agent</h1>"),
        "{page}"
    );
    assert_eq!(
        page.matches("<h1").count(),
        1,
        "the heading is not repeated"
    );
    assert_eq!(
        page.matches("src=\"/help/start/setup/images/agent%20window.png\"")
            .count(),
        2,
        "Markdown and raw HTML alike: {page}"
    );
    assert!(
        page.contains("href=\"/help/start/setup/files/template.json\""),
        "{page}"
    );
    assert_eq!(
        std::fs::read(site.file("public/start/setup/images/agent window.png")).expect("copied"),
        b"\x89PNG fake"
    );
    assert_eq!(site.read("public/start/setup/files/template.json"), "{}\n");
    let configure = site.read("public/start/setup/configure/index.html");
    assert!(configure.contains("<title>Configure"), "{configure}");
    assert!(
        configure.contains("href=\"/help/start/setup/install/#agent\""),
        "{configure}"
    );
    // In a folder whose entries are all numbered, numbers order them.
    assert!(
        site.file("public/guides/2-factor-auth/index.html")
            .is_file()
    );
    let page = site.read("public/start/setup/install/index.html");
    let nav = between(&page, "id=\"site-nav\"", "</nav>");
    let first = nav
        .find("First things")
        .expect("section 1 in the navigation");
    let setup = nav.find(">Setup<").expect("section 2 in the navigation");
    let install = nav.find("Install the agent").expect("page 1");
    let configure = nav.find(">Configure<").expect("page 2");
    assert!(
        first < setup && setup < install && install < configure,
        "{nav}"
    );

    // A missing image beside a page is reported at its line.
    site.edit(
        "content/v2/start/02-setup/01-install.md",
        "agent window.png",
        "agent-windw.png",
    );
    let run = site.quire(&["check"]).fails();
    assert!(
        run.stderr.contains("error[image.missing]")
            && run
                .stderr
                .contains("content/v2/start/02-setup/01-install.md:3:1")
            && run.stderr.contains("keep it beside the page"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_build_reads_each_page_again_and_fails_on_one_changed_meanwhile() {
    use quire::diagnostics::Error;
    use quire::output::MemorySink;
    use quire::pipeline::{BuildOptions, Project};
    let site = Fixture::new("basic");
    let options = BuildOptions::default();
    // Read again page by page, the pages render as when they are held.
    let held = MemorySink::default();
    Project::load(site.path(), &options)
        .expect("load")
        .render_all(&held)
        .expect("render");
    let again = MemorySink::default();
    let mut project = Project::load(site.path(), &options).expect("load");
    project.render_once(&again).expect("render once");
    let (held, again) = (held.into_files(), again.into_files());
    assert!(held.len() > 10);
    assert_eq!(held, again);
    // A page saved between loading and rendering fails the build, named.
    let mut project = Project::load(site.path(), &options).expect("load");
    site.edit("content/v1/guides/connect.md", "Connect", "Connect again");
    let Err(Error::Diagnostics(found)) = project.render_once(&MemorySink::default()) else {
        panic!("a page changed during the build must fail it");
    };
    assert!(
        found.iter().any(|d| d.is_error()
            && d.file == std::path::Path::new("content/v1/guides/connect.md")
            && d.message.contains("changed while the site was being built")),
        "{found:?}"
    );
    // Put back, the page is what was loaded: the project renders again,
    // by either door, reading the pages again each time.
    site.edit("content/v1/guides/connect.md", "Connect again", "Connect");
    let twice = MemorySink::default();
    project.render_once(&twice).expect("render once more");
    assert_eq!(twice.into_files(), held);
    let all = MemorySink::default();
    project.render_all(&all).expect("render all after");
    assert_eq!(all.into_files(), held);
    // A link in its place, even to a file of the same length, is not read.
    #[cfg(unix)]
    {
        let page = site.file("content/v1/guides/connect.md");
        let copy = site.path().join("outside.md");
        std::fs::rename(&page, &copy).expect("move");
        std::os::unix::fs::symlink(&copy, &page).expect("symlink");
        assert!(project.render_once(&MemorySink::default()).is_err());
        // Nor is a FIFO, which would wait for a writer forever if opened.
        std::fs::remove_file(&page).expect("remove the link");
        let made = std::process::Command::new("mkfifo")
            .arg(&page)
            .status()
            .expect("mkfifo");
        assert!(made.success());
        assert!(project.render_once(&MemorySink::default()).is_err());
    }
}
