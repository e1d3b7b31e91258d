//! What a writer sees while serving: from saving a page to the new text
//! shown in the page open in headless Chromium, median of 20, beside save
//! to the new HTML served.
//!
//! cargo bench --bench preview            # the example site and 30,303 pages
//! QUIRE_BENCH_QUICK=1 cargo bench --bench preview   # the example and 3,000 pages
//!
//! Each round appends a sentence to a page and times, from just before the
//! file is written:
//! - served: the live-reload message, then a GET that returns the new text
//!   (as `cargo bench --bench site` measures it);
//! - visible: the page in Chromium has the new text in its DOM and has
//!   reached the next frame (a requestAnimationFrame callback, which runs
//!   right before that frame is painted).
//!
//! Both clocks are the wall clock: the bench's `SystemTime` and the page's
//! `performance.timeOrigin + performance.now()`. Each round also checks
//! that the page was not reloaded (a property set on `window` before the
//! first edit is still there) and that it did not scroll by more than 5 px.

#[path = "../tests/common/chromium.rs"]
mod chromium;
#[path = "corpus.rs"]
mod corpus;
#[path = "common/server.rs"]
mod server;

use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use corpus::Shape;
use server::{Serve, get};

const QUIRE: &str = env!("CARGO_BIN_EXE_quire");
const ROUNDS: usize = 20;

fn main() {
    let Some(chromium) = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
    else {
        println!("preview: skipped, no Chromium (apt-get install chromium)");
        return;
    };
    let quick = std::env::var_os("QUIRE_BENCH_QUICK").is_some();
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let target = manifest.join("target/bench-corpus");

    // The example help centre, copied so the edits never touch it.
    let example = target.join("example-site");
    let _ = std::fs::remove_dir_all(&example);
    std::fs::create_dir_all(&example).expect("mkdir");
    for part in [
        "site.toml",
        "content",
        "checkers",
        "themes",
        "templates",
        "static",
    ] {
        let from = manifest.join(part);
        if from.exists() {
            copy(&from, &example.join(part));
        }
    }
    measure(
        &chromium,
        "example site (12 pages)",
        &example,
        "content/v2/integrations/dynamics-365.md",
        "/integrations/dynamics-365/",
    );

    let shape = if quick {
        Shape {
            versions: 3,
            sections: 25,
            pages: 40,
        }
    } else {
        Shape {
            versions: 3,
            sections: 100,
            pages: 100,
        }
    };
    let corpus = corpus::cached(&target, shape);
    // A page with a checker (every tenth has one) in the middle of the
    // latest version.
    let (section, number) = (shape.sections / 2, 10 * (shape.pages / 20));
    measure(
        &chromium,
        // Every page, with each section's page and each version's home.
        &format!(
            "{} pages",
            shape.versions * (shape.sections * (shape.pages + 1) + 1)
        ),
        &corpus,
        &format!(
            "content/v{}/section-{section:03}/page-{number:03}.md",
            shape.versions
        ),
        &format!("/section-{section:03}/page-{number:03}/"),
    );
}

fn copy(from: &Path, to: &Path) {
    if from.is_dir() {
        std::fs::create_dir_all(to).expect("mkdir");
        for entry in std::fs::read_dir(from).expect("read_dir").flatten() {
            copy(&entry.path(), &to.join(entry.file_name()));
        }
    } else {
        std::fs::copy(from, to).expect("copy");
    }
}

fn now_ms() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_secs_f64()
        * 1000.0
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// Records, in the page, when the text in `window.__want` first appears
/// and when the frame after it comes.
const WATCH: &str = r#"(() => {
  window.__quireMarker = 'still here';
  window.__seen = {};
  const main = document.querySelector('main');
  new MutationObserver(() => {
    const want = window.__want;
    if (!want || window.__seen[want] || !main.textContent.includes(want)) return;
    window.__seen[want] = { dom: performance.timeOrigin + performance.now() };
    requestAnimationFrame(() => { window.__seen[want].frame = performance.timeOrigin + performance.now(); });
  }).observe(main, { childList: true, subtree: true, characterData: true });
  return true;
})()"#;

fn measure(chromium: &Path, name: &str, site: &Path, page: &str, url: &str) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let port = listener.local_addr().expect("addr").port();
    drop(listener);
    let child = Command::new(QUIRE)
        .arg("--root")
        .arg(site)
        .args(["serve", "-q", "--port", &port.to_string()])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start quire serve");
    let mut server = Serve(child);
    let stdout = server.0.stdout.take().expect("stdout");
    std::thread::spawn(move || for _ in BufReader::new(stdout).lines() {});
    let started = Instant::now();
    while get(port, url).is_none() {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "serve did not start"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    // Let the search index finish, as it does while a writer reads.
    std::thread::sleep(Duration::from_secs(3));

    let stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    let (mut socket, _) = tungstenite::client(format!("ws://127.0.0.1:{port}/__quire/ws"), stream)
        .expect("websocket");
    let file = site.join(page);
    let original = std::fs::read_to_string(&file).expect("read page");

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    let (mut served, mut visible, mut worst_scroll, mut reloaded) =
        (Vec::new(), Vec::new(), 0.0_f64, false);
    runtime.block_on(async {
        use chromiumoxide::browser::Browser;
        use futures::StreamExt;
        let profile = tempfile::tempdir().expect("profile");
        let config = chromium::config(chromium, profile.path(), Some((1200, 900)));
        let (mut browser, mut handler) = Browser::launch(config).await.expect("Chromium");
        let task = tokio::spawn(async move { while handler.next().await.is_some() {} });
        let tab = browser
            .new_page(format!("http://127.0.0.1:{port}{url}"))
            .await
            .expect("page");
        let _ = tab.wait_for_navigation().await;
        tokio::time::sleep(Duration::from_millis(1000)).await;
        let _: bool = tab
            .evaluate(WATCH)
            .await
            .expect("watch")
            .into_value()
            .expect("bool");
        let _: bool = tab
            .evaluate("(window.scrollTo({ top: 600, behavior: 'instant' }), true)")
            .await
            .expect("scroll")
            .into_value()
            .expect("bool");
        for round in 0..ROUNDS {
            let marker = format!("Edited in round {round}.");
            let _: bool = tab
                .evaluate(format!("(window.__want = {marker:?}, true)"))
                .await
                .expect("want")
                .into_value()
                .expect("bool");
            let before: f64 = tab
                .evaluate("window.scrollY")
                .await
                .expect("scroll")
                .into_value()
                .expect("number");
            let saved = now_ms();
            std::fs::write(&file, format!("{original}\n{marker}\n")).expect("edit");
            loop {
                match socket.read().expect("websocket") {
                    tungstenite::Message::Text(text) if text.contains("\"reload\"") => break,
                    _ => {}
                }
            }
            let body = get(port, url).expect("page");
            served.push(now_ms() - saved);
            assert!(body.contains(&marker), "the edit was not served");
            let frame = loop {
                let seen: Option<f64> = tab
                    .evaluate(format!("window.__seen?.[{marker:?}]?.frame ?? null"))
                    .await
                    .ok()
                    .and_then(|r| r.into_value().ok())
                    .flatten();
                if let Some(frame) = seen {
                    break frame;
                }
                tokio::time::sleep(Duration::from_millis(5)).await;
            };
            visible.push(frame - saved);
            let (after, marked): (f64, bool) = tab
                .evaluate("[window.scrollY, window.__quireMarker === 'still here']")
                .await
                .expect("after")
                .into_value()
                .expect("pair");
            worst_scroll = worst_scroll.max((after - before).abs());
            reloaded |= !marked;
            tokio::time::sleep(Duration::from_millis(300)).await;
        }
        let _ = browser.close().await;
        let _ = browser.wait().await;
        task.abort();
    });
    std::fs::write(&file, original).expect("restore");
    drop(server);
    let slowest = |v: &[f64]| v.iter().copied().fold(0.0, f64::max);
    let (served_slowest, visible_slowest) = (slowest(&served), slowest(&visible));
    println!(
        "{name}: save to new HTML served {:.1} ms median (slowest {served_slowest:.1}); save to new text visible in Chromium {:.1} ms median (slowest {visible_slowest:.1}), budget 100 ms; scroll moved at most {worst_scroll:.0} px; {}",
        median(&mut served),
        median(&mut visible),
        if reloaded {
            "THE PAGE WAS RELOADED"
        } else {
            "updated in place every time"
        }
    );
}
