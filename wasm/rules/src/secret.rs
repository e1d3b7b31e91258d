//! The Client Secret Value: never the Secret ID, never the masked hint.

use crate::clean;
use crate::guid;
use crate::report::{Finding, Report};
use crate::url::slice;

const SECRET_CHARS: fn(char) -> bool =
    |c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '~' | '-');

fn percent_decode(value: &str) -> Option<String> {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    let mut decoded = false;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push(h * 16 + l);
            i += 3;
            decoded = true;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    if decoded {
        String::from_utf8(out).ok()
    } else {
        None
    }
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

fn is_base64(value: &str) -> bool {
    let body = value.trim_end_matches('=');
    value.len() - body.len() <= 2
        && value.len().is_multiple_of(4)
        && !body.is_empty()
        && body
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '/')
}

const WHERE: &str = "In the Azure portal, open your app > Certificates & secrets > Client secrets.";

/// Checks the secret. Messages never repeat the secret itself.
pub(crate) fn check(value: &str, report: &mut Report) -> bool {
    let Some(secret) = plain_value(value, report) else {
        return false;
    };
    if let Some(finding) = damage(&secret) {
        report.push(finding);
        return false;
    }
    if !known_format(&secret, report) {
        return false;
    }
    report.normalized = secret;
    true
}

/// The value as the portal shows it: not the masked hint, not the Secret
/// ID, in ASCII, percent-decoded (with a warning) if it was encoded.
fn plain_value(value: &str, report: &mut Report) -> Option<String> {
    if clean::is_masked(value) {
        report.push(Finding::error(
            "client_secret.masked",
            format!("That is the masked secret the portal shows after you leave the page, not the secret. The portal shows the value only once: create a new secret and copy its Value at once. {WHERE}"),
        ));
        return None;
    }
    if !clean::check_ascii(value, report) {
        return None;
    }
    if guid::as_guid(value).is_some() {
        report.push(Finding::error(
            "client_secret.is_secret_id",
            format!("That is the Secret ID. Copy the Value column instead — it is shown only right after you create the secret; if you cannot see it, create a new secret. {WHERE}"),
        ));
        return None;
    }
    if value.contains('%')
        && let Some(decoded) = percent_decode(value)
    {
        report.push(Finding::warning(
            "client_secret.percent_encoded",
            // Never a quote of the secret, not even of one `%XX` code.
            "The value is URL-encoded: it has %-codes where the portal shows characters such as ~. Use the decoded value, or paste the raw Value from the portal.",
        ));
        return clean::check_ascii(&decoded, report).then_some(decoded);
    }
    Some(value.to_owned())
}

/// A value cut short, with a space or a control character in it, or of a
/// length no secret has.
fn damage(secret: &str) -> Option<Finding> {
    if secret.len() == 3 {
        return Some(Finding::error(
            "client_secret.hint",
            format!(
                "That is only the first three characters the portal shows as a hint. The full value is shown only once: create a new secret and copy its Value. {WHERE}"
            ),
        ));
    }
    if secret.contains(' ') {
        return Some(Finding::error(
            "client_secret.space",
            "The value has a space inside it. Secrets have none: copy it again with the portal's copy button.",
        ));
    }
    if let Some((i, c)) = secret
        .chars()
        .enumerate()
        .find(|(_, c)| c.is_ascii_control())
    {
        return Some(Finding::error(
            "client_secret.control",
            format!(
                "Character {} is an invisible control character (U+{:04X}). Copy the value again.",
                i + 1,
                u32::from(c)
            ),
        ));
    }
    (!(16..=64).contains(&secret.len())).then(|| {
        Finding::error(
            "client_secret.length",
            format!("A client secret has 16 to 64 characters; this has {}. Copy the whole Value. {WHERE}", secret.len()),
        )
    })
}

/// The secret's format: today's (`abc8Q~…`, whose length is known), an
/// older one, or an unfamiliar one. False when it cannot be a secret.
fn known_format(secret: &str, report: &mut Report) -> bool {
    let current = secret.len() > 6
        && secret.is_char_boundary(6)
        && slice(secret, ..3).chars().all(SECRET_CHARS)
        && secret.as_bytes()[3].is_ascii_digit()
        && slice(secret, 4..6) == "Q~";
    if current {
        return current_format(secret, report);
    }
    if secret.len() == 32 || secret.len() == 34 || is_base64(secret) {
        report.push(Finding::info(
            "client_secret.older_format",
            "This is an older kind of secret. It still works until it expires: check its expiry date under Certificates & secrets.",
        ));
        report.summary = Some("Looks like a client secret Value.".to_owned());
    } else {
        report.push(Finding::warning(
            "client_secret.unrecognised",
            "Unrecognised format. Make sure you copied the Value column, not the Secret ID or the description.",
        ));
    }
    true
}

/// A secret of today's format: its characters, and its length by version.
fn current_format(secret: &str, report: &mut Report) -> bool {
    let version = secret.as_bytes()[3] - b'0';
    let expected = match version {
        8 => Some(40),
        7 => Some(37),
        _ => None,
    };
    if !slice(secret, 6..).chars().all(SECRET_CHARS) {
        report.push(Finding::error(
            "client_secret.bad_chars",
            "The value has characters a secret of this kind never has. Copy it again with the portal's copy button.",
        ));
        return false;
    }
    match expected {
        Some(n) if n != secret.len() => {
            report.push(Finding::error(
                "client_secret.truncated",
                format!("The value looks cut off: secrets of this kind have {n} characters, this has {}. Copy the whole Value again (or create a new secret).", secret.len()),
            ));
            return false;
        }
        Some(_) => report.summary = Some("Looks like a client secret Value.".to_owned()),
        None => report.push(Finding::warning(
            "client_secret.unknown_version",
            "The value has an unfamiliar format. Make sure it is the Value column, not the Secret ID.",
        )),
    }
    true
}
