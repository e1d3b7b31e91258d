//! `quire serve` over real HTTP and WebSocket on loopback, on a temporary
//! copy of a fixture site.

mod common;

use std::time::Duration;

use common::Fixture;
use common::serve::Server;

const PAGE: &str = "content/v2/guides/other.md";

#[test]
fn serves_the_site_from_memory_with_the_right_types() {
    let site = Fixture::new("basic");
    let server = Server::start(&site);
    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert!(home.body.contains("Welcome to the fixture."));
    let guide = server.get("/guides/connect/");
    assert_eq!(guide.header("content-type").as_deref(), Some("text/html"));
    // Stamped with the version of the site it came from, which a new
    // socket's hello also gives.
    assert_eq!(
        stamp_of(&guide.body),
        server.socket().build,
        "{}",
        guide.body
    );
    assert!(guide.body.contains("\" src=\"/__quire/live.js\"></script>"));
    // Another run of the server counts from elsewhere: a page served by
    // this one is not taken for one of its.
    let again = Server::start(&site);
    assert_ne!(again.socket().build, stamp_of(&guide.body));
    drop(again);
    // Drafts are shown while writing.
    site.write(
        "content/v2/guides/draft.md",
        "---\ntitle: Draft\ndraft: true\n---\n",
    );
    let start = server.socket();
    drop(start);
    let wasm_url = guide
        .body
        .split("data-quire-wasm=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("widget")
        .to_owned();
    let wasm = server.get(&wasm_url);
    assert_eq!(wasm.status, 200);
    assert_eq!(
        wasm.header("content-type").as_deref(),
        Some("application/wasm")
    );
    let folder = server.get("/guides");
    assert_eq!(folder.status, 308);
    assert_eq!(folder.header("location").as_deref(), Some("/guides/"));
    let missing = server.get("/nowhere/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("Page not found"));
    assert_eq!(server.get("/__quire/live.js").status, 200);
    // Nothing of this reaches `quire build`'s output.
    site.quire(&["build"]).ok();
    assert!(
        !site
            .read("public/guides/connect/index.html")
            .contains("__quire")
    );
}

#[test]
fn drafts_are_served() {
    let site = Fixture::new("basic");
    site.write(
        "content/v2/guides/draft.md",
        "---\ntitle: Draft page\ndraft: true\n---\nSoon.\n",
    );
    let server = Server::start(&site);
    assert_eq!(server.get("/guides/draft/").status, 200);
}

#[test]
fn llms_full_follows_a_page_edited_alone() {
    let site = Fixture::new("basic");
    let server = Server::start(&site);
    let mut socket = server.socket();
    assert!(!server.get("/llms-full.txt").body.contains("Edited alone."));
    site.write(
        PAGE,
        "---\ntitle: Another guide\norder: 2\n---\n\n## Details\n\nEdited alone.\n",
    );
    let message = socket.next("reload");
    assert_eq!(message["path"], "/guides/other/", "re-rendered alone");
    let served = server.get("/llms-full.txt");
    assert_eq!(served.status, 200);
    // What a build (with drafts, as served) writes, byte for byte, but
    // for the address it is served from.
    let here = format!("http://127.0.0.1:{}/", server.port);
    let origin = "https://docs.example.org/help/";
    site.quire(&["build", "--drafts", "-o", "built"]).ok();
    let built = site.read("built/llms-full.txt");
    assert!(built.contains("Edited alone."), "{built}");
    assert_eq!(served.body.replace(&here, origin), built);
    // The older version's is its own, untouched.
    assert_eq!(
        server.get("/v1/llms-full.txt").body.replace(&here, origin),
        site.read("built/v1/llms-full.txt")
    );
}

#[test]
fn reload_is_sent_only_after_the_new_html_is_served() {
    let site = Fixture::new("basic");
    let server = Server::start(&site);
    let mut socket = server.socket();
    let mut last = socket.build;
    for round in 0..5 {
        let text = format!("Edited, round {round}.");
        site.write(PAGE, format!("---\ntitle: Another guide\norder: 2\nupdated: 2026-11-26\n---\n\n## Details\n\n{text}\n"));
        let message = socket.next("reload");
        // The page alone was re-rendered, and said so.
        assert_eq!(message["path"], "/guides/other/", "{message}");
        let page = server.get("/guides/other/");
        assert!(
            page.body.contains(&text),
            "round {round}: the reload came before the new page was served"
        );
        // It says it comes from a newer version of the site.
        let stamped = stamp_of(&page.body);
        assert!(stamped > last, "round {round}: still {stamped}");
        last = stamped;
    }
    // Read from the server's output by threads that may be behind.
    eventually("the terminal's line", || {
        server.output().contains("updated /guides/other/")
    });
}

#[test]
fn save_by_rename_is_seen() {
    let site = Fixture::new("basic");
    let server = Server::start(&site);
    let mut socket = server.socket();
    let temp = site.file("content/v2/guides/.other.md.tmp");
    std::fs::write(
        &temp,
        "---\ntitle: Another guide\norder: 2\n---\n\n## Details\n\nSaved by rename.\n",
    )
    .expect("write");
    std::fs::rename(&temp, site.file(PAGE)).expect("rename");
    socket.next("reload");
    assert!(
        server
            .get("/guides/other/")
            .body
            .contains("Saved by rename.")
    );
}

#[test]
fn a_broken_file_keeps_the_last_good_page_and_reaches_the_browser() {
    let site = Fixture::new("basic");
    let server = Server::start(&site);
    let mut socket = server.socket();
    site.write(PAGE, "---\ntitle: [\n---\n");
    let error = socket.next("error");
    let text = error["text"].as_str().expect("text");
    assert!(text.contains("content/v2/guides/other.md:2:8"), "{text}");
    assert!(text.contains("front_matter.invalid"), "{text}");
    // The last good page is still served…
    let page = server.get("/guides/other/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Only in v2."));
    // …a browser that connects now is told at once…
    assert_eq!(server.socket().next("error")["text"], error["text"]);
    // …and the terminal said the same.
    // Read from the server's output by threads that may be behind.
    eventually("the terminal's line", || {
        server.output().contains("content/v2/guides/other.md:2:8")
    });
    site.write(
        PAGE,
        "---\ntitle: Another guide\norder: 2\n---\n\n## Details\n\nFixed.\n",
    );
    // Fixed: the page's browsers take the error away…
    assert_eq!(socket.next("reload")["ok"], true);
    assert!(server.get("/guides/other/").body.contains("Fixed."));
    // …and new browsers get none.
    assert!(server.socket().quiet_for(Duration::from_millis(500)));
}

#[test]
fn a_link_put_in_a_pages_place_is_refused_not_served() {
    let site = Fixture::new("basic");
    let outside = tempfile::tempdir().expect("tempdir");
    let notes = outside.path().join("notes.md");
    // The page's own front matter, so that only its text changes.
    let front = "---\ntitle: Another guide\norder: 2\nupdated: 2026-11-26\n---\n";
    std::fs::write(&notes, format!("{front}\nRead through a link.\n")).expect("write");
    let server = Server::start(&site);
    let mut socket = server.socket();
    // Made beside the site, then renamed over the page in one step, as
    // an editor saves.
    let link = site.file("link.tmp");
    std::os::unix::fs::symlink(&notes, &link).expect("symlink");
    std::fs::rename(&link, site.file(PAGE)).expect("rename");
    let error = socket.next("error");
    let text = error["text"].as_str().expect("text");
    assert!(text.contains("content/v2/guides/other.md"), "{text}");
    assert!(text.contains("this is a link"), "{text}");
    let page = server.get("/guides/other/");
    assert!(!page.body.contains("Read through a link."), "{}", page.body);
}

#[test]
fn a_fix_says_whether_other_errors_still_stand() {
    let site = Fixture::new("basic");
    let other = "content/v2/guides/third.md";
    site.write(other, "---\ntitle: Third\norder: 3\n---\n\nThird.\n");
    let server = Server::start(&site);
    let mut socket = server.socket();
    site.write(other, "---\ntitle: [\n---\n");
    socket.next("error");
    site.write(PAGE, "---\ntitle: [\n---\n");
    socket.next("error");
    // One of two fixed: its page is updated, the other error stays shown.
    site.write(
        PAGE,
        "---\ntitle: Another guide\norder: 2\n---\n\n## Details\n\nFixed.\n",
    );
    let reload = socket.next("reload");
    assert_eq!(reload["ok"], false, "{reload}");
    site.write(other, "---\ntitle: Third\norder: 3\n---\n\nThird again.\n");
    let reload = socket.next("reload");
    let standing = if reload["ok"] == true {
        String::new()
    } else {
        server.socket().next("error").to_string()
    };
    assert_eq!(reload["ok"], true, "{reload} {standing}");
}

#[test]
fn quiet_serve_hides_warnings_but_not_where_it_listens() {
    let site = Fixture::new("basic");
    site.write(
        "content/v2/guides/warned.md",
        "---\ntitle: Warned\nsidebar_position: 1\n---\n\nText.\n",
    );
    let loud = Server::start(&site);
    // Start returns on stdout's "serving" line; the warning comes on
    // stderr, read by a thread of its own that may be behind.
    eventually("the warning on stderr", || {
        loud.output().contains("front_matter.foreign_key")
    });
    drop(loud);
    // Server::start waits for the "serving http://…" line: -q keeps it.
    let quiet = Server::start_with(&site, &["-q"], &[]);
    let mut socket = quiet.socket();
    site.write(
        "content/v2/guides/warned.md",
        "---\ntitle: Warned\nsidebar_position: 2\n---\n\nText again.\n",
    );
    socket.next("reload");
    let output = quiet.output();
    assert!(!output.contains("warning"), "{output}");
    assert!(!output.contains("built "), "{output}");
}

#[test]
fn deleted_and_new_pages_update_the_navigation() {
    let site = Fixture::new("basic");
    let server = Server::start(&site);
    assert!(
        server
            .get("/v1/guides/connect/")
            .body
            .contains("href=\"/v1/guides/legacy/\"")
    );
    let mut socket = server.socket();
    std::fs::remove_file(site.file("content/v1/guides/legacy.md")).expect("delete");
    let message = socket.next("reload");
    assert!(
        message["path"].is_null(),
        "a deletion reloads every page: {message}"
    );
    assert_eq!(server.get("/v1/guides/legacy/").status, 404);
    assert!(
        !server
            .get("/v1/guides/connect/")
            .body
            .contains("href=\"/v1/guides/legacy/\"")
    );
    site.write(
        "content/v2/guides/fresh.md",
        "---\ntitle: A fresh page\n---\n\nNew.\n",
    );
    socket.next("reload");
    assert_eq!(server.get("/guides/fresh/").status, 200);
    assert!(server.get("/guides/connect/").body.contains("A fresh page"));
    // Deleting a page others link to is a broken link: reported, not served.
    std::fs::remove_file(site.file(PAGE)).expect("delete");
    let error = socket.next("error");
    assert!(
        error["text"]
            .as_str()
            .unwrap_or_default()
            .contains("link.broken"),
        "{error}"
    );
    assert_eq!(
        server.get("/guides/other/").status,
        200,
        "the last good site is still served"
    );
}

#[test]
fn a_template_change_rebuilds_everything() {
    let site = Fixture::new("basic");
    let server = Server::start(&site);
    let mut socket = server.socket();
    site.write(
        "templates/partials/pager.html",
        "<p class=\"custom-pager\">custom pager</p>\n",
    );
    socket.next("reload");
    assert!(server.get("/guides/connect/").body.contains("custom pager"));
    assert!(
        server
            .get("/v1/guides/legacy/")
            .body
            .contains("custom pager")
    );
}

#[test]
fn a_stylesheet_change_swaps_the_stylesheet_without_a_reload() {
    let site = Fixture::new("basic");
    site.write("themes/default/static/style.css", "body { color: black }\n");
    let server = Server::start(&site);
    let page = server.get("/guides/connect/");
    let old = page
        .body
        .split("<link rel=\"stylesheet\" href=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("stylesheet")
        .to_owned();
    let mut socket = server.socket();
    site.write("themes/default/static/style.css", "body { color: navy }\n");
    let message = socket.next("css");
    let swap = &message["swaps"][0];
    assert_eq!(swap[0], old.as_str());
    let new = swap[1].as_str().expect("new url");
    assert_ne!(new, old);
    assert!(server.get(new).body.contains("navy"));
    assert!(
        server.get("/guides/connect/").body.contains(new),
        "pages link the new stylesheet"
    );
}

#[test]
fn path_escapes_never_leave_the_site() {
    let site = Fixture::new("basic");
    let server = Server::start(&site);
    for path in [
        "/../site.toml",
        "/%2e%2e/site.toml",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/..%2fsite.toml",
        "/guides/..%2f..%2fsite.toml",
        "/%5c..%5csite.toml",
        "/..\\site.toml",
        "//etc/passwd",
        "/assets/../../content/v2/_index.md",
        "/content/v2/_index.md",
        "/site.toml",
        "/%00",
    ] {
        let response = server.get(path);
        assert!(
            matches!(response.status, 400 | 404),
            "{path}: {}",
            response.status
        );
        assert!(
            !response.body.contains("base_url"),
            "{path} leaked site.toml"
        );
        assert!(
            !response.body.contains("root:"),
            "{path} leaked /etc/passwd"
        );
        assert!(
            !response.body.contains("Welcome to the fixture."),
            "{path} leaked a source file"
        );
    }
}

#[test]
fn a_port_in_use_is_a_clear_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("addr").port().to_string();
    let site = Fixture::new("basic");
    let run = site.quire(&["serve", "--port", &port]).fails();
    assert!(
        run.stderr
            .contains(&format!("port {port} on 127.0.0.1 is in use")),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--port 0"), "{}", run.stderr);
}

#[test]
fn a_site_that_does_not_build_is_still_served_and_recovers() {
    let site = Fixture::new("basic");
    site.write(PAGE, "no front matter\n");
    let server = Server::start(&site);
    let mut socket = server.socket();
    let error = socket.next("error");
    assert!(
        error["text"]
            .as_str()
            .unwrap_or_default()
            .contains("content/v2/guides/other.md:1:1")
    );
    assert!(server.get("/").body.contains("front_matter.missing"));
    site.write(
        PAGE,
        "---\ntitle: Another guide\n---\n## Details\n\nBack.\n",
    );
    socket.next("reload");
    assert!(server.get("/guides/other/").body.contains("Back."));
}

#[test]
fn ctrl_c_stops_cleanly() {
    let site = Fixture::new("basic");
    let server = Server::start(&site);
    let _socket = server.socket();
    let status = server.interrupt();
    assert!(status.success(), "{status:?}");
}

#[test]
fn open_opens_the_site_in_a_browser() {
    use std::os::unix::fs::PermissionsExt;
    let site = Fixture::new("basic");
    let bin = tempfile::tempdir().expect("tempdir");
    let record = bin.path().join("opened");
    let opener = bin.path().join("xdg-open");
    std::fs::write(
        &opener,
        format!("#!/bin/sh\necho \"$1\" > {}\n", record.display()),
    )
    .expect("write");
    std::fs::set_permissions(&opener, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let path = format!(
        "{}:{}",
        bin.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let server = Server::start_with(&site, &["--open"], &[("PATH", path)]);
    let started = std::time::Instant::now();
    while !record.exists() {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "no browser was opened"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(100));
    let opened = std::fs::read_to_string(&record).expect("read");
    assert_eq!(opened.trim(), format!("http://127.0.0.1:{}/", server.port));
}

#[test]
fn removing_a_heading_other_pages_link_to_is_caught_while_serving() {
    let site = Fixture::new("basic");
    let server = Server::start(&site);
    let mut socket = server.socket();
    site.write(
        PAGE,
        "---\ntitle: Another guide\norder: 2\n---\n\n## Renamed\n",
    );
    let error = socket.next("error");
    let text = error["text"].as_str().unwrap_or_default();
    assert!(
        text.contains("content/v2/guides/connect.md:9:6") && text.contains("link.anchor"),
        "{text}"
    );
}

/// The records of `version`'s served search index holding `word`, by URL;
/// empty until the index is served.
fn indexed(server: &Server, version: &str, word: &str) -> Vec<String> {
    let manifest = server.get(&format!("/assets/search/{version}/index.json"));
    if manifest.status != 200 {
        return Vec::new();
    }
    let manifest: serde_json::Value = serde_json::from_str(&manifest.body).expect("manifest");
    let id = manifest["id"].as_str().expect("id");
    let chunk = manifest["chunk"].as_u64().expect("chunk");
    let words = server.get(&format!(
        "/assets/search/{version}/{id}/w/{}.json",
        &word[..2]
    ));
    if words.status != 200 {
        return Vec::new();
    }
    let words: serde_json::Value = serde_json::from_str(&words.body).expect("words");
    let Some(entry) = words
        .as_array()
        .expect("list")
        .iter()
        .find(|e| e[0] == word)
    else {
        return Vec::new();
    };
    let mut record = 0;
    let mut urls = Vec::new();
    for pair in entry[1].as_array().expect("postings").chunks(2) {
        record += pair[0].as_u64().expect("delta");
        let file = server.get(&format!(
            "/assets/search/{version}/{id}/r/{}.json",
            record / chunk
        ));
        if file.status != 200 {
            // The index was replaced between the two requests: the caller
            // asks again.
            return Vec::new();
        }
        let records: serde_json::Value = serde_json::from_str(&file.body).expect("records");
        urls.push(
            records[(record % chunk) as usize][0]
                .as_str()
                .expect("href")
                .to_owned(),
        );
    }
    urls
}

/// The version of the site a served page says it came from.
fn stamp_of(page: &str) -> u64 {
    page.split("<script data-build=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no stamp in {page}"))
}

fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    let started = std::time::Instant::now();
    while !check() {
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn search_is_indexed_after_the_pages_are_served_and_follows_edits() {
    let site = Fixture::new("basic");
    let server = Server::start(&site);
    // The pages first; the index follows without holding them back.
    assert_eq!(server.get("/guides/other/").status, 200);
    eventually("the index", || !indexed(&server, "v2", "guide").is_empty());
    assert!(indexed(&server, "v2", "zanzibar").is_empty());
    let mut socket = server.socket();
    site.write(
        PAGE,
        "---\ntitle: Another guide\norder: 2\nupdated: 2026-11-26\n---\n\n## Details\n\nShips to Zanzibar.\n",
    );
    let message = socket.next("reload");
    assert_eq!(message["path"], "/guides/other/", "{message}");
    // Only the page was rendered again, and its words are found.
    eventually("the edited page's words", || {
        indexed(&server, "v2", "zanzibar") == ["/guides/other/#details"]
    });
    // A word it no longer has is gone from it.
    site.write(
        PAGE,
        "---\ntitle: Another guide\norder: 2\nupdated: 2026-11-26\n---\n\n## Details\n\nShips to Madagascar.\n",
    );
    socket.next("reload");
    eventually("the word removed", || {
        indexed(&server, "v2", "zanzibar").is_empty()
            && !indexed(&server, "v2", "madagascar").is_empty()
    });
    // Read from the server's output by threads that may be behind.
    eventually("the terminal's line", || {
        server.output().contains("updated /guides/other/")
    });
}

#[test]
fn files_beside_pages_are_served_and_follow_edits() {
    let site = Fixture::new("basic");
    site.write(
        "content/v2/guides/images/pane.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.edit(
        "content/v2/guides/other.md",
        "## Details",
        "![The pane](images/pane.svg)\n\n## Details",
    );
    let server = Server::start(&site);
    let page = server.get("/guides/other/");
    assert!(
        page.body.contains("src=\"/guides/images/pane.svg\""),
        "{}",
        page.body
    );
    let image = server.get("/guides/images/pane.svg");
    assert_eq!(image.status, 200);
    assert_eq!(
        image.header("content-type").as_deref(),
        Some("image/svg+xml")
    );
    // A new file beside a page is served without restarting.
    site.write(
        "content/v2/guides/images/new.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><g/></svg>",
    );
    eventually("the new file to be served", || {
        server.get("/guides/images/new.svg").status == 200
    });
    assert!(server.get("/guides/images/new.svg").body.contains("<g/>"));
}
