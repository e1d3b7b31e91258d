//! A std-only static file server for browser tests: serves a folder on
//! loopback with the right MIME types and logs every request path.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

pub struct StaticServer {
    pub base: String,
    pub root: PathBuf,
    pub log: Arc<Mutex<Vec<String>>>,
}

/// Sends each HTML page in two parts: up to and including `after`, then,
/// `pause` later, the rest, as a slow network or a busy parser delivers it.
#[derive(Clone, Copy)]
pub struct Stall {
    pub after: &'static str,
    pub pause: std::time::Duration,
}

impl StaticServer {
    pub fn start(root: PathBuf) -> StaticServer {
        StaticServer::start_with(root, None)
    }

    /// Serves `root`, stalling every HTML page as `stall` says.
    pub fn start_stalling(root: PathBuf, stall: Stall) -> StaticServer {
        StaticServer::start_with(root, Some(stall))
    }

    fn start_with(root: PathBuf, stall: Option<Stall>) -> StaticServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let base = format!("http://{}", listener.local_addr().expect("address"));
        let log = Arc::new(Mutex::new(Vec::new()));
        let requests = log.clone();
        let served = root.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let root = served.clone();
                let requests = requests.clone();
                std::thread::spawn(move || {
                    let mut line = String::new();
                    let mut reader = BufReader::new(&stream);
                    if reader.read_line(&mut line).is_err() {
                        return;
                    }
                    loop {
                        let mut header = String::new();
                        match reader.read_line(&mut header) {
                            Ok(0) | Err(_) => break,
                            Ok(_) if header.trim().is_empty() => break,
                            Ok(_) => {}
                        }
                    }
                    let path = line.split_whitespace().nth(1).unwrap_or("/").to_owned();
                    requests.lock().expect("log").push(path.clone());
                    let clean = path.split(['?', '#']).next().unwrap_or("/");
                    let mut file = root.clone();
                    for part in clean.split('/').filter(|p| !p.is_empty() && *p != "..") {
                        file.push(part);
                    }
                    if file.is_dir() {
                        file.push("index.html");
                    }
                    let (status, body, mime) = match std::fs::read(&file) {
                        Ok(body) => ("200 OK", body, mime_of(&file)),
                        Err(_) => (
                            "404 Not Found",
                            std::fs::read(root.join("404.html")).unwrap_or_default(),
                            "text/html; charset=utf-8",
                        ),
                    };
                    let head = format!(
                        "HTTP/1.1 {status}\r\nContent-Type: {mime}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
                        body.len()
                    );
                    let _ = stream.write_all(head.as_bytes());
                    let cut = stall
                        .filter(|_| mime.starts_with("text/html"))
                        .and_then(|stall| {
                            let at = body
                                .windows(stall.after.len())
                                .position(|w| w == stall.after.as_bytes())?;
                            Some((at + stall.after.len(), stall.pause))
                        });
                    if let Some((at, pause)) = cut {
                        let _ = stream.write_all(&body[..at]);
                        let _ = stream.flush();
                        std::thread::sleep(pause);
                        let _ = stream.write_all(&body[at..]);
                    } else {
                        let _ = stream.write_all(&body);
                    }
                });
            }
        });
        StaticServer { base, root, log }
    }

    pub fn requests(&self) -> Vec<String> {
        self.log.lock().expect("log").clone()
    }
}

fn mime_of(path: &std::path::Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("json") => "application/json",
        Some("xml") => "application/xml",
        Some("txt") => "text/plain; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        _ => "application/octet-stream",
    }
}
