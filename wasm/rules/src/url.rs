//! A small URL splitter for the shapes readers paste: enough to find the
//! scheme, host, port, path, query and fragment without a URL crate.

/// A URL split into its parts, leniently: readers paste all sorts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Url {
    /// Lower case; `None` when the reader left it out.
    pub scheme: Option<String>,
    /// Lower case.
    pub host: String,
    /// The port, if written.
    pub port: Option<String>,
    /// Starts with `/` when not empty.
    pub path: String,
    /// The part after `?`.
    pub query: Option<String>,
    /// The part after `#`.
    pub fragment: Option<String>,
    /// Something before `@` in the authority.
    pub userinfo: bool,
}

/// The text between two byte offsets, or nothing: never panics.
pub(crate) fn slice(text: &str, range: impl std::slice::SliceIndex<str, Output = str>) -> &str {
    text.get(range).unwrap_or_default()
}

/// Where `needle` first occurs in `haystack` (a small search: this code
/// ships in the widget, where every kilobyte counts).
pub(crate) fn find(haystack: &str, needle: &str) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|w| w == needle.as_bytes())
}

/// What follows the scheme and the authority (`/path?query#fragment`),
/// exactly as written.
pub(crate) fn after_authority(value: &str) -> &str {
    let start = find(value, "://").map_or(0, |i| i + 3);
    let rest = slice(value, start..);
    let end = rest
        .bytes()
        .position(|b| matches!(b, b'/' | b'?' | b'#'))
        .unwrap_or(rest.len());
    slice(rest, end..)
}

pub(crate) fn parse(value: &str) -> Url {
    let (scheme, rest) = match find(value, "://") {
        Some(i)
            if slice(value, ..i)
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')) =>
        {
            (
                Some(slice(value, ..i).to_ascii_lowercase()),
                slice(value, i + 3..),
            )
        }
        _ => (None, value),
    };
    let (rest, fragment) = match rest.split_once('#') {
        Some((r, f)) => (r, Some(f.to_owned())),
        None => (rest, None),
    };
    let (rest, query) = match rest.split_once('?') {
        Some((r, q)) => (r, Some(q.to_owned())),
        None => (rest, None),
    };
    let (authority, path) = match rest.find('/') {
        Some(i) => (slice(rest, ..i), slice(rest, i..).to_owned()),
        None => (rest, String::new()),
    };
    let (userinfo, authority) = match authority.rsplit_once('@') {
        Some((_, host)) => (true, host),
        None => (false, authority),
    };
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) => (h, Some(p.to_owned())),
        None => (authority, None),
    };
    Url {
        scheme,
        host: host.to_ascii_lowercase(),
        port,
        path,
        query,
        fragment,
        userinfo,
    }
}

/// A part of a value to quote in a message: as written, unless a query or
/// fragment in it names a credential (`client_secret=…`, `password=…`),
/// which is shown as `?…` so that no secret is ever quoted.
pub(crate) fn shown(part: &str) -> String {
    let lower = part.to_ascii_lowercase();
    let risky = [
        "secret",
        "password",
        "passwd",
        "key=",
        "token=",
        "assertion",
        "sig=",
        "code=",
    ]
    .iter()
    .any(|word| find(&lower, word).is_some());
    match part.bytes().position(|b| matches!(b, b'?' | b'#')) {
        Some(at) if risky => {
            let mut out = slice(part, ..=at).to_owned();
            out.push('…');
            out
        }
        _ => part.to_owned(),
    }
}

/// DNS label rules: 1–63 letters, digits and hyphens, no hyphen at the ends.
pub(crate) fn is_dns_label(label: &str) -> bool {
    !label.is_empty()
        && label.len() <= 63
        && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !label.starts_with('-')
        && !label.ends_with('-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_urls() {
        let u = parse("HTTPS://Contoso.CRM.dynamics.com:443/main.aspx?appid=1#x");
        assert_eq!(u.scheme.as_deref(), Some("https"));
        assert_eq!(u.host, "contoso.crm.dynamics.com");
        assert_eq!(u.port.as_deref(), Some("443"));
        assert_eq!(u.path, "/main.aspx");
        assert_eq!(u.query.as_deref(), Some("appid=1"));
        assert_eq!(u.fragment.as_deref(), Some("x"));
        let u = parse("contoso.crm.dynamics.com");
        assert_eq!(u.scheme, None);
        assert_eq!(u.host, "contoso.crm.dynamics.com");
        assert_eq!(u.path, "");
    }
}
