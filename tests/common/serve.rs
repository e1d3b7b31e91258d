//! A `quire serve` child process on a fixture, with a tiny HTTP client and
//! a WebSocket client for its live-reload socket.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::Fixture;

pub struct Server {
    child: Child,
    pub port: u16,
    pub output: Arc<Mutex<Vec<String>>>,
}

impl Server {
    pub fn start(site: &Fixture) -> Server {
        Server::start_with(site, &[], &[])
    }

    pub fn start_with(site: &Fixture, args: &[&str], env: &[(&str, String)]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_quire"))
            .arg("--root")
            .arg(site.path())
            .args(["serve", "--port", "0"])
            .args(args)
            .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start quire serve");
        let output = Arc::new(Mutex::new(Vec::new()));
        let (port_tx, port_rx) = std::sync::mpsc::channel();
        let stdout = child.stdout.take().expect("stdout");
        let lines = output.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(rest) = line.strip_prefix("serving http://127.0.0.1:") {
                    let port: u16 = rest
                        .split('/')
                        .next()
                        .and_then(|p| p.parse().ok())
                        .expect("a port");
                    let _ = port_tx.send(port);
                }
                lines.lock().expect("lines").push(line);
            }
        });
        let stderr = child.stderr.take().expect("stderr");
        let lines = output.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                lines.lock().expect("lines").push(line);
            }
        });
        let port = port_rx
            .recv_timeout(Duration::from_secs(30))
            .unwrap_or_else(|_| {
                panic!(
                    "quire serve did not start: {:?}",
                    output.lock().expect("lines")
                )
            });
        Server {
            child,
            port,
            output,
        }
    }

    pub fn output(&self) -> String {
        self.output.lock().expect("lines").join("\n")
    }

    /// GET `path` (sent as written, without normalising it).
    pub fn get(&self, path: &str) -> Response {
        self.request(&format!(
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
            self.port
        ))
    }

    /// Sends `raw` (a whole HTTP/1.1 request) as it is.
    pub fn request(&self, raw: &str) -> Response {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
        stream.write_all(raw.as_bytes()).expect("send");
        let mut bytes = Vec::new();
        stream.read_to_end(&mut bytes).expect("read");
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        Response {
            status,
            head: head.to_owned(),
            body: body.to_owned(),
        }
    }

    /// Opens the live-reload socket as a page from `origin` would.
    pub fn socket_from(&self, origin: &str) -> Result<Socket, String> {
        use tungstenite::client::IntoClientRequest;
        let stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_millis(200)))
            .expect("timeout");
        let mut request = format!("ws://127.0.0.1:{}/__quire/ws", self.port)
            .into_client_request()
            .expect("request");
        request
            .headers_mut()
            .insert("Origin", origin.parse().expect("header value"));
        tungstenite::client(request, stream)
            .map(|(socket, _)| Socket::greeted(socket))
            .map_err(|e| e.to_string())
    }

    pub fn socket(&self) -> Socket {
        let stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_millis(200)))
            .expect("timeout");
        let url = format!("ws://127.0.0.1:{}/__quire/ws", self.port);
        let (socket, _) = tungstenite::client(url, stream).expect("websocket handshake");
        Socket::greeted(socket)
    }

    /// Sends Ctrl-C and waits for the server to exit.
    pub fn interrupt(mut self) -> std::process::ExitStatus {
        let status = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .expect("kill");
        assert!(status.success());
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status;
            }
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "quire serve did not stop on Ctrl-C"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub struct Response {
    pub status: u16,
    pub head: String,
    pub body: String,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name)
                .then(|| value.trim().to_owned())
        })
    }
}

pub struct Socket {
    socket: tungstenite::WebSocket<TcpStream>,
    /// The version of the site served when the socket opened, from the
    /// `hello` every socket gets first.
    pub build: u64,
}

impl Socket {
    /// A socket that has read its `hello`, which comes before anything.
    fn greeted(socket: tungstenite::WebSocket<TcpStream>) -> Socket {
        let mut socket = Socket { socket, build: 0 };
        let started = Instant::now();
        let hello = loop {
            assert!(
                started.elapsed() < Duration::from_secs(15),
                "no hello on a new socket"
            );
            if let Some(text) = socket.read_text() {
                break text;
            }
        };
        let hello: serde_json::Value = serde_json::from_str(&hello).expect("json message");
        assert_eq!(hello["kind"], "hello", "the first message: {hello}");
        socket.build = hello["build"]
            .as_str()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no build number in {hello}"));
        socket
    }

    /// The next text message, or `None` when none came within the read
    /// timeout.
    fn read_text(&mut self) -> Option<String> {
        match self.socket.read() {
            Ok(tungstenite::Message::Text(text)) => Some(text.to_string()),
            Ok(_) => None,
            Err(tungstenite::Error::Io(e))
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                None
            }
            Err(e) => panic!("websocket: {e}"),
        }
    }

    /// The next message of `kind`, skipping others; panics after 15 s.
    pub fn next(&mut self, kind: &str) -> serde_json::Value {
        let started = Instant::now();
        loop {
            assert!(
                started.elapsed() < Duration::from_secs(15),
                "no {kind} message arrived"
            );
            if let Some(text) = self.read_text() {
                let value: serde_json::Value = serde_json::from_str(&text).expect("json message");
                if value["kind"] == kind {
                    return value;
                }
            }
        }
    }

    /// Whether no message arrives within `wait`.
    pub fn quiet_for(&mut self, wait: Duration) -> bool {
        let started = Instant::now();
        while started.elapsed() < wait {
            if self.read_text().is_some() {
                return false;
            }
        }
        true
    }
}
