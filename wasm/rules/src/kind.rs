//! Field kinds a site's own presets are made of, without Rust: a GUID, a
//! URL on given hosts and paths, a secret of a given length and alphabet,
//! and a value composed from other fields. Every kind gets the same
//! copy-paste cleanup, Unicode and mask checks as the built-in rules.
//!
//! The build writes a kind into the page as a few `key value` lines
//! ([`Custom::encode`]); the widget reads them back ([`Custom::decode`]).

use crate::clean;
use crate::cloud::check_scheme_and_port;
use crate::guid;
use crate::report::{Finding, Report};
use crate::url;

/// What a trailing `/` on a URL becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Slash {
    /// Kept or left out, as written.
    #[default]
    Keep,
    /// Removed, with a warning.
    Remove,
    /// Added, with a warning.
    Require,
}

/// The characters a secret may have.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Alphabet {
    /// Any printable ASCII character but a space.
    #[default]
    Any,
    /// Letters and digits.
    Alphanumeric,
    /// Hex digits.
    Hex,
    /// Letters, digits, `+`, `/` and `=` padding.
    Base64,
    /// Letters, digits, `-` and `_`.
    Base64Url,
    /// Letters, digits and these characters.
    Chars(String),
}

impl Alphabet {
    fn allows(&self, c: char) -> bool {
        match self {
            Alphabet::Any => c.is_ascii_graphic(),
            Alphabet::Alphanumeric => c.is_ascii_alphanumeric(),
            Alphabet::Hex => c.is_ascii_hexdigit(),
            Alphabet::Base64 => c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '='),
            Alphabet::Base64Url => c.is_ascii_alphanumeric() || matches!(c, '-' | '_'),
            Alphabet::Chars(chars) => c.is_ascii_alphanumeric() || chars.chars().any(|a| a == c),
        }
    }

    /// Its name in a preset file.
    pub fn name(&self) -> &str {
        match self {
            Alphabet::Any => "any",
            Alphabet::Alphanumeric => "alphanumeric",
            Alphabet::Hex => "hex",
            Alphabet::Base64 => "base64",
            Alphabet::Base64Url => "base64url",
            Alphabet::Chars(chars) => chars,
        }
    }

    /// The alphabet a preset file names: one of the names above, or the
    /// characters allowed besides letters and digits.
    pub fn from_name(name: &str) -> Alphabet {
        match name {
            "any" => Alphabet::Any,
            "alphanumeric" => Alphabet::Alphanumeric,
            "hex" => Alphabet::Hex,
            "base64" => Alphabet::Base64,
            "base64url" => Alphabet::Base64Url,
            chars => Alphabet::Chars(chars.to_owned()),
        }
    }

    fn describe(&self) -> String {
        match self {
            Alphabet::Any => "printable characters".to_owned(),
            Alphabet::Alphanumeric => "letters and digits".to_owned(),
            Alphabet::Hex => "the hex digits 0-9 and a-f".to_owned(),
            Alphabet::Base64 => "letters, digits, `+`, `/` and `=`".to_owned(),
            Alphabet::Base64Url => "letters, digits, `-` and `_`".to_owned(),
            Alphabet::Chars(chars) => format!("letters, digits and `{chars}`"),
        }
    }
}

/// What a field of a site's own preset is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// A GUID: `8-4-4-4-12` hex digits.
    Guid,
    /// An https address.
    Url {
        /// Allowed hosts; `*.example.com` stands for any name under
        /// example.com. Empty: any host.
        hosts: Vec<String>,
        /// Allowed paths; `/api/*` stands for any path under /api/.
        /// Empty: any path.
        paths: Vec<String>,
        /// What a trailing `/` becomes.
        slash: Slash,
    },
    /// A secret or a key.
    Secret {
        /// The fewest characters it has.
        min: usize,
        /// The most characters it has.
        max: usize,
        /// Its characters.
        alphabet: Alphabet,
        /// Whether a GUID-shaped value is right (otherwise it is an ID
        /// pasted instead).
        guid: bool,
    },
    /// Made from other fields: `{api_url}/oauth/token`.
    Composed {
        /// The text, with `{field_id}` for each field's value.
        template: String,
    },
}

/// A field kind with the messages a preset gives its findings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Custom {
    /// What the field is.
    pub kind: Kind,
    /// (finding code, message): the preset's words for a finding.
    pub messages: Vec<(String, String)>,
}

/// The finding codes each kind can give, for preset files' `messages`.
pub const CODES: &[(&str, &[&str])] = &[
    (
        "guid",
        &[
            "guid.braces",
            "guid.no_hyphens",
            "guid.placeholder",
            "guid.nil",
            "guid.not_guid",
        ],
    ),
    (
        "url",
        &[
            "url.http",
            "url.no_scheme",
            "url.port",
            "url.no_host",
            "url.host",
            "url.no_path",
            "url.path",
            "url.extra",
            "url.trailing_slash",
        ],
    ),
    (
        "secret",
        &[
            "secret.masked",
            "secret.is_guid",
            "secret.space",
            "secret.control",
            "secret.length",
            "secret.alphabet",
        ],
    ),
    ("composed", &["composed.differs", "composed.waiting"]),
];

impl Custom {
    /// The kind as the page carries it.
    pub fn encode(&self) -> String {
        let mut out = String::new();
        let mut line = |key: &str, value: &str| {
            out.push_str(key);
            out.push(' ');
            // One line per entry: a line break in a message is a space.
            out.extend(
                value
                    .chars()
                    .map(|c| if c == '\n' || c == '\r' { ' ' } else { c }),
            );
            out.push('\n');
        };
        match &self.kind {
            Kind::Guid => line("kind", "guid"),
            Kind::Url {
                hosts,
                paths,
                slash,
            } => {
                line("kind", "url");
                hosts.iter().for_each(|h| line("host", h));
                paths.iter().for_each(|p| line("path", p));
                match slash {
                    Slash::Keep => {}
                    Slash::Remove => line("slash", "remove"),
                    Slash::Require => line("slash", "require"),
                }
            }
            Kind::Secret {
                min,
                max,
                alphabet,
                guid,
            } => {
                line("kind", "secret");
                line("min", &min.to_string());
                line("max", &max.to_string());
                line("alphabet", alphabet.name());
                if *guid {
                    line("guid", "yes");
                }
            }
            Kind::Composed { template } => {
                line("kind", "composed");
                line("template", template);
            }
        }
        for (code, message) in &self.messages {
            line("message", &format!("{code} {message}"));
        }
        out
    }

    /// Reads what [`Custom::encode`] wrote; `None` when it is not that.
    pub fn decode(text: &str) -> Option<Custom> {
        let mut kind = None;
        let mut hosts = Vec::new();
        let mut paths = Vec::new();
        let mut slash = Slash::Keep;
        let (mut min, mut max) = (1, 4096);
        let mut alphabet = Alphabet::Any;
        let mut guid_ok = false;
        let mut template = String::new();
        let mut messages = Vec::new();
        for line in text.lines() {
            let (key, value) = line.split_once(' ').unwrap_or((line, ""));
            match key {
                "kind" => kind = Some(value.to_owned()),
                "host" => hosts.push(value.to_owned()),
                "path" => paths.push(value.to_owned()),
                "slash" => {
                    slash = if value == "require" {
                        Slash::Require
                    } else {
                        Slash::Remove
                    }
                }
                "min" => min = value.parse().ok()?,
                "max" => max = value.parse().ok()?,
                "alphabet" => alphabet = Alphabet::from_name(value),
                "guid" => guid_ok = true,
                "template" => template = value.to_owned(),
                "message" => {
                    let (code, message) = value.split_once(' ')?;
                    messages.push((code.to_owned(), message.to_owned()));
                }
                _ => return None,
            }
        }
        let kind = match kind?.as_str() {
            "guid" => Kind::Guid,
            "url" => Kind::Url {
                hosts,
                paths,
                slash,
            },
            "secret" => Kind::Secret {
                min,
                max,
                alphabet,
                guid: guid_ok,
            },
            "composed" => Kind::Composed { template },
            _ => return None,
        };
        Some(Custom { kind, messages })
    }

    /// Whether the field's value is a secret's: it is checked for masks
    /// before anything else.
    pub(crate) fn is_secret(&self) -> bool {
        matches!(self.kind, Kind::Secret { .. })
    }

    /// Checks a cleaned value; `composed` is what a composed field's
    /// template gives now, when every field it names has a value.
    pub(crate) fn check(&self, value: &str, composed: Option<&str>, report: &mut Report) {
        match &self.kind {
            Kind::Guid => check_guid(value, report),
            Kind::Url {
                hosts,
                paths,
                slash,
            } => check_url(value, hosts, paths, *slash, report),
            Kind::Secret {
                min,
                max,
                alphabet,
                guid,
            } => check_secret(value, *min, *max, alphabet, *guid, report),
            Kind::Composed { .. } => {
                if let Some(composed) = composed
                    && composed != value
                {
                    report.push(Finding::warning(
                        "composed.differs",
                        format!("Change this to `{composed}`: it is made from the values above."),
                    ));
                    report.normalized = composed.to_owned();
                } else if composed.is_some() {
                    report.summary = Some("Made from the values above.".to_owned());
                } else {
                    report.push(Finding::info(
                        "composed.waiting",
                        "Checked against the values it is made from once they are in and right.",
                    ));
                }
            }
        }
        self.reword(report);
    }

    /// Puts the preset's own words on its findings.
    pub(crate) fn reword(&self, report: &mut Report) {
        for finding in &mut report.findings {
            if let Some((_, message)) = self.messages.iter().find(|(code, _)| code == finding.code)
            {
                finding.message = message.clone();
            }
        }
    }
}

/// The value of a template: each `{field}` replaced by `value(field)`.
/// `None` while a field it names has no usable value.
pub fn compose(template: &str, value: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    let mut out = String::new();
    let mut rest = template;
    while let Some(open) = rest.bytes().position(|b| b == b'{') {
        out.push_str(url::slice(rest, ..open));
        let after = url::slice(rest, open + 1..);
        let close = after.bytes().position(|b| b == b'}')?;
        let inserted = value(url::slice(after, ..close))?;
        rest = url::slice(after, close + 1..);
        // `{api_url}/token` with an address that ends in `/`: one slash.
        let inserted = if rest.starts_with('/') {
            inserted.trim_end_matches('/')
        } else {
            &inserted
        };
        out.push_str(inserted);
    }
    out.push_str(rest);
    Some(out)
}

/// The field ids a template names.
pub fn template_fields(template: &str) -> Vec<&str> {
    let mut ids = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.bytes().position(|b| b == b'{') {
        let after = url::slice(rest, open + 1..);
        let Some(close) = after.bytes().position(|b| b == b'}') else {
            break;
        };
        ids.push(url::slice(after, ..close));
        rest = url::slice(after, close + 1..);
    }
    ids
}

fn check_guid(value: &str, report: &mut Report) {
    let normalized = if let Some(id) = guid::read(value, ["guid.braces", "guid.no_hyphens"], report)
    {
        id
    } else if guid::is_placeholder(value) {
        report.push(Finding::error(
            "guid.placeholder",
            format!("`{value}` is a placeholder: put your own ID there."),
        ));
        return;
    } else {
        report.push(Finding::error(
            "guid.not_guid",
            "This ID is a GUID: 32 hex digits in groups of 8-4-4-4-12.",
        ));
        return;
    };
    if guid::is_nil(&normalized) {
        report.push(Finding::error(
            "guid.nil",
            "That is the all-zero ID, a placeholder: put your own ID there.",
        ));
        return;
    }
    report.normalized = normalized;
    report.summary = Some("Looks like an ID of the right shape.".to_owned());
}

/// Whether `host` matches `pattern`: exactly, or `*.rest` for any name
/// under `rest`.
pub fn host_matches(pattern: &str, host: &str) -> bool {
    let pattern = pattern.to_ascii_lowercase();
    match pattern.strip_prefix("*.") {
        Some(rest) => {
            host.len() > rest.len() + 1
                && host.ends_with(rest)
                && host.as_bytes()[host.len() - rest.len() - 1] == b'.'
                && url::slice(host, ..host.len() - rest.len() - 1)
                    .split('.')
                    .all(url::is_dns_label)
        }
        None => pattern == host,
    }
}

fn path_matches(pattern: &str, path: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => {
            path.starts_with(prefix) || path.trim_end_matches('/') == prefix.trim_end_matches('/')
        }
        None => pattern.trim_end_matches('/') == path.trim_end_matches('/'),
    }
}

fn check_url(value: &str, hosts: &[String], paths: &[String], slash: Slash, report: &mut Report) {
    let u = url::parse(value);
    if !check_scheme_and_port(&u, ["url.http", "url.no_scheme", "url.port"], report) {
        return;
    }
    if u.host.is_empty() || !u.host.split('.').all(url::is_dns_label) {
        report.push(Finding::error(
            "url.no_host",
            "There is no host name here: the address looks like https://example.com/….",
        ));
        return;
    }
    if !hosts.is_empty() && !hosts.iter().any(|h| host_matches(h, &u.host)) {
        // A loop, not `join`: the widget stays small.
        let mut like = String::new();
        for host in hosts {
            if !like.is_empty() {
                like.push_str(" or ");
            }
            like.push_str(&host.replacen('*', "yourname", 1));
        }
        report.push(Finding::error(
            "url.host",
            format!(
                "`{}` is not an address of this app: those look like {like}.",
                u.host
            ),
        ));
        return;
    }
    let mut path = u.path.clone();
    if !paths.is_empty() && !paths.iter().any(|p| path_matches(p, &path)) {
        let only = paths.iter().find(|p| !p.ends_with('*'));
        match only {
            Some(only) if path.is_empty() || path == "/" => {
                report.push(Finding::warning(
                    "url.no_path",
                    format!("Add `{only}` at the end."),
                ));
                path = only.clone();
            }
            _ => {
                let offer = only
                    .map(|p| format!(" Use: https://{}{p}", u.host))
                    .unwrap_or_default();
                report.push(Finding::error(
                    "url.path",
                    format!(
                        "The address has the path `{}`, which this app does not use.{offer}",
                        u.path
                    ),
                ));
                return;
            }
        }
    }
    if u.query.is_some() || u.fragment.is_some() {
        let rest = url::after_authority(value);
        let at = rest
            .bytes()
            .position(|b| matches!(b, b'?' | b'#'))
            .unwrap_or(rest.len());
        report.push(Finding::warning(
            "url.extra",
            format!(
                "Remove `{}` at the end.",
                url::shown(url::slice(rest, at..))
            ),
        ));
    }
    match slash {
        Slash::Remove if path.ends_with('/') => {
            report.push(Finding::warning(
                "url.trailing_slash",
                "Remove the `/` at the end.",
            ));
            path = path.trim_end_matches('/').to_owned();
        }
        Slash::Require if !path.ends_with('/') => {
            report.push(Finding::warning(
                "url.trailing_slash",
                "Add a `/` at the end.",
            ));
            path.push('/');
        }
        _ => {}
    }
    report.normalized = format!("https://{}{path}", u.host);
    report.summary = Some(format!("An address on {}.", u.host));
}

fn check_secret(
    value: &str,
    min: usize,
    max: usize,
    alphabet: &Alphabet,
    guid_ok: bool,
    report: &mut Report,
) {
    if crate::clean::is_masked(value) {
        report.push(Finding::error(
            "secret.masked",
            "That is a masked value, as pages show a secret after it was created, not the secret itself. Copy the value where it is shown in full, or create a new one.",
        ));
        return;
    }
    if !clean::check_ascii(value, report) {
        return;
    }
    // Hyphens or braces: 32 bare hex digits may well be a secret.
    if !guid_ok && (guid::is_guid(value) || guid::unwrap_braces(value).is_some()) {
        report.push(Finding::error(
            "secret.is_guid",
            "That is shaped like an ID (a GUID), not like this secret. Copy the secret's value, not its ID.",
        ));
        return;
    }
    if value.contains(' ') {
        report.push(Finding::error(
            "secret.space",
            "The value has a space inside it. Copy it again, with the page's copy button if it has one.",
        ));
        return;
    }
    if let Some((i, _)) = value
        .chars()
        .enumerate()
        .find(|(_, c)| c.is_ascii_control())
    {
        report.push(Finding::error(
            "secret.control",
            format!(
                "Character {} is an invisible control character. Copy the value again.",
                i + 1
            ),
        ));
        return;
    }
    let n = value.len();
    if n < min || n > max {
        let expected = if min == max {
            format!("{min}")
        } else {
            format!("{min} to {max}")
        };
        report.push(Finding::error(
            "secret.length",
            format!(
                "This value has {n} characters, and these have {expected}. Copy the whole value."
            ),
        ));
        return;
    }
    if let Some((i, _)) = value
        .chars()
        .enumerate()
        .find(|(_, c)| !alphabet.allows(*c))
    {
        // The character itself is not quoted: it is part of a secret.
        report.push(Finding::error(
            "secret.alphabet",
            format!("Character {} is not one these values have: they have only {}. Copy the value again.", i + 1, alphabet.describe()),
        ));
        return;
    }
    report.normalized = value.to_owned();
    report.summary = Some("Has the shape of the right value.".to_owned());
}
