//! `deploy/nginx.conf` run by a real nginx on a built fixture, served under
//! its base path (/help/) as the file's comments describe: the headers of
//! `_headers` on every response, long caching only for fingerprinted
//! assets and search index folders, the redirects of `_redirects`, the
//! site's 404 page, Markdown copies as text/markdown, and the files meant
//! for hosts kept from readers.
//!
//! It needs nginx (`/usr/sbin/nginx` on Debian, or `QUIRE_NGINX`): `.ci/run`
//! installs it. The test starts its own nginx, in the foreground as one
//! process, with every file it writes in a temporary folder, on a free
//! port of 127.0.0.1; the system's nginx service is not involved. Where
//! nginx is not found the test says so and passes, except in CI
//! (`QUIRE_REQUIRE_BROWSER` or `CI` set), where it fails.

mod common;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::Fixture;

/// The site's base path in the fixture's `base_url`.
const BASE: &str = "/help/";

/// The nginx binary and what `nginx -V` says of its build.
struct Nginx {
    binary: PathBuf,
    build: String,
}

fn nginx() -> Option<Nginx> {
    let candidates: Vec<PathBuf> = match std::env::var_os("QUIRE_NGINX") {
        Some(path) => vec![PathBuf::from(path)],
        None => vec![PathBuf::from("/usr/sbin/nginx"), PathBuf::from("nginx")],
    };
    for binary in candidates {
        if let Ok(out) = Command::new(&binary).arg("-V").output()
            && out.status.success()
        {
            // nginx prints its version and build options on stderr.
            let build = String::from_utf8_lossy(&out.stderr).into_owned();
            return Some(Nginx { binary, build });
        }
    }
    common::missing_tool(
        "nginx is required here: install it (apt-get install nginx, see .ci/run) or set QUIRE_NGINX",
        "no nginx (see .ci/run)",
    );
    None
}

impl Nginx {
    /// The mime.types beside the nginx.conf it was built to read.
    fn mime_types(&self) -> PathBuf {
        let conf = self
            .build
            .split_whitespace()
            .find_map(|option| option.strip_prefix("--conf-path="))
            .unwrap_or("/etc/nginx/nginx.conf");
        let types = Path::new(conf).with_file_name("mime.types");
        assert!(types.is_file(), "no {}", types.display());
        types
    }

    /// The temporary-file directives of the modules this nginx has, each
    /// pointed into `dir` (the built-in paths are not writable unless
    /// nginx runs as root).
    fn temp_paths(&self, dir: &Path) -> String {
        let mut out = format!(
            "    client_body_temp_path {};\n",
            dir.join("client_body").display()
        );
        for module in ["proxy", "fastcgi", "uwsgi", "scgi"] {
            if !self
                .build
                .contains(&format!("--without-http_{module}_module"))
            {
                out.push_str(&format!(
                    "    {module}_temp_path {};\n",
                    dir.join(module).display()
                ));
            }
        }
        out
    }
}

/// A running nginx, stopped when dropped.
struct Running {
    child: Child,
    port: u16,
    dir: PathBuf,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Running {
    fn log(&self) -> String {
        std::fs::read_to_string(self.dir.join("error.log")).unwrap_or_default()
    }

    fn get(&self, path: &str) -> Response {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
        let request =
            format!("GET {path} HTTP/1.1\r\nHost: docs.example.org\r\nConnection: close\r\n\r\n");
        stream.write_all(request.as_bytes()).expect("send");
        let mut bytes = Vec::new();
        stream.read_to_end(&mut bytes).expect("read");
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let mut lines = head.lines();
        let status = lines
            .next()
            .and_then(|line| line.split_whitespace().nth(1))
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let headers = lines
            .filter_map(|line| line.split_once(':'))
            .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
            .collect();
        Response {
            path: path.to_owned(),
            status,
            headers,
            body: body.to_owned(),
        }
    }
}

struct Response {
    path: String,
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Response {
    /// The one value of header `name`; fails if it is missing or repeated.
    #[track_caller]
    fn header(&self, name: &str) -> &str {
        let values = self.all(name);
        assert_eq!(
            values.len(),
            1,
            "{}: {name} {values:?}\n{:?}",
            self.path,
            self.headers
        );
        values[0]
    }

    fn all(&self, name: &str) -> Vec<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .filter(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    #[track_caller]
    fn status(&self, status: u16) -> &Response {
        assert_eq!(
            self.status, status,
            "{}: {:?}\n{}",
            self.path, self.headers, self.body
        );
        self
    }
}

/// Replaces the one `from` in `text`, failing if it is not there once: the
/// test follows the placeholders of deploy/nginx.conf, and must notice when
/// they change.
#[track_caller]
fn replace_once(text: &str, from: &str, to: &str) -> String {
    assert_eq!(
        text.matches(from).count(),
        1,
        "deploy/nginx.conf should contain {from:?} once"
    );
    text.replacen(from, to, 1)
}

/// Starts nginx with deploy/nginx.conf for the site in `www` (its `help/`
/// folder being the build), everything else in `dir`.
fn start(nginx: &Nginx, www: &Path, dir: &Path) -> Running {
    let deploy =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy/nginx.conf"))
            .expect("read deploy/nginx.conf");
    let site = www.join(BASE.trim_matches('/'));
    // The sub-path set-up of the file's comments.
    let conf = replace_once(
        &deploy,
        "root /srv/quire/public;",
        &format!("root {};", www.display()),
    );
    let conf = replace_once(
        &conf,
        "include /srv/quire/public/_redirects.nginx;",
        &format!("include {};", site.join("_redirects.nginx").display()),
    );
    let conf = replace_once(
        &conf,
        "error_page 404 /404.html;",
        &format!("error_page 404 {BASE}404.html;"),
    );
    let left: Vec<&str> = conf
        .lines()
        .filter(|l| !l.trim_start().starts_with('#') && l.contains("/srv/quire"))
        .collect();
    assert!(
        left.is_empty(),
        "placeholders left in deploy/nginx.conf: {left:?}"
    );
    // A port that was free a moment ago may be taken by the time nginx
    // binds it: then try another.
    for _ in 0..5 {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let conf = replace_once(
            &conf,
            "    listen 80;\n    listen [::]:80;\n",
            &format!("    listen 127.0.0.1:{port};\n"),
        );
        std::fs::write(dir.join("quire.conf"), conf).expect("write quire.conf");
        // `master_process off`: one process that reads the files as the
        // user running the test, and that one kill stops.
        let main = format!(
            "daemon off;\nmaster_process off;\npid {pid};\nerror_log {log} info;\n\
             events {{ worker_connections 64; }}\n\
             http {{\n    include {types};\n    default_type application/octet-stream;\n    \
             access_log {access};\n{temp}    include {site};\n}}\n",
            pid = dir.join("nginx.pid").display(),
            log = dir.join("error.log").display(),
            types = nginx.mime_types().display(),
            access = dir.join("access.log").display(),
            temp = nginx.temp_paths(dir),
            site = dir.join("quire.conf").display(),
        );
        std::fs::write(dir.join("nginx.conf"), main).expect("write nginx.conf");
        let _ = std::fs::remove_file(dir.join("error.log"));
        let child = Command::new(&nginx.binary)
            .arg("-p")
            .arg(dir)
            .arg("-c")
            .arg(dir.join("nginx.conf"))
            // The log for what goes wrong before the configuration is read.
            .arg("-e")
            .arg(dir.join("error.log"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start nginx");
        let mut running = Running {
            child,
            port,
            dir: dir.to_owned(),
        };
        let started = Instant::now();
        loop {
            if let Some(status) = running.child.try_wait().expect("wait") {
                let log = running.log();
                if log.contains("Address already in use") {
                    break;
                }
                panic!("nginx stopped ({status}):\n{log}");
            }
            if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return running;
            }
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "nginx did not start:\n{}",
                running.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    panic!("no free port for nginx");
}

/// The headers of the first rule of the built `_headers` (the one for
/// every path), which nginx must send on every response.
fn site_headers(text: &str) -> Vec<(String, String)> {
    let mut lines = text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'));
    assert_eq!(lines.next(), Some(format!("{BASE}*").as_str()), "{text}");
    let headers: Vec<(String, String)> = lines
        .take_while(|l| l.starts_with(char::is_whitespace))
        .map(|l| {
            let (name, value) = l.trim().split_once(':').expect("Name: value");
            (name.to_owned(), value.trim().to_owned())
        })
        .collect();
    assert!(headers.len() >= 6, "{text}");
    headers
}

#[track_caller]
fn assert_site_headers(response: &Response, expected: &[(String, String)]) {
    for (name, value) in expected {
        assert_eq!(response.header(name), value, "{}: {name}", response.path);
    }
}

/// The name of the one file in `dir` that `matches`.
fn file_named(dir: &Path, matches: impl Fn(&str) -> bool) -> String {
    let names: Vec<String> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|name| matches(name))
        .collect();
    assert_eq!(names.len(), 1, "in {}: {names:?}", dir.display());
    names[0].clone()
}

/// The one fingerprinted asset `STEM.HASH.EXT` in `assets`.
fn fingerprinted(assets: &Path, stem: &str, ext: &str) -> String {
    file_named(assets, |n| {
        n.strip_prefix(stem)
            .and_then(|n| n.strip_prefix('.'))
            .and_then(|n| n.strip_suffix(ext))
            .and_then(|n| n.strip_suffix('.'))
            .is_some_and(|hash| is_hex(hash, 10))
    })
}

fn is_hex(text: &str, len: usize) -> bool {
    text.len() == len && text.bytes().all(|b| b.is_ascii_hexdigit())
}

const IMMUTABLE: &str = "public, max-age=31536000, immutable";

#[test]
fn deploy_nginx_conf_serves_the_site_as_its_headers_and_redirects_say() {
    let Some(nginx) = nginx() else {
        return;
    };
    let site = Fixture::new("basic");
    let www = site.file("www");
    let out = www.join(BASE.trim_matches('/'));
    site.quire(&["build", "-q", "-o", &out.display().to_string()])
        .ok();
    let dir = site.file("nginx");
    std::fs::create_dir(&dir).expect("mkdir");
    let server = start(&nginx, &www, &dir);
    let read = |rel: &str| {
        std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    };
    let expected = site_headers(&read("_headers"));
    let not_found = read("404.html");

    // A page: the headers of `_headers`, and revalidated on each visit.
    let page = server.get(&format!("{BASE}guides/connect/"));
    page.status(200);
    assert_eq!(page.body, read("guides/connect/index.html"));
    assert_site_headers(&page, &expected);
    assert!(
        page.header("Content-Security-Policy")
            .contains("frame-ancestors 'none'")
    );
    assert_eq!(page.header("X-Content-Type-Options"), "nosniff");
    assert_eq!(
        page.header("Referrer-Policy"),
        "strict-origin-when-cross-origin"
    );
    assert_eq!(page.header("Content-Type"), "text/html; charset=utf-8");
    assert_eq!(page.header("Cache-Control"), "no-cache");
    assert_eq!(server.get(BASE).status(200).body, read("index.html"));

    // A folder without its slash is sent to it, by path.
    let bare = server.get(&format!("{BASE}guides"));
    bare.status(301);
    assert_eq!(bare.header("Location"), format!("{BASE}guides/"));

    // Fingerprinted assets: a year, immutable, with the same headers.
    let assets = out.join("assets");
    let style = fingerprinted(&assets, "style", "css");
    let css = server.get(&format!("{BASE}assets/{style}"));
    css.status(200);
    assert_eq!(css.header("Cache-Control"), IMMUTABLE);
    assert_eq!(css.header("Content-Type"), "text/css; charset=utf-8");
    assert_site_headers(&css, &expected);
    let wasm = fingerprinted(&assets, "quire-checker", "wasm");
    let wasm = server.get(&format!("{BASE}assets/{wasm}"));
    wasm.status(200);
    assert_eq!(wasm.header("Cache-Control"), IMMUTABLE);
    // What WebAssembly.instantiateStreaming requires.
    assert_eq!(wasm.header("Content-Type"), "application/wasm");

    // A search index: its folder is named by its content, the manifest
    // that names the folder is not.
    let search = assets.join("search/v2");
    let folder = file_named(&search, |n| is_hex(n, 12));
    let manifest = server.get(&format!("{BASE}assets/search/v2/index.json"));
    manifest.status(200);
    assert_eq!(manifest.header("Cache-Control"), "no-cache");
    assert!(manifest.body.contains(&folder), "{}", manifest.body);
    assert_site_headers(&manifest, &expected);
    let part = server.get(&format!("{BASE}assets/search/v2/{folder}/r/0.json"));
    part.status(200);
    assert_eq!(part.header("Cache-Control"), IMMUTABLE);
    assert_eq!(
        part.header("Content-Type"),
        "application/json; charset=utf-8"
    );
    // A missing fingerprinted file is not cached for a year.
    let gone = server.get(&format!("{BASE}assets/style.0123456789.css"));
    gone.status(404);
    assert_eq!(gone.header("Cache-Control"), "no-cache");

    // Every redirect of `_redirects`, with its status and its target as
    // the Location.
    let redirects = read("_redirects");
    let mut statuses = Vec::new();
    for line in redirects.lines().filter(|l| !l.starts_with('#')) {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let [from, to, status] = fields[..] else {
            panic!("not `from to status`: {line}");
        };
        let status: u16 = status.parse().expect("a status");
        let response = server.get(from);
        response.status(status);
        assert_eq!(response.header("Location"), to, "{from}");
        assert_site_headers(&response, &expected);
        statuses.push(status);
    }
    assert!(statuses.contains(&301), "no alias in:\n{redirects}");
    assert!(statuses.contains(&302), "no 302 in:\n{redirects}");
    let alias = server.get(&format!("{BASE}old/connect/"));
    alias.status(301);
    assert_eq!(alias.header("Location"), format!("{BASE}guides/connect/"));
    let older = server.get(&format!("{BASE}guides/legacy/"));
    older.status(302);
    assert_eq!(older.header("Location"), format!("{BASE}v1/guides/legacy/"));

    // A missing page: the site's 404 page, with the same headers.
    let missing = server.get(&format!("{BASE}no/such/page/"));
    missing.status(404);
    assert_eq!(missing.body, not_found);
    assert_eq!(missing.header("Content-Type"), "text/html; charset=utf-8");
    assert_site_headers(&missing, &expected);

    // The Markdown copy of a page, and the list for AI assistants.
    let markdown = server.get(&format!("{BASE}guides/connect/index.html.md"));
    markdown.status(200);
    assert_eq!(
        markdown.header("Content-Type"),
        "text/markdown; charset=utf-8"
    );
    assert_eq!(markdown.body, read("guides/connect/index.html.md"));
    assert_site_headers(&markdown, &expected);
    let llms = server.get(&format!("{BASE}llms.txt"));
    llms.status(200);
    assert_eq!(llms.header("Content-Type"), "text/plain; charset=utf-8");
    assert_eq!(llms.body, read("llms.txt"));

    // The files for hosts are not served.
    for file in [
        "_headers",
        "_redirects",
        "_redirects.nginx",
        ".quire-output",
    ] {
        assert!(out.join(file).is_file(), "the build wrote no {file}");
        let response = server.get(&format!("{BASE}{file}"));
        response.status(404);
        assert_eq!(response.body, not_found, "{file}");
    }
    // Nothing nginx found wrong on the way, but the files that the 404s
    // above looked for.
    let log = server.log();
    let problems: Vec<&str> = log
        .lines()
        .filter(|l| {
            ["[warn]", "[error]", "[crit]", "[alert]", "[emerg]"]
                .iter()
                .any(|level| l.contains(level))
        })
        .filter(|l| !l.contains("(2: No such file or directory)"))
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
