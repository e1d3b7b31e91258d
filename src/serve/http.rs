//! HTTP: the in-memory site by path, the live-reload script and socket.
//! Paths are looked up in the map of built files, never on disk, so no
//! request can read anything outside the site.
//!
//! The server holds drafts and unreleased versions, so it answers only
//! requests meant for it: a `Host` that is loopback, an IP address it
//! listens on, or `localhost` (a page on another site that rebinds its own
//! name to 127.0.0.1 sends its own name), `GET` and `HEAD` only, and a
//! live-reload socket only from its own pages' origin.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::{Shared, live};

/// The address the server listens on, for deciding whom it answers.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Listening(pub SocketAddr);

pub(crate) fn router(shared: Arc<Shared>, listening: SocketAddr) -> Router {
    let listening = Listening(listening);
    Router::new()
        .route(live::SOCKET_PATH, get(socket))
        .route(live::SCRIPT_PATH, get(script))
        .fallback(page)
        .with_state(shared)
        .layer(middleware::from_fn_with_state(listening, guard))
}

/// Refuses requests for other hosts (DNS rebinding) and methods other than
/// GET and HEAD, before any route sees them.
async fn guard(State(listening): State<Listening>, request: Request, next: Next) -> Response {
    if let Some(host) = request.headers().get(header::HOST)
        && !allowed_host(host.to_str().unwrap_or(""), listening.0.ip())
    {
        let text = format!(
            "quire serve answers only requests for localhost or its own address; open http://{}/\n",
            listening.0
        );
        return (StatusCode::FORBIDDEN, text).into_response();
    }
    if request.method() != Method::GET && request.method() != Method::HEAD {
        let mut response = (
            StatusCode::METHOD_NOT_ALLOWED,
            "quire serve only reads: use GET\n",
        )
            .into_response();
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    next.run(request).await
}

/// Whether a `Host` header names this server: `localhost` (or a name
/// below it), a loopback address, or the address it is bound to (any IP
/// address when bound to all of them). Names that could be rebound to
/// 127.0.0.1 by someone else's DNS are refused.
pub(crate) fn allowed_host(host: &str, bind: IpAddr) -> bool {
    let name = if let Some(rest) = host.strip_prefix('[') {
        match rest.split_once(']') {
            Some((inside, port)) if port.is_empty() || port.starts_with(':') => inside,
            _ => return false,
        }
    } else {
        match host.rsplit_once(':') {
            Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
            _ => host,
        }
    };
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    if name == "localhost" || name.ends_with(".localhost") {
        return true;
    }
    match name.parse::<IpAddr>() {
        Ok(ip) => ip.is_loopback() || ip == bind || bind.is_unspecified(),
        Err(_) => false,
    }
}

/// Whether a WebSocket's `Origin` is this server's own pages: the same
/// scheme-less host and port the request was sent to. A missing `Origin`
/// is a client that is not a browser, and allowed.
fn same_origin(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    origin
        .to_str()
        .ok()
        .and_then(|o| o.strip_prefix("http://"))
        .is_some_and(|o| !host.is_empty() && o.eq_ignore_ascii_case(host))
}

/// Where a request path points in the site, or why it cannot.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Target {
    /// A file key in the site map.
    File(String),
    /// A folder asked for without its trailing slash.
    Redirect(String),
    NotFound,
    BadRequest,
}

/// Resolves a raw (percent-encoded) request path against `exists`.
pub(crate) fn resolve(raw: &str, exists: impl Fn(&str) -> bool) -> Target {
    let Ok(decoded) = percent_encoding::percent_decode_str(raw).decode_utf8() else {
        return Target::BadRequest;
    };
    if decoded.contains(['\\', '\0']) {
        return Target::BadRequest;
    }
    let mut segments = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" => {}
            "." | ".." => return Target::BadRequest,
            s => segments.push(s),
        }
    }
    // A redirect names the path as normalised, never `//host/` (which a
    // browser reads as another site).
    let raw_segments: Vec<&str> = raw.split('/').filter(|s| !s.is_empty()).collect();
    let key = segments.join("/");
    let folder = if key.is_empty() {
        "index.html".to_owned()
    } else {
        format!("{key}/index.html")
    };
    if decoded.ends_with('/') {
        return if exists(&folder) {
            Target::File(folder)
        } else {
            Target::NotFound
        };
    }
    if exists(&key) {
        Target::File(key)
    } else if exists(&folder) {
        Target::Redirect(format!("/{}/", raw_segments.join("/")))
    } else {
        Target::NotFound
    }
}

async fn page(State(shared): State<Arc<Shared>>, uri: Uri) -> Response {
    let snapshot = shared.snapshot();
    let target = resolve(uri.path(), |key| snapshot.files.contains_key(key));
    match target {
        Target::File(key) => {
            let body = &snapshot.files[&key];
            file_response(StatusCode::OK, &key, body, snapshot.build)
        }
        Target::Redirect(location) => Response::builder()
            .status(StatusCode::PERMANENT_REDIRECT)
            .header(header::LOCATION, location)
            .body(Body::empty())
            .unwrap_or_default(),
        Target::NotFound => match snapshot.files.get(crate::layout::NOT_FOUND_FILE) {
            Some(body) => file_response(
                StatusCode::NOT_FOUND,
                crate::layout::NOT_FOUND_FILE,
                body,
                snapshot.build,
            ),
            None => (StatusCode::NOT_FOUND, not_built(&snapshot)).into_response(),
        },
        Target::BadRequest => (StatusCode::BAD_REQUEST, "bad request path").into_response(),
    }
}

/// What a browser gets before a first good build.
fn not_built(snapshot: &super::Snapshot) -> axum::response::Html<String> {
    let error = snapshot
        .error
        .as_deref()
        .unwrap_or("the site is being built");
    axum::response::Html(format!(
        "<!doctype html><title>quire</title><script data-build=\"{}\" src=\"{}\"></script><pre>{}</pre>",
        snapshot.build,
        live::SCRIPT_PATH,
        crate::html::escape_html(error)
    ))
}

/// A file of the site as served; a page's live-reload tag says which
/// version of the site it came from.
fn file_response(status: StatusCode, key: &str, body: &[u8], build: u64) -> Response {
    let mime = mime_guess::from_path(key).first_or_octet_stream();
    let body = if key.ends_with(".html") {
        live::stamp(body, build)
    } else {
        body.to_vec()
    };
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(mime.as_ref()) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

async fn script() -> Response {
    let mut response = live::SCRIPT.into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/javascript; charset=utf-8"),
    );
    response
}

async fn socket(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    upgrade: WebSocketUpgrade,
) -> Response {
    // Build errors name draft files: only this server's pages may listen.
    if !same_origin(&headers) {
        return (
            StatusCode::FORBIDDEN,
            "the live-reload socket is for this server's own pages\n",
        )
            .into_response();
    }
    upgrade.on_upgrade(move |socket| talk(shared, socket))
}

/// Sends the current state, then every change, until the browser leaves.
async fn talk(shared: Arc<Shared>, mut socket: WebSocket) {
    let mut changes = shared.events.subscribe();
    // Read after subscribing: a change from now on is both in these and
    // in the events, never in neither.
    let (build, current) = {
        let snapshot = shared.snapshot();
        (snapshot.build, snapshot.error.clone())
    };
    let hello = live::Event::Hello { build }.to_json();
    if socket.send(Message::Text(hello.into())).await.is_err() {
        return;
    }
    if let Some(text) = current {
        let message = live::Event::Error { text }.to_json();
        if socket.send(Message::Text(message.into())).await.is_err() {
            return;
        }
    }
    loop {
        tokio::select! {
            change = changes.recv() => match change {
                Ok(event) => {
                    if socket.send(Message::Text(event.to_json().into())).await.is_err() {
                        return;
                    }
                }
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {
                    let ok = shared.snapshot().error.is_none();
                    let reload = live::Event::Reload { path: None, ok }.to_json();
                    if socket.send(Message::Text(reload.into())).await.is_err() {
                        return;
                    }
                }
                Err(_) => return,
            },
            incoming = socket.recv() => match incoming {
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => return,
                Some(Ok(_)) => {}
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(key: &str) -> bool {
        matches!(
            key,
            "index.html" | "guides/index.html" | "assets/style.css" | "caf\u{e9}/index.html"
        )
    }

    #[test]
    fn resolves_pages_files_and_folders() {
        assert_eq!(resolve("/", site), Target::File("index.html".into()));
        assert_eq!(
            resolve("/guides/", site),
            Target::File("guides/index.html".into())
        );
        assert_eq!(
            resolve("/guides", site),
            Target::Redirect("/guides/".into())
        );
        assert_eq!(
            resolve("/assets/style.css", site),
            Target::File("assets/style.css".into())
        );
        assert_eq!(
            resolve("/caf%C3%A9/", site),
            Target::File("caf\u{e9}/index.html".into())
        );
        assert_eq!(resolve("/missing/", site), Target::NotFound);
    }

    #[test]
    fn escapes_are_rejected() {
        for path in [
            "/../site.toml",
            "/%2e%2e/site.toml",
            "/guides/%2E%2E/%2E%2E/etc/passwd",
            "/..%2fsite.toml",
            "/%5c..%5csite.toml",
            "/a\\..\\b",
            "/%00",
            "/%ff",
            "/./index.html",
        ] {
            assert!(
                matches!(resolve(path, site), Target::BadRequest | Target::NotFound),
                "{path}"
            );
        }
        assert_eq!(resolve("//etc/passwd", site), Target::NotFound);
        assert_eq!(
            resolve("//guides", site),
            Target::Redirect("/guides/".into())
        );
    }

    #[test]
    fn only_local_hosts_are_answered() {
        let loopback: IpAddr = [127, 0, 0, 1].into();
        for host in [
            "127.0.0.1:1111",
            "localhost:1111",
            "LOCALHOST",
            "docs.localhost:8080",
            "[::1]:1111",
            "127.0.0.2",
        ] {
            assert!(allowed_host(host, loopback), "{host}");
        }
        for host in [
            "evil.example:1111",
            "127.0.0.1.nip.io:1111",
            "192.168.1.5:1111",
            "[::1",
            "",
        ] {
            assert!(!allowed_host(host, loopback), "{host}");
        }
        let all: IpAddr = [0, 0, 0, 0].into();
        assert!(allowed_host("192.168.1.5:1111", all));
        assert!(!allowed_host("evil.example", all));
    }
}
