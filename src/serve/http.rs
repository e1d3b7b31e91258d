//! HTTP: the in-memory site by path, the live-reload script and socket.
//! Paths are looked up in the map of built files, never on disk, so no
//! request can read anything outside the site.

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::{Shared, live};

pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route(live::SOCKET_PATH, get(socket))
        .route(live::SCRIPT_PATH, get(script))
        .fallback(page)
        .with_state(shared)
}

/// Where a request path points in the site, or why it cannot.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    /// A file key in the site map.
    File(String),
    /// A folder asked for without its trailing slash.
    Redirect(String),
    NotFound,
    BadRequest,
}

/// Resolves a raw (percent-encoded) request path against `exists`.
pub fn resolve(raw: &str, exists: impl Fn(&str) -> bool) -> Target {
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
        Target::Redirect(format!("{raw}/"))
    } else {
        Target::NotFound
    }
}

async fn page(State(shared): State<Arc<Shared>>, uri: Uri) -> Response {
    let snapshot = shared.snapshot();
    let target = resolve(uri.path(), |key| snapshot.files.contains_key(key));
    match target {
        Target::File(key) => {
            let body = snapshot.files[&key].clone();
            file_response(StatusCode::OK, &key, body)
        }
        Target::Redirect(location) => Response::builder()
            .status(StatusCode::PERMANENT_REDIRECT)
            .header(header::LOCATION, location)
            .body(Body::empty())
            .unwrap_or_default(),
        Target::NotFound => match snapshot.files.get("404.html") {
            Some(body) => file_response(StatusCode::NOT_FOUND, "404.html", body.clone()),
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
        "<!doctype html><title>quire</title><script src=\"{}\"></script><pre>{}</pre>",
        live::SCRIPT_PATH,
        crate::url::escape_html(error)
    ))
}

fn file_response(status: StatusCode, key: &str, body: Arc<[u8]>) -> Response {
    let mime = mime_guess::from_path(key).first_or_octet_stream();
    let mut response = Response::new(Body::from(body.to_vec()));
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

async fn socket(State(shared): State<Arc<Shared>>, upgrade: WebSocketUpgrade) -> Response {
    upgrade.on_upgrade(move |socket| talk(shared, socket))
}

/// Sends the current state, then every change, until the browser leaves.
async fn talk(shared: Arc<Shared>, mut socket: WebSocket) {
    let mut changes = shared.events.subscribe();
    let current = shared.snapshot().error.clone();
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
                    let reload = live::Event::Reload { path: None }.to_json();
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
    }
}
