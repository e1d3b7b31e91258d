//! Live reload: the script injected into served pages (never into `quire
//! build` output) and the messages sent to it over the WebSocket.

pub(crate) const SCRIPT_PATH: &str = "/__quire/live.js";
pub(crate) const SOCKET_PATH: &str = "/__quire/ws";

/// Added at the end of every served page's body.
pub(crate) fn script_tag() -> String {
    format!("<script src=\"{SCRIPT_PATH}\"></script>")
}

/// `page` as served from the site's `build`th version: its live-reload
/// tag says which, so that the script can tell, once it listens, whether
/// something changed while the page loaded. A page without the tag (a
/// theme that leaves out `body_end`) is served as it is.
pub(crate) fn stamp(page: &[u8], build: u64) -> Vec<u8> {
    let tag = script_tag();
    let Some(at) = memchr::memmem::rfind(page, tag.as_bytes()) else {
        return page.to_vec();
    };
    let split = at + "<script".len();
    let attribute = format!(" data-build=\"{build}\"");
    let mut stamped = Vec::with_capacity(page.len() + attribute.len());
    stamped.extend_from_slice(&page[..split]);
    stamped.extend_from_slice(attribute.as_bytes());
    stamped.extend_from_slice(&page[split..]);
    stamped
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
    /// Sent first on every socket: the version of the site served now,
    /// to compare with the one the page was served from.
    Hello { build: u64 },
}

impl Event {
    pub(crate) fn to_json(&self) -> String {
        let value = match self {
            Event::Reload { path, ok } => {
                serde_json::json!({ "kind": "reload", "path": path, "ok": ok })
            }
            Event::Css { swaps } => serde_json::json!({ "kind": "css", "swaps": swaps }),
            Event::Error { text } => serde_json::json!({ "kind": "error", "text": text }),
            // As text: JavaScript's numbers hold integers exactly only
            // up to 2^53.
            Event::Hello { build } => {
                serde_json::json!({ "kind": "hello", "build": build.to_string() })
            }
        };
        value.to_string()
    }
}

/// Updates the page in place (or reloads it, keeping the scroll position
/// in the history entry), swaps stylesheets, and shows build errors over
/// the page.
pub(crate) const SCRIPT: &str = include_str!("live.js");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_the_last_live_reload_tag_only() {
        let tag = script_tag();
        let page = format!("<body><pre>{tag}</pre><p>x</p>{tag}</body>");
        let stamped = String::from_utf8(stamp(page.as_bytes(), 7)).expect("utf-8");
        assert_eq!(
            stamped,
            format!(
                "<body><pre>{tag}</pre><p>x</p><script data-build=\"7\" src=\"{SCRIPT_PATH}\"></script></body>"
            )
        );
        assert_eq!(stamp(b"<p>no tag</p>", 7), b"<p>no tag</p>");
    }
}
