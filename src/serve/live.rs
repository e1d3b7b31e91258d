//! Live reload: the script injected into served pages (never into `quire
//! build` output) and the messages sent to it over the WebSocket.

pub(crate) const SCRIPT_PATH: &str = "/__quire/live.js";
pub(crate) const SOCKET_PATH: &str = "/__quire/ws";

/// Added at the end of every served page's body.
pub(crate) fn script_tag() -> String {
    format!("<script src=\"{SCRIPT_PATH}\"></script>")
}

/// What the browser is told after a change.
#[derive(Debug, Clone)]
pub(crate) enum Event {
    /// New content is being served: update the page (only `path`, when
    /// given). `ok`: the site now builds without errors, so an error shown
    /// over the page is gone.
    Reload { path: Option<String>, ok: bool },
    /// Only stylesheets changed: swap each old URL for the new one.
    Css { swaps: Vec<(String, String)> },
    /// The last change broke the build: show it over the last good page.
    Error { text: String },
}

impl Event {
    pub(crate) fn to_json(&self) -> String {
        let value = match self {
            Event::Reload { path, ok } => {
                serde_json::json!({ "kind": "reload", "path": path, "ok": ok })
            }
            Event::Css { swaps } => serde_json::json!({ "kind": "css", "swaps": swaps }),
            Event::Error { text } => serde_json::json!({ "kind": "error", "text": text }),
        };
        value.to_string()
    }
}

/// Updates the page in place (or reloads it, keeping the scroll position
/// in the history entry), swaps stylesheets, and shows build errors over
/// the page.
pub(crate) const SCRIPT: &str = include_str!("live.js");
